/*
 * The plugin loader and the registry (include/atrium/plugin.h).
 *
 * Plugins are opened when the config is read (at_plugin_options), since
 * their descriptors carry the options of their config sections; a plugin
 * whose descriptor is missing, smaller than its ABI minor's, or built for
 * another ABI major or a newer minor is refused with a log line naming it
 * and why, and the site runs on without it.  The loader keeps a copy of
 * each descriptor padded with zeroes to this core's size, so fields an
 * older minor lacks read as NULL.  at_registry_init() then registers the
 * built-in modules and initialises the accepted plugins whose needed
 * plugins are in service and whose needed services are offered at a usable
 * version; the others are refused with a log line.
 * Every registration is tagged with its module, so a module that fails
 * its init leaves nothing behind.
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "plugin/jobs.h"

struct mod {
	const struct at_plugin *desc;	/* plugins: the padded copy */
	void		*handle;	/* dlopen handle; NULL when built in */
	char		*name;
	int		 builtin;
	int		 ok;		/* initialised and in service */
};

struct reg_route {
	struct at_route	 route;
	struct mod	*mod;
	char		*copy;		/* the pattern, cut into segs */
	char		**segs;		/* pattern split at '/' */
	size_t		 nsegs;
};

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

struct at_registry {
	struct mod	*mod;
	const struct at_site *site;
};

static struct mod	*mods;
static size_t		 nmods;
static struct reg_route	*routes;
static size_t		 nroutes;
static struct at_nav	**navs;
static size_t		 nnavs;
static struct at_card	**cards;
static size_t		 ncards;
static struct reg_event	*events;
static size_t		 nevents;
static struct reg_service *services;
static size_t		 nservices;
static const struct at_site *reg_site;

/* The end of field f of the descriptor. */
#define DESC_END(f)	(offsetof(struct at_plugin, f) + \
	sizeof(((struct at_plugin *)0)->f))

/* The smallest descriptor of each ABI 1 minor, 1.0 onwards. */
static const size_t desc_min_size[AT_ABI_MINOR + 1] = {
	DESC_END(init_process),		/* 1.0 */
	DESC_END(needs_services),	/* 1.1 */
};

/* realloc or abort; the registry is process-lifetime memory. */
static void *
reg_grow(void *p, size_t n, size_t sz)
{
	if ((p = reallocarray(p, n, sz)) == NULL) {
		log_crit("%s: out of memory", __func__);
		abort();
	}
	return p;
}

static char *
reg_strdup(const char *s)
{
	char	*d;

	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* The module record of that name, or NULL. */
static struct mod *
mod_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nmods; i++)
		if (strcmp(mods[i].name, name) == 0)
			return &mods[i];
	return NULL;
}

/*
 * Checks a descriptor: NULL when it may load, else why not (static text
 * or a message in buf).
 */
static const char *
desc_check(const struct at_plugin *d, const char *name, char *buf,
    size_t bufsz)
{
	if (d->abi_major != AT_ABI_MAJOR || d->abi_minor > AT_ABI_MINOR) {
		snprintf(buf, bufsz, "built for plugin ABI %u.%u, this "
		    "Atrium has ABI %u.%u", d->abi_major, d->abi_minor,
		    AT_ABI_MAJOR, AT_ABI_MINOR);
		return buf;
	}
	if (d->size < desc_min_size[d->abi_minor]) {
		snprintf(buf, bufsz, "descriptor is %zu bytes, ABI %u.%u "
		    "needs at least %zu", d->size, d->abi_major,
		    d->abi_minor, desc_min_size[d->abi_minor]);
		return buf;
	}
	if (d->name == NULL || strcmp(d->name, name) != 0) {
		snprintf(buf, bufsz, "descriptor names itself '%s'",
		    d->name == NULL ? "" : d->name);
		return buf;
	}
	if (d->init == NULL)
		return "descriptor has no init function";
	return NULL;
}

