/*
 * One request's path through the core (ARCHITECTURE.md, "The request's
 * path"): parse the head, match the route, load the session (not for a
 * raw-body route), enforce its access rule, the plugin switch and its rate
 * limit, read the body, check the CSRF token and the form fields (not for
 * a raw-body route), run the handler, and write what it described: a
 * page drawn by the skin, a body, a file, a redirect or an error page.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core.h"
#include "notify/notify.h"
#include "serve.h"
#include "plugin/jobs.h"
#include "http/ratelimit.h"

#define SERVE_IDLE_CHECK	5	/* seconds */
#define SERVE_SCHEMA_CHECK	2	/* s between looks while pending */

/* Plain sentences for the error page. */
static const char *
serve_message(int status)
{
	switch (status) {
	case 400:
		return "The request could not be understood.";
	case 403:
		return "You do not have access to this page.";
	case 404:
		return "This page does not exist, or you cannot see it.";
	case 405:
		return "This page does not accept that kind of request.";
	case 413:
		return "What you sent is larger than this site accepts.";
	case 414:
		return "The address is too long.";
	case 415:
		return "The form was sent in a format this page does not "
		    "accept.";
	case 429:
		return "Too many requests. Please wait a moment and try "
		    "again.";
	case 503:
		return "The site cannot reach its database right now. "
		    "Please try again in a moment.";
	default:
		return "Something went wrong on our side. The problem has "
		    "been logged.";
	}
}

/*
 * Writes the response req->resp describes, rendering the page model when
 * no body was given.  A page that cannot be rendered becomes a 500 error
 * page; an error page that cannot be rendered becomes plain text.
 */
static void
serve_finish(struct at_req *req, int status)
{
	const char	*ctype;
	char		*out;
	size_t		 len;
	const char	*incident;

	/* Uploads the handler did not keep are gone before anyone is told. */
	at_uploads_remove(req->form);
	req->resp.status = status;
	if (req->resp.ctype != NULL) {
		at_resp_write(req, req->resp.ctype, req->resp.body,
		    req->resp.bodysz);
		return;
	}
	if (status >= 300 && status < 400) {
		at_resp_write(req, "text/plain; charset=utf-8", "", 0);
		return;
	}
	if (req->page == NULL)
		at_page_new(req);
	at_flash_settle(req);
	if (at_view_render(req, &ctype, &out, &len) == 0) {
		at_resp_write(req, ctype, out, len);
		return;
	}
	if (status < 400) {
		incident = log_incident(req->pool, "%s %s: page cannot be "
		    "rendered", req->method_name, req->path);
		req->resp.status = 500;
		at_view_error(req, 500, serve_message(500), incident);
		if (at_view_render(req, &ctype, &out, &len) == 0) {
			at_resp_write(req, ctype, out, len);
			return;
		}
	}
	out = at_pprintf(req->pool, "%d %s\n", req->resp.status,
	    serve_message(req->resp.status));
	at_resp_write(req, "text/plain; charset=utf-8", out, strlen(out));
}

/* Answers with the error page for status (message NULL: the standard one). */
static void
serve_error(struct at_req *req, int status, const char *msg)
{
	const char	*incident = NULL;

	if (status >= 500 && status != 503)
		incident = log_incident(req->pool, "%s %s: status %d",
		    req->method_name != NULL ? req->method_name : "?",
		    req->path != NULL ? req->path : "?", status);
	/* Drop whatever the handler had set but the cookies. */
	req->resp.ctype = NULL;
	req->resp.body = NULL;
	req->resp.file = NULL;
	if (req->page == NULL)
		at_page_new(req);
	at_view_error(req, status, msg != NULL ? msg :
	    serve_message(status), incident);
	serve_finish(req, status);
}

