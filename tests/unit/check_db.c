/*
 * The database wrapper against a real MariaDB server (a LIVE suite: it
 * fails when the server cannot be reached).  It reads
 *
 *	ATRIUM_TEST_DB_SOCKET	the server's unix socket (required)
 *	ATRIUM_TEST_DB_USER	default root
 *	ATRIUM_TEST_DB_PASSWORD	default none
 *	ATRIUM_TEST_DB_NAME	a database the user may use
 *
 * and works in a scratch database, atrium_dbtest, that it creates and
 * drops; when the user may not create databases it works inside
 * ATRIUM_TEST_DB_NAME instead, touching only its own tables (dbt_*) and
 * migration records (components dbtest*).
 *
 * Proves: typed binds (NULL, binary with NUL bytes, 64-bit), utf8mb4,
 * rows and labels, long values, the statement cache (round trips), format
 * mismatches, transactions, duplicate keys, multi-statement scripts,
 * migrations (numeric order, once, dry run, status, a failing one), and
 * a killed connection: the call fails, the handle turns gone, and
 * at_db_ensure() reconnects and prepares the statement again.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

#define SCRATCH		"atrium_dbtest"

static struct at_dbconf	 conf;		/* the test's database */
static int		 scratch;	/* 1: conf.name is our own database */

static struct at_db	*db;
static struct at_pool	*pool;
static char		 dir[64];	/* migration files of a test */

/* Runs a script on d that must succeed. */
static void
must(struct at_db *d, const char *sql)
{
	const char	*err = NULL;

	ck_assert_msg(at_db_script(d, sql, &err) == 0, "%s: %s", sql,
	    err != NULL ? err : "");
}

/* Runs a script whose failure does not matter (cleaning up). */
static void
attempt(struct at_db *d, const char *sql)
{
	const char	*err;

	(void)at_db_script(d, sql, &err);
}

/* A new empty folder for migration files; teardown removes it. */
static void
new_dir(void)
{
	strcpy(dir, "/tmp/check_db.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes the folder new_dir() made, if any, with its files. */
static void
rm_dir(void)
{
	char	 cmd[600];

	if (dir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_db: cannot remove %s\n", dir);
	dir[0] = '\0';
}

/* A connected handle and a pool for each test, and fresh tables. */
static void
setup(void)
{
	pool = at_pool_new();
	db = at_db_new(&conf);
	ck_assert_msg(at_db_ensure(db) == 0, "cannot connect to the test "
	    "database (ATRIUM_TEST_DB_SOCKET=%s)", conf.socket);
	must(db, "DROP TABLE IF EXISTS dbt_t, dbt_u, dbt_m, dbt_bad, "
	    "dbt_later");
	must(db, "CREATE TABLE dbt_t (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
	    "i INT NULL, big BIGINT NULL, s VARCHAR(200) NULL, b BLOB NULL, "
	    "t MEDIUMTEXT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
	must(db, "CREATE TABLE dbt_u (email VARCHAR(100) NOT NULL UNIQUE, "
	    "n INT NOT NULL DEFAULT 0) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
	if (scratch)
		attempt(db, "DROP TABLE IF EXISTS migrations");
	else
		attempt(db, "DELETE FROM migrations WHERE component LIKE "
		    "'dbtest%'");
}

static void
teardown(void)
{
	rm_dir();
	at_db_free(db);
	db = NULL;
	at_pool_free(pool);
	pool = NULL;
}

START_TEST(binds_every_type)
{
	static const char bin[] = { 'a', '\0', 'b', '\0', (char)0xff };
	struct at_rows	*r;
	long long	 id1, id2;

	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i, big, s, b) "
	    "VALUES (?, ?, ?, ?)", "iIsb", -7, 5000000000LL, "it's \"quoted\"",
	    bin, sizeof(bin)), 1);
	id1 = at_db_insert_id(db);
	ck_assert_int_gt(id1, 0);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i, big, s, b) "
	    "VALUES (?, ?, ?, ?)", "iIsb", 0, -1LL, NULL, NULL, (size_t)0), 1);
	id2 = at_db_insert_id(db);
	ck_assert_int_eq(id2, id1 + 1);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i, big, s, b) "
	    "VALUES (?, ?, ?, ?)", "iIsb", 1, 1LL, "", "", (size_t)0), 1);

	r = at_db_select(db, pool, "SELECT i, big, s, b FROM dbt_t "
	    "WHERE id >= ? ORDER BY id", "I", id1);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 3);
	ck_assert_uint_eq(r->ncol, 4);
	ck_assert_int_eq(at_row_int(r, 0, "i", 0), -7);
	ck_assert_int_eq(at_row_int(r, 0, "big", 0), 5000000000LL);
	ck_assert_str_eq(at_row(r, 0, "s"), "it's \"quoted\"");
	/* Binary survives whole, NUL bytes and all. */
	ck_assert_uint_eq(r->len[0 * r->ncol + 3], sizeof(bin));
	ck_assert(memcmp(at_row(r, 0, "b"), bin, sizeof(bin)) == 0);
	/* NULL binds SQL NULL, which reads back as NULL. */
	ck_assert_int_eq(at_row_int(r, 1, "big", 0), -1);
	ck_assert_ptr_null(at_row(r, 1, "s"));
	ck_assert_ptr_null(at_row(r, 1, "b"));
	ck_assert_int_eq(at_row_int(r, 1, "s", 42), 42);
	/* The empty string is not NULL. */
	ck_assert_ptr_nonnull(at_row(r, 2, "s"));
	ck_assert_str_eq(at_row(r, 2, "s"), "");
	ck_assert_ptr_nonnull(at_row(r, 2, "b"));
	ck_assert_uint_eq(r->len[2 * r->ncol + 3], 0);
	/* No such column, no such row. */
	ck_assert_ptr_null(at_row(r, 0, "nope"));
	ck_assert_ptr_null(at_row(r, 3, "i"));
	ck_assert_int_eq(at_row_int(r, 3, "i", -99), -99);
}
END_TEST

