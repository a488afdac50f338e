/*
 * The reports area (/staff/reports, staff only): the Overview draws every
 * registered report panel, Workload totals the registered workload
 * columns per staff member, Client health scores each client from the
 * registered health factors; every table exports as CSV with the same
 * cells, and a weekly summary goes to admins.  The core knows none of
 * the modules' tables: all figures come through the extension points
 * (atrium/extend.h, docs/reports.md).
 *
 * Pages: reports, reports-workload, reports-health, reports-factors.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/reports.h"

#define RP_MAX_DAYS	366	/* the longest custom period */
#define RP_HISTORY	6	/* periods in a client's sparkline */
#define RP_FALLS	5	/* clients in the weekly mail */

/* The period and client a report page or CSV asked for. */
struct rp {
	const char	*period;	/* month, last-month, quarter, custom */
	const char	*from, *to;	/* YYYY-MM-DD, both included */
	long		 dfrom, dto;	/* the same as day numbers */
	long long	 client;	/* 0: all */
	const char	*client_name;
};

/* Day number (days since 1970-01-01) of "YYYY-MM-DD"; -1 when bad. */
static long
rp_day(const char *s)
{
	struct tm	 tm;
	int		 y, m, d;
	char		 tail;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	if (timegm(&tm) == (time_t)-1 || tm.tm_mday != d)
		return -1;	/* normalised: 31 April is not a day */
	return (long)(timegm(&tm) / 86400);
}

/* "YYYY-MM-DD" of day number day, in pool. */
static const char *
rp_date(struct at_pool *pool, long day)
{
	struct tm	 tm;
	time_t		 t = (time_t)day * 86400 + 43200;
	char		 buf[16];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return at_pstrdup(pool, buf);
}

/* A number as short text: "3", "2.5". */
static const char *
rp_num(struct at_pool *pool, double v)
{
	if (v == floor(v))
		return at_pprintf(pool, "%.0f", v);
	return at_pprintf(pool, "%.1f", v);
}

/*
 * Reads the period from the query into *p, relative to today (the
 * site's day): "month", "last-month", "quarter" or "custom" (from, to).
 * Returns 0, or -1 with *err set when the custom dates are bad (p then
 * holds this month).
 */
static int
rp_period_of(struct at_req *req, const char *today, struct rp *p,
    const char **err)
{
	const char	*per = at_query(req, "period");
	long		 t = rp_day(today);
	int		 y, m, d, qm;

	*err = NULL;
	sscanf(today, "%4d-%2d-%2d", &y, &m, &d);
	p->period = "month";
	p->from = at_pprintf(req->pool, "%04d-%02d-01", y, m);
	p->to = rp_date(req->pool, (m == 12 ? rp_day(at_pprintf(req->pool,
	    "%04d-01-01", y + 1)) : rp_day(at_pprintf(req->pool,
	    "%04d-%02d-01", y, m + 1))) - 1);
	if (per == NULL || *per == '\0' || strcmp(per, "month") == 0) {
		/* this month */
	} else if (strcmp(per, "last-month") == 0) {
		p->period = "last-month";
		p->to = rp_date(req->pool, rp_day(p->from) - 1);
		p->from = at_pprintf(req->pool, "%.7s-01", p->to);
	} else if (strcmp(per, "quarter") == 0) {
		p->period = "quarter";
		qm = (m - 1) / 3 * 3 + 1;
		p->from = at_pprintf(req->pool, "%04d-%02d-01", y, qm);
		p->to = rp_date(req->pool, (qm == 10 ?
		    rp_day(at_pprintf(req->pool, "%04d-01-01", y + 1)) :
		    rp_day(at_pprintf(req->pool, "%04d-%02d-01", y, qm + 3)))
		    - 1);
	} else if (strcmp(per, "custom") == 0) {
		const char *f = at_query(req, "from"), *o = at_query(req, "to");
		long	 df = rp_day(f), dt = rp_day(o);

		if (df < 0 || dt < 0)
			*err = "Give both dates as YYYY-MM-DD.";
		else if (df > dt)
			*err = "The first day comes after the last.";
		else if (dt - df + 1 > RP_MAX_DAYS)
			*err = "A period is at most 366 days.";
		else {
			p->period = "custom";
			p->from = at_pstrdup(req->pool, f);
			p->to = at_pstrdup(req->pool, o);
		}
	} else
		*err = "Choose a period.";
	(void)t;
	p->dfrom = rp_day(p->from);
	p->dto = rp_day(p->to);
	return *err != NULL ? -1 : 0;
}

/*
 * The period and client of the request into *p.  Returns 0, 400 (bad
 * dates: *err says why, the page shows this month), 404 (no such
 * client) or 500/503.
 */
static int
rp_read(struct at_req *req, struct rp *p, const char **err)
{
	struct at_rows	*r;
	const char	*c = at_query(req, "client");
	int		 rc = 0;

	memset(p, 0, sizeof(*p));
	if (rp_period_of(req, at_today(req->pool), p, err) == -1)
		rc = 400;
	if (c != NULL && *c != '\0' && strcmp(c, "0") != 0) {
		if (at_strtoll(c, &p->client) != 0 || p->client <= 0)
			return 404;
		r = at_db_select(req->db, req->pool, "SELECT name FROM clients "
		    "WHERE id = ?", "I", p->client);
		if (r == NULL)
			return at_db_gone(req->db) ? 503 : 500;
		if (r->n == 0)
			return 404;
		p->client_name = at_row(r, 0, "name");
	}
	return rc;
}

/*
 * The page's <reports page period from to client> with the client list
 * for the filter; the node under which the page's panels go.
 */
static xmlNodePtr
rp_page(struct at_req *req, const char *id, const char *title,
    const char *page, const struct rp *p, const char *err)
{
	struct at_rows	*cl;
	xmlNodePtr	 c, r;

	at_page_id(req, id);
	at_page_title(req, title);
	c = at_page_content(req);
	r = at_x(c, "reports", NULL);
	at_xa(r, "page", page);
	at_xa(r, "period", p->period);
	at_xa(r, "from", p->from);
	at_xa(r, "to", p->to);
	at_xaf(r, "client", "%lld", p->client);
	at_xa(r, "today", at_today(req->pool));
	if (p->client_name != NULL)
		at_xa(r, "client-name", p->client_name);
	if (err != NULL) {
		at_xa(r, "error", err);
		at_xa(r, "custom-from", at_query(req, "from"));
		at_xa(r, "custom-to", at_query(req, "to"));
	}
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (cl != NULL)
		at_x_rows(c, "clients", "client", cl);
	return at_x(c, "panels", NULL);
}

/* ---- CSV ---- */

/* A growing text buffer in a pool. */
struct rp_buf {
	struct at_pool	*pool;
	char		*s;
	size_t		 len, cap;
};

