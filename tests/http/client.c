/*
 * The end-to-end tests' browser (client.h) over libcurl.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"

struct tc_browser {
	CURL		*curl;
	const char	*base;
	char		 csrf[128];
	struct tc_resp	 resp;
};

struct buf {
	char	*p;
	size_t	 n;
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		abort();
	return p;
}

static size_t
on_data(char *d, size_t sz, size_t n, void *arg)
{
	struct buf	*b = arg;

	b->p = xrealloc(b->p, b->n + sz * n + 1);
	memcpy(b->p + b->n, d, sz * n);
	b->n += sz * n;
	b->p[b->n] = '\0';
	return sz * n;
}

struct tc_browser *
tc_new(void)
{
	struct tc_browser *b;
	const char	*base;

	if ((base = getenv("ATRIUM_TEST_URL")) == NULL) {
		fprintf(stderr, "ATRIUM_TEST_URL is not set: run the end-to-end "
		    "suites through ./install/test\n");
		abort();
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		abort();
	b->base = base;
	b->curl = curl_easy_init();
	curl_easy_setopt(b->curl, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(b->curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(b->curl, CURLOPT_NOSIGNAL, 1L);
	return b;
}

void
tc_free(struct tc_browser *b)
{
	if (b == NULL)
		return;
	free(b->resp.body);
	free(b->resp.headers);
	curl_easy_cleanup(b->curl);
	free(b);
}

/* Remembers the CSRF token of a page that carries one. */
static void
tc_take_csrf(struct tc_browser *b)
{
	const char	*p, *v, *e;

	if (b->resp.body == NULL)
		return;
	p = strstr(b->resp.body, "name=\"csrf\" value=\"");
	if (p != NULL)
		v = p + strlen("name=\"csrf\" value=\"");
	else if ((p = strstr(b->resp.body, "<csrf>")) != NULL)
		v = p + 6;
	else
		return;
	e = v + strcspn(v, "\"<");
	if (e > v && (size_t)(e - v) < sizeof(b->csrf)) {
		memcpy(b->csrf, v, (size_t)(e - v));
		b->csrf[e - v] = '\0';
	}
}

