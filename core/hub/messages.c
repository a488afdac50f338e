/*
 * Message threads: conversations per client, optionally about a
 * project.  A contact starts a thread with the team; staff start one
 * with one or all of a client's contacts and may add more later.  Bodies
 * are Markdown, drawn sanitised.  Staff may add internal notes that
 * contacts never see: not in the list, the page, mail, search or
 * ?format=xml (every contact query filters them out).  A contact sees
 * only the threads they take part in, of their own client; anything
 * else is a 404.
 *
 * Unread: message_reads keeps how far each person has read a thread;
 * the navigation counts the unread threads in the per-page query
 * (changes.c) and the dashboards' "Unread messages" card copies that
 * count (no round trip; reading a thread counts as a change of the
 * client's data so the kept dashboard is redrawn).  New messages notify the
 * others through notify.h with a reply address (atrium/mailin.h), so a
 * reply by e-mail lands in the thread as the person's message.
 *
 * Pages: messages, messages-thread (contacts); staff-messages,
 * staff-messages-thread.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/reports.h"

#define MSG_LIST_MAX	200
#define MSG_BODY_MAX	20000
#define MSG_FILES_MAX	5

/* ---- loading, scoped ---- */

/*
 * Thread id as the caller may see it: contacts only a thread of their
 * client they take part in (the project's name only when it is shared).
 * Columns id, client_id, client, project_id, project, subject,
 * created_at, last_id, last_public_id.  NULL on error; no rows: 404.
 */
static struct at_rows *
msg_thread_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT t.id, "
		    "t.client_id, c.name AS client, t.project_id, p.name AS "
		    "project, t.subject, t.created_at, t.last_id, "
		    "t.last_public_id FROM message_threads t JOIN clients c ON "
		    "c.id = t.client_id LEFT JOIN projects p ON p.id = "
		    "t.project_id WHERE t.id = ?", "I", id);
	return at_db_select(req->db, req->pool, "SELECT t.id, t.client_id, "
	    "c.name AS client, IF(p.visible = 1, t.project_id, NULL) AS "
	    "project_id, IF(p.visible = 1, p.name, NULL) AS project, "
	    "t.subject, t.created_at, t.last_id, t.last_public_id FROM "
	    "message_threads t JOIN message_participants mp ON mp.thread_id = "
	    "t.id AND mp.user_id = ? JOIN clients c ON c.id = t.client_id "
	    "LEFT JOIN projects p ON p.id = t.project_id WHERE t.id = ? AND "
	    "t.client_id = ?", "III", at_user_id(at_req_user(req)), id,
	    at_client_scope(req));
}

/* ---- writing: shared by the site and by replies by e-mail ---- */

/*
 * Tells the others about message mid in thread (subject, client): the
 * participating contacts (not for an internal note) and the team, but
 * not the author.  Notices of public messages carry the reply address.
 * Returns 0 or -1.
 */
static int
msg_notify(struct at_db *db, const struct at_site *site,
    struct at_pool *pool, long long thread, const char *subject,
    const char *author, const char *body, int internal, long long uid)
{
	struct at_notice nt;
	struct at_rows	*r;
	size_t		 i;
	int		 staff;

	r = at_db_select(db, pool, "SELECT u.id, u.role FROM users u WHERE "
	    "u.active = 1 AND u.id <> ? AND (u.role IN ('staff', 'admin') OR "
	    "(? = 0 AND u.id IN (SELECT user_id FROM message_participants "
	    "WHERE thread_id = ?)))", "IiI", uid, internal, thread);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		staff = strcmp(at_row(r, i, "role"), "contact") != 0;
		memset(&nt, 0, sizeof(nt));
		nt.size = AT_EXT_SIZE(at_notice);
		nt.kind = "messages.message";
		nt.subject = at_pprintf(pool, internal ? "Internal note from "
		    "%s: %s" : "%s wrote: %s", author, subject);
		nt.text = at_utf8_cut(pool, body, 300);
		nt.link = at_pprintf(pool, "%s/messages/%lld", staff ?
		    "/staff" : "", thread);
		nt.item_type = "message_thread";
		nt.item_id = thread;
		/* A reply to a note's mail would not be a note: none. */
		nt.reply_to = internal ? NULL : "messages";
		if (at_notify(db, site, at_row_int(r, i, "id", 0), &nt) == -1)
			return -1;
	}
	return 0;
}

/*
 * Adds message body by uid to thread (of client) inside the caller's
 * transaction: the row, the thread's last ids, the author's read mark.
 * The message's id, or -1.
 */
