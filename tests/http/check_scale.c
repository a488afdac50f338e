/*
 * Two Atrium hosts on one database, on loopback: the test stack's Atrium
 * (ATRIUM_TEST_URL) and a second one with its own config, socket, pid
 * file and nginx (ATRIUM_TEST_URL_SECOND, ATRIUM_TEST_CONF_SECOND;
 * install/lib.sh at_second_start).  A person signed in on one is
 * recognised on the other; signing out on one ends the session on both,
 * though each keeps sessions in its workers; "atriumctl jobs run" from
 * both at once runs a due job once.
 */
#include "config.h"

#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

/* A browser talking to url (the browser takes its base when made). */
static struct tc_browser *
browser_at(const char *url)
{
	const char		*was = getenv("ATRIUM_TEST_URL");
	char			*keep = strdup(was);
	struct tc_browser	*b;

	setenv("ATRIUM_TEST_URL", url, 1);
	b = tc_new();
	setenv("ATRIUM_TEST_URL", keep, 1);
	free(keep);
	return b;
}

/* The atrium_session value a response set, malloc'd, or NULL. */
static char *
session_of(const struct tc_resp *r)
{
	const char	*p;
	size_t		 n;

	if ((p = strstr(r->headers, "atrium_session=")) == NULL)
		return NULL;
	p += strlen("atrium_session=");
	n = strcspn(p, ";\r\n");
	return n == 43 ? strndup(p, n) : NULL;
}

START_TEST(signed_in_on_one_host_is_known_on_the_other)
{
	struct tc_browser *one, *two;
	struct tc_resp	*r;
	long long	 client;
	char		 email[128], cookie[128], *tok;
	int		 i;

	tc_make_client_contact("scale", &client, email, sizeof(email));
	one = tc_new();
	two = browser_at(getenv("ATRIUM_TEST_URL_SECOND"));
	tc_get(one, "/login");
	r = tc_post(one, "/login", "email", email, "password",
	    TC_DEMO_PASSWORD, NULL);
	ck_assert_int_eq(r->status, 303);
	tok = session_of(r);
	ck_assert_ptr_nonnull(tok);
	snprintf(cookie, sizeof(cookie), "atrium_session=%s; Path=/", tok);
	tc_set_cookie(two, cookie);
	/* Every worker of both hosts, several times. */
	for (i = 0; i < 6; i++) {
		r = tc_get(two, "/");
		ck_assert_msg(r->status == 200 && tc_has(r, "Sign out"),
		    "second host, request %d: %ld", i, r->status);
		ck_assert_int_eq(tc_get(one, "/")->status, 200);
	}
	/* Signing out on the second host ends it on the first too. */
	r = tc_post(two, "/logout", NULL);
	ck_assert_msg(r->status == 303, "sign-out: %ld", r->status);
	for (i = 0; i < 6; i++)
		ck_assert_msg(tc_status_is(tc_get(one, "/"), 0),
		    "first host still knew the session, request %d", i);
	free(tok);
	tc_free(one);
	tc_free(two);
}
END_TEST

/* Starts "atriumctl -c conf jobs run" without waiting. */
static FILE *
jobs_start(const char *conf)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "%s/bin/atriumctl -c %s jobs run 2>&1",
	    getenv("ATRIUM_TEST_PREFIX"), conf);
	return popen(cmd, "r");
}

/* Waits for a run started by jobs_start; its exit status. */
static int
jobs_wait(FILE *p)
{
	char	 buf[1024];
	int	 st;

	while (fread(buf, 1, sizeof(buf), p) > 0)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(jobs_run_on_both_hosts_run_a_job_once)
{
	FILE		*a, *b;
	long long	 n0;

	/* The test plugin's daily job (three seconds long) is due. */
	free(tc_sql("UPDATE jobs SET next_run = UTC_TIMESTAMP() - INTERVAL "
	    "1 MINUTE WHERE name = 'jobstest.slow'"));
	n0 = tc_sql_int("SELECT COUNT(*) FROM jobstest_runs");
	ck_assert_int_ge(n0, 0);
	a = jobs_start(getenv("ATRIUM_TEST_CONF"));
	b = jobs_start(getenv("ATRIUM_TEST_CONF_SECOND"));
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	jobs_wait(a);
	jobs_wait(b);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs"),
	    n0 + 1);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs x "
	    "JOIN jobstest_runs y ON y.id > x.id AND y.started < x.ended"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	if (getenv("ATRIUM_TEST_URL_SECOND") == NULL ||
	    getenv("ATRIUM_TEST_CONF_SECOND") == NULL) {
		fprintf(stderr, "check_scale: no second host: run it from "
		    "install/test\n");
		return EXIT_FAILURE;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("scale");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, signed_in_on_one_host_is_known_on_the_other);
	tcase_add_test(tc, jobs_run_on_both_hosts_run_a_job_once);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
