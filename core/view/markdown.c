/*
 * Markdown for updates and overviews: cmark renders it in safe mode (raw
 * HTML dropped, unsafe link schemes removed), then the HTML is parsed and
 * copied into the page model through an allowlist of elements and
 * attributes.  This is the only sanitizer whose output a skin may copy
 * as markup (xsl:copy-of of the <html> node).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>

#include "core.h"

static const char *const md_keep[] = {
	"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
	"li", "strong", "em", "code", "pre", "blockquote", "a", "table",
	"thead", "tbody", "tr", "th", "td", "del", NULL
};

/* Elements dropped with everything inside them. */
static const char *const md_drop[] = {
	"script", "style", "iframe", "object", "embed", "svg", "math",
	"form", "input", "button", "textarea", "select", "template", NULL
};

static int
md_in(const char *const *list, const xmlChar *name)
{
	for (; *list != NULL; list++)
		if (xmlStrcasecmp(BAD_CAST *list, name) == 0)
			return 1;
	return 0;
}

/* Whether an href is safe: http(s), mailto, a fragment or relative. */
static int
md_href_ok(const char *h)
{
	const char	*colon, *slash;

	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "http://", 7) == 0 ||
	    strncasecmp(h, "https://", 8) == 0 ||
	    strncasecmp(h, "mailto:", 7) == 0)
		return 1;
	colon = strchr(h, ':');
	slash = strpbrk(h, "/?#");
	/* No scheme at all: a relative link. */
	return colon == NULL || (slash != NULL && slash < colon);
}

/* Copies the allowed part of src's children under dst. */
static void
md_copy(xmlNodePtr dst, xmlNodePtr src)
{
	xmlNodePtr	 n, e;
	xmlChar		*href;

	for (n = src->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE) {
			xmlAddChild(dst, xmlNewText(n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || md_in(md_drop, n->name))
			continue;
		if (xmlStrcasecmp(n->name, BAD_CAST "img") == 0) {
			/* No remote images (tracking): keep the alt text. */
			href = xmlGetProp(n, BAD_CAST "alt");
			if (href != NULL)
				xmlAddChild(dst, xmlNewText(href));
			xmlFree(href);
			continue;
		}
		if (!md_in(md_keep, n->name)) {
			md_copy(dst, n);	/* unwrap */
			continue;
		}
		e = xmlNewChild(dst, NULL, n->name, NULL);
		if (xmlStrcasecmp(n->name, BAD_CAST "a") == 0) {
			href = xmlGetProp(n, BAD_CAST "href");
			if (href != NULL && md_href_ok((const char *)href)) {
				xmlSetProp(e, BAD_CAST "href", href);
				xmlSetProp(e, BAD_CAST "rel",
				    BAD_CAST "nofollow noopener");
			}
			xmlFree(href);
		}
		md_copy(e, n);
	}
}

/* See include/atrium/view.h. */
xmlNodePtr
at_x_markdown(struct at_req *req, xmlNodePtr parent, const char *name,
    const char *markdown)
{
	xmlNodePtr	 wrap, html, body;
	htmlDocPtr	 doc;
	char		*out;

	(void)req;
	wrap = at_x(parent, name, NULL);
	html = xmlNewChild(wrap, NULL, BAD_CAST "html", NULL);
	if (markdown == NULL || *markdown == '\0')
		return wrap;
	out = cmark_markdown_to_html(markdown, strlen(markdown),
	    CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART);
	if (out == NULL)
		return wrap;
	doc = htmlReadMemory(out, (int)strlen(out), NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	free(out);
	if (doc == NULL)
		return wrap;
	body = xmlDocGetRootElement(doc);
	for (body = body != NULL ? body->children : NULL; body != NULL;
	    body = body->next)
		if (body->type == XML_ELEMENT_NODE &&
		    xmlStrcasecmp(body->name, BAD_CAST "body") == 0)
			break;
	if (body != NULL)
		md_copy(html, body);
	xmlFreeDoc(doc);
	return wrap;
}
