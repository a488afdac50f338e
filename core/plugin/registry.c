/*
 * The registry (include/atrium/plugin.h): what modules register from
 * their init (routes, navigation, cards, event subscribers, services),
 * the lookups of services and subscribers, and the lists the core draws
 * from.  Every registration is tagged with its module, so a module that
 * fails its init leaves nothing behind.  Opening plugins is loader.c's,
 * matching routes router.c's, who sees what visibility.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "plugin/jobs.h"
#include "plugin/registry.h"

struct reg_event {
	const char	*event;
	at_event_fn	 fn;
	struct mod	*mod;
};

struct reg_service {
	const char	*name;
	unsigned int	 version;
	const void	*svc;
	struct mod	*mod;
};

struct mod		*reg_mods;
size_t			 reg_nmods;
static struct at_nav	**navs;
static size_t		 nnavs;
static struct at_card	**cards;
static size_t		 ncards;
static struct reg_event	*events;
static size_t		 nevents;
static struct reg_service *services;
static size_t		 nservices;

/* See plugin/registry.h. */
void *
reg_grow(void *p, size_t n, size_t sz)
{
	if ((p = reallocarray(p, n, sz)) == NULL) {
		log_crit("%s: out of memory", __func__);
		abort();
	}
	return p;
}

/* See plugin/registry.h. */
char *
reg_strdup(const char *s)
{
	char	*d;

	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* See plugin/registry.h. */
struct mod *
reg_mod_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < reg_nmods; i++)
		if (strcmp(reg_mods[i].name, name) == 0)
			return &reg_mods[i];
	return NULL;
}

/* The smallest entries a table may have: up to handler, up to valid. */
#define ROUTE_MIN	(offsetof(struct at_route, handler) + \
	sizeof(((struct at_route *)0)->handler))
#define FIELD_MIN	(offsetof(struct at_field, valid) + \
	sizeof(((struct at_field *)0)->valid))
#define ENTRY_MAX	4096	/* no entry is that large: a wrong size */
/*
 * The entry sizes of ABI 1.0 and 1.1, whose plugins call at_reg_routes()
 * without sizes: this core's structs are still 1.1's (tests/unit/
 * check_router.c pins them); a member appended later leaves these as
 * they are.
 */
#define AT_ROUTE_SIZE_1_1	sizeof(struct at_route)
#define AT_FIELD_SIZE_1_1	sizeof(struct at_field)

/*
 * The field table tab of entries of fsz bytes each, ended by a NULL name,
 * as a malloc'd table of this core's entries (members an older entry
 * lacks read as zero), or NULL when tab is NULL.
 */
static struct at_field *
fields_copy(const struct at_field *tab, size_t fsz)
{
	const char	*p = (const char *)tab;
	struct at_field	*out;
	size_t		 n, i;

	if (tab == NULL)
		return NULL;
	for (n = 0; ((const struct at_field *)(const void *)(p + n * fsz))->
	    name != NULL; n++)
		;
	out = reg_grow(NULL, n + 1, sizeof(*out));
	memset(out, 0, (n + 1) * sizeof(*out));
	for (i = 0; i < n; i++)
		memcpy(&out[i], p + i * fsz, fsz < sizeof(*out) ? fsz :
		    sizeof(*out));
	return out;
}

/*
 * Registers a route table ended by a NULL pattern whose entries are rsz
 * bytes and whose field tables' entries are fsz bytes (the sizes the
 * module was built with): each route is copied into this core's struct,
 * members an older struct lacks reading as zero.
 */
void
at_reg_routes_sized(struct at_registry *reg, const struct at_route *tab,
    size_t rsz, size_t fsz)
{
	struct at_route	 r;
	struct at_field	*fields;
	const char	*p;

	if (rsz < ROUTE_MIN || rsz > ENTRY_MAX || fsz < FIELD_MIN ||
	    fsz > ENTRY_MAX) {
		log_warn("%s: routes refused: entries of %zu and %zu bytes, "
		    "a route needs %zu to %d, a field %zu to %d",
		    reg->mod->name, rsz, fsz, ROUTE_MIN, ENTRY_MAX,
		    FIELD_MIN, ENTRY_MAX);
		return;
	}
	for (p = (const char *)tab; ; p += rsz) {
		memset(&r, 0, sizeof(r));
		memcpy(&r, p, rsz < sizeof(r) ? rsz : sizeof(r));
		if (r.pattern == NULL)
			break;
		/*
		 * A raw-body route has no session and no CSRF check: it
		 * may only be for anyone, and only take POST or PUT.
		 */
		if ((r.access & AT_RAW) && ((r.access & AT_USER) ||
		    !(r.access & AT_ANON) || r.methods == 0 ||
		    (r.methods & ~(unsigned int)(AT_POST | AT_PUT)))) {
			log_warn("%s: route %s refused: a raw-body route must "
			    "be AT_ANON only and POST or PUT only",
			    reg->mod->name, r.pattern);
			continue;
		}
		r.plugin = reg->mod->builtin ? NULL : reg->mod->name;
		fields = fields_copy(r.fields, fsz);
		r.fields = fields;
		at_router_add(&r, fields, reg->mod);
	}
}

