/*
 * The e-signature pages: signing for contacts and staff (/sign/:id) and
 * for people outside the site (/esign/o/:token, with a one-time code by
 * e-mail), the client's list and envelope pages, the staff pages (send a
 * PDF, remind, void, replace a signer), the sealed copy's downloads and
 * the public /verify page.
 *
 * Scoping: every envelope a contact reaches is looked up with the
 * contact's client (at_client_scope); another client's envelope, its
 * documents and its signing link are "not found" (404).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "esign.h"
#include "fields.h"
#include "order.h"

#define ES_PNG_MAX	(1024 * 1024)
#define ES_CODE_TRIES	5

static void	 es_model_fields(struct at_req *, xmlNodePtr,
		    const struct at_rows *, const struct at_rows *,
		    xmlNodePtr *);

/* The signer row and its envelope, as the signing pages read them. */
#define ES_SIGNER_SQL "SELECT s.id, s.envelope_id, s.user_id, s.name, " \
	"s.email, s.role, s.grp, s.state, s.code_hash, s.code_tries, " \
	"s.code_expires > UTC_TIMESTAMP() AS code_live, s.token_used, " \
	"e.title, e.message, e.state AS estate, e.client_id, e.expires_on, " \
	"e.expires_on < UTC_DATE() AS expired, c.name AS client " \
	"FROM esign_signers s JOIN esign_envelopes e ON e.id = " \
	"s.envelope_id JOIN clients c ON c.id = e.client_id "

/*
 * The signer of the session user on envelope :id, within the caller's
 * client scope, or NULL (*status 404 or 500).
 */
static struct at_rows *
es_my_signer(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), scope = at_client_scope(req);

	*status = 404;
	if (id <= 0 || at_req_user(req) == NULL)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req), ES_SIGNER_SQL
	    "WHERE e.id = ? AND s.user_id = ? AND s.role <> 'viewer' AND "
	    "s.state <> 'replaced' AND (? = 0 OR e.client_id = ?) ORDER BY "
	    "s.grp LIMIT 1", "IIII", id, at_user_id(at_req_user(req)), scope,
	    scope);
	if (r == NULL) {
		*status = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/* The signer whose link carries :token, or NULL (*status 404 or 500). */
static struct at_rows *
es_token_signer(struct at_req *req, int *status)
{
	struct at_rows	*r;
	const char	*tok = at_arg(req, "token");

	*status = 404;
	if (tok == NULL || strlen(tok) < 20 || strlen(tok) > 80)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req), ES_SIGNER_SQL
	    "WHERE s.token_hash = ? AND s.user_id IS NULL", "s",
	    at_token_hash(at_req_pool(req), tok));
	if (r == NULL) {
		*status = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/*
 * A page that says plainly why nothing can be done here: title and
 * text.  Returns status.
 */
static int
es_notice(struct at_req *req, int status, const char *kind,
    const char *title, const char *text)
{
	xmlNodePtr	 n;

	at_page_id(req, "esign-notice");
	at_page_title(req, title);
	n = at_x(at_page_content(req), "notice", NULL);
	at_xa(n, "kind", kind);
	at_x(n, "title", title);
	at_x(n, "text", text);
	if (status >= 400) {
		/* The core draws its own page for 4xx: send ours. */
		char *body = at_pprintf(at_req_pool(req), "<!DOCTYPE html>"
		    "<html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
		    "name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\"><title>%s</title></head><body><main>"
		    "<h1>%s</h1><p>%s</p></main></body></html>", title, title,
		    text);
		return at_send(req, status, "text/html; charset=utf-8", body,
		    strlen(body));
	}
	return 200;
}

/*
 * Whether signer row r may sign now; when not, draws the page that says
 * why (outside: whether the link is used) and sets *status.
 */
static int
es_can_sign(struct at_req *req, const struct at_rows *r, int outside,
    int *status)
{
	const char	*est = at_row(r, 0, "estate"), *st = at_row(r, 0, "state");

	*status = 200;
	if (strcmp(at_row(r, 0, "role"), "viewer") == 0) {
		*status = es_notice(req, 403, "ended", "Nothing to sign here",
		    "You receive this document to read; there is nothing for "
		    "you to sign.");
		return 0;
	}
	if (strcmp(est, "completed") == 0) {
		*status = es_notice(req, outside ? 410 : 200, "done",
		    outside ? "This link was already used" :
		    "Everyone has signed", outside ? "You signed this "
		    "document already; this link works only once. The "
		    "signed copy was sent to you by e-mail." : "This "
		    "document is signed by everyone and sealed.");
		return 0;
	}
	if (strcmp(est, "sent") != 0 || at_row_int(r, 0, "expired", 0)) {
		*status = es_notice(req, 410, "ended",
		    strcmp(est, "voided") == 0 ? "This signing was cancelled" :
		    strcmp(est, "declined") == 0 ? "This signing was declined" :
		    "This signing link has expired", "Nothing can be signed "
		    "here any more. If you still need to sign, ask the sender "
		    "for a new link.");
		return 0;
	}
	if (strcmp(st, "signed") == 0 || (outside && at_row_int(r, 0,
	    "token_used", 0))) {
		*status = es_notice(req, outside ? 410 : 200, "done",
		    outside ? "This link was already used" :
		    "You have signed", "You signed this document already. "
		    "You will be told when everyone has signed.");
		return 0;
	}
	if (strcmp(st, "declined") == 0) {
		*status = es_notice(req, 410, "ended", "You declined",
		    "You declined to sign this document.");
		return 0;
	}
	if (strcmp(st, "waiting") == 0) {
		*status = es_notice(req, 409, "wait", "Not your turn yet",
		    "Others sign before you. You will be told when it is "
		    "your turn.");
		return 0;
	}
	return 1;
}

/*
 * Records a view by signer row r: the first one marks the signer viewed
 * and publishes esign.viewed; every view lands in the trail and the
 * activity log once per signer per view window (es_log).  0 or -1.
 */
static int
es_viewed(struct at_req *req, const struct at_rows *r, const char *auth)
{
	struct es_who	 w;
	long long	 sid = at_row_int(r, 0, "id", 0);
	long long	 env = at_row_int(r, 0, "envelope_id", 0);
	long long	 n;

	if (strcmp(at_row(r, 0, "state"), "sent") == 0) {
		n = at_db_exec(at_req_db(req), "UPDATE esign_signers SET "
		    "state = 'viewed', viewed_at = UTC_TIMESTAMP() WHERE id = "
		    "? AND state = 'sent'", "I", sid);
		if (n == -1 || (n > 0 && es_publish(at_req_db(req),
		    at_req_pool(req), "esign.viewed", env, sid, at_row(r, 0,
		    "name"), 0) == -1))
			return -1;
	}
	es_who_req(req, &w, auth);
	w.name = at_row(r, 0, "name");
	return es_log(req, NULL, at_row_int(r, 0, "client_id", 0), env, sid,
	    "viewed", &w, NULL, at_pprintf(at_req_pool(req), "%s viewed %s",
	    w.name, at_row(r, 0, "title")));
}

/*
 * Whether viewer row r may still read its envelope (out for signing or
 * completed); when not, draws the page that says why and sets *status.
 */
static int
es_can_read(struct at_req *req, const struct at_rows *r, int *status)
{
	const char	*est = at_row(r, 0, "estate");

	*status = 200;
	if (strcmp(est, "completed") == 0 || (strcmp(est, "sent") == 0 &&
	    !at_row_int(r, 0, "expired", 0)))
		return 1;
	*status = es_notice(req, 410, "ended", strcmp(est, "voided") == 0 ?
	    "This signing was cancelled" : strcmp(est, "declined") == 0 ?
	    "This signing was declined" : "This link has expired",
	    "The document is no longer out for signing.");
	return 0;
}

/*
 * Records the view of envelope env by the session user when they are
 * one of its viewers (es_viewed).  0 or -1.
 */
static int
es_viewer_seen(struct at_req *req, long long env)
{
	struct at_rows	*r;
	long long	 scope = at_client_scope(req);

	r = at_db_select(at_req_db(req), at_req_pool(req), ES_SIGNER_SQL
	    "WHERE e.id = ? AND s.user_id = ? AND s.role = 'viewer' AND "
	    "s.state <> 'replaced' AND e.state IN ('sent', 'completed') AND "
	    "(? = 0 OR e.client_id = ?) LIMIT 1", "IIII", env,
	    at_user_id(at_req_user(req)), scope, scope);
	if (r == NULL)
		return -1;
	if (r->n != 1)
		return 0;
	return es_viewed(req, r, "signed in (session)");
}

/* Adds <envelope>, <docs> and <signers> of signer row r to the page. */
static void
es_model(struct at_req *req, xmlNodePtr c, const struct at_rows *r,
    const char *base)
{
	struct at_rows	*d, *s;
	xmlNodePtr	 n;
	long long	 env = at_row_int(r, 0, "envelope_id", 0);
	const char	*typed;

	n = at_x_row(c, "signer", r, 0);
	at_xa(n, "base", base);
	/* The typed signature's preview: what the form holds, else the name. */
	typed = at_form_raw(req, "typed");
	if (typed == NULL || *typed == '\0')
		typed = at_row(r, 0, "name");
	at_xa(n, "typed_preview", at_pprintf(at_req_pool(req),
	    "%s/typed.png?t=%s", base, at_url_encode(at_req_pool(req),
	    typed)));
	d = at_db_select(at_req_db(req), at_req_pool(req), "SELECT position, "
	    "name, sha256, pdf FROM esign_docs WHERE envelope_id = ? ORDER BY "
	    "position", "I", env);
	if (d != NULL) {
		xmlNodePtr	 docs = at_x(c, "docs", NULL), dn, *docn;
		size_t		 i;
		int		 np, k;

		docn = at_palloc(at_req_pool(req), sizeof(*docn) * (d->n + 1));
		for (i = 0; i < d->n; i++) {
			docn[i] = dn = at_x(docs, "doc", NULL);
			at_x(dn, "position", at_row(d, i, "position"));
			at_x(dn, "name", at_row(d, i, "name"));
			at_x(dn, "sha256", at_row(d, i, "sha256"));
			np = es_pdf_pages(at_row(d, i, "pdf"),
			    d->len[i * d->ncol + 3]);
			/* Previews of the first 30 pages; the PDF has all. */
			for (k = 1; k <= np && k <= 30; k++)
				at_xaf(at_x(dn, "page", NULL), "n", "%d", k);
			at_xaf(dn, "pages", "%d", np);
		}
		es_model_fields(req, c, r, d, docn);
	}
	s = at_db_select(at_req_db(req), at_req_pool(req), "SELECT name, "
	    "role, grp, state, signed_at FROM esign_signers WHERE envelope_id "
	    "= ? AND state <> 'replaced' ORDER BY grp, position", "I", env);
	if (s != NULL)
		at_x_rows(c, "signers", "party", s);
}

/* The initials of name ("Ana Maria Kovač": "AMK"), in the pool. */
static const char *
es_initials(struct at_pool *pool, const char *name)
{
	char		*o = at_palloc(pool, strlen(name) + 1), *q = o;
	const char	*p = name;

	for (;;) {
		while (*p == ' ' || *p == '-')
			p++;
		if (*p == '\0')
			break;
		/* The word's first character, its whole UTF-8 sequence. */
		*q++ = *p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			*q++ = *p++;
		while (*p != '\0' && *p != ' ' && *p != '-')
			p++;
	}
	*q = '\0';
	return o;
}

/*
 * Adds the fields placed for signer row r: <fields> (what the form
 * lists, with the value a name or date field will get) and, on the
 * pages they are on, <box> elements with the page's size in points, so
 * the page shows where each one goes.
 */
static void
es_model_fields(struct at_req *req, xmlNodePtr c, const struct at_rows *r,
    const struct at_rows *d, xmlNodePtr *docn)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*f;
	xmlNodePtr	 fs, n, pg;
	const char	*kind;
	double		 pw, ph;
	size_t		 i, k;
	long long	 dp;

	f = at_db_select(at_req_db(req), pool, "SELECT id, doc_position, "
	    "page, x, y, w, h, kind, label, required FROM esign_fields WHERE "
	    "signer_id = ? ORDER BY doc_position, page, y, x", "I",
	    at_row_int(r, 0, "id", 0));
	if (f == NULL || f->n == 0)
		return;
	fs = at_x(c, "fields", NULL);
	for (i = 0; i < f->n; i++) {
		kind = at_row(f, i, "kind");
		n = at_x_row(fs, "field", f, i);
		if (strcmp(kind, "name") == 0)
			at_x(n, "value", at_row(r, 0, "name"));
		else if (strcmp(kind, "initials") == 0)
			at_x(n, "value", es_initials(pool, at_row(r, 0,
			    "name")));
		dp = at_row_int(f, i, "doc_position", 0);
		for (k = 0; k < d->n; k++)
			if (at_row_int(d, k, "position", 0) == dp)
				break;
		if (k == d->n || docn[k] == NULL ||
		    at_row_int(f, i, "page", 0) > 30)
			continue;
		/* The page's element, with its size once. */
		for (pg = docn[k]->children; pg != NULL; pg = pg->next) {
			xmlChar	*v;
			int	 same;

			if (pg->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(pg->name, BAD_CAST "page") != 0)
				continue;
			v = xmlGetProp(pg, BAD_CAST "n");
			same = v != NULL && strcmp((char *)v, at_row(f, i,
			    "page")) == 0;
			xmlFree(v);
			if (same)
				break;
		}
		if (pg == NULL)
			continue;
		if (!xmlHasProp(pg, BAD_CAST "w")) {
			if (es_page_size(at_row(d, k, "pdf"),
			    d->len[k * d->ncol + 3], (int)at_row_int(f, i,
			    "page", 1), &pw, &ph) != 0)
				continue;
			at_xaf(pg, "w", "%.2f", pw);
			at_xaf(pg, "h", "%.2f", ph);
		}
		n = at_x(pg, "box", NULL);
		at_xa(n, "id", at_row(f, i, "id"));
		at_xa(n, "kind", kind);
		at_xa(n, "x", at_row(f, i, "x"));
		at_xa(n, "y", at_row(f, i, "y"));
		at_xa(n, "w", at_row(f, i, "w"));
		at_xa(n, "h", at_row(f, i, "h"));
		at_xa(n, "label", at_row(f, i, "label"));
	}
}

