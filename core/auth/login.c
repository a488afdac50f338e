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
#include "notify/notify.h"

#define LOGIN_CLOSED	"Your portal is closed at the moment, so you " \
	"cannot sign in. Ask your contact at the agency to open it again."
#define LOGIN_FAILED	"The email or password is wrong, or there were too " \
	"many attempts. Try again in a few minutes."
#define LOGIN_BUSY	"Many people are signing in right now. Try again in " \
	"a moment."
/* Reset mails an account gets in an hour; requests an address may make. */
#define RESET_MAX_ACCOUNT	3
#define RESET_MAX_ADDRESS	10
/* Seconds the first throttled attempt waits; it doubles after that. */
#define LOGIN_DELAY	5

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
	return at_path_is_local(n) ? n : NULL;
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
 * Seconds the next attempt must still wait after k failures in the
 * window of which max were free, the last since seconds ago: 5 s after
 * the first failure past max, doubling with each, at most the window.
 */
static long long
login_wait(const struct at_site *site, long long k, long long max,
    long long since)
{
	long long	 delay = LOGIN_DELAY;

	if (k < max || max <= 0)
		return 0;
	for (k -= max; k > 0 && delay < site->login_window; k--)
		delay *= 2;
	if (delay > site->login_window)
		delay = site->login_window;
	return since < delay ? delay - since : 0;
}

/*
 * Whether a sign-in as email from the caller's address must wait: past
 * login-max-account failures of this account from this address, or past
 * login-max-address failures from this address, each attempt waits a
 * growing delay after the last failure.  Nobody elsewhere can hold an
 * account shut.  1 wait, 0 go on, -1 database error.
 */
static int
login_throttled(struct at_req *req, const char *email)
{
	struct at_rows	*f;
	long long	 w1, w2;

	f = at_db_select(req->db, req->pool,
	    "SELECT COUNT(*) AS n, COALESCE(TIMESTAMPDIFF(SECOND, MAX(at), "
	    "UTC_TIMESTAMP()), 0) AS since, "
	    "(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL ? SECOND) AS addr_n, "
	    "(SELECT COALESCE(TIMESTAMPDIFF(SECOND, MAX(at), "
	    "UTC_TIMESTAMP()), 0) FROM login_failures WHERE ip = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL ? SECOND) AS addr_since "
	    "FROM login_failures WHERE email = LEFT(?, 254) AND ip = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	    "sisissi", req->remote_addr, req->site->login_window,
	    req->remote_addr, req->site->login_window, email,
	    req->remote_addr, req->site->login_window);
	if (f == NULL || f->n != 1)
		return -1;
	w1 = login_wait(req->site, at_row_int(f, 0, "n", 0),
	    req->site->login_max_account, at_row_int(f, 0, "since", 0));
	w2 = login_wait(req->site, at_row_int(f, 0, "addr_n", 0),
	    req->site->login_max_address, at_row_int(f, 0, "addr_since", 0));
	if (w1 == 0 && w2 == 0)
		return 0;
	log_info("login refused for %s from %s (throttled, %lld s to wait)",
	    email, req->remote_addr, w1 > w2 ? w1 : w2);
	return 1;
}

/*
 * POST /login (anyone): fields email, password, next.  Starts a session
 * and redirects, or redraws the form with one message for every failure.
 * A throttled attempt is refused before any hashing; hashing waits for
 * one of the site's Argon2 slots, and when none frees up the form comes
 * back asking to try again (with Retry-After) rather than holding a
 * worker.
 */