static void
rp_put(struct rp_buf *b, const char *s, size_t n)
{
	char	*o;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2 + 256;
		o = at_palloc(b->pool, b->cap);
		if (b->len > 0)
			memcpy(o, b->s, b->len);
		b->s = o;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Whether s is all one number ("-3", "+2", "4.5"). */
static int
rp_is_number(const char *s)
{
	char	*end;

	if (*s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0' && end != s;
}

/*
 * One CSV cell: quoted when it holds a comma, quote or line break
 * (quotes doubled); a leading = + - @ that does not start a number gets
 * a ' so a spreadsheet does not run it as a formula.
 */
static void
rp_csv_cell(struct rp_buf *b, const char *s)
{
	const char	*q;
	int		 quote;

	if (s == NULL)
		s = "";
	if ((*s == '=' || *s == '+' || *s == '-' || *s == '@') &&
	    !rp_is_number(s))
		rp_put(b, "'", 1);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		rp_put(b, "\"", 1);
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			rp_put(b, "\"", 1);
		rp_put(b, q, 1);
	}
	if (quote)
		rp_put(b, "\"", 1);
}

/* See hub/reports.h. */
char *
hub_rp_csv(struct at_pool *pool, xmlNodePtr table, size_t *len)
{
	struct rp_buf	 b;
	xmlNodePtr	 n, c;
	xmlChar		*v;
	int		 first;

	memset(&b, 0, sizeof(b));
	b.pool = pool;
	rp_put(&b, "", 0);
	first = 1;
	for (n = table->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, BAD_CAST "col"))
			continue;
		if (!first)
			rp_put(&b, ",", 1);
		first = 0;
		v = xmlGetProp(n, BAD_CAST "label");
		rp_csv_cell(&b, (const char *)v);
		xmlFree(v);
	}
	rp_put(&b, "\r\n", 2);
	for (n = table->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, BAD_CAST "row"))
			continue;
		first = 1;
		for (c = n->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!first)
				rp_put(&b, ",", 1);
			first = 0;
			v = xmlNodeGetContent(c);
			rp_csv_cell(&b, (const char *)v);
			xmlFree(v);
		}
		rp_put(&b, "\r\n", 2);
	}
	*len = b.len;
	return b.s;
}

/* The <table name=name> of the panels under parent, or NULL. */
static xmlNodePtr
rp_find_table(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 p, t;
	xmlChar		*v;
	int		 eq;

	for (p = parent->children; p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		for (t = p->children; t != NULL; t = t->next) {
			if (t->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(t->name, BAD_CAST "table"))
				continue;
			if (name == NULL || *name == '\0')
				return t;
			v = xmlGetProp(t, BAD_CAST "name");
			eq = v != NULL && strcmp((char *)v, name) == 0;
			xmlFree(v);
			if (eq)
				return t;
		}
	}
	return NULL;
}

/*
 * Sends table (the first when name is NULL) of the panels under parent
 * as CSV, named file-table.csv; 404 when there is no such table.
 */
static int
rp_send_csv(struct at_req *req, xmlNodePtr parent, const char *file,
    const char *name, const struct rp *p)
{
	xmlNodePtr	 t;
	xmlChar		*tn;
	char		*csv;
	size_t		 len;

	if ((t = rp_find_table(parent, name)) == NULL)
		return 404;
	csv = hub_rp_csv(req->pool, t, &len);
	tn = xmlGetProp(t, BAD_CAST "name");
	at_resp_header(req, "Content-Disposition", at_pprintf(req->pool,
	    "attachment; filename=\"%s-%s-%s-%s.csv\"", file, tn != NULL ?
	    (char *)tn : "table", p->from, p->to));
	xmlFree(tn);
	return at_send(req, 200, "text/csv; charset=utf-8", csv, len);
}

/* ---- charts: the geometry the skin draws ---- */

#define CH_W	300	/* a chart's drawing box: CH_W x CH_H */
#define CH_H	100
#define CH_MAXS	8	/* series a chart draws at most */

/*
 * The <col> index (0-based) named name in table t, or -1; *label (when
 * not NULL) its label, in pool.
 */
static int
rp_col_index(struct at_pool *pool, xmlNodePtr t, const char *name,
    const char **label)
{
	xmlNodePtr	 n;
	xmlChar		*v;
	int		 i = 0, eq;

	for (n = t->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, BAD_CAST "col"))
			continue;
		v = xmlGetProp(n, BAD_CAST "name");
		eq = v != NULL && name != NULL && strcmp((char *)v, name) == 0;
		xmlFree(v);
		if (eq) {
			if (label != NULL) {
				v = xmlGetProp(n, BAD_CAST "label");
				*label = v != NULL ? at_pstrdup(pool,
				    (char *)v) : NULL;
				xmlFree(v);
			}
			return i;
		}
		i++;
	}
	return -1;
}

/* The text of cell i (0-based) of row, in pool ("" when none). */
static const char *
rp_cell(struct at_pool *pool, xmlNodePtr row, int i)
{
	xmlNodePtr	 c;
	xmlChar		*v;
	const char	*s;

	for (c = row->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (i-- == 0) {
			v = xmlNodeGetContent(c);
			s = at_pstrdup(pool, v != NULL ? (char *)v : "");
			xmlFree(v);
			return s;
		}
	}
	return "";
}

/* Cell i's element of row, or NULL. */
static xmlNodePtr
rp_cell_node(xmlNodePtr row, int i)
{
	xmlNodePtr	 c;

	for (c = row->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && i-- == 0)
			return c;
	return NULL;
}

/*
 * A polyline's points for values v[0..n-1] in a w x h box, from 0 (the
 * bottom) to max (the top).
 */
static const char *
rp_points(struct at_pool *pool, const double *v, size_t n, double max,
    int w, int h)
{
	const char	*s = "";
	size_t		 i;
	double		 x, y;

	if (max <= 0)
		max = 1;
	for (i = 0; i < n; i++) {
		x = n > 1 ? (double)w * i / (double)(n - 1) : w / 2.0;
		y = h - (v[i] < 0 ? 0 : v[i]) * h / max;
		s = at_pprintf(pool, "%s%s%.1f,%.1f", s, i > 0 ? " " : "", x,
		    y);
	}
	return s;
}

/* Splits a series cell "80 82 90" into *out (pool); the count. */
static size_t
rp_series(struct at_pool *pool, const char *s, double **out)
{
	double	*v;
	size_t	 n = 0, cap = 1;
	const char *q;
	char	*end;

	for (q = s; *q != '\0'; q++)
		if (*q == ' ')
			cap++;
	v = at_palloc(pool, cap * sizeof(*v));
	while (*s != '\0' && n < cap) {
		v[n] = strtod(s, &end);
		if (end == s)
			break;
		n++;
		s = end;
		while (*s == ' ')
			s++;
	}
	*out = v;
	return n;
}

/*
 * Adds to one <chart> what the skin needs to draw it from its table:
 * max, <series name label i points/> (a line's points), and one <point
 * label total> per row with a <seg s v y h/> per series (bars: y and h
 * in the CH_H box, stacked in series order).  A chart whose table or
 * columns are missing gets bad="1" and is not drawn.
 */
