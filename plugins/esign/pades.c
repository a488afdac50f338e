/*
 * PAdES sealing, written by hand.
 *
 * Why by hand: a PAdES signature lives in an incremental update (the
 * original bytes stay as they are, new objects and a new cross-reference
 * section are appended after them) and signs the whole file except the
 * hex of its own /Contents, named by /ByteRange.  No C library Debian
 * ships writes such an update: cairo writes new documents only, poppler
 * (glib or cpp) saves whole files and does not sign, and qpdf rewrites
 * the file.  The update we need is small and fixed in shape (a catalog
 * with /AcroForm, one signature field, one signature dictionary, an xref
 * section and a trailer), so it is written here and OpenSSL's CMS makes
 * the signature.
 *
 * The field is invisible (/Rect [0 0 0 0]): the visible record of the
 * signing is the audit certificate page the plugin appends before
 * sealing.  OpenSSL always adds a signing-time attribute; PAdES baseline
 * prefers it absent but verifiers (pdfsig among them) accept it, and /M
 * carries the time too.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <atrium/utf8.h>

#include "pades.h"
#include "tsa.h"

/* A growing byte buffer. */
struct es_buf {
	unsigned char	*p;
	size_t		 len, cap;
	int		 bad;
};

/* Appends n bytes to b (b->bad on failure). */
static void
buf_add(struct es_buf *b, const void *d, size_t n)
{
	unsigned char	*np;
	size_t		 cap;

	if (b->bad)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->bad = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Appends formatted text to b. */
static void __attribute__((format(printf, 2, 3)))
buf_printf(struct es_buf *b, const char *fmt, ...)
{
	char	 tmp[1024], *big = NULL;
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->bad = 1;
		return;
	}
	if ((size_t)n < sizeof(tmp)) {
		buf_add(b, tmp, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		b->bad = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_add(b, big, (size_t)n);
	free(big);
}

/* Puts OpenSSL's last error (or what) into err. */
static void
ssl_err(char *err, size_t errsz, const char *what)
{
	unsigned long	 e = ERR_get_error();
	char		 s[256];

	if (e != 0) {
		ERR_error_string_n(e, s, sizeof(s));
		snprintf(err, errsz, "%s: %s", what, s);
	} else
		snprintf(err, errsz, "%s", what);
	ERR_clear_error();
}

/* The last occurrence of needle in hay[from, len), or NULL. */
static const unsigned char *
rfind(const unsigned char *hay, size_t len, size_t from, const char *needle)
{
	size_t	 n = strlen(needle), i;

	if (len < n || from > len - n)
		return NULL;
	for (i = len - n + 1; i-- > from;)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The integer after key (and spaces) at p, within end; -1 when none. */
static long long
num_after(const unsigned char *p, const unsigned char *end, const char *key)
{
	long long	 v = 0;
	int		 any = 0;

	p += strlen(key);
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n' ||
	    *p == '\t'))
		p++;
	while (p < end && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		any = 1;
		if (v > (1LL << 40))
			return -1;
	}
	return any ? v : -1;
}

/*
 * The facts of the PDF's last revision the update builds on: catalog,
 * /Size, last xref offset, /Info and where the catalog object starts.
 * 0, or -1 with err (not a PDF we can update).
 */
int
es_pdf_info(const unsigned char *pdf, size_t len, struct es_pdfinfo *pi,
    char *err, size_t errsz)
{
	const unsigned char *p, *end = pdf + len;
	char		 pat[48];
	size_t		 i, n;

	memset(pi, 0, sizeof(*pi));
	if (len < 32 || memcmp(pdf, "%PDF-", 5) != 0) {
		snprintf(err, errsz, "not a PDF");
		return -1;
	}
	if ((p = rfind(pdf, len, 0, "startxref")) == NULL ||
	    (pi->startxref = num_after(p, end, "startxref")) <= 0 ||
	    (size_t)pi->startxref >= len) {
		snprintf(err, errsz, "the PDF has no cross-reference offset");
		return -1;
	}
	/* The trailer (or xref stream dictionary) of the last revision. */
	if ((p = rfind(pdf, len, (size_t)pi->startxref, "/Root")) == NULL ||
	    (pi->root = num_after(p, end, "/Root")) <= 0) {
		snprintf(err, errsz, "the PDF's trailer names no catalog");
		return -1;
	}
	if ((p = rfind(pdf, len, (size_t)pi->startxref, "/Size")) == NULL ||
	    (pi->size = num_after(p, end, "/Size")) <= 0) {
		snprintf(err, errsz, "the PDF's trailer has no /Size");
		return -1;
	}
	/*
	 * A classic table's subsections say how many objects there are;
	 * some writers (pdfunite among them) put a /Size too small.
	 */
	if (memcmp(pdf + pi->startxref, "xref", 4) == 0) {
		long long	 first, cnt;

		p = pdf + pi->startxref + 4;
		for (;;) {
			while (p < end && (*p == ' ' || *p == '\r' ||
			    *p == '\n'))
				p++;
			if (p >= end || *p < '0' || *p > '9')
				break;
			first = num_after(p, end, "");
			while (p < end && *p >= '0' && *p <= '9')
				p++;
			if ((cnt = num_after(p, end, "")) < 0 || first < 0)
				break;
			if (first + cnt > pi->size)
				pi->size = first + cnt;
			while (p < end && *p == ' ')
				p++;
			while (p < end && *p >= '0' && *p <= '9')
				p++;
			while (p < end && (*p == ' ' || *p == '\r' ||
			    *p == '\n'))
				p++;
			if ((size_t)(end - p) < (size_t)cnt * 20)
				break;
			p += cnt * 20;
		}
	}
	if (pi->size <= pi->root)
		pi->size = pi->root + 1;
	if ((p = rfind(pdf, len, (size_t)pi->startxref, "/Info")) != NULL)
		pi->info = num_after(p, end, "/Info");
	if (pi->info < 0)
		pi->info = 0;
	/* The newest plain "N 0 obj" of the catalog, at a line start. */
	n = (size_t)snprintf(pat, sizeof(pat), "%lld 0 obj", pi->root);
	for (i = len - n + 1; i-- > 1;)
		if ((pdf[i - 1] == '\n' || pdf[i - 1] == '\r') &&
		    memcmp(pdf + i, pat, n) == 0)
			break;
	if (i == 0) {
		snprintf(err, errsz, "the PDF's catalog is compressed or "
		    "missing; it cannot be sealed");
		return -1;
	}
	pi->cat_off = i;
	return 0;
}

/*
 * The inside of the dictionary that starts at or after off (without the
 * outer << >>), malloc'd, or NULL.
 */
static char *
dict_inner(const unsigned char *pdf, size_t len, size_t off)
{
	size_t	 i, start = 0;
	int	 depth = 0, instr = 0;
	char	*s;

	for (i = off; i + 1 < len; i++) {
		if (instr) {
			if (pdf[i] == '\\')
				i++;
			else if (pdf[i] == ')')
				instr--;
			else if (pdf[i] == '(')
				instr++;
			continue;
		}
		if (pdf[i] == '(' && depth > 0)
			instr = 1;
		else if (pdf[i] == '<' && pdf[i + 1] == '<') {
			if (depth++ == 0)
				start = i + 2;
			i++;
		} else if (pdf[i] == '>' && pdf[i + 1] == '>') {
			if (depth == 0)
				return NULL;
			if (--depth == 0) {
				if ((s = malloc(i - start + 1)) == NULL)
					return NULL;
				memcpy(s, pdf + start, i - start);
				s[i - start] = '\0';
				return s;
			}
			i++;
		} else if (depth == 0 && memcmp(pdf + i, "endobj", 6) == 0)
			return NULL;
	}
	return NULL;
}

/*
 * Appends s to b as a PDF text string: literal when ASCII, else UTF-16BE
 * (characters decoded by at_utf8_char; a byte that is not UTF-8 becomes
 * U+FFFD).
 */
static void
buf_pdfstr(struct es_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned int	 c;
	size_t		 n;
	int		 ascii = 1;

	for (; *u != '\0'; u++)
		if (*u >= 0x80)
			ascii = 0;
	u = (const unsigned char *)s;
	if (ascii) {
		buf_add(b, "(", 1);
		for (; *u != '\0'; u++) {
			if (*u == '(' || *u == ')' || *u == '\\')
				buf_printf(b, "\\%c", *u);
			else if (*u < 0x20 || *u == 0x7f)
				buf_printf(b, "\\%03o", *u);
			else
				buf_add(b, u, 1);
		}
		buf_add(b, ")", 1);
		return;
	}
	buf_add(b, "<FEFF", 5);
	while (*s != '\0') {
		if ((n = at_utf8_char(s, &c)) == 0) {
			c = 0xfffd;
			n = 1;
		}
		s += n;
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800 + (c >> 10),
			    0xdc00 + (c & 0x3ff));
		} else
			buf_printf(b, "%04X", c);
	}
	buf_add(b, ">", 1);
}