START_TEST(utf8mb4_round_trip)
{
	const char	*text = "h\xc3\xa9llo \xf0\x9f\x98\x80 "
			    "\xf0\x9d\x84\x9e \xe6\x97\xa5\xe6\x9c\xac";
	struct at_rows	*r;

	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (s) VALUES (?)",
	    "s", text), 1);
	r = at_db_select(db, pool, "SELECT s, CHAR_LENGTH(s) AS chars, "
	    "LENGTH(s) AS bytes FROM dbt_t WHERE id = ?", "I",
	    at_db_insert_id(db));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_str_eq(at_row(r, 0, "s"), text);
	/* The emoji is one character of four bytes, not mangled. */
	ck_assert_int_eq(at_row_int(r, 0, "chars", 0), 12);
	ck_assert_int_eq(at_row_int(r, 0, "bytes", 0), (long long)strlen(text));
	r = at_db_select(db, pool, "SELECT @@character_set_client AS c, "
	    "@@character_set_results AS r", "");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(at_row(r, 0, "c"), "utf8mb4");
	ck_assert_str_eq(at_row(r, 0, "r"), "utf8mb4");
}
END_TEST

START_TEST(session_settings)
{
	struct at_rows	*r;
	const char	*mode;

	r = at_db_select(db, pool, "SELECT @@session.time_zone AS tz, "
	    "@@session.sql_mode AS mode", "");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(at_row(r, 0, "tz"), "+00:00");
	mode = at_row(r, 0, "mode");
	ck_assert_ptr_nonnull(strstr(mode, "STRICT_ALL_TABLES"));
	ck_assert_ptr_nonnull(strstr(mode, "NO_ZERO_DATE"));
	ck_assert_ptr_nonnull(strstr(mode, "NO_ENGINE_SUBSTITUTION"));
	/* Strict: a value too long is an error, not truncated. */
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_u (email) "
	    "VALUES (?)", "s", "x@example.com"), 1);
	ck_assert_int_eq(at_db_exec(db, "UPDATE dbt_u SET n = ? ", "s",
	    "not a number"), -1);
	ck_assert_uint_ne(at_db_errno(db), 0);
	ck_assert(!at_db_gone(db));
}
END_TEST

