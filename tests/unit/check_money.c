/*
 * Money: the ISO 4217 table (exponents of EUR, USD, JPY, KWD and the
 * other three-decimal dinars, CLF's four), parsing what people type under
 * each rule (decimal comma only where the rule says so, grouping in
 * threes, no more decimals than the currency has, no sign unless allowed,
 * overflow refused), formatting per currency and rule, and half-even
 * arithmetic for tax per line and quantity times unit price.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include <atrium/money.h>

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
	pool = NULL;
}

START_TEST(table_exponents)
{
	static const struct {
		const char	*code;
		int		 exp;
	} want[] = {
		{ "EUR", 2 }, { "USD", 2 }, { "GBP", 2 }, { "JPY", 0 },
		{ "KRW", 0 }, { "ISK", 0 }, { "CLP", 0 }, { "XOF", 0 },
		{ "KWD", 3 }, { "BHD", 3 }, { "OMR", 3 }, { "JOD", 3 },
		{ "TND", 3 }, { "LYD", 3 }, { "IQD", 3 }, { "CLF", 4 },
		{ "UYW", 4 }, { "CHF", 2 }, { "XCG", 2 }, { "ZWG", 2 },
	};
	const struct at_currency *c;
	size_t		 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		c = at_currency(want[i].code);
		ck_assert_msg(c != NULL, "%s missing", want[i].code);
		ck_assert_str_eq(c->code, want[i].code);
		ck_assert_msg(c->exponent == want[i].exp, "%s: %d",
		    want[i].code, c->exponent);
		ck_assert_ptr_nonnull(c->name);
	}
}
END_TEST

START_TEST(table_refuses)
{
	static const char *bad[] = { "eur", "EU", "EURO", "", "XXX", "XAU",
	    "HRK", "ANG", "E1R", "ÉUR" };
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(at_currency(bad[i]) == NULL, "%s", bad[i]);
	ck_assert_ptr_null(at_currency(NULL));
}
END_TEST

START_TEST(table_sorted_complete)
{
	const struct at_currency *t;
	size_t		 n, i;

	t = at_currencies(&n);
	/* List one holds about 160 codes with a minor unit. */
	ck_assert_uint_ge(n, 155);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(strlen(t[i].code), 3);
		ck_assert(t[i].exponent >= 0 && t[i].exponent <= 4);
		if (i > 0)
			ck_assert_msg(strcmp(t[i - 1].code, t[i].code) < 0,
			    "%s before %s", t[i - 1].code, t[i].code);
		/* Each entry is found by the search. */
		ck_assert_ptr_eq(at_currency(t[i].code), &t[i]);
	}
}
END_TEST

/* What people type, the rule, the currency and the amount it means. */
static const struct {
	const char	*in;
	const char	*rule;
	const char	*cur;
	int		 flags;
	int64_t		 out;
} good[] = {
	{ "12.50", "en", "EUR", 0, 1250 },
	{ "12.5", "en", "EUR", 0, 1250 },
	{ "12", "en", "EUR", 0, 1200 },
	{ "0.01", "en", "USD", 0, 1 },
	{ "  7.05\t", "en", "USD", 0, 705 },
	{ "1,234.56", "en", "USD", 0, 123456 },
	{ "1,234,567.89", "en", "USD", 0, 123456789 },
	{ "12,500", "en", "USD", 0, 1250000 },
	{ "12,50", "de", "EUR", 0, 1250 },
	{ "1.234,56", "de", "EUR", 0, 123456 },
	{ "1 234,56", "fr", "EUR", 0, 123456 },
	{ "1\xc2\xa0" "234,56", "fr", "EUR", 0, 123456 },	/* U+00A0 */
	{ "1\xe2\x80\xaf" "234,56", "fr", "EUR", 0, 123456 },	/* U+202F */
	{ "1'234.56", "ch", "CHF", 0, 123456 },
	{ "1234.56", "plain", "EUR", 0, 123456 },
	{ "-12.50", "en", "EUR", AT_MONEY_SIGNED, -1250 },
	{ "+12.50", "en", "EUR", AT_MONEY_SIGNED, 1250 },
	{ "-0", "en", "EUR", AT_MONEY_SIGNED, 0 },
	{ "1200", "en", "JPY", 0, 1200 },
	{ "1,200", "en", "JPY", 0, 1200 },
	{ "1.200", "de", "JPY", 0, 1200 },
	{ "1.250", "en", "KWD", 0, 1250 },
	{ "1.25", "en", "KWD", 0, 1250 },
	{ "0.001", "en", "KWD", 0, 1 },
	{ "1,000.125", "en", "BHD", 0, 1000125 },
	{ "1.0001", "en", "CLF", 0, 10001 },
	{ "92233720368547758.07", "en", "EUR", 0, INT64_MAX },
	{ "-92,233,720,368,547,758.07", "en", "USD", AT_MONEY_SIGNED,
	    -INT64_MAX },
	{ "9223372036854775807", "en", "JPY", 0, INT64_MAX },
	{ "9223372036854775.807", "en", "KWD", 0, INT64_MAX },
	{ "0000012.00", "en", "EUR", 0, 1200 },
};

