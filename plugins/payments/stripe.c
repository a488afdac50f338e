/*
 * The card provider: Stripe Checkout.  Pay Now creates a Checkout Session
 * server-side (libcurl, form-encoded POST {api-base}/v1/checkout/sessions
 * with the secret key as Bearer token and an Idempotency-Key) for the
 * invoice's balance and currency, and the browser goes to the session's
 * url; no card data ever reaches Atrium.  The provider then posts signed
 * events to POST /payments/stripe: the Stripe-Signature header is checked
 * over the raw body (core HMAC service), each event id is processed once,
 * and a payment is recorded once per provider payment, in one
 * transaction with the invoice's state, its activity entry and the
 * durable event invoice.paid.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include <atrium/atrium.h>
#include <atrium/hmac.h>
#include <atrium/money.h>

#include "invoice.h"
#include "pay.h"

#define PAY_MAXANSWER	(256 * 1024)

struct pay_buf {
	struct at_pool	*pool;
	char		*data;
	size_t		 len, cap;
	int		 over;
};

/* libcurl's write callback: appends to the buffer, at most 256 KB. */
static size_t
pay_curl_write(char *p, size_t size, size_t n, void *arg)
{
	struct pay_buf	*b = arg;
	size_t		 len = size * n;
	char		*d;

	if (b->len + len > PAY_MAXANSWER) {
		b->over = 1;
		return 0;
	}
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		d = at_palloc(b->pool, b->cap);
		if (b->len > 0)
			memcpy(d, b->data, b->len);
		b->data = d;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

/* Appends "&name=value" (both encoded) to *form, in the pool. */
static void
pay_field(struct at_pool *pool, char **form, const char *name,
    const char *value)
{
	*form = at_pprintf(pool, "%s%s%s=%s", *form, **form != '\0' ? "&" : "",
	    at_url_encode(pool, name), at_url_encode(pool, value));
}

/*
 * POSTs form (form-encoded) to {api-base}path with the secret key and
 * the Idempotency-Key idem; the answer's body in *b (the pool).  0 on
 * HTTP 200, or -1 with *errstr for the log.
 */
static int
pay_api_post(struct at_req *req, const char *path, const char *form,
    const char *idem, struct pay_buf *b, const char **errstr)
{
	struct curl_slist *h = NULL;
	CURL		*c;
	CURLcode	 cc;
	long		 code = 0;

	memset(b, 0, sizeof(*b));
	b->pool = at_req_pool(req);
	if ((c = curl_easy_init()) == NULL) {
		*errstr = "curl_easy_init failed";
		return -1;
	}
	h = curl_slist_append(h, at_pprintf(at_req_pool(req), "Authorization: Bearer "
	    "%s", pay_conf.secret_key));
	h = curl_slist_append(h, at_pprintf(at_req_pool(req), "Idempotency-Key: %s",
	    idem));
	h = curl_slist_append(h, "Stripe-Version: 2024-06-20");
	curl_easy_setopt(c, CURLOPT_URL, at_pprintf(at_req_pool(req), "%s%s",
	    pay_conf.api_base, path));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, pay_curl_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Atrium payments");
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (cc != CURLE_OK) {
		*errstr = at_pprintf(at_req_pool(req), "the provider is unreachable: "
		    "%s", curl_easy_strerror(cc));
		return -1;
	}
	if (code != 200 || b->data == NULL) {
		*errstr = at_pprintf(at_req_pool(req), "the provider answered %ld",
		    code);
		return -1;
	}
	return 0;
}

/*
 * Creates a Checkout Session for invoice row r (its balance, in its
 * currency) and records it.  0 with *url (the provider's page, checked
 * to be a plain https or loopback http address), or -1 with *errstr for
 * the log.
 */
int
pay_checkout(struct at_req *req, const struct at_rows *r, const char **url,
    const char **errstr)
{
	struct pay_buf	 b;
	char		*form = "", *id = NULL, *u = NULL, *back, *idem;
	const char	*p;
	int64_t		 bal;
	long long	 doc = at_row_int(r, 0, "id", 0);

	if (pay_balance(at_row_int(r, 0, "total", 0), at_row_int(r, 0, "paid",
	    0), at_row_int(r, 0, "credited", 0), &bal) == -1 || bal <= 0) {
		*errstr = "nothing to pay";
		return -1;
	}
	back = at_pprintf(at_req_pool(req), "%s/invoices/%lld", at_site_base_url(at_req_site(req)),
	    doc);
	pay_field(at_req_pool(req), &form, "mode", "payment");
	pay_field(at_req_pool(req), &form, "success_url",
	    at_pprintf(at_req_pool(req), "%s?paid=1", back));
	pay_field(at_req_pool(req), &form, "cancel_url", back);
	pay_field(at_req_pool(req), &form, "client_reference_id",
	    at_pprintf(at_req_pool(req), "%lld", doc));
	pay_field(at_req_pool(req), &form, "line_items[0][quantity]", "1");
	pay_field(at_req_pool(req), &form, "line_items[0][price_data][currency]",
	    pay_lower(at_req_pool(req), at_row(r, 0, "currency")));
	pay_field(at_req_pool(req), &form, "line_items[0][price_data][unit_amount]",
	    at_pprintf(at_req_pool(req), "%lld", (long long)bal));
	pay_field(at_req_pool(req), &form,
	    "line_items[0][price_data][product_data][name]",
	    at_pprintf(at_req_pool(req), "Invoice %s", at_row(r, 0, "number")));
	pay_field(at_req_pool(req), &form, "metadata[invoice_id]",
	    at_pprintf(at_req_pool(req), "%lld", doc));
	pay_field(at_req_pool(req), &form, "metadata[invoice_number]",
	    at_row(r, 0, "number"));
	pay_field(at_req_pool(req), &form, "payment_intent_data[metadata][invoice_id]",
	    at_pprintf(at_req_pool(req), "%lld", doc));
	if (at_req_user(req) != NULL && at_user_email(at_req_user(req)) != NULL)
		pay_field(at_req_pool(req), &form, "customer_email", at_user_email(at_req_user(req)));
	/*
	 * The same invoice, balance and payments so far: the same key, so a
	 * double click or a retry gets the same session back.
	 */
	idem = at_pprintf(at_req_pool(req), "atrium-invoice-%lld-%lld-%s-%lld", doc,
	    (long long)bal, at_row(r, 0, "paid"), (long long)(time(NULL) /
	    3600));

	if (pay_api_post(req, "/v1/checkout/sessions", form, idem, &b,
	    errstr) == -1)
		return -1;
	if (pay_json_get(at_req_pool(req), b.data, b.len, "id", &id) != 0 ||
	    !pay_id_ok(id) || pay_json_get(at_req_pool(req), b.data, b.len, "url",
	    &u) != 0 || u == NULL) {
		*errstr = "the provider's answer has no session id or url";
		return -1;
	}
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://127.", 11) !=
	    0 && strncmp(u, "http://localhost", 16) != 0) {
		*errstr = "the provider's url is not https";
		return -1;
	}
	for (p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
			*errstr = "the provider's url has blanks or controls";
			return -1;
		}
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_checkouts (session_id, "
	    "doc_id, amount, currency, created_by) VALUES (?, ?, ?, ?, ?) ON "
	    "DUPLICATE KEY UPDATE session_id = session_id", "sIIsI", id, doc,
	    (long long)bal, at_row(r, 0, "currency"), at_user_id(at_req_user(req))) == -1) {
		*errstr = "cannot record the session";
		return -1;
	}
	*url = u;
	return 0;
}

