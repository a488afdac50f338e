/*
 * Requests and responses.  The core fills a struct at_req for each FastCGI
 * request (parsing with the limits of the site's config), runs the route's
 * handler, and writes the response the handler described: C never writes
 * HTML, it either leaves the page model to the skin or names a body or a
 * file to send.
 */
#ifndef ATRIUM_HTTP_H
#define ATRIUM_HTTP_H

#include <sys/types.h>
#include <stddef.h>

#include <atrium/config.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;
struct at_db;
struct at_page;
struct at_route;
struct at_user;

enum at_method {
	AT_GET = 0x01,
	AT_HEAD = 0x02,
	AT_POST = 0x04,
	AT_PUT = 0x08,
	AT_DELETE = 0x10,
	AT_PATCH = 0x20,
	AT_OPTIONS = 0x40,
	AT_OTHER = 0x80
};

/* A query, form or cookie parameter, or an uploaded file. */
struct at_param {
	struct at_param	*next;
	const char	*name;
	const char	*value;		/* NUL-terminated (files: the file name) */
	size_t		 valsz;
	/* Uploaded files only (tmppath != NULL). */
	const char	*filename;	/* base name as sent, no directories */
	const char	*ctype;		/* as sent by the browser: not trusted */
	const char	*tmppath;	/* streamed here; removed before the
					   response is sent (then "") */
	off_t		 size;
	/* Set by the core when the route's field table rejects the value. */
	const char	*error;
	/*
	 * 1 when the field table's checks refused the value: at_form() then
	 * answers NULL, and value stays as typed for the form to redraw.
	 */
	int		 rejected;
};

struct at_header {
	struct at_header *next;
	const char	*name;
	const char	*value;
};

#define AT_MAX_ARGS	8

#ifdef AT_CORE_PRIVATE
/* What the core writes after the handler returns (the core's). */
struct at_response {
	int		 status;
	const char	*ctype;		/* NULL: the rendered page */
	const char	*body;		/* with ctype: the body to send */
	size_t		 bodysz;
	const char	*file;		/* with ctype: a file to stream */
	const char	*filename;	/* download name (attachment) */
	int		 inline_file;	/* 1: Content-Disposition inline */
	struct at_header *headers;	/* extra headers, cookies */
};
#endif /* AT_CORE_PRIVATE */

/*
 * The request.  struct at_req is the core's: a plugin sees it opaque and
 * reads it through the at_req_*() functions below (its members may change
 * between ABI minors).  struct at_param is public, its layout pinned by
 * tests/unit/check_router.c.
 */
struct at_req;

/* The request's pool: everything allocated in it lives until the end. */
struct at_pool	*at_req_pool(const struct at_req *);
/* The worker's database connection. */
struct at_db	*at_req_db(const struct at_req *);
/* The site this request is served for (read it with at_site_*()). */
const struct at_site *at_req_site(const struct at_req *);
/* The caller (read it with at_user_*(), atrium/auth.h), NULL: anonymous. */
const struct at_user *at_req_user(const struct at_req *);
enum at_method	 at_req_method(const struct at_req *);
/* The decoded path, starting with '/', without the query. */
const char	*at_req_path(const struct at_req *);
/* The raw query string, never NULL. */
const char	*at_req_query(const struct at_req *);
/* The caller's address, as the web server gave it. */
const char	*at_req_remote_addr(const struct at_req *);
/* 1 when the request came over HTTPS. */
int		 at_req_https(const struct at_req *);
/* The route's ":name" path parts, in order: how many, and part i (NULL past
   the end). */
int		 at_req_nargs(const struct at_req *);
const char	*at_req_arg(const struct at_req *, int i);
/*
 * The body's fields and files, in the order sent (a list through next;
 * read values through at_form(), which answers only validated ones).
 */
const struct at_param *at_req_form(const struct at_req *);

#ifdef AT_CORE_PRIVATE
struct at_req {
	struct at_pool	*pool;
	const struct at_site *site;
	struct at_db	*db;
	void		*fcgx;		/* FCGX_Request * */

	enum at_method	 method;
	const char	*method_name;
	const char	*path;		/* decoded, starts with '/', no query */
	const char	*query;		/* raw QUERY_STRING, never NULL */
	const char	*remote_addr;
	const char	*host;
	const char	*user_agent;
	const char	*content_type;
	const char	*referer;
	int		 https;

