/*
 * Notifications, the parts with no server: the digest day's start, the
 * grouping of waiting notices per person, the mail model as the default
 * skin's mail stylesheets draw it, and the message builder (headers,
 * multipart/alternative, CRLF, long lines).  Runs under valgrind in
 * install/test.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/HTMLtree.h>

#include "core.h"
#include "notify/notify.h"

/* A local time in the test's zone (Europe/London) as time_t. */
static time_t
local(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void
zone(void)
{
	setenv("TZ", "Europe/London", 1);
	tzset();
}

START_TEST(digest_day_starts_at_the_hour)
{
	zone();
	/* After 07:00: today's; before: yesterday's; at it: today's. */
	ck_assert(at_digest_day(local(2026, 6, 15, 10, 0), 7) ==
	    local(2026, 6, 15, 7, 0));
	ck_assert(at_digest_day(local(2026, 6, 15, 6, 59), 7) ==
	    local(2026, 6, 14, 7, 0));
	ck_assert(at_digest_day(local(2026, 6, 15, 7, 0), 7) ==
	    local(2026, 6, 15, 7, 0));
	/* Across a month's end and the clocks going forward. */
	ck_assert(at_digest_day(local(2026, 7, 1, 3, 0), 7) ==
	    local(2026, 6, 30, 7, 0));
	ck_assert(at_digest_day(local(2026, 3, 29, 8, 0), 7) ==
	    (time_t)1774764000);	/* 2026-03-29 06:00 UTC = 07:00 BST */
	ck_assert(at_digest_day(local(2026, 3, 29, 5, 0), 7) ==
	    (time_t)1774681200);	/* 2026-03-28 07:00 UTC = 07:00 GMT */
}
END_TEST

START_TEST(digest_groups_per_person)
{
	static const char *cols[] = { "id", "user_id" };
	char		*v[] = { "10", "1", "11", "1", "12", "2", "13", "3",
			    "14", "3", "15", "3" };
	struct at_rows	 r;

	memset(&r, 0, sizeof(r));
	r.n = 6;
	r.ncol = 2;
	r.cols = cols;
	r.v = v;
	ck_assert_uint_eq(at_digest_run(&r, 0), 2);
	ck_assert_uint_eq(at_digest_run(&r, 2), 3);
	ck_assert_uint_eq(at_digest_run(&r, 3), 6);
	ck_assert_uint_eq(at_digest_run(&r, 6), 6);
	r.n = 0;
	ck_assert_uint_eq(at_digest_run(&r, 0), 0);
}
END_TEST

START_TEST(delivery_names)
{
	ck_assert_str_eq(at_delivery_name(AT_DELIVER_NOW), "now");
	ck_assert_str_eq(at_delivery_name(AT_DELIVER_DIGEST), "digest");
	ck_assert_str_eq(at_delivery_name(AT_DELIVER_OFF), "none");
	ck_assert_int_eq(at_delivery_parse("digest"), AT_DELIVER_DIGEST);
	ck_assert_int_eq(at_delivery_parse("none"), AT_DELIVER_OFF);
	ck_assert_int_eq(at_delivery_parse("now"), AT_DELIVER_NOW);
	ck_assert_int_eq(at_delivery_parse("weekly"), 0);
	ck_assert_int_eq(at_delivery_parse(""), 0);
	ck_assert_int_eq(at_delivery_parse(NULL), 0);
}
END_TEST

/* Whether every line of s ends in CRLF and none is over 998 bytes. */
static int
crlf_lines(const char *s)
{
	const char	*p, *start = s;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\n') {
			if (p == s || p[-1] != '\r')
				return 0;
			if (p - start > 999)
				return 0;
			start = p + 1;
		}
		if (*p == '\r' && p[1] != '\n')
			return 0;
	}
	return start == p;
}

