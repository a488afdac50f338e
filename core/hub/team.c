/*
 * The team card.  Each client has an account manager and other team
 * members (staff), chosen by staff on the client's page (the "Team" tab,
 * /staff/clients/:id/team).  Each staff member keeps a card on their own
 * account (/account/card): role title, phone, office hours and a photo
 * (an image upload checked by its content, redrawn as a PNG by the
 * preview maker, stored outside the web root); without a photo the skin
 * draws their initials.  Contacts see their client's team on the
 * dashboard (a dashboard part: the kept dashboard is redrawn when the
 * team or a card changes, through the client's data version) and on the
 * "Your team" page (/team); a project page shows its owner's card.
 *
 * Routes: GET /team (contact), GET /team/photo/:id (signed in: staff any
 * photo, a contact only that of someone on their client's team or owning
 * one of their client's shared projects), GET and POST
 * /staff/clients/:id/team, GET and POST /account/card (staff).
 *
 * Page ids: team (<team><member .../></team>), team-staff (<client>,
 * <team>, <staff>), team-card (<card>).  A <member> carries id, name,
 * email, title, phone, hours, manager ("1" for the account manager) and
 * photo (its URL) when there is one.
 *
 * Whoever adds a client becomes its account manager (the clients module
 * emits "client.created"; this module subscribes).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "hub/hub.h"

#define TEAM_PHOTO_MAX	(5 * 1024 * 1024)	/* the upload's cap */
#define TEAM_PHOTO_SIZE	256			/* the PNG's box */

/* The columns of a member: users u, staff_cards s. */
#define TEAM_COLS	"u.id, u.name, u.email, s.title, s.phone, s.hours, " \
	"SUBSTRING(s.photo, 1, 12) AS photo"

/*
 * Adds one <member> for row i of r (TEAM_COLS, and "manager" when the
 * query has it) under parent.
 */
static xmlNodePtr
team_member(xmlNodePtr parent, const struct at_rows *r, size_t i)
{
	xmlNodePtr	 m;
	const char	*v;

	m = at_x(parent, "member", NULL);
	at_xa(m, "id", at_row(r, i, "id"));
	at_xa(m, "name", at_row(r, i, "name"));
	at_xa(m, "email", at_row(r, i, "email"));
	at_xa(m, "title", at_row(r, i, "title"));
	at_xa(m, "phone", at_row(r, i, "phone"));
	at_xa(m, "hours", at_row(r, i, "hours"));
	if ((v = at_row(r, i, "manager")) != NULL && strcmp(v, "1") == 0)
		at_xa(m, "manager", "1");
	if ((v = at_row(r, i, "photo")) != NULL && *v != '\0')
		at_xaf(m, "photo", "/team/photo/%s?v=%s", at_row(r, i, "id"),
		    v);
	return m;
}

/*
 * The team of client: active staff chosen for it, the manager first.
 * One round trip; NULL when the database failed.
 */
static struct at_rows *
team_rows(struct at_req *req, long long client)
{
	return at_db_select(req->db, req->pool, "SELECT " TEAM_COLS ", "
	    "t.manager FROM client_team t JOIN users u ON u.id = t.user_id "
	    "AND u.active = 1 AND u.role IN ('staff', 'admin') LEFT JOIN "
	    "staff_cards s ON s.user_id = u.id WHERE t.client_id = ? "
	    "ORDER BY t.manager DESC, u.name, u.id", "I", client);
}

/* <team> with the members of client under parent; 0 or -1. */
static int
team_fill(struct at_req *req, xmlNodePtr parent, long long client)
{
	struct at_rows	*r;
	xmlNodePtr	 t;
	size_t		 i;

	if ((r = team_rows(req, client)) == NULL)
		return -1;
	t = at_x(parent, "team", NULL);
	for (i = 0; i < r->n; i++)
		team_member(t, r, i);
	return 0;
}

