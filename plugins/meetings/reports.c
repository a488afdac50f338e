/*
 * The meetings plugin's part of the reports area (docs/reports.md): the
 * panel "Meetings" (held and requested in the period, by status) and the
 * workload column "Meetings this week" (confirmed or held meetings of
 * the current week, Monday to Sunday, that a staff member confirmed or
 * attends).
 */
#include "config.h"

#include <atrium/atrium.h>

#include "reports.h"

/*
 * Panel "meetings": figures held (confirmed or held, started in the
 * period and not in the future) and requested (asked for in the
 * period); table "status": the meetings whose time falls in the period,
 * by status.
 */
static int
mt_report(struct at_req *req, xmlNodePtr parent, const char *from,
    const char *to, long long client)
{
	static const struct at_rp_col cols[] = {
		{ "status", "Status", AT_RP_TEXT },
		{ "n", "Meetings", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*f, *r;
	xmlNodePtr	 p;
	const char	*held, *asked;

	f = at_db_select(db, pool, "SELECT COALESCE(SUM(status IN "
	    "('confirmed', 'held') AND start_at >= ? AND start_at <= "
	    "LEAST(CONCAT(?, ' 23:59:59'), UTC_TIMESTAMP())), 0) AS held, "
	    "COALESCE(SUM(created_at >= ? AND created_at <= CONCAT(?, "
	    "' 23:59:59')), 0) AS asked FROM meetings WHERE (? = 0 OR "
	    "client_id = ?)", "ssssII", from, to, from, to, client, client);
	if (f == NULL || f->n != 1)
		return -1;
	r = at_db_select(db, pool, "SELECT status, COUNT(*) AS n FROM "
	    "meetings WHERE (? = 0 OR client_id = ?) AND COALESCE(start_at, "
	    "pref_start) >= ? AND COALESCE(start_at, pref_start) <= "
	    "CONCAT(?, ' 23:59:59') GROUP BY status ORDER BY status", "IIss",
	    client, client, from, to);
	if (r == NULL)
		return -1;
	held = at_row(f, 0, "held");
	asked = at_row(f, 0, "asked");
	p = at_rp_panel(parent, "meetings", "Meetings");
	at_rp_figure(p, "held", "Meetings held", held != NULL ? held : "0",
	    "in the period");
	at_rp_figure(p, "requested", "Meetings requested", asked != NULL ?
	    asked : "0", "in the period");
	at_rp_table(p, "status", "Meetings in the period by status", cols, r);
	if (r->n > 0)
		at_rp_chart(p, "bar", "status", "status", "n",
		    "Meetings in the period by status");
	return 0;
}

/* Workload: this week's confirmed or held meetings per staff member. */
static struct at_rows *
mt_work(struct at_req *req, const char *from, const char *to,
    long long client)
{
	(void)from;
	(void)to;
	return at_db_select(at_req_db(req), at_req_pool(req), "SELECT "
	    "x.user_id, COUNT(DISTINCT x.id) AS n FROM (SELECT m.id, "
	    "m.confirmed_by AS user_id, m.start_at, m.status, m.client_id "
	    "FROM meetings m WHERE m.confirmed_by IS NOT NULL UNION ALL "
	    "SELECT m.id, a.user_id, m.start_at, m.status, m.client_id FROM "
	    "meetings m JOIN meeting_attendees a ON a.meeting_id = m.id) x "
	    "WHERE x.status IN ('confirmed', 'held') AND x.start_at >= "
	    "UTC_DATE() - INTERVAL WEEKDAY(UTC_DATE()) DAY AND x.start_at < "
	    "UTC_DATE() - INTERVAL WEEKDAY(UTC_DATE()) DAY + INTERVAL 7 DAY "
	    "AND (? = 0 OR x.client_id = ?) GROUP BY x.user_id", "II", client,
	    client);
}

static const struct at_report_panel mt_panel = {
	AT_EXT_SIZE(at_report_panel), "meetings", "Meetings", 40, mt_report
};
static const struct at_workload_col mt_col = {
	AT_EXT_SIZE(at_workload_col), "meetings_week", "Meetings this week",
	40, 1, mt_work
};

/* See reports.h. */
void
mt_reports_register(struct at_registry *reg)
{
	at_reg_report_panel(reg, &mt_panel);
	at_reg_workload(reg, &mt_col);
}
