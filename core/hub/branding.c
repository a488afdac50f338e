/*
 * Branding.  The agency's brand for the whole site is configuration
 * (site { brand { name, logo, color } }, on every page as <brand>; the
 * mail stylesheets use the same name).  Per client, staff may add a
 * co-brand on the client's page: a logo (an image upload, checked like
 * any upload, redrawn as a PNG by the preview maker, so what is served
 * is never the bytes that were sent) and an accent colour, refused when
 * its contrast against the skin's backgrounds (and the white text drawn
 * on it) is under WCAG AA's 4.5:1, with the ratio shown.  The portal of
 * that client's contacts shows both: the logo in the header and the
 * accent as the --brand custom property, from a small stylesheet the
 * page links (the site's CSP allows no inline style).
 *
 * Routes: POST /staff/clients/:id/brand, GET /staff/clients/:id/logo
 * (staff); GET /brand/logo, GET /brand/accent.css (the client's
 * contacts, each their own client's only).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/files.h"

/* Logos: the upload's cap and the box the served PNG fits in. */
#define BRAND_LOGO_MAX	(2 * 1024 * 1024)
#define BRAND_LOGO_W	480
#define BRAND_LOGO_H	160

/*
 * What an accent must contrast with: the skin's page and panel
 * backgrounds (links and buttons drawn on them) and white, the text
 * drawn on the accent (header, primary buttons).
 */
static const char *const brand_against[] = {
	"#ffffff", "#f6f7f9", NULL
};

/* See hub/hub.h. */
int
hub_color_ok(const char *s)
{
	int	 i;

	if (s == NULL || s[0] != '#' || strlen(s) != 7)
		return 0;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The relative luminance (WCAG 2) of a valid "#rrggbb". */
static double
brand_luminance(const char *s)
{
	double		 c[3];
	unsigned int	 v;
	int		 i;

	for (i = 0; i < 3; i++) {
		sscanf(s + 1 + 2 * i, "%2x", &v);
		c[i] = v / 255.0;
		c[i] = c[i] <= 0.03928 ? c[i] / 12.92 :
		    pow((c[i] + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* See hub/hub.h. */
double
hub_contrast(const char *a, const char *b)
{
	double	 la, lb;

	if (!hub_color_ok(a) || !hub_color_ok(b))
		return -1;
	la = brand_luminance(a);
	lb = brand_luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) /
	    (la + 0.05);
}

/* See hub/hub.h. */
const char *
hub_accent_check(struct at_pool *pool, const char *accent)
{
	double	 r, worst = 21;
	size_t	 i;

	if (!hub_color_ok(accent))
		return "Write the colour as # and six hex digits, such as "
		    "#1a4d8f.";
	for (i = 0; brand_against[i] != NULL; i++)
		if ((r = hub_contrast(accent, brand_against[i])) < worst)
			worst = r;
	if (worst >= 4.5)
		return NULL;
	/* Rounded down, so a refused colour never reads "4.50:1". */
	return at_pprintf(pool, "This colour is too light: its contrast is "
	    "%.2f:1 and text needs at least 4.5:1 (WCAG AA) to stay "
	    "readable. Choose a darker shade.", floor(worst * 100) / 100);
}

/* See hub/hub.h. */
void
hub_brand_attrs(struct at_req *req, xmlNodePtr brand, const char *accent,
    const char *logo)
{
	(void)req;
	if (hub_color_ok(accent)) {
		at_xa(brand, "accent", accent);
		at_xaf(brand, "accent-css", "/brand/accent.css?v=%s",
		    accent + 1);
	}
	if (logo != NULL && *logo != '\0')
		at_xaf(brand, "client-logo", "/brand/logo?v=%.12s", logo);
}

/* <storage>/brand/<client> in the pool; created (0700) when make is set. */
static char *
brand_dir(struct at_req *req, long long client, int make)
{
	char	*top, *dir;

	top = at_pprintf(req->pool, "%s/brand", req->site->storage);
	dir = at_pprintf(req->pool, "%s/%lld", top, client);
	if (make && ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))) {
		log_warn("%s: %s: %s", __func__, dir, strerror(errno));
		return NULL;
	}
	return dir;
}

/*
 * The uploaded logo in field "logo" redrawn as a PNG in the client's
 * brand folder: its stored name in *stored.  0, 1 when refused (*err
 * says why), -1 on trouble (logged).
 */
static int
brand_logo_store(struct at_req *req, long long client, const char **stored,
    const char **err)
{
	const struct at_param *up = at_upload(req, "logo");
	const char	*mime, *dir, *why;
	int		 w, h;

	if ((mime = at_file_mime(req->pool, up->tmppath)) == NULL)
		return -1;
	if (strcmp(mime, "image/png") != 0 && strcmp(mime, "image/jpeg") !=
	    0 && strcmp(mime, "image/gif") != 0) {
		*err = "The logo must be a PNG, JPEG or GIF image.";
		return 1;
	}
	if (up->size > BRAND_LOGO_MAX) {
		*err = "The logo is too large: 2 MB at most.";
		return 1;
	}
	if ((dir = brand_dir(req, client, 1)) == NULL)
		return -1;
	*stored = at_pprintf(req->pool, "%s.png", at_token(req->pool, 16));
	if (hub_preview_run(up->tmppath, mime, at_pprintf(req->pool, "%s/%s",
	    dir, *stored), BRAND_LOGO_W, BRAND_LOGO_H, &w, &h, &why) == -1) {
		log_info("%s: client %lld: logo refused: %s", __func__, client,
		    why);
		*err = "This image could not be read. Try another PNG or "
		    "JPEG file.";
		return 1;
	}
	return 0;
}

/*
 * POST /staff/clients/:id/brand (staff): fields accent ("#rrggbb" or
 * empty for none), logo (an image, optional), remove_logo.  A colour
 * under 4.5:1 or a bad image comes back on the client's page with the
 * reason (and the ratio) on the form; nothing is changed then.
 */
static int
h_brand(struct at_req *req)
{
	struct at_rows	*r;
	const struct at_param *up;
	const char	*accent = at_form(req, "accent"), *why, *err = NULL;
	const char	*stored = NULL, *old, *dir;
	long long	 id = at_arg_id(req, "id");
	int		 rc, drop = hub_ticked(req, "remove_logo");

	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT name, brand_logo FROM "
	    "clients WHERE id = ?", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	if (accent != NULL && *accent != '\0' &&
	    (why = hub_accent_check(req->pool, accent)) != NULL) {
		at_form_error(req, "accent", why);
		at_flash(req, "error", why);
	}
	if (at_form_errors(req) > 0)
		return hub_client_page(req);
	up = at_upload(req, "logo");
	if (up != NULL && up->tmppath != NULL && up->size > 0) {
		if ((rc = brand_logo_store(req, id, &stored, &err)) == -1)
			return 500;
		if (rc == 1) {
			at_form_error(req, "logo", err);
			at_flash(req, "error", err);
			return hub_client_page(req);
		}
	}
	old = at_row(r, 0, "brand_logo");
	if (at_db_exec(req->db, "UPDATE clients SET brand_accent = NULLIF(?, "
	    "''), brand_logo = IF(? = 1, NULL, COALESCE(?, brand_logo)) "
	    "WHERE id = ?", "sisI", accent != NULL ? accent : "", drop &&
	    stored == NULL, stored, id) == -1)
		return 500;
	if (old != NULL && (stored != NULL || drop) &&
	    (dir = brand_dir(req, id, 0)) != NULL)
		unlink(at_pprintf(req->pool, "%s/%s", dir, old));
	at_activity(req, id, "brand", "client", id, at_pprintf(req->pool,
	    "%s changed the co-brand of %s", req->user->name,
	    at_row(r, 0, "name")), 0);
	at_flash(req, "ok", "Co-brand saved: the client's contacts see it "
	    "from their next page.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/clients/%lld",
	    id));
}

/*
 * GET /brand/logo (contact): the logo of the contact's own client;
 * GET /staff/clients/:id/logo (staff): any client's.  404 without one.
 */
static int
h_logo(struct at_req *req)
{
	struct at_rows	*r;
	const char	*dir;
	long long	 id;

	id = at_is_staff(req) ? at_arg_id(req, "id") : at_client_scope(req);
	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT brand_logo FROM clients "
	    "WHERE id = ? AND brand_logo IS NOT NULL", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0 || (dir = brand_dir(req, id, 0)) == NULL)
		return 404;
	return hub_send_png(req, at_pprintf(req->pool, "%s/%s", dir,
	    at_row(r, 0, "brand_logo")));
}

