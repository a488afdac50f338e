/*
 * The contracts plugin end to end: templates with merge fields (an
 * unknown one refused and shown, the preview with a client's real values
 * escaped into Markdown), contracts drawn from a template with custom
 * fields, versions and their diff, a sent version that never changes,
 * signing (through the e-signature service when it is loaded, else
 * "not enabled" and the signature on paper), the decision and the
 * deposit invoice (or the note that invoicing is not there), amendments
 * listed under the original and drafted by another plugin through the
 * contracts service (tests/plugins/amendtest.c), the renewal job, the
 * dashboard, and
 * scoping: another client's contact gets 404 by list, id, PDF and
 * ?format=xml, and drafts are never visible to contacts.
 *
 * The suite makes its own clients and contacts; it never changes the
 * demo's.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"

#define PW	TC_DEMO_PASSWORD
#define STAFF	"staff@demo.test"

static struct {
	long long	 c1, c2, p1, u1;
	char		 c1name[96], a1[96], x2[96];
} fx;

/*
 * Runs atriumctl cmd with config conf; its exit status, its output into
 * *out (malloc'd).
 */
static int
ctl_at(const char *conf, const char *cmd, char **out)
{
	char	 line[4096], buf[4096];
	FILE	*p;
	size_t	 len = 0, n;
	int	 st;

	ck_assert_ptr_nonnull(conf);
	snprintf(line, sizeof(line), "%s/bin/atriumctl -c %s %s 2>&1",
	    getenv("ATRIUM_TEST_PREFIX"), conf, cmd);
	p = popen(line, "r");
	ck_assert_ptr_nonnull(p);
	*out = calloc(1, 1);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		*out = realloc(*out, len + n + 1);
		memcpy(*out + len, buf, n);
		len += n;
		(*out)[len] = '\0';
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ctl_at on the site's host (ATRIUM_TEST_CONF). */
static int
ctl(const char *cmd, char **out)
{
	return ctl_at(getenv("ATRIUM_TEST_CONF"), cmd, out);
}

/* Two clients (one with Markdown in its name), a project, a contact each. */
static void
setup_once(void)
{
	char	 name[96];

	snprintf(fx.c1name, sizeof(fx.c1name), "Star *Corp* _x_ %s",
	    tc_tag());
	fx.c1 = tc_make_client(fx.c1name);
	snprintf(name, sizeof(name), "Other Co %s", tc_tag());
	fx.c2 = tc_make_client(name);
	tc_plugin_set(fx.c1, "contracts", 1);
	tc_plugin_set(fx.c2, "contracts", 1);
	/* Payments for the first client only: the second is not billed. */
	tc_plugin_set(fx.c1, "payments", 1);
	tc_plugin_set(fx.c1, "esign", 1);
	fx.p1 = tc_make_project(fx.c1, "Shop rebuild");
	snprintf(fx.a1, sizeof(fx.a1), "a1-%s@contracts.test", tc_tag());
	snprintf(fx.x2, sizeof(fx.x2), "x2-%s@contracts.test", tc_tag());
	fx.u1 = tc_make_contact(fx.c1, fx.a1, "Alma Star");
	tc_make_contact(fx.c2, fx.x2, "Xia Other");
}

/* A new template named name with body; its id. */
static long long
make_template(struct tc_browser *s, const char *name, const char *body)
{
	struct tc_resp	*r;

	tc_get(s, "/staff/contracts/templates");
	r = tc_post(s, "/staff/contracts/templates", "name", name, "body",
	    body, NULL);
	ck_assert_int_eq(r->status, 303);
	return tc_location_id(r);
}

/* A new draft contract of client c written directly; its id. */
static long long
make_contract(struct tc_browser *s, long long c, const char *title,
    const char *body, const char *fees, const char *deposit)
{
	struct tc_resp	*r;
	char		 cs[32], ps[32];

	snprintf(cs, sizeof(cs), "%lld", c);
	snprintf(ps, sizeof(ps), "%lld", c == fx.c1 ? fx.p1 : 0);
	tc_get(s, "/staff/contracts/new");
	r = tc_post(s, "/staff/contracts/new", "client", cs, "project",
	    c == fx.c1 ? ps : "", "title", title, "body", body, "fees", fees,
	    "currency", "EUR", "deposit", deposit, "address",
	    "1 Main Street\nSpringfield", NULL);
	ck_assert_msg(r->status == 303, "create: %ld %s", r->status,
	    r->body);
	return tc_location_id(r);
}

START_TEST(templates_and_merge_fields)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 path[256], cs[32];
	long long	 t, id;

	/* An unknown field is refused on the template, what was typed kept. */
	tc_get(s, "/staff/contracts/templates");
	r = tc_post(s, "/staff/contracts/templates", "name", "Broken",
	    "body", "Dear {{client.nmae}}", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Unknown merge field {{client.nmae}}"));
	ck_assert(tc_has(r, "Dear {{client.nmae}}"));

	t = make_template(s, tc_unique("Agreement"), "# Agreement\n\n"
	    "Between {{agency.name}} and {{client.name}} for "
	    "{{project.name}}, from {{custom.start_week}}. Total "
	    "{{fee.total}}.");
	ck_assert_int_gt(t, 0);
	snprintf(path, sizeof(path), "/staff/contracts/templates/%lld", t);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "custom.start_week"));
	/* Saving it with an unknown field is refused too. */
	r = tc_post(s, path, "name", "Agreement", "body", "{{today}} "
	    "{{nope}}", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Unknown merge field {{nope}}"));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_templates "
	    "WHERE id = %lld AND body LIKE '%%nope%%'", t), 0);

	/* The preview: the client's real name, its Markdown kept as text. */
	snprintf(path, sizeof(path), "/staff/contracts/templates/%lld/preview"
	    "?client=%lld", t, fx.c1);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(tc_has(r, "Star *Corp* _x_"), "%s", r->body);
	ck_assert(!tc_has(r, "<em>Corp</em>"));
	ck_assert(tc_has(r, "Shop rebuild"));

	/* A contract from it: the custom field is asked for, never a gap. */
	snprintf(cs, sizeof(cs), "%lld", fx.c1);
	snprintf(path, sizeof(path), "/staff/contracts/new?client=%lld&"
	    "template=%lld", fx.c1, t);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "name=\"cf_1\""));
	{
		char	 ts[32], ps[32];

		snprintf(ts, sizeof(ts), "%lld", t);
		snprintf(ps, sizeof(ps), "%lld", fx.p1);
		r = tc_post(s, "/staff/contracts/new", "client", cs,
		    "template", ts, "project", ps, "title", "From template",
		    "fees", "Design | 1,000.00", "currency", "EUR", NULL);
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, "{{custom.start_week}} has no value"));
		/* Without the project, project.name has no value either. */
		r = tc_post(s, "/staff/contracts/new", "client", cs,
		    "template", ts, "title", "From template", "cf_1",
		    "week 3", "fees", "Design | 1,000.00", NULL);
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, "{{project.name}} has no value"));
		r = tc_post(s, "/staff/contracts/new", "client", cs,
		    "template", ts, "project", ps, "title", "From template",
		    "cf_1", "week *3*", "fees", "Design | 1,000.00\nBuild | "
		    "500", "currency", "EUR", NULL);
		ck_assert_int_eq(r->status, 303);
		id = tc_location_id(r);
	}
	snprintf(path, sizeof(path), "SELECT COUNT(*) FROM contract_versions "
	    "WHERE contract_id = %lld AND version = 1 AND fees_total = 150000 "
	    "AND body LIKE '%%Star \\\\\\\\*Corp\\\\\\\\*%%' AND body LIKE "
	    "'%%week \\\\\\\\*3\\\\\\\\*%%'", id);
	ck_assert_int_eq(tc_sql_int(path), 1);
	tc_free(s);
}
END_TEST

