/*
 * The cases plugin: support cases between a client's contacts and the
 * team.  A contact (or staff for a client) opens a case with a type, a
 * subject, a Markdown description, a priority, a project and files; the
 * conversation has replies the client sees and internal notes it never
 * does (not in a page, a list, a mail, a search, ?format=xml or the
 * activity log).  Cases have an owner, watchers and a status (new, open,
 * waiting on client, resolved, closed); SLA clocks count business time
 * to the first reply and to the resolution, and stop while the case
 * waits on the client.  A job warns before a target is missed and
 * records each breach.  Change requests are in change.c.
 *
 * Every query a contact can reach is scoped by the contact's client: a
 * case of another client is "not found".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>

#include "bizhours.h"
#include "change.h"
#include "common.h"

/* The site's working calendar, read from the options at init. */
static struct cs_cal cs_calendar;
/* Minutes before a target at which the owner is warned. */
static long long cs_warn_min = 60;
/* Days a case waits on the client before it is reminded (0: never). */
static long long cs_remind_days = 0;

#define CS_FIELDS "k.id, k.client_id, c.name AS client, k.project_id, " \
	"p.name AS project, k.type_id, t.name AS type, k.subject, k.body, " \
	"k.priority, k.status, k.opened_by, o.name AS opener, k.owner_id, " \
	"w.name AS owner, k.created_at, k.updated_at, " \
	"k.first_response_at, k.resolved_at, k.closed_at, k.resp_used, " \
	"k.res_used, k.clock_since, k.resp_due, k.res_due, " \
	"s.response_min, s.resolution_min "
#define CS_FROM "FROM cases k JOIN clients c ON c.id = k.client_id " \
	"JOIN case_types t ON t.id = k.type_id " \
	"JOIN case_sla s ON s.priority = k.priority " \
	"LEFT JOIN projects p ON p.id = k.project_id " \
	"LEFT JOIN users o ON o.id = k.opened_by " \
	"LEFT JOIN users w ON w.id = k.owner_id "

static const char *const cs_priorities[] = {
	"low", "normal", "high", "urgent", NULL
};

/* Whether s is one of the NULL-terminated list: 1 or 0. */
static int
cs_one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* A duration of business seconds for people ("2 h 05 min"), in pool. */
static const char *
cs_dur(struct at_pool *pool, long long s)
{
	long long	 m;

	if (s < 0)
		s = -s;
	m = (s + 59) / 60;
	if (m < 60)
		return at_pprintf(pool, "%lld min", m);
	if (m % 60 == 0)
		return at_pprintf(pool, "%lld h", m / 60);
	return at_pprintf(pool, "%lld h %02lld min", m / 60, m % 60);
}

/* A UTC column as time_t; 0 for NULL. */
static time_t
cs_t(const struct at_rows *r, size_t i, const char *col)
{
	const char	*v = at_row(r, i, col);

	return v != NULL ? at_time_parse_utc(v) : 0;
}

/*
 * Adds <sla response= response_text= resolution= resolution_text=> for
 * case row i at now: each target "left", "late", "paused", "met" or
 * "missed", with the time left, late or taken.
 */
static void
cs_sla_x(struct at_pool *pool, xmlNodePtr parent, const struct at_rows *r,
    size_t i, time_t now)
{
	struct cs_clock	 clk;
	xmlNodePtr	 n;
	const char	*st = at_row(r, i, "status");
	long long	 used, target;
	int		 done;

	n = at_x(parent, "sla", NULL);
	/* The first response. */
	target = at_row_int(r, i, "response_min", 0) * 60;
	clk.used = at_row_int(r, i, "resp_used", 0);
	clk.since = at_row(r, i, "first_response_at") != NULL ? 0 :
	    cs_t(r, i, "clock_since");
	used = cs_clock_used(&cs_calendar, &clk, now);
	if (at_row(r, i, "first_response_at") != NULL) {
		at_xa(n, "response", used <= target ? "met" : "missed");
		at_xaf(n, "response_text", "answered in %s",
		    cs_dur(pool, used));
	} else if (clk.since == 0) {
		at_xa(n, "response", "paused");
		at_xaf(n, "response_text", "paused, %s left",
		    cs_dur(pool, target - used));
	} else {
		at_xa(n, "response", used <= target ? "left" : "late");
		at_xaf(n, "response_text", used <= target ? "%s left" :
		    "%s late", cs_dur(pool, target - used));
	}
	/* The resolution. */
	target = at_row_int(r, i, "resolution_min", 0) * 60;
	clk.used = at_row_int(r, i, "res_used", 0);
	clk.since = cs_t(r, i, "clock_since");
	used = cs_clock_used(&cs_calendar, &clk, now);
	done = strcmp(st, "resolved") == 0 || strcmp(st, "closed") == 0;
	if (done) {
		at_xa(n, "resolution", used <= target ? "met" : "missed");
		at_xaf(n, "resolution_text", "resolved in %s",
		    cs_dur(pool, used));
	} else if (clk.since == 0) {
		at_xa(n, "resolution", "paused");
		at_xaf(n, "resolution_text", "paused while waiting on you, "
		    "%s left", cs_dur(pool, target - used));
	} else {
		at_xa(n, "resolution", used <= target ? "left" : "late");
		at_xaf(n, "resolution_text", used <= target ? "%s left" :
		    "%s late", cs_dur(pool, target - used));
	}
}

/* What happens to a case's SLA clocks. */
enum cs_tick {
	CS_RESUME,	/* opened, or no longer waiting / resolved */
	CS_PAUSE,	/* waiting on the client, resolved, closed */
	CS_ANSWER	/* the team's first reply (the response clock stops) */
};

/*
 * Moves case id's clocks at now (UTC, from the database's or the
 * process's clock) and stores them with when each target falls due.
 * 0, or -1 when the database failed.
 */
static int
cs_clock_tick(struct at_db *db, struct at_pool *pool, long long id,
    enum cs_tick what, time_t now)
{
	struct at_rows	*r;
	struct cs_clock	 resp, res;
	time_t		 rdue = 0, sdue = 0;
	int		 answered;

	r = at_db_select(db, pool, "SELECT k.resp_used, k.res_used, "
	    "k.clock_since, k.first_response_at, s.response_min, "
	    "s.resolution_min FROM cases k JOIN case_sla s ON s.priority = "
	    "k.priority WHERE k.id = ? FOR UPDATE", "I", id);
	if (r == NULL || r->n != 1)
		return -1;
	answered = at_row(r, 0, "first_response_at") != NULL;
	res.used = at_row_int(r, 0, "res_used", 0);
	res.since = cs_t(r, 0, "clock_since");
	resp.used = at_row_int(r, 0, "resp_used", 0);
	resp.since = answered ? 0 : res.since;
	switch (what) {
	case CS_ANSWER:
		if (!answered) {
			cs_clock_pause(&cs_calendar, &resp, now);
			answered = 1;
		}
		break;
	case CS_PAUSE:
		cs_clock_pause(&cs_calendar, &resp, now);
		cs_clock_pause(&cs_calendar, &res, now);
		break;
	case CS_RESUME:
		cs_clock_resume(&res, now);
		if (!answered)
			cs_clock_resume(&resp, now);
		break;
	}
	if (!answered && resp.since != 0)
		rdue = cs_clock_due(&cs_calendar, &resp,
		    at_row_int(r, 0, "response_min", 0) * 60, now);
	if (res.since != 0)
		sdue = cs_clock_due(&cs_calendar, &res,
		    at_row_int(r, 0, "resolution_min", 0) * 60, now);
	if (at_db_exec(db, "UPDATE cases SET resp_used = ?, res_used = ?, "
	    "clock_since = ?, resp_due = ?, res_due = ?, first_response_at "
	    "= COALESCE(first_response_at, IF(?, ?, NULL)) WHERE id = ?",
	    "IIsssisI", resp.used, res.used, res.since != 0 ?
	    at_time_utc(pool, res.since) : NULL, rdue > 0 ?
	    at_time_utc(pool, rdue) : NULL, sdue > 0 ? at_time_utc(pool,
	    sdue) : NULL, what == CS_ANSWER, at_time_utc(pool, now),
	    id) == -1)
		return -1;
	return 0;
}

/*
 * The team to tell about case id: its owner and staff watchers, or
 * every active staff member when it has neither.  NULL when the
 * database failed.
 */
static struct at_rows *
cs_team(struct at_db *db, struct at_pool *pool, long long id)
{
	struct at_rows	*r;

	r = at_db_select(db, pool, "SELECT u.id FROM users u WHERE u.active "
	    "= 1 AND u.role IN ('staff', 'admin') AND (u.id = (SELECT "
	    "owner_id FROM cases WHERE id = ?) OR u.id IN (SELECT user_id "
	    "FROM case_watchers WHERE case_id = ?))", "II", id, id);
	if (r != NULL && r->n == 0)
		r = at_db_select(db, pool, "SELECT id FROM users WHERE active "
		    "= 1 AND role IN ('staff', 'admin')", "");
	return r;
}

/*
 * The client's people to tell about case id: the contact who opened it
 * and contacts watching it, or every active contact of the client when
 * staff opened it for them.
 */
static struct at_rows *
cs_clients(struct at_req *req, long long id)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.id FROM users u JOIN cases k ON k.id = ? WHERE "
	    "u.active = 1 AND u.role = 'contact' AND u.client_id = "
	    "k.client_id AND (u.id = k.opened_by OR u.id IN (SELECT user_id "
	    "FROM case_watchers WHERE case_id = k.id))", "I", id);
	if (r != NULL && r->n == 0)
		r = at_db_select(at_req_db(req), at_req_pool(req),
		    "SELECT u.id FROM users u JOIN cases k ON k.id = ? WHERE "
		    "u.active = 1 AND u.role = 'contact' AND u.client_id = "
		    "k.client_id", "I", id);
	return r;
}

/*
 * Case :id of the route, if the caller may see it (contacts: their
 * client's).  Its row, or NULL with *status 404 or 500.
 */
static struct at_rows *
cs_get(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CS_FIELDS CS_FROM
	    "WHERE k.id = ? AND (? = 0 OR k.client_id = ?)", "III", id,
	    at_client_scope(req), at_client_scope(req));
	if (r == NULL) {
		*status = at_db_gone(at_req_db(req)) ? 503 : 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/* <case> rows under parent as list, each with its <sla>. */
static void
cs_list(struct at_req *req, xmlNodePtr parent, const char *name,
    const struct at_rows *r)
{
	xmlNodePtr	 list, k;
	time_t		 now = time(NULL);
	size_t		 i;

	list = at_x(parent, name, NULL);
	for (i = 0; i < r->n; i++) {
		k = at_x_row(list, "case", r, i);
		at_xa(k, "created", at_time_local(at_req_pool(req),
		    at_row(r, i, "created_at")));
		at_xa(k, "updated", at_time_local(at_req_pool(req),
		    at_row(r, i, "updated_at")));
		cs_sla_x(at_req_pool(req), k, r, i, now);
	}
}

/* The active case types, for a form. */
static void
cs_types(struct at_req *req, xmlNodePtr parent)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM case_types WHERE active = 1 ORDER BY "
	    "position, name", "");
	if (r != NULL)
		at_x_rows(parent, "types", "type", r);
}

