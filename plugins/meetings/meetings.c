/*
 * The meetings plugin: client contacts request meetings (preferred time,
 * an alternative, type, topic, notes, project), staff confirm, decline,
 * propose another time, cancel or mark them held, and write notes and
 * decisions that stay internal until shared.  Confirmed meetings come as
 * .ics files and through a private calendar feed per contact.  Every
 * change notifies the other side through the outbox with a link.
 *
 * Every query a contact can reach is scoped by the contact's client; a
 * meeting of another client is "not found", by id, by .ics or by feed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>

#include "ics.h"
#include "validate.h"
#include "reports.h"

#define MT_FIELDS "m.id, m.client_id, c.name AS client, m.topic, m.notes, " \
	"m.type, m.status, m.pref_start, m.alt_start, m.proposed_start, " \
	"m.start_at, m.duration_min, m.location, m.video_url, " \
	"m.decline_reason, m.sequence, m.project_id, m.requested_by, " \
	"r.name AS requester, m.created_at, " \
	"(SELECT GROUP_CONCAT(u.name ORDER BY u.role <> 'contact', u.name " \
	"SEPARATOR ', ') FROM meeting_attendees ma JOIN users u ON " \
	"u.id = ma.user_id WHERE ma.meeting_id = m.id) AS attendees "
#define MT_FROM "FROM meetings m JOIN clients c ON c.id = m.client_id " \
	"LEFT JOIN users r ON r.id = m.requested_by "

/* Times of a meeting row shown in the site's zone, as attributes. */
static void
mt_times(struct at_req *req, xmlNodePtr n, const struct at_rows *r, size_t i)
{
	static const char *const cols[] = { "pref_start", "alt_start",
	    "proposed_start", "start_at", NULL };
	const char *const *c;
	const char	*v;

	for (c = cols; *c != NULL; c++)
		if ((v = at_row(r, i, *c)) != NULL)
			at_xa(n, *c, at_time_local(at_req_pool(req), v));
}

/* Adds <meeting> items for rows under parent. */
static void
mt_list(struct at_req *req, xmlNodePtr parent, const char *name,
    const struct at_rows *r)
{
	xmlNodePtr	 list, m;
	size_t		 i;

	list = at_x(parent, name, NULL);
	for (i = 0; i < r->n; i++) {
		m = at_x_row(list, "meeting", r, i);
		mt_times(req, m, r, i);
	}
}

/* The site's host name, for UIDs. */
static const char *
mt_host(struct at_req *req)
{
	const char	*b = at_site_base_url(at_req_site(req)), *p;
	size_t		 n;

	if ((p = strstr(b, "://")) != NULL)
		b = p + 3;
	n = strcspn(b, ":/");
	return at_pstrndup(at_req_pool(req), b, n);
}

/*
 * Notifies every account in r (column id; NULL: the lookup failed) of
 * kind ("meetings.team" or "meetings.client"): "Meeting: what" (cut
 * between characters when long) with a link to path/id.  0, or -1 when
 * anyone could not be notified (logged).
 */
static int
mt_tell(struct at_req *req, const struct at_rows *r, const char *kind,
    const char *path, long long id, const char *what)
{
	struct at_notice nt;
	size_t	 i;
	int	 rc = 0;

	if (r == NULL) {
		log_warn("meetings: meeting %lld: could not find whom to tell",
		    id);
		return -1;
	}
	memset(&nt, 0, sizeof(nt));
	nt.size = AT_EXT_SIZE(at_notice);
	nt.kind = kind;
	nt.subject = at_pprintf(at_req_pool(req), "Meeting: %s", what);
	nt.text = what;
	nt.link = at_pprintf(at_req_pool(req), "%s/%lld", path, id);
	nt.item_type = "meeting";
	nt.item_id = id;
	for (i = 0; i < r->n; i++)
		if (at_notify(at_req_db(req), at_req_site(req), at_row_int(r, i, "id", 0),
		    &nt) == -1) {
			log_warn("meetings: meeting %lld: account %s was not "
			    "notified", id, at_row(r, i, "id"));
			rc = -1;
		}
	return rc;
}

/* Notifies every active staff member about meeting id; 0 or -1. */
static int
mt_tell_staff(struct at_req *req, long long id, const char *what)
{
	return mt_tell(req, at_db_select(at_req_db(req), at_req_pool(req), "SELECT id "
	    "FROM users WHERE role IN ('staff', 'admin') AND active = 1", ""),
	    "meetings.team", "/staff/meetings", id, what);
}

/* Notifies the requester and the contacts attending meeting id; 0 or -1. */
static int
mt_tell_client(struct at_req *req, long long id, const char *what)
{
	return mt_tell(req, at_db_select(at_req_db(req), at_req_pool(req), "SELECT "
	    "DISTINCT u.id FROM users u JOIN meetings m ON m.id = ? WHERE "
	    "u.active = 1 AND u.role = 'contact' AND u.client_id = "
	    "m.client_id AND (u.id = m.requested_by OR u.id IN (SELECT "
	    "user_id FROM meeting_attendees WHERE meeting_id = m.id))", "I",
	    id), "meetings.client", "/meetings", id, what);
}

/*
 * The flash after a change: msg, or, when the mail that tells who
 * about it could not be queued (mailed -1), an error that says so.
 */
static void
mt_flash(struct at_req *req, int mailed, const char *msg, const char *who)
{
	if (mailed == -1)
		at_flash(req, "error", at_pprintf(at_req_pool(req),
		    "%s But %s could "
		    "not be told by mail: please tell them another way.", msg,
		    who));
	else
		at_flash(req, "ok", msg);
}

/*
 * The meeting id of the route, if the caller may see it (contacts: their
 * client's).  Its row, or NULL (*status 404 or 500).
 */
