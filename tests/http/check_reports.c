/*
 * The reports area end to end: every figure of a small data set the
 * suite makes (its own client, project, staff, tasks, milestones and
 * approvals, dated from the site's today) asserted exactly on the
 * Overview, Workload and Client health; each table's CSV equal to the
 * table on its page; the health factors' weights changed by an admin
 * only; bad dates; a contact gets 404 on every report route, also with
 * ?format=xml; the weekly summary reaches admins once a week, on the
 * weekday and hour an admin set; unanswered client messages scored.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define STAFF	"staff@demo.test"
#define ADMIN	"admin@demo.test"

static struct {
	long long	 client, contact, project, s1, s2;
	char		 contact_mail[128], s1mail[128], s2mail[128];
	char		 cname[96], s1name[64], s2name[64];
	char		 today[16], from[16], q[256];
} fx;

/* Exits (failing the suite, or the test it runs in) when c is false. */
#define NEED(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c);	\
		exit(1);						\
	}								\
} while (0)

/* Runs sql or exits. */
static void
sql(const char *s)
{
	char	*out = tc_sql(s);

	if (out == NULL) {
		fprintf(stderr, "SQL failed: %s\n", s);
		exit(1);
	}
	free(out);
}

/* The site's today, from the reports page (its <reports today>). */
static void
read_today(struct tc_browser *b)
{
	struct tc_resp	*r = tc_get(b, "/staff/reports?format=xml");
	const char	*p;

	NEED(r->status == 200);
	p = strstr(r->body, " today=\"");
	NEED(p != NULL);
	memcpy(fx.today, p + 8, 10);
	fx.today[10] = '\0';
}

/*
 * The data set, dated from today (T):
 *  tasks: t1 todo due T-2 (s1), t2 in progress due T+3 (s1), t3 done due
 *    T-1 (s1), t4 waiting due T-1 (s2);
 *  milestones: m1 due T-10, m2 due T-5, m3 due T+10 open; m4 due T-3
 *    reached today;
 *  approvals shared, asked by s1: a1 sent T-1, a2 sent T-5, a3 sent
 *    T-10 waiting; a4 approved and a5 changes requested today (sent
 *    T-2); a6 waiting but internal.
 */
static void
setup_once(void)
{
	struct tc_browser *a;
	char	 s[4096], name[96];
	const char *t;

	fx.contact = tc_make_client_contact("rp", &fx.client, fx.contact_mail,
	    sizeof(fx.contact_mail));
	snprintf(fx.cname, sizeof(fx.cname), "Rp Client %s", tc_tag());
	snprintf(s, sizeof(s), "UPDATE clients SET name = '%s' WHERE id = "
	    "%lld", fx.cname, fx.client);
	sql(s);
	snprintf(name, sizeof(name), "Rp Project %s", tc_tag());
	fx.project = tc_make_project(fx.client, name);
	fx.s1 = tc_make_staff("rps1", "staff", fx.s1mail, sizeof(fx.s1mail));
	fx.s2 = tc_make_staff("rps2", "staff", fx.s2mail, sizeof(fx.s2mail));
	snprintf(fx.s1name, sizeof(fx.s1name), "Rp One %s", tc_tag());
	snprintf(fx.s2name, sizeof(fx.s2name), "Rp Two %s", tc_tag());
	snprintf(s, sizeof(s), "UPDATE users SET name = IF(id = %lld, '%s', "
	    "'%s') WHERE id IN (%lld, %lld)", fx.s1, fx.s1name, fx.s2name,
	    fx.s1, fx.s2);
	sql(s);

	a = tc_as(ADMIN);
	read_today(a);
	tc_free(a);
	t = fx.today;
	snprintf(s, sizeof(s), "INSERT INTO tasks (client_id, project_id, "
	    "title, owner_id, due_on, status, visible) VALUES "
	    "(%lld, %lld, 't1', %lld, DATE('%s') - INTERVAL 2 DAY, 'todo', 1), "
	    "(%lld, %lld, 't2', %lld, DATE('%s') + INTERVAL 3 DAY, "
	    "'in_progress', 1), "
	    "(%lld, %lld, 't3', %lld, DATE('%s') - INTERVAL 1 DAY, 'done', 1), "
	    "(%lld, %lld, 't4', %lld, DATE('%s') - INTERVAL 1 DAY, 'waiting', "
	    "0)", fx.client, fx.project, fx.s1, t, fx.client, fx.project,
	    fx.s1, t, fx.client, fx.project, fx.s1, t, fx.client, fx.project,
	    fx.s2, t);
	sql(s);
	snprintf(s, sizeof(s), "INSERT INTO milestones (client_id, "
	    "project_id, title, due_on, done_at, visible, created_at) VALUES "
	    "(%lld, %lld, 'm1', DATE('%s') - INTERVAL 10 DAY, NULL, 1, "
	    "DATE('%s') - INTERVAL 20 DAY), "
	    "(%lld, %lld, 'm2', DATE('%s') - INTERVAL 5 DAY, NULL, 1, "
	    "DATE('%s') - INTERVAL 20 DAY), "
	    "(%lld, %lld, 'm3', DATE('%s') + INTERVAL 10 DAY, NULL, 1, "
	    "DATE('%s') - INTERVAL 20 DAY), "
	    "(%lld, %lld, 'm4', DATE('%s') - INTERVAL 3 DAY, CONCAT('%s', "
	    "' 00:00:01'), 1, DATE('%s') - INTERVAL 20 DAY)",
	    fx.client, fx.project, t, t, fx.client, fx.project, t, t,
	    fx.client, fx.project, t, t, fx.client, fx.project, t, t, t);
	sql(s);
	snprintf(s, sizeof(s), "INSERT INTO approvals (client_id, project_id, "
	    "title, detail, status, visible, created_by, created_at, sent_at, "
	    "completed_at) VALUES "
	    "(%lld, %lld, 'a1', '', 'pending', 1, %lld, DATE('%s') - INTERVAL "
	    "1 DAY, CONCAT(DATE('%s') - INTERVAL 1 DAY, ' 12:00:00'), NULL), "
	    "(%lld, %lld, 'a2', '', 'pending', 1, %lld, DATE('%s') - INTERVAL "
	    "5 DAY, CONCAT(DATE('%s') - INTERVAL 5 DAY, ' 12:00:00'), NULL), "
	    "(%lld, %lld, 'a3', '', 'pending', 1, %lld, DATE('%s') - INTERVAL "
	    "10 DAY, CONCAT(DATE('%s') - INTERVAL 10 DAY, ' 12:00:00'), NULL), "
	    "(%lld, %lld, 'a4', '', 'approved', 1, %lld, DATE('%s') - INTERVAL "
	    "2 DAY, CONCAT(DATE('%s') - INTERVAL 2 DAY, ' 12:00:00'), "
	    "CONCAT('%s', ' 00:00:01')), "
	    "(%lld, %lld, 'a5', '', 'changes_requested', 1, %lld, DATE('%s') - "
	    "INTERVAL 2 DAY, CONCAT(DATE('%s') - INTERVAL 2 DAY, ' 12:00:00'), "
	    "CONCAT('%s', ' 00:00:01')), "
	    "(%lld, %lld, 'a6', '', 'pending', 0, %lld, DATE('%s') - INTERVAL "
	    "1 DAY, NULL, NULL)",
	    fx.client, fx.project, fx.s1, t, t,
	    fx.client, fx.project, fx.s1, t, t,
	    fx.client, fx.project, fx.s1, t, t,
	    fx.client, fx.project, fx.s1, t, t, t,
	    fx.client, fx.project, fx.s1, t, t, t,
	    fx.client, fx.project, fx.s1, t);
	sql(s);
	/* The contact signs in today. */
	a = tc_as(fx.contact_mail);
	tc_free(a);
	/* The period: the week to today. */
	{
		char	*out;

		snprintf(s, sizeof(s), "SELECT DATE('%s') - INTERVAL 6 DAY",
		    t);
		out = tc_sql(s);
		NEED(out != NULL);
		memcpy(fx.from, out, 10);
		fx.from[10] = '\0';
		free(out);
	}
	snprintf(fx.q, sizeof(fx.q), "period=custom&from=%s&to=%s&client=%lld",
	    fx.from, fx.today, fx.client);
}

