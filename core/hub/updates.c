/*
 * Status updates: the team posts Markdown updates to a project, internal
 * until shared; the client reads the feed on the project page, with what
 * was shared since the contact last looked at that project marked new.
 *
 * "New" is per contact and per project: project_seen holds when each
 * person last saw a project's feed (written each time the feed is shown
 * to them); an update is new when it was shared after that, or after the
 * previous sign-in when the person has never opened the project.
 *
 * Pages: update (contacts), staff-update, staff-update-new (staff).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/comments.h"

#define UPD_SECTION	20	/* updates in a project's feed */

/*
 * Adds one <update> per row under parent: its columns, <when> in the
 * site's zone and the Markdown body as sanitised <body><html>.
 */
static void
upd_items(struct at_req *req, xmlNodePtr parent, const struct at_rows *r)
{
	static const char *const cols[] = { "id", "title", "author",
	    "created_at", "shared_at", "visible", "is_new", "ncomments",
	    "project_id", "project", "client_id", "client", NULL };
	xmlNodePtr	 u;
	size_t		 i, k;
	const char	*v, *t;

	for (i = 0; i < r->n; i++) {
		u = at_x(parent, "update", NULL);
		for (k = 0; cols[k] != NULL; k++)
			if ((v = at_row(r, i, cols[k])) != NULL)
				at_x(u, cols[k], v);
		t = at_row(r, i, "shared_at") != NULL ? at_row(r, i,
		    "shared_at") : at_row(r, i, "created_at");
		at_x(u, "when", at_time_local(req->pool, t));
		at_x_markdown(req, u, "body", at_row(r, i, "body"));
	}
}

/*
 * The project page's "Updates" section (at_reg_section): <updates
 * project="ID" new="N"><update>...</update>
 * </updates>, newest first.  For a contact, only shared updates, each
 * with is_new, and the project counts as seen from now on (a second
 * round trip).
 */
static int
upd_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;
	size_t		 i;
	int		 nnew = 0;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT u.id, u.title, "
		    "u.body, u.visible, u.created_at, u.shared_at, a.name AS "
		    "author, (SELECT COUNT(*) FROM comments c WHERE c.object = "
		    "'update' AND c.object_id = u.id) AS ncomments FROM "
		    "updates u LEFT JOIN users a ON a.id = u.author_id WHERE "
		    "u.project_id = ? ORDER BY COALESCE(u.shared_at, "
		    "u.created_at) DESC, u.id DESC LIMIT ?", "Ii", project,
		    UPD_SECTION);
	else
		r = at_db_select(req->db, req->pool, "SELECT u.id, u.title, "
		    "u.body, u.created_at, u.shared_at, a.name AS author, "
		    "(u.shared_at > COALESCE(ps.seen_at, ?, '1000-01-01')) AS "
		    "is_new, (SELECT COUNT(*) FROM comments c WHERE c.object = "
		    "'update' AND c.object_id = u.id AND c.visible = 1) AS "
		    "ncomments FROM updates u LEFT JOIN users a ON a.id = "
		    "u.author_id LEFT JOIN project_seen ps ON ps.user_id = ? "
		    "AND ps.project_id = u.project_id WHERE u.project_id = ? "
		    "AND u.client_id = ? AND u.visible = 1 ORDER BY "
		    "u.shared_at DESC, u.id DESC LIMIT ?", "sIIIi",
		    req->user->last_seen, req->user->id, project,
		    at_client_scope(req), UPD_SECTION);
	if (r == NULL)
		return -1;
	s = at_x(parent, "updates", NULL);
	at_xaf(s, "project", "%lld", project);
	upd_items(req, s, r);
	if (at_is_staff(req))
		return 0;
	for (i = 0; i < r->n; i++)
		if (at_row_int(r, i, "is_new", 0) == 1)
			nnew++;
	at_xaf(s, "new", "%d", nnew);
	if (at_db_exec(req->db, "INSERT INTO project_seen (user_id, "
	    "project_id, seen_at) VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE "
	    "KEY UPDATE seen_at = VALUES(seen_at)", "II", req->user->id,
	    project) == -1)
		return -1;
	return 0;
}

/*
 * The update id as the caller may see it (contacts: shared, their
 * client's, in a shared project): one row, or none.  NULL on error.
 */
