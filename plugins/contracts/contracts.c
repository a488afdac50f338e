/*
 * The contracts plugin: staff write templates in Markdown with merge
 * fields and draw contracts from them for a client (optionally a
 * project), with fee lines, dates and a deposit rule; every edit is a
 * new version and a version sent for signature never changes.  Signing
 * goes through the e-signature service (esign.h) when it is loaded, or
 * staff record a signature on paper; on signing the contract becomes
 * active, a decision is recorded on its project and the deposit invoice
 * is issued through the invoicing service (invoicing.h) when payments
 * is loaded.  The plugin offers the contracts service (contracts.h):
 * other plugins draft amendments through it.
 *
 * This file: the client's pages (/contracts), the model and PDF shared
 * with the staff pages (staff.c), signing, the e-signature events, the
 * service, the renewal job and the dashboard parts.  Contacts see their
 * own client's contracts only, never a draft: anything else is "not
 * found", by list, id, PDF or ?format=xml.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/contracts.h>
#include <atrium/esign.h>
#include <atrium/invoicing.h>
#include <atrium/money.h>
#include <atrium/notify.h>
#include <atrium/pdf.h>

#include "ct.h"

/*
 * The contract of the route's :id for the caller (ct.h).
 */
struct at_rows *
ct_get(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " CT_FIELDS CT_FROM
	    "WHERE c.id = ? AND (? = 0 OR (c.client_id = ? AND "
	    "c.state <> 'draft'))", "IIII", at_client_scope(req), id,
	    at_client_scope(req), at_client_scope(req));
	if (r == NULL) {
		*status = at_db_gone(at_req_db(req)) ? 503 : 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/*
 * amount in currency cur for people (ct.h); the bare number when the
 * code is unknown.
 */
const char *
ct_money(struct at_pool *pool, int64_t amount, const char *cur)
{
	const struct at_currency *c = at_currency(cur);

	if (c == NULL)
		return at_pprintf(pool, "%lld", (long long)amount);
	return at_money_format(pool, amount, c, NULL, AT_MONEY_CODE);
}

/* The deposit of total at pct percent, half to even; 0 when none. */
static int64_t
ct_deposit(int64_t total, long long pct)
{
	int64_t	 d = 0;

	if (pct <= 0 || total <= 0 || at_money_muldiv(total, pct, 100,
	    &d) == -1)
		return 0;
	return d;
}

/*
 * Adds <contract> for row r (ct.h).
 */
int
ct_model(struct at_req *req, xmlNodePtr parent, struct at_rows *r)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*f, *am;
	xmlNodePtr	 c, fl, fe;
	const char	*cur = at_row(r, 0, "currency");
	int64_t		 total = at_row_int(r, 0, "fees_total", 0);
	size_t		 i;

	c = at_x_row(parent, "contract", r, 0);
	at_x_markdown(req, c, "text", at_row(r, 0, "body"));
	f = at_db_select(at_req_db(req), pool, "SELECT description, amount "
	    "FROM contract_fees WHERE version_id = ? ORDER BY position", "I",
	    at_row_int(r, 0, "version_id", 0));
	am = at_db_select(at_req_db(req), pool, "SELECT id, title, state, "
	    "created_at FROM contracts WHERE amends_id = ? AND (? = 0 OR "
	    "state <> 'draft') ORDER BY id", "II", at_row_int(r, 0, "id", 0),
	    at_client_scope(req));
	if (f == NULL || am == NULL)
		return -1;
	fl = at_x(c, "fees", NULL);
	for (i = 0; i < f->n; i++) {
		fe = at_x(fl, "fee", NULL);
		at_x(fe, "description", at_row(f, i, "description"));
		at_x(fe, "amount", ct_money(pool, at_row_int(f, i, "amount",
		    0), cur));
	}
	at_xa(fl, "total", ct_money(pool, total, cur));
	if (at_row_int(r, 0, "deposit_pct", 0) > 0)
		at_xa(fl, "deposit", ct_money(pool, ct_deposit(total,
		    at_row_int(r, 0, "deposit_pct", 0)), cur));
	at_x_rows(c, "amendments", "amendment", am);
	return 0;
}

/*
 * Contract r as PDF (ct.h): the skin's generic document stylesheet
 * (pdf/document.xsl) draws the title, the parties, the Markdown, the
 * fees and two signature boxes.
 */
