/*
 * The PDF service (include/atrium/pdf.h): the layout vocabulary of
 * docs/skins.md ("PDF") is checked whole first (an unknown element or a
 * bad attribute value is an error naming its line, before anything is
 * drawn), then laid out in two passes.  The first pass breaks the body
 * into pages and records drawing operations (runs of a Pango layout's
 * lines, images, rules, boxes) with their page; once the page count is
 * known each page's header and footer are laid out with its number.  The
 * second pass draws the operations page by page on a cairo PDF surface,
 * which embeds (subsets) the fonts and keeps the text selectable.  All
 * sizes are PDF points (1/72 inch), y grows down the page while laying
 * out.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "core.h"
#include <atrium/pdf.h>

#define PT_MM		(72.0 / 25.4)
#define MAX_PAGES	2000
#define MAX_DEPTH	64
#define MAX_IMAGE	(16 * 1024 * 1024)
#define EPS		0.01

/* Contexts an element may appear in. */
#define C_ROOT		0x001
#define C_DOC		0x002	/* <document>'s children */
#define C_BLOCK		0x004	/* in keep, header, footer */
#define C_INLINE	0x008	/* text of p, h1-h3, td, li */
#define C_TABLE		0x010
#define C_THEAD		0x020
#define C_TR		0x040
#define C_LIST		0x080
#define C_EMPTY		0x100	/* no children */
#define C_BLOCKS	(C_DOC | C_BLOCK)

#define F_BODY		0x01	/* not in a header or footer */
#define F_HF		0x02	/* only in a header or footer */

struct elem {
	const char	*name;
	unsigned int	 where;
	unsigned int	 inner;
	unsigned int	 flags;
	const char	*attrs;		/* space-separated */
	const char	*required;
};

static const struct elem elems[] = {
	{ "document", C_ROOT, C_DOC, 0, "title author subject paper margin "
	    "margin-top margin-right margin-bottom margin-left font font-size",
	    NULL },
	{ "header", C_DOC, C_BLOCK, F_BODY, "", NULL },
	{ "footer", C_DOC, C_BLOCK, F_BODY, "", NULL },
	{ "h1", C_BLOCKS, C_INLINE, 0, "align size color", NULL },
	{ "h2", C_BLOCKS, C_INLINE, 0, "align size color", NULL },
	{ "h3", C_BLOCKS, C_INLINE, 0, "align size color", NULL },
	{ "p", C_BLOCKS, C_INLINE, 0, "align size color", NULL },
	{ "table", C_BLOCKS, C_TABLE, 0, "widths border size", "widths" },
	{ "thead", C_TABLE, C_THEAD, 0, "", NULL },
	{ "tr", C_TABLE | C_THEAD, C_TR, 0, "background", NULL },
	{ "td", C_TR, C_INLINE, 0, "align colspan color", NULL },
	{ "ul", C_BLOCKS, C_LIST, 0, "", NULL },
	{ "ol", C_BLOCKS, C_LIST, 0, "", NULL },
	{ "li", C_LIST, C_INLINE, 0, "", NULL },
	{ "image", C_BLOCKS, C_EMPTY, 0, "src ref width height align", NULL },
	{ "keep", C_BLOCKS, C_BLOCK, F_BODY, "", NULL },
	{ "page-break", C_BLOCKS, C_EMPTY, F_BODY, "", NULL },
	{ "signature", C_BLOCKS, C_EMPTY, F_BODY,
	    "id label name date width height", "id" },
	{ "hr", C_BLOCKS, C_EMPTY, 0, "", NULL },
	{ "space", C_BLOCKS, C_EMPTY, 0, "height", "height" },
	{ "b", C_INLINE, C_INLINE, 0, "", NULL },
	{ "i", C_INLINE, C_INLINE, 0, "", NULL },
	{ "u", C_INLINE, C_INLINE, 0, "", NULL },
	{ "a", C_INLINE, C_INLINE, 0, "href", "href" },
	{ "br", C_INLINE, C_EMPTY, 0, "", NULL },
	{ "page-number", C_INLINE, C_EMPTY, F_HF, "", NULL },
	{ "page-count", C_INLINE, C_EMPTY, F_HF, "", NULL },
};

struct link {
	int		 start, end;	/* bytes of the layout's text */
	char		*uri;
};

/* A Pango layout with its links; every one made is kept until the end. */
struct para {
	PangoLayout	*layout;
	struct link	*links;
	size_t		 nlinks;
	struct para	*next;
};

enum opkind { OP_TEXT, OP_IMAGE, OP_STROKE, OP_FILL, OP_LINE };

struct op {
	int		 page;
	size_t		 seq;
	enum opkind	 kind;
	double		 x, y, w, h;
	struct para	*para;	/* OP_TEXT: lines [first, last) */
	int		 first, last;
	double		 top;	/* layout y of line first's top */
	cairo_surface_t	*img;	/* OP_IMAGE (owned by the cache) */
	double		 gray;	/* OP_STROKE, OP_LINE */
	double		 rgb[3]; /* OP_FILL */
};

struct image {
	char		*key;
	cairo_surface_t	*surf;
	struct image	*next;
};

struct pdf {
	const struct at_site	*site;
	const struct at_pdf_opts *opts;
	xmlDocPtr		 doc;
	char			*err;
	size_t			 errsz;
	int			 failed;

	cairo_surface_t		*surf;
	cairo_t			*cr;
	PangoContext		*pctx;
	char			*family;
	double			 size;		/* base font size */
	double			 pw, ph;
	double			 ml, mr, mt, mb;
	double			 top, bottom;	/* the body's band */
	double			 left, width;

	int			 page;
	double			 y;
	int			 pageno, pagecount; /* header/footer text */

	struct op		*ops;
	size_t			 nops, capops, seq;
	struct para		*paras;
	struct image		*images;
	struct at_pdf_box	*boxes;
	size_t			 nboxes;

	unsigned char		*buf;		/* output in memory */
	size_t			 len, cap;
	FILE			*fp;		/* or to a file */
};

/* Records the first error (printf-like) and marks the run failed. */
static void
pdf_fail(struct pdf *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
pdf_fail(struct pdf *p, const char *fmt, ...)
{
	va_list	 ap;

	if (p->failed)
		return;
	p->failed = 1;
	if (p->err == NULL || p->errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errsz, fmt, ap);
	va_end(ap);
}

/* ---- values ---- */

/* Parses a length ("12", "12pt", "20mm", "2cm", "1in") into *pt; 0/-1. */
static int
val_len(const char *s, double *pt)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(v) || v < 0 || v > 5000)
		return -1;
	if (*end == '\0' || strcmp(end, "pt") == 0)
		*pt = v;
	else if (strcmp(end, "mm") == 0)
		*pt = v * PT_MM;
	else if (strcmp(end, "cm") == 0)
		*pt = v * PT_MM * 10;
	else if (strcmp(end, "in") == 0)
		*pt = v * 72;
	else
		return -1;
	return *pt <= 5000 ? 0 : -1;
}

/* A font size in points, 4 to 96. */
static int
val_size(const char *s, double *pt)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v < 4 || v > 96)
		return -1;
	*pt = v;
	return 0;
}

/* A colour #rrggbb into rgb[3] (0..1). */
static int
val_colour(const char *s, double rgb[3])
{
	unsigned int	 v, i;
	const char	*q;

	if (s[0] != '#' || strlen(s) != 7)
		return -1;
	for (q = s + 1; *q != '\0'; q++)
		if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
		    (*q >= 'A' && *q <= 'F')))
			return -1;
	v = (unsigned int)strtoul(s + 1, NULL, 16);
	for (i = 0; i < 3; i++)
		rgb[i] = ((v >> (16 - 8 * i)) & 0xff) / 255.0;
	return 0;
}

