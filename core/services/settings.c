/*
 * Per-client settings of a plugin (include/atrium/settings.h), in the
 * client_settings table (install/schema/core/008_client_settings.sql).
 */
#include "config.h"

#include <string.h>

#include "core.h"
#include <atrium/settings.h>

/* Whether s is 1 to 64 bytes of [a-z0-9_] (and of extra, if any). */
static int
setting_name(const char *s, const char *extra)
{
	size_t	 n;

	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_' || (extra != NULL &&
		    strchr(extra, s[n]) != NULL)))
			return 0;
	return 1;
}

/* Whether plugin, client and key name a setting; logs when not. */
static int
setting_ok(const char *fn, const char *plugin, long long client,
    const char *key)
{
	if (setting_name(plugin, NULL) && client > 0 &&
	    setting_name(key, ".-"))
		return 1;
	log_warn("%s: bad setting name (plugin %s, client %lld, key %s)", fn,
	    plugin != NULL ? plugin : "(null)", client, key != NULL ? key :
	    "(null)");
	return 0;
}

/* Whether s is valid UTF-8 without NUL (at_utf8_char rejects bad forms). */
static int
setting_utf8(const char *s)
{
	unsigned int	 cp;
	size_t		 n;

	for (; *s != '\0'; s += n)
		if ((n = at_utf8_char(s, &cp)) == 0)
			return 0;
	return 1;
}

/* See include/atrium/settings.h. */
int
at_client_setting_get(struct at_db *db, struct at_pool *pool,
    const char *plugin, long long client, const char *key,
    const char **value)
{
	struct at_rows	*r;

	*value = NULL;
	if (!setting_ok(__func__, plugin, client, key))
		return -1;
	r = at_db_select(db, pool, "SELECT value FROM client_settings WHERE "
	    "client_id = ? AND plugin = ? AND name = ?", "Iss", client, plugin,
	    key);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 1;
	*value = at_row(r, 0, "value");
	return 0;
}

/* See include/atrium/settings.h. */
int
at_client_setting_set(struct at_db *db, const char *plugin, long long client,
    const char *key, const char *value)
{
	if (!setting_ok(__func__, plugin, client, key))
		return -1;
	if (value == NULL)
		return at_db_exec(db, "DELETE FROM client_settings WHERE "
		    "client_id = ? AND plugin = ? AND name = ?", "Iss", client,
		    plugin, key) == -1 ? -1 : 0;
	if (strlen(value) > AT_SETTING_MAX || !setting_utf8(value)) {
		log_warn("%s: %s.%s: value too long or not UTF-8", __func__,
		    plugin, key);
		return -1;
	}
	return at_db_exec(db, "INSERT INTO client_settings (client_id, "
	    "plugin, name, value, updated_at) VALUES (?, ?, ?, ?, "
	    "UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE value = VALUES(value), "
	    "updated_at = VALUES(updated_at)", "Isss", client, plugin, key,
	    value) == -1 ? -1 : 0;
}
