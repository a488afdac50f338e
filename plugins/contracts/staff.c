/*
 * The contracts plugin's staff pages: the template library (write,
 * check, preview with a client's real values), contracts (draw one from
 * a template or write it, edit it into a new version with a visible
 * diff, send it for signature, record a signature on paper, end it) and
 * their PDFs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/esign.h>
#include <atrium/money.h>
#include <atrium/notify.h>
#include <atrium/settings.h>

#include "ct.h"

#define CT_MAX_CUSTOM	10

/* Adds <clients> (id, name) for the forms' select boxes; 0 or -1. */
static int
ct_clients(struct at_req *req, xmlNodePtr parent)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name "
	    "FROM clients ORDER BY name", "");
	if (r == NULL)
		return -1;
	at_x_rows(parent, "clients", "client", r);
	return 0;
}

/*
 * GET /staff/contracts (staff): every contract, newest first, filtered
 * by ?client= and ?state=.  Adds <contracts><contract>, <clients>.
 */
static int
h_list(struct at_req *req)
{
	struct at_rows	*r;
	const char	*cl = at_query(req, "client"), *st = at_query(req,
			    "state");
	long long	 client = 0;
	xmlNodePtr	 c;

	if (cl != NULL && at_strtoll(cl, &client) == -1)
		client = 0;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT c.id, "
	    "c.title, c.state, c.amends_id, c.start_date, c.end_date, "
	    "c.renewal_date, cl.name AS client, c.client_id, p.name AS "
	    "project FROM contracts c JOIN clients cl ON cl.id = c.client_id "
	    "LEFT JOIN projects p ON p.id = c.project_id WHERE (? = 0 OR "
	    "c.client_id = ?) AND (? = '' OR c.state = ?) ORDER BY c.id DESC "
	    "LIMIT 500", "IIss", client, client, st != NULL ? st : "",
	    st != NULL ? st : "");
	if (r == NULL || at_seen_mark(req, "contracts") == -1)
		return 500;
	at_page_id(req, "staff-contracts-list");
	at_page_title(req, "Contracts");
	c = at_page_content(req);
	at_x_rows(c, "contracts", "contract", r);
	if (ct_clients(req, c) == -1)
		return 500;
	at_xaf(c, "client", "%lld", client);
	return 200;
}

/* Adds <templates><template> (id, name, updated_at); 0 or -1. */
static int
ct_templates(struct at_req *req, xmlNodePtr parent)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, name, "
	    "updated_at FROM contract_templates ORDER BY name", "");
	if (r == NULL)
		return -1;
	at_x_rows(parent, "templates", "template", r);
	return 0;
}

/* The library page, with the new template form as typed. */
static int
ct_library(struct at_req *req)
{
	xmlNodePtr	 c;

	at_page_id(req, "staff-contracts-templates");
	at_page_title(req, "Contract templates");
	c = at_page_content(req);
	if (ct_templates(req, c) == -1)
		return 500;
	at_x_form(req, c, "template");
	return 200;
}

/* GET /staff/contracts/templates (staff): the template library. */
static int
h_templates(struct at_req *req)
{
	return ct_library(req);
}

/*
 * Checks a template's body: its merge fields (ct_fields) and at most
 * CT_MAX_CUSTOM custom ones.  0, or 1 with the error set on field body.
 */
static int
ct_check_body(struct at_req *req, const char *body)
{
	const char	**custom, *err;
	size_t		 n;

	if (ct_fields(at_req_pool(req), body, &custom, &err) != 0) {
		at_form_error(req, "body", err);
		return 1;
	}
	for (n = 0; custom[n] != NULL; n++)
		;
	if (n > CT_MAX_CUSTOM) {
		at_form_error(req, "body", "A template may ask for at most "
		    "10 custom fields.");
		return 1;
	}
	return 0;
}

/*
 * POST /staff/contracts/templates (staff): fields name, body.  Adds a
 * template; one with an unknown merge field comes back with the error.
 */
static int
h_template_add(struct at_req *req)
{
	if (at_form_errors(req) > 0 ||
	    ct_check_body(req, at_form(req, "body")) != 0)
		return ct_library(req);
	if (at_db_exec(at_req_db(req), "INSERT INTO contract_templates (name, "
	    "body, created_by) VALUES (?, ?, ?)", "ssI", at_form(req, "name"),
	    at_form(req, "body"), at_user_id(at_req_user(req))) != 1)
		return 500;
	at_flash(req, "ok", "The template is saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/contracts/templates/%lld",
	    at_db_insert_id(at_req_db(req))));
}

/*
 * The template page for row r: the template, its merge fields (or the
 * error that names an unknown one), the edit form, the preview form.
 */
static int
ct_template_page(struct at_req *req, struct at_rows *r)
{
	const char	**custom, *err;
	xmlNodePtr	 c, t, fl;
	size_t		 i;

	at_page_id(req, "staff-contracts-template");
	at_page_title(req, at_row(r, 0, "name"));
	c = at_page_content(req);
	t = at_x_row(c, "template", r, 0);
	if (ct_fields(at_req_pool(req), at_row(r, 0, "body"), &custom,
	    &err) != 0)
		at_x(t, "problem", err);
	else {
		fl = at_x(t, "custom", NULL);
		for (i = 0; custom[i] != NULL; i++)
			at_x(fl, "field", custom[i]);
	}
	if (ct_clients(req, c) == -1)
		return 500;
	at_x_form(req, c, "template");
	return 200;
}

