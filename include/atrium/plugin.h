/*
 * Modules and plugins.  A hub module in core/hub/ and a plugin in plugins/
 * have the same shape: a descriptor whose init function registers routes,
 * navigation items, dashboard cards, event subscribers, services and
 * migrations.  A plugin is a shared object exporting the descriptor as the
 * symbol "atrium_plugin":
 *
 *	const struct at_plugin atrium_plugin = {
 *		AT_PLUGIN_HEAD,
 *		.name = "hello", .version = "1.0", .init = hello_init,
 *	};
 *
 * The first three fields are fixed forever; fields are only appended, each
 * with a new ABI minor.  The loader refuses a plugin whose ABI major
 * differs, whose minor is newer than the core's, whose descriptor is
 * smaller than its minor's, or whose needed plugins or services (at a
 * usable version) are missing; it logs why, and the site runs on without
 * it.  Fields a plugin of an older minor lacks read as NULL.
 */
#ifndef ATRIUM_PLUGIN_H
#define ATRIUM_PLUGIN_H

#include <stddef.h>
#include <confuse.h>
#include <libxml/tree.h>

#include <atrium/router.h>

#include <atrium/api.h>

AT_API_BEGIN

#define AT_ABI_MAJOR	1
#define AT_ABI_MINOR	4
#define AT_PLUGIN_HEAD	.abi_major = AT_ABI_MAJOR, \
			.abi_minor = AT_ABI_MINOR, \
			.size = sizeof(struct at_plugin)
#define AT_PLUGIN_SYMBOL "atrium_plugin"

struct at_req;
struct at_registry;

/*
 * A service version: a major and a minor packed in one unsigned int
 * (AT_VERSION(1, 2) is 1.2).  A user asking for min_version gets a service
 * with the same major and a minor at least min_version's: a new major is
 * an incompatible service, a new minor only adds to it.
 */
#define AT_VERSION(maj, min)	(((unsigned int)(maj) << 16) | \
				    ((unsigned int)(min) & 0xffff))
#define AT_VERSION_MAJOR(v)	((unsigned int)(v) >> 16)
#define AT_VERSION_MINOR(v)	((unsigned int)(v) & 0xffff)

/* A service a plugin needs before it may load (ABI 1.1). */
struct at_service_need {
	const char	*name;
	unsigned int	 min_version;	/* AT_VERSION(major, minor) */
};

struct at_plugin {
	unsigned int	 abi_major;
	unsigned int	 abi_minor;
	size_t		 size;
	const char	*name;		/* [a-z0-9_]+, also its config section */
	const char	*version;
	const char	*summary;
	const char *const *needs;	/* NULL-terminated plugin names */
	cfg_opt_t	*options;	/* "plugin NAME { }" options, or NULL */
	/* Registers everything; 0, or -1 with errstr to refuse loading. */
	int		(*init)(struct at_registry *, const char **errstr);
	/* In each worker after fork (database is available), or NULL. */
	int		(*init_process)(struct at_registry *);
	/* ABI 1.1: services needed, ended by a NULL name, or NULL. */
	const struct at_service_need *needs_services;
};

/*
 * Registers a route table ended by a route with a NULL pattern.  Each
 * route's plugin is set to the registering plugin (NULL for a built-in
 * module), whatever the table says.  The macro passes the entry sizes of
 * struct at_route and struct at_field the module is built with (ABI 1.2),
 * so the core reads a table built against older, smaller structs right:
 * members they lack read as zero.  The function at_reg_routes() is the
 * entry point of plugins built for ABI 1.0 and 1.1.
 */
void	 at_reg_routes_sized(struct at_registry *, const struct at_route *,
	    size_t route_size, size_t field_size);
#define at_reg_routes(reg, tab)	at_reg_routes_sized((reg), (tab), \
	    sizeof(struct at_route), sizeof(struct at_field))
void	 (at_reg_routes)(struct at_registry *, const struct at_route *);

