/*
 * The config reader: the sample file parses; every broken file is refused
 * with a message naming the file and the line; values are converted; each
 * plugin's section is read with its own option table; the layout of the
 * public structs of config.h and plugin.h is pinned.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	{ "site {\n  nme = \"x\"\n}\n",
	    ": unknown key 'nme' in section 'site' on line 2" },
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
	{ "bogus = 1\n", ": unknown key 'bogus' on line 1" },
	/* Comments do not shift the line (libconfuse 3.3 counts them 3x). */
	{ "# one\n# two\n# three\n# four\nsite {\n # five\n"
	    " timezone = \"Nowhere/Atall\"\n}\n",
	    ":7: timezone: unknown time zone 'Nowhere/Atall'" },
	{ "site { # a comment after a brace\n name = \"x\" // another\n"
	    "}\n/* a block\n   over lines */\nsecurity {\n max-body = lots\n"
	    "}\n", ":7: max-body: 'lots' is not a size" },
	/* A '#' inside quotes is text, not a comment. */
	{ "site {\n brand { color = \"#fff\" }\n skin = \"#x\"\n}\n",
	    ":3: skin: '#x' must be" },
	{ "site {\n}\n\nx {\n}\n", ": unknown section 'x' on line 4" },
	{ "site {\n name = \"a\"\n look {\n }\n}\n",
	    ": unknown section 'look' in section 'site' on line 3" },
	{ "plugins = { }\nplugin hello {\n}\nwidgets \"a\" {\n}\n",
	    ": unknown section 'widgets' on line 4" },
	{ "site {\n name = \"a\"\n}\nserver {\n workers = 2\n",
	    ": section 'server' opened on line 4 is not closed" },
	{ "site {\n brand {\n  name = \"a\"\n}\n",
	    ": section 'site' opened on line 1 is not closed" },
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

/* A site folder: skins/good/layout.xsl, storage/, plugins/here.so. */
static char	 site_dir[] = "/tmp/check_config_site.XXXXXX";

