/*
 * The activity log (include/atrium/activity.h), a core service: the
 * append, the seals, the verifier and the per-client data versions.
 * The pages that show the log are the hub's activity module's.
 *
 * Canonical content.  An entry's hash is the SHA-256, as 64 lowercase hex
 * digits, of its prev_hash (empty for entries written since sealing came,
 * which store NULL there; 64 hex digits for the older, chained ones)
 * followed by every other column in this fixed order, each written as
 * "<byte length in decimal>:<bytes>\n":
 *
 *	at (YYYY-MM-DD HH:MM:SS, UTC), user_id (0 for none), client_id (0
 *	for none), ip, action, object, object_id, summary, visible (0 or 1)
 *
 * The length prefix makes the serialisation unambiguous: no two different
 * entries serialise alike, whatever bytes their text holds.
 *
 * Appending.  at_activity() is one INSERT of a row that carries its own
 * hash: it reads nothing, so it takes no lock another request waits on
 * (with innodb_autoinc_lock_mode = 2, not even the table's AUTO-INC
 * lock; install/lib.sh and docs/admin.md).  It runs on the caller's
 * connection inside the caller's transaction and never opens one of its
 * own; when it fails, the request is marked (at_activity_failed) and the
 * request's transaction is rolled back (core/serve.c), so a change is
 * never kept without its entry.  A view ("view") by a signed-in person
 * carries once_key "view:USER:OBJECT:ID:WINDOW" (WINDOW: the time
 * divided by the view window, ACT_VIEW_WINDOW seconds): the key is
 * unique and the insert ignores a duplicate, so repeated views of one
 * item by one person in one window are one entry, still without a read.
 * A worker remembers the views it wrote in the window (act_seen) and
 * does not send a repeated one at all.
 *
 * Sealing.  The "activity.seal" job (every run of "atriumctl jobs run",
 * one runner at a time across hosts) takes the entries after the last
 * seal, up to the newest one written at least ACT_SEAL_GRACE seconds ago
 * (so a transaction still open when the job runs is not passed over),
 * and writes a seal over them into activity_seals: first and last id,
 * the count, the previous seal's hash and a hash over every covered
 * entry's id and hash (activity/log.h).  prev_hash is unique there, so
 * two sealers cannot fork the seal chain.
 *
 * What verify-log proves (docs/hub.md says the same to admins).  For a
 * sealed entry: that it is exactly as sealed; an edited entry (even
 * re-hashed), a deleted one or one added to a sealed range is found and
 * its seal named.  For an entry not yet sealed (the last minute or two):
 * only that its content matches its own hash, which finds an edit made
 * without recomputing the hash; an edit that recomputes it, a deleted
 * unsealed entry or an added one cannot be told from honest entries until
 * sealed.  Removing the newest seals with their entries leaves no break:
 * the last seal's hash is printed so an admin can keep it elsewhere.
 * Entries written before sealing came keep their chain (prev_hash) and
 * are checked by it as before, and the first seal covers them too.
 *
 * Data versions.  Every entry that records a change (any action but a
 * view or a download) also adds one to its client's row of
 * data_versions (client 0: none), in the same transaction: the
 * dashboards' caches are keyed by it (core/plugin/extend.c).
 *
 * Append-only.  Nothing in Atrium updates or deletes an activity row or a
 * seal: there is no such statement in the code, and none may be added.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core.h"
#include "activity/log.h"

#define ACT_VIEW_WINDOW	1800	/* seconds in which views count once */
#define ACT_SEAL_GRACE	60	/* seconds an entry waits before sealing */
#define ACT_SEAL_BATCH	5000	/* entries in one seal at most */
#define ACT_SEAL_RUNS	20	/* seals written by one run at most */

