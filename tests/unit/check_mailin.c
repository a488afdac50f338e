/*
 * Replies by e-mail, the parts with no server: reading messages as
 * several mail programs write them (Gmail, Apple Mail, Outlook,
 * Thunderbird, a phone), cutting the quoted history and the signature,
 * attachments, HTML-only mail, the recipients the token is looked for
 * in, and the tokens themselves (forged, altered, another key).  Runs
 * under valgrind in install/test.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "mailin/mailin.h"

static const unsigned char key1[MAILIN_KEY_LEN] = "0123456789abcdef0123456789abcde";
static const unsigned char key2[MAILIN_KEY_LEN] = "fedcba9876543210fedcba987654321";

/* Parses raw (a C string with LF line ends) into *m; fails the test if not. */
static void
parse(struct at_pool *pool, const char *raw, struct mailin_msg *m)
{
	const char	*err = NULL;

	ck_assert_int_eq(mailin_parse(pool, raw, strlen(raw), m, &err), 0);
	ck_assert_ptr_null(err);
}

START_TEST(gmail_reply)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg m;
	const char	*raw =
	    "Delivered-To: reply+messages.c.2.abcdefghijabcdefghij@agency.example\n"
	    "From: Ana Lima <Ana@Client.Example>\n"
	    "To: Demo Agency <reply+messages.c.2.abcdefghijabcdefghij@agency.example>\n"
	    "Subject: Re: Launch plan\n"
	    "Message-ID: <CAF1234@mail.gmail.com>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=\"b1\"\n"
	    "\n"
	    "--b1\n"
	    "Content-Type: text/plain; charset=\"UTF-8\"\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "\n"
	    "Thanks, Friday works for us. Caf=C3=A9 at ten?\n"
	    "\n"
	    "On Mon, Dec 1, 2026 at 10:02 AM Demo Agency <hub@agency.example> wrote:\n"
	    "\n"
	    "> Could we meet on Friday?\n"
	    "> The team\n"
	    "--b1\n"
	    "Content-Type: text/html; charset=\"UTF-8\"\n"
	    "\n"
	    "<div>Thanks, Friday works for us.</div><div class=\"gmail_quote\">"
	    "old</div>\n"
	    "--b1--\n";

	parse(pool, raw, &m);
	ck_assert_str_eq(m.from, "ana@client.example");
	ck_assert_str_eq(m.subject, "Re: Launch plan");
	ck_assert_str_eq(m.message_id, "CAF1234@mail.gmail.com");
	ck_assert_str_eq(m.text, "Thanks, Friday works for us. "
	    "Caf\xc3\xa9 at ten?");
	ck_assert_int_eq(m.html_only, 0);
	ck_assert_uint_eq(m.nfiles, 0);
	ck_assert_uint_ge(m.nrcpts, 2);
	ck_assert_str_eq(mailin_find_token(pool, &m, "reply@agency.example"),
	    "messages.c.2.abcdefghijabcdefghij");
	at_pool_free(pool);
}
END_TEST

START_TEST(gmail_wrote_over_two_lines)
{
	struct at_pool	*pool = at_pool_new();

	ck_assert_str_eq(mailin_strip(pool, "Yes.\n\nOn Mon, Dec 1, 2026 at "
	    "10:02 AM Demo Agency <hub@agency.example>\nwrote:\n> old\n"),
	    "Yes.");
	at_pool_free(pool);
}
END_TEST

START_TEST(apple_mail_reply)
{
	struct at_pool	*pool = at_pool_new();

	ck_assert_str_eq(mailin_strip(pool, "Sounds good.\r\n\r\nSent from my "
	    "iPhone\r\n\r\n> On 1 Dec 2026, at 10:02, Demo Agency "
	    "<hub@agency.example> wrote:\r\n> \r\n> Could we meet?\r\n"),
	    "Sounds good.");
	ck_assert_str_eq(mailin_strip(pool, "Sounds good.\n\nOn 1 Dec 2026, "
	    "at 10:02, Demo Agency <hub@agency.example> wrote:\n\n> Could we "
	    "meet?\n"), "Sounds good.");
	at_pool_free(pool);
}
END_TEST

