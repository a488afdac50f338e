/*
 * The payments plugin: invoices, quotes and credit notes per client
 * (optionally per project), numbered from gapless sequences when sent and
 * frozen from then on; payments recorded by hand or from the card
 * provider (Stripe Checkout, stripe.c), each provider event processed
 * once; recurring invoices and reminders issued by jobs; the client's
 * /invoices pages, PDF, Pay Now and quote acceptance; the dashboard
 * card, "needs your action" and the project page's section.
 *
 * This file: configuration, the helpers the others share, the client's
 * pages, the extension points and the jobs.  staff.c holds the staff
 * pages, stripe.c the provider.  Every query a contact can reach is
 * scoped by the contact's client, and a draft is never a contact's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <atrium/atrium.h>
#include <atrium/money.h>
#include <atrium/numbering.h>

#include "invoice.h"
#include "pay.h"
#include "reports.h"

struct pay_conf pay_conf;

static cfg_opt_t pay_opts[] = {
	CFG_STR("provider", "none", CFGF_NONE),
	CFG_STR("api-base", "https://api.stripe.com", CFGF_NONE),
	CFG_STR("secret-key", "", CFGF_NONE),
	CFG_STR("webhook-secret", "", CFGF_NONE),
	CFG_INT("webhook-tolerance", 300, CFGF_NONE),
	CFG_STR("invoice-pattern", "INV-{YYYY}-{NNNN}", CFGF_NONE),
	CFG_STR("quote-pattern", "QUO-{YYYY}-{NNNN}", CFGF_NONE),
	CFG_STR("credit-pattern", "CN-{YYYY}-{NNNN}", CFGF_NONE),
	CFG_STR("currency", "EUR", CFGF_NONE),
	CFG_INT("payment-terms", 30, CFGF_NONE),
	CFG_STR("number-format", "en", CFGF_NONE),
	CFG_STR("bank-holder", "", CFGF_NONE),
	CFG_STR("iban", "", CFGF_NONE),
	CFG_STR("bic", "", CFGF_NONE),
	CFG_STR("bank-name", "", CFGF_NONE),
	CFG_STR("seller-name", "", CFGF_NONE),
	CFG_STR("seller-address", "", CFGF_NONE),
	CFG_STR("seller-tax-id", "", CFGF_NONE),
	CFG_INT_LIST("reminders", "{-3, 0, 7, 30}", CFGF_NONE),
	CFG_END()
};

/* ---- shared helpers ---- */

/* The amount (decimal text of minor units) of currency for people. */
char *
pay_fmt(struct at_pool *pool, const char *amount, const char *currency)
{
	const struct at_currency *cur = at_currency(currency);
	long long	 v;

	if (cur == NULL || amount == NULL || at_strtoll(amount, &v) == -1)
		return at_pstrdup(pool, "");
	return at_money_format(pool, v, cur, at_money_rule(pay_conf.rule), 0);
}

/* A rate in basis points as "20%", "5.5%", "7.75%", in the pool. */
static char *
pay_pct(struct at_pool *pool, long long bp)
{
	if (bp % 100 == 0)
		return at_pprintf(pool, "%lld%%", bp / 100);
	if (bp % 10 == 0)
		return at_pprintf(pool, "%lld.%lld%%", bp / 100, bp % 100 / 10);
	return at_pprintf(pool, "%lld.%02lld%%", bp / 100, bp % 100);
}

/*
 * The document id, if the caller may see it: staff any, a contact their
 * client's once it is no draft.  Its row, or NULL (*status 404 or 500).
 */
struct at_rows *
pay_doc_get(struct at_req *req, long long id, int *status)
{
	struct at_rows	*r;

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT " PAY_DOC_COLS
	    PAY_DOC_FROM "WHERE d.id = ? AND (? = 0 OR (d.client_id = ? AND "
	    "d.status <> 'draft'))", "III", id, at_client_scope(req),
	    at_client_scope(req));
	if (r == NULL) {
		*status = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/*
 * Adds document row i as <doc> with its columns, the amounts written for
 * people (net_f, tax_f, total_f, paid_f, balance, balance_f), its aging
 * bucket and, with lines, its <lines> and <payments>.  NULL on a
 * database error.
 */
xmlNodePtr
pay_doc_xml(struct at_req *req, xmlNodePtr parent, const struct at_rows *r,
    size_t i, int lines)
{
	static const char *const money[] = { "net", "tax", "total", "paid",
	    "credited", NULL };
	const char *const *m;
	const char	*cur = at_row(r, i, "currency");
	struct at_rows	*l, *p;
	xmlNodePtr	 d, list, it;
	int64_t		 bal;
	size_t		 k;
	long long	 id = at_row_int(r, i, "id", 0);

	d = at_x_row(parent, "doc", r, i);
	for (m = money; *m != NULL; m++)
		at_x(d, at_pprintf(at_req_pool(req), "%s_f", *m), pay_fmt(at_req_pool(req),
		    at_row(r, i, *m), cur));
	if (pay_balance(at_row_int(r, i, "total", 0), at_row_int(r, i, "paid",
	    0), at_row_int(r, i, "credited", 0), &bal) == 0) {
		at_xf(d, "balance", "%lld", (long long)bal);
		at_x(d, "balance_f", pay_fmt(at_req_pool(req), at_pprintf(at_req_pool(req),
		    "%lld", (long long)bal), cur));
	}
	if (at_row_int(r, i, "overdue", 0) == 1)
		at_x(d, "aging", pay_aging(at_row_int(r, i, "days_late", 0)));
	if (!lines)
		return d;
	l = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, description, "
	    "qty_milli, unit, discount_bp, tax_name, rate_bp, net, tax FROM "
	    "pay_lines WHERE doc_id = ? ORDER BY id", "I", id);
	p = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, amount, currency, "
	    "method, reference, received_on FROM pay_payments WHERE doc_id = ? "
	    "ORDER BY received_on, id", "I", id);
	if (l == NULL || p == NULL)
		return NULL;
	list = at_x(d, "lines", NULL);
	for (k = 0; k < l->n; k++) {
		it = at_x_row(list, "line", l, k);
		at_x(it, "qty", at_qty_decimal(at_req_pool(req), at_row_int(l, k,
		    "qty_milli", 0)));
		at_x(it, "unit_f", pay_fmt(at_req_pool(req), at_row(l, k, "unit"),
		    cur));
		at_x(it, "net_f", pay_fmt(at_req_pool(req), at_row(l, k, "net"), cur));
		at_x(it, "tax_f", pay_fmt(at_req_pool(req), at_row(l, k, "tax"), cur));
		at_x(it, "rate", pay_pct(at_req_pool(req), at_row_int(l, k, "rate_bp",
		    0)));
		if (at_row_int(l, k, "discount_bp", 0) != 0)
			at_x(it, "discount", pay_pct(at_req_pool(req), at_row_int(l,
			    k, "discount_bp", 0)));
	}
	list = at_x(d, "payments", NULL);
	for (k = 0; k < p->n; k++) {
		it = at_x_row(list, "payment", p, k);
		at_x(it, "amount_f", pay_fmt(at_req_pool(req), at_row(p, k, "amount"),
		    at_row(p, k, "currency")));
	}
	return d;
}

/* The bank transfer instructions, when the config has an account. */
static void
pay_bank_xml(xmlNodePtr parent, const char *reference)
{
	xmlNodePtr	 b;

	if (pay_conf.iban[0] == '\0')
		return;
	b = at_x(parent, "bank", NULL);
	at_x(b, "holder", pay_conf.bank_holder);
	at_x(b, "iban", pay_conf.iban);
	if (pay_conf.bic[0] != '\0')
		at_x(b, "bic", pay_conf.bic);
	if (pay_conf.bank_name[0] != '\0')
		at_x(b, "bank_name", pay_conf.bank_name);
	at_x(b, "reference", reference);
}

