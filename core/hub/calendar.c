/*
 * The calendar: the team's at /staff/calendar (a month or a week, drawn
 * by the skin, filtered by client and by staff member), a contact's own
 * upcoming dates at /calendar, and a private iCalendar (RFC 5545) feed
 * per staff member carrying the same events.
 *
 * This file knows no module's tables but the projects': the events come
 * from the calendar sources modules register (at_reg_cal_source,
 * atrium/extend.h): the projects' milestones and task due dates here,
 * the meetings plugin's meetings (confirmed solid, requested and
 * proposed tentative, with a confirm button posting to the plugin's own
 * route).  Each source scopes by the caller as every extension does: a
 * contact sees their own client's shared dates only.
 *
 * The feed's link holds a random token whose SHA-256 is kept
 * (calendar_feeds, one per staff member); making a new link kills the
 * old one, and a link stops working when its owner is no longer active
 * staff.  A wrong token is a 404.
 *
 * Page id: calendar (<calendar view area from to date title prev next
 * today client staff><week><day date n out today><event .../></day>
 * </week></calendar>, and for staff <clients>, <staff-list>, <feed>).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/hub.h"

#define CAL_UPCOMING_DAYS	60	/* a contact's "upcoming" */
#define CAL_FEED_BACK		90	/* days of the past a feed carries */
#define CAL_FEED_AHEAD		400	/* and of the future */
#define CAL_PRODID		"-//Atrium//Calendar//EN"

static const char *const cal_dows[7] = { "Mon", "Tue", "Wed", "Thu",
    "Fri", "Sat", "Sun" };
static const char *const cal_months[12] = { "January", "February",
    "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" };

/* ---- dates (whole days, computed in UTC so no zone shifts them) ---- */

/* "YYYY-MM-DD" to the time_t of its midnight UTC; -1 when malformed. */
static time_t
cal_parse_day(const char *s)
{
	struct tm	 tm;
	char		 chk[11];

	if (s == NULL || strlen(s) != 10)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%d", &tm) == NULL || tm.tm_year < 70 ||
	    tm.tm_year > 1100)
		return -1;
	/* No 2026-02-31: the date must come back as typed. */
	strftime(chk, sizeof(chk), "%Y-%m-%d", &tm);
	if (strcmp(chk, s) != 0)
		return -1;
	return timegm(&tm);
}

/* Day t as "YYYY-MM-DD" in the pool. */
static char *
cal_day(struct at_pool *pool, time_t t)
{
	struct tm	 tm;
	char		 buf[16];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return at_pstrdup(pool, buf);
}

/* Monday on or before day t. */
static time_t
cal_monday(time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	return t - (time_t)((tm.tm_wday + 6) % 7) * 86400;
}

/* ---- the projects' source: milestones and task due dates ---- */

/*
 * Adds the open and done milestones and the tasks with a due date in
 * the calendar's dates, for the caller (a contact: shared ones in shared
 * projects of their client).  The staff filter keeps a project owner's
 * milestones and a task's owner's (else its project owner's) tasks.
 * One round trip.  0 or -1.
 */