/* Runs the prepared request and fills b->resp. */
static struct tc_resp *
tc_perform(struct tc_browser *b, const char *path)
{
	struct buf	 body = { NULL, 0 }, head = { NULL, 0 };
	char		*url;
	CURLcode	 rc;

	if (asprintf(&url, "%s%s", b->base, path) == -1)
		abort();
	curl_easy_setopt(b->curl, CURLOPT_URL, url);
	curl_easy_setopt(b->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(b->curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(b->curl, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(b->curl, CURLOPT_HEADERDATA, &head);
	rc = curl_easy_perform(b->curl);
	free(url);
	free(b->resp.body);
	free(b->resp.headers);
	memset(&b->resp, 0, sizeof(b->resp));
	if (rc != CURLE_OK) {
		fprintf(stderr, "request %s failed: %s\n", path,
		    curl_easy_strerror(rc));
		b->resp.status = -1;
	} else
		curl_easy_getinfo(b->curl, CURLINFO_RESPONSE_CODE,
		    &b->resp.status);
	b->resp.body = body.p != NULL ? body.p : strdup("");
	b->resp.len = body.n;
	b->resp.headers = head.p != NULL ? head.p : strdup("");
	tc_take_csrf(b);
	/* Reset per-request options. */
	curl_easy_setopt(b->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(b->curl, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(b->curl, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(b->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(b->curl, CURLOPT_PATH_AS_IS, 0L);
	return &b->resp;
}

struct tc_resp *
tc_get(struct tc_browser *b, const char *path)
{
	curl_easy_setopt(b->curl, CURLOPT_HTTPGET, 1L);
	return tc_perform(b, path);
}

struct tc_resp *
tc_head(struct tc_browser *b, const char *path)
{
	curl_easy_setopt(b->curl, CURLOPT_NOBODY, 1L);
	return tc_perform(b, path);
}

/* Builds "a=1&b=2" from name, value pairs; adds the CSRF token. */
static char *
tc_form(struct tc_browser *b, va_list ap)
{
	const char	*n, *v;
	char		*out = NULL, *en, *ev;
	size_t		 len = 0;
	int		 have_csrf = 0;
	FILE		*f;

	f = open_memstream(&out, &len);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (strcmp(n, "csrf") == 0)
			have_csrf = 1;
		en = curl_easy_escape(b->curl, n, 0);
		ev = curl_easy_escape(b->curl, v != NULL ? v : "", 0);
		fprintf(f, "%s%s=%s", ftell(f) > 0 ? "&" : "", en, ev);
		curl_free(en);
		curl_free(ev);
	}
	if (!have_csrf && b->csrf[0] != '\0')
		fprintf(f, "%scsrf=%s", ftell(f) > 0 ? "&" : "", b->csrf);
	fclose(f);
	return out;
}

struct tc_resp *
tc_post(struct tc_browser *b, const char *path, ...)
{
	va_list		 ap;
	char		*data;
	struct tc_resp	*r;

	va_start(ap, path);
	data = tc_form(b, ap);
	va_end(ap);
	curl_easy_setopt(b->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(b->curl, CURLOPT_COPYPOSTFIELDS, data);
	free(data);
	r = tc_perform(b, path);
	return r;
}

struct tc_resp *
tc_post_file(struct tc_browser *b, const char *path, const char *field,
    const char *filename, const void *data, size_t len, ...)
{
	curl_mime	*mime;
	curl_mimepart	*part;
	va_list		 ap;
	const char	*n, *v;
	int		 have_csrf = 0;
	struct tc_resp	*r;

	mime = curl_mime_init(b->curl);
	va_start(ap, len);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (strcmp(n, "csrf") == 0)
			have_csrf = 1;
		part = curl_mime_addpart(mime);
		curl_mime_name(part, n);
		curl_mime_data(part, v, CURL_ZERO_TERMINATED);
	}
	va_end(ap);
	if (!have_csrf) {
		part = curl_mime_addpart(mime);
		curl_mime_name(part, "csrf");
		curl_mime_data(part, b->csrf, CURL_ZERO_TERMINATED);
	}
	part = curl_mime_addpart(mime);
	curl_mime_name(part, field);
	curl_mime_filename(part, filename);
	curl_mime_data(part, data, len);
	curl_easy_setopt(b->curl, CURLOPT_MIMEPOST, mime);
	r = tc_perform(b, path);
	curl_easy_setopt(b->curl, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	return r;
}

struct tc_resp *
tc_raw(struct tc_browser *b, const char *method, const char *path,
    const char *ctype, const void *body, size_t len, const char *header)
{
	struct curl_slist *h = NULL;
	char		*ct = NULL;
	struct tc_resp	*r;

	if (ctype != NULL) {
		if (asprintf(&ct, "Content-Type: %s", ctype) == -1)
			abort();
		h = curl_slist_append(h, ct);
	}
	if (header != NULL)
		h = curl_slist_append(h, header);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(b->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(b->curl, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(b->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(b->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		curl_easy_setopt(b->curl, CURLOPT_COPYPOSTFIELDS, body);
		/* COPYPOSTFIELDS copies up to POSTFIELDSIZE bytes. */
	}
	r = tc_perform(b, path);
	curl_easy_setopt(b->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
	curl_slist_free_all(h);
	free(ct);
	return r;
}

long
tc_login(struct tc_browser *b, const char *email, const char *password)
{
	struct tc_resp	*r;
	char		*wait;
	int		 i;

	/*
	 * When every Argon2 slot is busy the site asks to try again
	 * (Retry-After): do as a person would, a few times.
	 */
	for (i = 0; ; i++) {
		tc_get(b, "/login");
		r = tc_post(b, "/login", "email", email, "password",
		    password, NULL);
		if (r->status == 303 || i == 10 ||
		    (wait = tc_header(r, "Retry-After")) == NULL)
			return r->status;
		sleep((unsigned)atoi(wait));
		free(wait);
	}
}

const char *
tc_csrf(struct tc_browser *b)
{
	return b->csrf;
}

char *
tc_header(const struct tc_resp *r, const char *name)
{
	const char	*p = r->headers, *e;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			e = p + strcspn(p, "\r\n");
			return strndup(p, (size_t)(e - p));
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

int
tc_has(const struct tc_resp *r, const char *needle)
{
	return r->body != NULL && strstr(r->body, needle) != NULL;
}

/* The whole of a file, malloc'd. */
static char *
tc_slurp(const char *path)
{
	FILE	*f;
	char	*out = NULL;
	size_t	 len = 0, n;
	char	 buf[8192];
	FILE	*m;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	m = open_memstream(&out, &len);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	fclose(f);
	fclose(m);
	return out;
}

char *
tc_mail_wait(const char *to, long since)
{
	return tc_mail_wait_for(to, since, NULL);
}

char *
tc_mail_wait_for(const char *to, long since, const char *needle)
{
	const char	*dir = getenv("ATRIUM_TEST_MAILDIR");
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 path[4096], best[4096], *text, *nl;
	int		 tries, match;

	if (dir == NULL)
		return NULL;
	for (tries = 0; tries < 100; tries++) {
		best[0] = '\0';
		if ((d = opendir(dir)) != NULL) {
			while ((e = readdir(d)) != NULL) {
				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", dir,
				    e->d_name);
				if (stat(path, &st) == -1 ||
				    st.st_mtime < since)
					continue;
				if ((text = tc_slurp(path)) == NULL)
					continue;
				match = needle == NULL ||
				    strstr(text, needle) != NULL;
				nl = strchr(text, '\n');
				if (nl != NULL)
					*nl = '\0';
				if (match && strstr(text, to) != NULL &&
				    (best[0] == '\0' ||
				    strcmp(e->d_name, strrchr(best, '/') + 1) >
				    0))
					snprintf(best, sizeof(best), "%s", path);
				free(text);
			}
			closedir(d);
		}
		if (best[0] != '\0')
			return tc_slurp(best);
		usleep(100000);
	}
	return NULL;
}

char *
tc_find_url(const char *text, const char *part)
{
	const char	*p, *e;
	char		*url;

	for (p = text; (p = strstr(p, "http")) != NULL; p = e) {
		e = p + strcspn(p, " \t\r\n<>\"");
		url = strndup(p, (size_t)(e - p));
		if (strstr(url, part) != NULL)
			return url;
		free(url);
	}
	return NULL;
}

/* Runs the control script; output into *out when not NULL. */
static int
tc_run(const char *arg, const char *arg2, char **out)
{
	const char	*ctl = getenv("ATRIUM_TEST_CTL");
	int		 fd[2], st;
	pid_t		 pid;
	char		 buf[4096];
	ssize_t		 n;
	size_t		 len = 0;
	FILE		*m = NULL;

	if (ctl == NULL || pipe(fd) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(ctl, ctl, arg, arg2, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (out != NULL)
		m = open_memstream(out, &len);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0)
		if (m != NULL)
			fwrite(buf, 1, (size_t)n, m);
	close(fd[0]);
	if (m != NULL)
		fclose(m);
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
tc_ctl(const char *arg, const char *arg2)
{
	return tc_run(arg, arg2, NULL);
}

char *
tc_sql(const char *sql)
{
	char	*out = NULL;

	if (tc_run("sql", sql, &out) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

long long
tc_sql_int(const char *sql)
{
	char		*out = tc_sql(sql);
	long long	 n = -1;

	if (out != NULL && *out != '\0' && strncmp(out, "NULL", 4) != 0)
		n = strtoll(out, NULL, 10);
	free(out);
	return n;
}

long long
tc_sql_intf(const char *fmt, long long a)
{
	char	 sql[2048];

	snprintf(sql, sizeof(sql), fmt, a);
	return tc_sql_int(sql);
}

struct tc_browser *
tc_as(const char *email)
{
	struct tc_browser *b = tc_new();

	if (email != NULL && tc_login(b, email, TC_DEMO_PASSWORD) != 303) {
		fprintf(stderr, "cannot sign in as %s\n", email);
		exit(1);
	}
	return b;
}

long long
tc_location_id(const struct tc_resp *r)
{
	char		*h = tc_header(r, "Location");
	const char	*p;
	long long	 n = -1;

	if (h != NULL) {
		h[strcspn(h, "#?")] = '\0';
		if ((p = strrchr(h, '/')) != NULL)
			n = strtoll(p + 1, NULL, 10);
	}
	free(h);
	return n;
}

int
tc_status_is(const struct tc_resp *r, int want)
{
	char	*loc;
	int	 ok;

	if (want != 0)
		return r->status == want;
	loc = tc_header(r, "Location");
	ok = r->status == 303 && loc != NULL && strncmp(loc, "/login", 6) == 0;
	free(loc);
	return ok;
}

const char *const tc_who_email[TC_NWHO] = { NULL, "ana@northwind.test",
    "cleo@globex.test", "staff@demo.test", "admin@demo.test" };
const char *const tc_who_name[TC_NWHO] = { "anonymous", "ana", "cleo",
    "staff", "admin" };

const char *
tc_expand(const char *tmpl, const char *letters, const long long *vals)
{
	static char	 out[512];
	char		*o = out;
	const char	*l;
	long long	 v;

	for (; *tmpl != '\0' && o < out + sizeof(out) - 24; tmpl++) {
		if (*tmpl != '%' || tmpl[1] == '\0') {
			*o++ = *tmpl;
			continue;
		}
		tmpl++;
		l = strchr(letters, *tmpl);
		v = l != NULL ? vals[l - letters] : 0;
		o += snprintf(o, 24, "%lld", v);
	}
	*o = '\0';
	return out;
}

void
tc_check_routes(struct tc_browser **b, const struct tc_route *routes,
    size_t n, const char *letters, const long long *vals)
{
	struct tc_resp	*r;
	const char	*path;
	size_t		 i;
	int		 w;

	for (i = 0; i < n; i++) {
		path = tc_expand(routes[i].path, letters, vals);
		for (w = 0; w < TC_NWHO; w++) {
			r = tc_get(b[w], path);
			ck_assert_msg(tc_status_is(r, routes[i].want[w]),
			    "%s as %s: %ld, want %d (0: sign in)", path,
			    tc_who_name[w], r->status, routes[i].want[w]);
		}
	}
}

/*
 * ---- Data of a test's own (client.h) ----
 * Made with SQL through the test control script; names and e-mails are
 * the tests' own ASCII (never quoted input), checked below.
 */

/* Exits when s holds what cannot go between SQL quotes as it is. */
static const char *
tc_plain(const char *s)
{
	if (strpbrk(s, "'\\\"") != NULL) {
		fprintf(stderr, "test data with a quote: %s\n", s);
		exit(1);
	}
	return s;
}

/* Runs sql, which ends by selecting one id; exits when there is none. */
static long long
tc_make(const char *what, const char *sql)
{
	long long	 id = tc_sql_int(sql);

	if (id <= 0) {
		fprintf(stderr, "cannot make %s: %s\n", what, sql);
		exit(1);
	}
	return id;
}

const char *
tc_tag(void)
{
	static char	 tag[32];

	if (tag[0] == '\0')
		snprintf(tag, sizeof(tag), "t%ldp%d",
		    (long)time(NULL) % 100000, (int)getpid());
	return tag;
}

/* A new client named name, its portal open, meetings on or off; its id. */
static long long
tc_make_client_with(const char *name, int meetings)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql), "INSERT INTO clients (name, "
	    "portal_enabled) VALUES ('%s', 1); INSERT INTO client_plugins "
	    "(client_id, plugin, enabled) SELECT LAST_INSERT_ID(), "
	    "'meetings', 1 FROM DUAL WHERE %d; SELECT id FROM clients WHERE "
	    "name = '%s'", tc_plain(name), meetings != 0, name);
	return tc_make("a client", sql);
}

/*
 * A new active user with the demo password (any Argon2 string of it
 * verifies it: the demo staff member's is copied); role contact with
 * client, or staff or admin with client 0.  Its id.
 */
static long long
tc_make_user(const char *email, const char *name, const char *role,
    long long client)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql), "INSERT INTO users (email, name, role, "
	    "client_id, password_hash, active) SELECT '%s', '%s', '%s', "
	    "NULLIF(%lld, 0), password_hash, 1 FROM users WHERE email = "
	    "'staff@demo.test'; SELECT id FROM users WHERE email = '%s'",
	    tc_plain(email), tc_plain(name), tc_plain(role), client, email);
	return tc_make("a user", sql);
}

long long
tc_make_client(const char *name)
{
	return tc_make_client_with(name, 1);
}

long long
tc_make_contact(long long client, const char *email, const char *name)
{
	return tc_make_user(email, name, "contact", client);
}

long long
tc_make_project(long long client, const char *name)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql), "INSERT INTO projects (client_id, name, "
	    "overview, status, visible, shared_at) VALUES (%lld, '%s', '', "
	    "'active', 1, UTC_TIMESTAMP()); SELECT LAST_INSERT_ID()", client,
	    tc_plain(name));
	return tc_make("a project", sql);
}

long long
tc_make_client_contact(const char *prefix, long long *client, char *email,
    size_t emailsz)
{
	char	 name[160];

	snprintf(name, sizeof(name), "%s", tc_unique(prefix));
	*client = tc_make_client_with(name, 0);
	snprintf(email, emailsz, "%s@contact.test", name);
	return tc_make_contact(*client, email, name);
}

long long
tc_make_staff(const char *prefix, const char *role, char *email,
    size_t emailsz)
{
	snprintf(email, emailsz, "%s@staff.test", tc_unique(prefix));
	return tc_make_user(email, "Test Person", role, 0);
}

/* Whether the space-separated list names word (n bytes). */
static int
tc_word_in(const char *list, const char *word, size_t n)
{
	size_t	 k;

	while (list != NULL && *list != '\0') {
		list += strspn(list, " ");
		k = strcspn(list, " ");
		if (k == n && k > 0 && strncmp(list, word, n) == 0)
			return 1;
		list += k;
	}
	return 0;
}

struct tc_browser *
tc_as_host(const char *host, const char *without, const char *email)
{
	struct tc_browser *b;
	const char	*url, *drop, *p;
	char		 env[64], denv[64];
	size_t		 n;

	snprintf(env, sizeof(env), "ATRIUM_TEST_URL_%s", host);
	snprintf(denv, sizeof(denv), "ATRIUM_TEST_%s_DROP", host);
	url = getenv(env);
	drop = getenv(denv);
	if (url == NULL || *url == '\0' || drop == NULL) {
		fprintf(stderr, "%s or %s is not set: run the end-to-end "
		    "suites through ./install/test\n", env, denv);
		exit(1);
	}
	for (p = without; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		if ((n = strcspn(p, " ")) > 0 && !tc_word_in(drop, p, n)) {
			fprintf(stderr, "the host %s has the plugin %.*s (%s "
			    "is \"%s\")\n", host, (int)n, p, denv, drop);
			exit(1);
		}
	}
	b = tc_new();
	b->base = url;
	if (email != NULL && tc_login(b, email, TC_DEMO_PASSWORD) != 303) {
		fprintf(stderr, "cannot sign in as %s at %s\n", email, url);
		exit(1);
	}
	return b;
}

int
tc_sealed_valid(struct tc_browser *b, const char *path)
{
	struct tc_browser *anon;
	struct tc_resp	*r = tc_get(b, path);
	char		*pdf;
	size_t		 len = r->len;
	int		 ok;

	if (r->status != 200 || len <= 4 || memcmp(r->body, "%PDF", 4) != 0)
		return 0;
	if ((pdf = malloc(len)) == NULL)
		abort();
	memcpy(pdf, r->body, len);
	anon = tc_new();
	anon->base = b->base;
	ok = tc_get(anon, "/verify")->status == 200;
	if (ok) {
		r = tc_post_file(anon, "/verify", "pdf", "sealed.pdf", pdf,
		    len, NULL);
		ok = r->status == 200 && tc_has(r, "Valid: sealed by this "
		    "site");
	}
	free(pdf);
	tc_free(anon);
	return ok;
}

void
tc_plugin_set(long long client, const char *plugin, int on)
{
	char	 sql[512], *o;

	snprintf(sql, sizeof(sql), "INSERT INTO client_plugins (client_id, "
	    "plugin, enabled) VALUES (%lld, '%s', %d) ON DUPLICATE KEY "
	    "UPDATE enabled = VALUES(enabled)", client, tc_plain(plugin),
	    on != 0);
	if ((o = tc_sql(sql)) == NULL) {
		fprintf(stderr, "cannot switch %s for client %lld\n", plugin,
		    client);
		exit(1);
	}
	free(o);
}

void
tc_set_source(struct tc_browser *b, const char *addr)
{
	curl_easy_setopt(b->curl, CURLOPT_INTERFACE, addr);
	/* A kept connection would still leave from the old address. */
	curl_easy_setopt(b->curl, CURLOPT_FRESH_CONNECT, 1L);
}

const char *
tc_fresh_addr(void)
{
	static char	 out[32];
	static unsigned	 n;
	unsigned	 v;

	v = ((unsigned)time(NULL) * 2654435761u) ^ ((unsigned)getpid() << 8) ^
	    (++n * 40503u);
	snprintf(out, sizeof(out), "127.%u.%u.%u", 1 + (v >> 16) % 250,
	    (v >> 8) % 256, 1 + v % 250);
	return out;
}

void
tc_set_ua(struct tc_browser *b, const char *ua)
{
	curl_easy_setopt(b->curl, CURLOPT_USERAGENT, ua);
}

void
tc_set_cookie(struct tc_browser *b, const char *setcookie)
{
	char	*line;

	if (asprintf(&line, "Set-Cookie: %s", setcookie) == -1)
		abort();
	curl_easy_setopt(b->curl, CURLOPT_COOKIELIST, line);
	free(line);
}

struct tc_resp *
tc_get_as_is(struct tc_browser *b, const char *path)
{
	curl_easy_setopt(b->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(b->curl, CURLOPT_PATH_AS_IS, 1L);
	return tc_perform(b, path);
}

/* Appends a FastCGI name-value pair to f. */
static void
fcgi_pair(FILE *f, const char *n, const char *v)
{
	size_t		 nl = strlen(n), vl = strlen(v), i;
	size_t		 l[2] = { nl, vl };

	for (i = 0; i < 2; i++) {
		if (l[i] < 128)
			fputc((int)l[i], f);
		else {
			fputc((int)((l[i] >> 24) | 0x80), f);
			fputc((int)((l[i] >> 16) & 0xff), f);
			fputc((int)((l[i] >> 8) & 0xff), f);
			fputc((int)(l[i] & 0xff), f);
		}
	}
	fwrite(n, 1, nl, f);
	fwrite(v, 1, vl, f);
}

/* Writes one FastCGI record of type t for request 1. */
static int
fcgi_record(int fd, int t, const void *data, size_t len)
{
	unsigned char	 h[8] = { 1, 0, 0, 1, 0, 0, 0, 0 };

	h[1] = (unsigned char)t;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)(len & 0xff);
	if (write(fd, h, 8) != 8)
		return -1;
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		return -1;
	return 0;
}

/* Reads exactly n bytes. */
static int
fcgi_read(int fd, void *buf, size_t n)
{
	size_t	 got = 0;
	ssize_t	 r;

	while (got < n) {
		if ((r = read(fd, (char *)buf + got, n - got)) <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

char *
tc_fcgi(const char *socket_path, const char *uri, size_t *len, ...)
{
	struct sockaddr_un sun;
	unsigned char	 begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 }, h[8];
	unsigned char	 rec[65536 + 256];
	char		*params = NULL, *out = NULL;
	size_t		 plen = 0, olen = 0, clen, pad;
	FILE		*f, *o;
	va_list		 ap;
	const char	*n, *v;
	int		 fd, done = 0, have_method = 0;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", socket_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return NULL;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return NULL;
	}
	f = open_memstream(&params, &plen);
	fcgi_pair(f, "REQUEST_URI", uri);
	fcgi_pair(f, "REMOTE_ADDR", "127.0.0.1");
	va_start(ap, len);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		fcgi_pair(f, n, v);
		if (strcmp(n, "REQUEST_METHOD") == 0)
			have_method = 1;
	}
	va_end(ap);
	if (!have_method)
		fcgi_pair(f, "REQUEST_METHOD", "GET");
	fclose(f);
	if (fcgi_record(fd, 1, begin, 8) == -1 ||
	    fcgi_record(fd, 4, params, plen) == -1 ||
	    fcgi_record(fd, 4, NULL, 0) == -1 ||
	    fcgi_record(fd, 5, NULL, 0) == -1) {
		free(params);
		close(fd);
		return NULL;
	}
	free(params);
	o = open_memstream(&out, &olen);
	while (!done) {
		if (fcgi_read(fd, h, 8) == -1)
			break;
		clen = ((size_t)h[4] << 8) | h[5];
		pad = h[6];
		if (fcgi_read(fd, rec, clen + pad) == -1)
			break;
		if (h[1] == 6)		/* FCGI_STDOUT */
			fwrite(rec, 1, clen, o);
		else if (h[1] == 3)	/* FCGI_END_REQUEST */
			done = 1;
	}
	fclose(o);
	close(fd);
	if (!done) {
		free(out);
		return NULL;
	}
	*len = olen;
	return out;
}

char *
tc_tcp(const char *request, size_t len)
{
	const char	*base = getenv("ATRIUM_TEST_URL"), *p;
	struct sockaddr_in sin;
	char		*out = NULL, buf[8192];
	size_t		 olen = 0;
	ssize_t		 n;
	FILE		*o;
	int		 fd;

	if (base == NULL || (p = strrchr(base, ':')) == NULL)
		return NULL;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(p + 1));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return NULL;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    write(fd, request, len) != (ssize_t)len) {
		close(fd);
		return NULL;
	}
	o = open_memstream(&out, &olen);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, o);
	fclose(o);
	close(fd);
	return out;
}

/* Calls fn for each message to "to" after since; stops when it returns 1. */
static void
tc_mail_each(const char *to, long since, int (*fn)(const char *, void *),
    void *arg)
{
	const char	*dir = getenv("ATRIUM_TEST_MAILDIR");
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		 path[4096], *text, *nl;
	int		 stop = 0;

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return;
	while (!stop && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == -1 || st.st_mtime < since)
			continue;
		if ((text = tc_slurp(path)) == NULL)
			continue;
		nl = strchr(text, '\n');
		if (nl != NULL && (size_t)(nl - text) < strlen(to))
			nl = NULL;
		if (nl != NULL) {
			*nl = '\0';
			if (strstr(text, to) != NULL) {
				*nl = '\n';
				stop = fn(text, arg);
			}
		}
		free(text);
	}
	closedir(d);
}

struct urls_arg {
	const char	*part;
	char		**urls;
	int		 n, max;
};

/* Adds the message's URL to the set when new. */
static int
tc_urls_one(const char *text, void *arg)
{
	struct urls_arg	*a = arg;
	char		*u;
	int		 i;

	if ((u = tc_find_url(text, a->part)) == NULL)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->urls[i], u) == 0) {
			free(u);
			return 0;
		}
	a->urls[a->n++] = u;
	return a->n == a->max;
}

