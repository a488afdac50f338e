/*
 * What the hub's own modules add to the reports area (docs/reports.md):
 * the panels "Open and overdue items" (tasks, milestones), "Approvals"
 * and "Sign-ins"; the workload columns "Tasks due" and "Approvals
 * waiting"; the health factors overdue milestones, approvals waiting on
 * the client and days since a contact last signed in.  Each reads
 * indexed queries, one round trip per figure set.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/reports.h"

/* See hub/reports.h. */
const char *
hub_rp_ref(struct at_req *req, const char *to)
{
	const char	*today = at_today(req->pool);

	return strcmp(to, today) > 0 ? today : to;
}

/* The first row's column col as text ("0" when NULL). */
static const char *
rp_v(const struct at_rows *r, const char *col)
{
	const char	*v = at_row(r, 0, col);

	return v != NULL ? v : "0";
}

/*
 * Panel "items": open and overdue tasks and milestones on the period's
 * reference day (its last, or today), and milestones done in it.
 */
static int
rp_items(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "kind", "Item", AT_RP_TEXT },
		{ "open", "Open", AT_RP_NUMBER },
		{ "overdue", "Overdue", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	struct at_rows	*r;
	xmlNodePtr	 p, t;
	const char	*ref = hub_rp_ref(req, to), *cells[3];

	r = at_db_select(req->db, req->pool, "SELECT "
	    "(SELECT COUNT(*) FROM tasks WHERE (? = 0 OR client_id = ?) AND "
	    "status <> 'done' AND created_at <= CONCAT(?, ' 23:59:59')) AS "
	    "tasks_open, "
	    "(SELECT COUNT(*) FROM tasks WHERE (? = 0 OR client_id = ?) AND "
	    "status <> 'done' AND due_on < ?) AS tasks_overdue, "
	    "(SELECT COUNT(*) FROM milestones WHERE (? = 0 OR client_id = ?) "
	    "AND created_at <= CONCAT(?, ' 23:59:59') AND (done_at IS NULL "
	    "OR done_at > CONCAT(?, ' 23:59:59'))) AS ms_open, "
	    "(SELECT COUNT(*) FROM milestones WHERE (? = 0 OR client_id = ?) "
	    "AND due_on < ? AND (done_at IS NULL OR done_at > CONCAT(?, "
	    "' 23:59:59'))) AS ms_overdue, "
	    "(SELECT COUNT(*) FROM milestones WHERE (? = 0 OR client_id = ?) "
	    "AND done_at >= ? AND done_at <= CONCAT(?, ' 23:59:59')) AS "
	    "ms_done", "IIsIIsIIssIIssIIss", client, client, ref, client,
	    client, ref, client, client, ref, ref, client, client, ref, ref,
	    client, client, from, to);
	if (r == NULL || r->n != 1)
		return -1;
	p = at_rp_panel(parent, "items", "Open and overdue items");
	at_rp_figure(p, "tasks_open", "Open tasks", rp_v(r, "tasks_open"),
	    NULL);
	at_rp_figure(p, "tasks_overdue", "Overdue tasks", rp_v(r,
	    "tasks_overdue"), NULL);
	at_rp_figure(p, "milestones_open", "Open milestones", rp_v(r,
	    "ms_open"), NULL);
	at_rp_figure(p, "milestones_overdue", "Overdue milestones", rp_v(r,
	    "ms_overdue"), NULL);
	at_rp_figure(p, "milestones_done", "Milestones reached", rp_v(r,
	    "ms_done"), "in the period");
	t = at_rp_table(p, "items", "Open and overdue items", cols, NULL);
	cells[0] = "Tasks";
	cells[1] = rp_v(r, "tasks_open");
	cells[2] = rp_v(r, "tasks_overdue");
	at_rp_row(t, cells, 3);
	cells[0] = "Milestones";
	cells[1] = rp_v(r, "ms_open");
	cells[2] = rp_v(r, "ms_overdue");
	at_rp_row(t, cells, 3);
	at_rp_chart(p, "stacked", "items", "kind", "overdue open",
	    "Open and overdue items");
	return 0;
}

/*
 * Panel "approvals": approvals shared with clients and waiting on the
 * reference day, by how long they have waited (from when they were
 * sent), and those answered in the period.
 */
