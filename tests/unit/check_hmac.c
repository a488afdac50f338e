/*
 * HMAC-SHA256 and signed webhook deliveries: the RFC 4231 vector, strict
 * hex, and the delivery check: a valid delivery passes, a tampered body or
 * signature or a wrong secret does not, nor a timestamp outside the
 * tolerance either side; malformed headers are refused as such; of several
 * v1 signatures any one matching is enough (a secret being rolled).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include <atrium/hmac.h>

#define SECRET	"whsec_test_secret"
#define BODY	"{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}"
#define T	"1767225600"
#define NOW	((time_t)1767225600)
/* HMAC-SHA256(SECRET, T "." BODY), computed independently. */
#define SIG	"15cb038dde33dbf631159a8a3226f345" \
		"c540a7ba0350704f4e95f9462346670c"
#define OTHER	"5bdcc146bf60754e6a042426089575c7" \
		"5a003f089d2739839dec58b964ec3843"

static struct at_pool	*pool;

static void
setup(void)
{
	pool = at_pool_new();
}

static void
teardown(void)
{
	at_pool_free(pool);
	pool = NULL;
}

/* Checks header against BODY and SECRET at now with a 300 s window. */
static enum at_webhook_status
check(const char *header, time_t now, const char **err)
{
	return at_webhook_verify(header, BODY, strlen(BODY), SECRET,
	    strlen(SECRET), now, 300, NULL, err);
}

START_TEST(rfc4231)
{
	unsigned char	 mac[AT_HMAC_LEN];
	static const char msg[] = "what do ya want for nothing?";

	at_hmac_sha256("Jefe", 4, msg, strlen(msg), mac);
	ck_assert_str_eq(at_hex_encode(pool, mac, sizeof(mac)), OTHER);
}
END_TEST

