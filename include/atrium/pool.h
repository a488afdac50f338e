/*
 * Memory pools: one per request, reset after each accept, and one for the
 * life of the process.  Everything a request allocates comes from its pool
 * and is freed at once when the request ends; resources that are not plain
 * memory (result sets, XML documents, temporary files) are released through
 * cleanups registered on the pool.
 */
#ifndef ATRIUM_POOL_H
#define ATRIUM_POOL_H

#include <stdarg.h>
#include <stddef.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;

/* A new, empty pool.  Aborts the process when out of memory. */
struct at_pool	*at_pool_new(void);
/* Runs the cleanups (last registered first) and frees all memory but the first block. */
void		 at_pool_reset(struct at_pool *);
/* at_pool_reset() and frees the pool itself.  NULL is allowed. */
void		 at_pool_free(struct at_pool *);

/* Zeroed memory from the pool; aborts when out of memory. */
void		*at_palloc(struct at_pool *, size_t);
char		*at_pstrdup(struct at_pool *, const char *);	/* NULL gives NULL */
char		*at_pstrndup(struct at_pool *, const char *, size_t);
char		*at_pprintf(struct at_pool *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*at_pvprintf(struct at_pool *, const char *, va_list);

/* Registers fn(data) to run when the pool is reset or freed. */
void		 at_pool_cleanup(struct at_pool *, void (*)(void *), void *);

AT_API_END

#endif
