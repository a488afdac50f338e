/*
 * The payments plugin end to end, over the real stack and the local fake
 * Stripe (tests/fake-stripe.py, started by install/test):
 *
 * - staff create and send an invoice: a draft is never a contact's; the
 *   contact sees it under Sent, its page, a valid PDF (pdfinfo, and
 *   pdftotext finds the number and the total), its UBL 2.1 e-invoice,
 *   the dashboard's card and
 *   "needs your action"; another client's contact gets 404 by list, id,
 *   PDF, pay link and ?format=xml;
 * - Pay Now: a Checkout Session created with an Idempotency-Key, the
 *   browser sent to it, the provider's signed webhook marks the invoice
 *   paid (one payment row, invoice.paid published, mail, activity, the
 *   project's "Paid" label); the same event again, and 100 deliveries of
 *   it in parallel, still make one payment; a refund through the
 *   provider is recorded when its event comes;
 * - forged, tampered, unsigned and stale deliveries are refused (400),
 *   an amount or currency that differs from the session is recorded and
 *   refused;
 * - a partial manual payment, void with a reason, a credit note, a quote
 *   accepted and turned into a deposit invoice;
 * - the recurring job issues once per period even when run twice at
 *   once, and the reminder job mails once per rule.
 *
 * The suite makes its own clients, contacts and project.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "client.h"

#define STAFF	"staff@demo.test"

static struct {
	long long	 c1, c2, u1, u2, p1;
	char		 a1[160], x2[160];
	char		 conf[2048];
} fx;

/* Dies outside a test. */
static void
die(const char *what)
{
	fprintf(stderr, "check_payments: %s\n", what);
	exit(1);
}

/*
 * Two clients with payments on and a contact each, a shared project of
 * the first, and a config for atriumctl that loads only this plugin.
 */
static void
setup_once(void)
{
	const char	*src = getenv("ATRIUM_TEST_CONF");
	const char	*dir = getenv("ATRIUM_TEST_DIR");
	char		 sql[1024], line[4096];
	FILE		*in, *o;

	fx.u1 = tc_make_client_contact("payone", &fx.c1, fx.a1, sizeof(fx.a1));
	fx.u2 = tc_make_client_contact("paytwo", &fx.c2, fx.x2, sizeof(fx.x2));
	fx.p1 = tc_make_project(fx.c1, tc_unique("Pay project"));
	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, 'payments', 1), (%lld, "
	    "'payments', 1), (%lld, 'invtest', 1), (%lld, 'invtest', 1); "
	    "INSERT INTO pay_clients (client_id, currency, "
	    "terms_days, address) VALUES (%lld, 'EUR', 14, 'Test Street 1'); "
	    "SELECT 1", fx.c1, fx.c2, fx.c1, fx.c2, fx.c1);
	if (tc_sql_int(sql) != 1)
		die("cannot switch payments on");
	if (src == NULL || dir == NULL)
		die("ATRIUM_TEST_CONF or ATRIUM_TEST_DIR is not set");
	snprintf(fx.conf, sizeof(fx.conf), "%s/payments-test.conf", dir);
	if ((in = fopen(src, "r")) == NULL ||
	    (o = fopen(fx.conf, "w")) == NULL)
		die("cannot copy the config");
	while (fgets(line, sizeof(line), in) != NULL)
		fputs(strncmp(line, "plugins", 7) == 0 ?
		    "plugins = { \"payments\" }\n" : line, o);
	fclose(in);
	fclose(o);
}

/* ---- the fake provider ---- */

struct buf {
	char	*p;
	size_t	 len;
};

static size_t
buf_write(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	b->p = realloc(b->p, b->len + size * n + 1);
	if (b->p == NULL)
		abort();
	memcpy(b->p + b->len, p, size * n);
	b->len += size * n;
	b->p[b->len] = '\0';
	return size * n;
}

/* A request to the fake Stripe (POST when post); its body, malloc'd. */
static char *
stripe(const char *path, int post)
{
	const char	*base = getenv("ATRIUM_TEST_STRIPE_URL");
	struct buf	 b = { NULL, 0 };
	char		 url[1024];
	CURL		*c;
	long		 code = 0;

	ck_assert_ptr_nonnull(base);
	snprintf(url, sizeof(url), "%s%s", base, path);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, buf_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	ck_assert_msg(code == 200, "fake stripe %s: %ld %s", path, code,
	    b.p != NULL ? b.p : "");
	return b.p != NULL ? b.p : strdup("");
}