static void
rp_chart_prepare(struct at_pool *pool, xmlNodePtr panel, xmlNodePtr ch)
{
	xmlNodePtr	 t, r, pt, sg, sn;
	xmlChar		*tname, *x, *y, *type;
	const char	*ys[CH_MAXS], *lab, *tok;
	int		 yi[CH_MAXS], xi;
	size_t		 ns = 0, nrow = 0, i, k;
	double		*vals, max = 0, tot, base;
	char		*yy, *save = NULL;

	tname = xmlGetProp(ch, BAD_CAST "table");
	x = xmlGetProp(ch, BAD_CAST "x");
	y = xmlGetProp(ch, BAD_CAST "y");
	type = xmlGetProp(ch, BAD_CAST "type");
	/* The table of the same panel. */
	for (t = panel->children; t != NULL; t = t->next) {
		xmlChar	*nm;
		int	 eq;

		if (t->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(t->name, BAD_CAST "table"))
			continue;
		nm = xmlGetProp(t, BAD_CAST "name");
		eq = nm != NULL && tname != NULL && xmlStrEqual(nm, tname);
		xmlFree(nm);
		if (eq)
			break;
	}
	xi = t != NULL ? rp_col_index(pool, t, (char *)x, NULL) : -1;
	if (t != NULL && y != NULL) {
		yy = at_pstrdup(pool, (char *)y);
		for (tok = strtok_r(yy, " ", &save); tok != NULL && ns < CH_MAXS;
		    tok = strtok_r(NULL, " ", &save)) {
			if ((yi[ns] = rp_col_index(pool, t, tok, NULL)) < 0)
				continue;
			ys[ns++] = tok;
		}
	}
	if (t == NULL || xi < 0 || ns == 0) {
		at_xa(ch, "bad", "1");
		goto done;
	}
	for (r = t->children; r != NULL; r = r->next)
		if (r->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(r->name, BAD_CAST "row"))
			nrow++;
	vals = at_palloc(pool, (nrow * ns + 1) * sizeof(*vals));
	i = 0;
	for (r = t->children; r != NULL; r = r->next) {
		if (r->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(r->name, BAD_CAST "row"))
			continue;
		tot = 0;
		for (k = 0; k < ns; k++) {
			vals[k * nrow + i] = strtod(rp_cell(pool, r, yi[k]),
			    NULL);
			tot += vals[k * nrow + i];
			if (vals[k * nrow + i] > max)
				max = vals[k * nrow + i];
		}
		if (type != NULL && xmlStrEqual(type, BAD_CAST "stacked") &&
		    tot > max)
			max = tot;
		i++;
	}
	if (max <= 0)
		max = 1;
	at_xa(ch, "max", at_pprintf(pool, "%g", max));
	at_xaf(ch, "rows", "%zu", nrow);
	at_xaf(ch, "w", "%d", CH_W);
	at_xaf(ch, "h", "%d", CH_H);
	for (k = 0; k < ns; k++) {
		sn = at_x(ch, "series", NULL);
		at_xa(sn, "name", ys[k]);
		lab = NULL;
		rp_col_index(pool, t, ys[k], &lab);
		at_xa(sn, "label", lab != NULL ? lab : ys[k]);
		at_xaf(sn, "i", "%zu", k);
		at_xa(sn, "points", rp_points(pool, vals + k * nrow, nrow, max,
		    CH_W, CH_H));
	}
	i = 0;
	for (r = t->children; r != NULL; r = r->next) {
		if (r->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(r->name, BAD_CAST "row"))
			continue;
		pt = at_x(ch, "point", NULL);
		at_xa(pt, "label", rp_cell(pool, r, xi));
		base = 0;
		for (k = 0; k < ns; k++) {
			double	 v = vals[k * nrow + i];
			double	 h = (v < 0 ? 0 : v) * CH_H / max;

			sg = at_x(pt, "seg", NULL);
			at_xaf(sg, "s", "%zu", k);
			at_xa(sg, "v", rp_num(pool, v));
			at_xa(sg, "label", ys[k]);
			at_xaf(sg, "h", "%.1f", h);
			at_xaf(sg, "y", "%.1f", CH_H - base - h);
			if (type != NULL && xmlStrEqual(type,
			    BAD_CAST "stacked"))
				base += h;
		}
		i++;
	}
done:
	xmlFree(tname);
	xmlFree(x);
	xmlFree(y);
	xmlFree(type);
}

/*
 * Prepares every chart of the panels under parent, and gives each cell
 * of a "series" column the points of its sparkline (scaled from 0 to
 * the larger of 100 and its top value).
 */
static void
rp_prepare(struct at_pool *pool, xmlNodePtr parent)
{
	xmlNodePtr	 p, n, r, c, col;
	xmlChar		*ty;
	int		 i, is;
	size_t		 nv, k;
	double		*v, max;

	for (p = parent->children; p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		for (n = p->children; n != NULL; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (xmlStrEqual(n->name, BAD_CAST "chart")) {
				rp_chart_prepare(pool, p, n);
				continue;
			}
			if (!xmlStrEqual(n->name, BAD_CAST "table"))
				continue;
			i = 0;
			for (col = n->children; col != NULL; col = col->next) {
				if (col->type != XML_ELEMENT_NODE ||
				    !xmlStrEqual(col->name, BAD_CAST "col"))
					continue;
				ty = xmlGetProp(col, BAD_CAST "type");
				is = ty != NULL && xmlStrEqual(ty,
				    BAD_CAST AT_RP_SERIES);
				xmlFree(ty);
				if (!is) {
					i++;
					continue;
				}
				for (r = n->children; r != NULL; r = r->next) {
					if (r->type != XML_ELEMENT_NODE ||
					    !xmlStrEqual(r->name,
					    BAD_CAST "row") ||
					    (c = rp_cell_node(r, i)) == NULL)
						continue;
					nv = rp_series(pool, rp_cell(pool, r, i),
					    &v);
					max = 100;
					for (k = 0; k < nv; k++)
						if (v[k] > max)
							max = v[k];
					at_xa(c, "points", rp_points(pool, v, nv,
					    max, 60, 20));
				}
				i++;
			}
		}
	}
}

/* ---- the overview ---- */

/* See hub/reports.h. */
int
hub_rp_panels(struct at_req *req, xmlNodePtr parent, const char *only,
    const char *from, const char *to, long long client)
{
	const struct at_report_panel *const *ps;
	size_t		 n, i;

	n = at_report_panels(&ps);
	for (i = 0; i < n; i++) {
		if (only != NULL && strcmp(ps[i]->name, only) != 0)
			continue;
		if (ps[i]->fn(req, parent, from, to, client) == -1)
			return -1;
	}
	return 0;
}

/* Whether s is a panel name: [a-z0-9_-], 1..64. */
static int
rp_name_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* GET /staff/reports (staff): every panel for the period and client. */
static int
h_overview(struct at_req *req)
{
	struct rp	 p;
	const char	*err;
	xmlNodePtr	 ps;
	int		 rc;

	rc = rp_read(req, &p, &err);
	if (rc != 0 && rc != 400)
		return rc;
	ps = rp_page(req, "reports", "Reports", "overview", &p, err);
	if (hub_rp_panels(req, ps, NULL, p.from, p.to, p.client) == -1)
		return at_db_gone(req->db) ? 503 : 500;
	rp_prepare(req->pool, ps);
	return 200;	/* bad dates: the page says so, for this month */
}

/* ---- workload ---- */

static int
rp_dbl_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* See hub/reports.h. */
double
hub_rp_median(const double *v, size_t n)
{
	double	*s;
	double	 m;

	if (n == 0)
		return 0;
	if ((s = malloc(n * sizeof(*s))) == NULL)
		abort();
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), rp_dbl_cmp);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

