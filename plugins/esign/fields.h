/*
 * Fields placed on the documents for each signer (signature, initials,
 * date, name, text): the placement checks, the flattening of their
 * values into the pages at sealing, and typed signatures drawn in a
 * script font.  Plain C with poppler-glib, cairo and Pango: no Atrium
 * calls, so the unit tests use it as the plugin does.
 *
 * Positions are in PDF points from the top-left corner of the page as
 * poppler shows it (its crop box, rotation applied): x to the right, y
 * down, w and h the box's size.
 */
#ifndef ESIGN_FIELDS_H
#define ESIGN_FIELDS_H

#include <stddef.h>

/* The font typed signatures and initials are drawn in (fontconfig). */
#define ES_SCRIPT_FONT	"Dancing Script"
/* Drawn instead when it is missing. */
#define ES_SCRIPT_FALLBACK "DejaVu Serif Italic"

enum es_field_kind {
	ES_F_SIGNATURE = 1,
	ES_F_INITIALS,
	ES_F_DATE,
	ES_F_NAME,
	ES_F_TEXT
};

struct es_field {
	int		 signer;	/* index into the signers, from 0 */
	int		 doc;		/* index into the documents, from 0 */
	int		 page;		/* from 1 */
	double		 x, y, w, h;	/* points from the top-left */
	enum es_field_kind kind;
	const char	*label;		/* or NULL */
	int		 required;
	/* What is drawn at sealing: text (NULL: nothing), or a PNG. */
	const char	*value;
	const unsigned char *png;
	size_t		 pnglen;
	int		 script;	/* draw value in the script font */
};

/* The smallest box (points) a field may have. */
#define ES_FIELD_MIN	8.0

const char *es_field_kind_name(enum es_field_kind);
enum es_field_kind es_field_kind_parse(const char *);
int	 es_page_size(const void *pdf, size_t len, int page, double *w,
	    double *h);
int	 es_fields_check(const struct es_field *, size_t n,
	    const void *const *pdfs, const size_t *lens, size_t ndocs,
	    const int *can_sign, size_t nsigners, char *err, size_t errsz);
int	 es_flatten(const void *pdf, size_t len, const struct es_field *,
	    size_t n, int doc, unsigned char **out, size_t *outlen,
	    char *err, size_t errsz);
int	 es_script_font_ok(void);
int	 es_script_png(const char *text, int height, unsigned char **out,
	    size_t *outlen);

#endif
