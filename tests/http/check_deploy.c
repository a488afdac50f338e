/*
 * Hosting admins' deployments, end to end (install/test prepares them
 * with tests/deploy/prepare before this suite runs):
 *  - a copy restored by atriumctl restore from atriumctl backup of the
 *    main site, in a second database and storage folder, signs in and
 *    serves the same file;
 *  - a second site made by atriumctl setup (its own config, database,
 *    storage and socket) behind the same nginx as the main site: a
 *    session of one is not a session of the other, an account of one is
 *    not an account of the other, and neither serves the other's files;
 *  - a site whose database is older than the program answers 503 saying
 *    to run atriumctl migrate, and serves again once it ran;
 *  - a site whose only pending migration is marked optional serves, and
 *    shows its admins (not its staff) a banner until atriumctl migrate;
 *  - the stylesheet's URL carries the version.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

#define SITE_B_ADMIN	"admin@b.test"
#define SITE_B_PASSWORD	"site-b-admin-password"

/* A browser whose requests go to the site at the URL in env var. */
static struct tc_browser *
browser_at(const char *var)
{
	const char	*url = getenv(var);

	ck_assert_msg(url != NULL, "%s is not set", var);
	setenv("ATRIUM_TEST_URL", url, 1);
	return tc_new();
}

/*
 * Signs in on b and copies the cookies the sign-in set into out (as
 * Set-Cookie values, up to n); returns how many.
 */
static int
login_cookies(struct tc_browser *b, const char *email, const char *pw,
    char **out, int n)
{
	struct tc_resp	*r;
	const char	*p, *e;
	int		 got = 0;

	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", email, "password", pw, NULL);
	ck_assert_msg(r->status == 303, "sign-in of %s: %ld", email,
	    r->status);
	for (p = r->headers; p != NULL && got < n; p = e) {
		if ((p = strcasestr(p, "\nSet-Cookie: ")) == NULL)
			break;
		p += strlen("\nSet-Cookie: ");
		e = p + strcspn(p, "\r\n");
		out[got++] = strndup(p, (size_t)(e - p));
	}
	return got;
}

START_TEST(restored_copy_signs_in_and_serves_the_file)
{
	struct tc_browser *a, *r;
	struct tc_resp	*res;
	char		*orig;
	size_t		 olen;

	a = browser_at("ATRIUM_TEST_URL_MAIN");
	ck_assert_int_eq(tc_login(a, "ana@northwind.test", TC_DEMO_PASSWORD),
	    303);
	res = tc_get(a, "/files/1/download");
	ck_assert_int_eq(res->status, 200);
	olen = res->len;
	orig = malloc(olen);
	ck_assert(orig != NULL);
	memcpy(orig, res->body, olen);

	r = browser_at("ATRIUM_TEST_URL_RESTORED");
	ck_assert_int_eq(tc_login(r, "ana@northwind.test", TC_DEMO_PASSWORD),
	    303);
	res = tc_get(r, "/");
	ck_assert_int_eq(res->status, 200);
	ck_assert(tc_has(res, "Ana Northwind"));
	res = tc_get(r, "/files/1/download");
	ck_assert_int_eq(res->status, 200);
	ck_assert_uint_eq(res->len, olen);
	ck_assert(memcmp(res->body, orig, olen) == 0);
	/* What the client may not see stays hidden in the copy too. */
	res = tc_get(r, "/files/2/download");
	ck_assert_int_eq(res->status, 404);
	free(orig);
	tc_free(a);
	tc_free(r);
}
END_TEST

START_TEST(a_session_of_one_site_is_not_one_of_the_other)
{
	struct tc_browser *a, *a2, *b;
	struct tc_resp	*r;
	char		*cookies[8];
	int		 n, i;

	a = browser_at("ATRIUM_TEST_URL_MAIN");
	n = login_cookies(a, "admin@demo.test", TC_DEMO_PASSWORD, cookies, 8);
	ck_assert_int_gt(n, 0);
	/* The cookies sign in on the site that set them ... */
	a2 = browser_at("ATRIUM_TEST_URL_MAIN");
	for (i = 0; i < n; i++)
		tc_set_cookie(a2, cookies[i]);
	r = tc_get(a2, "/staff");
	ck_assert_msg(r->status == 200, "main site, its own session: %ld",
	    r->status);
	/* ... and not on the other one behind the same nginx. */
	b = browser_at("ATRIUM_TEST_URL_SITE_B");
	for (i = 0; i < n; i++)
		tc_set_cookie(b, cookies[i]);
	r = tc_get(b, "/staff");
	ck_assert_msg(r->status == 303 || r->status == 403,
	    "site B with the main site's session: %ld", r->status);
	r = tc_get(b, "/login");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "Ada Admin"));
	for (i = 0; i < n; i++)
		free(cookies[i]);
	tc_free(a);
	tc_free(a2);
	tc_free(b);
}
END_TEST