static struct at_rows *
mt_get(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " MT_FIELDS MT_FROM
	    "WHERE m.id = ? AND (? = 0 OR m.client_id = ?)", "III", id,
	    at_client_scope(req), at_client_scope(req));
	if (r == NULL) {
		*status = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/* The projects a contact's client can see, for the request form. */
static void
mt_projects(struct at_req *req, xmlNodePtr parent)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM projects "
	    "WHERE client_id = ? AND visible = 1 ORDER BY name", "I",
	    at_client_scope(req));
	if (r != NULL)
		at_x_rows(parent, "projects", "project", r);
}

/*
 * GET /meetings (contact): upcoming and past meetings of the contact's
 * client.  Adds <upcoming>, <past> of <meeting>, <feed exists/>.
 */
static int
h_list(struct at_req *req)
{
	struct at_rows	*up, *past, *feed;
	xmlNodePtr	 c, f;
	long long	 cl = at_client_scope(req);
	const char	*seen = at_seen_since(req, "meetings");

	/* Marked: new or changed since the contact last opened the list. */
#define MT_CHANGED ", CASE WHEN m.created_at > ? THEN 'new' WHEN " \
	"m.updated_at > ? THEN 'updated' ELSE '' END AS changed "
	if (seen == NULL)
		return 500;
	up = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " MT_FIELDS MT_CHANGED MT_FROM
	    "WHERE m.client_id = ? AND (m.status IN ('requested', 'proposed') "
	    "OR (m.status = 'confirmed' AND m.start_at >= UTC_TIMESTAMP())) "
	    "ORDER BY m.status = 'confirmed', COALESCE(m.start_at, "
	    "m.proposed_start, m.pref_start)", "ssI", seen, seen, cl);
	past = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " MT_FIELDS MT_CHANGED MT_FROM
	    "WHERE m.client_id = ? AND (m.status IN ('held', 'declined', "
	    "'cancelled') OR (m.status = 'confirmed' AND m.start_at < "
	    "UTC_TIMESTAMP())) ORDER BY COALESCE(m.start_at, m.pref_start) "
	    "DESC LIMIT 50", "ssI", seen, seen, cl);
	feed = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT created_at FROM "
	    "meeting_feeds WHERE user_id = ?", "I",
	    at_user_id(at_req_user(req)));
	if (up == NULL || past == NULL || feed == NULL ||
	    at_seen_mark(req, "meetings") == -1)
		return 500;
	at_page_id(req, "meetings-list");
	at_page_title(req, "Meetings");
	c = at_page_content(req);
	mt_list(req, c, "upcoming", up);
	mt_list(req, c, "past", past);
	f = at_x(c, "feed", NULL);
	at_xa(f, "exists", feed->n > 0 ? "1" : "0");
	return 200;
}

/* The request form, with what was typed. */
static int
mt_request_form(struct at_req *req)
{
	xmlNodePtr	 c;

	at_page_id(req, "meetings-request");
	at_page_title(req, "Request a meeting");
	c = at_page_content(req);
	mt_projects(req, c);
	at_x_form(req, c, "request");
	if (at_db_gone(at_req_db(req)))
		return 503;
	return 200;
}

/* GET /meetings/request (contact): the form. */
static int
h_request_form(struct at_req *req)
{
	return mt_request_form(req);
}

/*
 * Reads and checks the preferred and alternative times of a request:
 * fields date, time, alt_date, alt_time.  0, or -1 with field errors set.
 */
static int
mt_read_times(struct at_req *req, time_t *pref, time_t *alt)
{
	const char	*msg, *ad, *at;
	time_t		 now = time(NULL);
	int		 bad = 0;

	if ((msg = mt_when(at_form(req, "date"), at_form(req, "time"), now,
	    pref)) != NULL) {
		at_form_error(req, "date", msg);
		bad = 1;
	}
	*alt = 0;
	ad = at_form(req, "alt_date");
	at = at_form(req, "alt_time");
	if ((ad != NULL && *ad != '\0') || (at != NULL && *at != '\0')) {
		if ((msg = mt_when(ad, at, now, alt)) != NULL) {
			at_form_error(req, "alt_date", msg);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/*
 * POST /meetings/request (contact): fields date, time, alt_date,
 * alt_time, type, topic, notes, project.  Creates the request and tells
 * staff; a rejected form comes back with what was typed.
 */
static int
h_request(struct at_req *req)
{
	const char	*type, *proj, *msg;
	time_t		 pref, alt;
	long long	 pid = 0, id;
	struct at_rows	*r;
	int		 mailed;

	mt_read_times(req, &pref, &alt);
	type = at_form(req, "type");
	if ((msg = mt_type(type)) != NULL)
		at_form_error(req, "type", msg);
	proj = at_form(req, "project");
	if (proj != NULL && *proj != '\0') {
		r = NULL;
		if (at_strtoll(proj, &pid) == 0 && pid > 0)
			r = at_db_select(at_req_db(req), at_req_pool(req),
			    "SELECT id FROM "
			    "projects WHERE id = ? AND client_id = ? AND "
			    "visible = 1", "II", pid, at_client_scope(req));
		if (r == NULL && at_db_gone(at_req_db(req)))
			return 503;
		if (r == NULL || r->n == 0)
			at_form_error(req, "project", "Choose one of your "
			    "projects, or none.");
	}
	if (at_form_errors(req) > 0)
		return mt_request_form(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO meetings (client_id, "
	    "requested_by, project_id, topic, notes, type, pref_start, "
	    "alt_start) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
	    "IIIsssss", at_client_scope(req), at_user_id(at_req_user(req)), pid,
	    at_form(req, "topic"), at_form(req, "notes"), type,
	    at_time_utc(at_req_pool(req), pref), alt != 0 ?
	    at_time_utc(at_req_pool(req), alt) : NULL) == -1)
		return 500;
	id = at_db_insert_id(at_req_db(req));
	if (at_db_exec(at_req_db(req),
	    "INSERT INTO meeting_attendees (meeting_id, "
	    "user_id) VALUES (?, ?)", "II", id,
	    at_user_id(at_req_user(req))) != 1)
		log_warn("meetings: meeting %lld: the requester is not listed "
		    "as attending", id);
	mailed = mt_tell_staff(req, id, at_pprintf(at_req_pool(req), "%s of %s "
	    "requested \"%s\"", at_user_name(at_req_user(req)),
	    at_user_client_name(at_req_user(req)),
	    at_form(req, "topic")));
	at_activity(req, at_client_scope(req), "request", "meeting", id,
	    at_form(req, "topic"), 1);
	mt_flash(req, mailed, "Your request is sent. We will confirm a "
	    "time.", "the team");
	return at_redirect(req, at_pprintf(at_req_pool(req), "/meetings/%lld",
	    id));
}

/* Adds the meeting's notes (contacts: shared ones only). */
static int
mt_notes(struct at_req *req, xmlNodePtr parent, long long id)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT n.id, n.kind, n.body, "
	    "n.visible, n.created_at, u.name AS author FROM meeting_notes n "
	    "LEFT JOIN users u ON u.id = n.author_id WHERE n.meeting_id = ? "
	    "AND (n.visible = 1 OR ?) ORDER BY n.id", "Ii", id,
	    at_is_staff(req) ? 1 : 0);
	if (r == NULL)
		return -1;
	at_x_rows(parent, "notes", "note", r);
	return 0;
}

/* GET /meetings/:id (contact): one meeting, shared notes, actions. */
static int
h_view(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c, m;
	int		 st;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "meetings-view");
	at_page_title(req, at_row(r, 0, "topic"));
	c = at_page_content(req);
	m = at_x_row(c, "meeting", r, 0);
	mt_times(req, m, r, 0);
	if (mt_notes(req, c, at_row_int(r, 0, "id", 0)) == -1)
		return 500;
	at_x_form(req, c, "again");
	return 200;
}