/* See hub/reports.h. */
int
hub_rp_over(double load, double usual)
{
	return load > usual * 1.5 && load >= usual + 3;
}

/* The index of id in ids (n, ascending), or -1. */
static long
rp_find_id(const long long *ids, size_t n, long long id)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ids[mid] == id)
			return (long)mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
rp_ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/*
 * The workload panel under parent: one row per active staff member and
 * admin (name order) with each registered column, their load and
 * whether it is over the usual load (docs/reports.md).  0 or -1.
 */
static int
rp_workload(struct at_req *req, xmlNodePtr parent, const struct rp *p)
{
	const struct at_workload_col *const *wc;
	struct at_rows	*st, *r;
	struct at_rp_col *cols;
	long long	*ids, *sorted, **vals;
	double		*load, usual;
	size_t		 nc, ns, i, k, nover = 0;
	long		 at;
	xmlNodePtr	 pn, t;
	const char	**cells, *ycols = "";

	st = at_db_select(req->db, req->pool, "SELECT id, name FROM users "
	    "WHERE role IN ('staff', 'admin') AND active = 1 ORDER BY name, "
	    "id", "");
	if (st == NULL)
		return -1;
	nc = at_workload_cols(&wc);
	ns = st->n;
	ids = at_palloc(req->pool, (ns + 1) * sizeof(*ids));
	sorted = at_palloc(req->pool, (ns + 1) * sizeof(*sorted));
	load = at_palloc(req->pool, (ns + 1) * sizeof(*load));
	vals = at_palloc(req->pool, (nc + 1) * sizeof(*vals));
	for (i = 0; i < ns; i++) {
		ids[i] = sorted[i] = at_row_int(st, i, "id", 0);
		load[i] = 0;
	}
	qsort(sorted, ns, sizeof(*sorted), rp_ll_cmp);
	for (k = 0; k < nc; k++) {
		vals[k] = at_palloc(req->pool, (ns + 1) * sizeof(**vals));
		memset(vals[k], 0, (ns + 1) * sizeof(**vals));
		if ((r = wc[k]->fn(req, p->from, p->to, p->client)) == NULL)
			return -1;
		for (i = 0; i < r->n; i++) {
			at = rp_find_id(sorted, ns, at_row_int(r, i, "user_id",
			    0));
			if (at >= 0)
				vals[k][at] += at_row_int(r, i, "n", 0);
		}
	}
	/* Sorted index to the name order's index. */
	for (i = 0; i < ns; i++) {
		at = rp_find_id(sorted, ns, ids[i]);
		for (k = 0; k < nc; k++)
			if (wc[k]->load)
				load[i] += (double)vals[k][at];
	}
	usual = hub_rp_median(load, ns);

	cols = at_palloc(req->pool, (nc + 4) * sizeof(*cols));
	cols[0] = (struct at_rp_col){ "name", "Staff member", AT_RP_TEXT };
	for (k = 0; k < nc; k++) {
		cols[k + 1] = (struct at_rp_col){ wc[k]->name, wc[k]->label,
		    AT_RP_NUMBER };
		if (wc[k]->load)
			ycols = at_pprintf(req->pool, "%s%s%s", ycols,
			    *ycols != '\0' ? " " : "", wc[k]->name);
	}
	cols[nc + 1] = (struct at_rp_col){ "load", "Load", AT_RP_NUMBER };
	cols[nc + 2] = (struct at_rp_col){ "over", "Over usual load",
	    AT_RP_TEXT };
	cols[nc + 3] = (struct at_rp_col){ NULL, NULL, NULL };
	pn = at_rp_panel(parent, "workload", "Workload");
	cells = at_palloc(req->pool, (nc + 3) * sizeof(*cells));
	for (i = 0; i < ns; i++)
		if (hub_rp_over(load[i], usual))
			nover++;
	at_rp_figure(pn, "staff", "Staff members", rp_num(req->pool,
	    (double)ns), NULL);
	at_rp_figure(pn, "usual", "Usual load (median)", rp_num(req->pool,
	    usual), NULL);
	at_rp_figure(pn, "over", "Over their usual load", rp_num(req->pool,
	    (double)nover), "more than 1.5 times the usual and 3 more");
	t = at_rp_table(pn, "staff", "Workload per staff member", cols, NULL);
	for (i = 0; i < ns; i++) {
		at = rp_find_id(sorted, ns, ids[i]);
		cells[0] = at_row(st, i, "name");
		for (k = 0; k < nc; k++)
			cells[k + 1] = at_pprintf(req->pool, "%lld",
			    vals[k][at]);
		cells[nc + 1] = rp_num(req->pool, load[i]);
		cells[nc + 2] = hub_rp_over(load[i], usual) ?
		    at_pprintf(req->pool, "over by %s", rp_num(req->pool,
		    load[i] - usual)) : "";
		at_rp_row(t, cells, nc + 3);
	}
	if (*ycols != '\0' && ns > 0)
		at_rp_chart(pn, "stacked", "staff", "name", ycols,
		    "Load per staff member");
	return 0;
}

/* GET /staff/reports/workload (staff). */
static int
h_workload(struct at_req *req)
{
	struct rp	 p;
	const char	*err;
	xmlNodePtr	 ps;
	int		 rc;

	rc = rp_read(req, &p, &err);
	if (rc != 0 && rc != 400)
		return rc;
	ps = rp_page(req, "reports-workload", "Workload", "workload", &p,
	    err);
	if (rp_workload(req, ps, &p) == -1)
		return at_db_gone(req->db) ? 503 : 500;
	rp_prepare(req->pool, ps);
	return 200;	/* bad dates: the page says so, for this month */
}

/* ---- client health ---- */

/* A factor with the weights in force. */
struct rp_factor {
	const struct at_health_factor *f;
	double		 weight, allow, cap;
};

/* See hub/reports.h. */
double
hub_rp_points(double value, double weight, double allow, double cap)
{
	double	 pts = weight * (value - allow);

	if (pts < 0)
		pts = 0;
	return pts > cap ? cap : pts;
}

/*
 * The registered factors with the weights an admin set (report_factors)
 * in place of the defaults, in *out (pool); their number, or -1.
 */
static long
rp_factors(struct at_req *req, struct rp_factor **out)
{
	const struct at_health_factor *const *hf;
	struct at_rows	*r;
	struct rp_factor *f;
	size_t		 n, i, k;

	n = at_health_factors(&hf);
	r = at_db_select(req->db, req->pool, "SELECT name, weight, "
	    "allow_units, cap FROM report_factors", "");
	if (r == NULL)
		return -1;
	f = at_palloc(req->pool, (n + 1) * sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].f = hf[i];
		f[i].weight = hf[i]->weight;
		f[i].allow = hf[i]->allow;
		f[i].cap = hf[i]->cap;
		for (k = 0; k < r->n; k++)
			if (strcmp(at_row(r, k, "name"), hf[i]->name) == 0) {
				f[i].weight = strtod(at_row(r, k, "weight"),
				    NULL);
				f[i].allow = strtod(at_row(r, k,
				    "allow_units"), NULL);
				f[i].cap = strtod(at_row(r, k, "cap"), NULL);
			}
	}
	*out = f;
	return (long)n;
}

