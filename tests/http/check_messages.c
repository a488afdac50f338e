/*
 * Message threads end to end: a contact and staff exchange messages; an
 * internal note never reaches a contact (list, page, mail, search,
 * ?format=xml); a reply by e-mail through "atriumctl mail receive" lands
 * in the thread, once per Message-ID, and a forged sender or token is
 * refused with nothing stored; unread counts move on the list and the
 * dashboard; another client's contact (and a contact the thread was not
 * addressed to) gets 404 on every thread route.
 *
 * The suite makes its own clients and contacts (tc_make_*); it never
 * changes the demo's.
 */
#include "config.h"

#include <sys/wait.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define STAFF	"staff@demo.test"

static struct {
	long long	 c1, c2;
	long long	 a1id, b1id;
	char		 a1[96], b1[96], x2[96];
} fx;

/* Makes the clients and contacts every test uses. */
static void
setup_once(void)
{
	char	 name[96];

	snprintf(name, sizeof(name), "Msg One %s", tc_tag());
	fx.c1 = tc_make_client(name);
	snprintf(name, sizeof(name), "Msg Two %s", tc_tag());
	fx.c2 = tc_make_client(name);
	snprintf(fx.a1, sizeof(fx.a1), "a1-%s@msg.test", tc_tag());
	snprintf(fx.b1, sizeof(fx.b1), "b1-%s@msg.test", tc_tag());
	snprintf(fx.x2, sizeof(fx.x2), "x2-%s@msg.test", tc_tag());
	fx.a1id = tc_make_contact(fx.c1, fx.a1, "Alma One");
	fx.b1id = tc_make_contact(fx.c1, fx.b1, "Bo One");
	tc_make_contact(fx.c2, fx.x2, "Xia Two");
}

/*
 * Pipes message to "atriumctl mail receive"; its exit status, and its
 * standard error into err (size n).
 */
