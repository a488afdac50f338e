/*
 * Raw-body routes and rate limits end to end, over the real stack with
 * the webhook plugin (tests/plugins/webhook.c):
 *
 * - a Stripe-style delivery signed here with libsodium (not with the
 *   core's signer) is accepted and recorded once; its replay is
 *   acknowledged and counted but not recorded again; a tampered body, an
 *   expired timestamp and a missing signature are 400 and record nothing;
 * - the handler gets the bytes as sent whatever the content type (a
 *   form-encoded body is not parsed, a NUL byte survives), with no CSRF
 *   token, no session and no cookie set;
 * - a body over the route's limit is 413 before the handler runs;
 * - over a route's rate limit, per address or for all, the core answers
 *   429 with Retry-After;
 * - the registry refuses a raw route that asks for signed-in users.
 *
 * Event ids are new on every run; the rate-limit tests clear their
 * routes' counts first, so the suite can run again on the same stack.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "client.h"

#define SECRET		"whsec_atrium_test_5f1c0e"
#define MAXBODY		4096

/*
 * The Stripe-Signature header line for body at time t with key secret:
 * "Stripe-Signature: t=T,v1=HEX".  Static buffer.
 */
static const char *
sign(const char *secret, long long t, const void *body, size_t len)
{
	static char	 line[256];
	crypto_auth_hmacsha256_state st;
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	char		 ts[32], hex[2 * sizeof(mac) + 1];

	snprintf(ts, sizeof(ts), "%lld", t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(line, sizeof(line), "Stripe-Signature: t=%lld,v1=%s", t,
	    hex);
	return line;
}

/* A new event id, unique across runs: "evt_TIME_PID_N". */
static const char *
new_id(void)
{
	static char	 id[64];
	static int	 n;

	snprintf(id, sizeof(id), "evt_%lld_%ld_%d", (long long)time(NULL),
	    (long)getpid(), ++n);
	return id;
}

/* A JSON event with that id. */
static const char *
event(const char *id)
{
	static char	 body[256];

	snprintf(body, sizeof(body), "{\"id\": \"%s\", \"object\": "
	    "\"event\", \"type\": \"invoice.paid\", \"data\": {\"object\": "
	    "{\"amount_paid\": 1250}}}", id);
	return body;
}

/* The recorded rows of event id (-1 when the query fails). */
static long long
recorded(const char *id)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM webhook_events "
	    "WHERE event_id = '%s'", id);
	return tc_sql_int(sql);
}

/* The deliveries counted for event id. */
static long long
deliveries(const char *id)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT deliveries FROM webhook_events "
	    "WHERE event_id = '%s'", id);
	return tc_sql_int(sql);
}

/* Posts body (a C string) to /webhook/stripe as JSON with header. */
static struct tc_resp *
deliver(struct tc_browser *b, const char *body, const char *header)
{
	return tc_raw(b, "POST", "/webhook/stripe", "application/json",
	    body, strlen(body), header);
}

START_TEST(signed_recorded_once)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	const char	*id, *body;
	char		 hdr[256];

	id = strdup(new_id());
	body = event(id);
	snprintf(hdr, sizeof(hdr), "%s", sign(SECRET, time(NULL), body,
	    strlen(body)));
	r = deliver(b, body, hdr);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "recorded"));
	ck_assert_int_eq(recorded(id), 1);
	ck_assert_int_eq(deliveries(id), 1);
	/* The same delivery again (a provider retrying): acknowledged. */
	r = deliver(b, body, hdr);
	ck_assert_int_eq(r->status, 200);
	ck_assert(tc_has(r, "duplicate"));
	ck_assert_int_eq(recorded(id), 1);
	ck_assert_int_eq(deliveries(id), 2);
	free((void *)id);
	tc_free(b);
}
END_TEST

START_TEST(tampered_refused)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	const char	*id;
	char		 body[256], hdr[256];

	id = strdup(new_id());
	snprintf(body, sizeof(body), "%s", event(id));
	snprintf(hdr, sizeof(hdr), "%s", sign(SECRET, time(NULL), body,
	    strlen(body)));
	/* 1250 becomes 9250: same length, one byte changed. */
	*strstr(body, "1250") = '9';
	r = deliver(b, body, hdr);
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(recorded(id), 0);
	/* Signed with another secret. */
	r = deliver(b, event(id), sign("whsec_other", time(NULL), event(id),
	    strlen(event(id))));
	ck_assert_int_eq(r->status, 400);
	/* No signature at all. */
	r = deliver(b, event(id), NULL);
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(recorded(id), 0);
	free((void *)id);
	tc_free(b);
}
END_TEST