/* Opens plugin name from dir; adds it to mods or logs why not. */
static void
plugin_open(const char *dir, const char *name)
{
	char		 path[PATH_MAX], why[256];
	void		*h;
	const struct at_plugin *d;
	struct at_plugin *copy;
	const char	*err;
	struct mod	*m;

	if (mod_find(name) != NULL)
		return;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.so", dir, name) >=
	    sizeof(path)) {
		log_warn("plugin %s: refused: path too long", name);
		return;
	}
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warn("plugin %s: refused: cannot load %s: %s", name, path,
		    dlerror());
		return;
	}
	if ((d = dlsym(h, AT_PLUGIN_SYMBOL)) == NULL) {
		log_warn("plugin %s: refused: %s has no symbol %s", name,
		    path, AT_PLUGIN_SYMBOL);
		dlclose(h);
		return;
	}
	/* Read the fixed head before trusting anything else. */
	if ((err = desc_check(d, name, why, sizeof(why))) != NULL) {
		log_warn("plugin %s: refused: %s (%s)", name, err, path);
		dlclose(h);
		return;
	}
	/* Fields a plugin of an older minor lacks read as zero. */
	copy = reg_grow(NULL, 1, sizeof(*copy));
	memset(copy, 0, sizeof(*copy));
	memcpy(copy, d, d->size < sizeof(*copy) ? d->size : sizeof(*copy));
	copy->size = sizeof(*copy);
	mods = reg_grow(mods, nmods + 1, sizeof(*mods));
	m = &mods[nmods++];
	memset(m, 0, sizeof(*m));
	m->desc = copy;
	m->handle = h;
	m->name = reg_strdup(name);
}

static cfg_opt_t	*plugin_opts;

/* Whether options a and b are declared alike (type and default). */
static int
opt_same(const cfg_opt_t *a, const cfg_opt_t *b)
{
	if (a->type != b->type || a->flags != b->flags ||
	    a->subopts != b->subopts)
		return 0;
	if (a->def.number != b->def.number ||
	    a->def.fpnumber != b->def.fpnumber ||
	    a->def.boolean != b->def.boolean)
		return 0;
	if ((a->def.string == NULL) != (b->def.string == NULL) ||
	    (a->def.string != NULL && strcmp(a->def.string,
	    b->def.string) != 0))
		return 0;
	if ((a->def.parsed == NULL) != (b->def.parsed == NULL) ||
	    (a->def.parsed != NULL && strcmp(a->def.parsed,
	    b->def.parsed) != 0))
		return 0;
	return 1;
}

/*
 * The plugin sections share one option table (config.c), so a plugin
 * declaring an option that an earlier plugin declares otherwise (type or
 * default) would read the other's.  Such a plugin is refused with a log
 * line naming both; the site runs on without it.
 */
static void
plugin_drop_clashes(void)
{
	size_t		 i, j, k;
	cfg_opt_t	*o, *p;
	const char	*clash;

	for (i = 0; i < nmods; ) {
		clash = NULL;
		for (o = mods[i].desc->options; clash == NULL && o != NULL &&
		    o->name != NULL; o++)
			for (j = 0; clash == NULL && j < i; j++)
				for (p = mods[j].desc->options; p != NULL &&
				    p->name != NULL; p++)
					if (strcmp(o->name, p->name) == 0 &&
					    !opt_same(o, p)) {
						clash = mods[j].name;
						break;
					}
		if (clash == NULL) {
			i++;
			continue;
		}
		o--;
		log_warn("plugin %s: refused: its option '%s' is declared "
		    "otherwise by plugin %s", mods[i].name, o->name, clash);
		dlclose(mods[i].handle);
		free(mods[i].name);
		free((void *)mods[i].desc);
		for (k = i + 1; k < nmods; k++)
			mods[k - 1] = mods[k];
		nmods--;
	}
}

