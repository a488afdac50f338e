/*
 * The activity log (include/atrium/activity.h): append-only and
 * tamper-evident, and the pages that show it.
 *
 * Canonical content.  An entry's hash is the SHA-256, as 64 lowercase hex
 * digits, of the previous entry's hash (64 hex digits; 64 zeros for the
 * first entry) followed by every other column in this fixed order, each
 * written as "<byte length in decimal>:<bytes>\n":
 *
 *	at (YYYY-MM-DD HH:MM:SS, UTC), user_id (0 for none), client_id (0
 *	for none), ip, action, object, object_id, summary, visible (0 or 1)
 *
 * The length prefix makes the serialisation unambiguous: no two different
 * entries serialise alike, whatever bytes their text holds.
 *
 * Appending.  at_activity() reads the newest entry with a locking read
 * (SELECT ... FOR UPDATE: it sees the newest committed entry even inside
 * a caller's transaction and, there, holds other writers off until the
 * caller commits) and inserts the new entry chained to it.  prev_hash is
 * UNIQUE, so two workers that read the same head cannot both append: the
 * second gets a duplicate-key error and chains onto the winner.  It never
 * opens a transaction of its own, because START TRANSACTION would commit
 * a caller's open transaction half-way.
 *
 * Append-only.  Nothing in Atrium updates or deletes an activity row:
 * there is no such statement in the code, and none may be added.  The
 * chain makes any change visible to hub_activity_verify() ("atriumctl
 * verify-log"); docs/hub.md says how to also take UPDATE and DELETE on
 * the table away from the database account.
 *
 * Pages: activity (GET /activity, a contact's view), staff-activity
 * (GET /staff/activity), staff-activity-verify (POST
 * /staff/activity/verify, admins).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/activity.h"

#define ACT_PAGE	50	/* entries on a page */
#define ACT_SECTION	15	/* entries in a project's or dashboard's section */

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
hub_activity_hash(char out[65], const char *prev, const char *at,
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

/* See hub/activity.h. */
int
hub_act_entry_ok(const struct hub_act_entry *e)
{
	char	 h[65];

	if (e->hash == NULL)
		return 0;
	hub_activity_hash(h, e->prev_hash, e->at, e->user, e->client, e->ip,
	    e->action, e->object, e->object_id, e->summary, e->visible);
	return strcmp(h, e->hash) == 0;
}

/* Reports one finding. */
static void
act_say(struct hub_act_check *c, const char *line)
{
	c->problems++;
	c->out(line, c->arg);
}

/* Reports the held-back broken link at entry id1 as a deletion. */
static void
act_flush_pending(struct hub_act_check *c, int at_end)
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

/* See hub/activity.h. */
void
hub_act_check_init(struct hub_act_check *c, void (*out)(const char *,
    void *), void *arg)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	c->arg = arg;
	snprintf(c->hash1, sizeof(c->hash1), "%s", HUB_ACT_GENESIS);
}

/*
 * Checks entry e against its own hash and against the entries before it.
 * A broken link is only reported at the next entry: if that one follows
 * the entry before the broken one, the broken one was inserted; if it
 * follows the broken one, entries were deleted before it.
 */
