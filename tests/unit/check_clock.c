/*
 * Time conversions: UTC text parses to the right instant and back;
 * malformed and impossible dates are refused; local times follow the
 * zone's summer time rules (Europe/London across both changes of 2024).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

static struct at_pool	*pool;

/* A fresh pool and the site's zone set to Europe/London. */
static void
setup(void)
{
	pool = at_pool_new();
	setenv("TZ", "Europe/London", 1);
	tzset();
}

static void
teardown(void)
{
	at_pool_free(pool);
	pool = NULL;
}

/* Database text and the instant it names. */
static const struct {
	const char	*text;
	time_t		 t;
} utc_good[] = {
	{ "1970-01-01 00:00:00", 0 },
	{ "2024-03-31 01:00:00", 1711846800 },
	{ "2024-01-15 09:30:15", 1705311015 },
	{ "2000-02-29 23:59:59", 951868799 },
	{ "2024-03-30", 1711756800 },		/* a DATE: midnight */
};

START_TEST(utc_parses)
{
	ck_assert_msg(at_time_parse_utc(utc_good[_i].text) == utc_good[_i].t,
	    "%s", utc_good[_i].text);
}
END_TEST

START_TEST(utc_formats)
{
	time_t	 t;

	if (strlen(utc_good[_i].text) != 19)
		return;
	t = utc_good[_i].t;
	ck_assert_str_eq(at_time_utc(pool, t), utc_good[_i].text);
	ck_assert(at_time_parse_utc(at_time_utc(pool, t)) == t);
}
END_TEST

/* Text that is not a UTC database time. */
static const char *const utc_bad[] = {
	"",
	"2024",
	"2024-02-30 00:00:00",		/* no such day */
	"2023-02-29 00:00:00",		/* not a leap year */
	"1900-02-29 00:00:00",
	"2024-13-01 00:00:00",
	"2024-00-10 00:00:00",
	"2024-01-00 00:00:00",
	"2024-01-01 24:00:00",
	"2024-01-01 23:60:00",
	"2024-01-01 23:59:60",
	"2024-01-01 10:00",		/* seconds missing */
	"2024-01-01T10:00:00",
	" 2024-01-01 10:00:00",
	"2024-01-01 10:00:00 ",
	"2024-01-01 10:00:00x",
	"24-01-01 10:00:00",
	"2024-1-01 10:00:00",
	"2024-01-01 1:00:00",
	"2024/01/01 10:00:00",
	"0000-00-00 00:00:00",
	"2024-01-01 -1:00:00",
	"2024-01-01 10:00:0",
};

START_TEST(utc_malformed)
{
	ck_assert_msg(at_time_parse_utc(utc_bad[_i]) == -1, "\"%s\"",
	    utc_bad[_i]);
	ck_assert_msg(at_time_local(pool, utc_bad[_i]) == NULL, "\"%s\"",
	    utc_bad[_i]);
}
END_TEST

START_TEST(utc_null)
{
	ck_assert(at_time_parse_utc(NULL) == -1);
	ck_assert_ptr_null(at_time_local(pool, NULL));
	ck_assert(at_time_from_local(NULL, "10:00") == -1);
}
END_TEST

/* UTC database times and how London reads them, around both changes. */
static const struct {
	const char	*utc;
	const char	*local;
} shown[] = {
	{ "2024-01-15 09:30:15", "2024-01-15 09:30" },
	{ "2024-03-31 00:59:59", "2024-03-31 00:59" },	/* last GMT */
	{ "2024-03-31 01:00:00", "2024-03-31 02:00" },	/* first BST */
	{ "2024-07-01 08:30:00", "2024-07-01 09:30" },
	{ "2024-10-27 00:30:00", "2024-10-27 01:30" },	/* BST */
	{ "2024-10-27 01:30:00", "2024-10-27 01:30" },	/* GMT again */
	{ "2024-12-31 23:59:59", "2024-12-31 23:59" },
};