int
ct_pdf(struct at_req *req, struct at_rows *r)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_pdf	 pdf;
	struct at_rows	*f;
	xmlNodePtr	 c, s;
	const char	*cur = at_row(r, 0, "currency"), *agency;
	char		 err[256];
	size_t		 i;
	int		 rc;

	f = at_db_select(at_req_db(req), pool, "SELECT description, amount "
	    "FROM contract_fees WHERE version_id = ? ORDER BY position", "I",
	    at_row_int(r, 0, "version_id", 0));
	if (f == NULL)
		return 500;
	agency = at_site_brand_name(at_req_site(req));
	at_page_id(req, "document");
	at_page_title(req, at_row(r, 0, "title"));
	c = at_page_content(req);
	at_xf(c, "para", "Between %s and %s. Version %s%s.", agency,
	    at_row(r, 0, "client"), at_row(r, 0, "version"),
	    strcmp(at_row(r, 0, "state"), "draft") == 0 ? " (draft)" : "");
	if (at_row(r, 0, "start_date") != NULL)
		at_xf(c, "para", "From %s%s%s.", at_row(r, 0, "start_date"),
		    at_row(r, 0, "end_date") != NULL ? " to " : "",
		    at_row(r, 0, "end_date") != NULL ?
		    at_row(r, 0, "end_date") : "");
	at_x_markdown(req, c, "text", at_row(r, 0, "body"));
	if (f->n > 0) {
		at_x(c, "heading", "Fees");
		for (i = 0; i < f->n; i++)
			at_xf(c, "para", "%s: %s", at_row(f, i,
			    "description"), ct_money(pool, at_row_int(f, i,
			    "amount", 0), cur));
		at_xf(c, "para", "Total: %s", ct_money(pool,
		    at_row_int(r, 0, "fees_total", 0), cur));
		if (at_row_int(r, 0, "deposit_pct", 0) > 0)
			at_xf(c, "para", "Deposit of %s %% due on signing: %s",
			    at_row(r, 0, "deposit_pct"), ct_money(pool,
			    ct_deposit(at_row_int(r, 0, "fees_total", 0),
			    at_row_int(r, 0, "deposit_pct", 0)), cur));
	}
	s = at_x(c, "signature", NULL);
	at_xa(s, "id", "client");
	at_xa(s, "label", at_pprintf(pool, "For %s", at_row(r, 0, "client")));
	if (at_row(r, 0, "signer") != NULL)
		at_xa(s, "name", at_row(r, 0, "signer"));
	s = at_x(c, "signature", NULL);
	at_xa(s, "id", "agency");
	at_xa(s, "label", at_pprintf(pool, "For %s", agency));
	if (at_pdf_page(req, NULL, &pdf, err, sizeof(err)) == -1) {
		log_warn("contracts: contract %s: pdf: %s", at_row(r, 0, "id"),
		    err);
		return 500;
	}
	at_resp_header(req, "Content-Disposition", at_pprintf(pool,
	    "attachment; filename=\"contract-%s-v%s.pdf\"", at_row(r, 0, "id"),
	    at_row(r, 0, "version")));
	rc = at_send(req, 200, "application/pdf", pdf.data, pdf.len);
	at_pdf_free(&pdf);
	return rc;
}

/*
 * Adds version n+1 of contract id (ct.h).
 */
long long
ct_version_add(struct at_db *db, long long id, const char *body,
    const struct ct_fee *fees, size_t nfees, int64_t total, long long uid)
{
	long long	 vid;
	size_t		 i;

	if (at_db_exec(db, "INSERT INTO contract_versions (contract_id, "
	    "version, body, fees_total, created_by) SELECT ?, "
	    "COALESCE(MAX(version), 0) + 1, ?, ?, NULLIF(?, 0) FROM "
	    "contract_versions WHERE contract_id = ?", "IsIII", id, body,
	    (long long)total, uid, id) != 1)
		return -1;
	vid = at_db_insert_id(db);
	for (i = 0; i < nfees; i++)
		if (at_db_exec(db, "INSERT INTO contract_fees (version_id, "
		    "position, description, amount) VALUES (?, ?, ?, ?)",
		    "IisI", vid, (int)i + 1, fees[i].description,
		    (long long)fees[i].amount) != 1)
			return -1;
	return vid;
}

/*
 * The deposit invoice of contract id (row r of ct_signed's query), when
 * it has a deposit: issued through the invoicing service, or the reason
 * there is none kept in billing_note for staff.  0 or -1 (database).
 */
static int
ct_bill(struct at_db *db, struct at_pool *pool, long long id,
    struct at_rows *r)
{
	const struct at_invoicing_svc *inv;
	struct at_invoice_req ir;
	struct at_invoice_line line;
	const char	*number = NULL, *err = NULL, *note = NULL;
	long long	 inv_id = 0;
	int64_t		 dep;