/* Whether s is one of the space-separated words of set. */
static int
val_oneof(const char *s, const char *set)
{
	size_t		 n = strlen(s);
	const char	*w;

	if (n == 0)
		return 0;
	for (w = set; (w = strstr(w, s)) != NULL; w += n)
		if ((w == set || w[-1] == ' ') && (w[n] == ' ' || w[n] == '\0'))
			return 1;
	return 0;
}

/* Whether every byte of s is in [A-Za-z0-9] or extra; n bytes at most. */
static int
val_chars(const char *s, const char *extra, size_t max)
{
	const char	*q;

	if (*s == '\0' || strlen(s) > max)
		return 0;
	for (q = s; *q != '\0'; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    (*q >= '0' && *q <= '9') || strchr(extra, *q) != NULL))
			return 0;
	return 1;
}

/* A link target: http, https or mailto, no quotes, spaces or controls. */
static int
val_href(const char *s)
{
	const unsigned char *q;

	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "mailto:", 7) != 0)
		return 0;
	if (strlen(s) > 2000)
		return 0;
	for (q = (const unsigned char *)s; *q != '\0'; q++)
		if (*q <= ' ' || *q == '\'' || *q == '"' || *q == '\\' ||
		    *q == '<' || *q == '>' || *q >= 0x7f)
			return 0;
	return 1;
}

/* An image path inside the skin: relative, no "..", ends in .png. */
static int
val_src(const char *s)
{
	size_t	 n = strlen(s);

	if (!val_chars(s, "._/-", 200) || s[0] == '/' || n < 5 ||
	    strcmp(s + n - 4, ".png") != 0)
		return 0;
	return strstr(s, "..") == NULL && strstr(s, "//") == NULL;
}

/* widths: lengths, percentages or "*", space-separated; count in *n. */
static int
val_widths(const char *s, size_t *n)
{
	char	 tok[32], *end;
	double	 v;
	size_t	 k;

	*n = 0;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		for (k = 0; s[k] != '\0' && s[k] != ' '; k++)
			;
		if (k >= sizeof(tok) || ++*n > 64)
			return -1;
		memcpy(tok, s, k);
		tok[k] = '\0';
		s += k;
		if (strcmp(tok, "*") == 0)
			continue;
		if (tok[k - 1] == '%') {
			tok[k - 1] = '\0';
			errno = 0;
			v = strtod(tok, &end);
			if (end == tok || *end != '\0' || errno != 0 ||
			    !isfinite(v) || v <= 0 || v > 100)
				return -1;
		} else if (val_len(tok, &v) == -1 || v <= 0)
			return -1;
	}
	return *n > 0 ? 0 : -1;
}

/*
 * Checks attribute name's value on element el; 0, or -1 with the reason
 * recorded.
 */
static int
val_attr(struct pdf *p, xmlNodePtr el, const char *name, const char *v)
{
	double		 d, rgb[3];
	size_t		 n;
	long		 l;
	char		*end;
	const char	*want = NULL;

	if (strcmp(name, "title") == 0 || strcmp(name, "author") == 0 ||
	    strcmp(name, "subject") == 0 || strcmp(name, "label") == 0 ||
	    strcmp(name, "name") == 0 || strcmp(name, "date") == 0) {
		if (strlen(v) > 1000)
			want = "at most 1000 bytes";
	} else if (strcmp(name, "paper") == 0) {
		if (strcmp(v, "a4") != 0 && strcmp(v, "letter") != 0)
			want = "a4 or letter";
	} else if (strncmp(name, "margin", 6) == 0 ||
	    strcmp(name, "height") == 0 || strcmp(name, "width") == 0) {
		if (val_len(v, &d) == -1 || (name[0] != 'm' && d <= 0))
			want = "a length such as 20mm, 2cm, 1in or 12pt";
	} else if (strcmp(name, "font") == 0) {
		if (!val_chars(v, " -", 64))
			want = "a font family name (letters, digits, spaces)";
	} else if (strcmp(name, "font-size") == 0 ||
	    strcmp(name, "size") == 0) {
		if (val_size(v, &d) == -1)
			want = "a size in points from 4 to 96";
	} else if (strcmp(name, "align") == 0) {
		if (!val_oneof(v, strcmp((const char *)el->name, "image") ==
		    0 ? "left center right" : "left center right justify"))
			want = strcmp((const char *)el->name, "image") == 0 ?
			    "left, center or right" :
			    "left, center, right or justify";
	} else if (strcmp(name, "color") == 0 ||
	    strcmp(name, "background") == 0) {
		if (val_colour(v, rgb) == -1)
			want = "a colour #rrggbb";
	} else if (strcmp(name, "widths") == 0) {
		if (val_widths(v, &n) == -1)
			want = "column widths: lengths, percentages or *";
	} else if (strcmp(name, "border") == 0) {
		if (!val_oneof(v, "grid rows none"))
			want = "grid, rows or none";
	} else if (strcmp(name, "colspan") == 0) {
		errno = 0;
		l = strtol(v, &end, 10);
		if (end == v || *end != '\0' || errno != 0 || l < 1 || l > 64)
			want = "a number of columns from 1 to 64";
	} else if (strcmp(name, "src") == 0) {
		if (!val_src(v))
			want = "a .png file inside the skin's folder "
			    "(relative, no ..)";
	} else if (strcmp(name, "ref") == 0) {
		if (!val_chars(v, "._-", 64))
			want = "the name of an image the caller gave";
	} else if (strcmp(name, "id") == 0) {
		if (!val_chars(v, "._-", 64))
			want = "1 to 64 of A-Z, a-z, 0-9, ., _ and -";
	} else if (strcmp(name, "href") == 0) {
		if (!val_href(v))
			want = "an http, https or mailto address";
	}
	if (want == NULL)
		return 0;
	pdf_fail(p, "line %ld: <%s %s=\"%.40s\">: %s must be %s",
	    xmlGetLineNo(el), el->name, name, v, name, want);
	return -1;
}

