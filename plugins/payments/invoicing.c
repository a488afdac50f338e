/*
 * The invoicing service (include/atrium/invoicing.h) that this plugin
 * offers other plugins: issue() makes and sends an invoice for a client
 * as staff would (the client's currency and payment terms, the site's
 * tax table by name, the invoice sequence, the client's credit applied),
 * once per (origin, ref); summary() describes an invoice for a link,
 * scoped like every page of this plugin.
 *
 * issue() runs on the caller's connection and transaction, with no
 * request: what staff "send" does in its request (the activity entry,
 * the notice to the client's contacts) is done by this plugin's durable
 * subscriber of the event "invoice.sent" that issue() publishes, so it
 * happens if and only if the caller commits, once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/invoicing.h>
#include <atrium/money.h>
#include <atrium/utf8.h>

#include "invoice.h"
#include "pay.h"

#define INV_MAXLINES	200
#define INV_MAXQTY	1000000000LL		/* a million units */
#define INV_MAXUNIT	100000000000000LL	/* 10^14 minor units */

/* Whether s is 1..max bytes of valid UTF-8 without control characters. */
static int
inv_text_ok(const char *s, size_t max)
{
	unsigned int	 cp;
	size_t		 n, len;

	if (s == NULL || *s == '\0' || (len = strlen(s)) > max)
		return 0;
	while (*s != '\0') {
		if ((n = at_utf8_char(s, &cp)) == 0 || cp < 0x20 || cp == 0x7f)
			return 0;
		s += n;
	}
	return len > 0;
}

/* Whether s is a plugin's name: 1..64 of [a-z0-9_-]. */
static int
inv_origin_ok(const char *s)
{
	size_t	 n = 0;

	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_' || s[n] == '-'))
			return 0;
	return n > 0 && n <= 64;
}

/*
 * The service's issue(): see include/atrium/invoicing.h.  Checks the
 * request whole before writing anything; then the invoice (origin, ref
 * unique: a second call, or one racing this one, finds the first's),
 * its lines, sending (pay_issue), the client's credit, and the event
 * "invoice.sent" whose subscriber tells the client.
 */
