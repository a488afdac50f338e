/*
 * A plugin that calls the core's multipart parser and its migrations:
 * before the core was a shared library, the atrium program did not export
 * at_migrate*() and atriumctl did not export at_parse_multipart(), so
 * atriumctl refused this plugin and with it the whole config.  Both
 * programs must now load it; its page proves the calls work.  Its
 * init_process asks the worker's database handle a question, and the
 * page tells the answer: init_process gets the database.
 */
#include <string.h>

#include <atrium/atrium.h>

/* What the database answered this worker's init_process; -1: nothing. */
static long long	 sym_process_db = -1;

/* A body held in memory, read through an at_reader. */
struct sym_body {
	const char	*p;
	size_t		 left;
};

/* Copies up to n bytes of the body into buf; returns the count. */
static long
sym_read(void *arg, char *buf, size_t n)
{
	struct sym_body	*b = arg;

	if (n > b->left)
		n = b->left;
	memcpy(buf, b->p, n);
	b->p += n;
	b->left -= n;
	return (long)n;
}

/*
 * GET /symbols (anyone): parses a fixed multipart body and asks for the
 * migrations of a component without a schema; answers what both said as
 * text ("field=... status=... migrate=... process_db=42").
 */
static int
symbols_page(struct at_req *req)
{
	static const char	 body[] = "--b0undary\r\n"
	    "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
	    "parsed by the core\r\n--b0undary--\r\n";
	struct sym_body		 b = { body, sizeof(body) - 1 };
	struct at_param		*params = NULL;
	const struct at_param	*p;
	const char		*err = NULL, *text;
	int			 rc, status, migrate;

	rc = at_parse_multipart(at_req_pool(req),
	    "multipart/form-data; boundary=b0undary", sym_read, &b,
	    at_site_limits(at_req_site(req)), at_site_tmpdir(at_req_site(req)),
	    &params, &err);
	if (rc != 0 || (p = at_param_find(params, "field")) == NULL)
		return 500;
	/* No such folder: no schema, so no database is asked. */
	status = at_migrate_status(at_req_db(req), "symbols",
	    "/nonexistent/schema",
	    NULL, NULL, &err);
	migrate = at_migrate(at_req_db(req), "symbols", "/nonexistent/schema",
	    1,
	    NULL, NULL, &err);
	text = at_pprintf(at_req_pool(req), "field=%s status=%d migrate=%d "
	    "process_db=%lld\n", p->value, status, migrate, sym_process_db);
	return at_send(req, 200, "text/plain; charset=utf-8", text,
	    strlen(text));
}

static const struct at_route symbols_routes[] = {
	{ AT_GET, "/symbols", AT_ANON, symbols_page, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the page. */
static int
symbols_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, symbols_routes);
	return 0;
}

/*
 * In each worker: asks the worker's database handle for 6 * 7 and keeps
 * the answer for the page.  -1 when there is no handle or no answer.
 */
static int
symbols_init_process(struct at_registry *reg)
{
	struct at_db	*db = at_reg_db(reg);
	struct at_pool	*pool;
	struct at_rows	*r;

	if (db == NULL || (pool = at_pool_new()) == NULL)
		return -1;
	r = at_db_select(db, pool, "SELECT 6 * ? AS n", "I", 7LL);
	if (r != NULL && r->n == 1)
		sym_process_db = at_row_int(r, 0, "n", -1);
	at_pool_free(pool);
	return sym_process_db == 42 ? 0 : -1;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "symbols",
	.version = "1.0",
	.summary = "Calls the core's parser and migrations",
	.init = symbols_init,
	.init_process = symbols_init_process,
};
