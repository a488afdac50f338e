/*
 * The platform end to end, over the real stack that install/test starts:
 * nginx -> Atrium's workers -> MariaDB, with an SMTP sink for mail.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <curl/curl.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD

/* Asserts the security headers every response must carry. */
static void
assert_security_headers(const struct tc_resp *r)
{
	char	*h;

	h = tc_header(r, "Content-Security-Policy");
	ck_assert_msg(h != NULL && strstr(h, "default-src 'self'") != NULL &&
	    strstr(h, "frame-ancestors 'none'") != NULL, "CSP: %s",
	    h != NULL ? h : "(none)");
	free(h);
	h = tc_header(r, "X-Content-Type-Options");
	ck_assert_msg(h != NULL && strcmp(h, "nosniff") == 0, "nosniff");
	free(h);
	h = tc_header(r, "X-Frame-Options");
	ck_assert_msg(h != NULL && strcmp(h, "DENY") == 0, "X-Frame-Options");
	free(h);
	h = tc_header(r, "Referrer-Policy");
	ck_assert_msg(h != NULL, "Referrer-Policy");
	free(h);
}

START_TEST(headers_on_every_response)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*h;

	r = tc_get(b, "/login");
	ck_assert_int_eq(r->status, 200);
	assert_security_headers(r);
	ck_assert(tc_has(r, "<form"));

	r = tc_get(b, "/no/such/page");
	ck_assert_int_eq(r->status, 404);
	assert_security_headers(r);
	ck_assert(tc_has(r, "Page not found"));

	r = tc_raw(b, "DELETE", "/login", NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 405);
	assert_security_headers(r);
	h = tc_header(r, "Allow");
	ck_assert_msg(h != NULL && strstr(h, "GET") && strstr(h, "POST"),
	    "Allow: %s", h);
	free(h);

	/* A handler whose page cannot be drawn: a clean 500. */
	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	r = tc_get(b, "/hello/broken");
	ck_assert_int_eq(r->status, 500);
	assert_security_headers(r);
	ck_assert(tc_has(r, "quote reference"));
	ck_assert(!tc_has(r, "xslt") && !tc_has(r, "libxml"));
	tc_free(b);
}
END_TEST

START_TEST(head_and_static)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*h;

	r = tc_head(b, "/login");
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(r->len, 0);
	r = tc_get(b, "/static/default/atrium.css");
	ck_assert_int_eq(r->status, 200);
	h = tc_header(r, "Content-Type");
	ck_assert_msg(h != NULL && strncmp(h, "text/css", 8) == 0, "%s", h);
	free(h);
	ck_assert(tc_has(r, "--brand"));
	/* Only static/ of a skin is served, not its stylesheets: sent as
	 * written, ".." and all (nginx resolves it and finds nothing). */
	r = tc_get_as_is(b, "/static/default/../layout.xsl");
	ck_assert_int_eq(r->status, 404);
	ck_assert(!tc_has(r, "xsl:stylesheet"));
	/* Atrium itself refuses a ".." it is handed: through nginx (which
	 * passes the request line as sent) and straight over FastCGI. */
	r = tc_get_as_is(b, "/static/../login");
	ck_assert_int_eq(r->status, 400);
	assert_security_headers(r);
	ck_assert_msg(tc_has(r, "Demo Agency"), "not Atrium's page: %s",
	    r->body);
	{
		char	 sock[4096], *out;
		size_t	 len;

		snprintf(sock, sizeof(sock), "%s/atrium.sock",
		    getenv("ATRIUM_TEST_DIR"));
		out = tc_fcgi(sock, "/static/default/../layout.xsl", &len,
		    NULL);
		ck_assert_ptr_nonnull(out);
		ck_assert_msg(strncmp(out, "Status: 400 ", 12) == 0, "%.200s",
		    out);
		ck_assert(strstr(out, "xsl:stylesheet") == NULL);
		free(out);
	}
	tc_free(b);
}
END_TEST

START_TEST(login_logout)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*h;

	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", "ana@northwind.test", "password", PW,
	    NULL);
	ck_assert_int_eq(r->status, 303);
	h = tc_header(r, "Set-Cookie");
	ck_assert_ptr_nonnull(h);
	free(h);
	ck_assert_msg(strstr(r->headers, "atrium_session=") != NULL &&
	    strstr(r->headers, "HttpOnly") != NULL &&
	    strstr(r->headers, "SameSite=Lax") != NULL, "%s", r->headers);
	h = tc_header(r, "Location");
	ck_assert_str_eq(h, "/");
	free(h);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ana Northwind"));

	r = tc_post(b, "/logout", NULL);
	ck_assert_int_eq(r->status, 303);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 303);	/* back to /login */
	tc_free(b);
}
END_TEST

