/*
 * Projects with their milestones, tasks and deliverables checklist.
 *
 * A contact sees the shared projects of their client (/projects, with
 * search, a status filter and a progress bar each) and, read-only, a
 * project's page: overview, dates, owner, checklist, milestones, shared
 * tasks, and the sections the other modules fill (updates, files,
 * approvals, decisions, activity).  A shared task owned by the contact
 * can be marked done by them.  Staff create and edit everything at
 * /staff/projects; what they create is internal until shared.
 *
 * Progress (hub_progress) counts each deliverable and each milestone as
 * one step: done deliverables and reached milestones over all of them,
 * rounded down, so 100% means everything is done; a completed project is
 * 100%.  A contact's bar counts what is shared with them, the team's
 * counts everything.
 *
 * Page ids: projects, project, staff-projects, staff-project.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

/* The most projects a list shows (SQL text). */
#define PROJ_LIST_MAX	"500"

/* See hub/hub.h. */
int
hub_progress(long long done, long long total, const char *status)
{
	if (status != NULL && strcmp(status, "completed") == 0)
		return 100;
	if (total <= 0 || done <= 0)
		return 0;
	if (done >= total)
		return 100;
	return (int)(done * 100 / total);
}

/*
 * Logs action on object id of client in the activity log, summarised
 * for people as "<who> <verb> the <object> <title>".
 */
static void
proj_log(struct at_req *req, long long client, const char *action,
    const char *object, long long id, const char *verb, const char *title,
    int visible)
{
	at_activity(req, client, action, object, id, at_pprintf(req->pool,
	    "%s %s the %s %s", req->user->name, verb, object, title), visible);
}

/* See hub/hub.h. */
struct at_rows *
hub_project_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT id, client_id, "
		    "name, visible FROM projects WHERE id = ?", "I", id);
	return at_db_select(req->db, req->pool, "SELECT id, client_id, name, "
	    "visible FROM projects WHERE id = ? AND client_id = ? AND "
	    "visible = 1", "I" "I", id, at_client_scope(req));
}

#define PROJ_COLS \
	"p.id, p.client_id, p.name, p.status, p.health, p.start_on, " \
	"p.due_on, p.visible, p.owner_id, o.name AS owner"

/* Adds <progress> (0..100) to every <item> of list, from steps/done. */
static void
proj_progress(xmlNodePtr list, const struct at_rows *r)
{
	xmlNodePtr	 n;
	size_t		 i = 0;

	for (n = list->children; n != NULL && i < r->n; n = n->next, i++)
		at_xf(n, "progress", "%d", hub_progress(at_row_int(r, i,
		    "done", 0), at_row_int(r, i, "steps", 0), at_row(r, i,
		    "status")));
}

/* The labels a project, its health and a task may have. */
static const char *const proj_statuses[] = {
	"active", "on_hold", "completed", NULL
};
static const char *const proj_healths[] = {
	"on_track", "needs_review", "waiting_on_client", "blocked", NULL
};
static const char *const task_statuses[] = {
	"todo", "in_progress", "waiting", "done", NULL
};

/* The status filter from the query: active, on_hold, completed or NULL. */
static const char *
proj_status_filter(struct at_req *req)
{
	const char	*s = at_query(req, "status");

	return hub_one_of(s, proj_statuses) ? s : NULL;
}

/* Adds <filter q status/> for the list pages. */
static xmlNodePtr
proj_filter(xmlNodePtr c, const char *q,
    const char *status)
{
	xmlNodePtr	 f = at_x(c, "filter", NULL);

	at_xa(f, "q", q != NULL ? q : "");
	at_xa(f, "status", status != NULL ? status : "all");
	return f;
}

/*
 * The search text from the query, trimmed; NULL when empty.  Give it to
 * SQL through hub_like().
 */