/*
 * Defines the three sequences once per process (the patterns may have
 * changed with the config); 0, or -1 (logged).
 */
int
pay_seq_ready(struct at_db *db)
{
	static int	 done;
	const char	*err;

	if (done)
		return 0;
	if (at_seq_define(db, "invoice", pay_conf.inv_pattern, AT_SEQ_YEARLY,
	    &err) == -1 || at_seq_define(db, "quote", pay_conf.quote_pattern,
	    AT_SEQ_YEARLY, &err) == -1 || at_seq_define(db, "credit-note",
	    pay_conf.credit_pattern, AT_SEQ_YEARLY, &err) == -1) {
		log_warn("payments: numbering: %s", err);
		return -1;
	}
	done = 1;
	return 0;
}

/*
 * Recomputes draft id's lines and totals (invoice.h's one rule) and
 * stores them; 0, or -1 (database, or amounts too large).
 */
int
pay_recompute(struct at_db *db, struct at_pool *pool, long long id)
{
	struct at_rows	*r;
	struct pay_line	*l;
	struct pay_totals t;
	size_t		 i;

	r = at_db_select(db, pool, "SELECT id, qty_milli, unit, discount_bp, "
	    "rate_bp FROM pay_lines WHERE doc_id = ? ORDER BY id", "I", id);
	if (r == NULL)
		return -1;
	l = at_palloc(pool, (r->n + 1) * sizeof(*l));
	for (i = 0; i < r->n; i++) {
		l[i].qty_milli = at_row_int(r, i, "qty_milli", 0);
		l[i].unit = at_row_int(r, i, "unit", 0);
		l[i].discount_bp = at_row_int(r, i, "discount_bp", 0);
		l[i].rate_bp = at_row_int(r, i, "rate_bp", 0);
	}
	if (pay_totals_calc(l, r->n, &t) == -1)
		return -1;
	for (i = 0; i < r->n; i++)
		if (at_db_exec(db, "UPDATE pay_lines SET net = ?, tax = ? "
		    "WHERE id = ?", "III", (long long)l[i].net,
		    (long long)l[i].tax, at_row_int(r, i, "id", 0)) == -1)
			return -1;
	return at_db_exec(db, "UPDATE pay_docs SET net = ?, tax = ?, total = "
	    "?, updated_at = UTC_TIMESTAMP() WHERE id = ?", "IIII",
	    (long long)t.net, (long long)t.tax, (long long)t.total, id) == -1 ?
	    -1 : 0;
}

/*
 * Sends draft id, inside the caller's transaction: totals computed, the
 * number taken from the document's sequence, issue and due dates set
 * (due: the client's payment terms), the seller's and buyer's legal
 * details copied in, state "sent".  From then on its content never
 * changes.  0, or -1 with *errstr (for the person, or for the log) and
 * the transaction to roll back.
 */
int
pay_issue(struct at_db *db, struct at_pool *pool, long long id,
    const char **errstr)
{
	struct at_rows	*r;
	const char	*seq, *kind;
	char		*number, *seller, *buyer;
	int64_t		 n;

	r = at_db_select(db, pool, "SELECT d.kind, d.status, d.client_id, "
	    "d.issue_date, c.name, b.legal_name, b.address, b.tax_id, "
	    "COALESCE(b.terms_days, ?) AS terms, (SELECT COUNT(*) FROM "
	    "pay_lines WHERE doc_id = d.id) AS nlines, YEAR(COALESCE("
	    "d.issue_date, CURRENT_DATE())) AS year FROM pay_docs d JOIN "
	    "clients c ON c.id = d.client_id LEFT JOIN pay_clients b ON "
	    "b.client_id = d.client_id WHERE d.id = ? FOR UPDATE", "II",
	    (long long)pay_conf.terms, id);
	if (r == NULL || r->n != 1) {
		*errstr = "The document could not be read.";
		return -1;
	}
	if (strcmp(at_row(r, 0, "status"), "draft") != 0) {
		*errstr = "Only a draft can be sent.";
		return -1;
	}
	if (at_row_int(r, 0, "nlines", 0) == 0) {
		*errstr = "Add at least one line first.";
		return -1;
	}
	kind = at_row(r, 0, "kind");
	seq = strcmp(kind, "quote") == 0 ? "quote" :
	    strcmp(kind, "credit") == 0 ? "credit-note" : "invoice";
	if (pay_recompute(db, pool, id) == -1) {
		*errstr = "The amounts are too large.";
		return -1;
	}
	if (at_seq_next(db, pool, seq, (int)at_row_int(r, 0, "year", 0), &n,
	    &number, errstr) == -1)
		return -1;
	seller = at_pprintf(pool, "%s\n%s%s%s", pay_conf.seller_name,
	    pay_conf.seller_address, pay_conf.seller_tax_id[0] != '\0' ?
	    "\nTax ID: " : "", pay_conf.seller_tax_id);
	buyer = at_pprintf(pool, "%s\n%s%s%s", at_row(r, 0, "legal_name") !=
	    NULL ? at_row(r, 0, "legal_name") : at_row(r, 0, "name"),
	    at_row(r, 0, "address") != NULL ? at_row(r, 0, "address") : "",
	    at_row(r, 0, "tax_id") != NULL ? "\nTax ID: " : "",
	    at_row(r, 0, "tax_id") != NULL ? at_row(r, 0, "tax_id") : "");
	if (at_db_exec(db, "UPDATE pay_docs SET number = ?, status = 'sent', "
	    "issue_date = COALESCE(issue_date, CURRENT_DATE()), due_date = "
	    "COALESCE(due_date, COALESCE(issue_date, CURRENT_DATE()) + "
	    "INTERVAL ? DAY), seller = ?, buyer = ?, sent_at = "
	    "UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() WHERE id = ? AND "
	    "status = 'draft'", "sIssI", number, at_row_int(r, 0, "terms", 30),
	    seller, buyer, id) != 1) {
		*errstr = "The document could not be sent.";
		return -1;
	}
	/* The client's kept pages (the invoice list) show it at once. */
	if (at_data_changed(db, at_row_int(r, 0, "client_id", 0)) == -1) {
		*errstr = "The document could not be sent.";
		return -1;
	}
	return 0;
}

/*
 * Tells the active contacts of document doc's client, through the
 * notification service (kind PAY_KIND_DOCS or PAY_KIND_REMIND, each
 * person's choice of delivery), subject and text with a link to the
 * document; and its billing address, when that is not one of those
 * contacts, by a mail the skin draws.  0, or -1 when that could not be
 * done (logged).
 */
