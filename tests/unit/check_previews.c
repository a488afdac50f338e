/*
 * The preview maker (core/hub/previews.c) on files made here: images
 * (PNG, and a WebP encoded here with libwebp) and a PDF come out as PNGs
 * that fit the box, never enlarged; damaged
 * files, files that only claim to be images, images over the pixel cap
 * and kinds without previews are refused with a reason and leave no
 * output; the same through the child process with limits.  install/test
 * runs this suite under valgrind too.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <webp/encode.h>

#include "core.h"
#include "hub/hub.h"

static char	 dir[64];
static char	 png[128], pdf[128], bad[128], huge[128], out[128];
static char	 webp[128], webpcut[128], webphuge[128];

/* Writes len bytes of data to path. */
static void
put(const char *path, const void *data, size_t len)
{
	FILE	*f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Whether path starts with the PNG signature. */
static int
is_png(const char *path)
{
	unsigned char	 b[8];
	FILE		*f = fopen(path, "rb");
	size_t		 n;

	if (f == NULL)
		return 0;
	n = fread(b, 1, 8, f);
	fclose(f);
	return n == 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static void
setup(void)
{
	cairo_surface_t	*s;
	cairo_t		*cr;
	/* A PNG header and IHDR claiming 8000 x 6000 pixels. */
	static const unsigned char big[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0x00, 0x00, 0x1f, 0x40, 0x00, 0x00, 0x17, 0x70,
		8, 2, 0, 0, 0, 0xbe, 0x06, 0x73, 0x69,
	};

	snprintf(dir, sizeof(dir), "/tmp/check_previews.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(png, sizeof(png), "%s/a.png", dir);
	snprintf(pdf, sizeof(pdf), "%s/a.pdf", dir);
	snprintf(bad, sizeof(bad), "%s/bad", dir);
	snprintf(huge, sizeof(huge), "%s/huge.png", dir);
	snprintf(out, sizeof(out), "%s/out.png", dir);

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 600);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.8);
	cairo_paint(cr);
	cairo_destroy(cr);
	ck_assert_int_eq(cairo_surface_write_to_png(s, png),
	    CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	s = cairo_pdf_surface_create(pdf, 595, 842);	/* A4 in points */
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, 50, 50, 200, 100);
	cairo_fill(cr);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);

	put(bad, "%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not "
	    "a PDF at all\n", 60);
	put(huge, big, sizeof(big));

	/* A 600 x 400 WebP (lossless), a cut one, and a header claiming
	   10000 x 10000 pixels (VP8X canvas) with no image after it. */
	snprintf(webp, sizeof(webp), "%s/a.webp", dir);
	snprintf(webpcut, sizeof(webpcut), "%s/cut.webp", dir);
	snprintf(webphuge, sizeof(webphuge), "%s/huge.webp", dir);
	{
		static const unsigned char vp8x[] = {
			'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P',
			'V', 'P', '8', 'X', 10, 0, 0, 0, 0, 0, 0, 0,
			0x0f, 0x27, 0x00, 0x0f, 0x27, 0x00,
		};
		unsigned char	*rgb, *enc = NULL;
		size_t		 n, i;

		rgb = malloc(600 * 400 * 3);
		ck_assert_ptr_nonnull(rgb);
		for (i = 0; i < 600 * 400; i++) {
			rgb[i * 3] = (unsigned char)(i % 600 < 300 ? 200 : 20);
			rgb[i * 3 + 1] = 80;
			rgb[i * 3 + 2] = (unsigned char)(i / 600 < 200 ? 30 : 220);
		}
		n = WebPEncodeLosslessRGB(rgb, 600, 400, 600 * 3, &enc);
		ck_assert_uint_gt(n, 60);
		put(webp, enc, n);
		put(webpcut, enc, 40);
		WebPFree(enc);
		free(rgb);
		put(webphuge, vp8x, sizeof(vp8x));
	}
}

static void
teardown(void)
{
	unlink(png);
	unlink(pdf);
	unlink(bad);
	unlink(huge);
	unlink(out);
	unlink(webp);
	unlink(webpcut);
	unlink(webphuge);
	rmdir(dir);
}