/* GET path?fx.q&extra as b; asserts 200 and returns the body. */
static char *
page(struct tc_browser *b, const char *path, const char *extra)
{
	char		 url[512];
	struct tc_resp	*r;

	snprintf(url, sizeof(url), "%s%s%s%s%s", path, strchr(path, '?') ?
	    "&" : "?", fx.q, extra != NULL ? "&" : "", extra != NULL ?
	    extra : "");
	r = tc_get(b, url);
	ck_assert_msg(r->status == 200, "%s: %ld", url, r->status);
	return r->body;
}

/* Asserts the figure name=value of the page's XML. */
static void
figure(const char *xml, const char *name, const char *label,
    const char *value)
{
	char	 want[256];

	snprintf(want, sizeof(want), "<figure name=\"%s\" label=\"%s\" "
	    "value=\"%s\"", name, label, value);
	ck_assert_msg(strstr(xml, want) != NULL, "no %s in the page", want);
}

/* The text between a and b after p, malloc'd; *end after b. */
static char *
between(const char *p, const char *a, const char *b, const char **end)
{
	const char	*s, *e;
	char		*o;

	if ((s = strstr(p, a)) == NULL)
		return NULL;
	s += strlen(a);
	if ((e = strstr(s, b)) == NULL)
		return NULL;
	o = strndup(s, (size_t)(e - s));
	*end = e + strlen(b);
	return o;
}

