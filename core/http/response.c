/*
 * Responses: handlers describe the answer (headers, cookies, a redirect, a
 * body or a stored file) and at_resp_write() puts it on the wire with the
 * security headers every response carries, error pages included.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core.h"

/* Adds a response header (name and value copied into the pool). */
void
at_resp_header(struct at_req *req, const char *name, const char *value)
{
	struct at_header *h, **tail;

	/* Never let a value split the header block. */
	if (strpbrk(value, "\r\n") != NULL) {
		log_warn("%s: dropped header %s with a line break", __func__,
		    name);
		return;
	}
	for (tail = &req->resp.headers; *tail != NULL; tail = &(*tail)->next)
		;
	h = at_palloc(req->pool, sizeof(*h));
	h->name = at_pstrdup(req->pool, name);
	h->value = at_pstrdup(req->pool, value);
	*tail = h;
}

/*
 * Sets a cookie: Path=/ (server.base-path when set), SameSite=Lax,
 * HttpOnly unless AT_COOKIE_JS, Secure per the site's setting, Max-Age
 * unless AT_COOKIE_SESSION (then max_age is ignored); otherwise max_age 0
 * deletes it.  A later cookie of the same name in the same response
 * replaces an earlier one.
 */
void
at_resp_cookie(struct at_req *req, const char *name, const char *value,
    long max_age, unsigned int flags)
{
	struct at_header **hp, *h;
	int		 secure;
	size_t		 nlen = strlen(name);
	const char	*path;
	char		*v;

	secure = req->site->secure_cookies == 1 ||
	    (req->site->secure_cookies == -1 && req->https);
	if (flags & AT_COOKIE_SESSION)
		max_age = -1;
	/* A __Host- cookie must say Path=/; others live under the base path. */
	path = strncmp(name, "__Host-", 7) == 0 ||
	    req->site->base_path == NULL || req->site->base_path[0] == '\0' ?
	    "/" : req->site->base_path;
	v = at_pprintf(req->pool, "%s=%s; Path=%s; SameSite=Lax%s%s",
	    name, max_age == 0 ? "" : value, path,
	    (flags & AT_COOKIE_JS) ? "" : "; HttpOnly",
	    secure ? "; Secure" : "");
	if (max_age == 0)
		v = at_pprintf(req->pool, "%s; Max-Age=0", v);
	else if (max_age > 0)
		v = at_pprintf(req->pool, "%s; Max-Age=%ld", v, max_age);
	for (hp = &req->resp.headers; (h = *hp) != NULL; hp = &h->next)
		if (strcasecmp(h->name, "Set-Cookie") == 0 &&
		    strncmp(h->value, name, nlen) == 0 &&
		    h->value[nlen] == '=') {
			*hp = h->next;
			break;
		}
	at_resp_header(req, "Set-Cookie", v);
}