/* The Stripe-Signature header line for body at time t with secret. */
static const char *
sign(const char *secret, long long t, const char *body)
{
	static char	 line[256];
	crypto_auth_hmacsha256_state st;
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	char		 ts[32], hex[2 * sizeof(mac) + 1];

	snprintf(ts, sizeof(ts), "%lld", t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(line, sizeof(line), "Stripe-Signature: t=%lld,v1=%s", t,
	    hex);
	return line;
}

/* Posts an event body to the webhook with header (or none). */
static struct tc_resp *
webhook(struct tc_browser *b, const char *body, const char *header)
{
	return tc_raw(b, "POST", "/payments/stripe", "application/json", body,
	    strlen(body), header);
}

/* The configured webhook secret. */
static const char *
whsec(void)
{
	const char	*s = getenv("ATRIUM_TEST_STRIPE_WHSEC");

	ck_assert_ptr_nonnull(s);
	return s;
}

/* ---- documents ---- */

/* A number of the test database for sql with one %lld. */
static long long
q(const char *sql, long long a)
{
	return tc_sql_intf(sql, a);
}

/* A text of the test database (malloc'd, trailing newline cut). */
static char *
qs(const char *fmt, long long a)
{
	char	 sql[1024], *out;
	size_t	 n;

	snprintf(sql, sizeof(sql), fmt, a);
	out = tc_sql(sql);
	ck_assert_ptr_nonnull(out);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return out;
}

/* The id of the tax rate "Standard 20%". */
static const char *
tax20(void)
{
	static char	 id[32];

	snprintf(id, sizeof(id), "%lld", tc_sql_int("SELECT id FROM "
	    "pay_taxes WHERE rate_bp = 2000 ORDER BY id LIMIT 1"));
	return id;
}

/*
 * A draft of kind for client (project 0: none) with one line of qty x
 * unit at 20 %, as staff s; its id.
 */
static long long
draft(struct tc_browser *s, long long client, long long project,
    const char *kind, const char *qty, const char *unit)
{
	struct tc_resp	*r;
	char		 cl[32], pr[32], path[128];
	long long	 id;

	snprintf(cl, sizeof(cl), "%lld", client);
	snprintf(pr, sizeof(pr), "%lld", project);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, "/staff/invoices", "client", cl, "kind", kind,
	    "title", "Test work", NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert_int_gt(id, 0);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/edit", id);
	r = tc_post(s, path, "title", "Test work", "project",
	    project > 0 ? pr : "", NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/lines", id);
	r = tc_post(s, path, "description", "Design hours", "qty", qty,
	    "unit", unit, "tax", tax20(), "discount", "", NULL);
	ck_assert_int_eq(r->status, 303);
	return id;
}

/* Sends document id as staff s. */
static void
send_doc(struct tc_browser *s, long long id)
{
	struct tc_resp	*r;
	char		 path[128];

	snprintf(path, sizeof(path), "/staff/invoices/%lld/send", id);
	r = tc_post(s, path, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'sent' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
}

/* GET path (one %lld: id) as b; its status. */
static long
status_of(struct tc_browser *b, const char *fmt, long long id)
{
	char	 path[256];

	snprintf(path, sizeof(path), fmt, id);
	return tc_get(b, path)->status;
}

/* Runs atriumctl ARGS with the payments-only config; exit status. */
static int
ctl_run(const char *args)
{
	char	 cmd[4096];
	int	 st;

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' %s "
	    ">/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"), fx.conf, args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(send_and_scope)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_browser *x = tc_as(fx.x2);
	struct tc_resp	*r;
	char		*number, path[256], file[512], cmd[1200], href[64];
	long long	 id;
	long		 since = (long)time(NULL) - 1;
	FILE		*f;
	int		 yes;

	id = draft(s, fx.c1, fx.p1, "invoice", "2", "150.00");
	/* A draft is never a contact's. */
	ck_assert_int_eq(status_of(a, "/invoices/%lld", id), 404);
	ck_assert_int_eq(status_of(a, "/invoices/%lld/pdf", id), 404);
	send_doc(s, id);
	number = qs("SELECT number FROM pay_docs WHERE id = %lld", id);
	ck_assert_msg(strncmp(number, "INV-", 4) == 0 && strlen(number) == 13,
	    "number %s", number);
	ck_assert_int_eq(q("SELECT total FROM pay_docs WHERE id = %lld", id),
	    36000);
	ck_assert_int_eq(q("SELECT due_date = issue_date + INTERVAL 14 DAY "
	    "FROM pay_docs WHERE id = %lld", id), 1);
	/* The contact is told and sees it under Sent. */
	ck_assert_ptr_nonnull(tc_mail_wait_for(fx.a1, since, number));
	r = tc_get(a, "/invoices?show=open");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, number));
	ck_assert(!tc_has(tc_get(a, "/invoices?show=paid"), number));
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "€360.00"));
	ck_assert(tc_has(r, "Pay now by card"));
	ck_assert(tc_has(r, "GB33BUKB20201555555555"));
	/* The dashboard: the card and "needs your action". */
	r = tc_get(a, "/");
	ck_assert(tc_has(r, "card-invoices") || tc_has(r, "Invoices"));
	ck_assert(tc_has(r, number));
	/* The PDF: valid, with the number and the total. */
	snprintf(path, sizeof(path), "/invoices/%lld/pdf", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(strncmp(r->body, "%PDF-", 5) == 0);
	snprintf(file, sizeof(file), "%s/payments-%ld.pdf",
	    getenv("ATRIUM_TEST_DIR"), (long)getpid());
	ck_assert_ptr_nonnull(f = fopen(file, "w"));
	fwrite(r->body, 1, r->len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s' >/dev/null 2>&1", file);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | grep -q '%s' && "
	    "pdftotext '%s' - | grep -q '€360.00'", file, number, file);
	yes = system(cmd) == 0;
	ck_assert_msg(yes, "pdftotext does not find %s and €360.00", number);
	unlink(file);
	/* The e-invoice: UBL 2.1 with the number and the amount payable. */
	snprintf(path, sizeof(path), "/invoices/%lld/ubl", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "urn:oasis:names:specification:ubl:schema:xsd:"
	    "Invoice-2"));
	ck_assert(tc_has(r, "peppol.eu:2017:poacc:billing:3.0"));
	ck_assert(tc_has(r, number));
	ck_assert(tc_has(r, "currencyID=\"EUR\">360.00</cbc:PayableAmount>"));
	ck_assert(tc_has(r, "<cbc:Percent>20.00</cbc:Percent>"));
	ck_assert_int_eq(status_of(x, "/invoices/%lld/ubl", id), 404);
	/* Search finds it by number for its client only. */
	snprintf(path, sizeof(path), "/search?q=%s", number);
	snprintf(href, sizeof(href), "\"/invoices/%lld\"", id);
	ck_assert_msg(tc_has(tc_get(a, path), href), "search: no %s", href);
	ck_assert(!tc_has(tc_get(x, path), href));
	/* Another client's contact: 404 everywhere. */
	ck_assert(!tc_has(tc_get(x, "/invoices"), number));
	ck_assert_int_eq(status_of(x, "/invoices/%lld", id), 404);
	ck_assert_int_eq(status_of(x, "/invoices/%lld/pdf", id), 404);
	ck_assert_int_eq(status_of(x, "/invoices/%lld?format=xml", id), 404);
	tc_get(x, "/invoices");
	snprintf(path, sizeof(path), "/invoices/%lld/pay", id);
	ck_assert_int_eq(tc_post(x, path, NULL)->status, 404);
	snprintf(path, sizeof(path), "/invoices/%lld/accept", id);
	ck_assert_int_eq(tc_post(x, path, "name", "X", NULL)->status, 404);
	/* Staff pages are staff's. */
	ck_assert(tc_status_is(tc_get(a, "/staff/invoices"), 403) ||
	    tc_status_is(tc_get(a, "/staff/invoices"), 404));
	free(number);
	tc_free(s);
	tc_free(a);
	tc_free(x);
}
END_TEST

