/*
 * The staff's payment pages: documents per client (and project) with
 * filters and aging buckets, drafts with lines, sending (numbered and
 * frozen), voiding with a reason, credit notes, payments and refunds by
 * hand, quotes turned into invoices or deposit invoices, recurring
 * schedules, the tax table, each client's billing details and the CSV
 * export for the accountant.  Staff only (AT_STAFF on every route).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "invoice.h"
#include "pay.h"

/* The route's document for staff; NULL with *status. */
static struct at_rows *
st_doc(struct at_req *req, int *status)
{
	return pay_doc_get(req, at_arg_id(req, "id"), status);
}

/* Back to the staff page of document id with a flash. */
static int
st_back(struct at_req *req, long long id, const char *kind, const char *msg)
{
	at_flash(req, kind, msg);
	return at_redirect(req, at_pprintf(at_req_pool(req), "/staff/invoices/%lld",
	    id));
}

/*
 * GET /staff/invoices (staff): documents filtered by status (draft,
 * open, overdue, paid, void, quotes, all), client and kind; the aging
 * buckets of open invoices per currency; the forms for a new document,
 * the tax table and the clients for billing details.
 */
static int
h_staff_list(struct at_req *req)
{
	/* The page's own groups, then the documents' statuses. */
	static const char *const statuses[] = { "all", "draft", "open",
	    "overdue", "paid", "void", "quotes", "credits", "sent", "partial",
	    "credited", "accepted", "declined", "invoiced", NULL };
	struct at_list_filter f;
	struct at_rows	*r, *cl, *tx, *ag;
	const char	*status;
	long long	 client;
	xmlNodePtr	 c, list, it;
	size_t		 i;

	at_page_id(req, "staff-invoices-list");
	at_page_title(req, "Invoices");
	c = at_page_content(req);
	if (at_list_filter(req, c, "status", statuses, "all", 0, &f) == -1)
		return 500;
	status = f.state;
	client = f.client;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT " PAY_DOC_COLS
	    PAY_DOC_FROM "WHERE (? = 0 OR d.client_id = ?) AND (? = 'all' OR "
	    "(? = 'open' AND d.kind = 'invoice' AND d.status IN ('sent', "
	    "'partial')) OR (? = 'overdue' AND d.kind = 'invoice' AND "
	    "d.status IN ('sent', 'partial') AND d.due_date < CURRENT_DATE()) "
	    "OR (? = 'quotes' AND d.kind = 'quote') OR (? = 'credits' AND "
	    "d.kind = 'credit') OR d.status = ?) ORDER BY d.id DESC LIMIT 500",
	    "IIssssss", client, client, status, status, status, status, status,
	    status);
	cl = at_db_select(at_req_db(req), at_req_pool(req), "SELECT c.id, c.name, "
	    "COALESCE(b.currency, ?) AS currency FROM clients c LEFT JOIN "
	    "pay_clients b ON b.client_id = c.id ORDER BY c.name", "s",
	    pay_conf.currency);
	tx = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name, rate_bp FROM "
	    "pay_taxes WHERE active = 1 ORDER BY rate_bp, name", "");
	ag = at_db_select(at_req_db(req), at_req_pool(req), "SELECT currency, CASE WHEN "
	    "due_date >= CURRENT_DATE() THEN 'current' WHEN "
	    "DATEDIFF(CURRENT_DATE(), due_date) <= 30 THEN '1-30' WHEN "
	    "DATEDIFF(CURRENT_DATE(), due_date) <= 60 THEN '31-60' WHEN "
	    "DATEDIFF(CURRENT_DATE(), due_date) <= 90 THEN '61-90' ELSE '90+' "
	    "END AS bucket, CAST(SUM(total - paid - credited) AS SIGNED) AS "
	    "amount, COUNT(*) AS n FROM pay_docs WHERE kind = 'invoice' AND "
	    "status IN ('sent', 'partial') AND (? = 0 OR client_id = ?) GROUP "
	    "BY currency, bucket ORDER BY currency, bucket", "II", client,
	    client);
	if (r == NULL || cl == NULL || tx == NULL || ag == NULL ||
	    at_seen_mark(req, "invoices") == -1)
		return 500;
	list = at_x(c, "docs", NULL);
	for (i = 0; i < r->n; i++)
		pay_doc_xml(req, list, r, i, 0);
	at_x_rows(c, "clients", "client", cl);
	at_x_rows(c, "taxes", "tax", tx);
	if (client > 0 && pay_credit_xml(req, c, client) == -1)
		return 500;
	list = at_x(c, "aging", NULL);
	for (i = 0; i < ag->n; i++) {
		it = at_x_row(list, "bucket", ag, i);
		at_x(it, "amount_f", pay_fmt(at_req_pool(req), at_row(ag, i, "amount"),
		    at_row(ag, i, "currency")));
	}
	at_x_form(req, c, "new");
	return 200;
}

/*
 * POST /staff/invoices (staff): fields client, project, kind (invoice,
 * quote), title.  A new draft in the client's currency.
 */
