/*
 * Notifications (include/atrium/notify.h): the kinds modules register,
 * the notices they send, the mail drawn by the skin, the daily digest
 * job "notify.digest", the header's bell and the /notifications pages.
 *
 * Tables (install/schema/core/007_notifications.sql): notifications (one
 * row per person and notice; delivery now, digest or none; mailed_at
 * once mailed), notification_prefs (a person's choice per kind) and
 * notification_digests (when each person last got a digest).
 *
 * Pages: notifications (<notifications><item id kind label subject text
 * link created_at read/></notifications>).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLtree.h>

#include "core.h"
#include "notify/notify.h"

#define NOTIFY_KINDS_MAX	128
#define NOTIFY_DIGEST_HOUR	7	/* a digest day starts at 07:00 local */
#define NOTIFY_DIGEST_MAX	200	/* items in one digest mail */
#define NOTIFY_LIST_MAX		100	/* rows the page lists */

struct kind {
	struct at_notify_kind k;
	char		*module;
};

static struct kind	 kinds[NOTIFY_KINDS_MAX];
static size_t		 nkinds;

/* See include/atrium/notify.h. */
void
at_notify_kind(struct at_registry *reg, const char *name, const char *label,
    unsigned int who, enum at_delivery def)
{
	const char	*mod = at_reg_name(reg);
	char		 full[160];
	struct kind	*k;
	size_t		 n, i;

	n = name != NULL ? strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-") : 0;
	if (name == NULL || n == 0 || name[n] != '\0' || n > 64 ||
	    label == NULL || (who & (AT_CONTACT | AT_STAFF)) == 0 ||
	    def < AT_DELIVER_NOW || def > AT_DELIVER_OFF) {
		log_warn("module %s: notification kind '%s' refused: its "
		    "name must be [a-z0-9_-]+, with a label, a receiver "
		    "and a delivery", mod, name != NULL ? name : "");
		return;
	}
	snprintf(full, sizeof(full), "%s.%s", mod, name);
	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].k.name, full) == 0)
			break;
	if (i == nkinds) {
		if (nkinds == NOTIFY_KINDS_MAX) {
			log_warn("module %s: notification kind %s refused: "
			    "too many kinds", mod, full);
			return;
		}
		nkinds++;
	} else {
		free((char *)kinds[i].k.name);
		free((char *)kinds[i].k.label);
		free(kinds[i].module);
	}
	k = &kinds[i];
	if ((k->k.name = strdup(full)) == NULL ||
	    (k->k.label = strdup(label)) == NULL ||
	    (k->module = strdup(mod)) == NULL)
		abort();
	k->k.who = who;
	k->k.def = def;
}

/* See notify/notify.h. */
const struct at_notify_kind *
at_notify_kind_find(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < nkinds; i++)
		if (strcmp(kinds[i].k.name, name) == 0 &&
		    at_plugin_loaded(kinds[i].module))
			return &kinds[i].k;
	return NULL;
}

/* See notify/notify.h. */
size_t
at_notify_kinds(enum at_role role, const struct at_notify_kind **out,
    size_t max)
{
	unsigned int	 want;
	size_t		 i, n = 0;

	want = role == AT_ROLE_CONTACT ? AT_CONTACT : AT_STAFF;
	for (i = 0; i < nkinds && n < max; i++)
		if ((kinds[i].k.who & want) != 0 &&
		    at_plugin_loaded(kinds[i].module))
			out[n++] = &kinds[i].k;
	return n;
}

/* See notify/notify.h. */
const char *
at_delivery_name(enum at_delivery d)
{
	switch (d) {
	case AT_DELIVER_NOW:
		return "now";
	case AT_DELIVER_DIGEST:
		return "digest";
	case AT_DELIVER_OFF:
		return "none";
	}
	return "now";
}

/* See notify/notify.h. */
enum at_delivery
at_delivery_parse(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "now") == 0)
		return AT_DELIVER_NOW;
	if (strcmp(s, "digest") == 0)
		return AT_DELIVER_DIGEST;
	if (strcmp(s, "none") == 0)
		return AT_DELIVER_OFF;
	return 0;
}