/* Pay Now for invoice id as a: the Checkout Session's id (malloc'd). */
static char *
pay_now(struct tc_browser *a, long long id)
{
	struct tc_resp	*r;
	char		 path[128], *loc, *sid;
	const char	*p;

	snprintf(path, sizeof(path), "/invoices/%lld", id);
	tc_get(a, path);
	snprintf(path, sizeof(path), "/invoices/%lld/pay", id);
	r = tc_post(a, path, NULL);
	ck_assert_int_eq(r->status, 303);
	loc = tc_header(r, "Location");
	ck_assert_ptr_nonnull(loc);
	ck_assert_msg(strstr(loc, getenv("ATRIUM_TEST_STRIPE_URL")) == loc &&
	    (p = strstr(loc, "/pay/cs_")) != NULL, "Location %s", loc);
	sid = strdup(p + 5);
	sid[strcspn(sid, "\r\n ")] = '\0';
	free(loc);
	return sid;
}

START_TEST(pay_by_card_once)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1), *b = tc_new();
	struct tc_resp	*r;
	char		*sid, *out, *evt, *e, path[256], sql[512];
	long long	 id;
	int		 n;
	long		 since = (long)time(NULL) - 1;

	id = draft(s, fx.c1, fx.p1, "invoice", "1.5", "99.99");
	send_doc(s, id);
	sid = pay_now(a, id);
	/* The session asked for the balance, with an idempotency key. */
	out = stripe("/_test/requests", 0);
	snprintf(path, sizeof(path), "\"idempotency_key\": \"atrium-invoice-"
	    "%lld-", id);
	ck_assert_msg(strstr(out, path) != NULL, "no idempotency key: %s",
	    out);
	ck_assert_int_eq(q("SELECT amount FROM pay_checkouts WHERE doc_id = "
	    "%lld", id), 17998);	/* 149.985 -> 149.98, +20 % = 29.996 */
	free(out);
	/* The card is charged: the provider posts its signed events. */
	snprintf(path, sizeof(path), "/_test/complete/%s", sid);
	out = stripe(path, 1);
	ck_assert_msg(strstr(out, "\"status\": 200") != NULL, "%s", out);
	ck_assert_int_eq(q("SELECT status = 'paid' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT SUM(amount) FROM pay_payments WHERE doc_id "
	    "= %lld", id), 17998);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM events WHERE name = "
	    "'invoice.paid' AND payload LIKE 'invoice=%lld\n%%'", id);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM activity WHERE object = "
	    "'invoice' AND object_id = %lld AND action = 'payment'", id), 1);
	ck_assert_ptr_nonnull(tc_mail_wait_for(fx.a1, since, "is paid"));
	/* The project shows Invoiced / Paid; the return page thanks. */
	snprintf(path, sizeof(path), "/projects/%lld", fx.p1);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Invoiced") && tc_has(r, "Paid"));
	snprintf(path, sizeof(path), "/invoices/%lld?paid=1", id);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	/* The same event again, then 100 at once: still one payment. */
	evt = strstr(out, "\"id\": \"evt_");
	ck_assert_ptr_nonnull(evt);
	evt = strdup(evt + 7);
	*strchr(evt, '"') = '\0';
	snprintf(path, sizeof(path), "/_test/redeliver/%s", evt);
	e = stripe(path, 1);
	ck_assert_msg(strstr(e, "[200]") != NULL, "%s", e);
	free(e);
	snprintf(path, sizeof(path), "/_test/redeliver/%s?times=100", evt);
	e = stripe(path, 1);
	ck_assert_msg(strstr(e, "500") == NULL && strstr(e, "400") == NULL,
	    "%s", e);
	free(e);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT paid FROM pay_docs WHERE id = %lld", id),
	    17998);
	snprintf(sql, sizeof(sql), "SELECT deliveries FROM pay_events WHERE "
	    "event_id = '%s'", evt);
	ck_assert_int_eq(tc_sql_int(sql), 102);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM events WHERE name = "
	    "'invoice.paid' AND payload LIKE 'invoice=%lld\n%%'", id);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	/* A paid invoice takes no more card payment. */
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	r = tc_get(a, path);
	ck_assert(!tc_has(r, "Pay now by card"));
	/* A refund through the provider, recorded when it confirms. */
	snprintf(path, sizeof(path), "/staff/invoices/%lld", id);
	tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/refund", id);
	r = tc_post(s, path, "amount", "500.00", NULL);
	ck_assert_int_eq(r->status, 303);
	r = tc_post(s, path, "amount", "20.00", NULL);
	ck_assert_int_eq(r->status, 303);
	for (n = 0; n < 100 && q("SELECT paid FROM pay_docs WHERE id = %lld",
	    id) != 15998; n++)
		usleep(100000);
	ck_assert_int_eq(q("SELECT paid FROM pay_docs WHERE id = %lld", id),
	    15998);
	ck_assert_int_eq(q("SELECT status = 'partial' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld AND amount = -2000", id), 1);
	free(evt);
	free(out);
	free(sid);
	tc_free(s);
	tc_free(a);
	tc_free(b);
}
END_TEST

