/*
 * Change requests: a contact (or staff for a client) asks for a change
 * (title, category, priority, description, justification, expected
 * benefit, project); staff review it and estimate it (scope, cost lines
 * in the request's currency, days of schedule impact and the milestones
 * that move); the client approves or rejects the estimate, recorded
 * like an approval (who, when, from which address).  On approval a
 * decision is recorded on the project, the cost lines are invoiced
 * through the invoicing service and the contract amended through the
 * contracts service when those are loaded, and the milestones move.
 * When the client's estimates are signed (option or client setting
 * sign-estimates), the approval goes through the e-signature service
 * first and takes effect on its esign.completed event.
 *
 * States: submitted, review, estimated, (signing,) approved or
 * rejected, scheduled, done.  Every contact query is scoped by the client.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>
#include <atrium/money.h>
#include <atrium/invoicing.h>
#include <atrium/contracts.h>
#include <atrium/esign.h>

#include "change.h"
#include "common.h"

#ifndef AT_SVC_CONTRACTS
#define AT_SVC_CONTRACTS	"contracts"
#define AT_SVC_CONTRACTS_V	0x00010000u	/* AT_VERSION(1, 0) */
#endif

/*
 * Where an approval takes effect: in a request (req set: the decision is
 * recorded as the person's) or in the e-signature subscriber (req NULL).
 */
struct cr_ctx {
	struct at_req	*req;		/* or NULL */
	struct at_db	*db;
	struct at_pool	*pool;
	const char	*who;		/* the approver's name */
	const char	*note;		/* their comment, or NULL */
	const char	*follow;	/* a note for the team to start with */
};

/* Cost lines on the estimate form. */
#define CR_LINES	5

#define CR_FIELDS "r.id, r.client_id, c.name AS client, r.project_id, " \
	"p.name AS project, r.title, r.category, r.priority, " \
	"r.description, r.justification, r.benefit, r.status, " \
	"r.requested_by, q.name AS requester, r.scope, r.schedule_days, " \
	"r.currency, r.estimated_at, r.decided_name, r.decided_at, " \
	"r.decided_addr, r.decision_note, r.decision_id, r.invoice_id, " \
	"r.invoice_number, r.contract_id, r.followup, r.created_at, " \
	"r.envelope_id, r.sealed_file_id, " \
	"(SELECT COALESCE(SUM(amount), 0) FROM change_lines l WHERE " \
	"l.change_id = r.id) AS total "
#define CR_FROM "FROM change_requests r JOIN clients c ON c.id = " \
	"r.client_id LEFT JOIN projects p ON p.id = r.project_id LEFT JOIN " \
	"users q ON q.id = r.requested_by "

static const char *const cr_categories[] = {
	"feature", "bugfix", "enhancement", "other", NULL
};

/* Whether s is in the NULL-terminated list. */
static int
cr_one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* An amount in minor units of currency code for people, in pool. */
static const char *
cr_money(struct at_pool *pool, long long amount, const char *code)
{
	const struct at_currency *cur = at_currency(code);

	if (cur == NULL)
		return at_pprintf(pool, "%lld %s", amount, code);
	return at_money_format(pool, amount, cur, NULL, AT_MONEY_CODE);
}

/*
 * Blanks (as an SQL NULL) what only the team reads in request rows r
 * when req is a contact's: the note of what is left to do by hand
 * (followup), so a contact's pages and ?format=xml never carry it.
 */
static void
cr_team_only(struct at_req *req, struct at_rows *r)
{
	size_t	 i, c;

	if (r == NULL || at_is_staff(req))
		return;
	for (c = 0; c < r->ncol; c++)
		if (strcmp(r->cols[c], "followup") == 0)
			for (i = 0; i < r->n; i++)
				r->v[i * r->ncol + c] = NULL;
}

/*
 * Change request :id of the route, if the caller may see it (a
 * contact's without the team's note, cr_team_only).  Its row, or NULL
 * with *status.
 */
static struct at_rows *
cr_get(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CR_FIELDS CR_FROM
	    "WHERE r.id = ? AND (? = 0 OR r.client_id = ?)", "III", id,
	    at_client_scope(req), at_client_scope(req));
	if (r == NULL) {
		*status = at_db_gone(at_req_db(req)) ? 503 : 500;
		return NULL;
	}
	cr_team_only(req, r);
	return r->n == 1 ? r : NULL;
}

/* <change> rows under parent as name, with the formatted total. */
static void
cr_list(struct at_req *req, xmlNodePtr parent, const char *name,
    const struct at_rows *r)
{
	xmlNodePtr	 list, k;
	size_t		 i;

	list = at_x(parent, name, NULL);
	for (i = 0; i < r->n; i++) {
		k = at_x_row(list, "change", r, i);
		at_xa(k, "total_text", cr_money(at_req_pool(req),
		    at_row_int(r, i, "total", 0), at_row(r, i, "currency")));
		at_xa(k, "created", at_time_local(at_req_pool(req),
		    at_row(r, i, "created_at")));
	}
}

/* GET /changes (contact): the client's change requests. */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CR_FIELDS CR_FROM "WHERE r.client_id = ? ORDER BY "
	    "r.status = 'estimated' DESC, r.status IN ('done', 'rejected'), "
	    "r.id DESC LIMIT 200", "I", at_client_scope(req));
	if (r == NULL || at_seen_mark(req, "changes") == -1)
		return 500;
	cr_team_only(req, r);
	at_page_id(req, "changes-list");
	at_page_title(req, "Change requests");
	cr_list(req, at_page_content(req), "changes", r);
	return 200;
}

/* GET /staff/changes (staff): every request; filters status, client. */
static int
h_staff_list(struct at_req *req)
{
	struct at_rows	*r, *cl;
	xmlNodePtr	 c, f;
	const char	*status = at_query(req, "status");
	long long	 client = 0;

	if (status != NULL && *status == '\0')
		status = NULL;
	if (at_query(req, "client") != NULL)
		at_strtoll(at_query(req, "client"), &client);
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CR_FIELDS CR_FROM "WHERE (? = 0 OR r.client_id = ?) AND "
	    "(? IS NULL OR r.status = ?) ORDER BY FIELD(r.status, "
	    "'submitted', 'review', 'estimated', 'approved', 'scheduled', "
	    "'done', 'rejected'), r.id DESC LIMIT 300", "IIss", client, client,
	    status, status);
	cl = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM clients ORDER BY name", "");
	if (r == NULL || cl == NULL || at_seen_mark(req, "changes") == -1)
		return 500;
	at_page_id(req, "staff-changes-list");
	at_page_title(req, "Change requests");
	c = at_page_content(req);
	f = at_x(c, "filter", NULL);
	at_xaf(f, "client", "%lld", client);
	at_xa(f, "status", status);
	at_x_rows(c, "clients", "client", cl);
	cr_list(req, c, "changes", r);
	return 200;
}

/* The form to file a request (staff: for client). */
static int
cr_new_form(struct at_req *req, long long client)
{
	struct at_rows	*cl;
	xmlNodePtr	 c;

	at_page_id(req, at_is_staff(req) ? "staff-changes-new" :
	    "changes-new");
	at_page_title(req, "Request a change");
	c = at_page_content(req);
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
	at_x_form(req, c, "change");
	return 200;
}

/* GET /changes/new (contact). */
static int
h_new_form(struct at_req *req)
{
	return cr_new_form(req, at_client_scope(req));
}

