/*
 * Durable events (include/atrium/events.h): durable subscribers as the
 * registry keeps them, at_publish(), the deliveries and their retries,
 * and the module "events" that owns the admins' page of parked
 * deliveries (GET /staff/events, POST /staff/events/:id/retry) and the
 * job that delivers what is due ("events.deliver", every run).
 *
 * Tables (install/schema/core/005_events_jobs.sql): events (id, name,
 * payload) and event_deliveries, one row per event and subscriber with
 * its state (pending, done, parked), attempts, next attempt, last error
 * and a lease: a runner claims a delivery by writing a random lease and
 * its end, so the worker after a response and the job never run the
 * same delivery at once.  A subscriber that outlives its lease (five
 * minutes) may be run again: delivery is at least once.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "plugin/jobs.h"

#define EV_BACKOFF	60		/* seconds before the first retry */
#define EV_BACKOFF_MAX	(6 * 3600)
#define EV_ATTEMPTS	10		/* failures before parking */
#define EV_LEASE	300		/* seconds a claim lasts */
#define EV_BATCH	200		/* deliveries per job run */
#define EV_AFTER_MAX	32		/* events remembered per request */
#define EV_PAGE_MAX	200		/* parked deliveries on the page */

struct ev_sub {
	char		*key;		/* "module.name" */
	char		*module;
	const char	*pattern;
	at_subscriber_fn fn;
	unsigned int	 backoff;
	unsigned int	 max_attempts;
};

static struct ev_sub	*subs;
static size_t		 nsubs;
static long long	 after_ids[EV_AFTER_MAX];
static size_t		 nafter;

/* strdup or abort: registrations are process-lifetime memory. */
static char *
ev_strdup(const char *s)
{
	char	*d;

	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* Whether s is a name: [a-z0-9_.-]+, at most max bytes. */
static int
ev_name_ok(const char *s, size_t max)
{
	size_t	 n;

	if (s == NULL || *s == '\0' || strlen(s) > max)
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-");
	return s[n] == '\0';
}

/* See events.h. */
void
at_reg_subscriber(struct at_registry *reg, const char *name,
    const char *pattern, at_subscriber_fn fn, unsigned int backoff,
    unsigned int max_attempts)
{
	struct ev_sub	*s;
	const char	*mod = at_reg_name(reg);
	char		 key[160];

	if (!ev_name_ok(name, 64) || pattern == NULL || fn == NULL) {
		log_warn("module %s: durable subscriber '%s' refused: its name "
		    "must be [a-z0-9_.-]+ with a pattern and a function", mod,
		    name != NULL ? name : "");
		return;
	}
	snprintf(key, sizeof(key), "%s.%s", mod, name);
	if ((s = reallocarray(subs, nsubs + 1, sizeof(*subs))) == NULL)
		abort();
	subs = s;
	s = &subs[nsubs++];
	s->key = ev_strdup(key);
	s->module = ev_strdup(mod);
	s->pattern = pattern;
	s->fn = fn;
	s->backoff = backoff;
	s->max_attempts = max_attempts != 0 ? max_attempts : EV_ATTEMPTS;
}

/* See plugin/jobs.h. */
void
at_events_reg_free(void)
{
	size_t	 i;

	for (i = 0; i < nsubs; i++) {
		free(subs[i].key);
		free(subs[i].module);
	}
	free(subs);
	subs = NULL;
	nsubs = 0;
}

/* The subscriber in service known as key, or NULL. */
static const struct ev_sub *
ev_sub_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < nsubs; i++)
		if (strcmp(subs[i].key, key) == 0 &&
		    at_plugin_loaded(subs[i].module))
			return &subs[i];
	return NULL;
}

/* See plugin/jobs.h. */
int
at_event_matches(const char *pattern, const char *name)
{
	return fnmatch(pattern, name, 0) == 0;
}

/* See plugin/jobs.h. */
unsigned int
at_event_backoff(unsigned int base, unsigned int n)
{
	unsigned long long d;

	if (base == 0)
		base = EV_BACKOFF;
	if (n == 0)
		n = 1;
	if (n > 30)
		return EV_BACKOFF_MAX;
	d = (unsigned long long)base << (n - 1);
	return d > EV_BACKOFF_MAX ? EV_BACKOFF_MAX : (unsigned int)d;
}

