/*
 * Typed extension points (include/atrium/extend.h): project page
 * sections, dashboard parts (cards, "needs your action", next deadline),
 * search providers, activity summaries, staff client-page tabs, report
 * panels (with the builders of their XML), client health factors,
 * workload columns, calendar sources, navigation counts and the parts
 * of every page model.
 *
 * Each registration passes a struct that starts with its size; it is
 * copied into a zeroed struct of this core's size, so a module built
 * against an older (smaller) struct works and a newer one's extra
 * members are ignored.  A struct smaller than the first version, or one
 * without its function, is refused with a log line naming the module.
 * Registrations are tagged with the module (its plugin name, NULL for a
 * built-in module): a module whose init fails leaves none behind
 * (at_ext_unregister), and a plugin switched off for a client is not
 * called for that client's contacts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core.h"

#define SEARCH_MAX	50	/* results a search shows */
#define NEEDS_MAX	20	/* "needs your action" items shown */

/* One registration: its kind, the copied struct, its module. */
enum ext_kind {
	EXT_SECTION, EXT_DASH, EXT_SEARCH, EXT_ACT, EXT_TAB, EXT_PANEL,
	EXT_HEALTH, EXT_WORK, EXT_CAL, EXT_NAVCOUNT, EXT_PAGE
};

struct ext {
	enum ext_kind	 kind;
	char		*mod;		/* the module's name */
	char		*plugin;	/* plugin name, NULL when built in */
	int		 order;
	unsigned int	 area;
	union {
		struct at_section	 section;
		struct at_dash_part	 dash;
		struct at_search_provider search;
		struct at_act_kind	 act;
		struct at_client_tab	 tab;
		struct at_report_panel	 panel;
		struct at_health_factor	 health;
		struct at_workload_col	 work;
		struct at_cal_source	 cal;
		struct at_nav_count	 navcount;
		struct at_page_part	 page;
	} u;
};

static struct ext	**exts;
static size_t		 nexts;
static unsigned int	 ext_gen;	/* moves on every change of exts */
static int		 ext_started;	/* the workers started (at_ext_start) */

/* The first version's size of each struct: the fields up to fn. */
#define EXT_MIN(type, last) (offsetof(struct type, last) + \
	sizeof(((struct type *)0)->last))

