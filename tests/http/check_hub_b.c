/*
 * Updates, comments, files, approvals, decisions and the activity log end
 * to end, over the real stack install/test starts (nginx -> Atrium ->
 * MariaDB, an SMTP sink): every route against anonymous, a contact of
 * one client (ana), one of another (cleo), staff and an admin; an internal
 * item never reaching a contact by list, id, search, activity, download
 * or ?format=xml; uploads over the size limit, over the quota, with a
 * "../" name, cut short, of a refused type; approvals in sequence and in
 * parallel; a decision from an approval, whose approvers' comments can
 * never read as lines of the log; the activity chain verified, tampered
 * with and restored, and still whole after many concurrent writes.
 *
 * The suite makes its own clients, contacts and projects (tc_make_*)
 * and its items through the staff pages (names carry a per-run tag); it
 * never changes the demo's.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD

/* The suite's own contacts: two of one client, one of another. */
#define ANA	fx.e_ana
#define BEN	fx.e_ben
#define CLEO	fx.e_cleo
#define ANA_NAME	"Ana Hubb"
#define BEN_NAME	"Ben Hubb"
#define STAFF	"staff@demo.test"
#define ADMIN	"admin@demo.test"

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/* What setup made, shared by every test (the runner forks per test). */
static struct {
	char		 tag[32];
	long long	 c1, c2;	/* the suite's two clients */
	long long	 p1, p2;	/* a shared project of each */
	char		 e_ana[96], e_ben[96], e_cleo[96];
	long long	 f_shared, f_internal;
	long long	 u_shared, u_internal;
	long long	 a_seq;
	long long	 ana, ben;
	char		 f_shared_name[64], f_internal_name[64];
	char		 u_internal_title[64], d_internal_title[64];
	char		 d_shared_title[64];
	char		 storage[1024];
} fx;

/* Dies outside a test (setup) with a message. */
static void
fx_die(const char *what)
{
	fprintf(stderr, "check_hub_b setup: %s\n", what);
	exit(1);
}

/* The first line tc_sql prints for sql (malloc'd), or NULL. */
static char *
sql_str(const char *sql)
{
	char	*out = tc_sql(sql);

	if (out != NULL)
		out[strcspn(out, "\n")] = '\0';
	return out;
}

/* The storage folder from the running config's storage { path = } . */
static void
fx_storage(void)
{
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 line[2048], *p, *q;
	FILE		*f;
	int		 in = 0;

	if (conf == NULL || (f = fopen(conf, "r")) == NULL)
		fx_die("ATRIUM_TEST_CONF is not readable");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "storage") != NULL && strchr(line, '{'))
			in = 1;
		else if (in && strchr(line, '}') != NULL)
			in = 0;
		else if (in && (p = strstr(line, "path")) != NULL &&
		    (p = strchr(p, '"')) != NULL &&
		    (q = strchr(p + 1, '"')) != NULL) {
			*q = '\0';
			snprintf(fx.storage, sizeof(fx.storage), "%s", p + 1);
		}
	}
	fclose(f);
	if (fx.storage[0] == '\0')
		fx_die("no storage path in the config");
}

/* Regular files under dir, recursively (0 when it does not exist). */
static int
count_files(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 path[2048];
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			n += count_files(path);
		else
			n++;
	}
	closedir(d);
	return n;
}

/* Files in storage/files and in storage/tmp. */
static int
stored_files(void)
{
	char	 p[2048];

	snprintf(p, sizeof(p), "%s/files", fx.storage);
	return count_files(p);
}

/*
 * Files left in storage/tmp once the worker is done with the request.  A
 * worker removes a request's temporary files when it resets the
 * request's pool, just after the response has gone out, so the count is
 * read again for up to 5 seconds until it is 0; a file that stays is
 * still counted.
 */
static int
tmp_files(void)
{
	char	 p[2048];
	int	 n, tries;

	snprintf(p, sizeof(p), "%s/tmp", fx.storage);
	for (tries = 0; (n = count_files(p)) != 0 && tries < 50; tries++)
		usleep(100000);
	return n;
}

/* Staff uploads data as name into project; returns the file's id. */
static long long
upload(struct tc_browser *b, long long project, const char *name,
    const void *data, size_t len, int visible)
{
	char		 proj[32];
	struct tc_resp	*r;

	snprintf(proj, sizeof(proj), "%lld", project);
	tc_get(b, "/staff/files");
	r = tc_post_file(b, "/staff/files", "file", name, data, len,
	    "project", proj, "category", "deliverables", "visible",
	    visible ? "1" : "0", NULL);
	if (r->status != 303)
		return -1;
	return tc_location_id(r);
}

