/*
 * Projects, milestones, tasks, deliverables, the dashboards and search
 * end to end, over the real stack install/test starts: every route of
 * theirs against anonymous, a Northwind contact (ana), a Globex contact
 * (cleo), staff and an admin; an internal project or item never reaching
 * a contact by list, id, search, the dashboard or ?format=xml; the
 * progress a contact sees counting shared items only; a task given to a
 * contact showing under "Needs your action" until they mark it done.
 *
 * It reads the demo's projects and never changes them: what a test
 * writes goes to clients, contacts and projects the suite makes itself
 * (tc_make_*, the staff pages; names carry a per-run tag).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD

#define ANA	"ana@northwind.test"
#define CLEO	"cleo@globex.test"
#define STAFF	"staff@demo.test"
#define ADMIN	"admin@demo.test"

static struct {
	char		 tag[32];
	long long	 shared;	/* Northwind's Website relaunch */
	long long	 internal;	/* Northwind's internal project */
	long long	 globex;	/* Globex's Brand refresh */
	long long	 ana;
	/* The suite's own: a client with a contact and a shared project,
	 * and a second client with its own contact and project. */
	long long	 own, own2, oproj, oproj2, ocontact;
	char		 e_own[96], e_own2[96];
} fx;

static void
fx_die(const char *what)
{
	fprintf(stderr, "check_hub setup: %s\n", what);
	exit(1);
}

static void
setup_once(void)
{
	char	 name[96];

	snprintf(fx.tag, sizeof(fx.tag), "h%ld%d", (long)time(NULL) % 100000,
	    (int)getpid() % 1000);
	fx.shared = tc_sql_int("SELECT id FROM projects WHERE name = 'Website "
	    "relaunch'");
	fx.internal = tc_sql_int("SELECT id FROM projects WHERE client_id = 1 "
	    "AND visible = 0 ORDER BY id LIMIT 1");
	fx.globex = tc_sql_int("SELECT id FROM projects WHERE name = 'Brand "
	    "refresh'");
	fx.ana = tc_sql_int("SELECT id FROM users WHERE email = '" ANA "'");
	if (fx.shared <= 0 || fx.internal <= 0 || fx.globex <= 0 ||
	    fx.ana <= 0)
		fx_die("the demo projects are missing");
	snprintf(name, sizeof(name), "Own One %s", fx.tag);
	fx.own = tc_make_client(name);
	fx.oproj = tc_make_project(fx.own, name);
	snprintf(name, sizeof(name), "Own Two %s", fx.tag);
	fx.own2 = tc_make_client(name);
	fx.oproj2 = tc_make_project(fx.own2, name);
	snprintf(fx.e_own, sizeof(fx.e_own), "hana-%s@own.test", fx.tag);
	snprintf(fx.e_own2, sizeof(fx.e_own2), "otto-%s@own.test", fx.tag);
	fx.ocontact = tc_make_contact(fx.own, fx.e_own, "Hana Own");
	tc_make_contact(fx.own2, fx.e_own2, "Otto Own");
}


/*
 * Every GET route with the status each caller gets (0: 303 to /login;
 * 303 for staff on "/" is the way to /staff/).  %S Northwind's shared
 * project, %I its internal one, %G Globex's.
 */
static const struct tc_route routes[] = {
	{ "/", { 0, 200, 200, 303, 303 } },
	{ "/?format=xml", { 0, 200, 200, 303, 303 } },
	{ "/staff/", { 0, 403, 403, 200, 200 } },
	{ "/projects", { 0, 200, 200, 403, 403 } },
	{ "/projects?status=completed&q=photo", { 0, 200, 200, 403, 403 } },
	{ "/projects/%S", { 0, 200, 404, 403, 403 } },
	{ "/projects/%S?format=xml", { 0, 200, 404, 403, 403 } },
	{ "/projects/%I", { 0, 404, 404, 403, 403 } },
	{ "/projects/%G", { 0, 404, 200, 403, 403 } },
	{ "/projects/0", { 0, 404, 404, 403, 403 } },
	{ "/projects/x1", { 0, 404, 404, 403, 403 } },
	{ "/staff/projects", { 0, 403, 403, 200, 200 } },
	{ "/staff/projects?client=2&status=active&q=brand",
	    { 0, 403, 403, 200, 200 } },
	{ "/staff/projects/%I", { 0, 403, 403, 200, 200 } },
	{ "/staff/projects/%G", { 0, 403, 403, 200, 200 } },
	{ "/staff/projects/999999999", { 0, 403, 403, 404, 404 } },
	{ "/search?q=website", { 0, 200, 200, 200, 200 } },
	{ "/search", { 0, 200, 200, 200, 200 } },
};