static long long
msg_insert(struct at_db *db, long long thread, long long client,
    long long uid, const char *body, int internal, int by_mail)
{
	long long	 id;

	if (at_db_exec(db, "INSERT INTO messages (thread_id, client_id, "
	    "user_id, body, internal, by_mail, created_at) VALUES (?, ?, "
	    "NULLIF(?, 0), ?, ?, ?, UTC_TIMESTAMP())", "IIIsii", thread,
	    client, uid, body, internal ? 1 : 0, by_mail ? 1 : 0) != 1)
		return -1;
	id = at_db_insert_id(db);
	if (at_db_exec(db, "UPDATE message_threads SET last_id = ?, last_at = "
	    "UTC_TIMESTAMP(), last_public_id = IF(? = 1, last_public_id, ?), "
	    "last_public_at = IF(? = 1, last_public_at, UTC_TIMESTAMP()) "
	    "WHERE id = ?", "IiIiI", id, internal ? 1 : 0, id,
	    internal ? 1 : 0, thread) != 1)
		return -1;
	if (uid > 0 && at_db_exec(db, "INSERT INTO message_reads (user_id, "
	    "thread_id, last_read_id) VALUES (?, ?, ?) ON DUPLICATE KEY "
	    "UPDATE last_read_id = GREATEST(last_read_id, VALUES("
	    "last_read_id))", "III", uid, thread, id) == -1)
		return -1;
	return id;
}

/*
 * Stores the uploads of fields file1..fileN for message mid (after its
 * transaction): shared with the client unless internal.  Sets a flash
 * for a refused one.  0 or -1.
 */
static int
msg_files(struct at_req *req, long long mid, long long client, int internal)
{
	struct at_file_put put;
	const struct at_param *up;
	char		 field[8];
	int		 i, n = 0, rc;

	for (i = 1; i <= MSG_FILES_MAX; i++) {
		snprintf(field, sizeof(field), "file%d", i);
		up = at_upload(req, field);
		if (up == NULL || up->size == 0)
			continue;
		memset(&put, 0, sizeof(put));
		put.size = AT_EXT_SIZE(at_file_put);
		put.field = field;
		put.client = client;
		put.item_type = "message";
		put.item_id = mid;
		put.visible = internal ? 0 : 1;
		if ((rc = at_file_put(req, &put)) == -1)
			return -1;
		if (rc == 1) {
			at_flash(req, "error", at_pprintf(req->pool, "The "
			    "message was sent, but an attachment was not "
			    "kept: %s", put.err));
			continue;
		}
		n++;
	}
	if (n > 0 && at_db_exec(req->db, "UPDATE messages SET files = files "
	    "+ ? WHERE id = ?", "iI", n, mid) == -1)
		return -1;
	return 0;
}

/*
 * Posts the request's "body" (and attachments) to thread t (a row of
 * msg_thread_get) as the caller, with its activity entry and notices.
 * The entry is the team's only: a client's activity feed reaches every
 * contact, and a thread only its participants.
 * The message's id, or -1.
 */
static long long
msg_post(struct at_req *req, const struct at_rows *t, int internal)
{
	long long	 thread = at_row_int(t, 0, "id", 0);
	long long	 client = at_row_int(t, 0, "client_id", 0);
	long long	 uid = at_user_id(at_req_user(req)), mid;
	const char	*body = at_form(req, "body");

	if (at_db_begin(req->db) == -1)
		return -1;
	if ((mid = msg_insert(req->db, thread, client, uid, body, internal,
	    0)) == -1 ||
	    at_activity(req, client, internal ? "note" : "message",
	    "message_thread", thread, at_pprintf(req->pool, internal ?
	    "%s added an internal note to “%s”" : "%s wrote in “%s”",
	    at_user_name(at_req_user(req)), at_row(t, 0, "subject")),
	    0) == -1 ||
	    msg_notify(req->db, req->site, req->pool, thread,
	    at_row(t, 0, "subject"), at_user_name(at_req_user(req)), body,
	    internal, uid) == -1 || at_db_commit(req->db) == -1) {
		at_db_rollback(req->db);
		return -1;
	}
	if (msg_files(req, mid, client, internal) == -1)
		return -1;
	return mid;
}

/*
 * The handler of replies by e-mail (atrium/mailin.h): adds the reply to
 * thread m->item as m->user's message, when that person may still reach
 * the thread (staff: any; a contact: a participant of their client's
 * thread), with its attachments.  0, 1 refused, -1.
 */