START_TEST(parse_good)
{
	const char	*err = NULL;
	int64_t		 v = -42;

	ck_assert_msg(at_money_parse(good[_i].in, at_currency(good[_i].cur),
	    at_money_rule(good[_i].rule), good[_i].flags, &v, &err) == 0,
	    "'%s' (%s %s): %s", good[_i].in, good[_i].rule, good[_i].cur,
	    err);
	ck_assert_msg(v == good[_i].out, "'%s' gave %lld", good[_i].in,
	    (long long)v);
}
END_TEST

/* What must be refused, and a word the message must contain. */
static const struct {
	const char	*in;
	const char	*rule;
	const char	*cur;
	int		 flags;
	const char	*why;
} bad[] = {
	{ "12,50", "en", "EUR", 0, "point" },
	{ "12,5", "en", "USD", 0, "point" },
	{ "12,50", "ch", "CHF", 0, "point" },
	{ "1\xc2\xa0" "234.56", "en", "EUR", 0, "digits" },
	{ "12,50", "plain", "EUR", 0, "point" },
	{ "12.50", "de", "EUR", 0, "comma" },
	{ "12.50", "fr", "EUR", 0, "comma" },
	{ "1,234,5", "en", "USD", 0, "threes" },
	{ "1234,567.00", "en", "USD", 0, "threes" },
	{ ",123", "en", "USD", 0, "threes" },
	{ "1,,234", "en", "USD", 0, "threes" },
	{ "1,234,", "en", "USD", 0, "threes" },
	{ "12.345", "en", "EUR", 0, "decimals" },
	{ "12.500", "en", "EUR", 0, "decimals" },
	{ "1.5", "en", "JPY", 0, "no decimals" },
	{ "1200.0", "en", "JPY", 0, "no decimals" },
	{ "1,5", "de", "JPY", 0, "no decimals" },
	{ "1.2345", "en", "KWD", 0, "decimals" },
	{ "1.00001", "en", "CLF", 0, "decimals" },
	{ "-12.50", "en", "EUR", 0, "sign" },
	{ "+12.50", "en", "EUR", 0, "sign" },
	{ "--1", "en", "EUR", AT_MONEY_SIGNED, "digits" },
	{ "92233720368547758.08", "en", "EUR", 0, "too large" },
	{ "92233720368547759", "en", "EUR", 0, "too large" },
	{ "9223372036854775808", "en", "JPY", 0, "too large" },
	{ "99999999999999999999999", "en", "JPY", 0, "too large" },
	{ "-9223372036854775808", "en", "JPY", AT_MONEY_SIGNED,
	    "too large" },
	{ "", "en", "EUR", 0, "Enter" },
	{ "   ", "en", "EUR", 0, "Enter" },
	{ "-", "en", "EUR", AT_MONEY_SIGNED, "Enter" },
	{ ".50", "en", "EUR", 0, "before" },
	{ "12.", "en", "EUR", 0, "after" },
	{ "12.x", "en", "EUR", 0, "after" },
	{ "12.5.0", "en", "EUR", 0, "digits" },
	{ "€12", "en", "EUR", 0, "digits" },
	{ "12 EUR", "en", "EUR", 0, "digits" },
	{ "1e3", "en", "EUR", 0, "digits" },
	{ "0x10", "en", "EUR", 0, "digits" },
	{ "12 50", "en", "EUR", 0, "digits" },
	{ "١٢", "en", "EUR", 0, "digits" },
	{ "NaN", "en", "EUR", 0, "digits" },
	{ "1234567890123456789012345678901234567890123456789012345678901234"
	    "5", "en", "EUR", 0, "too long" },
};

