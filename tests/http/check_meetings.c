/*
 * The meetings plugin end to end: request, propose, accept, confirm,
 * .ics, cancel, notes shared and hidden, another client's contact
 * refused everywhere, the private feed and its reset, and the plugin
 * switched off for one client only.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD

/* A date n days from now, YYYY-MM-DD, in a static buffer. */
static const char *
day(int n)
{
	static char	 buf[4][16];
	static int	 k;
	time_t		 t = time(NULL) + (time_t)n * 86400;
	struct tm	 tm;

	k = (k + 1) % 4;
	localtime_r(&t, &tm);
	strftime(buf[k], sizeof(buf[k]), "%Y-%m-%d", &tm);
	return buf[k];
}

START_TEST(whole_flow)
{
	struct tc_browser *ana = tc_new(), *staff = tc_new(), *cleo = tc_new();
	struct tc_resp	*r;
	char		 path[256], *mail, *h, *sql, uid[128];
	long		 id, since = (long)time(NULL) - 1;

	ck_assert_int_eq(tc_login(ana, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_login(staff, "staff@demo.test", PW), 303);
	ck_assert_int_eq(tc_login(cleo, "cleo@globex.test", PW), 303);

	r = tc_get(ana, "/meetings");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Homepage copy review"));

	/* A date in the past is refused, with what was typed kept. */
	tc_get(ana, "/meetings/request");
	r = tc_post(ana, "/meetings/request", "topic", "Sitemap sync",
	    "type", "video", "date", day(-3), "time", "11:00", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose a time in the future."));
	ck_assert(tc_has(r, "value=\"Sitemap sync\""));
	/* So are a missing type and topic. */
	r = tc_post(ana, "/meetings/request", "date", day(20), "time",
	    "11:00", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose video, in person or phone."));
	ck_assert(tc_has(r, "This field is required."));
	/* An unknown project too. */
	r = tc_post(ana, "/meetings/request", "topic", "Sitemap sync",
	    "type", "video", "date", day(20), "time", "11:00", "project",
	    "999999", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose one of your projects"));

	r = tc_post(ana, "/meetings/request", "topic", "Sitemap sync",
	    "type", "video", "date", day(20), "time", "11:00", "alt_date",
	    day(21), "alt_time", "15:00", "notes", "Bring the draft", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	mail = tc_mail_wait_for("staff@demo.test", since, "Sitemap sync");
	ck_assert_msg(mail != NULL && strstr(mail, "Sitemap sync") != NULL,
	    "staff were not told of the request");
	/* A short message with a link, never the whole content. */
	ck_assert(strstr(mail, "Bring the draft") == NULL);
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	ck_assert(strstr(mail, path) != NULL);
	free(mail);

	/* Staff propose another time; ana accepts it. */
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	ck_assert_int_eq(tc_get(staff, path)->status, 200);
	since = (long)time(NULL) - 1;
	snprintf(path, sizeof(path), "/staff/meetings/%ld/propose", id);
	r = tc_post(staff, path, "date", day(22), "time", "09:30", NULL);
	ck_assert_int_eq(r->status, 303);
	mail = tc_mail_wait_for("ana@northwind.test", since, "proposed");
	ck_assert_msg(mail != NULL && strstr(mail, "proposed") != NULL,
	    "ana was not told of the proposal");
	free(mail);
	snprintf(path, sizeof(path), "/meetings/%ld", id);
	r = tc_get(ana, path);
	ck_assert(tc_has(r, "Accept this time"));
	snprintf(path, sizeof(path), "/meetings/%ld/accept", id);
	ck_assert_int_eq(tc_post(ana, path, NULL)->status, 303);

	/* Staff confirm with a link and attendees. */
	sql = tc_sql("SELECT id FROM users WHERE email = 'ben@northwind.test'");
	ck_assert_ptr_nonnull(sql);
	sql[strcspn(sql, "\n")] = '\0';
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	tc_get(staff, path);
	snprintf(path, sizeof(path), "/staff/meetings/%ld/confirm", id);
	r = tc_post(staff, path, "date", day(22), "time", "10:00", "minutes",
	    "45", "video_url", "https://meet.example.com/sitemap",
	    "attendee", sql, NULL);
	ck_assert_int_eq(r->status, 303);
	free(sql);

	snprintf(path, sizeof(path), "/meetings/%ld/ics", id);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	h = tc_header(r, "Content-Type");
	ck_assert_msg(h != NULL && strncmp(h, "text/calendar", 13) == 0, "%s",
	    h);
	free(h);
	h = tc_header(r, "Content-Disposition");
	ck_assert(h != NULL && strstr(h, "attachment") != NULL);
	free(h);
	snprintf(uid, sizeof(uid), "UID:meeting-%ld@127.0.0.1\r\n", id);
	ck_assert(tc_has(r, uid));
	ck_assert(tc_has(r, "BEGIN:VTIMEZONE\r\nTZID:Europe/London"));
	ck_assert(tc_has(r, "DTSTART;TZID=Europe/London:"));
	ck_assert(tc_has(r, "STATUS:CONFIRMED"));
	ck_assert(tc_has(r, "SEQUENCE:2\r\n"));
	ck_assert(tc_has(r, "mailto:ben@northwind.test"));
	ck_assert(tc_has(r, "ORGANIZER;CN=\"Sam Staff\""));

	/* Notes: one internal, one shared. */
	snprintf(path, sizeof(path), "/staff/meetings/%ld/notes", id);
	tc_get(staff, "/staff/meetings");
	ck_assert_int_eq(tc_post(staff, path, "kind", "note", "body",
	    "SECRET-NOTE-XYZ", NULL)->status, 303);
	ck_assert_int_eq(tc_post(staff, path, "kind", "decision", "body",
	    "SHARED-DECISION-ABC", "visible", "1", NULL)->status, 303);
	snprintf(path, sizeof(path), "/meetings/%ld", id);
	r = tc_get(ana, path);
	ck_assert(tc_has(r, "SHARED-DECISION-ABC"));
	ck_assert(!tc_has(r, "SECRET-NOTE-XYZ"));
	snprintf(path, sizeof(path), "/meetings/%ld?format=xml", id);
	r = tc_get(ana, path);
	ck_assert(!tc_has(r, "SECRET-NOTE-XYZ"));
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	ck_assert(tc_has(tc_get(staff, path), "SECRET-NOTE-XYZ"));

	/* Another client's contact: not found, by page and by .ics. */
	snprintf(path, sizeof(path), "/meetings/%ld", id);
	ck_assert_int_eq(tc_get(cleo, path)->status, 404);
	snprintf(path, sizeof(path), "/meetings/%ld/ics", id);
	ck_assert_int_eq(tc_get(cleo, path)->status, 404);
	snprintf(path, sizeof(path), "/meetings/%ld/accept", id);
	tc_get(cleo, "/meetings");
	ck_assert_int_eq(tc_post(cleo, path, NULL)->status, 404);
	r = tc_get(cleo, "/meetings");
	ck_assert(!tc_has(r, "Sitemap sync") && !tc_has(r, "Homepage copy"));
	/* Contacts never reach the staff pages. */
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	ck_assert_int_eq(tc_get(ana, path)->status, 403);

	/* Cancel: same UID, higher sequence, CANCELLED. */
	since = (long)time(NULL) - 1;
	snprintf(path, sizeof(path), "/staff/meetings/%ld/status", id);
	ck_assert_int_eq(tc_post(staff, path, "action", "cancel",
	    NULL)->status, 303);
	snprintf(path, sizeof(path), "/meetings/%ld/ics", id);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, uid));
	ck_assert(tc_has(r, "STATUS:CANCELLED"));
	ck_assert(tc_has(r, "SEQUENCE:3\r\n"));
	ck_assert(tc_has(r, "METHOD:CANCEL"));
	mail = tc_mail_wait_for("ana@northwind.test", since, "cancelled");
	ck_assert_msg(mail != NULL && strstr(mail, "cancelled") != NULL,
	    "ana was not told of the cancellation");
	free(mail);

	tc_free(ana);
	tc_free(staff);
	tc_free(cleo);
}
END_TEST

START_TEST(feeds)
{
	struct tc_browser *ana = tc_new(), *cleo = tc_new(), *anon = tc_new();
	struct tc_resp	*r;
	char		*u1, *u2, *cu;

	ck_assert_int_eq(tc_login(ana, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_login(cleo, "cleo@globex.test", PW), 303);
	tc_get(ana, "/meetings");
	r = tc_post(ana, "/meetings/feed", NULL);
	ck_assert_int_eq(r->status, 200);
	u1 = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(u1);
	r = tc_get(anon, strstr(u1, "/meetings/feed/"));
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "BEGIN:VCALENDAR"));
	ck_assert(tc_has(r, "Homepage copy review"));

	/* Globex's feed holds none of Northwind's meetings. */
	tc_get(cleo, "/meetings");
	r = tc_post(cleo, "/meetings/feed", NULL);
	cu = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(cu);
	r = tc_get(anon, strstr(cu, "/meetings/feed/"));
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "Homepage copy review"));
	ck_assert(!tc_has(r, "Kick-off workshop"));

	/* A reset kills the old link. */
	tc_get(ana, "/meetings");
	r = tc_post(ana, "/meetings/feed", NULL);
	u2 = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(u2);
	ck_assert_str_ne(u1, u2);
	ck_assert_int_eq(tc_get(anon, strstr(u1, "/meetings/feed/"))->status,
	    404);
	ck_assert_int_eq(tc_get(anon, strstr(u2, "/meetings/feed/"))->status,
	    200);
	ck_assert_int_eq(tc_get(anon, "/meetings/feed/nonsense.ics")->status,
	    404);
	free(u1);
	free(u2);
	free(cu);
	tc_free(ana);
	tc_free(cleo);
	tc_free(anon);
}
END_TEST

