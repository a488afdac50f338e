/*
 * The router (include/atrium/router.h): the registered routes and the
 * matching of a request's method and path against them, then the form
 * fields and their validators: a route's field table is checked by the
 * core before the handler runs; the first problem with each field is kept
 * on the parameter for the page to show, and a rejected value is out of
 * at_form()'s reach (it stays as typed for the page to redraw, and
 * through at_form_raw()).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "plugin/registry.h"

/* A registered route: this core's copy, its module, its pattern cut. */
struct reg_route {
	struct at_route	 route;		/* first: req->route points here */
	struct mod	*mod;
	struct at_field	*fields;	/* the converted field table, owned */
	char		*copy;		/* the pattern, cut into segs */
	char		**segs;		/* pattern split at '/' */
	size_t		 nsegs;
};

static struct reg_route	*routes;
static size_t		 nroutes;

/* Trims ASCII white space at both ends, in the pool. */
static const char *
v_trim(struct at_pool *pool, const char *s)
{
	const char	*e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	return at_pstrndup(pool, s, (size_t)(e - s));
}

/* An e-mail address: one '@', no spaces or controls, a dotted domain. */
const char *
at_v_email(struct at_pool *pool, const char **v)
{
	const char	*s, *at, *p;

	s = v_trim(pool, *v);
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strlen(s) > 254 || strchr(at, '.') == NULL ||
	    at[1] == '.' || s[strlen(s) - 1] == '.')
		return "Enter an e-mail address like name@example.com.";
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || *p == '"' || *p == '\\')
			return "Enter an e-mail address like name@example.com.";
	*v = s;
	return NULL;
}

/* A decimal integer that fits in 64 bits. */
const char *
at_v_int(struct at_pool *pool, const char **v)
{
	long long	 n;
	const char	*s;

	s = v_trim(pool, *v);
	if (at_strtoll(s, &n) == -1)
		return "Enter a whole number.";
	*v = s;
	return NULL;
}

/* A positive id. */
const char *
at_v_id(struct at_pool *pool, const char **v)
{
	long long	 n;
	const char	*s;

	s = v_trim(pool, *v);
	if (at_strtoll(s, &n) == -1 || n <= 0)
		return "Choose an item from the list.";
	*v = s;
	return NULL;
}

/* Whether y-m-d is a real calendar date. */
static int
v_real_date(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 max;

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* Parses exactly n digits at s. */
static int
v_digits(const char *s, int n, int *out)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* YYYY-MM-DD, a real date. */
const char *
at_v_date(struct at_pool *pool, const char **v)
{
	const char	*s;
	int		 y, m, d;

	s = v_trim(pool, *v);
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    v_digits(s, 4, &y) == -1 || v_digits(s + 5, 2, &m) == -1 ||
	    v_digits(s + 8, 2, &d) == -1 || !v_real_date(y, m, d))
		return "Enter a date as YYYY-MM-DD.";
	*v = s;
	return NULL;
}

/* HH:MM, 00:00 to 23:59. */
const char *
at_v_time(struct at_pool *pool, const char **v)
{
	const char	*s;
	int		 h, m;

	s = v_trim(pool, *v);
	if (strlen(s) == 8 && s[5] == ':' && s[6] == '0' && s[7] == '0')
		s = at_pstrndup(pool, s, 5);	/* browsers may send :00 */
	if (strlen(s) != 5 || s[2] != ':' || v_digits(s, 2, &h) == -1 ||
	    v_digits(s + 3, 2, &m) == -1 || h > 23 || m > 59)
		return "Enter a time as HH:MM.";
	*v = s;
	return NULL;
}

/* YYYY-MM-DDTHH:MM (a datetime-local input), or with a space. */
const char *
at_v_datetime(struct at_pool *pool, const char **v)
{
	const char	*s, *d, *t;

	s = v_trim(pool, *v);
	if (strlen(s) < 16 || (s[10] != 'T' && s[10] != ' '))
		return "Enter a date and time as YYYY-MM-DD HH:MM.";
	d = at_pstrndup(pool, s, 10);
	t = s + 11;
	if (at_v_date(pool, &d) != NULL || at_v_time(pool, &t) != NULL)
		return "Enter a date and time as YYYY-MM-DD HH:MM.";
	*v = at_pprintf(pool, "%sT%s", d, t);
	return NULL;
}