START_TEST(select_rows)
{
	struct at_rows	*r;
	char		*big;
	size_t		 i;

	for (i = 1; i <= 3; i++)
		ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i, s) "
		    "VALUES (?, ?)", "is", (int)i * 10, i == 2 ? NULL :
		    at_pprintf(pool, "row %zu", i)), 1);
	r = at_db_select(db, pool, "SELECT i AS num, s AS label FROM dbt_t "
	    "ORDER BY i DESC", "");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 3);
	ck_assert_uint_eq(r->ncol, 2);
	ck_assert_str_eq(r->cols[0], "num");
	ck_assert_str_eq(r->cols[1], "label");
	ck_assert_int_eq(at_row_int(r, 0, "num", 0), 30);
	ck_assert_str_eq(at_row(r, 0, "label"), "row 3");
	ck_assert_ptr_null(at_row(r, 1, "label"));
	ck_assert_int_eq(at_row_int(r, 2, "num", 0), 10);
	ck_assert_str_eq(at_row(r, 2, "label"), "row 1");

	/* No rows: the columns are still known. */
	r = at_db_select(db, pool, "SELECT i FROM dbt_t WHERE i > ?", "i",
	    1000);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 0);
	ck_assert_uint_eq(r->ncol, 1);

	/* Numbers, decimals and dates as text. */
	r = at_db_select(db, pool, "SELECT 42 AS n, -9223372036854775807 AS "
	    "m, CAST(12.50 AS DECIMAL(10,2)) AS d, CAST('2024-01-02 03:04:05' "
	    "AS DATETIME) AS dt, CAST('2024-02-29' AS DATE) AS day, "
	    "0.25e0 AS f", "");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(at_row(r, 0, "n"), "42");
	ck_assert_str_eq(at_row(r, 0, "m"), "-9223372036854775807");
	ck_assert_str_eq(at_row(r, 0, "d"), "12.50");
	ck_assert_str_eq(at_row(r, 0, "dt"), "2024-01-02 03:04:05");
	ck_assert_str_eq(at_row(r, 0, "day"), "2024-02-29");
	ck_assert_str_eq(at_row(r, 0, "f"), "0.25");

	/* A long value comes back whole. */
	big = at_palloc(pool, 300001);
	for (i = 0; i < 300000; i++)
		big[i] = 'a' + (char)(i % 26);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i, t) VALUES "
	    "(?, ?)", "is", 7, big), 1);
	r = at_db_select(db, pool, "SELECT s, t FROM dbt_t WHERE i IN (?, ?) "
	    "ORDER BY i", "ii", 7, 10);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_uint_eq(r->len[0 * 2 + 1], 300000);
	ck_assert_str_eq(at_row(r, 0, "t"), big);
	ck_assert_str_eq(at_row(r, 1, "s"), "row 1");
}
END_TEST

START_TEST(statement_cache)
{
	static const char sql[] = "SELECT ? + 1 AS n";
	struct at_pool	*tmp;
	char		*copy;
	struct at_rows	*r;
	int		 k;

	/* Connected: ensure costs nothing. */
	at_db_reset_roundtrips(db);
	ck_assert_int_eq(at_db_ensure(db), 0);
	ck_assert_uint_eq(at_db_roundtrips(db), 0);

	/* First use: prepare and execute. */
	r = at_db_select(db, pool, sql, "i", 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(at_row_int(r, 0, "n", 0), 2);
	ck_assert_uint_eq(at_db_roundtrips(db), 2);
	/* Again: execute only. */
	for (k = 2; k < 5; k++) {
		r = at_db_select(db, pool, sql, "i", k);
		ck_assert_int_eq(at_row_int(r, 0, "n", 0), k + 1);
	}
	ck_assert_uint_eq(at_db_roundtrips(db), 2 + 3);
	/* The cache is keyed by the text, not by the pointer. */
	copy = at_pstrdup(pool, sql);
	r = at_db_select(db, pool, copy, "i", 41);
	ck_assert_int_eq(at_row_int(r, 0, "n", 0), 42);
	ck_assert_uint_eq(at_db_roundtrips(db), 6);
	/* Text built in a pool that is gone by the next call still hits. */
	tmp = at_pool_new();
	r = at_db_select(db, tmp, at_pprintf(tmp, "SELECT ? - %d AS n", 1),
	    "i", 1);
	ck_assert_int_eq(at_row_int(r, 0, "n", -1), 0);
	at_pool_free(tmp);
	r = at_db_select(db, pool, "SELECT ? - 1 AS n", "i", 3);
	ck_assert_int_eq(at_row_int(r, 0, "n", -1), 2);
	ck_assert_uint_eq(at_db_roundtrips(db), 6 + 2 + 1);
	/* The same for exec. */
	at_db_reset_roundtrips(db);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "i", 1), 1);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "i", 2), 1);
	ck_assert_uint_eq(at_db_roundtrips(db), 3);
	at_db_reset_roundtrips(db);
	ck_assert_uint_eq(at_db_roundtrips(db), 0);
}
END_TEST

/* One call site for any text: its key must not mix them up. */
static struct at_rows *
select_at(const char *sql, int v)
{
	return at_db_select(db, pool, sql, "i", v);
}

