/*
 * UTF-8 text: one decoder and one way to shorten text between
 * characters, for every place that checks, cleans or cuts what people
 * type (names, subjects, log entries, page text).
 */
#ifndef ATRIUM_UTF8_H
#define ATRIUM_UTF8_H

#include <stddef.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/*
 * The length in bytes (1 to 4) of the character at s, its code point in
 * *cp; 0 when the bytes there are not valid UTF-8 (a stray continuation
 * byte, a sequence cut short, an overlong form, a surrogate, beyond
 * U+10FFFF).  s must not be at its terminating NUL.
 */
size_t		 at_utf8_char(const char *s, unsigned int *cp);
/*
 * The length of the longest start of s that has at most max bytes and
 * ends between two characters (never inside a multi-byte sequence).
 */
size_t		 at_utf8_fit(const char *s, size_t max);
/*
 * s cut to at most max bytes between characters: s itself when it fits,
 * else a copy in the pool.  NULL gives NULL.
 */
const char	*at_utf8_cut(struct at_pool *, const char *s, size_t max);

AT_API_END

#endif