/*
 * An amount of money typed as "1234", "1234.5", "1,234.50" into integer
 * minor units (cents) as text: "123450".  Never a float.
 */
const char *
at_v_money(struct at_pool *pool, const char **v)
{
	const char	*s, *p;
	long long	 units = 0, cents = 0;
	int		 ndec = -1, neg = 0, any = 0;

	s = v_trim(pool, *v);
	p = s;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p != '\0'; p++) {
		if (*p == ',' && ndec < 0)
			continue;
		if (*p == '.' && ndec < 0) {
			ndec = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return "Enter an amount like 1250.00.";
		any = 1;
		if (ndec < 0) {
			if (units > (LLONG_MAX / 100 - 9) / 10)
				return "That amount is too large.";
			units = units * 10 + (*p - '0');
		} else if (ndec < 2) {
			cents = cents * 10 + (*p - '0');
			ndec++;
		} else
			return "Use at most two decimals.";
	}
	if (!any)
		return "Enter an amount like 1250.00.";
	if (ndec == 1)
		cents *= 10;
	*v = at_pprintf(pool, "%s%lld", neg ? "-" : "", units * 100 + cents);
	return NULL;
}

/* One line of text: trimmed, no line breaks. */
const char *
at_v_line(struct at_pool *pool, const char **v)
{
	const char	*s;

	s = v_trim(pool, *v);
	if (strpbrk(s, "\r\n") != NULL)
		return "Use a single line.";
	*v = s;
	return NULL;
}

/*
 * A web address people will follow: http:// or https:// (any case), a
 * host, and nothing a browser would read another way (no white space,
 * control characters, quotes, angle brackets or backslashes).  Any other
 * scheme (javascript:, data:, file:) is refused.
 */
const char *
at_v_url(struct at_pool *pool, const char **v)
{
	const char	*s, *h, *p;
	char		 scheme[9];
	size_t		 i;

	s = v_trim(pool, *v);
	for (i = 0; i < 8 && s[i] != '\0'; i++)
		scheme[i] = (char)tolower((unsigned char)s[i]);
	scheme[i] = '\0';
	if (strncmp(scheme, "https://", 8) == 0)
		h = s + 8;
	else if (strncmp(scheme, "http://", 7) == 0)
		h = s + 7;
	else
		return "Enter a web address that starts with https://.";
	if (*h == '\0' || strchr("/?#@:", *h) != NULL)
		return "Enter a web address with a host, like "
		    "https://example.com/.";
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '\\' || *p == '`')
			return "Enter a web address without spaces or quotes.";
	*v = s;
	return NULL;
}

/* A checkbox: "1", "on", "yes", "true" are "1"; "" and "0" are "0". */
const char *
at_v_bool(struct at_pool *pool, const char **v)
{
	const char	*s;

	(void)pool;
	s = *v;
	if (strcmp(s, "1") == 0 || strcmp(s, "on") == 0 ||
	    strcmp(s, "yes") == 0 || strcmp(s, "true") == 0)
		*v = "1";
	else if (*s == '\0' || strcmp(s, "0") == 0 || strcmp(s, "off") == 0)
		*v = "0";
	else
		return "Tick the box or leave it empty.";
	return NULL;
}

/* Parses a decimal 64-bit integer, the whole string. */
int
at_strtoll(const char *s, long long *out)
{
	char		*end;
	long long	 n;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = n;
	return 0;
}

/* The route argument name as a positive id, or -1. */
long long
at_arg_id(const struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_arg(req, name), &n) == -1 || n <= 0)
		return -1;
	return n;
}

/*
 * Keeps p out of at_form() (the rejected map) with msg for the form; its
 * value stays as typed for the page to redraw.
 */
static void
f_reject(struct at_param *p, const char *msg)
{
	if (p->error == NULL)
		p->error = msg;
	p->rejected = 1;
}

