/*
 * The extension points' registry (atrium/extend.h) without a database:
 * the built-in modules register their report panels, project sections,
 * dashboard parts and search providers at start, and the registry lists
 * them in order; a module's registrations go when it is unregistered;
 * the core registers only the modules its caller hands in; page model
 * parts run in registration order, and the page model is built with
 * none.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/reports.h"
#include "plugin/registry.h"

static struct at_site	 site;

extern const struct at_plugin at_mod_projects;
extern const struct at_plugin at_mod_changes;

START_TEST(registered_panel_is_listed)
{
	const struct at_report_panel *const *p;
	size_t		 n, i;
	int		 found = 0;

	n = at_report_panels(&p);
	ck_assert_uint_ge(n, 1);
	ck_assert_ptr_null(p[n]);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(p[i]->fn);
		ck_assert_uint_eq(p[i]->size, sizeof(struct at_report_panel));
		if (strcmp(p[i]->name, "projects") == 0) {
			ck_assert_str_eq(p[i]->title, "Projects");
			found = 1;
		}
		if (i > 0)
			ck_assert_int_le(p[i - 1]->order, p[i]->order);
	}
	ck_assert_msg(found, "the projects module's panel is not listed");
}
END_TEST

START_TEST(unregistered_module_leaves_nothing)
{
	const struct at_report_panel *const *p;
	size_t		 n, i;

	at_ext_unregister("projects");
	n = at_report_panels(&p);
	for (i = 0; i < n; i++)
		ck_assert_str_ne(p[i]->name, "projects");
	/* Put everything back for the other tests. */
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, at_builtin_modules), 0);
	n = at_report_panels(&p);
	ck_assert_uint_ge(n, 1);
}
END_TEST

/*
 * The core registers only the modules its caller hands in: none, then
 * the projects module alone (its panel and service, not the decisions
 * module's), then the hub's whole list again.
 */
START_TEST(only_modules_handed_in_register)
{
	static const struct at_plugin *const only_projects[] = {
		&at_mod_projects, NULL
	};
	const struct at_report_panel *const *p;

	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, NULL), 0);
	ck_assert_uint_eq(at_report_panels(&p), 0);
	ck_assert_ptr_null(at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V));

	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, only_projects), 0);
	ck_assert_uint_eq(at_report_panels(&p), 1);
	ck_assert_str_eq(p[0]->name, "projects");
	ck_assert_ptr_nonnull(at_service(AT_SVC_PROJECTS, AT_SVC_PROJECTS_V));
	ck_assert_ptr_null(at_service(AT_SVC_DECISIONS, AT_SVC_DECISIONS_V));

	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, at_builtin_modules), 0);
	ck_assert_ptr_nonnull(at_service(AT_SVC_DECISIONS,
	    AT_SVC_DECISIONS_V));
	ck_assert_uint_ge(at_report_panels(&p), 1);
}
END_TEST

START_TEST(factors_and_columns_are_listed)
{
	const struct at_health_factor *const *f;
	const struct at_workload_col *const *w;
	size_t		 n, i;
	int		 found = 0;

	n = at_health_factors(&f);
	ck_assert_uint_ge(n, 3);
	ck_assert_ptr_null(f[n]);
	for (i = 0; i < n; i++) {
		if (strcmp(f[i]->name, "overdue_milestones") == 0) {
			ck_assert(f[i]->weight == 10 && f[i]->allow == 0 &&
			    f[i]->cap == 40);
			found++;
		}
		if (i > 0)
			ck_assert_int_le(f[i - 1]->order, f[i]->order);
	}
	ck_assert_int_eq(found, 1);
	n = at_workload_cols(&w);
	ck_assert_uint_ge(n, 2);
	ck_assert_str_eq(w[0]->name, "tasks_due");
	ck_assert_int_eq(w[0]->load, 1);
}
END_TEST