/* The template of the route's :id (staff), or NULL (*st 404 or 500). */
static struct at_rows *
ct_template_get(struct at_req *req, int *st)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");

	*st = 404;
	if (id <= 0)
		return NULL;
	if ((r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, "
	    "name, body, updated_at FROM contract_templates WHERE id = ?",
	    "I", id)) == NULL) {
		*st = 500;
		return NULL;
	}
	return r->n == 1 ? r : NULL;
}

/* GET /staff/contracts/templates/:id (staff): one template. */
static int
h_template(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = ct_template_get(req, &st)) == NULL)
		return st;
	return ct_template_page(req, r);
}

/*
 * POST /staff/contracts/templates/:id (staff): fields name, body.  Saves
 * the template; an unknown merge field is refused and shown.
 */
static int
h_template_save(struct at_req *req)
{
	struct at_rows	*r;
	int		 st;

	if ((r = ct_template_get(req, &st)) == NULL)
		return st;
	if (at_form_errors(req) > 0 ||
	    ct_check_body(req, at_form(req, "body")) != 0)
		return ct_template_page(req, r);
	if (at_db_exec(at_req_db(req), "UPDATE contract_templates SET name = "
	    "?, body = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssI",
	    at_form(req, "name"), at_form(req, "body"),
	    at_row_int(r, 0, "id", 0)) == -1)
		return 500;
	at_flash(req, "ok", "The template is saved.");
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/contracts/templates/%s", at_row(r, 0, "id")));
}

/*
 * The values of the known merge fields for client (and project, 0:
 * none) with fee total and the custom ones (names, values; n of them)
 * into kv (at least 6 + n entries).  The number of entries, or -1 when
 * the client or project is not found (or the database failed).
 */
static int
ct_values(struct at_req *req, long long client, long long project,
    const char *fee_total, const char **cnames, const char **cvalues,
    size_t n, struct ct_kv *kv)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r;
	const char	*addr = NULL;
	size_t		 k = 0, i;

	r = at_db_select(at_req_db(req), pool, "SELECT c.name, "
	    "DATE_FORMAT(UTC_DATE(), '%Y-%m-%d') AS today, p.name AS project "
	    "FROM clients c LEFT JOIN projects p ON p.id = ? AND "
	    "p.client_id = c.id WHERE c.id = ?", "II", project, client);
	if (r == NULL || r->n == 0)
		return -1;
	if (project > 0 && at_row(r, 0, "project") == NULL)
		return -1;
	if (at_client_setting_get(at_req_db(req), pool, CT_ORIGIN, client,
	    "address", &addr) == -1)
		return -1;
	kv[k].name = "client.name";
	kv[k++].value = at_row(r, 0, "name");
	kv[k].name = "client.address";
	kv[k++].value = addr;
	kv[k].name = "project.name";
	kv[k++].value = at_row(r, 0, "project");
	kv[k].name = "agency.name";
	kv[k++].value = at_site_brand_name(at_req_site(req));
	kv[k].name = "today";
	kv[k++].value = at_row(r, 0, "today");
	kv[k].name = "fee.total";
	kv[k++].value = fee_total;
	for (i = 0; i < n; i++) {
		kv[k].name = cnames[i];
		kv[k++].value = cvalues[i];
	}
	return (int)k;
}

/*
 * GET /staff/contracts/templates/:id/preview?client=N[&project=M]
 * (staff): the template merged with the client's real values (custom
 * fields shown as their names) and drawn, or the error that stops it.
 */
static int
h_template_preview(struct at_req *req)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r, *pr;
	struct ct_kv	 kv[6 + CT_MAX_CUSTOM + 1];
	const char	**custom, *err, *q, *cv[CT_MAX_CUSTOM + 1];
	char		*out;
	long long	 client = 0, project = 0;
	xmlNodePtr	 p;
	size_t		 n;
	int		 st, k;

	if ((r = ct_template_get(req, &st)) == NULL)
		return st;
	if ((q = at_query(req, "client")) == NULL ||
	    at_strtoll(q, &client) == -1 || client <= 0)
		return 404;
	if ((q = at_query(req, "project")) != NULL && *q != '\0' &&
	    at_strtoll(q, &project) == -1)
		return 404;
	if (project == 0) {
		/* The client's newest project, so project.name has a value. */
		pr = at_db_select(at_req_db(req), pool, "SELECT MAX(id) AS id "
		    "FROM projects WHERE client_id = ?", "I", client);
		if (pr == NULL)
			return 500;
		project = at_row_int(pr, 0, "id", 0);
	}
	if ((st = ct_template_page(req, r)) != 200)
		return st;
	p = at_x(at_page_content(req), "preview", NULL);
	at_xaf(p, "client", "%lld", client);
	if (ct_fields(pool, at_row(r, 0, "body"), &custom, &err) != 0) {
		at_x(p, "problem", err);
		return 200;
	}
	for (n = 0; custom[n] != NULL && n < CT_MAX_CUSTOM; n++)
		cv[n] = at_pprintf(pool, "[%s]", custom[n]);
	if ((k = ct_values(req, client, project, "[the fees' total]", custom,
	    cv, n, kv)) == -1)
		return at_db_gone(at_req_db(req)) ? 503 : 404;
	at_xa(p, "client_name", kv[0].value);
	if (ct_merge(pool, at_row(r, 0, "body"), kv, (size_t)k, &out,
	    &err) != 0)
		at_x(p, "problem", err);
	else
		at_x_markdown(req, p, "text", out);
	return 200;
}