static int
h_new(struct at_req *req)
{
	struct at_rows	*r;
	const char	*kind = at_form(req, "kind"), *proj;
	long long	 client = 0, project = 0, id;

	if (at_strtoll(at_form(req, "client"), &client) == -1 || client <= 0)
		return 400;
	if (kind == NULL || (strcmp(kind, "invoice") != 0 &&
	    strcmp(kind, "quote") != 0))
		kind = "invoice";
	proj = at_form(req, "project");
	if (proj != NULL && *proj != '\0' && (at_strtoll(proj, &project) ==
	    -1 || project < 0))
		return 400;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT c.id, COALESCE("
	    "b.currency, ?) AS currency, (SELECT COUNT(*) FROM projects p "
	    "WHERE p.id = ? AND p.client_id = c.id) AS proj_ok FROM clients c "
	    "LEFT JOIN pay_clients b ON b.client_id = c.id WHERE c.id = ?",
	    "sII", pay_conf.currency, project, client);
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	if (project > 0 && at_row_int(r, 0, "proj_ok", 0) != 1) {
		at_flash(req, "error", "That project is not this client's.");
		return at_redirect(req, "/staff/invoices");
	}
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_docs (kind, client_id, "
	    "project_id, currency, title, terms, created_by) VALUES (?, ?, "
	    "NULLIF(?, 0), ?, ?, ?, ?)", "sIIsssI", kind, client, project,
	    at_row(r, 0, "currency"), at_form(req, "title") != NULL ?
	    at_form(req, "title") : "", NULL, at_user_id(at_req_user(req))) != 1)
		return 500;
	id = at_db_insert_id(at_req_db(req));
	return st_back(req, id, "ok", "Draft created: add its lines.");
}

/*
 * GET /staff/invoices/:id (staff): the document with its lines and
 * payments, and the forms its state allows.  Adds <doc>, <taxes>,
 * <projects>, <schedules>, <bank>.
 */
static int
h_staff_view(struct at_req *req)
{
	struct at_rows	*r, *tx, *pr, *sc;
	xmlNodePtr	 c;
	int		 st;
	long long	 id;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	tx = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name, rate_bp FROM "
	    "pay_taxes WHERE active = 1 ORDER BY rate_bp, name", "");
	pr = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name FROM projects "
	    "WHERE client_id = ? ORDER BY name", "I",
	    at_row_int(r, 0, "client_id", 0));
	sc = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, every, next_on, "
	    "active FROM pay_recurring WHERE source_id = ? ORDER BY id", "I",
	    id);
	if (tx == NULL || pr == NULL || sc == NULL)
		return 500;
	at_page_id(req, "staff-invoices-view");
	at_page_title(req, at_row(r, 0, "number") != NULL ?
	    at_row(r, 0, "number") : "Draft");
	c = at_page_content(req);
	if (pay_doc_xml(req, c, r, 0, 1) == NULL)
		return 500;
	at_x_rows(c, "taxes", "tax", tx);
	at_x_rows(c, "projects", "project", pr);
	at_x_rows(c, "schedules", "schedule", sc);
	if (pay_credit_xml(req, c, at_row_int(r, 0, "client_id", 0)) == -1)
		return 500;
	at_x_form(req, c, "line");
	return 200;
}

/* The draft of the route, or NULL with *status (or a redirect). */
static struct at_rows *
st_draft(struct at_req *req, int *status)
{
	struct at_rows	*r;

	if ((r = st_doc(req, status)) == NULL)
		return NULL;
	if (strcmp(at_row(r, 0, "status"), "draft") != 0) {
		*status = st_back(req, at_row_int(r, 0, "id", 0), "error",
		    "A sent document never changes: void it or issue a "
		    "credit note.");
		return NULL;
	}
	return r;
}

/*
 * POST /staff/invoices/:id/edit (staff, draft): fields title, notes,
 * terms, issue_date, due_date, project.
 */
