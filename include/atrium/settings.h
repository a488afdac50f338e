/*
 * Per-client settings of a plugin: a plugin keeps a value per client and
 * key ("payments", client 3, "currency" = "EUR") in the core's
 * client_settings table instead of a table of its own.  Names are the
 * plugin's name ([a-z0-9_], 1 to 64 bytes) and a key ([a-z0-9_.-], 1 to
 * 64 bytes); a value is UTF-8 text of at most AT_SETTING_MAX bytes.  A
 * client's settings go when the client is deleted.
 */
#ifndef ATRIUM_SETTINGS_H
#define ATRIUM_SETTINGS_H

#include <atrium/api.h>

AT_API_BEGIN

struct at_db;
struct at_pool;

/* The interface's version: AT_VERSION(1, 0). */
#define AT_SETTINGS_VERSION	0x00010000u

/* Longest value, in bytes. */
#define AT_SETTING_MAX		65535

/*
 * The value of setting key of plugin for client into *value (in the
 * pool).  Returns 0, 1 when it is not set (*value NULL), -1 on a bad
 * name or a database error (logged).
 */
int	 at_client_setting_get(struct at_db *, struct at_pool *,
	    const char *plugin, long long client, const char *key,
	    const char **value);

/*
 * Sets (value not NULL) or removes (value NULL) setting key of plugin
 * for client.  Returns 0, or -1 on a bad name, a value too long or not
 * UTF-8, a client that does not exist, or a database error (logged).
 */
int	 at_client_setting_set(struct at_db *, const char *plugin,
	    long long client, const char *key, const char *value);

AT_API_END

#endif
