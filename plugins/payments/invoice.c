/*
 * Totals, balances, dates and the read-only JSON lookup of the payments
 * plugin (invoice.h).  No database, no request: pure functions.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/pool.h>
#include <atrium/money.h>

#include "invoice.h"

/* See invoice.h. */
int
pay_line_calc(struct pay_line *l)
{
	int64_t	 net, tax;

	if (l->discount_bp < 0 || l->discount_bp > 10000 ||
	    l->rate_bp < 0 || l->rate_bp > 10000 || l->qty_milli < 0)
		return -1;
	if (at_money_line(l->unit, l->qty_milli, &net) == -1)
		return -1;
	if (l->discount_bp != 0 && at_money_muldiv(net,
	    10000 - l->discount_bp, 10000, &net) == -1)
		return -1;
	if (at_money_rate(net, l->rate_bp, &tax) == -1)
		return -1;
	l->net = net;
	l->tax = tax;
	return 0;
}

/* See invoice.h. */
int
pay_totals_calc(struct pay_line *lines, size_t n, struct pay_totals *t)
{
	struct pay_totals s = { 0, 0, 0 };
	size_t		 i;

	for (i = 0; i < n; i++)
		if (pay_line_calc(&lines[i]) == -1 ||
		    at_money_add(s.net, lines[i].net, &s.net) == -1 ||
		    at_money_add(s.tax, lines[i].tax, &s.tax) == -1)
			return -1;
	if (at_money_add(s.net, s.tax, &s.total) == -1)
		return -1;
	*t = s;
	return 0;
}

/* See invoice.h. */
int
pay_deposit(int64_t total, int64_t bp, int64_t *out)
{
	if (bp < 1 || bp > 10000)
		return -1;
	return at_money_muldiv(total, bp, 10000, out);
}

/* See invoice.h. */
int
pay_balance(int64_t total, int64_t paid, int64_t credited, int64_t *out)
{
	int64_t	 b;

	if (at_money_sub(total, paid, &b) == -1 ||
	    at_money_sub(b, credited, &b) == -1)
		return -1;
	*out = b;
	return 0;
}

/* See invoice.h. */
const char *
pay_state(int64_t total, int64_t paid, int64_t credited)
{
	int64_t	 b;

	if (pay_balance(total, paid, credited, &b) == -1)
		return "sent";
	if (b <= 0 && paid > 0)
		return "paid";
	if (b <= 0 && credited > 0)
		return "credited";
	if (paid > 0)
		return "partial";
	return "sent";
}

/* See invoice.h. */
int
pay_percent_parse(const char *s, int64_t *bp)
{
	int64_t	 whole = 0, frac = 0;
	int	 nd = 0, nf = 0;

	if (s == NULL)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++, nd++) {
		if (nd >= 3)
			return -1;
		whole = whole * 10 + (*s - '0');
	}
	if (nd == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, nf++) {
			if (nf >= 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (nf == 0)
			return -1;
		if (nf == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	whole = whole * 100 + frac;
	if (whole > 10000)
		return -1;
	*bp = whole;
	return 0;
}

/* "YYYY-MM-DD" into days since the epoch (UTC); 0, or -1. */
static int
pay_day(const char *s, long *days)
{
	struct tm	 tm;
	int		 y, m, d;
	char		 tail;
	time_t		 t;

	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m,
	    &d, &tail) != 3 || y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)
		return -1;
	*days = (long)(t / 86400);
	return 0;
}

/* See invoice.h. */
long
pay_days_between(const char *a, const char *b)
{
	long	 da, db;

	if (pay_day(a, &da) == -1 || pay_day(b, &db) == -1)
		return INT32_MIN;
	return db - da;
}

/* See invoice.h. */
const char *
pay_aging(long days)
{
	if (days <= 0)
		return "current";
	if (days <= 30)
		return "1-30";
	if (days <= 60)
		return "31-60";
	if (days <= 90)
		return "61-90";
	return "90+";
}

