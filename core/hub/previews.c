/*
 * Previews of files: a thumbnail and a page-sized image of each image
 * file version (PNG, JPEG, GIF, WebP) and of the first page of each PDF.
 * WebP is decoded with libwebp (gdk-pixbuf has no WebP loader of its
 * own); an animated WebP gets no preview.
 *
 * They are made once per file version by the job "previews.make" (run
 * by "atriumctl jobs run" every minute), never while a page waits: each
 * file is parsed in a child process with CPU, memory and file-size
 * limits (hub_preview_run), and sources over the caps (bytes, pixels)
 * are refused before they are parsed.  The images are PNGs in
 * <storage>/previews/<client_id>/<stored>.thumb.png and .page.png,
 * outside the web root; file_previews records what became of each
 * version ('ready', 'none' for kinds without a preview, 'failed').
 *
 * They are served by GET /files/:id/preview and
 * /files/:id/versions/:v/preview (and the same under /staff) with the
 * download's visibility rule: a contact reaches only a shared file of
 * their own client in a shared project; anything else is 404.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>
#include <webp/decode.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/files.h"

/* The two sizes made of each version. */
#define PV_THUMB_W	320
#define PV_THUMB_H	240
#define PV_PAGE_W	1000
#define PV_PAGE_H	1400
/* Versions looked at per run of the job. */
#define PV_BATCH	40
/* The largest PNG served inline. */
#define PV_SEND_MAX	(8 * 1024 * 1024)

/* See hub/hub.h. */
int
hub_preview_kind(const char *mime)
{
	return mime != NULL && (strcmp(mime, "application/pdf") == 0 ||
	    strcmp(mime, "image/png") == 0 || strcmp(mime, "image/jpeg") == 0 ||
	    strcmp(mime, "image/gif") == 0 || strcmp(mime, "image/webp") == 0);
}

/* The factor that fits w x h in maxw x maxh, never above most. */
static double
pv_scale(double w, double h, int maxw, int maxh, double most)
{
	double	 s = most;

	if (maxw / w < s)
		s = maxw / w;
	if (maxh / h < s)
		s = maxh / h;
	return s;
}

/* An image file drawn at most maxw x maxh into dst. 0 or -1. */
static int
pv_image(const char *src, const char *dst, int maxw, int maxh, int *w,
    int *h, const char **errstr)
{
	GdkPixbuf	*pb;
	GError		*err = NULL;
	int		 sw, sh, ok;
	double		 s;

	if (gdk_pixbuf_get_file_info(src, &sw, &sh) == NULL || sw <= 0 ||
	    sh <= 0) {
		*errstr = "the image cannot be read";
		return -1;
	}
	if ((long long)sw * sh > HUB_PREVIEW_MAX_PIXELS) {
		*errstr = "the image has too many pixels";
		return -1;
	}
	s = pv_scale(sw, sh, maxw, maxh, 1);
	*w = (int)(sw * s + 0.5);
	*h = (int)(sh * s + 0.5);
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
	pb = gdk_pixbuf_new_from_file_at_scale(src, *w, *h, FALSE, &err);
	if (pb == NULL) {
		g_clear_error(&err);
		*errstr = "the image cannot be decoded";
		return -1;
	}
	ok = gdk_pixbuf_save(pb, dst, "png", &err, NULL);
	g_object_unref(pb);
	if (!ok) {
		g_clear_error(&err);
		*errstr = "the preview cannot be written";
		return -1;
	}
	return 0;
}

/*
 * A WebP image (a still one) drawn at most maxw x maxh into dst, decoded
 * with libwebp after its header was checked against the pixel cap.  0
 * or -1.
 */
