/*
 * Parsers for what arrives from the network: percent-encoding, query
 * strings and urlencoded bodies, cookies.  Each reads bytes from a client,
 * so each has a fuzz entry point under tests/fuzz.  Everything allocates
 * from the request's pool.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "core.h"

/* The value of hex digit c, or -1. */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes len bytes of s: %XX escapes and, when plus, '+' as a space.
 * Returns NULL for a broken escape or a NUL byte (raw or encoded).
 */
char *
at_url_decode(struct at_pool *pool, const char *s, size_t len, int plus)
{
	char	*out, *o;
	size_t	 i;
	int	 h, l;

	o = out = at_palloc(pool, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len)
				return NULL;
			h = hexval((unsigned char)s[i + 1]);
			l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return NULL;
			*o++ = (char)(h << 4 | l);
			i += 2;
		} else if (s[i] == '+' && plus)
			*o++ = ' ';
		else if (s[i] == '\0')
			return NULL;
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* Percent-encodes all but the unreserved characters of RFC 3986. */
char *
at_url_encode(struct at_pool *pool, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char		*out, *o;
	unsigned char	 c;

	o = out = at_palloc(pool, strlen(s) * 3 + 1);
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

/*
 * Parses "a=1&b=2" (len bytes) into *out, in order.  A pair without '='
 * has an empty value; empty pairs are skipped.  0, 400 or 413.
 */
int
at_parse_urlencoded(struct at_pool *pool, const char *buf, size_t len,
    const struct at_limits *lim, struct at_param **out, const char **errstr)
{
	struct at_param	*p, **tail;
	const char	*pair, *end, *eq;
	size_t		 n = 0, plen;

	*out = NULL;
	tail = out;
	for (pair = buf; pair < buf + len; pair = end + 1) {
		end = memchr(pair, '&', (size_t)(buf + len - pair));
		if (end == NULL)
			end = buf + len;
		plen = (size_t)(end - pair);
		if (plen == 0)
			continue;
		if (++n > lim->max_fields) {
			*errstr = "The form has too many fields.";
			return 413;
		}
		eq = memchr(pair, '=', plen);
		p = at_palloc(pool, sizeof(*p));
		if (eq == NULL) {
			p->name = at_url_decode(pool, pair, plen, 1);
			p->value = "";
		} else {
			if ((size_t)(end - eq - 1) > lim->max_field) {
				*errstr = "A form field is too long.";
				return 413;
			}
			p->name = at_url_decode(pool, pair,
			    (size_t)(eq - pair), 1);
			p->value = at_url_decode(pool, eq + 1,
			    (size_t)(end - eq - 1), 1);
		}
		if (p->name == NULL || p->value == NULL) {
			*errstr = "The form data is malformed.";
			return 400;
		}
		p->valsz = strlen(p->value);
		*tail = p;
		tail = &p->next;
	}
	return 0;
}

/* Parses a Cookie header ("a=1; b=2"); malformed pairs are skipped. */
int
at_parse_cookies(struct at_pool *pool, const char *hdr, struct at_param **out)
{
	struct at_param	*p, **tail;
	const char	*s, *end, *eq, *v, *ve;
	size_t		 n = 0;

	*out = NULL;
	tail = out;
	for (s = hdr; s != NULL && *s != '\0'; s = *end != '\0' ?
	    end + 1 : end) {
		while (*s == ' ' || *s == '\t')
			s++;
		end = strchr(s, ';');
		if (end == NULL)
			end = s + strlen(s);
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq == NULL || eq == s || ++n > 64)
			continue;
		v = eq + 1;
		ve = end;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
			v++;
			ve--;
		}
		p = at_palloc(pool, sizeof(*p));
		p->name = at_pstrndup(pool, s, (size_t)(eq - s));
		p->value = at_pstrndup(pool, v, (size_t)(ve - v));
		p->valsz = (size_t)(ve - v);
		*tail = p;
		tail = &p->next;
	}
	return 0;
}

/* The first parameter called name in list, or NULL. */
const struct at_param *
at_param_find(const struct at_param *list, const char *name)
{
	for (; list != NULL; list = list->next)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

/* A query string parameter, or NULL. */
const char *
at_query(const struct at_req *req, const char *name)
{
	const struct at_param *p;

	p = at_param_find(req->queryp, name);
	return p != NULL ? p->value : NULL;
}

/* A form field (not a file) the field table did not reject, or NULL. */
const char *
at_form(const struct at_req *req, const char *name)
{
	const struct at_param *p;

	for (p = req->form; p != NULL; p = p->next)
		if (p->tmppath == NULL && strcmp(p->name, name) == 0)
			return p->rejected ? NULL : p->value;
	return NULL;
}

/* A form field (not a file) as typed, rejected or not, or NULL. */
const char *
at_form_raw(const struct at_req *req, const char *name)
{
	const struct at_param *p;

	for (p = req->form; p != NULL; p = p->next)
		if (p->tmppath == NULL && strcmp(p->name, name) == 0)
			return p->value;
	return NULL;
}

/* An uploaded file field, or NULL. */
const struct at_param *
at_upload(const struct at_req *req, const char *name)
{
	const struct at_param *p;

	for (p = req->form; p != NULL; p = p->next)
		if (p->tmppath != NULL && strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* A cookie's value, or NULL. */
const char *
at_cookie(const struct at_req *req, const char *name)
{
	const struct at_param *p;

	p = at_param_find(req->cookies, name);
	return p != NULL ? p->value : NULL;
}

/*
 * s escaped for a quoted-string header parameter: quotes and backslashes
 * escaped, controls and non-ASCII replaced by '_'.
 */
const char *
at_header_quote(struct at_pool *pool, const char *s)
{
	char	*out, *o;

	o = out = at_palloc(pool, strlen(s) * 2 + 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			*o++ = '\\';
			*o++ = *s;
		} else if ((unsigned char)*s < 0x20 ||
		    (unsigned char)*s >= 0x7f)
			*o++ = '_';
		else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/*
 * s as valid UTF-8 of at most maxchars characters, in the pool: each byte
 * that does not start a well-formed sequence (overlong forms, surrogates
 * and values past U+10FFFF included) becomes U+FFFD, and the text is cut
 * between characters.
 */
char *
at_utf8_clean(struct at_pool *pool, const char *s, size_t maxchars)
{
	const char	*p = s;
	char		*out, *o;
	size_t		 n, chars = 0;
	unsigned int	 cp;

	/* At most three bytes out for each byte in. */
	out = o = at_palloc(pool, strlen(s) * 3 + 1);
	while (*p != '\0' && chars < maxchars) {
		if ((unsigned char)*p < 0x80)
			*o++ = *p++;
		else if ((n = at_utf8_char(p, &cp)) == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
		chars++;
	}
	*o = '\0';
	return out;
}
