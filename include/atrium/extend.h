/*
 * Typed extension points: how a module adds to pages another module
 * draws.  The hub's own modules (core/hub/) and plugins use them the same
 * way; the module that owns a page never names the modules that fill it.
 *
 *	project page sections	at_reg_section		(projects.c draws)
 *	dashboard parts		at_reg_dash		(dashboard.c draws)
 *	  cards, "needs your action" items, dated steps for "next deadline"
 *	search providers	at_reg_search		(search.c merges)
 *	activity summaries	at_reg_activity		(activity.c draws)
 *	staff client-page tabs	at_reg_client_tab	(clients.c draws)
 *	report panels		at_reg_report_panel	(reports.c draws)
 *	health factors		at_reg_health_factor	(reports.c scores)
 *	workload columns	at_reg_workload		(reports.c totals)
 *	calendar sources	at_reg_cal_source	(calendar.c draws)
 *	navigation, plain cards	at_reg_nav, at_reg_card	(atrium/plugin.h)
 *	navigation counts	at_reg_nav_count	(changes.c draws)
 *	page model parts	at_reg_page_part	(the core's page model)
 *
 * Every registration passes a struct whose first member is its size
 * (set it with AT_EXT_SIZE).  The core copies what it knows of it and
 * zeroes the rest, so members can be appended in later ABI minors; a
 * struct smaller than the first version is refused with a log line.
 * Strings and functions a struct points to must live as long as the
 * module (string literals, static functions).
 *
 * Scoping duty: every function called through these points runs for the
 * caller of the request and must show only what the caller may see.  For
 * a client contact (at_client_scope() > 0) that is rows of the contact's
 * own client that are shared (visible) in shared projects; for staff,
 * everything.  The core checks the area (contact or staff) and, for a
 * plugin, that it is on for the contact's client, before calling.
 * Docs: docs/plugins.md, "Extension points".
 */
#ifndef ATRIUM_EXTEND_H
#define ATRIUM_EXTEND_H

#include <stddef.h>
#include <libxml/tree.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_registry;
struct at_db;
struct at_pool;

/* The size member of an extension struct: .size = AT_EXT_SIZE(at_section). */
#define AT_EXT_SIZE(type)	sizeof(struct type)

/* ---- project page sections ---- */

/*
 * fn adds one section about project under parent (the page's <content>),
 * for the caller (contacts: shared items of their client; the project is
 * already known to be theirs and shared).  A hub module adds its own
 * element (<updates project="ID">...); a plugin adds the generic
 *
 *	<section name="NAME" title="Title" empty="Text when empty">
 *	  <item href="/x/1" when="2026-12-01 10:00" status="held">Text</item>
 *	</section>
 *
 * which the default skin draws (at_x_section, at_x_section_item help).
 * Sections are called in ascending order; the hub's: updates 10, files
 * 20, approvals 30, decisions 40, activity 90.  Returns 0, or -1 when
 * the database failed (the page is then a 500).
 */
typedef int (*at_section_fn)(struct at_req *, xmlNodePtr parent,
	    long long project);
struct at_section {
	size_t		 size;
	const char	*name;		/* unique: "updates", "meetings" */
	unsigned int	 area;		/* AT_CONTACT and/or AT_STAFF */
	int		 order;
	at_section_fn	 fn;
};
void	 at_reg_section(struct at_registry *, const struct at_section *);
/* Calls every section the caller may see for project, in order. 0/-1. */
int	 at_sections_fill(struct at_req *, xmlNodePtr parent,
	    long long project);

/* <section name title empty> under parent, for a plugin's section. */
xmlNodePtr at_x_section(xmlNodePtr parent, const char *name,
	    const char *title, const char *empty);
/* <item href when>text</item> under a section (href, when may be NULL). */
xmlNodePtr at_x_section_item(xmlNodePtr section, const char *text,
	    const char *href, const char *when);

/* ---- dashboard parts: cards, "needs your action", next deadline ---- */

struct at_dash;		/* one dashboard being drawn; opaque */

