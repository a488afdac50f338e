/*
 * Routing and form fields: paths match patterns with arguments, wrong
 * methods get 405 with Allow, unknown paths 404; validators accept and
 * normalise good values and reject bad ones with a message.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "plugin/registry.h"

static struct at_site	 site;
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
}

/* A validator case: input, whether it passes, the value it becomes. */
static const struct {
	at_validator	 fn;
	const char	*in;
	int		 ok;
	const char	*out;
} vcases[] = {
	{ at_v_email, " ana@northwind.test ", 1, "ana@northwind.test" },
	{ at_v_email, "ana@", 0, NULL },
	{ at_v_email, "a@b@c.test", 0, NULL },
	{ at_v_email, "ana@northwind", 0, NULL },
	{ at_v_email, "ana smith@x.test", 0, NULL },
	{ at_v_email, "ana@x.test\r\nBcc: z@y.test", 0, NULL },
	{ at_v_int, "-42", 1, "-42" },
	{ at_v_int, "4x", 0, NULL },
	{ at_v_int, "99999999999999999999", 0, NULL },
	{ at_v_id, "7", 1, "7" },
	{ at_v_id, "0", 0, NULL },
	{ at_v_id, "-3", 0, NULL },
	{ at_v_date, "2026-02-28", 1, "2026-02-28" },
	{ at_v_date, "2024-02-29", 1, "2024-02-29" },
	{ at_v_date, "2026-02-29", 0, NULL },
	{ at_v_date, "2026-13-01", 0, NULL },
	{ at_v_date, "26-01-01", 0, NULL },
	{ at_v_time, "09:30", 1, "09:30" },
	{ at_v_time, "09:30:00", 1, "09:30" },
	{ at_v_time, "24:00", 0, NULL },
	{ at_v_time, "9:30", 0, NULL },
	{ at_v_datetime, "2026-12-01T14:05", 1, "2026-12-01T14:05" },
	{ at_v_datetime, "2026-12-01 14:05", 1, "2026-12-01T14:05" },
	{ at_v_datetime, "2026-12-01", 0, NULL },
	{ at_v_money, "1,250.5", 1, "125050" },
	{ at_v_money, "12", 1, "1200" },
	{ at_v_money, "0.07", 1, "7" },
	{ at_v_money, "-3.10", 1, "-310" },
	{ at_v_money, "1.234", 0, NULL },
	{ at_v_money, "12e3", 0, NULL },
	{ at_v_money, "", 0, NULL },
	{ at_v_line, "  Homepage copy ", 1, "Homepage copy" },
	{ at_v_line, "two\nlines", 0, NULL },
	{ at_v_bool, "on", 1, "1" },
	{ at_v_bool, "", 1, "0" },
	{ at_v_bool, "maybe", 0, NULL },
};

START_TEST(validators)
{
	const char	*v = vcases[_i].in, *msg;

	msg = vcases[_i].fn(pool, &v);
	if (vcases[_i].ok) {
		ck_assert_msg(msg == NULL, "case %d (%s): %s", _i,
		    vcases[_i].in, msg);
		ck_assert_str_eq(v, vcases[_i].out);
	} else
		ck_assert_msg(msg != NULL && *msg != '\0',
		    "case %d (%s) passed", _i, vcases[_i].in);
}
END_TEST

/*
 * Web addresses people type: http(s) only, with a host; what a browser
 * would run or read another way is refused.
 */
