/*
 * The portal end to end, over the real stack, each test on clients,
 * contacts and projects of its own:
 * - previews: made by the job "previews.make", served to the owner
 *   client's contact and to staff, 404 to another client's contact;
 * - co-brands: a colour under 4.5:1 is refused with its ratio; a good
 *   one and a logo reach that client's contacts only;
 * - charts: the project page's timeline and the staff dashboard's
 *   charts, each with a text alternative;
 * - "new since your last visit": marks and nav counts appear, then
 *   clear;
 * - the fixed rough edges: "Ask for approval" sends, "Your turn",
 *   meeting confirmation prefilled, the upload asks which project,
 *   plurals, a closed portal said so only to the right password.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define STAFF	"staff@demo.test"
#define PW	TC_DEMO_PASSWORD

/* A 40 x 30 PNG. */
static const char png[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x28\x00\x00\x00\x1e\x08\x02\x00\x00\x00\xd1\xbf\xcb"
    "\x8a\x00\x00\x00\x2b\x49\x44\x41\x54\x78\xda\xed\xcd\x31\x0d\x00"
    "\x00\x08\x03\xb0\x29\x41\x13\xb2\x91\x85\x0c\x38\x9a\xf4\x6f\xaa"
    "\xe7\x44\xc4\x62\xb1\x58\x2c\x16\x8b\xc5\x62\xb1\x58\xfc\x37\x5e"
    "\xba\xc1\xad\x6c\x67\x00\x17\x6d\x00\x00\x00\x00\x49\x45\x4e\x44"
    "\xae\x42\x60\x82";
#define PNG_LEN	100

/* A client with one contact (signed in) and one shared project. */
struct who {
	long long	 client, user, project;
	char		 email[256];
	struct tc_browser *b;
};

static void
who_new(struct who *w, const char *prefix)
{
	char	 name[256];

	w->user = tc_make_client_contact(prefix, &w->client, w->email,
	    sizeof(w->email));
	snprintf(name, sizeof(name), "%s", tc_unique("Portal project"));
	w->project = tc_make_project(w->client, name);
	w->b = tc_as(w->email);
}

/* Staff uploads the PNG to project, shared; the file's id. */
static long long
staff_upload(struct tc_browser *s, long long project, const char *name)
{
	struct tc_resp	*r;
	char		 p[32];

	snprintf(p, sizeof(p), "%lld", project);
	tc_get(s, "/staff/files");
	r = tc_post_file(s, "/staff/files", "file", name, png, PNG_LEN,
	    "project", p, "category", "deliverables", "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	return tc_location_id(r);
}

/* Runs "atriumctl jobs run previews.make" on the test stack. */
static void
run_previews(void)
{
	char	 cmd[4096];

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run "
	    "previews.make >/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"));
	(void)system(cmd);
}

START_TEST(previews)
{
	struct who	 a, o;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[128], *ct;
	long long	 id;

	who_new(&a, "pvown");
	who_new(&o, "pvother");
	id = staff_upload(s, a.project, "mock.png");
	ck_assert_int_gt(id, 0);
	/* Made by the job (another suite's "jobs run" may run it first). */
	snprintf(path, sizeof(path), "/files/%lld/preview", id);
	run_previews();
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM file_previews fp "
	    "JOIN file_versions v ON v.id = fp.version_id WHERE v.file_id = "
	    "%lld AND fp.state = 'ready'", id), 1);
	r = tc_get(a.b, path);
	ck_assert_int_eq(r->status, 200);
	ct = tc_header(r, "Content-Type");
	ck_assert_ptr_nonnull(ct);
	ck_assert(strncmp(ct, "image/png", 9) == 0);
	free(ct);
	ck_assert(r->len > 8 && memcmp(r->body, "\x89PNG", 4) == 0);
	snprintf(path, sizeof(path), "/files/%lld/preview?size=thumb", id);
	ck_assert_int_eq(tc_get(a.b, path)->status, 200);
	snprintf(path, sizeof(path), "/files/%lld/versions/1/preview", id);
	ck_assert_int_eq(tc_get(a.b, path)->status, 200);
	/* Another client's contact: 404, as for the download. */
	ck_assert_int_eq(tc_get(o.b, path)->status, 404);
	snprintf(path, sizeof(path), "/files/%lld/preview", id);
	ck_assert_int_eq(tc_get(o.b, path)->status, 404);
	snprintf(path, sizeof(path), "/staff/files/%lld/preview", id);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	/* The file page shows it inline; the list a thumbnail. */
	snprintf(path, sizeof(path), "/files/%lld", id);
	r = tc_get(a.b, path);
	ck_assert_msg(tc_has(r, "/versions/1/preview\""), "%.3000s", strstr(r->body, "<main") ? strstr(r->body, "<main") : r->body);
	ck_assert(tc_has(r, "alt=\"Preview of mock.png"));
	ck_assert(tc_has(tc_get(a.b, "/files?view=list"), "size=thumb"));
	tc_free(a.b);
	tc_free(o.b);
	tc_free(s);
}
END_TEST

