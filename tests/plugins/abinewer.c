/*
 * A plugin built for a newer ABI minor than the core's: the loader must
 * refuse it by name and the site must run on without it.
 */
#include <atrium/atrium.h>

static int
abinewer_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

const struct at_plugin atrium_plugin = {
	.abi_major = AT_ABI_MAJOR,
	.abi_minor = AT_ABI_MINOR + 1,
	.size = sizeof(struct at_plugin),
	.name = "abinewer",
	.version = "1.0",
	.init = abinewer_init,
};
