/*
 * The two home pages: the client's dashboard at "/" and the staff area's
 * at "/staff/".
 *
 * The client's dashboard answers at a glance: are we on track (active
 * projects with their health and progress), what do you need from me
 * ("Needs your action": approvals waiting for the contact's answer and
 * shared tasks the contact owns), what happens next (upcoming milestones
 * and the next deadline), then recent activity.  The hub's own cards
 * (Active projects, Completed, Upcoming milestones, Pending approvals,
 * Shared files) come from one query; plugins add theirs through the
 * registry (at_reg_card), so a plugin switched off for a client shows no
 * card there.  With the session and the activity section that is three
 * round trips plus one per plugin card.
 *
 * The staff dashboard shows the registered staff cards, one row per
 * client (pending approvals with the oldest's age, overdue milestones,
 * last client sign-in and last client action, in the site's zone) and
 * the recent activity.
 *
 * Page ids: dashboard (<welcome>, <cards>, <needs>, <next>, <activity>),
 * staff-dashboard (<cards>, <clients>, <activity>).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/approvals.h"

/* The contact's summary: one row per fact, columns k, id, title, d, x. */
#define DASH_SUMMARY \
	"(SELECT 'count' AS k, COUNT(*) AS id, p.status AS title, NULL AS d, " \
	"NULL AS x, NULL AS steps, NULL AS done FROM projects p WHERE " \
	"p.client_id = ? AND p.visible = 1 GROUP BY p.status) UNION ALL " \
	"(SELECT 'proj', p.id, p.name, p.due_on, p.health, " \
	HUB_PROJ_STEPS(HUB_VIS_SHARED) " FROM projects p WHERE " \
	"p.client_id = ? AND p.visible = 1 AND p.status = 'active' ORDER " \
	"BY p.due_on IS NULL, p.due_on, p.id LIMIT 5) UNION ALL " \
	"(SELECT 'ms', p.id, m.title, m.due_on, p.name, NULL, NULL FROM " \
	"milestones m JOIN projects p ON p.id = m.project_id AND " \
	"p.client_id = m.client_id AND p.visible = 1 WHERE m.client_id = ? " \
	"AND m.visible = 1 AND m.done_at IS NULL AND m.due_on >= ? ORDER BY " \
	"m.due_on, m.id LIMIT 5) UNION ALL " \
	"(SELECT 'mscount', COUNT(*), NULL, NULL, NULL, NULL, NULL FROM " \
	"milestones m JOIN projects p ON p.id = m.project_id AND " \
	"p.client_id = m.client_id AND p.visible = 1 WHERE m.client_id = ? " \
	"AND m.visible = 1 AND m.done_at IS NULL AND m.due_on >= ?) " \
	"UNION ALL " \
	"(SELECT 'task', t.project_id, t.title, t.due_on, p.name, NULL, " \
	"NULL FROM tasks t JOIN projects p ON p.id = t.project_id AND " \
	"p.client_id = t.client_id AND p.visible = 1 WHERE t.client_id = ? " \
	"AND t.owner_id = ? AND t.visible = 1 AND t.status <> 'done' ORDER " \
	"BY t.due_on IS NULL, t.due_on, t.id LIMIT 10) UNION ALL " \
	"(SELECT 'mine', a.id, a.title, a.due_on, p.name, NULL, NULL FROM " \
	"approvals a " APPR_CONTACT_JOIN "JOIN approval_steps s ON " \
	"s.approval_id = a.id AND s.user_id = ? WHERE a.client_id = ? AND " \
	"a.visible = 1 AND a.status = 'pending' AND " APPR_TURN " ORDER BY " \
	"a.due_on IS NULL, a.due_on, a.id LIMIT 5) UNION ALL " \
	"(SELECT 'pending', COUNT(*), NULL, NULL, NULL, NULL, NULL FROM " \
	"approvals a " APPR_CONTACT_JOIN "WHERE a.client_id = ? AND " \
	"a.visible = 1 AND a.status = 'pending') UNION ALL " \
	"(SELECT 'files', COUNT(*), NULL, NULL, NULL, NULL, NULL FROM files " \
	"f JOIN projects p ON p.id = f.project_id AND p.client_id = " \
	"f.client_id AND p.visible = 1 WHERE f.client_id = ? AND " \
	"f.visible = 1) UNION ALL " \
	"(SELECT 'file', f.id, f.name, DATE(f.updated_at), NULL, NULL, NULL " \
	"FROM files f JOIN projects p ON p.id = f.project_id AND " \
	"p.client_id = f.client_id AND p.visible = 1 WHERE f.client_id = ? " \
	"AND f.visible = 1 ORDER BY f.updated_at DESC, f.id DESC LIMIT 3) " \
	"UNION ALL " \
	"(SELECT 'pdue', p.id, p.name, p.due_on, NULL, NULL, NULL FROM " \
	"projects p WHERE p.client_id = ? AND p.visible = 1 AND p.status = " \
	"'active' AND p.due_on >= ? ORDER BY p.due_on, p.id LIMIT 1)"

