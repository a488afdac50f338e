/*
 * The meetings plugin's calendar source: a client's meetings on the
 * staff calendar (/staff/calendar) and on a contact's own calendar.
 * Confirmed (and held) meetings are solid; requested and proposed ones
 * are tentative, at the time they would take place (the time proposed,
 * else the client's preferred time), and for staff carry a confirm
 * button that posts to this plugin's own confirm route with that time.
 * A contact sees their own client's meetings only.  One round trip.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <atrium/atrium.h>

/* The fields the confirm route takes for row i of r (pool). */
static const char *
mtc_confirm_fields(struct at_req *req, const struct at_rows *r, size_t i)
{
	struct at_pool	*pool = at_req_pool(req);
	const char	*local;

	local = at_time_local(pool, at_row(r, i, "at"));
	if (local == NULL || strlen(local) < 16)
		return NULL;
	return at_pprintf(pool, "date=%s&time=%s&minutes=%s",
	    at_url_encode(pool, at_pstrndup(pool, local, 10)),
	    at_url_encode(pool, local + 11),
	    at_url_encode(pool, at_row(r, i, "duration_min")));
}

/* Adds the meetings in the calendar's dates for the caller. 0 or -1. */
static int
mt_cal_source(struct at_req *req, struct at_cal *cal)
{
	const struct at_cal_query *q = at_cal_q(cal);
	struct at_cal_event e;
	struct at_rows	*r;
	struct at_pool	*pool = at_req_pool(req);
	long long	 scope = at_client_scope(req), id;
	const char	*st;
	size_t		 i;
	int		 staff = scope == AT_SCOPE_ALL, tentative;

	/* A day either side: the dates asked for are the site's zone's. */
	r = at_db_select(at_req_db(req), pool, "SELECT m.id, m.client_id, "
	    "c.name AS client, m.topic, m.type, m.status, m.duration_min, "
	    "m.location, m.video_url, COALESCE(m.start_at, m.proposed_start, "
	    "m.pref_start) AS at, cu.name AS confirmer FROM meetings m JOIN "
	    "clients c ON c.id = m.client_id LEFT JOIN users cu ON cu.id = "
	    "m.confirmed_by WHERE m.status IN ('requested', 'proposed', "
	    "'confirmed', 'held') AND COALESCE(m.start_at, m.proposed_start, "
	    "m.pref_start) >= ? - INTERVAL 1 DAY AND COALESCE(m.start_at, "
	    "m.proposed_start, m.pref_start) < ? + INTERVAL 1 DAY AND "
	    "(? = 0 OR m.client_id = ?) AND (? = 0 OR m.confirmed_by = ? OR "
	    "EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = "
	    "m.id AND a.user_id = ?)) AND (? = 0 OR m.client_id = ?) "
	    "ORDER BY at, m.id LIMIT 2000", "ssIIIIIII", q->from, q->to,
	    q->client, q->client, q->staff, q->staff, q->staff, scope, scope);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		st = at_row(r, i, "status");
		tentative = strcmp(st, "requested") == 0 ||
		    strcmp(st, "proposed") == 0;
		memset(&e, 0, sizeof(e));
		e.size = sizeof(e);
		e.uid = at_pprintf(pool, "meeting-%lld", id);
		e.kind = "meeting";
		e.title = at_row(r, i, "topic");
		e.start = at_row(r, i, "at");
		e.minutes = (int)at_row_int(r, i, "duration_min", 30);
		e.status = tentative ? "tentative" : "confirmed";
		e.href = at_pprintf(pool, staff ? "/staff/meetings/%lld" :
		    "/meetings/%lld", id);
		e.client = at_row_int(r, i, "client_id", 0);
		e.client_name = at_row(r, i, "client");
		e.who = at_row(r, i, "confirmer");
		e.place = at_row(r, i, "location") != NULL ?
		    at_row(r, i, "location") : at_row(r, i, "video_url");
		if (staff && tentative) {
			e.confirm = at_pprintf(pool,
			    "/staff/meetings/%lld/confirm", id);
			e.confirm_fields = mtc_confirm_fields(req, r, i);
			if (strcmp(at_row(r, i, "type"), "video") == 0) {
				e.confirm_ask = "video_url";
				e.confirm_ask_label = "Video link";
			}
			if (e.confirm_fields == NULL)
				e.confirm = NULL;
		}
		at_cal_add(cal, &e);
	}
	return 0;
}

/* Registered by mt_init (meetings.c). */
const struct at_cal_source mt_cal = {
	.size = AT_EXT_SIZE(at_cal_source),
	.name = "meetings",
	.area = AT_CONTACT | AT_STAFF,
	.order = 30,
	.fn = mt_cal_source,
};
