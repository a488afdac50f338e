/*
 * An Atrium plugin built out of Atrium's tree against the installed
 * library, using each kind of extension a plugin has:
 *	cc -shared -fPIC -o example.so example.c \
 *	    $(pkg-config --cflags --libs atrium)
 * (see the Makefile beside it and docs/plugins.md).
 *
 *	GET /example		a page (anyone): a line of text
 *	POST /example/ping	a raw-body route for machine callers: the body
 *				"client=ID" publishes the durable event
 *				example.ping
 *	example.pinged		a durable subscriber of example.ping: keeps
 *				the event's id as the client's "last-ping"
 *				setting (per-client settings service)
 *	example.tick		a scheduled job, run by `atriumctl jobs run`
 *	project section		"Example" on the team's project pages
 *	dashboard card		"Example" on the team's dashboard
 */
#include <stdlib.h>
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

/*
 * POST /example/ping (machine callers, raw body "client=ID"): publishes
 * example.ping with that payload and answers 202, or 400 for a body that
 * is not a valid payload.
 */
static int
example_ping(struct at_req *req)
{
	static const char	 ok[] = "queued\n", bad[] = "bad payload\n";
	const char		*body;
	size_t			 len;

	body = at_raw_body(req, &len);
	if (body == NULL || len == 0 || at_payload_check(body) == -1 ||
	    at_payload_get(at_req_pool(req), body, "client") == NULL)
		return at_send(req, 400, "text/plain; charset=utf-8", bad,
		    strlen(bad));
	if (at_publish(at_req_db(req), "example.ping", body) == -1)
		return 500;
	return at_send(req, 202, "text/plain; charset=utf-8", ok,
	    strlen(ok));
}

/*
 * The durable subscriber of example.ping: records the event id as the
 * client's "last-ping".  Returns -1 (tried again later) when it cannot.
 */
static int
example_pinged(struct at_job_ctx *ctx, long long event_id,
    const char *event, const char *payload, const char **errstr)
{
	const char	*client;
	char		*end;
	long long	 id;

	(void)event;
	client = at_payload_get(ctx->pool, payload, "client");
	id = client != NULL ? strtoll(client, &end, 10) : 0;
	if (client == NULL || *end != '\0' || id <= 0) {
		*errstr = "no client in the payload";
		return -1;
	}
	if (at_client_setting_set(ctx->db, "example", id, "last-ping",
	    at_pprintf(ctx->pool, "%lld", event_id)) == -1) {
		*errstr = "could not keep the client's last ping";
		return -1;
	}
	return 0;
}

/* The job example.tick: nothing to do but be run (jobs list shows it). */
static int
example_tick(struct at_job_ctx *ctx, const char **errstr)
{
	(void)ctx;
	(void)errstr;
	return 0;
}

/* The "Example" section of a project page (team only). */
static int
example_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	xmlNodePtr	 s;

	s = at_x_section(parent, "example", "Example",
	    "Nothing from the example plugin");
	at_x_section_item(s, at_pprintf(at_req_pool(req),
	    "Example plugin on project %lld", project), NULL, NULL);
	return 0;
}

/* The "Example" card of the team's dashboard. */
static int
example_card(struct at_req *req, xmlNodePtr cards)
{
	xmlNodePtr	 c;

	(void)req;
	c = at_x(cards, "card", NULL);
	at_xa(c, "name", "example");
	at_xa(c, "title", "Example");
	at_xa(c, "href", "/example");
	at_x(c, "item", "Shown by a plugin built out of tree");
	return 0;
}

static const struct at_route example_routes[] = {
	{ AT_GET, "/example", AT_ANON, example_page, NULL, NULL },
	{ AT_POST, "/example/ping", AT_ANON | AT_RAW, example_ping, NULL,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_section example_sect = {
	.size = AT_EXT_SIZE(at_section),
	.name = "example",
	.area = AT_STAFF,
	.order = 80,
	.fn = example_section,
};

/* Runs once per process start and reload: registers everything. */
static int
example_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, example_routes);
	at_reg_section(reg, &example_sect);
	at_reg_card(reg, AT_STAFF, example_card, 90);
	at_reg_job(reg, "tick", 3600, example_tick);
	at_reg_subscriber(reg, "pinged", "example.ping", example_pinged, 1,
	    5);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "example",
	.version = "1.1",
	.summary = "Every kind of extension, built out of tree",
	.init = example_init,
};
