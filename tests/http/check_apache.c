/*
 * Atrium behind Apache 2.4 and mod_fcgid, end to end: install/test runs
 * the shipped install/apache/atrium.conf (paths and port substituted) in
 * a private Apache and exports its address as ATRIUM_TEST_URL_APACHE.
 * The sign-in page and signing in, a download, the header block, the
 * size limit's 413 page, and that only the skin's static/ folder is
 * public.  Also a worker started without a usable config (spawn-fcgi,
 * ATRIUM_CONFIG naming a missing file, socket ATRIUM_TEST_NOCONF_SOCK):
 * a plain 500 page whose code is in atrium-error.log beside the program.
 * The HTTP checks run twice: against the vhost, then against a site
 * folder served with the shipped install/apache/htaccess
 * (ATRIUM_TEST_URL_HTACCESS), whose atrium.fcgi finds atrium.conf beside
 * itself.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "client.h"

/* A browser talking to the Apache stack from an address of its own. */
static struct tc_browser *
apache_browser(void)
{
	struct tc_browser *b;

	b = tc_new();
	tc_set_source(b, tc_fresh_addr());
	return b;
}

/* Asserts the security headers, no-store and a Content-Length of r. */
static void
assert_headers(const struct tc_resp *r, const char *what)
{
	char	*cl, *cc, *xfo, *nosniff, *csp;

	cl = tc_header(r, "Content-Length");
	cc = tc_header(r, "Cache-Control");
	xfo = tc_header(r, "X-Frame-Options");
	nosniff = tc_header(r, "X-Content-Type-Options");
	csp = tc_header(r, "Content-Security-Policy");
	ck_assert_msg(cl != NULL && strtoull(cl, NULL, 10) == r->len,
	    "%s: Content-Length %s, body %zu", what, cl ? cl : "(none)",
	    r->len);
	ck_assert_msg(cc != NULL && strstr(cc, "no-store") != NULL,
	    "%s: Cache-Control %s", what, cc ? cc : "(none)");
	ck_assert_msg(xfo != NULL && strcmp(xfo, "DENY") == 0, "%s: %s",
	    what, r->headers);
	ck_assert_msg(nosniff != NULL && strcmp(nosniff, "nosniff") == 0,
	    "%s: %s", what, r->headers);
	ck_assert_msg(csp != NULL && strstr(csp, "default-src") != NULL,
	    "%s: %s", what, r->headers);
	free(cl);
	free(cc);
	free(xfo);
	free(nosniff);
	free(csp);
}

START_TEST(login_page)
{
	struct tc_browser *b = apache_browser();
	struct tc_resp	*r;
	char		*srv;

	r = tc_get(b, "/login");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "<h1>Sign in</h1>"));
	ck_assert(tc_csrf(b)[0] != '\0');
	srv = tc_header(r, "Server");
	ck_assert_msg(srv != NULL && strstr(srv, "Apache") != NULL,
	    "not Apache: %s", r->headers);
	free(srv);
	assert_headers(r, "GET /login");
	tc_free(b);
}
END_TEST

START_TEST(sign_in_and_download)
{
	struct tc_browser *b = apache_browser();
	struct tc_resp	*r;
	char		*ct;

	ck_assert_int_eq(tc_login(b, "ana@northwind.test", TC_DEMO_PASSWORD),
	    303);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ana Northwind"));
	assert_headers(r, "GET / signed in");
	/* The demo's shared Statement of work, version 2 (834 bytes). */
	r = tc_get(b, "/files/1/download");
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(r->len, 834);
	ck_assert(r->len > 4 && memcmp(r->body, "%PDF", 4) == 0);
	ct = tc_header(r, "Content-Type");
	ck_assert_msg(ct != NULL && strstr(ct, "application/pdf") != NULL,
	    "Content-Type %s", ct ? ct : "(none)");
	free(ct);
	assert_headers(r, "download");
	/* An internal file of the same client stays hidden. */
	r = tc_get(b, "/files/2/download");
	ck_assert_int_eq(r->status, 404);
	tc_free(b);
}
END_TEST

START_TEST(too_large_is_atriums_413)
{
	struct tc_browser *b = apache_browser();
	struct tc_resp	*r;
	size_t		 n = 3 * 1024 * 1024;	/* > max-body (2M) */
	char		*big;

	ck_assert_int_eq(tc_get(b, "/login")->status, 200);
	big = malloc(n);
	ck_assert(big != NULL);
	memset(big, 'a', n);
	r = tc_raw(b, "POST", "/login", "application/x-www-form-urlencoded",
	    big, n, NULL);
	free(big);
	ck_assert_msg(r->status == 413, "status %ld: %s", r->status,
	    r->body);
	ck_assert_msg(tc_has(r, "larger than") && tc_has(r, "Demo Agency"),
	    "not Atrium's page: %s", r->body);
	assert_headers(r, "413");
	tc_free(b);
}
END_TEST