/*
 * GET /cases (contact): the client's cases, open ones first, and its
 * change requests.
 */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CS_FIELDS CS_FROM "WHERE k.client_id = ? ORDER BY "
	    "k.status IN ('resolved', 'closed'), k.updated_at DESC, k.id DESC "
	    "LIMIT 200", "I", at_client_scope(req));
	if (r == NULL || at_seen_mark(req, "cases") == -1)
		return 500;
	at_page_id(req, "cases-list");
	at_page_title(req, "Support cases");
	c = at_page_content(req);
	cs_list(req, c, "cases", r);
	return 200;
}

/* The form to open a case (staff: for client, with its contacts). */
static int
cs_new_form(struct at_req *req, long long client)
{
	struct at_rows	*cl;
	xmlNodePtr	 c;

	at_page_id(req, at_is_staff(req) ? "staff-cases-new" : "cases-new");
	at_page_title(req, "Open a case");
	c = at_page_content(req);
	cs_types(req, c);
	if (at_is_staff(req)) {
		cl = at_db_select(at_req_db(req), at_req_pool(req),
		    "SELECT id, name FROM clients ORDER BY name", "");
		if (cl == NULL)
			return 500;
		at_x_rows(c, "clients", "client", cl);
		at_xaf(c, "client", "%lld", client);
	}
	if (client > 0)
		cs_projects(req, c, client);
	at_x_form(req, c, "case");
	if (at_db_gone(at_req_db(req)))
		return 503;
	return 200;
}

/* GET /cases/new (contact). */
static int
h_new_form(struct at_req *req)
{
	return cs_new_form(req, at_client_scope(req));
}

/* GET /staff/cases/new (staff): ?client= picks the client. */
static int
h_staff_new_form(struct at_req *req)
{
	long long	 client = 0;

	if (at_query(req, "client") != NULL)
		at_strtoll(at_query(req, "client"), &client);
	return cs_new_form(req, client);
}

/*
 * Stores the request's "file" upload, if any, on case id of client:
 * shared with the client unless internal.  0 (none or stored), 1
 * refused (the reason is a form error and a flash), -1 on trouble.
 */
static int
cs_attach(struct at_req *req, long long client, long long id, int internal)
{
	struct at_file_put put;
	const struct at_param *up = at_upload(req, "file");
	int		 rc;

	if (up == NULL || up->tmppath == NULL || up->filename == NULL ||
	    *up->filename == '\0')
		return 0;
	memset(&put, 0, sizeof(put));
	put.size = sizeof(put);
	put.client = client;
	put.item_type = "case";
	put.item_id = id;
	put.visible = !internal;
	put.note = internal ? "internal" : NULL;
	if ((rc = at_file_put(req, &put)) == 1) {
		at_form_error(req, "file", put.err);
		at_flash(req, "error", put.err);
	}
	return rc;
}

/*
 * POST /cases/new (contact) and /staff/cases/new (staff): fields type,
 * subject, body, priority, project, file; staff also client.  Opens the
 * case, starts its clocks, stores the file and tells the other side.
 */
static int
h_new(struct at_req *req)
{
	struct at_rows	*t;
	long long	 client = at_client_scope(req), type = 0, pid = 0, id;
	const char	*prio = at_form(req, "priority");
	int		 mailed, rc;

	if (at_is_staff(req) && (at_form(req, "client") == NULL ||
	    at_strtoll(at_form(req, "client"), &client) == -1 ||
	    (t = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id "
	    "FROM clients WHERE id = ?", "I", client)) == NULL ||
	    t->n == 0)) {
		at_form_error(req, "client", "Choose the client.");
		client = 0;
	}
	if (at_strtoll(at_form(req, "type"), &type) == -1 || (t =
	    at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "case_types WHERE id = ? AND active = 1", "I", type)) == NULL ||
	    t->n == 0)
		at_form_error(req, "type", "Choose the kind of case.");
	if (prio == NULL || *prio == '\0')
		prio = "normal";
	if (!cs_one_of(prio, cs_priorities))
		at_form_error(req, "priority", "Choose low, normal, high or "
		    "urgent.");
	if (client > 0 && cs_project_field(req, client, &pid) == -1)
		return 503;
	if (at_form_errors(req) > 0)
		return cs_new_form(req, client);
	if (at_db_exec(at_req_db(req), "INSERT INTO cases (client_id, "
	    "project_id, type_id, subject, body, priority, opened_by) VALUES "
	    "(?, NULLIF(?, 0), ?, ?, ?, ?, ?)", "IIIsssI", client, pid, type,
	    at_form(req, "subject"), at_form(req, "body"), prio,
	    at_user_id(at_req_user(req))) == -1)
		return 500;
	id = at_db_insert_id(at_req_db(req));
	if (cs_clock_tick(at_req_db(req), at_req_pool(req), id, CS_RESUME,
	    time(NULL)) == -1)
		return 500;
	if (at_is_staff(req))
		mailed = cs_tell(req, cs_clients(req, id), "cases.client",
		    at_pprintf(at_req_pool(req), "Case #%lld: %s", id,
		    at_form(req, "subject")), at_pprintf(at_req_pool(req),
		    "%s opened a case for you.",
		    at_user_name(at_req_user(req))), at_pprintf(
		    at_req_pool(req), "/cases/%lld", id), "case", id, 1);
	else
		mailed = cs_tell(req, cs_team(at_req_db(req),
		    at_req_pool(req), id), "cases.team",
		    at_pprintf(at_req_pool(req), "Case #%lld: %s", id,
		    at_form(req, "subject")), at_pprintf(at_req_pool(req),
		    "%s of %s opened a %s case.",
		    at_user_name(at_req_user(req)),
		    at_user_client_name(at_req_user(req)), prio),
		    at_pprintf(at_req_pool(req), "/staff/cases/%lld", id),
		    "case", id, 0);
	if (at_activity(req, client, "open", "case", id,
	    at_form(req, "subject"), 1) == -1)
		return 500;
	if ((rc = cs_attach(req, client, id, 0)) == -1)
		return 500;
	cs_flash(req, mailed, rc == 1 ? "The case is open, but the file "
	    "was not attached." : "The case is open. We will answer soon.");
	return at_redirect(req, at_pprintf(at_req_pool(req), "%s/cases/%lld",
	    at_is_staff(req) ? "/staff" : "", id));
}

/*
 * Adds the conversation of case id under parent: every message for
 * staff, replies only for a contact.  0 or -1.
 */
static int
cs_messages(struct at_req *req, xmlNodePtr parent, long long id)
{
	struct at_rows	*r, *f;
	xmlNodePtr	 list, m;
	size_t		 i;
	int		 staff = at_is_staff(req);

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT m.id, m.kind, m.body, m.via, m.created_at, u.name AS "
	    "author, u.role AS author_role FROM case_messages m LEFT JOIN "
	    "users u ON u.id = m.author_id WHERE m.case_id = ? AND (m.kind = "
	    "'reply' OR ?) ORDER BY m.id", "Ii", id, staff);
	if (r == NULL)
		return -1;
	list = at_x(parent, "messages", NULL);
	for (i = 0; i < r->n; i++) {
		m = at_x(list, "message", NULL);
		at_xa(m, "id", at_row(r, i, "id"));
		at_xa(m, "kind", at_row(r, i, "kind"));
		at_xa(m, "via", at_row(r, i, "via"));
		at_xa(m, "author", at_row(r, i, "author"));
		at_xa(m, "team", at_row(r, i, "author_role") != NULL &&
		    strcmp(at_row(r, i, "author_role"), "contact") != 0 ?
		    "1" : "0");
		at_xa(m, "when", at_time_local(at_req_pool(req),
		    at_row(r, i, "created_at")));
		at_x_markdown(req, m, "body", at_row(r, i, "body"));
	}
	f = at_file_list(req, "case", id, !staff, 0);
	if (f == NULL)
		return -1;
	at_x_rows(parent, "files", "file", f);
	return 0;
}

/* Draws case row r (contacts' or staff's page). */
static int
cs_page(struct at_req *req, struct at_rows *r)
{
	xmlNodePtr	 c, k;
	long long	 id = at_row_int(r, 0, "id", 0);

	c = at_page_content(req);
	k = at_x_row(c, "case", r, 0);
	at_xa(k, "created", at_time_local(at_req_pool(req),
	    at_row(r, 0, "created_at")));
	at_x_markdown(req, k, "description", at_row(r, 0, "body"));
	cs_sla_x(at_req_pool(req), k, r, 0, time(NULL));
	if (cs_messages(req, c, id) == -1)
		return 500;
	return 200;
}

/* GET /cases/:id (contact): the case, replies, shared files. */
static int
h_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = cs_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "cases-view");
	at_page_title(req, at_row(r, 0, "subject"));
	at_x_form(req, at_page_content(req), "reply");
	return cs_page(req, r);
}

/*
 * The staff page of case row r, with every action.  reply NULL: a rejected
 * form is drawn again with what was typed (at_x_form); else the reply box
 * holds reply and the "then" choice then (a canned reply was added), and
 * err, when not NULL, says what is missing.
 */
static int
cs_staff_page(struct at_req *req, struct at_rows *r, const char *reply,
    const char *then, const char *err)
{
	struct at_rows	*staff, *canned, *watch;
	xmlNodePtr	 c, t;
	long long	 id;

	id = at_row_int(r, 0, "id", 0);
	staff = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM users WHERE active = 1 AND role IN "
	    "('staff', 'admin') ORDER BY name", "");
	canned = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, title, body FROM case_canned ORDER BY title", "");
	watch = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.id, u.name, u.role FROM case_watchers cw JOIN users u "
	    "ON u.id = cw.user_id WHERE cw.case_id = ? ORDER BY u.name", "I",
	    id);
	if (staff == NULL || canned == NULL || watch == NULL)
		return 500;
	at_page_id(req, "staff-cases-view");
	at_page_title(req, at_row(r, 0, "subject"));
	c = at_page_content(req);
	at_x_rows(c, "staff", "person", staff);
	at_x_rows(c, "canned", "reply", canned);
	at_x_rows(c, "watchers", "person", watch);
	if (reply == NULL)
		at_x_form(req, c, "message");
	else {
		t = at_x(c, "reply_text", reply);
		at_xa(t, "then", then);
		at_xa(t, "error", err);
	}
	cs_types(req, c);
	return cs_page(req, r);
}

/* GET /staff/cases/:id (staff): everything, with every action. */
static int
h_staff_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = cs_get(req, &st)) == NULL)
		return st;
	return cs_staff_page(req, r, NULL, NULL, NULL);
}

/*
 * GET /staff/cases/canned.js (staff): the reply form's "Insert" buttons,
 * each putting its canned reply's text into the reply box at the cursor
 * (the page works without it: the "Use" button).
 */