START_TEST(versions_and_scoping)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1),
	    *x = tc_as(fx.x2);
	struct tc_resp	*r;
	char		 path[256], title[96];
	long long	 id, v1;

	snprintf(title, sizeof(title), "Support terms %s", tc_tag());
	id = make_contract(s, fx.c1, title, "Line one\nLine two\nLine three",
	    "Support | 200", "");
	ck_assert_int_gt(id, 0);

	/* A draft is never visible to a contact: list, id, PDF, XML. */
	r = tc_get(a, "/contracts");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, title));
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/contracts/%lld?format=xml", id);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	snprintf(path, sizeof(path), "/contracts/%lld/pdf", id);
	ck_assert_int_eq(tc_get(a, path)->status, 404);

	/* Edit: version 2, with the diff against version 1. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	snprintf(path, sizeof(path), "/staff/contracts/%lld/edit", id);
	r = tc_post(s, path, "body", "Line one\nLine 2 changed\nLine three",
	    "fees", "Support | 250", NULL);
	ck_assert_int_eq(r->status, 303);
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	r = tc_get(s, path);
	ck_assert(tc_has(r, "Changes from version 1 to 2"));
	ck_assert(tc_has(r, "<del><span class=\"visually-hidden\">Removed: "
	    "</span>− Line two</del>"));
	ck_assert(tc_has(r, "+ Line 2 changed</ins>"));
	ck_assert(tc_has(r, "+ Support | 250.00</ins>"));
	v1 = tc_sql_intf("SELECT id FROM contract_versions WHERE "
	    "contract_id = %lld AND version = 1", id);
	ck_assert_int_gt(v1, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_versions "
	    "WHERE id = %lld AND body = 'Line one\\nLine two\\nLine three'",
	    v1), 1);

	/* Signed (on paper here): version 2 is frozen for good. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld/paper", id);
	r = tc_post(s, path, "signed_by", "Alma Star", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'active' AND signed_how = 'paper'", id), 1);
	snprintf(path, sizeof(path), "/staff/contracts/%lld/edit", id);
	r = tc_post(s, path, "body", "Sneaky change", NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_versions "
	    "WHERE contract_id = %lld", id), 2);
	/* Even the database refuses to change a sent version. */
	snprintf(path, sizeof(path), "UPDATE contract_versions SET body = "
	    "'x' WHERE contract_id = %lld AND version = 2", id);
	ck_assert_ptr_null(tc_sql(path));
	snprintf(path, sizeof(path), "DELETE FROM contract_fees WHERE "
	    "version_id = (SELECT id FROM contract_versions WHERE "
	    "contract_id = %lld AND version = 2)", id);
	ck_assert_ptr_null(tc_sql(path));
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_versions "
	    "WHERE contract_id = %lld AND version = 2 AND body LIKE "
	    "'%%Line 2 changed%%'", id), 1);

	/* The client's contact sees it now, read-only, and its PDF. */
	r = tc_get(a, "/contracts");
	ck_assert(tc_has(r, title));
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Line 2 changed"));
	ck_assert(!tc_has(r, "/edit\""));
	snprintf(path, sizeof(path), "/contracts/%lld/pdf", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(r->len > 4 && memcmp(r->body, "%PDF", 4) == 0);
	/* The dashboard card counts it. */
	r = tc_get(a, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Active contracts"));

	/* Another client's contact: 404 by list, id, PDF and XML. */
	r = tc_get(x, "/contracts");
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, title));
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	ck_assert_int_eq(tc_get(x, path)->status, 404);
	snprintf(path, sizeof(path), "/contracts/%lld?format=xml", id);
	ck_assert_int_eq(tc_get(x, path)->status, 404);
	snprintf(path, sizeof(path), "/contracts/%lld/pdf", id);
	ck_assert_int_eq(tc_get(x, path)->status, 404);
	snprintf(path, sizeof(path), "/contracts/%lld/sealed", id);
	ck_assert_int_eq(tc_get(x, path)->status, 404);
	/* And contacts never reach the staff pages. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	ck_assert_int_ne(tc_get(a, path)->status, 200);
	tc_free(s);
	tc_free(a);
	tc_free(x);
}
END_TEST

/*
 * The site's signing key for sealing (the e-signature plugin reads
 * storage/esign/key.pem and cert.pem), made once when missing.
 */