static int
h_login_post(struct at_req *req)
{
	struct at_rows	*r;
	const char	*email, *pw, *hash = NULL, *next;
	int		 ok = 0, slot;
	long long	 uid;

	email = at_form(req, "email");
	pw = at_form(req, "password");
	if (at_form_errors(req) > 0 || email == NULL || pw == NULL) {
		at_flash(req, "error", LOGIN_FAILED);
		return login_page(req);
	}
	switch (login_throttled(req, email)) {
	case -1:
		return 500;
	case 1:
		at_flash(req, "error", LOGIN_FAILED);
		return login_page(req);
	}
	r = at_db_select(req->db, req->pool,
	    "SELECT u.id, u.password_hash, u.role, u.active, u.client_id, "
	    "c.portal_enabled FROM users u LEFT JOIN clients c "
	    "ON c.id = u.client_id WHERE u.email = ?", "s", email);
	if (r == NULL)
		return 500;
	if (r->n == 1)
		hash = at_row(r, 0, "password_hash");
	if ((slot = at_argon2_acquire(req->site)) == -1) {
		log_warn("login for %s from %s: every Argon2 slot is busy",
		    email, req->remote_addr);
		at_resp_header(req, "Retry-After", "2");
		at_flash(req, "error", LOGIN_BUSY);
		return login_page(req);
	}
	if (hash == NULL) {
		if (login_dummy == NULL)
			login_dummy = strdup(at_password_hash(req->pool,
			    at_token(req->pool, 16)));
		(void)at_password_verify(login_dummy, pw);
	} else
		ok = at_password_verify(hash, pw);
	at_argon2_release(slot);
	if (ok && at_row_int(r, 0, "active", 0) != 1)
		ok = 0;
	/*
	 * The right password of an active contact whose portal is closed:
	 * say so (only someone who knows the password learns it).
	 */
	if (ok && strcmp(at_row(r, 0, "role"), "contact") == 0 &&
	    at_row_int(r, 0, "portal_enabled", 0) != 1) {
		log_info("login refused for %s from %s: portal closed", email,
		    req->remote_addr);
		at_flash(req, "error", LOGIN_CLOSED);
		return login_page(req);
	}
	if (!ok) {
		if (at_db_exec(req->db, "INSERT INTO login_failures (email, "
		    "ip, at) VALUES (LEFT(?, 254), ?, UTC_TIMESTAMP())", "ss",
		    email, req->remote_addr) == -1)
			return 500;
		log_info("login failed for %s from %s", email,
		    req->remote_addr);
		at_flash(req, "error", LOGIN_FAILED);
		return login_page(req);
	}
	uid = at_row_int(r, 0, "id", 0);
	if (at_session_start(req, uid) == -1)
		return 500;
	if (at_db_exec(req->db, "DELETE FROM login_failures WHERE email = ? "
	    "AND ip = ?", "ss", email, req->remote_addr) == -1)
		return 500;
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
 * A new reset token for uid with the mail carrying it, both queued in
 * the caller's transaction.  0 or -1.
 */
static int
reset_queue(struct at_req *req, long long uid, const char *email,
    const char *name)
{
	struct at_mail_draft d;
	const char	*token, *brand;

	token = at_token(req->pool, 32);
	if (at_db_exec(req->db, "INSERT INTO password_resets (token_hash, "
	    "user_id, created_at, expires_at) VALUES (?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", "sIi",
	    at_token_hash(req->pool, token), uid, req->site->reset_ttl) == -1)
		return -1;
	brand = req->site->brand_name != NULL ? req->site->brand_name :
	    req->site->name;
	memset(&d, 0, sizeof(d));
	d.size = AT_EXT_SIZE(at_mail_draft);
	d.to = email;
	d.name = name;
	d.subject = at_pprintf(req->pool, "Set your %s password", brand);
	d.intro = at_pprintf(req->pool, "To set a new password for %s, "
	    "follow this link.", brand);
	d.action = "Set a new password";
	d.link = at_pprintf(req->pool, "/reset/%s", token);
	d.note = at_pprintf(req->pool, "It works once and expires in %d "
	    "minutes. If you did not ask for it, ignore this message.",
	    req->site->reset_ttl / 60);
	return at_mail_draw(req->db, req->site, &d);
}

/*
 * POST /reset (anyone): field email.  Sends a link when the account may
 * sign in, at most RESET_MAX_ACCOUNT an hour per account and nothing once
 * the caller's address asked RESET_MAX_ADDRESS times in the hour; says
 * the same either way.  Known and unknown addresses run the same
 * statements in one transaction (the link and its mail are two more rows
 * in it; the mail itself goes out after the response).
 */
static int
h_reset_post(struct at_req *req)
{
	struct at_rows	*r;
	const char	*email;
	long long	 rid, uid;
	int		 send;

	if (at_form_errors(req) > 0)
		return h_reset_get(req);
	email = at_form(req, "email");
	if (at_db_begin(req->db) == -1)
		return 500;
	if (at_db_exec(req->db, "INSERT INTO reset_requests (email, ip, at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", "ss", email,
	    req->remote_addr) == -1)
		goto fail;
	rid = at_db_insert_id(req->db);
	r = at_db_select(req->db, req->pool, "SELECT u.id, u.email, u.name, "
	    "(SELECT COUNT(*) FROM reset_requests WHERE ip = ? AND "
	    "at > UTC_TIMESTAMP() - INTERVAL 1 HOUR) AS addr_n, "
	    "(SELECT COUNT(*) FROM reset_requests q WHERE q.user_id = u.id "
	    "AND q.mailed = 1 AND q.at > UTC_TIMESTAMP() - INTERVAL 1 HOUR) "
	    "AS acct_n FROM (SELECT 1) AS one LEFT JOIN users u ON "
	    "u.email = ? AND u.active = 1 AND (u.role <> 'contact' OR "
	    "EXISTS (SELECT 1 FROM clients c WHERE c.id = u.client_id AND "
	    "c.portal_enabled = 1))", "ss", req->remote_addr, email);
	if (r == NULL || r->n != 1)
		goto fail;
	uid = at_row_int(r, 0, "id", 0);
	send = uid > 0 &&
	    at_row_int(r, 0, "addr_n", 0) <= RESET_MAX_ADDRESS &&
	    at_row_int(r, 0, "acct_n", 0) < RESET_MAX_ACCOUNT;
	if (send && reset_queue(req, uid, at_row(r, 0, "email"),
	    at_row(r, 0, "name")) == -1)
		goto fail;
	if (at_db_exec(req->db, "UPDATE reset_requests SET user_id = "
	    "NULLIF(?, 0), mailed = ? WHERE id = ?", "IiI", uid, send,
	    rid) != 1)
		goto fail;
	if (at_db_commit(req->db) == -1)
		goto fail;
	if (uid > 0 && !send)
		log_info("reset for %s from %s not sent (throttled)", email,
		    req->remote_addr);
	return login_message(req, "Check your e-mail", "If that address has "
	    "an account, a link to set a new password is on its way. It "
	    "works once, for a limited time.");
fail:
	(void)at_db_rollback(req->db);
	return 500;
}

/*
 * The user id of a live reset token, 0 if none, -1 on error.  A token
 * is live while unused and unexpired, and only for an account that may
 * sign in (active; a contact's portal open).
 */
static long long
reset_user(struct at_req *req, const char *token, int *invite)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT r.user_id, r.kind FROM "
	    "password_resets r JOIN users u ON u.id = r.user_id "
	    "LEFT JOIN clients c ON c.id = u.client_id "
	    "WHERE r.token_hash = ? AND r.used_at IS NULL AND "
	    "r.expires_at > UTC_TIMESTAMP() AND u.active = 1 AND "
	    "(u.role <> 'contact' OR c.portal_enabled = 1)", "s",
	    at_token_hash(req->pool, token));
	if (r == NULL)
		return -1;
	*invite = r->n == 1 && strcmp(at_row(r, 0, "kind"), "invite") == 0;
	return r->n == 1 ? at_row_int(r, 0, "user_id", 0) : 0;
}

