/*
 * The activity log's checks as pure code (no database), so the rules
 * that find an edited, inserted or deleted entry can be tested alone:
 * the chain of the entries written before sealing existed (each holds
 * its predecessor's hash), and the seals that the "activity.seal" job
 * writes over the entries since.  core/activity/activity.c feeds the
 * tables through them in id order; atriumctl verify-log prints what
 * they report.
 */
#ifndef ATRIUM_ACTIVITY_LOG_H
#define ATRIUM_ACTIVITY_LOG_H

#include <sodium.h>

/* The prev_hash of the first entry. */
#define ACT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* One stored entry, every column as the text the table holds. */
struct act_entry {
	long long	 id;
	const char	*at;		/* "YYYY-MM-DD HH:MM:SS" UTC */
	const char	*user;		/* user id, "0" for none */
	const char	*client;	/* client id, "0" for none */
	const char	*ip;
	const char	*action;
	const char	*object;
	const char	*object_id;
	const char	*summary;
	const char	*visible;	/* "0" or "1" */
	const char	*prev_hash;
	const char	*hash;
};

/*
 * The state of a walk over the log.  Fill it with act_check_init(),
 * give it every entry in id order with act_check_entry(), finish with
 * act_check_end().  Findings go to out as one line each, naming the
 * entries by id.
 */
struct act_check {
	void		(*out)(const char *, void *);
	void		*arg;
	long long	 n;		/* entries seen */
	int		 problems;
	/* The last two entries seen: id and stored hash. */
	long long	 id1, id2;
	char		 hash1[65], hash2[65];
	/* A broken link at entry id1, held back one entry. */
	int		 pending;
	long long	 pending_prev;	/* id before it (0: none) */
};

void	 act_check_init(struct act_check *,
	    void (*)(const char *, void *), void *);
void	 act_check_entry(struct act_check *,
	    const struct act_entry *);
/* Reports what is still held back and the head; returns the problems. */
int	 act_check_end(struct act_check *);

/* Whether the entry's hash matches its content and prev_hash. */
int	 act_entry_ok(const struct act_entry *);

/*
 * The hash of an entry (hex into out[65]): prev ("" for an entry written
 * since sealing), then at, user, client, ip, action, object, object id,
 * summary, visible (see core/activity/activity.c).
 */
void	 act_hash(char out[65], const char *prev, const char *at,
	    const char *user, const char *client, const char *ip,
	    const char *action, const char *object, const char *object_id,
	    const char *summary, const char *visible);

/*
 * Seals.  A seal covers the entries with ids in (the previous seal's
 * last_id, its last_id]; its hash is the SHA-256 (hex) of the previous
 * seal's hash (ACT_GENESIS for the first), then "<first_id>\n<last_id>\n",
 * then "<id>:<hash>\n" for each entry it covers, in id order.
 */
struct act_seal {
	long long	 id;
	long long	 first_id, last_id;
	long long	 entries;
	const char	*prev_hash;
	const char	*hash;
};

/* A seal's hash being computed: act_seal_begin, _add per entry, _end. */
struct act_seal_hash {
	crypto_hash_sha256_state st;
	long long	 n;
};
void	 act_seal_begin(struct act_seal_hash *, const char *prev,
	    long long first_id, long long last_id);
void	 act_seal_add(struct act_seal_hash *, long long id, const char *hash);
void	 act_seal_end(struct act_seal_hash *, char out[65]);

/*
 * Checking entries against the seals: act_seals_init, then for each
 * entry in id order act_seals_entry (with the seals in id order given
 * through next, which returns 0 and fills the seal, or -1 at the end;
 * strings must stay valid until the next call), then act_seals_end.
 * Reports a broken link between seals, and for each seal whose entries
 * do not hash to it whether entries were deleted, added or edited.
 */
struct act_seals {
	void		(*out)(const char *, void *);
	void		*arg;
	int		(*next)(struct act_seal *, void *);
	void		*next_arg;
	int		 problems;
	int		 have;		/* cur holds a seal */
	int		 done;		/* no seal left */
	struct act_seal	 cur;
	char		 cur_prev[65], cur_hash[65];
	char		 last_hash[65];	/* the last seal's stored hash */
	long long	 nseals;
	long long	 sealed;	/* entries covered by seals */
	long long	 unsealed;	/* entries after the last seal */
	struct act_seal_hash h;
};
void	 act_seals_init(struct act_seals *, void (*out)(const char *, void *),
	    void *arg, int (*next)(struct act_seal *, void *), void *next_arg);
void	 act_seals_entry(struct act_seals *, long long id, const char *hash);
/* Reports what is left; returns the problems found. */
int	 act_seals_end(struct act_seals *);

#endif
