/*
 * What an upload must pass before it is stored: the display name is
 * cleaned (no path, no controls, no disguised extension, bounded), the
 * type read from the content by libmagic must be on the allowlist and
 * agree with the name's extension; executables, HTML and SVG are refused.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "hub/files.h"
#include <atrium/files.h>

static struct at_pool	*pool;

static void
setup(void)
{
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
}

/* A name as sent and the display name it must become. */
static const struct {
	const char	*in;
	const char	*out;
} names[] = {
	{ "report.pdf", "report.pdf" },
	{ "../../etc/passwd", "passwd" },
	{ "..\\..\\windows\\win.ini", "win.ini" },
	{ "/abs/path/x.png", "x.png" },
	{ "../", "file" },
	{ "..", "file" },
	{ "", "file" },
	{ NULL, "file" },
	{ ".htaccess", "htaccess" },
	{ "a\x01" "b\tc.txt", "abc.txt" },
	{ "what?<are>:these|\"*.txt", "what__are__these___.txt" },
	/* RIGHT-TO-LEFT OVERRIDE would show "invoiceexe.pdf". */
	{ "invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe" },
	{ "zero\xe2\x80\x8bwidth.txt", "zerowidth.txt" },
	{ "bad\xff" "byte.txt", "bad_byte.txt" },
	{ "overlong\xc0\xaf.txt", "overlong__.txt" },
	{ "  name with spaces .txt. ", "name with spaces .txt" },
	{ "\xc3\x9cnic\xc3\xb8" "de \xe6\x96\x87.pdf",
	    "\xc3\x9cnic\xc3\xb8" "de \xe6\x96\x87.pdf" },
};

START_TEST(name_is_cleaned)
{
	char	*got;

	got = at_file_name(pool, names[_i].in);
	ck_assert_msg(strcmp(got, names[_i].out) == 0, "\"%s\" became \"%s\", "
	    "not \"%s\"", names[_i].in != NULL ? names[_i].in : "(null)", got,
	    names[_i].out);
	ck_assert(strchr(got, '/') == NULL && strchr(got, '\\') == NULL);
}
END_TEST

