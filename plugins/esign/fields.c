/*
 * Fields placed on the documents for each signer: the placement checks
 * (on a page of the document, not overlapping, for a signer who signs),
 * the flattening of their values into the pages at sealing, and typed
 * signatures drawn in a script font.
 *
 * Flattening redraws each page of a document that has fields with
 * poppler onto a cairo PDF surface and draws the values on top, before
 * the audit page and the PAdES signature are added.  It is done this way
 * rather than as a hand-written incremental update because the values
 * need fonts (the script font of typed signatures, subset and embedded
 * with a ToUnicode map so the text stays searchable) and images (drawn
 * signatures), which cairo writes correctly and a hand-written update
 * would have to reimplement; and because the documents' own object
 * layout (object streams, shared resources) does not matter to a
 * redraw.  What poppler keeps: the page content as vectors, text as
 * text in the document's embedded fonts (selectable), images; what is
 * lost: links, form fields, bookmarks and the document's metadata,
 * which a sealed copy does not need.  Documents without fields are left
 * byte for byte as they were.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "fields.h"

static const char *const kinds[] = { "", "signature", "initials", "date",
    "name", "text" };

/* The kind's name ("signature" ...), or "" for none. */
const char *
es_field_kind_name(enum es_field_kind k)
{
	return k >= ES_F_SIGNATURE && k <= ES_F_TEXT ? kinds[k] : "";
}

/* The kind named s, or 0 when there is none. */
enum es_field_kind
es_field_kind_parse(const char *s)
{
	int	 k;

	for (k = ES_F_SIGNATURE; s != NULL && k <= ES_F_TEXT; k++)
		if (strcmp(s, kinds[k]) == 0)
			return (enum es_field_kind)k;
	return 0;
}

/* Opens the PDF d with poppler (the caller unrefs), or NULL. */
static PopplerDocument *
es_open(const void *d, size_t len)
{
	PopplerDocument	*pd;
	GBytes		*gb;
	GError		*ge = NULL;

	gb = g_bytes_new_static(d, len);
	pd = poppler_document_new_from_bytes(gb, NULL, &ge);
	g_bytes_unref(gb);
	g_clear_error(&ge);
	return pd;
}

/*
 * The size in points of page page (from 1) of the PDF d into *w, *h.
 * 0, 1 when there is no such page, -1 when the PDF cannot be read.
 */
int
es_page_size(const void *d, size_t len, int page, double *w, double *h)
{
	PopplerDocument	*pd;
	PopplerPage	*pg;

	if ((pd = es_open(d, len)) == NULL)
		return -1;
	if (page < 1 || page > poppler_document_get_n_pages(pd)) {
		g_object_unref(pd);
		return 1;
	}
	pg = poppler_document_get_page(pd, page - 1);
	poppler_page_get_size(pg, w, h);
	g_object_unref(pg);
	g_object_unref(pd);
	return 0;
}

/*
 * Checks fields f[0..n) against the documents pdfs[0..ndocs) and the
 * signers (can_sign[i]: signer i signs or approves; a viewer does not):
 * each for a signer who signs, on a page of its document, inside the
 * page, at least ES_FIELD_MIN points each way, not overlapping another
 * field of that page.  0, or -1 with a sentence for the person in err.
 */
