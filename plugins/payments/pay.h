/*
 * What the payments plugin's files share: its configuration (the
 * "plugin payments { }" section, read at init) and the helpers that load,
 * draw, number and pay documents.  Only <atrium/...> headers.
 */
#ifndef PAYMENTS_PAY_H
#define PAYMENTS_PAY_H

#include <stdint.h>

#include <atrium/atrium.h>

#define PAY_MAXREMIND	8

struct pay_conf {
	const char	*provider;	/* "stripe" or "none" */
	const char	*api_base;	/* https://api.stripe.com */
	const char	*secret_key;	/* sk_... */
	const char	*webhook_secret; /* whsec_... */
	long		 tolerance;	/* seconds an event is valid */
	const char	*inv_pattern;
	const char	*quote_pattern;
	const char	*credit_pattern;
	const char	*currency;	/* a client's default */
	long		 terms;		/* days, by default */
	const char	*rule;		/* how amounts are written */
	const char	*bank_holder, *iban, *bic, *bank_name;
	const char	*seller_name, *seller_address, *seller_tax_id;
	long		 remind[PAY_MAXREMIND]; /* days from due date */
	size_t		 nremind;
};

extern struct pay_conf pay_conf;

/* Every column of a document, for pay_doc_get and lists. */
#define PAY_DOC_COLS "d.id, d.kind, d.client_id, c.name AS client, " \
	"d.project_id, p.name AS project, d.number, d.status, d.currency, " \
	"d.title, d.issue_date, d.due_date, d.notes, d.terms, d.net, d.tax, " \
	"d.total, d.paid, d.credited, d.seller, d.buyer, d.void_reason, " \
	"d.related_id, d.deposit_bp, d.answered_name, d.answered_at, " \
	"d.answered_addr, d.sent_at, d.paid_at, " \
	"(d.status IN ('sent','partial') AND d.kind = 'invoice' AND " \
	"d.due_date < CURRENT_DATE()) AS overdue, " \
	"DATEDIFF(CURRENT_DATE(), d.due_date) AS days_late "
#define PAY_DOC_FROM "FROM pay_docs d JOIN clients c ON c.id = d.client_id " \
	"LEFT JOIN projects p ON p.id = d.project_id "

/* payments.c */
struct at_rows	*pay_doc_get(struct at_req *, long long id, int *status);
xmlNodePtr	 pay_doc_xml(struct at_req *, xmlNodePtr parent,
		    const struct at_rows *, size_t i, int lines);
char		*pay_fmt(struct at_pool *, const char *amount,
		    const char *currency);
int		 pay_seq_ready(struct at_db *);
int		 pay_issue(struct at_db *, struct at_pool *, long long id,
		    const char **errstr);
int		 pay_recompute(struct at_db *, struct at_pool *,
		    long long id);
int		 pay_record(struct at_req *, struct at_db *,
		    struct at_pool *, long long doc, int64_t amount,
		    const char *currency, const char *method,
		    const char *reference, const char *provider_ref,
		    long long by, int *dup);
/* The kinds of notice this plugin sends (at_notify_kind). */
#define PAY_KIND_DOCS	"payments.documents"
#define PAY_KIND_REMIND	"payments.reminders"
int		 pay_tell_client(struct at_db *, struct at_pool *,
		    const struct at_site *, long long doc, const char *kind,
		    const char *subject, const char *text);

/* credit.c */
int		 pay_credit_balance(struct at_db *, struct at_pool *,
		    long long client, const char *currency, int64_t *out);
int		 pay_credit_keep(struct at_db *, long long doc,
		    long long client, const char *currency, int64_t excess,
		    long long by);
int		 pay_credit_apply(struct at_req *, struct at_job_ctx *,
		    struct at_db *, struct at_pool *, long long doc,
		    int64_t *applied);
int		 pay_credit_xml(struct at_req *, xmlNodePtr parent,
		    long long client);
int		 pay_h_apply_credit(struct at_req *);
int		 pay_h_credit_refund(struct at_req *);
void		 pay_credit_act(struct at_req *, const struct at_act_entry *,
		    const char **sentence, const char **href);

/* invoicing.c: the invoicing service (include/atrium/invoicing.h) */
void		 pay_invoicing_init(struct at_registry *);

/* staff.c */
extern const struct at_route pay_staff_routes[];

/* ubl.c */
int		 pay_ubl(struct at_req *);

/* stripe.c */
int		 pay_checkout(struct at_req *, const struct at_rows *,
		    const char **url, const char **errstr);
int		 pay_webhook(struct at_req *);
int		 pay_refund(struct at_req *, long long doc, int64_t amount,
		    const char **errstr);

#endif
