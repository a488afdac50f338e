/*
 * The PDF service: vocabulary documents are laid out and written as PDF,
 * and poppler-utils (pdfinfo, pdffonts, pdftotext, pdfimages) read the
 * result back: page count and size, metadata, embedded fonts, the text
 * in order and in the right pages (Greek, Cyrillic and CJK round trips,
 * "Page N of M" footers, a long table's head repeated on the next page,
 * a keep-together block moved whole, explicit page breaks), images,
 * links and signature boxes.  Bad vocabulary gives a clear error; the
 * skin's pdf/ stylesheets draw a page model under the view's security.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <libxml/parser.h>

#include "core.h"

static struct at_site	 site;
static char		 tdir[64];
static char		 pdfpath[128];

/* A site with the source tree's skins, paper a4 unless set later. */
static void
setup(void)
{
	memset(&site, 0, sizeof(site));
	site.name = "Test Portal";
	site.skins_dir = AT_TEST_SRCDIR "/skins";
	site.skin = "default";
	site.paper = "a4";
	site.base_url = "https://hub.example.com";
	site.static_url = "/static";
	site.brand_name = "Demo Agency";
	site.brand_color = "#123456";
	site.timezone = "UTC";
	snprintf(tdir, sizeof(tdir), "/tmp/check_pdf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	snprintf(pdfpath, sizeof(pdfpath), "%s/out.pdf", tdir);
}

/* Removes the scratch folder. */
static void
teardown(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tdir);
}

/* What cmd prints on stdout (malloc'd, NUL-terminated). */
static char *
run(const char *cmd)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "cannot run %s", cmd);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	pclose(f);
	return buf;
}

/*
 * Lays out the vocabulary xml and writes the PDF to pdfpath; returns 0,
 * or -1 with the message in err.  out gets the result.
 */
static int
render_opts(const char *xml, const struct at_pdf_opts *opts,
    struct at_pdf *out, char *err, size_t errsz)
{
	xmlDocPtr	 doc;
	FILE		*f;
	int		 rc;

	doc = xmlReadMemory(xml, (int)strlen(xml), "test.xml", "UTF-8",
	    XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "test document not well-formed");
	rc = at_pdf_vocab(&site, doc, opts, out, err, errsz);
	xmlFreeDoc(doc);
	if (rc == 0 && out->data != NULL) {
		f = fopen(pdfpath, "w");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(out->data, 1, out->len, f), out->len);
		fclose(f);
	}
	return rc;
}

/* render_opts() that must succeed; the result is freed. */
static int
render(const char *xml)
{
	struct at_pdf	 out;
	char		 err[256];
	int		 pages;

	ck_assert_msg(render_opts(xml, NULL, &out, err, sizeof(err)) == 0,
	    "render failed: %s", err);
	pages = out.pages;
	at_pdf_free(&out);
	return pages;
}

/* pdftotext of pages first..last (0: all) of pdfpath. */
static char *
text(int first, int last)
{
	char	 cmd[256];

	if (first > 0)
		snprintf(cmd, sizeof(cmd), "pdftotext -q -f %d -l %d '%s' -",
		    first, last, pdfpath);
	else
		snprintf(cmd, sizeof(cmd), "pdftotext -q '%s' -", pdfpath);
	return run(cmd);
}

/* pdfinfo's value for key ("Pages", "Page size", "Title"). */
static char *
info(const char *key)
{
	char	 cmd[256], *out, *v, *e, *r;

	snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdfpath);
	out = run(cmd);
	snprintf(cmd, sizeof(cmd), "\n%s:", key);
	v = strstr(out, cmd);
	if (v == NULL && strncmp(out, cmd + 1, strlen(cmd + 1)) == 0)
		v = out - 1;
	ck_assert_msg(v != NULL, "pdfinfo has no %s:\n%s", key, out);
	v += strlen(cmd);
	while (*v == ' ')
		v++;
	e = strchr(v, '\n');
	r = strndup(v, e != NULL ? (size_t)(e - v) : strlen(v));
	free(out);
	return r;
}

/* Whether a occurs before b in s (both present). */
static int
in_order(const char *s, const char *a, const char *b)
{
	const char	*pa = strstr(s, a), *pb = strstr(s, b);

	return pa != NULL && pb != NULL && pa < pb;
}