static int
h_canned_js(struct at_req *req)
{
	static const char js[] =
	    "(function(){var t=document.getElementById('f-reply-body');"
	    "if(!t)return;var b=document.querySelectorAll("
	    "'button[data-canned]');for(var i=0;i<b.length;i++){"
	    "b[i].hidden=false;b[i].addEventListener('click',function(){"
	    "var s=document.getElementById(this.getAttribute('data-canned'));"
	    "if(!s)return;var x=s.textContent,v=t.value,a=t.selectionStart,"
	    "e=t.selectionEnd;if(typeof a!=='number'||typeof e!=='number')"
	    "{a=e=v.length;}t.value=v.slice(0,a)+x+v.slice(e);t.focus();"
	    "t.selectionStart=t.selectionEnd=a+x.length;});}})();\n";

	at_resp_header(req, "Cache-Control", "private, max-age=3600");
	return at_send(req, 200, "text/javascript; charset=utf-8", js,
	    sizeof(js) - 1);
}

/*
 * POST /staff/cases/:id/canned (staff): fields body, then, canned (a
 * canned reply's id), file (not kept).  The reply form's "Use" button
 * for browsers without JavaScript: draws the case again with the canned
 * reply's text added after what was typed (a blank line between), the
 * "then" choice kept; nothing is sent.
 */
static int
h_canned_use(struct at_req *req)
{
	struct at_rows	*r, *k;
	const char	*body = at_form(req, "body"), *then;
	const char	*text;
	long long	 cid = 0;
	size_t		 n;
	int		 st;

	if ((r = cs_get(req, &st)) == NULL)
		return st;
	then = at_form(req, "then");
	if (then != NULL && strcmp(then, "open") != 0 &&
	    strcmp(then, "waiting") != 0 && strcmp(then, "resolved") != 0)
		then = NULL;
	if (body == NULL)
		body = "";
	if (at_form(req, "canned") == NULL ||
	    at_strtoll(at_form(req, "canned"), &cid) == -1 || cid <= 0)
		return cs_staff_page(req, r, body, then, "Choose a canned "
		    "reply to add.");
	k = at_db_select(at_req_db(req), at_req_pool(req), "SELECT body FROM "
	    "case_canned WHERE id = ?", "I", cid);
	if (k == NULL)
		return at_db_gone(at_req_db(req)) ? 503 : 500;
	if (k->n == 0)
		return cs_staff_page(req, r, body, then, "That canned reply "
		    "is gone; choose another.");
	/* What was typed, without trailing blank lines, then the text. */
	for (n = strlen(body); n > 0 && (body[n - 1] == '\n' ||
	    body[n - 1] == '\r' || body[n - 1] == ' ' || body[n - 1] == '\t');
	    n--)
		;
	text = n == 0 ? at_row(k, 0, "body") : at_pprintf(at_req_pool(req),
	    "%.*s\n\n%s", (int)n, body, at_row(k, 0, "body"));
	return cs_staff_page(req, r, text, then, NULL);
}

/*
 * POST /cases/:id/reply (contact): fields body, file.  Adds the reply;
 * a case waiting on the client or resolved opens again (and its clocks
 * run); a closed case takes no reply.
 */
static int
h_reply(struct at_req *req)
{
	struct at_rows	*r;
	const char	*st;
	long long	 id;
	int		 s, mailed, rc;

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	id = at_row_int(r, 0, "id", 0);
	st = at_row(r, 0, "status");
	if (strcmp(st, "closed") == 0) {
		at_flash(req, "error", "This case is closed. Open a new case, "
		    "or ask us to reopen this one.");
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/cases/%lld", id));
	}
	if (at_form_errors(req) > 0)
		return h_view(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body) VALUES (?, ?, 'reply', ?)", "IIs", id,
	    at_user_id(at_req_user(req)), at_form(req, "body")) == -1)
		return 500;
	if (strcmp(st, "waiting") == 0 || strcmp(st, "resolved") == 0) {
		if (at_db_exec(at_req_db(req), "UPDATE cases SET status = "
		    "'open', resolved_at = NULL WHERE id = ?", "I", id) == -1 ||
		    cs_clock_tick(at_req_db(req), at_req_pool(req), id,
		    CS_RESUME, time(NULL)) == -1)
			return 500;
	}
	if (at_db_exec(at_req_db(req), "UPDATE cases SET updated_at = "
	    "UTC_TIMESTAMP() WHERE id = ?", "I", id) == -1)
		return 500;
	mailed = cs_tell(req, cs_team(at_req_db(req), at_req_pool(req),
	    id), "cases.team",
	    at_pprintf(at_req_pool(req), "Case #%lld: %s", id,
	    at_row(r, 0, "subject")), at_pprintf(at_req_pool(req),
	    "%s replied%s.", at_user_name(at_req_user(req)),
	    strcmp(st, "resolved") == 0 ? " and reopened the case" : ""),
	    at_pprintf(at_req_pool(req), "/staff/cases/%lld", id), "case", id,
	    0);
	if (at_activity(req, at_row_int(r, 0, "client_id", 0),
	    strcmp(st, "resolved") == 0 ? "reopen" : "reply", "case", id,
	    at_row(r, 0, "subject"), 1) == -1)
		return 500;
	if ((rc = cs_attach(req, at_row_int(r, 0, "client_id", 0), id,
	    0)) == -1)
		return 500;
	cs_flash(req, mailed, rc == 1 ? "Your reply is sent, but the file "
	    "was not attached." : "Your reply is sent.");
	return at_redirect(req, at_pprintf(at_req_pool(req), "/cases/%lld",
	    id));
}

/*
 * POST /staff/cases/:id/reply (staff): fields body, file, then (open,
 * waiting, resolved: the status after the reply).  The client sees the
 * reply and is told by mail (with a reply address when the site has
 * one); the first reply stops the response clock.
 */
static int
h_staff_reply(struct at_req *req)
{
	struct at_rows	*r;
	const char	*then = at_form(req, "then"), *st;
	long long	 id, client;
	int		 s, mailed, rc;
	time_t		 now = time(NULL);

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	id = at_row_int(r, 0, "id", 0);
	client = at_row_int(r, 0, "client_id", 0);
	st = at_row(r, 0, "status");
	if (then == NULL || *then == '\0')
		then = "open";
	if (strcmp(then, "open") != 0 && strcmp(then, "waiting") != 0 &&
	    strcmp(then, "resolved") != 0)
		at_form_error(req, "then", "Choose open, waiting on the "
		    "client or resolved.");
	if (strcmp(st, "closed") == 0)
		at_form_error(req, "body", "The case is closed: reopen it "
		    "first.");
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body) VALUES (?, ?, 'reply', ?)", "IIs", id,
	    at_user_id(at_req_user(req)), at_form(req, "body")) == -1)
		return 500;
	if (cs_clock_tick(at_req_db(req), at_req_pool(req), id, CS_ANSWER,
	    now) == -1 || cs_clock_tick(at_req_db(req), at_req_pool(req), id,
	    strcmp(then, "open") == 0 ? CS_RESUME : CS_PAUSE, now) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "UPDATE cases SET status = ?, "
	    "updated_at = UTC_TIMESTAMP(), resolved_at = IF(? = 'resolved', "
	    "UTC_TIMESTAMP(), NULL), owner_id = COALESCE(owner_id, ?) WHERE "
	    "id = ?", "ssII", then, then, at_user_id(at_req_user(req)),
	    id) == -1)
		return 500;
	mailed = cs_tell(req, cs_clients(req, id), "cases.client",
	    at_pprintf(at_req_pool(req), "Case #%lld: %s", id,
	    at_row(r, 0, "subject")), at_pprintf(at_req_pool(req),
	    "%s replied%s.", at_user_name(at_req_user(req)),
	    strcmp(then, "resolved") == 0 ? " and marked the case resolved" :
	    strcmp(then, "waiting") == 0 ? " and waits for your answer" : ""),
	    at_pprintf(at_req_pool(req), "/cases/%lld", id), "case", id, 1);
	if (at_activity(req, client, strcmp(then, "resolved") == 0 ?
	    "resolve" : "answer", "case", id, at_row(r, 0, "subject"),
	    1) == -1)
		return 500;
	if ((rc = cs_attach(req, client, id, 0)) == -1)
		return 500;
	cs_flash(req, mailed, rc == 1 ? "Reply sent, but the file was not "
	    "attached." : "Reply sent to the client.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/cases/%lld", id));
}

/*
 * POST /staff/cases/:id/note (staff): fields body, file.  An internal
 * note: the team only, never the client (its file stays internal too).
 */
static int
h_note(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id;
	int		 s, mailed, rc;

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	id = at_row_int(r, 0, "id", 0);
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body) VALUES (?, ?, 'note', ?)", "IIs", id,
	    at_user_id(at_req_user(req)), at_form(req, "body")) == -1)
		return 500;
	mailed = cs_tell(req, cs_team(at_req_db(req), at_req_pool(req),
	    id), "cases.team",
	    at_pprintf(at_req_pool(req), "Case #%lld: internal note", id),
	    at_pprintf(at_req_pool(req), "%s added an internal note.",
	    at_user_name(at_req_user(req))), at_pprintf(at_req_pool(req),
	    "/staff/cases/%lld", id), "case", id, 0);
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "note",
	    "case", id, at_row(r, 0, "subject"), 0) == -1)
		return 500;
	if ((rc = cs_attach(req, at_row_int(r, 0, "client_id", 0), id,
	    1)) == -1)
		return 500;
	cs_flash(req, mailed, rc == 1 ? "Note saved (internal), but the file "
	    "was not attached." : "Internal note saved. The client does not "
	    "see it.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/cases/%lld", id));
}

/*
 * Sets case id's status to to (from from), moving its clocks; the rules:
 * a closed case opens again only through staff (this function is staff
 * only).  0, 1 when the change is not allowed, -1 on a database error.
 */
static int
cs_set_status(struct at_req *req, long long id, const char *from,
    const char *to)
{
	time_t	 now = time(NULL);
	int	 running_before, running_after;

	if (strcmp(from, to) == 0)
		return 0;
	if (strcmp(to, "new") == 0)
		return 1;
	running_before = strcmp(from, "new") == 0 || strcmp(from, "open") == 0;
	running_after = strcmp(to, "open") == 0;
	if (running_before != running_after && cs_clock_tick(at_req_db(req),
	    at_req_pool(req), id, running_after ? CS_RESUME : CS_PAUSE,
	    now) == -1)
		return -1;
	if (at_db_exec(at_req_db(req), "UPDATE cases SET status = ?, "
	    "updated_at = UTC_TIMESTAMP(), resolved_at = CASE WHEN ? = "
	    "'resolved' THEN UTC_TIMESTAMP() WHEN ? = 'closed' THEN "
	    "COALESCE(resolved_at, UTC_TIMESTAMP()) ELSE NULL END, closed_at "
	    "= IF(? = 'closed', UTC_TIMESTAMP(), NULL) WHERE id = ?", "ssssI",
	    to, to, to, to, id) == -1)
		return -1;
	return 0;
}