/* GET /staff/changes/new (staff): ?client=. */
static int
h_staff_new_form(struct at_req *req)
{
	long long	 client = 0;

	if (at_query(req, "client") != NULL)
		at_strtoll(at_query(req, "client"), &client);
	return cr_new_form(req, client);
}

/*
 * The currency of a request for client about project pid: the
 * project's, else the plugin's option "currency".
 */
static const char *
cr_currency(struct at_req *req, long long pid)
{
	struct at_rows	*r;

	if (pid > 0 && (r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT currency FROM projects WHERE id = ?", "I", pid)) != NULL &&
	    r->n == 1)
		return at_row(r, 0, "currency");
	return cfg_getstr(at_req_config(req), "currency");
}

/*
 * POST /changes/new (contact), /staff/changes/new (staff): fields title,
 * category, priority, description, justification, benefit, project;
 * staff also client.  Files the request and tells the other side.
 */
static int
h_new(struct at_req *req)
{
	struct at_rows	*t;
	const char	*cat = at_form(req, "category");
	const char	*prio = at_form(req, "priority");
	long long	 client = at_client_scope(req), pid = 0, id;
	int		 mailed;

	if (at_is_staff(req) && (at_form(req, "client") == NULL ||
	    at_strtoll(at_form(req, "client"), &client) == -1 ||
	    (t = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id "
	    "FROM clients WHERE id = ?", "I", client)) == NULL || t->n == 0)) {
		at_form_error(req, "client", "Choose the client.");
		client = 0;
	}
	if (!cr_one_of(cat, cr_categories))
		at_form_error(req, "category", "Choose feature, bug fix, "
		    "enhancement or other.");
	if (prio == NULL || *prio == '\0')
		prio = "normal";
	if (strcmp(prio, "low") != 0 && strcmp(prio, "normal") != 0 &&
	    strcmp(prio, "high") != 0 && strcmp(prio, "urgent") != 0)
		at_form_error(req, "priority", "Choose low, normal, high or "
		    "urgent.");
	if (client > 0 && cs_project_field(req, client, &pid) == -1)
		return 503;
	if (at_form_errors(req) > 0)
		return cr_new_form(req, client);
	if (at_db_exec(at_req_db(req), "INSERT INTO change_requests "
	    "(client_id, project_id, title, category, priority, description, "
	    "justification, benefit, requested_by, currency) VALUES (?, "
	    "NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)", "IIssssssIs", client, pid,
	    at_form(req, "title"), cat, prio, at_form(req, "description"),
	    at_form(req, "justification"), at_form(req, "benefit"),
	    at_user_id(at_req_user(req)), cr_currency(req, pid)) == -1)
		return 500;
	id = at_db_insert_id(at_req_db(req));
	if (at_is_staff(req))
		mailed = cs_tell(req, at_db_select(at_req_db(req),
		    at_req_pool(req), "SELECT id FROM users WHERE client_id = ? "
		    "AND role = 'contact' AND active = 1", "I", client),
		    "cases.client", at_pprintf(at_req_pool(req), "Change "
		    "request: %s", at_form(req, "title")), "The team filed a "
		    "change request for you.", at_pprintf(at_req_pool(req),
		    "/changes/%lld", id), "change", id, 0);
	else
		mailed = cs_tell(req, at_db_select(at_req_db(req),
		    at_req_pool(req), "SELECT id FROM users WHERE active = 1 "
		    "AND role IN ('staff', 'admin')", ""), "cases.team",
		    at_pprintf(at_req_pool(req), "Change request: %s",
		    at_form(req, "title")), at_pprintf(at_req_pool(req),
		    "%s of %s asked for a change.",
		    at_user_name(at_req_user(req)),
		    at_user_client_name(at_req_user(req))),
		    at_pprintf(at_req_pool(req), "/staff/changes/%lld", id),
		    "change", id, 0);
	if (at_activity(req, client, "submit", "change", id,
	    at_form(req, "title"), 1) == -1)
		return 500;
	cs_flash(req, mailed, "Your change request is filed. We will review "
	    "it and send an estimate.");
	return at_redirect(req, at_pprintf(at_req_pool(req), "%s/changes/%lld",
	    at_is_staff(req) ? "/staff" : "", id));
}

/*
 * Draws request row r with its cost lines, moved milestones and (staff)
 * the project's milestones to pick from.
 */
static int
cr_page(struct at_req *req, struct at_rows *r)
{
	struct at_rows	*l, *m, *ms;
	xmlNodePtr	 c, k, x;
	long long	 id = at_row_int(r, 0, "id", 0);
	const char	*cur = at_row(r, 0, "currency");
	size_t		 i;

	l = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, description, qty_milli, unit, amount FROM "
	    "change_lines WHERE change_id = ? ORDER BY id", "I", id);
	m = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT cm.milestone_id, ms.title, cm.old_due, cm.new_due, "
	    "cm.moved_at FROM change_moves cm JOIN milestones ms ON ms.id = "
	    "cm.milestone_id WHERE cm.change_id = ? AND (ms.visible = 1 OR ?) "
	    "ORDER BY cm.old_due", "Ii", id, at_is_staff(req));
	if (l == NULL || m == NULL)
		return 500;
	c = at_page_content(req);
	k = at_x_row(c, "change", r, 0);
	at_xa(k, "total_text", cr_money(at_req_pool(req),
	    at_row_int(r, 0, "total", 0), cur));
	at_xa(k, "created", at_time_local(at_req_pool(req),
	    at_row(r, 0, "created_at")));
	if (at_row(r, 0, "decided_at") != NULL)
		at_xa(k, "decided", at_time_local(at_req_pool(req),
		    at_row(r, 0, "decided_at")));
	at_x_markdown(req, k, "description_html", at_row(r, 0,
	    "description"));
	if (at_row(r, 0, "scope") != NULL)
		at_x_markdown(req, k, "scope_html", at_row(r, 0, "scope"));
	x = at_x(c, "lines", NULL);
	for (i = 0; i < l->n; i++) {
		xmlNodePtr	 ln = at_x_row(x, "line", l, i);

		at_xa(ln, "qty", at_qty_decimal(at_req_pool(req),
		    at_row_int(l, i, "qty_milli", 0)));
		at_xa(ln, "unit_text", cr_money(at_req_pool(req),
		    at_row_int(l, i, "unit", 0), cur));
		at_xa(ln, "amount_text", cr_money(at_req_pool(req),
		    at_row_int(l, i, "amount", 0), cur));
	}
	at_x_rows(c, "moves", "move", m);
	if (at_is_staff(req) && at_row(r, 0, "project_id") != NULL) {
		ms = at_db_select(at_req_db(req), at_req_pool(req),
		    "SELECT id, title, due_on, visible FROM milestones WHERE "
		    "project_id = ? AND done_at IS NULL ORDER BY due_on", "I",
		    at_row_int(r, 0, "project_id", 0));
		if (ms == NULL)
			return 500;
		at_x_rows(c, "milestones", "milestone", ms);
	}
	return 200;
}

/*
 * What the e-signature service says of request row r's envelope, if it
 * has one: <signing envelope= state= link=/> (link: where the caller
 * signs now; absent="1" when the service is not loaded).
 */
