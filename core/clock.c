/*
 * Time conversions (include/atrium/clock.h).  The database speaks UTC;
 * each process sets TZ to the site's zone at start, so localtime_r() and
 * mktime() speak the site's time.  Parsing is strict: fixed-width digits,
 * real calendar dates, no trailing text.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

/*
 * Reads exactly n digits at *p into *out and moves *p past them.
 * 0, or -1 when a character is not a digit.
 */
static int
clk_digits(const char **p, int n, int *out)
{
	int	 v = 0;

	for (; n > 0; n--, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

/* Days in month mon (1-12) of year. */
static int
clk_mdays(int year, int mon)
{
	static const int days[] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (mon == 2 && year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0))
		return 29;
	return days[mon - 1];
}

/*
 * Reads "YYYY-MM-DD" at *p into tm's date fields, moving *p past it.
 * 0, or -1 when it is not a real date.
 */
static int
clk_date(const char **p, struct tm *tm)
{
	int	 y, m, d;

	if (clk_digits(p, 4, &y) == -1 || *(*p)++ != '-' ||
	    clk_digits(p, 2, &m) == -1 || *(*p)++ != '-' ||
	    clk_digits(p, 2, &d) == -1)
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > clk_mdays(y, m))
		return -1;
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	return 0;
}

/*
 * Reads "HH:MM" and, when secs is 1, ":SS" (secs 2: ":SS" optional) at
 * *p into tm's time fields, moving *p past it.  0, or -1.
 */
static int
clk_tod(const char **p, struct tm *tm, int secs)
{
	int	 h, m, s = 0;

	if (clk_digits(p, 2, &h) == -1 || *(*p)++ != ':' ||
	    clk_digits(p, 2, &m) == -1)
		return -1;
	if (secs == 1 || (secs == 2 && **p == ':')) {
		if (*(*p)++ != ':' || clk_digits(p, 2, &s) == -1)
			return -1;
	}
	if (h > 23 || m > 59 || s > 59)
		return -1;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	return 0;
}

/*
 * "YYYY-MM-DD HH:MM:SS" (UTC, as the database gives it; a DATE column's
 * "YYYY-MM-DD" is midnight) to time_t, or -1 when malformed.
 */
time_t
at_time_parse_utc(const char *s)
{
	struct tm	 tm;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (clk_date(&s, &tm) == -1)
		return -1;
	if (*s == ' ') {
		s++;
		if (clk_tod(&s, &tm, 1) == -1)
			return -1;
	}
	if (*s != '\0')
		return -1;
	return timegm(&tm);
}

/* t as "YYYY-MM-DD HH:MM:SS" UTC, allocated from the pool. */
char *
at_time_utc(struct at_pool *pool, time_t t)
{
	struct tm	 tm;
	char		 buf[64];

	if (gmtime_r(&t, &tm) == NULL)
		return NULL;
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	return at_pstrdup(pool, buf);
}

/*
 * A UTC database time as the site's local "YYYY-MM-DD HH:MM", allocated
 * from the pool; NULL when utc is NULL or malformed.
 */
char *
at_time_local(struct at_pool *pool, const char *utc)
{
	struct tm	 tm;
	time_t		 t;
	char		 buf[64];

	if ((t = at_time_parse_utc(utc)) == -1 ||
	    localtime_r(&t, &tm) == NULL)
		return NULL;
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	return at_pstrdup(pool, buf);
}

/*
 * A local date and time typed in a form to time_t: date "YYYY-MM-DD" and
 * tod "HH:MM" (or "HH:MM:SS"), or with tod NULL date "YYYY-MM-DDTHH:MM"
 * (a space for the T is accepted too).  The zone's rules decide whether
 * summer time applies (mktime with tm_isdst -1); a time the clocks skip
 * moves forward.  -1 when malformed.
 */
time_t
at_time_from_local(const char *date, const char *tod)
{
	struct tm	 tm;

	if (date == NULL)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (clk_date(&date, &tm) == -1)
		return -1;
	if (tod == NULL) {
		if (*date != 'T' && *date != ' ')
			return -1;
		tod = date + 1;
	} else if (*date != '\0')
		return -1;
	if (clk_tod(&tod, &tm, 2) == -1 || *tod != '\0')
		return -1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The site's zone name: TZ as the process set it, else "UTC". */
const char *
at_time_zone(void)
{
	const char	*tz;

	tz = getenv("TZ");
	return tz != NULL && *tz != '\0' ? tz : "UTC";
}

/* See core.h. */
const char *
at_today(struct at_pool *pool)
{
	char		 buf[16];
	struct tm	 tm;
	time_t		 now = time(NULL);

	localtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return at_pstrdup(pool, buf);
}
