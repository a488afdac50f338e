/*
 * The e-signature plugin end to end: an envelope with two contacts in
 * sequence and a staff countersigner (the second contact cannot sign
 * first), the sealed PDF in the client's files passing pdfsig and
 * `atriumctl esign verify` while a tampered copy fails both, /verify
 * answering both; an outside signer with the e-mailed one-time code and
 * a link that works once; a decline; expiry by the job (a link of an
 * expired envelope refused with a clear page); void and replace by
 * staff; another client's contact gets 404 on the envelope, its
 * documents, its sealed copy and the signing page.  Every event lands
 * in the activity log with its address, browser and authentication (and
 * `atriumctl verify-log` still passes); viewers are sent the document to
 * read; the seal carries an RFC 3161 timestamp from the stack's TSA
 * (tests/fake-tsa.py), or none when the TSA fails or is too slow; the
 * sealed copy is in the client's Files under Contracts, for that client
 * only.
 *
 * The suite makes its own clients and contacts; it never changes the
 * demo's.
 *
 * Fields placed for two signers (name, date, initials, text, signature)
 * are shown on the signing page, a required one left empty is refused
 * with nothing signed, and every value is drawn into its page of the
 * sealed PDF (pdftotext), which pdfsig still finds valid.
 */
#include "config.h"

#include <sys/wait.h>

#include <check.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "client.h"

#define STAFF	"staff@demo.test"
/* A 1x1 PNG. */
#define PNG_B64	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" \
	"YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

static struct {
	long long	 c1, c2, a1, b1, x2;
	char		 a1m[128], b1m[128], x2m[128];
} fx;

#define UA	"esign-trail-test/1.0 (check_esign)"

/* tc_sql_int of fmt filled in with printf's rules. */
static long long
sqlf(const char *fmt, ...)
{
	char	 q[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	return tc_sql_int(q);
}

/* Entries of envelope env in the activity log with action (and where). */
static long long
act_count(long long env, const char *action, const char *where)
{
	return sqlf("SELECT COUNT(*) FROM activity WHERE object = 'esign' "
	    "AND object_id = %lld AND action = '%s'%s%s", env, action,
	    where != NULL ? " AND " : "", where != NULL ? where : "");
}

/* libcurl's write callback that keeps nothing. */
static size_t
discard(char *d, size_t size, size_t n, void *arg)
{
	(void)d;
	(void)arg;
	return size * n;
}

/* Switches the stack's TSA (tests/fake-tsa.py) to mode. */
static void
tsa_mode(const char *mode)
{
	CURL	*c;
	char	 url[512];
	long	 code = 0;

	ck_assert_ptr_nonnull(getenv("ATRIUM_TEST_TSA_URL"));
	snprintf(url, sizeof(url), "%s/_test/mode/%s",
	    getenv("ATRIUM_TEST_TSA_URL"), mode);
	ck_assert_ptr_nonnull(c = curl_easy_init());
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	ck_assert_int_eq(code, 200);
}

/* The clients and contacts every test uses. */
static void
setup_once(void)
{
	long long	 u;
	char		 sql[256];

	fx.a1 = tc_make_client_contact("esign-a", &fx.c1,
	    fx.a1m, sizeof(fx.a1m));
	snprintf(fx.b1m, sizeof(fx.b1m), "b1-%s@esign.test", tc_tag());
	fx.b1 = tc_make_contact(fx.c1, fx.b1m, "Bo Second");
	u = tc_make_client_contact("esign-x", &fx.c2, fx.x2m, sizeof(fx.x2m));
	fx.x2 = u;
	/* The plugin is switched on per client. */
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'esign', 1), (%lld, 'esign', 1)",
	    fx.c1, fx.c2);
	free(tc_sql(sql));
}

/* A one-page PDF with a text line, malloc'd. */
static char *
mini_pdf(size_t *len, const char *text)
{
	char	 objs[4][512], *b = malloc(8192);
	size_t	 off[4], n, i, x;
	char	 stream[256];

	snprintf(stream, sizeof(stream), "BT /F1 18 Tf 40 100 Td (%s) Tj ET",
	    text);
	snprintf(objs[0], sizeof(objs[0]), "<< /Type /Catalog /Pages 2 0 R >>");
	snprintf(objs[1], sizeof(objs[1]), "<< /Type /Pages /Kids [3 0 R] "
	    "/Count 1 >>");
	snprintf(objs[2], sizeof(objs[2]), "<< /Type /Page /Parent 2 0 R "
	    "/MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << "
	    "/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> "
	    ">> >>");
	snprintf(objs[3], sizeof(objs[3]), "<< /Length %zu >>\nstream\n%s\n"
	    "endstream", strlen(stream), stream);
	n = (size_t)sprintf(b, "%%PDF-1.4\n");
	for (i = 0; i < 4; i++) {
		off[i] = n;
		n += (size_t)sprintf(b + n, "%zu 0 obj\n%s\nendobj\n", i + 1,
		    objs[i]);
	}
	x = n;
	n += (size_t)sprintf(b + n, "xref\n0 5\n0000000000 65535 f \n");
	for (i = 0; i < 4; i++)
		n += (size_t)sprintf(b + n, "%010zu 00000 n \n", off[i]);
	n += (size_t)sprintf(b + n, "trailer\n<< /Size 5 /Root 1 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", x);
	*len = n;
	return b;
}