/*
 * Asks the provider to refund amount (minor units) of the card payments
 * of invoice doc, from the newest payment that still has that much to
 * refund (POST {api-base}/v1/refunds).  The refund is recorded when the
 * provider's charge.refunded event arrives.  0, or -1 with *errstr (for
 * the person).
 */
int
pay_refund(struct at_req *req, long long doc, int64_t amount,
    const char **errstr)
{
	struct at_rows	*r;
	struct pay_buf	 b;
	const char	*err;
	char		*form = "";
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT p.provider_ref, p.amount "
	    "+ (SELECT COALESCE(SUM(x.amount), 0) FROM pay_payments x WHERE "
	    "x.provider_ref LIKE CONCAT(p.provider_ref, '/refund/%')) AS left_"
	    " FROM pay_payments p WHERE p.doc_id = ? AND p.method = 'card' AND "
	    "p.amount > 0 AND p.provider_ref NOT LIKE '%/%' ORDER BY p.id DESC",
	    "I", doc);
	if (r == NULL) {
		*errstr = "The payments could not be read.";
		return -1;
	}
	for (i = 0; i < r->n; i++)
		if (at_row_int(r, i, "left_", 0) >= amount)
			break;
	if (i == r->n) {
		*errstr = "No card payment of this invoice has that much left "
		    "to refund.";
		return -1;
	}
	pay_field(at_req_pool(req), &form, "payment_intent", at_row(r, i,
	    "provider_ref"));
	pay_field(at_req_pool(req), &form, "amount", at_pprintf(at_req_pool(req), "%lld",
	    (long long)amount));
	if (pay_api_post(req, "/v1/refunds", form, at_pprintf(at_req_pool(req),
	    "atrium-refund-%s-%lld-%s", at_row(r, i, "provider_ref"),
	    (long long)amount, at_row(r, i, "left_")), &b, &err) == -1) {
		log_warn("payments: invoice %lld: refund: %s", doc, err);
		*errstr = "The provider refused the refund or could not be "
		    "reached; try again in a moment.";
		return -1;
	}
	return 0;
}