START_TEST(forged_and_stale_refused)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1), *b = tc_new();
	struct tc_resp	*r;
	char		 body[1024], id[64], *sid;
	long long	 inv, now = (long long)time(NULL);

	inv = draft(s, fx.c1, 0, "invoice", "1", "10.00");
	send_doc(s, inv);
	sid = pay_now(a, inv);
	snprintf(id, sizeof(id), "evt_forged_%lld_%ld", now, (long)getpid());
	snprintf(body, sizeof(body), "{\"id\": \"%s\", \"object\": \"event\", "
	    "\"type\": \"checkout.session.completed\", \"data\": {\"object\": "
	    "{\"id\": \"%s\", \"object\": \"checkout.session\", "
	    "\"amount_total\": 1200, \"currency\": \"eur\", "
	    "\"payment_status\": \"paid\", \"payment_intent\": \"pi_f_%lld\", "
	    "\"metadata\": {\"invoice_id\": \"%lld\"}}}}", id, sid, now, inv);
	/* Wrong secret, no header, tampered body, too old: 400. */
	r = webhook(b, body, sign("whsec_wrong", now, body));
	ck_assert_int_eq(r->status, 400);
	r = webhook(b, body, NULL);
	ck_assert_int_eq(r->status, 400);
	{
		char	 hdr[256], tampered[1024];

		snprintf(hdr, sizeof(hdr), "%s", sign(whsec(), now, body));
		snprintf(tampered, sizeof(tampered), "%s", body);
		*strstr(tampered, "1200") = '9';
		r = webhook(b, tampered, hdr);
		ck_assert_int_eq(r->status, 400);
	}
	r = webhook(b, body, sign(whsec(), now - 600, body));
	ck_assert_int_eq(r->status, 400);
	r = webhook(b, body, sign(whsec(), now + 600, body));
	ck_assert_int_eq(r->status, 400);
	{
		char	 sql[256];

		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM pay_events "
		    "WHERE event_id = '%s'", id);
		ck_assert_int_eq(tc_sql_int(sql), 0);
	}
	ck_assert_int_eq(q("SELECT paid FROM pay_docs WHERE id = %lld", inv),
	    0);
	/* Genuine but for another amount: recorded, refused, not paid. */
	{
		char	 bad[1024], sql[256];

		snprintf(bad, sizeof(bad), "%s", body);
		memcpy(strstr(bad, "1200"), "1100", 4);
		r = webhook(b, bad, sign(whsec(), now, bad));
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, "refused"));
		snprintf(sql, sizeof(sql), "SELECT outcome LIKE 'refused%%' "
		    "FROM pay_events WHERE event_id = '%s'", id);
		ck_assert_int_eq(tc_sql_int(sql), 1);
		/* Another currency, another event id: refused too. */
		snprintf(bad, sizeof(bad), "%s", body);
		memcpy(strstr(bad, "\"eur\""), "\"usd\"", 5);
		memcpy(strstr(bad, "evt_forged"), "evt_curncy", 10);
		r = webhook(b, bad, sign(whsec(), now, bad));
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, "refused"));
	}
	ck_assert_int_eq(q("SELECT paid FROM pay_docs WHERE id = %lld", inv),
	    0);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld", inv), 0);
	/* Not JSON but signed: 400, nothing recorded. */
	r = webhook(b, "{\"id\": ", sign(whsec(), now, "{\"id\": "));
	ck_assert_int_eq(r->status, 400);
	free(sid);
	tc_free(s);
	tc_free(a);
	tc_free(b);
}
END_TEST