/* GET /sign/:id: the signing page for a contact or staff member. */
static int
h_sign_page(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_my_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 0, &st))
		return st;
	if (es_viewed(req, r, "signed in (session)") == -1)
		return 500;
	at_page_id(req, "esign-sign");
	at_page_title(req, at_pprintf(at_req_pool(req), "Sign: %s",
	    at_row(r, 0, "title")));
	es_model(req, at_page_content(req), r, at_pprintf(at_req_pool(req),
	    "/sign/%s", at_row(r, 0, "envelope_id")));
	at_x_form(req, at_page_content(req), "sign");
	return 200;
}

/* Decodes standard base64 s into a malloc'd buffer; NULL when bad. */
static unsigned char *
es_b64(const char *s, size_t *len)
{
	size_t		 n = strlen(s), pad = 0;
	unsigned char	*out;
	int		 k;

	if (n == 0 || n % 4 != 0 || n > ES_PNG_MAX * 2)
		return NULL;
	if ((out = malloc(n / 4 * 3 + 1)) == NULL)
		return NULL;
	if ((k = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n)) < 0) {
		free(out);
		return NULL;
	}
	if (s[n - 1] == '=')
		pad++;
	if (s[n - 2] == '=')
		pad++;
	*len = (size_t)k - pad;
	return out;
}

/* Whether d is a PNG. */
static int
es_is_png(const unsigned char *d, size_t len)
{
	return len > 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/*
 * Checks the values the form carries for the fields placed for signer
 * row r ("f" and the field's id): initials always, a text field when it
 * is required; each at most 200 bytes of one line.  Sets the form's
 * errors; the fields' rows (maybe none), or NULL on a database error.
 */
static struct at_rows *
es_fields_form(struct at_req *req, const struct at_rows *r)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*f;
	const char	*kind, *v, *name, *label, *msg;
	size_t		 i;

	f = at_db_select(at_req_db(req), pool, "SELECT id, kind, label, "
	    "required FROM esign_fields WHERE signer_id = ? ORDER BY "
	    "position", "I", at_row_int(r, 0, "id", 0));
	if (f == NULL)
		return NULL;
	for (i = 0; i < f->n; i++) {
		kind = at_row(f, i, "kind");
		if (strcmp(kind, "initials") != 0 && strcmp(kind, "text") != 0)
			continue;
		name = at_pprintf(pool, "f%s", at_row(f, i, "id"));
		label = at_row(f, i, "label") != NULL ? at_row(f, i,
		    "label") : strcmp(kind, "initials") == 0 ? "Initials" :
		    "Text";
		v = at_form(req, name);
		if (v != NULL && strlen(v) > 200) {
			at_form_error(req, name, at_pprintf(pool, "%s: at most "
			    "200 characters.", label));
			continue;
		}
		if (v != NULL && (msg = at_v_line(pool, &v)) != NULL) {
			at_form_error(req, name, at_pprintf(pool, "%s: %s",
			    label, msg));
			continue;
		}
		if ((v == NULL || *v == '\0') && (strcmp(kind, "initials") ==
		    0 || at_row_int(f, i, "required", 0)))
			at_form_error(req, name, at_pprintf(pool, "Fill in "
			    "\"%s\": it is needed to sign.", label));
	}
	return f;
}

/*
 * Stores the values of the fields f of signer row r as they will be
 * drawn into the pages: the form's initials and texts, the signer's
 * name, the signing date (UTC).  0 or -1.
 */
