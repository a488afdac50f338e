/* Checks on what people type into the meetings forms (pure code). */
#ifndef ATRIUM_MEETINGS_VALIDATE_H
#define ATRIUM_MEETINGS_VALIDATE_H

#include <time.h>

/*
 * A date ("YYYY-MM-DD") and time ("HH:MM") in the site's zone that must
 * lie after now.  NULL with *out set, or the message for the form.
 */
const char	*mt_when(const char *date, const char *tod, time_t now,
		    time_t *out);
/* NULL when type is video, in_person or phone, else the message. */
const char	*mt_type(const char *type);
/* A duration in minutes, 5 to 480. NULL with *out set, or the message. */
const char	*mt_minutes(const char *s, int *out);

#endif
