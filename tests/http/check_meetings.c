/*
 * The meetings plugin end to end: request, propose, accept, confirm,
 * .ics, cancel, notes shared and hidden, another client's contact
 * refused everywhere, the private feed and its reset, the plugin
 * switched off for one client only, links that are http(s) only, and a
 * long topic whose mail still reaches the team.
 *
 * The suite makes its own clients and contacts (tc_make_*); it never
 * changes the demo's.
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

/* What setup made: two clients, two contacts of one, one of the other. */
static struct {
	long long	 c1, c2;
	long long	 b1;		/* the second contact of c1 */
	char		 a1[96], b1s[32], x2[96], c1name[64];
	char		 b1mail[96];
} fx;

/* Makes the clients and contacts every test uses. */
static void
setup_once(void)
{
	char	 name[96];

	snprintf(fx.c1name, sizeof(fx.c1name), "Meet One %s", tc_tag());
	fx.c1 = tc_make_client(fx.c1name);
	snprintf(name, sizeof(name), "Meet Two %s", tc_tag());
	fx.c2 = tc_make_client(name);
	snprintf(fx.a1, sizeof(fx.a1), "a1-%s@meet.test", tc_tag());
	snprintf(fx.b1mail, sizeof(fx.b1mail), "b1-%s@meet.test", tc_tag());
	snprintf(fx.x2, sizeof(fx.x2), "x2-%s@meet.test", tc_tag());
	tc_make_contact(fx.c1, fx.a1, "Alma One");
	fx.b1 = tc_make_contact(fx.c1, fx.b1mail, "Bo One");
	snprintf(fx.b1s, sizeof(fx.b1s), "%lld", fx.b1);
	tc_make_contact(fx.c2, fx.x2, "Xia Two");
}

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
	char		 path[256], *mail, *h, uid[128];
	long		 id, since = (long)time(NULL) - 1;

	ck_assert_int_eq(tc_login(ana, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	ck_assert_int_eq(tc_login(cleo, fx.x2, PW), 303);

	r = tc_get(ana, "/meetings");
	ck_assert_int_eq(r->status, 200);

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
	mail = tc_mail_wait_for(fx.a1, since, "proposed");
	ck_assert_msg(mail != NULL && strstr(mail, "proposed") != NULL,
	    "ana was not told of the proposal");
	free(mail);
	snprintf(path, sizeof(path), "/meetings/%ld", id);
	r = tc_get(ana, path);
	ck_assert(tc_has(r, "Accept this time"));
	snprintf(path, sizeof(path), "/meetings/%ld/accept", id);
	ck_assert_int_eq(tc_post(ana, path, NULL)->status, 303);

	/* Staff confirm with a link and attendees. */
	snprintf(path, sizeof(path), "/staff/meetings/%ld", id);
	tc_get(staff, path);
	snprintf(path, sizeof(path), "/staff/meetings/%ld/confirm", id);
	r = tc_post(staff, path, "date", day(22), "time", "10:00", "minutes",
	    "45", "video_url", "https://meet.example.com/sitemap",
	    "attendee", fx.b1s, NULL);
	ck_assert_int_eq(r->status, 303);

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
	ck_assert(tc_has(r, fx.b1mail));
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
	ck_assert(!tc_has(r, "Sitemap sync"));
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
	mail = tc_mail_wait_for(fx.a1, since, "cancelled");
	ck_assert_msg(mail != NULL && strstr(mail, "cancelled") != NULL,
	    "ana was not told of the cancellation");
	free(mail);

	tc_free(ana);
	tc_free(staff);
	tc_free(cleo);
}
END_TEST

/* A confirmed meeting of client on topic in ten days, made with SQL. */
static long long
confirmed_meeting(long long client, const char *topic)
{
	char	 sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO meetings (client_id, topic, "
	    "type, status, pref_start, start_at, sequence) VALUES (%lld, '%s', "
	    "'phone', 'confirmed', UTC_TIMESTAMP() + INTERVAL 10 DAY, "
	    "UTC_TIMESTAMP() + INTERVAL 10 DAY, 1); SELECT LAST_INSERT_ID()",
	    client, topic);
	return tc_sql_int(sql);
}

/*
 * What every change made through the site does besides its own rows (its
 * activity entry adds to the client's data version): a row written here
 * directly does it too, or the lists would rightly see nothing new.
 */
#define DATA_CHANGED "INSERT INTO data_versions (client_id, version) " \
	"VALUES (%lld, 1) ON DUPLICATE KEY UPDATE version = version + 1"

START_TEST(changed_marks)
{
	struct tc_browser *b = tc_new();
	char		 mail[96], topic[64], sql[768];
	long long	 client, id;

	client = tc_make_client(tc_unique("Meet marks"));
	snprintf(mail, sizeof(mail), "mk-%s@meet.test", tc_tag());
	tc_make_contact(client, mail, "Mia Marks");
	ck_assert_int_eq(tc_login(b, mail, PW), 303);
	/* The first visit sets the marker. */
	ck_assert_int_eq(tc_get(b, "/meetings")->status, 200);
	ck_assert(!tc_has(tc_get(b, "/meetings"), "mark-new"));
	sleep(2);
	snprintf(topic, sizeof(topic), "Marked %s", tc_tag());
	snprintf(sql, sizeof(sql), "INSERT INTO meetings (client_id, topic, "
	    "type, status, pref_start, start_at, sequence, created_at, "
	    "updated_at) VALUES (%lld, '%s', 'phone', 'confirmed', "
	    "UTC_TIMESTAMP() + INTERVAL 10 DAY, UTC_TIMESTAMP() + INTERVAL 10 "
	    "DAY, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()); SET @m = "
	    "LAST_INSERT_ID(); " DATA_CHANGED "; SELECT @m", client, topic,
	    client);
	id = tc_sql_int(sql);
	ck_assert_int_gt(id, 0);
	/* New since the last visit, then seen. */
	ck_assert(tc_has(tc_get(b, "/meetings"), "mark-new"));
	sleep(1);
	ck_assert(!tc_has(tc_get(b, "/meetings"), "mark-new"));
	/* Changed by the team: updated. */
	sleep(1);
	snprintf(sql, sizeof(sql), "UPDATE meetings SET location = 'Room 2', "
	    "updated_at = UTC_TIMESTAMP() WHERE id = %lld; " DATA_CHANGED
	    "; SELECT 1", id, client);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	ck_assert(tc_has(tc_get(b, "/meetings"), "mark-updated"));
	sleep(1);
	ck_assert(!tc_has(tc_get(b, "/meetings"), "mark-updated"));
	tc_free(b);
}
END_TEST

START_TEST(feeds)
{
	struct tc_browser *ana = tc_new(), *cleo = tc_new(), *anon = tc_new();
	struct tc_resp	*r;
	char		*u1, *u2, *cu, mine[64], theirs[64];

	snprintf(mine, sizeof(mine), "Feed one %s", tc_tag());
	snprintf(theirs, sizeof(theirs), "Feed two %s", tc_tag());
	ck_assert_int_gt(confirmed_meeting(fx.c1, mine), 0);
	ck_assert_int_gt(confirmed_meeting(fx.c2, theirs), 0);
	ck_assert_int_eq(tc_login(ana, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(cleo, fx.x2, PW), 303);
	tc_get(ana, "/meetings");
	r = tc_post(ana, "/meetings/feed", NULL);
	ck_assert_int_eq(r->status, 200);
	u1 = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(u1);
	r = tc_get(anon, strstr(u1, "/meetings/feed/"));
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "BEGIN:VCALENDAR"));
	ck_assert(tc_has(r, mine));
	ck_assert(!tc_has(r, theirs));

	/* The other client's feed holds none of the first one's meetings. */
	tc_get(cleo, "/meetings");
	r = tc_post(cleo, "/meetings/feed", NULL);
	cu = tc_find_url(r->body, "/meetings/feed/");
	ck_assert_ptr_nonnull(cu);
	r = tc_get(anon, strstr(cu, "/meetings/feed/"));
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, theirs));
	ck_assert(!tc_has(r, mine));

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
	char		 name[96], email[96], sql[256];
	long long	 off;

	/* A client of this test's own, switched off below. */
	snprintf(name, sizeof(name), "Meet Off %s", tc_tag());
	off = tc_make_client(name);
	snprintf(email, sizeof(email), "off-%s@meet.test", tc_tag());
	tc_make_contact(off, email, "Otto Off");
	ck_assert_int_eq(tc_login(ana, email, PW), 303);
	ck_assert_int_eq(tc_login(cleo, fx.x2, PW), 303);
	r = tc_get(ana, "/");
	ck_assert(tc_has(r, "href=\"/meetings\""));
	ck_assert(tc_has(r, "card-meetings"));
	snprintf(sql, sizeof(sql), "UPDATE client_plugins SET enabled = 0 "
	    "WHERE client_id = %lld AND plugin = 'meetings'", off);
	free(tc_sql(sql));
	ck_assert_int_eq(tc_get(ana, "/meetings")->status, 404);
	ck_assert_int_eq(tc_get(ana, "/meetings/request")->status, 404);
	r = tc_get(ana, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "href=\"/meetings\""));
	ck_assert(!tc_has(r, "card-meetings"));
	/* Another client keeps it. */
	ck_assert_int_eq(tc_get(cleo, "/meetings")->status, 200);
	ck_assert(tc_has(tc_get(cleo, "/"), "card-meetings"));
	tc_free(ana);
	tc_free(cleo);
}
END_TEST