/*
 * POST /staff/cases/:id/update (staff): fields status, owner, priority,
 * type.  Changes what differs; the client is told of a status change.
 */
static int
h_update(struct at_req *req)
{
	static const char *const sts[] = { "open", "waiting", "resolved",
	    "closed", NULL };
	struct at_rows	*r, *o;
	const char	*to = at_form(req, "status"), *prio;
	long long	 id, owner = 0, type = 0;
	int		 s, mailed = 0, rc;

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	id = at_row_int(r, 0, "id", 0);
	prio = at_form(req, "priority");
	if (to != NULL && *to != '\0' && !cs_one_of(to, sts))
		at_form_error(req, "status", "Choose a status.");
	if (prio != NULL && *prio != '\0' && !cs_one_of(prio, cs_priorities))
		at_form_error(req, "priority", "Choose a priority.");
	if (at_form(req, "owner") != NULL && *at_form(req, "owner") != '\0' &&
	    (at_strtoll(at_form(req, "owner"), &owner) == -1 || (o =
	    at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "users WHERE id = ? AND active = 1 AND role IN ('staff', "
	    "'admin')", "I", owner)) == NULL || o->n == 0))
		at_form_error(req, "owner", "Choose a member of the team.");
	if (at_form(req, "type") != NULL && *at_form(req, "type") != '\0' &&
	    (at_strtoll(at_form(req, "type"), &type) == -1 || (o =
	    at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "case_types WHERE id = ?", "I", type)) == NULL || o->n == 0))
		at_form_error(req, "type", "Choose a type.");
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_exec(at_req_db(req), "UPDATE cases SET owner_id = IF(? > 0, "
	    "?, owner_id), type_id = IF(? > 0, ?, type_id), updated_at = "
	    "UTC_TIMESTAMP() WHERE id = ?", "IIIII", owner, owner, type, type,
	    id) == -1)
		return 500;
	if (prio != NULL && *prio != '\0' &&
	    strcmp(prio, at_row(r, 0, "priority")) != 0) {
		/* New targets: due times are worked out again. */
		if (at_db_exec(at_req_db(req), "UPDATE cases SET priority = ? "
		    "WHERE id = ?", "sI", prio, id) == -1 ||
		    cs_clock_tick(at_req_db(req), at_req_pool(req), id,
		    CS_RESUME, time(NULL)) == -1)
			return 500;
		if (!(strcmp(at_row(r, 0, "status"), "new") == 0 ||
		    strcmp(at_row(r, 0, "status"), "open") == 0) &&
		    cs_clock_tick(at_req_db(req), at_req_pool(req), id,
		    CS_PAUSE, time(NULL)) == -1)
			return 500;
	}
	if (to != NULL && *to != '\0' &&
	    strcmp(to, at_row(r, 0, "status")) != 0) {
		if ((rc = cs_set_status(req, id, at_row(r, 0, "status"),
		    to)) == -1)
			return 500;
		mailed = cs_tell(req, cs_clients(req, id), "cases.client",
		    at_pprintf(at_req_pool(req), "Case #%lld: %s", id,
		    at_row(r, 0, "subject")), at_pprintf(at_req_pool(req),
		    "The case is now %s.", strcmp(to, "waiting") == 0 ?
		    "waiting for your answer" : to), at_pprintf(
		    at_req_pool(req), "/cases/%lld", id), "case", id, 1);
		if (at_activity(req, at_row_int(r, 0, "client_id", 0),
		    strcmp(to, "open") == 0 ? "reopen" : to, "case", id,
		    at_row(r, 0, "subject"), 1) == -1)
			return 500;
	}
	cs_flash(req, mailed, "Saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/cases/%lld", id));
}

/*
 * POST /staff/cases/:id/watch (staff): field user (a staff member or a
 * contact of the case's client), on ("1": watch, "0": stop).
 */
static int
h_watch(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id, uid = 0;
	int		 s;

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	id = at_row_int(r, 0, "id", 0);
	if (at_form(req, "user") == NULL || *at_form(req, "user") == '\0')
		uid = at_user_id(at_req_user(req));
	else if (at_strtoll(at_form(req, "user"), &uid) == -1)
		return 400;
	if (strcmp(at_form(req, "on"), "1") == 0) {
		if (at_db_exec(at_req_db(req), "INSERT IGNORE INTO "
		    "case_watchers (case_id, user_id) SELECT ?, id FROM users "
		    "WHERE id = ? AND active = 1 AND (role IN ('staff', "
		    "'admin') OR client_id = ?)", "III", id, uid,
		    at_row_int(r, 0, "client_id", 0)) == -1)
			return 500;
	} else if (at_db_exec(at_req_db(req), "DELETE FROM case_watchers "
	    "WHERE case_id = ? AND user_id = ?", "II", id, uid) == -1)
		return 500;
	at_flash(req, "ok", "Watchers saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/cases/%lld", id));
}

/* Whether the caller may read f, attached to a case: staff or shared. */
static int
cs_file_ok(struct at_req *req, const struct at_file *f, void *arg)
{
	(void)arg;
	if (at_is_staff(req))
		return 1;
	return f->visible && f->client == at_client_scope(req);
}

/* GET /cases/:id/files/:file and /staff/...: a file of the case. */
static int
h_file(struct at_req *req)
{
	struct at_rows	*r;
	struct at_file	 f;
	int		 s;

	if ((r = cs_get(req, &s)) == NULL)
		return s;
	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	s = at_file_get(req, at_arg_id(req, "file"), 0, "case", &f);
	if (s == -1)
		return 500;
	if (s == 1 || f.item_id != at_row_int(r, 0, "id", 0))
		return 404;
	return at_file_send(req, f.id, 0, "case", cs_file_ok, NULL);
}

/*
 * GET /staff/cases (staff): the queues (queue: mine, unassigned,
 * breaching, waiting, all open; closed) with filters client, priority,
 * type, status.
 */
static int
h_queue(struct at_req *req)
{
	struct at_rows	*r, *cl, *staff, *n;
	xmlNodePtr	 c, f;
	const char	*q = at_query(req, "queue"), *prio, *status;
	long long	 client = 0, type = 0, me = at_user_id(at_req_user(req));

	if (q == NULL || *q == '\0')
		q = "open";
	prio = at_query(req, "priority");
	status = at_query(req, "status");
	if (prio != NULL && !cs_one_of(prio, cs_priorities))
		prio = NULL;
	if (status != NULL && *status == '\0')
		status = NULL;
	if (at_query(req, "client") != NULL)
		at_strtoll(at_query(req, "client"), &client);
	if (at_query(req, "type") != NULL)
		at_strtoll(at_query(req, "type"), &type);
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CS_FIELDS CS_FROM "WHERE "
	    "CASE ? WHEN 'mine' THEN k.owner_id = ? AND k.status NOT IN "
	    "('resolved', 'closed') WHEN 'unassigned' THEN k.owner_id IS NULL "
	    "AND k.status NOT IN ('resolved', 'closed') WHEN 'breaching' THEN "
	    "k.status IN ('new', 'open') AND (k.resp_due <= UTC_TIMESTAMP() + "
	    "INTERVAL ? MINUTE OR k.res_due <= UTC_TIMESTAMP() + INTERVAL ? "
	    "MINUTE) WHEN 'waiting' THEN k.status = 'waiting' WHEN 'closed' "
	    "THEN k.status IN ('resolved', 'closed') ELSE k.status NOT IN "
	    "('resolved', 'closed') END "
	    "AND (? = 0 OR k.client_id = ?) AND (? IS NULL OR k.priority = ?) "
	    "AND (? = 0 OR k.type_id = ?) AND (? IS NULL OR k.status = ?) "
	    "ORDER BY LEAST(COALESCE(k.resp_due, '9999-12-31'), "
	    "COALESCE(k.res_due, '9999-12-31')), FIELD(k.priority, 'urgent', "
	    "'high', 'normal', 'low'), k.id LIMIT 300", "sIIIIIssIIss", q, me,
	    cs_warn_min, cs_warn_min, client, client, prio, prio, type, type,
	    status, status);
	cl = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM clients ORDER BY name", "");
	staff = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM users WHERE active = 1 AND role IN "
	    "('staff', 'admin') ORDER BY name", "");
	n = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT SUM(owner_id = ? AND status NOT IN ('resolved', "
	    "'closed')) AS mine, SUM(owner_id IS NULL AND status NOT IN "
	    "('resolved', 'closed')) AS unassigned, SUM(status IN ('new', "
	    "'open') AND (resp_due <= UTC_TIMESTAMP() + INTERVAL ? MINUTE OR "
	    "res_due <= UTC_TIMESTAMP() + INTERVAL ? MINUTE)) AS breaching, "
	    "SUM(status = 'waiting') AS waiting FROM cases", "III", me,
	    cs_warn_min, cs_warn_min);
	if (r == NULL || cl == NULL || staff == NULL || n == NULL ||
	    at_seen_mark(req, "cases") == -1)
		return 500;
	at_page_id(req, "staff-cases-list");
	at_page_title(req, "Cases");
	c = at_page_content(req);
	f = at_x(c, "filter", NULL);
	at_xa(f, "queue", q);
	at_xaf(f, "client", "%lld", client);
	at_xaf(f, "type", "%lld", type);
	at_xa(f, "priority", prio);
	at_xa(f, "status", status);
	at_x_row(c, "counts", n, 0);
	at_x_rows(c, "clients", "client", cl);
	at_x_rows(c, "staff", "person", staff);
	cs_types(req, c);
	cs_list(req, c, "cases", r);
	return 200;
}

/*
 * POST /staff/cases/assign (staff): fields owner and case (repeated).
 * Gives every case listed to owner.
 */
static int
h_assign(struct at_req *req)
{
	const struct at_param *p;
	struct at_rows	*o;
	long long	 owner = 0, id;
	int		 n = 0;

	if (at_strtoll(at_form(req, "owner"), &owner) == -1 ||
	    (o = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id "
	    "FROM users WHERE id = ? AND active = 1 AND role IN ('staff', "
	    "'admin')", "I", owner)) == NULL || o->n == 0) {
		at_flash(req, "error", "Choose whom to assign the cases to.");
		return at_redirect(req, "/staff/cases");
	}
	for (p = at_req_form(req); p != NULL; p = p->next) {
		if (strcmp(p->name, "case") != 0 || p->value == NULL ||
		    at_strtoll(p->value, &id) == -1)
			continue;
		switch (at_db_exec(at_req_db(req), "UPDATE cases SET owner_id "
		    "= ?, updated_at = UTC_TIMESTAMP() WHERE id = ?", "II",
		    owner, id)) {
		case -1:
			return 500;
		case 1:
			n++;
		}
	}
	at_flash(req, "ok", at_pprintf(at_req_pool(req), "%d %s assigned.",
	    n, n == 1 ? "case" : "cases"));
	return at_redirect(req, "/staff/cases");
}

