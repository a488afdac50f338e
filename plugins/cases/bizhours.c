/*
 * Business-hours arithmetic for the cases plugin's SLA clocks.  Every
 * local time goes through localtime_r()/mktime() with tm_isdst = -1, so
 * the working window of a day is right on both sides of a change of
 * summer time.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bizhours.h"

/* Ten years of days: the longest walk through the calendar. */
#define CS_DAYS_MAX	3660

static const char *const cs_wdays[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

/* The weekday (0 Sunday) named by the three letters at s, or -1. */
static int
cs_wday(const char *s)
{
	int	 i;

	for (i = 0; i < 7; i++)
		if (strncasecmp(s, cs_wdays[i], 3) == 0)
			return i;
	return -1;
}

/* "HH:MM" at s into minutes (24:00 allowed); -1 when malformed. */
static int
cs_minutes(const char *s)
{
	int	 h, m;

	if (strlen(s) < 5 || s[2] != ':' || sscanf(s, "%2d:%2d", &h, &m) != 2)
		return -1;
	if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

/* Parses a working calendar; see bizhours.h.  Allocates nothing. */
int
cs_cal_parse(struct cs_cal *cal, const char *days, const char *hours,
    const char *const *holidays, size_t n, const char **errstr)
{
	const char	*p = days;
	int		 a, b, y, mo, d, i;
	char		 tail;

	memset(cal, 0, sizeof(*cal));
	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if ((a = cs_wday(p)) == -1)
			goto baddays;
		p += 3;
		b = a;
		if (*p == '-') {
			if ((b = cs_wday(p + 1)) == -1)
				goto baddays;
			p += 4;
		}
		for (i = a;; i = (i + 1) % 7) {
			cal->days |= 1u << i;
			if (i == b)
				break;
		}
		if (*p != '\0' && *p != ',' && *p != ' ')
			goto baddays;
	}
	if (cal->days == 0)
		goto baddays;
	if (hours == NULL || strlen(hours) != 11 || hours[5] != '-' ||
	    (cal->start = cs_minutes(hours)) == -1 ||
	    (cal->end = cs_minutes(hours + 6)) == -1 ||
	    cal->end <= cal->start) {
		*errstr = "work-hours must be HH:MM-HH:MM, the end after the "
		    "start (\"09:00-17:30\").";
		return -1;
	}
	if (n > CS_HOLIDAYS_MAX) {
		*errstr = "Too many holidays (256 at most).";
		return -1;
	}
	for (cal->nhol = 0; cal->nhol < n; cal->nhol++) {
		if (holidays[cal->nhol] == NULL ||
		    strlen(holidays[cal->nhol]) != 10 ||
		    sscanf(holidays[cal->nhol], "%4d-%2d-%2d%c", &y, &mo, &d,
		    &tail) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31) {
			*errstr = "holidays must be dates, YYYY-MM-DD.";
			return -1;
		}
		cal->hol[cal->nhol] = y * 10000 + mo * 100 + d;
	}
	return 0;
baddays:
	*errstr = "work-days must name weekdays (\"mon-fri\", "
	    "\"sun,mon,tue\").";
	return -1;
}

/* Whether a local date is a working day of cal: 1 or 0. */
int
cs_cal_workday(const struct cs_cal *cal, int ymd, int wday)
{
	size_t	 i;

	if ((cal->days & (1u << wday)) == 0)
		return 0;
	for (i = 0; i < cal->nhol; i++)
		if (cal->hol[i] == ymd)
			return 0;
	return 1;
}

/*
 * The working window of the local day tm names (its date fields only)
 * into *ws, *we; 0 when it is a working day, 1 when not.
 */
static int
cs_window(const struct cs_cal *cal, const struct tm *day, time_t *ws,
    time_t *we)
{
	struct tm	 t;

	if (!cs_cal_workday(cal, (day->tm_year + 1900) * 10000 +
	    (day->tm_mon + 1) * 100 + day->tm_mday, day->tm_wday))
		return 1;
	t = *day;
	t.tm_hour = cal->start / 60;
	t.tm_min = cal->start % 60;
	t.tm_sec = 0;
	t.tm_isdst = -1;
	*ws = mktime(&t);
	t = *day;
	t.tm_hour = cal->end / 60;
	t.tm_min = cal->end % 60;
	t.tm_sec = 0;
	t.tm_isdst = -1;
	*we = mktime(&t);
	return 0;
}

/* Moves tm (a local date) to the next day, weekday and all. */
static void
cs_next_day(struct tm *tm)
{
	tm->tm_mday++;
	tm->tm_hour = 12;
	tm->tm_min = tm->tm_sec = 0;
	tm->tm_isdst = -1;
	mktime(tm);
}

/* Business seconds between from and to; see bizhours.h. */
long long
cs_bh_between(const struct cs_cal *cal, time_t from, time_t to)
{
	struct tm	 day;
	time_t		 ws, we, a, b;
	long long	 sum = 0;
	int		 i;

	if (to <= from || localtime_r(&from, &day) == NULL)
		return 0;
	for (i = 0; i < CS_DAYS_MAX; i++) {
		if (cs_window(cal, &day, &ws, &we) == 0) {
			if (ws >= to)
				break;
			a = ws > from ? ws : from;
			b = we < to ? we : to;
			if (b > a)
				sum += (long long)(b - a);
		}
		cs_next_day(&day);
	}
	return sum;
}

/* The moment secs business seconds after from; see bizhours.h. */
time_t
cs_bh_add(const struct cs_cal *cal, time_t from, long long secs)
{
	struct tm	 day;
	time_t		 ws, we, a;
	int		 i;

	if (secs < 0)
		secs = 0;
	if (localtime_r(&from, &day) == NULL)
		return (time_t)-1;
	for (i = 0; i < CS_DAYS_MAX; i++) {
		if (cs_window(cal, &day, &ws, &we) == 0 && we > from) {
			a = ws > from ? ws : from;
			if ((long long)(we - a) >= secs &&
			    (secs > 0 || we > a))
				return a + (time_t)secs;
			secs -= (long long)(we - a);
		}
		cs_next_day(&day);
	}
	return (time_t)-1;
}

/* Business seconds on clk at now. */
long long
cs_clock_used(const struct cs_cal *cal, const struct cs_clock *clk,
    time_t now)
{
	if (clk->since == 0)
		return clk->used;
	return clk->used + cs_bh_between(cal, clk->since, now);
}

/* Stops clk at now. */
void
cs_clock_pause(const struct cs_cal *cal, struct cs_clock *clk, time_t now)
{
	if (clk->since == 0)
		return;
	clk->used = cs_clock_used(cal, clk, now);
	clk->since = 0;
}

/* Starts clk at now. */
void
cs_clock_resume(struct cs_clock *clk, time_t now)
{
	if (clk->since == 0)
		clk->since = now;
}

/* When clk reaches target; see bizhours.h. */
time_t
cs_clock_due(const struct cs_cal *cal, const struct cs_clock *clk,
    long long target, time_t now)
{
	long long	 used = cs_clock_used(cal, clk, now);

	if (used >= target)
		return now;
	return cs_bh_add(cal, now, target - used);
}