START_TEST(health_and_load_rules)
{
	double	 v[] = { 4, 0, 1, 0 };

	ck_assert(hub_rp_points(2, 10, 0, 40) == 20);
	ck_assert(hub_rp_points(9, 10, 0, 40) == 40);
	ck_assert(hub_rp_points(3, 5, 1, 25) == 10);
	ck_assert(hub_rp_points(1, 5, 1, 25) == 0);
	ck_assert(hub_rp_points(0, 1, 14, 30) == 0);
	ck_assert_int_eq(hub_rp_score(30), 70);
	ck_assert_int_eq(hub_rp_score(29.5), 71);
	ck_assert_int_eq(hub_rp_score(140), 0);
	ck_assert_int_eq(hub_rp_score(0), 100);
	ck_assert(hub_rp_median(v, 4) == 0.5);
	ck_assert(hub_rp_median(v, 3) == 1);
	ck_assert(hub_rp_median(v, 0) == 0);
	ck_assert_int_eq(hub_rp_over(4, 0.5), 1);
	ck_assert_int_eq(hub_rp_over(3, 1), 0);	/* not 3 more */
	ck_assert_int_eq(hub_rp_over(2, 0), 0);
	ck_assert_int_eq(hub_rp_over(16, 10), 1);
	ck_assert_int_eq(hub_rp_over(15, 10), 0);	/* not more than 1.5 times */
	ck_assert_int_eq(hub_rp_over(14, 10), 0);	/* not 1.5 times */
}
END_TEST

START_TEST(panel_xml_and_csv)
{
	static const struct at_rp_col cols[] = {
		{ "a", "Name, first", AT_RP_TEXT },
		{ "b", "N", AT_RP_NUMBER },
		{ NULL, NULL, NULL }
	};
	static const char *const r1[] = { "=SUM(A1)", "-3" };
	static const char *const r2[] = { "say \"hi\"", "+2" };
	static const char *const r3[] = { "@x", NULL };
	struct at_pool	*pool = at_pool_new();
	xmlNodePtr	 root, p, t;
	char		*csv;
	size_t		 len;

	root = xmlNewNode(NULL, BAD_CAST "panels");
	p = at_rp_panel(root, "x", "X");
	at_rp_figure(p, "f", "F", "1", NULL);
	t = at_rp_table(p, "t", "T", cols, NULL);
	at_rp_row(t, r1, 2);
	at_rp_row(t, r2, 2);
	at_rp_row(t, r3, 2);
	at_rp_chart(p, "bar", "t", "a", "b", NULL);
	csv = hub_rp_csv(pool, t, &len);
	ck_assert_str_eq(csv, "\"Name, first\",N\r\n'=SUM(A1),-3\r\n"
	    "\"say \"\"hi\"\"\",+2\r\n'@x,\r\n");
	ck_assert_uint_eq(len, strlen(csv));
	xmlFreeNode(root);
	at_pool_free(pool);
}
END_TEST

/* The number of navigation counts registered for area, or 0. */
static size_t
navcounts_of(const char *area)
{
	const struct at_nav_count *const *c;
	const char *const *plug;
	unsigned int	 gen;
	size_t		 i, n, k = 0;

	n = at_nav_counts(&c, &plug, &gen);
	ck_assert_uint_eq(gen, at_ext_gen());
	for (i = 0; i < n; i++)
		if (strcmp(c[i]->area, area) == 0)
			k++;
	return k;
}

