/*
 * Gapless numbering against the real MariaDB of the test stack (a LIVE
 * suite: it fails when the server cannot be reached).  It reads
 *
 *	ATRIUM_TEST_DB_SOCKET	the server's unix socket (required)
 *	ATRIUM_TEST_DB_USER	default root
 *	ATRIUM_TEST_DB_PASSWORD	default none
 *	ATRIUM_TEST_DB_NAME	the site's database, migrated by atriumctl
 *
 * and works in the site's database as `atriumctl migrate` left it (so the
 * core migration creating number_sequences is under test too), on
 * sequences and a documents table of its own, named with this process's
 * id, which it removes at the end.
 *
 * Proves: patterns (tokens, padding, refusals), allocation only inside a
 * transaction, a rolled back allocation leaves no gap, 50 threads each
 * with its own connection allocating at once get 1..50 exactly once, each
 * committed with the document that uses it, and a yearly sequence starts
 * again at 1 in a new year and refuses an earlier one.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include <atrium/numbering.h>

#define NTHREADS	50

static struct at_dbconf	 conf;
static char		 docs[64];	/* this run's documents table */
static char		 prefix[32];	/* this run's sequence names */

static struct at_db	*db;
static struct at_pool	*pool;

/* This run's name for sequence s, in the pool. */
static const char *
seq(const char *s)
{
	return at_pprintf(pool, "%s%s", prefix, s);
}

static void
setup(void)
{
	pool = at_pool_new();
	db = at_db_new(&conf);
	ck_assert_msg(at_db_ensure(db) == 0, "cannot connect to the test "
	    "database (ATRIUM_TEST_DB_SOCKET=%s)", conf.socket);
}

static void
teardown(void)
{
	at_db_free(db);
	db = NULL;
	at_pool_free(pool);
	pool = NULL;
}

/* Pattern, year, number, and what it writes. */
static const struct {
	const char	*pattern;
	int		 year;
	long long	 n;
	const char	*out;
} formats[] = {
	{ "INV-{YYYY}-{NNNN}", 2026, 1, "INV-2026-0001" },
	{ "INV-{YYYY}-{NNNN}", 2026, 12345, "INV-2026-12345" },
	{ "Q{YY}/{NNN}", 2027, 42, "Q27/042" },
	{ "{N}", 2026, 7, "7" },
	{ "CN-{NNNNNNNNNNNN}", 2026, 5, "CN-000000000005" },
	{ "{YYYY}{NNNNNN}", 2030, 99, "2030000099" },
	{ "A{YY}{N}", 2005, 3, "A053" },
};

START_TEST(pattern_formats)
{
	ck_assert_str_eq(at_seq_format(pool, formats[_i].pattern,
	    formats[_i].year, formats[_i].n), formats[_i].out);
}
END_TEST

START_TEST(pattern_refuses)
{
	static const struct {
		const char	*pattern;
		int		 flags;
	} bad[] = {
		{ "", 0 }, { "INV-{YYYY}", 0 }, { "{NN}-{NN}", 0 },
		{ "INV-{NNNN", 0 }, { "INV-NNNN}", 0 }, { "{X}{N}", 0 },
		{ "{}{N}", 0 }, { "{NNNNNNNNNNNNN}", 0 }, { "INV {N}", 0 },
		{ "INV-{N}\n", 0 }, { "FÄ-{N}", 0 }, { "INV-{NNNN}",
		AT_SEQ_YEARLY }, { "{yyyy}-{N}", 0 },
		{ "0123456789012345678901234567890123456789012345678901234567"
		    "89X-{N}", 0 },
	};
	const char	*err;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		ck_assert_msg(at_seq_check(bad[i].pattern, bad[i].flags,
		    &err) == -1, "accepted %s", bad[i].pattern);
		ck_assert_ptr_nonnull(err);
	}
	ck_assert_ptr_null(at_seq_format(pool, "{NN}{N}", 2026, 1));
	ck_assert_int_eq(at_seq_check("INV-{YY}-{N}", AT_SEQ_YEARLY, &err), 0);
	ck_assert_int_eq(at_seq_define(db, "Bad Name", "{N}", 0, &err), -1);
	ck_assert_int_eq(at_seq_define(db, seq("x"), "{N}{N}", 0, &err), -1);
}
END_TEST