static int
msg_mail_reply(struct at_job_ctx *ctx, const struct at_mailin *m,
    const char **errstr)
{
	struct at_rows	*t, *u;
	long long	 client, mid, fid;
	size_t		 i, kept = 0;
	const char	*why;

	u = at_db_select(ctx->db, ctx->pool, "SELECT name, role FROM users "
	    "WHERE id = ?", "I", m->user);
	if (u == NULL)
		return -1;
	if (u->n != 1) {
		*errstr = "Your account no longer exists.";
		return 1;
	}
	if (strcmp(at_row(u, 0, "role"), "contact") == 0)
		t = at_db_select(ctx->db, ctx->pool, "SELECT t.id, "
		    "t.client_id, t.subject FROM message_threads t JOIN "
		    "message_participants mp ON mp.thread_id = t.id AND "
		    "mp.user_id = ? WHERE t.id = ? AND t.client_id = ? FOR "
		    "UPDATE", "III", m->user, m->item, m->client);
	else
		t = at_db_select(ctx->db, ctx->pool, "SELECT id, client_id, "
		    "subject FROM message_threads WHERE id = ? FOR UPDATE",
		    "I", m->item);
	if (t == NULL)
		return -1;
	if (t->n != 1) {
		*errstr = "You can no longer reach this conversation.";
		return 1;
	}
	client = at_row_int(t, 0, "client_id", 0);
	if ((mid = msg_insert(ctx->db, m->item, client, m->user,
	    *m->text != '\0' ? m->text : "(attachments only)", 0, 1)) == -1)
		return -1;
	for (i = 0; i < m->nfiles; i++) {
		fid = at_mailin_store_file(ctx, m, &m->files[i], client,
		    "message", mid, 1, &why);
		if (fid == -1)
			return -1;
		if (fid == 0) {
			*errstr = why;
			return 1;
		}
		kept++;
	}
	if (kept > 0 && at_db_exec(ctx->db, "UPDATE messages SET files = ? "
	    "WHERE id = ?", "iI", (int)kept, mid) == -1)
		return -1;
	if (at_activity_job(ctx, client, "message", "message_thread", m->item,
	    at_pprintf(ctx->pool, "%s wrote in “%s” (by e-mail)",
	    at_row(u, 0, "name"), at_row(t, 0, "subject")), 0) == -1)
		return -1;
	return msg_notify(ctx->db, ctx->site, ctx->pool, m->item,
	    at_row(t, 0, "subject"), at_row(u, 0, "name"), m->text, 0,
	    m->user);
}

/* ---- pages ---- */

/*
 * Adds <threads> with one <thread> per row of r: id, subject, client,
 * project, last_at (as <when>, the site's zone), unread, count.
 */
static void
msg_thread_list(struct at_req *req, xmlNodePtr parent,
    const struct at_rows *r)
{
	static const char *const cols[] = { "id", "subject", "client_id",
	    "client", "project", "unread", "count", NULL };
	xmlNodePtr	 list, t;
	const char	*v;
	size_t		 i, k;

	list = at_x(parent, "threads", NULL);
	for (i = 0; i < r->n; i++) {
		t = at_x(list, "thread", NULL);
		for (k = 0; cols[k] != NULL; k++)
			if ((v = at_row(r, i, cols[k])) != NULL)
				at_x(t, cols[k], v);
		if ((v = at_row(r, i, "last_at")) != NULL)
			at_x(t, "when", at_time_local(req->pool, v));
	}
}

/*
 * Adds the thread's page model under content: <thread> (its columns),
 * <participants><person id name role/></participants>, <messages>
 * <message id internal by_mail><author/><role/><when/><body><html/>
 * </body><files><file id name size/></files></message></messages>
 * (contacts: no internal notes), then marks it read for the caller.
 * 0 or -1.
 */
