/*
 * HMAC-SHA256 and signed webhook deliveries (include/atrium/hmac.h), over
 * libsodium's crypto_auth_hmacsha256.  The header parser is strict and
 * bounded: it reads at most AT_WEBHOOK_MAXHEADER bytes and
 * AT_WEBHOOK_MAXSIGS signatures, and every comparison of a signature is
 * constant-time.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <atrium/pool.h>
#include <atrium/hmac.h>

#define HM_MAXT		19	/* digits of a timestamp (fits int64) */

/* One parsed signature header. */
struct hm_header {
	const char	*t;		/* the timestamp's digits, in header */
	size_t		 tlen;
	int64_t		 when;
	unsigned char	 sig[AT_WEBHOOK_MAXSIGS][AT_HMAC_LEN];
	size_t		 nsig;
};

/*
 * Starts libsodium once (later calls return at once).  It fails only when
 * the system cannot give it what it needs; nothing it computes could be
 * trusted then, so the process stops.
 */
static void
hm_init(void)
{
	if (sodium_init() < 0)
		abort();
}

/* out = HMAC-SHA256(key, msg). */
void
at_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
    unsigned char out[AT_HMAC_LEN])
{
	crypto_auth_hmacsha256_state st;

	hm_init();
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

/* 1 when the len bytes at a and b are equal (constant time), else 0. */
int
at_hmac_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

/* The lower-case hex of len bytes at p, in the pool. */
char *
at_hex_encode(struct at_pool *pool, const void *p, size_t len)
{
	char	*hex;

	hex = at_palloc(pool, len * 2 + 1);
	sodium_bin2hex(hex, len * 2 + 1, p, len);
	return hex;
}

/*
 * Decodes the hex digits at hex into out (room for max bytes), *outlen
 * the length.  0, or -1 on a non-digit, an odd count, or no room.
 */
int
at_hex_decode(const char *hex, void *out, size_t max, size_t *outlen)
{
	const char	*end;
	size_t		 len, n;

	if (hex == NULL)
		return -1;
	len = strlen(hex);
	if (len % 2 != 0 || len / 2 > max)
		return -1;
	if (sodium_hex2bin(out, max, hex, len, NULL, &n, &end) != 0 ||
	    *end != '\0' || n != len / 2)
		return -1;
	*outlen = n;
	return 0;
}

/*
 * HMAC-SHA256(secret, t "." body) into out, with t the tlen bytes at t.
 */
static void
hm_sign(const void *secret, size_t secretlen, const char *t, size_t tlen,
    const void *body, size_t bodylen, unsigned char out[AT_HMAC_LEN])
{
	crypto_auth_hmacsha256_state st;

	hm_init();
	crypto_auth_hmacsha256_init(&st, secret, secretlen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t, tlen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, body, bodylen);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

/* Whether c is optional white space around an item. */
static int
hm_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Reads one item, key=value, of len bytes at p into h.  0, or -1 with
 * *errstr when it is malformed.
 */
static int
hm_item(struct hm_header *h, const char *p, size_t len, const char **errstr)
{
	const char	*eq, *v;
	size_t		 klen, vlen, i, n;
	char		 hex[2 * AT_HMAC_LEN + 1];

	while (len > 0 && hm_ows(*p)) {
		p++;
		len--;
	}
	while (len > 0 && hm_ows(p[len - 1]))
		len--;
	if (len == 0 || (eq = memchr(p, '=', len)) == NULL) {
		*errstr = "an item is not key=value";
		return -1;
	}
	klen = (size_t)(eq - p);
	v = eq + 1;
	vlen = len - klen - 1;
	if (klen == 1 && p[0] == 't') {
		if (h->t != NULL) {
			*errstr = "more than one timestamp";
			return -1;
		}
		if (vlen == 0 || vlen > HM_MAXT) {
			*errstr = "the timestamp is not a number";
			return -1;
		}
		h->when = 0;
		for (i = 0; i < vlen; i++) {
			if (v[i] < '0' || v[i] > '9' ||
			    h->when > (INT64_MAX - (v[i] - '0')) / 10) {
				*errstr = "the timestamp is not a number";
				return -1;
			}
			h->when = h->when * 10 + (v[i] - '0');
		}
		h->t = v;
		h->tlen = vlen;
	} else if (klen == 2 && p[0] == 'v' && p[1] == '1') {
		if (h->nsig == AT_WEBHOOK_MAXSIGS) {
			*errstr = "too many signatures";
			return -1;
		}
		if (vlen != 2 * AT_HMAC_LEN) {
			*errstr = "a v1 signature is not 64 hex digits";
			return -1;
		}
		memcpy(hex, v, vlen);
		hex[vlen] = '\0';
		if (at_hex_decode(hex, h->sig[h->nsig], AT_HMAC_LEN, &n) ==
		    -1 || n != AT_HMAC_LEN) {
			*errstr = "a v1 signature is not 64 hex digits";
			return -1;
		}
		h->nsig++;
	} else if (klen == 0) {
		*errstr = "an item has no key";
		return -1;
	}
	/* Another scheme (v0...): not ours to check. */
	return 0;
}

/*
 * Parses a signature header into h.  0, or -1 with *errstr (static).
 */
static int
hm_parse(const char *header, struct hm_header *h, const char **errstr)
{
	const char	*p, *comma;
	size_t		 len;

	memset(h, 0, sizeof(*h));
	if (header == NULL) {
		*errstr = "no signature header";
		return -1;
	}
	len = strnlen(header, AT_WEBHOOK_MAXHEADER + 1);
	if (len > AT_WEBHOOK_MAXHEADER) {
		*errstr = "the signature header is too long";
		return -1;
	}
	for (p = header; ; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(header + len - p));
		if (hm_item(h, p, comma != NULL ? (size_t)(comma - p) :
		    (size_t)(header + len - p), errstr) == -1)
			return -1;
		if (comma == NULL)
			break;
	}
	if (h->t == NULL) {
		*errstr = "no timestamp";
		return -1;
	}
	if (h->nsig == 0) {
		*errstr = "no v1 signature";
		return -1;
	}
	return 0;
}

/*
 * Checks header against body and secret at time now, within tolerance
 * seconds (0: AT_WEBHOOK_TOLERANCE).  *when (when not NULL) gets the
 * timestamp once the header parses; *errstr is static.
 */
enum at_webhook_status
at_webhook_verify(const char *header, const void *body, size_t bodylen,
    const void *secret, size_t secretlen, time_t now, int tolerance,
    time_t *when, const char **errstr)
{
	struct hm_header h;
	unsigned char	 want[AT_HMAC_LEN];
	size_t		 i;
	int		 match = 0;
	int64_t		 skew;

	*errstr = NULL;
	if (hm_parse(header, &h, errstr) == -1)
		return AT_WEBHOOK_MALFORMED;
	if (when != NULL)
		*when = (time_t)h.when;
	if (secret == NULL || secretlen == 0) {
		*errstr = "no secret to check against";
		return AT_WEBHOOK_MISMATCH;
	}
	hm_sign(secret, secretlen, h.t, h.tlen, body, bodylen, want);
	/* Every signature is compared: no early exit. */
	for (i = 0; i < h.nsig; i++)
		match |= at_hmac_equal(h.sig[i], want, AT_HMAC_LEN);
	sodium_memzero(want, sizeof(want));
	if (!match) {
		*errstr = "no signature matches";
		return AT_WEBHOOK_MISMATCH;
	}
	if (tolerance <= 0)
		tolerance = AT_WEBHOOK_TOLERANCE;
	skew = (int64_t)now - h.when;
	if (skew > tolerance || skew < -(int64_t)tolerance) {
		*errstr = "the timestamp is outside the tolerance";
		return AT_WEBHOOK_EXPIRED;
	}
	return AT_WEBHOOK_OK;
}

/* The header "t=T,v1=HEX" signing body with secret at t, in the pool. */
char *
at_webhook_sign(struct at_pool *pool, const void *secret, size_t secretlen,
    time_t t, const void *body, size_t bodylen)
{
	unsigned char	 mac[AT_HMAC_LEN];
	char		 ts[32];
	int		 n;

	n = snprintf(ts, sizeof(ts), "%lld", (long long)t);
	hm_sign(secret, secretlen, ts, (size_t)n, body, bodylen, mac);
	return at_pprintf(pool, "t=%s,v1=%s", ts,
	    at_hex_encode(pool, mac, sizeof(mac)));
}