/* Links that are not http(s), each refused on the confirm form. */
static const char *const bad_links[] = {
	"javascript:alert(document.cookie)",
	"JavaScript:alert(1)",
	" javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"//evil.example/",
	"https://",
};

START_TEST(meeting_links_are_http_only)
{
	struct tc_browser *ana = tc_new(), *staff = tc_new();
	struct tc_resp	*r;
	char		 path[128], topic[64];
	long long	 id;

	ck_assert_int_eq(tc_login(ana, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	/* Not a video meeting: the link was never checked there. */
	snprintf(topic, sizeof(topic), "Site visit %s %d", tc_tag(), _i);
	tc_get(ana, "/meetings/request");
	r = tc_post(ana, "/meetings/request", "topic", topic, "type",
	    "in_person", "date", day(30), "time", "10:00", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	snprintf(path, sizeof(path), "/staff/meetings/%lld", id);
	tc_get(staff, path);
	snprintf(path, sizeof(path), "/staff/meetings/%lld/confirm", id);
	r = tc_post(staff, path, "date", day(30), "time", "10:00",
	    "location", "Main office", "video_url", bad_links[_i], NULL);
	ck_assert_msg(r->status == 200, "%s: %ld", bad_links[_i], r->status);
	ck_assert(tc_has(r, "Enter a web address"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM meetings WHERE "
	    "id = %lld AND status = 'requested' AND video_url IS NULL", id), 1);
	/* An http(s) link is taken. */
	r = tc_post(staff, path, "date", day(30), "time", "10:00",
	    "location", "Main office", "video_url",
	    "https://meet.example.com/visit", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM meetings WHERE "
	    "id = %lld AND video_url = 'https://meet.example.com/visit'", id),
	    1);
	/* A link stored before the check is shown, never made a link. */
	free(tc_sql(tc_expand("UPDATE meetings SET video_url = "
	    "'javascript:alert(1)' WHERE id = %M", "M", &id)));
	snprintf(path, sizeof(path), "/meetings/%lld", id);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "javascript:alert(1)"));
	ck_assert(!tc_has(r, "href=\"javascript:"));
	tc_free(ana);
	tc_free(staff);
}
END_TEST