/* tmpl with %S %I %G filled in (static buffer). */
static const char *
route_path(const char *tmpl)
{
	const long long	 v[] = { fx.shared, fx.internal, fx.globex };

	return tc_expand(tmpl, "SIG", v);
}

START_TEST(route_access)
{
	struct tc_browser *b[TC_NWHO];
	struct tc_resp	*r;
	const long long	 v[] = { fx.shared, fx.internal, fx.globex };
	int		 w;

	for (w = 0; w < TC_NWHO; w++)
		b[w] = tc_as(tc_who_email[w]);
	tc_check_routes(b, routes, sizeof(routes) / sizeof(routes[0]), "SIG",
	    v);
	/* Unsafe routes: the wrong caller is refused, CSRF is checked. */
	r = tc_post(b[TC_ANON], "/staff/projects", "name", "x", NULL);
	ck_assert_int_eq(r->status, 403);
	tc_get(b[TC_ANA], "/projects");
	r = tc_post(b[TC_ANA], "/staff/projects", "client", "1", "name", "x",
	    NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_ANA], route_path("/staff/projects/%S/share"),
	    "visible", "1", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_ANA], "/staff/milestones/1", "title", "x", "due_on",
	    "2030-01-01", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_CLEO], "/staff/tasks/1/delete", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_ANA], "/staff/deliverables/1", "title", "x", NULL);
	ck_assert_int_eq(r->status, 403);
	tc_get(b[TC_STAFF], "/staff/");
	r = tc_post(b[TC_STAFF], "/tasks/1/done", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(b[TC_ANON], "/tasks/1/done", NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM milestones WHERE "
	    "title = 'x'"), 0);
	r = tc_post(b[TC_STAFF], route_path("/staff/projects/%I/share"), "csrf",
	    "forged", "visible", "1", NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_int_eq(tc_sql_intf("SELECT visible FROM projects WHERE id = "
	    "%lld", fx.internal), 0);
	for (w = 0; w < TC_NWHO; w++)
		tc_free(b[w]);
}
END_TEST