static int
rp_approvals(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "age", "Waiting for", AT_RP_TEXT },
		{ "n", "Approvals", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	struct at_rows	*r;
	xmlNodePtr	 p, t;
	const char	*ref = hub_rp_ref(req, to), *cells[2];
	long long	 young, mid, old;

	r = at_db_select(req->db, req->pool, "SELECT "
	    "SUM(w AND age < 3) AS young, SUM(w AND age BETWEEN 3 AND 7) AS "
	    "mid, SUM(w AND age > 7) AS old, SUM(status = 'approved' AND "
	    "done) AS approved, SUM(status = 'changes_requested' AND done) AS "
	    "changes FROM (SELECT status, DATEDIFF(?, COALESCE(sent_at, "
	    "created_at)) AS age, (status = 'pending' OR (status IN "
	    "('approved', 'changes_requested') AND completed_at > CONCAT(?, "
	    "' 23:59:59'))) AND COALESCE(sent_at, created_at) <= CONCAT(?, "
	    "' 23:59:59') AS w, completed_at >= ? AND completed_at <= "
	    "CONCAT(?, ' 23:59:59') AS done FROM approvals WHERE visible = 1 "
	    "AND (? = 0 OR client_id = ?)) a", "sssssII", ref, ref, ref, from,
	    to, client, client);
	if (r == NULL || r->n != 1)
		return -1;
	young = at_row_int(r, 0, "young", 0);
	mid = at_row_int(r, 0, "mid", 0);
	old = at_row_int(r, 0, "old", 0);
	p = at_rp_panel(parent, "approvals", "Approvals");
	at_rp_figure(p, "waiting", "Approvals waiting", at_pprintf(req->pool,
	    "%lld", young + mid + old), at_pprintf(req->pool, "%lld for over "
	    "a week", old));
	at_rp_figure(p, "approved", "Approved", rp_v(r, "approved"),
	    "in the period");
	at_rp_figure(p, "changes", "Changes requested", rp_v(r, "changes"),
	    "in the period");
	t = at_rp_table(p, "age", "Approvals waiting by age", cols, NULL);
	cells[0] = "under 3 days";
	cells[1] = at_pprintf(req->pool, "%lld", young);
	at_rp_row(t, cells, 2);
	cells[0] = "3 to 7 days";
	cells[1] = at_pprintf(req->pool, "%lld", mid);
	at_rp_row(t, cells, 2);
	cells[0] = "over 7 days";
	cells[1] = at_pprintf(req->pool, "%lld", old);
	at_rp_row(t, cells, 2);
	at_rp_chart(p, "bar", "age", "age", "n", "Approvals waiting by age");
	return 0;
}

/*
 * Panel "signins": contacts' sign-ins in the period (how many, how many
 * people, how many clients had none) and per week (weeks from Monday),
 * from the sign-ins per day that the activity log's trigger keeps
 * (report_signin_days, hub migration 035): a period reads its days, not
 * every sign-in.
 */
static int
rp_signins(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "week", "Week of", AT_RP_DATE },
		{ "n", "Sign-ins", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	struct at_rows	*r, *w;
	xmlNodePtr	 p;

	r = at_db_select(req->db, req->pool, "SELECT COALESCE(SUM(s.n), 0) "
	    "AS n, COUNT(DISTINCT NULLIF(s.user_id, 0)) AS people, (SELECT "
	    "COUNT(*) FROM clients c WHERE ? = 0 OR c.id = ?) - COUNT("
	    "DISTINCT s.client_id) AS silent FROM report_signin_days s WHERE "
	    "s.day >= ? AND s.day <= ? AND (? = 0 OR s.client_id = ?)",
	    "IIssII", client, client, from, to, client, client);
	if (r == NULL || r->n != 1)
		return -1;
	w = at_db_select(req->db, req->pool, "SELECT DATE_SUB(day, INTERVAL "
	    "WEEKDAY(day) DAY) AS week, SUM(n) AS n FROM report_signin_days "
	    "WHERE day >= ? AND day <= ? AND (? = 0 OR client_id = ?) GROUP "
	    "BY week ORDER BY week", "ssII", from, to, client, client);
	if (w == NULL)
		return -1;
	p = at_rp_panel(parent, "signins", "Client sign-ins");
	at_rp_figure(p, "signins", "Sign-ins", rp_v(r, "n"), NULL);
	at_rp_figure(p, "people", "Contacts who signed in", rp_v(r,
	    "people"), NULL);
	at_rp_figure(p, "silent", "Clients without a sign-in", rp_v(r,
	    "silent"), NULL);
	at_rp_table(p, "weeks", "Sign-ins per week", cols, w);
	if (w->n > 1)
		at_rp_chart(p, "line", "weeks", "week", "n",
		    "Sign-ins per week");
	else if (w->n == 1)
		at_rp_chart(p, "bar", "weeks", "week", "n",
		    "Sign-ins per week");
	return 0;
}