/* Whether s is valid UTF-8. */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int	 n;

	while (*p != '\0') {
		if (*p < 0x80)
			n = 0;
		else if ((*p & 0xe0) == 0xc0)
			n = 1;
		else if ((*p & 0xf0) == 0xe0)
			n = 2;
		else if ((*p & 0xf8) == 0xf0)
			n = 3;
		else
			return 0;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

START_TEST(long_name_is_cut_keeping_extension)
{
	char	 in[1024], *got;
	size_t	 i;

	/* ASCII. */
	memset(in, 'a', 300);
	strcpy(in + 300, ".pdf");
	got = at_file_name(pool, in);
	ck_assert_uint_le(strlen(got), AT_FILE_NAME_MAX);
	ck_assert_str_eq(got + strlen(got) - 4, ".pdf");

	/* Two-byte characters: never cut in the middle of one. */
	for (i = 0; i < 150; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	strcpy(in + 300, ".docx");
	got = at_file_name(pool, in);
	ck_assert_uint_le(strlen(got), AT_FILE_NAME_MAX);
	ck_assert_str_eq(got + strlen(got) - 5, ".docx");
	ck_assert(valid_utf8(got));
}
END_TEST

/*
 * A type and a name; whether they may be stored; then the name after
 * (stored) or a word of the refusal (refused).
 */
static const struct {
	const char	*mime;
	const char	*name;
	int		 ok;
	const char	*after;
} types[] = {
	{ "application/pdf", "brief.pdf", 1, "brief.pdf" },
	{ "application/pdf", "brief.PDF", 1, "brief.PDF" },
	{ "application/pdf", "brief", 1, "brief.pdf" },
	{ "image/png", "logo.png", 1, "logo.png" },
	{ "image/jpeg", "photo.jpeg", 1, "photo.jpeg" },
	{ "image/gif", "a.gif", 1, "a.gif" },
	{ "image/webp", "a.webp", 1, "a.webp" },
	{ "text/plain", "notes.txt", 1, "notes.txt" },
	{ "text/plain", "README", 1, "README.txt" },
	{ "text/csv", "figures.csv", 1, "figures.csv" },
	{ "application/zip", "assets.zip", 1, "assets.zip" },
	{ "application/zip", "letter.docx", 1, "letter.docx" },
	{ "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "letter.docx", 1, "letter.docx" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml."
	    "sheet", "budget.xlsx", 1, "budget.xlsx" },
	{ "application/vnd.oasis.opendocument.text", "memo.odt", 1,
	    "memo.odt" },
	/* The extension must agree with the content. */
	{ "image/png", "photo.jpg", 0, ".jpg" },
	{ "text/plain", "page.html", 0, ".html" },
	{ "text/plain", "run.exe", 0, ".exe" },
	{ "application/pdf", "invoice.pdf.exe", 0, ".exe" },
	/* Refused whatever the name. */
	{ "text/html", "page.html", 0, "HTML" },
	{ "text/html", "page.txt", 0, "HTML" },
	{ "application/xhtml+xml", "page.xhtml", 0, "HTML" },
	{ "image/svg+xml", "logo.svg", 0, "SVG" },
	{ "image/svg+xml", "logo.png", 0, "SVG" },
	{ "application/x-executable", "tool", 0, "Programs" },
	{ "application/x-pie-executable", "tool.pdf", 0, "Programs" },
	{ "application/x-dosexec", "setup.exe", 0, "Programs" },
	{ "application/vnd.microsoft.portable-executable", "setup.pdf", 0,
	    "Programs" },
	{ "text/x-shellscript", "run.txt", 0, "Programs" },
	{ "application/javascript", "app.txt", 0, "cannot be uploaded" },
	{ "application/json", "data.json", 0, "cannot be uploaded" },
	{ "application/octet-stream", "blob.bin", 0, "cannot be uploaded" },
	{ NULL, "x.pdf", 0, "could not be read" },
};

START_TEST(type_is_checked)
{
	const char	*name = types[_i].name, *err;

	err = at_file_type_check(pool, types[_i].mime, &name);
	if (types[_i].ok) {
		ck_assert_msg(err == NULL, "%s as %s refused: %s",
		    types[_i].mime, types[_i].name, err);
		ck_assert_str_eq(name, types[_i].after);
	} else {
		ck_assert_msg(err != NULL, "%s as %s accepted",
		    types[_i].mime != NULL ? types[_i].mime : "(null)",
		    types[_i].name);
		ck_assert_msg(strstr(err, types[_i].after) != NULL,
		    "refusal \"%s\" does not say \"%s\"", err,
		    types[_i].after);
	}
}
END_TEST

/* A string literal's bytes and length (NULs inside included). */
#define BYTES(s)	s, sizeof(s) - 1

/* Contents libmagic must tell apart, and the type each must give. */
static const struct {
	const char	*bytes;
	size_t		 len;
	const char	*mime;
	int		 storable;
} contents[] = {
	{ BYTES("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
	    "application/pdf", 1 },
	{ BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0"
	    "\0\x90\x77\x53\xde"), "image/png", 1 },
	{ BYTES("Meeting notes\nNothing special.\n"), "text/plain", 1 },
	{ BYTES("<!DOCTYPE html>\n<html><head><script>alert(1)</script>"
	    "</head></html>\n"), "text/html", 0 },
	{ BYTES("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)"
	    "</script></svg>\n"), "image/svg+xml", 0 },
	{ BYTES("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\1\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), NULL, 0 },
};

START_TEST(content_decides_type)
{
	char		 dir[] = "/tmp/check_files.XXXXXX", path[64];
	const char	*mime, *name = "upload.pdf", *err;
	FILE		*f;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/upload", dir);
	f = fopen(path, "wb");
	ck_assert(f != NULL);
	ck_assert_uint_eq(fwrite(contents[_i].bytes, 1, contents[_i].len, f),
	    contents[_i].len);
	fclose(f);
	mime = at_file_mime(pool, path);
	unlink(path);
	rmdir(dir);
	ck_assert(mime != NULL);
	if (contents[_i].mime != NULL)
		ck_assert_str_eq(mime, contents[_i].mime);
	/* Named .pdf whatever it holds: only the real PDF passes. */
	err = at_file_type_check(pool, mime, &name);
	ck_assert_msg((err == NULL) == (_i == 0), "%s: %s", mime,
	    err != NULL ? err : "accepted");
	if (!contents[_i].storable) {
		name = "upload";
		ck_assert(at_file_type_check(pool, mime, &name) != NULL);
	}
}
END_TEST

START_TEST(categories)
{
	ck_assert(hub_file_category_ok("contracts"));
	ck_assert(hub_file_category_ok("deliverables"));
	ck_assert(hub_file_category_ok("reports"));
	ck_assert(hub_file_category_ok("other"));
	ck_assert(!hub_file_category_ok("Contracts"));
	ck_assert(!hub_file_category_ok(""));
	ck_assert(!hub_file_category_ok(NULL));
	ck_assert(!hub_file_category_ok("other' OR '1'='1"));
}
END_TEST

START_TEST(sizes_for_people)
{
	ck_assert_str_eq(at_file_size_text(pool, 0), "0 bytes");
	ck_assert_str_eq(at_file_size_text(pool, 1023), "1023 bytes");
	ck_assert_str_eq(at_file_size_text(pool, 1536), "1.5 KB");
	ck_assert_str_eq(at_file_size_text(pool, 3 * 1024 * 1024), "3.0 MB");
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("files");
	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, name_is_cleaned, 0,
	    sizeof(names) / sizeof(names[0]));
	tcase_add_test(tc, long_name_is_cut_keeping_extension);
	tcase_add_loop_test(tc, type_is_checked, 0,
	    sizeof(types) / sizeof(types[0]));
	tcase_add_loop_test(tc, content_decides_type, 0,
	    sizeof(contents) / sizeof(contents[0]));
	tcase_add_test(tc, categories);
	tcase_add_test(tc, sizes_for_people);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