START_TEST(statement_cache_many)
{
	struct at_rows	*r;
	const char	*sql[600];
	int		 k, pass;

	/*
	 * Six hundred statements (the old cache held 256 and dropped the
	 * oldest): each is prepared once, and a second round only executes.
	 */
	for (k = 0; k < 600; k++)
		sql[k] = at_pprintf(pool, "SELECT ? + %d AS n", k);
	for (pass = 0; pass < 2; pass++) {
		at_db_reset_roundtrips(db);
		for (k = 0; k < 600; k++) {
			r = at_db_select(db, pool, sql[k], "i", 1);
			ck_assert_ptr_nonnull(r);
			ck_assert_int_eq(at_row_int(r, 0, "n", -1), k + 1);
		}
		ck_assert_uint_eq(at_db_roundtrips(db), pass == 0 ? 1200 : 600);
	}
	/* Literals through one call site each get their own statement. */
	at_db_reset_roundtrips(db);
	for (k = 0; k < 3; k++) {
		r = select_at("SELECT ? * 10 AS n", 2);
		ck_assert_int_eq(at_row_int(r, 0, "n", -1), 20);
		r = select_at("SELECT ? * 100 AS n", 2);
		ck_assert_int_eq(at_row_int(r, 0, "n", -1), 200);
		r = select_at(sql[7], 2);
		ck_assert_int_eq(at_row_int(r, 0, "n", -1), 9);
	}
	ck_assert_uint_eq(at_db_roundtrips(db), 2 + 2 + 1 + 6);
	/* After a reconnect every statement is prepared again. */
	at_db_free(db);
	db = at_db_new(&conf);
	ck_assert_int_eq(at_db_ensure(db), 0);
	at_db_reset_roundtrips(db);
	r = select_at("SELECT ? * 10 AS n", 3);
	ck_assert_int_eq(at_row_int(r, 0, "n", -1), 30);
	r = at_db_select(db, pool, sql[599], "i", 1);
	ck_assert_int_eq(at_row_int(r, 0, "n", -1), 600);
	ck_assert_uint_eq(at_db_roundtrips(db), 4);
}
END_TEST

START_TEST(format_mismatch)
{
	ck_assert_ptr_null(at_db_select(db, pool, "SELECT ? AS a", "ii",
	    1, 2));
	ck_assert_ptr_null(at_db_select(db, pool, "SELECT ? AS a, ? AS b",
	    "i", 1));
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "x", 1), -1);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "", 1), -1);
	ck_assert(!at_db_gone(db));
	/* Nothing was inserted, and the handle still works. */
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, "SELECT COUNT(*) "
	    "AS n FROM dbt_t", ""), 0, "n", -1), 0);
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, "SELECT ? AS a",
	    "i", 5), 0, "a", -1), 5);
	/* A SELECT without a result is a programming error too. */
	ck_assert_ptr_null(at_db_select(db, pool, "DELETE FROM dbt_t", ""));
	/* A syntax error fails the prepare. */
	ck_assert_int_eq(at_db_exec(db, "SELEC 1", ""), -1);
	ck_assert_uint_eq(at_db_errno(db), 1064);
	ck_assert(!at_db_gone(db));
}
END_TEST

/* Rows in dbt_t. */
static long long
count_t(void)
{
	return at_row_int(at_db_select(db, pool, "SELECT COUNT(*) AS n "
	    "FROM dbt_t", ""), 0, "n", -1);
}

START_TEST(transactions)
{
	struct at_db	*other;

	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "i", 1), 1);
	ck_assert_int_eq(count_t(), 1);
	ck_assert_int_eq(at_db_rollback(db), 0);
	ck_assert_int_eq(count_t(), 0);

	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "i", 2), 1);
	/* Another connection does not see it before the commit... */
	other = at_db_new(&conf);
	ck_assert_int_eq(at_db_ensure(other), 0);
	ck_assert_int_eq(at_row_int(at_db_select(other, pool, "SELECT "
	    "COUNT(*) AS n FROM dbt_t", ""), 0, "n", -1), 0);
	ck_assert_int_eq(at_db_commit(db), 0);
	/* ...and does after it. */
	ck_assert_int_eq(at_row_int(at_db_select(other, pool, "SELECT "
	    "COUNT(*) AS n FROM dbt_t", ""), 0, "n", -1), 1);
	at_db_free(other);
	ck_assert_int_eq(count_t(), 1);
}
END_TEST

START_TEST(duplicate_key)
{
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_u (email) VALUES (?)",
	    "s", "a@example.com"), 1);
	ck_assert_uint_eq(at_db_errno(db), 0);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_u (email) VALUES (?)",
	    "s", "a@example.com"), -1);
	ck_assert_uint_eq(at_db_errno(db), 1062);
	ck_assert(!at_db_gone(db));
	/* The next success clears the error. */
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_u (email) VALUES (?)",
	    "s", "b@example.com"), 1);
	ck_assert_uint_eq(at_db_errno(db), 0);
}
END_TEST

