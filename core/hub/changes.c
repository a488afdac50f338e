/*
 * "What changed since your last visit": each person has a marker per
 * list (last_visits: "projects", "files", "approvals", "decisions", and
 * the lists of plugins through at_seen_since/at_seen_mark) set each time the
 * list is shown to them.  A list marks the items added or changed after
 * the marker (HUB_SEEN_JOIN and HUB_CHANGED fold that into the list's
 * own query), and the navigation counts them for every list, in one
 * query per page that also brings the contact's co-brand
 * (hub_page_person, called when the page model is started).  The same
 * query counts the unread message threads for the navigation's
 * "Messages" (messages.c).
 *
 * Without a marker yet, the person's previous sign-in is the baseline,
 * as for the project feed's "new" updates.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

/* The areas and the navigation links that count them. */
static const struct {
	const char	*area;
	const char	*href;		/* contacts */
	const char	*staff_href;
} chg_areas[] = {
	{ "projects", "/projects", "/staff/projects" },
	{ "files", "/files", "/staff/files" },
	{ "approvals", "/approvals", "/staff/approvals" },
	{ "decisions", "/decisions", "/staff/decisions" },
};

/* A person's marker for area A, or the baseline, as SQL (binds: s I). */
#define CHG_MARK(A) "COALESCE((SELECT seen_at FROM last_visits WHERE " \
	"user_id = ? AND area = '" A "'), ?, '1000-01-01')"

/*
 * The markers this worker set last: whose, which list, and the data
 * version the session read then.  While that version has not moved,
 * nothing was added or changed since the marker, so moving it again
 * would change no count and no "new" mark: the list skips the write
 * (and the navigation's kept counts, keyed by the markers, stay good).
 */
#define SEEN_SLOTS	128

static struct {
	long long	 uid;
	long long	 version;
	char		 area[16];
} seen_set[SEEN_SLOTS];
static size_t		 seen_next;

/* See hub/hub.h. */
int
hub_seen_mark(struct at_req *req, const char *area)
{
	long long	 v = at_session_data_version();
	size_t		 i;

	if (req->user == NULL || (req->method != AT_GET &&
	    req->method != AT_HEAD))
		return 0;
	for (i = 0; v >= 0 && i < SEEN_SLOTS; i++)
		if (seen_set[i].uid == req->user->id &&
		    strcmp(seen_set[i].area, area) == 0) {
			if (seen_set[i].version == v)
				return 0;
			break;
		}
	if (at_db_exec(req->db, "INSERT INTO last_visits (user_id, area, "
	    "seen_at) VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
	    "seen_at = VALUES(seen_at)", "Is", req->user->id, area) == -1)
		return -1;
	if (v < 0 || strlen(area) >= sizeof(seen_set[0].area))
		return 0;
	if (i == SEEN_SLOTS) {
		i = seen_next;
		seen_next = (seen_next + 1) % SEEN_SLOTS;
	}
	seen_set[i].uid = req->user->id;
	seen_set[i].version = v;
	snprintf(seen_set[i].area, sizeof(seen_set[i].area), "%s", area);
	return 0;
}

/* Whether area is 1 to 32 of [a-z0-9_.-]. */
static int
chg_area_ok(const char *area)
{
	size_t	 n;

	if (area == NULL)
		return 0;
	for (n = 0; area[n] != '\0'; n++)
		if (!((area[n] >= 'a' && area[n] <= 'z') || (area[n] >= '0' &&
		    area[n] <= '9') || area[n] == '_' || area[n] == '.' ||
		    area[n] == '-'))
			return 0;
	return n > 0 && n <= 32;
}

/* See include/atrium/extend.h. */
const char *
at_seen_since(struct at_req *req, const char *area)
{
	struct at_rows	*r;

	if (req->user == NULL || !chg_area_ok(area))
		return NULL;
	r = at_db_select(req->db, req->pool, "SELECT COALESCE(MAX(seen_at), "
	    "?, '1000-01-01') AS t FROM last_visits WHERE user_id = ? AND "
	    "area = ?", "sIs", hub_seen_base(req), req->user->id, area);
	if (r == NULL || r->n != 1)
		return NULL;
	return at_row(r, 0, "t");
}

/* See include/atrium/extend.h. */
int
at_seen_mark(struct at_req *req, const char *area)
{
	if (!chg_area_ok(area))
		return -1;
	return hub_seen_mark(req, area);
}

/* See hub/hub.h. */
const char *
hub_seen_base(struct at_req *req)
{
	return req->user != NULL && req->user->last_seen != NULL ?
	    req->user->last_seen : "1000-01-01";
}

/* Puts new="N" on the navigation item linking to href when N > 0. */
static void
chg_nav_count(xmlNodePtr nav, const char *href, const char *n)
{
	xmlNodePtr	 it;
	xmlChar		*h;
	int		 hit;

	if (n == NULL || strcmp(n, "0") == 0)
		return;
	for (it = nav->children; it != NULL; it = it->next) {
		if (it->type != XML_ELEMENT_NODE)
			continue;
		h = xmlGetProp(it, BAD_CAST "href");
		hit = h != NULL && strcmp((const char *)h, href) == 0;
		xmlFree(h);
		if (hit)
			at_xa(it, "new", n);
	}
}