static void
esign_key(void)
{
	char	 cmd[2048];
	int	 rc;

	snprintf(cmd, sizeof(cmd), "d=%s/storage/esign; test -f $d/key.pem "
	    "|| { mkdir -p $d && openssl req -x509 -newkey rsa:2048 -nodes "
	    "-keyout $d/key.pem.tmp -out $d/cert.pem -days 30 -subj "
	    "'/CN=Atrium contracts test' >/dev/null 2>&1 && mv "
	    "$d/key.pem.tmp $d/key.pem; }", getenv("ATRIUM_TEST_DIR"));
	rc = system(cmd);
	ck_assert_msg(rc == 0, "no signing key: %d", rc);
}

/*
 * Contract id (title) is out for signature through the e-signature
 * service: the contact signs from "Sign now", the envelope is sealed,
 * and the contracts plugin hears esign.completed: the contract is
 * active with the sealed PDF, which the site verifies as its own.
 */
static void
esign_flow(struct tc_browser *s, struct tc_browser *a, long long id,
    const char *title)
{
	struct tc_resp	*r;
	char		 path[256], link[64], *out;
	long long	 env;
	int		 i;

	(void)s;
	env = tc_sql_intf("SELECT envelope_id FROM contracts WHERE id = %lld "
	    "AND state = 'sent'", id);
	ck_assert_int_gt(env, 0);
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(link, sizeof(link), "/sign/%lld\"", env);
	ck_assert_msg(tc_has(r, "Sign now") && tc_has(r, link), "%s",
	    r->body);
	/* In "needs your action" on the dashboard too. */
	ck_assert(tc_has(tc_get(a, "/"), title));
	snprintf(path, sizeof(path), "/sign/%lld", env);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	r = tc_post(a, path, "consent", "1", "kind", "typed", "typed",
	    "Alma Star", NULL);
	ck_assert_msg(r->status == 303, "sign: %ld", r->status);
	/* The first delivery runs after the response; the runner retries. */
	for (i = 0; i < 40 && tc_sql_intf("SELECT COUNT(*) FROM contracts "
	    "WHERE id = %lld AND state = 'active'", id) != 1; i++) {
		if (i == 20) {
			ck_assert_int_eq(ctl("jobs run", &out), 0);
			free(out);
		}
		usleep(250000);
	}
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'active' AND signed_how = 'esign' AND "
	    "sealed_file_id > 0", id), 1);
	/* The sealed PDF, from the contract's page, valid. */
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Download the signed, sealed PDF"));
	snprintf(path, sizeof(path), "/contracts/%lld/sealed", id);
	ck_assert_msg(tc_sealed_valid(a, path), "%s is not a PDF this site "
	    "sealed", path);
	/* Only once, however often the event comes. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contract_events "
	    "WHERE contract_id = %lld", id), 1);
}

/*
 * A contract the contact declines through the e-signature service: the
 * contract says so, and a new version can be drafted and sent again.
 */
