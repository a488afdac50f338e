/*
 * Signing in and out, and password resets: /login, /logout, /reset and
 * /reset/:token.  Failed logins are throttled per account and per address
 * with the same answer whether or not the account exists, and an unknown
 * account costs the same Argon2 time as a known one.
 *
 * Page ids and content:
 *	login		<login next=""/> plus the form (email)
 *	reset-request	<reset/> plus the form (email)
 *	reset-password	<reset token=""/> plus the form
 *	message		<message title="">text</message>
 */
#include "config.h"

#include <string.h>

#include "core.h"

#define LOGIN_FAILED	"The email or password is wrong, or there were too " \
	"many attempts. Try again in a few minutes."

/* A fixed Argon2id hash (of a random string) to spend time on. */
static char	*login_dummy;

/* The local path to go to after login, or NULL. */
static const char *
login_next(struct at_req *req)
{
	const char	*n;

	n = at_form(req, "next");
	if (n == NULL)
		n = at_query(req, "next");
	if (n == NULL || n[0] != '/' || n[1] == '/' || n[1] == '\\' ||
	    strpbrk(n, "\r\n") != NULL)
		return NULL;
	return n;
}

/* Draws the login page with the form as typed. */
static int
login_page(struct at_req *req)
{
	xmlNodePtr	 c, l;

	at_page_id(req, "login");
	at_page_title(req, "Sign in");
	c = at_page_content(req);
	l = at_x(c, "login", NULL);
	at_xa(l, "next", login_next(req));
	at_x_form(req, c, "login");
	return 200;
}

/*
 * GET /login (anyone): the sign-in form; a signed-in caller goes home.
 * Adds <login next/>.
 */
static int
h_login_get(struct at_req *req)
{
	if (req->user != NULL)
		return at_redirect(req, at_is_staff(req) ? "/staff/" : "/");
	return login_page(req);
}

/*
 * POST /login (anyone): fields email, password, next.  Starts a session
 * and redirects, or redraws the form with one message for every failure.
 */
static int
h_login_post(struct at_req *req)
{
	struct at_rows	*r, *f;
	const char	*email, *pw, *hash = NULL, *next;
	int		 ok = 0, limited;
	long long	 uid;

	email = at_form(req, "email");
	pw = at_form(req, "password");
	if (at_form_errors(req) > 0 || email == NULL || pw == NULL) {
		at_flash(req, "error", LOGIN_FAILED);
		return login_page(req);
	}
	f = at_db_select(req->db, req->pool,
	    "SELECT (SELECT COUNT(*) FROM login_failures WHERE email = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL ? SECOND) AS acct, "
	    "(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL ? SECOND) AS addr",
	    "sisi", email, req->site->login_window, req->remote_addr,
	    req->site->login_window);
	if (f == NULL)
		return 500;
	limited = at_row_int(f, 0, "acct", 0) >= req->site->login_max_account ||
	    at_row_int(f, 0, "addr", 0) >= req->site->login_max_address;
	r = at_db_select(req->db, req->pool,
	    "SELECT u.id, u.password_hash, u.role, u.active, u.client_id, "
	    "c.portal_enabled FROM users u LEFT JOIN clients c "
	    "ON c.id = u.client_id WHERE u.email = ?", "s", email);
	if (r == NULL)
		return 500;
	if (r->n == 1)
		hash = at_row(r, 0, "password_hash");
	if (hash == NULL) {
		if (login_dummy == NULL)
			login_dummy = strdup(at_password_hash(req->pool,
			    at_token(req->pool, 16)));
		(void)at_password_verify(login_dummy, pw);
	} else
		ok = at_password_verify(hash, pw);
	if (ok && (at_row_int(r, 0, "active", 0) != 1 ||
	    (strcmp(at_row(r, 0, "role"), "contact") == 0 &&
	    at_row_int(r, 0, "portal_enabled", 0) != 1)))
		ok = 0;
	if (!ok || limited) {
		at_db_exec(req->db, "INSERT INTO login_failures (email, ip, "
		    "at) VALUES (LEFT(?, 254), ?, UTC_TIMESTAMP())", "ss",
		    email, req->remote_addr);
		log_info("login failed for %s from %s%s", email,
		    req->remote_addr, limited ? " (throttled)" : "");
		at_flash(req, "error", LOGIN_FAILED);
		return login_page(req);
	}
	uid = at_row_int(r, 0, "id", 0);
	if (at_session_start(req, uid) == -1)
		return 500;
	at_db_exec(req->db, "DELETE FROM login_failures WHERE email = ?", "s",
	    email);
	req->user = at_palloc(req->pool, sizeof(*req->user));
	req->user->id = uid;
	at_activity(req, at_row_int(r, 0, "client_id", 0), "login", "user",
	    uid, "Signed in", 0);
	next = login_next(req);
	if (next != NULL)
		return at_redirect(req, next);
	return at_redirect(req, strcmp(at_row(r, 0, "role"), "contact") == 0 ?
	    "/" : "/staff/");
}

