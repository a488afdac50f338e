/*
 * The calendar end to end: a meeting request shows as tentative on the
 * team's calendar and its Confirm button confirms the meeting; the
 * filters by client and by staff member; a staff member's private feed
 * is valid RFC 5545, a wrong token is a 404 and a new link kills the old
 * one; a contact's calendar shows their own client's shared dates only;
 * another client's data never appears; contacts cannot open the team's
 * calendar.
 *
 * The suite makes its own clients, contacts, staff and projects; it
 * never changes the demo's.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define STAFF	"staff@demo.test"

static struct {
	long long	 c1, c2, p1, p2, owner;
	char		 a1[96], x2[96], owner_mail[96];
	char		 ms[96], hidden[96], task[96], other[96], longt[300];
} fx;

/* A date n days from now, YYYY-MM-DD (the site's zone is the tests'). */
static const char *
day(int n)
{
	static char	 buf[8][16];
	static int	 k;
	time_t		 t = time(NULL) + (time_t)n * 86400;
	struct tm	 tm;

	k = (k + 1) % 8;
	localtime_r(&t, &tm);
	strftime(buf[k], sizeof(buf[k]), "%Y-%m-%d", &tm);
	return buf[k];
}

/* Runs a statement the suite needs; fails the test when it fails. */
static void
sql(const char *fmt, ...)
{
	char	 q[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	ck_assert_msg(tc_sql(q) != NULL, "SQL failed: %s", q);
}

static void
setup_once(void)
{
	char	 name[96];
	int	 i;

	snprintf(name, sizeof(name), "Cal One %s", tc_tag());
	fx.c1 = tc_make_client(name);
	snprintf(name, sizeof(name), "Cal Two %s", tc_tag());
	fx.c2 = tc_make_client(name);
	snprintf(fx.a1, sizeof(fx.a1), "a1-%s@cal.test", tc_tag());
	snprintf(fx.x2, sizeof(fx.x2), "x2-%s@cal.test", tc_tag());
	tc_make_contact(fx.c1, fx.a1, "Cara One");
	tc_make_contact(fx.c2, fx.x2, "Xavi Two");
	fx.owner = tc_make_staff("calown", "staff", fx.owner_mail,
	    sizeof(fx.owner_mail));
	snprintf(name, sizeof(name), "Cal Project %s", tc_tag());
	fx.p1 = tc_make_project(fx.c1, name);
	snprintf(name, sizeof(name), "Cal Other Project %s", tc_tag());
	fx.p2 = tc_make_project(fx.c2, name);
	snprintf(fx.ms, sizeof(fx.ms), "Cal Shared MS %s", tc_tag());
	snprintf(fx.hidden, sizeof(fx.hidden), "Cal Internal MS %s",
	    tc_tag());
	snprintf(fx.task, sizeof(fx.task), "Cal Task %s", tc_tag());
	snprintf(fx.other, sizeof(fx.other), "Cal Other MS %s", tc_tag());
	/* A title that needs folding, with multi-byte characters. */
	snprintf(fx.longt, sizeof(fx.longt), "Cal Long %s ", tc_tag());
	for (i = 0; i < 12; i++)
		strncat(fx.longt, "Überprüfung; ", sizeof(fx.longt) -
		    strlen(fx.longt) - 1);
	sql("UPDATE projects SET owner_id = %lld WHERE id = %lld", fx.owner,
	    fx.p1);
	sql("INSERT INTO milestones (client_id, project_id, title, due_on, "
	    "visible) VALUES (%lld, %lld, '%s', '%s', 1), (%lld, %lld, '%s', "
	    "'%s', 0), (%lld, %lld, '%s', '%s', 1), (%lld, %lld, '%s', '%s', "
	    "1)", fx.c1, fx.p1, fx.ms, day(5), fx.c1, fx.p1, fx.hidden, day(5),
	    fx.c2, fx.p2, fx.other, day(5), fx.c1, fx.p1, fx.longt, day(7));
	sql("INSERT INTO tasks (client_id, project_id, title, due_on, "
	    "visible) VALUES (%lld, %lld, '%s', '%s', 1)", fx.c1, fx.p1,
	    fx.task, day(6));
}

/* The calendar page of b for the query q (after "?"); asserts 200. */
static struct tc_resp *
cal(struct tc_browser *b, const char *q)
{
	char		 path[512];
	struct tc_resp	*r;

	snprintf(path, sizeof(path), "/staff/calendar?%s", q);
	r = tc_get(b, path);
	ck_assert_int_eq(r->status, 200);
	return r;
}

/* The value of hidden field name in the form that posts to action. */
static char *
form_value(const char *html, const char *action, const char *name)
{
	const char	*f, *end, *p;
	char		 want[128];

	if ((f = strstr(html, action)) == NULL)
		return NULL;
	end = strstr(f, "</form>");
	snprintf(want, sizeof(want), "name=\"%s\" value=\"", name);
	if ((p = strstr(f, want)) == NULL || (end != NULL && p > end))
		return NULL;
	p += strlen(want);
	return strndup(p, strcspn(p, "\""));
}

/* The <li> of the event whose text holds needle, or NULL (malloc'd). */
static char *
event_of(const char *html, const char *needle)
{
	const char	*p, *s, *e;

	if ((p = strstr(html, needle)) == NULL)
		return NULL;
	for (s = p; s > html && strncmp(s, "<li class=\"cal-ev", 17) != 0;
	    s--)
		;
	if ((e = strstr(p, "</li>")) == NULL)
		return NULL;
	return strndup(s, (size_t)(e - s));
}

START_TEST(request_tentative_then_confirmed)
{
	struct tc_browser *a = tc_new(), *staff = tc_new();
	struct tc_resp	*r;
	char		 topic[96], q[256], action[96], *ev, *d, *t, *m;
	long		 id;

	ck_assert_int_eq(tc_login(a, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	snprintf(topic, sizeof(topic), "Cal Request %s", tc_tag());
	tc_get(a, "/meetings/request");
	r = tc_post(a, "/meetings/request", "topic", topic, "type",
	    "in_person", "date", day(10), "time", "11:30", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);

	snprintf(q, sizeof(q), "date=%s&client=%lld", day(10), fx.c1);
	r = cal(staff, q);
	ev = event_of(r->body, topic);
	ck_assert_msg(ev != NULL, "the request is not on the calendar");
	ck_assert_msg(strstr(ev, "cal-tentative") != NULL,
	    "a request is not tentative: %s", ev);
	ck_assert(strstr(ev, "11:30") != NULL);
	snprintf(action, sizeof(action), "action=\"/staff/meetings/%ld/"
	    "confirm\"", id);
	ck_assert_msg(strstr(ev, action) != NULL, "no confirm button");
	free(ev);

	/* Its Confirm button, as the page draws it, confirms the meeting. */
	d = form_value(r->body, action, "date");
	t = form_value(r->body, action, "time");
	m = form_value(r->body, action, "minutes");
	ck_assert(d != NULL && t != NULL && m != NULL);
	ck_assert_str_eq(d, day(10));
	ck_assert_str_eq(t, "11:30");
	snprintf(action, sizeof(action), "/staff/meetings/%ld/confirm", id);
	r = tc_post(staff, action, "date", d, "time", t, "minutes", m, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT status = 'confirmed' FROM "
	    "meetings WHERE id = %lld", id), 1);
	free(d);
	free(t);
	free(m);

	/* Now solid, without a button. */
	snprintf(q, sizeof(q), "date=%s&client=%lld&view=week", day(10),
	    fx.c1);
	r = cal(staff, q);
	ev = event_of(r->body, topic);
	ck_assert(ev != NULL);
	ck_assert_msg(strstr(ev, "cal-confirmed") != NULL, "%s", ev);
	ck_assert(strstr(ev, "/confirm") == NULL);
	free(ev);

	/* The contact sees it on their own calendar. */
	r = tc_get(a, "/calendar");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, topic));
	tc_free(a);
	tc_free(staff);
}
END_TEST

