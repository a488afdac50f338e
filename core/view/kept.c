/*
 * Pages kept in the worker.  A page drawn for one person (a dashboard, a
 * contact's project page, a list) is kept as a copy of its content under
 * a key that names everything it was drawn from: the page, the person
 * and role, the data version the session's one query read, the day in
 * the site's zone, the previous sign-in, the session's form token and
 * the plugins on for the client.  A change anywhere moves the data
 * version, so the next request draws the page again; a kept page is
 * never older than KEPT_TTL.  The hub's pages use it through core.h, a
 * plugin through include/atrium/kept.h, the same cache.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core.h"

#define DASH_SLOTS	64	/* pages a worker keeps */
#define DASH_TTL	60	/* seconds one is kept at most */

/*
 * One kept page (a dashboard, a contact's project page): a copy of the
 * page's content children and its title.
 */
struct dash_entry {
	char		 key[200];	/* "" when free */
	time_t		 made;
	xmlNodePtr	 nodes;		/* in dash_doc */
	char		*title;		/* malloc'd */
	unsigned char	 digest[16];	/* at_view_digest() of nodes */
};

static struct dash_entry dash_cache[DASH_SLOTS];
static size_t		 dash_next;
static xmlDocPtr	 dash_doc;	/* holds the kept copies */

/* See core.h. */
int
at_kept_key(struct at_req *req, const char *page, char *key, size_t n)
{
	crypto_generichash_state st;
	unsigned char	 h[16];
	long long	 v = at_session_data_version();
	size_t		 i;
	int		 w;

	if (v < 0 || req->user == NULL)
		return 0;
	/* The plugins on for the client draw parts of it too. */
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (i = 0; i < req->user->nplugins; i++)
		crypto_generichash_update(&st, (const unsigned char *)
		    req->user->plugins[i], strlen(req->user->plugins[i]) + 1);
	crypto_generichash_final(&st, h, sizeof(h));
	/* The session's form token too: a page's forms carry it. */
	w = snprintf(key, n, "%s:%lld:%d:%lld:%s:%s:%.16s:%02x%02x%02x%02x"
	    "%02x%02x%02x%02x", page, req->user->id, (int)req->user->role, v,
	    at_today(req->pool), req->user->last_seen != NULL ?
	    req->user->last_seen : "", req->csrf != NULL ? req->csrf : "",
	    h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	return w > 0 && (size_t)w < n;
}

/* See core.h. */
int
at_kept_list_key(struct at_req *req, const char *page, char *key, size_t n)
{
	const char	*marks = at_session_marks();
	unsigned char	 h[8];
	char		 p[96];
	int		 w;

	if (marks == NULL)
		return 0;
	crypto_generichash(h, sizeof(h), (const unsigned char *)marks,
	    strlen(marks), NULL, 0);
	w = snprintf(p, sizeof(p), "%s:%02x%02x%02x%02x%02x%02x%02x%02x",
	    page, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	if (w < 0 || (size_t)w >= sizeof(p))
		return 0;
	return at_kept_key(req, p, key, n);
}

/* See core.h. */
const char *
at_kept_page_get(struct at_req *req, const char *key, xmlNodePtr content)
{
	size_t		 i;
	time_t		 now = time(NULL);

	for (i = 0; i < DASH_SLOTS; i++) {
		if (strcmp(dash_cache[i].key, key) != 0)
			continue;
		if (now - dash_cache[i].made > DASH_TTL)
			return NULL;
		/*
		 * Copied only if the page is drawn: when its HTML is kept
		 * too (the same digest), the copy is never needed.
		 */
		at_view_defer(content, dash_cache[i].nodes,
		    dash_cache[i].digest, sizeof(dash_cache[i].digest));
		return at_pstrdup(req->pool, dash_cache[i].title != NULL ?
		    dash_cache[i].title : "");
	}
	return NULL;
}

/* See core.h. */
void
at_kept_page_put(const char *key, const char *title, xmlNodePtr content)
{
	struct dash_entry *e = NULL;
	size_t		 i;

	if (dash_doc == NULL && (dash_doc = xmlNewDoc(BAD_CAST "1.0")) ==
	    NULL)
		return;
	/* A page of this request may stand for nodes about to be freed. */
	at_view_expand();
	for (i = 0; i < DASH_SLOTS && e == NULL; i++)
		if (strcmp(dash_cache[i].key, key) == 0)
			e = &dash_cache[i];
	if (e == NULL) {
		e = &dash_cache[dash_next];
		dash_next = (dash_next + 1) % DASH_SLOTS;
	}
	if (e->nodes != NULL)
		xmlFreeNodeList(e->nodes);
	e->nodes = NULL;
	free(e->title);
	e->title = NULL;
	e->key[0] = '\0';
	if (strlen(key) >= sizeof(e->key) || (title != NULL &&
	    (e->title = strdup(title)) == NULL))
		return;
	if ((e->nodes = xmlDocCopyNodeList(dash_doc, content->children)) ==
	    NULL)
		return;
	at_view_digest(e->nodes, e->digest, sizeof(e->digest));
	snprintf(e->key, sizeof(e->key), "%s", key);
	e->made = time(NULL);
}

/*
 * The key a plugin's page is kept under (include/atrium/kept.h): the
 * list key, page prefixed so no plugin's name meets the hub's own.  0
 * when the page cannot be kept.
 */
static int
kept_api_key(struct at_req *req, const char *page, char *key, size_t n)
{
	char	 p[80];
	int	 w;

	if (page == NULL || req->user == NULL)
		return 0;
	w = snprintf(p, sizeof(p), "x:%s", page);
	if (w < 0 || (size_t)w >= sizeof(p))
		return 0;
	return at_kept_list_key(req, p, key, n);
}

/* See include/atrium/kept.h. */
int
at_kept_get(struct at_req *req, const char *page, xmlNodePtr content)
{
	char	 key[200];

	if (!kept_api_key(req, page, key, sizeof(key)))
		return 0;
	return at_kept_page_get(req, key, content) != NULL;
}

/* See include/atrium/kept.h. */
void
at_kept_put(struct at_req *req, const char *page, xmlNodePtr content)
{
	char	 key[200];

	if (kept_api_key(req, page, key, sizeof(key)))
		at_kept_page_put(key, NULL, content);
}

