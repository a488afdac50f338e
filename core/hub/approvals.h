/*
 * Approvals (approvals.c): the SQL the dashboard shares with them, and
 * what the job "approvals.remind" runs.
 */
#ifndef ATRIUM_HUB_APPROVALS_H
#define ATRIUM_HUB_APPROVALS_H

#include <atrium/api.h>

/*
 * SQL: whether step s is one whose answer is awaited now: unanswered,
 * and in sequence the first unanswered by position.
 */
#define APPR_TURN \
	"s.answer IS NULL AND (a.mode = 'parallel' OR s.position = (SELECT " \
	"MIN(s2.position) FROM approval_steps s2 WHERE s2.approval_id = " \
	"a.id AND s2.answer IS NULL))"

/* SQL: the project of approval a, shared, of the same client. */
#define APPR_CONTACT_JOIN \
	"JOIN projects p ON p.id = a.project_id AND p.client_id = " \
	"a.client_id AND p.visible = 1 "

struct at_db;
struct at_site;

/*
 * Queues a reminder (the outbox) to each approver whose answer an overdue
 * approval awaits: sent, still pending, due before today in the site's
 * zone.  At most once per approval per day (last_reminded_at is claimed
 * before the mail is queued, so two runs at once cannot both send).
 * Each reminder is logged in the activity log.  Returns the number of
 * approvals reminded, or -1 on a database error.
 */
AT_API int	 hub_approvals_remind(struct at_db *,
	    const struct at_site *);

#endif