START_TEST(partial_then_paid_then_refund)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_resp	*r;
	char		 path[128];
	long long	 id;

	id = draft(s, fx.c1, 0, "invoice", "1", "100.00");	/* 120.00 */
	send_doc(s, id);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", id);
	r = tc_post(s, path, "amount", "50.00", "method", "bank", "reference",
	    "Transfer 1", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'partial' AND paid = 5000 FROM "
	    "pay_docs WHERE id = %lld", id), 1);
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Partially paid"));
	ck_assert(tc_has(r, "€70.00"));
	/* A bad amount changes nothing. */
	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", id);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "amount", "12.345", "method", "bank", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT paid FROM pay_docs WHERE id = %lld", id),
	    5000);
	r = tc_post(s, path, "amount", "70.00", "method", "cheque", NULL);
	ck_assert_int_eq(q("SELECT status = 'paid' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
	/* A refund opens it again. */
	r = tc_post(s, path, "amount", "-20.00", "method", "bank", NULL);
	ck_assert_int_eq(q("SELECT status = 'partial' AND paid = 10000 FROM "
	    "pay_docs WHERE id = %lld", id), 1);
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(void_and_credit_note)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_resp	*r;
	char		 path[128];
	long long	 id, id2, cn;

	id = draft(s, fx.c1, 0, "invoice", "1", "10.00");
	send_doc(s, id);
	/* A sent document never changes. */
	snprintf(path, sizeof(path), "/staff/invoices/%lld/lines", id);
	r = tc_post(s, path, "description", "More", "qty", "1", "unit", "1",
	    "tax", tax20(), NULL);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_lines WHERE doc_id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT total FROM pay_docs WHERE id = %lld", id),
	    1200);
	/* Void needs a reason. */
	snprintf(path, sizeof(path), "/staff/invoices/%lld/void", id);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "reason", "", NULL);
	ck_assert_int_eq(q("SELECT status = 'sent' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "reason", "Sent to the wrong client", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'void' FROM pay_docs WHERE id = "
	    "%lld", id), 1);
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Sent to the wrong client"));
	ck_assert(!tc_has(r, "Pay now by card"));
	/* A credit note for another sent invoice. */
	id2 = draft(s, fx.c1, 0, "invoice", "2", "10.00");
	send_doc(s, id2);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/credit", id2);
	r = tc_post(s, path, "reason", "Discount agreed", NULL);
	ck_assert_int_eq(r->status, 303);
	cn = tc_location_id(r);
	ck_assert_int_gt(cn, id2);
	ck_assert_int_eq(q("SELECT kind = 'credit' AND number LIKE 'CN-%%' AND "
	    "total = -2400 AND status = 'sent' FROM pay_docs WHERE id = %lld",
	    cn), 1);
	ck_assert_int_eq(q("SELECT status = 'credited' AND credited = 2400 "
	    "FROM pay_docs WHERE id = %lld", id2), 1);
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(quote_accepted_becomes_invoice)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_browser *x = tc_as(fx.x2);
	struct tc_resp	*r;
	char		 path[128];
	long long	 id, inv;

	/* 1,200.00 with tax. */
	id = draft(s, fx.c1, fx.p1, "quote", "10", "100.00");
	send_doc(s, id);
	ck_assert_int_eq(q("SELECT number LIKE 'QUO-%%' FROM pay_docs WHERE "
	    "id = %lld", id), 1);
	ck_assert(tc_has(tc_get(a, "/invoices"), "Quotes waiting"));
	ck_assert(tc_has(tc_get(a, "/"), "Accept"));
	snprintf(path, sizeof(path), "/invoices/%lld/accept", id);
	tc_get(x, "/invoices");
	ck_assert_int_eq(tc_post(x, path, "name", "Mallory", NULL)->status,
	    404);
	snprintf(path, sizeof(path), "/invoices/%lld", id);
	tc_get(a, path);
	snprintf(path, sizeof(path), "/invoices/%lld/accept", id);
	r = tc_post(a, path, "name", "Alma Payone", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'accepted' AND answered_name = "
	    "'Alma Payone' AND answered_at IS NOT NULL AND answered_addr <> '' "
	    "FROM pay_docs WHERE id = %lld", id), 1);
	/* Accepting twice changes nothing. */
	r = tc_post(a, path, "name", "Someone else", NULL);
	ck_assert_int_eq(q("SELECT answered_name = 'Alma Payone' FROM pay_docs "
	    "WHERE id = %lld", id), 1);
	/* A 30 % deposit invoice. */
	snprintf(path, sizeof(path), "/staff/invoices/%lld/convert", id);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "deposit", "30", NULL);
	ck_assert_int_eq(r->status, 303);
	inv = tc_location_id(r);
	ck_assert_int_gt(inv, id);
	ck_assert_int_eq(q("SELECT kind = 'invoice' AND status = 'draft' AND "
	    "total = 36000 AND deposit_bp = 3000 FROM pay_docs WHERE id = "
	    "%lld", inv), 1);
	ck_assert_int_eq(q("SELECT status = 'invoiced' FROM pay_docs WHERE "
	    "id = %lld", id), 1);
	send_doc(s, inv);
	tc_free(s);
	tc_free(a);
	tc_free(x);
}
END_TEST

START_TEST(recurring_once_per_period)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[128], today[16];
	long long	 id;
	time_t		 t = time(NULL);
	pid_t		 p1, p2;
	int		 st;

	strftime(today, sizeof(today), "%Y-%m-%d", localtime(&t));
	id = draft(s, fx.c2, 0, "invoice", "1", "500.00");
	send_doc(s, id);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/recurring", id);
	r = tc_post(s, path, "every", "month", "start", today, NULL);
	ck_assert_int_eq(r->status, 303);
	/* Today (by the database's clock) is due: make it so whatever TZ. */
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_recurring WHERE "
	    "source_id = %lld", id), 1);
	tc_sql_intf("UPDATE pay_recurring SET next_on = CURRENT_DATE() WHERE "
	    "source_id = %lld; SELECT 1", id);
	/* Two runners at once. */
	if ((p1 = fork()) == 0)
		_exit(ctl_run("jobs run payments.recurring"));
	if ((p2 = fork()) == 0)
		_exit(ctl_run("jobs run payments.recurring"));
	waitpid(p1, &st, 0);
	waitpid(p2, &st, 0);
	ck_assert_int_eq(ctl_run("jobs run payments.recurring"), 0);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_docs d JOIN pay_recurring "
	    "r ON r.id = d.recurring_id WHERE r.source_id = %lld", id), 1);
	ck_assert_int_eq(q("SELECT d.status = 'sent' AND d.number LIKE "
	    "'INV-%%' AND d.total = 60000 FROM pay_docs d JOIN pay_recurring r "
	    "ON r.id = d.recurring_id WHERE r.source_id = %lld", id), 1);
	ck_assert_int_eq(q("SELECT next_on > CURRENT_DATE() FROM pay_recurring "
	    "WHERE source_id = %lld", id), 1);
	tc_free(s);
}
END_TEST