/* See notify/notify.h. */
time_t
at_digest_day(time_t now, int hour)
{
	struct tm	 tm;
	time_t		 t;

	localtime_r(&now, &tm);
	tm.tm_hour = hour;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t > now) {
		localtime_r(&now, &tm);
		tm.tm_mday -= 1;
		tm.tm_hour = hour;
		tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		t = mktime(&tm);
	}
	return t;
}

/* See notify/notify.h. */
size_t
at_digest_run(const struct at_rows *r, size_t from)
{
	const char	*u;
	size_t		 i;

	if (from >= r->n)
		return r->n;
	u = at_row(r, from, "user_id");
	for (i = from + 1; i < r->n; i++)
		if (u == NULL || at_row(r, i, "user_id") == NULL ||
		    strcmp(u, at_row(r, i, "user_id")) != 0)
			break;
	return i;
}

/* ---- the mail model ---- */

/*
 * Adds <name>text</name> under parent (text NULL: empty).  The model is
 * built without a request (the digest job has none), so not with at_x.
 */
static xmlNodePtr
mx(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name,
	    text != NULL ? BAD_CAST text : NULL);
}

/* Sets attribute name when value is not NULL. */
static void
ma(xmlNodePtr node, const char *name, const char *value)
{
	if (value != NULL)
		xmlSetProp(node, BAD_CAST name, BAD_CAST value);
}

/* link made absolute: a path gets the site's base URL in front. */
static char *
notify_url(const struct at_site *site, const char *link, char *buf,
    size_t sz)
{
	if (link == NULL || *link == '\0')
		return NULL;
	if (link[0] == '/')
		snprintf(buf, sz, "%s%s", site->base_url, link);
	else
		snprintf(buf, sz, "%s", link);
	return buf;
}

/* See notify/notify.h. */
xmlDocPtr
at_mail_model(const struct at_site *site, const char *type, const char *to,
    const char *name, const char *subject)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	char		 buf[1024];

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "mail");
	xmlDocSetRootElement(doc, root);
	ma(root, "type", type);
	n = mx(root, "brand", NULL);
	ma(n, "name", site->brand_name != NULL ? site->brand_name :
	    site->name);
	ma(n, "logo", notify_url(site, site->brand_logo, buf, sizeof(buf)));
	ma(n, "color", site->brand_color);
	ma(n, "url", site->base_url);
	n = mx(root, "to", NULL);
	ma(n, "email", to);
	ma(n, "name", name);
	mx(root, "subject", subject);
	if (name != NULL && *name != '\0') {
		snprintf(buf, sizeof(buf), "Hello %s,", name);
		mx(root, "greeting", buf);
	} else
		mx(root, "greeting", "Hello,");
	n = mx(root, "prefs", NULL);
	ma(n, "href", notify_url(site, "/account", buf, sizeof(buf)));
	mx(root, "items", NULL);
	return doc;
}

/* The <items> element of a model. */
static xmlNodePtr
model_items(xmlDocPtr doc)
{
	xmlNodePtr	 n;

	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST "items") == 0)
			return n;
	return mx(xmlDocGetRootElement(doc), "items", NULL);
}

/* See notify/notify.h. */
void
at_mail_model_item(const struct at_site *site, xmlDocPtr doc,
    const char *kind, const char *label, const char *subject,
    const char *text, const char *link, const char *when)
{
	xmlNodePtr	 it;
	char		 buf[1024];

	it = mx(model_items(doc), "item", NULL);
	ma(it, "kind", kind);
	ma(it, "label", label);
	ma(it, "when", when);
	ma(it, "href", notify_url(site, link, buf, sizeof(buf)));
	mx(it, "subject", subject);
	if (text != NULL && *text != '\0')
		mx(it, "text", text);
}

/*
 * Makes sure the view can draw outside a worker (atriumctl's jobs):
 * at_view_init() once per process.
 */
static int
notify_view(const struct at_site *site)
{
	static const struct at_site *ready;

	if (ready == site)
		return 0;
	if (at_view_init(site) == -1)
		return -1;
	ready = site;
	return 0;
}

/* Appends the text of node and its descendants to the memstream. */
static void
notify_text(FILE *m, xmlNodePtr n)
{
	xmlChar		*c;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type ==
		    XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				fputs((const char *)n->content, m);
		} else if (n->type == XML_ELEMENT_NODE) {
			c = xmlNodeGetContent(n);
			if (c != NULL)
				fputs((const char *)c, m);
			xmlFree(c);
		}
	}
}