/*
 * A dashboard part: fn adds, for the caller, in as few round trips as it
 * can (one is the rule), any of: cards under at_dash_cards() (the
 * <card name title href empty><count/><item href when/></card> shape of
 * at_reg_card), "needs your action" items (at_dash_need) and dated steps
 * (at_dash_date) from which the dashboard picks the next deadline.
 * Parts are called in ascending order.  Returns 0 or -1 (database).
 */
typedef int (*at_dash_fn)(struct at_req *, struct at_dash *);
struct at_dash_part {
	size_t		 size;
	const char	*name;
	unsigned int	 area;		/* AT_CONTACT and/or AT_STAFF */
	int		 order;
	at_dash_fn	 fn;
};
void	 at_reg_dash(struct at_registry *, const struct at_dash_part *);

/* The <cards> node a part adds its <card> elements to. */
xmlNodePtr at_dash_cards(struct at_dash *);
/* The page's <content>, for a part that adds a section of its own. */
xmlNodePtr at_dash_page(struct at_dash *);
/*
 * Staff dashboard: the <client> row of client id in the one-row-per-
 * client table, for a part to add its facts as children (<pending>2
 * </pending>); NULL when that client is not listed (or on the client's
 * dashboard).
 */
xmlNodePtr at_dash_client(struct at_dash *, long long client);
/*
 * Puts each row's values of the named columns (NULL-terminated list) as
 * children of its client's row; the rows carry the client in "client_id".
 * Rows of clients not listed are skipped.
 */
struct at_rows;
void	 at_dash_client_rows(struct at_dash *, const struct at_rows *,
	    const char *const *cols);

/*
 * Something that waits for the caller: kind ("approval", "task",
 * "meeting"), the badge's label ("Approve"), title, the page where it is
 * done, its due date (YYYY-MM-DD, or NULL) and project name (or NULL).
 * The dashboard lists them by due date (undated last), flags overdue
 * ones, and draws <needs><item kind label href when project overdue>.
 * Strings are copied.
 */
struct at_need {
	size_t		 size;
	const char	*kind;
	const char	*label;
	const char	*title;
	const char	*href;
	const char	*due;
	const char	*project;
};
void	 at_dash_need(struct at_dash *, const struct at_need *);

/*
 * A dated step ahead (a milestone, a due project); the earliest at or
 * after today, among these and the needs, becomes <next kind date href
 * project>title</next>.  Strings are copied.
 */
struct at_date {
	size_t		 size;
	const char	*kind;		/* "milestone", "project" ... */
	const char	*title;
	const char	*date;		/* YYYY-MM-DD */
	const char	*href;
	const char	*project;
};
void	 at_dash_date(struct at_dash *, const struct at_date *);

/*
 * Draws a dashboard for the caller under content: <cards> (the parts'
 * and the at_reg_card cards in order), <needs>, <next>.  0 or -1.
 */
int	 at_dash_fill(struct at_req *, xmlNodePtr content);

/* ---- search providers ---- */

struct at_search_q;	/* one search being run; opaque */

/*
 * A search provider searches its own module's tables for the caller and
 * hands each match to at_search_hit; the core merges the hits of every
 * provider, ranks them by score (then kind, then id, newest first) and
 * keeps the best 50.  at_search_terms() is the boolean-mode full-text
 * query built from what was typed (each word "+word*"), at_search_text()
 * the raw text, at_search_limit() how many hits a provider need give at
 * most.  Scoping duty: a contact's search must find only shared items of
 * the contact's own client, in shared projects.  One round trip per
 * provider is the rule.  Returns 0 or -1 (database).
 */
typedef int (*at_search_fn)(struct at_req *, struct at_search_q *);
struct at_search_provider {
	size_t		 size;
	const char	*kind;		/* "update", "meeting": the badge */
	const char	*label;		/* "Update", "Meeting" */
	unsigned int	 area;		/* AT_CONTACT and/or AT_STAFF */
	at_search_fn	 fn;
};
void	 at_reg_search(struct at_registry *, const struct at_search_provider *);

