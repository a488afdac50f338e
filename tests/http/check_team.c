/*
 * The team card end to end, over the real stack, on clients, contacts,
 * staff and projects of its own:
 * - staff choose a client's account manager and members on the client's
 *   Team tab; the client's contact sees exactly those people (not other
 *   staff) on the dashboard and the "Your team" page, with role, phone
 *   and office hours from each one's own card, the manager marked;
 * - a member without a photo is drawn with initials; one with a photo
 *   (uploaded on /account/card, refused when not an image) has it served
 *   to that client's contacts and staff, 404 to another client's contact;
 * - another client's contact sees nothing of the team (dashboard, page,
 *   ?format=xml, photo);
 * - taking someone off the team takes them off the kept dashboard;
 * - a project page shows its owner's card;
 * - whoever adds a client becomes its account manager ("client.created").
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

#define STAFF	"staff@demo.test"

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

/* A staff member of the test's own: id, e-mail, name and a browser. */
struct staff {
	long long	 id;
	char		 email[256];
	char		 name[256];
	struct tc_browser *b;
};

static void
staff_new(struct staff *s, const char *prefix)
{
	char	 sql[512];

	s->id = tc_make_staff(prefix, "staff", s->email, sizeof(s->email));
	/* A name of its own ("Test Person" is everyone's). */
	snprintf(s->name, sizeof(s->name), "Pat %s", tc_unique(prefix));
	snprintf(sql, sizeof(sql), "UPDATE users SET name = '%s' WHERE id = "
	    "%lld", s->name, s->id);
	free(tc_sql(sql));
	s->b = tc_as(s->email);
}

/* Number of times needle occurs in r's body. */
static int
count_of(const struct tc_resp *r, const char *needle)
{
	const char	*p = r->body;
	int		 n = 0;

	while (p != NULL && (p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* Staff s sets user's place on client's team (action manager|member|remove). */
static void
team_set(struct tc_browser *s, long long client, long long user,
    const char *action)
{
	char		 path[128], u[32];
	struct tc_resp	*r;

	snprintf(path, sizeof(path), "/staff/clients/%lld/team", client);
	snprintf(u, sizeof(u), "%lld", user);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	r = tc_post(s, path, "user", u, "action", action, NULL);
	ck_assert_msg(r->status == 303, "%s %lld: %ld", action, user,
	    r->status);
}

START_TEST(card_shows_exactly_the_staff_chosen)
{
	struct tc_browser *s = tc_as(STAFF), *c, *o;
	struct staff	 m1, m2, other;
	struct tc_resp	*r;
	long long	 client, oclient;
	char		 email[256], oemail[256], path[128];
	int		 base;

	tc_make_client_contact("team", &client, email, sizeof(email));
	tc_make_client_contact("noteam", &oclient, oemail, sizeof(oemail));
	staff_new(&m1, "mgr");
	staff_new(&m2, "mem");
	staff_new(&other, "oth");
	c = tc_as(email);
	o = tc_as(oemail);

	/* Nobody chosen yet: the page says so, the dashboard shows none. */
	r = tc_get(c, "/team");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "not set yet"));
	base = count_of(r, "class=\"avatar avatar-");
	ck_assert_int_eq(count_of(tc_get(c, "/"), "class=\"team-card\""), 0);

	/* The manager's own card. */
	ck_assert_int_eq(tc_get(m1.b, "/account/card")->status, 200);
	r = tc_post(m1.b, "/account/card", "title", "Project lead", "phone",
	    "+44 117 496 0000", "hours", "Mon-Thu 9:00-17:00", NULL);
	ck_assert_int_eq(r->status, 303);

	/* The client's page has the Team tab; staff choose two people. */
	snprintf(path, sizeof(path), "/staff/clients/%lld", client);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "/team\">Team</a>"));
	team_set(s, client, m1.id, "manager");
	team_set(s, client, m2.id, "member");

	r = tc_get(c, "/team");
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(count_of(r, "class=\"team-card\""), 2);
	ck_assert(tc_has(r, m1.name));
	ck_assert(tc_has(r, m2.name));
	ck_assert(!tc_has(r, other.name));
	ck_assert(tc_has(r, "Account manager"));
	ck_assert_int_eq(count_of(r, "Account manager"), 1);
	ck_assert(tc_has(r, "Project lead"));
	ck_assert(tc_has(r, "+44 117 496 0000"));
	ck_assert(tc_has(r, "href=\"tel:+441174960000\""));
	ck_assert(tc_has(r, "Mon-Thu 9:00-17:00"));
	ck_assert(tc_has(r, m1.email));
	/* No photos yet: initials, two more than the page's own. */
	ck_assert_int_eq(count_of(r, "class=\"avatar avatar-"), 2 + base);
	ck_assert(!tc_has(r, "/team/photo/"));
	/* The dashboard too, and the manager first. */
	r = tc_get(c, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(count_of(r, "class=\"team-card\""), 2);
	ck_assert(strstr(r->body, m1.name) < strstr(r->body, m2.name));
	ck_assert(!tc_has(r, other.name));

	/* Another client's contact sees nothing of it. */
	r = tc_get(o, "/team");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, m1.name) && !tc_has(r, m2.name));
	r = tc_get(o, "/team?format=xml");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, m1.name) && !tc_has(r, m1.email));
	r = tc_get(o, "/");
	ck_assert(!tc_has(r, m1.name) && !tc_has(r, "class=\"team-card\""));
	/* Contacts cannot change a team. */
	snprintf(path, sizeof(path), "/staff/clients/%lld/team", client);
	ck_assert_int_ne(tc_get(c, path)->status, 200);

	/* A new manager: the old one stays a member, one manager. */
	team_set(s, client, m2.id, "manager");
	ck_assert_int_eq(tc_sql_intf("SELECT SUM(manager) FROM client_team "
	    "WHERE client_id = %lld", client), 1);
	/* Taken off the team: gone from the kept dashboard at once. */
	team_set(s, client, m1.id, "remove");
	r = tc_get(c, "/");
	ck_assert_int_eq(count_of(r, "class=\"team-card\""), 1);
	ck_assert(!tc_has(r, m1.name));
	ck_assert(tc_has(r, m2.name));

	tc_free(s);
	tc_free(c);
	tc_free(o);
	tc_free(m1.b);
	tc_free(m2.b);
	tc_free(other.b);
}
END_TEST

