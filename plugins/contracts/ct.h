/*
 * What the contracts plugin's two files share: the client's pages and
 * the plugin's plumbing are in contracts.c, the staff pages in staff.c.
 */
#ifndef CONTRACTS_CT_H
#define CONTRACTS_CT_H

#include <stdint.h>

#include <atrium/atrium.h>

#include "merge.h"

#define CT_ORIGIN	"contracts"

/*
 * The columns of a contract with its current version and client; the
 * one parameter is the caller's client scope (billing notes are staff's).
 */
#define CT_FIELDS "c.id, c.client_id, cl.name AS client, c.project_id, " \
	"p.name AS project, c.template_id, c.amends_id, c.title, c.state, " \
	"c.currency, c.deposit_pct, c.start_date, c.end_date, " \
	"c.renewal_date, c.signer_id, s.name AS signer, c.envelope_id, " \
	"c.sealed_file_id, c.signed_at, c.signed_how, c.invoice_id, " \
	"c.invoice_number, IF(? = 0, c.billing_note, NULL) AS billing_note, " \
	"c.decision_id, c.origin, c.ref, " \
	"c.created_at, v.id AS version_id, v.version, v.body, v.fees_total, " \
	"v.sent_at, a.title AS amends_title "
#define CT_FROM "FROM contracts c JOIN clients cl ON cl.id = c.client_id " \
	"LEFT JOIN projects p ON p.id = c.project_id " \
	"LEFT JOIN users s ON s.id = c.signer_id " \
	"LEFT JOIN contracts a ON a.id = c.amends_id " \
	"JOIN contract_versions v ON v.contract_id = c.id AND v.version = " \
	"(SELECT MAX(version) FROM contract_versions WHERE contract_id = c.id) "

/*
 * The contract of the route's :id for the caller: staff see every one;
 * a contact only their client's, never a draft.  Its row (CT_FIELDS),
 * or NULL with *status 404 or 500.
 */
struct at_rows	*ct_get(struct at_req *, int *status);

/*
 * Adds <contract> for row r to parent: its columns, the body as
 * Markdown (<text><html>), its fee lines with amounts formatted, the
 * total and deposit, and the amendments (contacts: not drafts).  0 or
 * -1 (database).
 */
int	 ct_model(struct at_req *, xmlNodePtr parent, struct at_rows *r);

/* GET .../pdf: contract r as PDF through the skin (document.xsl). */
int	 ct_pdf(struct at_req *, struct at_rows *r);

/*
 * GET .../:id/pdf and .../:id/sealed, the client's routes and staff's:
 * the contract of ct_get as PDF, and the sealed PDF the e-signature
 * service made once it was signed (404 before).
 */
int	 ct_h_pdf(struct at_req *);
int	 ct_h_sealed(struct at_req *);

/* amount of currency cur for people ("€1,250.00"), in pool. */
const char *ct_money(struct at_pool *, int64_t amount, const char *cur);

/*
 * Contract id is signed (how: "esign" or "paper", sealed: the sealed
 * PDF's file id or 0): on db inside the caller's transaction, the
 * contract becomes active (or signed until its start date), the
 * decision is recorded on its project, and the deposit invoice is
 * issued when it has a deposit and the invoicing service is there (else
 * the reason is kept for staff).  0; 1 when it was not awaiting a
 * signature; -1 on a database error.
 */
int	 ct_signed(struct at_db *, struct at_pool *, long long id,
	    const char *how, long long sealed, const char *by);

/*
 * Creates contract version n+1 of contract id with body and fees (nfees),
 * by user uid, on db (inside the caller's transaction).  The version's
 * row id, or -1.
 */
long long ct_version_add(struct at_db *, long long id, const char *body,
	    const struct ct_fee *fees, size_t nfees, int64_t total,
	    long long uid);

/*
 * Sends contract r (a row of CT_FIELDS, scope 0) for signature through
 * the e-signature service to signer (a contact of its client), with
 * message and expires (YYYY-MM-DD) or NULL, in a transaction of its own:
 * the current version's PDF, the envelope, the notice to the signer.
 * 0 with *msg the confirmation; 1 with *msg why not (not a draft, no
 * service, no such contact, the service refused); -1 when the database
 * or the PDF failed.  Staff's route and `atriumctl contracts send`.
 */
int	 ct_send(struct at_req *, struct at_rows *r, long long signer,
	    const char *message, const char *expires, const char **msg);

/*
 * The deposit invoice of signed contract id that has none (it was
 * signed while invoicing was not there), on db in the caller's
 * transaction.  0 when issued (*msg: its number); 1 with *msg why not;
 * -1 on a database error.
 */
int	 ct_bill_again(struct at_db *, struct at_pool *, long long id,
	    const char **msg);

/* `atriumctl contracts ...` (ctl.c). */
int	 ct_command(const struct at_site *, struct at_db *(*)(void), int,
	    char **);

/* The staff pages' routes (staff.c). */
extern const struct at_route ct_staff_routes[];

#endif