static int
receive(const char *message, char *err, size_t n)
{
	const char	*prefix = getenv("ATRIUM_TEST_PREFIX");
	const char	*conf = getenv("ATRIUM_TEST_CONF");
	char		 in[] = "/tmp/atrium-mailin-XXXXXX", errf[64], cmd[1024];
	FILE		*f;
	size_t		 got;
	int		 fd, st;

	ck_assert_ptr_nonnull(prefix);
	ck_assert_ptr_nonnull(conf);
	ck_assert_int_ne(fd = mkstemp(in), -1);
	ck_assert_int_eq(write(fd, message, strlen(message)),
	    (ssize_t)strlen(message));
	close(fd);
	snprintf(errf, sizeof(errf), "%s.err", in);
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' mail receive "
	    "<'%s' >/dev/null 2>'%s'", prefix, conf, in, errf);
	st = system(cmd);
	err[0] = '\0';
	if ((f = fopen(errf, "r")) != NULL) {
		got = fread(err, 1, n - 1, f);
		err[got] = '\0';
		fclose(f);
	}
	unlink(in);
	unlink(errf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* path with ?format=xml, in a static buffer. */
static const char *
xml_of(const char *path)
{
	static char	 buf[256];

	snprintf(buf, sizeof(buf), "%s?format=xml", path);
	return buf;
}

/* The Reply-To address of mail text, malloc'd, or NULL. */
static char *
reply_to(const char *mail)
{
	const char	*p, *e;
	char		*out;

	if ((p = strstr(mail, "Reply-To: ")) == NULL)
		return NULL;
	p += 10;
	e = p + strcspn(p, "\r\n");
	out = strndup(p, (size_t)(e - p));
	return out;
}

/* The count on the dashboard's "Unread messages" card, or -1. */
static int
dash_unread(struct tc_browser *b)
{
	struct tc_resp	*r = tc_get(b, "/");
	const char	*p;

	ck_assert_int_eq(r->status, 200);
	if ((p = strstr(r->body, "Unread messages")) == NULL ||
	    (p = strstr(p, "class=\"count\">")) == NULL)
		return -1;
	return atoi(p + 14);
}

/* The navigation's unread count on "Messages" of page path, 0 when none. */
static int
nav_unread(struct tc_browser *b, const char *path)
{
	struct tc_resp	*r = tc_get(b, path);
	const char	*p;

	ck_assert_int_eq(r->status, 200);
	if ((p = strstr(r->body, "<span>Messages</span> <span "
	    "class=\"nav-count\">")) == NULL)
		return 0;
	return atoi(strchr(p + 22, '>') + 1);
}

/* Whether the list page of b shows thread id as unread. */
static int
list_unread(struct tc_browser *b, const char *list, long long id)
{
	struct tc_resp	*r = tc_get(b, list);
	char		 needle[64];

	ck_assert_int_eq(r->status, 200);
	snprintf(needle, sizeof(needle), "id=\"thread-%lld\" class=\"unread\"",
	    id);
	return tc_has(r, needle);
}

START_TEST(exchange_notes_and_unread)
{
	struct tc_browser *a1 = tc_new(), *staff = tc_new(), *b1 = tc_new();
	struct tc_resp	*r;
	char		 path[128], spath[128], subject[96], note[64];
	char		 hidden[64], pub[64], q[160];
	long long	 id;
	long		 since = (long)time(NULL) - 1;

	ck_assert_int_eq(tc_login(a1, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	ck_assert_int_eq(tc_login(b1, fx.b1, PW), 303);
	snprintf(subject, sizeof(subject), "Kickoff %s", tc_tag());
	snprintf(hidden, sizeof(hidden), "zebranote%s", tc_tag());
	snprintf(pub, sizeof(pub), "giraffereply%s", tc_tag());

	/* The contact starts a thread with the team. */
	r = tc_get(a1, "/messages");
	ck_assert_int_eq(r->status, 200);
	r = tc_post(a1, "/messages", "subject", subject, "body",
	    "Can we *meet* on Friday?", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	snprintf(path, sizeof(path), "/messages/%lld", id);
	snprintf(spath, sizeof(spath), "/staff/messages/%lld", id);
	r = tc_get(a1, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "<em>meet</em>"));
	/* The team got notice of it. */
	ck_assert_ptr_nonnull(tc_mail_wait_for(STAFF, since, subject));

	/* Staff see it unread, read it, answer and add a note. */
	ck_assert(list_unread(staff, "/staff/messages", id));
	r = tc_get(staff, spath);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!list_unread(staff, "/staff/messages", id));
	r = tc_post(staff, spath, "body", pub, NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(note, sizeof(note), "%s", hidden);
	r = tc_post(staff, spath, "body", note, "note", "1", NULL);
	ck_assert_int_eq(r->status, 303);
	r = tc_get(staff, spath);
	ck_assert(tc_has(r, hidden));
	ck_assert(tc_has(r, "Internal note"));
	r = tc_get(staff, xml_of(spath));
	ck_assert(tc_has(r, hidden));

	/* The contact: the answer, unread, never the note. */
	ck_assert(list_unread(a1, "/messages", id));
	ck_assert_int_ge(dash_unread(a1), 1);
	ck_assert_int_ge(nav_unread(a1, "/projects"), 1);
	r = tc_get(a1, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, pub));
	ck_assert(!tc_has(r, hidden));
	r = tc_get(a1, xml_of(path));
	ck_assert(!tc_has(r, hidden));
	r = tc_get(a1, "/messages");
	ck_assert(!tc_has(r, hidden));
	ck_assert(!list_unread(a1, "/messages", id));
	ck_assert_int_eq(dash_unread(a1), 0);
	ck_assert_int_eq(nav_unread(a1, "/projects"), 0);
	snprintf(q, sizeof(q), "/search?q=%s", hidden);
	r = tc_get(a1, q);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, path));
	snprintf(q, sizeof(q), "/search?q=%s", pub);
	r = tc_get(a1, q);
	ck_assert(tc_has(r, path));
	/* Staff find the note. */
	snprintf(q, sizeof(q), "/search?q=%s", hidden);
	r = tc_get(staff, q);
	ck_assert(tc_has(r, spath));
	/* The answer was mailed to the contact; the note never was. */
	ck_assert_ptr_nonnull(tc_mail_wait_for(fx.a1, since, pub));
	ck_assert_int_eq(tc_mail_count(fx.a1, since, hidden), 0);

	/* Bo, of the same client, was not in this conversation. */
	r = tc_get(b1, path);
	ck_assert_int_eq(r->status, 404);
	r = tc_get(b1, "/activity");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, subject));
	snprintf(q, sizeof(q), "/search?q=%s", pub);
	r = tc_get(b1, q);
	ck_assert(!tc_has(r, path));
	r = tc_get(b1, "/messages");
	ck_assert(!tc_has(r, subject));
	tc_free(a1);
	tc_free(staff);
	tc_free(b1);
}
END_TEST