START_TEST(only_static_is_public)
{
	struct tc_browser *b = apache_browser();
	struct tc_resp	*r;
	char		*ct;
	static const char *const hidden[] = {
		"/static/default/../layout.xsl",
		"/static/default/%2e%2e/layout.xsl",
		"/static/default/..%2flayout.xsl",
		"/static/../skins/default/layout.xsl",
		"/skins/default/layout.xsl",
		"/default/layout.xsl",
		"/static/default/../pages/login.xsl",
		"/skins/default/pages/login.xsl",
		"/atrium.conf",
		"/atrium-error.log",
		"/.htaccess",
	};
	size_t		 i;

	r = tc_get(b, "/static/default/atrium.css");
	ck_assert_int_eq(r->status, 200);
	ct = tc_header(r, "Content-Type");
	ck_assert_msg(ct != NULL && strncmp(ct, "text/css", 8) == 0,
	    "Content-Type %s", ct ? ct : "(none)");
	free(ct);
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		r = tc_get_as_is(b, hidden[i]);
		ck_assert_msg(r->status >= 400 && r->status < 500 &&
		    !tc_has(r, "xsl:stylesheet") &&
		    !tc_has(r, "xsl:template"), "%s: %ld\n%.200s", hidden[i],
		    r->status, r->body);
	}
	tc_free(b);
}
END_TEST

START_TEST(no_config_answers_500_with_code)
{
	const char	*sock = getenv("ATRIUM_TEST_NOCONF_SOCK");
	const char	*log = getenv("ATRIUM_TEST_NOCONF_LOG");
	const char	*p;
	char		*out, code[32], *text;
	size_t		 len;
	FILE		*f;
	long		 sz;

	ck_assert_msg(sock != NULL && log != NULL,
	    "ATRIUM_TEST_NOCONF_SOCK/LOG not set");
	out = tc_fcgi(sock, "/login", &len, NULL);
	ck_assert(out != NULL);
	ck_assert_msg(strncmp(out, "Status: 500", 11) == 0, "%s", out);
	ck_assert_msg(strstr(out, "Cache-Control: no-store") != NULL, "%s",
	    out);
	/* No path of the host in the public page. */
	ck_assert_msg(strchr(strstr(out, "\r\n\r\n"), '/') == NULL,
	    "a path in the page: %s", out);
	ck_assert((p = strstr(out, "ATR-CONF-")) != NULL);
	ck_assert(strlen(p) >= 13);
	memcpy(code, p, 13);
	code[13] = '\0';
	free(out);
	ck_assert((f = fopen(log, "r")) != NULL);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)sz + 1);
	ck_assert(fread(text, 1, (size_t)sz, f) == (size_t)sz);
	fclose(f);
	p = strstr(text, code);
	ck_assert_msg(p != NULL, "%s not in %s", code, log);
	ck_assert_msg(strstr(p, "ATRIUM_CONFIG") != NULL &&
	    strstr(p, "cannot read") != NULL, "%s", p);
	free(text);
}
END_TEST

/* Runs the HTTP checks against url (and the no-config check when all). */
static int
run(const char *name, const char *url, int all)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	/* The browser of client.c talks to ATRIUM_TEST_URL. */
	setenv("ATRIUM_TEST_URL", url, 1);
	s = suite_create(name);
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, login_page);
	tcase_add_test(tc, sign_in_and_download);
	tcase_add_test(tc, too_large_is_atriums_413);
	tcase_add_test(tc, only_static_is_public);
	if (all)
		tcase_add_test(tc, no_config_answers_500_with_code);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

int
main(void)
{
	const char	*vhost = getenv("ATRIUM_TEST_URL_APACHE");
	const char	*hta = getenv("ATRIUM_TEST_URL_HTACCESS");
	int		 failed;

	if (vhost == NULL || hta == NULL) {
		fprintf(stderr, "ATRIUM_TEST_URL_APACHE or _HTACCESS is not "
		    "set: run through ./install/test\n");
		return EXIT_FAILURE;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	failed = run("apache vhost", vhost, 1);
	failed += run("apache .htaccess", hta, 0);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