static int
inv_issue(struct at_db *db, struct at_pool *pool,
    const struct at_invoice_req *r, long long *id, const char **number,
    const char **errstr)
{
	struct at_rows	*c, *t, *d;
	struct pay_line	*l;
	struct pay_totals tot;
	const char	**taxname;
	int64_t		 credit;
	size_t		 i;
	long long	 n;

	*id = 0;
	*number = NULL;
	*errstr = "The invoice could not be issued.";
	if (r == NULL || r->size < sizeof(*r)) {
		*errstr = "The invoicing request is malformed.";
		return -1;
	}
	if (!inv_origin_ok(r->origin)) {
		*errstr = "The origin must be the calling plugin's name.";
		return -1;
	}
	if (!inv_text_ok(r->ref, 190)) {
		*errstr = "The reference must be 1 to 190 characters.";
		return -1;
	}
	if (r->client <= 0) {
		*errstr = "There is no such client.";
		return -1;
	}
	if (r->project < 0) {
		*errstr = "That project is not this client's.";
		return -1;
	}
	if (r->lines == NULL || r->nlines == 0 || r->nlines > INV_MAXLINES) {
		*errstr = "An invoice has 1 to 200 lines.";
		return -1;
	}
	if (r->notes != NULL && *r->notes != '\0' && (strlen(r->notes) >
	    4000 || at_utf8_fit(r->notes, 4000) != strlen(r->notes))) {
		*errstr = "The notes are too long or not text.";
		return -1;
	}
	l = at_palloc(pool, r->nlines * sizeof(*l));
	taxname = at_palloc(pool, r->nlines * sizeof(*taxname));
	memset(l, 0, r->nlines * sizeof(*l));
	for (i = 0; i < r->nlines; i++) {
		if (!inv_text_ok(r->lines[i].description, 500)) {
			*errstr = "Each line needs a description of at most "
			    "500 characters.";
			return -1;
		}
		if (r->lines[i].qty_milli <= 0 || r->lines[i].qty_milli >
		    INV_MAXQTY) {
			*errstr = "A line's quantity must be more than zero.";
			return -1;
		}
		if (r->lines[i].unit < -INV_MAXUNIT || r->lines[i].unit >
		    INV_MAXUNIT) {
			*errstr = "A line's price is too large.";
			return -1;
		}
		l[i].qty_milli = r->lines[i].qty_milli;
		l[i].unit = r->lines[i].unit;
		taxname[i] = "";
		if (r->lines[i].tax == NULL)
			continue;
		t = at_db_select(db, pool, "SELECT name, rate_bp FROM "
		    "pay_taxes WHERE name = ? AND active = 1", "s",
		    r->lines[i].tax);
		if (t == NULL)
			return -1;
		if (t->n != 1) {
			*errstr = "A line names a tax rate the site does not "
			    "have.";
			return -1;
		}
		taxname[i] = at_row(t, 0, "name");
		l[i].rate_bp = at_row_int(t, 0, "rate_bp", 0);
	}
	if (pay_totals_calc(l, r->nlines, &tot) == -1) {
		*errstr = "The amounts are too large.";
		return -1;
	}
	if (tot.total <= 0) {
		*errstr = "An invoice's total must be more than zero.";
		return -1;
	}
	c = at_db_select(db, pool, "SELECT c.id, COALESCE(b.currency, ?) AS "
	    "currency, EXISTS (SELECT 1 FROM client_plugins cp WHERE "
	    "cp.client_id = c.id AND cp.plugin = 'payments' AND cp.enabled = "
	    "1) AS enabled, (SELECT COUNT(*) FROM projects p WHERE p.id = ? "
	    "AND p.client_id = c.id) AS proj_ok FROM clients c LEFT JOIN "
	    "pay_clients b ON b.client_id = c.id WHERE c.id = ?", "sII",
	    pay_conf.currency, r->project, r->client);
	if (c == NULL)
		return -1;
	if (c->n != 1) {
		*errstr = "There is no such client.";
		return -1;
	}
	if (r->project > 0 && at_row_int(c, 0, "proj_ok", 0) != 1) {
		*errstr = "That project is not this client's.";
		return -1;
	}
	if (at_row_int(c, 0, "enabled", 0) != 1) {
		*errstr = "Payments are not switched on for this client.";
		return -1;
	}
	if (pay_seq_ready(db) == -1)
		return -1;
	/* The draft, unless (origin, ref) is there: then that one. */
	n = at_db_exec(db, "INSERT IGNORE INTO pay_docs (kind, client_id, "
	    "project_id, currency, title, notes, origin, origin_ref) VALUES "
	    "('invoice', ?, NULLIF(?, 0), ?, ?, NULLIF(?, ''), ?, ?)",
	    "IIsssss", r->client, r->project, at_row(c, 0, "currency"),
	    at_utf8_cut(pool, r->lines[0].description, 200), r->notes,
	    r->origin, r->ref);
	if (n == -1)
		return -1;
	if (n == 0) {
		d = at_db_select(db, pool, "SELECT id, number FROM pay_docs "
		    "WHERE origin = ? AND origin_ref = ? FOR UPDATE", "ss",
		    r->origin, r->ref);
		if (d == NULL || d->n != 1)
			return -1;
		*id = at_row_int(d, 0, "id", 0);
		*number = at_row(d, 0, "number") != NULL ? at_row(d, 0,
		    "number") : "";
		return 1;
	}
	*id = at_db_insert_id(db);
	for (i = 0; i < r->nlines; i++)
		if (at_db_exec(db, "INSERT INTO pay_lines (doc_id, "
		    "description, qty_milli, unit, discount_bp, tax_name, "
		    "rate_bp, net, tax) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
		    "IsIIsIII", *id, r->lines[i].description,
		    (long long)l[i].qty_milli, (long long)l[i].unit,
		    taxname[i], (long long)l[i].rate_bp, (long long)l[i].net,
		    (long long)l[i].tax) != 1)
			return -1;
	if (pay_issue(db, pool, *id, errstr) == -1)
		return -1;
	if (pay_credit_apply(NULL, NULL, db, pool, *id, &credit) == -1)
		return -1;
	d = at_db_select(db, pool, "SELECT number FROM pay_docs WHERE id = ?",
	    "I", *id);
	if (d == NULL || d->n != 1)
		return -1;
	*number = at_row(d, 0, "number");
	if (at_publish(db, "invoice.sent", at_pprintf(pool, "invoice=%lld\n"
	    "client=%lld\nnumber=%s\norigin=%s\ncredit=%lld", *id, r->client,
	    *number, r->origin, (long long)credit)) == -1)
		return -1;
	*errstr = NULL;
	return 0;
}

