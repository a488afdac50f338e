/*
 * The activity log's hash chain, without a database: the canonical
 * serialisation is unambiguous and covers every column, an intact chain
 * verifies, and an edited, an inserted and a deleted entry are each
 * found and named by id.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "activity/log.h"

#define NENT	6

/* One entry's storage: the texts a row holds. */
struct row {
	struct act_entry e;
	char		 at[32], user[16], client[16], oid[16];
	char		 summary[64], prev[65], hash[65];
};

static struct row	 rows[NENT + 1];
static char		 lines[32][320];
static int		 nlines;

/* Collects the checker's lines. */
static void
collect(const char *line, void *arg)
{
	(void)arg;
	if (nlines < 32)
		snprintf(lines[nlines++], sizeof(lines[0]), "%s", line);
}

/* Fills row r as entry id with content derived from i. */
static void
row_fill(struct row *r, long long id, int i)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->at, sizeof(r->at), "2026-03-0%d 10:00:%02d", 1 + i % 9,
	    i);
	snprintf(r->user, sizeof(r->user), "%d", i % 3);
	snprintf(r->client, sizeof(r->client), "%d", 1 + i % 2);
	snprintf(r->oid, sizeof(r->oid), "%d", 100 + i);
	snprintf(r->summary, sizeof(r->summary), "entry number %d", i);
	r->e.id = id;
	r->e.at = r->at;
	r->e.user = r->user;
	r->e.client = r->client;
	r->e.ip = "192.0.2.7";
	r->e.action = "download";
	r->e.object = "file";
	r->e.object_id = r->oid;
	r->e.summary = r->summary;
	r->e.visible = i % 2 ? "1" : "0";
	r->e.prev_hash = r->prev;
	r->e.hash = r->hash;
}

/* Chains row r onto prev (a hash) the way at_activity() does. */
static void
row_seal(struct row *r, const char *prev)
{
	snprintf(r->prev, sizeof(r->prev), "%s", prev);
	act_hash(r->hash, r->prev, r->e.at, r->e.user, r->e.client,
	    r->e.ip, r->e.action, r->e.object, r->e.object_id, r->e.summary,
	    r->e.visible);
}

/* NENT entries with ids 10, 20, 30...: an intact chain. */
static void
setup(void)
{
	int	 i;

	nlines = 0;
	for (i = 0; i < NENT; i++) {
		row_fill(&rows[i], (i + 1) * 10, i);
		row_seal(&rows[i], i == 0 ? ACT_GENESIS : rows[i - 1].hash);
	}
}

/* Runs the checker over the entries at idx[0..n-1]; returns problems. */
static int
run(const struct row *const *list, int n)
{
	struct act_check c;
	int	 i;

	act_check_init(&c, collect, NULL);
	for (i = 0; i < n; i++)
		act_check_entry(&c, &list[i]->e);
	return act_check_end(&c);
}

/* Runs the checker over rows[0..NENT-1]. */
static int
run_all(void)
{
	const struct row *list[NENT];
	int	 i;

	for (i = 0; i < NENT; i++)
		list[i] = &rows[i];
	return run(list, NENT);
}

/* Whether some collected line contains every one of the words. */
static int
said(const char *a, const char *b)
{
	int	 i;

	for (i = 0; i < nlines; i++)
		if (strstr(lines[i], a) != NULL &&
		    (b == NULL || strstr(lines[i], b) != NULL))
			return 1;
	return 0;
}

START_TEST(hash_is_known_and_hex)
{
	char	 h[65];
	size_t	 i;

	act_hash(h, ACT_GENESIS, "2026-01-01 00:00:00", "0",
	    "0", "", "login", "user", "1", "", "0");
	ck_assert_uint_eq(strlen(h), 64);
	for (i = 0; i < 64; i++)
		ck_assert(strchr("0123456789abcdef", h[i]) != NULL);
	/*
	 * The documented serialisation, computed independently:
	 * printf '%s19:2026-01-01 00:00:00\n1:0\n1:0\n0:\n5:login\n4:user\n'
	 *     '1:1\n0:\n1:0\n' $GENESIS | sha256sum
	 */
	ck_assert_str_eq(h, "cef9fa4cb933e48496f248916e13bc0a"
	    "725a96b84d47215f5a6769f996ecba0c");
}
END_TEST

