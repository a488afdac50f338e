/*
 * E-invoicing: a sent invoice or credit note as UBL 2.1 XML with the
 * fields of EN 16931 (Peppol BIS Billing 3.0).  C builds a small model
 * of the document (amounts as plain decimals, lines, the tax breakdown
 * per rate, both parties, the bank account) and the stylesheet
 * xsl/ubl/invoice-ubl.xsl of the plugin's data folder draws the UBL, so
 * the mapping can be read and adjusted without touching C.  The
 * stylesheet runs under the same rules as pages: no writing, no network.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/security.h>
#include <libxslt/xsltutils.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "invoice.h"
#include "pay.h"

static xsltStylesheetPtr ubl_xsl;
static xsltSecurityPrefsPtr ubl_sec;

/* The compiled stylesheet (once per process), or NULL (logged). */
static xsltStylesheetPtr
ubl_sheet(const struct at_site *site)
{
	char	 path[4096];

	if (ubl_xsl != NULL)
		return ubl_xsl;
	if (ubl_sec == NULL) {
		if ((ubl_sec = xsltNewSecurityPrefs()) == NULL)
			return NULL;
		xsltSetSecurityPrefs(ubl_sec, XSLT_SECPREF_WRITE_FILE,
		    xsltSecurityForbid);
		xsltSetSecurityPrefs(ubl_sec, XSLT_SECPREF_CREATE_DIRECTORY,
		    xsltSecurityForbid);
		xsltSetSecurityPrefs(ubl_sec, XSLT_SECPREF_WRITE_NETWORK,
		    xsltSecurityForbid);
		xsltSetSecurityPrefs(ubl_sec, XSLT_SECPREF_READ_NETWORK,
		    xsltSecurityForbid);
		xsltSetSecurityPrefs(ubl_sec, XSLT_SECPREF_READ_FILE,
		    xsltSecurityForbid);
	}
	snprintf(path, sizeof(path), "%s/plugins/payments/xsl/ubl/"
	    "invoice-ubl.xsl", at_site_data_dir(site));
	if ((ubl_xsl = xsltParseStylesheetFile((const xmlChar *)path)) == NULL)
		log_warn("payments: %s: not a usable stylesheet", path);
	return ubl_xsl;
}

/* <name>amount as a decimal</name> under n. */
static void
ubl_amount(struct at_pool *pool, xmlNodePtr n, const char *name,
    long long v, const struct at_currency *cur)
{
	at_x(n, name, at_money_decimal(pool, v, cur));
}

/* A party's text (name, address lines, "Tax ID: ...") as elements. */
static void
ubl_party(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr	 p = at_x(parent, name, NULL);
	const char	*s = text != NULL ? text : "", *e;
	char		 line[512];
	int		 first = 1;
	size_t		 n;

	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		n = (size_t)(e - s) < sizeof(line) - 1 ? (size_t)(e - s) :
		    sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		if (n == 0)
			continue;
		if (first)
			at_x(p, "name", line);
		else if (strncmp(line, "Tax ID: ", 8) == 0)
			at_x(p, "tax_id", line + 8);
		else
			at_x(p, "line", line);
		first = 0;
	}
}

/*
 * GET /invoices/:id/ubl (contact), /staff/invoices/:id/ubl (staff): the
 * sent invoice or credit note as UBL 2.1 (application/xml, a download).
 * Drafts, quotes and void documents have none (404).
 */