int
tc_mail_urls(const char *to, long since, const char *part, char **urls,
    int n)
{
	struct urls_arg	 a;
	int		 tries;

	for (tries = 0; tries < 100; tries++) {
		a.part = part;
		a.urls = urls;
		a.n = 0;
		a.max = n;
		tc_mail_each(to, since, tc_urls_one, &a);
		if (a.n == n || tries == 99)
			return a.n;
		while (a.n > 0)
			free(urls[--a.n]);
		usleep(100000);
	}
	return 0;
}

struct count_arg {
	const char	*needle;
	int		 n;
};

/* Counts the message when it holds the needle. */
static int
tc_count_one(const char *text, void *arg)
{
	struct count_arg *a = arg;

	if (a->needle == NULL || strstr(text, a->needle) != NULL)
		a->n++;
	return 0;
}

int
tc_mail_count(const char *to, long since, const char *needle)
{
	struct count_arg a = { needle, 0 };

	tc_mail_each(to, since, tc_count_one, &a);
	return a.n;
}

const char *
tc_unique(const char *prefix)
{
	static char	 out[128];
	static int	 n;

	snprintf(out, sizeof(out), "%s%ld%d%d", prefix, (long)time(NULL),
	    (int)getpid(), ++n);
	return out;
}

int
tc_run_suite(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
tc_jobs_run(const char *args)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "'%s/bin/atriumctl' -c '%s' jobs run %s "
	    ">/dev/null 2>&1", getenv("ATRIUM_TEST_PREFIX"),
	    getenv("ATRIUM_TEST_CONF"), args);
	return system(cmd);
}
