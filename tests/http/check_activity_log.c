/*
 * The activity log as a core service, and what the workers keep, end to
 * end over the test stack:
 * - repeated views of one file by one person in one window are one
 *   entry; every download is one;
 * - the activity.seal job seals entries, verify-log checks them, and an
 *   edit of a sealed entry that recomputes the entry's own hash is still
 *   found and its seal named; an unsealed entry edited without a new
 *   hash is found too;
 * - a change whose activity entry cannot be written is not kept (the
 *   request answers 500 and the change is rolled back);
 * - a contact's dashboard, kept by the workers, shows a change at once;
 * - a session ended in the database (signing out, revocation) is
 *   refused by every worker at once, though workers keep sessions.
 * Each test makes its own client, contact, project and file.
 */
#include "config.h"

#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define STAFF	"staff@demo.test"
#define VIEW_WINDOW	1800	/* core/activity/activity.c */

static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n"
    "%%EOF\n";

/* A client with a contact, a shared project and a shared file in it. */
struct fix {
	long long	 client, user, project, file;
	char		 email[128];
	char		 name[64];
};

static void
fix_make(struct fix *f, const char *prefix)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 proj[32];

	f->user = tc_make_client_contact(prefix, &f->client, f->email,
	    sizeof(f->email));
	f->project = tc_make_project(f->client, tc_unique(prefix));
	snprintf(f->name, sizeof(f->name), "%s.pdf", tc_unique(prefix));
	snprintf(proj, sizeof(proj), "%lld", f->project);
	tc_get(s, "/staff/files");
	r = tc_post_file(s, "/staff/files", "file", f->name, pdf,
	    sizeof(pdf) - 1, "project", proj, "category", "deliverables",
	    "visible", "1", NULL);
	ck_assert_msg(r->status == 303, "upload: %ld", r->status);
	f->file = tc_location_id(r);
	ck_assert_int_gt(f->file, 0);
	tc_free(s);
}