/* See core.h.  Closes what an earlier call opened first (reload). */
cfg_opt_t *
at_plugin_options(const struct at_site *site)
{
	size_t		 i, n, k, j;
	cfg_opt_t	*o;

	at_registry_free();
	for (i = 0; i < site->nplugins; i++)
		plugin_open(site->plugin_dir, site->plugins[i]);
	plugin_drop_clashes();

	/* The union of option tables, first of each name wins. */
	n = 0;
	for (i = 0; i < nmods; i++)
		for (o = mods[i].desc->options; o != NULL && o->name != NULL;
		    o++)
			n++;
	free(plugin_opts);
	plugin_opts = reg_grow(NULL, n + 1, sizeof(cfg_opt_t));
	k = 0;
	for (i = 0; i < nmods; i++)
		for (o = mods[i].desc->options; o != NULL && o->name != NULL;
		    o++) {
			for (j = 0; j < k; j++)
				if (strcmp(plugin_opts[j].name, o->name) == 0)
					break;
			if (j == k)
				plugin_opts[k++] = *o;
		}
	memset(&plugin_opts[k], 0, sizeof(cfg_opt_t));
	plugin_opts[k].type = CFGT_NONE;
	return plugin_opts;
}

/* Whether the option table opts has an option called name. */
static int
opts_have(const cfg_opt_t *opts, const char *name)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (strcmp(opts->name, name) == 0)
			return 1;
	return 0;
}

/* See core.h. */
int
at_plugin_options_check(cfg_t *cfg, char *err, size_t errsz)
{
	unsigned int	 i, n;
	cfg_t		*sec;
	struct mod	*m;
	cfg_opt_t	*o;

	n = cfg_size(cfg, "plugin");
	for (i = 0; i < n; i++) {
		sec = cfg_getnsec(cfg, "plugin", i);
		if ((m = mod_find(cfg_title(sec))) == NULL)
			continue;	/* not loaded: its section is inert */
		for (o = plugin_opts; o != NULL && o->name != NULL; o++) {
			if (opts_have(m->desc->options, o->name))
				continue;
			if (cfg_getopt(sec, o->name)->flags & CFGF_MODIFIED) {
				snprintf(err, errsz, "%s: plugin %s: no such "
				    "option '%s'", cfg->filename,
				    cfg_title(sec), o->name);
				return -1;
			}
		}
	}
	return 0;
}

/* Splits pattern at '/' into process-lifetime segments. */
static void
route_split(struct reg_route *r)
{
	char	*copy, *p, *seg;

	r->copy = copy = reg_strdup(r->route.pattern);
	r->segs = NULL;
	r->nsegs = 0;
	for (p = copy; (seg = strsep(&p, "/")) != NULL; ) {
		if (*seg == '\0')
			continue;
		r->segs = reg_grow(r->segs, r->nsegs + 1, sizeof(char *));
		r->segs[r->nsegs++] = seg;
	}
}