/* One match: <result> with kind, id, title, snippet, project... */
struct at_search_hit {
	size_t		 size;
	const char	*id;
	const char	*title;
	const char	*snippet;	/* NULL: none */
	const char	*project;	/* project name, or NULL */
	const char	*project_id;
	const char	*visible;	/* "1" shared, "0" internal (staff) */
	const char	*href;		/* the item's page for the caller */
	double		 score;		/* higher is better */
};
void	 at_search_hit(struct at_search_q *, const struct at_search_hit *);
const char *at_search_terms(const struct at_search_q *);
const char *at_search_text(const struct at_search_q *);
int	 at_search_limit(const struct at_search_q *);
/*
 * Runs every provider the caller may see for text (terms: its full-text
 * query) and adds <results><result>...</result></results> under parent,
 * best first.  0 or -1.
 */
int	 at_search_run(struct at_req *, xmlNodePtr parent, const char *text,
	    const char *terms);
/*
 * Hands the rows r of a provider's one query to search q, one hit a row,
 * read from the columns id, title, snippet, project, project_id,
 * visible and score (alias them: "topic AS title").  A column left out
 * counts as NULL, but visible as "1" (shared) and score as 0; a row
 * whose id or title is NULL is skipped.  Each hit links to the caller's
 * page: "/staff" for staff, then path, then the id ("/meetings/" gives
 * /staff/meetings/7 or /meetings/7).
 */
void	 at_search_rows(struct at_req *, struct at_search_q *,
	    const struct at_rows *r, const char *path);

/* ---- activity summaries ---- */

/* An activity entry as the summary functions see it (strings or NULL). */
struct at_act_entry {
	size_t		 size;
	const char	*action;	/* "request", "share" */
	const char	*object;	/* "meeting" */
	const char	*object_id;
	const char	*summary;	/* the text stored with the entry */
	const char	*who;		/* the user's name */
	const char	*project_id;	/* the item's project, if known */
};
/*
 * A module turns its own entries (those whose object it registered)
 * into what people read: *sentence ("Ana requested the meeting
 * “Kick-off”"; leave it NULL to show the stored summary) and *href (the
 * item's page for the caller, /staff/... for staff; NULL: no link), in
 * the request's pool.
 */
typedef void (*at_act_fn)(struct at_req *, const struct at_act_entry *,
	    const char **sentence, const char **href);
struct at_act_kind {
	size_t		 size;
	const char	*object;
	at_act_fn	 fn;
};
void	 at_reg_activity(struct at_registry *, const struct at_act_kind *);
/* Asks the module owning e->object; both stay NULL when none does. */
void	 at_activity_describe(struct at_req *, const struct at_act_entry *,
	    const char **sentence, const char **href);
/*
 * An activity entry's link for the caller in the request's pool: "/staff"
 * for staff, then path, then id ("/meetings/", "7"); NULL when id is NULL
 * or "0" (no item to link to).
 */
const char *at_act_href(struct at_req *, const char *path, const char *id);
/* One line of a module's verb table: its action and what it reads as. */
struct at_act_verb {
	const char	*action;	/* e->action: "request" */
	const char	*phrase;	/* "requested the meeting" */
};
/*
 * The sentence for e from the verb table verbs (n lines), in the
 * request's pool: "Who phrase “summary”" (Ana requested the meeting
 * “Kick-off”), or, when the phrase holds "%s", "Who phrase" with the
 * summary in the place of the %s, unquoted ("sent %s": Ana sent
 * INV-2026-0001).  Who is e->who or, when NULL, "Someone" (copy the
 * entry and set who for another word); a NULL summary reads "".
 * NULL when e->action is NULL or not in the table (the stored summary
 * is shown).
 */
const char *at_act_sentence(struct at_req *, const struct at_act_entry *e,
	    const struct at_act_verb *verbs, size_t n);

/* ---- staff client-page tabs ---- */

/*
 * A tab on the staff page of a client (/staff/clients/ID): a link
 * labelled label to href with "%lld" replaced by the client's id
 * ("/staff/meetings?client=%lld"), drawn as <tabs><tab name label
 * href/></tabs>.  fn, when not NULL, may add a summary under the <tab>
 * for the client (one round trip at most); 0 or -1.
 */
typedef int (*at_client_tab_fn)(struct at_req *, xmlNodePtr tab,
	    long long client);