START_TEST(cobrand)
{
	struct who	 a, o;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[128];

	who_new(&a, "brand");
	who_new(&o, "nobrand");
	snprintf(path, sizeof(path), "/staff/clients/%lld", a.client);
	tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/clients/%lld/brand", a.client);
	/* Too light: refused with the ratio shown, nothing saved. */
	r = tc_post(s, path, "accent", "#5479ee", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "3.66:1"), "no ratio shown");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM clients WHERE id "
	    "= %lld AND brand_accent IS NULL", a.client), 1);
	/* Dark enough: saved, with a logo through the upload checks. */
	tc_get(s, "/staff/clients");
	r = tc_post_file(s, path, "logo", "logo.png", png, PNG_LEN,
	    "accent", "#1a4d8f", NULL);
	ck_assert_int_eq(r->status, 303);
	/* Not an image: refused. */
	r = tc_post_file(s, path, "logo", "logo.png", "just text\n", 10,
	    "accent", "#1a4d8f", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "must be a PNG"));

	r = tc_get(a.b, "/");
	ck_assert(tc_has(r, "/brand/accent.css?v=1a4d8f"));
	ck_assert(tc_has(r, "/brand/logo?v="));
	r = tc_get(a.b, "/brand/accent.css");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "--brand: #1a4d8f"));
	r = tc_get(a.b, "/brand/logo");
	ck_assert_int_eq(r->status, 200);
	ck_assert(memcmp(r->body, "\x89PNG", 4) == 0);
	/* Another client's contacts see none of it. */
	r = tc_get(o.b, "/");
	ck_assert(!tc_has(r, "accent.css"));
	ck_assert(!tc_has(r, "/brand/logo"));
	ck_assert(!tc_has(tc_get(o.b, "/brand/accent.css"), "1a4d8f"));
	ck_assert_int_eq(tc_get(o.b, "/brand/logo")->status, 404);
	tc_free(a.b);
	tc_free(o.b);
	tc_free(s);
}
END_TEST

