/*
 * The activity log's hash chain as pure code (no database), so the rules
 * that find an edited, inserted or deleted entry can be tested alone.
 * activity.c feeds the table through it in id order; atriumctl
 * verify-log prints what it reports.
 */
#ifndef ATRIUM_HUB_ACTIVITY_H
#define ATRIUM_HUB_ACTIVITY_H

/* The prev_hash of the first entry. */
#define HUB_ACT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* One stored entry, every column as the text the table holds. */
struct hub_act_entry {
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
 * The state of a walk over the log.  Fill it with hub_act_check_init(),
 * give it every entry in id order with hub_act_check_entry(), finish with
 * hub_act_check_end().  Findings go to out as one line each, naming the
 * entries by id.
 */
struct hub_act_check {
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

void	 hub_act_check_init(struct hub_act_check *,
	    void (*)(const char *, void *), void *);
void	 hub_act_check_entry(struct hub_act_check *,
	    const struct hub_act_entry *);
/* Reports what is still held back and the head; returns the problems. */
int	 hub_act_check_end(struct hub_act_check *);

/* Whether the entry's hash matches its content and prev_hash. */
int	 hub_act_entry_ok(const struct hub_act_entry *);

#endif