START_TEST(long_topic_mail_reaches_the_team)
{
	struct tc_browser *ana = tc_new();
	struct tc_resp	*r;
	char		 topic[256], *p, *mail, *loc;
	const char	*needle;
	long		 since = (long)time(NULL) - 1;
	long long	 id;
	int		 i;

	/* 200 bytes of four-byte characters: the subject is cut mid-way. */
	for (p = topic, i = 0; i < 50; i++)
		p = stpcpy(p, "\xf0\x9f\x93\x85");
	ck_assert_int_eq(tc_login(ana, fx.a1, PW), 303);
	tc_get(ana, "/meetings/request");
	r = tc_post(ana, "/meetings/request", "topic", topic, "type", "phone",
	    "date", day(25), "time", "09:00", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	loc = tc_header(r, "Location");
	ck_assert_ptr_nonnull(loc);
	free(loc);
	/* Queued, cut to the column between characters, and delivered. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM outbox WHERE "
	    "to_addr = 'staff@demo.test' AND body LIKE "
	    "CONCAT('%%/staff/meetings/', %lld, '\n%%') AND "
	    "LENGTH(subject) <= 255 AND subject LIKE 'Meeting: %%'", id), 1);
	/* The message's lines end in CRLF. */
	needle = tc_expand("/staff/meetings/%M\r\n", "M", &id);
	mail = tc_mail_wait_for(STAFF, since, needle);
	ck_assert_msg(mail != NULL, "staff were not told of the request");
	free(mail);
	/* And the contact was told it went through. */
	snprintf(topic, sizeof(topic), "/meetings/%lld", id);
	r = tc_get(ana, topic);
	ck_assert(tc_has(r, "Your request is sent"));
	tc_free(ana);
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

	setup_once();
	s = suite_create("meetings");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, whole_flow);
	tcase_add_test(tc, feeds);
	tcase_add_test(tc, switched_off_for_one_client);
	tcase_add_test(tc, anonymous_refused);
	tcase_add_test(tc, changed_marks);
	tcase_add_loop_test(tc, meeting_links_are_http_only, 0,
	    sizeof(bad_links) / sizeof(bad_links[0]));
	tcase_add_test(tc, long_topic_mail_reaches_the_team);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
