/*
 * The file store and per-client settings used from a plugin, as a plugin
 * author would (tests/http/check_filestore.c).  The plugin has items of
 * its own (filetest_items) and attaches files to them; it answers short
 * texts instead of pages.
 *
 *	POST /filetest/items			staff: fields client, title;
 *						answers "item ID"
 *	POST /filetest/items/:id/files		staff: fields file, visible,
 *						of (a file id: a new version);
 *						"stored FILE VERSION", or 422
 *						with the store's reason
 *	GET  /filetest/items/:id/files		the item's files, one a line:
 *						"ID VERSION VISIBLE NAME"
 *						(a contact: their client's
 *						item, shared files only)
 *	GET  /filetest/items/:id/files/:f	the file, when attached to
 *						this item and the caller may
 *						see both
 *	POST /filetest/items/:id/files/:f/delete  staff: deletes it
 *	GET  /filetest/settings/:id		staff: client :id's setting
 *						"greeting", or "unset"
 *	POST /filetest/settings/:id		staff: field greeting (empty
 *						removes it)
 */
#include <stdio.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/files.h>
#include <atrium/settings.h>

#define FT_TYPE	"filetest"

/* Answers a short text with status. */
static int
ft_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain; charset=utf-8", text,
	    strlen(text));
}

/*
 * Item id (from :id) as the caller may see it: staff any, a contact only
 * one of their client.  Its client_id into *client; 0, 404 or 500.
 */
static int
ft_item(struct at_req *req, long long *client)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	if (id <= 0)
		return 404;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT client_id FROM "
	    "filetest_items WHERE id = ? AND (? = 1 OR client_id = ?)", "IiI",
	    id, at_is_staff(req), at_client_scope(req));
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	*client = at_row_int(r, 0, "client_id", 0);
	return 0;
}

/* POST /filetest/items (staff): fields client, title. */
static int
ft_add(struct at_req *req)
{
	long long	 client = 0;

	if (at_form_errors(req) > 0 || at_strtoll(at_form(req, "client"),
	    &client) == -1)
		return ft_text(req, 400, "bad form");
	if (at_db_exec(at_req_db(req), "INSERT INTO filetest_items (client_id, "
	    "title) VALUES (?, ?)", "Is", client, at_form(req, "title")) == -1)
		return 500;
	return ft_text(req, 200, at_pprintf(at_req_pool(req), "item %lld",
	    at_db_insert_id(at_req_db(req))));
}

/* POST /filetest/items/:id/files (staff): fields file, visible, of. */
static int
ft_put(struct at_req *req)
{
	struct at_file_put put;
	long long	 client, of = 0;
	int		 st, rc;

	if ((st = ft_item(req, &client)) != 0)
		return st;
	if (at_form(req, "of") != NULL && *at_form(req, "of") != '\0' &&
	    at_strtoll(at_form(req, "of"), &of) == -1)
		return ft_text(req, 400, "bad form");
	memset(&put, 0, sizeof(put));
	put.size = sizeof(put);
	put.client = client;
	put.item_type = FT_TYPE;
	put.item_id = at_arg_id(req, "id");
	put.file = of;
	put.visible = at_form(req, "visible") != NULL &&
	    strcmp(at_form(req, "visible"), "1") == 0;
	put.max_bytes = 64 * 1024;
	if ((rc = at_file_put(req, &put)) == -1)
		return 500;
	if (rc == 1)
		return ft_text(req, 422, put.err);
	return ft_text(req, 200, at_pprintf(at_req_pool(req), "stored %lld %d",
	    put.id, put.version));
}

/* GET /filetest/items/:id/files (contact, staff). */
static int
ft_list(struct at_req *req)
{
	struct at_rows	*r;
	long long	 client;
	const char	*out = "";
	size_t		 i;
	int		 st;

	if ((st = ft_item(req, &client)) != 0)
		return st;
	r = at_file_list(req, FT_TYPE, at_arg_id(req, "id"),
	    !at_is_staff(req), 0);
	if (r == NULL)
		return 500;
	for (i = 0; i < r->n; i++)
		out = at_pprintf(at_req_pool(req), "%s%s %s %s %s\n", out,
		    at_row(r, i, "id"), at_row(r, i, "version"),
		    at_row(r, i, "visible"), at_row(r, i, "name"));
	return ft_text(req, 200, out);
}

