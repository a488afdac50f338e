/*
 * The contracts plugin's pure parts (plugins/contracts/merge.c): merge
 * fields known, custom, unknown and malformed; values without a value
 * are errors, never gaps; client-provided values escaped into Markdown
 * (and drawn by cmark as the same text); fee lines; the line diff of two
 * versions.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>

#include "../../plugins/contracts/merge.h"

static struct at_pool *pool;

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

static const struct ct_kv vals[] = {
	{ "client.name", "Northwind Traders" },
	{ "client.address", "Hafenstrasse 12\n20457 Hamburg" },
	{ "project.name", NULL },
	{ "agency.name", "Demo Agency" },
	{ "today", "2026-12-02" },
	{ "fee.total", "€4,500.00" },
	{ "custom.start_week", "week 3" },
};
#define NVALS	(sizeof(vals) / sizeof(vals[0]))

START_TEST(known_fields)
{
	char		*out;
	const char	*err = NULL;

	ck_assert_int_eq(ct_merge(pool, "Between {{agency.name}} and "
	    "{{ client.name }}, on {{today}}: {{custom.start_week}}.", vals,
	    NVALS, &out, &err), 0);
	ck_assert_str_eq(out, "Between Demo Agency and Northwind Traders, "
	    "on 2026\\-12\\-02: week 3.");
	/* Text without fields is left as it is. */
	ck_assert_int_eq(ct_merge(pool, "# Terms\n\n*plain*", vals, NVALS,
	    &out, &err), 0);
	ck_assert_str_eq(out, "# Terms\n\n*plain*");
	/* An address keeps its lines as hard breaks. */
	ck_assert_int_eq(ct_merge(pool, "{{client.address}}", vals, NVALS,
	    &out, &err), 0);
	ck_assert_str_eq(out, "Hafenstrasse 12\\\n20457 Hamburg");
	/* The total as formatted, its punctuation escaped. */
	ck_assert_int_eq(ct_merge(pool, "{{fee.total}}", vals, NVALS, &out,
	    &err), 0);
	ck_assert_str_eq(out, "€4\\,500\\.00");
}
END_TEST

START_TEST(unknown_fields)
{
	const char	**custom, *err = NULL;
	char		*out = NULL;

	ck_assert_int_eq(ct_fields(pool, "Dear {{client.nmae}}", &custom,
	    &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "Unknown merge field "
	    "{{client.nmae}}"));
	ck_assert_int_eq(ct_merge(pool, "Dear {{client.nmae}}", vals, NVALS,
	    &out, &err), 1);
	ck_assert_ptr_null(out);
	/* custom.NAME has one part only. */
	ck_assert_int_eq(ct_fields(pool, "{{custom.a.b}}", NULL, &err), 1);
	ck_assert_int_eq(ct_fields(pool, "{{custom.}}", NULL, &err), 1);
	/* Malformed: unclosed, upper case, empty. */
	ck_assert_int_eq(ct_fields(pool, "Dear {{client.name", NULL, &err),
	    1);
	ck_assert_ptr_nonnull(strstr(err, "not written right"));
	ck_assert_int_eq(ct_fields(pool, "{{Client.Name}}", NULL, &err), 1);
	ck_assert_int_eq(ct_fields(pool, "{{}}", NULL, &err), 1);
	/* The custom fields, once each, in order. */
	ck_assert_int_eq(ct_fields(pool, "{{custom.b}} {{client.name}} "
	    "{{custom.a}} {{custom.b}}", &custom, &err), 0);
	ck_assert_str_eq(custom[0], "custom.b");
	ck_assert_str_eq(custom[1], "custom.a");
	ck_assert_ptr_null(custom[2]);
}
END_TEST