/* Staff sends a PDF to signers (lines "GROUP ROLE EMAIL [NAME]"); its id. */
static long long
send_envelope(struct tc_browser *staff, long long client, const char *title,
    const char *signers)
{
	struct tc_resp	*r;
	char		*pdf, cl[32];
	size_t		 len;
	long long	 id;

	pdf = mini_pdf(&len, title);
	snprintf(cl, sizeof(cl), "%lld", client);
	ck_assert_int_eq(tc_get(staff, "/staff/esign/new")->status, 200);
	r = tc_post_file(staff, "/staff/esign/new", "pdf", "agreement.pdf",
	    pdf, len, "client", cl, "title", title, "signers", signers,
	    "message", "Please sign this week.", NULL);
	free(pdf);
	ck_assert_msg(r->status == 303, "create: %ld %s", r->status, r->body);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Signs envelope id as browser b with a typed name; the status. */
static long
sign_typed(struct tc_browser *b, long long id, const char *name)
{
	char	 p[64];

	snprintf(p, sizeof(p), "/sign/%lld", id);
	ck_assert_int_eq(tc_get(b, p)->status, 200);
	return tc_post(b, p, "consent", "1", "kind", "typed", "typed", name,
	    NULL)->status;
}

/* Writes len bytes to a new temporary file; its path (static). */
static const char *
tmp_write(const void *d, size_t len, const char *tag)
{
	static char	 path[2][256];
	static int	 k;
	FILE		*f;

	k = (k + 1) % 2;
	snprintf(path[k], sizeof(path[k]), "/tmp/check_esign-%ld-%s.pdf",
	    (long)getpid(), tag);
	ck_assert_ptr_nonnull(f = fopen(path[k], "wb"));
	ck_assert_uint_eq(fwrite(d, 1, len, f), len);
	fclose(f);
	return path[k];
}

/* Runs cmd; its stdout (malloc'd) and exit status. */
static char *
run(const char *cmd, int *status)
{
	FILE	*p;
	char	*buf = NULL, b[4096];
	size_t	 len = 0, n;
	FILE	*m = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	while ((n = fread(b, 1, sizeof(b), p)) > 0)
		fwrite(b, 1, n, m);
	*status = pclose(p);
	fclose(m);
	return buf;
}

/* atriumctl esign verify path: its exit status, output in *out. */
static int
ctl_verify(const char *path, char **out)
{
	char	 cmd[2048];
	int	 st;

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' esign verify "
	    "'%s' 2>/dev/null", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), path);
	*out = run(cmd, &st);
	return WEXITSTATUS(st);
}

/* The path part of a URL of this site. */
static const char *
path_of(const char *url)
{
	const char	*base = getenv("ATRIUM_TEST_URL");

	ck_assert_ptr_nonnull(url);
	ck_assert_msg(strncmp(url, base, strlen(base)) == 0, "%s", url);
	return url + strlen(base);
}

/* A PDF of two 400 x 300 pages, with a text line each, malloc'd. */
static char *
two_page_pdf(size_t *len, const char *t1, const char *t2)
{
	char	 objs[7][512], *b = malloc(16384);
	char	 s1[256], s2[256];
	size_t	 off[7], n, i, x;

	snprintf(s1, sizeof(s1), "BT /F1 14 Tf 40 260 Td (%s) Tj ET", t1);
	snprintf(s2, sizeof(s2), "BT /F1 14 Tf 40 260 Td (%s) Tj ET", t2);
	snprintf(objs[0], sizeof(objs[0]), "<< /Type /Catalog /Pages 2 0 R >>");
	snprintf(objs[1], sizeof(objs[1]), "<< /Type /Pages /Kids [3 0 R "
	    "4 0 R] /Count 2 >>");
	snprintf(objs[2], sizeof(objs[2]), "<< /Type /Page /Parent 2 0 R "
	    "/MediaBox [0 0 400 300] /Contents 5 0 R /Resources << /Font << "
	    "/F1 7 0 R >> >> >>");
	snprintf(objs[3], sizeof(objs[3]), "<< /Type /Page /Parent 2 0 R "
	    "/MediaBox [0 0 400 300] /Contents 6 0 R /Resources << /Font << "
	    "/F1 7 0 R >> >> >>");
	snprintf(objs[4], sizeof(objs[4]), "<< /Length %zu >>\nstream\n%s\n"
	    "endstream", strlen(s1), s1);
	snprintf(objs[5], sizeof(objs[5]), "<< /Length %zu >>\nstream\n%s\n"
	    "endstream", strlen(s2), s2);
	snprintf(objs[6], sizeof(objs[6]), "<< /Type /Font /Subtype /Type1 "
	    "/BaseFont /Helvetica >>");
	n = (size_t)sprintf(b, "%%PDF-1.4\n");
	for (i = 0; i < 7; i++) {
		off[i] = n;
		n += (size_t)sprintf(b + n, "%zu 0 obj\n%s\nendobj\n", i + 1,
		    objs[i]);
	}
	x = n;
	n += (size_t)sprintf(b + n, "xref\n0 8\n0000000000 65535 f \n");
	for (i = 0; i < 7; i++)
		n += (size_t)sprintf(b + n, "%010zu 00000 n \n", off[i]);
	n += (size_t)sprintf(b + n, "trailer\n<< /Size 8 /Root 1 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", x);
	*len = n;
	return b;
}

/* Posts the new-envelope form with fields; the response. */
static struct tc_resp *
send_fields(struct tc_browser *staff, const char *title, const char *signers,
    const char *fields)
{
	char		*pdf, cl[32];
	size_t		 len;
	struct tc_resp	*r;

	pdf = two_page_pdf(&len, "Terms of the first page",
	    "Terms of the second page");
	snprintf(cl, sizeof(cl), "%lld", fx.c1);
	ck_assert_int_eq(tc_get(staff, "/staff/esign/new")->status, 200);
	r = tc_post_file(staff, "/staff/esign/new", "pdf", "fields.pdf", pdf,
	    len, "client", cl, "title", title, "signers", signers, "fields",
	    fields, NULL);
	free(pdf);
	return r;
}