/*
 * The entry point of ABI 1.0 and 1.1 plugins (before at_reg_routes became
 * a macro passing the sizes): their entries have 1.1's sizes, which are
 * this core's.
 */
void
(at_reg_routes)(struct at_registry *reg, const struct at_route *tab)
{
	at_reg_routes_sized(reg, tab, AT_ROUTE_SIZE_1_1, AT_FIELD_SIZE_1_1);
}

/* Registers a navigation item for an area. */
void
at_reg_nav(struct at_registry *reg, unsigned int area, const char *label,
    const char *href, int order)
{
	struct at_nav	*n;
	size_t		 i;

	n = reg_grow(NULL, 1, sizeof(*n));
	n->area = area;
	n->label = label;
	n->href = href;
	n->order = order;
	n->plugin = reg->mod->builtin ? NULL : reg->mod->name;
	navs = reg_grow(navs, nnavs + 1, sizeof(*navs));
	/* Keep them sorted by order, stable. */
	for (i = nnavs; i > 0 && navs[i - 1]->order > order; i--)
		navs[i] = navs[i - 1];
	navs[i] = n;
	nnavs++;
}

/* Registers a dashboard card function for an area. */
void
at_reg_card(struct at_registry *reg, unsigned int area, at_card_fn fn,
    int order)
{
	struct at_card	*c;
	size_t		 i;

	c = reg_grow(NULL, 1, sizeof(*c));
	c->area = area;
	c->fn = fn;
	c->order = order;
	c->plugin = reg->mod->builtin ? NULL : reg->mod->name;
	cards = reg_grow(cards, ncards + 1, sizeof(*cards));
	for (i = ncards; i > 0 && cards[i - 1]->order > order; i--)
		cards[i] = cards[i - 1];
	cards[i] = c;
	ncards++;
}

/* Subscribes fn to event. */
void
at_reg_event(struct at_registry *reg, const char *event, at_event_fn fn)
{
	events = reg_grow(events, nevents + 1, sizeof(*events));
	events[nevents].event = event;
	events[nevents].fn = fn;
	events[nevents].mod = reg->mod;
	nevents++;
}

/* Offers a service under name at version (AT_VERSION). */
void
at_reg_service(struct at_registry *reg, const char *name,
    unsigned int version, const void *svc)
{
	services = reg_grow(services, nservices + 1, sizeof(*services));
	services[nservices].name = name;
	services[nservices].version = version;
	services[nservices].svc = svc;
	services[nservices].mod = reg->mod;
	nservices++;
}

/*
 * The newest registration of name from a module in service with
 * min_version's major and at least its minor, or NULL.  *newest, when not
 * NULL, gets the newest version offered under name at all (0: none).
 */
static const struct reg_service *
service_find(const char *name, unsigned int min_version,
    unsigned int *newest)
{
	const struct reg_service *best = NULL;
	size_t	 i;

	if (newest != NULL)
		*newest = 0;
	for (i = 0; i < nservices; i++) {
		if (!services[i].mod->ok || strcmp(services[i].name, name) != 0)
			continue;
		if (newest != NULL && services[i].version >= *newest)
			*newest = services[i].version;
		if (AT_VERSION_MAJOR(services[i].version) !=
		    AT_VERSION_MAJOR(min_version) ||
		    services[i].version < min_version)
			continue;
		if (best == NULL || services[i].version > best->version)
			best = &services[i];
	}
	return best;
}

/* See plugin/registry.h. */
const void *
reg_service_find(const char *name, unsigned int min_version,
    unsigned int *newest)
{
	const struct reg_service *s;

	return (s = service_find(name, min_version, newest)) != NULL ?
	    s->svc : NULL;
}

