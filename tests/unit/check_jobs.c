/*
 * The rules of durable events and scheduled jobs that need no server:
 * the retry delays (back-off), when a job is due and when it runs next,
 * the payload format and its reader, and subscribers' patterns.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "plugin/jobs.h"

static struct at_pool	*pool;

static void
setup(void)
{
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
}

/* base, failures so far, the delay before the next attempt. */
static const struct {
	unsigned int	 base, n, want;
} backoff[] = {
	{ 0, 1, 60 },			/* the default first delay */
	{ 0, 2, 120 },			/* doubled each time */
	{ 0, 3, 240 },
	{ 0, 0, 60 },			/* 0 counts as the first */
	{ 1, 1, 1 },			/* a short delay, as in the tests */
	{ 1, 2, 2 },
	{ 1, 3, 4 },
	{ 60, 9, 15360 },
	{ 60, 10, 21600 },		/* capped at six hours */
	{ 60, 31, 21600 },		/* no overflow */
	{ 4000000000u, 1, 21600 },
	{ 4000000000u, 40, 21600 },
};

START_TEST(backoff_schedule)
{
	ck_assert_uint_eq(at_event_backoff(backoff[_i].base, backoff[_i].n),
	    backoff[_i].want);
}
END_TEST

/* now, next run (0: never ran), interval, due? */
static const struct {
	time_t		 now, next;
	unsigned int	 interval;
	int		 due;
} due[] = {
	{ 1000, 0, 3600, 1 },		/* never ran */
	{ 1000, 1000, 60, 1 },		/* exactly on time */
	{ 1000, 1001, 0, 0 },		/* each run: due once its time came */
	{ 1000, 1005, 60, 1 },		/* cron came a little early */
	{ 1000, 1006, 60, 1 },		/* a tenth of the interval */
	{ 1000, 1007, 60, 0 },
	{ 1000, 1030, 3600, 1 },	/* at most 30 seconds early */
	{ 1000, 1031, 3600, 0 },
	{ 1000, 4600, 3600, 0 },	/* an hour to go */
	{ 5000, 1000, 86400, 1 },	/* overdue */
};

START_TEST(due_time)
{
	ck_assert_int_eq(at_job_due(due[_i].now, due[_i].next,
	    due[_i].interval), due[_i].due);
}
END_TEST

/* interval, started, ended, failures in a row, the next run. */
static const struct {
	unsigned int	 interval;
	time_t		 started, ended;
	unsigned int	 failures;
	time_t		 next;
} nexts[] = {
	{ 3600, 1000, 1010, 0, 4600 },	/* from the start, not the end */
	{ 0, 1000, 1010, 0, 1000 },	/* each run: due again at once */
	{ 60, 1000, 1200, 0, 1060 },	/* ran long: due at the next run */
	{ 3600, 1000, 1010, 1, 1070 },	/* failed: a minute after the end */
	{ 3600, 1000, 1010, 2, 1130 },	/* then two */
	{ 3600, 1000, 1010, 10, 4600 },	/* never later than the interval */
	{ 0, 1000, 1010, 3, 1000 },	/* each run, failing: the next run */
	{ 86400, 1000, 1010, 9, 1010 + 15360 },
};

START_TEST(next_run)
{
	ck_assert_int_eq((long long)at_job_next(nexts[_i].interval,
	    nexts[_i].started, nexts[_i].ended, nexts[_i].failures),
	    (long long)nexts[_i].next);
}
END_TEST

/* A payload and whether it is well formed. */
static const struct {
	const char	*p;
	int		 ok;
} payloads[] = {
	{ "", 1 },
	{ "invoice=42", 1 },
	{ "invoice=42\nclient=7", 1 },
	{ "invoice=42\nclient=7\n", 1 },
	{ "note=a = b, c", 1 },		/* '=' in a value */
	{ "empty=", 1 },
	{ "name=Zoë", 1 },
	{ "=42", 0 },			/* no key */
	{ "Invoice=42", 0 },		/* keys are lower case */
	{ "invoice 42", 0 },		/* no '=' */
	{ "invoice=42\n\nclient=7", 0 },	/* an empty line */
	{ "invoice=42\r\nclient=7", 0 },	/* CR */
	{ "in voice=42", 0 },
};

START_TEST(payload_format)
{
	ck_assert_msg(at_payload_check(payloads[_i].p) == (payloads[_i].ok ?
	    0 : -1), "\"%s\"", payloads[_i].p);
}
END_TEST

START_TEST(payload_too_long)
{
	char	*p = malloc(AT_EVENT_PAYLOAD_MAX + 10);

	ck_assert_ptr_nonnull(p);
	memset(p, 'x', AT_EVENT_PAYLOAD_MAX + 9);
	memcpy(p, "k=", 2);
	p[AT_EVENT_PAYLOAD_MAX + 9] = '\0';
	ck_assert_int_eq(at_payload_check(p), -1);
	p[AT_EVENT_PAYLOAD_MAX] = '\0';
	ck_assert_int_eq(at_payload_check(p), 0);
	free(p);
}
END_TEST

START_TEST(payload_values)
{
	const char	*p = "invoice=42\nclient=7\nnote=a = b\nempty=\n"
	    "invoice_id=9";

	ck_assert_str_eq(at_payload_get(pool, p, "invoice"), "42");
	ck_assert_str_eq(at_payload_get(pool, p, "client"), "7");
	ck_assert_str_eq(at_payload_get(pool, p, "note"), "a = b");
	ck_assert_str_eq(at_payload_get(pool, p, "empty"), "");
	ck_assert_str_eq(at_payload_get(pool, p, "invoice_id"), "9");
	ck_assert_ptr_null(at_payload_get(pool, p, "invo"));
	ck_assert_ptr_null(at_payload_get(pool, p, "missing"));
	ck_assert_ptr_null(at_payload_get(pool, "", "invoice"));
	ck_assert_ptr_null(at_payload_get(pool, NULL, "invoice"));
}
END_TEST

START_TEST(patterns)
{
	ck_assert(at_event_matches("invoice.paid", "invoice.paid"));
	ck_assert(!at_event_matches("invoice.paid", "invoice.paid.late"));
	ck_assert(!at_event_matches("invoice.paid", "invoice.sent"));
	ck_assert(at_event_matches("invoice.*", "invoice.sent"));
	ck_assert(!at_event_matches("invoice.*", "invoices.sent"));
	ck_assert(at_event_matches("*", "anything.at.all"));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("jobs");
	tc = tcase_create("jobs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, backoff_schedule, 0,
	    sizeof(backoff) / sizeof(backoff[0]));
	tcase_add_loop_test(tc, due_time, 0, sizeof(due) / sizeof(due[0]));
	tcase_add_loop_test(tc, next_run, 0, sizeof(nexts) / sizeof(nexts[0]));
	tcase_add_loop_test(tc, payload_format, 0,
	    sizeof(payloads) / sizeof(payloads[0]));
	tcase_add_test(tc, payload_too_long);
	tcase_add_test(tc, payload_values);
	tcase_add_test(tc, patterns);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