START_TEST(filters)
{
	struct tc_browser *staff = tc_new();
	struct tc_resp	*r;
	char		 q[256];

	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	/* Everything: both clients' milestones, the internal one too. */
	snprintf(q, sizeof(q), "date=%s&view=week", day(5));
	r = cal(staff, q);
	ck_assert(tc_has(r, fx.ms));
	ck_assert(tc_has(r, fx.hidden));
	ck_assert(tc_has(r, fx.other));
	/* By client. */
	snprintf(q, sizeof(q), "date=%s&view=week&client=%lld", day(5),
	    fx.c2);
	r = cal(staff, q);
	ck_assert(tc_has(r, fx.other));
	ck_assert(!tc_has(r, fx.ms));
	ck_assert(!tc_has(r, fx.hidden));
	/* By staff member: the project owner's milestones and tasks. */
	snprintf(q, sizeof(q), "date=%s&staff=%lld", day(5), fx.owner);
	r = cal(staff, q);
	ck_assert(tc_has(r, fx.ms));
	ck_assert(!tc_has(r, fx.other));
	snprintf(q, sizeof(q), "date=%s&view=week&staff=%lld", day(6),
	    fx.owner);
	r = cal(staff, q);
	ck_assert(tc_has(r, fx.task));
	snprintf(q, sizeof(q), "date=%s&view=week&staff=%lld", day(5),
	    tc_sql_int("SELECT id FROM users WHERE email = 'staff@demo.test'"));
	r = cal(staff, q);
	ck_assert(!tc_has(r, fx.ms));
	/* Bad input is not an error: the current month. */
	r = cal(staff, "date=2026-02-31&view=nonsense&client=x&staff=-4");
	ck_assert(tc_has(r, "cal-grid"));
	tc_free(staff);
}
END_TEST