/* GET /staff/cases/settings (staff): types, SLA targets, canned replies. */
static int
h_settings(struct at_req *req)
{
	struct at_rows	*t, *s, *k, *cl;
	xmlNodePtr	 c, cal, sg;

	t = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name, position, active FROM case_types ORDER BY "
	    "position, name", "");
	s = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT priority, response_min, resolution_min FROM case_sla "
	    "ORDER BY FIELD(priority, 'urgent', 'high', 'normal', 'low')", "");
	k = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, title, body FROM case_canned ORDER BY title", "");
	cl = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT c.id, c.name, s.value AS sign FROM clients c LEFT JOIN "
	    "client_settings s ON s.client_id = c.id AND s.plugin = 'cases' "
	    "AND s.name = 'sign-estimates' ORDER BY c.name", "");
	if (t == NULL || s == NULL || k == NULL || cl == NULL)
		return 500;
	at_page_id(req, "staff-cases-settings");
	at_page_title(req, "Case settings");
	c = at_page_content(req);
	at_x_rows(c, "types", "type", t);
	at_x_rows(c, "slas", "sla", s);
	at_x_rows(c, "canned", "reply", k);
	cal = at_x(c, "calendar", NULL);
	at_xa(cal, "days", cfg_getstr(at_req_config(req), "work-days"));
	at_xa(cal, "hours", cfg_getstr(at_req_config(req), "work-hours"));
	at_xa(cal, "zone", at_time_zone());
	at_xaf(cal, "holidays", "%zu", cs_calendar.nhol);
	sg = at_x(c, "signing", NULL);
	at_xa(sg, "site", cfg_getbool(at_req_config(req), "sign-estimates") ?
	    "1" : "0");
	at_x_rows(sg, "clients", "client", cl);
	at_x_form(req, c, "settings");
	return 200;
}

/*
 * POST /staff/cases/settings/sign (staff): fields client, sign ("1": the
 * client signs approvals of estimates through the e-signature service,
 * "0": never, "": as the site's option sign-estimates says).
 */
static int
h_set_sign(struct at_req *req)
{
	const char	*v = at_form(req, "sign");
	long long	 client = 0;

	if (at_form(req, "client") == NULL ||
	    at_strtoll(at_form(req, "client"), &client) == -1 || client <= 0)
		at_form_error(req, "client", "Choose the client.");
	if (v == NULL)
		v = "";
	if (strcmp(v, "") != 0 && strcmp(v, "1") != 0 && strcmp(v, "0") != 0)
		at_form_error(req, "sign", "Choose signed, not signed or the "
		    "site's default.");
	if (at_form_errors(req) > 0)
		return h_settings(req);
	if (at_client_setting_set(at_req_db(req), "cases", client,
	    "sign-estimates", *v != '\0' ? v : NULL) == -1) {
		if (at_db_gone(at_req_db(req)))
			return 503;
		at_form_error(req, "client", "Choose one of the clients.");
		return h_settings(req);
	}
	at_flash(req, "ok", "Saved.");
	return at_redirect(req, "/staff/cases/settings");
}

/*
 * POST /staff/cases/settings/types (staff): field name adds a type;
 * id with active toggles one.
 */
static int
h_set_type(struct at_req *req)
{
	long long	 id = 0;
	const char	*name = at_form(req, "name");

	if (at_form(req, "id") != NULL && *at_form(req, "id") != '\0') {
		if (at_strtoll(at_form(req, "id"), &id) == -1)
			return 400;
		if (at_db_exec(at_req_db(req), "UPDATE case_types SET active = "
		    "? WHERE id = ?", "iI", strcmp(at_form(req, "active"),
		    "1") == 0, id) == -1)
			return 500;
	} else if (name != NULL && *name != '\0') {
		if (at_db_exec(at_req_db(req), "INSERT INTO case_types (name, "
		    "position) SELECT ?, COALESCE(MAX(position), 0) + 1 FROM "
		    "case_types ON DUPLICATE KEY UPDATE active = 1", "s",
		    name) == -1)
			return 500;
	} else {
		at_form_error(req, "name", "Name the type.");
		return h_settings(req);
	}
	at_flash(req, "ok", "Types saved.");
	return at_redirect(req, "/staff/cases/settings");
}

/*
 * POST /staff/cases/settings/sla (staff): fields PRIORITY_response and
 * PRIORITY_resolution, hours of business time each.
 */
static int
h_set_sla(struct at_req *req)
{
	const char *const *p;
	const char	*a, *b;
	long long	 ra, rb;

	for (p = cs_priorities; *p != NULL; p++) {
		a = at_form(req, at_pprintf(at_req_pool(req), "%s_response",
		    *p));
		b = at_form(req, at_pprintf(at_req_pool(req),
		    "%s_resolution", *p));
		if (a == NULL || b == NULL || at_strtoll(a, &ra) == -1 ||
		    at_strtoll(b, &rb) == -1 || ra < 1 || rb < 1 ||
		    ra > 10000 || rb > 10000) {
			at_form_error(req, at_pprintf(at_req_pool(req),
			    "%s_response", *p), "Give whole hours, 1 to "
			    "10000.");
			return h_settings(req);
		}
		if (at_db_exec(at_req_db(req), "UPDATE case_sla SET "
		    "response_min = ?, resolution_min = ? WHERE priority = ?",
		    "IIs", ra * 60, rb * 60, *p) == -1)
			return 500;
	}
	at_flash(req, "ok", "Targets saved. They apply to cases from their "
	    "next change on.");
	return at_redirect(req, "/staff/cases/settings");
}

/* POST /staff/cases/settings/canned (staff): fields title, body. */
static int
h_set_canned(struct at_req *req)
{
	if (at_form_errors(req) > 0)
		return h_settings(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO case_canned (title, body) "
	    "VALUES (?, ?) ON DUPLICATE KEY UPDATE body = VALUES(body)", "ss",
	    at_form(req, "title"), at_form(req, "body")) == -1)
		return 500;
	at_flash(req, "ok", "Canned reply saved.");
	return at_redirect(req, "/staff/cases/settings");
}

/* A CSV field, quoted, in pool. */
static const char *
cs_csv(struct at_pool *pool, const char *s)
{
	size_t	 n = 0, i, k = 0;
	char	*o;

	if (s == NULL)
		return "";
	for (i = 0; s[i] != '\0'; i++)
		n += s[i] == '"' ? 2 : 1;
	o = at_palloc(pool, n + 3);
	o[k++] = '"';
	/* A leading = + - @ would be a formula in a spreadsheet. */
	if (strchr("=+-@", s[0]) != NULL && s[0] != '\0')
		o[k++] = '\'';
	for (i = 0; s[i] != '\0' && k < n + 1; i++) {
		if (s[i] == '"')
			o[k++] = '"';
		o[k++] = s[i];
	}
	o[k++] = '"';
	o[k] = '\0';
	return o;
}

/*
 * The measures, per case for cases opened from..to (client: that one
 * only, 0: all): columns id, client, subject, priority, status, owner,
 * opened, first response and resolution in business minutes, breaches.
 */
static struct at_rows *
cs_measures(struct at_req *req, const char *from, const char *to,
    long long client)
{
	return at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT k.id, c.name AS client, k.client_id, k.subject, "
	    "k.priority, k.status, w.name AS owner, k.created_at, "
	    "IF(k.first_response_at IS NULL, NULL, ROUND(k.resp_used / 60)) "
	    "AS response_min, IF(k.status IN ('resolved', 'closed'), "
	    "ROUND(k.res_used / 60), NULL) AS resolution_min, (SELECT "
	    "COUNT(*) FROM case_breaches b WHERE b.case_id = k.id) AS "
	    "breaches FROM cases k JOIN clients c ON c.id = k.client_id LEFT "
	    "JOIN users w ON w.id = k.owner_id WHERE k.created_at >= ? AND "
	    "k.created_at < ? + INTERVAL 1 DAY AND (? = 0 OR k.client_id = ?) "
	    "ORDER BY k.id", "ssII", from, to, client, client);
}

/*
 * GET /staff/cases/measures.csv (staff): ?from=&to=&client= (default:
 * the last 90 days), one line per case.
 */
static int
h_csv(struct at_req *req)
{
	struct at_rows	*r;
	const char	*from = at_query(req, "from"), *to = at_query(req, "to");
	const char	*cols[] = { "id", "client", "subject", "priority",
	    "status", "owner", "created_at", "response_min",
	    "resolution_min", "breaches" };
	char		*buf, *line;
	size_t		 i, j, len = 0, cap = 4096, l;
	long long	 client = 0;
	time_t		 now = time(NULL);

	if (from == NULL || at_v_date(at_req_pool(req), &from) != NULL)
		from = at_pstrndup(at_req_pool(req), at_time_utc(
		    at_req_pool(req), now - 90 * 86400), 10);
	if (to == NULL || at_v_date(at_req_pool(req), &to) != NULL)
		to = at_pstrndup(at_req_pool(req), at_time_utc(
		    at_req_pool(req), now), 10);
	if (at_query(req, "client") != NULL)
		at_strtoll(at_query(req, "client"), &client);
	if ((r = cs_measures(req, from, to, client)) == NULL)
		return 500;
	buf = at_palloc(at_req_pool(req), cap);
	l = (size_t)snprintf(buf, cap, "case,client,subject,priority,status,"
	    "owner,opened_utc,first_response_business_min,"
	    "resolution_business_min,breaches\r\n");
	len = l;
	for (i = 0; i < r->n; i++) {
		line = "";
		for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++)
			line = at_pprintf(at_req_pool(req), "%s%s%s", line,
			    j > 0 ? "," : "", cs_csv(at_req_pool(req),
			    at_row(r, i, cols[j])));
		line = at_pprintf(at_req_pool(req), "%s\r\n", line);
		l = strlen(line);
		if (len + l + 1 > cap) {
			char	*nb;

			while (len + l + 1 > cap)
				cap *= 2;
			nb = at_palloc(at_req_pool(req), cap);
			memcpy(nb, buf, len);
			buf = nb;
		}
		memcpy(buf + len, line, l);
		len += l;
	}
	at_resp_header(req, "Content-Disposition",
	    "attachment; filename=\"case-measures.csv\"");
	return at_send(req, 200, "text/csv; charset=utf-8", buf, len);
}

/* A report panel's <figure name label value note/> (docs/reports.md). */
static void
cs_rp_figure(xmlNodePtr panel, const char *name, const char *label,
    const char *value, const char *note)
{
	xmlNodePtr	 f = at_x(panel, "figure", NULL);

	at_xa(f, "name", name);
	at_xa(f, "label", label);
	at_xa(f, "value", value != NULL ? value : "");
	if (note != NULL)
		at_xa(f, "note", note);
}

/* A report table's <col name label type/>. */
static void
cs_rp_col(xmlNodePtr table, const char *name, const char *label,
    const char *type)
{
	xmlNodePtr	 c = at_x(table, "col", NULL);

	at_xa(c, "name", name);
	at_xa(c, "label", label);
	at_xa(c, "type", type);
}

/*
 * The reports' panel "cases": for the period (cases opened from..to)
 * and client (0: all), average first response and resolution in
 * business hours and breaches; open cases and the oldest per staff
 * member; open cases and average response per client: <figure>s and
 * <table>s in the reports' vocabulary (docs/reports.md).
 */