/* The health labels as people read them. */
static const char *
dash_health(const char *h)
{
	if (h == NULL)
		return "";
	if (strcmp(h, "needs_review") == 0)
		return "needs review";
	if (strcmp(h, "waiting_on_client") == 0)
		return "waiting on you";
	if (strcmp(h, "blocked") == 0)
		return "blocked";
	return "on track";
}

/* A card with name, title, link and the text shown when it is empty. */
static xmlNodePtr
dash_card(xmlNodePtr cards, const char *name, const char *title,
    const char *href, const char *empty)
{
	xmlNodePtr	 c = at_x(cards, "card", NULL);

	at_xa(c, "name", name);
	at_xa(c, "title", title);
	at_xa(c, "href", href);
	at_xa(c, "empty", empty);
	return c;
}

/* An <item> with its link and "when" text. */
static void
dash_item(xmlNodePtr parent, const char *text, const char *href,
    const char *when)
{
	xmlNodePtr	 it = at_x(parent, "item", text);

	at_xa(it, "href", href);
	at_xa(it, "when", when);
}

/* Keeps in *next the earliest dated row at or after today. */
static void
dash_next(const struct at_rows *r, size_t i, const char *today,
    size_t *next)
{
	const char	*d = at_row(r, i, "d");

	if (d == NULL || strcmp(d, today) < 0)
		return;
	if (*next == (size_t)-1 || strcmp(d, at_row(r, *next, "d")) < 0)
		*next = i;
}

/*
 * The hub's cards, <needs> and <next> for the contact, from one query.
 * Returns 0, or -1 on a database error.
 */
