/*
 * The activity log's pages: activity (GET /activity, a contact's view),
 * staff-activity (GET /staff/activity), staff-activity-verify (POST
 * /staff/activity/verify, admins), the project page's and the
 * dashboards' "Recent activity".  The log itself (the append, the seals,
 * the verifier) is a core service: core/activity/activity.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core.h"
#include "hub/hub.h"

#define ACT_PAGE	50	/* entries on a page */
#define ACT_SECTION	15	/* entries in a project's or dashboard's section */

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
		    "NOT NULL) AND a.action <> 'view' ORDER BY a.id DESC "
		    "LIMIT ?", "IIIi", project, project, project, ACT_SECTION);
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
 * client (an id), before (an entry id), views (1: include views, which
 * are left out by default so they do not flood the feed).  Adds
 * <activity views="0|1"> with ip, visible and client on each entry,
 * <clients><client id name/> for the filter, <more before/>.
 */
static int
h_staff_activity(struct at_req *req)
{
	struct at_rows	*r, *cl;
	xmlNodePtr	 c, s;
	long long	 before = act_before(req), client = 0;
	const char	*v = at_query(req, "views");
	int		 views = v != NULL && strcmp(v, "1") == 0;

	if (at_strtoll(at_query(req, "client"), &client) == -1 || client < 0)
		client = 0;
	r = at_db_select(req->db, req->pool, ACT_COLS ", a.ip, a.visible, "
	    "a.client_id, c.name AS client FROM activity a " ACT_JOINS
	    "LEFT JOIN clients c ON c.id = a.client_id "
	    "WHERE (? = 0 OR a.client_id = ?) AND (? = 0 OR a.id < ?) "
	    "AND (? = 1 OR a.action <> 'view') "
	    "ORDER BY a.id DESC LIMIT ?", "IIIIii", client, client, before,
	    before, views, ACT_PAGE);
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
	at_xa(s, "views", views ? "1" : "0");
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
	const struct at_activity_log *log;
	xmlNodePtr	 v;
	const char	*errstr = NULL;
	int		 rc;

	at_page_id(req, "staff-activity-verify");
	at_page_title(req, "Activity log check");
	v = at_x(at_page_content(req), "verify", NULL);
	log = at_service(AT_ACTIVITY_LOG, AT_VERSION(1, 0));
	if (log == NULL)
		return 500;
	rc = log->verify(req->db, act_verify_line, v, &errstr);
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

/*
 * Entries about people (object "user"): a sign-in reads "Ana Northwind
 * signed in", an account made "Ada Admin added the account ...".
 */
static void
act_user(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	const char	*who = e->who != NULL ? e->who : "Someone";

	(void)href;
	if (e->action == NULL)
		return;
	if (strcmp(e->action, "login") == 0)
		*sentence = at_pprintf(req->pool, "%s signed in", who);
	else if (strcmp(e->action, "create") == 0)
		*sentence = at_pprintf(req->pool, "%s added the account %s",
		    who, e->summary != NULL ? e->summary : "");
}

static const struct at_act_kind act_user_kind = {
	AT_EXT_SIZE(at_act_kind), "user", act_user
};

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
	at_reg_activity(reg, &act_user_kind);
	/* The log's service and its seal job are the core's. */
	at_activity_register(reg);
	return 0;
}

const struct at_plugin at_mod_activity = {
	AT_PLUGIN_HEAD,
	.name = "activity",
	.version = PACKAGE_VERSION,
	.summary = "The tamper-evident activity log",
	.init = act_init,
};