/* Workload: open tasks each person owns due by the period's end. */
static struct at_rows *
rp_w_tasks(struct at_req *req, const char *from, const char *to,
    long long client)
{
	(void)from;
	return at_db_select(req->db, req->pool, "SELECT owner_id AS user_id, "
	    "COUNT(*) AS n FROM tasks WHERE owner_id IS NOT NULL AND status "
	    "<> 'done' AND due_on <= ? AND (? = 0 OR client_id = ?) GROUP BY "
	    "owner_id", "sII", to, client, client);
}

/* Workload: approvals each person asked for that still wait. */
static struct at_rows *
rp_w_approvals(struct at_req *req, const char *from, const char *to,
    long long client)
{
	(void)from;
	(void)to;
	return at_db_select(req->db, req->pool, "SELECT created_by AS "
	    "user_id, COUNT(*) AS n FROM approvals WHERE status = 'pending' "
	    "AND visible = 1 "
	    "AND created_by IS NOT NULL AND (? = 0 OR client_id = ?) GROUP BY "
	    "created_by", "II", client, client);
}

/*
 * SQL: the periods as the derived table pr (k, ref), for the "periods at
 * once" form of the factors: period k (0 .. n-1) ends k times the
 * period's length before to, and its standing is read on ref, its last
 * day or today when that is later.  Parameters: n, to, length in days,
 * today.
 */
#define RP_PERIODS "WITH RECURSIVE pk (k) AS (SELECT 0 UNION ALL SELECT " \
	"k + 1 FROM pk WHERE k + 1 < ?), pr AS (SELECT k, LEAST(DATE(?) - " \
	"INTERVAL k * ? DAY, DATE(?)) AS ref FROM pk) "

/* Day number of "YYYY-MM-DD" (days since 1970-01-01), or -1. */
static long long
rp_dayno(const char *s)
{
	struct tm	 tm;
	int		 y, m, d;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (long long)(timegm(&tm) / 86400);
}

/* The length of from..to in days (both included); 1 when bad. */
static long long
rp_len(struct at_req *req, const char *from, const char *to)
{
	long long	 f = rp_dayno(from), t = rp_dayno(to);

	(void)req;
	return f < 0 || t < f ? 1 : t - f + 1;
}

/*
 * The one-period form of a factor (at_health_fn, for the callers of one
 * period) from its every-period form rp_fp_NAME: rp_f_NAME.
 */
#define RP_ONE_PERIOD(name)						\
static struct at_rows *							\
rp_f_##name(struct at_req *req, const char *from, const char *to,	\
    long long client)							\
{									\
	return rp_fp_##name(req, from, to, 1, client);			\
}

/*
 * The rows of a "periods at once" query sql (RP_PERIODS, then a SELECT
 * with one client filter "(? = 0 OR x.client_id = ?)"): n periods of the
 * length of from..to, the first ending on to.
 */
static struct at_rows *
rp_per(struct at_req *req, const char *sql, const char *from,
    const char *to, int n, long long client)
{
	return at_db_select(req->db, req->pool, sql, "isIsII", n, to,
	    rp_len(req, from, to), at_today(req->pool), client, client);
}

/*
 * Health, every period at once: open milestones of active projects past
 * their date on each period's reference day, summed from the milestones
 * by client, date due and day reached that triggers keep
 * (report_milestone_days, hub migration 035): a milestone reached on
 * the reference day or before is not open on it.
 */