START_TEST(nav_counts_checked)
{
	struct mod	 m;
	struct at_registry reg;
	unsigned int	 gen;
	static const struct at_nav_count good = {
		AT_EXT_SIZE(at_nav_count), "navgood", "/navgood",
		"SELECT COUNT(*) FROM t WHERE client_id = ? AND x > ? AND "
		"note <> 'why?' AND (y = ? OR z IN (1, 2))", "cmu",
		"/staff/navgood", "SELECT COUNT(*) FROM t WHERE x > ?", "m", 0
	};
	static const struct at_nav_count bad[] = {
		/* One '?' more than its letters. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "SELECT COUNT(*) FROM t WHERE client_id = ? AND x > ?", "c",
		    NULL, NULL, NULL, 0 },
		/* One fewer. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", NULL, NULL, NULL,
		    "/staff/navbad", "SELECT COUNT(*) FROM t", "m", 0 },
		/* A contact's count not scoped by the client. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "SELECT COUNT(*) FROM t WHERE x > ?", "m", NULL, NULL,
		    NULL, 0 },
		/* A client id for staff. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", NULL, NULL, NULL,
		    "/staff/navbad", "SELECT COUNT(*) FROM t WHERE c = ?", "c",
		    0 },
		/* Two statements, a comment, parentheses left open. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "SELECT 1 WHERE 1 = ?; DROP TABLE t", "c", NULL, NULL,
		    NULL, 0 },
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "SELECT 1 WHERE 1 = ? -- x", "c", NULL, NULL, NULL, 0 },
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "SELECT (1 WHERE 1 = ?", "c", NULL, NULL, NULL, 0 },
		/* Not a SELECT; an area that is no name; a link alone. */
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad",
		    "DELETE FROM t WHERE c = ?", "c", NULL, NULL, NULL, 0 },
		{ AT_EXT_SIZE(at_nav_count), "nav bad", "/navbad",
		    "SELECT 1 WHERE 1 = ?", "c", NULL, NULL, NULL, 0 },
		{ AT_EXT_SIZE(at_nav_count), "navbad", "/navbad", NULL, NULL,
		    NULL, NULL, NULL, 0 },
		/* Too small a struct. */
		{ 8, "navbad", "/navbad", "SELECT 1 WHERE 1 = ?", "c", NULL,
		    NULL, NULL, 0 },
	};
	size_t		 i;

	/* The hub's own lists go through the same point. */
	ck_assert_uint_eq(navcounts_of("projects"), 1);
	ck_assert_uint_eq(navcounts_of("files"), 1);
	ck_assert_uint_eq(navcounts_of("approvals"), 1);
	ck_assert_uint_eq(navcounts_of("decisions"), 1);
	ck_assert_uint_eq(navcounts_of("messages"), 1);
	memset(&m, 0, sizeof(m));
	m.name = "navtest";
	m.builtin = 1;
	reg.mod = &m;
	reg.site = &site;
	gen = at_ext_gen();
	at_reg_nav_count(&reg, &good);
	ck_assert_uint_eq(navcounts_of("navgood"), 1);
	ck_assert_uint_ne(at_ext_gen(), gen);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		at_reg_nav_count(&reg, &bad[i]);
		ck_assert_msg(navcounts_of("navbad") == 0 &&
		    navcounts_of("nav bad") == 0, "bad[%zu] was taken", i);
	}
	at_ext_unregister("navtest");
	ck_assert_uint_eq(navcounts_of("navgood"), 0);
}
END_TEST

/*
 * The helpers modules share (atrium/extend.h): the verb table's
 * sentence, an activity entry's link, a provider's rows as search hits.
 */
static struct at_user	 h_staff = { 1, "s@x", "Sam", AT_ROLE_STAFF, 0,
	NULL, NULL, 0, NULL };
static struct at_user	 h_contact = { 2, "c@x", "Cai", AT_ROLE_CONTACT, 5,
	"Acme", NULL, 0, NULL };

/* A request of user u (NULL: anonymous) with a pool of its own. */
static void
h_req(struct at_req *req, struct at_user *u)
{
	memset(req, 0, sizeof(*req));
	req->pool = at_pool_new();
	req->site = &site;
	req->user = u;
}

static const struct at_act_verb h_verbs[] = {
	{ "request", "requested the meeting" },
	{ "send", "sent %s" },
	{ "refund", "paid back client credit: %s" },
};
#define H_NVERBS	(sizeof(h_verbs) / sizeof(h_verbs[0]))

START_TEST(act_sentence_from_verbs)
{
	struct at_req	 req;
	struct at_act_entry e;

	h_req(&req, &h_contact);
	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	e.object = "meeting";
	e.action = "request";
	e.who = "Ana";
	e.summary = "Kick-off";
	ck_assert_str_eq(at_act_sentence(&req, &e, h_verbs, H_NVERBS),
	    "Ana requested the meeting “Kick-off”");
	/* Nobody named, no summary. */
	e.who = NULL;
	e.summary = NULL;
	ck_assert_str_eq(at_act_sentence(&req, &e, h_verbs, H_NVERBS),
	    "Someone requested the meeting “”");
	/* A phrase with %s takes the summary there, unquoted. */
	e.action = "send";
	e.who = "Ana";
	e.summary = "INV-2026-0001";
	ck_assert_str_eq(at_act_sentence(&req, &e, h_verbs, H_NVERBS),
	    "Ana sent INV-2026-0001");
	e.action = "refund";
	e.summary = "12.00 EUR, 100% of it";
	ck_assert_str_eq(at_act_sentence(&req, &e, h_verbs, H_NVERBS),
	    "Ana paid back client credit: 12.00 EUR, 100% of it");
	e.summary = NULL;
	ck_assert_str_eq(at_act_sentence(&req, &e, h_verbs, H_NVERBS),
	    "Ana paid back client credit: ");
	/* An action not in the table, or none: no sentence. */
	e.action = "archive";
	ck_assert_ptr_null(at_act_sentence(&req, &e, h_verbs, H_NVERBS));
	e.action = NULL;
	ck_assert_ptr_null(at_act_sentence(&req, &e, h_verbs, H_NVERBS));
	e.action = "request";
	ck_assert_ptr_null(at_act_sentence(&req, &e, h_verbs, 0));
	at_pool_free(req.pool);
}
END_TEST

