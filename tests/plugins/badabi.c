/*
 * A plugin built for another ABI: the loader must refuse it by name and
 * the site must run on without it.
 */
#include <atrium/atrium.h>

static int
badabi_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

const struct at_plugin atrium_plugin = {
	.abi_major = 99,
	.abi_minor = 0,
	.size = sizeof(struct at_plugin),
	.name = "badabi",
	.version = "1.0",
	.init = badabi_init,
};
