/*
 * Notifications end to end, over the real stack install/test starts
 * (mail caught by the SMTP sink):
 *
 * - a notice of a kind left at "immediately" arrives as one
 *   multipart/alternative mail with a text and an HTML part, each with
 *   the agency's name and never "Atrium"; the bell counts it until it
 *   is opened;
 * - "daily digest": no mail until "atriumctl jobs run", then one mail
 *   with every waiting notice, and no second digest the same day;
 * - "no mail": the bell shows it, no mail ever comes;
 * - /account: a wrong current password is refused, a new one kills the
 *   old reset link and every other session; "sign out everywhere else";
 *   bad choices and missing tokens are refused;
 * - a new contact gets the invitation "Demo Agency invited you to your
 *   client portal", whose link lives 7 days, sets a password once and
 *   dies when it expires; opening a client's portal invites its contacts
 *   who have no password yet, once;
 * - nobody opens another person's notification by its id.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

#define STAFF	"staff@demo.test"
#define AGENCY	"Demo Agency"
#define NEWPW	"another-long-secret-42"

/* Runs "atriumctl -c conf ARGS"; its exit status (output discarded). */
static int
atriumctl(const char *args)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 line[4096];
	int		 st;

	if (prefix == NULL || conf == NULL)
		return -1;
	snprintf(line, sizeof(line), "'%s/bin/atriumctl' -c '%s' %s "
	    ">/dev/null 2>&1", prefix, conf, args);
	st = system(line);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A new client with one contact; fills the ids and the address. */
static void
new_contact(const char *prefix, long long *client, long long *uid,
    char *email, size_t sz)
{
	*uid = tc_make_client_contact(prefix, client, email, sz);
	ck_assert(*client > 0 && *uid > 0);
}

/*
 * As staff, asks contact uid of client for approval of title in a new
 * project; returns the approval's id.
 */
static long long
ask_approval(long long client, long long uid, const char *title)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32], who[32], name[128];
	long long	 id;

	snprintf(name, sizeof(name), "Project %s", tc_unique("np"));
	snprintf(proj, sizeof(proj), "%lld", tc_make_project(client, name));
	snprintf(who, sizeof(who), "%lld", uid);
	tc_get(s, "/staff/approvals/new");
	r = tc_post(s, "/staff/approvals", "project", proj, "title", title,
	    "detail", "Please have a look.", "mode", "parallel", "approver",
	    who, "visible", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert(id > 0);
	tc_free(s);
	return id;
}

/* The caller's unread count as the header's bell shows it (-1: none). */
static int
bell(struct tc_browser *b)
{
	struct tc_resp	*r = tc_get(b, "/");
	const char	*p;

	ck_assert_int_eq(r->status, 200);
	if (strstr(r->body, "href=\"/notifications\"") == NULL)
		return -1;
	if ((p = strstr(r->body, "class=\"bell-count\">")) == NULL)
		return 0;
	return atoi(p + strlen("class=\"bell-count\">"));
}

/* Sets the caller's delivery of kind ("now", "digest", "none"). */
static void
choose(struct tc_browser *b, const char *kind, const char *delivery)
{
	char	 field[128];

	snprintf(field, sizeof(field), "n-%s", kind);
	tc_get(b, "/account");
	ck_assert_int_eq(tc_post(b, "/account/notifications", field, delivery,
	    NULL)->status, 303);
}

/* Messages queued in the outbox for address email. */
static long long
queued(const char *email)
{
	char	 sql[512];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM outbox WHERE "
	    "to_addr = '%s'", email);
	return tc_sql_int(sql);
}

/* Whether s holds needle between from and to (to NULL: the end). */
static int
has_between(const char *from, const char *to, const char *needle)
{
	const char	*p = strstr(from, needle);

	return p != NULL && (to == NULL || p < to);
}

