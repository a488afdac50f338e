/*
 * RFC 3161 timestamps of the seal (tsa.c): the request, the check of the
 * TSA's answer, the token attached to and read back from a CMS signer
 * info.  Plain C and OpenSSL, as pades.c.
 */
#ifndef ESIGN_TSA_H
#define ESIGN_TSA_H

#include <stddef.h>

#include <openssl/cms.h>

#define ES_TS_NONCE	8	/* bytes of the request's nonce */
#define ES_TS_WHEN	32	/* "2026-12-02 10:14:03 UTC" and its NUL */

int	 es_ts_request(const unsigned char *sig, size_t siglen,
	    unsigned char **req, size_t *reqlen,
	    unsigned char nonce[ES_TS_NONCE], char *err, size_t errsz);
int	 es_ts_check(const unsigned char *resp, size_t resplen,
	    const unsigned char *req, size_t reqlen, const char *cafile,
	    unsigned char **token, size_t *toklen, char when[ES_TS_WHEN],
	    char *err, size_t errsz);
int	 es_ts_attach(CMS_SignerInfo *, const unsigned char *token,
	    size_t toklen);
int	 es_ts_read(CMS_SignerInfo *, char when[ES_TS_WHEN], char *err,
	    size_t errsz);

#endif