static int
es_fields_store(struct at_req *req, const struct at_rows *r,
    const struct at_rows *f)
{
	struct at_pool	*pool = at_req_pool(req);
	const char	*kind, *v;
	size_t		 i;

	for (i = 0; i < f->n; i++) {
		kind = at_row(f, i, "kind");
		if (strcmp(kind, "signature") == 0)
			continue;
		if (strcmp(kind, "date") == 0) {
			if (at_db_exec(at_req_db(req), "UPDATE esign_fields "
			    "SET value = DATE_FORMAT(UTC_DATE(), '%Y-%m-%d') "
			    "WHERE id = ?", "I", at_row_int(f, i, "id", 0)) ==
			    -1)
				return -1;
			continue;
		}
		if (strcmp(kind, "name") == 0)
			v = at_row(r, 0, "name");
		else {
			v = at_form(req, at_pprintf(pool, "f%s", at_row(f, i,
			    "id")));
			if (v != NULL && at_v_line(pool, &v) != NULL)
				v = NULL;
		}
		if (at_db_exec(at_req_db(req), "UPDATE esign_fields SET value "
		    "= NULLIF(LEFT(?, 500), '') WHERE id = ?", "sI",
		    v != NULL ? v : "", at_row_int(f, i, "id", 0)) == -1)
			return -1;
	}
	return 0;
}

/*
 * Records the signature the form carries for signer row r (the caller
 * checked it may sign): the consent, the kind (typed, drawn, an uploaded
 * PNG), who/when/IP/browser/auth, the event, the activity entry,
 * esign.signed; then moves the envelope on.  200 with *done set, or a
 * status with the form's messages set (400).
 */
static int
es_sign_form(struct at_req *req, const struct at_rows *r, const char *auth)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_db	*db = at_req_db(req);
	const struct at_param *up;
	const char	*kind = at_form(req, "kind"), *typed = at_form(req,
	    "typed"), *drawn = at_form(req, "drawn"), *consent;
	unsigned char	*png = NULL;
	size_t		 plen = 0;
	struct es_who	 w;
	struct at_rows	*fl;
	long long	 sid = at_row_int(r, 0, "id", 0);
	long long	 env = at_row_int(r, 0, "envelope_id", 0);
	FILE		*fp;
	int		 rc = 400;

	consent = at_form(req, "consent");
	if (consent == NULL || strcmp(consent, "1") != 0)
		at_form_error(req, "consent", "Agree to sign electronically "
		    "to go on.");
	if (kind == NULL)
		kind = "typed";
	if (strcmp(kind, "drawn") == 0 && drawn != NULL && *drawn != '\0') {
		if (strncmp(drawn, "data:image/png;base64,", 22) != 0 ||
		    (png = es_b64(drawn + 22, &plen)) == NULL ||
		    !es_is_png(png, plen)) {
			at_form_error(req, "drawn", "The drawing could not be "
			    "read. Type your name instead.");
			free(png);
			png = NULL;
		}
	} else if (strcmp(kind, "upload") == 0) {
		up = at_upload(req, "image");
		if (up == NULL || up->tmppath == NULL || up->size <= 0)
			at_form_error(req, "image", "Choose a PNG image of "
			    "your signature.");
		else if (up->size > ES_PNG_MAX)
			at_form_error(req, "image", "The image is larger than "
			    "1 MB.");
		else if ((fp = fopen(up->tmppath, "rb")) != NULL) {
			png = malloc((size_t)up->size);
			plen = png != NULL ? fread(png, 1, (size_t)up->size,
			    fp) : 0;
			fclose(fp);
			if (png == NULL || !es_is_png(png, plen)) {
				at_form_error(req, "image", "The image must be "
				    "a PNG.");
				free(png);
				png = NULL;
			}
		}
	} else {
		kind = "typed";
		if (typed == NULL || *typed == '\0')
			at_form_error(req, "typed", "Type your name to sign.");
	}
	if (strcmp(kind, "typed") != 0 && png == NULL &&
	    at_form_errors(req) == 0)
		at_form_error(req, "typed", "Type your name to sign.");
	if ((fl = es_fields_form(req, r)) == NULL) {
		rc = 500;
		goto out;
	}
	if (at_form_errors(req) > 0)
		goto out;
	if (es_fields_store(req, r, fl) == -1) {
		rc = 500;
		goto out;
	}

	es_who_req(req, &w, auth);
	w.name = at_row(r, 0, "name");
	if (at_db_exec(db, "UPDATE esign_signers SET state = 'signed', "
	    "signed_at = UTC_TIMESTAMP(), viewed_at = COALESCE(viewed_at, "
	    "UTC_TIMESTAMP()), sig_kind = ?, sig_text = LEFT(?, 200), "
	    "sig_png = ?, ip = ?, user_agent = ?, auth = ?, token_used = "
	    "IF(user_id IS NULL, 1, 0), code_hash = NULL WHERE id = ? AND "
	    "state IN ('sent', 'viewed')", "ssbsssI", kind,
	    strcmp(kind, "typed") == 0 ? typed : at_row(r, 0, "name"), png,
	    plen, w.ip, w.ua, auth, sid) != 1) {
		rc = 500;
		goto out;
	}
	if (es_log(req, NULL, at_row_int(r, 0, "client_id", 0), env, sid,
	    "signed", &w, kind, at_pprintf(pool, "%s signed %s (%s "
	    "signature)", w.name, at_row(r, 0, "title"), kind)) == -1 ||
	    es_publish(db, pool, "esign.signed", env, sid, w.name, 0) == -1 ||
	    es_advance(req, env) == -1) {
		rc = 500;
		goto out;
	}
	rc = 200;
out:
	free(png);
	return rc;
}

/* Redraws the signing page with the form's messages (status 400). */
static int
es_sign_again(struct at_req *req, const struct at_rows *r, const char *base)
{
	at_page_id(req, "esign-sign");
	at_page_title(req, at_pprintf(at_req_pool(req), "Sign: %s",
	    at_row(r, 0, "title")));
	es_model(req, at_page_content(req), r, base);
	at_x_form(req, at_page_content(req), "sign");
	return 200;
}

/* POST /sign/:id: a contact or staff member signs. */
static int
h_sign(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_my_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 0, &st))
		return st;
	st = es_sign_form(req, r, "signed in (session)");
	if (st == 400)
		return es_sign_again(req, r, at_pprintf(at_req_pool(req),
		    "/sign/%s", at_row(r, 0, "envelope_id")));
	if (st != 200)
		return st;
	at_flash(req, "ok", "Thank you: your signature is recorded.");
	return at_redirect(req, at_pprintf(at_req_pool(req), "/esign/%s",
	    at_row(r, 0, "envelope_id")));
}

/*
 * Declines for signer row r with the form's reason: the envelope ends,
 * esign.declined, staff told.  A status.
 */
static int
es_decline(struct at_req *req, const struct at_rows *r, const char *auth)
{
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	const char	*why = at_form(req, "reason");
	struct at_notice nt;
	struct es_who	 w;
	long long	 sid = at_row_int(r, 0, "id", 0);
	long long	 env = at_row_int(r, 0, "envelope_id", 0);

	if (why == NULL || *why == '\0') {
		at_flash(req, "error", "Say why you decline, so the sender "
		    "knows what to change.");
		return -1;
	}
	es_who_req(req, &w, auth);
	w.name = at_row(r, 0, "name");
	if (at_db_exec(db, "UPDATE esign_signers SET state = 'declined', "
	    "declined_at = UTC_TIMESTAMP(), decline_reason = LEFT(?, 500), "
	    "ip = ?, user_agent = ?, auth = ?, token_used = IF(user_id IS "
	    "NULL, 1, 0) WHERE id = ?", "ssssI", why, w.ip, w.ua, auth, sid)
	    != 1 || at_db_exec(db, "UPDATE esign_envelopes SET state = "
	    "'declined', ended_at = UTC_TIMESTAMP(), end_reason = LEFT(?, "
	    "500) WHERE id = ? AND state = 'sent'", "sI", why, env) != 1 ||
	    es_log(req, NULL, at_row_int(r, 0, "client_id", 0), env, sid,
	    "declined", &w, why, at_pprintf(pool, "%s declined to sign %s: "
	    "%s", w.name, at_row(r, 0, "title"), why)) == -1 ||
	    es_publish(db, pool, "esign.declined", env, sid, w.name, 0) == -1)
		return 500;
	memset(&nt, 0, sizeof(nt));
	nt.size = sizeof(nt);
	nt.kind = "esign.team";
	nt.subject = at_pprintf(pool, "Declined: %s", at_row(r, 0, "title"));
	nt.text = at_pprintf(pool, "%s declined: %s", w.name, why);
	nt.link = at_pprintf(pool, "/staff/esign/%lld", env);
	nt.item_type = "esign";
	nt.item_id = env;
	(void)at_notify_staff(db, at_req_site(req), &nt);
	return 200;
}

/* POST /sign/:id/decline. */
static int
h_decline(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_my_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 0, &st))
		return st;
	if ((st = es_decline(req, r, "signed in (session)")) == -1)
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/sign/%s", at_row(r, 0, "envelope_id")));
	if (st != 200)
		return st;
	return es_notice(req, 200, "ended", "You declined",
	    "You declined to sign. The sender has been told, with your "
	    "reason.");
}