static char *
ext_strdup(const char *s)
{
	char	*d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/*
 * Checks and copies a registration of size given (min: the first
 * version's) into a new entry, kept sorted by order (stable).  NULL, with
 * a log line, when refused.
 */
static struct ext *
ext_add(struct at_registry *reg, enum ext_kind kind, const void *src,
    size_t given, size_t min, size_t have, const char *what)
{
	struct ext	*e;

	if (src == NULL || given < min) {
		log_warn("plugin %s: %s refused: its struct is too small "
		    "(%zu bytes, at least %zu)", at_reg_name(reg), what,
		    src == NULL ? 0 : given, min);
		return NULL;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL)
		abort();
	e->kind = kind;
	memcpy(&e->u, src, given < have ? given : have);
	e->mod = ext_strdup(at_reg_name(reg));
	e->plugin = ext_strdup(at_reg_plugin(reg));
	if ((exts = reallocarray(exts, nexts + 1, sizeof(*exts))) == NULL)
		abort();
	exts[nexts++] = e;
	ext_gen++;
	return e;
}

/*
 * Puts the newest entry in place by its order among the entries of its
 * kind (stable); entries of other kinds, which are never walked together
 * with it, do not stop it.
 */
static void
ext_sort_last(void)
{
	struct ext	*e = exts[nexts - 1];
	size_t		 i;

	for (i = nexts - 1; i > 0 && (exts[i - 1]->kind != e->kind ||
	    exts[i - 1]->order > e->order); i--)
		exts[i] = exts[i - 1];
	exts[i] = e;
}

/* See atrium/extend.h. */
void
at_reg_section(struct at_registry *reg, const struct at_section *s)
{
	struct ext	*e;

	e = ext_add(reg, EXT_SECTION, s, s != NULL ? s->size : 0,
	    EXT_MIN(at_section, fn), sizeof(*s), "project section");
	if (e == NULL)
		return;
	if (e->u.section.fn == NULL || e->u.section.name == NULL) {
		log_warn("plugin %s: project section refused: no name or "
		    "function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.section.order;
	e->area = e->u.section.area;
	ext_sort_last();
}

/* See atrium/extend.h. */
void
at_reg_dash(struct at_registry *reg, const struct at_dash_part *d)
{
	struct ext	*e;

	e = ext_add(reg, EXT_DASH, d, d != NULL ? d->size : 0,
	    EXT_MIN(at_dash_part, fn), sizeof(*d), "dashboard part");
	if (e == NULL)
		return;
	if (e->u.dash.fn == NULL) {
		log_warn("plugin %s: dashboard part refused: no function",
		    at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.dash.order;
	e->area = e->u.dash.area;
	ext_sort_last();
}

/* See atrium/extend.h. */
void
at_reg_search(struct at_registry *reg, const struct at_search_provider *p)
{
	struct ext	*e;

	e = ext_add(reg, EXT_SEARCH, p, p != NULL ? p->size : 0,
	    EXT_MIN(at_search_provider, fn), sizeof(*p), "search provider");
	if (e == NULL)
		return;
	if (e->u.search.fn == NULL || e->u.search.kind == NULL) {
		log_warn("plugin %s: search provider refused: no kind or "
		    "function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->area = e->u.search.area;
}

/* See atrium/extend.h. */
void
at_reg_activity(struct at_registry *reg, const struct at_act_kind *k)
{
	struct ext	*e;

	e = ext_add(reg, EXT_ACT, k, k != NULL ? k->size : 0,
	    EXT_MIN(at_act_kind, fn), sizeof(*k), "activity summary");
	if (e == NULL)
		return;
	if (e->u.act.fn == NULL || e->u.act.object == NULL) {
		log_warn("plugin %s: activity summary refused: no object or "
		    "function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->area = AT_CONTACT | AT_STAFF;
}

/* See atrium/extend.h. */
void
at_reg_client_tab(struct at_registry *reg, const struct at_client_tab *t)
{
	struct ext	*e;

	e = ext_add(reg, EXT_TAB, t, t != NULL ? t->size : 0,
	    EXT_MIN(at_client_tab, fn), sizeof(*t), "client tab");
	if (e == NULL)
		return;
	if (e->u.tab.label == NULL || e->u.tab.href == NULL) {
		log_warn("plugin %s: client tab refused: no label or link",
		    at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.tab.order;
	e->area = AT_STAFF;
	ext_sort_last();
}

/* See atrium/extend.h. */
void
at_reg_report_panel(struct at_registry *reg, const struct at_report_panel *p)
{
	struct ext	*e;

	e = ext_add(reg, EXT_PANEL, p, p != NULL ? p->size : 0,
	    EXT_MIN(at_report_panel, fn), sizeof(*p), "report panel");
	if (e == NULL)
		return;
	if (e->u.panel.fn == NULL || e->u.panel.name == NULL) {
		log_warn("plugin %s: report panel refused: no name or "
		    "function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.panel.order;
	e->area = AT_STAFF;
	ext_sort_last();
}

/* See atrium/extend.h. */
void
at_reg_health_factor(struct at_registry *reg, const struct at_health_factor *f)
{
	struct ext	*e;

	e = ext_add(reg, EXT_HEALTH, f, f != NULL ? f->size : 0,
	    EXT_MIN(at_health_factor, fn), sizeof(*f), "health factor");
	if (e == NULL)
		return;
	if (e->u.health.fn == NULL || e->u.health.name == NULL ||
	    e->u.health.label == NULL || e->u.health.weight < 0 ||
	    e->u.health.cap < 0) {
		log_warn("plugin %s: health factor refused: no name, label or "
		    "function, or a negative weight", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.health.order;
	e->area = AT_STAFF;
	ext_sort_last();
}

/* See atrium/extend.h. */
void
at_reg_workload(struct at_registry *reg, const struct at_workload_col *c)
{
	struct ext	*e;

	e = ext_add(reg, EXT_WORK, c, c != NULL ? c->size : 0,
	    EXT_MIN(at_workload_col, fn), sizeof(*c), "workload column");
	if (e == NULL)
		return;
	if (e->u.work.fn == NULL || e->u.work.name == NULL ||
	    e->u.work.label == NULL) {
		log_warn("plugin %s: workload column refused: no name, label "
		    "or function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.work.order;
	e->area = AT_STAFF;
	ext_sort_last();
}

static void
ext_free(struct ext *e)
{
	ext_gen++;
	free(e->mod);
	free(e->plugin);
	free(e);
}

/* See core.h: drops the entry just added (refused after the copy). */
void
at_ext_drop_last(void)
{
	if (nexts > 0)
		ext_free(exts[--nexts]);
}

/* ---- atriumctl subcommands ---- */

struct cmd {
	char		*name;
	char		*usage;
	char		*mod;
	at_command_fn	 fn;
};

static struct cmd	*cmds;
static size_t		 ncmds;

/* Names atriumctl itself answers to: no module may take them. */
static const char *const cmd_builtin[] = {
	"migrate", "status", "user", "jobs", "mail", "remind", "verify-log",
	"check-config", "setup", "backup", "restore", "config-doc", "help",
	NULL
};

/* See atrium/plugin.h. */
void
at_reg_command(struct at_registry *reg, const char *name, at_command_fn fn,
    const char *usage)
{
	const char *const *b;
	size_t	 n;

	n = name != NULL ? strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789"
	    "_-") : 0;
	if (name == NULL || n == 0 || name[n] != '\0' || n > 32 ||
	    fn == NULL) {
		log_warn("module %s: command '%s' refused: its name must be "
		    "[a-z0-9_-]+ with a function", at_reg_name(reg),
		    name != NULL ? name : "");
		return;
	}
	for (b = cmd_builtin; *b != NULL; b++)
		if (strcmp(*b, name) == 0)
			break;
	if (*b != NULL || at_command_find(name) != NULL) {
		log_warn("module %s: command '%s' refused: the name is taken",
		    at_reg_name(reg), name);
		return;
	}
	if ((cmds = reallocarray(cmds, ncmds + 1, sizeof(*cmds))) == NULL)
		abort();
	cmds[ncmds].name = ext_strdup(name);
	cmds[ncmds].usage = ext_strdup(usage != NULL ? usage : name);
	cmds[ncmds].mod = ext_strdup(at_reg_name(reg));
	cmds[ncmds].fn = fn;
	ncmds++;
}

/* See core.h. */
at_command_fn
at_command_find(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < ncmds; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return cmds[i].fn;
	return NULL;
}

/* See core.h. */
void
at_commands_usage(FILE *fp)
{
	size_t	 i;

	for (i = 0; i < ncmds; i++)
		fprintf(fp, "  %-24s (%s)\n", cmds[i].usage, cmds[i].mod);
}

/* Drops the commands of module mod (NULL: all of them). */
static void
cmd_drop(const char *mod)
{
	size_t	 i, k;

	for (i = k = 0; i < ncmds; i++)
		if (mod == NULL || strcmp(cmds[i].mod, mod) == 0) {
			free(cmds[i].name);
			free(cmds[i].usage);
			free(cmds[i].mod);
		} else
			cmds[k++] = cmds[i];
	ncmds = k;
	if (ncmds == 0) {
		free(cmds);
		cmds = NULL;
	}
}

/* See core.h. */
void
at_ext_unregister(const char *mod)
{
	size_t	 i, k;

	cmd_drop(mod);

	for (i = k = 0; i < nexts; i++)
		if (strcmp(exts[i]->mod, mod) == 0)
			ext_free(exts[i]);
		else
			exts[k++] = exts[i];
	nexts = k;
}

/* See core.h. */
void
at_ext_free(void)
{
	size_t	 i;

	cmd_drop(NULL);
	for (i = 0; i < nexts; i++)
		ext_free(exts[i]);
	free(exts);
	exts = NULL;
	nexts = 0;
	ext_started = 0;
}

/* Whether entry e is one of kind the caller may see. */
static int
ext_for(const struct at_req *req, const struct ext *e, enum ext_kind kind)
{
	return e->kind == kind && at_reg_visible(req, e->area, e->plugin);
}

/* ---- project page sections ---- */

/* See atrium/extend.h. */
int
at_sections_fill(struct at_req *req, xmlNodePtr parent, long long project)
{
	size_t	 i;

	for (i = 0; i < nexts; i++)
		if (ext_for(req, exts[i], EXT_SECTION) &&
		    exts[i]->u.section.fn(req, parent, project) == -1)
			return -1;
	return 0;
}

/* See atrium/extend.h. */
xmlNodePtr
at_x_section(xmlNodePtr parent, const char *name, const char *title,
    const char *empty)
{
	xmlNodePtr	 s = at_x(parent, "section", NULL);

	at_xa(s, "name", name);
	at_xa(s, "title", title);
	at_xa(s, "empty", empty);
	return s;
}

/* See atrium/extend.h. */
xmlNodePtr
at_x_section_item(xmlNodePtr section, const char *text, const char *href,
    const char *when)
{
	xmlNodePtr	 it = at_x(section, "item", text);

	at_xa(it, "href", href);
	at_xa(it, "when", when);
	return it;
}

/* ---- dashboards ---- */

struct at_dash {
	struct at_req	*req;
	xmlNodePtr	 page;
	xmlNodePtr	 cards;
	struct at_need	*needs;		/* strings in the request's pool */
	size_t		 nneeds;
	size_t		 capneeds;
	struct at_date	 next;		/* the earliest date ahead so far */
	int		 has_next;
	const char	*today;
};

/* See atrium/extend.h. */
xmlNodePtr
at_dash_cards(struct at_dash *d)
{
	return d->cards;
}

/* See atrium/extend.h. */
xmlNodePtr
at_dash_page(struct at_dash *d)
{
	return d->page;
}

/* See atrium/extend.h. */
xmlNodePtr
at_dash_client(struct at_dash *d, long long client)
{
	xmlNodePtr	 l, n, k;
	xmlChar		*v;
	long long	 id;

	for (l = d->page->children; l != NULL; l = l->next)
		if (l->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(l->name, BAD_CAST "clients"))
			break;
	for (n = l != NULL ? l->children : NULL; n != NULL; n = n->next)
		for (k = n->children; k != NULL; k = k->next) {
			if (k->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(k->name, BAD_CAST "id"))
				continue;
			v = xmlNodeGetContent(k);
			id = v != NULL ? strtoll((char *)v, NULL, 10) : 0;
			xmlFree(v);
			if (id == client)
				return n;
			break;
		}
	return NULL;
}

/* See extend.h. */
void
at_dash_client_rows(struct at_dash *d, const struct at_rows *r,
    const char *const *cols)
{
	xmlNodePtr	 n;
	size_t		 i, c;

	for (i = 0; i < r->n; i++) {
		if ((n = at_dash_client(d, at_row_int(r, i, "client_id",
		    0))) == NULL)
			continue;
		for (c = 0; cols[c] != NULL; c++)
			at_x(n, cols[c], at_row(r, i, cols[c]));
	}
}

/* A copy of s in the pool, or NULL. */
static const char *
dash_dup(struct at_dash *d, const char *s)
{
	return s != NULL ? at_pstrdup(d->req->pool, s) : NULL;
}

/* Keeps date as the next deadline when it is ahead and the earliest. */
static void
dash_consider(struct at_dash *d, const char *kind, const char *title,
    const char *date, const char *href, const char *project)
{
	if (date == NULL || title == NULL || strcmp(date, d->today) < 0)
		return;
	if (d->has_next && strcmp(date, d->next.date) >= 0)
		return;
	d->next.kind = dash_dup(d, kind);
	d->next.title = dash_dup(d, title);
	d->next.date = dash_dup(d, date);
	d->next.href = dash_dup(d, href);
	d->next.project = dash_dup(d, project);
	d->has_next = 1;
}

/* See atrium/extend.h. */
void
at_dash_need(struct at_dash *d, const struct at_need *n)
{
	struct at_need	*o;

	if (n == NULL || n->size < EXT_MIN(at_need, project) ||
	    n->title == NULL)
		return;
	if (d->nneeds == d->capneeds) {
		/* The pool has no realloc: the old array stays in it. */
		d->capneeds = d->capneeds == 0 ? 16 : d->capneeds * 2;
		o = at_palloc(d->req->pool, d->capneeds * sizeof(*o));
		if (d->nneeds > 0)
			memcpy(o, d->needs, d->nneeds * sizeof(*o));
		d->needs = o;
	}
	o = &d->needs[d->nneeds];
	memset(o, 0, sizeof(*o));
	o->kind = dash_dup(d, n->kind);
	o->label = dash_dup(d, n->label);
	o->title = dash_dup(d, n->title);
	o->href = dash_dup(d, n->href);
	o->due = dash_dup(d, n->due);
	o->project = dash_dup(d, n->project);
	d->nneeds++;
	dash_consider(d, n->kind, n->title, n->due, n->href, n->project);
}

/* See atrium/extend.h. */
void
at_dash_date(struct at_dash *d, const struct at_date *t)
{
	if (t == NULL || t->size < EXT_MIN(at_date, project))
		return;
	dash_consider(d, t->kind, t->title, t->date, t->href, t->project);
}

/* Undated last, then by date; stable through the index. */
static int
need_cmp(const void *a, const void *b)
{
	const struct at_need *x = a, *y = b;

	if ((x->due == NULL) != (y->due == NULL))
		return x->due == NULL ? 1 : -1;
	if (x->due != NULL && strcmp(x->due, y->due) != 0)
		return strcmp(x->due, y->due);
	/* Keep the parts' order: size holds the arrival index. */
	return x->size < y->size ? -1 : x->size > y->size;
}

/* See atrium/extend.h. */
int
at_dash_fill(struct at_req *req, xmlNodePtr content)
{
	struct at_dash	 d;
	struct at_need	*all;
	xmlNodePtr	 needs, it, nx;
	size_t		 i, k;
	int		 rc = 0;

	memset(&d, 0, sizeof(d));
	d.req = req;
	d.today = at_today(req->pool);
	d.page = content;
	d.cards = at_x(content, "cards", NULL);
	/* Parts first: their cards keep the place the hub's had. */
	for (i = 0; i < nexts; i++)
		if (ext_for(req, exts[i], EXT_DASH) &&
		    exts[i]->u.dash.fn(req, &d) == -1)
			rc = -1;
	if (rc == -1 || at_cards_fill(req, d.cards) == -1)
		return -1;
	/* Sorted by date; size holds the arrival index for stability. */
	all = at_palloc(req->pool, (d.nneeds + 1) * sizeof(*all));
	for (i = 0; i < d.nneeds; i++) {
		all[i] = d.needs[i];
		all[i].size = i;
	}
	qsort(all, d.nneeds, sizeof(*all), need_cmp);
	needs = at_x(content, "needs", NULL);
	for (k = 0; k < d.nneeds && k < NEEDS_MAX; k++) {
		it = at_x(needs, "item", all[k].title);
		at_xa(it, "kind", all[k].kind);
		at_xa(it, "label", all[k].label);
		at_xa(it, "href", all[k].href);
		at_xa(it, "when", all[k].due);
		at_xa(it, "project", all[k].project);
		if (all[k].due != NULL && strcmp(all[k].due, d.today) < 0)
			at_xa(it, "overdue", "1");
	}
	if (d.has_next) {
		nx = at_x(content, "next", d.next.title);
		at_xa(nx, "date", d.next.date);
		at_xa(nx, "kind", d.next.kind);
		at_xa(nx, "href", d.next.href);
		at_xa(nx, "project", d.next.project);
	}
	return 0;
}

/* ---- search ---- */

struct hit {
	const char	*kind;
	const char	*label;
	struct at_search_hit h;
	size_t		 seq;
};

struct at_search_q {
	struct at_req	*req;
	const char	*text;
	const char	*terms;
	const struct ext *prov;		/* the provider being called */
	struct hit	*hits;
	size_t		 nhits;
	size_t		 cap;
};

/* See atrium/extend.h. */
const char *
at_search_terms(const struct at_search_q *q)
{
	return q->terms;
}

/* See atrium/extend.h. */
const char *
at_search_text(const struct at_search_q *q)
{
	return q->text;
}

/* See atrium/extend.h. */
int
at_search_limit(const struct at_search_q *q)
{
	(void)q;
	return SEARCH_MAX;
}

/* See atrium/extend.h. */
void
at_search_hit(struct at_search_q *q, const struct at_search_hit *h)
{
	struct hit	*n, *o;
	struct at_pool	*p = q->req->pool;

	if (h == NULL || h->size < EXT_MIN(at_search_hit, score) ||
	    h->id == NULL || h->title == NULL)
		return;
	if (q->nhits == q->cap) {
		q->cap = q->cap == 0 ? 64 : q->cap * 2;
		n = at_palloc(p, q->cap * sizeof(*n));
		if (q->nhits > 0)
			memcpy(n, q->hits, q->nhits * sizeof(*n));
		q->hits = n;
	}
	o = &q->hits[q->nhits];
	memset(o, 0, sizeof(*o));
	o->kind = q->prov->u.search.kind;
	o->label = q->prov->u.search.label;
	o->h.id = at_pstrdup(p, h->id);
	o->h.title = at_pstrdup(p, h->title);
	o->h.snippet = h->snippet != NULL ? at_pstrdup(p, h->snippet) : NULL;
	o->h.project = h->project != NULL ? at_pstrdup(p, h->project) : NULL;
	o->h.project_id = h->project_id != NULL ? at_pstrdup(p,
	    h->project_id) : NULL;
	o->h.visible = h->visible != NULL ? at_pstrdup(p, h->visible) : NULL;
	o->h.href = h->href != NULL ? at_pstrdup(p, h->href) : NULL;
	o->h.score = h->score;
	o->seq = q->nhits++;
}

/* Best score first, then kind, then the larger id (newer), as before. */
static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	long long	 ix, iy;
	int		 c;

	if (x->h.score != y->h.score)
		return x->h.score > y->h.score ? -1 : 1;
	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	ix = strtoll(x->h.id, NULL, 10);
	iy = strtoll(y->h.id, NULL, 10);
	if (ix != iy)
		return ix > iy ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* <name>v</name> under n, left out when v is NULL (as SQL NULLs are). */
static void
hit_x(xmlNodePtr n, const char *name, const char *v)
{
	if (v != NULL)
		at_x(n, name, v);
}

/* See atrium/extend.h. */
int
at_search_run(struct at_req *req, xmlNodePtr parent, const char *text,
    const char *terms)
{
	struct at_search_q q;
	xmlNodePtr	 l, n;
	size_t		 i;

	memset(&q, 0, sizeof(q));
	q.req = req;
	q.text = text;
	q.terms = terms;
	for (i = 0; i < nexts; i++) {
		if (!ext_for(req, exts[i], EXT_SEARCH))
			continue;
		q.prov = exts[i];
		if (exts[i]->u.search.fn(req, &q) == -1)
			return -1;
	}
	if (q.nhits > 0)
		qsort(q.hits, q.nhits, sizeof(*q.hits), hit_cmp);
	l = at_x(parent, "results", NULL);
	for (i = 0; i < q.nhits && i < SEARCH_MAX; i++) {
		n = at_x(l, "result", NULL);
		hit_x(n, "kind", q.hits[i].kind);
		hit_x(n, "label", q.hits[i].label);
		hit_x(n, "id", q.hits[i].h.id);
		hit_x(n, "title", q.hits[i].h.title);
		hit_x(n, "snippet", q.hits[i].h.snippet);
		hit_x(n, "project", q.hits[i].h.project);
		hit_x(n, "project_id", q.hits[i].h.project_id);
		hit_x(n, "visible", q.hits[i].h.visible);
		hit_x(n, "href", q.hits[i].h.href);
	}
	return 0;
}

/* ---- activity summaries ---- */

/* See atrium/extend.h. */
void
at_activity_describe(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	size_t	 i;

	*sentence = *href = NULL;
	if (e->object == NULL)
		return;
	for (i = 0; i < nexts; i++)
		if (ext_for(req, exts[i], EXT_ACT) &&
		    strcmp(exts[i]->u.act.object, e->object) == 0) {
			exts[i]->u.act.fn(req, e, sentence, href);
			return;
		}
}

/* ---- staff client-page tabs ---- */

/* See atrium/extend.h. */
int
at_client_tabs_fill(struct at_req *req, xmlNodePtr parent, long long client)
{
	xmlNodePtr	 tabs, t;
	const char	*h, *pct;
	size_t		 i;

	tabs = at_x(parent, "tabs", NULL);
	for (i = 0; i < nexts; i++) {
		if (!ext_for(req, exts[i], EXT_TAB))
			continue;
		h = exts[i]->u.tab.href;
		t = at_x(tabs, "tab", NULL);
		at_xa(t, "name", exts[i]->u.tab.name);
		at_xa(t, "label", exts[i]->u.tab.label);
		/* Only "%lld" is expanded; the pattern is the module's. */
		if ((pct = strstr(h, "%lld")) != NULL)
			at_xa(t, "href", at_pprintf(req->pool, "%.*s%lld%s",
			    (int)(pct - h), h, client, pct + 4));
		else
			at_xa(t, "href", h);
		if (exts[i]->u.tab.fn != NULL &&
		    exts[i]->u.tab.fn(req, t, client) == -1)
			return -1;
	}
	return 0;
}

/* ---- report panels ---- */

/* See atrium/extend.h. */
size_t
at_report_panels(const struct at_report_panel *const **out)
{
	static const struct at_report_panel **list;
	size_t		 i, n = 0;

	free(list);
	if ((list = calloc(nexts + 1, sizeof(*list))) == NULL)
		abort();
	for (i = 0; i < nexts; i++)
		if (exts[i]->kind == EXT_PANEL)
			list[n++] = &exts[i]->u.panel;
	*out = list;
	return n;
}

/* See atrium/extend.h. */
size_t
at_health_factors(const struct at_health_factor *const **out)
{
	static const struct at_health_factor **list;
	size_t		 i, n = 0;

	free(list);
	if ((list = calloc(nexts + 1, sizeof(*list))) == NULL)
		abort();
	for (i = 0; i < nexts; i++)
		if (exts[i]->kind == EXT_HEALTH)
			list[n++] = &exts[i]->u.health;
	*out = list;
	return n;
}

/* See atrium/extend.h. */
size_t
at_workload_cols(const struct at_workload_col *const **out)
{
	static const struct at_workload_col **list;
	size_t		 i, n = 0;

	free(list);
	if ((list = calloc(nexts + 1, sizeof(*list))) == NULL)
		abort();
	for (i = 0; i < nexts; i++)
		if (exts[i]->kind == EXT_WORK)
			list[n++] = &exts[i]->u.work;
	*out = list;
	return n;
}

/* ---- the XML of report panels ---- */

/* See atrium/extend.h. */
xmlNodePtr
at_rp_panel(xmlNodePtr parent, const char *name, const char *title)
{
	xmlNodePtr	 p;

	p = at_x(parent, "panel", NULL);
	at_xa(p, "name", name);
	at_xa(p, "title", title != NULL ? title : name);
	return p;
}

/* See atrium/extend.h. */
xmlNodePtr
at_rp_figure(xmlNodePtr panel, const char *name, const char *label,
    const char *value, const char *note)
{
	xmlNodePtr	 f;

	f = at_x(panel, "figure", NULL);
	at_xa(f, "name", name);
	at_xa(f, "label", label);
	at_xa(f, "value", value != NULL ? value : "");
	if (note != NULL)
		at_xa(f, "note", note);
	return f;
}

/* See atrium/extend.h. */
xmlNodePtr
at_rp_table(xmlNodePtr panel, const char *name, const char *caption,
    const struct at_rp_col *cols, const struct at_rows *rows)
{
	xmlNodePtr	 t, c, row;
	const char	*v;
	size_t		 i, k;

	t = at_x(panel, "table", NULL);
	at_xa(t, "name", name);
	if (caption != NULL)
		at_xa(t, "caption", caption);
	for (k = 0; cols != NULL && cols[k].name != NULL; k++) {
		c = at_x(t, "col", NULL);
		at_xa(c, "name", cols[k].name);
		at_xa(c, "label", cols[k].label != NULL ? cols[k].label :
		    cols[k].name);
		at_xa(c, "type", cols[k].type != NULL ? cols[k].type :
		    AT_RP_TEXT);
	}
	for (i = 0; rows != NULL && i < rows->n; i++) {
		row = at_x(t, "row", NULL);
		for (k = 0; cols[k].name != NULL; k++) {
			v = at_row(rows, i, cols[k].name);
			at_x(row, "c", v != NULL ? v : "");
		}
	}
	return t;
}

/* See atrium/extend.h. */
xmlNodePtr
at_rp_row(xmlNodePtr table, const char *const *cells, size_t n)
{
	xmlNodePtr	 row;
	size_t		 k;

	row = at_x(table, "row", NULL);
	for (k = 0; k < n; k++)
		at_x(row, "c", cells != NULL && cells[k] != NULL ? cells[k] :
		    "");
	return row;
}

/* See atrium/extend.h. */
xmlNodePtr
at_rp_chart(xmlNodePtr panel, const char *type, const char *table,
    const char *x, const char *y, const char *title)
{
	xmlNodePtr	 c;

	c = at_x(panel, "chart", NULL);
	at_xa(c, "type", type != NULL ? type : "bar");
	at_xa(c, "table", table);
	at_xa(c, "x", x);
	at_xa(c, "y", y);
	if (title != NULL)
		at_xa(c, "title", title);
	return c;
}

/* ---- calendar sources ---- */

/* One calendar being filled (at_cal_fill). */
struct at_cal {
	struct at_req		*req;
	struct at_cal_query	 q;
	struct at_cal_event	*ev;	/* pool */
	size_t			 n, cap;
};

/* See atrium/extend.h. */
void
at_reg_cal_source(struct at_registry *reg, const struct at_cal_source *c)
{
	struct ext	*e;

	e = ext_add(reg, EXT_CAL, c, c != NULL ? c->size : 0,
	    EXT_MIN(at_cal_source, fn), sizeof(*c), "calendar source");
	if (e == NULL)
		return;
	if (e->u.cal.fn == NULL || e->u.cal.name == NULL) {
		log_warn("plugin %s: calendar source refused: no name or "
		    "function", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	e->order = e->u.cal.order;
	e->area = e->u.cal.area;
	ext_sort_last();
}

/* See atrium/extend.h. */
const struct at_cal_query *
at_cal_q(struct at_cal *cal)
{
	return &cal->q;
}

/* A pool copy of s (NULL stays NULL). */
static const char *
cal_dup(struct at_cal *cal, const char *s)
{
	return s != NULL ? at_pstrdup(cal->req->pool, s) : NULL;
}

/*
 * The date an event falls on in the site's zone ("YYYY-MM-DD", pool), or
 * NULL when its start is malformed.
 */
static const char *
cal_day(struct at_cal *cal, const char *start)
{
	const char	*l;

	if (start == NULL || strlen(start) < 10)
		return NULL;
	if (strlen(start) == 10)
		return start;
	if ((l = at_time_local(cal->req->pool, start)) == NULL ||
	    strlen(l) < 10)
		return NULL;
	return at_pstrndup(cal->req->pool, l, 10);
}

/* See atrium/extend.h. */
void
at_cal_add(struct at_cal *cal, const struct at_cal_event *src)
{
	struct at_cal_event	 e, *grown;
	const char		*day;

	if (src == NULL || src->size < EXT_MIN(at_cal_event, place) ||
	    src->uid == NULL || src->title == NULL)
		return;
	memset(&e, 0, sizeof(e));
	memcpy(&e, src, src->size < sizeof(e) ? src->size : sizeof(e));
	e.size = sizeof(e);
	day = cal_day(cal, e.start);
	if (day == NULL || strcmp(day, cal->q.from) < 0 ||
	    strcmp(day, cal->q.to) >= 0)
		return;
	if (cal->n == cal->cap) {
		cal->cap = cal->cap == 0 ? 32 : cal->cap * 2;
		grown = at_palloc(cal->req->pool, cal->cap * sizeof(*grown));
		if (cal->n > 0)
			memcpy(grown, cal->ev, cal->n * sizeof(*grown));
		cal->ev = grown;
	}
	e.uid = cal_dup(cal, e.uid);
	e.kind = cal_dup(cal, e.kind != NULL ? e.kind : "event");
	e.title = cal_dup(cal, e.title);
	e.start = cal_dup(cal, e.start);
	e.status = cal_dup(cal, e.status != NULL ? e.status : "confirmed");
	e.href = cal_dup(cal, e.href);
	e.client_name = cal_dup(cal, e.client_name);
	e.who = cal_dup(cal, e.who);
	e.confirm = cal_dup(cal, e.confirm);
	e.confirm_fields = cal_dup(cal, e.confirm_fields);
	e.confirm_ask = cal_dup(cal, e.confirm_ask);
	e.confirm_ask_label = cal_dup(cal, e.confirm_ask_label);
	e.place = cal_dup(cal, e.place);
	cal->ev[cal->n++] = e;
}

/* Orders events by start (all-day first on their day), then uid. */
static int
cal_cmp(const void *a, const void *b)
{
	const struct at_cal_event *x = a, *y = b;
	int		 c;

	if ((c = strcmp(x->start, y->start)) != 0)
		return c;
	return strcmp(x->uid, y->uid);
}

/* See core.h. */
int
at_cal_fill(struct at_req *req, const struct at_cal_query *q,
    struct at_cal_event **out, size_t *n)
{
	struct at_cal	 cal;
	size_t		 i;

	memset(&cal, 0, sizeof(cal));
	cal.req = req;
	cal.q = *q;
	cal.q.size = sizeof(cal.q);
	for (i = 0; i < nexts; i++)
		if (ext_for(req, exts[i], EXT_CAL) &&
		    exts[i]->u.cal.fn(req, &cal) == -1)
			return -1;
	if (cal.n > 1)
		qsort(cal.ev, cal.n, sizeof(*cal.ev), cal_cmp);
	*out = cal.ev;
	*n = cal.n;
	return 0;
}

/* ---- navigation counts ---- */

/*
 * Whether sql is the text of one SELECT with exactly strlen(binds) '?'
 * outside quotes, each letter of binds one of allow: no ';', no
 * comments, no backslash, quotes closed, parentheses balanced.
 */
static int
navcount_sql_ok(const char *sql, const char *binds, const char *allow)
{
	size_t		 i, marks = 0;
	int		 depth = 0;
	char		 q = 0;

	if (sql == NULL || binds == NULL || strncasecmp(sql, "SELECT ", 7) !=
	    0 || strlen(sql) > AT_NAVCOUNT_SQL_MAX)
		return 0;
	for (i = 0; binds[i] != '\0'; i++)
		if (strchr(allow, binds[i]) == NULL)
			return 0;
	for (i = 0; sql[i] != '\0'; i++) {
		if (sql[i] == '\\')
			return 0;
		if (q != 0) {
			if (sql[i] == q)
				q = 0;
			continue;
		}
		switch (sql[i]) {
		case '\'':
		case '"':
		case '`':
			q = sql[i];
			break;
		case '?':
			marks++;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth < 0)
				return 0;
			break;
		case ';':
		case '#':
			return 0;
		case '-':
			if (sql[i + 1] == '-')
				return 0;
			break;
		case '/':
			if (sql[i + 1] == '*')
				return 0;
			break;
		}
	}
	return q == 0 && depth == 0 && marks == strlen(binds);
}

/* See core.h. */
int
at_area_name_ok(const char *area)
{
	size_t	 n;

	if (area == NULL)
		return 0;
	for (n = 0; area[n] != '\0'; n++)
		if (!((area[n] >= 'a' && area[n] <= 'z') || (area[n] >= '0' &&
		    area[n] <= '9') || area[n] == '_' || area[n] == '.' ||
		    area[n] == '-'))
			return 0;
	return n > 0 && n <= 32;
}

/* See atrium/extend.h. */
void
at_reg_nav_count(struct at_registry *reg, const struct at_nav_count *c)
{
	const struct at_nav_count *n;
	struct ext	*e;
	size_t		 i, k;

	e = ext_add(reg, EXT_NAVCOUNT, c, c != NULL ? c->size : 0,
	    EXT_MIN(at_nav_count, unread), sizeof(*c), "navigation count");
	if (e == NULL)
		return;
	n = &e->u.navcount;
	for (i = k = 0; i < nexts; i++)
		if (exts[i]->kind == EXT_NAVCOUNT)
			k++;
	if (!at_area_name_ok(n->area) || (n->href == NULL) != (n->sql ==
	    NULL) || (n->staff_href == NULL) != (n->staff_sql == NULL) ||
	    (n->sql == NULL && n->staff_sql == NULL)) {
		log_warn("plugin %s: navigation count refused: no area, or a "
		    "link without its count", at_reg_name(reg));
		at_ext_drop_last();
		return;
	}
	if ((n->sql != NULL && (!navcount_sql_ok(n->sql, n->binds, "cum") ||
	    strchr(n->binds, 'c') == NULL)) || (n->staff_sql != NULL &&
	    !navcount_sql_ok(n->staff_sql, n->staff_binds, "um"))) {
		log_warn("plugin %s: navigation count %s refused: its SQL is "
		    "not one SELECT whose '?' match its binds (a contact's "
		    "scoped by 'c', a staff one without)", at_reg_name(reg),
		    n->area);
		at_ext_drop_last();
		return;
	}
	if (k > AT_NAVCOUNT_MAX) {
		log_warn("plugin %s: navigation count %s refused: more than "
		    "%d", at_reg_name(reg), n->area, AT_NAVCOUNT_MAX);
		at_ext_drop_last();
		return;
	}
	e->area = (n->sql != NULL ? AT_CONTACT : 0) | (n->staff_sql != NULL ?
	    AT_STAFF : 0);
}

/* See core.h. */
size_t
at_nav_counts(const struct at_nav_count *const **out,
    const char *const **plugins, unsigned int *gen)
{
	static const struct at_nav_count **list;
	static const char **plug;
	size_t		 i, n = 0;

	free(list);
	free(plug);
	if ((list = calloc(nexts + 1, sizeof(*list))) == NULL ||
	    (plug = calloc(nexts + 1, sizeof(*plug))) == NULL)
		abort();
	for (i = 0; i < nexts; i++)
		if (exts[i]->kind == EXT_NAVCOUNT) {
			plug[n] = exts[i]->plugin;
			list[n++] = &exts[i]->u.navcount;
		}
	*out = list;
	*plugins = plug;
	*gen = ext_gen;
	return n;
}

/* See core.h. */
unsigned int
at_ext_gen(void)
{
	return ext_gen;
}

/* ---- search rows and activity sentences for modules ---- */

/* See atrium/extend.h. */
void
at_search_rows(struct at_req *req, struct at_search_q *q,
    const struct at_rows *r, const char *path)
{
	struct at_search_hit h;
	const char	*sc, *pre = at_is_staff(req) ? "/staff" : "";
	size_t		 i;

	for (i = 0; r != NULL && i < r->n; i++) {
		memset(&h, 0, sizeof(h));
		h.size = AT_EXT_SIZE(at_search_hit);
		h.id = at_row(r, i, "id");
		h.title = at_row(r, i, "title");
		if (h.id == NULL || h.title == NULL)
			continue;
		h.snippet = at_row(r, i, "snippet");
		h.project = at_row(r, i, "project");
		h.project_id = at_row(r, i, "project_id");
		h.visible = at_row(r, i, "visible");
		if (h.visible == NULL)
			h.visible = "1";
		h.href = at_pprintf(req->pool, "%s%s%s", pre,
		    path != NULL ? path : "", h.id);
		sc = at_row(r, i, "score");
		h.score = sc != NULL ? strtod(sc, NULL) : 0;
		at_search_hit(q, &h);
	}
}

/* See atrium/extend.h. */
const char *
at_act_href(struct at_req *req, const char *path, const char *id)
{
	if (id == NULL || strcmp(id, "0") == 0)
		return NULL;
	return at_pprintf(req->pool, "%s%s%s", at_is_staff(req) ? "/staff" :
	    "", path != NULL ? path : "", id);
}

/* See atrium/extend.h. */
const char *
at_act_sentence(struct at_req *req, const struct at_act_entry *e,
    const struct at_act_verb *verbs, size_t n)
{
	const char	*who, *sum, *ph, *pct;
	size_t		 i;

	if (e == NULL || e->action == NULL || verbs == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (verbs[i].action != NULL && verbs[i].phrase != NULL &&
		    strcmp(verbs[i].action, e->action) == 0)
			break;
	if (i == n)
		return NULL;
	who = e->who != NULL ? e->who : "Someone";
	sum = e->summary != NULL ? e->summary : "";
	ph = verbs[i].phrase;
	if ((pct = strstr(ph, "%s")) == NULL)
		return at_pprintf(req->pool, "%s %s “%s”", who, ph, sum);
	return at_pprintf(req->pool, "%s %.*s%s%s", who, (int)(pct - ph), ph,
	    sum, pct + 2);
}

/* ---- page model parts ---- */

/* See core.h. */
void
at_ext_start(void)
{
	ext_started = 1;
}

/* See atrium/extend.h. */
int
at_reg_page_part(struct at_registry *reg, const struct at_page_part *p)
{
	struct ext	*e;

	if (ext_started) {
		log_warn("plugin %s: page part %s refused: registered after "
		    "the workers started (register it from init)",
		    at_reg_name(reg), p != NULL && p->name != NULL ? p->name :
		    "(no name)");
		return -1;
	}
	e = ext_add(reg, EXT_PAGE, p, p != NULL ? p->size : 0,
	    EXT_MIN(at_page_part, fill), sizeof(*p), "page part");
	if (e == NULL)
		return -1;
	if (e->u.page.name == NULL || e->u.page.fill == NULL) {
		log_warn("plugin %s: page part refused: no name or fill",
		    at_reg_name(reg));
		at_ext_drop_last();
		return -1;
	}
	/* ext_add appends: parts stay in registration order. */
	return 0;
}

/* See core.h. */
void
at_page_parts_fill(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	size_t	 i;

	for (i = 0; i < nexts; i++) {
		if (exts[i]->kind != EXT_PAGE)
			continue;
		/* A plugin switched off for a contact's client stays out. */
		if (exts[i]->plugin != NULL && req->user != NULL &&
		    !at_is_staff(req) && !at_plugin_on(req, exts[i]->plugin))
			continue;
		exts[i]->u.page.fill(req, brand, nav);
	}
}
