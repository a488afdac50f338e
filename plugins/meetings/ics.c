/*
 * iCalendar writer (RFC 5545).  Written by hand because no maintained C
 * library in Debian writes iCalendar with time zones (libical reads and
 * writes it, but needs its own zone database files at run time; the
 * system's zoneinfo, through localtime_r(), already knows every rule).
 *
 * The VTIMEZONE is derived from the process's zone: the offsets in force
 * are probed hour by hour across the year of each event, every change is
 * refined to the minute, and each becomes a STANDARD or DAYLIGHT
 * observance with its instant and names; a yearly RRULE is added when the
 * change falls on a Sunday in the same week of the month every year, as
 * in the European and North American rules.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>

#include "ics.h"

char *
mt_ics_escape(struct at_pool *pool, const char *s)
{
	char	*out, *o;

	if (s == NULL)
		return at_pstrdup(pool, "");
	o = out = at_palloc(pool, strlen(s) * 2 + 1);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
		case ';':
		case ',':
			*o++ = '\\';
			*o++ = *s;
			break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* FALLTHROUGH */
		case '\n':
			*o++ = '\\';
			*o++ = 'n';
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Makes room for n more bytes. */
static void
ics_grow(struct mt_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap == 0 ? 4096 : b->cap * 2;
	if ((b->p = realloc(b->p, b->cap)) == NULL)
		abort();
}

void
mt_ics_line(struct mt_buf *b, const char *line)
{
	size_t	 len = strlen(line), i, col = 0, n;
	unsigned int cp;

	ics_grow(b, len + len / 70 * 3 + 8);
	for (i = 0; i < len; i += n) {
		/* A whole character, or one stray byte. */
		if ((n = at_utf8_char(line + i, &cp)) == 0)
			n = 1;
		if (col + n > 75) {
			memcpy(b->p + b->len, "\r\n ", 3);
			b->len += 3;
			col = 1;
		}
		memcpy(b->p + b->len, line + i, n);
		b->len += n;
		col += n;
	}
	memcpy(b->p + b->len, "\r\n", 3);
	b->len += 2;
}

/* Appends a formatted content line. */
static void
ics_linef(struct at_pool *pool, struct mt_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ics_linef(struct at_pool *pool, struct mt_buf *buf, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = at_pvprintf(pool, fmt, ap);
	va_end(ap);
	mt_ics_line(buf, s);
}

/* A parameter value fit for double quotes (no DQUOTE, no controls). */
static const char *
ics_param(struct at_pool *pool, const char *s)
{
	char	*out, *o;

	if (s == NULL)
		return "";
	o = out = at_palloc(pool, strlen(s) + 1);
	for (; *s != '\0'; s++)
		if (*s != '"' && (unsigned char)*s >= 0x20)
			*o++ = *s;
	*o = '\0';
	return out;
}

/* "+0100" for an offset in seconds (a zone is within a day of UTC). */
static void
ics_offset(char *out, size_t sz, long off)
{
	int	 a = (int)((off < 0 ? -off : off) % 86400);

	snprintf(out, sz, "%c%02d%02d", off < 0 ? '-' : '+', a / 3600,
	    (a % 3600) / 60);
}

/* Local wall time of t as YYYYMMDDTHHMMSS. */
static void
ics_local(char *out, size_t sz, time_t t)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(out, sz, "%Y%m%dT%H%M%S", &tm);
}

/* The offset in force at t (seconds east of UTC) and its zone name. */
static long
ics_gmtoff(time_t t, char *name, size_t namesz, int *dst)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	if (name != NULL)
		snprintf(name, namesz, "%s", tm.tm_zone != NULL ?
		    tm.tm_zone : "");
	if (dst != NULL)
		*dst = tm.tm_isdst > 0;
	return tm.tm_gmtoff;
}

/* Writes the observances (changes of offset) of one year. */
static void
ics_year(struct at_pool *pool, struct mt_buf *buf, int year, int *any)
{
	struct tm	 tm;
	time_t		 t, end, lo, hi, mid;
	long		 before, after;
	char		 from[16], to[16], when[32], name[16];
	int		 dst, mday, mdays;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mday = 1;
	t = timegm(&tm);
	tm.tm_year++;
	end = timegm(&tm);
	before = ics_gmtoff(t, NULL, 0, NULL);
	for (t += 3600; t <= end; t += 3600) {
		if ((after = ics_gmtoff(t, NULL, 0, NULL)) == before)
			continue;
		/* Refine to the second the offset changed. */
		lo = t - 3600;
		hi = t;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (ics_gmtoff(mid, NULL, 0, NULL) == before)
				lo = mid;
			else
				hi = mid;
		}
		ics_gmtoff(hi, name, sizeof(name), &dst);
		ics_offset(from, sizeof(from), before);
		ics_offset(to, sizeof(to), after);
		/* DTSTART is the wall time just before, in the old offset. */
		{
			time_t		 wall = hi + before;
			struct tm	 w;

			gmtime_r(&wall, &w);
			strftime(when, sizeof(when), "%Y%m%dT%H%M%S", &w);
			mday = w.tm_mday;
			mdays = days[w.tm_mon];
			if (w.tm_mon == 1 && (year % 4 == 0 &&
			    (year % 100 != 0 || year % 400 == 0)))
				mdays = 29;
			ics_linef(pool, buf, "BEGIN:%s", dst ? "DAYLIGHT" :
			    "STANDARD");
			ics_linef(pool, buf, "TZOFFSETFROM:%s", from);
			ics_linef(pool, buf, "TZOFFSETTO:%s", to);
			if (name[0] != '\0')
				ics_linef(pool, buf, "TZNAME:%s", name);
			ics_linef(pool, buf, "DTSTART:%s", when);
			if (w.tm_wday == 0)
				ics_linef(pool, buf, "RRULE:FREQ=YEARLY;"
				    "BYMONTH=%d;BYDAY=%dSU", w.tm_mon + 1,
				    mday + 7 > mdays ? -1 : (mday - 1) / 7 + 1);
			ics_linef(pool, buf, "END:%s", dst ? "DAYLIGHT" :
			    "STANDARD");
		}
		*any = 1;
		before = after;
	}
}

