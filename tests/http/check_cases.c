/*
 * The cases plugin end to end: a contact opens a case with a file; staff
 * reply and add an internal note; the contact sees the reply and never
 * the note (list, page, mail, search, ?format=xml, activity); replies
 * reopen a resolved case, a closed one takes none until staff reopen it;
 * bulk assignment and the queues; the SLA job warns and records a breach
 * once, and the client's health loses the factor's points for it; a
 * change request is estimated and approved (recorded with who, when and
 * where, the decision on the project, the milestones moved, the invoice,
 * an amendment drafted under the client's real contract with the cost
 * lines, and a follow-up for what a missing service could not do);
 * approval signed through the e-signature service (signed: approved with
 * the sealed PDF verified; declined: rejected with the reason; refused:
 * approved plainly with a note); canned replies added to the reply box
 * without JavaScript; approvals through the host without payments, the
 * host without contracts and e-signatures (install/lib.sh,
 * at_bare_start) and for a client with the plugins switched off; the
 * health factor's breaches over several periods at once; another
 * client's contact gets 404 on every case and change request route.
 *
 * The suite makes its own clients, contacts and projects.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define STAFF	"staff@demo.test"

static struct {
	long long	 c1, c2, p1, ms1, ms2;
	char		 a1[96], x2[96];
} fx;

/* A client of this run with the cases plugin on. */
static long long
client(const char *what)
{
	char		 name[96];
	long long	 id;

	snprintf(name, sizeof(name), "Cases %s %s", what, tc_tag());
	id = tc_make_client(name);
	tc_plugin_set(id, "cases", 1);
	return id;
}

/* Makes the clients, contacts, project and milestones the tests use. */
static void
setup_once(void)
{
	char	 sql[512];

	fx.c1 = client("One");
	fx.c2 = client("Two");
	/*
	 * Payments and contracts for the first client only: the second is
	 * not billed and has no contract.
	 */
	tc_plugin_set(fx.c1, "payments", 1);
	tc_plugin_set(fx.c1, "contracts", 1);
	snprintf(fx.a1, sizeof(fx.a1), "a1-%s@cases.test", tc_tag());
	snprintf(fx.x2, sizeof(fx.x2), "x2-%s@cases.test", tc_tag());
	tc_make_contact(fx.c1, fx.a1, "Alma Cases");
	tc_make_contact(fx.c2, fx.x2, "Xia Cases");
	fx.p1 = tc_make_project(fx.c1, tc_unique("Cases project"));
	snprintf(sql, sizeof(sql), "INSERT INTO milestones (client_id, "
	    "project_id, title, due_on, visible) VALUES (%lld, %lld, "
	    "'CR-Build', '2030-01-10', 1); SELECT LAST_INSERT_ID()", fx.c1,
	    fx.p1);
	fx.ms1 = tc_sql_int(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO milestones (client_id, "
	    "project_id, title, due_on, visible) VALUES (%lld, %lld, "
	    "'CR-Launch', '2030-02-01', 1); SELECT LAST_INSERT_ID()", fx.c1,
	    fx.p1);
	fx.ms2 = tc_sql_int(sql);
	ck_assert_int_gt(fx.ms1, 0);
}

/* The id of the case type named name. */
static long long
type_id(const char *name)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT id FROM case_types WHERE name = "
	    "'%s'", name);
	return tc_sql_int(sql);
}

/* Project p has its one decision "Change approved: ...". */
static void
decided(long long p)
{
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld AND title LIKE 'Change approved:%%'", p), 1);
}

/* Client c has no invoice or other document of the payments plugin. */
static void
unbilled(long long c)
{
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM pay_docs WHERE "
	    "client_id = %lld", c), 0);
}

/* Change request id is invoiced, with a document of total (cents). */
static void
invoiced(long long id, long long total)
{
	ck_assert_int_eq(tc_sql_int(tc_expand("SELECT COUNT(*) FROM "
	    "change_requests c JOIN pay_docs d ON d.id = c.invoice_id WHERE "
	    "c.id = %I AND d.total = %T", "IT", (long long[]){ id, total })),
	    1);
}

/*
 * A case b opens: of type (its name), subject, body and priority (NULL:
 * the form's default); it must be made (303 to the case).  Its id.
 */
static long long
new_case(struct tc_browser *b, const char *type, const char *subject,
    const char *body, const char *priority)
{
	struct tc_resp	*r;
	char		 tid[32];
	long long	 id;

	snprintf(tid, sizeof(tid), "%lld", type_id(type));
	tc_get(b, "/cases/new");
	r = tc_post(b, "/cases/new", "type", tid, "subject", subject, "body",
	    body, priority != NULL ? "priority" : NULL, priority, NULL);
	ck_assert_msg(r->status == 303, "new case %s: %ld", subject,
	    r->status);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	return id;
}

/*
 * POSTs the fields that follow id (name, value pairs, at most three,
 * ended by NULL) to the path fmt (one %lld: id) as b: it must answer
 * 303.
 */
static void
post_303(struct tc_browser *b, const char *fmt, long long id, ...)
{
	const char	*f[7];
	char		 path[256];
	va_list		 ap;
	long		 st;
	int		 i;

	va_start(ap, id);
	for (i = 0; i < 7 && (f[i] = va_arg(ap, const char *)) != NULL; i++)
		continue;
	va_end(ap);
	ck_assert_msg(i < 7, "post_303 takes at most three fields");
	snprintf(path, sizeof(path), fmt, id);
	st = tc_post(b, path, f[0], f[1], f[2], f[3], f[4], f[5],
	    NULL)->status;
	ck_assert_msg(st == 303, "POST %s: %ld, want 303", path, st);
}

/*
 * Row id of table (cases or change_requests) must match the SQL
 * condition cond (a tc_sql_intf format: %% for a %).
 */
static void
row_is(const char *table, long long id, const char *cond)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE id = %%lld "
	    "AND %s", table, cond);
	ck_assert_msg(tc_sql_intf(sql, id) == 1, "%s %lld: not %s", table,
	    id, cond);
}

/*
 * A change request b files (title, category) without a project, which
 * staff estimate at one line (scope; desc at unit) and b approves; its
 * id.
 */
static long long
approved_change(struct tc_browser *b, struct tc_browser *staff,
    const char *title, const char *category, const char *scope,
    const char *desc, const char *unit)
{
	struct tc_resp	*r;
	long long	 id;

	tc_get(b, "/changes/new");
	r = tc_post(b, "/changes/new", "title", title, "category", category,
	    "description", "d", "justification", "j", "benefit", "b", NULL);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	post_303(staff, "/staff/changes/%lld/estimate", id, "scope", scope,
	    "line1_desc", desc, "line1_unit", unit, NULL);
	post_303(b, "/changes/%lld/decide", id, "decision", "approve", NULL);
	return id;
}

/*
 * Each of the n pages (paths for tc_expand of letters and vals) must
 * draw (200) for b, and for b2 as well when it is not NULL; a failure
 * names the path after label (label2 for b2).
 */
static void
all_draw(const char *const *pages, size_t n, const char *letters,
    const long long *vals, struct tc_browser *b, const char *label,
    struct tc_browser *b2, const char *label2)
{
	struct tc_resp	*r;
	char		 path[256];
	size_t		 i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s", tc_expand(pages[i], letters,
		    vals));
		r = tc_get(b, path);
		ck_assert_msg(r->status == 200, "%s%s: %ld", label, path,
		    r->status);
		if (b2 == NULL)
			continue;
		r = tc_get(b2, path);
		ck_assert_msg(r->status == 200, "%s%s: %ld", label2, path,
		    r->status);
	}
}

/*
 * A client of this run (what) with the plugins payments, contracts and
 * esign switched on (1) or off (0) as pay, con and sig say (-1: as they
 * are), its contact person (email prefix-TAG@cases.test, written to
 * email) and a project named after project: the client's id, *p the
 * project's.
 */