	dep = ct_deposit(at_row_int(r, 0, "fees_total", 0),
	    at_row_int(r, 0, "deposit_pct", 0));
	if (dep <= 0)
		return 0;
	inv = at_service(AT_SVC_INVOICING, AT_SVC_INVOICING_V);
	if (inv == NULL || inv->size < sizeof(*inv))
		note = "No deposit invoice was issued: invoicing (the "
		    "payments plugin) is not available. Bill the deposit by "
		    "hand.";
	else {
		memset(&line, 0, sizeof(line));
		line.description = at_utf8_cut(pool, at_pprintf(pool,
		    "Deposit (%s %%) on signing the contract “%s”",
		    at_row(r, 0, "deposit_pct"), at_row(r, 0, "title")), 500);
		line.qty_milli = 1000;
		line.unit = dep;
		memset(&ir, 0, sizeof(ir));
		ir.size = sizeof(ir);
		ir.client = at_row_int(r, 0, "client_id", 0);
		ir.project = at_row_int(r, 0, "project_id", 0);
		ir.origin = CT_ORIGIN;
		ir.ref = at_pprintf(pool, "contract:%lld", id);
		ir.notes = at_pprintf(pool, "Deposit on signing the contract "
		    "“%s”.", at_row(r, 0, "title"));
		ir.lines = &line;
		ir.nlines = 1;
		if (inv->issue(db, pool, &ir, &inv_id, &number, &err) == -1)
			note = at_pprintf(pool, "The deposit invoice could not "
			    "be issued: %s", err != NULL ? err : "unknown "
			    "error");
	}
	if (at_db_exec(db, "UPDATE contracts SET invoice_id = NULLIF(?, 0), "
	    "invoice_number = ?, billing_note = ? WHERE id = ?", "IssI",
	    inv_id, number, note != NULL ? at_utf8_cut(pool, note, 255) :
	    NULL, id) == -1)
		return -1;
	return 0;
}

/*
 * The deposit invoice of a signed contract without one (ct.h).
 */
int
ct_bill_again(struct at_db *db, struct at_pool *pool, long long id,
    const char **msg)
{
	struct at_rows	*r;
	const char	*note;

	r = at_db_select(db, pool, "SELECT c.id, c.client_id, c.project_id, "
	    "c.title, c.state, c.deposit_pct, c.invoice_id, v.fees_total "
	    "FROM contracts c JOIN contract_versions v ON v.contract_id = "
	    "c.id WHERE c.id = ? ORDER BY v.version DESC LIMIT 1 FOR UPDATE",
	    "I", id);
	if (r == NULL)
		return -1;
	*msg = "There is no such contract.";
	if (r->n == 0)
		return 1;
	*msg = "The contract is not signed.";
	if (strcmp(at_row(r, 0, "state"), "signed") != 0 &&
	    strcmp(at_row(r, 0, "state"), "active") != 0 &&
	    strcmp(at_row(r, 0, "state"), "ended") != 0)
		return 1;
	*msg = at_pprintf(pool, "The deposit is already invoiced (invoice "
	    "%s).", at_row(r, 0, "invoice_id"));
	if (at_row_int(r, 0, "invoice_id", 0) > 0)
		return 1;
	*msg = "The contract has no deposit to invoice.";
	if (ct_deposit(at_row_int(r, 0, "fees_total", 0),
	    at_row_int(r, 0, "deposit_pct", 0)) <= 0)
		return 1;
	if (ct_bill(db, pool, id, r) == -1)
		return -1;
	r = at_db_select(db, pool, "SELECT invoice_number, billing_note FROM "
	    "contracts WHERE id = ?", "I", id);
	if (r == NULL || r->n != 1)
		return -1;
	if ((note = at_row(r, 0, "billing_note")) != NULL && *note != '\0') {
		*msg = note;
		return 1;
	}
	*msg = at_pprintf(pool, "Deposit invoice %s issued.", at_row(r, 0,
	    "invoice_number"));
	return 0;
}

/*
 * Contract id is signed (ct.h).
 */
