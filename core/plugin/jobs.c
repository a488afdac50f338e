/*
 * Scheduled jobs (include/atrium/jobs.h): the jobs modules register, and
 * the runner behind "atriumctl jobs run" and "atriumctl jobs list".
 *
 * One runner at a time per job, across processes and hosts that share
 * the database: the runner takes the job's named lock (GET_LOCK, held
 * by its connection, so a runner that dies lets go of it) without
 * waiting, and a job another runner holds is skipped.  Holding the lock,
 * it reads the job's row again and runs the job only if it is still due,
 * so a second runner that gets the lock just after the first let go
 * does not run the job again.  Times come from the database's clock.
 *
 * Table (install/schema/core/005_events_jobs.sql): jobs (name, last_start,
 * last_end, last_error, next_run, failures, runs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "plugin/jobs.h"

#define JOB_SLACK_MAX	30	/* seconds a job may run early */
#define JOB_RETRY	60	/* first delay after a failure */

struct job {
	char		*name;		/* "module.name" */
	char		*module;
	unsigned int	 interval;
	at_job_fn	 fn;
};

static struct job	*jobs;
static size_t		 njobs;

/* See jobs.h. */
void
at_reg_job(struct at_registry *reg, const char *name, unsigned int interval,
    at_job_fn fn)
{
	struct job	*j;
	const char	*mod = at_reg_name(reg);
	char		 full[160];
	size_t		 n;

	n = name != NULL ? strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") : 0;
	if (name == NULL || n == 0 || name[n] != '\0' || n > 64 ||
	    fn == NULL) {
		log_warn("module %s: job '%s' refused: its name must be "
		    "[a-z0-9_-]+ with a function", mod,
		    name != NULL ? name : "");
		return;
	}
	snprintf(full, sizeof(full), "%s.%s", mod, name);
	if ((j = reallocarray(jobs, njobs + 1, sizeof(*jobs))) == NULL)
		abort();
	jobs = j;
	j = &jobs[njobs++];
	if ((j->name = strdup(full)) == NULL ||
	    (j->module = strdup(mod)) == NULL)
		abort();
	j->interval = interval;
	j->fn = fn;
}

/* See plugin/jobs.h. */
void
at_jobs_reg_free(void)
{
	size_t	 i;

	for (i = 0; i < njobs; i++) {
		free(jobs[i].name);
		free(jobs[i].module);
	}
	free(jobs);
	jobs = NULL;
	njobs = 0;
}

/* See plugin/jobs.h. */
int
at_job_due(time_t now, time_t next, unsigned int interval)
{
	time_t	 slack;

	if (next <= 0)
		return 1;
	slack = interval / 10;
	if (slack > JOB_SLACK_MAX)
		slack = JOB_SLACK_MAX;
	return now >= next - slack;
}

/* See plugin/jobs.h. */
time_t
at_job_next(unsigned int interval, time_t started, time_t ended,
    unsigned int failures)
{
	time_t	 next, cap;

	cap = started + (time_t)interval;
	if (failures == 0 || interval == 0)
		return cap;
	next = ended + (time_t)at_event_backoff(JOB_RETRY, failures);
	return interval != 0 && next > cap ? cap : next;
}

/* The job in service called name, or NULL. */
static const struct job *
job_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < njobs; i++)
		if (strcmp(jobs[i].name, name) == 0 &&
		    at_plugin_loaded(jobs[i].module))
			return &jobs[i];
	return NULL;
}

/* The database's clock, or -1. */
static time_t
job_clock(struct at_db *db, struct at_pool *pool)
{
	struct at_rows	*r;

	r = at_db_select(db, pool, "SELECT UNIX_TIMESTAMP() AS now", "");
	return r == NULL || r->n == 0 ? -1 : (time_t)at_row_int(r, 0, "now",
	    -1);
}

/* SQL: the name of job ?'s lock, unique per database (64 bytes at most). */
#define JOB_LOCK "CONCAT('atrium-job-', SHA1(CONCAT(DATABASE(), '/', ?)))"

/*
 * Runs job j if it is due (or forced) and no other runner holds it.
 * Returns 1 when it ran and failed (*why set), 0 otherwise, -1 when the
 * database failed.
 */
static int
job_run_one(const struct at_site *site, struct at_db *db,
    struct at_pool *pool, const struct job *j, int forced, const char **why)
{
	struct at_job_ctx ctx;
	struct at_rows	*r;
	time_t		 now, next, end;
	unsigned int	 failures;
	const char	*errstr = NULL;
	int		 rc;

	if (at_db_exec(db, "INSERT IGNORE INTO jobs (name) VALUES (?)", "s",
	    j->name) == -1)
		return -1;
	r = at_db_select(db, pool, "SELECT GET_LOCK(" JOB_LOCK ", 0) AS got",
	    "s", j->name);
	if (r == NULL || r->n == 0 || at_row(r, 0, "got") == NULL)
		return -1;
	if (at_row_int(r, 0, "got", 0) != 1)
		return 0;	/* running elsewhere */
	r = at_db_select(db, pool, "SELECT UNIX_TIMESTAMP() AS now, "
	    "UNIX_TIMESTAMP(next_run) AS next, failures FROM jobs WHERE "
	    "name = ?", "s", j->name);
	if (r == NULL || r->n == 0) {
		rc = -1;
		goto done;
	}
	now = (time_t)at_row_int(r, 0, "now", 0);
	next = (time_t)at_row_int(r, 0, "next", 0);
	failures = (unsigned int)at_row_int(r, 0, "failures", 0);
	if (!forced && !at_job_due(now, next, j->interval)) {
		rc = 0;
		goto done;
	}
	if (at_db_exec(db, "UPDATE jobs SET last_start = FROM_UNIXTIME(?) "
	    "WHERE name = ?", "Is", (long long)now, j->name) == -1) {
		rc = -1;
		goto done;
	}