/*
 * GET /brand/accent.css (contact): the contact's client's accent as the
 * skin's custom properties (--brand, --accent); empty without one.
 */
static int
h_accent_css(struct at_req *req)
{
	struct at_rows	*r;
	const char	*a = NULL, *css;

	r = at_db_select(req->db, req->pool, "SELECT brand_accent FROM "
	    "clients WHERE id = ?", "I", at_client_scope(req));
	if (r == NULL)
		return 500;
	if (r->n == 1)
		a = at_row(r, 0, "brand_accent");
	css = hub_color_ok(a) ? at_pprintf(req->pool, ":root { --brand: %s; "
	    "--accent: %s; }\n", a, a) : "\n";
	at_resp_header(req, "Cache-Control", "private, max-age=3600");
	return at_send(req, 200, "text/css; charset=utf-8", css, strlen(css));
}

static const struct at_field f_brand[] = {
	{ "accent", NULL, 0, 7, "Accent colour" },
	{ "logo", NULL, AT_F_FILE, 0, "Logo" },
	{ "remove_logo", at_v_bool, 0, 0, "Remove the logo" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route brand_routes[] = {
	{ AT_GET, "/brand/logo", AT_CONTACT, h_logo, NULL, NULL },
	{ AT_GET, "/brand/accent.css", AT_CONTACT, h_accent_css, NULL, NULL },
	{ AT_GET, "/staff/clients/:id/logo", AT_STAFF, h_logo, NULL, NULL },
	{ AT_POST, "/staff/clients/:id/brand", AT_STAFF, h_brand, f_brand,
	    NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the co-brand routes. */
static int
brand_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, brand_routes);
	return 0;
}

const struct at_plugin at_mod_branding = {
	AT_PLUGIN_HEAD,
	.name = "branding",
	.version = PACKAGE_VERSION,
	.summary = "The agency's brand and each client's co-brand",
	.init = brand_init,
};