START_TEST(serialisation_is_unambiguous)
{
	char	 a[65], b[65];

	/* Moving a character across a field boundary changes the hash. */
	act_hash(a, ACT_GENESIS, "2026-01-01 00:00:00", "1", "2",
	    "ip", "ab", "c", "3", "s", "0");
	act_hash(b, ACT_GENESIS, "2026-01-01 00:00:00", "1", "2",
	    "ip", "a", "bc", "3", "s", "0");
	ck_assert_str_ne(a, b);
	/* A separator inside a value cannot fake a field. */
	act_hash(a, ACT_GENESIS, "2026-01-01 00:00:00", "1", "2",
	    "ip", "a\n1:b", "", "3", "s", "0");
	act_hash(b, ACT_GENESIS, "2026-01-01 00:00:00", "1", "2",
	    "ip", "a", "b", "3", "s", "0");
	ck_assert_str_ne(a, b);
}
END_TEST

/* Each column of an entry, by number, changed in turn. */
START_TEST(every_column_counts)
{
	struct row	 r;
	char		 before[65];

	row_fill(&r, 1, 1);
	row_seal(&r, ACT_GENESIS);
	snprintf(before, sizeof(before), "%s", r.hash);
	switch (_i) {
	case 0: r.e.at = "2026-03-02 10:00:02"; break;
	case 1: r.e.user = "9"; break;
	case 2: r.e.client = "9"; break;
	case 3: r.e.ip = "198.51.100.1"; break;
	case 4: r.e.action = "view"; break;
	case 5: r.e.object = "update"; break;
	case 6: r.e.object_id = "999"; break;
	case 7: r.e.summary = "entry number 2"; break;
	case 8: r.e.visible = "0"; break;
	case 9: snprintf(r.prev, sizeof(r.prev), "%064d", 1); break;
	}
	ck_assert_msg(!act_entry_ok(&r.e), "column %d not covered", _i);
	ck_assert_str_eq(r.hash, before);
}
END_TEST

START_TEST(intact_chain_verifies)
{
	ck_assert_int_eq(run_all(), 0);
	ck_assert_int_eq(nlines, 1);
	ck_assert(said("6 entries; head ", rows[NENT - 1].hash));
}
END_TEST

START_TEST(empty_log_verifies)
{
	ck_assert_int_eq(run(NULL, 0), 0);
	ck_assert_int_eq(nlines, 0);
}
END_TEST

START_TEST(edited_entry_is_named)
{
	/* Entry 30's summary is rewritten; its stored hash is not. */
	rows[2].e.summary = "nothing happened here";
	ck_assert_int_eq(run_all(), 1);
	ck_assert(said("entry 30: edited", NULL));
	ck_assert(!said("entry 40", NULL));
}
END_TEST

START_TEST(edited_and_rehashed_entry_is_found)
{
	/* Entry 30 rewritten and re-hashed: entry 40 no longer follows it. */
	rows[2].e.summary = "nothing happened here";
	row_seal(&rows[2], rows[1].hash);
	ck_assert_int_eq(run_all(), 1);
	ck_assert(said("entry 40: deleted entries", "entry 30 was edited"));
}
END_TEST

START_TEST(deleted_entry_is_named)
{
	const struct row *list[NENT - 1] = { &rows[0], &rows[1], &rows[3],
	    &rows[4], &rows[5] };

	/* Entry 30 removed. */
	ck_assert_int_eq(run(list, NENT - 1), 1);
	ck_assert(said("entry 40: deleted", "does not follow entry 20"));
}
END_TEST

START_TEST(deleted_first_entry_is_named)
{
	const struct row *list[NENT - 1] = { &rows[1], &rows[2], &rows[3],
	    &rows[4], &rows[5] };

	ck_assert_int_eq(run(list, NENT - 1), 1);
	ck_assert(said("entry 20: deleted", "before it were deleted"));
}
END_TEST

