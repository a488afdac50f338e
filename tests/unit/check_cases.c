/*
 * The cases plugin's business-hours arithmetic: weekends, holidays,
 * time zones, changes of summer time, a clock paused while a case waits
 * on the client, and calendars that do not parse.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <time.h>

#include "../../plugins/cases/bizhours.h"

#define H	3600LL

static struct cs_cal	 cal;

/* Switches the process to zone tz. */
static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* A local time in the current zone. */
static time_t
lt(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A UTC time. */
static time_t
ut(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

/* Mon-Fri 09:00-17:00 with the holidays given. */
static void
office(const char *const *hol, size_t n)
{
	const char	*err = NULL;

	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "09:00-17:00", hol, n,
	    &err), 0);
}

START_TEST(weekend_skipped)
{
	zone("Europe/London");
	office(NULL, 0);
	/* Friday 2026-01-09 16:00 to Monday 10:00: one hour each side. */
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 1, 9, 16, 0),
	    lt(2026, 1, 12, 10, 0)), 2 * H);
	/* Outside hours on both ends: the whole Monday. */
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 1, 10, 12, 0),
	    lt(2026, 1, 12, 20, 0)), 8 * H);
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 1, 12, 10, 0),
	    lt(2026, 1, 12, 9, 0)), 0);
	/* Two hours from Friday 16:00 is Monday 10:00. */
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 1, 9, 16, 0), 2 * H),
	    lt(2026, 1, 12, 10, 0));
	/* Saturday, nothing asked: the start of Monday. */
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 1, 10, 12, 0), 0),
	    lt(2026, 1, 12, 9, 0));
	/* A window filled exactly ends at its end, not the next start. */
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 1, 12, 9, 0), 8 * H),
	    lt(2026, 1, 12, 17, 0));
	/* A week of 40 hours. */
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 1, 12, 9, 0), 40 * H),
	    lt(2026, 1, 16, 17, 0));
}
END_TEST

START_TEST(holidays_skipped)
{
	static const char *const hol[] = { "2026-01-12", "2025-12-25" };

	zone("Europe/London");
	office(hol, 2);
	ck_assert(!cs_cal_workday(&cal, 20260112, 1));
	ck_assert(cs_cal_workday(&cal, 20260113, 2));
	/* Friday 16:00 to Tuesday 10:00 over a Monday holiday. */
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 1, 9, 16, 0),
	    lt(2026, 1, 13, 10, 0)), 2 * H);
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 1, 9, 16, 0), 2 * H),
	    lt(2026, 1, 13, 10, 0));
	/* Christmas Day 2025 (a Thursday) counts nothing. */
	ck_assert_int_eq(cs_bh_between(&cal, lt(2025, 12, 25, 0, 0),
	    lt(2025, 12, 26, 0, 0)), 0);
}
END_TEST

START_TEST(time_zones)
{
	time_t	 a = ut(2026, 1, 5, 14, 0), b = ut(2026, 1, 5, 22, 0);

	/* 14:00-22:00 UTC on a Monday is 09:00-17:00 in New York ... */
	zone("America/New_York");
	office(NULL, 0);
	ck_assert_int_eq(cs_bh_between(&cal, a, b), 8 * H);
	ck_assert_int_eq(cs_bh_add(&cal, ut(2026, 1, 5, 12, 0), H),
	    ut(2026, 1, 5, 15, 0));
	/* ... and 14:00-17:00 of working time in London. */
	zone("Europe/London");
	ck_assert_int_eq(cs_bh_between(&cal, a, b), 3 * H);
	/* Tokyo: 23:00-07:00 UTC Sunday night is Monday 08:00-16:00. */
	zone("Asia/Tokyo");
	ck_assert_int_eq(cs_bh_between(&cal, ut(2026, 1, 4, 23, 0),
	    ut(2026, 1, 5, 7, 0)), 7 * H);
}
END_TEST