/* The VTIMEZONE of TZ for the years of the events. */
static void
ics_vtimezone(struct at_pool *pool, struct mt_buf *buf, const struct mt_event *ev,
    size_t n)
{
	const char	*tz = at_time_zone();
	char		 off[16], name[16], when[32];
	struct tm	 tm;
	int		 years[8], ny = 0, y, any = 0, dst;
	size_t		 i, k;
	long		 o;

	for (i = 0; i < n; i++) {
		gmtime_r(&ev[i].start, &tm);
		y = tm.tm_year + 1900;
		for (k = 0; k < (size_t)ny; k++)
			if (years[k] == y)
				break;
		if (k == (size_t)ny && ny < 8)
			years[ny++] = y;
	}
	ics_linef(pool, buf, "BEGIN:VTIMEZONE");
	ics_linef(pool, buf, "TZID:%s", tz);
	for (k = 0; k < (size_t)ny; k++)
		ics_year(pool, buf, years[k], &any);
	if (!any) {
		/* No change of offset: one standard observance. */
		time_t	 t = n > 0 ? ev[0].start : time(NULL);

		o = ics_gmtoff(t, name, sizeof(name), &dst);
		ics_offset(off, sizeof(off), o);
		ics_linef(pool, buf, "BEGIN:STANDARD");
		ics_linef(pool, buf, "TZOFFSETFROM:%s", off);
		ics_linef(pool, buf, "TZOFFSETTO:%s", off);
		if (name[0] != '\0')
			ics_linef(pool, buf, "TZNAME:%s", name);
		snprintf(when, sizeof(when), "19700101T000000");
		ics_linef(pool, buf, "DTSTART:%s", when);
		ics_linef(pool, buf, "END:STANDARD");
	}
	ics_linef(pool, buf, "END:VTIMEZONE");
}

char *
mt_ics_calendar(struct at_pool *pool, const char *prodid, const char *method,
    const struct mt_event *ev, size_t n)
{
	struct mt_buf	 b = { NULL, 0, 0 }, *buf = &b;
	char		 start[32], endt[32], stamp[32], *out;
	const char	*tz = at_time_zone();
	struct tm	 tm;
	size_t		 i, a;

	ics_linef(pool, buf, "BEGIN:VCALENDAR");
	ics_linef(pool, buf, "VERSION:2.0");
	ics_linef(pool, buf, "PRODID:%s", prodid);
	ics_linef(pool, buf, "CALSCALE:GREGORIAN");
	ics_linef(pool, buf, "METHOD:%s", method);
	ics_vtimezone(pool, buf, ev, n);
	for (i = 0; i < n; i++) {
		ics_local(start, sizeof(start), ev[i].start);
		ics_local(endt, sizeof(endt), ev[i].start +
		    (time_t)ev[i].minutes * 60);
		gmtime_r(&ev[i].stamp, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		ics_linef(pool, buf, "BEGIN:VEVENT");
		ics_linef(pool, buf, "UID:%s", ev[i].uid);
		ics_linef(pool, buf, "SEQUENCE:%d", ev[i].sequence);
		ics_linef(pool, buf, "DTSTAMP:%s", stamp);
		ics_linef(pool, buf, "DTSTART;TZID=%s:%s", tz, start);
		ics_linef(pool, buf, "DTEND;TZID=%s:%s", tz, endt);
		ics_linef(pool, buf, "SUMMARY:%s",
		    mt_ics_escape(pool, ev[i].summary));
		if (ev[i].description != NULL && ev[i].description[0] != '\0')
			ics_linef(pool, buf, "DESCRIPTION:%s",
			    mt_ics_escape(pool, ev[i].description));
		if (ev[i].location != NULL && ev[i].location[0] != '\0')
			ics_linef(pool, buf, "LOCATION:%s",
			    mt_ics_escape(pool, ev[i].location));
		if (ev[i].url != NULL && ev[i].url[0] != '\0') {
			ics_linef(pool, buf, "URL:%s", ev[i].url);
			if (ev[i].location == NULL ||
			    ev[i].location[0] == '\0')
				ics_linef(pool, buf, "LOCATION:%s",
				    mt_ics_escape(pool, ev[i].url));
		}
		if (ev[i].organizer_email != NULL)
			ics_linef(pool, buf, "ORGANIZER;CN=\"%s\":mailto:%s",
			    ics_param(pool, ev[i].organizer_name),
			    ev[i].organizer_email);
		for (a = 0; a < ev[i].nattendees; a++)
			ics_linef(pool, buf, "ATTENDEE;CN=\"%s\";ROLE="
			    "REQ-PARTICIPANT:mailto:%s",
			    ics_param(pool, ev[i].attendees[a].name),
			    ev[i].attendees[a].email);
		ics_linef(pool, buf, "STATUS:%s", ev[i].cancelled ?
		    "CANCELLED" : "CONFIRMED");
		ics_linef(pool, buf, "END:VEVENT");
	}
	ics_linef(pool, buf, "END:VCALENDAR");
	out = at_pstrndup(pool, b.p, b.len);
	free(b.p);
	return out;
}