/* Appends one "<len>:<bytes>\n" field to the hash state. */
static void
act_field(crypto_hash_sha256_state *st, const char *v)
{
	char	 len[32];

	if (v == NULL)
		v = "";
	snprintf(len, sizeof(len), "%zu:", strlen(v));
	crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(st, (const unsigned char *)v, strlen(v));
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

/*
 * The hash of an entry (hex into out[65]): prev, then at, user, client,
 * ip, action, object, object id, summary, visible (see the top of file).
 */
void
act_hash(char out[65], const char *prev, const char *at,
    const char *user, const char *client, const char *ip, const char *action,
    const char *object, const char *object_id, const char *summary,
    const char *visible)
{
	crypto_hash_sha256_state st;
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	if (prev == NULL)
		prev = "";
	crypto_hash_sha256_update(&st, (const unsigned char *)prev,
	    strlen(prev));
	act_field(&st, at);
	act_field(&st, user);
	act_field(&st, client);
	act_field(&st, ip);
	act_field(&st, action);
	act_field(&st, object);
	act_field(&st, object_id);
	act_field(&st, summary);
	act_field(&st, visible);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* See activity/log.h. */
int
act_entry_ok(const struct act_entry *e)
{
	char	 h[65];

	if (e->hash == NULL)
		return 0;
	act_hash(h, e->prev_hash, e->at, e->user, e->client, e->ip,
	    e->action, e->object, e->object_id, e->summary, e->visible);
	return strcmp(h, e->hash) == 0;
}

/* Reports one finding. */
static void
act_say(struct act_check *c, const char *line)
{
	c->problems++;
	c->out(line, c->arg);
}

/* Reports the held-back broken link at entry id1 as a deletion. */
static void
act_flush_pending(struct act_check *c, int at_end)
{
	char	 line[320];

	if (!c->pending)
		return;
	c->pending = 0;
	if (c->pending_prev == 0)
		snprintf(line, sizeof(line), "entry %lld: deleted entries: "
		    "the first entry does not start the chain, so entries "
		    "before it were deleted", c->id1);
	else
		snprintf(line, sizeof(line), "entry %lld: deleted entries: it "
		    "does not follow entry %lld, so an entry between them was "
		    "deleted (or entry %lld was edited and re-hashed)%s",
		    c->id1, c->pending_prev, c->pending_prev, at_end ?
		    ", or it was inserted at the end" : "");
	act_say(c, line);
}

/* See activity/log.h. */
void
act_check_init(struct act_check *c, void (*out)(const char *,
    void *), void *arg)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	c->arg = arg;
	snprintf(c->hash1, sizeof(c->hash1), "%s", ACT_GENESIS);
}

/*
 * Checks entry e against its own hash and against the entries before it.
 * A broken link is only reported at the next entry: if that one follows
 * the entry before the broken one, the broken one was inserted; if it
 * follows the broken one, entries were deleted before it.
 */
void
act_check_entry(struct act_check *c, const struct act_entry *e)
{
	char		 line[320];
	const char	*prev = e->prev_hash != NULL ? e->prev_hash : "";

	if (!act_entry_ok(e)) {
		snprintf(line, sizeof(line), "entry %lld: edited: its content "
		    "does not match its hash", e->id);
		act_say(c, line);
	}
	if (strcmp(prev, c->hash1) == 0) {
		/* Follows the entry before it. */
		act_flush_pending(c, 0);
	} else if (c->n >= 1 && strcmp(prev, c->hash2) == 0) {
		/* Follows the entry two back: the one between was added. */
		c->pending = 0;
		if (c->id2 != 0)
			snprintf(line, sizeof(line), "entry %lld: inserted: "
			    "entry %lld follows entry %lld directly", c->id1,
			    e->id, c->id2);
		else
			snprintf(line, sizeof(line), "entry %lld: inserted: "
			    "entry %lld starts the chain", c->id1, e->id);
		act_say(c, line);
	} else {
		act_flush_pending(c, 0);
		c->pending = 1;
		c->pending_prev = c->n >= 1 ? c->id1 : 0;
	}
	c->id2 = c->id1;
	memcpy(c->hash2, c->hash1, sizeof(c->hash2));
	c->id1 = e->id;
	snprintf(c->hash1, sizeof(c->hash1), "%s", e->hash != NULL ?
	    e->hash : "");
	c->n++;
}

/* See activity/log.h. */
int
act_check_end(struct act_check *c)
{
	char	 line[160];

	/* A broken last entry cannot be told apart: say both. */
	act_flush_pending(c, 1);
	if (c->n > 0) {
		snprintf(line, sizeof(line), "%lld entries; head %s", c->n,
		    c->hash1);
		c->out(line, c->arg);
	}
	return c->problems;
}

/*
 * s as valid UTF-8 without control characters, at most max bytes, cut on
 * a character boundary (the table is strict: a value it would refuse or
 * change would break the entry's hash).  In the pool.
 */
static const char *
act_clean(struct at_pool *pool, const char *s, size_t max)
{
	const char	*p;
	char		*out, *o;
	size_t		 n;
	unsigned int	 cp;

	if (s == NULL)
		return "";
	o = out = at_palloc(pool, strlen(s) + 1);
	for (p = s; *p != '\0'; ) {
		if ((n = at_utf8_char(p, &cp)) == 0) {
			if ((size_t)(o - out) + 1 > max)
				break;
			*o++ = '?';
			p++;
			continue;
		}
		if ((size_t)(o - out) + n > max)
			break;
		if (cp < 0x20 || cp == 0x7f)
			*o++ = ' ';
		else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return out;
}

/* ---- appending ---- */

static int	 act_failed;		/* at_activity failed in this request */

/* See core.h. */
void
at_activity_reset(void)
{
	act_failed = 0;
}

/* See core.h. */
int
at_activity_failed(void)
{
	return act_failed;
}

/* See include/atrium/activity.h. */
int
at_data_changed(struct at_db *db, long long client_id)
{
	if (client_id < 0)
		client_id = 0;
	if (at_db_exec(db, "INSERT INTO data_versions (client_id, version) "
	    "VALUES (?, 1) ON DUPLICATE KEY UPDATE version = version + 1",
	    "I", client_id) == -1)
		return -1;
	return 0;
}

/*
 * The views this worker wrote (or found written) in the current window:
 * their once keys, in a small table indexed by the key's hash, so a
 * repeated view of an item by the same person skips its insert, which
 * the unique once_key would ignore anyway.  Only views of GET and HEAD
 * requests are remembered: those run outside a transaction, so a view
 * remembered is a row in the log, never one rolled back.  A key pushed
 * out by another only costs the insert again.
 */
#define ACT_SEEN_SLOTS	512

static char	 act_seen[ACT_SEEN_SLOTS][96];

/* The slot key belongs in (FNV-1a). */
static size_t
act_seen_slot(const char *key)
{
	unsigned long	 h = 2166136261UL;

	for (; *key != '\0'; key++)
		h = ((h ^ (unsigned char)*key) * 16777619UL) & 0xffffffffUL;
	return h % ACT_SEEN_SLOTS;
}

/* Whether this worker wrote the view with once key key. */
static int
act_seen_has(const char *key)
{
	return strcmp(act_seen[act_seen_slot(key)], key) == 0;
}

/* Remembers the view with once key key (one too long is not). */
static void
act_seen_add(const char *key)
{
	if (strlen(key) < sizeof(act_seen[0]))
		snprintf(act_seen[act_seen_slot(key)], sizeof(act_seen[0]),
		    "%s", key);
}

/*
 * Appends an entry by account uid (0: nobody) from address ip, on db;
 * what at_activity and at_activity_job share.  With remember, a view is
 * outside any transaction (see act_seen): one this worker wrote in the
 * window already is not written again.  0 or -1 (logged, and the
 * request's transaction is then rolled back).
 */
static int
act_append(struct at_db *db, struct at_pool *pool, long long uid,
    const char *ip, long long client_id, const char *action,
    const char *object, long long object_id, const char *summary,
    int visible, int remember)
{
	char		 hash[65], user[32], client[32], oid[32], at[32];
	const char	*once = NULL;
	struct tm	 tm;
	time_t		 now = time(NULL);
	long long	 n;
	int		 view;

	if (client_id < 0)
		client_id = 0;
	if (object_id < 0)
		object_id = 0;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(user, sizeof(user), "%lld", uid);
	snprintf(client, sizeof(client), "%lld", client_id);
	snprintf(oid, sizeof(oid), "%lld", object_id);
	summary = act_clean(pool, summary, 500);
	action = act_clean(pool, action, 32);
	object = act_clean(pool, object, 32);
	ip = act_clean(pool, ip, 45);
	view = strcmp(action, "view") == 0;
	if (view && uid != 0) {
		once = at_pprintf(pool, "view:%lld:%s:%lld:%lld", uid,
		    object, object_id, (long long)now / ACT_VIEW_WINDOW);
		/* Written already: the insert would be ignored. */
		if (remember && act_seen_has(once))
			return 0;
	}
	act_hash(hash, "", at, user, client, ip, action, object, oid,
	    summary, visible ? "1" : "0");
	n = at_db_exec(db, once != NULL ? "INSERT IGNORE INTO activity "
	    "(at, user_id, client_id, ip, action, object, object_id, summary, "
	    "visible, hash, once_key) VALUES (?, NULLIF(?, 0), NULLIF(?, 0), "
	    "?, ?, ?, ?, ?, ?, ?, ?)" : "INSERT INTO activity (at, user_id, "
	    "client_id, ip, action, object, object_id, summary, visible, "
	    "hash, once_key) VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, "
	    "?, ?, ?, ?, ?)", "sIIsssIsiss", at, uid, client_id, ip, action,
	    object, object_id, summary, visible ? 1 : 0, hash, once);
	if (n == -1)
		goto fail;
	if (once != NULL && remember)
		act_seen_add(once);
	if (view || strcmp(action, "download") == 0)
		return 0;
	if (at_data_changed(db, client_id) == -1)
		goto fail;
	return 0;
fail:
	act_failed = 1;
	log_warn("%s: the entry \"%s %s %lld\" was not written", __func__,
	    action, object, object_id);
	return -1;
}

/* See include/atrium/activity.h. */
int
at_activity(struct at_req *req, long long client_id, const char *action,
    const char *object, long long object_id, const char *summary,
    int visible)
{
	return act_append(req->db, req->pool, req->user != NULL ?
	    req->user->id : 0, req->remote_addr, client_id, action, object,
	    object_id, summary, visible, req->method == AT_GET ||
	    req->method == AT_HEAD);
}

/* See include/atrium/activity.h. */
int
at_activity_job(struct at_job_ctx *ctx, long long client_id,
    const char *action, const char *object, long long object_id,
    const char *summary, int visible)
{
	return act_append(ctx->db, ctx->pool, 0, "", client_id, action,
	    object, object_id, summary, visible, 0);
}

/* ---- seals ---- */

/* See activity/log.h. */
void
act_seal_begin(struct act_seal_hash *h, const char *prev, long long first,
    long long last)
{
	char	 buf[64];

	crypto_hash_sha256_init(&h->st);
	crypto_hash_sha256_update(&h->st, (const unsigned char *)prev,
	    strlen(prev));
	snprintf(buf, sizeof(buf), "%lld\n%lld\n", first, last);
	crypto_hash_sha256_update(&h->st, (const unsigned char *)buf,
	    strlen(buf));
	h->n = 0;
}

/* See activity/log.h. */
void
act_seal_add(struct act_seal_hash *h, long long id, const char *hash)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld:", id);
	crypto_hash_sha256_update(&h->st, (const unsigned char *)buf,
	    strlen(buf));
	if (hash == NULL)
		hash = "";
	crypto_hash_sha256_update(&h->st, (const unsigned char *)hash,
	    strlen(hash));
	crypto_hash_sha256_update(&h->st, (const unsigned char *)"\n", 1);
	h->n++;
}

/* See activity/log.h. */
void
act_seal_end(struct act_seal_hash *h, char out[65])
{
	unsigned char	 d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&h->st, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

/* Takes the next seal into s->cur and checks its link to the last. */
static void
seals_next(struct act_seals *s)
{
	char	 line[320];

	s->have = 0;
	if (s->done)
		return;
	if (s->next(&s->cur, s->next_arg) == -1) {
		s->done = 1;
		return;
	}
	snprintf(s->cur_prev, sizeof(s->cur_prev), "%s",
	    s->cur.prev_hash != NULL ? s->cur.prev_hash : "");
	snprintf(s->cur_hash, sizeof(s->cur_hash), "%s",
	    s->cur.hash != NULL ? s->cur.hash : "");
	s->cur.prev_hash = s->cur_prev;
	s->cur.hash = s->cur_hash;
	if (strcmp(s->cur_prev, s->last_hash) != 0) {
		snprintf(line, sizeof(line), "seal %lld: does not follow the "
		    "seal before it, so a seal was deleted or edited",
		    s->cur.id);
		s->problems++;
		s->out(line, s->arg);
	}
	act_seal_begin(&s->h, s->cur_prev, s->cur.first_id, s->cur.last_id);
	memcpy(s->last_hash, s->cur_hash, sizeof(s->last_hash));
	s->nseals++;
	s->have = 1;
}

/* Compares what was found in the current seal's range with the seal. */
static void
seals_finish(struct act_seals *s)
{
	char		 h[65], line[400];
	const char	*what;

	act_seal_end(&s->h, h);
	if (s->h.n == s->cur.entries && strcmp(h, s->cur.hash) == 0)
		return;
	if (s->h.n < s->cur.entries)
		what = "entries were deleted";
	else if (s->h.n > s->cur.entries)
		what = "entries were added to its range";
	else
		what = "an entry was edited (its hash recomputed) or replaced, "
		    "or the seal itself was edited";
	snprintf(line, sizeof(line), "seal %lld (entries %lld to %lld): "
	    "sealed %lld entries, found %lld: %s since it was written",
	    s->cur.id, s->cur.first_id, s->cur.last_id, s->cur.entries,
	    s->h.n, what);
	s->problems++;
	s->out(line, s->arg);
}

/* See activity/log.h. */
void
act_seals_init(struct act_seals *s, void (*out)(const char *, void *),
    void *arg, int (*next)(struct act_seal *, void *), void *next_arg)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->arg = arg;
	s->next = next;
	s->next_arg = next_arg;
	snprintf(s->last_hash, sizeof(s->last_hash), "%s", ACT_GENESIS);
	seals_next(s);
}

/* See activity/log.h. */
void
act_seals_entry(struct act_seals *s, long long id, const char *hash)
{
	while (s->have && id > s->cur.last_id) {
		seals_finish(s);
		seals_next(s);
	}
	if (s->have) {
		act_seal_add(&s->h, id, hash);
		s->sealed++;
	} else
		s->unsealed++;
}

/* See activity/log.h. */
int
act_seals_end(struct act_seals *s)
{
	char	 line[200];

	while (s->have) {
		seals_finish(s);
		seals_next(s);
	}
	snprintf(line, sizeof(line), "%lld seals over %lld entries; %lld "
	    "entries not yet sealed; last seal %s", s->nseals, s->sealed,
	    s->unsealed, s->last_hash);
	s->out(line, s->arg);
	return s->problems;
}

/* Seals read in id order, a batch at a time (act_seals' next). */
struct seal_reader {
	struct at_db	*db;
	struct at_pool	*pool;		/* reset per batch */
	struct at_rows	*r;
	size_t		 i;
	long long	 last;
	int		 failed;
};

static int
seal_read(struct act_seal *out, void *arg)
{
	struct seal_reader *sr = arg;

	if (sr->r == NULL || sr->i >= sr->r->n) {
		if (sr->r != NULL && sr->r->n == 0)
			return -1;
		at_pool_reset(sr->pool);
		sr->r = at_db_select(sr->db, sr->pool, "SELECT id, first_id, "
		    "last_id, entries, prev_hash, hash FROM activity_seals "
		    "WHERE id > ? ORDER BY id LIMIT 1000", "I", sr->last);
		sr->i = 0;
		if (sr->r == NULL) {
			sr->failed = 1;
			return -1;
		}
		if (sr->r->n == 0)
			return -1;
	}
	out->id = sr->last = at_row_int(sr->r, sr->i, "id", 0);
	out->first_id = at_row_int(sr->r, sr->i, "first_id", 0);
	out->last_id = at_row_int(sr->r, sr->i, "last_id", 0);
	out->entries = at_row_int(sr->r, sr->i, "entries", 0);
	out->prev_hash = at_row(sr->r, sr->i, "prev_hash");
	out->hash = at_row(sr->r, sr->i, "hash");
	sr->i++;
	return 0;
}

/*
 * Writes the seals that are due: returns the entries sealed, or -1 with
 * *errstr set.  grace: seconds an entry must be old (ACT_SEAL_GRACE).
 */
static long long
act_seal_run(struct at_db *db, struct at_pool *pool, int grace,
    const char **errstr)
{
	struct act_seal_hash h;
	struct at_rows	*last, *r;
	char		 hash[65];
	const char	*prev;
	long long	 from, upto, total = 0, first, lastid;
	size_t		 i;
	int		 run;

	for (run = 0; run < ACT_SEAL_RUNS; run++) {
		last = at_db_select(db, pool, "SELECT last_id, hash FROM "
		    "activity_seals ORDER BY id DESC LIMIT 1", "");
		if (last == NULL)
			goto fail;
		from = last->n == 1 ? at_row_int(last, 0, "last_id", 0) : 0;
		prev = last->n == 1 ? at_row(last, 0, "hash") : ACT_GENESIS;
		/* Up to the newest entry old enough; any id below it too. */
		r = at_db_select(db, pool, "SELECT id, hash FROM activity "
		    "WHERE id > ? AND id <= (SELECT MAX(id) FROM activity "
		    "WHERE id > ? AND at <= UTC_TIMESTAMP() - INTERVAL ? "
		    "SECOND) ORDER BY id LIMIT ?", "IIii", from, from, grace,
		    ACT_SEAL_BATCH);
		if (r == NULL)
			goto fail;
		if (r->n == 0)
			break;
		first = at_row_int(r, 0, "id", 0);
		lastid = at_row_int(r, r->n - 1, "id", 0);
		upto = lastid;
		act_seal_begin(&h, prev, first, upto);
		for (i = 0; i < r->n; i++)
			act_seal_add(&h, at_row_int(r, i, "id", 0),
			    at_row(r, i, "hash"));
		act_seal_end(&h, hash);
		if (at_db_exec(db, "INSERT INTO activity_seals (at, first_id, "
		    "last_id, entries, prev_hash, hash) VALUES "
		    "(UTC_TIMESTAMP(), ?, ?, ?, ?, ?)", "IIIss", first, upto,
		    (long long)r->n, prev, hash) == -1)
			goto fail;
		total += (long long)r->n;
		if (r->n < ACT_SEAL_BATCH)
			break;
	}
	return total;
fail:
	*errstr = "cannot read or write the activity log's seals";
	return -1;
}

/*
 * The job "activity.seal".  ATRIUM_SEAL_GRACE (seconds) in the
 * environment overrides ACT_SEAL_GRACE, for tests and for an admin who
 * wants everything sealed now ("ATRIUM_SEAL_GRACE=0 atriumctl jobs run
 * activity.seal" while nothing writes).
 */
static int
act_seal_job(struct at_job_ctx *ctx, const char **errstr)
{
	const char	*g = getenv("ATRIUM_SEAL_GRACE");
	long long	 grace = ACT_SEAL_GRACE;

	if (g != NULL && (at_strtoll(g, &grace) == -1 || grace < 0 ||
	    grace > 86400))
		grace = ACT_SEAL_GRACE;
	return act_seal_run(ctx->db, ctx->pool, (int)grace, errstr) == -1 ?
	    -1 : 0;
}

/* ---- verifying ---- */

/*
 * Walks the log in id order and reports through out every edited entry,
 * every break in the old chain and every seal its entries no longer
 * match (activity/log.h), naming entries and seals by id; then how many
 * entries are sealed and the last seal's hash.  0 intact, else -1
 * (errstr says why).
 */
static int
act_verify(struct at_db *db, void (*out)(const char *, void *), void *arg,
    const char **errstr)
{
	struct act_check c;
	struct act_seals s;
	struct seal_reader sr;
	struct act_entry e;
	struct at_pool	*pool;
	struct at_rows	*r;
	char		 line[160];
	long long	 last = 0;
	size_t		 i;
	int		 bad;
	static char	 msg[128];

	pool = at_pool_new();
	memset(&sr, 0, sizeof(sr));
	sr.db = db;
	sr.pool = at_pool_new();
	act_check_init(&c, out, arg);
	act_seals_init(&s, out, arg, seal_read, &sr);
	for (;;) {
		r = at_db_select(db, pool, "SELECT id, "
		    "DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s') AS at, "
		    "COALESCE(user_id, 0) AS user_id, "
		    "COALESCE(client_id, 0) AS client_id, ip, action, object, "
		    "object_id, summary, visible, prev_hash, hash FROM activity "
		    "WHERE id > ? ORDER BY id LIMIT 1000", "I", last);
		if (r == NULL || sr.failed)
			goto fail;
		if (r->n == 0)
			break;
		for (i = 0; i < r->n; i++) {
			last = at_row_int(r, i, "id", 0);
			e.id = last;
			e.at = at_row(r, i, "at");
			e.user = at_row(r, i, "user_id");
			e.client = at_row(r, i, "client_id");
			e.ip = at_row(r, i, "ip");
			e.action = at_row(r, i, "action");
			e.object = at_row(r, i, "object");
			e.object_id = at_row(r, i, "object_id");
			e.summary = at_row(r, i, "summary");
			e.visible = at_row(r, i, "visible");
			e.prev_hash = at_row(r, i, "prev_hash");
			e.hash = at_row(r, i, "hash");
			if (e.prev_hash != NULL)
				/* Chained before seals: the chain's rules. */
				act_check_entry(&c, &e);
			else if (!act_entry_ok(&e)) {
				snprintf(line, sizeof(line), "entry %lld: "
				    "edited: its content does not match its "
				    "hash", e.id);
				c.problems++;
				out(line, arg);
			}
			act_seals_entry(&s, e.id, e.hash);
		}
		at_pool_reset(pool);
	}
	bad = act_check_end(&c) + act_seals_end(&s);
	if (sr.failed)
		goto fail;
	at_pool_free(pool);
	at_pool_free(sr.pool);
	if (bad > 0) {
		snprintf(msg, sizeof(msg), "%d problem%s found", bad,
		    bad == 1 ? "" : "s");
		*errstr = msg;
		return -1;
	}
	return 0;
fail:
	*errstr = "cannot read the activity table";
	at_pool_free(pool);
	at_pool_free(sr.pool);
	return -1;
}

/* The "activity-log" service's entry points. */
static long long
act_seal_now(struct at_db *db, int grace, const char **errstr)
{
	struct at_pool	*pool = at_pool_new();
	long long	 n;

	n = act_seal_run(db, pool, grace, errstr);
	at_pool_free(pool);
	return n;
}

static const struct at_activity_log act_service = {
	sizeof(struct at_activity_log),
	act_verify,
	act_seal_now
};

/* See core.h: the service and the job, from the activity module's init. */
void
at_activity_register(struct at_registry *reg)
{
	at_reg_service(reg, AT_ACTIVITY_LOG, AT_VERSION(1, 0), &act_service);
	at_reg_job(reg, "seal", 0, act_seal_job);
}
