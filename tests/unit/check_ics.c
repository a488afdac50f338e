/*
 * The meetings plugin's pure parts: the iCalendar writer (escaping,
 * folding, CRLF, the time zone, cancellation) and the request checks.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>

#include "../../plugins/meetings/ics.h"
#include "../../plugins/meetings/validate.h"

static struct at_pool *pool;

static void
setup(void)
{
	setenv("TZ", "Europe/London", 1);
	tzset();
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
}

START_TEST(escaping)
{
	ck_assert_str_eq(mt_ics_escape(pool, "a,b;c\\d\ne\r\nf"),
	    "a\\,b\\;c\\\\d\\ne\\nf");
	ck_assert_str_eq(mt_ics_escape(pool, NULL), "");
}
END_TEST

START_TEST(folding)
{
	struct mt_buf	 b = { NULL, 0, 0 };
	char		 line[300];
	const char	*p, *e;
	size_t		 n;

	/* 200 "é" (2 octets each) after a name: folds, never mid-character. */
	strcpy(line, "SUMMARY:");
	for (n = 0; n < 100; n++)
		strcat(line, "\xc3\xa9");
	mt_ics_line(&b, line);
	b.p[b.len] = '\0';
	for (p = b.p; (e = strstr(p, "\r\n")) != NULL; p = e + 2) {
		n = (size_t)(e - p);
		ck_assert_msg(n <= 75, "a line of %zu octets", n);
		/* A continuation starts with one space, then a whole char. */
		if (p != b.p) {
			ck_assert_int_eq(p[0], ' ');
			ck_assert_msg(((unsigned char)p[1] & 0xc0) != 0x80,
			    "split inside a UTF-8 sequence");
		}
		if (e[2] == '\0')
			break;
	}
	ck_assert_msg(strstr(b.p, "\r\n ") != NULL, "no fold");
	/* Every line ends in CRLF, no bare LF. */
	for (p = b.p; *p != '\0'; p++)
		if (*p == '\n')
			ck_assert_int_eq(p[-1], '\r');
	free(b.p);
}
END_TEST

static struct mt_event
event(time_t start, int cancelled, int seq)
{
	static const struct mt_attendee att[] = {
		{ "Ana \"A\" Northwind", "ana@northwind.test" },
		{ "Sam Staff", "staff@demo.test" },
	};
	struct mt_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.uid = "meeting-7@hub.example.com";
	ev.sequence = seq;
	ev.cancelled = cancelled;
	ev.start = start;
	ev.minutes = 45;
	ev.stamp = start - 86400;
	ev.summary = "Review, copy; and \\ more";
	ev.description = "Line one\nLine two";
	ev.url = "https://meet.example.com/x";
	ev.organizer_name = "Sam Staff";
	ev.organizer_email = "staff@demo.test";
	ev.attendees = att;
	ev.nattendees = 2;
	return ev;
}

