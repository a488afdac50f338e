/*
 * Passwords and tokens: the length rule counts characters, not bytes;
 * Argon2id hashes verify the right password only; tokens are random,
 * URL-safe and of the promised size; token hashes are SHA-256 hex.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core.h"

static struct at_pool *pool;

static void
setup(void)
{
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
}

static const struct {
	const char	*pw;
	int		 ok;
} pcases[] = {
	{ "elevenchars", 0 },
	{ "twelve chars", 1 },
	/* 11 characters of two bytes each: 22 bytes, still too short. */
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9", 0 },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 1 },
	{ "aaaaaaaaaaaa", 1 },		/* no composition rules */
	{ "", 0 },
};

START_TEST(policy)
{
	const char	*why = at_password_policy(pcases[_i].pw);

	if (pcases[_i].ok)
		ck_assert_msg(why == NULL, "case %d refused: %s", _i, why);
	else
		ck_assert_msg(why != NULL, "case %d accepted", _i);
}
END_TEST

START_TEST(too_long)
{
	char	*pw = at_palloc(pool, 1100);

	memset(pw, 'x', 1099);
	ck_assert_ptr_nonnull(at_password_policy(pw));
}
END_TEST

START_TEST(hash_and_verify)
{
	char	*h1, *h2;

	h1 = at_password_hash(pool, "correct horse battery");
	ck_assert_ptr_nonnull(h1);
	ck_assert(strncmp(h1, "$argon2id$", 10) == 0);
	ck_assert_int_eq(at_password_verify(h1, "correct horse battery"), 1);
	ck_assert_int_eq(at_password_verify(h1, "correct horse batterY"), 0);
	ck_assert_int_eq(at_password_verify(h1, ""), 0);
	ck_assert_int_eq(at_password_verify(NULL, "x"), 0);
	/* A new salt every time. */
	h2 = at_password_hash(pool, "correct horse battery");
	ck_assert_str_ne(h1, h2);
}
END_TEST

START_TEST(tokens)
{
	char		*a, *b, *h;
	size_t		 i;

	a = at_token(pool, 32);
	b = at_token(pool, 32);
	ck_assert_uint_eq(strlen(a), 43);
	ck_assert_str_ne(a, b);
	for (i = 0; a[i] != '\0'; i++)
		ck_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
		    "uvwxyz0123456789-_", a[i]) != NULL);
	h = at_token_hash(pool, "abc");
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	    "b410ff61f20015ad");
	ck_assert_uint_eq(strlen(at_token_hash(pool, a)), 64);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	if (sodium_init() == -1)
		return EXIT_FAILURE;
	s = suite_create("password");
	tc = tcase_create("password");
	/* Argon2 is slow on purpose; on a loaded machine six runs of it
	 * took over 30 seconds. */
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, policy, 0, sizeof(pcases) / sizeof(pcases[0]));
	tcase_add_test(tc, too_long);
	tcase_add_test(tc, hash_and_verify);
	tcase_add_test(tc, tokens);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
