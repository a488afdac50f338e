/*
 * The decision log: what was decided, in detail, by whom, on which date,
 * for which project.  Staff record decisions; a completed approval
 * records one itself ("Approved: ...", approvals.c).  A decision is
 * internal until shared.
 *
 * Pages: decisions (contacts), staff-decisions (staff).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"

#define DEC_LIST_MAX	200

/*
 * The approvers recorded for the decisions of r made by an approval,
 * in one query (ids from the smallest to the largest of those; contacts
 * their client's only): decision_id, name, approved_at, comment, by
 * decision and position.  Rows (none when no decision came from an
 * approval), or NULL on error.
 */
static struct at_rows *
dec_approvers(struct at_req *req, const struct at_rows *r)
{
	long long	 lo = 0, hi = 0, id, scope;
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		if (at_row(r, i, "approval_id") == NULL)
			continue;
		id = at_row_int(r, i, "id", 0);
		if (lo == 0 || id < lo)
			lo = id;
		if (id > hi)
			hi = id;
	}
	scope = at_is_staff(req) ? 0 : at_client_scope(req);
	return at_db_select(req->db, req->pool, "SELECT a.decision_id, "
	    "a.name, a.approved_at, a.comment FROM decision_approvers a JOIN "
	    "decisions d ON d.id = a.decision_id WHERE a.decision_id BETWEEN "
	    "? AND ? AND (? = 0 OR d.client_id = ?) ORDER BY a.decision_id, "
	    "a.position", "IIII", lo, hi, scope, scope);
}

/*
 * Adds one <decision> per row under parent: its columns, the detail as
 * sanitised Markdown <detail><html>, and for a decision made by an
 * approval <approvers><approver><name/><when/> (site's zone)
 * <comment/></approver></approvers>: plain text for the skin to quote,
 * never Markdown.  0, or -1 on error.
 */
static int
dec_items(struct at_req *req, xmlNodePtr parent, const struct at_rows *r)
{
	static const char *const cols[] = { "id", "title", "decided_by",
	    "decided_on", "approval_id", "visible", "project_id", "project",
	    "client_id", "client", "changed", NULL };
	struct at_rows	*ap;
	xmlNodePtr	 d, list, n;
	size_t		 i, k, j;
	const char	*v;

	if ((ap = dec_approvers(req, r)) == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		d = at_x(parent, "decision", NULL);
		for (k = 0; cols[k] != NULL; k++)
			if ((v = at_row(r, i, cols[k])) != NULL)
				at_x(d, cols[k], v);
		at_x_markdown(req, d, "detail", at_row(r, i, "detail"));
		list = NULL;
		for (j = 0; j < ap->n; j++) {
			if (at_row_int(ap, j, "decision_id", 0) !=
			    at_row_int(r, i, "id", -1))
				continue;
			if (list == NULL)
				list = at_x(d, "approvers", NULL);
			n = at_x(list, "approver", NULL);
			at_x(n, "name", at_row(ap, j, "name"));
			if ((v = at_row(ap, j, "approved_at")) != NULL)
				at_x(n, "when", at_time_local(req->pool, v));
			if ((v = at_row(ap, j, "comment")) != NULL)
				at_x(n, "comment", v);
		}
	}
	return 0;
}

/*
 * The project page's "Decisions" section: <decisions project="ID">
 * <decision>...</decision>
 * </decisions>, newest first; contacts see shared ones only.
 */
static int
dec_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT id, title, "
		    "detail, decided_by, decided_on, approval_id, visible "
		    "FROM decisions WHERE project_id = ? ORDER BY decided_on "
		    "DESC, id DESC LIMIT ?", "Ii", project, DEC_LIST_MAX);
	else
		r = at_db_select(req->db, req->pool, "SELECT id, title, "
		    "detail, decided_by, decided_on, approval_id FROM "
		    "decisions WHERE project_id = ? AND client_id = ? AND "
		    "visible = 1 ORDER BY decided_on DESC, id DESC LIMIT ?",
		    "IIi", project, at_client_scope(req), DEC_LIST_MAX);
	if (r == NULL)
		return -1;
	s = at_x(parent, "decisions", NULL);
	at_xaf(s, "project", "%lld", project);
	return dec_items(req, s, r);
}