/* Runs atriumctl with args; output into *out (malloc'd); exit status. */
static int
atriumctl(const char *cmd, char **out)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 line[4096], buf[4096];
	FILE		*p, *m;
	size_t		 len = 0, n;
	int		 st;

	if (prefix == NULL || conf == NULL)
		return -1;
	snprintf(line, sizeof(line), "'%s/bin/atriumctl' -c '%s' %s 2>&1",
	    prefix, conf, cmd);
	if ((p = popen(line, "r")) == NULL)
		return -1;
	m = open_memstream(out, &len);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, n, m);
	fclose(m);
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Makes the items every test uses, through the staff pages. */
static void
setup_once(void)
{
	struct tc_browser *s;
	struct tc_resp	*r;
	char		 proj[32], fv[32], ana[32], ben[32], title[96];

	fx_storage();
	snprintf(fx.tag, sizeof(fx.tag), "t%ld%d", (long)time(NULL) % 100000,
	    (int)getpid() % 1000);
	snprintf(title, sizeof(title), "Hub One %s", fx.tag);
	fx.c1 = tc_make_client(title);
	snprintf(title, sizeof(title), "Hub Two %s", fx.tag);
	fx.c2 = tc_make_client(title);
	snprintf(title, sizeof(title), "Site %s", fx.tag);
	fx.p1 = tc_make_project(fx.c1, title);
	fx.p2 = tc_make_project(fx.c2, title);
	snprintf(fx.e_ana, sizeof(fx.e_ana), "ana-%s@hubb.test", fx.tag);
	snprintf(fx.e_ben, sizeof(fx.e_ben), "ben-%s@hubb.test", fx.tag);
	snprintf(fx.e_cleo, sizeof(fx.e_cleo), "cleo-%s@hubb.test", fx.tag);
	fx.ana = tc_make_contact(fx.c1, fx.e_ana, ANA_NAME);
	fx.ben = tc_make_contact(fx.c1, fx.e_ben, BEN_NAME);
	tc_make_contact(fx.c2, fx.e_cleo, "Cleo Hubb");

	s = tc_as(STAFF);
	snprintf(fx.f_shared_name, sizeof(fx.f_shared_name), "brief-%s.pdf",
	    fx.tag);
	snprintf(fx.f_internal_name, sizeof(fx.f_internal_name),
	    "secret-%s.pdf", fx.tag);
	fx.f_shared = upload(s, fx.p1, fx.f_shared_name, pdf, sizeof(pdf) - 1,
	    1);
	fx.f_internal = upload(s, fx.p1, fx.f_internal_name, pdf,
	    sizeof(pdf) - 1, 0);
	if (fx.f_shared <= 0 || fx.f_internal <= 0)
		fx_die("staff could not upload");

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	tc_get(s, "/staff/files");
	r = tc_post(s, "/staff/updates", "project", proj, "title",
	    "Shared news", "body", "All **good**.", "visible", "1", NULL);
	fx.u_shared = tc_location_id(r);
	snprintf(fx.u_internal_title, sizeof(fx.u_internal_title),
	    "Internal note %s", fx.tag);
	r = tc_post(s, "/staff/updates", "project", proj, "title",
	    fx.u_internal_title, "body", "Team only.", NULL);
	fx.u_internal = tc_location_id(r);
	if (fx.u_shared <= 0 || fx.u_internal <= 0)
		fx_die("staff could not post updates");

	snprintf(fx.d_shared_title, sizeof(fx.d_shared_title),
	    "Go with blue %s", fx.tag);
	snprintf(fx.d_internal_title, sizeof(fx.d_internal_title),
	    "Margin call %s", fx.tag);
	tc_get(s, "/staff/decisions");
	if (tc_post(s, "/staff/decisions", "project", proj, "title",
	    fx.d_shared_title, "detail", "Blue it is.", "decided_by",
	    ANA_NAME, "decided_on", "2026-01-15", "visible", "1",
	    NULL)->status != 303 || tc_post(s, "/staff/decisions", "project",
	    proj, "title", fx.d_internal_title, "detail", "Internal.",
	    "decided_by", "Sam Staff", "decided_on", "2026-01-16",
	    NULL)->status != 303)
		fx_die("staff could not record decisions");

	snprintf(fv, sizeof(fv), "%lld", tc_sql_intf("SELECT id FROM "
	    "file_versions WHERE file_id = %lld AND version = 1",
	    fx.f_shared));
	snprintf(ana, sizeof(ana), "%lld", fx.ana);
	snprintf(ben, sizeof(ben), "%lld", fx.ben);
	snprintf(title, sizeof(title), "Sign off brief %s", fx.tag);
	tc_get(s, "/staff/files");
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "detail", "Please read it.", "file_version", fv, "mode",
	    "sequence", "approver", ana, "approver", ben, "due_on",
	    "2030-01-01", "visible", "1", NULL);
	fx.a_seq = tc_location_id(r);
	if (fx.a_seq <= 0)
		fx_die("staff could not ask for approval");
	tc_free(s);
}


/*
 * Every GET route with the status each caller gets (0: 303 to /login).
 * %F the shared file, %U the shared update, %A the approval, %P
 * the first client's project.
 */
static const struct tc_route routes[] = {
	{ "/files", { 0, 200, 200, 403, 403 } },
	{ "/files?q=brief&category=deliverables", { 0, 200, 200, 403, 403 } },
	{ "/files/%F", { 0, 200, 404, 403, 403 } },
	{ "/files/%F/download", { 0, 200, 404, 403, 403 } },
	{ "/files/%F/versions/1/download", { 0, 200, 404, 403, 403 } },
	{ "/files/%F/versions/9/download", { 0, 404, 404, 403, 403 } },
	{ "/files/0", { 0, 404, 404, 403, 403 } },
	{ "/files/abc", { 0, 404, 404, 403, 403 } },
	{ "/updates/%U", { 0, 200, 404, 403, 403 } },
	{ "/approvals", { 0, 200, 200, 403, 403 } },
	{ "/approvals/%A", { 0, 200, 404, 403, 403 } },
	{ "/decisions", { 0, 200, 200, 403, 403 } },
	{ "/activity", { 0, 200, 200, 403, 403 } },
	{ "/staff/files", { 0, 403, 403, 200, 200 } },
	{ "/staff/files?client=1&q=x", { 0, 403, 403, 200, 200 } },
	{ "/staff/files/%F", { 0, 403, 403, 200, 200 } },
	{ "/staff/files/%F/download", { 0, 403, 403, 200, 200 } },
	{ "/staff/files/%F/versions/1/download", { 0, 403, 403, 200, 200 } },
	{ "/staff/updates/new?project=%P", { 0, 403, 403, 200, 200 } },
	{ "/staff/updates/%U", { 0, 403, 403, 200, 200 } },
	{ "/staff/updates/999999999", { 0, 403, 403, 404, 404 } },
	{ "/staff/approvals", { 0, 403, 403, 200, 200 } },
	{ "/staff/approvals/new", { 0, 403, 403, 200, 200 } },
	{ "/staff/approvals/new?project=%P", { 0, 403, 403, 200, 200 } },
	{ "/staff/approvals/%A", { 0, 403, 403, 200, 200 } },
	{ "/staff/decisions", { 0, 403, 403, 200, 200 } },
	{ "/staff/activity", { 0, 403, 403, 200, 200 } },
	{ "/staff/activity?client=2", { 0, 403, 403, 200, 200 } },
};