START_TEST(reminder_once_per_rule)
{
	struct tc_browser *s = tc_as(STAFF);
	char		*number;
	long long	 id;
	long		 since = (long)time(NULL) - 1;

	id = draft(s, fx.c2, 0, "invoice", "1", "80.00");
	send_doc(s, id);
	number = qs("SELECT number FROM pay_docs WHERE id = %lld", id);
	/* Eight days overdue: the 7-day rule applies. */
	tc_sql_intf("UPDATE pay_docs SET due_date = CURRENT_DATE() - INTERVAL "
	    "8 DAY WHERE id = %lld; SELECT 1", id);
	ck_assert_int_eq(ctl_run("jobs run payments.remind"), 0);
	ck_assert_int_eq(ctl_run("jobs run payments.remind"), 0);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_reminders WHERE doc_id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT rule_days FROM pay_reminders WHERE doc_id "
	    "= %lld", id), 7);
	ck_assert_int_eq(ctl_run("mail send"), 0);
	ck_assert_ptr_nonnull(tc_mail_wait_for(fx.x2, since, "is overdue"));
	ck_assert_int_eq(tc_mail_count(fx.x2, since, "Reminder: invoice"), 1);
	/* Through the notification service (the contact's bell) and into
	   the activity log, once. */
	ck_assert_int_eq(q("SELECT COUNT(*) FROM notifications WHERE kind = "
	    "'payments.reminders' AND item_type = 'invoice' AND item_id = "
	    "%lld", id), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM activity WHERE action = "
	    "'remind' AND object = 'invoice' AND object_id = %lld", id), 1);
	free(number);
	tc_free(s);
}
END_TEST

/* POSTs to /invtest/issue as staff s with NULL-ended name, value pairs;
   the answer's text (static until the next call). */
static const char *
svc_issue(struct tc_browser *s, ...)
{
	static char	 out[1024];
	struct tc_resp	*r;
	const char	*n[24], *v[24];
	va_list		 ap;
	int		 k = 0;

	va_start(ap, s);
	while (k < 11 && (n[k] = va_arg(ap, const char *)) != NULL) {
		v[k] = va_arg(ap, const char *);
		k++;
	}
	va_end(ap);
	for (; k < 11; k++)
		n[k] = v[k] = NULL;
	r = tc_post(s, "/invtest/issue", n[0], v[0], n[1], v[1], n[2], v[2],
	    n[3], v[3], n[4], v[4], n[5], v[5], n[6], v[6], n[7], v[7], n[8],
	    v[8], n[9], v[9], n[10], v[10], NULL);
	ck_assert_msg(r->status == 200, "/invtest/issue: %ld %s", r->status,
	    r->body != NULL ? r->body : "");
	snprintf(out, sizeof(out), "%s", r->body);
	return out;
}

/* The id= of an answer of /invtest/issue. */
static long long
svc_id(const char *ans)
{
	const char	*p = strstr(ans, " id=");

	ck_assert_ptr_nonnull(p);
	return atoll(p + 4);
}

/* Waits up to 10 s for sql (one %lld: a) to give want. */
static void
wait_for(const char *sql, long long a, long long want)
{
	int	 n;

	for (n = 0; n < 100 && q(sql, a) != want; n++)
		usleep(100000);
	ck_assert_msg(q(sql, a) == want, "%s (%lld): %lld, not %lld", sql, a,
	    q(sql, a), want);
}

