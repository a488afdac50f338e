/*
 * The activity log: append-only and tamper-evident, a core service.  Each
 * entry holds the SHA-256 of its canonical content; a job seals the
 * entries in batches (each seal hashes the entries it covers and the seal
 * before it), so an edited, inserted or deleted entry is found by
 * "atriumctl verify-log" (core/activity/activity.c says exactly what it
 * can prove before an entry is sealed).
 */
#ifndef ATRIUM_ACTIVITY_H
#define ATRIUM_ACTIVITY_H

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_db;
struct at_job_ctx;

/*
 * Appends an entry by the caller (req->user, or nobody) from its address.
 * client_id: the client the entry concerns, 0 for none.  object: a type
 * ("project", "file", "login") and id; visible: 1 when the object is shared
 * with the client, so its contacts see the entry.  One INSERT, on the
 * request's connection and in its transaction: call it in the same
 * transaction as the change it records.  Returns 0 or -1; on -1 the
 * request's transaction is rolled back when the handler returns (the
 * change is not kept) and the answer is a 500.  A "view" of an item by a
 * person already recorded in the current view window (30 minutes) is not
 * recorded again.  Every action but "view" and "download" also counts as
 * a change of the client's data (at_data_changed).
 */
int	 at_activity(struct at_req *, long long client_id, const char *action,
	    const char *object, long long object_id, const char *summary,
	    int visible);

/*
 * at_activity() for a job or a durable subscriber (no request, no
 * person): the entry is by nobody, from no address, on the job's
 * connection (in its transaction when one is open).  0 or -1 (logged).
 */
int	 at_activity_job(struct at_job_ctx *, long long client_id,
	    const char *action, const char *object, long long object_id,
	    const char *summary, int visible);

/*
 * Records that the data of client_id (0: data of no client) changed, so
 * the dashboards' caches of it are redrawn.  at_activity() calls it; a
 * module that changes what a dashboard shows without an activity entry
 * calls it itself, in the change's transaction.  0 or -1.
 */
int	 at_data_changed(struct at_db *, long long client_id);

/*
 * The service AT_ACTIVITY_LOG, version 1.0 (at_service): verify walks
 * the whole log and reports each problem through out, then a summary
 * line; 0 intact, -1 otherwise (*errstr says why).  seal seals the
 * entries at least grace seconds old now, as the "activity.seal" job
 * does; returns the entries sealed or -1.
 */
#define AT_ACTIVITY_LOG	"activity-log"
struct at_activity_log {
	size_t		 size;
	int		(*verify)(struct at_db *, void (*out)(const char *,
			    void *), void *arg, const char **errstr);
	long long	(*seal)(struct at_db *, int grace,
			    const char **errstr);
};

AT_API_END

#endif