/* See core.h. */
int
at_path_is_local(const char *to)
{
	const unsigned char *p;

	if (to == NULL || to[0] != '/' || to[1] == '/' || to[1] == '\\')
		return 0;
	for (p = (const unsigned char *)to; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * 303 See Other.  Only a local path (at_path_is_local()) or a URL under
 * the site's base URL without controls or white space is followed;
 * anything else goes home.  A local path gets server.base-path in front.
 */
int
at_redirect(struct at_req *req, const char *to)
{
	size_t	 blen = strlen(req->site->base_url);

	if (to != NULL && at_path_is_local(to))
		;
	else if (to != NULL && blen > 0 &&
	    strncmp(to, req->site->base_url, blen) == 0 &&
	    (to[blen] == '\0' || at_path_is_local(to + blen)))
		;
	else
		to = "/";
	/* A local path is inside the site: under server.base-path. */
	if (to[0] == '/' && req->site->base_path != NULL &&
	    req->site->base_path[0] != '\0')
		to = at_pprintf(req->pool, "%s%s", req->site->base_path, to);
	at_resp_header(req, "Location", to);
	req->resp.status = 303;
	return 303;
}

/* Answers status with len bytes of body in ctype. */
int
at_send(struct at_req *req, int status, const char *ctype, const void *body,
    size_t len)
{
	char	*copy;

	copy = at_palloc(req->pool, len + 1);
	memcpy(copy, body, len);
	req->resp.status = status;
	req->resp.ctype = at_pstrdup(req->pool, ctype);
	req->resp.body = copy;
	req->resp.bodysz = len;
	return status;
}

/* Answers with the stored file at path as an attachment called name. */
int
at_send_file(struct at_req *req, const char *path, const char *ctype,
    const char *name)
{
	req->resp.status = 200;
	req->resp.ctype = at_pstrdup(req->pool, ctype);
	req->resp.file = at_pstrdup(req->pool, path);
	req->resp.filename = at_pstrdup(req->pool, name);
	return 200;
}

static const struct {
	int		 code;
	const char	*text;
} reasons[] = {
	{ 200, "OK" }, { 201, "Created" }, { 204, "No Content" },
	{ 301, "Moved Permanently" }, { 302, "Found" },
	{ 303, "See Other" }, { 304, "Not Modified" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 409, "Conflict" },
	{ 413, "Content Too Large" }, { 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" }, { 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

/* The reason phrase of code. */
static const char *
resp_reason(int code)
{
	size_t	 i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			return reasons[i].text;
	return "Unknown";
}

/* RFC 5987 encoding of a file name for filename*=. */
static char *
resp_ext_name(struct at_pool *pool, const char *name)
{
	return at_pprintf(pool, "UTF-8''%s", at_url_encode(pool, name));
}

/* The headers every response carries after its Content-Type. */
static const char resp_security[] =
    "Content-Security-Policy: default-src 'self'; "
    "img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

/* Appends n bytes of s at *p (room was counted). */
static void
resp_put(char **p, const char *s, size_t n)
{
	memcpy(*p, s, n);
	*p += n;
}

/*
 * The whole header block of the response in the pool, blank line
 * included: the status line, Content-Type, the security headers, the
 * handler's headers, Content-Length and Cache-Control, then extra (more
 * lines ending in CRLF, or NULL).  Measured first and written once into
 * one allocation: the fixed lines are a constant.
 */
char *
at_resp_head(struct at_req *req, const char *ctype, long long clen,
    const char *extra)
{
	const struct at_header *h;
	char		 first[160], last[96];
	char		*s, *p;
	size_t		 n, flen, llen, ctlen = strlen(ctype);
	size_t		 elen = extra != NULL ? strlen(extra) : 0;
	int		 w;

	w = snprintf(first, sizeof(first), "Status: %d %s\r\nContent-Type: ",
	    req->resp.status, resp_reason(req->resp.status));
	flen = w > 0 && (size_t)w < sizeof(first) ? (size_t)w : 0;
	w = snprintf(last, sizeof(last), "Content-Length: %lld\r\n"
	    "Cache-Control: private, no-store\r\n", clen);
	llen = w > 0 && (size_t)w < sizeof(last) ? (size_t)w : 0;
	n = flen + ctlen + 2 + sizeof(resp_security) - 1 + llen + elen + 2;
	if (req->https && req->site->hsts > 0)
		n += 96;
	for (h = req->resp.headers; h != NULL; h = h->next)
		n += strlen(h->name) + 2 + strlen(h->value) + 2;
	p = s = at_palloc(req->pool, n + 1);
	resp_put(&p, first, flen);
	resp_put(&p, ctype, ctlen);
	resp_put(&p, "\r\n", 2);
	resp_put(&p, resp_security, sizeof(resp_security) - 1);
	if (req->https && req->site->hsts > 0) {
		w = snprintf(p, 96, "Strict-Transport-Security: max-age=%d; "
		    "includeSubDomains\r\n", req->site->hsts);
		if (w > 0 && w < 96)
			p += w;
	}
	for (h = req->resp.headers; h != NULL; h = h->next) {
		resp_put(&p, h->name, strlen(h->name));
		resp_put(&p, ": ", 2);
		resp_put(&p, h->value, strlen(h->value));
		resp_put(&p, "\r\n", 2);
	}
	resp_put(&p, last, llen);
	if (elen > 0)
		resp_put(&p, extra, elen);
	resp_put(&p, "\r\n", 2);
	*p = '\0';
	return s;
}

/* Puts the header block on out. */
static void
resp_head(FCGX_Stream *out, const char *head)
{
	FCGX_PutStr(head, (int)strlen(head), out);
}

/*
 * Once the request's input is read to its end (a GET's empty one is read
 * here: it came with the parameters), the connection may close at once:
 * otherwise libfcgi half-closes it and waits for the web server to close
 * its side, and the worker sits idle until the web server has run
 * (perf: a poll in OS_Close on every request).  With input left unread
 * (an upload refused early) the lingering close stays, so the web server
 * still sending is not reset.  The response is in the socket already;
 * a kept connection (FCGI_KEEP_CONN, mod_fcgid) is not closed at all.
 */
static void
resp_no_linger(FCGX_Request *fr)
{
	if (fr->in == NULL)
		return;
	if (FCGX_HasSeenEOF(fr->in) != EOF && FCGX_GetChar(fr->in) != EOF)
		return;
	if (FCGX_HasSeenEOF(fr->in) == EOF)
		(void)FCGX_Detach(fr);
}

/* See core.h. */
void
at_resp_write(struct at_req *req, const char *ctype, const void *body,
    size_t len)
{
	FCGX_Request	*fr = req->fcgx;
	FCGX_Stream	*out = fr->out;
	struct stat	 st;
	char		 buf[65536];
	ssize_t		 n;
	int		 fd;

	if (req->resp.status == 0)
		req->resp.status = 200;
	if (req->resp.file != NULL) {
		if ((fd = open(req->resp.file, O_RDONLY | O_CLOEXEC)) == -1 ||
		    fstat(fd, &st) == -1) {
			log_warn("%s: %s: %s", __func__, req->resp.file,
			    strerror(errno));
			if (fd != -1)
				close(fd);
			req->resp.file = NULL;
			req->resp.status = 404;
			body = "Not found.\n";
			at_resp_write(req, "text/plain; charset=utf-8", body,
			    strlen(body));
			return;
		}
		resp_head(out, at_resp_head(req, ctype, (long long)st.st_size,
		    at_pprintf(req->pool, "Content-Disposition: %s; "
		    "filename=\"%s\"; filename*=%s\r\n",
		    req->resp.inline_file ? "inline" : "attachment",
		    at_header_quote(req->pool, req->resp.filename != NULL ?
		    req->resp.filename : "download"),
		    resp_ext_name(req->pool, req->resp.filename != NULL ?
		    req->resp.filename : "download"))));
		if (req->method != AT_HEAD)
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				if (FCGX_PutStr(buf, (int)n, out) < 0)
					break;
		close(fd);
		resp_no_linger(fr);
		return;
	}
	resp_head(out, at_resp_head(req, ctype, (long long)len, NULL));
	if (req->method != AT_HEAD && len > 0)
		FCGX_PutStr(body, (int)len, out);
	resp_no_linger(fr);
}