/* The first value tc_sql gives for sql, without its line end; malloc'd. */
static char *
sql_str(const char *sql)
{
	char	*v = tc_sql(sql);

	ck_assert_ptr_nonnull(v);
	v[strcspn(v, "\t\n")] = '\0';
	return v;
}

START_TEST(fields_flattened)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m),
	    *b1 = tc_as(fx.b1m), *x2 = tc_as(fx.x2m);
	struct tc_resp	*r;
	char		 p[256], signers[512], q[512], *an, *bn, *today;
	char		*pg1, *pg2, *out;
	const char	*path;
	long long	 id, fid;
	int		 st;
	/* Signer 1's fields on page 1, signer 2's on page 2. */
	static const char fields[] =
	    "1 name 1 20 90 170 22\n"
	    "1 date 1 210 90 120 22\n"
	    "1 initials 1 20 140 60 26\n"
	    "1 text 1 100 140 260 26 required Purchase order number\n"
	    "1 signature 1 20 200 200 50\n"
	    "2 name 2 20 90 170 22\n"
	    "2 date 2 210 90 120 22\n"
	    "2 initials 2 20 140 60 26\n"
	    "2 text 2 100 140 260 26 optional Department\n"
	    "2 signature 2 20 200 200 50\n";

	snprintf(signers, sizeof(signers), "1 signer %s\n1 signer %s\n",
	    fx.a1m, fx.b1m);
	/* Placement refused: off the page, overlapping, unknown signer. */
	r = send_fields(staff, "Fields refused", signers,
	    "1 name 1 350 20 170 22\n");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "outside page 1"), "%.2000s", r->body);
	r = send_fields(staff, "Fields refused", signers,
	    "1 name 1 20 20 170 22\n2 date 1 100 30 100 22\n");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "overlap"), "%.2000s", r->body);
	r = send_fields(staff, "Fields refused", signers,
	    "3 name 1 20 20 170 22\n");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "not one of the envelope"), "%.2000s", r->body);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE client_id = %lld AND title = 'Fields refused'", fx.c1), 0);

	r = send_fields(staff, "Fields agreement", signers, fields);
	ck_assert_msg(r->status == 303, "create: %ld %.2000s", r->status, r->body);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_fields WHERE "
	    "envelope_id = %lld", id), 10);

	/* The signing page shows this signer's fields on their page. */
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Your fields in the document"));
	ck_assert(tc_has(r, "Purchase order number"));
	ck_assert(tc_has(r, "<svg"));
	ck_assert(tc_has(r, "class=\"esign-box\""));
	ck_assert(!tc_has(r, "Department"));
	ck_assert(tc_has(r, "/typed.png?t="));
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(q, sizeof(q), "/sign/%lld/typed.png?t=Alma", id);
	r = tc_get(a1, q);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "\x89PNG", 4), 0);
	ck_assert_int_eq(tc_get(x2, q)->status, 404);

	/* The required text left empty: a form error, nothing signed. */
	fid = tc_sql_intf("SELECT id FROM esign_fields WHERE envelope_id = "
	    "%lld AND position = 4", id);
	snprintf(q, sizeof(q), "f%lld", fid);
	r = tc_post(a1, p, "consent", "1", "kind", "typed", "typed",
	    "Alma One", q, "", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Fill in &quot;Purchase order number&quot;") ||
	    tc_has(r, "Fill in \"Purchase order number\""), "%.2000s", r->body);
	ck_assert(tc_has(r, "Alma One"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_signers "
	    "WHERE envelope_id = %lld AND state = 'signed'", id), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_fields "
	    "WHERE envelope_id = %lld AND value IS NOT NULL", id), 0);

	/* Both sign; the initials default to the name's, typed here. */
	snprintf(q, sizeof(q), "f%lld", fid);
	{
		char	 fi[32], ft[32], sb[256];

		snprintf(fi, sizeof(fi), "f%lld", tc_sql_intf("SELECT id "
		    "FROM esign_fields WHERE envelope_id = %lld AND "
		    "position = 3", id));
		r = tc_post(a1, p, "consent", "1", "kind", "typed", "typed",
		    "Alma One", fi, "AQ", q, "PO-7781", NULL);
		ck_assert_msg(r->status == 303, "%ld %.2000s", r->status, r->body);
		snprintf(fi, sizeof(fi), "f%lld", tc_sql_intf("SELECT id "
		    "FROM esign_fields WHERE envelope_id = %lld AND "
		    "position = 8", id));
		snprintf(ft, sizeof(ft), "f%lld", tc_sql_intf("SELECT id "
		    "FROM esign_fields WHERE envelope_id = %lld AND "
		    "position = 9", id));
		ck_assert_int_eq(tc_get(b1, p)->status, 200);
		snprintf(sb, sizeof(sb), "data:image/png;base64,%s", PNG_B64);
		r = tc_post(b1, p, "consent", "1", "kind", "drawn", "drawn", sb,
		    fi, "BZ", ft, "Dept Wombat", NULL);
		ck_assert_msg(r->status == 303, "%ld %.2000s", r->status, r->body);
	}
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);

	/* The sealed PDF: each value on its page; the seal valid. */
	snprintf(p, sizeof(p), "/esign/%lld/sealed", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	path = tmp_write(r->body, r->len, "fields");
	snprintf(q, sizeof(q), "SELECT name FROM users WHERE id = %lld",
	    fx.a1);
	an = sql_str(q);
	snprintf(q, sizeof(q), "SELECT name FROM users WHERE id = %lld",
	    fx.b1);
	bn = sql_str(q);
	today = sql_str("SELECT DATE_FORMAT(UTC_DATE(), '%Y-%m-%d')");
	snprintf(q, sizeof(q), "pdftotext -f 1 -l 1 '%s' - 2>&1", path);
	pg1 = run(q, &st);
	snprintf(q, sizeof(q), "pdftotext -f 2 -l 2 '%s' - 2>&1", path);
	pg2 = run(q, &st);
	ck_assert_msg(strstr(pg1, an) != NULL && strstr(pg1, today) != NULL &&
	    strstr(pg1, "AQ") != NULL && strstr(pg1, "PO-7781") != NULL &&
	    strstr(pg1, "Alma One") != NULL, "page 1: %s", pg1);
	ck_assert_msg(strstr(pg2, bn) != NULL && strstr(pg2, today) != NULL &&
	    strstr(pg2, "BZ") != NULL && strstr(pg2, "Dept Wombat") != NULL,
	    "page 2: %s", pg2);
	ck_assert_msg(strstr(pg1, "Dept Wombat") == NULL &&
	    strstr(pg2, "PO-7781") == NULL, "%s\n--\n%s", pg1, pg2);
	/* The pages' own text is kept. */
	ck_assert_msg(strstr(pg1, "Terms of the first page") != NULL, "%s",
	    pg1);
	ck_assert_msg(strstr(pg2, "Terms of the second page") != NULL, "%s",
	    pg2);
	free(pg1);
	free(pg2);
	/* The typed signature and initials are in the script font. */
	snprintf(q, sizeof(q), "pdffonts '%s' 2>&1", path);
	out = run(q, &st);
	ck_assert_msg(strstr(out, "DancingScript") != NULL, "%s", out);
	free(out);
	snprintf(q, sizeof(q), "pdfsig '%s' 2>&1", path);
	out = run(q, &st);
	ck_assert_msg(strstr(out, "Signature is Valid.") != NULL &&
	    strstr(out, "Total document signed") != NULL, "%s", out);
	free(out);
	/* The audit certificate: the document before and after. */
	snprintf(q, sizeof(q), "pdftotext '%s' - 2>&1", path);
	out = run(q, &st);
	ck_assert_msg(strstr(out, "With its fields filled in") != NULL &&
	    strstr(out, "Audit certificate") != NULL, "%s", out);
	free(out);
	unlink(path);
	free(an);
	free(bn);
	free(today);
	tc_free(staff);
	tc_free(a1);
	tc_free(b1);
	tc_free(x2);
}
END_TEST

