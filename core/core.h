/*
 * Interfaces private to the core: the request's life, the registry as the
 * router and the view see it, the view's and auth's entry points.  Modules
 * and plugins never include this file.
 */
#ifndef ATRIUM_CORE_H
#define ATRIUM_CORE_H

#include <stdio.h>

#include <atrium/atrium.h>

/* ---- http/ (request.c, response.c) ---- */

/*
 * Reads the FastCGI parameters of fcgx (an FCGX_Request *) into req:
 * method, path, query, headers, cookies, query parameters.  The body is not
 * read.  Returns 0, or 400/413 for malformed or oversize input.
 */
int	 at_req_head(struct at_req *, void *fcgx);
/*
 * Reads and parses the body by its content type (urlencoded or multipart,
 * uploads streamed to site->tmpdir) within site->limits.  Returns 0 or
 * 400/413/415/500 with *errstr set to a message fit for the client.
 */
int	 at_req_body(struct at_req *, const char **errstr);
/*
 * Writes the response: status line, the security headers (every response,
 * error pages included), req->resp.headers, then body (len bytes of ctype)
 * or, when req->resp.file is set, that file streamed as an attachment.
 * HEAD gets headers only.
 */
void	 at_resp_write(struct at_req *, const char *ctype, const void *body,
	    size_t len);
/*
 * The header block at_resp_write() sends (status line to the blank line,
 * Content-Length clen), in the pool; extra is more CRLF-ended lines or NULL.
 */
char	*at_resp_head(struct at_req *, const char *ctype, long long clen,
	    const char *extra);
/*
 * 1 when to is a path on this site a redirect may follow: one '/' then a
 * character other than '/' or '\', and no control character or white
 * space (bytes up to 0x20, and 0x7f) anywhere.  The one check of every
 * redirect.
 */
int	 at_path_is_local(const char *to);
/*
 * s as valid UTF-8 (each bad byte replaced by U+FFFD) cut to at most
 * maxchars characters, in the pool.
 */
char	*at_utf8_clean(struct at_pool *, const char *s, size_t maxchars);

/* ---- auth/ ---- */

/* One of the site's Argon2 slots (a descriptor), or -1 when all are busy. */
int	 at_argon2_acquire(const struct at_site *);
void	 at_argon2_release(int);

/* ---- plugin/ (registry.c, loader.c) ---- */

struct at_card {
	unsigned int	 area;
	at_card_fn	 fn;
	int		 order;
	const char	*plugin;
};
struct at_nav {
	unsigned int	 area;
	const char	*label;
	const char	*href;
	int		 order;
	const char	*plugin;
};

/*
 * Opens the plugins site lists (dlopen, ABI check; refused ones are logged
 * and left out), closing what an earlier call opened.  Called by the
 * config reader, which then reads each opened plugin's "plugin NAME { }"
 * section with its own option table; at_registry_init() later initialises
 * the accepted ones.
 */
void	 at_plugins_open(const struct at_site *);
/*
 * 1 when plugin name was opened (*opts: its option table, or NULL when
 * it has none), else 0.
 */
int	 at_plugin_opened(const char *name, cfg_opt_t **opts);
/*
 * Plugin name's own options (its section read with its own table), or
 * NULL when it is not opened.  The registry hands each plugin its own
 * (at_reg_config, at_req_config).
 */
AT_API cfg_t	*at_config_plugin(const struct at_site *, const char *name);
/*
 * Registers the modules of builtin (a NULL-terminated list; NULL: none),
 * then initialises the opened plugins.  The core knows no module by name:
 * the program hands in its own (atrium and atriumctl pass the hub's
 * at_builtin_modules).  0, or -1 when a built-in module's init failed.
 */
AT_API int	 at_registry_init(const struct at_site *,
	    const struct at_plugin *const *builtin);
/*
 * Runs every module's init_process in this worker; db is the worker's
 * database handle, which at_reg_db() hands them.
 */
AT_API void	 at_registry_init_process(struct at_db *db);
void	 at_registry_free(void);
/*
 * Finds the route for method and path, filling req->route and req->args.
 * Returns 0, 404 (no path matches) or 405 (path matches, method does not;
 * *allow gets the Allow header value).
 */
int	 at_route_match(struct at_req *, const char **allow);
/* Navigation items and cards for req's caller, in order. */
size_t	 at_registry_nav(const struct at_nav ***);
size_t	 at_registry_cards(const struct at_card ***);
/* Names of the loaded plugins (not built-in modules). */
size_t	 at_registry_plugins(const struct at_plugin ***);

/* The plugin being registered, or NULL for a built-in module. */
const char *at_reg_plugin(struct at_registry *);
/*
 * Whether the caller may see an item of area (AT_CONTACT, AT_STAFF,
 * AT_ADMIN bits) registered by plugin (NULL: built in, always on).
 */
