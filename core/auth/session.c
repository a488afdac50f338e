/*
 * Sessions: a 256-bit random token in an HttpOnly, SameSite cookie; only
 * its SHA-256 is stored.  A new token at every login; idle and absolute
 * expiry from the config.  The session, its user, the user's client and
 * the client's enabled plugins come back in one round trip.  CSRF tokens
 * live with the session (or, before login, in a cookie of their own that
 * forms must echo).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "core.h"

#define SESSION_COOKIE	"atrium_session"
#define CSRF_COOKIE	"atrium_csrf"
/* The same cookie under HTTPS: Secure, Path=/, no Domain, not tossable. */
#define CSRF_COOKIE_HOST "__Host-atrium_csrf"

/* The site's CSRF key (site_secrets "csrf"), loaded once per process. */
static unsigned char	 csrf_key[crypto_auth_hmacsha256_KEYBYTES];
static int		 csrf_key_loaded;

/* Whether cookies set for req carry Secure (at_resp_cookie's rule). */
static int
session_secure(const struct at_req *req)
{
	return req->site->secure_cookies == 1 ||
	    (req->site->secure_cookies == -1 && req->https);
}

/* The pre-login CSRF cookie's name for req. */
static const char *
session_csrf_cookie(const struct at_req *req)
{
	return session_secure(req) ? CSRF_COOKIE_HOST : CSRF_COOKIE;
}

/*
 * Loads the site's CSRF key, making it on first use (one random key for
 * every worker, kept in site_secrets).  0 or -1 on a database error.
 */
static int
session_csrf_key(struct at_req *req)
{
	struct at_rows	*r;
	unsigned char	 raw[sizeof(csrf_key)];
	char		 hex[sizeof(csrf_key) * 2 + 1];
	const char	*v;
	size_t		 got;

	if (csrf_key_loaded)
		return 0;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	if (at_db_exec(req->db, "INSERT IGNORE INTO site_secrets (name, "
	    "value, created_at) VALUES ('csrf', ?, UTC_TIMESTAMP())", "s",
	    hex) == -1)
		return -1;
	sodium_memzero(hex, sizeof(hex));
	r = at_db_select(req->db, req->pool, "SELECT value FROM site_secrets "
	    "WHERE name = 'csrf'", "");
	if (r == NULL || r->n != 1 || (v = at_row(r, 0, "value")) == NULL ||
	    sodium_hex2bin(csrf_key, sizeof(csrf_key), v, strlen(v), NULL,
	    &got, NULL) != 0 || got != sizeof(csrf_key)) {
		log_warn("%s: the site's CSRF key cannot be read", __func__);
		return -1;
	}
	csrf_key_loaded = 1;
	return 0;
}