/*
 * The new contract form: <new> with the client, project, template and
 * amended contract chosen so far, the template's custom fields, the
 * client's projects and contacts, and what was typed.
 */
static int
ct_new_page(struct at_req *req, long long client, long long tpl,
    long long amends)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r;
	const char	**custom, *err, *addr = NULL;
	xmlNodePtr	 c, n, fl;
	size_t		 i;

	at_page_id(req, "staff-contracts-new");
	at_page_title(req, amends > 0 ? "New amendment" : "New contract");
	c = at_page_content(req);
	n = at_x(c, "new", NULL);
	at_xaf(n, "client", "%lld", client);
	at_xaf(n, "template", "%lld", tpl);
	at_xaf(n, "amends", "%lld", amends);
	if (ct_clients(req, c) == -1 || ct_templates(req, c) == -1)
		return 500;
	if (client > 0) {
		r = at_db_select(at_req_db(req), pool, "SELECT id, name FROM "
		    "projects WHERE client_id = ? ORDER BY name", "I", client);
		if (r == NULL)
			return 500;
		at_x_rows(c, "projects", "project", r);
		if (at_client_setting_get(at_req_db(req), pool, CT_ORIGIN,
		    client, "address", &addr) == -1)
			return 500;
		if (addr != NULL)
			at_x(n, "address", addr);
	}
	if (tpl > 0) {
		r = at_db_select(at_req_db(req), pool, "SELECT id, name, body "
		    "FROM contract_templates WHERE id = ?", "I", tpl);
		if (r == NULL)
			return 500;
		if (r->n == 0)
			return 404;
		at_x(n, "template_name", at_row(r, 0, "name"));
		if (ct_fields(pool, at_row(r, 0, "body"), &custom, &err) != 0)
			at_x(n, "problem", err);
		else {
			fl = at_x(n, "custom", NULL);
			for (i = 0; custom[i] != NULL && i < CT_MAX_CUSTOM;
			    i++) {
				xmlNodePtr f = at_x(fl, "field", custom[i]);
				at_xaf(f, "input", "cf_%zu", i + 1);
			}
		}
	}
	if (amends > 0) {
		r = at_db_select(at_req_db(req), pool, "SELECT id, title FROM "
		    "contracts WHERE id = ? AND client_id = ?", "II", amends,
		    client);
		if (r == NULL)
			return 500;
		if (r->n == 0)
			return 404;
		at_x(n, "amends_title", at_row(r, 0, "title"));
	}
	at_x_form(req, c, "contract");
	return 200;
}

/* A positive id from the query's name, or 0. */
static long long
ct_qid(struct at_req *req, const char *name)
{
	const char	*q = at_query(req, name);
	long long	 v;

	if (q == NULL || at_strtoll(q, &v) == -1 || v < 0)
		return 0;
	return v;
}

/*
 * GET /staff/contracts/new?client=&template=&amends= (staff): the form
 * for a new contract (or an amendment of contract amends).
 */
static int
h_new(struct at_req *req)
{
	return ct_new_page(req, ct_qid(req, "client"), ct_qid(req,
	    "template"), ct_qid(req, "amends"));
}

/* A positive id from form field name, or 0 (-1: not a number). */
static long long
ct_fid(struct at_req *req, const char *name)
{
	const char	*v = at_form(req, name);
	long long	 n;

	if (v == NULL || *v == '\0')
		return 0;
	if (at_strtoll(v, &n) == -1 || n < 0)
		return -1;
	return n;
}

/*
 * POST /staff/contracts/new (staff): fields client, project, template,
 * amends, title, body (without a template), cf_1..cf_10 (the template's
 * custom fields in order), fees, currency, deposit, start, end,
 * renewal, address.  Merges the template (or the body) with the
 * client's values; an unknown field or one without a value is an error
 * on the form, never a gap.  Creates the draft and its version 1.
 */