/* GET /team (contact): "Your team", the people of the contact's client. */
static int
h_team(struct at_req *req)
{
	at_page_id(req, "team");
	at_page_title(req, "Your team");
	if (team_fill(req, at_page_content(req), at_client_scope(req)) == -1)
		return 500;
	return 200;
}

/* <storage>/team/<user> in the pool; created (0700) when make is set. */
static char *
team_dir(struct at_req *req, long long user, int make)
{
	char	*top, *dir;

	top = at_pprintf(req->pool, "%s/team", req->site->storage);
	dir = at_pprintf(req->pool, "%s/%lld", top, user);
	if (make && ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))) {
		log_warn("%s: %s: %s", __func__, dir, strerror(errno));
		return NULL;
	}
	return dir;
}

/*
 * GET /team/photo/:id (signed in): the photo of staff member id.  Staff
 * see any; a contact only that of a member of their client's team or of
 * the owner of one of their client's shared projects: 404 otherwise, as
 * when there is no photo.
 */
static int
h_photo(struct at_req *req)
{
	struct at_rows	*r;
	const char	*dir;
	long long	 id = at_arg_id(req, "id"), client;

	if (id <= 0)
		return 404;
	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT photo FROM "
		    "staff_cards WHERE user_id = ? AND photo IS NOT NULL", "I",
		    id);
	else {
		client = at_client_scope(req);
		r = at_db_select(req->db, req->pool, "SELECT s.photo FROM "
		    "staff_cards s WHERE s.user_id = ? AND s.photo IS NOT NULL "
		    "AND (EXISTS (SELECT 1 FROM client_team t WHERE "
		    "t.user_id = s.user_id AND t.client_id = ?) OR EXISTS "
		    "(SELECT 1 FROM projects p WHERE p.owner_id = s.user_id "
		    "AND p.client_id = ? AND p.visible = 1))", "III", id,
		    client, client);
	}
	if (r == NULL)
		return 500;
	if (r->n == 0 || (dir = team_dir(req, id, 0)) == NULL)
		return 404;
	return hub_send_png(req, at_pprintf(req->pool, "%s/%s", dir,
	    at_row(r, 0, "photo")));
}

/*
 * The staff page of a client's team: the client, its <team> and the
 * <staff> who may join it.  Also how a refused change comes back.
 */
static int
team_staff_page(struct at_req *req, long long id)
{
	struct at_rows	*c, *s;
	xmlNodePtr	 content;

	c = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "WHERE id = ?", "I", id);
	s = at_db_select(req->db, req->pool, "SELECT id, name, email FROM "
	    "users WHERE role IN ('staff', 'admin') AND active = 1 ORDER BY "
	    "name, id", "");
	if (c == NULL || s == NULL)
		return 500;
	if (c->n == 0)
		return 404;
	at_page_id(req, "team-staff");
	at_page_title(req, at_pprintf(req->pool, "Team of %s",
	    at_row(c, 0, "name")));
	content = at_page_content(req);
	at_x_row(content, "client", c, 0);
	if (team_fill(req, content, id) == -1)
		return 500;
	at_x_rows(content, "staff", "person", s);
	if (at_client_tabs_fill(req, content, id) == -1)
		return 500;
	at_x_form(req, content, "team");
	return 200;
}

/* GET /staff/clients/:id/team (staff). */
static int
h_staff_team(struct at_req *req)
{
	long long	 id = at_arg_id(req, "id");

	return id > 0 ? team_staff_page(req, id) : 404;
}

/*
 * POST /staff/clients/:id/team (staff): field user (a staff member) and
 * action: "manager" makes them the account manager (the previous one
 * stays on the team), "member" adds them, "remove" takes them off.
 */