void
hub_act_check_entry(struct hub_act_check *c, const struct hub_act_entry *e)
{
	char		 line[320];
	const char	*prev = e->prev_hash != NULL ? e->prev_hash : "";

	if (!hub_act_entry_ok(e)) {
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

/* See hub/activity.h. */
int
hub_act_check_end(struct hub_act_check *c)
{
	char	 line[160];

	/* A broken last entry cannot be told apart: say both. */
	act_flush_pending(c, 1);
	snprintf(line, sizeof(line), "%lld entries; head %s", c->n,
	    c->n > 0 ? c->hash1 : HUB_ACT_GENESIS);
	c->out(line, c->arg);
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

/* See include/atrium/activity.h. */
int
at_activity(struct at_req *req, long long client_id, const char *action,
    const char *object, long long object_id, const char *summary,
    int visible)
{
	struct at_rows	*r;
	char		 hash[65], user[32], client[32], oid[32], at[32];
	const char	*prev, *ip;
	struct tm	 tm;
	time_t		 now = time(NULL);
	long long	 uid;
	int		 tries;

	uid = req->user != NULL ? req->user->id : 0;
	if (client_id < 0)
		client_id = 0;
	if (object_id < 0)
		object_id = 0;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(user, sizeof(user), "%lld", uid);
	snprintf(client, sizeof(client), "%lld", client_id);
	snprintf(oid, sizeof(oid), "%lld", object_id);
	summary = act_clean(req->pool, summary, 500);
	action = act_clean(req->pool, action, 32);
	object = act_clean(req->pool, object, 32);
	ip = act_clean(req->pool, req->remote_addr, 45);
	for (tries = 0; tries < 10; tries++) {
		r = at_db_select(req->db, req->pool, "SELECT hash FROM "
		    "activity ORDER BY id DESC LIMIT 1 FOR UPDATE", "");
		if (r == NULL)
			return -1;
		prev = r->n == 1 ? at_row(r, 0, "hash") : HUB_ACT_GENESIS;
		hub_activity_hash(hash, prev, at, user, client, ip, action,
		    object, oid, summary, visible ? "1" : "0");
		if (at_db_exec(req->db, "INSERT INTO activity (at, user_id, "
		    "client_id, ip, action, object, object_id, summary, "
		    "visible, prev_hash, hash) VALUES (?, NULLIF(?, 0), "
		    "NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)", "sIIsssIsiss", at,
		    uid, client_id, ip, action, object, object_id, summary,
		    visible ? 1 : 0, prev, hash) != -1)
			return 0;
		if (at_db_errno(req->db) != 1062)
			return -1;
		/* Another worker appended first: chain onto theirs. */
	}
	log_warn("%s: gave up after %d tries", __func__, tries);
	return -1;
}

/*
 * Walks the log in id order through the pure checker and reports through
 * out every edited entry and every break in the chain (an entry deleted
 * or inserted), naming the entries by id.  Prints the head hash last: an
 * admin may keep it elsewhere, since removing the newest entries leaves
 * no break.  Returns 0 when intact, -1 otherwise (errstr says why).
 */
int
hub_activity_verify(struct at_db *db, void (*out)(const char *, void *),
    void *arg, const char **errstr)
{
	struct hub_act_check c;
	struct hub_act_entry e;
	struct at_pool	*pool;
	struct at_rows	*r;
	long long	 last = 0;
	size_t		 i;
	int		 bad;
	static char	 msg[128];

	pool = at_pool_new();
	hub_act_check_init(&c, out, arg);
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
			hub_act_check_entry(&c, &e);
		}
		at_pool_reset(pool);
	}
	bad = hub_act_check_end(&c);
	at_pool_free(pool);
	if (bad > 0) {
		snprintf(msg, sizeof(msg), "%d problem%s found", bad,
		    bad == 1 ? "" : "s");
		*errstr = msg;
		return -1;
	}
	return 0;
}

/*
 * The joins that map an entry to its item and the item's project, so a
 * contact sees an entry only while the item and its project are shared
 * with the client, and a project's section finds its entries.
 */
#define ACT_JOINS \
	"LEFT JOIN users u ON u.id = a.user_id " \
	"LEFT JOIN updates up ON a.object = 'update' AND up.id = a.object_id " \
	"LEFT JOIN files f ON a.object = 'file' AND f.id = a.object_id " \
	"LEFT JOIN approvals ap ON a.object = 'approval' AND " \
	"ap.id = a.object_id " \
	"LEFT JOIN decisions d ON a.object = 'decision' AND " \
	"d.id = a.object_id " \
	"LEFT JOIN milestones ms ON a.object = 'milestone' AND " \
	"ms.id = a.object_id " \
	"LEFT JOIN tasks t ON a.object = 'task' AND t.id = a.object_id " \
	"LEFT JOIN deliverables dl ON a.object = 'deliverable' AND " \
	"dl.id = a.object_id " \
	"LEFT JOIN projects p ON p.id = CASE a.object " \
	"WHEN 'update' THEN up.project_id WHEN 'file' THEN f.project_id " \
	"WHEN 'approval' THEN ap.project_id " \
	"WHEN 'decision' THEN d.project_id " \
	"WHEN 'milestone' THEN ms.project_id " \
	"WHEN 'task' THEN t.project_id " \
	"WHEN 'deliverable' THEN dl.project_id " \
	"WHEN 'project' THEN a.object_id END "

/* What a contact may see of an entry joined as above. */
#define ACT_CONTACT_SEES \
	"a.client_id = ? AND a.visible = 1 AND (a.object NOT IN ('update', " \
	"'file', 'approval', 'decision', 'milestone', 'task', " \
	"'deliverable', 'project') OR (p.visible = 1 AND " \
	"p.client_id = a.client_id AND COALESCE(up.visible, f.visible, " \
	"ap.visible, d.visible, ms.visible, t.visible, dl.visible, 1) = 1)) "

#define ACT_COLS \
	"SELECT a.id, a.at, a.action, a.object, a.object_id, a.summary, " \
	"u.name AS who, p.id AS project_id, p.name AS project"

/*
 * Adds one <entry> per row under list: every column, the time in the
 * site's zone as <when>, and what the module owning the entry's object
 * makes of it (at_reg_activity): <sentence> to read instead of the
 * stored summary, <href> for the item's page.
 */
static void
act_entries(struct at_req *req, xmlNodePtr list, const struct at_rows *r)
{
	struct at_act_entry ae;
	xmlNodePtr	 e;
	const char	*href, *sentence;
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		e = at_x_row(list, "entry", r, i);
		at_x(e, "when", at_time_local(req->pool, at_row(r, i, "at")));
		memset(&ae, 0, sizeof(ae));
		ae.size = AT_EXT_SIZE(at_act_entry);
		ae.action = at_row(r, i, "action");
		ae.object = at_row(r, i, "object");
		ae.object_id = at_row(r, i, "object_id");
		ae.summary = at_row(r, i, "summary");
		ae.who = at_row(r, i, "who");
		ae.project_id = at_row(r, i, "project_id");
		at_activity_describe(req, &ae, &sentence, &href);
		if (sentence != NULL)
			at_x(e, "sentence", sentence);
		if (href != NULL)
			at_x(e, "href", href);
	}
}