START_TEST(parse_bad)
{
	const char	*err = NULL;
	int64_t		 v = -42;

	ck_assert_msg(at_money_parse(bad[_i].in, at_currency(bad[_i].cur),
	    at_money_rule(bad[_i].rule), bad[_i].flags, &v, &err) == -1,
	    "'%s' (%s %s) was accepted as %lld", bad[_i].in, bad[_i].rule,
	    bad[_i].cur, (long long)v);
	ck_assert_int_eq(v, -42);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, bad[_i].why) != NULL, "'%s': %s",
	    bad[_i].in, err);
}
END_TEST

START_TEST(parse_null)
{
	const char	*err = NULL;
	int64_t		 v = 5;

	ck_assert_int_eq(at_money_parse(NULL, at_currency("EUR"), NULL, 0,
	    &v, &err), -1);
	ck_assert_int_eq(at_money_parse("1", NULL, NULL, 0, &v, &err), -1);
	ck_assert_int_eq(v, 5);
	/* No rule is the "en" rule. */
	ck_assert_int_eq(at_money_parse("1,000.5", at_currency("EUR"), NULL,
	    0, &v, &err), 0);
	ck_assert_int_eq(v, 100050);
	ck_assert_ptr_null(at_money_rule("xx"));
}
END_TEST

START_TEST(qty)
{
	const char	*err = NULL;
	int64_t		 v = 0;

	ck_assert_int_eq(at_qty_parse("1.5", NULL, 0, &v, &err), 0);
	ck_assert_int_eq(v, 1500);
	ck_assert_int_eq(at_qty_parse("2", NULL, 0, &v, &err), 0);
	ck_assert_int_eq(v, 2000);
	ck_assert_int_eq(at_qty_parse("0,125", at_money_rule("de"), 0, &v,
	    &err), 0);
	ck_assert_int_eq(v, 125);
	ck_assert_int_eq(at_qty_parse("1.2345", NULL, 0, &v, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "3 decimals"));
	ck_assert_int_eq(at_qty_parse("-1", NULL, 0, &v, &err), -1);
	ck_assert_int_eq(at_qty_parse("-1", NULL, AT_MONEY_SIGNED, &v, &err),
	    0);
	ck_assert_int_eq(v, -1000);
	ck_assert_str_eq(at_qty_decimal(pool, 1500), "1.5");
	ck_assert_str_eq(at_qty_decimal(pool, 2000), "2");
	ck_assert_str_eq(at_qty_decimal(pool, 125), "0.125");
	ck_assert_str_eq(at_qty_decimal(pool, -250), "-0.25");
	ck_assert_str_eq(at_qty_decimal(pool, 0), "0");
}
END_TEST

/* An amount, its currency, the rule, flags and how people see it. */
static const struct {
	int64_t		 a;
	const char	*cur;
	const char	*rule;
	int		 flags;
	const char	*out;
} shown[] = {
	{ 123456, "EUR", "en", 0, "€1,234.56" },
	{ 123456, "EUR", "de", 0, "1.234,56 €" },
	{ 123456, "EUR", "fr", 0, "1 234,56 €" },
	{ 123456, "EUR", "en", AT_MONEY_CODE, "EUR 1,234.56" },
	{ 123456, "EUR", "de", AT_MONEY_CODE, "1.234,56 EUR" },
	{ 123456, "EUR", "en", AT_MONEY_BARE, "1,234.56" },
	{ -1250, "EUR", "en", 0, "-€12.50" },
	{ -1250, "EUR", "de", 0, "-12,50 €" },
	{ 5, "USD", "en", 0, "$0.05" },
	{ 0, "USD", "en", 0, "$0.00" },
	{ 100000000, "USD", "en", 0, "$1,000,000.00" },
	{ 99999, "USD", "en", 0, "$999.99" },
	{ 1200, "JPY", "en", 0, "¥1,200" },
	{ 1200, "JPY", "en", AT_MONEY_CODE, "JPY 1,200" },
	{ -7, "JPY", "en", 0, "-¥7" },
	{ 1250, "KWD", "en", 0, "KWD 1.250" },
	{ 1, "KWD", "en", 0, "KWD 0.001" },
	{ 1234567, "KWD", "de", 0, "1.234,567 KWD" },
	{ 10001, "CLF", "en", 0, "CLF 1.0001" },
	{ 123456, "CHF", "ch", 0, "CHF 1'234.56" },
	{ 123456, "GBP", "plain", 0, "£1234.56" },
	{ INT64_MAX, "EUR", "en", 0, "€92,233,720,368,547,758.07" },
	{ -INT64_MAX, "JPY", "en", AT_MONEY_BARE,
	    "-9,223,372,036,854,775,807" },
	{ INT64_MIN, "USD", "en", AT_MONEY_BARE,
	    "-92,233,720,368,547,758.08" },
};