START_TEST(immediate_multipart)
{
	struct tc_browser *a;
	struct tc_resp	*r;
	char		 email[256], title[128], path[64], *mail;
	const char	*text, *html;
	long		 since = (long)time(NULL) - 1;
	long long	 client, uid, aid, nid;

	new_contact("ntnow", &client, &uid, email, sizeof(email));
	a = tc_as(email);
	ck_assert_int_eq(bell(a), 0);
	snprintf(title, sizeof(title), "Logo %s", tc_unique("now"));
	aid = ask_approval(client, uid, title);

	mail = tc_mail_wait_for(email, since, title);
	ck_assert_msg(mail != NULL, "no mail for an immediate notice");
	ck_assert(strstr(mail, "Content-Type: multipart/alternative") != NULL);
	text = strstr(mail, "Content-Type: text/plain");
	html = strstr(mail, "Content-Type: text/html");
	ck_assert(text != NULL && html != NULL && text < html);
	ck_assert(strstr(mail, "From: \"" AGENCY "\"") != NULL);
	ck_assert_msg(has_between(text, html, AGENCY), "text part lacks the "
	    "agency's name");
	ck_assert_msg(has_between(text, html, title), "text part lacks it");
	ck_assert_msg(has_between(html, NULL, AGENCY), "HTML part lacks the "
	    "agency's name");
	ck_assert(has_between(html, NULL, "<html"));
	snprintf(path, sizeof(path), "/approvals/%lld\"", aid);
	ck_assert_msg(has_between(html, NULL, path), "HTML part lacks the "
	    "link");
	ck_assert_msg(strstr(mail, "Atrium") == NULL, "the mail says Atrium: "
	    "%s", mail);
	free(mail);
	ck_assert_int_eq(queued(email), 1);

	/* The bell counts it; opening it reads it and goes to the item. */
	ck_assert_int_eq(bell(a), 1);
	r = tc_get(a, "/notifications");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, title));
	ck_assert(tc_has(r, "Mark all read"));
	nid = tc_sql_intf("SELECT MAX(id) FROM notifications WHERE "
	    "user_id = %lld", uid);
	snprintf(path, sizeof(path), "/notifications/%lld", nid);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/approvals/%lld", aid);
	ck_assert(strstr(r->headers, path) != NULL);
	ck_assert_int_eq(bell(a), 0);
	tc_free(a);
}
END_TEST

START_TEST(digest_waits_for_the_job)
{
	struct tc_browser *a;
	char		 email[256], t1[128], t2[128], t3[128], *mail;
	long		 since = (long)time(NULL) - 1;
	long long	 client, uid;

	new_contact("ntdig", &client, &uid, email, sizeof(email));
	a = tc_as(email);
	choose(a, "approvals.requested", "digest");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM notification_prefs "
	    "WHERE user_id = %lld AND delivery = 'digest'", uid), 1);
	snprintf(t1, sizeof(t1), "Brief %s", tc_unique("d1"));
	snprintf(t2, sizeof(t2), "Budget %s", tc_unique("d2"));
	ask_approval(client, uid, t1);
	ask_approval(client, uid, t2);
	ck_assert_int_eq(bell(a), 2);
	/* Mail the requests caused went out after their responses. */
	sleep(2);
	ck_assert_int_eq(tc_mail_count(email, since, ""), 0);
	ck_assert_int_eq(queued(email), 0);

	ck_assert_int_eq(atriumctl("jobs run notify.digest"), 0);
	mail = tc_mail_wait_for(email, since, t1);
	ck_assert_msg(mail != NULL, "no digest after jobs run");
	ck_assert_msg(strstr(mail, t2) != NULL, "the digest lacks an item");
	ck_assert(strstr(mail, "Content-Type: multipart/alternative") != NULL);
	ck_assert(strstr(mail, AGENCY) != NULL);
	ck_assert(strstr(mail, "Atrium") == NULL);
	free(mail);
	/* One message (the sink may see a message twice: count the queue). */
	ck_assert_int_eq(queued(email), 1);

	/* One digest a day: a later notice waits for tomorrow's. */
	snprintf(t3, sizeof(t3), "Copy %s", tc_unique("d3"));
	ask_approval(client, uid, t3);
	ck_assert_int_eq(atriumctl("jobs run notify.digest"), 0);
	sleep(2);
	ck_assert_int_eq(queued(email), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM notifications WHERE "
	    "user_id = %lld AND mailed_at IS NULL", uid), 1);
	ck_assert_int_eq(bell(a), 3);
	tc_free(a);
}
END_TEST

