/*
 * Kept pages: a worker keeps the page model a signed-in person was last
 * shown, so the next request for the same page costs no query of its
 * own while nothing changed (docs/plugins.md, "Kept pages").
 *
 * A kept page is good exactly while its key holds: the caller, the
 * client's data version (read with the session, so checking it is free;
 * every change recorded through at_activity() or at_data_changed() moves
 * it), today's date in the site's zone, the caller's "seen" markers
 * (at_seen_mark()), the session's form token and the plugins on for the
 * client.  A page that shows anything else that can change without one
 * of those moving (the time of day, another client's data, something a
 * job writes without at_data_changed()) must not be kept.  Copies are
 * kept a minute at most.
 */
#ifndef ATRIUM_KEPT_H
#define ATRIUM_KEPT_H

#include <libxml/tree.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;

/*
 * Puts the copy of page (a name of the caller's choosing, unique to the
 * plugin and the page's query, e.g. "invoices:open") kept for the caller
 * under content and returns 1: the handler sets the page's id and title
 * and answers.  0 when none is kept (or the caller cannot have kept
 * pages: not signed in, no data version): the handler draws the page
 * and may then keep it with at_kept_put().
 */
int	 at_kept_get(struct at_req *, const char *page, xmlNodePtr content);
/*
 * Keeps a copy of content's children as page for the caller (nothing
 * when the caller cannot have kept pages).  Call it after the page is
 * drawn and the seen marker, if any, is moved.
 */
void	 at_kept_put(struct at_req *, const char *page, xmlNodePtr content);

AT_API_END

#endif