/* The service's summary(): see include/atrium/invoicing.h. */
static int
inv_summary(struct at_req *req, long long id, const char **number,
    const char **state, const char **total)
{
	struct at_rows	*r;
	int		 st;

	*number = *state = *total = NULL;
	if ((r = pay_doc_get(req, id, &st)) == NULL)
		return st == 404 ? 1 : -1;
	*number = at_row(r, 0, "number") != NULL ? at_row(r, 0, "number") :
	    "Draft";
	*state = at_row_int(r, 0, "overdue", 0) == 1 ? "overdue" :
	    at_row(r, 0, "status");
	*total = pay_fmt(at_req_pool(req), at_row(r, 0, "total"),
	    at_row(r, 0, "currency"));
	return 0;
}

/*
 * Durable subscriber payments.told of "invoice.sent": for an invoice
 * the service issued (the payload has origin=), the activity entry and
 * the notice to the client's contacts, once per event (pay_told).
 */
static int
inv_told(struct at_job_ctx *ctx, long long event_id, const char *event,
    const char *payload, const char **errstr)
{
	struct at_rows	*r;
	const char	*origin, *s;
	long long	 doc = 0, credit = 0, n;

	(void)event;
	origin = at_payload_get(ctx->pool, payload, "origin");
	s = at_payload_get(ctx->pool, payload, "invoice");
	if (origin == NULL || s == NULL || at_strtoll(s, &doc) == -1 ||
	    doc <= 0)
		return 0;	/* staff sent it and told the client */
	if ((s = at_payload_get(ctx->pool, payload, "credit")) != NULL &&
	    at_strtoll(s, &credit) == -1)
		credit = 0;
	if (at_db_begin(ctx->db) == -1)
		goto fail;
	n = at_db_exec(ctx->db, "INSERT IGNORE INTO pay_told (event_id, "
	    "doc_id) VALUES (?, ?)", "II", event_id, doc);
	if (n == -1)
		goto rollback;
	if (n == 0) {
		at_db_rollback(ctx->db);
		return 0;
	}
	r = at_db_select(ctx->db, ctx->pool, "SELECT client_id, number, "
	    "total, currency FROM pay_docs WHERE id = ?", "I", doc);
	if (r == NULL)
		goto rollback;
	if (r->n != 1) {	/* gone with its client */
		at_db_commit(ctx->db);
		return 0;
	}
	if (at_activity_job(ctx, at_row_int(r, 0, "client_id", 0), "issue",
	    "invoice", doc, at_pprintf(ctx->pool, "%s %s (%s)", at_row(r, 0,
	    "number"), pay_fmt(ctx->pool, at_row(r, 0, "total"), at_row(r, 0,
	    "currency")), origin), 1) == -1)
		goto rollback;
	if (credit > 0 && at_activity_job(ctx, at_row_int(r, 0, "client_id",
	    0), "credit-applied", "invoice", doc, at_pprintf(ctx->pool,
	    "%s %s", at_row(r, 0, "number"), pay_fmt(ctx->pool,
	    at_pprintf(ctx->pool, "%lld", credit), at_row(r, 0, "currency"))),
	    1) == -1)
		goto rollback;
	if (pay_tell_client(ctx->db, ctx->pool, ctx->site, doc, PAY_KIND_DOCS,
	    at_pprintf(ctx->pool, "Invoice %s from %s", at_row(r, 0,
	    "number"), at_site_brand_name(ctx->site) != NULL ?
	    at_site_brand_name(ctx->site) : at_site_name(ctx->site)),
	    at_pprintf(ctx->pool, "Document %s: %s.", at_row(r, 0, "number"),
	    pay_fmt(ctx->pool, at_row(r, 0, "total"), at_row(r, 0,
	    "currency")))) == -1)
		goto rollback;
	if (at_db_commit(ctx->db) == -1)
		goto fail;
	return 0;
rollback:
	at_db_rollback(ctx->db);
fail:
	*errstr = "the client could not be told about an issued invoice";
	return -1;
}

static const struct at_invoicing_svc inv_svc = {
	sizeof(struct at_invoicing_svc),
	inv_issue,
	inv_summary,
};

/* Offers the service and subscribes the notice to invoice.sent. */
void
pay_invoicing_init(struct at_registry *reg)
{
	at_reg_service(reg, AT_SVC_INVOICING, AT_SVC_INVOICING_V, &inv_svc);
	at_reg_subscriber(reg, "told", "invoice.sent", inv_told, 30, 10);
}
