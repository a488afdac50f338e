/*
 * Files: the hub's documents of projects, with versions, categories,
 * sharing, search and access-checked downloads.
 *
 * The bytes, versions, type check, quota and downloads are the file
 * store's (include/atrium/files.h, core/files/store.c): each document is
 * a stored file attached to its project (item type "project").  This
 * module draws the pages, files documents under categories and decides
 * who may read one: staff, or a contact of the client when both the
 * file and its project are shared.  Every view and download lands in the
 * activity log.
 *
 * Files other modules keep for their own items join the pages through
 * a registered file source (at_reg_file_source, atrium/extend.h): the
 * e-signature plugin's sealed PDFs under Contracts.
 *
 * Pages: files, file (contacts); staff-files, staff-file (staff).
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/files.h"
#include "hub/comments.h"

#define FILES_LIST_MAX	200

static const char *const file_categories[] = {
	"contracts", "deliverables", "reports", "other", NULL
};

/* See hub/files.h. */
int
hub_file_category_ok(const char *s)
{
	return hub_one_of(s, file_categories);
}

/*
 * Adds <source> (the label of the file's source) beside each row of a
 * file that is not a project's document.
 */
static void
file_source_labels(xmlNodePtr list, const struct at_rows *r)
{
	xmlNodePtr	 n;
	size_t		 i;
	const char	*t, *label;

	for (i = 0, n = list->children; n != NULL && i < r->n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		t = at_row(r, i, "item_type");
		if (t != NULL && strcmp(t, "project") != 0 &&
		    (label = at_file_source_label(t)) != NULL)
			at_x(n, "source", label);
		i++;
	}
}

/* Validator: a category, empty meaning "other". */
static const char *
file_v_category(struct at_pool *pool, const char **v)
{
	(void)pool;
	if (**v == '\0') {
		*v = "other";
		return NULL;
	}
	return hub_file_category_ok(*v) ? NULL : "Choose a category.";
}

/* Adds <size-text> beside each row's size column under the items. */
static void
file_sizes(struct at_req *req, xmlNodePtr list, const struct at_rows *r)
{
	xmlNodePtr	 n;
	size_t		 i;

	for (i = 0, n = list->children; n != NULL && i < r->n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		at_x(n, "size_text", at_file_size_text(req->pool,
		    at_row_int(r, i, "size", 0)));
		at_x(n, "when", at_time_local(req->pool,
		    at_row(r, i, "updated_at") != NULL ? at_row(r, i,
		    "updated_at") : at_row(r, i, "uploaded_at")));
		i++;
	}
}

/* The category query parameter if it is one, else "". */
static const char *
file_cat_param(struct at_req *req)
{
	const char	*c = at_query(req, "category");

	return hub_file_category_ok(c) ? c : "";
}

/* A positive id from query parameter name, else 0. */
static long long
file_qid(struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_query(req, name), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/* Adds <filter q category project/> for the list's search form. */
static void
file_filter(struct at_req *req, xmlNodePtr c)
{
	xmlNodePtr	 f;

	f = at_x(c, "filter", NULL);
	at_xa(f, "q", at_query(req, "q"));
	at_xa(f, "category", file_cat_param(req));
	at_xaf(f, "project", "%lld", file_qid(req, "project"));
	at_xaf(f, "client", "%lld", file_qid(req, "client"));
	at_xa(f, "view", at_query(req, "view"));
}

/*
 * The project page's "Files" section, from the file store: <files
 * project="ID"><file> id, name, category, version, visible, size,
 * size_text, mime, updated_at, when, client_id </file>.
 */
static int
file_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;

	/* Called for a project the caller may see: the project's files. */
	r = at_file_list(req, "project", project, !at_is_staff(req),
	    FILES_LIST_MAX);
	if (r == NULL)
		return -1;
	s = at_x_rows(parent, "files", "file", r);
	at_xaf(s, "project", "%lld", project);
	file_sizes(req, s, r);
	return 0;
}