/* Appends s as a literal string, every byte outside printable ASCII as \ddd. */
static void
buf_litstr(struct es_buf *b, const char *s)
{
	const unsigned char *u;

	buf_add(b, "(", 1);
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u == '(' || *u == ')' || *u == '\\')
			buf_printf(b, "\\%c", *u);
		else if (*u < 0x20 || *u >= 0x7f)
			buf_printf(b, "\\%03o", *u);
		else
			buf_add(b, u, 1);
	}
	buf_add(b, ")", 1);
}

/* The SHA-256 of d as 64 hex digits and a NUL; 0 or -1. */
int
es_sha256_hex(const void *d, size_t len, char out[65])
{
	unsigned char	 h[32];
	unsigned int	 hl = 0;
	int		 i;

	if (EVP_Digest(d, len, h, &hl, EVP_sha256(), NULL) != 1 || hl != 32)
		return -1;
	for (i = 0; i < 32; i++)
		snprintf(out + i * 2, 3, "%02x", h[i]);
	return 0;
}

/*
 * Seals pdf: appends the update (catalog with /AcroForm, an invisible
 * signature field, the signature dictionary with name, reason, the audit
 * text and the time when), signs the byte ranges with key and writes the
 * CMS into /Contents.  *out (malloc'd, the caller frees) holds the sealed
 * file.  0, or -1 with err.  es_seal_ts without a timestamp.
 */