static int
msg_thread_model(struct at_req *req, xmlNodePtr c, const struct at_rows *t)
{
	static const char *const cols[] = { "id", "subject", "client_id",
	    "client", "project_id", "project", NULL };
	struct at_rows	*m, *p, *f;
	xmlNodePtr	 th, list, n, fl;
	long long	 thread = at_row_int(t, 0, "id", 0), last;
	int		 staff = at_is_staff(req);
	const char	*v;
	size_t		 i, k, j;

	m = at_db_select(req->db, req->pool, "SELECT m.id, m.body, "
	    "m.internal, m.by_mail, m.files, m.created_at, u.name AS author, "
	    "u.role FROM messages m LEFT JOIN users u ON u.id = m.user_id "
	    "WHERE m.thread_id = ? AND (? = 1 OR m.internal = 0) ORDER BY "
	    "m.id LIMIT 1000", "Ii", thread, staff);
	p = at_db_select(req->db, req->pool, "SELECT u.id, u.name, u.role "
	    "FROM message_participants mp JOIN users u ON u.id = mp.user_id "
	    "WHERE mp.thread_id = ? ORDER BY u.name", "I", thread);
	if (m == NULL || p == NULL)
		return -1;
	th = at_x(c, "thread", NULL);
	for (k = 0; cols[k] != NULL; k++)
		if ((v = at_row(t, 0, cols[k])) != NULL)
			at_x(th, cols[k], v);
	list = at_x(c, "participants", NULL);
	for (i = 0; i < p->n; i++) {
		n = at_x(list, "person", at_row(p, i, "name"));
		at_xa(n, "id", at_row(p, i, "id"));
		at_xa(n, "role", at_row(p, i, "role"));
	}
	list = at_x(c, "messages", NULL);
	for (i = 0; i < m->n; i++) {
		n = at_x(list, "message", NULL);
		at_xa(n, "id", at_row(m, i, "id"));
		at_xa(n, "internal", at_row(m, i, "internal"));
		at_xa(n, "by_mail", at_row(m, i, "by_mail"));
		at_x(n, "author", (v = at_row(m, i, "author")) != NULL ? v :
		    "Someone");
		at_x(n, "role", (v = at_row(m, i, "role")) != NULL ? v : "");
		at_x(n, "when", at_time_local(req->pool, at_row(m, i,
		    "created_at")));
		at_x_markdown(req, n, "body", at_row(m, i, "body"));
		if (at_row_int(m, i, "files", 0) <= 0)
			continue;
		if ((f = at_file_list(req, "message", at_row_int(m, i, "id",
		    0), !staff, 20)) == NULL)
			return -1;
		fl = at_x(n, "files", NULL);
		for (j = 0; j < f->n; j++) {
			at_x(fl, "file", NULL);
			at_xa(fl->last, "id", at_row(f, j, "id"));
			at_xa(fl->last, "name", at_row(f, j, "name"));
			at_xa(fl->last, "size", at_file_size_text(req->pool,
			    at_row_int(f, j, "size", 0)));
		}
	}
	last = at_row_int(t, 0, staff ? "last_id" : "last_public_id", 0);
	if (last > 0) {
		switch (at_db_exec(req->db, "INSERT INTO message_reads "
		    "(user_id, thread_id, last_read_id) VALUES (?, ?, ?) ON "
		    "DUPLICATE KEY UPDATE last_read_id = GREATEST("
		    "last_read_id, VALUES(last_read_id))", "III",
		    at_user_id(at_req_user(req)), thread, last)) {
		case -1:
			return -1;
		case 0:
			break;
		default:
			/* The unread counts the dashboards keep changed. */
			if (at_data_changed(req->db, at_row_int(t, 0,
			    "client_id", 0)) == -1)
				return -1;
		}
	}
	return 0;
}