int
pay_tell_client(struct at_db *db, struct at_pool *pool,
    const struct at_site *site, long long doc, const char *kind,
    const char *subject, const char *text)
{
	struct at_notice	 nt;
	struct at_mail_draft	 md;
	struct at_rows		*r;
	const char		*link, *to;

	r = at_db_select(db, pool, "SELECT d.client_id, b.billing_email, "
	    "EXISTS (SELECT 1 FROM users u WHERE u.client_id = d.client_id "
	    "AND u.active = 1 AND u.role = 'contact' AND u.email = "
	    "b.billing_email) AS is_contact FROM pay_docs d LEFT JOIN "
	    "pay_clients b ON b.client_id = d.client_id WHERE d.id = ?", "I",
	    doc);
	if (r == NULL || r->n != 1)
		return -1;
	link = at_pprintf(pool, "/invoices/%lld", doc);
	memset(&nt, 0, sizeof(nt));
	nt.size = AT_EXT_SIZE(at_notice);
	nt.kind = kind;
	nt.subject = subject;
	nt.text = text;
	nt.link = link;
	nt.item_type = "invoice";
	nt.item_id = doc;
	if (at_notify_client(db, site, at_row_int(r, 0, "client_id", 0), &nt,
	    NULL, NULL) == -1) {
		log_warn("payments: document %lld: the client's contacts were "
		    "not all notified", doc);
		return -1;
	}
	to = at_row(r, 0, "billing_email");
	if (to == NULL || *to == '\0' || at_row_int(r, 0, "is_contact", 0))
		return 0;
	memset(&md, 0, sizeof(md));
	md.size = AT_EXT_SIZE(at_mail_draft);
	md.to = to;
	md.subject = subject;
	md.intro = text;
	md.action = "Open it";
	md.link = link;
	if (at_mail_draw(db, site, &md) == -1) {
		log_warn("payments: document %lld: no mail to %s", doc, to);
		return -1;
	}
	return 0;
}

/*
 * Records a payment (amount > 0) or refund (< 0) on invoice doc inside
 * the caller's transaction: the invoice row locked, the currency
 * checked, the payment row written (with provider_ref, at most once:
 * *dup set and nothing else done when it was already recorded), the
 * paid amount and state updated; when the invoice becomes paid,
 * "invoice.paid" is published and the client told.  With req, the
 * activity log gets the entry in the same transaction.  0 done (or
 * duplicate); -1 database; -2 the invoice takes no payment (draft,
 * void, a quote); -3 another currency.
 */
int
pay_record(struct at_req *req, struct at_db *db, struct at_pool *pool,
    long long doc, int64_t amount, const char *currency, const char *method,
    const char *reference, const char *provider_ref, long long by, int *dup)
{
	struct at_rows	*r;
	const char	*state, *old;
	int64_t		 paid, excess;
	long long	 n, client;

	*dup = 0;
	r = at_db_select(db, pool, "SELECT kind, status, client_id, currency, "
	    "total, paid, credited, number FROM pay_docs WHERE id = ? FOR "
	    "UPDATE", "I", doc);
	if (r == NULL)
		return -1;
	if (r->n != 1 || strcmp(at_row(r, 0, "kind"), "invoice") != 0)
		return -2;
	old = at_row(r, 0, "status");
	if (strcmp(old, "sent") != 0 && strcmp(old, "partial") != 0 &&
	    strcmp(old, "paid") != 0 && strcmp(old, "credited") != 0)
		return -2;
	if (currency == NULL || strcasecmp(currency, at_row(r, 0,
	    "currency")) != 0)
		return -3;
	client = at_row_int(r, 0, "client_id", 0);
	n = at_db_exec(db, "INSERT IGNORE INTO pay_payments (doc_id, "
	    "client_id, amount, currency, method, reference, provider_ref, "
	    "received_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "CURRENT_DATE(), NULLIF(?, 0))", "IIIssssI", doc, client,
	    (long long)amount, at_row(r, 0, "currency"), method, reference,
	    provider_ref, by);
	if (n == -1)
		return -1;
	if (n == 0) {
		*dup = 1;
		return 0;
	}
	if (at_money_add(at_row_int(r, 0, "paid", 0), amount, &paid) == -1)
		return -1;
	/* What a payment brings beyond the balance is the client's credit. */
	if (amount > 0 && strcmp(method, "credit") != 0 &&
	    pay_balance(at_row_int(r, 0, "total", 0), paid, at_row_int(r, 0,
	    "credited", 0), &excess) == 0 && excess < 0) {
		excess = -excess < amount ? -excess : amount;
		if (pay_credit_keep(db, doc, client, at_row(r, 0, "currency"),
		    excess, by) == -1)
			return -1;
		paid -= excess;
		if (req != NULL && at_activity(req, client, "credit-kept",
		    "invoice", doc, at_pprintf(pool, "%s %s", at_row(r, 0,
		    "number"), pay_fmt(pool, at_pprintf(pool, "%lld",
		    (long long)excess), at_row(r, 0, "currency"))), 1) == -1)
			return -1;
	}
	state = pay_state(at_row_int(r, 0, "total", 0), paid,
	    at_row_int(r, 0, "credited", 0));
	if (at_db_exec(db, "UPDATE pay_docs SET paid = ?, status = ?, paid_at "
	    "= IF(? = 'paid', COALESCE(paid_at, UTC_TIMESTAMP()), NULL), "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "IssI",
	    (long long)paid, state, state, doc) != 1)
		return -1;
	/*
	 * Whoever records it (a webhook, a job, credit): the client's kept
	 * pages (the invoice list) show it at once.
	 */
	if (at_data_changed(db, client) == -1)
		return -1;
	if (req != NULL && strcmp(method, "credit") != 0 && at_activity(req,
	    client, amount < 0 ? "refund" : "payment", "invoice", doc, at_pprintf(pool, "%s %s",
	    at_row(r, 0, "number"), pay_fmt(pool, at_pprintf(pool, "%lld",
	    (long long)amount), at_row(r, 0, "currency"))), 1) == -1)
		return -1;
	if (strcmp(state, "paid") == 0 && strcmp(old, "paid") != 0) {
		if (at_publish(db, "invoice.paid", at_pprintf(pool,
		    "invoice=%lld\nclient=%lld\nnumber=%s\ncurrency=%s\n"
		    "total=%s", doc, client, at_row(r, 0, "number"),
		    at_row(r, 0, "currency"), at_row(r, 0, "total"))) == -1)
			return -1;
		if (req != NULL)
			pay_tell_client(db, pool, at_req_site(req), doc,
			    PAY_KIND_DOCS, at_pprintf(pool, "Invoice %s is paid",
			    at_row(r, 0, "number")), at_pprintf(pool,
			    "Thank you: invoice %s is paid in full.",
			    at_row(r, 0, "number")));
	}
	return 0;
}

/* ---- the client's pages ---- */

/*
 * At most max of the rows of r whose column k_kind is kind, without the
 * columns named k_* (the list query's own bookkeeping), in a new set in
 * pool.
 */
static struct at_rows *
pay_rows_kind(struct at_pool *pool, const struct at_rows *r, const char *kind,
    size_t max)
{
	struct at_rows	*o;
	size_t		 i, c, k, *keep;
	const char	*p;

	o = at_palloc(pool, sizeof(*o));
	memset(o, 0, sizeof(*o));
	keep = at_palloc(pool, (r->ncol + 1) * sizeof(*keep));
	o->cols = at_palloc(pool, (r->ncol + 1) * sizeof(*o->cols));
	for (c = 0; c < r->ncol; c++)
		if (strncmp(r->cols[c], "k_", 2) != 0) {
			keep[o->ncol] = c;
			o->cols[o->ncol++] = r->cols[c];
		}
	o->v = at_palloc(pool, (r->n * o->ncol + 1) * sizeof(*o->v));
	o->len = at_palloc(pool, (r->n * o->ncol + 1) * sizeof(*o->len));
	for (i = 0; i < r->n && o->n < max; i++) {
		if ((p = at_row(r, i, "k_kind")) == NULL || strcmp(p, kind) != 0)
			continue;
		for (k = 0; k < o->ncol; k++) {
			o->v[o->n * o->ncol + k] = r->v[i * r->ncol + keep[k]];
			o->len[o->n * o->ncol + k] = r->len[i * r->ncol +
			    keep[k]];
		}
		o->n++;
	}
	return o;
}

