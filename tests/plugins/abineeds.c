/*
 * A plugin that needs a plugin the site does not load: the loader must
 * refuse it by name and the site must run on without it.
 */
#include <atrium/atrium.h>

static int
abineeds_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "abineeds",
	.version = "1.0",
	.needs = (const char *const[]){ "abinosuch", NULL },
	.init = abineeds_init,
};
