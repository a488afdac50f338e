/*
 * A route table built against older, smaller structs than the core's: its
 * routes have no plugin member and its fields neither max nor label.  It
 * registers them with those entry sizes, as at_reg_routes() passes the
 * sizes a plugin was built with; the loader must read each entry at its
 * own size (read at the core's, the second route would be garbage) and
 * the missing members as zero.  Its descriptor claims ABI 1.2, as one
 * built against the 1.2 headers does: a newer core must load it.
 * tests/http/check_abi.c calls the routes.
 */
#include <string.h>

#include <atrium/atrium.h>

struct old_field {
	const char	*name;
	at_validator	 valid;
	unsigned int	 flags;
};

struct old_route {
	unsigned int	 methods;
	const char	*pattern;
	unsigned int	 access;
	at_handler	 handler;
	const struct old_field *fields;
};

/* Answers text in the pool as plain text. */
static int
ar_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain", text, strlen(text));
}

/* GET /abiroutes/one: "one". */
static int
ar_one(struct at_req *req)
{
	return ar_text(req, 200, "one\n");
}

/* GET /abiroutes/two/:id: "two ID". */
static int
ar_two(struct at_req *req)
{
	return ar_text(req, 200, at_pprintf(at_req_pool(req), "two %lld\n",
	    at_arg_id(req, "id")));
}

/* POST /abiroutes/form: n (a required integer) and word. */
static int
ar_form(struct at_req *req)
{
	const char	*word;

	if (at_form_errors(req) > 0)
		return ar_text(req, 422, "rejected\n");
	word = at_form(req, "word");
	return ar_text(req, 200, at_pprintf(at_req_pool(req),
	    "n=%s word=%s\n", at_form(req, "n"), word != NULL ? word : ""));
}

static const struct old_field ar_fields[] = {
	{ "n", at_v_int, AT_F_REQUIRED },
	{ "word", at_v_line, 0 },
	{ NULL, NULL, 0 }
};

static const struct old_route ar_routes[] = {
	{ AT_GET, "/abiroutes/one", AT_ANON, ar_one, NULL },
	{ AT_GET, "/abiroutes/two/:id", AT_ANON, ar_two, NULL },
	{ AT_POST, "/abiroutes/form", AT_ANON | AT_NOCSRF, ar_form,
	    ar_fields },
	{ 0, NULL, 0, NULL, NULL }
};

static int
abiroutes_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes_sized(reg, (const struct at_route *)(const void *)
	    ar_routes, sizeof(struct old_route), sizeof(struct old_field));
	return 0;
}

const struct at_plugin atrium_plugin = {
	.abi_major = 1,
	.abi_minor = 2,
	.size = sizeof(struct at_plugin),	/* 1.3 added no field */
	.name = "abiroutes",
	.version = "1.0",
	.init = abiroutes_init,
};