START_TEST(charts)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 sql[512], path[64];

	who_new(&a, "charts");
	snprintf(sql, sizeof(sql), "INSERT INTO milestones (client_id, "
	    "project_id, title, due_on, visible) VALUES (%lld, %lld, 'Late "
	    "one', UTC_DATE() - INTERVAL 3 DAY, 1), (%lld, %lld, 'Next one', "
	    "UTC_DATE() + INTERVAL 9 DAY, 1)", a.client, a.project, a.client,
	    a.project);
	free(tc_sql(sql));
	snprintf(path, sizeof(path), "/projects/%lld", a.project);
	r = tc_get(a.b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "chart-timeline"));
	ck_assert(tc_has(r, "<svg"));
	ck_assert(tc_has(r, "tl-overdue"));
	ck_assert(tc_has(r, "tl-today"));
	/* The text alternative: caption and table. */
	ck_assert(tc_has(r, "Milestone timeline from"));
	ck_assert(tc_has(r, ">Late one</td>"));
	ck_assert(tc_has(r, "Overdue</td>"));
	ck_assert(tc_has(r, "chart-progress"));
	r = tc_get(s, "/staff/");
	ck_assert(tc_has(r, "Pending approvals by age"));
	ck_assert(tc_has(r, "Client activity, last 8 weeks"));
	ck_assert(tc_has(r, "chart-table"));
	ck_assert(tc_has(r, ">This week</td>"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(changes)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 p[32], u[32];

	who_new(&a, "changes");
	/* The first visit sets the marker. */
	ck_assert_int_eq(tc_get(a.b, "/files?view=list")->status, 200);
	sleep(2);
	staff_upload(s, a.project, "fresh.png");
	/* Counted in the nav on any page, marked on the list... */
	r = tc_get(a.b, "/");
	ck_assert(tc_has(r, "nav-new"));
	ck_assert(tc_has(r, "Since your last visit"));
	r = tc_get(a.b, "/files?view=list");
	ck_assert(tc_has(r, "mark-new"));
	/* ...and seen from then on. */
	sleep(1);
	r = tc_get(a.b, "/files?view=list");
	ck_assert(!tc_has(r, "mark-new"));
	/* Projects and approvals are marked the same way. */
	tc_get(a.b, "/projects");
	tc_get(a.b, "/approvals");
	sleep(2);
	tc_make_project(a.client, tc_unique("Later project"));
	snprintf(p, sizeof(p), "%lld", a.project);
	snprintf(u, sizeof(u), "%lld", a.user);
	tc_get(s, "/staff/approvals");
	ck_assert_int_eq(tc_post(s, "/staff/approvals", "project", p,
	    "title", "Fresh request", "mode", "sequence", "approver", u,
	    "visible", "1", NULL)->status, 303);
	r = tc_get(a.b, "/");
	ck_assert(tc_has(r, "href=\"/projects\""));
	ck_assert(tc_has(r, "Since your last visit"));
	r = tc_get(a.b, "/projects");
	ck_assert(tc_has(r, "mark-new"));
	r = tc_get(a.b, "/approvals");
	ck_assert(tc_has(r, "mark-new"));
	sleep(1);
	ck_assert(!tc_has(tc_get(a.b, "/projects"), "mark-new"));
	ck_assert(!tc_has(tc_get(a.b, "/approvals"), "mark-new"));
	r = tc_get(a.b, "/");
	ck_assert(!tc_has(r, "nav-new"));
	ck_assert(tc_has(r, "Nothing new since your last visit"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(changes_decisions)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 p[32], today[16];
	time_t		 t = time(NULL);

	who_new(&a, "decmarks");
	strftime(today, sizeof(today), "%Y-%m-%d", localtime(&t));
	snprintf(p, sizeof(p), "%lld", a.project);
	/* Every list seen: only the decision is new. */
	tc_get(a.b, "/projects");
	tc_get(a.b, "/files?view=list");
	tc_get(a.b, "/approvals");
	ck_assert_int_eq(tc_get(a.b, "/decisions")->status, 200);
	tc_get(s, "/staff/decisions");
	sleep(2);
	ck_assert_int_eq(tc_post(s, "/staff/decisions", "project", p,
	    "title", "Marked decision", "detail", "Blue it is.", "decided_by",
	    "The client", "decided_on", today, "visible", "1",
	    NULL)->status, 303);
	/* Counted in the nav, marked on the list, then seen. */
	r = tc_get(a.b, "/");
	ck_assert(tc_has(r, "nav-new"));
	r = tc_get(a.b, "/decisions");
	ck_assert(tc_has(r, "Marked decision"));
	ck_assert(tc_has(r, "mark-new"));
	sleep(1);
	ck_assert(!tc_has(tc_get(a.b, "/decisions"), "mark-new"));
	r = tc_get(a.b, "/");
	ck_assert(!tc_has(r, "nav-new"));
	/* Staff who recorded it see no mark for their own. */
	ck_assert(!tc_has(tc_get(s, "/staff/decisions"), "mark-new"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(ux_approval)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 p[32], u[32], path[64];
	long long	 id;

	who_new(&a, "uxappr");
	snprintf(p, sizeof(p), "%lld", a.project);
	snprintf(u, sizeof(u), "%lld", a.user);
	snprintf(path, sizeof(path), "/staff/approvals/new?project=%lld",
	    a.project);
	r = tc_get(s, path);
	/* The form's main button sends; no "send now" box to forget. */
	ck_assert(tc_has(r, "name=\"visible\" value=\"1\" class=\"primary\""));
	r = tc_post(s, "/staff/approvals", "project", p, "title", "Logo",
	    "mode", "sequence", "approver", u, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_eq(tc_sql_intf("SELECT visible FROM approvals WHERE id "
	    "= %lld", id), 1);
	snprintf(path, sizeof(path), "/staff/approvals/%lld", id);
	r = tc_get(s, path);
	ck_assert(!tc_has(r, ">Draft"));
	ck_assert(tc_has(r, "Waiting"));
	/* The approver reads about herself. */
	snprintf(path, sizeof(path), "/approvals/%lld", id);
	r = tc_get(a.b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Your turn"));
	ck_assert(!tc_has(r, "Their turn"));
	/* A draft says so, not "Waiting". */
	tc_get(s, "/staff/approvals");
	r = tc_post(s, "/staff/approvals", "project", p, "title", "Draft",
	    "mode", "sequence", "approver", u, NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/staff/approvals/%lld",
	    tc_location_id(r));
	r = tc_get(s, path);
	ck_assert(tc_has(r, "Draft, not sent"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(ux_meeting_and_plural)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[64];
	long long	 id;

	a.client = tc_make_client(tc_unique("uxmeet"));
	snprintf(a.email, sizeof(a.email), "uxmeet-%s@portal.test", tc_tag());
	a.user = tc_make_contact(a.client, a.email, "Meg Meet");
	a.project = tc_make_project(a.client, tc_unique("Meet project"));
	a.b = tc_as(a.email);
	tc_get(a.b, "/meetings/request");
	r = tc_post(a.b, "/meetings/request", "date", "2030-05-06", "time",
	    "10:30", "type", "video", "topic", "Kick-off", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_sql_intf("SELECT MAX(id) FROM meetings WHERE client_id = "
	    "%lld", a.client);
	ck_assert_int_gt(id, 0);
	snprintf(path, sizeof(path), "/staff/meetings/%lld", id);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "value=\"2030-05-06\""), "date not prefilled");
	ck_assert_msg(tc_has(r, "value=\"10:30\""), "time not prefilled");
	/* The client's card counts its one request in the singular. */
	r = tc_get(a.b, "/");
	ck_assert(!tc_has(r, "request(s)"));
	ck_assert(tc_has(r, "1 request waiting for a time"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(ux_upload_asks_project)
{
	struct who	 a;
	struct tc_resp	*r;
	long long	 before;

	who_new(&a, "uxup");
	tc_make_project(a.client, tc_unique("Aaa first"));
	r = tc_get(a.b, "/files");
	ck_assert(tc_has(r, "<option value=\"\">Choose a project"));
	before = tc_sql_intf("SELECT COUNT(*) FROM files WHERE client_id = "
	    "%lld", a.client);
	r = tc_post_file(a.b, "/files", "file", "x.png", png, PNG_LEN,
	    "project", "", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE "
	    "client_id = %lld", a.client), before);
	tc_free(a.b);
}
END_TEST

START_TEST(files_by_category)
{
	struct who	 a;
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 p[32];

	who_new(&a, "bycat");
	snprintf(p, sizeof(p), "%lld", a.project);
	staff_upload(s, a.project, "deliverable.png");
	tc_get(s, "/staff/files");
	r = tc_post_file(s, "/staff/files", "file", "signed.png", png,
	    PNG_LEN, "project", p, "category", "contracts", "visible", "1",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	/* Grouped by category, contracts first, empty ones left out. */
	r = tc_get(a.b, "/files");
	ck_assert(tc_has(r, "id=\"category-contracts\""));
	ck_assert(tc_has(r, "id=\"category-deliverables\""));
	ck_assert(!tc_has(r, "id=\"category-reports\""));
	ck_assert(strstr(r->body, "category-contracts") < strstr(r->body,
	    "category-deliverables"));
	ck_assert(tc_has(r, "href=\"/files?view=list\""));
	/* The flat list one click away; a search is flat too. */
	r = tc_get(a.b, "/files?view=list");
	ck_assert(!tc_has(r, "category-contracts"));
	ck_assert(tc_has(r, "signed.png"));
	ck_assert(tc_has(r, "deliverable.png"));
	r = tc_get(a.b, "/files?q=signed");
	ck_assert(!tc_has(r, "category-contracts"));
	ck_assert(tc_has(r, "signed.png"));
	ck_assert(!tc_has(r, "deliverable.png"));
	tc_free(a.b);
	tc_free(s);
}
END_TEST

START_TEST(ux_closed_portal)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		 email[256];
	long long	 client;

	tc_make_client_contact("closed", &client, email, sizeof(email));
	free(tc_sql(tc_expand("UPDATE clients SET portal_enabled = 0 WHERE "
	    "id = %c", "c", &client)));
	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", email, "password",
	    "not-the-password-1", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "portal is closed"));
	tc_get(b, "/login");
	r = tc_post(b, "/login", "email", email, "password", PW, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "portal is closed"));
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("portal");
	TCase	*tc = tcase_create("portal");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, previews);
	tcase_add_test(tc, cobrand);
	tcase_add_test(tc, charts);
	tcase_add_test(tc, changes);
	tcase_add_test(tc, ux_approval);
	tcase_add_test(tc, ux_meeting_and_plural);
	tcase_add_test(tc, ux_upload_asks_project);
	tcase_add_test(tc, files_by_category);
	tcase_add_test(tc, ux_closed_portal);
	tcase_add_test(tc, changes_decisions);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