/*
 * Checks text is a well-formed iCalendar stream (RFC 5545): CRLF line
 * ends, no line over 75 octets, folded lines starting with a space,
 * balanced BEGIN/END, VERSION and PRODID once, each VEVENT with one
 * UID, DTSTAMP and DTSTART.  Returns the unfolded text (malloc'd).
 */
static char *
ics_valid(const char *text)
{
	const char	*p = text, *e;
	char		*un, *o, line[4096], stack[8][32];
	int		 depth = 0, version = 0, prodid = 0, uid = 0, stamp = 0,
			 start = 0, events = 0;
	size_t		 n;

	ck_assert(strncmp(text, "BEGIN:VCALENDAR\r\n", 17) == 0);
	un = o = malloc(strlen(text) + 1);
	ck_assert(un != NULL);
	while (*p != '\0') {
		e = strstr(p, "\r\n");
		ck_assert_msg(e != NULL, "a line does not end in CRLF");
		n = (size_t)(e - p);
		ck_assert_msg(n <= 75, "a line of %zu octets", n);
		ck_assert_msg(memchr(p, '\n', n) == NULL, "a bare LF");
		if (*p == ' ' || *p == '\t') {
			ck_assert(o > un);
			o--;	/* drop the previous line's "\n" */
			memcpy(o, p + 1, n - 1);
			o += n - 1;
		} else {
			memcpy(o, p, n);
			o += n;
		}
		*o++ = '\n';
		p = e + 2;
	}
	*o = '\0';
	for (p = un; *p != '\0'; p = e + 1) {
		e = strchr(p, '\n');
		n = (size_t)(e - p);
		ck_assert(n < sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		ck_assert_msg(strchr(line, ':') != NULL, "no ':' in %s", line);
		if (strncmp(line, "BEGIN:", 6) == 0) {
			ck_assert(depth < 8);
			ck_assert((size_t)snprintf(stack[depth++],
			    sizeof(stack[0]), "%s", line + 6) <
			    sizeof(stack[0]));
			if (strcmp(line + 6, "VEVENT") == 0) {
				uid = stamp = start = 0;
				events++;
			}
		} else if (strncmp(line, "END:", 4) == 0) {
			ck_assert(depth > 0);
			ck_assert_str_eq(stack[--depth], line + 4);
			if (strcmp(line + 4, "VEVENT") == 0)
				ck_assert_msg(uid == 1 && stamp == 1 &&
				    start == 1, "a VEVENT lacks UID, DTSTAMP "
				    "or DTSTART");
		} else if (strcmp(line, "VERSION:2.0") == 0)
			version++;
		else if (strncmp(line, "PRODID:", 7) == 0)
			prodid++;
		else if (strncmp(line, "UID:", 4) == 0)
			uid++;
		else if (strncmp(line, "DTSTAMP:", 8) == 0)
			stamp++;
		else if (strncmp(line, "DTSTART", 7) == 0)
			start++;
	}
	ck_assert_int_eq(depth, 0);
	ck_assert_int_eq(version, 1);
	ck_assert_int_eq(prodid, 1);
	ck_assert_int_gt(events, 0);
	return un;
}

/* The path of the feed link on page r ("/calendar/feed/....ics"). */
static char *
feed_path(const struct tc_resp *r)
{
	const char	*p = strstr(r->body, "/calendar/feed/");

	ck_assert_msg(p != NULL, "no feed link on the page");
	return strndup(p, strcspn(p, "\""));
}

START_TEST(feed_private_valid_resettable)
{
	struct tc_browser *staff = tc_new(), *anon = tc_new();
	struct tc_resp	*r;
	char		*old, *path, *un, *ct, bad[128];

	ck_assert_int_eq(tc_login(staff, fx.owner_mail, PW), 303);
	tc_get(staff, "/staff/calendar");
	r = tc_post(staff, "/staff/calendar/feed", NULL);
	ck_assert_int_eq(r->status, 200);
	old = feed_path(r);
	r = tc_get(anon, old);
	ck_assert_int_eq(r->status, 200);
	ct = tc_header(r, "Content-Type");
	ck_assert(ct != NULL && strncmp(ct, "text/calendar", 13) == 0);
	free(ct);
	un = ics_valid(r->body);
	/* The same events: shared and internal milestones, the task. */
	ck_assert(strstr(un, fx.ms) != NULL);
	ck_assert(strstr(un, fx.hidden) != NULL);
	ck_assert(strstr(un, fx.task) != NULL);
	ck_assert(strstr(un, "DTSTART;VALUE=DATE:") != NULL);
	/* The long title comes back whole once unfolded, escaped. */
	ck_assert_msg(strstr(un, "Überprüfung\\; Überprüfung\\;") != NULL,
	    "the long title was not folded and escaped right");
	free(un);

	/* A wrong token, a truncated one: 404. */
	snprintf(bad, sizeof(bad), "%.*sAAAA.ics", (int)strlen(old) - 8, old);
	ck_assert_int_eq(tc_get(anon, bad)->status, 404);
	ck_assert_int_eq(tc_get(anon, "/calendar/feed/abc.ics")->status, 404);

	/* A new link kills the old one. */
	tc_get(staff, "/staff/calendar");
	r = tc_post(staff, "/staff/calendar/feed", NULL);
	ck_assert_int_eq(r->status, 200);
	path = feed_path(r);
	ck_assert_str_ne(path, old);
	ck_assert_int_eq(tc_get(anon, old)->status, 404);
	ck_assert_int_eq(tc_get(anon, path)->status, 200);
	/* A person no longer active loses it. */
	sql("UPDATE users SET active = 0 WHERE id = %lld", fx.owner);
	ck_assert_int_eq(tc_get(anon, path)->status, 404);
	sql("UPDATE users SET active = 1 WHERE id = %lld", fx.owner);
	ck_assert_int_eq(tc_get(anon, path)->status, 200);
	free(old);
	free(path);
	tc_free(staff);
	tc_free(anon);
}
END_TEST

START_TEST(contacts_see_their_own)
{
	struct tc_browser *a = tc_new(), *x = tc_new();
	struct tc_resp	*r;

	ck_assert_int_eq(tc_login(a, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(x, fx.x2, PW), 303);
	r = tc_get(a, "/calendar");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, fx.ms));
	ck_assert(tc_has(r, fx.task));
	ck_assert(!tc_has(r, fx.hidden));
	ck_assert(!tc_has(r, fx.other));
	r = tc_get(x, "/calendar");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, fx.other));
	ck_assert(!tc_has(r, fx.ms));
	ck_assert(!tc_has(r, fx.task));
	/* The team's calendar and its feed reset are not theirs. */
	r = tc_get(a, "/staff/calendar");
	ck_assert(r->status == 403 || r->status == 404);
	r = tc_post(a, "/staff/calendar/feed", NULL);
	ck_assert(r->status == 403 || r->status == 404);
	tc_free(a);
	tc_free(x);
}
END_TEST

static Suite *
calendar_suite(void)
{
	Suite	*s = suite_create("calendar");
	TCase	*tc = tcase_create("calendar");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, request_tentative_then_confirmed);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, feed_private_valid_resettable);
	tcase_add_test(tc, contacts_see_their_own);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tc_run_suite(calendar_suite());
}
