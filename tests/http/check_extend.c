/*
 * Extension points end to end: the meetings plugin, through the public
 * API only, adds a "Meetings" section to a project's page, its proposed
 * times to the contact's "Needs your action", its meetings to search,
 * its activity as sentences and a tab to the staff client page; a
 * contact of another client sees none of it, and with the plugin
 * switched off for a client that client's contacts see none of it
 * either.  Every case makes its own project and meetings (names carry a
 * per-run tag).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define ANA	"ana@northwind.test"
#define CLEO	"cleo@globex.test"
#define STAFF	"staff@demo.test"

static struct {
	char		 tag[32];
	long long	 northwind;	/* ana's client */
} fx;

static void
fx_setup(void)
{
	snprintf(fx.tag, sizeof(fx.tag), "x%ld%d", (long)time(NULL) % 100000,
	    rand() % 1000);
	fx.northwind = tc_sql_int("SELECT client_id FROM users WHERE email = '"
	    ANA "'");
	if (fx.northwind <= 0) {
		fprintf(stderr, "check_extend: no demo data\n");
		exit(EXIT_FAILURE);
	}
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

/* Whether needle occurs in r between from and the next </section>. */
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

/* Staff make a shared project named name for Northwind; its id. */
static long long
project_new(struct tc_browser *s, const char *name)
{
	struct tc_resp	*r;
	char		 client[24];

	snprintf(client, sizeof(client), "%lld", fx.northwind);
	tc_get(s, "/staff/projects");
	r = tc_post(s, "/staff/projects", "client", client, "name", name,
	    "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	return tc_location_id(r);
}

/* Ana requests a meeting (project 0: none); its id. */
static long long
meeting_new(struct tc_browser *a, const char *topic, long long project,
    const char *notes)
{
	struct tc_resp	*r;
	char		 proj[24];

	snprintf(proj, sizeof(proj), "%lld", project);
	tc_get(a, "/meetings/request");
	r = tc_post(a, "/meetings/request", "topic", topic, "type", "video",
	    "date", day(30), "time", "10:00", "project", project > 0 ? proj :
	    "", "notes", notes != NULL ? notes : "", NULL);
	ck_assert_int_eq(r->status, 303);
	return tc_location_id(r);
}

START_TEST(meetings_section_on_the_project_page)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 name[96], other[96], topic[96], path[64], link[64];
	long long	 p, q, m;

	snprintf(name, sizeof(name), "Section project %s", fx.tag);
	snprintf(other, sizeof(other), "Quiet project %s", fx.tag);
	snprintf(topic, sizeof(topic), "Scope walkthrough %s", fx.tag);
	p = project_new(s, name);
	q = project_new(s, other);
	m = meeting_new(a, topic, p, NULL);

	/* Ana sees it in the project's "Meetings" section, linked. */
	snprintf(path, sizeof(path), "/projects/%lld", p);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "id=\"section-meetings\""));
	ck_assert(section_has(r, "id=\"section-meetings-h\"", topic));
	snprintf(link, sizeof(link), "href=\"/meetings/%lld\"", m);
	ck_assert(section_has(r, "id=\"section-meetings-h\"", link));
	/* The hub's own sections are still there, activity last. */
	ck_assert(tc_has(r, "id=\"updates\""));
	ck_assert(strstr(r->body, "id=\"section-meetings\"") <
	    strstr(r->body, "id=\"activity\""));

	/* The team's page links to the staff view. */
	snprintf(path, sizeof(path), "/staff/projects/%lld", p);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(link, sizeof(link), "href=\"/staff/meetings/%lld\"", m);
	ck_assert(section_has(r, "id=\"section-meetings-h\"", link));

	/* Another project: the section, empty. */
	snprintf(path, sizeof(path), "/projects/%lld", q);
	r = tc_get(a, path);
	ck_assert(section_has(r, "id=\"section-meetings-h\"",
	    "No meeting about this project yet."));
	ck_assert(!tc_has(r, topic));

	/* Another client's contact gets no page at all. */
	snprintf(path, sizeof(path), "/projects/%lld", p);
	ck_assert_int_eq(tc_get(c, path)->status, 404);
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(proposed_time_needs_the_contacts_action)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 topic[96], path[96];
	long long	 m;

	snprintf(topic, sizeof(topic), "Launch timing %s", fx.tag);
	m = meeting_new(a, topic, 0, NULL);
	/* A request waits for the team, not for ana. */
	r = tc_get(a, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!section_has(r, "Needs your action", topic));

	snprintf(path, sizeof(path), "/staff/meetings/%lld", m);
	tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/meetings/%lld/propose", m);
	r = tc_post(s, path, "date", day(31), "time", "14:00", NULL);
	ck_assert_int_eq(r->status, 303);

	r = tc_get(a, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(section_has(r, "Needs your action", topic));
	ck_assert(section_has(r, "Needs your action", "Pick a time"));
	snprintf(path, sizeof(path), "href=\"/meetings/%lld\"", m);
	ck_assert(section_has(r, "Needs your action", path));
	/* The hub's cards are all still drawn, in their places. */
	ck_assert(tc_has(r, "Active projects"));
	ck_assert(tc_has(r, "Pending approvals"));
	ck_assert(tc_has(r, "Shared files"));
	ck_assert(tc_has(r, "card-meetings"));
	ck_assert(strstr(r->body, "card-projects") <
	    strstr(r->body, "card-meetings"));
	/* Not on another client's dashboard. */
	ck_assert(!tc_has(tc_get(c, "/"), topic));

	/* Ana takes the time: nothing waits for her any more. */
	snprintf(path, sizeof(path), "/meetings/%lld", m);
	tc_get(a, path);
	snprintf(path, sizeof(path), "/meetings/%lld/accept", m);
	ck_assert_int_eq(tc_post(a, path, NULL)->status, 303);
	r = tc_get(a, "/");
	ck_assert(tc_has(r, "Needs your action"));
	ck_assert(!section_has(r, "Needs your action", topic));
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(meetings_found_by_search)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 word[64], topic[96], notes[96], path[96], link[64];
	long long	 m;

	snprintf(word, sizeof(word), "Zephyr%s", fx.tag);
	snprintf(topic, sizeof(topic), "%s workshop", word);
	snprintf(notes, sizeof(notes), "Bring the kestrel%s mockups", fx.tag);
	m = meeting_new(a, topic, 0, notes);

	snprintf(path, sizeof(path), "/search?q=%s", word);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, topic));
	ck_assert(tc_has(r, "badge-meeting"));
	snprintf(link, sizeof(link), "href=\"/meetings/%lld\"", m);
	ck_assert(tc_has(r, link));
	/* The request's notes are searched too. */
	snprintf(path, sizeof(path), "/search?q=kestrel%s", fx.tag);
	ck_assert(tc_has(tc_get(a, path), topic));

	/* Staff find it, linked to their view. */
	snprintf(path, sizeof(path), "/search?q=%s", word);
	r = tc_get(s, path);
	snprintf(link, sizeof(link), "href=\"/staff/meetings/%lld\"", m);
	ck_assert(tc_has(r, link));
	/* Another client's contact does not. */
	r = tc_get(c, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, topic));
	ck_assert(tc_has(r, "Nothing found"));
	tc_free(a);
	tc_free(s);
	tc_free(c);
}
END_TEST

