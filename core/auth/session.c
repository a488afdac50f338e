/*
 * Sessions: a 256-bit random token in an HttpOnly, SameSite cookie; only
 * its SHA-256 is stored.  A new token at every login; idle and absolute
 * expiry from the config.  The session, its user, the user's client and
 * the client's enabled plugins come back in one round trip, and each
 * worker keeps what it loaded: while nothing was revoked, a request's
 * session costs one primary-key read of two counters (session_check).  CSRF tokens
 * live with the session (or, before login, in a cookie of their own that
 * forms must echo).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/*
 * The worker's cache of sessions it has seen: what the lookup query
 * loaded, kept under the token's hash with the auth version it was read
 * at.  auth_version is a counter the database adds one to whenever a
 * session is deleted or a user, client or client's plugin switch changes
 * (triggers, install/schema/core/009_activity_seals.sql), so an entry is
 * good exactly while the counter has not moved: checking it is a column
 * of the one small query a cached request makes anyway (session_check).
 */
#define SC_SLOTS	256

struct sc_entry {
	char		 hash[65];	/* "" when the slot is free */
	unsigned long long auth;	/* auth_version it was read at */
	time_t		 seen;		/* last_seen, on this worker's clock */
	time_t		 born;		/* created_at, on this worker's clock */
	long long	 uid, client_id;
	enum at_role	 role;
	char		*email, *name, *client_name, *last_seen;
	char		*plugins, *csrf;
	/*
	 * The person's figures (sc_figures) as read at user_versions'
	 * version figv: the database moves it whenever the person's
	 * notifications or last-visit markers change (triggers,
	 * install/schema/core/013_user_versions.sql).
	 */
	long long	 figv, bell;
	char		*marks;		/* NULL: not kept (too long) */
};

static struct sc_entry	 sc[SC_SLOTS];
static size_t		 sc_next;		/* the slot replaced next */
static long long	 sc_data = -1;		/* data version, this request */
static long long	 sc_bell = -1;		/* unread notices, this request */
static char		 sc_marks[256];		/* "seen" markers, this request */
static int		 sc_have_marks;		/* sc_marks was read */

/* Frees what slot e holds and marks it free. */
static void
sc_clear(struct sc_entry *e)
{
	free(e->email);
	free(e->name);
	free(e->client_name);
	free(e->last_seen);
	free(e->plugins);
	free(e->csrf);
	free(e->marks);
	memset(e, 0, sizeof(*e));
}