START_TEST(outside_transaction)
{
	const char	*err = NULL;
	int64_t		 n = -1;

	ck_assert_int_eq(at_seq_define(db, seq("notx"), "N-{NNN}", 0, &err),
	    0);
	ck_assert_int_eq(at_seq_next(db, pool, seq("notx"), 2026, &n, NULL,
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "transaction"));
	ck_assert_int_eq(n, -1);
	/* Unknown sequences are refused too. */
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, seq("nosuch"), 2026, &n, NULL,
	    &err), -1);
	ck_assert_int_eq(at_db_rollback(db), 0);
}
END_TEST

START_TEST(rollback_leaves_no_gap)
{
	const char	*err = NULL;
	const char	*name;
	char		*text = NULL;
	int64_t		 n = 0;

	name = seq("rb");
	ck_assert_int_eq(at_seq_define(db, name, "INV-{YYYY}-{NNNN}",
	    AT_SEQ_YEARLY, &err), 0);

	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text, &err),
	    0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(text, "INV-2026-0001");
	ck_assert_int_eq(at_db_commit(db), 0);

	/* Number 2 is taken, then the document fails: rolled back. */
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text, &err),
	    0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(at_db_rollback(db), 0);

	/* The next document gets 2 again: no gap. */
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text, &err),
	    0);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(text, "INV-2026-0002");
	ck_assert_int_eq(at_db_commit(db), 0);
}
END_TEST

START_TEST(rollback_on_another_connection)
{
	struct at_db	*other;
	const char	*err = NULL, *name;
	int64_t		 n = 0, m = 0;

	name = seq("rb2");
	ck_assert_int_eq(at_seq_define(db, name, "{N}", 0, &err), 0);
	other = at_db_new(&conf);
	ck_assert_int_eq(at_db_ensure(other), 0);
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 0, &n, NULL, &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(at_db_rollback(db), 0);
	/* A second site process sees the number given back. */
	ck_assert_int_eq(at_db_begin(other), 0);
	ck_assert_int_eq(at_seq_next(other, pool, name, 0, &m, NULL, &err),
	    0);
	ck_assert_int_eq(m, 1);
	ck_assert_int_eq(at_db_commit(other), 0);
	at_db_free(other);
}
END_TEST

START_TEST(yearly_reset)
{
	const char	*err = NULL, *name;
	char		*text = NULL;
	int64_t		 n = 0;
	int		 i;

	name = seq("yr");
	ck_assert_int_eq(at_seq_define(db, name, "Q{YY}-{NNN}", AT_SEQ_YEARLY,
	    &err), 0);
	for (i = 1; i <= 3; i++) {
		ck_assert_int_eq(at_db_begin(db), 0);
		ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text,
		    &err), 0);
		ck_assert_int_eq(n, i);
		ck_assert_int_eq(at_db_commit(db), 0);
	}
	ck_assert_str_eq(text, "Q26-003");
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2027, &n, &text, &err),
	    0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(text, "Q27-001");
	ck_assert_int_eq(at_db_commit(db), 0);
	/* Back in 2026 would repeat a number of 2026: refused. */
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text, &err),
	    -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(at_db_rollback(db), 0);
	/* A sequence that never resets counts on across years. */
	name = seq("all");
	ck_assert_int_eq(at_seq_define(db, name, "{YYYY}/{NN}", 0, &err), 0);
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2026, &n, &text, &err),
	    0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2027, &n, &text, &err),
	    0);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(text, "2027/02");
	ck_assert_int_eq(at_db_commit(db), 0);
	/* Redefining keeps the count and takes the new pattern. */
	ck_assert_int_eq(at_seq_define(db, name, "X{NNNN}", 0, &err), 0);
	ck_assert_int_eq(at_db_begin(db), 0);
	ck_assert_int_eq(at_seq_next(db, pool, name, 2027, &n, &text, &err),
	    0);
	ck_assert_str_eq(text, "X0003");
	ck_assert_int_eq(at_db_commit(db), 0);
}
END_TEST