START_TEST(invoicing_service)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_browser *x = tc_as(fx.x2);
	const char	*ans;
	char		 cl[32], c2[32], p1[32], ref[96], path[256], *number;
	char		 usd[160], cu[32];
	long long	 id, id2, cusd, cold;
	long		 since = (long)time(NULL) - 1;

	snprintf(cl, sizeof(cl), "%lld", fx.c1);
	snprintf(c2, sizeof(c2), "%lld", fx.c2);
	snprintf(p1, sizeof(p1), "%lld", fx.p1);
	snprintf(ref, sizeof(ref), "%s", tc_unique("contract:"));
	tc_get(s, "/staff/invoices");
	/* Issued and sent: the client's terms (14 days), tax by name. */
	ans = svc_issue(s, "client", cl, "project", p1, "origin", "contracts",
	    "ref", ref, "desc", "Deposit for the contract", "qty", "1000",
	    "unit", "50000", "tax", "Standard 20%", NULL);
	ck_assert_msg(strncmp(ans, "rc=0 ", 5) == 0 && strstr(ans,
	    "number=INV-") != NULL, "%s", ans);
	id = svc_id(ans);
	number = qs("SELECT number FROM pay_docs WHERE id = %lld", id);
	ck_assert_int_eq(q("SELECT kind = 'invoice' AND status = 'sent' AND "
	    "total = 60000 AND tax = 10000 AND currency = 'EUR' AND "
	    "due_date = issue_date + INTERVAL 14 DAY AND origin = 'contracts' "
	    "AND project_id IS NOT NULL FROM pay_docs WHERE id = %lld", id),
	    1);
	/* Told as staff "send" tells: the event, the activity, the mail. */
	ck_assert_int_eq(q("SELECT COUNT(*) FROM events WHERE name = "
	    "'invoice.sent' AND payload LIKE CONCAT('invoice=', %lld, "
	    "'\\n%%')", id), 1);
	wait_for("SELECT COUNT(*) FROM activity WHERE object = 'invoice' AND "
	    "object_id = %lld AND action = 'issue'", id, 1);
	ck_assert_int_eq(ctl_run("mail send"), 0);
	ck_assert_ptr_nonnull(tc_mail_wait_for(fx.a1, since, number));
	ck_assert_int_eq(q("SELECT COUNT(*) FROM notifications WHERE kind = "
	    "'payments.documents' AND item_type = 'invoice' AND item_id = "
	    "%lld", id), 1);
	ck_assert(tc_has(tc_get(a, "/invoices?show=open"), number));
	/* Asking again issues nothing new: the same invoice, rc 1. */
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", ref,
	    "desc", "Deposit for the contract", "qty", "1000", "unit", "50000",
	    NULL);
	ck_assert_msg(strncmp(ans, "rc=1 ", 5) == 0 && strstr(ans, number) !=
	    NULL && svc_id(ans) == id, "%s", ans);
	snprintf(path, sizeof(path), "SELECT COUNT(*) FROM pay_docs WHERE "
	    "origin_ref = '%s' AND %%lld > 0", ref);
	ck_assert_int_eq(q(path, 1), 1);
	/* The same ref from another origin is another invoice. */
	ans = svc_issue(s, "client", cl, "origin", "cases", "ref", ref,
	    "desc", "Change request", "qty", "2500", "unit", "1000", NULL);
	ck_assert_msg(strncmp(ans, "rc=0 ", 5) == 0, "%s", ans);
	id2 = svc_id(ans);
	ck_assert_int_ne(id2, id);
	ck_assert_int_eq(q("SELECT total FROM pay_docs WHERE id = %lld", id2),
	    2500);
	/* Summary, scoped: the client's contact and staff, not another's. */
	snprintf(path, sizeof(path), "/invtest/summary/%lld", id);
	ans = tc_get(a, path)->body;
	ck_assert_msg(strstr(ans, "rc=0") != NULL && strstr(ans, number) !=
	    NULL && strstr(ans, "state=sent") != NULL && strstr(ans,
	    "€600.00") != NULL, "%s", ans);
	ck_assert(strstr(tc_get(s, path)->body, "rc=0") != NULL);
	ans = tc_get(x, path)->body;
	ck_assert_msg(strstr(ans, "rc=1") != NULL && strstr(ans, number) ==
	    NULL, "%s", ans);
	ck_assert(strstr(tc_get(s, "/invtest/summary/999999999")->body,
	    "rc=1") != NULL);
	/* Bad input is refused with a sentence, and nothing is written. */
	cold = q("SELECT COUNT(*) FROM pay_docs WHERE %lld > 0", 1);
	ans = svc_issue(s, "client", cl, "origin", "Not A Name!", "ref",
	    "r1", "desc", "x", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "origin"), "%s", ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "",
	    "desc", "x", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "reference"), "%s",
	    ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "r2",
	    "desc", "x", "unit", "100", "lines", "0", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "lines"), "%s", ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "r3",
	    "desc", "", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "description"),
	    "%s", ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "r4",
	    "desc", "x", "qty", "0", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "quantity"), "%s",
	    ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "r5",
	    "desc", "x", "unit", "100", "tax", "Moon tax 99%", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "tax rate"), "%s",
	    ans);
	ans = svc_issue(s, "client", cl, "origin", "contracts", "ref", "r6",
	    "desc", "x", "unit", "-100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "total"), "%s", ans);
	ans = svc_issue(s, "client", "999999999", "origin", "contracts", "ref",
	    "r7", "desc", "x", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "client"), "%s",
	    ans);
	ans = svc_issue(s, "client", c2, "project", p1, "origin", "contracts",
	    "ref", "r8", "desc", "x", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "project"), "%s",
	    ans);
	snprintf(cu, sizeof(cu), "%lld", tc_make_client(tc_unique("No pay")));
	ans = svc_issue(s, "client", cu, "origin", "contracts", "ref", "r9",
	    "desc", "x", "unit", "100", NULL);
	ck_assert_msg(strstr(ans, "rc=-1") && strstr(ans, "switched on"),
	    "%s", ans);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_docs WHERE %lld > 0", 1),
	    cold);
	/* The client's currency and terms. */
	tc_make_client_contact("payusd", &cusd, usd, sizeof(usd));
	tc_sql_intf("INSERT INTO client_plugins (client_id, plugin, enabled) "
	    "VALUES (%1$lld, 'payments', 1); INSERT INTO pay_clients "
	    "(client_id, currency, terms_days) VALUES (%1$lld, 'USD', 7); "
	    "SELECT 1", cusd);
	snprintf(cu, sizeof(cu), "%lld", cusd);
	ans = svc_issue(s, "client", cu, "origin", "contracts", "ref",
	    tc_unique("contract:"), "desc", "Retainer", "qty", "1500", "unit", "9999", NULL);
	ck_assert_msg(strncmp(ans, "rc=0 ", 5) == 0, "%s", ans);
	ck_assert_int_eq(q("SELECT currency = 'USD' AND total = 14998 AND "
	    "due_date = issue_date + INTERVAL 7 DAY FROM pay_docs WHERE id = "
	    "%lld", svc_id(ans)), 1);
	free(number);
	tc_free(s);
	tc_free(a);
	tc_free(x);
}
END_TEST

/* The sum of client's credit in EUR. */
static long long
credit_of(long long client)
{
	return q("SELECT COALESCE(SUM(amount), 0) FROM pay_credit WHERE "
	    "client_id = %lld AND currency = 'EUR'", client);
}

/* Whether invoice id's paid amount is the sum of its payments. */
static void
paid_is_sum(long long id)
{
	ck_assert_int_eq(q("SELECT d.paid = (SELECT COALESCE(SUM(amount), 0) "
	    "FROM pay_payments p WHERE p.doc_id = d.id) FROM pay_docs d WHERE "
	    "d.id = %lld", id), 1);
}