static int
cs_report(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	struct at_rows	*tot, *per, *cli;
	xmlNodePtr	 panel, t, row;
	size_t		 i;

	tot = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COUNT(*) AS cases, ROUND(AVG(IF(first_response_at IS NOT "
	    "NULL, resp_used, NULL)) / 3600, 1) AS avg_response_h, "
	    "ROUND(AVG(IF(status IN ('resolved', 'closed'), res_used, NULL)) "
	    "/ 3600, 1) AS avg_resolution_h, (SELECT COUNT(*) FROM "
	    "case_breaches b JOIN cases x ON x.id = b.case_id WHERE "
	    "x.created_at >= ? AND x.created_at < ? + INTERVAL 1 DAY AND (? = "
	    "0 OR x.client_id = ?)) AS breaches FROM cases WHERE created_at "
	    ">= ? AND created_at < ? + INTERVAL 1 DAY AND (? = 0 OR client_id "
	    "= ?)", "ssIIssII", from, to, client, client, from, to, client,
	    client);
	per = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COALESCE(w.name, '(unassigned)') AS who, COUNT(*) AS "
	    "n_open, MIN(k.created_at) AS oldest FROM cases k LEFT JOIN users "
	    "w ON w.id = k.owner_id WHERE k.status NOT IN ('resolved', "
	    "'closed') AND (? = 0 OR k.client_id = ?) GROUP BY w.id, w.name "
	    "ORDER BY n_open DESC, who", "II", client, client);
	cli = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT c.name AS client, SUM(k.status NOT IN ('resolved', "
	    "'closed')) AS n_open, ROUND(AVG(IF(k.first_response_at IS NOT "
	    "NULL, k.resp_used, NULL)) / 3600, 1) AS avg_response_h FROM "
	    "cases k JOIN clients c ON c.id = k.client_id WHERE (? = 0 OR "
	    "k.client_id = ?) GROUP BY c.id, c.name ORDER BY n_open DESC, "
	    "c.name", "II", client, client);
	if (tot == NULL || per == NULL || cli == NULL)
		return -1;
	panel = at_x(parent, "panel", NULL);
	at_xa(panel, "name", "cases");
	at_xa(panel, "title", "Support cases");
	cs_rp_figure(panel, "opened", "Cases opened", at_row(tot, 0,
	    "cases"), NULL);
	cs_rp_figure(panel, "response", "Average first response (business "
	    "hours)", at_row(tot, 0, "avg_response_h"), NULL);
	cs_rp_figure(panel, "resolution", "Average resolution (business "
	    "hours)", at_row(tot, 0, "avg_resolution_h"), NULL);
	cs_rp_figure(panel, "breaches", "SLA breaches", at_row(tot, 0,
	    "breaches"), NULL);
	t = at_x(panel, "table", NULL);
	at_xa(t, "name", "staff");
	at_xa(t, "caption", "Open cases per staff member");
	cs_rp_col(t, "who", "Owner", "text");
	cs_rp_col(t, "n_open", "Open cases", "number");
	cs_rp_col(t, "oldest", "Oldest opened", "date");
	for (i = 0; i < per->n; i++) {
		row = at_x(t, "row", NULL);
		at_x(row, "c", at_row(per, i, "who"));
		at_x(row, "c", at_row(per, i, "n_open"));
		at_x(row, "c", at_pstrndup(at_req_pool(req), at_time_local(
		    at_req_pool(req), at_row(per, i, "oldest")), 10));
	}
	t = at_x(panel, "table", NULL);
	at_xa(t, "name", "clients");
	at_xa(t, "caption", "Open cases and response per client");
	cs_rp_col(t, "client", "Client", "text");
	cs_rp_col(t, "n_open", "Open cases", "number");
	cs_rp_col(t, "avg_response_h", "Average first response", "hours");
	for (i = 0; i < cli->n; i++) {
		row = at_x(t, "row", NULL);
		at_x(row, "c", at_row(cli, i, "client"));
		at_x(row, "c", at_row(cli, i, "n_open"));
		at_x(row, "c", at_row(cli, i, "avg_response_h"));
	}
	return 0;
}

/*
 * The job "cases.sla": for each case whose clock runs, warns the owner
 * (or the team) once per target when it falls due within the warning
 * time, and records a breach (once per target) when it is past, with an
 * internal activity entry and a notice.  0, or -1 with *errstr.
 */
static int
cs_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r, *who;
	struct at_notice nt;
	const char	*target, *due;
	long long	 id, owner;
	size_t		 i;
	int		 bit, late;
	time_t		 d;

	r = at_db_select(ctx->db, ctx->pool,
	    "SELECT 'response' AS target, 1 AS bit, id, client_id, subject, "
	    "owner_id, warned, resp_due AS due FROM cases WHERE status IN "
	    "('new', 'open') AND resp_due IS NOT NULL AND resp_due <= ? + "
	    "INTERVAL ? MINUTE UNION ALL SELECT 'resolution', 2, id, "
	    "client_id, subject, owner_id, warned, res_due FROM cases WHERE "
	    "status IN ('new', 'open') AND res_due IS NOT NULL AND res_due "
	    "<= ? + INTERVAL ? MINUTE ORDER BY id", "sIsI",
	    at_time_utc(ctx->pool, ctx->now), cs_warn_min,
	    at_time_utc(ctx->pool, ctx->now), cs_warn_min);
	if (r == NULL) {
		*errstr = "cases: could not read the SLA clocks";
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		owner = at_row_int(r, i, "owner_id", 0);
		target = at_row(r, i, "target");
		due = at_row(r, i, "due");
		bit = (int)at_row_int(r, i, "bit", 0);
		d = at_time_parse_utc(due);
		late = d <= ctx->now;
		if (late) {
			switch (at_db_exec(ctx->db, "INSERT IGNORE INTO "
			    "case_breaches (case_id, target, due_at) VALUES "
			    "(?, ?, ?)", "Iss", id, target, due)) {
			case -1:
				*errstr = "cases: could not record a breach";
				return -1;
			case 0:
				continue;
			}
			at_activity_job(ctx, at_row_int(r, i, "client_id", 0),
			    "breach", "case", id, at_pprintf(ctx->pool,
			    "%s: %s target missed", at_row(r, i, "subject"),
			    target), 0);
		} else {
			if (at_row_int(r, i, "warned", 0) & bit)
				continue;
			if (at_db_exec(ctx->db, "UPDATE cases SET warned = "
			    "warned | ? WHERE id = ?", "iI", bit, id) == -1) {
				*errstr = "cases: could not note a warning";
				return -1;
			}
		}
		who = at_db_select(ctx->db, ctx->pool, "SELECT id FROM users "
		    "WHERE active = 1 AND role IN ('staff', 'admin') AND (id = "
		    "? OR ? = 0)", "II", owner, owner);
		if (who == NULL) {
			*errstr = "cases: could not find whom to tell";
			return -1;
		}
		cs_notice(&nt, "cases.sla", at_pprintf(ctx->pool, late ?
		    "SLA breached: case #%lld %s" : "SLA due soon: case #%lld "
		    "%s", id, at_row(r, i, "subject")), at_pprintf(ctx->pool,
		    late ? "The %s target was due %s." : "The %s target falls "
		    "due %s.", target, at_time_local(ctx->pool, due)),
		    at_pprintf(ctx->pool, "/staff/cases/%lld", id), "case", id);
		/* A notice that cannot be queued is logged. */
		(void)cs_notify(ctx->db, ctx->site, who, 0, &nt);
	}
	return 0;
}

/*
 * The job "cases.remind": reminds the contacts of each case that has
 * waited on them for remind-days (and not been reminded since it began
 * waiting), with the case's reply address so they can answer by mail.
 */
static int
cs_remind(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r, *who;
	struct at_notice nt;
	long long	 id;
	size_t		 i;

	if (cs_remind_days <= 0)
		return 0;
	r = at_db_select(ctx->db, ctx->pool, "SELECT id, client_id, subject, "
	    "opened_by FROM cases WHERE status = 'waiting' AND updated_at <= "
	    "? - INTERVAL ? DAY AND (reminded_at IS NULL OR reminded_at < "
	    "updated_at) ORDER BY id LIMIT 500", "sI",
	    at_time_utc(ctx->pool, ctx->now), cs_remind_days);
	if (r == NULL) {
		*errstr = "cases: could not read the cases waiting";
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		who = at_db_select(ctx->db, ctx->pool, "SELECT u.id FROM users "
		    "u WHERE u.active = 1 AND u.role = 'contact' AND "
		    "u.client_id = ? AND (u.id = ? OR u.id IN (SELECT user_id "
		    "FROM case_watchers WHERE case_id = ?))", "III",
		    at_row_int(r, i, "client_id", 0), at_row_int(r, i,
		    "opened_by", 0), id);
		if (who == NULL || at_db_exec(ctx->db, "UPDATE cases SET "
		    "reminded_at = ? WHERE id = ?", "sI", at_time_utc(ctx->pool,
		    ctx->now), id) == -1) {
			*errstr = "cases: could not send a reminder";
			return -1;
		}
		cs_notice(&nt, "cases.client", at_pprintf(ctx->pool,
		    "Case #%lld: %s", id, at_row(r, i, "subject")), "We are "
		    "waiting for your answer to go on with this case. Reply to "
		    "this mail or on the site.", at_pprintf(ctx->pool,
		    "/cases/%lld", id), "case", id);
#ifdef CS_MAILIN
		nt.reply_to = "cases";
#endif
		/* A notice that cannot be queued is logged. */
		(void)cs_notify(ctx->db, ctx->site, who, 0, &nt);
	}
	return 0;
}

#ifdef CS_MAILIN
/*
 * A reply by mail to a case (atrium/mailin.h): stored as the person
 * would have posted it, once per message, and a contact's told to the
 * team as a reply on the site is.  A contact must still belong to the
 * case's client and the case must not be closed.
 */
static int
cs_mail(struct at_job_ctx *ctx, const struct at_mailin *m,
    const char **errstr)
{
	struct at_rows	*r, *u, *team;
	const char	*st;
	long long	 rc;
	size_t		 i;
	int		 staff;

	r = at_db_select(ctx->db, ctx->pool, "SELECT id, client_id, status, "
	    "subject FROM cases WHERE id = ? FOR UPDATE", "I", m->item);
	u = at_db_select(ctx->db, ctx->pool, "SELECT role, client_id, name "
	    "FROM users WHERE id = ? AND active = 1", "I", m->user);
	if (r == NULL || u == NULL)
		return -1;
	if (r->n != 1 || u->n != 1) {
		*errstr = "This case or account no longer exists.";
		return 1;
	}
	staff = strcmp(at_row(u, 0, "role"), "contact") != 0;
	if (!staff && at_row_int(u, 0, "client_id", 0) !=
	    at_row_int(r, 0, "client_id", -1)) {
		*errstr = "You may not reply to this case.";
		return 1;
	}
	st = at_row(r, 0, "status");
	if (strcmp(st, "closed") == 0) {
		*errstr = "This case is closed; open a new one on the site.";
		return 1;
	}
	if (m->text == NULL || *m->text == '\0') {
		*errstr = "The message has no text to add to the case.";
		return 1;
	}
	rc = at_db_exec(ctx->db, "INSERT IGNORE INTO case_messages (case_id, "
	    "author_id, kind, body, via, mail_id) VALUES (?, ?, 'reply', ?, "
	    "'mail', ?)", "IIss", m->item, m->user, m->text, m->message_id);
	if (rc == -1)
		return -1;
	if (rc == 0)
		return 0;
	if (staff) {
		if (cs_clock_tick(ctx->db, ctx->pool, m->item, CS_ANSWER,
		    ctx->now) == -1)
			return -1;
	} else if (strcmp(st, "waiting") == 0 || strcmp(st, "resolved") == 0) {
		if (at_db_exec(ctx->db, "UPDATE cases SET status = 'open', "
		    "resolved_at = NULL WHERE id = ?", "I", m->item) == -1 ||
		    cs_clock_tick(ctx->db, ctx->pool, m->item, CS_RESUME,
		    ctx->now) == -1)
			return -1;
	}
	if (at_db_exec(ctx->db, "UPDATE cases SET updated_at = "
	    "UTC_TIMESTAMP() WHERE id = ?", "I", m->item) == -1)
		return -1;
	for (i = 0; i < m->nfiles; i++)
		if (at_mailin_store_file(ctx, m, &m->files[i],
		    at_row_int(r, 0, "client_id", 0), "case", m->item, 1,
		    errstr) == -1)
			return -1;
	at_activity_job(ctx, at_row_int(r, 0, "client_id", 0), "mail", "case",
	    m->item, at_row(r, 0, "subject"), 1);
	if (staff)
		return 0;
	/* The team: a notice that cannot be queued is logged. */
	if ((team = cs_team(ctx->db, ctx->pool, m->item)) == NULL)
		return -1;
	(void)cs_tell_team_job(ctx, team, "case", m->item,
	    at_pprintf(ctx->pool, "Case #%lld: %s", m->item, at_row(r, 0,
	    "subject")), at_pprintf(ctx->pool, "%s replied by e-mail.",
	    at_row(u, 0, "name")), at_pprintf(ctx->pool, "/staff/cases/%lld",
	    m->item));
	return 0;
}
#endif

/*
 * The contact's dashboard part: a "Support cases" card with the open
 * cases and those waiting on the client, and each case waiting on the
 * client as "needs your action".
 */
static int
cs_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	struct at_need	 n;
	xmlNodePtr	 card, it;
	size_t		 i;
	long long	 open = 0;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "(SELECT 'open' AS k, COUNT(*) AS id, NULL AS subject FROM cases "
	    "WHERE client_id = ? AND status NOT IN ('resolved', 'closed')) "
	    "UNION ALL (SELECT 'waiting', id, subject FROM cases WHERE "
	    "client_id = ? AND status = 'waiting' ORDER BY updated_at LIMIT "
	    "10)", "II", at_client_scope(req), at_client_scope(req));
	if (r == NULL)
		return -1;
	card = at_x(at_dash_cards(d), "card", NULL);
	at_xa(card, "name", "cases");
	at_xa(card, "title", "Support cases");
	at_xa(card, "href", "/cases");
	at_xa(card, "empty", "No open case.");
	for (i = 0; i < r->n; i++) {
		if (strcmp(at_row(r, i, "k"), "open") == 0) {
			open = at_row_int(r, i, "id", 0);
			continue;
		}
		memset(&n, 0, sizeof(n));
		n.size = AT_EXT_SIZE(at_need);
		n.kind = "case";
		n.label = "Answer";
		n.title = at_pprintf(at_req_pool(req), "Case #%s: %s",
		    at_row(r, i, "id"), at_row(r, i, "subject"));
		n.href = at_pprintf(at_req_pool(req), "/cases/%s",
		    at_row(r, i, "id"));
		at_dash_need(d, &n);
	}
	at_xf(card, "count", "%lld", open);
	if (open > 0) {
		it = at_x(card, "item", at_pprintf(at_req_pool(req),
		    "%lld open %s", open, open == 1 ? "case" : "cases"));
		at_xa(it, "href", "/cases");
	}
	return 0;
}