int
ct_signed(struct at_db *db, struct at_pool *pool, long long id,
    const char *how, long long sealed, const char *by)
{
	const struct at_decisions_svc *ds;
	struct at_decision d;
	struct at_rows	*r;
	long long	 dec = 0;

	r = at_db_select(db, pool, "SELECT c.id, c.client_id, c.project_id, "
	    "c.title, c.state, c.deposit_pct, v.id AS version_id, "
	    "v.fees_total, c.start_date > UTC_DATE() AS later FROM "
	    "contracts c JOIN contract_versions v ON v.contract_id = c.id "
	    "WHERE c.id = ? ORDER BY v.version DESC LIMIT 1 FOR UPDATE", "I",
	    id);
	if (r == NULL)
		return -1;
	if (r->n == 0 || (strcmp(at_row(r, 0, "state"), "sent") != 0 &&
	    strcmp(at_row(r, 0, "state"), "draft") != 0))
		return 1;
	if (at_db_exec(db, "UPDATE contracts SET state = ?, signed_at = "
	    "UTC_TIMESTAMP(), signed_how = ?, sealed_file_id = NULLIF(?, 0), "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssII",
	    at_row_int(r, 0, "later", 0) == 1 ? "signed" : "active", how,
	    sealed, id) != 1 ||
	    at_db_exec(db, "UPDATE contract_versions SET sent_at = "
	    "COALESCE(sent_at, UTC_TIMESTAMP()) WHERE id = ?", "I",
	    at_row_int(r, 0, "version_id", 0)) == -1)
		return -1;
	ds = at_service(AT_SVC_DECISIONS, AT_SVC_DECISIONS_V);
	if (at_row_int(r, 0, "project_id", 0) > 0 && ds != NULL &&
	    ds->size >= sizeof(*ds) && ds->record_db != NULL) {
		memset(&d, 0, sizeof(d));
		d.size = sizeof(d);
		d.client = at_row_int(r, 0, "client_id", 0);
		d.project = at_row_int(r, 0, "project_id", 0);
		d.title = at_pprintf(pool, "Contract signed: %s",
		    at_row(r, 0, "title"));
		d.detail = strcmp(how, "paper") == 0 ? "Signed on paper." :
		    "Signed electronically; the sealed PDF is on the "
		    "contract's page.";
		d.decided_by = by;
		d.visible = 1;
		if ((dec = ds->record_db(db, pool, &d)) == -1)
			return -1;
		if (at_db_exec(db, "UPDATE contracts SET decision_id = ? "
		    "WHERE id = ?", "II", dec, id) != 1)
			return -1;
	}
	if (ct_bill(db, pool, id, r) == -1)
		return -1;
	if (at_data_changed(db, at_row_int(r, 0, "client_id", 0)) == -1)
		return -1;
	return 0;
}

/*
 * GET /contracts (contact): the client's contracts that are not drafts,
 * amendments under the one they change.  Adds <contracts><contract>.
 */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT c.id, c.title, c.state, c.amends_id, c.start_date, "
	    "c.end_date, c.renewal_date, c.signer_id, p.name AS project "
	    "FROM contracts c LEFT JOIN projects p ON p.id = c.project_id "
	    "WHERE c.client_id = ? AND c.state <> 'draft' ORDER BY c.id DESC",
	    "I", at_client_scope(req));
	if (r == NULL || at_seen_mark(req, "contracts") == -1)
		return 500;
	at_page_id(req, "contracts-list");
	at_page_title(req, "Contracts");
	at_x_rows(at_page_content(req), "contracts", "contract", r);
	return 200;
}

/*
 * Adds what the e-signature service knows of contract r's envelope:
 * <signing state= link=/> (link: where the caller signs now), or
 * <signing absent="1"/> when the service is not loaded.
 */
static void
ct_signing(struct at_req *req, xmlNodePtr parent, struct at_rows *r)
{
	const struct at_esign_svc *es;
	const char	*state = NULL, *link;
	long long	 env = at_row_int(r, 0, "envelope_id", 0), file = 0;
	xmlNodePtr	 n;

	n = at_x(parent, "signing", NULL);
	es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
	if (es == NULL || es->size < sizeof(*es)) {
		at_xa(n, "absent", "1");
		return;
	}
	if (env <= 0)
		return;
	if (es->state(req, env, &state, &file) == 0 && state != NULL)
		at_xa(n, "state", state);
	if (strcmp(at_row(r, 0, "state"), "sent") == 0 &&
	    (link = es->sign_link(req, env)) != NULL)
		at_xa(n, "link", link);
}

/*
 * GET /contracts/:id (contact): one contract read-only, its fees, its
 * amendments, "Sign now" while it awaits the caller, the sealed PDF
 * once signed.  Adds <contract> and <signing>.
 */
static int
h_view(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "contracts-view");
	at_page_title(req, at_row(r, 0, "title"));
	if (ct_model(req, at_page_content(req), r) == -1)
		return 500;
	ct_signing(req, at_page_content(req), r);
	at_activity(req, at_row_int(r, 0, "client_id", 0), "view", "contract",
	    at_row_int(r, 0, "id", 0), at_row(r, 0, "title"), 1);
	return 200;
}

/* GET /contracts/:id/pdf and /staff/contracts/:id/pdf (ct.h). */
int
ct_h_pdf(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	return ct_pdf(req, r);
}

/* The sealed PDF's file check: the one the contract names. */
static int
ct_sealed_ok(struct at_req *req, const struct at_file *f, void *arg)
{
	(void)req;
	return f->id == *(long long *)arg;
}

/* GET /contracts/:id/sealed and /staff/contracts/:id/sealed (ct.h). */
int
ct_h_sealed(struct at_req *req)
{
	struct at_rows	*r;
	long long	 file;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	if ((file = at_row_int(r, 0, "sealed_file_id", 0)) <= 0)
		return 404;
	return at_file_send(req, file, 0, NULL, ct_sealed_ok, &file);
}