/*
 * The new-password form for a token; an invitation's (page "welcome")
 * greets a newcomer instead.
 */
static int
reset_form(struct at_req *req, const char *token, int invite)
{
	xmlNodePtr	 n;

	at_page_id(req, invite ? "welcome" : "reset-password");
	at_page_title(req, invite ? "Welcome: choose your password" :
	    "Choose a new password");
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
	int		 invite;

	if ((uid = reset_user(req, at_arg(req, "token"), &invite)) == -1)
		return 500;
	if (uid == 0)
		return login_message(req, "This link no longer works",
		    "This link has expired or was already used. Ask for a "
		    "new one from the sign-in page.");
	return reset_form(req, at_arg(req, "token"), invite);
}

/*
 * POST /reset/:token (anyone): fields password, password2.  In one
 * transaction: uses up the token, sets the password, ends the user's
 * sessions and kills every other reset link of the account.
 */
static int
h_reset_token_post(struct at_req *req)
{
	const char	*token, *pw, *pw2, *why, *hash;
	long long	 uid, n;
	int		 slot, invite;

	token = at_arg(req, "token");
	if ((uid = reset_user(req, token, &invite)) == -1)
		return 500;
	if (uid == 0)
		return login_message(req, "This link no longer works",
		    "This link has expired or was already used. Ask for a "
		    "new one from the sign-in page.");
	pw = at_form(req, "password");
	pw2 = at_form(req, "password2");
	if ((why = at_password_policy(pw)) != NULL) {
		at_form_error(req, "password", why);
		return reset_form(req, token, invite);
	}
	if (pw2 == NULL || strcmp(pw, pw2) != 0) {
		at_form_error(req, "password2", "The two passwords differ.");
		return reset_form(req, token, invite);
	}
	if ((slot = at_argon2_acquire(req->site)) == -1) {
		at_resp_header(req, "Retry-After", "2");
		at_flash(req, "error", LOGIN_BUSY);
		return reset_form(req, token, invite);
	}
	hash = at_password_hash(req->pool, pw);
	at_argon2_release(slot);
	if (hash == NULL)
		return 500;
	/* The token, the password, every session and every other link. */
	if (at_db_begin(req->db) == -1)
		return 500;
	if ((n = at_db_exec(req->db, "UPDATE password_resets SET used_at = "
	    "UTC_TIMESTAMP() WHERE token_hash = ? AND used_at IS NULL", "s",
	    at_token_hash(req->pool, token))) != 1) {
		(void)at_db_rollback(req->db);
		if (n == -1)
			return 500;
		return login_message(req, "This link no longer works",
		    "This link has expired or was already used. Ask for a "
		    "new one from the sign-in page.");
	}
	if (at_db_exec(req->db, "UPDATE users SET password_hash = ? WHERE "
	    "id = ?", "sI", hash, uid) != 1 ||
	    at_user_revoke(req->db, uid) == -1 ||
	    at_db_commit(req->db) == -1) {
		(void)at_db_rollback(req->db);
		return 500;
	}
	at_flash(req, "ok", "Your password is set. Sign in with it now.");
	return at_redirect(req, "/login");
}

/* See include/atrium/auth.h. */
int
at_reset_send(struct at_req *req, long long uid)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT email, name FROM users "
	    "WHERE id = ?", "I", uid);
	if (r == NULL || r->n != 1)
		return -1;
	return reset_queue(req, uid, at_row(r, 0, "email"),
	    at_row(r, 0, "name"));
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
	/* An invitation's link: the same token, its own wording. */
	{ AT_GET, "/welcome/:token", AT_ANON, h_reset_token_get, NULL, NULL },
	{ AT_POST, "/welcome/:token", AT_ANON, h_reset_token_post, f_newpw,
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
