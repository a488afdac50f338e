/*
 * Charts: the figures the skin draws as inline SVG (parts/charts.xsl),
 * each with a table as its text alternative.
 *
 * - The project page's milestone timeline: a project section (order 5)
 *   that reads the project and its milestones the page already holds
 *   (no query) and places each on a horizontal axis from the earliest
 *   to the latest date among the project's start and due dates, the
 *   milestones and today: <timeline from to width today-x><point x
 *   title due done overdue/></timeline>.  Progress is drawn from the
 *   page's <project><progress>.
 * - The staff dashboard: pending approvals by age and the clients'
 *   activity over the last 8 weeks, one query, as <charts><chart name
 *   title max><bar label value/></chart></charts>.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

/* The timeline's width in the SVG's user units. */
#define CH_WIDTH	1000

/* See hub/hub.h. */
long
hub_day_number(const char *s)
{
	int	 y, m, d, n;
	long	 era, yoe, doy, doe;

	if (s == NULL || strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1)
		return -1;
	/* Days from civil (H. Hinnant's algorithm), 1970-01-01 is 0. */
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* See hub/hub.h. */
int
hub_timeline_x(long from, long to, long day, int width)
{
	if (to <= from)
		return width / 2;
	if (day <= from)
		return 0;
	if (day >= to)
		return width;
	return (int)((day - from) * (long)width / (to - from));
}

/* Day number n (hub_day_number) as "YYYY-MM-DD" in the pool. */
static const char *
ch_date(struct at_pool *pool, long n)
{
	long	 era, doe, yoe, y, doy, mp, d, m;

	n += 719468;
	era = (n >= 0 ? n : n - 146096) / 146097;
	doe = n - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	return at_pprintf(pool, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* The text of child name of n, or NULL. */
static const char *
ch_child(xmlNodePtr n, const char *name)
{
	xmlNodePtr	 c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c->children != NULL ? (const char *)
			    c->children->content : "";
	return NULL;
}

/* The first child element called name of n, or NULL. */
static xmlNodePtr
ch_elem(xmlNodePtr n, const char *name)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* Widens [*from, *to] to hold day (-1: ignored). */
static void
ch_span(long *from, long *to, long day)
{
	if (day < 0)
		return;
	if (*from < 0 || day < *from)
		*from = day;
	if (*to < 0 || day > *to)
		*to = day;
}

/*
 * Project section: the milestone timeline from what the page holds (see
 * the top of the file).  Nothing without milestones.  Never fails.
 */
static int
ch_timeline(struct at_req *req, xmlNodePtr parent, long long project)
{
	xmlNodePtr	 proj, ms, m, tl, pt;
	const char	*today = at_today(req->pool), *due;
	long		 from = -1, to = -1, t = hub_day_number(today);

	(void)project;
	if ((proj = ch_elem(parent, "project")) == NULL ||
	    (ms = ch_elem(parent, "milestones")) == NULL ||
	    ch_elem(ms, "milestone") == NULL)
		return 0;
	ch_span(&from, &to, hub_day_number(ch_child(proj, "start_on")));
	ch_span(&from, &to, hub_day_number(ch_child(proj, "due_on")));
	ch_span(&from, &to, t);
	for (m = ms->children; m != NULL; m = m->next)
		if (m->type == XML_ELEMENT_NODE)
			ch_span(&from, &to, hub_day_number(ch_child(m,
			    "due_on")));
	tl = at_x(parent, "timeline", NULL);
	at_xa(tl, "from", ch_date(req->pool, from));
	at_xa(tl, "to", ch_date(req->pool, to));
	at_xaf(tl, "width", "%d", CH_WIDTH);
	at_xaf(tl, "today-x", "%d", hub_timeline_x(from, to, t, CH_WIDTH));
	at_xa(tl, "today", today);
	for (m = ms->children; m != NULL; m = m->next) {
		if (m->type != XML_ELEMENT_NODE ||
		    (due = ch_child(m, "due_on")) == NULL)
			continue;
		pt = at_x(tl, "point", NULL);
		at_xa(pt, "title", ch_child(m, "title"));
		at_xa(pt, "due", due);
		at_xaf(pt, "x", "%d", hub_timeline_x(from, to,
		    hub_day_number(due), CH_WIDTH));
		at_xa(pt, "done", ch_child(m, "done_at") != NULL ? "1" : "0");
		at_xa(pt, "overdue", ch_child(m, "overdue") != NULL ? "1" :
		    "0");
	}
	return 0;
}

/* Adds a <chart name title max> to charts. */
static xmlNodePtr
ch_chart(xmlNodePtr charts, const char *name, const char *title,
    const char *unit)
{
	xmlNodePtr	 c;

	c = at_x(charts, "chart", NULL);
	at_xa(c, "name", name);
	at_xa(c, "title", title);
	at_xa(c, "unit", unit);
	return c;
}

/* Sets max on chart to its largest bar (at least 1). */
static void
ch_max(xmlNodePtr chart, long long max)
{
	at_xaf(chart, "max", "%lld", max > 0 ? max : 1);
}

/*
 * The staff dashboard's charts: pending (sent) approvals by age in four
 * buckets and the entries of the clients' contacts in the activity log
 * per week over the last 8 weeks (oldest first).  One query.
 */
static int
ch_dash(struct at_req *req, struct at_dash *d)
{
	static const char *const ages[] = { "Under 3 days", "3 to 7 days",
	    "8 to 14 days", "Over 14 days" };
	struct at_rows	*r;
	xmlNodePtr	 charts, age, act, b;
	long long	 na[4] = { 0, 0, 0, 0 }, nw[8] = { 0 }, max;
	long long	 bucket, t;
	size_t		 i;
	int		 k;

	r = at_db_select(req->db, req->pool, "SELECT 'age' AS k, CASE WHEN "
	    "x.d < 3 THEN 0 WHEN x.d < 8 THEN 1 WHEN x.d < 15 THEN 2 ELSE 3 "
	    "END AS b, COUNT(*) AS n FROM (SELECT DATEDIFF(UTC_DATE(), "
	    "DATE(COALESCE(sent_at, created_at))) AS d FROM approvals WHERE "
	    "status = 'pending' AND visible = 1) x GROUP BY b UNION ALL "
	    "SELECT 'week', FLOOR(DATEDIFF(UTC_DATE(), DATE(a.at)) / 7), "
	    "COUNT(*) FROM activity a JOIN users u ON u.id = a.user_id AND "
	    "u.role = 'contact' WHERE a.at >= UTC_DATE() - INTERVAL 55 DAY "
	    "GROUP BY 2", "");
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		bucket = at_row_int(r, i, "b", -1);
		t = at_row_int(r, i, "n", 0);
		if (strcmp(at_row(r, i, "k"), "age") == 0 && bucket >= 0 &&
		    bucket < 4)
			na[bucket] = t;
		else if (bucket >= 0 && bucket < 8)
			nw[bucket] = t;
	}
	charts = at_x(at_dash_page(d), "charts", NULL);
	age = ch_chart(charts, "approvals-age", "Pending approvals by age",
	    "requests");
	for (k = 0, max = 0; k < 4; k++) {
		b = at_x(age, "bar", NULL);
		at_xa(b, "label", ages[k]);
		at_xaf(b, "value", "%lld", na[k]);
		if (na[k] > max)
			max = na[k];
	}
	ch_max(age, max);
	act = ch_chart(charts, "client-activity", "Client activity, last 8 "
	    "weeks", "actions");
	for (k = 7, max = 0; k >= 0; k--) {
		b = at_x(act, "bar", NULL);
		at_xa(b, "label", k == 0 ? "This week" : k == 1 ?
		    "Last week" : at_pprintf(req->pool, "%d weeks ago", k));
		at_xaf(b, "value", "%lld", nw[k]);
		if (nw[k] > max)
			max = nw[k];
	}
	ch_max(act, max);
	return 0;
}

static const struct at_section ch_sec = {
	AT_EXT_SIZE(at_section), "timeline", AT_CONTACT | AT_STAFF, 5,
	ch_timeline
};
static const struct at_dash_part ch_dash_part = {
	AT_EXT_SIZE(at_dash_part), "charts", AT_STAFF, 90, ch_dash
};

/* Registers the timeline section and the dashboard's charts. */
static int
ch_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_section(reg, &ch_sec);
	at_reg_dash(reg, &ch_dash_part);
	return 0;
}

const struct at_plugin at_mod_charts = {
	AT_PLUGIN_HEAD,
	.name = "charts",
	.version = PACKAGE_VERSION,
	.summary = "Progress, timelines and dashboard charts",
	.init = ch_init,
};