/*
 * Tells every staff member about contract id: subject, with a link to
 * its staff page.  0 or -1 (logged).
 */
static int
ct_tell_staff(struct at_db *db, const struct at_site *site, long long id,
    const char *subject)
{
	struct at_notice nt;
	char		 link[64];

	snprintf(link, sizeof(link), "/staff/contracts/%lld", id);
	memset(&nt, 0, sizeof(nt));
	nt.size = AT_EXT_SIZE(at_notice);
	nt.kind = "contracts.team";
	nt.subject = subject;
	nt.link = link;
	nt.item_type = "contract";
	nt.item_id = id;
	if (at_notify_staff(db, site, &nt) == -1) {
		log_warn("contracts: contract %lld: staff not told", id);
		return -1;
	}
	return 0;
}

/*
 * Durable subscriber to esign.*: acts on the events of the envelopes
 * this plugin sent (origin "contracts", ref "contract:ID"), once per
 * event: completed signs the contract (active, decision, deposit),
 * declined and expired set its state.  Events of an envelope the
 * contract no longer waits on (edited and sent again) change nothing.
 */
static int
ct_esign_event(struct at_job_ctx *ctx, long long event_id, const char *event,
    const char *payload, const char **errstr)
{
	const char	*origin, *ref, *env, *file, *name, *state = NULL;
	struct at_rows	*r;
	long long	 id, envid, fileid = 0;
	long long	 n;
	int		 rc;

	origin = at_payload_get(ctx->pool, payload, "origin");
	ref = at_payload_get(ctx->pool, payload, "ref");
	if (origin == NULL || strcmp(origin, CT_ORIGIN) != 0)
		return 0;
	if (ref == NULL || strncmp(ref, "contract:", 9) != 0 ||
	    at_strtoll(ref + 9, &id) == -1 || id <= 0)
		return 0;
	env = at_payload_get(ctx->pool, payload, "envelope");
	if (env == NULL || at_strtoll(env, &envid) == -1)
		return 0;
	if (strcmp(event, "esign.completed") == 0)
		state = "completed";
	else if (strcmp(event, "esign.declined") == 0)
		state = "declined";
	else if (strcmp(event, "esign.expired") == 0)
		state = "expired";
	else
		return 0;
	if (at_db_begin(ctx->db) == -1)
		goto fail;
	if ((n = at_db_exec(ctx->db, "INSERT IGNORE INTO contract_events "
	    "(event_id, contract_id) VALUES (?, ?)", "II", event_id,
	    id)) == -1)
		goto fail;
	if (n == 0) {
		at_db_rollback(ctx->db);
		return 0;
	}
	r = at_db_select(ctx->db, ctx->pool, "SELECT client_id, title FROM "
	    "contracts WHERE id = ? AND envelope_id = ? AND state = 'sent'",
	    "II", id, envid);
	if (r == NULL)
		goto fail;
	if (r->n == 0) {
		if (at_db_commit(ctx->db) == -1)
			goto fail;
		return 0;
	}
	if (strcmp(state, "completed") == 0) {
		file = at_payload_get(ctx->pool, payload, "file");
		if (file != NULL && at_strtoll(file, &fileid) == -1)
			fileid = 0;
		name = at_payload_get(ctx->pool, payload, "name");
		if ((rc = ct_signed(ctx->db, ctx->pool, id, "esign", fileid,
		    name != NULL ? name : "Signed electronically")) == -1)
			goto fail;
		if (rc == 0 && (at_activity_job(ctx, at_row_int(r, 0,
		    "client_id", 0), "sign", "contract", id, at_row(r, 0,
		    "title"), 1) == -1 || ct_tell_staff(ctx->db, ctx->site, id,
		    at_pprintf(ctx->pool, "Contract signed: %s",
		    at_row(r, 0, "title"))) == -1))
			goto fail;
	} else {
		if (at_db_exec(ctx->db, "UPDATE contracts SET state = ?, "
		    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = "
		    "'sent'", "sI", state, id) == -1 ||
		    at_activity_job(ctx, at_row_int(r, 0, "client_id", 0),
		    state[0] == 'd' ? "decline" : "expire", "contract", id,
		    at_row(r, 0, "title"), 1) == -1 ||
		    ct_tell_staff(ctx->db, ctx->site, id, at_pprintf(ctx->pool,
		    "Contract %s: %s", state, at_row(r, 0, "title"))) == -1)
			goto fail;
	}
	if (at_db_commit(ctx->db) == -1)
		goto fail;
	return 0;
fail:
	at_db_rollback(ctx->db);
	*errstr = "cannot record the e-signature event on the contract";
	return -1;
}