/*
 * GET /invoices (contact): the client's invoices (never drafts), filter
 * show = all | open | paid | overdue; the amount due per currency; the
 * quotes waiting for an answer; the client's credit.  Adds <filter>,
 * <docs>, <due>, <quotes>, <credit>, in two round trips besides the
 * marker's: the documents (quotes first, then at most PAY_LIST_INVOICES
 * invoices of the filter; PAY_LIST_MAX rows in all), then the sums per
 * currency (what is due, the credit).  Kept per person (atrium/kept.h):
 * while nothing changed, the page costs no round trip of its own.
 */
#define PAY_LIST_INVOICES	200
#define PAY_LIST_MAX		1200	/* the query's LIMIT */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r, *docs, *q, *sums;
	const char	*show = at_query(req, "show"), *seen, *page;
	xmlNodePtr	 c, list, due, credit, it;
	long long	 cl = at_client_scope(req);
	size_t		 i;

	if (show == NULL || (strcmp(show, "open") != 0 && strcmp(show,
	    "paid") != 0 && strcmp(show, "overdue") != 0))
		show = "all";
	/*
	 * Kept per person (atrium/kept.h): every change to the client's
	 * documents, payments and credit moves the client's data version
	 * (at_activity, pay_issue, pay_record, pay_credit_keep), the date
	 * is in the key for "overdue", and the markers for "new".
	 */
	page = at_pprintf(at_req_pool(req), "invoices:%s", show);
	c = at_page_content(req);
	if (at_kept_get(req, page, c)) {
		if (at_seen_mark(req, "invoices") == -1)
			return 500;
		at_page_id(req, "invoices-list");
		at_page_title(req, "Invoices");
		return 200;
	}
	/* Marked: sent or changed since the contact last opened the list. */
	if ((seen = at_seen_since(req, "invoices")) == NULL)
		return 500;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT "
	    PAY_DOC_COLS ", CASE WHEN d.kind = 'quote' THEN NULL WHEN "
	    "d.sent_at > ? THEN 'new' WHEN d.updated_at > ? THEN 'updated' "
	    "ELSE '' END AS changed, d.kind AS k_kind " PAY_DOC_FROM
	    "WHERE d.client_id = ? AND ((d.kind = 'quote' AND d.status = "
	    "'sent') OR (d.kind = 'invoice' AND d.status <> 'draft' AND "
	    "(? = 'all' OR (? = 'open' AND d.status IN ('sent', 'partial')) OR "
	    "(? = 'paid' AND d.status = 'paid') OR (? = 'overdue' AND "
	    "d.status IN ('sent', 'partial') AND d.due_date < "
	    "CURRENT_DATE())))) ORDER BY d.kind = 'invoice', IF(d.kind = "
	    "'invoice', d.issue_date, NULL) DESC, d.id DESC LIMIT 1200",
	    "ssIssss", seen, seen, cl, show, show, show, show);
	sums = at_db_select(at_req_db(req), at_req_pool(req), "SELECT 'due' "
	    "AS k, currency, CAST(SUM(total - paid - credited) AS SIGNED) AS "
	    "amount FROM pay_docs WHERE client_id = ? AND kind = 'invoice' AND "
	    "status IN ('sent', 'partial') GROUP BY currency UNION ALL SELECT "
	    "'credit', currency, CAST(SUM(amount) AS SIGNED) AS bal FROM "
	    "pay_credit WHERE client_id = ? GROUP BY currency HAVING bal <> 0 "
	    "ORDER BY k DESC, currency", "II", cl, cl);
	if (r == NULL || sums == NULL || at_seen_mark(req, "invoices") == -1)
		return 500;
	docs = pay_rows_kind(at_req_pool(req), r, "invoice",
	    PAY_LIST_INVOICES);
	q = pay_rows_kind(at_req_pool(req), r, "quote", PAY_LIST_MAX);
	at_page_id(req, "invoices-list");
	at_page_title(req, "Invoices");
	at_x(c, "filter", show);
	list = at_x(c, "docs", NULL);
	for (i = 0; i < docs->n; i++)
		pay_doc_xml(req, list, docs, i, 0);
	due = at_x(c, "due", NULL);
	list = at_x(c, "quotes", NULL);
	for (i = 0; i < q->n; i++)
		pay_doc_xml(req, list, q, i, 0);
	credit = at_x(c, "credit", NULL);
	for (i = 0; i < sums->n; i++) {
		it = at_x(strcmp(at_row(sums, i, "k"), "due") == 0 ? due :
		    credit, "amount", pay_fmt(at_req_pool(req), at_row(sums, i,
		    "amount"), at_row(sums, i, "currency")));
		at_xa(it, "currency", at_row(sums, i, "currency"));
		if (strcmp(at_row(sums, i, "k"), "credit") == 0)
			at_xa(it, "value", at_row(sums, i, "amount"));
	}
	at_kept_put(req, page, c);
	return 200;
}

/* Fills the page model with document r for its page or its PDF. */
static int
pay_doc_page(struct at_req *req, const struct at_rows *r, const char *page)
{
	xmlNodePtr	 c, d;
	const char	*st = at_row(r, 0, "status");

	at_page_id(req, page);
	at_page_title(req, at_row(r, 0, "number") != NULL ?
	    at_row(r, 0, "number") : "Draft");
	c = at_page_content(req);
	if ((d = pay_doc_xml(req, c, r, 0, 1)) == NULL)
		return 500;
	if (strcmp(at_row(r, 0, "kind"), "invoice") == 0 &&
	    (strcmp(st, "sent") == 0 || strcmp(st, "partial") == 0)) {
		pay_bank_xml(c, at_row(r, 0, "number"));
		if (strcmp(pay_conf.provider, "stripe") == 0)
			at_x(c, "card", "1");
	}
	return 200;
}

/* GET /invoices/:id (contact): one document, read-only, with Pay Now. */
static int
h_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	if (at_query(req, "paid") != NULL)
		at_flash(req, "ok", "Thank you. The payment shows here as soon "
		    "as the provider confirms it.");
	return pay_doc_page(req, r, "invoices-view");
}

/*
 * GET /invoices/:id/pdf (contact), /staff/invoices/:id/pdf (staff): the
 * document as PDF, drawn by the skin's pdf/invoice-pdf.xsl.
 */
static int
h_pdf(struct at_req *req)
{
	struct at_rows	*r;
	struct at_pdf	 pdf;
	char		 err[256];
	const char	*num;
	int		 st;

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	if ((st = pay_doc_page(req, r, "invoice-pdf")) != 200)
		return st;
	at_xa(at_page_content(req), "seller", pay_conf.seller_name);
	if (at_pdf_page(req, NULL, &pdf, err, sizeof(err)) == -1) {
		log_warn("payments: document %s: pdf: %s", at_row(r, 0, "id"),
		    err);
		return 500;
	}
	num = at_row(r, 0, "number") != NULL ? at_row(r, 0, "number") :
	    at_pprintf(at_req_pool(req), "draft-%s", at_row(r, 0, "id"));
	at_resp_header(req, "Content-Disposition", at_pprintf(at_req_pool(req),
	    "attachment; filename=\"%s.pdf\"", at_header_quote(at_req_pool(req),
	    num)));
	st = at_send(req, 200, "application/pdf", pdf.data, pdf.len);
	at_pdf_free(&pdf);
	return st;
}

/*
 * POST /invoices/:id/pay (contact): Pay Now by card.  Creates a Checkout
 * Session for the balance at the provider and sends the browser there
 * (303); on trouble, back to the invoice with a message.
 */
