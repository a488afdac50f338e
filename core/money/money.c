/*
 * Money (include/atrium/money.h): parsing what people type, formatting for
 * people and for machines, and integer arithmetic with half-even rounding.
 * Amounts are int64 minor units; nothing here uses float.  Products are
 * computed exactly in 128 bits and refused when the result does not fit.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <atrium/pool.h>
#include <atrium/money.h>

__extension__ typedef __int128 mn_i128;

#define MN_MAXINPUT	64	/* longest text at_money_parse() reads */
#define MN_MAXDIGITS	24	/* digits of INT64_MAX, with room */

static const struct at_money_rule rules[] = {
	{ "en", '.', ",", 0 },
	{ "de", ',', ".", 1 },
	{ "fr", ',', " ", 1 },
	{ "ch", '.', "'", 0 },
	{ "plain", '.', "", 0 },
};

/* The rule with this name, or NULL.  Static memory. */
const struct at_money_rule *
at_money_rule(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	return NULL;
}

/* Whether c is a blank that may surround a typed amount. */
static int
mn_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether c is an ASCII digit. */
static int
mn_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The length of the grouping separator of rule at p (before end), or 0
 * when there is none.  A rule grouping with a space also takes the
 * no-break spaces U+00A0 and U+202F that pasted numbers carry.
 */
