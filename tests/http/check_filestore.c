/*
 * The file store as a plugin uses it, over the real stack: the filetest
 * plugin (tests/plugins/filetest.c) attaches files to items of its own
 * table, lists them, serves them through its own access check, keeps
 * versions and deletes them; the store refuses what it must refuse and
 * leaves nothing behind.  Also per-client settings through the plugin.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "client.h"

#define STAFF	"staff@demo.test"

/* One client with a contact, the plugin on for it, and an item of it. */
struct ft_fix {
	long long	 client;
	long long	 contact;
	char		 email[256];
	long long	 item;
};

/* A signed-in staff browser holding a CSRF token. */
static struct tc_browser *
ft_staff(void)
{
	struct tc_browser *s = tc_as(STAFF);

	tc_get(s, "/staff/files");
	return s;
}

/* Makes a client, its contact and an item of the plugin for it. */
static void
ft_setup(struct ft_fix *fx, struct tc_browser *s)
{
	struct tc_resp	*r;
	char		 sql[256], client[32];

	fx->contact = tc_make_client_contact("ft", &fx->client, fx->email,
	    sizeof(fx->email));
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'filetest', 1)", fx->client);
	free(tc_sql(sql));
	snprintf(client, sizeof(client), "%lld", fx->client);
	r = tc_post(s, "/filetest/items", "client", client, "title",
	    "Invoice draft", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(sscanf(r->body, "item %lld", &fx->item) == 1);
}

/* Uploads data as name to item (of: 0 or a file id); the file id or -1. */
static long long
ft_put(struct tc_browser *s, long long item, const char *name,
    const char *data, int visible, long long of, long *status)
{
	struct tc_resp	*r;
	char		 path[128], ofs[32];
	long long	 id = -1;
	int		 v;

	snprintf(path, sizeof(path), "/filetest/items/%lld/files", item);
	snprintf(ofs, sizeof(ofs), "%lld", of);
	r = tc_post_file(s, path, "file", name, data, strlen(data),
	    "visible", visible ? "1" : "0", "of", of > 0 ? ofs : "", NULL);
	*status = r->status;
	if (r->status == 200 && sscanf(r->body, "stored %lld %d", &id, &v) != 2)
		id = -1;
	return id;
}

/* GET path's status; its body (malloc'd) into *body when not NULL. */
static long
ft_get(struct tc_browser *b, const char *path, char **body)
{
	struct tc_resp	*r = tc_get(b, path);

	if (body != NULL)
		*body = strdup(r->body != NULL ? r->body : "");
	return r->status;
}

START_TEST(attach_list_download)
{
	struct ft_fix	 fx;
	struct tc_browser *s = ft_staff(), *c;
	char		 path[160], *body;
	long long	 shared, internal;
	long		 st;

	ft_setup(&fx, s);
	shared = ft_put(s, fx.item, "notes.txt", "shared notes\n", 1, 0, &st);
	ck_assert_int_eq(st, 200);
	internal = ft_put(s, fx.item, "internal.txt", "staff only\n", 0, 0,
	    &st);
	ck_assert_int_eq(st, 200);
	ck_assert(shared > 0 && internal > 0);
	/* Attached to the plugin's item, not to any project. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE "
	    "item_type = 'filetest' AND project_id IS NULL AND item_id = %lld",
	    fx.item), 2);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'upload' AND object = 'file' AND object_id = %lld",
	    shared), 1);

	snprintf(path, sizeof(path), "/filetest/items/%lld/files", fx.item);
	ck_assert_int_eq(ft_get(s, path, &body), 200);
	ck_assert(strstr(body, "notes.txt") != NULL);
	ck_assert(strstr(body, "internal.txt") != NULL);
	free(body);

	c = tc_as(fx.email);
	ck_assert_int_eq(ft_get(c, path, &body), 200);
	ck_assert(strstr(body, "notes.txt") != NULL);
	ck_assert_msg(strstr(body, "internal.txt") == NULL, "a contact sees "
	    "an internal file in the list");
	free(body);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    fx.item, shared);
	ck_assert_int_eq(ft_get(c, path, &body), 200);
	ck_assert_str_eq(body, "shared notes\n");
	free(body);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'download' AND object = 'file' AND object_id = %lld "
	    "AND visible = 1", shared), 1);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    fx.item, internal);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	ck_assert_int_eq(ft_get(s, path, &body), 200);
	ck_assert_str_eq(body, "staff only\n");
	free(body);
	/* The hub's file routes do not serve a plugin's attachment. */
	snprintf(path, sizeof(path), "/files/%lld/download", shared);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	snprintf(path, sizeof(path), "/staff/files/%lld", shared);
	ck_assert_int_eq(ft_get(s, path, NULL), 404);
	tc_free(c);
	tc_free(s);
}
END_TEST