static int
h_pay(struct at_req *req)
{
	struct at_rows	*r;
	const char	*url, *err;
	char		*back;
	int		 st;

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	back = at_pprintf(at_req_pool(req), "/invoices/%s", at_row(r, 0, "id"));
	if (strcmp(at_row(r, 0, "kind"), "invoice") != 0 ||
	    (strcmp(at_row(r, 0, "status"), "sent") != 0 &&
	    strcmp(at_row(r, 0, "status"), "partial") != 0)) {
		at_flash(req, "error", "This invoice has nothing to pay.");
		return at_redirect(req, back);
	}
	if (strcmp(pay_conf.provider, "stripe") != 0) {
		at_flash(req, "error", "Card payments are not offered; please "
		    "pay by bank transfer.");
		return at_redirect(req, back);
	}
	if (pay_checkout(req, r, &url, &err) == -1) {
		log_warn("payments: invoice %s: checkout: %s",
		    at_row(r, 0, "id"), err);
		at_flash(req, "error", "The card payment could not be started. "
		    "Please try again in a moment.");
		return at_redirect(req, back);
	}
	/* The provider's page is another site: at_redirect keeps to ours. */
	at_resp_header(req, "Location", url);
	return at_send(req, 303, "text/plain; charset=utf-8",
	    "See the payment page.\n", 22);
}

/*
 * POST /invoices/:id/accept, /invoices/:id/decline (contact): field
 * name.  Answers a sent quote; who, when and from where are recorded.
 */
static int
pay_answer(struct at_req *req, int accept)
{
	struct at_rows	*r;
	const char	*name = at_form(req, "name");
	char		*back;
	int		 st;
	long long	 id;

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	back = at_pprintf(at_req_pool(req), "/invoices/%lld", id);
	if (strcmp(at_row(r, 0, "kind"), "quote") != 0 ||
	    strcmp(at_row(r, 0, "status"), "sent") != 0) {
		at_flash(req, "error", "This quote is not waiting for an "
		    "answer.");
		return at_redirect(req, back);
	}
	if (accept && (name == NULL || *name == '\0')) {
		at_form_error(req, "name", "Type your name to accept.");
		if ((st = pay_doc_page(req, r, "invoices-view")) != 200)
			return st;
		at_x_form(req, at_page_content(req), "accept");
		return 200;
	}
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "UPDATE pay_docs SET status = ?, "
	    "answered_name = ?, answered_at = UTC_TIMESTAMP(), answered_addr "
	    "= ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = "
	    "'sent'", "sssI", accept ? "accepted" : "declined",
	    name != NULL && *name != '\0' ? name : at_user_name(at_req_user(req)),
	    at_req_remote_addr(req), id) != 1 ||
	    at_activity(req, at_row_int(r, 0, "client_id", 0), accept ?
	    "accept" : "decline", "invoice", id, at_row(r, 0, "number"), 1) ==
	    -1) {
		at_db_rollback(at_req_db(req));
		return 500;
	}
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	at_flash(req, "ok", accept ? "Thank you: the quote is accepted." :
	    "The quote is declined.");
	return at_redirect(req, back);
}

static int
h_accept(struct at_req *req)
{
	return pay_answer(req, 1);
}

static int
h_decline(struct at_req *req)
{
	return pay_answer(req, 0);
}

/* ---- extension points ---- */

/*
 * The contact's dashboard part, one query: the "Invoices" card (open
 * invoices, the amount due per currency, the next due, overdue ones
 * flagged) and "needs your action" for open invoices and quotes
 * waiting for an answer.
 */
static int
pay_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	struct at_need	 n;
	xmlNodePtr	 card, it;
	struct { const char *cur; int64_t sum; } due[8];
	size_t		 i, k, nd = 0;
	long long	 open = 0;
	int		 quote;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT d.id, d.kind, d.number, "
	    "d.currency, d.total - d.paid - d.credited AS bal, d.due_date, "
	    "(d.due_date < CURRENT_DATE()) AS overdue, p.name AS project FROM "
	    "pay_docs d LEFT JOIN projects p ON p.id = d.project_id WHERE "
	    "d.client_id = ? AND ((d.kind = 'invoice' AND d.status IN ('sent', "
	    "'partial')) OR (d.kind = 'quote' AND d.status = 'sent')) ORDER BY "
	    "d.due_date IS NULL, d.due_date, d.id LIMIT 50", "I",
	    at_client_scope(req));
	if (r == NULL)
		return -1;
	card = at_x(at_dash_cards(d), "card", NULL);
	at_xa(card, "name", "invoices");
	at_xa(card, "title", "Invoices");
	at_xa(card, "href", "/invoices");
	at_xa(card, "empty", "Nothing to pay.");
	for (i = 0; i < r->n; i++) {
		quote = strcmp(at_row(r, i, "kind"), "quote") == 0;
		memset(&n, 0, sizeof(n));
		n.size = AT_EXT_SIZE(at_need);
		n.kind = quote ? "quote" : "invoice";
		n.label = quote ? "Accept" : "Pay";
		n.title = at_pprintf(at_req_pool(req), "%s %s: %s", quote ? "Quote" :
		    "Invoice", at_row(r, i, "number"), pay_fmt(at_req_pool(req),
		    at_row(r, i, "bal"), at_row(r, i, "currency")));
		n.href = at_pprintf(at_req_pool(req), "/invoices/%s",
		    at_row(r, i, "id"));
		n.due = quote ? NULL : at_row(r, i, "due_date");
		n.project = at_row(r, i, "project");
		at_dash_need(d, &n);
		if (quote)
			continue;
		open++;
		for (k = 0; k < nd; k++)
			if (strcmp(due[k].cur, at_row(r, i, "currency")) == 0)
				break;
		if (k == nd && nd < 8) {
			due[nd].cur = at_row(r, i, "currency");
			due[nd++].sum = 0;
		}
		if (k < nd)
			at_money_add(due[k].sum, at_row_int(r, i, "bal", 0),
			    &due[k].sum);
		if (at_row_int(r, i, "overdue", 0) == 1) {
			it = at_x(card, "item", at_pprintf(at_req_pool(req),
			    "Overdue: %s", at_row(r, i, "number")));
			at_xa(it, "href", n.href);
			at_xa(it, "when", at_row(r, i, "due_date"));
			at_xa(it, "overdue", "1");
		} else if (open == 1) {
			it = at_x(card, "item", at_pprintf(at_req_pool(req),
			    "Next due: %s", at_row(r, i, "number")));
			at_xa(it, "href", n.href);
			at_xa(it, "when", at_row(r, i, "due_date"));
		}
	}
	if (open > 0)
		at_xf(card, "count", "%lld", open);
	for (k = 0; k < nd; k++) {
		it = at_x(card, "item", at_pprintf(at_req_pool(req), "Due: %s",
		    at_money_format(at_req_pool(req), due[k].sum,
		    at_currency(due[k].cur), at_money_rule(pay_conf.rule),
		    0)));
		at_xa(it, "href", "/invoices?show=open");
	}
	return 0;
}

/* The staff card: open invoices and how many are overdue. */
static int
pay_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 card, it;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT COUNT(*) AS n, "
	    "COALESCE(SUM(due_date < CURRENT_DATE()), 0) AS late FROM pay_docs "
	    "WHERE kind = 'invoice' AND status IN ('sent', 'partial')", "");
	if (r == NULL)
		return -1;
	card = at_x(cards, "card", NULL);
	at_xa(card, "name", "invoices");
	at_xa(card, "title", "Open invoices");
	at_xa(card, "href", "/staff/invoices?status=open");
	at_x(card, "count", at_row(r, 0, "n"));
	if (at_row_int(r, 0, "late", 0) > 0) {
		it = at_x(card, "item", at_pprintf(at_req_pool(req), "%s overdue",
		    at_row(r, 0, "late")));
		at_xa(it, "href", "/staff/invoices?status=overdue");
		at_xa(it, "overdue", "1");
	}
	return 0;
}