int
es_seal(const unsigned char *pdf, size_t len, const struct es_key *key,
    const char *name, const char *reason, const char *audit, time_t when,
    unsigned char **out, size_t *outlen, char *err, size_t errsz)
{
	return es_seal_ts(pdf, len, key, name, reason, audit, when, NULL,
	    NULL, NULL, out, outlen, err, errsz);
}

/*
 * es_seal, and when stamp is not NULL it is asked for an RFC 3161 token
 * over the CMS signature value, which goes into the signer info as the
 * unsigned attribute id-aa-timeStampToken (PAdES B-T); its time goes to
 * stamped (32 bytes, when not NULL; "" when there is no timestamp: stamp
 * failed, and the seal is made without).
 */
int
es_seal_ts(const unsigned char *pdf, size_t len, const struct es_key *key,
    const char *name, const char *reason, const char *audit, time_t when,
    es_stamp_fn stamp, void *arg, char *stamped, unsigned char **out,
    size_t *outlen, char *err, size_t errsz)
{
	struct es_pdfinfo pi;
	struct es_buf	 b;
	struct tm	 tm;
	CMS_ContentInfo	*cms = NULL;
	BIO		*bio = NULL;
	unsigned char	*der = NULL, *data = NULL, *dp;
	char		*cat = NULL, range[64];
	size_t		 off_cat, off_f, off_s, off_x, cstart, cend, br, i;
	long long	 f, s;
	int		 derlen, rc = -1;

	memset(&b, 0, sizeof(b));
	*out = NULL;
	*outlen = 0;
	if (stamped != NULL)
		*stamped = '\0';
	if (es_pdf_info(pdf, len, &pi, err, errsz) == -1)
		return -1;
	if ((cat = dict_inner(pdf, len, pi.cat_off)) == NULL) {
		snprintf(err, errsz, "the PDF's catalog could not be read");
		return -1;
	}
	if (strstr(cat, "/AcroForm") != NULL) {
		snprintf(err, errsz, "the PDF has a form of its own; such "
		    "documents cannot be sealed");
		goto out;
	}
	f = pi.size;
	s = pi.size + 1;
	buf_add(&b, pdf, len);
	if (pdf[len - 1] != '\n')
		buf_add(&b, "\n", 1);

	off_cat = b.len;
	buf_printf(&b, "%lld 0 obj\n<<%s /AcroForm << /Fields [%lld 0 R] "
	    "/SigFlags 3 >> >>\nendobj\n", pi.root, cat, f);
	off_f = b.len;
	buf_printf(&b, "%lld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig "
	    "/F 132 /Rect [0 0 0 0] /T (Seal %lld) /V %lld 0 R >>\nendobj\n",
	    f, s, s);
	off_s = b.len;
	buf_printf(&b, "%lld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	    "/SubFilter /ETSI.CAdES.detached /ByteRange ", s);
	br = b.len;
	buf_printf(&b, "[0 %010d %010d %010d]", 0, 0, 0);
	buf_add(&b, " /Contents ", 11);
	cstart = b.len;
	buf_add(&b, "<", 1);
	for (i = 0; i < ES_SIG_MAX * 2; i++)
		buf_add(&b, "0", 1);
	buf_add(&b, ">", 1);
	cend = b.len;
	gmtime_r(&when, &tm);
	buf_printf(&b, "\n/M (D:%04d%02d%02d%02d%02d%02dZ) /Name ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	buf_pdfstr(&b, name != NULL ? name : "");
	buf_add(&b, " /Reason ", 9);
	buf_pdfstr(&b, reason != NULL ? reason : "");
	buf_add(&b, "\n/AtriumAudit ", 14);
	buf_litstr(&b, audit != NULL ? audit : "");
	buf_add(&b, " >>\nendobj\n", 11);
	off_x = b.len;
	buf_printf(&b, "xref\n%lld 1\n%010zu 00000 n \n%lld 2\n%010zu 00000 n "
	    "\n%010zu 00000 n \ntrailer\n<< /Size %lld /Root %lld 0 R "
	    "/Prev %lld", pi.root, off_cat, f, off_f, off_s, pi.size + 2,
	    pi.root, pi.startxref);
	if (pi.info > 0)
		buf_printf(&b, " /Info %lld 0 R", pi.info);
	buf_printf(&b, " >>\nstartxref\n%zu\n%%%%EOF\n", off_x);
	if (b.bad) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}

	/* The byte ranges: everything but <...> of /Contents. */
	snprintf(range, sizeof(range), "[0 %010zu %010zu %010zu]", cstart,
	    cend, b.len - cend);
	memcpy(b.p + br, range, strlen(range));
	if ((data = malloc(cstart + (b.len - cend))) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	memcpy(data, b.p, cstart);
	memcpy(data + cstart, b.p + cend, b.len - cend);
	if ((bio = BIO_new_mem_buf(data, (int)(cstart + b.len - cend))) ==
	    NULL) {
		ssl_err(err, errsz, "BIO");
		goto out;
	}
	cms = CMS_sign(key->cert, key->key, key->chain, bio, CMS_DETACHED |
	    CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
	if (cms == NULL) {
		ssl_err(err, errsz, "CMS signing failed");
		goto out;
	}
	if (stamp != NULL) {
		CMS_SignerInfo	*si = sk_CMS_SignerInfo_value(
		    CMS_get0_SignerInfos(cms), 0);
		ASN1_OCTET_STRING *sv = si != NULL ?
		    CMS_SignerInfo_get0_signature(si) : NULL;
		unsigned char	*tok = NULL;
		size_t		 toklen = 0;
		char		 tw[32];

		if (sv != NULL && stamp(sv->data, (size_t)sv->length, &tok,
		    &toklen, tw, arg) == 0) {
			if (es_ts_attach(si, tok, toklen) == 0 &&
			    stamped != NULL)
				snprintf(stamped, 32, "%s", tw);
			free(tok);
		}
	}
	if ((derlen = i2d_CMS_ContentInfo(cms, NULL)) <= 0 ||
	    derlen > ES_SIG_MAX) {
		snprintf(err, errsz, "the signature does not fit (%d bytes)",
		    derlen);
		goto out;
	}
	if ((der = malloc((size_t)derlen)) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	dp = der;
	i2d_CMS_ContentInfo(cms, &dp);
	for (i = 0; i < (size_t)derlen; i++) {
		static const char hx[] = "0123456789abcdef";

		b.p[cstart + 1 + i * 2] = hx[der[i] >> 4];
		b.p[cstart + 2 + i * 2] = hx[der[i] & 15];
	}
	*out = b.p;
	*outlen = b.len;
	b.p = NULL;
	rc = 0;
out:
	free(cat);
	free(b.p);
	free(der);
	free(data);
	BIO_free(bio);
	CMS_ContentInfo_free(cms);
	return rc;
}

/* Reads a literal string at p (at '('), unescaped into out. */
static void
read_litstr(const unsigned char *p, const unsigned char *end, char *out,
    size_t outsz)
{
	size_t	 n = 0;
	int	 depth = 0, c;

	for (; p < end; p++) {
		c = *p;
		if (c == '(' && depth++ == 0)
			continue;
		if (c == ')' && --depth == 0)
			break;
		if (c == '\\' && p + 1 < end) {
			c = *++p;
			if (c >= '0' && c <= '7') {
				c -= '0';
				if (p + 1 < end && p[1] >= '0' && p[1] <= '7')
					c = c * 8 + (*++p - '0');
				if (p + 1 < end && p[1] >= '0' && p[1] <= '7')
					c = c * 8 + (*++p - '0');
			} else if (c == 'n')
				c = '\n';
			else if (c == 'r')
				c = '\r';
			else if (c == 't')
				c = '\t';
		}
		if (n + 1 < outsz)
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* The hex digit's value, or -1. */
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
 * Checks the last signature of pdf: ranges, CMS digest and signer (by_key
 * when cert, NULL for none, signed it).  Fills v.  0 when the signature
 * is valid and covers the whole file, 1 when it is not (v->why says
 * why), -1 when out of memory.
 */
int
es_verify(const unsigned char *pdf, size_t len, X509 *cert,
    struct es_verdict *v)
{
	const unsigned char *p, *end = pdf + len, *q, *e;
	CMS_ContentInfo	*cms = NULL;
	STACK_OF(X509)	*signers = NULL;
	BIO		*bio = NULL;
	unsigned char	*der = NULL, *data = NULL;
	const unsigned char *dp;
	size_t		 i, n;
	int		 k, hi, lo, rc = 1;

	memset(v, 0, sizeof(*v));
	if (len < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
		snprintf(v->why, sizeof(v->why), "This is not a PDF.");
		return 1;
	}
	if ((p = rfind(pdf, len, 0, "/ByteRange")) == NULL) {
		snprintf(v->why, sizeof(v->why), "The PDF carries no "
		    "signature.");
		return 1;
	}
	v->has_sig = 1;
	p += 10;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
		p++;
	if (p >= end || *p != '[') {
		snprintf(v->why, sizeof(v->why), "The signature's byte "
		    "ranges cannot be read.");
		return 1;
	}
	p++;
	for (k = 0; k < 4; k++) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
			p++;
		v->range[k] = num_after(p, end, "");
		if (v->range[k] < 0) {
			snprintf(v->why, sizeof(v->why), "The signature's byte "
			    "ranges cannot be read.");
			return 1;
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (v->range[0] != 0 || v->range[1] <= 0 || v->range[2] <=
	    v->range[1] + 1 || v->range[3] < 0 || (unsigned long long)
	    (v->range[2] + v->range[3]) > len || pdf[v->range[1]] != '<' ||
	    pdf[v->range[2] - 1] != '>') {
		snprintf(v->why, sizeof(v->why), "The signature's byte "
		    "ranges do not fit the file.");
		return 1;
	}
	v->whole = (size_t)(v->range[2] + v->range[3]) == len;

	/* /Contents: the DER in hex (zero padding after it). */
	n = (size_t)(v->range[2] - v->range[1] - 2) / 2;
	if ((der = calloc(1, n + 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		hi = hexval(pdf[v->range[1] + 1 + i * 2]);
		lo = hexval(pdf[v->range[1] + 2 + i * 2]);
		if (hi < 0 || lo < 0) {
			snprintf(v->why, sizeof(v->why), "The signature's "
			    "contents are damaged.");
			goto out;
		}
		der[i] = (unsigned char)(hi << 4 | lo);
	}
	dp = der;
	if ((cms = d2i_CMS_ContentInfo(NULL, &dp, (long)n)) == NULL) {
		ERR_clear_error();
		snprintf(v->why, sizeof(v->why), "The signature's contents "
		    "are damaged.");
		goto out;
	}
	n = (size_t)(v->range[1] + v->range[3]);
	if ((data = malloc(n + 1)) == NULL) {
		rc = -1;
		goto out;
	}
	memcpy(data, pdf, (size_t)v->range[1]);
	memcpy(data + v->range[1], pdf + v->range[2], (size_t)v->range[3]);
	if ((bio = BIO_new_mem_buf(data, (int)n)) == NULL) {
		rc = -1;
		goto out;
	}
	if (CMS_verify(cms, NULL, NULL, bio, NULL, CMS_BINARY |
	    CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		ERR_clear_error();
		snprintf(v->why, sizeof(v->why), "The document was changed "
		    "after it was signed: the signature does not match its "
		    "bytes.");
		goto out;
	}
	v->intact = 1;
	{
		CMS_SignerInfo	*si = sk_CMS_SignerInfo_value(
		    CMS_get0_SignerInfos(cms), 0);
		char		 terr[160];

		/* A timestamp, when there is one, must be of this signature. */
		if (si != NULL && es_ts_read(si, v->ts_when, terr,
		    sizeof(terr)) == -1) {
			snprintf(v->why, sizeof(v->why), "The signature's "
			    "timestamp is not valid: %s.", terr);
			goto out;
		}
	}
	if ((signers = CMS_get0_signers(cms)) != NULL &&
	    sk_X509_num(signers) > 0) {
		X509_NAME_oneline(X509_get_subject_name(sk_X509_value(signers,
		    0)), v->subject, sizeof(v->subject));
		if (cert != NULL && X509_cmp(sk_X509_value(signers, 0), cert)
		    == 0)
			v->by_key = 1;
	}
	/* /M and /AtriumAudit follow /Contents in the signed part. */
	q = pdf + v->range[2];
	e = rfind(pdf, len, (size_t)v->range[2], "endobj");
	if (e == NULL)
		e = end;
	else {
		const unsigned char *first = NULL, *t;

		for (t = q; t + 6 <= end; t++)
			if (memcmp(t, "endobj", 6) == 0) {
				first = t;
				break;
			}
		e = first != NULL ? first : end;
	}
	if ((p = rfind(q, (size_t)(e - q), 0, "/M (")) != NULL)
		read_litstr(p + 3, e, v->when, sizeof(v->when));
	if ((p = rfind(q, (size_t)(e - q), 0, "/AtriumAudit (")) != NULL)
		read_litstr(p + 13, e, v->audit, sizeof(v->audit));
	if (!v->whole) {
		snprintf(v->why, sizeof(v->why), "Bytes were added to the "
		    "document after it was signed.");
		goto out;
	}
	rc = 0;
out:
	sk_X509_free(signers);
	BIO_free(bio);
	CMS_ContentInfo_free(cms);
	free(der);
	free(data);
	return rc;
}

/*
 * Makes a new RSA key (keypath, mode 0600, must not exist) and a
 * self-signed certificate for cn valid for days (certpath).  0, or -1
 * with err.
 */
int
es_key_create(const char *keypath, const char *certpath, const char *cn,
    int days, char *err, size_t errsz)
{
	EVP_PKEY	*k = NULL;
	X509		*x = NULL;
	X509_NAME	*nm;
	X509_EXTENSION	*ext;
	X509V3_CTX	 ctx;
	ASN1_INTEGER	*sn;
	unsigned char	 serial[16];
	BIGNUM		*bn = NULL;
	FILE		*fp = NULL;
	int		 fd, rc = -1;
	static const char *const exts[][2] = {
		{ "basicConstraints", "critical,CA:FALSE" },
		{ "keyUsage", "critical,digitalSignature,nonRepudiation" },
		{ "subjectKeyIdentifier", "hash" },
	};
	size_t		 i;

	if ((k = EVP_RSA_gen(3072)) == NULL || (x = X509_new()) == NULL) {
		ssl_err(err, errsz, "key generation failed");
		goto out;
	}
	X509_set_version(x, 2);
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto fail;
	serial[0] &= 0x7f;
	if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL ||
	    (sn = X509_get_serialNumber(x)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, sn) == NULL)
		goto fail;
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 86400);
	X509_set_pubkey(x, k);
	nm = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, nm);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if ((ext = X509V3_EXT_conf(NULL, &ctx, exts[i][0],
		    exts[i][1])) == NULL)
			goto fail;
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	if (X509_sign(x, k, EVP_sha256()) == 0)
		goto fail;
	if ((fd = open(keypath, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		snprintf(err, errsz, "%s: %s", keypath, strerror(errno));
		goto out;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		snprintf(err, errsz, "%s: %s", keypath, strerror(errno));
		goto out;
	}
	if (PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL, NULL) != 1 ||
	    fclose(fp) != 0) {
		fp = NULL;
		unlink(keypath);
		snprintf(err, errsz, "%s: could not be written", keypath);
		goto out;
	}
	if ((fp = fopen(certpath, "w")) == NULL) {
		unlink(keypath);
		snprintf(err, errsz, "%s: %s", certpath, strerror(errno));
		goto out;
	}
	if (PEM_write_X509(fp, x) != 1 || fclose(fp) != 0) {
		fp = NULL;
		unlink(keypath);
		unlink(certpath);
		snprintf(err, errsz, "%s: could not be written", certpath);
		goto out;
	}
	fp = NULL;
	rc = 0;
	goto out;
fail:
	ssl_err(err, errsz, "certificate creation failed");
out:
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(k);
	return rc;
}

/*
 * Loads the signing key: a PKCS#12 file (p12path, not NULL or "") with
 * its password, else a PEM key and a PEM certificate file whose first
 * certificate is the signer's and whose others are its chain.  0, or -1
 * with err.  Release with es_key_free().
 */
int
es_key_load(const char *keypath, const char *certpath, const char *p12path,
    const char *p12pass, struct es_key *key, char *err, size_t errsz)
{
	FILE		*fp;
	PKCS12		*p12;
	X509		*x;

	memset(key, 0, sizeof(*key));
	if (p12path != NULL && *p12path != '\0') {
		if ((fp = fopen(p12path, "rb")) == NULL) {
			snprintf(err, errsz, "%s: %s", p12path,
			    strerror(errno));
			return -1;
		}
		p12 = d2i_PKCS12_fp(fp, NULL);
		fclose(fp);
		if (p12 == NULL || PKCS12_parse(p12, p12pass != NULL ?
		    p12pass : "", &key->key, &key->cert, &key->chain) != 1) {
			PKCS12_free(p12);
			ssl_err(err, errsz, "the PKCS#12 file cannot be read");
			es_key_free(key);
			return -1;
		}
		PKCS12_free(p12);
		goto check;
	}
	if ((fp = fopen(keypath, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s (run atriumctl esign init)",
		    keypath, strerror(errno));
		return -1;
	}
	key->key = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (key->key == NULL) {
		ssl_err(err, errsz, "the signing key cannot be read");
		return -1;
	}
	if ((fp = fopen(certpath, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", certpath, strerror(errno));
		es_key_free(key);
		return -1;
	}
	key->cert = PEM_read_X509(fp, NULL, NULL, NULL);
	while (key->cert != NULL && (x = PEM_read_X509(fp, NULL, NULL,
	    NULL)) != NULL) {
		if (key->chain == NULL)
			key->chain = sk_X509_new_null();
		if (key->chain == NULL || !sk_X509_push(key->chain, x))
			X509_free(x);
	}
	fclose(fp);
	ERR_clear_error();
check:
	if (key->cert == NULL || X509_check_private_key(key->cert,
	    key->key) != 1) {
		ssl_err(err, errsz, "the certificate does not match the key");
		es_key_free(key);
		return -1;
	}
	return 0;
}

/* Releases what es_key_load() loaded. */
void
es_key_free(struct es_key *key)
{
	EVP_PKEY_free(key->key);
	X509_free(key->cert);
	sk_X509_pop_free(key->chain, X509_free);
	memset(key, 0, sizeof(*key));
}
