/*
 * The built-in modules the registry loads before any plugin (they have
 * the same shape as plugins; moving one out to plugins/ is a move), and
 * the small helpers they share.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "hub/hub.h"
#include "plugin/jobs.h"
#include "notify/notify.h"

extern const struct at_plugin at_mod_dashboard;
extern const struct at_plugin at_mod_clients;
extern const struct at_plugin at_mod_projects;
extern const struct at_plugin at_mod_updates;
extern const struct at_plugin at_mod_files;
extern const struct at_plugin at_mod_approvals;
extern const struct at_plugin at_mod_decisions;
extern const struct at_plugin at_mod_activity;
extern const struct at_plugin at_mod_search;
extern const struct at_plugin at_mod_branding;
extern const struct at_plugin at_mod_previews;
extern const struct at_plugin at_mod_charts;
extern const struct at_plugin at_mod_messages;
extern const struct at_plugin at_mod_reports;
extern const struct at_plugin at_mod_calendar;
extern const struct at_plugin at_mod_team;
extern const struct at_plugin at_mod_changes;

const struct at_plugin *const at_builtin_modules[] = {
	&at_mod_auth,
	&at_mod_mail,
	&at_mod_events,
	&at_mod_dashboard,
	&at_mod_clients,
	&at_mod_projects,
	&at_mod_updates,
	&at_mod_files,
	&at_mod_approvals,
	&at_mod_decisions,
	&at_mod_activity,
	&at_mod_search,
	&at_mod_notify,
	&at_mod_account,
	&at_mod_branding,
	&at_mod_previews,
	&at_mod_charts,
	&at_mod_messages,
	&at_mod_reports,
	&at_mod_calendar,
	&at_mod_team,
	&at_mod_changes,
	NULL
};

/* See hub/hub.h. */
int
hub_ticked(struct at_req *req, const char *name)
{
	const char	*v = at_form(req, name);

	return v != NULL && strcmp(v, "1") == 0;
}

/* See hub/hub.h. */
int
hub_one_of(const char *s, const char *const *set)
{
	for (; s != NULL && *set != NULL; set++)
		if (strcmp(*set, s) == 0)
			return 1;
	return 0;
}

/* See hub/hub.h. */
const char *
hub_like(struct at_pool *pool, const char *q)
{
	char	*out, *o;

	if (q == NULL)
		return "";
	o = out = at_palloc(pool, strlen(q) * 2 + 1);
	for (; *q != '\0'; q++) {
		if (*q == '\\' || *q == '%' || *q == '_')
			*o++ = '\\';
		*o++ = *q;
	}
	*o = '\0';
	return out;
}
