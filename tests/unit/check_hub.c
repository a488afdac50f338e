/*
 * The hub's pure rules: a project's progress from its deliverables and
 * milestones (docs/hub.md, "Progress"), and the full-text query built
 * from what someone typed in the search box.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

static struct at_pool	*pool;

static void
setup(void)
{
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
}

/* done, total, status, the percentage. */
static const struct {
	long long	 done, total;
	const char	*status;
	int		 pct;
} progress[] = {
	{ 0, 0, "active", 0 },		/* nothing planned yet */
	{ 0, 4, "active", 0 },
	{ 1, 4, "active", 25 },
	{ 1, 3, "active", 33 },		/* rounded down */
	{ 2, 3, "on_hold", 66 },
	{ 199, 200, "active", 99 },	/* 100 only when all are done */
	{ 4, 4, "active", 100 },
	{ 0, 0, "completed", 100 },	/* a completed project is done */
	{ 1, 5, "completed", 100 },
	{ 5, 4, "active", 100 },	/* never above 100 */
	{ -1, 4, "active", 0 },		/* never below 0 */
	{ 2, 4, NULL, 50 },
};

START_TEST(progress_rule)
{
	ck_assert_int_eq(hub_progress(progress[_i].done, progress[_i].total,
	    progress[_i].status), progress[_i].pct);
}
END_TEST

/* Typed, the boolean query (NULL: nothing searchable). */
static const struct {
	const char	*in, *out;
} terms[] = {
	{ "homepage", "+homepage*" },
	{ "  Homepage   mockup ", "+Homepage* +mockup*" },
	/* Operators are never passed through. */
	{ "\"brand\" -audit +(logo)~ <x>", "+brand* +audit* +logo*" },
	{ "a an of brief", "+brief*" },		/* short words left out */
	{ "ab", NULL },
	{ "", NULL },
	{ "-+*\"()<>~@", NULL },
	{ "Überarbeitung café", "+Überarbeitung* +café*" },
	{ "été", "+été*" },			/* three characters, five bytes */
	{ "one two three four five six seven eight nine ten",
	  "+one* +two* +three* +four* +five* +six* +seven* +eight*" },
	{ "O'Brien's plan", "+Brien* +plan*" },
};

START_TEST(search_terms)
{
	char	*s = hub_search_terms(pool, terms[_i].in);

	if (terms[_i].out == NULL)
		ck_assert_msg(s == NULL, "\"%s\" gave \"%s\"", terms[_i].in,
		    s);
	else {
		ck_assert_msg(s != NULL, "\"%s\" gave nothing", terms[_i].in);
		ck_assert_str_eq(s, terms[_i].out);
	}
}
END_TEST

/* Bytes, whether they start with a valid character, its length, code. */
static const struct {
	const char	*s;
	size_t		 len;
	unsigned int	 cp;
} chars[] = {
	{ "A", 1, 0x41 },
	{ "\xc3\xa9", 2, 0xe9 },			/* é */
	{ "\xe2\x82\xac", 3, 0x20ac },		/* € */
	{ "\xf0\x9f\x98\x80", 4, 0x1f600 },	/* an emoji */
	{ "\xc3", 0, 0 },			/* cut short */
	{ "\xe2\x82", 0, 0 },
	{ "\x80", 0, 0 },			/* a lone continuation */
	{ "\xc0\xaf", 0, 0 },			/* overlong "/" */
	{ "\xe0\x80\xaf", 0, 0 },
	{ "\xed\xa0\x80", 0, 0 },		/* a surrogate */
	{ "\xf4\x90\x80\x80", 0, 0 },		/* beyond U+10FFFF */
	{ "\xff", 0, 0 },
};

START_TEST(utf8_decodes_one_character)
{
	unsigned int	 cp = 0xdead;
	size_t		 n;

	n = at_utf8_char(chars[_i].s, &cp);
	ck_assert_msg(n == chars[_i].len, "case %d: length %zu", _i, n);
	if (n > 0)
		ck_assert_uint_eq(cp, chars[_i].cp);
}
END_TEST

/* Text, the byte budget, what is kept. */
static const struct {
	const char	*s;
	size_t		 max;
	const char	*want;
} cuts[] = {
	{ "hello", 10, "hello" },
	{ "hello", 5, "hello" },
	{ "hello", 3, "hel" },
	{ "caf\xc3\xa9", 4, "caf" },		/* not half an é */
	{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac" },
	{ "\xf0\x9f\x98\x80x", 3, "" },
	{ "", 0, "" },
};

START_TEST(utf8_cut_between_characters)
{
	const char	*out;

	out = at_utf8_cut(pool, cuts[_i].s, cuts[_i].max);
	ck_assert_str_eq(out, cuts[_i].want);
	ck_assert_uint_eq(at_utf8_fit(cuts[_i].s, cuts[_i].max),
	    strlen(cuts[_i].want));
	ck_assert_ptr_null(at_utf8_cut(pool, NULL, 3));
}
END_TEST

/* A 255-byte budget over a subject of two-byte letters stays valid. */
START_TEST(utf8_long_subject_cut_is_valid)
{
	char		 s[600], *p = s;
	const char	*out, *q;
	unsigned int	 cp;
	size_t		 n;
	int		 i;

	for (i = 0; i < 200; i++)
		p = stpcpy(p, "\xc3\xa9");	/* 400 bytes of é */
	out = at_utf8_cut(pool, s, 255);
	ck_assert_uint_eq(strlen(out), 254);
	for (q = out; *q != '\0'; q += n)
		ck_assert_uint_ne((n = at_utf8_char(q, &cp)), 0);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("hub");
	tc = tcase_create("hub");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, progress_rule, 0,
	    sizeof(progress) / sizeof(progress[0]));
	tcase_add_loop_test(tc, search_terms, 0,
	    sizeof(terms) / sizeof(terms[0]));
	tcase_add_loop_test(tc, utf8_decodes_one_character, 0,
	    sizeof(chars) / sizeof(chars[0]));
	tcase_add_loop_test(tc, utf8_cut_between_characters, 0,
	    sizeof(cuts) / sizeof(cuts[0]));
	tcase_add_test(tc, utf8_long_subject_cut_is_valid);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