static const struct {
	const char	*in;
	int		 ok;
	const char	*out;
} ucases[] = {
	{ "https://meet.example.com/abc-defg", 1,
	    "https://meet.example.com/abc-defg" },
	{ "  http://example.com/x?y=1#z ", 1, "http://example.com/x?y=1#z" },
	{ "HTTPS://Example.com/", 1, "HTTPS://Example.com/" },
	{ "javascript:alert(document.cookie)", 0, NULL },
	{ "JavaScript:alert(1)", 0, NULL },
	{ " javascript:alert(1)", 0, NULL },
	{ "java\tscript:alert(1)", 0, NULL },
	{ "data:text/html,<script>alert(1)</script>", 0, NULL },
	{ "vbscript:msgbox(1)", 0, NULL },
	{ "file:///etc/passwd", 0, NULL },
	{ "//evil.example/", 0, NULL },
	{ "/relative/path", 0, NULL },
	{ "https://", 0, NULL },
	{ "https:///path", 0, NULL },
	{ "https://@evil.example/", 0, NULL },
	{ "http:/example.com", 0, NULL },
	{ "https://exa mple.com/", 0, NULL },
	{ "https://example.com/\"onmouseover=\"x", 0, NULL },
	{ "https://example.com/<script>", 0, NULL },
	{ "https://example.com/\x01", 0, NULL },
	{ "", 0, NULL },
};

START_TEST(url_validator)
{
	const char	*v = ucases[_i].in, *msg;

	msg = at_v_url(pool, &v);
	if (ucases[_i].ok) {
		ck_assert_msg(msg == NULL, "case %d (%s): %s", _i,
		    ucases[_i].in, msg);
		ck_assert_str_eq(v, ucases[_i].out);
	} else
		ck_assert_msg(msg != NULL && *msg != '\0',
		    "case %d (%s) passed", _i, ucases[_i].in);
}
END_TEST

static int
h_ok(struct at_req *req)
{
	(void)req;
	return 200;
}

static const struct at_field f_form[] = {
	{ "title", at_v_line, AT_F_REQUIRED, 10, "Title" },
	{ "due", at_v_date, 0, 0, "Due" },
	{ "shared", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

/* Adds a form parameter to req. */
static void
add_param(struct at_req *req, const char *name, const char *value)
{
	struct at_param	*p, **tail;

	for (tail = &req->form; *tail != NULL; tail = &(*tail)->next)
		;
	p = at_palloc(pool, sizeof(*p));
	p->name = name;
	p->value = value;
	p->valsz = strlen(value);
	*tail = p;
}

START_TEST(fields_checked_before_handler)
{
	struct at_req	 req;
	struct at_route	 route = { AT_POST, "/x", AT_STAFF, h_ok, f_form,
	    NULL };
	const struct at_param *p;
	const char	*errstr = NULL;

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	site.limits.max_field = 1000;
	req.route = &route;
	add_param(&req, "title", "  ");
	add_param(&req, "due", "2026-02-30");
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_int_eq(at_form_errors(&req), 2);
	p = at_param_find(req.form, "title");
	ck_assert_str_eq(p->error, "This field is required.");
	p = at_param_find(req.form, "due");
	ck_assert_ptr_nonnull(p->error);
	/* The unticked box is present as "0", without an error. */
	p = at_param_find(req.form, "shared");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->value, "0");
	ck_assert_ptr_null(p->error);

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.route = &route;
	add_param(&req, "title", "far too long a title");
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_int_eq(at_form_errors(&req), 1);

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.route = &route;
	add_param(&req, "title", " Copy ");
	add_param(&req, "shared", "on");
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_int_eq(at_form_errors(&req), 0);
	ck_assert_str_eq(at_form(&req, "title"), "Copy");
	ck_assert_str_eq(at_form(&req, "shared"), "1");
}
END_TEST

/* A request for route with the form given as name, value pairs. */
static void
form_req(struct at_req *req, const struct at_route *route, ...)
{
	va_list		 ap;
	const char	*n, *v;

	memset(req, 0, sizeof(*req));
	req->pool = pool;
	req->site = &site;
	site.limits.max_field = 1000;
	req->route = route;
	va_start(ap, route);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		add_param(req, n, v);
	}
	va_end(ap);
}

/*
 * Validated values only: a rejected value is out of at_form()'s reach
 * (absent, not the typed text), yet stays with its message for the form
 * to redraw; a valid one reads as its validator normalised it.
 */
