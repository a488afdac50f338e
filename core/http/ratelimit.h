/* Per-route body and rate limits (ratelimit.c), private to the core. */
#ifndef ATRIUM_RATELIMIT_H
#define ATRIUM_RATELIMIT_H

#include <stddef.h>

struct at_req;

/*
 * The largest body the matched route of req takes as set by
 * at_reg_limit(), or 0 when none was set (the site's limit applies).
 */
size_t	 at_route_max_body(const struct at_req *);

/*
 * Counts this request against its route's rate limit, if it has one,
 * for the caller's address and for all addresses.  Returns 0 when it may
 * go on, 429 when over a limit (*retry gets the seconds until the window
 * ends, at least 1), or -1 when the count cannot be kept (database
 * trouble, logged).
 */
int	 at_rate_check(struct at_req *, long *retry);

#endif