START_TEST(accounts_and_files_are_per_site)
{
	struct tc_browser *a, *b;
	struct tc_resp	*r;

	/* Site B's admin, made by atriumctl setup, signs in there only. */
	b = browser_at("ATRIUM_TEST_URL_SITE_B");
	ck_assert_int_eq(tc_login(b, SITE_B_ADMIN, SITE_B_PASSWORD), 303);
	r = tc_get(b, "/staff");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Bea Admin"));
	/* The main site's file 1 is not served by site B. */
	r = tc_get(b, "/files/1/download");
	ck_assert_msg(r->status == 404 || r->status == 403, "site B, file 1: "
	    "%ld", r->status);
	ck_assert(!(r->len > 4 && memcmp(r->body, "%PDF", 4) == 0));
	a = browser_at("ATRIUM_TEST_URL_MAIN");
	ck_assert_int_ne(tc_login(a, SITE_B_ADMIN, SITE_B_PASSWORD), 303);
	/* Nor does the main site's admin exist on site B. */
	tc_free(b);
	b = browser_at("ATRIUM_TEST_URL_SITE_B");
	ck_assert_int_ne(tc_login(b, "admin@demo.test", TC_DEMO_PASSWORD),
	    303);
	tc_free(a);
	tc_free(b);
}
END_TEST

START_TEST(pending_migrations_answer_503_until_migrated)
{
	struct tc_browser *o;
	struct tc_resp	*r;
	char		*retry, cmd[2048];
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_OLD_CONF");
	int		 i;

	ck_assert(prefix != NULL && conf != NULL);
	o = browser_at("ATRIUM_TEST_URL_OLD");
	r = tc_get(o, "/login");
	ck_assert_msg(r->status == 503, "older schema: %ld", r->status);
	ck_assert(tc_has(r, "run atriumctl migrate"));
	retry = tc_header(r, "Retry-After");
	ck_assert(retry != NULL);
	free(retry);
	/* Not even a sign-in gets through to the old tables. */
	r = tc_post(o, "/login", "email", "x@y.test", "password", "z", NULL);
	ck_assert_int_eq(r->status, 503);

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' migrate "
	    ">/dev/null", prefix, conf);
	ck_assert_int_eq(system(cmd), 0);
	for (i = 0; i < 50; i++) {
		r = tc_get(o, "/login");
		if (r->status == 200)
			break;
		usleep(200000);
	}
	ck_assert_msg(r->status == 200, "after migrate: %ld", r->status);
	ck_assert(tc_has(r, "<h1>Sign in</h1>"));
	tc_free(o);
}
END_TEST

START_TEST(optional_migrations_serve_with_an_admin_banner)
{
	struct tc_browser *a, *s;
	struct tc_resp	*r;
	char		 cmd[2048];
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_OPT_CONF");
	const char	*banner =
	    "1 migration is pending: run atriumctl migrate";
	int		 i;

	ck_assert(prefix != NULL && conf != NULL);
	a = browser_at("ATRIUM_TEST_URL_OPT");
	r = tc_get(a, "/login");
	ck_assert_msg(r->status == 200, "optional pending: %ld", r->status);
	ck_assert(!tc_has(r, banner));
	ck_assert_int_eq(tc_login(a, "admin@opt.test", "opt-admin-password"),
	    303);
	r = tc_get(a, "/staff");
	ck_assert_msg(r->status == 200, "admin, optional pending: %ld",
	    r->status);
	ck_assert_msg(tc_has(r, banner), "no banner for the admin");
	/* Staff who cannot run atriumctl are not told. */
	s = browser_at("ATRIUM_TEST_URL_OPT");
	ck_assert_int_eq(tc_login(s, "staff@opt.test", "opt-staff-password"),
	    303);
	r = tc_get(s, "/staff");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "pending: run atriumctl migrate"));

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' migrate "
	    ">/dev/null", prefix, conf);
	ck_assert_int_eq(system(cmd), 0);
	for (i = 0; i < 50; i++) {
		r = tc_get(a, "/staff");
		if (r->status == 200 && !tc_has(r, banner))
			break;
		usleep(200000);
	}
	ck_assert_msg(r->status == 200 && !tc_has(r, banner),
	    "the banner stays after migrate: %ld", r->status);
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(stylesheet_url_carries_the_version)
{
	struct tc_browser *a;
	struct tc_resp	*r;

	a = browser_at("ATRIUM_TEST_URL_MAIN");
	r = tc_get(a, "/login");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "/default/atrium.css?v=" PACKAGE_VERSION
	    "\""), "no versioned stylesheet link");
	r = tc_get(a, "/static/default/atrium.css?v=" PACKAGE_VERSION);
	ck_assert_int_eq(r->status, 200);
	tc_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	if (getenv("ATRIUM_TEST_URL") == NULL ||
	    getenv("ATRIUM_TEST_URL_SITE_B") == NULL) {
		fprintf(stderr, "ATRIUM_TEST_URL_SITE_B is not set: run "
		    "through ./install/test\n");
		return EXIT_FAILURE;
	}
	setenv("ATRIUM_TEST_URL_MAIN", getenv("ATRIUM_TEST_URL"), 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("deploy");
	tc = tcase_create("deploy");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, restored_copy_signs_in_and_serves_the_file);
	tcase_add_test(tc, a_session_of_one_site_is_not_one_of_the_other);
	tcase_add_test(tc, accounts_and_files_are_per_site);
	tcase_add_test(tc, pending_migrations_answer_503_until_migrated);
	tcase_add_test(tc, stylesheet_url_carries_the_version);
	tcase_add_test(tc, optional_migrations_serve_with_an_admin_banner);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
