/*
 * A plugin claiming the core's ABI minor with a descriptor smaller than
 * that minor's (the 1.0 size under 1.1): the loader must refuse it.
 */
#include <stddef.h>

#include <atrium/atrium.h>

static int
abismall_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

const struct at_plugin atrium_plugin = {
	.abi_major = AT_ABI_MAJOR,
	.abi_minor = 1,
	.size = offsetof(struct at_plugin, needs_services),
	.name = "abismall",
	.version = "1.0",
	.init = abismall_init,
};