START_TEST(reply_by_mail)
{
	struct tc_browser *a1 = tc_new(), *staff = tc_new();
	struct tc_resp	*r;
	char		 spath[128], path[128], subject[96], pub[64];
	char		 msg[4096], err[1024], word[64], *mail, *addr, *bad;
	char		 fpath[192];
	long long	 id, before, fid;
	long		 since = (long)time(NULL) - 1;

	ck_assert_int_eq(tc_login(a1, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(staff, STAFF, PW), 303);
	snprintf(subject, sizeof(subject), "Invoice %s", tc_tag());
	snprintf(pub, sizeof(pub), "hippoquestion%s", tc_tag());
	snprintf(word, sizeof(word), "okapianswer%s", tc_tag());

	/* Staff write to all of client 1's contacts. */
	r = tc_get(staff, "/staff/messages");
	ck_assert_int_eq(r->status, 200);
	snprintf(msg, sizeof(msg), "%lld", fx.c1);
	r = tc_post(staff, "/staff/messages", "client", msg, "to", "all",
	    "subject", subject, "body", pub, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	snprintf(spath, sizeof(spath), "/staff/messages/%lld", id);
	snprintf(path, sizeof(path), "/messages/%lld", id);

	/* The contact's mail carries a reply address. */
	mail = tc_mail_wait_for(fx.a1, since, pub);
	ck_assert_ptr_nonnull(mail);
	addr = reply_to(mail);
	ck_assert_ptr_nonnull(addr);
	ck_assert(strncmp(addr, "reply+messages.", 15) == 0);
	ck_assert(strstr(addr, "@demo.test") != NULL);

	/* A reply from Gmail lands, without the quoted history. */
	snprintf(msg, sizeof(msg),
	    "From: Alma One <%s>\r\n"
	    "To: %s\r\n"
	    "Subject: Re: %s\r\n"
	    "Message-ID: <%s@mail.example>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
	    "\r\n"
	    "--b\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "\r\n"
	    "Thanks, %s.\r\n"
	    "\r\n"
	    "On Mon, Dec 1, 2026 at 10:02 AM Demo Agency <hub@demo.test> wrote:\r\n"
	    "> %s quotedhistory\r\n"
	    "--b\r\n"
	    "Content-Type: text/plain; name=\"hello.txt\"\r\n"
	    "Content-Disposition: attachment; filename=\"hello.txt\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "\r\n"
	    "SGVsbG8sIHdvcmxkIQo=\r\n"
	    "--b--\r\n", fx.a1, addr, subject, word, word, pub);
	before = tc_sql_intf("SELECT COUNT(*) FROM messages WHERE thread_id = "
	    "%lld", id);
	ck_assert_int_eq(receive(msg, err, sizeof(err)), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM messages WHERE "
	    "thread_id = %lld", id), before + 1);
	r = tc_get(staff, spath);
	ck_assert(tc_has(r, word));
	ck_assert(tc_has(r, "by e-mail"));
	ck_assert(!tc_has(r, "quotedhistory"));
	r = tc_get(a1, path);
	ck_assert(tc_has(r, word));
	/* Its attachment was kept, shared with the client. */
	fid = tc_sql_intf("SELECT f.id FROM files f JOIN messages m ON m.id = "
	    "f.item_id AND f.item_type = 'message' WHERE m.by_mail = 1 AND "
	    "f.visible = 1 AND m.thread_id = %lld", id);
	ck_assert_int_gt(fid, 0);
	snprintf(fpath, sizeof(fpath), "%s/files/%lld", path, fid);
	r = tc_get(a1, fpath);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Hello, world!"));

	/* The same message again lands once. */
	ck_assert_int_eq(receive(msg, err, sizeof(err)), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM messages WHERE "
	    "thread_id = %lld", id), before + 1);

	/* A forged sender is refused (65), nothing stored. */
	snprintf(msg, sizeof(msg),
	    "From: Mallory <%s>\r\n"
	    "To: %s\r\n"
	    "Subject: Re: %s\r\n"
	    "Message-ID: <forged-%s@mail.example>\r\n"
	    "\r\n"
	    "forgedtext\r\n", fx.x2, addr, subject, word);
	ck_assert_int_eq(receive(msg, err, sizeof(err)), 65);
	ck_assert(strstr(err, "someone else") != NULL);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM messages WHERE "
	    "thread_id = %lld", id), before + 1);
	ck_assert_int_ge(tc_sql_intf("SELECT COUNT(*) FROM mail_received "
	    "WHERE outcome = 'refused' AND item_id = %lld", id), 1);

	/* A forged token (one MAC digit changed) is no address at all (67). */
	bad = strdup(addr);
	ck_assert_ptr_nonnull(bad);
	{
		char *at = strchr(bad, '@');

		at[-1] = at[-1] == 'a' ? 'b' : 'a';
	}
	snprintf(msg, sizeof(msg),
	    "From: Alma One <%s>\r\n"
	    "To: %s\r\n"
	    "Subject: Re: %s\r\n"
	    "Message-ID: <badtoken-%s@mail.example>\r\n"
	    "\r\n"
	    "forgedtoken\r\n", fx.a1, bad, subject, word);
	ck_assert_int_eq(receive(msg, err, sizeof(err)), 67);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM messages WHERE "
	    "thread_id = %lld", id), before + 1);

	/* Not a message at all. */
	ck_assert_int_eq(receive("no headers here", err, sizeof(err)), 65);
	free(bad);
	free(addr);
	free(mail);
	tc_free(a1);
	tc_free(staff);
}
END_TEST