static int
h_staff_team_post(struct at_req *req)
{
	struct at_rows	*c, *u;
	const char	*action = at_form(req, "action"), *msg;
	long long	 id = at_arg_id(req, "id"), user;

	if (id <= 0)
		return 404;
	c = at_db_select(req->db, req->pool, "SELECT name FROM clients WHERE "
	    "id = ?", "I", id);
	if (c == NULL)
		return 500;
	if (c->n == 0)
		return 404;
	if (at_strtoll(at_form(req, "user"), &user) == -1 || user <= 0)
		user = 0;
	u = at_db_select(req->db, req->pool, "SELECT name FROM users WHERE "
	    "id = ? AND role IN ('staff', 'admin') AND active = 1", "I", user);
	if (u == NULL)
		return 500;
	if (u->n == 0) {
		at_form_error(req, "user", "Choose a member of the team.");
		return team_staff_page(req, id);
	}
	if (action == NULL || (strcmp(action, "manager") != 0 &&
	    strcmp(action, "member") != 0 && strcmp(action, "remove") != 0))
		return 400;
	if (strcmp(action, "remove") == 0) {
		if (at_db_exec(req->db, "DELETE FROM client_team WHERE "
		    "client_id = ? AND user_id = ?", "II", id, user) == -1)
			return 500;
		msg = "%s took %s off the team of %s";
	} else if (strcmp(action, "manager") == 0) {
		if (at_db_exec(req->db, "UPDATE client_team SET manager = 0 "
		    "WHERE client_id = ? AND user_id <> ?", "II", id,
		    user) == -1 ||
		    at_db_exec(req->db, "INSERT INTO client_team (client_id, "
		    "user_id, manager) VALUES (?, ?, 1) ON DUPLICATE KEY "
		    "UPDATE manager = 1", "II", id, user) == -1)
			return 500;
		msg = "%s made %s the account manager of %s";
	} else {
		if (at_db_exec(req->db, "INSERT IGNORE INTO client_team "
		    "(client_id, user_id, manager) VALUES (?, ?, 0)", "II", id,
		    user) == -1)
			return 500;
		msg = "%s added %s to the team of %s";
	}
	if (at_activity(req, id, "team", "client", id, at_pprintf(req->pool,
	    msg, req->user->name, at_row(u, 0, "name"), at_row(c, 0,
	    "name")), 0) == -1)
		return 500;
	at_flash(req, "ok", "Team saved: the client's contacts see it from "
	    "their next page.");
	return at_redirect(req, at_pprintf(req->pool,
	    "/staff/clients/%lld/team", id));
}

/* GET /account/card (staff): the caller's own team card, as a form. */
static int
h_card(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;

	r = at_db_select(req->db, req->pool, "SELECT " TEAM_COLS " FROM "
	    "users u LEFT JOIN staff_cards s ON s.user_id = u.id WHERE "
	    "u.id = ?", "I", req->user->id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	at_page_id(req, "team-card");
	at_page_title(req, "Your team card");
	c = at_page_content(req);
	team_member(c, r, 0);
	at_x_form(req, c, "card");
	return 200;
}

/*
 * The uploaded photo in field "photo" redrawn as a PNG in user's team
 * folder: its stored name in *stored.  0, 1 when refused (*err says
 * why), -1 on trouble (logged).
 */
static int
team_photo_store(struct at_req *req, long long user, const char **stored,
    const char **err)
{
	const struct at_param *up = at_upload(req, "photo");
	const char	*mime, *dir, *why;
	int		 w, h;

	if ((mime = at_file_mime(req->pool, up->tmppath)) == NULL)
		return -1;
	if (strcmp(mime, "image/png") != 0 && strcmp(mime, "image/jpeg") !=
	    0 && strcmp(mime, "image/gif") != 0 && strcmp(mime,
	    "image/webp") != 0) {
		*err = "The photo must be a PNG, JPEG, GIF or WebP image.";
		return 1;
	}
	if (up->size > TEAM_PHOTO_MAX) {
		*err = "The photo is too large: 5 MB at most.";
		return 1;
	}
	if ((dir = team_dir(req, user, 1)) == NULL)
		return -1;
	*stored = at_pprintf(req->pool, "%s.png", at_token(req->pool, 16));
	if (hub_preview_run(up->tmppath, mime, at_pprintf(req->pool, "%s/%s",
	    dir, *stored), TEAM_PHOTO_SIZE, TEAM_PHOTO_SIZE, &w, &h,
	    &why) == -1) {
		log_info("%s: user %lld: photo refused: %s", __func__, user,
		    why);
		*err = "This image could not be read. Try another PNG or "
		    "JPEG file.";
		return 1;
	}
	return 0;
}

/*
 * Every client whose dashboard shows user's card (their team or their
 * projects') is marked changed, so kept dashboards are redrawn.  0/-1.
 */
static int
team_card_changed(struct at_req *req, long long user)
{
	struct at_rows	*r;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT client_id FROM "
	    "client_team WHERE user_id = ? UNION SELECT client_id FROM "
	    "projects WHERE owner_id = ?", "II", user, user);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++)
		if (at_data_changed(req->db, at_row_int(r, i, "client_id",
		    0)) == -1)
			return -1;
	return 0;
}