START_TEST(photo_is_served_to_the_team_clients_only)
{
	struct tc_browser *s = tc_as(STAFF), *c, *o, *anon;
	struct staff	 m;
	struct tc_resp	*r;
	long long	 client, oclient;
	char		 email[256], oemail[256], path[128];

	tc_make_client_contact("photo", &client, email, sizeof(email));
	tc_make_client_contact("nophoto", &oclient, oemail, sizeof(oemail));
	staff_new(&m, "pic");
	c = tc_as(email);
	o = tc_as(oemail);
	team_set(s, client, m.id, "manager");

	/* Not an image: refused, nothing stored. */
	tc_get(m.b, "/account/card");
	r = tc_post_file(m.b, "/account/card", "photo", "me.png",
	    "just text\n", 10, "title", "Designer", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "must be a PNG"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM staff_cards WHERE "
	    "user_id = %lld AND photo IS NOT NULL", m.id), 0);
	/* An image: stored and shown instead of the initials. */
	tc_get(m.b, "/account/card");
	r = tc_post_file(m.b, "/account/card", "photo", "me.png", png,
	    PNG_LEN, "title", "Designer", NULL);
	ck_assert_int_eq(r->status, 303);

	snprintf(path, sizeof(path), "/team/photo/%lld", m.id);
	r = tc_get(c, "/team");
	ck_assert(tc_has(r, path));
	ck_assert_int_eq(count_of(r, "class=\"team-photo\""), 1);
	r = tc_get(c, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(r->len > 8 && memcmp(r->body, "\x89PNG", 4) == 0);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	/* Another client's contact and nobody get nothing. */
	ck_assert_int_eq(tc_get(o, path)->status, 404);
	anon = tc_new();
	ck_assert(tc_status_is(tc_get(anon, path), 0));
	ck_assert(!tc_has(tc_get(o, "/team"), path));

	/* Removed: the initials again, the photo gone. */
	tc_get(m.b, "/account/card");
	r = tc_post(m.b, "/account/card", "title", "Designer",
	    "remove_photo", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_get(c, path)->status, 404);
	ck_assert(!tc_has(tc_get(c, "/team"), path));

	tc_free(s);
	tc_free(c);
	tc_free(o);
	tc_free(anon);
	tc_free(m.b);
}
END_TEST

