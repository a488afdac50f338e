/*
 * Security behaviour end to end, over the real stack (nginx, Atrium's
 * workers, MariaDB, the SMTP sink) and straight at Atrium's FastCGI
 * sockets: the header block, redirects, reset links and their throttle,
 * sign-in throttling and the Argon2 slots, User-Agent text, the pre-login
 * CSRF token and nginx's own error pages.  Each test makes the clients
 * and accounts it needs, and sends from a loopback address of its own
 * where throttles count per address.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <sys/wait.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define LOGIN_FAILED	"The email or password is wrong"
#define LOGIN_BUSY	"Many people are signing in right now"
#define DEAD_LINK	"expired or was already used"

/* The path of Atrium's master socket (daemon mode) or fd0's. */
static const char *
sock_path(const char *name)
{
	static char	 path[4096];

	snprintf(path, sizeof(path), "%s/%s", getenv("ATRIUM_TEST_DIR"),
	    name);
	return path;
}

/* The value of header name in a raw header block (malloc'd) or NULL. */
static char *
raw_header(const char *block, const char *name)
{
	struct tc_resp	 r;

	memset(&r, 0, sizeof(r));
	r.headers = (char *)block;
	return tc_header(&r, name);
}

/*
 * Asserts a raw FastCGI answer: a header block whose Content-Length is
 * the body's length and whose Cache-Control says no-store.
 */
static void
assert_raw_answer(const char *out, size_t len, const char *what)
{
	const char	*end;
	char		*cl, *cc, *head;
	size_t		 body;

	ck_assert_msg(out != NULL, "%s: no answer", what);
	end = strstr(out, "\r\n\r\n");
	ck_assert_msg(end != NULL, "%s: no header block", what);
	head = strndup(out, (size_t)(end - out) + 2);
	body = len - (size_t)(end + 4 - out);
	cl = raw_header(head, "Content-Length");
	ck_assert_msg(cl != NULL, "%s: no Content-Length in\n%s", what, head);
	ck_assert_msg(strtoull(cl, NULL, 10) == body && cl[0] >= '0' &&
	    cl[0] <= '9', "%s: Content-Length %s, body %zu", what, cl, body);
	cc = raw_header(head, "Cache-Control");
	ck_assert_msg(cc != NULL && strstr(cc, "no-store") != NULL,
	    "%s: Cache-Control %s", what, cc != NULL ? cc : "(none)");
	ck_assert_msg(strstr(head, "X-Frame-Options: DENY\r\n") != NULL,
	    "%s: %s", what, head);
	free(cl);
	free(cc);
	free(head);
}

START_TEST(header_block_at_fastcgi)
{
	const char	*socks[] = { "atrium.sock", "fd0.sock" };
	char		*out;
	size_t		 len, i;

	for (i = 0; i < 2; i++) {
		out = tc_fcgi(sock_path(socks[i]), "/login", &len, NULL);
		assert_raw_answer(out, len, socks[i]);
		ck_assert(strstr(out, "Status: 200 OK\r\n") == out);
		free(out);
		out = tc_fcgi(sock_path(socks[i]), "/no/such/page", &len,
		    NULL);
		assert_raw_answer(out, len, socks[i]);
		ck_assert(strstr(out, "Status: 404") == out);
		free(out);
	}
	/* HEAD: the length of the body a GET would get, and no body. */
	out = tc_fcgi(sock_path("atrium.sock"), "/reset", &len,
	    "REQUEST_METHOD", "HEAD", NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strstr(out, "\r\nContent-Length: ") != NULL &&
	    strstr(out, "\r\nContent-Length: 0\r\n") == NULL, "%s", out);
	ck_assert_ptr_eq(strstr(out, "\r\n\r\n") + 4, out + len);
	free(out);
}
END_TEST

