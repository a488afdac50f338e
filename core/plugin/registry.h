/*
 * What the loader (loader.c), the registry (registry.c), visibility
 * (visibility.c), the router (router.c) and the config reader share about
 * modules: private to the core.
 */
#ifndef ATRIUM_PLUGIN_REGISTRY_H
#define ATRIUM_PLUGIN_REGISTRY_H

#include <stddef.h>

#include <atrium/atrium.h>

/* A built-in module or an opened plugin. */
struct mod {
	const struct at_plugin *desc;	/* plugins: the padded copy */
	void		*handle;	/* dlopen handle; NULL when built in */
	char		*name;
	int		 builtin;
	int		 ok;		/* initialised and in service */
};

/* The handle a module's init and init_process get. */
struct at_registry {
	struct mod	*mod;
	const struct at_site *site;
	struct at_db	*db;		/* init_process only; NULL in init */
};

/* Every module: the opened plugins first, then the built-in ones. */
extern struct mod	*reg_mods;
extern size_t		 reg_nmods;

/* reallocarray or abort: the registry is process-lifetime memory. */
void		*reg_grow(void *, size_t n, size_t sz);
/* strdup or abort. */
char		*reg_strdup(const char *);
/* The module of that name, or NULL. */
struct mod	*reg_mod_find(const char *);
/* Drops every registration module m made (its init failed). */
void		 reg_mod_unregister(struct mod *);

/*
 * The newest registration of service name from a module in service with
 * min_version's major and at least its minor, or NULL; *newest, when not
 * NULL, gets the newest version offered under name at all (0: none).
 */
const void	*reg_service_find(const char *name, unsigned int min_version,
		    unsigned int *newest);

/*
 * router.c: adds route r (this core's struct, its plugin already set) of
 * module m.  fields, when not NULL, is malloc'd memory r->fields points
 * to (a table converted to this core's entry size): the router frees it
 * with the route.
 */
void		 at_router_add(const struct at_route *r,
		    struct at_field *fields, struct mod *m);
/* Drops module m's routes; drops them all. */
void		 at_router_drop(const struct mod *m);
void		 at_router_free(void);

#endif
