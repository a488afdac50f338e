/*
 * Client organisations and their contacts, for staff: the list, a client
 * (renamed in place) with its portal access (the portal switch, each
 * contact's password or reset link and last sign-in, contacts added,
 * edited and deactivated) and its plugin switches.  Several contacts
 * share a client's history; switching the portal off signs them out.
 *
 * Page ids: staff-clients (<clients><client>), staff-client (<client>,
 * <contacts><contact>, <plugins><plugin name summary enabled/>).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "notify/notify.h"

/*
 * GET /staff/clients (staff): every client with its contacts' count and
 * last sign-in; field q filters by name.  Adds <clients><client>.
 */
static int
h_clients(struct at_req *req)
{
	struct at_rows	*r;
	const char	*q = at_query(req, "q");

	r = at_db_select(req->db, req->pool, "SELECT c.id, c.name, "
	    "c.portal_enabled, COUNT(u.id) AS contacts, MAX(u.last_login_at) "
	    "AS last_login FROM clients c LEFT JOIN users u ON u.client_id = "
	    "c.id AND u.role = 'contact' WHERE (? IS NULL OR c.name LIKE "
	    "CONCAT('%', ?, '%')) GROUP BY c.id ORDER BY c.name", "ss", q, q);
	if (r == NULL)
		return 500;
	at_page_id(req, "staff-clients");
	at_page_title(req, "Clients");
	at_x_rows(at_page_content(req), "clients", "client", r);
	at_x_form(req, at_page_content(req), "client-new");
	return 200;
}

/*
 * POST /staff/clients (staff): field name.  Adds a client (portal off)
 * and emits "client.created" (data: its id) in the same transaction.
 */
static int
h_client_add(struct at_req *req)
{
	long long	 id;

	if (at_form_errors(req) > 0)
		return h_clients(req);
	if (at_db_exec(req->db, "INSERT INTO clients (name) VALUES (?)", "s",
	    at_form(req, "name")) == -1) {
		if (at_db_errno(req->db) != 1062)
			return 500;
		at_form_error(req, "name", "A client of that name exists.");
		return h_clients(req);
	}
	id = at_db_insert_id(req->db);
	at_activity(req, id, "create", "client", id, at_form(req, "name"), 0);
	at_emit(req, "client.created", &id);
	at_flash(req, "ok", "Client added. Add contacts, then open the "
	    "portal.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/clients/%lld",
	    id));
}

/*
 * GET /staff/clients/:id (staff): the client, its contacts with their
 * last sign-in, a switch for every loaded plugin, and <tabs> with the
 * client's pages in other modules.
 */
static int
h_client(struct at_req *req)
{
	struct at_rows	*c, *u, *p;
	const struct at_plugin **pl;
	xmlNodePtr	 content, list, n;
	size_t		 i, k, np;
	long long	 id = at_arg_id(req, "id");
	int		 on;

	c = at_db_select(req->db, req->pool, "SELECT id, name, "
	    "portal_enabled, created_at, brand_accent, brand_logo IS NOT NULL "
	    "AS has_logo FROM clients WHERE id = ?", "I", id);
	u = at_db_select(req->db, req->pool, "SELECT id, name, email, active, "
	    "last_login_at, password_hash IS NOT NULL AS has_password FROM "
	    "users WHERE client_id = ? AND role = 'contact' ORDER BY name",
	    "I", id);
	p = at_db_select(req->db, req->pool, "SELECT plugin FROM "
	    "client_plugins WHERE client_id = ? AND enabled = 1", "I", id);
	if (c == NULL || u == NULL || p == NULL)
		return 500;
	if (c->n == 0)
		return 404;
	at_page_id(req, "staff-client");
	at_page_title(req, at_row(c, 0, "name"));
	content = at_page_content(req);
	at_x_row(content, "client", c, 0);
	at_x_rows(content, "contacts", "contact", u);
	list = at_x(content, "plugins", NULL);
	np = at_registry_plugins(&pl);
	for (i = 0; i < np; i++) {
		on = 0;
		for (k = 0; k < p->n; k++)
			if (strcmp(at_row(p, k, "plugin"), pl[i]->name) == 0)
				on = 1;
		n = at_x(list, "plugin", NULL);
		at_xa(n, "name", pl[i]->name);
		at_xa(n, "summary", pl[i]->summary);
		at_xa(n, "enabled", on ? "1" : "0");
	}
	at_x_form(req, content, "client");
	/* The tabs other modules register (at_reg_client_tab). */
	if (at_client_tabs_fill(req, content, id) == -1)
		return 500;
	return 200;
}