START_TEST(expired_refused)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	const char	*id, *body;

	id = strdup(new_id());
	body = event(id);
	/* Genuine, but sent 20 minutes ago (the tolerance is 5). */
	r = deliver(b, body, sign(SECRET, time(NULL) - 1200, body,
	    strlen(body)));
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(recorded(id), 0);
	/* And one from the future. */
	r = deliver(b, body, sign(SECRET, time(NULL) + 1200, body,
	    strlen(body)));
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(recorded(id), 0);
	free((void *)id);
	tc_free(b);
}
END_TEST

/* Sends body with ctype to /webhook/echo and checks it comes back. */
static void
echo_is(struct tc_browser *b, const char *method, const char *ctype,
    const void *body, size_t len)
{
	struct tc_resp	*r;
	char		*cookie;

	r = tc_raw(b, method, "/webhook/echo", ctype, body, len, NULL);
	ck_assert_msg(r->status == 200, "%s %s: %ld", method, ctype,
	    r->status);
	ck_assert_msg(r->len == len && memcmp(r->body, body, len) == 0,
	    "%s %s: the body came back changed (%zu bytes of %zu)", method,
	    ctype, r->len, len);
	/* No session was looked up or begun. */
	cookie = tc_header(r, "Set-Cookie");
	ck_assert_msg(cookie == NULL, "a raw route set a cookie: %s", cookie);
}

START_TEST(raw_any_type)
{
	struct tc_browser *b = tc_new();
	static const char bin[] = { 'P', 'K', 0, 3, 4, (char)0xff, '\n',
	    'x' };
	const char	*form = "a=1&b=%zz&csrf=nothing";

	echo_is(b, "POST", "text/plain", "plain words\n", 12);
	/* Would be parsed (and refused for %zz) on any other route. */
	echo_is(b, "POST", "application/x-www-form-urlencoded", form,
	    strlen(form));
	echo_is(b, "POST", "application/octet-stream", bin, sizeof(bin));
	echo_is(b, "PUT", "application/xml", "<a/>", 4);
	echo_is(b, "POST", "multipart/form-data; boundary=x", "--x--", 5);
	echo_is(b, "POST", "text/plain", "", 0);
	tc_free(b);
}
END_TEST

START_TEST(no_csrf_needed)
{
	struct tc_browser *b;
	struct tc_resp	*r;

	/*
	 * A signed-in browser that sends no token: a form route refuses
	 * it, a raw route takes the body as it is.
	 */
	b = tc_as("staff@demo.test");
	r = tc_raw(b, "POST", "/webhook/echo", "text/plain", "hi", 2, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(r->len, 2);
	r = tc_raw(b, "POST", "/logout", "application/x-www-form-urlencoded",
	    "x=1", 3, NULL);
	ck_assert_int_eq(r->status, 403);
	/* GET is not a method of the route. */
	r = tc_get(b, "/webhook/echo");
	ck_assert_int_eq(r->status, 405);
	tc_free(b);
}
END_TEST

START_TEST(over_limit)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r;
	char		*body, hdr[256];
	const char	*id;
	size_t		 n;

	id = strdup(new_id());
	body = malloc(MAXBODY + 200);
	ck_assert_ptr_nonnull(body);
	/* A genuine event padded to just over 4 KB. */
	n = (size_t)snprintf(body, MAXBODY + 200, "{\"id\": \"%s\", "
	    "\"pad\": \"", id);
	memset(body + n, 'x', MAXBODY + 1 - n);
	snprintf(body + MAXBODY + 1, 199, "\"}");
	snprintf(hdr, sizeof(hdr), "%s", sign(SECRET, time(NULL), body,
	    strlen(body)));
	r = deliver(b, body, hdr);
	ck_assert_int_eq(r->status, 413);
	ck_assert_int_eq(recorded(id), 0);
	/* Just under the limit is taken. */
	memcpy(body + MAXBODY - 2 - 2, "\"}", 3);
	snprintf(hdr, sizeof(hdr), "%s", sign(SECRET, time(NULL), body,
	    strlen(body)));
	ck_assert_int_le(strlen(body), MAXBODY);
	r = deliver(b, body, hdr);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(recorded(id), 1);
	free(body);
	free((void *)id);
	tc_free(b);
}
END_TEST