static struct at_rows *
rp_fp_milestones(struct at_req *req, const char *from, const char *to,
    int n, long long client)
{
	return rp_per(req, RP_PERIODS "SELECT m.client_id, pr.k AS period, "
	    "SUM(m.n) AS value FROM pr JOIN report_milestone_days m ON "
	    "m.done_on > pr.ref AND m.due_on < pr.ref WHERE (? = 0 OR "
	    "m.client_id = ?) GROUP BY m.client_id, pr.k HAVING value > 0",
	    from, to, n, client);
}

RP_ONE_PERIOD(milestones)

/*
 * Health, every period at once: approvals shared with the client
 * waiting on each period's reference day.
 */
static struct at_rows *
rp_fp_approvals(struct at_req *req, const char *from, const char *to,
    int n, long long client)
{
	return rp_per(req, RP_PERIODS "SELECT a.client_id, pr.k AS period, "
	    "COUNT(*) AS value FROM pr JOIN approvals a ON COALESCE("
	    "a.sent_at, a.created_at) <= TIMESTAMP(pr.ref, '23:59:59') AND "
	    "(a.status = 'pending' OR (a.status IN ('approved', "
	    "'changes_requested') AND a.completed_at > TIMESTAMP(pr.ref, "
	    "'23:59:59'))) WHERE a.visible = 1 AND (? = 0 OR a.client_id = "
	    "?) GROUP BY a.client_id, pr.k", from, to, n, client);
}

RP_ONE_PERIOD(approvals)

#define RP_FAST_PERIODS	6	/* periods the sign-in query reads at once */

/* One period's latest sign-in per client: a loose scan of activity_signin. */
#define RP_LAST(k) "SELECT " #k " AS k, client_id, MAX(at) AS last FROM " \
	"activity WHERE action = 'login' AND client_id > 0 AND at <= " \
	"TIMESTAMP(?, '23:59:59') GROUP BY client_id"
#define RP_REF(k) "SELECT " #k " AS k, DATE(?) AS ref"

/*
 * Health, every period at once: days from the last sign-in of any of the
 * client's contacts (or from the client's creation) to each period's
 * reference day.  Up to six periods, one statement: per period a loose
 * index scan of activity_signin (one descent per client: its latest
 * sign-in up to that day), never every sign-in; a period past n gets a
 * NULL day and reads nothing.  More periods: one correlated descent per
 * client and period.
 */
