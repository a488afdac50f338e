/*
 * Sharing and "load or 404" (include/atrium/extend.h): the two things
 * every module's item routes did again and again, done once.
 */
#include "config.h"

#include <string.h>

#include "core.h"

/* Whether s is a name fit to stand in SQL text: [a-z0-9_], 1-64 bytes. */
static int
share_ident(const char *s)
{
	size_t	 n;

	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_'))
			return 0;
	return 1;
}

/* See include/atrium/extend.h. */
int
at_share(struct at_req *req, const struct at_shareable *s, long long id,
    int on, const char *why, long long *client)
{
	struct at_rows	*r;
	long long	 cl, n;

	if (s == NULL || s->size < sizeof(*s) || !share_ident(s->table) ||
	    !share_ident(s->title) || s->object == NULL) {
		log_warn("%s: bad shareable kind", __func__);
		return -1;
	}
	on = on ? 1 : 0;
	r = at_db_select(req->db, req->pool, at_pprintf(req->pool, "SELECT "
	    "client_id, %s AS title FROM %s WHERE id = ?", s->title,
	    s->table), "I", id);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 1;
	cl = at_row_int(r, 0, "client_id", 0);
	if (s->stamp)
		n = at_db_exec(req->db, at_pprintf(req->pool, "UPDATE %s SET "
		    "visible = ?, shared_at = IF(? = 1, UTC_TIMESTAMP(), "
		    "shared_at) WHERE id = ?", s->table), "iiI", on, on, id);
	else
		n = at_db_exec(req->db, at_pprintf(req->pool, "UPDATE %s SET "
		    "visible = ? WHERE id = ?", s->table), "iI", on, id);
	if (n == -1)
		return -1;
	if (client != NULL)
		*client = cl;
	at_activity(req, cl, on ? "share" : "unshare", s->object, id,
	    at_pprintf(req->pool, "%s %s %s%s%s", req->user != NULL ?
	    req->user->name : "Someone", on ? "shared" : "stopped sharing",
	    s->what != NULL ? s->what : "", at_row(r, 0, "title"),
	    why != NULL ? why : ""), on);
	return 0;
}

/* The status for a failed lookup: 503 when the database is gone, 500. */
static int
load_fail(struct at_req *req)
{
	return at_db_gone(req->db) ? 503 : 500;
}

/* See include/atrium/extend.h. */
struct at_rows *
at_load(struct at_req *req, at_loader fn, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	if ((r = fn(req, id)) == NULL) {
		*status = load_fail(req);
		return NULL;
	}
	if (r->n == 0)
		return NULL;
	*status = 0;
	return r;
}

/* See include/atrium/extend.h. */
struct at_rows *
at_load_sql(struct at_req *req, const char *sql, int *status)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*status = 404;
	if (id <= 0)
		return NULL;
	if ((r = at_db_select(req->db, req->pool, sql, "I", id)) == NULL) {
		*status = load_fail(req);
		return NULL;
	}
	if (r->n == 0)
		return NULL;
	*status = 0;
	return r;
}