START_TEST(other_items_and_clients)
{
	struct ft_fix	 a, b;
	struct tc_browser *s = ft_staff(), *c;
	char		 path[160];
	long long	 fa, fb, doc;
	long		 st;

	ft_setup(&a, s);
	ft_setup(&b, s);
	fa = ft_put(s, a.item, "a.txt", "for a\n", 1, 0, &st);
	fb = ft_put(s, b.item, "b.txt", "for b\n", 1, 0, &st);
	ck_assert(fa > 0 && fb > 0);
	c = tc_as(a.email);
	/* Another client's item, and its file through one's own item. */
	snprintf(path, sizeof(path), "/filetest/items/%lld/files", b.item);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    b.item, fb);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    a.item, fb);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	ck_assert_int_eq(ft_get(s, path, NULL), 404);
	/* A hub document is not the plugin's to serve. */
	doc = tc_sql_int("SELECT MIN(id) FROM files WHERE item_type = "
	    "'project'");
	ck_assert(doc > 0);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    a.item, doc);
	ck_assert_int_eq(ft_get(s, path, NULL), 404);
	/* A new version of another item's file is refused. */
	ck_assert_int_eq(ft_put(s, a.item, "b2.txt", "x\n", 1, fb, &st), -1);
	ck_assert_int_eq(st, 422);
	ck_assert_int_eq(tc_sql_intf("SELECT version FROM files WHERE id = "
	    "%lld", fb), 1);
	tc_free(c);
	tc_free(s);
}
END_TEST

START_TEST(versions)
{
	struct ft_fix	 fx;
	struct tc_browser *s = ft_staff();
	char		 path[160], *body;
	long long	 id;
	long		 st;

	ft_setup(&fx, s);
	id = ft_put(s, fx.item, "plan.txt", "first\n", 1, 0, &st);
	ck_assert(id > 0);
	ck_assert_int_eq(ft_put(s, fx.item, "plan.txt", "second\n", 1, id,
	    &st), id);
	ck_assert_int_eq(tc_sql_intf("SELECT version FROM files WHERE id = "
	    "%lld", id), 2);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM file_versions "
	    "WHERE file_id = %lld", id), 2);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    fx.item, id);
	ck_assert_int_eq(ft_get(s, path, &body), 200);
	ck_assert_str_eq(body, "second\n");
	free(body);
	tc_free(s);
}
END_TEST

START_TEST(refusals_leave_nothing)
{
	struct ft_fix	 fx;
	struct tc_browser *s = ft_staff();
	struct tc_resp	*r;
	char		 path[160], *big;
	long		 st;
	long long	 rows = tc_sql_int("SELECT COUNT(*) FROM file_versions");

	ft_setup(&fx, s);
	ck_assert_int_eq(ft_put(s, fx.item, "page.txt", "<!DOCTYPE html>"
	    "<html><head><title>x</title></head><body><script>alert(1)"
	    "</script></body></html>\n", 1, 0, &st), -1);
	ck_assert_int_eq(st, 422);
	/* Over the plugin's own limit (64 KB), under the site's. */
	big = malloc(70 * 1024 + 1);
	ck_assert(big != NULL);
	memset(big, 'a', 70 * 1024);
	big[70 * 1024] = '\0';
	ck_assert_int_eq(ft_put(s, fx.item, "big.txt", big, 1, 0, &st), -1);
	ck_assert_int_eq(st, 422);
	free(big);
	/* No file at all. */
	snprintf(path, sizeof(path), "/filetest/items/%lld/files", fx.item);
	r = tc_post(s, path, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 422);
	ck_assert(tc_has(r, "Choose a file"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE "
	    "item_type = 'filetest' AND item_id = %lld", fx.item), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM file_versions"),
	    rows);
	tc_free(s);
}
END_TEST