START_TEST(sequence_and_seal)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m),
	    *b1 = tc_as(fx.b1m), *x2 = tc_as(fx.x2m), *anon = tc_new();
	struct tc_resp	*r;
	char		 p[128], signers[512], *pdf, *out, *pdfsig;
	const char	*path, *bad;
	long long	 id, file;
	size_t		 len;
	int		 st, k;

	tsa_mode("ok");
	tc_set_ua(a1, UA);
	tc_set_ua(b1, UA);
	tc_set_ua(staff, UA);
	snprintf(signers, sizeof(signers), "1 signer %s\n2 signer %s\n"
	    "3 signer %s\n", fx.a1m, fx.b1m, STAFF);
	id = send_envelope(staff, fx.c1, "Website agreement", signers);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.viewed' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 0);

	/* The second contact cannot sign before the first. */
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(b1, p);
	ck_assert_int_eq(r->status, 409);
	ck_assert(tc_has(r, "Not your turn yet"));
	tc_get(b1, "/esign");
	ck_assert_int_eq(tc_post(b1, p, "consent", "1", "typed", "Bo",
	    NULL)->status, 409);

	/* Another client's contact: 404 everywhere. */
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/esign/%lld", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/esign/%lld?format=xml", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/esign/%lld/doc/1", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/sign/%lld/doc/1", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	ck_assert_int_eq(tc_get(a1, p)->status, 200);
	ck_assert_int_eq(memcmp(tc_get(a1, p)->body, "%PDF-", 5), 0);

	/* Consent is needed. */
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Website agreement"));
	ck_assert(tc_has(r, "sign these documents electronically"));
	r = tc_post(a1, p, "kind", "typed", "typed", "Alma", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Agree to sign electronically"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.viewed' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 1);
	ck_assert_int_eq(sign_typed(a1, id, "Alma One"), 303);
	ck_assert_int_eq(tc_get(a1, p)->status, 200);	/* "You have signed" */
	ck_assert_int_eq(sign_typed(b1, id, "Bo Second"), 303);
	/* Staff countersigns with a drawing. */
	ck_assert_int_eq(tc_get(staff, p)->status, 200);
	r = tc_post(staff, p, "consent", "1", "kind", "drawn", "drawn",
	    "data:image/png;base64," PNG_B64, NULL);
	ck_assert_msg(r->status == 303, "%ld %s", r->status, r->body);

	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);
	file = tc_sql_intf("SELECT sealed_file_id FROM esign_envelopes WHERE "
	    "id = %lld", id);
	ck_assert_int_gt(file, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM files WHERE id = "
	    "%lld AND category = 'contracts' AND visible = 1", file), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.completed' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.signed' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 3);

	/* The sealed copy: the client's contact gets it, the other not. */
	snprintf(p, sizeof(p), "/esign/%lld/sealed", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	len = r->len;
	pdf = malloc(len);
	memcpy(pdf, r->body, len);
	path = tmp_write(pdf, len, "good");
	snprintf(p, sizeof(p), "pdfsig '%s' 2>&1", path);
	pdfsig = run(p, &st);
	ck_assert_msg(strstr(pdfsig, "Signature is Valid.") != NULL &&
	    strstr(pdfsig, "Total document signed") != NULL, "%s", pdfsig);
	free(pdfsig);
	ck_assert_int_eq(ctl_verify(path, &out), 0);
	ck_assert_msg(strstr(out, "VALID: sealed by this site") != NULL &&
	    strstr(out, "Website agreement") != NULL &&
	    strstr(out, fx.b1m) != NULL, "%s", out);
	/* The TSA's timestamp, as atriumctl reads it from the signature. */
	ck_assert_msg(strstr(out, "timestamp: 20") != NULL && strstr(out,
	    "(RFC 3161, of this signature)") != NULL, "%s", out);
	free(out);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND ts_at IS NOT NULL AND ts_error IS NULL", id),
	    1);
	snprintf(p, sizeof(p), "/staff/esign/%lld", id);
	r = tc_get(staff, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "RFC 3161"), "%s", r->body);

	/* /verify: anyone may check it. */
	ck_assert_int_eq(tc_get(anon, "/verify")->status, 200);
	r = tc_post_file(anon, "/verify", "pdf", "signed.pdf", pdf, len, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Valid: sealed by this site"), "%s", r->body);

	/* One byte changed: pdfsig, atriumctl and /verify refuse it. */
	pdf[len / 3] ^= 0x20;
	bad = tmp_write(pdf, len, "bad");
	snprintf(p, sizeof(p), "pdfsig '%s' 2>&1", bad);
	pdfsig = run(p, &st);
	ck_assert_msg(strstr(pdfsig, "Signature is Valid.") == NULL, "%s",
	    pdfsig);
	free(pdfsig);
	ck_assert_int_eq(ctl_verify(bad, &out), 1);
	ck_assert_msg(strstr(out, "INVALID") != NULL, "%s", out);
	free(out);
	tc_get(anon, "/verify");
	r = tc_post_file(anon, "/verify", "pdf", "signed.pdf", pdf, len, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Not valid"));
	unlink(path);
	unlink(bad);
	free(pdf);

	/* After completion, still nothing for the other client. */
	snprintf(p, sizeof(p), "/sign/%lld", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);

	/* Every step in the activity log, with address, browser, auth. */
	ck_assert_int_eq(act_count(id, "send", "ip <> '' AND summary LIKE "
	    "'%authentication: signed in (session)%'"), 1);
	ck_assert_int_eq(act_count(id, "sent", NULL), 3);
	ck_assert_int_ge(act_count(id, "view", "ip <> '' AND summary LIKE "
	    "'%browser: " UA "%'"), 3);
	ck_assert_int_eq(act_count(id, "sign", "ip <> '' AND summary LIKE "
	    "'%authentication: signed in (session)%' AND summary LIKE "
	    "'%browser: " UA "%' AND visible = 1 AND client_id IS NOT NULL"),
	    3);
	ck_assert_int_eq(act_count(id, "complete", "summary LIKE "
	    "'%timestamped%'"), 1);
	/* Views count once per signer per window, as other views. */
	ck_assert_int_eq(act_count(id, "view", NULL), tc_sql_intf("SELECT "
	    "COUNT(*) FROM esign_events WHERE envelope_id = %lld AND action "
	    "= 'viewed'", id));
	ck_assert_int_le(act_count(id, "view", NULL), 3);
	/* The client's contacts see it on their activity; the other not. */
	r = tc_get(a1, "/activity");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Bo Second signed Website agreement"), "%s",
	    r->body);
	r = tc_get(x2, "/activity");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "signed Website agreement"));
	/* Staff see it on the client's activity. */
	r = tc_get(staff, "/staff/activity");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "signed Website agreement"));
	/* And the log still proves itself. */
	snprintf(p, sizeof(p), "'%s/bin/atriumctl' -c '%s' verify-log 2>&1",
	    getenv("ATRIUM_TEST_PREFIX"), getenv("ATRIUM_TEST_CONF"));
	out = run(p, &st);
	ck_assert_msg(WEXITSTATUS(st) == 0 && strstr(out, "intact") != NULL,
	    "%s", out);
	free(out);

	/* The sealed copy is in the client's Files, under Contracts. */
	r = tc_get(a1, "/files");
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Website agreement (signed).pdf") &&
	    tc_has(r, "category-contracts"), "%s", r->body);
	snprintf(p, sizeof(p), "/files/%lld", file);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Website agreement (signed).pdf"));
	snprintf(p, sizeof(p), "/files/%lld/download", file);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	/* Its preview, as for any PDF, once the previews job ran. */
	snprintf(p, sizeof(p), "'%s/bin/atriumctl' -c '%s' jobs run "
	    "previews.make 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"));
	/* (Each run makes the oldest 40 missing: run until ours is made.) */
	for (k = 0; k < 50 && tc_sql_intf("SELECT COUNT(*) FROM "
	    "file_previews fp JOIN file_versions v ON v.id = fp.version_id "
	    "WHERE v.file_id = %lld", file) == 0; k++)
		free(run(p, &st));
	snprintf(p, sizeof(p), "/files/%lld/preview", file);
	r = tc_get(a1, p);
	ck_assert_msg(r->status == 200 && memcmp(r->body, "\x89PNG", 4) == 0,
	    "preview: %ld", r->status);
	/* Another client's contact: not listed, 404 on every way in. */
	r = tc_get(x2, "/files");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "Website agreement (signed).pdf"));
	snprintf(p, sizeof(p), "/files/%lld", file);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/files/%lld?format=xml", file);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/files/%lld/download", file);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	snprintf(p, sizeof(p), "/files/%lld/preview", file);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);
	/* Staff find it in the files too. */
	r = tc_get(staff, "/staff/files");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Website agreement (signed).pdf"));
	tc_free(staff);
	tc_free(a1);
	tc_free(b1);
	tc_free(x2);
	tc_free(anon);
}
END_TEST