START_TEST(wrong_password_same_answer)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*one, *two;

	/* Failures count per address: this test's own. */
	tc_set_source(b, tc_fresh_addr());
	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", "ben@northwind.test", "password",
	    "not-the-password-at-all", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "The email or password is wrong"));
	one = strdup(strstr(r->body, "<main"));
	r = tc_post(b, "/login", "email", "nobody@northwind.test", "password",
	    "not-the-password-at-all", NULL);
	ck_assert_int_eq(r->status, 200);
	two = strdup(strstr(r->body, "<main"));
	/* Identical but for the address typed back into the form. */
	ck_assert(strstr(two, "The email or password is wrong") != NULL);
	ck_assert_uint_eq(strlen(one) - strlen("ben@northwind.test"),
	    strlen(two) - strlen("nobody@northwind.test"));
	free(one);
	free(two);
	tc_free(b);
}
END_TEST

START_TEST(throttle)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		 email[256];
	int		 i;

	tc_make_staff("throttle", "staff", email, sizeof(email));
	tc_set_source(b, tc_fresh_addr());
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	tc_post(b, "/logout", NULL);
	for (i = 0; i < 5; i++) {
		tc_get(b, "/login");
		r = tc_post(b, "/login", "email", email, "password",
		    "wrong-password-here", NULL);
		ck_assert_int_eq(r->status, 200);
	}
	/* Now even the right password waits, with the same words. */
	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", email, "password", PW, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "The email or password is wrong"));
	tc_free(b);
}
END_TEST

START_TEST(reset_by_mail)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*mail, *url, *path, email[256];
	long		 since = (long)time(NULL) - 1;
	long long	 client;

	tc_make_client_contact("resetmail", &client, email, sizeof(email));
	tc_set_source(b, tc_fresh_addr());
	tc_get(b, "/reset");
	r = tc_post(b, "/reset", "email", email, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "If that address has an account"));
	/* An unknown address gets the same page and no mail. */
	r = tc_post(b, "/reset", "email", "ghost@northwind.test", NULL);
	ck_assert(tc_has(r, "If that address has an account"));

	mail = tc_mail_wait_for(email, since, "/reset/");
	ck_assert_msg(mail != NULL, "no reset mail arrived");
	url = tc_find_url(mail, "/reset/");
	ck_assert_ptr_nonnull(url);
	path = strstr(url, "/reset/");
	r = tc_get(b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose a new password"));
	r = tc_post(b, path, "password", "short", "password2", "short", NULL);
	ck_assert(tc_has(r, "at least 12 characters"));
	r = tc_post(b, path, "password", "a-brand-new-secret", "password2",
	    "a-brand-new-secret", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_login(b, email, "a-brand-new-secret"), 303);
	/* The link works once. */
	r = tc_get(b, path);
	ck_assert(tc_has(r, "expired or was already used"));
	free(mail);
	free(url);
	tc_free(b);
}
END_TEST

START_TEST(session_expiry)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		 email[256];
	long long	 client, user;

	user = tc_make_client_contact("expiry", &client, email, sizeof(email));
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	ck_assert_int_eq(tc_get(b, "/")->status, 200);
	/* Idle beyond the 30 minutes. */
	free(tc_sql(tc_expand("UPDATE sessions SET last_seen = last_seen - "
	    "INTERVAL 31 MINUTE WHERE user_id = %u", "u", &user)));
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 303);
	r = tc_get(b, "/login");
	ck_assert(tc_has(r, "Your session expired"));
	/* Older than 12 hours, even if active. */
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	free(tc_sql(tc_expand("UPDATE sessions SET created_at = created_at - "
	    "INTERVAL 13 HOUR WHERE user_id = %u", "u", &user)));
	ck_assert_int_eq(tc_get(b, "/")->status, 303);
	tc_free(b);
}
END_TEST

START_TEST(csrf_required)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(b, "staff@demo.test", PW), 303);
	r = tc_post(b, "/logout", "csrf", "", NULL);
	ck_assert_int_eq(r->status, 403);
	assert_security_headers(r);
	r = tc_post(b, "/logout", "csrf",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
	ck_assert_int_eq(r->status, 403);
	/* Still signed in; with the token it works. */
	ck_assert_int_eq(tc_get(b, "/staff/")->status, 200);
	ck_assert_int_eq(tc_post(b, "/logout", NULL)->status, 303);
	/* The login form is protected too (login CSRF). */
	r = tc_post(b, "/login", "email", "staff@demo.test", "password", PW,
	    "csrf", "forged", NULL);
	ck_assert_int_eq(r->status, 403);
	tc_free(b);
}
END_TEST

