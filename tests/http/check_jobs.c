/*
 * Durable events and scheduled jobs end to end, over the real stack
 * install/test starts, with the jobstest plugin (tests/plugins/jobstest.c)
 * loaded by the workers and by atriumctl:
 *
 * - "atriumctl jobs run" (and its aliases "mail send" and "remind") print
 *   nothing when all is well;
 * - an event published in a transaction reaches a subscriber that fails
 *   twice first exactly once: first attempt after the response, the
 *   retries from "jobs run" after their back-off; a rolled-back
 *   transaction publishes nothing;
 * - two "jobs run" started together run a due job once;
 * - "jobs list" shows each job's last run, next run and last error, and
 *   a failed job is reported on stderr with exit status 1;
 * - a subscriber that always fails is parked, reported once on stderr,
 *   listed on the admins' page /staff/events, and sent again from there
 *   (admins only, with the CSRF token).
 *
 * atriumctl runs with a copy of the test config that leaves out the
 * plugin deliberately built for another ABI, whose refusal it would
 * otherwise rightly report on every run.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define STAFF	"staff@demo.test"
#define ADMIN	"admin@demo.test"
#define ANA	"ana@northwind.test"

static char	 conf[2048];
static int	 nctl;

/* Dies outside a test with a message. */
static void
die(const char *what)
{
	fprintf(stderr, "check_jobs: %s\n", what);
	exit(1);
}

/*
 * Writes the test config without the plugins the loader refuses (badabi,
 * optclash and the abi* test plugins) in its plugins list to
 * $ATRIUM_TEST_DIR/jobs-test.conf.
 */
static void
conf_prepare(void)
{
	const char	*src = getenv("ATRIUM_TEST_CONF");
	const char	*dir = getenv("ATRIUM_TEST_DIR");
	char		 line[4096], out[4096], *p, *q;
	FILE		*in, *o;
	size_t		 len;

	if (src == NULL || dir == NULL)
		die("ATRIUM_TEST_CONF or ATRIUM_TEST_DIR is not set");
	snprintf(conf, sizeof(conf), "%s/jobs-test.conf", dir);
	if ((in = fopen(src, "r")) == NULL || (o = fopen(conf, "w")) == NULL)
		die("cannot copy the config");
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strncmp(line, "plugins", 7) != 0 ||
		    strchr(line, '{') == NULL) {
			fputs(line, o);
			continue;
		}
		snprintf(out, sizeof(out), "plugins = {");
		len = strlen(out);
		for (p = strchr(line, '"'); p != NULL &&
		    (q = strchr(p + 1, '"')) != NULL; p = strchr(q + 1, '"')) {
			*q = '\0';
			if (strcmp(p + 1, "badabi") == 0 ||
			    strcmp(p + 1, "optclash") == 0 ||
			    strncmp(p + 1, "abi", 3) == 0)
				continue;
			len += snprintf(out + len, sizeof(out) - len,
			    "%s \"%s\"", strchr(out, '"') != NULL ? "," : "",
			    p + 1);
		}
		fprintf(o, "%s }\n", out);
	}
	fclose(in);
	fclose(o);
}

/* Reads a whole file (malloc'd, "" when missing). */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0;
	char	 b[4096];
	size_t	 n;
	FILE	*m;

	m = open_memstream(&buf, &len);
	if ((f = fopen(path, "r")) != NULL) {
		while ((n = fread(b, 1, sizeof(b), f)) > 0)
			fwrite(b, 1, n, m);
		fclose(f);
	}
	fclose(m);
	return buf;
}

/* A started atriumctl run. */
struct run {
	pid_t	 pid;
	char	 out[2048], err[2048];
};