/* XML text unescaped in place (&amp; &lt; &gt; &quot; &apos;). */
static void
unxml(char *s)
{
	static const char *const ent[][2] = { { "&amp;", "&" },
	    { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
	    { "&apos;", "'" }, { "&#39;", "'" } };
	char	*o = s;
	size_t	 i, n;

	while (*s != '\0') {
		for (i = 0; i < sizeof(ent) / sizeof(ent[0]); i++) {
			n = strlen(ent[i][0]);
			if (strncmp(s, ent[i][0], n) == 0)
				break;
		}
		if (i < sizeof(ent) / sizeof(ent[0])) {
			*o++ = ent[i][1][0];
			s += n;
		} else
			*o++ = *s++;
	}
	*o = '\0';
}

/* Appends cell to the CSV in buf the way RFC 4180 writes it. */
static void
csv_cell(char *buf, size_t sz, const char *cell, int first)
{
	size_t	 l = strlen(buf);
	int	 q = strpbrk(cell, ",\"\r\n") != NULL;
	const char *c;

	if (!first)
		buf[l++] = ',';
	if (q)
		buf[l++] = '"';
	for (c = cell; *c != '\0' && l + 4 < sz; c++) {
		if (*c == '"')
			buf[l++] = '"';
		buf[l++] = *c;
	}
	if (q)
		buf[l++] = '"';
	buf[l] = '\0';
}

/*
 * The CSV the table named tname of the XML page should export: its
 * columns' labels, then its cells, in a static buffer.
 */
static const char *
table_csv(const char *xml, const char *tname)
{
	static char	 buf[65536];
	char		 open[128], *tb, *v, *row;
	const char	*p, *e, *rp, *re;
	int		 first;

	snprintf(open, sizeof(open), "<table name=\"%s\"", tname);
	p = strstr(xml, open);
	ck_assert_msg(p != NULL, "no table %s", tname);
	tb = between(p, ">", "</table>", &e);
	ck_assert_ptr_nonnull(tb);
	buf[0] = '\0';
	first = 1;
	for (p = tb; (v = between(p, "<col ", "/>", &p)) != NULL; free(v)) {
		char	*l, *x;
		const char *q;

		l = between(v, "label=\"", "\"", &q);
		ck_assert_ptr_nonnull(l);
		unxml(l);
		csv_cell(buf, sizeof(buf), l, first);
		first = 0;
		free(l);
		(void)x;
	}
	strcat(buf, "\r\n");
	for (rp = tb; (row = between(rp, "<row>", "</row>", &rp)) != NULL;
	    free(row)) {
		first = 1;
		for (re = row; ; ) {
			const char *c = strstr(re, "<c");

			if (c == NULL)
				break;
			if (strncmp(c, "<c/>", 4) == 0) {
				csv_cell(buf, sizeof(buf), "", first);
				re = c + 4;
			} else {
				v = between(c, ">", "</c>", &re);
				ck_assert_ptr_nonnull(v);
				unxml(v);
				csv_cell(buf, sizeof(buf), v, first);
				free(v);
			}
			first = 0;
		}
		strcat(buf, "\r\n");
	}
	free(tb);
	return buf;
}

/* Asserts NAME.csv?table=T equals the table T of the XML page. */
static void
csv_is_table(struct tc_browser *b, const char *xml, const char *name,
    const char *tname)
{
	char		 url[512];
	struct tc_resp	*r;
	const char	*want = table_csv(xml, tname);

	snprintf(url, sizeof(url), "/staff/reports/%s.csv?table=%s&%s", name,
	    tname, fx.q);
	r = tc_get(b, url);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_header(r, "Content-Type") != NULL &&
	    strncmp(tc_header(r, "Content-Type"), "text/csv", 8) == 0,
	    "%s is not CSV", url);
	ck_assert_msg(strcmp(r->body, want) == 0, "%s:\n%s\nthe table:\n%s",
	    url, r->body, want);
}

START_TEST(overview_figures)
{
	struct tc_browser *b = tc_as(STAFF);
	const char	*x = page(b, "/staff/reports", "format=xml");

	figure(x, "tasks_open", "Open tasks", "3");
	figure(x, "tasks_overdue", "Overdue tasks", "2");
	figure(x, "milestones_open", "Open milestones", "3");
	figure(x, "milestones_overdue", "Overdue milestones", "2");
	figure(x, "milestones_done", "Milestones reached", "1");
	figure(x, "waiting", "Approvals waiting", "3");
	ck_assert_ptr_nonnull(strstr(x, "value=\"3\" note=\"1 for over a "
	    "week\""));
	figure(x, "approved", "Approved", "1");
	figure(x, "changes", "Changes requested", "1");
	figure(x, "signins", "Sign-ins", "1");
	figure(x, "people", "Contacts who signed in", "1");
	figure(x, "silent", "Clients without a sign-in", "0");
	figure(x, "active", "Active projects", "1");
	ck_assert_str_eq(table_csv(x, "items"), "Item,Open,Overdue\r\n"
	    "Tasks,3,2\r\nMilestones,3,2\r\n");
	ck_assert_str_eq(table_csv(x, "age"), "Waiting for,Approvals\r\n"
	    "under 3 days,1\r\n3 to 7 days,1\r\nover 7 days,1\r\n");
	/* The HTML page draws the charts and the tables. */
	x = page(b, "/staff/reports", NULL);
	ck_assert_ptr_nonnull(strstr(x, "<svg"));
	ck_assert_ptr_nonnull(strstr(x, "Download"));
	ck_assert_ptr_nonnull(strstr(x, fx.cname));
	tc_free(b);
}
END_TEST

START_TEST(csv_matches_every_table)
{
	struct tc_browser *b = tc_as(STAFF);
	const char	*x;
	char		*xml;

	xml = strdup(page(b, "/staff/reports", "format=xml"));
	csv_is_table(b, xml, "items", "items");
	csv_is_table(b, xml, "approvals", "age");
	csv_is_table(b, xml, "signins", "weeks");
	csv_is_table(b, xml, "projects", "status");
	free(xml);
	xml = strdup(page(b, "/staff/reports/workload", "format=xml"));
	csv_is_table(b, xml, "workload", "staff");
	free(xml);
	xml = strdup(page(b, "/staff/reports/health", "format=xml"));
	csv_is_table(b, xml, "health", "clients");
	free(xml);
	/* ?format=csv is the same export. */
	x = page(b, "/staff/reports/items", "format=csv&table=items");
	ck_assert_str_eq(x, "Item,Open,Overdue\r\nTasks,3,2\r\nMilestones,3,"
	    "2\r\n");
	tc_free(b);
}
END_TEST

/* The median of the team's loads, as the page prints it. */
static const char *
usual_load(long long nstaff, const char **over_by)
{
	static char	 m[32], by[32];
	double		 v[4096], med, t;
	long long	 i, j;

	ck_assert_int_lt(nstaff, 4096);
	for (i = 0; i < nstaff; i++)
		v[i] = 0;
	v[nstaff - 2] = 1;	/* s2 */
	v[nstaff - 1] = 4;	/* s1 */
	for (i = 0; i < nstaff; i++)
		for (j = i + 1; j < nstaff; j++)
			if (v[j] < v[i]) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	med = nstaff % 2 ? v[nstaff / 2] : (v[nstaff / 2 - 1] +
	    v[nstaff / 2]) / 2;
	snprintf(m, sizeof(m), med == (long long)med ? "%.0f" : "%.1f", med);
	t = 4 - med;
	snprintf(by, sizeof(by), t == (long long)t ? "over by %.0f" :
	    "over by %.1f", t);
	*over_by = 4 > med * 1.5 && 4 >= med + 3 ? by : "";
	return m;
}