/*
 * POST /account/card (staff): title, phone, hours (one line each, empty
 * for none), photo (an image, optional), remove_photo.  A bad image
 * comes back on the form with the reason; nothing is changed then.
 */
static int
h_card_post(struct at_req *req)
{
	struct at_rows	*r;
	const struct at_param *up;
	const char	*stored = NULL, *err = NULL, *old, *dir;
	long long	 me = req->user->id;
	int		 rc, drop = hub_ticked(req, "remove_photo");

	if (at_form_errors(req) > 0)
		return h_card(req);
	r = at_db_select(req->db, req->pool, "SELECT photo FROM staff_cards "
	    "WHERE user_id = ?", "I", me);
	if (r == NULL)
		return 500;
	up = at_upload(req, "photo");
	if (up != NULL && up->tmppath != NULL && up->size > 0) {
		if ((rc = team_photo_store(req, me, &stored, &err)) == -1)
			return 500;
		if (rc == 1) {
			at_form_error(req, "photo", err);
			at_flash(req, "error", err);
			return h_card(req);
		}
	}
	old = r->n == 1 ? at_row(r, 0, "photo") : NULL;
	if (at_db_exec(req->db, "INSERT INTO staff_cards (user_id, title, "
	    "phone, hours, photo) VALUES (?, NULLIF(?, ''), NULLIF(?, ''), "
	    "NULLIF(?, ''), ?) ON DUPLICATE KEY UPDATE title = "
	    "VALUES(title), phone = VALUES(phone), hours = VALUES(hours), "
	    "photo = IF(? = 1, NULL, COALESCE(VALUES(photo), photo))",
	    "Issssi", me, at_form(req, "title") != NULL ? at_form(req,
	    "title") : "", at_form(req, "phone") != NULL ? at_form(req,
	    "phone") : "", at_form(req, "hours") != NULL ? at_form(req,
	    "hours") : "", stored, drop && stored == NULL) == -1)
		return 500;
	if (team_card_changed(req, me) == -1)
		return 500;
	if (old != NULL && (stored != NULL || drop) &&
	    (dir = team_dir(req, me, 0)) != NULL)
		unlink(at_pprintf(req->pool, "%s/%s", dir, old));
	at_flash(req, "ok", "Your team card is saved.");
	return at_redirect(req, "/account/card");
}

/* The dashboard part: the contact's team, one round trip. */
static int
team_dash(struct at_req *req, struct at_dash *d)
{
	return team_fill(req, at_dash_page(d), at_client_scope(req));
}

/*
 * The project section: the card of the project's owner, as
 * <team project="ID" kind="owner"><member/></team> (nothing without an
 * active staff owner).
 */
static int
team_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 t;

	r = at_db_select(req->db, req->pool, "SELECT " TEAM_COLS " FROM "
	    "projects p JOIN users u ON u.id = p.owner_id AND u.active = 1 "
	    "AND u.role IN ('staff', 'admin') LEFT JOIN staff_cards s ON "
	    "s.user_id = u.id WHERE p.id = ?", "I", project);
	if (r == NULL)
		return -1;
	if (r->n == 0)
		return 0;
	t = at_x(parent, "team", NULL);
	at_xaf(t, "project", "%lld", project);
	at_xa(t, "kind", "owner");
	team_member(t, r, 0);
	return 0;
}