START_TEST(exec_counts)
{
	long long	 id;

	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?), "
	    "(?), (?)", "iii", 1, 1, 2), 3);
	id = at_db_insert_id(db);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(at_db_exec(db, "UPDATE dbt_t SET i = ? WHERE i = ?",
	    "ii", 5, 1), 2);
	/* Matched rows count, even when nothing changes. */
	ck_assert_int_eq(at_db_exec(db, "UPDATE dbt_t SET i = ? WHERE i = ?",
	    "ii", 5, 5), 2);
	ck_assert_int_eq(at_db_exec(db, "UPDATE dbt_t SET i = ? WHERE i = ?",
	    "ii", 5, 99), 0);
	/* An UPDATE does not forget the last insert's id. */
	ck_assert_int_eq(at_db_insert_id(db), id);
	ck_assert_int_eq(at_db_exec(db, "DELETE FROM dbt_t WHERE i = ?", "i",
	    5), 2);
	/* The no-op the core sends to check an idle connection. */
	ck_assert_int_eq(at_db_exec(db, "DO 0", ""), 0);
	ck_assert_uint_eq(at_db_errno(db), 0);
}
END_TEST

START_TEST(scripts)
{
	const char	*err = NULL;

	/* Several statements, results drained, the connection in sync. */
	ck_assert_int_eq(at_db_script(db, "INSERT INTO dbt_t (i) VALUES (1);\n"
	    "SELECT * FROM dbt_t;\nINSERT INTO dbt_t (i) VALUES (2);\n"
	    "SELECT 1; SELECT 2;", &err), 0);
	ck_assert_int_eq(count_t(), 2);
	/* The first error stops the script and is reported. */
	ck_assert_int_eq(at_db_script(db, "INSERT INTO dbt_t (i) VALUES (3); "
	    "INSERT INTO dbt_nowhere VALUES (1); INSERT INTO dbt_t (i) "
	    "VALUES (4)", &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_nonnull(strstr(err, "1146"));
	ck_assert_ptr_nonnull(strstr(err, "dbt_nowhere"));
	ck_assert_uint_eq(at_db_errno(db), 1146);
	ck_assert(!at_db_gone(db));
	ck_assert_int_eq(count_t(), 3);
	/* An error in the first statement, then the handle still works. */
	ck_assert_int_eq(at_db_script(db, "SELEC 1; SELECT 2", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "1064"));
	ck_assert_int_eq(count_t(), 3);
}
END_TEST

/* Lines a migration run printed. */
struct lines {
	char	 v[16][128];
	size_t	 n;
};

/* Collects one printed line (out callback). */
static void
collect(const char *line, void *arg)
{
	struct lines	*l = arg;

	ck_assert_uint_lt(l->n, 16);
	snprintf(l->v[l->n++], sizeof(l->v[0]), "%s", line);
}

/* Writes text to the file name in the test's folder. */
static void
put(const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Whether table name exists in the test database. */
static int
table_exists(const char *name)
{
	return at_row_int(at_db_select(db, pool, "SELECT COUNT(*) AS n FROM "
	    "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
	    "TABLE_NAME = ?", "s", name), 0, "n", -1) == 1;
}

START_TEST(migrations_in_order_once)
{
	struct lines	 out;
	struct at_rows	*r;
	const char	*err = NULL;

	new_dir();
	/* Numeric order: 10 after 9, though "10" sorts before "9". */
	put("10_tenth.sql", "INSERT INTO dbt_m (v) VALUES (10);\n");
	put("9_ninth.sql", "INSERT INTO dbt_m (v) VALUES (9);\n");
	put("002_second.sql", "INSERT INTO dbt_m (v) VALUES (2);\n"
	    "-- two statements in one file\n"
	    "INSERT INTO dbt_m (v) VALUES (3);\n");
	put("001_create.sql", "CREATE TABLE dbt_m (seq INT "
	    "AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;\n");
	/* Not migrations: ignored. */
	put("README", "not sql");
	put("abc_1.sql", "DROP TABLE dbt_m;");
	put("4_wrong.txt", "DROP TABLE dbt_m;");
	put("5.sql", "DROP TABLE dbt_m;");
	put("-6_neg.sql", "DROP TABLE dbt_m;");

	if (scratch)
		ck_assert(!table_exists("migrations"));
	/* Status and dry run change nothing. */
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(at_migrate_status(db, "dbtest", dir, collect, &out,
	    &err), 4);
	ck_assert_uint_eq(out.n, 4);
	ck_assert_str_eq(out.v[0], "pending dbtest 001_create.sql");
	ck_assert_str_eq(out.v[3], "pending dbtest 10_tenth.sql");
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(at_migrate(db, "dbtest", dir, 1, collect, &out,
	    &err), 4);
	ck_assert_uint_eq(out.n, 4);
	ck_assert_str_eq(out.v[1], "would apply dbtest 002_second.sql");
	ck_assert(!table_exists("dbt_m"));
	if (scratch)
		ck_assert(!table_exists("migrations"));

	memset(&out, 0, sizeof(out));
	ck_assert_msg(at_migrate(db, "dbtest", dir, 0, collect, &out,
	    &err) == 4, "%s", err);
	ck_assert(table_exists("migrations"));
	ck_assert_uint_eq(out.n, 4);
	ck_assert_str_eq(out.v[0], "applied dbtest 001_create.sql");
	ck_assert_str_eq(out.v[1], "applied dbtest 002_second.sql");
	ck_assert_str_eq(out.v[2], "applied dbtest 9_ninth.sql");
	ck_assert_str_eq(out.v[3], "applied dbtest 10_tenth.sql");
	r = at_db_select(db, pool, "SELECT v FROM dbt_m ORDER BY seq", "");
	ck_assert_uint_eq(r->n, 4);
	ck_assert_int_eq(at_row_int(r, 0, "v", 0), 2);
	ck_assert_int_eq(at_row_int(r, 1, "v", 0), 3);
	ck_assert_int_eq(at_row_int(r, 2, "v", 0), 9);
	ck_assert_int_eq(at_row_int(r, 3, "v", 0), 10);
	r = at_db_select(db, pool, "SELECT version, name, applied_at FROM "
	    "migrations WHERE component = ? ORDER BY version", "s", "dbtest");
	ck_assert_uint_eq(r->n, 4);
	ck_assert_int_eq(at_row_int(r, 3, "version", 0), 10);
	ck_assert_str_eq(at_row(r, 3, "name"), "10_tenth.sql");
	ck_assert(at_time_parse_utc(at_row(r, 3, "applied_at")) != -1);

	/* Only once. */
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(at_migrate(db, "dbtest", dir, 0, collect, &out,
	    &err), 0);
	ck_assert_uint_eq(out.n, 0);
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, "SELECT COUNT(*) "
	    "AS n FROM dbt_m", ""), 0, "n", 0), 4);
	/* Another component's record is its own. */
	ck_assert_int_eq(at_migrate_status(db, "dbtest_other", dir, NULL,
	    NULL, &err), 4);

	/* A new file: status shows it, migrate applies only it. */
	put("11_more.sql", "INSERT INTO dbt_m (v) VALUES (11);");
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(at_migrate_status(db, "dbtest", dir, collect, &out,
	    &err), 1);
	ck_assert_uint_eq(out.n, 5);
	ck_assert_str_eq(out.v[0], "applied dbtest 001_create.sql");
	ck_assert_str_eq(out.v[4], "pending dbtest 11_more.sql");
	ck_assert_int_eq(at_migrate(db, "dbtest", dir, 0, NULL, NULL, &err),
	    1);
	ck_assert_int_eq(at_migrate_status(db, "dbtest", dir, NULL, NULL,
	    &err), 0);
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, "SELECT COUNT(*) "
	    "AS n FROM dbt_m", ""), 0, "n", 0), 5);

	/* No folder: a component without schema has nothing to do. */
	ck_assert_int_eq(at_migrate(db, "dbtest_none", "/nonexistent/schema",
	    0, collect, &out, &err), 0);
	ck_assert_int_eq(at_migrate_status(db, "dbtest_none",
	    "/nonexistent/schema", NULL, NULL, &err), 0);
}
END_TEST