START_TEST(internal_never_reaches_a_contact)
{
	static const char *const pages[] = { "/", "/?format=xml", "/projects",
	    "/projects?format=xml", "/projects?status=active",
	    "/projects?q=pricing", "/search?q=pricing", "/search?q=retainer",
	    "/activity", NULL };
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		*name;
	char		 sql[256];
	int		 i;

	snprintf(sql, sizeof(sql), "SELECT name FROM projects WHERE id = %lld",
	    fx.internal);
	name = tc_sql(sql);
	ck_assert(name != NULL && *name != '\0');
	name[strcspn(name, "\n")] = '\0';
	for (i = 0; pages[i] != NULL; i++) {
		r = tc_get(a, pages[i]);
		ck_assert_msg(r->status == 200, "%s: %ld", pages[i],
		    r->status);
		ck_assert_msg(!tc_has(r, name), "%s shows the internal "
		    "project", pages[i]);
		ck_assert_msg(!tc_has(r, "Internal QA freeze"), "%s shows an "
		    "internal milestone", pages[i]);
		ck_assert_msg(!tc_has(r, "staging server"), "%s shows an "
		    "internal task", pages[i]);
	}
	/* The shared project's page leaves out its internal items. */
	r = tc_get(a, route_path("/projects/%S"));
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Design signed off"));
	ck_assert(!tc_has(r, "Internal QA freeze"));
	ck_assert(!tc_has(r, "Internal budget tracker"));
	ck_assert(!tc_has(r, "staging server"));
	ck_assert(tc_has(r, "Send the product copy"));
	/* Staff find the internal project by search; Globex finds nothing
	 * of Northwind's. */
	r = tc_get(s, "/search?q=pricing");
	ck_assert(tc_has(r, name));
	r = tc_get(c, "/search?q=website");
	ck_assert(!tc_has(r, "Website relaunch"));
	r = tc_get(a, "/search?q=website");
	ck_assert(tc_has(r, "Website relaunch"));
	free(name);
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(list_filters_by_status_and_text)
{
	struct tc_browser *a = tc_as(ANA);
	struct tc_resp	*r;

	r = tc_get(a, "/projects");
	ck_assert(tc_has(r, "Website relaunch"));
	ck_assert(tc_has(r, "Catalogue photography"));
	ck_assert(tc_has(r, "Newsletter templates"));
	ck_assert(!tc_has(r, "Brand refresh"));
	r = tc_get(a, "/projects?status=completed");
	ck_assert(tc_has(r, "Catalogue photography"));
	ck_assert(!tc_has(r, "Website relaunch"));
	r = tc_get(a, "/projects?status=on_hold");
	ck_assert(tc_has(r, "Newsletter templates"));
	ck_assert(!tc_has(r, "Catalogue photography"));
	r = tc_get(a, "/projects?q=checkout");	/* in the overview */
	ck_assert(tc_has(r, "Website relaunch"));
	ck_assert(!tc_has(r, "Newsletter templates"));
	r = tc_get(a, "/projects?q=nothing-like-this");
	ck_assert(tc_has(r, "No project matches"));
	tc_free(a);
}
END_TEST

/* Whether the page's section starting at the text from has needle. */
static int
section_has(const struct tc_resp *r, const char *from, const char *needle)
{
	const char	*p = strstr(r->body, from), *e, *n;

	if (p == NULL)
		return 0;
	e = strstr(p, "</section>");
	n = strstr(p, needle);
	return n != NULL && (e == NULL || n < e);
}

/* The percentage of the page's first progress bar (the project's), or -1. */
static int
page_progress(const struct tc_resp *r)
{
	const char	*p = strstr(r->body, "role=\"img\" aria-label=\"");

	return p == NULL ? -1 : atoi(p + strlen("role=\"img\" aria-label=\""));
}

START_TEST(progress_counts_what_the_caller_sees)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF);
	struct tc_resp	*r;
	long long	 sh, shd, all, alld, views, n;
	char		 path[64], sql[256];

	sh = tc_sql_intf("SELECT (SELECT COUNT(*) FROM deliverables WHERE "
	    "project_id = %1$lld AND visible = 1) + (SELECT COUNT(*) FROM "
	    "milestones WHERE project_id = %1$lld AND visible = 1)",
	    fx.shared);
	shd = tc_sql_intf("SELECT (SELECT COUNT(*) FROM deliverables WHERE "
	    "project_id = %1$lld AND visible = 1 AND done_at IS NOT NULL) + "
	    "(SELECT COUNT(*) FROM milestones WHERE project_id = %1$lld AND "
	    "visible = 1 AND done_at IS NOT NULL)", fx.shared);
	all = tc_sql_intf("SELECT (SELECT COUNT(*) FROM deliverables WHERE "
	    "project_id = %1$lld) + (SELECT COUNT(*) FROM milestones WHERE "
	    "project_id = %1$lld)", fx.shared);
	alld = tc_sql_intf("SELECT (SELECT COUNT(*) FROM deliverables WHERE "
	    "project_id = %1$lld AND done_at IS NOT NULL) + (SELECT COUNT(*) "
	    "FROM milestones WHERE project_id = %1$lld AND done_at IS NOT "
	    "NULL)", fx.shared);
	ck_assert(sh > 0 && all > sh);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM activity WHERE "
	    "action = 'view' AND object = 'project' AND object_id = %lld AND "
	    "user_id = %lld AND visible = 0", fx.shared, fx.ana);
	views = tc_sql_int(sql);
	r = tc_get(a, route_path("/projects/%S"));
	ck_assert_int_eq(page_progress(r), (int)(shd * 100 / sh));
	/* The view is logged for the team only (once per view window: an
	 * earlier view by ana in this window already counts). */
	n = tc_sql_int(sql);
	ck_assert(n >= 1 && n <= views + 1);
	snprintf(path, sizeof(path), "/staff/projects/%lld", fx.shared);
	r = tc_get(s, path);
	ck_assert_int_eq(page_progress(r), (int)(alld * 100 / all));
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(new_project_is_internal_until_shared)
{
	struct tc_browser *a = tc_as(fx.e_own), *s = tc_as(STAFF);
	struct tc_browser *c = tc_as(fx.e_own2);
	struct tc_resp	*r;
	char		 name[64], path[64], ms[64], pid[64], sql[256];
	char		 client[24];
	long long	 id, mid;

	snprintf(name, sizeof(name), "Launch plan %s", fx.tag);
	snprintf(client, sizeof(client), "%lld", fx.own);
	tc_get(s, "/staff/projects");
	/* A due date before the start is refused, nothing is stored. */
	r = tc_post(s, "/staff/projects", "client", client, "name", name,
	    "start_on", "2030-05-10", "due_on", "2030-05-01", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "before the start date"));
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM projects WHERE "
	    "name = '%s'", name);
	ck_assert_int_eq(tc_sql_int(sql), 0);
	r = tc_post(s, "/staff/projects", "client", client, "name", name,
	    "overview", "We <script>alert(1)</script> **launch**.",
	    "start_on", "2030-05-01", "due_on", "2030-06-01", "budget",
	    "1,250.50", "currency", "eur", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert(id > 0);
	ck_assert_int_eq(tc_sql_intf("SELECT budget_minor FROM projects WHERE "
	    "id = %lld", id), 125050);
	snprintf(path, sizeof(path), "/projects/%lld", id);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	ck_assert(!tc_has(tc_get(a, "/projects"), name));

	/* Shared: ana sees it, with the overview made safe; cleo does not. */
	snprintf(path, sizeof(path), "/staff/projects/%lld/share", id);
	tc_get(s, "/staff/projects");
	ck_assert_int_eq(tc_post(s, path, "visible", "1", NULL)->status, 303);
	snprintf(path, sizeof(path), "/projects/%lld", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "<strong>launch</strong>"));
	ck_assert(!tc_has(r, "<script>alert"));
	ck_assert(!tc_has(r, "1250.50"));	/* budget not shared */
	ck_assert_int_eq(tc_get(c, path)->status, 404);

	/* A milestone is internal until shared too. */
	snprintf(ms, sizeof(ms), "Go live %s", fx.tag);
	snprintf(pid, sizeof(pid), "/staff/projects/%lld/milestones", id);
	tc_get(s, "/staff/projects");
	r = tc_post(s, pid, "title", ms, "due_on", "2030-05-20", NULL);
	ck_assert_int_eq(r->status, 303);
	mid = tc_sql_intf("SELECT MAX(id) FROM milestones WHERE project_id = "
	    "%lld", id);
	ck_assert(!tc_has(tc_get(a, path), ms));
	snprintf(pid, sizeof(pid), "/staff/milestones/%lld", mid);
	tc_get(s, "/staff/projects");
	r = tc_post(s, pid, "title", ms, "due_on", "2030-05-20", "visible",
	    "1", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert(tc_has(tc_get(a, path), ms));
	/* A refused edit keeps the row's date and says why on that row. */
	tc_get(s, "/staff/projects");
	r = tc_post(s, pid, "title", "", "due_on", "2030-05-21", "visible",
	    "1", NULL);
	ck_assert_int_eq(r->status, 200);
	snprintf(sql, sizeof(sql), "id=\"e-milestone-%lld-title\"", mid);
	ck_assert(tc_has(r, sql));
	ck_assert(tc_has(r, "value=\"2030-05-21\""));
	ck_assert(tc_has(tc_get(a, path), ms));
	/* A milestone without a date is refused. */
	snprintf(pid, sizeof(pid), "/staff/projects/%lld/milestones", id);
	tc_get(s, "/staff/projects");
	r = tc_post(s, pid, "title", "No date", NULL);
	ck_assert_int_eq(r->status, 200);
	/* The message is on the new milestone's form, its title kept. */
	ck_assert(tc_has(r, "Milestone not added"));
	ck_assert(tc_has(r, "id=\"e-milestone-new-due_on\""));
	ck_assert(tc_has(r, "value=\"No date\""));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM milestones WHERE "
	    "project_id = %lld", id), 1);

	/* Hidden again: gone from every contact page at once. */
	snprintf(pid, sizeof(pid), "/staff/projects/%lld/share", id);
	tc_get(s, "/staff/projects");
	ck_assert_int_eq(tc_post(s, pid, "visible", "0", NULL)->status, 303);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	ck_assert(!tc_has(tc_get(a, "/"), ms));
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(task_for_the_client_needs_action_until_done)
{
	struct tc_browser *a = tc_as(fx.e_own), *s = tc_as(STAFF);
	struct tc_browser *c = tc_as(fx.e_own2);
	struct tc_resp	*r;
	char		 title[64], path[64], owner[24];
	long long	 tid;

	snprintf(title, sizeof(title), "Send the logo files %s", fx.tag);
	snprintf(owner, sizeof(owner), "%lld", fx.ocontact);
	snprintf(path, sizeof(path), "/staff/projects/%lld/tasks", fx.oproj);
	tc_get(s, "/staff/projects");
	/* A contact of another client cannot own it. */
	r = tc_post(s, path, "title", title, "owner", "999999", "visible",
	    "1", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose someone from the list"));
	r = tc_post(s, path, "title", title, "owner", owner, "due_on",
	    "2030-01-01", "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	tid = tc_sql_intf("SELECT MAX(id) FROM tasks WHERE project_id = %lld",
	    fx.oproj);
	r = tc_get(a, "/");
	ck_assert(section_has(r, "Needs your action", title));
	ck_assert(!tc_has(tc_get(c, "/"), title));

	/* Cleo cannot mark it done; ana can. */
	snprintf(path, sizeof(path), "/tasks/%lld/done", tid);
	tc_get(c, "/");
	ck_assert_int_eq(tc_post(c, path, NULL)->status, 404);
	tc_get(a, "/");
	ck_assert_int_eq(tc_post(a, path, NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'done' FROM tasks WHERE "
	    "id = %lld", tid), 1);
	r = tc_get(a, "/");
	ck_assert(tc_has(r, "Needs your action"));
	ck_assert(!section_has(r, "Needs your action", title));
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(dashboards_answer_at_a_glance)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF);
	struct tc_resp	*r;

	r = tc_get(a, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Active projects"));
	ck_assert(tc_has(r, "Upcoming milestones"));
	ck_assert(tc_has(r, "Pending approvals"));
	ck_assert(tc_has(r, "Shared files"));
	ck_assert(tc_has(r, "Next deadline"));
	ck_assert(tc_has(r, "Design signed off"));
	ck_assert(tc_has(r, "Send the product copy"));
	ck_assert(!tc_has(r, "Brand refresh"));
	r = tc_get(s, "/staff/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Overdue milestones"));
	ck_assert(tc_has(r, "Old pages exported"));	/* Globex, overdue */
	ck_assert(tc_has(r, "Northwind Traders"));
	ck_assert(tc_has(r, "Globex"));
	/* Ana signed in above: her client's row names her last action. */
	ck_assert(tc_has(r, "Ana Northwind: "));
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(search_needs_a_real_word)
{
	struct tc_browser *a = tc_as(ANA);
	struct tc_resp	*r;

	r = tc_get(a, "/search?q=a%20b");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "three letters"));
	r = tc_get(a, "/search?q=%2B%2B%22%28%29");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "three letters"));
	r = tc_get(a, "/search?q=catalogue%20photo");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Catalogue photography"));
	tc_free(a);
}
END_TEST

