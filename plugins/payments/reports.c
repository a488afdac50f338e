/*
 * The payments plugin's part of the reports area (docs/reports.md): the
 * panel "Invoicing" (invoiced, paid and overdue amounts per currency)
 * and the client health factor "overdue_invoices" (invoices past due
 * and unpaid).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "reports.h"

/* The day a period's standing is read on: to, or today when later. */
static const char *
pr_ref(struct at_req *req, const char *to, const char *today)
{
	(void)req;
	return strcmp(to, today) > 0 ? today : to;
}

/*
 * Panel "payments": per currency, what was invoiced in the period
 * (invoices issued, not void), paid in it (payments received) and what
 * is overdue on the reference day (sent or part-paid invoices past
 * their due date: what is still owed).  Amounts as plain decimals.
 */
static int
pr_report(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "currency", "Currency", AT_RP_TEXT },
		{ "invoiced", "Invoiced", AT_RP_MONEY },
		{ "paid", "Paid", AT_RP_MONEY },
		{ "overdue", "Overdue", AT_RP_MONEY },
		{ NULL, NULL, NULL }
	};
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*t, *r;
	xmlNodePtr	 p, tb;
	const struct at_currency *cur;
	const char	*ref, *cells[4];
	long long	 n_over = 0;
	size_t		 i;

	t = at_db_select(db, pool, "SELECT DATE_FORMAT(NOW(), '%Y-%m-%d') "
	    "AS today", "");
	if (t == NULL || t->n != 1)
		return -1;
	ref = pr_ref(req, to, at_row(t, 0, "today"));
	r = at_db_select(db, pool, "SELECT currency, SUM(invoiced) AS "
	    "invoiced, SUM(paid) AS paid, SUM(overdue) AS overdue, "
	    "SUM(n_over) AS n_over FROM ("
	    "SELECT currency, total AS invoiced, 0 AS paid, 0 AS overdue, 0 "
	    "AS n_over FROM pay_docs WHERE kind = 'invoice' AND status NOT IN "
	    "('draft', 'void') AND issue_date >= ? AND issue_date <= ? AND "
	    "(? = 0 OR client_id = ?) "
	    "UNION ALL SELECT currency, 0, amount, 0, 0 FROM pay_payments "
	    "WHERE received_on >= ? AND received_on <= ? AND (? = 0 OR "
	    "client_id = ?) "
	    "UNION ALL SELECT currency, 0, 0, total - paid - credited, 1 FROM "
	    "pay_docs WHERE kind = 'invoice' AND status IN ('sent', "
	    "'partial') AND due_date < ? AND (? = 0 OR client_id = ?)"
	    ") x GROUP BY currency ORDER BY currency", "ssIIssIIsII", from,
	    to, client, client, from, to, client, client, ref, client,
	    client);
	if (r == NULL)
		return -1;
	p = at_rp_panel(parent, "payments", "Invoicing");
	for (i = 0; i < r->n; i++)
		n_over += at_row_int(r, i, "n_over", 0);
	at_rp_figure(p, "overdue_invoices", "Overdue invoices",
	    at_pprintf(pool, "%lld", n_over), NULL);
	at_rp_figure(p, "currencies", "Currencies invoiced or paid",
	    at_pprintf(pool, "%zu", r->n), NULL);
	tb = at_rp_table(p, "currencies", "Invoiced, paid and overdue per "
	    "currency", cols, NULL);
	for (i = 0; i < r->n; i++) {
		cur = at_currency(at_row(r, i, "currency"));
		cells[0] = at_row(r, i, "currency");
		cells[1] = at_money_decimal(pool, (int64_t)at_row_int(r, i,
		    "invoiced", 0), cur);
		cells[2] = at_money_decimal(pool, (int64_t)at_row_int(r, i,
		    "paid", 0), cur);
		cells[3] = at_money_decimal(pool, (int64_t)at_row_int(r, i,
		    "overdue", 0), cur);
		at_rp_row(tb, cells, 4);
	}
	if (r->n > 0)
		at_rp_chart(p, "bar", "currencies", "currency",
		    "invoiced paid overdue", "Invoiced, paid and overdue");
	return 0;
}

/*
 * Health, n periods at once (extend.h, at_health_periods_fn): invoices
 * sent or part-paid past their due date on each period's reference day
 * (its last day, or today when later), or paid only after it.  Period k
 * ends k times the period's length before to.  One round trip.
 */
static struct at_rows *
pr_factor_periods(struct at_req *req, const char *from, const char *to,
    int n, long long client)
{
	return at_db_select(at_req_db(req), at_req_pool(req), "WITH "
	    "RECURSIVE pk (k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM pk "
	    "WHERE k + 1 < ?), pr AS (SELECT k, LEAST(DATE(?) - INTERVAL k * "
	    "(DATEDIFF(?, ?) + 1) DAY, CURDATE()) AS ref FROM pk) SELECT "
	    "d.client_id, pr.k AS period, COUNT(*) AS value FROM pr JOIN "
	    "pay_docs d ON d.due_date < pr.ref AND (d.status IN ('sent', "
	    "'partial') OR (d.status = 'paid' AND d.paid_at > "
	    "TIMESTAMP(pr.ref, '23:59:59'))) WHERE d.kind = 'invoice' AND "
	    "(? = 0 OR d.client_id = ?) GROUP BY d.client_id, pr.k",
	    "isssII", n, to, to, from, client, client);
}

/* Health: the same for the one period from..to. */
static struct at_rows *
pr_factor(struct at_req *req, const char *from, const char *to,
    long long client)
{
	return pr_factor_periods(req, from, to, 1, client);
}

static const struct at_report_panel pr_panel = {
	AT_EXT_SIZE(at_report_panel), "payments", "Invoicing", 60, pr_report
};
static const struct at_health_factor pr_hf = {
	AT_EXT_SIZE(at_health_factor), "overdue_invoices", "Overdue invoices",
	"invoices", 10, 0, 30, 50, pr_factor, pr_factor_periods
};

/* See reports.h. */
void
pay_reports_register(struct at_registry *reg)
{
	at_reg_report_panel(reg, &pr_panel);
	at_reg_health_factor(reg, &pr_hf);
}
