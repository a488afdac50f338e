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
	ck_assert_msg(n <= 2 * RUN, "the project page took %lld round trips "
	    "for %d requests (2 each: the session, the view)", n, RUN);
	n = cost(b, "/projects");
	ck_assert_msg(n <= RUN, "the project list took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n, RUN);
	n = cost(b, "/files");
	ck_assert_msg(n <= RUN, "the file list took %lld round trips "
	    "for %d requests (1 each: the session; the list is kept)", n, RUN);
	n = cost(b, "/invoices");
	ck_assert_msg(n <= 4 * RUN, "the invoice list took %lld round trips "
	    "for %d requests (4 each: the session, the list's marker, its "
	    "documents, its sums)", n, RUN);
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

START_TEST(bell_follows_notices)
{
	struct tc_browser *b = tc_as(fx.email);
	char		 sql[512];
	long long	 before;

	before = bell(tc_get(b, "/"));
	snprintf(sql, sizeof(sql), "INSERT INTO notifications (user_id, "
	    "kind, subject, body, link, delivery, created_at) VALUES (%lld, "
	    "'system', 'Trips notice', 'Body', '/', 'none', "
	    "UTC_TIMESTAMP())", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	/* Every page, the kept dashboard too, shows it at once. */
	ck_assert_int_eq(bell(tc_get(b, "/")), before + 1);
	ck_assert_int_eq(bell(tc_get(b, "/projects")), before + 1);
	snprintf(sql, sizeof(sql), "UPDATE notifications SET read_at = "
	    "UTC_TIMESTAMP() WHERE user_id = %lld", fx.contact);
	ck_assert(tc_sql(sql) != NULL);
	ck_assert_int_eq(bell(tc_get(b, "/")), 0);
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
	/* Seeing the list clears it on the next page (whichever worker). */
	tc_get(b, "/projects");
	ck_assert_msg(!projects_new(tc_get(b, "/")), "the count stayed after "
	    "the list was seen");
	ck_assert(!projects_new(tc_get(b, "/files")));
	tc_free(b);
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
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tc_run_suite(trips_suite());
}