/* See invoice.h. */
int
pay_next_period(const char *date, const char *every, char buf[11])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	long	 dummy;
	int	 y, m, d, add, last;
	char	 tmp[48];

	if (pay_day(date, &dummy) == -1 || every == NULL)
		return -1;
	if (strcmp(every, "month") == 0)
		add = 1;
	else if (strcmp(every, "quarter") == 0)
		add = 3;
	else if (strcmp(every, "year") == 0)
		add = 12;
	else
		return -1;
	y = atoi(date);
	m = atoi(date + 5);
	d = atoi(date + 8);
	m += add;
	while (m > 12) {
		m -= 12;
		y++;
	}
	if (y > 9999)
		return -1;
	last = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (d > last)
		d = last;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(buf, tmp, 11);
	return 0;
}

/* ---- JSON ---- */

struct pj {
	const char	*p, *end;
	int		 depth;
};

#define PJ_MAXDEPTH	64

static int	pj_value(struct pj *);

/* Skips white space. */
static void
pj_ws(struct pj *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Skips a string at j->p (at its quote); 0 or -1. */
static int
pj_string(struct pj *j)
{
	int	 k;

	if (j->p >= j->end || *j->p != '"')
		return -1;
	for (j->p++; j->p < j->end; j->p++) {
		if (*j->p == '"') {
			j->p++;
			return 0;
		}
		if ((unsigned char)*j->p < 0x20)
			return -1;
		if (*j->p == '\\') {
			if (++j->p >= j->end)
				return -1;
			if (*j->p == 'u') {
				for (k = 0; k < 4; k++) {
					if (++j->p >= j->end)
						return -1;
					if (!((*j->p >= '0' && *j->p <= '9') ||
					    (*j->p >= 'a' && *j->p <= 'f') ||
					    (*j->p >= 'A' && *j->p <= 'F')))
						return -1;
				}
			} else if (strchr("\"\\/bfnrt", *j->p) == NULL)
				return -1;
		}
	}
	return -1;
}

/* Skips a number, true, false or null; 0 or -1. */
static int
pj_atom(struct pj *j)
{
	const char	*s = j->p;
	static const char *const words[] = { "true", "false", "null" };
	size_t		 i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= n &&
		    memcmp(j->p, words[i], n) == 0) {
			j->p += n;
			return 0;
		}
	}
	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') ||
	    *j->p == '.' || *j->p == 'e' || *j->p == 'E' || *j->p == '+' ||
	    *j->p == '-'))
		j->p++;
	return j->p > s && (j->p[-1] >= '0' && j->p[-1] <= '9') ? 0 : -1;
}

/* Skips an object or array at j->p; 0 or -1. */
static int
pj_container(struct pj *j)
{
	char	 close = *j->p == '{' ? '}' : ']';
	int	 obj = close == '}', first = 1;

	if (++j->depth > PJ_MAXDEPTH)
		return -1;
	j->p++;
	for (;;) {
		pj_ws(j);
		if (j->p >= j->end)
			return -1;
		if (*j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		if (!first) {
			if (*j->p != ',')
				return -1;
			j->p++;
			pj_ws(j);
		}
		first = 0;
		if (obj) {
			if (pj_string(j) == -1)
				return -1;
			pj_ws(j);
			if (j->p >= j->end || *j->p != ':')
				return -1;
			j->p++;
		}
		if (pj_value(j) == -1)
			return -1;
	}
}

/* Skips any value; 0 or -1. */
static int
pj_value(struct pj *j)
{
	pj_ws(j);
	if (j->p >= j->end)
		return -1;
	if (*j->p == '{' || *j->p == '[')
		return pj_container(j);
	if (*j->p == '"')
		return pj_string(j);
	return pj_atom(j);
}

/* Appends the UTF-8 of code point c to o; the new end. */
static char *
pj_utf8(char *o, unsigned long c)
{
	if (c < 0x80)
		*o++ = (char)c;
	else if (c < 0x800) {
		*o++ = (char)(0xc0 | (c >> 6));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | (c >> 12));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (c >> 18));
		*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	return o;
}