/* Asserts a page through nginx: no-store, and a length equal the body's. */
static void
assert_no_store(const struct tc_resp *r, const char *path)
{
	char	*cc, *cl;

	ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
	cc = tc_header(r, "Cache-Control");
	ck_assert_msg(cc != NULL && strstr(cc, "no-store") != NULL,
	    "%s: Cache-Control %s", path, cc != NULL ? cc : "(none)");
	cl = tc_header(r, "Content-Length");
	ck_assert_msg(cl != NULL && strtoull(cl, NULL, 10) == r->len,
	    "%s: Content-Length %s, body %zu", path, cl != NULL ? cl :
	    "(none)", r->len);
	free(cc);
	free(cl);
}

/*
 * Every page linked from start (href="/..."), then start itself, is
 * asserted by assert_no_store; returns how many pages were checked.
 */
static int
crawl_no_store(struct tc_browser *b, const char *start)
{
	struct tc_resp	*r;
	char		*links[200], *body, *p, *e, *l;
	int		 n = 0, i, j, dup;

	r = tc_get(b, start);
	assert_no_store(r, start);
	body = strdup(r->body);
	for (p = body; (p = strstr(p, "href=\"/")) != NULL && n < 200;
	    p = e) {
		p += 6;
		e = p + strcspn(p, "\"");
		l = strndup(p, (size_t)(e - p));
		dup = strncmp(l, "/static/", 8) == 0 ||
		    strstr(l, "logout") != NULL || strchr(l, '#') != NULL ||
		    strstr(l, "&amp;") != NULL;
		for (j = 0; j < n && !dup; j++)
			dup = strcmp(links[j], l) == 0;
		if (dup)
			free(l);
		else
			links[n++] = l;
	}
	free(body);
	for (i = 0; i < n; i++) {
		r = tc_get(b, links[i]);
		/* Pages, and downloads of stored files, alike. */
		if (r->status == 200)
			assert_no_store(r, links[i]);
		else
			ck_assert_msg(r->status == 303 || r->status == 404,
			    "%s: %ld", links[i], r->status);
		free(links[i]);
	}
	return n + 1;
}

START_TEST(no_store_through_nginx)
{
	struct tc_browser *b;
	struct tc_resp	*r;
	char		 email[256], *url;
	long long	 client;
	int		 n;

	/* Signed-out pages. */
	b = tc_new();
	assert_no_store(tc_get(b, "/login"), "/login");
	assert_no_store(tc_get(b, "/reset"), "/reset");
	tc_free(b);
	/* Every page a contact and staff reach from their home pages. */
	b = tc_as("ana@northwind.test");
	n = crawl_no_store(b, "/");
	ck_assert_msg(n > 3, "only %d contact pages", n);
	tc_free(b);
	b = tc_as("admin@demo.test");
	n = crawl_no_store(b, "/staff/");
	ck_assert_msg(n > 5, "only %d staff pages", n);
	n = crawl_no_store(b, "/staff/clients/1");
	ck_assert_msg(n > 3, "only %d client pages", n);
	tc_free(b);

	/* The meetings feed of a contact of a new client. */
	tc_make_client_contact("feed", &client, email, sizeof(email));
	free(tc_sql(tc_expand("INSERT INTO client_plugins (client_id, plugin, "
	    "enabled) VALUES (%c, 'meetings', 1)", "c", &client)));
	b = tc_as(email);
	tc_get(b, "/meetings");
	r = tc_post(b, "/meetings/feed", NULL);
	ck_assert_int_eq(r->status, 200);
	url = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(url);
	r = tc_get(b, strstr(url, "/meetings/feed/"));
	assert_no_store(r, "feed");
	ck_assert(tc_has(r, "BEGIN:VCALENDAR"));
	free(url);
	tc_free(b);
}
END_TEST