static int
cal_projects(struct at_req *req, struct at_cal *cal)
{
	const struct at_cal_query *q = at_cal_q(cal);
	struct at_cal_event e;
	struct at_rows	*r;
	long long	 scope = at_client_scope(req);
	const char	*k;
	size_t		 i;
	int		 staff = scope == AT_SCOPE_ALL;

	r = at_db_select(req->db, req->pool,
	    "(SELECT 'm' AS k, m.id, m.title, m.due_on, m.done_at IS NOT NULL "
	    "AS done, p.id AS project_id, p.name AS project, p.client_id, "
	    "c.name AS client, o.name AS who FROM milestones m JOIN projects "
	    "p ON p.id = m.project_id JOIN clients c ON c.id = p.client_id "
	    "LEFT JOIN users o ON o.id = p.owner_id WHERE m.due_on >= ? AND "
	    "m.due_on < ? AND (? = 0 OR p.client_id = ?) AND (? = 0 OR "
	    "p.owner_id = ?) AND (? = 0 OR (p.client_id = ? AND p.visible = 1 "
	    "AND m.visible = 1))) UNION ALL "
	    "(SELECT 't', t.id, t.title, t.due_on, t.status = 'done', p.id, "
	    "p.name, p.client_id, c.name, COALESCE(tu.name, o.name) FROM tasks "
	    "t JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = "
	    "p.client_id LEFT JOIN users o ON o.id = p.owner_id LEFT JOIN "
	    "users tu ON tu.id = t.owner_id WHERE t.due_on IS NOT NULL AND "
	    "t.due_on >= ? AND t.due_on < ? AND (? = 0 OR p.client_id = ?) "
	    "AND (? = 0 OR COALESCE(t.owner_id, p.owner_id) = ? OR "
	    "(tu.role = 'contact' AND p.owner_id = ?)) AND (? = 0 OR "
	    "(p.client_id = ? AND p.visible = 1 AND t.visible = 1))) "
	    "ORDER BY due_on, k, id LIMIT 2000",
	    "ssIIIIII" "ssIIIIIII",
	    q->from, q->to, q->client, q->client, q->staff, q->staff, scope,
	    scope,
	    q->from, q->to, q->client, q->client, q->staff, q->staff,
	    q->staff, scope, scope);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		k = at_row(r, i, "k");
		memset(&e, 0, sizeof(e));
		e.size = sizeof(e);
		e.uid = at_pprintf(req->pool, "%s-%s", *k == 'm' ?
		    "milestone" : "task", at_row(r, i, "id"));
		e.kind = *k == 'm' ? "milestone" : "task";
		e.title = at_pprintf(req->pool, "%s%s (%s)",
		    at_row_int(r, i, "done", 0) ? "Done: " : "",
		    at_row(r, i, "title"), at_row(r, i, "project"));
		e.start = at_row(r, i, "due_on");
		e.status = "confirmed";
		e.href = at_pprintf(req->pool, "%s/projects/%s", staff ?
		    "/staff" : "", at_row(r, i, "project_id"));
		e.client = at_row_int(r, i, "client_id", 0);
		e.client_name = at_row(r, i, "client");
		e.who = at_row(r, i, "who");
		at_cal_add(cal, &e);
	}
	return 0;
}

static const struct at_cal_source cal_proj_source = {
	.size = AT_EXT_SIZE(at_cal_source),
	.name = "projects",
	.area = AT_CONTACT | AT_STAFF,
	.order = 10,
	.fn = cal_projects,
};

/* ---- the iCalendar writer ---- */

/* A growing text buffer in the pool. */
struct cal_buf {
	struct at_pool	*pool;
	char		*p;
	size_t		 len, cap;
};

/* Appends n bytes of s. */
static void
cal_put(struct cal_buf *b, const char *s, size_t n)
{
	char	*grown;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		grown = at_palloc(b->pool, b->cap);
		if (b->len > 0)
			memcpy(grown, b->p, b->len);
		b->p = grown;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* See hub/hub.h. */
char *
hub_ics_escape(struct at_pool *pool, const char *s)
{
	struct cal_buf	 b = { pool, NULL, 0, 0 };

	cal_put(&b, "", 0);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			cal_put(&b, "\\", 1);
			cal_put(&b, s, 1);
		} else if (*s == '\n')
			cal_put(&b, "\\n", 2);
		else if (*s == '\r' || ((unsigned char)*s < 0x20 &&
		    *s != '\t') || *s == 0x7f)
			continue;	/* no control characters in TEXT */
		else
			cal_put(&b, s, 1);
	}
	return b.p;
}

/*
 * Appends one content line, folded so no line is longer than 75 octets
 * (a continuation starts with a space), never inside a UTF-8 sequence,
 * each ending in CRLF.
 */