/* Sends document :n of envelope env inline. */
static int
es_send_doc(struct at_req *req, long long env)
{
	struct at_rows	*d;
	long long	 n = at_arg_id(req, "n");

	d = at_db_select(at_req_db(req), at_req_pool(req), "SELECT name, pdf "
	    "FROM esign_docs WHERE envelope_id = ? AND position = ?", "II",
	    env, n);
	if (d == NULL)
		return 500;
	if (d->n != 1)
		return 404;
	at_resp_header(req, "Content-Disposition", at_pprintf(at_req_pool(req),
	    "inline; filename=\"%s\"", at_header_quote(at_req_pool(req),
	    at_row(d, 0, "name"))));
	return at_send(req, 200, "application/pdf", at_row(d, 0, "pdf"),
	    d->len[1]);
}

/* Sends page :p of document :n of envelope env as a PNG. */
static int
es_send_preview(struct at_req *req, long long env)
{
	struct at_rows	*d;
	unsigned char	*png;
	size_t		 len;
	long long	 n = at_arg_id(req, "n"), p = at_arg_id(req, "p");
	int		 rc, st;

	d = at_db_select(at_req_db(req), at_req_pool(req), "SELECT pdf FROM "
	    "esign_docs WHERE envelope_id = ? AND position = ?", "II", env, n);
	if (d == NULL)
		return 500;
	if (d->n != 1 || p <= 0 || p > 500)
		return 404;
	rc = es_pdf_preview(at_row(d, 0, "pdf"), d->len[0], (int)p, &png,
	    &len);
	if (rc != 0)
		return rc == 1 ? 404 : 500;
	at_resp_header(req, "Cache-Control", "private, max-age=3600");
	st = at_send(req, 200, "image/png", png, len);
	free(png);
	return st;
}

/* GET /sign/:id/page/:n/:p: a page preview (scoped as the document). */
static int
h_preview(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), scope = at_client_scope(req);

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "esign_envelopes WHERE id = ? AND (? = 0 OR client_id = ?)", "III",
	    id, scope, scope);
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	return es_send_preview(req, id);
}

/*
 * GET /sign/:id/doc/:n and /esign/:id/doc/:n: a document of an envelope
 * the caller may see (staff; a contact of its client).
 */
static int
h_doc(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), scope = at_client_scope(req);

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "esign_envelopes WHERE id = ? AND (? = 0 OR client_id = ?)", "III",
	    id, scope, scope);
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	return es_send_doc(req, id);
}

/* GET /esign/o/:token: the outside signer's page. */
static int
h_o_page(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;
	int		 st;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st == 404 ? es_notice(req, 404, "ended", "This link is "
		    "not valid", "Check that the whole link from the e-mail "
		    "was opened; a newer link replaces an older one.") : st;
	if (strcmp(at_row(r, 0, "role"), "viewer") == 0) {
		/* A viewer reads: no consent, no code, nothing to sign. */
		if (!es_can_read(req, r, &st))
			return st;
		if (es_viewed(req, r, "e-mail link") == -1)
			return 500;
		at_page_id(req, "esign-read");
		at_page_title(req, at_pprintf(at_req_pool(req), "To read: %s",
		    at_row(r, 0, "title")));
		es_model(req, at_page_content(req), r, at_pprintf(
		    at_req_pool(req), "/esign/o/%s", at_arg(req, "token")));
		return 200;
	}
	if (!es_can_sign(req, r, 1, &st))
		return st;
	if (es_viewed(req, r, "e-mail link") == -1)
		return 500;
	at_page_id(req, "esign-sign");
	at_page_title(req, at_pprintf(at_req_pool(req), "Sign: %s",
	    at_row(r, 0, "title")));
	c = at_page_content(req);
	es_model(req, c, r, at_pprintf(at_req_pool(req), "/esign/o/%s",
	    at_arg(req, "token")));
	at_xa(at_x(c, "outside", NULL), "code_live", at_row(r, 0,
	    "code_live") != NULL ? at_row(r, 0, "code_live") : "0");
	at_x_form(req, c, "sign");
	return 200;
}

/* POST /esign/o/:token/code: mails a new one-time code. */
static int
h_o_code(struct at_req *req)
{
	struct at_rows	*r;
	struct at_pool	*pool = at_req_pool(req);
	struct at_mail_draft md;
	struct es_who	 w;
	unsigned char	 b[4];
	char		 code[8];
	int		 st;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 1, &st))
		return st;
	if (RAND_bytes(b, sizeof(b)) != 1)
		return 500;
	es_who_req(req, &w, "e-mail link");
	w.name = at_row(r, 0, "name");
	snprintf(code, sizeof(code), "%06u", (unsigned)(((unsigned)b[0] << 24
	    | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3]) % 1000000));
	if (at_db_exec(at_req_db(req), "UPDATE esign_signers SET code_hash = "
	    "?, code_expires = UTC_TIMESTAMP() + INTERVAL 15 MINUTE, "
	    "code_tries = 0 WHERE id = ?", "sI", at_token_hash(pool,
	    at_pprintf(pool, "%s:%s", at_row(r, 0, "id"), code)),
	    at_row_int(r, 0, "id", 0)) == -1 ||
	    es_log(req, NULL, at_row_int(r, 0, "client_id", 0),
	    at_row_int(r, 0, "envelope_id", 0), at_row_int(r, 0, "id", 0),
	    "code", &w, "one-time code sent by e-mail", at_pprintf(pool,
	    "A one-time code to sign %s was e-mailed to %s <%s>",
	    at_row(r, 0, "title"), w.name, at_row(r, 0, "email"))) == -1)
		return 500;
	memset(&md, 0, sizeof(md));
	md.size = sizeof(md);
	md.to = at_row(r, 0, "email");
	md.name = at_row(r, 0, "name");
	md.subject = at_pprintf(pool, "Your signing code: %s", code);
	md.intro = at_pprintf(pool, "Your one-time code to sign \"%s\" is "
	    "%s. It works for 15 minutes.", at_row(r, 0, "title"), code);
	md.note = "If you did not ask for it, ignore this e-mail.";
	if (at_mail_draw(at_req_db(req), at_req_site(req), &md) == -1)
		return 500;
	at_flash(req, "ok", "We sent a code to your e-mail address. Enter it "
	    "below to sign.");
	return at_redirect(req, at_pprintf(pool, "/esign/o/%s",
	    at_arg(req, "token")));
}

/*
 * Checks the one-time code of the form for signer row r: 1 good, 0 not
 * (form error set; a wrong try counts), -1 on a database error.
 */
static int
es_code_ok(struct at_req *req, const struct at_rows *r)
{
	struct at_pool	*pool = at_req_pool(req);
	const char	*code = at_form(req, "code"), *h = at_row(r, 0,
	    "code_hash");
	struct es_who	 w;
	long long	 client = at_row_int(r, 0, "client_id", 0);
	long long	 env = at_row_int(r, 0, "envelope_id", 0);
	long long	 sid = at_row_int(r, 0, "id", 0);

	es_who_req(req, &w, "e-mail link and one-time code");
	w.name = at_row(r, 0, "name");
	if (h == NULL || !at_row_int(r, 0, "code_live", 0) ||
	    at_row_int(r, 0, "code_tries", 0) >= ES_CODE_TRIES) {
		at_form_error(req, "code", "Ask for a new code: this one "
		    "has expired or was tried too often.");
		return es_log(req, NULL, client, env, sid, "code-failed", &w,
		    "no valid code (none asked, expired or tried too often)",
		    at_pprintf(pool, "%s tried to sign %s without a valid "
		    "one-time code", w.name, at_row(r, 0, "title"))) == -1 ?
		    -1 : 0;
	}
	if (code == NULL || strcmp(at_token_hash(pool, at_pprintf(pool,
	    "%s:%s", at_row(r, 0, "id"), code)), h) != 0) {
		if (at_db_exec(at_req_db(req), "UPDATE esign_signers SET "
		    "code_tries = code_tries + 1 WHERE id = ?", "I",
		    sid) == -1)
			return -1;
		at_form_error(req, "code", "That code is not right.");
		return es_log(req, NULL, client, env, sid, "code-failed", &w,
		    "wrong code", at_pprintf(pool, "%s typed a wrong "
		    "one-time code to sign %s", w.name, at_row(r, 0,
		    "title"))) == -1 ? -1 : 0;
	}
	if (es_log(req, NULL, client, env, sid, "code-ok", &w, NULL,
	    at_pprintf(pool, "%s confirmed their e-mail address with the "
	    "one-time code to sign %s", w.name, at_row(r, 0, "title"))) == -1)
		return -1;
	return 1;
}

/* POST /esign/o/:token: the outside signer signs with the code. */
static int
h_o_sign(struct at_req *req)
{
	struct at_rows	*r;
	const char	*base;
	int		 st, ok;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 1, &st))
		return st;
	base = at_pprintf(at_req_pool(req), "/esign/o/%s", at_arg(req,
	    "token"));
	if ((ok = es_code_ok(req, r)) == -1)
		return 500;
	if (ok == 0) {
		st = es_sign_again(req, r, base);
		at_xa(at_x(at_page_content(req), "outside", NULL), "code_live",
		    "1");
		return st;
	}
	st = es_sign_form(req, r, "e-mail link and one-time code");
	if (st == 400) {
		st = es_sign_again(req, r, base);
		at_xa(at_x(at_page_content(req), "outside", NULL), "code_live",
		    "1");
		return st;
	}
	if (st != 200)
		return st;
	return es_notice(req, 200, "done", "Thank you for signing",
	    "Your signature is recorded. When everyone has signed, we "
	    "e-mail you a link to the sealed document.");
}