START_TEST(open_redirect_refused)
{
	static const char *const bad[] = { "%2F%09%2Fevil.example%2F",
	    "%2F%2Fevil.example%2F", "%2F%5Cevil.example", "%2F%20%2Fx",
	    "https%3A%2F%2Fevil.example%2F", "%2Fa%0D%0ASet-Cookie%3A%20x%3D1",
	    "%09%2Fevil.example" };
	struct tc_browser *b;
	struct tc_resp	*r;
	char		 path[512], *loc;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = tc_new();
		snprintf(path, sizeof(path), "/login?next=%s", bad[i]);
		r = tc_get(b, path);
		ck_assert_int_eq(r->status, 200);
		ck_assert_msg(!tc_has(r, "evil.example"), "%s drawn", bad[i]);
		r = tc_post(b, path, "email", "staff@demo.test", "password",
		    PW, NULL);
		ck_assert_int_eq(r->status, 303);
		loc = tc_header(r, "Location");
		ck_assert_msg(loc != NULL && strcmp(loc, "/staff/") == 0,
		    "next=%s went to %s", bad[i], loc);
		free(loc);
		tc_free(b);
	}
	/* A plain local path is followed. */
	b = tc_new();
	tc_get(b, "/login?next=%2Fstaff%2Fclients%3Fq%3Da");
	r = tc_post(b, "/login?next=%2Fstaff%2Fclients%3Fq%3Da", "email",
	    "staff@demo.test", "password", PW, NULL);
	loc = tc_header(r, "Location");
	ck_assert_str_eq(loc, "/staff/clients?q=a");
	free(loc);
	tc_free(b);
}
END_TEST

/* Asks for n reset links for user uid as staff; returns their paths. */
static void
reset_links(struct tc_browser *staff, long long uid, const char *email,
    char **paths, int n)
{
	long		 since = (long)time(NULL) - 1;
	char		 path[128], *urls[8];
	int		 i, got;

	snprintf(path, sizeof(path), "/staff/users/%lld/reset", uid);
	for (i = 0; i < n; i++) {
		tc_get(staff, "/staff/");
		ck_assert_int_eq(tc_post(staff, path, NULL)->status, 303);
	}
	got = tc_mail_urls(email, since, "/reset/", urls, n);
	ck_assert_msg(got == n, "%d of %d reset mails to %s", got, n, email);
	for (i = 0; i < n; i++) {
		paths[i] = strdup(strstr(urls[i], "/reset/"));
		free(urls[i]);
	}
}

/* Whether the reset link at path still shows its form. */
static int
link_works(const char *path)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	int		 ok;

	r = tc_get(b, path);
	ck_assert_int_eq(r->status, 200);
	ok = tc_has(r, "Choose a new password");
	ck_assert(ok || tc_has(r, DEAD_LINK));
	tc_free(b);
	return ok;
}

/* atriumctl user passwd EMAIL with pw on its standard input; its status. */
static int
ctl_passwd(const char *email, const char *pw)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 line[2048];
	FILE		*p;
	int		 st;

	ck_assert_msg(prefix != NULL && conf != NULL,
	    "ATRIUM_TEST_PREFIX and ATRIUM_TEST_CONF must be set");
	snprintf(line, sizeof(line), "'%s/bin/atriumctl' -c '%s' user passwd "
	    "'%s' >/dev/null 2>&1", prefix, conf, email);
	ck_assert_ptr_nonnull(p = popen(line, "w"));
	fprintf(p, "%s\n", pw);
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Sets a password through the reset link at path; the POST's status. */
static long
use_link(const char *path, const char *pw)
{
	struct tc_browser *b = tc_new();
	long		 st;

	/* A dead link's page has no form: take the token of /login. */
	tc_get(b, "/login");
	tc_get(b, path);
	st = tc_post(b, path, "password", pw, "password2", pw, NULL)->status;
	tc_free(b);
	return st;
}