static const char *
proj_q(struct at_req *req)
{
	const char	*q = at_query(req, "q");
	size_t		 n;

	if (q == NULL)
		return NULL;
	while (isspace((unsigned char)*q))
		q++;
	n = strlen(q);
	while (n > 0 && isspace((unsigned char)q[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	/* At most 200 bytes, cut between characters. */
	return at_utf8_cut(req->pool, at_pstrndup(req->pool, q, n), 200);
}

/*
 * GET /projects (contact): the client's shared projects.  Query: q (part
 * of the name or overview), status (active, on_hold, completed).  Adds
 * <filter q status/> and <projects><project> with progress.
 */
static int
h_projects(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c, l;
	const char	*q = proj_q(req), *st = proj_status_filter(req);
	const char	*ql = q != NULL ? hub_like(req->pool, q) : NULL;
	char		 key[200], page[48];
	int		 keep;

	/*
	 * Without a search, the list is kept per person under the data
	 * version and the caller's markers (at_kept_list_key): nothing
	 * changed and nothing seen since, the same list.
	 */
	snprintf(page, sizeof(page), "projects:%s", st != NULL ? st : "");
	keep = q == NULL && at_kept_list_key(req, page, key, sizeof(key));
	if (keep) {
		c = at_page_content(req);
		if (at_kept_page_get(req, key, c) != NULL) {
			if (at_seen_mark(req, "projects") == -1)
				return 500;
			at_page_id(req, "projects");
			at_page_title(req, "Projects");
			return 200;
		}
	}
	r = at_db_select(req->db, req->pool, "SELECT " PROJ_COLS ", "
	    HUB_PROJ_STEPS(HUB_VIS_SHARED) ", " HUB_CHANGED("COALESCE("
	    "p.shared_at, p.created_at)", "COALESCE(p.updated_at, "
	    "p.created_at)") " FROM projects p LEFT JOIN users o ON "
	    "o.id = p.owner_id" HUB_SEEN_JOIN "WHERE p.client_id = ? AND "
	    "p.visible = 1 AND "
	    "(? IS NULL OR p.status = ?) AND (? IS NULL OR p.name LIKE "
	    "CONCAT('%', ?, '%') OR p.overview LIKE CONCAT('%', ?, '%')) "
	    "ORDER BY p.status = 'completed', p.due_on IS NULL, p.due_on, "
	    "p.name LIMIT " PROJ_LIST_MAX, "sIsIsssss", at_seen_base(req),
	    req->user->id, "projects", at_client_scope(req), st, st, ql, ql,
	    ql);
	if (r == NULL || at_seen_mark(req, "projects") == -1)
		return 500;
	at_page_id(req, "projects");
	at_page_title(req, "Projects");
	c = at_page_content(req);
	proj_filter(c, q, st);
	l = at_x_rows(c, "projects", "project", r);
	proj_progress(l, r);
	if (keep)
		at_kept_page_put(key, NULL, c);
	return 200;
}

/*
 * Adds <deliverables>, <milestones> and <tasks> of project id for the
 * caller (contacts: shared ones) from one query, each item with its
 * columns; open milestones and tasks past due get <overdue>1</overdue>.
 */
static int
proj_items(struct at_req *req, xmlNodePtr c, long long id, int staff)
{
	struct at_rows	*r;
	xmlNodePtr	 dl, ml, tl, n;
	const char	*k, *today = at_today(req->pool), *due;
	size_t		 i;

	r = at_db_select(req->db, req->pool,
	    "(SELECT 'd' AS k, d.id, d.title, NULL AS due_on, d.done_at, "
	    "NULL AS status, NULL AS owner_id, NULL AS owner, NULL AS "
	    "owner_role, d.visible, d.position AS pos FROM deliverables d "
	    "WHERE d.project_id = ? AND (? = 1 OR d.visible = 1)) UNION ALL "
	    "(SELECT 'm', m.id, m.title, m.due_on, m.done_at, NULL, NULL, "
	    "NULL, NULL, m.visible, 0 FROM milestones m WHERE m.project_id = "
	    "? AND (? = 1 OR m.visible = 1)) UNION ALL "
	    "(SELECT 't', t.id, t.title, t.due_on, NULL, t.status, t.owner_id, "
	    "u.name, u.role, t.visible, 0 FROM tasks t LEFT JOIN users u ON "
	    "u.id = t.owner_id WHERE t.project_id = ? AND (? = 1 OR "
	    "t.visible = 1)) ORDER BY k, pos, due_on IS NULL, due_on, id",
	    "IiIiIi", id, staff, id, staff, id, staff);
	if (r == NULL)
		return -1;
	dl = at_x(c, "deliverables", NULL);
	ml = at_x(c, "milestones", NULL);
	tl = at_x(c, "tasks", NULL);
	for (i = 0; i < r->n; i++) {
		k = at_row(r, i, "k");
		n = at_x_row(*k == 'd' ? dl : *k == 'm' ? ml : tl, *k == 'd' ?
		    "deliverable" : *k == 'm' ? "milestone" : "task", r, i);
		/* An open milestone or task past its date is overdue. */
		due = at_row(r, i, "due_on");
		if (due != NULL && strcmp(due, today) < 0 && (*k == 'm' ?
		    at_row(r, i, "done_at") == NULL : *k == 't' &&
		    strcmp(at_row(r, i, "status"), "done") != 0))
			at_x(n, "overdue", "1");
		if (*k == 't' && at_row_int(r, i, "owner_id", 0) == req->user->id)
			at_x(n, "mine", "1");
	}
	return 0;
}

/*
 * The project row for the page, with its owner and progress steps, for
 * the caller; NULL on a database error.
 */
static struct at_rows *
proj_row(struct at_req *req, long long id, int staff)
{
	if (staff)
		return at_db_select(req->db, req->pool, "SELECT " PROJ_COLS
		    ", p.overview, p.budget_minor, p.currency, p.hours_budget, "
		    "p.hours_used, p.budget_visible, p.created_at, p.shared_at, "
		    "c.name AS client, " HUB_PROJ_STEPS(HUB_VIS_ALL) " FROM projects p "
		    "JOIN clients c ON c.id = p.client_id LEFT JOIN users o ON "
		    "o.id = p.owner_id WHERE p.id = ?", "I", id);
	return at_db_select(req->db, req->pool, "SELECT " PROJ_COLS ", "
	    "p.overview, IF(p.budget_visible, p.budget_minor, NULL) AS "
	    "budget_minor, p.currency, IF(p.budget_visible, p.hours_budget, "
	    "NULL) AS hours_budget, IF(p.budget_visible, p.hours_used, NULL) "
	    "AS hours_used, p.budget_visible, " HUB_PROJ_STEPS(HUB_VIS_SHARED)
	    " FROM projects p LEFT JOIN users o ON o.id = p.owner_id WHERE "
	    "p.id = ? AND p.client_id = ? AND p.visible = 1", "II", id,
	    at_client_scope(req));
}

/* Adds <project> from row 0 of r: columns, overview as HTML, progress. */
static xmlNodePtr
proj_node(struct at_req *req, xmlNodePtr c, const struct at_rows *r)
{
	xmlNodePtr	 n;
	const char	*b;
	long long	 minor;

	n = at_x_row(c, "project", r, 0);
	at_x_markdown(req, n, "overview_html", at_row(r, 0, "overview"));
	at_xf(n, "progress", "%d", hub_progress(at_row_int(r, 0, "done", 0),
	    at_row_int(r, 0, "steps", 0), at_row(r, 0, "status")));
	if ((b = at_row(r, 0, "budget_minor")) != NULL &&
	    at_strtoll(b, &minor) == 0)
		at_xf(n, "budget", "%s%lld.%02lld %s", minor < 0 ? "-" : "",
		    (minor < 0 ? -minor : minor) / 100,
		    (minor < 0 ? -minor : minor) % 100,
		    at_row(r, 0, "currency"));
	return n;
}

static int	 proj_people(struct at_req *, xmlNodePtr, long long);

/*
 * Whether the page model under n marks anything as new or changed since
 * the person's last visit (a section's new="N", an item's changed
 * attribute or element, is_new = 1): such a page differs once seen.
 */
static int
proj_marks_new(xmlNodePtr n)
{
	xmlNodePtr	 k;
	xmlChar		*v;
	int		 yes = 0;

	for (k = n->children; k != NULL && !yes; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if ((v = xmlGetProp(k, BAD_CAST "new")) != NULL) {
			yes = strcmp((const char *)v, "0") != 0 && *v != '\0';
			xmlFree(v);
		}
		if (!yes && (v = xmlGetProp(k, BAD_CAST "changed")) != NULL) {
			yes = *v != '\0';
			xmlFree(v);
		}
		if (!yes && (xmlStrcmp(k->name, BAD_CAST "changed") == 0 ||
		    xmlStrcmp(k->name, BAD_CAST "is_new") == 0) &&
		    (v = xmlNodeGetContent(k)) != NULL) {
			yes = *v != '\0' && strcmp((const char *)v, "0") != 0;
			xmlFree(v);
		}
		if (!yes)
			yes = proj_marks_new(k);
	}
	return yes;
}

/*
 * Project id's page for the caller: <project> (overview_html, progress,
 * budget when the caller may see it), <deliverables>, <milestones>,
 * <tasks> and the other modules' sections (a contact's view is logged
 * for the team); for staff also <people> (the
 * team and the client's contacts, for the owner selects), <today> and
 * the posted form: as <form name="project"> for the project's own form,
 * or, when an item's form named rejected ("milestone-new", "task-12")
 * was refused, as <rejected><form name=.../></rejected> so the page
 * shows its values and messages on that form only.
 */
static int
proj_page(struct at_req *req, long long id, int staff, const char *rejected)
{
	struct at_rows	*r;
	xmlNodePtr	 c;
	const char	*title;
	char		 key[200], page[32];
	int		 keep = 0;

	/*
	 * A contact's page is kept per person under the data version the
	 * session read (no change since: the same page); the view is
	 * logged with its one insert, once per person and view window (a
	 * worker that wrote it in the window sends no repeat: activity.c).
	 */
	if (!staff) {
		snprintf(page, sizeof(page), "p%lld", id);
		keep = at_kept_key(req, page, key, sizeof(key));
	}
	if (keep) {
		c = at_page_content(req);
		if ((title = at_kept_page_get(req, key, c)) != NULL) {
			at_page_id(req, "project");
			at_page_title(req, title);
			proj_log(req, at_client_scope(req), "view", "project",
			    id, "viewed", title, 0);
			return 200;
		}
	}
	if ((r = proj_row(req, id, staff)) == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	at_page_id(req, staff ? "staff-project" : "project");
	at_page_title(req, at_row(r, 0, "name"));
	c = at_page_content(req);
	proj_node(req, c, r);
	/* The sections registered by other modules (at_reg_section). */
	if (proj_items(req, c, id, staff) == -1 ||
	    at_sections_fill(req, c, id) == -1)
		return 500;
	if (!staff) {
		/*
		 * Logged for the team: who looked, when, from where.  A page
		 * that marks something new for this person is not kept: this
		 * view is their visit, so the next one draws it unmarked.
		 */
		if (keep && !proj_marks_new(c))
			at_kept_page_put(key, at_row(r, 0, "name"), c);
		proj_log(req, at_client_scope(req), "view", "project", id,
		    "viewed", at_row(r, 0, "name"), 0);
		return 200;
	}
	at_x(c, "today", at_today(req->pool));
	if (proj_people(req, c, at_row_int(r, 0, "client_id", 0)) == -1)
		return 500;
	if (rejected != NULL)
		at_x_form(req, at_x(c, "rejected", NULL), rejected);
	else
		at_x_form(req, c, "project");
	return 200;
}

/* GET /projects/:id (contact): a shared project of the client, read only. */
static int
h_project(struct at_req *req)
{
	return proj_page(req, at_arg_id(req, "id"), 0, NULL);
}

/*
 * POST /tasks/:id/done (contact): a shared task the contact owns, in a
 * shared project, is marked done.
 */
static int
h_task_done(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id"), n;
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT t.project_id, t.title "
	    "FROM tasks t JOIN projects p ON p.id = t.project_id AND "
	    "p.client_id = t.client_id AND p.visible = 1 WHERE t.id = ? AND "
	    "t.client_id = ? AND t.visible = 1 AND t.owner_id = ?", "III", id,
	    at_client_scope(req), req->user->id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	n = at_db_exec(req->db, "UPDATE tasks SET status = 'done' WHERE id = ? "
	    "AND status <> 'done'", "I", id);
	if (n == -1)
		return 500;
	if (n > 0)
		proj_log(req, at_client_scope(req), "done", "task", id,
		    "finished", at_row(r, 0, "title"), 1);
	at_flash(req, "ok", "Marked as done. Thank you.");
	return at_redirect(req, at_pprintf(req->pool, "/projects/%s",
	    at_row(r, 0, "project_id")));
}

/* ---- staff ---- */

/*
 * Adds <people> for the owner and task selects: active team members,
 * and with client > 0 that client's active contacts.
 */
static int
proj_people(struct at_req *req, xmlNodePtr c, long long client)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT id, name, role, "
	    "client_id FROM users WHERE active = 1 AND (role IN ('staff', "
	    "'admin') OR (? > 0 AND client_id = ?)) ORDER BY role = 'contact', "
	    "name", "II", client, client);
	if (r == NULL)
		return -1;
	at_x_rows(c, "people", "person", r);
	return 0;
}

/*
 * GET /staff/projects (staff): every project.  Query: client, status, q.
 * Adds <filter client q status/>, <projects><project> with client and
 * progress, <clients> and <people> for the new-project form.
 */
static int
h_staff_projects(struct at_req *req)
{
	struct at_rows	*r, *cl;
	xmlNodePtr	 c, l;
	const char	*q = proj_q(req), *st = proj_status_filter(req);
	const char	*ql = q != NULL ? hub_like(req->pool, q) : NULL;
	long long	 client = 0;

	if (at_strtoll(at_query(req, "client"), &client) == -1 || client < 0)
		client = 0;
	r = at_db_select(req->db, req->pool, "SELECT " PROJ_COLS ", c.name AS "
	    "client, " HUB_PROJ_STEPS(HUB_VIS_ALL) ", " HUB_CHANGED(
	    "p.created_at", "COALESCE(p.updated_at, p.created_at)") " FROM "
	    "projects p JOIN clients c "
	    "ON c.id = p.client_id LEFT JOIN users o ON o.id = p.owner_id"
	    HUB_SEEN_JOIN
	    "WHERE (? = 0 OR p.client_id = ?) AND (? IS NULL OR p.status = ?) "
	    "AND (? IS NULL OR p.name LIKE CONCAT('%', ?, '%') OR p.overview "
	    "LIKE CONCAT('%', ?, '%')) ORDER BY c.name, p.status = "
	    "'completed', p.due_on IS NULL, p.due_on, p.name LIMIT "
	    PROJ_LIST_MAX, "sIsIIsssss", at_seen_base(req), req->user->id,
	    "projects", client, client, st, st, ql, ql, ql);
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (r == NULL || cl == NULL || at_seen_mark(req, "projects") == -1)
		return 500;
	at_page_id(req, "staff-projects");
	at_page_title(req, "Projects");
	c = at_page_content(req);
	at_xaf(proj_filter(c, q, st), "client", "%lld", client);
	l = at_x_rows(c, "projects", "project", r);
	proj_progress(l, r);
	at_x_rows(c, "clients", "client", cl);
	if (proj_people(req, c, 0) == -1)
		return 500;
	at_x_form(req, c, "project-new");
	return 200;
}

/* "" as NULL, for optional fields bound as SQL NULL. */
static const char *
nz(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : s;
}

/*
 * Checks the owner field (a person id or empty): an active team member,
 * or with client > 0 also one of that client's active contacts.  Sets a
 * form error when not.  Returns -1 on a database error.
 */
static int
proj_owner_ok(struct at_req *req, const char *field, long long client)
{
	struct at_rows	*r;
	const char	*v = nz(at_form(req, field));
	long long	 id;

	if (v == NULL)
		return 0;
	if (at_strtoll(v, &id) == -1 || id <= 0) {
		at_form_error(req, field, "Choose someone from the list.");
		return 0;
	}
	r = at_db_select(req->db, req->pool, "SELECT id FROM users WHERE id = "
	    "? AND active = 1 AND (role IN ('staff', 'admin') OR (? > 0 AND "
	    "client_id = ?))", "III", id, client, client);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		at_form_error(req, field, "Choose someone from the list.");
	return 0;
}

/* Checks that due is not before start (both optional). */
static void
proj_dates_ok(struct at_req *req)
{
	const char	*s = nz(at_form(req, "start_on"));
	const char	*d = nz(at_form(req, "due_on"));

	if (s != NULL && d != NULL && strcmp(d, s) < 0)
		at_form_error(req, "due_on", "The due date is before the "
		    "start date.");
}

/*
 * POST /staff/projects (staff): fields client, name, overview, owner,
 * start_on, due_on, status, health, budget, currency, hours_budget,
 * hours_used, budget_visible, visible.  Creates the project (internal
 * unless visible is ticked).
 */
static int
h_project_add(struct at_req *req)
{
	struct at_rows	*cl;
	long long	 client, id;
	int		 vis = hub_ticked(req, "visible");

	if (at_strtoll(at_form(req, "client"), &client) == -1 || client <= 0)
		client = 0;
	cl = at_db_select(req->db, req->pool, "SELECT id FROM clients WHERE "
	    "id = ?", "I", client);
	if (cl == NULL)
		return 500;
	if (cl->n == 0)
		at_form_error(req, "client", "Choose a client.");
	if (proj_owner_ok(req, "owner", 0) == -1)
		return 500;
	proj_dates_ok(req);
	if (at_form_errors(req) > 0)
		return h_staff_projects(req);
	if (at_db_exec(req->db, "INSERT INTO projects (client_id, name, "
	    "overview, owner_id, start_on, due_on, status, health, "
	    "budget_minor, currency, hours_budget, hours_used, budget_visible, "
	    "visible, shared_at) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, "
	    "'active'), COALESCE(?, 'on_track'), ?, COALESCE(?, 'EUR'), ?, "
	    "COALESCE(?, 0), ?, ?, IF(?, UTC_TIMESTAMP(), NULL))",
	    "Issssssssssssii", client, at_form(req, "name"),
	    at_form(req, "overview") != NULL ? at_form(req, "overview") : "",
	    nz(at_form(req, "owner")), nz(at_form(req, "start_on")),
	    nz(at_form(req, "due_on")), nz(at_form(req, "status")),
	    nz(at_form(req, "health")), nz(at_form(req, "budget")),
	    nz(at_form(req, "currency")), nz(at_form(req, "hours_budget")),
	    nz(at_form(req, "hours_used")),
	    hub_ticked(req, "budget_visible") ? "1" : "0", vis, vis) == -1)
		return 500;
	id = at_db_insert_id(req->db);
	proj_log(req, client, "create", "project", id, "created",
	    at_form(req, "name"), vis);
	at_flash(req, "ok", vis ? "Project created and shared with the "
	    "client." : "Project created. It is internal until you share "
	    "it.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/projects/%lld",
	    id));
}

/*
 * GET /staff/projects/:id (staff): everything about the project,
 * internal items included, with the forms to change it.
 */
static int
h_staff_project(struct at_req *req)
{
	return proj_page(req, at_arg_id(req, "id"), 1, NULL);
}

/* Back to the staff project page with a message. */
static int
proj_done(struct at_req *req, long long id, const char *msg)
{
	at_flash(req, "ok", msg);
	return at_redirect(req, at_pprintf(req->pool, "/staff/projects/%lld",
	    id));
}

/*
 * POST /staff/projects/:id (staff): the same fields as creating, but
 * client and visible.  Saves the project's facts.
 */
static int
h_project_edit(struct at_req *req)
{
	struct at_rows	*p;
	long long	 id = at_arg_id(req, "id");
	int		 st;

	if ((p = at_load(req, hub_project_get, &st)) == NULL)
		return st;
	if (proj_owner_ok(req, "owner", 0) == -1)
		return 500;
	proj_dates_ok(req);
	if (at_form_errors(req) > 0)
		return h_staff_project(req);
	if (at_db_exec(req->db, "UPDATE projects SET name = ?, overview = ?, "
	    "owner_id = ?, start_on = ?, due_on = ?, status = COALESCE(?, "
	    "status), health = COALESCE(?, health), budget_minor = ?, "
	    "currency = COALESCE(?, currency), hours_budget = ?, hours_used = "
	    "COALESCE(?, 0), budget_visible = ?, updated_at = UTC_TIMESTAMP() "
	    "WHERE id = ?", "ssssssssssssI", at_form(req, "name"),
	    at_form(req, "overview") != NULL ? at_form(req, "overview") : "",
	    nz(at_form(req, "owner")), nz(at_form(req, "start_on")),
	    nz(at_form(req, "due_on")), nz(at_form(req, "status")),
	    nz(at_form(req, "health")), nz(at_form(req, "budget")),
	    nz(at_form(req, "currency")), nz(at_form(req, "hours_budget")),
	    nz(at_form(req, "hours_used")),
	    hub_ticked(req, "budget_visible") ? "1" : "0", id) == -1)
		return 500;
	proj_log(req, at_row_int(p, 0, "client_id", 0), "edit", "project", id,
	    "updated", at_form(req, "name"), at_row_int(p, 0, "visible", 0) ==
	    1);
	return proj_done(req, id, "Project saved.");
}

/* A project as an item shared with its client (at_share). */
static const struct at_shareable proj_shareable = {
	AT_EXT_SIZE(at_shareable), "project", "projects", "name",
	"the project ", 1
};

/* POST /staff/projects/:id/share (staff): field visible.  Shares or hides. */
static int
h_project_share(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	int		 vis = hub_ticked(req, "visible"), rc;

	if ((rc = at_share(req, &proj_shareable, id, vis, NULL, NULL)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	return proj_done(req, id, vis ? "The project is shared with the "
	    "client." : "The project is internal again; the client no "
	    "longer sees it or anything in it.");
}

/*
 * The kinds of item a project holds, for the shared add/edit/delete
 * handlers.  The SQL is fixed per kind; nothing of the request names a
 * table.
 */
enum proj_kind { K_MILESTONE, K_TASK, K_DELIVERABLE };

static const struct {
	const char	*object;	/* activity object, and in messages */
	const char	*label;
	const char	*get;		/* project_id, client_id, title, visible */
	const char	*del;
} kinds[] = {
	{ "milestone", "Milestone",
	  "SELECT project_id, client_id, title, visible FROM milestones "
	  "WHERE id = ?", "DELETE FROM milestones WHERE id = ?" },
	{ "task", "Task",
	  "SELECT project_id, client_id, title, visible FROM tasks "
	  "WHERE id = ?", "DELETE FROM tasks WHERE id = ?" },
	{ "deliverable", "Deliverable",
	  "SELECT project_id, client_id, title, visible FROM deliverables "
	  "WHERE id = ?", "DELETE FROM deliverables WHERE id = ?" },
};

/*
 * Inserts or updates an item of kind k from the request's form: id 0
 * adds one to project (of client), else updates item id.  Returns the
 * new or given id, 0 when the form was rejected, -1 on a database error.
 */
static long long
item_save(struct at_req *req, enum proj_kind k, long long id,
    long long project, long long client)
{
	const char	*title = at_form(req, "title"), *status;
	int		 vis = hub_ticked(req, "visible");
	int		 done = hub_ticked(req, "done");
	long long	 n = 0;

	if (k == K_TASK && proj_owner_ok(req, "owner", client) == -1)
		return -1;
	if (at_form_errors(req) > 0)
		return 0;
	switch (k) {
	case K_MILESTONE:
		n = id == 0 ? at_db_exec(req->db, "INSERT INTO milestones "
		    "(client_id, project_id, title, due_on, done_at, visible) "
		    "VALUES (?, ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL), ?)",
		    "IIssii", client, project, title, at_form(req, "due_on"),
		    done, vis) : at_db_exec(req->db, "UPDATE milestones SET "
		    "title = ?, due_on = ?, done_at = IF(?, COALESCE(done_at, "
		    "UTC_TIMESTAMP()), NULL), visible = ? WHERE id = ?",
		    "ssiiI", title, at_form(req, "due_on"), done, vis, id);
		break;
	case K_TASK:
		status = nz(at_form(req, "status"));
		n = id == 0 ? at_db_exec(req->db, "INSERT INTO tasks (client_id, "
		    "project_id, title, owner_id, due_on, status, visible) "
		    "VALUES (?, ?, ?, ?, ?, COALESCE(?, 'todo'), ?)", "IIssssi",
		    client, project, title, nz(at_form(req, "owner")),
		    nz(at_form(req, "due_on")), status, vis) :
		    at_db_exec(req->db, "UPDATE tasks SET title = ?, owner_id = "
		    "?, due_on = ?, status = COALESCE(?, status), visible = ? "
		    "WHERE id = ?", "ssssiI", title, nz(at_form(req, "owner")),
		    nz(at_form(req, "due_on")), status, vis, id);
		break;
	case K_DELIVERABLE:
		n = id == 0 ? at_db_exec(req->db, "INSERT INTO deliverables "
		    "(client_id, project_id, title, done_at, visible, position) "
		    "SELECT ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL), ?, "
		    "COALESCE(MAX(position), 0) + 1 FROM deliverables WHERE "
		    "project_id = ?", "IIsiiI", client, project, title, done, vis,
		    project) : at_db_exec(req->db, "UPDATE deliverables SET "
		    "title = ?, done_at = IF(?, COALESCE(done_at, "
		    "UTC_TIMESTAMP()), NULL), visible = ? WHERE id = ?", "siiI",
		    title, done, vis, id);
		break;
	}
	if (n == -1)
		return -1;
	return id == 0 ? at_db_insert_id(req->db) : id;
}

/* POST /staff/projects/:id/{milestones,tasks,deliverables} (staff). */
static int
item_add(struct at_req *req, enum proj_kind k)
{
	struct at_rows	*p;
	long long	 project = at_arg_id(req, "id"), id;
	int		 st;

	if ((p = at_load(req, hub_project_get, &st)) == NULL)
		return st;
	id = item_save(req, k, 0, project, at_row_int(p, 0, "client_id", 0));
	if (id == -1)
		return 500;
	if (id == 0) {
		at_flash(req, "error", at_pprintf(req->pool, "%s not added: "
		    "check the fields marked below.", kinds[k].label));
		return proj_page(req, project, 1, at_pprintf(req->pool, "%s-new",
		    kinds[k].object));
	}
	proj_log(req, at_row_int(p, 0, "client_id", 0), "create",
	    kinds[k].object, id, "added", at_form(req, "title"),
	    hub_ticked(req, "visible"));
	return proj_done(req, project, at_pprintf(req->pool, "%s added%s.",
	    kinds[k].label, hub_ticked(req, "visible") ? " and shared" :
	    " (internal)"));
}

/* The item of kind k named by the path's :id, or NULL (status in *st). */
static struct at_rows *
item_get(struct at_req *req, enum proj_kind k, int *st)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, kinds[k].get, "I",
	    at_arg_id(req, "id"));
	*st = r == NULL ? 500 : r->n == 0 ? 404 : 0;
	return *st == 0 ? r : NULL;
}

/* POST /staff/{milestones,tasks,deliverables}/:id (staff): saves it. */
static int
item_edit(struct at_req *req, enum proj_kind k)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), project, n;
	int		 st;

	if ((r = item_get(req, k, &st)) == NULL)
		return st;
	project = at_row_int(r, 0, "project_id", 0);
	n = item_save(req, k, id, project, at_row_int(r, 0, "client_id", 0));
	if (n == -1)
		return 500;
	if (n == 0) {
		at_flash(req, "error", at_pprintf(req->pool, "%s not saved: "
		    "check the fields marked below.", kinds[k].label));
		return proj_page(req, project, 1, at_pprintf(req->pool, "%s-%lld",
		    kinds[k].object, id));
	}
	proj_log(req, at_row_int(r, 0, "client_id", 0), "edit",
	    kinds[k].object, id, "updated", at_form(req, "title"),
	    hub_ticked(req, "visible"));
	return proj_done(req, project, at_pprintf(req->pool, "%s saved.",
	    kinds[k].label));
}

