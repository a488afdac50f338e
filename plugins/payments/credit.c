/*
 * Client credit: what a client paid beyond an invoice's total is kept as
 * the client's credit in that currency (pay_credit, a ledger whose sum is
 * the balance), applied to the client's next invoices in that currency
 * when they are sent (automatically: staff send, recurring invoices and
 * the invoicing service alike) or by staff on an open invoice, and paid
 * back by a refund staff record.  Each movement is a payment of method
 * "credit" on the invoice it concerns (negative: kept as credit;
 * positive: paid from credit), so an invoice's balance stays its total
 * minus its payments, and an activity entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "invoice.h"
#include "pay.h"

/*
 * The credit balance of client in currency into *out, read for update
 * (the client's row is locked until the transaction ends, so two
 * movements of one client's credit never overlap).  0, or -1 (database).
 */
int
pay_credit_balance(struct at_db *db, struct at_pool *pool, long long client,
    const char *currency, int64_t *out)
{
	struct at_rows	*r;

	*out = 0;
	r = at_db_select(db, pool, "SELECT id FROM clients WHERE id = ? FOR "
	    "UPDATE", "I", client);
	if (r == NULL)
		return -1;
	r = at_db_select(db, pool, "SELECT CAST(COALESCE(SUM(amount), 0) AS "
	    "SIGNED) AS bal FROM pay_credit WHERE client_id = ? AND currency "
	    "= ?", "Is", client, currency);
	if (r == NULL || r->n != 1)
		return -1;
	*out = at_row_int(r, 0, "bal", 0);
	return 0;
}

/*
 * Keeps excess (> 0) of a payment on invoice doc of client as credit,
 * inside the caller's transaction: a payment of -excess (method
 * "credit") on the invoice and +excess on the client's ledger.  The
 * caller updates the invoice's paid amount.  0 or -1.
 */
int
pay_credit_keep(struct at_db *db, long long doc, long long client,
    const char *currency, int64_t excess, long long by)
{
	if (at_db_exec(db, "INSERT INTO pay_payments (doc_id, client_id, "
	    "amount, currency, method, reference, received_on, recorded_by) "
	    "VALUES (?, ?, ?, ?, 'credit', 'Kept as client credit', "
	    "CURRENT_DATE(), NULLIF(?, 0))", "IIIsI", doc, client,
	    (long long)-excess, currency, by) != 1)
		return -1;
	if (at_db_exec(db, "INSERT INTO pay_credit (client_id, currency, "
	    "amount, kind, doc_id, reference, recorded_by) VALUES (?, ?, ?, "
	    "'overpayment', ?, 'Overpayment', NULLIF(?, 0))", "IsIII", client,
	    currency, (long long)excess, doc, by) != 1)
		return -1;
	return 0;
}

/*
 * Applies the client's credit to open invoice doc inside the caller's
 * transaction: as much as the invoice's balance and the credit allow, as
 * a payment of method "credit" (pay_record: state, invoice.paid) and a
 * "applied" movement of the ledger; the activity entry through req, or
 * ctx, or neither (the caller logs it).  *applied gets the amount (0
 * when there was nothing to apply).  0, or -1 (database).
 */
int
pay_credit_apply(struct at_req *req, struct at_job_ctx *ctx,
    struct at_db *db, struct at_pool *pool, long long doc, int64_t *applied)
{
	struct at_rows	*r;
	const char	*cur, *summary;
	int64_t		 credit, bal, amt;
	long long	 client;
	int		 dup, rc;

	*applied = 0;
	r = at_db_select(db, pool, "SELECT kind, status, client_id, currency, "
	    "number, total, paid, credited FROM pay_docs WHERE id = ? FOR "
	    "UPDATE", "I", doc);
	if (r == NULL || r->n != 1)
		return -1;
	if (strcmp(at_row(r, 0, "kind"), "invoice") != 0 ||
	    (strcmp(at_row(r, 0, "status"), "sent") != 0 &&
	    strcmp(at_row(r, 0, "status"), "partial") != 0))
		return 0;
	client = at_row_int(r, 0, "client_id", 0);
	cur = at_row(r, 0, "currency");
	if (pay_balance(at_row_int(r, 0, "total", 0), at_row_int(r, 0, "paid",
	    0), at_row_int(r, 0, "credited", 0), &bal) == -1)
		return -1;
	if (bal <= 0)
		return 0;
	if (pay_credit_balance(db, pool, client, cur, &credit) == -1)
		return -1;
	if (credit <= 0)
		return 0;
	amt = credit < bal ? credit : bal;
	rc = pay_record(NULL, db, pool, doc, amt, cur, "credit",
	    "Paid from client credit", NULL, req != NULL ?
	    at_user_id(at_req_user(req)) : 0, &dup);
	if (rc != 0)
		return -1;
	if (at_db_exec(db, "INSERT INTO pay_credit (client_id, currency, "
	    "amount, kind, doc_id, reference, recorded_by) VALUES (?, ?, ?, "
	    "'applied', ?, ?, NULLIF(?, 0))", "IsIIsI", client, cur,
	    (long long)-amt, doc, at_row(r, 0, "number"), req != NULL ?
	    at_user_id(at_req_user(req)) : 0) != 1)
		return -1;
	summary = at_pprintf(pool, "%s %s", at_row(r, 0, "number"),
	    pay_fmt(pool, at_pprintf(pool, "%lld", (long long)amt), cur));
	if (req != NULL && at_activity(req, client, "credit-applied",
	    "invoice", doc, summary, 1) == -1)
		return -1;
	if (req == NULL && ctx != NULL && at_activity_job(ctx, client,
	    "credit-applied", "invoice", doc, summary, 1) == -1)
		return -1;
	*applied = amt;
	return 0;
}