/*
 * One value per declared field, of the declared kind: a second value
 * under a field's name, or a file part under a text field's name, is a
 * malformed request.  0, or 400 with *errstr set.
 */
static int
f_shape(struct at_req *req, const char **errstr)
{
	const struct at_field *f;
	const struct at_param *p;
	int		 n;

	for (f = req->route->fields; f->name != NULL; f++) {
		n = 0;
		for (p = req->form; p != NULL; p = p->next) {
			if (strcmp(p->name, f->name) != 0)
				continue;
			if (++n > 1) {
				*errstr = "The form sent a field twice.";
				return 400;
			}
			if (p->tmppath != NULL && !(f->flags & AT_F_FILE)) {
				*errstr = "The form sent a file where text "
				    "belongs.";
				return 400;
			}
		}
	}
	return 0;
}

/* See core.h. */
int
at_fields_check(struct at_req *req, const char **errstr)
{
	const struct at_field *f;
	struct at_param	*p;
	const char	*val, *msg;
	size_t		 max;
	int		 rc;

	if (req->route == NULL || req->route->fields == NULL)
		return 0;
	if ((rc = f_shape(req, errstr)) != 0)
		return rc;
	for (f = req->route->fields; f->name != NULL; f++) {
		for (p = req->form; p != NULL; p = p->next)
			if (strcmp(p->name, f->name) == 0)
				break;
		if (f->flags & AT_F_FILE) {
			if ((p == NULL || p->tmppath == NULL) &&
			    (f->flags & AT_F_REQUIRED))
				at_form_error(req, f->name,
				    "Choose a file to upload.");
			continue;
		}
		if (p == NULL || p->value == NULL || p->value[0] == '\0') {
			if (f->flags & AT_F_REQUIRED) {
				at_form_error(req, f->name,
				    "This field is required.");
				for (p = req->form; p != NULL; p = p->next)
					if (strcmp(p->name, f->name) == 0)
						p->rejected = 1;
			} else if (f->valid == at_v_bool) {
				/* An unticked box sends nothing. */
				if (p == NULL)
					at_form_error(req, f->name, NULL);
				for (p = req->form; p != NULL; p = p->next)
					if (strcmp(p->name, f->name) == 0)
						p->value = "0";
			}
			continue;
		}
		max = f->max != 0 ? f->max : req->site->limits.max_field;
		if (p->valsz > max) {
			f_reject(p, at_pprintf(req->pool, "Use at most %zu "
			    "characters.", max));
			continue;
		}
		if (f->valid == NULL)
			continue;
		val = p->value;
		if ((msg = f->valid(req->pool, &val)) != NULL) {
			/* A checkbox's value is the page's, not typed. */
			if (f->valid == at_v_bool) {
				*errstr = "The form sent a box that is neither "
				    "ticked nor empty.";
				return 400;
			}
			f_reject(p, msg);
		} else {
			p->value = val;
			p->valsz = strlen(val);
			/* Only white space is no answer either. */
			if (*val == '\0' && (f->flags & AT_F_REQUIRED))
				f_reject(p, "This field is required.");
		}
	}
	return 0;
}

/* Fields with an error on this request. */
int
at_form_errors(const struct at_req *req)
{
	const struct at_param *p;
	int		 n = 0;

	for (p = req->form; p != NULL; p = p->next)
		if (p->error != NULL)
			n++;
	return n;
}

/*
 * Sets msg on field name, adding an empty field when the form had none
 * (msg NULL adds the field without an error).
 */
void
at_form_error(struct at_req *req, const char *name, const char *msg)
{
	struct at_param	*p, **tail;

	for (tail = &req->form; (p = *tail) != NULL; tail = &p->next)
		if (strcmp(p->name, name) == 0) {
			if (p->error == NULL)
				p->error = msg;
			return;
		}
	p = at_palloc(req->pool, sizeof(*p));
	p->name = at_pstrdup(req->pool, name);
	p->value = "";
	p->error = msg;
	*tail = p;
}