/* POST /esign/o/:token/decline. */
static int
h_o_decline(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st;
	if (!es_can_sign(req, r, 1, &st))
		return st;
	if ((st = es_decline(req, r, "e-mail link")) == -1)
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/esign/o/%s", at_arg(req, "token")));
	if (st != 200)
		return st;
	return es_notice(req, 200, "ended", "You declined",
	    "You declined to sign. The sender has been told, with your "
	    "reason.");
}

/* GET /esign/o/:token/doc/:n: a document, for the link's signer. */
static int
h_o_doc(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st;
	if (strcmp(at_row(r, 0, "role"), "viewer") == 0 ?
	    !es_can_read(req, r, &st) : !es_can_sign(req, r, 1, &st))
		return st == 200 ? 410 : st;
	return es_send_doc(req, at_row_int(r, 0, "envelope_id", 0));
}

/* GET /esign/o/:token/page/:n/:p: a page preview for the link's signer. */
static int
h_o_preview(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = es_token_signer(req, &st)) == NULL)
		return st;
	if (strcmp(at_row(r, 0, "role"), "viewer") == 0 ?
	    !es_can_read(req, r, &st) : !es_can_sign(req, r, 1, &st))
		return st == 200 ? 410 : st;
	return es_send_preview(req, at_row_int(r, 0, "envelope_id", 0));
}

/*
 * Sends the sealed copy (core file fid of client, envelope env) to
 * someone the caller checked may have it, and records the download as
 * the envelope's (who: name).  The file store's own download entry
 * would link to the hub's project file pages, which know only project
 * files.
 */
static int
es_send_sealed(struct at_req *req, long long fid, long long client,
    long long env, const char *who)
{
	struct at_file	 f;
	int		 rc;

	if ((rc = at_file_get(req, fid, 0, "esign", &f)) == -1)
		return 500;
	if (rc == 1 || f.client != client || f.item_id != env)
		return 404;
	if (at_activity(req, client, "download", "esign", env,
	    at_pprintf(at_req_pool(req), "%s downloaded the signed %s", who,
	    f.name), 0) == -1)
		return 500;
	return at_send_file(req, f.path, "application/pdf", f.name);
}

/* GET /esign/d/:token: the sealed copy for a party outside the site. */
static int
h_dl(struct at_req *req)
{
	struct at_rows	*r;
	const char	*tok = at_arg(req, "token");

	if (tok == NULL || strlen(tok) < 20 || strlen(tok) > 80)
		return 404;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT "
	    "e.sealed_file_id, e.client_id, e.id, s.name FROM esign_signers "
	    "s JOIN esign_envelopes e ON "
	    "e.id = s.envelope_id WHERE s.dl_token_hash = ? AND e.state = "
	    "'completed'", "s", at_token_hash(at_req_pool(req), tok));
	if (r == NULL)
		return 500;
	if (r->n != 1)
		return 404;
	return es_send_sealed(req, at_row_int(r, 0, "sealed_file_id", 0),
	    at_row_int(r, 0, "client_id", 0), at_row_int(r, 0, "id", 0),
	    at_row(r, 0, "name"));
}

/* The envelope :id within the caller's scope, or NULL (*status). */
static struct at_rows *
es_env(struct at_req *req, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), scope = at_client_scope(req);

	*status = 404;
	if (id <= 0)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT e.id, "
	    "e.client_id, c.name AS client, e.title, e.message, e.state, "
	    "e.expires_on, e.origin, e.ref, e.created_at, e.ended_at, "
	    "e.end_reason, e.sealed_file_id, e.sha_before, e.sha_after, "
	    "e.ts_at, e.ts_error "
	    "FROM esign_envelopes e JOIN clients c ON c.id = e.client_id "
	    "WHERE e.id = ? AND (? = 0 OR e.client_id = ?)", "III", id, scope,
	    scope);
	if (r == NULL) {
		*status = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/* Adds envelope row e with its documents and parties to c. */
static void
es_env_model(struct at_req *req, xmlNodePtr c, const struct at_rows *e,
    int staff)
{
	struct at_rows	*d, *s, *ev;
	long long	 id = at_row_int(e, 0, "id", 0);
	const char	*link;

	at_x_row(c, "envelope", e, 0);
	d = at_db_select(at_req_db(req), at_req_pool(req), "SELECT position, "
	    "name, sha256 FROM esign_docs WHERE envelope_id = ? ORDER BY "
	    "position", "I", id);
	if (d != NULL)
		at_x_rows(c, "docs", "doc", d);
	s = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name, "
	    "email, role, grp, state, sent_at, viewed_at, signed_at, "
	    "declined_at, decline_reason, auth, user_id IS NULL AS outside "
	    "FROM esign_signers WHERE envelope_id = ? ORDER BY grp, position",
	    "I", id);
	if (s != NULL)
		at_x_rows(c, "signers", "party", s);
	if (staff) {
		ev = at_db_select(at_req_db(req), at_req_pool(req), "SELECT "
		    "action, at, who, ip, user_agent, auth, detail FROM "
		    "esign_events WHERE envelope_id = ? ORDER BY id", "I", id);
		if (ev != NULL)
			at_x_rows(c, "events", "event", ev);
	}
	if ((link = es_svc.sign_link(req, id)) != NULL)
		at_xa(at_x(c, "mine", NULL), "href", link);
}

/* GET /esign: the client's envelopes (contact). */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r;

	(void)es_seal_due(req);
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT e.id, "
	    "e.title, e.state, e.expires_on, e.created_at, (SELECT COUNT(*) "
	    "FROM esign_signers s WHERE s.envelope_id = e.id AND s.user_id = "
	    "? AND s.state IN ('sent', 'viewed') AND e.state = 'sent') AS "
	    "mine FROM esign_envelopes e WHERE e.client_id = ? ORDER BY "
	    "e.id DESC LIMIT 200", "II", at_user_id(at_req_user(req)),
	    at_client_scope(req));
	if (r == NULL)
		return 500;
	at_page_id(req, "esign-list");
	at_page_title(req, "Signatures");
	at_x_rows(at_page_content(req), "envelopes", "envelope", r);
	return 200;
}

/* GET /esign/:id: one envelope for a contact (staff: the staff page). */
static int
h_view(struct at_req *req)
{
	struct at_rows	*e;
	int		 st;

	if (at_is_staff(req))
		return at_redirect(req, at_pprintf(at_req_pool(req),
		    "/staff/esign/%lld", at_arg_id(req, "id")));
	(void)es_seal_due(req);
	if ((e = es_env(req, &st)) == NULL)
		return st;
	if (es_viewer_seen(req, at_row_int(e, 0, "id", 0)) == -1)
		return 500;
	at_page_id(req, "esign-view");
	at_page_title(req, at_row(e, 0, "title"));
	es_env_model(req, at_page_content(req), e, 0);
	return 200;
}

/* GET /esign/:id/sealed: the sealed copy (staff; the client's contacts). */
static int
h_sealed(struct at_req *req)
{
	struct at_rows	*e;
	int		 st;

	if ((e = es_env(req, &st)) == NULL)
		return st;
	if (at_row_int(e, 0, "sealed_file_id", 0) <= 0)
		return 404;
	return es_send_sealed(req, at_row_int(e, 0, "sealed_file_id", 0),
	    at_row_int(e, 0, "client_id", 0), at_row_int(e, 0, "id", 0),
	    at_user_name(at_req_user(req)));
}

/* GET /staff/esign: every envelope, newest first. */
static int
h_staff_list(struct at_req *req)
{
	struct at_rows	*r;
	const char	*state = at_query(req, "state");

	(void)es_seal_due(req);
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT e.id, "
	    "e.title, e.state, e.expires_on, e.created_at, e.origin, c.name "
	    "AS client, e.client_id FROM esign_envelopes e JOIN clients c ON "
	    "c.id = e.client_id WHERE (? = '' OR e.state = ?) ORDER BY e.id "
	    "DESC LIMIT 300", "ss", state != NULL ? state : "",
	    state != NULL ? state : "");
	if (r == NULL)
		return 500;
	at_page_id(req, "staff-esign-list");
	at_page_title(req, "Signatures");
	at_x_rows(at_page_content(req), "envelopes", "envelope", r);
	return 200;
}

/* GET /staff/esign/:id: the envelope with its parties and event log. */
static int
h_staff_view(struct at_req *req)
{
	struct at_rows	*e;
	int		 st;

	(void)es_seal_due(req);
	if ((e = es_env(req, &st)) == NULL)
		return st;
	if (es_viewer_seen(req, at_row_int(e, 0, "id", 0)) == -1)
		return 500;
	at_page_id(req, "staff-esign-view");
	at_page_title(req, at_row(e, 0, "title"));
	es_env_model(req, at_page_content(req), e, 1);
	at_x_form(req, at_page_content(req), "replace");
	return 200;
}

/* The clients and their active contacts, for the new-envelope form. */
static void
es_people(struct at_req *req, xmlNodePtr c)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name "
	    "FROM clients ORDER BY name LIMIT 1000", "");
	if (r != NULL)
		at_x_rows(c, "clients", "client", r);
}

