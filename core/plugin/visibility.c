/*
 * Who sees what the modules registered: navigation items and dashboard
 * cards by area (contacts, staff, admins) and by the per-client switch of
 * the plugin that registered them.
 */
#include "config.h"

#include <string.h>

#include "core.h"

/* See core.h. */
int
at_reg_visible(const struct at_req *req, unsigned int area,
    const char *plugin)
{
	if (req->user == NULL)
		return 0;
	if (at_is_staff(req))
		return (area & (AT_STAFF | AT_ADMIN)) != 0 &&
		    (!(area & AT_ADMIN) || (area & AT_STAFF) ||
		    at_is_admin(req));
	if (!(area & AT_CONTACT))
		return 0;
	return plugin == NULL || at_plugin_on(req, plugin);
}

/* See core.h. */
void
at_nav_fill(struct at_req *req, xmlNodePtr nav)
{
	const struct at_nav **navs;
	size_t		 i, len, nnavs;
	xmlNodePtr	 item;
	const char	*href;
	int		 active;

	nnavs = at_registry_nav(&navs);
	for (i = 0; i < nnavs; i++) {
		if (!at_reg_visible(req, navs[i]->area, navs[i]->plugin))
			continue;
		href = navs[i]->href;
		len = strlen(href);
		if (strcmp(href, "/") == 0 || strcmp(href, "/staff/") == 0)
			active = strcmp(req->path, href) == 0;
		else
			active = strncmp(req->path, href, len) == 0 &&
			    (req->path[len] == '\0' || req->path[len] == '/');
		item = at_x(nav, "item", NULL);
		at_xa(item, "href", href);
		at_xa(item, "label", navs[i]->label);
		if (active)
			at_xa(item, "active", "1");
	}
}

/* See core.h. */
int
at_cards_fill(struct at_req *req, xmlNodePtr parent)
{
	const struct at_card **cards;
	size_t	 i, ncards;
	int	 rc = 0;

	ncards = at_registry_cards(&cards);
	for (i = 0; i < ncards; i++) {
		if (!at_reg_visible(req, cards[i]->area, cards[i]->plugin))
			continue;
		if (cards[i]->fn(req, parent) == -1)
			rc = -1;
	}
	return rc;
}
