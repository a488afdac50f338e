/*
 * Reading a reply (core/mailin/mailin.h): the message through GMime, its
 * recipients, its text (text/plain, or an HTML-only body made text) with
 * the quoted history and the signature cut off, and its attachments with
 * the type libmagic finds in their bytes.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <magic.h>
#include <sodium.h>

#include <atrium/hmac.h>

#include "core.h"
#include "mailin/mailin.h"

/* A growing string in the pool. */
struct buf {
	struct at_pool	*pool;
	char		*s;
	size_t		 len, cap;
};

/* Appends n bytes of p to b (growing it in the pool). */
static void
buf_add(struct buf *b, const char *p, size_t n)
{
	char	*ns;
	size_t	 cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 256 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		ns = at_palloc(b->pool, cap);
		if (b->len > 0)
			memcpy(ns, b->s, b->len);
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* The string of b ("" when empty). */
static char *
buf_str(struct buf *b)
{
	return b->s != NULL ? b->s : at_pstrdup(b->pool, "");
}

/* ---- stripping the quoted history and the signature ---- */

/* Whether line (n bytes) starts with prefix, any case. */
static int
line_starts(const char *line, size_t n, const char *prefix)
{
	size_t	 k = strlen(prefix);

	return n >= k && strncasecmp(line, prefix, k) == 0;
}

/* Whether line (n bytes, trailing blanks ignored) ends with suffix. */
static int
line_ends(const char *line, size_t n, const char *suffix)
{
	size_t	 k = strlen(suffix);

	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	return n >= k && strncasecmp(line + n - k, suffix, k) == 0;
}

/* Whether line (n bytes) holds only blanks. */
static int
line_blank(const char *line, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)line[i]))
			return 0;
	return 1;
}

struct line {
	const char	*p;
	size_t		 n;
};

/*
 * Whether the header of a quoted message starts at line i of the n:
 * "On ... wrote:" (Gmail, Apple Mail, Thunderbird; also over two lines,
 * and the French and German forms), "-----Original Message-----",
 * Outlook's line of underscores or its "From:" line followed by "Sent:"
 * or "Date:" and "To:" or "Subject:".
 */
static int
quote_header(const struct line *l, size_t i, size_t n)
{
	const char	*p = l[i].p;
	size_t		 len = l[i].n, j, k;
	int		 sent = 0, to = 0;

	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	if ((line_starts(p, len, "On ") || line_starts(p, len, "Le ") ||
	    line_starts(p, len, "Am ")) && len < 400) {
		if (line_ends(p, len, "wrote:") ||
		    line_ends(p, len, "a \xc3\xa9" "crit :") ||
		    line_ends(p, len, "a \xc3\xa9" "crit:") ||
		    (memmem(p, len, " schrieb ", 9) != NULL &&
		    line_ends(p, len, ":")))
			return 1;
		if (i + 1 < n && l[i + 1].n < 200 &&
		    (line_ends(l[i + 1].p, l[i + 1].n, "wrote:") ||
		    line_ends(l[i + 1].p, l[i + 1].n, "schrieb:")))
			return 1;
	}
	if (line_starts(p, len, "-----") && len < 80 &&
	    (memmem(p, len, "Original Message", 16) != NULL ||
	    memmem(p, len, "original message", 16) != NULL ||
	    memmem(p, len, "Forwarded message", 17) != NULL))
		return 1;
	if (len >= 10 && strspn(p, "_") >= 10 && strspn(p, "_") + 
	    strspn(p + strspn(p, "_"), " \t\r") >= len) {
		for (j = i + 1; j < n && line_blank(l[j].p, l[j].n); j++)
			;
		if (j < n && line_starts(l[j].p, l[j].n, "From:"))
			return 1;
	}
	if (line_starts(p, len, "From:") || line_starts(p, len, "*From:*")) {
		for (k = i + 1; k < n && k <= i + 6; k++) {
			if (line_starts(l[k].p, l[k].n, "Sent:") ||
			    line_starts(l[k].p, l[k].n, "Date:") ||
			    line_starts(l[k].p, l[k].n, "*Sent:*") ||
			    line_starts(l[k].p, l[k].n, "*Date:*"))
				sent = 1;
			if (line_starts(l[k].p, l[k].n, "To:") ||
			    line_starts(l[k].p, l[k].n, "Subject:") ||
			    line_starts(l[k].p, l[k].n, "*To:*") ||
			    line_starts(l[k].p, l[k].n, "*Subject:*"))
				to = 1;
		}
		if (sent && to)
			return 1;
	}
	return 0;
}