START_TEST(reset_links_die)
{
	struct tc_browser *staff = tc_as("staff@demo.test"), *admin, *c;
	char		 email[256], path[256], *l[3];
	long long	 client, user;

	/* Single use; a newer link used kills the older ones. */
	user = tc_make_client_contact("reseta", &client, email, sizeof(email));
	reset_links(staff, user, email, l, 3);
	ck_assert(link_works(l[0]) && link_works(l[1]) && link_works(l[2]));
	ck_assert_int_eq(use_link(l[2], "a-first-new-secret"), 303);
	ck_assert(!link_works(l[2]));
	ck_assert(!link_works(l[0]));
	ck_assert(!link_works(l[1]));
	ck_assert_int_eq(use_link(l[0], "a-second-new-secret"), 200);
	c = tc_new();
	ck_assert_int_eq(tc_login(c, email, "a-first-new-secret"), 303);
	tc_free(c);
	free(l[0]); free(l[1]); free(l[2]);

	/* An admin setting the password: links and sessions die. */
	user = tc_make_client_contact("resetb", &client, email, sizeof(email));
	reset_links(staff, user, email, l, 1);
	c = tc_as(email);
	admin = tc_as("admin@demo.test");
	snprintf(path, sizeof(path), "/staff/users/%lld", user);
	tc_get(admin, path);
	snprintf(path, sizeof(path), "/staff/users/%lld/password", user);
	ck_assert_int_eq(tc_post(admin, path, "password",
	    "set-by-the-admin-1", NULL)->status, 303);
	ck_assert(!link_works(l[0]));
	ck_assert_int_eq(tc_get(c, "/")->status, 303);
	tc_free(c);
	free(l[0]);

	/* atriumctl user passwd: links and sessions die the same way. */
	user = tc_make_client_contact("resetf", &client, email, sizeof(email));
	reset_links(staff, user, email, l, 1);
	c = tc_as(email);
	ck_assert_int_eq(ctl_passwd(email, "set-from-the-shell-1"), 0);
	ck_assert(!link_works(l[0]));
	ck_assert_int_eq(tc_get(c, "/")->status, 303);
	tc_free(c);
	c = tc_new();
	ck_assert_int_eq(tc_login(c, email, "set-from-the-shell-1"), 303);
	tc_free(c);
	free(l[0]);

	/* A contact deactivated from the client's page. */
	user = tc_make_client_contact("resetc", &client, email, sizeof(email));
	reset_links(staff, user, email, l, 1);
	snprintf(path, sizeof(path), "/staff/clients/%lld", client);
	tc_get(staff, path);
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts/%lld",
	    client, user);
	ck_assert_int_eq(tc_post(staff, path, "name", "Gone Contact", "email",
	    email, NULL)->status, 303);
	ck_assert(!link_works(l[0]));
	/* Active again: the old link stays dead. */
	ck_assert_int_eq(tc_post(staff, path, "name", "Back Contact", "email",
	    email, "active", "1", NULL)->status, 303);
	ck_assert(!link_works(l[0]));
	free(l[0]);

	/* A staff account deactivated by an admin. */
	user = tc_make_staff("resetd", "staff", email, sizeof(email));
	reset_links(staff, user, email, l, 1);
	snprintf(path, sizeof(path), "/staff/users/%lld", user);
	tc_get(admin, path);
	snprintf(path, sizeof(path), "/staff/users/%lld/active", user);
	ck_assert_int_eq(tc_post(admin, path, NULL)->status, 303);
	ck_assert(!link_works(l[0]));
	tc_get(admin, "/staff/users");
	ck_assert_int_eq(tc_post(admin, path, "active", "1", NULL)->status,
	    303);
	ck_assert(!link_works(l[0]));
	free(l[0]);

	/* The client's portal closed, then opened again. */
	user = tc_make_client_contact("resete", &client, email, sizeof(email));
	reset_links(staff, user, email, l, 1);
	snprintf(path, sizeof(path), "/staff/clients/%lld", client);
	tc_get(staff, path);
	snprintf(path, sizeof(path), "/staff/clients/%lld/portal", client);
	ck_assert_int_eq(tc_post(staff, path, NULL)->status, 303);
	ck_assert(!link_works(l[0]));
	ck_assert_int_eq(tc_post(staff, path, "enabled", "1", NULL)->status,
	    303);
	ck_assert(!link_works(l[0]));
	ck_assert_int_eq(use_link(l[0], "too-late-for-this-1"), 200);
	free(l[0]);
	tc_free(admin);
	tc_free(staff);
}
END_TEST