int	 at_reg_visible(const struct at_req *, unsigned int area,
	    const char *plugin);
/* extend.c: drops module mod's extensions; drops them all. */
void	 at_ext_unregister(const char *mod);
void	 at_ext_free(void);
void	 at_ext_drop_last(void);
/*
 * extend.c: the registered navigation counts in registration order
 * (*out and *plugins, each entry's plugin or NULL when built in, static
 * until the next call) and *gen, the registrations' generation then.
 */
#define AT_NAVCOUNT_MAX		32	/* navigation counts at most */
#define AT_NAVCOUNT_SQL_MAX	2000	/* bytes of one count's SQL */
size_t	 at_nav_counts(const struct at_nav_count *const **out,
	    const char *const **plugins, unsigned int *gen);
/*
 * extend.c: from now on (the workers started: at_registry_init_process)
 * a page part registration is refused; at_ext_free() forgets it.
 */
void	 at_ext_start(void);
/*
 * extend.c: runs the fill of every page part (at_reg_page_part) in
 * registration order as the page model of req starts (page.c), with its
 * <brand> and <nav>.
 */
void	 at_page_parts_fill(struct at_req *, xmlNodePtr brand, xmlNodePtr nav);
/* extend.c: moves on whenever an extension is added or dropped. */
unsigned int at_ext_gen(void);
/* extend.c: whether area is 1 to 32 of [a-z0-9_.-]. */
int	 at_area_name_ok(const char *area);
/*
 * extend.c: the atriumctl subcommand name a module registered
 * (at_reg_command), or NULL; at_commands_usage() prints each one's
 * usage line to fp.
 */
AT_API at_command_fn at_command_find(const char *name);
AT_API void	 at_commands_usage(FILE *fp);
/*
 * Runs every calendar source the caller may see for q and returns their
 * events in *out (pool), sorted by start, dropping those outside q's
 * dates.  0 or -1 (a source's database error).
 */
int	 at_cal_fill(struct at_req *, const struct at_cal_query *q,
	    struct at_cal_event **out, size_t *n);

/* Fills <nav> with the items the caller may see (view calls it). */
void	 at_nav_fill(struct at_req *, xmlNodePtr);
/* Calls every card fn the caller may see under <cards>. */
int	 at_cards_fill(struct at_req *, xmlNodePtr);

/* ---- view/ (page.c, render.c) ---- */

/* Per process: security prefs, the skin's folder; 0 or -1 (logged). */
AT_API int	 at_view_init(const struct at_site *);
/* Drops every compiled stylesheet (on reload). */
AT_API void	 at_view_free(void);
/* Starts req->page: the root with site, brand, user, csrf and flash. */
void	 at_page_new(struct at_req *);
/*
 * Transforms req->page with the page's stylesheet (compiled once per
 * process) into *out (pool memory).  With req->want_xml, the model itself.
 * Returns 0, or -1 (logged) when the page has no stylesheet or it fails.
 */
int	 at_view_render(struct at_req *, const char **ctype, char **out,
	    size_t *len);
/* Replaces the page with the error page for status and message. */
void	 at_view_error(struct at_req *, int status, const char *msg,
	    const char *incident);
/*
 * Keeps a flash message set during this request only when the response
 * is a redirect (else it was shown on this page and must not show again).
 */
void	 at_flash_settle(struct at_req *);
/* The page model's document (NULL before at_page_new). */
xmlDocPtr at_page_doc(struct at_req *);
/*
 * Stands for a copy of src (a node list kept across requests) at the end
 * of parent without copying it: a placeholder element whose attribute is
 * digest (n bytes, at_view_digest() of src), walked by the page's key
 * like any node.  The copy is made only when the page is really drawn
 * (its HTML is not kept, the model itself is asked for, or before src
 * may change: at_view_expand()).  src must live until then.
 */
void	 at_view_defer(xmlNodePtr parent, xmlNodePtr src,
	    const unsigned char *digest, size_t n);
/* Makes the copies at_view_defer() put off, now. */
void	 at_view_expand(void);
/* Forgets the put-off copies (their placeholders are gone). */
void	 at_view_defer_reset(void);
/* The digest (n bytes, up to 64) of a node list as pages are keyed. */
void	 at_view_digest(xmlNodePtr list, unsigned char *out, size_t n);
/*
 * Applies the skin's stylesheet kind/id.xsl (kind "pages" or "pdf";
 * compiled once per process, under the view's security preferences) to
 * doc.  Returns the result document (caller frees with xmlFreeDoc), or
 * NULL (logged) when there is no such stylesheet or it fails.
 */
xmlDocPtr at_view_transform(const char *kind, const char *id, xmlDocPtr);
/* Registers the xsl/ folder where plugin name keeps its default pages. */
void	 at_view_plugin_dir(const char *name, const char *dir);

/* ---- auth/ (session.c, csrf.c) ---- */

