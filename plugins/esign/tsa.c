/*
 * RFC 3161 timestamps for the seal (PAdES B-T): the TimeStampReq for the
 * SHA-256 of a CMS signature value, the check of a TSA's TimeStampResp
 * (granted, the imprint and the nonce ours, and when a CA file is given
 * the token's signature and the TSA's certificate chain), and the token
 * read back from a sealed signature.  OpenSSL's TS API only: the HTTP
 * exchange is the plugin's (esign.c, libcurl), so the unit tests and
 * atriumctl use this file as the plugin does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "tsa.h"

/* err: what, then OpenSSL's first queued reason when there is one. */
static void
ts_err(char *err, size_t errsz, const char *what)
{
	unsigned long	 e = ERR_get_error();
	char		 buf[160];

	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		snprintf(err, errsz, "%s (%s)", what, buf);
	} else
		snprintf(err, errsz, "%s", what);
	ERR_clear_error();
}

/* "YYYY-MM-DD hh:mm:ss UTC" of t into out; 0 or -1. */
static int
ts_time_text(const ASN1_GENERALIZEDTIME *t, char out[ES_TS_WHEN])
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	if (strftime(out, ES_TS_WHEN, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		return -1;
	return 0;
}

/*
 * Builds a TimeStampReq (version 1, SHA-256 of sig, a fresh 64-bit
 * nonce, certReq) as DER into *req (malloc'd, the caller frees); the
 * nonce goes into nonce for es_ts_check.  0, or -1 with err.
 */
int
es_ts_request(const unsigned char *sig, size_t siglen, unsigned char **req,
    size_t *reqlen, unsigned char nonce[ES_TS_NONCE], char *err,
    size_t errsz)
{
	TS_REQ		*tq = NULL;
	TS_MSG_IMPRINT	*mi = NULL;
	X509_ALGOR	*alg = NULL;
	ASN1_INTEGER	*n = NULL;
	BIGNUM		*bn = NULL;
	unsigned char	 md[SHA256_DIGEST_LENGTH], *p;
	int		 len, rc = -1;

	*req = NULL;
	*reqlen = 0;
	SHA256(sig, siglen, md);
	if (RAND_bytes(nonce, ES_TS_NONCE) != 1) {
		ts_err(err, errsz, "no random nonce");
		return -1;
	}
	nonce[0] &= 0x7f;	/* a positive INTEGER of the bytes as they are */
	if ((tq = TS_REQ_new()) == NULL || (mi = TS_MSG_IMPRINT_new()) ==
	    NULL || (alg = X509_ALGOR_new()) == NULL ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
	    NULL) != 1 || TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, md, sizeof(md)) != 1 ||
	    TS_REQ_set_version(tq, 1) != 1 ||
	    TS_REQ_set_msg_imprint(tq, mi) != 1 ||
	    (bn = BN_bin2bn(nonce, ES_TS_NONCE, NULL)) == NULL ||
	    (n = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    TS_REQ_set_nonce(tq, n) != 1 || TS_REQ_set_cert_req(tq, 1) != 1) {
		ts_err(err, errsz, "the timestamp request cannot be made");
		goto out;
	}
	if ((len = i2d_TS_REQ(tq, NULL)) <= 0 || (*req = malloc((size_t)len))
	    == NULL) {
		ts_err(err, errsz, "the timestamp request cannot be encoded");
		goto out;
	}
	p = *req;
	i2d_TS_REQ(tq, &p);
	*reqlen = (size_t)len;
	rc = 0;
out:
	TS_REQ_free(tq);
	TS_MSG_IMPRINT_free(mi);
	X509_ALGOR_free(alg);
	ASN1_INTEGER_free(n);
	BN_free(bn);
	return rc;
}

/*
 * Checks the TSA's answer resp to our request req (DER, es_ts_request):
 * the status is granted (or granted with modifications), the token's
 * version, message imprint and nonce are the request's, and when cafile
 * is not NULL the token's signature verifies and the TSA's certificate
 * chains to a certificate of cafile.  The token (a CMS ContentInfo, DER)
 * goes into *token (malloc'd, the caller frees) and its time into when.
 * 0, or -1 with err (nothing in *token).
 */
