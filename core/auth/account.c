/*
 * The signed-in person's own account, for staff and contacts alike:
 * /account shows their name, a password change (the current password
 * required), their notification choices per kind and their active
 * sessions with "sign out elsewhere".  Also the invitation a new contact
 * gets (a password link of 7 days, at_invite_send).
 *
 * Page id: account.  Content:
 *	<account name email role/>
 *	<kinds><kind name label delivery default/>...</kinds>
 *	<sessions><session current="0|1" ip agent created_at
 *	    last_seen/>...</sessions>
 *	<form name="account"> (what was typed, with errors)
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "notify/notify.h"

#define ACCOUNT_KINDS_MAX	64
#define INVITE_TTL	(7 * 24 * 3600)	/* seconds an invitation lives */

/*
 * GET /account (signed in): the caller's account.  Adds <account>,
 * <kinds> with each kind's chosen delivery, <sessions> and the form as
 * typed.
 */
static int
h_account(struct at_req *req)
{
	const struct at_notify_kind *k[ACCOUNT_KINDS_MAX];
	struct at_rows	*p, *s;
	xmlNodePtr	 c, a, list, n;
	const char	*cur, *chosen, *typed;
	size_t		 nk, i, j;

	p = at_db_select(req->db, req->pool, "SELECT kind, delivery FROM "
	    "notification_prefs WHERE user_id = ?", "I", req->user->id);
	s = at_db_select(req->db, req->pool, "SELECT token_hash, ip, "
	    "user_agent, created_at, last_seen FROM sessions WHERE user_id = "
	    "? ORDER BY last_seen DESC", "I", req->user->id);
	if (p == NULL || s == NULL)
		return 500;
	at_page_id(req, "account");
	at_page_title(req, "Your account");
	c = at_page_content(req);
	a = at_x(c, "account", NULL);
	at_xa(a, "name", req->user->name);
	at_xa(a, "email", req->user->email);
	at_xa(a, "role", req->user->role == AT_ROLE_CONTACT ? "contact" :
	    "staff");

	list = at_x(c, "kinds", NULL);
	nk = at_notify_kinds(req->user->role, k, ACCOUNT_KINDS_MAX);
	for (i = 0; i < nk; i++) {
		chosen = at_delivery_name(k[i]->def);
		for (j = 0; j < p->n; j++)
			if (strcmp(at_row(p, j, "kind"), k[i]->name) == 0)
				chosen = at_row(p, j, "delivery");
		/* A redrawn form shows what was typed. */
		typed = at_form_raw(req, at_pprintf(req->pool, "n-%s",
		    k[i]->name));
		if (at_delivery_parse(typed) != 0)
			chosen = typed;
		n = at_x(list, "kind", NULL);
		at_xa(n, "name", k[i]->name);
		at_xa(n, "label", k[i]->label);
		at_xa(n, "delivery", chosen);
		at_xa(n, "default", at_delivery_name(k[i]->def));
	}

	cur = req->session_token != NULL ?
	    at_token_hash(req->pool, req->session_token) : "";
	list = at_x(c, "sessions", NULL);
	for (i = 0; i < s->n; i++) {
		n = at_x(list, "session", NULL);
		at_xa(n, "current", strcmp(at_row(s, i, "token_hash"), cur) ==
		    0 ? "1" : "0");
		at_xa(n, "ip", at_row(s, i, "ip"));
		at_xa(n, "agent", at_row(s, i, "user_agent"));
		at_xa(n, "created_at", at_time_local(req->pool,
		    at_row(s, i, "created_at")));
		at_xa(n, "last_seen", at_time_local(req->pool,
		    at_row(s, i, "last_seen")));
	}
	at_x_form(req, c, "account");
	return 200;
}

