/*
 * Comments (comments.c) on updates, files and approvals, shared by the
 * pages of those three.  A team member's comment is private (team only)
 * unless marked visible; a contact's comment is always visible, and a
 * contact only ever comments on what the client can see.
 */
#ifndef ATRIUM_HUB_COMMENTS_H
#define ATRIUM_HUB_COMMENTS_H

#include <atrium/atrium.h>

/* The comment form's fields: body (required), visible (staff's box). */
extern const struct at_field hub_comment_fields[];

/*
 * Adds <comments object id><comment>id, body, visible, created_at,
 * when, author, author_role</comment>...</comments> under parent: the
 * comments on object ("update", "file", "approval") id that the caller
 * may see (contacts: visible ones of their own client).  One round trip;
 * 0, or -1 on a database error.
 */
int	 hub_comments_list(struct at_req *, xmlNodePtr, const char *object,
	    long long id);

/*
 * Stores the comment the request's form carries on object id of client
 * (the caller has checked the caller may see the item), logs it as
 * "comment" in the activity log, visible to the client when both the
 * comment and the item are (item_visible), with title naming the item.
 * Sets a flash message either way.  Returns 0, 1 when the form was
 * rejected (the flash says why), -1 on a database error.
 */
int	 hub_comments_add(struct at_req *, const char *object, long long id,
	    long long client, int item_visible, const char *title);

#endif
