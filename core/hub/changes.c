/*
 * "What changed since your last visit": each person has a marker per
 * list, set each time the list is shown to them (the core's last-visit
 * markers: at_seen_since, at_seen_mark, core/services/seen.c).  A list
 * marks the items added or changed after the marker (HUB_SEEN_JOIN and
 * HUB_CHANGED fold that into the list's own query), and the navigation
 * counts them for every list, in one query per page that also brings
 * the contact's co-brand: this module's page part (at_reg_page_part),
 * which the core runs when it starts a page model.  What it counts
 * comes from the navigation counts modules register (at_reg_nav_count,
 * include/atrium/extend.h): the hub's own lists and the unread message
 * threads (messages.c) are registered below, as a plugin registers its
 * own.
 *
 * Without a marker yet, the person's previous sign-in is the baseline
 * (at_seen_base), as for the project feed's "new" updates.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"

/*
 * Puts attribute attr="N" on the navigation item linking to href when
 * N > 0.
 */
static void
chg_nav_attr(xmlNodePtr nav, const char *href, const char *attr,
    long long n)
{
	xmlNodePtr	 it;
	xmlChar		*h;
	int		 hit;

	if (n <= 0 || href == NULL)
		return;
	for (it = nav->children; it != NULL; it = it->next) {
		if (it->type != XML_ELEMENT_NODE)
			continue;
		h = xmlGetProp(it, BAD_CAST "href");
		hit = h != NULL && strcmp((const char *)h, href) == 0;
		xmlFree(h);
		if (hit)
			at_xaf(it, attr, "%lld", n);
	}
}

/* ---- the hub's own counts, registered as a plugin registers its own ---- */

static const struct at_nav_count chg_hub[] = {
	{ AT_EXT_SIZE(at_nav_count), "projects", "/projects",
	    "SELECT COUNT(*) FROM projects p WHERE p.client_id = ? AND "
	    "p.visible = 1 AND GREATEST(COALESCE(p.shared_at, p.created_at), "
	    "COALESCE(p.updated_at, p.created_at)) > ?", "cm",
	    "/staff/projects",
	    "SELECT COUNT(*) FROM projects p WHERE GREATEST(p.created_at, "
	    "COALESCE(p.updated_at, p.created_at)) > ?", "m", 0 },
	{ AT_EXT_SIZE(at_nav_count), "files", "/files",
	    "SELECT COUNT(*) FROM files f JOIN projects p ON p.id = "
	    "f.project_id AND p.client_id = f.client_id AND p.visible = 1 "
	    "WHERE f.client_id = ? AND f.visible = 1 AND "
	    "GREATEST(COALESCE(f.shared_at, f.created_at), f.updated_at) > ?",
	    "cm", "/staff/files",
	    "SELECT COUNT(*) FROM files f WHERE f.updated_at > ? AND NOT "
	    "EXISTS (SELECT 1 FROM file_versions v WHERE v.file_id = f.id AND "
	    "v.version = f.version AND v.uploaded_by = ?)", "mu", 0 },
	{ AT_EXT_SIZE(at_nav_count), "approvals", "/approvals",
	    "SELECT COUNT(*) FROM approvals a JOIN projects p ON p.id = "
	    "a.project_id AND p.visible = 1 WHERE a.client_id = ? AND "
	    "a.visible = 1 AND GREATEST(COALESCE(a.sent_at, a.created_at), "
	    "COALESCE(a.completed_at, a.created_at)) > ?", "cm",
	    "/staff/approvals",
	    "SELECT COUNT(DISTINCT s.approval_id) FROM approval_steps s WHERE "
	    "s.answered_at > ?", "m", 0 },
	{ AT_EXT_SIZE(at_nav_count), "decisions", "/decisions",
	    "SELECT COUNT(*) FROM decisions d JOIN projects p ON p.id = "
	    "d.project_id AND p.client_id = d.client_id AND p.visible = 1 "
	    "WHERE d.client_id = ? AND d.visible = 1 AND "
	    "COALESCE(d.shared_at, d.created_at) > ?", "cm",
	    "/staff/decisions",
	    "SELECT COUNT(*) FROM decisions d WHERE d.created_at > ? AND "
	    "COALESCE(d.created_by, 0) <> ?", "mu", 0 },
	/* The unread message threads (messages.c): waiting, not changed. */
	{ AT_EXT_SIZE(at_nav_count), "messages", "/messages",
	    "SELECT COUNT(*) FROM message_threads t JOIN message_participants "
	    "mp ON mp.thread_id = t.id AND mp.user_id = ? LEFT JOIN "
	    "message_reads mr ON mr.thread_id = t.id AND mr.user_id = ? WHERE "
	    "t.client_id = ? AND t.last_public_id > COALESCE(mr.last_read_id, "
	    "0)", "uuc", "/staff/messages",
	    "SELECT COUNT(*) FROM message_threads t LEFT JOIN message_reads mr "
	    "ON mr.thread_id = t.id AND mr.user_id = ? WHERE t.last_id > "
	    "COALESCE(mr.last_read_id, 0)", "u", 1 },
};