/* The scores of every client, worked out once per request. */
struct rp_health {
	size_t		 nc, nf;
	struct at_rows	*clients;	/* id, name (name order) */
	long long	*sorted;	/* the ids, ascending */
	long		*pos;		/* name order -> sorted index */
	struct rp_factor *f;
	double		*value;		/* [factor][sorted]: this period */
	int		*score;		/* [period][sorted]: 0 this one */
	int		 nper;
};

/*
 * Adds factor k's rows r to the points lost (lost[period][sorted]) and,
 * for period 0, to its values: the rows of period q, or (q -1) rows
 * that carry their period in "period".
 */
static void
rp_health_add(struct rp_health *h, size_t k, const struct at_rows *r,
    int q, double *lost)
{
	long long	 per;
	long		 at;
	size_t		 i;
	double		 v;

	for (i = 0; i < r->n; i++) {
		per = q >= 0 ? q : at_row_int(r, i, "period", -1);
		if (per < 0 || per >= h->nper)
			continue;
		at = rp_find_id(h->sorted, h->nc, at_row_int(r, i, "client_id",
		    0));
		if (at < 0)
			continue;
		v = strtod(at_row(r, i, "value") != NULL ? at_row(r, i,
		    "value") : "0", NULL);
		if (per == 0)
			h->value[k * h->nc + at] = v;
		lost[per * h->nc + at] += hub_rp_points(v, h->f[k].weight,
		    h->f[k].allow, h->f[k].cap);
	}
}

/*
 * Scores every client (or only client) for nper periods of the length
 * of from..to, the first being from..to and each next one the same
 * number of days just before.  0 or -1 (database).
 */
static int
rp_health_run(struct at_req *req, struct rp_health *h, const char *from,
    const char *to, long long client, int nper)
{
	struct at_rows	*r;
	double		*lost;
	long		 df = rp_day(from), dt = rp_day(to), len;
	long		 nf;
	size_t		 i, k;
	int		 q;

	memset(h, 0, sizeof(*h));
	h->nper = nper;
	h->clients = at_db_select(req->db, req->pool, "SELECT id, name FROM "
	    "clients WHERE (? = 0 OR id = ?) ORDER BY name, id", "II",
	    client, client);
	if (h->clients == NULL || (nf = rp_factors(req, &h->f)) < 0)
		return -1;
	h->nf = (size_t)nf;
	h->nc = h->clients->n;
	h->sorted = at_palloc(req->pool, (h->nc + 1) * sizeof(*h->sorted));
	h->pos = at_palloc(req->pool, (h->nc + 1) * sizeof(*h->pos));
	for (i = 0; i < h->nc; i++)
		h->sorted[i] = at_row_int(h->clients, i, "id", 0);
	qsort(h->sorted, h->nc, sizeof(*h->sorted), rp_ll_cmp);
	for (i = 0; i < h->nc; i++)
		h->pos[i] = rp_find_id(h->sorted, h->nc,
		    at_row_int(h->clients, i, "id", 0));
	h->value = at_palloc(req->pool, (h->nf * h->nc + 1) *
	    sizeof(*h->value));
	memset(h->value, 0, (h->nf * h->nc + 1) * sizeof(*h->value));
	h->score = at_palloc(req->pool, ((size_t)nper * h->nc + 1) *
	    sizeof(*h->score));
	lost = at_palloc(req->pool, ((size_t)nper * h->nc + 1) *
	    sizeof(*lost));
	memset(lost, 0, ((size_t)nper * h->nc + 1) * sizeof(*lost));
	len = dt - df + 1;
	for (k = 0; k < h->nf && h->nc > 0; k++) {
		const struct at_health_factor *f = h->f[k].f;

		if (f->fn_periods != NULL) {
			/* One round trip for every period. */
			if ((r = f->fn_periods(req, from, to, nper,
			    client)) == NULL)
				return -1;
			rp_health_add(h, k, r, -1, lost);
			continue;
		}
		for (q = 0; q < nper; q++) {
			if ((r = f->fn(req, rp_date(req->pool, df - q * len),
			    rp_date(req->pool, dt - q * len), client)) == NULL)
				return -1;
			rp_health_add(h, k, r, q, lost);
		}
	}
	for (q = 0; q < nper; q++)
		for (i = 0; i < h->nc; i++)
			h->score[q * h->nc + i] = hub_rp_score(lost[q *
			    h->nc + i]);
	return 0;
}

/* See hub/reports.h. */
int
hub_rp_score(double lost)
{
	double	 s = floor(100 - lost + 0.5);

	return s < 0 ? 0 : s > 100 ? 100 : (int)s;
}

/* Sorting the health rows: worst score first, then name order. */
struct rp_hrow {
	int		 score;
	size_t		 i;		/* name order */
};