static int
h_edit(struct at_req *req)
{
	struct at_rows	*r;
	const char	*proj = at_form(req, "project");
	long long	 id, project = 0;
	int		 st;

	if ((r = st_draft(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (proj != NULL && *proj != '\0' && (at_strtoll(proj, &project) ==
	    -1 || project < 0))
		return 400;
	if (at_db_exec(at_req_db(req), "UPDATE pay_docs SET title = ?, notes = "
	    "NULLIF(?, ''), terms = NULLIF(?, ''), issue_date = NULLIF(?, ''), "
	    "due_date = NULLIF(?, ''), project_id = (SELECT id FROM projects "
	    "WHERE id = ? AND client_id = pay_docs.client_id), updated_at = "
	    "UTC_TIMESTAMP() WHERE id = ? AND status = 'draft'", "sssssII",
	    at_form(req, "title") != NULL ? at_form(req, "title") : "",
	    at_form(req, "notes"), at_form(req, "terms"),
	    at_form(req, "issue_date"), at_form(req, "due_date"), project,
	    id) == -1)
		return 500;
	return st_back(req, id, "ok", "Saved.");
}

/*
 * POST /staff/invoices/:id/lines (staff, draft): fields description,
 * qty (up to 3 decimals), unit (price in the document's currency, may
 * be negative), tax (an id of the tax table), discount (percent).  The
 * line's amounts and the document's totals are computed (invoice.h).
 */
static int
h_line(struct at_req *req)
{
	struct at_rows	*r, *t;
	const struct at_currency *cur;
	const struct at_money_rule *rule = at_money_rule(pay_conf.rule);
	struct pay_line	 l;
	const char	*err, *d = at_form(req, "discount");
	long long	 id, tax = 0;
	int		 st;

	if ((r = st_draft(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	cur = at_currency(at_row(r, 0, "currency"));
	memset(&l, 0, sizeof(l));
	if (at_form(req, "qty") == NULL || at_qty_parse(at_form(req, "qty"),
	    rule, 0, &l.qty_milli, &err) == -1)
		at_form_error(req, "qty", at_form(req, "qty") == NULL ?
		    "Enter a quantity." : err);
	if (cur == NULL || at_form(req, "unit") == NULL ||
	    at_money_parse(at_form(req, "unit"), cur, rule, AT_MONEY_SIGNED,
	    &l.unit, &err) == -1)
		at_form_error(req, "unit", at_form(req, "unit") == NULL ?
		    "Enter a price." : err);
	if (d != NULL && *d != '\0' && pay_percent_parse(d,
	    &l.discount_bp) == -1)
		at_form_error(req, "discount", "A percentage from 0 to 100, "
		    "like 10 or 12.5.");
	if (at_strtoll(at_form(req, "tax"), &tax) == -1 || tax <= 0)
		at_form_error(req, "tax", "Choose a tax rate.");
	t = at_db_select(at_req_db(req), at_req_pool(req), "SELECT name, rate_bp FROM "
	    "pay_taxes WHERE id = ? AND active = 1", "I", tax);
	if (t == NULL)
		return 500;
	if (t->n != 1 && at_form_errors(req) == 0)
		at_form_error(req, "tax", "Choose a tax rate.");
	if (at_form_errors(req) == 0) {
		l.rate_bp = at_row_int(t, 0, "rate_bp", 0);
		if (pay_line_calc(&l) == -1)
			at_form_error(req, "unit", "The amounts are too "
			    "large.");
	}
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_lines (doc_id, description, "
	    "qty_milli, unit, discount_bp, tax_name, rate_bp, net, tax) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", "IsIIIsIII", id,
	    at_form(req, "description"), (long long)l.qty_milli,
	    (long long)l.unit, (long long)l.discount_bp, at_row(t, 0, "name"),
	    (long long)l.rate_bp, (long long)l.net, (long long)l.tax) != 1 ||
	    pay_recompute(at_req_db(req), at_req_pool(req), id) == -1) {
		at_db_rollback(at_req_db(req));
		return st_back(req, id, "error", "The line could not be added: "
		    "the amounts are too large.");
	}
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return st_back(req, id, "ok", "Line added.");
}

/* POST /staff/invoices/:id/lines/:line/delete (staff, draft). */
static int
h_line_delete(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id;
	int		 st;

	if ((r = st_draft(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (at_db_exec(at_req_db(req), "DELETE FROM pay_lines WHERE id = ? AND doc_id "
	    "= ?", "II", at_arg_id(req, "line"), id) == -1 ||
	    pay_recompute(at_req_db(req), at_req_pool(req), id) == -1)
		return 500;
	return st_back(req, id, "ok", "Line removed.");
}

/* POST /staff/invoices/:id/delete (staff, draft): the draft is gone. */
static int
h_delete(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = st_draft(req, &st)) == NULL)
		return st;
	if (at_db_exec(at_req_db(req), "DELETE FROM pay_docs WHERE id = ? AND status "
	    "= 'draft'", "I", at_row_int(r, 0, "id", 0)) == -1)
		return 500;
	at_flash(req, "ok", "Draft deleted.");
	return at_redirect(req, "/staff/invoices");
}

/*
 * POST /staff/invoices/:id/send (staff, draft): numbers and freezes the
 * document (pay_issue), logs it and tells the client's contacts.
 */
static int
h_send(struct at_req *req)
{
	struct at_rows	*r;
	const char	*err = "The document could not be sent.";
	int64_t		 applied;
	long long	 id;
	int		 st, tries;

	if ((r = st_draft(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (pay_seq_ready(at_req_db(req)) == -1)
		return 500;
	for (tries = 0; tries < 3; tries++) {
		if (at_db_begin(at_req_db(req)) == -1)
			return 500;
		if (pay_issue(at_req_db(req), at_req_pool(req), id, &err) == 0)
			break;
		at_db_rollback(at_req_db(req));
		if (at_db_errno(at_req_db(req)) != 1213 && at_db_errno(at_req_db(req)) !=
		    1205)
			return st_back(req, id, "error", err);
	}
	if (tries == 3)
		return st_back(req, id, "error", err);
	if (pay_credit_apply(req, NULL, at_req_db(req), at_req_pool(req), id,
	    &applied) == -1) {
		at_db_rollback(at_req_db(req));
		return 500;
	}
	if ((r = pay_doc_get(req, id, &st)) == NULL ||
	    (strcmp(at_row(r, 0, "kind"), "invoice") == 0 &&
	    at_publish(at_req_db(req), "invoice.sent", at_pprintf(
	    at_req_pool(req), "invoice=%lld\nclient=%s\nnumber=%s\n"
	    "credit=%lld", id, at_row(r, 0, "client_id"), at_row(r, 0,
	    "number"), (long long)applied)) == -1) ||
	    at_activity(req, at_row_int(r, 0, "client_id", 0), "send",
	    "invoice", id, at_row(r, 0, "number"), 1) == -1 ||
	    pay_tell_client(at_req_db(req), at_req_pool(req), at_req_site(req), id,
	    PAY_KIND_DOCS,
	    at_pprintf(at_req_pool(req), "%s %s from %s", strcmp(at_row(r, 0, "kind"),
	    "quote") == 0 ? "Quote" : strcmp(at_row(r, 0, "kind"), "credit") ==
	    0 ? "Credit note" : "Invoice", at_row(r, 0, "number"),
	    at_site_brand_name(at_req_site(req)) != NULL ? at_site_brand_name(at_req_site(req)) :
	    at_site_name(at_req_site(req))), at_pprintf(at_req_pool(req), "%s %s: %s.",
	    strcmp(at_row(r, 0, "kind"), "quote") == 0 ? "Quote" : "Document",
	    at_row(r, 0, "number"), pay_fmt(at_req_pool(req), at_row(r, 0, "total"),
	    at_row(r, 0, "currency")))) == -1) {
		at_db_rollback(at_req_db(req));
		return 500;
	}
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return st_back(req, id, "ok", "Sent: the client sees it now.");
}

/*
 * POST /staff/invoices/:id/void (staff): field reason (required).  A
 * sent invoice or quote without payments becomes void, kept with its
 * number.
 */
static int
h_void(struct at_req *req)
{
	struct at_rows	*r;
	const char	*reason = at_form(req, "reason");
	long long	 id;
	int		 st;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (reason == NULL || *reason == '\0')
		return st_back(req, id, "error", "Say why it is void.");
	if (strcmp(at_row(r, 0, "status"), "draft") == 0)
		return st_back(req, id, "error", "A draft is deleted, not "
		    "voided.");
	if (at_row_int(r, 0, "paid", 0) != 0)
		return st_back(req, id, "error", "It has payments: refund them "
		    "or issue a credit note instead.");
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "UPDATE pay_docs SET status = 'void', "
	    "void_reason = ?, updated_at = UTC_TIMESTAMP() WHERE id = ? AND "
	    "status IN ('sent', 'accepted', 'declined') AND paid = 0", "sI",
	    reason, id) != 1) {
		at_db_rollback(at_req_db(req));
		return st_back(req, id, "error", "Only a sent document without "
		    "payments can be voided.");
	}
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "void",
	    "invoice", id, at_pprintf(at_req_pool(req), "%s (%s)", at_row(r, 0,
	    "number"), reason), 1) == -1 || at_db_commit(at_req_db(req)) == -1) {
		at_db_rollback(at_req_db(req));
		return 500;
	}
	return st_back(req, id, "ok", "Voided.");
}

/*
 * POST /staff/invoices/:id/payments (staff): fields amount (negative: a
 * refund), method (bank, cheque, cash, other), reference.  Recorded in
 * one transaction with the invoice's state and the activity entry.
 */
static int
h_payment(struct at_req *req)
{
	struct at_rows	*r;
	const char	*err, *method = at_form(req, "method");
	int64_t		 amount;
	long long	 id;
	int		 st, dup, rc;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (at_form(req, "amount") == NULL ||
	    at_money_parse(at_form(req, "amount"), at_currency(at_row(r, 0,
	    "currency")), at_money_rule(pay_conf.rule), AT_MONEY_SIGNED,
	    &amount, &err) == -1 || amount == 0)
		return st_back(req, id, "error", at_form(req, "amount") ==
		    NULL || amount == 0 ? "Enter the amount received." :
		    at_pprintf(at_req_pool(req), "Amount: %s", err));
	if (method == NULL || (strcmp(method, "bank") != 0 &&
	    strcmp(method, "cheque") != 0 && strcmp(method, "cash") != 0 &&
	    strcmp(method, "other") != 0))
		method = "bank";
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	rc = pay_record(req, at_req_db(req), at_req_pool(req), id, amount,
	    at_row(r, 0, "currency"), method, at_form(req, "reference"), NULL,
	    at_user_id(at_req_user(req)), &dup);
	if (rc != 0) {
		at_db_rollback(at_req_db(req));
		if (rc == -1)
			return 500;
		return st_back(req, id, "error", "This document takes no "
		    "payment.");
	}
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return st_back(req, id, "ok", amount < 0 ? "Refund recorded." :
	    "Payment recorded.");
}

/*
 * POST /staff/invoices/:id/refund (staff): field amount.  Asks the card
 * provider to refund that much of the invoice's card payments; the
 * refund is recorded when the provider confirms it (charge.refunded).
 */
static int
h_refund(struct at_req *req)
{
	struct at_rows	*r;
	const char	*err;
	int64_t		 amount;
	long long	 id;
	int		 st;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (at_form(req, "amount") == NULL ||
	    at_money_parse(at_form(req, "amount"), at_currency(at_row(r, 0,
	    "currency")), at_money_rule(pay_conf.rule), 0, &amount,
	    &err) == -1 || amount <= 0)
		return st_back(req, id, "error", "Enter the amount to refund.");
	if (strcmp(pay_conf.provider, "stripe") != 0)
		return st_back(req, id, "error", "No card provider is set up.");
	if (pay_refund(req, id, amount, &err) == -1)
		return st_back(req, id, "error", err);
	return st_back(req, id, "ok", "Refund requested: it is recorded as "
	    "soon as the provider confirms it.");
}

/*
 * POST /staff/invoices/:id/credit (staff): field reason.  Issues a
 * credit note for the whole sent invoice (its lines negated, numbered
 * from the credit-note sequence) and credits the invoice with it.
 */
static int
h_credit(struct at_req *req)
{
	struct at_rows	*r, *n;
	const char	*err = "The credit note could not be issued.", *state;
	long long	 id, cn;
	int		 st;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "kind"), "invoice") != 0 ||
	    (strcmp(at_row(r, 0, "status"), "sent") != 0 &&
	    strcmp(at_row(r, 0, "status"), "partial") != 0 &&
	    strcmp(at_row(r, 0, "status"), "paid") != 0) ||
	    at_row_int(r, 0, "credited", 0) != 0)
		return st_back(req, id, "error", "Only a sent invoice not yet "
		    "credited takes a credit note.");
	if (pay_seq_ready(at_req_db(req)) == -1 || at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_docs (kind, client_id, "
	    "project_id, currency, title, notes, related_id, created_by) "
	    "SELECT 'credit', client_id, project_id, currency, CONCAT('Credit "
	    "note for ', number), ?, id, ? FROM pay_docs WHERE id = ?", "sII",
	    at_form(req, "reason"), at_user_id(at_req_user(req)), id) != 1)
		goto fail;
	cn = at_db_insert_id(at_req_db(req));
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_lines (doc_id, description, "
	    "qty_milli, unit, discount_bp, tax_name, rate_bp, net, tax) SELECT "
	    "?, description, qty_milli, -unit, discount_bp, tax_name, rate_bp, "
	    "-net, -tax FROM pay_lines WHERE doc_id = ? ORDER BY id", "II", cn,
	    id) == -1 || pay_issue(at_req_db(req), at_req_pool(req), cn, &err) == -1)
		goto fail;
	n = at_db_select(at_req_db(req), at_req_pool(req), "SELECT total, number FROM "
	    "pay_docs WHERE id = ?", "I", cn);
	if (n == NULL || n->n != 1)
		goto fail;
	state = pay_state(at_row_int(r, 0, "total", 0), at_row_int(r, 0,
	    "paid", 0), -at_row_int(n, 0, "total", 0));
	if (at_db_exec(at_req_db(req), "UPDATE pay_docs SET credited = ?, status = ?, "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "IsI",
	    -at_row_int(n, 0, "total", 0), state, id) != 1 ||
	    at_activity(req, at_row_int(r, 0, "client_id", 0), "credit",
	    "invoice", id, at_pprintf(at_req_pool(req), "%s (%s)", at_row(r, 0,
	    "number"), at_row(n, 0, "number")), 1) == -1 ||
	    at_db_commit(at_req_db(req)) == -1)
		goto fail;
	return st_back(req, cn, "ok", "Credit note issued.");
fail:
	at_db_rollback(at_req_db(req));
	return st_back(req, id, "error", err);
}

/*
 * POST /staff/invoices/:id/convert (staff): field deposit (percent,
 * empty for the whole quote).  An accepted quote becomes a draft
 * invoice: its lines, or one untaxed line "Deposit N% of quote ...".
 */
static int
h_convert(struct at_req *req)
{
	struct at_rows	*r;
	const char	*dep = at_form(req, "deposit");
	int64_t		 bp = 0, amount;
	long long	 id, inv;
	int		 st;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "kind"), "quote") != 0 ||
	    strcmp(at_row(r, 0, "status"), "accepted") != 0)
		return st_back(req, id, "error", "Only an accepted quote "
		    "becomes an invoice.");
	if (dep != NULL && *dep != '\0' && (pay_percent_parse(dep, &bp) ==
	    -1 || bp <= 0 || bp > 10000))
		return st_back(req, id, "error", "Deposit: a percentage from "
		    "1 to 100.");
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_docs (kind, client_id, "
	    "project_id, currency, title, notes, terms, related_id, "
	    "deposit_bp, created_by) SELECT 'invoice', client_id, project_id, "
	    "currency, title, notes, terms, id, NULLIF(?, 0), ? FROM pay_docs "
	    "WHERE id = ?", "III", (long long)bp, at_user_id(at_req_user(req)), id) != 1)
		goto fail;
	inv = at_db_insert_id(at_req_db(req));
	if (bp == 0) {
		if (at_db_exec(at_req_db(req), "INSERT INTO pay_lines (doc_id, "
		    "description, qty_milli, unit, discount_bp, tax_name, "
		    "rate_bp, net, tax) SELECT ?, description, qty_milli, "
		    "unit, discount_bp, tax_name, rate_bp, net, tax FROM "
		    "pay_lines WHERE doc_id = ? ORDER BY id", "II", inv,
		    id) == -1)
			goto fail;
	} else {
		if (pay_deposit(at_row_int(r, 0, "total", 0), bp, &amount) ==
		    -1)
			goto fail;
		if (at_db_exec(at_req_db(req), "INSERT INTO pay_lines (doc_id, "
		    "description, qty_milli, unit, tax_name, rate_bp, net, "
		    "tax) VALUES (?, ?, 1000, ?, 'Deposit', 0, ?, 0)", "IsII",
		    inv, at_pprintf(at_req_pool(req), "Deposit %s%% of quote %s", dep,
		    at_row(r, 0, "number")), (long long)amount,
		    (long long)amount) != 1)
			goto fail;
	}
	if (pay_recompute(at_req_db(req), at_req_pool(req), inv) == -1 ||
	    at_db_exec(at_req_db(req), "UPDATE pay_docs SET status = 'invoiced', "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = "
	    "'accepted'", "I", id) != 1 || at_db_commit(at_req_db(req)) == -1)
		goto fail;
	return st_back(req, inv, "ok", bp != 0 ? "Deposit invoice drafted: "
	    "check it and send it." : "Invoice drafted from the quote: check "
	    "it and send it.");