START_TEST(off_is_bell_only)
{
	struct tc_browser *a;
	struct tc_resp	*r;
	char		 email[256], title[128];
	long		 since = (long)time(NULL) - 1;
	long long	 client, uid;

	new_contact("ntoff", &client, &uid, email, sizeof(email));
	a = tc_as(email);
	choose(a, "approvals.requested", "none");
	snprintf(title, sizeof(title), "Photos %s", tc_unique("off"));
	ask_approval(client, uid, title);
	ck_assert_int_eq(bell(a), 1);
	ck_assert_int_eq(atriumctl("jobs run notify.digest"), 0);
	sleep(2);
	ck_assert_int_eq(tc_mail_count(email, since, ""), 0);
	ck_assert_int_eq(queued(email), 0);
	/* "Mark all read" empties the bell. */
	tc_get(a, "/notifications");
	r = tc_post(a, "/notifications/read", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(bell(a), 0);
	ck_assert(tc_has(tc_get(a, "/notifications"), title));
	tc_free(a);
}
END_TEST

START_TEST(account_page_and_choices)
{
	struct tc_browser *a, *s;
	struct tc_resp	*r;
	char		 email[256];
	long long	 client, uid;

	new_contact("ntacc", &client, &uid, email, sizeof(email));
	a = tc_as(email);
	r = tc_get(a, "/account");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Approvals asked of me"));
	ck_assert(tc_has(r, "Sign out everywhere else"));
	/* A contact is not offered the team's kinds. */
	ck_assert(!tc_has(r, "Answers to approvals I asked for"));
	/* A choice that is none of the three comes back with an error. */
	r = tc_post(a, "/account/notifications", "n-approvals.requested",
	    "weekly", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Choose immediately, in the daily digest, or "
	    "never."));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM notification_prefs "
	    "WHERE user_id = %lld", uid), 0);
	/* Without the form's token: refused. */
	r = tc_post(a, "/account/notifications", "csrf", "forged",
	    "n-approvals.requested", "none", NULL);
	ck_assert_int_eq(r->status, 403);
	/* The name: required, then saved. */
	tc_get(a, "/account");
	r = tc_post(a, "/account/name", "name", "   ", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "This field is required."));
	ck_assert_int_eq(tc_post(a, "/account/name", "name", "Nora Renamed",
	    NULL)->status, 303);
	ck_assert(tc_has(tc_get(a, "/account"), "Nora Renamed"));
	/* Staff see the team's kinds. */
	s = tc_as(STAFF);
	r = tc_get(s, "/account");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Answers to approvals I asked for"));
	/* Anonymous: to the sign-in page. */
	tc_free(a);
	a = tc_new();
	ck_assert(tc_status_is(tc_get(a, "/account"), 0));
	ck_assert(tc_status_is(tc_get(a, "/notifications"), 0));
	tc_free(a);
	tc_free(s);
}
END_TEST

START_TEST(password_change)
{
	struct tc_browser *a, *other, *anon;
	struct tc_resp	*r;
	char		 email[256], *mail, *url, *path;
	long		 since = (long)time(NULL) - 1;
	long long	 client, uid;

	new_contact("ntpw", &client, &uid, email, sizeof(email));
	/* A reset link is out, and another browser is signed in. */
	anon = tc_new();
	tc_set_source(anon, tc_fresh_addr());
	tc_get(anon, "/reset");
	ck_assert_int_eq(tc_post(anon, "/reset", "email", email,
	    NULL)->status, 200);
	mail = tc_mail_wait_for(email, since, "/reset/");
	ck_assert_msg(mail != NULL, "no reset mail");
	ck_assert(strstr(mail, "Set your " AGENCY " password") != NULL);
	ck_assert(strstr(mail, "Content-Type: text/html") != NULL);
	ck_assert(strstr(mail, "Atrium") == NULL);
	url = tc_find_url(mail, "/reset/");
	ck_assert_ptr_nonnull(url);
	path = strstr(url, "/reset/");
	free(mail);
	other = tc_as(email);
	a = tc_as(email);

	/* The wrong current password changes nothing. */
	tc_get(a, "/account");
	r = tc_post(a, "/account/password", "current", "not-my-password-1",
	    "password", NEWPW, "password2", NEWPW, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "That is not your current password."));
	ck_assert_int_eq(tc_get(other, "/")->status, 200);
	/* A short new one is refused with the policy's reason. */
	r = tc_post(a, "/account/password", "current", TC_DEMO_PASSWORD,
	    "password", "short", "password2", "short", NULL);
	ck_assert(tc_has(r, "at least 12 characters"));

	r = tc_post(a, "/account/password", "current", TC_DEMO_PASSWORD,
	    "password", NEWPW, "password2", NEWPW, NULL);
	ck_assert_int_eq(r->status, 303);
	/* This browser stays in; the other session and the link are dead. */
	ck_assert_int_eq(tc_get(a, "/account")->status, 200);
	ck_assert(tc_status_is(tc_get(other, "/"), 0));
	r = tc_get(anon, path);
	ck_assert(tc_has(r, "This link no longer works"));
	free(url);
	tc_free(other);
	other = tc_new();
	ck_assert_int_ne(tc_login(other, email, TC_DEMO_PASSWORD), 303);
	ck_assert_int_eq(tc_login(other, email, NEWPW), 303);
	tc_free(other);
	tc_free(anon);
	tc_free(a);
}
END_TEST