/* POST /account/name (signed in): field name.  Renames the caller. */
static int
h_account_name(struct at_req *req)
{
	if (at_form_errors(req) > 0)
		return h_account(req);
	if (at_db_exec(req->db, "UPDATE users SET name = ? WHERE id = ?",
	    "sI", at_form(req, "name"), req->user->id) == -1)
		return 500;
	at_flash(req, "ok", "Your name is saved.");
	return at_redirect(req, "/account");
}

/*
 * POST /account/password (signed in): fields current, password,
 * password2.  With the right current password, sets the new one through
 * at_password_set (every session and every reset link of the account
 * end) and starts a new session for this browser.
 */
static int
h_account_password(struct at_req *req)
{
	struct at_rows	*r;
	const char	*cur, *pw, *pw2, *why, *hash, *old;
	int		 slot, ok;

	if (at_form_errors(req) > 0)
		return h_account(req);
	cur = at_form(req, "current");
	pw = at_form(req, "password");
	pw2 = at_form(req, "password2");
	if ((why = at_password_policy(pw)) != NULL) {
		at_form_error(req, "password", why);
		return h_account(req);
	}
	if (pw2 == NULL || strcmp(pw, pw2) != 0) {
		at_form_error(req, "password2", "The two passwords differ.");
		return h_account(req);
	}
	r = at_db_select(req->db, req->pool, "SELECT password_hash FROM "
	    "users WHERE id = ?", "I", req->user->id);
	if (r == NULL || r->n != 1)
		return 500;
	old = at_row(r, 0, "password_hash");
	if ((slot = at_argon2_acquire(req->site)) == -1) {
		at_resp_header(req, "Retry-After", "2");
		at_flash(req, "error", "Many people are signing in right now. "
		    "Try again in a moment.");
		return h_account(req);
	}
	ok = old != NULL && cur != NULL && at_password_verify(old, cur);
	hash = ok ? at_password_hash(req->pool, pw) : NULL;
	at_argon2_release(slot);
	if (!ok) {
		log_info("account %lld: password change refused (wrong current "
		    "password) from %s", req->user->id, req->remote_addr);
		at_form_error(req, "current", "That is not your current "
		    "password.");
		return h_account(req);
	}
	if (hash == NULL)
		return 500;
	if (at_password_set(req->db, req->user->id, hash) != 1)
		return 500;
	if (at_session_start(req, req->user->id) == -1)
		return 500;
	at_activity(req, req->user->client_id, "password", "user",
	    req->user->id, "Changed their password", 0);
	at_flash(req, "ok", "Your password is changed. You are signed out "
	    "everywhere else.");
	return at_redirect(req, "/account");
}

/*
 * POST /account/notifications (signed in): one field n-KIND per kind the
 * caller gets, each now, digest or none.  Saves every choice, or none
 * when any is not one of those (the form comes back with the error).
 */
static int
h_account_notify(struct at_req *req)
{
	const struct at_notify_kind *k[ACCOUNT_KINDS_MAX];
	const struct at_param *p;
	const char	*field, *v;
	size_t		 nk, i;
	int		 bad = 0, seen;

	nk = at_notify_kinds(req->user->role, k, ACCOUNT_KINDS_MAX);
	for (i = 0; i < nk; i++) {
		field = at_pprintf(req->pool, "n-%s", k[i]->name);
		seen = 0;
		for (p = req->form; p != NULL; p = p->next)
			if (strcmp(p->name, field) == 0 && ++seen > 1)
				return 400;
		v = at_form(req, field);
		if (v != NULL && at_delivery_parse(v) == 0) {
			at_form_error(req, field, "Choose immediately, in the "
			    "daily digest, or never.");
			bad++;
		}
	}
	if (bad > 0)
		return h_account(req);
	if (at_db_begin(req->db) == -1)
		return 500;
	for (i = 0; i < nk; i++) {
		v = at_form(req, at_pprintf(req->pool, "n-%s", k[i]->name));
		if (v == NULL)
			continue;
		if (at_db_exec(req->db, "INSERT INTO notification_prefs "
		    "(user_id, kind, delivery) VALUES (?, ?, ?) ON DUPLICATE "
		    "KEY UPDATE delivery = VALUES(delivery)", "Iss",
		    req->user->id, k[i]->name, v) == -1) {
			(void)at_db_rollback(req->db);
			return 500;
		}
	}
	if (at_db_commit(req->db) == -1) {
		(void)at_db_rollback(req->db);
		return 500;
	}
	at_flash(req, "ok", "Your notification choices are saved.");
	return at_redirect(req, "/account");
}

