/*
 * Money: amounts are int64 minor units (cents, fils, yen) with an ISO 4217
 * currency code; the number of minor units per major unit comes from the
 * currency's exponent in a compiled-in table (EUR 2, JPY 0, KWD 3, CLF 4).
 * No float anywhere: parsing, formatting and arithmetic are integer only,
 * and every operation that could overflow says so instead of wrapping.
 *
 * A "rule" says how people of a site write numbers: the decimal
 * separator, the grouping separator and where the currency goes.  Parsing
 * accepts what the rule allows and nothing else, so "12,50" is refused
 * under the "en" rule and means 12.50 under the "de" rule.
 *
 * Errors come back as a message fit to show next to the form field.
 */
#ifndef ATRIUM_MONEY_H
#define ATRIUM_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/* The version of this service's interface (grows when calls are added). */
#define AT_MONEY_VERSION	1

/* Largest magnitude an amount may have (INT64_MIN is never produced). */
#define AT_MONEY_MAX		INT64_MAX

struct at_currency {
	const char	*code;		/* "EUR" */
	int		 exponent;	/* decimals: 0..4 */
	const char	*name;		/* English name: "Euro" */
	const char	*symbol;	/* "€", or NULL: the code is used */
};

/* Where the currency goes and how digits are grouped and separated. */
struct at_money_rule {
	const char	*name;		/* "en", "de", ... */
	char		 decimal;	/* '.' or ',' */
	const char	*group;		/* "," "." " " "'" or "" for none */
	int		 after;		/* 1: currency after the number */
};

/* Flags of at_money_parse() and at_qty_parse(). */
#define AT_MONEY_SIGNED	0x01	/* a leading '-' or '+' is allowed */

/* Flags of at_money_format(). */
#define AT_MONEY_CODE	0x01	/* "EUR 12.50" even when a symbol exists */
#define AT_MONEY_BARE	0x02	/* the number alone: "1,234.50" */

/* The currency with this code (exactly three upper-case letters), or NULL. */
const struct at_currency *at_currency(const char *code);
/* The whole table in code order: *n entries, static memory. */
const struct at_currency *at_currencies(size_t *n);

/*
 * The rule named "en" (1,234.56, currency before), "de" (1.234,56 after),
 * "fr" (1 234,56 after), "ch" (1'234.56 before), "plain" (1234.56, no
 * grouping, before); NULL for another name.  Static memory.
 */
const struct at_money_rule *at_money_rule(const char *name);

/*
 * Parses what a person typed, s, as an amount of cur under rule (NULL is
 * "en") into *out minor units.  Surrounding blanks are ignored; grouping
 * separators are accepted only between groups of three digits; at most
 * cur's exponent decimals; no sign unless flags has AT_MONEY_SIGNED; no
 * currency, exponent or other text.  Returns 0, or -1 with *errstr set to
 * a static message and *out untouched.
 */
int		 at_money_parse(const char *s, const struct at_currency *cur,
		    const struct at_money_rule *rule, int flags,
		    int64_t *out, const char **errstr);

/*
 * Parses a quantity with at most 3 decimals ("1.5" hours, "2" pieces)
 * into thousandths: "1.5" gives 1500.  The same rules as at_money_parse().
 */
int		 at_qty_parse(const char *s, const struct at_money_rule *rule,
		    int flags, int64_t *out, const char **errstr);

/*
 * amount of cur written for people under rule (NULL is "en"), in the pool:
 * "€1,234.50" (en), "1.234,50 €" (de), "EUR 1,234.50" with AT_MONEY_CODE,
 * "-¥1,200", "KWD 1.250" (no symbol known: the code).  The minus sign
 * always comes first.
 */
char		*at_money_format(struct at_pool *, int64_t amount,
		    const struct at_currency *cur,
		    const struct at_money_rule *rule, int flags);

/*
 * amount as a plain decimal for machines (UBL, CSV): "-1234.50", "1200",
 * "1.250" (KWD); no grouping, '.' as separator.  In the pool.
 */
char		*at_money_decimal(struct at_pool *, int64_t amount,
		    const struct at_currency *cur);

/* Quantity thousandths as a plain decimal without trailing zeros: "1.5". */
char		*at_qty_decimal(struct at_pool *, int64_t milli);

/*
 * Integer arithmetic; each returns 0, or -1 when the result would not fit
 * (or den is not positive) and leaves *out untouched.
 *
 * at_money_muldiv: round(a * num / den) half to even ("banker's"
 * rounding), computed exactly in 128 bits.
 * at_money_rate: a * bp / 10000, half-even: the tax of a line at a rate in
 * basis points (2000 = 20 %, 770 = 7.7 %).
 * at_money_line: unit price times a quantity in thousandths, half-even in
 * the currency's minor units: 3 x 19.99 is (1999, 3000).
 */
int		 at_money_add(int64_t a, int64_t b, int64_t *out);
int		 at_money_sub(int64_t a, int64_t b, int64_t *out);
int		 at_money_muldiv(int64_t a, int64_t num, int64_t den,
		    int64_t *out);
int		 at_money_rate(int64_t a, int64_t bp, int64_t *out);
int		 at_money_line(int64_t unit, int64_t qty_milli, int64_t *out);

AT_API_END

#endif