START_TEST(sign_out_elsewhere)
{
	struct tc_browser *a, *b;
	struct tc_resp	*r;
	char		 email[256];
	long long	 client, uid;

	new_contact("ntses", &client, &uid, email, sizeof(email));
	b = tc_new();
	tc_set_ua(b, "PhoneBrowser/9.1");
	ck_assert_int_eq(tc_login(b, email, TC_DEMO_PASSWORD), 303);
	a = tc_as(email);
	r = tc_get(a, "/account");
	ck_assert(tc_has(r, "PhoneBrowser/9.1"));
	ck_assert(tc_has(r, "This device"));
	r = tc_post(a, "/account/sessions/end", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert(tc_status_is(tc_get(b, "/"), 0));
	ck_assert_int_eq(tc_get(a, "/")->status, 200);
	ck_assert(!tc_has(tc_get(a, "/account"), "PhoneBrowser/9.1"));
	tc_free(a);
	tc_free(b);
}
END_TEST

START_TEST(invitation)
{
	struct tc_browser *s, *x;
	struct tc_resp	*r;
	char		 cname[128], email[256], email2[256], path[96];
	char		 sql[512];
	char		*mail, *url, *wpath;
	long		 since = (long)time(NULL) - 1;
	long long	 client, uid, uid2;

	snprintf(cname, sizeof(cname), "Invite %s", tc_unique("inv"));
	client = tc_make_client(cname);
	snprintf(email, sizeof(email), "%s@invited.test", tc_unique("inv"));
	snprintf(email2, sizeof(email2), "%s@invited.test", tc_unique("inv"));
	s = tc_as(STAFF);
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts", client);
	tc_get(s, "/staff/clients");
	ck_assert_int_eq(tc_post(s, path, "name", "Iris Invited", "email",
	    email, NULL)->status, 303);
	ck_assert_int_eq(tc_post(s, path, "name", "Otto Late", "email",
	    email2, NULL)->status, 303);
	snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE email = '%s'",
	    email);
	uid = tc_sql_int(sql);
	snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE email = '%s'",
	    email2);
	uid2 = tc_sql_int(sql);
	ck_assert(uid > 0 && uid2 > 0);
	/* The link lives 7 days. */
	ck_assert_int_eq(tc_sql_intf("SELECT TIMESTAMPDIFF(HOUR, created_at, "
	    "expires_at) FROM password_resets WHERE user_id = %lld AND "
	    "kind = 'invite'", uid), 7 * 24);

	mail = tc_mail_wait_for(email, since, "/welcome/");
	ck_assert_msg(mail != NULL, "no invitation");
	ck_assert(strstr(mail, "Subject: " AGENCY " invited you to your "
	    "client portal") != NULL);
	ck_assert(strstr(mail, "expires in 7 days") != NULL);
	ck_assert(strstr(mail, "Content-Type: text/html") != NULL);
	ck_assert(strstr(mail, "Atrium") == NULL);
	ck_assert(strstr(mail, "/reset/") == NULL);
	url = tc_find_url(mail, "/welcome/");
	ck_assert_ptr_nonnull(url);
	wpath = strstr(url, "/welcome/");
	free(mail);

	x = tc_new();
	r = tc_get(x, wpath);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Welcome to " AGENCY));
	r = tc_post(x, wpath, "password", NEWPW, "password2", NEWPW, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_login(x, email, NEWPW), 303);
	/* Once only. */
	tc_free(x);
	x = tc_new();
	ck_assert(tc_has(tc_get(x, wpath), "This link no longer works"));
	free(url);

	/* The other invitation, expired, no longer works. */
	mail = tc_mail_wait_for(email2, since, "/welcome/");
	ck_assert_msg(mail != NULL, "no second invitation");
	url = tc_find_url(mail, "/welcome/");
	ck_assert_ptr_nonnull(url);
	free(mail);
	free(tc_sql(tc_expand("UPDATE password_resets SET expires_at = "
	    "UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE user_id = %U", "U",
	    &uid2)));
	r = tc_get(x, strstr(url, "/welcome/"));
	ck_assert(tc_has(r, "This link no longer works"));
	tc_get(x, "/reset");	/* a form's token */
	r = tc_post(x, strstr(url, "/welcome/"), "password", NEWPW,
	    "password2", NEWPW, NULL);
	ck_assert(tc_has(r, "This link no longer works"));
	ck_assert_int_eq(tc_sql_intf("SELECT password_hash IS NULL FROM users "
	    "WHERE id = %lld", uid2), 1);
	free(url);
	tc_free(x);
	tc_free(s);
}
END_TEST