/* POST /reset for email from browser b (its own address); the body. */
static char *
ask_reset(struct tc_browser *b, const char *email)
{
	struct tc_resp	*r;
	const char	*m;

	tc_get(b, "/reset");
	r = tc_post(b, "/reset", "email", email, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "If that address has an account"), "%s: %s",
	    email, r->body);
	m = strstr(r->body, "<main");
	ck_assert_ptr_nonnull(m);
	return strdup(m);
}

START_TEST(reset_throttled)
{
	struct tc_browser *b = tc_new(), *b2 = tc_new();
	char		 email[256], email2[256], ghost[256], *one, *two;
	char		*urls[4];
	long		 since = (long)time(NULL) - 1;
	long long	 client, before;
	int		 i;

	tc_make_client_contact("throta", &client, email, sizeof(email));
	tc_set_source(b, tc_fresh_addr());
	/* Five asks for one account: three mails in the hour, no more. */
	for (i = 0; i < 5; i++)
		free(ask_reset(b, email));
	/* (Distinct links: the outbox may deliver a message twice.) */
	ck_assert_int_eq(tc_mail_urls(email, since, "/reset/", urls, 4), 3);

	/* A known and an unknown address: the same answer, the same rows. */
	tc_make_client_contact("throtb", &client, email2, sizeof(email2));
	snprintf(ghost, sizeof(ghost), "%s@nobody.test", tc_unique("ghost"));
	tc_set_source(b2, tc_fresh_addr());
	before = tc_sql_int("SELECT COUNT(*) FROM reset_requests");
	one = ask_reset(b2, email2);
	two = ask_reset(b2, ghost);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM reset_requests"),
	    before + 2);
	ck_assert_str_eq(one, two);
	free(one);
	free(two);
	/* Ten asks from one address: the eleventh sends nothing. */
	for (i = 2; i < 10; i++) {
		snprintf(ghost, sizeof(ghost), "%s@nobody.test",
		    tc_unique("ghost"));
		free(ask_reset(b2, ghost));
	}
	tc_make_client_contact("throtc", &client, email, sizeof(email));
	since = (long)time(NULL) - 1;
	free(ask_reset(b2, email));
	/* The same account from another address gets its mail. */
	tc_set_source(b, tc_fresh_addr());
	free(ask_reset(b, email));
	ck_assert_int_eq(tc_mail_urls(email, since, "/reset/", urls, 2), 1);
	tc_free(b);
	tc_free(b2);
}
END_TEST

/* Holds every Argon2 slot of the site (lock files); returns how many. */
static int
hold_slots(int *fds, int n)
{
	char	 path[4096];
	int	 i;

	snprintf(path, sizeof(path), "%s/storage/locks",
	    getenv("ATRIUM_TEST_DIR"));
	(void)mkdir(path, 0700);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/storage/locks/argon2-%d.lock",
		    getenv("ATRIUM_TEST_DIR"), i);
		fds[i] = open(path, O_RDWR | O_CREAT, 0600);
		ck_assert_msg(fds[i] != -1, "%s", path);
		ck_assert_int_eq(flock(fds[i], LOCK_EX), 0);
	}
	return n;
}

static void
release_slots(int *fds, int n)
{
	while (n > 0)
		close(fds[--n]);
}

/* One sign-in attempt from b; the body's verdict. */
static struct tc_resp *
try_login(struct tc_browser *b, const char *email, const char *pw)
{
	tc_get(b, "/login");
	return tc_post(b, "/login", "email", email, "password", pw, NULL);
}

