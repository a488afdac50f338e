/*
 * Rendering: the skin's stylesheet for a page id, compiled once per
 * process and reused, applied to the page model.  Stylesheets run under
 * libxslt security preferences that forbid writing files, creating
 * folders and any network access, and allow reading only inside the skins
 * folder and the plugins' page folders.
 *
 * A page's HTML is a function of its model and its stylesheet alone (the
 * skins use no clock, no random numbers and read only their own files),
 * so each worker keeps the HTML of the pages it drew last (rc_*), keyed by
 * a BLAKE2b digest of the model taken by walking the tree (no
 * serialisation), and sends a page whose model it has seen without
 * running the transform: a kept dashboard, or any list nothing changed
 * in, is then a walk and a copy.  Kept HTML is bounded (RC_SLOTS pages
 * of at most RC_PAGE_MAX bytes: 4 MB a worker) and dropped with the
 * stylesheets.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#include <libexslt/exslt.h>

#include <sodium.h>

#include "core.h"

#define RC_SLOTS	64		/* pages of HTML a worker keeps */
#define RC_PAGE_MAX	(64 * 1024)	/* bytes of one kept page, at most */

struct rc_entry {
	unsigned char	 key[crypto_generichash_BYTES];
	char		*html;		/* NULL: free slot */
	size_t		 len;
};

static struct rc_entry	 rc_pages[RC_SLOTS];
static size_t		 rc_next;

struct sheet {
	char		*id;
	xsltStylesheetPtr xsl;
};

struct plugdir {
	char		*name;
	char		*dir;
};

static const struct at_site *view_site;
static struct sheet	*sheets;
static size_t		 nsheets;
static struct plugdir	*plugdirs;
static size_t		 nplugdirs;
static xsltSecurityPrefsPtr view_sec;
static char		 skins_real[PATH_MAX];

/* Whether path lies under dir (both absolute, resolved). */
static int
view_under(const char *path, const char *dir)
{
	size_t	 n = strlen(dir);

	return n > 0 && strncmp(path, dir, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0');
}

/* Read check: only the skins folder and plugin page folders. */
static int
view_may_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
    const char *value)
{
	char	 real[PATH_MAX], pd[PATH_MAX];
	size_t	 i;

	(void)sec;
	(void)ctxt;
	if (value == NULL)
		return 0;
	if (strncmp(value, "file://", 7) == 0)
		value += 7;
	if (strstr(value, "://") != NULL)
		return 0;
	if (realpath(value, real) == NULL)
		return 0;
	if (skins_real[0] != '\0' && view_under(real, skins_real))
		return 1;
	for (i = 0; i < nplugdirs; i++)
		if (realpath(plugdirs[i].dir, pd) != NULL &&
		    view_under(real, pd))
			return 1;
	log_warn("view: a stylesheet tried to read %s, outside the skins",
	    value);
	return 0;
}

/* Always refuses (writing, network). */
static int
view_forbid(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
    const char *value)
{
	(void)sec;
	(void)ctxt;
	log_warn("view: a stylesheet tried a forbidden operation on %s",
	    value != NULL ? value : "?");
	return 0;
}

/*
 * libxml2 and libxslt report through a generic error function, in
 * fragments; the log gets each message on one line, never a client.
 */
static void
view_lib_error(void *ctx, const char *fmt, ...)
{
	static char	 line[1024];
	size_t		 len = strlen(line);
	va_list		 ap;
	char		*nl;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	va_end(ap);
	while ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		if (line[0] != '\0' && strcmp(line, "error") != 0)
			log_warn("view: %s", line);
		memmove(line, nl + 1, strlen(nl + 1) + 1);
	}
	if (strlen(line) > sizeof(line) - 64) {
		log_warn("view: %s", line);
		line[0] = '\0';
	}
}

/* See core.h. */
int
at_view_init(const struct at_site *site)
{
	view_site = site;
	xmlSetGenericErrorFunc(NULL, view_lib_error);
	xsltSetGenericErrorFunc(NULL, view_lib_error);
	exsltRegisterAll();
	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	if (realpath(site->skins_dir, skins_real) == NULL) {
		log_warn("view: skins folder %s: cannot be resolved",
		    site->skins_dir);
		skins_real[0] = '\0';
	}
	if (view_sec == NULL) {
		view_sec = xsltNewSecurityPrefs();
		xsltSetSecurityPrefs(view_sec, XSLT_SECPREF_READ_FILE,
		    view_may_read);
		xsltSetSecurityPrefs(view_sec, XSLT_SECPREF_WRITE_FILE,
		    view_forbid);
		xsltSetSecurityPrefs(view_sec, XSLT_SECPREF_CREATE_DIRECTORY,
		    view_forbid);
		xsltSetSecurityPrefs(view_sec, XSLT_SECPREF_READ_NETWORK,
		    view_forbid);
		xsltSetSecurityPrefs(view_sec, XSLT_SECPREF_WRITE_NETWORK,
		    view_forbid);
		xsltSetDefaultSecurityPrefs(view_sec);
	}
	return skins_real[0] != '\0' ? 0 : -1;
}