/* Splits pattern at '/' into process-lifetime segments. */
static void
route_split(struct reg_route *r)
{
	char	*copy, *p, *seg;

	r->copy = copy = reg_strdup(r->route.pattern);
	r->segs = NULL;
	r->nsegs = 0;
	for (p = copy; (seg = strsep(&p, "/")) != NULL; ) {
		if (*seg == '\0')
			continue;
		r->segs = reg_grow(r->segs, r->nsegs + 1, sizeof(char *));
		r->segs[r->nsegs++] = seg;
	}
}


/* See plugin/registry.h. */
void
at_router_add(const struct at_route *route, struct at_field *fields,
    struct mod *m)
{
	struct reg_route *r;

	routes = reg_grow(routes, nroutes + 1, sizeof(*routes));
	r = &routes[nroutes++];
	r->route = *route;
	r->mod = m;
	r->fields = fields;
	route_split(r);
}

/* Frees what route r owns. */
static void
route_free(struct reg_route *r)
{
	free(r->copy);
	free(r->segs);
	free(r->fields);
}

/* See plugin/registry.h. */
void
at_router_drop(const struct mod *m)
{
	size_t	 i, k;

	for (i = k = 0; i < nroutes; i++) {
		if (routes[i].mod == m) {
			route_free(&routes[i]);
			continue;
		}
		routes[k++] = routes[i];
	}
	nroutes = k;
}

/* See plugin/registry.h. */
void
at_router_free(void)
{
	size_t	 i;

	for (i = 0; i < nroutes; i++)
		route_free(&routes[i]);
	free(routes);
	routes = NULL;
	nroutes = 0;
}

/* Method names for Allow, in bit order. */
static const char *const method_names[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"
};

/* Whether route r matches path; fills args when it does. */
static int
route_path(const struct reg_route *r, const char *path, struct at_req *req,
    int fill)
{
	const char	*p, *end;
	size_t		 i, len;
	int		 nargs = 0;

	p = path;
	for (i = 0; i < r->nsegs; i++) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return 0;
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (r->segs[i][0] == ':') {
			if (nargs >= AT_MAX_ARGS)
				return 0;
			if (fill)
				req->args[nargs] = at_pstrndup(req->pool, p,
				    len);
			nargs++;
		} else if (strlen(r->segs[i]) != len ||
		    strncmp(r->segs[i], p, len) != 0)
			return 0;
		p += len;
	}
	/* One trailing slash is the same page ("/staff" is "/staff/"). */
	if (*p == '/')
		p++;
	if (*p != '\0')
		return 0;
	if (fill)
		req->nargs = nargs;
	return 1;
}

/* See core.h. */
int
at_route_match(struct at_req *req, const char **allow)
{
	size_t		 i, k, len;
	unsigned int	 seen = 0, want;
	char		 buf[128];

	want = req->method == AT_HEAD ? (AT_HEAD | AT_GET) : req->method;
	for (i = 0; i < nroutes; i++) {
		if (!routes[i].mod->ok || !route_path(&routes[i], req->path,
		    req, 0))
			continue;
		if (routes[i].route.methods & want) {
			route_path(&routes[i], req->path, req, 1);
			req->route = &routes[i].route;
			return 0;
		}
		seen |= routes[i].route.methods;
	}
	if (seen == 0)
		return 404;
	if (seen & AT_GET)
		seen |= AT_HEAD;
	buf[0] = '\0';
	len = 0;
	for (k = 0; k < sizeof(method_names) / sizeof(method_names[0]); k++)
		if (seen & (1u << k))
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
			    len > 0 ? ", " : "", method_names[k]);
	*allow = at_pstrdup(req->pool, buf);
	return 405;
}

/* The argument named ":name" of the matched route, or NULL. */
const char *
at_arg(const struct at_req *req, const char *name)
{
	size_t		 i;
	int		 k = 0;
	const struct reg_route *r;

	if (req->route == NULL)
		return NULL;
	r = (const struct reg_route *)req->route;
	for (i = 0; i < r->nsegs; i++) {
		if (r->segs[i][0] != ':')
			continue;
		if (strcmp(r->segs[i] + 1, name) == 0)
			return k < req->nargs ? req->args[k] : NULL;
		k++;
	}
	return NULL;
}