/* tmpl with %F %U %A %P filled in (static buffer). */
static const char *
route_path(const char *tmpl)
{
	const long long	 v[] = { fx.f_shared, fx.u_shared, fx.a_seq, fx.p1 };

	return tc_expand(tmpl, "FUAP", v);
}

START_TEST(route_access)
{
	struct tc_browser *b[TC_NWHO];
	struct tc_resp	*r;
	const long long	 v[] = { fx.f_shared, fx.u_shared, fx.a_seq, fx.p1 };
	int		 w;

	for (w = 0; w < TC_NWHO; w++)
		b[w] = tc_as(w == TC_ANA ? ANA : w == TC_CLEO ? CLEO :
		    tc_who_email[w]);
	tc_check_routes(b, routes, sizeof(routes) / sizeof(routes[0]), "FUAP",
	    v);
	/* Unsafe methods: anonymous and the wrong role are refused. */
	r = tc_post(b[TC_ANON], "/files", "project", "1", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_ANA], "/staff/decisions", "project", "1", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_STAFF], "/staff/activity/verify", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_CLEO], route_path("/approvals/%A/answer"), "answer",
	    "approve", NULL);
	ck_assert_int_eq(r->status, 404);
	r = tc_post(b[TC_CLEO], route_path("/files/%F/comments"), "body", "hi",
	    NULL);
	ck_assert_int_eq(r->status, 404);
	r = tc_post(b[TC_CLEO], route_path("/updates/%U/comments"), "body",
	    "hi", NULL);
	ck_assert_int_eq(r->status, 404);
	/* A form without the CSRF token is refused. */
	r = tc_post(b[TC_STAFF], route_path("/staff/files/%F/share"), "csrf",
	    "forged", "visible", "0", NULL);
	ck_assert_int_eq(r->status, 403);
	for (w = 0; w < TC_NWHO; w++)
		tc_free(b[w]);
}
END_TEST

START_TEST(internal_never_reaches_a_contact)
{
	static const char *const lists[] = { "/files", "/files?format=xml",
	    "/files?q=secret", "/files?category=deliverables", "/decisions",
	    "/decisions?format=xml", "/activity", "/activity?format=xml", "/",
	    "/?format=xml", "/approvals", NULL };
	struct tc_browser *a = tc_as(ANA), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 path[256];
	int		 i;

	/* By id. */
	snprintf(path, sizeof(path), "/files/%lld", fx.f_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/files/%lld/download", fx.f_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/files/%lld/versions/1/download",
	    fx.f_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/files/%lld?format=xml", fx.f_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/updates/%lld", fx.u_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/updates/%lld?format=xml",
	    fx.u_internal);
	ck_assert_int_eq(tc_get(a, path)->status, 404);

	/* By list, search and ?format=xml. */
	for (i = 0; lists[i] != NULL; i++) {
		r = tc_get(a, lists[i]);
		ck_assert_msg(r->status == 200, "%s: %ld", lists[i],
		    r->status);
		ck_assert_msg(!tc_has(r, fx.f_internal_name), "%s shows the "
		    "internal file", lists[i]);
		ck_assert_msg(!tc_has(r, fx.d_internal_title), "%s shows the "
		    "internal decision", lists[i]);
		ck_assert_msg(!tc_has(r, fx.u_internal_title), "%s shows the "
		    "internal update", lists[i]);
	}
	r = tc_get(a, "/files");
	ck_assert(tc_has(r, fx.f_shared_name));
	r = tc_get(a, "/decisions");
	ck_assert(tc_has(r, fx.d_shared_title));
	snprintf(path, sizeof(path), "/search?q=%s", fx.tag);
	r = tc_get(a, path);
	ck_assert(!tc_has(r, fx.f_internal_name));
	ck_assert(!tc_has(r, fx.d_internal_title));
	ck_assert(!tc_has(r, fx.u_internal_title));

	/* The project page shows shared items only. */
	snprintf(path, sizeof(path), "/projects/%lld", fx.p1);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, fx.f_internal_name));
	ck_assert(!tc_has(r, fx.u_internal_title));
	ck_assert(!tc_has(r, fx.d_internal_title));
	ck_assert(tc_has(r, fx.f_shared_name));

	/* Another client sees nothing of the first one's, shared or not. */
	snprintf(path, sizeof(path), "/files/%lld", fx.f_shared);
	ck_assert_int_eq(tc_get(c, path)->status, 404);
	snprintf(path, sizeof(path), "/files/%lld/download", fx.f_shared);
	ck_assert_int_eq(tc_get(c, path)->status, 404);
	r = tc_get(c, "/files?q=brief");
	ck_assert(!tc_has(r, fx.f_shared_name));
	r = tc_get(c, "/decisions");
	ck_assert(!tc_has(r, fx.d_shared_title));
	r = tc_get(c, "/activity");
	ck_assert(!tc_has(r, fx.f_shared_name));
	ck_assert(!tc_has(r, "Shared news"));

	/* Staff see both. */
	tc_free(c);
	c = tc_as(STAFF);
	r = tc_get(c, "/staff/files");
	ck_assert(tc_has(r, fx.f_internal_name));
	ck_assert(tc_has(r, fx.f_shared_name));
	tc_free(a);
	tc_free(c);
}
END_TEST

