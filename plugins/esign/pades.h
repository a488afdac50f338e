/*
 * PAdES sealing of a PDF: an incremental update written by hand with a
 * signature field and a CMS detached signature (SHA-256, ESS
 * signing-certificate-v2) over its /ByteRange, and the checks that read
 * such a signature back.  Plain C and OpenSSL: no Atrium calls, so the
 * unit tests and atriumctl use it as the plugin does.
 */
#ifndef ESIGN_PADES_H
#define ESIGN_PADES_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Bytes reserved for the CMS blob (hex doubles them in the file). */
#define ES_SIG_MAX	16384

struct es_key {
	EVP_PKEY	*key;
	X509		*cert;
	STACK_OF(X509)	*chain;		/* intermediates, or NULL */
};

/* What es_verify() found. */
struct es_verdict {
	int		 has_sig;	/* a signature dictionary was found */
	int		 intact;	/* CMS digest matches the byte ranges */
	int		 whole;		/* the ranges cover the whole file */
	int		 by_key;	/* signed by the certificate given */
	long long	 range[4];
	char		 subject[256];	/* signer's distinguished name */
	char		 when[32];	/* the /M date as written */
	char		 audit[4096];	/* the /AtriumAudit text, unescaped */
	char		 why[256];	/* when not valid: a sentence */
	char		 ts_when[32];	/* RFC 3161 timestamp's time, or "" */
};

/*
 * A timestamp authority for es_seal_ts: asked for a token over the CMS
 * signature value sig; 0 with the token (DER, malloc'd, es_seal_ts frees
 * it) in *token and its time in when (32 bytes), or -1 when there is
 * none (the seal goes on without it).
 */
typedef int (*es_stamp_fn)(const unsigned char *sig, size_t siglen,
	    unsigned char **token, size_t *toklen, char *when, void *arg);

/* The facts of the update's base (for the unit tests too). */
struct es_pdfinfo {
	long long	 root;		/* catalog object number */
	long long	 size;		/* trailer /Size */
	long long	 startxref;	/* offset of the last xref */
	long long	 info;		/* /Info object, or 0 */
	size_t		 cat_off;	/* offset of "N 0 obj" of the catalog */
};

int	 es_pdf_info(const unsigned char *, size_t, struct es_pdfinfo *,
	    char *err, size_t errsz);
int	 es_key_create(const char *keypath, const char *certpath,
	    const char *cn, int days, char *err, size_t errsz);
int	 es_key_load(const char *keypath, const char *certpath,
	    const char *p12path, const char *p12pass, struct es_key *,
	    char *err, size_t errsz);
void	 es_key_free(struct es_key *);
int	 es_seal(const unsigned char *pdf, size_t len, const struct es_key *,
	    const char *name, const char *reason, const char *audit,
	    time_t when, unsigned char **out, size_t *outlen,
	    char *err, size_t errsz);
int	 es_seal_ts(const unsigned char *pdf, size_t len,
	    const struct es_key *, const char *name, const char *reason,
	    const char *audit, time_t when, es_stamp_fn stamp, void *arg,
	    char *stamped, unsigned char **out, size_t *outlen, char *err,
	    size_t errsz);
int	 es_verify(const unsigned char *pdf, size_t len, X509 *cert,
	    struct es_verdict *);
int	 es_sha256_hex(const void *, size_t, char out[65]);

#endif