static long long
client_with(const char *what, int pay, int con, int sig, const char *prefix,
    const char *person, char *email, size_t len, const char *project,
    long long *p)
{
	long long	 c = client(what);

	if (pay != -1)
		tc_plugin_set(c, "payments", pay);
	if (con != -1)
		tc_plugin_set(c, "contracts", con);
	if (sig != -1)
		tc_plugin_set(c, "esign", sig);
	snprintf(email, len, "%s-%s@cases.test", prefix, tc_tag());
	tc_make_contact(c, email, person);
	*p = tc_make_project(c, tc_unique(project));
	return c;
}

START_TEST(case_flow)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], ids[32], tid[32], *mail;
	long		 since = (long)time(NULL) - 1;
	long long	 id;
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1"
	    "\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9c"
	    "c\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND"
	    "\xae" "B`\x82";

	snprintf(tid, sizeof(tid), "%lld", type_id("Support"));
	ck_assert_int_eq(tc_get(ana, "/cases")->status, 200);
	r = tc_get(ana, "/cases/new");
	ck_assert_int_eq(r->status, 200);
	/* A missing subject comes back with what was typed. */
	r = tc_post(ana, "/cases/new", "type", tid, "body", "Kept text",
	    "priority", "high", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "This field is required."));
	ck_assert(tc_has(r, "Kept text"));
	/* Another client's project is refused. */
	r = tc_post(ana, "/cases/new", "type", tid, "subject", "x", "body",
	    "y", "project", "999999999", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose one of the client"));

	r = tc_post_file(ana, "/cases/new", "file", "screen.png", png,
	    sizeof(png) - 1, "type", tid, "subject", "Basket TESTCASEONE",
	    "body", "Tapping **pay** does nothing <script>alert(1)</script>",
	    "priority", "high", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	snprintf(ids, sizeof(ids), "%lld", id);
	mail = tc_mail_wait_for(STAFF, since, "TESTCASEONE");
	ck_assert_msg(mail != NULL, "staff were not told of the new case");
	free(mail);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE "
	    "item_type = 'case' AND item_id = %lld AND visible = 1", id), 1);
	/* The clocks run: both targets are due. */
	row_is("cases", id, "clock_since IS NOT NULL AND res_due IS NOT NULL "
	    "AND status = 'new'");
	snprintf(path, sizeof(path), "/cases/%lld", id);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "<strong>pay</strong>"));
	ck_assert(!tc_has(r, "<script>alert(1)"));
	ck_assert(tc_has(r, "screen.png"));

	/* Staff reply (waiting on the client) and add an internal note. */
	snprintf(path, sizeof(path), "/staff/cases/%lld", id);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "TESTCASEONE"));
	since = (long)time(NULL) - 1;
	post_303(staff, "/staff/cases/%lld/reply", id, "body",
	    "Which phone REPLYWORD?", "then", "waiting", NULL);
	post_303(staff, "/staff/cases/%lld/note", id, "body",
	    "SECRETNOTEWORD budget is tight", NULL);
	row_is("cases", id, "status = 'waiting' AND first_response_at IS NOT "
	    "NULL AND clock_since IS NULL AND res_due IS NULL");
	mail = tc_mail_wait_for(fx.a1, since, "TESTCASEONE");
	ck_assert_msg(mail != NULL, "the contact was not told of the reply");
	free(mail);
	/* The note never reaches the contact: page, list, xml, search. */
	snprintf(path, sizeof(path), "/cases/%lld", id);
	r = tc_get(ana, path);
	ck_assert(tc_has(r, "REPLYWORD"));
	ck_assert(!tc_has(r, "SECRETNOTEWORD"));
	ck_assert(!tc_has(r, "Internal note"));
	snprintf(path, sizeof(path), "/cases/%lld?format=xml", id);
	ck_assert(!tc_has(tc_get(ana, path), "SECRETNOTEWORD"));
	ck_assert(!tc_has(tc_get(ana, "/cases"), "SECRETNOTEWORD"));
	ck_assert(!tc_has(tc_get(ana, "/search?q=SECRETNOTEWORD"),
	    "TESTCASEONE"));
	ck_assert(tc_has(tc_get(ana, "/search?q=REPLYWORD"), "TESTCASEONE"));
	ck_assert(tc_has(tc_get(staff, "/search?q=SECRETNOTEWORD"),
	    "TESTCASEONE"));
	r = tc_get(ana, "/activity");
	ck_assert(!tc_has(r, "internal note"));
	ck_assert_int_eq(tc_mail_count(fx.a1, since, "SECRETNOTEWORD"), 0);
	ck_assert_int_eq(tc_mail_count(fx.a1, since, "internal note"), 0);
	snprintf(path, sizeof(path), "/staff/cases/%lld", id);
	r = tc_get(staff, path);
	ck_assert(tc_has(r, "SECRETNOTEWORD"));
	ck_assert(tc_has(r, "Internal note"));

	/* The contact answers: the case opens again, the clock runs. */
	post_303(ana, "/cases/%lld/reply", id, "body", "An iPhone 12", NULL);
	row_is("cases", id, "status = 'open' AND clock_since IS NOT NULL");
	/* Resolved by staff, reopened by the contact's reply. */
	post_303(staff, "/staff/cases/%lld/update", id, "status", "resolved",
	    NULL);
	row_is("cases", id, "status = 'resolved' AND resolved_at IS NOT NULL");
	post_303(ana, "/cases/%lld/reply", id, "body", "It happens again",
	    NULL);
	row_is("cases", id, "status = 'open' AND resolved_at IS NULL");
	/* Closed: the contact cannot reply; staff reopen. */
	post_303(staff, "/staff/cases/%lld/update", id, "status", "closed",
	    NULL);
	post_303(ana, "/cases/%lld/reply", id, "body", "CLOSEDREPLY", NULL);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages "
	    "WHERE case_id = %lld AND body = 'CLOSEDREPLY'", id), 0);
	row_is("cases", id, "status = 'closed'");
	post_303(staff, "/staff/cases/%lld/update", id, "status", "open", NULL);
	row_is("cases", id, "status = 'open' AND closed_at IS NULL");

	/* Bulk assignment from the queue, then the "mine" queue. */
	tc_get(staff, "/staff/cases?queue=unassigned");
	r = tc_post(staff, "/staff/cases/assign", "owner", "0", "case", ids,
	    NULL);
	ck_assert_int_eq(r->status, 303);
	tc_free(ana);
	tc_free(staff);
}
END_TEST

START_TEST(queues_and_assign)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 a[32], b[32], owner[32];
	long long	 id1, id2, sid;

	id1 = new_case(ana, "Question", "Queue one", "q1", NULL);
	id2 = new_case(ana, "Question", "Queue two", "q2", "urgent");
	snprintf(a, sizeof(a), "%lld", id1);
	snprintf(b, sizeof(b), "%lld", id2);
	sid = tc_sql_int("SELECT id FROM users WHERE email = 'staff@demo.test'");
	snprintf(owner, sizeof(owner), "%lld", sid);
	r = tc_get(staff, "/staff/cases?queue=unassigned");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Queue one"));
	/* The staff page gives the tick boxes their own names. */
	ck_assert(tc_has(r, "name=\"case\""));
	ck_assert_int_eq(tc_post(staff, "/staff/cases/assign", "owner", owner,
	    "case", a, "case", b, NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE "
	    "owner_id IS NOT NULL AND id IN (%lld)", id1), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE "
	    "owner_id IS NOT NULL AND id IN (%lld)", id2), 1);
	r = tc_get(staff, "/staff/cases?queue=mine");
	ck_assert(tc_has(r, "Queue two"));
	r = tc_get(staff, "/staff/cases?queue=unassigned");
	ck_assert(!tc_has(r, "Queue two"));
	r = tc_get(staff, "/staff/cases?queue=open&priority=urgent");
	ck_assert(tc_has(r, "Queue two"));
	ck_assert(!tc_has(r, "Queue one"));
	/* Measures as CSV. */
	r = tc_get(staff, "/staff/cases/measures.csv");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "first_response_business_min"));
	ck_assert(tc_has(r, "Queue two"));
	ck_assert_int_eq(tc_get(ana, "/staff/cases/measures.csv")->status,
	    403);
	tc_free(ana);
	tc_free(staff);
}
END_TEST

/*
 * The client health factor "SLA breaches": the client of case id, with
 * one breach recorded on the day its target passed, gets 1 breach and
 * its 5 points in /staff/reports/health.csv for that day.
 */