/* The service of that name at a usable version, or NULL. */
const void *
at_service(const char *name, unsigned int min_version)
{
	const struct reg_service *s;

	return (s = service_find(name, min_version, NULL)) != NULL ?
	    s->svc : NULL;
}

/* Calls the subscribers of event from modules in service. */
void
at_emit(struct at_req *req, const char *event, void *data)
{
	size_t	 i;

	for (i = 0; i < nevents; i++)
		if (events[i].mod->ok && strcmp(events[i].event, event) == 0)
			events[i].fn(req, event, data);
}

/* The plugin's config section, or NULL. */
cfg_t *
at_reg_config(struct at_registry *reg)
{
	return at_config_plugin(reg->site, reg->mod->name);
}

/* See include/atrium/plugin.h. */
cfg_t *
at_req_config(const struct at_req *req)
{
	if (req->route == NULL || req->route->plugin == NULL)
		return NULL;
	return at_config_plugin(req->site, req->route->plugin);
}

/* The name of the module being registered. */
const char *
at_reg_name(struct at_registry *reg)
{
	return reg->mod->name;
}

/*
 * The worker's database handle during init_process (NULL during init,
 * which runs before the workers connect).  Not the caller's to free.
 */
struct at_db *
at_reg_db(struct at_registry *reg)
{
	return reg->db;
}

/* Whether a plugin or module of that name is in service. */
int
at_plugin_loaded(const char *name)
{
	struct mod	*m;

	return (m = reg_mod_find(name)) != NULL && m->ok;
}

/* See plugin/registry.h. */
void
reg_mod_unregister(struct mod *m)
{
	size_t	 i, k;

	at_router_drop(m);
	for (i = k = 0; i < nnavs; i++)
		if (navs[i]->plugin != NULL &&
		    strcmp(navs[i]->plugin, m->name) == 0)
			free(navs[i]);
		else
			navs[k++] = navs[i];
	nnavs = k;
	for (i = k = 0; i < ncards; i++)
		if (cards[i]->plugin != NULL &&
		    strcmp(cards[i]->plugin, m->name) == 0)
			free(cards[i]);
		else
			cards[k++] = cards[i];
	ncards = k;
	for (i = k = 0; i < nevents; i++)
		if (events[i].mod != m)
			events[k++] = events[i];
	nevents = k;
	for (i = k = 0; i < nservices; i++)
		if (services[i].mod != m)
			services[k++] = services[i];
	nservices = k;
	at_ext_unregister(m->name);
}

/* Forgets every module and registration (plugins stay mapped). */
void
at_registry_free(void)
{
	size_t	 i;

	at_router_free();
	for (i = 0; i < nnavs; i++)
		free(navs[i]);
	free(navs);
	navs = NULL;
	nnavs = 0;
	for (i = 0; i < ncards; i++)
		free(cards[i]);
	free(cards);
	cards = NULL;
	ncards = 0;
	free(events);
	events = NULL;
	nevents = 0;
	free(services);
	services = NULL;
	nservices = 0;
	at_events_reg_free();
	at_jobs_reg_free();
	at_ext_free();
	for (i = 0; i < reg_nmods; i++) {
		free(reg_mods[i].name);
		if (!reg_mods[i].builtin)
			free((void *)reg_mods[i].desc);
	}
	free(reg_mods);
	reg_mods = NULL;
	reg_nmods = 0;
}

/* See core.h. */
size_t
at_registry_nav(const struct at_nav ***out)
{
	*out = (const struct at_nav **)navs;
	return nnavs;
}

/* See core.h. */
size_t
at_registry_cards(const struct at_card ***out)
{
	*out = (const struct at_card **)cards;
	return ncards;
}

/* See core.h: the plugins in service (not the built-in modules). */
size_t
at_registry_plugins(const struct at_plugin ***out)
{
	static const struct at_plugin **list;
	size_t		 i, n = 0;

	free(list);
	list = reg_grow(NULL, reg_nmods + 1, sizeof(*list));
	for (i = 0; i < reg_nmods; i++)
		if (reg_mods[i].ok && !reg_mods[i].builtin)
			list[n++] = reg_mods[i].desc;
	list[n] = NULL;
	*out = list;
	return n;
}

/* See core.h: NULL for a built-in module. */
const char *
at_reg_plugin(struct at_registry *reg)
{
	return reg->mod->builtin ? NULL : reg->mod->name;
}