START_TEST(download_is_an_attachment)
{
	struct tc_browser *a = tc_as(ANA);
	struct tc_resp	*r;
	char		 path[128], *h;

	snprintf(path, sizeof(path), "/files/%lld/download", fx.f_shared);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	h = tc_header(r, "Content-Disposition");
	ck_assert_msg(h != NULL && strncmp(h, "attachment;", 11) == 0 &&
	    strstr(h, fx.f_shared_name) != NULL, "Content-Disposition: %s",
	    h != NULL ? h : "(none)");
	free(h);
	h = tc_header(r, "Content-Type");
	ck_assert_msg(h != NULL && strncmp(h, "application/pdf", 15) == 0,
	    "Content-Type: %s", h != NULL ? h : "(none)");
	free(h);
	h = tc_header(r, "X-Content-Type-Options");
	ck_assert(h != NULL && strcmp(h, "nosniff") == 0);
	free(h);
	ck_assert_uint_eq(r->len, sizeof(pdf) - 1);
	ck_assert(memcmp(r->body, pdf, r->len) == 0);
	/* The download and the view are in the log, with ana's address. */
	ck_assert_int_ge(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'download' AND object = 'file' AND object_id = %lld AND "
	    "ip <> ''", fx.f_shared), 1);
	snprintf(path, sizeof(path), "/files/%lld", fx.f_shared);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	ck_assert_int_ge(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'view' AND object = 'file' AND object_id = %lld",
	    fx.f_shared), 1);
	tc_free(a);
}
END_TEST

START_TEST(upload_over_limit_stores_nothing)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		*big, proj[32];
	size_t		 len = 1536 * 1024;	/* max-upload is 1M */
	int		 before = stored_files();
	long long	 rows = tc_sql_int("SELECT COUNT(*) FROM file_versions");

	big = malloc(len);
	memset(big, 'a', len);
	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	tc_get(s, "/staff/files");
	r = tc_post_file(s, "/staff/files", "file", "big.txt", big, len,
	    "project", proj, NULL);
	ck_assert_int_eq(r->status, 413);
	ck_assert(tc_has(r, "upload limit") || tc_has(r, "larger"));
	ck_assert_int_eq(stored_files(), before);
	ck_assert_int_eq(tmp_files(), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM file_versions"), rows);
	free(big);
	tc_free(s);
}
END_TEST

START_TEST(upload_over_quota_is_refused_clearly)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		*blob, name[64], sql[2048];
	size_t		 len = 900 * 1024;
	long long	 quota_hit = 0, proj;
	int		 before, i;
	long long	 rows;

	blob = malloc(len);
	memset(blob, 'q', len);
	/* A client of this test's own fills up: the quota is a few MB. */
	snprintf(name, sizeof(name), "Full %s", fx.tag);
	proj = tc_make_project(tc_make_client(name), name);
	for (i = 0; i < 8 && !quota_hit; i++) {
		before = stored_files();
		rows = tc_sql_int("SELECT COUNT(*) FROM file_versions");
		snprintf(name, sizeof(name), "filler-%s-%d.txt", fx.tag, i);
		tc_get(s, "/staff/files");
		snprintf(sql, sizeof(sql), "%lld", proj);
		r = tc_post_file(s, "/staff/files", "file", name, blob, len,
		    "project", sql, NULL);
		if (r->status == 303)
			continue;
		ck_assert_int_eq(r->status, 200);
		ck_assert_msg(tc_has(r, "not enough room"), "no clear quota "
		    "message");
		ck_assert_int_eq(stored_files(), before);
		ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM file_versions"),
		    rows);
		quota_hit = 1;
	}
	ck_assert_msg(quota_hit, "8 uploads of 900 KB did not reach the "
	    "quota");
	ck_assert_int_eq(tmp_files(), 0);
	free(blob);
	tc_free(s);
}
END_TEST