START_TEST(act_href_for_the_caller)
{
	struct at_req	 req;

	h_req(&req, &h_contact);
	ck_assert_str_eq(at_act_href(&req, "/meetings/", "7"), "/meetings/7");
	ck_assert_ptr_null(at_act_href(&req, "/meetings/", NULL));
	ck_assert_ptr_null(at_act_href(&req, "/meetings/", "0"));
	req.user = &h_staff;
	ck_assert_str_eq(at_act_href(&req, "/meetings/", "7"),
	    "/staff/meetings/7");
	ck_assert_str_eq(at_act_href(&req, "/decisions#decision-", "12"),
	    "/staff/decisions#decision-12");
	at_pool_free(req.pool);
}
END_TEST

/*
 * A provider's two result sets: one without visible/project columns
 * (and a row without a title), one with them.
 */
static const char *h_cols1[] = { "id", "title", "snippet", "score" };
static char *h_v1[] = {
	"7", "Kick-off", "first notes", "2.5",
	"8", NULL, "no title", "9",
	"9", "Review", NULL, NULL,
};
static const char *h_cols2[] = { "id", "title", "project", "project_id",
	"visible", "score" };
static char *h_v2[] = {
	"11", "Draft plan", "Website", "3", "0", "1.5",
};

static int
h_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	 r1 = { 3, 4, h_cols1, h_v1, NULL };
	struct at_rows	 r2 = { 1, 6, h_cols2, h_v2, NULL };

	at_search_rows(req, q, &r1, "/things/");
	at_search_rows(req, q, &r2, "/things/");
	at_search_rows(req, q, NULL, "/things/");
	return 0;
}

/* The text of child name of n, or NULL (in a static buffer). */
static const char *
h_child(xmlNodePtr n, const char *name)
{
	static char	 buf[256];
	xmlChar		*c;

	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0) {
			c = xmlNodeGetContent(n);
			snprintf(buf, sizeof(buf), "%s", (const char *)c);
			xmlFree(c);
			return buf;
		}
	return NULL;
}

/* Runs the search as u; the <result> elements in *res, their count. */
static size_t
h_run(struct at_req *req, struct at_user *u, xmlDocPtr *doc,
    xmlNodePtr *res)
{
	xmlNodePtr	 root, l, n;
	size_t		 k = 0;

	h_req(req, u);
	*doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(*doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(*doc, root);
	ck_assert_int_eq(at_search_run(req, root, "kick", "+kick*"), 0);
	l = root->children;
	ck_assert_ptr_nonnull(l);
	for (n = l->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && k < 4)
			res[k++] = n;
	return k;
}

START_TEST(search_rows_as_hits)
{
	static const struct at_search_provider prov = {
		AT_EXT_SIZE(at_search_provider), "thing", "Thing",
		AT_CONTACT | AT_STAFF, h_search
	};
	struct mod	 m;
	struct at_registry reg;
	struct at_req	 req;
	static const struct {
		size_t		 n;
		const char	*name, *v;
	} want[] = {
		{ 0, "id", "7" }, { 0, "title", "Kick-off" },
		{ 0, "snippet", "first notes" }, { 0, "href", "/things/7" },
		{ 0, "visible", "1" }, { 0, "kind", "thing" },
		{ 0, "project", NULL }, { 1, "id", "11" },
		{ 1, "visible", "0" }, { 1, "project", "Website" },
		{ 1, "project_id", "3" }, { 2, "id", "9" },
		{ 2, "snippet", NULL }, { 2, "href", "/things/9" },
	};
	xmlDocPtr	 doc;
	xmlNodePtr	 res[4];
	const char	*v;
	size_t		 i;

	/* This provider alone: the hub's own would ask the database. */
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, NULL), 0);
	memset(&m, 0, sizeof(m));
	m.name = "hittest";
	m.builtin = 1;
	reg.mod = &m;
	reg.site = &site;
	reg.db = NULL;
	at_reg_search(&reg, &prov);

	/* A contact: best score first, the untitled row skipped. */
	ck_assert_uint_eq(h_run(&req, &h_contact, &doc, res), 3);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		v = h_child(res[want[i].n], want[i].name);
		if (want[i].v == NULL)
			ck_assert_msg(v == NULL, "result %zu has %s %s",
			    want[i].n, want[i].name, v);
		else
			ck_assert_msg(v != NULL && strcmp(v, want[i].v) == 0,
			    "result %zu: %s is %s, not %s", want[i].n,
			    want[i].name, v != NULL ? v : "missing",
			    want[i].v);
	}
	xmlFreeDoc(doc);
	at_pool_free(req.pool);

	/* Staff: the same hits, linked to the staff pages. */
	ck_assert_uint_eq(h_run(&req, &h_staff, &doc, res), 3);
	ck_assert_str_eq(h_child(res[0], "href"), "/staff/things/7");
	ck_assert_str_eq(h_child(res[1], "href"), "/staff/things/11");
	ck_assert_str_eq(h_child(res[2], "href"), "/staff/things/9");
	xmlFreeDoc(doc);
	at_pool_free(req.pool);

	at_ext_unregister("hittest");
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, at_builtin_modules), 0);
}
END_TEST