/*
 * POST /account/sessions/end (signed in): ends every session of the
 * caller but this one.
 */
static int
h_account_elsewhere(struct at_req *req)
{
	long long	 n;

	if (req->session_token == NULL)
		return 403;
	n = at_db_exec(req->db, "DELETE FROM sessions WHERE user_id = ? AND "
	    "token_hash <> ?", "Is", req->user->id,
	    at_token_hash(req->pool, req->session_token));
	if (n == -1)
		return 500;
	at_flash(req, "ok", n == 0 ? "You were signed in nowhere else." :
	    at_pprintf(req->pool, "Signed out of %lld other session%s.", n,
	    n == 1 ? "" : "s"));
	return at_redirect(req, "/account");
}

/* See notify/notify.h. */
int
at_invite_send(struct at_req *req, long long uid)
{
	struct at_mail_draft d;
	struct at_rows	*r;
	const char	*token, *brand;

	r = at_db_select(req->db, req->pool, "SELECT email, name FROM users "
	    "WHERE id = ? AND active = 1", "I", uid);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 0;
	token = at_token(req->pool, 32);
	if (at_db_exec(req->db, "INSERT INTO password_resets (token_hash, "
	    "user_id, kind, created_at, expires_at) VALUES (?, ?, 'invite', "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)", "sIi",
	    at_token_hash(req->pool, token), uid, INVITE_TTL) == -1)
		return -1;
	brand = req->site->brand_name != NULL ? req->site->brand_name :
	    req->site->name;
	memset(&d, 0, sizeof(d));
	d.size = AT_EXT_SIZE(at_mail_draft);
	d.to = at_row(r, 0, "email");
	d.name = at_row(r, 0, "name");
	d.subject = at_pprintf(req->pool, "%s invited you to your client "
	    "portal", brand);
	d.intro = at_pprintf(req->pool, "%s invited you to your client "
	    "portal: the one place where you follow your projects, see "
	    "updates and files, and answer what needs your approval. "
	    "Choose a password to sign in.", brand);
	d.action = "Choose your password";
	d.link = at_pprintf(req->pool, "/welcome/%s", token);
	d.note = "This link works once and expires in 7 days. If you did "
	    "not expect it, ignore this message.";
	return at_mail_draw(req->db, req->site, &d);
}

static const struct at_field f_name[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_password[] = {
	{ "current", NULL, AT_F_REQUIRED, 1024, "Current password" },
	{ "password", NULL, AT_F_REQUIRED, 1024, "New password" },
	{ "password2", NULL, AT_F_REQUIRED, 1024, "New password again" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route account_routes[] = {
	{ AT_GET, "/account", AT_USER, h_account, NULL, NULL },
	{ AT_POST, "/account/name", AT_USER, h_account_name, f_name, NULL },
	{ AT_POST, "/account/password", AT_USER, h_account_password,
	    f_password, NULL },
	{ AT_POST, "/account/notifications", AT_USER, h_account_notify, NULL,
	    NULL },
	{ AT_POST, "/account/sessions/end", AT_USER, h_account_elsewhere,
	    NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the account pages. */
static int
account_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, account_routes);
	return 0;
}

const struct at_plugin at_mod_account = {
	AT_PLUGIN_HEAD,
	.name = "account",
	.version = PACKAGE_VERSION,
	.summary = "Each person's account: name, password, notifications, "
	    "sessions",
	.init = account_init,
};