START_TEST(workload_per_staff)
{
	struct tc_browser *b = tc_as(STAFF);
	const char	*x, *usual, *by;
	char		 want[512];
	long long	 n;

	x = page(b, "/staff/reports/workload", "format=xml");
	n = tc_sql_int("SELECT COUNT(*) FROM users WHERE role IN ('staff', "
	    "'admin') AND active = 1");
	usual = usual_load(n, &by);
	figure(x, "usual", "Usual load (median)", usual);
	x = table_csv(x, "staff");
	ck_assert_ptr_nonnull(strstr(x, "Staff member,Tasks due,Approvals "
	    "waiting,Meetings this week,Load,Over usual load\r\n"));
	/* s1: t1 due; a1..a3 waiting; s2: t4 due (t2 is due later). */
	snprintf(want, sizeof(want), "\r\n%s,1,3,0,4,%s\r\n", fx.s1name, by);
	ck_assert_msg(strstr(x, want) != NULL, "no %s in %s", want, x);
	ck_assert_str_ne(by, "");
	snprintf(want, sizeof(want), "\r\n%s,1,0,0,1,\r\n", fx.s2name);
	ck_assert_msg(strstr(x, want) != NULL, "no %s in %s", want, x);
	tc_free(b);
}
END_TEST

START_TEST(health_scores)
{
	struct tc_browser *b = tc_as(STAFF), *admin = tc_as(ADMIN);
	struct tc_resp	*r;
	const char	*x;
	char		 want[1024];

	/*
	 * This week: m1, m2 overdue (2 x 10 = 20 points); a1..a3 waiting
	 * (5 x (3 - 1) = 10); signed in today (0): 70.  The week before
	 * (to T-7): m1 overdue (10), a3 waiting (0): 90.  The weeks
	 * before that: 100.
	 */
	x = page(b, "/staff/reports/health", "format=xml");
	figure(x, "clients", "Clients", "1");
	figure(x, "average", "Average score", "70");
	figure(x, "fell", "Clients whose score fell", "1");
	x = table_csv(x, "clients");
	snprintf(want, sizeof(want), "Client,Score,Previous period,Change,"
	    "Overdue milestones,Overdue milestones (points),Approvals waiting "
	    "on the client,Approvals waiting on the client (points),"
	    "Unanswered client messages,Unanswered client messages (points),"
	    "Overdue invoices,Overdue invoices (points),Days since a contact "
	    "signed in,Days since a contact signed in (points),SLA breaches,"
	    "SLA breaches (points),Explained by,Score over the last periods"
	    "\r\n%s,70,90,-20,2,20,3,10,0,0,0,0,0,0,0,0,Overdue "
	    "milestones 2 (-20); Approvals waiting on the client 3 (-10),"
	    "100 100 100 100 90 70\r\n", fx.cname);
	ck_assert_str_eq(x, want);

	/* Staff may not change the factors; an admin may. */
	r = tc_get(b, "/staff/reports/health/factors");
	ck_assert_int_ne(r->status, 200);
	r = tc_get(admin, "/staff/reports/health/factors");
	ck_assert_int_eq(r->status, 200);
	r = tc_post(admin, "/staff/reports/health/factors", "name",
	    "approvals_waiting", "weight", "-1", "allow", "1", "cap", "25",
	    NULL);
	ck_assert_int_ne(r->status, 303);
	r = tc_post(admin, "/staff/reports/health/factors", "name",
	    "approvals_waiting", "weight", "2", "allow", "1", "cap", "25",
	    NULL);
	ck_assert_int_eq(r->status, 303);
	x = table_csv(page(b, "/staff/reports/health", "format=xml"),
	    "clients");
	snprintf(want, sizeof(want), "\r\n%s,76,90,-14,2,20,3,4,", fx.cname);
	ck_assert_msg(strstr(x, want) != NULL, "no %s in %s", want, x);
	sql("DELETE FROM report_factors WHERE name = 'approvals_waiting'");
	tc_free(b);
	tc_free(admin);
}
END_TEST

/* path, read by b, must answer status want. */
static void
status_is(struct tc_browser *b, const char *path, long want)
{
	long	 st = tc_get(b, path)->status;

	ck_assert_msg(st == want, "%s: %ld, want %ld", path, st, want);
}

START_TEST(bad_input)
{
	struct tc_browser *b = tc_as(STAFF);
	struct tc_resp	*r;

	r = tc_get(b, "/staff/reports?period=custom&from=2026-02-30&to=x");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Give both dates as YYYY-MM-DD."));
	r = tc_get(b, "/staff/reports?period=custom&from=2026-03-02&"
	    "to=2026-03-01");
	ck_assert(tc_has(r, "The first day comes after the last."));
	r = tc_get(b, "/staff/reports?period=custom&from=2020-01-01&"
	    "to=2026-03-01");
	ck_assert(tc_has(r, "A period is at most 366 days."));
	status_is(b, "/staff/reports/items.csv?period=custom&from=x&to=y", 400);
	status_is(b, "/staff/reports?client=999999999", 404);
	status_is(b, "/staff/reports?client=abc", 404);
	status_is(b, "/staff/reports/nosuchpanel.csv", 404);
	status_is(b, "/staff/reports/items.csv?table=nosuch", 404);
	status_is(b, "/staff/reports/items", 404);
	r = tc_get(b, "/staff/reports/..%2fx.csv");
	ck_assert(r->status == 404 || r->status == 400);
	/* Each period reads. */
	status_is(b, "/staff/reports?period=last-month", 200);
	status_is(b, "/staff/reports/workload?period=quarter", 200);
	status_is(b, "/staff/reports/health?period=month", 200);
	tc_free(b);
}
END_TEST