struct at_client_tab {
	size_t		 size;
	const char	*name;
	const char	*label;
	const char	*href;		/* one "%lld": the client id */
	int		 order;
	at_client_tab_fn fn;
};
void	 at_reg_client_tab(struct at_registry *, const struct at_client_tab *);
/* Adds <tabs> for client under parent. 0 or -1. */
int	 at_client_tabs_fill(struct at_req *, xmlNodePtr parent,
	    long long client);

/* ---- report panels ---- */

/*
 * A panel of the reports area (/staff/reports, staff only): fn adds under
 * parent one <panel name title> (at_rp_panel) with its figures, tables
 * and charts for the period from..to (YYYY-MM-DD, both included) and,
 * when client is not 0, that client only.  Panels read indexed queries
 * or summaries, a few round trips at most: a report page must answer in
 * under 200 ms with 100 clients and 200,000 activity rows.  Returns 0 or
 * -1 (database).  The vocabulary is in docs/reports.md:
 *
 *	<panel name="approvals" title="Approvals">
 *	  <figure name="waiting" label="Waiting" value="4" note="2 over a week"/>
 *	  <table name="age" caption="Approvals waiting by age">
 *	    <col name="age" label="Waiting for" type="text"/>
 *	    <col name="n" label="Approvals" type="number"/>
 *	    <row><c>under 3 days</c><c>2</c></row>
 *	  </table>
 *	  <chart type="bar" table="age" x="age" y="n" title="By age"/>
 *	</panel>
 *
 * Every <table> exports as CSV with the same cells
 * (/staff/reports/NAME.csv?table=T&from=&to=&client=), and every <chart>
 * is drawn from a table of its panel, which stays beside it as the
 * chart's text alternative.
 */
typedef int (*at_report_fn)(struct at_req *, xmlNodePtr parent,
	    const char *from, const char *to, long long client);
struct at_report_panel {
	size_t		 size;
	const char	*name;		/* [a-z0-9_-]: its CSV's name */
	const char	*title;
	int		 order;
	at_report_fn	 fn;
};
void	 at_reg_report_panel(struct at_registry *,
	    const struct at_report_panel *);
/* The registered panels of modules in service, in order; *out static. */
size_t	 at_report_panels(const struct at_report_panel *const **out);

/* Column types: how a table's cells are aligned and read. */
#define AT_RP_TEXT	"text"		/* left-aligned text */
#define AT_RP_NUMBER	"number"	/* an integer or decimal number */
#define AT_RP_PERCENT	"percent"	/* 0..100, shown with % */
#define AT_RP_HOURS	"hours"		/* a duration in hours, "4.5" */
#define AT_RP_MONEY	"money"		/* an amount "1200.00"; currency beside */
#define AT_RP_DATE	"date"		/* YYYY-MM-DD */
#define AT_RP_SERIES	"series"	/* numbers split by spaces: a sparkline */

/* One column of a report table: its key in rows, heading and type. */
struct at_rp_col {
	const char	*name;
	const char	*label;
	const char	*type;		/* AT_RP_*; NULL: text */
};

/* <panel name title> under parent: what a panel's fn adds first. */
xmlNodePtr at_rp_panel(xmlNodePtr parent, const char *name,
	    const char *title);
/*
 * <figure name label value note/> under panel: one headline number
 * (value as text: "12", "4.5", "93"; "" when there is nothing to
 * measure); note (or NULL) says what it is against ("SLA 8 h").
 * Returns the node.
 */
xmlNodePtr at_rp_figure(xmlNodePtr panel, const char *name,
	    const char *label, const char *value, const char *note);
/*
 * <table name caption> with one <col> per entry of cols (ended by an
 * entry whose name is NULL) and, when rows is not NULL, one <row> per
 * row with a <c> per column, read from rows by the columns' names (an
 * SQL NULL is an empty cell).  Returns the table.
 */
xmlNodePtr at_rp_table(xmlNodePtr panel, const char *name,
	    const char *caption, const struct at_rp_col *cols,
	    const struct at_rows *rows);
/* One more <row> of n cells (NULL: empty) under a table. */
xmlNodePtr at_rp_row(xmlNodePtr table, const char *const *cells, size_t n);
/*
 * <chart type table x y title/>: type "bar", "stacked" (y's columns
 * stacked per x), "line" (x in order) or "spark"; x is the column of
 * labels, y one or more value columns separated by spaces.  The skin
 * draws it as inline SVG from the table's rows.
 */
