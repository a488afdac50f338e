/*
 * Staff list pages' filters (include/atrium/listing.h): client and owner
 * are positive ids or 0, a state is one of the page's own or the
 * default, and the page model echoes what was read, nothing else.  The
 * clients' menu (AT_LIST_CLIENTS) reads the database: the staff list
 * suites (check_meetings, check_payments) cover it.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static struct at_pool	*pool;
static struct at_site	 site;
static struct at_req	 req;
static struct at_param	 params[4];
static int		 viewed;

static const char *const states[] = { "requested", "proposed", "held",
    NULL };

/*
 * A request for a page with query parameters given as name, value pairs
 * (at most four, ended by NULL); the page's content node.
 */
static xmlNodePtr
start(const char *name, ...)
{
	va_list		 ap;
	size_t		 n = 0;

	memset(&site, 0, sizeof(site));
	site.name = "Atrium";
	site.base_url = "https://hub.example.com";
	site.skin = "default";
	site.skins_dir = AT_TEST_SRCDIR "/skins";
	site.static_url = "/static";
	site.timezone = "UTC";
	pool = at_pool_new();
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.path = "/staff/things";
	req.method = AT_GET;
	memset(params, 0, sizeof(params));
	va_start(ap, name);
	for (; name != NULL && n < 4; name = va_arg(ap, const char *)) {
		params[n].name = name;
		params[n].value = va_arg(ap, const char *);
		params[n].valsz = strlen(params[n].value);
		if (n > 0)
			params[n - 1].next = &params[n];
		n++;
	}
	va_end(ap);
	req.queryp = n > 0 ? &params[0] : NULL;
	if (!viewed) {
		ck_assert_int_eq(at_view_init(&site), 0);
		viewed = 1;
	}
	at_page_new(&req);
	return at_page_content(&req);
}

/* Attribute name of content's <filter>, or NULL (in the pool). */
static const char *
attr(xmlNodePtr content, const char *name)
{
	xmlNodePtr	 n;
	xmlChar		*v;
	const char	*s;

	for (n = content->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "filter") == 0)
			break;
	ck_assert_ptr_nonnull(n);
	if ((v = xmlGetProp(n, BAD_CAST name)) == NULL)
		return NULL;
	s = at_pstrdup(pool, (const char *)v);
	xmlFree(v);
	return s;
}

/* Good values are read and echoed. */
START_TEST(reads_good_values)
{
	struct at_list_filter f;
	xmlNodePtr	 c;

	c = start("client", "12", "status", "proposed", "owner", "7", NULL);
	ck_assert_int_eq(at_list_filter(&req, c, "status", states, NULL,
	    AT_LIST_OWNER, &f), 0);
	ck_assert_int_eq(f.client, 12);
	ck_assert_str_eq(f.state, "proposed");
	ck_assert_int_eq(f.owner, 7);
	ck_assert_str_eq(attr(c, "client"), "12");
	ck_assert_str_eq(attr(c, "status"), "proposed");
	ck_assert_str_eq(attr(c, "owner"), "7");
	at_pool_free(pool);
}
END_TEST

/* Ids that are not positive numbers are 0: every client, anyone. */
START_TEST(bad_ids_are_zero)
{
	static const char *const bad[] = { "-3", "abc", "0", "", "1e3",
	    "99999999999999999999", NULL };
	struct at_list_filter f;
	xmlNodePtr	 c;
	size_t		 i;

	for (i = 0; bad[i] != NULL; i++) {
		c = start("client", bad[i], "owner", bad[i], NULL);
		ck_assert_int_eq(at_list_filter(&req, c, NULL, NULL, NULL,
		    AT_LIST_OWNER, &f), 0);
		ck_assert_msg(f.client == 0 && f.owner == 0, "%s", bad[i]);
		ck_assert_str_eq(attr(c, "client"), "0");
		ck_assert_str_eq(attr(c, "owner"), "0");
		at_pool_free(pool);
	}
}
END_TEST

/* A state not of the page's is the default; no default is any state. */
START_TEST(unknown_state_is_the_default)
{
	struct at_list_filter f;
	xmlNodePtr	 c;

	c = start("status", "'; DROP TABLE x", NULL);
	ck_assert_int_eq(at_list_filter(&req, c, "status", states, "held", 0,
	    &f), 0);
	ck_assert_str_eq(f.state, "held");
	ck_assert_str_eq(attr(c, "status"), "held");
	at_pool_free(pool);

	c = start("status", "PROPOSED", NULL);
	ck_assert_int_eq(at_list_filter(&req, c, "status", states, NULL, 0,
	    &f), 0);
	ck_assert_ptr_null(f.state);
	ck_assert_ptr_null(attr(c, "status"));
	at_pool_free(pool);

	/* Absent: the default too. */
	c = start(NULL);
	ck_assert_int_eq(at_list_filter(&req, c, "state", states, "requested",
	    0, &f), 0);
	ck_assert_str_eq(f.state, "requested");
	ck_assert_str_eq(attr(c, "state"), "requested");
	ck_assert_int_eq(f.client, 0);
	at_pool_free(pool);
}
END_TEST

/* What the page did not ask for is neither read nor echoed. */
START_TEST(unasked_filters_stay_out)
{
	struct at_list_filter f;
	xmlNodePtr	 c;

	c = start("status", "held", "owner", "5", NULL);
	ck_assert_int_eq(at_list_filter(&req, c, NULL, states, "held", 0, &f),
	    0);
	ck_assert_ptr_null(f.state);
	ck_assert_int_eq(f.owner, 0);
	ck_assert_ptr_null(attr(c, "status"));
	ck_assert_ptr_null(attr(c, "owner"));
	ck_assert_str_eq(attr(c, "client"), "0");
	at_pool_free(pool);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("listing");
	TCase	*tc = tcase_create("filter");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, reads_good_values);
	tcase_add_test(tc, bad_ids_are_zero);
	tcase_add_test(tc, unknown_state_is_the_default);
	tcase_add_test(tc, unasked_filters_stay_out);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
