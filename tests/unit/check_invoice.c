/*
 * The payments plugin's pure parts (plugins/payments/invoice.c): line
 * and document totals under the one rule (tax per line, half-even per
 * line in minor units) for EUR, USD, JPY and KWD, discounts, deposits,
 * balances and states, percentages, dates and aging, and the read-only
 * JSON lookup that reads the provider's answers and events.
 */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "../../plugins/payments/invoice.h"

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

/* One line: qty (thousandths), unit, discount, rate; expected net, tax. */
static const struct {
	const char	*cur;
	int64_t		 qty, unit, disc, rate, net, tax;
} lines[] = {
	/* EUR: 3 x 19.99 at 20 %: 59.97, tax 11.994 -> 11.99. */
	{ "EUR", 3000, 1999, 0, 2000, 5997, 1199 },
	/* EUR: 1.5 h x 0.05: 0.075 -> 0.08 (half-even: 7.5 -> 8). */
	{ "EUR", 1500, 5, 0, 0, 8, 0 },
	/* EUR: 0.5 x 0.05 = 0.025 -> 0.02 (2.5 -> 2, even). */
	{ "EUR", 500, 5, 0, 0, 2, 0 },
	/* EUR: tax 10 % of 0.05 = 0.005 -> 0.00 (0.5 -> 0). */
	{ "EUR", 1000, 5, 0, 1000, 5, 0 },
	/* EUR: tax 10 % of 0.15 = 0.015 -> 0.02 (1.5 -> 2). */
	{ "EUR", 1000, 15, 0, 1000, 15, 2 },
	/* EUR: 10 % discount on 99.99 = 89.991 -> 89.99, 7.7 % tax 6.929. */
	{ "EUR", 1000, 9999, 1000, 770, 8999, 693 },
	/* USD: 2.345 x 10.00 = 23.45, 5.5 % = 1.28975 -> 1.29. */
	{ "USD", 2345, 1000, 0, 550, 2345, 129 },
	/* JPY (0 decimals): 1.5 x 333 = 499.5 -> 500 (even), 10 % = 50. */
	{ "JPY", 1500, 333, 0, 1000, 500, 50 },
	/* JPY: 2.5 x 1 = 2.5 -> 2 (even), 10 % = 0.2 -> 0. */
	{ "JPY", 2500, 1, 0, 1000, 2, 0 },
	/* KWD (3 decimals): 0.333 x 1.255 = 0.417915 -> 0.418; 5 % 0.0209. */
	{ "KWD", 333, 1255, 0, 500, 418, 21 },
	/* KWD: 3 x 0.125 at 10 %: 0.375, tax 0.0375 -> 0.038 (37.5 -> 38). */
	{ "KWD", 3000, 125, 0, 1000, 375, 38 },
	/* A negative line (a credit): -10.00 at 20 %. */
	{ "EUR", 1000, -1000, 0, 2000, -1000, -200 },
	/* 100 % discount. */
	{ "EUR", 1000, 5000, 10000, 2000, 0, 0 },
};

START_TEST(line_totals)
{
	struct pay_line	 l;

	ck_assert_ptr_nonnull(at_currency(lines[_i].cur));
	memset(&l, 0, sizeof(l));
	l.qty_milli = lines[_i].qty;
	l.unit = lines[_i].unit;
	l.discount_bp = lines[_i].disc;
	l.rate_bp = lines[_i].rate;
	ck_assert_int_eq(pay_line_calc(&l), 0);
	ck_assert_msg(l.net == lines[_i].net && l.tax == lines[_i].tax,
	    "%s line %d: net %lld tax %lld, expected %lld %lld",
	    lines[_i].cur, _i, (long long)l.net, (long long)l.tax,
	    (long long)lines[_i].net, (long long)lines[_i].tax);
}
END_TEST

/* Tax per line, not on the sum: three lines of 0.05 at 10 %. */
START_TEST(tax_per_line)
{
	struct pay_line	 l[3];
	struct pay_totals t;
	int		 i;

	memset(l, 0, sizeof(l));
	for (i = 0; i < 3; i++) {
		l[i].qty_milli = 1000;
		l[i].unit = 5;
		l[i].rate_bp = 1000;
	}
	ck_assert_int_eq(pay_totals_calc(l, 3, &t), 0);
	/* Each line's tax 0.005 rounds to 0.00; on the sum it would be 0.02. */
	ck_assert_int_eq(t.net, 15);
	ck_assert_int_eq(t.tax, 0);
	ck_assert_int_eq(t.total, 15);
}
END_TEST

