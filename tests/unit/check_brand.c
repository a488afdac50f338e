/*
 * The co-brand's contrast rule (WCAG 2 ratio, AA's 4.5:1 against the
 * skin's backgrounds, the refusal naming the ratio) and the milestone
 * timeline's geometry.
 */
#include "config.h"

#include <check.h>
#include <math.h>
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

/* Two colours and their ratio (to 0.01). */
static const struct {
	const char	*a, *b;
	double		 ratio;
} pairs[] = {
	{ "#000000", "#ffffff", 21.0 },
	{ "#ffffff", "#000000", 21.0 },		/* symmetric */
	{ "#ffffff", "#ffffff", 1.0 },
	{ "#5479ee", "#ffffff", 3.93 },		/* the issue's menu item */
	{ "#767676", "#ffffff", 4.54 },		/* the lightest AA grey */
	{ "#777777", "#FFFFFF", 4.48 },		/* either case */
	{ "#2f5bea", "#ffffff", 5.52 },
};

START_TEST(contrast_ratio)
{
	double	 r = hub_contrast(pairs[_i].a, pairs[_i].b);

	ck_assert_msg(fabs(r - pairs[_i].ratio) < 0.01, "%s on %s: %.3f, "
	    "want %.2f", pairs[_i].a, pairs[_i].b, r, pairs[_i].ratio);
}
END_TEST

START_TEST(contrast_bad_input)
{
	ck_assert(hub_contrast("#fff", "#ffffff") < 0);
	ck_assert(hub_contrast("123456", "#ffffff") < 0);
	ck_assert(hub_contrast("#12345g", "#ffffff") < 0);
	ck_assert(hub_contrast(NULL, "#ffffff") < 0);
	ck_assert(hub_contrast("#1234567", "#ffffff") < 0);
	ck_assert(!hub_color_ok("red"));
	ck_assert(!hub_color_ok("#12 456"));
	ck_assert(hub_color_ok("#1a4D8f"));
}
END_TEST

START_TEST(accent_refused_with_ratio)
{
	const char	*m;

	/* Too light: refused, the ratio (rounded down) in the sentence. */
	m = hub_accent_check(pool, "#5479ee");
	ck_assert_ptr_nonnull(m);
	ck_assert_msg(strstr(m, "3.66:1") != NULL, "%s", m);
	ck_assert(strstr(m, "4.5:1") != NULL);
	/* 4.54 on white but under 4.5 on the page's grey: refused. */
	m = hub_accent_check(pool, "#767676");
	ck_assert_ptr_nonnull(m);
	ck_assert_msg(strstr(m, "4.23:1") != NULL, "%s", m);
	/* Dark enough everywhere. */
	ck_assert_ptr_null(hub_accent_check(pool, "#1a4d8f"));
	ck_assert_ptr_null(hub_accent_check(pool, "#000000"));
	/* Not a colour: a clear sentence, not a ratio. */
	m = hub_accent_check(pool, "blue");
	ck_assert_ptr_nonnull(m);
	ck_assert(strstr(m, "#") != NULL);
}
END_TEST

START_TEST(day_numbers)
{
	ck_assert_int_eq(hub_day_number("1970-01-01"), 0);
	ck_assert_int_eq(hub_day_number("1970-01-02"), 1);
	ck_assert_int_eq(hub_day_number("2000-03-01") -
	    hub_day_number("2000-02-28"), 2);		/* leap year */
	ck_assert_int_eq(hub_day_number("2100-03-01") -
	    hub_day_number("2100-02-28"), 1);		/* not one */
	ck_assert_int_eq(hub_day_number("2027-01-01") -
	    hub_day_number("2026-01-01"), 365);
	ck_assert_int_eq(hub_day_number("2026-13-01"), -1);
	ck_assert_int_eq(hub_day_number("2026-1-01"), -1);
	ck_assert_int_eq(hub_day_number(NULL), -1);
	ck_assert_int_eq(hub_day_number("2026-01-01x"), -1);
}
END_TEST

START_TEST(timeline_geometry)
{
	long	 a = hub_day_number("2026-01-01");
	long	 b = hub_day_number("2026-01-11");

	ck_assert_int_eq(hub_timeline_x(a, b, a, 1000), 0);
	ck_assert_int_eq(hub_timeline_x(a, b, b, 1000), 1000);
	ck_assert_int_eq(hub_timeline_x(a, b, a + 5, 1000), 500);
	ck_assert_int_eq(hub_timeline_x(a, b, a + 1, 1000), 100);
	/* Clamped to the axis. */
	ck_assert_int_eq(hub_timeline_x(a, b, a - 3, 1000), 0);
	ck_assert_int_eq(hub_timeline_x(a, b, b + 3, 1000), 1000);
	/* One day only: the middle. */
	ck_assert_int_eq(hub_timeline_x(a, a, a, 1000), 500);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("brand");
	TCase	*tc = tcase_create("contrast");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, contrast_ratio, 0,
	    sizeof(pairs) / sizeof(pairs[0]));
	tcase_add_test(tc, contrast_bad_input);
	tcase_add_test(tc, accent_refused_with_ratio);
	suite_add_tcase(s, tc);
	tc = tcase_create("timeline");
	tcase_add_test(tc, day_numbers);
	tcase_add_test(tc, timeline_geometry);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
