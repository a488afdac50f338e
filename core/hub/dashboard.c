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
 * data version the session's one query reads (hub_kept_key), so in the
 * steady state the page costs that one round trip (the bell's count and
 * the navigation's change counts come with it; session.c, changes.c).
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
#include <time.h>

#include <sodium.h>

#include "core.h"
#include "hub/hub.h"

#define DASH_SLOTS	64	/* pages a worker keeps */
#define DASH_TTL	60	/* seconds one is kept at most */

/*
 * One kept page (a dashboard, a contact's project page): a copy of the
 * page's content children and its title.
 */
struct dash_entry {
	char		 key[200];	/* "" when free */
	time_t		 made;
	xmlNodePtr	 nodes;		/* in dash_doc */
	char		*title;		/* malloc'd */
	unsigned char	 digest[16];	/* at_view_digest() of nodes */
};

static struct dash_entry dash_cache[DASH_SLOTS];
static size_t		 dash_next;
static xmlDocPtr	 dash_doc;	/* holds the kept copies */

/* See hub/hub.h. */
int
hub_kept_key(struct at_req *req, const char *page, char *key, size_t n)
{
	crypto_generichash_state st;
	unsigned char	 h[16];
	long long	 v = at_session_data_version();
	size_t		 i;
	int		 w;

	if (v < 0 || req->user == NULL)
		return 0;
	/* The plugins on for the client draw parts of it too. */
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (i = 0; i < req->user->nplugins; i++)
		crypto_generichash_update(&st, (const unsigned char *)
		    req->user->plugins[i], strlen(req->user->plugins[i]) + 1);
	crypto_generichash_final(&st, h, sizeof(h));
	/* The session's form token too: a page's forms carry it. */
	w = snprintf(key, n, "%s:%lld:%d:%lld:%s:%s:%.16s:%02x%02x%02x%02x"
	    "%02x%02x%02x%02x", page, req->user->id, (int)req->user->role, v,
	    hub_today(req), req->user->last_seen != NULL ?
	    req->user->last_seen : "", req->csrf != NULL ? req->csrf : "",
	    h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	return w > 0 && (size_t)w < n;
}

/* See hub/hub.h. */
int
hub_kept_list_key(struct at_req *req, const char *page, char *key, size_t n)
{
	const char	*marks = at_session_marks();
	unsigned char	 h[8];
	char		 p[96];
	int		 w;

	if (marks == NULL)
		return 0;
	crypto_generichash(h, sizeof(h), (const unsigned char *)marks,
	    strlen(marks), NULL, 0);
	w = snprintf(p, sizeof(p), "%s:%02x%02x%02x%02x%02x%02x%02x%02x",
	    page, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	if (w < 0 || (size_t)w >= sizeof(p))
		return 0;
	return hub_kept_key(req, p, key, n);
}

/* See hub/hub.h. */
const char *
hub_kept_get(struct at_req *req, const char *key, xmlNodePtr content)
{
	size_t		 i;
	time_t		 now = time(NULL);

	for (i = 0; i < DASH_SLOTS; i++) {
		if (strcmp(dash_cache[i].key, key) != 0)
			continue;
		if (now - dash_cache[i].made > DASH_TTL)
			return NULL;
		/*
		 * Copied only if the page is drawn: when its HTML is kept
		 * too (the same digest), the copy is never needed.
		 */
		at_view_defer(content, dash_cache[i].nodes,
		    dash_cache[i].digest, sizeof(dash_cache[i].digest));
		return at_pstrdup(req->pool, dash_cache[i].title != NULL ?
		    dash_cache[i].title : "");
	}
	return NULL;
}

/* See hub/hub.h. */
void
hub_kept_put(const char *key, const char *title, xmlNodePtr content)
{
	struct dash_entry *e = NULL;
	size_t		 i;

	if (dash_doc == NULL && (dash_doc = xmlNewDoc(BAD_CAST "1.0")) ==
	    NULL)
		return;
	/* A page of this request may stand for nodes about to be freed. */
	at_view_expand();
	for (i = 0; i < DASH_SLOTS && e == NULL; i++)
		if (strcmp(dash_cache[i].key, key) == 0)
			e = &dash_cache[i];
	if (e == NULL) {
		e = &dash_cache[dash_next];
		dash_next = (dash_next + 1) % DASH_SLOTS;
	}
	if (e->nodes != NULL)
		xmlFreeNodeList(e->nodes);
	e->nodes = NULL;
	free(e->title);
	e->title = NULL;
	e->key[0] = '\0';
	if (strlen(key) >= sizeof(e->key) || (title != NULL &&
	    (e->title = strdup(title)) == NULL))
		return;
	if ((e->nodes = xmlDocCopyNodeList(dash_doc, content->children)) ==
	    NULL)
		return;
	at_view_digest(e->nodes, e->digest, sizeof(e->digest));
	snprintf(e->key, sizeof(e->key), "%s", key);
	e->made = time(NULL);
}

/*
 * The key a plugin's page is kept under (include/atrium/kept.h): the
 * list key, page prefixed so no plugin's name meets the hub's own.  0
 * when the page cannot be kept.
 */
static int
kept_api_key(struct at_req *req, const char *page, char *key, size_t n)
{
	char	 p[80];
	int	 w;

	if (page == NULL || req->user == NULL)
		return 0;
	w = snprintf(p, sizeof(p), "x:%s", page);
	if (w < 0 || (size_t)w >= sizeof(p))
		return 0;
	return hub_kept_list_key(req, p, key, n);
}

/* See include/atrium/kept.h. */
int
at_kept_get(struct at_req *req, const char *page, xmlNodePtr content)
{
	char	 key[200];

	if (!kept_api_key(req, page, key, sizeof(key)))
		return 0;
	return hub_kept_get(req, key, content) != NULL;
}

/* See include/atrium/kept.h. */
void
at_kept_put(struct at_req *req, const char *page, xmlNodePtr content)
{
	char	 key[200];

	if (kept_api_key(req, page, key, sizeof(key)))
		hub_kept_put(key, NULL, content);
}

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
	keep = hub_kept_key(req, "home", key, sizeof(key));
	if (keep && hub_kept_get(req, key, c) != NULL)
		return 200;
	at_x(c, "welcome", req->user->name);
	at_x(c, "today", hub_today(req));
	if (at_dash_fill(req, c) == -1)
		return 500;
	if (keep)
		hub_kept_put(key, NULL, c);
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
	keep = hub_kept_key(req, "staff", key, sizeof(key));
	if (keep && hub_kept_get(req, key, c) != NULL)
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
		hub_kept_put(key, NULL, c);
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
