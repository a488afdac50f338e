/*
 * Business hours: the site's working calendar (working days, the hours
 * of a working day, holidays) in the process's time zone (the site's:
 * every Atrium process sets TZ to it at start), and the arithmetic the
 * SLA clocks need.  Pure functions: no database, no allocation.
 */
#ifndef CASES_BIZHOURS_H
#define CASES_BIZHOURS_H

#include <stddef.h>
#include <time.h>

#define CS_HOLIDAYS_MAX	256

struct cs_cal {
	unsigned int	 days;		/* bit n: tm_wday n is a working day */
	int		 start;		/* minutes after local midnight */
	int		 end;		/* after start, at most 1440 */
	int		 hol[CS_HOLIDAYS_MAX];	/* YYYYMMDD, any order */
	size_t		 nhol;
};

/*
 * Fills cal from days ("mon-fri", "mon,tue,thu", "sun-thu"), hours
 * ("09:00-17:30") and holidays (YYYY-MM-DD each, n of them).  0, or -1
 * with *errstr a static sentence naming what is wrong.
 */
int		 cs_cal_parse(struct cs_cal *cal, const char *days,
		    const char *hours, const char *const *holidays, size_t n,
		    const char **errstr);

/* Whether local date YYYYMMDD (and its weekday wday) is a working day. */
int		 cs_cal_workday(const struct cs_cal *cal, int ymd, int wday);

/* Business seconds between from and to (0 when to <= from). */
long long	 cs_bh_between(const struct cs_cal *cal, time_t from,
		    time_t to);

/*
 * The moment at which secs business seconds have passed after from
 * (from itself for secs <= 0 inside working hours; else the start of
 * the next working window).  (time_t)-1 when no working time lies in
 * the next ten years (a calendar without working days).
 */
time_t		 cs_bh_add(const struct cs_cal *cal, time_t from,
		    long long secs);

/*
 * An SLA clock that stops while a case waits on the client: used
 * business seconds counted up to since, running from since when since
 * is not 0.
 */
struct cs_clock {
	long long	 used;
	time_t		 since;		/* 0: paused */
};

/* Business seconds on the clock at now. */
long long	 cs_clock_used(const struct cs_cal *, const struct cs_clock *,
		    time_t now);
/* Stops the clock at now (nothing when stopped). */
void		 cs_clock_pause(const struct cs_cal *, struct cs_clock *,
		    time_t now);
/* Starts the clock at now (nothing when running). */
void		 cs_clock_resume(struct cs_clock *, time_t now);
/*
 * When a clock reading used at now reaches target business seconds
 * (now when already reached); (time_t)-1 as cs_bh_add.
 */
time_t		 cs_clock_due(const struct cs_cal *, const struct cs_clock *,
		    long long target, time_t now);

#endif