/* Whether line i starts the signature ("-- ", a phone's footer). */
static int
signature(const struct line *l, size_t i)
{
	const char	*p = l[i].p;
	size_t		 n = l[i].n;

	if ((n == 3 && memcmp(p, "-- ", 3) == 0) ||
	    (n == 2 && memcmp(p, "--", 2) == 0))
		return 1;
	return line_starts(p, n, "Sent from my ") ||
	    line_starts(p, n, "Get Outlook for ") ||
	    line_starts(p, n, "Sent from Mail for ");
}

/* See mailin/mailin.h. */
char *
mailin_strip(struct at_pool *pool, const char *text)
{
	struct buf	 b = { pool, NULL, 0, 0 };
	struct line	*l;
	const char	*p, *e;
	size_t		 n = 0, cap = 64, i, first, last;
	int		 kept = 0;

	l = at_palloc(pool, cap * sizeof(*l));
	for (p = text; *p != '\0'; p = *e == '\0' ? e : e + 1) {
		e = p + strcspn(p, "\n");
		if (n == cap) {
			struct line *nl = at_palloc(pool, 2 * cap * sizeof(*l));

			memcpy(nl, l, cap * sizeof(*l));
			l = nl;
			cap *= 2;
		}
		l[n].p = p;
		l[n].n = (size_t)(e - p);
		if (l[n].n > 0 && p[l[n].n - 1] == '\r')
			l[n].n--;
		n++;
	}
	/* Cut at the first quoted header or signature. */
	for (i = 0; i < n; i++)
		if (quote_header(l, i, n) || signature(l, i))
			break;
	last = i;
	/* Leading and trailing blank (or quoted) lines go. */
	for (first = 0; first < last && (line_blank(l[first].p, l[first].n) ||
	    l[first].p[0] == '>'); first++)
		;
	while (last > first && (line_blank(l[last - 1].p, l[last - 1].n) ||
	    l[last - 1].p[0] == '>'))
		last--;
	for (i = first; i < last; i++) {
		if (l[i].n > 0 && l[i].p[0] == '>')
			continue;
		/* At most one blank line in a row. */
		if (line_blank(l[i].p, l[i].n)) {
			if (kept == 2)
				continue;
			kept = 2;
		} else
			kept = 1;
		while (l[i].n > 0 && (l[i].p[l[i].n - 1] == ' ' ||
		    l[i].p[l[i].n - 1] == '\t'))
			l[i].n--;
		if (b.len > 0)
			buf_add(&b, "\n", 1);
		buf_add(&b, l[i].p, l[i].n);
	}
	return buf_str(&b);
}

/* ---- HTML to text ---- */

/* Whether element name is a block that stands on its own lines. */
static int
html_block(const char *name)
{
	static const char *const blocks[] = { "p", "div", "br", "li", "tr",
	    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr",
	    "pre", "section", "article", "header", "footer", "dd", "dt",
	    NULL };
	size_t	 i;

	for (i = 0; blocks[i] != NULL; i++)
		if (strcasecmp(name, blocks[i]) == 0)
			return 1;
	return 0;
}

/* Whether attribute name of node contains word. */
static int
html_attr_has(xmlNodePtr node, const char *name, const char *word)
{
	xmlChar	*v;
	int	 yes;

	if ((v = xmlGetProp(node, (const xmlChar *)name)) == NULL)
		return 0;
	yes = strstr((const char *)v, word) != NULL;
	xmlFree(v);
	return yes;
}

