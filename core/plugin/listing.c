/*
 * Staff list pages' filters (include/atrium/listing.h): client, state
 * and owner read from the query string, checked, and echoed into the
 * page model with the clients' menu.
 */
#include "config.h"

#include <string.h>

#include "core.h"

/* A positive id from query parameter name, else 0. */
static long long
list_id(struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_query(req, name), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/* See include/atrium/listing.h. */
int
at_list_filter(struct at_req *req, xmlNodePtr content,
    const char *state_param, const char *const *states, const char *dflt,
    unsigned int flags, struct at_list_filter *f)
{
	struct at_rows	*r;
	xmlNodePtr	 n;
	const char	*v;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	f->client = list_id(req, "client");
	if (state_param != NULL) {
		f->state = dflt;
		v = at_query(req, state_param);
		for (i = 0; v != NULL && states != NULL && states[i] != NULL;
		    i++)
			if (strcmp(states[i], v) == 0) {
				f->state = states[i];
				break;
			}
	}
	if (flags & AT_LIST_OWNER)
		f->owner = list_id(req, "owner");
	n = at_x(content, "filter", NULL);
	at_xaf(n, "client", "%lld", f->client);
	if (state_param != NULL)
		at_xa(n, state_param, f->state);
	if (flags & AT_LIST_OWNER)
		at_xaf(n, "owner", "%lld", f->owner);
	if (flags & AT_LIST_CLIENTS) {
		r = at_db_select(req->db, req->pool, "SELECT id, name FROM "
		    "clients ORDER BY name", "");
		if (r == NULL)
			return -1;
		at_x_rows(content, "clients", "client", r);
	}
	return 0;
}
