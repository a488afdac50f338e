/*
 * The reports area's shared parts (core/hub/reports.c draws the pages;
 * reports_hub.c holds the hub modules' panels, workload columns and
 * health factors).  Private to the core.
 */
#ifndef HUB_REPORTS_H
#define HUB_REPORTS_H

#include <stddef.h>
#include <time.h>
#include <libxml/tree.h>

struct at_req;
struct at_pool;
struct at_registry;
struct at_health_factor;

/* Registers the hub modules' report panels, workload columns, factors. */
void	 hub_rp_register(struct at_registry *);

/*
 * Runs every panel (only: just the one of that name) for the period and
 * client under parent.  0 or -1 (database).
 */
int	 hub_rp_panels(struct at_req *, xmlNodePtr parent, const char *only,
	    const char *from, const char *to, long long client);

/*
 * A report <table> as CSV (RFC 4180, CRLF): the columns' labels, then
 * the cells row by row.  In pool; *len its length.
 */
char	*hub_rp_csv(struct at_pool *, xmlNodePtr table, size_t *len);

/* The median of n values (0 when n is 0). */
double	 hub_rp_median(const double *, size_t n);
/* 1 when load is over the usual: above 1.5 times it and at least 3 more. */
int	 hub_rp_over(double load, double usual);
/* A factor's points: min(cap, weight * max(0, value - allow)). */
double	 hub_rp_points(double value, double weight, double allow, double cap);
/* A score from the points lost: round(100 - lost) within 0..100. */
int	 hub_rp_score(double lost);

/*
 * The weekly summary's text for from..to: each panel's figures, then
 * the five clients whose health fell most against the period before.
 * *text in the request's pool.  0 or -1.
 */
int	 hub_rp_summary(struct at_req *, const char *from, const char *to,
	    const char **text);

/*
 * The health factor "unanswered_messages" (threads whose last message is
 * a contact's, unanswered since the working day after it), registered
 * by the messages module.
 */
extern const struct at_health_factor hub_rp_unanswered;

/*
 * The weekly summary's due rule: the site's date (local time, TZ) of the
 * latest weekday (1 Monday .. 7 Sunday) whose hour (0..23) on the wall
 * clock has come by now, into slot ("YYYY-MM-DD", sz >= 11).  The
 * summary of that slot is due once, at the first run from then on.  0,
 * or -1 when weekday or hour is out of range.
 */
int	 hub_rp_weekly_slot(time_t now, int weekday, int hour, char *slot,
	    size_t sz);

/* The day a period's standing is read on: to, or today when to is later. */
const char *hub_rp_ref(struct at_req *, const char *to);

#endif
