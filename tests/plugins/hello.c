/*
 * The example plugin of docs/plugins.md: a page, a navigation item and a
 * dashboard card for client contacts.  The test suite builds and loads it.
 */
#include <atrium/atrium.h>

/* GET /hello (signed in): <greeting>name</greeting>. */
static int
hello_page(struct at_req *req)
{
	at_page_id(req, "hello");
	at_page_title(req, "Hello");
	at_x(at_page_content(req), "greeting", at_user_name(at_req_user(req)));
	return 200;
}

/*
 * GET /hello/broken (signed in): names a page no skin draws, so the core
 * answers its clean 500 page with an incident id (the tests use it).
 */
static int
hello_broken(struct at_req *req)
{
	at_page_id(req, "no-such-page");
	return 200;
}

static const struct at_route hello_routes[] = {
	{ AT_GET, "/hello", AT_USER, hello_page, NULL, NULL },
	{ AT_GET, "/hello/broken", AT_USER, hello_broken, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* A card with a count and a link. */
static int
hello_card(struct at_req *req, xmlNodePtr cards)
{
	xmlNodePtr	 card;

	(void)req;
	card = at_x(cards, "card", NULL);
	at_xa(card, "name", "hello");
	at_xa(card, "title", "Hello card");
	at_xa(card, "href", "/hello");
	at_x(card, "count", "1");
	return 0;
}

/*
 * Its own option "key", an integer (optclash's "key" is a string: each
 * plugin's section is its own namespace).
 */
static cfg_opt_t hello_opts[] = {
	CFG_INT("key", 42, CFGF_NONE),
	CFG_END()
};

static int
hello_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	log_info("hello: key=%ld", cfg_getint(at_reg_config(reg), "key"));
	at_reg_routes(reg, hello_routes);
	at_reg_nav(reg, AT_CONTACT, "Hello", "/hello", 90);
	at_reg_card(reg, AT_CONTACT, hello_card, 90);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "hello",
	.version = "1.0",
	.summary = "Says hello",
	.options = hello_opts,
	.init = hello_init,
};