/* Forgets every kept page. */
static void
rc_clear(void)
{
	size_t	 i;

	for (i = 0; i < RC_SLOTS; i++) {
		free(rc_pages[i].html);
		rc_pages[i].html = NULL;
	}
}

/* Feeds one string with its length (unambiguous) to the digest. */
static void
rc_str(crypto_generichash_state *st, const xmlChar *s)
{
	size_t	 n = s != NULL ? (size_t)xmlStrlen(s) : 0;

	crypto_generichash_update(st, (const unsigned char *)&n, sizeof(n));
	if (n > 0)
		crypto_generichash_update(st, s, n);
}

/* Feeds the subtree at n (elements, attributes, text) to the digest. */
static void
rc_walk(crypto_generichash_state *st, xmlNodePtr n)
{
	xmlAttrPtr	 a;
	unsigned char	 t;

	for (; n != NULL; n = n->next) {
		t = (unsigned char)n->type;
		crypto_generichash_update(st, &t, 1);
		switch (n->type) {
		case XML_ELEMENT_NODE:
			rc_str(st, n->name);
			for (a = n->properties; a != NULL; a = a->next) {
				rc_str(st, a->name);
				rc_str(st, a->children != NULL ?
				    a->children->content : NULL);
			}
			rc_walk(st, n->children);
			t = 0;	/* end of the element */
			crypto_generichash_update(st, &t, 1);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			rc_str(st, n->content);
			break;
		default:
			break;
		}
	}
}

/* See core.h. */
void
at_view_digest(xmlNodePtr list, unsigned char *out, size_t n)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, n);
	rc_walk(&st, list);
	crypto_generichash_final(&st, out, n);
}

/*
 * Copies put off (at_view_defer): the placeholder in the page and the
 * node list it stands for.
 */
#define LAZY_MAX	4

static struct {
	xmlNodePtr	 ph;
	xmlNodePtr	 src;
} lazy[LAZY_MAX];
static size_t		 nlazy;

/* Replaces the placeholder ph with a copy of src. */
static void
lazy_copy(xmlNodePtr ph, xmlNodePtr src)
{
	xmlNodePtr	 copy, n, next;

	copy = xmlDocCopyNodeList(ph->doc, src);
	for (n = copy; n != NULL; n = next) {
		next = n->next;
		n->next = n->prev = NULL;
		n->parent = NULL;
		if (xmlAddPrevSibling(ph, n) == NULL)
			xmlFreeNode(n);
	}
	xmlUnlinkNode(ph);
	xmlFreeNode(ph);
}

/* See core.h. */
void
at_view_defer(xmlNodePtr parent, xmlNodePtr src, const unsigned char *digest,
    size_t n)
{
	char		 hex[129];
	xmlNodePtr	 ph;

	if (n > 64)
		n = 64;
	sodium_bin2hex(hex, sizeof(hex), digest, n);
	if ((ph = xmlNewChild(parent, NULL, BAD_CAST "x-kept", NULL)) == NULL)
		return;
	xmlSetProp(ph, BAD_CAST "digest", BAD_CAST hex);
	if (nlazy == LAZY_MAX) {
		lazy_copy(ph, src);
		return;
	}
	lazy[nlazy].ph = ph;
	lazy[nlazy].src = src;
	nlazy++;
}

/* See core.h. */
void
at_view_expand(void)
{
	size_t	 i, n = nlazy;

	nlazy = 0;
	for (i = 0; i < n; i++)
		lazy_copy(lazy[i].ph, lazy[i].src);
}

/* See core.h. */
void
at_view_defer_reset(void)
{
	nlazy = 0;
}

/* The kept page for key, or NULL. */
static struct rc_entry *
rc_find(const unsigned char *key)
{
	size_t	 i;

	for (i = 0; i < RC_SLOTS; i++)
		if (rc_pages[i].html != NULL && sodium_memcmp(rc_pages[i].key, key,
		    sizeof(rc_pages[i].key)) == 0)
			return &rc_pages[i];
	return NULL;
}

