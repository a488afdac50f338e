/*
 * Gapless numbering (include/atrium/numbering.h) over the table
 * number_sequences (install/schema/core/004_numbering.sql): one row per
 * sequence holding its pattern, the year it last numbered in and the last
 * number given.  The row always exists before the first allocation
 * (at_seq_define()), so an allocation locks one existing row by its
 * primary key: no gap locks, no deadlock between two allocations, and the
 * counter's update is undone with the caller's transaction.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <atrium/pool.h>
#include <atrium/db.h>
#include <atrium/numbering.h>

#define SEQ_MAXN	12	/* most N in {N...} */

/* Whether name is a sequence name: [a-z0-9._-]{1,64}. */
static int
seq_name_ok(const char *name)
{
	size_t	 i;

	if (name == NULL || name[0] == '\0')
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		if (i == AT_SEQ_MAXNAME)
			return 0;
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '.' ||
		    name[i] == '_' || name[i] == '-'))
			return 0;
	}
	return 1;
}

/*
 * Reads the token at p ('{' ... '}'): its kind into *kind ('Y' {YYYY},
 * 'y' {YY}, 'N' {N...}) and the count of N into *width.  Returns the
 * token's length, or 0 when it is not a token.
 */
static size_t
seq_token(const char *p, char *kind, int *width)
{
	size_t	 n;

	if (strncmp(p, "{YYYY}", 6) == 0) {
		*kind = 'Y';
		return 6;
	}
	if (strncmp(p, "{YY}", 4) == 0) {
		*kind = 'y';
		return 4;
	}
	for (n = 1; p[n] == 'N'; n++)
		continue;
	if (n == 1 || n - 1 > SEQ_MAXN || p[n] != '}')
		return 0;
	*kind = 'N';
	*width = (int)(n - 1);
	return n + 1;
}

/* Whether pattern is usable with flags: 0, or -1 with *errstr. */
int
at_seq_check(const char *pattern, int flags, const char **errstr)
{
	const char	*p;
	size_t		 len;
	int		 nn = 0, year = 0, width;
	char		 kind;

	if (pattern == NULL || pattern[0] == '\0') {
		*errstr = "Enter a pattern, such as INV-{YYYY}-{NNNN}.";
		return -1;
	}
	if (strlen(pattern) > AT_SEQ_MAXPATTERN) {
		*errstr = "The pattern is too long.";
		return -1;
	}
	for (p = pattern; *p != '\0'; p += len) {
		len = 1;
		if (*p == '{') {
			if ((len = seq_token(p, &kind, &width)) == 0) {
				*errstr = "The pattern knows {YYYY}, {YY} "
				    "and {N}, {NN}... up to 12 N.";
				return -1;
			}
			if (kind == 'N')
				nn++;
			else
				year = 1;
		} else if (*p == '}' || *p < 0x21 || *p > 0x7e) {
			*errstr = "The pattern may hold letters, digits, "
			    "punctuation and the tokens in braces.";
			return -1;
		}
	}
	if (nn != 1) {
		*errstr = "The pattern needs the number exactly once, such as "
		    "{NNNN}.";
		return -1;
	}
	if ((flags & AT_SEQ_YEARLY) && !year) {
		*errstr = "A sequence that starts again each year needs "
		    "{YYYY} or {YY} in its pattern.";
		return -1;
	}
	return 0;
}

/* The number n of year written by pattern, in the pool; NULL if bad. */
char *
at_seq_format(struct at_pool *pool, const char *pattern, int year,
    int64_t n)
{
	const char	*err;
	const char	*p;
	char		*out, *o;
	size_t		 len, cap;
	int		 width, w;
	char		 kind;

	if (at_seq_check(pattern, 0, &err) == -1 || year < 0 ||
	    year > 9999 || n < 0)
		return NULL;
	/* Each byte of the pattern gives at most 20 bytes of output. */
	cap = strlen(pattern) * 20 + 1;
	out = o = at_palloc(pool, cap);
	for (p = pattern; *p != '\0'; p += len) {
		len = 1;
		if (*p != '{') {
			*o++ = *p;
			continue;
		}
		len = seq_token(p, &kind, &width);
		if (kind == 'Y')
			w = snprintf(o, cap - (size_t)(o - out), "%04d", year);
		else if (kind == 'y')
			w = snprintf(o, cap - (size_t)(o - out), "%02d",
			    year % 100);
		else
			w = snprintf(o, cap - (size_t)(o - out), "%0*lld",
			    width, (long long)n);
		o += w;
	}
	*o = '\0';
	return out;
}