/* See events.h. */
int
at_payload_check(const char *p)
{
	size_t	 n;

	if (p == NULL)
		return 0;
	if (strlen(p) > AT_EVENT_PAYLOAD_MAX)
		return -1;
	while (*p != '\0') {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_.-");
		if (n == 0 || p[n] != '=')
			return -1;
		p += n + 1;
		n = strcspn(p, "\r\n");
		p += n;
		if (*p == '\r')
			return -1;
		if (*p == '\n')
			p++;
	}
	return 0;
}

/* See events.h. */
char *
at_payload_get(struct at_pool *pool, const char *p, const char *key)
{
	size_t	 klen, n;

	if (p == NULL || key == NULL)
		return NULL;
	klen = strlen(key);
	while (*p != '\0') {
		n = strcspn(p, "\n");
		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=')
			return at_pstrndup(pool, p + klen + 1, n - klen - 1);
		p += n;
		if (*p == '\n')
			p++;
	}
	return NULL;
}

/* Remembers an event for delivery after this request's response. */
static void
ev_after_add(long long id)
{
	if (nafter < EV_AFTER_MAX)
		after_ids[nafter++] = id;
}

/* See events.h. */
long long
at_publish(struct at_db *db, const char *name, const char *payload)
{
	long long	 id;
	size_t		 i;

	if (!ev_name_ok(name, 100) || at_payload_check(payload) == -1) {
		log_warn("%s: refused event '%s': malformed name or payload",
		    __func__, name != NULL ? name : "");
		return -1;
	}
	if (at_db_exec(db, "INSERT INTO events (name, payload, created_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", "ss", name,
	    payload != NULL ? payload : "") == -1)
		return -1;
	if ((id = at_db_insert_id(db)) <= 0)
		return -1;
	for (i = 0; i < nsubs; i++) {
		if (!at_plugin_loaded(subs[i].module) ||
		    !at_event_matches(subs[i].pattern, name))
			continue;
		if (at_db_exec(db, "INSERT INTO event_deliveries (event_id, "
		    "subscriber, next_at) VALUES (?, ?, UTC_TIMESTAMP())", "Is",
		    id, subs[i].key) == -1)
			return -1;
	}
	ev_after_add(id);
	return id;
}

/*
 * Runs one claimed delivery of row r and records how it went.  Returns 1
 * when it was parked now, 0 otherwise, -1 when the database failed.
 */
static int
ev_run_one(struct at_job_ctx *ctx, const struct ev_sub *s,
    const struct at_rows *r, size_t i, const char *lease)
{
	const char	*errstr = NULL, *job = ctx->job;
	long long	 id = at_row_int(r, i, "event_id", 0);
	unsigned int	 n;
	int		 rc;

	ctx->job = s->key;
	rc = s->fn(ctx, id, at_row(r, i, "name"), at_row(r, i, "payload"),
	    &errstr);
	ctx->job = job;
	if (at_db_gone(ctx->db) && at_db_ensure(ctx->db) == -1)
		return -1;
	if (rc == 0)
		return at_db_exec(ctx->db, "UPDATE event_deliveries SET "
		    "state = 'done', attempts = attempts + 1, done_at = "
		    "UTC_TIMESTAMP(), lease = NULL, lease_until = NULL, "
		    "last_error = NULL WHERE event_id = ? AND subscriber = ? "
		    "AND lease = ?", "Iss", id, s->key, lease) == -1 ? -1 : 0;
	if (errstr == NULL)
		errstr = "the subscriber failed without a reason";
	n = (unsigned int)at_row_int(r, i, "attempts", 0) + 1;
	if (n >= s->max_attempts) {
		log_warn("event %lld (%s) to %s parked after %u attempts: %s",
		    id, at_row(r, i, "name"), s->key, n, errstr);
		return at_db_exec(ctx->db, "UPDATE event_deliveries SET "
		    "state = 'parked', attempts = attempts + 1, lease = NULL, "
		    "lease_until = NULL, last_error = LEFT(?, 500) WHERE "
		    "event_id = ? AND subscriber = ? AND lease = ?", "sIss",
		    errstr, id, s->key, lease) == -1 ? -1 : 1;
	}
	log_info("event %lld (%s) to %s: attempt %u failed: %s", id,
	    at_row(r, i, "name"), s->key, n, errstr);
	return at_db_exec(ctx->db, "UPDATE event_deliveries SET attempts = "
	    "attempts + 1, lease = NULL, lease_until = NULL, last_error = "
	    "LEFT(?, 500), next_at = UTC_TIMESTAMP() + INTERVAL ? SECOND "
	    "WHERE event_id = ? AND subscriber = ? AND lease = ?", "siIss",
	    errstr, (int)at_event_backoff(s->backoff, n), id, s->key,
	    lease) == -1 ? -1 : 0;
}