/*
 * GET /files (contact): the client's shared files in shared projects,
 * newest first.  Query: q (part of the name), category, project.  Adds
 * <filter/>, <files><file>...</file></files>, <projects><project id
 * name/></projects> for the upload form, <form name="upload">.
 */
static int
h_files(struct at_req *req)
{
	struct at_rows	*r, *p;
	xmlNodePtr	 c, s;
	const char	*q = hub_like(req->pool, at_query(req, "q"));
	const char	*cat = file_cat_param(req);
	long long	 proj = file_qid(req, "project");
	char		 key[200];
	int		 keep;

	/*
	 * Without a query string (no search, no filter), the list is kept
	 * per person under the data version and the caller's markers
	 * (at_kept_list_key): nothing changed and nothing seen since, the
	 * same list.
	 */
	keep = (req->query == NULL || req->query[0] == '\0') &&
	    at_kept_list_key(req, "files", key, sizeof(key));
	if (keep) {
		c = at_page_content(req);
		if (at_kept_page_get(req, key, c) != NULL) {
			if (at_seen_mark(req, "files") == -1)
				return 500;
			at_page_id(req, "files");
			at_page_title(req, "Files");
			return 200;
		}
	}
	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version, f.updated_at, v.size, v.mime, "
	    "p.id AS project_id, p.name AS project, fp.state AS preview, "
	    "f.item_type, "
	    HUB_CHANGED("COALESCE(f.shared_at, f.created_at)", "f.updated_at")
	    " FROM files f "
	    "LEFT JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1 JOIN file_versions v ON "
	    "v.file_id = f.id AND v.version = f.version LEFT JOIN "
	    "file_previews fp ON fp.version_id = v.id" HUB_SEEN_JOIN
	    "WHERE f.client_id = ? AND (p.id IS NOT NULL OR "
	    "FIND_IN_SET(f.item_type, ?) > 0) "
	    "AND f.visible = 1 AND (? = '' OR f.name LIKE CONCAT('%', ?, "
	    "'%')) AND (? = '' OR f.category = ?) AND (? = 0 OR "
	    "f.project_id = ?) ORDER BY f.updated_at DESC, f.id DESC LIMIT ?",
	    "sIsIsssssIIi", at_seen_base(req), req->user->id, "files",
	    at_client_scope(req), at_file_source_types(req), q, q, cat, cat,
	    proj, proj, FILES_LIST_MAX);
	if (r == NULL)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT id, name FROM projects "
	    "WHERE client_id = ? AND visible = 1 ORDER BY name", "I",
	    at_client_scope(req));
	if (p == NULL || at_seen_mark(req, "files") == -1)
		return 500;
	at_page_id(req, "files");
	at_page_title(req, "Files");
	c = at_page_content(req);
	file_filter(req, c);
	s = at_x_rows(c, "files", "file", r);
	file_sizes(req, s, r);
	file_source_labels(s, r);
	at_x_rows(c, "projects", "project", p);
	at_x_form(req, c, "upload");
	if (keep)
		at_kept_page_put(key, NULL, c);
	return 200;
}

/*
 * Adds <file> (the document, from row 0) and <versions><version> (every
 * row, newest first) for the file pages.
 */
static void
file_detail(struct at_req *req, xmlNodePtr c, const struct at_rows *r)
{
	static const char *const fcols[] = { "id", "name", "category",
	    "current", "visible", "project_id", "project", "client_id",
	    "client", "created_at", "shared_at", NULL };
	static const char *const vcols[] = { "version", "vname", "mime",
	    "size", "uploaded_at", "note", "uploaded_by", "sha256", "preview",
	    NULL };
	xmlNodePtr	 f, vs, v;
	size_t		 i, k;
	const char	*val;

	f = at_x(c, "file", NULL);
	for (k = 0; fcols[k] != NULL; k++)
		if ((val = at_row(r, 0, fcols[k])) != NULL)
			at_x(f, fcols[k], val);
	vs = at_x(c, "versions", NULL);
	for (i = 0; i < r->n; i++) {
		v = at_x(vs, "version", NULL);
		for (k = 0; vcols[k] != NULL; k++)
			if ((val = at_row(r, i, vcols[k])) != NULL)
				at_x(v, vcols[k], val);
		at_x(v, "size_text", at_file_size_text(req->pool,
		    at_row_int(r, i, "size", 0)));
		at_x(v, "when", at_time_local(req->pool,
		    at_row(r, i, "uploaded_at")));
	}
}

