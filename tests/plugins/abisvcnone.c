/*
 * A plugin needing a service no module offers: the loader must refuse it
 * by name and the site must run on without it.
 */
#include <atrium/atrium.h>

static int
abisvcnone_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

static const struct at_service_need abisvcnone_svcs[] = {
	{ "abitest.nosuch", AT_VERSION(1, 0) },
	{ NULL, 0 }
};

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "abisvcnone",
	.version = "1.0",
	.init = abisvcnone_init,
	.needs_services = abisvcnone_svcs,
};