static void
health_breach(long long id)
{
	struct tc_browser *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], *day, *line, *cell[64], *p, *hdr;
	int		 n, k, col = -1;

	day = tc_sql(tc_expand("SELECT DATE(due_at) FROM case_breaches WHERE "
	    "case_id = %I", "I", (long long[]){ id }));
	ck_assert_ptr_nonnull(day);
	day[strcspn(day, "\t\r\n")] = '\0';
	ck_assert_int_eq(strlen(day), 10);
	snprintf(path, sizeof(path), "/staff/reports/health.csv?period=custom&"
	    "from=%s&to=%s&client=%lld", day, day, fx.c1);
	r = tc_get(staff, path);
	ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
	/* The header names the factor and its points. */
	hdr = strndup(r->body, strcspn(r->body, "\r\n"));
	ck_assert_ptr_nonnull(strstr(hdr, ",SLA breaches,SLA breaches "
	    "(points),"));
	for (n = 0, p = strtok(hdr, ","); p != NULL && n < 64;
	    p = strtok(NULL, ","), n++)
		if (strcmp(p, "SLA breaches") == 0)
			col = n;
	ck_assert_int_ge(col, 0);
	/* The client's row: 1 breach, 5 points (5 a breach, none free). */
	line = strstr(r->body, "\r\nCases One ");
	ck_assert_msg(line != NULL, "no client row in %s", r->body);
	line = strndup(line + 2, strcspn(line + 2, "\r\n"));
	for (k = 0, p = strtok(line, ","); p != NULL && k < 64;
	    p = strtok(NULL, ","), k++)
		cell[k] = p;
	ck_assert_int_gt(k, col + 1);
	ck_assert_str_eq(cell[col], "1");
	ck_assert_str_eq(cell[col + 1], "5");
	free(line);
	free(hdr);
	free(day);
	tc_free(staff);
}

/*
 * The cell under the header col in the row starting with row (the
 * client's name) of CSV text csv (no quoted commas); malloc'd.  Fails
 * the test when there is no such row or column.
 */
static char *
csv_cell(const char *csv, const char *row, const char *col)
{
	char		*hdr, *line, *p, *save, *v = NULL;
	const char	*at;
	int		 n, k, want = -1;

	hdr = strndup(csv, strcspn(csv, "\r\n"));
	ck_assert_ptr_nonnull(hdr);
	for (n = 0, p = strtok_r(hdr, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save), n++)
		if (strcmp(p, col) == 0)
			want = n;
	ck_assert_msg(want >= 0, "no column %s in %s", col, csv);
	for (at = csv; (at = strstr(at, "\r\n")) != NULL; at += 2)
		if (strncmp(at + 2, row, strlen(row)) == 0)
			break;
	ck_assert_msg(at != NULL, "no row %s in %s", row, csv);
	line = strndup(at + 2, strcspn(at + 2, "\r\n"));
	ck_assert_ptr_nonnull(line);
	for (k = 0, p = strtok_r(line, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save), k++)
		if (k == want)
			v = strdup(p);
	ck_assert_msg(v != NULL, "row %s has no cell %d", row, want);
	free(line);
	free(hdr);
	return v;
}

/* Asserts that csv_cell(csv, row, col) is want. */
static void
csv_is(const char *csv, const char *row, const char *col, const char *want)
{
	char	*v = csv_cell(csv, row, col);

	ck_assert_msg(strcmp(v, want) == 0, "%s of %s: %s, not %s", col, row,
	    v, want);
	free(v);
}

/*
 * /staff/reports/health.csv for from..to and client c, read by staff
 * (200); the browser's body.
 */
static const char *
health_csv(struct tc_browser *staff, long long c, const char *from,
    const char *to)
{
	struct tc_resp	*r;
	char		 path[256];

	snprintf(path, sizeof(path), "/staff/reports/health.csv?period=custom&"
	    "from=%s&to=%s&client=%lld", from, to, c);
	r = tc_get(staff, path);
	ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
	return r->body;
}

/*
 * The factor "SLA breaches" over several periods (its grouped form,
 * fn_periods): a client with one breach on a day and two on the day two
 * days before (its last second).  The health CSV of that day scores 95
 * (1 breach, 5 points), the day before 100, and the sparkline of the six
 * days to it 90 two days back; of two days, 95 after 90 (2 breaches);
 * of the day between, no breach and 90 on the day before.
 */
START_TEST(health_periods)
{
	static const struct {
		const char	*from, *to;
		const char	*cell[6][2];	/* column, value */
	} per[] = {
		{ "2026-03-10", "2026-03-10", { { "Score", "95" },
		    { "Previous period", "100" }, { "Change", "-5" },
		    { "SLA breaches", "1" }, { "SLA breaches (points)", "5" },
		    { "Score over the last periods",
		    "100 100 100 90 100 95" } } },
		/* Two days: 03-09..03-10 has 1, 03-07..03-08 has 2. */
		{ "2026-03-09", "2026-03-10", { { "Score", "95" },
		    { "Previous period", "90" }, { "Change", "+5" },
		    { "SLA breaches", "1" }, { "Score over the last periods",
		    "100 100 100 100 90 95" } } },
		/* The day between: no breach in it, 2 the day before. */
		{ "2026-03-09", "2026-03-09", { { "SLA breaches", "0" },
		    { "Score", "100" }, { "Previous period", "90" },
		    { "Score over the last periods",
		    "100 100 100 100 90 100" } } }
	};
	struct tc_browser *staff = tc_as(STAFF), *b;
	char		 name[96], email[96], sql[512];
	const char	*csv;
	long long	 c, k1, k2;
	size_t		 i, j;

	snprintf(name, sizeof(name), "Cases Periods %s", tc_tag());
	c = tc_make_client(name);
	tc_plugin_set(c, "cases", 1);
	snprintf(email, sizeof(email), "p7-%s@cases.test", tc_tag());
	tc_make_contact(c, email, "Pia Periods");
	b = tc_as(email);
	k1 = new_case(b, "Support", "Periods one", "x", "normal");
	k2 = new_case(b, "Support", "Periods two", "x", "normal");
	/* One breach on 2026-03-10, two on 2026-03-08. */
	snprintf(sql, sizeof(sql), "INSERT INTO case_breaches (case_id, "
	    "target, due_at) VALUES (%lld, 'response', '2026-03-10 "
	    "09:30:00'), (%lld, 'response', '2026-03-08 00:00:00'), (%lld, "
	    "'resolution', '2026-03-08 23:59:59')", k1, k2, k2);
	free(tc_sql(sql));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches b "
	    "JOIN cases k ON k.id = b.case_id WHERE k.client_id = %lld", c),
	    3);
	for (i = 0; i < sizeof(per) / sizeof(per[0]); i++) {
		csv = health_csv(staff, c, per[i].from, per[i].to);
		for (j = 0; j < 6 && per[i].cell[j][0] != NULL; j++)
			csv_is(csv, name, per[i].cell[j][0], per[i].cell[j][1]);
	}
	tc_free(b);
	tc_free(staff);
}
END_TEST

START_TEST(sla_job)
{
	struct tc_browser *ana = tc_as(fx.a1);
	char		 needle[96];
	long long	 id;
	long		 since = (long)time(NULL) - 1;

	id = new_case(ana, "Support", "SLATESTCASE late one", "x", "urgent");
	/* The response target passed a minute ago; resolution is near. */
	free(tc_sql(tc_expand("UPDATE cases SET resp_due = UTC_TIMESTAMP() - "
	    "INTERVAL 1 MINUTE, res_due = UTC_TIMESTAMP() + INTERVAL 10 "
	    "MINUTE WHERE id = %I", "I", (long long[]){ id })));
	tc_jobs_run("cases.sla");
	tc_jobs_run("mail.send");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches WHERE "
	    "case_id = %lld AND target = 'response'", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches WHERE "
	    "case_id = %lld AND target = 'resolution'", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT warned & 2 FROM cases WHERE id = "
	    "%lld", id), 2);
	/* Recorded once, however often the job runs. */
	tc_jobs_run("cases.sla");
	tc_jobs_run("mail.send");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches WHERE "
	    "case_id = %lld", id), 1);
	snprintf(needle, sizeof(needle), "SLA breached: case #%lld ", id);
	ck_assert_msg(tc_mail_wait_for(STAFF, since, needle) != NULL,
	    "the team was not told of the breach");
	/* Warned once of the resolution target, however often it runs. */
	snprintf(needle, sizeof(needle), "SLA due soon: case #%lld ", id);
	ck_assert_int_eq(tc_mail_count(STAFF, since, needle), 1);
	/* The breach is internal: not in the contact's activity. */
	ck_assert(!tc_has(tc_get(ana, "/activity"), "missed SLA"));
	health_breach(id);
	tc_free(ana);
}
END_TEST