/*
 * The part drawn by mail/which.xsl ("text" or "html") from model, in
 * the pool, or NULL (logged).
 */
static char *
notify_draw(struct at_pool *pool, xmlDocPtr model, const char *which)
{
	xmlDocPtr	 res;
	xmlChar		*buf = NULL;
	char		*out = NULL;
	size_t		 len = 0;
	int		 n = 0;
	FILE		*m;

	if ((res = at_view_transform("mail", which, model)) == NULL)
		return NULL;
	if (strcmp(which, "html") == 0) {
		htmlDocDumpMemoryFormat(res, &buf, &n, 1);
		if (buf != NULL)
			out = at_pstrndup(pool, (const char *)buf, (size_t)n);
		xmlFree(buf);
	} else {
		char	*t = NULL;

		if ((m = open_memstream(&t, &len)) == NULL)
			abort();
		notify_text(m, res->children);
		fclose(m);
		out = at_pstrdup(pool, t);
		free(t);
	}
	xmlFreeDoc(res);
	return out;
}

/* See notify/notify.h. */
int
at_mail_model_queue(struct at_db *db, const struct at_site *site,
    struct at_pool *pool, xmlDocPtr model, const char *to,
    const char *subject)
{
	return at_mail_model_queue_reply(db, site, pool, model, to, subject,
	    NULL);
}

/* See notify/notify.h. */
int
at_mail_model_queue_reply(struct at_db *db, const struct at_site *site,
    struct at_pool *pool, xmlDocPtr model, const char *to,
    const char *subject, const char *reply_to)
{
	char	*text, *html;

	if (notify_view(site) == -1 ||
	    (text = notify_draw(pool, model, "text")) == NULL ||
	    (html = notify_draw(pool, model, "html")) == NULL) {
		log_warn("notify: the skin could not draw the mail to %s", to);
		return -1;
	}
	return at_mail_queue_reply(db, to, subject, text, html, reply_to);
}

/* See include/atrium/notify.h. */
int
at_mail_draw(struct at_db *db, const struct at_site *site,
    const struct at_mail_draft *d)
{
	struct at_pool	*pool;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	char		 buf[1024];
	int		 rc;

	if (d == NULL || d->size < sizeof(struct at_mail_draft) ||
	    d->to == NULL || d->subject == NULL) {
		log_warn("%s: refused a mail without an address or a subject",
		    __func__);
		return -1;
	}
	pool = at_pool_new();
	doc = at_mail_model(site, "message", d->to, d->name, d->subject);
	root = xmlDocGetRootElement(doc);
	if (d->intro != NULL)
		mx(root, "intro", d->intro);
	if (d->link != NULL) {
		n = mx(root, "action", d->action != NULL ? d->action :
		    "Open it");
		ma(n, "href", notify_url(site, d->link, buf, sizeof(buf)));
	}
	if (d->note != NULL)
		mx(root, "note", d->note);
	rc = at_mail_model_queue(db, site, pool, doc, d->to, d->subject);
	xmlFreeDoc(doc);
	at_pool_free(pool);
	return rc;
}

/* ---- notices ---- */