/* The staff card: open cases, unassigned and breaching. */
static int
cs_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 card, it;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COUNT(*) AS n, COALESCE(SUM(owner_id IS NULL), 0) AS u, "
	    "COALESCE(SUM(status IN ('new', 'open') AND (resp_due <= "
	    "UTC_TIMESTAMP() OR res_due <= UTC_TIMESTAMP())), 0) AS late "
	    "FROM cases WHERE status NOT IN ('resolved', 'closed')", "");
	if (r == NULL)
		return -1;
	card = at_x(cards, "card", NULL);
	at_xa(card, "name", "cases");
	at_xa(card, "title", "Open cases");
	at_xa(card, "href", "/staff/cases");
	at_x(card, "count", at_row(r, 0, "n"));
	it = at_x(card, "item", at_pprintf(at_req_pool(req), "%s unassigned",
	    at_row(r, 0, "u")));
	at_xa(it, "href", "/staff/cases?queue=unassigned");
	it = at_x(card, "item", at_pprintf(at_req_pool(req), "%s past an SLA "
	    "target", at_row(r, 0, "late")));
	at_xa(it, "href", "/staff/cases?queue=breaching");
	return 0;
}

/* The project page's "Support cases" section. */
static int
cs_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s, it;
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, subject, status, updated_at FROM cases WHERE "
	    "project_id = ? AND (? = 0 OR client_id = ?) ORDER BY status IN "
	    "('resolved', 'closed'), updated_at DESC LIMIT 20", "III",
	    project, at_client_scope(req), at_client_scope(req));
	if (r == NULL)
		return -1;
	s = at_x_section(parent, "cases", "Support cases",
	    "No case about this project.");
	for (i = 0; i < r->n; i++) {
		it = at_x_section_item(s, at_pprintf(at_req_pool(req),
		    "#%s %s", at_row(r, i, "id"), at_row(r, i, "subject")),
		    at_pprintf(at_req_pool(req), "%s/cases/%s",
		    at_is_staff(req) ? "/staff" : "", at_row(r, i, "id")),
		    at_time_local(at_req_pool(req), at_row(r, i,
		    "updated_at")));
		at_xa(it, "status", at_row(r, i, "status"));
	}
	return 0;
}

/*
 * Search: cases whose subject or description match, and (contacts:
 * replies only; staff: notes too) messages that do.
 */
static int
cs_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, subject AS title, snippet, MAX(score) AS score FROM ("
	    "SELECT k.id, k.subject, LEFT(k.body, 240) AS snippet, MATCH "
	    "(k.subject, k.body) AGAINST (? IN BOOLEAN MODE) AS score FROM "
	    "cases k WHERE MATCH (k.subject, k.body) AGAINST (? IN BOOLEAN "
	    "MODE) AND (? = 1 OR k.client_id = ?) UNION ALL SELECT k.id, "
	    "k.subject, LEFT(m.body, 240), MATCH (m.body) AGAINST (? IN "
	    "BOOLEAN MODE) FROM case_messages m JOIN cases k ON k.id = "
	    "m.case_id WHERE MATCH (m.body) AGAINST (? IN BOOLEAN MODE) AND "
	    "(? = 1 OR (k.client_id = ? AND m.kind = 'reply'))) x GROUP BY "
	    "id ORDER BY score DESC, id DESC LIMIT ?", "ssiIssiIi",
	    at_search_terms(q), at_search_terms(q), at_is_staff(req),
	    at_client_scope(req), at_search_terms(q), at_search_terms(q),
	    at_is_staff(req), at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/cases/");
	return 0;
}

/* Activity about a case as a sentence, linked to the case. */
static void
cs_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "open", "opened the case" },
		{ "reply", "replied to the case" },
		{ "mail", "replied by mail to the case" },
		{ "answer", "answered the case" },
		{ "note", "added an internal note to the case" },
		{ "resolve", "resolved the case" },
		{ "resolved", "resolved the case" },
		{ "reopen", "reopened the case" },
		{ "waiting", "asked the client about the case" },
		{ "closed", "closed the case" },
		{ "breach", "recorded a missed SLA target on the case" },
	};
	struct at_act_entry who = *e;

	/* An entry without a person was written by the team's jobs. */
	if (who.who == NULL)
		who.who = "The team";
	*href = at_act_href(req, "/cases/", e->object_id);
	*sentence = at_act_sentence(req, &who, verbs,
	    sizeof(verbs) / sizeof(verbs[0]));
}

/* The staff client page's "Cases" tab, with the open cases. */
static int
cs_tab(struct at_req *req, xmlNodePtr tab, long long client)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COUNT(*) AS n FROM cases WHERE client_id = ? AND status "
	    "NOT IN ('resolved', 'closed')", "I", client);
	if (r == NULL)
		return -1;
	at_xa(tab, "count", at_row(r, 0, "n"));
	return 0;
}