	struct at_param	*queryp;	/* parsed query string */
	struct at_param	*form;		/* body fields and files */
	struct at_param	*cookies;

	const struct at_route *route;
	const char	*args[AT_MAX_ARGS]; /* ":name" path parts, in order */
	int		 nargs;

	struct at_user	*user;		/* NULL when anonymous */
	const char	*session_token;	/* raw cookie value, when logged in */
	const char	*csrf;		/* token forms must send as "csrf" */
	struct at_page	*page;		/* the page model */
	int		 want_xml;	/* ?format=xml and allowed */

	struct at_response resp;
};
#endif /* AT_CORE_PRIVATE */

/* Lookups: the first parameter of that name, or NULL. */
const struct at_param *at_param_find(const struct at_param *, const char *);
const char	*at_query(const struct at_req *, const char *);
/*
 * A form field (not a file) that passed the route's field table, as its
 * validator normalised it ("" kept); NULL when absent or rejected.
 */
const char	*at_form(const struct at_req *, const char *);
/* The field as typed, even when rejected: for redrawing a form only. */
const char	*at_form_raw(const struct at_req *, const char *);
const struct at_param *at_upload(const struct at_req *, const char *);
const char	*at_cookie(const struct at_req *, const char *);
/*
 * The value of request header name as received ("Stripe-Signature",
 * any case), or NULL when the request has none.
 */
const char	*at_req_header(const struct at_req *, const char *name);
/* The route argument with that ":name", or NULL. */
const char	*at_arg(const struct at_req *, const char *);
/* The route argument as a positive id, or -1 when it is not one. */
long long	 at_arg_id(const struct at_req *, const char *);
/* Parses a decimal 64-bit integer; 0 on success, -1 if s is not one. */
int		 at_strtoll(const char *, long long *);

/* Response helpers. Each returns the HTTP status for the handler to return. */
void		 at_resp_header(struct at_req *, const char *, const char *);
#define AT_COOKIE_SESSION	0x01	/* no Max-Age: ends with the browser */
#define AT_COOKIE_JS		0x02	/* not HttpOnly */
void		 at_resp_cookie(struct at_req *, const char *name,
		    const char *value, long max_age, unsigned flags);
/* 303 See Other to a local path ("/x") or absolute URL of this site. */
int		 at_redirect(struct at_req *, const char *);
/* Sends body (copied into the pool) with content type ctype. */
int		 at_send(struct at_req *, int, const char *ctype,
		    const void *body, size_t len);
/* Streams a stored file as an attachment named name. */
int		 at_send_file(struct at_req *, const char *path,
		    const char *ctype, const char *name);

/*
 * Parsers.  They read network bytes, so each has a fuzz entry point in
 * tests/fuzz.  All allocate from the pool; errstr gets a message fit for a
 * client.  They return 0, or the HTTP status to answer: 400 malformed,
 * 413 over a limit, 500 for local trouble (disk full).
 */

/* Decodes %XX and, if plus, '+' as space.  Rejects bad escapes and NUL. */
char		*at_url_decode(struct at_pool *, const char *, size_t, int plus);
/* Percent-encodes everything but unreserved characters. */
char		*at_url_encode(struct at_pool *, const char *);

/* "a=1&b=2" into a list in order. */
int		 at_parse_urlencoded(struct at_pool *, const char *, size_t,
		    const struct at_limits *, struct at_param **,
		    const char **);
/* A Cookie header into a list. */
int		 at_parse_cookies(struct at_pool *, const char *,
		    struct at_param **);

/* Reads up to n bytes into buf: returns the count, 0 at the end, -1 on error. */
typedef long	(*at_reader)(void *, char *, size_t);

/*
 * A multipart/form-data body of content type ctype (which carries the
 * boundary), read through rd.  Files stream into new files in tmpdir; they
 * are removed by a pool cleanup unless the handler renamed them away.
 */
int		 at_parse_multipart(struct at_pool *, const char *ctype,
		    at_reader rd, void *rdarg, const struct at_limits *,
		    const char *tmpdir, struct at_param **, const char **);

/*
 * Removes the temporary files of the uploads in list now, each once (its
 * tmppath becomes "").  The core calls it before writing any response,
 * so what the response tells has happened on disk.
 */
void		 at_uploads_remove(const struct at_param *);

/* Escapes s for a quoted-string header parameter (filename="..."). */
const char	*at_header_quote(struct at_pool *, const char *);

AT_API_END

#endif