/* POST /staff/{milestones,tasks,deliverables}/:id/delete (staff). */
static int
item_delete(struct at_req *req, enum proj_kind k)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	int		 st;

	if ((r = item_get(req, k, &st)) == NULL)
		return st;
	if (at_db_exec(req->db, kinds[k].del, "I", id) == -1)
		return 500;
	proj_log(req, at_row_int(r, 0, "client_id", 0), "delete",
	    kinds[k].object, id, "deleted", at_row(r, 0, "title"), 0);
	return proj_done(req, at_row_int(r, 0, "project_id", 0),
	    at_pprintf(req->pool, "%s deleted.", kinds[k].label));
}

static int h_ms_add(struct at_req *r) { return item_add(r, K_MILESTONE); }
static int h_ms_edit(struct at_req *r) { return item_edit(r, K_MILESTONE); }
static int h_ms_del(struct at_req *r) { return item_delete(r, K_MILESTONE); }
static int h_task_add(struct at_req *r) { return item_add(r, K_TASK); }
static int h_task_edit(struct at_req *r) { return item_edit(r, K_TASK); }
static int h_task_del(struct at_req *r) { return item_delete(r, K_TASK); }
static int h_dl_add(struct at_req *r) { return item_add(r, K_DELIVERABLE); }
static int h_dl_edit(struct at_req *r) { return item_edit(r, K_DELIVERABLE); }
static int h_dl_del(struct at_req *r) { return item_delete(r, K_DELIVERABLE); }