START_TEST(contact_gets_404)
{
	static const char *const paths[] = {
		"/staff/reports", "/staff/reports/workload",
		"/staff/reports/health", "/staff/reports/health/factors",
		"/staff/reports/items.csv", "/staff/reports/health.csv",
		"/staff/reports/workload.csv", "/staff/reports/meetings.csv",
		"/staff/reports/payments.csv", "/staff/reports/items",
	};
	struct tc_browser *c = tc_as(fx.contact_mail);
	struct tc_resp	*r;
	char		 url[256];
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		r = tc_get(c, paths[i]);
		ck_assert_msg(r->status == 404, "%s: %ld", paths[i],
		    r->status);
		snprintf(url, sizeof(url), "%s?format=xml&client=%lld",
		    paths[i], fx.client);
		r = tc_get(c, url);
		ck_assert_msg(r->status == 404 && !tc_has(r, "<figure"),
		    "%s: %ld", url, r->status);
		snprintf(url, sizeof(url), "%s?format=csv", paths[i]);
		r = tc_get(c, url);
		ck_assert_msg(r->status == 404, "%s: %ld", url, r->status);
	}
	r = tc_post(c, "/staff/reports/health/factors", "name",
	    "approvals_waiting", "weight", "0", "allow", "0", "cap", "0",
	    NULL);
	ck_assert_int_eq(r->status, 404);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM report_factors "
	    "WHERE name = 'approvals_waiting' AND weight = 0"), 0);
	tc_free(c);
}
END_TEST

/*
 * The CSV at url, read by b, must answer 200 and hold want (a whole line
 * with its line ends).
 */
static void
csv_has(struct tc_browser *b, const char *url, const char *want)
{
	struct tc_resp	*r = tc_get(b, url);

	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strstr(r->body, want) != NULL, "no %s in %s", want,
	    r->body);
}

/*
 * Unanswered client messages, for a client of its own with five threads
 * (T: today): A, the contact wrote on T-10; B, the contact on T-10 and
 * staff answered on T-9; C, the contact on T-10 and staff added only an
 * internal note on T-9; D, the contact wrote today (not a working day
 * old yet); E, only staff wrote.  A and C count: 2 threads x 5 = 10
 * points, this week and the week before (to T-7: A and C again); the
 * weeks before, none existed.
 */
START_TEST(unanswered_messages)
{
	struct tc_browser *b = tc_as(STAFF);
	long long	 client, contact;
	char		 mail[128], s[2048], url[512], want[1024], *name;
	const char	*t = fx.today;
	static const char *const th[] = { "A", "B", "C", "D", "E" };
	size_t		 i;

	contact = tc_make_client_contact("rpm", &client, mail, sizeof(mail));
	snprintf(s, sizeof(s), "SELECT name FROM clients WHERE id = %lld",
	    client);
	name = tc_sql(s);
	ck_assert_ptr_nonnull(name);
	name[strcspn(name, "\r\n")] = '\0';
	for (i = 0; i < sizeof(th) / sizeof(th[0]); i++) {
		snprintf(s, sizeof(s), "INSERT INTO message_threads (client_id, "
		    "subject, created_by, created_at, last_at, last_public_at) "
		    "VALUES (%lld, 'rpm-%s-%s', %lld, CONCAT(DATE('%s') - "
		    "INTERVAL %d DAY, ' 12:00:00'), NOW(), NOW())", client, th[i],
		    tc_tag(), contact, t, i == 3 ? 0 : 10);
		sql(s);
	}
	/* Thread X's message by user u, internal, d days before today. */
#define MSG(x, u, internal, d) do {					\
	snprintf(s, sizeof(s), "INSERT INTO messages (thread_id, client_id, "\
	    "user_id, body, internal, created_at) SELECT id, client_id, "	\
	    "%lld, 'x', %d, CONCAT(DATE('%s') - INTERVAL %d DAY, "		\
	    "' 12:00:00') FROM message_threads WHERE subject = "		\
	    "'rpm-%s-%s'", (long long)(u), (internal), t, (d), (x),	\
	    tc_tag());							\
	sql(s);								\
} while (0)
	MSG("A", contact, 0, 10);
	MSG("B", contact, 0, 10);
	MSG("B", fx.s1, 0, 9);
	MSG("C", contact, 0, 10);
	MSG("C", fx.s1, 1, 9);
	MSG("D", contact, 0, 0);
	MSG("E", fx.s1, 0, 10);
#undef MSG
	snprintf(url, sizeof(url), "/staff/reports/health.csv?table=clients&"
	    "period=custom&from=%s&to=%s&client=%lld", fx.from, t, client);
	snprintf(want, sizeof(want), "\r\n%s,90,90,0,0,0,0,0,2,10,0,0,0,0,0,"
	    "0,Unanswered client messages 2 (-10),100 100 100 100 90 90\r\n",
	    name);
	csv_has(b, url, want);
	/* Staff answer A: only C is left. */
	snprintf(s, sizeof(s), "INSERT INTO messages (thread_id, client_id, "
	    "user_id, body, internal, created_at) SELECT id, client_id, %lld, "
	    "'x', 0, NOW() FROM message_threads WHERE subject = 'rpm-A-%s'",
	    fx.s1, tc_tag());
	sql(s);
	snprintf(want, sizeof(want), "\r\n%s,95,90,+5,0,0,0,0,1,5,0,0,0,0,0,"
	    "0,Unanswered client messages 1 (-5),100 100 100 100 90 95\r\n",
	    name);
	csv_has(b, url, want);
	free(name);
	tc_free(b);
}
END_TEST

