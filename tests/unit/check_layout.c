/*
 * The layout of the public structs a plugin reads or fills that carry no
 * size of their own and are not opaque: a change to one of them is an
 * ABI change (a plugin built against the old layout reads the wrong
 * member), so it must show here first.  Structs that carry their size
 * (AT_EXT_SIZE, at_plugin's size) and the opaque ones (at_req, at_site,
 * at_user, at_response) are not listed; at_plugin, at_route, at_field and
 * the configuration structs are pinned in check_config and check_router.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdlib.h>

#include <atrium/atrium.h>
#include <atrium/contracts.h>
#include <atrium/esign.h>
#include <atrium/invoicing.h>
#include <atrium/mailin.h>
#include <atrium/money.h>

#define PIN(s, m, off)	ck_assert_uint_eq(offsetof(struct s, m), (off))
#define SIZE(s, n)	ck_assert_uint_eq(sizeof(struct s), (n))

/* The job context and the money tables (LP64). */
START_TEST(jobs_and_money)
{
	PIN(at_job_ctx, site, 0);
	PIN(at_job_ctx, db, 8);
	PIN(at_job_ctx, pool, 16);
	PIN(at_job_ctx, now, 24);
	PIN(at_job_ctx, job, 32);
	SIZE(at_job_ctx, 40);
	PIN(at_currency, code, 0);
	PIN(at_currency, exponent, 8);
	PIN(at_currency, name, 16);
	PIN(at_currency, symbol, 24);
	SIZE(at_currency, 32);
	PIN(at_money_rule, name, 0);
	PIN(at_money_rule, decimal, 8);
	PIN(at_money_rule, group, 16);
	PIN(at_money_rule, after, 24);
	SIZE(at_money_rule, 32);
}
END_TEST

/* What at_pdf_render takes and gives back (LP64). */
START_TEST(pdf)
{
	PIN(at_pdf, data, 0);
	PIN(at_pdf, len, 8);
	PIN(at_pdf, pages, 16);
	PIN(at_pdf, page_w, 24);
	PIN(at_pdf, page_h, 32);
	PIN(at_pdf, boxes, 40);
	PIN(at_pdf, nboxes, 48);
	SIZE(at_pdf, 56);
	PIN(at_pdf_box, id, 0);
	PIN(at_pdf_box, page, 8);
	PIN(at_pdf_box, x, 16);
	PIN(at_pdf_box, y, 24);
	PIN(at_pdf_box, w, 32);
	PIN(at_pdf_box, h, 40);
	SIZE(at_pdf_box, 48);
	PIN(at_pdf_image, name, 0);
	PIN(at_pdf_image, data, 8);
	PIN(at_pdf_image, len, 16);
	SIZE(at_pdf_image, 24);
	PIN(at_pdf_opts, path, 0);
	PIN(at_pdf_opts, images, 8);
	PIN(at_pdf_opts, nimages, 16);
	SIZE(at_pdf_opts, 24);
}
END_TEST

/*
 * Array entries the core or a service walks by the caller's count: a
 * report table's columns, a decision's approvers, the services' lines,
 * fees, documents and reply attachments (LP64).
 */
START_TEST(array_entries)
{
	PIN(at_rp_col, name, 0);
	PIN(at_rp_col, label, 8);
	PIN(at_rp_col, type, 16);
	SIZE(at_rp_col, 24);
	PIN(at_decision_approver, position, 0);
	PIN(at_decision_approver, name, 8);
	PIN(at_decision_approver, approved_at, 16);
	PIN(at_decision_approver, comment, 24);
	SIZE(at_decision_approver, 32);
	PIN(at_invoice_line, description, 0);
	PIN(at_invoice_line, qty_milli, 8);
	PIN(at_invoice_line, unit, 16);
	PIN(at_invoice_line, tax, 24);
	SIZE(at_invoice_line, 32);
	PIN(at_contract_fee, description, 0);
	PIN(at_contract_fee, amount, 8);
	SIZE(at_contract_fee, 16);
	PIN(at_esign_doc, name, 0);
	PIN(at_esign_doc, pdf, 8);
	PIN(at_esign_doc, len, 16);
	SIZE(at_esign_doc, 24);
	PIN(at_mailin_file, name, 0);
	PIN(at_mailin_file, mime, 8);
	PIN(at_mailin_file, data, 16);
	PIN(at_mailin_file, len, 24);
	SIZE(at_mailin_file, 32);
}
END_TEST

/* What at_list_filter fills in (LP64). */
START_TEST(list_filter)
{
	PIN(at_list_filter, client, 0);
	PIN(at_list_filter, state, 8);
	PIN(at_list_filter, owner, 16);
	SIZE(at_list_filter, 24);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("layout");
	TCase	*tc = tcase_create("pinned");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, jobs_and_money);
	tcase_add_test(tc, pdf);
	tcase_add_test(tc, array_entries);
	tcase_add_test(tc, list_filter);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