static void
cr_signing(struct at_req *req, xmlNodePtr parent, const struct at_rows *r)
{
	const struct at_esign_svc *es;
	const char	*state = NULL, *link;
	long long	 env = at_row_int(r, 0, "envelope_id", 0), file = 0;
	xmlNodePtr	 n;

	if (env <= 0)
		return;
	n = at_x(parent, "signing", NULL);
	at_xaf(n, "envelope", "%lld", env);
	es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
	if (es == NULL || es->size < sizeof(*es)) {
		at_xa(n, "absent", "1");
		return;
	}
	if (es->state(req, env, &state, &file) == 0 && state != NULL)
		at_xa(n, "state", state);
	if (strcmp(at_row(r, 0, "status"), "signing") == 0 &&
	    (link = es->sign_link(req, env)) != NULL)
		at_xa(n, "link", link);
}

/* GET /changes/:id (contact). */
static int
h_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = cr_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "changes-view");
	at_page_title(req, at_row(r, 0, "title"));
	at_x_form(req, at_page_content(req), "decide");
	cr_signing(req, at_page_content(req), r);
	return cr_page(req, r);
}

/* GET /staff/changes/:id (staff). */
static int
h_staff_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = cr_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "staff-changes-view");
	at_page_title(req, at_row(r, 0, "title"));
	at_x_form(req, at_page_content(req), "estimate");
	cr_signing(req, at_page_content(req), r);
	return cr_page(req, r);
}

/* Tells the client's contacts about request id of client. */
static int
cr_tell_client(struct at_req *req, long long client, long long id,
    const char *title, const char *what)
{
	return cs_tell(req, at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id FROM users WHERE client_id = ? AND role = 'contact' "
	    "AND active = 1", "I", client), "cases.client",
	    at_pprintf(at_req_pool(req), "Change request: %s", title), what,
	    at_pprintf(at_req_pool(req), "/changes/%lld", id), "change", id,
	    0);
}

/*
 * POST /staff/changes/:id/estimate (staff): fields scope, days, lineN_desc,
 * lineN_qty, lineN_unit (N 1..5), move (repeated: milestone ids moved by
 * days).  Replaces the estimate and asks the client to decide.
 */
static int
h_estimate(struct at_req *req)
{
	const struct at_currency *cur;
	const struct at_param *p;
	struct at_rows	*r;
	const char	*d, *q, *u, *err;
	char		 name[32];
	int64_t		 qty, unit, amount;
	long long	 id, days = 0, mid;
	int		 st, i, n = 0, mailed;

	if ((r = cr_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (!cr_one_of(at_row(r, 0, "status"), (const char *const[]){
	    "submitted", "review", "estimated", "rejected", NULL })) {
		at_flash(req, "error", "This request is decided; it cannot be "
		    "estimated again.");
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/staff/changes/%lld", id));
	}
	if ((cur = at_currency(at_row(r, 0, "currency"))) == NULL)
		return 500;
	if (at_form(req, "days") != NULL && *at_form(req, "days") != '\0' &&
	    (at_strtoll(at_form(req, "days"), &days) == -1 || days < 0 ||
	    days > 3650))
		at_form_error(req, "days", "Give whole days, 0 to 3650.");
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_exec(at_req_db(req), "DELETE FROM change_lines WHERE "
	    "change_id = ?", "I", id) == -1 || at_db_exec(at_req_db(req),
	    "DELETE FROM change_moves WHERE change_id = ?", "I", id) == -1)
		return 500;
	for (i = 1; i <= CR_LINES; i++) {
		snprintf(name, sizeof(name), "line%d_desc", i);
		d = at_form(req, name);
		snprintf(name, sizeof(name), "line%d_qty", i);
		q = at_form(req, name);
		snprintf(name, sizeof(name), "line%d_unit", i);
		u = at_form(req, name);
		if (d == NULL || *d == '\0')
			continue;
		if (q == NULL || *q == '\0')
			q = "1";
		if (at_qty_parse(q, NULL, 0, &qty, &err) == -1 ||
		    qty == 0) {
			snprintf(name, sizeof(name), "line%d_qty", i);
			at_form_error(req, name, "Give a quantity, such as 1 "
			    "or 2.5.");
			continue;
		}
		if (u == NULL || at_money_parse(u, cur, NULL, 0, &unit,
		    &err) == -1) {
			snprintf(name, sizeof(name), "line%d_unit", i);
			at_form_error(req, name, "Give a price, such as "
			    "1250.00.");
			continue;
		}
		if (at_money_line(unit, qty, &amount) == -1) {
			snprintf(name, sizeof(name), "line%d_unit", i);
			at_form_error(req, name, "That amount is too large.");
			continue;
		}
		if (at_db_exec(at_req_db(req), "INSERT INTO change_lines "
		    "(change_id, description, qty_milli, unit, amount) VALUES "
		    "(?, ?, ?, ?, ?)", "IsIII", id, d, (long long)qty,
		    (long long)unit, (long long)amount) == -1)
			return 500;
		n++;
	}
	if (n == 0 && at_form_errors(req) == 0)
		at_form_error(req, "line1_desc", "Add at least one cost line.");
	if (at_form_errors(req) > 0) {
		at_db_rollback(at_req_db(req));
		return h_staff_view(req);
	}
	for (p = at_req_form(req); p != NULL; p = p->next) {
		if (strcmp(p->name, "move") != 0 || p->value == NULL ||
		    at_strtoll(p->value, &mid) == -1)
			continue;
		if (at_db_exec(at_req_db(req), "INSERT IGNORE INTO change_moves "
		    "(change_id, milestone_id, old_due, new_due) SELECT ?, id, "
		    "due_on, due_on + INTERVAL ? DAY FROM milestones WHERE id = "
		    "? AND project_id = ? AND done_at IS NULL", "IIII", id, days,
		    mid, at_row_int(r, 0, "project_id", 0)) == -1)
			return 500;
	}
	if (at_db_exec(at_req_db(req), "UPDATE change_requests SET status = "
	    "'estimated', scope = ?, schedule_days = ?, estimated_at = "
	    "UTC_TIMESTAMP(), estimated_by = ?, decided_by = NULL, "
	    "decided_name = NULL, decided_at = NULL, decided_addr = NULL, "
	    "decision_note = NULL, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	    "sIII", at_form(req, "scope"), days, at_user_id(at_req_user(req)),
	    id) == -1)
		return 500;
	mailed = cr_tell_client(req, at_row_int(r, 0, "client_id", 0), id,
	    at_row(r, 0, "title"), "The estimate is ready for your "
	    "approval.");
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "estimate",
	    "change", id, at_row(r, 0, "title"), 1) == -1)
		return 500;
	cs_flash(req, mailed, "Estimate sent to the client for approval.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/changes/%lld", id));
}

/*
 * POST /staff/changes/:id/status (staff): field status (review,
 * scheduled, done): the team's steps around the client's decision.
 */
