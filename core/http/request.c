/*
 * Reading a FastCGI request into struct at_req: the head (method, path,
 * query, headers, cookies) before routing, the body after the access
 * check, within the limits of the site's config.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "core.h"
#include "ratelimit.h"

/* A FastCGI parameter, or def when absent. */
static const char *
req_param(FCGX_Request *fr, const char *name, const char *def)
{
	const char	*v;

	v = FCGX_GetParam(name, fr->envp);
	return v != NULL ? v : def;
}

static const struct {
	const char	*name;
	enum at_method	 m;
} methods[] = {
	{ "GET", AT_GET }, { "HEAD", AT_HEAD }, { "POST", AT_POST },
	{ "PUT", AT_PUT }, { "DELETE", AT_DELETE }, { "PATCH", AT_PATCH },
	{ "OPTIONS", AT_OPTIONS },
};

/*
 * The decoded path of a raw request target: the part before '?', with
 * %XX decoded (not '+'); NULL when it is not a clean absolute path (bad
 * escapes, NUL, "." or ".." segments, a backslash).
 */
static char *
req_path(struct at_pool *pool, const char *uri)
{
	const char	*q;
	char		*path, *seg, *p;

	q = strchr(uri, '?');
	path = at_url_decode(pool, uri, q != NULL ? (size_t)(q - uri) :
	    strlen(uri), 0);
	if (path == NULL || path[0] != '/' || strchr(path, '\\') != NULL)
		return NULL;
	for (seg = path; seg != NULL; seg = p) {
		seg++;
		p = strchr(seg, '/');
		if ((p != NULL ? (size_t)(p - seg) : strlen(seg)) == 1 &&
		    seg[0] == '.')
			return NULL;
		if ((p != NULL ? (size_t)(p - seg) : strlen(seg)) == 2 &&
		    seg[0] == '.' && seg[1] == '.')
			return NULL;
	}
	return path;
}

/* See core.h. */
int
at_req_head(struct at_req *req, void *fcgx)
{
	FCGX_Request	*fr = fcgx;
	const struct at_limits *lim = &req->site->limits;
	const char	*uri, *https, *scheme, *cookie;
	size_t		 i;

	req->method_name = at_pstrdup(req->pool,
	    req_param(fr, "REQUEST_METHOD", "GET"));
	req->method = AT_OTHER;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, req->method_name) == 0)
			req->method = methods[i].m;
	req->path = "/";
	req->query = "";
	req->remote_addr = req_param(fr, "REMOTE_ADDR", "");
	req->host = req_param(fr, "HTTP_HOST", "");
	req->user_agent = req_param(fr, "HTTP_USER_AGENT", "");
	req->content_type = req_param(fr, "CONTENT_TYPE", "");
	req->referer = req_param(fr, "HTTP_REFERER", NULL);
	https = req_param(fr, "HTTPS", "");
	scheme = req_param(fr, "REQUEST_SCHEME", "");
	req->https = strcasecmp(https, "on") == 0 ||
	    strcmp(https, "1") == 0 || strcmp(scheme, "https") == 0;

	uri = req_param(fr, "REQUEST_URI", NULL);
	if (uri == NULL)
		uri = req_param(fr, "DOCUMENT_URI", "/");
	if (strlen(uri) > lim->max_header)
		return 414;
	if ((req->path = req_path(req->pool, uri)) == NULL) {
		req->path = "/";
		return 400;
	}
	/* Under server.base-path: the path inside it, 404 outside it. */
	if (req->site->base_path != NULL && req->site->base_path[0] != '\0') {
		size_t	 blen = strlen(req->site->base_path);

		if (strncmp(req->path, req->site->base_path, blen) != 0 ||
		    (req->path[blen] != '/' && req->path[blen] != '\0')) {
			req->path = "/";
			return 404;
		}
		req->path = req->path[blen] == '\0' ? "/" : req->path + blen;
	}
	req->query = req_param(fr, "QUERY_STRING", "");
	if (strlen(req->query) > lim->max_header)
		return 414;
	{
		const char	*err = NULL;
		int		 rc;

		rc = at_parse_urlencoded(req->pool, req->query,
		    strlen(req->query), lim, &req->queryp, &err);
		if (rc != 0)
			return rc;
	}
	cookie = req_param(fr, "HTTP_COOKIE", "");
	if (strlen(cookie) > lim->max_header)
		return 400;
	at_parse_cookies(req->pool, cookie, &req->cookies);
	return 0;
}

/* Reads from the request's input stream (an at_reader). */
static long
req_read(void *arg, char *buf, size_t n)
{
	FCGX_Request	*fr = arg;
	int		 got;

	if (n > 1 << 20)
		n = 1 << 20;
	got = FCGX_GetStr(buf, (int)n, fr->in);
	if (got < 0)
		return -1;
	if (got == 0 && FCGX_GetError(fr->in) != 0)
		return -1;
	return got;
}

