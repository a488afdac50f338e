/*
 * The navigation's counts of what changed since the last visit, for the
 * plugins' lists (meetings, invoices, contracts, cases, change requests:
 * at_reg_nav_count), end to end over the real stack:
 * - a contact: a new item of their client, shared with them, raises the
 *   list's count by one; drafts and internal notes do not; another
 *   client's new items do not; opening the list clears it; an update
 *   (a reply to a case) counts again;
 * - staff: a contact's new case, change request and meeting request,
 *   an invoice paid, a contract drawn up by someone else each raise the
 *   count by one; their own contract does not; the list clears it.
 * Rows written here directly also add to the client's data version, as
 * every change made through the site does.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/* The plugins' lists: contacts' and staff's links, in the same order. */
static const char *const lists[] = { "/meetings", "/invoices",
    "/contracts", "/cases", "/changes" };
static const char *const staff_lists[] = { "/staff/meetings",
    "/staff/invoices", "/staff/contracts", "/staff/cases",
    "/staff/changes" };
#define NLISTS	(sizeof(lists) / sizeof(lists[0]))

/* A client of this run with every plugin under test on. */
struct who {
	long long	 client, user;
	char		 email[256];
	struct tc_browser *b;
};

static void
who_new(struct who *w, const char *prefix)
{
	char	 sql[512];

	w->user = tc_make_client_contact(prefix, &w->client, w->email,
	    sizeof(w->email));
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'payments', 1), (%lld, "
	    "'contracts', 1), (%lld, 'cases', 1), (%lld, 'meetings', 1) ON "
	    "DUPLICATE KEY UPDATE enabled = 1", w->client, w->client,
	    w->client, w->client);
	free(tc_sql(sql));
	w->b = tc_as(w->email);
}

/* Runs sql ("%lld" each: client) and adds to the client's data version. */
static void
write_for(long long client, const char *fmt)
{
	char	 sql[2048], tail[256], *out;

	snprintf(sql, sizeof(sql), fmt, client, client, client, client);
	snprintf(tail, sizeof(tail), "; INSERT INTO data_versions (client_id, "
	    "version) VALUES (%lld, 1) ON DUPLICATE KEY UPDATE version = "
	    "version + 1", client);
	strncat(sql, tail, sizeof(sql) - strlen(sql) - 1);
	out = tc_sql(sql);
	ck_assert_msg(out != NULL, "%s", sql);
	free(out);
}

/*
 * The count the main navigation shows on its link to href on page (0
 * when none), read from the page's HTML.
 */
static long
nav_count(struct tc_browser *b, const char *page, const char *href)
{
	struct tc_resp	*r = tc_get(b, page);
	const char	*nav, *a, *end, *n;
	char		 needle[128];

	ck_assert_int_eq(r->status, 200);
	nav = strstr(r->body, "class=\"main-nav\"");
	ck_assert_msg(nav != NULL, "no main navigation on %s", page);
	snprintf(needle, sizeof(needle), "<a href=\"%s\"", href);
	if ((a = strstr(nav, needle)) == NULL)
		return -1;		/* no such entry */
	end = strstr(a, "</a>");
	ck_assert(end != NULL);
	n = strstr(a, "class=\"nav-new\">");
	if (n == NULL || n > end)
		return 0;
	return strtol(n + strlen("class=\"nav-new\">"), NULL, 10);
}

/* Asserts the counts of the five lists on page are want[]. */
static void
counts_are(struct tc_browser *b, const char *page,
    const char *const *hrefs, const long *want)
{
	size_t	 i;
	long	 got;

	for (i = 0; i < NLISTS; i++) {
		got = nav_count(b, page, hrefs[i]);
		ck_assert_msg(got == want[i], "%s on %s: %ld, not %ld",
		    hrefs[i], page, got, want[i]);
	}
}

/* A contract written here gets the first version the plugin would write. */
#define NAV_VERSION \
	"; INSERT INTO contract_versions (contract_id, version, body) " \
	"VALUES (LAST_INSERT_ID(), 1, 'Nav contract text')"
/* New items of both clients: each of the five once, plus what must not. */
#define NEW_ITEMS \
	"INSERT INTO meetings (client_id, topic, type, status, pref_start, " \
	"created_at, updated_at) VALUES (%lld, 'Nav meeting', 'video', " \
	"'proposed', UTC_TIMESTAMP() + INTERVAL 3 DAY, UTC_TIMESTAMP(), " \
	"UTC_TIMESTAMP()); " \
	"INSERT INTO pay_docs (kind, client_id, status, currency, title, " \
	"sent_at, created_at, updated_at) VALUES ('invoice', %lld, 'sent', " \
	"'EUR', 'Nav invoice', UTC_TIMESTAMP(), UTC_TIMESTAMP(), " \
	"UTC_TIMESTAMP()), ('invoice', %lld, " \
	"'draft', 'EUR', 'Nav draft', NULL, UTC_TIMESTAMP(), " \
	"UTC_TIMESTAMP()); " \
	"INSERT INTO contracts (client_id, title, state, created_at, " \
	"updated_at) VALUES (%lld, 'Nav contract', 'sent', UTC_TIMESTAMP(), " \
	"UTC_TIMESTAMP()) " \
	NAV_VERSION
