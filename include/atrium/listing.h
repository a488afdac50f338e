/*
 * Staff list pages: most of them narrow their rows by client, by state
 * and by owner and offer a menu of clients for the first.  One reader
 * for those filters, so every list reads, checks and echoes them the
 * same way (docs/plugins.md, "Staff list pages").
 */
#ifndef ATRIUM_LISTING_H
#define ATRIUM_LISTING_H

#include <libxml/tree.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;

/* at_list_filter flags. */
#define AT_LIST_CLIENTS	0x01	/* add <clients><client id name/> */
#define AT_LIST_OWNER	0x02	/* read ?owner= */

/* The filters as read (pinned by tests/unit/check_layout.c). */
struct at_list_filter {
	long long	 client;	/* ?client=: a client's id; 0: every */
	const char	*state;		/* one of the states given; NULL: any */
	long long	 owner;		/* ?owner=: a user's id; 0: anyone */
};

/*
 * Reads a staff list page's filters from the query string into *f:
 * client from ?client= (a positive id, anything else is 0: every
 * client); state from the query parameter state_param ("status",
 * "state"; NULL: the page has no state filter) when the value is one of
 * states (NULL-terminated), else dflt (NULL: any state); owner from
 * ?owner= with AT_LIST_OWNER (a positive id, else 0).  Adds <filter
 * client="N" STATE_PARAM="..." owner="N"/> under content (the state
 * attribute only when a state applies, owner only with AT_LIST_OWNER)
 * and, with AT_LIST_CLIENTS, <clients><client><id/><name/></client>
 * for the filter's menu, every client by name.  The values are the
 * caller's to bind as query parameters: "(? = 0 OR client_id = ?)".
 * Returns 0, or -1 when the database failed (logged; answer 500).
 */
int	 at_list_filter(struct at_req *, xmlNodePtr content,
	    const char *state_param, const char *const *states,
	    const char *dflt, unsigned int flags, struct at_list_filter *f);

AT_API_END

#endif
