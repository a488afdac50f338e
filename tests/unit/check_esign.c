/*
 * The e-signature plugin's pure parts: the PDF incremental update (byte
 * ranges right, the original bytes untouched), CMS signing and
 * verification (a changed byte, appended bytes, another certificate),
 * key files (0600, PEM chain), and the signing order rules.
 */
#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <check.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <poppler.h>
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
#include "../../plugins/esign/fields.h"
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

/*
 * The signer's name and the reason as PDF text strings: ASCII as a
 * literal with ( ) \ escaped; anything else as UTF-16BE hex, a character
 * beyond U+FFFF as a surrogate pair, a byte that is not UTF-8 (a stray
 * 0xff, a sequence cut short) as U+FFFD; the seal still verifies.
 */
START_TEST(names_as_pdf_strings)
{
	static const struct {
		const char	*in, *out;
	} c[] = {
		{ "Ana (CEO) \\", "/Name (Ana \\(CEO\\) \\\\) " },
		{ "Zo\xc3\xab \xce\xa9 \xe6\x9d\xb1 \xf0\x9f\x98\x80",
		    "/Name <FEFF005A006F00EB002003A9002067710020D83DDE00> " },
		{ "A\xff" "B\xc3", "/Name <FEFF0041FFFD0042FFFD> " },
	};
	struct es_verdict v;
	unsigned char	*pdf, *out;
	size_t		 len, olen, i;
	char		 err[256];

	pdf = mini_pdf(&len);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_int_eq(es_seal(pdf, len, &key, c[i].in, "R", "a", 0,
		    &out, &olen, err, sizeof(err)), 0);
		ck_assert_msg(memmem(out + len, olen - len, c[i].out,
		    strlen(c[i].out)) != NULL, "case %zu: no %s", i, c[i].out);
		ck_assert_int_eq(es_verify(out, olen, key.cert, &v), 0);
		free(out);
	}
	free(pdf);
}
END_TEST

/*
 * Fields: the placement checks (off the page, too small, overlapping,
 * for an unknown signer or a viewer refused) and the flattening (each
 * value drawn on its page, read back with poppler; the page's own text
 * kept), and typed signatures in the script font.
 */

/* Appends cairo's output to a memory stream. */
static cairo_status_t
mem_write(void *arg, const unsigned char *d, unsigned int n)
{
	return fwrite(d, 1, n, arg) == n ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* A PDF of two A5 pages with "Page one" and "Page two", malloc'd. */
static unsigned char *
two_pages(size_t *len)
{
	char		*buf = NULL;
	FILE		*m = open_memstream(&buf, len);
	cairo_surface_t	*s;
	cairo_t		*cr;

	s = cairo_pdf_surface_create_for_stream(mem_write, m, 420, 595);
	cr = cairo_create(s);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 14);
	cairo_move_to(cr, 40, 60);
	cairo_show_text(cr, "Page one");
	cairo_show_page(cr);
	cairo_move_to(cr, 40, 60);
	cairo_show_text(cr, "Page two");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	fclose(m);
	return (unsigned char *)buf;
}

/* The text poppler reads on page page (from 1) of pdf, g_free'd. */
static char *
page_text(const unsigned char *pdf, size_t len, int page)
{
	PopplerDocument	*pd;
	PopplerPage	*pg;
	GBytes		*gb = g_bytes_new(pdf, len);
	char		*t;

	pd = poppler_document_new_from_bytes(gb, NULL, NULL);
	g_bytes_unref(gb);
	ck_assert_ptr_nonnull(pd);
	ck_assert_int_ge(poppler_document_get_n_pages(pd), page);
	pg = poppler_document_get_page(pd, page - 1);
	t = poppler_page_get_text(pg);
	g_object_unref(pg);
	g_object_unref(pd);
	return t;
}

/* A field of kind k for signer sg on page pg of document 0. */
static struct es_field
fld(int sg, int pg, double x, double y, double w, double h,
    enum es_field_kind k)
{
	struct es_field	 f;

	memset(&f, 0, sizeof(f));
	f.signer = sg;
	f.page = pg;
	f.x = x;
	f.y = y;
	f.w = w;
	f.h = h;
	f.kind = k;
	f.required = 1;
	return f;
}

START_TEST(fields_placement)
{
	struct es_field	 f[4];
	unsigned char	*pdf;
	const void	*pdfs[1];
	size_t		 len, lens[1];
	int		 can[3] = { 1, 1, 0 };
	char		 err[256];

	pdf = two_pages(&len);
	pdfs[0] = pdf;
	lens[0] = len;
	/* Two signers' fields on both pages, side by side: fine. */
	f[0] = fld(0, 1, 40, 500, 150, 30, ES_F_SIGNATURE);
	f[1] = fld(1, 1, 200, 500, 150, 30, ES_F_SIGNATURE);
	f[2] = fld(0, 2, 40, 100, 60, 20, ES_F_INITIALS);
	f[3] = fld(1, 2, 40, 130, 60, 20, ES_F_DATE);
	ck_assert_msg(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)) == 0, "%s", err);
	/* Off the page: right, bottom, negative, a page it lacks. */
	f[3] = fld(1, 2, 400, 130, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "outside page 2") != NULL, "%s", err);
	f[3] = fld(1, 2, 40, 590, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	f[3] = fld(1, 2, -1, 130, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	f[3] = fld(1, 3, 40, 130, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "page 3") != NULL, "%s", err);
	/* Too small. */
	f[3] = fld(1, 2, 40, 130, 60, 4, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	/* Overlapping another field of the page (not of another page). */
	f[3] = fld(1, 2, 80, 110, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "Fields 3 and 4 overlap") != NULL, "%s",
	    err);
	f[3] = fld(1, 1, 80, 110, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), 0);
	/* Touching edges do not overlap. */
	f[3] = fld(1, 2, 100, 100, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), 0);
	/* An unknown signer, a viewer, an unknown document or kind. */
	f[3] = fld(7, 2, 100, 100, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "not one of the envelope's signers") !=
	    NULL, "%s", err);
	f[3] = fld(-1, 2, 100, 100, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	f[3] = fld(2, 2, 100, 100, 60, 20, ES_F_DATE);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	f[3] = fld(1, 2, 100, 100, 60, 20, ES_F_DATE);
	f[3].doc = 1;
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	f[3] = fld(1, 2, 100, 100, 60, 20, 0);
	ck_assert_int_eq(es_fields_check(f, 4, pdfs, lens, 1, can, 3, err,
	    sizeof(err)), -1);
	free(pdf);
}
END_TEST

