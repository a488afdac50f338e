/*
 * Checks on the meetings forms, kept apart from the handlers so the unit
 * suite can test them without a database.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>

#include "validate.h"

const char *
mt_when(const char *date, const char *tod, time_t now, time_t *out)
{
	time_t	 t;

	if (date == NULL || *date == '\0')
		return "Enter a date.";
	if (tod == NULL || *tod == '\0')
		return "Enter a time.";
	if ((t = at_time_from_local(date, tod)) == -1)
		return "Enter a real date and time, like 2026-12-01 and 14:30.";
	if (t <= now)
		return "Choose a time in the future.";
	*out = t;
	return NULL;
}

const char *
mt_type(const char *type)
{
	if (type != NULL && (strcmp(type, "video") == 0 ||
	    strcmp(type, "in_person") == 0 || strcmp(type, "phone") == 0))
		return NULL;
	return "Choose video, in person or phone.";
}

const char *
mt_minutes(const char *s, int *out)
{
	char	*end;
	long	 n;

	if (s == NULL || *s == '\0') {
		*out = 30;
		return NULL;
	}
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < 5 || n > 480)
		return "Enter a duration from 5 to 480 minutes.";
	*out = (int)n;
	return NULL;
}