/*
 * An active contract of client c for project p, made through the
 * contracts plugin's staff routes and signed on paper; its id.
 */
static long long
active_contract(struct tc_browser *staff, long long c, long long p)
{
	struct tc_resp	*r;
	char		 cs[32], ps[32];
	long long	 id;

	snprintf(cs, sizeof(cs), "%lld", c);
	snprintf(ps, sizeof(ps), "%lld", p);
	tc_get(staff, "/staff/contracts/new");
	r = tc_post(staff, "/staff/contracts/new", "client", cs, "project",
	    ps, "title", tc_unique("Cases agreement"), "body", "The work.",
	    "fees", "Work | 1000", "currency", "EUR", "deposit", "", NULL);
	ck_assert_msg(r->status == 303, "contract: %ld", r->status);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	post_303(staff, "/staff/contracts/%lld/paper", id, "signed_by",
	    "Alma Cases", NULL);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'active'", id), 1);
	return id;
}

START_TEST(change_flow)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], proj[32], ms[32], want[64];
	long long	 id, con, am;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(ms, sizeof(ms), "%lld", fx.ms1);
	/* The client's contract in force for the project, signed on paper. */
	con = active_contract(staff, fx.c1, fx.p1);
	tc_get(ana, "/changes/new");
	r = tc_post(ana, "/changes/new", "title", "Compare CRTESTONE",
	    "category", "space", "description", "d", "justification", "j",
	    "benefit", "b", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose feature, bug fix"));
	r = tc_post(ana, "/changes/new", "title", "Compare CRTESTONE",
	    "category", "feature", "priority", "high", "description",
	    "Compare products", "justification", "Sales ask", "benefit",
	    "Fewer calls", "project", proj, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	/* The contact cannot decide before there is an estimate. */
	post_303(ana, "/changes/%lld/decide", id, "decision", "approve", NULL);
	row_is("change_requests", id, "status = 'submitted'");
	/* Staff estimate: two lines and a milestone that moves 5 days. */
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	ck_assert_int_eq(tc_get(staff, path)->status, 200);
	snprintf(path, sizeof(path), "/staff/changes/%lld/estimate", id);
	r = tc_post(staff, path, "scope", "A comparison page", "days", "5",
	    "line1_desc", "Design", "line1_qty", "2", "line1_unit", "100.50",
	    "line2_desc", "Build", "line2_qty", "1.5", "line2_unit", "200",
	    "move", ms, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT SUM(amount) FROM change_lines "
	    "WHERE change_id = %lld", id), 20100 + 30000);
	/* A bad price is refused and nothing is kept. */
	r = tc_post(staff, path, "scope", "x", "line1_desc", "Oops",
	    "line1_unit", "12.345", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Give a price"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_lines "
	    "WHERE change_id = %lld", id), 2);
	snprintf(path, sizeof(path), "/changes/%lld", id);
	r = tc_get(ana, path);
	ck_assert(tc_has(r, "Approve the estimate"));
	ck_assert(tc_has(r, "501.00"));
	ck_assert(tc_has(r, "CR-Build"));
	/* The dashboard asks for the decision. */
	r = tc_get(ana, "/");
	ck_assert(tc_has(r, "Pending Change Requests"));
	ck_assert(tc_has(r, "Estimate for"));
	/* Approve. */
	post_303(ana, "/changes/%lld/decide", id, "decision", "approve", "note",
	    "Go ahead", NULL);
	row_is("change_requests", id, "status = 'approved' AND decided_at IS "
	    "NOT NULL AND decided_addr IS NOT NULL AND decided_name = 'Alma "
	    "Cases'");
	/* The milestone moved, the other did not. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM milestones WHERE "
	    "id = %lld AND due_on = '2030-01-15'", fx.ms1), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM milestones WHERE "
	    "id = %lld AND due_on = '2030-02-01'", fx.ms2), 1);
	/* A decision on the project (the hub's decisions service). */
	decided(fx.p1);
	/*
	 * The cost lines are invoiced through the payments plugin's
	 * invoicing service, once; the contract is amended through the
	 * contracts plugin when it is loaded and the client has a contract
	 * (else the team gets a note saying so).
	 */
	invoiced(id, 50100);
	/*
	 * The amendment: a draft under the client's contract, drafted once
	 * for this request, with the estimate's cost lines as its fees.
	 */
	am = tc_sql_intf("SELECT contract_id FROM change_requests WHERE id = "
	    "%lld", id);
	ck_assert_int_gt(am, 0);
	ck_assert_int_eq(tc_sql_int(tc_expand("SELECT COUNT(*) FROM "
	    "contracts WHERE id = %A AND amends_id = %C AND client_id = %L "
	    "AND state = 'draft' AND origin = 'cases' AND ref = 'change:%I'",
	    "ACLI", (long long[]){ am, con, fx.c1, id })), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_fees f "
	    "JOIN contract_versions v ON v.id = f.version_id WHERE "
	    "v.contract_id = %lld", am), 2);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_fees f "
	    "JOIN contract_versions v ON v.id = f.version_id WHERE "
	    "v.contract_id = %lld AND ((f.description = 'Design' AND f.amount "
	    "= 20100) OR (f.description = 'Build' AND f.amount = 30000))",
	    am), 2);
	row_is("change_requests", id, "(followup IS NULL OR followup NOT LIKE "
	    "'%%contract%%')");
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	snprintf(want, sizeof(want), "Drafted on contract #%lld", am);
	ck_assert(tc_has(tc_get(staff, path), want));
	/* Listed under the contract it amends, for the team. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld", con);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Compare CRTESTONE"));
	/* Twice is refused. */
	post_303(ana, "/changes/%lld/decide", id, "decision", "reject", NULL);
	row_is("change_requests", id, "status = 'approved'");
	/* Staff schedule it, then mark it done. */
	post_303(staff, "/staff/changes/%lld/status", id, "status", "scheduled",
	    NULL);
	post_303(staff, "/staff/changes/%lld/status", id, "status", "done",
	    NULL);
	row_is("change_requests", id, "status = 'done'");
	snprintf(path, sizeof(path), "/projects/%lld", fx.p1);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Compare CRTESTONE"));

	/*
	 * A client without payments (no project either): approval stands,
	 * nothing is billed, the team is told to bill by hand.
	 */
	{
		struct tc_browser *xia = tc_as(fx.x2);
		long long	 id2;

		id2 = approved_change(xia, staff, "Unbilled CRTWO", "bugfix",
		    "Fix it", "Fix", "80");
		row_is("change_requests", id2, "status = 'approved' AND "
		    "invoice_id IS NULL AND followup LIKE '%%by hand%%'");
		unbilled(fx.c2);
		snprintf(path, sizeof(path), "/staff/changes/%lld", id2);
		ck_assert(tc_has(tc_get(staff, path), "by hand"));
		tc_free(xia);
	}
	tc_free(ana);
	tc_free(staff);
}
END_TEST

