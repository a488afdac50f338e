/*
 * One search box over projects, updates, files and decisions, with
 * MariaDB's full-text indexes (projects_text, updates_text, files_text,
 * decisions_text) in boolean mode: every word typed must occur, as a
 * word or the start of one.  Results are limited to what the caller may
 * see: a contact finds only shared items in shared projects of their own
 * client; staff find everything.  One query.
 *
 * Words shorter than three characters are left out: InnoDB does not
 * index them (innodb_ft_min_token_size is 3).
 *
 * Page id: search (<search q terms>, <results><result kind id title
 * snippet project project_id href/>).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include "hub/hub.h"

#define SEARCH_WORDS	8	/* words of a query used */
#define SEARCH_RESULTS	"50"

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
 * The four parts, each: kind, id, title, snippet, project, project_id,
 * score.  Parameters per part: terms (score), terms (match), staff flag,
 * client.
 */
#define SEARCH_SQL \
	"(SELECT 'project' AS kind, p.id, p.name AS title, " \
	"LEFT(p.overview, 240) AS snippet, p.name AS project, p.id AS " \
	"project_id, p.visible, MATCH (p.name, p.overview) AGAINST (? IN " \
	"BOOLEAN MODE) AS score FROM projects p WHERE MATCH (p.name, " \
	"p.overview) AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR " \
	"(p.client_id = ? AND p.visible = 1))) UNION ALL " \
	"(SELECT 'update', u.id, u.title, LEFT(u.body, 240), p.name, p.id, " \
	"u.visible AND p.visible, MATCH (u.title, u.body) AGAINST (? IN " \
	"BOOLEAN MODE) FROM updates u JOIN projects p ON p.id = " \
	"u.project_id AND p.client_id = u.client_id WHERE MATCH (u.title, " \
	"u.body) AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR (u.client_id = " \
	"? AND u.visible = 1 AND p.visible = 1))) UNION ALL " \
	"(SELECT 'file', f.id, f.name, f.category, p.name, p.id, " \
	"f.visible AND p.visible, MATCH (f.name) AGAINST (? IN BOOLEAN " \
	"MODE) FROM files f JOIN projects p ON p.id = f.project_id AND " \
	"p.client_id = f.client_id WHERE MATCH (f.name) AGAINST (? IN " \
	"BOOLEAN MODE) AND (? = 1 OR (f.client_id = ? AND f.visible = 1 " \
	"AND p.visible = 1))) UNION ALL " \
	"(SELECT 'decision', d.id, d.title, LEFT(d.detail, 240), p.name, " \
	"p.id, d.visible AND p.visible, MATCH (d.title, d.detail) AGAINST " \
	"(? IN BOOLEAN MODE) FROM decisions d JOIN projects p ON p.id = " \
	"d.project_id AND p.client_id = d.client_id WHERE MATCH (d.title, " \
	"d.detail) AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR (d.client_id " \
	"= ? AND d.visible = 1 AND p.visible = 1))) " \
	"ORDER BY score DESC, kind, id DESC LIMIT " SEARCH_RESULTS

/* The page of a result for the caller. */
static const char *
search_href(struct at_req *req, const char *kind, const char *id)
{
	const char	*pre = at_is_staff(req) ? "/staff" : "";

	if (strcmp(kind, "decision") == 0)
		return at_pprintf(req->pool, "%s/decisions#decision-%s", pre,
		    id);
	return at_pprintf(req->pool, "%s/%ss/%s", pre, kind, id);
}

/*
 * GET /search (signed in): query q.  Adds <search q terms>, and
 * <results> with one <result> per match (at most 50, best first), or
 * <search error> when no word is long enough.
 */
static int
h_search(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c, s, l, n;
	const char	*q = at_query(req, "q");
	char		*terms;
	long long	 client = at_client_scope(req);
	int		 staff = at_is_staff(req);
	size_t		 i;

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
	r = at_db_select(req->db, req->pool, SEARCH_SQL, "ssiIssiIssiIssiI",
	    terms, terms, staff, client, terms, terms, staff, client, terms,
	    terms, staff, client, terms, terms, staff, client);
	if (r == NULL)
		return 500;
	l = at_x(c, "results", NULL);
	for (i = 0; i < r->n; i++) {
		n = at_x_row(l, "result", r, i);
		at_x(n, "href", search_href(req, at_row(r, i, "kind"),
		    at_row(r, i, "id")));
	}
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
	.summary = "Search over projects, updates, files and decisions",
	.init = search_init,
};
