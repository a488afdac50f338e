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

/* Who may call a route: any combination. */
#define AT_ANON		0x01	/* anyone, logged in or not */
#define AT_CONTACT	0x02	/* a client contact */
#define AT_STAFF	0x04	/* staff and admins */
#define AT_ADMIN	0x08	/* admins only */
#define AT_USER		(AT_CONTACT | AT_STAFF | AT_ADMIN)
#define AT_NOCSRF	0x100	/* unsafe method that proves itself otherwise */

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