START_TEST(other_client_404)
{
	struct tc_browser *ana = tc_as(fx.a1), *xia = tc_as(fx.x2);
	struct tc_resp	*r;
	char		 path[256];
	long long	 k, cr;
	const char	*get[] = { "/cases/%I", "/cases/%I?format=xml",
	    "/changes/%C", "/changes/%C?format=xml", "/cases/%I/files/1" };
	const char	*post[] = { "/cases/%I/reply", "/changes/%C/decide" };
	size_t		 i;
	long long	 vals[2];

	k = new_case(ana, "Other", "PRIVATECASE of one", "mine", NULL);
	r = tc_post(ana, "/changes/new", "title", "PRIVATECR of one",
	    "category", "other", "description", "d", "justification", "j",
	    "benefit", "b", NULL);
	cr = tc_location_id(r);
	ck_assert(k > 0 && cr > 0);
	vals[0] = k;
	vals[1] = cr;
	for (i = 0; i < sizeof(get) / sizeof(get[0]); i++) {
		snprintf(path, sizeof(path), "%s", tc_expand(get[i], "IC",
		    vals));
		ck_assert_msg(tc_get(xia, path)->status == 404, "%s", path);
	}
	tc_get(xia, "/cases");
	for (i = 0; i < sizeof(post) / sizeof(post[0]); i++) {
		snprintf(path, sizeof(path), "%s", tc_expand(post[i], "IC",
		    vals));
		ck_assert_msg(tc_post(xia, path, "body", "x", "decision",
		    "approve", NULL)->status == 404, "%s", path);
	}
	ck_assert(!tc_has(tc_get(xia, "/cases"), "PRIVATECASE"));
	ck_assert(!tc_has(tc_get(xia, "/changes"), "PRIVATECR"));
	snprintf(path, sizeof(path), "/cases/%lld\"", k);
	ck_assert(!tc_has(tc_get(xia, "/search?q=PRIVATECASE"), path));
	ck_assert(tc_has(tc_get(ana, "/search?q=PRIVATECASE"), path));
	/* Contacts never reach the staff pages. */
	snprintf(path, sizeof(path), "/staff/cases/%lld", k);
	ck_assert_int_eq(tc_get(ana, path)->status, 403);
	snprintf(path, sizeof(path), "/staff/changes/%lld", cr);
	ck_assert_int_eq(tc_get(ana, path)->status, 403);
	tc_free(ana);
	tc_free(xia);
}
END_TEST

/*
 * A copy of the test config whose mail section has a reply address,
 * which loads the cases plugin only and has it remind clients after 3
 * days (the running site does neither), for atriumctl; its path.
 */
static const char *
mail_conf(void)
{
	static char	 path[512];
	const char	*src = getenv("ATRIUM_TEST_CONF");
	char		 line[4096];
	FILE		*in, *out;

	snprintf(path, sizeof(path), "%s/cases-mail.conf",
	    getenv("ATRIUM_TEST_DIR"));
	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(in = fopen(src, "r"));
	ck_assert_ptr_nonnull(out = fopen(path, "w"));
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strncmp(line, "plugins = {", 11) == 0) {
			fputs("plugins = { \"cases\" }\n", out);
			continue;
		}
		fputs(line, out);
		if (strncmp(line, "mail {", 6) == 0)
			fputs("\treply-address = \"reply@agency.test\"\n", out);
	}
	/* Reminders are off unless a site asks for them. */
	fputs("plugin cases {\n\tremind-days = 3\n}\n", out);
	fclose(in);
	fclose(out);
	return path;
}

/* Pipes msg to "atriumctl -c conf mail receive"; its exit status. */
static int
receive(const char *conf, const char *msg)
{
	char	 cmd[2048];
	FILE	*p;
	int	 st;

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' mail receive "
	    ">/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"), conf);
	ck_assert_ptr_nonnull(p = popen(cmd, "w"));
	fputs(msg, p);
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A reply mail from from to to, with quoted history and a signature. */
static char *
reply_mail(const char *from, const char *to, const char *msgid,
    const char *text)
{
	char	 m[4096];

	ck_assert_int_lt(snprintf(m, sizeof(m), "From: Someone <%s>\r\nTo: %s\r\n"
	    "Subject: Re: your case\r\nMessage-ID: <%s>\r\n"
	    "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n\r\n"
	    "-- \r\nAlma, Cases Ltd\r\n\r\nOn Mon, 30 Nov 2026, Sam Staff "
	    "wrote:\r\n> QUOTEDHISTORY which phone?\r\n", from, to, msgid,
	    text), (int)sizeof(m));
	return strdup(m);
}

/*
 * A reply mail from from to to (message id TAG-run@client.test) with
 * text: "atriumctl mail receive" must refuse it.
 */
static void
refused(const char *conf, const char *from, const char *to,
    const char *tag, const char *text)
{
	char	 mid[128], *msg;

	snprintf(mid, sizeof(mid), "%s-%s@client.test", tag, tc_tag());
	msg = reply_mail(from, to, mid, text);
	ck_assert_msg(receive(conf, msg) != 0, "mail %s was taken", tag);
	free(msg);
}

START_TEST(mail_reply)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	const char	*conf = mail_conf();
	char		 path[256], cmd[4096], to[256], mid[128];
	char		 needle[96], *mail, *h, *e, *msg;
	long long	 id;
	long		 since;
	size_t		 n;

	id = new_case(ana, "Support", "MAILCASE by mail", "x", NULL);
	snprintf(path, sizeof(path), "/staff/cases/%lld/reply", id);
	tc_get(staff, "/staff/cases");
	ck_assert_int_eq(tc_post(staff, path, "body", "Which phone?", "then",
	    "waiting", NULL)->status, 303);
	/* Four days later the contact is reminded, with a reply address. */
	free(tc_sql(tc_expand("UPDATE cases SET updated_at = UTC_TIMESTAMP() "
	    "- INTERVAL 4 DAY WHERE id = %I", "I", (long long[]){ id })));
	since = (long)time(NULL) - 1;
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run "
	    "cases.remind >/dev/null 2>&1 && '%s/bin/atriumctl' -c '%s' jobs "
	    "run mail.send >/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    conf, getenv("ATRIUM_TEST_PREFIX"), conf);
	ck_assert_int_eq(system(cmd), 0);
	mail = tc_mail_wait_for(fx.a1, since, "waiting for your answer");
	ck_assert_msg(mail != NULL, "the contact was not reminded");
	h = strstr(mail, "Reply-To: reply+");
	ck_assert_msg(h != NULL, "the reminder has no reply address");
	h += strlen("Reply-To: ");
	n = strcspn(h, "\r\n");
	ck_assert_uint_lt(n, sizeof(to));
	memcpy(to, h, n);
	to[n] = '\0';
	free(mail);
	/* Reminded once. */
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(tc_mail_count(fx.a1, since, "waiting for your answer"),
	    1);

	/* The contact's reply lands, without quote or signature. */
	snprintf(mid, sizeof(mid), "r1-%s@client.test", tc_tag());
	msg = reply_mail(fx.a1, to, mid, "It is an iPhone MAILREPLYWORD.");
	since = (long)time(NULL) - 1;
	ck_assert_int_eq(receive(conf, msg), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND via = 'mail' AND kind = 'reply' AND body LIKE "
	    "'%%MAILREPLYWORD%%' AND body NOT LIKE '%%QUOTEDHISTORY%%' AND "
	    "body NOT LIKE '%%Cases Ltd%%'", id), 1);
	/* It reopens the case waiting on the client. */
	row_is("cases", id, "status = 'open' AND clock_since IS NOT NULL");
	/* The case's owner is told, as of a reply on the site. */
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run "
	    "mail.send >/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"), conf);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(needle, sizeof(needle), "Case #%lld: MAILCASE", id);
	mail = tc_mail_wait_for(STAFF, since, "replied by e-mail");
	ck_assert_msg(mail != NULL && strstr(mail, needle) != NULL,
	    "the owner was not told of the reply by mail");
	free(mail);
	/* The same message again is stored once. */
	ck_assert_int_eq(receive(conf, msg), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND via = 'mail'", id), 1);
	free(msg);
	snprintf(path, sizeof(path), "/cases/%lld", id);
	ck_assert(tc_has(tc_get(ana, path), "MAILREPLYWORD"));

	/* A forged sender is refused and nothing is stored. */
	refused(conf, fx.x2, to, "r2", "FORGEDWORD take over");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND body LIKE '%%FORGEDWORD%%'", id), 0);
	/* A token that was tampered with too. */
	e = strchr(to, '+');
	ck_assert_ptr_nonnull(e);
	e[1] = e[1] == 'a' ? 'b' : 'a';
	refused(conf, fx.a1, to, "r3", "TAMPEREDWORD");
	e[1] = e[1] == 'a' ? 'b' : 'a';
	/* A closed case takes no reply by mail either. */
	post_303(staff, "/staff/cases/%lld/update", id, "status", "closed",
	    NULL);
	refused(conf, fx.a1, to, "r4", "LATEWORD");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND body LIKE '%%LATEWORD%%'", id), 0);
	tc_free(ana);
	tc_free(staff);
}
END_TEST

