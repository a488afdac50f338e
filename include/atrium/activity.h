/*
 * The activity log: append-only and tamper-evident.  Each entry holds the
 * SHA-256 of the entry before it over its canonical content, so an edited,
 * inserted or deleted entry breaks the chain ("atriumctl verify-log").
 */
#ifndef ATRIUM_ACTIVITY_H
#define ATRIUM_ACTIVITY_H

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;

/*
 * Appends an entry by the caller (req->user, or nobody) from its address.
 * client_id: the client the entry concerns, 0 for none.  object: a type
 * ("project", "file", "login") and id; visible: 1 when the object is shared
 * with the client, so its contacts see the entry.  Returns 0 or -1.
 */
int	 at_activity(struct at_req *, long long client_id, const char *action,
	    const char *object, long long object_id, const char *summary,
	    int visible);

AT_API_END

#endif