/* A malloc'd copy of s (NULL stays NULL); aborts when out of memory. */
static char *
sc_dup(const char *s)
{
	char	*d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* The slot caching hash, or NULL. */
static struct sc_entry *
sc_find(const char *hash)
{
	size_t	 i;

	for (i = 0; i < SC_SLOTS; i++)
		if (sc[i].hash[0] != '\0' && strcmp(sc[i].hash, hash) == 0)
			return &sc[i];
	return NULL;
}

/* Forgets the session with token hash hash (ended, expired, changed). */
static void
sc_forget(const char *hash)
{
	struct sc_entry	*e;

	if ((e = sc_find(hash)) != NULL)
		sc_clear(e);
}

/* See core.h. */
long long
at_session_data_version(void)
{
	return sc_data;
}

/* See core.h. */
long long
at_session_bell(void)
{
	return sc_bell;
}

/* See core.h. */
const char *
at_session_marks(void)
{
	return sc_have_marks ? sc_marks : NULL;
}

/*
 * Keeps the per-person figures row 0 of r carries (columns bell and
 * marks) for this request: the header's unread count and the "seen"
 * markers the navigation's change counts are kept under.
 */
static void
sc_figures(const struct at_rows *r)
{
	const char	*m;

	sc_bell = at_row(r, 0, "bell") != NULL ?
	    at_row_int(r, 0, "bell", -1) : -1;
	m = at_row(r, 0, "marks");
	snprintf(sc_marks, sizeof(sc_marks), "%s", m != NULL ? m : "");
	sc_have_marks = m == NULL || strlen(m) < sizeof(sc_marks) - 1;
}

/* Keeps this request's figures in slot e, as read at version v. */
static void
sc_keep_figures(struct sc_entry *e, long long v)
{
	free(e->marks);
	e->marks = sc_have_marks ? sc_dup(sc_marks) : NULL;
	e->bell = sc_bell;
	e->figv = v;
}

/* This request's figures are those slot e keeps. */
static void
sc_use_figures(const struct sc_entry *e)
{
	sc_bell = e->bell;
	sc_have_marks = e->marks != NULL;
	snprintf(sc_marks, sizeof(sc_marks), "%s",
	    e->marks != NULL ? e->marks : "");
}

/* The columns for sc_figures (binds: I I). */
#define SC_FIGURES "(SELECT COUNT(*) FROM notifications WHERE " \
	"user_id = ? AND read_at IS NULL) AS bell, (SELECT " \
	"GROUP_CONCAT(area, '=', seen_at ORDER BY area) FROM last_visits " \
	"WHERE user_id = ?) AS marks"

/* Fills req->user, req->csrf and req->session_token from slot e. */
static void
sc_load(struct at_req *req, const struct sc_entry *e, const char *tok)
{
	struct at_user	*u;

	u = at_palloc(req->pool, sizeof(*u));
	u->id = e->uid;
	u->email = at_pstrdup(req->pool, e->email);
	u->name = at_pstrdup(req->pool, e->name);
	u->role = e->role;
	u->client_id = e->client_id;
	u->client_name = e->client_name != NULL ? at_pstrdup(req->pool,
	    e->client_name) : NULL;
	u->last_seen = e->last_seen != NULL ? at_pstrdup(req->pool,
	    e->last_seen) : NULL;
	session_plugins(req, u, e->plugins);
	req->user = u;
	req->session_token = tok;
	req->csrf = at_pstrdup(req->pool, e->csrf);
}

/*
 * A cached session: one round trip reads the auth version, the caller's
 * data version for the kept pages and the person's figures version, each
 * by its primary key.  The figures every page shows (the bell's unread
 * count, the markers the navigation's change counts are kept under:
 * sc_figures) are kept with the session and read again, in a second
 * round trip, only when their version moved.  Returns 1 when the cache
 * answered (req->user set), 0 when the full lookup must run, -1 on a
 * database error.
 */
static int
session_check(struct at_req *req, struct sc_entry *e, const char *tok,
    const char *hash)
{
	struct at_rows	*r;
	time_t		 now = time(NULL);
	long long	 fv;

	/* Near either expiry the database decides, not this clock. */
	if (now - e->seen > req->site->session_idle - 5 ||
	    now - e->born > req->site->session_absolute - 5)
		return 0;
	/* Staff see every client's data: its version is the sum. */
	if (e->client_id != 0)
		r = at_db_select(req->db, req->pool, "SELECT a.version AS "
		    "auth, d.version AS data, u.version AS figures FROM "
		    "auth_version a LEFT JOIN data_versions d ON d.client_id "
		    "= ? LEFT JOIN user_versions u ON u.user_id = ? WHERE "
		    "a.id = 1", "II", e->client_id, e->uid);
	else
		r = at_db_select(req->db, req->pool, "SELECT a.version AS "
		    "auth, (SELECT SUM(version) FROM data_versions) AS data, "
		    "u.version AS figures FROM auth_version a LEFT JOIN "
		    "user_versions u ON u.user_id = ? WHERE a.id = 1", "I",
		    e->uid);
	if (r == NULL || r->n != 1)
		return r == NULL ? -1 : 0;
	if (at_row(r, 0, "auth") == NULL ||
	    (unsigned long long)at_row_int(r, 0, "auth", 0) != e->auth)
		return 0;
	sc_data = at_row_int(r, 0, "data", 0);
	fv = at_row_int(r, 0, "figures", 0);
	if (fv != e->figv) {
		/* Read after the version: never older than it. */
		r = at_db_select(req->db, req->pool, "SELECT " SC_FIGURES,
		    "II", e->uid, e->uid);
		if (r == NULL || r->n != 1)
			return r == NULL ? -1 : 0;
		sc_figures(r);
		sc_keep_figures(e, fv);
	} else
		sc_use_figures(e);
	sc_load(req, e, tok);
	/* Keep the session alive; once a minute is enough. */
	if (now - e->seen >= 60) {
		at_db_exec(req->db, "UPDATE sessions SET last_seen = "
		    "UTC_TIMESTAMP() WHERE token_hash = ?", "s", hash);
		e->seen = now;
	}
	return 1;
}

/* Keeps what the full lookup loaded in a slot (the oldest replaced). */
static void
sc_store(const char *hash, const struct at_rows *r, const struct at_user *u,
    long long idle, long long age)
{
	struct sc_entry	*e;
	time_t		 now = time(NULL);

	if ((e = sc_find(hash)) == NULL) {
		e = &sc[sc_next];
		sc_next = (sc_next + 1) % SC_SLOTS;
	}
	sc_clear(e);
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
	e->auth = (unsigned long long)at_row_int(r, 0, "auth", 0);
	e->seen = now - idle;
	e->born = now - age;
	e->uid = u->id;
	e->client_id = u->client_id;
	e->role = u->role;
	e->email = sc_dup(u->email);
	e->name = sc_dup(u->name);
	e->client_name = sc_dup(u->client_name);
	e->last_seen = sc_dup(u->last_seen);
	e->plugins = sc_dup(at_row(r, 0, "plugins"));
	e->csrf = sc_dup(at_row(r, 0, "csrf"));
	sc_keep_figures(e, at_row_int(r, 0, "figures", 0));
	if (e->email == NULL || e->name == NULL || e->csrf == NULL)
		sc_clear(e);
}

/* See core.h. */
int
at_session_load(struct at_req *req)
{
	struct at_rows	*r;
	struct at_user	*u;
	struct sc_entry	*e;
	const char	*tok, *role, *hash;
	long long	 idle, age;
	int		 valid, rc;

	sc_data = -1;
	sc_bell = -1;
	sc_have_marks = 0;
	tok = at_cookie(req, SESSION_COOKIE);
	if (tok == NULL || strlen(tok) != 43)
		return session_anon_csrf(req);
	hash = at_token_hash(req->pool, tok);
	if ((e = sc_find(hash)) != NULL) {
		if ((rc = session_check(req, e, tok, hash)) != 0)
			return rc == 1 ? 0 : -1;
		sc_clear(e);
	}
	r = at_db_select(req->db, req->pool,
	    "SELECT s.user_id, s.csrf, "
	    "TIMESTAMPDIFF(SECOND, s.last_seen, UTC_TIMESTAMP()) AS idle, "
	    "TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP()) AS age, "
	    "u.email, u.name, u.role, u.client_id, u.active, "
	    "u.prev_login_at, c.name AS client_name, c.portal_enabled, "
	    "(SELECT GROUP_CONCAT(cp.plugin) FROM client_plugins cp "
	    "WHERE cp.client_id = u.client_id AND cp.enabled = 1) AS plugins, "
	    "(SELECT version FROM auth_version WHERE id = 1) AS auth, "
	    "IF(u.role = 'contact', (SELECT version FROM data_versions dv "
	    "WHERE dv.client_id = u.client_id), (SELECT SUM(version) FROM "
	    "data_versions)) AS data, "
	    "(SELECT COUNT(*) FROM notifications n WHERE n.user_id = "
	    "s.user_id AND n.read_at IS NULL) AS bell, (SELECT "
	    "GROUP_CONCAT(lv.area, '=', lv.seen_at ORDER BY lv.area) FROM "
	    "last_visits lv WHERE lv.user_id = s.user_id) AS marks, "
	    "(SELECT version FROM user_versions uv WHERE uv.user_id = "
	    "s.user_id) AS figures "
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
	sc_data = at_row_int(r, 0, "data", 0);
	sc_figures(r);
	/* Keep the session alive; once a minute is enough. */
	if (idle >= 60) {
		at_db_exec(req->db, "UPDATE sessions SET last_seen = "
		    "UTC_TIMESTAMP() WHERE token_hash = ?", "s", hash);
		idle = 0;
	}
	if (at_db_gone(req->db))
		return -1;
	if (at_row(r, 0, "auth") != NULL)
		sc_store(hash, r, u, idle, age);
	return 0;
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
	if (req->session_token != NULL) {
		sc_forget(at_token_hash(req->pool, req->session_token));
		at_db_exec(req->db, "DELETE FROM sessions WHERE token_hash = ?",
		    "s", at_token_hash(req->pool, req->session_token));
	}
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
