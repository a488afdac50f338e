/*
 * Logging to stderr (which the web server or the master collects) or to
 * syslog.  A message never reaches a client: handlers log the detail with
 * log_incident() and show the returned id on a clean error page.
 */
#ifndef ATRIUM_LOG_H
#define ATRIUM_LOG_H

#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/* ident: program name; to_syslog: 0 writes to stderr.  debug: log_debug on. */
void	 at_log_init(const char *ident, int to_syslog, int debug);
/* 1: log_info writes nothing (cron runs say only what needs a person). */
void	 at_log_quiet(int);

void	 log_crit(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Logs a warning prefixed with a new random incident id and returns the
 * id (allocated from the pool) for the error page.
 */
const char *log_incident(struct at_pool *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

AT_API_END

#endif
