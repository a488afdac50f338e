/*
 * A plugin needing "abitest.echo" 1.1, which abisvcprov offers at 1.2,
 * and naming abisvcprov in its needs: it loads, and its init logs what at_service answers for a few minimum
 * versions (the tests read that line).  Its route claims to be hello's
 * (.plugin = "hello"): the registry must overwrite that with abisvcuser,
 * which no client has switched on.
 */
#include <atrium/atrium.h>

#include "abisvc.h"

/* "found" when at_service gives the echo service for min, else "none". */
static const char *
lookup(unsigned int min)
{
	const struct abitest_echo *e;

	e = at_service("abitest.echo", min);
	return e != NULL && e->say != NULL ? e->say() : "none";
}

/* GET /abisvcuser (signed in, abisvcuser on): a redirect home. */
static int
abisvcuser_page(struct at_req *req)
{
	return at_redirect(req, "/");
}

static const struct at_route abisvcuser_routes[] = {
	{ AT_GET, "/abisvcuser", AT_USER, abisvcuser_page, NULL, "hello" },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static int
abisvcuser_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, abisvcuser_routes);
	log_info("abisvcuser: abitest.echo 1.0: %s; 1.2: %s; 1.3: %s; "
	    "2.0: %s; abitest.nosuch 1.0: %s", lookup(AT_VERSION(1, 0)),
	    lookup(AT_VERSION(1, 2)), lookup(AT_VERSION(1, 3)),
	    lookup(AT_VERSION(2, 0)),
	    at_service("abitest.nosuch", AT_VERSION(1, 0)) != NULL ? "found" :
	    "none");
	return 0;
}

static const struct at_service_need abisvcuser_svcs[] = {
	{ "abitest.echo", AT_VERSION(1, 1) },
	{ NULL, 0 }
};

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "abisvcuser",
	.version = "1.0",
	.needs = (const char *const[]){ "abisvcprov", NULL },
	.init = abisvcuser_init,
	.needs_services = abisvcuser_svcs,
};
