/*
 * Comments on updates, files and approvals (hub/comments.h).  The pages
 * of those items own the routes; this file stores and lists.
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/comments.h"

const struct at_field hub_comment_fields[] = {
	{ "body", NULL, AT_F_REQUIRED, 8000, "Comment" },
	{ "visible", at_v_bool, 0, 0, "Visible to the client" },
	{ NULL, NULL, 0, 0, NULL }
};

/* See hub/comments.h. */
int
hub_comments_list(struct at_req *req, xmlNodePtr parent, const char *object,
    long long id)
{
	struct at_rows	*r;
	xmlNodePtr	 list, c;
	size_t		 i;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT c.id, c.body, "
		    "c.visible, c.created_at, u.name AS author, u.role AS "
		    "author_role FROM comments c LEFT JOIN users u ON "
		    "u.id = c.user_id WHERE c.object = ? AND c.object_id = ? "
		    "ORDER BY c.id", "sI", object, id);
	else
		r = at_db_select(req->db, req->pool, "SELECT c.id, c.body, "
		    "c.visible, c.created_at, u.name AS author, u.role AS "
		    "author_role FROM comments c LEFT JOIN users u ON "
		    "u.id = c.user_id WHERE c.object = ? AND c.object_id = ? "
		    "AND c.client_id = ? AND c.visible = 1 ORDER BY c.id",
		    "sII", object, id, at_client_scope(req));
	if (r == NULL)
		return -1;
	list = at_x(parent, "comments", NULL);
	at_xa(list, "object", object);
	at_xaf(list, "id", "%lld", id);
	for (i = 0; i < r->n; i++) {
		c = at_x_row(list, "comment", r, i);
		at_x(c, "when", at_time_local(req->pool,
		    at_row(r, i, "created_at")));
	}
	return 0;
}

/* See hub/comments.h. */
int
hub_comments_add(struct at_req *req, const char *object, long long id,
    long long client, int item_visible, const char *title)
{
	const char	*body;
	int		 visible;

	if (at_form_errors(req) > 0) {
		at_flash(req, "error", "Write a comment first (at most 8000 "
		    "characters).");
		return 1;
	}
	body = at_form(req, "body");
	/* A contact's comment is for the team and the client alike. */
	visible = !at_is_staff(req) || hub_ticked(req, "visible");
	if (at_db_exec(req->db, "INSERT INTO comments (client_id, object, "
	    "object_id, user_id, body, visible, created_at) VALUES (?, ?, ?, "
	    "?, ?, ?, UTC_TIMESTAMP())", "IsIIsi", client, object, id,
	    req->user->id, body, visible) == -1)
		return -1;
	at_activity(req, client, "comment", object, id, at_pprintf(req->pool,
	    "%s commented%s on %s", req->user->name, visible ? "" :
	    " (team only)", title), visible && item_visible);
	at_flash(req, "ok", visible ? "Comment added." :
	    "Comment added (team only).");
	return 0;
}
