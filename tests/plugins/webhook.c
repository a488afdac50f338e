/*
 * Raw-body routes and rate limits under test (tests/http/check_webhook.c):
 *
 *	POST /webhook/stripe	a Stripe-style delivery: the signature in
 *				Stripe-Signature is checked against the raw
 *				body with at_webhook_verify(); a genuine
 *				event is recorded once by its id (a replay
 *				is acknowledged, counted, not recorded
 *				again); 4 KB at most.
 *	POST|PUT /webhook/echo	answers the raw body as it came, whatever
 *				its content type.
 *	POST /webhook/limited	"ok", at most 3 times a minute per address.
 *	POST /webhook/global	"ok", at most 2 times a minute in all.
 *	POST /webhook/bad	a raw route for signed-in users, which the
 *				registry refuses (it must answer 404).
 *				Offered by the workers only: atriumctl's
 *				runs from cron must stay silent, and would
 *				log the refusal each time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* program_invocation_short_name */
#endif
#include <errno.h>
#include <string.h>
#include <time.h>

#include <atrium/atrium.h>
#include <atrium/hmac.h>

#define WH_SECRET	"whsec_atrium_test_5f1c0e"
#define WH_MAXBODY	4096

/*
 * The value of the top-level "id" string of a JSON event, in the pool, or
 * NULL.  A test's shortcut: it takes the first "id" key it sees and only
 * ids made of letters, digits and '_' (what Stripe sends).
 */
static const char *
wh_event_id(struct at_pool *pool, const char *body)
{
	const char	*p, *s;

	if ((p = strstr(body, "\"id\"")) == NULL)
		return NULL;
	p += 4;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p++ != '"')
		return NULL;
	for (s = p; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '_'; p++)
		;
	if (*p != '"' || p == s || p - s > 100)
		return NULL;
	return at_pstrndup(pool, s, (size_t)(p - s));
}

/* Answers a short text. */
static int
wh_text(struct at_req *req, int status, const char *text)
{
	return at_send(req, status, "text/plain; charset=utf-8", text,
	    strlen(text));
}

/* POST /webhook/stripe: verify, then record the event once. */
static int
wh_stripe(struct at_req *req)
{
	const char	*body, *id, *errstr = NULL;
	size_t		 len;
	time_t		 when;
	long long	 n;

	body = at_raw_body(req, &len);
	if (at_webhook_verify(at_req_header(req, "Stripe-Signature"), body,
	    len, WH_SECRET, strlen(WH_SECRET), time(NULL), 300, &when,
	    &errstr) != AT_WEBHOOK_OK) {
		log_info("webhook: refused delivery: %s", errstr);
		return wh_text(req, 400, "bad signature\n");
	}
	if ((id = wh_event_id(at_req_pool(req), body)) == NULL)
		return wh_text(req, 400, "no event id\n");
	/* Inserted: 1 row; a replay bumps its count: 2 rows. */
	n = at_db_exec(at_req_db(req),
	    "INSERT INTO webhook_events (event_id, body, "
	    "deliveries, received_at) VALUES (?, ?, 1, UTC_TIMESTAMP()) "
	    "ON DUPLICATE KEY UPDATE deliveries = deliveries + 1", "ss", id,
	    body);
	if (n == -1)
		return 500;
	return wh_text(req, 200, n == 1 ? "recorded\n" : "duplicate\n");
}

/* POST|PUT /webhook/echo: the raw body back. */
static int
wh_echo(struct at_req *req)
{
	const char	*body;
	size_t		 len;

	body = at_raw_body(req, &len);
	if (body == NULL)
		return 500;
	return at_send(req, 200, "application/octet-stream", body, len);
}

/* POST /webhook/limited, /webhook/global: "ok". */
static int
wh_ok(struct at_req *req)
{
	return wh_text(req, 200, "ok\n");
}

static const struct at_rate wh_per_addr = { 3, 0, 60 };
static const struct at_rate wh_global = { 0, 2, 60 };

static const struct at_route wh_routes[] = {
	{ AT_POST, "/webhook/stripe", AT_ANON | AT_RAW, wh_stripe, NULL,
	    NULL },
	{ AT_POST | AT_PUT, "/webhook/echo", AT_ANON | AT_RAW, wh_echo,
	    NULL, NULL },
	{ AT_POST, "/webhook/limited", AT_ANON | AT_RAW, wh_ok, NULL, NULL },
	{ AT_POST, "/webhook/global", AT_ANON | AT_RAW, wh_ok, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Refused by the registry: a raw route may not ask for a signed-in user. */
static const struct at_route wh_bad_routes[] = {
	{ AT_POST, "/webhook/bad", AT_STAFF | AT_RAW, wh_ok, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static int
wh_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, wh_routes);
	if (strcmp(program_invocation_short_name, "atrium") == 0)
		at_reg_routes(reg, wh_bad_routes);
	at_reg_limit(reg, AT_POST, "/webhook/stripe", WH_MAXBODY, NULL);
	at_reg_limit(reg, 0, "/webhook/limited", 0, &wh_per_addr);
	at_reg_limit(reg, 0, "/webhook/global", 0, &wh_global);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "webhook",
	.version = "1.0",
	.summary = "Raw-body webhook routes under test",
	.init = wh_init,
};