START_TEST(outside_signer)
{
	struct tc_browser *staff = tc_as(STAFF), *o = tc_new(), *o2 = tc_new();
	struct tc_resp	*r;
	char		 signers[512], mail[128], *m, *url, code[8], p[256];
	const char	*c;
	long		 since = (long)time(NULL) - 1;
	long long	 id;

	/* The code and signing posts are rate limited per address. */
	tc_set_source(o, tc_fresh_addr());

	snprintf(mail, sizeof(mail), "olga-%s@outside.test", tc_tag());
	snprintf(signers, sizeof(signers), "1 signer %s Olga Outside\n", mail);
	id = send_envelope(staff, fx.c1, "Outside agreement", signers);
	m = tc_mail_wait_for(mail, since, "/esign/o/");
	ck_assert_ptr_nonnull(m);
	url = tc_find_url(m, "/esign/o/");
	free(m);
	snprintf(p, sizeof(p), "%s", path_of(url));
	free(url);

	r = tc_get(o, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Confirm it is you"));
	/* No code yet: refused. */
	r = tc_post(o, p, "consent", "1", "typed", "Olga", "code", "123456",
	    NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Ask for a new code"));
	since = (long)time(NULL) - 1;
	tc_get(o, p);
	strcat(p, "/code");
	ck_assert_int_eq(tc_post(o, p, NULL)->status, 303);
	p[strlen(p) - 5] = '\0';
	m = tc_mail_wait_for(mail, since, "Your signing code");
	ck_assert_ptr_nonnull(m);
	c = strstr(m, "Your signing code: ");
	ck_assert_ptr_nonnull(c);
	memcpy(code, c + 19, 6);
	code[6] = '\0';
	free(m);
	/* A wrong code, then the right one. */
	tc_get(o, p);
	r = tc_post(o, p, "consent", "1", "typed", "Olga", "code",
	    strcmp(code, "000000") == 0 ? "111111" : "000000", NULL);
	ck_assert(tc_has(r, "That code is not right"));
	r = tc_post(o, p, "consent", "1", "kind", "typed", "typed",
	    "Olga Outside", "code", code, NULL);
	ck_assert_msg(r->status == 200 && tc_has(r, "Thank you for signing"),
	    "%ld %s", r->status, r->body);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_signers "
	    "WHERE envelope_id = %lld AND auth = 'e-mail link and one-time "
	    "code' AND ip IS NOT NULL", id), 1);
	/* The identity check, step by step, in the activity log. */
	ck_assert_int_eq(act_count(id, "code-sent", "ip <> '' AND summary "
	    "LIKE '%authentication: e-mail link%'"), 1);
	ck_assert_int_eq(act_count(id, "code-failed", "ip <> '' AND summary "
	    "LIKE '%authentication: e-mail link and one-time code%'"), 2);
	ck_assert_int_eq(act_count(id, "code-ok", "ip <> ''"), 1);
	ck_assert_int_eq(act_count(id, "sign", "ip <> '' AND user_id IS NULL "
	    "AND summary LIKE 'Olga Outside signed%' AND summary LIKE "
	    "'%authentication: e-mail link and one-time code%'"), 1);
	ck_assert_int_eq(act_count(id, "view", "user_id IS NULL"), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);
	/* The link works once. */
	r = tc_get(o2, p);
	ck_assert_int_eq(r->status, 410);
	ck_assert(tc_has(r, "This link was already used"));
	/* The sealed copy by its own link. */
	m = tc_mail_wait_for(mail, since, "/esign/d/");
	ck_assert_ptr_nonnull(m);
	url = tc_find_url(m, "/esign/d/");
	free(m);
	r = tc_get(o2, path_of(url));
	free(url);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	/* A made-up link is refused plainly. */
	r = tc_get(o2, "/esign/o/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	ck_assert_int_eq(r->status, 404);
	ck_assert(tc_has(r, "This link is not valid"));
	tc_free(staff);
	tc_free(o);
	tc_free(o2);
}
END_TEST

START_TEST(decline_void_replace)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m),
	    *b1 = tc_as(fx.b1m);
	struct tc_resp	*r;
	char		 signers[512], p[128], sid[32];
	long long	 id;

	snprintf(signers, sizeof(signers), "1 signer %s\n", fx.a1m);
	id = send_envelope(staff, fx.c1, "To be declined", signers);
	snprintf(p, sizeof(p), "/sign/%lld", id);
	tc_get(a1, p);
	snprintf(p, sizeof(p), "/sign/%lld/decline", id);
	r = tc_post(a1, p, "reason", "The price is wrong.", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "You declined"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'declined' AND end_reason = 'The "
	    "price is wrong.'", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.declined' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 1);
	ck_assert_int_eq(act_count(id, "decline", "ip <> '' AND summary LIKE "
	    "'%The price is wrong.%'"), 1);
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 410);
	ck_assert(tc_has(r, "declined"));

	/* Void. */
	id = send_envelope(staff, fx.c1, "To be voided", signers);
	snprintf(p, sizeof(p), "/staff/esign/%lld", id);
	ck_assert_int_eq(tc_get(staff, p)->status, 200);
	snprintf(p, sizeof(p), "/staff/esign/%lld/void", id);
	ck_assert_int_eq(tc_post(staff, p, "reason", "Sent by mistake",
	    NULL)->status, 303);
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 410);
	ck_assert(tc_has(r, "cancelled"));
	ck_assert_int_eq(act_count(id, "void", "ip <> '' AND summary LIKE "
	    "'%Sent by mistake%'"), 1);

	/* Replace a1 by b1 before a1 signs: b1 signs and it completes. */
	id = send_envelope(staff, fx.c1, "Replaced signer", signers);
	snprintf(sid, sizeof(sid), "%lld", tc_sql_intf("SELECT id FROM "
	    "esign_signers WHERE envelope_id = %lld", id));
	snprintf(p, sizeof(p), "/staff/esign/%lld", id);
	tc_get(staff, p);
	snprintf(p, sizeof(p), "/staff/esign/%lld/remind", id);
	ck_assert_int_eq(tc_post(staff, p, NULL)->status, 303);
	ck_assert_int_eq(act_count(id, "remind", "ip <> ''"), 1);
	snprintf(p, sizeof(p), "/staff/esign/%lld", id);
	tc_get(staff, p);
	snprintf(p, sizeof(p), "/staff/esign/%lld/replace", id);
	ck_assert_int_eq(tc_post(staff, p, "signer", sid, "email", fx.b1m,
	    NULL)->status, 303);
	snprintf(p, sizeof(p), "/sign/%lld", id);
	ck_assert_int_eq(tc_get(a1, p)->status, 404);
	ck_assert_int_eq(sign_typed(b1, id, "Bo Second"), 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);
	ck_assert_int_eq(act_count(id, "replace", "ip <> ''"), 1);
	ck_assert_int_eq(act_count(id, "complete", NULL), 1);
	tc_free(staff);
	tc_free(a1);
	tc_free(b1);
}
END_TEST

