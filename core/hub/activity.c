/*
 * The activity log (include/atrium/activity.h): append-only and
 * tamper-evident.  An entry's hash is SHA-256 over the previous entry's
 * hash followed by the entry's canonical content, each field written as
 * "<length>:<bytes>\n" in a fixed order, so no two contents serialise
 * alike.  prev_hash is unique: two writers that read the same head
 * cannot both append, the second retries.  Nothing in Atrium updates or
 * deletes an entry; hub_activity_verify() finds any edited, inserted or
 * deleted one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core.h"
#include "hub/hub.h"

#define GENESIS	"0000000000000000000000000000000000000000000000000000000000000000"

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
 * ip, action, object, object id, summary, visible.
 */
void
hub_activity_hash(char out[65], const char *prev, const char *at,
    const char *user, const char *client, const char *ip, const char *action,
    const char *object, const char *object_id, const char *summary,
    const char *visible)
{
	crypto_hash_sha256_state st;
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
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

/* See include/atrium/activity.h. */
int
at_activity(struct at_req *req, long long client_id, const char *action,
    const char *object, long long object_id, const char *summary,
    int visible)
{
	struct at_rows	*r;
	char		 hash[65], user[32], client[32], oid[32], at[32];
	const char	*prev;
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 tries;

	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(user, sizeof(user), "%lld", req->user != NULL ?
	    req->user->id : 0);
	snprintf(client, sizeof(client), "%lld", client_id);
	snprintf(oid, sizeof(oid), "%lld", object_id);
	if (summary == NULL)
		summary = "";
	if (strlen(summary) > 500) {
		/* Fits the column, cut on a character boundary. */
		size_t	 cut = 500;

		while (cut > 0 && ((unsigned char)summary[cut] & 0xc0) == 0x80)
			cut--;
		summary = at_pstrndup(req->pool, summary, cut);
	}
	for (tries = 0; tries < 5; tries++) {
		r = at_db_select(req->db, req->pool, "SELECT hash FROM "
		    "activity ORDER BY id DESC LIMIT 1", "");
		if (r == NULL)
			return -1;
		prev = r->n == 1 ? at_row(r, 0, "hash") : GENESIS;
		hub_activity_hash(hash, prev, at, user, client,
		    req->remote_addr, action, object, oid, summary,
		    visible ? "1" : "0");
		if (at_db_exec(req->db, "INSERT INTO activity (at, user_id, "
		    "client_id, ip, action, object, object_id, summary, "
		    "visible, prev_hash, hash) VALUES (?, NULLIF(?, 0), "
		    "NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)", "sIIsssIsiss", at,
		    req->user != NULL ? req->user->id : 0, client_id,
		    req->remote_addr != NULL ? req->remote_addr : "", action,
		    object, object_id, summary, visible ? 1 : 0, prev,
		    hash) != -1)
			return 0;
		if (at_db_errno(req->db) != 1062)
			return -1;
		/* Another worker appended first: chain onto theirs. */
	}
	return -1;
}

/*
 * Walks the log in order and reports through out every entry whose hash
 * does not match its content (edited) and every break in the chain
 * (an entry deleted before it, or inserted).  Prints the head hash, which
 * an admin may keep elsewhere to detect removal of the newest entries.
 * 0 when intact, -1 otherwise.
 */
int
hub_activity_verify(struct at_db *db, void (*out)(const char *, void *),
    void *arg, const char **errstr)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	char		 hash[65], line[256], prev[65];
	long long	 last = 0, n = 0;
	size_t		 i;
	int		 bad = 0;
	static char	 msg[128];

	pool = at_pool_new();
	snprintf(prev, sizeof(prev), "%s", GENESIS);
	for (;;) {
		r = at_db_select(db, pool, "SELECT id, "
		    "DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s') AS at, "
		    "COALESCE(user_id, 0) AS user_id, "
		    "COALESCE(client_id, 0) AS client_id, ip, action, object, "
		    "object_id, summary, visible, prev_hash, hash FROM activity "
		    "WHERE id > ? ORDER BY id LIMIT 1000", "I", last);
		if (r == NULL) {
			*errstr = "cannot read the activity table";
			at_pool_free(pool);
			return -1;
		}
		if (r->n == 0)
			break;
		for (i = 0; i < r->n; i++, n++) {
			last = at_row_int(r, i, "id", 0);
			if (strcmp(at_row(r, i, "prev_hash"), prev) != 0) {
				snprintf(line, sizeof(line), "entry %lld: does "
				    "not follow the entry before it (an entry "
				    "was deleted before it, or it was "
				    "inserted)", last);
				out(line, arg);
				bad++;
			}
			hub_activity_hash(hash, at_row(r, i, "prev_hash"),
			    at_row(r, i, "at"), at_row(r, i, "user_id"),
			    at_row(r, i, "client_id"), at_row(r, i, "ip"),
			    at_row(r, i, "action"), at_row(r, i, "object"),
			    at_row(r, i, "object_id"), at_row(r, i, "summary"),
			    at_row(r, i, "visible"));
			if (strcmp(hash, at_row(r, i, "hash")) != 0) {
				snprintf(line, sizeof(line), "entry %lld: its "
				    "content was edited (hash mismatch)",
				    last);
				out(line, arg);
				bad++;
			}
			snprintf(prev, sizeof(prev), "%s",
			    at_row(r, i, "hash"));
		}
		at_pool_reset(pool);
	}
	snprintf(line, sizeof(line), "%lld entries; head %s", n, prev);
	out(line, arg);
	at_pool_free(pool);
	if (bad > 0) {
		snprintf(msg, sizeof(msg), "%d problem%s found", bad,
		    bad == 1 ? "" : "s");
		*errstr = msg;
		return -1;
	}
	return 0;
}