/* A positive id from query parameter name, else 0. */
static long long
msg_qid(struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_query(req, name), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/*
 * GET /messages (contact): the threads the contact takes part in, most
 * recent first, unread ones marked; the form to start one.  Adds
 * <threads>, <projects><project id name/></projects>, <form>.
 */
static int
h_messages(struct at_req *req)
{
	struct at_rows	*r, *p;
	xmlNodePtr	 c;
	long long	 uid = at_user_id(at_req_user(req));

	r = at_db_select(req->db, req->pool, "SELECT t.id, t.subject, "
	    "t.last_public_at AS last_at, IF(pr.visible = 1, pr.name, NULL) "
	    "AS project, t.last_public_id > COALESCE(mr.last_read_id, 0) AS "
	    "unread FROM message_threads t JOIN message_participants mp ON "
	    "mp.thread_id = t.id AND mp.user_id = ? LEFT JOIN message_reads "
	    "mr ON mr.thread_id = t.id AND mr.user_id = ? LEFT JOIN projects "
	    "pr ON pr.id = t.project_id WHERE t.client_id = ? ORDER BY "
	    "t.last_public_at DESC, t.id DESC LIMIT ?", "IIIi", uid, uid,
	    at_client_scope(req), MSG_LIST_MAX);
	p = at_db_select(req->db, req->pool, "SELECT id, name FROM projects "
	    "WHERE client_id = ? AND visible = 1 ORDER BY name", "I",
	    at_client_scope(req));
	if (r == NULL || p == NULL)
		return 500;
	at_page_id(req, "messages");
	at_page_title(req, "Messages");
	c = at_page_content(req);
	msg_thread_list(req, c, r);
	at_x_rows(c, "projects", "project", p);
	at_x_form(req, c, "thread");
	return 200;
}

/*
 * POST /messages (contact): fields subject, body, project (optional, a
 * shared project of the client), file1..file5.  Starts a thread with
 * the team.
 */
static int
h_message_start(struct at_req *req)
{
	struct at_rows	*p, *t;
	long long	 proj = 0, client = at_client_scope(req), id;
	long long	 uid = at_user_id(at_req_user(req));

	if (at_strtoll(at_form(req, "project"), &proj) == 0 && proj > 0) {
		p = at_db_select(req->db, req->pool, "SELECT id FROM projects "
		    "WHERE id = ? AND client_id = ? AND visible = 1", "II",
		    proj, client);
		if (p == NULL)
			return 500;
		if (p->n == 0)
			at_form_error(req, "project", "Choose one of your "
			    "projects.");
	}
	if (at_form_errors(req) > 0)
		return h_messages(req);
	if (at_db_begin(req->db) == -1)
		return 500;
	if (at_db_exec(req->db, "INSERT INTO message_threads (client_id, "
	    "project_id, subject, created_by, created_at, last_at, "
	    "last_public_at) VALUES (?, NULLIF(?, 0), ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP())", "IIsI", client, proj,
	    at_form(req, "subject"), uid) != 1)
		goto fail;
	id = at_db_insert_id(req->db);
	if (at_db_exec(req->db, "INSERT INTO message_participants (thread_id, "
	    "user_id) VALUES (?, ?)", "II", id, uid) != 1 ||
	    at_db_commit(req->db) == -1)
		goto fail;
	if ((t = msg_thread_get(req, id)) == NULL || t->n != 1 ||
	    msg_post(req, t, 0) == -1)
		return 500;
	at_flash(req, "ok", "Your message was sent to the team.");
	return at_redirect(req, at_pprintf(req->pool, "/messages/%lld", id));
fail:
	at_db_rollback(req->db);
	return 500;
}

/*
 * GET /messages/:id (contact) and GET /staff/messages/:id (staff): the
 * thread and the reply form (staff: also the internal note box and the
 * contacts who may be added).  404 for a thread the caller may not see.
 */
static int
h_message(struct at_req *req)
{
	struct at_rows	*t, *cts;
	xmlNodePtr	 c;
	int		 status;
	int		 staff = at_is_staff(req);

	if ((t = at_load(req, msg_thread_get, &status)) == NULL)
		return status;
	at_page_id(req, staff ? "staff-messages-thread" :
	    "messages-thread");
	at_page_title(req, at_row(t, 0, "subject"));
	c = at_page_content(req);
	if (msg_thread_model(req, c, t) == -1)
		return 500;
	if (staff) {
		cts = at_db_select(req->db, req->pool, "SELECT u.id, u.name "
		    "FROM users u WHERE u.client_id = ? AND u.role = "
		    "'contact' AND u.active = 1 AND u.id NOT IN (SELECT "
		    "user_id FROM message_participants WHERE thread_id = ?) "
		    "ORDER BY u.name", "II", at_row_int(t, 0, "client_id", 0),
		    at_row_int(t, 0, "id", 0));
		if (cts == NULL)
			return 500;
		at_x_rows(c, "contacts", "contact", cts);
	}
	at_x_form(req, c, "reply");
	return 200;
}

/*
 * POST /messages/:id (contact) and POST /staff/messages/:id (staff):
 * fields body, note (staff: an internal note), file1..file5.  Adds the
 * caller's message to the thread.
 */
static int
h_message_reply(struct at_req *req)
{
	struct at_rows	*t;
	int		 status, note;

	if ((t = at_load(req, msg_thread_get, &status)) == NULL)
		return status;
	if (at_form_errors(req) > 0)
		return h_message(req);
	note = at_is_staff(req) && hub_ticked(req, "note");
	if (msg_post(req, t, note) == -1)
		return 500;
	at_flash(req, "ok", note ? "Internal note added (the client does not "
	    "see it)." : "Message sent.");
	return at_redirect(req, at_pprintf(req->pool, "%s/messages/%s",
	    at_is_staff(req) ? "/staff" : "", at_row(t, 0, "id")));
}

/*
 * GET /staff/messages (staff): every thread, most recent first, unread
 * ones marked.  Query: client.  Adds <threads client>, <clients>,
 * <contacts><contact id name client_id/></contacts>, <projects>, <form>.
 */
static int
h_staff_messages(struct at_req *req)
{
	struct at_rows	*r, *cl, *ct, *p;
	xmlNodePtr	 c;
	long long	 client = msg_qid(req, "client");
	long long	 uid = at_user_id(at_req_user(req));

	r = at_db_select(req->db, req->pool, "SELECT t.id, t.subject, "
	    "t.client_id, c.name AS client, t.last_at, p.name AS project, "
	    "t.last_id > COALESCE(mr.last_read_id, 0) AS unread FROM "
	    "message_threads t JOIN clients c ON c.id = t.client_id LEFT JOIN "
	    "message_reads mr ON mr.thread_id = t.id AND mr.user_id = ? LEFT "
	    "JOIN projects p ON p.id = t.project_id WHERE (? = 0 OR "
	    "t.client_id = ?) ORDER BY t.last_at DESC, t.id DESC LIMIT ?",
	    "IIIi", uid, client, client, MSG_LIST_MAX);
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	ct = at_db_select(req->db, req->pool, "SELECT u.id, u.name, "
	    "u.client_id FROM users u WHERE u.role = 'contact' AND u.active "
	    "= 1 AND (? = 0 OR u.client_id = ?) ORDER BY u.name", "II",
	    client, client);
	p = at_db_select(req->db, req->pool, "SELECT p.id, p.name, "
	    "p.client_id FROM projects p WHERE ? = 0 OR p.client_id = ? "
	    "ORDER BY p.name", "II", client, client);
	if (r == NULL || cl == NULL || ct == NULL || p == NULL)
		return 500;
	at_page_id(req, "staff-messages");
	at_page_title(req, "Messages");
	c = at_page_content(req);
	msg_thread_list(req, c, r);
	at_xaf(c->last, "client", "%lld", client);
	at_x_rows(c, "clients", "client", cl);
	at_x_rows(c, "contacts", "contact", ct);
	at_x_rows(c, "projects", "project", p);
	at_x_form(req, c, "thread");
	return 200;
}

/*
 * POST /staff/messages (staff): fields client, to ("all" or a contact's
 * id), subject, body, project (optional, the client's), note-free.
 * Starts a thread with the client's contacts (all, or the one chosen).
 */
static int
h_staff_message_start(struct at_req *req)
{
	struct at_rows	*ct, *p, *t;
	const char	*to = at_form(req, "to");
	long long	 client = 0, proj = 0, one = 0, id;
	size_t		 i;

	(void)at_strtoll(at_form(req, "client"), &client);
	if (to != NULL && strcmp(to, "all") != 0 &&
	    (at_strtoll(to, &one) == -1 || one <= 0))
		at_form_error(req, "to", "Choose the contacts.");
	ct = at_db_select(req->db, req->pool, "SELECT id FROM users WHERE "
	    "client_id = ? AND role = 'contact' AND active = 1 AND (? = 0 OR "
	    "id = ?)", "III", client, one, one);
	if (ct == NULL)
		return 500;
	if (ct->n == 0)
		at_form_error(req, "to", "This client has no such active "
		    "contact.");
	if (at_strtoll(at_form(req, "project"), &proj) == 0 && proj > 0) {
		if ((p = at_db_select(req->db, req->pool, "SELECT id FROM "
		    "projects WHERE id = ? AND client_id = ?", "II", proj,
		    client)) == NULL)
			return 500;
		if (p->n == 0)
			at_form_error(req, "project", "Choose a project of "
			    "this client.");
	}
	if (at_form_errors(req) > 0)
		return h_staff_messages(req);
	if (at_db_begin(req->db) == -1)
		return 500;
	if (at_db_exec(req->db, "INSERT INTO message_threads (client_id, "
	    "project_id, subject, created_by, created_at, last_at, "
	    "last_public_at) VALUES (?, NULLIF(?, 0), ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP(), UTC_TIMESTAMP())", "IIsI", client, proj,
	    at_form(req, "subject"), at_user_id(at_req_user(req))) != 1)
		goto fail;
	id = at_db_insert_id(req->db);
	for (i = 0; i < ct->n; i++)
		if (at_db_exec(req->db, "INSERT INTO message_participants "
		    "(thread_id, user_id) VALUES (?, ?)", "II", id,
		    at_row_int(ct, i, "id", 0)) != 1)
			goto fail;
	if (at_db_commit(req->db) == -1)
		goto fail;
	if ((t = msg_thread_get(req, id)) == NULL || t->n != 1 ||
	    msg_post(req, t, 0) == -1)
		return 500;
	at_flash(req, "ok", "Message sent to the client.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/messages/%lld",
	    id));
fail:
	at_db_rollback(req->db);
	return 500;
}