static int
pv_webp(const char *src, const char *dst, int maxw, int maxh, int *w,
    int *h, const char **errstr)
{
	WebPBitstreamFeatures f;
	GdkPixbuf	*pb = NULL, *sc = NULL;
	GError		*err = NULL;
	uint8_t		*data = NULL, *rgba = NULL;
	size_t		 len = 0;
	FILE		*in;
	long		 sz;
	int		 sw, sh, rc = -1;
	double		 s;

	if ((in = fopen(src, "rb")) == NULL || fseek(in, 0, SEEK_END) != 0 ||
	    (sz = ftell(in)) <= 0 || sz > HUB_PREVIEW_MAX_BYTES ||
	    fseek(in, 0, SEEK_SET) != 0 || (data = malloc((size_t)sz)) ==
	    NULL || (len = fread(data, 1, (size_t)sz, in)) != (size_t)sz) {
		*errstr = "the image cannot be read";
		goto done;
	}
	if (WebPGetFeatures(data, len, &f) != VP8_STATUS_OK ||
	    f.width <= 0 || f.height <= 0) {
		*errstr = "the image cannot be read";
		goto done;
	}
	if (f.has_animation) {
		*errstr = "no preview for an animated WebP image";
		goto done;
	}
	if ((long long)f.width * f.height > HUB_PREVIEW_MAX_PIXELS) {
		*errstr = "the image has too many pixels";
		goto done;
	}
	if ((rgba = WebPDecodeRGBA(data, len, &sw, &sh)) == NULL ||
	    sw != f.width || sh != f.height) {
		*errstr = "the image cannot be decoded";
		goto done;
	}
	s = pv_scale(sw, sh, maxw, maxh, 1);
	*w = (int)(sw * s + 0.5);
	*h = (int)(sh * s + 0.5);
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
	pb = gdk_pixbuf_new_from_data(rgba, GDK_COLORSPACE_RGB, TRUE, 8, sw,
	    sh, sw * 4, NULL, NULL);
	if (pb == NULL || (sc = gdk_pixbuf_scale_simple(pb, *w, *h,
	    GDK_INTERP_BILINEAR)) == NULL) {
		*errstr = "the image cannot be decoded";
		goto done;
	}
	if (!gdk_pixbuf_save(sc, dst, "png", &err, NULL)) {
		g_clear_error(&err);
		*errstr = "the preview cannot be written";
		goto done;
	}
	rc = 0;
done:
	if (sc != NULL)
		g_object_unref(sc);
	if (pb != NULL)
		g_object_unref(pb);
	if (rgba != NULL)
		WebPFree(rgba);
	free(data);
	if (in != NULL)
		fclose(in);
	if (rc == -1)
		*w = *h = 0;
	return rc;
}

/* The first page of a PDF drawn at most maxw x maxh into dst. 0 or -1. */
static int
pv_pdf(const char *src, const char *dst, int maxw, int maxh, int *w,
    int *h, const char **errstr)
{
	PopplerDocument	*doc;
	PopplerPage	*page;
	GError		*err = NULL;
	GMappedFile	*map;
	GBytes		*bytes;
	cairo_surface_t	*cs;
	cairo_t		*cr;
	double		 pw, ph, s;
	int		 rc = -1;

	if ((map = g_mapped_file_new(src, FALSE, &err)) == NULL) {
		g_clear_error(&err);
		*errstr = "the file cannot be read";
		return -1;
	}
	bytes = g_mapped_file_get_bytes(map);
	g_mapped_file_unref(map);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		g_clear_error(&err);
		*errstr = "the PDF cannot be read (damaged or encrypted)";
		return -1;
	}
	if (poppler_document_get_n_pages(doc) < 1 ||
	    (page = poppler_document_get_page(doc, 0)) == NULL) {
		g_object_unref(doc);
		*errstr = "the PDF has no page";
		return -1;
	}
	poppler_page_get_size(page, &pw, &ph);
	if (pw < 1 || ph < 1 || pw > 20000 || ph > 20000) {
		*errstr = "the PDF's page has an odd size";
		goto out;
	}
	/* Pages are in points: draw at 2 pixels per point at most. */
	s = pv_scale(pw, ph, maxw, maxh, 2);
	*w = (int)(pw * s + 0.5);
	*h = (int)(ph * s + 0.5);
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
	cs = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
	cr = cairo_create(cs);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_write_to_png(cs, dst) != CAIRO_STATUS_SUCCESS)
		*errstr = "the preview cannot be drawn";
	else
		rc = 0;
	cairo_surface_destroy(cs);
out:
	g_object_unref(page);
	g_object_unref(doc);
	return rc;
}

/* See hub/hub.h. */
int
hub_preview_make(const char *src, const char *mime, const char *dst,
    int maxw, int maxh, int *w, int *h, const char **errstr)
{
	struct stat	 st;

	*w = *h = 0;
	if (maxw < 1 || maxh < 1) {
		*errstr = "no room to draw in";
		return -1;
	}
	if (stat(src, &st) == -1 || !S_ISREG(st.st_mode)) {
		*errstr = "the file is missing";
		return -1;
	}
	if (st.st_size > HUB_PREVIEW_MAX_BYTES) {
		*errstr = "the file is too large for a preview";
		return -1;
	}
	if (!hub_preview_kind(mime)) {
		*errstr = "no preview for this kind of file";
		return -1;
	}
	if (strcmp(mime, "application/pdf") == 0)
		return pv_pdf(src, dst, maxw, maxh, w, h, errstr);
	if (strcmp(mime, "image/webp") == 0)
		return pv_webp(src, dst, maxw, maxh, w, h, errstr);
	return pv_image(src, dst, maxw, maxh, w, h, errstr);
}

