/*
 * Durable events.  at_publish() writes an event, and one delivery per
 * matching durable subscriber, on the caller's database connection: in
 * the caller's transaction when it has begun one, so an event exists if
 * and only if the change it announces was committed.  Subscribers run
 * after the response (in the worker that served the request) or from the
 * "events.deliver" job, each at least once: a subscriber that fails is
 * tried again after a growing delay, and one that fails max_attempts
 * times is parked and listed for admins at /staff/events, where an admin
 * can send it again.  A subscriber gets the event id so it can make its
 * work idempotent (a unique key on the id in its own table).
 *
 * The in-request hooks (at_reg_event, at_emit in plugin.h) stay for work
 * that belongs inside the request.
 *
 * Payload: small text of "key=value" lines (UTF-8, '\n' between lines;
 * key [a-z0-9_.-]+, value any text without a line break), at most 60000
 * bytes, read back with at_payload_get():
 *
 *	at_publish(db, "invoice.paid", "invoice=42\nclient=7");
 */
#ifndef ATRIUM_EVENTS_H
#define ATRIUM_EVENTS_H

#include <stddef.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_registry;
struct at_db;
struct at_pool;
struct at_job_ctx;

#define AT_EVENT_PAYLOAD_MAX	60000

/*
 * Writes event name ([a-z0-9_.-]+, at most 100 bytes) with payload (NULL:
 * empty) and its deliveries.  Returns the event id, or -1 when the name or
 * payload is malformed or the database failed (logged); the caller then
 * rolls its transaction back.
 */
long long at_publish(struct at_db *, const char *name, const char *payload);

/*
 * A durable subscriber: returns 0 when done, or -1 (with *errstr a
 * one-line reason, static or in ctx->pool) to be tried again later.
 */
typedef int	(*at_subscriber_fn)(struct at_job_ctx *, long long event_id,
		    const char *event, const char *payload,
		    const char **errstr);

/*
 * Subscribes fn, known as "MODULE.name" in the deliveries table, to the
 * events matching pattern (a shell glob: "invoice.paid", "invoice.*",
 * "*").  backoff: seconds before the first retry, doubled for each
 * further one, at most six hours (0: 60).  max_attempts: failures before
 * the delivery is parked (0: 10).  Events published before a subscriber
 * existed are not delivered to it.
 */
void	 at_reg_subscriber(struct at_registry *, const char *name,
	    const char *pattern, at_subscriber_fn, unsigned int backoff,
	    unsigned int max_attempts);

/*
 * The value of key in a payload, in the pool; NULL when the key is not
 * there.
 */
char	*at_payload_get(struct at_pool *, const char *payload,
	    const char *key);

/* 0 when payload follows the format above, else -1. */
int	 at_payload_check(const char *payload);

AT_API_END

#endif