START_TEST(format)
{
	ck_assert_str_eq(at_money_format(pool, shown[_i].a,
	    at_currency(shown[_i].cur), at_money_rule(shown[_i].rule),
	    shown[_i].flags), shown[_i].out);
}
END_TEST

START_TEST(format_roundtrip)
{
	static const char *rules[] = { "en", "de", "fr", "ch", "plain" };
	static const char *curs[] = { "EUR", "USD", "JPY", "KWD", "CLF" };
	static const int64_t amounts[] = { 0, 1, 9, 10, 999, 1000, 123456,
	    1000000, 987654321, INT64_MAX, -1, -123456, -INT64_MAX };
	const struct at_money_rule *r;
	const struct at_currency *c;
	const char	*s, *err;
	int64_t		 v;
	size_t		 i, j, k;

	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++)
			for (k = 0; k < sizeof(amounts) / sizeof(amounts[0]);
			    k++) {
				r = at_money_rule(rules[i]);
				c = at_currency(curs[j]);
				s = at_money_format(pool, amounts[k], c, r,
				    AT_MONEY_BARE);
				ck_assert_msg(at_money_parse(s, c, r,
				    AT_MONEY_SIGNED, &v, &err) == 0,
				    "%s: %s", s, err);
				ck_assert_msg(v == amounts[k], "%s", s);
			}
}
END_TEST

START_TEST(decimal)
{
	ck_assert_str_eq(at_money_decimal(pool, 123450, at_currency("EUR")),
	    "1234.50");
	ck_assert_str_eq(at_money_decimal(pool, -5, at_currency("USD")),
	    "-0.05");
	ck_assert_str_eq(at_money_decimal(pool, 1200, at_currency("JPY")),
	    "1200");
	ck_assert_str_eq(at_money_decimal(pool, 1250, at_currency("KWD")),
	    "1.250");
}
END_TEST

/* a * num / den, and the half-even result. */
static const struct {
	int64_t		 a, num, den, out;
} mul[] = {
	{ 5, 1, 2, 2 },		/* 2.5 -> 2 */
	{ 15, 1, 10, 2 },	/* 1.5 -> 2 */
	{ 25, 1, 10, 2 },	/* 2.5 -> 2 */
	{ 35, 1, 10, 4 },	/* 3.5 -> 4 */
	{ 26, 1, 10, 3 },	/* 2.6 -> 3 */
	{ 24, 1, 10, 2 },	/* 2.4 -> 2 */
	{ -5, 1, 2, -2 },	/* -2.5 -> -2 */
	{ -15, 1, 10, -2 },	/* -1.5 -> -2 */
	{ -26, 1, 10, -3 },
	{ -24, 1, 10, -2 },
	{ 7, 3, 1, 21 },
	{ 0, 12345, 7, 0 },
	{ INT64_MAX, 1, 1, INT64_MAX },
	/* Products past 64 bits are exact. */
	{ INT64_MAX, 10000, 10000, INT64_MAX },
	{ 4611686018427387904LL, 3, 2, 6917529027641081856LL },
};

START_TEST(muldiv)
{
	int64_t	 v = 0;

	ck_assert_msg(at_money_muldiv(mul[_i].a, mul[_i].num, mul[_i].den,
	    &v) == 0, "%lld*%lld/%lld", (long long)mul[_i].a,
	    (long long)mul[_i].num, (long long)mul[_i].den);
	ck_assert_msg(v == mul[_i].out, "%lld*%lld/%lld gave %lld",
	    (long long)mul[_i].a, (long long)mul[_i].num,
	    (long long)mul[_i].den, (long long)v);
}
END_TEST