fail:
	at_db_rollback(at_req_db(req));
	return st_back(req, id, "error", "The invoice could not be made.");
}

/*
 * POST /staff/invoices/:id/recurring (staff): fields every (month,
 * quarter, year), start (the first issue date).  The payments.recurring
 * job issues a copy of this document's lines on each date.
 */
static int
h_recurring(struct at_req *req)
{
	struct at_rows	*r;
	const char	*every = at_form(req, "every");
	char		 next[11];
	long long	 id;
	int		 st;

	if ((r = st_doc(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "kind"), "invoice") != 0 ||
	    pay_next_period(at_form(req, "start"), every, next) == -1)
		return st_back(req, id, "error", "Choose month, quarter or "
		    "year and a start date.");
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_recurring (source_id, "
	    "client_id, every, next_on) VALUES (?, ?, ?, ?)", "IIss", id,
	    at_row_int(r, 0, "client_id", 0), every, at_form(req, "start")) !=
	    1)
		return 500;
	return st_back(req, id, "ok", "Recurring invoice scheduled.");
}

/* POST /staff/payments/taxes (staff): fields name, rate (percent). */
static int
h_tax(struct at_req *req)
{
	int64_t	 bp;

	if (at_form(req, "name") == NULL ||
	    pay_percent_parse(at_form(req, "rate"), &bp) == -1) {
		at_flash(req, "error", "Give the rate a name and a percentage "
		    "like 20 or 5.5.");
		return at_redirect(req, "/staff/invoices");
	}
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_taxes (name, rate_bp) VALUES "
	    "(?, ?) ON DUPLICATE KEY UPDATE rate_bp = VALUES(rate_bp), active "
	    "= 1", "sI", at_form(req, "name"), (long long)bp) == -1)
		return 500;
	at_flash(req, "ok", "Tax rate saved.");
	return at_redirect(req, "/staff/invoices");
}