/* Every page of the plugin draws, for the demo's contact and staff. */
START_TEST(pages_draw)
{
	struct tc_browser *ana = tc_as("ana@northwind.test");
	struct tc_browser *staff = tc_as(STAFF);
	static const char *const cpages[] = { "/cases", "/cases/new",
	    "/changes", "/changes/new", "/" };
	static const char *const spages[] = { "/staff/cases",
	    "/staff/cases?queue=mine", "/staff/cases?queue=unassigned",
	    "/staff/cases?queue=breaching", "/staff/cases?queue=waiting",
	    "/staff/cases?queue=closed", "/staff/cases/new",
	    "/staff/cases/new?client=1", "/staff/cases/settings",
	    "/staff/changes", "/staff/changes/new?client=1", "/staff",
	    "/staff/projects/1", "/staff/clients/1" };
	struct tc_resp	*r;
	char		 path[128];
	long long	 k, cr;

	all_draw(cpages, sizeof(cpages) / sizeof(cpages[0]), "", NULL, ana,
	    "", NULL, NULL);
	all_draw(spages, sizeof(spages) / sizeof(spages[0]), "", NULL,
	    staff, "", NULL, NULL);
	/* The demo's estimate awaiting Ana, and a case of each client. */
	cr = tc_sql_int("SELECT id FROM change_requests WHERE client_id = 1 "
	    "AND status = 'estimated' LIMIT 1");
	ck_assert_int_gt(cr, 0);
	snprintf(path, sizeof(path), "/changes/%lld", cr);
	ck_assert(tc_has(tc_get(ana, path), "Approve the estimate"));
	snprintf(path, sizeof(path), "/staff/changes/%lld", cr);
	ck_assert_int_eq(tc_get(staff, path)->status, 200);
	k = tc_sql_int("SELECT id FROM cases WHERE client_id = 1 AND status "
	    "= 'open' LIMIT 1");
	ck_assert_int_gt(k, 0);
	snprintf(path, sizeof(path), "/cases/%lld", k);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "Internal:"));
	snprintf(path, sizeof(path), "/staff/cases/%lld", k);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Internal:"));
	r = tc_get(ana, "/");
	ck_assert(tc_has(r, "Pending Change Requests"));
	ck_assert(tc_has(r, "Support cases"));
	tc_free(ana);
	tc_free(staff);
}
END_TEST

/*
 * Canned replies in the reply form without JavaScript: "Use" posts what
 * was typed with the chosen canned reply and gets the page back with
 * both in the reply box (the "then" choice kept), nothing sent; no
 * choice says so and keeps the text.  The "Insert" buttons' script is
 * served to staff.
 */
START_TEST(canned_use)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], cid[32];
	long long	 id, canned, n;

	id = new_case(ana, "Support", "CANNEDCASE help", "x", NULL);
	canned = tc_sql_int("SELECT id FROM case_canned WHERE title = "
	    "'Need more detail'");
	ck_assert_int_gt(canned, 0);
	snprintf(cid, sizeof(cid), "%lld", canned);
	n = tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE case_id = "
	    "%lld", id);
	snprintf(path, sizeof(path), "/staff/cases/%lld", id);
	r = tc_get(staff, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(path, sizeof(path), "formaction=\"/staff/cases/%lld/canned\"",
	    id);
	ck_assert_msg(tc_has(r, path), "no Use button");
	ck_assert(tc_has(r, "data-canned=\"canned-"));
	ck_assert(tc_has(r, "/staff/cases/canned.js"));
	snprintf(path, sizeof(path), "/staff/cases/%lld/canned", id);
	r = tc_post(staff, path, "body", "Hello Alma,\n\nTYPEDKEPT first.\n\n",
	    "then", "waiting", "canned", cid, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Hello Alma,\n\nTYPEDKEPT first.\n\nCould you "
	    "send us the steps that lead to the problem, and a screenshot if "
	    "you have one?</textarea>"), "%s", r->body);
	ck_assert(tc_has(r, "<option value=\"waiting\" selected"));
	/* The note box stays empty: nothing typed lands in it. */
	{
		const char	*nb = strstr(r->body, "id=\"f-note-body\"");
		const char	*ne = nb != NULL ? strstr(nb, "</textarea>") :
		    NULL;

		char		*box;

		ck_assert(nb != NULL && ne != NULL);
		box = strndup(nb, (size_t)(ne - nb));
		ck_assert(strstr(box, "TYPEDKEPT") == NULL);
		free(box);
	}
	/* Nothing was sent. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages "
	    "WHERE case_id = %lld", id), n);
	/* An empty reply box takes the canned text alone. */
	r = tc_post(staff, path, "body", "", "canned", cid, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, ">Could you send us the steps"));
	/* No choice: said, and the text is kept. */
	r = tc_post(staff, path, "body", "ONLYTYPED", "canned", "", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose a canned reply to add."));
	ck_assert(tc_has(r, ">ONLYTYPED</textarea>"));
	/* Posting the filled box sends it as usual. */
	post_303(staff, "/staff/cases/%lld/reply", id, "body",
	    "TYPEDKEPT first.\n\nCould you send us the steps", "then",
	    "waiting", NULL);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages "
	    "WHERE case_id = %lld AND kind = 'reply' AND body LIKE "
	    "'TYPEDKEPT%%'", id), 1);
	/* Contacts never reach it; the script is served to staff. */
	snprintf(path, sizeof(path), "/staff/cases/%lld/canned", id);
	ck_assert_int_eq(tc_post(ana, path, "body", "x", "canned", cid,
	    NULL)->status, 403);
	r = tc_get(staff, "/staff/cases/canned.js");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "selectionStart"));
	tc_free(ana);
	tc_free(staff);
}
END_TEST

/*
 * Waits (about twenty seconds, running the jobs after five and after
 * fifteen: the delivery after the signing's response may be slow on a
 * busy machine) until the SQL count fmt (one %lld: id) is 1; that count.
 */
static long long
wait_for(const char *fmt, long long id)
{
	int	 i;

	for (i = 0; i < 80 && tc_sql_intf(fmt, id) != 1; i++) {
		if (i == 20 || i == 60)
			ck_assert_int_eq(tc_jobs_run(""), 0);
		usleep(250000);
	}
	return tc_sql_intf(fmt, id);
}

/*
 * A change request of client c (contact b) about project p, filed
 * (submitted), then estimated by staff with one line of 250.00; its id.
 */
