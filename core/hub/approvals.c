/*
 * Approvals: the team asks one or more contacts of a client to approve a
 * file version or a subject, by a due date, in sequence (each in turn,
 * by position) or all at once (parallel).  A request is a draft until
 * sent; sending mails the approvers whose turn it is.  Each contact
 * approves or asks for changes, with a comment; the answer keeps who,
 * when and from which address.  When every approver has approved, the
 * request is approved and a decision "Approved: ..." is recorded; one
 * request for changes closes it.  Overdue requests are reminded once a
 * day by hub_approvals_remind(), run by the job "approvals.remind".
 *
 * "What needs my approval" is GET /approvals for a contact, and the
 * "Pending approvals" card on the client's dashboard, which shares its
 * one query with the "Shared files" card.
 *
 * Pages: approvals, approval (contacts); staff-approvals,
 * staff-approval, staff-approval-new (staff).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/approvals.h"
#include "hub/comments.h"

#define APPR_LIST_MAX	200
#define APPR_MAX_STEPS	8

/*
 * Notifies each approver whose turn it is on approval id (sent and
 * pending) that their answer is needed ("approvals.requested"), or with
 * reminder that it is overdue ("approvals.reminder").  Returns the
 * number notified, or -1 when any could not be (logged; the others
 * are still notified).
 */
static int
appr_notify(struct at_db *db, struct at_pool *pool,
    const struct at_site *site, long long id, int reminder)
{
	struct at_notice nt;
	struct at_rows	*r;
	const char	*due;
	size_t		 i;
	int		 rc = 0, n = 0, one;

	r = at_db_select(db, pool, "SELECT u.id AS uid, u.email, a.title, "
	    "a.due_on, p.name AS project FROM approvals a JOIN projects p ON "
	    "p.id = a.project_id JOIN approval_steps s ON s.approval_id = "
	    "a.id JOIN users u ON u.id = s.user_id WHERE a.id = ? AND "
	    "a.status = 'pending' AND a.visible = 1 AND u.active = 1 AND "
	    APPR_TURN, "I", id);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		due = at_row(r, i, "due_on");
		memset(&nt, 0, sizeof(nt));
		nt.size = AT_EXT_SIZE(at_notice);
		nt.kind = reminder ? "approvals.reminder" :
		    "approvals.requested";
		nt.subject = at_pprintf(pool, "%s%s", reminder ?
		    "Reminder: your approval is overdue: " :
		    "Your approval is needed: ", at_row(r, i, "title"));
		nt.text = at_pprintf(pool, "%s asks for your approval of "
		    "\"%s\" (project %s)%s%s%s. Approve it or ask for "
		    "changes.", site->brand_name != NULL ? site->brand_name :
		    site->name, at_row(r, i, "title"),
		    at_row(r, i, "project"), due != NULL ? (reminder ?
		    ", which was due on " : ", by ") : "", due != NULL ? due :
		    "", reminder && due != NULL ? "; it is still waiting for "
		    "your answer" : "");
		nt.link = at_pprintf(pool, "/approvals/%lld", id);
		nt.item_type = "approval";
		nt.item_id = id;
		if ((one = at_notify(db, site, at_row_int(r, i, "uid", 0),
		    &nt)) == -1) {
			log_warn("approvals: approval %lld: %s was not "
			    "notified", id, at_row(r, i, "email"));
			rc = -1;
		} else
			n += one;
	}
	return rc == -1 ? -1 : n;
}

/*
 * Notifies the person who asked for approval id how it ended
 * ("approvals.answered").  0 (also when they are gone), or -1 when it
 * could not be done (logged).
 */
static int
appr_notify_owner(struct at_req *req, long long id, const char *title,
    const char *what)
{
	struct at_notice nt;
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT a.created_by FROM "
	    "approvals a WHERE a.id = ?", "I", id);
	if (r != NULL && (r->n == 0 || at_row(r, 0, "created_by") == NULL))
		return 0;
	memset(&nt, 0, sizeof(nt));
	nt.size = AT_EXT_SIZE(at_notice);
	nt.kind = "approvals.answered";
	nt.subject = at_pprintf(req->pool, "%s: %s", title, what);
	nt.text = at_pprintf(req->pool, "\"%s\": %s.", title, what);
	nt.link = at_pprintf(req->pool, "/staff/approvals/%lld", id);
	nt.item_type = "approval";
	nt.item_id = id;
	if (r == NULL || at_notify(req->db, req->site,
	    at_row_int(r, 0, "created_by", 0), &nt) == -1) {
		log_warn("approvals: approval %lld: the asker was not told",
		    id);
		return -1;
	}
	return 0;
}

/*
 * The flash after a change: ok, or, when a mail about it could not be
 * queued (mailed -1), the error unmailed.
 */
static void
appr_flash(struct at_req *req, int mailed, const char *ok,
    const char *unmailed)
{
	if (mailed == -1)
		at_flash(req, "error", unmailed);
	else
		at_flash(req, "ok", ok);
}

/*
 * Adds file_preview (the preview's state: ready, failed or absent) and
 * file_mime of file version vid to n; 0, or -1 on a database error.
 */
static int
appr_preview(struct at_req *req, xmlNodePtr n, long long vid)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT v.mime, fp.state FROM "
	    "file_versions v LEFT JOIN file_previews fp ON fp.version_id = "
	    "v.id WHERE v.id = ?", "I", vid);
	if (r == NULL)
		return -1;
	if (r->n == 1) {
		at_x(n, "file_mime", at_row(r, 0, "mime"));
		if (at_row(r, 0, "state") != NULL)
			at_x(n, "file_preview", at_row(r, 0, "state"));
	}
	return 0;
}

/*
 * Adds under the <approval> node n what approval a asks about, from the
 * file store and the projects module's service: file_id, file_name,
 * file_version (and file_visible for staff); deliverable_id,
 * deliverable_title.  A contact gets them only when shared.  0 or -1.
 */
