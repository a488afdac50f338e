/*
 * Time conversions (include/atrium/clock.h).  The process's TZ is the
 * site's zone, set at start, so localtime_r() and mktime() speak it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* "YYYY-MM-DD HH:MM:SS" (UTC) to time_t, or -1. */
time_t
at_time_parse_utc(const char *s)
{
	struct tm	 tm;
	char		*end;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (end == NULL) {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL)
			return -1;
	}
	if (*end != '\0')
		return -1;
	return timegm(&tm);
}

/* t as "YYYY-MM-DD HH:MM:SS" UTC. */
char *
at_time_utc(struct at_pool *pool, time_t t)
{
	struct tm	 tm;
	char		 buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	return at_pstrdup(pool, buf);
}

/* A UTC database time in the site's zone, "YYYY-MM-DD HH:MM". */
char *
at_time_local(struct at_pool *pool, const char *utc)
{
	struct tm	 tm;
	time_t		 t;
	char		 buf[32];

	if ((t = at_time_parse_utc(utc)) == -1)
		return NULL;
	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	return at_pstrdup(pool, buf);
}

/* A local date and time from a form to time_t, or -1. */
time_t
at_time_from_local(const char *date, const char *tod)
{
	struct tm	 tm;
	char		 buf[64];
	char		*end;

	if (date == NULL)
		return -1;
	if (tod != NULL)
		snprintf(buf, sizeof(buf), "%s %s", date, tod);
	else
		snprintf(buf, sizeof(buf), "%s", date);
	if (strlen(buf) >= 11 && buf[10] == 'T')
		buf[10] = ' ';
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(buf, "%Y-%m-%d %H:%M", &tm)) == NULL)
		return -1;
	if (*end == ':' && strptime(end, ":%S", &tm) != NULL)
		end += 3;
	if (*end != '\0')
		return -1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The site's zone name. */
const char *
at_time_zone(void)
{
	const char	*tz;

	tz = getenv("TZ");
	return tz != NULL && *tz != '\0' ? tz : "UTC";
}