/* Starts "atriumctl -c conf ARGS" with stdout and stderr to files. */
static void
ctl_start(struct run *r, const char *args)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*dir = getenv("ATRIUM_TEST_DIR");
	char		 cmd[8192];

	ck_assert_ptr_nonnull(prefix);
	nctl++;
	snprintf(r->out, sizeof(r->out), "%s/jobs-ctl-%ld-%d.out", dir,
	    (long)getpid(), nctl);
	snprintf(r->err, sizeof(r->err), "%s/jobs-ctl-%ld-%d.err", dir,
	    (long)getpid(), nctl);
	snprintf(cmd, sizeof(cmd), "exec '%s/bin/atriumctl' -c '%s' %s "
	    ">'%s' 2>'%s'", prefix, conf, args, r->out, r->err);
	if ((r->pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_gt(r->pid, 0);
}

/* Waits for r; its exit status, stdout and stderr (malloc'd). */
static int
ctl_wait(struct run *r, char **out, char **err)
{
	int	 st;

	while (waitpid(r->pid, &st, 0) == -1)
		;
	*out = slurp(r->out);
	*err = slurp(r->err);
	unlink(r->out);
	unlink(r->err);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs atriumctl ARGS to the end. */
static int
ctl(const char *args, char **out, char **err)
{
	struct run	 r;

	ctl_start(&r, args);
	return ctl_wait(&r, out, err);
}

/* Asserts "atriumctl ARGS" succeeds and prints nothing at all. */
static void
ctl_quiet(const char *args)
{
	char	*out, *err;
	int	 rc;

	rc = ctl(args, &out, &err);
	ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
	    "atriumctl %s: status %d, stdout \"%s\", stderr \"%s\"", args, rc,
	    out, err);
	free(out);
	free(err);
}

/* Publishes jobstest.KIND as staff; the event id (0: rolled back). */
static long long
publish(const char *kind, int rollback)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	long long	 id = -1;

	tc_get(s, "/staff/");
	r = tc_post(s, "/jobstest/publish", "kind", kind, "rollback",
	    rollback ? "1" : "0", NULL);
	ck_assert_int_eq(r->status, 200);
	if (strncmp(r->body, "event ", 6) == 0)
		id = atoll(r->body + 6);
	else if (strncmp(r->body, "rolled back", 11) == 0)
		id = 0;
	tc_free(s);
	ck_assert_msg(id >= 0, "publish answered \"%s\"", r->body);
	return id;
}

/* Waits up to secs seconds for the query (one %lld) to reach want. */
static long long
wait_for(const char *fmt, long long arg, long long want, int secs)
{
	long long	 n = -1;
	int		 i;

	for (i = 0; i < secs * 10; i++) {
		if ((n = tc_sql_intf(fmt, arg)) >= want)
			break;
		usleep(100000);
	}
	return n;
}

/* The state of event id's delivery to subscriber (malloc'd). */
static char *
delivery_state(long long id, const char *sub)
{
	char	 sql[256], *out;

	snprintf(sql, sizeof(sql), "SELECT state FROM event_deliveries WHERE "
	    "event_id = %lld AND subscriber = '%s'", id, sub);
	out = tc_sql(sql);
	ck_assert_ptr_nonnull(out);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

START_TEST(jobs_run_is_quiet_when_all_is_well)
{
	/* The first run may have work (reminders, mail): still quiet. */
	ctl_quiet("jobs run");
	ctl_quiet("jobs run");
	ctl_quiet("mail send");
	ctl_quiet("remind");
}
END_TEST

START_TEST(event_reaches_a_flaky_subscriber_exactly_once)
{
	long long	 id, before;
	char		*st = NULL, *out, *err;
	int		 i, rc;

	id = publish("flaky", 0);
	ck_assert_int_gt(id, 0);
	/* The first attempt runs in the worker, after the response. */
	ck_assert_int_eq(wait_for("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id, 1, 10), 1);
	st = delivery_state(id, "jobstest.flaky");
	ck_assert_str_eq(st, "pending");
	free(st);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_received "
	    "WHERE event_id = %lld", id), 0);

	/* The retries come from the runner, after their back-off; quietly. */
	for (i = 0; i < 30; i++) {
		rc = ctl("jobs run", &out, &err);
		ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
		    "a retry was not quiet: %d \"%s\" \"%s\"", rc, out, err);
		free(out);
		free(err);
		st = delivery_state(id, "jobstest.flaky");
		if (strcmp(st, "done") == 0)
			break;
		free(st);
		st = NULL;
		sleep(1);
	}
	ck_assert_msg(st != NULL, "the event was never delivered");
	free(st);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id), 3);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_received "
	    "WHERE event_id = %lld AND payload LIKE 'kind=flaky%%'", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT attempts FROM event_deliveries "
	    "WHERE event_id = %lld AND last_error IS NULL", id), 3);

	/* Delivered is delivered: later runs do not call it again. */
	ctl_quiet("jobs run");
	sleep(1);
	ctl_quiet("jobs run");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id), 3);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_received "
	    "WHERE event_id = %lld", id), 1);

	/* A rolled-back transaction publishes nothing. */
	before = tc_sql_int("SELECT COUNT(*) FROM events");
	ck_assert_int_eq(publish("flaky", 1), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM events"), before);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM event_deliveries "
	    "WHERE event_id > %lld", id), 0);
}
END_TEST