START_TEST(calendar_with_zone)
{
	struct mt_event	 ev;
	struct tm	 tm;
	char		*cal;

	/* 1 July 2026 14:00 in London is 13:00 UTC (summer time). */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 126;
	tm.tm_mon = 6;
	tm.tm_mday = 1;
	tm.tm_hour = 13;
	ev = event(timegm(&tm), 0, 1);
	cal = mt_ics_calendar(pool, "-//Atrium//Test//EN", "PUBLISH", &ev, 1);
	ck_assert(strncmp(cal, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
	ck_assert(strstr(cal, "METHOD:PUBLISH\r\n") != NULL);
	ck_assert(strstr(cal, "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
	ck_assert(strstr(cal, "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\n"
	    "TZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:20260329T010000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n") != NULL);
	ck_assert(strstr(cal, "BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\n"
	    "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:20261025T020000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n") != NULL);
	ck_assert(strstr(cal, "DTSTART;TZID=Europe/London:20260701T140000\r\n"));
	ck_assert(strstr(cal, "DTEND;TZID=Europe/London:20260701T144500\r\n"));
	ck_assert(strstr(cal, "UID:meeting-7@hub.example.com\r\n"));
	ck_assert(strstr(cal, "SEQUENCE:1\r\n"));
	ck_assert(strstr(cal, "SUMMARY:Review\\, copy\\; and \\\\ more\r\n"));
	ck_assert(strstr(cal, "DESCRIPTION:Line one\\nLine two\r\n"));
	ck_assert(strstr(cal, "ORGANIZER;CN=\"Sam Staff\":mailto:staff@demo.test"));
	/* A quote cannot break out of a parameter value. */
	ck_assert(strstr(cal, "ATTENDEE;CN=\"Ana A Northwind\";"));
	ck_assert(strstr(cal, "STATUS:CONFIRMED\r\n"));
	ck_assert(strstr(cal, "END:VCALENDAR\r\n") != NULL);
}
END_TEST

START_TEST(cancelled_same_uid_higher_sequence)
{
	struct mt_event	 a, b;
	char		*c1, *c2;
	time_t		 t = 1800000000;

	a = event(t, 0, 1);
	b = event(t, 1, 2);
	c1 = mt_ics_calendar(pool, "-//T//EN", "PUBLISH", &a, 1);
	c2 = mt_ics_calendar(pool, "-//T//EN", "CANCEL", &b, 1);
	ck_assert(strstr(c2, "METHOD:CANCEL\r\n"));
	ck_assert(strstr(c2, "STATUS:CANCELLED\r\n"));
	ck_assert(strstr(c2, "SEQUENCE:2\r\n"));
	ck_assert(strstr(c1, "SEQUENCE:1\r\n"));
	ck_assert(strstr(c1, "UID:meeting-7@hub.example.com\r\n") &&
	    strstr(c2, "UID:meeting-7@hub.example.com\r\n"));
}
END_TEST

START_TEST(zone_without_daylight_time)
{
	struct mt_event	 ev = event(1800000000, 0, 0);
	char		*cal;

	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	cal = mt_ics_calendar(pool, "-//T//EN", "PUBLISH", &ev, 1);
	ck_assert(strstr(cal, "TZID:Asia/Tokyo\r\n"));
	ck_assert(strstr(cal, "BEGIN:STANDARD\r\nTZOFFSETFROM:+0900\r\n"
	    "TZOFFSETTO:+0900\r\n"));
	ck_assert(strstr(cal, "BEGIN:DAYLIGHT") == NULL);
}
END_TEST

/* Request checks: date, time, type, duration. */
START_TEST(request_checks)
{
	time_t	 now = 1800000000, t;
	int	 m;

	ck_assert_ptr_null(mt_when("2030-01-15", "10:30", now, &t));
	ck_assert_str_eq(mt_when("2020-01-15", "10:30", now, &t),
	    "Choose a time in the future.");
	ck_assert_ptr_nonnull(mt_when("2030-02-30", "10:30", now, &t));
	ck_assert_ptr_nonnull(mt_when("2030-01-15", "", now, &t));
	ck_assert_ptr_nonnull(mt_when(NULL, "10:00", now, &t));
	ck_assert_ptr_null(mt_type("video"));
	ck_assert_ptr_null(mt_type("in_person"));
	ck_assert_ptr_null(mt_type("phone"));
	ck_assert_ptr_nonnull(mt_type("carrier pigeon"));
	ck_assert_ptr_nonnull(mt_type(NULL));
	ck_assert_ptr_null(mt_minutes("45", &m));
	ck_assert_int_eq(m, 45);
	ck_assert_ptr_null(mt_minutes("", &m));
	ck_assert_int_eq(m, 30);
	ck_assert_ptr_nonnull(mt_minutes("0", &m));
	ck_assert_ptr_nonnull(mt_minutes("9999", &m));
	ck_assert_ptr_nonnull(mt_minutes("1h", &m));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("meetings");
	tc = tcase_create("ics");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, escaping);
	tcase_add_test(tc, folding);
	tcase_add_test(tc, calendar_with_zone);
	tcase_add_test(tc, cancelled_same_uid_higher_sequence);
	tcase_add_test(tc, zone_without_daylight_time);
	tcase_add_test(tc, request_checks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