START_TEST(switched_off_for_one_client)
{
	struct tc_browser *ana = tc_new(), *cleo = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(ana, "ana@northwind.test", PW), 303);
	ck_assert_int_eq(tc_login(cleo, "cleo@globex.test", PW), 303);
	r = tc_get(ana, "/");
	ck_assert(tc_has(r, "href=\"/meetings\""));
	ck_assert(tc_has(r, "card-meetings"));
	free(tc_sql("UPDATE client_plugins SET enabled = 0 WHERE client_id = 1 "
	    "AND plugin = 'meetings'"));
	ck_assert_int_eq(tc_get(ana, "/meetings")->status, 404);
	ck_assert_int_eq(tc_get(ana, "/meetings/request")->status, 404);
	r = tc_get(ana, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "href=\"/meetings\""));
	ck_assert(!tc_has(r, "card-meetings"));
	/* Globex keeps it. */
	ck_assert_int_eq(tc_get(cleo, "/meetings")->status, 200);
	ck_assert(tc_has(tc_get(cleo, "/"), "card-meetings"));
	free(tc_sql("UPDATE client_plugins SET enabled = 1 WHERE client_id = 1 "
	    "AND plugin = 'meetings'"));
	ck_assert_int_eq(tc_get(ana, "/meetings")->status, 200);
	tc_free(ana);
	tc_free(cleo);
}
END_TEST

START_TEST(anonymous_refused)
{
	struct tc_browser *b = tc_new();

	ck_assert_int_eq(tc_get(b, "/meetings")->status, 303);
	ck_assert_int_eq(tc_get(b, "/staff/meetings")->status, 303);
	tc_get(b, "/login");
	ck_assert_int_eq(tc_post(b, "/meetings/request", "topic", "x",
	    NULL)->status, 403);
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("meetings");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, whole_flow);
	tcase_add_test(tc, feeds);
	tcase_add_test(tc, switched_off_for_one_client);
	tcase_add_test(tc, anonymous_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