xmlNodePtr at_rp_chart(xmlNodePtr panel, const char *type,
	    const char *table, const char *x, const char *y,
	    const char *title);

/* ---- client health factors ---- */

/*
 * A factor of the client health score (/staff/reports/health): fn gives,
 * in one round trip, rows with "client_id" and "value" (the factor's
 * raw measure for the period from..to: overdue milestones on its last
 * day, days since a contact last signed in ...) for every client with a
 * value not 0, or only client when it is not 0.  A client without a row
 * has 0.  Each client starts at 100 and loses, per factor,
 *
 *	min(cap, weight * max(0, value - allow))
 *
 * points; the score is kept within 0..100.  weight, allow and cap are
 * the defaults; an admin can change them on the health page (stored by
 * factor name).  Returns rows, or NULL (database).
 */
typedef struct at_rows *(*at_health_fn)(struct at_req *, const char *from,
	    const char *to, long long client);
/*
 * The same measure for n periods at once, in one round trip: period k
 * (0 .. n-1) is from..to moved back by k times its length (days),
 * period 0 being from..to itself.  Rows "client_id", "period" (k) and
 * "value", for every client and period with a value not 0 (or only
 * client when it is not 0).  The health page asks for six periods (its
 * sparkline), the weekly summary for two.  A grouped query over all the
 * periods (a derived table of the periods joined to the rows, or a
 * summary table), never one query per period.  Returns rows, or NULL.
 */
typedef struct at_rows *(*at_health_periods_fn)(struct at_req *,
	    const char *from, const char *to, int n, long long client);
struct at_health_factor {
	size_t		 size;
	const char	*name;		/* [a-z0-9_]: "overdue_milestones" */
	const char	*label;		/* "Overdue milestones" */
	const char	*unit;		/* "milestones", "days" */
	double		 weight;	/* points per unit over allow */
	double		 allow;		/* units that cost nothing */
	double		 cap;		/* the most points it takes */
	int		 order;
	at_health_fn	 fn;
	/*
	 * Optional (appended): every period at once, see
	 * at_health_periods_fn.  When set the health page calls it once in
	 * place of fn once per period; fn stays required for the callers
	 * of one period.
	 */
	at_health_periods_fn fn_periods;
};
void	 at_reg_health_factor(struct at_registry *,
	    const struct at_health_factor *);
/* The registered factors of modules in service, in order; *out static. */
size_t	 at_health_factors(const struct at_health_factor *const **out);

/* ---- workload columns ---- */

/*
 * A column of the staff workload table (/staff/reports/workload): fn
 * gives, in one round trip, rows with "user_id" and "n" (what waits on
 * each staff member: tasks due in the period, approvals they asked for
 * still waiting, meetings this week, open cases of a priority) for the
 * period from..to and, when client is not 0, that client only.  The
 * table's total per person is the sum of the columns that count toward
 * load (load 1).  Returns rows, or NULL (database).
 */
typedef struct at_rows *(*at_workload_fn)(struct at_req *, const char *from,
	    const char *to, long long client);
struct at_workload_col {
	size_t		 size;
	const char	*name;		/* [a-z0-9_]: "tasks_due" */
	const char	*label;		/* "Tasks due" */
	int		 order;
	int		 load;		/* 1: counts toward the total */
	at_workload_fn	 fn;
};
void	 at_reg_workload(struct at_registry *, const struct at_workload_col *);
/* The registered columns of modules in service, in order; *out static. */
size_t	 at_workload_cols(const struct at_workload_col *const **out);

/* ---- sharing: internal until shared ---- */

/*
 * An item kind that can be shared with its client: its table has the
 * columns id, client_id, visible and, when stamp is 1, shared_at (set
 * when the item is shared).  The table and column names are the
 * module's own constants ([a-z0-9_]), never input.
 */