int
es_ts_check(const unsigned char *resp, size_t resplen,
    const unsigned char *req, size_t reqlen, const char *cafile,
    unsigned char **token, size_t *toklen, char when[ES_TS_WHEN],
    char *err, size_t errsz)
{
	TS_RESP		*rs = NULL;
	TS_REQ		*tq = NULL;
	TS_VERIFY_CTX	*vc = NULL;
	X509_STORE	*store = NULL;
	TS_STATUS_INFO	*si;
	const unsigned char *p = resp;
	unsigned char	*q;
	long		 status;
	int		 len, rc = -1;

	*token = NULL;
	*toklen = 0;
	when[0] = '\0';
	if (resplen > 1024 * 1024 || (rs = d2i_TS_RESP(NULL, &p,
	    (long)resplen)) == NULL) {
		ts_err(err, errsz, "the TSA's answer is not a timestamp "
		    "response");
		goto out;
	}
	si = TS_RESP_get_status_info(rs);
	status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
	if (status != 0 && status != 1) {
		snprintf(err, errsz, "the TSA refused the request (status "
		    "%ld)", status);
		goto out;
	}
	if (TS_RESP_get_token(rs) == NULL || TS_RESP_get_tst_info(rs) ==
	    NULL) {
		snprintf(err, errsz, "the TSA's answer carries no token");
		goto out;
	}
	p = req;
	if ((tq = d2i_TS_REQ(NULL, &p, (long)reqlen)) == NULL) {
		ts_err(err, errsz, "the timestamp request cannot be read "
		    "back");
		goto out;
	}
	if ((vc = TS_REQ_to_TS_VERIFY_CTX(tq, NULL)) == NULL) {
		ts_err(err, errsz, "the timestamp cannot be checked");
		goto out;
	}
	if (cafile != NULL && *cafile != '\0') {
		if ((store = X509_STORE_new()) == NULL ||
		    X509_STORE_load_file(store, cafile) != 1) {
			ts_err(err, errsz, "the TSA's CA file cannot be read");
			goto out;
		}
		TS_VERIFY_CTX_set_store(vc, store);
		store = NULL;	/* the context frees it */
		TS_VERIFY_CTX_add_flags(vc, TS_VFY_SIGNATURE);
	}
	if (TS_RESP_verify_response(vc, rs) != 1) {
		ts_err(err, errsz, "the TSA's timestamp does not match the "
		    "request");
		goto out;
	}
	if (ts_time_text(TS_TST_INFO_get_time(TS_RESP_get_tst_info(rs)),
	    when) == -1) {
		snprintf(err, errsz, "the timestamp's time cannot be read");
		goto out;
	}
	if ((len = i2d_PKCS7(TS_RESP_get_token(rs), NULL)) <= 0 ||
	    (*token = malloc((size_t)len)) == NULL) {
		ts_err(err, errsz, "the token cannot be encoded");
		goto out;
	}
	q = *token;
	i2d_PKCS7(TS_RESP_get_token(rs), &q);
	*toklen = (size_t)len;
	rc = 0;
out:
	if (rc == -1)
		when[0] = '\0';
	TS_VERIFY_CTX_free(vc);
	X509_STORE_free(store);
	TS_REQ_free(tq);
	TS_RESP_free(rs);
	return rc;
}

/*
 * Adds token (DER, from es_ts_check) to signer info si as the unsigned
 * attribute id-aa-timeStampToken.  0 or -1.
 */
int
es_ts_attach(CMS_SignerInfo *si, const unsigned char *token, size_t toklen)
{
	if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
	    V_ASN1_SEQUENCE, token, (int)toklen) != 1) {
		ERR_clear_error();
		return -1;
	}
	return 0;
}

/*
 * The timestamp token of signer info si, when it has one: its time into
 * when, after checking that its imprint is the SHA-256 of si's signature
 * value.  1 found and matching, 0 none, -1 a token that does not belong
 * to this signature or cannot be read (why in err).
 */
int
es_ts_read(CMS_SignerInfo *si, char when[ES_TS_WHEN], char *err,
    size_t errsz)
{
	X509_ATTRIBUTE	*a;
	ASN1_TYPE	*t;
	ASN1_OCTET_STRING *sv;
	PKCS7		*p7 = NULL;
	TS_TST_INFO	*ti = NULL;
	TS_MSG_IMPRINT	*mi;
	ASN1_OCTET_STRING *md;
	const unsigned char *p;
	unsigned char	 h[SHA256_DIGEST_LENGTH];
	int		 idx, rc = -1;

	when[0] = '\0';
	idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
	    -1);
	if (idx < 0)
		return 0;
	if ((a = CMS_unsigned_get_attr(si, idx)) == NULL ||
	    (t = X509_ATTRIBUTE_get0_type(a, 0)) == NULL ||
	    t->type != V_ASN1_SEQUENCE) {
		snprintf(err, errsz, "the timestamp cannot be read");
		return -1;
	}
	p = t->value.sequence->data;
	if ((p7 = d2i_PKCS7(NULL, &p, t->value.sequence->length)) == NULL ||
	    (ti = PKCS7_to_TS_TST_INFO(p7)) == NULL) {
		ts_err(err, errsz, "the timestamp cannot be read");
		goto out;
	}
	mi = TS_TST_INFO_get_msg_imprint(ti);
	md = TS_MSG_IMPRINT_get_msg(mi);
	sv = CMS_SignerInfo_get0_signature(si);
	SHA256(sv->data, (size_t)sv->length, h);
	if (OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(mi)->algorithm) !=
	    NID_sha256 || md == NULL || md->length != (int)sizeof(h) ||
	    memcmp(md->data, h, sizeof(h)) != 0) {
		snprintf(err, errsz, "the timestamp is not for this "
		    "signature");
		goto out;
	}
	if (ts_time_text(TS_TST_INFO_get_time(ti), when) == -1) {
		snprintf(err, errsz, "the timestamp's time cannot be read");
		goto out;
	}
	rc = 1;
out:
	TS_TST_INFO_free(ti);
	PKCS7_free(p7);
	return rc;
}