/* POST /logout (signed in): ends the session. */
static int
h_logout(struct at_req *req)
{
	at_session_end(req);
	at_flash(req, "ok", "You are signed out.");
	return at_redirect(req, "/login");
}

/* A message page. */
static int
login_message(struct at_req *req, const char *title, const char *text)
{
	xmlNodePtr	 m;

	at_page_id(req, "message");
	at_page_title(req, title);
	m = at_x(at_page_content(req), "message", text);
	at_xa(m, "title", title);
	return 200;
}

/* GET /reset (anyone): the form asking for an e-mail address. */
static int
h_reset_get(struct at_req *req)
{
	at_page_id(req, "reset-request");
	at_page_title(req, "Reset your password");
	at_x(at_page_content(req), "reset", NULL);
	at_x_form(req, at_page_content(req), "reset");
	return 200;
}

/*
 * POST /reset (anyone): field email.  Sends a link when the account may
 * sign in; says the same either way.
 */
static int
h_reset_post(struct at_req *req)
{
	struct at_rows	*r;
	const char	*email;

	if (at_form_errors(req) > 0)
		return h_reset_get(req);
	email = at_form(req, "email");
	r = at_db_select(req->db, req->pool, "SELECT u.id FROM users u "
	    "LEFT JOIN clients c ON c.id = u.client_id WHERE u.email = ? AND "
	    "u.active = 1 AND (u.role <> 'contact' OR c.portal_enabled = 1)",
	    "s", email);
	if (r == NULL)
		return 500;
	if (r->n == 1 && at_reset_send(req, at_row_int(r, 0, "id", 0)) == -1)
		return 500;
	return login_message(req, "Check your e-mail", "If that address has "
	    "an account, a link to set a new password is on its way. It "
	    "works once, for a limited time.");
}

/* The user id of a live reset token, 0 if none, -1 on error. */
static long long
reset_user(struct at_req *req, const char *token)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT user_id FROM "
	    "password_resets WHERE token_hash = ? AND used_at IS NULL AND "
	    "expires_at > UTC_TIMESTAMP()", "s",
	    at_token_hash(req->pool, token));
	if (r == NULL)
		return -1;
	return r->n == 1 ? at_row_int(r, 0, "user_id", 0) : 0;
}

/* The new-password form for a token. */
static int
reset_form(struct at_req *req, const char *token)
{
	xmlNodePtr	 n;

	at_page_id(req, "reset-password");
	at_page_title(req, "Choose a new password");
	n = at_x(at_page_content(req), "reset", NULL);
	at_xa(n, "token", token);
	at_x_form(req, at_page_content(req), "reset");
	return 200;
}

/* GET /reset/:token (anyone): the form, or why the link no longer works. */
static int
h_reset_token_get(struct at_req *req)
{
	long long	 uid;

	if ((uid = reset_user(req, at_arg(req, "token"))) == -1)
		return 500;
	if (uid == 0)
		return login_message(req, "This link no longer works",
		    "This link has expired or was already used. Ask for a "
		    "new one from the sign-in page.");
	return reset_form(req, at_arg(req, "token"));
}

/*
 * POST /reset/:token (anyone): fields password, password2.  Sets the
 * password, uses up the token, ends the user's sessions.
 */