START_TEST(dotdot_name_is_stored_safely)
{
	struct tc_browser *s = tc_as(STAFF), *a;
	struct tc_resp	*r;
	char		 name[64], sql[256], path[2048], *got, *stored;
	long long	 id;
	struct stat	 st;

	snprintf(name, sizeof(name), "../../evil-%s.txt", fx.tag);
	id = upload(s, fx.p1, name, "just text\n", 10, 1);
	ck_assert_int_gt(id, 0);
	snprintf(sql, sizeof(sql), "SELECT name FROM files WHERE id = %lld",
	    id);
	got = sql_str(sql);
	snprintf(name, sizeof(name), "evil-%s.txt", fx.tag);
	ck_assert_str_eq(got, name);
	free(got);
	/* Stored under a generated name, inside files/<client>/. */
	snprintf(sql, sizeof(sql), "SELECT stored FROM file_versions WHERE "
	    "file_id = %lld", id);
	stored = sql_str(sql);
	ck_assert(strchr(stored, '/') == NULL && strstr(stored, "evil") ==
	    NULL);
	snprintf(path, sizeof(path), "%s/files/%lld/%s", fx.storage, fx.c1,
	    stored);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 10);
	free(stored);
	snprintf(path, sizeof(path), "%s/../evil-%s.txt", fx.storage, fx.tag);
	ck_assert_int_ne(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/evil-%s.txt", fx.storage, fx.tag);
	ck_assert_int_ne(stat(path, &st), 0);
	/* The download carries the clean name. */
	a = tc_as(ANA);
	snprintf(path, sizeof(path), "/files/%lld/download", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	got = tc_header(r, "Content-Disposition");
	ck_assert(got != NULL && strstr(got, name) != NULL &&
	    strstr(got, "..") == NULL);
	free(got);
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(interrupted_upload_leaves_nothing)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		*body, ctype[128], proj[32];
	size_t		 len;
	FILE		*m;
	int		 before = stored_files(), i;
	long long	 rows = tc_sql_int("SELECT COUNT(*) FROM file_versions");
	const char	*bd = "----hubbtestboundary";

	tc_get(s, "/staff/files");
	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	m = open_memstream(&body, &len);
	fprintf(m, "--%s\r\nContent-Disposition: form-data; name=\"csrf\""
	    "\r\n\r\n%s\r\n", bd, tc_csrf(s));
	fprintf(m, "--%s\r\nContent-Disposition: form-data; name=\"project\""
	    "\r\n\r\n%s\r\n", bd, proj);
	fprintf(m, "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"cut.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
	    bd);
	fputs("%PDF-1.4\n", m);
	for (i = 0; i < 20000; i++)
		fputs("0123456789", m);
	/* ...and the body ends here, with no closing boundary. */
	fclose(m);
	snprintf(ctype, sizeof(ctype), "multipart/form-data; boundary=%s", bd);
	r = tc_raw(s, "POST", "/staff/files", ctype, body, len, NULL);
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(stored_files(), before);
	ck_assert_int_eq(tmp_files(), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM file_versions"), rows);
	free(body);
	tc_free(s);
}
END_TEST

/* A string literal's bytes and length (NULs inside included). */
#define BYTES(s)	s, sizeof(s) - 1

/* Contents refused by type, with a word of the refusal. */
static const struct {
	const char	*name;
	const char	*bytes;
	size_t		 len;
	const char	*says;
} refused[] = {
	{ "tool.pdf", BYTES("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0"
	    "\x3e\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), "Programs" },
	{ "page.html", BYTES("<!DOCTYPE html>\n<html><body><script>alert(1)"
	    "</script></body></html>\n"), "HTML" },
	{ "logo.svg", BYTES("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>"
	    "alert(1)</script></svg>\n"), "SVG" },
	{ "notes.html", BYTES("plain words only\n"), ".html" },
};

START_TEST(refused_types_store_nothing)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32];
	int		 before = stored_files();
	long long	 rows = tc_sql_int("SELECT COUNT(*) FROM file_versions");

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	tc_get(s, "/staff/files");
	r = tc_post_file(s, "/staff/files", "file", refused[_i].name,
	    refused[_i].bytes, refused[_i].len, "project", proj, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, refused[_i].says), "%s: the page does not "
	    "say %s", refused[_i].name, refused[_i].says);
	ck_assert_int_eq(stored_files(), before);
	ck_assert_int_eq(tmp_files(), 0);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM file_versions"), rows);
	tc_free(s);
}
END_TEST

START_TEST(contact_uploads_into_own_project)
{
	struct tc_browser *a = tc_as(ANA), *c = tc_as(CLEO), *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32], name[64], path[128];
	long long	 id;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(name, sizeof(name), "from-ana-%s.txt", fx.tag);
	tc_get(a, "/files");
	r = tc_post_file(a, "/files", "file", name, "client notes\n", 13,
	    "project", proj, "category", "reports", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	/* Shared with ana's client and the team at once. */
	ck_assert_int_eq(tc_sql_intf("SELECT visible FROM files WHERE id = %lld",
	    id), 1);
	r = tc_get(a, "/files");
	ck_assert(tc_has(r, name));
	snprintf(path, sizeof(path), "/staff/files/%lld", id);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	/* Not into another client's project. */
	tc_get(c, "/files");
	r = tc_post_file(c, "/files", "file", "x.txt", "x\n", 2, "project",
	    proj, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose one of your projects"));
	tc_free(a);
	tc_free(c);
	tc_free(s);
}
END_TEST

/* The answer rows of approval id for user, as "answer|ip|has_time". */
static char *
step_of(long long id, long long user)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT CONCAT(COALESCE(answer, '-'), '|', "
	    "COALESCE(ip, '-'), '|', answered_at IS NOT NULL) FROM "
	    "approval_steps WHERE approval_id = %lld AND user_id = %lld", id,
	    user);
	return sql_str(sql);
}

START_TEST(approval_in_sequence)
{
	struct tc_browser *a = tc_as(ANA), *b = tc_as(BEN), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 path[128], sql[256], *st, *mail;
	long		 since = (long)time(NULL) - 1;
	long long	 dec;

	/* The request is on ana's list, and on her dashboard card. */
	r = tc_get(a, "/approvals");
	ck_assert(tc_has(r, "Sign off brief"));
	r = tc_get(a, "/");
	ck_assert(tc_has(r, "Pending approvals"));
	ck_assert(tc_has(r, "Shared files"));
	/* Ben is second: not his turn. */
	snprintf(path, sizeof(path), "/approvals/%lld/answer", fx.a_seq);
	tc_get(b, "/approvals");
	r = tc_post(b, path, "answer", "approve", NULL);
	ck_assert_int_eq(r->status, 303);
	st = step_of(fx.a_seq, fx.ben);
	ck_assert_str_eq(st, "-|-|0");
	free(st);
	/* Cleo, of another client, cannot even see it. */
	tc_get(c, "/approvals");
	ck_assert_int_eq(tc_post(c, path, "answer", "approve", NULL)->status,
	    404);
	/* Ana approves: who, when and from where are kept. */
	tc_get(a, "/approvals");
	r = tc_post(a, path, "answer", "approve", "comment", "Looks right.",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	st = step_of(fx.a_seq, fx.ana);
	ck_assert_msg(strncmp(st, "approved|127.0.0.1|1", 20) == 0, "%s", st);
	free(st);
	/* The request moved on to ben, who was told. */
	mail = tc_mail_wait(BEN, since);
	ck_assert_msg(mail != NULL && strstr(mail, "Sign off brief") != NULL,
	    "no mail to ben");
	free(mail);
	snprintf(sql, sizeof(sql), "/approvals/%lld", fx.a_seq);
	ck_assert(tc_has(tc_get(b, sql), "Send my answer"));
	ck_assert(!tc_has(tc_get(a, sql), "Send my answer"));
	/* Ana cannot answer twice. */
	tc_post(a, path, "answer", "changes", "comment", "Wait.", NULL);
	st = step_of(fx.a_seq, fx.ana);
	ck_assert(strncmp(st, "approved|", 9) == 0);
	free(st);
	/* Ben approves: the request is approved, a decision recorded. */
	r = tc_post(b, path, "answer", "approve", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'approved' FROM approvals "
	    "WHERE id = %lld", fx.a_seq), 1);
	dec = tc_sql_intf("SELECT id FROM decisions WHERE approval_id = %lld AND "
	    "title LIKE 'Approved: Sign off brief%%' AND visible = 1",
	    fx.a_seq);
	ck_assert_int_gt(dec, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT decision_id FROM approvals WHERE "
	    "id = %lld", fx.a_seq), dec);
	r = tc_get(a, "/decisions");
	ck_assert(tc_has(r, "Approved: Sign off brief"));
	ck_assert(tc_has(r, ANA_NAME ", " BEN_NAME));
	/* Closed: no more answers. */
	r = tc_post(b, path, "answer", "changes", "comment", "Late.", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'approved' FROM approvals "
	    "WHERE id = %lld", fx.a_seq), 1);
	tc_free(a);
	tc_free(b);
	tc_free(c);
}
END_TEST