/* Whether the caller's role is among the route's access bits. */
static int
serve_allowed(const struct at_req *req, unsigned int access)
{
	if (access & AT_ANON)
		return 1;
	if (req->user == NULL)
		return 0;
	switch (req->user->role) {
	case AT_ROLE_CONTACT:
		return (access & AT_CONTACT) != 0;
	case AT_ROLE_STAFF:
		return (access & AT_STAFF) != 0;
	case AT_ROLE_ADMIN:
		return (access & (AT_STAFF | AT_ADMIN)) != 0;
	}
	return 0;
}

/* Whether the method may change state (needs the CSRF token). */
static int
serve_unsafe(enum at_method m)
{
	return m != AT_GET && m != AT_HEAD && m != AT_OPTIONS;
}

/*
 * Connects if needed.  A connection idle for a while may have died with a
 * server restart, which only its next statement would tell, failing that
 * request: after an idle spell, a no-op statement checks it first and a
 * dead one is replaced.  0, or -1 when the server is unreachable.
 */
static int
serve_db_ready(struct at_db *db)
{
	static time_t	 last;
	time_t		 now = time(NULL);

	if (at_db_ensure(db) == -1)
		return -1;
	if (now - last > SERVE_IDLE_CHECK &&
	    at_db_exec(db, "DO 0", "") == -1 && at_db_gone(db) &&
	    at_db_ensure(db) == -1)
		return -1;
	last = now;
	return 0;
}

/* Migrations not applied yet, as a worker last saw them. */
static int	 serve_pending = -1;	/* unknown */
static int	 serve_required;	/* of those, the ones needed */

/*
 * Whether the database lacks migrations this version needs (an upgrade
 * installed without atriumctl migrate, or an empty database).  Looked at
 * on a worker's first request and, while some are pending (needed or
 * optional), again every SERVE_SCHEMA_CHECK seconds, so that running
 * atriumctl migrate brings the site back (or drops the admins' banner)
 * without a restart.  Pending migrations marked optional leave the site
 * serving.  A check that fails does not hold the site: the request goes
 * on and meets the database error if any.  See serve.h.
 */
int
at_serve_schema_pending(const struct at_site *site, struct at_db *db)
{
	static time_t	 checked;
	const char	*errstr = NULL;
	time_t		 now = time(NULL);
	int		 n, req = 0;

	if (serve_pending == 0)
		return 0;
	if (serve_pending > 0 && now - checked < SERVE_SCHEMA_CHECK)
		return serve_required > 0;
	checked = now;
	if ((n = at_migrate_pending(db, site, &req, &errstr)) == -1) {
		log_warn("cannot tell whether migrations are pending: %s",
		    errstr != NULL ? errstr : "?");
		return 0;
	}
	if (req > 0 && (serve_pending <= 0 || serve_required == 0))
		log_warn("%d database migration%s pending (%d needed by this "
		    "version): this site answers 503 until an admin runs "
		    "atriumctl migrate", n, n == 1 ? " is" : "s are", req);
	else if (n > 0 && req == 0 && (serve_pending <= 0 ||
	    serve_required > 0))
		log_warn("%d optional database migration%s pending: serving, "
		    "with a banner for admins until one runs atriumctl "
		    "migrate", n, n == 1 ? " is" : "s are");
	else if (n == 0 && serve_pending > 0)
		log_info("migrations applied; serving again");
	serve_pending = n;
	serve_required = req;
	return req > 0;
}

/* See serve.h. */
int
at_serve_schema_waiting(void)
{
	return serve_pending > 0 ? serve_pending : 0;
}