START_TEST(expiry_by_job)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m),
	    *o = tc_new();
	struct tc_resp	*r;
	char		 signers[512], p[256], q[256], mail[128], *m, *url;
	char		 cmd[2048], *out;
	long		 since = (long)time(NULL) - 1;
	long long	 id;
	int		 st;

	snprintf(mail, sizeof(mail), "late-%s@outside.test", tc_tag());
	snprintf(signers, sizeof(signers), "1 signer %s\n1 signer %s Lee "
	    "Late\n", fx.a1m, mail);
	id = send_envelope(staff, fx.c1, "Will expire", signers);
	m = tc_mail_wait_for(mail, since, "/esign/o/");
	ck_assert_ptr_nonnull(m);
	url = tc_find_url(m, "/esign/o/");
	free(m);
	snprintf(q, sizeof(q), "%s", path_of(url));
	free(url);
	snprintf(p, sizeof(p), "UPDATE esign_envelopes SET expires_on = "
	    "UTC_DATE() - INTERVAL 1 DAY WHERE id = %lld", id);
	free(tc_sql(p));
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run "
	    "esign.expire 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"));
	out = run(cmd, &st);
	free(out);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'expired'", id), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM events WHERE name "
	    "= 'esign.expired' AND payload LIKE CONCAT('envelope=', %lld, "
	    "'\\n%%')", id), 1);
	/* By the job: nobody, from no address. */
	ck_assert_int_eq(act_count(id, "expire", "ip = '' AND user_id IS "
	    "NULL"), 1);
	snprintf(p, sizeof(p), "/sign/%lld", id);
	r = tc_get(a1, p);
	ck_assert_int_eq(r->status, 410);
	ck_assert(tc_has(r, "expired"));
	r = tc_get(o, q);
	ck_assert_int_eq(r->status, 410);
	ck_assert(tc_has(r, "This signing link has expired"));
	tc_free(staff);
	tc_free(a1);
	tc_free(o);
}
END_TEST