/* Keeps html (len bytes) under key, replacing the oldest. */
static void
rc_keep(const unsigned char *key, const char *html, size_t len)
{
	struct rc_entry	*e;

	if (len > RC_PAGE_MAX)
		return;
	e = &rc_pages[rc_next];
	rc_next = (rc_next + 1) % RC_SLOTS;
	free(e->html);
	if ((e->html = malloc(len)) == NULL)
		abort();
	memcpy(e->html, html, len);
	e->len = len;
	memcpy(e->key, key, sizeof(e->key));
}

/* See core.h. */
void
at_view_free(void)
{
	size_t	 i;

	rc_clear();
	for (i = 0; i < nsheets; i++) {
		xsltFreeStylesheet(sheets[i].xsl);
		free(sheets[i].id);
	}
	free(sheets);
	sheets = NULL;
	nsheets = 0;
}

/* See core.h. */
void
at_view_plugin_dir(const char *name, const char *dir)
{
	plugdirs = reallocarray(plugdirs, nplugdirs + 1, sizeof(*plugdirs));
	if (plugdirs == NULL || (plugdirs[nplugdirs].name = strdup(name)) ==
	    NULL || (plugdirs[nplugdirs].dir = strdup(dir)) == NULL)
		abort();
	nplugdirs++;
}

/* Whether id is a page id: [a-z0-9-]+. */
static int
view_id_ok(const char *id)
{
	const char	*p;

	if (*id == '\0' || strlen(id) > 64)
		return 0;
	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return 1;
}

/* Parses and compiles the stylesheet at path, as if it were at url. */
static xsltStylesheetPtr
view_compile(const char *path, const char *url)
{
	xmlDocPtr		 doc;
	xsltStylesheetPtr	 xsl;

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (doc == NULL) {
		log_warn("view: %s: not well-formed XML", path);
		return NULL;
	}
	if (url != NULL) {
		xmlFree((xmlChar *)doc->URL);
		doc->URL = xmlStrdup(BAD_CAST url);
	}
	if ((xsl = xsltParseStylesheetDoc(doc)) == NULL) {
		log_warn("view: %s: not a valid stylesheet", path);
		xmlFreeDoc(doc);
		return NULL;
	}
	return xsl;
}

/*
 * The compiled stylesheet kind/id.xsl (kind "pages" or "pdf"), from the
 * cache or compiled now: the active skin's, else the default skin's, else
 * a plugin's (its xsl/ folder for pages, xsl/pdf/ for PDFs).  The cache
 * owns it; NULL when there is none or it does not compile (logged).
 */
static xsltStylesheetPtr
view_sheet(const char *kind, const char *id)
{
	const struct at_site *s = view_site;
	char		 path[PATH_MAX], url[PATH_MAX], key[128];
	xsltStylesheetPtr xsl = NULL;
	size_t		 i;
	int		 pages = strcmp(kind, "pages") == 0;

	snprintf(key, sizeof(key), "%s/%s", kind, id);
	for (i = 0; i < nsheets; i++)
		if (strcmp(sheets[i].id, key) == 0)
			return sheets[i].xsl;
	snprintf(url, sizeof(url), "%s/%s/%s/%s.xsl", s->skins_dir,
	    s->skin, kind, id);
	if (access(url, R_OK) == 0)
		xsl = view_compile(url, NULL);
	else {
		snprintf(path, sizeof(path), "%s/default/%s/%s.xsl",
		    s->skins_dir, kind, id);
		if (access(path, R_OK) == 0)
			xsl = view_compile(path, strcmp(s->skin, "default") ==
			    0 ? NULL : url);
		else
			for (i = 0; i < nplugdirs; i++) {
				snprintf(path, sizeof(path), "%s/%s%s.xsl",
				    plugdirs[i].dir, pages ? "" : "pdf/", id);
				if (access(path, R_OK) == 0) {
					xsl = view_compile(path, url);
					break;
				}
			}
	}
	if (xsl == NULL)
		return NULL;
	sheets = reallocarray(sheets, nsheets + 1, sizeof(*sheets));
	if (sheets == NULL || (sheets[nsheets].id = strdup(key)) == NULL)
		abort();
	sheets[nsheets].xsl = xsl;
	nsheets++;
	return xsl;
}

/*
 * The stylesheet parameters every transform gets: base, the site's base
 * path as an XPath string ('' or '/portal'; server.base-path allows no
 * quote).  A static array, valid while the site is.
 */