/*
 * The unread message threads (messages.c) for the navigation, in the
 * same query: staff (bind: I the user), a contact (binds: I I the user).
 */
#define CHG_MSG_STAFF "(SELECT COUNT(*) FROM message_threads t LEFT JOIN " \
	"message_reads mr ON mr.thread_id = t.id AND mr.user_id = ? WHERE " \
	"t.last_id > COALESCE(mr.last_read_id, 0)) AS messages"
#define CHG_MSG_CONTACT "(SELECT COUNT(*) FROM message_threads t JOIN " \
	"message_participants mp ON mp.thread_id = t.id AND mp.user_id = ? " \
	"LEFT JOIN message_reads mr ON mr.thread_id = t.id AND mr.user_id = " \
	"? WHERE t.client_id = c.id AND t.last_public_id > " \
	"COALESCE(mr.last_read_id, 0)) AS messages"

/* Puts count="N" on the navigation item linking to href when N > 0. */
static void
chg_nav_unread(xmlNodePtr nav, const char *href, const char *n)
{
	xmlNodePtr	 it;
	xmlChar		*h;
	int		 hit;

	if (n == NULL || strcmp(n, "0") == 0)
		return;
	for (it = nav->children; it != NULL; it = it->next) {
		if (it->type != XML_ELEMENT_NODE)
			continue;
		h = xmlGetProp(it, BAD_CAST "href");
		hit = h != NULL && strcmp((const char *)h, href) == 0;
		xmlFree(h);
		if (hit)
			at_xa(it, "count", n);
	}
}

/*
 * The counts (and, for a contact, the co-brand) as one row: columns
 * projects, files, approvals (and brand_accent, brand_logo).  NULL on
 * a database error.
 */
static struct at_rows *
chg_counts(struct at_req *req)
{
	const char	*base = hub_seen_base(req);
	long long	 uid = req->user->id;

	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT "
		    "(SELECT COUNT(*) FROM projects p WHERE "
		    "GREATEST(p.created_at, COALESCE(p.updated_at, "
		    "p.created_at)) > " CHG_MARK("projects") ") AS projects, "
		    "(SELECT COUNT(*) FROM files f WHERE f.updated_at > "
		    CHG_MARK("files") " AND NOT EXISTS (SELECT 1 FROM "
		    "file_versions v WHERE v.file_id = f.id AND v.version = "
		    "f.version AND v.uploaded_by = ?)) AS files, "
		    "(SELECT COUNT(DISTINCT s.approval_id) FROM approval_steps "
		    "s WHERE s.answered_at > " CHG_MARK("approvals") ") AS "
		    "approvals, "
		    "(SELECT COUNT(*) FROM decisions d WHERE d.created_at > "
		    CHG_MARK("decisions") " AND COALESCE(d.created_by, 0) <> "
		    "?) AS decisions, " CHG_MSG_STAFF, "IsIsIIsIsII", uid, base,
		    uid, base, uid, uid, base, uid, base, uid, uid);
	return at_db_select(req->db, req->pool, "SELECT c.brand_accent, "
	    "c.brand_logo, "
	    "(SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id AND "
	    "p.visible = 1 AND GREATEST(COALESCE(p.shared_at, p.created_at), "
	    "COALESCE(p.updated_at, p.created_at)) > " CHG_MARK("projects")
	    ") AS projects, "
	    "(SELECT COUNT(*) FROM files f JOIN projects p ON p.id = "
	    "f.project_id AND p.client_id = f.client_id AND p.visible = 1 "
	    "WHERE f.client_id = c.id AND f.visible = 1 AND "
	    "GREATEST(COALESCE(f.shared_at, f.created_at), f.updated_at) > "
	    CHG_MARK("files") ") AS files, "
	    "(SELECT COUNT(*) FROM approvals a JOIN projects p ON p.id = "
	    "a.project_id AND p.visible = 1 WHERE a.client_id = c.id AND "
	    "a.visible = 1 AND GREATEST(COALESCE(a.sent_at, a.created_at), "
	    "COALESCE(a.completed_at, a.created_at)) > " CHG_MARK("approvals")
	    ") AS approvals, "
	    "(SELECT COUNT(*) FROM decisions d JOIN projects p ON p.id = "
	    "d.project_id AND p.client_id = d.client_id AND p.visible = 1 "
	    "WHERE d.client_id = c.id AND d.visible = 1 AND "
	    "COALESCE(d.shared_at, d.created_at) > " CHG_MARK("decisions")
	    ") AS decisions, " CHG_MSG_CONTACT " FROM clients c WHERE c.id = "
	    "?", "IsIsIsIsIII", uid, base, uid, base, uid, base, uid, base,
	    uid, uid, at_client_scope(req));
}