/*
 * The project page's "Invoices" section: what was invoiced and paid for
 * the project per currency ("Invoiced" / "Paid"), then its documents
 * (contacts: their client's, never drafts; staff link to staff pages).
 */
static int
pay_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s, it;
	const char	*pre = at_is_staff(req) ? "/staff" : "";
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req), "(SELECT 'sum' AS k, NULL AS id, "
	    "currency, NULL AS number, NULL AS kind, NULL AS status, "
	    "CAST(SUM(total) AS SIGNED) AS total, CAST(SUM(paid) AS SIGNED) AS "
	    "paid, NULL AS issue_date FROM pay_docs WHERE project_id = ? AND "
	    "kind = 'invoice' AND status IN ('sent', 'partial', 'paid') AND "
	    "(? = 0 OR client_id = ?) GROUP BY currency) UNION ALL (SELECT "
	    "'doc', id, currency, number, kind, status, total, paid, "
	    "issue_date FROM pay_docs WHERE project_id = ? AND (? = 0 OR "
	    "(client_id = ? AND status <> 'draft')) ORDER BY id DESC LIMIT "
	    "20)", "IIIIII", project, at_client_scope(req),
	    at_client_scope(req), project, at_client_scope(req),
	    at_client_scope(req));
	if (r == NULL)
		return -1;
	s = at_x_section(parent, "invoices", "Invoices",
	    "Nothing invoiced for this project yet.");
	for (i = 0; i < r->n; i++) {
		if (strcmp(at_row(r, i, "k"), "sum") == 0) {
			it = at_x_section_item(s, at_pprintf(at_req_pool(req),
			    "Invoiced %s · Paid %s", pay_fmt(at_req_pool(req),
			    at_row(r, i, "total"), at_row(r, i, "currency")),
			    pay_fmt(at_req_pool(req), at_row(r, i, "paid"),
			    at_row(r, i, "currency"))), at_pprintf(at_req_pool(req),
			    "%s/invoices", pre), NULL);
			at_xa(it, "status", at_row_int(r, i, "paid", 0) >=
			    at_row_int(r, i, "total", 0) ? "paid" : "invoiced");
			continue;
		}
		it = at_x_section_item(s, at_pprintf(at_req_pool(req), "%s %s %s",
		    strcmp(at_row(r, i, "kind"), "quote") == 0 ? "Quote" :
		    strcmp(at_row(r, i, "kind"), "credit") == 0 ?
		    "Credit note" : "Invoice", at_row(r, i, "number") != NULL ?
		    at_row(r, i, "number") : "(draft)", pay_fmt(at_req_pool(req),
		    at_row(r, i, "total"), at_row(r, i, "currency"))),
		    at_pprintf(at_req_pool(req), "%s/invoices/%s", pre,
		    at_row(r, i, "id")), at_row(r, i, "issue_date"));
		at_xa(it, "status", at_row(r, i, "status"));
	}
	return 0;
}

/* Activity about a document as a sentence, linked to it. */
static void
pay_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "send", "sent %s" },
		{ "payment", "recorded a payment on %s" },
		{ "refund", "recorded a refund on %s" },
		{ "void", "voided %s" },
		{ "credit", "issued a credit note for %s" },
		{ "accept", "accepted the quote %s" },
		{ "decline", "declined the quote %s" },
		{ "issue", "issued %s" },
		{ "credit-kept",
		    "kept as client credit the overpayment of %s" },
		{ "credit-applied", "applied client credit to %s" },
	};
	struct at_act_entry w = *e;

	if (w.who == NULL)
		w.who = w.action != NULL && (strcmp(w.action, "payment") == 0 ||
		    strcmp(w.action, "refund") == 0) ? "The payment provider" :
		    "Atrium";
	*href = at_act_href(req, "/invoices/", e->object_id);
	*sentence = at_act_sentence(req, &w, verbs, sizeof(verbs) /
	    sizeof(verbs[0]));
}

/*
 * Search provider: documents whose number or title holds the text typed
 * (contacts: their client's, never drafts; staff: all).
 */
static int
pay_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT d.id, "
	    "CONCAT(COALESCE(d.number, 'Draft'), ' ', d.title) AS title, "
	    "c.name AS snippet, p.name AS project, d.project_id, d.status <> "
	    "'draft' AS visible, 1 AS score FROM pay_docs d JOIN clients c ON "
	    "c.id = d.client_id LEFT JOIN projects p ON p.id = d.project_id "
	    "WHERE (LOCATE(?, d.number) > 0 OR LOCATE(?, d.title) > 0) AND "
	    "(? = 0 OR (d.client_id = ? AND d.status <> 'draft')) ORDER BY "
	    "d.id DESC LIMIT ?", "ssIIi", at_search_text(q), at_search_text(q),
	    at_client_scope(req), at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/invoices/");
	return 0;
}

/* The staff client page's "Invoices" tab, with the open ones. */
static int
pay_tab(struct at_req *req, xmlNodePtr tab, long long client)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT COUNT(*) AS n FROM "
	    "pay_docs WHERE client_id = ? AND kind = 'invoice' AND status IN "
	    "('sent', 'partial')", "I", client);
	if (r == NULL)
		return -1;
	at_xa(tab, "count", at_row(r, 0, "n"));
	return 0;
}

/* ---- jobs ---- */

/*
 * Job payments.recurring: issues each schedule's invoice for every
 * period due (a copy of the source invoice's lines, sent), once: the
 * schedule's row is locked and (schedule, period) is unique, so runs at
 * the same time, or again after a crash, issue nothing twice.
 */
