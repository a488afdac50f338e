/*
 * The built-in modules the registry loads before any plugin.  They have
 * the same shape as plugins; moving one out to plugins/ is a move.
 */
#include "config.h"

#include "core.h"
#include "hub/hub.h"

extern const struct at_plugin at_mod_dashboard;
extern const struct at_plugin at_mod_clients;
extern const struct at_plugin at_mod_projects;
extern const struct at_plugin at_mod_updates;
extern const struct at_plugin at_mod_files;
extern const struct at_plugin at_mod_approvals;
extern const struct at_plugin at_mod_decisions;
extern const struct at_plugin at_mod_activity;
extern const struct at_plugin at_mod_search;

const struct at_plugin *const at_builtin_modules[] = {
	&at_mod_auth,
	&at_mod_dashboard,
	&at_mod_clients,
	&at_mod_projects,
	&at_mod_updates,
	&at_mod_files,
	&at_mod_approvals,
	&at_mod_decisions,
	&at_mod_activity,
	&at_mod_search,
	NULL
};