/*
 * The staff dashboard's "Overdue milestones" card: open milestones past
 * their date in active projects, oldest first, with client and project.
 */
static int
proj_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 ca, it;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT m.title, m.due_on, "
	    "p.id AS project_id, p.name AS project, c.name AS client, "
	    "COUNT(*) OVER () AS total FROM milestones m JOIN projects p ON "
	    "p.id = m.project_id JOIN clients c ON c.id = p.client_id WHERE "
	    "m.done_at IS NULL AND m.due_on < ? AND p.status = 'active' ORDER "
	    "BY m.due_on, m.id LIMIT 5", "s", at_today(req->pool));
	if (r == NULL)
		return -1;
	ca = at_x(cards, "card", NULL);
	at_xa(ca, "name", "overdue");
	at_xa(ca, "title", "Overdue milestones");
	at_xa(ca, "href", "/staff/projects?status=active");
	at_xa(ca, "empty", "No milestone is overdue.");
	at_x(ca, "count", r->n > 0 ? at_row(r, 0, "total") : "0");
	for (i = 0; i < r->n; i++) {
		it = at_xf(ca, "item", "%s: %s, %s", at_row(r, i, "client"),
		    at_row(r, i, "project"), at_row(r, i, "title"));
		at_xaf(it, "href", "/staff/projects/%s", at_row(r, i,
		    "project_id"));
		at_xaf(it, "when", "due %s", at_row(r, i, "due_on"));
	}
	return 0;
}

