/*
 * Offers the service "abitest.echo" at version 1.2.  Its descriptor is an
 * ABI 1.0 one (without needs_services): a plugin of an older minor loads.
 */
#include <stddef.h>

#include <atrium/atrium.h>

#include "abisvc.h"

static const char *
echo_say(void)
{
	return "echo 1.2";
}

static const struct abitest_echo echo_ops = { echo_say };

static int
abisvcprov_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_service(reg, "abitest.echo", AT_VERSION(1, 2), &echo_ops);
	return 0;
}

const struct at_plugin atrium_plugin = {
	.abi_major = AT_ABI_MAJOR,
	.abi_minor = 0,
	.size = offsetof(struct at_plugin, needs_services),
	.name = "abisvcprov",
	.version = "1.0",
	.init = abisvcprov_init,
};