/* Number of times needle occurs in s. */
static int
count(const char *s, const char *needle)
{
	int	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

START_TEST(metadata_size_and_text)
{
	char	*v, *t;

	ck_assert_int_eq(render("<document title=\"Invoice INV-2026-0001\" "
	    "author=\"Demo Agency\" subject=\"An invoice\">"
	    "<h1>Invoice</h1><p>Alpha first.</p><p>Bravo <b>bold</b> and "
	    "<i>italic</i> second.</p><p>Charlie third.</p></document>"), 1);
	v = info("Pages");
	ck_assert_str_eq(v, "1");
	free(v);
	v = info("Page size");
	ck_assert_msg(strstr(v, "595.276 x 841.89") != NULL, "size %s", v);
	free(v);
	v = info("Title");
	ck_assert_str_eq(v, "Invoice INV-2026-0001");
	free(v);
	v = info("Author");
	ck_assert_str_eq(v, "Demo Agency");
	free(v);
	v = info("Creator");
	ck_assert_str_eq(v, "Test Portal");
	free(v);
	t = text(0, 0);
	ck_assert(in_order(t, "Invoice", "Alpha first."));
	ck_assert(in_order(t, "Alpha first.", "Bravo bold and italic second."));
	ck_assert(in_order(t, "Bravo", "Charlie third."));
	free(t);
}
END_TEST

START_TEST(letter_from_config_and_document)
{
	char	*v;

	site.paper = "letter";
	render("<document><p>Letter</p></document>");
	v = info("Page size");
	ck_assert_msg(strstr(v, "612 x 792") != NULL, "size %s", v);
	free(v);
	/* The document may name its own size. */
	render("<document paper=\"a4\"><p>A4</p></document>");
	v = info("Page size");
	ck_assert_msg(strstr(v, "595.276 x 841.89") != NULL, "size %s", v);
	free(v);
}
END_TEST

START_TEST(fonts_embedded)
{
	char	 cmd[256], *out, *line, *save = NULL;
	int	 fonts = 0;

	render("<document><p>Plain <b>bold</b> <i>italic</i> "
	    "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1</p></document>");
	snprintf(cmd, sizeof(cmd), "pdffonts '%s'", pdfpath);
	out = run(cmd);
	/* name type encoding emb sub uni object ID: skip the 2 head lines. */
	line = strtok_r(out, "\n", &save);
	line = strtok_r(NULL, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		fonts++;
		ck_assert_msg(strstr(line, " yes yes ") != NULL,
		    "font not embedded and subset: %s", line);
	}
	ck_assert_int_ge(fonts, 2);
	free(out);
}
END_TEST

START_TEST(unicode_round_trip)
{
	char	*t, *cjk;
	int	 have_cjk;

	cjk = run("fc-list ':lang=zh' family | head -1");
	have_cjk = cjk[0] != '\0';
	free(cjk);
	render("<document><p>Greek: \xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc"
	    "\xce\xad\xcf\x81\xce\xb1 \xce\xba\xcf\x8c\xcf\x83\xce\xbc\xce\xb5"
	    "</p><p>Cyrillic: \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82,"
	    " \xd0\xbc\xd0\xb8\xd1\x80</p><p>Latin: na\xc3\xafve "
	    "fa\xc3\xa7" "ade \xc3\x85ngstr\xc3\xb6m</p>"
	    "<p>CJK: \xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c</p>"
	    "</document>");
	t = text(0, 0);
	ck_assert_msg(strstr(t, "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc"
	    "\xce\xad\xcf\x81\xce\xb1 \xce\xba\xcf\x8c\xcf\x83\xce\xbc\xce\xb5")
	    != NULL, "Greek lost: %s", t);
	ck_assert_msg(strstr(t, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
	    "\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80") != NULL, "Cyrillic lost: %s",
	    t);
	ck_assert(strstr(t, "na\xc3\xafve fa\xc3\xa7" "ade \xc3\x85ngstr"
	    "\xc3\xb6m") != NULL);
	if (have_cjk)
		ck_assert_msg(strstr(t, "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96"
		    "\xe7\x95\x8c") != NULL, "CJK lost: %s", t);
	free(t);
}
END_TEST

/* A table of n rows "Row K" / "K.00" under a head "Description Amount". */
static char *
long_table(int n)
{
	char	*s, *p;
	int	 k;

	s = malloc((size_t)n * 128 + 1024);
	ck_assert_ptr_nonnull(s);
	p = s + sprintf(s, "<document><h2>Work</h2>"
	    "<table widths=\"* 30mm\"><thead><tr background=\"#dddddd\">"
	    "<td>Description</td><td align=\"right\">Amount</td></tr>"
	    "</thead>");
	for (k = 1; k <= n; k++)
		p += sprintf(p, "<tr><td>Row %d</td><td align=\"right\">"
		    "%d.00</td></tr>", k, k);
	strcpy(p, "</table><p>After the table.</p></document>");
	return s;
}

START_TEST(table_head_repeats_on_next_page)
{
	char	*xml, *t1, *t2, *all, row[32];
	int	 pages, k;

	xml = long_table(90);
	pages = render(xml);
	free(xml);
	ck_assert_int_ge(pages, 2);
	t1 = text(1, 1);
	t2 = text(2, 2);
	ck_assert(strstr(t1, "Description") != NULL);
	ck_assert(strstr(t1, "Row 1\n") != NULL);
	/* The head is drawn again at the top of page 2, before its rows. */
	ck_assert_msg(strstr(t2, "Description") != NULL, "page 2: %s", t2);
	ck_assert(strstr(t2, "Amount") != NULL);
	ck_assert(strstr(t2, "Row 1\n") == NULL);
	/* Every row once, in order; nothing lost at the break. */
	all = text(0, 0);
	for (k = 1; k <= 90; k++) {
		snprintf(row, sizeof(row), "Row %d\n", k);
		ck_assert_msg(count(all, row) == 1, "%s appears %d times",
		    row, count(all, row));
	}
	ck_assert(in_order(all, "Row 89\n", "Row 90\n"));
	ck_assert(in_order(all, "Row 90\n", "After the table."));
	ck_assert_int_eq(count(all, "Description"), pages);
	free(t1);
	free(t2);
	free(all);
}
END_TEST

START_TEST(footer_page_numbers)
{
	char	*t, want[32];
	int	 k;

	ck_assert_int_eq(render("<document><header><p align=\"right\">Demo "
	    "Agency</p></header><footer><p align=\"center\">Page "
	    "<page-number/> of <page-count/></p></footer>"
	    "<p>One</p><page-break/><p>Two</p><page-break/><p>Three</p>"
	    "</document>"), 3);
	for (k = 1; k <= 3; k++) {
		t = text(k, k);
		snprintf(want, sizeof(want), "Page %d of 3", k);
		ck_assert_msg(strstr(t, want) != NULL, "page %d: %s", k, t);
		ck_assert(strstr(t, "Demo Agency") != NULL);
		free(t);
	}
}
END_TEST

START_TEST(keep_moves_block_to_next_page)
{
	char	*t1, *t2;
	int	 pages;

	/* Without keep the lines flow: the first stays on page 1. */
	pages = render("<document><space height=\"235mm\"/><p>Filler</p>"
	    "<p>Flow line 1</p><p>Flow line 2</p><p>Flow line 3</p>"
	    "<p>Flow line 4</p><p>Flow line 5</p><p>Flow line 6</p>"
	    "<p>Flow line 7</p><p>Flow line 8</p></document>");
	ck_assert_int_eq(pages, 2);
	t1 = text(1, 1);
	ck_assert_msg(strstr(t1, "Flow line 1") != NULL, "page 1: %s", t1);
	free(t1);
	/* With keep the whole block goes to page 2. */
	pages = render("<document><space height=\"235mm\"/><p>Filler</p>"
	    "<keep><p>Kept line 1</p><p>Kept line 2</p><p>Kept line 3</p>"
	    "<p>Kept line 4</p><p>Kept line 5</p><p>Kept line 6</p>"
	    "<p>Kept line 7</p><p>Kept line 8</p></keep></document>");
	ck_assert_int_eq(pages, 2);
	t1 = text(1, 1);
	t2 = text(2, 2);
	ck_assert(strstr(t1, "Filler") != NULL);
	ck_assert_msg(strstr(t1, "Kept line") == NULL, "page 1: %s", t1);
	ck_assert(strstr(t2, "Kept line 1") != NULL);
	ck_assert(in_order(t2, "Kept line 1", "Kept line 8"));
	free(t1);
	free(t2);
}
END_TEST

START_TEST(page_break)
{
	char	*t1, *t2;

	ck_assert_int_eq(render("<document><p>Before</p><page-break/>"
	    "<p>After</p></document>"), 2);
	t1 = text(1, 1);
	t2 = text(2, 2);
	ck_assert(strstr(t1, "Before") != NULL);
	ck_assert(strstr(t1, "After") == NULL);
	ck_assert(strstr(t2, "After") != NULL);
	free(t1);
	free(t2);
	/* A break at the top of an empty page adds no blank page. */
	ck_assert_int_eq(render("<document><page-break/><p>Only</p>"
	    "</document>"), 1);
}
END_TEST

START_TEST(long_paragraph_splits_between_lines)
{
	char	*xml, *p, *all;
	int	 k, pages;

	xml = malloc(200000);
	ck_assert_ptr_nonnull(xml);
	p = xml + sprintf(xml, "<document><p>");
	for (k = 1; k <= 1500; k++)
		p += sprintf(p, "w%d ", k);
	strcpy(p, "</p></document>");
	pages = render(xml);
	free(xml);
	ck_assert_int_ge(pages, 2);
	all = text(0, 0);
	ck_assert(in_order(all, "w1 ", "w1500"));
	ck_assert_int_eq(count(all, "w777"), 1);
	free(all);
}
END_TEST

START_TEST(signature_boxes_recorded)
{
	struct at_pdf	 out;
	char		 err[256], *t;

	ck_assert_int_eq(render_opts("<document><p>Agreed.</p>"
	    "<signature id=\"agency\" label=\"For Demo Agency\" "
	    "name=\"Jo Staff\" date=\"2026-12-01\"/><page-break/>"
	    "<signature id=\"client.1\" label=\"For Northwind\" "
	    "name=\"Ana Contact\" width=\"90mm\" height=\"35mm\"/>"
	    "</document>", NULL, &out, err, sizeof(err)), 0);
	ck_assert_int_eq(out.pages, 2);
	ck_assert_uint_eq(out.nboxes, 2);
	ck_assert_str_eq(out.boxes[0].id, "agency");
	ck_assert_int_eq(out.boxes[0].page, 1);
	ck_assert_str_eq(out.boxes[1].id, "client.1");
	ck_assert_int_eq(out.boxes[1].page, 2);
	/* 20mm margins; the second box is 90 x 35 mm at the top of page 2. */
	ck_assert(out.boxes[0].x > 56 && out.boxes[0].x < 57);
	ck_assert(out.boxes[0].w > 226 && out.boxes[0].w < 227);
	ck_assert(out.boxes[1].w > 255 && out.boxes[1].w < 256);
	ck_assert(out.boxes[1].h > 99 && out.boxes[1].h < 100);
	ck_assert(out.boxes[1].y + out.boxes[1].h < out.page_h - 56);
	ck_assert(out.boxes[1].y + out.boxes[1].h > out.page_h - 70);
	ck_assert(out.boxes[0].y > 0 && out.boxes[0].y < out.page_h);
	at_pdf_free(&out);
	t = text(1, 1);
	ck_assert(in_order(t, "For Demo Agency", "Jo Staff"));
	ck_assert(strstr(t, "2026-12-01") != NULL);
	free(t);
}
END_TEST

/* cairo's writer into a growing buffer. */
static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct at_pdf_image	*im = closure;

	im->data = realloc((void *)im->data, im->len + len);
	ck_assert_ptr_nonnull(im->data);
	memcpy((unsigned char *)im->data + im->len, data, len);
	im->len += len;
	return CAIRO_STATUS_SUCCESS;
}