static void
esign_decline(struct tc_browser *s, struct tc_browser *a)
{
	struct tc_resp	*r;
	char		 path[256], title[96], us[32], *out;
	long long	 id, env;
	int		 i;

	snprintf(title, sizeof(title), "Declined terms %s", tc_tag());
	id = make_contract(s, fx.c1, title, "Terms.", "Work | 100", "");
	snprintf(path, sizeof(path), "/staff/contracts/%lld/send", id);
	snprintf(us, sizeof(us), "%lld", fx.u1);
	ck_assert_int_eq(tc_post(s, path, "signer", us, NULL)->status, 303);
	env = tc_sql_intf("SELECT envelope_id FROM contracts WHERE id = %lld "
	    "AND state = 'sent'", id);
	ck_assert_int_gt(env, 0);
	snprintf(path, sizeof(path), "/sign/%lld", env);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	snprintf(path, sizeof(path), "/sign/%lld/decline", env);
	r = tc_post(a, path, "reason", "The fee is too high.", NULL);
	ck_assert_msg(r->status == 200 && tc_has(r, "You declined"),
	    "decline: %ld", r->status);
	for (i = 0; i < 40 && tc_sql_intf("SELECT COUNT(*) FROM contracts "
	    "WHERE id = %lld AND state = 'declined'", id) != 1; i++) {
		if (i == 20) {
			ck_assert_int_eq(ctl("jobs run", &out), 0);
			free(out);
		}
		usleep(250000);
	}
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'declined'", id), 1);
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Declined"));
	ck_assert(!tc_has(r, "Sign now"));
	/* Staff draft version 2 and send it again. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld/edit", id);
	ck_assert_int_eq(tc_post(s, path, "body", "Terms, lower fee.",
	    "fees", "Work | 80", NULL)->status, 303);
	snprintf(path, sizeof(path), "/staff/contracts/%lld/send", id);
	ck_assert_int_eq(tc_post(s, path, "signer", us, NULL)->status, 303);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts c JOIN "
	    "contract_versions v ON v.contract_id = c.id AND v.version = 2 "
	    "WHERE c.id = %lld AND c.state = 'sent' AND v.sent_at IS NOT "
	    "NULL", id), 1);
	ck_assert_int_gt(tc_sql_intf("SELECT envelope_id FROM contracts "
	    "WHERE id = %lld", id), env);
}

START_TEST(signing_decision_deposit_amendment)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1), *x;
	struct tc_resp	*r;
	char		 path[256], title[96], cs[32], ids[32], us[32];
	long long	 id, am, inv;
	int		 esign;

	snprintf(title, sizeof(title), "Build agreement %s", tc_tag());
	id = make_contract(s, fx.c1, title, "# Build\n\nWe build it.",
	    "Build | 10,000.00", "30");
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	esign = !tc_has(r, "E-signature is not enabled");
	if (esign)
		esign_key();
	snprintf(path, sizeof(path), "/staff/contracts/%lld/send", id);
	snprintf(us, sizeof(us), "%lld", fx.u1);
	r = tc_post(s, path, "signer", us, NULL);
	ck_assert_int_eq(r->status, 303);
	if (!esign) {
		/* Without the service: said so, nothing sent. */
		snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
		r = tc_get(s, path);
		ck_assert(tc_has(r, "E-signature is not enabled on this "
		    "site"));
		ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts "
		    "WHERE id = %lld AND state = 'draft'", id), 1);
		snprintf(path, sizeof(path), "/staff/contracts/%lld/paper",
		    id);
		r = tc_post(s, path, "signed_by", "Alma Star", NULL);
		ck_assert_int_eq(r->status, 303);
	} else {
		esign_flow(s, a, id, title);
		esign_decline(s, a);
	}
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'active'", id), 1);
	/* The decision on the project. */
	snprintf(path, sizeof(path), "SELECT COUNT(*) FROM decisions WHERE "
	    "project_id = %lld AND title = 'Contract signed: %s'", fx.p1,
	    title);
	ck_assert_int_eq(tc_sql_int(path), 1);
	/* The deposit: 30 % of the fees, invoiced once through payments. */
	inv = tc_sql_intf("SELECT COALESCE(invoice_id, 0) FROM contracts "
	    "WHERE id = %lld", id);
	ck_assert_int_gt(inv, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM pay_docs WHERE "
	    "id = %lld AND total = 300000 AND status = 'sent'", inv), 1);
	snprintf(path, sizeof(path), "SELECT COUNT(*) FROM pay_docs WHERE "
	    "client_id = %lld AND notes LIKE '%%%s%%'", fx.c1, title);
	ck_assert_int_eq(tc_sql_int(path), 1);
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	r = tc_get(s, path);
	snprintf(path, sizeof(path), "/staff/invoices/%lld", inv);
	ck_assert(tc_has(r, path));
	/* A client without payments: nothing billed, staff told why. */
	{
		char		 t2[96];
		long long	 id2;

		snprintf(t2, sizeof(t2), "Unbilled %s", tc_tag());
		id2 = make_contract(s, fx.c2, t2, "Terms.", "Work | 100", "50");
		snprintf(path, sizeof(path), "/staff/contracts/%lld/paper",
		    id2);
		ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);
		ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts "
		    "WHERE id = %lld AND state = 'active' AND invoice_id IS "
		    "NULL AND billing_note LIKE 'The deposit invoice could "
		    "not be issued%%'", id2), 1);
		snprintf(path, sizeof(path), "SELECT COUNT(*) FROM pay_docs "
		    "WHERE client_id = %lld", fx.c2);
		ck_assert_int_eq(tc_sql_int(path), 0);
		snprintf(path, sizeof(path), "/staff/contracts/%lld", id2);
		ck_assert(tc_has(tc_get(s, path), "could not be issued"));
		/* The reason is staff's, never the client's. */
		x = tc_as(fx.x2);
		snprintf(path, sizeof(path), "/contracts/%lld?format=xml",
		    id2);
		r = tc_get(x, path);
		ck_assert_int_eq(r->status, 200);
		ck_assert(tc_has(r, t2));
		ck_assert(!tc_has(r, "billing_note"));
		ck_assert(!tc_has(r, "could not be issued"));
		tc_free(x);
	}

	/* An amendment: a draft under the original, unseen until signed. */
	snprintf(cs, sizeof(cs), "%lld", fx.c1);
	snprintf(ids, sizeof(ids), "%lld", id);
	snprintf(path, sizeof(path), "/staff/contracts/new?client=%lld&"
	    "amends=%lld", fx.c1, id);
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	r = tc_post(s, "/staff/contracts/new", "client", cs, "amends", ids,
	    "title", "Amendment: extra page", "body", "Adds a page.",
	    "fees", "Extra page | 800", "currency", "EUR", NULL);
	ck_assert_int_eq(r->status, 303);
	am = tc_location_id(r);
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	ck_assert(!tc_has(tc_get(a, path), "Amendment: extra page"));
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	ck_assert(tc_has(tc_get(s, path), "Amendment: extra page"));
	snprintf(path, sizeof(path), "/staff/contracts/%lld/paper", am);
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert(tc_has(r, "Amendment: extra page"));
	r = tc_get(a, "/contracts");
	ck_assert(tc_has(r, "Amendment: "));
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(amendments_through_the_service)
{
	struct tc_browser *s = tc_as(STAFF), *a = tc_as(fx.a1);
	struct tc_resp	*r;
	char		 path[256], title[96], cs[32], ref[64], want[96];
	long long	 id, am, c3;

	/* A client without a contract in force: nothing drafted. */
	c3 = tc_make_client(tc_unique("No contract"));
	snprintf(cs, sizeof(cs), "%lld", c3);
	tc_get(s, "/staff/contracts");
	r = tc_post(s, "/amendtest/amend", "client", cs, "title", "Change",
	    "body", "More.", "origin", "amendtest", "ref", "change:1", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strncmp(r->body, "rc=2 ", 5) == 0, "%s", r->body);

	snprintf(title, sizeof(title), "In force %s", tc_tag());
	id = make_contract(s, fx.c1, title, "Terms.", "Work | 100", "");
	snprintf(path, sizeof(path), "/staff/contracts/%lld/paper", id);
	ck_assert_int_eq(tc_post(s, path, NULL)->status, 303);

	/* Drafted once per origin and reference, linked to the contract. */
	snprintf(cs, sizeof(cs), "%lld", fx.c1);
	snprintf(ref, sizeof(ref), "change:%s", tc_tag());
	r = tc_post(s, "/amendtest/amend", "client", cs, "title",
	    "Change: a blog", "body", "Adds a **blog**.", "origin",
	    "amendtest", "ref", ref, "fee", "Blog", "amount", "120000", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strncmp(r->body, "rc=0 id=", 8) == 0, "%s", r->body);
	am = strtoll(r->body + 8, NULL, 10);
	ck_assert_int_gt(am, 0);
	snprintf(want, sizeof(want), "rc=1 id=%lld ", am);
	r = tc_post(s, "/amendtest/amend", "client", cs, "title",
	    "Change: a blog", "body", "Adds a **blog**.", "origin",
	    "amendtest", "ref", ref, NULL);
	ck_assert_msg(strncmp(r->body, want, strlen(want)) == 0, "%s",
	    r->body);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts c JOIN "
	    "contract_versions v ON v.contract_id = c.id JOIN contract_fees "
	    "f ON f.version_id = v.id WHERE c.id = %lld AND c.state = "
	    "'draft' AND v.fees_total = 120000 AND f.amount = 120000",
	    am), 1);
	ck_assert_int_eq(tc_sql_intf("SELECT amends_id FROM contracts WHERE "
	    "id = %lld", am), tc_sql_intf("SELECT MAX(id) FROM contracts "
	    "WHERE client_id = %lld AND state = 'active' AND amends_id IS "
	    "NULL", fx.c1));
	/* Refused without a title; nothing drafted. */
	r = tc_post(s, "/amendtest/amend", "client", cs, "body", "x",
	    "origin", "amendtest", "ref", "change:none", NULL);
	ck_assert_msg(strncmp(r->body, "rc=-1 ", 6) == 0, "%s", r->body);
	ck_assert(strstr(r->body, "incomplete") != NULL);
	/* Staff see it; the client not while it is a draft. */
	snprintf(path, sizeof(path), "/staff/contracts/%lld", am);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Adds a <strong>blog</strong>."));
	snprintf(path, sizeof(path), "/contracts/%lld", am);
	ck_assert_int_eq(tc_get(a, path)->status, 404);
	tc_free(s);
	tc_free(a);
}
END_TEST

