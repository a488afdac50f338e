/*
 * What pages cost the database in the steady state: the round trips the
 * server counts (statements prepared and executed: every query Atrium
 * makes while serving a page is one), over a run of the same page once
 * the workers have seen it.  Not a timing: counts only, so it holds on
 * a loaded machine.  The server's counters are global, so another
 * client of the database (a job) can only add to a run: the fewest over
 * a few runs is the page's own cost.
 *
 * Also that what the session's one query now carries stays right: the
 * bell's unread count follows new and read notices at no extra cost,
 * and the navigation's change counts follow a change and a visit.
 *
 * The suite makes its own client (with the payments plugin on),
 * contact and project.
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
#define STAFF	"staff@demo.test"
#define RUN	10	/* requests in one run */
#define RUNS	6	/* runs; the fewest counts */

static struct {
	long long	 client, contact, project;
	char		 email[96];
} fx;

static void
setup_once(void)
{
	char	 name[96], sql[256];

	snprintf(name, sizeof(name), "Trips %s", tc_tag());
	fx.client = tc_make_client(name);
	snprintf(fx.email, sizeof(fx.email), "trips-%s@trips.test", tc_tag());
	fx.contact = tc_make_contact(fx.client, fx.email, "Tove Trips");
	snprintf(name, sizeof(name), "Trips Project %s", tc_tag());
	fx.project = tc_make_project(fx.client, name);
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'payments', 1); SELECT 1",
	    fx.client);
	ck_assert_int_eq(tc_sql_int(sql), 1);
}

/* The server's statements so far (prepared and executed). */
static long long
statements(void)
{
	long long	 n;

	n = tc_sql_int("SELECT SUM(VARIABLE_VALUE) FROM "
	    "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN "
	    "('COM_STMT_EXECUTE', 'COM_STMT_PREPARE')");
	ck_assert_int_ge(n, 0);
	return n;
}

/* The fewest statements a run of RUN requests of path made. */
static long long
cost(struct tc_browser *b, const char *path)
{
	long long	 best = -1, s0, s1;
	int		 i, k;

	/* Every worker prepares its statements on first use. */
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(tc_get(b, path)->status, 200);
	for (k = 0; k < RUNS; k++) {
		s0 = statements();
		for (i = 0; i < RUN; i++)
			ck_assert_int_eq(tc_get(b, path)->status, 200);
		s1 = statements();
		if (best == -1 || s1 - s0 < best)
			best = s1 - s0;
	}
	return best;
}