/* See hub/hub.h. */
int
hub_preview_run(const char *src, const char *mime, const char *dst,
    int maxw, int maxh, int *w, int *h, const char **errstr)
{
	struct rlimit	 rl;
	pid_t		 pid;
	int		 fd[2], st, nul, out[2] = { 0, 0 };
	const char	*why = NULL;
	ssize_t		 n;

	*w = *h = 0;
	if (pipe(fd) == -1) {
		*errstr = "no pipe for the preview maker";
		return -1;
	}
	if ((pid = fork()) == -1) {
		close(fd[0]);
		close(fd[1]);
		*errstr = "the preview maker cannot start";
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		/* Parsers talk on stderr about damaged files: not ours to show. */
		if ((nul = open("/dev/null", O_RDWR)) != -1) {
			dup2(nul, STDOUT_FILENO);
			dup2(nul, STDERR_FILENO);
			if (nul > STDERR_FILENO)
				close(nul);
		}
		rl.rlim_cur = rl.rlim_max = HUB_PREVIEW_SECONDS;
		setrlimit(RLIMIT_CPU, &rl);
		rl.rlim_cur = rl.rlim_max = 1024UL * 1024 * 1024;
		setrlimit(RLIMIT_AS, &rl);
		rl.rlim_cur = rl.rlim_max = 32UL * 1024 * 1024;
		setrlimit(RLIMIT_FSIZE, &rl);
		alarm(HUB_PREVIEW_SECONDS * 2);
		if (hub_preview_make(src, mime, dst, maxw, maxh, &out[0],
		    &out[1], &why) == -1) {
			unlink(dst);
			(void)write(fd[1], why, strlen(why));
			_exit(1);
		}
		(void)write(fd[1], out, sizeof(out));
		_exit(0);
	}
	close(fd[1]);
	{
		char	 buf[200];

		n = read(fd[0], buf, sizeof(buf) - 1);
		close(fd[0]);
		st = 0;
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		/* (A child already reaped elsewhere leaves st 0.) */
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
		    n == (ssize_t)sizeof(out)) {
			memcpy(out, buf, sizeof(out));
			*w = out[0];
			*h = out[1];
			return 0;
		}
		unlink(dst);
		if (WIFSIGNALED(st)) {
			*errstr = "the preview maker stopped (too slow or too "
			    "large)";
			return -1;
		}
		/* The child's reasons are static strings of this file. */
		*errstr = "the preview could not be made";
		if (n > 0) {
			buf[n] = '\0';
			if (strcmp(buf, "the image has too many pixels") == 0)
				*errstr = "the image has too many pixels";
			else if (strcmp(buf, "the file is too large for a "
			    "preview") == 0)
				*errstr = "the file is too large for a preview";
			else if (strncmp(buf, "the PDF cannot", 14) == 0)
				*errstr = "the PDF cannot be read (damaged or "
				    "encrypted)";
			else if (strncmp(buf, "the image cannot", 16) == 0)
				*errstr = "the image cannot be read";
		}
		return -1;
	}
}

/* See hub/hub.h. */
int
hub_send_png(struct at_req *req, const char *path)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 404;
	if (fstat(fd, &st) == -1 || st.st_size <= 0 ||
	    st.st_size > PV_SEND_MAX) {
		close(fd);
		return 404;
	}
	buf = at_palloc(req->pool, (size_t)st.st_size);
	while (got < (size_t)st.st_size && (n = read(fd, buf + got,
	    (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got != (size_t)st.st_size)
		return 404;
	at_resp_header(req, "Cache-Control", "private, max-age=86400");
	return at_send(req, 200, "image/png", buf, got);
}

/* <storage>/previews/<client> in the pool; made (0700) when make is set. */
static char *
pv_dir(const char *storage, struct at_pool *pool, long long client,
    int make)
{
	char	*top, *dir;

	top = at_pprintf(pool, "%s/previews", storage);
	dir = at_pprintf(pool, "%s/%lld", top, client);
	if (make && ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))) {
		log_warn("%s: %s: %s", __func__, dir, strerror(errno));
		return NULL;
	}
	return dir;
}

/*
 * The job "previews.make": every file version without a record gets its
 * two images (or a record saying why not), PV_BATCH per run, oldest
 * first.  A version whose maker failed is not tried again.
 */
