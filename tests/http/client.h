/*
 * A small browser for end-to-end tests over the real stack (libcurl):
 * cookies kept per browser, the CSRF token of the last page remembered and
 * sent with every POST (unless the caller passes a "csrf" field itself).
 *
 * The test runner (install/test) exports:
 *	ATRIUM_TEST_URL		http://127.0.0.1:PORT (nginx in front)
 *	ATRIUM_TEST_MAILDIR	folder where the SMTP sink writes each message
 *				as one file (headers + body)
 *	ATRIUM_TEST_CTL		a script: db-stop | db-start | kill-worker |
 *				reload | sql "STATEMENT" (prints rows, tab-separated)
 *	ATRIUM_TEST_LOG		Atrium's log file
 *	ATRIUM_TEST_CONF	the running config file
 *	ATRIUM_TEST_URL_BARE, ATRIUM_TEST_BARE_DROP (and ..._BARE2, ...)
 *				hosts of the same site without the plugins
 *				their DROP lists (tc_as_host)
 */
#ifndef ATRIUM_TESTS_CLIENT_H
#define ATRIUM_TESTS_CLIENT_H

#include <stddef.h>

struct tc_resp {
	long		 status;
	char		*body;		/* NUL-terminated */
	size_t		 len;
	char		*headers;	/* raw header block, NUL-terminated */
};

struct tc_browser;

/* A new browser with an empty cookie jar; aborts if ATRIUM_TEST_URL is unset. */
struct tc_browser *tc_new(void);
void		 tc_free(struct tc_browser *);

/*
 * Requests.  path is relative to ATRIUM_TEST_URL.  The response stays owned
 * by the browser and is valid until its next request.  Redirects are not
 * followed.  fields are name, value pairs ended by NULL.
 */
struct tc_resp	*tc_get(struct tc_browser *, const char *path);
struct tc_resp	*tc_head(struct tc_browser *, const char *path);
struct tc_resp	*tc_post(struct tc_browser *, const char *path, ...);
/* multipart/form-data: one file field plus name, value pairs ended by NULL. */
struct tc_resp	*tc_post_file(struct tc_browser *, const char *path,
		    const char *field, const char *filename, const void *data,
		    size_t len, ...);
/* Any method, raw body and content type (NULL: none); extra header or NULL. */
struct tc_resp	*tc_raw(struct tc_browser *, const char *method,
		    const char *path, const char *ctype, const void *body,
		    size_t len, const char *header);

/* GET /login, POST the form; returns the status of the POST (303 on success). */
long		 tc_login(struct tc_browser *, const char *email,
		    const char *password);
/* The CSRF token of the last page that carried one, or "". */
const char	*tc_csrf(struct tc_browser *);

/* Value of response header name (case-insensitive), malloc'd, or NULL. */
char		*tc_header(const struct tc_resp *, const char *name);
/* 1 if the body contains needle. */
int		 tc_has(const struct tc_resp *, const char *needle);

/*
 * The newest message to address "to" that arrived after since (a time()
 * value), waiting up to 10 seconds; malloc'd text or NULL.
 */
char		*tc_mail_wait(const char *to, long since);
/* The same, but only a message whose text contains needle. */
char		*tc_mail_wait_for(const char *to, long since,
		    const char *needle);
/* First "http..." URL in text containing part, malloc'd, or NULL. */
char		*tc_find_url(const char *text, const char *part);
/* Runs the control script with args; returns its exit status. */
int		 tc_ctl(const char *arg, const char *arg2);
/* Runs SQL on the test database; malloc'd output (tab-separated rows). */
char		*tc_sql(const char *sql);

/* The first number of tc_sql's output, or -1 (none, NULL or an error). */
long long	 tc_sql_int(const char *sql);
/* tc_sql_int() with one %lld in fmt filled in. */
long long	 tc_sql_intf(const char *fmt, long long);

#define TC_DEMO_PASSWORD "demo-password-123"

/*
 * The five callers of an access matrix, signed in with the demo data:
 * nobody, a Northwind contact (ana), a Globex contact (cleo), staff and
 * an admin.
 */
enum tc_who { TC_ANON, TC_ANA, TC_CLEO, TC_STAFF, TC_ADMIN, TC_NWHO };
extern const char *const tc_who_email[TC_NWHO];
extern const char *const tc_who_name[TC_NWHO];

/* A GET route and the status each caller gets (0: 303 to sign in). */
struct tc_route {
	const char	*path;
	int		 want[TC_NWHO];
};

/*
 * tmpl with each "%X" replaced by the number vals[i] where letters[i]
 * is X (any other letter: 0).  Static buffer, valid until the next call.
 */
const char	*tc_expand(const char *tmpl, const char *letters,
		    const long long *vals);

/* A new browser signed in as email with the demo password (NULL: none);
 * exits when it cannot sign in. */
struct tc_browser *tc_as(const char *email);
/* The number at the end of the Location header ("/files/42#x"), or -1. */
long long	 tc_location_id(const struct tc_resp *);
/*
 * Whether r answered want; want 0 means "303 to the sign-in page" (what
 * an anonymous caller gets on a page that needs signing in).
 */