static int
appr_items(struct at_req *req, xmlNodePtr n, const struct at_rows *a)
{
	const struct at_projects_svc *ps;
	struct at_file	 f;
	const char	*title;
	long long	 fid, dl;
	int		 staff = at_is_staff(req), v = 0, vis, rc;

	fid = at_row_int(a, 0, "file_version_id", 0) > 0 ?
	    at_file_of_version(req, at_row_int(a, 0, "file_version_id", 0),
	    &v) : 0;
	if (fid == -1 || (fid > 0 && (rc = at_file_get(req, fid, 0,
	    "project", &f)) == -1))
		return -1;
	if (fid > 0 && rc == 0 && (staff || (f.visible == 1 && f.client ==
	    at_row_int(a, 0, "client_id", 0)))) {
		at_xf(n, "file_id", "%lld", f.id);
		at_x(n, "file_name", f.name);
		at_xf(n, "file_version", "%d", v);
		if (staff)
			at_xf(n, "file_visible", "%d", f.visible);
		if (appr_preview(req, n, at_row_int(a, 0, "file_version_id",
		    0)) == -1)
			return -1;
	}
	if ((dl = at_row_int(a, 0, "deliverable_id", 0)) <= 0 ||
	    (ps = at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V)) == NULL)
		return 0;
	if ((rc = ps->deliverable(req, dl, at_row_int(a, 0, "project_id", 0),
	    &title, &vis)) == -1)
		return -1;
	if (rc == 0 && (staff || vis == 1)) {
		at_xf(n, "deliverable_id", "%lld", dl);
		at_x(n, "deliverable_title", title);
	}
	return 0;
}

/*
 * Adds <approval> (row 0 of a, with its file's link fields) and
 * <steps><step>position, name, answer, comment, answered_at, when,
 * turn, mine, ip (staff)</step></steps>; returns whether it is the
 * caller's turn.
 */
static int
appr_detail(struct at_req *req, xmlNodePtr c, const struct at_rows *a,
    const struct at_rows *s)
{
	static const char *const acols[] = { "id", "title", "status", "mode",
	    "due_on", "visible", "created_at", "sent_at", "completed_at",
	    "project_id", "project", "client_id", "client", "decision_id",
	    "created_by_name", "overdue", "last_reminded_at", NULL };
	static const char *const scols[] = { "position", "name", "answer",
	    "comment", "answered_at", "ip", NULL };
	xmlNodePtr	 n, steps, st;
	size_t		 i, k;
	const char	*v;
	long long	 first = -1;
	int		 parallel, pending, turn, mine = 0;

	n = at_x(c, "approval", NULL);
	for (k = 0; acols[k] != NULL; k++)
		if ((v = at_row(a, 0, acols[k])) != NULL)
			at_x(n, acols[k], v);
	at_x_markdown(req, n, "detail", at_row(a, 0, "detail"));
	if (appr_items(req, n, a) == -1)
		return -1;
	parallel = strcmp(at_row(a, 0, "mode"), "parallel") == 0;
	pending = strcmp(at_row(a, 0, "status"), "pending") == 0 &&
	    at_row_int(a, 0, "visible", 0) == 1;
	for (i = 0; i < s->n; i++)
		if (at_row(s, i, "answer") == NULL &&
		    (first == -1 || at_row_int(s, i, "position", 0) < first))
			first = at_row_int(s, i, "position", 0);
	steps = at_x(c, "steps", NULL);
	for (i = 0; i < s->n; i++) {
		st = at_x(steps, "step", NULL);
		for (k = 0; scols[k] != NULL; k++)
			if ((v = at_row(s, i, scols[k])) != NULL &&
			    (strcmp(scols[k], "ip") != 0 || at_is_staff(req)))
				at_x(st, scols[k], v);
		if (at_row(s, i, "answered_at") != NULL)
			at_x(st, "when", at_time_local(req->pool,
			    at_row(s, i, "answered_at")));
		turn = pending && at_row(s, i, "answer") == NULL &&
		    (parallel || at_row_int(s, i, "position", 0) == first);
		if (turn)
			at_x(st, "turn", "1");
		if (at_row_int(s, i, "user_id", 0) == req->user->id) {
			at_x(st, "mine", "1");
			if (turn)
				mine = 1;
		}
	}
	if (mine)
		at_x(c, "my-turn", "1");
	return mine;
}

/*
 * The approval id as the caller may see it, one row or none (NULL on
 * error): contacts only a sent one of their client in a shared project.
 */
static struct at_rows *
appr_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT a.id, "
		    "a.title, a.detail, a.status, a.mode, a.due_on, a.visible, "
		    "a.created_at, a.sent_at, a.completed_at, "
		    "a.last_reminded_at, a.decision_id, a.project_id, p.name "
		    "AS project, a.client_id, c.name AS client, "
		    "a.file_version_id, a.deliverable_id, cu.name AS "
		    "created_by_name, (a.status = 'pending' AND a.due_on < "
		    "UTC_DATE()) AS overdue FROM approvals a JOIN clients c ON "
		    "c.id = a.client_id LEFT JOIN projects p ON p.id = "
		    "a.project_id LEFT JOIN users cu ON cu.id = a.created_by "
		    "WHERE a.id = ?", "I", id);
	return at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
	    "a.detail, a.status, a.mode, a.due_on, a.visible, a.created_at, "
	    "a.sent_at, a.completed_at, a.decision_id, a.project_id, p.name "
	    "AS project, a.client_id, a.file_version_id, a.deliverable_id, "
	    "cu.name AS created_by_name, (a.status = 'pending' AND a.due_on < "
	    "UTC_DATE()) AS overdue FROM approvals a " APPR_CONTACT_JOIN
	    "LEFT JOIN users cu ON cu.id = a.created_by "
	    "WHERE a.id = ? AND a.client_id = ? AND a.visible = 1", "II", id,
	    at_client_scope(req));
}

/* The steps of approval id in order (NULL on error). */
static struct at_rows *
appr_steps(struct at_req *req, long long id)
{
	return at_db_select(req->db, req->pool, "SELECT s.id, s.user_id, "
	    "s.position, s.answer, s.comment, s.answered_at, s.ip, u.name "
	    "FROM approval_steps s JOIN users u ON u.id = s.user_id WHERE "
	    "s.approval_id = ? ORDER BY s.position", "I", id);
}

/*
 * GET /approvals/:id (contact), GET /staff/approvals/:id (staff): one
 * request with each approver's answer, the comments, and the answer form
 * when it is the contact's turn; staff also see addresses and get the
 * send and cancel buttons.  Adds <approval>, <steps>, <my-turn/>,
 * <comments>, <form name="answer">.
 */
static int
h_approval(struct at_req *req)
{
	struct at_rows	*a, *s;
	xmlNodePtr	 c;
	long long	 id = at_arg_id(req, "id");
	int		 st;

	if ((a = at_load(req, appr_get, &st)) == NULL)
		return st;
	if ((s = appr_steps(req, id)) == NULL)
		return 500;
	at_page_id(req, at_is_staff(req) ? "staff-approval" : "approval");
	at_page_title(req, at_row(a, 0, "title"));
	c = at_page_content(req);
	appr_detail(req, c, a, s);
	if (hub_comments_list(req, c, "approval", id) == -1)
		return 500;
	at_x_form(req, c, "answer");
	return 200;
}

