/*
 * A plugin that drafts amendments through the contracts plugin's service
 * (include/atrium/contracts.h), as the cases plugin's change requests
 * do; for tests/http/check_contracts.c:
 *
 *	POST /amendtest/amend	staff: fields client, project, title,
 *				body, origin, ref, fee (one line's
 *				description; empty: none), amount (minor
 *				units).  Drafts in one transaction and
 *				answers "rc=R id=ID err=E".
 *
 * It answers 503 "no contracts service" when contracts is not loaded.
 */
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/contracts.h>

/* Answers a short text. */
static int
am_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain; charset=utf-8", text,
	    strlen(text));
}

/* A form field as a number, or 0 when absent or not one. */
static long long
am_num(struct at_req *req, const char *name)
{
	const char	*s = at_form(req, name);
	long long	 v;

	if (s == NULL || *s == '\0' || at_strtoll(s, &v) == -1)
		return 0;
	return v;
}

/* POST /amendtest/amend (staff). */
static int
am_amend(struct at_req *req)
{
	const struct at_contracts_svc *svc;
	struct at_amendment a;
	struct at_contract_fee fee;
	const char	*err = NULL, *f = at_form(req, "fee");
	long long	 id = 0;
	int		 rc;

	svc = at_service(AT_SVC_CONTRACTS, AT_SVC_CONTRACTS_V);
	if (svc == NULL)
		return am_text(req, 503, "no contracts service");
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.client = am_num(req, "client");
	a.project = am_num(req, "project");
	a.title = at_form(req, "title");
	a.body = at_form(req, "body");
	a.origin = at_form(req, "origin");
	a.ref = at_form(req, "ref");
	if (f != NULL && *f != '\0') {
		fee.description = f;
		fee.amount = am_num(req, "amount");
		a.fees = &fee;
		a.nfees = 1;
	}
	if (at_db_begin(at_req_db(req)) == -1)
		return 500;
	rc = svc->amend(at_req_db(req), at_req_pool(req), &a, &id, &err);
	if (rc == -1)
		at_db_rollback(at_req_db(req));
	else if (at_db_commit(at_req_db(req)) == -1)
		return 500;
	return am_text(req, 200, at_pprintf(at_req_pool(req),
	    "rc=%d id=%lld err=%s", rc, id, err != NULL && rc == -1 ? err :
	    ""));
}

static const struct at_field f_amend[] = {
	{ "client", NULL, 0, 20, "Client" },
	{ "project", NULL, 0, 20, "Project" },
	{ "title", NULL, 0, 300, "Title" },
	{ "body", NULL, 0, 20000, "Body" },
	{ "origin", NULL, 0, 64, "Origin" },
	{ "ref", NULL, 0, 200, "Reference" },
	{ "fee", NULL, 0, 600, "Fee" },
	{ "amount", NULL, 0, 20, "Amount" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route am_routes[] = {
	{ AT_POST, "/amendtest/amend", AT_STAFF, am_amend, f_amend, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the route. */
static int
am_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, am_routes);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "amendtest",
	.version = "1.0",
	.summary = "Drafts amendments through the contracts service (tests)",
	.init = am_init,
};
