/*
 * Gapless numbering: named sequences of the site ("invoice", "quote",
 * "credit-note"), each with a pattern that turns the year and the number
 * into the document's number, INV-{YYYY}-{NNNN} giving INV-2026-0001.
 *
 * A number is allocated inside the caller's transaction: the sequence's
 * row is locked (SELECT ... FOR UPDATE) until that transaction ends, so
 * concurrent callers queue one behind the other, a committed transaction
 * keeps its number, and a rolled back one gives it back to the next
 * caller: no gap, no duplicate.  Insert the document in the same
 * transaction and commit promptly; every other allocation of that
 * sequence waits meanwhile.
 *
 * Patterns: literal printable ASCII other than braces, and the tokens
 *
 *	{YYYY}	the year, four digits	{YY}	its last two digits
 *	{N...}	the number, zero-padded to as many digits as there are N
 *		(1-12); a larger number is written in full
 *
 * with exactly one {N...}, at most AT_SEQ_MAXPATTERN bytes.  A yearly
 * sequence starts again at 1 in each new year and needs {YYYY} or {YY}.
 */
#ifndef ATRIUM_NUMBERING_H
#define ATRIUM_NUMBERING_H

#include <stdint.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_db;
struct at_pool;

/* The version of this service's interface (grows when calls are added). */
#define AT_SEQ_VERSION		1

#define AT_SEQ_YEARLY		0x01	/* numbers start at 1 each year */
#define AT_SEQ_MAXNAME		64	/* [a-z0-9._-], 1 to 64 bytes */
#define AT_SEQ_MAXPATTERN	64

/*
 * Whether pattern is usable with flags: 0, or -1 with *errstr (static,
 * fit for a settings form).
 */
int		 at_seq_check(const char *pattern, int flags,
		    const char **errstr);

/* The number n of year as pattern writes it, in the pool; NULL if bad. */
char		*at_seq_format(struct at_pool *, const char *pattern,
		    int year, int64_t n);

/*
 * Creates sequence name with pattern and flags, or changes an existing
 * one's pattern and flags (its count goes on).  Call it outside any
 * allocation, e.g. when a plugin's process starts or a setting is saved.
 * 0, or -1 with *errstr (static).
 */
int		 at_seq_define(struct at_db *, const char *name,
		    const char *pattern, int flags, const char **errstr);

/*
 * Allocates the next number of sequence name for a document of year
 * (0: this year in the site's zone), inside the caller's transaction
 * (at_db_begin(); it is refused outside one).  *n gets the number and
 * *number (when not NULL) the formatted text, in the pool.  A yearly
 * sequence refuses a year before the last one it numbered.  0, or -1
 * with *errstr (static); then roll back.  A deadlock or lock wait time
 * out (at_db_errno() 1213 or 1205) rolls back or needs rolling back the
 * whole transaction, which may then be retried.
 */
int		 at_seq_next(struct at_db *, struct at_pool *,
		    const char *name, int year, int64_t *n, char **number,
		    const char **errstr);

AT_API_END

#endif