/* POST /meetings/:id/accept (contact): takes the proposed time. */
static int
h_accept(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "status"), "proposed") != 0) {
		at_flash(req, "error", "There is no proposed time to accept.");
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/meetings/%lld",
		    id));
	}
	if (at_db_exec(at_req_db(req),
	    "UPDATE meetings SET status = 'confirmed', "
	    "start_at = proposed_start, sequence = sequence + 1, updated_at "
	    "= UTC_TIMESTAMP() WHERE id = ? AND status = 'proposed'", "I",
	    id) == -1)
		return 500;
	mailed = mt_tell_staff(req, id, at_pprintf(at_req_pool(req),
	    "%s accepted "
	    "the proposed time for \"%s\"", at_user_name(at_req_user(req)),
	    at_row(r, 0, "topic")));
	at_activity(req, at_client_scope(req), "accept", "meeting", id,
	    at_row(r, 0, "topic"), 1);
	mt_flash(req, mailed, "The meeting is confirmed.", "the team");
	return at_redirect(req, at_pprintf(at_req_pool(req), "/meetings/%lld",
	    id));
}

/*
 * POST /meetings/:id/again (contact): fields date, time, alt_date,
 * alt_time.  Asks for other times after a proposal or a decline.
 */
static int
h_again(struct at_req *req)
{
	struct at_rows	*r;
	time_t		 pref, alt;
	int		 st;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "status"), "proposed") != 0 &&
	    strcmp(at_row(r, 0, "status"), "declined") != 0) {
		at_flash(req, "error", "This meeting is not waiting for new "
		    "times.");
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/meetings/%lld",
		    id));
	}
	if (mt_read_times(req, &pref, &alt) == -1)
		return h_view(req);
	if (at_db_exec(at_req_db(req),
	    "UPDATE meetings SET status = 'requested', "
	    "pref_start = ?, alt_start = ?, proposed_start = NULL, "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssI",
	    at_time_utc(at_req_pool(req), pref), alt != 0 ?
	    at_time_utc(at_req_pool(req), alt) : NULL, id) == -1)
		return 500;
	mailed = mt_tell_staff(req, id, at_pprintf(at_req_pool(req),
	    "%s asked for "
	    "other times for \"%s\"", at_user_name(at_req_user(req)), at_row(r,
	    0, "topic")));
	mt_flash(req, mailed, "Your new times are sent.", "the team");
	return at_redirect(req, at_pprintf(at_req_pool(req), "/meetings/%lld",
	    id));
}

/* Fills an event from meeting row i; attendees from a second query. */
static int
mt_event(struct at_req *req, const struct at_rows *r, size_t i,
    struct mt_event *ev)
{
	struct at_rows	*a, *o;
	struct mt_attendee *att;
	size_t		 k;
	long long	 id = at_row_int(r, i, "id", 0);

	memset(ev, 0, sizeof(*ev));
	ev->uid = at_pprintf(at_req_pool(req), "meeting-%lld@%s", id,
	    mt_host(req));
	ev->sequence = (int)at_row_int(r, i, "sequence", 0);
	ev->cancelled = strcmp(at_row(r, i, "status"), "cancelled") == 0;
	ev->start = at_time_parse_utc(at_row(r, i, "start_at"));
	ev->minutes = (int)at_row_int(r, i, "duration_min", 30);
	ev->stamp = time(NULL);
	ev->summary = at_row(r, i, "topic");
	ev->description = at_pprintf(at_req_pool(req), "%s\n\n%s/meetings/%lld",
	    at_row(r, i, "notes") != NULL ? at_row(r, i, "notes") : "",
	    at_site_base_url(at_req_site(req)), id);
	ev->location = at_row(r, i, "location");
	ev->url = at_row(r, i, "video_url");
	a = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.name, u.email FROM "
	    "meeting_attendees ma JOIN users u ON u.id = ma.user_id WHERE "
	    "ma.meeting_id = ? ORDER BY u.name", "I", id);
	o = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.name, u.email FROM "
	    "meetings m JOIN users u ON u.id = m.confirmed_by WHERE m.id = ?",
	    "I", id);
	if (a == NULL || o == NULL)
		return -1;
	if (o->n == 1) {
		ev->organizer_name = at_row(o, 0, "name");
		ev->organizer_email = at_row(o, 0, "email");
	}
	att = at_palloc(at_req_pool(req), (a->n + 1) * sizeof(*att));
	for (k = 0; k < a->n; k++) {
		att[k].name = at_row(a, k, "name");
		att[k].email = at_row(a, k, "email");
	}
	ev->attendees = att;
	ev->nattendees = a->n;
	return 0;
}