/* The contact's dashboard part: one row per fact, k, id, title, d, x. */
#define PROJ_DASH \
	"(SELECT 'count' AS k, COUNT(*) AS id, p.status AS title, NULL AS d, " \
	"NULL AS x, NULL AS steps, NULL AS done FROM projects p WHERE " \
	"p.client_id = ? AND p.visible = 1 GROUP BY p.status) UNION ALL " \
	"(SELECT 'proj', p.id, p.name, p.due_on, p.health, " \
	HUB_PROJ_STEPS(HUB_VIS_SHARED) " FROM projects p WHERE " \
	"p.client_id = ? AND p.visible = 1 AND p.status = 'active' ORDER " \
	"BY p.due_on IS NULL, p.due_on, p.id LIMIT 5) UNION ALL " \
	"(SELECT 'ms', p.id, m.title, m.due_on, p.name, NULL, NULL FROM " \
	"milestones m JOIN projects p ON p.id = m.project_id AND " \
	"p.client_id = m.client_id AND p.visible = 1 WHERE m.client_id = ? " \
	"AND m.visible = 1 AND m.done_at IS NULL AND m.due_on >= ? ORDER BY " \
	"m.due_on, m.id LIMIT 5) UNION ALL " \
	"(SELECT 'mscount', COUNT(*), NULL, NULL, NULL, NULL, NULL FROM " \
	"milestones m JOIN projects p ON p.id = m.project_id AND " \
	"p.client_id = m.client_id AND p.visible = 1 WHERE m.client_id = ? " \
	"AND m.visible = 1 AND m.done_at IS NULL AND m.due_on >= ?) " \
	"UNION ALL " \
	"(SELECT 'task', t.project_id, t.title, t.due_on, p.name, NULL, " \
	"NULL FROM tasks t JOIN projects p ON p.id = t.project_id AND " \
	"p.client_id = t.client_id AND p.visible = 1 WHERE t.client_id = ? " \
	"AND t.owner_id = ? AND t.visible = 1 AND t.status <> 'done' ORDER " \
	"BY t.due_on IS NULL, t.due_on, t.id LIMIT 10) UNION ALL " \
	"(SELECT 'pdue', p.id, p.name, p.due_on, NULL, NULL, NULL FROM " \
	"projects p WHERE p.client_id = ? AND p.visible = 1 AND p.status = " \
	"'active' AND p.due_on >= ? ORDER BY p.due_on, p.id LIMIT 1)"