/* A positive id from query parameter name, else 0. */
static long long
dec_qid(struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_query(req, name), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/*
 * GET /decisions (contact): the client's shared decisions in shared
 * projects, newest first.  Query: project.  Adds <decisions project>,
 * <projects><project id name/></projects> for the filter.
 */
static int
h_decisions(struct at_req *req)
{
	struct at_rows	*r, *p;
	xmlNodePtr	 c, s;
	long long	 proj = dec_qid(req, "project");

	r = at_db_select(req->db, req->pool, "SELECT d.id, d.title, "
	    "d.detail, d.decided_by, d.decided_on, d.approval_id, "
	    "d.project_id, p.name AS project, " HUB_CHANGED("COALESCE("
	    "d.shared_at, d.created_at)", "COALESCE(d.shared_at, "
	    "d.created_at)") " FROM decisions d JOIN projects p "
	    "ON p.id = d.project_id AND p.client_id = d.client_id AND "
	    "p.visible = 1" HUB_SEEN_JOIN "WHERE d.client_id = ? AND "
	    "d.visible = 1 AND "
	    "(? = 0 OR d.project_id = ?) ORDER BY d.decided_on DESC, d.id "
	    "DESC LIMIT ?", "sIsIIIi", at_seen_base(req), req->user->id,
	    "decisions", at_client_scope(req), proj, proj, DEC_LIST_MAX);
	if (r == NULL || at_seen_mark(req, "decisions") == -1)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT id, name FROM projects "
	    "WHERE client_id = ? AND visible = 1 ORDER BY name", "I",
	    at_client_scope(req));
	if (p == NULL)
		return 500;
	at_page_id(req, "decisions");
	at_page_title(req, "Decisions");
	c = at_page_content(req);
	s = at_x(c, "decisions", NULL);
	at_xaf(s, "project", "%lld", proj);
	if (dec_items(req, s, r) == -1)
		return 500;
	at_x_rows(c, "projects", "project", p);
	return 200;
}

/*
 * GET /staff/decisions (staff): every decision, newest first.  Query:
 * client, project.  Adds <decisions>, <projects><project id name
 * client/>, <clients>, <today> (the site's date), <form name="decision">.
 */
static int
h_staff_decisions(struct at_req *req)
{
	struct at_rows	*r, *p, *cl;
	xmlNodePtr	 c, s;
	long long	 proj = dec_qid(req, "project");
	long long	 client = dec_qid(req, "client");

	r = at_db_select(req->db, req->pool, "SELECT d.id, d.title, "
	    "d.detail, d.decided_by, d.decided_on, d.approval_id, d.visible, "
	    "d.project_id, p.name AS project, d.client_id, c.name AS client, "
	    "CASE WHEN d.created_at > lv.t AND COALESCE(d.created_by, 0) <> "
	    "? THEN 'new' ELSE '' END AS changed "
	    "FROM decisions d JOIN clients c ON c.id = d.client_id LEFT JOIN "
	    "projects p ON p.id = d.project_id" HUB_SEEN_JOIN "WHERE (? = 0 "
	    "OR d.project_id = "
	    "?) AND (? = 0 OR d.client_id = ?) ORDER BY d.decided_on DESC, "
	    "d.id DESC LIMIT ?", "IsIsIIIIi", req->user->id,
	    at_seen_base(req), req->user->id, "decisions", proj, proj,
	    client, client, DEC_LIST_MAX);
	if (r == NULL || at_seen_mark(req, "decisions") == -1)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT p.id, p.name, c.name AS "
	    "client FROM projects p JOIN clients c ON c.id = p.client_id "
	    "ORDER BY c.name, p.name", "");
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (p == NULL || cl == NULL)
		return 500;
	at_page_id(req, "staff-decisions");
	at_page_title(req, "Decisions");
	c = at_page_content(req);
	s = at_x(c, "decisions", NULL);
	at_xaf(s, "project", "%lld", proj);
	at_xaf(s, "client", "%lld", client);
	if (dec_items(req, s, r) == -1)
		return 500;
	at_x_rows(c, "projects", "project", p);
	at_x_rows(c, "clients", "client", cl);
	at_x(c, "today", at_today(req->pool));
	at_x_form(req, c, "decision");
	return 200;
}