static struct at_rows *
upd_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT u.id, "
		    "u.title, u.body, u.visible, u.created_at, u.shared_at, "
		    "u.project_id, p.name AS project, u.client_id, c.name AS "
		    "client, a.name AS author FROM updates u JOIN clients c ON "
		    "c.id = u.client_id LEFT JOIN projects p ON p.id = "
		    "u.project_id LEFT JOIN users a ON a.id = u.author_id "
		    "WHERE u.id = ?", "I", id);
	return at_db_select(req->db, req->pool, "SELECT u.id, u.title, "
	    "u.body, u.created_at, u.shared_at, u.project_id, p.name AS "
	    "project, a.name AS author FROM updates u JOIN projects p ON "
	    "p.id = u.project_id AND p.client_id = u.client_id AND "
	    "p.visible = 1 LEFT JOIN users a ON a.id = u.author_id WHERE "
	    "u.id = ? AND u.client_id = ? AND u.visible = 1", "II", id,
	    at_client_scope(req));
}

/*
 * GET /updates/:id (contact), GET /staff/updates/:id (staff): one update
 * with its comments and the comment form; staff also get the edit and
 * share forms.  Adds <update>, <comments>, <form name="update">.
 */
static int
h_update(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;
	long long	 id = at_arg_id(req, "id");
	int		 st;

	if ((r = at_load(req, upd_get, &st)) == NULL)
		return st;
	at_page_id(req, at_is_staff(req) ? "staff-update" : "update");
	at_page_title(req, at_row(r, 0, "title"));
	c = at_page_content(req);
	upd_items(req, c, r);
	if (at_is_staff(req))
		at_x(c, "source", at_row(r, 0, "body"));
	if (hub_comments_list(req, c, "update", id) == -1)
		return 500;
	at_x_form(req, c, "update");
	return 200;
}

/*
 * POST /updates/:id/comments (contact), /staff/updates/:id/comments
 * (staff): fields body, visible (staff).
 */
static int
h_update_comment(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req), st;

	if ((r = at_load(req, upd_get, &st)) == NULL)
		return st;
	client = staff ? at_row_int(r, 0, "client_id", 0) :
	    at_client_scope(req);
	if (hub_comments_add(req, "update", id, client, staff ?
	    (int)at_row_int(r, 0, "visible", 0) : 1,
	    at_row(r, 0, "title")) == -1)
		return 500;
	return at_redirect(req, at_pprintf(req->pool,
	    "%s/updates/%lld#comments", staff ? "/staff" : "", id));
}

/*
 * GET /staff/updates/new (staff): query project.  The form to post an
 * update to that project (also shown again with errors after a POST).
 * Adds <project id name client/>, <form name="update">.
 */
static int
h_update_new(struct at_req *req)
{
	struct at_rows	*p;
	xmlNodePtr	 c, n;
	long long	 proj;

	if (at_strtoll(req->method == AT_POST ? at_form(req, "project") :
	    at_query(req, "project"), &proj) == -1 || proj <= 0)
		return 404;
	if ((p = hub_project_get(req, proj)) == NULL)
		return at_db_gone(req->db) ? 503 : 404;
	if (p->n == 0)
		return 404;
	at_page_id(req, "staff-update-new");
	at_page_title(req, "Post an update");
	c = at_page_content(req);
	n = at_x(c, "project", NULL);
	at_xa(n, "id", at_row(p, 0, "id"));
	at_xa(n, "name", at_row(p, 0, "name"));
	at_xa(n, "client-id", at_row(p, 0, "client_id"));
	at_x_form(req, c, "update");
	return 200;
}

/*
 * POST /staff/updates (staff): fields project, title, body, visible.
 * Posts an update, internal unless visible is ticked, and goes back to
 * the project.
 */
static int
h_update_add(struct at_req *req)
{
	struct at_rows	*p;
	long long	 proj, client, id;
	int		 vis;

	if (at_strtoll(at_form(req, "project"), &proj) == -1 || proj <= 0)
		return 404;
	if ((p = hub_project_get(req, proj)) == NULL)
		return at_db_gone(req->db) ? 503 : 404;
	if (p->n == 0)
		return 404;
	if (at_form_errors(req) > 0)
		return h_update_new(req);
	client = at_row_int(p, 0, "client_id", 0);
	vis = hub_ticked(req, "visible");
	if (at_db_exec(req->db, "INSERT INTO updates (client_id, project_id, "
	    "author_id, title, body, visible, created_at, shared_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), IF(? = 1, UTC_TIMESTAMP(), "
	    "NULL))", "IIIssii", client, proj, req->user->id,
	    at_form(req, "title"), at_form(req, "body"), vis, vis) == -1)
		return 500;
	id = at_db_insert_id(req->db);
	at_activity(req, client, "post", "update", id, at_pprintf(req->pool,
	    "%s posted an update: %s", req->user->name,
	    at_form(req, "title")), vis);
	at_flash(req, "ok", vis ? "Update posted and shared." :
	    "Update saved (internal until you share it).");
	return at_redirect(req, at_pprintf(req->pool, "/staff/updates/%lld",
	    id));
}

