/*
 * A request for a module's atriumctl command (include/atrium/plugin.h,
 * at_command_req): the services and helpers that take a request (a
 * service's create, at_activity, the page model and at_pdf_page) work
 * from the command line as they do for staff on the site.  The first
 * one loads the skins (at_view_init), as the site's workers do.
 */
#include "config.h"

#include <string.h>

#include "core.h"

/* See atrium/plugin.h. */
struct at_req *
at_command_req(const struct at_site *site, struct at_db *db,
    struct at_pool *pool, long long user)
{
	struct at_req	*req;
	struct at_user	*u = NULL;
	struct at_rows	*r;
	const char	*role;
	static int	 view;

	if (site == NULL || db == NULL || pool == NULL)
		return NULL;
	/* The skins, for pages and PDFs (atriumctl does not load them). */
	if (!view && at_view_init(site) == -1)
		return NULL;
	view = 1;
	if (user != 0) {
		r = at_db_select(db, pool, "SELECT id, email, name, role FROM "
		    "users WHERE id = ? AND active = 1 AND role IN ('staff', "
		    "'admin')", "I", user);
		if (r == NULL || r->n != 1)
			return NULL;
		role = at_row(r, 0, "role");
		u = at_palloc(pool, sizeof(*u));
		memset(u, 0, sizeof(*u));
		u->id = at_row_int(r, 0, "id", 0);
		u->email = at_row(r, 0, "email");
		u->name = at_row(r, 0, "name");
		u->role = strcmp(role, "admin") == 0 ? AT_ROLE_ADMIN :
		    AT_ROLE_STAFF;
		u->plugins = at_palloc(pool, sizeof(char *));
		u->plugins[0] = NULL;
	}
	req = at_palloc(pool, sizeof(*req));
	memset(req, 0, sizeof(*req));
	req->pool = pool;
	req->db = db;
	req->site = site;
	req->user = u;
	req->method_name = "CLI";
	req->path = "/";
	req->query = "";
	req->remote_addr = "";
	req->host = "";
	at_page_new(req);
	return req;
}