START_TEST(parallel_runs_run_a_job_once)
{
	struct run	 a, b;
	char		*out, *err;
	long long	 n0;
	int		 rc;

	ctl_quiet("jobs run");
	/* The daily job is due again (as if a day had passed). */
	tc_sql("UPDATE jobs SET next_run = UTC_TIMESTAMP() - INTERVAL 1 "
	    "MINUTE WHERE name = 'jobstest.slow'");
	n0 = tc_sql_int("SELECT COUNT(*) FROM jobstest_runs");

	ctl_start(&a, "jobs run");
	ctl_start(&b, "jobs run");
	rc = ctl_wait(&a, &out, &err);
	ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
	    "first run: %d \"%s\" \"%s\"", rc, out, err);
	free(out);
	free(err);
	rc = ctl_wait(&b, &out, &err);
	ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
	    "second run: %d \"%s\" \"%s\"", rc, out, err);
	free(out);
	free(err);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs"),
	    n0 + 1);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs "
	    "WHERE ended IS NULL"), 0);

	/*
	 * Again, with one run naming the job (named runs skip the due
	 * check): while one runner holds the job, the other cannot start
	 * it, so no two runs of it ever overlap.
	 */
	tc_sql("UPDATE jobs SET next_run = UTC_TIMESTAMP() - INTERVAL 1 "
	    "MINUTE WHERE name = 'jobstest.slow'");
	ctl_start(&a, "jobs run");
	ck_assert_int_eq(wait_for("SELECT COUNT(*) - %lld FROM jobstest_runs",
	    n0 + 1, 1, 20), 1);
	rc = ctl("jobs run jobstest.slow", &out, &err);
	ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
	    "named run: %d \"%s\" \"%s\"", rc, out, err);
	free(out);
	free(err);
	rc = ctl_wait(&a, &out, &err);
	ck_assert_msg(rc == 0 && out[0] == '\0' && err[0] == '\0',
	    "run: %d \"%s\" \"%s\"", rc, out, err);
	free(out);
	free(err);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs x "
	    "JOIN jobstest_runs y ON y.id > x.id AND y.started < x.ended"), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM jobstest_runs "
	    "WHERE ended IS NULL"), 0);
}
END_TEST

/* The line of "jobs list" output for job (malloc'd), or NULL. */
static char *
list_line(const char *list, const char *job)
{
	const char	*p;
	size_t		 n = strlen(job);

	for (p = list; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p != NULL ? p + 1 : NULL)
		if (strncmp(p, job, n) == 0 && p[n] == ' ')
			return strndup(p, strcspn(p, "\n"));
	return NULL;
}

/* Whether s starts with "YYYY-MM-DD HH:MM:SS". */
static int
is_time(const char *s)
{
	const char	*f = "dddd-dd-dd dd:dd:dd";

	for (; *f != '\0'; f++, s++)
		if (*f == 'd' ? !isdigit((unsigned char)*s) : *s != *f)
			return 0;
	return 1;
}

START_TEST(jobs_list_shows_runs_and_errors)
{
	char	*out, *err, *line, *last, *next;
	int	 rc;

	tc_sql("INSERT INTO jobstest_flags (name, value) VALUES ('fail', 1) "
	    "ON DUPLICATE KEY UPDATE value = 1");
	rc = ctl("jobs run jobstest.check", &out, &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, "job jobstest.check failed: the test asked "
	    "this job to fail") != NULL, "stderr: %s", err);
	free(out);
	free(err);

	rc = ctl("jobs list", &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(err, "");
	ck_assert_msg(strstr(out, "LAST RUN") != NULL &&
	    strstr(out, "NEXT RUN") != NULL &&
	    strstr(out, "LAST ERROR") != NULL, "no header: %s", out);
	line = list_line(out, "jobstest.check");
	ck_assert_msg(line != NULL, "no line for the job: %s", out);
	ck_assert_msg(strstr(line, " 1d ") != NULL, "interval: %s", line);
	last = line + 35;	/* name 24 + 1, interval 9 + 1 */
	next = last + 21;
	ck_assert_msg(is_time(last) && is_time(next), "times: %s", line);
	/* A failed job is tried again a minute later. */
	ck_assert_msg(strncmp(next, last, 19) > 0, "next before last: %s",
	    line);
	ck_assert_msg(strstr(line, "the test asked this job to fail") != NULL,
	    "no error shown: %s", line);
	free(line);
	line = list_line(out, "mail.send");
	ck_assert_msg(line != NULL && strstr(line, "each run") != NULL,
	    "mail.send: %s", out);
	free(line);
	free(out);
	free(err);
	ck_assert_int_eq(tc_sql_int("SELECT failures FROM jobs WHERE name = "
	    "'jobstest.check'"), 1);

	/* Fixed: quiet again, and the error is gone from the list. */
	tc_sql("UPDATE jobstest_flags SET value = 0 WHERE name = 'fail'");
	ctl_quiet("jobs run jobstest.check");
	rc = ctl("jobs list", &out, &err);
	ck_assert_int_eq(rc, 0);
	line = list_line(out, "jobstest.check");
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(strstr(line, "the test asked") == NULL &&
	    line[strlen(line) - 1] == '-', "error still shown: %s", line);
	last = line + 35;
	next = last + 21;
	ck_assert_msg(is_time(last) && is_time(next) &&
	    strncmp(next, last, 19) > 0, "times: %s", line);
	free(line);
	free(out);
	free(err);
	ck_assert_int_eq(tc_sql_int("SELECT failures FROM jobs WHERE name = "
	    "'jobstest.check'"), 0);

	/* A job that does not exist is an error, not a silent no-op. */
	rc = ctl("jobs run no.such-job", &out, &err);
	ck_assert_int_eq(rc, 1);
	ck_assert(strstr(err, "no such job") != NULL);
	free(out);
	free(err);
}
END_TEST