static int
dash_summary(struct at_req *req, xmlNodePtr c, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 act, done, ms, ap, fl, needs, nx, nact, ndone;
	long long	 client = at_client_scope(req), me = req->user->id;
	const char	*today = hub_today(req), *k, *d, *t, *href;
	size_t		 i, next = (size_t)-1;
	struct at_pool	*p = req->pool;

	r = at_db_select(req->db, p, DASH_SUMMARY, "IIIsIsIIIIIIIIs", client,
	    client, client, today, client, today, client, me, me, client,
	    client, client, client, client, today);
	if (r == NULL)
		return -1;
	act = dash_card(cards, "projects", "Active projects",
	    "/projects?status=active", "No active project.");
	done = dash_card(cards, "completed", "Completed",
	    "/projects?status=completed", "Nothing completed yet.");
	ms = dash_card(cards, "milestones", "Upcoming milestones", "/projects",
	    "No milestone ahead.");
	ap = dash_card(cards, "approvals", "Pending approvals", "/approvals",
	    "Nothing is waiting for approval.");
	fl = dash_card(cards, "files", "Shared files", "/files",
	    "No files shared yet.");
	nact = at_x(act, "count", "0");
	ndone = at_x(done, "count", "0");
	needs = at_x(c, "needs", NULL);
	for (i = 0; i < r->n; i++) {
		k = at_row(r, i, "k");
		t = at_row(r, i, "title");
		d = at_row(r, i, "d");
		if (strcmp(k, "count") == 0) {
			if (strcmp(t, "active") == 0)
				xmlNodeSetContent(nact, BAD_CAST
				    at_row(r, i, "id"));
			else if (strcmp(t, "completed") == 0)
				xmlNodeSetContent(ndone, BAD_CAST
				    at_row(r, i, "id"));
		} else if (strcmp(k, "proj") == 0)
			dash_item(act, t, at_pprintf(p, "/projects/%s",
			    at_row(r, i, "id")), at_pprintf(p, "%s, %d%% done%s%s",
			    dash_health(at_row(r, i, "x")),
			    hub_progress(at_row_int(r, i, "done", 0),
			    at_row_int(r, i, "steps", 0), "active"),
			    d != NULL ? ", due " : "", d != NULL ? d : ""));
		else if (strcmp(k, "ms") == 0) {
			dash_item(ms, t, at_pprintf(p, "/projects/%s",
			    at_row(r, i, "id")), at_pprintf(p, "%s, %s",
			    at_row(r, i, "x"), d));
			dash_next(r, i, today, &next);
		} else if (strcmp(k, "mscount") == 0)
			at_x(ms, "count", at_row(r, i, "id"));
		else if (strcmp(k, "pending") == 0)
			at_x(ap, "count", at_row(r, i, "id"));
		else if (strcmp(k, "files") == 0)
			at_x(fl, "count", at_row(r, i, "id"));
		else if (strcmp(k, "file") == 0)
			dash_item(fl, t, at_pprintf(p, "/files/%s",
			    at_row(r, i, "id")), d);
		else if (strcmp(k, "mine") == 0 || strcmp(k, "task") == 0) {
			href = at_pprintf(p, strcmp(k, "mine") == 0 ?
			    "/approvals/%s" : "/projects/%s", at_row(r, i, "id"));
			if (strcmp(k, "mine") == 0)
				dash_item(ap, t, href, d != NULL ?
				    at_pprintf(p, "your answer, due %s", d) :
				    "your answer");
			dash_item(needs, t, href, d);
			at_xa(needs->last, "kind", strcmp(k, "mine") == 0 ?
			    "approval" : "task");
			at_xa(needs->last, "project", at_row(r, i, "x"));
			if (d != NULL && strcmp(d, today) < 0)
				at_xa(needs->last, "overdue", "1");
			dash_next(r, i, today, &next);
		} else if (strcmp(k, "pdue") == 0)
			dash_next(r, i, today, &next);
	}
	if (next != (size_t)-1) {
		k = at_row(r, next, "k");
		nx = at_x(c, "next", at_row(r, next, "title"));
		at_xa(nx, "date", at_row(r, next, "d"));
		at_xa(nx, "kind", strcmp(k, "ms") == 0 ? "milestone" :
		    strcmp(k, "mine") == 0 ? "approval" : strcmp(k, "task") ==
		    0 ? "task" : "project");
		at_xa(nx, "href", at_pprintf(p, strcmp(k, "mine") == 0 ?
		    "/approvals/%s" : "/projects/%s", at_row(r, next, "id")));
		at_xa(nx, "project", at_row(r, next, "x"));
	}
	return 0;
}

/*
 * GET / (signed in): contacts get their dashboard; staff go to /staff/.
 */