START_TEST(roles_enforced)
{
	struct tc_browser *b = tc_new(), *anon = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_get(b, "/staff/")->status, 403);
	ck_assert_int_eq(tc_get(b, "/staff/users")->status, 403);
	r = tc_post(b, "/staff/users", "email", "x@x.test", "name", "X",
	    "role", "admin", NULL);
	ck_assert_int_eq(r->status, 403);
	/* Staff are not admins. */
	ck_assert_int_eq(tc_login(anon, "staff@demo.test", PW), 303);
	ck_assert_int_eq(tc_get(anon, "/staff/users")->status, 403);
	tc_free(anon);
	anon = tc_new();
	r = tc_get(anon, "/staff/");
	ck_assert_int_eq(r->status, 303);
	ck_assert(strstr(r->headers, "Location: /login?next=") != NULL);
	tc_free(anon);
	tc_free(b);
}
END_TEST

START_TEST(disabled_client)
{
	struct tc_browser *b = tc_new(), *c = tc_new();
	char		 email[256];
	long long	 client;

	tc_make_client_contact("disabled", &client, email, sizeof(email));
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	ck_assert_int_eq(tc_get(b, "/")->status, 200);
	free(tc_sql(tc_expand("UPDATE clients SET portal_enabled = 0 WHERE "
	    "id = %c", "c", &client)));
	/* The open session dies, and a new login is refused. */
	ck_assert_int_eq(tc_get(b, "/")->status, 303);
	tc_get(c, "/login");
	ck_assert_int_eq(tc_post(c, "/login", "email", email, "password", PW,
	    NULL)->status, 200);
	free(tc_sql(tc_expand("UPDATE clients SET portal_enabled = 1 WHERE "
	    "id = %c", "c", &client)));
	ck_assert_int_eq(tc_login(c, email, PW), 303);
	tc_free(b);
	tc_free(c);
}
END_TEST

START_TEST(limits_and_malformed)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*big;
	size_t		 n = 3 * 1024 * 1024;
	const char	*bad;

	ck_assert_int_eq(tc_login(b, "staff@demo.test", PW), 303);
	big = malloc(n);
	memset(big, 'a', n);
	r = tc_post_file(b, "/logout", "file", "big.bin", big, n, NULL);
	ck_assert_int_eq(r->status, 413);
	assert_security_headers(r);
	ck_assert(tc_has(r, "larger than"));
	free(big);

	bad = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "abc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"a.txt\"\r\n\r\nhello, no end";
	r = tc_raw(b, "POST", "/logout", "multipart/form-data; boundary=XyZ",
	    bad, strlen(bad), NULL);
	ck_assert_int_eq(r->status, 400);
	assert_security_headers(r);
	ck_assert(tc_has(r, "cut short"));
	/* Still signed in: a bad request changes nothing. */
	ck_assert_int_eq(tc_get(b, "/staff/")->status, 200);
	/* A malformed path. */
	r = tc_get(b, "/%00x");
	ck_assert_int_eq(r->status, 400);
	tc_free(b);
}
END_TEST

START_TEST(plugins_and_switch)
{
	struct tc_browser *ana = tc_new(), *cleo = tc_new();
	struct tc_resp	*r;
	FILE		*f;
	char		 line[1024];
	int		 refused = 0;

	f = fopen(getenv("ATRIUM_TEST_LOG"), "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "plugin badabi: refused") != NULL &&
		    strstr(line, "ABI 99.0") != NULL)
			refused = 1;
	fclose(f);
	ck_assert_msg(refused, "the log does not name badabi's refusal");

	ck_assert_int_eq(tc_login(ana, "ana@northwind.test", PW), 303);
	r = tc_get(ana, "/hello");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Hello, Ana Northwind"));
	r = tc_get(ana, "/");
	ck_assert(tc_has(r, "Hello card"));
	ck_assert(tc_has(r, "href=\"/hello\""));

	/* Off for Globex: no route, no card, no nav item. */
	ck_assert_int_eq(tc_login(cleo, "cleo@globex.test", PW), 303);
	ck_assert_int_eq(tc_get(cleo, "/hello")->status, 404);
	r = tc_get(cleo, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "Hello card"));
	ck_assert(!tc_has(r, "href=\"/hello\""));
	tc_free(ana);
	tc_free(cleo);
}
END_TEST