/*
 * The file id and its versions as the caller may see them: contacts only
 * a shared file of their own client in a shared project.  NULL on a
 * database error; no rows when not found or not allowed.
 */
static struct at_rows *
file_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
		    "f.category, f.version AS current, f.visible, "
		    "f.project_id, p.name AS project, f.client_id, c.name AS "
		    "client, f.created_at, f.shared_at, v.version, v.name AS "
		    "vname, v.mime, v.size, v.uploaded_at, v.note, v.sha256, "
		    "u.name AS uploaded_by, fp.state AS preview FROM files f "
		    "JOIN clients c ON c.id = f.client_id LEFT JOIN projects p "
		    "ON p.id = f.project_id JOIN file_versions v ON v.file_id = "
		    "f.id LEFT JOIN file_previews fp ON fp.version_id = v.id "
		    "LEFT JOIN users u ON u.id = v.uploaded_by WHERE f.id = ? "
		    "AND (f.item_type = 'project' OR FIND_IN_SET(f.item_type, "
		    "?) > 0) ORDER BY v.version DESC", "Is", id,
		    at_file_source_types(req));
	return at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version AS current, f.project_id, p.name AS "
	    "project, f.created_at, v.version, v.name AS vname, v.mime, "
	    "v.size, v.uploaded_at, v.note, u.name AS uploaded_by, fp.state "
	    "AS preview FROM files f "
	    "LEFT JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1 JOIN file_versions v ON "
	    "v.file_id = f.id LEFT JOIN file_previews fp ON fp.version_id = "
	    "v.id LEFT JOIN users u ON u.id = v.uploaded_by "
	    "WHERE f.id = ? AND f.client_id = ? AND f.visible = 1 AND "
	    "(p.id IS NOT NULL OR FIND_IN_SET(f.item_type, ?) > 0) "
	    "ORDER BY v.version DESC", "IIs", id, at_client_scope(req),
	    at_file_source_types(req));
}

/*
 * GET /files/:id (contact), GET /staff/files/:id (staff): one file with
 * every version and the comments the caller may see; staff also get the
 * forms to share, rename and add a version.  Adds <file>, <versions>,
 * <comments>, <form name="file">.  The view is logged.
 */
static int
h_file(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req), st;

	if ((r = at_load(req, file_get, &st)) == NULL)
		return st;
	if ((st = hub_file_may_read(req, id)) != 1)
		return st == -1 ? 500 : 404;
	at_page_id(req, staff ? "staff-file" : "file");
	at_page_title(req, at_row(r, 0, "name"));
	c = at_page_content(req);
	file_detail(req, c, r);
	if (hub_comments_list(req, c, "file", id) == -1)
		return 500;
	at_x_form(req, c, "file");
	client = staff ? at_row_int(r, 0, "client_id", 0) :
	    at_client_scope(req);
	at_activity(req, client, "view", "file", id, at_pprintf(req->pool,
	    "%s viewed %s", req->user->name, at_row(r, 0, "name")), 0);
	return 200;
}

/*
 * Whether the caller may read file f of the hub's documents: staff, or a
 * contact when the file is shared and so is its project (the file store
 * checks the client and the file's own sharing first).
 */
static int
file_may_read(struct at_req *req, const struct at_file *f, void *arg)
{
	const struct at_file_source *fs;
	struct at_rows	*p;

	if (!at_file_shared_ok(req, f, arg))
		return 0;
	if (strcmp(f->item_type, "project") != 0) {
		/* Another module's file: its source has the last word. */
		fs = at_file_source_for(req, f->item_type);
		return fs != NULL && fs->may_read(req, f, fs->arg) == 1;
	}
	if (at_is_staff(req))
		return 1;
	p = hub_project_get(req, f->item_id);
	return p != NULL && p->n == 1;
}