START_TEST(image_fits_the_box)
{
	const char	*why = NULL;
	int		 w, h;

	ck_assert_int_eq(hub_preview_make(png, "image/png", out, 320, 240,
	    &w, &h, &why), 0);
	ck_assert_int_eq(w, 320);
	ck_assert_int_eq(h, 240);
	ck_assert(is_png(out));
	unlink(out);
	/* Never enlarged. */
	ck_assert_int_eq(hub_preview_make(png, "image/png", out, 2000,
	    2000, &w, &h, &why), 0);
	ck_assert_int_eq(w, 800);
	ck_assert_int_eq(h, 600);
}
END_TEST

START_TEST(webp_fits_the_box)
{
	const char	*why = NULL;
	int		 w, h;

	ck_assert(hub_preview_kind("image/webp"));
	ck_assert_int_eq(hub_preview_make(webp, "image/webp", out, 320, 240,
	    &w, &h, &why), 0);
	ck_assert_int_eq(w, 320);
	ck_assert_int_eq(h, 213);
	ck_assert(is_png(out));
	unlink(out);
	/* Never enlarged; and in the child with limits. */
	ck_assert_int_eq(hub_preview_run(webp, "image/webp", out, 1000, 1400,
	    &w, &h, &why), 0);
	ck_assert_int_eq(w, 600);
	ck_assert_int_eq(h, 400);
	ck_assert(is_png(out));
	unlink(out);
	/* A cut file, a header over the pixel cap, a PNG that claims to be
	   a WebP: refused with a reason, nothing written. */
	why = NULL;
	ck_assert_int_eq(hub_preview_make(webpcut, "image/webp", out, 100,
	    100, &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert(access(out, F_OK) == -1);
	why = NULL;
	ck_assert_int_eq(hub_preview_make(webphuge, "image/webp", out, 100,
	    100, &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert(access(out, F_OK) == -1);
	why = NULL;
	ck_assert_int_eq(hub_preview_make(png, "image/webp", out, 100, 100,
	    &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert(access(out, F_OK) == -1);
}
END_TEST

START_TEST(pdf_first_page)
{
	const char	*why = NULL;
	int		 w, h;

	ck_assert_int_eq(hub_preview_make(pdf, "application/pdf", out, 1000,
	    1400, &w, &h, &why), 0);
	/* A4 at most 2 pixels per point, fitting 1000 x 1400. */
	ck_assert_int_le(w, 1000);
	ck_assert_int_le(h, 1400);
	ck_assert_int_gt(w, 900);
	ck_assert(is_png(out));
}
END_TEST

START_TEST(refusals)
{
	const char	*why = NULL;
	int		 w, h;

	ck_assert_int_eq(hub_preview_make(bad, "application/pdf", out, 100,
	    100, &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert(access(out, F_OK) == -1);
	why = NULL;
	ck_assert_int_eq(hub_preview_make(bad, "image/png", out, 100, 100,
	    &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	why = NULL;
	/* Refused before any pixel is decoded (cap, or no image data). */
	ck_assert_int_eq(hub_preview_make(huge, "image/png", out, 100, 100,
	    &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert(access(out, F_OK) == -1);
	why = NULL;
	ck_assert_int_eq(hub_preview_make(png, "text/plain", out, 100, 100,
	    &w, &h, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(hub_preview_make("/nonexistent/x", "image/png",
	    out, 100, 100, &w, &h, &why), -1);
	ck_assert(access(out, F_OK) == -1);
	ck_assert(!hub_preview_kind("image/svg+xml"));
	ck_assert(!hub_preview_kind(NULL));
	ck_assert(hub_preview_kind("application/pdf"));
}
END_TEST

START_TEST(in_a_child)
{
	const char	*why = NULL;
	int		 w, h;

	ck_assert_int_eq(hub_preview_run(png, "image/png", out, 80, 80, &w,
	    &h, &why), 0);
	ck_assert_int_eq(w, 80);
	ck_assert_int_eq(h, 60);
	ck_assert(is_png(out));
	unlink(out);
	ck_assert_int_eq(hub_preview_run(huge, "image/png", out, 80, 80, &w,
	    &h, &why), -1);
	ck_assert(access(out, F_OK) == -1);
	ck_assert_int_eq(hub_preview_run(bad, "application/pdf", out, 80, 80,
	    &w, &h, &why), -1);
	ck_assert(access(out, F_OK) == -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("previews");
	TCase	*tc = tcase_create("maker");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, image_fits_the_box);
	tcase_add_test(tc, pdf_first_page);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, in_a_child);
	tcase_add_test(tc, webp_fits_the_box);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