/*
 * Adds <credit> with one <amount currency=".." value="minor units">
 * (formatted) per currency in which client has a credit balance other
 * than zero.  0, or -1 (database).
 */
int
pay_credit_xml(struct at_req *req, xmlNodePtr parent, long long client)
{
	struct at_rows	*r;
	xmlNodePtr	 c, it;
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT currency, "
	    "CAST(SUM(amount) AS SIGNED) AS bal FROM pay_credit WHERE "
	    "client_id = ? GROUP BY currency HAVING bal <> 0 ORDER BY "
	    "currency", "I", client);
	if (r == NULL)
		return -1;
	c = at_x(parent, "credit", NULL);
	for (i = 0; i < r->n; i++) {
		it = at_x(c, "amount", pay_fmt(at_req_pool(req), at_row(r, i,
		    "bal"), at_row(r, i, "currency")));
		at_xa(it, "currency", at_row(r, i, "currency"));
		at_xa(it, "value", at_row(r, i, "bal"));
	}
	return 0;
}

/*
 * POST /staff/invoices/:id/apply-credit (staff): applies the client's
 * credit to the open invoice now (credit that came after it was sent).
 */
int
pay_h_apply_credit(struct at_req *req)
{
	struct at_rows	*r;
	int64_t		 amt;
	int		 st;
	long long	 id;

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (pay_credit_apply(req, NULL, at_req_db(req), at_req_pool(req), id,
	    &amt) == -1) {
		at_db_rollback(at_req_db(req));
		return 500;
	}
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	at_flash(req, amt > 0 ? "ok" : "error", amt > 0 ? "Credit applied." :
	    "There is no credit to apply to this invoice.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/invoices/%lld", id));
}

/*
 * POST /staff/payments/credit/:id/refund (staff): fields currency,
 * amount, reference.  Records that credit of client :id was paid back
 * (at most its balance), with its activity entry.
 */
int
pay_h_credit_refund(struct at_req *req)
{
	struct at_rows	*r;
	const struct at_currency *cur;
	const char	*err, *code = at_form(req, "currency");
	char		*back;
	int64_t		 amt, bal;
	long long	 client = at_arg_id(req, "id");

	if (client <= 0)
		return 404;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "clients WHERE id = ?", "I", client);
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	back = at_pprintf(at_req_pool(req), "/staff/invoices?client=%lld",
	    client);
	if (code == NULL || (cur = at_currency(code)) == NULL) {
		at_flash(req, "error", "Choose the credit's currency.");
		return at_redirect(req, back);
	}
	if (at_form(req, "amount") == NULL || at_money_parse(at_form(req,
	    "amount"), cur, at_money_rule(pay_conf.rule), 0, &amt,
	    &err) == -1 || amt <= 0) {
		at_flash(req, "error", "Enter the amount paid back.");
		return at_redirect(req, back);
	}
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	if (pay_credit_balance(at_req_db(req), at_req_pool(req), client,
	    cur->code, &bal) == -1)
		goto fail;
	if (amt > bal) {
		at_db_rollback(at_req_db(req));
		at_flash(req, "error", at_pprintf(at_req_pool(req), "The "
		    "client's credit is only %s.", at_money_format(
		    at_req_pool(req), bal, cur, at_money_rule(pay_conf.rule),
		    0)));
		return at_redirect(req, back);
	}
	if (at_db_exec(at_req_db(req), "INSERT INTO pay_credit (client_id, "
	    "currency, amount, kind, reference, recorded_by) VALUES (?, ?, ?, "
	    "'refund', NULLIF(?, ''), ?)", "IsIsI", client,
	    cur->code, (long long)-amt, at_form(req, "reference"),
	    at_user_id(at_req_user(req))) != 1)
		goto fail;
	if (at_activity(req, client, "refund", "credit", client,
	    at_pprintf(at_req_pool(req), "%s%s%s", at_money_format(
	    at_req_pool(req), amt, cur, at_money_rule(pay_conf.rule), 0),
	    at_form(req, "reference") != NULL && *at_form(req, "reference") !=
	    '\0' ? " · " : "", at_form(req, "reference") != NULL ?
	    at_form(req, "reference") : ""), 1) == -1)
		goto fail;
	if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	at_flash(req, "ok", "Refund of credit recorded.");
	return at_redirect(req, back);
fail:
	at_db_rollback(at_req_db(req));
	return 500;
}

/* Activity about a client's credit as a sentence, linked to it. */
void
pay_credit_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "refund", "paid back client credit: %s" },
	};

	*href = at_is_staff(req) && e->object_id != NULL ?
	    at_pprintf(at_req_pool(req), "/staff/invoices?client=%s",
	    e->object_id) : "/invoices";
	*sentence = at_act_sentence(req, e, verbs, sizeof(verbs) /
	    sizeof(verbs[0]));
}
