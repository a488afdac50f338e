/* The request loop's entry into the core (serve.c). */
#ifndef ATRIUM_SERVE_H
#define ATRIUM_SERVE_H

struct at_req;

/*
 * Serves one request: req has pool, site, db and fcgx set, the rest zero.
 * Always writes a response.
 */
void	 at_serve(struct at_req *);

#endif