/* The health labels as people read them. */
static const char *
proj_health_text(const char *h)
{
	if (h == NULL)
		return "";
	if (strcmp(h, "needs_review") == 0)
		return "needs review";
	if (strcmp(h, "waiting_on_client") == 0)
		return "waiting on you";
	if (strcmp(h, "blocked") == 0)
		return "blocked";
	return "on track";
}

/* A card with name, title, link and the text shown when it is empty. */
static xmlNodePtr
proj_card(xmlNodePtr cards, const char *name, const char *title,
    const char *href, const char *empty)
{
	xmlNodePtr	 c = at_x(cards, "card", NULL);

	at_xa(c, "name", name);
	at_xa(c, "title", title);
	at_xa(c, "href", href);
	at_xa(c, "empty", empty);
	return c;
}

/* An <item> with its link and "when" text. */
static void
proj_card_item(xmlNodePtr parent, const char *text, const char *href,
    const char *when)
{
	xmlNodePtr	 it = at_x(parent, "item", text);

	at_xa(it, "href", href);
	at_xa(it, "when", when);
}

/*
 * The contact's dashboard part, from one query: the cards "Active
 * projects", "Completed" and "Upcoming milestones"; the contact's open
 * shared tasks as "needs your action"; milestones and project due dates
 * as steps for the next deadline.
 */
static int
proj_dash(struct at_req *req, struct at_dash *dash)
{
	struct at_rows	*r;
	struct at_need	 n;
	struct at_date	 dt;
	xmlNodePtr	 cards = at_dash_cards(dash), act, done, ms;
	xmlNodePtr	 nact, ndone;
	long long	 client = at_client_scope(req);
	const char	*today = at_today(req->pool), *k, *d, *t, *id;
	size_t		 i;
	struct at_pool	*p = req->pool;

	r = at_db_select(req->db, p, PROJ_DASH, "IIIsIsIIIs", client, client,
	    client, today, client, today, client, req->user->id, client,
	    today);
	if (r == NULL)
		return -1;
	act = proj_card(cards, "projects", "Active projects",
	    "/projects?status=active", "No active project.");
	done = proj_card(cards, "completed", "Completed",
	    "/projects?status=completed", "Nothing completed yet.");
	ms = proj_card(cards, "milestones", "Upcoming milestones",
	    "/projects", "No milestone ahead.");
	nact = at_x(act, "count", "0");
	ndone = at_x(done, "count", "0");
	for (i = 0; i < r->n; i++) {
		k = at_row(r, i, "k");
		t = at_row(r, i, "title");
		d = at_row(r, i, "d");
		id = at_row(r, i, "id");
		memset(&dt, 0, sizeof(dt));
		dt.size = AT_EXT_SIZE(at_date);
		dt.title = t;
		dt.date = d;
		dt.href = at_pprintf(p, "/projects/%s", id);
		dt.project = at_row(r, i, "x");
		if (strcmp(k, "count") == 0) {
			if (strcmp(t, "active") == 0)
				xmlNodeSetContent(nact, BAD_CAST id);
			else if (strcmp(t, "completed") == 0)
				xmlNodeSetContent(ndone, BAD_CAST id);
		} else if (strcmp(k, "proj") == 0)
			proj_card_item(act, t, dt.href, at_pprintf(p,
			    "%s, %d%% done%s%s", proj_health_text(at_row(r, i,
			    "x")), hub_progress(at_row_int(r, i, "done", 0),
			    at_row_int(r, i, "steps", 0), "active"),
			    d != NULL ? ", due " : "", d != NULL ? d : ""));
		else if (strcmp(k, "ms") == 0) {
			proj_card_item(ms, t, dt.href, at_pprintf(p, "%s, %s",
			    at_row(r, i, "x"), d));
			dt.kind = "milestone";
			at_dash_date(dash, &dt);
		} else if (strcmp(k, "mscount") == 0)
			at_x(ms, "count", id);
		else if (strcmp(k, "task") == 0) {
			memset(&n, 0, sizeof(n));
			n.size = AT_EXT_SIZE(at_need);
			n.kind = "task";
			n.label = "Your task";
			n.title = t;
			n.href = dt.href;
			n.due = d;
			n.project = at_row(r, i, "x");
			at_dash_need(dash, &n);
		} else if (strcmp(k, "pdue") == 0) {
			dt.kind = "project";
			dt.project = NULL;
			at_dash_date(dash, &dt);
		}
	}
	return 0;
}