static int
pay_job_recurring(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*due, *s;
	const char	*err;
	char		 next[11];
	int64_t		 applied;
	long long	 sid, id;
	size_t		 i;
	int		 guard;

	if (pay_seq_ready(ctx->db) == -1) {
		*errstr = "numbering is not ready";
		return -1;
	}
	due = at_db_select(ctx->db, ctx->pool, "SELECT id FROM pay_recurring "
	    "WHERE active = 1 AND next_on <= CURRENT_DATE() ORDER BY id", "");
	if (due == NULL) {
		*errstr = "cannot read the schedules";
		return -1;
	}
	for (i = 0; i < due->n; i++) {
		sid = at_row_int(due, i, "id", 0);
		for (guard = 0; guard < 24; guard++) {
			if (at_db_begin(ctx->db) == -1)
				goto fail;
			s = at_db_select(ctx->db, ctx->pool, "SELECT "
			    "source_id, every, next_on FROM pay_recurring "
			    "WHERE id = ? AND active = 1 AND next_on <= "
			    "CURRENT_DATE() FOR UPDATE", "I", sid);
			if (s == NULL)
				goto rollback;
			if (s->n == 0) {
				at_db_rollback(ctx->db);
				break;
			}
			if (pay_next_period(at_row(s, 0, "next_on"),
			    at_row(s, 0, "every"), next) == -1)
				goto rollback;
			if (at_db_exec(ctx->db, "INSERT IGNORE INTO pay_docs "
			    "(kind, client_id, project_id, currency, title, "
			    "notes, terms, recurring_id, period, issue_date) "
			    "SELECT 'invoice', client_id, project_id, "
			    "currency, title, notes, terms, ?, ?, ? FROM "
			    "pay_docs WHERE id = ?", "Isss", sid,
			    at_row(s, 0, "next_on"), at_row(s, 0, "next_on"),
			    at_row(s, 0, "source_id")) == 1) {
				id = at_db_insert_id(ctx->db);
				if (at_db_exec(ctx->db, "INSERT INTO pay_lines "
				    "(doc_id, description, qty_milli, unit, "
				    "discount_bp, tax_name, rate_bp, net, tax) "
				    "SELECT ?, description, qty_milli, unit, "
				    "discount_bp, tax_name, rate_bp, net, tax "
				    "FROM pay_lines WHERE doc_id = ? ORDER BY "
				    "id", "Is", id, at_row(s, 0,
				    "source_id")) == -1 ||
				    pay_issue(ctx->db, ctx->pool, id, &err) ==
				    -1) {
					log_warn("payments: schedule %lld: %s",
					    sid, err);
					goto rollback;
				}
				if (pay_credit_apply(NULL, ctx, ctx->db,
				    ctx->pool, id, &applied) == -1)
					goto rollback;
				pay_tell_client(ctx->db, ctx->pool, ctx->site,
				    id, PAY_KIND_DOCS, "New invoice", "A new invoice of your "
				    "subscription is ready.");
			}
			if (at_db_exec(ctx->db, "UPDATE pay_recurring SET "
			    "next_on = ? WHERE id = ?", "sI", next, sid) != 1)
				goto rollback;
			if (at_db_commit(ctx->db) == -1)
				goto fail;
		}
	}
	return 0;
rollback:
	at_db_rollback(ctx->db);
fail:
	*errstr = "a recurring invoice could not be issued";
	return -1;
}

/*
 * Job payments.remind: for each open invoice, the latest reminder rule
 * reached (days from its due date, config "reminders") that was not
 * sent yet is mailed to the client, once: the (invoice, rule) row and
 * the message are written in one transaction.
 */
static int
pay_job_remind(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	long		 rules[PAY_MAXREMIND], t;
	size_t		 i, j, k, n = pay_conf.nremind;
	long long	 id, added;
	const char	*what;

	memcpy(rules, pay_conf.remind, sizeof(rules));
	for (i = 0; i < n; i++)		/* largest first */
		for (j = i + 1; j < n; j++)
			if (rules[j] > rules[i]) {
				t = rules[i];
				rules[i] = rules[j];
				rules[j] = t;
			}
	for (k = 0; k < n; k++) {
		r = at_db_select(ctx->db, ctx->pool, "SELECT d.id, d.client_id, d.number, "
		    "d.due_date, d.currency, d.total - d.paid - d.credited AS "
		    "bal FROM pay_docs d WHERE d.kind = 'invoice' AND d.status "
		    "IN ('sent', 'partial') AND d.due_date IS NOT NULL AND "
		    "DATEDIFF(CURRENT_DATE(), d.due_date) >= ? AND NOT EXISTS "
		    "(SELECT 1 FROM pay_reminders m WHERE m.doc_id = d.id AND "
		    "m.rule_days >= ?) ORDER BY d.id LIMIT 500", "II",
		    (long long)rules[k], (long long)rules[k]);
		if (r == NULL) {
			*errstr = "cannot read the open invoices";
			return -1;
		}
		for (i = 0; i < r->n; i++) {
			id = at_row_int(r, i, "id", 0);
			what = rules[k] < 0 ? "is due soon" : rules[k] == 0 ?
			    "is due today" : "is overdue";
			if (at_db_begin(ctx->db) == -1)
				goto fail;
			if ((added = at_db_exec(ctx->db, "INSERT IGNORE INTO "
			    "pay_reminders (doc_id, rule_days) VALUES (?, ?)",
			    "II", id, (long long)rules[k])) == -1 ||
			    (added == 1 && (pay_tell_client(ctx->db, ctx->pool,
			    ctx->site, id, PAY_KIND_REMIND,
			    at_pprintf(ctx->pool, "Reminder: invoice %s %s",
			    at_row(r, i, "number"), what), at_pprintf(ctx->pool,
			    "A friendly reminder: invoice %s (%s to pay) %s; "
			    "it is due on %s.\nIf you have paid it already, "
			    "thank you, and please ignore this message.",
			    at_row(r, i, "number"), pay_fmt(ctx->pool,
			    at_row(r, i, "bal"), at_row(r, i, "currency")),
			    what, at_row(r, i, "due_date"))) == -1 ||
			    at_activity_job(ctx, at_row_int(r, i, "client_id", 0),
			    "remind", "invoice", id, at_pprintf(ctx->pool,
			    "Reminder sent: invoice %s %s", at_row(r, i,
			    "number"), what), 1) == -1))) {
				at_db_rollback(ctx->db);
				goto fail;
			}
			if (at_db_commit(ctx->db) == -1)
				goto fail;
		}
	}
	return 0;
fail:
	*errstr = "a reminder could not be queued";
	return -1;
}

/* ---- registration ---- */