/* Sends events as a calendar attachment. */
static int
mt_send_ics(struct at_req *req, struct mt_event *ev, size_t n,
    const char *name, int all_cancelled)
{
	char	*cal;

	cal = mt_ics_calendar(at_req_pool(req), "-//Atrium//Meetings//EN",
	    all_cancelled ? "CANCEL" : "PUBLISH", ev, n);
	at_resp_header(req, "Content-Disposition", at_pprintf(at_req_pool(req),
	    "attachment; filename=\"%s\"", name));
	return at_send(req, 200, "text/calendar; charset=utf-8", cal,
	    strlen(cal));
}

/*
 * GET /meetings/:id/ics (contact) and /staff/meetings/:id/ics (staff):
 * the confirmed (or cancelled) meeting as an .ics file.
 */
static int
h_ics(struct at_req *req)
{
	struct at_rows	*r;
	struct mt_event	 ev;
	int		 st;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	if (at_row(r, 0, "start_at") == NULL ||
	    (strcmp(at_row(r, 0, "status"), "confirmed") != 0 &&
	    strcmp(at_row(r, 0, "status"), "cancelled") != 0 &&
	    strcmp(at_row(r, 0, "status"), "held") != 0))
		return 404;
	if (mt_event(req, r, 0, &ev) == -1)
		return 500;
	return mt_send_ics(req, &ev, 1, at_pprintf(at_req_pool(req),
	    "meeting-%s.ics", at_row(r, 0, "id")), ev.cancelled);
}

/*
 * GET /meetings/feed/:token (anyone with the link): the contact's
 * client's confirmed and cancelled meetings.  The token is the secret;
 * only its hash is stored.  404 for an unknown token, an inactive
 * contact, or a client whose portal or meetings are off.
 */
static int
h_feed(struct at_req *req)
{
	struct at_rows	*u, *r;
	struct mt_event	*ev;
	const char	*tok = at_arg(req, "token");
	size_t		 len, i;

	len = strlen(tok);
	if (len > 4 && strcmp(tok + len - 4, ".ics") == 0)
		tok = at_pstrndup(at_req_pool(req), tok, len - 4);
	u = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.client_id FROM "
	    "meeting_feeds f JOIN users u ON u.id = f.user_id JOIN clients c "
	    "ON c.id = u.client_id JOIN client_plugins cp ON cp.client_id = "
	    "c.id AND cp.plugin = 'meetings' AND cp.enabled = 1 WHERE "
	    "f.token_hash = ? AND u.active = 1 AND u.role = 'contact' AND "
	    "c.portal_enabled = 1", "s", at_token_hash(at_req_pool(req), tok));
	if (u == NULL)
		return 500;
	if (u->n != 1)
		return 404;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " MT_FIELDS MT_FROM
	    "WHERE m.client_id = ? AND m.start_at IS NOT NULL AND m.status IN "
	    "('confirmed', 'cancelled', 'held') AND m.start_at > "
	    "UTC_TIMESTAMP() - INTERVAL 90 DAY ORDER BY m.start_at", "I",
	    at_row_int(u, 0, "client_id", 0));
	if (r == NULL)
		return 500;
	ev = at_palloc(at_req_pool(req), (r->n + 1) * sizeof(*ev));
	for (i = 0; i < r->n; i++)
		if (mt_event(req, r, i, &ev[i]) == -1)
			return 500;
	return mt_send_ics(req, ev, r->n, "meetings.ics", 0);
}

/*
 * POST /meetings/feed (contact): makes (or replaces) the contact's feed
 * link and shows it once; the old link stops working.
 */
static int
h_feed_reset(struct at_req *req)
{
	const char	*tok;
	xmlNodePtr	 f;

	tok = at_token(at_req_pool(req), 32);
	if (at_db_exec(at_req_db(req), "REPLACE INTO meeting_feeds (user_id, "
	    "token_hash, created_at) VALUES (?, ?, UTC_TIMESTAMP())", "Is",
	    at_user_id(at_req_user(req)), at_token_hash(at_req_pool(req),
	    tok)) == -1)
		return 500;
	at_page_id(req, "meetings-feed");
	at_page_title(req, "Your calendar feed");
	f = at_x(at_page_content(req), "feed", NULL);
	at_xa(f, "url", at_pprintf(at_req_pool(req), "%s/meetings/feed/%s.ics",
	    at_site_base_url(at_req_site(req)), tok));
	return 200;
}

/*
 * GET /staff/meetings (staff): pending requests first, then upcoming,
 * then past, across clients; filters client, status.
 */
