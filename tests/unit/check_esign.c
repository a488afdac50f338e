/*
 * The e-signature plugin's pure parts: the PDF incremental update (byte
 * ranges right, the original bytes untouched), CMS signing and
 * verification (a changed byte, appended bytes, another certificate),
 * key files (0600, PEM chain), the signing order rules, and RFC 3161
 * timestamps (the TSA's answer checked: status, imprint, nonce, its
 * certificate; the token in the seal and read back).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "../../plugins/esign/order.h"
#include "../../plugins/esign/pades.h"
#include "../../plugins/esign/tsa.h"

static char	 dir[64];
static struct es_key key;

/* A one-page PDF written with the right offsets, malloc'd. */
static unsigned char *
mini_pdf(size_t *len)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
		    "/Contents 4 0 R >>",
		"<< /Length 0 >>\nstream\n\nendstream",
	};
	char	*b = malloc(4096);
	size_t	 off[4], n, i;

	n = (size_t)sprintf(b, "%%PDF-1.4\n");
	for (i = 0; i < 4; i++) {
		off[i] = n;
		n += (size_t)sprintf(b + n, "%zu 0 obj\n%s\nendobj\n", i + 1,
		    objs[i]);
	}
	i = n;
	n += (size_t)sprintf(b + n, "xref\n0 5\n0000000000 65535 f \n");
	for (size_t k = 0; k < 4; k++)
		n += (size_t)sprintf(b + n, "%010zu 00000 n \n", off[k]);
	n += (size_t)sprintf(b + n, "trailer\n<< /Size 5 /Root 1 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", i);
	*len = n;
	return (unsigned char *)b;
}