START_TEST(outlook_reply)
{
	struct at_pool	*pool = at_pool_new();

	ck_assert_str_eq(mailin_strip(pool, "Approved from our side.\n\n"
	    "Kind regards\nBen\n\n-----Original Message-----\nFrom: Demo "
	    "Agency <hub@agency.example>\nSent: Monday, December 1, 2026 "
	    "10:02 AM\nTo: Ben\nSubject: Launch plan\n\nCould we meet?\n"),
	    "Approved from our side.\n\nKind regards\nBen");
	/* The newer form: a line of underscores, then From/Sent/To. */
	ck_assert_str_eq(mailin_strip(pool, "Fine by me.\n\n"
	    "________________________________\nFrom: Demo Agency "
	    "<hub@agency.example>\nSent: Monday, December 1, 2026 10:02\n"
	    "To: Ben <ben@client.example>\nSubject: Launch plan\n\nold\n"),
	    "Fine by me.");
	/* Without the line: From: followed by Sent: and Subject:. */
	ck_assert_str_eq(mailin_strip(pool, "Fine by me.\n\nFrom: Demo Agency "
	    "<hub@agency.example>\nSent: Monday\nTo: Ben\nSubject: Launch\n\n"
	    "old\n"), "Fine by me.");
	/* A "From:" in the text itself is kept. */
	ck_assert_str_eq(mailin_strip(pool, "From: the client's side, all "
	    "good.\nThanks"), "From: the client's side, all good.\nThanks");
	at_pool_free(pool);
}
END_TEST

START_TEST(thunderbird_interleaved_and_signature)
{
	struct at_pool	*pool = at_pool_new();

	ck_assert_str_eq(mailin_strip(pool, "> Could we meet on Friday?\n"
	    "Yes, at ten.\n> And the budget?\nApproved.\n\n-- \nBen Ortiz\n"
	    "Client Co.\n"), "Yes, at ten.\nApproved.");
	ck_assert_str_eq(mailin_strip(pool, "Le lun. 1 d\xc3\xa9" "c. 2026 "
	    "\xc3\xa0 10:02, Demo a \xc3\xa9" "crit :\n> old\n"), "");
	ck_assert_str_eq(mailin_strip(pool, "Gern.\nAm 01.12.2026 um 10:02 "
	    "schrieb Demo Agency:\n> alt\n"), "Gern.");
	/* Blank lines collapse; trailing blanks go. */
	ck_assert_str_eq(mailin_strip(pool, "\n\nOne  \n\n\n\nTwo\n\n"),
	    "One\n\nTwo");
	at_pool_free(pool);
}
END_TEST

START_TEST(html_only_mail)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg m;
	const char	*raw =
	    "From: ben@client.example\n"
	    "To: reply+cases.3.5.abcdefghijabcdefghij@agency.example\n"
	    "Subject: Re: Case 3\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/html; charset=iso-8859-1\n"
	    "\n"
	    "<html><head><style>p{color:red}</style><title>x</title></head>"
	    "<body><p>It works in the <b>caf\xe9</b> now &amp; then.</p>"
	    "<ul><li>one</li><li>two</li></ul>"
	    "<script>alert(1)</script>"
	    "<div id=\"divRplyFwdMsg\"><b>From:</b> Demo</div>"
	    "<div>old history</div></body></html>\n";

	parse(pool, raw, &m);
	ck_assert_int_eq(m.html_only, 1);
	ck_assert_str_eq(m.text, "It works in the caf\xc3\xa9 now & then.\n"
	    "- one\n- two");
	/* A message with no Message-ID gets one from its bytes. */
	ck_assert(strstr(m.message_id, "@sha256.invalid") != NULL);
	ck_assert_str_eq(mailin_html_text(pool, "<div>New</div><blockquote>"
	    "<div>old</div></blockquote>", 47), "New\n");
	ck_assert_str_eq(mailin_html_text(pool, "", 0), "");
	at_pool_free(pool);
}
END_TEST