/*
 * Days since a contact signed in, over the six periods: a client made
 * 40 days ago whose contact never signed in has 40 - 7k days in week k
 * back: 26, 19, 12, 5, 0, 0 points over the 14 days allowed (at most 30).
 */
START_TEST(signin_days)
{
	struct tc_browser *b = tc_as(STAFF);
	long long	 client;
	char		 mail[128], s[512], url[512], want[512], *name;

	(void)tc_make_client_contact("rpd", &client, mail, sizeof(mail));
	snprintf(s, sizeof(s), "UPDATE clients SET created_at = CONCAT("
	    "DATE('%s') - INTERVAL 40 DAY, ' 09:00:00') WHERE id = %lld",
	    fx.today, client);
	sql(s);
	snprintf(s, sizeof(s), "SELECT name FROM clients WHERE id = %lld",
	    client);
	name = tc_sql(s);
	ck_assert_ptr_nonnull(name);
	name[strcspn(name, "\r\n")] = '\0';
	snprintf(url, sizeof(url), "/staff/reports/health.csv?table=clients&"
	    "period=custom&from=%s&to=%s&client=%lld", fx.from, fx.today,
	    client);
	snprintf(want, sizeof(want), "\r\n%s,74,81,-7,0,0,0,0,0,0,0,0,40,26,"
	    "0,0,Days since a contact signed in 40 (-26),100 100 95 88 81 74"
	    "\r\n",
	    name);
	csv_has(b, url, want);
	free(name);
	tc_free(b);
}
END_TEST

/*
 * The milestones of client's active projects by date due and day
 * reached ("due/reached/count,..."), counted live (live 1) or read from
 * the summary the triggers keep (live 0); the caller frees.
 */
static char *
ms_days(long long client, int live)
{
	char	 s[1024], *out;

	if (live)
		snprintf(s, sizeof(s), "SELECT COALESCE(GROUP_CONCAT(CONCAT("
		    "due_on, '/', done_on, '/', n) ORDER BY due_on, done_on), "
		    "'-') FROM (SELECT m.due_on, COALESCE(DATE(m.done_at), "
		    "'9999-12-31') AS done_on, COUNT(*) AS n FROM milestones m "
		    "JOIN projects p ON p.id = m.project_id AND p.status = "
		    "'active' WHERE m.client_id = %lld GROUP BY m.due_on, "
		    "done_on) t", client);
	else
		snprintf(s, sizeof(s), "SELECT COALESCE(GROUP_CONCAT(CONCAT("
		    "due_on, '/', done_on, '/', n) ORDER BY due_on, done_on), "
		    "'-') FROM report_milestone_days WHERE client_id = %lld "
		    "AND n <> 0", client);
	out = tc_sql(s);
	NEED(out != NULL);
	out[strcspn(out, "\r\n")] = '\0';
	return out;
}

/*
 * Posts the milestone form at url as b (title, due_on, and done=1 when
 * done is set) with a fresh form token: it must answer 303.
 */
static void
ms_post(struct tc_browser *b, const char *url, const char *title,
    const char *due, int done)
{
	struct tc_resp	*r;

	tc_get(b, "/staff/projects");	/* the form's token */
	r = tc_post(b, url, "title", title, "due_on", due, done ? "done" :
	    NULL, "1", NULL);
	ck_assert_msg(r->status == 303, "%s: %ld", url, r->status);
}

/* Asserts that the kept summary equals the live count, and is want. */
static void
ms_same(long long client, const char *want, const char *step)
{
	char	*live = ms_days(client, 1), *kept = ms_days(client, 0);

	ck_assert_msg(strcmp(live, kept) == 0, "%s: live %s, kept %s", step,
	    live, kept);
	ck_assert_msg(strcmp(live, want) == 0, "%s: %s, not %s", step, live,
	    want);
	free(live);
	free(kept);
}

/* The id of client's milestone titled title. */
static long long
ms_id(long long client, const char *title)
{
	char	 s[512];

	snprintf(s, sizeof(s), "SELECT id FROM milestones WHERE client_id = "
	    "%lld AND title = '%s'", client, title);
	return tc_sql_int(s);
}

/* The day milestone id was reached ("YYYY-MM-DD", static). */
static const char *
ms_reached(long long id)
{
	static char	 day[16];
	char		 s[256], *v;

	snprintf(s, sizeof(s), "SELECT DATE(done_at) FROM milestones WHERE "
	    "id = %lld", id);
	v = tc_sql(s);
	NEED(v != NULL);
	snprintf(day, sizeof(day), "%.10s", v);
	free(v);
	return day;
}

/*
 * The overdue milestones' summary (report_milestone_days) stays equal to
 * the milestones after every kind of change: added, moved, reached,
 * reopened and deleted through the hub's forms; added and moved by SQL
 * as imports and the cases plugin do (a joined UPDATE); moved to another
 * project; a project leaving "active", coming back and being deleted
 * (its milestones go by the cascade).  The health factor reads it.
 */
