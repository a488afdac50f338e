/*
 * The cases plugin's parts: support cases (cases.c) and change requests
 * (change.c) share the working calendar, project checks and telling
 * people.
 */
#ifndef CASES_CASES_H
#define CASES_CASES_H

#include <atrium/atrium.h>

#include "bizhours.h"

/* The site's working calendar, read from the options at init. */
extern struct cs_cal	 cs_calendar;

/* <projects><project id name/> of client (contacts: shared ones). */
void	 cs_projects(struct at_req *, xmlNodePtr parent, long long client);
/*
 * Checks the form's field "project" (empty: none) against client's
 * projects (contacts: shared ones) into *pid; sets a form error when it
 * is not one.  -1 when the database failed, else 0.
 */
int	 cs_project_field(struct at_req *, long long client, long long *pid);
/*
 * Notifies each account of r (column id) except the caller: kind,
 * subject, text, link.  0, or -1 when anyone could not be told.
 */
int	 cs_tell(struct at_req *, const struct at_rows *r, const char *kind,
	    const char *subject, const char *text, const char *link,
	    const char *item_type, long long id, int reply);
/* The flash after a change, saying so when mail could not be queued. */
void	 cs_flash(struct at_req *, int mailed, const char *msg);

/* Change requests: routes and extension points (change.c). */
void	 cr_register(struct at_registry *);

#endif