static int
h_home(struct at_req *req)
{
	xmlNodePtr	 c, cards;

	if (at_is_staff(req))
		return at_redirect(req, "/staff/");
	at_page_id(req, "dashboard");
	at_page_title(req, "Home");
	c = at_page_content(req);
	at_x(c, "welcome", req->user->name);
	at_x(c, "today", hub_today(req));
	cards = at_x(c, "cards", NULL);
	if (dash_summary(req, c, cards) == -1 ||
	    at_cards_fill(req, cards) == -1 ||
	    hub_activity_section(req, c, 0) == -1)
		return 500;
	return 200;
}

/*
 * GET /staff/ (staff): the staff cards, one row per client, and the
 * recent activity of every client.
 */
static int
h_staff_home(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c, cards, l, n;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT x.*, la.at AS "
	    "last_activity_at, la.summary AS last_activity, lu.name AS "
	    "last_activity_by FROM (SELECT c.id, c.name, "
	    "(SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id AND "
	    "p.status = 'active') AS active, "
	    "(SELECT COUNT(*) FROM approvals a WHERE a.client_id = c.id AND "
	    "a.status = 'pending' AND a.visible = 1) AS pending, "
	    "(SELECT MAX(DATEDIFF(UTC_DATE(), DATE(COALESCE(a.sent_at, "
	    "a.created_at)))) FROM approvals a WHERE a.client_id = c.id AND "
	    "a.status = 'pending' AND a.visible = 1) AS oldest_days, "
	    "(SELECT COUNT(*) FROM milestones m JOIN projects p ON p.id = "
	    "m.project_id WHERE m.client_id = c.id AND m.done_at IS NULL AND "
	    "m.due_on < ? AND p.status = 'active') AS overdue, "
	    "(SELECT MAX(u.last_login_at) FROM users u WHERE u.client_id = "
	    "c.id AND u.role = 'contact') AS last_login, "
	    "(SELECT a.id FROM activity a JOIN users u ON u.id = a.user_id "
	    "AND u.role = 'contact' WHERE a.client_id = c.id ORDER BY a.id "
	    "DESC LIMIT 1) AS last_activity_id FROM clients c) x "
	    "LEFT JOIN activity la ON la.id = x.last_activity_id "
	    "LEFT JOIN users lu ON lu.id = la.user_id "
	    "ORDER BY x.pending DESC, x.overdue DESC, x.name LIMIT 200", "s",
	    hub_today(req));
	if (r == NULL)
		return 500;
	at_page_id(req, "staff-dashboard");
	at_page_title(req, "Dashboard");
	c = at_page_content(req);
	at_x(c, "welcome", req->user->name);
	cards = at_x(c, "cards", NULL);
	if (at_cards_fill(req, cards) == -1)
		return 500;
	l = at_x(c, "clients", NULL);
	for (i = 0; i < r->n; i++) {
		n = at_x_row(l, "client", r, i);
		/* Times as the team reads them, in the site's zone. */
		if (at_row(r, i, "last_login") != NULL)
			at_x(n, "last_login_local", at_time_local(req->pool,
			    at_row(r, i, "last_login")));
		if (at_row(r, i, "last_activity_at") != NULL)
			at_x(n, "last_activity_local", at_time_local(req->pool,
			    at_row(r, i, "last_activity_at")));
	}
	if (hub_activity_section(req, c, 0) == -1)
		return 500;
	return 200;
}

static const struct at_route dash_routes[] = {
	{ AT_GET, "/", AT_USER, h_home, NULL, NULL },
	{ AT_GET, "/staff", AT_STAFF, h_staff_home, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the home pages and their navigation items. */
static int
dash_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, dash_routes);
	at_reg_nav(reg, AT_CONTACT, "Home", "/", 0);
	at_reg_nav(reg, AT_STAFF, "Dashboard", "/staff/", 0);
	return 0;
}

const struct at_plugin at_mod_dashboard = {
	AT_PLUGIN_HEAD,
	.name = "dashboard",
	.version = PACKAGE_VERSION,
	.summary = "Home pages for clients and staff",
	.init = dash_init,
};
