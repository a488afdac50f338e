/*
 * The view: the page model escapes hostile text and cleans what XML
 * cannot carry; the default skin renders it; stylesheets cannot read
 * files outside the skins or reach the network; a compiled stylesheet is
 * reused; a brand overrides the header and inherits the rest; a plugin's
 * page renders with the active skin's layout; Markdown is sanitised.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"

static struct at_pool	*pool;
static struct at_site	 site;
static struct at_req	 req;

/* A request for a page of the skin named skin in skins dir. */
static void
start(const char *skins, const char *skin)
{
	memset(&site, 0, sizeof(site));
	site.name = "Atrium";
	site.base_url = "https://hub.example.com";
	site.skin = skin;
	site.skins_dir = skins;
	site.static_url = "/static";
	site.brand_name = "Demo Agency";
	site.brand_color = "#123456";
	site.timezone = "UTC";
	pool = at_pool_new();
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.path = "/";
	req.query = "";
	req.method = AT_GET;
	req.csrf = "tok";
	ck_assert_int_eq(at_view_init(&site), 0);
	at_page_new(&req);
}

/* Renders and returns the output, NUL-terminated. */
static char *
render(void)
{
	const char	*ctype;
	char		*out;
	size_t		 len;

	if (at_view_render(&req, &ctype, &out, &len) == -1)
		return NULL;
	return out;
}

