/*
 * Route tables.  A module or plugin declares its routes as data: method,
 * path pattern, who may call it, the form fields with their validators.
 * The core matches the request, enforces the access rule, the plugin
 * switch for the caller's client and the CSRF token on unsafe methods, and
 * validates the fields, all before the handler runs, so a handler cannot
 * forget them.
 */
#ifndef ATRIUM_ROUTER_H
#define ATRIUM_ROUTER_H

#include <stddef.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_pool;
struct at_registry;

/* Who may call a route: any combination. */
#define AT_ANON		0x01	/* anyone, logged in or not */
#define AT_CONTACT	0x02	/* a client contact */
#define AT_STAFF	0x04	/* staff and admins */
#define AT_ADMIN	0x08	/* admins only */
#define AT_USER		(AT_CONTACT | AT_STAFF | AT_ADMIN)
#define AT_NOCSRF	0x100	/* unsafe method that proves itself otherwise */
/*
 * A raw-body route for machine callers (webhooks): POST or PUT only and
 * AT_ANON only (the registry refuses anything else, with a log line).  No
 * session is looked up, no CSRF token is checked and the body is not
 * parsed as a form: any content type is read as it is, up to the limit
 * given with at_reg_limit() (else the site's max_body), and the handler
 * reads it with at_raw_body().  Over the limit the core answers 413.
 */
#define AT_RAW		0x200

/*
 * A handler returns an HTTP status.  200 with no body set renders the page
 * model through the skin; 4xx/5xx with no body set draws the error page.
 */
typedef int	(*at_handler)(struct at_req *);

/*
 * A validator returns NULL when value is acceptable, else a short message
 * for the form ("Enter a date in the future.").  It may rewrite *value
 * (trimmed, normalised) with memory from the pool.
 */
typedef const char *(*at_validator)(struct at_pool *, const char **value);

#define AT_F_REQUIRED	0x01	/* missing or empty is an error */
#define AT_F_FILE	0x02	/* an uploaded file */

struct at_field {
	const char	*name;
	at_validator	 valid;		/* NULL: any text */
	unsigned int	 flags;
	size_t		 max;		/* longest value in bytes, 0: site limit */
	const char	*label;		/* for messages */
};

struct at_route {
	unsigned int	 methods;	/* AT_GET | AT_POST ...; HEAD follows GET */
	const char	*pattern;	/* "/staff/clients/:id/edit" */
	unsigned int	 access;	/* AT_ANON ... AT_NOCSRF */
	at_handler	 handler;
	const struct at_field *fields;	/* NULL or ended by a NULL name */
	const char	*plugin;	/* set by the registry; NULL for core */
};

/*
 * A rate limit (at_reg_limit), checked after the access rule, before the
 * body is read and the handler runs: at most per_addr requests in each
 * window of window seconds from one client address, and at most global
 * from all addresses together (0: no such limit).  Over either the core answers 429 with Retry-After (the
 * seconds until the window ends).  The counts are shared by all worker
 * processes (a table in MariaDB, docs/plugins.md).  Windows are fixed:
 * they start at multiples of window seconds since the epoch.
 */
struct at_rate {
	unsigned int	 per_addr;
	unsigned int	 global;
	unsigned int	 window;	/* seconds, 0 is 60 */
};

/*
 * Sets limits on this module's route pattern (as written in its route
 * table) for the methods given (0: all): max_body, the largest body of
 * an AT_RAW route (0: the site's max_body), and rate (copied; NULL: no
 * rate limit).  Called from init, after at_reg_routes(); calling it again
 * for the same pattern and methods replaces the limits.
 */
void		 at_reg_limit(struct at_registry *, unsigned int methods,
		    const char *pattern, size_t max_body,
		    const struct at_rate *rate);

/*
 * The raw body of an AT_RAW route's request, NUL-terminated (the NUL is
 * not counted in *len), in the request's pool: "" with *len 0 when none
 * was sent, NULL (with *len 0) on any other route.
 */
const char	*at_raw_body(const struct at_req *, size_t *len);

/* Built-in validators. */
const char	*at_v_email(struct at_pool *, const char **);
const char	*at_v_int(struct at_pool *, const char **);	/* signed */
const char	*at_v_id(struct at_pool *, const char **);	/* > 0 */
const char	*at_v_date(struct at_pool *, const char **);	/* YYYY-MM-DD */
const char	*at_v_datetime(struct at_pool *, const char **); /* YYYY-MM-DDTHH:MM */
const char	*at_v_time(struct at_pool *, const char **);	/* HH:MM */
const char	*at_v_money(struct at_pool *, const char **);	/* "12.50" -> "1250" */
const char	*at_v_line(struct at_pool *, const char **);	/* one line, trimmed */
const char	*at_v_bool(struct at_pool *, const char **);	/* "1","on" -> "1"; "" -> "0" */
const char	*at_v_url(struct at_pool *, const char **);	/* http(s) */

/* Number of fields that failed validation for this request. */
int		 at_form_errors(const struct at_req *);
/* Sets a message on a field (for checks a handler makes itself). */
void		 at_form_error(struct at_req *, const char *name, const char *);

AT_API_END

#endif