START_TEST(approving_a_deliverable_ticks_it)
{
	struct tc_browser *a = tc_as(fx.e_own), *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 title[64], path[64], proj[24], dl[24], ana[24];
	char		 other[24], page[64];
	long long	 did, aid;

	snprintf(title, sizeof(title), "Wireframes %s", fx.tag);
	snprintf(page, sizeof(page), "/projects/%lld", fx.oproj);
	snprintf(other, sizeof(other), "%lld", fx.oproj2);
	snprintf(path, sizeof(path), "/staff/projects/%lld/deliverables",
	    fx.oproj);
	tc_get(s, "/staff/projects");
	ck_assert_int_eq(tc_post(s, path, "title", title, NULL)->status, 303);
	did = tc_sql_intf("SELECT MAX(id) FROM deliverables WHERE project_id = "
	    "%lld", fx.oproj);
	ck_assert(!tc_has(tc_get(a, page), title));

	snprintf(proj, sizeof(proj), "%lld", fx.oproj);
	snprintf(dl, sizeof(dl), "%lld", did);
	snprintf(ana, sizeof(ana), "%lld", fx.ocontact);
	tc_get(s, "/staff/approvals");
	/* A deliverable of another project is refused. */
	r = tc_post(s, "/staff/approvals", "project", other,
	    "title", title, "deliverable", dl, "mode", "parallel",
	    "approver", ana, "visible", "1", NULL);
	ck_assert(r->status == 200 || r->status == 404);
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "detail", "Please approve.", "deliverable", dl, "mode",
	    "parallel", "approver", ana, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	aid = tc_location_id(r);
	/* Sending it shared the deliverable: the approver can see it. */
	ck_assert(tc_has(tc_get(a, page), title));
	snprintf(path, sizeof(path), "/approvals/%lld", aid);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Deliverable to approve"));
	snprintf(path, sizeof(path), "/approvals/%lld/answer", aid);
	ck_assert_int_eq(tc_post(a, path, "answer", "approve", NULL)->status,
	    303);
	ck_assert_int_eq(tc_sql_intf("SELECT done_at IS NOT NULL FROM "
	    "deliverables WHERE id = %lld", did), 1);
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(clients_and_contacts_are_edited)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(ANA), *x;
	struct tc_resp	*r;
	char		 name[64], path[96], email[64], email2[64];
	char		 sql[512];
	long long	 id, cid;

	snprintf(name, sizeof(name), "Initech %s", fx.tag);
	tc_get(s, "/staff/clients");
	r = tc_post(s, "/staff/clients", "name", name, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert(id > 0);
	/* Renamed; a name another client has is refused. */
	snprintf(path, sizeof(path), "/staff/clients/%lld", id);
	tc_get(s, path);
	r = tc_post(s, path, "name", "Globex", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "A client of that name exists"));
	snprintf(name, sizeof(name), "Initech Ltd %s", fx.tag);
	ck_assert_int_eq(tc_post(s, path, "name", name, NULL)->status, 303);
	ck_assert(tc_has(tc_get(s, path), name));
	/* A contact can't rename a client. */
	tc_get(a, "/");
	ck_assert_int_eq(tc_post(a, path, "name", "Hacked", NULL)->status,
	    403);

	/* A contact is added, edited, deactivated: signed out, refused. */
	snprintf(email, sizeof(email), "peter-%s@initech.test", fx.tag);
	snprintf(email2, sizeof(email2), "peter.g-%s@initech.test", fx.tag);
	snprintf(path, sizeof(path), "/staff/clients/%lld/portal", id);
	tc_get(s, "/staff/clients");
	ck_assert_int_eq(tc_post(s, path, "enabled", "1", NULL)->status, 303);
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts", id);
	ck_assert_int_eq(tc_post(s, path, "name", "Peter", "email", email,
	    NULL)->status, 303);
	snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE email = '%s'",
	    email);
	cid = tc_sql_int(sql);
	ck_assert(cid > 0);
	/* The demo password, instead of following the mailed link. */
	snprintf(sql, sizeof(sql), "UPDATE users SET password_hash = (SELECT "
	    "password_hash FROM (SELECT password_hash FROM users WHERE email "
	    "= '" ANA "') x) WHERE id = %lld", cid);
	free(tc_sql(sql));
	x = tc_as(NULL);
	ck_assert_int_eq(tc_login(x, email, PW), 303);
	ck_assert_int_eq(tc_get(x, "/")->status, 200);
	/* Someone else's client id in the path finds no such contact. */
	snprintf(path, sizeof(path), "/staff/clients/1/contacts/%lld", cid);
	tc_get(s, "/staff/clients");
	ck_assert_int_eq(tc_post(s, path, "name", "Peter", "email", email,
	    "active", "1", NULL)->status, 404);
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts/%lld", id,
	    cid);
	r = tc_post(s, path, "name", "Peter Gibbons", "email", "not-an-email",
	    "active", "1", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(tc_sql_intf("SELECT name = 'Peter' FROM users WHERE id = "
	    "%lld", cid), 1);
	ck_assert_int_eq(tc_post(s, path, "name", "Peter Gibbons", "email",
	    email2, "active", "1", NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT name = 'Peter Gibbons' FROM users "
	    "WHERE id = %lld", cid), 1);
	ck_assert_int_eq(tc_post(s, path, "name", "Peter Gibbons", "email",
	    email2, NULL)->status, 303);
	r = tc_get(x, "/");
	ck_assert_int_eq(r->status, 303);	/* signed out */
	tc_free(x);
	x = tc_as(NULL);
	ck_assert_int_ne(tc_login(x, email2, PW), 303);
	tc_free(x);
	tc_free(s);
	tc_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	setup_once();
	s = suite_create("hub");
	tc = tcase_create("hub");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, route_access);
	tcase_add_test(tc, internal_never_reaches_a_contact);
	tcase_add_test(tc, list_filters_by_status_and_text);
	tcase_add_test(tc, progress_counts_what_the_caller_sees);
	tcase_add_test(tc, new_project_is_internal_until_shared);
	tcase_add_test(tc, task_for_the_client_needs_action_until_done);
	tcase_add_test(tc, dashboards_answer_at_a_glance);
	tcase_add_test(tc, search_needs_a_real_word);
	tcase_add_test(tc, approving_a_deliverable_ticks_it);
	tcase_add_test(tc, clients_and_contacts_are_edited);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