START_TEST(login_throttle_per_pair)
{
	struct tc_browser *at = tc_new(), *other = tc_new(), *c;
	struct tc_resp	*r;
	char		 email[256];
	int		 i, fds[8];
	time_t		 t0;

	tc_make_staff("throtl", "staff", email, sizeof(email));
	tc_set_source(at, tc_fresh_addr());
	tc_set_source(other, tc_fresh_addr());
	for (i = 0; i < 5; i++) {
		r = try_login(at, email, "wrong-password-here");
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, LOGIN_FAILED));
	}
	/* From that address even the right password waits ... */
	r = try_login(at, email, PW);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, LOGIN_FAILED));
	/* ... and is refused before any hashing: no slot is needed. */
	hold_slots(fds, 8);
	t0 = time(NULL);
	r = try_login(at, email, PW);
	ck_assert(tc_has(r, LOGIN_FAILED) && !tc_has(r, LOGIN_BUSY));
	/* Whoever does hash meanwhile is told to come back. */
	r = try_login(other, email, PW);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, LOGIN_BUSY), "not refused while the slots "
	    "are held");
	ck_assert_msg(time(NULL) - t0 < 10, "the busy answer took too long");
	release_slots(fds, 8);
	/* Nobody elsewhere is locked out. */
	c = tc_new();
	tc_set_source(c, tc_fresh_addr());
	ck_assert_int_eq(tc_login(c, email, PW), 303);
	tc_free(c);
	/* And the delay ends: no lock an attacker can hold. */
	sleep(6);
	ck_assert_int_eq(try_login(at, email, PW)->status, 303);
	tc_free(at);
	tc_free(other);
}
END_TEST

START_TEST(user_agent_text)
{
	struct tc_browser *b;
	char		 email[256], ua[2048], sql[512], *got;
	long long	 uid;
	int		 i;

	uid = tc_make_staff("ua", "staff", email, sizeof(email));
	b = tc_new();
	tc_set_ua(b, "Mozilla/5.0 (Ünïcode; 日本語) bad \xff\xfe bytes \xc3");
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	ck_assert_int_eq(tc_get(b, "/staff/")->status, 200);
	snprintf(sql, sizeof(sql), "SELECT user_agent FROM sessions WHERE "
	    "user_id = %lld", uid);
	got = tc_sql(sql);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strstr(got, "(Ünïcode; 日本語) bad \xef\xbf\xbd\xef\xbf\xbd"
	    " bytes \xef\xbf\xbd") != NULL, "%s", got);
	free(got);
	tc_free(b);
	/* 300 two-byte characters: 255 kept, cut between characters. */
	for (i = 0; i < 300; i++)
		memcpy(ua + i * 2, "é", 2);
	ua[600] = '\0';
	b = tc_new();
	tc_set_ua(b, ua);
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	snprintf(sql, sizeof(sql), "SELECT MAX(CHAR_LENGTH(user_agent)), "
	    "MAX(LENGTH(user_agent)) FROM sessions WHERE user_id = %lld", uid);
	got = tc_sql(sql);
	ck_assert_msg(got != NULL && strncmp(got, "255\t510", 7) == 0, "%s",
	    got);
	free(got);
	tc_free(b);
}
END_TEST

START_TEST(prelogin_csrf_bound_to_secret)
{
	static const char forged[] =
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*out, *sc;
	size_t		 len;

	/* A cookie planted with a made-up value, the form echoing it. */
	tc_set_cookie(b, "atrium_csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAA; Path=/");
	r = tc_post(b, "/login", "email", "staff@demo.test", "password", PW,
	    "csrf", forged, NULL);
	ck_assert_int_eq(r->status, 403);
	/* The form's token is not the cookie's value. */
	r = tc_get(b, "/login");
	ck_assert(!tc_has(r, forged));
	ck_assert(tc_csrf(b)[0] != '\0');
	ck_assert_int_eq(tc_post(b, "/login", "email", "staff@demo.test",
	    "password", PW, NULL)->status, 303);
	tc_free(b);
	/* Under HTTPS the cookie is __Host- and Secure. */
	out = tc_fcgi(sock_path("atrium.sock"), "/login", &len, "HTTPS", "on",
	    NULL);
	ck_assert_ptr_nonnull(out);
	sc = raw_header(out, "Set-Cookie");
	ck_assert_msg(sc != NULL && strncmp(sc, "__Host-atrium_csrf=", 19) ==
	    0 && strstr(sc, "; Secure") != NULL && strstr(sc, "Path=/") !=
	    NULL && strstr(sc, "Domain") == NULL, "%s", sc);
	free(sc);
	free(out);
}
END_TEST