int		 tc_status_is(const struct tc_resp *, int want);
/*
 * Requests every route (its path through tc_expand with letters and
 * vals) as each caller of b (browsers indexed by enum tc_who) and
 * asserts the status; the first mismatch fails the test, naming both.
 */
void		 tc_check_routes(struct tc_browser **b, const struct tc_route *,
		    size_t n, const char *letters, const long long *vals);

/*
 * ---- Data of a test's own ----
 * Tests make the clients, contacts and projects they change instead of
 * changing the demo's, so a failure leaves nothing another test trips
 * on.  Names carry tc_tag(); every call exits the test process when the
 * database refuses.
 */

/* A tag unique to this process ("t12345p678"), for names and e-mails. */
const char	*tc_tag(void);
/* A new client named name, its portal open, meetings on; its id. */
long long	 tc_make_client(const char *name);
/*
 * A new active contact of client signing in with TC_DEMO_PASSWORD; its
 * id.
 */
long long	 tc_make_contact(long long client, const char *email,
		    const char *name);
/* A new active project of client, shared with it; its id. */
long long	 tc_make_project(long long client, const char *name);
/*
 * A new client named tc_unique(prefix) (portal open, no plugin switched
 * on) into *client, with one contact of the same name who has the demo
 * password; the contact's address into email; the contact's id.
 */
long long	 tc_make_client_contact(const char *prefix, long long *client,
		    char *email, size_t emailsz);
/*
 * A new staff account (role "staff" or "admin") with the demo password,
 * its address into email; its id.
 */
long long	 tc_make_staff(const char *prefix, const char *role,
		    char *email, size_t emailsz);

/*
 * Requests leave from this local address (127.0.0.x reaches the stack
 * too): a test that counts per-address throttles uses an address of its
 * own.  NULL goes back to the default.
 */
void		 tc_set_source(struct tc_browser *, const char *addr);
/*
 * A loopback address no earlier run used lately (127.x.y.z from the
 * time, the pid and a counter); static buffer, valid until the next call.
 */
const char	*tc_fresh_addr(void);
/* The User-Agent header of every later request (NULL: none). */
void		 tc_set_ua(struct tc_browser *, const char *ua);
/* Adds a cookie to the jar as a "Set-Cookie:" line would. */
void		 tc_set_cookie(struct tc_browser *, const char *setcookie);
/* GET path sent exactly as written ("/a/../b" is not tidied up). */
struct tc_resp	*tc_get_as_is(struct tc_browser *, const char *path);

/*
 * One request straight to a FastCGI unix socket, as nginx would send it:
 * params are name, value pairs ended by NULL, sent after REQUEST_URI uri
 * and REMOTE_ADDR (REQUEST_METHOD is GET unless given).  The raw output (header block and body),
 * malloc'd and NUL-terminated, its length in *len; NULL on failure.
 */
char		*tc_fcgi(const char *socket, const char *uri, size_t *len,
		    ...);
/*
 * The bytes a raw TCP connection to ATRIUM_TEST_URL's host and port
 * gets back for request (sent as is), malloc'd; NULL on failure.
 */
char		*tc_tcp(const char *request, size_t len);

/*
 * Waits up to 10 s until n different URLs containing part were mailed to
 * "to" after since; fills urls (malloc'd each) and returns how many.
 */
int		 tc_mail_urls(const char *to, long since, const char *part,
		    char **urls, int n);
/* How many messages to "to" containing needle arrived after since. */
int		 tc_mail_count(const char *to, long since, const char *needle);

/* A name nobody used before in this database: prefix, pid, counter. */
const char	*tc_unique(const char *prefix);

/*
 * tc_as on another host of the stack, host ("BARE", "BARE2": the hosts
 * of the same site without some plugins, install/lib.sh at_bare_start):
 * a browser of ATRIUM_TEST_URL_<host> signed in as email with the demo
 * password (NULL: none).  Each plugin in without (space-separated; NULL:
 * none) must be one ATRIUM_TEST_<host>_DROP names, that host goes
 * without.  Exits when a variable is unset, a plugin is there or the
 * sign-in fails.
 */
struct tc_browser *tc_as_host(const char *host, const char *without,
		    const char *email);
/*
 * Whether path, read by b, is a PDF (200) that the site's /verify page,
 * given it by a visitor of the same host, says this site sealed
 * ("Valid: sealed by this site").
 */
int		 tc_sealed_valid(struct tc_browser *b, const char *path);
/*
 * Switches plugin on (on 1) or off (0) for client, whatever it was;
 * exits when the database refuses.
 */
void		 tc_plugin_set(long long client, const char *plugin, int on);

/*
 * Runs every test of suite s (CK_NORMAL output) and frees it: what a
 * test program's main returns, EXIT_SUCCESS when none failed, else
 * EXIT_FAILURE.
 */
struct Suite;
int		 tc_run_suite(struct Suite *s);

/*
 * Runs "atriumctl -c CONF jobs run ARGS" with the test config (ARGS ""
 * runs every job due, else a job's name); its exit status (system()).
 */
int		 tc_jobs_run(const char *args);

#endif