/* GET /staff/esign/new: send a PDF for signature. */
static int
h_new_form(struct at_req *req)
{
	at_page_id(req, "staff-esign-new");
	at_page_title(req, "Send a document for signature");
	es_people(req, at_page_content(req));
	at_x_form(req, at_page_content(req), "new");
	return 200;
}

/*
 * Reads the signer lines of the new-envelope form: one per line,
 * "GROUP ROLE EMAIL [NAME]"; an e-mail of a user of the site is that
 * user, any other an outside person (NAME needed).  The count, or -1
 * with the form's error set.
 */
static int
es_parse_signers(struct at_req *req, const char *text,
    struct at_esign_signer **out)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_esign_signer *s;
	struct at_rows	*r;
	char		*copy = at_pstrdup(pool, text), *line, *save = NULL;
	char		 role[16], email[256], name[201];
	int		 n = 0, grp, k;

	s = at_palloc(pool, sizeof(*s) * 50);
	for (line = strtok_r(copy, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		name[0] = '\0';
		k = sscanf(line, "%d %15s %255s %200[^\n]", &grp, role, email,
		    name);
		if (k < 3 || n >= 50) {
			at_form_error(req, "signers", at_pprintf(pool,
			    "Line \"%s\" is not GROUP ROLE EMAIL [NAME].",
			    line));
			return -1;
		}
		memset(&s[n], 0, sizeof(s[n]));
		s[n].size = sizeof(s[n]);
		s[n].group = grp;
		s[n].role = strcmp(role, "signer") == 0 ? AT_ESIGN_SIGNER :
		    strcmp(role, "approver") == 0 ? AT_ESIGN_APPROVER :
		    strcmp(role, "viewer") == 0 ? AT_ESIGN_VIEWER : 0;
		r = at_db_select(at_req_db(req), pool, "SELECT id FROM users "
		    "WHERE email = ? AND active = 1", "s", email);
		if (r == NULL)
			return -1;
		if (r->n == 1)
			s[n].user = at_row_int(r, 0, "id", 0);
		else {
			s[n].email = at_pstrdup(pool, email);
			s[n].name = at_pstrdup(pool, name);
		}
		n++;
	}
	*out = s;
	return n;
}

/*
 * Reads the field lines of the new-envelope form: one per line, "SIGNER
 * KIND PAGE X Y W H [required|optional] [LABEL]" (SIGNER: the signer's
 * line, from 1; the box in points from the page's top-left corner), on
 * the form's one document.  The count (maybe 0), or -1 with the form's
 * error set; the service checks the placement.
 */
static int
es_parse_fields(struct at_req *req, const char *text,
    struct at_esign_field **out)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_esign_field *f;
	char		*copy, *line, *save = NULL, *rest;
	char		 kind[16], req_s[16];
	double		 x, y, w, h;
	int		 n = 0, sg, pg, k, used;

	*out = NULL;
	if (text == NULL || *text == '\0')
		return 0;
	copy = at_pstrdup(pool, text);
	f = at_palloc(pool, sizeof(*f) * 100);
	for (line = strtok_r(copy, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		used = 0;
		k = sscanf(line, "%d %15s %d %lf %lf %lf %lf%n", &sg, kind, &pg,
		    &x, &y, &w, &h, &used);
		if (k < 7 || n >= 100 || sg < 1 ||
		    es_field_kind_parse(kind) == 0) {
			at_form_error(req, "fields", at_pprintf(pool,
			    "Line \"%s\" is not SIGNER KIND PAGE X Y WIDTH "
			    "HEIGHT [required|optional] [LABEL].", line));
			return -1;
		}
		memset(&f[n], 0, sizeof(f[n]));
		f[n].size = sizeof(f[n]);
		f[n].signer = (size_t)sg - 1;
		f[n].doc = 0;
		f[n].page = pg;
		f[n].x = x;
		f[n].y = y;
		f[n].w = w;
		f[n].h = h;
		f[n].kind = (enum at_esign_field_kind)es_field_kind_parse(kind);
		f[n].required = 1;
		rest = line + used;
		while (*rest == ' ')
			rest++;
		if (sscanf(rest, "%15s", req_s) == 1 &&
		    (strcmp(req_s, "required") == 0 ||
		    strcmp(req_s, "optional") == 0)) {
			f[n].required = strcmp(req_s, "required") == 0;
			rest += strlen(req_s);
			while (*rest == ' ')
				rest++;
		}
		f[n].label = *rest != '\0' ? at_pstrdup(pool, rest) : NULL;
		n++;
	}
	*out = f;
	return n;
}

/* POST /staff/esign/new: creates the envelope through the service. */
static int
h_new(struct at_req *req)
{
	struct at_pool	*pool = at_req_pool(req);
	const struct at_param *up = at_upload(req, "pdf");
	struct at_esign_envelope e;
	struct at_esign_doc doc;
	struct at_esign_signer *s = NULL;
	struct at_esign_field *fl = NULL;
	const char	*err;
	unsigned char	*pdf = NULL;
	long long	 id, client = 0;
	FILE		*fp;
	size_t		 len = 0;
	int		 n = -1, nf = 0;

	if (at_form_errors(req) == 0) {
		if (at_strtoll(at_form(req, "client"), &client) == -1 ||
		    client <= 0)
			at_form_error(req, "client", "Choose a client.");
		n = es_parse_signers(req, at_form(req, "signers"), &s);
		nf = es_parse_fields(req, at_form(req, "fields"), &fl);
		if (up == NULL || up->tmppath == NULL || up->size <= 0 ||
		    up->size > 20 * 1024 * 1024 ||
		    (fp = fopen(up->tmppath, "rb")) == NULL)
			at_form_error(req, "pdf", "Choose a PDF of at most "
			    "20 MB.");
		else {
			if ((pdf = malloc((size_t)up->size)) != NULL)
				len = fread(pdf, 1, (size_t)up->size, fp);
			fclose(fp);
		}
	}
	if (at_form_errors(req) > 0 || n <= 0 || nf < 0) {
		if (n == 0)
			at_form_error(req, "signers", "Add at least one "
			    "signer.");
		free(pdf);
		return h_new_form(req);
	}
	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	e.client = client;
	e.title = at_form(req, "title");
	e.message = at_form(req, "message");
	e.expires_on = at_form(req, "expires_on");
	e.origin = "esign";
	e.ref = "";
	doc.name = at_file_name(pool, up->filename != NULL ? up->filename :
	    "Document.pdf");
	doc.pdf = pdf;
	doc.len = len;
	e.docs = &doc;
	e.ndocs = 1;
	e.signers = s;
	e.nsigners = (size_t)n;
	e.fields = fl;
	e.nfields = (size_t)nf;
	id = es_svc.create(req, &e, &err);
	free(pdf);
	if (id == -1) {
		if (err == NULL)
			return 500;
		at_form_error(req, nf > 0 && strncmp(err, "Field", 5) == 0 ?
		    "fields" : "signers", err);
		return h_new_form(req);
	}
	at_flash(req, "ok", "Sent for signature.");
	return at_redirect(req, at_pprintf(pool, "/staff/esign/%lld", id));
}

/* POST /staff/esign/:id/remind: tells the signers whose turn it is again. */
static int
h_remind(struct at_req *req)
{
	struct at_rows	*e, *s;
	struct at_pool	*pool = at_req_pool(req);
	struct at_notice nt;
	struct es_who	 w;
	size_t		 i, n = 0;
	int		 st;

	if ((e = es_env(req, &st)) == NULL)
		return st;
	if (strcmp(at_row(e, 0, "state"), "sent") != 0) {
		at_flash(req, "error", "This envelope is not out for signing.");
		return at_redirect(req, at_pprintf(pool, "/staff/esign/%s",
		    at_row(e, 0, "id")));
	}
	s = at_db_select(at_req_db(req), pool, "SELECT id, user_id, name, "
	    "email FROM esign_signers WHERE envelope_id = ? AND state IN "
	    "('sent', 'viewed') AND role <> 'viewer'", "I", at_row_int(e, 0,
	    "id", 0));
	if (s == NULL)
		return 500;
	es_who_req(req, &w, "signed in (session)");
	for (i = 0; i < s->n; i++) {
		if (at_row_int(s, i, "user_id", 0) > 0) {
			memset(&nt, 0, sizeof(nt));
			nt.size = sizeof(nt);
			nt.kind = "esign.sign";
			nt.subject = at_pprintf(pool, "Reminder, please sign: "
			    "%s", at_row(e, 0, "title"));
			nt.link = at_pprintf(pool, "/sign/%s", at_row(e, 0,
			    "id"));
			nt.item_type = "esign";
			nt.item_id = at_row_int(e, 0, "id", 0);
			(void)at_notify(at_req_db(req), at_req_site(req),
			    at_row_int(s, i, "user_id", 0), &nt);
		} else {
			/* A new link: the one mailed before stops working. */
			if (at_db_exec(at_req_db(req), "UPDATE esign_signers "
			    "SET state = 'waiting' WHERE id = ?", "I",
			    at_row_int(s, i, "id", 0)) == -1)
				return 500;
		}
		if (es_log(req, NULL, at_row_int(e, 0, "client_id", 0),
		    at_row_int(e, 0, "id", 0), at_row_int(s, i, "id", 0),
		    "reminded", &w, at_row(s, i, "name"), at_pprintf(pool,
		    "%s reminded %s <%s> to sign %s", w.name, at_row(s, i,
		    "name"), at_row(s, i, "email"), at_row(e, 0, "title"))) ==
		    -1)
			return 500;
		n++;
	}
	if (es_advance(req, at_row_int(e, 0, "id", 0)) == -1)
		return 500;
	at_flash(req, "ok", n > 0 ? "Reminded." : "Nobody is waiting to sign.");
	return at_redirect(req, at_pprintf(pool, "/staff/esign/%s",
	    at_row(e, 0, "id")));
}