/* A whole EUR invoice: the totals are the sums of the lines. */
START_TEST(document_totals)
{
	struct pay_line	 l[3];
	struct pay_totals t;

	memset(l, 0, sizeof(l));
	l[0].qty_milli = 12500; l[0].unit = 8500; l[0].rate_bp = 2000;
	l[1].qty_milli = 1000; l[1].unit = 120000; l[1].rate_bp = 2000;
	l[1].discount_bp = 1500;
	l[2].qty_milli = 1000; l[2].unit = 2999; l[2].rate_bp = 550;
	ck_assert_int_eq(pay_totals_calc(l, 3, &t), 0);
	ck_assert_int_eq(l[0].net, 106250);
	ck_assert_int_eq(l[0].tax, 21250);
	ck_assert_int_eq(l[1].net, 102000);
	ck_assert_int_eq(l[1].tax, 20400);
	ck_assert_int_eq(l[2].net, 2999);
	ck_assert_int_eq(l[2].tax, 165);	/* 164.945 -> 165 */
	ck_assert_int_eq(t.net, 211249);
	ck_assert_int_eq(t.tax, 41815);
	ck_assert_int_eq(t.total, 253064);
	ck_assert_str_eq(at_money_format(pool, t.total, at_currency("EUR"),
	    at_money_rule("en"), 0), "€2,530.64");
}
END_TEST

START_TEST(out_of_range)
{
	struct pay_line	 l;
	struct pay_totals t;
	struct pay_line	 two[2];

	memset(&l, 0, sizeof(l));
	l.qty_milli = 1000;
	l.unit = 100;
	l.rate_bp = 10001;
	ck_assert_int_eq(pay_line_calc(&l), -1);
	l.rate_bp = 0;
	l.discount_bp = -1;
	ck_assert_int_eq(pay_line_calc(&l), -1);
	l.discount_bp = 0;
	l.qty_milli = -1000;
	ck_assert_int_eq(pay_line_calc(&l), -1);
	/* Past 2^63-1: refused, never wrapped. */
	l.qty_milli = 2000000;
	l.unit = INT64_MAX / 100;
	ck_assert_int_eq(pay_line_calc(&l), -1);
	memset(two, 0, sizeof(two));
	two[0].qty_milli = two[1].qty_milli = 1000;
	two[0].unit = two[1].unit = INT64_MAX / 2 + 1;
	ck_assert_int_eq(pay_totals_calc(two, 2, &t), -1);
}
END_TEST

START_TEST(deposits_and_states)
{
	int64_t	 v;

	ck_assert_int_eq(pay_deposit(100001, 3000, &v), 0);
	ck_assert_int_eq(v, 30000);		/* 30000.3 */
	ck_assert_int_eq(pay_deposit(5, 5000, &v), 0);
	ck_assert_int_eq(v, 2);			/* 2.5 -> 2 */
	ck_assert_int_eq(pay_deposit(100, 0, &v), -1);
	ck_assert_int_eq(pay_deposit(100, 10001, &v), -1);
	ck_assert_int_eq(pay_balance(1000, 300, 0, &v), 0);
	ck_assert_int_eq(v, 700);
	ck_assert_int_eq(pay_balance(1000, 1200, 0, &v), 0);
	ck_assert_int_eq(v, -200);		/* overpayment: credit */
	ck_assert_str_eq(pay_state(1000, 0, 0), "sent");
	ck_assert_str_eq(pay_state(1000, 300, 0), "partial");
	ck_assert_str_eq(pay_state(1000, 1000, 0), "paid");
	ck_assert_str_eq(pay_state(1000, 1200, 0), "paid");
	ck_assert_str_eq(pay_state(1000, 0, 1000), "credited");
	ck_assert_str_eq(pay_state(1000, 400, 600), "paid");
	/* A full refund of a paid invoice: open again. */
	ck_assert_str_eq(pay_state(1000, 0, 0), "sent");
}
END_TEST