/*
 * Posts to path until a 429 (at most 2 * limit + 1 times) and checks
 * that limit requests went through first and that the 429 says when to
 * come back.  A window may end during the loop, letting up to twice the
 * limit through, never more.
 */
static void
until_429(const char *path, int limit, int window)
{
	struct tc_browser *b = tc_new();
	struct tc_resp	*r = NULL;
	char		*after;
	int		 i, ok = 0;
	long		 secs;

	for (i = 0; i < 2 * limit + 1; i++) {
		r = tc_raw(b, "POST", path, "text/plain", "x", 1, NULL);
		if (r->status != 200)
			break;
		ok++;
	}
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->status == 429, "%s: %ld after %d", path, r->status,
	    ok);
	ck_assert_msg(ok >= limit && ok <= 2 * limit, "%s: %d went through",
	    path, ok);
	after = tc_header(r, "Retry-After");
	ck_assert_ptr_nonnull(after);
	secs = strtol(after, NULL, 10);
	ck_assert_msg(secs >= 1 && secs <= window, "Retry-After: %s", after);
	free(after);
	/* Still over: the handler does not run. */
	r = tc_raw(b, "POST", path, "text/plain", "x", 1, NULL);
	if (r->status != 200)
		ck_assert_int_eq(r->status, 429);
	tc_free(b);
}

START_TEST(rate_per_addr)
{
	free(tc_sql("DELETE FROM rate_hits WHERE route = "
	    "'webhook:/webhook/limited'"));
	until_429("/webhook/limited", 3, 60);
	/* Counted for this address. */
	ck_assert_int_ge(tc_sql_int("SELECT MAX(hits) FROM rate_hits WHERE "
	    "route = 'webhook:/webhook/limited' AND addr = '127.0.0.1'"), 4);
}
END_TEST

START_TEST(rate_global)
{
	free(tc_sql("DELETE FROM rate_hits WHERE route = "
	    "'webhook:/webhook/global'"));
	until_429("/webhook/global", 2, 60);
	/* Counted for all addresses together, not per address. */
	ck_assert_int_ge(tc_sql_int("SELECT MAX(hits) FROM rate_hits WHERE "
	    "route = 'webhook:/webhook/global' AND addr = ''"), 3);
	ck_assert_int_eq(tc_sql_int("SELECT COUNT(*) FROM rate_hits WHERE "
	    "route = 'webhook:/webhook/global' AND addr <> ''"), 0);
}
END_TEST

START_TEST(raw_user_route_refused)
{
	struct tc_browser *b = tc_as("staff@demo.test");
	struct tc_resp	*r;
	FILE		*f;
	char		 line[1024];
	int		 seen = 0;

	r = tc_raw(b, "POST", "/webhook/bad", "text/plain", "x", 1, NULL);
	ck_assert_int_eq(r->status, 404);
	f = fopen(getenv("ATRIUM_TEST_LOG"), "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "webhook: route /webhook/bad refused") !=
		    NULL)
			seen = 1;
	fclose(f);
	ck_assert_msg(seen, "no log line for the refused raw route");
	tc_free(b);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;

	if (sodium_init() < 0)
		return EXIT_FAILURE;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	s = suite_create("webhook");
	tc = tcase_create("http");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, signed_recorded_once);
	tcase_add_test(tc, tampered_refused);
	tcase_add_test(tc, expired_refused);
	tcase_add_test(tc, raw_any_type);
	tcase_add_test(tc, no_csrf_needed);
	tcase_add_test(tc, over_limit);
	tcase_add_test(tc, rate_per_addr);
	tcase_add_test(tc, rate_global);
	tcase_add_test(tc, raw_user_route_refused);
	suite_add_tcase(s, tc);
	return tc_run_suite(s);
}