static int
pv_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	const char	*mime, *dir, *src, *why, *state;
	long long	 client;
	size_t		 i;
	int		 w, h, tw, th;

	r = at_db_select(ctx->db, ctx->pool, "SELECT v.id, v.client_id, "
	    "v.stored, v.mime, v.size FROM file_versions v LEFT JOIN "
	    "file_previews p ON p.version_id = v.id WHERE p.version_id IS "
	    "NULL ORDER BY v.id LIMIT ?", "i", PV_BATCH);
	if (r == NULL) {
		*errstr = "the database failed";
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		client = at_row_int(r, i, "client_id", 0);
		mime = at_row(r, i, "mime");
		why = "";
		w = h = 0;
		if (!hub_preview_kind(mime))
			state = "none";
		else if ((dir = pv_dir(ctx->site->storage, ctx->pool, client,
		    1)) == NULL) {
			*errstr = "the previews folder cannot be made";
			return -1;
		} else {
			src = at_pprintf(ctx->pool, "%s/files/%lld/%s",
			    ctx->site->storage, client, at_row(r, i, "stored"));
			state = "ready";
			if (hub_preview_run(src, mime, at_pprintf(ctx->pool,
			    "%s/%s.page.png", dir, at_row(r, i, "stored")),
			    PV_PAGE_W, PV_PAGE_H, &w, &h, &why) == -1 ||
			    hub_preview_run(src, mime, at_pprintf(ctx->pool,
			    "%s/%s.thumb.png", dir, at_row(r, i, "stored")),
			    PV_THUMB_W, PV_THUMB_H, &tw, &th, &why) == -1) {
				state = "failed";
				log_info("previews: version %s: %s",
				    at_row(r, i, "id"), why);
			}
		}
		if (at_db_exec(ctx->db, "INSERT IGNORE INTO file_previews "
		    "(version_id, client_id, state, width, height, error, "
		    "made_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
		    "sIsiis", at_row(r, i, "id"), client, state, w, h,
		    why) == -1) {
			*errstr = "the database failed";
			return -1;
		}
	}
	return 0;
}

/*
 * GET /files/:id/preview, /files/:id/versions/:v/preview (contact) and
 * the same under /staff (staff): the current or given version's preview
 * as a PNG; query size=thumb for the thumbnail.  Contacts reach only a
 * shared file of their own client in a shared project (the download's
 * rule); 404 for anything else or while there is no preview.
 */
static int
h_preview(struct at_req *req)
{
	struct at_rows	*r;
	const char	*varg = at_arg(req, "v"), *dir, *size;
	long long	 id = at_arg_id(req, "id"), v = 0, client;

	if (id <= 0)
		return 404;
	if (varg != NULL && ((v = at_arg_id(req, "v")) <= 0 || v > 1000000))
		return 404;
	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT f.client_id, "
		    "v.stored FROM files f JOIN file_versions v ON v.file_id = "
		    "f.id AND v.version = IF(? = 0, f.version, ?) JOIN "
		    "file_previews fp ON fp.version_id = v.id AND fp.state = "
		    "'ready' WHERE f.id = ?", "III", v, v, id);
	else
		r = at_db_select(req->db, req->pool, "SELECT f.client_id, "
		    "v.stored FROM files f LEFT JOIN projects p ON p.id = "
		    "f.project_id AND p.client_id = f.client_id AND "
		    "p.visible = 1 JOIN file_versions v ON v.file_id = f.id "
		    "AND v.version = IF(? = 0, f.version, ?) JOIN "
		    "file_previews fp ON fp.version_id = v.id AND fp.state = "
		    "'ready' WHERE f.id = ? AND f.client_id = ? AND "
		    "f.visible = 1 AND (p.id IS NOT NULL OR "
		    "FIND_IN_SET(f.item_type, ?) > 0)", "IIIIs", v, v, id,
		    at_client_scope(req), at_file_source_types(req));
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	/* A contact: the file's own rule (a file source has the last word). */
	if (!at_is_staff(req))
		switch (hub_file_may_read(req, id)) {
		case -1:
			return 500;
		case 0:
			return 404;
		}
	client = at_row_int(r, 0, "client_id", 0);
	dir = pv_dir(req->site->storage, req->pool, client, 0);
	size = at_query(req, "size");
	return hub_send_png(req, at_pprintf(req->pool, "%s/%s.%s.png", dir,
	    at_row(r, 0, "stored"), size != NULL && strcmp(size, "thumb") ==
	    0 ? "thumb" : "page"));
}

static const struct at_route pv_routes[] = {
	{ AT_GET, "/files/:id/preview", AT_CONTACT, h_preview, NULL, NULL },
	{ AT_GET, "/files/:id/versions/:v/preview", AT_CONTACT, h_preview,
	    NULL, NULL },
	{ AT_GET, "/staff/files/:id/preview", AT_STAFF, h_preview, NULL,
	    NULL },
	{ AT_GET, "/staff/files/:id/versions/:v/preview", AT_STAFF,
	    h_preview, NULL, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Registers the preview routes and the job that makes them. */
static int
pv_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, pv_routes);
	at_reg_job(reg, "make", 0, pv_job);
	return 0;
}

const struct at_plugin at_mod_previews = {
	AT_PLUGIN_HEAD,
	.name = "previews",
	.version = PACKAGE_VERSION,
	.summary = "Thumbnails and previews of images and PDFs",
	.init = pv_init,
};