/* See include/atrium/http.h: HTTP_ plus the name upper-cased, '-' as '_'. */
const char *
at_req_header(const struct at_req *req, const char *name)
{
	FCGX_Request	*fr = req->fcgx;
	char		 key[128];
	size_t		 i;

	if (fr == NULL || strlen(name) + 6 > sizeof(key))
		return NULL;
	memcpy(key, "HTTP_", 5);
	for (i = 0; name[i] != '\0'; i++)
		key[5 + i] = name[i] == '-' ? '_' :
		    (char)toupper((unsigned char)name[i]);
	key[5 + i] = '\0';
	return FCGX_GetParam(key, fr->envp);
}

/*
 * The raw body of the request this process is serving (an AT_RAW route):
 * one request at a time per worker, forgotten when its pool is reset.
 */
static struct {
	const struct at_req *req;
	char		*body;
	size_t		 len;
} raw;

/* Pool cleanup: the raw body's memory is going away. */
static void
req_raw_forget(void *arg)
{
	(void)arg;
	memset(&raw, 0, sizeof(raw));
}

/*
 * Reads the body of an AT_RAW route as it is, whatever its content type,
 * into the pool: at most the route's max_body (0: the site's).  len is
 * the announced length or -1.  0, or 400/413 with *errstr set.
 */
static int
req_raw(struct at_req *req, long long len, const char **errstr)
{
	size_t		 max, want, have;
	char		*body;
	long		 got;

	if ((max = at_route_max_body(req)) == 0)
		max = req->site->limits.max_body;
	if (len > 0 && (unsigned long long)len > max) {
		*errstr = "What you sent is larger than this address accepts.";
		return 413;
	}
	want = len >= 0 ? (size_t)len : max + 1;
	body = at_palloc(req->pool, want + 1);
	for (have = 0; have < want; have += (size_t)got) {
		got = req_read(req->fcgx, body + have, want - have);
		if (got < 0) {
			*errstr = "The request was interrupted.";
			return 400;
		}
		if (got == 0)
			break;
	}
	if (have > max) {
		*errstr = "What you sent is larger than this address accepts.";
		return 413;
	}
	body[have] = '\0';
	raw.req = req;
	raw.body = body;
	raw.len = have;
	at_pool_cleanup(req->pool, req_raw_forget, NULL);
	return 0;
}

/* See include/atrium/router.h. */
const char *
at_raw_body(const struct at_req *req, size_t *len)
{
	*len = 0;
	if (req == NULL || req->route == NULL ||
	    !(req->route->access & AT_RAW))
		return NULL;
	if (raw.req != req)
		return "";
	*len = raw.len;
	return raw.body;
}

/* See core.h. */
int
at_req_body(struct at_req *req, const char **errstr)
{
	FCGX_Request	*fr = req->fcgx;
	const struct at_limits *lim = &req->site->limits;
	const char	*cl;
	char		*body;
	long long	 len = -1;
	long		 got;
	size_t		 have;

	cl = req_param(fr, "CONTENT_LENGTH", "");
	if (*cl != '\0' && (at_strtoll(cl, &len) == -1 || len < 0)) {
		*errstr = "The request has a malformed length.";
		return 400;
	}
	if (req->route != NULL && (req->route->access & AT_RAW))
		return req_raw(req, len, errstr);
	if (len > 0 && (unsigned long long)len > lim->max_body) {
		*errstr = at_pprintf(req->pool, "What you sent is larger "
		    "than the %zu MB this site accepts.",
		    lim->max_body / (1024 * 1024));
		return 413;
	}
	if (len == 0 || (len < 0 && req->content_type[0] == '\0'))
		return 0;
	if (strncasecmp(req->content_type, "multipart/form-data", 19) == 0)
		return at_parse_multipart(req->pool, req->content_type,
		    req_read, fr, lim, req->site->tmpdir, &req->form, errstr);
	if (strncasecmp(req->content_type,
	    "application/x-www-form-urlencoded", 33) != 0) {
		*errstr = "The form was sent in a format this page does not "
		    "accept.";
		return 415;
	}
	if (len < 0)
		len = (long long)lim->max_body + 1;
	body = at_palloc(req->pool, (size_t)len + 1);
	for (have = 0; have < (size_t)len; have += (size_t)got) {
		got = req_read(fr, body + have, (size_t)len - have);
		if (got < 0) {
			*errstr = "The request was interrupted.";
			return 400;
		}
		if (got == 0)
			break;
	}
	if (have > lim->max_body) {
		*errstr = "What you sent is larger than this site accepts.";
		return 413;
	}
	return at_parse_urlencoded(req->pool, body, have, lim, &req->form,
	    errstr);
}
