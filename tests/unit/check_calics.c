/*
 * The calendar's iCalendar writer (core/hub/calendar.c): TEXT escaping,
 * folding at 75 octets without splitting a UTF-8 sequence, CRLF line
 * ends, all-day and timed events, tentative status, events with a bad
 * start left out.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

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

START_TEST(escape)
{
	ck_assert_str_eq(hub_ics_escape(pool, "a,b;c\\d\ne\r"),
	    "a\\,b\\;c\\\\d\\ne");
	ck_assert_str_eq(hub_ics_escape(pool, "bell\007"), "bell");
	ck_assert_str_eq(hub_ics_escape(pool, NULL), "");
}
END_TEST

/* Every line of s ends in CRLF and holds at most 75 octets. */
static void
lines_ok(const char *s)
{
	const char	*e;

	while (*s != '\0') {
		e = strstr(s, "\r\n");
		ck_assert_msg(e != NULL, "a line without CRLF");
		ck_assert_msg(e - s <= 75, "a line of %d octets", (int)(e - s));
		/* A fold never starts inside a UTF-8 sequence. */
		if (*s == ' ')
			ck_assert(((unsigned char)s[1] & 0xc0) != 0x80);
		s = e + 2;
	}
}

START_TEST(events)
{
	struct at_cal_event ev[3];
	char		*ics, title[400];
	size_t		 i;

	title[0] = '\0';
	for (i = 0; i < 25; i++)
		strcat(title, "ÄÖÜ ");	/* 7 octets each */
	memset(ev, 0, sizeof(ev));
	ev[0].size = sizeof(ev[0]);
	ev[0].uid = "milestone-1";
	ev[0].kind = "milestone";
	ev[0].title = title;
	ev[0].start = "2026-12-31";
	ev[0].status = "confirmed";
	ev[1] = ev[0];
	ev[1].uid = "meeting-2";
	ev[1].kind = "meeting";
	ev[1].title = "Kick-off, part 1; bring notes";
	ev[1].start = "2026-12-03 09:30:00";
	ev[1].minutes = 45;
	ev[1].status = "tentative";
	ev[1].client_name = "Northwind";
	ev[2] = ev[0];
	ev[2].uid = "broken-3";
	ev[2].start = "2026-13-45";
	ics = hub_ics_calendar(pool, "Sam (Atrium)", "example.com", ev, 3,
	    (time_t)1764633600);	/* 2025-12-02 00:00:00 UTC */
	lines_ok(ics);
	ck_assert(strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) ==
	    0);
	ck_assert(strstr(ics, "END:VCALENDAR\r\n") != NULL);
	ck_assert(strstr(ics, "UID:milestone-1@example.com\r\n") != NULL);
	ck_assert(strstr(ics, "DTSTART;VALUE=DATE:20261231\r\n") != NULL);
	/* The day after the last of the year. */
	ck_assert(strstr(ics, "DTEND;VALUE=DATE:20270101\r\n") != NULL);
	ck_assert(strstr(ics, "DTSTAMP:20251202T000000Z\r\n") != NULL);
	ck_assert(strstr(ics, "DTSTART:20261203T093000Z\r\n") != NULL);
	ck_assert(strstr(ics, "DTEND:20261203T101500Z\r\n") != NULL);
	ck_assert(strstr(ics, "SUMMARY:Kick-off\\, part 1\\; bring notes")
	    != NULL);
	ck_assert(strstr(ics, "STATUS:TENTATIVE\r\n") != NULL);
	ck_assert(strstr(ics, "STATUS:CONFIRMED\r\n") != NULL);
	/* The broken start is left out, whole. */
	ck_assert(strstr(ics, "broken-3") == NULL);
	/* Two events: two BEGIN:VEVENT, two END:VEVENT. */
	ck_assert(strstr(strstr(strstr(ics, "BEGIN:VEVENT") + 1,
	    "BEGIN:VEVENT") + 1, "BEGIN:VEVENT") == NULL);
}
END_TEST

START_TEST(fold_boundary)
{
	struct at_cal_event ev;
	char		 title[80], *ics, *p;

	/* "SUMMARY:" (8) + 67 = 75 octets: one line, not folded. */
	memset(title, 'x', 67);
	title[67] = '\0';
	memset(&ev, 0, sizeof(ev));
	ev.size = sizeof(ev);
	ev.uid = "t-1";
	ev.kind = "task";
	ev.title = title;
	ev.start = "2026-12-01";
	ics = hub_ics_calendar(pool, NULL, "h", &ev, 1, 0);
	lines_ok(ics);
	p = strstr(ics, "SUMMARY:");
	ck_assert(p != NULL && p[75] == '\r');
	/* One more octet: folded, the last "x" on a continuation line. */
	strcat(title, "x");
	ics = hub_ics_calendar(pool, NULL, "h", &ev, 1, 0);
	lines_ok(ics);
	ck_assert(strstr(ics, "\r\n x\r\n") != NULL);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("calics");
	TCase	*tc = tcase_create("ics");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, escape);
	tcase_add_test(tc, events);
	tcase_add_test(tc, fold_boundary);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