START_TEST(hex)
{
	unsigned char	 buf[4];
	size_t		 n = 99;

	ck_assert_int_eq(at_hex_decode("00fFa1", buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(buf[0] == 0 && buf[1] == 0xff && buf[2] == 0xa1);
	ck_assert_str_eq(at_hex_encode(pool, buf, 3), "00ffa1");
	ck_assert_int_eq(at_hex_decode("", buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(at_hex_decode("abc", buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(at_hex_decode("zz", buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(at_hex_decode("ab cd", buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(at_hex_decode("ab:cd", buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(at_hex_decode("0011223344", buf, sizeof(buf), &n),
	    -1);
	ck_assert_int_eq(at_hex_decode(NULL, buf, sizeof(buf), &n), -1);
}
END_TEST

START_TEST(equal)
{
	ck_assert_int_eq(at_hmac_equal("abcd", "abcd", 4), 1);
	ck_assert_int_eq(at_hmac_equal("abcd", "abce", 4), 0);
	ck_assert_int_eq(at_hmac_equal("xbcd", "abcd", 4), 0);
}
END_TEST

START_TEST(valid)
{
	const char	*err = NULL;
	time_t		 when = 0;

	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), SECRET, strlen(SECRET), NOW, 300, &when, &err),
	    AT_WEBHOOK_OK);
	ck_assert(when == NOW);
	/* Upper-case hex, blanks around items, other schemes ignored. */
	ck_assert_int_eq(check("t=" T ", v1=15CB038DDE33DBF631159A8A3226F345"
	    "C540A7BA0350704F4E95F9462346670C , v0=" OTHER, NOW, &err),
	    AT_WEBHOOK_OK);
	/* Items in any order. */
	ck_assert_int_eq(check("v1=" SIG ",t=" T, NOW, &err), AT_WEBHOOK_OK);
	/* The edges of the window are inside it. */
	ck_assert_int_eq(check("t=" T ",v1=" SIG, NOW + 300, &err),
	    AT_WEBHOOK_OK);
	ck_assert_int_eq(check("t=" T ",v1=" SIG, NOW - 300, &err),
	    AT_WEBHOOK_OK);
}
END_TEST

START_TEST(signs_what_it_checks)
{
	const char	*h, *err;
	static const char body[] = "a\0binary\0body";

	h = at_webhook_sign(pool, SECRET, strlen(SECRET), NOW, BODY,
	    strlen(BODY));
	ck_assert_str_eq(h, "t=" T ",v1=" SIG);
	h = at_webhook_sign(pool, "k", 1, 1000, body, sizeof(body));
	ck_assert_int_eq(at_webhook_verify(h, body, sizeof(body), "k", 1,
	    1000, 0, NULL, &err), AT_WEBHOOK_OK);
	/* The NUL bytes are signed too. */
	ck_assert_int_eq(at_webhook_verify(h, body, 1, "k", 1, 1000, 0, NULL,
	    &err), AT_WEBHOOK_MISMATCH);
}
END_TEST

START_TEST(tampered_body)
{
	const char	*err = NULL;
	static const char body[] =
	    "{\"id\":\"evt_1\",\"type\":\"checkout.session.completeD\"}";

	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, body,
	    strlen(body), SECRET, strlen(SECRET), NOW, 300, NULL, &err),
	    AT_WEBHOOK_MISMATCH);
	ck_assert_ptr_nonnull(err);
	/* One byte more or less. */
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY) - 1, SECRET, strlen(SECRET), NOW, 300, NULL, &err),
	    AT_WEBHOOK_MISMATCH);
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY " ",
	    strlen(BODY) + 1, SECRET, strlen(SECRET), NOW, 300, NULL, &err),
	    AT_WEBHOOK_MISMATCH);
}
END_TEST

START_TEST(tampered_signature)
{
	const char	*err = NULL;

	/* The last digit changed. */
	ck_assert_int_eq(check("t=" T ",v1=15cb038dde33dbf631159a8a3226f345"
	    "c540a7ba0350704f4e95f9462346670d", NOW, &err),
	    AT_WEBHOOK_MISMATCH);
	/* The first digit changed. */
	ck_assert_int_eq(check("t=" T ",v1=05cb038dde33dbf631159a8a3226f345"
	    "c540a7ba0350704f4e95f9462346670c", NOW, &err),
	    AT_WEBHOOK_MISMATCH);
	/* Another timestamp with the same signature: the time is signed. */
	ck_assert_int_eq(check("t=1767225601,v1=" SIG, NOW, &err),
	    AT_WEBHOOK_MISMATCH);
	/* The same number written otherwise is another signed text. */
	ck_assert_int_eq(check("t=0" T ",v1=" SIG, NOW, &err),
	    AT_WEBHOOK_MISMATCH);
	/* The v0 scheme is not checked, so it cannot stand in for v1. */
	ck_assert_int_eq(check("t=" T ",v0=" SIG ",v1=" OTHER, NOW, &err),
	    AT_WEBHOOK_MISMATCH);
}
END_TEST

START_TEST(wrong_secret)
{
	const char	*err = NULL;

	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), "whsec_test_secreT", strlen(SECRET), NOW, 300,
	    NULL, &err), AT_WEBHOOK_MISMATCH);
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), SECRET, strlen(SECRET) - 1, NOW, 300, NULL, &err),
	    AT_WEBHOOK_MISMATCH);
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), "", 0, NOW, 300, NULL, &err), AT_WEBHOOK_MISMATCH);
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), NULL, 0, NOW, 300, NULL, &err),
	    AT_WEBHOOK_MISMATCH);
}
END_TEST

START_TEST(outside_tolerance)
{
	const char	*err = NULL;
	time_t		 when = 0;

	/* Genuine but too old: a replay of a captured delivery. */
	ck_assert_int_eq(check("t=" T ",v1=" SIG, NOW + 301, &err),
	    AT_WEBHOOK_EXPIRED);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(check("t=" T ",v1=" SIG, NOW + 86400 * 365, &err),
	    AT_WEBHOOK_EXPIRED);
	/* From too far in the future. */
	ck_assert_int_eq(check("t=" T ",v1=" SIG, NOW - 301, &err),
	    AT_WEBHOOK_EXPIRED);
	/* A tolerance of 0 means the default 300 seconds. */
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), SECRET, strlen(SECRET), NOW + 300, 0, &when, &err),
	    AT_WEBHOOK_OK);
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), SECRET, strlen(SECRET), NOW + 301, 0, &when, &err),
	    AT_WEBHOOK_EXPIRED);
	ck_assert(when == NOW);
	/* A narrower window. */
	ck_assert_int_eq(at_webhook_verify("t=" T ",v1=" SIG, BODY,
	    strlen(BODY), SECRET, strlen(SECRET), NOW + 11, 10, NULL, &err),
	    AT_WEBHOOK_EXPIRED);
	/* A huge timestamp does not wrap into the window. */
	ck_assert_int_eq(check("t=9223372036854775807,v1=" SIG, NOW, &err),
	    AT_WEBHOOK_MISMATCH);
}
END_TEST