static int
h_reset_token_post(struct at_req *req)
{
	const char	*token, *pw, *pw2, *why, *hash;
	long long	 uid;

	token = at_arg(req, "token");
	if ((uid = reset_user(req, token)) == -1)
		return 500;
	if (uid == 0)
		return login_message(req, "This link no longer works",
		    "This link has expired or was already used. Ask for a "
		    "new one from the sign-in page.");
	pw = at_form(req, "password");
	pw2 = at_form(req, "password2");
	if ((why = at_password_policy(pw)) != NULL) {
		at_form_error(req, "password", why);
		return reset_form(req, token);
	}
	if (pw2 == NULL || strcmp(pw, pw2) != 0) {
		at_form_error(req, "password2", "The two passwords differ.");
		return reset_form(req, token);
	}
	if ((hash = at_password_hash(req->pool, pw)) == NULL)
		return 500;
	if (at_db_exec(req->db, "UPDATE password_resets SET used_at = "
	    "UTC_TIMESTAMP() WHERE token_hash = ? AND used_at IS NULL", "s",
	    at_token_hash(req->pool, token)) != 1)
		return 500;
	at_db_exec(req->db, "UPDATE users SET password_hash = ? WHERE id = ?",
	    "sI", hash, uid);
	at_db_exec(req->db, "DELETE FROM sessions WHERE user_id = ?", "I",
	    uid);
	at_flash(req, "ok", "Your password is set. Sign in with it now.");
	return at_redirect(req, "/login");
}

/* See include/atrium/auth.h. */
int
at_reset_send(struct at_req *req, long long uid)
{
	struct at_rows	*r;
	const char	*token;

	r = at_db_select(req->db, req->pool, "SELECT email, name FROM users "
	    "WHERE id = ?", "I", uid);
	if (r == NULL || r->n != 1)
		return -1;
	token = at_token(req->pool, 32);
	if (at_db_exec(req->db, "INSERT INTO password_resets (token_hash, "
	    "user_id, created_at, expires_at) VALUES (?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", "sIi",
	    at_token_hash(req->pool, token), uid, req->site->reset_ttl) == -1)
		return -1;
	return at_mail_queue(req->db, at_row(r, 0, "email"),
	    at_pprintf(req->pool, "Set your %s password", req->site->name),
	    at_pprintf(req->pool, "Hello %s,\n\nTo set a new password for "
	    "%s, open this link:\n\n%s/reset/%s\n\nIt works once and expires "
	    "in %d minutes. If you did not ask for it, ignore this message.\n",
	    at_row(r, 0, "name"), req->site->name, req->site->base_url, token,
	    req->site->reset_ttl / 60));
}

static const struct at_field f_login[] = {
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ "password", NULL, AT_F_REQUIRED, 1024, "Password" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_reset[] = {
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_newpw[] = {
	{ "password", NULL, AT_F_REQUIRED, 1024, "New password" },
	{ "password2", NULL, AT_F_REQUIRED, 1024, "New password again" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route login_routes[] = {
	{ AT_GET, "/login", AT_ANON, h_login_get, NULL, NULL },
	{ AT_POST, "/login", AT_ANON, h_login_post, f_login, NULL },
	{ AT_POST, "/logout", AT_USER, h_logout, NULL, NULL },
	{ AT_GET, "/reset", AT_ANON, h_reset_get, NULL, NULL },
	{ AT_POST, "/reset", AT_ANON, h_reset_post, f_reset, NULL },
	{ AT_GET, "/reset/:token", AT_ANON, h_reset_token_get, NULL, NULL },
	{ AT_POST, "/reset/:token", AT_ANON, h_reset_token_post, f_newpw,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the routes of this module and of users.c. */
static int
auth_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, login_routes);
	at_users_register(reg);
	return 0;
}

const struct at_plugin at_mod_auth = {
	AT_PLUGIN_HEAD,
	.name = "auth",
	.version = PACKAGE_VERSION,
	.summary = "Sign-in, sessions, password resets, staff accounts",
	.init = auth_init,
};