/* A small red PNG in memory. */
static void
make_png(struct at_pdf_image *im, const char *name)
{
	cairo_surface_t	*s;
	cairo_t		*cr;

	memset(im, 0, sizeof(*im));
	im->name = name;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 20);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	ck_assert_int_eq(cairo_surface_write_to_png_stream(s, png_write, im),
	    CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

START_TEST(images_from_caller_and_skin)
{
	struct at_pdf_image	 im;
	struct at_pdf_opts	 opts;
	struct at_pdf		 out;
	char			 err[256], path[256], cmd[300], *o;
	FILE			*f;

	make_png(&im, "logo");
	memset(&opts, 0, sizeof(opts));
	opts.images = &im;
	opts.nimages = 1;
	/* A scratch skin with the same PNG as a file. */
	site.skins_dir = tdir;
	snprintf(path, sizeof(path), "%s/default", tdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/default/mark.png", tdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite(im.data, 1, im.len, f);
	fclose(f);
	ck_assert_msg(render_opts("<document><image ref=\"logo\" "
	    "width=\"40mm\"/><image src=\"mark.png\" align=\"right\"/>"
	    "<p>Text</p></document>", &opts, &out, err, sizeof(err)) == 0,
	    "%s", err);
	at_pdf_free(&out);
	snprintf(cmd, sizeof(cmd), "pdfimages -list '%s' | tail -n +3 | "
	    "wc -l", pdfpath);
	o = run(cmd);
	ck_assert_int_eq(atoi(o), 2);
	free(o);
	/* An unknown name and a file that is not there are errors. */
	ck_assert_int_eq(render_opts("<document><image ref=\"nope\"/>"
	    "</document>", &opts, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "no image of that name") != NULL);
	ck_assert_int_eq(render_opts("<document><image src=\"none.png\"/>"
	    "</document>", &opts, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "no such PNG") != NULL);
	/* A symbolic link out of the skins is refused. */
	snprintf(path, sizeof(path), "%s/default/out.png", tdir);
	ck_assert_int_eq(symlink("/etc/hostname", path), 0);
	ck_assert_int_eq(render_opts("<document><image src=\"out.png\"/>"
	    "</document>", &opts, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "no such PNG") != NULL);
	/* Not a PNG. */
	snprintf(path, sizeof(path), "%s/default/bad.png", tdir);
	f = fopen(path, "w");
	fputs("not a png", f);
	fclose(f);
	ck_assert_int_eq(render_opts("<document><image src=\"bad.png\"/>"
	    "</document>", &opts, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "not a readable PNG") != NULL);
	free((void *)im.data);
}
END_TEST

START_TEST(links_lists_and_rules)
{
	struct at_pdf	 out;
	char		 err[256], *t;

	ck_assert_int_eq(render_opts("<document><p>See <a href=\""
	    "https://hub.example.com/invoices/7\">the invoice</a>.</p>"
	    "<ul><li>First point</li><li>Second point</li></ul><hr/>"
	    "<ol><li>Step one</li><li>Step two</li></ol>"
	    "<space height=\"1cm\"/><p align=\"justify\">End.</p>"
	    "</document>", NULL, &out, err, sizeof(err)), 0);
	ck_assert(memmem(out.data, out.len,
	    "https://hub.example.com/invoices/7", 34) != NULL);
	at_pdf_free(&out);
	t = text(0, 0);
	ck_assert(strstr(t, "See the invoice.") != NULL);
	ck_assert(in_order(t, "First point", "Second point"));
	ck_assert(in_order(t, "Second point", "Step one"));
	ck_assert(strstr(t, "1.") != NULL && strstr(t, "2.") != NULL);
	free(t);
}
END_TEST

START_TEST(to_a_file)
{
	struct at_pdf_opts	 opts;
	struct at_pdf		 out;
	char			 err[256];
	xmlDocPtr		 doc;
	struct stat		 st;
	char			*v;

	memset(&opts, 0, sizeof(opts));
	opts.path = pdfpath;
	doc = xmlReadMemory("<document><p>File</p></document>", 32, "t.xml",
	    NULL, 0);
	ck_assert_int_eq(at_pdf_vocab(&site, doc, &opts, &out, err,
	    sizeof(err)), 0);
	xmlFreeDoc(doc);
	ck_assert_ptr_null(out.data);
	ck_assert_int_eq(out.pages, 1);
	ck_assert_int_eq(stat(pdfpath, &st), 0);
	ck_assert_int_gt(st.st_size, 500);
	v = info("Pages");
	ck_assert_str_eq(v, "1");
	free(v);
	at_pdf_free(&out);
	/* A folder that does not exist: an error, no crash. */
	opts.path = "/nonexistent/folder/x.pdf";
	doc = xmlReadMemory("<document><p>File</p></document>", 32, "t.xml",
	    NULL, 0);
	ck_assert_int_eq(at_pdf_vocab(&site, doc, &opts, &out, err,
	    sizeof(err)), -1);
	xmlFreeDoc(doc);
	ck_assert(strstr(err, "/nonexistent/folder/x.pdf") != NULL);
}
END_TEST

static const struct {
	const char	*xml;
	const char	*err;
} bad[] = {
	{ "<doc/>", "root element must be <document>" },
	{ "<document><tabel/></document>", "line 1: <tabel> is not part of "
	    "the PDF vocabulary" },
	{ "<document paper=\"a5\"/>", "paper must be a4 or letter" },
	{ "<document margin=\"-3mm\"/>", "margin must be a length" },
	{ "<document margin=\"3 furlongs\"/>", "margin must be a length" },
	{ "<document><p colour=\"#000000\">x</p></document>",
	    "<p> has no attribute colour" },
	{ "<document><p align=\"middle\">x</p></document>",
	    "align must be left, center, right or justify" },
	{ "<document><p size=\"1000\">x</p></document>", "size must be" },
	{ "<document><p color=\"red\">x</p></document>",
	    "color must be a colour #rrggbb" },
	{ "<document>loose text</document>", "text directly in <document>" },
	{ "<document><p><p>x</p></p></document>",
	    "<p> cannot be inside <p>" },
	{ "<document><p>Page <page-number/></p></document>",
	    "only in a header or footer" },
	{ "<document><header><page-break/></header></document>",
	    "(a header or footer)" },
	{ "<document><table widths=\"* *\"><tr><td>1</td></tr></table>"
	    "</document>", "<tr> has 1 cells (with colspan), its table has 2"
	    " columns" },
	{ "<document><table widths=\"50mm 2furlong\"/></document>",
	    "widths must be column widths" },
	{ "<document><table><tr><td>1</td></tr></table></document>",
	    "<table> needs the attribute widths" },
	{ "<document><table widths=\"300mm\"><tr><td>1</td></tr></table>"
	    "</document>", "wider than the page" },
	{ "<document><table widths=\"*\"><tr><td>1</td></tr><thead/>"
	    "</table></document>", "one <thead>, before its rows" },
	{ "<document><p><a href=\"javascript:alert(1)\">x</a></p>"
	    "</document>", "href must be an http, https or mailto" },
	{ "<document><image src=\"../../etc/x.png\"/></document>",
	    "src must be a .png file inside the skin" },
	{ "<document><image src=\"/etc/x.png\"/></document>",
	    "src must be a .png file inside the skin" },
	{ "<document><image/></document>", "needs either src or ref" },
	{ "<document><signature/></document>",
	    "<signature> needs the attribute id" },
	{ "<document><signature id=\"a\"/><signature id=\"a\"/></document>",
	    "that id is already used" },
	{ "<document><signature id=\"a b\"/></document>",
	    "id must be 1 to 64" },
	{ "<document><br/></document>", "<br> cannot be inside <document>" },
	{ "<document><page-break>x</page-break></document>",
	    "<page-break> must be empty" },
	{ "<document xmlns:h=\"urn:x\"><h:p>x</h:p></document>",
	    "<h:p> is not part of the PDF vocabulary" },
	{ "<document margin=\"140mm\"><p>x</p></document>",
	    "margins leave less than an inch" },
	{ "<document><signature id=\"s\" height=\"400mm\"/></document>",
	    "taller than the page" },
};

START_TEST(bad_vocabulary_is_a_clear_error)
{
	struct at_pdf	 out;
	char		 err[256];

	err[0] = '\0';
	ck_assert_int_eq(render_opts(bad[_i].xml, NULL, &out, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, bad[_i].err) != NULL,
	    "%s: got \"%s\", want \"%s\"", bad[_i].xml, err, bad[_i].err);
	ck_assert_ptr_null(out.data);
	ck_assert_uint_eq(out.nboxes, 0);
}
END_TEST

START_TEST(deep_nesting_refused)
{
	struct at_pdf	 out;
	char		 err[256], *xml, *p;
	int		 k;

	xml = malloc(10000);
	ck_assert_ptr_nonnull(xml);
	p = xml + sprintf(xml, "<document><p>");
	for (k = 0; k < 200; k++)
		p += sprintf(p, "<b>");
	p += sprintf(p, "deep");
	for (k = 0; k < 200; k++)
		p += sprintf(p, "</b>");
	strcpy(p, "</p></document>");
	ck_assert_int_eq(render_opts(xml, NULL, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "nested too deeply") != NULL);
	free(xml);
}
END_TEST

START_TEST(page_model_through_the_skin)
{
	struct at_pool	*pool;
	struct at_req	 req;
	struct at_pdf	 out;
	xmlNodePtr	 c, s;
	char		 err[256], *t;
	FILE		*f;

	pool = at_pool_new();
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.path = "/contracts/1";
	req.query = "";
	req.method = AT_GET;
	req.csrf = "tok";
	ck_assert_int_eq(at_view_init(&site), 0);
	at_page_new(&req);
	at_page_id(&req, "document");
	at_page_title(&req, "Website design agreement");
	c = at_page_content(&req);
	at_x(c, "para", "Between Demo Agency and <Northwind> Ltd.");
	at_x_markdown(&req, c, "body", "## Scope\n\nThe **agency** designs "
	    "the site.\n\n- Design\n- Build\n\nSee [terms](https://"
	    "hub.example.com/terms).");
	s = at_x(c, "signature", NULL);
	at_xa(s, "id", "client");
	at_xa(s, "label", "For the client");
	at_xa(s, "name", "Ana Contact");
	ck_assert_msg(at_pdf_page(&req, NULL, &out, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(out.nboxes, 1);
	ck_assert_str_eq(out.boxes[0].id, "client");
	f = fopen(pdfpath, "w");
	fwrite(out.data, 1, out.len, f);
	fclose(f);
	at_pdf_free(&out);
	t = text(0, 0);
	ck_assert(in_order(t, "Website design agreement",
	    "Between Demo Agency and <Northwind> Ltd."));
	ck_assert_msg(in_order(t, "Scope", "The agency designs the site."),
	    "%s", t);
	ck_assert(in_order(t, "Design", "Build"));
	ck_assert(strstr(t, "Page 1 of 1") != NULL);
	ck_assert(strstr(t, "For the client") != NULL);
	free(t);
	t = info("Title");
	ck_assert_str_eq(t, "Website design agreement");
	free(t);
	/* A page id without a PDF stylesheet is an error. */
	at_page_id(&req, "no-such-pdf");
	ck_assert_int_eq(at_pdf_page(&req, NULL, &out, err, sizeof(err)), -1);
	ck_assert(strstr(err, "pdf/no-such-pdf.xsl") != NULL);
	at_view_free();
	at_pool_free(pool);
}
END_TEST

/* Writes text to the file dir/name. */
static void
put(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(stylesheet_cannot_read_files)
{
	struct at_pool	*pool;
	struct at_req	 req;
	struct at_pdf	 out;
	char		 err[256], dir[256], *t;
	FILE		*f;
	int		 rc;

	snprintf(dir, sizeof(dir), "%s/default", tdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/default/pdf", tdir);
	mkdir(dir, 0700);
	put(dir, "evil.xsl", "<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:template match=\"/\"><document><p>[<xsl:value-of "
	    "select=\"document('/etc/passwd')\"/>]</p></document>"
	    "</xsl:template></xsl:stylesheet>");
	site.skins_dir = tdir;
	pool = at_pool_new();
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.path = "/";
	req.query = "";
	req.csrf = "tok";
	ck_assert_int_eq(at_view_init(&site), 0);
	at_page_new(&req);
	at_page_id(&req, "evil");
	rc = at_pdf_page(&req, NULL, &out, err, sizeof(err));
	/* Either the transform fails or it reads nothing: never the file. */
	if (rc == 0) {
		f = fopen(pdfpath, "w");
		ck_assert_ptr_nonnull(f);
		fwrite(out.data, 1, out.len, f);
		fclose(f);
		at_pdf_free(&out);
		t = text(0, 0);
		ck_assert_msg(strstr(t, "root:") == NULL, "read: %s", t);
		ck_assert(strstr(t, "[]") != NULL);
		free(t);
	}
	at_view_free();
	at_pool_free(pool);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("pdf");
	tc = tcase_create("pdf");
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, metadata_size_and_text);
	tcase_add_test(tc, letter_from_config_and_document);
	tcase_add_test(tc, fonts_embedded);
	tcase_add_test(tc, unicode_round_trip);
	tcase_add_test(tc, table_head_repeats_on_next_page);
	tcase_add_test(tc, footer_page_numbers);
	tcase_add_test(tc, keep_moves_block_to_next_page);
	tcase_add_test(tc, page_break);
	tcase_add_test(tc, long_paragraph_splits_between_lines);
	tcase_add_test(tc, signature_boxes_recorded);
	tcase_add_test(tc, images_from_caller_and_skin);
	tcase_add_test(tc, links_lists_and_rules);
	tcase_add_test(tc, to_a_file);
	tcase_add_loop_test(tc, bad_vocabulary_is_a_clear_error, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, deep_nesting_refused);
	tcase_add_test(tc, page_model_through_the_skin);
	tcase_add_test(tc, stylesheet_cannot_read_files);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	at_pdf_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
