/*
 * Plugins built against libatrium, end to end: the example plugin of
 * docs/plugins.md, built out of tree with pkg-config after `make install`,
 * and the symbols plugin, which calls the core's multipart parser and
 * migrations.  Both must be listed in the running config, answer their
 * pages through the stack (atrium), and leave atriumctl's check-config
 * and migrate working (atriumctl loads them too).
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <curl/curl.h>

#include "../http/client.h"

/*
 * Runs PROGRAM (a file under bin/ of the test prefix) with the test config
 * and args; returns its exit status and fills out with what it printed
 * (stdout and stderr).
 */
static int
run_prog(const char *prog, const char *args, char *out, size_t outsz)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 cmd[2048];
	FILE		*p;
	size_t		 n = 0, r;
	int		 st;

	ck_assert_ptr_nonnull(prefix);
	ck_assert_ptr_nonnull(conf);
	snprintf(cmd, sizeof(cmd), "'%s/bin/%s' -c '%s' %s 2>&1", prefix, prog,
	    conf, args);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (n + 1 < outsz && (r = fread(out + n, 1, outsz - 1 - n, p)) > 0)
		n += r;
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* 1 when the running config lists plugin name. */
static int
conf_lists(const char *name)
{
	char	 line[4096], want[128];
	FILE	*f;
	int	 found = 0;

	f = fopen(getenv("ATRIUM_TEST_CONF"), "r");
	ck_assert_ptr_nonnull(f);
	snprintf(want, sizeof(want), "\"%s\"", name);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "plugins = {", 11) == 0 &&
		    strstr(line, want) != NULL)
			found = 1;
	fclose(f);
	return found;
}

/* 1 when Atrium's log says plugin name was refused. */
static int
log_refused(const char *name)
{
	char	 line[1024], want[128];
	FILE	*f;
	int	 found = 0;

	f = fopen(getenv("ATRIUM_TEST_LOG"), "r");
	ck_assert_ptr_nonnull(f);
	snprintf(want, sizeof(want), "plugin %s: refused", name);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, want) != NULL)
			found = 1;
	fclose(f);
	return found;
}

/* 1 when out names the refusal of example or symbols. */
static int
refused(const char *out)
{
	return strstr(out, "plugin example: refused") != NULL ||
	    strstr(out, "plugin symbols: refused") != NULL;
}

START_TEST(out_of_tree_plugin_answers)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	ck_assert_msg(conf_lists("example"), "example is not in the config");
	ck_assert(!log_refused("example"));
	r = tc_get(b, "/example");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Hello from a plugin built out of tree"));
	tc_free(b);
}
END_TEST

/*
 * The example plugin's other extensions, over the real stack: its raw-body
 * route publishes a durable event that its subscriber delivers when
 * `atriumctl jobs run` runs (and the same run runs its job); its section
 * is on a project page and its card on the team's dashboard.
 */
START_TEST(out_of_tree_plugin_extends)
{
	struct tc_browser *b = tc_new(), *staff;
	struct tc_resp	*r;
	char		 out[16384], body[64], path[64];
	long long	 client, project, ev;

	client = tc_make_client(tc_unique("Example client"));
	project = tc_make_project(client, tc_unique("Example project"));
	ck_assert(client > 0 && project > 0);

	/* A body that is not a payload is refused; a good one queues. */
	r = tc_raw(b, "POST", "/example/ping", "text/plain", "nonsense", 8,
	    NULL);
	ck_assert_int_eq(r->status, 400);
	snprintf(body, sizeof(body), "client=%lld", client);
	r = tc_raw(b, "POST", "/example/ping", "text/plain", body,
	    strlen(body), NULL);
	ck_assert_msg(r->status == 202, "ping: %ld %s", (long)r->status, r->body);
	ev = tc_sql_int("SELECT MAX(id) FROM events WHERE name = "
	    "'example.ping'");
	ck_assert(ev > 0);

	/* atriumctl runs the subscriber and the job; both are recorded. */
	ck_assert_msg(run_prog("atriumctl", "jobs run", out, sizeof(out)) == 0,
	    "atriumctl jobs run: %s", out);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM event_deliveries "
	    "WHERE subscriber = 'example.pinged' AND state = 'done' AND "
	    "event_id = %lld", ev), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT value FROM client_settings WHERE "
	    "plugin = 'example' AND name = 'last-ping' AND client_id = %lld",
	    client), ev);
	ck_assert_int_eq(tc_sql_int("SELECT runs > 0 AND last_error IS NULL "
	    "FROM jobs WHERE name = 'example.tick'"), 1);
	ck_assert_msg(run_prog("atriumctl", "jobs list", out, sizeof(out)) == 0,
	    "atriumctl jobs list: %s", out);
	ck_assert_msg(strstr(out, "example.tick") != NULL, "%s", out);

	/* The section on the team's project page, the card on their home. */
	staff = tc_as("staff@demo.test");
	snprintf(path, sizeof(path), "/staff/projects/%lld", project);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(body, sizeof(body), "Example plugin on project %lld", project);
	ck_assert_msg(tc_has(r, body), "no example section on %s", path);
	r = tc_get(staff, "/staff");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Shown by a plugin built out of tree"));
	tc_free(staff);
	tc_free(b);
}
END_TEST

START_TEST(core_symbols_resolve_in_atrium)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;

	ck_assert_msg(conf_lists("symbols"), "symbols is not in the config");
	ck_assert(!log_refused("symbols"));
	r = tc_get(b, "/symbols");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "field=parsed by the core status=0 migrate=0 "
	    "process_db=42"), "%s", r->body);
	tc_free(b);
}
END_TEST

START_TEST(atriumctl_loads_them)
{
	char	 out[16384];

	ck_assert(conf_lists("example") && conf_lists("symbols"));
	ck_assert_msg(run_prog("atriumctl", "check-config", out,
	    sizeof(out)) == 0, "atriumctl check-config: %s", out);
	ck_assert_msg(!refused(out), "%s", out);
	ck_assert_msg(run_prog("atriumctl", "migrate", out, sizeof(out)) == 0,
	    "atriumctl migrate: %s", out);
	ck_assert_msg(!refused(out), "%s", out);
	ck_assert_msg(run_prog("atrium", "--check-config", out,
	    sizeof(out)) == 0, "atrium --check-config: %s", out);
	ck_assert_msg(!refused(out), "%s", out);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("plugins");
	tc = tcase_create("libatrium");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, out_of_tree_plugin_answers);
	tcase_add_test(tc, core_symbols_resolve_in_atrium);
	tcase_add_test(tc, atriumctl_loads_them);
	tcase_add_test(tc, out_of_tree_plugin_extends);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