START_TEST(contact_pages)
{
	struct tc_browser *b = tc_as(fx.email);
	char		 path[64];
	long long	 n;

	n = cost(b, "/");
	ck_assert_msg(n <= RUN, "the dashboard took %lld round trips for %d "
	    "requests (1 each: the session)", n, RUN);
	snprintf(path, sizeof(path), "/projects/%lld", fx.project);
	n = cost(b, path);
	ck_assert_msg(n <= RUN, "the project page took %lld round trips "
	    "for %d requests (1 each: the session; the view is logged once "
	    "in its window, the page is kept)", n, RUN);
	n = cost(b, "/projects");
	ck_assert_msg(n <= RUN, "the project list took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n, RUN);
	n = cost(b, "/files");
	ck_assert_msg(n <= RUN, "the file list took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n, RUN);
	n = cost(b, "/invoices");
	ck_assert_msg(n <= RUN, "the invoice list took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n,
	    RUN);
	n = cost(b, "/invoices?show=open");
	ck_assert_msg(n <= RUN, "the open invoices took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n,
	    RUN);
	tc_free(b);
}
END_TEST

START_TEST(staff_dashboard)
{
	struct tc_browser *b = tc_as(STAFF);
	long long	 n;

	n = cost(b, "/staff");
	ck_assert_msg(n <= RUN, "the staff dashboard took %lld round trips "
	    "for %d requests (1 each)", n, RUN);
	tc_free(b);
}
END_TEST

/* The bell's count on page r: the number in <span class="bell-count">. */
static long long
bell(const struct tc_resp *r)
{
	const char	*p = strstr(r->body, "class=\"bell-count\">");

	return p == NULL ? 0 : strtoll(p + 19, NULL, 10);
}

/*
 * Whether each of the next 8 requests (more than the workers, so every
 * worker's kept figures are asked) shows n unread on path.
 */
static void
bell_is(struct tc_browser *b, const char *path, long long n)
{
	long long	 got;
	int		 i;

	for (i = 0; i < 8; i++) {
		got = bell(tc_get(b, path));
		ck_assert_msg(got == n, "request %d of %s: the bell shows "
		    "%lld, not %lld", i + 1, path, got, n);
	}
}

START_TEST(bell_follows_notices)
{
	struct tc_browser *b = tc_as(fx.email);
	char		 sql[512];
	long long	 before;

	/* Every worker has the session and its figures. */
	before = bell(tc_get(b, "/"));
	bell_is(b, "/", before);
	snprintf(sql, sizeof(sql), "INSERT INTO notifications (user_id, "
	    "kind, subject, body, link, delivery, created_at) VALUES (%lld, "
	    "'system', 'Trips notice', 'Body', '/', 'none', "
	    "UTC_TIMESTAMP())", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	/* Every page, the kept dashboard too, on every worker, at once. */
	bell_is(b, "/", before + 1);
	bell_is(b, "/projects", before + 1);
	/* A digest sent moves nothing the header shows. */
	snprintf(sql, sizeof(sql), "UPDATE notifications SET mailed_at = "
	    "UTC_TIMESTAMP() WHERE user_id = %lld", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	bell_is(b, "/", before + 1);
	snprintf(sql, sizeof(sql), "UPDATE notifications SET read_at = "
	    "UTC_TIMESTAMP() WHERE user_id = %lld", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	bell_is(b, "/", 0);
	/* Marked unread again, then removed. */
	snprintf(sql, sizeof(sql), "UPDATE notifications SET read_at = NULL "
	    "WHERE user_id = %lld AND subject = 'Trips notice'", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	bell_is(b, "/files", 1);
	snprintf(sql, sizeof(sql), "DELETE FROM notifications WHERE user_id "
	    "= %lld AND subject = 'Trips notice'", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	bell_is(b, "/", 0);
	tc_free(b);
}
END_TEST

/* Whether the navigation's Projects item carries a "new" count. */
static int
projects_new(const struct tc_resp *r)
{
	const char	*p = strstr(r->body, "href=\"/projects\""), *e;
	char		*item;
	int		 has;

	ck_assert(p != NULL);
	e = strstr(p, "</a>");
	ck_assert(e != NULL);
	item = strndup(p, (size_t)(e - p));
	has = strstr(item, "nav-new") != NULL;
	free(item);
	return has;
}

START_TEST(change_counts_follow)
{
	struct tc_browser *b = tc_as(fx.email);
	char		 sql[512];
	int		 i;

	/* Seen: no count. */
	tc_get(b, "/projects");
	ck_assert(!projects_new(tc_get(b, "/")));
	/*
	 * The list last seen an hour ago, a project shared since (a change
	 * adds to the client's data version, as the activity log does).
	 */
	snprintf(sql, sizeof(sql), "UPDATE last_visits SET seen_at = "
	    "UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE user_id = %lld; "
	    "INSERT INTO projects (client_id, name, overview, status, "
	    "visible, shared_at, created_at) VALUES (%lld, 'Trips Later %s', "
	    "'', 'active', 1, UTC_TIMESTAMP() - INTERVAL 30 MINUTE, "
	    "UTC_TIMESTAMP() - INTERVAL 30 MINUTE); INSERT INTO data_versions "
	    "(client_id, version) VALUES (%lld, 1) ON DUPLICATE KEY UPDATE "
	    "version = version + 1", fx.contact, fx.client, tc_tag(),
	    fx.client);
	ck_assert(tc_sql(sql) != NULL);
	ck_assert_msg(projects_new(tc_get(b, "/")), "no count for a change");
	ck_assert(projects_new(tc_get(b, "/files")));
	/*
	 * Seeing the list (on one worker) clears it on every page after,
	 * whichever worker draws it: the marker moved, nothing else did.
	 */
	tc_get(b, "/projects");
	for (i = 0; i < 8; i++) {
		ck_assert_msg(!projects_new(tc_get(b, "/")), "request %d: the "
		    "count stayed after the list was seen", i + 1);
		ck_assert(!projects_new(tc_get(b, "/files")));
	}
	tc_free(b);
}
END_TEST

/*
 * A contact's views of a project in one view window (1800 s) are one
 * entry: the first is logged, the repeats (which workers no longer send)
 * are not counted again, and another person's view is logged too.
 */
START_TEST(project_views_once)
{
	struct tc_browser *a, *b;
	char		 name[96], email[96], path[64];
	long long	 p, other;
	int		 i;

	snprintf(name, sizeof(name), "Trips Viewed %s", tc_tag());
	p = tc_make_project(fx.client, name);
	snprintf(email, sizeof(email), "trips2-%s@trips.test", tc_tag());
	other = tc_make_contact(fx.client, email, "Otto Trips");
	snprintf(path, sizeof(path), "/projects/%lld", p);
	/* Not across a window's end. */
	while (1800 - time(NULL) % 1800 < 10)
		sleep(1);
	a = tc_as(fx.email);
	for (i = 0; i < 12; i++)
		ck_assert_int_eq(tc_get(a, path)->status, 200);
	ck_assert_int_eq(tc_sql_int(tc_expand("SELECT COUNT(*) FROM activity "
	    "WHERE action = 'view' AND object = 'project' AND object_id = %p "
	    "AND user_id = %u", "pu", (long long[]){ p, fx.contact })), 1);
	b = tc_as(email);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(tc_get(b, path)->status, 200);
	ck_assert_int_eq(tc_sql_int(tc_expand("SELECT COUNT(*) FROM activity "
	    "WHERE action = 'view' AND object = 'project' AND object_id = %p "
	    "AND user_id = %u", "pu", (long long[]){ p, other })), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'view' AND object = 'project' AND object_id = %lld", p),
	    2);
	tc_free(a);
	tc_free(b);
}
END_TEST

/* A sent invoice for the suite's client: one line, 100.00 + 20 %. */
static long long
invoice_sent(struct tc_browser *s)
{
	struct tc_resp	*r;
	char		 cl[32], path[128], tax[32];
	long long	 id;

	snprintf(cl, sizeof(cl), "%lld", fx.client);
	snprintf(tax, sizeof(tax), "%lld", tc_sql_int("SELECT id FROM "
	    "pay_taxes WHERE rate_bp = 2000 ORDER BY id LIMIT 1"));
	tc_get(s, "/staff/invoices");
	r = tc_post(s, "/staff/invoices", "client", cl, "kind", "invoice",
	    "title", "Trips work", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/lines", id);
	r = tc_post(s, path, "description", "Hours", "qty", "1", "unit",
	    "100.00", "tax", tax, "discount", "", NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/send", id);
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'sent' FROM pay_docs "
	    "WHERE id = %lld", id), 1);
	return id;
}

/* Records a payment of amount on invoice id as staff s. */
static void
invoice_pay(struct tc_browser *s, long long id, const char *amount)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", id);
	tc_get(s, "/staff/invoices");
	ck_assert_int_eq(tc_post(s, path, "amount", amount, "method", "bank",
	    "reference", "Trips transfer", NULL)->status, 303);
}

/*
 * Whether every one of 12 requests of the invoice list (so each worker's
 * kept copy, most likely) has want and, when not NULL, lacks nope.
 */
static int
invoices_show(struct tc_browser *b, const char *want, const char *nope)
{
	struct tc_resp	*r;
	int		 i;

	for (i = 0; i < 12; i++) {
		r = tc_get(b, "/invoices");
		ck_assert_int_eq(r->status, 200);
		if (!tc_has(r, want) || (nope != NULL && tc_has(r, nope)))
			return 0;
	}
	return 1;
}

/*
 * The invoice list is kept per person, and a change shows at once on
 * every worker: an invoice sent, a payment, an overpayment's credit.
 */
START_TEST(kept_invoices_follow)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.email);
	char		 num[64], *n;
	long long	 id;
	size_t		 l;

	/* Kept on every worker before the change. */
	ck_assert(invoices_show(a, "Invoices", NULL));
	id = invoice_sent(s);
	snprintf(num, sizeof(num), "SELECT number FROM pay_docs WHERE id = "
	    "%lld", id);
	n = tc_sql(num);
	ck_assert_ptr_nonnull(n);
	l = strlen(n);
	while (l > 0 && (n[l - 1] == '\n' || n[l - 1] == '\r'))
		n[--l] = '\0';
	ck_assert_int_gt(l, 0);
	snprintf(num, sizeof(num), "%s", n);
	free(n);
	ck_assert_msg(invoices_show(a, num, NULL), "the invoice sent (%s) "
	    "is missing from a kept list", num);
	ck_assert_msg(invoices_show(a, "Due: <strong>€120.00</strong>", NULL),
	    "no amount due");
	/* A payment: 70.00 left. */
	invoice_pay(s, id, "50.00");
	ck_assert_msg(invoices_show(a, "Due: <strong>€70.00</strong>",
	    "Due: <strong>€120.00"), "a kept list missed the payment");
	/* Paid with 50.00 more than due: nothing due, 50.00 of credit. */
	invoice_pay(s, id, "120.00");
	ck_assert_msg(invoices_show(a, "Your credit: <strong>€50.00</strong>",
	    "Due: "), "a kept list missed the credit");
	tc_free(s);
	tc_free(a);
}
END_TEST

static Suite *
trips_suite(void)
{
	Suite	*s = suite_create("roundtrips");
	TCase	*tc = tcase_create("roundtrips");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, contact_pages);
	tcase_add_test(tc, staff_dashboard);
	tcase_add_test(tc, bell_follows_notices);
	tcase_add_test(tc, change_counts_follow);
	tcase_add_test(tc, kept_invoices_follow);
	tcase_add_test(tc, project_views_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tc_run_suite(trips_suite());
}