START_TEST(delete_file)
{
	struct ft_fix	 fx;
	struct tc_browser *s = ft_staff(), *c;
	struct tc_resp	*r;
	char		 path[160];
	long long	 id;
	long		 st;

	ft_setup(&fx, s);
	id = ft_put(s, fx.item, "gone.txt", "soon gone\n", 1, 0, &st);
	ck_assert(id > 0);
	ck_assert(ft_put(s, fx.item, "gone.txt", "v2\n", 1, id, &st) == id);
	c = tc_as(fx.email);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    fx.item, id);
	ck_assert_int_eq(ft_get(c, path, NULL), 200);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld/delete",
	    fx.item, id);
	r = tc_post(s, path, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "deleted"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE id = "
	    "%lld", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM file_versions "
	    "WHERE file_id = %lld", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'delete' AND object = 'file' AND object_id = %lld", id),
	    1);
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld",
	    fx.item, id);
	ck_assert_int_eq(ft_get(c, path, NULL), 404);
	/* Deleting it again: there is nothing. */
	snprintf(path, sizeof(path), "/filetest/items/%lld/files/%lld/delete",
	    fx.item, id);
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 404);
	tc_free(c);
	tc_free(s);
}
END_TEST

START_TEST(client_settings)
{
	struct ft_fix	 a, b;
	struct tc_browser *s = ft_staff();
	struct tc_resp	*r;
	char		 pa[96], pb[96], *body;

	a.contact = tc_make_client_contact("fs", &a.client,
	    a.email, sizeof(a.email));
	b.contact = tc_make_client_contact("fs", &b.client,
	    b.email, sizeof(b.email));
	snprintf(pa, sizeof(pa), "/filetest/settings/%lld", a.client);
	snprintf(pb, sizeof(pb), "/filetest/settings/%lld", b.client);
	ck_assert_int_eq(ft_get(s, pa, &body), 200);
	ck_assert_str_eq(body, "unset");
	free(body);
	r = tc_post(s, pa, "greeting", "Gr\xc3\xbc\xc3\x9f Gott", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(ft_get(s, pa, &body), 200);
	ck_assert_str_eq(body, "greeting=Gr\xc3\xbc\xc3\x9f Gott");
	free(body);
	/* Another client's value is its own. */
	ck_assert_int_eq(ft_get(s, pb, &body), 200);
	ck_assert_str_eq(body, "unset");
	free(body);
	/* Set again: one row, the new value. */
	ck_assert_int_eq(tc_post(s, pa, "greeting", "Hello", NULL)->status,
	    200);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM client_settings "
	    "WHERE client_id = %lld AND plugin = 'filetest'", a.client), 1);
	ck_assert_int_eq(ft_get(s, pa, &body), 200);
	ck_assert_str_eq(body, "greeting=Hello");
	free(body);
	/* A client that does not exist is refused. */
	ck_assert_int_eq(tc_post(s, "/filetest/settings/999999999",
	    "greeting", "x", NULL)->status, 400);
	/* Removed. */
	ck_assert_int_eq(tc_post(s, pa, "greeting", "", NULL)->status, 200);
	ck_assert_int_eq(ft_get(s, pa, &body), 200);
	ck_assert_str_eq(body, "unset");
	free(body);
	tc_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("filestore");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, attach_list_download);
	tcase_add_test(tc, other_items_and_clients);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, refusals_leave_nothing);
	tcase_add_test(tc, delete_file);
	tcase_add_test(tc, client_settings);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