static int
h_status(struct at_req *req)
{
	struct at_rows	*r;
	const char	*to = at_form(req, "status"), *from;
	long long	 id;
	int		 st, ok, mailed = 0;

	if ((r = cr_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	from = at_row(r, 0, "status");
	ok = (strcmp(to, "review") == 0 && strcmp(from, "submitted") == 0) ||
	    (strcmp(to, "scheduled") == 0 && strcmp(from, "approved") == 0) ||
	    (strcmp(to, "done") == 0 && (strcmp(from, "scheduled") == 0 ||
	    strcmp(from, "approved") == 0));
	if (!ok) {
		at_flash(req, "error", at_pprintf(at_req_pool(req), "A request "
		    "that is %s cannot become %s.", from, to));
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/staff/changes/%lld", id));
	}
	if (at_db_exec(at_req_db(req), "UPDATE change_requests SET status = "
	    "?, updated_at = UTC_TIMESTAMP() WHERE id = ?", "sI", to,
	    id) == -1)
		return 500;
	if (strcmp(to, "review") != 0)
		mailed = cr_tell_client(req, at_row_int(r, 0, "client_id", 0),
		    id, at_row(r, 0, "title"), strcmp(to, "done") == 0 ?
		    "The change is done." : "The change is scheduled.");
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), to, "change",
	    id, at_row(r, 0, "title"), 1) == -1)
		return 500;
	cs_flash(req, mailed, "Saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/changes/%lld", id));
}

/*
 * What approval sets in motion for request row r (id) on x: the decision
 * on the project, the invoice, the amendment, the milestones.  What could
 * not be done because a service is not loaded is kept as a follow-up
 * sentence for the team (after x->follow), as is what a service refused.
 * 0, or -1 when the database failed (the request is rolled back, *errstr
 * logged).
 */
static int
cr_approved(const struct cr_ctx *x, const struct at_rows *r, long long id,
    const char **errstr)
{
	const struct at_decisions_svc *dec;
	const struct at_invoicing_svc *inv;
	const struct at_contracts_svc *con;
	struct at_decision d;
	struct at_decision_approver ap;
	struct at_invoice_req ir;
	struct at_amendment am;
	struct at_invoice_line *il;
	struct at_contract_fee *fe;
	struct at_rows	*l;
	struct at_pool	*pool = x->pool;
	struct at_db	*db = x->db;
	const char	*follow = x->follow != NULL ? x->follow : "";
	const char	*num = NULL;
	long long	 client = at_row_int(r, 0, "client_id", 0);
	long long	 project = at_row_int(r, 0, "project_id", 0), did = 0;
	long long	 iid = 0, cid = 0;
	size_t		 i;
	int		 rc;

	l = at_db_select(db, pool, "SELECT description, "
	    "qty_milli, unit, amount FROM change_lines WHERE change_id = ? "
	    "ORDER BY id", "I", id);
	if (l == NULL)
		return -1;
	/* The decision, on the project. */
	dec = at_service(AT_SVC_DECISIONS, AT_SVC_DECISIONS_V);
	if (dec != NULL && project > 0 && (x->req != NULL ||
	    (dec->size >= sizeof(*dec) && dec->record_db != NULL))) {
		memset(&d, 0, sizeof(d));
		memset(&ap, 0, sizeof(ap));
		ap.position = 1;
		ap.name = x->who;
		ap.approved_at = at_time_utc(pool, time(NULL));
		ap.comment = x->note;
		d.size = sizeof(d);
		d.client = client;
		d.project = project;
		d.title = at_pprintf(pool, "Change approved: %s",
		    at_row(r, 0, "title"));
		d.detail = at_pprintf(pool, "%s\n\nCost: %s. Schedule: %s "
		    "days.", at_row(r, 0, "scope") != NULL ? at_row(r, 0,
		    "scope") : "", cr_money(pool, at_row_int(r, 0, "total", 0),
		    at_row(r, 0, "currency")), at_row(r, 0, "schedule_days"));
		d.decided_by = x->who;
		d.visible = 1;
		d.approvers = &ap;
		d.napprovers = 1;
		did = x->req != NULL ? dec->record(x->req, &d) :
		    dec->record_db(db, pool, &d);
		if (did == -1) {
			*errstr = "the decision could not be recorded";
			return -1;
		}
	} else if (project > 0)
		follow = at_pprintf(pool, "%sNo decision was recorded (the "
		    "decisions module is not in service). ", follow);
	/* The invoice. */
	inv = at_service(AT_SVC_INVOICING, AT_SVC_INVOICING_V);
	if (inv != NULL && l->n > 0) {
		il = at_palloc(pool, l->n * sizeof(*il));
		for (i = 0; i < l->n; i++) {
			memset(&il[i], 0, sizeof(il[i]));
			il[i].description = at_row(l, i, "description");
			il[i].qty_milli = at_row_int(l, i, "qty_milli", 0);
			il[i].unit = at_row_int(l, i, "unit", 0);
		}
		memset(&ir, 0, sizeof(ir));
		ir.size = sizeof(ir);
		ir.client = client;
		ir.project = project;
		ir.origin = "cases";
		ir.ref = at_pprintf(pool, "change:%lld", id);
		ir.notes = at_pprintf(pool, "Change request #%lld: %s", id,
		    at_row(r, 0, "title"));
		ir.lines = il;
		ir.nlines = l->n;
		if (inv->issue(db, pool, &ir, &iid, &num,
		    errstr) == -1) {
			if (at_db_gone(db))
				return -1;
			/* Refused: the approval stands, the team bills. */
			iid = 0;
			num = NULL;
			follow = at_pprintf(pool, "%sThe invoice was not "
			    "issued (%s): bill it by hand. ", follow,
			    *errstr != NULL ? *errstr : "refused");
		}
	} else if (l->n > 0)
		follow = at_pprintf(pool, "%sInvoice the cost by hand (the "
		    "payments plugin is not loaded). ", follow);
	/* The amendment. */
	con = at_service(AT_SVC_CONTRACTS, AT_SVC_CONTRACTS_V);
	if (con != NULL) {
		fe = at_palloc(pool, (l->n + 1) * sizeof(*fe));
		for (i = 0; i < l->n; i++) {
			fe[i].description = at_row(l, i, "description");
			fe[i].amount = at_row_int(l, i, "amount", 0);
		}
		memset(&am, 0, sizeof(am));
		am.size = sizeof(am);
		am.client = client;
		am.project = project;
		am.title = at_pprintf(pool, "Change request #%lld: %s", id,
		    at_row(r, 0, "title"));
		am.body = at_row(r, 0, "scope") != NULL ? at_row(r, 0,
		    "scope") : at_row(r, 0, "description");
		am.fees = fe;
		am.nfees = l->n;
		am.origin = "cases";
		am.ref = at_pprintf(pool, "change:%lld", id);
		if ((rc = con->amend(db, pool, &am, &cid,
		    errstr)) == -1) {
			if (at_db_gone(db))
				return -1;
			cid = 0;
			follow = at_pprintf(pool, "%sThe contract amendment "
			    "was not drafted (%s): draft it by hand. ", follow,
			    *errstr != NULL ? *errstr : "refused");
		}
		if (rc == 2) {
			cid = 0;
			follow = at_pprintf(pool, "%sNo contract to amend "
			    "(the client has no active contract). ", follow);
		}
	} else
		follow = at_pprintf(pool, "%sAmend the contract by hand (the "
		    "contracts plugin is not loaded). ", follow);
	/* The milestones. */
	if (at_db_exec(db, "UPDATE milestones ms JOIN "
	    "change_moves cm ON cm.milestone_id = ms.id AND cm.change_id = ? "
	    "SET ms.due_on = cm.new_due, cm.moved_at = UTC_TIMESTAMP() WHERE "
	    "cm.moved_at IS NULL AND ms.project_id = ?", "II", id,
	    project) == -1)
		return -1;
	if (at_db_exec(db, "UPDATE change_requests SET "
	    "decision_id = NULLIF(?, 0), invoice_id = NULLIF(?, 0), "
	    "invoice_number = ?, contract_id = NULLIF(?, 0), followup = "
	    "NULLIF(?, '') WHERE id = ?", "IIsIsI", did, iid, num, cid,
	    follow, id) == -1)
		return -1;
	return 0;
}