/* Runs atriumctl with cmd (env: extra environment or ""); output, status. */
static int
ctl(const char *env, const char *cmd, char **out)
{
	char	 line[4096], buf[4096];
	FILE	*p;
	size_t	 len = 0, n;
	int	 st;

	snprintf(line, sizeof(line), "%s %s/bin/atriumctl -c %s %s 2>&1", env,
	    getenv("ATRIUM_TEST_PREFIX"), getenv("ATRIUM_TEST_CONF"), cmd);
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

/* Waits, when the view window ends within 5 s, until the next begins. */
static void
window_margin(void)
{
	time_t	 now = time(NULL);

	if (VIEW_WINDOW - now % VIEW_WINDOW < 5)
		sleep((unsigned int)(VIEW_WINDOW - now % VIEW_WINDOW) + 1);
}

START_TEST(repeated_views_count_once)
{
	struct fix	 f;
	struct tc_browser *a;
	char		 path[128], dl[128];
	int		 i;

	fix_make(&f, "views");
	a = tc_as(f.email);
	snprintf(path, sizeof(path), "/files/%lld", f.file);
	snprintf(dl, sizeof(dl), "/files/%lld/download", f.file);
	window_margin();
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(tc_get(a, path)->status, 200);
	ck_assert_int_eq(tc_sql_int(tc_expand("SELECT COUNT(*) FROM activity "
	    "WHERE action = 'view' AND object = 'file' AND object_id = %f "
	    "AND user_id = %u", "fu", (long long[]){ f.file, f.user })), 1);
	/* Downloads are each recorded. */
	ck_assert_int_eq(tc_get(a, dl)->status, 200);
	ck_assert_int_eq(tc_get(a, dl)->status, 200);
	ck_assert_int_eq(tc_sql_intf("SELECT COUNT(*) FROM activity WHERE "
	    "action = 'download' AND object_id = %lld", f.file), 2);
	tc_free(a);
}
END_TEST

START_TEST(sealed_entries_verify_and_tampering_is_found)
{
	struct fix	 f;
	struct tc_browser *a;
	char		*out = NULL, sql[1024], want[64], dl[128], keep[160];
	long long	 id, seal;
	int		 rc, rc2, rc3;
	char		*out2 = NULL, *out3 = NULL;

	fix_make(&f, "seal");
	a = tc_as(f.email);
	snprintf(dl, sizeof(dl), "/files/%lld/download", f.file);
	ck_assert_int_eq(tc_get(a, dl)->status, 200);
	id = tc_sql_intf("SELECT MAX(id) FROM activity WHERE action = "
	    "'download' AND object_id = %lld", f.file);
	ck_assert_int_gt(id, 0);
	/* Sealed now, whatever their age. */
	rc = ctl("ATRIUM_SEAL_GRACE=0", "jobs run activity.seal", &out);
	ck_assert_msg(rc == 0, "seal: %d: %s", rc, out);
	free(out);
	seal = tc_sql_intf("SELECT id FROM activity_seals WHERE last_id >= "
	    "%lld ORDER BY id LIMIT 1", id);
	ck_assert_msg(seal > 0, "entry %lld was not sealed", id);
	rc = ctl("", "verify-log", &out);
	ck_assert_msg(rc == 0 && strstr(out, "intact") != NULL, "%d: %s", rc,
	    out);
	free(out);

	/* Rewritten with its own hash recomputed (as the application would
	 * compute it): the entry checks alone, its seal does not.  Restored
	 * before asserting, so a failure leaves the log whole. */
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = "
	    "CONCAT(summary, '!'), hash = SHA2(CONCAT(LENGTH(DATE_FORMAT(at, "
	    "'%%Y-%%m-%%d %%H:%%i:%%s')), ':', DATE_FORMAT(at, "
	    "'%%Y-%%m-%%d %%H:%%i:%%s'), '\\n', LENGTH(COALESCE(user_id, 0)), "
	    "':', COALESCE(user_id, 0), '\\n', LENGTH(COALESCE(client_id, 0)), "
	    "':', COALESCE(client_id, 0), '\\n', LENGTH(ip), ':', ip, '\\n', "
	    "LENGTH(action), ':', action, '\\n', LENGTH(object), ':', object, "
	    "'\\n', LENGTH(object_id), ':', object_id, '\\n', LENGTH(summary), "
	    "':', summary, '\\n', LENGTH(visible), ':', visible, '\\n'), 256) "
	    "WHERE id = %lld", id);
	free(tc_sql("CREATE TABLE IF NOT EXISTS activity_keep_t AS SELECT * "
	    "FROM activity WHERE 1 = 0"));
	snprintf(keep, sizeof(keep), "INSERT INTO activity_keep_t SELECT * "
	    "FROM activity WHERE id = %lld", id);
	free(tc_sql(keep));
	free(tc_sql(sql));
	rc = ctl("", "verify-log", &out);
	snprintf(sql, sizeof(sql), "UPDATE activity a JOIN activity_keep_t k "
	    "ON k.id = a.id SET a.summary = k.summary, a.hash = k.hash WHERE "
	    "a.id = %lld", id);
	free(tc_sql(sql));
	snprintf(sql, sizeof(sql), "DELETE FROM activity_keep_t WHERE id = "
	    "%lld", id);
	free(tc_sql(sql));
	rc2 = ctl("", "verify-log", &out2);
	snprintf(want, sizeof(want), "seal %lld (entries", seal);
	ck_assert_msg(rc == 1 && strstr(out, want) != NULL &&
	    strstr(out, "edited") != NULL, "re-hashed edit missed: %d: %s",
	    rc, out);
	ck_assert_msg(rc2 == 0, "after restoring: %d: %s", rc2, out2);

	/* An entry not sealed yet, edited without a new hash: found. */
	ck_assert_int_eq(tc_get(a, dl)->status, 200);
	id = tc_sql_intf("SELECT MAX(id) FROM activity WHERE action = "
	    "'download' AND object_id = %lld", f.file);
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = "
	    "CONCAT(summary, '!') WHERE id = %lld", id);
	free(tc_sql(sql));
	rc3 = ctl("", "verify-log", &out3);
	snprintf(sql, sizeof(sql), "UPDATE activity SET summary = "
	    "LEFT(summary, CHAR_LENGTH(summary) - 1) WHERE id = %lld", id);
	free(tc_sql(sql));
	snprintf(want, sizeof(want), "entry %lld: edited", id);
	ck_assert_msg(rc3 == 1 && strstr(out3, want) != NULL, "%d: %s", rc3,
	    out3);
	free(out);
	free(out2);
	free(out3);
	rc = ctl("", "verify-log", &out);
	ck_assert_msg(rc == 0, "at the end: %d: %s", rc, out);
	free(out);
	tc_free(a);
}
END_TEST