/* Creates or changes sequence name.  0, or -1 with *errstr. */
int
at_seq_define(struct at_db *db, const char *name, const char *pattern,
    int flags, const char **errstr)
{
	if (!seq_name_ok(name)) {
		*errstr = "A sequence's name is 1 to 64 of a-z, 0-9, '.', "
		    "'_' and '-'.";
		return -1;
	}
	if (at_seq_check(pattern, flags, errstr) == -1)
		return -1;
	if (at_db_exec(db, "INSERT INTO number_sequences (name, pattern, "
	    "yearly) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE pattern = "
	    "VALUES(pattern), yearly = VALUES(yearly)", "ssi", name,
	    pattern, (flags & AT_SEQ_YEARLY) ? 1 : 0) < 0) {
		*errstr = "The sequence could not be saved.";
		return -1;
	}
	return 0;
}

/* This year in the site's zone (the process's TZ). */
static int
seq_this_year(void)
{
	struct tm	 tm;
	time_t		 now;

	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL)
		return 1970;
	return tm.tm_year + 1900;
}

/*
 * Allocates the next number of sequence name for year inside the
 * caller's transaction: *n, and *number (pool) when asked for.
 * 0, or -1 with *errstr.
 */
int
at_seq_next(struct at_db *db, struct at_pool *pool, const char *name,
    int year, int64_t *n, char **number, const char **errstr)
{
	struct at_rows	*r;
	const char	*pattern;
	long long	 last, period, next;
	int		 yearly;
	char		*text;

	if (!seq_name_ok(name)) {
		*errstr = "No such sequence.";
		return -1;
	}
	if (year == 0)
		year = seq_this_year();
	if (year < 1 || year > 9999) {
		*errstr = "The year is out of range.";
		return -1;
	}
	/*
	 * One round trip locks the row and says whether a transaction is
	 * open: outside one the lock would end with this statement.
	 */
	r = at_db_select(db, pool, "SELECT pattern, yearly, period, last, "
	    "@@in_transaction AS intx FROM number_sequences WHERE name = ? "
	    "FOR UPDATE", "s", name);
	if (r == NULL) {
		*errstr = "The sequence could not be read.";
		return -1;
	}
	if (r->n == 0) {
		*errstr = "No such sequence.";
		return -1;
	}
	if (at_row_int(r, 0, "intx", 0) != 1) {
		*errstr = "A number is allocated inside a transaction only.";
		return -1;
	}
	pattern = at_row(r, 0, "pattern");
	yearly = at_row_int(r, 0, "yearly", 0) != 0;
	period = at_row_int(r, 0, "period", 0);
	last = at_row_int(r, 0, "last", -1);
	if (pattern == NULL || last < 0) {
		*errstr = "The sequence is damaged.";
		return -1;
	}
	if (yearly && year < period) {
		*errstr = "A later year has been numbered already.";
		return -1;
	}
	if (yearly && year > period)
		next = 1;
	else if (last == INT64_MAX) {
		*errstr = "The sequence is exhausted.";
		return -1;
	} else
		next = last + 1;
	if (!yearly)
		period = year > period ? year : period;
	else
		period = year;
	if ((text = at_seq_format(pool, pattern, year, next)) == NULL) {
		*errstr = "The sequence's pattern is not usable.";
		return -1;
	}
	if (at_db_exec(db, "UPDATE number_sequences SET last = ?, period = ? "
	    "WHERE name = ?", "IIs", next, period, name) != 1) {
		*errstr = "The sequence could not be advanced.";
		return -1;
	}
	*n = next;
	if (number != NULL)
		*number = text;
	return 0;
}
