/*
 * The config reader: the sample file parses; every broken file is refused
 * with a message naming the file and the line; values are converted.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

static char	 path[] = "/tmp/check_config.XXXXXX";

/* Writes text to a new temporary file; its name is in path. */
static void
write_conf(const char *text)
{
	int	 fd;

	strcpy(path, "/tmp/check_config.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

START_TEST(sample_parses)
{
	struct at_site	 site;
	char		 err[512];

	ck_assert_msg(at_config_load(&site, AT_TEST_SRCDIR
	    "/etc/atrium.conf.sample", err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(site.skin, "default");
	ck_assert_int_eq(site.session_idle, 1800);
	ck_assert_int_eq(site.session_absolute, 12 * 3600);
	ck_assert_uint_eq(site.limits.max_body, 50 * 1024 * 1024);
	ck_assert_uint_eq(site.limits.max_field, 64 * 1024);
	ck_assert_int_eq(site.socket_mode, 0660);
	ck_assert_int_eq(site.secure_cookies, -1);
	ck_assert_uint_eq(site.nplugins, 1);
	ck_assert_str_eq(site.plugins[0], "meetings");
	at_config_free(&site);
}
END_TEST

START_TEST(values_convert)
{
	struct at_site	 site;
	char		 err[512];

	write_conf("site {\n base-url = \"https://hub.example.com/\"\n"
	    " timezone = \"Europe/London\"\n}\n"
	    "security {\n session-idle = 45m\n session-absolute = 1d\n"
	    " max-body = 2M\n max-upload = 512K\n secure-cookies = \"yes\"\n}\n"
	    "mail { transport = \"smtp\" }\n");
	ck_assert_msg(at_config_load(&site, path, err, sizeof(err)) == 0,
	    "%s", err);
	unlink(path);
	ck_assert_str_eq(site.base_url, "https://hub.example.com");
	ck_assert_int_eq(site.session_idle, 45 * 60);
	ck_assert_int_eq(site.session_absolute, 86400);
	ck_assert_uint_eq(site.limits.max_body, 2 * 1024 * 1024);
	ck_assert_uint_eq(site.limits.max_upload, 512 * 1024);
	ck_assert_int_eq(site.secure_cookies, 1);
	ck_assert_int_eq(site.mail_transport, AT_MAIL_SMTP);
	ck_assert_str_eq(site.brand_name, "Atrium");
	at_config_free(&site);
}
END_TEST

/* A broken file and what the message must say. */
static const struct {
	const char	*text;
	const char	*want;
} bad[] = {
	{ "site {\n  nme = \"x\"\n}\n", ":2: no such option 'nme'" },
	{ "site {\n}\n\nsecurity {\n max-body = lots\n}\n",
	    ":5: max-body: 'lots' is not a size" },
	{ "\n\nsite { timezone = \"Mars/Olympus\" }\n",
	    ":3: timezone: unknown time zone" },
	{ "site { base-url = \"ftp://x\" }\n",
	    ":1: base-url: 'ftp://x' must start with http" },
	{ "mail {\n transport = \"pigeon\"\n}\n",
	    ":2: transport: 'pigeon' must be smtp, sendmail or none" },
	{ "server {\n workers = 0\n}\n", ":2: workers: '0' is not a whole" },
	{ "site { skin = \"../etc\" }\n", ":1: skin: '../etc' must be" },
	{ "site {\n name = \n}\n", ":3:" },	/* a value is missing */
	{ "security { session-idle = 2d }\n",
	    "session-idle is longer than session-absolute" },
	{ "plugins = { \"a\", \"a\" }\n", "'a' is listed twice" },
	{ "bogus = 1\n", ":1: no such option 'bogus'" },
};

START_TEST(broken_files_name_the_line)
{
	struct at_site	 site;
	char		 err[512];

	write_conf(bad[_i].text);
	ck_assert_int_eq(at_config_load(&site, path, err, sizeof(err)), -1);
	unlink(path);
	ck_assert_msg(strstr(err, path) != NULL, "no file name in: %s", err);
	ck_assert_msg(strstr(err, bad[_i].want) != NULL,
	    "case %d: want \"%s\" in \"%s\"", _i, bad[_i].want, err);
}
END_TEST

START_TEST(missing_file)
{
	struct at_site	 site;
	char		 err[512];

	ck_assert_int_eq(at_config_load(&site, "/nonexistent/atrium.conf",
	    err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/nonexistent/atrium.conf: cannot read") !=
	    NULL, "%s", err);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("config");
	tc = tcase_create("config");
	tcase_add_test(tc, sample_parses);
	tcase_add_test(tc, values_convert);
	tcase_add_loop_test(tc, broken_files_name_the_line, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