/* ---- page model parts ---- */

static char	 part_trail[16];

/*
 * Appends c to the trail of fills run and leaves it on the page: as the
 * attribute part-C="1" on <brand> and an <item>C</item> in <nav>.
 */
static void
part_ran(char c, xmlNodePtr brand, xmlNodePtr nav)
{
	size_t	 n = strlen(part_trail);
	char	 name[8] = "part-x", text[2] = "x";

	if (n + 1 < sizeof(part_trail)) {
		part_trail[n] = c;
		part_trail[n + 1] = '\0';
	}
	name[5] = text[0] = c;
	at_xa(brand, name, "1");
	at_x(nav, "item", text);
}

/* Three parts, each leaving its letter. */
static void
part_a(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	(void)req;
	part_ran('a', brand, nav);
}

static void
part_b(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	(void)req;
	part_ran('b', brand, nav);
}

static void
part_c(struct at_req *req, xmlNodePtr brand, xmlNodePtr nav)
{
	(void)req;
	part_ran('c', brand, nav);
}

/* A fake module's registry handle (built in) named name. */
static void
fake_reg(struct mod *m, struct at_registry *reg, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->name = (char *)name;
	m->builtin = 1;
	reg->mod = m;
	reg->site = &site;
	reg->db = NULL;
}

/*
 * The page model of a signed-out GET for / with the registered parts
 * (the trail of fills starts empty), as XML text; the caller frees it.
 */
static char *
part_page(void)
{
	static struct at_site	 psite;
	struct at_pool	*pool;
	struct at_req	 req;
	xmlChar		*x = NULL;
	char		*text;
	int		 len;

	memset(&psite, 0, sizeof(psite));
	psite.name = "Atrium";
	psite.brand_name = "Demo Agency";
	psite.skin = "default";
	psite.timezone = "UTC";
	part_trail[0] = '\0';
	pool = at_pool_new();
	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.site = &psite;
	req.path = "/";
	req.query = "";
	req.method = AT_GET;
	req.csrf = "tok";
	at_page_new(&req);
	ck_assert_ptr_nonnull(at_page_doc(&req));
	xmlDocDumpMemory(at_page_doc(&req), &x, &len);
	ck_assert_ptr_nonnull(x);
	text = strdup((const char *)x);
	xmlFree(x);
	at_pool_free(pool);
	ck_assert_ptr_nonnull(text);
	return text;
}

/* Draws a page model and checks that the fills run were want. */
static void
parts_ran(const char *want)
{
	free(part_page());
	ck_assert_str_eq(part_trail, want);
}