/* The element's entry in elems[], or NULL. */
static const struct elem *
val_elem(xmlNodePtr n)
{
	size_t	 i;

	if (n->ns != NULL)
		return NULL;
	for (i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		if (strcmp(elems[i].name, (const char *)n->name) == 0)
			return &elems[i];
	return NULL;
}

/* Whether text is only XML white space. */
static int
val_blank(const xmlChar *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Whether n holds no elements and no text but white space. */
static int
val_empty(xmlNodePtr n)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE || ((c->type ==
		    XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !val_blank(c->content)))
			return 0;
	return 1;
}

/* Checks a table's rows against its column count. */
static int
val_table(struct pdf *p, xmlNodePtr t)
{
	xmlNodePtr	 r, c, rows[2];
	xmlChar		*w;
	size_t		 ncol, span, k;

	w = xmlGetProp(t, BAD_CAST "widths");
	if (w == NULL || val_widths((const char *)w, &ncol) == -1) {
		xmlFree(w);
		return -1;
	}
	xmlFree(w);
	rows[0] = t->children;
	rows[1] = NULL;
	for (r = t->children; r != NULL; r = r->next)
		if (r->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(r->name, BAD_CAST "thead") == 0)
			rows[1] = r->children;
	for (k = 0; k < 2; k++)
		for (r = rows[k]; r != NULL; r = r->next) {
			if (r->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(r->name, BAD_CAST "tr") != 0)
				continue;
			span = 0;
			for (c = r->children; c != NULL; c = c->next) {
				if (c->type != XML_ELEMENT_NODE)
					continue;
				w = xmlGetProp(c, BAD_CAST "colspan");
				span += w != NULL ? (size_t)atoi((char *)w) : 1;
				xmlFree(w);
			}
			if (span != ncol) {
				pdf_fail(p, "line %ld: <tr> has %zu cells "
				    "(with colspan), its table has %zu "
				    "columns",
				    xmlGetLineNo(r), span, ncol);
				return -1;
			}
		}
	return 0;
}

/* Records a signature id, refusing a second use; 0/-1. */
static int
val_sig_id(struct pdf *p, xmlNodePtr n, char ***ids, size_t *nids)
{
	xmlChar	*id = xmlGetProp(n, BAD_CAST "id");
	size_t	 i;

	for (i = 0; i < *nids; i++)
		if (strcmp((*ids)[i], (char *)id) == 0) {
			pdf_fail(p, "line %ld: <signature id=\"%s\">: that id "
			    "is already used", xmlGetLineNo(n), id);
			xmlFree(id);
			return -1;
		}
	*ids = reallocarray(*ids, *nids + 1, sizeof(**ids));
	if (*ids == NULL)
		abort();
	(*ids)[(*nids)++] = (char *)id;
	return 0;
}

/*
 * Checks the children of parent in context ctx (hf: inside a header or
 * footer) against elems[]; 0 or -1 with the first fault recorded.
 */
static int
val_tree(struct pdf *p, xmlNodePtr parent, unsigned int ctx, int hf,
    int depth, char ***ids, size_t *nids)
{
	const struct elem	*e;
	xmlNodePtr		 n;
	xmlAttrPtr		 a;
	xmlChar			*v;
	const char		*r;
	int			 theads = 0;

	if (depth > MAX_DEPTH) {
		pdf_fail(p, "line %ld: <%s> is nested too deeply",
		    xmlGetLineNo(parent), parent->name);
		return -1;
	}
	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (ctx != C_INLINE && !val_blank(n->content)) {
				pdf_fail(p, "line %ld: text directly in <%s>: "
				    "put it in a <p>, heading or cell",
				    xmlGetLineNo(n), parent->name);
				return -1;
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((e = val_elem(n)) == NULL) {
			pdf_fail(p, "line %ld: <%s%s%s> is not part of the PDF "
			    "vocabulary", xmlGetLineNo(n), n->ns != NULL &&
			    n->ns->prefix != NULL ? (char *)n->ns->prefix : "",
			    n->ns != NULL && n->ns->prefix != NULL ? ":" : "",
			    n->name);
			return -1;
		}
		if ((e->where & ctx) == 0 || (hf && (e->flags & F_BODY)) ||
		    (!hf && (e->flags & F_HF))) {
			pdf_fail(p, "line %ld: <%s> cannot be inside <%s>%s",
			    xmlGetLineNo(n), n->name, parent->name,
			    hf && (e->flags & F_BODY) ? " (a header or "
			    "footer)" : (!hf && (e->flags & F_HF)) ?
			    " (only in a header or footer)" : "");
			return -1;
		}
		if (strcmp(e->name, "thead") == 0 && (theads++ > 0 ||
		    n != xmlFirstElementChild(parent))) {
			pdf_fail(p, "line %ld: a table has one <thead>, "
			    "before its rows", xmlGetLineNo(n));
			return -1;
		}
		for (a = n->properties; a != NULL; a = a->next) {
			if (a->ns != NULL || !val_oneof((const char *)a->name,
			    e->attrs)) {
				pdf_fail(p, "line %ld: <%s> has no attribute "
				    "%s", xmlGetLineNo(n), n->name, a->name);
				return -1;
			}
			v = xmlNodeListGetString(n->doc, a->children, 1);
			if (val_attr(p, n, (const char *)a->name, v != NULL ?
			    (const char *)v : "") == -1) {
				xmlFree(v);
				return -1;
			}
			xmlFree(v);
		}
		if ((r = e->required) != NULL && !xmlHasProp(n, BAD_CAST r)) {
			pdf_fail(p, "line %ld: <%s> needs the attribute %s",
			    xmlGetLineNo(n), n->name, r);
			return -1;
		}
		if (strcmp(e->name, "image") == 0 &&
		    !xmlHasProp(n, BAD_CAST "src") ==
		    !xmlHasProp(n, BAD_CAST "ref")) {
			pdf_fail(p, "line %ld: <image> needs either src or "
			    "ref", xmlGetLineNo(n));
			return -1;
		}
		if (strcmp(e->name, "table") == 0 && val_table(p, n) == -1) {
			if (!p->failed)
				pdf_fail(p, "line %ld: bad table",
				    xmlGetLineNo(n));
			return -1;
		}
		if (strcmp(e->name, "signature") == 0 &&
		    val_sig_id(p, n, ids, nids) == -1)
			return -1;
		if (e->inner == C_EMPTY) {
			if (val_empty(n))
				continue;
			pdf_fail(p, "line %ld: <%s> must be empty",
			    xmlGetLineNo(n), n->name);
			return -1;
		}
		if (val_tree(p, n, e->inner, hf || strcmp(e->name,
		    "header") == 0 || strcmp(e->name, "footer") == 0,
		    depth + 1, ids, nids) == -1)
			return -1;
	}
	return 0;
}

/* Checks the whole document; 0 or -1 with the fault recorded. */
static int
val_doc(struct pdf *p, xmlDocPtr doc)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc);
	char		**ids = NULL;
	size_t		 nids = 0, i;
	int		 rc;

	if (root == NULL || root->ns != NULL ||
	    xmlStrcmp(root->name, BAD_CAST "document") != 0) {
		pdf_fail(p, "the root element must be <document>, not <%s>",
		    root != NULL ? (const char *)root->name : "");
		return -1;
	}
	rc = val_tree(p, (xmlNodePtr)doc, C_ROOT, 0, 0, &ids, &nids);
	for (i = 0; i < nids; i++)
		xmlFree(ids[i]);
	free(ids);
	return rc;
}

/* ---- recording ---- */

/* A new operation on the current page (zeroed but for page and kind). */
static struct op *
op_add(struct pdf *p, enum opkind kind)
{
	struct op	*o;

	if (p->nops == p->capops) {
		p->capops = p->capops == 0 ? 256 : p->capops * 2;
		p->ops = reallocarray(p->ops, p->capops, sizeof(*p->ops));
		if (p->ops == NULL)
			abort();
	}
	o = &p->ops[p->nops++];
	memset(o, 0, sizeof(*o));
	o->page = p->page;
	o->seq = p->seq++;
	o->kind = kind;
	return o;
}

/* Starts a new page for the body. */
static void
page_new(struct pdf *p)
{
	if (p->page >= MAX_PAGES) {
		pdf_fail(p, "the document has more than %d pages", MAX_PAGES);
		return;
	}
	p->page++;
	p->y = p->top;
}

/* Whether nothing has been placed on the current page yet. */
static int
page_empty(struct pdf *p)
{
	return p->y <= p->top + EPS;
}

/* Adds vertical space h, unless at the top of a page. */
static void
vspace(struct pdf *p, double h)
{
	if (page_empty(p))
		return;
	p->y += h;
	if (p->y > p->bottom)
		page_new(p);
}

/* ---- text ---- */

struct rt {
	struct pdf	*p;
	GString		*s;
	PangoAttrList	*al;
	struct para	*para;
	int		 sp;	/* the text so far ends in white space */
};

/* Appends t with XML white space runs collapsed to one space. */
static void
rt_text(struct rt *r, const char *t)
{
	for (; *t != '\0'; t++) {
		if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') {
			if (!r->sp)
				g_string_append_c(r->s, ' ');
			r->sp = 1;
		} else {
			g_string_append_c(r->s, *t);
			r->sp = 0;
		}
	}
}

/* Adds attribute a over bytes [start, end of text so far). */
static void
rt_attr(struct rt *r, PangoAttribute *a, size_t start)
{
	a->start_index = (guint)start;
	a->end_index = (guint)r->s->len;
	pango_attr_list_insert(r->al, a);
}