/* A navigation item for contacts (AT_CONTACT) or the staff area (AT_STAFF). */
void	 at_reg_nav(struct at_registry *, unsigned int area, const char *label,
	    const char *href, int order);

/*
 * A dashboard card: fn adds a <card name title href> with its data under
 * the given <cards> node (for the contact's client, or for staff).
 * Returns 0, or -1 when the database failed.
 */
typedef int (*at_card_fn)(struct at_req *, xmlNodePtr cards);
void	 at_reg_card(struct at_registry *, unsigned int area, at_card_fn,
	    int order);

/*
 * Subscribes fn to an in-request event ("client.created": data points to
 * the new client's id, a long long).  docs/plugins.md, "In-request
 * events", lists the events, when each is emitted and what data is.
 */
typedef void (*at_event_fn)(struct at_req *, const char *event, void *data);
void	 at_reg_event(struct at_registry *, const char *event, at_event_fn);
/*
 * Calls every subscriber of event from a module in service, in
 * registration order, inside the caller's request; data is valid during
 * the calls only.
 */
void	 at_emit(struct at_req *, const char *event, void *data);

/*
 * Offers a service (a struct of function pointers) to other plugins under
 * name, at version AT_VERSION(major, minor).
 */
void	 at_reg_service(struct at_registry *, const char *name,
	    unsigned int version, const void *ops);
/*
 * The service registered under name by a module in service whose version
 * has min_version's major and a minor at least min_version's (the newest
 * such), or NULL when there is none.
 */
const void *at_service(const char *name, unsigned int min_version);

/*
 * The plugin's own options: its "plugin NAME { }" section read with its
 * own option table (the defaults when the file has none), or NULL when it
 * declares no options.  Each plugin's section is its namespace: another
 * plugin may declare an option of the same name with another type.
 * at_req_config() is the same for the plugin whose route serves req
 * (NULL on a built-in module's route).
 */
cfg_t	*at_reg_config(struct at_registry *);
cfg_t	*at_req_config(const struct at_req *);
/* The plugin being registered (its name), for messages. */
const char *at_reg_name(struct at_registry *);

/* Whether a loaded plugin of that name exists (loaded and initialised). */
int	 at_plugin_loaded(const char *);

/*
 * An atriumctl subcommand a module offers: `atriumctl NAME ARGS...`
 * calls fn with the site's configuration, the arguments from NAME on
 * (argv[0] is NAME) and db, a function that connects to the site's
 * database on first call (it prints why and exits when it cannot), for
 * commands that need it.  fn prints what it has to say and returns the
 * exit status.  usage is one line for `atriumctl help` ("esign init |
 * esign verify FILE.pdf").  A name a built-in command or another module
 * already has is refused with a log line.  Registered from init.
 */
struct at_db;
struct at_site;
typedef int (*at_command_fn)(const struct at_site *, struct at_db *(*db)(void),
	    int argc, char **argv);
void	 at_reg_command(struct at_registry *, const char *name,
	    at_command_fn fn, const char *usage);
/*
 * A request for a command's work through what takes one (a service's
 * create, at_activity, the page model and at_pdf_page): no HTTP behind
 * it (method "CLI", no headers, cookies or form fields), on site and db,
 * acting as user (an active staff member or admin; 0: nobody), with its
 * page model started.  In pool, freed with it; NULL when user is not an
 * active staff member or admin, or the database failed.
 */
struct at_pool;
struct at_req;
struct at_req *at_command_req(const struct at_site *, struct at_db *,
	    struct at_pool *, long long user);
/*
 * In init_process: the worker's database handle, for a module that
 * warms a cache or checks its tables once per worker.  When the database
 * was down as the worker started, calls on it fail (at_db_gone() is
 * true) until a request reconnects it.  NULL in init, which runs once
 * before the workers exist.  The handle is the worker's: do not free it
 * or leave a transaction open.
 */
struct at_db *at_reg_db(struct at_registry *);

AT_API_END

#endif