/* POST /staff/esign/:id/void. */
static int
h_void(struct at_req *req)
{
	struct at_rows	*e;
	int		 st;

	if ((e = es_env(req, &st)) == NULL)
		return st;
	st = es_svc.void_envelope(req, at_row_int(e, 0, "id", 0),
	    at_form(req, "reason"));
	if (st == -1)
		return 500;
	at_flash(req, st == 0 ? "ok" : "error", st == 0 ? "The envelope is "
	    "void." : "This envelope can no longer be voided.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/esign/%s", at_row(e, 0, "id")));
}

/*
 * POST /staff/esign/:id/replace: signer (who has not signed) is replaced
 * by the e-mail's user, or an outside person (email, name).
 */
static int
h_replace(struct at_req *req)
{
	struct at_rows	*e, *s, *u;
	struct at_pool	*pool = at_req_pool(req);
	struct at_db	*db = at_req_db(req);
	struct es_who	 w;
	const char	*email = at_form(req, "email"), *name = at_form(req,
	    "name");
	long long	 sid = 0, uid = 0, env;
	int		 st;

	if ((e = es_env(req, &st)) == NULL)
		return st;
	env = at_row_int(e, 0, "id", 0);
	if (at_strtoll(at_form(req, "signer"), &sid) == -1)
		sid = 0;
	s = at_db_select(db, pool, "SELECT id, position, role, grp, state, "
	    "name FROM esign_signers WHERE id = ? AND envelope_id = ? AND "
	    "state IN ('waiting', 'sent', 'viewed') FOR UPDATE", "II", sid,
	    env);
	if (s == NULL)
		return 500;
	if (s->n != 1 || strcmp(at_row(e, 0, "state"), "sent") != 0 ||
	    email == NULL) {
		at_flash(req, "error", "Only someone who has not signed yet "
		    "can be replaced, by an e-mail address.");
		return at_redirect(req, at_pprintf(pool, "/staff/esign/%lld",
		    env));
	}
	u = at_db_select(db, pool, "SELECT id, name, role, client_id FROM "
	    "users WHERE email = ? AND active = 1", "s", email);
	if (u == NULL)
		return 500;
	if (u->n == 1) {
		if (strcmp(at_row(u, 0, "role"), "contact") == 0 &&
		    at_row_int(u, 0, "client_id", 0) != at_row_int(e, 0,
		    "client_id", 0)) {
			at_flash(req, "error", "That person is a contact of "
			    "another client.");
			return at_redirect(req, at_pprintf(pool,
			    "/staff/esign/%lld", env));
		}
		uid = at_row_int(u, 0, "id", 0);
		name = at_row(u, 0, "name");
	} else if (name == NULL || *name == '\0') {
		at_flash(req, "error", "Give the new signer's name.");
		return at_redirect(req, at_pprintf(pool, "/staff/esign/%lld",
		    env));
	}
	es_who_req(req, &w, "signed in (session)");
	if (at_db_exec(db, "UPDATE esign_signers SET state = 'replaced', "
	    "token_hash = NULL WHERE id = ?", "I", sid) != 1 ||
	    at_db_exec(db, "INSERT INTO esign_signers (envelope_id, position, "
	    "user_id, name, email, role, grp) SELECT envelope_id, (SELECT "
	    "MAX(position) + 1 FROM esign_signers WHERE envelope_id = ?), "
	    "NULLIF(?, 0), ?, ?, role, grp FROM esign_signers WHERE id = ?",
	    "IIssI", env, uid, es_clean(pool, name), email, sid) != 1 ||
	    es_log(req, NULL, at_row_int(e, 0, "client_id", 0), env, sid,
	    "replaced", &w, at_pprintf(pool, "%s by %s", at_row(s, 0, "name"),
	    es_clean(pool, name)), at_pprintf(pool, "%s replaced the signer "
	    "%s by %s <%s> on %s", w.name, at_row(s, 0, "name"),
	    es_clean(pool, name), email, at_row(e, 0, "title"))) == -1 ||
	    es_advance(req, env) == -1)
		return 500;
	/* The fields placed for the one replaced are the new signer's. */
	if (at_db_exec(db, "UPDATE esign_fields SET signer_id = (SELECT "
	    "MAX(id) FROM esign_signers WHERE envelope_id = ?) WHERE "
	    "signer_id = ?", "II", env, sid) == -1)
		return 500;
	at_flash(req, "ok", "The signer is replaced; the new one is told when "
	    "it is their turn.");
	return at_redirect(req, at_pprintf(pool, "/staff/esign/%lld", env));
}

/* GET /verify: the public form. */
static int
h_verify_form(struct at_req *req)
{
	at_page_id(req, "esign-verify");
	at_page_title(req, "Check a signed document");
	at_x_form(req, at_page_content(req), "verify");
	return 200;
}

/*
 * POST /verify: checks an uploaded PDF: signed by this site's
 * certificate? unchanged since? and what the site knows of it.
 */
static int
h_verify(struct at_req *req)
{
	struct at_pool	*pool = at_req_pool(req);
	const struct at_param *up = at_upload(req, "pdf");
	struct es_verdict v;
	struct es_key	 key;
	struct at_rows	*r;
	xmlNodePtr	 n;
	unsigned char	*pdf = NULL;
	char		 sha[65], err[256];
	size_t		 len = 0;
	FILE		*fp;
	int		 have = 0, rc;

	if (up == NULL || up->tmppath == NULL || up->size <= 0 ||
	    up->size > 50 * 1024 * 1024 || (fp = fopen(up->tmppath, "rb")) ==
	    NULL) {
		at_form_error(req, "pdf", "Choose the signed PDF to check.");
		return h_verify_form(req);
	}
	if ((pdf = malloc((size_t)up->size)) != NULL)
		len = fread(pdf, 1, (size_t)up->size, fp);
	fclose(fp);
	if (pdf == NULL)
		return 500;
	have = es_load_key(at_req_site(req), pool, &key, err, sizeof(err)) ==
	    0;
	rc = es_verify(pdf, len, have ? key.cert : NULL, &v);
	es_sha256_hex(pdf, len, sha);
	free(pdf);
	if (have)
		es_key_free(&key);
	if (rc == -1)
		return 500;
	at_page_id(req, "esign-verify");
	at_page_title(req, "Check a signed document");
	n = at_x(at_page_content(req), "verdict", NULL);
	at_xa(n, "valid", rc == 0 ? "1" : "0");
	at_xa(n, "signed", v.has_sig ? "1" : "0");
	at_xa(n, "intact", v.intact ? "1" : "0");
	at_xa(n, "whole", v.whole ? "1" : "0");
	at_xa(n, "ours", v.by_key ? "1" : "0");
	at_x(n, "why", v.why);
	at_x(n, "subject", v.subject);
	at_x(n, "when", v.when);
	at_x(n, "sha256", sha);
	at_x(n, "name", at_pprintf(pool, "%s", up->filename != NULL ?
	    up->filename : "document.pdf"));
	if (rc == 0 && v.by_key) {
		r = at_db_select(at_req_db(req), pool, "SELECT id, title, "
		    "ended_at FROM esign_envelopes WHERE sha_after = ?", "s",
		    sha);
		if (r != NULL && r->n == 1) {
			at_xa(n, "known", "1");
			at_x(n, "audit", v.audit);
		}
	}
	at_x_form(req, at_page_content(req), "verify");
	return 200;
}

/*
 * Sends the text of ?t= drawn in the script font as a PNG: the preview
 * of a typed signature on the signing page (drawn here, so the page
 * needs no web font).
 */
static int
es_send_typed(struct at_req *req)
{
	const char	*t = at_query(req, "t");
	unsigned char	*png;
	size_t		 len;
	int		 st;

	if (t == NULL || *t == '\0' || strlen(t) > 200)
		return 404;
	es_font_note();
	if (es_script_png(t, 96, &png, &len) == -1)
		return 500;
	at_resp_header(req, "Cache-Control", "private, max-age=3600");
	st = at_send(req, 200, "image/png", png, len);
	free(png);
	return st;
}

/* GET /sign/:id/typed.png: the typed signature's preview for a signer. */
static int
h_typed(struct at_req *req)
{
	int		 st;

	if (es_my_signer(req, &st) == NULL)
		return st;
	return es_send_typed(req);
}

/* GET /esign/o/:token/typed.png: the same for the link's signer. */
static int
h_o_typed(struct at_req *req)
{
	int		 st;

	if (es_token_signer(req, &st) == NULL)
		return st;
	return es_send_typed(req);
}