	memset(&ctx, 0, sizeof(ctx));
	ctx.site = site;
	ctx.db = db;
	ctx.pool = at_pool_new();
	ctx.now = now;
	ctx.job = j->name;
	rc = j->fn(&ctx, &errstr);
	if (rc != 0 && errstr == NULL)
		errstr = "the job failed without a reason";
	*why = errstr != NULL ? at_pstrdup(pool, errstr) : NULL;
	at_pool_free(ctx.pool);
	/* A job that lost the connection loses the lock with it. */
	if (at_db_gone(db) && at_db_ensure(db) == -1)
		return -1;

	if ((end = job_clock(db, pool)) == -1)
		end = now;
	failures = rc == 0 ? 0 : failures + 1;
	next = at_job_next(j->interval, now, end, failures);
	if (at_db_exec(db, "UPDATE jobs SET last_end = FROM_UNIXTIME(?), "
	    "last_error = LEFT(?, 500), failures = ?, runs = runs + 1, "
	    "next_run = FROM_UNIXTIME(?) WHERE name = ?", "IsiIs",
	    (long long)end, rc == 0 ? NULL : *why, (int)failures,
	    (long long)next, j->name) == -1) {
		rc = -1;
		goto done;
	}
	rc = rc == 0 ? 0 : 1;
done:
	at_db_select(db, pool, "SELECT RELEASE_LOCK(" JOB_LOCK ") AS r", "s",
	    j->name);
	return rc;
}

/* See plugin/jobs.h. */
int
at_jobs_run(const struct at_site *site, struct at_db *db,
    const char *const *names, int nnames,
    void (*err)(const char *, const char *))
{
	struct at_pool	*pool;
	const struct job *j;
	const char	*why;
	size_t		 i;
	int		 k, rc, failed = 0;

	for (k = 0; k < nnames; k++)
		if (job_find(names[k]) == NULL) {
			err(names[k], "no such job (see atriumctl jobs list)");
			return -1;
		}
	pool = at_pool_new();
	for (i = 0; i < njobs; i++) {
		j = &jobs[i];
		if (!at_plugin_loaded(j->module))
			continue;
		if (nnames > 0) {
			for (k = 0; k < nnames; k++)
				if (strcmp(names[k], j->name) == 0)
					break;
			if (k == nnames)
				continue;
		}
		why = NULL;
		rc = job_run_one(site, db, pool, j, nnames > 0, &why);
		if (rc == -1) {
			err(j->name, "the database failed (see the log line "
			    "above)");
			failed = -1;
			break;
		}
		if (rc == 1) {
			err(j->name, why);
			failed++;
		}
		at_pool_reset(pool);
	}
	at_pool_free(pool);
	return failed;
}

/* A database time as local "YYYY-MM-DD HH:MM:SS" into buf, or def. */
static const char *
job_local(char *buf, size_t sz, const char *utc, const char *def)
{
	struct tm	 tm;
	time_t		 t;

	if (utc == NULL || (t = at_time_parse_utc(utc)) == -1)
		return def;
	localtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

/* An interval as "every run", "90s", "15m", "1h", "1d". */
static const char *
job_every(char *buf, size_t sz, unsigned int s)
{
	if (s == 0)
		snprintf(buf, sz, "each run");
	else if (s % 86400 == 0)
		snprintf(buf, sz, "%ud", s / 86400);
	else if (s % 3600 == 0)
		snprintf(buf, sz, "%uh", s / 3600);
	else if (s % 60 == 0)
		snprintf(buf, sz, "%um", s / 60);
	else
		snprintf(buf, sz, "%us", s);
	return buf;
}

/* See plugin/jobs.h. */
int
at_jobs_list(struct at_db *db, FILE *out)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	const struct job *j;
	const char	*next, *err;
	char		 b1[32], b2[32], b3[32];
	size_t		 i, k;

	pool = at_pool_new();
	fprintf(out, "%-24s %-9s %-19s  %-19s  %s\n", "JOB", "EVERY",
	    "LAST RUN", "NEXT RUN", "LAST ERROR");
	for (i = 0; i < njobs; i++) {
		j = &jobs[i];
		if (!at_plugin_loaded(j->module))
			continue;
		r = at_db_select(db, pool, "SELECT last_start, next_run, "
		    "last_error, next_run <= UTC_TIMESTAMP() AS due, "
		    "IS_USED_LOCK(" JOB_LOCK ") IS NOT NULL AS running FROM "
		    "jobs WHERE name = ?", "ss", j->name, j->name);
		if (r == NULL) {
			at_pool_free(pool);
			return -1;
		}
		k = 0;
		if (r->n == 0)
			next = "at the next run";
		else if (at_row_int(r, k, "running", 0) == 1)
			next = "running now";
		else if (at_row(r, k, "next_run") == NULL ||
		    at_row_int(r, k, "due", 0) == 1)
			next = "at the next run";
		else
			next = job_local(b2, sizeof(b2), at_row(r, k,
			    "next_run"), "-");
		err = r->n == 0 ? NULL : at_row(r, k, "last_error");
		fprintf(out, "%-24s %-9s %-19s  %-19s  %s\n", j->name,
		    job_every(b3, sizeof(b3), j->interval),
		    r->n == 0 ? "never" : job_local(b1, sizeof(b1),
		    at_row(r, k, "last_start"), "never"), next,
		    err != NULL ? err : "-");
	}
	at_pool_free(pool);
	return 0;
}