/* Registers a NULL-pattern-terminated route table. */
void
at_reg_routes(struct at_registry *reg, const struct at_route *tab)
{
	struct reg_route *r;

	for (; tab->pattern != NULL; tab++) {
		/*
		 * A raw-body route has no session and no CSRF check: it
		 * may only be for anyone, and only take POST or PUT.
		 */
		if ((tab->access & AT_RAW) && ((tab->access & AT_USER) ||
		    !(tab->access & AT_ANON) || tab->methods == 0 ||
		    (tab->methods & ~(unsigned int)(AT_POST | AT_PUT)))) {
			log_warn("%s: route %s refused: a raw-body route must "
			    "be AT_ANON only and POST or PUT only",
			    reg->mod->name, tab->pattern);
			continue;
		}
		routes = reg_grow(routes, nroutes + 1, sizeof(*routes));
		r = &routes[nroutes++];
		r->route = *tab;
		r->route.plugin = reg->mod->builtin ? NULL : reg->mod->name;
		r->mod = reg->mod;
		route_split(r);
	}
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

/* The name of the module being registered. */
const char *
at_reg_name(struct at_registry *reg)
{
	return reg->mod->name;
}

/* Whether a plugin or module of that name is in service. */
int
at_plugin_loaded(const char *name)
{
	struct mod	*m;

	return (m = mod_find(name)) != NULL && m->ok;
}

/* Drops the registrations a failed module made. */
static void
mod_unregister(struct mod *m)
{
	size_t	 i, k;

	for (i = k = 0; i < nroutes; i++) {
		if (routes[i].mod == m) {
			free(routes[i].copy);
			free(routes[i].segs);
			continue;
		}
		routes[k++] = routes[i];
	}
	nroutes = k;
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

/*
 * NULL when every plugin and service m needs is in service, else why not
 * (a message in buf).
 */
static const char *
mod_missing(const struct mod *m, char *buf, size_t bufsz)
{
	const char *const *n;
	const struct at_service_need *s;
	unsigned int	 newest;

	for (n = m->desc->needs; n != NULL && *n != NULL; n++)
		if (!at_plugin_loaded(*n)) {
			snprintf(buf, bufsz, "needs plugin %s, which is not "
			    "loaded", *n);
			return buf;
		}
	for (s = m->desc->needs_services; s != NULL && s->name != NULL; s++) {
		if (service_find(s->name, s->min_version, &newest) != NULL)
			continue;
		if (newest == 0)
			snprintf(buf, bufsz, "needs service %s %u.%u, which "
			    "no loaded module offers", s->name,
			    AT_VERSION_MAJOR(s->min_version),
			    AT_VERSION_MINOR(s->min_version));
		else
			snprintf(buf, bufsz, "needs service %s %u.%u, only "
			    "%u.%u is offered", s->name,
			    AT_VERSION_MAJOR(s->min_version),
			    AT_VERSION_MINOR(s->min_version),
			    AT_VERSION_MAJOR(newest), AT_VERSION_MINOR(newest));
		return buf;
	}
	return NULL;
}

/* Runs m's init; on failure logs and unregisters. */
static int
mod_init(struct mod *m, const struct at_site *site)
{
	struct at_registry reg;
	const char	*errstr = NULL;
	char		 dir[PATH_MAX];

	reg.mod = m;
	reg.site = site;
	if (m->desc->init(&reg, &errstr) == -1) {
		log_warn("plugin %s: refused: init failed: %s", m->name,
		    errstr != NULL ? errstr : "no reason given");
		mod_unregister(m);
		return -1;
	}
	m->ok = 1;
	if (!m->builtin) {
		snprintf(dir, sizeof(dir), "%s/plugins/%s/xsl",
		    site->data_dir, m->name);
		at_view_plugin_dir(m->name, dir);
		log_info("plugin %s %s loaded", m->name,
		    m->desc->version != NULL ? m->desc->version : "");
	}
	return 0;
}

/* See core.h. */
int
at_registry_init(const struct at_site *site)
{
	const struct at_plugin *const *b;
	struct mod	*m;
	const char	*miss;
	char		 why[256];
	size_t		 i, nplug;
	int		 progress;

	reg_site = site;
	/* Plugins were opened by the config reader; modules go first. */
	nplug = nmods;
	for (b = at_builtin_modules; *b != NULL; b++) {
		mods = reg_grow(mods, nmods + 1, sizeof(*mods));
		m = &mods[nmods++];
		memset(m, 0, sizeof(*m));
		m->desc = *b;
		m->name = reg_strdup((*b)->name);
		m->builtin = 1;
	}
	for (i = nplug; i < nmods; i++)
		if (mod_init(&mods[i], site) == -1)
			return -1;

	/* Plugins in an order that satisfies their needs. */
	do {
		progress = 0;
		for (i = 0; i < nplug; i++) {
			m = &mods[i];
			if (m->ok || m->handle == NULL)
				continue;
			if (mod_missing(m, why, sizeof(why)) != NULL)
				continue;
			if (mod_init(m, site) == -1) {
				dlclose(m->handle);
				m->handle = NULL;
			}
			progress = 1;
		}
	} while (progress);
	for (i = 0; i < nplug; i++) {
		m = &mods[i];
		if (m->ok || m->handle == NULL)
			continue;
		miss = mod_missing(m, why, sizeof(why));
		log_warn("plugin %s: refused: %s", m->name,
		    miss != NULL ? miss : "its needs are not met");
		m->handle = NULL;
	}
	return 0;
}

/* See core.h. */
void
at_registry_init_process(void)
{
	struct at_registry reg;
	size_t		 i;

	for (i = 0; i < nmods; i++) {
		if (!mods[i].ok || mods[i].desc->init_process == NULL)
			continue;
		reg.mod = &mods[i];
		reg.site = reg_site;
		if (mods[i].desc->init_process(&reg) == -1)
			log_warn("plugin %s: process init failed",
			    mods[i].name);
	}
}

/* Forgets every module and registration (plugins stay mapped). */
void
at_registry_free(void)
{
	size_t	 i;

	for (i = 0; i < nroutes; i++) {
		free(routes[i].copy);
		free(routes[i].segs);
	}
	free(routes);
	routes = NULL;
	nroutes = 0;
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
	for (i = 0; i < nmods; i++) {
		free(mods[i].name);
		if (!mods[i].builtin)
			free((void *)mods[i].desc);
	}
	free(mods);
	mods = NULL;
	nmods = 0;
}

/* Method names for Allow, in bit order. */
static const char *const method_names[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"
};

/* Whether route r matches path; fills args when it does. */
static int
route_path(const struct reg_route *r, const char *path, struct at_req *req,
    int fill)
{
	const char	*p, *end;
	size_t		 i, len;
	int		 nargs = 0;

	p = path;
	for (i = 0; i < r->nsegs; i++) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			return 0;
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (r->segs[i][0] == ':') {
			if (nargs >= AT_MAX_ARGS)
				return 0;
			if (fill)
				req->args[nargs] = at_pstrndup(req->pool, p,
				    len);
			nargs++;
		} else if (strlen(r->segs[i]) != len ||
		    strncmp(r->segs[i], p, len) != 0)
			return 0;
		p += len;
	}
	/* One trailing slash is the same page ("/staff" is "/staff/"). */
	if (*p == '/')
		p++;
	if (*p != '\0')
		return 0;
	if (fill)
		req->nargs = nargs;
	return 1;
}

/* See core.h. */
int
at_route_match(struct at_req *req, const char **allow)
{
	size_t		 i, k, len;
	unsigned int	 seen = 0, want;
	char		 buf[128];

	want = req->method == AT_HEAD ? (AT_HEAD | AT_GET) : req->method;
	for (i = 0; i < nroutes; i++) {
		if (!routes[i].mod->ok || !route_path(&routes[i], req->path,
		    req, 0))
			continue;
		if (routes[i].route.methods & want) {
			route_path(&routes[i], req->path, req, 1);
			req->route = &routes[i].route;
			return 0;
		}
		seen |= routes[i].route.methods;
	}
	if (seen == 0)
		return 404;
	if (seen & AT_GET)
		seen |= AT_HEAD;
	buf[0] = '\0';
	len = 0;
	for (k = 0; k < sizeof(method_names) / sizeof(method_names[0]); k++)
		if (seen & (1u << k))
			len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
			    len > 0 ? ", " : "", method_names[k]);
	*allow = at_pstrdup(req->pool, buf);
	return 405;
}