/* See serve.h. */
void
at_serve(struct at_req *req)
{
	const char	*allow = NULL, *errstr = NULL, *fmt;
	long		 retry = 0;
	int		 rc, status, match, raw, tx;

	if ((rc = at_req_head(req, req->fcgx)) != 0) {
		serve_error(req, rc, NULL);
		return;
	}
	if (serve_db_ready(req->db) == -1) {
		serve_error(req, 503, NULL);
		return;
	}
	if (at_serve_schema_pending(req->site, req->db)) {
		at_resp_header(req, "Retry-After", "60");
		serve_error(req, 503, "This site is being upgraded and will be "
		    "back shortly. Site administrator: the database is older "
		    "than this version of Atrium; run atriumctl migrate.");
		return;
	}
	at_db_reset_roundtrips(req->db);
	/*
	 * The route first: a raw-body route is called by machines, which
	 * have no session, so none is looked up for it.  Every other
	 * request loads its session before an error page is drawn.
	 */
	match = at_route_match(req, &allow);
	raw = match == 0 && (req->route->access & AT_RAW);
	rc = raw ? 0 : at_session_load(req);
	/*
	 * A connection that died while idle (the server restarted) shows on
	 * the first statement, which is the session's and changes nothing:
	 * reconnect once and load again, so the first request after an
	 * outage is served.
	 */
	if (rc == -1 && at_db_gone(req->db) && at_db_ensure(req->db) == 0) {
		req->resp.headers = NULL;
		rc = at_session_load(req);
	}
	if (rc == -1) {
		serve_error(req, at_db_gone(req->db) ? 503 : 500, NULL);
		return;
	}

	if (match != 0) {
		if (match == 405 && allow != NULL)
			at_resp_header(req, "Allow", allow);
		serve_error(req, match, NULL);
		return;
	}

	if (!serve_allowed(req, req->route->access)) {
		if (req->user == NULL && (req->method == AT_GET ||
		    req->method == AT_HEAD)) {
			at_redirect(req, at_pprintf(req->pool,
			    "/login?next=%s", at_url_encode(req->pool,
			    req->query[0] != '\0' ? at_pprintf(req->pool,
			    "%s?%s", req->path, req->query) : req->path)));
			serve_finish(req, 303);
			return;
		}
		serve_error(req, 403, req->user == NULL ?
		    "Please sign in to continue." : NULL);
		return;
	}
	/* A plugin switched off for the caller's client does not exist. */
	if (req->route->plugin != NULL && req->user != NULL &&
	    !at_plugin_on(req, req->route->plugin)) {
		serve_error(req, 404, NULL);
		return;
	}

	/* Over the route's rate limit: 429 before the body is read. */
	if ((rc = at_rate_check(req, &retry)) != 0) {
		if (rc == 429)
			at_resp_header(req, "Retry-After", at_pprintf(req->pool,
			    "%ld", retry));
		serve_error(req, rc == 429 ? 429 :
		    at_db_gone(req->db) ? 503 : 500, NULL);
		return;
	}

	if (serve_unsafe(req->method)) {
		if ((rc = at_req_body(req, &errstr)) != 0) {
			serve_error(req, rc, errstr);
			return;
		}
		/* A raw route's caller is a machine: no token, no form. */
		if (!raw && !(req->route->access & AT_NOCSRF) &&
		    at_csrf_check(req) != 0) {
			serve_error(req, 403, "This form has expired or was "
			    "sent from another site. Go back, reload the "
			    "page and try again.");
			return;
		}
		if (!raw && (rc = at_fields_check(req, &errstr)) != 0) {
			serve_error(req, rc, errstr);
			return;
		}
	}

	fmt = at_query(req, "format");
	if (fmt != NULL && strcmp(fmt, "xml") == 0 &&
	    (req->site->debug || at_is_staff(req)))
		req->want_xml = 1;

	at_page_new(req);
	/*
	 * A request that changes something runs in one transaction, so the
	 * activity entry that records a change is kept with it or not at
	 * all: when at_activity() failed, or the handler answered 5xx,
	 * everything is rolled back (a handler that opens a transaction of
	 * its own commits this one early, as START TRANSACTION does).
	 */
	at_activity_reset();
	tx = serve_unsafe(req->method) && !raw;
	if (tx && at_db_begin(req->db) == -1) {
		serve_error(req, at_db_gone(req->db) ? 503 : 500, NULL);
		return;
	}
	status = req->route->handler(req);
	if (at_db_gone(req->db)) {
		serve_error(req, 503, NULL);
		return;
	}
	/* A page the layout draws shows the bell: one indexed count. */
	if (status == 200 && req->resp.ctype == NULL && req->user != NULL)
		at_notify_bell(req);
	if (at_activity_failed() || (tx && status >= 500)) {
		if (tx)
			(void)at_db_rollback(req->db);
		serve_error(req, 500, NULL);
		return;
	}
	if (tx && at_db_commit(req->db) == -1) {
		serve_error(req, at_db_gone(req->db) ? 503 : 500, NULL);
		return;
	}
	if (req->site->debug)
		at_resp_header(req, "X-Atrium-Queries", at_pprintf(req->pool,
		    "%u", at_db_roundtrips(req->db)));
	if (status >= 400 && req->resp.ctype == NULL) {
		serve_error(req, status, NULL);
		return;
	}
	serve_finish(req, status);
}