START_TEST(activity_reads_as_sentences)
{
	struct tc_browser *a = tc_as(ANA), *c = tc_as(CLEO);
	struct tc_resp	*r;
	char		 topic[96], want[200], *who;
	long long	 m;

	snprintf(topic, sizeof(topic), "Sentence check %s", fx.tag);
	m = meeting_new(a, topic, 0, NULL);
	ck_assert_int_gt(m, 0);
	r = tc_get(a, "/activity");
	ck_assert_int_eq(r->status, 200);
	who = tc_sql("SELECT name FROM users WHERE email = '" ANA "'");
	ck_assert_ptr_nonnull(who);
	who[strcspn(who, "\r\n")] = '\0';
	snprintf(want, sizeof(want), "%s requested the meeting \xe2\x80\x9c%s"
	    "\xe2\x80\x9d", who, topic);
	free(who);
	ck_assert_msg(tc_has(r, want), "no sentence \"%s\"", want);
	ck_assert(!tc_has(tc_get(c, "/activity"), topic));
	tc_free(a);
	tc_free(c);
}
END_TEST

START_TEST(client_page_tabs)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[64], link[96];

	snprintf(path, sizeof(path), "/staff/clients/%lld", fx.northwind);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(link, sizeof(link), "href=\"/staff/projects?client=%lld\"",
	    fx.northwind);
	ck_assert(tc_has(r, link));
	snprintf(link, sizeof(link), "href=\"/staff/meetings?client=%lld\"",
	    fx.northwind);
	ck_assert(tc_has(r, link));
	tc_free(s);
}
END_TEST

START_TEST(switched_off_adds_nothing)
{
	struct tc_browser *a = tc_as(ANA), *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 name[96], topic[96], path[96], sql[256];
	long long	 p, m;

	snprintf(name, sizeof(name), "Switch project %s", fx.tag);
	snprintf(topic, sizeof(topic), "Switchoff%s review", fx.tag);
	p = project_new(s, name);
	m = meeting_new(a, topic, p, NULL);
	snprintf(path, sizeof(path), "/staff/meetings/%lld", m);
	tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/meetings/%lld/propose", m);
	ck_assert_int_eq(tc_post(s, path, "date", day(32), "time", "09:30",
	    NULL)->status, 303);
	ck_assert(section_has(tc_get(a, "/"), "Needs your action", topic));

	snprintf(sql, sizeof(sql), "UPDATE client_plugins SET enabled = 0 "
	    "WHERE client_id = %lld AND plugin = 'meetings'", fx.northwind);
	free(tc_sql(sql));
	r = tc_get(a, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Needs your action"));
	ck_assert(!section_has(r, "Needs your action", topic));
	ck_assert(!tc_has(r, "card-meetings"));
	snprintf(path, sizeof(path), "/projects/%lld", p);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "section-meetings"));
	snprintf(path, sizeof(path), "/search?q=Switchoff%s", fx.tag);
	ck_assert(!tc_has(tc_get(a, path), topic));
	/* The team still sees it. */
	snprintf(path, sizeof(path), "/staff/projects/%lld", p);
	ck_assert(tc_has(tc_get(s, path), topic));
	snprintf(sql, sizeof(sql), "UPDATE client_plugins SET enabled = 1 "
	    "WHERE client_id = %lld AND plugin = 'meetings'", fx.northwind);
	free(tc_sql(sql));
	snprintf(path, sizeof(path), "/projects/%lld", p);
	ck_assert(tc_has(tc_get(a, path), topic));
	tc_free(a);
	tc_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	srand((unsigned int)time(NULL) ^ (unsigned int)getpid());
	fx_setup();
	s = suite_create("extend");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, meetings_section_on_the_project_page);
	tcase_add_test(tc, proposed_time_needs_the_contacts_action);
	tcase_add_test(tc, meetings_found_by_search);
	tcase_add_test(tc, activity_reads_as_sentences);
	tcase_add_test(tc, client_page_tabs);
	tcase_add_test(tc, switched_off_adds_nothing);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