START_TEST(milestone_summary)
{
	struct tc_browser *b = tc_as(STAFF);
	struct tc_resp	*r;
	long long	 client, p1, p2, m;
	char		 mail[128], s[1024], url[256], want[512], name[96];
	char		 d10[16], d5[16], d3[16], d20[16], *v;

	(void)tc_make_client_contact("rpm", &client, mail, sizeof(mail));
	snprintf(name, sizeof(name), "Rpm One %s", tc_tag());
	p1 = tc_make_project(client, name);
	snprintf(name, sizeof(name), "Rpm Two %s", tc_tag());
	p2 = tc_make_project(client, name);
	snprintf(s, sizeof(s), "SELECT CONCAT_WS(' ', DATE('%s') - INTERVAL "
	    "10 DAY, DATE('%s') - INTERVAL 5 DAY, DATE('%s') - INTERVAL 3 "
	    "DAY, DATE('%s') + INTERVAL 20 DAY)", fx.today, fx.today,
	    fx.today, fx.today);
	v = tc_sql(s);
	NEED(v != NULL && sscanf(v, "%15s %15s %15s %15s", d10, d5, d3,
	    d20) == 4);
	free(v);
	ms_same(client, "-", "nothing yet");

	/* The hub's forms: add two, move one, reach one, reopen it. */
	snprintf(url, sizeof(url), "/staff/projects/%lld/milestones", p1);
	ms_post(b, url, "k1", d10, 0);
	ms_post(b, url, "k2", d20, 0);
	snprintf(want, sizeof(want), "%s/9999-12-31/1,%s/9999-12-31/1", d10,
	    d20);
	ms_same(client, want, "added by the form");
	m = ms_id(client, "k2");
	snprintf(url, sizeof(url), "/staff/milestones/%lld", m);
	ms_post(b, url, "k2", d5, 0);
	snprintf(want, sizeof(want), "%s/9999-12-31/1,%s/9999-12-31/1", d10,
	    d5);
	ms_same(client, want, "moved by the form");
	ms_post(b, url, "k2", d5, 1);
	snprintf(want, sizeof(want), "%s/9999-12-31/1,%s/%s/1", d10, d5,
	    ms_reached(m));
	ms_same(client, want, "reached by the form");
	ms_post(b, url, "k2", d5, 0);
	snprintf(want, sizeof(want), "%s/9999-12-31/1,%s/9999-12-31/1", d10,
	    d5);
	ms_same(client, want, "reopened by the form");

	/*
	 * Overdue on today and the day before (a period of one day): both,
	 * 2 x 10 points.
	 */
	snprintf(url, sizeof(url), "/staff/reports/health.csv?table=clients&"
	    "period=custom&from=%s&to=%s&client=%lld", fx.today, fx.today,
	    client);
	r = tc_get(b, url);
	ck_assert_int_eq(r->status, 200);
	v = strstr(r->body, "\r\n");
	ck_assert_ptr_nonnull(v);
	v = strchr(v + 2, ',');		/* the client's name has none */
	ck_assert_ptr_nonnull(v);
	ck_assert_msg(strncmp(v, ",80,80,0,2,20,", 14) == 0, "%s", r->body);

	/* As imports and the cases plugin write: plain and joined SQL. */
	snprintf(s, sizeof(s), "INSERT INTO milestones (client_id, "
	    "project_id, title, due_on, visible) VALUES (%lld, %lld, 'k3', "
	    "'%s', 1)", client, p2, d3);
	sql(s);
	snprintf(s, sizeof(s), "UPDATE milestones ms JOIN projects p ON "
	    "p.id = ms.project_id SET ms.due_on = '%s' WHERE ms.client_id = "
	    "%lld AND ms.title = 'k1'", d20, client);
	sql(s);
	snprintf(want, sizeof(want), "%s/9999-12-31/1,%s/9999-12-31/1,"
	    "%s/9999-12-31/1", d5, d3, d20);
	ms_same(client, want, "written by SQL");

	/* Moved to the other project, which then stops being active. */
	snprintf(s, sizeof(s), "UPDATE milestones SET project_id = %lld "
	    "WHERE id = %lld", p2, m);
	sql(s);
	ms_same(client, want, "moved to another project");
	snprintf(s, sizeof(s), "UPDATE projects SET status = 'on_hold' "
	    "WHERE id = %lld", p2);
	sql(s);
	snprintf(want, sizeof(want), "%s/9999-12-31/1", d20);
	ms_same(client, want, "its project on hold");
	snprintf(s, sizeof(s), "UPDATE milestones SET done_at = "
	    "UTC_TIMESTAMP() WHERE id = %lld", m);
	sql(s);
	ms_same(client, want, "reached while on hold");
	snprintf(s, sizeof(s), "UPDATE projects SET status = 'active' "
	    "WHERE id = %lld", p2);
	sql(s);
	snprintf(want, sizeof(want), "%s/%s/1,%s/9999-12-31/1,"
	    "%s/9999-12-31/1", d5, ms_reached(m), d3, d20);
	ms_same(client, want, "its project active again");

	/* Deleted: one by the form, then a project with its milestones. */
	snprintf(url, sizeof(url), "/staff/milestones/%lld/delete",
	    ms_id(client, "k1"));
	tc_get(b, "/staff/projects");	/* the form's token */
	r = tc_post(b, url, NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(want, sizeof(want), "%s/%s/1,%s/9999-12-31/1", d5,
	    ms_reached(m), d3);
	ms_same(client, want, "deleted by the form");
	snprintf(s, sizeof(s), "DELETE FROM projects WHERE id = %lld", p2);
	sql(s);
	ms_same(client, "-", "its project deleted");
	tc_free(b);
}
END_TEST

/* The count of weekly summaries admin has. */
static long long
weekly_count(long long admin)
{
	return tc_sql_intf("SELECT COUNT(*) FROM notifications WHERE "
	    "user_id = %lld AND kind = 'reports.weekly'", admin);
}

/* Runs the job runner twice at once, one of them for the job by name. */
static void
jobs_run_twice(void)
{
	char	 cmd[4096];

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run "
	    ">/dev/null 2>&1 & '%s/bin/atriumctl' -c '%s' jobs run "
	    "reports.weekly >/dev/null 2>&1 & '%s/bin/atriumctl' -c '%s' jobs "
	    "run >/dev/null 2>&1; wait", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"));
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * The weekly summary goes out on its weekday and hour (site's time), once
 * per slot: the admin sets today's weekday at 00:00, so the slot is
 * today; three runners at once send one summary per admin; more runs
 * send nothing; a day moved earlier does not send again; a runner that
 * missed the hour (yesterday's slot, nothing sent) sends at its run.
 */
START_TEST(weekly_summary)
{
	struct tc_browser *admin_b = tc_as(ADMIN), *staff_b = tc_as(STAFF);
	struct tc_resp	*r;
	long long	 admin, before, wd;
	char		 s[512], day[24], *body, *v;

	ck_assert_ptr_nonnull(getenv("ATRIUM_TEST_PREFIX"));
	admin = tc_sql_int("SELECT id FROM users WHERE email = '" ADMIN "'");
	snprintf(s, sizeof(s), "SELECT WEEKDAY('%s') + 1", fx.today);
	v = tc_sql(s);
	ck_assert_ptr_nonnull(v);
	wd = atoll(v);
	free(v);
	/* Only an admin sets the time, and only a weekday and an hour. */
	snprintf(day, sizeof(day), "%lld", wd);
	r = tc_get(admin_b, "/staff/reports/health/factors");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Weekly summary"));
	ck_assert_int_eq(tc_get(staff_b, "/staff/reports")->status, 200);
	r = tc_post(staff_b, "/staff/reports/health/weekly", "weekday", day,
	    "hour", "0", NULL);
	ck_assert_int_eq(r->status, 403);
	r = tc_post(admin_b, "/staff/reports/health/weekly", "weekday", "8",
	    "hour", "0", NULL);
	ck_assert_int_eq(r->status, 400);
	r = tc_post(admin_b, "/staff/reports/health/weekly", "weekday", day,
	    "hour", "24", NULL);
	ck_assert_int_eq(r->status, 400);
	r = tc_post(admin_b, "/staff/reports/health/weekly", "weekday", day,
	    "hour", "0", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM report_schedule "
	    "WHERE weekday = %lld AND hour = 0", wd), 1);
	r = tc_get(admin_b, "/staff/reports/health/factors");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Weekly summary"));

	sql("DELETE FROM report_weekly");
	before = weekly_count(admin);
	jobs_run_twice();
	ck_assert_int_eq(weekly_count(admin), before + 1);
	snprintf(s, sizeof(s), "SELECT COUNT(*) FROM report_weekly WHERE "
	    "slot = '%s'", fx.today);
	ck_assert_int_eq(tc_sql_int(s), 1);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM report_weekly"), 1);
	/* Staff who are not admins get none. */
	ck_assert_int_eq(weekly_count(fx.s1), 0);
	/* The seven days before the slot. */
	snprintf(s, sizeof(s), "SELECT CONCAT(subject, '|', body) FROM "
	    "notifications WHERE user_id = %lld AND kind = 'reports.weekly' "
	    "ORDER BY id DESC LIMIT 1", admin);
	body = tc_sql(s);
	ck_assert_ptr_nonnull(body);
	ck_assert_msg(strstr(body, "Open tasks") != NULL && (strstr(body,
	    "Health fell most:") != NULL || strstr(body, "No client") !=
	    NULL), "summary: %s", body);
	free(body);
	snprintf(s, sizeof(s), "SELECT COUNT(*) FROM notifications WHERE "
	    "user_id = %lld AND kind = 'reports.weekly' AND subject = "
	    "CONCAT('Weekly summary, ', DATE('%s') - INTERVAL 7 DAY, ' to ', "
	    "DATE('%s') - INTERVAL 1 DAY)", admin, fx.today, fx.today);
	ck_assert_int_ge(tc_sql_int(s), 1);
	/* Not again for the same slot, however often the runner runs. */
	jobs_run_twice();
	ck_assert_int_eq(tc_jobs_run(""), 0);
	ck_assert_int_eq(weekly_count(admin), before + 1);
	/* Yesterday's weekday: that slot is older than the one sent. */
	snprintf(day, sizeof(day), "%lld", wd == 1 ? 7 : wd - 1);
	r = tc_post(admin_b, "/staff/reports/health/weekly", "weekday", day,
	    "hour", "0", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_jobs_run(""), 0);
	ck_assert_int_eq(weekly_count(admin), before + 1);
	/* A runner that missed yesterday's hour sends at its next run. */
	sql("DELETE FROM report_weekly");
	ck_assert_int_eq(tc_jobs_run(""), 0);
	ck_assert_int_eq(weekly_count(admin), before + 2);
	snprintf(s, sizeof(s), "SELECT COUNT(*) FROM report_weekly WHERE "
	    "slot = DATE('%s') - INTERVAL 1 DAY", fx.today);
	ck_assert_int_eq(tc_sql_int(s), 1);
	ck_assert_int_eq(tc_jobs_run(""), 0);
	ck_assert_int_eq(weekly_count(admin), before + 2);
	/* Back to the default, Monday 07:00. */
	r = tc_post(admin_b, "/staff/reports/health/weekly", "weekday", "1",
	    "hour", "7", NULL);
	ck_assert_int_eq(r->status, 303);
	tc_free(admin_b);
	tc_free(staff_b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	setup_once();
	s = suite_create("reports");
	tc = tcase_create("reports");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, overview_figures);
	tcase_add_test(tc, csv_matches_every_table);
	tcase_add_test(tc, workload_per_staff);
	tcase_add_test(tc, health_scores);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, contact_gets_404);
	tcase_add_test(tc, weekly_summary);
	tcase_add_test(tc, unanswered_messages);
	tcase_add_test(tc, signin_days);
	tcase_add_test(tc, milestone_summary);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
