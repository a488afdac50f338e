/*
 * Logging (include/atrium/log.h): one line per message on stderr, with the
 * time and the process id, or to syslog.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <atrium/log.h>
#include <atrium/pool.h>

static const char	*log_ident = "atrium";
static int		 log_syslog;
static int		 log_verbose;
static int		 log_quiet;

/* Sets where messages go; safe to call again (after fork, on reload). */
void
at_log_init(const char *ident, int to_syslog, int debug)
{
	log_ident = ident;
	log_syslog = to_syslog;
	log_verbose = debug;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* Writes one message at priority pri. */
static void
log_vwrite(int pri, const char *level, const char *fmt, va_list ap)
{
	char		 msg[2048], when[32];
	struct tm	 tm;
	time_t		 now;
	size_t		 i;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One line per message, whatever the text held. */
	for (i = 0; msg[i] != '\0'; i++)
		if (msg[i] == '\n' || msg[i] == '\r')
			msg[i] = ' ';
	if (log_syslog) {
		syslog(pri, "%s", msg);
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s[%ld] %s: %s\n", when, log_ident,
	    (long)getpid(), level, msg);
	fflush(stderr);
}

/* Something is badly wrong: the process is about to give up. */
void
log_crit(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, "crit", fmt, ap);
	va_end(ap);
}

/* Something failed and was handled. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, "warn", fmt, ap);
	va_end(ap);
}

/* See log.h. */
void
at_log_quiet(int quiet)
{
	log_quiet = quiet;
}

/* Normal but worth a line: start, stop, reload. */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_INFO, "info", fmt, ap);
	va_end(ap);
}

/* Only with site.debug. */
void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, "debug", fmt, ap);
	va_end(ap);
}

/*
 * Logs a warning under a new incident id (8 hex digits) and returns the
 * id from the pool, for the error page to show.
 */
const char *
log_incident(struct at_pool *pool, const char *fmt, ...)
{
	va_list		 ap;
	char		 msg[2048];
	uint32_t	 id;

	id = randombytes_random();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warn("incident %08x: %s", id, msg);
	return at_pprintf(pool, "%08x", id);
}
