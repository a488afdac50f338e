/*
 * The parsers that read network bytes: percent-decoding, urlencoded
 * forms, cookies and streamed multipart bodies (with their limits, broken
 * input and file names), plus the redirect guard.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

static struct at_pool	*pool;
static struct at_limits	 lim;
static char		 tmpdir[] = "/tmp/check_parse.XXXXXX";

static void
setup(void)
{
	pool = at_pool_new();
	lim.max_body = 1 << 20;
	lim.max_upload = 64 * 1024;
	lim.max_fields = 20;
	lim.max_field = 1024;
	lim.max_header = 8192;
}

static void
teardown(void)
{
	at_pool_free(pool);
}

/* Files left in the temporary folder. */
static int
tmp_count(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(tmpdir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static const struct {
	const char	*in;
	int		 plus;
	const char	*out;		/* NULL: refused */
} dcases[] = {
	{ "a%20b", 0, "a b" },
	{ "a+b", 1, "a b" },
	{ "a+b", 0, "a+b" },
	{ "%41%42c", 0, "ABc" },
	{ "%e2%82%ac", 0, "\xe2\x82\xac" },
	{ "%", 0, NULL },
	{ "%4", 0, NULL },
	{ "%zz", 0, NULL },
	{ "a%00b", 0, NULL },
};

START_TEST(url_decode)
{
	char	*out;

	out = at_url_decode(pool, dcases[_i].in, strlen(dcases[_i].in),
	    dcases[_i].plus);
	if (dcases[_i].out == NULL)
		ck_assert_msg(out == NULL, "%s decoded", dcases[_i].in);
	else {
		ck_assert_ptr_nonnull(out);
		ck_assert_str_eq(out, dcases[_i].out);
	}
}
END_TEST

START_TEST(url_round_trip)
{
	const char	*s = "a b&c=d/é?#%+";
	char		*e;

	e = at_url_encode(pool, s);
	ck_assert(strpbrk(e, " &=/?#+") == NULL);
	ck_assert_str_eq(at_url_decode(pool, e, strlen(e), 0), s);
}
END_TEST

START_TEST(urlencoded)
{
	struct at_param	*p;
	const char	*err = NULL;
	const char	*in = "a=1&b=two+words&&c&d=%26x%3D&a=again";

	ck_assert_int_eq(at_parse_urlencoded(pool, in, strlen(in), &lim, &p,
	    &err), 0);
	ck_assert_str_eq(p->name, "a");
	ck_assert_str_eq(p->value, "1");
	ck_assert_str_eq(p->next->value, "two words");
	ck_assert_str_eq(p->next->next->name, "c");
	ck_assert_str_eq(p->next->next->value, "");
	ck_assert_str_eq(at_param_find(p, "d")->value, "&x=");
	ck_assert_str_eq(p->next->next->next->next->value, "again");
	ck_assert_ptr_null(p->next->next->next->next->next);
}
END_TEST

START_TEST(urlencoded_refused)
{
	struct at_param	*p;
	const char	*err = NULL;
	char		 many[400], *big;
	int		 i;

	ck_assert_int_eq(at_parse_urlencoded(pool, "a=%zz", 5, &lim, &p,
	    &err), 400);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(at_parse_urlencoded(pool, "a=%00", 5, &lim, &p,
	    &err), 400);
	many[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(many, "x=1&");
	ck_assert_int_eq(at_parse_urlencoded(pool, many, strlen(many), &lim,
	    &p, &err), 413);
	big = at_palloc(pool, 3000);
	memset(big, 'v', 2999);
	big[0] = 'k';
	big[1] = '=';
	ck_assert_int_eq(at_parse_urlencoded(pool, big, strlen(big), &lim,
	    &p, &err), 413);
}
END_TEST

START_TEST(cookies)
{
	struct at_param	*p;

	at_parse_cookies(pool, "a=1; b=\"two\";bad; =x;  c=3=4 ", &p);
	ck_assert_str_eq(at_param_find(p, "a")->value, "1");
	ck_assert_str_eq(at_param_find(p, "b")->value, "two");
	ck_assert_str_eq(at_param_find(p, "c")->value, "3=4");
	ck_assert_ptr_null(at_param_find(p, "bad"));
	at_parse_cookies(pool, "", &p);
	ck_assert_ptr_null(p);
}
END_TEST

/* A reader over a string that hands out at most step bytes a call. */
struct src {
	const char	*p;
	size_t		 left;
	size_t		 step;
};

static long
src_read(void *arg, char *buf, size_t n)
{
	struct src	*s = arg;

	if (n > s->step)
		n = s->step;
	if (n > s->left)
		n = s->left;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (long)n;
}

static int
mp(const char *body, size_t len, size_t step, struct at_param **out,
    const char **err)
{
	struct src	 s = { body, len, step };

	return at_parse_multipart(pool, "multipart/form-data; boundary=\"b0\"",
	    src_read, &s, &lim, tmpdir, out, err);
}

/* Reads a whole file into the pool. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = at_palloc(pool, 200000);

	ck_assert_ptr_nonnull(f);
	*len = fread(buf, 1, 199999, f);
	fclose(f);
	return buf;
}

START_TEST(multipart_streams)
{
	static const size_t steps[] = { 1, 7, 4096, 1 << 20 };
	struct at_param	*p;
	const struct at_param *f;
	const char	*err = NULL;
	char		 body[70000], data[20000], *got;
	size_t		 n, len, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 3);
	/* The data holds CRLF and a near-delimiter to try the matcher. */
	memcpy(data + 100, "\r\n--b", 5);
	n = (size_t)snprintf(body, sizeof(body), "--b0\r\nContent-Disposition: "
	    "form-data; name=\"title\"\r\n\r\nHello, world\r\n--b0\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\"
	    "docs\\\\../../report.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
	memcpy(body + n, data, sizeof(data));
	n += sizeof(data);
	n += (size_t)snprintf(body + n, sizeof(body) - n, "\r\n--b0\r\n"
	    "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n\r\n--b0--\r\n");
	ck_assert_int_eq(mp(body, n, steps[_i], &p, &err), 0);
	ck_assert_str_eq(at_param_find(p, "title")->value, "Hello, world");
	for (f = p; f != NULL && f->tmppath == NULL; f = f->next)
		;
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "file");
	ck_assert_str_eq(f->filename, "report.pdf");
	ck_assert_int_eq(f->size, sizeof(data));
	got = slurp(f->tmppath, &len);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert(memcmp(got, data, len) == 0);
	/* An empty file input is no file at all. */
	ck_assert_ptr_null(at_param_find(p, "empty"));
	ck_assert_int_eq(tmp_count(), 1);
	at_pool_reset(pool);
	ck_assert_int_eq(tmp_count(), 0);
}
END_TEST

static const struct {
	const char	*body;
	int		 status;
} bad[] = {
	/* No final boundary: cut short. */
	{ "--b0\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\""
	    "\r\n\r\nabc", 400 },
	/* No delimiter at all. */
	{ "hello", 400 },
	/* A part without a name. */
	{ "--b0\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0--", 400 },
	/* Headers that never end. */
	{ "--b0\r\nContent-Disposition: form-data; name=\"f\"\r\n", 400 },
	/* Garbage after a delimiter. */
	{ "--b0XX\r\n", 400 },
};

START_TEST(multipart_refused)
{
	struct at_param	*p;
	const char	*err = NULL;

	ck_assert_int_eq(mp(bad[_i].body, strlen(bad[_i].body), 3, &p, &err),
	    bad[_i].status);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(tmp_count(), 0);
}
END_TEST

START_TEST(multipart_limits)
{
	struct at_param	*p;
	const char	*err = NULL;
	char		*body;
	size_t		 n;

	/* A file over max_upload: 413, nothing left behind. */
	body = at_palloc(pool, 200000);
	n = (size_t)sprintf(body, "--b0\r\nContent-Disposition: form-data; "
	    "name=\"f\"; filename=\"big.bin\"\r\n\r\n");
	memset(body + n, 'x', 100000);
	n += 100000;
	n += (size_t)sprintf(body + n, "\r\n--b0--\r\n");
	ck_assert_int_eq(mp(body, n, 4096, &p, &err), 413);
	ck_assert_int_eq(tmp_count(), 0);
	/* A field over max_field. */
	n = (size_t)sprintf(body, "--b0\r\nContent-Disposition: form-data; "
	    "name=\"t\"\r\n\r\n");
	memset(body + n, 'x', 2000);
	n += 2000;
	n += (size_t)sprintf(body + n, "\r\n--b0--\r\n");
	ck_assert_int_eq(mp(body, n, 4096, &p, &err), 413);
	/* A body over max_body. */
	lim.max_body = 1000;
	ck_assert_int_eq(mp(body, n, 4096, &p, &err), 413);
	/* No boundary in the content type. */
	ck_assert_int_eq(at_parse_multipart(pool, "multipart/form-data",
	    src_read, NULL, &lim, tmpdir, &p, &err), 400);
}
END_TEST

START_TEST(redirect_guard)
{
	struct at_site	 site;
	struct at_req	 req;
	static const char *const bad_to[] = { "//evil.example/x",
	    "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
	    "/ok\r\nSet-Cookie: x=1", "/\t/evil.example/", "/ /evil.example",
	    "/x\x7f", "/\x01", "", "https://hub.example.com.evil.example/",
	    "https://hub.example.com//evil.example/",
	    "https://hub.example.com/\t/x" };
	size_t		 i;
	const struct at_header *h;

	memset(&site, 0, sizeof(site));
	site.base_url = "https://hub.example.com";
	for (i = 0; i < sizeof(bad_to) / sizeof(bad_to[0]); i++) {
		memset(&req, 0, sizeof(req));
		req.pool = pool;
		req.site = &site;
		ck_assert_int_eq(at_redirect(&req, bad_to[i]), 303);
		h = req.resp.headers;
		ck_assert_str_eq(h->value, "/");
	}
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	at_redirect(&req, "https://hub.example.com/projects/1");
	ck_assert_str_eq(req.resp.headers->value,
	    "https://hub.example.com/projects/1");
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	at_redirect(&req, "/projects?q=a");
	ck_assert_str_eq(req.resp.headers->value, "/projects?q=a");
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	at_redirect(&req, NULL);
	ck_assert_str_eq(req.resp.headers->value, "/");
}
END_TEST

START_TEST(local_path_check)
{
	static const char *const ok[] = { "/", "/x", "/staff/clients/2",
	    "/projects?q=a%20b", "/caf\xc3\xa9" };
	static const char *const bad[] = { "", "x", "//x", "/\\x", "/\t/x",
	    "/\n", "/a b", "/a\x7f", "\t/x", "http://x/", NULL };
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(at_path_is_local(ok[i]), "%s refused", ok[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!at_path_is_local(bad[i]), "case %zu accepted",
		    i);
}
END_TEST

START_TEST(response_head_block)
{
	struct at_site	 site;
	struct at_req	 req;
	char		*h;

	memset(&site, 0, sizeof(site));
	site.base_url = "";
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.resp.status = 200;
	at_resp_header(&req, "X-Test", "1");
	h = at_resp_head(&req, "text/html; charset=utf-8", 123456789012LL,
	    NULL);
	ck_assert_msg(strncmp(h, "Status: 200 OK\r\n", 16) == 0, "%s", h);
	ck_assert_msg(strstr(h, "\r\nContent-Length: 123456789012\r\n") !=
	    NULL, "%s", h);
	ck_assert_msg(strstr(h, "\r\nCache-Control: private, no-store\r\n")
	    != NULL, "%s", h);
	ck_assert_msg(strstr(h, "\r\nX-Test: 1\r\n") != NULL, "%s", h);
	ck_assert_msg(strstr(h, "X-Frame-Options: DENY\r\n") != NULL, "%s",
	    h);
	/* One blank line, at the very end. */
	ck_assert_ptr_eq(strstr(h, "\r\n\r\n"), h + strlen(h) - 4);
	req.resp.status = 404;
	h = at_resp_head(&req, "text/plain", 0, "X-More: a\r\n");
	ck_assert(strstr(h, "Status: 404 Not Found\r\n") == h);
	ck_assert(strstr(h, "Content-Length: 0\r\n") != NULL);
	ck_assert(strstr(h, "X-More: a\r\n\r\n") != NULL);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	if (mkdtemp(tmpdir) == NULL)
		return EXIT_FAILURE;
	s = suite_create("parse");
	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, url_decode, 0,
	    sizeof(dcases) / sizeof(dcases[0]));
	tcase_add_test(tc, url_round_trip);
	tcase_add_test(tc, urlencoded);
	tcase_add_test(tc, urlencoded_refused);
	tcase_add_test(tc, cookies);
	tcase_add_loop_test(tc, multipart_streams, 0, 4);
	tcase_add_loop_test(tc, multipart_refused, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, multipart_limits);
	tcase_add_test(tc, redirect_guard);
	tcase_add_test(tc, local_path_check);
	tcase_add_test(tc, response_head_block);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rmdir(tmpdir);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
