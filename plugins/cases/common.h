/*
 * What support cases (cases.c) and change requests (change.c) both use
 * (common.c): a client's projects on a form, telling people and the
 * flash after a change.
 */
#ifndef CASES_COMMON_H
#define CASES_COMMON_H

#include <atrium/atrium.h>
#if defined(__has_include)
#if __has_include(<atrium/mailin.h>)
#include <atrium/mailin.h>
#define CS_MAILIN 1
#endif
#endif

/* <projects><project id name/> of client (contacts: shared ones). */
void	 cs_projects(struct at_req *, xmlNodePtr parent, long long client);
/*
 * Checks the form's field "project" (empty: none) against client's
 * projects (contacts: shared ones) into *pid; sets a form error when it
 * is not one.  -1 when the database failed, else 0.
 */
int	 cs_project_field(struct at_req *, long long client, long long *pid);
/* Fills *nt: a notice of kind about item_type id (no reply address). */
void	 cs_notice(struct at_notice *nt, const char *kind,
	    const char *subject, const char *text, const char *link,
	    const char *item_type, long long id);
/*
 * Notifies each account of who (column id) but skip (0: none) of nt; a
 * notice that cannot be queued is logged.  0, or -1 when who is NULL
 * (it could not be read) or anyone could not be told.
 */
int	 cs_notify(struct at_db *, const struct at_site *,
	    const struct at_rows *who, long long skip,
	    const struct at_notice *);
/*
 * Notifies each account of r (column id) except the caller: kind,
 * subject, text, link (reply: mail replies come back to the item).
 * Returns as cs_notify.
 */
int	 cs_tell(struct at_req *, const struct at_rows *r, const char *kind,
	    const char *subject, const char *text, const char *link,
	    const char *item_type, long long id, int reply);
/*
 * From a job: tells team (column id; NULL when it could not be read)
 * about item_type id with a "cases.team" notice of subject, text and
 * link.  Returns as cs_notify.
 */
int	 cs_tell_team_job(struct at_job_ctx *, const struct at_rows *team,
	    const char *item_type, long long id, const char *subject,
	    const char *text, const char *link);
/* The flash after a change, saying so when mail could not be queued. */
void	 cs_flash(struct at_req *, int mailed, const char *msg);

#endif
