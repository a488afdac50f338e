/*
 * Time.  The database stores UTC ("YYYY-MM-DD HH:MM:SS"); people read and
 * type times in the site's time zone (site.timezone), which each process
 * sets as its TZ at start.
 */
#ifndef ATRIUM_CLOCK_H
#define ATRIUM_CLOCK_H

#include <time.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/* "YYYY-MM-DD HH:MM:SS" UTC to time_t; -1 when malformed. */
time_t		 at_time_parse_utc(const char *);
/* time_t to "YYYY-MM-DD HH:MM:SS" UTC, in the pool. */
char		*at_time_utc(struct at_pool *, time_t);
/* A UTC database time shown in the site's zone: "YYYY-MM-DD HH:MM". */
char		*at_time_local(struct at_pool *, const char *utc);
/*
 * A local date and time typed in a form ("YYYY-MM-DD" and "HH:MM", or
 * "YYYY-MM-DDTHH:MM" with time NULL) to time_t; -1 when malformed.
 */
time_t		 at_time_from_local(const char *date, const char *time);
/* The site's zone name (TZ) and its current UTC offset, "+01:00". */
const char	*at_time_zone(void);

AT_API_END

#endif
