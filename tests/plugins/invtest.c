/*
 * A plugin that bills through the invoicing service of the payments
 * plugin (include/atrium/invoicing.h), as contracts or cases would; for
 * tests/http/check_payments.c:
 *
 *	POST /invtest/issue		staff: fields client, project, origin,
 *					ref, desc, qty (thousandths), unit
 *					(minor units), tax (a name; empty:
 *					none), lines (how many such lines,
 *					default 1), notes.  Issues in one
 *					transaction and answers
 *					"rc=R id=ID number=N err=E".
 *	GET /invtest/summary/:id	contacts and staff: the service's
 *					summary, "rc=R number=N state=S
 *					total=T".
 *
 * Both answer 503 "no invoicing service" when payments is not loaded.
 */
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/invoicing.h>

/* Answers a short text. */
static int
it_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain; charset=utf-8", text,
	    strlen(text));
}

/* A form field as a number, or def when absent or empty. */
static long long
it_num(struct at_req *req, const char *name, long long def)
{
	const char	*s = at_form(req, name);
	long long	 v;

	if (s == NULL || *s == '\0' || at_strtoll(s, &v) == -1)
		return def;
	return v;
}

/* POST /invtest/issue (staff). */
static int
it_issue(struct at_req *req)
{
	const struct at_invoicing_svc *svc;
	struct at_invoice_req r;
	struct at_invoice_line *l;
	const char	*number = NULL, *err = NULL, *tax = at_form(req, "tax");
	long long	 id = 0, n, i;
	int		 rc;

	if ((svc = at_service(AT_SVC_INVOICING, AT_SVC_INVOICING_V)) == NULL)
		return it_text(req, 503, "no invoicing service");
	n = it_num(req, "lines", 1);
	if (n < 0 || n > 500)
		return it_text(req, 400, "lines: 0..500");
	l = at_palloc(at_req_pool(req), (size_t)(n + 1) * sizeof(*l));
	for (i = 0; i < n; i++) {
		l[i].description = at_form(req, "desc");
		l[i].qty_milli = it_num(req, "qty", 1000);
		l[i].unit = it_num(req, "unit", 0);
		l[i].tax = tax != NULL && *tax != '\0' ? tax : NULL;
	}
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.client = it_num(req, "client", 0);
	r.project = it_num(req, "project", 0);
	r.origin = at_form(req, "origin");
	r.ref = at_form(req, "ref");
	r.notes = at_form(req, "notes");
	r.lines = n > 0 ? l : NULL;
	r.nlines = (size_t)n;
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	rc = svc->issue(at_req_db(req), at_req_pool(req), &r, &id, &number,
	    &err);
	if (rc == -1)
		at_db_rollback(at_req_db(req));
	else if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return it_text(req, 200, at_pprintf(at_req_pool(req), "rc=%d id=%lld "
	    "number=%s err=%s", rc, id, number != NULL ? number : "",
	    err != NULL ? err : ""));
}

/* GET /invtest/summary/:id (contacts and staff). */
static int
it_summary(struct at_req *req)
{
	const struct at_invoicing_svc *svc;
	const char	*number = NULL, *state = NULL, *total = NULL;
	int		 rc;

	if ((svc = at_service(AT_SVC_INVOICING, AT_SVC_INVOICING_V)) == NULL)
		return it_text(req, 503, "no invoicing service");
	rc = svc->summary(req, at_arg_id(req, "id"), &number, &state, &total);
	return it_text(req, 200, at_pprintf(at_req_pool(req), "rc=%d "
	    "number=%s state=%s total=%s", rc, number != NULL ? number : "",
	    state != NULL ? state : "", total != NULL ? total : ""));
}

static const struct at_field it_f_issue[] = {
	{ "client", NULL, 0, 20, "Client" },
	{ "project", NULL, 0, 20, "Project" },
	{ "origin", NULL, 0, 100, "Origin" },
	{ "ref", NULL, 0, 300, "Reference" },
	{ "desc", NULL, 0, 1000, "Description" },
	{ "qty", NULL, 0, 24, "Quantity" },
	{ "unit", NULL, 0, 24, "Unit price" },
	{ "tax", NULL, 0, 100, "Tax" },
	{ "lines", NULL, 0, 8, "Lines" },
	{ "notes", NULL, 0, 5000, "Notes" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route it_routes[] = {
	{ AT_POST, "/invtest/issue", AT_STAFF, it_issue, it_f_issue, NULL },
	{ AT_GET, "/invtest/summary/:id", AT_CONTACT | AT_STAFF, it_summary,
	    NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the routes. */
static int
it_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, it_routes);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "invtest",
	.version = "1.0",
	.summary = "Bills through the invoicing service (tests)",
	.init = it_init,
};