START_TEST(database_outage)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_ctl("db-stop", NULL), 0);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 503);
	assert_security_headers(r);
	ck_assert(tc_has(r, "cannot reach its database"));
	ck_assert(!tc_has(r, "MySQL") && !tc_has(r, "MariaDB"));
	ck_assert_int_eq(tc_ctl("db-start", NULL), 0);
	/* The next request works, with the same session. */
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ana Northwind"));
	tc_free(b);
}
END_TEST

/* Fires n GETs of path at once; returns how many answered 200. */
static int
parallel(const char *path, int n)
{
	CURLM		*m;
	CURL		*e[64];
	char		 url[512];
	int		 i, running, ok = 0;
	long		 code;
	CURLMsg		*msg;
	int		 left;

	m = curl_multi_init();
	snprintf(url, sizeof(url), "%s%s", getenv("ATRIUM_TEST_URL"), path);
	for (i = 0; i < n; i++) {
		e[i] = curl_easy_init();
		curl_easy_setopt(e[i], CURLOPT_URL, url);
		curl_easy_setopt(e[i], CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(e[i], CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, fwrite);
		curl_easy_setopt(e[i], CURLOPT_WRITEDATA, fopen("/dev/null",
		    "w"));
		curl_multi_add_handle(m, e[i]);
	}
	do {
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 200, NULL);
	} while (running > 0);
	while ((msg = curl_multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->data.result == CURLE_OK) {
			curl_easy_getinfo(msg->easy_handle,
			    CURLINFO_RESPONSE_CODE, &code);
			if (code == 200)
				ok++;
		}
	for (i = 0; i < n; i++) {
		curl_multi_remove_handle(m, e[i]);
		curl_easy_cleanup(e[i]);
	}
	curl_multi_cleanup(m);
	return ok;
}

START_TEST(workers_survive)
{
	int	 i, ok = 0;
	struct tc_browser *b = tc_new();

	/* More requests at once than workers (the runner starts 2). */
	ck_assert_int_eq(parallel("/login", 16), 16);
	/* A killed worker is replaced. */
	ck_assert_int_eq(tc_ctl("kill-worker", NULL), 0);
	for (i = 0; i < 20; i++)
		if (tc_get(b, "/login")->status == 200)
			ok++;
	ck_assert_int_eq(ok, 20);
	/* A reload keeps serving. */
	ck_assert_int_eq(tc_ctl("reload", NULL), 0);
	usleep(300000);
	ck_assert_int_eq(parallel("/login", 8), 8);
	tc_free(b);
}
END_TEST

START_TEST(fd0_mode)
{
	struct tc_browser *b;
	struct tc_resp	*r;
	const char	*url = getenv("ATRIUM_TEST_URL_FD0");

	ck_assert_ptr_nonnull(url);
	setenv("ATRIUM_TEST_URL", url, 1);
	b = tc_new();
	r = tc_get(b, "/login");
	ck_assert_int_eq(r->status, 200);
	assert_security_headers(r);
	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ana Northwind"));
	tc_free(b);
}
END_TEST

START_TEST(page_model_for_staff_only)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*h;

	ck_assert_int_eq(tc_login(b, "staff@demo.test", PW), 303);
	r = tc_get(b, "/staff/?format=xml");
	ck_assert_int_eq(r->status, 200);
	h = tc_header(r, "Content-Type");
	ck_assert_msg(h != NULL && strncmp(h, "application/xml", 15) == 0,
	    "%s", h);
	free(h);
	ck_assert(tc_has(r, "<atrium page=\"staff-dashboard\""));
	tc_free(b);
	b = tc_new();
	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	r = tc_get(b, "/?format=xml");
	ck_assert_int_eq(r->status, 200);
	h = tc_header(r, "Content-Type");
	ck_assert_msg(h != NULL && strncmp(h, "text/html", 9) == 0, "%s", h);
	free(h);
	tc_free(b);
}
END_TEST