/*
 * POST /staff/payments/billing/:id (staff): fields currency, terms,
 * legal_name, address, tax_id, billing_email: client id's billing
 * details, used by documents sent from now on.
 */
static int
h_billing(struct at_req *req)
{
	const char	*cur = at_form(req, "currency");
	long long	 client = at_arg_id(req, "id"), terms = 30;

	if (client <= 0)
		return 404;
	if (cur == NULL || at_currency(cur) == NULL ||
	    at_strtoll(at_form(req, "terms"), &terms) == -1 || terms < 0 ||
	    terms > 365) {
		at_flash(req, "error", "Currency: an ISO 4217 code (EUR); "
		    "terms: 0 to 365 days.");
		return at_redirect(req, "/staff/invoices");
	}
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_clients (client_id, currency, "
	    "terms_days, legal_name, address, tax_id, billing_email) SELECT "
	    "id, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, "
	    "'') FROM clients WHERE id = ? ON DUPLICATE KEY UPDATE currency = "
	    "VALUES(currency), terms_days = VALUES(terms_days), legal_name = "
	    "VALUES(legal_name), address = VALUES(address), tax_id = "
	    "VALUES(tax_id), billing_email = VALUES(billing_email)",
	    "sIssssI", cur, terms, at_form(req, "legal_name"),
	    at_form(req, "address"), at_form(req, "tax_id"),
	    at_form(req, "billing_email"), client) == -1)
		return 500;
	at_flash(req, "ok", "Billing details saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/invoices?client=%lld", client));
}