static const struct at_field f_case[] = {
	{ "client", NULL, 0, 20, "Client" },
	{ "type", NULL, 0, 20, "Type" },
	{ "subject", at_v_line, AT_F_REQUIRED, 200, "Subject" },
	{ "body", NULL, AT_F_REQUIRED, 20000, "Description" },
	{ "priority", NULL, 0, 10, "Priority" },
	{ "project", NULL, 0, 20, "Project" },
	{ "file", NULL, AT_F_FILE, 0, "File" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_reply[] = {
	{ "body", NULL, AT_F_REQUIRED, 20000, "Reply" },
	{ "then", NULL, 0, 10, "Then" },
	{ "file", NULL, AT_F_FILE, 0, "File" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_sign[] = {
	{ "client", NULL, AT_F_REQUIRED, 20, "Client" },
	{ "sign", NULL, 0, 1, "Signed approval" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_canned_use[] = {
	{ "body", NULL, 0, 20000, "Reply" },
	{ "then", NULL, 0, 10, "Then" },
	{ "canned", NULL, 0, 20, "Canned reply" },
	{ "file", NULL, AT_F_FILE, 0, "File" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_note[] = {
	{ "body", NULL, AT_F_REQUIRED, 20000, "Internal note" },
	{ "file", NULL, AT_F_FILE, 0, "File" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_update[] = {
	{ "status", NULL, 0, 10, "Status" },
	{ "owner", NULL, 0, 20, "Owner" },
	{ "priority", NULL, 0, 10, "Priority" },
	{ "type", NULL, 0, 20, "Type" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_watch[] = {
	{ "user", NULL, 0, 20, "Person" },
	{ "on", at_v_bool, 0, 0, "Watch" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_assign[] = {
	{ "owner", NULL, AT_F_REQUIRED, 20, "Owner" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_type[] = {
	{ "id", NULL, 0, 20, "Type" },
	{ "name", at_v_line, 0, 60, "Name" },
	{ "active", at_v_bool, 0, 0, "Active" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_sla[] = {
	{ "low_response", at_v_int, AT_F_REQUIRED, 6, "Low: response" },
	{ "low_resolution", at_v_int, AT_F_REQUIRED, 6, "Low: resolution" },
	{ "normal_response", at_v_int, AT_F_REQUIRED, 6, "Normal: response" },
	{ "normal_resolution", at_v_int, AT_F_REQUIRED, 6,
	    "Normal: resolution" },
	{ "high_response", at_v_int, AT_F_REQUIRED, 6, "High: response" },
	{ "high_resolution", at_v_int, AT_F_REQUIRED, 6, "High: resolution" },
	{ "urgent_response", at_v_int, AT_F_REQUIRED, 6, "Urgent: response" },
	{ "urgent_resolution", at_v_int, AT_F_REQUIRED, 6,
	    "Urgent: resolution" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_canned[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 120, "Title" },
	{ "body", NULL, AT_F_REQUIRED, 4000, "Text" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route cs_routes[] = {
	{ AT_GET, "/cases", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/cases/new", AT_CONTACT, h_new_form, NULL, NULL },
	{ AT_POST, "/cases/new", AT_CONTACT, h_new, f_case, NULL },
	{ AT_GET, "/cases/:id", AT_CONTACT, h_view, NULL, NULL },
	{ AT_POST, "/cases/:id/reply", AT_CONTACT, h_reply, f_reply, NULL },
	{ AT_GET, "/cases/:id/files/:file", AT_CONTACT, h_file, NULL, NULL },
	{ AT_GET, "/staff/cases", AT_STAFF, h_queue, NULL, NULL },
	{ AT_POST, "/staff/cases/assign", AT_STAFF, h_assign, f_assign,
	    NULL },
	{ AT_GET, "/staff/cases/new", AT_STAFF, h_staff_new_form, NULL,
	    NULL },
	{ AT_POST, "/staff/cases/new", AT_STAFF, h_new, f_case, NULL },
	{ AT_GET, "/staff/cases/settings", AT_STAFF, h_settings, NULL, NULL },
	{ AT_POST, "/staff/cases/settings/types", AT_STAFF, h_set_type,
	    f_type, NULL },
	{ AT_POST, "/staff/cases/settings/sla", AT_STAFF, h_set_sla, f_sla,
	    NULL },
	{ AT_POST, "/staff/cases/settings/canned", AT_STAFF, h_set_canned,
	    f_canned, NULL },
	{ AT_POST, "/staff/cases/settings/sign", AT_STAFF, h_set_sign,
	    f_sign, NULL },
	{ AT_GET, "/staff/cases/measures.csv", AT_STAFF, h_csv, NULL, NULL },
	{ AT_GET, "/staff/cases/canned.js", AT_STAFF, h_canned_js, NULL,
	    NULL },
	{ AT_GET, "/staff/cases/:id", AT_STAFF, h_staff_view, NULL, NULL },
	{ AT_POST, "/staff/cases/:id/reply", AT_STAFF, h_staff_reply,
	    f_reply, NULL },
	{ AT_POST, "/staff/cases/:id/note", AT_STAFF, h_note, f_note, NULL },
	{ AT_POST, "/staff/cases/:id/canned", AT_STAFF, h_canned_use,
	    f_canned_use, NULL },
	{ AT_POST, "/staff/cases/:id/update", AT_STAFF, h_update, f_update,
	    NULL },
	{ AT_POST, "/staff/cases/:id/watch", AT_STAFF, h_watch, f_watch,
	    NULL },
	{ AT_GET, "/staff/cases/:id/files/:file", AT_STAFF, h_file, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/*
 * Health factor "sla_breaches", every period at once: the SLA targets
 * (first response or resolution) each client's cases missed in each of
 * n periods, by the moment the target passed.  Period k (0 .. n-1) is
 * from..to moved back by k times its length in days (period 0 is
 * from..to); one grouped query over a derived table of the periods.
 * Rows client_id, period, value; client 0: every client with one.
 * NULL when the database failed.
 */
static struct at_rows *
cs_hfp_breaches(struct at_req *req, const char *from, const char *to,
    int n, long long client)
{
	return at_db_select(at_req_db(req), at_req_pool(req), "WITH "
	    "RECURSIVE pk (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM pk "
	    "WHERE k + 1 < ?), ln (d) AS (SELECT GREATEST(1, DATEDIFF(?, ?) "
	    "+ 1)), pr AS (SELECT pk.k, DATE(?) - INTERVAL pk.k * ln.d DAY "
	    "AS f, DATE(?) - INTERVAL pk.k * ln.d DAY + INTERVAL 1 DAY AS t "
	    "FROM pk JOIN ln) SELECT c.client_id, pr.k AS period, COUNT(*) "
	    "AS value FROM pr JOIN case_breaches b ON b.due_at >= pr.f AND "
	    "b.due_at < pr.t JOIN cases c ON c.id = b.case_id WHERE (? = 0 "
	    "OR c.client_id = ?) GROUP BY c.client_id, pr.k", "issssII", n,
	    to, from, from, to, client, client);
}

/*
 * Health factor "sla_breaches" for the one period from..to: the SLA
 * targets each client's cases missed in it; client 0: every client with
 * one.  Rows client_id, value (and period 0), or NULL.
 */
static struct at_rows *
cs_hf_breaches(struct at_req *req, const char *from, const char *to,
    long long client)
{
	return cs_hfp_breaches(req, from, to, 1, client);
}

static const struct at_dash_part cs_dash_part = {
	AT_EXT_SIZE(at_dash_part), "cases", AT_CONTACT, 65, cs_dash
};
static const struct at_section cs_sec = {
	AT_EXT_SIZE(at_section), "cases", AT_CONTACT | AT_STAFF, 65,
	cs_section
};
static const struct at_search_provider cs_find = {
	AT_EXT_SIZE(at_search_provider), "case", "Case",
	AT_CONTACT | AT_STAFF, cs_search
};
static const struct at_act_kind cs_actk = {
	AT_EXT_SIZE(at_act_kind), "case", cs_act
};
static const struct at_client_tab cs_ctab = {
	AT_EXT_SIZE(at_client_tab), "cases", "Cases",
	"/staff/cases?client=%lld", 65, cs_tab
};
static const struct at_report_panel cs_panel = {
	AT_EXT_SIZE(at_report_panel), "cases", "Support cases", 60, cs_report
};
static const struct at_health_factor cs_hf = {
	AT_EXT_SIZE(at_health_factor), "sla_breaches", "SLA breaches",
	"breaches", 5, 0, 25, 95, cs_hf_breaches, cs_hfp_breaches
};

static cfg_opt_t cs_opts[] = {
	CFG_STR("work-days", "mon-fri", CFGF_NONE),
	CFG_STR("work-hours", "09:00-17:00", CFGF_NONE),
	CFG_STR_LIST("holidays", "{}", CFGF_NONE),
	CFG_INT("warn-minutes", 60, CFGF_NONE),
	CFG_INT("remind-days", 0, CFGF_NONE),
	CFG_STR("currency", "EUR", CFGF_NONE),
	CFG_BOOL("sign-estimates", cfg_false, CFGF_NONE),
	CFG_END()
};

/*
 * The navigation's count of cases opened or answered since the caller
 * last opened the list, not counting their own: for a contact, their
 * client's cases opened for them, replied to or resolved; for staff,
 * cases opened and replies or notes by someone else.
 */
static const struct at_nav_count cs_navcount = {
	AT_EXT_SIZE(at_nav_count), "cases", "/cases",
	"SELECT COUNT(*) FROM cases k WHERE k.client_id = ? AND "
	"((k.created_at > ? AND COALESCE(k.opened_by, 0) <> ?) OR EXISTS "
	"(SELECT 1 FROM case_messages cm WHERE cm.case_id = k.id AND cm.kind "
	"= 'reply' AND cm.created_at > ? AND COALESCE(cm.author_id, 0) <> ?) "
	"OR (k.updated_at > ? AND k.status IN ('resolved', 'closed')))",
	"cmumum", "/staff/cases",
	"SELECT COUNT(*) FROM cases k WHERE (k.created_at > ? AND "
	"COALESCE(k.opened_by, 0) <> ?) OR EXISTS (SELECT 1 FROM "
	"case_messages cm WHERE cm.case_id = k.id AND cm.created_at > ? AND "
	"COALESCE(cm.author_id, 0) <> ?)", "mumu", 0
};

/*
 * Reads the working calendar from the options and registers the routes,
 * navigation, dashboard parts, section, search, activity, client tab,
 * report panel, notice kinds, the SLA job, the mail handler and the
 * change requests.  Refuses to load with a calendar that does not parse.
 */
static int
cs_init(struct at_registry *reg, const char **errstr)
{
	cfg_t		*cfg = at_reg_config(reg);
	const char	*hol[CS_HOLIDAYS_MAX];
	unsigned int	 i, n;

	n = cfg_size(cfg, "holidays");
	if (n > CS_HOLIDAYS_MAX) {
		*errstr = "cases: more than 256 holidays";
		return -1;
	}
	for (i = 0; i < n; i++)
		hol[i] = cfg_getnstr(cfg, "holidays", i);
	if (cs_cal_parse(&cs_calendar, cfg_getstr(cfg, "work-days"),
	    cfg_getstr(cfg, "work-hours"), hol, n, errstr) == -1)
		return -1;
	cs_warn_min = cfg_getint(cfg, "warn-minutes");
	if (cs_warn_min < 0)
		cs_warn_min = 0;
	cs_remind_days = cfg_getint(cfg, "remind-days");
	at_reg_routes(reg, cs_routes);
	at_reg_nav(reg, AT_CONTACT, "Support", "/cases", 65);
	at_reg_nav(reg, AT_STAFF, "Cases", "/staff/cases", 65);
	at_reg_nav_count(reg, &cs_navcount);
	at_reg_dash(reg, &cs_dash_part);
	at_reg_card(reg, AT_STAFF, cs_staff_card, 65);
	at_reg_section(reg, &cs_sec);
	at_reg_search(reg, &cs_find);
	at_reg_activity(reg, &cs_actk);
	at_reg_client_tab(reg, &cs_ctab);
	at_reg_report_panel(reg, &cs_panel);
	at_reg_health_factor(reg, &cs_hf);
	at_reg_job(reg, "sla", 300, cs_job);
	at_reg_job(reg, "remind", 3600, cs_remind);
	at_notify_kind(reg, "team", "Cases and change requests from clients",
	    AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "client", "Answers to my cases and change "
	    "requests", AT_CONTACT, AT_DELIVER_NOW);
	at_notify_kind(reg, "sla", "Cases about to miss, or past, an SLA "
	    "target", AT_STAFF, AT_DELIVER_NOW);
#ifdef CS_MAILIN
	at_reg_mail_handler(reg, "cases", cs_mail);
#endif
	cr_register(reg);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "cases",
	.version = "1.0",
	.summary = "Support cases with SLAs, and change requests",
	.options = cs_opts,
	.init = cs_init,
};