static void
setup(void)
{
	char	 err[256], k[128], c[128];

	snprintf(dir, sizeof(dir), "/tmp/check_esign.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(k, sizeof(k), "%s/key.pem", dir);
	snprintf(c, sizeof(c), "%s/cert.pem", dir);
	ck_assert_int_eq(es_key_create(k, c, "Test Agency", 30, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(es_key_load(k, c, NULL, NULL, &key, err,
	    sizeof(err)), 0);
}

static void
teardown(void)
{
	char	 cmd[128];

	es_key_free(&key);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(key_file_private)
{
	struct stat	 st;
	char		 k[128], c[128], err[256];

	snprintf(k, sizeof(k), "%s/key.pem", dir);
	snprintf(c, sizeof(c), "%s/cert.pem", dir);
	ck_assert_int_eq(stat(k, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* An existing key is never overwritten. */
	ck_assert_int_eq(es_key_create(k, c, "Other", 30, err, sizeof(err)),
	    -1);
}
END_TEST

START_TEST(update_keeps_original)
{
	struct es_pdfinfo pi;
	struct es_verdict v;
	unsigned char	*pdf, *out;
	size_t		 len, olen;
	char		 err[256], range[80];

	pdf = mini_pdf(&len);
	ck_assert_int_eq(es_pdf_info(pdf, len, &pi, err, sizeof(err)), 0);
	ck_assert_int_eq(pi.root, 1);
	ck_assert_int_eq(pi.size, 5);
	ck_assert_int_eq(es_seal(pdf, len, &key, "Test Agency", "Sealed",
	    "Envelope 7\nsigner: Ana (ana@x.test)", 1700000000, &out, &olen,
	    err, sizeof(err)), 0);
	/* The original bytes come first, untouched. */
	ck_assert_uint_gt(olen, len + ES_SIG_MAX * 2);
	ck_assert_int_eq(memcmp(out, pdf, len), 0);
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
	/* The ranges: from 0 to <, from > to the end. */
	ck_assert_int_eq(v.range[0], 0);
	ck_assert_int_eq(out[v.range[1]], '<');
	ck_assert_int_eq(out[v.range[2] - 1], '>');
	ck_assert_int_eq(v.range[2] - v.range[1], ES_SIG_MAX * 2 + 2);
	ck_assert_int_eq(v.range[2] + v.range[3], (long long)olen);
	snprintf(range, sizeof(range), "/ByteRange [0 %010lld %010lld %010lld]",
	    v.range[1], v.range[2], v.range[3]);
	ck_assert_ptr_nonnull(memmem(out, olen, range, strlen(range)));
	ck_assert(v.intact && v.whole && v.by_key);
	ck_assert_str_eq(v.audit, "Envelope 7\nsigner: Ana (ana@x.test)");
	ck_assert_str_eq(v.when, "D:20231114221320Z");
	ck_assert_ptr_nonnull(strstr(v.subject, "Test Agency"));
	/* The update names the old xref and grows /Size by two. */
	ck_assert_ptr_nonnull(memmem(out + len, olen - len, "/Size 7 ", 8));
	free(out);
	free(pdf);
}
END_TEST

START_TEST(tamper_detected)
{
	struct es_verdict v;
	unsigned char	*pdf, *out, *more, c;
	size_t		 len, olen, p;
	char		 err[256];

	pdf = mini_pdf(&len);
	ck_assert_int_eq(es_seal(pdf, len, &key, "T", "R", "A", 1700000000,
	    &out, &olen, err, sizeof(err)), 0);
	/* One byte of the original changed. */
	out[20] ^= 0x01;
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 1);
	ck_assert(!v.intact);
	out[20] ^= 0x01;
	/* One byte of the signature value (the DER's end) changed. */
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
	p = (size_t)v.range[2] - 2;
	while (out[p] == '0')
		p--;
	p -= 10;
	c = out[p];
	out[p] = c == 'a' ? 'b' : 'a';
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 1);
	ck_assert(!v.intact);
	out[p] = c;
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
	/* Bytes appended after the seal. */
	more = malloc(olen + 10);
	memcpy(more, out, olen);
	memcpy(more + olen, "% extra \n", 9);
	ck_assert_int_eq(es_verify(more, olen + 9, key.cert, &v), 1);
	ck_assert(v.intact && !v.whole);
	/* Another site's certificate: valid, not ours. */
	{
		struct es_key other;
		char	 k[128], c[128];

		snprintf(k, sizeof(k), "%s/k2.pem", dir);
		snprintf(c, sizeof(c), "%s/c2.pem", dir);
		ck_assert_int_eq(es_key_create(k, c, "Other", 30, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(es_key_load(k, c, NULL, NULL, &other, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(es_verify(out, olen, other.cert, &v), 0);
		ck_assert(!v.by_key);
		es_key_free(&other);
	}
	/* No signature at all; not a PDF. */
	ck_assert_int_eq(es_verify(pdf, len, key.cert, &v), 1);
	ck_assert(!v.has_sig);
	ck_assert_int_eq(es_verify((const unsigned char *)"hello", 5,
	    key.cert, &v), 1);
	free(more);
	free(out);
	free(pdf);
}
END_TEST

START_TEST(refuses_bad_input)
{
	unsigned char	*out;
	size_t		 olen;
	char		 err[256];
	const char	*junk = "%PDF-1.4\nno trailer here at all, none\n";

	ck_assert_int_eq(es_seal((const unsigned char *)junk, strlen(junk),
	    &key, "T", "R", "A", 0, &out, &olen, err, sizeof(err)), -1);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(es_seal((const unsigned char *)"GIF89a.........."
	    "................", 32, &key, "T", "R", "A", 0, &out, &olen, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "not a PDF");
}
END_TEST

START_TEST(sealed_twice)
{
	struct es_verdict v;
	unsigned char	*pdf, *one, *two;
	size_t		 len, l1, l2;
	char		 err[256];

	pdf = mini_pdf(&len);
	ck_assert_int_eq(es_seal(pdf, len, &key, "T", "R", "first", 0, &one,
	    &l1, err, sizeof(err)), 0);
	/* A document with a form of its own (our first seal) is refused. */
	ck_assert_int_eq(es_seal(one, l1, &key, "T", "R", "second", 0, &two,
	    &l2, err, sizeof(err)), -1);
	ck_assert_int_eq(es_verify(one, l1, key.cert, &v), 0);
	free(one);
	free(pdf);
}
END_TEST

START_TEST(order_sequence)
{
	struct es_slot s[3] = {
		{ 1, 0, ES_SENT }, { 2, 0, ES_WAITING }, { 3, 0, ES_WAITING }
	};

	ck_assert_int_eq(es_turn(s, 3), 1);
	ck_assert(es_may_sign(s, 3, 0));
	ck_assert(!es_may_sign(s, 3, 1));
	ck_assert(!es_may_sign(s, 3, 2));
	s[0].state = ES_SIGNED;
	ck_assert_int_eq(es_turn(s, 3), 2);
	ck_assert(!es_may_sign(s, 3, 0));
	ck_assert(es_may_sign(s, 3, 1));
	s[1].state = ES_SIGNED;
	s[2].state = ES_SIGNED;
	ck_assert_int_eq(es_turn(s, 3), 0);
	ck_assert(es_done(s, 3));
}
END_TEST

START_TEST(order_groups)
{
	struct es_slot s[5] = {
		{ 1, 0, ES_SENT }, { 1, 0, ES_VIEWED }, { 2, 0, ES_WAITING },
		{ 2, 0, ES_WAITING }, { 1, 1, ES_WAITING }
	};

	/* Group 1 in parallel; the viewer holds nobody up. */
	ck_assert(es_may_sign(s, 5, 0));
	ck_assert(es_may_sign(s, 5, 1));
	ck_assert(!es_may_sign(s, 5, 4));
	s[1].state = ES_SIGNED;
	ck_assert_int_eq(es_turn(s, 5), 1);
	ck_assert(!es_may_sign(s, 5, 2));
	s[0].state = ES_SIGNED;
	ck_assert_int_eq(es_turn(s, 5), 2);
	ck_assert(es_may_sign(s, 5, 2) && es_may_sign(s, 5, 3));
	/* A replaced signer no longer counts. */
	s[3].state = ES_REPLACED;
	s[2].state = ES_SIGNED;
	ck_assert(es_done(s, 5));
	/* A decline ends it. */
	s[2].state = ES_DECLINED;
	ck_assert_int_eq(es_turn(s, 5), -1);
	ck_assert(!es_done(s, 5));
	/* Only viewers: nothing to be done. */
	ck_assert(!es_done(s + 4, 1));
	ck_assert_int_eq(es_state_parse("viewed"), ES_VIEWED);
	ck_assert_int_eq(es_state_parse("nonsense"), ES_WAITING);
	ck_assert_str_eq(es_state_name(ES_SIGNED), "signed");
}
END_TEST

/* ---- RFC 3161 timestamps (tsa.c) ---- */

/* An in-process TSA: its key, its self-signed certificate (tsa_ca). */
static EVP_PKEY	*tsa_key;
static X509	*tsa_cert;
static char	 tsa_ca[128];

/* Makes the TSA's key and certificate (timeStamping, critical). */
static void
tsa_setup(void)
{
	X509V3_CTX	 xc;
	X509_EXTENSION	*ext;
	X509_NAME	*nm;
	FILE		*f;

	setup();
	ck_assert_ptr_nonnull(tsa_key = EVP_RSA_gen(2048));
	ck_assert_ptr_nonnull(tsa_cert = X509_new());
	X509_set_version(tsa_cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(tsa_cert), 7);
	X509_gmtime_adj(X509_getm_notBefore(tsa_cert), -3600);
	X509_gmtime_adj(X509_getm_notAfter(tsa_cert), 86400);
	X509_set_pubkey(tsa_cert, tsa_key);
	nm = X509_get_subject_name(tsa_cert);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)"Unit Test TSA", -1, -1, 0);
	X509_set_issuer_name(tsa_cert, nm);
	X509V3_set_ctx(&xc, tsa_cert, tsa_cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &xc, NID_ext_key_usage,
	    "critical,timeStamping");
	ck_assert_ptr_nonnull(ext);
	X509_add_ext(tsa_cert, ext, -1);
	X509_EXTENSION_free(ext);
	ck_assert_int_gt(X509_sign(tsa_cert, tsa_key, EVP_sha256()), 0);
	snprintf(tsa_ca, sizeof(tsa_ca), "%s/tsa.pem", dir);
	ck_assert_ptr_nonnull(f = fopen(tsa_ca, "w"));
	PEM_write_X509(f, tsa_cert);
	fclose(f);
}

static void
tsa_teardown(void)
{
	X509_free(tsa_cert);
	EVP_PKEY_free(tsa_key);
	teardown();
}

/*
 * The TSA's answer to request req (DER), malloc'd; digests: the
 * digests it accepts (sha256 for a granting TSA).
 */
static unsigned char *
tsa_answer(const unsigned char *req, size_t reqlen, const EVP_MD *md,
    size_t *outlen)
{
	TS_RESP_CTX	*ctx;
	TS_RESP		*r;
	BIO		*b;
	ASN1_OBJECT	*pol;
	unsigned char	*out, *p;
	int		 n;

	ck_assert_ptr_nonnull(ctx = TS_RESP_CTX_new());
	ck_assert_int_eq(TS_RESP_CTX_set_signer_cert(ctx, tsa_cert), 1);
	ck_assert_int_eq(TS_RESP_CTX_set_signer_key(ctx, tsa_key), 1);
	pol = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
	ck_assert_int_eq(TS_RESP_CTX_set_def_policy(ctx, pol), 1);
	ASN1_OBJECT_free(pol);
	ck_assert_int_eq(TS_RESP_CTX_add_md(ctx, md), 1);
	TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
	b = BIO_new_mem_buf(req, (int)reqlen);
	ck_assert_ptr_nonnull(r = TS_RESP_create_response(ctx, b));
	n = i2d_TS_RESP(r, NULL);
	ck_assert_int_gt(n, 0);
	out = p = malloc((size_t)n);
	i2d_TS_RESP(r, &p);
	*outlen = (size_t)n;
	TS_RESP_free(r);
	BIO_free(b);
	TS_RESP_CTX_free(ctx);
	return out;
}

START_TEST(ts_token_checked)
{
	static const unsigned char sig[] = "the CMS signature value";
	unsigned char	*req, *resp, *tok, nonce[ES_TS_NONCE];
	size_t		 reqlen, resplen, toklen;
	char		 err[256], when[ES_TS_WHEN];

	ck_assert_int_eq(es_ts_request(sig, sizeof(sig), &req, &reqlen, nonce,
	    err, sizeof(err)), 0);
	resp = tsa_answer(req, reqlen, EVP_sha256(), &resplen);
	ck_assert_msg(es_ts_check(resp, resplen, req, reqlen, tsa_ca, &tok,
	    &toklen, when, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_gt(toklen, 100);
	ck_assert_int_eq(strlen(when), 23);
	ck_assert_ptr_nonnull(strstr(when, " UTC"));
	free(tok);
	/* The token's signature must chain to the CA file given. */
	snprintf(err, sizeof(err), "%s/cert.pem", dir);
	ck_assert_int_eq(es_ts_check(resp, resplen, req, reqlen, err, &tok,
	    &toklen, when, err, sizeof(err)), -1);
	ck_assert_ptr_null(tok);
	/* Bytes that are no answer at all. */
	ck_assert_int_eq(es_ts_check((const unsigned char *)"\x30\x03" "abc",
	    5, req, reqlen, NULL, &tok, &toklen, when, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a timestamp response"));
	free(resp);
	/* A TSA that refuses (it takes SHA-512 imprints only). */
	resp = tsa_answer(req, reqlen, EVP_sha512(), &resplen);
	ck_assert_int_eq(es_ts_check(resp, resplen, req, reqlen, tsa_ca, &tok,
	    &toklen, when, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "refused") != NULL, "%s", err);
	free(resp);
	free(req);
}
END_TEST

START_TEST(ts_tampered_imprint_refused)
{
	static const unsigned char sig[] = "the CMS signature value";
	unsigned char	*req, *req2, *resp, *tok, *p, nonce[ES_TS_NONCE];
	unsigned char	 other[SHA256_DIGEST_LENGTH];
	const unsigned char *cp;
	size_t		 reqlen, req2len, resplen, toklen;
	char		 err[256], when[ES_TS_WHEN];
	TS_REQ		*tq;
	int		 n;

	ck_assert_int_eq(es_ts_request(sig, sizeof(sig), &req, &reqlen, nonce,
	    err, sizeof(err)), 0);
	/* The same request (same nonce) with another imprint. */
	cp = req;
	ck_assert_ptr_nonnull(tq = d2i_TS_REQ(NULL, &cp, (long)reqlen));
	SHA256((const unsigned char *)"another signature", 17, other);
	ck_assert_int_eq(TS_MSG_IMPRINT_set_msg(TS_REQ_get_msg_imprint(tq),
	    other, sizeof(other)), 1);
	n = i2d_TS_REQ(tq, NULL);
	req2 = p = malloc((size_t)n);
	i2d_TS_REQ(tq, &p);
	req2len = (size_t)n;
	TS_REQ_free(tq);
	resp = tsa_answer(req2, req2len, EVP_sha256(), &resplen);
	ck_assert_int_eq(es_ts_check(resp, resplen, req, reqlen, tsa_ca, &tok,
	    &toklen, when, err, sizeof(err)), -1);
	ck_assert_ptr_null(tok);
	ck_assert_msg(strstr(err, "does not match") != NULL, "%s", err);
	free(resp);
	free(req2);
	/* A token for our imprint but another request's nonce. */
	ck_assert_int_eq(es_ts_request(sig, sizeof(sig), &req2, &req2len,
	    nonce, err, sizeof(err)), 0);
	resp = tsa_answer(req2, req2len, EVP_sha256(), &resplen);
	ck_assert_int_eq(es_ts_check(resp, resplen, req, reqlen, tsa_ca, &tok,
	    &toklen, when, err, sizeof(err)), -1);
	free(resp);
	free(req2);
	free(req);
}
END_TEST

/* es_stamp_fn of the in-process TSA; arg non-NULL: stamps those bytes. */
static int
stamp_here(const unsigned char *sig, size_t siglen, unsigned char **token,
    size_t *toklen, char *when, void *arg)
{
	unsigned char	*req, *resp, nonce[ES_TS_NONCE];
	size_t		 reqlen, resplen;
	char		 err[256];
	int		 rc;

	if (arg != NULL) {
		sig = arg;
		siglen = strlen(arg);
	}
	if (es_ts_request(sig, siglen, &req, &reqlen, nonce, err,
	    sizeof(err)) == -1)
		return -1;
	resp = tsa_answer(req, reqlen, EVP_sha256(), &resplen);
	rc = es_ts_check(resp, resplen, req, reqlen, tsa_ca, token, toklen,
	    when, err, sizeof(err));
	free(resp);
	free(req);
	return rc;
}

/* es_stamp_fn of a TSA that does not answer. */
static int
stamp_none(const unsigned char *sig, size_t siglen, unsigned char **token,
    size_t *toklen, char *when, void *arg)
{
	(void)sig;
	(void)siglen;
	(void)token;
	(void)toklen;
	(void)when;
	(void)arg;
	return -1;
}

START_TEST(seal_timestamped)
{
	struct es_verdict v;
	unsigned char	*pdf, *out;
	size_t		 len, olen;
	char		 err[256], stamped[32];

	pdf = mini_pdf(&len);
	ck_assert_int_eq(es_seal_ts(pdf, len, &key, "Test Agency", "Sealed",
	    "Envelope 8", time(NULL), stamp_here, NULL, stamped, &out, &olen,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(strlen(stamped), 23);
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
	ck_assert(v.intact && v.whole && v.by_key);
	ck_assert_str_eq(v.ts_when, stamped);
	free(out);
	/* A TSA that fails: sealed all the same, without a timestamp. */
	ck_assert_int_eq(es_seal_ts(pdf, len, &key, "Test Agency", "Sealed",
	    "Envelope 8", time(NULL), stamp_none, NULL, stamped, &out, &olen,
	    err, sizeof(err)), 0);
	ck_assert_str_eq(stamped, "");
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
	ck_assert_str_eq(v.ts_when, "");
	free(out);
	/* A token of another signature value is refused by the check. */
	ck_assert_int_eq(es_seal_ts(pdf, len, &key, "Test Agency", "Sealed",
	    "Envelope 8", time(NULL), stamp_here, "not this signature",
	    stamped, &out, &olen, err, sizeof(err)), 0);
	ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 1);
	ck_assert_msg(strstr(v.why, "timestamp is not valid") != NULL, "%s",
	    v.why);
	free(out);
	free(pdf);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("esign");
	TCase	*tc = tcase_create("pades");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, key_file_private);
	tcase_add_test(tc, update_keeps_original);
	tcase_add_test(tc, tamper_detected);
	tcase_add_test(tc, refuses_bad_input);
	tcase_add_test(tc, sealed_twice);
	suite_add_tcase(s, tc);
	tc = tcase_create("order");
	tcase_add_test(tc, order_sequence);
	tcase_add_test(tc, order_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("timestamp");
	tcase_add_checked_fixture(tc, tsa_setup, tsa_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ts_token_checked);
	tcase_add_test(tc, ts_tampered_imprint_refused);
	tcase_add_test(tc, seal_timestamped);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
