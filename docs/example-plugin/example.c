/*
 * The smallest Atrium plugin: one page, GET /example, answering plain
 * text.  Built out of Atrium's tree against the installed library:
 *	cc -shared -fPIC -o example.so example.c \
 *	    $(pkg-config --cflags --libs atrium)
 * (see the Makefile beside it and docs/plugins.md).
 */
#include <string.h>

#include <atrium/atrium.h>

/* GET /example (anyone): a line of text. */
static int
example_page(struct at_req *req)
{
	static const char	 text[] = "Hello from a plugin built out of tree\n";

	return at_send(req, 200, "text/plain; charset=utf-8", text,
	    strlen(text));
}

static const struct at_route example_routes[] = {
	{ AT_GET, "/example", AT_ANON, example_page, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Runs once per process start and reload: registers the page. */
static int
example_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, example_routes);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "example",
	.version = "1.0",
	.summary = "One page, built out of tree",
	.init = example_init,
};