static int
h_staff_list(struct at_req *req)
{
	static const char *const statuses[] = { "requested", "proposed",
	    "confirmed", "declined", "cancelled", "held", NULL };
	struct at_list_filter f;
	struct at_rows	*r;
	xmlNodePtr	 c, list, m;
	size_t		 i;

	at_page_id(req, "staff-meetings-list");
	at_page_title(req, "Meetings");
	c = at_page_content(req);
	if (at_list_filter(req, c, "status", statuses, NULL, AT_LIST_CLIENTS,
	    &f) == -1)
		return 500;
	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT " MT_FIELDS ", "
	    "CASE WHEN m.status IN ('requested') THEN 0 WHEN m.status = "
	    "'proposed' THEN 1 WHEN m.status = 'confirmed' AND m.start_at >= "
	    "UTC_TIMESTAMP() THEN 2 ELSE 3 END AS bucket " MT_FROM
	    "WHERE (? = 0 OR m.client_id = ?) AND (? IS NULL OR m.status = ?) "
	    "ORDER BY bucket, CASE WHEN bucket < 3 THEN COALESCE(m.start_at, "
	    "m.proposed_start, m.pref_start) END, COALESCE(m.start_at, "
	    "m.pref_start) DESC LIMIT 200", "IIss", f.client, f.client,
	    f.state, f.state);
	if (r == NULL || at_seen_mark(req, "meetings") == -1)
		return 500;
	list = at_x(c, "meetings", NULL);
	for (i = 0; i < r->n; i++) {
		m = at_x_row(list, "meeting", r, i);
		mt_times(req, m, r, i);
	}
	return 200;
}

/* GET /staff/meetings/:id (staff): a meeting with every action. */
static int
h_staff_view(struct at_req *req)
{
	struct at_rows	*r, *people, *att;
	xmlNodePtr	 c, m;
	int		 st;
	long long	 id;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	people = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT u.id, u.name, "
	    "u.role, EXISTS (SELECT 1 FROM meeting_attendees ma WHERE "
	    "ma.meeting_id = ? AND ma.user_id = u.id) AS attending FROM users "
	    "u WHERE u.active = 1 AND (u.client_id = ? OR u.role IN ('staff', "
	    "'admin')) ORDER BY u.role = 'contact' DESC, u.name", "II", id,
	    at_row_int(r, 0, "client_id", 0));
	att = people;
	if (people == NULL)
		return 500;
	at_page_id(req, "staff-meetings-view");
	at_page_title(req, at_row(r, 0, "topic"));
	c = at_page_content(req);
	m = at_x_row(c, "meeting", r, 0);
	mt_times(req, m, r, 0);
	at_x_rows(c, "people", "person", att);
	if (mt_notes(req, c, id) == -1)
		return 500;
	at_x_form(req, c, "staff");
	return 200;
}

/*
 * Back to the staff page of meeting id with a message, which says so
 * when the client could not be told (mailed -1).
 */
static int
mt_staff_done(struct at_req *req, long long id, int mailed, const char *msg)
{
	mt_flash(req, mailed, msg, "the client");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/meetings/%lld",
	    id));
}

/*
 * POST /staff/meetings/:id/confirm (staff): fields date, time, minutes,
 * location, video_url, attendee (repeated).  Confirms and tells the
 * client.
 */
static int
h_confirm(struct at_req *req)
{
	struct at_rows	*r;
	const struct at_param *p;
	const char	*msg;
	time_t		 when;
	int		 st, minutes;
	long long	 id, uid;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if ((msg = mt_when(at_form(req, "date"), at_form(req, "time"),
	    time(NULL), &when)) != NULL)
		at_form_error(req, "date", msg);
	if ((msg = mt_minutes(at_form(req, "minutes"), &minutes)) != NULL)
		at_form_error(req, "minutes", msg);
	/* Any link is http(s) (at_v_url); a video meeting needs one. */
	if (strcmp(at_row(r, 0, "type"), "video") == 0 &&
	    (at_form(req, "video_url") == NULL ||
	    *at_form(req, "video_url") == '\0'))
		at_form_error(req, "video_url", "Enter the video link "
		    "(https://...).");
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	if (at_db_exec(at_req_db(req),
	    "UPDATE meetings SET status = 'confirmed', "
	    "start_at = ?, duration_min = ?, location = NULLIF(?, ''), "
	    "video_url = NULLIF(?, ''), confirmed_by = ?, sequence = "
	    "sequence + 1, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	    "sissII", at_time_utc(at_req_pool(req), when), minutes,
	    at_form(req, "location"), at_form(req, "video_url"),
	    at_user_id(at_req_user(req)), id) == -1)
		return 500;
	/* Attendees: the client's contacts and staff ticked on the form. */
	for (p = at_req_form(req); p != NULL; p = p->next) {
		if (strcmp(p->name, "attendee") != 0)
			continue;
		if (at_strtoll(p->value, &uid) == -1)
			continue;
		if (at_db_exec(at_req_db(req),
		    "INSERT IGNORE INTO meeting_attendees "
		    "(meeting_id, user_id) SELECT ?, id FROM users WHERE id = ? "
		    "AND active = 1 AND (client_id = ? OR role IN ('staff', "
		    "'admin'))", "III", id, uid, at_row_int(r, 0, "client_id",
		    0)) == -1)
			return 500;
	}
	mailed = mt_tell_client(req, id, at_pprintf(at_req_pool(req),
	    "\"%s\" is "
	    "confirmed for %s", at_row(r, 0, "topic"),
	    at_time_local(at_req_pool(req),
	    at_time_utc(at_req_pool(req), when))));
	at_activity(req, at_row_int(r, 0, "client_id", 0), "confirm",
	    "meeting", id, at_row(r, 0, "topic"), 1);
	return mt_staff_done(req, id, mailed, "Confirmed; the client is "
	    "told.");
}

/* POST /staff/meetings/:id/propose (staff): fields date, time. */
static int
h_propose(struct at_req *req)
{
	struct at_rows	*r;
	const char	*msg;
	time_t		 when;
	int		 st;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if ((msg = mt_when(at_form(req, "date"), at_form(req, "time"),
	    time(NULL), &when)) != NULL) {
		at_form_error(req, "date", msg);
		return h_staff_view(req);
	}
	if (at_db_exec(at_req_db(req),
	    "UPDATE meetings SET status = 'proposed', "
	    "proposed_start = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	    "sI", at_time_utc(at_req_pool(req), when), id) == -1)
		return 500;
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "propose",
	    "meeting", id, at_row(r, 0, "topic"), 1) == -1)
		return 500;
	mailed = mt_tell_client(req, id, at_pprintf(at_req_pool(req),
	    "We proposed "
	    "another time for \"%s\"", at_row(r, 0, "topic")));
	return mt_staff_done(req, id, mailed, "Proposal sent.");
}