/*
 * GET /approvals (contact): every sent request of the client in shared
 * projects, those waiting for the caller's answer marked my_turn (the
 * page lists them first: "what needs my approval").  Adds
 * <approvals><approval>id, title, status, mode, due_on, overdue,
 * project, napproved, nsteps, my_turn</approval></approvals>.
 */
static int
h_approvals(struct at_req *req)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
	    "a.status, a.mode, a.due_on, a.sent_at, a.completed_at, "
	    "p.name AS project, a.project_id, (a.status = 'pending' AND "
	    "a.due_on < UTC_DATE()) AS overdue, "
	    "(SELECT COUNT(*) FROM approval_steps s WHERE s.approval_id = "
	    "a.id AND s.answer = 'approved') AS napproved, "
	    "(SELECT COUNT(*) FROM approval_steps s WHERE s.approval_id = "
	    "a.id) AS nsteps, (a.status = 'pending' AND EXISTS (SELECT 1 "
	    "FROM approval_steps s WHERE s.approval_id = a.id AND "
	    "s.user_id = ? AND " APPR_TURN ")) AS my_turn, "
	    HUB_CHANGED("COALESCE(a.sent_at, a.created_at)",
	    "COALESCE(a.completed_at, a.created_at)") " FROM approvals a "
	    APPR_CONTACT_JOIN HUB_SEEN_JOIN "WHERE a.client_id = ? AND "
	    "a.visible = 1 "
	    "ORDER BY my_turn DESC, a.status <> 'pending', a.due_on IS NULL, "
	    "a.due_on, a.id DESC LIMIT ?", "IsIsIi", req->user->id,
	    at_seen_base(req), req->user->id, "approvals",
	    at_client_scope(req), APPR_LIST_MAX);
	if (r == NULL || at_seen_mark(req, "approvals") == -1)
		return 500;
	at_page_id(req, "approvals");
	at_page_title(req, "Approvals");
	at_x_rows(at_page_content(req), "approvals", "approval", r);
	return 200;
}

/*
 * Records an approved request's decision through the decisions
 * module's service: "Approved: title", by the approvers, shared as the
 * request is.  The detail is the log's own text only; each approver's
 * name, time and comment go with it as data (drawn quoted: a comment can
 * never read as another line of the log).  Inside the caller's
 * transaction; the caller's own answer (step me) is already recorded.
 * The decision's id, or -1.
 */
static long long
appr_decide(struct at_req *req, const struct at_rows *a,
    const struct at_rows *s, long long me, const char *mycomment)
{
	const struct at_decisions_svc *ds;
	struct at_decision_approver *ap;
	struct at_decision d;
	const char	*by = "";
	char		 now[32];
	struct tm	 tm;
	time_t		 t = time(NULL);
	size_t		 i;

	if ((ds = at_service(AT_SVC_DECISIONS, AT_SVC_DECISIONS_V)) == NULL) {
		log_warn("%s: no decisions service", __func__);
		return -1;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	ap = at_palloc(req->pool, (s->n + 1) * sizeof(*ap));
	for (i = 0; i < s->n; i++) {
		by = at_pprintf(req->pool, "%s%s%s", by, *by != '\0' ? ", " :
		    "", at_row(s, i, "name"));
		ap[i].position = (int)at_row_int(s, i, "position", 0);
		ap[i].name = at_row(s, i, "name");
		if (at_row_int(s, i, "id", 0) == me) {
			ap[i].approved_at = now;
			ap[i].comment = mycomment;
		} else {
			ap[i].approved_at = at_row(s, i, "answered_at");
			ap[i].comment = at_row(s, i, "comment");
		}
	}
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.client = at_row_int(a, 0, "client_id", 0);
	d.project = at_row_int(a, 0, "project_id", 0);
	d.title = at_pprintf(req->pool, "Approved: %s", at_row(a, 0, "title"));
	d.detail = at_pprintf(req->pool, "Approved in full (%s).",
	    strcmp(at_row(a, 0, "mode"), "parallel") == 0 ?
	    "all approvers at once" : "approvers in sequence");
	d.decided_by = by;
	d.approval = at_row_int(a, 0, "id", 0);
	d.visible = 1;
	d.approvers = ap;
	d.napprovers = s->n;
	return ds->record(req, &d);
}

/*
 * Ticks deliverable id as done through the projects module's service,
 * inside the caller's transaction.  0 or -1.
 */
static int
appr_tick(struct at_req *req, long long id)
{
	const struct at_projects_svc *ps;

	if ((ps = at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V)) == NULL) {
		log_warn("%s: no projects service", __func__);
		return -1;
	}
	return ps->tick_deliverable(req, id);
}

/*
 * POST /approvals/:id/answer (contact): fields answer ("approve" or
 * "changes"), comment (needed when asking for changes).  Records the
 * caller's answer with the time and address when it is their turn; in
 * sequence the request moves on to the next approver, who is mailed;
 * the last approval approves the request and records the decision; a
 * request for changes closes it.  The asker is mailed the outcome.
 */