static int
rp_hrow_cmp(const void *a, const void *b)
{
	const struct rp_hrow *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The health panel under parent: one row per client, worst first, with
 * its score, the previous period's, the change, every factor's value
 * and points, the explanation and the sparkline of the last periods.
 * 0 or -1.
 */
static int
rp_health(struct at_req *req, xmlNodePtr parent, const struct rp *p)
{
	struct rp_health h;
	struct rp_hrow	*rows;
	struct at_rp_col *cols;
	xmlNodePtr	 pn, t;
	const char	**cells, *why, *series;
	size_t		 i, k, nc, ncells, fell = 0;
	long		 at;
	double		 v, pts, sum = 0;
	int		 q;

	if (rp_health_run(req, &h, p->from, p->to, p->client,
	    RP_HISTORY) == -1)
		return -1;
	nc = h.nc;
	rows = at_palloc(req->pool, (nc + 1) * sizeof(*rows));
	for (i = 0; i < nc; i++) {
		rows[i].i = i;
		rows[i].score = h.score[h.pos[i]];
		sum += rows[i].score;
		if (h.score[h.pos[i]] < h.score[nc + h.pos[i]])
			fell++;
	}
	qsort(rows, nc, sizeof(*rows), rp_hrow_cmp);
	ncells = 6 + 2 * h.nf;
	cols = at_palloc(req->pool, (ncells + 1) * sizeof(*cols));
	cols[0] = (struct at_rp_col){ "client", "Client", AT_RP_TEXT };
	cols[1] = (struct at_rp_col){ "score", "Score", AT_RP_NUMBER };
	cols[2] = (struct at_rp_col){ "previous", "Previous period",
	    AT_RP_NUMBER };
	cols[3] = (struct at_rp_col){ "change", "Change", AT_RP_NUMBER };
	for (k = 0; k < h.nf; k++) {
		cols[4 + 2 * k] = (struct at_rp_col){ h.f[k].f->name,
		    h.f[k].f->label, AT_RP_NUMBER };
		cols[5 + 2 * k] = (struct at_rp_col){ at_pprintf(req->pool,
		    "%s_points", h.f[k].f->name), at_pprintf(req->pool,
		    "%s (points)", h.f[k].f->label), AT_RP_NUMBER };
	}
	cols[4 + 2 * h.nf] = (struct at_rp_col){ "why", "Explained by",
	    AT_RP_TEXT };
	cols[5 + 2 * h.nf] = (struct at_rp_col){ "history",
	    "Score over the last periods", AT_RP_SERIES };
	cols[ncells] = (struct at_rp_col){ NULL, NULL, NULL };

	pn = at_rp_panel(parent, "health", "Client health");
	at_rp_figure(pn, "clients", "Clients", at_pprintf(req->pool, "%zu",
	    nc), NULL);
	at_rp_figure(pn, "average", "Average score", nc > 0 ?
	    rp_num(req->pool, floor(sum * 10 / (double)nc + 0.5) / 10) : "",
	    "of 100");
	at_rp_figure(pn, "fell", "Clients whose score fell", at_pprintf(
	    req->pool, "%zu", fell), "against the previous period");
	t = at_rp_table(pn, "clients", "Client health, worst first", cols,
	    NULL);
	cells = at_palloc(req->pool, (ncells + 1) * sizeof(*cells));
	for (i = 0; i < nc; i++) {
		at = h.pos[rows[i].i];
		cells[0] = at_row(h.clients, rows[i].i, "name");
		cells[1] = at_pprintf(req->pool, "%d", h.score[at]);
		cells[2] = at_pprintf(req->pool, "%d", h.score[nc + at]);
		cells[3] = h.score[at] == h.score[nc + at] ? "0" :
		    at_pprintf(req->pool, "%+d", h.score[at] -
		    h.score[nc + at]);
		why = "";
		for (k = 0; k < h.nf; k++) {
			v = h.value[k * nc + at];
			pts = hub_rp_points(v, h.f[k].weight, h.f[k].allow,
			    h.f[k].cap);
			cells[4 + 2 * k] = rp_num(req->pool, v);
			cells[5 + 2 * k] = rp_num(req->pool, pts);
			if (pts > 0)
				why = at_pprintf(req->pool, "%s%s%s %s (-%s)",
				    why, *why != '\0' ? "; " : "",
				    h.f[k].f->label, rp_num(req->pool, v),
				    rp_num(req->pool, pts));
		}
		cells[4 + 2 * h.nf] = *why != '\0' ? why : "Nothing against";
		series = "";
		for (q = RP_HISTORY - 1; q >= 0; q--)
			series = at_pprintf(req->pool, "%s%s%d", series,
			    *series != '\0' ? " " : "", h.score[q * nc + at]);
		cells[5 + 2 * h.nf] = series;
		at_rp_row(t, cells, ncells);
	}
	return 0;
}

/* GET /staff/reports/health (staff). */
static int
h_health(struct at_req *req)
{
	struct rp	 p;
	const char	*err;
	xmlNodePtr	 ps;
	int		 rc;

	rc = rp_read(req, &p, &err);
	if (rc != 0 && rc != 400)
		return rc;
	ps = rp_page(req, "reports-health", "Client health", "health", &p,
	    err);
	if (rp_health(req, ps, &p) == -1)
		return at_db_gone(req->db) ? 503 : 500;
	rp_prepare(req->pool, ps);
	return 200;	/* bad dates: the page says so, for this month */
}

/*
 * GET /staff/reports/:name (staff): NAME.csv, a table of panel NAME (or
 * of workload, health) as CSV (?table=T, the first when absent); NAME
 * with format=csv the same.  Anything else is a 404.
 */
static int
h_named(struct at_req *req)
{
	const char	*name = at_arg(req, "name"), *fmt, *err;
	struct rp	 p;
	xmlNodePtr	 holder;
	size_t		 len;
	int		 rc, csv = 0;

	len = strlen(name);
	if (len > 4 && strcmp(name + len - 4, ".csv") == 0) {
		csv = 1;
		name = at_pstrndup(req->pool, name, len - 4);
		len -= 4;
	} else if ((fmt = at_query(req, "format")) != NULL &&
	    strcmp(fmt, "csv") == 0)
		csv = 1;
	if (!csv || !rp_name_ok(name, len))
		return 404;
	if ((rc = rp_read(req, &p, &err)) != 0)
		return rc;
	holder = xmlNewNode(NULL, BAD_CAST "panels");
	if (strcmp(name, "workload") == 0)
		rc = rp_workload(req, holder, &p);
	else if (strcmp(name, "health") == 0)
		rc = rp_health(req, holder, &p);
	else
		rc = hub_rp_panels(req, holder, name, p.from, p.to, p.client);
	if (rc == -1) {
		xmlFreeNode(holder);
		return at_db_gone(req->db) ? 503 : 500;
	}
	rc = rp_send_csv(req, holder, name, at_query(req, "table"), &p);
	xmlFreeNode(holder);
	return rc;
}

/* ---- the factors' settings ---- */

/* GET /staff/reports/health/factors (admin): each factor's weights. */
static int
h_factors(struct at_req *req)
{
	struct rp_factor *f;
	struct at_rows	*r;
	xmlNodePtr	 c, l, n;
	long		 nf, i;

	if ((nf = rp_factors(req, &f)) < 0)
		return at_db_gone(req->db) ? 503 : 500;
	at_page_id(req, "reports-factors");
	at_page_title(req, "Client health factors");
	c = at_page_content(req);
	l = at_x(c, "factors", NULL);
	for (i = 0; i < nf; i++) {
		n = at_x(l, "factor", NULL);
		at_xa(n, "name", f[i].f->name);
		at_xa(n, "label", f[i].f->label);
		at_xa(n, "unit", f[i].f->unit);
		at_xa(n, "weight", rp_num(req->pool, f[i].weight));
		at_xa(n, "allow", rp_num(req->pool, f[i].allow));
		at_xa(n, "cap", rp_num(req->pool, f[i].cap));
		at_xa(n, "default-weight", rp_num(req->pool,
		    f[i].f->weight));
		at_xa(n, "default-allow", rp_num(req->pool, f[i].f->allow));
		at_xa(n, "default-cap", rp_num(req->pool, f[i].f->cap));
	}
	r = at_db_select(req->db, req->pool, "SELECT weekday, hour FROM "
	    "report_schedule WHERE id = 1", "");
	if (r == NULL)
		return at_db_gone(req->db) ? 503 : 500;
	n = at_x(c, "weekly", NULL);
	at_xaf(n, "weekday", "%lld", r->n == 1 ? at_row_int(r, 0, "weekday",
	    1) : 1);
	at_xaf(n, "hour", "%lld", r->n == 1 ? at_row_int(r, 0, "hour", 7) :
	    7);
	at_xa(n, "timezone", at_site_timezone(req->site));
	at_x_form(req, c, "factor");
	return at_form_errors(req) > 0 ? 400 : 200;
}

/* A number 0..1000 with at most one decimal; NULL when not one. */
static const char *
v_weight(struct at_pool *pool, const char **v)
{
	char	*end;
	double	 d;

	if (*v == NULL || **v == '\0')
		return "Give a number.";
	d = strtod(*v, &end);
	if (*end != '\0' || d < 0 || d > 1000 || d * 10 != floor(d * 10))
		return "Give a number from 0 to 1000 (one decimal at most).";
	*v = at_pprintf(pool, "%.1f", d);
	return NULL;
}

static const char *
v_factor(struct at_pool *pool, const char **v)
{
	const struct at_health_factor *const *hf;
	size_t	 n, i;

	(void)pool;
	n = at_health_factors(&hf);
	for (i = 0; i < n; i++)
		if (*v != NULL && strcmp(*v, hf[i]->name) == 0)
			return NULL;
	return "No such factor.";
}

static const struct at_field f_factor[] = {
	{ "name", v_factor, 1, 64, "Factor" },
	{ "weight", v_weight, 1, 16, "Points per unit" },
	{ "allow", v_weight, 1, 16, "Units that cost nothing" },
	{ "cap", v_weight, 1, 16, "Most points" },
	{ NULL, NULL, 0, 0, NULL }
};

/*
 * POST /staff/reports/health/factors (admin): fields name, weight,
 * allow, cap.  Sets one factor's weights; back to the list.
 */
static int
h_factor_set(struct at_req *req)
{
	if (at_form_errors(req) > 0)
		return h_factors(req);
	if (at_db_exec(req->db, "INSERT INTO report_factors (name, weight, "
	    "allow_units, cap, updated_by, updated_at) VALUES (?, ?, ?, ?, "
	    "?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE weight = "
	    "VALUES(weight), allow_units = VALUES(allow_units), cap = "
	    "VALUES(cap), updated_by = VALUES(updated_by), updated_at = "
	    "VALUES(updated_at)", "ssssI", at_form(req, "name"),
	    at_form(req, "weight"), at_form(req, "allow"),
	    at_form(req, "cap"), req->user->id) < 0)
		return at_db_gone(req->db) ? 503 : 500;
	at_activity(req, 0, "update", "report_factor", 0, at_pprintf(
	    req->pool, "Set the health factor %s to %s points per unit over "
	    "%s, at most %s", at_form(req, "name"), at_form(req, "weight"),
	    at_form(req, "allow"), at_form(req, "cap")), 0);
	at_flash(req, "ok", "The factor is saved.");
	return at_redirect(req, "/staff/reports/health/factors");
}

/* An integer lo..hi; NULL when it is one. */
static const char *
v_range(const char **v, long long lo, long long hi, const char *what)
{
	long long	 n;

	if (*v == NULL || at_strtoll(*v, &n) != 0 || n < lo || n > hi)
		return what;
	return NULL;
}

static const char *
v_weekday(struct at_pool *pool, const char **v)
{
	(void)pool;
	return v_range(v, 1, 7, "Choose a day of the week.");
}

static const char *
v_hour(struct at_pool *pool, const char **v)
{
	(void)pool;
	return v_range(v, 0, 23, "Choose an hour from 0 to 23.");
}

static const struct at_field f_weekly[] = {
	{ "weekday", v_weekday, 1, 2, "Day" },
	{ "hour", v_hour, 1, 2, "Hour" },
	{ NULL, NULL, 0, 0, NULL }
};

/*
 * POST /staff/reports/health/weekly (admin): fields weekday (1 Monday ..
 * 7 Sunday), hour (0..23).  When the weekly summary goes out.
 */
static int
h_weekly_set(struct at_req *req)
{
	if (at_form_errors(req) > 0)
		return h_factors(req);
	if (at_db_exec(req->db, "INSERT INTO report_schedule (id, weekday, "
	    "hour, updated_by, updated_at) VALUES (1, ?, ?, ?, "
	    "UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE weekday = "
	    "VALUES(weekday), hour = VALUES(hour), updated_by = "
	    "VALUES(updated_by), updated_at = VALUES(updated_at)", "ssI",
	    at_form(req, "weekday"), at_form(req, "hour"),
	    req->user->id) < 0)
		return at_db_gone(req->db) ? 503 : 500;
	at_activity(req, 0, "update", "report_schedule", 0, at_pprintf(
	    req->pool, "Set the weekly summary to day %s of the week at "
	    "%s:00", at_form(req, "weekday"), at_form(req, "hour")), 0);
	at_flash(req, "ok", "The weekly summary's time is saved.");
	return at_redirect(req, "/staff/reports/health/factors");
}

/* ---- the weekly summary ---- */

/* A change of score, for the clients whose health fell most. */
struct rp_fall {
	int		 change;
	size_t		 i;
};

static int
rp_fall_cmp(const void *a, const void *b)
{
	const struct rp_fall *x = a, *y = b;

	if (x->change != y->change)
		return x->change < y->change ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* See hub/reports.h. */
int
hub_rp_summary(struct at_req *req, const char *from, const char *to,
    const char **text)
{
	struct rp_health h;
	struct rp_fall	*falls;
	xmlNodePtr	 holder, p, f;
	xmlChar		*pt, *l, *v;
	const char	*s = "";
	size_t		 i, n = 0;
	long		 at;

	if (rp_health_run(req, &h, from, to, 0, 2) == -1)
		return -1;
	falls = at_palloc(req->pool, (h.nc + 1) * sizeof(*falls));
	for (i = 0; i < h.nc; i++) {
		at = h.pos[i];
		if (h.score[at] < h.score[h.nc + at]) {
			falls[n].change = h.score[at] - h.score[h.nc + at];
			falls[n++].i = i;
		}
	}
	qsort(falls, n, sizeof(*falls), rp_fall_cmp);
	if (n == 0)
		s = at_pprintf(req->pool, "%sNo client's health fell.\n", s);
	else
		s = at_pprintf(req->pool, "%sHealth fell most:", s);
	for (i = 0; i < n && i < RP_FALLS; i++) {
		at = h.pos[falls[i].i];
		s = at_pprintf(req->pool, "%s%s %s %d (%+d)", s, i > 0 ? ";" :
		    "", at_row(h.clients, falls[i].i, "name"),
		    h.score[at], falls[i].change);
	}
	if (n > 0)
		s = at_pprintf(req->pool, "%s.\n", s);
	holder = xmlNewNode(NULL, BAD_CAST "panels");
	if (hub_rp_panels(req, holder, NULL, from, to, 0) == -1) {
		xmlFreeNode(holder);
		return -1;
	}
	for (p = holder->children; p != NULL; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		pt = xmlGetProp(p, BAD_CAST "title");
		s = at_pprintf(req->pool, "%s%s:", s, pt != NULL ?
		    (char *)pt : "");
		xmlFree(pt);
		for (f = p->children; f != NULL; f = f->next) {
			if (f->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(f->name, BAD_CAST "figure"))
				continue;
			l = xmlGetProp(f, BAD_CAST "label");
			v = xmlGetProp(f, BAD_CAST "value");
			s = at_pprintf(req->pool, "%s %s %s;", s, l != NULL ?
			    (char *)l : "", v != NULL && *v != '\0' ?
			    (char *)v : "-");
			xmlFree(l);
			xmlFree(v);
		}
		s = at_pprintf(req->pool, "%s\n", s);
	}
	xmlFreeNode(holder);
	*text = at_utf8_cut(req->pool, s, 990);
	return 0;
}

/* See hub/reports.h. */
int
hub_rp_weekly_slot(time_t now, int weekday, int hour, char *slot,
    size_t sz)
{
	struct tm	 tm, d;
	time_t		 t;
	int		 wd, back;

	if (weekday < 1 || weekday > 7 || hour < 0 || hour > 23 ||
	    localtime_r(&now, &tm) == NULL)
		return -1;
	wd = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	back = (wd - weekday + 7) % 7;
	/* The wall clock's hour: no instant to miss in a DST change. */
	if (back == 0 && tm.tm_hour < hour)
		back = 7;
	/* That many calendar days back (not seconds: a day may be 23 h). */
	memset(&d, 0, sizeof(d));
	d.tm_year = tm.tm_year;
	d.tm_mon = tm.tm_mon;
	d.tm_mday = tm.tm_mday - back;
	d.tm_hour = 12;
	t = timegm(&d);
	gmtime_r(&t, &d);
	return strftime(slot, sz, "%Y-%m-%d", &d) == 10 ? 0 : -1;
}

/*
 * The job "reports.weekly", checked at every run of the runner: when
 * the week's time (report_schedule: weekday and hour in the site's time
 * zone, Monday 07:00 by default) has come and its summary is not sent
 * yet, the summary of the seven days before that day goes to every
 * active admin as the notice "reports.weekly".  Late runners send it at
 * their next run; the slot's row (report_weekly, written in the same
 * transaction as the notices) makes a second runner send nothing.
 */
static int
rp_weekly_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_req	 req;
	struct at_user	 u;
	struct at_rows	*a, *r;
	struct at_notice n;
	const char	*from, *to, *text;
	char		 slot[16];
	long		 day;
	long long	 got;
	size_t		 i;

	r = at_db_select(ctx->db, ctx->pool, "SELECT weekday, hour FROM "
	    "report_schedule WHERE id = 1", "");
	if (r == NULL) {
		*errstr = "the schedule could not be read";
		return -1;
	}
	if (hub_rp_weekly_slot(ctx->now, r->n == 1 ? (int)at_row_int(r, 0,
	    "weekday", 1) : 1, r->n == 1 ? (int)at_row_int(r, 0, "hour", 7) :
	    7, slot, sizeof(slot)) == -1) {
		*errstr = "the schedule is not a weekday and hour";
		return -1;
	}
	r = at_db_select(ctx->db, ctx->pool, "SELECT COUNT(*) AS n FROM "
	    "report_weekly WHERE slot >= ?", "s", slot);
	if (r == NULL || r->n != 1) {
		*errstr = "the summaries sent could not be read";
		return -1;
	}
	if (at_row_int(r, 0, "n", 0) > 0)
		return 0;	/* this week's is sent */

	memset(&u, 0, sizeof(u));
	u.name = "Reports";
	u.role = AT_ROLE_ADMIN;
	memset(&req, 0, sizeof(req));
	req.pool = ctx->pool;
	req.db = ctx->db;
	req.site = ctx->site;
	req.user = &u;
	req.remote_addr = "";
	req.method_name = "CRON";
	req.path = "/";
	req.query = "";
	/* Panels build XML; the page model gives it its pool. */
	at_page_new(&req);
	day = rp_day(slot);
	to = rp_date(ctx->pool, day - 1);
	from = rp_date(ctx->pool, day - 7);
	if (hub_rp_summary(&req, from, to, &text) == -1) {
		*errstr = "the reports could not be read";
		return -1;
	}
	a = at_db_select(ctx->db, ctx->pool, "SELECT id FROM users WHERE "
	    "role = 'admin' AND active = 1 ORDER BY id", "");
	if (a == NULL) {
		*errstr = "the admins could not be read";
		return -1;
	}
	memset(&n, 0, sizeof(n));
	n.size = sizeof(n);
	n.kind = "reports.weekly";
	n.subject = at_pprintf(ctx->pool, "Weekly summary, %s to %s", from,
	    to);
	n.text = text;
	n.link = at_pprintf(ctx->pool, "/staff/reports?period=custom&"
	    "from=%s&to=%s", from, to);
	if (at_db_begin(ctx->db) == -1) {
		*errstr = "the database failed";
		return -1;
	}
	got = at_db_exec(ctx->db, "INSERT IGNORE INTO report_weekly (slot, "
	    "sent_at, admins) VALUES (?, UTC_TIMESTAMP(), ?)", "sI", slot,
	    (long long)a->n);
	if (got != 1) {
		/* -1: failed; 0: another runner sent it meanwhile. */
		at_db_rollback(ctx->db);
		if (got == 0)
			return 0;
		*errstr = "the summary could not be recorded";
		return -1;
	}
	for (i = 0; i < a->n; i++)
		if (at_notify(ctx->db, ctx->site, at_row_int(a, i, "id", 0),
		    &n) == -1) {
			at_db_rollback(ctx->db);
			*errstr = "a summary could not be written";
			return -1;
		}
	if (at_db_commit(ctx->db) == -1) {
		*errstr = "the summary could not be recorded";
		return -1;
	}
	return 0;
}

/*
 * The routes are open to everyone signed in and the handlers answer 404
 * to a contact (the area does not exist for them, not even as a 403)
 * and 403 to staff on the admins' page.
 */
#define RP_GUARD(req) do {						\
	if (!at_is_staff(req))						\
		return 404;						\
} while (0)
#define RP_ADMIN(req) do {						\
	RP_GUARD(req);							\
	if (!at_is_admin(req))						\
		return 403;						\
} while (0)

