/*
 * The page model (include/atrium/view.h): an XML document per request,
 * built with the libxml2 tree API, which escapes.  Text is cleaned of what
 * XML cannot carry (invalid UTF-8, control characters) so a hostile string
 * can never break the document.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core.h"
#include "serve.h"

struct at_page {
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
	xmlNodePtr	 content;
	xmlNodePtr	 flash;
};

#define FLASH_COOKIE	"atrium_flash"

/* Frees the document (pool cleanup). */
static void
page_free(void *arg)
{
	struct at_page	*pg = arg;

	xmlFreeDoc(pg->doc);
}

/*
 * s made fit for XML text: invalid UTF-8 sequences become U+FFFD and
 * control characters other than tab and line ends are dropped.
 */
static const char *
page_clean(struct at_pool *pool, const char *s)
{
	const unsigned char *p;
	char		*out, *o;
	size_t		 n;
	unsigned int	 cp;
	int		 ok = 1;

	/* Fast path: most text is clean. */
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x80 || (*p < 0x20 && *p != '\t' && *p != '\n' &&
		    *p != '\r')) {
			ok = 0;
			break;
		}
	if (ok)
		return s;
	o = out = at_palloc(pool, strlen(s) * 3 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; ) {
		if (*p < 0x80) {
			if (*p >= 0x20 || *p == '\t' || *p == '\n' ||
			    *p == '\r')
				*o++ = (char)*p;
			p++;
			continue;
		}
		/* Invalid sequences and the non-characters XML refuses. */
		if ((n = at_utf8_char((const char *)p, &cp)) == 0 ||
		    cp == 0xfffe || cp == 0xffff) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o = '\0';
	return out;
}

/* An element name made of [a-z0-9_-], starting with a letter. */
static const char *
page_name(struct at_pool *pool, const char *name)
{
	char	*out, *o;

	o = out = at_palloc(pool, strlen(name) + 2);
	if (!isalpha((unsigned char)*name))
		*o++ = 'x';
	for (; *name != '\0'; name++)
		*o++ = isalnum((unsigned char)*name) || *name == '-' ?
		    (char)tolower((unsigned char)*name) : '_';
	*o = '\0';
	return out;
}

/* The pool a node's document belongs to is the request's; kept here. */
static struct at_pool *page_pool;

xmlNodePtr
at_x(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text == NULL ?
	    NULL : BAD_CAST page_clean(page_pool, text));
}

xmlNodePtr
at_xf(xmlNodePtr parent, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = at_pvprintf(page_pool, fmt, ap);
	va_end(ap);
	return at_x(parent, name, s);
}

void
at_xa(xmlNodePtr node, const char *name, const char *value)
{
	if (value == NULL)
		return;
	xmlSetProp(node, BAD_CAST name, BAD_CAST page_clean(page_pool,
	    value));
}

void
at_xaf(xmlNodePtr node, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = at_pvprintf(page_pool, fmt, ap);
	va_end(ap);
	at_xa(node, name, s);
}

xmlNodePtr
at_x_row(xmlNodePtr parent, const char *item, const struct at_rows *rows,
    size_t r)
{
	xmlNodePtr	 node;
	size_t		 c;
	const char	*v;

	node = at_x(parent, item, NULL);
	for (c = 0; c < rows->ncol; c++) {
		v = rows->v[r * rows->ncol + c];
		if (v != NULL)
			at_x(node, page_name(page_pool, rows->cols[c]), v);
	}
	return node;
}

xmlNodePtr
at_x_rows(xmlNodePtr parent, const char *list, const char *item,
    const struct at_rows *rows)
{
	xmlNodePtr	 node;
	size_t		 r;

	node = list != NULL ? at_x(parent, list, NULL) : parent;
	for (r = 0; rows != NULL && r < rows->n; r++)
		at_x_row(node, item, rows, r);
	return node;
}

xmlNodePtr
at_x_form(struct at_req *req, xmlNodePtr parent, const char *name)
{
	xmlNodePtr		 form, f;
	const struct at_param	*p;

	form = at_x(parent, "form", NULL);
	at_xa(form, "name", name);
	for (p = req->form; p != NULL; p = p->next) {
		if (p->tmppath != NULL || strcmp(p->name, "csrf") == 0)
			continue;
		f = at_x(form, "field", NULL);
		at_xa(f, "name", p->name);
		/* A password is never sent back, only its error. */
		if (strstr(p->name, "password") == NULL)
			at_xa(f, "value", p->value);
		at_xa(f, "error", p->error);
	}
	return form;
}

/* Sets the page id the skin draws. */
void
at_page_id(struct at_req *req, const char *id)
{
	if (req->page == NULL)
		at_page_new(req);
	xmlSetProp(req->page->root, BAD_CAST "page", BAD_CAST id);
}

/* Sets the page's title. */
void
at_page_title(struct at_req *req, const char *title)
{
	xmlNodePtr	 n;

	if (req->page == NULL)
		at_page_new(req);
	for (n = req->page->root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST "title") == 0) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			break;
		}
	at_x(req->page->root, "title", title);
}

/* The <content> node. */
xmlNodePtr
at_page_content(struct at_req *req)
{
	if (req->page == NULL)
		at_page_new(req);
	if (req->page->content == NULL)
		req->page->content = at_x(req->page->root, "content", NULL);
	return req->page->content;
}

/*
 * Shows a flash message on this page and keeps it in a short cookie in
 * case the handler redirects; at_flash_settle() drops the cookie when the
 * page is shown directly.
 */