/* Appends the inline content of parent (text, b, i, u, a, br, ...). */
static void
rt_walk(struct rt *r, xmlNodePtr parent)
{
	xmlNodePtr	 n;
	xmlChar		*href;
	struct para	*pa = r->para;
	size_t		 start;
	const char	*nm;

	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			rt_text(r, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		nm = (const char *)n->name;
		start = r->s->len;
		if (strcmp(nm, "br") == 0) {
			g_string_append_c(r->s, '\n');
			r->sp = 1;
		} else if (strcmp(nm, "page-number") == 0) {
			g_string_append_printf(r->s, "%d", r->p->pageno);
			r->sp = 0;
		} else if (strcmp(nm, "page-count") == 0) {
			g_string_append_printf(r->s, "%d", r->p->pagecount);
			r->sp = 0;
		} else {
			rt_walk(r, n);
			if (strcmp(nm, "b") == 0)
				rt_attr(r, pango_attr_weight_new(
				    PANGO_WEIGHT_BOLD), start);
			else if (strcmp(nm, "i") == 0)
				rt_attr(r, pango_attr_style_new(
				    PANGO_STYLE_ITALIC), start);
			else if (strcmp(nm, "u") == 0 || strcmp(nm, "a") == 0)
				rt_attr(r, pango_attr_underline_new(
				    PANGO_UNDERLINE_SINGLE), start);
			if (strcmp(nm, "a") == 0 && r->s->len > start) {
				rt_attr(r, pango_attr_foreground_new(0x1a1a,
				    0x4f4f, 0xa0a0), start);
				href = xmlGetProp(n, BAD_CAST "href");
				pa->links = reallocarray(pa->links,
				    pa->nlinks + 1, sizeof(*pa->links));
				if (pa->links == NULL || href == NULL ||
				    (pa->links[pa->nlinks].uri =
				    strdup((char *)href)) == NULL)
					abort();
				pa->links[pa->nlinks].start = (int)start;
				pa->links[pa->nlinks].end = (int)r->s->len;
				pa->nlinks++;
				xmlFree(href);
			}
		}
	}
}

/* The attribute name of n parsed as a colour into rgb; 1 when set. */
static int
attr_colour(xmlNodePtr n, const char *name, double rgb[3])
{
	xmlChar	*v = xmlGetProp(n, BAD_CAST name);
	int	 ok;

	ok = v != NULL && val_colour((const char *)v, rgb) == 0;
	xmlFree(v);
	return ok;
}

/* The attribute name of n as a length, or def. */
static double
attr_len(xmlNodePtr n, const char *name, double def)
{
	xmlChar	*v = xmlGetProp(n, BAD_CAST name);
	double	 d = def;

	if (v != NULL && val_len((const char *)v, &d) == -1)
		d = def;
	xmlFree(v);
	return d;
}

/* The attribute name of n as a font size, or def. */
static double
attr_size(xmlNodePtr n, const char *name, double def)
{
	xmlChar	*v = xmlGetProp(n, BAD_CAST name);
	double	 d = def;

	if (v != NULL && val_size((const char *)v, &d) == -1)
		d = def;
	xmlFree(v);
	return d;
}

/* Whether n's attribute name equals value. */
static int
attr_is(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar	*v = xmlGetProp(n, BAD_CAST name);
	int	 is;

	is = v != NULL && strcmp((const char *)v, value) == 0;
	xmlFree(v);
	return is;
}

/*
 * A layout of n's inline content (or of text, when n is NULL) at size
 * points, width wide, bold when asked; aligned by n's align attribute.
 * The para belongs to p (freed at the end).
 */