static long long
estimated_change(struct tc_browser *b, struct tc_browser *staff,
    long long p, const char *title)
{
	struct tc_resp	*r;
	char		 path[128], ps[32];
	long long	 id;

	snprintf(ps, sizeof(ps), "%lld", p);
	tc_get(b, "/changes/new");
	r = tc_post(b, "/changes/new", "title", title, "category", "feature",
	    "description", "Add a **wishlist**", "justification", "Asked",
	    "benefit", "Sales", "project", ps, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	row_is("change_requests", id, "status = 'submitted'");
	snprintf(path, sizeof(path), "/staff/changes/%lld/estimate", id);
	tc_get(staff, "/staff/changes");
	ck_assert_int_eq(tc_post(staff, path, "scope", "A wishlist page",
	    "days", "0", "line1_desc", "Wishlist", "line1_qty", "1",
	    "line1_unit", "250", NULL)->status, 303);
	row_is("change_requests", id, "status = 'estimated' AND estimated_at "
	    "IS NOT NULL");
	return id;
}

/*
 * Estimates signed through the e-signature service (the client's
 * setting, set by staff): "Approve" sends the contact to sign the
 * estimate's PDF and changes nothing else yet; once signed, the
 * approval takes effect (decision, invoice) with the sealed PDF, which
 * the site verifies as its own.  Declining in the signing flow rejects
 * the estimate with the reason.  A client whose e-signatures are off is
 * approved plainly, with a note for the team.
 */
START_TEST(change_signed)
{
	struct tc_browser *staff = tc_as(STAFF), *b;
	struct tc_resp	*r;
	char		 email[96], cs[32], path[256], *loc;
	long long	 c, p, id, env, id2, env2;

	c = client_with("Signs", 1, -1, 1, "s3", "Sol Signer", email,
	    sizeof(email), "Signed project", &p);
	b = tc_as(email);
	/* Staff ask for signatures for this client. */
	snprintf(cs, sizeof(cs), "%lld", c);
	r = tc_get(staff, "/staff/cases/settings");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Signed approval of estimates"));
	ck_assert_int_eq(tc_post(staff, "/staff/cases/settings/sign",
	    "client", cs, "sign", "2", NULL)->status, 200);
	ck_assert_int_eq(tc_post(staff, "/staff/cases/settings/sign",
	    "client", cs, "sign", "1", NULL)->status, 303);

	id = estimated_change(b, staff, p, "Wishlist SIGNEDCR");
	snprintf(path, sizeof(path), "/changes/%lld/decide", id);
	r = tc_post(b, path, "decision", "approve", "note", "Signed go",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	env = tc_sql_intf("SELECT envelope_id FROM change_requests WHERE id "
	    "= %lld AND status = 'signing'", id);
	ck_assert_int_gt(env, 0);
	/* Sent straight to sign. */
	loc = tc_header(r, "Location");
	snprintf(path, sizeof(path), "/sign/%lld", env);
	ck_assert_msg(loc != NULL && strstr(loc, path) != NULL, "to %s",
	    loc != NULL ? loc : "(none)");
	free(loc);
	/* Nothing takes effect before the signature. */
	row_is("change_requests", id, "decided_at IS NULL AND decision_id IS "
	    "NULL AND invoice_id IS NULL AND decided_name = 'Sol Signer' AND "
	    "decided_addr IS NOT NULL");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld", p), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND origin = 'cases' AND state = 'sent'", env), 1);
	snprintf(path, sizeof(path), "/changes/%lld", id);
	r = tc_get(b, path);
	ck_assert(tc_has(r, "Sign the estimate"));
	ck_assert(!tc_has(r, "Approve the estimate"));
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	ck_assert(tc_has(tc_get(staff, path), "awaiting the client"));
	/* Twice is refused while it waits. */
	post_303(b, "/changes/%lld/decide", id, "decision", "reject", NULL);
	row_is("change_requests", id, "status = 'signing'");

	/* The contact signs: the approval takes effect. */
	snprintf(path, sizeof(path), "/sign/%lld", env);
	ck_assert_int_eq(tc_get(b, path)->status, 200);
	r = tc_post(b, path, "consent", "1", "kind", "typed", "typed",
	    "Sol Signer", NULL);
	ck_assert_msg(r->status == 303, "sign: %ld", r->status);
	ck_assert_int_eq(wait_for("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'approved'", id), 1);
	row_is("change_requests", id, "decided_at IS NOT NULL AND decision_id "
	    "IS NOT NULL AND invoice_id IS NOT NULL AND sealed_file_id > 0 AND "
	    "decision_note = 'Signed go'");
	decided(p);
	invoiced(id, 25000);
	/* The sealed PDF, from the request's page, valid. */
	snprintf(path, sizeof(path), "/changes/%lld", id);
	r = tc_get(b, path);
	ck_assert(tc_has(r, "Download the signed estimate"));
	snprintf(path, sizeof(path), "/esign/%lld/sealed", env);
	ck_assert_msg(tc_sealed_valid(b, path), "%s is not a PDF this site "
	    "sealed", path);
	ck_assert(tc_has(tc_get(b, "/activity"), "was signed and approved"));
	/* The event again changes nothing: one decision, one invoice. */
	ck_assert_int_eq(tc_jobs_run(""), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld", p), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM pay_docs WHERE "
	    "origin = 'cases' AND client_id = %lld", c), 1);

	/* Declined when signing: rejected, with the reason. */
	id2 = estimated_change(b, staff, p, "Wishlist DECLINEDCR");
	post_303(b, "/changes/%lld/decide", id2, "decision", "approve", NULL);
	env2 = tc_sql_intf("SELECT envelope_id FROM change_requests WHERE id "
	    "= %lld AND status = 'signing'", id2);
	ck_assert_int_gt(env2, 0);
	snprintf(path, sizeof(path), "/sign/%lld", env2);
	ck_assert_int_eq(tc_get(b, path)->status, 200);
	snprintf(path, sizeof(path), "/sign/%lld/decline", env2);
	r = tc_post(b, path, "reason", "Too dear REASONWORD", NULL);
	ck_assert_msg(r->status == 200, "decline: %ld", r->status);
	ck_assert_int_eq(wait_for("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'rejected'", id2), 1);
	row_is("change_requests", id2, "decision_note LIKE '%%REASONWORD%%' "
	    "AND decided_at IS NOT NULL AND invoice_id IS NULL");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld", p), 1);

	/*
	 * A client whose e-signatures are switched off, asked to sign:
	 * approved without a signature, the team told why.
	 */
	snprintf(cs, sizeof(cs), "%lld", fx.c2);
	ck_assert_int_eq(tc_post(staff, "/staff/cases/settings/sign",
	    "client", cs, "sign", "1", NULL)->status, 303);
	{
		struct tc_browser *xia = tc_as(fx.x2);

		id2 = approved_change(xia, staff, "Unsigned CRTHREE", "other",
		    "Small", "Small", "10");
		row_is("change_requests", id2, "status = 'approved' AND "
		    "envelope_id IS NULL AND followup LIKE '%%without a "
		    "signature%%'");
		tc_free(xia);
	}
	ck_assert_int_eq(tc_post(staff, "/staff/cases/settings/sign",
	    "client", cs, "sign", "", NULL)->status, 303);
	tc_free(b);
	tc_free(staff);
}
END_TEST

/*
 * A client with payments and contracts switched off (the per-client
 * plugin switch): an approved estimate is approved with its decision on
 * the project, nothing is invoiced or amended, the team gets a note
 * saying what to do by hand, and every page about it draws.
 */
START_TEST(plugins_off)
{
	struct tc_browser *staff = tc_as(STAFF), *b;
	char		 email[96], path[256];
	long long	 c, p, id;
	const char	*pages[] = { "/changes/%I", "/changes", "/",
	    "/projects/%P", "/activity" };
	const char	*spages[] = { "/staff/changes/%I",
	    "/staff/changes/%I?format=xml", "/staff/changes",
	    "/staff/projects/%P", "/staff/clients/%C", "/staff" };

	c = client_with("Bare", 0, 0, 0, "b4", "Bo Bare", email, sizeof(email),
	    "Bare project", &p);
	b = tc_as(email);
	id = estimated_change(b, staff, p, "Wishlist BARECR");
	post_303(b, "/changes/%lld/decide", id, "decision", "approve", NULL);
	row_is("change_requests", id, "status = 'approved' AND decided_at IS "
	    "NOT NULL AND decision_id IS NOT NULL AND invoice_id IS NULL AND "
	    "contract_id IS NULL AND envelope_id IS NULL AND followup LIKE "
	    "'%%by hand%%' AND followup LIKE '%%contract%%'");
	decided(p);
	unbilled(c);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "client_id = %lld", c), 0);
	all_draw(pages, sizeof(pages) / sizeof(pages[0]), "IPC",
	    (long long[]){ id, p, c }, b, "", NULL, NULL);
	all_draw(spages, sizeof(spages) / sizeof(spages[0]), "IPC",
	    (long long[]){ id, p, c }, staff, "", NULL, NULL);
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	ck_assert(tc_has(tc_get(staff, path), "by hand"));
	tc_free(b);
	tc_free(staff);
}
END_TEST

