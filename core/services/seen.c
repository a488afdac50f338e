/*
 * Last-visit markers (include/atrium/extend.h, "what changed since the
 * last visit"): each person has a marker per list (the last_visits
 * table, install/schema/core/012_last_visits.sql: the hub's "projects",
 * "files", "approvals", "decisions" and the lists of plugins) set each
 * time the list is shown to them.  A list marks what was added or
 * changed after the marker; without a marker yet, the person's previous
 * sign-in is the baseline.  The markers are read with the session
 * (at_session_marks) to key what a worker keeps; the navigation counts
 * of the hub's changes module read them in its one statement.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"

/*
 * The markers this worker set last: whose, which list, and the data
 * version the session read then.  While that version has not moved,
 * nothing was added or changed since the marker, so moving it again
 * would change no count and no "new" mark: the list skips the write
 * (and the navigation's kept counts, keyed by the markers, stay good).
 */
#define SEEN_SLOTS	128

static struct {
	long long	 uid;
	long long	 version;
	char		 area[16];
} seen_set[SEEN_SLOTS];
static size_t		 seen_next;

/* See core.h. */
const char *
at_seen_base(struct at_req *req)
{
	return req->user != NULL && req->user->last_seen != NULL ?
	    req->user->last_seen : "1000-01-01";
}

/* See include/atrium/extend.h. */
const char *
at_seen_since(struct at_req *req, const char *area)
{
	struct at_rows	*r;

	if (req->user == NULL || !at_area_name_ok(area))
		return NULL;
	r = at_db_select(req->db, req->pool, "SELECT COALESCE(MAX(seen_at), "
	    "?, '1000-01-01') AS t FROM last_visits WHERE user_id = ? AND "
	    "area = ?", "sIs", at_seen_base(req), req->user->id, area);
	if (r == NULL || r->n != 1)
		return NULL;
	return at_row(r, 0, "t");
}

/* See include/atrium/extend.h. */
int
at_seen_mark(struct at_req *req, const char *area)
{
	long long	 v = at_session_data_version();
	size_t		 i;

	if (!at_area_name_ok(area))
		return -1;
	if (req->user == NULL || (req->method != AT_GET &&
	    req->method != AT_HEAD))
		return 0;
	for (i = 0; v >= 0 && i < SEEN_SLOTS; i++)
		if (seen_set[i].uid == req->user->id &&
		    strcmp(seen_set[i].area, area) == 0) {
			if (seen_set[i].version == v)
				return 0;
			break;
		}
	if (at_db_exec(req->db, "INSERT INTO last_visits (user_id, area, "
	    "seen_at) VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
	    "seen_at = VALUES(seen_at)", "Is", req->user->id, area) == -1)
		return -1;
	if (v < 0 || strlen(area) >= sizeof(seen_set[0].area))
		return 0;
	if (i == SEEN_SLOTS) {
		i = seen_next;
		seen_next = (seen_next + 1) % SEEN_SLOTS;
	}
	seen_set[i].uid = req->user->id;
	seen_set[i].version = v;
	snprintf(seen_set[i].area, sizeof(seen_set[i].area), "%s", area);
	return 0;
}