/* See plugin/jobs.h. */
int
at_events_deliver(struct at_job_ctx *ctx, long long event_id, int max,
    const char **errstr)
{
	struct at_rows	*r;
	const struct ev_sub *s;
	const char	*lease;
	size_t		 i;
	long long	 n;
	int		 rc, parked = 0;

	r = at_db_select(ctx->db, ctx->pool, "SELECT d.event_id, "
	    "d.subscriber, d.attempts, e.name, e.payload FROM "
	    "event_deliveries d JOIN events e ON e.id = d.event_id WHERE "
	    "d.state = 'pending' AND d.next_at <= UTC_TIMESTAMP() AND "
	    "(d.lease_until IS NULL OR d.lease_until < UTC_TIMESTAMP()) AND "
	    "(? = 0 OR d.event_id = ?) ORDER BY d.next_at, d.event_id "
	    "LIMIT ?", "IIi", event_id, event_id, max);
	if (r == NULL) {
		*errstr = "cannot read the deliveries (see the log)";
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		/* A subscriber not loaded here waits for a runner with it. */
		if ((s = ev_sub_find(at_row(r, i, "subscriber"))) == NULL)
			continue;
		lease = at_token(ctx->pool, 16);
		n = at_db_exec(ctx->db, "UPDATE event_deliveries SET "
		    "lease = ?, lease_until = UTC_TIMESTAMP() + INTERVAL ? "
		    "SECOND WHERE event_id = ? AND subscriber = ? AND state = "
		    "'pending' AND attempts = ? AND (lease_until IS NULL OR "
		    "lease_until < UTC_TIMESTAMP())", "siIss", lease, EV_LEASE,
		    at_row_int(r, i, "event_id", 0), s->key,
		    at_row(r, i, "attempts"));
		if (n == -1) {
			*errstr = "cannot claim a delivery (see the log)";
			return -1;
		}
		if (n == 0)
			continue;	/* another runner has it */
		if ((rc = ev_run_one(ctx, s, r, i, lease)) == -1) {
			*errstr = "cannot record a delivery (see the log)";
			return -1;
		}
		parked += rc;
	}
	return parked;
}

/* See plugin/jobs.h. */
void
at_events_after_request(const struct at_site *site, struct at_db *db)
{
	struct at_job_ctx ctx;
	const char	*errstr = NULL;
	size_t		 i, n = nafter;

	if (n == 0)
		return;
	nafter = 0;
	if (at_db_gone(db))
		return;		/* the job will deliver them */
	memset(&ctx, 0, sizeof(ctx));
	ctx.site = site;
	ctx.db = db;
	ctx.pool = at_pool_new();
	ctx.now = time(NULL);
	ctx.job = "events.after-response";
	for (i = 0; i < n; i++)
		if (at_events_deliver(&ctx, after_ids[i], EV_AFTER_MAX,
		    &errstr) == -1)
			break;
	at_pool_free(ctx.pool);
}