START_TEST(approval_in_parallel)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(ANA), *b = tc_as(BEN);
	struct tc_resp	*r;
	char		 proj[32], ana[32], ben[32], path[128], *st, title[64];
	long long	 id;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(ana, sizeof(ana), "%lld", fx.ana);
	snprintf(ben, sizeof(ben), "%lld", fx.ben);
	snprintf(title, sizeof(title), "Budget %s", fx.tag);
	tc_get(s, "/staff/approvals/new");
	/* A draft first: invisible to the client until sent. */
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "mode", "parallel", "approver", ana, "approver", ben, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	snprintf(path, sizeof(path), "/approvals/%lld", id);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	ck_assert(!tc_has(tc_get(a, "/approvals"), title));
	snprintf(path, sizeof(path), "/staff/approvals/%lld/send", id);
	tc_get(s, "/staff/approvals");
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);
	snprintf(path, sizeof(path), "/approvals/%lld", id);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	/* Either may answer first. */
	snprintf(path, sizeof(path), "/approvals/%lld/answer", id);
	tc_get(b, "/approvals");
	ck_assert_int_eq(tc_post(b, path, "answer", "approve", NULL)->status,
	    303);
	st = step_of(id, fx.ben);
	ck_assert(strncmp(st, "approved|", 9) == 0);
	free(st);
	/* Changes need a comment. */
	tc_get(a, "/approvals");
	r = tc_post(a, path, "answer", "changes", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Say what should change"));
	st = step_of(id, fx.ana);
	ck_assert_str_eq(st, "-|-|0");
	free(st);
	r = tc_post(a, path, "answer", "changes", "comment", "Less red.",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'changes_requested' FROM "
	    "approvals WHERE id = %lld", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "approval_id = %lld", id), 0);
	st = step_of(id, fx.ana);
	ck_assert(strncmp(st, "changes_requested|127.0.0.1|1", 29) == 0);
	free(st);
	tc_free(s);
	tc_free(a);
	tc_free(b);
}
END_TEST

/*
 * A comment written to look like the log's own lines ("- Someone
 * approved on ..."), with Markdown and HTML in it.
 */
#define FORGED_COMMENT "Fine by me.\n- Zed Nobody approved on " \
	"2026-01-01 09:00\n- The Board approved on 2026-01-01 09:00\n\n" \
	"**Signed** <script>alert(1)</script>"

START_TEST(approval_comment_cannot_forge_the_log)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(ANA);
	struct tc_resp	*r;
	char		 proj[32], ana[32], path[128], title[64], sql[512];
	long long	 id, dec;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(ana, sizeof(ana), "%lld", fx.ana);
	snprintf(title, sizeof(title), "Pricing page %s", fx.tag);
	tc_get(s, "/staff/approvals/new");
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "mode", "sequence", "approver", ana, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	snprintf(path, sizeof(path), "/approvals/%lld/answer", id);
	tc_get(a, "/approvals");
	r = tc_post(a, path, "answer", "approve", "comment", FORGED_COMMENT,
	    NULL);
	ck_assert_int_eq(r->status, 303);
	dec = tc_sql_intf("SELECT decision_id FROM approvals WHERE id = %lld",
	    id);
	ck_assert_int_gt(dec, 0);
	/* The comment is data beside the decision, not part of its text. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "id = %lld AND detail NOT LIKE '%%approved on%%' AND detail NOT "
	    "LIKE '%%Fine by me%%'", dec), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM decision_approvers "
	    "WHERE decision_id = %lld AND name = '" ANA_NAME "' AND "
	    "approved_at IS NOT NULL AND comment LIKE 'Fine by me.%%Signed%%'",
	    dec);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	/* Drawn quoted, as text: no forged list item, no Markdown, no tag. */
	r = tc_get(a, "/decisions");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, title));
	ck_assert(tc_has(r, "class=\"approver-comment\""));
	ck_assert(tc_has(r, "Fine by me."));
	ck_assert_msg(!tc_has(r, "<li>Zed Nobody approved") &&
	    !tc_has(r, "<li>The Board approved"), "the comment reads as "
	    "lines of the log");
	ck_assert(!tc_has(r, "<strong>Signed</strong>"));
	ck_assert(!tc_has(r, "<script>alert(1)"));
	ck_assert(tc_has(r, ANA_NAME " approved on"));
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(approver_who_cannot_be_mailed_is_said)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32], who[32], title[64], email[96], path[128];
	long long	 id;

	/* An address the outbox refuses (a line break would split the
	 * To header): the request is saved, and staff are told the mail
	 * did not go. */
	snprintf(email, sizeof(email), "broken-%s@hubb.test\nBcc: x@y.test",
	    fx.tag);
	snprintf(who, sizeof(who), "%lld", tc_make_contact(fx.c1, email,
	    "Una Mailed"));
	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(title, sizeof(title), "Unmailed %s", fx.tag);
	tc_get(s, "/staff/approvals/new");
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "mode", "sequence", "approver", who, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM approvals WHERE "
	    "id = %lld AND visible = 1", id), 1);
	snprintf(path, sizeof(path), "/staff/approvals/%lld", id);
	r = tc_get(s, path);
	ck_assert_msg(tc_has(r, "could not all be told by mail"), "the page "
	    "does not say the mail was not sent");
	ck_assert(!tc_has(r, "the approvers have been told"));
	tc_free(s);
}
END_TEST

