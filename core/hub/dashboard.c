/*
 * The two home pages: the client's dashboard at "/" and the staff area's
 * at "/staff/".  Each shows the cards that modules and plugins register
 * (at_reg_card) for the caller, so a plugin switched off for a client
 * shows no card there.
 *
 * Page ids: dashboard, staff-dashboard; content <cards><card .../></cards>.
 */
#include "config.h"

#include "core.h"
#include "hub/hub.h"

/*
 * GET / (signed in): contacts get their dashboard with <welcome> and
 * <cards>; staff go to /staff/.
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
	cards = at_x(c, "cards", NULL);
	if (at_cards_fill(req, cards) == -1)
		return 500;
	return 200;
}

/* GET /staff/ (staff): the staff dashboard with <cards>. */
static int
h_staff_home(struct at_req *req)
{
	xmlNodePtr	 c, cards;

	at_page_id(req, "staff-dashboard");
	at_page_title(req, "Dashboard");
	c = at_page_content(req);
	at_x(c, "welcome", req->user->name);
	cards = at_x(c, "cards", NULL);
	if (at_cards_fill(req, cards) == -1)
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