/*
 * Whether the client's approval of an estimate goes through the
 * e-signature service: the client's setting "sign-estimates" of this
 * plugin ("1" or "0", settings.h) when there is one, else the site's
 * option sign-estimates.  1, 0, or -1 when the database failed.
 */
static int
cr_sign_wanted(struct at_req *req, long long client)
{
	cfg_t		*cfg = at_req_config(req);
	const char	*v = NULL;

	switch (at_client_setting_get(at_req_db(req), at_req_pool(req),
	    "cases", client, "sign-estimates", &v)) {
	case 0:
		return strcmp(v, "1") == 0;
	case 1:
		return cfg != NULL && cfg_getbool(cfg, "sign-estimates");
	default:
		return -1;
	}
}

/*
 * Request row r's estimate as a PDF into *pdf (release it with
 * at_pdf_free) for the contact signing it: the skin's document
 * stylesheet (pdf/document.xsl) draws the change, the scope, the cost
 * lines and their total, the schedule impact and a signature box for
 * the signer.  Uses the request's page model.  0, or -1 (logged).
 */
static int
cr_estimate_pdf(struct at_req *req, const struct at_rows *r,
    struct at_pdf *pdf)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*l, *m;
	xmlNodePtr	 c, sg;
	const char	*cur = at_row(r, 0, "currency");
	long long	 id = at_row_int(r, 0, "id", 0);
	char		 err[256];
	size_t		 i;

	l = at_db_select(at_req_db(req), pool, "SELECT description, "
	    "qty_milli, unit, amount FROM change_lines WHERE change_id = ? "
	    "ORDER BY id", "I", id);
	m = at_db_select(at_req_db(req), pool, "SELECT ms.title, cm.old_due, "
	    "cm.new_due FROM change_moves cm JOIN milestones ms ON ms.id = "
	    "cm.milestone_id WHERE cm.change_id = ? AND ms.visible = 1 ORDER "
	    "BY cm.old_due", "I", id);
	if (l == NULL || m == NULL)
		return -1;
	at_page_id(req, "document");
	at_page_title(req, at_pprintf(pool, "Estimate for change request "
	    "#%lld: %s", id, at_row(r, 0, "title")));
	c = at_page_content(req);
	at_xf(c, "para", "Between %s and %s.",
	    at_site_brand_name(at_req_site(req)), at_row(r, 0, "client"));
	if (at_row(r, 0, "project") != NULL)
		at_xf(c, "para", "Project: %s.", at_row(r, 0, "project"));
	at_x(c, "heading", "The change asked for");
	at_x_markdown(req, c, "text", at_row(r, 0, "description"));
	if (at_row(r, 0, "scope") != NULL) {
		at_x(c, "heading", "Scope");
		at_x_markdown(req, c, "scope", at_row(r, 0, "scope"));
	}
	at_x(c, "heading", "Cost");
	for (i = 0; i < l->n; i++)
		at_xf(c, "para", "%s: %s × %s = %s", at_row(l, i,
		    "description"), at_qty_decimal(pool, at_row_int(l, i,
		    "qty_milli", 0)), cr_money(pool, at_row_int(l, i, "unit",
		    0), cur), cr_money(pool, at_row_int(l, i, "amount", 0),
		    cur));
	at_xf(c, "para", "Total: %s", cr_money(pool, at_row_int(r, 0,
	    "total", 0), cur));
	at_x(c, "heading", "Schedule");
	at_xf(c, "para", "Schedule impact: %s days.", at_row(r, 0,
	    "schedule_days"));
	for (i = 0; i < m->n; i++)
		at_xf(c, "para", "%s moves from %s to %s.", at_row(m, i,
		    "title"), at_row(m, i, "old_due"), at_row(m, i, "new_due"));
	at_x(c, "para", "Signing this document approves the estimate: the "
	    "work, its cost and the schedule above.");
	sg = at_x(c, "signature", NULL);
	at_xa(sg, "id", "client");
	at_xa(sg, "label", at_pprintf(pool, "For %s", at_row(r, 0,
	    "client")));
	at_xa(sg, "name", at_user_name(at_req_user(req)));
	memset(pdf, 0, sizeof(*pdf));
	if (at_pdf_page(req, NULL, pdf, err, sizeof(err)) == -1) {
		log_warn("cases: change request %lld: estimate pdf: %s", id,
		    err);
		return -1;
	}
	return 0;
}

/*
 * Sends request row r's estimate to the caller (a contact) for signing
 * through the e-signature service es: the envelope's id into *env.  0;
 * 1 when the service refused it or the PDF could not be drawn (*errstr
 * a sentence; the caller's transaction must be rolled back); -1 when the
 * database failed.
 */
static int
cr_sign(struct at_req *req, const struct at_rows *r,
    const struct at_esign_svc *es, long long *env, const char **errstr)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_esign_envelope e;
	struct at_esign_signer sg;
	struct at_esign_doc doc;
	struct at_pdf	 pdf;
	long long	 id = at_row_int(r, 0, "id", 0);

	*errstr = NULL;
	if (cr_estimate_pdf(req, r, &pdf) == -1) {
		if (at_db_gone(at_req_db(req)))
			return -1;
		*errstr = "the estimate could not be drawn as a PDF";
		return 1;
	}
	memset(&doc, 0, sizeof(doc));
	doc.name = at_pprintf(pool, "Estimate %lld.pdf", id);
	doc.pdf = pdf.data;
	doc.len = pdf.len;
	memset(&sg, 0, sizeof(sg));
	sg.size = sizeof(sg);
	sg.user = at_user_id(at_req_user(req));
	sg.role = AT_ESIGN_SIGNER;
	sg.group = 1;
	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	e.client = at_row_int(r, 0, "client_id", 0);
	e.project = at_row_int(r, 0, "project_id", 0);
	e.title = at_utf8_cut(pool, at_pprintf(pool, "Estimate: %s",
	    at_row(r, 0, "title")), 200);
	e.message = "Sign to approve the estimate for your change request.";
	e.origin = "cases";
	e.ref = at_pprintf(pool, "change:%lld", id);
	e.docs = &doc;
	e.ndocs = 1;
	e.signers = &sg;
	e.nsigners = 1;
	*env = es->create(req, &e, errstr);
	at_pdf_free(&pdf);
	if (*env == -1) {
		if (at_db_gone(at_req_db(req)))
			return -1;
		if (*errstr == NULL)
			*errstr = "the e-signature service refused it";
		return 1;
	}
	return 0;
}

/*
 * POST /changes/:id/decide (contact): fields decision (approve, reject),
 * note.  Records the answer to the estimate (who, when, from where) and,
 * on approval, sets its consequences in motion.  When the client's
 * estimates are signed (cr_sign_wanted) and the e-signature service is
 * there, an approval waits for the signature instead (status signing):
 * the contact is sent to sign, and cr_esign_event makes it take effect.
 */