static int
h_answer(struct at_req *req)
{
	struct at_rows	*a, *s;
	const char	*answer, *comment, *title;
	long long	 id = at_arg_id(req, "id"), me = -1, client, dec = 0;
	long long	 first = -1;
	size_t		 i, left = 0;
	int		 approve, parallel, mypos = 0, done = 0, mailed = 0;
	const char	*back;

	if (id <= 0)
		return 404;
	back = at_pprintf(req->pool, "/approvals/%lld", id);
	answer = at_form(req, "answer");
	comment = at_form(req, "comment");
	if (answer == NULL || (strcmp(answer, "approve") != 0 &&
	    strcmp(answer, "changes") != 0))
		at_form_error(req, "answer", "Choose approve or ask for "
		    "changes.");
	approve = answer != NULL && strcmp(answer, "approve") == 0;
	if (!approve && (comment == NULL || *comment == '\0'))
		at_form_error(req, "comment", "Say what should change.");
	if (at_db_begin(req->db) == -1)
		return 500;
	a = at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
	    "a.status, a.mode, a.client_id, a.project_id, a.deliverable_id "
	    "FROM approvals a "
	    APPR_CONTACT_JOIN "WHERE a.id = ? AND a.client_id = ? AND "
	    "a.visible = 1 FOR UPDATE", "II", id, at_client_scope(req));
	if (a == NULL)
		goto fail;
	if (a->n == 0) {
		at_db_rollback(req->db);
		return 404;
	}
	if ((s = at_db_select(req->db, req->pool, "SELECT s.id, s.user_id, "
	    "s.position, s.answer, s.comment, s.answered_at, u.name FROM "
	    "approval_steps s JOIN users u ON u.id = s.user_id WHERE "
	    "s.approval_id = ? ORDER BY s.position FOR UPDATE", "I", id)) ==
	    NULL)
		goto fail;
	title = at_row(a, 0, "title");
	client = at_row_int(a, 0, "client_id", 0);
	parallel = strcmp(at_row(a, 0, "mode"), "parallel") == 0;
	for (i = 0; i < s->n; i++) {
		if (at_row(s, i, "answer") != NULL)
			continue;
		left++;
		if (first == -1)
			first = at_row_int(s, i, "position", 0);
		if (at_row_int(s, i, "user_id", 0) == req->user->id) {
			me = at_row_int(s, i, "id", 0);
			mypos = (int)at_row_int(s, i, "position", 0);
		}
	}
	if (strcmp(at_row(a, 0, "status"), "pending") != 0) {
		at_db_rollback(req->db);
		at_flash(req, "error", "This request is closed; it no longer "
		    "takes answers.");
		return at_redirect(req, back);
	}
	if (me == -1) {
		at_db_rollback(req->db);
		at_flash(req, "error", "You have already answered, or you are "
		    "not one of the approvers.");
		return at_redirect(req, back);
	}
	if (!parallel && mypos != first) {
		at_db_rollback(req->db);
		at_flash(req, "error", "It is not your turn yet: the approvers "
		    "answer in sequence.");
		return at_redirect(req, back);
	}
	if (at_form_errors(req) > 0) {
		at_db_rollback(req->db);
		return h_approval(req);
	}
	if (at_db_exec(req->db, "UPDATE approval_steps SET answer = ?, "
	    "comment = ?, answered_at = UTC_TIMESTAMP(), ip = ? WHERE id = ? "
	    "AND answer IS NULL", "sssI", approve ? "approved" :
	    "changes_requested", comment != NULL && *comment != '\0' ?
	    comment : NULL, req->remote_addr != NULL ? req->remote_addr : "",
	    me) != 1)
		goto fail;
	if (!approve) {
		if (at_db_exec(req->db, "UPDATE approvals SET status = "
		    "'changes_requested', completed_at = UTC_TIMESTAMP() WHERE "
		    "id = ?", "I", id) == -1)
			goto fail;
		done = 1;
	} else if (left == 1) {
		if ((dec = appr_decide(req, a, s, me, comment)) == -1)
			goto fail;
		if (at_db_exec(req->db, "UPDATE approvals SET status = "
		    "'approved', completed_at = UTC_TIMESTAMP(), decision_id = "
		    "? WHERE id = ?", "II", dec, id) == -1)
			goto fail;
		/* An approved deliverable is ticked on the checklist. */
		if (at_row_int(a, 0, "deliverable_id", 0) > 0 &&
		    appr_tick(req, at_row_int(a, 0, "deliverable_id", 0)) ==
		    -1)
			goto fail;
		done = 1;
	}
	if (at_db_commit(req->db) == -1)
		return 500;

	at_activity(req, client, approve ? "approve" : "request_changes",
	    "approval", id, at_pprintf(req->pool, "%s %s %s", req->user->name,
	    approve ? "approved" : "asked for changes to", title), 1);
	if (dec > 0)
		at_activity(req, client, "decide", "decision", dec,
		    at_pprintf(req->pool, "Decision recorded: Approved: %s",
		    title), 1);
	if (done)
		mailed = appr_notify_owner(req, id, title, approve ?
		    "approved by everyone" : at_pprintf(req->pool, "%s asked "
		    "for changes", req->user->name));
	else if (!parallel)
		mailed = appr_notify(req->db, req->pool, req->site, id, 0);
	appr_flash(req, mailed, approve ? (done ? "Approved. Thank you: the "
	    "decision is recorded." : "Approved. Thank you.") :
	    "Your request for changes was sent to the team.", approve ?
	    "Your answer is recorded, but it could not be mailed on: please "
	    "tell the team." : "Your request for changes is recorded, but "
	    "the team could not be told by mail: please tell them.");
	return at_redirect(req, back);
fail:
	at_db_rollback(req->db);
	return 500;
}

/*
 * POST /approvals/:id/comments (contact), /staff/approvals/:id/comments
 * (staff): fields body, visible (staff).
 */
static int
h_approval_comment(struct at_req *req)
{
	struct at_rows	*a;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req);
	int		 st;

	if ((a = at_load(req, appr_get, &st)) == NULL)
		return st;
	client = staff ? at_row_int(a, 0, "client_id", 0) :
	    at_client_scope(req);
	if (hub_comments_add(req, "approval", id, client,
	    (int)at_row_int(a, 0, "visible", 0), at_row(a, 0, "title")) == -1)
		return 500;
	return at_redirect(req, at_pprintf(req->pool,
	    "%s/approvals/%lld#comments", staff ? "/staff" : "", id));
}

/*
 * GET /staff/approvals (staff): every request, pending ones first and
 * oldest first (their age in days), then the rest newest first.  Query:
 * client.  Adds <approvals><approval>... client, age_days, overdue,
 * napproved, nsteps</approval></approvals>, <clients>.
 */
static int
h_staff_approvals(struct at_req *req)
{
	struct at_rows	*r, *cl;
	xmlNodePtr	 c, s;
	long long	 client = 0;

	if (at_strtoll(at_query(req, "client"), &client) == -1 || client < 0)
		client = 0;
	r = at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
	    "a.status, a.mode, a.due_on, a.visible, a.created_at, a.sent_at, "
	    "a.completed_at, c.name AS client, a.client_id, p.name AS "
	    "project, a.project_id, DATEDIFF(UTC_DATE(), DATE(COALESCE("
	    "a.sent_at, a.created_at))) AS age_days, (a.status = 'pending' "
	    "AND a.due_on < UTC_DATE()) AS overdue, "
	    "(SELECT COUNT(*) FROM approval_steps s WHERE s.approval_id = "
	    "a.id AND s.answer = 'approved') AS napproved, "
	    "(SELECT COUNT(*) FROM approval_steps s WHERE s.approval_id = "
	    "a.id) AS nsteps, " HUB_CHANGED("a.created_at", "(SELECT "
	    "MAX(s.answered_at) FROM approval_steps s WHERE s.approval_id = "
	    "a.id)") " FROM approvals a JOIN clients c ON c.id = "
	    "a.client_id LEFT JOIN projects p ON p.id = a.project_id"
	    HUB_SEEN_JOIN "WHERE (? = 0 OR a.client_id = ?) ORDER BY "
	    "a.status <> 'pending', "
	    "IF(a.status = 'pending', COALESCE(a.sent_at, a.created_at), "
	    "NULL), a.id DESC LIMIT ?", "sIsIIi", at_seen_base(req),
	    req->user->id, "approvals", client, client, APPR_LIST_MAX);
	if (r == NULL || at_seen_mark(req, "approvals") == -1)
		return 500;
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (cl == NULL)
		return 500;
	at_page_id(req, "staff-approvals");
	at_page_title(req, "Approvals");
	c = at_page_content(req);
	s = at_x_rows(c, "approvals", "approval", r);
	at_xaf(s, "client", "%lld", client);
	at_x_rows(c, "clients", "client", cl);
	return 200;
}