/* The "Team" tab's count on the client's staff page. */
static int
team_tab(struct at_req *req, xmlNodePtr tab, long long client)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT COUNT(*) AS n FROM "
	    "client_team t JOIN users u ON u.id = t.user_id AND u.active = 1 "
	    "WHERE t.client_id = ?", "I", client);
	if (r == NULL)
		return -1;
	at_xa(tab, "count", at_row(r, 0, "n"));
	return 0;
}

/*
 * "client.created" (data: the new client's id, a long long): whoever
 * added the client becomes its account manager, in the same transaction,
 * so its contacts find someone on "Your team" from their first visit;
 * staff change it on the Team tab.  A failure is logged and leaves the
 * team empty; a failed activity entry fails the request.
 */
static void
team_client_created(struct at_req *req, const char *event, void *data)
{
	long long	 id = *(const long long *)data;
	struct at_rows	*c;

	(void)event;
	if (!at_is_staff(req))
		return;
	c = at_db_select(req->db, req->pool, "SELECT name FROM clients WHERE "
	    "id = ?", "I", id);
	if (c == NULL || c->n != 1 || at_db_exec(req->db, "INSERT IGNORE "
	    "INTO client_team (client_id, user_id, manager) VALUES (?, ?, 1)",
	    "II", id, req->user->id) == -1) {
		log_warn("team: client %lld: its account manager was not set",
		    id);
		return;
	}
	(void)at_activity(req, id, "team", "client", id, at_pprintf(req->pool,
	    "%s became the account manager of %s", req->user->name,
	    at_row(c, 0, "name")), 0);
}

static const struct at_field f_team[] = {
	{ "user", at_v_id, AT_F_REQUIRED, 20, "Team member" },
	{ "action", NULL, AT_F_REQUIRED, 10, "Action" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_card[] = {
	{ "title", at_v_line, 0, 120, "Role" },
	{ "phone", at_v_line, 0, 40, "Phone" },
	{ "hours", at_v_line, 0, 200, "Office hours" },
	{ "photo", NULL, AT_F_FILE, 0, "Photo" },
	{ "remove_photo", at_v_bool, 0, 0, "Remove the photo" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route team_routes[] = {
	{ AT_GET, "/team", AT_CONTACT, h_team, NULL, NULL },
	{ AT_GET, "/team/photo/:id", AT_USER, h_photo, NULL, NULL },
	{ AT_GET, "/staff/clients/:id/team", AT_STAFF, h_staff_team, NULL,
	    NULL },
	{ AT_POST, "/staff/clients/:id/team", AT_STAFF, h_staff_team_post,
	    f_team, NULL },
	{ AT_GET, "/account/card", AT_STAFF, h_card, NULL, NULL },
	{ AT_POST, "/account/card", AT_STAFF, h_card_post, f_card, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

static const struct at_dash_part team_dash_part = {
	AT_EXT_SIZE(at_dash_part), "team", AT_CONTACT, 80, team_dash
};
static const struct at_section team_sec = {
	AT_EXT_SIZE(at_section), "team", AT_CONTACT, 5,
	team_section
};
static const struct at_client_tab team_client_tab = {
	AT_EXT_SIZE(at_client_tab), "team", "Team",
	"/staff/clients/%lld/team", 5, team_tab
};

/* Registers the team pages, the dashboard part, section and tab. */
static int
team_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, team_routes);
	at_reg_dash(reg, &team_dash_part);
	at_reg_section(reg, &team_sec);
	at_reg_client_tab(reg, &team_client_tab);
	at_reg_nav(reg, AT_CONTACT, "Your team", "/team", 90);
	at_reg_event(reg, "client.created", team_client_created);
	return 0;
}

const struct at_plugin at_mod_team = {
	AT_PLUGIN_HEAD,
	.name = "team",
	.version = PACKAGE_VERSION,
	.summary = "The client's team card",
	.init = team_init,
};