/* What each thread of the concurrent test does and gets. */
struct worker {
	pthread_barrier_t *start;
	const char	*name;
	int		 rollback;	/* roll its first attempt back */
	int64_t		 n;
	char		 err[200];
};

/*
 * One site process: its own connection; waits for the others, then
 * allocates a number and inserts the document using it in one
 * transaction (rolling a first attempt back when asked to).
 */
static void *
work(void *arg)
{
	struct worker	*w = arg;
	struct at_db	*d;
	struct at_pool	*p;
	const char	*err = NULL;
	char		*text;
	int64_t		 n;
	int		 attempt;

	p = at_pool_new();
	d = at_db_new(&conf);
	if (at_db_ensure(d) == -1) {
		snprintf(w->err, sizeof(w->err), "cannot connect");
		(void)pthread_barrier_wait(w->start);
		goto out;
	}
	(void)pthread_barrier_wait(w->start);
	for (attempt = 0; attempt < 2; attempt++) {
		if (at_db_begin(d) == -1 ||
		    at_seq_next(d, p, w->name, 2026, &n, &text, &err) == -1) {
			snprintf(w->err, sizeof(w->err), "allocation: %s",
			    err != NULL ? err : "begin");
			(void)at_db_rollback(d);
			goto out;
		}
		if (at_db_exec(d, at_pprintf(p, "INSERT INTO %s (n, number) "
		    "VALUES (?, ?)", docs), "Is", n, text) != 1) {
			snprintf(w->err, sizeof(w->err), "insert failed");
			(void)at_db_rollback(d);
			goto out;
		}
		if (w->rollback && attempt == 0) {
			/* The document is abandoned: its number returns. */
			if (at_db_rollback(d) == -1)
				goto out;
			continue;
		}
		if (at_db_commit(d) == -1) {
			snprintf(w->err, sizeof(w->err), "commit failed");
			goto out;
		}
		w->n = n;
		break;
	}
out:
	at_db_free(d);
	at_pool_free(p);
	return NULL;
}

START_TEST(concurrent_no_gap_no_duplicate)
{
	pthread_barrier_t start;
	pthread_t	 th[NTHREADS];
	struct worker	 w[NTHREADS];
	struct at_rows	*r;
	const char	*err = NULL, *name;
	int		 seen[NTHREADS + 1];
	int		 i;

	name = seq("conc");
	ck_assert_int_eq(at_seq_define(db, name, "INV-{YYYY}-{NNNN}",
	    AT_SEQ_YEARLY, &err), 0);
	ck_assert_int_eq(pthread_barrier_init(&start, NULL, NTHREADS), 0);
	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS; i++) {
		w[i].start = &start;
		w[i].name = name;
		/* Every fifth one abandons its first document. */
		w[i].rollback = i % 5 == 0;
		ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
	pthread_barrier_destroy(&start);

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < NTHREADS; i++) {
		ck_assert_msg(w[i].err[0] == '\0', "worker %d: %s", i,
		    w[i].err);
		ck_assert_msg(w[i].n >= 1 && w[i].n <= NTHREADS,
		    "worker %d got %lld", i, (long long)w[i].n);
		ck_assert_msg(seen[w[i].n] == 0, "%lld given twice",
		    (long long)w[i].n);
		seen[w[i].n] = 1;
	}
	/* The committed documents hold 1..50 once each, nothing else. */
	r = at_db_select(db, pool, at_pprintf(pool, "SELECT COUNT(*) AS c, "
	    "COUNT(DISTINCT n) AS d, MIN(n) AS lo, MAX(n) AS hi, "
	    "COUNT(DISTINCT number) AS t FROM %s", docs), "");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(at_row_int(r, 0, "c", -1), NTHREADS);
	ck_assert_int_eq(at_row_int(r, 0, "d", -1), NTHREADS);
	ck_assert_int_eq(at_row_int(r, 0, "t", -1), NTHREADS);
	ck_assert_int_eq(at_row_int(r, 0, "lo", -1), 1);
	ck_assert_int_eq(at_row_int(r, 0, "hi", -1), NTHREADS);
	r = at_db_select(db, pool, at_pprintf(pool, "SELECT number FROM %s "
	    "WHERE n = 50", docs), "");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(at_row(r, 0, "number"), "INV-2026-0050");
	/* And the sequence goes on from 50. */
	r = at_db_select(db, pool, "SELECT last FROM number_sequences WHERE "
	    "name = ?", "s", name);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(at_row_int(r, 0, "last", -1), NTHREADS);
}
END_TEST