/*
 * Appends the text of node's children to b; 1 when the rest of the
 * document is quoted history (Outlook's reply header was met).
 */
static int
html_walk(struct buf *b, xmlNodePtr node)
{
	xmlNodePtr	 c;
	const char	*name, *t;
	int		 space = 0;

	for (c = node->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			/* Runs of white space become one space. */
			for (t = (const char *)c->content; t != NULL && *t != '\0';
			    t++) {
				if (isspace((unsigned char)*t)) {
					space = 1;
					continue;
				}
				if (space && b->len > 0 &&
				    b->s[b->len - 1] != '\n' &&
				    b->s[b->len - 1] != ' ')
					buf_add(b, " ", 1);
				space = 0;
				buf_add(b, t, 1);
			}
			if (space && b->len > 0 && b->s[b->len - 1] != '\n')
				buf_add(b, " ", 1);
			space = 0;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)c->name;
		if (strcasecmp(name, "script") == 0 ||
		    strcasecmp(name, "style") == 0 ||
		    strcasecmp(name, "head") == 0 ||
		    strcasecmp(name, "title") == 0 ||
		    strcasecmp(name, "blockquote") == 0 ||
		    html_attr_has(c, "class", "gmail_quote") ||
		    html_attr_has(c, "class", "yahoo_quoted") ||
		    html_attr_has(c, "class", "moz-cite-prefix"))
			continue;
		if (html_attr_has(c, "id", "divRplyFwdMsg") ||
		    html_attr_has(c, "id", "appendonsend"))
			return 1;
		if (html_attr_has(c, "class", "moz-signature"))
			continue;
		if (html_block(name) && b->len > 0 &&
		    b->s[b->len - 1] != '\n')
			buf_add(b, "\n", 1);
		if (strcasecmp(name, "li") == 0)
			buf_add(b, "- ", 2);
		if (strcasecmp(name, "p") == 0 && b->len > 1 &&
		    b->s[b->len - 2] != '\n')
			buf_add(b, "\n", 1);
		if (html_walk(b, c))
			return 1;
		if (html_block(name) && b->len > 0 &&
		    b->s[b->len - 1] != '\n')
			buf_add(b, "\n", 1);
	}
	return 0;
}

/* See mailin/mailin.h. */
char *
mailin_html_text(struct at_pool *pool, const char *html, size_t len)
{
	struct buf	 b = { pool, NULL, 0, 0 };
	htmlDocPtr	 doc;
	xmlNodePtr	 root;

	if (len == 0 || len > INT_MAX)
		return at_pstrdup(pool, "");
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
	if (doc == NULL)
		return at_pstrdup(pool, "");
	if ((root = xmlDocGetRootElement(doc)) != NULL) {
		/* The root itself may be a block: walk a pretend parent. */
		struct _xmlNode	 top;

		memset(&top, 0, sizeof(top));
		top.children = root;
		html_walk(&b, &top);
	}
	xmlFreeDoc(doc);
	return buf_str(&b);
}

/* ---- the message ---- */

/* Once per process. */
static void
mailin_gmime_init(void)
{
	static int	 done;

	if (!done) {
		g_mime_init();
		done = 1;
	}
}

/* Adds the mailboxes of list (groups opened) to m's recipients. */
static void
rcpts_add(struct at_pool *pool, struct mailin_msg *m,
    InternetAddressList *list)
{
	InternetAddress	*ia;
	const char	*a;
	int		 i, n;

	if (list == NULL)
		return;
	n = internet_address_list_length(list);
	for (i = 0; i < n && m->nrcpts < MAILIN_MAX_RCPTS; i++) {
		ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			rcpts_add(pool, m, internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)));
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		a = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia));
		if (a != NULL && *a != '\0')
			m->rcpts[m->nrcpts++] = at_pstrdup(pool, a);
	}
}