/* See hub/hub.h: the client's page (for branding.c's refusals). */
int
hub_client_page(struct at_req *req)
{
	return h_client(req);
}

/* Whether client id exists: 1, 0, or -1 on a database error. */
static int
sql_client_exists(struct at_req *req, long long id)
{
	struct at_rows	*c;

	c = at_db_select(req->db, req->pool, "SELECT id FROM clients WHERE "
	    "id = ?", "I", id);
	if (c == NULL)
		return -1;
	return c->n > 0;
}

/* Back to the client's page with a message. */
static int
client_done(struct at_req *req, long long id, const char *msg)
{
	at_flash(req, "ok", msg);
	return at_redirect(req, at_pprintf(req->pool, "/staff/clients/%lld",
	    id));
}

/*
 * Invites every active contact of client id who has no password yet and
 * no live password link (their portal was just opened).  The number
 * invited, or -1.
 */
static int
client_invite_waiting(struct at_req *req, long long id)
{
	struct at_rows	*r;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT u.id FROM users u WHERE "
	    "u.client_id = ? AND u.role = 'contact' AND u.active = 1 AND "
	    "u.password_hash IS NULL AND NOT EXISTS (SELECT 1 FROM "
	    "password_resets r WHERE r.user_id = u.id AND r.used_at IS NULL "
	    "AND r.expires_at > UTC_TIMESTAMP())", "I", id);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++)
		if (at_invite_send(req, at_row_int(r, i, "id", 0)) == -1)
			return -1;
	return (int)r->n;
}

/*
 * POST /staff/clients/:id/portal (staff): field enabled.  Opens or closes
 * the portal; closing it signs every contact out, opening it invites
 * each contact who has no password yet.
 */
static int
h_portal(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), n;
	int		 on = strcmp(at_form(req, "enabled"), "1") == 0;
	int		 invited = 0;

	n = at_db_exec(req->db, "UPDATE clients SET portal_enabled = ? WHERE "
	    "id = ?", "iI", on, id);
	if (n == -1)
		return 500;
	if (n == 0)
		return 404;
	if (!on && at_client_revoke(req->db, id) == -1)
		return 500;
	if (on && (invited = client_invite_waiting(req, id)) == -1)
		return 500;
	at_activity(req, id, on ? "portal-on" : "portal-off", "client", id,
	    NULL, 0);
	return client_done(req, id, !on ? "The portal is closed; its "
	    "contacts are signed out." : invited > 0 ? "The portal is open "
	    "for this client; its contacts are invited." : "The portal is "
	    "open for this client.");
}

/*
 * POST /staff/clients/:id/plugins/:name (staff): field enabled.
 * Switches a loaded plugin on or off for the client.
 */
static int
h_plugin(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	const char	*name = at_arg(req, "name");
	int		 on = strcmp(at_form(req, "enabled"), "1") == 0;

	if (!at_plugin_loaded(name))
		return 404;
	switch (sql_client_exists(req, id)) {
	case -1:
		return 500;
	case 0:
		return 404;
	}
	if (at_db_exec(req->db, "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "enabled = VALUES(enabled)", "Isi", id, name, on) == -1)
		return 500;
	at_activity(req, id, on ? "plugin-on" : "plugin-off", "client", id,
	    name, 0);
	return client_done(req, id, at_pprintf(req->pool, "%s is %s for this "
	    "client.", name, on ? "on" : "off"));
}

/*
 * POST /staff/clients/:id/contacts (staff): fields email, name.  Adds a
 * contact (no password yet) and, when the portal is open, sends the
 * invitation with the link to set one (7 days).
 */
static int
h_contact_add(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), uid;
	struct at_rows	*c;

	c = at_db_select(req->db, req->pool, "SELECT portal_enabled FROM "
	    "clients WHERE id = ?", "I", id);
	if (c == NULL)
		return 500;
	if (c->n == 0)
		return 404;
	if (at_form_errors(req) > 0)
		return h_client(req);
	if (at_db_exec(req->db, "INSERT INTO users (email, name, role, "
	    "client_id) VALUES (?, ?, 'contact', ?)", "ssI",
	    at_form(req, "email"), at_form(req, "name"), id) == -1) {
		if (at_db_errno(req->db) != 1062)
			return 500;
		at_form_error(req, "email", "That address already has an "
		    "account.");
		return h_client(req);
	}
	uid = at_db_insert_id(req->db);
	at_activity(req, id, "create", "contact", uid, at_form(req, "name"),
	    0);
	if (at_row_int(c, 0, "portal_enabled", 0) == 1) {
		if (at_invite_send(req, uid) == -1)
			return 500;
		return client_done(req, id, "Contact added; an invitation to "
		    "the portal is on its way.");
	}
	return client_done(req, id, "Contact added. Open the portal to let "
	    "them sign in.");
}

/* POST /staff/clients/:id (staff): field name.  Renames the client. */
static int
h_client_edit(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), n;

	if (at_form_errors(req) > 0)
		return h_client(req);
	n = at_db_exec(req->db, "UPDATE clients SET name = ? WHERE id = ?",
	    "sI", at_form(req, "name"), id);
	if (n == -1) {
		if (at_db_errno(req->db) != 1062)
			return 500;
		at_form_error(req, "name", "A client of that name exists.");
		return h_client(req);
	}
	if (n == 0) {
		switch (sql_client_exists(req, id)) {
		case -1:
			return 500;
		case 0:
			return 404;
		}
	}
	at_activity(req, id, "edit", "client", id, at_form(req, "name"), 0);
	return client_done(req, id, "Client saved.");
}