static size_t
mn_group(const struct at_money_rule *rule, const char *p, const char *end)
{
	size_t	 glen, left;

	glen = strlen(rule->group);
	left = (size_t)(end - p);
	if (glen == 0)
		return 0;
	if (left >= glen && memcmp(p, rule->group, glen) == 0)
		return glen;
	if (strcmp(rule->group, " ") != 0)
		return 0;
	if (left >= 2 && memcmp(p, "\xc2\xa0", 2) == 0)
		return 2;
	if (left >= 3 && memcmp(p, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* The message for a decimal separator the rule does not use. */
static const char *
mn_wrong_decimal(const struct at_money_rule *rule)
{
	return rule->decimal == ',' ?
	    "Use a comma as the decimal separator, as in 12,50." :
	    "Use a point as the decimal separator, as in 12.50.";
}

/*
 * Appends digit d to the magnitude *v; -1 when it would pass INT64_MAX.
 */
static int
mn_push(int64_t *v, int d)
{
	if (*v > (INT64_MAX - d) / 10)
		return -1;
	*v = *v * 10 + d;
	return 0;
}

/*
 * The parser behind at_money_parse() and at_qty_parse(): s with at most
 * exp decimals under rule into *out (exp decimals scaled in).  toomany is
 * the message for too many decimals.  0, or -1 with *errstr (static).
 */
static int
mn_parse(const char *s, int exp, const struct at_money_rule *rule,
    int flags, const char *toomany, int64_t *out, const char **errstr)
{
	const char	*p, *end;
	size_t		 glen, ngroups = 0, gdigits = 0, nint = 0, nfrac = 0;
	int64_t		 v = 0;
	int		 neg = 0, i;

	if (rule == NULL)
		rule = at_money_rule("en");
	if (s == NULL)
		goto empty;
	for (p = s; mn_blank(*p); p++)
		continue;
	end = p + strlen(p);
	while (end > p && mn_blank(end[-1]))
		end--;
	if (end == p)
		goto empty;
	if (end - p > MN_MAXINPUT) {
		*errstr = "The number is too long.";
		return -1;
	}
	if (*p == '-' || *p == '+') {
		if (!(flags & AT_MONEY_SIGNED)) {
			*errstr = "Enter the number without a sign.";
			return -1;
		}
		neg = *p == '-';
		p++;
	}

	/* The whole part: digits, grouped in threes when grouped at all. */
	while (p < end) {
		if (mn_digit(*p)) {
			if (mn_push(&v, *p - '0') == -1)
				goto big;
			nint++;
			gdigits++;
			p++;
		} else if ((glen = mn_group(rule, p, end)) > 0) {
			/* A separator needs 1-3 digits before, 3 after. */
			if (gdigits == 0 || gdigits > 3 ||
			    (ngroups > 0 && gdigits != 3))
				goto grouping;
			ngroups++;
			gdigits = 0;
			p += glen;
		} else
			break;
	}
	if (ngroups > 0 && gdigits != 3) {
		/* "12,50" under a rule grouping with commas. */
		if (ngroups == 1 && p == end && (strcmp(rule->group, ",") ==
		    0 || strcmp(rule->group, ".") == 0))
			goto wrongdec;
		goto grouping;
	}

	/* The decimals. */
	if (p < end && *p == rule->decimal) {
		if (nint == 0) {
			*errstr = "Write a digit before the decimal separator, "
			    "as in 0.50.";
			return -1;
		}
		p++;
		if (p == end || !mn_digit(*p)) {
			*errstr = "Write the decimals after the separator, or "
			    "leave the separator out.";
			return -1;
		}
		while (p < end && mn_digit(*p)) {
			if ((int)nfrac >= exp) {
				*errstr = toomany;
				return -1;
			}
			if (mn_push(&v, *p - '0') == -1)
				goto big;
			nfrac++;
			p++;
		}
	}
	if (p < end) {
		if ((*p == '.' || *p == ',') && *p != rule->decimal)
			goto wrongdec;
		*errstr = "Enter digits and one decimal separator only.";
		return -1;
	}
	if (nint == 0) {
		*errstr = "Enter a number.";
		return -1;
	}
	for (i = (int)nfrac; i < exp; i++)
		if (mn_push(&v, 0) == -1)
			goto big;
	*out = neg ? -v : v;
	return 0;

empty:
	*errstr = "Enter a number.";
	return -1;
big:
	*errstr = "The number is too large.";
	return -1;
grouping:
	*errstr = "Group the digits in threes, or leave the grouping out.";
	return -1;
wrongdec:
	*errstr = mn_wrong_decimal(rule);
	return -1;
}

/*
 * Parses s typed for currency cur under rule into *out minor units.
 * 0, or -1 with *errstr (a static message) and *out untouched.
 */
int
at_money_parse(const char *s, const struct at_currency *cur,
    const struct at_money_rule *rule, int flags, int64_t *out,
    const char **errstr)
{
	if (cur == NULL) {
		*errstr = "Choose a currency.";
		return -1;
	}
	return mn_parse(s, cur->exponent, rule, flags, cur->exponent == 0 ?
	    "This currency has no decimals." :
	    "Too many decimals for this currency.", out, errstr);
}

/*
 * Parses a quantity typed under rule into thousandths in *out.
 * 0, or -1 with *errstr (a static message) and *out untouched.
 */
int
at_qty_parse(const char *s, const struct at_money_rule *rule, int flags,
    int64_t *out, const char **errstr)
{
	return mn_parse(s, 3, rule, flags,
	    "A quantity has at most 3 decimals.", out, errstr);
}

/*
 * Writes the magnitude of a into buf (at least MN_MAXDIGITS bytes) as
 * decimal digits with at least exp + 1 of them (leading zeros), and
 * returns the number of digits.  INT64_MIN is handled.
 */
static size_t
mn_digits(int64_t a, int exp, char *buf)
{
	char		 rev[MN_MAXDIGITS];
	uint64_t	 m;
	size_t		 n = 0, i;

	m = a < 0 ? (uint64_t)(-(a + 1)) + 1 : (uint64_t)a;
	do {
		rev[n++] = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	while (n < (size_t)exp + 1)
		rev[n++] = '0';
	for (i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/*
 * The number part of a: whole digits grouped with group (NULL for none),
 * decimal separator dec and exp decimals, with no sign.  In the pool.
 */
static char *
mn_number(struct at_pool *pool, int64_t a, int exp, const char *group,
    char dec)
{
	char		 digits[MN_MAXDIGITS + 1], *out, *o;
	size_t		 n, nint, glen, i;

	n = mn_digits(a, exp, digits);
	nint = n - (size_t)exp;
	glen = group != NULL ? strlen(group) : 0;
	out = o = at_palloc(pool, n + (nint / 3 + 1) * glen + 2);
	for (i = 0; i < nint; i++) {
		if (i > 0 && glen > 0 && (nint - i) % 3 == 0) {
			memcpy(o, group, glen);
			o += glen;
		}
		*o++ = digits[i];
	}
	if (exp > 0) {
		*o++ = dec;
		memcpy(o, digits + nint, (size_t)exp);
		o += exp;
	}
	*o = '\0';
	return out;
}

/*
 * amount of cur for people under rule (NULL is "en"): sign first, then
 * the currency before or after the number as the rule says; a symbol
 * before the number touches it ("$5.00"), a code or a symbol after is
 * set off by a space ("EUR 5.00", "5,00 €").  In the pool.
 */
char *
at_money_format(struct at_pool *pool, int64_t amount,
    const struct at_currency *cur, const struct at_money_rule *rule,
    int flags)
{
	const char	*num, *sign, *mark;
	int		 exp;

	if (rule == NULL)
		rule = at_money_rule("en");
	exp = cur != NULL ? cur->exponent : 0;
	num = mn_number(pool, amount, exp, rule->group, rule->decimal);
	sign = amount < 0 ? "-" : "";
	if (cur == NULL || (flags & AT_MONEY_BARE))
		return at_pprintf(pool, "%s%s", sign, num);
	if (cur->symbol == NULL || (flags & AT_MONEY_CODE))
		mark = cur->code;
	else
		mark = cur->symbol;
	if (rule->after)
		return at_pprintf(pool, "%s%s %s", sign, num, mark);
	if (mark == cur->code)
		return at_pprintf(pool, "%s%s %s", sign, mark, num);
	return at_pprintf(pool, "%s%s%s", sign, mark, num);
}

/* amount of cur as a plain decimal for machines ("-1234.50"), in the pool. */
char *
at_money_decimal(struct at_pool *pool, int64_t amount,
    const struct at_currency *cur)
{
	return at_pprintf(pool, "%s%s", amount < 0 ? "-" : "",
	    mn_number(pool, amount, cur != NULL ? cur->exponent : 0, NULL,
	    '.'));
}

/* Thousandths as a decimal without trailing zeros ("1.5"), in the pool. */
char *
at_qty_decimal(struct at_pool *pool, int64_t milli)
{
	char	*s;
	size_t	 n;

	s = at_pprintf(pool, "%s%s", milli < 0 ? "-" : "",
	    mn_number(pool, milli, 3, NULL, '.'));
	n = strlen(s);
	while (s[n - 1] == '0')
		s[--n] = '\0';
	if (s[n - 1] == '.')
		s[--n] = '\0';
	return s;
}

/* *out = a + b; 0, or -1 when the sum does not fit. */
int
at_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t	 r;

	if (__builtin_add_overflow(a, b, &r) || r == INT64_MIN)
		return -1;
	*out = r;
	return 0;
}

/* *out = a - b; 0, or -1 when the difference does not fit. */
int
at_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t	 r;

	if (__builtin_sub_overflow(a, b, &r) || r == INT64_MIN)
		return -1;
	*out = r;
	return 0;
}

/*
 * *out = a * num / den rounded half to even, exact in 128 bits.  0, or
 * -1 when den is not positive or the result does not fit.
 */
int
at_money_muldiv(int64_t a, int64_t num, int64_t den, int64_t *out)
{
	mn_i128	 n, q, r, twice;

	if (den <= 0)
		return -1;
	n = (mn_i128)a * num;
	q = n / den;
	r = n % den;
	if (r != 0) {
		twice = 2 * (r < 0 ? -r : r);
		if (twice > den || (twice == den && (q & 1) != 0))
			q += n < 0 ? -1 : 1;
	}
	if (q > INT64_MAX || q < -(mn_i128)INT64_MAX)
		return -1;
	*out = (int64_t)q;
	return 0;
}

/* *out = a * bp / 10000, half-even: a line's tax at bp basis points. */
int
at_money_rate(int64_t a, int64_t bp, int64_t *out)
{
	return at_money_muldiv(a, bp, 10000, out);
}

/* *out = unit * qty_milli / 1000, half-even: a line's amount. */
int
at_money_line(int64_t unit, int64_t qty_milli, int64_t *out)
{
	return at_money_muldiv(unit, qty_milli, 1000, out);
}