static void
site_make(void)
{
	char	 p[512];
	FILE	*f;

	strcpy(site_dir, "/tmp/check_config_site.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(site_dir));
	snprintf(p, sizeof(p), "%s/skins", site_dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/skins/good", site_dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/skins/good/layout.xsl", site_dir);
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fclose(f);
	snprintf(p, sizeof(p), "%s/storage", site_dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/storefile", site_dir);
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fclose(f);
	snprintf(p, sizeof(p), "%s/plugins", site_dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/plugins/here.so", site_dir);
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fclose(f);
}

static void
site_remove(void)
{
	char	 cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", site_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* What the site names on disk: skin, storage, plugins. */
static const struct {
	const char	*skin;
	const char	*storage;	/* under site_dir */
	const char	*plugin;
	const char	*want;		/* NULL: loads */
} files[] = {
	{ "good", "storage", "here", NULL },
	{ "nope", "storage", "here", "site: skin 'nope' not found: " },
	{ "good", "missing", "here", "storage: path '" },
	{ "good", "storefile", "here", "' is not a folder" },
	{ "good", "storage", "ghost", "plugins: 'ghost' not found: " },
};

START_TEST(named_files_exist)
{
	struct at_site	 site;
	char		 err[512], conf[2048];
	int		 rc;

	site_make();
	snprintf(conf, sizeof(conf), "site { skin = \"%s\" }\n"
	    "storage { path = \"%s/%s\" }\n"
	    "paths {\n skins = \"%s/skins\"\n plugins = \"%s/plugins\"\n}\n"
	    "plugins = { \"%s\" }\n", files[_i].skin, site_dir,
	    files[_i].storage, site_dir, site_dir, files[_i].plugin);
	write_conf(conf);
	ck_assert_msg(at_config_load(&site, path, err, sizeof(err)) == 0,
	    "%s", err);
	unlink(path);
	rc = at_config_check_files(&site, err, sizeof(err));
	at_config_free(&site);
	site_remove();
	if (files[_i].want == NULL) {
		ck_assert_msg(rc == 0, "case %d: %s", _i, err);
		return;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, path) != NULL, "no file name in: %s", err);
	ck_assert_msg(strstr(err, files[_i].want) != NULL,
	    "case %d: want \"%s\" in \"%s\"", _i, files[_i].want, err);
}
END_TEST

/* A storage folder this user cannot write is refused (not as root). */
START_TEST(storage_not_writable)
{
	struct at_site	 site;
	char		 err[512], conf[2048], p[512];

	if (geteuid() == 0)
		return;		/* root writes anywhere */
	site_make();
	snprintf(p, sizeof(p), "%s/storage", site_dir);
	ck_assert_int_eq(chmod(p, 0500), 0);
	snprintf(conf, sizeof(conf), "site { skin = \"good\" }\n"
	    "storage { path = \"%s\" }\npaths { skins = \"%s/skins\" }\n",
	    p, site_dir);
	write_conf(conf);
	ck_assert_msg(at_config_load(&site, path, err, sizeof(err)) == 0,
	    "%s", err);
	unlink(path);
	ck_assert_int_eq(at_config_check_files(&site, err, sizeof(err)), -1);
	at_config_free(&site);
	site_remove();
	ck_assert_msg(strstr(err, "' is not writable by user") != NULL, "%s",
	    err);
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

/* Where the test plugins are built (make check builds them first). */
#define TEST_PLUGINS	AT_TEST_BUILDDIR "/tests/plugins/.libs"

/* Loads text naming the test plugins optclash, hello and jobstest. */
static int
load_plugins(struct at_site *site, const char *sections, char *err,
    size_t errsz)
{
	char	 text[2048];
	int	 rc;

	snprintf(text, sizeof(text), "paths {\n plugins = \"%s\"\n}\n"
	    "plugins = { \"optclash\", \"hello\", \"jobstest\" }\n%s",
	    TEST_PLUGINS, sections);
	write_conf(text);
	rc = at_config_load(site, path, err, errsz);
	unlink(path);
	return rc;
}

START_TEST(plugin_namespaces)
{
	struct at_site	 site;
	char		 err[512];
	cfg_t		*opt, *hello, *jobs;

	/*
	 * "key": a string for optclash, an integer for hello; "backoff": a
	 * string for optclash, an integer for jobstest.  Each reads its own.
	 */
	ck_assert_msg(load_plugins(&site, "plugin optclash {\n key = \"blue\"\n"
	    " backoff = \"later\"\n}\nplugin hello {\n key = 7\n}\n"
	    "plugin jobstest {\n backoff = 3\n}\n", err, sizeof(err)) == 0,
	    "%s", err);
	opt = at_config_plugin(&site, "optclash");
	hello = at_config_plugin(&site, "hello");
	jobs = at_config_plugin(&site, "jobstest");
	ck_assert_ptr_nonnull(opt);
	ck_assert_ptr_nonnull(hello);
	ck_assert_ptr_nonnull(jobs);
	ck_assert_str_eq(cfg_getstr(opt, "key"), "blue");
	ck_assert_str_eq(cfg_getstr(opt, "backoff"), "later");
	ck_assert_int_eq(cfg_getint(hello, "key"), 7);
	ck_assert_int_eq(cfg_getint(jobs, "backoff"), 3);
	/* No plugin sees another's options. */
	ck_assert_ptr_null(cfg_getopt(hello, "backoff"));
	ck_assert_ptr_null(cfg_getopt(jobs, "key"));
	ck_assert_ptr_null(at_config_plugin(&site, "meetings"));
	at_config_free(&site);

	/* Without sections each gets its own defaults. */
	ck_assert_msg(load_plugins(&site, "", err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert_str_eq(cfg_getstr(at_config_plugin(&site, "optclash"),
	    "key"), "none");
	ck_assert_int_eq(cfg_getint(at_config_plugin(&site, "hello"), "key"),
	    42);
	at_config_free(&site);

	/* A section of a plugin not listed is not read. */
	ck_assert_msg(load_plugins(&site, "plugin absent {\n x = 1\n}\n",
	    err, sizeof(err)) == 0, "%s", err);
	at_config_free(&site);
}
END_TEST

/* Broken plugin sections: the error names the file, line and plugin. */
static const struct {
	const char	*text;
	const char	*want;
} pbad[] = {
	/* hello's key is an integer (optclash's is a string). */
	{ "plugin hello {\n key = \"blue\"\n}\n", ":6: plugin hello:" },
	/* jobstest has no "key"; optclash's is not jobstest's. */
	{ "\nplugin jobstest {\n\n key = \"x\"\n}\n",
	    ":8: plugin jobstest:" },
	/* optclash's backoff is a string: jobstest's integer is not read. */
	{ "plugin optclash {\n backoff = { 1, 2 }\n}\n",
	    ":6: plugin optclash:" },
	/* Comments before do not shift the line. */
	{ "# one\n# two\nplugin hello {\n # three\n key = 1x\n}\n",
	    ":9: plugin hello:" },
	/* The file's own errors still come first and name the line. */
	{ "plugin hello {\n key = 1\n}\nbogus = 1\n",
	    ": unknown key 'bogus' on line 8" },
};

START_TEST(plugin_sections_name_the_line)
{
	struct at_site	 site;
	char		 err[512];

	ck_assert_int_eq(load_plugins(&site, pbad[_i].text, err, sizeof(err)),
	    -1);
	ck_assert_msg(strstr(err, path) != NULL, "no file name in: %s", err);
	ck_assert_msg(strstr(err, pbad[_i].want) != NULL,
	    "case %d: want \"%s\" in \"%s\"", _i, pbad[_i].want, err);
}
END_TEST

/*
 * The public structs that stay visible keep their layout within an ABI
 * major (LP64): a member may only be appended, with a new minor.
 */
START_TEST(public_layout_pinned)
{
	if (sizeof(void *) != 8 || sizeof(size_t) != 8)
		return;
	ck_assert_uint_eq(offsetof(struct at_plugin, abi_major), 0);
	ck_assert_uint_eq(offsetof(struct at_plugin, abi_minor), 4);
	ck_assert_uint_eq(offsetof(struct at_plugin, size), 8);
	ck_assert_uint_eq(offsetof(struct at_plugin, name), 16);
	ck_assert_uint_eq(offsetof(struct at_plugin, version), 24);
	ck_assert_uint_eq(offsetof(struct at_plugin, summary), 32);
	ck_assert_uint_eq(offsetof(struct at_plugin, needs), 40);
	ck_assert_uint_eq(offsetof(struct at_plugin, options), 48);
	ck_assert_uint_eq(offsetof(struct at_plugin, init), 56);
	ck_assert_uint_eq(offsetof(struct at_plugin, init_process), 64);
	ck_assert_uint_eq(offsetof(struct at_plugin, needs_services), 72);
	ck_assert_uint_eq(sizeof(struct at_plugin), 80);
	ck_assert_uint_eq(offsetof(struct at_service_need, name), 0);
	ck_assert_uint_eq(offsetof(struct at_service_need, min_version), 8);
	ck_assert_uint_eq(sizeof(struct at_service_need), 16);
	ck_assert_uint_eq(offsetof(struct at_limits, max_body), 0);
	ck_assert_uint_eq(offsetof(struct at_limits, max_upload), 8);
	ck_assert_uint_eq(offsetof(struct at_limits, max_fields), 16);
	ck_assert_uint_eq(offsetof(struct at_limits, max_field), 24);
	ck_assert_uint_eq(offsetof(struct at_limits, max_header), 32);
	ck_assert_uint_eq(sizeof(struct at_limits), 40);
	ck_assert_uint_eq(offsetof(struct at_dbconf, host), 0);
	ck_assert_uint_eq(offsetof(struct at_dbconf, port), 8);
	ck_assert_uint_eq(offsetof(struct at_dbconf, socket), 16);
	ck_assert_uint_eq(offsetof(struct at_dbconf, user), 24);
	ck_assert_uint_eq(offsetof(struct at_dbconf, password), 32);
	ck_assert_uint_eq(offsetof(struct at_dbconf, name), 40);
	ck_assert_uint_eq(offsetof(struct at_dbconf, timeout), 48);
	ck_assert_uint_eq(sizeof(struct at_dbconf), 56);
	ck_assert_uint_eq(AT_ABI_MAJOR, 1);
	ck_assert_uint_eq(AT_ABI_MINOR, 4);	/* 1.4: functions only */
}
END_TEST

/* server.base-path: empty or "/a/b" (no trailing '/', no dot segment). */
START_TEST(base_path_checked)
{
	static const char *const good[] = { "", "/portal", "/a/b-c_d.e~f" };
	static const char *const nogood[] = { "portal", "/portal/", "/",
	    "//x", "/a//b", "/a/../b", "/./a", "/a b", "/a'b", "/a?b" };
	struct at_site	 site;
	char		 text[256], err[512];
	size_t		 i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "server {\n base-path = \"%s\"\n}\n",
		    good[i]);
		write_conf(text);
		ck_assert_msg(at_config_load(&site, path, err, sizeof(err)) == 0,
		    "%s: %s", good[i], err);
		unlink(path);
		ck_assert_str_eq(site.base_path, good[i]);
		at_config_free(&site);
	}
	for (i = 0; i < sizeof(nogood) / sizeof(nogood[0]); i++) {
		snprintf(text, sizeof(text), "server {\n base-path = \"%s\"\n}\n",
		    nogood[i]);
		write_conf(text);
		ck_assert_msg(at_config_load(&site, path, err, sizeof(err)) == -1,
		    "%s was taken", nogood[i]);
		unlink(path);
		ck_assert_msg(strstr(err, ":2: base-path: ") != NULL, "%s", err);
	}
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
	tcase_add_loop_test(tc, named_files_exist, 0,
	    sizeof(files) / sizeof(files[0]));
	tcase_add_test(tc, storage_not_writable);
	tcase_add_test(tc, plugin_namespaces);
	tcase_add_loop_test(tc, plugin_sections_name_the_line, 0,
	    sizeof(pbad) / sizeof(pbad[0]));
	tcase_add_test(tc, public_layout_pinned);
	tcase_add_test(tc, base_path_checked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
