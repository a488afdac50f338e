/*
 * The master under load and on reload, over the real stack that
 * install/test starts: 256 connections at once through nginx are all
 * answered without a 5xx (the socket's backlog and nginx's connections
 * are large enough); a reload the config check refuses keeps the site
 * serving and logs why; a changed server.socket is logged as needing a
 * restart.  Only 127.0.0.1 is ever contacted.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

#define LOAD_CONNS	256
#define LOAD_TIMEOUT	60L	/* seconds, per request */

/* Discards a body. */
static size_t
sink(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

/*
 * Fires n GETs of path at once, each on its own connection; counts into
 * ok those answered 200, into bad those with a 5xx or no answer.
 */
static void
burst(const char *path, int n, int *ok, int *bad)
{
	CURLM		*m;
	CURL		*e[LOAD_CONNS];
	char		 url[512];
	int		 i, running, left;
	long		 code;
	CURLMsg		*msg;

	*ok = *bad = 0;
	ck_assert_int_le(n, LOAD_CONNS);
	snprintf(url, sizeof(url), "%s%s", getenv("ATRIUM_TEST_URL"), path);
	ck_assert_msg(strncmp(url, "http://127.0.0.1:", 17) == 0,
	    "the load test only runs against 127.0.0.1: %s", url);
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)n);
	for (i = 0; i < n; i++) {
		e[i] = curl_easy_init();
		curl_easy_setopt(e[i], CURLOPT_URL, url);
		curl_easy_setopt(e[i], CURLOPT_TIMEOUT, LOAD_TIMEOUT);
		curl_easy_setopt(e[i], CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e[i], CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(e[i], CURLOPT_NOPROXY, "*");
		curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, sink);
		curl_multi_add_handle(m, e[i]);
	}
	do {
		curl_multi_perform(m, &running);
		if (running > 0)
			curl_multi_poll(m, NULL, 0, 200, NULL);
	} while (running > 0);
	while ((msg = curl_multi_info_read(m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		code = 0;
		if (msg->data.result == CURLE_OK)
			curl_easy_getinfo(msg->easy_handle,
			    CURLINFO_RESPONSE_CODE, &code);
		if (code == 200)
			(*ok)++;
		else if (code == 0 || code >= 500)
			(*bad)++;
	}
	for (i = 0; i < n; i++) {
		curl_multi_remove_handle(m, e[i]);
		curl_easy_cleanup(e[i]);
	}
	curl_multi_cleanup(m);
}

START_TEST(many_connections_no_5xx)
{
	int	 ok, bad, round;

	/* Twice: the second burst meets workers that served the first. */
	for (round = 0; round < 2; round++) {
		burst("/login", LOAD_CONNS, &ok, &bad);
		ck_assert_msg(bad == 0 && ok == LOAD_CONNS, "round %d: %d of "
		    "%d answered 200, %d got a 5xx or no answer", round, ok,
		    LOAD_CONNS, bad);
	}
}
END_TEST

/* A malloc'd copy of the file at p (NUL-terminated). */
static char *
slurp(const char *p)
{
	FILE	*f;
	char	*s;
	long	 n;

	ck_assert_ptr_nonnull(f = fopen(p, "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	ck_assert_ptr_nonnull(s = malloc((size_t)n + 1));
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* Replaces the file at p with text (a new file renamed over it). */
static void
put(const char *p, const char *text)
{
	char	 tmp[1024];
	FILE	*f;

	snprintf(tmp, sizeof(tmp), "%s.new", p);
	ck_assert_ptr_nonnull(f = fopen(tmp, "w"));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(rename(tmp, p), 0);
}

/* text with the first line containing key replaced by line; malloc'd. */
static char *
replace_line(const char *text, const char *key, const char *line)
{
	const char	*at, *bol, *eol;
	char		*out;
	size_t		 n;

	at = strstr(text, key);
	ck_assert_msg(at != NULL, "the config has no %s", key);
	for (bol = at; bol > text && bol[-1] != '\n'; bol--)
		;
	eol = strchr(at, '\n');
	ck_assert_ptr_nonnull(eol);
	n = strlen(text) + strlen(line) + 2;
	ck_assert_ptr_nonnull(out = malloc(n));
	snprintf(out, n, "%.*s%s%s", (int)(bol - text), text, line, eol);
	return out;
}

/* The size of the log now. */
static long
log_size(void)
{
	FILE	*f;
	long	 n;

	ck_assert_ptr_nonnull(f = fopen(getenv("ATRIUM_TEST_LOG"), "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fclose(f);
	return n;
}

/*
 * Waits up to 10 seconds for a line containing both needles in the log
 * past offset; returns it malloc'd, or NULL.
 */
static char *
log_wait(long from, const char *needle, const char *needle2)
{
	FILE	*f;
	char	 line[2048];
	int	 i;

	for (i = 0; i < 100; i++) {
		ck_assert_ptr_nonnull(f = fopen(getenv("ATRIUM_TEST_LOG"),
		    "r"));
		fseek(f, from, SEEK_SET);
		while (fgets(line, sizeof(line), f) != NULL)
			if (strstr(line, needle) != NULL &&
			    strstr(line, needle2) != NULL) {
				fclose(f);
				return strdup(line);
			}
		fclose(f);
		usleep(100000);
	}
	return NULL;
}

/* Reloads with text as the config, then puts the original back. */
static char *
reload_with(const char *orig, const char *text, const char *needle,
    const char *needle2)
{
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		*line;
	long		 from;

	from = log_size();
	put(conf, text);
	if (tc_ctl("reload", NULL) != 0) {
		put(conf, orig);
		ck_abort_msg("reload failed");
	}
	line = log_wait(from, needle, needle2);
	put(conf, orig);
	return line;
}

START_TEST(refused_reload_keeps_serving)
{
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	struct tc_browser *b = tc_new();
	char		*orig, *bad, *line;
	int		 i;

	ck_assert_ptr_nonnull(conf);
	orig = slurp(conf);
	ck_assert_int_eq(tc_get(b, "/login")->status, 200);

	/* A skin that does not exist: refused, with the reason. */
	bad = replace_line(orig, "skin = ", "\tskin = \"no-such-skin\"");
	line = reload_with(orig, bad, "reload refused",
	    "skin 'no-such-skin' not found");
	ck_assert_msg(line != NULL, "no refusal naming the skin in the log");
	free(line);
	free(bad);
	/* The old workers and config serve on: pages still render. */
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(tc_get(b, "/login")->status, 200);
	ck_assert_int_eq(tc_login(b, "ana@northwind.test",
	    TC_DEMO_PASSWORD), 303);
	ck_assert_int_eq(tc_get(b, "/")->status, 200);

	/* A section left open: refused, naming where it starts. */
	bad = malloc(strlen(orig) + 16);
	ck_assert_ptr_nonnull(bad);
	sprintf(bad, "%smail {\n", orig);
	line = reload_with(orig, bad, "reload refused", "is not closed");
	ck_assert_msg(line != NULL, "no refusal of an unclosed section");
	free(line);
	free(bad);
	ck_assert_int_eq(tc_get(b, "/")->status, 200);
	free(orig);
	tc_free(b);
}
END_TEST

START_TEST(socket_change_needs_restart)
{
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	struct tc_browser *b = tc_new();
	char		*orig, *moved, *line;
	long		 from;

	ck_assert_ptr_nonnull(conf);
	orig = slurp(conf);
	moved = replace_line(orig, "atrium.sock\"",
	    "\tsocket = \"/tmp/moved.sock\"");
	line = reload_with(orig, moved, "server.socket changed to "
	    "/tmp/moved.sock", "until atrium is restarted");
	ck_assert_msg(line != NULL, "the log does not say the socket change "
	    "needs a restart");
	free(line);
	free(moved);
	/* Still on the old socket; reload back to the running config. */
	ck_assert_int_eq(access("/tmp/moved.sock", F_OK), -1);
	ck_assert_int_eq(tc_get(b, "/login")->status, 200);
	from = log_size();
	ck_assert_int_eq(tc_ctl("reload", NULL), 0);
	line = log_wait(from, "master: reloaded", "replacing workers");
	ck_assert_msg(line != NULL, "the reload back did not happen");
	free(line);
	usleep(300000);
	ck_assert_int_eq(tc_get(b, "/login")->status, 200);
	free(orig);
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	int	 failed;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("load");
	tc = tcase_create("load");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, many_connections_no_5xx);
	tcase_add_test(tc, refused_reload_keeps_serving);
	tcase_add_test(tc, socket_change_needs_restart);
	suite_add_tcase(s, tc);
	failed = tc_run_suite(s);
	curl_global_cleanup();
	return failed;
}
