/* The request loop's entry into the core (serve.c). */
#ifndef ATRIUM_SERVE_H
#define ATRIUM_SERVE_H

#include <atrium/api.h>

struct at_req;

/*
 * Serves one request: req has pool, site, db and fcgx set, the rest zero.
 * Always writes a response.
 */
AT_API void	 at_serve(struct at_req *);

#endif