/* A CSV field: quoted, quotes doubled, a leading =+-@ neutralised. */
static char *
st_csv(struct at_pool *pool, const char *s)
{
	char		*o, *p;
	size_t		 n = 3;
	const char	*q;

	if (s == NULL)
		s = "";
	for (q = s; *q != '\0'; q++)
		n += *q == '"' ? 2 : 1;
	o = p = at_palloc(pool, n + 2);
	*p++ = '"';
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		if (!(*s == '-' && s[1] >= '0' && s[1] <= '9'))
			*p++ = '\'';
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			*p++ = '"';
		*p++ = *q;
	}
	*p++ = '"';
	*p = '\0';
	return o;
}

/*
 * GET /staff/payments/export?what=invoices|payments (staff): CSV for
 * the accountant, amounts as plain decimals with their currency.
 */
static int
h_export(struct at_req *req)
{
	struct at_rows	*r;
	const char	*what = at_query(req, "what");
	char		*out;
	size_t		 i;
	const struct at_currency *cur;

	if (what != NULL && strcmp(what, "payments") == 0) {
		r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT p.received_on, "
		    "d.number, c.name AS client, p.amount, p.currency, "
		    "p.method, p.reference FROM pay_payments p JOIN pay_docs d "
		    "ON d.id = p.doc_id JOIN clients c ON c.id = p.client_id "
		    "ORDER BY p.received_on, p.id", "");
		if (r == NULL)
			return 500;
		out = "date,invoice,client,amount,currency,method,"
		    "reference\r\n";
		for (i = 0; i < r->n; i++) {
			cur = at_currency(at_row(r, i, "currency"));
			out = at_pprintf(at_req_pool(req), "%s%s,%s,%s,%s,%s,%s,"
			    "%s\r\n", out, at_row(r, i, "received_on"),
			    st_csv(at_req_pool(req), at_row(r, i, "number")),
			    st_csv(at_req_pool(req), at_row(r, i, "client")),
			    cur != NULL ? at_money_decimal(at_req_pool(req),
			    at_row_int(r, i, "amount", 0), cur) : "",
			    at_row(r, i, "currency"), at_row(r, i, "method"),
			    st_csv(at_req_pool(req), at_row(r, i, "reference")));
		}
		what = "payments";
	} else {
		r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT d.number, d.kind, "
		    "d.status, c.name AS client, d.issue_date, d.due_date, "
		    "d.currency, d.net, d.tax, d.total, d.paid, d.credited "
		    "FROM pay_docs d JOIN clients c ON c.id = d.client_id "
		    "WHERE d.kind IN ('invoice', 'credit') AND d.number IS NOT "
		    "NULL ORDER BY d.issue_date, d.id", "");
		if (r == NULL)
			return 500;
		out = "number,kind,status,client,issued,due,currency,net,tax,"
		    "total,paid,credited\r\n";
		for (i = 0; i < r->n; i++) {
			cur = at_currency(at_row(r, i, "currency"));
			if (cur == NULL)
				continue;
			out = at_pprintf(at_req_pool(req), "%s%s,%s,%s,%s,%s,%s,%s,%s,"
			    "%s,%s,%s,%s\r\n", out, st_csv(at_req_pool(req),
			    at_row(r, i, "number")), at_row(r, i, "kind"),
			    at_row(r, i, "status"), st_csv(at_req_pool(req),
			    at_row(r, i, "client")), at_row(r, i, "issue_date"),
			    at_row(r, i, "due_date") != NULL ?
			    at_row(r, i, "due_date") : "",
			    at_row(r, i, "currency"),
			    at_money_decimal(at_req_pool(req), at_row_int(r, i, "net",
			    0), cur), at_money_decimal(at_req_pool(req),
			    at_row_int(r, i, "tax", 0), cur),
			    at_money_decimal(at_req_pool(req), at_row_int(r, i,
			    "total", 0), cur), at_money_decimal(at_req_pool(req),
			    at_row_int(r, i, "paid", 0), cur),
			    at_money_decimal(at_req_pool(req), at_row_int(r, i,
			    "credited", 0), cur));
		}
		what = "invoices";
	}
	at_resp_header(req, "Content-Disposition", at_pprintf(at_req_pool(req),
	    "attachment; filename=\"%s.csv\"", what));
	return at_send(req, 200, "text/csv; charset=utf-8", out, strlen(out));
}