START_TEST(hostile_text_escaped)
{
	xmlNodePtr	 m;
	char		*out;

	start(AT_TEST_SRCDIR "/skins", "default");
	at_page_id(&req, "message");
	m = at_x(at_page_content(&req), "message",
	    "<script>alert(1)</script> \"q\" & \x01 bad\xff utf8 \xc3\xa9");
	at_xa(m, "title", "<img src=x onerror=alert(1)>");
	out = render();
	ck_assert_ptr_nonnull(out);
	ck_assert(strstr(out, "<script>") == NULL);
	ck_assert(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	ck_assert(strstr(out, "<img src=x") == NULL);
	/* Invalid UTF-8 became U+FFFD, the control character is gone. */
	ck_assert(strstr(out, "bad\xef\xbf\xbd utf8 \xc3\xa9") != NULL);
	ck_assert(strstr(out, "\x01") == NULL);
	/* The shell: doctype, brand, stylesheet. */
	ck_assert(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	ck_assert(strstr(out, "Demo Agency") != NULL);
	ck_assert(strstr(out, "/static/default/atrium.css") != NULL);
	at_pool_free(pool);
}
END_TEST

START_TEST(page_model_as_xml)
{
	const char	*ctype;
	char		*out;
	size_t		 len;

	start(AT_TEST_SRCDIR "/skins", "default");
	at_page_id(&req, "message");
	at_x(at_page_content(&req), "message", "a<b");
	req.want_xml = 1;
	ck_assert_int_eq(at_view_render(&req, &ctype, &out, &len), 0);
	ck_assert_str_eq(ctype, "application/xml; charset=utf-8");
	ck_assert(strstr(out, "<atrium page=\"message\">") != NULL);
	ck_assert(strstr(out, "<message>a&lt;b</message>") != NULL);
	ck_assert(strstr(out, "<csrf>tok</csrf>") != NULL);
	at_pool_free(pool);
}
END_TEST

/* Writes text to dir/name. */
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

static char	 tdir[] = "/tmp/check_view.XXXXXX";

/* A scratch skins folder with one page, evil.xsl. */
static void
scratch(const char *evil)
{
	char	 p[512];

	ck_assert_ptr_nonnull(mkdtemp(tdir));
	snprintf(p, sizeof(p), "%s/default", tdir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/default/pages", tdir);
	mkdir(p, 0700);
	put(p, "evil.xsl", evil);
}

START_TEST(no_file_reads_outside_skins)
{
	char	*out;

	scratch("<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:template match=\"/\"><out>[<xsl:copy-of "
	    "select=\"document('/etc/passwd')\"/>]</out></xsl:template>"
	    "</xsl:stylesheet>");
	start(tdir, "default");
	at_page_id(&req, "evil");
	out = render();
	/* Either the transform fails or it gets nothing: never the file. */
	ck_assert(out == NULL || strstr(out, "root:") == NULL);
	at_pool_free(pool);
}
END_TEST

START_TEST(no_import_outside_skins)
{
	scratch("<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:import href=\"/etc/ssl/openssl.cnf\"/>"
	    "<xsl:template match=\"/\"><out/></xsl:template>"
	    "</xsl:stylesheet>");
	start(tdir, "default");
	at_page_id(&req, "evil");
	ck_assert_ptr_null(render());
	at_pool_free(pool);
}
END_TEST

START_TEST(compiled_once)
{
	char	 p[512], *out;

	scratch("<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:template match=\"/\"><out>first</out></xsl:template>"
	    "</xsl:stylesheet>");
	start(tdir, "default");
	at_page_id(&req, "evil");
	out = render();
	ck_assert(out != NULL && strstr(out, "first") != NULL);
	/* Changing the file does not matter: the compiled one is reused. */
	snprintf(p, sizeof(p), "%s/default/pages", tdir);
	put(p, "evil.xsl", "<xsl:stylesheet version=\"1.0\" "
	    "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
	    "<xsl:template match=\"/\"><out>second</out></xsl:template>"
	    "</xsl:stylesheet>");
	at_pool_reset(pool);
	memset(&req.resp, 0, sizeof(req.resp));
	req.page = NULL;
	at_page_new(&req);
	at_page_id(&req, "evil");
	out = render();
	ck_assert(out != NULL && strstr(out, "first") != NULL);
	/* Until the view is reloaded. */
	at_view_free();
	out = render();
	ck_assert(out != NULL && strstr(out, "second") != NULL);
	at_pool_free(pool);
}
END_TEST

START_TEST(brand_overrides_header)
{
	char	*out;

	start(AT_TEST_SRCDIR "/skins", "northwind");
	at_page_id(&req, "message");
	at_x(at_page_content(&req), "message", "hello");
	out = render();
	ck_assert_ptr_nonnull(out);
	ck_assert(strstr(out, "client portal") != NULL);
	ck_assert(strstr(out, "/static/northwind/brand.css") != NULL);
	/* The rest is the default skin's. */
	ck_assert(strstr(out, "/static/default/atrium.css") != NULL);
	ck_assert(strstr(out, "<p>hello</p>") != NULL);
	at_pool_free(pool);
}
END_TEST

START_TEST(plugin_page_uses_active_skin)
{
	xmlNodePtr	 f;
	char		*out;

	start(AT_TEST_SRCDIR "/skins", "northwind");
	at_view_plugin_dir("meetings", AT_TEST_SRCDIR "/plugins/meetings/xsl");
	at_page_id(&req, "meetings-feed");
	f = at_x(at_page_content(&req), "feed", NULL);
	at_xa(f, "url", "https://hub.example.com/meetings/feed/x.ics");
	out = render();
	ck_assert_ptr_nonnull(out);
	ck_assert(strstr(out, "Your calendar feed") != NULL);
	ck_assert(strstr(out, "client portal") != NULL);
	at_pool_free(pool);
}
END_TEST

START_TEST(markdown_sanitised)
{
	xmlNodePtr	 n;
	xmlBufferPtr	 b;
	const char	*html;

	start(AT_TEST_SRCDIR "/skins", "default");
	n = at_x_markdown(&req, at_page_content(&req), "overview",
	    "**bold** and [ok](https://example.com) and "
	    "[bad](javascript:alert(1)) and ![img](https://t.example/x.png)\n\n"
	    "<script>alert(1)</script>\n\n<div onclick=\"x()\">raw</div>\n\n"
	    "[data](data:text/html;base64,AAAA)");
	b = xmlBufferCreate();
	xmlNodeDump(b, n->doc, n, 0, 0);
	html = (const char *)xmlBufferContent(b);
	ck_assert(strstr(html, "<strong>bold</strong>") != NULL);
	ck_assert(strstr(html, "href=\"https://example.com\"") != NULL);
	ck_assert(strstr(html, "javascript:") == NULL);
	ck_assert(strstr(html, "data:text") == NULL);
	ck_assert(strstr(html, "<script") == NULL);
	ck_assert(strstr(html, "onclick") == NULL);
	ck_assert(strstr(html, "<img") == NULL);
	xmlBufferFree(b);
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

	s = suite_create("view");
	tc = tcase_create("view");
	tcase_add_test(tc, hostile_text_escaped);
	tcase_add_test(tc, page_model_as_xml);
	tcase_add_test(tc, no_file_reads_outside_skins);
	tcase_add_test(tc, no_import_outside_skins);
	tcase_add_test(tc, compiled_once);
	tcase_add_test(tc, brand_overrides_header);
	tcase_add_test(tc, plugin_page_uses_active_skin);
	tcase_add_test(tc, markdown_sanitised);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