/*
 * The "Recent activity" section: <activity project="ID"> with the newest
 * entries about the project (project 0: the contact's whole client, or
 * for staff every client) that the caller may see.  One round trip.
 */
static int
act_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, ACT_COLS ", a.ip, "
		    "a.visible, a.client_id, c.name AS client FROM activity a "
		    ACT_JOINS "LEFT JOIN clients c ON c.id = a.client_id "
		    "WHERE (? = 0 OR p.id = ?) AND (? <> 0 OR a.client_id IS "
		    "NOT NULL) ORDER BY a.id DESC LIMIT ?", "IIIi", project,
		    project, project, ACT_SECTION);
	else
		r = at_db_select(req->db, req->pool, ACT_COLS " FROM "
		    "activity a " ACT_JOINS "WHERE " ACT_CONTACT_SEES
		    "AND (? = 0 OR p.id = ?) ORDER BY a.id DESC LIMIT ?",
		    "IIIi", at_client_scope(req), project, project,
		    ACT_SECTION);
	if (r == NULL)
		return -1;
	s = at_x(parent, "activity", NULL);
	at_xaf(s, "project", "%lld", project);
	act_entries(req, s, r);
	return 0;
}

/* The "before" query parameter: entries older than that id, or 0. */
static long long
act_before(struct at_req *req)
{
	long long	 n;

	if (at_strtoll(at_query(req, "before"), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/* Adds <more before="ID"/> when a full page suggests older entries. */
static void
act_more(xmlNodePtr parent, const struct at_rows *r)
{
	xmlNodePtr	 m;

	if (r->n < ACT_PAGE)
		return;
	m = at_x(parent, "more", NULL);
	at_xa(m, "before", at_row(r, r->n - 1, "id"));
}

/*
 * GET /activity (contact): what happened around the client's shared
 * items, newest first, ACT_PAGE at a time.  Query: before (an entry id).
 * Adds <activity><entry>...</entry></activity> and <more before/>.
 */
static int
h_activity(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c, s;
	long long	 before = act_before(req);

	r = at_db_select(req->db, req->pool, ACT_COLS " FROM activity a "
	    ACT_JOINS "WHERE " ACT_CONTACT_SEES "AND (? = 0 OR a.id < ?) "
	    "ORDER BY a.id DESC LIMIT ?", "IIIi", at_client_scope(req),
	    before, before, ACT_PAGE);
	if (r == NULL)
		return 500;
	at_page_id(req, "activity");
	at_page_title(req, "Activity");
	c = at_page_content(req);
	s = at_x(c, "activity", NULL);
	at_xa(s, "project", "0");
	act_entries(req, s, r);
	act_more(c, r);
	return 200;
}

/*
 * GET /staff/activity (staff): the whole log, newest first.  Query:
 * client (an id), before (an entry id).  Adds <activity> with ip,
 * visible and client on each entry, <clients><client id name/> for the
 * filter, <more before/>.
 */
static int
h_staff_activity(struct at_req *req)
{
	struct at_rows	*r, *cl;
	xmlNodePtr	 c, s;
	long long	 before = act_before(req), client = 0;

	if (at_strtoll(at_query(req, "client"), &client) == -1 || client < 0)
		client = 0;
	r = at_db_select(req->db, req->pool, ACT_COLS ", a.ip, a.visible, "
	    "a.client_id, c.name AS client FROM activity a " ACT_JOINS
	    "LEFT JOIN clients c ON c.id = a.client_id "
	    "WHERE (? = 0 OR a.client_id = ?) AND (? = 0 OR a.id < ?) "
	    "ORDER BY a.id DESC LIMIT ?", "IIIIi", client, client, before,
	    before, ACT_PAGE);
	if (r == NULL)
		return 500;
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (cl == NULL)
		return 500;
	at_page_id(req, "staff-activity");
	at_page_title(req, "Activity log");
	c = at_page_content(req);
	s = at_x(c, "activity", NULL);
	at_xa(s, "project", "0");
	at_xaf(s, "client", "%lld", client);
	act_entries(req, s, r);
	at_x_rows(c, "clients", "client", cl);
	act_more(c, r);
	return 200;
}

/* Collects verify-log's lines under a <verify> node. */
static void
act_verify_line(const char *line, void *arg)
{
	at_x(arg, "line", line);
}

/*
 * POST /staff/activity/verify (admin): checks the whole chain now, as
 * "atriumctl verify-log" does.  Adds <verify ok="1|0"><line/>...</verify>.
 */
static int
h_staff_verify(struct at_req *req)
{
	xmlNodePtr	 v;
	const char	*errstr = NULL;
	int		 rc;

	at_page_id(req, "staff-activity-verify");
	at_page_title(req, "Activity log check");
	v = at_x(at_page_content(req), "verify", NULL);
	rc = hub_activity_verify(req->db, act_verify_line, v, &errstr);
	if (rc == -1 && at_db_gone(req->db))
		return 503;
	at_xa(v, "ok", rc == 0 ? "1" : "0");
	if (errstr != NULL)
		at_xa(v, "summary", errstr);
	at_activity(req, 0, "verify", "activity", 0, rc == 0 ?
	    "activity log intact" : errstr, 0);
	return 200;
}

static const struct at_route act_routes[] = {
	{ AT_GET, "/activity", AT_CONTACT, h_activity, NULL, NULL },
	{ AT_GET, "/staff/activity", AT_STAFF, h_staff_activity, NULL, NULL },
	{ AT_POST, "/staff/activity/verify", AT_ADMIN, h_staff_verify, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* The dashboards' part: the recent activity of the caller's client(s). */
static int
act_dash(struct at_req *req, struct at_dash *d)
{
	return act_section(req, at_dash_page(d), 0);
}

static const struct at_section act_sec = {
	AT_EXT_SIZE(at_section), "activity", AT_CONTACT | AT_STAFF, 90,
	act_section
};
static const struct at_dash_part act_dash_part = {
	AT_EXT_SIZE(at_dash_part), "activity", AT_CONTACT | AT_STAFF, 90,
	act_dash
};

/* Registers the activity pages and the staff navigation item. */
static int
act_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, act_routes);
	at_reg_section(reg, &act_sec);
	at_reg_dash(reg, &act_dash_part);
	at_reg_nav(reg, AT_STAFF, "Activity", "/staff/activity", 70);
	return 0;
}

const struct at_plugin at_mod_activity = {
	AT_PLUGIN_HEAD,
	.name = "activity",
	.version = PACKAGE_VERSION,
	.summary = "The tamper-evident activity log",
	.init = act_init,
};
