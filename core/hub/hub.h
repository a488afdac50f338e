/*
 * What the hub's modules share (not part of the public API): helpers.
 * They meet one another only through the registry (atrium/extend.h):
 * the project page's sections, the dashboard's parts, the search
 * providers and activity summaries are registered by each module.
 */
#ifndef ATRIUM_HUB_H
#define ATRIUM_HUB_H

#include <atrium/atrium.h>

/*
 * The project with that id if the caller may see it (contacts: their
 * client's and shared) as one row (id, client_id, name, visible); no row
 * when there is none or it is not the caller's; NULL on a database
 * error (projects.c).
 */
struct at_rows *hub_project_get(struct at_req *, long long project);

/*
 * SQL: the columns steps and done of project p for hub_progress(); V
 * gives the condition on an item's visibility (HUB_VIS_SHARED for a
 * contact, HUB_VIS_ALL for staff).
 */
#define HUB_PROJ_STEPS(V) \
	"(SELECT COUNT(*) FROM deliverables d WHERE d.project_id = p.id " \
	"AND " V ("d") ") + (SELECT COUNT(*) FROM milestones m WHERE " \
	"m.project_id = p.id AND " V ("m") ") AS steps, " \
	"(SELECT COUNT(*) FROM deliverables d WHERE d.project_id = p.id " \
	"AND d.done_at IS NOT NULL AND " V ("d") ") + (SELECT COUNT(*) " \
	"FROM milestones m WHERE m.project_id = p.id AND m.done_at IS NOT " \
	"NULL AND " V ("m") ") AS done"
#define HUB_VIS_SHARED(t)	t ".visible = 1"
#define HUB_VIS_ALL(t)	"1"

/*
 * A project's progress in percent from its steps (deliverables and
 * milestones) and those done: rounded down, so 100 only when all are
 * done; 0 without steps; 100 for a completed project (status).
 */
int	 hub_progress(long long done, long long total, const char *status);

/*
 * The boolean-mode full-text query for what someone typed: each word of
 * three characters or more (letters, digits, any non-ASCII) as "+word*",
 * at most eight; NULL when no word is left (search.c).  In the pool.
 */
char	*hub_search_terms(struct at_pool *, const char *);


/*
 * q with LIKE's special characters ('\\', '%', '_') quoted, so it is
 * matched as typed inside CONCAT('%', ?, '%'); "" for NULL.  In the pool.
 */
const char *hub_like(struct at_pool *, const char *q);

/* Whether s (NULL: no) is one of the NULL-terminated set. */
int	 hub_one_of(const char *, const char *const *set);

/* Whether the checkbox field name was ticked (sent as "1"). */
int	 hub_ticked(struct at_req *, const char *name);

/* ---- what changed since the last visit (changes.c) ---- */

/*
 * SQL for a list query: joins lv.t, the caller's marker for a list (the
 * core's last_visits, core/services/seen.c) or the baseline; binds s
 * (at_seen_base), I (the user), s (the area).  Put it after the query's
 * other joins; at_seen_mark() the list once it is read.
 */
#define HUB_SEEN_JOIN " CROSS JOIN (SELECT COALESCE(MAX(seen_at), ?, " \
	"'1000-01-01') AS t FROM last_visits WHERE user_id = ? AND " \
	"area = ?) lv "
/* SQL: the column changed: 'new', 'updated' or '' against lv.t. */
#define HUB_CHANGED(added, updated) "CASE WHEN " added " > lv.t THEN " \
	"'new' WHEN " updated " > lv.t THEN 'updated' ELSE '' END AS changed"

/* ---- branding (branding.c) ---- */

/*
 * The WCAG 2 contrast ratio of two colours "#rrggbb" (1 to 21), or -1
 * when either is not such a colour.
 */
double	 hub_contrast(const char *, const char *);
/* Whether s is a colour "#rrggbb" (hex digits, either case). */
int	 hub_color_ok(const char *);
/*
 * NULL when accent may be a client's accent colour (a contrast of at
 * least 4.5:1 against the skin's background and text on it), else the
 * sentence for the form with the ratio, in the pool.
 */
const char *hub_accent_check(struct at_pool *, const char *accent);
/*
 * The staff page of the client in the route's :id, with the form errors
 * set so far (clients.c): how a refused co-brand comes back.
 */
int	 hub_client_page(struct at_req *);
/* Adds a contact's co-brand (accent, logo) to the page's <brand>. */
void	 hub_brand_attrs(struct at_req *, xmlNodePtr brand,
	    const char *accent, const char *logo);

/* ---- charts (charts.c) ---- */

/* "YYYY-MM-DD" as days since 1970-01-01; -1 when malformed. */
long	 hub_day_number(const char *);
/*
 * Where day falls on a timeline of width units from day from to day
 * to: 0..width, clamped; the middle when the span is empty.
 */
int	 hub_timeline_x(long from, long to, long day, int width);

/* ---- previews (previews.c) ---- */

/* Caps of the preview maker. */
#define HUB_PREVIEW_MAX_BYTES	(25LL * 1024 * 1024)	/* source file */
#define HUB_PREVIEW_MAX_PIXELS	(40LL * 1000 * 1000)	/* source image */
#define HUB_PREVIEW_SECONDS	20			/* CPU per file */

/*
 * Draws the file at src (content type mime: PNG, JPEG, GIF, WebP or
 * PDF, whose first page is drawn) as a PNG at dst that fits in maxw x
 * maxh (never enlarged); its size in *w, *h.  Refuses sources over the
 * caps.  0, or -1 with *errstr (static) set.  Runs the parser in this
 * process: call it from a child with limits (hub_preview_run) on files
 * people sent.
 */
int	 hub_preview_make(const char *src, const char *mime, const char *dst,
	    int maxw, int maxh, int *w, int *h, const char **errstr);
/*
 * hub_preview_make in a child process with CPU, memory and file size
 * limits; 0, or -1 with *errstr (static) set.
 */
int	 hub_preview_run(const char *src, const char *mime, const char *dst,
	    int maxw, int maxh, int *w, int *h, const char **errstr);
/* Whether a preview can be made of content type mime. */
int	 hub_preview_kind(const char *mime);
/* Answers with the PNG at path inline (cached privately). 200 or 404. */
int	 hub_send_png(struct at_req *, const char *path);

/*
 * The built-in modules (modules.c lists them), NULL-terminated: atrium and
 * atriumctl hand them to at_registry_init(); the core names none.
 */
AT_API extern const struct at_plugin *const at_builtin_modules[];



/* ---- the calendar (calendar.c) ---- */

/* Escapes iCalendar TEXT (backslash, ';', ',', newlines). Pool memory. */
char	*hub_ics_escape(struct at_pool *, const char *);
/*
 * A whole iCalendar (RFC 5545) stream of the n events (UIDs "uid@host",
 * times in UTC, all-day events as dates, DTSTAMP stamp), calendar name
 * name (or NULL), lines folded at 75 octets and ending in CRLF.  Pool
 * memory.
 */
char	*hub_ics_calendar(struct at_pool *, const char *name,
	    const char *host, const struct at_cal_event *, size_t n,
	    time_t stamp);

#endif