static void	 chg_page_person(struct at_req *, xmlNodePtr, xmlNodePtr);

static const struct at_page_part chg_part = {
	AT_EXT_SIZE(at_page_part), "changes", chg_page_person
};

/* Registers the hub's own navigation counts and the page part. */
static int
chg_init(struct at_registry *reg, const char **errstr)
{
	size_t	 i;

	for (i = 0; i < sizeof(chg_hub) / sizeof(chg_hub[0]); i++)
		at_reg_nav_count(reg, &chg_hub[i]);
	if (at_reg_page_part(reg, &chg_part) == -1) {
		*errstr = "the page part was refused";
		return -1;
	}
	return 0;
}


/* ---- the one statement of every registered count ---- */

/*
 * The statements this worker composed from the registrations of
 * generation chg_gen (chg_ready): for staff and for contacts, with the
 * counts as columns n0, n1 ... in chg_list's order.  Both bind "IIs":
 * the client (0 for staff), the user and the baseline, which the
 * counts' own '?' became references to (at_me.*).
 */
static char		*chg_sql[2];	/* [0] staff, [1] contact */
static const struct at_nav_count *chg_list[AT_NAVCOUNT_MAX];
static const char	*chg_plugin[AT_NAVCOUNT_MAX];
static size_t		 chg_n;
static unsigned int	 chg_gen;
static int		 chg_ready;

/* A growing string: text, its length and room. */
struct chg_buf {
	char		*s;
	size_t		 len, cap;
};