START_TEST(page_parts_run_in_order)
{
	static const struct at_page_part pa = {
		AT_EXT_SIZE(at_page_part), "part-a", part_a
	};
	static const struct at_page_part pb = {
		AT_EXT_SIZE(at_page_part), "part-b", part_b
	};
	static const struct at_page_part pc = {
		AT_EXT_SIZE(at_page_part), "part-c", part_c
	};
	/* Too small a struct; no fill; no name. */
	static const struct at_page_part small = { 8, "part-x", part_c };
	static const struct at_page_part nofill = {
		AT_EXT_SIZE(at_page_part), "part-x", NULL
	};
	static const struct at_page_part noname = {
		AT_EXT_SIZE(at_page_part), NULL, part_c
	};
	struct mod	 m1, m2;
	struct at_registry r1, r2;
	char		*x;

	fake_reg(&m1, &r1, "parttest1");
	fake_reg(&m2, &r2, "parttest2");
	ck_assert_int_eq(at_reg_page_part(&r1, &pb), 0);
	ck_assert_int_eq(at_reg_page_part(&r2, &pa), 0);
	ck_assert_int_eq(at_reg_page_part(&r1, &small), -1);
	ck_assert_int_eq(at_reg_page_part(&r1, &nofill), -1);
	ck_assert_int_eq(at_reg_page_part(&r1, &noname), -1);
	ck_assert_int_eq(at_reg_page_part(&r2, &pc), 0);

	/* Every fill runs once, in registration order, on the model. */
	x = part_page();
	ck_assert_str_eq(part_trail, "bac");
	ck_assert_msg(strstr(x, " part-b=\"1\" part-a=\"1\" part-c=\"1\"") !=
	    NULL, "%s", x);
	ck_assert_msg(strstr(x, "<nav><item>b</item><item>a</item>"
	    "<item>c</item></nav>") != NULL, "%s", x);
	free(x);

	/* A module's parts go with it. */
	at_ext_unregister("parttest1");
	parts_ran("ac");
	at_ext_unregister("parttest2");

	/* Once the workers started, a registration is refused. */
	at_ext_start();
	ck_assert_int_eq(at_reg_page_part(&r1, &pa), -1);
	parts_ran("");

	/* Put everything back for the other tests (and start over). */
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, at_builtin_modules), 0);
	ck_assert_int_eq(at_reg_page_part(&r1, &pa), 0);
	at_ext_unregister("parttest1");
}
END_TEST

/*
 * The core draws a page's model with no part registered (no hub module:
 * the registry as a program without built-in modules has it).
 */
START_TEST(page_without_parts)
{
	static const struct at_plugin *const only_changes[] = {
		&at_mod_changes, NULL
	};
	char		*x;
	struct mod	 m;
	struct at_registry r;
	static const struct at_page_part pc = {
		AT_EXT_SIZE(at_page_part), "part-c", part_c
	};

	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, NULL), 0);
	x = part_page();
	ck_assert_str_eq(part_trail, "");
	ck_assert_msg(strstr(x, "<site ") != NULL && strstr(x, "<brand "
	    "name=\"Demo Agency\"") != NULL && strstr(x, "<nav/>") != NULL &&
	    strstr(x, "<csrf>tok</csrf>") != NULL, "%s", x);
	free(x);

	/*
	 * With the changes module (its part adds nothing for nobody signed
	 * in), a part registered after it runs as well.
	 */
	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, only_changes), 0);
	fake_reg(&m, &r, "parttest3");
	ck_assert_int_eq(at_reg_page_part(&r, &pc), 0);
	parts_ran("c");

	at_registry_free();
	ck_assert_int_eq(at_registry_init(&site, at_builtin_modules), 0);
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
	s = suite_create("extend");
	tc = tcase_create("registry");
	tcase_add_test(tc, registered_panel_is_listed);
	tcase_add_test(tc, unregistered_module_leaves_nothing);
	tcase_add_test(tc, only_modules_handed_in_register);
	tcase_add_test(tc, factors_and_columns_are_listed);
	tcase_add_test(tc, health_and_load_rules);
	tcase_add_test(tc, panel_xml_and_csv);
	tcase_add_test(tc, nav_counts_checked);
	tcase_add_test(tc, page_parts_run_in_order);
	tcase_add_test(tc, page_without_parts);
	suite_add_tcase(s, tc);
	tc = tcase_create("module helpers");
	tcase_add_test(tc, act_sentence_from_verbs);
	tcase_add_test(tc, act_href_for_the_caller);
	tcase_add_test(tc, search_rows_as_hits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