/*
 * The contracts service's amend() (contracts.h): drafts amendment a of
 * the contract in force for its client's project on db.
 */
static int
ct_amend(struct at_db *db, struct at_pool *pool, const struct at_amendment *a,
    long long *id, const char **errstr)
{
	struct ct_fee	*fees;
	struct at_rows	*r;
	int64_t		 total = 0;
	size_t		 i;

	*errstr = "The amendment could not be drafted.";
	if (a == NULL || a->size < sizeof(*a) || a->client <= 0 ||
	    a->title == NULL || *a->title == '\0' || strlen(a->title) > 200 ||
	    a->body == NULL || a->origin == NULL || *a->origin == '\0' ||
	    strlen(a->origin) > 32 || a->ref == NULL || *a->ref == '\0' ||
	    strlen(a->ref) > 100 || (a->nfees > 0 && a->fees == NULL)) {
		*errstr = "The amendment is incomplete: client, title, body, "
		    "origin and reference are needed.";
		return -1;
	}
	fees = at_palloc(pool, (a->nfees + 1) * sizeof(*fees));
	for (i = 0; i < a->nfees; i++) {
		if (a->fees[i].description == NULL ||
		    *a->fees[i].description == '\0' ||
		    strlen(a->fees[i].description) > 500 ||
		    at_money_add(total, a->fees[i].amount, &total) == -1) {
			*errstr = "A fee line of the amendment is refused.";
			return -1;
		}
		fees[i].description = a->fees[i].description;
		fees[i].amount = a->fees[i].amount;
	}
	r = at_db_select(db, pool, "SELECT id FROM contracts WHERE origin = ? "
	    "AND ref = ?", "ss", a->origin, a->ref);
	if (r == NULL)
		return -1;
	if (r->n == 1) {
		*id = at_row_int(r, 0, "id", 0);
		return 1;
	}
	r = at_db_select(db, pool, "SELECT id, project_id, currency FROM "
	    "contracts WHERE client_id = ? AND state IN ('active', 'signed') "
	    "AND amends_id IS NULL AND (? = 0 OR project_id = ? OR "
	    "project_id IS NULL) ORDER BY project_id <=> ? DESC, id DESC "
	    "LIMIT 1", "IIII", a->client, a->project, a->project, a->project);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 2;
	if (at_db_exec(db, "INSERT INTO contracts (client_id, project_id, "
	    "amends_id, title, currency, origin, ref) VALUES (?, ?, ?, ?, ?, "
	    "?, ?)", "IsIssss", a->client, at_row(r, 0, "project_id"),
	    at_row_int(r, 0, "id", 0), a->title, at_row(r, 0, "currency"),
	    a->origin, a->ref) != 1)
		return -1;
	*id = at_db_insert_id(db);
	if (ct_version_add(db, *id, a->body, fees, a->nfees, total, 0) == -1)
		return -1;
	return 0;
}

static const struct at_contracts_svc ct_svc = {
	sizeof(struct at_contracts_svc), ct_amend
};

/*
 * Job contracts.renewals (hourly): tells staff once when a contract's
 * renewal notice date or end date is 14 days away or less, starts
 * signed contracts on their start date and ends active ones after their
 * end date.
 */
static int
ct_renewals(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	size_t		 i;
	int		 end;
	long long	 id;

	r = at_db_select(ctx->db, ctx->pool, "SELECT c.id, c.title, "
	    "cl.name AS client, c.renewal_date, c.end_date, "
	    "(c.renewal_date IS NOT NULL AND c.renewal_told IS NULL AND "
	    "c.renewal_date <= UTC_DATE() + INTERVAL 14 DAY) AS renew "
	    "FROM contracts c JOIN clients cl ON cl.id = c.client_id WHERE "
	    "c.state IN ('active', 'signed') AND ((c.renewal_date IS NOT "
	    "NULL AND c.renewal_told IS NULL AND c.renewal_date <= "
	    "UTC_DATE() + INTERVAL 14 DAY) OR (c.end_date IS NOT NULL AND "
	    "c.end_told IS NULL AND c.end_date <= UTC_DATE() + INTERVAL 14 "
	    "DAY)) LIMIT 200", "");
	if (r == NULL)
		goto fail;
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		end = at_row_int(r, i, "renew", 0) != 1;
		if (at_db_begin(ctx->db) == -1)
			goto fail;
		if (at_db_exec(ctx->db, end ? "UPDATE contracts SET end_told "
		    "= UTC_DATE() WHERE id = ?" : "UPDATE contracts SET "
		    "renewal_told = UTC_DATE() WHERE id = ?", "I", id) != 1 ||
		    ct_tell_staff(ctx->db, ctx->site, id, at_pprintf(ctx->pool,
		    end ? "Contract ends on %s: %s (%s)" : "Renewal notice "
		    "due by %s: %s (%s)", at_row(r, i, end ? "end_date" :
		    "renewal_date"), at_row(r, i, "title"), at_row(r, i,
		    "client"))) == -1 || at_db_commit(ctx->db) == -1) {
			at_db_rollback(ctx->db);
			goto fail;
		}
	}
	if (at_db_exec(ctx->db, "UPDATE contracts SET state = 'active' WHERE "
	    "state = 'signed' AND (start_date IS NULL OR start_date <= "
	    "UTC_DATE())", "") == -1 ||
	    at_db_exec(ctx->db, "UPDATE contracts SET state = 'ended' WHERE "
	    "state = 'active' AND end_date < UTC_DATE()", "") == -1)
		goto fail;
	return 0;
