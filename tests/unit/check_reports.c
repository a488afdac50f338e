/*
 * The reports area's pure rules: when the weekly summary is due (the
 * site's weekday and hour on the wall clock, in its time zone, across
 * daylight saving changes, for a runner that is late or runs often).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/reports.h"

/* Sets the process's time zone to tz (the site's, as atriumctl does). */
static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* The UTC instant of "YYYY-MM-DD HH:MM:SS". */
static time_t
utc(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(s, "%Y-%m-%d %H:%M:%S", &tm));
	return timegm(&tm);
}

/* The slot for now (UTC text) in tz; "" when refused. */
static const char *
slot(const char *tz, const char *now, int weekday, int hour)
{
	static char	 buf[16];

	zone(tz);
	if (hub_rp_weekly_slot(utc(now), weekday, hour, buf, sizeof(buf)) ==
	    -1)
		return "";
	return buf;
}

/* Monday 07:00 in UTC: due from the hour, not before. */
START_TEST(monday_seven_utc)
{
	ck_assert_str_eq(slot("UTC", "2026-03-02 06:59:59", 1, 7),
	    "2026-02-23");
	ck_assert_str_eq(slot("UTC", "2026-03-02 07:00:00", 1, 7),
	    "2026-03-02");
	ck_assert_str_eq(slot("UTC", "2026-03-02 23:59:59", 1, 7),
	    "2026-03-02");
	/* Every run of the rest of the week names the same slot. */
	ck_assert_str_eq(slot("UTC", "2026-03-03 00:00:00", 1, 7),
	    "2026-03-02");
	ck_assert_str_eq(slot("UTC", "2026-03-08 23:59:59", 1, 7),
	    "2026-03-02");
	ck_assert_str_eq(slot("UTC", "2026-03-09 06:00:00", 1, 7),
	    "2026-03-02");
	ck_assert_str_eq(slot("UTC", "2026-03-09 07:00:00", 1, 7),
	    "2026-03-09");
	/* Across a year. */
	ck_assert_str_eq(slot("UTC", "2026-01-01 10:00:00", 1, 7),
	    "2025-12-29");
	/* Friday 17:00; Sunday at midnight. */
	ck_assert_str_eq(slot("UTC", "2026-03-06 16:59:59", 5, 17),
	    "2026-02-27");
	ck_assert_str_eq(slot("UTC", "2026-03-06 17:00:00", 5, 17),
	    "2026-03-06");
	ck_assert_str_eq(slot("UTC", "2026-03-08 00:00:00", 7, 0),
	    "2026-03-08");
	ck_assert_str_eq(slot("UTC", "2026-03-07 23:59:59", 7, 0),
	    "2026-03-01");
}
END_TEST

/* The hour is the site's: Berlin is UTC+1 in winter, New York UTC-5. */
START_TEST(site_time_zone)
{
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-02 05:59:59", 1, 7),
	    "2026-02-23");
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-02 06:00:00", 1, 7),
	    "2026-03-02");
	ck_assert_str_eq(slot("America/New_York", "2026-03-02 11:59:59", 1,
	    7), "2026-02-23");
	ck_assert_str_eq(slot("America/New_York", "2026-03-02 12:00:00", 1,
	    7), "2026-03-02");
	/* Sunday 23:30 UTC is already Monday 00:30 in Berlin. */
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-01 23:30:00", 1, 0),
	    "2026-03-02");
	ck_assert_str_eq(slot("UTC", "2026-03-01 23:30:00", 1, 0),
	    "2026-02-23");
}
END_TEST

/* Daylight saving: an hour that is skipped, an hour that comes twice. */
START_TEST(daylight_saving)
{
	/*
	 * Berlin, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST, so
	 * 02:00 never shows on the clock; the summary is due at 03:00.
	 */
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-29 00:59:59", 7, 2),
	    "2026-03-22");
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-29 01:00:00", 7, 2),
	    "2026-03-29");
	/* Monday 07:00 after the change is 05:00 UTC. */
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-30 04:59:59", 1, 7),
	    "2026-03-23");
	ck_assert_str_eq(slot("Europe/Berlin", "2026-03-30 05:00:00", 1, 7),
	    "2026-03-30");
	/*
	 * Berlin, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET,
	 * 02:30 comes twice: both are the same slot, sent once.
	 */
	ck_assert_str_eq(slot("Europe/Berlin", "2026-10-24 23:59:59", 7, 2),
	    "2026-10-18");
	ck_assert_str_eq(slot("Europe/Berlin", "2026-10-25 00:30:00", 7, 2),
	    "2026-10-25");
	ck_assert_str_eq(slot("Europe/Berlin", "2026-10-25 01:30:00", 7, 2),
	    "2026-10-25");
	/* New York's spring change, Sunday 8 March 2026. */
	ck_assert_str_eq(slot("America/New_York", "2026-03-09 10:59:59", 1,
	    7), "2026-03-02");
	ck_assert_str_eq(slot("America/New_York", "2026-03-09 11:00:00", 1,
	    7), "2026-03-09");
}
END_TEST

START_TEST(bad_schedule)
{
	ck_assert_str_eq(slot("UTC", "2026-03-02 07:00:00", 0, 7), "");
	ck_assert_str_eq(slot("UTC", "2026-03-02 07:00:00", 8, 7), "");
	ck_assert_str_eq(slot("UTC", "2026-03-02 07:00:00", 1, 24), "");
	ck_assert_str_eq(slot("UTC", "2026-03-02 07:00:00", 1, -1), "");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("reports");
	tc = tcase_create("weekly");
	tcase_add_test(tc, monday_seven_utc);
	tcase_add_test(tc, site_time_zone);
	tcase_add_test(tc, daylight_saving);
	tcase_add_test(tc, bad_schedule);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