START_TEST(local_shows)
{
	ck_assert_str_eq(at_time_local(pool, shown[_i].utc), shown[_i].local);
}
END_TEST

/* What a form sends and the UTC instant it means in London. */
static const struct {
	const char	*date;
	const char	*tod;
	const char	*utc;
} typed[] = {
	{ "2024-03-30", "12:00", "2024-03-30 12:00:00" },	/* GMT */
	{ "2024-03-31", "12:00", "2024-03-31 11:00:00" },	/* BST */
	{ "2024-03-31", "00:30", "2024-03-31 00:30:00" },
	{ "2024-03-31", "03:00", "2024-03-31 02:00:00" },
	{ "2024-07-01T09:30", NULL, "2024-07-01 08:30:00" },
	{ "2024-07-01 09:30", NULL, "2024-07-01 08:30:00" },
	{ "2024-01-15", "09:30:15", "2024-01-15 09:30:15" },
	{ "2024-10-27", "12:00", "2024-10-27 12:00:00" },	/* GMT again */
	{ "2024-10-26", "12:00", "2024-10-26 11:00:00" },
	{ "2024-02-29", "23:59", "2024-02-29 23:59:00" },
};

START_TEST(local_typed)
{
	time_t	 t;

	t = at_time_from_local(typed[_i].date, typed[_i].tod);
	ck_assert_msg(t != -1, "%s %s", typed[_i].date,
	    typed[_i].tod != NULL ? typed[_i].tod : "");
	ck_assert_str_eq(at_time_utc(pool, t), typed[_i].utc);
}
END_TEST

/* Form input that is not a local date and time. */
static const struct {
	const char	*date;
	const char	*tod;
} typed_bad[] = {
	{ "2024-02-30", "10:00" },
	{ "2023-02-29", "10:00" },
	{ "2024-01-01", "25:00" },
	{ "2024-01-01", "10:60" },
	{ "2024-01-01", "9:30" },
	{ "2024-01-01", "" },
	{ "2024-01-01", "10:00pm" },
	{ "2024-01-01", "10:00:" },
	{ "2024-01-01", NULL },			/* a date alone */
	{ "2024-01-01T10:00", "10:00" },	/* the time twice */
	{ "2024-01-01X10:00", NULL },
	{ "2024-01-01T", NULL },
	{ "2024-01-01T10:00Z", NULL },
	{ "", "10:00" },
	{ "01/02/2024", "10:00" },
	{ "2024-1-1", "10:00" },
};

START_TEST(local_malformed)
{
	ck_assert_msg(at_time_from_local(typed_bad[_i].date,
	    typed_bad[_i].tod) == -1, "\"%s\" \"%s\"", typed_bad[_i].date,
	    typed_bad[_i].tod != NULL ? typed_bad[_i].tod : "(null)");
}
END_TEST

START_TEST(zone_name)
{
	ck_assert_str_eq(at_time_zone(), "Europe/London");
	unsetenv("TZ");
	tzset();
	ck_assert_str_eq(at_time_zone(), "UTC");
	/* In UTC the local time is the database's. */
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(at_time_local(pool, "2024-07-01 08:30:00"),
	    "2024-07-01 08:30");
}
END_TEST

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
clock_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("clock");
	tc = tcase_create("utc");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, utc_parses, 0, N(utc_good));
	tcase_add_loop_test(tc, utc_formats, 0, N(utc_good));
	tcase_add_loop_test(tc, utc_malformed, 0, N(utc_bad));
	tcase_add_test(tc, utc_null);
	suite_add_tcase(s, tc);
	tc = tcase_create("local");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, local_shows, 0, N(shown));
	tcase_add_loop_test(tc, local_typed, 0, N(typed));
	tcase_add_loop_test(tc, local_malformed, 0, N(typed_bad));
	tcase_add_test(tc, zone_name);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nf;

	sr = srunner_create(clock_suite());
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
