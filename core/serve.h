/* The request loop's entry into the core (serve.c). */
#ifndef ATRIUM_SERVE_H
#define ATRIUM_SERVE_H

#include <atrium/api.h>

struct at_req;
struct at_site;
struct at_db;

/*
 * Serves one request: req has pool, site, db and fcgx set, the rest zero.
 * Always writes a response.
 */
AT_API void	 at_serve(struct at_req *);

/*
 * After the response has gone (FCGX_Finish) and the pool was reset: sends
 * the mail an unsafe request queued, and delivers the durable events the
 * request published (their first attempt; the job retries).
 */
AT_API void	 at_serve_after(const struct at_site *, struct at_db *, int unsafe);

/*
 * 1 when the database lacks migrations this version needs (then at_serve
 * answers 503 saying to run atriumctl migrate), else 0: migrations marked
 * optional may be pending.  Logs a warning when it finds some pending; a
 * worker calls it at start.
 */
AT_API int	 at_serve_schema_pending(const struct at_site *, struct at_db *);

/*
 * How many migrations were pending at this worker's last look (0 when
 * none or not known): pages show admins a banner while there are some.
 */
int		 at_serve_schema_waiting(void);

#endif