START_TEST(no_gaps)
{
	const char	*err = NULL;
	char		*out = NULL;

	/* A known field without a value is an error, never an empty gap. */
	ck_assert_int_eq(ct_merge(pool, "For {{project.name}}.", vals, NVALS,
	    &out, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "{{project.name}} has no value"));
	ck_assert_ptr_nonnull(strstr(err, "choose a project"));
	ck_assert_int_eq(ct_merge(pool, "{{custom.other}}", vals, NVALS,
	    &out, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "fill it in"));
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(escaping)
{
	static const struct ct_kv evil[] = {
		{ "client.name", "# Evil *Corp* [x](javascript:alert(1)) "
		    "<script>alert(1)</script> {{today}} _u_ `c` 1. \\" },
		{ "today", "2026-12-02" },
	};
	const char	*err = NULL;
	char		*out;

	ck_assert_int_eq(ct_merge(pool, "{{client.name}}", evil, 2, &out,
	    &err), 0);
	/* Nothing a value brings is Markdown or HTML or a field. */
	ck_assert_str_eq(out, "\\# Evil \\*Corp\\* \\[x\\]\\(javascript\\:"
	    "alert\\(1\\)\\) \\<script\\>alert\\(1\\)\\<\\/script\\> "
	    "\\{\\{today\\}\\} \\_u\\_ \\`c\\` 1\\. \\\\");
	/* The escaped value is not a field of a second merge either. */
	ck_assert_int_eq(ct_fields(pool, out, NULL, &err), 0);
	/* Control characters other than line breaks are dropped. */
	ck_assert_str_eq(ct_md_escape(pool, "a\tb\r\nc\x01"), "ab\\\nc");
	/* UTF-8 is kept as it is. */
	ck_assert_str_eq(ct_md_escape(pool, "Zoë & Søn"), "Zoë \\& Søn");
}
END_TEST

START_TEST(fees)
{
	struct ct_fee	*f;
	size_t		 n;
	int64_t		 total;
	const char	*err;

	ck_assert_int_eq(ct_fees_parse(pool, "Design | 4,500.00\n\n"
	    "Build | 1250\r\n", "EUR", &f, &n, &total, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(f[0].description, "Design");
	ck_assert_int_eq(f[0].amount, 450000);
	ck_assert_int_eq(f[1].amount, 125000);
	ck_assert_int_eq(total, 575000);
	ck_assert_int_eq(ct_fees_parse(pool, "", "JPY", &f, &n, &total,
	    &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ct_fees_parse(pool, "A | 1.5", "JPY", &f, &n,
	    &total, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "Fee line 1"));
	ck_assert_int_eq(ct_fees_parse(pool, "A | 1\nno amount", "EUR", &f,
	    &n, &total, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "Fee line 2"));
	ck_assert_int_eq(ct_fees_parse(pool, " | 5", "EUR", &f, &n, &total,
	    &err), 1);
	ck_assert_int_eq(ct_fees_parse(pool, "A | 5", "XYZ", &f, &n, &total,
	    &err), 1);
}
END_TEST

START_TEST(diff)
{
	struct ct_dline	*d;
	size_t		 n;

	ck_assert_int_eq(ct_diff(pool, "a\nb\nc\nd", "a\nB\nc\nd\ne", &d,
	    &n), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert(d[0].op == ' ' && strcmp(d[0].text, "a") == 0);
	ck_assert(d[1].op == '-' && strcmp(d[1].text, "b") == 0);
	ck_assert(d[2].op == '+' && strcmp(d[2].text, "B") == 0);
	ck_assert(d[3].op == ' ' && strcmp(d[3].text, "c") == 0);
	ck_assert(d[4].op == ' ' && strcmp(d[4].text, "d") == 0);
	ck_assert(d[5].op == '+' && strcmp(d[5].text, "e") == 0);
	/* Same texts: every line kept. */
	ck_assert_int_eq(ct_diff(pool, "x\ny", "x\ny", &d, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(d[0].op == ' ' && d[1].op == ' ');
	/* From nothing. */
	ck_assert_int_eq(ct_diff(pool, "", "x", &d, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(d[0].op == '+');
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("contracts");
	TCase	*tc = tcase_create("merge");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, known_fields);
	tcase_add_test(tc, unknown_fields);
	tcase_add_test(tc, no_gaps);
	tcase_add_test(tc, escaping);
	tcase_add_test(tc, fees);
	tcase_add_test(tc, diff);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