START_TEST(inserted_entry_is_named)
{
	struct row	 x;
	const struct row *list[NENT + 1] = { &rows[0], &rows[1], &x,
	    &rows[2], &rows[3], &rows[4], &rows[5] };

	/* Entry 25 slipped in after 20, chained properly onto it. */
	row_fill(&x, 25, 7);
	row_seal(&x, rows[1].hash);
	ck_assert_int_eq(run(list, NENT + 1), 1);
	ck_assert(said("entry 25: inserted", "entry 30 follows entry 20"));
}
END_TEST

START_TEST(inserted_unchained_entry_is_named)
{
	struct row	 x;
	const struct row *list[NENT + 1] = { &rows[0], &rows[1], &x,
	    &rows[2], &rows[3], &rows[4], &rows[5] };

	/* Entry 25 slipped in with a made-up prev_hash. */
	row_fill(&x, 25, 7);
	row_seal(&x, rows[4].hash);
	ck_assert_int_eq(run(list, NENT + 1), 1);
	ck_assert(said("entry 25: inserted", NULL));
	ck_assert(!said("deleted", NULL));
}
END_TEST

START_TEST(inserted_first_entry_is_named)
{
	struct row	 x;
	const struct row *list[NENT + 1] = { &x, &rows[0], &rows[1],
	    &rows[2], &rows[3], &rows[4], &rows[5] };

	row_fill(&x, 5, 7);
	row_seal(&x, ACT_GENESIS);
	ck_assert_int_eq(run(list, NENT + 1), 1);
	ck_assert(said("entry 5: inserted", "entry 10 starts the chain"));
}
END_TEST

START_TEST(all_three_at_once)
{
	struct row	 x;
	const struct row *list[NENT] = { &rows[0], &x, &rows[1], &rows[2],
	    &rows[4], &rows[5] };

	/* 15 inserted, 30 edited, 40 deleted. */
	row_fill(&x, 15, 8);
	row_seal(&x, rows[0].hash);
	rows[2].e.summary = "changed";
	ck_assert_int_eq(run(list, NENT), 3);
	ck_assert(said("entry 15: inserted", NULL));
	ck_assert(said("entry 30: edited", NULL));
	ck_assert(said("entry 50: deleted", "does not follow entry 30"));
}
END_TEST

/* ---- seals ---- */

#define NSEAL	4

/* Unsealed entries 10..60 (own hash only) and seals over them. */
static struct act_seal	 seals[NSEAL];
static char		 seal_hash[NSEAL][65], seal_prev[NSEAL][65];
static int		 nseals, seal_at;

/* Writes seal k over rows[from..to] after seal k-1, as the job does. */
static void
seal_make(int k, int from, int to)
{
	struct act_seal_hash h;
	int		 i;

	memcpy(seal_prev[k], k == 0 ? ACT_GENESIS : seal_hash[k - 1], 65);
	act_seal_begin(&h, seal_prev[k], rows[from].e.id, rows[to].e.id);
	for (i = from; i <= to; i++)
		act_seal_add(&h, rows[i].e.id, rows[i].hash);
	act_seal_end(&h, seal_hash[k]);
	seals[k].id = k + 1;
	seals[k].first_id = rows[from].e.id;
	seals[k].last_id = rows[to].e.id;
	seals[k].entries = to - from + 1;
	seals[k].prev_hash = seal_prev[k];
	seals[k].hash = seal_hash[k];
	nseals = k + 1;
}

/* act_seals' source of seals: the array, in order. */
static int
seal_next(struct act_seal *out, void *arg)
{
	(void)arg;
	if (seal_at >= nseals)
		return -1;
	*out = seals[seal_at++];
	return 0;
}

/* Entries 10..60 as written since sealing; seals 1: 10-30, 2: 40-50. */
static void
seal_setup(void)
{
	int	 i;

	nlines = 0;
	seal_at = 0;
	for (i = 0; i < NENT; i++) {
		row_fill(&rows[i], (i + 1) * 10, i);
		row_seal(&rows[i], "");
	}
	seal_make(0, 0, 2);
	seal_make(1, 3, 4);
}

/* Runs the seal checker over the listed entries; returns problems. */
static int
seal_run(const struct row *const *list, int n)
{
	struct act_seals s;
	int	 i;

	act_seals_init(&s, collect, NULL, seal_next, NULL);
	for (i = 0; i < n; i++)
		act_seals_entry(&s, list[i]->e.id, list[i]->hash);
	return act_seals_end(&s);
}