/*
 * POST /staff/messages/:id/participants (staff): field contact (an
 * active contact of the thread's client).  Adds them to the thread.
 */
static int
h_staff_participant(struct at_req *req)
{
	struct at_rows	*t, *u;
	long long	 who = 0;
	int		 status;

	if ((t = at_load(req, msg_thread_get, &status)) == NULL)
		return status;
	(void)at_strtoll(at_form(req, "contact"), &who);
	u = at_db_select(req->db, req->pool, "SELECT name FROM users WHERE "
	    "id = ? AND client_id = ? AND role = 'contact' AND active = 1",
	    "II", who, at_row_int(t, 0, "client_id", 0));
	if (u == NULL)
		return 500;
	if (u->n == 0)
		at_form_error(req, "contact", "Choose a contact of this "
		    "client.");
	if (at_form_errors(req) > 0)
		return h_message(req);
	if (at_db_exec(req->db, "INSERT IGNORE INTO message_participants "
	    "(thread_id, user_id) VALUES (?, ?)", "II", at_row_int(t, 0,
	    "id", 0), who) == -1)
		return 500;
	at_flash(req, "ok", at_pprintf(req->pool, "%s now takes part in this "
	    "conversation.", at_row(u, 0, "name")));
	return at_redirect(req, at_pprintf(req->pool, "/staff/messages/%s",
	    at_row(t, 0, "id")));
}