/*
 * Search provider: projects whose name or overview match (full text);
 * contacts find the shared projects of their client.
 */
static int
proj_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT p.id, p.name AS title, "
	    "LEFT(p.overview, 240) AS snippet, p.name AS project, p.id AS "
	    "project_id, p.visible, MATCH (p.name, p.overview) AGAINST (? IN "
	    "BOOLEAN MODE) AS score FROM projects p WHERE MATCH (p.name, "
	    "p.overview) AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR "
	    "(p.client_id = ? AND p.visible = 1)) ORDER BY score DESC, p.id "
	    "DESC LIMIT ?", "ssiIi", at_search_terms(q), at_search_terms(q),
	    at_is_staff(req), at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/projects/");
	return 0;
}

/*
 * Activity about a project links to it; about a milestone, task or
 * deliverable, to its project's page.
 */
static void
proj_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/projects/", strcmp(e->object,
	    "project") == 0 ? e->object_id : e->project_id);
}

/*
 * Report panel "Projects": how many projects each status counts on the
 * period's last day, of one client or all, with how many of the active
 * ones were past due then: figures active and late, table "status"
 * (status, n, late) and its bar chart (docs/reports.md).
 */
static int
proj_report(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "status", "Status", AT_RP_TEXT },
		{ "n", "Projects", AT_RP_NUMBER },
		{ "late", "Past due", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	struct at_rows	*r;
	xmlNodePtr	 p;
	long long	 active = 0, late = 0;
	size_t		 i;

	(void)from;	/* a count on the last day; from serves other panels */
	if (to == NULL)
		to = at_today(req->pool);
	r = at_db_select(req->db, req->pool, "SELECT status, COUNT(*) AS n, "
	    "SUM(status = 'active' AND due_on < ?) AS late FROM projects "
	    "WHERE (? = 0 OR client_id = ?) AND created_at <= CONCAT(?, "
	    "' 23:59:59') GROUP BY status ORDER BY status", "sIIs", to,
	    client, client, to);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++)
		if (strcmp(at_row(r, i, "status"), "active") == 0) {
			active = at_row_int(r, i, "n", 0);
			late = at_row_int(r, i, "late", 0);
		}
	p = at_rp_panel(parent, "projects", "Projects");
	at_rp_figure(p, "active", "Active projects", at_pprintf(req->pool,
	    "%lld", active), NULL);
	at_rp_figure(p, "late", "Active projects past due",
	    at_pprintf(req->pool, "%lld", late), NULL);
	at_rp_table(p, "status", "Projects by status", cols, r);
	at_rp_chart(p, "bar", "status", "status", "n", "Projects by status");
	return 0;
}

/*
 * The staff dashboard part: each client's active projects and open
 * milestones past their date in active projects, on the client's row.
 */
static int
proj_staff_dash(struct at_req *req, struct at_dash *d)
{
	static const char *const cols[] = { "active", "overdue", NULL };
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT p.client_id, "
	    "SUM(p.status = 'active') AS active, SUM(IF(p.status = 'active', "
	    "(SELECT COUNT(*) FROM milestones m WHERE m.project_id = p.id AND "
	    "m.done_at IS NULL AND m.due_on < ?), 0)) AS overdue FROM "
	    "projects p GROUP BY p.client_id", "s", at_today(req->pool));
	if (r == NULL)
		return -1;
	at_dash_client_rows(d, r, cols);
	return 0;
}

static const struct at_dash_part proj_dash_part = {
	AT_EXT_SIZE(at_dash_part), "projects", AT_CONTACT, 10, proj_dash
};
static const struct at_dash_part proj_staff_part = {
	AT_EXT_SIZE(at_dash_part), "projects-staff", AT_STAFF, 10,
	proj_staff_dash
};
static const struct at_search_provider proj_find = {
	AT_EXT_SIZE(at_search_provider), "project", "Project",
	AT_CONTACT | AT_STAFF, proj_search
};
static const struct at_act_kind proj_actk[] = {
	{ AT_EXT_SIZE(at_act_kind), "project", proj_act },
	{ AT_EXT_SIZE(at_act_kind), "milestone", proj_act },
	{ AT_EXT_SIZE(at_act_kind), "task", proj_act },
	{ AT_EXT_SIZE(at_act_kind), "deliverable", proj_act },
};
static const struct at_client_tab proj_tab = {
	AT_EXT_SIZE(at_client_tab), "projects", "Projects",
	"/staff/projects?client=%lld", 10, NULL
};
static const struct at_report_panel proj_panel = {
	AT_EXT_SIZE(at_report_panel), "projects", "Projects", 10, proj_report
};

/* Validators for those labels. */
static const char *
v_status(struct at_pool *pool, const char **v)
{
	(void)pool;
	return hub_one_of(*v, proj_statuses) ? NULL :
	    "Choose Active, On hold or Completed.";
}

static const char *
v_health(struct at_pool *pool, const char **v)
{
	(void)pool;
	return hub_one_of(*v, proj_healths) ? NULL :
	    "Choose one of the health labels.";
}

static const char *
v_task_status(struct at_pool *pool, const char **v)
{
	(void)pool;
	return hub_one_of(*v, task_statuses) ? NULL :
	    "Choose To do, In progress, Waiting or Done.";
}

/* Three letters, ISO 4217 style; upper-cased. */
static const char *
v_currency(struct at_pool *pool, const char **v)
{
	char	*s;
	int	 i;

	if (strlen(*v) != 3)
		return "Use a three-letter currency code, like EUR.";
	s = at_pstrdup(pool, *v);
	for (i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)s[i]))
			return "Use a three-letter currency code, like EUR.";
		s[i] = toupper((unsigned char)s[i]);
	}
	*v = s;
	return NULL;
}