/*
 * Adds <versions><version id name version visible/></versions>: every
 * version of every document of project, from the file store, for the
 * form's file choice.  0 or -1.
 */
static int
appr_versions(struct at_req *req, xmlNodePtr c, long long project)
{
	struct at_rows	*f, *v;
	xmlNodePtr	 vs, n;
	size_t		 i, k;

	if ((f = at_file_list(req, "project", project, 0, 500)) == NULL)
		return -1;
	vs = at_x(c, "versions", NULL);
	for (i = 0; i < f->n; i++) {
		if ((v = at_file_versions(req, at_row_int(f, i, "id", 0))) ==
		    NULL)
			return -1;
		for (k = 0; k < v->n; k++) {
			n = at_x(vs, "version", NULL);
			at_x(n, "id", at_row(v, k, "id"));
			at_x(n, "name", at_row(f, i, "name"));
			at_x(n, "version", at_row(v, k, "version"));
			at_x(n, "visible", at_row(f, i, "visible"));
		}
	}
	return 0;
}

/*
 * Whether file version row fv belongs to a document of project: 1, 0,
 * or -1 on a database error.
 */
static int
appr_version_ok(struct at_req *req, long long fv, long long project)
{
	struct at_file	 f;
	long long	 fid;
	int		 rc;

	if ((fid = at_file_of_version(req, fv, NULL)) <= 0)
		return fid == -1 ? -1 : 0;
	if ((rc = at_file_get(req, fid, 0, "project", &f)) == -1)
		return -1;
	return rc == 0 && f.item_id == project;
}

/*
 * GET /staff/approvals/new (staff): query project.  Without a project,
 * the list of projects to choose from; with one, the form: title,
 * detail, the project's file versions, its client's contacts as
 * approvers, mode, due date, send now.  Adds <projects>, or <project id
 * name client-id/>, <versions><version id name version visible/>,
 * <contacts><contact id name email/>, <form name="approval">.
 */
static int
h_approval_new(struct at_req *req)
{
	const struct at_projects_svc *svc;
	struct at_rows	*p, *r;
	xmlNodePtr	 c, n;
	long long	 proj = 0;
	const char	*ps;

	ps = req->method == AT_POST ? at_form(req, "project") :
	    at_query(req, "project");
	at_page_id(req, "staff-approval-new");
	at_page_title(req, "Ask for approval");
	c = at_page_content(req);
	if (at_strtoll(ps, &proj) == -1 || proj <= 0) {
		r = at_db_select(req->db, req->pool, "SELECT p.id, p.name, "
		    "c.name AS client FROM projects p JOIN clients c ON c.id = "
		    "p.client_id ORDER BY c.name, p.name", "");
		if (r == NULL)
			return 500;
		at_x_rows(c, "projects", "project", r);
		return 200;
	}
	if ((p = hub_project_get(req, proj)) == NULL)
		return at_db_gone(req->db) ? 503 : 404;
	if (p->n == 0)
		return 404;
	n = at_x(c, "project", NULL);
	at_xa(n, "id", at_row(p, 0, "id"));
	at_xa(n, "name", at_row(p, 0, "name"));
	at_xa(n, "client-id", at_row(p, 0, "client_id"));
	if (appr_versions(req, c, proj) == -1)
		return 500;
	if ((svc = at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V)) == NULL ||
	    (r = svc->deliverables(req, proj)) == NULL)
		return 500;
	at_x_rows(c, "deliverables", "deliverable", r);
	r = at_db_select(req->db, req->pool, "SELECT id, name, email FROM "
	    "users WHERE client_id = ? AND role = 'contact' AND active = 1 "
	    "ORDER BY name", "I", at_row_int(p, 0, "client_id", 0));
	if (r == NULL)
		return 500;
	at_x_rows(c, "contacts", "contact", r);
	at_x_form(req, c, "approval");
	return 200;
}

/*
 * Shares what approval id asks about, the file (its version) and the
 * deliverable, when they are internal (a contact must see what they
 * approve), through the file store and the projects module's service.
 * Each share is logged by them.
 */
static void
appr_share_file(struct at_req *req, long long id)
{
	const struct at_projects_svc *ps;
	struct at_rows	*r;
	struct at_file	 f;
	long long	 fid;

	r = at_db_select(req->db, req->pool, "SELECT file_version_id, "
	    "deliverable_id FROM approvals WHERE id = ?", "I", id);
	if (r == NULL || r->n == 0)
		return;
	if (at_row_int(r, 0, "deliverable_id", 0) > 0 &&
	    (ps = at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V)) != NULL)
		ps->share_deliverable(req, at_row_int(r, 0, "deliverable_id",
		    0), " for approval");
	if (at_row_int(r, 0, "file_version_id", 0) <= 0 ||
	    (fid = at_file_of_version(req, at_row_int(r, 0,
	    "file_version_id", 0), NULL)) <= 0)
		return;
	if (at_file_get(req, fid, 0, NULL, &f) == 0 && !f.visible)
		at_file_share(req, fid, 1, " for approval");
}

/*
 * POST /staff/approvals (staff): fields project, title, detail,
 * file_version (optional), mode, due_on (optional), approver (one or
 * more, in order), visible (send now).  Creates the request and, when
 * sent, mails the approvers whose turn it is.
 */
