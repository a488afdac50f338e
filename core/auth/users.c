/*
 * Staff accounts (part of the auth module): admins list users, add staff
 * and admins, set an initial password, send a reset link and deactivate
 * an account.  Client contacts are managed from their client's page.
 *
 * Page ids: staff-users (<users><user>...), staff-user (<user>, forms).
 */
#include "config.h"

#include <string.h>

#include "core.h"

/*
 * GET /staff/users (admin): every account with role, client, state and
 * last sign-in.  Adds <users><user id email name role client active
 * last_login_at/>.
 */
static int
h_users(struct at_req *req)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT u.id, u.email, u.name, "
	    "u.role, c.name AS client, u.active, u.last_login_at FROM users u "
	    "LEFT JOIN clients c ON c.id = u.client_id "
	    "ORDER BY u.role = 'contact', c.name, u.name", "");
	if (r == NULL)
		return 500;
	at_page_id(req, "staff-users");
	at_page_title(req, "People");
	at_x_rows(at_page_content(req), "users", "user", r);
	at_x_form(req, at_page_content(req), "user-new");
	return 200;
}

/*
 * POST /staff/users (admin): fields email, name, role (staff or admin).
 * Adds the account without a password and sends it a reset link.
 */
static int
h_user_add(struct at_req *req)
{
	const char	*role;
	long long	 id;

	role = at_form(req, "role");
	if (role != NULL && strcmp(role, "staff") != 0 &&
	    strcmp(role, "admin") != 0)
		at_form_error(req, "role", "Choose staff or admin.");
	if (at_form_errors(req) > 0)
		return h_users(req);
	if (at_db_exec(req->db, "INSERT INTO users (email, name, role) "
	    "VALUES (?, ?, ?)", "sss", at_form(req, "email"),
	    at_form(req, "name"), role) == -1) {
		if (at_db_errno(req->db) != 1062)
			return 500;
		at_form_error(req, "email", "That address already has an "
		    "account.");
		return h_users(req);
	}
	id = at_db_insert_id(req->db);
	if (at_reset_send(req, id) == -1)
		return 500;
	at_activity(req, 0, "create", "user", id, at_form(req, "email"), 0);
	at_flash(req, "ok", "Account added; a link to set a password is on "
	    "its way.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/users/%lld",
	    id));
}

/* GET /staff/users/:id (admin): one account with its actions. */
static int
h_user(struct at_req *req)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT u.id, u.email, u.name, "
	    "u.role, u.client_id, c.name AS client, u.active, u.last_login_at, "
	    "u.password_hash IS NOT NULL AS has_password FROM users u "
	    "LEFT JOIN clients c ON c.id = u.client_id WHERE u.id = ?", "I",
	    at_arg_id(req, "id"));
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	at_page_id(req, "staff-user");
	at_page_title(req, at_row(r, 0, "name"));
	at_x_row(at_page_content(req), "user", r, 0);
	at_x_form(req, at_page_content(req), "user");
	return 200;
}

/* The back link after an action on user id. */
static const char *
user_back(struct at_req *req, long long id)
{
	return at_pprintf(req->pool, "/staff/users/%lld", id);
}

/*
 * POST /staff/users/:id/password (admin): field password.  Sets an
 * initial password, ends the account's sessions and its reset links.
 */
static int
h_user_password(struct at_req *req)
{
	const char	*pw, *why, *hash;
	long long	 id = at_arg_id(req, "id");
	long long	 n;

	pw = at_form(req, "password");
	if ((why = at_password_policy(pw)) != NULL) {
		at_form_error(req, "password", why);
		return h_user(req);
	}
	if ((hash = at_password_hash(req->pool, pw)) == NULL)
		return 500;
	if ((n = at_password_set(req->db, id, hash)) == -1)
		return 500;
	if (n == 0)
		return 404;
	at_flash(req, "ok", "Password set.");
	return at_redirect(req, user_back(req, id));
}

/* POST /staff/users/:id/reset (staff): e-mails a reset link. */
static int
h_user_reset(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT id, client_id FROM "
	    "users WHERE id = ?", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	if (at_reset_send(req, id) == -1)
		return 500;
	at_flash(req, "ok", "A link to set a password is on its way.");
	if (at_row(r, 0, "client_id") != NULL && !at_is_admin(req))
		return at_redirect(req, at_pprintf(req->pool,
		    "/staff/clients/%s", at_row(r, 0, "client_id")));
	return at_redirect(req, user_back(req, id));
}

/*
 * POST /staff/users/:id/active (admin): field active (checkbox).  A
 * deactivated account is signed out everywhere, its reset links die and
 * it cannot sign in.
 */
static int
h_user_active(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	int		 on;

	on = strcmp(at_form(req, "active"), "1") == 0;
	if (!on && req->user->id == id) {
		at_flash(req, "error", "You cannot deactivate your own "
		    "account.");
		return at_redirect(req, user_back(req, id));
	}
	if (at_db_exec(req->db, "UPDATE users SET active = ? WHERE id = ?",
	    "iI", on, id) == -1)
		return 500;
	if (!on && at_user_revoke(req->db, id) == -1)
		return 500;
	at_flash(req, "ok", on ? "Account active." : "Account deactivated.");
	return at_redirect(req, user_back(req, id));
}

static const struct at_field f_user_new[] = {
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ "role", NULL, AT_F_REQUIRED, 16, "Role" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_password[] = {
	{ "password", NULL, AT_F_REQUIRED, 1024, "Password" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_active[] = {
	{ "active", at_v_bool, 0, 0, "Active" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route user_routes[] = {
	{ AT_GET, "/staff/users", AT_ADMIN, h_users, NULL, NULL },
	{ AT_POST, "/staff/users", AT_ADMIN, h_user_add, f_user_new, NULL },
	{ AT_GET, "/staff/users/:id", AT_ADMIN, h_user, NULL, NULL },
	{ AT_POST, "/staff/users/:id/password", AT_ADMIN, h_user_password,
	    f_password, NULL },
	{ AT_POST, "/staff/users/:id/reset", AT_STAFF, h_user_reset, NULL,
	    NULL },
	{ AT_POST, "/staff/users/:id/active", AT_ADMIN, h_user_active,
	    f_active, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* See core.h. */
void
at_users_register(struct at_registry *reg)
{
	at_reg_routes(reg, user_routes);
	at_reg_nav(reg, AT_ADMIN, "People", "/staff/users", 80);
}