START_TEST(overpayment_becomes_credit)
{
	struct tc_browser *s = tc_as(STAFF), *a;
	struct tc_resp	*r;
	char		 em[160], path[256], *sid, *out;
	long long	 c3, ia, ib, ic;

	tc_make_client_contact("paycredit", &c3, em, sizeof(em));
	tc_sql_intf("INSERT INTO client_plugins (client_id, plugin, enabled) "
	    "VALUES (%lld, 'payments', 1); SELECT 1", c3);
	a = tc_as(em);
	/* 120.00 paid with 150.00 by bank transfer: 30.00 is credit. */
	ia = draft(s, c3, 0, "invoice", "1", "100.00");
	send_doc(s, ia);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", ia);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "amount", "150.00", "method", "bank",
	    "reference", "Transfer 150", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'paid' AND paid = 12000 FROM "
	    "pay_docs WHERE id = %lld", ia), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld AND method = 'credit' AND amount = -3000", ia), 1);
	paid_is_sum(ia);
	ck_assert_int_eq(credit_of(c3), 3000);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM activity WHERE object = "
	    "'invoice' AND object_id = %lld AND action = 'credit-kept'", ia),
	    1);
	/* Shown to the client and to staff. */
	r = tc_get(a, "/invoices");
	ck_assert(tc_has(r, "Your credit") && tc_has(r, "€30.00"));
	snprintf(path, sizeof(path), "/staff/invoices?client=%lld", c3);
	r = tc_get(s, path);
	ck_assert(tc_has(r, "Client credit") && tc_has(r, "€30.00"));
	/* The next invoice (12.00) is paid from it when sent. */
	ib = draft(s, c3, 0, "invoice", "1", "10.00");
	snprintf(path, sizeof(path), "/staff/invoices/%lld/send", ib);
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);
	ck_assert_int_eq(q("SELECT status = 'paid' AND paid = 1200 FROM "
	    "pay_docs WHERE id = %lld", ib), 1);
	paid_is_sum(ib);
	ck_assert_int_eq(credit_of(c3), 1800);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM activity WHERE object = "
	    "'invoice' AND object_id = %lld AND action = 'credit-applied'",
	    ib), 1);
	/* The one after (60.00) takes the rest: 18.00, 42.00 left. */
	ic = draft(s, c3, 0, "invoice", "1", "50.00");
	snprintf(path, sizeof(path), "/staff/invoices/%lld/send", ic);
	r = tc_post(s, path, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(q("SELECT status = 'partial' AND paid = 1800 AND "
	    "total - paid = 4200 FROM pay_docs WHERE id = %lld", ic), 1);
	ck_assert_int_eq(credit_of(c3), 0);
	snprintf(path, sizeof(path), "/invoices/%lld", ic);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "€42.00") && tc_has(r, "client credit"));
	ck_assert(!tc_has(tc_get(a, "/invoices"), "Your credit"));
	/* Overpaid by card: the session asks 42.00, then 10.00 comes by
	   bank, then the card payment: 10.00 becomes credit. */
	sid = pay_now(a, ic);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", ic);
	tc_get(s, "/staff/invoices");
	r = tc_post(s, path, "amount", "10.00", "method", "bank", NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/_test/complete/%s", sid);
	out = stripe(path, 1);
	ck_assert_msg(strstr(out, "\"status\": 200") != NULL, "%s", out);
	ck_assert_int_eq(q("SELECT status = 'paid' AND paid = 6000 FROM "
	    "pay_docs WHERE id = %lld", ic), 1);
	paid_is_sum(ic);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_payments WHERE doc_id = "
	    "%lld AND method = 'card' AND amount = 4200", ic), 1);
	ck_assert_int_eq(credit_of(c3), 1000);
	ck_assert(tc_has(tc_get(a, "/invoices"), "€10.00"));
	/* A refund of credit: never more than the credit. */
	snprintf(path, sizeof(path), "/staff/invoices?client=%lld", c3);
	tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/payments/credit/%lld/refund", c3);
	r = tc_post(s, path, "currency", "EUR", "amount", "20.00", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(credit_of(c3), 1000);
	r = tc_post(s, path, "currency", "EUR", "amount", "10.00",
	    "reference", "Paid back", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(credit_of(c3), 0);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM activity WHERE object = "
	    "'credit' AND object_id = %lld AND action = 'refund'", c3), 1);
	ck_assert_int_eq(q("SELECT COUNT(*) FROM pay_credit WHERE client_id = "
	    "%lld AND kind = 'refund' AND amount = -1000", c3), 1);
	/* A contact records no refund. */
	tc_get(a, "/invoices");
	r = tc_post(a, path, "currency", "EUR", "amount", "1.00", NULL);
	ck_assert(r->status == 403 || r->status == 404);
	free(out);
	free(sid);
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(invoices_marked)
{
	struct tc_browser *s = tc_as(STAFF), *a;
	char		 em[160], path[128];
	long long	 c, id;

	tc_make_client_contact("paymarks", &c, em, sizeof(em));
	tc_sql_intf("INSERT INTO client_plugins (client_id, plugin, enabled) "
	    "VALUES (%lld, 'payments', 1); SELECT 1", c);
	a = tc_as(em);
	ck_assert_int_eq(tc_get(a, "/invoices")->status, 200);
	id = draft(s, c, 0, "invoice", "1", "10.00");
	sleep(2);
	send_doc(s, id);
	/* Sent since the last visit: new; then seen. */
	ck_assert(tc_has(tc_get(a, "/invoices"), "mark-new"));
	sleep(1);
	ck_assert(!tc_has(tc_get(a, "/invoices"), "mark-new"));
	/* Paid in part: updated. */
	sleep(1);
	snprintf(path, sizeof(path), "/staff/invoices/%lld/payments", id);
	tc_get(s, "/staff/invoices");
	ck_assert_int_eq(tc_post(s, path, "amount", "5.00", "method", "bank",
	    NULL)->status, 303);
	ck_assert(tc_has(tc_get(a, "/invoices"), "mark-updated"));
	sleep(1);
	ck_assert(!tc_has(tc_get(a, "/invoices"), "mark-updated"));
	tc_free(s);
	tc_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	if (sodium_init() < 0)
		return EXIT_FAILURE;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	setup_once();
	s = suite_create("payments");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, send_and_scope);
	tcase_add_test(tc, pay_by_card_once);
	tcase_add_test(tc, forged_and_stale_refused);
	tcase_add_test(tc, partial_then_paid_then_refund);
	tcase_add_test(tc, void_and_credit_note);
	tcase_add_test(tc, quote_accepted_becomes_invoice);
	tcase_add_test(tc, recurring_once_per_period);
	tcase_add_test(tc, reminder_once_per_rule);
	tcase_add_test(tc, invoicing_service);
	tcase_add_test(tc, overpayment_becomes_credit);
	tcase_add_test(tc, invoices_marked);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