/*
 * Whether the request's path is one that answers with bytes, not a page
 * (downloads, previews, logos, stylesheets, calendar files): the model
 * is started for every route, so these skip the query.
 */
static int
chg_not_a_page(const char *path)
{
	static const char *const ends[] = { "/download", "/preview",
	    "/logo", ".css", "/ics", NULL };
	size_t		 n, k, i;

	if (path == NULL)
		return 1;
	n = strlen(path);
	for (i = 0; ends[i] != NULL; i++) {
		k = strlen(ends[i]);
		if (n >= k && strcmp(path + n - k, ends[i]) == 0)
			return 1;
	}
	return strncmp(path, "/meetings/feed/", 15) == 0;
}

/*
 * The counts a worker keeps per person: the row chg_counts read, under
 * the caller's data version (any change to a client's items adds to it)
 * and "seen" markers, both read with the session in its one round trip,
 * so a page pays nothing for the counts while neither moved.
 */
#define CHG_SLOTS	64
#define CHG_NAREAS	(sizeof(chg_areas) / sizeof(chg_areas[0]))
#define CHG_NCOLS	(CHG_NAREAS + 3)

/* The areas' counts in chg_areas' order, the unread threads, the brand. */
static const char *const chg_cols[CHG_NCOLS] = { "projects", "files",
    "approvals", "decisions", "messages", "brand_accent", "brand_logo" };

struct chg_entry {
	char		 key[384];	/* "" when free */
	char		 val[CHG_NCOLS][80];
	int		 null[CHG_NCOLS];
};

static struct chg_entry	 chg_kept[CHG_SLOTS];
static size_t		 chg_next;

/* The caller's key into key (size n); 0 when the counts cannot be kept. */
static int
chg_key(struct at_req *req, char *key, size_t n)
{
	const char	*marks = at_session_marks();
	long long	 v = at_session_data_version();
	int		 w;

	if (v < 0 || marks == NULL)
		return 0;
	w = snprintf(key, n, "%lld:%d:%lld:%lld:%s:%s", req->user->id,
	    (int)req->user->role, at_client_scope(req), v,
	    hub_seen_base(req), marks);
	return w > 0 && (size_t)w < n;
}

/* Fills vals from the counts kept under key; 1 when there were. */
static int
chg_find(const char *key, const char **vals)
{
	size_t		 i, k;

	for (i = 0; i < CHG_SLOTS; i++) {
		if (strcmp(chg_kept[i].key, key) != 0)
			continue;
		for (k = 0; k < CHG_NCOLS; k++)
			vals[k] = chg_kept[i].null[k] ? NULL :
			    chg_kept[i].val[k];
		return 1;
	}
	return 0;
}

/* Keeps row 0 of r under key (the oldest slot replaced). */
static void
chg_keep(const char *key, const struct at_rows *r)
{
	struct chg_entry *e = &chg_kept[chg_next];
	const char	*v;
	size_t		 k;

	for (k = 0; k < CHG_NCOLS; k++) {
		v = at_row(r, 0, chg_cols[k]);
		if (v != NULL && strlen(v) >= sizeof(e->val[k]))
			return;		/* too long to keep: read each time */
	}
	chg_next = (chg_next + 1) % CHG_SLOTS;
	snprintf(e->key, sizeof(e->key), "%s", key);
	for (k = 0; k < CHG_NCOLS; k++) {
		v = at_row(r, 0, chg_cols[k]);
		e->null[k] = v == NULL;
		snprintf(e->val[k], sizeof(e->val[k]), "%s", v != NULL ? v :
		    "");
	}
}

/* See hub/hub.h. */
void
hub_page_person(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	struct at_rows	*r;
	const char	*vals[CHG_NCOLS];
	char		 key[384];
	size_t		 i;
	int		 staff, keep;

	if (req->user == NULL || req->db == NULL || (req->method != AT_GET &&
	    req->method != AT_HEAD) || chg_not_a_page(req->path) ||
	    at_db_gone(req->db))
		return;
	staff = at_is_staff(req);
	if (!staff && at_client_scope(req) <= 0)
		return;
	keep = chg_key(req, key, sizeof(key));
	if (!keep || !chg_find(key, vals)) {
		if ((r = chg_counts(req)) == NULL || r->n != 1)
			return;	/* the page goes on without the counts */
		if (keep)
			chg_keep(key, r);
		for (i = 0; i < CHG_NCOLS; i++)
			vals[i] = staff && i > CHG_NAREAS ? NULL :
			    at_row(r, 0, chg_cols[i]);
	}
	for (i = 0; i < CHG_NAREAS; i++)
		chg_nav_count(nav, staff ? chg_areas[i].staff_href :
		    chg_areas[i].href, vals[i]);
	chg_nav_unread(nav, staff ? "/staff/messages" : "/messages",
	    vals[CHG_NAREAS]);
	if (!staff)
		hub_brand_attrs(req, brand, vals[CHG_NAREAS + 1],
		    vals[CHG_NAREAS + 2]);
}