fail:
	*errstr = "cannot check the contracts' renewal dates";
	return -1;
}

/*
 * Contact dashboard part: the "Contracts" card (active contracts, the
 * next renewal or end date), "needs your action" for each contract
 * awaiting the caller's signature, and the next renewal as a date.
 */
static int
ct_dash(struct at_req *req, struct at_dash *dash)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r;
	struct at_need	 nd;
	struct at_date	 dt;
	xmlNodePtr	 card, it;
	const char	*next = NULL, *next_title = NULL, *d, *href;
	size_t		 i, active = 0;

	r = at_db_select(at_req_db(req), pool, "SELECT c.id, c.title, "
	    "c.state, COALESCE(c.renewal_date, c.end_date) AS due, "
	    "p.name AS project FROM contracts c LEFT JOIN projects p ON "
	    "p.id = c.project_id WHERE c.client_id = ? AND (c.state IN "
	    "('active', 'signed') OR (c.state = 'sent' AND c.signer_id = ?)) "
	    "ORDER BY c.id", "II", at_client_scope(req),
	    at_user_id(at_req_user(req)));
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		href = at_pprintf(pool, "/contracts/%s", at_row(r, i, "id"));
		if (strcmp(at_row(r, i, "state"), "sent") == 0) {
			memset(&nd, 0, sizeof(nd));
			nd.size = AT_EXT_SIZE(at_need);
			nd.kind = "contract";
			nd.label = "Sign";
			nd.title = at_row(r, i, "title");
			nd.href = href;
			nd.project = at_row(r, i, "project");
			at_dash_need(dash, &nd);
			continue;
		}
		active++;
		if ((d = at_row(r, i, "due")) == NULL)
			continue;
		if (next == NULL || strcmp(d, next) < 0) {
			next = d;
			next_title = at_row(r, i, "title");
		}
		memset(&dt, 0, sizeof(dt));
		dt.size = AT_EXT_SIZE(at_date);
		dt.kind = "contract";
		dt.title = at_pprintf(pool, "Renewal: %s", at_row(r, i,
		    "title"));
		dt.date = d;
		dt.href = href;
		dt.project = at_row(r, i, "project");
		at_dash_date(dash, &dt);
	}
	card = at_x(at_dash_cards(dash), "card", NULL);
	at_xa(card, "name", "contracts");
	at_xa(card, "title", "Active contracts");
	at_xa(card, "href", "/contracts");
	at_xf(card, "count", "%zu", active);
	if (next != NULL) {
		it = at_xf(card, "item", "Next renewal: %s", next_title);
		at_xa(it, "href", "/contracts");
		at_xa(it, "when", next);
	}
	return 0;
}

/* The staff card: contracts sent and waiting for a signature. */
static int
ct_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 card;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT COUNT(*) "
	    "AS n FROM contracts WHERE state = 'sent'", "");
	if (r == NULL)
		return -1;
	card = at_x(cards, "card", NULL);
	at_xa(card, "name", "contracts");
	at_xa(card, "title", "Contracts awaiting signature");
	at_xa(card, "href", "/staff/contracts?state=sent");
	at_x(card, "count", at_row(r, 0, "n"));
	return 0;
}

/* The project page's "Contracts" section (contacts: no drafts). */
static int
ct_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s, it;
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, "
	    "title, state, start_date FROM contracts WHERE project_id = ? AND "
	    "(? = 0 OR (client_id = ? AND state <> 'draft')) ORDER BY id DESC "
	    "LIMIT 20", "III", project, at_client_scope(req),
	    at_client_scope(req));
	if (r == NULL)
		return -1;
	s = at_x_section(parent, "contracts", "Contracts",
	    "No contract for this project yet.");
	for (i = 0; i < r->n; i++) {
		it = at_x_section_item(s, at_row(r, i, "title"),
		    at_pprintf(at_req_pool(req), "%s/contracts/%s",
		    at_is_staff(req) ? "/staff" : "", at_row(r, i, "id")),
		    at_row(r, i, "start_date"));
		at_xa(it, "status", at_row(r, i, "state"));
	}
	return 0;
}