/*
 * POST /staff/meetings/:id/status (staff): field action (decline,
 * cancel, held) and, to decline, reason.
 */
static int
h_status(struct at_req *req)
{
	struct at_rows	*r;
	const char	*action = at_form(req, "action"), *what;
	int		 st;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (action == NULL)
		return 400;
	if (strcmp(action, "decline") == 0) {
		if (at_form(req, "reason") == NULL ||
		    *at_form(req, "reason") == '\0') {
			at_form_error(req, "reason", "Say why, for the "
			    "client.");
			return h_staff_view(req);
		}
		st = at_db_exec(at_req_db(req), "UPDATE meetings SET status = "
		    "'declined', decline_reason = ?, updated_at = "
		    "UTC_TIMESTAMP() WHERE id = ?", "sI",
		    at_form(req, "reason"), id) == -1;
		what = "was declined";
	} else if (strcmp(action, "cancel") == 0) {
		st = at_db_exec(at_req_db(req), "UPDATE meetings SET status = "
		    "'cancelled', sequence = sequence + 1, updated_at = "
		    "UTC_TIMESTAMP() WHERE id = ?", "I", id) == -1;
		what = "was cancelled";
	} else if (strcmp(action, "held") == 0) {
		st = at_db_exec(at_req_db(req),
		    "UPDATE meetings SET status = 'held', "
		    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "I", id) == -1;
		what = "took place; notes will follow";
	} else
		return 400;
	if (st)
		return 500;
	mailed = mt_tell_client(req, id, at_pprintf(at_req_pool(req),
	    "\"%s\" %s",
	    at_row(r, 0, "topic"), what));
	at_activity(req, at_row_int(r, 0, "client_id", 0), action, "meeting",
	    id, at_row(r, 0, "topic"), 1);
	return mt_staff_done(req, id, mailed, "Saved; the client is told.");
}

/*
 * POST /staff/meetings/:id/notes (staff): fields kind (note, decision),
 * body, visible.  Internal unless visible is ticked.
 */
static int
h_note(struct at_req *req)
{
	struct at_rows	*r;
	const char	*kind = at_form(req, "kind");
	int		 st, shared;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (kind == NULL || (strcmp(kind, "note") != 0 &&
	    strcmp(kind, "decision") != 0))
		at_form_error(req, "kind", "Choose note or decision.");
	if (at_form_errors(req) > 0)
		return h_staff_view(req);
	shared = strcmp(at_form(req, "visible"), "1") == 0;
	if (at_db_exec(at_req_db(req),
	    "INSERT INTO meeting_notes (meeting_id, kind, "
	    "body, visible, author_id) VALUES (?, ?, ?, ?, ?)", "IssiI", id,
	    kind, at_form(req, "body"), shared,
	    at_user_id(at_req_user(req))) == -1)
		return 500;
	if (shared)
		mailed = mt_tell_client(req, id, at_pprintf(at_req_pool(req),
		    "New %s "
		    "for \"%s\"", kind, at_row(r, 0, "topic")));
	return mt_staff_done(req, id, mailed, shared ?
	    "Shared with the client." : "Saved (internal).");
}

/*
 * POST /staff/meetings/:id/notes/:note (staff): field visible.  Shares
 * or hides a note.
 */
static int
h_note_share(struct at_req *req)
{
	struct at_rows	*r;
	int		 st, shared;
	long long	 id;
	int		 mailed = 0;

	if ((r = mt_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	shared = strcmp(at_form(req, "visible"), "1") == 0;
	if (at_db_exec(at_req_db(req),
	    "UPDATE meeting_notes SET visible = ? WHERE "
	    "id = ? AND meeting_id = ?", "iII", shared, at_arg_id(req, "note"),
	    id) != 1)
		return at_db_gone(at_req_db(req)) ? 503 : 404;
	if (shared)
		mailed = mt_tell_client(req, id, at_pprintf(at_req_pool(req),
		    "New "
		    "notes for \"%s\"", at_row(r, 0, "topic")));
	return mt_staff_done(req, id, mailed, shared ?
	    "Shared with the client." : "Hidden from the client.");
}

/*
 * The contact's dashboard part, one query: the "Meetings" card (the next
 * confirmed meeting, how many requests wait for a time) and each meeting
 * for which the team proposed another time as "needs your action".
 */
static int
mt_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	struct at_need	 n;
	xmlNodePtr	 card, it;
	long long	 pending = 0;
	size_t		 i;
	const char	*k;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "(SELECT 'next' AS k, id, "
	    "topic, start_at AS t FROM meetings WHERE client_id = ? AND "
	    "status = 'confirmed' AND start_at >= UTC_TIMESTAMP() ORDER BY "
	    "start_at LIMIT 1) UNION ALL (SELECT 'pending', COUNT(*), NULL, "
	    "NULL FROM meetings WHERE client_id = ? AND status IN "
	    "('requested', 'proposed')) UNION ALL (SELECT 'proposed', id, "
	    "topic, proposed_start FROM meetings WHERE client_id = ? AND "
	    "status = 'proposed' ORDER BY proposed_start, id LIMIT 10)", "III",
	    at_client_scope(req), at_client_scope(req), at_client_scope(req));
	if (r == NULL)
		return -1;
	card = at_x(at_dash_cards(d), "card", NULL);
	at_xa(card, "name", "meetings");
	at_xa(card, "title", "Meetings");
	at_xa(card, "href", "/meetings");
	at_xa(card, "empty", "No meeting planned.");
	for (i = 0; i < r->n; i++) {
		k = at_row(r, i, "k");
		if (strcmp(k, "next") == 0) {
			it = at_x(card, "item", at_pprintf(at_req_pool(req),
			    "Next: %s", at_row(r, i, "topic")));
			at_xa(it, "href", at_pprintf(at_req_pool(req),
			    "/meetings/%s", at_row(r, i, "id")));
			at_xa(it, "when", at_time_local(at_req_pool(req),
			    at_row(r, i, "t")));
		} else if (strcmp(k, "pending") == 0)
			pending = at_row_int(r, i, "id", 0);
		else {
			memset(&n, 0, sizeof(n));
			n.size = AT_EXT_SIZE(at_need);
			n.kind = "meeting";
			n.label = "Pick a time";
			n.title = at_pprintf(at_req_pool(req),
			    "%s: proposed for %s",
			    at_row(r, i, "topic"),
			    at_time_local(at_req_pool(req),
			    at_row(r, i, "t")));
			n.href = at_pprintf(at_req_pool(req), "/meetings/%s",
			    at_row(r, i, "id"));
			at_dash_need(d, &n);
		}
	}
	if (pending > 0) {
		it = at_x(card, "item", at_pprintf(at_req_pool(req), "%lld %s "
		    "waiting for a time", pending, pending == 1 ? "request" :
		    "requests"));
		at_xa(it, "href", "/meetings");
	}
	return 0;
}