/* Hours: a number from 0 to 9999999 with at most two decimals. */
static const char *
v_hours(struct at_pool *pool, const char **v)
{
	const char	*p = *v;
	int		 digits = 0, dec = -1;

	(void)pool;
	for (; *p != '\0'; p++) {
		if (*p == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return "Enter hours like 12.5.";
		if (dec >= 0 && ++dec > 2)
			return "Use at most two decimals.";
		if (dec < 0 && ++digits > 7)
			return "That is too many hours.";
	}
	if (digits == 0)
		return "Enter hours like 12.5.";
	return NULL;
}

static const struct at_field f_project[] = {
	{ "client", at_v_id, 0, 0, "Client" },
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ "overview", NULL, 0, 60000, "Overview" },
	{ "owner", NULL, 0, 20, "Owner" },
	{ "start_on", at_v_date, 0, 0, "Start" },
	{ "due_on", at_v_date, 0, 0, "Due" },
	{ "status", v_status, 0, 20, "Status" },
	{ "health", v_health, 0, 20, "Health" },
	{ "budget", at_v_money, 0, 20, "Budget" },
	{ "currency", v_currency, 0, 3, "Currency" },
	{ "hours_budget", v_hours, 0, 12, "Hours budgeted" },
	{ "hours_used", v_hours, 0, 12, "Hours used" },
	{ "budget_visible", at_v_bool, 0, 0, "Show budget and hours" },
	{ "visible", at_v_bool, 0, 0, "Shared with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_milestone[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Milestone" },
	{ "due_on", at_v_date, AT_F_REQUIRED, 0, "Date" },
	{ "done", at_v_bool, 0, 0, "Reached" },
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_task[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Task" },
	{ "owner", NULL, 0, 20, "Owner" },
	{ "due_on", at_v_date, 0, 0, "Due" },
	{ "status", v_task_status, 0, 20, "Status" },
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_deliverable[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Deliverable" },
	{ "done", at_v_bool, 0, 0, "Done" },
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route proj_routes[] = {
	{ AT_GET, "/projects", AT_CONTACT, h_projects, NULL, NULL },
	{ AT_GET, "/projects/:id", AT_CONTACT, h_project, NULL, NULL },
	{ AT_POST, "/tasks/:id/done", AT_CONTACT, h_task_done, NULL, NULL },
	{ AT_GET, "/staff/projects", AT_STAFF, h_staff_projects, NULL, NULL },
	{ AT_POST, "/staff/projects", AT_STAFF, h_project_add, f_project,
	    NULL },
	{ AT_GET, "/staff/projects/:id", AT_STAFF, h_staff_project, NULL,
	    NULL },
	{ AT_POST, "/staff/projects/:id", AT_STAFF, h_project_edit, f_project,
	    NULL },
	{ AT_POST, "/staff/projects/:id/share", AT_STAFF, h_project_share,
	    f_share, NULL },
	{ AT_POST, "/staff/projects/:id/milestones", AT_STAFF, h_ms_add,
	    f_milestone, NULL },
	{ AT_POST, "/staff/milestones/:id", AT_STAFF, h_ms_edit, f_milestone,
	    NULL },
	{ AT_POST, "/staff/milestones/:id/delete", AT_STAFF, h_ms_del, NULL,
	    NULL },
	{ AT_POST, "/staff/projects/:id/tasks", AT_STAFF, h_task_add, f_task,
	    NULL },
	{ AT_POST, "/staff/tasks/:id", AT_STAFF, h_task_edit, f_task, NULL },
	{ AT_POST, "/staff/tasks/:id/delete", AT_STAFF, h_task_del, NULL,
	    NULL },
	{ AT_POST, "/staff/projects/:id/deliverables", AT_STAFF, h_dl_add,
	    f_deliverable, NULL },
	{ AT_POST, "/staff/deliverables/:id", AT_STAFF, h_dl_edit,
	    f_deliverable, NULL },
	{ AT_POST, "/staff/deliverables/:id/delete", AT_STAFF, h_dl_del, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* A deliverable as an item shared with its client (at_share). */
static const struct at_shareable dl_shareable = {
	AT_EXT_SIZE(at_shareable), "deliverable", "deliverables", "title",
	"the deliverable ", 0
};

/*
 * The "projects" service's share_deliverable(): shares deliverable id
 * when it is internal.  0, 1 when there is none, -1.
 */
static int
proj_svc_share(struct at_req *req, long long id, const char *why)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT visible FROM "
	    "deliverables WHERE id = ?", "I", id);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 1;
	if (at_row_int(r, 0, "visible", 0) == 1)
		return 0;
	return at_share(req, &dl_shareable, id, 1, why, NULL);
}

/* The "projects" service's tick_deliverable(): marks it done once. */
static int
proj_svc_tick(struct at_req *req, long long id)
{
	return at_db_exec(req->db, "UPDATE deliverables SET done_at = "
	    "COALESCE(done_at, UTC_TIMESTAMP()) WHERE id = ?", "I", id) == -1 ?
	    -1 : 0;
}

/* The "projects" service's deliverables(): a project's checklist. */
static struct at_rows *
proj_svc_list(struct at_req *req, long long project)
{
	return at_db_select(req->db, req->pool, "SELECT id, title, visible, "
	    "done_at FROM deliverables WHERE project_id = ? ORDER BY "
	    "position, id", "I", project);
}

/* The "projects" service's deliverable(): one deliverable's facts. */
static int
proj_svc_one(struct at_req *req, long long id, long long project,
    const char **title, int *visible)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT title, visible FROM "
	    "deliverables WHERE id = ? AND (? = 0 OR project_id = ?)", "III",
	    id, project, project);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 1;
	*title = at_row(r, 0, "title");
	*visible = (int)at_row_int(r, 0, "visible", 0);
	return 0;
}

static const struct at_projects_svc proj_svc = {
	sizeof(struct at_projects_svc), proj_svc_share, proj_svc_tick,
	proj_svc_list, proj_svc_one
};

/* Registers the project pages, their navigation and the staff card. */
static int
proj_init(struct at_registry *reg, const char **errstr)
{
	size_t	 i;

	(void)errstr;
	at_reg_service(reg, AT_SVC_PROJECTS, AT_SVC_PROJECTS_V, &proj_svc);
	at_reg_routes(reg, proj_routes);
	at_reg_nav(reg, AT_CONTACT, "Projects", "/projects", 10);
	at_reg_nav(reg, AT_STAFF, "Projects", "/staff/projects", 20);
	at_reg_card(reg, AT_STAFF, proj_staff_card, 20);
	at_reg_dash(reg, &proj_dash_part);
	at_reg_dash(reg, &proj_staff_part);
	at_reg_search(reg, &proj_find);
	for (i = 0; i < sizeof(proj_actk) / sizeof(proj_actk[0]); i++)
		at_reg_activity(reg, &proj_actk[i]);
	at_reg_report_panel(reg, &proj_panel);
	at_reg_client_tab(reg, &proj_tab);
	return 0;
}

const struct at_plugin at_mod_projects = {
	AT_PLUGIN_HEAD,
	.name = "projects",
	.version = PACKAGE_VERSION,
	.summary = "Projects, milestones, tasks and deliverables",
	.init = proj_init,
};