/* See serve.h. */
void
at_serve_after(const struct at_site *site, struct at_db *db, int unsafe)
{
	if (at_db_gone(db))
		return;
	/* Mail only comes from requests that changed something. */
	if (unsafe)
		at_mail_flush(site, db, 20);
	at_events_after_request(site, db);
}

/*
 * The request and its caller as plugins read them
 * (include/atrium/http.h, auth.h): the structs are the core's.
 */

/* See include/atrium/http.h. */
struct at_pool *
at_req_pool(const struct at_req *req)
{
	return req->pool;
}

/* See include/atrium/http.h. */
struct at_db *
at_req_db(const struct at_req *req)
{
	return req->db;
}

/* See include/atrium/http.h. */
const struct at_site *
at_req_site(const struct at_req *req)
{
	return req->site;
}

/* See include/atrium/http.h. */
const struct at_user *
at_req_user(const struct at_req *req)
{
	return req->user;
}

/* See include/atrium/http.h. */
enum at_method
at_req_method(const struct at_req *req)
{
	return req->method;
}

/* See include/atrium/http.h. */
const char *
at_req_path(const struct at_req *req)
{
	return req->path;
}

/* See include/atrium/http.h. */
const char *
at_req_query(const struct at_req *req)
{
	return req->query != NULL ? req->query : "";
}

/* See include/atrium/http.h. */
const char *
at_req_remote_addr(const struct at_req *req)
{
	return req->remote_addr;
}

/* See include/atrium/http.h. */
int
at_req_https(const struct at_req *req)
{
	return req->https;
}

/* See include/atrium/http.h. */
int
at_req_nargs(const struct at_req *req)
{
	return req->nargs;
}

/* See include/atrium/http.h. */
const char *
at_req_arg(const struct at_req *req, int i)
{
	return i >= 0 && i < req->nargs ? req->args[i] : NULL;
}

/* See include/atrium/http.h. */
const struct at_param *
at_req_form(const struct at_req *req)
{
	return req->form;
}

/* See include/atrium/auth.h. */
long long
at_user_id(const struct at_user *u)
{
	return u->id;
}

/* See include/atrium/auth.h. */
const char *
at_user_email(const struct at_user *u)
{
	return u->email;
}

/* See include/atrium/auth.h. */
const char *
at_user_name(const struct at_user *u)
{
	return u->name;
}

/* See include/atrium/auth.h. */
enum at_role
at_user_role(const struct at_user *u)
{
	return u->role;
}

/* See include/atrium/auth.h. */
long long
at_user_client_id(const struct at_user *u)
{
	return u->client_id;
}

/* See include/atrium/auth.h. */
const char *
at_user_client_name(const struct at_user *u)
{
	return u->client_name;
}

/* See include/atrium/auth.h. */
const char *
at_user_last_seen(const struct at_user *u)
{
	return u->last_seen;
}