/* See hub/files.h. */
int
hub_file_may_read(struct at_req *req, long long id)
{
	struct at_file	 f;
	int		 rc;

	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	if ((rc = at_file_get(req, id, 0, NULL, &f)) == -1)
		return -1;
	if (rc == 1)
		return 0;
	return file_may_read(req, &f, NULL);
}

/*
 * GET /files/:id/download, /files/:id/versions/:v/download (contact) and
 * the same under /staff (staff): the current or the given version as an
 * attachment, through the file store (which logs the download).
 * Contacts only reach a shared file of their own client in a shared
 * project; anything else is 404.
 */
static int
h_file_download(struct at_req *req)
{
	const char	*varg = at_arg(req, "v");
	long long	 id = at_arg_id(req, "id"), v = 0;

	if (id <= 0)
		return 404;
	if (varg != NULL && ((v = at_arg_id(req, "v")) <= 0 || v > 1000000))
		return 404;
	return at_file_send(req, id, (int)v, NULL, file_may_read, NULL);
}

/*
 * Stores the request's upload through the file store as a document of
 * project (of client): a new file (id 0) or a new version of file id.
 * On a refusal the reason goes on the form's "file" field and in a flash
 * message.  Returns 0 stored, 1 refused, -1 on trouble.
 */
static int
file_put(struct at_req *req, struct at_file_put *put, long long client,
    long long project, long long id)
{
	int	 rc;

	put->size = sizeof(*put);
	put->client = client;
	put->item_type = "project";
	put->item_id = project;
	put->file = id;
	if ((rc = at_file_put(req, put)) == 1) {
		at_form_error(req, "file", put->err);
		at_flash(req, "error", put->err);
	}
	return rc;
}

/*
 * POST /files (contact): fields file, project, category.  Stores the
 * upload in a project the contact can see, shared with the client at
 * once.  On a refusal the page comes back with the reason on the form.
 */
static int
h_files_upload(struct at_req *req)
{
	struct at_file_put put;
	struct at_rows	*p = NULL;
	long long	 proj = 0;
	int		 rc;

	memset(&put, 0, sizeof(put));
	if (at_strtoll(at_form(req, "project"), &proj) == 0 && proj > 0 &&
	    (p = hub_project_get(req, proj)) == NULL && at_db_gone(req->db))
		return 503;
	if (p == NULL || p->n == 0)
		at_form_error(req, "project", "Choose one of your projects.");
	if (at_form_errors(req) > 0)
		return h_files(req);
	put.category = at_form(req, "category");
	put.visible = 1;
	if ((rc = file_put(req, &put, at_client_scope(req), proj, 0)) == -1)
		return 500;
	if (rc == 1)
		return h_files(req);
	at_flash(req, "ok", "File uploaded.");
	return at_redirect(req, at_pprintf(req->pool, "/files/%lld", put.id));
}

/*
 * POST /files/:id/comments (contact), /staff/files/:id/comments (staff):
 * fields body, visible (staff).  A comment on a file the caller may see.
 */
static int
h_file_comment(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req), st;

	if ((r = at_load(req, file_get, &st)) == NULL)
		return st;
	client = staff ? at_row_int(r, 0, "client_id", 0) :
	    at_client_scope(req);
	if (hub_comments_add(req, "file", id, client, staff ?
	    (int)at_row_int(r, 0, "visible", 0) : 1,
	    at_row(r, 0, "name")) == -1)
		return 500;
	return at_redirect(req, at_pprintf(req->pool, "%s/files/%lld#comments",
	    staff ? "/staff" : "", id));
}

/*
 * GET /staff/files (staff): every file, newest first.  Query: q,
 * category, client, project.  Adds <filter/>, <files> (with client and
 * visible), <projects><project id name client/> for the upload form,
 * <clients>, <form name="upload">.
 */