/* The pre-login form token for nonce: its HMAC under the site's key. */
static char *
session_csrf_sign(struct at_req *req, const char *nonce)
{
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	char		*out;
	size_t		 len;

	crypto_auth_hmacsha256(mac, (const unsigned char *)nonce,
	    strlen(nonce), csrf_key);
	len = sodium_base64_encoded_len(sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = at_palloc(req->pool, len);
	sodium_bin2base64(out, len, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Splits "a,b,c" into a NULL-terminated array in the pool. */
static void
session_plugins(struct at_req *req, struct at_user *u, const char *list)
{
	char	*copy, *p, *name;
	size_t	 n = 1;

	if (list == NULL || *list == '\0') {
		u->plugins = at_palloc(req->pool, sizeof(char *));
		return;
	}
	for (p = (char *)list; *p != '\0'; p++)
		if (*p == ',')
			n++;
	u->plugins = at_palloc(req->pool, (n + 1) * sizeof(char *));
	copy = at_pstrdup(req->pool, list);
	for (p = copy; (name = strsep(&p, ",")) != NULL; )
		if (*name != '\0')
			u->plugins[u->nplugins++] = name;
}

/*
 * The pre-session CSRF token: the cookie holds a random nonce (set when
 * new), forms carry the nonce's HMAC under the site's key, so a value
 * made up to match a planted cookie is refused.  0 or -1 (no key).
 */
static int
session_anon_csrf(struct at_req *req)
{
	const char	*c, *name = session_csrf_cookie(req);

	if (session_csrf_key(req) == -1)
		return -1;
	c = at_cookie(req, name);
	if (c == NULL || strlen(c) != 43) {
		c = at_token(req->pool, 32);
		at_resp_cookie(req, name, c, 0, AT_COOKIE_SESSION);
	}
	req->csrf = session_csrf_sign(req, c);
	return 0;
}

/* See core.h. */
int
at_session_load(struct at_req *req)
{
	struct at_rows	*r;
	struct at_user	*u;
	const char	*tok, *role, *hash;
	long long	 idle, age;
	int		 valid;

	tok = at_cookie(req, SESSION_COOKIE);
	if (tok == NULL || strlen(tok) != 43)
		return session_anon_csrf(req);
	hash = at_token_hash(req->pool, tok);
	r = at_db_select(req->db, req->pool,
	    "SELECT s.user_id, s.csrf, "
	    "TIMESTAMPDIFF(SECOND, s.last_seen, UTC_TIMESTAMP()) AS idle, "
	    "TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP()) AS age, "
	    "u.email, u.name, u.role, u.client_id, u.active, "
	    "u.prev_login_at, c.name AS client_name, c.portal_enabled, "
	    "(SELECT GROUP_CONCAT(cp.plugin) FROM client_plugins cp "
	    "WHERE cp.client_id = u.client_id AND cp.enabled = 1) AS plugins "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "LEFT JOIN clients c ON c.id = u.client_id "
	    "WHERE s.token_hash = ?", "s", hash);
	if (r == NULL)
		return -1;
	if (r->n == 0) {
		at_resp_cookie(req, SESSION_COOKIE, "", 0, 0);
		return session_anon_csrf(req);
	}
	idle = at_row_int(r, 0, "idle", 0);
	age = at_row_int(r, 0, "age", 0);
	role = at_row(r, 0, "role");
	valid = at_row_int(r, 0, "active", 0) == 1 &&
	    (strcmp(role, "contact") != 0 ||
	    at_row_int(r, 0, "portal_enabled", 0) == 1);
	if (!valid || idle > req->site->session_idle ||
	    age > req->site->session_absolute) {
		at_db_exec(req->db, "DELETE FROM sessions WHERE token_hash = ?",
		    "s", hash);
		at_resp_cookie(req, SESSION_COOKIE, "", 0, 0);
		if (session_anon_csrf(req) == -1)
			return -1;
		if (valid) {
			at_resp_cookie(req, "atrium_flash", at_url_encode(
			    req->pool, "info:Your session expired. Please "
			    "sign in again."), 60, 0);
		}
		return at_db_gone(req->db) ? -1 : 0;
	}
	u = at_palloc(req->pool, sizeof(*u));
	u->id = at_row_int(r, 0, "user_id", 0);
	u->email = at_row(r, 0, "email");
	u->name = at_row(r, 0, "name");
	u->role = strcmp(role, "admin") == 0 ? AT_ROLE_ADMIN :
	    strcmp(role, "staff") == 0 ? AT_ROLE_STAFF : AT_ROLE_CONTACT;
	u->client_id = u->role == AT_ROLE_CONTACT ?
	    at_row_int(r, 0, "client_id", 0) : 0;
	u->client_name = at_row(r, 0, "client_name");
	u->last_seen = at_row(r, 0, "prev_login_at");
	session_plugins(req, u, at_row(r, 0, "plugins"));
	req->user = u;
	req->session_token = tok;
	req->csrf = at_row(r, 0, "csrf");
	/* Keep the session alive; once a minute is enough. */
	if (idle >= 60)
		at_db_exec(req->db, "UPDATE sessions SET last_seen = "
		    "UTC_TIMESTAMP() WHERE token_hash = ?", "s", hash);
	return at_db_gone(req->db) ? -1 : 0;
}

/* See include/atrium/auth.h. */
int
at_session_start(struct at_req *req, long long user_id)
{
	const char	*tok, *csrf;

	tok = at_token(req->pool, 32);
	csrf = at_token(req->pool, 32);
	if (at_db_exec(req->db, "INSERT INTO sessions (token_hash, user_id, "
	    "csrf, created_at, last_seen, ip, user_agent) VALUES (?, ?, ?, "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?, ?)", "sIsss",
	    at_token_hash(req->pool, tok), user_id, csrf, req->remote_addr,
	    at_utf8_clean(req->pool, req->user_agent, 255)) == -1)
		return -1;
	at_db_exec(req->db, "UPDATE users SET prev_login_at = last_login_at, "
	    "last_login_at = UTC_TIMESTAMP() WHERE id = ?", "I", user_id);
	at_resp_cookie(req, SESSION_COOKIE, tok, 0, AT_COOKIE_SESSION);
	at_resp_cookie(req, session_csrf_cookie(req), "", 0, 0);
	req->session_token = tok;
	req->csrf = csrf;
	return 0;
}

/* See include/atrium/auth.h. */
void
at_session_end(struct at_req *req)
{
	if (req->session_token != NULL)
		at_db_exec(req->db, "DELETE FROM sessions WHERE token_hash = ?",
		    "s", at_token_hash(req->pool, req->session_token));
	at_resp_cookie(req, SESSION_COOKIE, "", 0, 0);
	req->user = NULL;
	req->session_token = NULL;
}

/* See include/atrium/auth.h. */
int
at_user_revoke(struct at_db *db, long long uid)
{
	if (at_db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "I",
	    uid) == -1)
		return -1;
	if (at_db_exec(db, "UPDATE password_resets SET used_at = "
	    "UTC_TIMESTAMP() WHERE user_id = ? AND used_at IS NULL", "I",
	    uid) == -1)
		return -1;
	return 0;
}

/* See include/atrium/auth.h. */
int
at_client_revoke(struct at_db *db, long long client_id)
{
	if (at_db_exec(db, "DELETE s FROM sessions s JOIN users u ON "
	    "u.id = s.user_id WHERE u.client_id = ? AND u.role = 'contact'",
	    "I", client_id) == -1)
		return -1;
	if (at_db_exec(db, "UPDATE password_resets r JOIN users u ON "
	    "u.id = r.user_id SET r.used_at = UTC_TIMESTAMP() WHERE "
	    "u.client_id = ? AND u.role = 'contact' AND r.used_at IS NULL",
	    "I", client_id) == -1)
		return -1;
	return 0;
}

/* See include/atrium/auth.h. */
int
at_password_set(struct at_db *db, long long uid, const char *hash)
{
	long long	 n;

	if (at_db_begin(db) == -1)
		return -1;
	n = at_db_exec(db, "UPDATE users SET password_hash = ? WHERE id = ?",
	    "sI", hash, uid);
	if (n == -1)
		goto fail;
	if (n == 0) {
		/* No such account (an unchanged hash still counts as 1). */
		if (at_db_rollback(db) == -1)
			return -1;
		return 0;
	}
	if (at_user_revoke(db, uid) == -1)
		goto fail;
	if (at_db_commit(db) == -1)
		goto fail;
	return 1;
fail:
	(void)at_db_rollback(db);
	return -1;
}

/* See core.h: the "csrf" field or X-CSRF-Token header, in constant time. */
int
at_csrf_check(struct at_req *req)
{
	const char	*sent;
	size_t		 n;

	sent = at_form(req, "csrf");
	if (sent == NULL)
		sent = FCGX_GetParam("HTTP_X_CSRF_TOKEN",
		    ((FCGX_Request *)req->fcgx)->envp);
	if (sent == NULL || req->csrf == NULL)
		return -1;
	n = strlen(req->csrf);
	if (n == 0 || strlen(sent) != n)
		return -1;
	return sodium_memcmp(sent, req->csrf, n) == 0 ? 0 : -1;
}

int
at_is_staff(const struct at_req *req)
{
	return req->user != NULL && (req->user->role == AT_ROLE_STAFF ||
	    req->user->role == AT_ROLE_ADMIN);
}

int
at_is_admin(const struct at_req *req)
{
	return req->user != NULL && req->user->role == AT_ROLE_ADMIN;
}

/*
 * Fail-closed: only staff get AT_SCOPE_ALL, only a contact with a client
 * gets that client; anyone else (no caller, a contact without a client,
 * a role this code does not know) gets AT_SCOPE_NONE, which no row has.
 */
long long
at_client_scope(const struct at_req *req)
{
	if (req == NULL || req->user == NULL)
		return AT_SCOPE_NONE;
	switch (req->user->role) {
	case AT_ROLE_STAFF:
	case AT_ROLE_ADMIN:
		return AT_SCOPE_ALL;
	case AT_ROLE_CONTACT:
		return req->user->client_id > 0 ? req->user->client_id :
		    AT_SCOPE_NONE;
	}
	return AT_SCOPE_NONE;
}

int
at_plugin_on(const struct at_req *req, const char *name)
{
	size_t	 i;

	if (!at_plugin_loaded(name))
		return 0;
	if (req->user == NULL)
		return 0;
	if (at_is_staff(req))
		return 1;
	for (i = 0; i < req->user->nplugins; i++)
		if (strcmp(req->user->plugins[i], name) == 0)
			return 1;
	return 0;
}
