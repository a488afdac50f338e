/*
 * The two home pages: the client's dashboard at "/" and the staff area's
 * at "/staff/".
 *
 * The client's dashboard answers at a glance: are we on track (active
 * projects with their health and progress), what do you need from me
 * ("Needs your action"), what happens next (the next deadline), then
 * recent activity.  This file names no module: every card, "needs your
 * action" item, dated step and the activity section come from the
 * dashboard parts and cards modules register (at_reg_dash, at_reg_card;
 * atrium/extend.h), each for the caller and in one round trip, so a
 * plugin switched off for a client adds nothing there.  Round trips of
 * the contact's dashboard when it is drawn: the session, then one per
 * part: projects, approvals, files, activity and one per plugin part
 * (meetings).  Each worker keeps the drawn page per person under the
 * data version the session's one query reads (at_kept_key,
 * core/view/kept.c), so in the steady state the page costs that one
 * round trip (the bell's count and the navigation's change counts come
 * with it; session.c, changes.c).
 *
 * The staff dashboard shows the registered staff cards, one row per
 * client (last client sign-in and last client action, in the site's
 * zone, and the facts the modules' staff parts add to each row through
 * at_dash_client: active projects and overdue milestones, pending
 * approvals with the oldest's age; the skin sorts the rows by them) and
 * the recent activity.
 *
 * Page ids: dashboard (<welcome>, <cards>, <needs>, <next>, <activity>),
 * staff-dashboard (<cards>, <clients>, <activity>).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

/*
 * GET / (signed in): contacts get their dashboard; staff go to /staff/.
 */
static int
h_home(struct at_req *req)
{
	xmlNodePtr	 c;
	char		 key[200];
	int		 keep;

	if (at_is_staff(req))
		return at_redirect(req, "/staff/");
	at_page_id(req, "dashboard");
	at_page_title(req, "Home");
	c = at_page_content(req);
	keep = at_kept_key(req, "home", key, sizeof(key));
	if (keep && at_kept_page_get(req, key, c) != NULL)
		return 200;
	at_x(c, "welcome", req->user->name);
	at_x(c, "today", at_today(req->pool));
	if (at_dash_fill(req, c) == -1)
		return 500;
	if (keep)
		at_kept_page_put(key, NULL, c);
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
	xmlNodePtr	 c, l, n;
	size_t		 i;
	char		 key[200];
	int		 keep;

	at_page_id(req, "staff-dashboard");
	at_page_title(req, "Dashboard");
	c = at_page_content(req);
	keep = at_kept_key(req, "staff", key, sizeof(key));
	if (keep && at_kept_page_get(req, key, c) != NULL)
		return 200;
	/*
	 * The modules' facts (active, pending, overdue...) come from parts.
	 * A client's latest contact activity is the newest of each contact's
	 * latest (index activity_client_user: one probe per contact), not a
	 * walk down the client's log until a contact's row turns up.
	 */
	r = at_db_select(req->db, req->pool, "SELECT x.*, la.at AS "
	    "last_activity_at, la.summary AS last_activity, lu.name AS "
	    "last_activity_by FROM (SELECT c.id, c.name, "
	    "(SELECT MAX(u.last_login_at) FROM users u WHERE u.client_id = "
	    "c.id AND u.role = 'contact') AS last_login, "
	    "(SELECT MAX((SELECT a.id FROM activity a WHERE a.client_id = "
	    "c.id AND a.user_id = u.id ORDER BY a.id DESC LIMIT 1)) FROM "
	    "users u WHERE u.client_id = c.id AND u.role = 'contact') AS "
	    "last_activity_id FROM clients c) x "
	    "LEFT JOIN activity la ON la.id = x.last_activity_id "
	    "LEFT JOIN users lu ON lu.id = la.user_id "
	    "ORDER BY x.name LIMIT 500", "");
	if (r == NULL)
		return 500;
	at_x(c, "welcome", req->user->name);
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
	/* Cards, the parts' facts on each client's row, activity. */
	if (at_dash_fill(req, c) == -1)
		return 500;
	if (keep)
		at_kept_page_put(key, NULL, c);
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