static const char **
view_params(void)
{
	static char	 base[256];
	static const char *params[3];

	snprintf(base, sizeof(base), "'%s'", view_site != NULL &&
	    view_site->base_path != NULL && strchr(view_site->base_path,
	    '\'') == NULL ? view_site->base_path : "");
	params[0] = "base";
	params[1] = base;
	params[2] = NULL;
	return params;
}

/* See core.h. */
xmlDocPtr
at_view_transform(const char *kind, const char *id, xmlDocPtr doc)
{
	xsltStylesheetPtr	 xsl;
	xsltTransformContextPtr	 ctxt;
	xmlDocPtr		 res;

	if (view_site == NULL || !view_id_ok(id)) {
		log_warn("view: bad %s id %s", kind, id);
		return NULL;
	}
	if ((xsl = view_sheet(kind, id)) == NULL) {
		log_warn("view: no stylesheet %s/%s", kind, id);
		return NULL;
	}
	at_view_expand();
	if ((ctxt = xsltNewTransformContext(xsl, doc)) == NULL)
		return NULL;
	xsltSetCtxtSecurityPrefs(view_sec, ctxt);
	res = xsltApplyStylesheetUser(xsl, doc, view_params(), NULL, NULL,
	    ctxt);
	if (res != NULL && ctxt->state != XSLT_STATE_OK) {
		xmlFreeDoc(res);
		res = NULL;
	}
	if (res == NULL)
		log_warn("view: transform %s/%s failed", kind, id);
	xsltFreeTransformContext(ctxt);
	return res;
}

/* See core.h. */
int
at_view_render(struct at_req *req, const char **ctype, char **out,
    size_t *len)
{
	xmlDocPtr		 doc, res = NULL;
	xmlChar			*buf = NULL, *id;
	xsltStylesheetPtr	 xsl;
	xsltTransformContextPtr	 ctxt;
	crypto_generichash_state st;
	unsigned char		 key[crypto_generichash_BYTES];
	struct rc_entry		*kept;
	int			 n = 0, rc = -1;

	if ((doc = at_page_doc(req)) == NULL)
		return -1;
	if (req->want_xml) {
		at_view_expand();
		xmlDocDumpFormatMemoryEnc(doc, &buf, &n, "UTF-8", 1);
		if (buf == NULL)
			return -1;
		*out = at_pstrndup(req->pool, (const char *)buf, (size_t)n);
		*len = (size_t)n;
		*ctype = "application/xml; charset=utf-8";
		xmlFree(buf);
		return 0;
	}
	id = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "page");
	if (id == NULL || !view_id_ok((const char *)id)) {
		log_warn("view: bad page id %s", id != NULL ?
		    (const char *)id : "(none)");
		xmlFree(id);
		return -1;
	}
	if ((xsl = view_sheet("pages", (const char *)id)) == NULL) {
		log_warn("view: no stylesheet for page %s", id);
		xmlFree(id);
		return -1;
	}
	xmlFree(id);
	/* The same model drawn before: its HTML as it was. */
	crypto_generichash_init(&st, NULL, 0, sizeof(key));
	rc_walk(&st, xmlDocGetRootElement(doc));
	crypto_generichash_final(&st, key, sizeof(key));
	if ((kept = rc_find(key)) != NULL) {
		/* The put-off copies are not needed: dropped with the page. */
		at_view_defer_reset();
		*out = at_palloc(req->pool, kept->len + 1);
		memcpy(*out, kept->html, kept->len);
		(*out)[kept->len] = '\0';
		*len = kept->len;
		*ctype = "text/html; charset=utf-8";
		return 0;
	}
	/* Drawn: the put-off copies first (the key stands for them). */
	at_view_expand();
	if ((ctxt = xsltNewTransformContext(xsl, doc)) == NULL)
		return -1;
	xsltSetCtxtSecurityPrefs(view_sec, ctxt);
	res = xsltApplyStylesheetUser(xsl, doc, view_params(), NULL, NULL,
	    ctxt);
	if (res == NULL || ctxt->state != XSLT_STATE_OK) {
		log_warn("view: transform failed for %s", req->path);
		goto out;
	}
	if (xsltSaveResultToString(&buf, &n, res, xsl) != 0 || buf == NULL)
		goto out;
	*out = at_pstrndup(req->pool, (const char *)buf, (size_t)n);
	*len = (size_t)n;
	*ctype = "text/html; charset=utf-8";
	rc_keep(key, *out, *len);
	rc = 0;
out:
	xmlFree(buf);
	if (res != NULL)
		xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	return rc;
}