static int
h_create(struct at_req *req)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_db	*db = at_req_db(req);
	struct at_rows	*t = NULL;
	struct ct_kv	 kv[6 + CT_MAX_CUSTOM + 1];
	struct ct_fee	*fees;
	const char	**custom, *err, *src, *cv[CT_MAX_CUSTOM + 1], *addr;
	const char	*cur, *dep;
	char		*out, name[8];
	long long	 client, project, tpl, amends, id, depn = 0;
	int64_t		 total = 0;
	size_t		 nfees = 0, n = 0, i;
	int		 k;

	client = ct_fid(req, "client");
	project = ct_fid(req, "project");
	tpl = ct_fid(req, "template");
	amends = ct_fid(req, "amends");
	if (client <= 0)
		at_form_error(req, "client", "Choose the client.");
	if (project < 0 || tpl < 0 || amends < 0)
		return 400;
	cur = at_form(req, "currency");
	if (cur == NULL || *cur == '\0')
		cur = "EUR";
	if (ct_fees_parse(pool, at_form(req, "fees"), cur, &fees, &nfees,
	    &total, &err) != 0)
		at_form_error(req, "fees", err);
	dep = at_form(req, "deposit");
	if (dep != NULL && *dep != '\0' && (at_strtoll(dep, &depn) == -1 ||
	    depn < 0 || depn > 100))
		at_form_error(req, "deposit", "Write a percentage from 0 to "
		    "100.");
	if (client <= 0 || at_form_errors(req) > 0)
		return ct_new_page(req, client, tpl, amends);
	if (project > 0 && (t = at_db_select(db, pool, "SELECT id FROM "
	    "projects WHERE id = ? AND client_id = ?", "II", project,
	    client)) != NULL && t->n == 0) {
		at_form_error(req, "project", "Choose one of the client's "
		    "projects, or none.");
		return ct_new_page(req, client, tpl, amends);
	}
	if (amends > 0 && ((t = at_db_select(db, pool, "SELECT id FROM "
	    "contracts WHERE id = ? AND client_id = ?", "II", amends,
	    client)) == NULL || t->n == 0))
		return t == NULL ? 500 : 404;
	addr = at_form(req, "address");
	if (addr != NULL && *addr != '\0' && at_client_setting_set(db,
	    CT_ORIGIN, client, "address", addr) == -1)
		return 500;
	src = at_form(req, "body");
	custom = NULL;
	if (tpl > 0) {
		t = at_db_select(db, pool, "SELECT body FROM "
		    "contract_templates WHERE id = ?", "I", tpl);
		if (t == NULL)
			return 500;
		if (t->n == 0)
			return 404;
		src = at_row(t, 0, "body");
		if (ct_fields(pool, src, &custom, &err) != 0) {
			at_form_error(req, "template", err);
			return ct_new_page(req, client, tpl, amends);
		}
		for (n = 0; custom[n] != NULL && n < CT_MAX_CUSTOM; n++) {
			snprintf(name, sizeof(name), "cf_%zu", n + 1);
			cv[n] = at_form(req, name);
		}
	}
	if (src == NULL || *src == '\0') {
		at_form_error(req, "body", "Write the contract, or choose a "
		    "template.");
		return ct_new_page(req, client, tpl, amends);
	}
	if ((k = ct_values(req, client, project, ct_money(pool, total, cur),
	    custom, cv, n, kv)) == -1)
		return at_db_gone(db) ? 503 : 500;
	if (ct_merge(pool, src, kv, (size_t)k, &out, &err) != 0) {
		at_form_error(req, tpl > 0 ? "template" : "body", err);
		/* Name the custom field to fill in when it is one. */
		for (i = 0; i < n; i++)
			if (strstr(err, custom[i]) != NULL) {
				snprintf(name, sizeof(name), "cf_%zu", i + 1);
				at_form_error(req, name, "Fill this in.");
			}
		return ct_new_page(req, client, tpl, amends);
	}
	if (at_db_begin(db) == -1)
		return 500;
	if (at_db_exec(db, "INSERT INTO contracts (client_id, project_id, "
	    "template_id, amends_id, title, currency, deposit_pct, "
	    "start_date, end_date, renewal_date, created_by) VALUES (?, "
	    "NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, NULLIF(?, ''), "
	    "NULLIF(?, ''), NULLIF(?, ''), ?)", "IIIIssisssI", client, project,
	    tpl, amends, at_form(req, "title"), cur, (int)depn,
	    at_form(req, "start"), at_form(req, "end"),
	    at_form(req, "renewal"), at_user_id(at_req_user(req))) != 1)
		goto fail;
	id = at_db_insert_id(db);
	if (ct_version_add(db, id, out, fees, nfees, total,
	    at_user_id(at_req_user(req))) == -1 ||
	    at_activity(req, client, "create", "contract", id,
	    at_form(req, "title"), 0) == -1 || at_db_commit(db) == -1)
		goto fail;
	at_flash(req, "ok", "The contract is drafted. Check it, then send it "
	    "for signature.");
	return at_redirect(req, at_pprintf(pool, "/staff/contracts/%lld", id));
fail:
	at_db_rollback(db);
	return 500;
}

/*
 * The fee lines of version vid as the edit form writes them ("What |
 * 1,250.00", one a line) in currency cur, in pool; "" when none; NULL
 * on a database error.
 */
