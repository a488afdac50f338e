/*
 * One search box over what every module offers: each module registers a
 * search provider (at_reg_search, atrium/extend.h) that searches its own
 * tables for the caller, with MariaDB's full-text indexes in boolean mode
 * (every word typed must occur, as a word or the start of one); the core
 * merges the hits, ranks them by score and keeps the best 50.  Providers
 * are bound to show only what the caller may see: a contact finds only
 * shared items in shared projects of their own client; staff find
 * everything.  One round trip per provider (the hub's: projects,
 * updates, files, decisions; plugins add theirs, meetings for one).
 *
 * Words shorter than three characters are left out: InnoDB does not
 * index them (innodb_ft_min_token_size is 3).
 *
 * Page id: search (<search q terms>, <results><result kind label id
 * title snippet project project_id visible href/>).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"

#define SEARCH_WORDS	8	/* words of a query used */

/* Whether byte c belongs to a word: ASCII letters, digits, any UTF-8. */
static int
search_wordc(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* See hub/hub.h. */
char *
hub_search_terms(struct at_pool *pool, const char *q)
{
	char		*out, *o;
	const char	*s, *e;
	size_t		 nchar;
	int		 words = 0;

	if (q == NULL)
		return NULL;
	/* Each word becomes "+word* ": at most 3 bytes more than it. */
	o = out = at_palloc(pool, strlen(q) * 2 + 1);
	for (s = q; *s != '\0' && words < SEARCH_WORDS; s = e) {
		while (*s != '\0' && !search_wordc((unsigned char)*s))
			s++;
		for (e = s, nchar = 0; *e != '\0' &&
		    search_wordc((unsigned char)*e); e++)
			if (((unsigned char)*e & 0xc0) != 0x80)
				nchar++;
		if (nchar < 3)
			continue;
		if (o != out)
			*o++ = ' ';
		*o++ = '+';
		memcpy(o, s, e - s);
		o += e - s;
		*o++ = '*';
		words++;
	}
	*o = '\0';
	return o == out ? NULL : out;
}

/*
 * GET /search (signed in): query q.  Adds <search q terms>, and
 * <results> with one <result> per match (at most 50, best first), or
 * <search error> when no word is long enough.
 */
static int
h_search(struct at_req *req)
{
	xmlNodePtr	 c, s;
	const char	*q = at_query(req, "q");
	char		*terms;

	at_page_id(req, "search");
	at_page_title(req, "Search");
	c = at_page_content(req);
	s = at_x(c, "search", NULL);
	at_xa(s, "q", q != NULL ? q : "");
	if (q == NULL || *q == '\0')
		return 200;
	if (strlen(q) > 200 || (terms = hub_search_terms(req->pool, q)) ==
	    NULL) {
		at_xa(s, "error", strlen(q) > 200 ? "Use fewer words." :
		    "Type a word of three letters or more.");
		return 200;
	}
	at_xa(s, "terms", terms);
	if (at_search_run(req, c, q, terms) == -1)
		return 500;
	return 200;
}

static const struct at_route search_routes[] = {
	{ AT_GET, "/search", AT_USER, h_search, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the search page. */
static int
search_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, search_routes);
	return 0;
}

const struct at_plugin at_mod_search = {
	AT_PLUGIN_HEAD,
	.name = "search",
	.version = PACKAGE_VERSION,
	.summary = "Search over what every module offers",
	.init = search_init,
};