/* POST /staff/updates/:id (staff): fields title, body.  Edits an update. */
static int
h_update_edit(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	int		 st;

	if ((r = at_load(req, upd_get, &st)) == NULL)
		return st;
	if (at_form_errors(req) > 0)
		return h_update(req);
	if (at_db_exec(req->db, "UPDATE updates SET title = ?, body = ?, "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssI",
	    at_form(req, "title"), at_form(req, "body"), id) == -1)
		return 500;
	at_activity(req, at_row_int(r, 0, "client_id", 0), "edit", "update",
	    id, at_pprintf(req->pool, "%s edited the update %s",
	    req->user->name, at_form(req, "title")),
	    at_row_int(r, 0, "visible", 0) == 1);
	at_flash(req, "ok", "Update saved.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/updates/%lld",
	    id));
}

/* An update as an item shared with its client (at_share). */
static const struct at_shareable upd_shareable = {
	AT_EXT_SIZE(at_shareable), "update", "updates", "title",
	"the update ", 1
};

/*
 * POST /staff/updates/:id/share (staff): field visible.  Shares the
 * update (it becomes new for the client's contacts) or takes it back.
 */
static int
h_update_share(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	int		 on = hub_ticked(req, "visible"), rc;

	if (id <= 0)
		return 404;
	if ((rc = at_share(req, &upd_shareable, id, on, NULL, NULL)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	at_flash(req, "ok", on ? "Shared with the client." :
	    "No longer shared with the client.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/updates/%lld",
	    id));
}

static const struct at_field f_update[] = {
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ "body", NULL, AT_F_REQUIRED, 60000, "Update" },
	{ "visible", at_v_bool, 0, 0, "Share with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_update_edit[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ "body", NULL, AT_F_REQUIRED, 60000, "Update" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route upd_routes[] = {
	{ AT_GET, "/updates/:id", AT_CONTACT, h_update, NULL, NULL },
	{ AT_POST, "/updates/:id/comments", AT_CONTACT, h_update_comment,
	    hub_comment_fields, NULL },
	{ AT_GET, "/staff/updates/new", AT_STAFF, h_update_new, NULL, NULL },
	{ AT_POST, "/staff/updates", AT_STAFF, h_update_add, f_update, NULL },
	{ AT_GET, "/staff/updates/:id", AT_STAFF, h_update, NULL, NULL },
	{ AT_POST, "/staff/updates/:id", AT_STAFF, h_update_edit,
	    f_update_edit, NULL },
	{ AT_POST, "/staff/updates/:id/share", AT_STAFF, h_update_share,
	    f_share, NULL },
	{ AT_POST, "/staff/updates/:id/comments", AT_STAFF, h_update_comment,
	    hub_comment_fields, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/*
 * Search provider: updates whose title or text match (full text);
 * contacts find shared updates of shared projects of their client.
 */
static int
upd_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT u.id, u.title, "
	    "LEFT(u.body, 240) AS snippet, p.name AS project, p.id AS "
	    "project_id, u.visible AND p.visible AS visible, MATCH (u.title, "
	    "u.body) AGAINST (? IN BOOLEAN MODE) AS score FROM updates u "
	    "JOIN projects p ON p.id = u.project_id AND p.client_id = "
	    "u.client_id WHERE MATCH (u.title, u.body) AGAINST (? IN "
	    "BOOLEAN MODE) AND (? = 1 OR (u.client_id = ? AND u.visible = 1 "
	    "AND p.visible = 1)) ORDER BY score DESC, u.id DESC LIMIT ?",
	    "ssiIi", at_search_terms(q), at_search_terms(q), at_is_staff(req),
	    at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/updates/");
	return 0;
}

/* Activity entries about an update link to it. */
static void
upd_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/updates/", e->object_id);
}

static const struct at_section upd_sec = {
	AT_EXT_SIZE(at_section), "updates", AT_CONTACT | AT_STAFF, 10,
	upd_section
};
static const struct at_search_provider upd_find = {
	AT_EXT_SIZE(at_search_provider), "update", "Update",
	AT_CONTACT | AT_STAFF, upd_search
};
static const struct at_act_kind upd_actk = {
	AT_EXT_SIZE(at_act_kind), "update", upd_act
};

/* Registers the update pages. */
static int
upd_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, upd_routes);
	at_reg_section(reg, &upd_sec);
	at_reg_search(reg, &upd_find);
	at_reg_activity(reg, &upd_actk);
	return 0;
}

const struct at_plugin at_mod_updates = {
	AT_PLUGIN_HEAD,
	.name = "updates",
	.version = PACKAGE_VERSION,
	.summary = "Status updates and comments",
	.init = upd_init,
};