static Suite *
numbering_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("numbering");
	tc = tcase_create("patterns");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, pattern_formats, 0,
	    sizeof(formats) / sizeof(formats[0]));
	tcase_add_test(tc, pattern_refuses);
	suite_add_tcase(s, tc);

	tc = tcase_create("allocation");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, outside_transaction);
	tcase_add_test(tc, rollback_leaves_no_gap);
	tcase_add_test(tc, rollback_on_another_connection);
	tcase_add_test(tc, yearly_reset);
	tcase_add_test(tc, concurrent_no_gap_no_duplicate);
	suite_add_tcase(s, tc);
	return s;
}

/* Reads the test database's settings; 0, or -1 with a message. */
static int
choose_db(void)
{
	memset(&conf, 0, sizeof(conf));
	if ((conf.socket = getenv("ATRIUM_TEST_DB_SOCKET")) == NULL ||
	    conf.socket[0] == '\0') {
		fprintf(stderr, "check_numbering: ATRIUM_TEST_DB_SOCKET is not "
		    "set (this suite needs a MariaDB server)\n");
		return -1;
	}
	if ((conf.user = getenv("ATRIUM_TEST_DB_USER")) == NULL)
		conf.user = "root";
	conf.password = getenv("ATRIUM_TEST_DB_PASSWORD");
	if ((conf.name = getenv("ATRIUM_TEST_DB_NAME")) == NULL ||
	    conf.name[0] == '\0') {
		fprintf(stderr, "check_numbering: ATRIUM_TEST_DB_NAME is not "
		    "set (the migrated site database)\n");
		return -1;
	}
	conf.timeout = 60;
	snprintf(prefix, sizeof(prefix), "test%ld.", (long)getpid());
	snprintf(docs, sizeof(docs), "numt_docs_%ld", (long)getpid());
	return 0;
}

/*
 * Creates (clean is 0) or drops (1) this run's documents table and
 * sequences.  0, or -1 with a message.
 */
static int
prepare(int clean)
{
	struct at_db	*d;
	struct at_pool	*p;
	const char	*err = NULL;
	int		 rc = -1;

	p = at_pool_new();
	/*
	 * Connecting here, before any thread, also initialises the client
	 * library once, which it needs before threads use it.
	 */
	d = at_db_new(&conf);
	if (at_db_ensure(d) == -1) {
		fprintf(stderr, "check_numbering: cannot connect to %s\n",
		    conf.socket);
		goto out;
	}
	if (at_db_script(d, at_pprintf(p, "DROP TABLE IF EXISTS %s", docs),
	    &err) == -1)
		goto fail;
	if (at_db_exec(d, "DELETE FROM number_sequences WHERE name LIKE ?",
	    "s", at_pprintf(p, "%s%%", prefix)) < 0) {
		err = "number_sequences cannot be used (not migrated?)";
		goto fail;
	}
	if (!clean && at_db_script(d, at_pprintf(p, "CREATE TABLE %s (id "
	    "BIGINT AUTO_INCREMENT PRIMARY KEY, n BIGINT NOT NULL, number "
	    "VARCHAR(64) NOT NULL) ENGINE=InnoDB", docs), &err) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "check_numbering: %s\n", err != NULL ? err : "?");
out:
	at_db_free(d);
	at_pool_free(p);
	return rc;
}

int
main(void)
{
	SRunner	*sr;
	int	 nf;

	at_log_init("check_numbering", 0, 0);
	if (choose_db() == -1 || prepare(0) == -1)
		return EXIT_FAILURE;
	sr = srunner_create(numbering_suite());
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	(void)prepare(1);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