struct at_shareable {
	size_t		 size;
	const char	*object;	/* activity object: "update" */
	const char	*table;		/* "updates" */
	const char	*title;		/* the column naming it: "title" */
	const char	*what;		/* before the title: "the update " */
	int		 stamp;		/* 1: the table has shared_at */
};
/*
 * Shares (on 1) or takes back (on 0) item id of kind s and writes the
 * activity entry, action "share" or "unshare", visible to the client when
 * shared: "Ana shared the update Kick-off" (+ why, e.g. " for approval",
 * when not NULL).  *client (when not NULL) gets the item's client.
 * Returns 0, 1 when there is no such item (nothing written), -1 on a
 * database error (logged).
 */
int	 at_share(struct at_req *, const struct at_shareable *, long long id,
	    int on, const char *why, long long *client);

/* ---- load or 404 ---- */

struct at_rows;

/*
 * Loads the item a route's ":id" names, for its handler: fn (the
 * module's scoped lookup: contacts see only their client's shared items)
 * gets the id.  Returns its rows (at least one), or NULL with *status
 * set to what the handler answers: 404 when :id is not a positive number
 * or fn found nothing, 503 when the database is gone, else 500.
 */
typedef struct at_rows *(*at_loader)(struct at_req *, long long id);
struct at_rows *at_load(struct at_req *, at_loader fn, int *status);

/*
 * The same with fixed SQL whose one parameter is the id ("SELECT
 * client_id, title FROM updates WHERE id = ?"), for staff routes.
 */
struct at_rows *at_load_sql(struct at_req *, const char *sql, int *status);

/* ---- services the hub's modules offer (at_service) ---- */

/*
 * "decisions", AT_VERSION(1, 1): the decisions module records a decision
 * for another module (approvals record the decision an approval settles;
 * a plugin may record its own).  A decision belongs to a project of its
 * client; the approvers are data shown quoted under it.
 */
#define AT_SVC_DECISIONS	"decisions"
#define AT_SVC_DECISIONS_V	0x00010001u	/* AT_VERSION(1, 1) */

struct at_decision_approver {
	int		 position;	/* 1, 2 ... */
	const char	*name;
	const char	*approved_at;	/* UTC "YYYY-MM-DD HH:MM:SS", or NULL */
	const char	*comment;	/* or NULL */
};
struct at_decision {
	size_t		 size;		/* sizeof(struct at_decision) */
	long long	 client;
	long long	 project;
	const char	*title;		/* cut to 200 bytes */
	const char	*detail;	/* Markdown */
	const char	*decided_by;	/* cut to 200 bytes */
	const char	*decided_on;	/* YYYY-MM-DD; NULL: today (UTC) */
	long long	 approval;	/* the approval it settles, or 0 */
	int		 visible;	/* shared with the client */
	const struct at_decision_approver *approvers;
	size_t		 napprovers;
};
struct at_decisions_svc {
	size_t		 size;		/* sizeof(struct at_decisions_svc) */
	/*
	 * Records d inside the caller's transaction (no activity entry:
	 * the caller writes it after committing).  The new decision's id,
	 * or -1 on a database error.
	 */
	long long	(*record)(struct at_req *, const struct at_decision *);
	/*
	 * 1.1: record() for a job or a durable subscriber (no request, no
	 * person): on db inside its transaction, strings cut in pool.
	 */
	long long	(*record_db)(struct at_db *, struct at_pool *,
			    const struct at_decision *);
};

/*
 * "projects", AT_VERSION(1, 0): what the projects module does to its
 * items for another module.  Deliverable ids are the projects module's.
 */
#define AT_SVC_PROJECTS		"projects"
#define AT_SVC_PROJECTS_V	0x00010000u	/* AT_VERSION(1, 0) */

struct at_projects_svc {
	size_t		 size;		/* sizeof(struct at_projects_svc) */
	/*
	 * Shares deliverable id with its client when it is internal, with
	 * its activity entry ("... shared the deliverable X" + why).  0, 1
	 * when there is none, -1 on a database error.
	 */
	int		(*share_deliverable)(struct at_req *, long long id,
			    const char *why);
	/*
	 * Ticks deliverable id as done (once) inside the caller's
	 * transaction.  0 or -1.
	 */
	int		(*tick_deliverable)(struct at_req *, long long id);
	/*
	 * The deliverables of project in the checklist's order: columns
	 * id, title, visible, done_at.  NULL on a database error.
	 */
	struct at_rows	*(*deliverables)(struct at_req *, long long project);
	/*
	 * Deliverable id of project (0: of any) into *title (pool) and
	 * *visible.  0, 1 when there is none, -1 on a database error.
	 */
	int		(*deliverable)(struct at_req *, long long id,
			    long long project, const char **title,
			    int *visible);
};