START_TEST(failed_entry_fails_the_change)
{
	struct tc_browser *s = tc_as(STAFF);
	struct tc_resp	*r;
	char		 name[96], sql[512];
	long long	 n;

	/* Any entry whose summary names this client cannot be written. */
	snprintf(name, sizeof(name), "%s", tc_unique("nolog"));
	snprintf(sql, sizeof(sql), "CREATE TRIGGER activity_fail_%d BEFORE "
	    "INSERT ON activity FOR EACH ROW SET NEW.action = "
	    "IF(NEW.summary LIKE '%%%s%%', NULL, NEW.action)", (int)getpid(),
	    name);
	ck_assert_ptr_nonnull(tc_sql(sql));
	tc_get(s, "/staff/clients");
	r = tc_post(s, "/staff/clients", "name", name, NULL);
	snprintf(sql, sizeof(sql), "DROP TRIGGER activity_fail_%d",
	    (int)getpid());
	free(tc_sql(sql));
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM clients WHERE name "
	    "= '%s'", name);
	n = tc_sql_int(sql);
	ck_assert_msg(r->status == 500, "answered %ld", r->status);
	ck_assert_msg(n == 0, "the client was kept without its entry");
	/* Without the obstacle the same change goes through. */
	tc_get(s, "/staff/clients");
	ck_assert_int_eq(tc_post(s, "/staff/clients", "name", name,
	    NULL)->status, 303);
	ck_assert_int_eq(tc_sql_int(sql), 1);
	tc_free(s);
}
END_TEST

START_TEST(kept_dashboard_shows_a_change_at_once)
{
	struct fix	 f;
	struct tc_browser *a, *s;
	char		 title[96], proj[32];
	int		 i;

	fix_make(&f, "dash");
	a = tc_as(f.email);
	/* Every worker draws and keeps it. */
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(tc_get(a, "/")->status, 200);
	snprintf(title, sizeof(title), "%s", tc_unique("news"));
	snprintf(proj, sizeof(proj), "%lld", f.project);
	s = tc_as(STAFF);
	tc_get(s, "/staff/updates");
	ck_assert_int_eq(tc_post(s, "/staff/updates", "project", proj,
	    "title", title, "body", "Fresh.", "visible", "1", NULL)->status,
	    303);
	for (i = 0; i < 6; i++)
		ck_assert_msg(tc_has(tc_get(a, "/"), title),
		    "request %d after the change showed the old dashboard", i);
	tc_free(s);
	tc_free(a);
}
END_TEST

START_TEST(ended_session_is_refused_by_every_worker)
{
	struct fix	 f;
	struct tc_browser *a;
	int		 i;

	fix_make(&f, "sess");
	a = tc_as(f.email);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(tc_get(a, "/")->status, 200);
	/* Ended behind the workers' back ("sign out elsewhere" does this). */
	free(tc_sql(tc_expand("DELETE FROM sessions WHERE user_id = %u", "u",
	    &f.user)));
	for (i = 0; i < 6; i++)
		ck_assert_msg(tc_status_is(tc_get(a, "/"), 0),
		    "request %d still signed in", i);
	tc_free(a);
	/* A deactivated contact too. */
	a = tc_as(f.email);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(tc_get(a, "/")->status, 200);
	free(tc_sql(tc_expand("UPDATE users SET active = 0 WHERE id = %u",
	    "u", &f.user)));
	for (i = 0; i < 6; i++)
		ck_assert_msg(tc_status_is(tc_get(a, "/"), 0),
		    "request %d as a deactivated contact", i);
	tc_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("activity_log");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, repeated_views_count_once);
	tcase_add_test(tc, sealed_entries_verify_and_tampering_is_found);
	tcase_add_test(tc, failed_entry_fails_the_change);
	tcase_add_test(tc, kept_dashboard_shows_a_change_at_once);
	tcase_add_test(tc, ended_session_is_refused_by_every_worker);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