int
es_fields_check(const struct es_field *f, size_t n, const void *const *pdfs,
    const size_t *lens, size_t ndocs, const int *can_sign, size_t nsigners,
    char *err, size_t errsz)
{
	PopplerDocument	**pd;
	PopplerPage	*pg;
	double		 pw, ph;
	size_t		 i, j;
	int		 rc = -1;

	if (n == 0)
		return 0;
	if ((pd = calloc(ndocs + 1, sizeof(*pd))) == NULL) {
		snprintf(err, errsz, "Out of memory.");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (es_field_kind_name(f[i].kind)[0] == '\0') {
			snprintf(err, errsz, "Field %zu has no known kind "
			    "(signature, initials, date, name or text).",
			    i + 1);
			goto out;
		}
		if (f[i].signer < 0 || (size_t)f[i].signer >= nsigners ||
		    !can_sign[f[i].signer]) {
			snprintf(err, errsz, "Field %zu is placed for a signer "
			    "who is not one of the envelope's signers.", i + 1);
			goto out;
		}
		if (f[i].doc < 0 || (size_t)f[i].doc >= ndocs) {
			snprintf(err, errsz, "Field %zu is placed on a "
			    "document the envelope does not have.", i + 1);
			goto out;
		}
		if (f[i].label != NULL && strlen(f[i].label) > 100) {
			snprintf(err, errsz, "The label of field %zu is longer "
			    "than 100 characters.", i + 1);
			goto out;
		}
		if (pd[f[i].doc] == NULL &&
		    (pd[f[i].doc] = es_open(pdfs[f[i].doc],
		    lens[f[i].doc])) == NULL) {
			snprintf(err, errsz, "Document %d cannot be read as a "
			    "PDF.", f[i].doc + 1);
			goto out;
		}
		if (f[i].page < 1 || f[i].page >
		    poppler_document_get_n_pages(pd[f[i].doc])) {
			snprintf(err, errsz, "Field %zu is placed on page %d, "
			    "which document %d does not have.", i + 1,
			    f[i].page, f[i].doc + 1);
			goto out;
		}
		pg = poppler_document_get_page(pd[f[i].doc], f[i].page - 1);
		poppler_page_get_size(pg, &pw, &ph);
		g_object_unref(pg);
		if (!isfinite(f[i].x) || !isfinite(f[i].y) ||
		    !isfinite(f[i].w) || !isfinite(f[i].h) ||
		    f[i].w < ES_FIELD_MIN || f[i].h < ES_FIELD_MIN) {
			snprintf(err, errsz, "Field %zu is too small: at least "
			    "%g points each way.", i + 1, ES_FIELD_MIN);
			goto out;
		}
		if (f[i].x < 0 || f[i].y < 0 || f[i].x + f[i].w > pw + 0.01 ||
		    f[i].y + f[i].h > ph + 0.01) {
			snprintf(err, errsz, "Field %zu lies outside page %d "
			    "(%.0f by %.0f points).", i + 1, f[i].page, pw, ph);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (f[j].doc == f[i].doc && f[j].page == f[i].page &&
			    f[i].x < f[j].x + f[j].w &&
			    f[j].x < f[i].x + f[i].w &&
			    f[i].y < f[j].y + f[j].h &&
			    f[j].y < f[i].y + f[i].h) {
				snprintf(err, errsz, "Fields %zu and %zu "
				    "overlap on page %d.", j + 1, i + 1,
				    f[i].page);
				goto out;
			}
	}
	rc = 0;
out:
	for (i = 0; i < ndocs; i++)
		if (pd[i] != NULL)
			g_object_unref(pd[i]);
	free(pd);
	return rc;
}

/* 1 when fontconfig has the script font, else 0 (checked once). */
int
es_script_font_ok(void)
{
	static int	 ok = -1;
	PangoFontMap	*fm;
	PangoContext	*ctx;
	PangoFontDescription *d, *got;
	PangoFont	*pf;
	const char	*fam;

	if (ok != -1)
		return ok;
	ok = 0;
	fm = pango_cairo_font_map_get_default();
	ctx = pango_font_map_create_context(fm);
	d = pango_font_description_from_string(ES_SCRIPT_FONT " 12");
	if ((pf = pango_font_map_load_font(fm, ctx, d)) != NULL) {
		got = pango_font_describe(pf);
		fam = pango_font_description_get_family(got);
		ok = fam != NULL && strcasecmp(fam, ES_SCRIPT_FONT) == 0;
		pango_font_description_free(got);
		g_object_unref(pf);
	}
	pango_font_description_free(d);
	g_object_unref(ctx);
	return ok;
}

/* The font of a value: the script font (or its fallback) or plain. */
static PangoFontDescription *
es_font(int script)
{
	PangoFontDescription *d;

	if (!script)
		return pango_font_description_from_string("DejaVu Sans");
	if (es_script_font_ok())
		return pango_font_description_from_string(ES_SCRIPT_FONT);
	d = pango_font_description_from_string("DejaVu Serif");
	pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
	return d;
}

/*
 * Draws text in the box (x, y, w, h) on cr: as large as fits (at most
 * 60 % of the box's height, 80 % for the script font), left-aligned,
 * centred vertically.
 */
static void
es_draw_text(cairo_t *cr, const char *text, int script, double x, double y,
    double w, double h)
{
	PangoLayout	*l;
	PangoFontDescription *d;
	PangoRectangle	 ink, log;
	double		 size = h * (script ? 0.8 : 0.6), tw;

	l = pango_cairo_create_layout(cr);
	d = es_font(script);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_extents(l, &ink, &log);
	tw = (double)log.width / PANGO_SCALE;
	if (tw > w - 2 && tw > 0) {
		size *= (w - 2) / tw;
		pango_font_description_set_absolute_size(d, size *
		    PANGO_SCALE);
		pango_layout_set_font_description(l, d);
		pango_layout_get_extents(l, &ink, &log);
	}
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.08, 0.12, 0.38);
	cairo_move_to(cr, x + 1, y + (h - (double)log.height / PANGO_SCALE) /
	    2);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	pango_font_description_free(d);
	g_object_unref(l);
}

