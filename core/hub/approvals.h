/*
 * Approvals (approvals.c): what cron runs through atriumctl.
 */
#ifndef ATRIUM_HUB_APPROVALS_H
#define ATRIUM_HUB_APPROVALS_H

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
int	 hub_approvals_remind(struct at_db *, const struct at_site *);

#endif
