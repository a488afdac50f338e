/*
 * PDFs drawn by the skin.  The skin's pdf/ID.xsl turns the page model
 * (include/atrium/view.h) into the layout vocabulary that docs/skins.md
 * describes ("PDF": <document> with a header, a footer, headings,
 * paragraphs, tables, images, keep-together blocks, page breaks and
 * signature boxes); the core lays it out with Pango and writes it with
 * cairo: fonts embedded, text selectable, title, author and creator (the
 * site's name) in the metadata, A4 or Letter from site.paper unless the
 * document names its size.
 *
 * Errors never crash and never reach a client as they are: each call
 * returns 0 or -1 with a message in err (a stylesheet's or the
 * vocabulary's fault, e.g. "line 4: <tabel> is not part of the PDF
 * vocabulary") for the log.
 */
#ifndef ATRIUM_PDF_H
#define ATRIUM_PDF_H

#include <stddef.h>
#include <libxml/tree.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_site;

/* A PNG the caller hands over; <image ref="name"/> draws it. */
struct at_pdf_image {
	const char	*name;
	const void	*data;
	size_t		 len;
};

struct at_pdf_opts {
	/* Write the PDF to this file (replaced atomically), not memory. */
	const char	*path;
	const struct at_pdf_image *images;
	size_t		 nimages;
};

/*
 * Where a <signature id="..."/> box landed: page from 1, rectangle in
 * PDF points in the page's own space (origin at the bottom left, y up):
 * x, y is the box's bottom-left corner.
 */
struct at_pdf_box {
	char		*id;
	int		 page;
	double		 x, y, w, h;
};

struct at_pdf {
	unsigned char	*data;	/* the PDF, when no path was given */
	size_t		 len;
	int		 pages;
	double		 page_w, page_h; /* points */
	struct at_pdf_box *boxes;	/* in document order */
	size_t		 nboxes;
};

/*
 * Lays out the vocabulary document doc for site (paper size, creator,
 * the skin's folder for <image src>) and writes the PDF to opts->path or
 * into out->data.  opts may be NULL.  out is filled on success and must
 * be released with at_pdf_free(); on failure it holds nothing.
 */
int	 at_pdf_vocab(const struct at_site *, xmlDocPtr doc,
	    const struct at_pdf_opts *, struct at_pdf *out,
	    char *err, size_t errsz);

/*
 * The PDF for a page model: model is a page-model document (root
 * <atrium>) and id names the skin's pdf/ID.xsl, which turns it into the
 * vocabulary (compiled once per process, under the same security
 * preferences as pages: no writing, no network, reading only inside the
 * skins).  Then as at_pdf_vocab().
 */
int	 at_pdf_model(const struct at_site *, xmlDocPtr model,
	    const char *id, const struct at_pdf_opts *, struct at_pdf *out,
	    char *err, size_t errsz);

/*
 * The PDF for the request's page model (built with at_page_content()
 * and friends) and the page id set with at_page_id(): the skin's
 * pdf/ID.xsl draws it.  As at_pdf_model().
 */
int	 at_pdf_page(struct at_req *, const struct at_pdf_opts *,
	    struct at_pdf *out, char *err, size_t errsz);

/* Releases what a successful call put in out (not out itself). */
void	 at_pdf_free(struct at_pdf *);

/*
 * Drops the font caches Pango, cairo and fontconfig keep for the
 * process, so a leak checker sees them released; only at exit, after the
 * last PDF.
 */
void	 at_pdf_cleanup(void);

AT_API_END

#endif