/*
 * Through the bare host (payments not loaded; contracts too when the
 * host drops it), for a client with payments switched on: the estimate
 * is approved with its decision on the project, nothing is invoiced, the
 * team's note says to bill by hand because payments is not loaded, and
 * every page about it draws, on that host and on the full one.
 */
START_TEST(payments_not_loaded)
{
	struct tc_browser *staff, *b, *full = tc_as(STAFF);
	char		 email[96], path[256];
	long long	 c, p, id;
	const char	*pages[] = { "/changes/%I", "/changes/%I?format=xml",
	    "/changes", "/", "/projects/%P", "/activity", "/cases",
	    "/search?q=BAREHOSTCR" };
	const char	*spages[] = { "/staff/changes/%I",
	    "/staff/changes/%I?format=xml", "/staff/changes",
	    "/staff/projects/%P", "/staff/clients/%C", "/staff",
	    "/staff/cases", "/staff/cases/settings",
	    "/staff/reports/health", "/staff/reports" };

	c = client_with("Barehost", 1, -1, -1, "h5", "Hana Host", email,
	    sizeof(email), "Bare host project", &p);
	staff = tc_as_host("BARE", "payments", STAFF);
	b = tc_as_host("BARE", "payments", email);
	id = estimated_change(b, staff, p, "Wishlist BAREHOSTCR");
	post_303(b, "/changes/%lld/decide", id, "decision", "approve", "note",
	    "Fine", NULL);
	row_is("change_requests", id, "status = 'approved' AND decided_at IS "
	    "NOT NULL AND decision_id IS NOT NULL AND invoice_id IS NULL AND "
	    "followup LIKE '%%Invoice the cost by hand (the payments plugin is "
	    "not loaded)%%'");
	decided(p);
	unbilled(c);
	/* Contracts dropped too: said; else no contract to amend. */
	row_is("change_requests", id, "contract_id IS NULL AND (followup LIKE "
	    "'%%contracts plugin is not loaded%%' OR followup LIKE '%%no "
	    "active contract%%')");
	all_draw(pages, sizeof(pages) / sizeof(pages[0]), "IPC",
	    (long long[]){ id, p, c }, b, "bare ", NULL, NULL);
	all_draw(spages, sizeof(spages) / sizeof(spages[0]), "IPC",
	    (long long[]){ id, p, c }, staff, "bare ", full, "full ");
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	ck_assert(tc_has(tc_get(staff, path), "by hand"));
	ck_assert(tc_has(tc_get(full, path), "by hand"));
	tc_free(b);
	tc_free(staff);
	tc_free(full);
}
END_TEST

/*
 * Through the second bare host (contracts and e-signatures not loaded,
 * payments there), for a client with all three switched on, a contract
 * in force and signed approval of estimates asked for: a case opens,
 * and a change request goes submitted, estimated, approved by the
 * client, with who, when and where, its decision on the project and its
 * invoice.  No amendment is drafted and no envelope made; the team's
 * note says to amend the contract by hand because the contracts plugin
 * is not loaded, and that the estimate was approved without a signature
 * because the e-signature plugin is not; the contact never reads that
 * note.  Every page of cases and change requests draws, for the contact
 * and staff, on that host (and the staff's on the full one).
 */
START_TEST(contracts_not_loaded)
{
	struct tc_browser *staff, *b, *full = tc_as(STAFF);
	struct tc_resp	*r;
	char		 email[96], path[256], cs[32];
	long long	 c, p, id, kid, am;
	const char	*pages[] = { "/changes/%I", "/changes/%I?format=xml",
	    "/changes", "/changes/new", "/cases", "/cases/new", "/cases/%K",
	    "/cases/%K?format=xml", "/", "/projects/%P", "/activity",
	    "/search?q=NOCONTRACTCR" };
	const char	*spages[] = { "/staff/changes/%I",
	    "/staff/changes/%I?format=xml", "/staff/changes",
	    "/staff/changes/new", "/staff/cases", "/staff/cases?queue=mine",
	    "/staff/cases?queue=breaching", "/staff/cases/new",
	    "/staff/cases/%K", "/staff/cases/%K?format=xml",
	    "/staff/cases/settings", "/staff/cases/measures.csv",
	    "/staff/projects/%P", "/staff/clients/%C", "/staff",
	    "/staff/reports", "/staff/reports/health" };

	c = client_with("Nocontracts", 1, 1, 1, "n6", "Nia Nocon", email,
	    sizeof(email), "No contracts project", &p);
	/* On the full host: a contract in force, signed approvals asked. */
	active_contract(full, c, p);
	snprintf(cs, sizeof(cs), "%lld", c);
	tc_get(full, "/staff/cases/settings");
	ck_assert_int_eq(tc_post(full, "/staff/cases/settings/sign",
	    "client", cs, "sign", "1", NULL)->status, 303);
	staff = tc_as_host("BARE2", "contracts esign", STAFF);
	b = tc_as_host("BARE2", "contracts esign", email);
	/* A case, opened on that host. */
	kid = new_case(b, "Support", "Hosted NOCONTRACTCASE", "Hello",
	    "normal");
	/* The request: submitted, estimated, then approved. */
	id = estimated_change(b, staff, p, "Wishlist NOCONTRACTCR");
	snprintf(path, sizeof(path), "/changes/%lld", id);
	r = tc_get(b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Approve the estimate"));
	snprintf(path, sizeof(path), "/changes/%lld/decide", id);
	r = tc_post(b, path, "decision", "approve", "note", "Go", NULL);
	ck_assert_int_eq(r->status, 303);
	row_is("change_requests", id, "status = 'approved' AND decided_at IS "
	    "NOT NULL AND decided_name = 'Nia Nocon' AND decided_addr IS NOT "
	    "NULL AND decision_note = 'Go' AND decision_id IS NOT NULL AND "
	    "contract_id IS NULL AND envelope_id IS NULL");
	decided(p);
	/* Payments is loaded there: the cost is invoiced, once. */
	invoiced(id, 25000);
	/* No amendment, no envelope; the note says why, for the team. */
	am = tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE client_id = "
	    "%lld AND amends_id IS NOT NULL", c);
	ck_assert_int_eq(am, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE origin = 'cases' AND ref = 'change:%lld'", id), 0);
	row_is("change_requests", id, "followup LIKE '%%Amend the contract by "
	    "hand (the contracts plugin is not loaded)%%' AND followup LIKE "
	    "'%%Approved without a signature (the e-signature plugin is not "
	    "loaded)%%' AND followup NOT LIKE '%%nvoice%%'");
	snprintf(path, sizeof(path), "/staff/changes/%lld", id);
	ck_assert(tc_has(tc_get(staff, path), "the contracts plugin is not "
	    "loaded"));
	ck_assert(tc_has(tc_get(full, path), "the contracts plugin is not "
	    "loaded"));
	snprintf(path, sizeof(path), "/changes/%lld?format=xml", id);
	r = tc_get(b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "NOCONTRACTCR"));
	ck_assert(!tc_has(r, "by hand"));
	ck_assert(!tc_has(r, "not loaded"));
	all_draw(pages, sizeof(pages) / sizeof(pages[0]), "IPCK",
	    (long long[]){ id, p, c, kid }, b, "bare2 ", NULL, NULL);
	all_draw(spages, sizeof(spages) / sizeof(spages[0]), "IPCK",
	    (long long[]){ id, p, c, kid }, staff, "bare2 ", full, "full ");
	tc_free(b);
	tc_free(staff);
	tc_free(full);
}
END_TEST

/* The suite. */
static Suite *
cases_suite(void)
{
	Suite	*s = suite_create("cases");
	TCase	*tc = tcase_create("cases");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, case_flow);
	tcase_add_test(tc, queues_and_assign);
	tcase_add_test(tc, sla_job);
	tcase_add_test(tc, health_periods);
	tcase_add_test(tc, change_flow);
	tcase_add_test(tc, other_client_404);
	tcase_add_test(tc, pages_draw);
	tcase_add_test(tc, mail_reply);
	tcase_add_test(tc, canned_use);
	tcase_add_test(tc, change_signed);
	tcase_add_test(tc, plugins_off);
	tcase_add_test(tc, payments_not_loaded);
	tcase_add_test(tc, contracts_not_loaded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tc_run_suite(cases_suite());
}