START_TEST(viewers_read)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m),
	    *b1 = tc_as(fx.b1m), *x2 = tc_as(fx.x2m), *o = tc_new();
	struct tc_resp	*r;
	char		 signers[512], mail[128], p[256], q[300], *m, *url;
	long		 since = (long)time(NULL) - 1;
	long long	 id;

	snprintf(mail, sizeof(mail), "vera-%s@outside.test", tc_tag());
	snprintf(signers, sizeof(signers), "1 signer %s\n1 viewer %s\n"
	    "1 viewer %s Vera Viewer\n", fx.a1m, fx.b1m, mail);
	id = send_envelope(staff, fx.c1, "For the viewers", signers);

	/* The contact viewer is told at once, with a link to the document. */
	ck_assert_int_eq(sqlf("SELECT COUNT(*) FROM notifications WHERE "
	    "user_id = %lld AND kind = 'esign.view' AND link = '/esign/%lld'",
	    fx.b1, id), 1);
	snprintf(p, sizeof(p), "/esign/%lld", id);
	r = tc_get(b1, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "For the viewers"));
	snprintf(q, sizeof(q), "/esign/%lld/doc/1", id);
	ck_assert(tc_has(r, q));
	ck_assert(!tc_has(r, "Sign now"));
	r = tc_get(b1, q);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	/* Read-only: nothing to sign for a viewer. */
	snprintf(p, sizeof(p), "/sign/%lld", id);
	ck_assert_int_eq(tc_get(b1, p)->status, 404);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_signers WHERE "
	    "envelope_id = %lld AND role = 'viewer' AND state = 'viewed' AND "
	    "user_id IS NOT NULL", id), 1);
	ck_assert_int_eq(act_count(id, "view", "summary LIKE 'Bo Second "
	    "viewed%'"), 1);
	/* Another client's contact: nothing. */
	snprintf(p, sizeof(p), "/esign/%lld", id);
	ck_assert_int_eq(tc_get(x2, p)->status, 404);

	/* The outside viewer gets a read-only link by mail. */
	m = tc_mail_wait_for(mail, since, "/esign/o/");
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(strstr(m, "For your information"));
	url = tc_find_url(m, "/esign/o/");
	free(m);
	snprintf(p, sizeof(p), "%s", path_of(url));
	free(url);
	r = tc_get(o, p);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "there is nothing for you to sign"));
	ck_assert(!tc_has(r, "Confirm it is you"));
	ck_assert(!tc_has(r, "Decline to sign"));
	snprintf(q, sizeof(q), "%s/doc/1", p);
	r = tc_get(o, q);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	/*
	 * Posting a signature or asking a code through it: refused (the
	 * read-only page has no form: the form token comes from /verify).
	 */
	tc_get(o, "/verify");
	r = tc_post(o, p, "consent", "1", "typed", "Vera", "code", "123456",
	    NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_msg(tc_has(r, "Nothing to sign here"), "%s", r->body);
	tc_get(o, "/verify");
	snprintf(q, sizeof(q), "%s/code", p);
	r = tc_post(o, q, NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert(tc_has(r, "Nothing to sign here"));
	ck_assert_int_eq(act_count(id, "code-sent", NULL), 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_signers WHERE "
	    "envelope_id = %lld AND role = 'viewer' AND state = 'signed'", id),
	    0);
	ck_assert_int_eq(act_count(id, "view", "user_id IS NULL AND summary "
	    "LIKE 'Vera Viewer viewed%'"), 1);

	/* The signer signs: the viewers are sent the sealed copy. */
	ck_assert_int_eq(sign_typed(a1, id, "Alma One"), 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);
	ck_assert_int_eq(sqlf("SELECT COUNT(*) FROM notifications WHERE "
	    "user_id = %lld AND kind = 'esign.done' AND item_id = %lld", fx.b1,
	    id), 1);
	ck_assert_ptr_nonnull(m = tc_mail_wait_for(mail, since, "/esign/d/"));
	free(m);
	tc_free(staff);
	tc_free(a1);
	tc_free(b1);
	tc_free(x2);
	tc_free(o);
}
END_TEST