/* The job "events.deliver": every due delivery, EV_BATCH at a time. */
static int
ev_job(struct at_job_ctx *ctx, const char **errstr)
{
	int	 n;

	nafter = 0;	/* this run delivers them */
	if ((n = at_events_deliver(ctx, 0, EV_BATCH, errstr)) == -1)
		return -1;
	if (n > 0) {
		*errstr = at_pprintf(ctx->pool, "%d event deliver%s parked "
		    "after failing too often; see /staff/events", n,
		    n == 1 ? "y was" : "ies were");
		return -1;
	}
	return 0;
}

/*
 * GET /staff/events (admins): the parked deliveries, newest first, and
 * how many wait.  Adds <events pending="N" parked="N"> with one
 * <delivery> (event_id, name, payload, subscriber, attempts, last_error,
 * created, parked) per parked delivery.
 */
static int
h_events(struct at_req *req)
{
	struct at_rows	*r, *c;
	xmlNodePtr	 ev, d;
	size_t		 i;

	c = at_db_select(req->db, req->pool, "SELECT SUM(state = 'pending') "
	    "AS pending, SUM(state = 'parked') AS parked FROM "
	    "event_deliveries WHERE state <> 'done'", "");
	r = at_db_select(req->db, req->pool, "SELECT d.event_id, e.name, "
	    "e.payload, d.subscriber, d.attempts, d.last_error, e.created_at "
	    "FROM event_deliveries d JOIN events e ON e.id = d.event_id "
	    "WHERE d.state = 'parked' ORDER BY d.event_id DESC LIMIT ?", "i",
	    EV_PAGE_MAX);
	if (r == NULL || c == NULL)
		return 500;
	at_page_id(req, "staff-events");
	at_page_title(req, "Events");
	ev = at_x(at_page_content(req), "events", NULL);
	at_xaf(ev, "pending", "%lld", at_row_int(c, 0, "pending", 0));
	at_xaf(ev, "parked", "%lld", at_row_int(c, 0, "parked", 0));
	for (i = 0; i < r->n; i++) {
		d = at_x_row(ev, "delivery", r, i);
		at_x(d, "created_local", at_time_local(req->pool,
		    at_row(r, i, "created_at")));
	}
	return 200;
}

static const struct at_field f_retry[] = {
	{ "subscriber", NULL, AT_F_REQUIRED, 160, "Subscriber" },
	{ NULL, NULL, 0, 0, NULL }
};

/*
 * POST /staff/events/:id/retry (admins; field subscriber): puts the
 * parked delivery of event :id to subscriber back in the queue with its
 * attempts cleared; the worker tries it right after the response.
 * Redirects to /staff/events with a message.
 */
static int
h_retry(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), n;
	const char	*sub = at_form(req, "subscriber");

	if (id <= 0 || at_form_errors(req) > 0 || sub == NULL)
		return 404;
	n = at_db_exec(req->db, "UPDATE event_deliveries SET state = "
	    "'pending', attempts = 0, next_at = UTC_TIMESTAMP(), lease = NULL, "
	    "lease_until = NULL WHERE event_id = ? AND subscriber = ? AND "
	    "state = 'parked'", "Is", id, sub);
	if (n == -1)
		return 500;
	if (n == 0) {
		at_flash(req, "error", "That delivery is not parked any more.");
		return at_redirect(req, "/staff/events");
	}
	at_activity(req, 0, "retry", "event", id, at_pprintf(req->pool,
	    "Event delivery to %s sent again", sub), 0);
	ev_after_add(id);
	at_flash(req, "ok", "The delivery is queued again.");
	return at_redirect(req, "/staff/events");
}

static const struct at_route ev_routes[] = {
	{ AT_GET, "/staff/events", AT_ADMIN, h_events, NULL, NULL },
	{ AT_POST, "/staff/events/:id/retry", AT_ADMIN, h_retry, f_retry,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the events page, its admin navigation item and the job. */
static int
ev_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, ev_routes);
	at_reg_nav(reg, AT_ADMIN, "Events", "/staff/events", 95);
	at_reg_job(reg, "deliver", 0, ev_job);
	return 0;
}

const struct at_plugin at_mod_events = {
	AT_PLUGIN_HEAD,
	.name = "events",
	.version = PACKAGE_VERSION,
	.summary = "Durable events: delivery, retries, parked deliveries",
	.init = ev_init,
};