START_TEST(overdue_approval_is_reminded_once_a_day)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32], ana[32], title[64], *out = NULL, *mail;
	long long	 id, n0, n1;
	int		 i, found = 0;
	long		 since = (long)time(NULL) - 1;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(ana, sizeof(ana), "%lld", fx.ana);
	snprintf(title, sizeof(title), "Overdue thing %s", fx.tag);
	tc_get(s, "/staff/approvals/new");
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "mode", "sequence", "approver", ana, "due_on", "2020-01-01",
	    "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_eq(atriumctl("remind", &out), 0);
	free(out);
	ck_assert_int_eq(atriumctl("mail send", &out), 0);
	free(out);
	/* The request's own mail may come first: wait for the reminder. */
	for (i = 0; i < 10; i++) {
		mail = tc_mail_wait(ANA, since);
		found = mail != NULL && strstr(mail, "Reminder") != NULL &&
		    strstr(mail, title) != NULL;
		free(mail);
		if (found)
			break;
		sleep(1);
	}
	ck_assert_msg(found, "no reminder reached ana");
	ck_assert_int_eq(tc_sql_intf("SELECT last_reminded_at IS NOT NULL FROM "
	    "approvals WHERE id = %lld", id), 1);
	n0 = tc_sql_int("SELECT COUNT(*) FROM outbox WHERE subject LIKE "
	    "'Reminder:%'");
	ck_assert_int_eq(atriumctl("remind", &out), 0);
	free(out);
	n1 = tc_sql_int("SELECT COUNT(*) FROM outbox WHERE subject LIKE "
	    "'Reminder:%'");
	ck_assert_int_eq(n1, n0);
	tc_free(s);
}
END_TEST

START_TEST(comments_private_and_visible)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(ANA);
	struct tc_resp	*r;
	char		 path[128], priv[64], pub[64], mine[64];

	snprintf(priv, sizeof(priv), "Team whisper %s", fx.tag);
	snprintf(pub, sizeof(pub), "Hello client %s", fx.tag);
	snprintf(mine, sizeof(mine), "Thanks from ana %s", fx.tag);
	snprintf(path, sizeof(path), "/staff/updates/%lld/comments",
	    fx.u_shared);
	tc_get(s, "/staff/files");
	ck_assert_int_eq(tc_post(s, path, "body", priv, NULL)->status, 303);
	ck_assert_int_eq(tc_post(s, path, "body", pub, "visible", "1",
	    NULL)->status, 303);
	snprintf(path, sizeof(path), "/updates/%lld/comments", fx.u_shared);
	tc_get(a, "/files");
	ck_assert_int_eq(tc_post(a, path, "body", mine, NULL)->status, 303);
	snprintf(path, sizeof(path), "/updates/%lld", fx.u_shared);
	r = tc_get(a, path);
	ck_assert(tc_has(r, pub));
	ck_assert(tc_has(r, mine));
	ck_assert(!tc_has(r, priv));
	r = tc_get(a, "/activity");
	ck_assert(!tc_has(r, "(team only)"));
	snprintf(path, sizeof(path), "/staff/updates/%lld", fx.u_shared);
	r = tc_get(s, path);
	ck_assert(tc_has(r, priv) && tc_has(r, pub) && tc_has(r, mine));
	/* A contact cannot comment on an internal update. */
	snprintf(path, sizeof(path), "/updates/%lld/comments", fx.u_internal);
	ck_assert_int_eq(tc_post(a, path, "body", "x", NULL)->status, 404);
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(new_updates_are_marked_once)
{
	struct tc_browser *s = tc_as(STAFF), *b = tc_as(BEN);
	struct tc_resp	*r;
	char		 proj[32], path[64], title[64];

	snprintf(path, sizeof(path), "/projects/%lld", fx.p1);
	ck_assert_int_eq(tc_get(b, path)->status, 200);
	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(title, sizeof(title), "Fresh news %s", fx.tag);
	tc_get(s, "/staff/files");
	sleep(1);
	ck_assert_int_eq(tc_post(s, "/staff/updates", "project", proj,
	    "title", title, "body", "New!", "visible", "1", NULL)->status,
	    303);
	r = tc_get(b, path);
	ck_assert(tc_has(r, title));
	ck_assert_msg(tc_has(r, "1 new"), "the new update is not marked");
	r = tc_get(b, path);
	ck_assert_msg(!tc_has(r, "1 new"), "still marked after a visit");
	tc_free(s);
	tc_free(b);
}
END_TEST