void
at_flash(struct at_req *req, const char *kind, const char *msg)
{
	xmlNodePtr	 f;

	if (req->page == NULL)
		at_page_new(req);
	f = at_x(req->page->flash, "message", msg);
	at_xa(f, "kind", kind);
	at_resp_cookie(req, FLASH_COOKIE, at_url_encode(req->pool,
	    at_pprintf(req->pool, "%s:%s", kind, msg)), 60, 0);
}

/* See core.h. */
void
at_flash_settle(struct at_req *req)
{
	struct at_header **hp, *h;

	if (req->resp.status >= 300 && req->resp.status < 400)
		return;
	for (hp = &req->resp.headers; (h = *hp) != NULL; )
		if (strcasecmp(h->name, "Set-Cookie") == 0 &&
		    strncmp(h->value, FLASH_COOKIE "=", sizeof(FLASH_COOKIE)) ==
		    0 && strstr(h->value, "Max-Age=0") == NULL)
			*hp = h->next;
		else
			hp = &h->next;
	/* The message this page showed must not come back. */
	if (at_cookie(req, FLASH_COOKIE) != NULL)
		at_resp_cookie(req, FLASH_COOKIE, "", 0, 0);
}

/* See core.h. */
void
at_page_new(struct at_req *req)
{
	struct at_page	*pg;
	const struct at_site *s = req->site;
	xmlNodePtr	 n, m, b;
	const char	*fc;
	char		*dec, *colon;
	int		 waiting;

	page_pool = req->pool;
	/* A placeholder of the last page is gone with it (or with content). */
	at_view_defer_reset();
	if (req->page != NULL) {
		/* Start over (an error page replaces a half-built one). */
		xmlUnlinkNode(req->page->content);
		xmlFreeNode(req->page->content);
		req->page->content = NULL;
		return;
	}
	pg = at_palloc(req->pool, sizeof(*pg));
	pg->doc = xmlNewDoc(BAD_CAST "1.0");
	pg->root = xmlNewNode(NULL, BAD_CAST "atrium");
	xmlDocSetRootElement(pg->doc, pg->root);
	at_pool_cleanup(req->pool, page_free, pg);
	req->page = pg;
	xmlSetProp(pg->root, BAD_CAST "page", BAD_CAST "none");

	n = at_x(pg->root, "site", NULL);
	at_xa(n, "name", s->name);
	at_xa(n, "base", s->base_url);
	at_xa(n, "static", s->static_url);
	/* Static URLs carry it: browsers fetch new CSS after an upgrade. */
	at_xa(n, "version", PACKAGE_VERSION);
	at_xa(n, "skin", s->skin);
	at_xa(n, "timezone", s->timezone);
	at_xa(n, "path", req->path);
	at_xa(n, "query", at_query(req, "q"));
	b = n = at_x(pg->root, "brand", NULL);
	at_xa(n, "name", s->brand_name);
	at_xa(n, "logo", s->brand_logo);
	at_xa(n, "color", s->brand_color);
	if (req->user != NULL) {
		n = at_x(pg->root, "user", NULL);
		at_xaf(n, "id", "%lld", req->user->id);
		at_xa(n, "email", req->user->email);
		at_xa(n, "name", req->user->name);
		at_xa(n, "role", req->user->role == AT_ROLE_ADMIN ? "admin" :
		    req->user->role == AT_ROLE_STAFF ? "staff" : "contact");
		if (req->user->client_id != 0) {
			at_xaf(n, "client-id", "%lld", req->user->client_id);
			at_xa(n, "client-name", req->user->client_name);
		}
	}
	n = at_x(pg->root, "nav", NULL);
	at_nav_fill(req, n);
	/* What modules add (changes since the last visit, a co-brand). */
	at_page_parts_fill(req, b, n);
	pg->flash = at_x(pg->root, "flash", NULL);
	/* Admins see it while migrations wait (docs/admin.md, Upgrades). */
	if (req->user != NULL && req->user->role == AT_ROLE_ADMIN &&
	    (waiting = at_serve_schema_waiting()) > 0) {
		m = at_x(pg->flash, "message", at_pprintf(req->pool,
		    "%d migration%s pending: run atriumctl migrate.", waiting,
		    waiting == 1 ? " is" : "s are"));
		at_xa(m, "kind", "info");
	}
	/* A message left by the request before a redirect. */
	if ((req->method == AT_GET || req->method == AT_HEAD) &&
	    (fc = at_cookie(req, FLASH_COOKIE)) != NULL && *fc != '\0') {
		dec = at_url_decode(req->pool, fc, strlen(fc), 0);
		if (dec != NULL && (colon = strchr(dec, ':')) != NULL) {
			*colon = '\0';
			if (strcmp(dec, "ok") == 0 || strcmp(dec, "error") == 0 ||
			    strcmp(dec, "info") == 0) {
				m = at_x(pg->flash, "message", colon + 1);
				at_xa(m, "kind", dec);
			}
		}
		at_resp_cookie(req, FLASH_COOKIE, "", 0, 0);
	}
	at_x(pg->root, "csrf", req->csrf != NULL ? req->csrf : "");
}

/* The document of req's page (for render.c). */
xmlDocPtr
at_page_doc(struct at_req *req)
{
	return req->page != NULL ? req->page->doc : NULL;
}

/* See core.h. */
void
at_view_error(struct at_req *req, int status, const char *msg,
    const char *incident)
{
	xmlNodePtr	 e;

	if (req->page == NULL)
		at_page_new(req);
	else
		at_page_new(req);	/* drops the handler's content */
	at_page_id(req, "error");
	at_page_title(req, status == 404 ? "Not found" :
	    status == 403 ? "Not allowed" : status == 503 ?
	    "Temporarily unavailable" : "Error");
	e = at_x(at_page_content(req), "error", NULL);
	at_xaf(e, "status", "%d", status);
	at_xa(e, "message", msg);
	at_xa(e, "incident", incident);
}