START_TEST(flatten_on_page)
{
	struct es_field	 f[4];
	unsigned char	*pdf, *out, *png;
	size_t		 len, olen, plen;
	char		 err[256], *t1, *t2;
	double		 w, h;

	pdf = two_pages(&len);
	f[0] = fld(0, 1, 40, 500, 200, 30, ES_F_NAME);
	f[0].value = "Alma Quillfeather";
	f[1] = fld(0, 2, 40, 100, 200, 24, ES_F_TEXT);
	f[1].value = "Zebra crossing 42";
	f[2] = fld(1, 2, 40, 140, 120, 24, ES_F_DATE);
	f[2].value = "2026-12-02";
	/* A signature image, drawn where it goes. */
	ck_assert_int_eq(es_script_png("Alma Q", 60, &png, &plen), 0);
	ck_assert_int_eq(memcmp(png, "\x89PNG", 4), 0);
	f[3] = fld(0, 2, 200, 300, 150, 40, ES_F_SIGNATURE);
	f[3].png = png;
	f[3].pnglen = plen;
	ck_assert_msg(es_flatten(pdf, len, f, 4, 0, &out, &olen, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(memcmp(out, "%PDF-", 5), 0);
	t1 = page_text(out, olen, 1);
	t2 = page_text(out, olen, 2);
	ck_assert_msg(strstr(t1, "Alma Quillfeather") != NULL, "%s", t1);
	ck_assert_msg(strstr(t1, "Zebra") == NULL, "%s", t1);
	ck_assert_msg(strstr(t2, "Zebra crossing 42") != NULL, "%s", t2);
	ck_assert_msg(strstr(t2, "2026-12-02") != NULL, "%s", t2);
	ck_assert_msg(strstr(t2, "Alma Quillfeather") == NULL, "%s", t2);
	/* The pages' own text is kept as text, their size too. */
	ck_assert_msg(strstr(t1, "Page one") != NULL, "%s", t1);
	ck_assert_msg(strstr(t2, "Page two") != NULL, "%s", t2);
	ck_assert_int_eq(es_page_size(out, olen, 2, &w, &h), 0);
	ck_assert(w > 419 && w < 421 && h > 594 && h < 596);
	ck_assert_int_eq(es_page_size(out, olen, 3, &w, &h), 1);
	g_free(t1);
	g_free(t2);
	free(out);
	/* A field of another document changes nothing of this one's text. */
	f[1].doc = 1;
	ck_assert_int_eq(es_flatten(pdf, len, f + 1, 1, 0, &out, &olen, err,
	    sizeof(err)), 0);
	t2 = page_text(out, olen, 2);
	ck_assert_msg(strstr(t2, "Zebra") == NULL, "%s", t2);
	g_free(t2);
	free(out);
	/* A broken image is refused, not drawn half. */
	f[3].pnglen = 10;
	ck_assert_int_eq(es_flatten(pdf, len, f + 3, 1, 0, &out, &olen, err,
	    sizeof(err)), -1);
	ck_assert_ptr_null(out);
	/* Not a PDF. */
	ck_assert_int_eq(es_flatten("nonsense", 8, f, 1, 0, &out, &olen, err,
	    sizeof(err)), -1);
	free(png);
	free(pdf);
}
END_TEST

START_TEST(script_font)
{
	unsigned char	*png;
	size_t		 len;

	/* install/deps installs it; without it the fallback is italic. */
	ck_assert_msg(es_script_font_ok(), "the font \"%s\" is missing",
	    ES_SCRIPT_FONT);
	ck_assert_int_eq(es_script_png("Ana Kovač", 96, &png, &len), 0);
	ck_assert_uint_gt(len, 100);
	free(png);
	ck_assert_int_eq(es_script_png("", 96, &png, &len), -1);
	ck_assert_int_eq(es_script_png("x", 2, &png, &len), -1);
	ck_assert_str_eq(es_field_kind_name(ES_F_INITIALS), "initials");
	ck_assert_int_eq(es_field_kind_parse("text"), ES_F_TEXT);
	ck_assert_int_eq(es_field_kind_parse("stamp"), 0);
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
	tcase_add_test(tc, names_as_pdf_strings);
	suite_add_tcase(s, tc);
	tc = tcase_create("fields");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fields_placement);
	tcase_add_test(tc, flatten_on_page);
	tcase_add_test(tc, script_font);
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
	/* The font caches, freed for valgrind (as at_pdf_cleanup does). */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return failed == 0 ? 0 : 1;
}