/* Answers the provider a short text. */
static int
pay_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain; charset=utf-8", text,
	    strlen(text));
}

/* A JSON value at path of the event body, or NULL. */
static char *
pay_ev(struct at_req *req, const char *body, size_t len, const char *path)
{
	char	*v = NULL;

	if (pay_json_get(at_req_pool(req), body, len, path, &v) != 0)
		return NULL;
	return v;
}

/*
 * Acts on a new event inside the open transaction: records the payment
 * or refund it announces.  0 with *outcome (what was done, for
 * pay_events), or -1 (roll back; the provider retries).
 */
static int
pay_event_act(struct at_req *req, const char *type, const char *body,
    size_t len, long long *doc, const char **outcome)
{
	struct at_rows	*r;
	const char	*obj, *inv, *amt, *cur, *ref, *status;
	long long	 amount, id = 0;
	int		 rc, dup;

	*outcome = "ignored";
	obj = pay_ev(req, body, len, "data.object.id");
	inv = pay_ev(req, body, len, "data.object.metadata.invoice_id");
	cur = pay_ev(req, body, len, "data.object.currency");
	if (strcmp(type, "checkout.session.completed") == 0) {
		status = pay_ev(req, body, len, "data.object.payment_status");
		amt = pay_ev(req, body, len, "data.object.amount_total");
		ref = pay_ev(req, body, len, "data.object.payment_intent");
		if (status == NULL || strcmp(status, "paid") != 0) {
			*outcome = "not paid yet";
			return 0;
		}
		if (obj == NULL || !pay_id_ok(obj)) {
			*outcome = "refused: no session id";
			return 0;
		}
		/* The session must be one we created, for that amount. */
		r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT doc_id, amount, "
		    "currency FROM pay_checkouts WHERE session_id = ?", "s",
		    obj);
		if (r == NULL)
			return -1;
		if (r->n != 1) {
			*outcome = "refused: unknown session";
			return 0;
		}
		id = at_row_int(r, 0, "doc_id", 0);
		*doc = id;
		if (amt == NULL || at_strtoll(amt, &amount) == -1 ||
		    amount != at_row_int(r, 0, "amount", -1) || cur == NULL ||
		    strcasecmp(cur, at_row(r, 0, "currency")) != 0) {
			*outcome = "refused: amount or currency mismatch";
			log_warn("payments: session %s: amount %s %s differs "
			    "from the invoice's %s %s", obj, amt != NULL ? amt :
			    "?", cur != NULL ? cur : "?", at_row(r, 0,
			    "amount"), at_row(r, 0, "currency"));
			return 0;
		}
		if (ref == NULL || !pay_id_ok(ref))
			ref = obj;
	} else if (strcmp(type, "payment_intent.succeeded") == 0) {
		amt = pay_ev(req, body, len, "data.object.amount_received");
		ref = obj;
		if (inv == NULL || at_strtoll(inv, &id) == -1 || id <= 0 ||
		    ref == NULL || !pay_id_ok(ref)) {
			*outcome = "ignored: not an invoice's payment";
			return 0;
		}
		*doc = id;
		if (amt == NULL || at_strtoll(amt, &amount) == -1 ||
		    amount <= 0) {
			*outcome = "refused: no amount";
			return 0;
		}
	} else if (strcmp(type, "charge.refunded") == 0) {
		amt = pay_ev(req, body, len, "data.object.amount_refunded");
		ref = pay_ev(req, body, len, "data.object.payment_intent");
		if (ref == NULL || !pay_id_ok(ref) || amt == NULL ||
		    at_strtoll(amt, &amount) == -1 || amount <= 0) {
			*outcome = "ignored: no refund";
			return 0;
		}
		/* The payment refunded, and what was refunded of it so far. */
		r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT p.doc_id, "
		    "(SELECT COALESCE(-SUM(amount), 0) FROM pay_payments WHERE "
		    "provider_ref LIKE CONCAT(p.provider_ref, '/refund/%')) AS "
		    "refunded FROM pay_payments p WHERE p.provider_ref = ?",
		    "s", ref);
		if (r == NULL)
			return -1;
		if (r->n != 1) {
			*outcome = "ignored: unknown payment";
			return 0;
		}
		id = at_row_int(r, 0, "doc_id", 0);
		*doc = id;
		amount -= at_row_int(r, 0, "refunded", 0);
		if (amount <= 0) {
			*outcome = "refund already recorded";
			return 0;
		}
		/* Each refund step once: the total refunded names it. */
		ref = at_pprintf(at_req_pool(req), "%s/refund/%s", ref, amt);
		rc = pay_record(req, at_req_db(req), at_req_pool(req), id, -amount, cur,
		    "card", "refund", ref, 0, &dup);
		if (rc == -1)
			return -1;
		*outcome = rc == -3 ? "refused: currency mismatch" : rc == -2 ?
		    "refused: the invoice takes no refund" : dup ?
		    "refund already recorded" : "refunded";
		return 0;
	} else
		return 0;
	rc = pay_record(req, at_req_db(req), at_req_pool(req), id, amount, cur, "card",
	    pay_ev(req, body, len, "data.object.id"), ref, 0, &dup);
	if (rc == -1)
		return -1;
	if (rc == -3) {
		*outcome = "refused: currency mismatch";
		log_warn("payments: invoice %lld: payment in %s refused", id,
		    cur != NULL ? cur : "?");
	} else if (rc == -2)
		*outcome = "refused: the invoice takes no payment";
	else
		*outcome = dup ? "payment already recorded" : "paid";
	return 0;
}