START_TEST(poisoned_event_is_parked_and_shown_to_admins)
{
	struct tc_browser *ad = tc_as(ADMIN), *s = tc_as(STAFF);
	struct tc_browser *a = tc_as(ANA), *anon = tc_new();
	struct tc_resp	*r;
	char		 path[128], *st = NULL, *out, *err;
	long long	 id;
	int		 i, rc, reported = 0;

	id = publish("poison", 0);
	ck_assert_int_gt(id, 0);
	for (i = 0; i < 30; i++) {
		rc = ctl("jobs run", &out, &err);
		if (rc == 1 && strstr(err, "parked") != NULL &&
		    strstr(err, "/staff/events") != NULL)
			reported++;
		else
			ck_assert_msg(rc == 0 && err[0] == '\0',
			    "run: %d \"%s\"", rc, err);
		ck_assert_str_eq(out, "");
		free(out);
		free(err);
		st = delivery_state(id, "jobstest.poison");
		if (strcmp(st, "parked") == 0)
			break;
		free(st);
		st = NULL;
		sleep(1);
	}
	ck_assert_msg(st != NULL, "the delivery was never parked");
	free(st);
	ck_assert_int_eq(reported, 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id), 3);
	/* Parked stays parked: the next run neither retries nor reports. */
	ctl_quiet("jobs run");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id), 3);

	/* Admins see it, with its error and a retry button. */
	r = tc_get(ad, "/staff/");
	ck_assert(tc_has(r, "href=\"/staff/events\""));
	r = tc_get(ad, "/staff/events");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "jobstest.poison"));
	ck_assert(tc_has(r, "this subscriber always fails"));
	snprintf(path, sizeof(path), "/staff/events/%lld/retry", id);
	ck_assert(tc_has(r, path));
	/* Nobody else does. */
	ck_assert(!tc_has(tc_get(s, "/staff/"), "href=\"/staff/events\""));
	ck_assert_int_eq(tc_get(s, "/staff/events")->status, 403);
	ck_assert_int_eq(tc_get(a, "/staff/events")->status, 403);
	ck_assert(tc_status_is(tc_get(anon, "/staff/events"), 0));
	tc_get(s, "/staff/");
	ck_assert_int_eq(tc_post(s, path, "subscriber", "jobstest.poison",
	    NULL)->status, 403);
	/* Without the CSRF token, nothing happens. */
	tc_get(ad, "/staff/events");
	ck_assert_int_eq(tc_post(ad, path, "subscriber", "jobstest.poison",
	    "csrf", "not-the-token", NULL)->status, 403);
	st = delivery_state(id, "jobstest.poison");
	ck_assert_str_eq(st, "parked");
	free(st);

	/* Retry: queued again and tried right after the response. */
	tc_get(ad, "/staff/events");
	r = tc_post(ad, path, "subscriber", "jobstest.poison", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(wait_for("SELECT COUNT(*) FROM jobstest_attempts "
	    "WHERE event_id = %lld", id, 4, 10), 4);
	st = delivery_state(id, "jobstest.poison");
	ck_assert_str_eq(st, "pending");
	free(st);
	ck_assert_int_eq(tc_sql_intf("SELECT attempts FROM event_deliveries "
	    "WHERE event_id = %lld", id), 1);

	/* Leave nothing behind that would fail later runs. */
	snprintf(path, sizeof(path), "DELETE FROM events WHERE id = %lld", id);
	free(tc_sql(path));
	tc_free(ad);
	tc_free(s);
	tc_free(a);
	tc_free(anon);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	conf_prepare();
	s = suite_create("jobs");
	tc = tcase_create("jobs");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, jobs_run_is_quiet_when_all_is_well);
	tcase_add_test(tc, event_reaches_a_flaky_subscriber_exactly_once);
	tcase_add_test(tc, parallel_runs_run_a_job_once);
	tcase_add_test(tc, jobs_list_shows_runs_and_errors);
	tcase_add_test(tc, poisoned_event_is_parked_and_shown_to_admins);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