static int
h_approval_add(struct at_req *req)
{
	const struct at_projects_svc *ps;
	struct at_rows	*p, *r;
	const struct at_param *fp;
	long long	 proj = 0, client, id, fv = 0, dl = 0;
	long long	 ids[APPR_MAX_STEPS];
	long long	 uid;
	size_t		 n = 0, i, k;
	const char	*mode, *due, *fvs, *dls, *dtitle;
	int		 send, mailed = 0, rc, dvis;

	if (at_strtoll(at_form(req, "project"), &proj) == -1 || proj <= 0)
		return h_approval_new(req);
	if ((p = hub_project_get(req, proj)) == NULL)
		return at_db_gone(req->db) ? 503 : 404;
	if (p->n == 0)
		return 404;
	client = at_row_int(p, 0, "client_id", 0);
	mode = at_form(req, "mode");
	if (mode == NULL || (strcmp(mode, "sequence") != 0 &&
	    strcmp(mode, "parallel") != 0))
		at_form_error(req, "mode", "Choose in sequence or all at "
		    "once.");
	/* The approvers, in the order the form lists them. */
	for (fp = req->form; fp != NULL; fp = fp->next) {
		if (fp->tmppath != NULL || strcmp(fp->name, "approver") != 0 ||
		    fp->value == NULL || *fp->value == '\0')
			continue;
		if (at_strtoll(fp->value, &uid) == -1 || uid <= 0) {
			at_form_error(req, "approver", "Choose approvers from "
			    "the list.");
			break;
		}
		for (k = 0; k < n && ids[k] != uid; k++)
			;
		if (k < n)
			continue;
		if (n == APPR_MAX_STEPS) {
			at_form_error(req, "approver", "Eight approvers at "
			    "most.");
			break;
		}
		ids[n++] = uid;
	}
	if (n == 0)
		at_form_error(req, "approver", "Choose at least one approver.");
	for (i = 0; i < n; i++) {
		r = at_db_select(req->db, req->pool, "SELECT id FROM users "
		    "WHERE id = ? AND client_id = ? AND role = 'contact' AND "
		    "active = 1", "II", ids[i], client);
		if (r == NULL)
			return 500;
		if (r->n == 0) {
			at_form_error(req, "approver", "Approvers must be "
			    "contacts of this project's client.");
			break;
		}
	}
	fvs = at_form(req, "file_version");
	if (fvs != NULL && *fvs != '\0') {
		if (at_strtoll(fvs, &fv) == -1 || fv <= 0)
			fv = -1;
		else {
			if ((rc = appr_version_ok(req, fv, proj)) == -1)
				return 500;
			if (rc == 0)
				fv = -1;
		}
		if (fv == -1)
			at_form_error(req, "file_version", "Choose a file of "
			    "this project.");
	}
	dls = at_form(req, "deliverable");
	if (dls != NULL && *dls != '\0') {
		if (at_strtoll(dls, &dl) == -1 || dl <= 0)
			dl = -1;
		else {
			if ((ps = at_service(AT_SVC_PROJECTS,
			    AT_SVC_PROJECTS_V)) == NULL || (rc =
			    ps->deliverable(req, dl, proj, &dtitle, &dvis)) ==
			    -1)
				return 500;
			if (rc == 1)
				dl = -1;
		}
		if (dl == -1)
			at_form_error(req, "deliverable", "Choose a "
			    "deliverable of this project.");
	}
	if (at_form_errors(req) > 0)
		return h_approval_new(req);
	due = at_form(req, "due_on");
	send = hub_ticked(req, "visible");

	if (at_db_begin(req->db) == -1)
		return 500;
	if (at_db_exec(req->db, "INSERT INTO approvals (client_id, "
	    "project_id, title, detail, file_version_id, deliverable_id, "
	    "mode, due_on, visible, created_by, created_at, sent_at) VALUES "
	    "(?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, ''), ?, ?, "
	    "UTC_TIMESTAMP(), IF(? = 1, UTC_TIMESTAMP(), NULL))",
	    "IIssIIssiIi", client, proj, at_form(req, "title"),
	    at_form(req, "detail") != NULL ? at_form(req, "detail") : "", fv,
	    dl, mode, due != NULL ? due : "",
	    send, req->user->id, send) == -1)
		goto fail;
	id = at_db_insert_id(req->db);
	for (i = 0; i < n; i++)
		if (at_db_exec(req->db, "INSERT INTO approval_steps "
		    "(approval_id, client_id, user_id, position) VALUES (?, ?, "
		    "?, ?)", "IIIi", id, client, ids[i], (int)i + 1) == -1)
			goto fail;
	if (at_db_commit(req->db) == -1)
		return 500;
	at_activity(req, client, "request", "approval", id,
	    at_pprintf(req->pool, "%s asked for approval: %s",
	    req->user->name, at_form(req, "title")), send);
	if (send) {
		appr_share_file(req, id);
		mailed = appr_notify(req->db, req->pool, req->site, id, 0);
	}
	appr_flash(req, mailed, send ? "Approval requested; the approvers "
	    "have been told." : "Saved as a draft: send it when ready.",
	    "Approval requested, but the approvers could not all be told by "
	    "mail: please tell them another way.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/approvals/%lld",
	    id));
fail:
	at_db_rollback(req->db);
	return 500;
}

/*
 * POST /staff/approvals/:id/send (staff): sends a draft request: it
 * becomes visible to the client, its file is shared, and the approvers
 * whose turn it is are mailed.
 */
static int
h_approval_send(struct at_req *req)
{
	struct at_rows	*a;
	long long	 id = at_arg_id(req, "id");
	long long	 n;
	int		 st;

	if ((a = at_load(req, appr_get, &st)) == NULL)
		return st;
	n = at_db_exec(req->db, "UPDATE approvals SET visible = 1, sent_at = "
	    "UTC_TIMESTAMP() WHERE id = ? AND visible = 0 AND status = "
	    "'pending'", "I", id);
	if (n == -1)
		return 500;
	if (n == 1) {
		at_activity(req, at_row_int(a, 0, "client_id", 0), "request",
		    "approval", id, at_pprintf(req->pool, "%s asked for "
		    "approval: %s", req->user->name, at_row(a, 0, "title")), 1);
		appr_share_file(req, id);
		appr_flash(req, appr_notify(req->db, req->pool, req->site, id,
		    0), "Sent; the approvers have been told.", "Sent, but the "
		    "approvers could not all be told by mail: please tell "
		    "them another way.");
	} else
		at_flash(req, "error", "This request was already sent or is "
		    "closed.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/approvals/%lld",
	    id));
}

/* POST /staff/approvals/:id/cancel (staff): withdraws a pending request. */
static int
h_approval_cancel(struct at_req *req)
{
	struct at_rows	*a;
	long long	 id = at_arg_id(req, "id");
	long long	 n;
	int		 st;

	if ((a = at_load(req, appr_get, &st)) == NULL)
		return st;
	n = at_db_exec(req->db, "UPDATE approvals SET status = 'cancelled', "
	    "completed_at = UTC_TIMESTAMP() WHERE id = ? AND status = "
	    "'pending'", "I", id);
	if (n == -1)
		return 500;
	if (n == 1) {
		at_activity(req, at_row_int(a, 0, "client_id", 0), "cancel",
		    "approval", id, at_pprintf(req->pool, "%s withdrew the "
		    "request for approval: %s", req->user->name,
		    at_row(a, 0, "title")),
		    (int)at_row_int(a, 0, "visible", 0));
		at_flash(req, "ok", "Request withdrawn.");
	} else
		at_flash(req, "error", "This request is already closed.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/approvals/%lld",
	    id));
}

