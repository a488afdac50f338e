/*
 * Page previews for the signing page: one page of a PDF drawn as a PNG
 * with poppler-glib and cairo (the core's previews are not a public
 * service), so the signer sees the whole document in the page itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "esign.h"

#define ES_PREVIEW_W	900	/* pixels across */

/* The number of pages of the PDF d, or -1 when poppler cannot read it. */
int
es_pdf_pages(const void *d, size_t len)
{
	PopplerDocument	*pd;
	GBytes		*gb;
	GError		*ge = NULL;
	int		 n;

	gb = g_bytes_new_static(d, len);
	pd = poppler_document_new_from_bytes(gb, NULL, &ge);
	g_bytes_unref(gb);
	if (pd == NULL) {
		g_clear_error(&ge);
		return -1;
	}
	n = poppler_document_get_n_pages(pd);
	g_object_unref(pd);
	return n;
}

struct png_buf {
	unsigned char	*p;
	size_t		 len, cap;
};

/* cairo's PNG writer: appends to the buffer. */
static cairo_status_t
png_write(void *arg, const unsigned char *d, unsigned int n)
{
	struct png_buf	*b = arg;
	unsigned char	*np;

	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		if ((np = realloc(b->p, b->cap)) == NULL)
			return CAIRO_STATUS_NO_MEMORY;
		b->p = np;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Page page (from 1) of the PDF d as a PNG ES_PREVIEW_W pixels wide:
 * malloc'd into *out (the caller frees).  0, 1 when there is no such
 * page, -1 when it cannot be drawn.
 */
int
es_pdf_preview(const void *d, size_t len, int page, unsigned char **out,
    size_t *outlen)
{
	PopplerDocument	*pd;
	PopplerPage	*pg;
	GBytes		*gb;
	GError		*ge = NULL;
	cairo_surface_t	*s;
	cairo_t		*cr;
	struct png_buf	 b = { NULL, 0, 0 };
	double		 w, h, k;
	int		 rc = -1;

	*out = NULL;
	*outlen = 0;
	gb = g_bytes_new_static(d, len);
	pd = poppler_document_new_from_bytes(gb, NULL, &ge);
	g_bytes_unref(gb);
	if (pd == NULL) {
		g_clear_error(&ge);
		return -1;
	}
	if (page < 1 || page > poppler_document_get_n_pages(pd)) {
		g_object_unref(pd);
		return 1;
	}
	pg = poppler_document_get_page(pd, page - 1);
	poppler_page_get_size(pg, &w, &h);
	if (w < 1 || h < 1 || h / w > 10) {
		g_object_unref(pg);
		g_object_unref(pd);
		return -1;
	}
	k = ES_PREVIEW_W / w;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, ES_PREVIEW_W,
	    (int)(h * k));
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	poppler_page_render(pg, cr);
	cairo_destroy(cr);
	if (cairo_surface_write_to_png_stream(s, png_write, &b) ==
	    CAIRO_STATUS_SUCCESS) {
		*out = b.p;
		*outlen = b.len;
		b.p = NULL;
		rc = 0;
	}
	free(b.p);
	cairo_surface_destroy(s);
	g_object_unref(pg);
	g_object_unref(pd);
	return rc;
}