#define NEW_DRAFT_CONTRACT \
	"INSERT INTO contracts (client_id, title, state, created_at, " \
	"updated_at) VALUES (%lld, 'Nav draft contract', 'draft', " \
	"UTC_TIMESTAMP(), UTC_TIMESTAMP()) " \
	NAV_VERSION
#define NEW_CASE \
	"INSERT INTO cases (client_id, type_id, subject, body, created_at, " \
	"updated_at) SELECT %lld, MIN(id), 'Nav case', 'Opened for you', " \
	"UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM case_types"
#define NEW_CHANGE \
	"INSERT INTO change_requests (client_id, title, category, " \
	"description, justification, benefit, status, created_at, " \
	"updated_at) VALUES (%lld, 'Nav change', 'feature', 'd', 'j', 'b', " \
	"'estimated', UTC_TIMESTAMP(), UTC_TIMESTAMP())"

START_TEST(contact_counts)
{
	struct who	 a, x;
	char		 sql[512];
	long long	 kase;
	long		 zero[NLISTS] = { 0 }, one[NLISTS], want[NLISTS];
	size_t		 i;

	for (i = 0; i < NLISTS; i++)
		one[i] = 1;
	who_new(&a, "navc");
	who_new(&x, "navx");
	/* Every list seen once: nothing to count. */
	for (i = 0; i < NLISTS; i++) {
		ck_assert_int_eq(tc_get(a.b, lists[i])->status, 200);
		ck_assert_int_eq(tc_get(x.b, lists[i])->status, 200);
	}
	counts_are(a.b, "/", lists, zero);
	sleep(2);
	/* The other client's items first, then a's: one of each. */
	write_for(x.client, NEW_ITEMS);
	write_for(x.client, NEW_CASE);
	write_for(x.client, NEW_CHANGE);
	counts_are(a.b, "/", lists, zero);
	write_for(a.client, NEW_ITEMS);
	write_for(a.client, NEW_DRAFT_CONTRACT);
	write_for(a.client, NEW_CASE);
	write_for(a.client, NEW_CHANGE);
	counts_are(a.b, "/", lists, one);
	counts_are(x.b, "/", lists, one);
	/* The same on any page, not only the dashboard. */
	ck_assert_int_eq(nav_count(a.b, "/projects", "/invoices"), 1);
	/* Opening a list clears its count only. */
	for (i = 0; i < NLISTS; i++) {
		ck_assert_int_eq(tc_get(a.b, lists[i])->status, 200);
		memcpy(want, one, sizeof(want));
		memset(want, 0, (i + 1) * sizeof(want[0]));
		counts_are(a.b, "/", lists, want);
	}
	counts_are(x.b, "/", lists, one);
	/* An internal note on a's case is not a change a's contact sees... */
	kase = tc_sql_intf("SELECT MAX(id) FROM cases WHERE client_id = %lld",
	    a.client);
	ck_assert_int_gt(kase, 0);
	sleep(2);
	snprintf(sql, sizeof(sql), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body, created_at) SELECT %lld, id, 'note', "
	    "'internal', UTC_TIMESTAMP() FROM users WHERE email = "
	    "'staff@demo.test'", kase);
	write_for(a.client, sql);
	ck_assert_int_eq(nav_count(a.b, "/", "/cases"), 0);
	/* ...a reply is: the case counts again, once. */
	snprintf(sql, sizeof(sql), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body, created_at) SELECT %lld, id, 'reply', "
	    "'Answered', UTC_TIMESTAMP() FROM users WHERE email = "
	    "'staff@demo.test'; UPDATE cases SET updated_at = "
	    "UTC_TIMESTAMP(), status = 'waiting' WHERE id = %lld", kase,
	    kase);
	write_for(a.client, sql);
	ck_assert_int_eq(nav_count(a.b, "/", "/cases"), 1);
	ck_assert_int_eq(nav_count(a.b, "/", "/invoices"), 0);
	ck_assert_int_eq(tc_get(a.b, "/cases")->status, 200);
	ck_assert_int_eq(nav_count(a.b, "/", "/cases"), 0);
	/* A contact's own reply does not count for them. */
	sleep(2);
	snprintf(sql, sizeof(sql), "INSERT INTO case_messages (case_id, "
	    "author_id, kind, body, created_at) VALUES (%lld, %lld, 'reply', "
	    "'Thanks', UTC_TIMESTAMP()); UPDATE cases SET updated_at = "
	    "UTC_TIMESTAMP(), status = 'open' WHERE id = %lld", kase, a.user,
	    kase);
	write_for(a.client, sql);
	ck_assert_int_eq(nav_count(a.b, "/", "/cases"), 0);
	tc_free(a.b);
	tc_free(x.b);
}
END_TEST