/* Activity about a contract as a sentence, linked to the contract. */
static void
ct_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "create", "drafted the contract" },
		{ "edit", "made a new version of the contract" },
		{ "send", "sent for signature the contract" },
		{ "sign", "recorded the signing of the contract" },
		{ "decline", "recorded that the client declined the contract" },
		{ "expire", "recorded that signing expired for the contract" },
		{ "end", "ended the contract" },
		{ "view", "viewed the contract" },
	};
	struct at_act_entry w = *e;

	if (w.who == NULL)
		w.who = "The site";
	*href = at_act_href(req, "/contracts/", e->object_id);
	*sentence = at_act_sentence(req, &w, verbs, sizeof(verbs) /
	    sizeof(verbs[0]));
}

/* The staff client page's "Contracts" tab with the contracts in force. */
static int
ct_tab(struct at_req *req, xmlNodePtr tab, long long client)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT COUNT(*) "
	    "AS n FROM contracts WHERE client_id = ? AND state IN ('sent', "
	    "'active', 'signed')", "I", client);
	if (r == NULL)
		return -1;
	at_xa(tab, "count", at_row(r, 0, "n"));
	return 0;
}

static const struct at_route ct_routes[] = {
	{ AT_GET, "/contracts", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/contracts/:id", AT_CONTACT, h_view, NULL, NULL },
	{ AT_GET, "/contracts/:id/pdf", AT_CONTACT, ct_h_pdf, NULL, NULL },
	{ AT_GET, "/contracts/:id/sealed", AT_CONTACT, ct_h_sealed, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_dash_part ct_dash_part = {
	AT_EXT_SIZE(at_dash_part), "contracts", AT_CONTACT, 55, ct_dash
};
static const struct at_section ct_sec = {
	AT_EXT_SIZE(at_section), "contracts", AT_CONTACT | AT_STAFF, 45,
	ct_section
};
static const struct at_act_kind ct_actk = {
	AT_EXT_SIZE(at_act_kind), "contract", ct_act
};
static const struct at_client_tab ct_ctab = {
	AT_EXT_SIZE(at_client_tab), "contracts", "Contracts",
	"/staff/contracts?client=%lld", 55, ct_tab
};

/*
 * The navigation's count of contracts sent or changed since the caller
 * last opened the list (a contact: their client's, never drafts); for
 * staff, contracts someone else drew up and those signed or declined.
 */
static const struct at_nav_count ct_navcount = {
	AT_EXT_SIZE(at_nav_count), "contracts", "/contracts",
	"SELECT COUNT(*) FROM contracts k WHERE k.client_id = ? AND k.state "
	"<> 'draft' AND k.updated_at > ?", "cm", "/staff/contracts",
	"SELECT COUNT(*) FROM contracts k WHERE (k.created_at > ? AND "
	"COALESCE(k.created_by, 0) <> ?) OR k.signed_at > ? OR (k.state = "
	"'declined' AND k.updated_at > ?)", "mumm", 0
};

/*
 * Registers the routes (the client's and staff's), navigation, the
 * dashboard parts, the project section, activity sentences, the client
 * tab, the notice kind, the e-signature subscriber, the renewal job,
 * the contracts service and the atriumctl command.
 */
static int
ct_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, ct_routes);
	at_reg_routes(reg, ct_staff_routes);
	at_reg_nav(reg, AT_CONTACT, "Contracts", "/contracts", 55);
	at_reg_nav(reg, AT_STAFF, "Contracts", "/staff/contracts", 55);
	at_reg_nav_count(reg, &ct_navcount);
	at_reg_dash(reg, &ct_dash_part);
	at_reg_card(reg, AT_STAFF, ct_staff_card, 55);
	at_reg_section(reg, &ct_sec);
	at_reg_activity(reg, &ct_actk);
	at_reg_client_tab(reg, &ct_ctab);
	at_notify_kind(reg, "team", "Contracts signed, declined and due "
	    "for renewal", AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "client", "Contracts to sign", AT_CONTACT,
	    AT_DELIVER_NOW);
	at_reg_subscriber(reg, "esign", "esign.*", ct_esign_event, 0, 0);
	at_reg_job(reg, "renewals", 3600, ct_renewals);
	at_reg_service(reg, AT_SVC_CONTRACTS, AT_SVC_CONTRACTS_V, &ct_svc);
	at_reg_command(reg, "contracts", ct_command, "contracts send ID "
	    "[EMAIL] | contracts bill ID");
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "contracts",
	.version = "1.0",
	.summary = "Contract templates, versions, signing, amendments and "
	    "renewals",
	.init = ct_init,
};