/* GET /esign/pad.js: the drawing pad (the page works without it). */
static int
h_pad_js(struct at_req *req)
{
	static const char js[] =
	    "(function(){var p=document.getElementById('esign-typed-preview'),"
	    "i=document.getElementById('f-typed'),t;if(!p||!i)return;"
	    "var u=p.getAttribute('src').split('?')[0];"
	    "i.addEventListener('input',function(){clearTimeout(t);"
	    "t=setTimeout(function(){if(i.value)p.src=u+'?t='+"
	    "encodeURIComponent(i.value);},400);});})();\n"
	    "(function(){var c=document.getElementById('esign-pad');"
	    "if(!c)return;var f=document.getElementById('esign-drawn'),"
	    "k=document.getElementById('esign-kind-drawn'),x=c.getContext('2d'),"
	    "d=false,any=false;c.hidden=false;"
	    "var w=document.getElementById('esign-draw');if(w)w.hidden=false;"
	    "x.lineWidth=2.5;x.lineCap='round';x.strokeStyle='#1a2a6c';"
	    "function p(e){var r=c.getBoundingClientRect();return[(e.clientX-"
	    "r.left)*c.width/r.width,(e.clientY-r.top)*c.height/r.height];}"
	    "c.addEventListener('pointerdown',function(e){d=true;var q=p(e);"
	    "x.beginPath();x.moveTo(q[0],q[1]);c.setPointerCapture(e.pointerId);"
	    "});c.addEventListener('pointermove',function(e){if(!d)return;"
	    "var q=p(e);x.lineTo(q[0],q[1]);x.stroke();any=true;});"
	    "function up(){if(!d)return;d=false;if(any){f.value=c.toDataURL("
	    "'image/png');if(k)k.checked=true;}}"
	    "c.addEventListener('pointerup',up);c.addEventListener("
	    "'pointerleave',up);var b=document.getElementById('esign-clear');"
	    "if(b)b.addEventListener('click',function(){x.clearRect(0,0,"
	    "c.width,c.height);f.value='';any=false;});})();\n";

	at_resp_header(req, "Cache-Control", "public, max-age=3600");
	return at_send(req, 200, "text/javascript; charset=utf-8", js,
	    sizeof(js) - 1);
}

/* GET /esign/esign.css: the few rules the design system lacks. */
static int
h_css(struct at_req *req)
{
	static const char css[] =
	    ".esign-pad { display: block; max-width: 100%; height: auto; "
	    "border: 1px solid var(--line); border-radius: var(--radius-sm); "
	    "background: #fff; touch-action: none; cursor: crosshair; }\n"
	    ".esign-hash { word-break: break-all; }\n"
	    ".esign-page { display: block; margin-bottom: var(--space-3); }\n"
	    ".esign-audit { white-space: pre-wrap; word-break: break-word; }\n"
	    ".esign-pagebox { width: 100%; height: auto; "
	    "border: 1px solid var(--line); }\n"
	    ".esign-box rect { fill: rgba(255, 214, 10, 0.3); "
	    "stroke: #8a6d00; stroke-width: 1.5; }\n"
	    ".esign-box text { font-size: 9px; fill: #1a2a6c; }\n"
	    ".esign-box:focus rect, .esign-box:hover rect { "
	    "stroke-width: 3; }\n"
	    ".esign-typed { display: block; max-width: 100%; height: 48px; "
	    "width: auto; }\n"
	    ".esign-field-list { list-style: none; padding: 0; }\n";

	at_resp_header(req, "Cache-Control", "public, max-age=3600");
	return at_send(req, 200, "text/css; charset=utf-8", css,
	    sizeof(css) - 1);
}

static const struct at_field f_sign[] = {
	{ "consent", at_v_bool, 0, 0, "Consent" },
	{ "kind", NULL, 0, 10, "Signature kind" },
	{ "typed", at_v_line, 0, 200, "Typed signature" },
	{ "drawn", NULL, 0, 1400000, "Drawn signature" },
	{ "image", NULL, AT_F_FILE, 0, "Signature image" },
	{ "code", at_v_line, 0, 12, "Code" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_decline[] = {
	{ "reason", NULL, 0, 500, "Reason" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_new[] = {
	{ "client", at_v_id, AT_F_REQUIRED, 20, "Client" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ "message", NULL, 0, 2000, "Message" },
	{ "expires_on", at_v_date, 0, 10, "Expires on" },
	{ "signers", NULL, AT_F_REQUIRED, 8000, "Signers" },
	{ "fields", NULL, 0, 8000, "Fields" },
	{ "pdf", NULL, AT_F_FILE, 0, "PDF" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_void[] = {
	{ "reason", NULL, 0, 500, "Reason" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_replace[] = {
	{ "signer", at_v_id, AT_F_REQUIRED, 20, "Signer" },
	{ "email", at_v_email, AT_F_REQUIRED, 254, "E-mail" },
	{ "name", at_v_line, 0, 200, "Name" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_verify[] = {
	{ "pdf", NULL, AT_F_FILE, 0, "Signed PDF" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route es_routes[] = {
	{ AT_GET, "/sign/:id", AT_CONTACT | AT_STAFF, h_sign_page, NULL,
	    NULL },
	{ AT_POST, "/sign/:id", AT_CONTACT | AT_STAFF, h_sign, f_sign, NULL },
	{ AT_POST, "/sign/:id/decline", AT_CONTACT | AT_STAFF, h_decline,
	    f_decline, NULL },
	{ AT_GET, "/sign/:id/doc/:n", AT_CONTACT | AT_STAFF, h_doc, NULL,
	    NULL },
	{ AT_GET, "/sign/:id/page/:n/:p", AT_CONTACT | AT_STAFF, h_preview,
	    NULL, NULL },
	{ AT_GET, "/sign/:id/typed.png", AT_CONTACT | AT_STAFF, h_typed, NULL,
	    NULL },
	{ AT_GET, "/esign", AT_CONTACT, h_list, NULL, NULL },
	{ AT_GET, "/esign/pad.js", AT_ANON, h_pad_js, NULL, NULL },
	{ AT_GET, "/esign/esign.css", AT_ANON, h_css, NULL, NULL },
	{ AT_GET, "/esign/:id", AT_CONTACT | AT_STAFF, h_view, NULL, NULL },
	{ AT_GET, "/esign/:id/doc/:n", AT_CONTACT | AT_STAFF, h_doc, NULL,
	    NULL },
	{ AT_GET, "/esign/:id/sealed", AT_CONTACT | AT_STAFF, h_sealed, NULL,
	    NULL },
	{ AT_GET, "/esign/o/:token", AT_ANON, h_o_page, NULL, NULL },
	{ AT_POST, "/esign/o/:token", AT_ANON, h_o_sign, f_sign, NULL },
	{ AT_POST, "/esign/o/:token/code", AT_ANON, h_o_code, NULL, NULL },
	{ AT_POST, "/esign/o/:token/decline", AT_ANON, h_o_decline,
	    f_decline, NULL },
	{ AT_GET, "/esign/o/:token/doc/:n", AT_ANON, h_o_doc, NULL, NULL },
	{ AT_GET, "/esign/o/:token/page/:n/:p", AT_ANON, h_o_preview, NULL,
	    NULL },
	{ AT_GET, "/esign/o/:token/typed.png", AT_ANON, h_o_typed, NULL,
	    NULL },
	{ AT_GET, "/esign/d/:token", AT_ANON, h_dl, NULL, NULL },
	{ AT_GET, "/staff/esign", AT_STAFF, h_staff_list, NULL, NULL },
	{ AT_GET, "/staff/esign/new", AT_STAFF, h_new_form, NULL, NULL },
	{ AT_POST, "/staff/esign/new", AT_STAFF, h_new, f_new, NULL },
	{ AT_GET, "/staff/esign/:id", AT_STAFF, h_staff_view, NULL, NULL },
	{ AT_POST, "/staff/esign/:id/remind", AT_STAFF, h_remind, NULL,
	    NULL },
	{ AT_POST, "/staff/esign/:id/void", AT_STAFF, h_void, f_void, NULL },
	{ AT_POST, "/staff/esign/:id/replace", AT_STAFF, h_replace,
	    f_replace, NULL },
	{ AT_GET, "/verify", AT_ANON, h_verify_form, NULL, NULL },
	{ AT_POST, "/verify", AT_ANON, h_verify, f_verify, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_rate es_code_rate = { 10, 200, 600 };
static const struct at_rate es_verify_rate = { 30, 300, 600 };

/* See esign.h: the routes, navigation and rate limits. */
void
es_pages_register(struct at_registry *reg)
{
	at_reg_routes(reg, es_routes);
	at_reg_limit(reg, AT_POST, "/esign/o/:token/code", 0, &es_code_rate);
	at_reg_limit(reg, AT_POST, "/esign/o/:token", 0, &es_code_rate);
	at_reg_limit(reg, AT_POST, "/verify", 0, &es_verify_rate);
	at_reg_nav(reg, AT_CONTACT, "Signatures", "/esign", 70);
	at_reg_nav(reg, AT_STAFF, "Signatures", "/staff/esign", 70);
}