START_TEST(message_text_only)
{
	struct at_pool	*pool = at_pool_new();
	char		*m;

	m = at_mail_message(pool, "Demo Agency", "hub@demo.test",
	    "ana@example.test", "Hello", "x.1@demo.test", "=_b", 0,
	    "Line one\nLine two\n", NULL);
	ck_assert(strstr(m, "From: \"Demo Agency\" <hub@demo.test>\r\n") !=
	    NULL);
	ck_assert(strstr(m, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") !=
	    NULL);
	ck_assert(strstr(m, "Content-Type: text/plain; charset=utf-8\r\n") !=
	    NULL);
	ck_assert(strstr(m, "multipart") == NULL);
	ck_assert(strstr(m, "\r\n\r\nLine one\r\nLine two\r\n") != NULL);
	ck_assert(crlf_lines(m));
	at_pool_free(pool);
}
END_TEST

START_TEST(message_multipart)
{
	struct at_pool	*pool = at_pool_new();
	const char	*text, *html, *end;
	char		*m;

	m = at_mail_message(pool, "Agence \xc3\x89t\xc3\xa9", "hub@demo.test",
	    "ana@example.test", "R\xc3\xa9sum\xc3\xa9", "x.2@demo.test",
	    "=_part_abc", 0, "Hello\n", "<p>Hello</p>\n");
	ck_assert(strstr(m, "Content-Type: multipart/alternative; "
	    "boundary=\"=_part_abc\"\r\n") != NULL);
	/* Non-ASCII headers are encoded. */
	ck_assert(strstr(m, "From: =?UTF-8?B?") != NULL);
	ck_assert(strstr(m, "Subject: =?UTF-8?B?") != NULL);
	text = strstr(m, "--=_part_abc\r\nContent-Type: text/plain");
	html = strstr(m, "--=_part_abc\r\nContent-Type: text/html");
	end = strstr(m, "--=_part_abc--\r\n");
	ck_assert(text != NULL && html != NULL && end != NULL);
	ck_assert(text < html && html < end);
	ck_assert(strstr(text, "\r\n\r\nHello\r\n") < html);
	ck_assert(strstr(html, "\r\n\r\n<p>Hello</p>\r\n") < end);
	ck_assert(crlf_lines(m));
	at_pool_free(pool);
}
END_TEST

START_TEST(message_long_lines)
{
	struct at_pool	*pool = at_pool_new();
	char		*html, *text, *m, *p;
	size_t		 i;

	/* 300 tags of 10 bytes with a space inside each: 3000 bytes. */
	html = at_palloc(pool, 3001);
	for (i = 0, p = html; i < 300; i++, p += 10)
		memcpy(p, "<a b=\"c\">x", 10);
	*p = '\0';
	/* 2000 bytes with no space at all. */
	text = at_palloc(pool, 2001);
	memset(text, 'y', 2000);
	text[2000] = '\0';
	m = at_mail_message(pool, "A", "hub@demo.test", "ana@example.test",
	    "S", "x.3@demo.test", "=_b", 0, text, html);
	ck_assert(crlf_lines(m));
	/* Broken inside a tag, where the space was: nothing is lost. */
	ck_assert(strstr(m, "<a\r\nb=\"c\">x") != NULL);
	ck_assert(strstr(m, "<a b=\"c\">x<a b=\"c\">x") != NULL);
	at_pool_free(pool);
}
END_TEST

/* The text of a transformed document. */
static char *
doc_text(xmlDocPtr d)
{
	xmlChar	*c = xmlNodeGetContent((xmlNodePtr)d);
	char	*s = strdup(c != NULL ? (const char *)c : "");

	xmlFree(c);
	return s;
}

START_TEST(skin_draws_the_model)
{
	struct at_site	 site;
	xmlDocPtr	 model, t, h;
	xmlChar		*buf = NULL;
	char		*text;
	int		 n = 0;

	memset(&site, 0, sizeof(site));
	site.name = "Atrium";
	site.brand_name = "Demo Agency";
	site.base_url = "https://hub.example.test";
	site.skins_dir = AT_TEST_SRCDIR "/skins";
	site.skin = "default";
	site.brand_color = "#123456";
	ck_assert_int_eq(at_view_init(&site), 0);
	model = at_mail_model(&site, "digest", "ana@example.test", "Ana",
	    "Demo Agency: 2 updates today");
	at_mail_model_item(&site, model, "approvals.requested",
	    "Approvals asked of me", "Your approval is needed: Logo",
	    "Please look & answer.", "/approvals/7", "2026-06-15 10:00");
	at_mail_model_item(&site, model, "meetings.client", NULL,
	    "Meeting: Kick-off <confirmed>", NULL, "/meetings/3", NULL);

	t = at_view_transform("mail", "text", model);
	ck_assert_ptr_nonnull(t);
	text = doc_text(t);
	ck_assert(strstr(text, "Hello Ana,") != NULL);
	ck_assert(strstr(text, "Here is what happened at Demo Agency:") !=
	    NULL);
	ck_assert(strstr(text, "- Your approval is needed: Logo "
	    "(2026-06-15 10:00)\n") != NULL);
	ck_assert(strstr(text, "Please look & answer.\n") != NULL);
	ck_assert(strstr(text, "https://hub.example.test/approvals/7\n") !=
	    NULL);
	ck_assert(strstr(text, "Meeting: Kick-off <confirmed>") != NULL);
	ck_assert(strstr(text, "https://hub.example.test/account") != NULL);
	ck_assert(strstr(text, "Atrium") == NULL);
	free(text);
	xmlFreeDoc(t);

	h = at_view_transform("mail", "html", model);
	ck_assert_ptr_nonnull(h);
	htmlDocDumpMemoryFormat(h, &buf, &n, 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert(strstr((char *)buf, "Demo Agency") != NULL);
	ck_assert(strstr((char *)buf, "href=\"https://hub.example.test/"
	    "approvals/7\"") != NULL);
	/* Text is escaped, never markup. */
	ck_assert(strstr((char *)buf, "Kick-off &lt;confirmed&gt;") != NULL);
	ck_assert(strstr((char *)buf, "#123456") != NULL);
	ck_assert(strstr((char *)buf, "Atrium") == NULL);
	xmlFree(buf);
	xmlFreeDoc(h);
	xmlFreeDoc(model);
	at_view_free();
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("notify");
	tc = tcase_create("pure");
	tcase_add_test(tc, digest_day_starts_at_the_hour);
	tcase_add_test(tc, digest_groups_per_person);
	tcase_add_test(tc, delivery_names);
	tcase_add_test(tc, message_text_only);
	tcase_add_test(tc, message_multipart);
	tcase_add_test(tc, message_long_lines);
	tcase_add_test(tc, skin_draws_the_model);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