START_TEST(attachments)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg m;
	const char	*raw =
	    "From: ana@client.example\n"
	    "To: reply+messages.c.2.abcdefghijabcdefghij@agency.example\n"
	    "Subject: Re: files\n"
	    "Message-ID: <att@x>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"m\"\n"
	    "\n"
	    "--m\n"
	    "Content-Type: text/plain\n"
	    "\n"
	    "Here are the notes.\n"
	    "--m\n"
	    "Content-Type: text/plain; name=\"notes.txt\"\n"
	    "Content-Disposition: attachment; filename=\"../../etc/notes.txt\"\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    "SGVsbG8sIHdvcmxkIQo=\n"
	    "--m\n"
	    "Content-Type: application/pdf\n"
	    "Content-Disposition: attachment; filename=\"=?UTF-8?B?UGxhbi5wZGY=?=\"\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRy\n"
	    "YWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg==\n"
	    "--m\n"
	    "Content-Type: image/png\n"
	    "Content-ID: <logo@x>\n"
	    "Content-Disposition: inline; filename=\"logo.png\"\n"
	    "\n"
	    "xx\n"
	    "--m--\n";

	parse(pool, raw, &m);
	ck_assert_str_eq(m.text, "Here are the notes.");
	ck_assert_uint_eq(m.nfiles, 2);
	ck_assert_str_eq(m.files[0].name, "notes.txt");
	ck_assert_str_eq(m.files[0].mime, "text/plain");
	ck_assert_uint_eq(m.files[0].len, 14);
	ck_assert(memcmp(m.files[0].data, "Hello, world!\n", 14) == 0);
	ck_assert_str_eq(m.files[1].name, "Plan.pdf");
	ck_assert_str_eq(m.files[1].mime, "application/pdf");
	at_pool_free(pool);
}
END_TEST

START_TEST(not_a_message)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg m;
	const char	*err = NULL;

	ck_assert_int_eq(mailin_parse(pool, "", 0, &m, &err), -1);
	ck_assert_ptr_nonnull(err);
	err = NULL;
	ck_assert_int_eq(mailin_parse(pool, "Subject: hi\n\nno sender\n", 24,
	    &m, &err), -1);
	ck_assert_ptr_nonnull(err);
	err = NULL;
	ck_assert_int_eq(mailin_parse(pool, "From: a@x, b@y\nSubject: two\n\n"
	    "x\n", 32, &m, &err), -1);
	ck_assert_ptr_nonnull(err);
	at_pool_free(pool);
}
END_TEST

START_TEST(token_round_trip)
{
	struct at_pool	*pool = at_pool_new();
	char		 module[AT_MAILIN_MODULE_MAX + 1], *t, *up;
	long long	 item, user;
	size_t		 i;

	t = mailin_token(pool, key1, "messages", 12345, 7);
	ck_assert_ptr_nonnull(t);
	ck_assert(strncmp(t, "messages.9ix.7.", 15) == 0);
	ck_assert_uint_eq(strlen(t), 15 + MAILIN_MAC_CHARS);
	ck_assert_int_eq(mailin_token_check(key1, t, module, &item, &user),
	    0);
	ck_assert_str_eq(module, "messages");
	ck_assert_int_eq(item, 12345);
	ck_assert_int_eq(user, 7);
	/* Mail servers may change the case. */
	up = at_pstrdup(pool, t);
	for (i = 0; up[i] != '\0'; i++)
		if (up[i] >= 'a' && up[i] <= 'z')
			up[i] = (char)(up[i] - 'a' + 'A');
	ck_assert_int_eq(mailin_token_check(key1, up, module, &item, &user),
	    0);
	/* Bad module names and ids make no token. */
	ck_assert_ptr_null(mailin_token(pool, key1, "Bad.Name", 1, 1));
	ck_assert_ptr_null(mailin_token(pool, key1, "", 1, 1));
	ck_assert_ptr_null(mailin_token(pool, key1, "cases", 0, 1));
	ck_assert_ptr_null(mailin_token(pool, key1, "cases", 1, -4));
	at_pool_free(pool);
}
END_TEST