/* Asserts nginx's raw answer has status code and the security headers. */
static void
assert_nginx_error(const char *out, const char *code)
{
	char	 line[64];

	ck_assert_ptr_nonnull(out);
	snprintf(line, sizeof(line), "HTTP/1.1 %s ", code);
	ck_assert_msg(strncmp(out, line, strlen(line)) == 0, "%.200s", out);
	ck_assert_msg(strstr(out, "\r\nContent-Security-Policy: default-src "
	    "'self'") != NULL && strstr(out, "frame-ancestors 'none'") != NULL,
	    "%s: no CSP in %.600s", code, out);
	ck_assert_msg(strstr(out, "\r\nX-Content-Type-Options: nosniff\r\n")
	    != NULL, "%s: nosniff", code);
	ck_assert_msg(strstr(out, "\r\nX-Frame-Options: DENY\r\n") != NULL,
	    "%s: X-Frame-Options", code);
	ck_assert_msg(strstr(out, "\r\nReferrer-Policy: ") != NULL,
	    "%s: Referrer-Policy", code);
	ck_assert_msg(strstr(out, "nginx/") == NULL, "%s: version shown",
	    code);
}

START_TEST(nginx_errors_carry_headers)
{
	char		*req, *out, *uri;
	size_t		 n;

	/* 413: a body over nginx's client_max_body_size (4m). */
	n = 5 * 1024 * 1024;
	if (asprintf(&req, "POST /login HTTP/1.1\r\nHost: localhost\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", n) == -1)
		abort();
	out = tc_tcp(req, strlen(req));
	assert_nginx_error(out, "413");
	free(out);
	free(req);
	/* 414: a request line past nginx's buffers. */
	uri = malloc(20001);
	memset(uri, 'a', 20000);
	uri[20000] = '\0';
	if (asprintf(&req, "GET /%s HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n", uri) == -1)
		abort();
	out = tc_tcp(req, strlen(req));
	assert_nginx_error(out, "414");
	free(out);
	free(req);
	free(uri);
	/* 400: a header nginx cannot read. */
	req = strdup("GET /login HTTP/1.1\r\nHost: localhost\r\n"
	    "Bad\x01Header: x\r\nConnection: close\r\n\r\n");
	out = tc_tcp(req, strlen(req));
	assert_nginx_error(out, "400");
	free(out);
	free(req);
	/* 400: no Host in HTTP/1.1. */
	req = strdup("GET /login HTTP/1.1\r\nConnection: close\r\n\r\n");
	out = tc_tcp(req, strlen(req));
	assert_nginx_error(out, "400");
	free(out);
	free(req);
	/* 404 from nginx (outside a skin's static folder). */
	req = strdup("GET /static/nothing HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n");
	out = tc_tcp(req, strlen(req));
	assert_nginx_error(out, "404");
	free(out);
	free(req);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("security");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, header_block_at_fastcgi);
	tcase_add_test(tc, no_store_through_nginx);
	tcase_add_test(tc, open_redirect_refused);
	tcase_add_test(tc, reset_links_die);
	tcase_add_test(tc, reset_throttled);
	tcase_add_test(tc, login_throttle_per_pair);
	tcase_add_test(tc, user_agent_text);
	tcase_add_test(tc, prelogin_csrf_bound_to_secret);
	tcase_add_test(tc, nginx_errors_carry_headers);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