/* The string s..e (quotes excluded, already checked) unescaped. */
static char *
pj_unescape(struct at_pool *pool, const char *s, const char *e)
{
	char		*out, *o;
	unsigned long	 c, lo;

	out = o = at_palloc(pool, (size_t)(e - s) + 1);
	while (s < e) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'b': *o++ = '\b'; s++; break;
		case 'f': *o++ = '\f'; s++; break;
		case 'n': *o++ = '\n'; s++; break;
		case 'r': *o++ = '\r'; s++; break;
		case 't': *o++ = '\t'; s++; break;
		case 'u':
			c = strtoul(at_pstrndup(pool, s + 1, 4), NULL, 16);
			s += 5;
			if (c >= 0xd800 && c <= 0xdbff && e - s >= 6 &&
			    s[0] == '\\' && s[1] == 'u') {
				lo = strtoul(at_pstrndup(pool, s + 2, 4),
				    NULL, 16);
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					c = 0x10000 + ((c - 0xd800) << 10) +
					    (lo - 0xdc00);
					s += 6;
				}
			}
			if (c == 0 || (c >= 0xd800 && c <= 0xdfff))
				c = 0xfffd;
			o = pj_utf8(o, c);
			break;
		default:
			*o++ = *s++;
			break;
		}
	}
	*o = '\0';
	return out;
}

/* See invoice.h. */
int
pay_json_get(struct at_pool *pool, const char *json, size_t len,
    const char *path, char **out)
{
	struct pj	 j = { json, json + len, 0 };
	const char	*seg, *dot, *ks, *vs;
	size_t		 seglen;
	int		 found = 0, first;

	*out = NULL;
	/* The whole document must be well-formed. */
	if (pj_value(&j) == -1)
		return -1;
	pj_ws(&j);
	if (j.p != j.end)
		return -1;
	j.p = json;
	j.depth = 0;
	pj_ws(&j);
	for (seg = path; seg != NULL; seg = dot != NULL ? dot + 1 : NULL) {
		dot = strchr(seg, '.');
		seglen = dot != NULL ? (size_t)(dot - seg) : strlen(seg);
		if (j.p >= j.end || *j.p != '{')
			return 1;
		j.p++;
		found = 0;
		first = 1;
		for (;;) {
			pj_ws(&j);
			if (*j.p == '}')
				return 1;
			if (!first) {
				j.p++;		/* ',' */
				pj_ws(&j);
			}
			first = 0;
			ks = j.p + 1;
			if (pj_string(&j) == -1)
				return -1;
			/* An escaped key never matches: ids are plain. */
			if ((size_t)(j.p - 1 - ks) == seglen &&
			    memcmp(ks, seg, seglen) == 0 &&
			    memchr(ks, '\\', seglen) == NULL)
				found = 1;
			pj_ws(&j);
			j.p++;		/* ':' */
			pj_ws(&j);
			if (found)
				break;
			if (pj_value(&j) == -1)
				return -1;
		}
	}
	vs = j.p;
	if (*vs == '{' || *vs == '[')
		return 1;
	if (*vs == '"') {
		if (pj_string(&j) == -1)
			return -1;
		*out = pj_unescape(pool, vs + 1, j.p - 1);
		return 0;
	}
	if (pj_atom(&j) == -1)
		return -1;
	if (j.p - vs == 4 && memcmp(vs, "null", 4) == 0)
		return 1;
	*out = at_pstrndup(pool, vs, (size_t)(j.p - vs));
	return 0;
}

/* See invoice.h. */
int
pay_id_ok(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' &&
		    s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
		    s[n] == '_' || s[n] == '-'))
			return 0;
	return n > 0 && n <= 200;
}

/* See invoice.h. */
char *
pay_lower(struct at_pool *pool, const char *s)
{
	char	*o = at_pstrdup(pool, s), *p;

	for (p = o; p != NULL && *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return o;
}
