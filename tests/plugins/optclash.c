/*
 * A plugin declaring options that other plugins declare with other types:
 * "backoff" a string here, an integer in jobstest; "key" a string here,
 * an integer in hello.  Each plugin's section is its own namespace, so
 * all three load and each reads its own values: optclash logs them at
 * init and answers them on GET /optclash (tests/unit/check_config.c sets
 * them, tests/http/check_abi.c reads the defaults over the stack).
 */
#include <string.h>

#include <atrium/atrium.h>

static cfg_opt_t optclash_opts[] = {
	CFG_STR("backoff", "never", CFGF_NONE),
	CFG_STR("key", "none", CFGF_NONE),
	CFG_END()
};

/* GET /optclash (anyone): "key=K backoff=B" from its own options. */
static int
optclash_page(struct at_req *req)
{
	cfg_t		*cfg = at_req_config(req);
	const char	*body;

	if (cfg == NULL)
		return 500;
	body = at_pprintf(at_req_pool(req), "key=%s backoff=%s\n",
	    cfg_getstr(cfg, "key"), cfg_getstr(cfg, "backoff"));
	return at_send(req, 200, "text/plain", body, strlen(body));
}

static const struct at_route optclash_routes[] = {
	{ AT_GET, "/optclash", AT_ANON, optclash_page, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static int
optclash_init(struct at_registry *reg, const char **errstr)
{
	cfg_t	*cfg = at_reg_config(reg);

	if (cfg == NULL) {
		*errstr = "no options";
		return -1;
	}
	log_info("optclash: key=%s backoff=%s", cfg_getstr(cfg, "key"),
	    cfg_getstr(cfg, "backoff"));
	at_reg_routes(reg, optclash_routes);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "optclash",
	.version = "1.0",
	.options = optclash_opts,
	.init = optclash_init,
};