START_TEST(rejected_values_unreadable)
{
	struct at_req	 req;
	struct at_route	 route = { AT_POST, "/x", AT_STAFF, h_ok, f_form,
	    NULL };
	const struct at_param *p;
	const char	*errstr = NULL;

	form_req(&req, &route, "title", "far too long a title", "due",
	    "2026-02-30", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_int_eq(at_form_errors(&req), 2);
	ck_assert_ptr_null(at_form(&req, "title"));
	ck_assert_ptr_null(at_form(&req, "due"));
	/* For redrawing the form: the value as typed and its message. */
	ck_assert_str_eq(at_form_raw(&req, "due"), "2026-02-30");
	p = at_param_find(req.form, "due");
	ck_assert_str_eq(p->value, "2026-02-30");
	ck_assert_str_eq(p->error, "Enter a date as YYYY-MM-DD.");
	p = at_param_find(req.form, "title");
	ck_assert_str_eq(p->error, "Use at most 10 characters.");

	/* A required field left empty or blank is absent, not "". */
	form_req(&req, &route, "title", "   ", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_ptr_null(at_form(&req, "title"));
	form_req(&req, &route, NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_ptr_null(at_form(&req, "title"));
	ck_assert_str_eq(at_param_find(req.form, "title")->error,
	    "This field is required.");

	/* Valid values read normalised; an error a handler adds later
	 * does not hide the value it already checked. */
	form_req(&req, &route, "title", " Copy ", "due", " 2026-03-01 ",
	    NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_str_eq(at_form(&req, "title"), "Copy");
	ck_assert_str_eq(at_form(&req, "due"), "2026-03-01");
	at_form_error(&req, "due", "Taken.");
	ck_assert_str_eq(at_form(&req, "due"), "2026-03-01");
}
END_TEST

/* One value per declared field, of its kind; else 400 before the handler. */
START_TEST(one_value_per_field)
{
	struct at_req	 req;
	struct at_route	 route = { AT_POST, "/x", AT_STAFF, h_ok, f_form,
	    NULL };
	struct at_param	*p;
	const char	*errstr;

	errstr = NULL;
	form_req(&req, &route, "title", "One", "title", "Two", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 400);
	ck_assert_str_eq(errstr, "The form sent a field twice.");

	/* Even when the first copy is empty or the second one is. */
	errstr = NULL;
	form_req(&req, &route, "title", "One", "due", "", "due",
	    "2026-03-01", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 400);

	/* A file part under a text field's name. */
	errstr = NULL;
	form_req(&req, &route, "title", "One", NULL);
	p = req.form;
	p->tmppath = "/nonexistent/upload";
	p->filename = "x.txt";
	ck_assert_int_eq(at_fields_check(&req, &errstr), 400);
	ck_assert_str_eq(errstr, "The form sent a file where text belongs.");

	/* A checkbox value no page sends. */
	errstr = NULL;
	form_req(&req, &route, "title", "One", "shared", "maybe", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 400);

	/* Fields the table does not declare may repeat (checkbox lists). */
	errstr = NULL;
	form_req(&req, &route, "title", "One", "attendee", "1", "attendee",
	    "2", NULL);
	ck_assert_int_eq(at_fields_check(&req, &errstr), 0);
	ck_assert_ptr_null(errstr);
	ck_assert_str_eq(at_form(&req, "title"), "One");
}
END_TEST

/* Scope is fail-closed: no caller or no client is no client at all. */
START_TEST(client_scope_fail_closed)
{
	struct at_req	 req;
	struct at_user	 u;

	memset(&req, 0, sizeof(req));
	memset(&u, 0, sizeof(u));
	ck_assert_int_eq(at_client_scope(&req), AT_SCOPE_NONE);
	ck_assert(AT_SCOPE_NONE != AT_SCOPE_ALL && AT_SCOPE_NONE < 1);
	req.user = &u;
	u.role = AT_ROLE_CONTACT;
	u.client_id = 7;
	ck_assert_int_eq(at_client_scope(&req), 7);
	u.client_id = 0;		/* a contact without a client */
	ck_assert_int_eq(at_client_scope(&req), AT_SCOPE_NONE);
	u.role = AT_ROLE_STAFF;
	ck_assert_int_eq(at_client_scope(&req), AT_SCOPE_ALL);
	u.role = AT_ROLE_ADMIN;
	ck_assert_int_eq(at_client_scope(&req), AT_SCOPE_ALL);
	u.role = (enum at_role)0;	/* unknown */
	ck_assert_int_eq(at_client_scope(&req), AT_SCOPE_NONE);
}
END_TEST

/* Route matching over the built-in modules' tables. */
static const struct {
	enum at_method	 method;
	const char	*path;
	int		 rc;
	const char	*arg;		/* ":token" expected, or NULL */
} rcases[] = {
	{ AT_GET, "/login", 0, NULL },
	{ AT_POST, "/login", 0, NULL },
	{ AT_HEAD, "/login", 0, NULL },
	{ AT_DELETE, "/login", 405, NULL },
	{ AT_GET, "/login/", 0, NULL },
	{ AT_GET, "/reset/abc123", 0, "abc123" },
	{ AT_GET, "/reset/abc123/x", 404, NULL },
	{ AT_GET, "/no-such-page", 404, NULL },
	{ AT_GET, "/logi", 404, NULL },
};

START_TEST(routes_match)
{
	struct at_req	 req;
	const char	*allow = NULL;
	int		 rc;

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.method = rcases[_i].method;
	req.path = rcases[_i].path;
	rc = at_route_match(&req, &allow);
	ck_assert_msg(rc == rcases[_i].rc, "%s: %d, want %d",
	    rcases[_i].path, rc, rcases[_i].rc);
	if (rc == 405) {
		ck_assert_ptr_nonnull(allow);
		ck_assert_msg(strstr(allow, "GET") != NULL &&
		    strstr(allow, "HEAD") != NULL &&
		    strstr(allow, "POST") != NULL, "Allow: %s", allow);
	}
	if (rcases[_i].arg != NULL)
		ck_assert_str_eq(at_arg(&req, "token"), rcases[_i].arg);
}
END_TEST

/* Entries of older, smaller structs: no plugin; no max, no label. */
struct old_field {
	const char	*name;
	at_validator	 valid;
	unsigned int	 flags;
};
struct old_route {
	unsigned int	 methods;
	const char	*pattern;
	unsigned int	 access;
	at_handler	 handler;
	const struct old_field *fields;
};

static int
old_one(struct at_req *req)
{
	(void)req;
	return 201;
}

static int
old_two(struct at_req *req)
{
	(void)req;
	return 202;
}

static const struct old_field old_fields[] = {
	{ "n", at_v_int, AT_F_REQUIRED },
	{ "word", at_v_line, 0 },
	{ NULL, NULL, 0 }
};

static const struct old_route old_routes[] = {
	{ AT_GET, "/old/one", AT_ANON, old_one, NULL },
	{ AT_POST, "/old/two/:id", AT_STAFF, old_two, old_fields },
	{ 0, NULL, 0, NULL, NULL }
};

/* A table registered with its own, smaller entry sizes reads right. */
START_TEST(sized_route_tables)
{
	struct mod	 m;
	struct at_registry reg;
	struct at_req	 req;
	const char	*allow = NULL;
	const struct at_field *f;

	memset(&m, 0, sizeof(m));
	m.name = "oldsize";
	m.ok = 1;
	reg.mod = &m;
	reg.site = &site;
	at_reg_routes_sized(&reg, (const struct at_route *)(const void *)
	    old_routes, sizeof(struct old_route), sizeof(struct old_field));

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &site;
	req.method = AT_GET;
	req.path = "/old/one";
	ck_assert_int_eq(at_route_match(&req, &allow), 0);
	ck_assert_int_eq(req.route->handler(&req), 201);
	ck_assert_ptr_null(req.route->fields);
	ck_assert_str_eq(req.route->plugin, "oldsize");

	req.method = AT_POST;
	req.path = "/old/two/9";
	ck_assert_int_eq(at_route_match(&req, &allow), 0);
	ck_assert_int_eq(req.route->handler(&req), 202);
	ck_assert_uint_eq(req.route->access, AT_STAFF);
	ck_assert_str_eq(at_arg(&req, "id"), "9");
	ck_assert_str_eq(req.route->plugin, "oldsize");
	f = req.route->fields;
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f[0].name, "n");
	ck_assert(f[0].valid == at_v_int);
	ck_assert_uint_eq(f[0].flags, AT_F_REQUIRED);
	ck_assert_uint_eq(f[0].max, 0);
	ck_assert_ptr_null(f[0].label);
	ck_assert_str_eq(f[1].name, "word");
	ck_assert(f[1].valid == at_v_line);
	ck_assert_ptr_null(f[1].label);
	ck_assert_ptr_null(f[2].name);

	/* Sizes below the first version's are refused, nothing added. */
	at_router_drop(&m);
	at_reg_routes_sized(&reg, (const struct at_route *)(const void *)
	    old_routes, offsetof(struct at_route, handler),
	    sizeof(struct old_field));
	req.method = AT_GET;
	req.path = "/old/one";
	ck_assert_int_eq(at_route_match(&req, &allow), 404);
}
END_TEST

/* What the in-request event subscribers saw, in order. */
static char	 ev_seen[128];

/* Subscriber "a": appends "a:EVENT:DATA;". */
static void
ev_a(struct at_req *req, const char *event, void *data)
{
	(void)req;
	snprintf(ev_seen + strlen(ev_seen), sizeof(ev_seen) - strlen(ev_seen),
	    "a:%s:%s;", event, (const char *)data);
}

/* Subscriber "b": appends "b:EVENT;". */
static void
ev_b(struct at_req *req, const char *event, void *data)
{
	(void)req;
	(void)data;
	snprintf(ev_seen + strlen(ev_seen), sizeof(ev_seen) - strlen(ev_seen),
	    "b:%s;", event);
}

/*
 * at_emit calls every subscriber of that event name, in registration
 * order, with the emitter's data; not those of other names, not those of
 * a module out of service, none of a module unregistered.
 */
START_TEST(in_request_events)
{
	struct mod	 one, two, off;
	struct at_registry reg;
	struct at_req	 req;

	memset(&one, 0, sizeof(one));
	memset(&two, 0, sizeof(two));
	memset(&off, 0, sizeof(off));
	one.name = "evone";
	one.ok = 1;
	two.name = "evtwo";
	two.ok = 1;
	off.name = "evoff";
	reg.site = &site;
	reg.db = NULL;
	reg.mod = &one;
	at_reg_event(&reg, "thing.done", ev_a);
	reg.mod = &off;
	at_reg_event(&reg, "thing.done", ev_b);
	reg.mod = &two;
	at_reg_event(&reg, "thing.done", ev_b);
	at_reg_event(&reg, "other.done", ev_a);

	memset(&req, 0, sizeof(req));
	ev_seen[0] = '\0';
	at_emit(&req, "thing.done", "x1");
	ck_assert_str_eq(ev_seen, "a:thing.done:x1;b:thing.done;");
	ev_seen[0] = '\0';
	at_emit(&req, "other.done", "x2");
	ck_assert_str_eq(ev_seen, "a:other.done:x2;");
	ev_seen[0] = '\0';
	at_emit(&req, "nobody.listens", "x3");
	ck_assert_str_eq(ev_seen, "");

	reg_mod_unregister(&one);
	ev_seen[0] = '\0';
	at_emit(&req, "thing.done", "x4");
	ck_assert_str_eq(ev_seen, "b:thing.done;");
	reg_mod_unregister(&two);
	reg_mod_unregister(&off);
	ev_seen[0] = '\0';
	at_emit(&req, "thing.done", "x5");
	ck_assert_str_eq(ev_seen, "");
}
END_TEST

/*
 * The public structs plugins fill or read keep their layout within an ABI
 * major (LP64): a member may only be appended, with a new minor.
 */
START_TEST(public_layout_pinned)
{
	if (sizeof(void *) != 8 || sizeof(size_t) != 8)
		return;
	ck_assert_uint_eq(offsetof(struct at_route, methods), 0);
	ck_assert_uint_eq(offsetof(struct at_route, pattern), 8);
	ck_assert_uint_eq(offsetof(struct at_route, access), 16);
	ck_assert_uint_eq(offsetof(struct at_route, handler), 24);
	ck_assert_uint_eq(offsetof(struct at_route, fields), 32);
	ck_assert_uint_eq(offsetof(struct at_route, plugin), 40);
	ck_assert_uint_eq(sizeof(struct at_route), 48);
	ck_assert_uint_eq(offsetof(struct at_field, name), 0);
	ck_assert_uint_eq(offsetof(struct at_field, valid), 8);
	ck_assert_uint_eq(offsetof(struct at_field, flags), 16);
	ck_assert_uint_eq(offsetof(struct at_field, max), 24);
	ck_assert_uint_eq(offsetof(struct at_field, label), 32);
	ck_assert_uint_eq(sizeof(struct at_field), 40);
	ck_assert_uint_eq(offsetof(struct at_rate, per_addr), 0);
	ck_assert_uint_eq(offsetof(struct at_rate, global), 4);
	ck_assert_uint_eq(offsetof(struct at_rate, window), 8);
	ck_assert_uint_eq(sizeof(struct at_rate), 12);
	ck_assert_uint_eq(offsetof(struct at_param, next), 0);
	ck_assert_uint_eq(offsetof(struct at_param, name), 8);
	ck_assert_uint_eq(offsetof(struct at_param, value), 16);
	ck_assert_uint_eq(offsetof(struct at_param, valsz), 24);
	ck_assert_uint_eq(offsetof(struct at_param, filename), 32);
	ck_assert_uint_eq(offsetof(struct at_param, ctype), 40);
	ck_assert_uint_eq(offsetof(struct at_param, tmppath), 48);
	ck_assert_uint_eq(offsetof(struct at_param, size), 56);
	ck_assert_uint_eq(offsetof(struct at_param, error), 64);
	ck_assert_uint_eq(offsetof(struct at_param, rejected), 72);
	ck_assert_uint_eq(sizeof(struct at_param), 80);
	ck_assert_uint_eq(offsetof(struct at_header, next), 0);
	ck_assert_uint_eq(offsetof(struct at_header, name), 8);
	ck_assert_uint_eq(offsetof(struct at_header, value), 16);
	ck_assert_uint_eq(sizeof(struct at_header), 24);
	ck_assert_uint_eq(offsetof(struct at_rows, n), 0);
	ck_assert_uint_eq(offsetof(struct at_rows, ncol), 8);
	ck_assert_uint_eq(offsetof(struct at_rows, cols), 16);
	ck_assert_uint_eq(offsetof(struct at_rows, v), 24);
	ck_assert_uint_eq(offsetof(struct at_rows, len), 32);
	ck_assert_uint_eq(sizeof(struct at_rows), 40);
	ck_assert_uint_eq(offsetof(struct at_stmt_key, sql), 0);
	ck_assert_uint_eq(offsetof(struct at_stmt_key, id), 8);
	ck_assert_uint_eq(offsetof(struct at_stmt_key, gen), 12);
	ck_assert_uint_eq(sizeof(struct at_stmt_key), 16);
}
END_TEST

int
main(void)
{
	Suite	*s;
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	memset(&site, 0, sizeof(site));
	site.data_dir = "/nonexistent";
	if (at_registry_init(&site, at_builtin_modules) == -1)
		return EXIT_FAILURE;
	s = suite_create("router");
	tc = tcase_create("router");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, validators, 0,
	    sizeof(vcases) / sizeof(vcases[0]));
	tcase_add_loop_test(tc, url_validator, 0,
	    sizeof(ucases) / sizeof(ucases[0]));
	tcase_add_test(tc, fields_checked_before_handler);
	tcase_add_test(tc, rejected_values_unreadable);
	tcase_add_test(tc, one_value_per_field);
	tcase_add_test(tc, client_scope_fail_closed);
	tcase_add_loop_test(tc, routes_match, 0,
	    sizeof(rcases) / sizeof(rcases[0]));
	tcase_add_test(tc, sized_route_tables);
	tcase_add_test(tc, in_request_events);
	tcase_add_test(tc, public_layout_pinned);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
