/*
 * The iCalendar (RFC 5545) writer of the meetings plugin: pure code, no
 * database, so it is tested on its own (tests/unit/check_ics.c).
 */
#ifndef ATRIUM_MEETINGS_ICS_H
#define ATRIUM_MEETINGS_ICS_H

#include <stddef.h>
#include <time.h>

struct at_pool;

struct mt_attendee {
	const char	*name;
	const char	*email;
};

struct mt_event {
	const char	*uid;		/* stable per meeting */
	int		 sequence;	/* grows with every change */
	int		 cancelled;	/* STATUS:CANCELLED */
	time_t		 start;
	int		 minutes;
	time_t		 stamp;		/* DTSTAMP: when the file is made */
	const char	*summary;
	const char	*description;
	const char	*location;	/* or NULL */
	const char	*url;		/* video link, or NULL */
	const char	*organizer_name;
	const char	*organizer_email;
	const struct mt_attendee *attendees;
	size_t		 nattendees;
};

/* Escapes TEXT (backslash, semicolon, comma, line breaks). Pool memory. */
char	*mt_ics_escape(struct at_pool *, const char *);
/* A growing text buffer (malloc'd; mt_ics_calendar copies it out). */
struct mt_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};
/*
 * Appends one content line, folded at 75 octets without splitting a
 * UTF-8 sequence, ending in CRLF.
 */
void	 mt_ics_line(struct mt_buf *, const char *line);
/*
 * A whole calendar: method "PUBLISH" (or "CANCEL" when every event is
 * cancelled), one VTIMEZONE for the process's zone (TZ) covering the
 * events' years, then the events with TZID-qualified times.
 */
char	*mt_ics_calendar(struct at_pool *, const char *prodid,
	    const char *method, const struct mt_event *, size_t);

#endif
