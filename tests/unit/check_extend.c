/*
 * The extension points' registry (atrium/extend.h) without a database:
 * the built-in modules register their report panels, project sections,
 * dashboard parts and search providers at start, and the registry lists
 * them in order; a module's registrations go when it is unregistered.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static struct at_site	 site;

START_TEST(registered_panel_is_listed)
{
	const struct at_report_panel *const *p;
	size_t		 n, i;
	int		 found = 0;

	n = at_report_panels(&p);
	ck_assert_uint_ge(n, 1);
	ck_assert_ptr_null(p[n]);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(p[i]->fn);
		ck_assert_uint_eq(p[i]->size, sizeof(struct at_report_panel));
		if (strcmp(p[i]->name, "projects") == 0) {
			ck_assert_str_eq(p[i]->title, "Projects");
			found = 1;
		}
		if (i > 0)
			ck_assert_int_le(p[i - 1]->order, p[i]->order);
	}
	ck_assert_msg(found, "the projects module's panel is not listed");
}
END_TEST

START_TEST(unregistered_module_leaves_nothing)
{
	const struct at_report_panel *const *p;
	size_t		 n, i;

	at_ext_unregister("projects");
	n = at_report_panels(&p);
	for (i = 0; i < n; i++)
		ck_assert_str_ne(p[i]->name, "projects");
	/* Put everything back for the other tests. */
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site), 0);
	n = at_report_panels(&p);
	ck_assert_uint_ge(n, 1);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	memset(&site, 0, sizeof(site));
	site.data_dir = "/nonexistent";
	if (at_registry_init(&site) == -1)
		return EXIT_FAILURE;
	s = suite_create("extend");
	tc = tcase_create("registry");
	tcase_add_test(tc, registered_panel_is_listed);
	tcase_add_test(tc, unregistered_module_leaves_nothing);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
