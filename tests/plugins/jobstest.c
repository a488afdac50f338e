/*
 * A plugin for the end-to-end suite of durable events and scheduled jobs
 * (tests/http/check_jobs.c).  It registers:
 *
 * - POST /jobstest/publish (staff; fields kind, rollback): publishes
 *   "jobstest.KIND" with a payload in a transaction, commits it (or
 *   rolls it back with rollback=1) and answers "event ID" as text;
 * - the durable subscriber "jobstest.flaky" (events jobstest.flaky),
 *   which fails its first two attempts of each event and then records
 *   the event once (jobstest_received, keyed by the event id);
 * - the durable subscriber "jobstest.poison" (events jobstest.poison),
 *   which always fails and is parked after three attempts;
 * - the job "jobstest.slow" (daily), which records its run and takes
 *   three seconds;
 * - the job "jobstest.check" (daily), which fails while the row
 *   ("fail", 1) is in jobstest_flags.
 *
 * Every attempt is recorded in jobstest_attempts.  The retry delay is the
 * option "backoff" of its config section (plugin jobstest { backoff = 1 }),
 * one second when not set, so the suite need not wait minutes.
 */
#include <string.h>
#include <unistd.h>

#include <atrium/atrium.h>

static cfg_opt_t jobstest_opts[] = {
	CFG_INT("backoff", 1, CFGF_NONE),
	CFG_END()
};

/* Records an attempt of subscriber sub at event id; returns the count. */
static long long
jt_attempt(struct at_job_ctx *ctx, long long id, const char *sub)
{
	struct at_rows	*r;

	if (at_db_exec(ctx->db, "INSERT INTO jobstest_attempts (event_id, "
	    "subscriber, at) VALUES (?, ?, UTC_TIMESTAMP())", "Is", id,
	    sub) == -1)
		return -1;
	r = at_db_select(ctx->db, ctx->pool, "SELECT COUNT(*) AS n FROM "
	    "jobstest_attempts WHERE event_id = ? AND subscriber = ?", "Is",
	    id, sub);
	return r == NULL ? -1 : at_row_int(r, 0, "n", -1);
}

/* Subscriber "flaky": fails twice per event, then records it once. */
static int
jt_flaky(struct at_job_ctx *ctx, long long id, const char *event,
    const char *payload, const char **errstr)
{
	long long	 n;

	(void)event;
	if ((n = jt_attempt(ctx, id, "flaky")) == -1) {
		*errstr = "cannot record the attempt";
		return -1;
	}
	if (n <= 2) {
		*errstr = at_pprintf(ctx->pool, "attempt %lld fails on "
		    "purpose", n);
		return -1;
	}
	/* Idempotent: a second delivery of the same id changes nothing. */
	if (at_db_exec(ctx->db, "INSERT IGNORE INTO jobstest_received "
	    "(event_id, payload, at) VALUES (?, ?, UTC_TIMESTAMP())", "Is", id,
	    payload) == -1) {
		*errstr = "cannot record the event";
		return -1;
	}
	return 0;
}

/* Subscriber "poison": never succeeds. */
static int
jt_poison(struct at_job_ctx *ctx, long long id, const char *event,
    const char *payload, const char **errstr)
{
	(void)event;
	(void)payload;
	jt_attempt(ctx, id, "poison");
	*errstr = "this subscriber always fails";
	return -1;
}

/* Job "slow": records its run, which takes three seconds. */
static int
jt_slow(struct at_job_ctx *ctx, const char **errstr)
{
	long long	 id;

	if (at_db_exec(ctx->db, "INSERT INTO jobstest_runs (job, started) "
	    "VALUES ('slow', UTC_TIMESTAMP())", "") == -1) {
		*errstr = "cannot record the run";
		return -1;
	}
	id = at_db_insert_id(ctx->db);
	sleep(3);	/* long enough for a second runner to arrive */
	at_db_exec(ctx->db, "UPDATE jobstest_runs SET ended = "
	    "UTC_TIMESTAMP() WHERE id = ?", "I", id);
	return 0;
}

/* Job "check": fails while the test asks it to. */
static int
jt_check(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;

	r = at_db_select(ctx->db, ctx->pool, "SELECT value FROM "
	    "jobstest_flags WHERE name = 'fail'", "");
	if (r == NULL) {
		*errstr = "cannot read the flags";
		return -1;
	}
	if (r->n > 0 && at_row_int(r, 0, "value", 0) == 1) {
		*errstr = "the test asked this job to fail";
		return -1;
	}
	return 0;
}

/* POST /jobstest/publish (staff): see the top of this file. */
static int
jt_publish(struct at_req *req)
{
	const char	*kind = at_form(req, "kind");
	const char	*rb = at_form(req, "rollback");
	char		 name[64];
	const char	*body;
	long long	 id;

	if (at_form_errors(req) > 0 || kind == NULL || strlen(kind) > 32)
		return 400;
	snprintf(name, sizeof(name), "jobstest.%s", kind);
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	id = at_publish(at_req_db(req), name, at_pprintf(at_req_pool(req),
	    "kind=%s\nby=%lld", kind, at_user_id(at_req_user(req))));
	if (id == -1 || (rb != NULL && strcmp(rb, "1") == 0)) {
		at_db_rollback(at_req_db(req));
		if (id == -1)
			return 400;
		body = "rolled back\n";
	} else {
		if (at_db_commit(at_req_db(req)) == -1)
			return 500;
		body = at_pprintf(at_req_pool(req), "event %lld\n", id);
	}
	return at_send(req, 200, "text/plain; charset=utf-8", body,
	    strlen(body));
}

static const struct at_field jt_fields[] = {
	{ "kind", at_v_line, AT_F_REQUIRED, 32, "Kind" },
	{ "rollback", at_v_bool, 0, 0, "Roll back" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route jt_routes[] = {
	{ AT_POST, "/jobstest/publish", AT_STAFF, jt_publish, jt_fields,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static int
jt_init(struct at_registry *reg, const char **errstr)
{
	cfg_t		*cfg = at_reg_config(reg);
	unsigned int	 backoff = 1;

	(void)errstr;
	if (cfg != NULL && cfg_getint(cfg, "backoff") > 0)
		backoff = (unsigned int)cfg_getint(cfg, "backoff");
	at_reg_routes(reg, jt_routes);
	at_reg_subscriber(reg, "flaky", "jobstest.flaky", jt_flaky, backoff,
	    0);
	at_reg_subscriber(reg, "poison", "jobstest.poison", jt_poison,
	    backoff, 3);
	at_reg_job(reg, "slow", 86400, jt_slow);
	at_reg_job(reg, "check", 86400, jt_check);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "jobstest",
	.version = "1.0",
	.summary = "Durable events and jobs under test",
	.options = jobstest_opts,
	.init = jt_init,
};