START_TEST(staff_counts)
{
	struct who	 a;
	struct tc_browser *s;
	struct tc_resp	*r;
	char		 email[256], sql[512], tid[32];
	long long	 sid, inv;
	long		 zero[NLISTS] = { 0 };
	size_t		 i;

	who_new(&a, "navs");
	sid = tc_make_staff("navstaff", "staff", email, sizeof(email));
	s = tc_as(email);
	for (i = 0; i < NLISTS; i++)
		ck_assert_int_eq(tc_get(s, staff_lists[i])->status, 200);
	counts_are(s, "/staff/", staff_lists, zero);
	/* An invoice of the client, sent before the staff member looked. */
	write_for(a.client, "INSERT INTO pay_docs (kind, client_id, status, "
	    "currency, title, sent_at, created_at, updated_at) VALUES "
	    "('invoice', %lld, 'sent', 'EUR', 'Staff nav invoice', "
	    "UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 "
	    "DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY)");
	inv = tc_sql_intf("SELECT MAX(id) FROM pay_docs WHERE client_id = "
	    "%lld", a.client);
	ck_assert_int_eq(nav_count(s, "/staff/", "/staff/invoices"), 0);
	sleep(2);
	/* The contact opens a case and files a change request. */
	snprintf(tid, sizeof(tid), "%lld", tc_sql_int("SELECT MIN(id) FROM "
	    "case_types"));
	ck_assert_int_eq(tc_get(a.b, "/cases/new")->status, 200);
	r = tc_post(a.b, "/cases/new", "type", tid, "subject", "Staff nav "
	    "case", "body", "Help", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_get(a.b, "/changes/new")->status, 200);
	r = tc_post(a.b, "/changes/new", "title", "Staff nav change",
	    "category", "other", "description", "d", "justification", "j",
	    "benefit", "b", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(nav_count(s, "/staff/", "/staff/cases"), 1);
	ck_assert_int_eq(nav_count(s, "/staff/", "/staff/changes"), 1);
	/* A meeting the contact asks for; the invoice paid. */
	snprintf(sql, sizeof(sql), "INSERT INTO meetings (client_id, "
	    "requested_by, topic, type, pref_start, created_at, updated_at) "
	    "VALUES (%%lld, %lld, 'Staff nav meeting', 'video', "
	    "UTC_TIMESTAMP() + INTERVAL 2 DAY, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP())", a.user);
	write_for(a.client, sql);
	snprintf(sql, sizeof(sql), "UPDATE pay_docs SET status = 'paid', "
	    "paid_at = UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE "
	    "id = %lld AND client_id = %%lld", inv);
	write_for(a.client, sql);
	/* A contract of their own does not count; one by nobody else does. */
	snprintf(sql, sizeof(sql), "INSERT INTO contracts (client_id, title, "
	    "created_by, created_at, updated_at) VALUES (%%lld, 'Mine', %lld, "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP())" NAV_VERSION, sid);
	write_for(a.client, sql);
	ck_assert_int_eq(nav_count(s, "/staff/", "/staff/contracts"), 0);
	write_for(a.client, "INSERT INTO contracts (client_id, title, "
	    "created_at, updated_at) VALUES (%lld, 'From the renewal job', "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP())" NAV_VERSION);
	{
		long	 want[NLISTS] = { 1, 1, 1, 1, 1 };

		counts_are(s, "/staff/", staff_lists, want);
		/* The same on any staff page. */
		ck_assert_int_eq(nav_count(s, "/staff/projects",
		    "/staff/meetings"), 1);
		for (i = 0; i < NLISTS; i++) {
			ck_assert_int_eq(tc_get(s, staff_lists[i])->status,
			    200);
			want[i] = 0;
			counts_are(s, "/staff/", staff_lists, want);
		}
	}
	tc_free(a.b);
	tc_free(s);
}
END_TEST

static Suite *
navcounts_suite(void)
{
	Suite	*s = suite_create("navcounts");
	TCase	*tc = tcase_create("navcounts");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, contact_counts);
	tcase_add_test(tc, staff_counts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(navcounts_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