static int
h_staff_files(struct at_req *req)
{
	struct at_rows	*r, *p, *cl;
	xmlNodePtr	 c, s;
	const char	*q = hub_like(req->pool, at_query(req, "q"));
	const char	*cat = file_cat_param(req);
	long long	 proj = file_qid(req, "project");
	long long	 client = file_qid(req, "client");

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version, f.visible, f.updated_at, v.size, v.mime, "
	    "f.project_id, p.name AS project, f.client_id, c.name AS client, "
	    "fp.state AS preview, f.item_type, "
	    HUB_CHANGED("f.created_at", "f.updated_at")
	    " FROM files f JOIN clients c ON c.id = f.client_id "
	    "LEFT JOIN projects p ON p.id = f.project_id "
	    "JOIN file_versions v ON v.file_id = f.id AND v.version = "
	    "f.version LEFT JOIN file_previews fp ON fp.version_id = v.id"
	    HUB_SEEN_JOIN "WHERE (f.item_type = 'project' OR "
	    "FIND_IN_SET(f.item_type, ?) > 0) AND (? = '' OR f.name LIKE "
	    "CONCAT('%', ?, '%')) "
	    "AND (? = '' OR f.category = ?) AND (? = 0 OR f.project_id = ?) "
	    "AND (? = 0 OR f.client_id = ?) ORDER BY f.updated_at DESC, f.id "
	    "DESC LIMIT ?", "sIssssssIIIIi", at_seen_base(req),
	    req->user->id, "files", at_file_source_types(req), q, q, cat, cat,
	    proj, proj, client, client, FILES_LIST_MAX);
	if (r == NULL)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT p.id, p.name, c.name AS "
	    "client FROM projects p JOIN clients c ON c.id = p.client_id "
	    "ORDER BY c.name, p.name", "");
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (p == NULL || cl == NULL || at_seen_mark(req, "files") == -1)
		return 500;
	at_page_id(req, "staff-files");
	at_page_title(req, "Files");
	c = at_page_content(req);
	file_filter(req, c);
	s = at_x_rows(c, "files", "file", r);
	file_sizes(req, s, r);
	file_source_labels(s, r);
	at_x_rows(c, "projects", "project", p);
	at_x_rows(c, "clients", "client", cl);
	at_x_form(req, c, "upload");
	return 200;
}

/* The project id field of a staff form, checked to exist: its client. */
static long long
file_staff_project(struct at_req *req, long long *client)
{
	struct at_rows	*p;
	long long	 proj;

	if (at_strtoll(at_form(req, "project"), &proj) == -1 || proj <= 0)
		return 0;
	if ((p = hub_project_get(req, proj)) == NULL || p->n == 0)
		return 0;
	*client = at_row_int(p, 0, "client_id", 0);
	return proj;
}

/*
 * POST /staff/files (staff): fields file, project, category, name
 * (optional display name), visible.  A new document, internal unless
 * visible is ticked.
 */
static int
h_staff_upload(struct at_req *req)
{
	struct at_file_put put;
	long long	 proj, client = 0;
	int		 rc;

	memset(&put, 0, sizeof(put));
	if ((proj = file_staff_project(req, &client)) == 0) {
		if (at_db_gone(req->db))
			return 503;
		at_form_error(req, "project", "Choose a project.");
	}
	if (at_form_errors(req) > 0)
		return h_staff_files(req);
	put.category = at_form(req, "category");
	put.name = at_form(req, "name");
	put.visible = hub_ticked(req, "visible");
	if ((rc = file_put(req, &put, client, proj, 0)) == -1)
		return 500;
	if (rc == 1)
		return h_staff_files(req);
	at_flash(req, "ok", put.visible ? "File uploaded and shared." :
	    "File uploaded (internal until you share it).");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    put.id));
}

/*
 * POST /staff/files/:id/versions (staff): fields file, note.  Adds a new
 * version of the document; the earlier ones stay.
 */