START_TEST(migrations_same_number)
{
	const char	*err = NULL;

	new_dir();
	put("001_create.sql", "CREATE TABLE dbt_m (v INT);");
	put("5_a.sql", "INSERT INTO dbt_m VALUES (1);");
	put("005_b.sql", "INSERT INTO dbt_m VALUES (2);");
	ck_assert_int_eq(at_migrate(db, "dbtest", dir, 0, NULL, NULL, &err),
	    -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_nonnull(strstr(err, "same number"));
	ck_assert_int_eq(at_migrate_status(db, "dbtest", dir, NULL, NULL,
	    &err), -1);
	/* Nothing ran. */
	ck_assert(!table_exists("dbt_m"));
}
END_TEST

START_TEST(migration_fails)
{
	struct lines	 out;
	struct at_rows	*r;
	const char	*err = NULL;

	new_dir();
	put("1_ok.sql", "CREATE TABLE dbt_bad (x INT) ENGINE=InnoDB;");
	put("2_bad.sql", "INSERT INTO dbt_bad VALUES (1);\n"
	    "INSERT INTO dbt_nowhere VALUES (1);\n");
	put("3_later.sql", "CREATE TABLE dbt_later (x INT);");
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(at_migrate(db, "dbtest_bad", dir, 0, collect, &out,
	    &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, "2_bad.sql") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "dbt_nowhere") != NULL, "%s", err);
	ck_assert_uint_eq(out.n, 1);
	ck_assert_str_eq(out.v[0], "applied dbtest_bad 1_ok.sql");
	/* It stopped there: 1 recorded, 2 not, 3 never ran. */
	r = at_db_select(db, pool, "SELECT version FROM migrations WHERE "
	    "component = ?", "s", "dbtest_bad");
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(at_row_int(r, 0, "version", 0), 1);
	ck_assert(!table_exists("dbt_later"));
	ck_assert(!at_db_gone(db));

	/* Mended, the run goes on from the failed one. */
	put("2_bad.sql", "DELETE FROM dbt_bad;\n"
	    "INSERT INTO dbt_bad VALUES (2);\n");
	memset(&out, 0, sizeof(out));
	ck_assert_msg(at_migrate(db, "dbtest_bad", dir, 0, collect, &out,
	    &err) == 2, "%s", err);
	ck_assert_str_eq(out.v[0], "applied dbtest_bad 2_bad.sql");
	ck_assert_str_eq(out.v[1], "applied dbtest_bad 3_later.sql");
	ck_assert(table_exists("dbt_later"));
}
END_TEST