/*
 * Signed on a host where payments is not loaded: the contract is active,
 * no invoice, and staff read that payments is not there.  All of it runs
 * through the bare host: the signing request publishes esign.completed
 * there, so the contracts subscriber's delivery is made by that worker
 * after its response, or by the bare host's runner below.  Nothing else
 * can take it: a worker delivers only the events its own request
 * published, the test stack runs no scheduled jobs, the suites run one
 * at a time and this test never runs the full host's jobs.
 */
START_TEST(deposit_when_payments_is_not_loaded)
{
	struct tc_browser *s, *a, *full;
	struct tc_resp	*r;
	char		 path[256], title[96], us[32], sql[512], *out;
	long long	 id, env;
	int		 i;

	s = tc_as_host("BARE", "payments", STAFF);
	a = tc_as_host("BARE", "payments", fx.a1);
	snprintf(title, sizeof(title), "Bare host terms %s", tc_tag());
	id = make_contract(s, fx.c1, title, "# Terms\n\nWork.",
	    "Work | 2,000.00", "40");
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(!tc_has(r, "E-signature is not enabled"), "esign is "
	    "not loaded on the bare host");
	esign_key();
	snprintf(path, sizeof(path), "/staff/contracts/%lld/send", id);
	snprintf(us, sizeof(us), "%lld", fx.u1);
	ck_assert_int_eq(tc_post(s, path, "signer", us, NULL)->status, 303);
	env = tc_sql_intf("SELECT envelope_id FROM contracts WHERE id = %lld "
	    "AND state = 'sent'", id);
	ck_assert_int_gt(env, 0);
	snprintf(path, sizeof(path), "/sign/%lld", env);
	ck_assert_int_eq(tc_get(a, path)->status, 200);
	r = tc_post(a, path, "consent", "1", "kind", "typed", "typed",
	    "Alma Star", NULL);
	ck_assert_msg(r->status == 303, "sign: %ld", r->status);
	for (i = 0; i < 40 && tc_sql_intf("SELECT COUNT(*) FROM contracts "
	    "WHERE id = %lld AND state = 'active'", id) != 1; i++) {
		if (i == 20) {
			ck_assert_int_eq(ctl_at(getenv("ATRIUM_TEST_CONF_BARE"),
			    "jobs run", &out), 0);
			free(out);
		}
		usleep(250000);
	}
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND state = 'active' AND signed_how = 'esign'", id), 1);
	/* No invoice, and why, for staff. */
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND invoice_id IS NULL AND billing_note LIKE 'No "
	    "deposit invoice was issued: invoicing (the payments plugin) is "
	    "not available%%'", id), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM pay_docs WHERE "
	    "client_id = %lld AND notes LIKE '%%%s%%'", fx.c1, title);
	ck_assert_int_eq(tc_sql_int(sql), 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM pay_docs WHERE "
	    "origin = 'contracts' AND origin_ref = 'contract:%lld'", id);
	ck_assert_int_eq(tc_sql_int(sql), 0);
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	ck_assert(tc_has(tc_get(s, path), "the payments plugin) is not "
	    "available"));
	/* The full host shows the same note; the client never sees it. */
	full = tc_as(STAFF);
	ck_assert(tc_has(tc_get(full, path), "the payments plugin) is not "
	    "available"));
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(a, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!tc_has(r, "payments plugin"));
	/*
	 * Billed later from the shell of the host with payments
	 * (`atriumctl contracts bill`): 40 % of 2,000.00, once.
	 */
	snprintf(sql, sizeof(sql), "contracts bill %lld", id);
	ck_assert_int_eq(ctl(sql, &out), 0);
	ck_assert_msg(strstr(out, "Deposit invoice") != NULL, "%s", out);
	free(out);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM contracts c JOIN "
	    "pay_docs d ON d.id = c.invoice_id WHERE c.id = %lld AND "
	    "c.billing_note IS NULL AND d.total = 80000 AND d.origin_ref = "
	    "'contract:%lld'", id, id);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	snprintf(sql, sizeof(sql), "contracts bill %lld", id);
	ck_assert_int_eq(ctl(sql, &out), 1);
	ck_assert_msg(strstr(out, "already invoiced") != NULL, "%s", out);
	free(out);
	ck_assert_int_eq(ctl("contracts bill x", &out), 2);
	free(out);
	tc_free(full);
	tc_free(s);
	tc_free(a);
}
END_TEST