/* The file's message must be in a thread the caller may read. */
static int
msg_file_ok(struct at_req *req, const struct at_file *f, void *arg)
{
	struct at_rows	*r;

	(void)arg;
	if (!at_file_shared_ok(req, f, NULL))
		return 0;
	if (at_is_staff(req))
		return 1;
	r = at_db_select(req->db, req->pool, "SELECT m.id FROM messages m "
	    "JOIN message_participants mp ON mp.thread_id = m.thread_id AND "
	    "mp.user_id = ? WHERE m.id = ? AND m.client_id = ? AND "
	    "m.internal = 0", "III", at_user_id(at_req_user(req)), f->item_id,
	    at_client_scope(req));
	return r != NULL && r->n == 1;
}

/*
 * GET /messages/:id/files/:file (contact, staff): an attachment of a
 * message of the thread, through the file store's access check.
 */
static int
h_message_file(struct at_req *req)
{
	struct at_rows	*t;
	int		 status;

	if ((t = at_load(req, msg_thread_get, &status)) == NULL)
		return status;
	return at_file_send(req, at_arg_id(req, "file"), 0, "message",
	    msg_file_ok, NULL);
}

static const struct at_field f_thread[] = {
	{ "subject", at_v_line, AT_F_REQUIRED, 200, "Subject" },
	{ "body", NULL, AT_F_REQUIRED, MSG_BODY_MAX, "Message" },
	{ "project", at_v_id, 0, 20, "Project" },
	{ "file1", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file2", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file3", NULL, AT_F_FILE, 0, "Attachment" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_staff_thread[] = {
	{ "client", at_v_id, AT_F_REQUIRED, 20, "Client" },
	{ "to", at_v_line, AT_F_REQUIRED, 20, "To" },
	{ "subject", at_v_line, AT_F_REQUIRED, 200, "Subject" },
	{ "body", NULL, AT_F_REQUIRED, MSG_BODY_MAX, "Message" },
	{ "project", at_v_id, 0, 20, "Project" },
	{ "file1", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file2", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file3", NULL, AT_F_FILE, 0, "Attachment" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_reply[] = {
	{ "body", NULL, AT_F_REQUIRED, MSG_BODY_MAX, "Message" },
	{ "note", at_v_bool, 0, 0, "Internal note" },
	{ "file1", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file2", NULL, AT_F_FILE, 0, "Attachment" },
	{ "file3", NULL, AT_F_FILE, 0, "Attachment" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_participant[] = {
	{ "contact", at_v_id, AT_F_REQUIRED, 20, "Contact" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route msg_routes[] = {
	{ AT_GET, "/messages", AT_CONTACT, h_messages, NULL, NULL },
	{ AT_POST, "/messages", AT_CONTACT, h_message_start, f_thread,
	    NULL },
	{ AT_GET, "/messages/:id", AT_CONTACT, h_message, NULL, NULL },
	{ AT_POST, "/messages/:id", AT_CONTACT, h_message_reply, f_reply,
	    NULL },
	{ AT_GET, "/messages/:id/files/:file", AT_CONTACT, h_message_file,
	    NULL, NULL },
	{ AT_GET, "/staff/messages", AT_STAFF, h_staff_messages, NULL,
	    NULL },
	{ AT_POST, "/staff/messages", AT_STAFF, h_staff_message_start,
	    f_staff_thread, NULL },
	{ AT_GET, "/staff/messages/:id", AT_STAFF, h_message, NULL, NULL },
	{ AT_POST, "/staff/messages/:id", AT_STAFF, h_message_reply, f_reply,
	    NULL },
	{ AT_POST, "/staff/messages/:id/participants", AT_STAFF,
	    h_staff_participant, f_participant, NULL },
	{ AT_GET, "/staff/messages/:id/files/:file", AT_STAFF,
	    h_message_file, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* ---- search, dashboards, activity ---- */

/*
 * Search provider: threads whose subject or a message the caller may
 * read matches (contacts: their own threads, never an internal note).
 * One query.
 */
static int
msg_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;
	int		 staff = at_is_staff(req);

	r = at_db_select(req->db, req->pool, "SELECT t.id, t.subject AS "
	    "title, (SELECT LEFT(m.body, 240) FROM messages m WHERE "
	    "m.thread_id = t.id AND (? = 1 OR m.internal = 0) AND MATCH "
	    "(m.body) AGAINST (? IN BOOLEAN MODE) ORDER BY m.id DESC LIMIT 1) "
	    "AS snippet, NULL AS project, NULL AS project_id, '1' AS visible, "
	    "1 AS score FROM message_threads t WHERE (MATCH (t.subject) "
	    "AGAINST (? IN BOOLEAN MODE) OR EXISTS (SELECT 1 FROM messages m "
	    "WHERE m.thread_id = t.id AND (? = 1 OR m.internal = 0) AND MATCH "
	    "(m.body) AGAINST (? IN BOOLEAN MODE))) AND (? = 1 OR "
	    "(t.client_id = ? AND EXISTS (SELECT 1 FROM message_participants "
	    "mp WHERE mp.thread_id = t.id AND mp.user_id = ?))) ORDER BY "
	    "t.last_at DESC LIMIT ?", "issisiIIi", staff,
	    at_search_terms(q), at_search_terms(q), staff, at_search_terms(q),
	    staff, at_client_scope(req), at_user_id(at_req_user(req)),
	    at_search_limit(q));
	if (r == NULL)
		return -1;
	at_search_rows(req, q, r, "/messages/");
	return 0;
}

/*
 * The dashboards' "Unread messages" card: how many threads are unread
 * for the caller.  No query of its own: the navigation's count of this
 * page (changes.c counts it in the per-page query, before the handler
 * runs) is copied, so the dashboard gains no round trip; the card is
 * kept with the dashboard, whose data version moves when a message is
 * posted or a thread read.
 */
static int
msg_dash(struct at_req *req, struct at_dash *d)
{
	xmlNodePtr	 ca, nav, it;
	xmlChar		*h, *n;
	const char	*href = at_is_staff(req) ? "/staff/messages" :
	    "/messages";
	char		 count[24] = "0";

	nav = xmlDocGetRootElement(at_dash_page(d)->doc)->children;
	for (; nav != NULL; nav = nav->next)
		if (nav->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)nav->name, "nav") == 0)
			break;
	for (it = nav != NULL ? nav->children : NULL; it != NULL;
	    it = it->next) {
		if (it->type != XML_ELEMENT_NODE)
			continue;
		h = xmlGetProp(it, BAD_CAST "href");
		if (h != NULL && strcmp((const char *)h, href) == 0 &&
		    (n = xmlGetProp(it, BAD_CAST "count")) != NULL) {
			snprintf(count, sizeof(count), "%s", (const char *)n);
			xmlFree(n);
		}
		xmlFree(h);
	}
	ca = at_x(at_dash_cards(d), "card", NULL);
	at_xa(ca, "name", "messages");
	at_xa(ca, "title", "Unread messages");
	at_xa(ca, "href", href);
	at_xa(ca, "empty", strcmp(count, "0") == 0 ? "Nothing new." :
	    "Open your messages to read them.");
	at_x(ca, "count", count);
	return 0;
}

/* Activity entries about a thread link to it. */
static void
msg_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/messages/", e->object_id);
}

static const struct at_search_provider msg_find = {
	AT_EXT_SIZE(at_search_provider), "message", "Message",
	AT_CONTACT | AT_STAFF, msg_search
};
static const struct at_dash_part msg_dash_part = {
	AT_EXT_SIZE(at_dash_part), "messages", AT_CONTACT | AT_STAFF, 35,
	msg_dash
};
static const struct at_act_kind msg_actk = {
	AT_EXT_SIZE(at_act_kind), "message_thread", msg_act
};

/*
 * Registers the messages pages, card, search, notices, mail replies and
 * the reports' health factor.
 */
static int
msg_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, msg_routes);
	at_reg_search(reg, &msg_find);
	at_reg_dash(reg, &msg_dash_part);
	at_reg_activity(reg, &msg_actk);
	at_reg_nav(reg, AT_CONTACT, "Messages", "/messages", 65);
	at_reg_nav(reg, AT_STAFF, "Messages", "/staff/messages", 65);
	at_notify_kind(reg, "message", "Messages in my conversations",
	    AT_CONTACT | AT_STAFF, AT_DELIVER_NOW);
	at_reg_mail_handler(reg, "messages", msg_mail_reply);
	/* The client health factor "unanswered_messages" (reports_hub.c). */
	at_reg_health_factor(reg, &hub_rp_unanswered);
	return 0;
}

const struct at_plugin at_mod_messages = {
	AT_PLUGIN_HEAD,
	.name = "messages",
	.version = PACKAGE_VERSION,
	.summary = "Message threads with clients",
	.init = msg_init,
};