static struct para *
para_make(struct pdf *p, xmlNodePtr n, const char *text, double size,
    int bold, double width)
{
	struct para		*pa;
	struct rt		 r;
	PangoFontDescription	*fd;
	double			 rgb[3];

	if ((pa = calloc(1, sizeof(*pa))) == NULL)
		abort();
	pa->next = p->paras;
	p->paras = pa;
	pa->layout = pango_layout_new(p->pctx);
	fd = pango_font_description_from_string(p->family);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(pa->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(pa->layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(pa->layout, PANGO_WRAP_WORD_CHAR);
	memset(&r, 0, sizeof(r));
	r.p = p;
	r.s = g_string_new(NULL);
	r.al = pango_attr_list_new();
	r.para = pa;
	r.sp = 1;
	if (n != NULL) {
		if (attr_colour(n, "color", rgb))
			rt_attr(&r, pango_attr_foreground_new(
			    (guint16)(rgb[0] * 65535), (guint16)(rgb[1] *
			    65535), (guint16)(rgb[2] * 65535)), 0);
		rt_walk(&r, n);
		if (attr_is(n, "align", "center"))
			pango_layout_set_alignment(pa->layout,
			    PANGO_ALIGN_CENTER);
		else if (attr_is(n, "align", "right"))
			pango_layout_set_alignment(pa->layout,
			    PANGO_ALIGN_RIGHT);
		else if (attr_is(n, "align", "justify"))
			pango_layout_set_justify(pa->layout, TRUE);
	} else
		rt_text(&r, text);
	if (r.s->len > 0 && r.s->str[r.s->len - 1] == ' ')
		g_string_truncate(r.s, r.s->len - 1);
	/* Colours given later in the list win over the paragraph's. */
	pango_layout_set_text(pa->layout, r.s->str, (int)r.s->len);
	pango_layout_set_attributes(pa->layout, r.al);
	pango_attr_list_unref(r.al);
	g_string_free(r.s, TRUE);
	return pa;
}

/* The layout's height in points. */
static double
para_height(struct para *pa)
{
	PangoRectangle	 lr;

	pango_layout_get_extents(pa->layout, NULL, &lr);
	return (double)lr.height / PANGO_SCALE;
}

/* Records lines [first, last) of pa at x, y (top of line first). */
static void
para_op(struct pdf *p, struct para *pa, int first, int last, double top,
    double x, double y)
{
	struct op	*o;

	if (last <= first)
		return;
	o = op_add(p, OP_TEXT);
	o->para = pa;
	o->first = first;
	o->last = last;
	o->top = top;
	o->x = x;
	o->y = y;
}

/*
 * Places pa in the body flow at x, breaking between lines at page ends.
 * Returns the index of its first operation.
 */
static size_t
para_place(struct pdf *p, struct para *pa, double x)
{
	PangoLayoutIter	*it;
	PangoRectangle	 lr;
	size_t		 mark = p->nops;
	double		 ly, lh, top = 0, ystart = p->y;
	int		 i = 0, first = 0;

	it = pango_layout_get_iter(pa->layout);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		ly = (double)lr.y / PANGO_SCALE;
		lh = (double)lr.height / PANGO_SCALE;
		if (ystart + (ly + lh - top) > p->bottom + EPS) {
			if (i > first) {
				para_op(p, pa, first, i, top, x, ystart);
				page_new(p);
			} else if (!page_empty(p))
				page_new(p);
			first = i;
			top = ly;
			ystart = p->y;
		}
		i++;
	} while (pango_layout_iter_next_line(it) && !p->failed);
	pango_layout_iter_free(it);
	para_op(p, pa, first, i, top, x, ystart);
	p->y = ystart + para_height(pa) - top;
	return mark;
}

/* ---- blocks ---- */

static void	 flow(struct pdf *, xmlNodePtr);

/* <p>, <h1>, <h2>, <h3>. */
static void
block_text(struct pdf *p, xmlNodePtr n)
{
	struct para	*pa;
	double		 size, scale = 1;
	int		 h = n->name[0] == 'h';

	if (h)
		scale = n->name[1] == '1' ? 1.8 : n->name[1] == '2' ? 1.4 :
		    1.15;
	size = attr_size(n, "size", p->size * scale);
	pa = para_make(p, n, NULL, size, h, p->width);
	if (h) {
		vspace(p, size * 0.6);
		/* A heading keeps with about two lines of what follows. */
		if (!page_empty(p) && p->y + para_height(pa) + p->size * 3 >
		    p->bottom)
			page_new(p);
	}
	para_place(p, pa, p->left);
	p->y += h ? size * 0.35 : p->size * 0.5;
}

/* <ul>, <ol>: each <li> indented, its bullet or number in the margin. */
static void
block_list(struct pdf *p, xmlNodePtr n)
{
	xmlNodePtr	 li;
	struct para	*pa, *mk;
	struct op	*o;
	char		 num[16];
	double		 ind = p->size * 1.8;
	size_t		 mark;
	int		 k = 0, ordered = n->name[0] == 'o';

	for (li = n->children; li != NULL && !p->failed; li = li->next) {
		if (li->type != XML_ELEMENT_NODE)
			continue;
		snprintf(num, sizeof(num), "%d.", ++k);
		mk = para_make(p, NULL, ordered ? num : "\xe2\x80\xa2",
		    p->size, 0, ind - p->size * 0.4);
		pango_layout_set_alignment(mk->layout, PANGO_ALIGN_RIGHT);
		pa = para_make(p, li, NULL, p->size, 0, p->width - ind);
		mark = para_place(p, pa, p->left + ind);
		if (mark < p->nops) {
			o = &p->ops[mark];
			para_op(p, mk, 0, 1, 0, p->left, o->y);
			p->ops[p->nops - 1].page = o->page;
		}
		p->y += p->size * 0.25;
	}
	p->y += p->size * 0.25;
}

/* Reads a file of at most MAX_IMAGE bytes into *buf (caller frees). */
static int
img_read(const char *path, unsigned char **buf, size_t *len)
{
	struct stat	 st;
	ssize_t		 r;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_IMAGE) {
		close(fd);
		return -1;
	}
	if ((*buf = malloc((size_t)st.st_size + 1)) == NULL)
		abort();
	while (got < (size_t)st.st_size) {
		r = read(fd, *buf + got, (size_t)st.st_size - got);
		if (r <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

struct memread {
	const unsigned char	*data;
	size_t			 len, off;
};

/* cairo's PNG reader over memory. */
static cairo_status_t
img_mem(void *closure, unsigned char *data, unsigned int length)
{
	struct memread	*m = closure;

	if (length > m->len - m->off)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->data + m->off, length);
	m->off += length;
	return CAIRO_STATUS_SUCCESS;
}

/* Whether path resolves inside the folder dir (both may be relative). */
static int
img_inside(const char *path, const char *dir)
{
	char	 rp[PATH_MAX], rd[PATH_MAX];
	size_t	 n;

	if (realpath(path, rp) == NULL || realpath(dir, rd) == NULL)
		return 0;
	n = strlen(rd);
	return strncmp(rp, rd, n) == 0 && rp[n] == '/';
}

/*
 * The decoded PNG that <image> n names (from the skin's folder, the
 * default skin's, or the caller's images), cached for the run; NULL
 * with the error recorded.
 */
static cairo_surface_t *
img_load(struct pdf *p, xmlNodePtr n)
{
	xmlChar			*src, *ref;
	const struct at_pdf_opts *o = p->opts;
	struct image		*im;
	struct memread		 m;
	unsigned char		*buf = NULL;
	const char		*skins, *skin;
	char			 path[PATH_MAX], dir[PATH_MAX], key[300];
	size_t			 len = 0, i;
	cairo_surface_t		*s = NULL;

	src = xmlGetProp(n, BAD_CAST "src");
	ref = xmlGetProp(n, BAD_CAST "ref");
	snprintf(key, sizeof(key), "%s:%s", src != NULL ? "src" : "ref",
	    src != NULL ? (char *)src : (char *)ref);
	for (im = p->images; im != NULL; im = im->next)
		if (strcmp(im->key, key) == 0) {
			s = im->surf;
			goto out;
		}
	memset(&m, 0, sizeof(m));
	if (src != NULL) {
		skins = p->site->skins_dir != NULL ? p->site->skins_dir : "";
		skin = p->site->skin != NULL ? p->site->skin : "default";
		for (i = 0; i < 2 && m.data == NULL; i++) {
			snprintf(dir, sizeof(dir), "%s/%s", skins,
			    i == 0 ? skin : "default");
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
			    src) >= sizeof(path))
				continue;
			if (img_inside(path, dir) &&
			    img_read(path, &buf, &len) == 0)
				m.data = buf;
		}
		if (m.data == NULL) {
			pdf_fail(p, "line %ld: <image src=\"%s\">: no such "
			    "PNG in the skin's folder", xmlGetLineNo(n), src);
			goto out;
		}
	} else {
		for (i = 0; o != NULL && i < o->nimages; i++)
			if (o->images[i].name != NULL &&
			    strcmp(o->images[i].name, (char *)ref) == 0) {
				m.data = o->images[i].data;
				len = o->images[i].len;
				break;
			}
		if (m.data == NULL) {
			pdf_fail(p, "line %ld: <image ref=\"%s\">: no image "
			    "of that name was given", xmlGetLineNo(n), ref);
			goto out;
		}
	}
	m.len = len;
	s = cairo_image_surface_create_from_png_stream(img_mem, &m);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
	    cairo_image_surface_get_width(s) <= 0 ||
	    cairo_image_surface_get_height(s) <= 0) {
		cairo_surface_destroy(s);
		s = NULL;
		pdf_fail(p, "line %ld: <image>: not a readable PNG",
		    xmlGetLineNo(n));
		goto out;
	}
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (im->key = strdup(key)) == NULL)
		abort();
	im->surf = s;
	im->next = p->images;
	p->images = im;
out:
	free(buf);
	xmlFree(src);
	xmlFree(ref);
	return s;
}

/* <image>: scaled to its width/height (96 dpi otherwise), never wider
 * or taller than the body. */
static void
block_image(struct pdf *p, xmlNodePtr n)
{
	cairo_surface_t	*s;
	struct op	*o;
	double		 iw, ih, w, h, k, maxh = p->bottom - p->top;

	if ((s = img_load(p, n)) == NULL)
		return;
	iw = cairo_image_surface_get_width(s);
	ih = cairo_image_surface_get_height(s);
	w = attr_len(n, "width", 0);
	h = attr_len(n, "height", 0);
	if (w <= 0 && h <= 0) {
		w = iw * 0.75;
		h = ih * 0.75;
	} else if (w <= 0)
		w = h * iw / ih;
	else if (h <= 0)
		h = w * ih / iw;
	if (w > p->width) {
		k = p->width / w;
		w *= k;
		h *= k;
	}
	if (h > maxh) {
		k = maxh / h;
		w *= k;
		h *= k;
	}
	if (p->y + h > p->bottom + EPS)
		page_new(p);
	o = op_add(p, OP_IMAGE);
	o->img = s;
	o->w = w;
	o->h = h;
	o->y = p->y;
	o->x = p->left;
	if (attr_is(n, "align", "center"))
		o->x += (p->width - w) / 2;
	else if (attr_is(n, "align", "right"))
		o->x += p->width - w;
	p->y += h + p->size * 0.5;
}

/* A rule from x to x + w at y. */
static void
rule(struct pdf *p, double x, double y, double w, double h, double gray)
{
	struct op	*o = op_add(p, OP_LINE);

	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->gray = gray;
}

/*
 * <signature>: a box with its label, a line to sign above, the name and
 * date under it; never split; its page and rectangle are recorded.
 */