static int
h_decide(struct at_req *req)
{
	const struct at_esign_svc *es = NULL;
	struct at_rows	*r;
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct cr_ctx	 x;
	const char	*dec = at_form(req, "decision"), *err = NULL;
	const char	*follow = NULL, *link;
	long long	 id, client, env = 0;
	int		 st, yes, mailed, sign = 0;

	if ((r = cr_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	client = at_row_int(r, 0, "client_id", 0);
	if (strcmp(at_row(r, 0, "status"), "estimated") != 0) {
		at_flash(req, "error", "This request has no estimate waiting "
		    "for your answer.");
		return at_redirect(req, at_pprintf(pool, "/changes/%lld", id));
	}
	if (dec == NULL || (strcmp(dec, "approve") != 0 &&
	    strcmp(dec, "reject") != 0)) {
		at_form_error(req, "decision", "Approve or reject the "
		    "estimate.");
		return h_view(req);
	}
	yes = strcmp(dec, "approve") == 0;
	if (yes && (sign = cr_sign_wanted(req, client)) == -1)
		return at_db_gone(db) ? 503 : 500;
	if (sign) {
		es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
		if (es == NULL || es->size < sizeof(*es)) {
			log_info("cases: change request %lld: estimates are "
			    "signed for this client, but the e-signature "
			    "service is not loaded: approved without a "
			    "signature", id);
			follow = "Approved without a signature (the "
			    "e-signature plugin is not loaded). ";
		} else if ((st = cr_sign(req, r, es, &env, &err)) == -1)
			return 503;
		else if (st == 1) {
			/* Nothing of the envelope stays; approve plainly. */
			if (at_db_rollback(db) == -1 || at_db_begin(db) == -1)
				return at_db_gone(db) ? 503 : 500;
			log_info("cases: change request %lld: not sent for "
			    "signature (%s): approved without a signature",
			    id, err);
			follow = at_pprintf(pool, "Approved without a "
			    "signature (%s). ", err);
			sign = 0;
		}
	}
	if (sign && env > 0 && es != NULL) {
		if (at_db_exec(db, "UPDATE change_requests SET status = "
		    "'signing', envelope_id = ?, decided_by = ?, decided_name "
		    "= ?, decided_at = NULL, decided_addr = ?, decision_note = "
		    "NULLIF(?, ''), updated_at = UTC_TIMESTAMP() WHERE id = ? "
		    "AND status = 'estimated'", "IIsssI", env,
		    at_user_id(at_req_user(req)), at_user_name(at_req_user(req)),
		    at_req_remote_addr(req), at_form(req, "note"), id) != 1)
			return at_db_gone(db) ? 503 : 409;
		if (at_activity(req, client, "signing", "change", id,
		    at_row(r, 0, "title"), 1) == -1)
			return 500;
		at_flash(req, "ok", "Sign the estimate to approve it: your "
		    "approval takes effect once it is signed.");
		link = es->sign_link(req, env);
		return at_redirect(req, link != NULL ? link :
		    at_pprintf(pool, "/changes/%lld", id));
	}
	if (at_db_exec(db, "UPDATE change_requests SET status = "
	    "?, decided_by = ?, decided_name = ?, decided_at = "
	    "UTC_TIMESTAMP(), decided_addr = ?, decision_note = NULLIF(?, ''), "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = "
	    "'estimated'", "sIsssI", yes ? "approved" : "rejected",
	    at_user_id(at_req_user(req)), at_user_name(at_req_user(req)),
	    at_req_remote_addr(req), at_form(req, "note"), id) != 1)
		return at_db_gone(db) ? 503 : 409;
	memset(&x, 0, sizeof(x));
	x.req = req;
	x.db = db;
	x.pool = pool;
	x.who = at_user_name(at_req_user(req));
	x.note = at_form(req, "note");
	x.follow = follow;
	if (yes && cr_approved(&x, r, id, &err) == -1) {
		log_warn("cases: change request %lld: approval failed: %s",
		    id, err != NULL ? err : "database");
		return 500;
	}
	mailed = cs_tell(req, at_db_select(db, pool,
	    "SELECT id FROM users WHERE active = 1 AND role IN ('staff', "
	    "'admin') AND id = (SELECT estimated_by FROM change_requests "
	    "WHERE id = ?) UNION SELECT id FROM users WHERE active = 1 AND "
	    "role = 'admin'", "I", id), "cases.team",
	    at_pprintf(pool, "Change request %s: %s", yes ?
	    "approved" : "rejected", at_row(r, 0, "title")),
	    at_pprintf(pool, "%s %s the estimate.",
	    at_user_name(at_req_user(req)), yes ? "approved" : "rejected"),
	    at_pprintf(pool, "/staff/changes/%lld", id), "change",
	    id, 0);
	if (at_activity(req, client, yes ? "approve" : "reject", "change", id,
	    at_row(r, 0, "title"), 1) == -1)
		return 500;
	cs_flash(req, mailed, yes ? "Approved. Thank you; we will schedule "
	    "the work." : "Rejected. The team is told.");
	return at_redirect(req, at_pprintf(pool, "/changes/%lld", id));
}

/*
 * Tells the team (whoever estimated request id, and the admins) what
 * the signing of its approval came to, from a subscriber.  0, or -1
 * when anyone could not be told (the event is then tried again).
 */
static int
cr_tell_team_job(struct at_job_ctx *ctx, long long id, const char *subject,
    const char *text)
{
	return cs_tell_team_job(ctx, at_db_select(ctx->db, ctx->pool,
	    "SELECT id FROM users WHERE active = 1 AND role IN ('staff', "
	    "'admin') AND id = (SELECT estimated_by FROM change_requests "
	    "WHERE id = ?) UNION SELECT id FROM users WHERE active = 1 AND "
	    "role = 'admin'", "I", id), "change", id, subject, text,
	    at_pprintf(ctx->pool, "/staff/changes/%lld", id));
}

/*
 * Durable subscriber to esign.*: the envelopes of estimates (origin
 * "cases", ref "change:ID") of requests still waiting on them (status
 * signing, that envelope).  completed: the approval takes effect
 * (cr_approved: decision, invoice, amendment, milestones) with the
 * sealed PDF kept; declined: the estimate is rejected with the signer's
 * reason; expired or voided: the estimate waits for the client's answer
 * again.  Any other event, or one that comes again, changes nothing.
 */
static int
cr_esign_event(struct at_job_ctx *ctx, long long event_id, const char *event,
    const char *payload, const char **errstr)
{
	struct at_rows	*r, *d;
	struct cr_ctx	 x;
	const char	*origin, *ref, *v, *title, *why = NULL, *err = NULL;
	long long	 id, env, file = 0, client;

	(void)event_id;
	origin = at_payload_get(ctx->pool, payload, "origin");
	ref = at_payload_get(ctx->pool, payload, "ref");
	if (origin == NULL || strcmp(origin, "cases") != 0 || ref == NULL ||
	    strncmp(ref, "change:", 7) != 0 || at_strtoll(ref + 7, &id) == -1 ||
	    id <= 0)
		return 0;
	v = at_payload_get(ctx->pool, payload, "envelope");
	if (v == NULL || at_strtoll(v, &env) == -1 || env <= 0)
		return 0;
	if (strcmp(event, "esign.completed") != 0 &&
	    strcmp(event, "esign.declined") != 0 &&
	    strcmp(event, "esign.expired") != 0 &&
	    strcmp(event, "esign.voided") != 0)
		return 0;
	if (at_db_begin(ctx->db) == -1)
		goto fail;
	r = at_db_select(ctx->db, ctx->pool, "SELECT " CR_FIELDS CR_FROM
	    "WHERE r.id = ? AND r.envelope_id = ? AND r.status = 'signing' "
	    "FOR UPDATE", "II", id, env);
	if (r == NULL)
		goto fail;
	if (r->n == 0) {
		if (at_db_commit(ctx->db) == -1)
			goto fail;
		return 0;
	}
	client = at_row_int(r, 0, "client_id", 0);
	title = at_row(r, 0, "title");
	if (strcmp(event, "esign.completed") == 0) {
		v = at_payload_get(ctx->pool, payload, "file");
		if (v != NULL && at_strtoll(v, &file) == -1)
			file = 0;
		if (at_db_exec(ctx->db, "UPDATE change_requests SET status = "
		    "'approved', decided_at = UTC_TIMESTAMP(), sealed_file_id "
		    "= NULLIF(?, 0), updated_at = UTC_TIMESTAMP() WHERE id = ? "
		    "AND status = 'signing'", "II", file, id) != 1)
			goto fail;
		memset(&x, 0, sizeof(x));
		x.db = ctx->db;
		x.pool = ctx->pool;
		x.who = at_row(r, 0, "decided_name");
		x.note = at_row(r, 0, "decision_note");
		if (cr_approved(&x, r, id, &err) == -1) {
			log_warn("cases: change request %lld: signed approval "
			    "failed: %s", id, err != NULL ? err : "database");
			goto fail;
		}
		if (at_activity_job(ctx, client, "signed", "change", id,
		    title, 1) == -1 || cr_tell_team_job(ctx, id,
		    at_pprintf(ctx->pool, "Change request approved and "
		    "signed: %s", title), at_pprintf(ctx->pool, "%s signed "
		    "the estimate; the approval took effect.",
		    x.who != NULL ? x.who : "The client")) == -1)
			goto fail;
	} else if (strcmp(event, "esign.declined") == 0) {
		/* The signer's reason, as the e-signature plugin kept it. */
		d = at_db_select(ctx->db, ctx->pool, "SELECT decline_reason "
		    "FROM esign_signers WHERE envelope_id = ? AND state = "
		    "'declined' ORDER BY declined_at DESC LIMIT 1", "I", env);
		if (d == NULL && at_db_gone(ctx->db))
			goto fail;
		if (d != NULL && d->n == 1)
			why = at_row(d, 0, "decline_reason");
		if (why == NULL || *why == '\0')
			why = "Declined when asked to sign.";
		if (at_db_exec(ctx->db, "UPDATE change_requests SET status = "
		    "'rejected', decided_at = UTC_TIMESTAMP(), decision_note "
		    "= ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND status "
		    "= 'signing'", "sI", why, id) != 1 ||
		    at_activity_job(ctx, client, "reject", "change", id, title,
		    1) == -1 || cr_tell_team_job(ctx, id,
		    at_pprintf(ctx->pool, "Change request rejected: %s", title),
		    at_pprintf(ctx->pool, "The estimate was declined when "
		    "signing: %s", why)) == -1)
			goto fail;
	} else {
		why = strcmp(event, "esign.expired") == 0 ? "expired" :
		    "was voided";
		if (at_db_exec(ctx->db, "UPDATE change_requests SET status = "
		    "'estimated', envelope_id = NULL, decided_by = NULL, "
		    "decided_name = NULL, decided_addr = NULL, decision_note = "
		    "NULL, followup = ?, updated_at = UTC_TIMESTAMP() WHERE id "
		    "= ? AND status = 'signing'", "sI", at_pprintf(ctx->pool,
		    "The signing of the approval %s: the estimate waits for "
		    "the client's answer again.", why), id) != 1 ||
		    cr_tell_team_job(ctx, id, at_pprintf(ctx->pool, "Signing "
		    "%s: %s", why, title), "The estimate waits for the "
		    "client's answer again.") == -1)
			goto fail;
	}
	if (at_data_changed(ctx->db, client) == -1 ||
	    at_db_commit(ctx->db) == -1)
		goto fail;
	return 0;
fail:
	at_db_rollback(ctx->db);
	*errstr = "cannot record the e-signature event on the change request";
	return -1;
}

/*
 * The dashboard part of both areas: the "Pending Change Requests" card
 * (contacts: estimates awaiting their approval and requests awaiting
 * the team; staff: submitted and under review) and, for contacts, each
 * estimate to approve as "needs your action".
 */
static int
cr_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	struct at_need	 n;
	xmlNodePtr	 card, it;
	long long	 count = 0;
	size_t		 i;
	int		 staff = at_is_staff(req);

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT r.id, r.title, r.status, p.name AS project FROM "
	    "change_requests r LEFT JOIN projects p ON p.id = r.project_id "
	    "WHERE (? = 1 OR r.client_id = ?) AND r.status IN ('submitted', "
	    "'review', 'estimated', 'signing') ORDER BY r.status IN "
	    "('estimated', 'signing') DESC, "
	    "r.id LIMIT 20", "iI", staff, at_client_scope(req));
	if (r == NULL)
		return -1;
	card = at_x(at_dash_cards(d), "card", NULL);
	at_xa(card, "name", "changes");
	at_xa(card, "title", "Pending Change Requests");
	at_xa(card, "href", staff ? "/staff/changes" : "/changes");
	at_xa(card, "empty", "No change request pending.");
	for (i = 0; i < r->n; i++) {
		count++;
		it = at_x(card, "item", at_pprintf(at_req_pool(req), "%s — %s",
		    at_row(r, i, "title"), strcmp(at_row(r, i, "status"),
		    "estimated") == 0 ? "awaiting the client's approval" :
		    strcmp(at_row(r, i, "status"), "signing") == 0 ?
		    "awaiting the client's signature" : "awaiting the team"));
		at_xa(it, "href", at_pprintf(at_req_pool(req), "%s/changes/%s",
		    staff ? "/staff" : "", at_row(r, i, "id")));
		if (staff || strcmp(at_row(r, i, "status"), "estimated") != 0)
			continue;
		memset(&n, 0, sizeof(n));
		n.size = AT_EXT_SIZE(at_need);
		n.kind = "change";
		n.label = "Approve";
		n.title = at_pprintf(at_req_pool(req), "Estimate for “%s”",
		    at_row(r, i, "title"));
		n.href = at_pprintf(at_req_pool(req), "/changes/%s",
		    at_row(r, i, "id"));
		n.project = at_row(r, i, "project");
		at_dash_need(d, &n);
	}
	at_xf(card, "count", "%lld", count);
	return 0;
}

