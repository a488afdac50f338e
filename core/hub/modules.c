/*
 * The built-in modules the registry loads before any plugin.  They have
 * the same shape as plugins; moving one out to plugins/ is a move.
 */
#include "config.h"

#include "core.h"
#include "hub/hub.h"

extern const struct at_plugin at_mod_dashboard;
extern const struct at_plugin at_mod_clients;

const struct at_plugin *const at_builtin_modules[] = {
	&at_mod_auth,
	&at_mod_dashboard,
	&at_mod_clients,
	NULL
};