/* The decoded bytes of part, in the pool; *len gets their count. */
static char *
part_bytes(struct at_pool *pool, GMimePart *part, size_t *len)
{
	GMimeDataWrapper *w;
	GMimeStream	*mem;
	GByteArray	*ba;
	char		*out;

	*len = 0;
	if ((w = g_mime_part_get_content(part)) == NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(w, mem) == -1) {
		g_object_unref(mem);
		return NULL;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	out = at_palloc(pool, ba->len + 1);
	memcpy(out, ba->data, ba->len);
	out[ba->len] = '\0';
	*len = ba->len;
	g_object_unref(mem);
	return out;
}

/* What libmagic finds in len bytes at p, in the pool. */
static const char *
bytes_mime(struct at_pool *pool, const void *p, size_t len)
{
	static magic_t	 cookie;
	static int	 failed;
	const char	*t;

	if (cookie == NULL && !failed) {
		if ((cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) ==
		    NULL || magic_load(cookie, NULL) != 0) {
			log_warn("%s: libmagic: %s", __func__, cookie != NULL ?
			    magic_error(cookie) : "cannot open");
			if (cookie != NULL)
				magic_close(cookie);
			cookie = NULL;
			failed = 1;
		}
	}
	if (cookie == NULL || (t = magic_buffer(cookie, p, len)) == NULL)
		return "application/octet-stream";
	return at_pstrdup(pool, t);
}

struct walk {
	struct at_pool	*pool;
	struct mailin_msg *m;
	char		*plain;		/* the first text/plain body */
	char		*html;		/* the first text/html body */
	size_t		 htmllen;
};

/* Sorts one leaf part: the body's text, or an attachment. */
static void
walk_part(struct walk *w, GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	GMimeContentDisposition *cd;
	const char	*fname;
	struct at_mailin_file *f;
	char		*data, *text;
	size_t		 len;
	int		 attachment;

	cd = g_mime_object_get_content_disposition(obj);
	fname = g_mime_part_get_filename(GMIME_PART(obj));
	attachment = (cd != NULL &&
	    g_mime_content_disposition_is_attachment(cd)) || fname != NULL;
	if (!attachment && GMIME_IS_TEXT_PART(obj) &&
	    g_mime_content_type_is_type(ct, "text", "plain")) {
		if (w->plain == NULL &&
		    (text = g_mime_text_part_get_text(GMIME_TEXT_PART(obj))) !=
		    NULL) {
			w->plain = at_utf8_clean(w->pool, text, 1000000);
			g_free(text);
		}
		return;
	}
	if (!attachment && GMIME_IS_TEXT_PART(obj) &&
	    g_mime_content_type_is_type(ct, "text", "html")) {
		if (w->html == NULL &&
		    (text = g_mime_text_part_get_text(GMIME_TEXT_PART(obj))) !=
		    NULL) {
			w->html = at_utf8_clean(w->pool, text, 2000000);
			w->htmllen = strlen(w->html);
			g_free(text);
		}
		return;
	}
	if (!attachment)
		return;		/* an inline part with no name */
	/* An image the HTML shows inline (a logo in a signature). */
	if (g_mime_object_get_content_id(obj) != NULL && (cd == NULL ||
	    !g_mime_content_disposition_is_attachment(cd)))
		return;
	if (w->m->nfiles == MAILIN_MAX_FILES) {
		w->m->skipped++;
		return;
	}
	if ((data = part_bytes(w->pool, GMIME_PART(obj), &len)) == NULL)
		return;
	f = &w->m->files[w->m->nfiles++];
	f->name = at_file_name(w->pool, fname != NULL ? fname : "file");
	f->mime = bytes_mime(w->pool, data, len);
	f->data = data;
	f->len = len;
}

/* Walks obj's tree (depth-limited), sorting its leaves. */
static void
walk_tree(struct walk *w, GMimeObject *obj, int depth)
{
	GMimeMultipart	*mp;
	int		 i, n;

	if (obj == NULL || depth > 8)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		n = g_mime_multipart_get_count(mp);
		for (i = 0; i < n; i++)
			walk_tree(w, g_mime_multipart_get_part(mp, i),
			    depth + 1);
		return;
	}
	if (GMIME_IS_PART(obj))
		walk_part(w, obj);
	/* A forwarded message (message/rfc822) is not the reply. */
}

