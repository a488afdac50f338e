/*
 * HMAC-SHA256 for webhooks (libsodium): signing, constant-time comparing,
 * hex, and the check of a signed delivery with a timestamp.
 *
 * A signed delivery carries a header of comma-separated key=value items,
 *
 *	t=1767225600,v1=5257a869e7ec...,v1=6ffbb59b2300...
 *
 * where t is the sending time in seconds since the epoch and each v1 is
 * the lower- or upper-case hex of HMAC-SHA256(secret, t "." body), with t
 * exactly as written in the header.  It is genuine when any v1 matches
 * (a provider sends two while a secret is being rolled) and t lies within
 * the tolerance of the receiver's clock, either side.  Other keys (v0...)
 * are ignored.  The secret is used byte for byte as the key, prefix and
 * all ("whsec_..."): nothing is decoded from it.
 */
#ifndef ATRIUM_HMAC_H
#define ATRIUM_HMAC_H

#include <stddef.h>
#include <time.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/* The version of this service's interface (grows when calls are added). */
#define AT_HMAC_VERSION		1

#define AT_HMAC_LEN		32	/* bytes of an HMAC-SHA256 */
#define AT_WEBHOOK_TOLERANCE	300	/* seconds, when 0 is asked for */
#define AT_WEBHOOK_MAXHEADER	4096	/* longest signature header read */
#define AT_WEBHOOK_MAXSIGS	8	/* most v1 items in one header */

enum at_webhook_status {
	AT_WEBHOOK_OK = 0,	/* a v1 matches and t is in the window */
	AT_WEBHOOK_MALFORMED,	/* no header, no t or v1, bad syntax */
	AT_WEBHOOK_MISMATCH,	/* no v1 matches: tampered or wrong secret */
	AT_WEBHOOK_EXPIRED	/* genuine, but t is outside the window */
};

/* out = HMAC-SHA256(key, msg).  The key may have any length. */
void		 at_hmac_sha256(const void *key, size_t keylen,
		    const void *msg, size_t len,
		    unsigned char out[AT_HMAC_LEN]);

/*
 * Whether the len bytes at a and b are equal, in time that does not
 * depend on where they differ (sodium_memcmp): 1 equal, 0 not.
 */
int		 at_hmac_equal(const void *a, const void *b, size_t len);

/* The lower-case hex of len bytes, in the pool. */
char		*at_hex_encode(struct at_pool *, const void *, size_t len);

/*
 * Decodes hex (upper or lower case, nothing else, an even number of
 * digits) into out, which has room for max bytes; *outlen gets the
 * length.  0, or -1 for anything else or when it does not fit.
 */
int		 at_hex_decode(const char *hex, void *out, size_t max,
		    size_t *outlen);

/*
 * Checks a signed delivery: header as received (NULL when absent), the
 * raw body, the shared secret, the receiver's time now and the tolerance
 * in seconds (0 is AT_WEBHOOK_TOLERANCE).  *when gets t when the header
 * could be read.  On anything but AT_WEBHOOK_OK, *errstr (static) says
 * why, for the log; the caller answers 400 and does nothing.
 */
enum at_webhook_status at_webhook_verify(const char *header,
		    const void *body, size_t bodylen, const void *secret,
		    size_t secretlen, time_t now, int tolerance,
		    time_t *when, const char **errstr);

/*
 * The header that signs body with secret at time t: "t=T,v1=HEX", in the
 * pool.  For sending webhooks and for tests.
 */
char		*at_webhook_sign(struct at_pool *, const void *secret,
		    size_t secretlen, time_t t, const void *body,
		    size_t bodylen);

AT_API_END

#endif
