/*
 * The plugin ABI over the real stack: the test plugins of tests/plugins/
 * that the loader must refuse are named in Atrium's log with the reason,
 * none of them is in service, and the site serves pages without them; a
 * plugin of an older ABI minor loads; versioned services are found only at
 * a usable version; a plugin cannot claim another plugin's routes.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD

/*
 * 1 when a line of Atrium's log holds both a and b (b may be NULL).
 */
static int
log_has(const char *a, const char *b)
{
	char	 line[2048];
	FILE	*f;
	int	 found = 0;

	f = fopen(getenv("ATRIUM_TEST_LOG"), "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, a) != NULL &&
		    (b == NULL || strstr(line, b) != NULL))
			found = 1;
	fclose(f);
	return found;
}

/* Asserts plugin name was refused for why and never loaded. */
static void
assert_refused(const char *name, const char *why)
{
	char	 want[128];

	snprintf(want, sizeof(want), "plugin %s: refused: ", name);
	ck_assert_msg(log_has(want, why), "the log does not say '%s%s'",
	    want, why);
	snprintf(want, sizeof(want), "plugin %s 1.0 loaded", name);
	ck_assert_msg(!log_has(want, NULL), "%s was loaded", name);
}

/* The site serves a contact's pages with the refused plugins around. */
static void
assert_site_serves(void)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(b, "ana@northwind.test", PW), 303);
	r = tc_get(b, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ana Northwind"));
	r = tc_get(b, "/hello");
	ck_assert_int_eq(r->status, 200);
	tc_free(b);
}

START_TEST(refuses_other_major)
{
	assert_refused("badabi", "built for plugin ABI 99.0, this Atrium has "
	    "ABI 1.4");
	assert_site_serves();
}
END_TEST

START_TEST(refuses_newer_minor)
{
	assert_refused("abinewer", "built for plugin ABI 1.5, this Atrium has "
	    "ABI 1.4");
	assert_site_serves();
}
END_TEST

START_TEST(refuses_small_descriptor)
{
	assert_refused("abismall", "ABI 1.1 needs at least");
	ck_assert(log_has("plugin abismall: refused: descriptor is ", NULL));
	assert_site_serves();
}
END_TEST

START_TEST(refuses_missing_plugin)
{
	assert_refused("abineeds", "needs plugin abinosuch, which is not "
	    "loaded");
	assert_site_serves();
}
END_TEST

START_TEST(refuses_absent_service)
{
	assert_refused("abisvcnone", "needs service abitest.nosuch 1.0, which "
	    "no loaded module offers");
	assert_site_serves();
}
END_TEST

START_TEST(refuses_old_service)
{
	assert_refused("abisvcold", "needs service abitest.echo 1.3, only 1.2 "
	    "is offered");
	assert_site_serves();
}
END_TEST

START_TEST(options_per_plugin)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	/*
	 * optclash declares "backoff" as a string (jobstest: an integer)
	 * and "key" as a string (hello: an integer): each section is its
	 * plugin's own namespace, so all load and each reads its own.
	 */
	ck_assert(log_has("plugin optclash 1.0 loaded", NULL));
	ck_assert(log_has("plugin jobstest 1.0 loaded", NULL));
	ck_assert(log_has("plugin hello 1.0 loaded", NULL));
	ck_assert(!log_has("plugin optclash: refused", NULL));
	ck_assert(log_has("optclash: key=none backoff=never", NULL));
	ck_assert(log_has("hello: key=42", NULL));
	r = tc_get(b, "/optclash");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "key=none backoff=never"), "%s", r->body);
	tc_free(b);
	assert_site_serves();
}
END_TEST

START_TEST(older_minor_and_services_load)
{
	/*
	 * abisvcprov has an ABI 1.0 descriptor; abisvcuser needs the plugin
	 * and its service at 1.1: a met need loads.
	 */
	ck_assert(log_has("plugin abisvcprov 1.0 loaded", NULL));
	ck_assert(log_has("plugin abisvcuser 1.0 loaded", NULL));
	ck_assert(!log_has("plugin abisvcprov: refused", NULL));
	ck_assert(!log_has("plugin abisvcuser: refused", NULL));
	/* Same major, minor at most the offered 1.2; nothing absent. */
	ck_assert_msg(log_has("abisvcuser: abitest.echo 1.0: echo 1.2; "
	    "1.2: echo 1.2; 1.3: none; 2.0: none; abitest.nosuch 1.0: none",
	    NULL), "at_service answered otherwise");
}
END_TEST

START_TEST(smaller_route_entries)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	/*
	 * abiroutes registers routes and fields of older, smaller structs
	 * with their sizes: each entry is read at its own size.  It is an
	 * ABI 1.2 plugin, and a 1.4 core loads it.
	 */
	ck_assert(log_has("plugin abiroutes 1.0 loaded", NULL));
	ck_assert(!log_has("plugin abiroutes: refused", NULL));
	r = tc_get(b, "/abiroutes/one");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "one"));
	r = tc_get(b, "/abiroutes/two/17");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "two 17"), "%s", r->body);
	/* The third route and its field table, read at their sizes. */
	r = tc_post(b, "/abiroutes/form", "n", "12", "word", " hi ", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "n=12 word=hi"), "%s", r->body);
	r = tc_post(b, "/abiroutes/form", "n", "twelve", NULL);
	ck_assert_int_eq(r->status, 422);
	r = tc_post(b, "/abiroutes/form", "word", "x", NULL);
	ck_assert_int_eq(r->status, 422);
	tc_free(b);
}
END_TEST

START_TEST(route_plugin_set_by_registry)
{
	struct tc_browser *ana = tc_new(), *staff = tc_new();

	/*
	 * abisvcuser's route says it is hello's, which is on for Northwind;
	 * the registry makes it abisvcuser's, which is on for no client.
	 */
	ck_assert_int_eq(tc_login(ana, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_get(ana, "/hello")->status, 200);
	ck_assert_int_eq(tc_get(ana, "/abisvcuser")->status, 404);
	/* Staff see every loaded plugin: the route is there. */
	ck_assert_int_eq(tc_login(staff, "staff@demo.test", PW), 303);
	ck_assert_int_eq(tc_get(staff, "/abisvcuser")->status, 303);
	tc_free(ana);
	tc_free(staff);
}
END_TEST

/*
 * init_process gets the worker's database handle: the symbols plugin's
 * init_process asks it for 6 * 7 and its page tells the answer (several
 * requests, so more than one worker is likely asked).
 */
START_TEST(init_process_gets_the_database)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	int		 i;

	for (i = 0; i < 6; i++) {
		r = tc_get(b, "/symbols");
		ck_assert_int_eq(r->status, 200);
		ck_assert_msg(tc_has(r, "process_db=42"), "%s", r->body);
	}
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("abi");
	tc = tcase_create("loader");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, refuses_other_major);
	tcase_add_test(tc, refuses_newer_minor);
	tcase_add_test(tc, refuses_small_descriptor);
	tcase_add_test(tc, refuses_missing_plugin);
	tcase_add_test(tc, refuses_absent_service);
	tcase_add_test(tc, refuses_old_service);
	tcase_add_test(tc, options_per_plugin);
	tcase_add_test(tc, older_minor_and_services_load);
	tcase_add_test(tc, route_plugin_set_by_registry);
	tcase_add_test(tc, smaller_route_entries);
	tcase_add_test(tc, init_process_gets_the_database);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