START_TEST(muldiv_refuses)
{
	int64_t	 v = 77;

	ck_assert_int_eq(at_money_muldiv(INT64_MAX, 2, 1, &v), -1);
	ck_assert_int_eq(at_money_muldiv(INT64_MIN, 1, 1, &v), -1);
	ck_assert_int_eq(at_money_muldiv(5, 1, 0, &v), -1);
	ck_assert_int_eq(at_money_muldiv(5, 1, -2, &v), -1);
	ck_assert_int_eq(at_money_add(INT64_MAX, 1, &v), -1);
	ck_assert_int_eq(at_money_add(-INT64_MAX, -1, &v), -1);
	ck_assert_int_eq(at_money_sub(-INT64_MAX, 1, &v), -1);
	ck_assert_int_eq(v, 77);
	ck_assert_int_eq(at_money_add(INT64_MAX - 1, 1, &v), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(at_money_sub(10, 25, &v), 0);
	ck_assert_int_eq(v, -15);
}
END_TEST

START_TEST(tax_per_line)
{
	int64_t	 line, tax;

	/* EUR: 3 h at 19.99, 20 % tax: 59.97, tax 11.994 -> 11.99. */
	ck_assert_int_eq(at_money_line(1999, 3000, &line), 0);
	ck_assert_int_eq(line, 5997);
	ck_assert_int_eq(at_money_rate(line, 2000, &tax), 0);
	ck_assert_int_eq(tax, 1199);
	/* 0.125 cents exactly half: 12.5 -> 12 (even), 13.5 -> 14. */
	ck_assert_int_eq(at_money_rate(125, 1000, &tax), 0);
	ck_assert_int_eq(tax, 12);
	ck_assert_int_eq(at_money_rate(135, 1000, &tax), 0);
	ck_assert_int_eq(tax, 14);
	/* USD: 1.5 units at 0.99: 1.485 -> 1.48 (half to even). */
	ck_assert_int_eq(at_money_line(99, 1500, &line), 0);
	ck_assert_int_eq(line, 148);
	/* 2.5 units at 0.99: 2.475 -> 2.48. */
	ck_assert_int_eq(at_money_line(99, 2500, &line), 0);
	ck_assert_int_eq(line, 248);
	/* JPY: 3 x 333 yen at 10 %: 999, tax 99.9 -> 100. */
	ck_assert_int_eq(at_money_line(333, 3000, &line), 0);
	ck_assert_int_eq(line, 999);
	ck_assert_int_eq(at_money_rate(line, 1000, &tax), 0);
	ck_assert_int_eq(tax, 100);
	/* JPY: 1.5 x 5 yen = 7.5 -> 8; 2.5 x 5 = 12.5 -> 12. */
	ck_assert_int_eq(at_money_line(5, 1500, &line), 0);
	ck_assert_int_eq(line, 8);
	ck_assert_int_eq(at_money_line(5, 2500, &line), 0);
	ck_assert_int_eq(line, 12);
	/* KWD: 1.333 units at 2.500 KWD = 3.3325 -> 3.332. */
	ck_assert_int_eq(at_money_line(2500, 1333, &line), 0);
	ck_assert_int_eq(line, 3332);
	/* KWD at 7.7 %: 3.332 * 0.077 = 0.256564 -> 0.257. */
	ck_assert_int_eq(at_money_rate(3332, 770, &tax), 0);
	ck_assert_int_eq(tax, 257);
	/* A credit line: negative amounts round the same way. */
	ck_assert_int_eq(at_money_rate(-125, 1000, &tax), 0);
	ck_assert_int_eq(tax, -12);
	/* Too large a line is refused, not wrapped. */
	ck_assert_int_eq(at_money_line(INT64_MAX / 2, 3000, &line), -1);
}
END_TEST

static Suite *
money_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("money");
	tc = tcase_create("table");
	tcase_add_test(tc, table_exponents);
	tcase_add_test(tc, table_refuses);
	tcase_add_test(tc, table_sorted_complete);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, parse_good, 0, sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, parse_bad, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, parse_null);
	tcase_add_test(tc, qty);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, format, 0, sizeof(shown) / sizeof(shown[0]));
	tcase_add_test(tc, format_roundtrip);
	tcase_add_test(tc, decimal);
	suite_add_tcase(s, tc);

	tc = tcase_create("arithmetic");
	tcase_add_loop_test(tc, muldiv, 0, sizeof(mul) / sizeof(mul[0]));
	tcase_add_test(tc, muldiv_refuses);
	tcase_add_test(tc, tax_per_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nf;

	sr = srunner_create(money_suite());
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