static void
block_signature(struct pdf *p, xmlNodePtr n)
{
	struct at_pdf_box *b;
	struct para	*lab, *who, *when;
	struct op	*o;
	xmlChar		*v;
	double		 w, h, pad = 5, small = p->size * 0.8, ly;

	w = attr_len(n, "width", 80 * PT_MM);
	h = attr_len(n, "height", 30 * PT_MM);
	if (w > p->width)
		w = p->width;
	v = xmlGetProp(n, BAD_CAST "label");
	lab = para_make(p, NULL, v != NULL ? (char *)v : "", small, 1,
	    w - 2 * pad);
	xmlFree(v);
	v = xmlGetProp(n, BAD_CAST "name");
	who = para_make(p, NULL, v != NULL ? (char *)v : "", small, 0,
	    (w - 2 * pad) * 0.6);
	xmlFree(v);
	v = xmlGetProp(n, BAD_CAST "date");
	when = para_make(p, NULL, v != NULL ? (char *)v : "", small, 0,
	    (w - 2 * pad) * 0.4);
	pango_layout_set_alignment(when->layout, PANGO_ALIGN_RIGHT);
	xmlFree(v);
	if (h < para_height(lab) + para_height(who) + 4 * pad)
		h = para_height(lab) + para_height(who) + 4 * pad;
	if (h > p->bottom - p->top) {
		pdf_fail(p, "line %ld: <signature> is taller than the page",
		    xmlGetLineNo(n));
		return;
	}
	vspace(p, p->size * 0.5);
	if (p->y + h > p->bottom + EPS)
		page_new(p);
	o = op_add(p, OP_STROKE);
	o->x = p->left;
	o->y = p->y;
	o->w = w;
	o->h = h;
	o->gray = 0.3;
	para_op(p, lab, 0, pango_layout_get_line_count(lab->layout), 0,
	    p->left + pad, p->y + pad);
	ly = p->y + h - pad - para_height(who) - 2;
	rule(p, p->left + pad, ly, w - 2 * pad, 0.6, 0.2);
	para_op(p, who, 0, pango_layout_get_line_count(who->layout), 0,
	    p->left + pad, ly + 2);
	para_op(p, when, 0, pango_layout_get_line_count(when->layout), 0,
	    p->left + pad + (w - 2 * pad) * 0.6, ly + 2);
	p->boxes = reallocarray(p->boxes, p->nboxes + 1, sizeof(*p->boxes));
	if (p->boxes == NULL)
		abort();
	b = &p->boxes[p->nboxes++];
	v = xmlGetProp(n, BAD_CAST "id");
	if (v == NULL || (b->id = strdup((char *)v)) == NULL)
		abort();
	xmlFree(v);
	b->page = p->page;
	b->x = p->left;
	b->y = p->ph - (p->y + h);
	b->w = w;
	b->h = h;
	p->y += h + p->size * 0.5;
}

struct row {
	xmlNodePtr	 tr;
	double		 h;
	struct para	*cells[64];
	double		 cx[64], cw[64];
	int		 ncell;
};

/* Column widths of table t into w[] (count returned), or -1. */
static int
table_widths(struct pdf *p, xmlNodePtr t, double *w)
{
	xmlChar		*v = xmlGetProp(t, BAD_CAST "widths");
	char		*s, *tok, *save = NULL, *end;
	double		 fixed = 0, d;
	int		 n = 0, stars = 0, i;

	if (v == NULL || (s = strdup((char *)v)) == NULL)
		abort();
	xmlFree(v);
	for (tok = strtok_r(s, " ", &save); tok != NULL && n < 64;
	    tok = strtok_r(NULL, " ", &save), n++) {
		if (strcmp(tok, "*") == 0) {
			w[n] = -1;
			stars++;
			continue;
		}
		if (tok[strlen(tok) - 1] == '%')
			d = strtod(tok, &end) / 100 * p->width;
		else if (val_len(tok, &d) == -1)
			d = 0;
		w[n] = d;
		fixed += d;
	}
	free(s);
	if (fixed > p->width + 0.5 || (stars > 0 && fixed > p->width - 5 *
	    stars)) {
		pdf_fail(p, "line %ld: <table widths>: the columns are wider "
		    "than the page's text (%.0fpt)", xmlGetLineNo(t),
		    p->width);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (w[i] < 0)
			w[i] = (p->width - fixed) / stars;
	return n;
}

/* Lays out the cells of row r (its paras and height). */
static void
table_row(struct pdf *p, struct row *r, const double *w, int ncol,
    double size, int bold)
{
	xmlNodePtr	 td;
	xmlChar		*v;
	double		 x = p->left, cw, pad = 3, h;
	int		 col = 0, span, k;

	r->h = 0;
	r->ncell = 0;
	for (td = r->tr->children; td != NULL; td = td->next) {
		if (td->type != XML_ELEMENT_NODE || col >= ncol ||
		    r->ncell >= 64)
			continue;
		v = xmlGetProp(td, BAD_CAST "colspan");
		span = v != NULL ? atoi((char *)v) : 1;
		xmlFree(v);
		for (cw = 0, k = 0; k < span && col < ncol; k++)
			cw += w[col++];
		r->cx[r->ncell] = x;
		r->cw[r->ncell] = cw;
		r->cells[r->ncell] = para_make(p, td, NULL, size, bold,
		    cw - 2 * pad > 1 ? cw - 2 * pad : 1);
		h = para_height(r->cells[r->ncell]) + 2 * pad;
		if (h > r->h)
			r->h = h;
		x += cw;
		r->ncell++;
	}
}

/* Records row r at the current y. */
static void
table_draw_row(struct pdf *p, struct row *r, const char *border)
{
	struct op	*o;
	double		 rgb[3], pad = 3;
	int		 k;

	if (attr_colour(r->tr, "background", rgb)) {
		o = op_add(p, OP_FILL);
		o->x = p->left;
		o->y = p->y;
		o->w = r->cx[r->ncell - 1] + r->cw[r->ncell - 1] - p->left;
		o->h = r->h;
		memcpy(o->rgb, rgb, sizeof(rgb));
	}
	for (k = 0; k < r->ncell; k++) {
		para_op(p, r->cells[k], 0, pango_layout_get_line_count(
		    r->cells[k]->layout), 0, r->cx[k] + pad, p->y + pad);
		if (strcmp(border, "grid") == 0) {
			o = op_add(p, OP_STROKE);
			o->x = r->cx[k];
			o->y = p->y;
			o->w = r->cw[k];
			o->h = r->h;
			o->gray = 0.5;
		}
	}
	if (strcmp(border, "rows") == 0 && r->ncell > 0)
		rule(p, p->left, p->y + r->h, r->cx[r->ncell - 1] +
		    r->cw[r->ncell - 1] - p->left, 0.5, 0.5);
	p->y += r->h;
}

/*
 * <table>: rows never split; when the next row does not fit, the table
 * goes on on the next page, its <thead> rows drawn again first.
 */
static void
block_table(struct pdf *p, xmlNodePtr t)
{
	xmlNodePtr	 n, tr;
	xmlChar		*v;
	struct row	*head = NULL, r;
	double		 w[64], size, headh = 0;
	size_t		 nhead = 0, i;
	int		 ncol, onpage = 0;
	char		 border[8];

	if ((ncol = table_widths(p, t, w)) <= 0)
		return;
	size = attr_size(t, "size", p->size);
	v = xmlGetProp(t, BAD_CAST "border");
	snprintf(border, sizeof(border), "%s", v != NULL ? (char *)v :
	    "grid");
	xmlFree(v);
	for (n = t->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST "thead") == 0)
			for (tr = n->children; tr != NULL; tr = tr->next) {
				if (tr->type != XML_ELEMENT_NODE)
					continue;
				head = reallocarray(head, nhead + 1,
				    sizeof(*head));
				if (head == NULL)
					abort();
				head[nhead].tr = tr;
				table_row(p, &head[nhead], w, ncol, size, 1);
				headh += head[nhead++].h;
			}
	vspace(p, p->size * 0.3);
	for (n = t->children; n != NULL && !p->failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(n->name, BAD_CAST "tr") != 0)
			continue;
		r.tr = n;
		table_row(p, &r, w, ncol, size, 0);
		if (headh + r.h > p->bottom - p->top) {
			pdf_fail(p, "line %ld: a table row is taller than the "
			    "page", xmlGetLineNo(n));
			break;
		}
		if (onpage == 0 && p->y + headh + r.h > p->bottom + EPS &&
		    !page_empty(p))
			page_new(p);
		else if (onpage > 0 && p->y + r.h > p->bottom + EPS) {
			page_new(p);
			onpage = 0;
		}
		if (onpage == 0)
			for (i = 0; i < nhead; i++)
				table_draw_row(p, &head[i], border);
		table_draw_row(p, &r, border);
		onpage++;
	}
	/* A table with a head and no rows still shows its head. */
	if (onpage == 0 && !p->failed && nhead > 0) {
		if (p->y + headh > p->bottom + EPS)
			page_new(p);
		for (i = 0; i < nhead; i++)
			table_draw_row(p, &head[i], border);
	}
	free(head);
	p->y += p->size * 0.6;
}