/* The file store's check: the file is attached to the item in the path. */
static int
ft_may_read(struct at_req *req, const struct at_file *f, void *arg)
{
	long long	 item = *(long long *)arg;

	return f->item_id == item && at_file_shared_ok(req, f, NULL);
}

/* GET /filetest/items/:id/files/:f (contact, staff). */
static int
ft_get(struct at_req *req)
{
	long long	 client, item = at_arg_id(req, "id");
	int		 st;

	if ((st = ft_item(req, &client)) != 0)
		return st;
	return at_file_send(req, at_arg_id(req, "f"), 0, FT_TYPE, ft_may_read,
	    &item);
}

/* POST /filetest/items/:id/files/:f/delete (staff). */
static int
ft_delete(struct at_req *req)
{
	struct at_file	 f;
	long long	 client;
	int		 st, rc;

	if ((st = ft_item(req, &client)) != 0)
		return st;
	if ((rc = at_file_get(req, at_arg_id(req, "f"), 0, FT_TYPE, &f)) == -1)
		return 500;
	if (rc == 1 || f.item_id != at_arg_id(req, "id"))
		return 404;
	if (at_file_delete(req, f.id, FT_TYPE) != 0)
		return 500;
	return ft_text(req, 200, "deleted");
}

/* GET /filetest/settings/:id (staff). */
static int
ft_setting(struct at_req *req)
{
	const char	*v;
	int		 rc;

	rc = at_client_setting_get(at_req_db(req), at_req_pool(req), "filetest",
	    at_arg_id(req, "id"), "greeting", &v);
	if (rc == -1)
		return 500;
	return ft_text(req, 200, rc == 1 ? "unset" : at_pprintf(at_req_pool(req),
	    "greeting=%s", v));
}

/* POST /filetest/settings/:id (staff): field greeting. */
static int
ft_setting_set(struct at_req *req)
{
	const char	*v = at_form(req, "greeting");

	if (at_client_setting_set(at_req_db(req), "filetest", at_arg_id(req, "id"),
	    "greeting", v != NULL && *v != '\0' ? v : NULL) == -1)
		return ft_text(req, 400, "refused");
	return ft_text(req, 200, "saved");
}

static const struct at_field ft_f_add[] = {
	{ "client", at_v_id, AT_F_REQUIRED, 20, "Client" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field ft_f_put[] = {
	{ "file", NULL, AT_F_FILE, 0, "File" },
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ "of", NULL, 0, 20, "New version of" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field ft_f_setting[] = {
	{ "greeting", NULL, 0, 0, "Greeting" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route ft_routes[] = {
	{ AT_POST, "/filetest/items", AT_STAFF, ft_add, ft_f_add, NULL },
	{ AT_POST, "/filetest/items/:id/files", AT_STAFF, ft_put, ft_f_put,
	    NULL },
	{ AT_GET, "/filetest/items/:id/files", AT_CONTACT | AT_STAFF, ft_list,
	    NULL, NULL },
	{ AT_GET, "/filetest/items/:id/files/:f", AT_CONTACT | AT_STAFF,
	    ft_get, NULL, NULL },
	{ AT_POST, "/filetest/items/:id/files/:f/delete", AT_STAFF, ft_delete,
	    NULL, NULL },
	{ AT_GET, "/filetest/settings/:id", AT_STAFF, ft_setting, NULL, NULL },
	{ AT_POST, "/filetest/settings/:id", AT_STAFF, ft_setting_set,
	    ft_f_setting, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the routes. */
static int
ft_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, ft_routes);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "filetest",
	.version = "1.0",
	.summary = "Files attached to a plugin's own items (tests)",
	.init = ft_init,
};