static const struct at_field f_new[] = {
	{ "client", at_v_id, AT_F_REQUIRED, 20, "Client" },
	{ "project", NULL, 0, 20, "Project" },
	{ "kind", NULL, 0, 16, "Kind" },
	{ "title", at_v_line, 0, 200, "Title" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_edit[] = {
	{ "title", at_v_line, 0, 200, "Title" },
	{ "notes", NULL, 0, 4000, "Notes" },
	{ "terms", NULL, 0, 4000, "Terms" },
	{ "issue_date", at_v_date, 0, 10, "Issue date" },
	{ "due_date", at_v_date, 0, 10, "Due date" },
	{ "project", NULL, 0, 20, "Project" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_line[] = {
	{ "description", at_v_line, AT_F_REQUIRED, 500, "Description" },
	{ "qty", NULL, AT_F_REQUIRED, 32, "Quantity" },
	{ "unit", NULL, AT_F_REQUIRED, 32, "Unit price" },
	{ "tax", NULL, AT_F_REQUIRED, 20, "Tax" },
	{ "discount", NULL, 0, 8, "Discount" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_void[] = {
	{ "reason", at_v_line, AT_F_REQUIRED, 500, "Reason" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_payment[] = {
	{ "amount", NULL, AT_F_REQUIRED, 32, "Amount" },
	{ "method", NULL, 0, 16, "Method" },
	{ "reference", at_v_line, 0, 200, "Reference" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_refund[] = {
	{ "amount", NULL, AT_F_REQUIRED, 32, "Amount" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_credit[] = {
	{ "reason", at_v_line, 0, 500, "Reason" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_convert[] = {
	{ "deposit", NULL, 0, 8, "Deposit" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_recurring[] = {
	{ "every", NULL, AT_F_REQUIRED, 16, "Every" },
	{ "start", at_v_date, AT_F_REQUIRED, 10, "First date" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_tax[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 100, "Name" },
	{ "rate", NULL, AT_F_REQUIRED, 8, "Rate" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_billing[] = {
	{ "currency", at_v_line, AT_F_REQUIRED, 3, "Currency" },
	{ "terms", at_v_int, AT_F_REQUIRED, 4, "Payment terms" },
	{ "legal_name", at_v_line, 0, 200, "Legal name" },
	{ "address", NULL, 0, 1000, "Address" },
	{ "tax_id", at_v_line, 0, 64, "Tax ID" },
	{ "billing_email", at_v_email, 0, 254, "Billing e-mail" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_credit_refund[] = {
	{ "currency", at_v_line, AT_F_REQUIRED, 3, "Currency" },
	{ "amount", NULL, AT_F_REQUIRED, 32, "Amount" },
	{ "reference", at_v_line, 0, 200, "Reference" },
	{ NULL, NULL, 0, 0, NULL }
};

const struct at_route pay_staff_routes[] = {
	{ AT_GET, "/staff/invoices", AT_STAFF, h_staff_list, NULL, NULL },
	{ AT_POST, "/staff/invoices", AT_STAFF, h_new, f_new, NULL },
	{ AT_GET, "/staff/invoices/:id", AT_STAFF, h_staff_view, NULL, NULL },
	{ AT_POST, "/staff/invoices/:id/edit", AT_STAFF, h_edit, f_edit,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/lines", AT_STAFF, h_line, f_line,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/lines/:line/delete", AT_STAFF,
	    h_line_delete, NULL, NULL },
	{ AT_POST, "/staff/invoices/:id/delete", AT_STAFF, h_delete, NULL,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/send", AT_STAFF, h_send, NULL, NULL },
	{ AT_POST, "/staff/invoices/:id/void", AT_STAFF, h_void, f_void,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/payments", AT_STAFF, h_payment,
	    f_payment, NULL },
	{ AT_POST, "/staff/invoices/:id/credit", AT_STAFF, h_credit, f_credit,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/refund", AT_STAFF, h_refund, f_refund,
	    NULL },
	{ AT_POST, "/staff/invoices/:id/convert", AT_STAFF, h_convert,
	    f_convert, NULL },
	{ AT_POST, "/staff/invoices/:id/recurring", AT_STAFF, h_recurring,
	    f_recurring, NULL },
	{ AT_POST, "/staff/payments/taxes", AT_STAFF, h_tax, f_tax, NULL },
	{ AT_POST, "/staff/payments/billing/:id", AT_STAFF, h_billing,
	    f_billing, NULL },
	{ AT_GET, "/staff/payments/export", AT_STAFF, h_export, NULL, NULL },
	{ AT_POST, "/staff/invoices/:id/apply-credit", AT_STAFF,
	    pay_h_apply_credit, NULL, NULL },
	{ AT_POST, "/staff/payments/credit/:id/refund", AT_STAFF,
	    pay_h_credit_refund, f_credit_refund, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};