static const struct at_field f_answer[] = {
	{ "name", at_v_line, 0, 200, "Your name" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route pay_routes[] = {
	{ AT_GET, "/invoices", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/invoices/:id", AT_CONTACT, h_view, NULL, NULL },
	{ AT_GET, "/invoices/:id/pdf", AT_CONTACT, h_pdf, NULL, NULL },
	{ AT_POST, "/invoices/:id/pay", AT_CONTACT, h_pay, NULL, NULL },
	{ AT_POST, "/invoices/:id/accept", AT_CONTACT, h_accept, f_answer,
	    NULL },
	{ AT_POST, "/invoices/:id/decline", AT_CONTACT, h_decline, f_answer,
	    NULL },
	{ AT_GET, "/invoices/:id/ubl", AT_CONTACT, pay_ubl, NULL, NULL },
	{ AT_GET, "/staff/invoices/:id/pdf", AT_STAFF, h_pdf, NULL, NULL },
	{ AT_GET, "/staff/invoices/:id/ubl", AT_STAFF, pay_ubl, NULL, NULL },
	{ AT_POST, "/payments/stripe", AT_ANON | AT_RAW, pay_webhook, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Webhooks: a few KB each; a provider retrying hard is still served. */
static const struct at_rate pay_rate = { 600, 6000, 60 };
static const struct at_rate pay_pay_rate = { 20, 0, 60 };

static const struct at_dash_part pay_dash_part = {
	AT_EXT_SIZE(at_dash_part), "invoices", AT_CONTACT, 50, pay_dash
};
static const struct at_section pay_sec = {
	AT_EXT_SIZE(at_section), "invoices", AT_CONTACT | AT_STAFF, 60,
	pay_section
};
static const struct at_act_kind pay_actk = {
	AT_EXT_SIZE(at_act_kind), "invoice", pay_act
};
static const struct at_act_kind pay_credit_actk = {
	AT_EXT_SIZE(at_act_kind), "credit", pay_credit_act
};
static const struct at_search_provider pay_find = {
	AT_EXT_SIZE(at_search_provider), "invoice", "Invoice",
	AT_CONTACT | AT_STAFF, pay_search
};
static const struct at_client_tab pay_ctab = {
	AT_EXT_SIZE(at_client_tab), "invoices", "Invoices",
	"/staff/invoices?client=%lld", 70, pay_tab
};

/* Reads "plugin payments { }" into pay_conf; 0, or -1 with *errstr. */
static int
pay_read_conf(cfg_t *cfg, const char **errstr)
{
	const char	*err;
	size_t		 i;

	memset(&pay_conf, 0, sizeof(pay_conf));
	if (cfg == NULL) {
		/* No section: the defaults of the option table. */
		pay_conf.provider = "none";
		pay_conf.api_base = "https://api.stripe.com";
		pay_conf.secret_key = pay_conf.webhook_secret = "";
		pay_conf.tolerance = 300;
		pay_conf.inv_pattern = "INV-{YYYY}-{NNNN}";
		pay_conf.quote_pattern = "QUO-{YYYY}-{NNNN}";
		pay_conf.credit_pattern = "CN-{YYYY}-{NNNN}";
		pay_conf.currency = "EUR";
		pay_conf.terms = 30;
		pay_conf.rule = "en";
		pay_conf.bank_holder = pay_conf.iban = pay_conf.bic = "";
		pay_conf.bank_name = pay_conf.seller_name = "";
		pay_conf.seller_address = pay_conf.seller_tax_id = "";
		pay_conf.remind[0] = -3;
		pay_conf.remind[1] = 0;
		pay_conf.remind[2] = 7;
		pay_conf.remind[3] = 30;
		pay_conf.nremind = 4;
		return 0;
	}
	pay_conf.provider = cfg_getstr(cfg, "provider");
	pay_conf.api_base = cfg_getstr(cfg, "api-base");
	pay_conf.secret_key = cfg_getstr(cfg, "secret-key");
	pay_conf.webhook_secret = cfg_getstr(cfg, "webhook-secret");
	pay_conf.tolerance = cfg_getint(cfg, "webhook-tolerance");
	pay_conf.inv_pattern = cfg_getstr(cfg, "invoice-pattern");
	pay_conf.quote_pattern = cfg_getstr(cfg, "quote-pattern");
	pay_conf.credit_pattern = cfg_getstr(cfg, "credit-pattern");
	pay_conf.currency = cfg_getstr(cfg, "currency");
	pay_conf.terms = cfg_getint(cfg, "payment-terms");
	pay_conf.rule = cfg_getstr(cfg, "number-format");
	pay_conf.bank_holder = cfg_getstr(cfg, "bank-holder");
	pay_conf.iban = cfg_getstr(cfg, "iban");
	pay_conf.bic = cfg_getstr(cfg, "bic");
	pay_conf.bank_name = cfg_getstr(cfg, "bank-name");
	pay_conf.seller_name = cfg_getstr(cfg, "seller-name");
	pay_conf.seller_address = cfg_getstr(cfg, "seller-address");
	pay_conf.seller_tax_id = cfg_getstr(cfg, "seller-tax-id");
	pay_conf.nremind = cfg_size(cfg, "reminders");
	if (pay_conf.nremind > PAY_MAXREMIND) {
		*errstr = "reminders: at most 8 rules";
		return -1;
	}
	for (i = 0; i < pay_conf.nremind; i++)
		pay_conf.remind[i] = cfg_getnint(cfg, "reminders", i);
	if (strcmp(pay_conf.provider, "stripe") != 0 &&
	    strcmp(pay_conf.provider, "none") != 0) {
		*errstr = "provider: \"stripe\" or \"none\"";
		return -1;
	}
	if (strcmp(pay_conf.provider, "stripe") == 0 &&
	    (pay_conf.secret_key[0] == '\0' ||
	    pay_conf.webhook_secret[0] == '\0')) {
		*errstr = "provider \"stripe\" needs secret-key and "
		    "webhook-secret";
		return -1;
	}
	if (strncmp(pay_conf.api_base, "https://", 8) != 0 &&
	    strncmp(pay_conf.api_base, "http://127.", 11) != 0 &&
	    strncmp(pay_conf.api_base, "http://localhost", 16) != 0) {
		*errstr = "api-base: an https:// address (http only on the "
		    "loopback, for tests)";
		return -1;
	}
	if (at_currency(pay_conf.currency) == NULL) {
		*errstr = "currency: not an ISO 4217 code";
		return -1;
	}
	if (at_money_rule(pay_conf.rule) == NULL) {
		*errstr = "number-format: en, de, fr, ch or plain";
		return -1;
	}
	if (pay_conf.terms < 0 || pay_conf.terms > 365 ||
	    pay_conf.tolerance < 1 || pay_conf.tolerance > 3600) {
		*errstr = "payment-terms 0..365 days, webhook-tolerance "
		    "1..3600 seconds";
		return -1;
	}
	if (at_seq_check(pay_conf.inv_pattern, AT_SEQ_YEARLY, &err) == -1 ||
	    at_seq_check(pay_conf.quote_pattern, AT_SEQ_YEARLY, &err) == -1 ||
	    at_seq_check(pay_conf.credit_pattern, AT_SEQ_YEARLY, &err) == -1) {
		*errstr = err;
		return -1;
	}
	return 0;
}

/*
 * The navigation's count of invoices sent or changed since the caller
 * last opened the list (a contact: their client's, never drafts); for
 * staff, invoices someone else made and invoices paid since.
 */
static const struct at_nav_count pay_navcount = {
	AT_EXT_SIZE(at_nav_count), "invoices", "/invoices",
	"SELECT COUNT(*) FROM pay_docs d WHERE d.client_id = ? AND d.kind = "
	"'invoice' AND d.status <> 'draft' AND GREATEST(COALESCE(d.sent_at, "
	"d.created_at), d.updated_at) > ?", "cm", "/staff/invoices",
	"SELECT COUNT(*) FROM pay_docs d WHERE d.kind = 'invoice' AND "
	"((d.created_at > ? AND COALESCE(d.created_by, 0) <> ?) OR "
	"d.paid_at > ?)", "mum", 0
};

/*
 * Reads the config and registers the routes (the client's, the staff's,
 * the provider's webhook with its body and rate limits), navigation, the
 * dashboard part, the staff card, the project section, the activity
 * sentences, the client tab and the two jobs.
 */
static int
pay_init(struct at_registry *reg, const char **errstr)
{
	if (pay_read_conf(at_reg_config(reg), errstr) == -1)
		return -1;
	at_reg_routes(reg, pay_routes);
	at_reg_routes(reg, pay_staff_routes);
	at_reg_limit(reg, AT_POST, "/payments/stripe", 64 * 1024, &pay_rate);
	at_reg_limit(reg, AT_POST, "/invoices/:id/pay", 0, &pay_pay_rate);
	at_reg_nav(reg, AT_CONTACT, "Invoices", "/invoices", 70);
	at_reg_nav(reg, AT_STAFF, "Invoices", "/staff/invoices", 70);
	at_reg_nav_count(reg, &pay_navcount);
	at_reg_dash(reg, &pay_dash_part);
	at_reg_card(reg, AT_STAFF, pay_staff_card, 70);
	at_reg_section(reg, &pay_sec);
	at_reg_activity(reg, &pay_actk);
	at_reg_activity(reg, &pay_credit_actk);
	at_reg_search(reg, &pay_find);
	at_reg_client_tab(reg, &pay_ctab);
	at_reg_job(reg, "recurring", 3600, pay_job_recurring);
	at_reg_job(reg, "remind", 3600, pay_job_remind);
	at_notify_kind(reg, "documents", "Invoices and quotes sent to us",
	    AT_CONTACT, AT_DELIVER_NOW);
	at_notify_kind(reg, "reminders", "Payment reminders", AT_CONTACT,
	    AT_DELIVER_NOW);
	pay_invoicing_init(reg);
	pay_reports_register(reg);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "payments",
	.version = "1.0",
	.summary = "Invoices, quotes, credit notes and payments by card or "
	    "bank transfer",
	.options = pay_opts,
	.init = pay_init,
};
