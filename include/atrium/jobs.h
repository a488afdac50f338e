/*
 * Scheduled jobs.  A module registers a job (a name, an interval in
 * seconds, a function) from its init; "atriumctl jobs run", run every
 * minute by cron or the systemd timer, runs each job that is due.  A job
 * runs on one runner at a time across every host sharing the database
 * (a database lock per job), and the jobs table keeps its last run, next
 * run and last error ("atriumctl jobs list").
 *
 * A job gets a job context, not a request: the site's config, the
 * database connection (at_mail_queue() and at_publish() take it), a pool
 * for its allocations (reset after the job) and the database's clock.
 */
#ifndef ATRIUM_JOBS_H
#define ATRIUM_JOBS_H

#include <time.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_registry;
struct at_site;
struct at_db;
struct at_pool;

struct at_job_ctx {
	const struct at_site *site;	/* config: mail settings, paths */
	struct at_db	*db;		/* mail: at_mail_queue(ctx->db, ...) */
	struct at_pool	*pool;		/* freed when the job returns */
	time_t		 now;		/* the database's clock at the start */
	const char	*job;		/* "module.name", or the subscriber */
};

/*
 * A job: returns 0, or -1 with *errstr set to a one-line reason (static
 * or in ctx->pool); the reason is kept as the job's last error.
 */
typedef int	(*at_job_fn)(struct at_job_ctx *, const char **errstr);

/*
 * Registers the job "MODULE.name" run every interval seconds (0: every
 * time the runner runs, that is every minute).  A failed job is tried
 * again after a growing delay (1, 2, 4... minutes, never later than its
 * interval: a job of each run, at the next run).  name: [a-z0-9_-]+.
 */
void	 at_reg_job(struct at_registry *, const char *name,
	    unsigned int interval, at_job_fn);

AT_API_END

#endif