/*
 * POST /staff/clients/:id/contacts/:uid (staff): fields name, email,
 * active.  Edits a contact of this client; a deactivated contact can no
 * longer sign in and is signed out at once.
 */
static int
h_contact_edit(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), uid = at_arg_id(req, "uid");
	struct at_rows	*u;
	int		 on = strcmp(at_form(req, "active"), "1") == 0;

	u = at_db_select(req->db, req->pool, "SELECT id FROM users WHERE id = "
	    "? AND client_id = ? AND role = 'contact'", "II", uid, id);
	if (u == NULL)
		return 500;
	if (u->n == 0)
		return 404;
	if (at_form_errors(req) > 0) {
		at_flash(req, "error", "The contact was not saved: check the "
		    "fields marked below.");
		return h_client(req);
	}
	if (at_db_exec(req->db, "UPDATE users SET name = ?, email = ?, "
	    "active = ? WHERE id = ?", "ssiI", at_form(req, "name"),
	    at_form(req, "email"), on, uid) == -1) {
		if (at_db_errno(req->db) != 1062)
			return 500;
		at_form_error(req, "email", "That address already has an "
		    "account.");
		at_flash(req, "error", "The contact was not saved: check the "
		    "fields marked below.");
		return h_client(req);
	}
	if (!on && at_user_revoke(req->db, uid) == -1)
		return 500;
	at_activity(req, id, on ? "edit" : "deactivate", "contact", uid,
	    at_form(req, "name"), 0);
	return client_done(req, id, on ? "Contact saved." : "Contact saved "
	    "and deactivated: they can no longer sign in.");
}

static const struct at_field f_client[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_switch[] = {
	{ "enabled", at_v_bool, 0, 0, "On" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_contact[] = {
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_contact_edit[] = {
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ "active", at_v_bool, 0, 0, "Active" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route client_routes[] = {
	{ AT_GET, "/staff/clients", AT_STAFF, h_clients, NULL, NULL },
	{ AT_POST, "/staff/clients", AT_STAFF, h_client_add, f_client, NULL },
	{ AT_GET, "/staff/clients/:id", AT_STAFF, h_client, NULL, NULL },
	{ AT_POST, "/staff/clients/:id", AT_STAFF, h_client_edit, f_client,
	    NULL },
	{ AT_POST, "/staff/clients/:id/portal", AT_STAFF, h_portal, f_switch,
	    NULL },
	{ AT_POST, "/staff/clients/:id/plugins/:name", AT_STAFF, h_plugin,
	    f_switch, NULL },
	{ AT_POST, "/staff/clients/:id/contacts", AT_STAFF, h_contact_add,
	    f_contact, NULL },
	{ AT_POST, "/staff/clients/:id/contacts/:uid", AT_STAFF,
	    h_contact_edit, f_contact_edit, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the client pages. */
static int
clients_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, client_routes);
	at_reg_nav(reg, AT_STAFF, "Clients", "/staff/clients", 10);
	return 0;
}

const struct at_plugin at_mod_clients = {
	AT_PLUGIN_HEAD,
	.name = "clients",
	.version = PACKAGE_VERSION,
	.summary = "Client organisations, contacts, portal access",
	.init = clients_init,
};