/*
 * The demo data (install/lib.sh, at_demo_data; plugins/contracts/demo.sh)
 * went through the services: Northwind's signed agreement has its
 * deposit invoice from the invoicing service, Ana's retainer a real
 * envelope ("Sign now" opens the signing page), Globex a draft.  Reads
 * the demo; only Ana's opening of the signing page is recorded.
 */
START_TEST(demo_through_the_services)
{
	struct tc_browser *ana = tc_as("ana@northwind.test"), *s = tc_as(STAFF),
	    *cleo = tc_as("cleo@globex.test");
	struct tc_resp	*r;
	char		 path[256], link[64];
	long long	 id, env, inv;

	/* Ana's retainer: out for her signature through the service. */
	id = tc_sql_int("SELECT MIN(id) FROM contracts WHERE client_id = 1 "
	    "AND title = 'Monthly retainer'");
	ck_assert_int_gt(id, 0);
	env = tc_sql_intf("SELECT COALESCE(envelope_id, 0) FROM contracts "
	    "WHERE id = %lld AND state = 'sent'", id);
	ck_assert_int_gt(env, 0);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM esign_envelopes e "
	    "JOIN esign_signers g ON g.envelope_id = e.id JOIN users u ON "
	    "u.id = g.user_id WHERE e.id = %lld AND e.state = 'sent' AND "
	    "e.origin = 'contracts' AND u.email = 'ana@northwind.test'",
	    env), 1);
	snprintf(path, sizeof(path), "href=\"/contracts/%lld\"", id);
	r = tc_get(ana, "/");
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Monthly retainer") && tc_has(r, path));
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(link, sizeof(link), "href=\"/sign/%lld\"", env);
	ck_assert_msg(tc_has(r, "Sign now") && tc_has(r, link), "%s",
	    r->body);
	snprintf(path, sizeof(path), "/sign/%lld", env);
	r = tc_get(ana, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Monthly retainer"));

	/* Northwind's signed agreement: 30 % of EUR 18,500.00, invoiced. */
	id = tc_sql_int("SELECT MIN(id) FROM contracts WHERE client_id = 1 "
	    "AND title = 'Website design agreement'");
	ck_assert_int_gt(id, 0);
	inv = tc_sql_intf("SELECT COALESCE(invoice_id, 0) FROM contracts "
	    "WHERE id = %lld AND state = 'active' AND billing_note IS NULL",
	    id);
	ck_assert_int_gt(inv, 0);
	snprintf(path, sizeof(path), "SELECT COUNT(*) FROM pay_docs WHERE "
	    "id = %lld AND client_id = 1 AND total = 555000 AND origin = "
	    "'contracts' AND origin_ref = 'contract:%lld'", inv, id);
	ck_assert_int_eq(tc_sql_int(path), 1);
	snprintf(path, sizeof(path), "/staff/contracts/%lld", id);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	snprintf(path, sizeof(path), "/staff/invoices/%lld", inv);
	ck_assert(tc_has(r, path));
	ck_assert_int_eq(tc_get(s, path)->status, 200);
	snprintf(path, sizeof(path), "/staff/contracts/%lld/pdf", id);
	r = tc_get(s, path);
	ck_assert_int_eq(r->status, 200);
	ck_assert(r->len > 4 && memcmp(r->body, "%PDF", 4) == 0);
	snprintf(path, sizeof(path), "/staff/contracts/%lld/sealed", id);
	ck_assert_int_eq(tc_get(s, path)->status, 404);	/* on paper */

	/* Globex: a draft its contact never sees. */
	id = tc_sql_int("SELECT MIN(id) FROM contracts WHERE client_id = 2 "
	    "AND title = 'Brand refresh agreement' AND state = 'draft'");
	ck_assert_int_gt(id, 0);
	snprintf(path, sizeof(path), "/contracts/%lld", id);
	ck_assert_int_eq(tc_get(cleo, path)->status, 404);
	tc_free(ana);
	tc_free(s);
	tc_free(cleo);
}
END_TEST