/* The project page's "Change requests" section. */
static int
cr_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s, it;
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, title, status, updated_at FROM change_requests WHERE "
	    "project_id = ? AND (? = 0 OR client_id = ?) ORDER BY id DESC "
	    "LIMIT 20", "III", project, at_client_scope(req),
	    at_client_scope(req));
	if (r == NULL)
		return -1;
	s = at_x_section(parent, "changes", "Change requests",
	    "No change request for this project.");
	for (i = 0; i < r->n; i++) {
		it = at_x_section_item(s, at_row(r, i, "title"),
		    at_pprintf(at_req_pool(req), "%s/changes/%s",
		    at_is_staff(req) ? "/staff" : "", at_row(r, i, "id")),
		    at_time_local(at_req_pool(req), at_row(r, i,
		    "updated_at")));
		at_xa(it, "status", at_row(r, i, "status"));
	}
	return 0;
}

/* Search: change requests by title and description. */
static int
cr_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, title, LEFT(description, 240) AS snippet, MATCH "
	    "(title, description) AGAINST (? IN BOOLEAN MODE) AS score FROM "
	    "change_requests WHERE MATCH (title, description) AGAINST (? IN "
	    "BOOLEAN MODE) AND (? = 1 OR client_id = ?) ORDER BY score DESC, "
	    "id DESC LIMIT ?", "ssiIi", at_search_terms(q),
	    at_search_terms(q), at_is_staff(req), at_client_scope(req),
	    at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/changes/");
	return 0;
}