/* Headers that are not signature headers at all. */
static const char *malformed[] = {
	"",
	",",
	"t=" T,					/* no v1 */
	"v1=" SIG,				/* no t */
	"t=,v1=" SIG,
	"t=abc,v1=" SIG,
	"t=-1767225600,v1=" SIG,
	"t=+1767225600,v1=" SIG,
	"t=1767225600.5,v1=" SIG,
	"t=99999999999999999999,v1=" SIG,	/* past int64 */
	"t=" T ",t=" T ",v1=" SIG,		/* two timestamps */
	"t=" T ",v1=",
	"t=" T ",v1=" SIG "0",			/* 65 digits */
	"t=" T ",v1=15cb038dde33dbf631159a8a3226f345c540a7ba0350704f4e95f946"
	    "2346670",				/* 63 digits */
	"t=" T ",v1=zzcb038dde33dbf631159a8a3226f345c540a7ba0350704f4e95f946"
	    "2346670c",
	"t=" T ",v1=" SIG ",",			/* an empty item */
	"t=" T ",,v1=" SIG,
	"t=" T ";v1=" SIG,
	"t " T ",v1=" SIG,
	"=" T ",v1=" SIG,
	"t=" T ",v1=" SIG ",garbage",
};

START_TEST(malformed_header)
{
	const char	*err = NULL;

	ck_assert_msg(check(malformed[_i], NOW, &err) == AT_WEBHOOK_MALFORMED,
	    "accepted: %s", malformed[_i]);
	ck_assert_ptr_nonnull(err);
}
END_TEST

START_TEST(malformed_bounds)
{
	const char	*err = NULL;
	char		*h;
	size_t		 i;

	ck_assert_int_eq(check(NULL, NOW, &err), AT_WEBHOOK_MALFORMED);
	/* A header longer than AT_WEBHOOK_MAXHEADER. */
	h = at_palloc(pool, AT_WEBHOOK_MAXHEADER + 100);
	strcpy(h, "t=" T ",v1=" SIG ",x=");
	for (i = strlen(h); i < AT_WEBHOOK_MAXHEADER + 1; i++)
		h[i] = 'a';
	h[i] = '\0';
	ck_assert_int_eq(check(h, NOW, &err), AT_WEBHOOK_MALFORMED);
	/* Exactly the limit is read. */
	h[AT_WEBHOOK_MAXHEADER] = '\0';
	ck_assert_int_eq(check(h, NOW, &err), AT_WEBHOOK_OK);
	/* More v1 items than AT_WEBHOOK_MAXSIGS. */
	h = at_pstrdup(pool, "t=" T);
	for (i = 0; i <= AT_WEBHOOK_MAXSIGS; i++)
		h = at_pprintf(pool, "%s,v1=%s", h, OTHER);
	ck_assert_int_eq(check(h, NOW, &err), AT_WEBHOOK_MALFORMED);
}
END_TEST

START_TEST(multiple_v1)
{
	const char	*err = NULL;
	char		*h;
	size_t		 i;

	/* The old secret's signature first, the new one's second. */
	ck_assert_int_eq(check("t=" T ",v1=" OTHER ",v1=" SIG, NOW, &err),
	    AT_WEBHOOK_OK);
	ck_assert_int_eq(check("t=" T ",v1=" SIG ",v1=" OTHER, NOW, &err),
	    AT_WEBHOOK_OK);
	/* None of several matches. */
	ck_assert_int_eq(check("t=" T ",v1=" OTHER ",v1=" OTHER, NOW, &err),
	    AT_WEBHOOK_MISMATCH);
	/* The match may be the last of the most allowed. */
	h = at_pstrdup(pool, "t=" T);
	for (i = 0; i + 1 < AT_WEBHOOK_MAXSIGS; i++)
		h = at_pprintf(pool, "%s,v1=%s", h, OTHER);
	h = at_pprintf(pool, "%s,v1=%s", h, SIG);
	ck_assert_int_eq(check(h, NOW, &err), AT_WEBHOOK_OK);
}
END_TEST

static Suite *
hmac_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("hmac");
	tc = tcase_create("primitives");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rfc4231);
	tcase_add_test(tc, hex);
	tcase_add_test(tc, equal);
	suite_add_tcase(s, tc);

	tc = tcase_create("webhook");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, valid);
	tcase_add_test(tc, signs_what_it_checks);
	tcase_add_test(tc, tampered_body);
	tcase_add_test(tc, tampered_signature);
	tcase_add_test(tc, wrong_secret);
	tcase_add_test(tc, outside_tolerance);
	tcase_add_loop_test(tc, malformed_header, 0,
	    sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(tc, malformed_bounds);
	tcase_add_test(tc, multiple_v1);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nf;

	sr = srunner_create(hmac_suite());
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