/*
 * The project page's "Approvals" section: <approvals project="ID">
 * <approval> id, title, status,
 * mode, due_on, overdue, napproved, nsteps, my_turn (contacts), visible
 * (staff) </approval></approvals>; contacts see sent ones only.
 */
static int
appr_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
		    "a.status, a.mode, a.due_on, a.visible, (a.status = "
		    "'pending' AND a.due_on < UTC_DATE()) AS overdue, "
		    "(SELECT COUNT(*) FROM approval_steps s WHERE "
		    "s.approval_id = a.id AND s.answer = 'approved') AS "
		    "napproved, (SELECT COUNT(*) FROM approval_steps s WHERE "
		    "s.approval_id = a.id) AS nsteps FROM approvals a WHERE "
		    "a.project_id = ? ORDER BY a.status <> 'pending', a.id "
		    "DESC LIMIT ?", "Ii", project, APPR_LIST_MAX);
	else
		r = at_db_select(req->db, req->pool, "SELECT a.id, a.title, "
		    "a.status, a.mode, a.due_on, (a.status = 'pending' AND "
		    "a.due_on < UTC_DATE()) AS overdue, "
		    "(SELECT COUNT(*) FROM approval_steps s WHERE "
		    "s.approval_id = a.id AND s.answer = 'approved') AS "
		    "napproved, (SELECT COUNT(*) FROM approval_steps s WHERE "
		    "s.approval_id = a.id) AS nsteps, (a.status = 'pending' "
		    "AND EXISTS (SELECT 1 FROM approval_steps s WHERE "
		    "s.approval_id = a.id AND s.user_id = ? AND " APPR_TURN
		    ")) AS my_turn FROM approvals a WHERE a.project_id = ? AND "
		    "a.client_id = ? AND a.visible = 1 ORDER BY a.status <> "
		    "'pending', a.id DESC LIMIT ?", "IIIi", req->user->id,
		    project, at_client_scope(req), APPR_LIST_MAX);
	if (r == NULL)
		return -1;
	s = at_x_rows(parent, "approvals", "approval", r);
	at_xaf(s, "project", "%lld", project);
	return 0;
}

/*
 * The staff dashboard's "Pending approvals" card: how many requests wait
 * for clients, the oldest five with client and age.  One query.
 */
static int
appr_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 ca, it;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT a.id, a.title, c.name AS "
	    "client, DATEDIFF(UTC_DATE(), DATE(COALESCE(a.sent_at, "
	    "a.created_at))) AS age, (a.due_on < UTC_DATE()) AS overdue, "
	    "(SELECT COUNT(*) FROM approvals x WHERE x.status = 'pending' AND "
	    "x.visible = 1) AS total FROM approvals a JOIN clients c ON c.id = "
	    "a.client_id WHERE a.status = 'pending' AND a.visible = 1 ORDER BY "
	    "COALESCE(a.sent_at, a.created_at), a.id LIMIT 5", "");
	if (r == NULL)
		return -1;
	ca = at_x(cards, "card", NULL);
	at_xa(ca, "name", "approvals");
	at_xa(ca, "title", "Pending approvals");
	at_xa(ca, "href", "/staff/approvals");
	at_xa(ca, "empty", "No request waits for a client.");
	at_x(ca, "count", r->n > 0 ? at_row(r, 0, "total") : "0");
	for (i = 0; i < r->n; i++) {
		it = at_xf(ca, "item", "%s: %s", at_row(r, i, "client"),
		    at_row(r, i, "title"));
		at_xaf(it, "href", "/staff/approvals/%s", at_row(r, i, "id"));
		at_xaf(it, "when", "%s day%s%s", at_row(r, i, "age"),
		    at_row_int(r, i, "age", 0) == 1 ? "" : "s",
		    at_row_int(r, i, "overdue", 0) == 1 ? ", overdue" : "");
	}
	return 0;
}

/*
 * The contact's dashboard part: the "Pending approvals" card (how many
 * wait, those awaiting the contact's own answer) and each of those as
 * "needs your action".  One query.
 */
static int
appr_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	struct at_need	 n;
	xmlNodePtr	 ca, it;
	long long	 client = at_client_scope(req);
	const char	*due;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "(SELECT 'mine' AS k, a.id, "
	    "a.title, a.due_on, p.name AS project FROM approvals a "
	    APPR_CONTACT_JOIN "JOIN approval_steps s ON s.approval_id = a.id "
	    "AND s.user_id = ? WHERE a.client_id = ? AND a.visible = 1 AND "
	    "a.status = 'pending' AND " APPR_TURN " ORDER BY a.due_on IS "
	    "NULL, a.due_on, a.id LIMIT 5) UNION ALL (SELECT 'pending', "
	    "COUNT(*), NULL, NULL, NULL FROM approvals a " APPR_CONTACT_JOIN
	    "WHERE a.client_id = ? AND a.visible = 1 AND a.status = "
	    "'pending')", "III", req->user->id, client, client);
	if (r == NULL)
		return -1;
	ca = at_x(at_dash_cards(d), "card", NULL);
	at_xa(ca, "name", "approvals");
	at_xa(ca, "title", "Pending approvals");
	at_xa(ca, "href", "/approvals");
	at_xa(ca, "empty", "Nothing is waiting for approval.");
	for (i = 0; i < r->n; i++) {
		if (strcmp(at_row(r, i, "k"), "pending") == 0) {
			at_x(ca, "count", at_row(r, i, "id"));
			continue;
		}
		due = at_row(r, i, "due_on");
		it = at_x(ca, "item", at_row(r, i, "title"));
		at_xaf(it, "href", "/approvals/%s", at_row(r, i, "id"));
		at_xa(it, "when", due != NULL ? at_pprintf(req->pool,
		    "your answer, due %s", due) : "your answer");
		memset(&n, 0, sizeof(n));
		n.size = AT_EXT_SIZE(at_need);
		n.kind = "approval";
		n.label = "Approve";
		n.title = at_row(r, i, "title");
		n.href = at_pprintf(req->pool, "/approvals/%s",
		    at_row(r, i, "id"));
		n.due = due;
		n.project = at_row(r, i, "project");
		at_dash_need(d, &n);
	}
	return 0;
}

/* Activity entries about an approval link to it. */
static void
appr_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/approvals/", e->object_id);
}

static const struct at_section appr_sec = {
	AT_EXT_SIZE(at_section), "approvals", AT_CONTACT | AT_STAFF, 30,
	appr_section
};
static const struct at_act_kind appr_actk = {
	AT_EXT_SIZE(at_act_kind), "approval", appr_act
};
/*
 * The staff dashboard part: each client's pending (sent) approvals and
 * the oldest one's age in days, on the client's row.
 */