static const char *
ct_fees_text(struct at_req *req, long long vid, const char *cur)
{
	struct at_pool	*pool = at_req_pool(req);
	const struct at_currency *c = at_currency(cur);
	struct at_rows	*r;
	const char	*t = "";
	size_t		 i;

	r = at_db_select(at_req_db(req), pool, "SELECT description, amount "
	    "FROM contract_fees WHERE version_id = ? ORDER BY position", "I",
	    vid);
	if (r == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		t = at_pprintf(pool, "%s%s%s | %s", t, i > 0 ? "\n" : "",
		    at_row(r, i, "description"), c != NULL ?
		    at_money_format(pool, at_row_int(r, i, "amount", 0), c,
		    NULL, AT_MONEY_BARE) : at_row(r, i, "amount"));
	return t;
}

/*
 * Adds <versions> (every version: number, date, sent) and <diff> of
 * version v against v-1 (each <line op=" |-|+">) to parent.  0 or -1.
 */
static int
ct_versions(struct at_req *req, xmlNodePtr parent, long long id, long long v)
{
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r;
	struct ct_dline	*d;
	const char	*a = NULL, *b = NULL;
	xmlNodePtr	 df, l;
	size_t		 i, n;
	char		 op[2];

	r = at_db_select(at_req_db(req), pool, "SELECT v.id, v.version, "
	    "v.body, v.created_at, v.sent_at, u.name AS author, c.currency "
	    "FROM contract_versions v JOIN contracts c ON c.id = "
	    "v.contract_id LEFT JOIN users u ON u.id = v.created_by WHERE "
	    "v.contract_id = ? ORDER BY v.version", "I", id);
	if (r == NULL)
		return -1;
	l = at_x(parent, "versions", NULL);
	for (i = 0; i < r->n; i++) {
		xmlNodePtr	 it = at_x(l, "version", NULL);
		const char	*ft, **to;
		long long	 n_v = at_row_int(r, i, "version", 0);

		at_x(it, "version", at_row(r, i, "version"));
		at_x(it, "created_at", at_row(r, i, "created_at"));
		if (at_row(r, i, "sent_at") != NULL)
			at_x(it, "sent_at", at_row(r, i, "sent_at"));
		if (at_row(r, i, "author") != NULL)
			at_x(it, "author", at_row(r, i, "author"));
		if (n_v != v && n_v != v - 1)
			continue;
		to = n_v == v ? &b : &a;
		if ((ft = ct_fees_text(req, at_row_int(r, i, "id", 0),
		    at_row(r, i, "currency"))) == NULL)
			return -1;
		*to = at_pprintf(pool, "%s\n\nFees:\n%s", at_row(r, i,
		    "body"), *ft != '\0' ? ft : "none");
	}
	if (a == NULL || b == NULL)
		return 0;
	df = at_x(parent, "diff", NULL);
	at_xaf(df, "from", "%lld", v - 1);
	at_xaf(df, "to", "%lld", v);
	if (ct_diff(pool, a, b, &d, &n) == -1) {
		at_xa(df, "toolong", "1");
		return 0;
	}
	op[1] = '\0';
	for (i = 0; i < n; i++) {
		l = at_x(df, "line", d[i].text);
		op[0] = d[i].op;
		at_xa(l, "op", op[0] == ' ' ? "same" : op[0] == '+' ? "add" :
		    "del");
	}
	return 0;
}

/*
 * GET /staff/contracts/:id[?v=N] (staff): the contract with everything
 * staff act on: versions and the diff of the current one (or version N)
 * against the one before, the edit form, sending, signing on paper,
 * the deposit invoice or why there is none, amendments.
 */
static int
h_view(struct at_req *req)
{
	const struct at_esign_svc *es;
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r, *people;
	const char	*fees_t;
	xmlNodePtr	 c, e;
	long long	 v;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	at_page_id(req, "staff-contracts-view");
	at_page_title(req, at_row(r, 0, "title"));
	c = at_page_content(req);
	if (ct_model(req, c, r) == -1)
		return 500;
	v = ct_qid(req, "v");
	if (v <= 0)
		v = at_row_int(r, 0, "version", 0);
	if (ct_versions(req, c, at_row_int(r, 0, "id", 0), v) == -1)
		return 500;
	people = at_db_select(at_req_db(req), pool, "SELECT id, name, email "
	    "FROM users WHERE client_id = ? AND role = 'contact' AND active = "
	    "1 ORDER BY name", "I", at_row_int(r, 0, "client_id", 0));
	fees_t = ct_fees_text(req, at_row_int(r, 0, "version_id", 0),
	    at_row(r, 0, "currency"));
	if (people == NULL || fees_t == NULL)
		return 500;
	at_x_rows(c, "people", "person", people);
	e = at_x(c, "esign", NULL);
	es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
	at_xa(e, "enabled", es != NULL && es->size >= sizeof(*es) ? "1" : "0");
	/* The edit form starts from the current text and fee lines. */
	e = at_x(c, "current", NULL);
	at_x(e, "body", at_row(r, 0, "body"));
	at_x(e, "fees", fees_t);
	at_x_form(req, c, "contract");
	return 200;
}

/* Back to contract r's staff page with a flash of kind and msg. */
static int
ct_back(struct at_req *req, struct at_rows *r, const char *kind,
    const char *msg)
{
	at_flash(req, kind, msg);
	return at_redirect(req, at_pprintf(at_req_pool(req),
	    "/staff/contracts/%s", at_row(r, 0, "id")));
}

/*
 * POST /staff/contracts/:id/edit (staff): fields title, body, fees.
 * Makes a new version (the sent ones never change); a contract out for
 * signature has its envelope voided and goes back to draft, to be sent
 * again.  Signed and active contracts are changed by amendments.
 */
static int
h_edit(struct at_req *req)
{
	const struct at_esign_svc *es;
	struct at_pool	*pool = at_req_pool(req);
	struct at_db	*db = at_req_db(req);
	struct at_rows	*r;
	struct ct_kv	 kv[6];
	struct ct_fee	*fees;
	const char	*state, *err, *title;
	char		*out;
	int64_t		 total;
	size_t		 nfees;
	long long	 id;
	int		 st, k;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	state = at_row(r, 0, "state");
	if (strcmp(state, "draft") != 0 && strcmp(state, "sent") != 0 &&
	    strcmp(state, "declined") != 0 && strcmp(state, "expired") != 0)
		return ct_back(req, r, "error", "A signed contract is not "
		    "edited: draft an amendment instead.");
	if (at_form_errors(req) > 0 || ct_fees_parse(pool, at_form(req,
	    "fees"), at_row(r, 0, "currency"), &fees, &nfees, &total,
	    &err) != 0) {
		if (at_form_errors(req) == 0)
			at_form_error(req, "fees", err);
		return h_view(req);
	}
	if ((k = ct_values(req, at_row_int(r, 0, "client_id", 0),
	    at_row_int(r, 0, "project_id", 0), ct_money(pool, total,
	    at_row(r, 0, "currency")), NULL, NULL, 0, kv)) == -1)
		return 500;
	if (ct_merge(pool, at_form(req, "body"), kv, (size_t)k, &out,
	    &err) != 0) {
		at_form_error(req, "body", err);
		return h_view(req);
	}
	title = at_form(req, "title");
	if (title == NULL || *title == '\0')
		title = at_row(r, 0, "title");
	if (at_db_begin(db) == -1)
		return 500;
	if (strcmp(state, "sent") == 0) {
		es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
		if (es != NULL && es->size >= sizeof(*es) &&
		    at_row_int(r, 0, "envelope_id", 0) > 0 &&
		    es->void_envelope(req, at_row_int(r, 0, "envelope_id", 0),
		    "The contract was changed; a new version follows.") == -1)
			goto fail;
	}
	if (ct_version_add(db, id, out, fees, nfees, total,
	    at_user_id(at_req_user(req))) == -1 ||
	    at_db_exec(db, "UPDATE contracts SET title = ?, state = 'draft', "
	    "envelope_id = NULL, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	    "sI", title, id) != 1 ||
	    at_activity(req, at_row_int(r, 0, "client_id", 0), "edit",
	    "contract", id, title, 0) == -1 || at_db_commit(db) == -1)
		goto fail;
	return ct_back(req, r, "ok", strcmp(state, "sent") == 0 ? "A new "
	    "version is drafted and the signing of the old one is "
	    "stopped: send it again." : "A new version is drafted.");
fail:
	at_db_rollback(db);
	return 500;
}

/*
 * Sends contract r (CT_FIELDS) for signature (ct.h).
 */
int
ct_send(struct at_req *req, struct at_rows *r, long long signer,
    const char *message, const char *expires, const char **msg)
{
	const struct at_esign_svc *es;
	struct at_pool	*pool = at_req_pool(req);
	struct at_db	*db = at_req_db(req);
	struct at_rows	*u;
	struct at_esign_envelope env;
	struct at_esign_signer sg;
	struct at_esign_doc doc;
	struct at_pdf	 pdf;
	struct at_notice nt;
	const char	*state, *err = NULL;
	char		 perr[256];
	long long	 id, eid;

	id = at_row_int(r, 0, "id", 0);
	state = at_row(r, 0, "state");
	if (strcmp(state, "draft") != 0 && strcmp(state, "declined") != 0 &&
	    strcmp(state, "expired") != 0) {
		*msg = "This contract is not waiting to be sent.";
		return 1;
	}
	es = at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V);
	if (es == NULL || es->size < sizeof(*es)) {
		*msg = "E-signature is not enabled on this site: print the "
		    "PDF, have it signed, then record the signature on paper.";
		return 1;
	}
	u = signer > 0 ? at_db_select(db, pool, "SELECT id, name FROM users "
	    "WHERE id = ? AND client_id = ? AND role = 'contact' AND active = "
	    "1", "II", signer, at_row_int(r, 0, "client_id", 0)) : NULL;
	if (signer > 0 && u == NULL)
		return -1;
	if (u == NULL || u->n == 0) {
		*msg = "Choose who signs for the client.";
		return 1;
	}
	/* The PDF of the version sent, drawn by the skin. */
	at_page_id(req, "document");
	memset(&pdf, 0, sizeof(pdf));
	{
		xmlNodePtr	 c;

		at_page_title(req, at_row(r, 0, "title"));
		c = at_page_content(req);
		at_xf(c, "para", "Between %s and %s. Version %s.",
		    at_site_brand_name(at_req_site(req)), at_row(r, 0,
		    "client"), at_row(r, 0, "version"));
		at_x_markdown(req, c, "text", at_row(r, 0, "body"));
		if (at_pdf_page(req, NULL, &pdf, perr, sizeof(perr)) == -1) {
			log_warn("contracts: contract %lld: pdf: %s", id, perr);
			return -1;
		}
	}
	memset(&doc, 0, sizeof(doc));
	doc.name = at_pprintf(pool, "%s v%s.pdf", at_row(r, 0, "title"),
	    at_row(r, 0, "version"));
	doc.pdf = pdf.data;
	doc.len = pdf.len;
	memset(&sg, 0, sizeof(sg));
	sg.size = sizeof(sg);
	sg.user = signer;
	sg.role = AT_ESIGN_SIGNER;
	sg.group = 1;
	memset(&env, 0, sizeof(env));
	env.size = sizeof(env);
	env.client = at_row_int(r, 0, "client_id", 0);
	env.project = at_row_int(r, 0, "project_id", 0);
	env.title = at_row(r, 0, "title");
	env.message = message;
	if (env.message != NULL && *env.message == '\0')
		env.message = NULL;
	env.expires_on = expires;
	if (env.expires_on != NULL && *env.expires_on == '\0')
		env.expires_on = NULL;
	env.origin = CT_ORIGIN;
	env.ref = at_pprintf(pool, "contract:%lld", id);
	env.docs = &doc;
	env.ndocs = 1;
	env.signers = &sg;
	env.nsigners = 1;
	if (at_db_begin(db) == -1) {
		at_pdf_free(&pdf);
		return -1;
	}
	eid = es->create(req, &env, &err);
	at_pdf_free(&pdf);
	if (eid == -1) {
		at_db_rollback(db);
		*msg = err != NULL ? err : "The contract could not be sent "
		    "for signature.";
		return 1;
	}
	memset(&nt, 0, sizeof(nt));
	nt.size = AT_EXT_SIZE(at_notice);
	nt.kind = "contracts.client";
	nt.subject = at_pprintf(pool, "Contract to sign: %s",
	    at_row(r, 0, "title"));
	nt.text = "Read it and sign it from the contract's page.";
	nt.link = at_pprintf(pool, "/contracts/%lld", id);
	nt.item_type = "contract";
	nt.item_id = id;
	if (at_db_exec(db, "UPDATE contracts SET state = 'sent', envelope_id "
	    "= ?, signer_id = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
	    "III", eid, signer, id) != 1 ||
	    at_db_exec(db, "UPDATE contract_versions SET sent_at = "
	    "COALESCE(sent_at, UTC_TIMESTAMP()) WHERE id = ?", "I",
	    at_row_int(r, 0, "version_id", 0)) == -1 ||
	    at_notify(db, at_req_site(req), signer, &nt) == -1 ||
	    at_activity(req, env.client, "send", "contract", id,
	    at_row(r, 0, "title"), 1) == -1 || at_db_commit(db) == -1) {
		at_db_rollback(db);
		return -1;
	}
	*msg = at_pprintf(pool, "Sent to %s for signature.", at_row(u, 0,
	    "name"));
	return 0;
}

/*
 * POST /staff/contracts/:id/send (staff): fields signer (a contact of
 * the client), expires (date), message.  Hands the current version's
 * PDF to the e-signature service (ct_send); the version is then frozen.
 * Without the service, says so (staff can record a signature on paper).
 */
static int
h_send(struct at_req *req)
{
	struct at_rows	*r;
	const char	*msg = NULL;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	st = ct_send(req, r, ct_fid(req, "signer"), at_form(req, "message"),
	    at_form(req, "expires"), &msg);
	if (st == -1)
		return 500;
	return ct_back(req, r, st == 0 ? "ok" : "error", msg);
}

/*
 * POST /staff/contracts/:id/paper (staff): field signed_by.  Records
 * that the contract was signed on paper: as a signing through the
 * e-signature service, it becomes active, the decision is recorded and
 * the deposit invoiced.
 */
static int
h_paper(struct at_req *req)
{
	struct at_db	*db = at_req_db(req);
	struct at_rows	*r;
	const char	*by;
	long long	 id;
	int		 st, rc;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	id = at_row_int(r, 0, "id", 0);
	if (strcmp(at_row(r, 0, "state"), "sent") == 0 &&
	    at_row_int(r, 0, "envelope_id", 0) > 0)
		return ct_back(req, r, "error", "This contract is out for "
		    "electronic signature: wait for it, or edit it to stop "
		    "the signing first.");
	by = at_form(req, "signed_by");
	if (by == NULL || *by == '\0')
		by = at_row(r, 0, "client");
	if (at_db_begin(db) == -1)
		return 500;
	if ((rc = ct_signed(db, at_req_pool(req), id, "paper", 0, by)) == -1)
		goto fail;
	if (rc == 1) {
		at_db_rollback(db);
		return ct_back(req, r, "error", "This contract is not waiting "
		    "for a signature.");
	}
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "sign",
	    "contract", id, at_row(r, 0, "title"), 1) == -1 ||
	    at_db_commit(db) == -1)
		goto fail;
	return ct_back(req, r, "ok", "The signature on paper is recorded.");