START_TEST(sealed_log_verifies)
{
	const struct row *list[NENT] = { &rows[0], &rows[1], &rows[2],
	    &rows[3], &rows[4], &rows[5] };

	ck_assert_int_eq(seal_run(list, NENT), 0);
	ck_assert(said("2 seals over 5 entries; 1 entries not yet sealed",
	    seal_hash[1]));
}
END_TEST

START_TEST(deleted_sealed_entry_names_its_seal)
{
	const struct row *list[NENT - 1] = { &rows[0], &rows[2], &rows[3],
	    &rows[4], &rows[5] };

	ck_assert_int_eq(seal_run(list, NENT - 1), 1);
	ck_assert(said("seal 1 (entries 10 to 30)", "entries were deleted"));
}
END_TEST

START_TEST(added_sealed_entry_names_its_seal)
{
	struct row	 x;
	const struct row *list[NENT + 1] = { &rows[0], &rows[1], &rows[2],
	    &rows[3], &x, &rows[4], &rows[5] };

	row_fill(&x, 45, 7);
	row_seal(&x, "");
	ck_assert_int_eq(seal_run(list, NENT + 1), 1);
	ck_assert(said("seal 2 (entries 40 to 50)", "added"));
	ck_assert(!said("seal 1 (", NULL));
}
END_TEST

START_TEST(rehashed_sealed_entry_names_its_seal)
{
	const struct row *list[NENT] = { &rows[0], &rows[1], &rows[2],
	    &rows[3], &rows[4], &rows[5] };

	/* Entry 20 rewritten and its own hash recomputed to match. */
	rows[1].e.summary = "nothing happened here";
	row_seal(&rows[1], "");
	ck_assert(act_entry_ok(&rows[1].e));
	ck_assert_int_eq(seal_run(list, NENT), 1);
	ck_assert(said("seal 1 (entries 10 to 30)", "edited"));
}
END_TEST

START_TEST(deleted_seal_is_found)
{
	const struct row *list[NENT] = { &rows[0], &rows[1], &rows[2],
	    &rows[3], &rows[4], &rows[5] };

	/* Seal 1 gone: seal 2 no longer follows anything. */
	seals[0] = seals[1];
	nseals = 1;
	ck_assert_int_gt(seal_run(list, NENT), 0);
	ck_assert(said("seal 2: does not follow", NULL));
}
END_TEST

START_TEST(unsealed_entries_are_counted_not_judged)
{
	const struct row *list[NENT - 1] = { &rows[0], &rows[1], &rows[2],
	    &rows[3], &rows[4] };

	/* Entry 60 (unsealed) deleted: nothing can tell. */
	ck_assert_int_eq(seal_run(list, NENT - 1), 0);
	ck_assert(said("0 entries not yet sealed", NULL));
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	s = suite_create("activity");
	tc = tcase_create("chain");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, hash_is_known_and_hex);
	tcase_add_test(tc, serialisation_is_unambiguous);
	tcase_add_loop_test(tc, every_column_counts, 0, 10);
	tcase_add_test(tc, intact_chain_verifies);
	tcase_add_test(tc, empty_log_verifies);
	tcase_add_test(tc, edited_entry_is_named);
	tcase_add_test(tc, edited_and_rehashed_entry_is_found);
	tcase_add_test(tc, deleted_entry_is_named);
	tcase_add_test(tc, deleted_first_entry_is_named);
	tcase_add_test(tc, inserted_entry_is_named);
	tcase_add_test(tc, inserted_unchained_entry_is_named);
	tcase_add_test(tc, inserted_first_entry_is_named);
	tcase_add_test(tc, all_three_at_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("seals");
	tcase_add_checked_fixture(tc, seal_setup, NULL);
	tcase_add_test(tc, sealed_log_verifies);
	tcase_add_test(tc, deleted_sealed_entry_names_its_seal);
	tcase_add_test(tc, added_sealed_entry_names_its_seal);
	tcase_add_test(tc, rehashed_sealed_entry_names_its_seal);
	tcase_add_test(tc, deleted_seal_is_found);
	tcase_add_test(tc, unsealed_entries_are_counted_not_judged);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