/* See mailin/mailin.h. */
int
mailin_parse(struct at_pool *pool, const char *raw, size_t len,
    struct mailin_msg *m, const char **errstr)
{
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*msg;
	GMimeHeaderList	*hl;
	GMimeHeader	*h;
	InternetAddressList *from, *list;
	InternetAddress	*ia;
	struct walk	 w;
	unsigned char	 sha[crypto_hash_sha256_BYTES];
	const char	*s, *name;
	char		*a, *p;
	int		 i, n, rc = -1;

	memset(m, 0, sizeof(*m));
	mailin_gmime_init();
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	if (msg == NULL) {
		*errstr = "this is not an e-mail message";
		goto out;
	}
	from = g_mime_message_get_from(msg);
	if (from == NULL || internet_address_list_length(from) != 1 ||
	    !INTERNET_ADDRESS_IS_MAILBOX(ia =
	    internet_address_list_get_address(from, 0)) ||
	    (s = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(ia))) == NULL || strchr(s, '@') == NULL) {
		*errstr = "the message has no sender (one From: address)";
		goto out;
	}
	a = at_pstrdup(pool, s);
	for (p = a; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	m->from = a;
	s = g_mime_message_get_subject(msg);
	m->subject = at_utf8_clean(pool, s != NULL ? s : "", 250);
	if ((s = g_mime_message_get_message_id(msg)) != NULL && *s != '\0' &&
	    strlen(s) < 250)
		m->message_id = at_utf8_clean(pool, s, 250);
	else {
		crypto_hash_sha256(sha, (const unsigned char *)raw, len);
		m->message_id = at_pprintf(pool, "%s@sha256.invalid",
		    at_hex_encode(pool, sha, 16));
	}
	rcpts_add(pool, m, g_mime_message_get_to(msg));
	rcpts_add(pool, m, g_mime_message_get_cc(msg));
	hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	n = hl != NULL ? g_mime_header_list_get_count(hl) : 0;
	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		name = g_mime_header_get_name(h);
		if (name == NULL || (strcasecmp(name, "Delivered-To") != 0 &&
		    strcasecmp(name, "X-Original-To") != 0) ||
		    (s = g_mime_header_get_value(h)) == NULL)
			continue;
		if ((list = internet_address_list_parse(NULL, s)) != NULL) {
			rcpts_add(pool, m, list);
			g_object_unref(list);
		}
	}

	memset(&w, 0, sizeof(w));
	w.pool = pool;
	w.m = m;
	walk_tree(&w, g_mime_message_get_mime_part(msg), 0);
	if (w.plain != NULL)
		m->text = mailin_strip(pool, w.plain);
	else if (w.html != NULL) {
		m->html_only = 1;
		m->text = mailin_strip(pool, mailin_html_text(pool, w.html,
		    w.htmllen));
	} else
		m->text = "";
	rc = 0;
out:
	if (msg != NULL)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	return rc;
}

/* See mailin/mailin.h. */
char *
mailin_find_token(struct at_pool *pool, const struct mailin_msg *m,
    const char *reply_address)
{
	const char	*at, *r, *rat, *plus;
	size_t		 i, llen;

	if (reply_address == NULL || (at = strchr(reply_address, '@')) ==
	    NULL)
		return NULL;
	llen = (size_t)(at - reply_address);
	for (i = 0; i < m->nrcpts; i++) {
		r = m->rcpts[i];
		if ((rat = strrchr(r, '@')) == NULL ||
		    strcasecmp(rat, at) != 0)
			continue;
		if ((size_t)(rat - r) <= llen + 1 ||
		    strncasecmp(r, reply_address, llen) != 0 ||
		    r[llen] != '+')
			continue;
		plus = r + llen + 1;
		return at_pstrndup(pool, plus, (size_t)(rat - plus));
	}
	return NULL;
}