START_TEST(staff_switches)
{
	struct tc_browser *staff = tc_new(), *cont;
	struct tc_resp	*r;
	char		 email[256], path[128], sw[256];
	long long	 client;

	/* A client of this test's own, with one contact. */
	tc_make_client_contact("switches", &client, email, sizeof(email));
	cont = tc_as(email);
	ck_assert_int_eq(tc_login(staff, "staff@demo.test", PW), 303);
	ck_assert_int_eq(tc_get(cont, "/staff/clients")->status, 403);
	snprintf(path, sizeof(path), "/staff/clients/%lld", client);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, email));
	snprintf(sw, sizeof(sw), "%s/plugins/hello", path);
	ck_assert(tc_has(r, sw));

	/* hello on for the client from its page, then off again. */
	ck_assert_int_eq(tc_get(cont, "/hello")->status, 404);
	ck_assert_int_eq(tc_post(staff, sw, "enabled", "1", NULL)->status,
	    303);
	ck_assert_int_eq(tc_get(cont, "/hello")->status, 200);
	tc_get(staff, path);
	ck_assert_int_eq(tc_post(staff, sw, NULL)->status, 303);
	ck_assert_int_eq(tc_get(cont, "/hello")->status, 404);
	/* An unknown plugin is not a switch. */
	tc_get(staff, path);
	snprintf(sw, sizeof(sw), "%s/plugins/nosuch", path);
	ck_assert_int_eq(tc_post(staff, sw, "enabled", "1", NULL)->status,
	    404);

	/* Closing the portal signs the contact out; opening lets them in. */
	tc_get(staff, path);
	snprintf(sw, sizeof(sw), "%s/portal", path);
	ck_assert_int_eq(tc_post(staff, sw, NULL)->status, 303);
	ck_assert_int_eq(tc_get(cont, "/")->status, 303);
	tc_get(staff, path);
	ck_assert_int_eq(tc_post(staff, sw, "enabled", "1", NULL)->status,
	    303);
	ck_assert_int_eq(tc_login(cont, email, PW), 303);
	tc_free(staff);
	tc_free(cont);
}
END_TEST

/* Runs atriumctl verify-log; its exit status, output into out. */
static int
verify_log(char *out, size_t outsz)
{
	char	 cmd[1024];
	FILE	*p;
	size_t	 n;
	int	 st;

	snprintf(cmd, sizeof(cmd), "%s/bin/atriumctl -c %s verify-log 2>&1",
	    getenv("ATRIUM_TEST_PREFIX"), getenv("ATRIUM_TEST_CONF"));
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, outsz - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(activity_log_tamper_evident)
{
	struct tc_browser *b = tc_new();
	char		 out[8192], *id, *old, sql[512], email[256];
	long long	 user;

	/* A sign-in is recorded: this test's own account's. */
	user = tc_make_staff("tamper", "staff", email, sizeof(email));
	ck_assert_int_eq(tc_login(b, email, PW), 303);
	ck_assert_int_eq(verify_log(out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "intact") != NULL, "%s", out);
	id = tc_sql(tc_expand("SELECT MAX(id) FROM activity WHERE action = "
	    "'login' AND user_id = %u", "u", &user));
	ck_assert_ptr_nonnull(id);
	id[strcspn(id, "\n")] = '\0';
	snprintf(sql, sizeof(sql), "SELECT summary FROM activity WHERE id = %s",
	    id);
	old = tc_sql(sql);
	ck_assert_ptr_nonnull(old);
	old[strcspn(old, "\n")] = '\0';
	/* Edit an entry behind Atrium's back: found and named. */
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = 'forged' "
	    "WHERE id = %s", id);
	free(tc_sql(sql));
	ck_assert_int_eq(verify_log(out, sizeof(out)), 1);
	snprintf(sql, sizeof(sql), "entry %s", id);
	ck_assert_msg(strstr(out, sql) != NULL, "%s", out);
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = '%s' "
	    "WHERE id = %s", old, id);
	free(tc_sql(sql));
	ck_assert_int_eq(verify_log(out, sizeof(out)), 0);
	free(id);
	free(old);
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("platform");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, headers_on_every_response);
	tcase_add_test(tc, head_and_static);
	tcase_add_test(tc, login_logout);
	tcase_add_test(tc, wrong_password_same_answer);
	tcase_add_test(tc, throttle);
	tcase_add_test(tc, reset_by_mail);
	tcase_add_test(tc, session_expiry);
	tcase_add_test(tc, csrf_required);
	tcase_add_test(tc, roles_enforced);
	tcase_add_test(tc, disabled_client);
	tcase_add_test(tc, limits_and_malformed);
	tcase_add_test(tc, plugins_and_switch);
	tcase_add_test(tc, database_outage);
	tcase_add_test(tc, workers_survive);
	tcase_add_test(tc, fd0_mode);
	tcase_add_test(tc, page_model_for_staff_only);
	tcase_add_test(tc, staff_switches);
	tcase_add_test(tc, activity_log_tamper_evident);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