START_TEST(summer_time)
{
	const char	*err = NULL;

	zone("Europe/London");
	office(NULL, 0);
	/*
	 * Friday 27 March 2026 16:00 GMT to Monday 30 March 10:00 BST,
	 * over the night the clocks go forward: still two working hours,
	 * and the Monday window starts at 09:00 BST (08:00 UTC).
	 */
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 3, 27, 16, 0),
	    lt(2026, 3, 30, 10, 0)), 2 * H);
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 3, 27, 16, 0), 90 * 60),
	    ut(2026, 3, 30, 8, 30));
	/* Autumn: Friday 23 October 16:00 BST + 2 h is Monday 10:00 GMT. */
	ck_assert_int_eq(cs_bh_add(&cal, lt(2026, 10, 23, 16, 0), 2 * H),
	    ut(2026, 10, 26, 10, 0));
	/* Round the clock: the spring Sunday has 23 hours, autumn's 25. */
	ck_assert_int_eq(cs_cal_parse(&cal, "sun-sat", "00:00-24:00", NULL, 0,
	    &err), 0);
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 3, 29, 0, 0),
	    lt(2026, 3, 30, 0, 0)), 23 * H);
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 10, 25, 0, 0),
	    lt(2026, 10, 26, 0, 0)), 25 * H);
	/* New York changes two weeks earlier. */
	zone("America/New_York");
	ck_assert_int_eq(cs_bh_between(&cal, lt(2026, 3, 8, 0, 0),
	    lt(2026, 3, 9, 0, 0)), 23 * H);
}
END_TEST

START_TEST(paused_while_waiting)
{
	struct cs_clock	 clk = { 0, 0 };

	zone("Europe/London");
	office(NULL, 0);
	/* Opened Monday 09:00; waiting on the client from 10:00 ... */
	cs_clock_resume(&clk, lt(2026, 1, 12, 9, 0));
	ck_assert_int_eq(cs_clock_used(&cal, &clk, lt(2026, 1, 12, 10, 0)),
	    H);
	cs_clock_pause(&cal, &clk, lt(2026, 1, 12, 10, 0));
	/* ... the clock stands still for two days ... */
	ck_assert_int_eq(cs_clock_used(&cal, &clk, lt(2026, 1, 14, 10, 0)),
	    H);
	cs_clock_pause(&cal, &clk, lt(2026, 1, 14, 10, 0));
	ck_assert_int_eq(clk.used, H);
	/* ... and runs again when the client answers Wednesday 15:00. */
	cs_clock_resume(&clk, lt(2026, 1, 14, 15, 0));
	cs_clock_resume(&clk, lt(2026, 1, 14, 16, 0));
	ck_assert_int_eq(cs_clock_used(&cal, &clk, lt(2026, 1, 14, 16, 0)),
	    2 * H);
	/* A 4-hour target is reached Thursday 10:00. */
	ck_assert_int_eq(cs_clock_due(&cal, &clk, 4 * H,
	    lt(2026, 1, 14, 16, 0)), lt(2026, 1, 15, 10, 0));
	/* Already late: due now. */
	ck_assert_int_eq(cs_clock_due(&cal, &clk, H, lt(2026, 1, 14, 16, 0)),
	    lt(2026, 1, 14, 16, 0));
}
END_TEST

START_TEST(bad_calendars)
{
	static const char *const bad[] = { "2026-13-01" };
	static const char *const worse[] = { "next monday" };
	const char	*err = NULL;

	ck_assert_int_eq(cs_cal_parse(&cal, "", "09:00-17:00", NULL, 0, &err),
	    -1);
	ck_assert(err != NULL);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fry", "09:00-17:00", NULL, 0,
	    &err), -1);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "17:00-09:00", NULL, 0,
	    &err), -1);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "9-5", NULL, 0, &err),
	    -1);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "09:00-25:00", NULL, 0,
	    &err), -1);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "09:00-17:00", bad, 1,
	    &err), -1);
	ck_assert_int_eq(cs_cal_parse(&cal, "mon-fri", "09:00-17:00", worse,
	    1, &err), -1);
	/* A wrapping range and a list. */
	ck_assert_int_eq(cs_cal_parse(&cal, "sun-thu", "08:00-16:00", NULL, 0,
	    &err), 0);
	ck_assert_uint_eq(cal.days, 0x1f);
	ck_assert_int_eq(cs_cal_parse(&cal, "fri-mon", "08:00-16:00", NULL, 0,
	    &err), 0);
	ck_assert_uint_eq(cal.days, (1u << 5) | (1u << 6) | 1u | 2u);
	ck_assert_int_eq(cs_cal_parse(&cal, "Mon, Wed,fri", "08:00-16:00",
	    NULL, 0, &err), 0);
	ck_assert_uint_eq(cal.days, (1u << 1) | (1u << 3) | (1u << 5));
}
END_TEST

/* The suite. */
static Suite *
cases_suite(void)
{
	Suite	*s = suite_create("cases");
	TCase	*tc = tcase_create("bizhours");

	tcase_add_test(tc, weekend_skipped);
	tcase_add_test(tc, holidays_skipped);
	tcase_add_test(tc, time_zones);
	tcase_add_test(tc, summer_time);
	tcase_add_test(tc, paused_while_waiting);
	tcase_add_test(tc, bad_calendars);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(cases_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