START_TEST(activity_chain_verifies_and_catches_tampering)
{
	struct tc_browser *ad = tc_as(ADMIN), *a = tc_as(ANA);
	struct tc_resp	*r;
	char		*out = NULL, *out2 = NULL, want[64], sql[256];
	char		 path[128];
	long long	 id;
	int		 rc, rc2, page_says;

	/* Intact, by atriumctl and by the admin page. */
	rc = atriumctl("verify-log", &out);
	ck_assert_msg(rc == 0, "verify-log: %d: %s", rc, out);
	ck_assert(strstr(out, "intact") != NULL);
	free(out);
	tc_get(ad, "/staff/activity");
	r = tc_post(ad, "/staff/activity/verify", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "The log is intact"));

	/* An entry of this test's own, edited behind the application's
	 * back, then restored before anything is asserted: a failure here
	 * leaves the log whole for every other test. */
	snprintf(path, sizeof(path), "/files/%lld/download", fx.f_shared);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	snprintf(sql, sizeof(sql), "SELECT MIN(id) FROM (SELECT id FROM "
	    "activity WHERE action = 'download' AND object_id = %lld AND "
	    "user_id = %lld ORDER BY id DESC LIMIT 2) x", fx.f_shared, fx.ana);
	id = tc_sql_int(sql);
	ck_assert_int_gt(id, 0);
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = "
	    "CONCAT(summary, '!') WHERE id = %lld", id);
	free(tc_sql(sql));
	out = NULL;
	rc = atriumctl("verify-log", &out);
	r = tc_post(ad, "/staff/activity/verify", NULL);
	snprintf(want, sizeof(want), "entry %lld: edited", id);
	page_says = tc_has(r, "NOT intact") && tc_has(r, want);
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = "
	    "LEFT(summary, CHAR_LENGTH(summary) - 1) WHERE id = %lld", id);
	free(tc_sql(sql));
	rc2 = atriumctl("verify-log", &out2);
	ck_assert_msg(rc != 0 && strstr(out, want) != NULL, "verify-log after "
	    "tampering: %d: %s", rc, out);
	ck_assert_msg(page_says, "the admin page missed the edit");
	ck_assert_msg(rc2 == 0, "verify-log after restoring: %d: %s", rc2,
	    out2);
	free(out);
	free(out2);
	tc_free(ad);
	tc_free(a);
}
END_TEST

#define CHAIN_WRITERS	6	/* processes writing at once */
#define CHAIN_EACH	8	/* entries each */

/*
 * One writer: signs in as ana and downloads the shared file CHAIN_EACH
 * times (each download is an entry of the log).  Exits with the number
 * of requests that did not answer 200.
 */
static void
chain_writer(void)
{
	struct tc_browser *b = tc_as(ANA);
	char		 path[128];
	int		 i, bad = 0;

	snprintf(path, sizeof(path), "/files/%lld/download", fx.f_shared);
	for (i = 0; i < CHAIN_EACH; i++)
		if (tc_get(b, path)->status != 200)
			bad++;
	tc_free(b);
	_exit(bad);
}

START_TEST(chain_holds_under_concurrent_writes)
{
	pid_t		 pids[CHAIN_WRITERS];
	char		*out = NULL, sql[256];
	long long	 before, after;
	int		 i, st, bad = 0, rc;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM activity WHERE "
	    "action = 'download' AND object_id = %lld", fx.f_shared);
	before = tc_sql_int(sql);
	/* Every worker takes requests at once: several writers, each with
	 * its own connection, send at the same time. */
	for (i = 0; i < CHAIN_WRITERS; i++) {
		if ((pids[i] = fork()) == -1)
			ck_abort_msg("fork failed");
		if (pids[i] == 0)
			chain_writer();
	}
	for (i = 0; i < CHAIN_WRITERS; i++) {
		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	ck_assert_msg(bad == 0, "%d writers got other answers than 200", bad);
	after = tc_sql_int(sql);
	ck_assert_int_eq(after - before, CHAIN_WRITERS * CHAIN_EACH);
	/* Every entry links to the one before: the chain is whole. */
	rc = atriumctl("verify-log", &out);
	ck_assert_msg(rc == 0 && strstr(out, "intact") != NULL,
	    "verify-log after concurrent writes: %d: %s", rc, out);
	free(out);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	setup_once();
	s = suite_create("hub_b");
	tc = tcase_create("hub_b");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, route_access);
	tcase_add_test(tc, internal_never_reaches_a_contact);
	tcase_add_test(tc, download_is_an_attachment);
	tcase_add_test(tc, upload_over_limit_stores_nothing);
	tcase_add_test(tc, upload_over_quota_is_refused_clearly);
	tcase_add_test(tc, dotdot_name_is_stored_safely);
	tcase_add_test(tc, interrupted_upload_leaves_nothing);
	tcase_add_loop_test(tc, refused_types_store_nothing, 0,
	    sizeof(refused) / sizeof(refused[0]));
	tcase_add_test(tc, contact_uploads_into_own_project);
	tcase_add_test(tc, approval_in_sequence);
	tcase_add_test(tc, approval_in_parallel);
	tcase_add_test(tc, approval_comment_cannot_forge_the_log);
	tcase_add_test(tc, approver_who_cannot_be_mailed_is_said);
	tcase_add_test(tc, overdue_approval_is_reminded_once_a_day);
	tcase_add_test(tc, comments_private_and_visible);
	tcase_add_test(tc, new_updates_are_marked_once);
	tcase_add_test(tc, activity_chain_verifies_and_catches_tampering);
	tcase_add_test(tc, chain_holds_under_concurrent_writes);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
