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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
