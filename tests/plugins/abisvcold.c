/*
 * A plugin needing "abitest.echo" 1.3 while abisvcprov offers 1.2: the
 * loader must refuse it by name and the site must run on without it.
 */
#include <atrium/atrium.h>

static int
abisvcold_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

static const struct at_service_need abisvcold_svcs[] = {
	{ "abitest.echo", AT_VERSION(1, 3) },
	{ NULL, 0 }
};

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "abisvcold",
	.version = "1.0",
	.init = abisvcold_init,
	.needs_services = abisvcold_svcs,
};