static int
appr_staff_dash(struct at_req *req, struct at_dash *d)
{
	static const char *const cols[] = { "pending", "oldest_days", NULL };
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT client_id, COUNT(*) AS "
	    "pending, MAX(DATEDIFF(UTC_DATE(), DATE(COALESCE(sent_at, "
	    "created_at)))) AS oldest_days FROM approvals WHERE status = "
	    "'pending' AND visible = 1 GROUP BY client_id", "");
	if (r == NULL)
		return -1;
	at_dash_client_rows(d, r, cols);
	return 0;
}

static const struct at_dash_part appr_dash_part = {
	AT_EXT_SIZE(at_dash_part), "approvals", AT_CONTACT, 30, appr_dash
};
static const struct at_dash_part appr_staff_part = {
	AT_EXT_SIZE(at_dash_part), "approvals-staff", AT_STAFF, 30,
	appr_staff_dash
};

/* See hub/approvals.h. */
int
hub_approvals_remind(struct at_db *db, const struct at_site *site)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	struct at_req	 req;
	struct tm	 tm;
	time_t		 now = time(NULL), midnight;
	char		 today[16];
	const char	*since;
	size_t		 i;
	long long	 id, n;
	int		 sent, count = 0;

	/* The process runs in the site's zone (TZ). */
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	midnight = mktime(&tm);
	pool = at_pool_new();
	since = at_time_utc(pool, midnight);
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.db = db;
	req.site = site;
	req.remote_addr = "";
	req.method_name = "CRON";
	req.path = "/";
	req.query = "";
	r = at_db_select(db, pool, "SELECT a.id, a.client_id, a.title FROM "
	    "approvals a WHERE a.status = 'pending' AND a.visible = 1 AND "
	    "a.due_on < ? AND (a.last_reminded_at IS NULL OR "
	    "a.last_reminded_at < ?) ORDER BY a.id", "ss", today, since);
	if (r == NULL) {
		at_pool_free(pool);
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		/* Claim today's reminder first: another run skips it. */
		n = at_db_exec(db, "UPDATE approvals SET last_reminded_at = "
		    "UTC_TIMESTAMP() WHERE id = ? AND (last_reminded_at IS "
		    "NULL OR last_reminded_at < ?)", "Is", id, since);
		if (n == -1) {
			count = -1;
			break;
		}
		if (n == 0)
			continue;
		if ((sent = appr_notify(db, pool, site, id, 1)) == -1) {
			count = -1;
			break;
		}
		at_activity(&req, at_row_int(r, i, "client_id", 0), "remind",
		    "approval", id, at_pprintf(pool, "Reminder sent to %d "
		    "approver%s: %s", sent, sent == 1 ? "" : "s",
		    at_row(r, i, "title")), 0);
		count++;
	}
	at_pool_free(pool);
	return count;
}

/* The job "approvals.remind": reminders for overdue approvals. */
static int
appr_remind_job(struct at_job_ctx *ctx, const char **errstr)
{
	if (hub_approvals_remind(ctx->db, ctx->site) == -1) {
		*errstr = "cannot queue the reminders (see the log)";
		return -1;
	}
	return 0;
}

static const struct at_field f_answer[] = {
	{ "answer", NULL, AT_F_REQUIRED, 16, "Answer" },
	{ "comment", NULL, 0, 4000, "Comment" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_approval[] = {
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "What to approve" },
	{ "detail", NULL, 0, 20000, "Detail" },
	{ "file_version", NULL, 0, 20, "File" },
	{ "deliverable", NULL, 0, 20, "Deliverable" },
	{ "mode", NULL, AT_F_REQUIRED, 16, "Order" },
	{ "due_on", at_v_date, 0, 10, "Due date" },
	{ "visible", at_v_bool, 0, 0, "Send now" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route appr_routes[] = {
	{ AT_GET, "/approvals", AT_CONTACT, h_approvals, NULL, NULL },
	{ AT_GET, "/approvals/:id", AT_CONTACT, h_approval, NULL, NULL },
	{ AT_POST, "/approvals/:id/answer", AT_CONTACT, h_answer, f_answer,
	    NULL },
	{ AT_POST, "/approvals/:id/comments", AT_CONTACT, h_approval_comment,
	    hub_comment_fields, NULL },
	{ AT_GET, "/staff/approvals", AT_STAFF, h_staff_approvals, NULL,
	    NULL },
	{ AT_GET, "/staff/approvals/new", AT_STAFF, h_approval_new, NULL,
	    NULL },
	{ AT_POST, "/staff/approvals", AT_STAFF, h_approval_add, f_approval,
	    NULL },
	{ AT_GET, "/staff/approvals/:id", AT_STAFF, h_approval, NULL, NULL },
	{ AT_POST, "/staff/approvals/:id/send", AT_STAFF, h_approval_send,
	    NULL, NULL },
	{ AT_POST, "/staff/approvals/:id/cancel", AT_STAFF, h_approval_cancel,
	    NULL, NULL },
	{ AT_POST, "/staff/approvals/:id/comments", AT_STAFF,
	    h_approval_comment, hub_comment_fields, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/*
 * Registers the approval pages, navigation items, dashboard cards, the
 * hourly reminder job and the kinds of notification approvals send.
 */
static int
appr_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, appr_routes);
	at_reg_section(reg, &appr_sec);
	at_reg_activity(reg, &appr_actk);
	at_reg_dash(reg, &appr_dash_part);
	at_reg_dash(reg, &appr_staff_part);
	at_reg_nav(reg, AT_CONTACT, "Approvals", "/approvals", 50);
	at_reg_nav(reg, AT_STAFF, "Approvals", "/staff/approvals", 50);
	at_reg_card(reg, AT_STAFF, appr_staff_card, 40);
	at_reg_job(reg, "remind", 3600, appr_remind_job);
	at_notify_kind(reg, "requested", "Approvals asked of me", AT_CONTACT,
	    AT_DELIVER_NOW);
	at_notify_kind(reg, "reminder", "Reminders of overdue approvals",
	    AT_CONTACT, AT_DELIVER_NOW);
	at_notify_kind(reg, "answered", "Answers to approvals I asked for",
	    AT_STAFF, AT_DELIVER_NOW);
	return 0;
}

const struct at_plugin at_mod_approvals = {
	AT_PLUGIN_HEAD,
	.name = "approvals",
	.version = PACKAGE_VERSION,
	.summary = "Approvals, with reminders",
	.init = appr_init,
};