/* ---- what changed since the last visit, for a module's own lists ---- */

/*
 * The caller's marker of list area ("invoices", "meetings": 1 to 32 of
 * [a-z0-9_.-]): when they last opened that list, as the database's
 * DATETIME text ("2026-03-01 09:30:00", UTC) in req's pool; before their
 * first visit, their previous sign-in, or "1000-01-01".  NULL when
 * nobody is signed in, area is not such a name or the database failed.
 * Read it before at_seen_mark() and bind it into the list's query to
 * mark each row for the skin's "changed-mark" template:
 *
 *	CASE WHEN created_at > ? THEN 'new' WHEN updated_at > ? THEN
 *	    'updated' ELSE '' END AS changed
 */
const char	*at_seen_since(struct at_req *, const char *area);
/* Sets the caller's marker of area to now (GET and HEAD only).  0 or -1. */
int		 at_seen_mark(struct at_req *, const char *area);
/* ---- calendar sources ---- */

struct at_cal;		/* one calendar being filled; opaque */

/*
 * What a calendar asks for: dates from (inclusive) to to (exclusive),
 * "YYYY-MM-DD" in the site's zone; client 0 for every client the caller
 * may see (a contact's calendar is always their own client's: the
 * source scopes by at_client_scope() as everywhere), staff 0 for every
 * staff member, else only events of that staff member (an attendee,
 * the owner of the project or task).
 */
struct at_cal_query {
	size_t		 size;
	const char	*from;
	const char	*to;
	long long	 client;
	long long	 staff;
};

/*
 * One event.  start is "YYYY-MM-DD" for an all-day event (a due date) or
 * "YYYY-MM-DD HH:MM:SS" UTC for a timed one, which lasts minutes.
 * status "confirmed" or "tentative"; confirm, when set, is the POST path
 * that confirms a tentative event (staff), with the hidden fields of
 * confirm_fields ("name=value&..." URL-encoded) and, when confirm_ask
 * names a field, one the person fills in (labelled confirm_ask_label).
 * Strings are copied.
 */
struct at_cal_event {
	size_t		 size;
	const char	*uid;		/* stable and unique: "meeting-12" */
	const char	*kind;		/* "meeting", "milestone", "task" */
	const char	*title;
	const char	*start;
	int		 minutes;
	const char	*status;
	const char	*href;		/* the item's page for the caller */
	long long	 client;
	const char	*client_name;
	const char	*who;		/* the staff member's name, or NULL */
	const char	*confirm;
	const char	*confirm_fields;
	const char	*confirm_ask;
	const char	*confirm_ask_label;
	const char	*place;		/* location or link, or NULL */
};

/*
 * A calendar source: fn adds, for the caller and q (at_cal_q), its
 * events with at_cal_add, in one round trip as the rule.  Returns 0 or
 * -1 (database).  Sources run in ascending order.
 */
typedef int (*at_cal_fn)(struct at_req *, struct at_cal *);
struct at_cal_source {
	size_t		 size;
	const char	*name;
	unsigned int	 area;		/* AT_CONTACT and/or AT_STAFF */
	int		 order;
	at_cal_fn	 fn;
};
void	 at_reg_cal_source(struct at_registry *,
	    const struct at_cal_source *);
/* The query a source answers. */
const struct at_cal_query *at_cal_q(struct at_cal *);
/* Adds an event (outside the query's dates it is dropped). */
void	 at_cal_add(struct at_cal *, const struct at_cal_event *);

/* ---- navigation counts: what changed since the last visit ---- */