START_TEST(percentages)
{
	int64_t	 bp;

	ck_assert_int_eq(pay_percent_parse("20", &bp), 0);
	ck_assert_int_eq(bp, 2000);
	ck_assert_int_eq(pay_percent_parse("5.5", &bp), 0);
	ck_assert_int_eq(bp, 550);
	ck_assert_int_eq(pay_percent_parse("7.75", &bp), 0);
	ck_assert_int_eq(bp, 775);
	ck_assert_int_eq(pay_percent_parse("100", &bp), 0);
	ck_assert_int_eq(bp, 10000);
	ck_assert_int_eq(pay_percent_parse("0", &bp), 0);
	ck_assert_int_eq(bp, 0);
	ck_assert_int_eq(pay_percent_parse("100.01", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("1.234", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("-5", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("5.", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("5%", &bp), -1);
	ck_assert_int_eq(pay_percent_parse("1000", &bp), -1);
	ck_assert_int_eq(pay_percent_parse(NULL, &bp), -1);
}
END_TEST

START_TEST(dates)
{
	char	 b[11];

	ck_assert_int_eq(pay_days_between("2026-01-31", "2026-03-01"), 29);
	ck_assert_int_eq(pay_days_between("2026-03-01", "2026-01-31"), -29);
	ck_assert_int_eq(pay_days_between("2026-02-30", "2026-03-01"),
	    INT32_MIN);
	ck_assert_int_eq(pay_days_between("x", "2026-03-01"), INT32_MIN);
	ck_assert_str_eq(pay_aging(-3), "current");
	ck_assert_str_eq(pay_aging(0), "current");
	ck_assert_str_eq(pay_aging(1), "1-30");
	ck_assert_str_eq(pay_aging(30), "1-30");
	ck_assert_str_eq(pay_aging(31), "31-60");
	ck_assert_str_eq(pay_aging(61), "61-90");
	ck_assert_str_eq(pay_aging(91), "90+");
	ck_assert_int_eq(pay_next_period("2026-01-31", "month", b), 0);
	ck_assert_str_eq(b, "2026-02-28");
	ck_assert_int_eq(pay_next_period("2028-01-31", "month", b), 0);
	ck_assert_str_eq(b, "2028-02-29");
	ck_assert_int_eq(pay_next_period("2026-11-15", "quarter", b), 0);
	ck_assert_str_eq(b, "2027-02-15");
	ck_assert_int_eq(pay_next_period("2026-12-01", "month", b), 0);
	ck_assert_str_eq(b, "2027-01-01");
	ck_assert_int_eq(pay_next_period("2028-02-29", "year", b), 0);
	ck_assert_str_eq(b, "2029-02-28");
	ck_assert_int_eq(pay_next_period("2026-12-01", "week", b), -1);
	ck_assert_int_eq(pay_next_period("2026-13-01", "month", b), -1);
}
END_TEST

/* A Stripe event as the provider sends it (abridged). */
static const char event[] =
    "{\n  \"id\": \"evt_1Q2w3E\",\n  \"object\": \"event\",\n"
    "  \"data\": {\"object\": {\"id\": \"cs_test_a1\", \"object\": "
    "\"checkout.session\", \"amount_total\": 12000, \"currency\": \"eur\","
    " \"line_items\": [{\"id\": \"li_1\"}, [1, 2, {\"x\": null}]],"
    " \"metadata\": {\"invoice_id\": \"42\", \"note\": \"caf\\u00e9 \\\"x\\\""
    "\\n\\ud83d\\ude00\"}, \"payment_status\": \"paid\", \"livemode\": "
    "false, \"customer\": null, \"amount_subtotal\": -1.5e2}},\n"
    "  \"type\": \"checkout.session.completed\"\n}";

START_TEST(json_lookup)
{
	char	*v;
	size_t	 n = strlen(event);

	ck_assert_int_eq(pay_json_get(pool, event, n, "id", &v), 0);
	ck_assert_str_eq(v, "evt_1Q2w3E");
	ck_assert_int_eq(pay_json_get(pool, event, n, "type", &v), 0);
	ck_assert_str_eq(v, "checkout.session.completed");
	ck_assert_int_eq(pay_json_get(pool, event, n, "data.object.id", &v), 0);
	ck_assert_str_eq(v, "cs_test_a1");
	ck_assert_int_eq(pay_json_get(pool, event, n,
	    "data.object.amount_total", &v), 0);
	ck_assert_str_eq(v, "12000");
	ck_assert_int_eq(pay_json_get(pool, event, n,
	    "data.object.metadata.invoice_id", &v), 0);
	ck_assert_str_eq(v, "42");
	ck_assert_int_eq(pay_json_get(pool, event, n,
	    "data.object.metadata.note", &v), 0);
	ck_assert_str_eq(v, "caf\xc3\xa9 \"x\"\n\xf0\x9f\x98\x80");
	ck_assert_int_eq(pay_json_get(pool, event, n, "data.object.livemode",
	    &v), 0);
	ck_assert_str_eq(v, "false");
	ck_assert_int_eq(pay_json_get(pool, event, n,
	    "data.object.amount_subtotal", &v), 0);
	ck_assert_str_eq(v, "-1.5e2");
	/* null, absent, containers: 1. */
	ck_assert_int_eq(pay_json_get(pool, event, n, "data.object.customer",
	    &v), 1);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(pay_json_get(pool, event, n, "data.object.nope", &v),
	    1);
	ck_assert_int_eq(pay_json_get(pool, event, n, "data.object", &v), 1);
	ck_assert_int_eq(pay_json_get(pool, event, n, "id.deeper", &v), 1);
	ck_assert_int_eq(pay_json_get(pool, event, n,
	    "data.object.line_items", &v), 1);
}
END_TEST

/* Not JSON: refused whole, whatever the path. */
static const char *const bad_json[] = {
	"", "{", "}", "{\"id\": }", "{\"id\": \"x}", "{\"id\" \"x\"}",
	"{\"id\": \"x\",}", "{\"id\": \"x\"} trailing", "[1, 2",
	"{\"id\": \"a\x01\"}", "{\"id\": \"\\q\"}", "{\"id\": \"\\u12\"}",
	"{\"id\": tru}", "{\"id\": -}", "{\"a\": [1 2]}", "nul",
};

START_TEST(json_malformed)
{
	char	*v;

	ck_assert_int_eq(pay_json_get(pool, bad_json[_i],
	    strlen(bad_json[_i]), "id", &v), -1);
	ck_assert_ptr_null(v);
}
END_TEST

/* Nesting is bounded, and a length cuts the document where it says. */
START_TEST(json_depth_and_length)
{
	char	 deep[300], *v;
	int	 i;

	for (i = 0; i < 100; i++)
		deep[i] = '[';
	for (i = 0; i < 100; i++)
		deep[100 + i] = ']';
	deep[200] = '\0';
	ck_assert_int_eq(pay_json_get(pool, deep, 200, "id", &v), -1);
	ck_assert_int_eq(pay_json_get(pool, "{\"id\": \"abc\"}XYZ", 13, "id",
	    &v), 0);
	ck_assert_str_eq(v, "abc");
	ck_assert_int_eq(pay_json_get(pool, "{\"id\": \"abc\"}", 8, "id", &v),
	    -1);
}
END_TEST

START_TEST(ids)
{
	char	 longid[260];

	ck_assert_int_eq(pay_id_ok("cs_test_a1B2"), 1);
	ck_assert_int_eq(pay_id_ok("evt-1"), 1);
	ck_assert_int_eq(pay_id_ok(""), 0);
	ck_assert_int_eq(pay_id_ok("a b"), 0);
	ck_assert_int_eq(pay_id_ok("a'b"), 0);
	ck_assert_int_eq(pay_id_ok(NULL), 0);
	memset(longid, 'a', 201);
	longid[201] = '\0';
	ck_assert_int_eq(pay_id_ok(longid), 0);
	ck_assert_str_eq(pay_lower(pool, "EUR"), "eur");
}
END_TEST

static Suite *
invoice_suite(void)
{
	Suite	*s = suite_create("invoice");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, line_totals, 0,
	    sizeof(lines) / sizeof(lines[0]));
	tcase_add_test(tc, tax_per_line);
	tcase_add_test(tc, document_totals);
	tcase_add_test(tc, out_of_range);
	tcase_add_test(tc, deposits_and_states);
	tcase_add_test(tc, percentages);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, json_lookup);
	tcase_add_loop_test(tc, json_malformed, 0,
	    sizeof(bad_json) / sizeof(bad_json[0]));
	tcase_add_test(tc, json_depth_and_length);
	tcase_add_test(tc, ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(invoice_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