/*
 * <keep>: laid out where it stands; when it ran over a page end and did
 * not start at the top of a page, it is undone and laid out again on a
 * new page.
 */
static void
block_keep(struct pdf *p, xmlNodePtr n)
{
	size_t	 mark = p->nops, nb = p->nboxes, i;
	int	 page = p->page;

	if (page_empty(p)) {
		flow(p, n);
		return;
	}
	flow(p, n);
	if (p->failed || p->page == page)
		return;
	p->nops = mark;
	for (i = nb; i < p->nboxes; i++)
		free(p->boxes[i].id);
	p->nboxes = nb;
	p->page = page;
	page_new(p);
	flow(p, n);
}

/* Lays out the block children of parent in order. */
static void
flow(struct pdf *p, xmlNodePtr parent)
{
	xmlNodePtr	 n;
	const char	*nm;

	for (n = parent->children; n != NULL && !p->failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		nm = (const char *)n->name;
		if (strcmp(nm, "p") == 0 || (nm[0] == 'h' && nm[1] >= '1' &&
		    nm[1] <= '3'))
			block_text(p, n);
		else if (strcmp(nm, "table") == 0)
			block_table(p, n);
		else if (strcmp(nm, "ul") == 0 || strcmp(nm, "ol") == 0)
			block_list(p, n);
		else if (strcmp(nm, "image") == 0)
			block_image(p, n);
		else if (strcmp(nm, "keep") == 0)
			block_keep(p, n);
		else if (strcmp(nm, "page-break") == 0) {
			if (!page_empty(p))
				page_new(p);
		} else if (strcmp(nm, "signature") == 0)
			block_signature(p, n);
		else if (strcmp(nm, "hr") == 0) {
			vspace(p, p->size * 0.3);
			rule(p, p->left, p->y, p->width, 0.5, 0.6);
			p->y += p->size * 0.6;
		} else if (strcmp(nm, "space") == 0) {
			p->y += attr_len(n, "height", 0);
			if (p->y > p->bottom)
				page_new(p);
		}
	}
}

/* ---- drawing ---- */

/* Draws a run of a layout's lines, and its links as PDF link areas. */
static void
draw_text(struct pdf *p, struct op *o)
{
	PangoLayoutIter	*it;
	PangoLayoutLine	*line;
	PangoRectangle	 lr;
	struct para	*pa = o->para;
	struct link	*l;
	int		 i = 0, *ranges, nr, k, s, e;
	size_t		 j;
	double		 ly;
	char		*attr;

	cairo_set_source_rgb(p->cr, 0, 0, 0);
	it = pango_layout_get_iter(pa->layout);
	do {
		if (i < o->first)
			continue;
		if (i >= o->last)
			break;
		line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		ly = o->y + (double)lr.y / PANGO_SCALE - o->top;
		cairo_move_to(p->cr, o->x + (double)lr.x / PANGO_SCALE,
		    o->y + (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE - o->top);
		pango_cairo_show_layout_line(p->cr, line);
		for (j = 0; j < pa->nlinks; j++) {
			l = &pa->links[j];
			s = l->start > line->start_index ? l->start :
			    line->start_index;
			e = l->end < line->start_index + line->length ?
			    l->end : line->start_index + line->length;
			if (s >= e)
				continue;
			pango_layout_line_get_x_ranges(line, s, e, &ranges,
			    &nr);
			for (k = 0; k < nr; k++) {
				attr = g_strdup_printf("rect=[%f %f %f %f] "
				    "uri='%s'", o->x + (double)ranges[2 * k] /
				    PANGO_SCALE, ly, (double)(ranges[2 * k +
				    1] - ranges[2 * k]) / PANGO_SCALE,
				    (double)lr.height / PANGO_SCALE, l->uri);
				cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
				cairo_tag_end(p->cr, CAIRO_TAG_LINK);
				g_free(attr);
			}
			g_free(ranges);
		}
	} while (i++, pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* Draws one recorded operation. */
static void
draw_op(struct pdf *p, struct op *o)
{
	cairo_t	*cr = p->cr;

	switch (o->kind) {
	case OP_TEXT:
		draw_text(p, o);
		break;
	case OP_IMAGE:
		cairo_save(cr);
		cairo_translate(cr, o->x, o->y);
		cairo_scale(cr, o->w / cairo_image_surface_get_width(o->img),
		    o->h / cairo_image_surface_get_height(o->img));
		cairo_set_source_surface(cr, o->img, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		break;
	case OP_STROKE:
		cairo_set_source_rgb(cr, o->gray, o->gray, o->gray);
		cairo_set_line_width(cr, 0.5);
		cairo_rectangle(cr, o->x, o->y, o->w, o->h);
		cairo_stroke(cr);
		break;
	case OP_FILL:
		cairo_set_source_rgb(cr, o->rgb[0], o->rgb[1], o->rgb[2]);
		cairo_rectangle(cr, o->x, o->y, o->w, o->h);
		cairo_fill(cr);
		break;
	case OP_LINE:
		cairo_set_source_rgb(cr, o->gray, o->gray, o->gray);
		cairo_set_line_width(cr, o->h);
		cairo_move_to(cr, o->x, o->y);
		cairo_line_to(cr, o->x + o->w, o->y);
		cairo_stroke(cr);
		break;
	}
}

/* Orders operations by page, then as recorded. */
static int
op_cmp(const void *a, const void *b)
{
	const struct op	*x = a, *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* cairo's output callback: to memory or to the file. */
static cairo_status_t
out_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf	*p = closure;

	if (p->fp != NULL)
		return fwrite(data, 1, len, p->fp) == len ?
		    CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
	if (p->len + len > p->cap) {
		while (p->len + len > p->cap)
			p->cap = p->cap == 0 ? 65536 : p->cap * 2;
		if ((p->buf = realloc(p->buf, p->cap)) == NULL)
			abort();
	}
	memcpy(p->buf + p->len, data, len);
	p->len += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Lays out a header or footer for every page into the band y0..y1. */
static void
pdf_band(struct pdf *p, xmlNodePtr hf, double y0, int npages)
{
	int	 k;

	for (k = 1; k <= npages && !p->failed; k++) {
		p->page = k;
		p->pageno = k;
		p->pagecount = npages;
		p->y = y0;
		p->top = y0;
		p->bottom = p->ph * 10;
		flow(p, hf);
	}
}

/* The height a header or footer takes (laid out, then undone). */
static double
pdf_band_height(struct pdf *p, xmlNodePtr hf)
{
	size_t	 mark = p->nops;
	double	 h;

	p->pageno = p->pagecount = 99999;
	p->page = 0;
	p->top = p->y = 0;
	p->bottom = p->ph * 10;
	flow(p, hf);
	h = p->y;
	p->nops = mark;
	return h;
}

/* The margins and fonts of <document> root. */
static void
pdf_setup(struct pdf *p, xmlNodePtr root)
{
	xmlChar		*v;
	double		 m;
	const char	*paper = p->site->paper;

	v = xmlGetProp(root, BAD_CAST "paper");
	if (v != NULL)
		paper = strcmp((char *)v, "letter") == 0 ? "letter" : "a4";
	xmlFree(v);
	if (paper != NULL && strcmp(paper, "letter") == 0) {
		p->pw = 612;
		p->ph = 792;
	} else {
		p->pw = 210 * PT_MM;
		p->ph = 297 * PT_MM;
	}
	m = attr_len(root, "margin", 20 * PT_MM);
	p->mt = attr_len(root, "margin-top", m);
	p->mr = attr_len(root, "margin-right", m);
	p->mb = attr_len(root, "margin-bottom", m);
	p->ml = attr_len(root, "margin-left", m);
	v = xmlGetProp(root, BAD_CAST "font");
	if ((p->family = strdup(v != NULL ? (char *)v : "DejaVu Sans")) ==
	    NULL)
		abort();
	xmlFree(v);
	p->size = attr_size(root, "font-size", 10);
	p->left = p->ml;
	p->width = p->pw - p->ml - p->mr;
}

/* Sets the PDF's title, author, subject and creator. */
static void
pdf_meta(struct pdf *p, xmlNodePtr root)
{
	static const struct {
		const char		*attr;
		cairo_pdf_metadata_t	 key;
	} meta[] = {
		{ "title", CAIRO_PDF_METADATA_TITLE },
		{ "author", CAIRO_PDF_METADATA_AUTHOR },
		{ "subject", CAIRO_PDF_METADATA_SUBJECT },
	};
	xmlChar	*v;
	size_t	 i;

	for (i = 0; i < sizeof(meta) / sizeof(meta[0]); i++)
		if ((v = xmlGetProp(root, BAD_CAST meta[i].attr)) != NULL) {
			cairo_pdf_surface_set_metadata(p->surf, meta[i].key,
			    (char *)v);
			xmlFree(v);
		}
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR,
	    p->site->name != NULL ? p->site->name : "Atrium");
}

/* Lays out and draws the checked document; 0 or -1 (recorded). */
static int
pdf_run(struct pdf *p, xmlNodePtr root)
{
	xmlNodePtr	 n, header = NULL, footer = NULL;
	double		 hh = 0, fh = 0, gap;
	int		 npages, k;
	size_t		 i;

	pdf_setup(p, root);
	if (p->width < 72 || p->ph - p->mt - p->mb < 72) {
		pdf_fail(p, "the margins leave less than an inch for text");
		return -1;
	}
	p->surf = cairo_pdf_surface_create_for_stream(out_write, p, p->pw,
	    p->ph);
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
		pdf_fail(p, "cannot start the PDF");
		return -1;
	}
	p->cr = cairo_create(p->surf);
	p->pctx = pango_cairo_create_context(p->cr);
	pdf_meta(p, root);
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name,
		    BAD_CAST "header") == 0)
			header = n;
		else if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name,
		    BAD_CAST "footer") == 0)
			footer = n;
	gap = p->size;
	if (header != NULL)
		hh = pdf_band_height(p, header);
	if (footer != NULL)
		fh = pdf_band_height(p, footer);
	p->top = p->mt + (hh > 0 ? hh + gap : 0);
	p->bottom = p->ph - p->mb - (fh > 0 ? fh + gap : 0);
	if (p->bottom - p->top < 72) {
		pdf_fail(p, "the header and footer leave less than an inch "
		    "for text");
		return -1;
	}
	p->page = 1;
	p->y = p->top;
	/* The body: flow() passes over <header> and <footer>. */
	flow(p, root);
	if (p->failed)
		return -1;
	npages = p->page;
	if (header != NULL)
		pdf_band(p, header, p->mt, npages);
	if (footer != NULL)
		pdf_band(p, footer, p->ph - p->mb - fh, npages);
	if (p->failed)
		return -1;
	qsort(p->ops, p->nops, sizeof(*p->ops), op_cmp);
	for (k = 1, i = 0; k <= npages; k++) {
		for (; i < p->nops && p->ops[i].page == k; i++)
			draw_op(p, &p->ops[i]);
		cairo_show_page(p->cr);
	}
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surf);
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
		pdf_fail(p, "writing the PDF failed: %s",
		    cairo_status_to_string(cairo_surface_status(p->surf)));
		return -1;
	}
	return npages;
}