/*
 * POST /staff/decisions (staff): fields project, title, detail,
 * decided_by, decided_on, visible.  Records a decision, internal unless
 * visible is ticked.
 */
static int
h_decision_add(struct at_req *req)
{
	struct at_rows	*p = NULL;
	long long	 proj = 0, client, id;
	int		 vis;

	if (at_strtoll(at_form(req, "project"), &proj) == 0 && proj > 0 &&
	    (p = hub_project_get(req, proj)) == NULL && at_db_gone(req->db))
		return 503;
	if (p == NULL || p->n == 0)
		at_form_error(req, "project", "Choose a project.");
	if (at_form_errors(req) > 0)
		return h_staff_decisions(req);
	client = at_row_int(p, 0, "client_id", 0);
	vis = hub_ticked(req, "visible");
	if (at_db_exec(req->db, "INSERT INTO decisions (client_id, "
	    "project_id, title, detail, decided_by, decided_on, visible, "
	    "created_by, created_at, shared_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, UTC_TIMESTAMP(), IF(? = 1, UTC_TIMESTAMP(), NULL))",
	    "IIssssiIi", client, proj, at_form(req, "title"),
	    at_form(req, "detail"), at_form(req, "decided_by"),
	    at_form(req, "decided_on"), vis, req->user->id, vis) == -1)
		return 500;
	id = at_db_insert_id(req->db);
	at_activity(req, client, "decide", "decision", id,
	    at_pprintf(req->pool, "Decision recorded: %s",
	    at_form(req, "title")), vis);
	at_flash(req, "ok", vis ? "Decision recorded and shared." :
	    "Decision recorded (internal until you share it).");
	return at_redirect(req, at_pprintf(req->pool,
	    "/staff/decisions#decision-%lld", id));
}

/* A decision as an item shared with its client (at_share). */
static const struct at_shareable dec_shareable = {
	AT_EXT_SIZE(at_shareable), "decision", "decisions", "title",
	"the decision ", 1
};

/*
 * POST /staff/decisions/:id/share (staff): field visible.  Shares the
 * decision with its client or takes it back.
 */