/*
 * The project page's "Meetings" section: the project's meetings, newest
 * first, as the generic <section name="meetings"> (contacts: their
 * client's only; staff link to the staff pages).
 */
static int
mt_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s, it;
	const char	*t;
	size_t		 i;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, topic, status, "
	    "COALESCE(start_at, proposed_start, pref_start) AS t FROM "
	    "meetings WHERE project_id = ? AND (? = 0 OR client_id = ?) "
	    "ORDER BY t DESC, id DESC LIMIT 20", "III", project,
	    at_client_scope(req), at_client_scope(req));
	if (r == NULL)
		return -1;
	s = at_x_section(parent, "meetings", "Meetings",
	    "No meeting about this project yet.");
	for (i = 0; i < r->n; i++) {
		t = at_row(r, i, "t");
		it = at_x_section_item(s, at_row(r, i, "topic"),
		    at_pprintf(at_req_pool(req), "%s/meetings/%s",
		    at_is_staff(req) ?
		    "/staff" : "", at_row(r, i, "id")), t != NULL ?
		    at_time_local(at_req_pool(req), t) : NULL);
		at_xa(it, "status", at_row(r, i, "status"));
	}
	return 0;
}

/*
 * Search provider: meetings whose topic or request notes match (full
 * text, index meetings_text); contacts find their client's meetings.
 */
static int
mt_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, topic AS title, LEFT(notes, "
	    "240) AS snippet, MATCH (topic, notes) AGAINST (? IN BOOLEAN "
	    "MODE) AS score FROM meetings WHERE MATCH (topic, notes) AGAINST "
	    "(? IN BOOLEAN MODE) AND (? = 1 OR client_id = ?) ORDER BY score "
	    "DESC, id DESC LIMIT ?", "ssiIi", at_search_terms(q),
	    at_search_terms(q), at_is_staff(req), at_client_scope(req),
	    at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/meetings/");
	return 0;
}

/* Activity about a meeting as a sentence, linked to the meeting. */
static void
mt_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	static const struct at_act_verb verbs[] = {
		{ "request", "requested the meeting" },
		{ "accept", "accepted the proposed time for the meeting" },
		{ "confirm", "confirmed the meeting" },
		{ "decline", "declined the meeting" },
		{ "cancel", "cancelled the meeting" },
		{ "held", "marked as held the meeting" },
		{ "propose", "proposed another time for the meeting" },
	};

	*href = at_act_href(req, "/meetings/", e->object_id);
	*sentence = at_act_sentence(req, e, verbs, sizeof(verbs) /
	    sizeof(verbs[0]));
}

/* The staff client page's "Meetings" tab, with the requests waiting. */
static int
mt_tab(struct at_req *req, xmlNodePtr tab, long long client)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COUNT(*) AS n FROM "
	    "meetings WHERE client_id = ? AND status = 'requested'", "I",
	    client);
	if (r == NULL)
		return -1;
	at_xa(tab, "count", at_row(r, 0, "n"));
	return 0;
}

/* The staff card: requests waiting for an answer. */
static int
mt_staff_card(struct at_req *req, xmlNodePtr cards)
{
	struct at_rows	*r;
	xmlNodePtr	 card;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT COUNT(*) AS n FROM "
	    "meetings WHERE status = 'requested'", "");
	if (r == NULL)
		return -1;
	card = at_x(cards, "card", NULL);
	at_xa(card, "name", "meetings");
	at_xa(card, "title", "Meeting requests");
	at_xa(card, "href", "/staff/meetings?status=requested");
	at_x(card, "count", at_row(r, 0, "n"));
	return 0;
}