/*
 * A count on a navigation entry (at_reg_nav) of the module's: how many
 * items of its list are new or changed since the caller last opened it
 * (the marker of list area, at_seen_mark), drawn as new="N" on the
 * entry; or, with unread 1, how many wait for the caller (count="N").
 *
 * sql (for contacts, on href) and staff_sql (for staff, on staff_href;
 * either pair may be NULL) are the text of a scalar SELECT, without the
 * parentheses: "SELECT COUNT(*) FROM meetings m WHERE m.client_id = ?
 * AND m.updated_at > ?".  Each '?' takes the value its letter in binds
 * (staff_binds) names, in the order the letters stand:
 *
 *	'c'  the caller's client id (contacts only)
 *	'u'  the caller's user id
 *	'm'  the caller's marker of area (their previous sign-in, or
 *	     '1000-01-01', before the first visit), a DATETIME
 *
 * so binds "cmu" means the first '?' is the client, the second the mark,
 * the third the user.  A contact's count must be scoped by the client
 * (binds has a 'c') and count only what the contact may see (shared
 * items of their client, never drafts).  The core puts every registered
 * count into the one statement that draws the navigation's counts (one
 * round trip per page at most, none while neither the caller's data nor
 * their markers moved), built as each worker starts from these texts
 * only (the name at_me is the core's in it, and a '?' may not stand in
 * a derived table of the text's FROM).  A registration whose text
 * is not one SELECT (";", comments, unbalanced parentheses), whose '?'
 * outside quotes are not as many as its letters, or whose contact text
 * has no 'c' is refused with a log line.  Counts of a plugin switched
 * off for a client are not drawn for its contacts.
 */
struct at_nav_count {
	size_t		 size;
	const char	*area;		/* the marker: "meetings" */
	const char	*href;		/* contacts' entry: "/meetings" */
	const char	*sql;		/* contacts' count, or NULL */
	const char	*binds;		/* "cmu": what each '?' of sql is */
	const char	*staff_href;	/* staff's entry: "/staff/meetings" */
	const char	*staff_sql;	/* staff's count, or NULL */
	const char	*staff_binds;	/* "mu" ('c' is refused) */
	int		 unread;	/* 1: count="N" (waiting), not new="N" */
};
void	 at_reg_nav_count(struct at_registry *, const struct at_nav_count *);
/* ---- file sources ---- */

struct at_file;

/*
 * Files a module keeps in the file store (atrium/files.h) attached to
 * its own items (item_type, not "project") that the Files pages list
 * beside the project documents: a contact sees the shared ones of their
 * own client under their category (files.c draws), staff all of them;
 * the file's page, preview and download work as for a document.
 * may_read has the last word on each read (the file page, the preview,
 * the download), after the usual rule (at_file_shared_ok): 1 or 0; it
 * may look at the item in the module's tables.  label names the files'
 * origin where a document shows its project ("Signatures").  A plugin
 * switched off for a client lists nothing to that client's contacts.
 * Register from init once nothing else can fail there.
 */
struct at_file_source {
	size_t		 size;
	const char	*item_type;
	const char	*label;
	int		(*may_read)(struct at_req *, const struct at_file *,
			    void *arg);
	void		*arg;
};
void	 at_reg_file_source(struct at_registry *,
	    const struct at_file_source *);

/* ---- page model parts ---- */

/*
 * A part of every page model: fill runs when the core starts a page's
 * model (each request that draws a page, error pages too), after the
 * site, the brand, the user and the navigation are in it, and may add
 * to <brand> (brand) and the navigation's items (nav): counts on the
 * entries, a client's co-brand.  It decides itself when it has nothing
 * to add (nobody signed in, not a GET, a download) and must stay cheap:
 * it runs for every page, so one round trip at most, none when it can
 * keep what it read.  Parts run in registration order; a plugin's part
 * is skipped for the contacts of a client it is switched off for.
 * Register from init: a part registered once the workers started
 * (init_process, or later), or whose struct is too small or has no
 * name or fill, is refused with a log line; at_reg_page_part() then
 * returns -1, else 0.  Added in ABI 1.4.
 */
typedef void (*at_page_part_fn)(struct at_req *, xmlNodePtr brand,
	    xmlNodePtr nav);
struct at_page_part {
	size_t		 size;
	const char	*name;		/* "changes" */
	at_page_part_fn	 fill;
};
int	 at_reg_page_part(struct at_registry *, const struct at_page_part *);

AT_API_END

#endif