static int
h_decision_share(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	int		 on = hub_ticked(req, "visible"), rc;

	if (id <= 0)
		return 404;
	if ((rc = at_share(req, &dec_shareable, id, on, NULL, NULL)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	at_flash(req, "ok", on ? "Shared with the client." :
	    "No longer shared with the client.");
	return at_redirect(req, at_pprintf(req->pool,
	    "/staff/decisions#decision-%lld", id));
}

static const struct at_field f_decision[] = {
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Decision" },
	{ "detail", NULL, 0, 20000, "Detail" },
	{ "decided_by", at_v_line, AT_F_REQUIRED, 200, "Decided by" },
	{ "decided_on", at_v_date, AT_F_REQUIRED, 10, "Date" },
	{ "visible", at_v_bool, 0, 0, "Share with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route dec_routes[] = {
	{ AT_GET, "/decisions", AT_CONTACT, h_decisions, NULL, NULL },
	{ AT_GET, "/staff/decisions", AT_STAFF, h_staff_decisions, NULL,
	    NULL },
	{ AT_POST, "/staff/decisions", AT_STAFF, h_decision_add, f_decision,
	    NULL },
	{ AT_POST, "/staff/decisions/:id/share", AT_STAFF, h_decision_share,
	    f_share, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Search provider: decisions whose title or detail match (full text). */
static int
dec_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT d.id, d.title, "
	    "LEFT(d.detail, 240) AS snippet, p.name AS project, p.id AS "
	    "project_id, d.visible AND p.visible AS visible, MATCH (d.title, "
	    "d.detail) AGAINST (? IN BOOLEAN MODE) AS score FROM decisions d "
	    "JOIN projects p ON p.id = d.project_id AND p.client_id = "
	    "d.client_id WHERE MATCH (d.title, d.detail) AGAINST (? IN "
	    "BOOLEAN MODE) AND (? = 1 OR (d.client_id = ? AND d.visible = 1 "
	    "AND p.visible = 1)) ORDER BY score DESC, d.id DESC LIMIT ?",
	    "ssiIi", at_search_terms(q), at_search_terms(q), at_is_staff(req),
	    at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/decisions#decision-");
	return 0;
}

/* Activity entries about a decision link to it in the list. */
static void
dec_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/decisions#decision-", e->object_id);
}

static const struct at_section dec_sec = {
	AT_EXT_SIZE(at_section), "decisions", AT_CONTACT | AT_STAFF, 40,
	dec_section
};
static const struct at_search_provider dec_find = {
	AT_EXT_SIZE(at_search_provider), "decision", "Decision",
	AT_CONTACT | AT_STAFF, dec_search
};
static const struct at_act_kind dec_actk = {
	AT_EXT_SIZE(at_act_kind), "decision", dec_act
};

/*
 * The "decisions" service's record(): inserts decision d and its
 * approvers inside the caller's transaction.  The new id, or -1.
 */
static long long
dec_insert(struct at_db *db, struct at_pool *pool, long long uid,
    const struct at_decision *d)
{
	const struct at_decision_approver *ap;
	long long	 id;
	size_t		 i;

	if (d == NULL || d->size < sizeof(*d) || d->client <= 0 ||
	    d->title == NULL) {
		log_warn("%s: bad decision", __func__);
		return -1;
	}
	if (at_db_exec(db, "INSERT INTO decisions (client_id, "
	    "project_id, title, detail, decided_by, decided_on, approval_id, "
	    "visible, created_by, created_at, shared_at) VALUES (?, ?, ?, ?, "
	    "?, COALESCE(?, UTC_DATE()), NULLIF(?, 0), ?, NULLIF(?, 0), "
	    "UTC_TIMESTAMP(), IF(? = 1, UTC_TIMESTAMP(), NULL))", "IIssssIiIi",
	    d->client, d->project, at_utf8_cut(pool, d->title, 200),
	    d->detail != NULL ? d->detail : "", at_utf8_cut(pool,
	    d->decided_by != NULL ? d->decided_by : "", 200), d->decided_on,
	    d->approval, d->visible ? 1 : 0, uid, d->visible ? 1 : 0) != 1)
		return -1;
	id = at_db_insert_id(db);
	for (i = 0; i < d->napprovers; i++) {
		ap = &d->approvers[i];
		if (at_db_exec(db, "INSERT INTO decision_approvers "
		    "(decision_id, position, name, approved_at, comment) VALUES "
		    "(?, ?, ?, ?, ?)", "Iisss", id, ap->position,
		    at_utf8_cut(pool, ap->name != NULL ? ap->name : "",
		    200), ap->approved_at, ap->comment != NULL &&
		    *ap->comment != '\0' ? ap->comment : NULL) != 1)
			return -1;
	}
	return id;
}

/* The service's record(): d by the request's person (decisions 1.0). */
static long long
dec_record(struct at_req *req, const struct at_decision *d)
{
	return dec_insert(req->db, req->pool, req->user != NULL ?
	    req->user->id : 0, d);
}

/* The service's record_db(): d by nobody, for a job (decisions 1.1). */
static long long
dec_record_db(struct at_db *db, struct at_pool *pool,
    const struct at_decision *d)
{
	return dec_insert(db, pool, 0, d);
}

static const struct at_decisions_svc dec_svc = {
	sizeof(struct at_decisions_svc), dec_record, dec_record_db
};

/* Registers the decision log's pages and navigation items. */
static int
dec_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, dec_routes);
	at_reg_section(reg, &dec_sec);
	at_reg_search(reg, &dec_find);
	at_reg_activity(reg, &dec_actk);
	at_reg_service(reg, AT_SVC_DECISIONS, AT_SVC_DECISIONS_V, &dec_svc);
	at_reg_nav(reg, AT_CONTACT, "Decisions", "/decisions", 60);
	at_reg_nav(reg, AT_STAFF, "Decisions", "/staff/decisions", 60);
	return 0;
}

const struct at_plugin at_mod_decisions = {
	AT_PLUGIN_HEAD,
	.name = "decisions",
	.version = PACKAGE_VERSION,
	.summary = "The decision log",
	.init = dec_init,
};