static int
h_staff_version(struct at_req *req)
{
	struct at_file_put put;
	struct at_rows	*r;
	int		 rc, st;

	if ((r = at_load_sql(req, "SELECT id, client_id, project_id FROM "
	    "files WHERE id = ? AND item_type = 'project'", &st)) == NULL)
		return st;
	if (at_form_errors(req) > 0)
		return h_file(req);
	memset(&put, 0, sizeof(put));
	put.note = at_form(req, "note");
	if ((rc = file_put(req, &put, at_row_int(r, 0, "client_id", 0),
	    at_row_int(r, 0, "project_id", 0), at_row_int(r, 0, "id", 0))) ==
	    -1)
		return 500;
	if (rc == 1)
		return h_file(req);
	at_flash(req, "ok", "New version added.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    put.id));
}

/*
 * POST /staff/files/:id (staff): fields name, category.  Renames or
 * files the document elsewhere.
 */
static int
h_staff_file_edit(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id;
	const char	*name;
	int		 st;

	if ((r = at_load_sql(req, "SELECT id, client_id, visible FROM files "
	    "WHERE id = ? AND item_type = 'project'", &st)) == NULL)
		return st;
	if (at_form_errors(req) > 0)
		return h_file(req);
	id = at_row_int(r, 0, "id", 0);
	name = at_file_name(req->pool, at_form(req, "name"));
	if (at_db_exec(req->db, "UPDATE files SET name = ?, category = ? "
	    "WHERE id = ?", "ssI", name, at_form(req, "category"), id) == -1)
		return 500;
	at_activity(req, at_row_int(r, 0, "client_id", 0), "edit", "file", id,
	    at_pprintf(req->pool, "%s renamed a file to %s", req->user->name,
	    name), at_row_int(r, 0, "visible", 0) == 1);
	at_flash(req, "ok", "Saved.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    id));
}

/*
 * POST /staff/files/:id/share (staff): field visible.  Shares the file
 * with its client (1) or takes it back (0).
 */
static int
h_staff_file_share(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");
	int		 on = hub_ticked(req, "visible"), rc;

	if (id <= 0)
		return 404;
	if ((rc = at_file_share(req, id, on, NULL)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	at_flash(req, "ok", on ? "Shared with the client." :
	    "No longer shared with the client.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    id));
}

static const struct at_field f_upload[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_staff_upload[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ "name", at_v_line, 0, 255, "Name" },
	{ "visible", at_v_bool, 0, 0, "Share with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_version[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "note", at_v_line, 0, 500, "What changed" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_edit[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 255, "Name" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route file_routes[] = {
	{ AT_GET, "/files", AT_CONTACT, h_files, NULL, NULL },
	{ AT_POST, "/files", AT_CONTACT, h_files_upload, f_upload, NULL },
	{ AT_GET, "/files/:id", AT_CONTACT, h_file, NULL, NULL },
	{ AT_GET, "/files/:id/download", AT_CONTACT, h_file_download, NULL,
	    NULL },
	{ AT_GET, "/files/:id/versions/:v/download", AT_CONTACT,
	    h_file_download, NULL, NULL },
	{ AT_POST, "/files/:id/comments", AT_CONTACT, h_file_comment,
	    hub_comment_fields, NULL },
	{ AT_GET, "/staff/files", AT_STAFF, h_staff_files, NULL, NULL },
	{ AT_POST, "/staff/files", AT_STAFF, h_staff_upload, f_staff_upload,
	    NULL },
	{ AT_GET, "/staff/files/:id", AT_STAFF, h_file, NULL, NULL },
	{ AT_POST, "/staff/files/:id", AT_STAFF, h_staff_file_edit, f_edit,
	    NULL },
	{ AT_GET, "/staff/files/:id/download", AT_STAFF, h_file_download,
	    NULL, NULL },
	{ AT_GET, "/staff/files/:id/versions/:v/download", AT_STAFF,
	    h_file_download, NULL, NULL },
	{ AT_POST, "/staff/files/:id/versions", AT_STAFF, h_staff_version,
	    f_version, NULL },
	{ AT_POST, "/staff/files/:id/share", AT_STAFF, h_staff_file_share,
	    f_share, NULL },
	{ AT_POST, "/staff/files/:id/comments", AT_STAFF, h_file_comment,
	    hub_comment_fields, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Search provider: files whose name matches (full text). */
static int
file_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name AS title, "
	    "f.category AS snippet, p.name AS project, p.id AS project_id, "
	    "f.visible AND p.visible AS visible, MATCH (f.name) AGAINST (? "
	    "IN BOOLEAN MODE) AS score FROM files f JOIN projects p ON p.id = "
	    "f.project_id AND p.client_id = f.client_id WHERE MATCH (f.name) "
	    "AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR (f.client_id = ? AND "
	    "f.visible = 1 AND p.visible = 1)) ORDER BY score DESC, f.id DESC "
	    "LIMIT ?", "ssiIi", at_search_terms(q), at_search_terms(q),
	    at_is_staff(req), at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/files/");
	return 0;
}

/* Activity entries about a file link to it. */
static void
file_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/files/", e->object_id);
}

/*
 * The contact's "Shared files" card: how many files are shared with the
 * client, the three last changed.  One query.
 */
static int
file_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	xmlNodePtr	 ca, it;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "DATE(f.updated_at) AS d, COUNT(*) OVER () AS total, "
	    HUB_CHANGED("COALESCE(f.shared_at, f.created_at)", "f.updated_at")
	    " FROM files f "
	    "JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1" HUB_SEEN_JOIN "WHERE "
	    "f.client_id = ? AND f.visible = 1 ORDER BY f.updated_at DESC, "
	    "f.id DESC LIMIT 3", "sIsI", at_seen_base(req), req->user->id,
	    "files", at_client_scope(req));
	if (r == NULL)
		return -1;
	ca = at_x(at_dash_cards(d), "card", NULL);
	at_xa(ca, "name", "files");
	at_xa(ca, "title", "Shared files");
	at_xa(ca, "href", "/files");
	at_xa(ca, "empty", "No files shared yet.");
	at_x(ca, "count", r->n > 0 ? at_row(r, 0, "total") : "0");
	for (i = 0; i < r->n; i++) {
		it = at_x(ca, "item", at_row(r, i, "name"));
		at_xaf(it, "href", "/files/%s", at_row(r, i, "id"));
		at_xa(it, "when", at_row(r, i, "d"));
		if (*at_row(r, i, "changed") != '\0')
			at_xa(it, "changed", at_row(r, i, "changed"));
	}
	return 0;
}

static const struct at_section file_sec = {
	AT_EXT_SIZE(at_section), "files", AT_CONTACT | AT_STAFF, 20,
	file_section
};
static const struct at_search_provider file_find = {
	AT_EXT_SIZE(at_search_provider), "file", "File",
	AT_CONTACT | AT_STAFF, file_search
};
static const struct at_act_kind file_actk = {
	AT_EXT_SIZE(at_act_kind), "file", file_act
};
static const struct at_dash_part file_dash_part = {
	AT_EXT_SIZE(at_dash_part), "files", AT_CONTACT, 40, file_dash
};

/* Registers the file pages and their navigation items. */
static int
file_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, file_routes);
	at_reg_section(reg, &file_sec);
	at_reg_search(reg, &file_find);
	at_reg_activity(reg, &file_actk);
	at_reg_dash(reg, &file_dash_part);
	at_reg_nav(reg, AT_CONTACT, "Files", "/files", 40);
	at_reg_nav(reg, AT_STAFF, "Files", "/staff/files", 40);
	return 0;
}

const struct at_plugin at_mod_files = {
	AT_PLUGIN_HEAD,
	.name = "files",
	.version = PACKAGE_VERSION,
	.summary = "Files with versions, shared when ready",
	.init = file_init,
};