/* Sends a one-signer envelope and signs it; its id. */
static long long
one_signed(struct tc_browser *staff, struct tc_browser *a1,
    const char *title)
{
	char		 signers[256];
	long long	 id;

	snprintf(signers, sizeof(signers), "1 signer %s\n", fx.a1m);
	id = send_envelope(staff, fx.c1, title, signers);
	ck_assert_int_eq(sign_typed(a1, id, "Alma One"), 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND state = 'completed'", id), 1);
	return id;
}

START_TEST(tsa_down_seals_without)
{
	struct tc_browser *staff = tc_as(STAFF), *a1 = tc_as(fx.a1m);
	struct tc_resp	*r;
	const char	*modes[] = { "fail", "slow", "garbage" };
	char		 p[128], *out;
	const char	*path;
	long long	 id;
	size_t		 i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		tsa_mode(modes[i]);
		id = one_signed(staff, a1, "Sealed without a timestamp");
		tsa_mode("ok");
		ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM "
		    "esign_envelopes WHERE id = %lld AND ts_at IS NULL AND "
		    "ts_error IS NOT NULL AND sealed_file_id IS NOT NULL", id),
		    1);
		/* The audit page says so. */
		snprintf(p, sizeof(p), "/staff/esign/%lld", id);
		r = tc_get(staff, p);
		ck_assert_int_eq(r->status, 200);
		ck_assert_msg(tc_has(r, "sealed without a timestamp"), "%s",
		    r->body);
		ck_assert_int_eq(act_count(id, "complete", "summary NOT LIKE "
		    "'%timestamped%'"), 1);
		/* The seal itself is whole; atriumctl says: no timestamp. */
		snprintf(p, sizeof(p), "/esign/%lld/sealed", id);
		r = tc_get(a1, p);
		ck_assert_int_eq(r->status, 200);
		path = tmp_write(r->body, r->len, "nots");
		ck_assert_int_eq(ctl_verify(path, &out), 0);
		ck_assert_msg(strstr(out, "timestamp: none") != NULL, "%s",
		    out);
		free(out);
		unlink(path);
	}
	/* Back up: the next seal is timestamped again. */
	id = one_signed(staff, a1, "Timestamped again");
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes "
	    "WHERE id = %lld AND ts_at IS NOT NULL", id), 1);
	tc_free(staff);
	tc_free(a1);
}
END_TEST

START_TEST(plugin_commands)
{
	char	 cmd[2048], *out;
	int	 st;

	/* atriumctl help lists the plugin's command. */
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' help 2>&1",
	    getenv("ATRIUM_TEST_PREFIX"), getenv("ATRIUM_TEST_CONF"));
	out = run(cmd, &st);
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_msg(strstr(out, "esign init | esign verify FILE.pdf (esign)")
	    != NULL, "%s", out);
	free(out);
	/* A name nobody registered: usage, status 2. */
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' no-such-command "
	    ">/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"));
	out = run(cmd, &st);
	ck_assert_int_eq(WEXITSTATUS(st), 2);
	free(out);
	/* The plugin's own usage for arguments it does not know. */
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' esign nonsense "
	    "2>&1", getenv("ATRIUM_TEST_PREFIX"), getenv("ATRIUM_TEST_CONF"));
	out = run(cmd, &st);
	ck_assert_int_eq(WEXITSTATUS(st), 2);
	ck_assert(strstr(out, "usage: atriumctl esign init") != NULL);
	free(out);
	/* A file that is not a sealed PDF. */
	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' esign verify "
	    "'%s/atrium.conf' 2>/dev/null", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), getenv("ATRIUM_TEST_DIR"));
	out = run(cmd, &st);
	ck_assert_int_eq(WEXITSTATUS(st), 1);
	ck_assert(strstr(out, "INVALID: This is not a PDF.") != NULL);
	free(out);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("esign");
	TCase	*tc = tcase_create("esign");

	setup_once();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sequence_and_seal);
	tcase_add_test(tc, outside_signer);
	tcase_add_test(tc, decline_void_replace);
	tcase_add_test(tc, expiry_by_job);
	tcase_add_test(tc, fields_flattened);
	tcase_add_test(tc, plugin_commands);
	tcase_add_test(tc, viewers_read);
	tcase_add_test(tc, tsa_down_seals_without);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