/* This handle's connection id on the server. */
static long long
connection_id(struct at_db *d)
{
	return at_row_int(at_db_select(d, pool, "SELECT CONNECTION_ID() AS "
	    "id", ""), 0, "id", -1);
}

START_TEST(killed_connection)
{
	static const char sql[] = "SELECT ? * 2 AS n";
	struct at_db	*killer;
	struct at_rows	*r;
	char		 kill[64];
	long long	 id, id2;
	int		 tries;

	ck_assert_int_eq(at_row_int(at_db_select(db, pool, sql, "i", 4), 0,
	    "n", 0), 8);
	ck_assert_int_gt(id = connection_id(db), 0);

	killer = at_db_new(&conf);
	ck_assert_int_eq(at_db_ensure(killer), 0);
	snprintf(kill, sizeof(kill), "KILL CONNECTION %lld", id);
	must(killer, kill);
	/* Wait until the server has let the connection go. */
	for (tries = 0; tries < 100; tries++) {
		r = at_db_select(killer, pool, "SELECT COUNT(*) AS n FROM "
		    "information_schema.PROCESSLIST WHERE ID = ?", "I", id);
		ck_assert_ptr_nonnull(r);
		if (at_row_int(r, 0, "n", -1) == 0)
			break;
		usleep(50000);
	}
	at_db_free(killer);

	/* The cached statement fails and the handle is gone... */
	ck_assert(!at_db_gone(db));
	ck_assert_ptr_null(at_db_select(db, pool, sql, "i", 5));
	ck_assert(at_db_gone(db));
	ck_assert_msg(at_db_errno(db) == 2013 || at_db_errno(db) == 2006 ||
	    at_db_errno(db) == 1927, "errno %u", at_db_errno(db));
	/* ...and stays failed, without touching the network, until ensure. */
	at_db_reset_roundtrips(db);
	ck_assert_int_eq(at_db_exec(db, "INSERT INTO dbt_t (i) VALUES (?)",
	    "i", 1), -1);
	ck_assert_int_eq(at_db_begin(db), -1);
	ck_assert_uint_eq(at_db_roundtrips(db), 0);

	/* Reconnect: the same statement is prepared again and works. */
	ck_assert_int_eq(at_db_ensure(db), 0);
	ck_assert(!at_db_gone(db));
	at_db_reset_roundtrips(db);
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, sql, "i", 5), 0,
	    "n", 0), 10);
	ck_assert_uint_eq(at_db_roundtrips(db), 2);
	ck_assert_int_eq(at_row_int(at_db_select(db, pool, sql, "i", 6), 0,
	    "n", 0), 12);
	ck_assert_uint_eq(at_db_roundtrips(db), 3);
	id2 = connection_id(db);
	ck_assert_int_gt(id2, 0);
	ck_assert_int_ne(id2, id);
	/* The new session has the settings too. */
	r = at_db_select(db, pool, "SELECT @@session.time_zone AS tz", "");
	ck_assert_str_eq(at_row(r, 0, "tz"), "+00:00");
}
END_TEST