/* See include/atrium/notify.h. */
int
at_notify(struct at_db *db, const struct at_site *site, long long uid,
    const struct at_notice *nt)
{
	const struct at_notify_kind *k;
	struct at_pool	*pool;
	struct at_rows	*r;
	enum at_delivery d;
	xmlDocPtr	 doc;
	const char	*subject, *text, *link, *reply = NULL;
	int		 rc = -1;

	/* A notice from before reply_to is taken as one without it. */
	if (nt == NULL || nt->size < offsetof(struct at_notice, reply_to) ||
	    nt->subject == NULL) {
		log_warn("%s: refused a notice without a subject", __func__);
		return -1;
	}
	if ((k = at_notify_kind_find(nt->kind)) == NULL) {
		log_warn("%s: refused a notice of unknown kind %s", __func__,
		    nt->kind != NULL ? nt->kind : "(none)");
		return -1;
	}
	link = nt->link != NULL ? nt->link : "";
	if (*link != '\0' && !at_path_is_local(link)) {
		log_warn("%s: refused a notice (%s) whose link is not a path "
		    "of this site", __func__, nt->kind);
		return -1;
	}
	pool = at_pool_new();
	r = at_db_select(db, pool, "SELECT u.email, u.name, p.delivery FROM "
	    "users u LEFT JOIN clients c ON c.id = u.client_id LEFT JOIN "
	    "notification_prefs p ON p.user_id = u.id AND p.kind = ? WHERE "
	    "u.id = ? AND u.active = 1 AND (u.role <> 'contact' OR "
	    "c.portal_enabled = 1)", "sI", k->name, uid);
	if (r == NULL)
		goto done;
	if (r->n == 0) {
		rc = 0;
		goto done;
	}
	if ((d = at_delivery_parse(at_row(r, 0, "delivery"))) == 0)
		d = k->def;
	subject = at_utf8_cut(pool, nt->subject, 250);
	text = nt->text != NULL ? at_utf8_cut(pool, nt->text, 1000) : "";
	if (strlen(link) > 500) {
		log_warn("%s: refused a notice (%s) with a link of %zu bytes",
		    __func__, nt->kind, strlen(link));
		goto done;
	}
	if (at_db_exec(db, "INSERT INTO notifications (user_id, kind, "
	    "subject, body, link, item_type, item_id, created_at, delivery, "
	    "mailed_at) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), "
	    "UTC_TIMESTAMP(), ?, IF(? = 'now', UTC_TIMESTAMP(), NULL))",
	    "IsssssIss", uid, k->name, subject, text, link, nt->item_type,
	    nt->item_id, at_delivery_name(d), at_delivery_name(d)) != 1)
		goto done;
	if (d == AT_DELIVER_NOW) {
		doc = at_mail_model(site, "notice", at_row(r, 0, "email"),
		    at_row(r, 0, "name"), subject);
		at_mail_model_item(site, doc, k->name, k->label, subject,
		    text, link, NULL);
		if (nt->size >= offsetof(struct at_notice, reply_to) +
		    sizeof(nt->reply_to) && nt->reply_to != NULL &&
		    nt->item_id > 0)
			reply = at_reply_address(db, site, pool, nt->reply_to,
			    nt->item_id, uid);
		rc = at_mail_model_queue_reply(db, site, pool, doc,
		    at_row(r, 0, "email"), subject, reply);
		xmlFreeDoc(doc);
		if (rc == -1)
			goto done;
	}
	rc = 1;
done:
	at_pool_free(pool);
	return rc;
}

/* Notifies each account in r (column id) that filter accepts. */
static int
notify_rows(struct at_db *db, const struct at_site *site,
    const struct at_rows *r, const struct at_notice *nt,
    at_notify_filter filter, void *arg)
{
	size_t		 i;
	long long	 uid;
	int		 n = 0, rc, failed = 0;

	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		uid = at_row_int(r, i, "id", 0);
		if (filter != NULL) {
			if ((rc = filter(db, uid, arg)) == -1) {
				failed = 1;
				continue;
			}
			if (rc == 0)
				continue;
		}
		if ((rc = at_notify(db, site, uid, nt)) == -1)
			failed = 1;
		else
			n += rc;
	}
	return failed ? -1 : n;
}

/* See include/atrium/notify.h. */
int
at_notify_client(struct at_db *db, const struct at_site *site,
    long long client, const struct at_notice *nt, at_notify_filter filter,
    void *arg)
{
	struct at_pool	*pool = at_pool_new();
	int		 rc;

	rc = notify_rows(db, site, at_db_select(db, pool, "SELECT u.id FROM "
	    "users u JOIN clients c ON c.id = u.client_id WHERE "
	    "u.client_id = ? AND u.role = 'contact' AND u.active = 1 AND "
	    "c.portal_enabled = 1 ORDER BY u.id", "I", client), nt, filter,
	    arg);
	at_pool_free(pool);
	return rc;
}

/* See include/atrium/notify.h. */
int
at_notify_staff(struct at_db *db, const struct at_site *site,
    const struct at_notice *nt)
{
	struct at_pool	*pool = at_pool_new();
	int		 rc;

	rc = notify_rows(db, site, at_db_select(db, pool, "SELECT id FROM "
	    "users WHERE role IN ('staff', 'admin') AND active = 1 ORDER BY "
	    "id", ""), nt, NULL, NULL);
	at_pool_free(pool);
	return rc;
}

/* ---- the daily digest ---- */

/*
 * Mails person rows [from, to) of r their digest and marks those
 * notices mailed, in one transaction.  0 or -1.
 */
