/*
 * Durable events and scheduled jobs as the rest of the core sees them
 * (the public side is include/atrium/events.h and jobs.h).  Modules and
 * plugins never include this file.
 */
#ifndef ATRIUM_CORE_JOBS_H
#define ATRIUM_CORE_JOBS_H

#include <stdio.h>
#include <time.h>

#include <atrium/atrium.h>

/* ---- plugin/events.c ---- */

/* Forgets every durable subscriber (the registry is being rebuilt). */
void	 at_events_reg_free(void);
/*
 * In a worker after the response: delivers the events the request
 * published (their first attempt).  Nothing when it published none.
 */
void	 at_events_after_request(const struct at_site *, struct at_db *);
/*
 * Delivers up to max due deliveries (of event_id only, when not 0).
 * Returns the number that failed this time (0: all went well), or -1
 * with *errstr set when the database failed.
 */
int	 at_events_deliver(struct at_job_ctx *, long long event_id, int max,
	    const char **errstr);
/*
 * Seconds to wait after the n-th failure (n >= 1) with a first delay of
 * base (0: the default): base, 2 base, 4 base ... at most six hours.
 */
unsigned int at_event_backoff(unsigned int base, unsigned int n);
/* Whether event name matches a subscriber's pattern (a shell glob). */
int	 at_event_matches(const char *pattern, const char *name);
/* The module that owns the events page and the delivery job. */
extern const struct at_plugin at_mod_events;

/* ---- plugin/jobs.c ---- */

/* Forgets every registered job (the registry is being rebuilt). */
void	 at_jobs_reg_free(void);
/*
 * Runs the jobs in service: the due ones, or with names (nnames > 0)
 * those named, due or not.  A job another runner holds is skipped
 * quietly.  err (job, reason) is called for each failure.  Returns the
 * number of failed jobs, or -1 when a name is unknown (err called) or
 * the database failed.
 */
AT_API int	 at_jobs_run(const struct at_site *, struct at_db *,
	    const char *const *names, int nnames,
	    void (*err)(const char *, const char *));
/* Prints every job: interval, last run, next run, last error; 0 or -1. */
AT_API int	 at_jobs_list(struct at_db *, FILE *);
/*
 * Whether a job of interval seconds whose next run is next (0: it never
 * ran) is due at now.  Runners start on the minute and take a moment to
 * get there, so a job is due up to a tenth of its interval (at most 30
 * seconds) early.
 */
int	 at_job_due(time_t now, time_t next, unsigned int interval);
/*
 * The next run of a job of interval seconds that started at started and
 * ended at ended: started + interval after a success; after its n-th
 * failure in a row (failures >= 1) ended + at_event_backoff(60, n), but
 * never later than started + interval (so a job of each run is tried
 * again at the next run: it has no other way to report again).
 */
time_t	 at_job_next(unsigned int interval, time_t started, time_t ended,
	    unsigned int failures);

/* ---- mail/outbox.c ---- */

/* The module that owns the mail delivery job ("mail.send"). */
extern const struct at_plugin at_mod_mail;

#endif