START_TEST(unreachable)
{
	struct at_dbconf c = conf;
	struct at_db	*d;
	const char	*err = NULL;

	c.socket = "/nonexistent/atrium-test.sock";
	c.timeout = 1;
	d = at_db_new(&c);
	ck_assert_int_eq(at_db_ensure(d), -1);
	ck_assert(at_db_gone(d));
	ck_assert_uint_eq(at_db_errno(d), 2002);
	ck_assert_ptr_null(at_db_select(d, pool, "SELECT 1 AS n", ""));
	ck_assert_int_eq(at_db_exec(d, "DELETE FROM dbt_t", ""), -1);
	ck_assert_int_eq(at_db_script(d, "SELECT 1", &err), -1);
	ck_assert_int_eq(at_migrate(d, "dbtest", "/nonexistent", 0, NULL,
	    NULL, &err), 0);	/* no folder: nothing to ask the server */
	ck_assert_int_eq(at_db_ensure(d), -1);
	at_db_free(d);
	/* A handle never connected is gone too, not a crash. */
	d = at_db_new(&c);
	ck_assert_ptr_null(at_db_select(d, pool, "SELECT 1 AS n", ""));
	ck_assert(at_db_gone(d));
	at_db_free(d);
}
END_TEST

static Suite *
db_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("db");
	tc = tcase_create("statements");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, binds_every_type);
	tcase_add_test(tc, utf8mb4_round_trip);
	tcase_add_test(tc, session_settings);
	tcase_add_test(tc, select_rows);
	tcase_add_test(tc, statement_cache);
	tcase_add_test(tc, statement_cache_many);
	tcase_add_test(tc, format_mismatch);
	tcase_add_test(tc, transactions);
	tcase_add_test(tc, duplicate_key);
	tcase_add_test(tc, exec_counts);
	tcase_add_test(tc, scripts);
	suite_add_tcase(s, tc);
	tc = tcase_create("migrations");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, migrations_in_order_once);
	tcase_add_test(tc, migrations_same_number);
	tcase_add_test(tc, migration_fails);
	suite_add_tcase(s, tc);
	tc = tcase_create("connection");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, killed_connection);
	tcase_add_test(tc, unreachable);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Chooses the test database: the scratch one when the user may create
 * it, else ATRIUM_TEST_DB_NAME.  0, or -1 with a message on stderr.
 */
static int
choose_db(void)
{
	struct at_dbconf boot;
	struct at_db	*d;
	const char	*err = NULL;
	int		 rc = -1;

	memset(&conf, 0, sizeof(conf));
	if ((conf.socket = getenv("ATRIUM_TEST_DB_SOCKET")) == NULL ||
	    conf.socket[0] == '\0') {
		fprintf(stderr, "check_db: ATRIUM_TEST_DB_SOCKET is not set "
		    "(this suite needs a MariaDB server)\n");
		return -1;
	}
	if ((conf.user = getenv("ATRIUM_TEST_DB_USER")) == NULL)
		conf.user = "root";
	conf.password = getenv("ATRIUM_TEST_DB_PASSWORD");
	conf.timeout = 5;
	boot = conf;
	boot.name = getenv("ATRIUM_TEST_DB_NAME");
	d = at_db_new(&boot);
	if (at_db_ensure(d) == -1) {
		fprintf(stderr, "check_db: cannot connect to the server at "
		    "%s as %s\n", conf.socket, conf.user);
		goto out;
	}
	if (at_db_script(d, "DROP DATABASE IF EXISTS " SCRATCH "; "
	    "CREATE DATABASE " SCRATCH " CHARACTER SET utf8mb4 "
	    "COLLATE utf8mb4_unicode_ci", &err) == 0) {
		conf.name = SCRATCH;
		scratch = 1;
		rc = 0;
	} else if (boot.name != NULL && boot.name[0] != '\0') {
		conf.name = boot.name;
		rc = 0;
	} else
		fprintf(stderr, "check_db: cannot create " SCRATCH " (%s) "
		    "and ATRIUM_TEST_DB_NAME is not set\n", err);
out:
	at_db_free(d);
	return rc;
}

/* Drops what the suite made. */
static void
clean_db(void)
{
	struct at_db	*d;

	d = at_db_new(&conf);
	if (at_db_ensure(d) == 0) {
		if (scratch)
			attempt(d, "DROP DATABASE IF EXISTS " SCRATCH);
		else {
			attempt(d, "DROP TABLE IF EXISTS dbt_t, dbt_u, dbt_m, "
			    "dbt_bad, dbt_later");
			attempt(d, "DELETE FROM migrations WHERE "
			    "component LIKE 'dbtest%'");
		}
	}
	at_db_free(d);
}

int
main(void)
{
	SRunner	*sr;
	int	 nf;

	at_log_init("check_db", 0, 0);
	if (choose_db() == -1)
		return EXIT_FAILURE;
	sr = srunner_create(db_suite());
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	clean_db();
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
