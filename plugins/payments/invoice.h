/*
 * The arithmetic and the small parsers of the payments plugin, kept free
 * of the database and of requests so tests/unit/check_invoice.c covers
 * them whole.
 *
 * Totals are computed one way (docs/payments.md, "Totals"): each line's
 * net is its quantity (thousandths) times its unit price, rounded half
 * to even in the currency's minor units, then its discount (basis
 * points) taken off, half-even; its tax is the net times the rate (basis
 * points), half-even, on that line; the document's net, tax and total
 * are the sums of the lines'.  Amounts are minor units, so the
 * currency's exponent (EUR 2, JPY 0, KWD 3) is already in them.
 */
#ifndef PAYMENTS_INVOICE_H
#define PAYMENTS_INVOICE_H

#include <stddef.h>
#include <stdint.h>

struct at_pool;

struct pay_line {
	int64_t		 qty_milli;	/* 1500 is 1.5 */
	int64_t		 unit;		/* minor units, signed */
	int64_t		 discount_bp;	/* 0..10000 */
	int64_t		 rate_bp;	/* 0..10000 */
	/* Out: */
	int64_t		 net;
	int64_t		 tax;
};

struct pay_totals {
	int64_t		 net;
	int64_t		 tax;
	int64_t		 total;
};

/* Computes l->net and l->tax; 0, or -1 when out of range (a bad rate or
 * discount, amounts that do not fit). */
int	 pay_line_calc(struct pay_line *l);
/* Computes every line and the sums into *t; 0 or -1 as above. */
int	 pay_totals_calc(struct pay_line *lines, size_t n,
	    struct pay_totals *t);
/* A deposit of bp basis points (1..10000) of total, half-even; 0/-1. */
int	 pay_deposit(int64_t total, int64_t bp, int64_t *out);
/* The balance: total - paid - credited; 0 or -1 (overflow). */
int	 pay_balance(int64_t total, int64_t paid, int64_t credited,
	    int64_t *out);
/*
 * The state to store after payments change: "paid" when the balance is
 * at or below zero and something was paid, "credited" when credit notes
 * alone cover it, "partial" when some is paid, else "sent".
 */
const char *pay_state(int64_t total, int64_t paid, int64_t credited);
/*
 * Percent with up to two decimals ("20", "5.5", "7.75") into basis
 * points (0..10000); 0, or -1 for anything else.
 */
int	 pay_percent_parse(const char *s, int64_t *bp);
/*
 * Days between two dates "YYYY-MM-DD" (b - a), or INT32_MIN when either
 * is not a date.  For overdue days and aging buckets.
 */
long	 pay_days_between(const char *a, const char *b);
/* The aging bucket of an open invoice due days ago (negative: not yet):
 * "current", "1-30", "31-60", "61-90", "90+". */
const char *pay_aging(long days_overdue);
/*
 * The date "YYYY-MM-DD" one period (month, quarter, year) after date, in
 * buf (11 bytes); the day is kept, or the month's last day when it has
 * fewer (31 Jan + 1 month is 28/29 Feb).  0, or -1 for a bad date or
 * period.
 */
int	 pay_next_period(const char *date, const char *every, char buf[11]);

/*
 * JSON, read-only, for the provider's answers and events: the scalar at
 * path ("data.object.metadata.invoice_id"; keys only, no arrays
 * indexed) in the document json of len bytes, as text in the pool
 * (strings unescaped; numbers, true, false as written; null as NULL).
 * Returns 0 and *out, 1 when the path is absent (or null, or not a
 * scalar), -1 when the document is not well-formed JSON (or nests over
 * 64 deep).  Only the first occurrence of a key counts.
 */
int	 pay_json_get(struct at_pool *, const char *json, size_t len,
	    const char *path, char **out);
/* Whether s is a provider id we store: 1..200 of [A-Za-z0-9_-]. */
int	 pay_id_ok(const char *s);
/* The lower-case ISO code for the provider ("EUR" -> "eur"), in pool. */
char	*pay_lower(struct at_pool *, const char *);

#endif