/*
 * Looks up the session cookie and loads req->user (with the client's
 * enabled plugins) in one round trip; expires idle and old sessions; sets
 * req->csrf (the session's token, or a pre-session token in a cookie for
 * anonymous forms).  Returns 0, or -1 when the database failed.
 */
int	 at_session_load(struct at_req *);
/*
 * The caller's data version read with the session this request (the
 * client's for a contact, the sum over clients for staff; see
 * at_data_changed), or -1 when no session was loaded.
 */
long long at_session_data_version(void);
/*
 * The caller's unread notifications read with the session this request,
 * or -1 when not known (no session).
 */
long long at_session_bell(void);
/*
 * The caller's "seen" markers of the lists (last_visits, as one string)
 * read with the session this request, or NULL when not known.  Static
 * storage, good until the next request.
 */
const char *at_session_marks(void);
/* 0 when the request carries the right CSRF token in field "csrf". */
int	 at_csrf_check(struct at_req *);

/* ---- last-visit markers (services/seen.c) ---- */

/*
 * The caller's baseline before their first visit to a list: their
 * previous sign-in, or "1000-01-01".  Not to be freed.  (at_seen_since
 * and at_seen_mark, include/atrium/extend.h, are the markers.)
 */
const char *at_seen_base(struct at_req *);

/* ---- router.c ---- */

/*
 * Validates req->form against req->route->fields: a value that fails is
 * rejected (at_form() no longer returns it; the message is on the param
 * for the page).  A declared field sent twice, a file part under a text
 * field's name or a checkbox with a value no page sends is a malformed
 * request: returns 400 with *errstr set; else 0.
 */
int	 at_fields_check(struct at_req *, const char **errstr);

/* ---- built-in modules (core/auth, core/hub) ---- */
/* Registers the staff account pages (auth/users.c) into the auth module. */
void	 at_users_register(struct at_registry *);
extern const struct at_plugin at_mod_auth;

/* ---- deployment (db/migrate.c, config.c) for atrium and atriumctl ---- */

/*
 * How many migrations of the core, the hub and the site's plugins are not
 * applied yet (all of them on an empty database), *required (if not NULL)
 * how many of those the program needs (not marked "-- optional:"); -1
 * with errstr (static) when that cannot be told.
 */
AT_API int	 at_migrate_pending(struct at_db *, const struct at_site *,
		    int *required, const char **errstr);
/* The highest migration number in a schema folder: 0 if none, -1 error. */
AT_API int	 at_migrate_latest(const char *dir);
/* The core's option table (static; not to be freed or changed). */
AT_API cfg_opt_t *at_config_table(void);
/*
 * How an option's value is written: "size", "duration", "mode", "count"
 * or NULL for a plain value.
 */
AT_API const char *at_config_opt_kind(const cfg_opt_t *);
/* ---- the activity log (activity/activity.c) ---- */
/* Registers the log's service and seal job (the activity module's init). */
void	 at_activity_register(struct at_registry *);
/* Forgets a failed write; whether at_activity failed since. */
void	 at_activity_reset(void);
int	 at_activity_failed(void);

/* ---- kept pages (core/view/kept.c) ---- */

/*
 * The key a page of the caller is kept under in the worker (page names
 * the page, e.g. "home", "p12"): the caller, their data version read
 * with the session, today, the session's form token and the client's
 * plugins.  Into key (size n); 0 when the page cannot be kept (no data
 * version, or the key does not fit).
 */
int	 at_kept_key(struct at_req *, const char *page, char *key, size_t n);
/*
 * Copies the page kept under key under content and returns its title
 * (in the pool; "" when kept without one), or NULL when none is kept
 * (or it is older than a minute).
 */
const char *at_kept_page_get(struct at_req *, const char *key, xmlNodePtr content);
/* Keeps a copy of content's children and title under key. */
void	 at_kept_page_put(const char *key, const char *title, xmlNodePtr content);
/*
 * at_kept_key() for a list that marks what is new to the caller: the
 * key also holds the caller's "seen" markers read with the session, so
 * a visit that moves one draws the list again.  0 when it cannot be kept.
 */
int	 at_kept_list_key(struct at_req *, const char *page, char *key,
	    size_t n);

/* ---- file sources (files/sources.c) ---- */

/*
 * The item types of the file sources the caller may see, comma
 * separated for FIND_IN_SET ("" for none), in the pool.
 */
const char	*at_file_source_types(struct at_req *);
/* The source of item_type the caller may see, or NULL. */
const struct at_file_source *at_file_source_for(struct at_req *,
		    const char *item_type);
/* The label of item_type's source (for every caller), or NULL. */
const char	*at_file_source_label(const char *item_type);

/* Today's date in the site's zone (clock.c), "YYYY-MM-DD", in pool. */
const char	*at_today(struct at_pool *);

#endif