/* Frees everything but the output and the boxes. */
static void
pdf_clear(struct pdf *p)
{
	struct para	*pa;
	struct image	*im;
	size_t		 i;

	while ((pa = p->paras) != NULL) {
		p->paras = pa->next;
		g_object_unref(pa->layout);
		for (i = 0; i < pa->nlinks; i++)
			free(pa->links[i].uri);
		free(pa->links);
		free(pa);
	}
	while ((im = p->images) != NULL) {
		p->images = im->next;
		cairo_surface_destroy(im->surf);
		free(im->key);
		free(im);
	}
	if (p->pctx != NULL)
		g_object_unref(p->pctx);
	if (p->cr != NULL)
		cairo_destroy(p->cr);
	if (p->surf != NULL)
		cairo_surface_destroy(p->surf);
	free(p->ops);
	free(p->family);
}

/* See include/atrium/pdf.h. */
int
at_pdf_vocab(const struct at_site *site, xmlDocPtr doc,
    const struct at_pdf_opts *opts, struct at_pdf *out, char *err,
    size_t errsz)
{
	struct pdf	 p;
	char		 tmp[PATH_MAX];
	int		 fd = -1, npages;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.site = site;
	p.opts = opts;
	p.doc = doc;
	p.err = err;
	p.errsz = errsz;
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (doc == NULL) {
		pdf_fail(&p, "no document");
		return -1;
	}
	if (val_doc(&p, doc) == -1)
		return -1;
	if (opts != NULL && opts->path != NULL) {
		if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX",
		    opts->path) >= sizeof(tmp) ||
		    (fd = mkstemp(tmp)) == -1 ||
		    (p.fp = fdopen(fd, "w")) == NULL) {
			pdf_fail(&p, "%s: %s", opts->path, strerror(errno));
			if (fd != -1) {
				close(fd);
				unlink(tmp);
			}
			return -1;
		}
	}
	npages = pdf_run(&p, xmlDocGetRootElement(doc));
	pdf_clear(&p);
	if (p.fp != NULL) {
		if (fclose(p.fp) != 0 && !p.failed)
			pdf_fail(&p, "%s: %s", opts->path, strerror(errno));
		if (!p.failed && rename(tmp, opts->path) == -1)
			pdf_fail(&p, "%s: %s", opts->path, strerror(errno));
		if (p.failed)
			unlink(tmp);
	}
	if (p.failed) {
		free(p.buf);
		for (i = 0; i < p.nboxes; i++)
			free(p.boxes[i].id);
		free(p.boxes);
		return -1;
	}
	out->data = p.buf;
	out->len = p.len;
	out->pages = npages;
	out->page_w = p.pw;
	out->page_h = p.ph;
	out->boxes = p.boxes;
	out->nboxes = p.nboxes;
	return 0;
}

/* See include/atrium/pdf.h. */
int
at_pdf_model(const struct at_site *site, xmlDocPtr model, const char *id,
    const struct at_pdf_opts *opts, struct at_pdf *out, char *err,
    size_t errsz)
{
	xmlDocPtr	 res;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (model == NULL || id == NULL ||
	    (res = at_view_transform("pdf", id, model)) == NULL) {
		if (err != NULL && errsz > 0)
			snprintf(err, errsz, "pdf/%s.xsl: the skin has no such "
			    "PDF stylesheet, or it failed (see the log)",
			    id != NULL ? id : "");
		return -1;
	}
	rc = at_pdf_vocab(site, res, opts, out, err, errsz);
	xmlFreeDoc(res);
	return rc;
}

/* See include/atrium/pdf.h. */
int
at_pdf_page(struct at_req *req, const struct at_pdf_opts *opts,
    struct at_pdf *out, char *err, size_t errsz)
{
	xmlDocPtr	 doc = at_page_doc(req);
	xmlChar		*id = NULL;
	int		 rc;

	if (doc != NULL)
		id = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "page");
	rc = at_pdf_model(req->site, doc, (const char *)id, opts, out, err,
	    errsz);
	xmlFree(id);
	return rc;
}

/* See include/atrium/pdf.h. */
void
at_pdf_free(struct at_pdf *pdf)
{
	size_t	 i;

	if (pdf == NULL)
		return;
	free(pdf->data);
	for (i = 0; i < pdf->nboxes; i++)
		free(pdf->boxes[i].id);
	free(pdf->boxes);
	memset(pdf, 0, sizeof(*pdf));
}

/* See include/atrium/pdf.h. */
void
at_pdf_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