fail:
	at_db_rollback(db);
	return 500;
}

/* POST /staff/contracts/:id/end (staff): ends an active contract. */
static int
h_end(struct at_req *req)
{
	struct at_db	*db = at_req_db(req);
	struct at_rows	*r;
	long long	 n;
	int		 st;

	if ((r = ct_get(req, &st)) == NULL)
		return st;
	if (at_db_begin(db) == -1)
		return 500;
	if ((n = at_db_exec(db, "UPDATE contracts SET state = 'ended', "
	    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND state IN "
	    "('active', 'signed')", "I", at_row_int(r, 0, "id", 0))) == -1)
		goto fail;
	if (n == 0) {
		at_db_rollback(db);
		return ct_back(req, r, "error", "Only a contract in force can "
		    "be ended.");
	}
	if (at_activity(req, at_row_int(r, 0, "client_id", 0), "end",
	    "contract", at_row_int(r, 0, "id", 0), at_row(r, 0, "title"),
	    1) == -1 || at_db_commit(db) == -1)
		goto fail;
	return ct_back(req, r, "ok", "The contract is ended.");
fail:
	at_db_rollback(db);
	return 500;
}

static const struct at_field f_template[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 200, "Name" },
	{ "body", NULL, AT_F_REQUIRED, 200000, "Text" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_contract[] = {
	{ "client", NULL, 0, 20, "Client" },
	{ "project", NULL, 0, 20, "Project" },
	{ "template", NULL, 0, 20, "Template" },
	{ "amends", NULL, 0, 20, "Amends" },
	{ "title", at_v_line, AT_F_REQUIRED, 200, "Title" },
	{ "body", NULL, 0, 200000, "Text" },
	{ "fees", NULL, 0, 20000, "Fees" },
	{ "currency", NULL, 0, 3, "Currency" },
	{ "deposit", NULL, 0, 3, "Deposit (%)" },
	{ "start", at_v_date, 0, 10, "Start date" },
	{ "end", at_v_date, 0, 10, "End date" },
	{ "renewal", at_v_date, 0, 10, "Renewal notice date" },
	{ "address", NULL, 0, 1000, "Client's address" },
	{ "cf_1", at_v_line, 0, 500, "Custom field" },
	{ "cf_2", at_v_line, 0, 500, "Custom field" },
	{ "cf_3", at_v_line, 0, 500, "Custom field" },
	{ "cf_4", at_v_line, 0, 500, "Custom field" },
	{ "cf_5", at_v_line, 0, 500, "Custom field" },
	{ "cf_6", at_v_line, 0, 500, "Custom field" },
	{ "cf_7", at_v_line, 0, 500, "Custom field" },
	{ "cf_8", at_v_line, 0, 500, "Custom field" },
	{ "cf_9", at_v_line, 0, 500, "Custom field" },
	{ "cf_10", at_v_line, 0, 500, "Custom field" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_edit[] = {
	{ "title", at_v_line, 0, 200, "Title" },
	{ "body", NULL, AT_F_REQUIRED, 200000, "Text" },
	{ "fees", NULL, 0, 20000, "Fees" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_send[] = {
	{ "signer", NULL, AT_F_REQUIRED, 20, "Signer" },
	{ "expires", at_v_date, 0, 10, "Signing ends on" },
	{ "message", NULL, 0, 2000, "Message" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_paper[] = {
	{ "signed_by", at_v_line, 0, 200, "Signed by" },
	{ NULL, NULL, 0, 0, NULL }
};

const struct at_route ct_staff_routes[] = {
	{ AT_GET, "/staff/contracts", AT_STAFF, h_list, NULL, NULL },
	{ AT_GET, "/staff/contracts/templates", AT_STAFF, h_templates, NULL,
	    NULL },
	{ AT_POST, "/staff/contracts/templates", AT_STAFF, h_template_add,
	    f_template, NULL },
	{ AT_GET, "/staff/contracts/templates/:id", AT_STAFF, h_template,
	    NULL, NULL },
	{ AT_POST, "/staff/contracts/templates/:id", AT_STAFF,
	    h_template_save, f_template, NULL },
	{ AT_GET, "/staff/contracts/templates/:id/preview", AT_STAFF,
	    h_template_preview, NULL, NULL },
	{ AT_GET, "/staff/contracts/new", AT_STAFF, h_new, NULL, NULL },
	{ AT_POST, "/staff/contracts/new", AT_STAFF, h_create, f_contract,
	    NULL },
	{ AT_GET, "/staff/contracts/:id", AT_STAFF, h_view, NULL, NULL },
	{ AT_GET, "/staff/contracts/:id/pdf", AT_STAFF, ct_h_pdf, NULL,
	    NULL },
	{ AT_GET, "/staff/contracts/:id/sealed", AT_STAFF, ct_h_sealed, NULL,
	    NULL },
	{ AT_POST, "/staff/contracts/:id/edit", AT_STAFF, h_edit, f_edit,
	    NULL },
	{ AT_POST, "/staff/contracts/:id/send", AT_STAFF, h_send, f_send,
	    NULL },
	{ AT_POST, "/staff/contracts/:id/paper", AT_STAFF, h_paper, f_paper,
	    NULL },
	{ AT_POST, "/staff/contracts/:id/end", AT_STAFF, h_end, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};