int
pay_ubl(struct at_req *req)
{
	struct at_rows	*r, *l;
	const struct at_currency *cur;
	xmlDocPtr	 doc = NULL, res = NULL;
	xmlNodePtr	 root, lines, it, taxes, t;
	xsltStylesheetPtr xsl;
	xsltTransformContextPtr ctxt = NULL;
	xmlChar		*buf = NULL;
	int		 st, n = 0, rc = 500;
	size_t		 i, k, nr = 0;
	long long	 id, gross, rates[32][3];

	if ((r = pay_doc_get(req, at_arg_id(req, "id"), &st)) == NULL)
		return st;
	if (strcmp(at_row(r, 0, "kind"), "quote") == 0 ||
	    at_row(r, 0, "number") == NULL ||
	    strcmp(at_row(r, 0, "status"), "void") == 0 ||
	    (cur = at_currency(at_row(r, 0, "currency"))) == NULL)
		return 404;
	id = at_row_int(r, 0, "id", 0);
	l = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id, description, "
	    "qty_milli, unit, discount_bp, tax_name, rate_bp, net, tax FROM "
	    "pay_lines WHERE doc_id = ? ORDER BY id", "I", id);
	if (l == NULL)
		return 500;
	if ((xsl = ubl_sheet(at_req_site(req))) == NULL)
		return 500;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewNode(NULL, (const xmlChar *)"invoice");
	xmlDocSetRootElement(doc, root);
	at_xa(root, "kind", at_row(r, 0, "kind"));
	at_x(root, "number", at_row(r, 0, "number"));
	at_x(root, "issue_date", at_row(r, 0, "issue_date"));
	if (strcmp(at_row(r, 0, "kind"), "invoice") == 0)
		at_x(root, "due_date", at_row(r, 0, "due_date"));
	at_x(root, "currency", cur->code);
	at_x(root, "buyer_reference", at_row(r, 0, "title") != NULL &&
	    *at_row(r, 0, "title") != '\0' ? at_row(r, 0, "title") :
	    at_row(r, 0, "number"));
	if (at_row(r, 0, "notes") != NULL)
		at_x(root, "note", at_row(r, 0, "notes"));
	if (at_row(r, 0, "terms") != NULL)
		at_x(root, "terms", at_row(r, 0, "terms"));
	ubl_party(root, "seller", at_row(r, 0, "seller"));
	ubl_party(root, "buyer", at_row(r, 0, "buyer"));
	if (pay_conf.iban[0] != '\0') {
		it = at_x(root, "account", NULL);
		at_x(it, "iban", pay_conf.iban);
		at_x(it, "holder", pay_conf.bank_holder);
		if (pay_conf.bic[0] != '\0')
			at_x(it, "bic", pay_conf.bic);
	}
	lines = at_x(root, "lines", NULL);
	for (i = 0; i < l->n; i++) {
		/* Credit notes carry positive amounts in UBL. */
		long long sign = strcmp(at_row(r, 0, "kind"), "credit") == 0 ?
		    -1 : 1, net = sign * at_row_int(l, i, "net", 0);
		int64_t g;

		it = at_x(lines, "line", NULL);
		at_xf(it, "id", "%zu", i + 1);
		at_x(it, "name", at_row(l, i, "description"));
		at_x(it, "qty", at_qty_decimal(at_req_pool(req), at_row_int(l, i,
		    "qty_milli", 0)));
		ubl_amount(at_req_pool(req), it, "price", sign * at_row_int(l, i,
		    "unit", 0), cur);
		ubl_amount(at_req_pool(req), it, "net", net, cur);
		if (at_money_line(sign * at_row_int(l, i, "unit", 0),
		    at_row_int(l, i, "qty_milli", 0), &g) == -1)
			goto out;
		gross = g;
		if (gross != net)
			ubl_amount(at_req_pool(req), it, "allowance", gross - net,
			    cur);
		at_x(it, "rate", at_money_decimal(at_req_pool(req), at_row_int(l, i,
		    "rate_bp", 0), at_currency("USD")));
		/* The breakdown per rate: taxable amount and tax. */
		for (k = 0; k < nr; k++)
			if (rates[k][0] == at_row_int(l, i, "rate_bp", 0))
				break;
		if (k == nr) {
			if (nr == 32)
				goto out;
			rates[nr][0] = at_row_int(l, i, "rate_bp", 0);
			rates[nr][1] = rates[nr][2] = 0;
			nr++;
		}
		rates[k][1] += net;
		rates[k][2] += sign * at_row_int(l, i, "tax", 0);
	}
	taxes = at_x(root, "taxes", NULL);
	for (k = 0; k < nr; k++) {
		t = at_x(taxes, "tax", NULL);
		at_x(t, "rate", at_money_decimal(at_req_pool(req), rates[k][0],
		    at_currency("USD")));
		ubl_amount(at_req_pool(req), t, "taxable", rates[k][1], cur);
		ubl_amount(at_req_pool(req), t, "amount", rates[k][2], cur);
	}
	{
		long long sign = strcmp(at_row(r, 0, "kind"), "credit") == 0 ?
		    -1 : 1;
		int64_t	 bal;

		ubl_amount(at_req_pool(req), root, "net", sign * at_row_int(r, 0,
		    "net", 0), cur);
		ubl_amount(at_req_pool(req), root, "tax", sign * at_row_int(r, 0,
		    "tax", 0), cur);
		ubl_amount(at_req_pool(req), root, "total", sign * at_row_int(r, 0,
		    "total", 0), cur);
		ubl_amount(at_req_pool(req), root, "prepaid", sign * (at_row_int(r, 0,
		    "paid", 0) + at_row_int(r, 0, "credited", 0)), cur);
		if (pay_balance(at_row_int(r, 0, "total", 0), at_row_int(r, 0,
		    "paid", 0), at_row_int(r, 0, "credited", 0), &bal) == -1)
			goto out;
		ubl_amount(at_req_pool(req), root, "payable", sign * bal, cur);
	}
	if ((ctxt = xsltNewTransformContext(xsl, doc)) == NULL)
		goto out;
	xsltSetCtxtSecurityPrefs(ubl_sec, ctxt);
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, ctxt);
	if (res == NULL || ctxt->state != XSLT_STATE_OK ||
	    xsltSaveResultToString(&buf, &n, res, xsl) != 0 || buf == NULL) {
		log_warn("payments: document %lld: the UBL could not be drawn",
		    id);
		goto out;
	}
	at_resp_header(req, "Content-Disposition", at_pprintf(at_req_pool(req),
	    "attachment; filename=\"%s.xml\"", at_header_quote(at_req_pool(req),
	    at_row(r, 0, "number"))));
	rc = at_send(req, 200, "application/xml; charset=utf-8", buf,
	    (size_t)n);
out:
	xmlFree(buf);
	if (res != NULL)
		xmlFreeDoc(res);
	if (ctxt != NULL)
		xsltFreeTransformContext(ctxt);
	xmlFreeDoc(doc);
	return rc;
}
