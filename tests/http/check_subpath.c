/*
 * Atrium under a sub-path, end to end: the tests' nginx sends
 * http://127.0.0.1:PORT2/portal/ to an Atrium whose server.base-path is
 * "/portal" (install/lib.sh, at_portal_start).  Signing in, redirects,
 * cookies and every link, form action and static address of the pages
 * stay under /portal/; a path outside it is a 404.
 *
 * Reads ATRIUM_TEST_URL_PORTAL (http://127.0.0.1:PORT2/portal) and
 * ATRIUM_TEST_PORTAL_SOCK (that Atrium's FastCGI socket).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "client.h"

#define PREFIX	"/portal"
#define PLEN	(sizeof(PREFIX) - 1)
#define MAXPAGES 120

/*
 * Checks every href, src and action of body: a value starting with '/'
 * must be under PREFIX (and never "//host").  Adds the local pages worth
 * following to pages (paths inside PREFIX, without it).  Fails the test
 * naming the page and the value that escapes.
 */
static void
scan(const char *page, const char *body, char **pages, int *npages)
{
	static const char *const attrs[] = { " href=\"", " src=\"",
	    " action=\"" };
	const char	*p, *v, *e;
	char		 val[512];
	size_t		 i, len;
	int		 j;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		for (p = body; (p = strstr(p, attrs[i])) != NULL; p = e) {
			v = p + strlen(attrs[i]);
			e = strchr(v, '"');
			ck_assert_msg(e != NULL, "%s: unterminated attribute",
			    page);
			len = (size_t)(e - v);
			if (len >= sizeof(val))
				len = sizeof(val) - 1;
			memcpy(val, v, len);
			val[len] = '\0';
			if (val[0] != '/')
				continue;
			ck_assert_msg(val[1] != '/', "%s: %s leaves the site",
			    page, val);
			ck_assert_msg(strncmp(val, PREFIX "/", PLEN + 1) == 0 ||
			    strcmp(val, PREFIX) == 0,
			    "%s: %s is outside " PREFIX, page, val);
			if (i != 0 || *npages >= MAXPAGES ||
			    strstr(val, "/static/") != NULL ||
			    strstr(val, "download") != NULL ||
			    strstr(val, "/ics") != NULL ||
			    strstr(val, "format=") != NULL)
				continue;
			/* Without the prefix, query and fragment. */
			val[strcspn(val, "#")] = '\0';
			for (j = 0; j < *npages; j++)
				if (strcmp(pages[j], val + PLEN) == 0)
					break;
			if (j == *npages && val[PLEN] == '/')
				pages[(*npages)++] = strdup(val + PLEN);
		}
	}
}

/*
 * Signs in as email, then follows every link under /portal the pages
 * reach (up to MAXPAGES): each answers 200 and none of its addresses
 * leaves the prefix.  Returns how many pages were read.
 */
static int
crawl(const char *email, const char *home)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*pages[MAXPAGES], *loc;
	int		 n = 0, i;

	ck_assert_int_eq(tc_login(b, email, TC_DEMO_PASSWORD), 303);
	r = tc_get(b, home);
	ck_assert_int_eq(r->status, 200);
	pages[n++] = strdup(home);
	for (i = 0; i < n; i++) {
		r = tc_get(b, pages[i]);
		/* A link may lead to a page of another's turn (403) or a
		 * plugin switched off (404): never to a 5xx. */
		ck_assert_msg(r->status < 500, "%s %s answered %ld", email,
		    pages[i], r->status);
		if (r->status == 303) {
			loc = tc_header(r, "Location");
			ck_assert_msg(loc != NULL && strncmp(loc, PREFIX "/",
			    PLEN + 1) == 0, "%s: redirect to %s", pages[i],
			    loc != NULL ? loc : "(none)");
			free(loc);
		}
		if (r->status == 200 && r->body != NULL &&
		    strstr(r->body, "<html") != NULL)
			scan(pages[i], r->body, pages, &n);
	}
	for (i = 0; i < n; i++)
		free(pages[i]);
	tc_free(b);
	return n;
}