/* The argument named ":name" of the matched route, or NULL. */
const char *
at_arg(const struct at_req *req, const char *name)
{
	size_t		 i;
	int		 k = 0;
	const struct reg_route *r;

	if (req->route == NULL)
		return NULL;
	r = (const struct reg_route *)req->route;
	for (i = 0; i < r->nsegs; i++) {
		if (r->segs[i][0] != ':')
			continue;
		if (strcmp(r->segs[i] + 1, name) == 0)
			return k < req->nargs ? req->args[k] : NULL;
		k++;
	}
	return NULL;
}

/* Whether the caller may see an item of area from plugin. */
static int
reg_visible(const struct at_req *req, unsigned int area, const char *plugin)
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
	size_t		 i, len;
	xmlNodePtr	 item;
	const char	*href;
	int		 active;

	for (i = 0; i < nnavs; i++) {
		if (!reg_visible(req, navs[i]->area, navs[i]->plugin))
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
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < ncards; i++) {
		if (!reg_visible(req, cards[i]->area, cards[i]->plugin))
			continue;
		if (cards[i]->fn(req, parent) == -1)
			rc = -1;
	}
	return rc;
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
	list = reg_grow(NULL, nmods + 1, sizeof(*list));
	for (i = 0; i < nmods; i++)
		if (mods[i].ok && !mods[i].builtin)
			list[n++] = mods[i].desc;
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

/* See core.h. */
int
at_reg_visible(const struct at_req *req, unsigned int area,
    const char *plugin)
{
	return reg_visible(req, area, plugin);
}