START_TEST(project_page_shows_its_owner)
{
	struct tc_browser *c;
	struct staff	 owner;
	struct tc_resp	*r;
	long long	 client, project;
	char		 email[256], sql[256], path[64];

	tc_make_client_contact("owner", &client, email, sizeof(email));
	staff_new(&owner, "own");
	project = tc_make_project(client, tc_unique("Owned project"));
	snprintf(sql, sizeof(sql), "UPDATE projects SET owner_id = %lld "
	    "WHERE id = %lld", owner.id, project);
	free(tc_sql(sql));
	tc_get(owner.b, "/account/card");
	ck_assert_int_eq(tc_post(owner.b, "/account/card", "title",
	    "Producer", "phone", "", "hours", "", NULL)->status, 303);

	c = tc_as(email);
	snprintf(path, sizeof(path), "/projects/%lld", project);
	r = tc_get(c, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Your contact for this project"));
	ck_assert(tc_has(r, owner.name));
	ck_assert(tc_has(r, "Producer"));
	ck_assert(tc_has(r, "class=\"avatar avatar-"));
	tc_free(c);
	tc_free(owner.b);
}
END_TEST

/*
 * "client.created", emitted by the clients module in the request that
 * adds a client: the team module makes whoever added it the account
 * manager (nobody else), with its activity entry, and the new client's
 * contact sees them on "Your team".  Without the request (a client
 * written by SQL) nobody is chosen.
 */
START_TEST(new_client_gets_its_creator_as_manager)
{
	struct staff	 m, other;
	struct tc_browser *c;
	struct tc_resp	*r;
	char		 name[96], email[256], path[96], sql[512];
	long long	 client, bare;

	staff_new(&m, "adds");
	staff_new(&other, "notadds");
	snprintf(name, sizeof(name), "%s", tc_unique("Added Ltd"));
	tc_get(m.b, "/staff/clients");
	r = tc_post(m.b, "/staff/clients", "name", name, NULL);
	ck_assert_int_eq(r->status, 303);
	client = tc_location_id(r);
	ck_assert(client > 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM client_team WHERE "
	    "client_id = %lld AND user_id = %lld AND manager = 1", client,
	    m.id);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM client_team WHERE "
	    "client_id = %lld", client), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM activity WHERE "
	    "client_id = %lld AND action = 'team' AND summary = '%s became "
	    "the account manager of %s'", client, m.name, name);
	ck_assert_int_eq(tc_sql_int(sql), 1);

	/* The staff page of the team shows them as the manager. */
	snprintf(path, sizeof(path), "/staff/clients/%lld/team?format=xml",
	    client);
	r = tc_get(other.b, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, m.name));
	ck_assert(tc_has(r, "manager=\"1\""));

	/* The client's first contact finds them on "Your team". */
	snprintf(path, sizeof(path), "/staff/clients/%lld/portal", client);
	ck_assert_int_eq(tc_post(m.b, path, "enabled", "1", NULL)->status,
	    303);
	snprintf(email, sizeof(email), "%s@added.test", tc_unique("first"));
	tc_make_contact(client, email, "First Contact");
	c = tc_as(email);
	r = tc_get(c, "/team");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, m.name));
	ck_assert_int_eq(count_of(r, "Account manager"), 1);
	ck_assert(!tc_has(r, other.name));

	/* A client the request did not add has nobody chosen. */
	bare = tc_make_client(tc_unique("Bare Ltd"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM client_team WHERE "
	    "client_id = %lld", bare), 0);
	tc_free(c);
	tc_free(m.b);
	tc_free(other.b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	if (getenv("ATRIUM_TEST_URL") == NULL) {
		fprintf(stderr, "ATRIUM_TEST_URL is not set: run through "
		    "./install/test\n");
		return EXIT_FAILURE;
	}
	s = suite_create("team");
	tc = tcase_create("team");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, card_shows_exactly_the_staff_chosen);
	tcase_add_test(tc, photo_is_served_to_the_team_clients_only);
	tcase_add_test(tc, project_page_shows_its_owner);
	tcase_add_test(tc, new_client_gets_its_creator_as_manager);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