static int
digest_one(struct at_job_ctx *ctx, const struct at_rows *r, size_t from,
    size_t to)
{
	const struct at_notify_kind *k;
	xmlDocPtr	 doc;
	const char	*subject, *brand;
	size_t		 i;
	long long	 uid = at_row_int(r, from, "user_id", 0);
	int		 rc = -1;

	brand = ctx->site->brand_name != NULL ? ctx->site->brand_name :
	    ctx->site->name;
	subject = at_pprintf(ctx->pool, "%s: %zu update%s today", brand,
	    to - from, to - from == 1 ? "" : "s");
	doc = at_mail_model(ctx->site, "digest", at_row(r, from, "email"),
	    at_row(r, from, "name"), subject);
	for (i = from; i < to; i++) {
		k = at_notify_kind_find(at_row(r, i, "kind"));
		at_mail_model_item(ctx->site, doc, at_row(r, i, "kind"),
		    k != NULL ? k->label : NULL, at_row(r, i, "subject"),
		    at_row(r, i, "body"), at_row(r, i, "link"),
		    at_time_local(ctx->pool, at_row(r, i, "created_at")));
	}
	if (at_db_begin(ctx->db) == -1)
		goto out;
	for (i = from; i < to; i++)
		if (at_db_exec(ctx->db, "UPDATE notifications SET mailed_at = "
		    "UTC_TIMESTAMP() WHERE id = ? AND mailed_at IS NULL", "s",
		    at_row(r, i, "id")) != 1)
			goto fail;
	if (at_db_exec(ctx->db, "INSERT INTO notification_digests (user_id, "
	    "sent_at) VALUES (?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
	    "sent_at = UTC_TIMESTAMP()", "I", uid) == -1)
		goto fail;
	if (at_mail_model_queue(ctx->db, ctx->site, ctx->pool, doc,
	    at_row(r, from, "email"), subject) == -1)
		goto fail;
	if (at_db_commit(ctx->db) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	(void)at_db_rollback(ctx->db);
out:
	xmlFreeDoc(doc);
	return rc;
}

/*
 * The job "notify.digest" (each run): each person whose last digest is
 * older than the start of the current digest day (07:00 local) and who
 * has notices waiting gets one mail with all of them.  The mails go out
 * at the end of the run.
 */
static int
digest_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	const char	*since;
	size_t		 i, end;
	int		 sent = 0, failed = 0;

	since = at_time_utc(ctx->pool, at_digest_day(ctx->now,
	    NOTIFY_DIGEST_HOUR));
	r = at_db_select(ctx->db, ctx->pool, "SELECT n.id, n.user_id, "
	    "n.kind, n.subject, n.body, n.link, n.created_at, u.email, "
	    "u.name FROM notifications n JOIN users u ON u.id = n.user_id "
	    "LEFT JOIN clients c ON c.id = u.client_id "
	    "LEFT JOIN notification_digests d ON d.user_id = n.user_id "
	    "WHERE n.delivery = 'digest' AND n.mailed_at IS NULL AND "
	    "u.active = 1 AND (u.role <> 'contact' OR c.portal_enabled = 1) "
	    "AND (d.sent_at IS NULL OR d.sent_at < ?) "
	    "ORDER BY n.user_id, n.id LIMIT 5000", "s", since);
	if (r == NULL) {
		*errstr = "cannot read the notifications (see the log)";
		return -1;
	}
	for (i = 0; i < r->n; i = end) {
		end = at_digest_run(r, i);
		if (end - i > NOTIFY_DIGEST_MAX)
			end = i + NOTIFY_DIGEST_MAX;
		if (digest_one(ctx, r, i, end) == -1)
			failed++;
		else
			sent++;
		if (at_db_gone(ctx->db))
			break;
	}
	if (sent > 0 && at_mail_flush(ctx->site, ctx->db, 1000) == -1)
		failed++;
	if (failed > 0) {
		*errstr = at_pprintf(ctx->pool, "%d digest%s could not be "
		    "sent (see the log)", failed, failed == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* ---- the bell and the notifications pages ---- */

/* See notify/notify.h. */
void
at_notify_bell(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 root, b;
	const char	*n;

	if (req->user == NULL || req->page == NULL ||
	    (root = xmlDocGetRootElement(at_page_doc(req))) == NULL)
		return;
	/* A page read the count with the session, in its round trip. */
	if ((req->method == AT_GET || req->method == AT_HEAD) &&
	    at_session_bell() >= 0)
		n = at_pprintf(req->pool, "%lld", at_session_bell());
	else {
		r = at_db_select(req->db, req->pool, "SELECT COUNT(*) AS n "
		    "FROM notifications WHERE user_id = ? AND read_at IS NULL",
		    "I", req->user->id);
		if (r == NULL || r->n != 1)
			return;
		n = at_row(r, 0, "n");
	}
	b = at_x(root, "bell", NULL);
	at_xa(b, "unread", n);
	at_xa(b, "href", "/notifications");
}

/*
 * GET /notifications (signed in): the caller's latest notices, newest
 * first.  Adds <notifications unread="N"><item id kind label subject
 * text link created_at read="0|1"/></notifications>.
 */
static int
h_notifications(struct at_req *req)
{
	const struct at_notify_kind *k;
	struct at_rows	*r;
	xmlNodePtr	 list, it;
	size_t		 i;
	int		 unread = 0;

	r = at_db_select(req->db, req->pool, "SELECT id, kind, subject, "
	    "body, link, created_at, read_at IS NOT NULL AS is_read FROM "
	    "notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?", "Ii",
	    req->user->id, NOTIFY_LIST_MAX);
	if (r == NULL)
		return 500;
	at_page_id(req, "notifications");
	at_page_title(req, "Notifications");
	list = at_x(at_page_content(req), "notifications", NULL);
	for (i = 0; i < r->n; i++) {
		it = at_x(list, "item", NULL);
		at_xa(it, "id", at_row(r, i, "id"));
		at_xa(it, "kind", at_row(r, i, "kind"));
		if ((k = at_notify_kind_find(at_row(r, i, "kind"))) != NULL)
			at_xa(it, "label", k->label);
		at_xa(it, "subject", at_row(r, i, "subject"));
		at_xa(it, "text", at_row(r, i, "body"));
		at_xa(it, "created_at", at_time_local(req->pool,
		    at_row(r, i, "created_at")));
		at_xa(it, "read", at_row(r, i, "is_read"));
		if (at_row_int(r, i, "is_read", 0) == 0)
			unread++;
	}
	at_xaf(list, "unread", "%d", unread);
	return 200;
}

/*
 * GET /notifications/:id (signed in): marks the caller's notice read and
 * goes to its link (the list when it has none).  Another person's id is
 * a 404, the same as one that does not exist.
 */
static int
h_notification_open(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	const char	*link;

	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT link FROM notifications "
	    "WHERE id = ? AND user_id = ?", "II", id, req->user->id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	if (at_db_exec(req->db, "UPDATE notifications SET read_at = "
	    "UTC_TIMESTAMP() WHERE id = ? AND user_id = ? AND read_at IS "
	    "NULL", "II", id, req->user->id) == -1)
		return 500;
	link = at_row(r, 0, "link");
	return at_redirect(req, link != NULL && at_path_is_local(link) ?
	    link : "/notifications");
}

/* POST /notifications/read (signed in): marks all the caller's read. */
static int
h_notifications_read(struct at_req *req)
{
	if (at_db_exec(req->db, "UPDATE notifications SET read_at = "
	    "UTC_TIMESTAMP() WHERE user_id = ? AND read_at IS NULL", "I",
	    req->user->id) == -1)
		return 500;
	at_flash(req, "ok", "Every notification is marked read.");
	return at_redirect(req, "/notifications");
}

static const struct at_route notify_routes[] = {
	{ AT_GET, "/notifications", AT_USER, h_notifications, NULL, NULL },
	{ AT_GET, "/notifications/:id", AT_USER, h_notification_open, NULL,
	    NULL },
	{ AT_POST, "/notifications/read", AT_USER, h_notifications_read,
	    NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the pages and the digest job. */
static int
notify_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, notify_routes);
	at_reg_job(reg, "digest", 0, digest_job);
	return 0;
}

const struct at_plugin at_mod_notify = {
	AT_PLUGIN_HEAD,
	.name = "notify",
	.version = PACKAGE_VERSION,
	.summary = "Notifications: the bell, mail per person's choice, "
	    "the daily digest",
	.init = notify_init,
};
