/*
 * UTF-8 text (include/atrium/utf8.h): the one decoder the core, the hub
 * and plugins share, and cutting text between characters.
 */
#include "config.h"

#include <string.h>

#include "core.h"

/* See utf8.h. */
size_t
at_utf8_char(const char *s, unsigned int *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 n, i;
	unsigned int	 c;

	if (*p < 0x80) {
		*cp = *p;
		return 1;
	}
	if ((*p & 0xe0) == 0xc0) {
		n = 1;
		c = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 2;
		c = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 3;
		c = *p & 0x07;
	} else
		return 0;
	for (i = 1; i <= n; i++) {
		/* A NUL here fails too: the sequence is cut short. */
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond the last code point. */
	if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
	    (n == 3 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n + 1;
}

/* See utf8.h. */
size_t
at_utf8_fit(const char *s, size_t max)
{
	size_t	 n;

	if ((n = strlen(s)) <= max)
		return n;
	/* Step back over continuation bytes to the start of a character. */
	for (n = max; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		;
	return n;
}

/* See utf8.h. */
const char *
at_utf8_cut(struct at_pool *pool, const char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return NULL;
	if ((n = at_utf8_fit(s, max)) == strlen(s))
		return s;
	return at_pstrndup(pool, s, n);
}