/* Appends n bytes of t to b (aborts when out of memory). */
static void
chg_put(struct chg_buf *b, const char *t, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL)
			abort();
	}
	memcpy(b->s + b->len, t, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends the string t to b. */
static void
chg_puts(struct chg_buf *b, const char *t)
{
	chg_put(b, t, strlen(t));
}

/*
 * Appends count c's sql as column nI, each '?' outside quotes replaced
 * by what its letter of binds names: the client, the user or the
 * caller's marker of c's area (registration checked the text, the
 * letters and the area's name).
 */
static void
chg_put_count(struct chg_buf *b, const struct at_nav_count *c,
    const char *sql, const char *binds, size_t i)
{
	char		 col[32];
	size_t		 k, m = 0;
	char		 q = 0;

	chg_puts(b, ", (");
	for (k = 0; sql[k] != '\0'; k++) {
		if (q != 0 || sql[k] != '?') {
			if (q != 0 && sql[k] == q)
				q = 0;
			else if (q == 0 && (sql[k] == '\'' ||
			    sql[k] == '"' || sql[k] == '`'))
				q = sql[k];
			chg_put(b, sql + k, 1);
			continue;
		}
		switch (binds[m++]) {
		case 'c':
			chg_puts(b, "at_me.client_id");
			break;
		case 'u':
			chg_puts(b, "at_me.user_id");
			break;
		default:
			chg_puts(b, "COALESCE((SELECT at_lv.seen_at FROM "
			    "last_visits at_lv WHERE at_lv.user_id = "
			    "at_me.user_id AND at_lv.area = '");
			chg_puts(b, c->area);
			chg_puts(b, "'), at_me.base, '1000-01-01')");
			break;
		}
	}
	snprintf(col, sizeof(col), ") AS n%zu", i);
	chg_puts(b, col);
}

/* Composes both statements from the registrations when they changed. */
static void
chg_compose(void)
{
	const struct at_nav_count *const *list;
	const char *const *plugins;
	struct chg_buf	 b;
	unsigned int	 gen;
	size_t		 i, n;
	int		 contact;

	if (chg_ready && chg_gen == at_ext_gen())
		return;
	n = at_nav_counts(&list, &plugins, &gen);
	if (n > AT_NAVCOUNT_MAX)
		n = AT_NAVCOUNT_MAX;
	for (contact = 0; contact <= 1; contact++) {
		memset(&b, 0, sizeof(b));
		chg_puts(&b, contact ? "SELECT c.brand_accent, c.brand_logo" :
		    "SELECT 1 AS at_one");
		for (i = 0; i < n; i++) {
			if (contact && list[i]->sql != NULL)
				chg_put_count(&b, list[i], list[i]->sql,
				    list[i]->binds, i);
			else if (!contact && list[i]->staff_sql != NULL)
				chg_put_count(&b, list[i], list[i]->staff_sql,
				    list[i]->staff_binds, i);
			else {
				char	 col[32];

				snprintf(col, sizeof(col), ", 0 AS n%zu", i);
				chg_puts(&b, col);
			}
		}
		chg_puts(&b, " FROM (SELECT ? AS client_id, ? AS user_id, ? AS "
		    "base) AS at_me");
		if (contact)
			chg_puts(&b, " JOIN clients c ON c.id = "
			    "at_me.client_id");
		free(chg_sql[contact]);
		chg_sql[contact] = b.s;
	}
	for (i = 0; i < n; i++) {
		chg_list[i] = list[i];
		chg_plugin[i] = plugins[i];
	}
	chg_n = n;
	chg_gen = gen;
	chg_ready = 1;
}

/* Composes the statement in each worker as it starts. */
static int
chg_init_process(struct at_registry *reg)
{
	(void)reg;
	chg_compose();
	return 0;
}

const struct at_plugin at_mod_changes = {
	AT_PLUGIN_HEAD,
	.name = "changes",
	.version = PACKAGE_VERSION,
	.summary = "What changed since the last visit, counted in the "
	    "navigation",
	.init = chg_init,
	.init_process = chg_init_process,
};

/*
 * The counts (and, for a contact, the co-brand) as one row: columns
 * n0, n1 ... (and brand_accent, brand_logo).  NULL on a database error.
 */
static struct at_rows *
chg_counts(struct at_req *req)
{
	int	 staff = at_is_staff(req);

	chg_compose();
	return at_db_select(req->db, req->pool, chg_sql[!staff], "IIs",
	    staff ? 0LL : at_client_scope(req), req->user->id,
	    at_seen_base(req));
}

/*
 * Whether the request's path is one that answers with bytes, not a page
 * (downloads, previews, logos, stylesheets, calendar files): the model
 * is started for every route, so these skip the query.
 */
static int
chg_not_a_page(const char *path)
{
	static const char *const ends[] = { "/download", "/preview",
	    "/logo", ".css", "/ics", NULL };
	size_t		 n, k, i;

	if (path == NULL)
		return 1;
	n = strlen(path);
	for (i = 0; ends[i] != NULL; i++) {
		k = strlen(ends[i]);
		if (n >= k && strcmp(path + n - k, ends[i]) == 0)
			return 1;
	}
	return strncmp(path, "/meetings/feed/", 15) == 0;
}

/*
 * The counts a worker keeps per person: the row chg_counts read, under
 * the caller's data version (any change to a client's items adds to it)
 * and "seen" markers, both read with the session in its one round trip,
 * so a page pays nothing for the counts while neither moved.
 */
#define CHG_SLOTS	64

struct chg_entry {
	char		 key[384];	/* "" when free */
	unsigned int	 gen;		/* the statements' generation */
	long long	 n[AT_NAVCOUNT_MAX];
	char		 brand[2][80];	/* accent, logo */
	int		 brand_null[2];
};

static struct chg_entry	 chg_kept[CHG_SLOTS];
static size_t		 chg_next;

/* The caller's key into key (size n); 0 when the counts cannot be kept. */
static int
chg_key(struct at_req *req, char *key, size_t n)
{
	const char	*marks = at_session_marks();
	long long	 v = at_session_data_version();
	int		 w;

	if (v < 0 || marks == NULL)
		return 0;
	w = snprintf(key, n, "%lld:%d:%lld:%lld:%s:%s", req->user->id,
	    (int)req->user->role, at_client_scope(req), v,
	    at_seen_base(req), marks);
	return w > 0 && (size_t)w < n;
}

/* The entry kept under key for this generation, or NULL. */
static const struct chg_entry *
chg_find(const char *key)
{
	size_t		 i;

	for (i = 0; i < CHG_SLOTS; i++)
		if (chg_kept[i].gen == chg_gen &&
		    strcmp(chg_kept[i].key, key) == 0)
			return &chg_kept[i];
	return NULL;
}

/*
 * Row 0 of r as an entry into e (key not set); 0 when a brand value is
 * too long to keep (the counts are filled all the same).
 */
static int
chg_fill(struct chg_entry *e, const struct at_rows *r)
{
	static const char *const brand[2] = { "brand_accent", "brand_logo" };
	const char	*v;
	char		 col[32];
	size_t		 k;
	int		 ok = 1;

	for (k = 0; k < chg_n; k++) {
		snprintf(col, sizeof(col), "n%zu", k);
		e->n[k] = at_row_int(r, 0, col, 0);
	}
	e->gen = chg_gen;
	for (k = 0; k < 2; k++) {
		v = at_row(r, 0, brand[k]);
		if (v != NULL && strlen(v) >= sizeof(e->brand[k]))
			ok = 0;		/* too long to keep: read each time */
		e->brand_null[k] = v == NULL;
		snprintf(e->brand[k], sizeof(e->brand[k]), "%s", v != NULL ?
		    v : "");
	}
	return ok;
}

/*
 * The page part (at_reg_page_part): when a page model starts (GET,
 * signed in): new="N" on the navigation items of lists with N changes
 * since the last visit, and a contact's co-brand on <brand>.  One query,
 * none while the caller's data and markers did not move; nothing is
 * added when it fails.
 */
static void
chg_page_person(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	const struct chg_entry *kept = NULL;
	const struct at_nav_count *c;
	struct chg_entry fresh, *slot;
	struct at_rows	*r = NULL;
	const char	*accent, *logo;
	char		 key[384];
	size_t		 i;
	int		 staff, keep, whole = 1;

	if (req->user == NULL || req->db == NULL || (req->method != AT_GET &&
	    req->method != AT_HEAD) || chg_not_a_page(req->path) ||
	    at_db_gone(req->db))
		return;
	staff = at_is_staff(req);
	if (!staff && at_client_scope(req) <= 0)
		return;
	chg_compose();
	keep = chg_key(req, key, sizeof(key));
	if (keep)
		kept = chg_find(key);
	if (kept == NULL) {
		if ((r = chg_counts(req)) == NULL || r->n != 1)
			return;	/* the page goes on without the counts */
		memset(&fresh, 0, sizeof(fresh));
		whole = chg_fill(&fresh, r);
		kept = &fresh;
		if (whole && keep) {
			slot = &chg_kept[chg_next];
			chg_next = (chg_next + 1) % CHG_SLOTS;
			*slot = fresh;
			snprintf(slot->key, sizeof(slot->key), "%s", key);
		}
	}
	for (i = 0; i < chg_n; i++) {
		c = chg_list[i];
		if (!at_reg_visible(req, staff ? AT_STAFF : AT_CONTACT,
		    chg_plugin[i]))
			continue;
		chg_nav_attr(nav, staff ? c->staff_href : c->href,
		    c->unread ? "count" : "new", kept->n[i]);
	}
	if (staff)
		return;
	if (whole) {
		accent = kept->brand_null[0] ? NULL : kept->brand[0];
		logo = kept->brand_null[1] ? NULL : kept->brand[1];
	} else {
		accent = at_row(r, 0, "brand_accent");
		logo = at_row(r, 0, "brand_logo");
	}
	hub_brand_attrs(req, brand, accent, logo);
}