static struct at_rows *
rp_fp_signin(struct at_req *req, const char *from, const char *to, int n,
    long long client)
{
	const char	*ref[RP_FAST_PERIODS], *today = at_today(req->pool);
	long long	 len = rp_len(req, from, to), t = rp_dayno(to);
	time_t		 d;
	struct tm	 tm;
	char		 buf[16];
	int		 k;

	if (n > RP_FAST_PERIODS || t < 0)
		return at_db_select(req->db, req->pool, RP_PERIODS "SELECT "
		    "c.id AS client_id, pr.k AS period, GREATEST(0, DATEDIFF("
		    "pr.ref, COALESCE((SELECT MAX(a.at) FROM activity a WHERE "
		    "a.client_id = c.id AND a.action = 'login' AND a.at <= "
		    "TIMESTAMP(pr.ref, '23:59:59')), c.created_at))) AS value "
		    "FROM pr JOIN clients c WHERE (? = 0 OR c.id = ?)",
		    "isIsII", n, to, len, today, client, client);
	for (k = 0; k < RP_FAST_PERIODS; k++) {
		ref[k] = NULL;
		if (k >= n)
			continue;
		d = (time_t)(t - k * len) * 86400 + 43200;
		gmtime_r(&d, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
		ref[k] = at_pstrdup(req->pool, strcmp(buf, today) > 0 ? today :
		    buf);
	}
	return at_db_select(req->db, req->pool, "WITH pr AS (" RP_REF(0)
	    " UNION ALL " RP_REF(1) " UNION ALL " RP_REF(2) " UNION ALL "
	    RP_REF(3) " UNION ALL " RP_REF(4) " UNION ALL " RP_REF(5) "), "
	    "l AS (" RP_LAST(0) " UNION ALL " RP_LAST(1) " UNION ALL "
	    RP_LAST(2) " UNION ALL " RP_LAST(3) " UNION ALL " RP_LAST(4)
	    " UNION ALL " RP_LAST(5) ") SELECT c.id AS client_id, pr.k AS "
	    "period, GREATEST(0, DATEDIFF(pr.ref, COALESCE(l.last, "
	    "c.created_at))) AS value FROM pr JOIN clients c LEFT JOIN l ON "
	    "l.k = pr.k AND l.client_id = c.id WHERE pr.ref IS NOT NULL AND "
	    "(? = 0 OR c.id = ?)", "ssssssssssssII", ref[0], ref[1], ref[2],
	    ref[3], ref[4], ref[5], ref[0], ref[1], ref[2], ref[3], ref[4],
	    ref[5], client, client);
}

RP_ONE_PERIOD(signin)

/*
 * Health, every period at once: the client's message threads whose
 * last message (internal notes aside) on each period's reference day is
 * a contact's, sent before the last working day (Monday to Friday) up
 * to that day: a thread counts from the first working day after the
 * day of the contact's message (docs/reports.md).
 */
static struct at_rows *
rp_fp_unanswered(struct at_req *req, const char *from, const char *to,
    int n, long long client)
{
	return rp_per(req, RP_PERIODS "SELECT t.client_id, pr.k AS period, "
	    "COUNT(*) AS value FROM pr JOIN message_threads t ON "
	    "t.created_at <= TIMESTAMP(pr.ref, '23:59:59') JOIN messages m "
	    "ON m.id = (SELECT x.id FROM messages x WHERE x.thread_id = t.id "
	    "AND x.internal = 0 AND x.created_at <= TIMESTAMP(pr.ref, "
	    "'23:59:59') ORDER BY x.created_at DESC, x.id DESC LIMIT 1) JOIN "
	    "users u ON u.id = m.user_id AND u.role = 'contact' WHERE "
	    "m.created_at < pr.ref - INTERVAL GREATEST(0, WEEKDAY(pr.ref) - "
	    "4) DAY AND (? = 0 OR t.client_id = ?) GROUP BY t.client_id, "
	    "pr.k", from, to, n, client);
}

RP_ONE_PERIOD(unanswered)

/* See hub/reports.h: registered by the messages module. */
const struct at_health_factor hub_rp_unanswered = {
	AT_EXT_SIZE(at_health_factor), "unanswered_messages",
	"Unanswered client messages", "threads", 5, 0, 20, 40,
	rp_f_unanswered, rp_fp_unanswered
};

static const struct at_report_panel rp_panels[] = {
	{ AT_EXT_SIZE(at_report_panel), "items", "Open and overdue items",
	    5, rp_items },
	{ AT_EXT_SIZE(at_report_panel), "approvals", "Approvals", 30,
	    rp_approvals },
	{ AT_EXT_SIZE(at_report_panel), "signins", "Client sign-ins", 90,
	    rp_signins },
};
static const struct at_workload_col rp_cols[] = {
	{ AT_EXT_SIZE(at_workload_col), "tasks_due", "Tasks due", 10, 1,
	    rp_w_tasks },
	{ AT_EXT_SIZE(at_workload_col), "approvals_waiting",
	    "Approvals waiting", 30, 1, rp_w_approvals },
};
static const struct at_health_factor rp_hf[] = {
	{ AT_EXT_SIZE(at_health_factor), "overdue_milestones",
	    "Overdue milestones", "milestones", 10, 0, 40, 10,
	    rp_f_milestones, rp_fp_milestones },
	{ AT_EXT_SIZE(at_health_factor), "approvals_waiting",
	    "Approvals waiting on the client", "approvals", 5, 1, 25, 30,
	    rp_f_approvals, rp_fp_approvals },
	{ AT_EXT_SIZE(at_health_factor), "days_since_signin",
	    "Days since a contact signed in", "days", 1, 14, 30, 90,
	    rp_f_signin, rp_fp_signin },
};

/* See hub/reports.h. */
void
hub_rp_register(struct at_registry *reg)
{
	size_t	 i;

	for (i = 0; i < sizeof(rp_panels) / sizeof(rp_panels[0]); i++)
		at_reg_report_panel(reg, &rp_panels[i]);
	for (i = 0; i < sizeof(rp_cols) / sizeof(rp_cols[0]); i++)
		at_reg_workload(reg, &rp_cols[i]);
	for (i = 0; i < sizeof(rp_hf) / sizeof(rp_hf[0]); i++)
		at_reg_health_factor(reg, &rp_hf[i]);
}
