/*
 * The cases plugin end to end: a contact opens a case with a file; staff
 * reply and add an internal note; the contact sees the reply and never
 * the note (list, page, mail, search, ?format=xml, activity); replies
 * reopen a resolved case, a closed one takes none until staff reopen it;
 * bulk assignment and the queues; the SLA job warns and records a breach
 * once; a change request is estimated and approved (recorded with who,
 * when and where, the decision on the project, the milestones moved,
 * and a follow-up for what a missing service could not do); another
 * client's contact gets 404 on every case and change request route.
 *
 * The suite makes its own clients, contacts and projects.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

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
	char		 name[96], sql[256];
	long long	 id;

	snprintf(name, sizeof(name), "Cases %s %s", what, tc_tag());
	id = tc_make_client(name);
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'cases', 1)", id);
	free(tc_sql(sql));
	return id;
}

/* Makes the clients, contacts, project and milestones the tests use. */
static void
setup_once(void)
{
	char	 sql[512];

	fx.c1 = client("One");
	fx.c2 = client("Two");
	/* Payments for the first client only: the second is not billed. */
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'payments', 1)", fx.c1);
	free(tc_sql(sql));
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

/* Runs "atriumctl jobs run NAME" with the test config; its status. */
static int
run_job(const char *name)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run %s "
	    ">/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), name);
	return system(cmd);
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
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND clock_since IS NOT NULL AND res_due IS NOT NULL AND "
	    "status = 'new'", id), 1);
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
	snprintf(path, sizeof(path), "/staff/cases/%lld/reply", id);
	ck_assert_int_eq(tc_post(staff, path, "body", "Which phone REPLYWORD?",
	    "then", "waiting", NULL)->status, 303);
	snprintf(path, sizeof(path), "/staff/cases/%lld/note", id);
	ck_assert_int_eq(tc_post(staff, path, "body",
	    "SECRETNOTEWORD budget is tight", NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'waiting' AND first_response_at IS NOT NULL "
	    "AND clock_since IS NULL AND res_due IS NULL", id), 1);
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
	snprintf(path, sizeof(path), "/cases/%lld/reply", id);
	ck_assert_int_eq(tc_post(ana, path, "body", "An iPhone 12",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'open' AND clock_since IS NOT NULL", id), 1);
	/* Resolved by staff, reopened by the contact's reply. */
	snprintf(path, sizeof(path), "/staff/cases/%lld/update", id);
	ck_assert_int_eq(tc_post(staff, path, "status", "resolved",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'resolved' AND resolved_at IS NOT NULL", id), 1);
	snprintf(path, sizeof(path), "/cases/%lld/reply", id);
	ck_assert_int_eq(tc_post(ana, path, "body", "It happens again",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'open' AND resolved_at IS NULL", id), 1);
	/* Closed: the contact cannot reply; staff reopen. */
	snprintf(path, sizeof(path), "/staff/cases/%lld/update", id);
	ck_assert_int_eq(tc_post(staff, path, "status", "closed",
	    NULL)->status, 303);
	snprintf(path, sizeof(path), "/cases/%lld/reply", id);
	ck_assert_int_eq(tc_post(ana, path, "body", "CLOSEDREPLY",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages "
	    "WHERE case_id = %lld AND body = 'CLOSEDREPLY'", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'closed'", id), 1);
	snprintf(path, sizeof(path), "/staff/cases/%lld/update", id);
	ck_assert_int_eq(tc_post(staff, path, "status", "open",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'open' AND closed_at IS NULL", id), 1);

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
	char		 tid[32], a[32], b[32], owner[32];
	long long	 id1, id2, sid;

	snprintf(tid, sizeof(tid), "%lld", type_id("Question"));
	tc_get(ana, "/cases/new");
	r = tc_post(ana, "/cases/new", "type", tid, "subject", "Queue one",
	    "body", "q1", NULL);
	id1 = tc_location_id(r);
	r = tc_post(ana, "/cases/new", "type", tid, "subject", "Queue two",
	    "body", "q2", "priority", "urgent", NULL);
	id2 = tc_location_id(r);
	ck_assert(id1 > 0 && id2 > 0);
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

START_TEST(sla_job)
{
	struct tc_browser *ana = tc_as(fx.a1);
	struct tc_resp	*r;
	char		 tid[32], needle[96];
	long long	 id;
	long		 since = (long)time(NULL) - 1;

	snprintf(tid, sizeof(tid), "%lld", type_id("Support"));
	tc_get(ana, "/cases/new");
	r = tc_post(ana, "/cases/new", "type", tid, "subject",
	    "SLATESTCASE late one", "body", "x", "priority", "urgent", NULL);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	/* The response target passed a minute ago; resolution is near. */
	free(tc_sql(tc_expand("UPDATE cases SET resp_due = UTC_TIMESTAMP() - "
	    "INTERVAL 1 MINUTE, res_due = UTC_TIMESTAMP() + INTERVAL 10 "
	    "MINUTE WHERE id = %I", "I", (long long[]){ id })));
	run_job("cases.sla");
	run_job("mail.send");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches WHERE "
	    "case_id = %lld AND target = 'response'", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_breaches WHERE "
	    "case_id = %lld AND target = 'resolution'", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT warned & 2 FROM cases WHERE id = "
	    "%lld", id), 2);
	/* Recorded once, however often the job runs. */
	run_job("cases.sla");
	run_job("mail.send");
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
	tc_free(ana);
}
END_TEST

START_TEST(change_flow)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], proj[32], ms[32];
	long long	 id;

	snprintf(proj, sizeof(proj), "%lld", fx.p1);
	snprintf(ms, sizeof(ms), "%lld", fx.ms1);
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
	snprintf(path, sizeof(path), "/changes/%lld/decide", id);
	ck_assert_int_eq(tc_post(ana, path, "decision", "approve",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'submitted'", id), 1);
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
	snprintf(path, sizeof(path), "/changes/%lld/decide", id);
	ck_assert_int_eq(tc_post(ana, path, "decision", "approve", "note",
	    "Go ahead", NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'approved' AND decided_at IS NOT "
	    "NULL AND decided_addr IS NOT NULL AND decided_name = "
	    "'Alma Cases'", id), 1);
	/* The milestone moved, the other did not. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM milestones WHERE "
	    "id = %lld AND due_on = '2030-01-15'", fx.ms1), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM milestones WHERE "
	    "id = %lld AND due_on = '2030-02-01'", fx.ms2), 1);
	/* A decision on the project (the hub's decisions service). */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld AND title LIKE 'Change approved:%%'", fx.p1), 1);
	/*
	 * The cost lines are invoiced through the payments plugin's
	 * invoicing service, once; the contract is amended through the
	 * contracts plugin when it is loaded and the client has a contract
	 * (else the team gets a note saying so).
	 */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests c "
	    "JOIN pay_docs d ON d.id = c.invoice_id WHERE c.id = %lld AND "
	    "d.total = 50100", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND (contract_id IS NOT NULL OR followup LIKE "
	    "'%%contract%%')", id), 1);
	/* Twice is refused. */
	ck_assert_int_eq(tc_post(ana, path, "decision", "reject",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'approved'", id), 1);
	/* Staff schedule it, then mark it done. */
	snprintf(path, sizeof(path), "/staff/changes/%lld/status", id);
	ck_assert_int_eq(tc_post(staff, path, "status", "scheduled",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_post(staff, path, "status", "done",
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM change_requests "
	    "WHERE id = %lld AND status = 'done'", id), 1);
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

		tc_get(xia, "/changes/new");
		r = tc_post(xia, "/changes/new", "title", "Unbilled CRTWO",
		    "category", "bugfix", "description", "d",
		    "justification", "j", "benefit", "b", NULL);
		id2 = tc_location_id(r);
		ck_assert_int_gt(id2, 0);
		snprintf(path, sizeof(path), "/staff/changes/%lld/estimate",
		    id2);
		ck_assert_int_eq(tc_post(staff, path, "scope", "Fix it",
		    "line1_desc", "Fix", "line1_unit", "80", NULL)->status,
		    303);
		snprintf(path, sizeof(path), "/changes/%lld/decide", id2);
		ck_assert_int_eq(tc_post(xia, path, "decision", "approve",
		    NULL)->status, 303);
		ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM "
		    "change_requests WHERE id = %lld AND status = 'approved' "
		    "AND invoice_id IS NULL AND followup LIKE '%%by hand%%'",
		    id2), 1);
		ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM pay_docs "
		    "WHERE client_id = %lld", fx.c2), 0);
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
	char		 path[256], tid[32];
	long long	 k, cr;
	const char	*get[] = { "/cases/%I", "/cases/%I?format=xml",
	    "/changes/%C", "/changes/%C?format=xml", "/cases/%I/files/1" };
	const char	*post[] = { "/cases/%I/reply", "/changes/%C/decide" };
	size_t		 i;
	long long	 vals[2];

	snprintf(tid, sizeof(tid), "%lld", type_id("Other"));
	tc_get(ana, "/cases/new");
	r = tc_post(ana, "/cases/new", "type", tid, "subject",
	    "PRIVATECASE of one", "body", "mine", NULL);
	k = tc_location_id(r);
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

START_TEST(mail_reply)
{
	struct tc_browser *ana = tc_as(fx.a1), *staff = tc_as(STAFF);
	struct tc_resp	*r;
	const char	*conf = mail_conf();
	char		 tid[32], path[256], cmd[4096], to[256], mid[128];
	char		*mail, *h, *e, *msg;
	long long	 id;
	long		 since;
	size_t		 n;

	snprintf(tid, sizeof(tid), "%lld", type_id("Support"));
	tc_get(ana, "/cases/new");
	r = tc_post(ana, "/cases/new", "type", tid, "subject",
	    "MAILCASE by mail", "body", "x", NULL);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
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
	ck_assert_int_eq(receive(conf, msg), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND via = 'mail' AND kind = 'reply' AND body LIKE "
	    "'%%MAILREPLYWORD%%' AND body NOT LIKE '%%QUOTEDHISTORY%%' AND "
	    "body NOT LIKE '%%Cases Ltd%%'", id), 1);
	/* It reopens the case waiting on the client. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM cases WHERE id = "
	    "%lld AND status = 'open' AND clock_since IS NOT NULL", id), 1);
	/* The same message again is stored once. */
	ck_assert_int_eq(receive(conf, msg), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND via = 'mail'", id), 1);
	free(msg);
	snprintf(path, sizeof(path), "/cases/%lld", id);
	ck_assert(tc_has(tc_get(ana, path), "MAILREPLYWORD"));

	/* A forged sender is refused and nothing is stored. */
	snprintf(mid, sizeof(mid), "r2-%s@client.test", tc_tag());
	msg = reply_mail(fx.x2, to, mid, "FORGEDWORD take over");
	ck_assert_int_ne(receive(conf, msg), 0);
	free(msg);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM case_messages WHERE "
	    "case_id = %lld AND body LIKE '%%FORGEDWORD%%'", id), 0);
	/* A token that was tampered with too. */
	e = strchr(to, '+');
	ck_assert_ptr_nonnull(e);
	e[1] = e[1] == 'a' ? 'b' : 'a';
	snprintf(mid, sizeof(mid), "r3-%s@client.test", tc_tag());
	msg = reply_mail(fx.a1, to, mid, "TAMPEREDWORD");
	ck_assert_int_ne(receive(conf, msg), 0);
	free(msg);
	e[1] = e[1] == 'a' ? 'b' : 'a';
	/* A closed case takes no reply by mail either. */
	snprintf(path, sizeof(path), "/staff/cases/%lld/update", id);
	ck_assert_int_eq(tc_post(staff, path, "status", "closed",
	    NULL)->status, 303);
	snprintf(mid, sizeof(mid), "r4-%s@client.test", tc_tag());
	msg = reply_mail(fx.a1, to, mid, "LATEWORD");
	ck_assert_int_ne(receive(conf, msg), 0);
	free(msg);
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
	size_t		 i;

	for (i = 0; i < sizeof(cpages) / sizeof(cpages[0]); i++) {
		r = tc_get(ana, cpages[i]);
		ck_assert_msg(r->status == 200, "%s: %ld", cpages[i],
		    r->status);
	}
	for (i = 0; i < sizeof(spages) / sizeof(spages[0]); i++) {
		r = tc_get(staff, spages[i]);
		ck_assert_msg(r->status == 200, "%s: %ld", spages[i],
		    r->status);
	}
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
	tcase_add_test(tc, change_flow);
	tcase_add_test(tc, other_client_404);
	tcase_add_test(tc, pages_draw);
	tcase_add_test(tc, mail_reply);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tc_run_suite(cases_suite());
}