START_TEST(renewal_job)
{
	struct tc_browser *s = tc_as(STAFF);
	char		 title[96], sql[512], *out;
	long long	 id, before;
	int		 rc;

	snprintf(title, sizeof(title), "Retainer %s", tc_tag());
	id = make_contract(s, fx.c1, title, "Monthly help.", "", "");
	snprintf(sql, sizeof(sql), "/staff/contracts/%lld/paper", id);
	ck_assert_int_eq(tc_post(s, sql, NULL)->status, 303);
	snprintf(sql, sizeof(sql), "UPDATE contracts SET renewal_date = "
	    "UTC_DATE() + INTERVAL 5 DAY, end_date = UTC_DATE() + INTERVAL "
	    "40 DAY WHERE id = %lld", id);
	out = tc_sql(sql);
	ck_assert_ptr_nonnull(out);
	free(out);
	before = tc_sql_intf("SELECT COUNT(*) FROM notifications WHERE kind "
	    "= 'contracts.team' AND item_id = %lld", id);
	rc = ctl("jobs run contracts.renewals", &out);
	ck_assert_msg(rc == 0, "jobs run: %d %s", rc, out);
	free(out);
	ck_assert_int_gt(tc_sql_intf("SELECT COUNT(*) FROM notifications "
	    "WHERE kind = 'contracts.team' AND item_id = %lld", id), before);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM contracts WHERE "
	    "id = %lld AND renewal_told IS NOT NULL AND end_told IS NULL",
	    id), 1);
	/* Once: a second run tells nobody again. */
	before = tc_sql_intf("SELECT COUNT(*) FROM notifications WHERE kind "
	    "= 'contracts.team' AND item_id = %lld", id);
	rc = ctl("jobs run contracts.renewals", &out);
	ck_assert_int_eq(rc, 0);
	free(out);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM notifications "
	    "WHERE kind = 'contracts.team' AND item_id = %lld", id), before);
	tc_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("contracts");
	TCase	*tc = tcase_create("flow");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, templates_and_merge_fields);
	tcase_add_test(tc, versions_and_scoping);
	tcase_add_test(tc, signing_decision_deposit_amendment);
	tcase_add_test(tc, amendments_through_the_service);
	tcase_add_test(tc, renewal_job);
	tcase_add_test(tc, deposit_when_payments_is_not_loaded);
	tcase_add_test(tc, demo_through_the_services);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