START_TEST(forged_tokens)
{
	struct at_pool	*pool = at_pool_new();
	char		 module[AT_MAILIN_MODULE_MAX + 1], *t, *f;
	long long	 item, user;
	size_t		 n;

	t = mailin_token(pool, key1, "messages", 40, 3);
	/* Another site's key. */
	ck_assert_int_eq(mailin_token_check(key2, t, module, &item, &user),
	    -1);
	/* Another user with the same MAC. */
	f = at_pstrdup(pool, t);
	f[strlen("messages.14.")] = '4';
	ck_assert_int_eq(mailin_token_check(key1, f, module, &item, &user),
	    -1);
	/* Another module. */
	f = at_pprintf(pool, "cases%s", t + strlen("messages"));
	ck_assert_int_eq(mailin_token_check(key1, f, module, &item, &user),
	    -1);
	/* One MAC digit changed. */
	f = at_pstrdup(pool, t);
	n = strlen(f);
	f[n - 1] = f[n - 1] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(mailin_token_check(key1, f, module, &item, &user),
	    -1);
	/* Malformed. */
	ck_assert_int_eq(mailin_token_check(key1, "", module, &item, &user),
	    -1);
	ck_assert_int_eq(mailin_token_check(key1, "a.b.c", module, &item,
	    &user), -1);
	ck_assert_int_eq(mailin_token_check(key1, "messages.-1.3."
	    "aaaaaaaaaaaaaaaaaaaa", module, &item, &user), -1);
	ck_assert_int_eq(mailin_token_check(key1, "messages..3."
	    "aaaaaaaaaaaaaaaaaaaa", module, &item, &user), -1);
	ck_assert_int_eq(mailin_token_check(key1, at_pprintf(pool, "%s.x", t),
	    module, &item, &user), -1);
	at_pool_free(pool);
}
END_TEST

START_TEST(token_found_only_at_the_reply_address)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg m;

	memset(&m, 0, sizeof(m));
	m.rcpts[m.nrcpts++] = "team@agency.example";
	m.rcpts[m.nrcpts++] = "reply+x.1.1.a@other.example";
	m.rcpts[m.nrcpts++] = "replyx+x.1.1.a@agency.example";
	m.rcpts[m.nrcpts++] = "reply@agency.example";
	ck_assert_ptr_null(mailin_find_token(pool, &m,
	    "reply@agency.example"));
	m.rcpts[m.nrcpts++] = "REPLY+Tok.1.2.abc@Agency.Example";
	ck_assert_str_eq(mailin_find_token(pool, &m, "reply@agency.example"),
	    "Tok.1.2.abc");
	ck_assert_ptr_null(mailin_find_token(pool, &m, NULL));
	at_pool_free(pool);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("mailin");
	tc = tcase_create("pure");
	tcase_add_test(tc, gmail_reply);
	tcase_add_test(tc, gmail_wrote_over_two_lines);
	tcase_add_test(tc, apple_mail_reply);
	tcase_add_test(tc, outlook_reply);
	tcase_add_test(tc, thunderbird_interleaved_and_signature);
	tcase_add_test(tc, html_only_mail);
	tcase_add_test(tc, attachments);
	tcase_add_test(tc, not_a_message);
	tcase_add_test(tc, token_round_trip);
	tcase_add_test(tc, forged_tokens);
	tcase_add_test(tc, token_found_only_at_the_reply_address);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
