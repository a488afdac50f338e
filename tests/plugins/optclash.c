/*
 * A plugin declaring the option "backoff" as a string, which jobstest (a
 * plugin listed before it) declares as an integer: the loader must refuse
 * it by name, and jobstest keeps its own option.
 */
#include <atrium/atrium.h>

static cfg_opt_t optclash_opts[] = {
	CFG_STR("backoff", "never", CFGF_NONE),
	CFG_END()
};

static int
optclash_init(struct at_registry *reg, const char **errstr)
{
	(void)reg;
	(void)errstr;
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "optclash",
	.version = "1.0",
	.options = optclash_opts,
	.init = optclash_init,
};