static int
g_overview(struct at_req *req)
{
	RP_GUARD(req);
	return h_overview(req);
}

static int
g_workload(struct at_req *req)
{
	RP_GUARD(req);
	return h_workload(req);
}

static int
g_health(struct at_req *req)
{
	RP_GUARD(req);
	return h_health(req);
}

static int
g_factors(struct at_req *req)
{
	RP_ADMIN(req);
	return h_factors(req);
}

static int
g_factor_set(struct at_req *req)
{
	RP_ADMIN(req);
	return h_factor_set(req);
}

static int
g_weekly_set(struct at_req *req)
{
	RP_ADMIN(req);
	return h_weekly_set(req);
}

static int
g_named(struct at_req *req)
{
	RP_GUARD(req);
	return h_named(req);
}

static const struct at_route rp_routes[] = {
	{ AT_GET, "/staff/reports", AT_USER, g_overview, NULL, NULL },
	{ AT_GET, "/staff/reports/workload", AT_USER, g_workload, NULL,
	    NULL },
	{ AT_GET, "/staff/reports/health", AT_USER, g_health, NULL, NULL },
	{ AT_GET, "/staff/reports/health/factors", AT_USER, g_factors, NULL,
	    NULL },
	{ AT_POST, "/staff/reports/health/factors", AT_USER, g_factor_set,
	    f_factor, NULL },
	{ AT_POST, "/staff/reports/health/weekly", AT_USER, g_weekly_set,
	    f_weekly, NULL },
	{ AT_GET, "/staff/reports/:name", AT_USER, g_named, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the reports area, its weekly job and notice kind. */
static int
rp_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, rp_routes);
	at_reg_nav(reg, AT_STAFF, "Reports", "/staff/reports", 90);
	at_reg_job(reg, "weekly", 0, rp_weekly_job);	/* due: its slot */
	at_notify_kind(reg, "weekly", "Weekly summary of the reports",
	    AT_STAFF, AT_DELIVER_NOW);
	hub_rp_register(reg);
	return 0;
}

const struct at_plugin at_mod_reports = {
	AT_PLUGIN_HEAD,
	.name = "reports",
	.version = PACKAGE_VERSION,
	.summary = "The reports area",
	.init = rp_init,
};