START_TEST(another_clients_contact_gets_404)
{
	struct tc_browser *a1 = tc_new(), *x2 = tc_new();
	struct tc_resp	*r;
	char		 path[160], subject[96];
	long long	 id, fid;
	static const char data[] = "A plain text attachment.\n";

	ck_assert_int_eq(tc_login(a1, fx.a1, PW), 303);
	ck_assert_int_eq(tc_login(x2, fx.x2, PW), 303);
	snprintf(subject, sizeof(subject), "Private %s", tc_tag());
	r = tc_get(a1, "/messages");
	r = tc_post_file(a1, "/messages", "file1", "notes.txt", data,
	    sizeof(data) - 1, "subject", subject, "body", "With a file.",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	fid = tc_sql_intf("SELECT f.id FROM files f JOIN messages m ON m.id = "
	    "f.item_id AND f.item_type = 'message' WHERE m.thread_id = %lld",
	    id);
	ck_assert_int_gt(fid, 0);
	/* The author downloads it. */
	snprintf(path, sizeof(path), "/messages/%lld/files/%lld", id, fid);
	r = tc_get(a1, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "plain text attachment"));

	/* The other client's contact: 404 everywhere. */
	r = tc_get(x2, path);
	ck_assert_int_eq(r->status, 404);
	snprintf(path, sizeof(path), "/messages/%lld", id);
	r = tc_get(x2, path);
	ck_assert_int_eq(r->status, 404);
	ck_assert(!tc_has(r, subject));
	snprintf(path, sizeof(path), "/messages/%lld?format=xml", id);
	r = tc_get(x2, path);
	ck_assert_int_eq(r->status, 404);
	ck_assert(!tc_has(r, subject));
	r = tc_get(x2, "/messages");
	ck_assert_int_eq(r->status, 200);
	snprintf(path, sizeof(path), "/messages/%lld", id);
	r = tc_post(x2, path, "body", "intruding", NULL);
	ck_assert_int_eq(r->status, 404);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM messages WHERE "
	    "thread_id = %lld AND body = 'intruding'", id), 0);
	/* Nor the staff routes. */
	snprintf(path, sizeof(path), "/staff/messages/%lld", id);
	r = tc_get(x2, path);
	ck_assert_int_ne(r->status, 200);
	ck_assert(!tc_has(r, subject));
	tc_free(a1);
	tc_free(x2);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	setup_once();
	s = suite_create("messages");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, exchange_notes_and_unread);
	tcase_add_test(tc, reply_by_mail);
	tcase_add_test(tc, another_clients_contact_gets_404);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
