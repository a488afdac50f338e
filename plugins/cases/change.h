/*
 * Change requests (change.c): what the cases plugin's init registers.
 */
#ifndef CASES_CHANGE_H
#define CASES_CHANGE_H

#include <atrium/atrium.h>

/* Change requests: routes and extension points. */
void	 cr_register(struct at_registry *);

#endif
