/*
 * Per-route limits (at_reg_limit in include/atrium/router.h): the body
 * limit of a raw-body route, and rate limits.
 *
 * Atrium runs as several worker processes, possibly behind more than one
 * web server, so a count kept in one process's memory would let a caller
 * through N times per worker.  The counts live in MariaDB instead, which
 * every worker already talks to: one row per route, address (or "" for
 * all addresses) and fixed window, bumped by a single atomic
 * INSERT ... ON DUPLICATE KEY UPDATE that also hands back the new count
 * through LAST_INSERT_ID(expr): one round trip per limit, no lock held
 * across statements, and correct under any number of concurrent workers.
 * Shared memory would save the round trip but only covers the workers of
 * one host and one master process, and is lost on restart.
 *
 * Rows of windows that have ended are deleted a few at a time whenever a
 * new window's row is created.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "ratelimit.h"

#define RATE_WINDOW_DEFAULT	60	/* seconds */
#define RATE_ROUTE_MAX		190	/* characters of the route key */
#define RATE_ADDR_MAX		64

/* A route's limits; process-lifetime, like the registry's tables. */
struct limit {
	char		*module;
	char		*pattern;
	char		*key;		/* "module:pattern", the rows' route */
	unsigned int	 methods;	/* 0: all */
	size_t		 max_body;
	struct at_rate	 rate;
	int		 has_rate;
};

static struct limit	*limits;
static size_t		 nlimits;

/* strdup or abort: registration happens at start-up. */
static char *
limit_strdup(const char *s)
{
	char	*d;

	if ((d = strdup(s)) == NULL) {
		log_crit("%s: out of memory", __func__);
		abort();
	}
	return d;
}

/* See include/atrium/router.h. */
void
at_reg_limit(struct at_registry *reg, unsigned int methods,
    const char *pattern, size_t max_body, const struct at_rate *rate)
{
	const char	*mod = at_reg_name(reg);
	struct limit	*l = NULL;
	size_t		 i;

	for (i = 0; i < nlimits; i++)
		if (strcmp(limits[i].module, mod) == 0 &&
		    strcmp(limits[i].pattern, pattern) == 0 &&
		    limits[i].methods == methods)
			l = &limits[i];
	if (l == NULL) {
		l = reallocarray(limits, nlimits + 1, sizeof(*limits));
		if (l == NULL) {
			log_crit("%s: out of memory", __func__);
			abort();
		}
		limits = l;
		l = &limits[nlimits++];
		l->module = limit_strdup(mod);
		l->pattern = limit_strdup(pattern);
		if (asprintf(&l->key, "%s:%s", mod, pattern) == -1) {
			log_crit("%s: out of memory", __func__);
			abort();
		}
		if (strlen(l->key) > RATE_ROUTE_MAX)
			l->key[RATE_ROUTE_MAX] = '\0';
		l->methods = methods;
	}
	l->max_body = max_body;
	l->has_rate = rate != NULL && (rate->per_addr != 0 ||
	    rate->global != 0);
	if (rate != NULL)
		l->rate = *rate;
	else
		memset(&l->rate, 0, sizeof(l->rate));
}

/* The limits set on the matched route of req, or NULL. */
static const struct limit *
limit_find(const struct at_req *req)
{
	const struct at_route *rt = req->route;
	size_t		 i;

	if (rt == NULL)
		return NULL;
	for (i = 0; i < nlimits; i++) {
		if (strcmp(limits[i].pattern, rt->pattern) != 0)
			continue;
		/* Built-in modules' routes carry no module name. */
		if (rt->plugin != NULL &&
		    strcmp(limits[i].module, rt->plugin) != 0)
			continue;
		if (limits[i].methods != 0 &&
		    !(limits[i].methods & (unsigned int)req->method))
			continue;
		return &limits[i];
	}
	return NULL;
}

/* See ratelimit.h. */
size_t
at_route_max_body(const struct at_req *req)
{
	const struct limit *l;

	return (l = limit_find(req)) != NULL ? l->max_body : 0;
}

/*
 * Bumps the count of (route, addr) in the window starting at win, which
 * ends at expires.  Returns the new count, or -1 on a database error.
 */
static long long
rate_bump(struct at_req *req, const char *route, const char *addr,
    long long win, long long expires)
{
	long long	 n;

	n = at_db_exec(req->db, "INSERT INTO rate_hits (route, addr, win, "
	    "hits, expires) VALUES (?, ?, ?, 1, ?) ON DUPLICATE KEY UPDATE "
	    "hits = LAST_INSERT_ID(hits + 1)", "ssII", route, addr, win,
	    expires);
	if (n == -1)
		return -1;
	if (n == 1) {
		/* A new window: clear some of those that have ended. */
		if (at_db_exec(req->db, "DELETE FROM rate_hits WHERE "
		    "expires < ? LIMIT 200", "I", (long long)time(NULL)) == -1)
			return -1;
		return 1;
	}
	return at_db_insert_id(req->db);
}

/* See ratelimit.h. */
int
at_rate_check(struct at_req *req, long *retry)
{
	const struct limit *l;
	const struct at_rate *rt;
	const char	*route, *addr;
	unsigned int	 window;
	long long	 now, win, n;

	if ((l = limit_find(req)) == NULL || !l->has_rate)
		return 0;
	rt = &l->rate;
	route = l->key;
	window = rt->window != 0 ? rt->window : RATE_WINDOW_DEFAULT;
	now = (long long)time(NULL);
	win = now - now % window;
	*retry = (long)(win + window - now);
	if (*retry < 1)
		*retry = 1;
	addr = req->remote_addr != NULL && req->remote_addr[0] != '\0' ?
	    req->remote_addr : "-";
	if (strlen(addr) > RATE_ADDR_MAX)
		addr = at_pstrndup(req->pool, addr, RATE_ADDR_MAX);

	if (rt->per_addr != 0) {
		if ((n = rate_bump(req, route, addr, win, win + window)) == -1)
			return -1;
		if (n > rt->per_addr) {
			log_info("rate limit: %s from %s over %u per %us",
			    route, addr, rt->per_addr, window);
			return 429;
		}
	}
	if (rt->global != 0) {
		if ((n = rate_bump(req, route, "", win, win + window)) == -1)
			return -1;
		if (n > rt->global) {
			log_info("rate limit: %s over %u per %us from all "
			    "addresses", route, rt->global, window);
			return 429;
		}
	}
	return 0;
}