static void
cal_line(struct cal_buf *b, const char *line)
{
	size_t	 len = strlen(line), max = 75, n;

	while (len > max) {
		n = max;
		/* Back off to the start of a UTF-8 sequence. */
		while (n > 1 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;
		cal_put(b, line, n);
		cal_put(b, "\r\n ", 3);
		line += n;
		len -= n;
		max = 74;	/* the leading space counts */
	}
	cal_put(b, line, len);
	cal_put(b, "\r\n", 2);
}

/* t as an iCalendar UTC time, "YYYYMMDDTHHMMSSZ", in the pool. */
static char *
cal_ics_time(struct at_pool *pool, time_t t)
{
	struct tm	 tm;
	char		 buf[24];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
	return at_pstrdup(pool, buf);
}

/* See hub/hub.h. */
char *
hub_ics_calendar(struct at_pool *pool, const char *name, const char *host,
    const struct at_cal_event *ev, size_t n, time_t stamp)
{
	struct cal_buf	 b = { pool, NULL, 0, 0 };
	const char	*st;
	time_t		 t;
	size_t		 i;
	int		 allday;

	cal_line(&b, "BEGIN:VCALENDAR");
	cal_line(&b, "VERSION:2.0");
	cal_line(&b, "PRODID:" CAL_PRODID);
	cal_line(&b, "CALSCALE:GREGORIAN");
	cal_line(&b, "METHOD:PUBLISH");
	if (name != NULL)
		cal_line(&b, at_pprintf(pool, "X-WR-CALNAME:%s",
		    hub_ics_escape(pool, name)));
	for (i = 0; i < n; i++) {
		if (ev[i].start == NULL || ev[i].uid == NULL ||
		    ev[i].title == NULL)
			continue;
		allday = strlen(ev[i].start) == 10;
		t = allday ? cal_parse_day(ev[i].start) :
		    at_time_parse_utc(ev[i].start);
		if (t == -1)
			continue;
		cal_line(&b, "BEGIN:VEVENT");
		cal_line(&b, at_pprintf(pool, "UID:%s@%s", ev[i].uid,
		    host != NULL ? host : "atrium"));
		cal_line(&b, at_pprintf(pool, "DTSTAMP:%s",
		    cal_ics_time(pool, stamp)));
		if (allday) {
			cal_line(&b, at_pprintf(pool, "DTSTART;VALUE=DATE:"
			    "%.4s%.2s%.2s", ev[i].start, ev[i].start + 5,
			    ev[i].start + 8));
			st = cal_day(pool, t + 86400);
			cal_line(&b, at_pprintf(pool, "DTEND;VALUE=DATE:"
			    "%.4s%.2s%.2s", st, st + 5, st + 8));
			cal_line(&b, "TRANSP:TRANSPARENT");
		} else {
			cal_line(&b, at_pprintf(pool, "DTSTART:%s",
			    cal_ics_time(pool, t)));
			cal_line(&b, at_pprintf(pool, "DTEND:%s",
			    cal_ics_time(pool, t + (time_t)(ev[i].minutes > 0 ?
			    ev[i].minutes : 30) * 60)));
		}
		cal_line(&b, at_pprintf(pool, "SUMMARY:%s",
		    hub_ics_escape(pool, ev[i].title)));
		if (ev[i].client_name != NULL)
			cal_line(&b, at_pprintf(pool, "DESCRIPTION:%s: %s",
			    hub_ics_escape(pool, ev[i].kind),
			    hub_ics_escape(pool, ev[i].client_name)));
		if (ev[i].place != NULL && *ev[i].place != '\0')
			cal_line(&b, at_pprintf(pool, "LOCATION:%s",
			    hub_ics_escape(pool, ev[i].place)));
		cal_line(&b, at_pprintf(pool, "CATEGORIES:%s",
		    hub_ics_escape(pool, ev[i].kind)));
		cal_line(&b, ev[i].status != NULL && strcmp(ev[i].status,
		    "tentative") == 0 ? "STATUS:TENTATIVE" :
		    "STATUS:CONFIRMED");
		cal_line(&b, "END:VEVENT");
	}
	cal_line(&b, "END:VCALENDAR");
	return b.p;
}

/* ---- pages ---- */

/*
 * Puts the events of q under parent as the calendar's days (a <week> per
 * seven days from q->from, each <day date n out today> holding its
 * <event> elements).  month is the month shown (1-12; 0: none, so no
 * day is "out").  0 or -1.
 */
static int
cal_grid(struct at_req *req, xmlNodePtr parent, const struct at_cal_query *q,
    int month)
{
	struct at_cal_event *ev;
	xmlNodePtr	 week = NULL, day, e, f;
	struct tm	 tm;
	const char	*d, *today = at_today(req->pool), *local, *day_of;
	char		*fields, *p, *kv, *eq;
	time_t		 t, end;
	size_t		 n, i = 0, k;

	if (at_cal_fill(req, q, &ev, &n) == -1)
		return -1;
	end = cal_parse_day(q->to);
	for (k = 0, t = cal_parse_day(q->from); t < end; t += 86400, k++) {
		if (k % 7 == 0)
			week = at_x(parent, "week", NULL);
		d = cal_day(req->pool, t);
		gmtime_r(&t, &tm);
		day = at_x(week, "day", NULL);
		at_xa(day, "date", d);
		at_xaf(day, "n", "%d", tm.tm_mday);
		at_xa(day, "dow", cal_dows[(tm.tm_wday + 6) % 7]);
		at_xaf(day, "label", "%s %d %s", cal_dows[(tm.tm_wday + 6) %
		    7], tm.tm_mday, cal_months[tm.tm_mon]);
		if (month > 0 && tm.tm_mon + 1 != month)
			at_xa(day, "out", "1");
		if (strcmp(d, today) == 0)
			at_xa(day, "today", "1");
		for (i = 0; i < n; i++) {
			local = strlen(ev[i].start) == 10 ? NULL :
			    at_time_local(req->pool, ev[i].start);
			day_of = local != NULL ? local : ev[i].start;
			if (strncmp(day_of, d, 10) != 0)
				continue;
			e = at_x(day, "event", NULL);
			at_xa(e, "uid", ev[i].uid);
			at_xa(e, "kind", ev[i].kind);
			at_xa(e, "status", ev[i].status);
			at_xa(e, "title", ev[i].title);
			if (local != NULL && strlen(local) >= 16)
				at_xa(e, "time", local + 11);
			if (ev[i].minutes > 0 && local != NULL)
				at_xaf(e, "minutes", "%d", ev[i].minutes);
			if (ev[i].href != NULL)
				at_xa(e, "href", ev[i].href);
			if (ev[i].client_name != NULL)
				at_xa(e, "client", ev[i].client_name);
			if (ev[i].who != NULL)
				at_xa(e, "who", ev[i].who);
			if (ev[i].place != NULL)
				at_xa(e, "place", ev[i].place);
			if (ev[i].confirm == NULL || !at_is_staff(req))
				continue;
			at_xa(e, "confirm", ev[i].confirm);
			if (ev[i].confirm_ask != NULL) {
				at_xa(e, "ask", ev[i].confirm_ask);
				at_xa(e, "ask-label", ev[i].confirm_ask_label !=
				    NULL ? ev[i].confirm_ask_label :
				    ev[i].confirm_ask);
			}
			/* The hidden fields, decoded; the skin escapes. */
			fields = at_pstrdup(req->pool, ev[i].confirm_fields !=
			    NULL ? ev[i].confirm_fields : "");
			for (p = fields; (kv = strsep(&p, "&")) != NULL; ) {
				if ((eq = strchr(kv, '=')) == NULL)
					continue;
				*eq++ = '\0';
				f = at_x(e, "field", NULL);
				at_xa(f, "name", at_url_decode(req->pool, kv,
				    strlen(kv), 1));
				at_xa(f, "value", at_url_decode(req->pool, eq,
				    strlen(eq), 1));
			}
		}
	}
	return 0;
}

/* The id in query parameter name (0 when absent or not a number). */
static long long
cal_qid(struct at_req *req, const char *name)
{
	long long	 v;

	if (at_query(req, name) == NULL || at_strtoll(at_query(req, name),
	    &v) == -1 || v < 0)
		return 0;
	return v;
}

/*
 * The team's calendar for the caller (GET /staff/calendar and after a
 * feed reset, with the new link in feed): query view ("month", the
 * default, or "week"), date (a day in the period; today by default),
 * client and staff (ids; 0 or none: all).  200 or 500.
 */
static int
cal_staff_page(struct at_req *req, const char *feed)
{
	struct at_cal_query q;
	struct at_rows	*cl, *st, *fd;
	struct tm	 tm;
	xmlNodePtr	 c, cal, l, n;
	const char	*view = at_query(req, "view");
	const char	*date = at_query(req, "date");
	time_t		 day, from, to, prev, next;
	size_t		 i;
	int		 week;

	week = view != NULL && strcmp(view, "week") == 0;
	if ((day = cal_parse_day(date)) == -1)
		day = cal_parse_day(at_today(req->pool));
	gmtime_r(&day, &tm);
	if (week) {
		from = cal_monday(day);
		to = from + 7 * 86400;
		prev = from - 7 * 86400;
		next = to;
	} else {
		tm.tm_mday = 1;
		from = cal_monday(timegm(&tm));
		prev = timegm(&tm) - 86400;	/* last month's last day */
		tm.tm_mon++;
		next = timegm(&tm);		/* next month's first */
		to = cal_monday(next - 86400) + 7 * 86400;
		gmtime_r(&day, &tm);
	}
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.from = cal_day(req->pool, from);
	q.to = cal_day(req->pool, to);
	q.client = cal_qid(req, "client");
	q.staff = cal_qid(req, "staff");

	at_page_id(req, "calendar");
	at_page_title(req, "Calendar");
	c = at_page_content(req);
	cal = at_x(c, "calendar", NULL);
	at_xa(cal, "area", "staff");
	at_xa(cal, "view", week ? "week" : "month");
	at_xa(cal, "date", cal_day(req->pool, day));
	at_xa(cal, "from", q.from);
	at_xa(cal, "to", q.to);
	at_xa(cal, "today", at_today(req->pool));
	at_xa(cal, "prev", cal_day(req->pool, prev));
	at_xa(cal, "next", cal_day(req->pool, next));
	if (week)
		at_xaf(cal, "title", "Week of %d %s %d", atoi(q.from + 8),
		    cal_months[atoi(q.from + 5) - 1], atoi(q.from));
	else
		at_xaf(cal, "title", "%s %d", cal_months[tm.tm_mon],
		    tm.tm_year + 1900);
	at_xaf(cal, "client", "%lld", q.client);
	at_xaf(cal, "staff", "%lld", q.staff);
	if (cal_grid(req, cal, &q, week ? 0 : tm.tm_mon + 1) == -1)
		return 500;

	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name LIMIT 500", "");
	st = at_db_select(req->db, req->pool, "SELECT id, name FROM users "
	    "WHERE role IN ('staff', 'admin') AND active = 1 ORDER BY name "
	    "LIMIT 500", "");
	fd = at_db_select(req->db, req->pool, "SELECT created_at FROM "
	    "calendar_feeds WHERE user_id = ?", "I", req->user->id);
	if (cl == NULL || st == NULL || fd == NULL)
		return 500;
	l = at_x(c, "clients", NULL);
	for (i = 0; i < cl->n; i++) {
		n = at_x(l, "client", NULL);
		at_xa(n, "id", at_row(cl, i, "id"));
		at_xa(n, "name", at_row(cl, i, "name"));
	}
	l = at_x(c, "staff-list", NULL);
	for (i = 0; i < st->n; i++) {
		n = at_x(l, "person", NULL);
		at_xa(n, "id", at_row(st, i, "id"));
		at_xa(n, "name", at_row(st, i, "name"));
	}
	n = at_x(c, "feed", NULL);
	if (fd->n == 1)
		at_xa(n, "since", at_time_local(req->pool,
		    at_row(fd, 0, "created_at")));
	if (feed != NULL)
		at_xa(n, "url", feed);
	return 200;
}

/* GET /staff/calendar (staff). */
static int
h_staff_calendar(struct at_req *req)
{
	return cal_staff_page(req, NULL);
}

/*
 * POST /staff/calendar/feed (staff): makes (or replaces) the caller's
 * private feed link and shows it once, on the calendar; the old link
 * stops working.
 */
static int
h_feed_reset(struct at_req *req)
{
	const char	*tok;

	tok = at_token(req->pool, 32);
	if (at_db_exec(req->db, "REPLACE INTO calendar_feeds (user_id, "
	    "token_hash, created_at) VALUES (?, ?, UTC_TIMESTAMP())", "Is",
	    req->user->id, at_token_hash(req->pool, tok)) == -1)
		return 500;
	at_flash(req, "ok", "Your new calendar link is below; the old one "
	    "no longer works.");
	return cal_staff_page(req, at_pprintf(req->pool,
	    "%s/calendar/feed/%s.ics", at_site_base_url(req->site), tok));
}

/*
 * GET /calendar/feed/:token (anyone with the link): the staff member's
 * calendar as iCalendar, from CAL_FEED_BACK days ago to CAL_FEED_AHEAD
 * days ahead, every client and staff member (what their calendar shows
 * unfiltered).  404 for a token that is not a live link of active staff.
 */
static int
h_feed(struct at_req *req)
{
	struct at_cal_query q;
	struct at_cal_event *ev;
	struct at_rows	*u;
	struct at_user	*who;
	const char	*tok = at_arg(req, "token"), *host;
	char		*ics;
	size_t		 len, n;
	time_t		 today;

	len = strlen(tok);
	if (len > 4 && strcmp(tok + len - 4, ".ics") == 0)
		tok = at_pstrndup(req->pool, tok, len - 4);
	if (strlen(tok) != 43)
		return 404;
	u = at_db_select(req->db, req->pool, "SELECT u.id, u.name, u.email, "
	    "u.role FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
	    "WHERE f.token_hash = ? AND u.active = 1 AND u.role IN ('staff', "
	    "'admin')", "s", at_token_hash(req->pool, tok));
	if (u == NULL)
		return 500;
	if (u->n != 1)
		return 404;
	/* The sources run for the link's owner, as on their calendar. */
	who = at_palloc(req->pool, sizeof(*who));
	who->id = at_row_int(u, 0, "id", 0);
	who->name = at_row(u, 0, "name");
	who->email = at_row(u, 0, "email");
	who->role = strcmp(at_row(u, 0, "role"), "admin") == 0 ?
	    AT_ROLE_ADMIN : AT_ROLE_STAFF;
	who->plugins = at_palloc(req->pool, sizeof(char *));
	req->user = who;
	today = cal_parse_day(at_today(req->pool));
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.from = cal_day(req->pool, today - CAL_FEED_BACK * 86400);
	q.to = cal_day(req->pool, today + CAL_FEED_AHEAD * 86400);
	n = 0;
	if (at_cal_fill(req, &q, &ev, &n) == -1) {
		req->user = NULL;
		return 500;
	}
	req->user = NULL;
	/* Events' UIDs name the site: its address without the scheme. */
	host = at_site_base_url(req->site);
	if (host != NULL && strstr(host, "://") != NULL)
		host = strstr(host, "://") + 3;
	if (host != NULL)
		host = at_pstrndup(req->pool, host, strcspn(host, "/"));
	ics = hub_ics_calendar(req->pool, at_pprintf(req->pool, "%s "
	    "(Atrium)", who->name), host, ev, n, time(NULL));
	at_resp_header(req, "Content-Disposition",
	    "attachment; filename=\"calendar.ics\"");
	at_resp_header(req, "Cache-Control", "private, no-store");
	return at_send(req, 200, "text/calendar; charset=utf-8", ics,
	    strlen(ics));
}

/*
 * GET /calendar (contact): the client's own shared dates in the next
 * CAL_UPCOMING_DAYS days (milestones, task due dates, meetings), as a
 * list by day.
 */
static int
h_calendar(struct at_req *req)
{
	struct at_cal_query q;
	xmlNodePtr	 c, cal;
	time_t		 today;

	today = cal_parse_day(at_today(req->pool));
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.from = cal_day(req->pool, today);
	q.to = cal_day(req->pool, today + CAL_UPCOMING_DAYS * 86400);
	at_page_id(req, "calendar");
	at_page_title(req, "Calendar");
	c = at_page_content(req);
	cal = at_x(c, "calendar", NULL);
	at_xa(cal, "area", "client");
	at_xa(cal, "view", "upcoming");
	at_xa(cal, "from", q.from);
	at_xa(cal, "to", q.to);
	at_xa(cal, "today", at_today(req->pool));
	at_xaf(cal, "days", "%d", CAL_UPCOMING_DAYS);
	if (cal_grid(req, cal, &q, 0) == -1)
		return 500;
	return 200;
}

static const struct at_route cal_routes[] = {
	{ AT_GET, "/staff/calendar", AT_STAFF, h_staff_calendar, NULL,
	    NULL },
	{ AT_POST, "/staff/calendar/feed", AT_STAFF, h_feed_reset, NULL,
	    NULL },
	{ AT_GET, "/calendar/feed/:token", AT_ANON, h_feed, NULL, NULL },
	{ AT_GET, "/calendar", AT_CONTACT, h_calendar, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the calendar pages, the feed and the projects' source. */
static int
cal_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, cal_routes);
	at_reg_nav(reg, AT_STAFF, "Calendar", "/staff/calendar", 65);
	at_reg_nav(reg, AT_CONTACT, "Calendar", "/calendar", 65);
	at_reg_cal_source(reg, &cal_proj_source);
	return 0;
}

const struct at_plugin at_mod_calendar = {
	AT_PLUGIN_HEAD,
	.name = "calendar",
	.version = PACKAGE_VERSION,
	.summary = "The team's calendar, its feeds and clients' dates",
	.init = cal_init,
};