/* Activity about a change request as a sentence. */
static void
cr_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "submit", "asked for the change" },
		{ "estimate", "sent the estimate for the change" },
		{ "approve", "approved the estimate for the change" },
		{ "reject", "rejected the estimate for the change" },
		{ "review", "started reviewing the change" },
		{ "scheduled", "scheduled the change" },
		{ "done", "finished the change" },
		{ "signing", "approved, to sign, the estimate for the change" },
	};
	*href = at_act_href(req, "/changes/", e->object_id);
	if (e->action != NULL && strcmp(e->action, "signed") == 0) {
		*sentence = at_pprintf(at_req_pool(req), "The estimate for "
		    "“%s” was signed and approved", e->summary != NULL ?
		    e->summary : "");
		return;
	}
	*sentence = at_act_sentence(req, e, verbs,
	    sizeof(verbs) / sizeof(verbs[0]));
}

static const struct at_field f_change[] = {
	{ "client", NULL, 0, 20, "Client" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ "category", NULL, AT_F_REQUIRED, 16, "Category" },
	{ "priority", NULL, 0, 10, "Priority" },
	{ "description", NULL, AT_F_REQUIRED, 20000, "Description" },
	{ "justification", NULL, AT_F_REQUIRED, 4000, "Justification" },
	{ "benefit", NULL, AT_F_REQUIRED, 4000, "Expected benefit" },
	{ "project", NULL, 0, 20, "Project" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_estimate[] = {
	{ "scope", NULL, AT_F_REQUIRED, 20000, "Scope" },
	{ "days", NULL, 0, 6, "Schedule impact (days)" },
	{ "line1_desc", at_v_line, 0, 500, "Line 1" },
	{ "line1_qty", NULL, 0, 20, "Quantity 1" },
	{ "line1_unit", NULL, 0, 30, "Price 1" },
	{ "line2_desc", at_v_line, 0, 500, "Line 2" },
	{ "line2_qty", NULL, 0, 20, "Quantity 2" },
	{ "line2_unit", NULL, 0, 30, "Price 2" },
	{ "line3_desc", at_v_line, 0, 500, "Line 3" },
	{ "line3_qty", NULL, 0, 20, "Quantity 3" },
	{ "line3_unit", NULL, 0, 30, "Price 3" },
	{ "line4_desc", at_v_line, 0, 500, "Line 4" },
	{ "line4_qty", NULL, 0, 20, "Quantity 4" },
	{ "line4_unit", NULL, 0, 30, "Price 4" },
	{ "line5_desc", at_v_line, 0, 500, "Line 5" },
	{ "line5_qty", NULL, 0, 20, "Quantity 5" },
	{ "line5_unit", NULL, 0, 30, "Price 5" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_status[] = {
	{ "status", NULL, AT_F_REQUIRED, 16, "Status" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_decide[] = {
	{ "decision", NULL, AT_F_REQUIRED, 10, "Decision" },
	{ "note", NULL, 0, 4000, "Comment" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route cr_routes[] = {
	{ AT_GET, "/changes", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/changes/new", AT_CONTACT, h_new_form, NULL, NULL },
	{ AT_POST, "/changes/new", AT_CONTACT, h_new, f_change, NULL },
	{ AT_GET, "/changes/:id", AT_CONTACT, h_view, NULL, NULL },
	{ AT_POST, "/changes/:id/decide", AT_CONTACT, h_decide, f_decide,
	    NULL },
	{ AT_GET, "/staff/changes", AT_STAFF, h_staff_list, NULL, NULL },
	{ AT_GET, "/staff/changes/new", AT_STAFF, h_staff_new_form, NULL,
	    NULL },
	{ AT_POST, "/staff/changes/new", AT_STAFF, h_new, f_change, NULL },
	{ AT_GET, "/staff/changes/:id", AT_STAFF, h_staff_view, NULL, NULL },
	{ AT_POST, "/staff/changes/:id/estimate", AT_STAFF, h_estimate,
	    f_estimate, NULL },
	{ AT_POST, "/staff/changes/:id/status", AT_STAFF, h_status, f_status,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_dash_part cr_dash_part = {
	AT_EXT_SIZE(at_dash_part), "changes", AT_CONTACT | AT_STAFF, 66,
	cr_dash
};
static const struct at_section cr_sec = {
	AT_EXT_SIZE(at_section), "changes", AT_CONTACT | AT_STAFF, 66,
	cr_section
};
static const struct at_search_provider cr_find = {
	AT_EXT_SIZE(at_search_provider), "change", "Change request",
	AT_CONTACT | AT_STAFF, cr_search
};
static const struct at_act_kind cr_actk = {
	AT_EXT_SIZE(at_act_kind), "change", cr_act
};

/*
 * The navigation's count of change requests filed or changed since the
 * caller last opened the list, not counting a request the caller filed
 * untouched since, or one whose last change is the caller's answer (a
 * contact) or estimate (staff).
 */
static const struct at_nav_count cr_navcount = {
	AT_EXT_SIZE(at_nav_count), "changes", "/changes",
	"SELECT COUNT(*) FROM change_requests r WHERE r.client_id = ? AND "
	"GREATEST(r.created_at, r.updated_at) > ? AND NOT "
	"(COALESCE(r.requested_by, 0) = ? AND r.updated_at <= r.created_at) "
	"AND NOT (COALESCE(r.decided_by, 0) = ? AND r.decided_at >= "
	"r.updated_at)", "cmuu", "/staff/changes",
	"SELECT COUNT(*) FROM change_requests r WHERE GREATEST(r.created_at, "
	"r.updated_at) > ? AND NOT (COALESCE(r.requested_by, 0) = ? AND "
	"r.updated_at <= r.created_at) AND NOT (COALESCE(r.estimated_by, 0) "
	"= ? AND r.estimated_at >= r.updated_at)", "muu", 0
};

/* Registers the change requests' routes and extension points. */
void
cr_register(struct at_registry *reg)
{
	at_reg_routes(reg, cr_routes);
	at_reg_nav(reg, AT_CONTACT, "Changes", "/changes", 66);
	at_reg_nav(reg, AT_STAFF, "Changes", "/staff/changes", 66);
	at_reg_nav_count(reg, &cr_navcount);
	at_reg_dash(reg, &cr_dash_part);
	at_reg_section(reg, &cr_sec);
	at_reg_search(reg, &cr_find);
	at_reg_activity(reg, &cr_actk);
	at_reg_subscriber(reg, "esign", "esign.*", cr_esign_event, 0, 0);
}
