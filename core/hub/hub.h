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
 * Hands rows r to search q as hits: columns id, title, snippet, project,
 * project_id, visible, score; each links to the caller's prefix
 * ("/staff" for staff) + href + id ("/updates/").
 */
void	 hub_search_rows(struct at_req *, struct at_search_q *,
	    const struct at_rows *, const char *href);

/* "/staff" (staff) or "" + path + id in the pool; NULL for id NULL/"0". */
const char *hub_act_href(struct at_req *, const char *path, const char *id);

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

/* Today's date in the site's zone, "YYYY-MM-DD", in the request's pool. */
const char *hub_today(struct at_req *);

/*
 * q with LIKE's special characters ('\\', '%', '_') quoted, so it is
 * matched as typed inside CONCAT('%', ?, '%'); "" for NULL.  In the pool.
 */
const char *hub_like(struct at_pool *, const char *q);

/* Whether s (NULL: no) is one of the NULL-terminated set. */
int	 hub_one_of(const char *, const char *const *set);

/* Whether the checkbox field name was ticked (sent as "1"). */
int	 hub_ticked(struct at_req *, const char *name);

/* The built-in hub modules (modules.c lists them for the registry). */
extern const struct at_plugin *const at_builtin_modules[];

#endif