START_TEST(opening_the_portal_invites)
{
	struct tc_browser *s;
	char		 cname[128], email[256], path[96], sql[512];
	long long	 client;

	snprintf(cname, sizeof(cname), "Closed %s", tc_unique("cl"));
	snprintf(sql, sizeof(sql), "INSERT INTO clients (name, "
	    "portal_enabled) VALUES ('%s', 0); SELECT LAST_INSERT_ID()",
	    cname);
	client = tc_sql_int(sql);
	ck_assert(client > 0);
	snprintf(email, sizeof(email), "%s@invited.test", tc_unique("cl"));
	s = tc_as(STAFF);
	tc_get(s, "/staff/clients");
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts", client);
	ck_assert_int_eq(tc_post(s, path, "name", "Cora Closed", "email",
	    email, NULL)->status, 303);
	/* No portal, no invitation yet. */
	ck_assert_int_eq(queued(email), 0);
	snprintf(path, sizeof(path), "/staff/clients/%lld/portal", client);
	ck_assert_int_eq(tc_post(s, path, "enabled", "1", NULL)->status, 303);
	ck_assert_int_eq(queued(email), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM outbox WHERE "
	    "to_addr = '%s' AND subject = '" AGENCY " invited you to your "
	    "client portal'", email);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	/* Opened again while the link lives: no second one. */
	ck_assert_int_eq(tc_post(s, path, "enabled", "1", NULL)->status, 303);
	ck_assert_int_eq(queued(email), 1);
	tc_free(s);
}
END_TEST

START_TEST(notifications_are_private)
{
	struct tc_browser *a, *b, *s;
	struct tc_resp	*r;
	char		 e1[256], e2[256], title[128], path[64];
	long long	 c1, c2, u1, u2, nid;

	new_contact("ntpa", &c1, &u1, e1, sizeof(e1));
	new_contact("ntpb", &c2, &u2, e2, sizeof(e2));
	snprintf(title, sizeof(title), "Secret %s", tc_unique("priv"));
	ask_approval(c1, u1, title);
	nid = tc_sql_intf("SELECT MAX(id) FROM notifications WHERE user_id = "
	    "%lld", u1);
	ck_assert(nid > 0);
	snprintf(path, sizeof(path), "/notifications/%lld", nid);
	/* Another contact and staff get the same answer as for no such id. */
	b = tc_as(e2);
	ck_assert_int_eq(tc_get(b, path)->status, 404);
	ck_assert(!tc_has(tc_get(b, "/notifications"), title));
	s = tc_as(STAFF);
	ck_assert_int_eq(tc_get(s, path)->status, 404);
	ck_assert_int_eq(tc_get(b, "/notifications/999999999")->status, 404);
	/* It is still unread for its owner. */
	ck_assert_int_eq(tc_sql_intf("SELECT read_at IS NULL FROM "
	    "notifications WHERE id = %lld", nid), 1);
	a = tc_as(e1);
	r = tc_get(a, "/notifications");
	ck_assert(tc_has(r, title));
	tc_free(a);
	tc_free(b);
	tc_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("notify");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, immediate_multipart);
	tcase_add_test(tc, digest_waits_for_the_job);
	tcase_add_test(tc, off_is_bell_only);
	tcase_add_test(tc, account_page_and_choices);
	tcase_add_test(tc, password_change);
	tcase_add_test(tc, sign_out_elsewhere);
	tcase_add_test(tc, invitation);
	tcase_add_test(tc, opening_the_portal_invites);
	tcase_add_test(tc, notifications_are_private);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