struct es_rbuf {
	const unsigned char *p;
	size_t		 len, off;
};

/* cairo's PNG reader over a buffer. */
static cairo_status_t
es_png_read(void *arg, unsigned char *d, unsigned int n)
{
	struct es_rbuf	*b = arg;

	if (b->len - b->off < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(d, b->p + b->off, n);
	b->off += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Draws the PNG png in the box, scaled to fit, left-aligned; 0 or -1. */
static int
es_draw_png(cairo_t *cr, const unsigned char *png, size_t len, double x,
    double y, double w, double h)
{
	struct es_rbuf	 b = { png, len, 0 };
	cairo_surface_t	*img;
	double		 iw, ih, k;

	img = cairo_image_surface_create_from_png_stream(es_png_read, &b);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		return -1;
	}
	iw = cairo_image_surface_get_width(img);
	ih = cairo_image_surface_get_height(img);
	if (iw < 1 || ih < 1) {
		cairo_surface_destroy(img);
		return -1;
	}
	k = w / iw < h / ih ? w / iw : h / ih;
	cairo_save(cr);
	cairo_translate(cr, x, y + (h - ih * k) / 2);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
	return 0;
}

struct es_wbuf {
	unsigned char	*p;
	size_t		 len, cap;
	int		 oom;
};

/* cairo's writer: appends to the buffer. */
static cairo_status_t
es_write(void *arg, const unsigned char *d, unsigned int n)
{
	struct es_wbuf	*b = arg;
	unsigned char	*np;

	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		if ((np = realloc(b->p, b->cap)) == NULL) {
			b->oom = 1;
			return CAIRO_STATUS_NO_MEMORY;
		}
		b->p = np;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Flattens the fields of document doc (those of f[0..n) with that doc
 * and a value) into the PDF pdf: every page redrawn by poppler onto a
 * cairo PDF surface, each value drawn in its box on its page (text in a
 * plain font, typed signatures and initials in the script font, a PNG
 * scaled to fit).  The new PDF malloc'd into *out (the caller frees).
 * 0, or -1 with err.
 */
int
es_flatten(const void *pdf, size_t len, const struct es_field *f, size_t n,
    int doc, unsigned char **out, size_t *outlen, char *err, size_t errsz)
{
	PopplerDocument	*pd;
	PopplerPage	*pg;
	cairo_surface_t	*s;
	cairo_t		*cr;
	struct es_wbuf	 b = { NULL, 0, 0, 0 };
	double		 w, h;
	size_t		 i;
	int		 np, p, rc = -1;

	*out = NULL;
	*outlen = 0;
	if ((pd = es_open(pdf, len)) == NULL) {
		snprintf(err, errsz, "document %d cannot be read", doc + 1);
		return -1;
	}
	np = poppler_document_get_n_pages(pd);
	s = cairo_pdf_surface_create_for_stream(es_write, &b, 595, 842);
	cr = cairo_create(s);
	for (p = 1; p <= np; p++) {
		pg = poppler_document_get_page(pd, p - 1);
		poppler_page_get_size(pg, &w, &h);
		cairo_pdf_surface_set_size(s, w, h);
		cairo_save(cr);
		poppler_page_render_for_printing(pg, cr);
		cairo_restore(cr);
		g_object_unref(pg);
		for (i = 0; i < n; i++) {
			if (f[i].doc != doc || f[i].page != p)
				continue;
			if (f[i].png != NULL && f[i].pnglen > 0) {
				if (es_draw_png(cr, f[i].png, f[i].pnglen,
				    f[i].x, f[i].y, f[i].w, f[i].h) == -1) {
					snprintf(err, errsz, "a signature "
					    "image cannot be read");
					goto out;
				}
			} else if (f[i].value != NULL && *f[i].value != '\0')
				es_draw_text(cr, f[i].value, f[i].script,
				    f[i].x, f[i].y, f[i].w, f[i].h);
		}
		cairo_show_page(cr);
	}
	rc = 0;
out:
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (rc == 0 && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    b.oom || b.len == 0)) {
		snprintf(err, errsz, "document %d could not be redrawn",
		    doc + 1);
		rc = -1;
	}
	cairo_surface_destroy(s);
	g_object_unref(pd);
	if (rc == 0) {
		*out = b.p;
		*outlen = b.len;
	} else
		free(b.p);
	return rc;
}

/*
 * Text drawn in the script font (its fallback when missing) as a PNG
 * height pixels high, dark ink on transparent, malloc'd into *out (the
 * caller frees).  0 or -1.
 */
int
es_script_png(const char *text, int height, unsigned char **out,
    size_t *outlen)
{
	cairo_surface_t	*s, *m;
	cairo_t		*cr;
	PangoLayout	*l;
	PangoFontDescription *d;
	PangoRectangle	 ink, log;
	struct es_wbuf	 b = { NULL, 0, 0, 0 };
	int		 w;

	*out = NULL;
	*outlen = 0;
	if (text == NULL || *text == '\0' || height < 10 || height > 400)
		return -1;
	/* Measured on a scratch surface, then drawn at its size. */
	m = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cr = cairo_create(m);
	l = pango_cairo_create_layout(cr);
	d = es_font(1);
	pango_font_description_set_absolute_size(d, height * 0.6 *
	    PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_layout_set_text(l, text, -1);
	pango_layout_get_extents(l, &ink, &log);
	w = (int)((double)log.width / PANGO_SCALE + height * 0.3);
	if (w > 4000)
		w = 4000;
	g_object_unref(l);
	cairo_destroy(cr);
	cairo_surface_destroy(m);
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, height);
	cr = cairo_create(s);
	l = pango_cairo_create_layout(cr);
	pango_layout_set_font_description(l, d);
	pango_layout_set_text(l, text, -1);
	cairo_set_source_rgb(cr, 0.08, 0.12, 0.38);
	cairo_move_to(cr, height * 0.15, (height - (double)log.height /
	    PANGO_SCALE) / 2);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	pango_font_description_free(d);
	cairo_destroy(cr);
	if (cairo_surface_write_to_png_stream(s, es_write, &b) !=
	    CAIRO_STATUS_SUCCESS || b.oom) {
		cairo_surface_destroy(s);
		free(b.p);
		return -1;
	}
	cairo_surface_destroy(s);
	*out = b.p;
	*outlen = b.len;
	return 0;
}