START_TEST(anonymous_redirects_and_cookies)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*loc, *cookie;

	/* A page that needs signing in sends to the prefixed sign-in page. */
	r = tc_get(b, "/projects");
	ck_assert_int_eq(r->status, 303);
	loc = tc_header(r, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strncmp(loc, PREFIX "/login?next=",
	    PLEN + 12) == 0,
	    "Location: %s", loc);
	ck_assert_msg(strstr(loc, "next=%2Fprojects") != NULL,
	    "next is the path inside the site: %s", loc);
	free(loc);

	/* The sign-in page: its links, form and stylesheet under /portal,
	 * its cookie scoped to /portal. */
	tc_free(b);
	b = tc_new();
	r = tc_get(b, "/login");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "action=\"" PREFIX "/login\""));
	ck_assert(tc_has(r, "href=\"" PREFIX "/static/default/atrium.css?v="));
	{
		char	*pages[MAXPAGES];
		int	 n = 0, i;

		scan("/login", r->body, pages, &n);
		for (i = 0; i < n; i++)
			free(pages[i]);
	}
	cookie = tc_header(r, "Set-Cookie");
	ck_assert_ptr_nonnull(cookie);
	ck_assert_msg(strstr(cookie, "Path=" PREFIX ";") != NULL,
	    "Set-Cookie: %s", cookie);
	free(cookie);

	/* Its static files are served under the prefix. */
	r = tc_get(b, "/static/default/atrium.css");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "--brand"));

	/* Signing in: the session cookie lives under /portal and the
	 * redirect goes to the page asked for, under /portal. */
	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", "ana@northwind.test", "password",
	    TC_DEMO_PASSWORD, "next", "/projects", NULL);
	ck_assert_int_eq(r->status, 303);
	loc = tc_header(r, "Location");
	ck_assert_str_eq(loc, PREFIX "/projects");
	free(loc);
	ck_assert_msg(strstr(r->headers, "atrium_session=") != NULL &&
	    strstr(r->headers, "Path=" PREFIX "; SameSite") != NULL,
	    "%s", r->headers);
	r = tc_get(b, "/projects");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Website relaunch"));

	/* Signing out goes back inside the prefix. */
	r = tc_post(b, "/logout", NULL);
	ck_assert_int_eq(r->status, 303);
	loc = tc_header(r, "Location");
	ck_assert_msg(loc != NULL && strncmp(loc, PREFIX "/", PLEN + 1) == 0,
	    "Location: %s", loc != NULL ? loc : "(none)");
	free(loc);
	r = tc_get(b, "/projects");
	ck_assert_int_eq(r->status, 303);
	tc_free(b);
}
END_TEST

START_TEST(outside_the_prefix_is_404)
{
	const char	*sock = getenv("ATRIUM_TEST_PORTAL_SOCK");
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*out;
	size_t		 len;

	/* Through nginx: /portalx is not /portal/x. */
	r = tc_get(b, "x/login");
	ck_assert_int_eq(r->status, 404);
	tc_free(b);

	/* Straight to that Atrium: a path without the prefix. */
	ck_assert_ptr_nonnull(sock);
	out = tc_fcgi(sock, "/login", &len, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strncmp(out, "Status: 404", 11) == 0, "%.40s", out);
	free(out);
	out = tc_fcgi(sock, PREFIX "/login", &len, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strncmp(out, "Status: 200", 11) == 0, "%.40s", out);
	free(out);
	/* The prefix alone is the site's home. */
	out = tc_fcgi(sock, PREFIX, &len, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strncmp(out, "Status: 303", 11) == 0 &&
	    strstr(out, "Location: " PREFIX "/login") != NULL, "%.200s", out);
	free(out);
}
END_TEST

START_TEST(contact_pages_stay_under_prefix)
{
	ck_assert_int_gt(crawl("ana@northwind.test", "/"), 8);
}
END_TEST

START_TEST(staff_pages_stay_under_prefix)
{
	ck_assert_int_gt(crawl("staff@demo.test", "/staff"), 10);
}
END_TEST

int
main(void)
{
	const char	*url = getenv("ATRIUM_TEST_URL_PORTAL");
	Suite		*s;
	TCase		*tc;
	int		 failed;

	if (url == NULL) {
		fprintf(stderr, "ATRIUM_TEST_URL_PORTAL is not set\n");
		return EXIT_FAILURE;
	}
	/* Every browser of this suite talks to the site under /portal. */
	setenv("ATRIUM_TEST_URL", url, 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("subpath");
	tc = tcase_create("subpath");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, anonymous_redirects_and_cookies);
	tcase_add_test(tc, outside_the_prefix_is_404);
	tcase_add_test(tc, contact_pages_stay_under_prefix);
	tcase_add_test(tc, staff_pages_stay_under_prefix);
	suite_add_tcase(s, tc);
	failed = tc_run_suite(s);
	curl_global_cleanup();
	return failed;
}