static const struct at_field f_request[] = {
	{ "date", at_v_date, AT_F_REQUIRED, 10, "Preferred date" },
	{ "time", at_v_time, AT_F_REQUIRED, 8, "Preferred time" },
	{ "alt_date", at_v_date, 0, 10, "Alternative date" },
	{ "alt_time", at_v_time, 0, 8, "Alternative time" },
	{ "type", NULL, 0, 16,
	    "Type" },	/* mt_type() says what is missing */
	{ "topic", at_v_line, AT_F_REQUIRED, 200, "Topic" },
	{ "notes", NULL, 0, 4000, "Notes" },
	{ "project", NULL, 0, 20, "Project" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_again[] = {
	{ "date", at_v_date, AT_F_REQUIRED, 10, "Preferred date" },
	{ "time", at_v_time, AT_F_REQUIRED, 8, "Preferred time" },
	{ "alt_date", at_v_date, 0, 10, "Alternative date" },
	{ "alt_time", at_v_time, 0, 8, "Alternative time" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_confirm[] = {
	{ "date", at_v_date, AT_F_REQUIRED, 10, "Date" },
	{ "time", at_v_time, AT_F_REQUIRED, 8, "Time" },
	{ "minutes", NULL, 0, 4, "Duration" },
	{ "location", at_v_line, 0, 255, "Place" },
	{ "video_url", at_v_url, 0, 500, "Video link" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_propose[] = {
	{ "date", at_v_date, AT_F_REQUIRED, 10, "Date" },
	{ "time", at_v_time, AT_F_REQUIRED, 8, "Time" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_status[] = {
	{ "action", NULL, AT_F_REQUIRED, 16, "Action" },
	{ "reason", NULL, 0, 500, "Reason" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_note[] = {
	{ "kind", NULL, AT_F_REQUIRED, 16, "Kind" },
	{ "body", NULL, AT_F_REQUIRED, 20000, "Text" },
	{ "visible", at_v_bool, 0, 0, "Share with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route mt_routes[] = {
	{ AT_GET, "/meetings", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/meetings/request", AT_CONTACT, h_request_form, NULL,
	    NULL },
	{ AT_POST, "/meetings/request", AT_CONTACT, h_request, f_request,
	    NULL },
	{ AT_POST, "/meetings/feed", AT_CONTACT, h_feed_reset, NULL, NULL },
	{ AT_GET, "/meetings/feed/:token", AT_ANON, h_feed, NULL, NULL },
	{ AT_GET, "/meetings/:id", AT_CONTACT, h_view, NULL, NULL },
	{ AT_GET, "/meetings/:id/ics", AT_CONTACT, h_ics, NULL, NULL },
	{ AT_POST, "/meetings/:id/accept", AT_CONTACT, h_accept, NULL, NULL },
	{ AT_POST, "/meetings/:id/again", AT_CONTACT, h_again, f_again,
	    NULL },
	{ AT_GET, "/staff/meetings", AT_STAFF, h_staff_list, NULL, NULL },
	{ AT_GET, "/staff/meetings/:id", AT_STAFF, h_staff_view, NULL, NULL },
	{ AT_GET, "/staff/meetings/:id/ics", AT_STAFF, h_ics, NULL, NULL },
	{ AT_POST, "/staff/meetings/:id/confirm", AT_STAFF, h_confirm,
	    f_confirm, NULL },
	{ AT_POST, "/staff/meetings/:id/propose", AT_STAFF, h_propose,
	    f_propose, NULL },
	{ AT_POST, "/staff/meetings/:id/status", AT_STAFF, h_status,
	    f_status, NULL },
	{ AT_POST, "/staff/meetings/:id/notes", AT_STAFF, h_note, f_note,
	    NULL },
	{ AT_POST, "/staff/meetings/:id/notes/:note", AT_STAFF, h_note_share,
	    f_share, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_dash_part mt_dash_part = {
	AT_EXT_SIZE(at_dash_part), "meetings", AT_CONTACT, 60, mt_dash
};
static const struct at_section mt_sec = {
	AT_EXT_SIZE(at_section), "meetings", AT_CONTACT | AT_STAFF, 50,
	mt_section
};
static const struct at_search_provider mt_find = {
	AT_EXT_SIZE(at_search_provider), "meeting", "Meeting",
	AT_CONTACT | AT_STAFF, mt_search
};
static const struct at_act_kind mt_actk = {
	AT_EXT_SIZE(at_act_kind), "meeting", mt_act
};
static const struct at_client_tab mt_ctab = {
	AT_EXT_SIZE(at_client_tab), "meetings", "Meetings",
	"/staff/meetings?client=%lld", 60, mt_tab
};

/* The calendar source (calendar.c). */
extern const struct at_cal_source mt_cal;

/*
 * The navigation's count of meetings new or changed since the caller
 * last opened the list: a meeting the caller asked for counts once
 * someone else changed it, one the caller confirmed while it stays so.
 */
static const struct at_nav_count mt_navcount = {
	AT_EXT_SIZE(at_nav_count), "meetings", "/meetings",
	"SELECT COUNT(*) FROM meetings m WHERE m.client_id = ? AND "
	"GREATEST(m.created_at, m.updated_at) > ? AND NOT "
	"(COALESCE(m.requested_by, 0) = ? AND m.updated_at <= m.created_at)",
	"cmu", "/staff/meetings",
	"SELECT COUNT(*) FROM meetings m WHERE GREATEST(m.created_at, "
	"m.updated_at) > ? AND NOT (COALESCE(m.requested_by, 0) = ? AND "
	"m.updated_at <= m.created_at) AND NOT (COALESCE(m.confirmed_by, 0) "
	"= ? AND m.status = 'confirmed')", "muu", 0
};

/*
 * Registers the routes, navigation items, the dashboard part (card and
 * "needs your action"), the staff card, the project page's section, the
 * search provider, the activity sentences and the client page's tab.
 */
static int
mt_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, mt_routes);
	at_reg_nav(reg, AT_CONTACT, "Meetings", "/meetings", 60);
	at_reg_nav(reg, AT_STAFF, "Meetings", "/staff/meetings", 60);
	at_reg_nav_count(reg, &mt_navcount);
	at_reg_dash(reg, &mt_dash_part);
	at_reg_card(reg, AT_STAFF, mt_staff_card, 60);
	at_reg_section(reg, &mt_sec);
	at_reg_search(reg, &mt_find);
	at_reg_activity(reg, &mt_actk);
	at_reg_client_tab(reg, &mt_ctab);
	at_reg_cal_source(reg, &mt_cal);
	at_notify_kind(reg, "team", "Meeting requests and answers from "
	    "clients", AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "client", "Meeting confirmations, proposals and "
	    "changes", AT_CONTACT, AT_DELIVER_NOW);
	mt_reports_register(reg);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "meetings",
	.version = "1.0",
	.summary = "Meeting requests, confirmations, calendar files and notes",
	.init = mt_init,
};