/*
 * POST /payments/stripe (anyone; raw body, 64 KB, rate limited): a
 * provider event.  The signature is checked first (400 and nothing done
 * when it is missing, forged or older than webhook-tolerance); each
 * event id is processed once (a redelivery is counted and acknowledged);
 * the payment, the invoice's state, the activity entry and invoice.paid
 * are written in one transaction.  500 on database trouble: the provider
 * delivers again.
 */
int
pay_webhook(struct at_req *req)
{
	const char	*body, *err = NULL, *outcome;
	char		*id, *type;
	size_t		 len;
	time_t		 when;
	long long	 n, doc = 0;

	if (strcmp(pay_conf.provider, "stripe") != 0)
		return 404;
	body = at_raw_body(req, &len);
	if (body == NULL)
		return 500;
	if (at_webhook_verify(at_req_header(req, "Stripe-Signature"), body,
	    len, pay_conf.webhook_secret, strlen(pay_conf.webhook_secret),
	    time(NULL), (int)pay_conf.tolerance, &when, &err) !=
	    AT_WEBHOOK_OK) {
		log_info("payments: webhook refused from %s: %s",
		    at_req_remote_addr(req) != NULL ? at_req_remote_addr(req) : "?", err);
		return pay_text(req, 400, "bad signature\n");
	}
	if (pay_json_get(at_req_pool(req), body, len, "id", &id) != 0 ||
	    !pay_id_ok(id) || pay_json_get(at_req_pool(req), body, len, "type",
	    &type) != 0 || type == NULL || strlen(type) > 100)
		return pay_text(req, 400, "not an event\n");
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	n = at_db_exec(at_req_db(req), "INSERT INTO pay_events (event_id, type, "
	    "deliveries, received_at) VALUES (?, ?, 1, UTC_TIMESTAMP()) ON "
	    "DUPLICATE KEY UPDATE deliveries = deliveries + 1", "ss", id, type);
	if (n == -1)
		goto fail;
	if (n != 1) {
		if (at_db_commit(at_req_db(req)) == -1)
			return 500;
		return pay_text(req, 200, "duplicate\n");
	}
	if (pay_event_act(req, type, body, len, &doc, &outcome) == -1)
		goto fail;
	if (at_db_exec(at_req_db(req), "UPDATE pay_events SET outcome = ?, doc_id = "
	    "NULLIF(?, 0) WHERE event_id = ?", "sIs", outcome, doc, id) == -1)
		goto fail;
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return pay_text(req, 200, at_pprintf(at_req_pool(req), "%s\n", outcome));
fail:
	at_db_rollback(at_req_db(req));
	return 500;
}
