/*
 * Validated values only, end to end through nginx: a declared field sent
 * twice, or a file part under a text field's name, is a 400 before any
 * handler runs and changes nothing; a rejected value comes back on the
 * form as typed with its message, and is never stored.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

#define STAFF	"staff@demo.test"

static char	 tag[32];

/* How many clients are called name. */
static long long
clients_named(const char *name)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM clients WHERE "
	    "name = '%s'", name);
	return tc_sql_int(sql);
}

START_TEST(duplicate_field_is_400)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 a[64], b[64];

	snprintf(a, sizeof(a), "Dup A %s", tag);
	snprintf(b, sizeof(b), "Dup B %s", tag);
	tc_get(s, "/staff/clients");
	r = tc_post(s, "/staff/clients", "name", a, "name", b, NULL);
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(clients_named(a), 0);
	ck_assert_int_eq(clients_named(b), 0);
	/* The same form with one value is accepted. */
	tc_get(s, "/staff/clients");
	r = tc_post(s, "/staff/clients", "name", a, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(clients_named(a), 1);
	tc_free(s);
}
END_TEST

START_TEST(file_under_text_name_is_400)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 a[64];
	static const char data[] = "not a name\n";

	snprintf(a, sizeof(a), "File As Name %s", tag);
	tc_get(s, "/staff/clients");
	/* "name" is a text field of this form; here it comes as a file. */
	r = tc_post_file(s, "/staff/clients", "name", "name.txt", data,
	    sizeof(data) - 1, NULL);
	ck_assert_int_eq(r->status, 400);
	/* And alongside a proper text value of the same name. */
	tc_get(s, "/staff/clients");
	r = tc_post_file(s, "/staff/clients", "name", "name.txt", data,
	    sizeof(data) - 1, "name", a, NULL);
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(clients_named(a), 0);
	/* As multipart with text only, the form works. */
	tc_get(s, "/staff/clients");
	r = tc_post_file(s, "/staff/clients", "other", "x.txt", data,
	    sizeof(data) - 1, "name", a, NULL);
	ck_assert_int_eq(r->status, 303);
	ck_assert_int_eq(clients_named(a), 1);
	tc_free(s);
}
END_TEST

START_TEST(rejected_value_redrawn_not_stored)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 name[64], path[96], bad[64], sql[256];
	long long	 id;

	snprintf(name, sizeof(name), "Redraw %s", tag);
	tc_get(s, "/staff/clients");
	r = tc_post(s, "/staff/clients", "name", name, NULL);
	ck_assert_int_eq(r->status, 303);
	id = tc_location_id(r);
	ck_assert(id > 0);
	snprintf(path, sizeof(path), "/staff/clients/%lld/contacts", id);
	snprintf(bad, sizeof(bad), "not-an-address-%s", tag);
	tc_get(s, path + 0);
	r = tc_post(s, path, "email", bad, "name", "Zed Redraw", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "Enter an e-mail address like name@example.com."));
	ck_assert_msg(tc_has(r, bad), "the typed address is not redrawn");
	ck_assert(tc_has(r, "Zed Redraw"));
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM users WHERE "
	    "client_id = %lld", id);
	ck_assert_int_eq(tc_sql_int(sql), 0);
	tc_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	int	 failed;

	snprintf(tag, sizeof(tag), "%ld-%ld", (long)time(NULL),
	    (long)getpid());
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("forms");
	tc = tcase_create("forms");
	tcase_add_test(tc, duplicate_field_is_400);
	tcase_add_test(tc, file_under_text_name_is_400);
	tcase_add_test(tc, rejected_value_redrawn_not_stored);
	suite_add_tcase(s, tc);
	failed = tc_run_suite(s);
	curl_global_cleanup();
	return failed;
}
