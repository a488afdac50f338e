/*
 * The plugin loader (include/atrium/plugin.h).
 *
 * Plugins are opened when the config is read (at_plugins_open), since
 * their descriptors carry the option tables of their config sections; a
 * plugin whose descriptor is missing, smaller than its ABI minor's, or
 * built for another ABI major or a newer minor is refused with a log line
 * naming it and why, and the site runs on without it.  The loader keeps a
 * copy of each descriptor padded with zeroes to this core's size, so
 * fields an older minor lacks read as NULL.  at_registry_init() then
 * registers the built-in modules its caller hands in (the loader names
 * none: the programs pass the hub's list) and initialises the accepted plugins
 * whose needed plugins are in service and whose needed services are
 * offered at a usable version; the others are refused with a log line.
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "plugin/registry.h"

static const struct at_site *reg_site;

/* The end of field f of the descriptor. */
#define DESC_END(f)	(offsetof(struct at_plugin, f) + \
	sizeof(((struct at_plugin *)0)->f))

/* The smallest descriptor of each ABI minor of this major, .0 onwards. */
static const size_t desc_min_size[AT_ABI_MINOR + 1] = {
	DESC_END(init_process),		/* 1.0 */
	DESC_END(needs_services),	/* 1.1 */
	DESC_END(needs_services),	/* 1.2: sized tables, accessors */
	DESC_END(needs_services),	/* 1.3: functions only (docs) */
};

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

/* Opens plugin name from dir; adds it to the modules or logs why not. */
static void
plugin_open(const char *dir, const char *name)
{
	char		 path[PATH_MAX], why[256];
	void		*h;
	const struct at_plugin *d;
	struct at_plugin *copy;
	const char	*err;
	struct mod	*m;

	if (reg_mod_find(name) != NULL)
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
	reg_mods = reg_grow(reg_mods, reg_nmods + 1, sizeof(*reg_mods));
	m = &reg_mods[reg_nmods++];
	memset(m, 0, sizeof(*m));
	m->desc = copy;
	m->handle = h;
	m->name = reg_strdup(name);
}

/* See core.h.  Closes what an earlier call opened first (reload). */
void
at_plugins_open(const struct at_site *site)
{
	size_t	 i;

	at_registry_free();
	for (i = 0; i < site->nplugins; i++)
		plugin_open(site->plugin_dir, site->plugins[i]);
}

/* See core.h. */
int
at_plugin_opened(const char *name, cfg_opt_t **opts)
{
	struct mod	*m;

	if ((m = reg_mod_find(name)) == NULL || m->builtin ||
	    m->handle == NULL)
		return 0;
	*opts = m->desc->options;
	return 1;
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
		if (reg_service_find(s->name, s->min_version, &newest) != NULL)
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
	reg.db = NULL;
	if (m->desc->init(&reg, &errstr) == -1) {
		log_warn("plugin %s: refused: init failed: %s", m->name,
		    errstr != NULL ? errstr : "no reason given");
		reg_mod_unregister(m);
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
at_registry_init(const struct at_site *site,
    const struct at_plugin *const *builtin)
{
	const struct at_plugin *const *b;
	struct mod	*m;
	const char	*miss;
	char		 why[256];
	size_t		 i, nplug;
	int		 progress;

	reg_site = site;
	/* Plugins were opened by the config reader; modules go first. */
	nplug = reg_nmods;
	for (b = builtin; b != NULL && *b != NULL; b++) {
		reg_mods = reg_grow(reg_mods, reg_nmods + 1, sizeof(*reg_mods));
		m = &reg_mods[reg_nmods++];
		memset(m, 0, sizeof(*m));
		m->desc = *b;
		m->name = reg_strdup((*b)->name);
		m->builtin = 1;
	}
	for (i = nplug; i < reg_nmods; i++)
		if (mod_init(&reg_mods[i], site) == -1)
			return -1;

	/* Plugins in an order that satisfies their needs. */
	do {
		progress = 0;
		for (i = 0; i < nplug; i++) {
			m = &reg_mods[i];
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
		m = &reg_mods[i];
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
at_registry_init_process(struct at_db *db)
{
	struct at_registry reg;
	size_t		 i;

	at_ext_start();
	for (i = 0; i < reg_nmods; i++) {
		if (!reg_mods[i].ok || reg_mods[i].desc->init_process == NULL)
			continue;
		reg.mod = &reg_mods[i];
		reg.site = reg_site;
		reg.db = db;
		if (reg_mods[i].desc->init_process(&reg) == -1)
			log_warn("plugin %s: process init failed",
			    reg_mods[i].name);
	}
}
