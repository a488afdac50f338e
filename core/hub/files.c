/*
 * Files: upload, versions, categories, sharing, search and access-checked
 * downloads.
 *
 * An upload arrives as a temporary file in the storage folder's tmp/
 * (the core streams it there and removes it when the request ends).  Its
 * type is read from its content with libmagic and checked against an
 * allowlist, its size against the client's quota, and only then is it
 * renamed (same file system, so atomically) to
 * <storage>/files/<client_id>/<generated name>, inside the transaction
 * that records it: a broken or refused upload leaves nothing behind.
 * The name the browser sent is cleaned and kept for display and as the
 * download's name only; it is never part of a path.  A new version of a
 * document is a new row in file_versions: every version stays
 * downloadable.  Every view and download lands in the activity log.
 *
 * Pages: files, file (contacts); staff-files, staff-file (staff).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>
#include <sodium.h>

#include "core.h"
#include "hub/hub.h"
#include "hub/files.h"
#include "hub/comments.h"

#define FILES_LIST_MAX	200

/* What may be stored: a content type and the extensions it may carry. */
static const struct {
	const char	*mime;
	const char	*label;
	const char	*exts[8];	/* the first is added to a bare name */
} file_types[] = {
	{ "application/pdf", "a PDF document", { "pdf" } },
	{ "image/png", "a PNG image", { "png" } },
	{ "image/jpeg", "a JPEG image", { "jpg", "jpeg", "jpe" } },
	{ "image/gif", "a GIF image", { "gif" } },
	{ "image/webp", "a WebP image", { "webp" } },
	{ "text/plain", "plain text", { "txt", "text", "md", "csv", "tsv",
	    "log" } },
	{ "text/csv", "a CSV table", { "csv", "txt" } },
	{ "application/zip", "a ZIP archive", { "zip", "docx", "xlsx",
	    "pptx", "odt", "ods", "odp" } },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "document", "a Word document", { "docx" } },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml."
	    "sheet", "an Excel workbook", { "xlsx" } },
	{ "application/vnd.openxmlformats-officedocument.presentationml."
	    "presentation", "a PowerPoint presentation", { "pptx" } },
	{ "application/vnd.oasis.opendocument.text", "an OpenDocument text",
	    { "odt" } },
	{ "application/vnd.oasis.opendocument.spreadsheet",
	    "an OpenDocument spreadsheet", { "ods" } },
	{ "application/vnd.oasis.opendocument.presentation",
	    "an OpenDocument presentation", { "odp" } },
	{ "application/msword", "a Word document", { "doc" } },
	{ "application/vnd.ms-excel", "an Excel workbook", { "xls" } },
	{ "application/vnd.ms-powerpoint", "a PowerPoint presentation",
	    { "ppt", "pps" } },
	{ "application/vnd.ms-office", "an Office document", { "doc", "xls",
	    "ppt" } },
	{ "application/CDFV2", "an Office document", { "doc", "xls",
	    "ppt" } },
};

static const char *const file_categories[] = {
	"contracts", "deliverables", "reports", "other", NULL
};

/* Whether code point cp must not appear in a display name. */
static int
file_bad_cp(unsigned int cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 1;
	/* Bidirectional controls can disguise an extension. */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c)
		return 1;
	/* Zero-width characters and the byte order mark. */
	if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0xfeff)
		return 1;
	return 0;
}

/* See hub/files.h. */
char *
hub_file_name(struct at_pool *pool, const char *raw)
{
	const unsigned char *p;
	const char	*b, *s, *dot;
	char		*out, *o, *e, *res;
	size_t		 n, keep, extlen;
	unsigned int	 cp;

	if (raw == NULL)
		raw = "";
	/* The last component, whichever separator the sender used. */
	for (b = s = raw; *s != '\0'; s++)
		if (*s == '/' || *s == '\\')
			b = s + 1;
	o = out = at_palloc(pool, strlen(b) + 1);
	for (p = (const unsigned char *)b; *p != '\0'; p += n) {
		if ((n = at_utf8_char((const char *)p, &cp)) == 0) {
			*o++ = '_';
			n = 1;
			continue;
		}
		if (file_bad_cp(cp))
			continue;
		if (n == 1 && strchr(":*?\"<>|", (int)cp) != NULL) {
			*o++ = '_';
			continue;
		}
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	/* No leading or trailing dots and spaces ("..", ".htaccess"). */
	for (s = out; *s == '.' || *s == ' '; s++)
		;
	memmove(out, s, strlen(s) + 1);
	for (e = out + strlen(out); e > out && (e[-1] == '.' ||
	    e[-1] == ' '); e--)
		;
	*e = '\0';
	if (*out == '\0')
		return at_pstrdup(pool, "file");
	if (strlen(out) <= HUB_FILE_NAME_MAX)
		return out;
	/* Too long: shorten the stem, keep a short extension. */
	dot = strrchr(out, '.');
	extlen = dot != NULL && strlen(dot) <= 16 ? strlen(dot) : 0;
	keep = at_utf8_fit(out, HUB_FILE_NAME_MAX - extlen);
	res = at_palloc(pool, keep + extlen + 1);
	memcpy(res, out, keep);
	memcpy(res + keep, out + strlen(out) - extlen, extlen);
	res[keep + extlen] = '\0';
	return res;
}

/* The lowercase extension of name (after the last dot), or NULL. */
static char *
file_ext(struct at_pool *pool, const char *name)
{
	const char	*dot;
	char		*ext, *p;

	dot = strrchr(name, '.');
	if (dot == NULL || dot == name || dot[1] == '\0' || strlen(dot) > 17)
		return NULL;
	ext = at_pstrdup(pool, dot + 1);
	for (p = ext; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return ext;
}

/* See hub/files.h. */
const char *
hub_file_type_check(struct at_pool *pool, const char *mime,
    const char **name)
{
	size_t		 i, k;
	char		*ext;

	if (mime == NULL)
		return "The file's type could not be read.";
	for (i = 0; i < sizeof(file_types) / sizeof(file_types[0]); i++)
		if (strcasecmp(file_types[i].mime, mime) == 0)
			break;
	if (i == sizeof(file_types) / sizeof(file_types[0])) {
		if (strcmp(mime, "text/html") == 0 ||
		    strcmp(mime, "application/xhtml+xml") == 0)
			return "Web pages (HTML) cannot be uploaded. Send a "
			    "PDF instead.";
		if (strcmp(mime, "image/svg+xml") == 0)
			return "SVG images cannot be uploaded (they can carry "
			    "scripts). Send a PNG or a PDF instead.";
		if (strstr(mime, "executable") != NULL ||
		    strstr(mime, "dosexec") != NULL ||
		    strstr(mime, "sharedlib") != NULL ||
		    strstr(mime, "mach-binary") != NULL ||
		    strstr(mime, "script") != NULL)
			return "Programs and scripts cannot be uploaded.";
		return "This kind of file cannot be uploaded. Allowed: PDF, "
		    "images (PNG, JPEG, GIF, WebP), text, CSV, ZIP and "
		    "office documents.";
	}
	if ((ext = file_ext(pool, *name)) == NULL) {
		/* A bare name gets the type's usual extension. */
		*name = at_pprintf(pool, "%s.%s", *name,
		    file_types[i].exts[0]);
		return NULL;
	}
	for (k = 0; k < 8 && file_types[i].exts[k] != NULL; k++)
		if (strcmp(file_types[i].exts[k], ext) == 0)
			return NULL;
	return at_pprintf(pool, "The name ends in .%s but the file is %s. "
	    "Rename it to match its content and try again.", ext,
	    file_types[i].label);
}

/* See hub/files.h. */
const char *
hub_file_mime(struct at_pool *pool, const char *path)
{
	static magic_t	 cookie;
	static int	 failed;
	const char	*m;

	if (cookie == NULL && !failed) {
		/* Once per process, in the worker that first needs it. */
		if ((cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) ==
		    NULL || magic_load(cookie, NULL) != 0) {
			log_warn("%s: libmagic: %s", __func__, cookie != NULL ?
			    magic_error(cookie) : "cannot open");
			if (cookie != NULL)
				magic_close(cookie);
			cookie = NULL;
			failed = 1;
		}
	}
	if (cookie == NULL)
		return NULL;
	if ((m = magic_file(cookie, path)) == NULL) {
		log_warn("%s: %s: %s", __func__, path, magic_error(cookie));
		return NULL;
	}
	return at_pstrdup(pool, m);
}

/* See hub/files.h. */
int
hub_file_category_ok(const char *s)
{
	return hub_one_of(s, file_categories);
}

/* See hub/files.h. */
const char *
hub_file_size(struct at_pool *pool, long long n)
{
	if (n < 1024)
		return at_pprintf(pool, "%lld bytes", n);
	if (n < 1024 * 1024)
		return at_pprintf(pool, "%.1f KB", n / 1024.0);
	if (n < 1024LL * 1024 * 1024)
		return at_pprintf(pool, "%.1f MB", n / (1024.0 * 1024));
	return at_pprintf(pool, "%.1f GB", n / (1024.0 * 1024 * 1024));
}

/* Validator: a category, empty meaning "other". */
static const char *
file_v_category(struct at_pool *pool, const char **v)
{
	(void)pool;
	if (**v == '\0') {
		*v = "other";
		return NULL;
	}
	return hub_file_category_ok(*v) ? NULL : "Choose a category.";
}

/* <storage>/files/<client> in the pool; created (0700) when make is set. */
static char *
file_dir(struct at_req *req, long long client, int make)
{
	char	*top, *dir;

	top = at_pprintf(req->pool, "%s/files", req->site->storage);
	dir = at_pprintf(req->pool, "%s/%lld", top, client);
	if (make && ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST))) {
		log_warn("%s: %s: %s", __func__, dir, strerror(errno));
		return NULL;
	}
	return dir;
}

/* SHA-256 of the file at path as hex into out[65]; 0 or -1. */
static int
file_sha256(const char *path, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char	 h[crypto_hash_sha256_BYTES], buf[65536];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
	close(fd);
	if (n < 0)
		return -1;
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

/* What an upload becomes (file_store's arguments and results). */
struct file_in {
	long long	 client;
	long long	 project;
	long long	 file;		/* 0: a new document */
	const char	*name;		/* display name, NULL: the sent one */
	const char	*category;
	int		 visible;
	const char	*note;
	/* Out. */
	long long	 id;
	int		 version;
	const char	*err;		/* for the form's "file" field */
};

/*
 * Stores the upload in field "file" as in describes: checks it, records
 * it and renames it into place in one transaction (see the top of the
 * file).  Returns 0, 1 when the upload was refused (in->err says why,
 * nothing was stored), -1 on trouble (logged).
 */
static int
file_store(struct at_req *req, struct file_in *in)
{
	const struct at_param *up;
	struct at_rows	*r;
	const char	*mime, *name, *dir, *dest, *stored;
	char		 sha[65];
	long long	 used, quota = req->site->client_quota;
	int		 version;

	up = at_upload(req, "file");
	if (up == NULL || up->tmppath == NULL) {
		in->err = "Choose a file to upload.";
		return 1;
	}
	if (up->size == 0) {
		in->err = "The file is empty.";
		return 1;
	}
	name = hub_file_name(req->pool, in->name != NULL && *in->name !=
	    '\0' ? in->name : up->filename);
	if ((mime = hub_file_mime(req->pool, up->tmppath)) == NULL)
		return -1;
	if ((in->err = hub_file_type_check(req->pool, mime, &name)) != NULL)
		return 1;
	if (strlen(name) > HUB_FILE_NAME_MAX + 6)
		name = hub_file_name(req->pool, name);
	if (file_sha256(up->tmppath, sha) == -1) {
		log_warn("%s: %s: %s", __func__, up->tmppath, strerror(errno));
		return -1;
	}
	if (!hub_file_category_ok(in->category))
		in->category = "other";
	if ((dir = file_dir(req, in->client, 1)) == NULL)
		return -1;
	stored = at_token(req->pool, 24);
	dest = at_pprintf(req->pool, "%s/%s", dir, stored);

	if (at_db_begin(req->db) == -1)
		return -1;
	/*
	 * One upload at a time per client, so the quota holds: the lock
	 * first, then the sum, read after the lock is ours so it counts
	 * what a concurrent upload committed meanwhile.
	 */
	r = at_db_select(req->db, req->pool, "SELECT id FROM clients WHERE "
	    "id = ? FOR UPDATE", "I", in->client);
	if (r == NULL || r->n != 1)
		goto fail;
	r = at_db_select(req->db, req->pool, "SELECT COALESCE(SUM(size), 0) "
	    "AS used FROM file_versions WHERE client_id = ?", "I", in->client);
	if (r == NULL || r->n != 1)
		goto fail;
	used = at_row_int(r, 0, "used", 0);
	if (quota > 0 && used + (long long)up->size > quota) {
		at_db_rollback(req->db);
		in->err = at_pprintf(req->pool, "There is not enough room for "
		    "this file: it needs %s and %s of the %s storage is "
		    "left. Remove old versions or ask us for more room.",
		    hub_file_size(req->pool, (long long)up->size),
		    hub_file_size(req->pool, quota > used ? quota - used : 0),
		    hub_file_size(req->pool, quota));
		return 1;
	}
	if (in->file == 0) {
		version = 1;
		if (at_db_exec(req->db, "INSERT INTO files (client_id, "
		    "project_id, name, category, visible, version, created_by, "
		    "created_at, updated_at, shared_at) VALUES (?, ?, ?, ?, ?, "
		    "1, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), IF(? = 1, "
		    "UTC_TIMESTAMP(), NULL))", "IIssiIi", in->client,
		    in->project, name, in->category, in->visible,
		    req->user->id, in->visible) == -1)
			goto fail;
		in->id = at_db_insert_id(req->db);
	} else {
		r = at_db_select(req->db, req->pool, "SELECT version FROM "
		    "files WHERE id = ? AND client_id = ? FOR UPDATE", "II",
		    in->file, in->client);
		if (r == NULL || r->n != 1)
			goto fail;
		version = (int)at_row_int(r, 0, "version", 0) + 1;
		if (at_db_exec(req->db, "UPDATE files SET version = ?, "
		    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "iI", version,
		    in->file) == -1)
			goto fail;
		in->id = in->file;
	}
	if (at_db_exec(req->db, "INSERT INTO file_versions (file_id, "
	    "client_id, version, stored, name, mime, size, sha256, note, "
	    "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP())", "IIisssIssI", in->id, in->client, version,
	    stored, name, mime, (long long)up->size, sha, in->note != NULL ?
	    in->note : "", req->user->id) == -1)
		goto fail;
	if (rename(up->tmppath, dest) == -1) {
		log_warn("%s: rename %s to %s: %s", __func__, up->tmppath,
		    dest, strerror(errno));
		goto fail;
	}
	if (at_db_commit(req->db) == -1) {
		unlink(dest);
		return -1;
	}
	in->version = version;
	in->name = name;
	return 0;
fail:
	at_db_rollback(req->db);
	return -1;
}

/* Adds <size-text> beside each row's size column under the items. */
static void
file_sizes(struct at_req *req, xmlNodePtr list, const struct at_rows *r)
{
	xmlNodePtr	 n;
	size_t		 i;

	for (i = 0, n = list->children; n != NULL && i < r->n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		at_x(n, "size_text", hub_file_size(req->pool,
		    at_row_int(r, i, "size", 0)));
		at_x(n, "when", at_time_local(req->pool,
		    at_row(r, i, "updated_at") != NULL ? at_row(r, i,
		    "updated_at") : at_row(r, i, "uploaded_at")));
		i++;
	}
}

/* The category query parameter if it is one, else "". */
static const char *
file_cat_param(struct at_req *req)
{
	const char	*c = at_query(req, "category");

	return hub_file_category_ok(c) ? c : "";
}

/* A positive id from query parameter name, else 0. */
static long long
file_qid(struct at_req *req, const char *name)
{
	long long	 n;

	if (at_strtoll(at_query(req, name), &n) == -1 || n <= 0)
		return 0;
	return n;
}

/* Adds <filter q category project/> for the list's search form. */
static void
file_filter(struct at_req *req, xmlNodePtr c)
{
	xmlNodePtr	 f;

	f = at_x(c, "filter", NULL);
	at_xa(f, "q", at_query(req, "q"));
	at_xa(f, "category", file_cat_param(req));
	at_xaf(f, "project", "%lld", file_qid(req, "project"));
	at_xaf(f, "client", "%lld", file_qid(req, "client"));
	at_xa(f, "view", at_query(req, "view"));
}

/*
 * The project page's "Files" section: <files project="ID"><file> id,
 * name, category, version,
 * size, size_text, mime, updated_at, when, visible (staff) </file>.
 */
static int
file_section(struct at_req *req, xmlNodePtr parent, long long project)
{
	struct at_rows	*r;
	xmlNodePtr	 s;

	if (at_is_staff(req))
		r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
		    "f.category, f.version, f.visible, f.updated_at, v.size, "
		    "v.mime, fp.state AS preview FROM files f JOIN "
		    "file_versions v ON v.file_id = f.id AND v.version = "
		    "f.version LEFT JOIN file_previews fp ON fp.version_id = "
		    "v.id WHERE f.project_id = ? "
		    "ORDER BY f.updated_at DESC, f.id DESC LIMIT ?", "Ii",
		    project, FILES_LIST_MAX);
	else
		r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
		    "f.category, f.version, f.updated_at, v.size, v.mime, "
		    "fp.state AS preview FROM files f JOIN file_versions v ON "
		    "v.file_id = f.id AND v.version = f.version LEFT JOIN "
		    "file_previews fp ON fp.version_id = v.id WHERE "
		    "f.project_id = ? AND "
		    "f.client_id = ? AND f.visible = 1 ORDER BY f.updated_at "
		    "DESC, f.id DESC LIMIT ?", "IIi", project,
		    at_client_scope(req), FILES_LIST_MAX);
	if (r == NULL)
		return -1;
	s = at_x_rows(parent, "files", "file", r);
	at_xaf(s, "project", "%lld", project);
	file_sizes(req, s, r);
	return 0;
}

/*
 * GET /files (contact): the client's shared files in shared projects,
 * newest first.  Query: q (part of the name), category, project.  Adds
 * <filter/>, <files><file>...</file></files>, <projects><project id
 * name/></projects> for the upload form, <form name="upload">.
 */
static int
h_files(struct at_req *req)
{
	struct at_rows	*r, *p;
	xmlNodePtr	 c, s;
	const char	*q = hub_like(req->pool, at_query(req, "q"));
	const char	*cat = file_cat_param(req);
	long long	 proj = file_qid(req, "project");

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version, f.updated_at, v.size, v.mime, "
	    "p.id AS project_id, p.name AS project, fp.state AS preview, "
	    HUB_CHANGED("COALESCE(f.shared_at, f.created_at)", "f.updated_at")
	    " FROM files f "
	    "JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1 JOIN file_versions v ON "
	    "v.file_id = f.id AND v.version = f.version LEFT JOIN "
	    "file_previews fp ON fp.version_id = v.id" HUB_SEEN_JOIN
	    "WHERE f.client_id = ? "
	    "AND f.visible = 1 AND (? = '' OR f.name LIKE CONCAT('%', ?, "
	    "'%')) AND (? = '' OR f.category = ?) AND (? = 0 OR "
	    "f.project_id = ?) ORDER BY f.updated_at DESC, f.id DESC LIMIT ?",
	    "sIsIssssIIi", hub_seen_base(req), req->user->id, "files",
	    at_client_scope(req), q, q, cat, cat, proj, proj, FILES_LIST_MAX);
	if (r == NULL)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT id, name FROM projects "
	    "WHERE client_id = ? AND visible = 1 ORDER BY name", "I",
	    at_client_scope(req));
	if (p == NULL || hub_seen_mark(req, "files") == -1)
		return 500;
	at_page_id(req, "files");
	at_page_title(req, "Files");
	c = at_page_content(req);
	file_filter(req, c);
	s = at_x_rows(c, "files", "file", r);
	file_sizes(req, s, r);
	at_x_rows(c, "projects", "project", p);
	at_x_form(req, c, "upload");
	return 200;
}

/*
 * Adds <file> (the document, from row 0) and <versions><version> (every
 * row, newest first) for the file pages.
 */
static void
file_detail(struct at_req *req, xmlNodePtr c, const struct at_rows *r)
{
	static const char *const fcols[] = { "id", "name", "category",
	    "current", "visible", "project_id", "project", "client_id",
	    "client", "created_at", "shared_at", NULL };
	static const char *const vcols[] = { "version", "vname", "mime",
	    "size", "uploaded_at", "note", "uploaded_by", "sha256", "preview",
	    NULL };
	xmlNodePtr	 f, vs, v;
	size_t		 i, k;
	const char	*val;

	f = at_x(c, "file", NULL);
	for (k = 0; fcols[k] != NULL; k++)
		if ((val = at_row(r, 0, fcols[k])) != NULL)
			at_x(f, fcols[k], val);
	vs = at_x(c, "versions", NULL);
	for (i = 0; i < r->n; i++) {
		v = at_x(vs, "version", NULL);
		for (k = 0; vcols[k] != NULL; k++)
			if ((val = at_row(r, i, vcols[k])) != NULL)
				at_x(v, vcols[k], val);
		at_x(v, "size_text", hub_file_size(req->pool,
		    at_row_int(r, i, "size", 0)));
		at_x(v, "when", at_time_local(req->pool,
		    at_row(r, i, "uploaded_at")));
	}
}

/*
 * The file id and its versions as the caller may see them: contacts only
 * a shared file of their own client in a shared project.  NULL on a
 * database error; no rows when not found or not allowed.
 */
static struct at_rows *
file_get(struct at_req *req, long long id)
{
	if (at_is_staff(req))
		return at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
		    "f.category, f.version AS current, f.visible, "
		    "f.project_id, p.name AS project, f.client_id, c.name AS "
		    "client, f.created_at, f.shared_at, v.version, v.name AS "
		    "vname, v.mime, v.size, v.uploaded_at, v.note, v.sha256, "
		    "u.name AS uploaded_by, fp.state AS preview FROM files f "
		    "JOIN clients c ON c.id = f.client_id LEFT JOIN projects p "
		    "ON p.id = f.project_id JOIN file_versions v ON v.file_id = "
		    "f.id LEFT JOIN file_previews fp ON fp.version_id = v.id "
		    "LEFT JOIN users u ON u.id = v.uploaded_by WHERE f.id = ? "
		    "ORDER BY v.version DESC", "I", id);
	return at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version AS current, f.project_id, p.name AS "
	    "project, f.created_at, v.version, v.name AS vname, v.mime, "
	    "v.size, v.uploaded_at, v.note, u.name AS uploaded_by, fp.state "
	    "AS preview FROM files f "
	    "JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1 JOIN file_versions v ON "
	    "v.file_id = f.id LEFT JOIN file_previews fp ON fp.version_id = "
	    "v.id LEFT JOIN users u ON u.id = v.uploaded_by "
	    "WHERE f.id = ? AND f.client_id = ? AND f.visible = 1 "
	    "ORDER BY v.version DESC", "II", id, at_client_scope(req));
}

/*
 * GET /files/:id (contact), GET /staff/files/:id (staff): one file with
 * every version and the comments the caller may see; staff also get the
 * forms to share, rename and add a version.  Adds <file>, <versions>,
 * <comments>, <form name="file">.  The view is logged.
 */
static int
h_file(struct at_req *req)
{
	struct at_rows	*r;
	xmlNodePtr	 c;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req);

	if (id <= 0)
		return 404;
	if ((r = file_get(req, id)) == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	at_page_id(req, staff ? "staff-file" : "file");
	at_page_title(req, at_row(r, 0, "name"));
	c = at_page_content(req);
	file_detail(req, c, r);
	if (hub_comments_list(req, c, "file", id) == -1)
		return 500;
	at_x_form(req, c, "file");
	client = staff ? at_row_int(r, 0, "client_id", 0) :
	    at_client_scope(req);
	at_activity(req, client, "view", "file", id, at_pprintf(req->pool,
	    "%s viewed %s", req->user->name, at_row(r, 0, "name")), 0);
	return 200;
}

/*
 * GET /files/:id/download, /files/:id/versions/:v/download (contact) and
 * the same under /staff (staff): the current or the given version as an
 * attachment, with the type libmagic found.  Contacts only reach a shared
 * file of their own client in a shared project; anything else is 404.
 * The download is logged (visible to the client when a contact of theirs
 * downloaded a shared file).
 */
static int
h_file_download(struct at_req *req)
{
	struct at_rows	*r;
	const char	*varg = at_arg(req, "v"), *dir, *name;
	long long	 id = at_arg_id(req, "id"), v = 0, client;
	int		 staff = at_is_staff(req);

	if (id <= 0)
		return 404;
	if (varg != NULL && ((v = at_arg_id(req, "v")) <= 0 || v > 1000000))
		return 404;
	if (staff)
		r = at_db_select(req->db, req->pool, "SELECT f.client_id, "
		    "f.name AS fname, f.visible, v.version, v.stored, v.mime, "
		    "v.name FROM files f JOIN file_versions v ON v.file_id = "
		    "f.id AND v.version = IF(? = 0, f.version, ?) WHERE "
		    "f.id = ?", "III", v, v, id);
	else
		r = at_db_select(req->db, req->pool, "SELECT f.client_id, "
		    "f.name AS fname, f.visible, v.version, v.stored, v.mime, "
		    "v.name FROM files f JOIN projects p ON p.id = "
		    "f.project_id AND p.client_id = f.client_id AND "
		    "p.visible = 1 JOIN file_versions v ON v.file_id = f.id "
		    "AND v.version = IF(? = 0, f.version, ?) WHERE f.id = ? "
		    "AND f.client_id = ? AND f.visible = 1", "IIII", v, v, id,
		    at_client_scope(req));
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	client = at_row_int(r, 0, "client_id", 0);
	if ((dir = file_dir(req, client, 0)) == NULL)
		return 500;
	name = v == 0 ? at_row(r, 0, "fname") : at_row(r, 0, "name");
	at_activity(req, client, "download", "file", id, at_pprintf(req->pool,
	    "%s downloaded %s (version %s)", req->user->name, name,
	    at_row(r, 0, "version")), !staff &&
	    at_row_int(r, 0, "visible", 0) == 1);
	return at_send_file(req, at_pprintf(req->pool, "%s/%s", dir,
	    at_row(r, 0, "stored")), at_row(r, 0, "mime"), name);
}

/*
 * POST /files (contact): fields file, project, category.  Stores the
 * upload in a project the contact can see, shared with the client at
 * once.  On a refusal the page comes back with the reason on the form.
 */
static int
h_files_upload(struct at_req *req)
{
	struct file_in	 in;
	struct at_rows	*p = NULL;
	long long	 proj = 0;
	int		 rc;

	memset(&in, 0, sizeof(in));
	if (at_strtoll(at_form(req, "project"), &proj) == 0 && proj > 0 &&
	    (p = hub_project_get(req, proj)) == NULL && at_db_gone(req->db))
		return 503;
	if (p == NULL || p->n == 0)
		at_form_error(req, "project", "Choose one of your projects.");
	if (at_form_errors(req) > 0)
		return h_files(req);
	in.client = at_client_scope(req);
	in.project = proj;
	in.category = at_form(req, "category");
	in.visible = 1;
	if ((rc = file_store(req, &in)) == -1)
		return 500;
	if (rc == 1) {
		at_form_error(req, "file", in.err);
		at_flash(req, "error", in.err);
		return h_files(req);
	}
	at_activity(req, in.client, "upload", "file", in.id,
	    at_pprintf(req->pool, "%s uploaded %s", req->user->name, in.name),
	    1);
	at_flash(req, "ok", "File uploaded.");
	return at_redirect(req, at_pprintf(req->pool, "/files/%lld", in.id));
}

/*
 * POST /files/:id/comments (contact), /staff/files/:id/comments (staff):
 * fields body, visible (staff).  A comment on a file the caller may see.
 */
static int
h_file_comment(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id"), client;
	int		 staff = at_is_staff(req);

	if (id <= 0)
		return 404;
	if ((r = file_get(req, id)) == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	client = staff ? at_row_int(r, 0, "client_id", 0) :
	    at_client_scope(req);
	if (hub_comments_add(req, "file", id, client, staff ?
	    (int)at_row_int(r, 0, "visible", 0) : 1,
	    at_row(r, 0, "name")) == -1)
		return 500;
	return at_redirect(req, at_pprintf(req->pool, "%s/files/%lld#comments",
	    staff ? "/staff" : "", id));
}

/*
 * GET /staff/files (staff): every file, newest first.  Query: q,
 * category, client, project.  Adds <filter/>, <files> (with client and
 * visible), <projects><project id name client/> for the upload form,
 * <clients>, <form name="upload">.
 */
static int
h_staff_files(struct at_req *req)
{
	struct at_rows	*r, *p, *cl;
	xmlNodePtr	 c, s;
	const char	*q = hub_like(req->pool, at_query(req, "q"));
	const char	*cat = file_cat_param(req);
	long long	 proj = file_qid(req, "project");
	long long	 client = file_qid(req, "client");

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version, f.visible, f.updated_at, v.size, v.mime, "
	    "f.project_id, p.name AS project, f.client_id, c.name AS client, "
	    "fp.state AS preview, " HUB_CHANGED("f.created_at", "f.updated_at")
	    " FROM files f JOIN clients c ON c.id = f.client_id "
	    "LEFT JOIN projects p ON p.id = f.project_id "
	    "JOIN file_versions v ON v.file_id = f.id AND v.version = "
	    "f.version LEFT JOIN file_previews fp ON fp.version_id = v.id"
	    HUB_SEEN_JOIN "WHERE (? = '' OR f.name LIKE CONCAT('%', ?, '%')) "
	    "AND (? = '' OR f.category = ?) AND (? = 0 OR f.project_id = ?) "
	    "AND (? = 0 OR f.client_id = ?) ORDER BY f.updated_at DESC, f.id "
	    "DESC LIMIT ?", "sIsssssIIIIi", hub_seen_base(req), req->user->id,
	    "files", q, q, cat, cat, proj, proj, client, client,
	    FILES_LIST_MAX);
	if (r == NULL)
		return 500;
	p = at_db_select(req->db, req->pool, "SELECT p.id, p.name, c.name AS "
	    "client FROM projects p JOIN clients c ON c.id = p.client_id "
	    "ORDER BY c.name, p.name", "");
	cl = at_db_select(req->db, req->pool, "SELECT id, name FROM clients "
	    "ORDER BY name", "");
	if (p == NULL || cl == NULL || hub_seen_mark(req, "files") == -1)
		return 500;
	at_page_id(req, "staff-files");
	at_page_title(req, "Files");
	c = at_page_content(req);
	file_filter(req, c);
	s = at_x_rows(c, "files", "file", r);
	file_sizes(req, s, r);
	at_x_rows(c, "projects", "project", p);
	at_x_rows(c, "clients", "client", cl);
	at_x_form(req, c, "upload");
	return 200;
}

/* The project id field of a staff form, checked to exist: its client. */
static long long
file_staff_project(struct at_req *req, long long *client)
{
	struct at_rows	*p;
	long long	 proj;

	if (at_strtoll(at_form(req, "project"), &proj) == -1 || proj <= 0)
		return 0;
	if ((p = hub_project_get(req, proj)) == NULL || p->n == 0)
		return 0;
	*client = at_row_int(p, 0, "client_id", 0);
	return proj;
}

/*
 * POST /staff/files (staff): fields file, project, category, name
 * (optional display name), visible.  A new document, internal unless
 * visible is ticked.
 */
static int
h_staff_upload(struct at_req *req)
{
	struct file_in	 in;
	int		 rc;

	memset(&in, 0, sizeof(in));
	if ((in.project = file_staff_project(req, &in.client)) == 0) {
		if (at_db_gone(req->db))
			return 503;
		at_form_error(req, "project", "Choose a project.");
	}
	if (at_form_errors(req) > 0)
		return h_staff_files(req);
	in.category = at_form(req, "category");
	in.name = at_form(req, "name");
	in.visible = hub_ticked(req, "visible");
	if ((rc = file_store(req, &in)) == -1)
		return 500;
	if (rc == 1) {
		at_form_error(req, "file", in.err);
		at_flash(req, "error", in.err);
		return h_staff_files(req);
	}
	at_activity(req, in.client, "upload", "file", in.id,
	    at_pprintf(req->pool, "%s uploaded %s", req->user->name, in.name),
	    in.visible);
	at_flash(req, "ok", in.visible ? "File uploaded and shared." :
	    "File uploaded (internal until you share it).");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    in.id));
}

/*
 * POST /staff/files/:id/versions (staff): fields file, note.  Adds a new
 * version of the document; the earlier ones stay.
 */
static int
h_staff_version(struct at_req *req)
{
	struct file_in	 in;
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	int		 rc;

	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT client_id, project_id, "
	    "name, visible FROM files WHERE id = ?", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	if (at_form_errors(req) > 0)
		return h_file(req);
	memset(&in, 0, sizeof(in));
	in.client = at_row_int(r, 0, "client_id", 0);
	in.project = at_row_int(r, 0, "project_id", 0);
	in.file = id;
	in.note = at_form(req, "note");
	if ((rc = file_store(req, &in)) == -1)
		return 500;
	if (rc == 1) {
		at_form_error(req, "file", in.err);
		at_flash(req, "error", in.err);
		return h_file(req);
	}
	at_activity(req, in.client, "version", "file", id,
	    at_pprintf(req->pool, "%s added version %d of %s",
	    req->user->name, in.version, at_row(r, 0, "name")),
	    at_row_int(r, 0, "visible", 0) == 1);
	at_flash(req, "ok", "New version added.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    id));
}

/*
 * POST /staff/files/:id (staff): fields name, category.  Renames or
 * files the document elsewhere.
 */
static int
h_staff_file_edit(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	const char	*name;

	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT client_id, visible FROM "
	    "files WHERE id = ?", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	if (at_form_errors(req) > 0)
		return h_file(req);
	name = hub_file_name(req->pool, at_form(req, "name"));
	if (at_db_exec(req->db, "UPDATE files SET name = ?, category = ? "
	    "WHERE id = ?", "ssI", name, at_form(req, "category"), id) == -1)
		return 500;
	at_activity(req, at_row_int(r, 0, "client_id", 0), "edit", "file", id,
	    at_pprintf(req->pool, "%s renamed a file to %s", req->user->name,
	    name), at_row_int(r, 0, "visible", 0) == 1);
	at_flash(req, "ok", "Saved.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    id));
}

/*
 * POST /staff/files/:id/share (staff): field visible.  Shares the file
 * with its client (1) or takes it back (0).
 */
static int
h_staff_file_share(struct at_req *req)
{
	struct at_rows	*r;
	long long	 id = at_arg_id(req, "id");
	int		 on;

	if (id <= 0)
		return 404;
	r = at_db_select(req->db, req->pool, "SELECT client_id, name FROM "
	    "files WHERE id = ?", "I", id);
	if (r == NULL)
		return 500;
	if (r->n == 0)
		return 404;
	on = hub_ticked(req, "visible");
	if (at_db_exec(req->db, "UPDATE files SET visible = ?, shared_at = "
	    "IF(? = 1, UTC_TIMESTAMP(), shared_at) WHERE id = ?", "iiI", on,
	    on, id) == -1)
		return 500;
	at_activity(req, at_row_int(r, 0, "client_id", 0), on ? "share" :
	    "unshare", "file", id, at_pprintf(req->pool, "%s %s %s",
	    req->user->name, on ? "shared" : "stopped sharing",
	    at_row(r, 0, "name")), on);
	at_flash(req, "ok", on ? "Shared with the client." :
	    "No longer shared with the client.");
	return at_redirect(req, at_pprintf(req->pool, "/staff/files/%lld",
	    id));
}

static const struct at_field f_upload[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_staff_upload[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "project", at_v_id, AT_F_REQUIRED, 20, "Project" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ "name", at_v_line, 0, 255, "Name" },
	{ "visible", at_v_bool, 0, 0, "Share with the client" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_version[] = {
	{ "file", NULL, AT_F_FILE | AT_F_REQUIRED, 0, "File" },
	{ "note", at_v_line, 0, 500, "What changed" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_edit[] = {
	{ "name", at_v_line, AT_F_REQUIRED, 255, "Name" },
	{ "category", file_v_category, 0, 32, "Category" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_field f_share[] = {
	{ "visible", at_v_bool, 0, 0, "Shared" },
	{ NULL, NULL, 0, 0, NULL }
};

static const struct at_route file_routes[] = {
	{ AT_GET, "/files", AT_CONTACT, h_files, NULL, NULL },
	{ AT_POST, "/files", AT_CONTACT, h_files_upload, f_upload, NULL },
	{ AT_GET, "/files/:id", AT_CONTACT, h_file, NULL, NULL },
	{ AT_GET, "/files/:id/download", AT_CONTACT, h_file_download, NULL,
	    NULL },
	{ AT_GET, "/files/:id/versions/:v/download", AT_CONTACT,
	    h_file_download, NULL, NULL },
	{ AT_POST, "/files/:id/comments", AT_CONTACT, h_file_comment,
	    hub_comment_fields, NULL },
	{ AT_GET, "/staff/files", AT_STAFF, h_staff_files, NULL, NULL },
	{ AT_POST, "/staff/files", AT_STAFF, h_staff_upload, f_staff_upload,
	    NULL },
	{ AT_GET, "/staff/files/:id", AT_STAFF, h_file, NULL, NULL },
	{ AT_POST, "/staff/files/:id", AT_STAFF, h_staff_file_edit, f_edit,
	    NULL },
	{ AT_GET, "/staff/files/:id/download", AT_STAFF, h_file_download,
	    NULL, NULL },
	{ AT_GET, "/staff/files/:id/versions/:v/download", AT_STAFF,
	    h_file_download, NULL, NULL },
	{ AT_POST, "/staff/files/:id/versions", AT_STAFF, h_staff_version,
	    f_version, NULL },
	{ AT_POST, "/staff/files/:id/share", AT_STAFF, h_staff_file_share,
	    f_share, NULL },
	{ AT_POST, "/staff/files/:id/comments", AT_STAFF, h_file_comment,
	    hub_comment_fields, NULL },
	{ 0, NULL, 0, NULL, NULL, NULL }
};

/* Search provider: files whose name matches (full text). */
static int
file_search(struct at_req *req, struct at_search_q *q)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name AS title, "
	    "f.category AS snippet, p.name AS project, p.id AS project_id, "
	    "f.visible AND p.visible AS visible, MATCH (f.name) AGAINST (? "
	    "IN BOOLEAN MODE) AS score FROM files f JOIN projects p ON p.id = "
	    "f.project_id AND p.client_id = f.client_id WHERE MATCH (f.name) "
	    "AGAINST (? IN BOOLEAN MODE) AND (? = 1 OR (f.client_id = ? AND "
	    "f.visible = 1 AND p.visible = 1)) ORDER BY score DESC, f.id DESC "
	    "LIMIT ?", "ssiIi", at_search_terms(q), at_search_terms(q),
	    at_is_staff(req), at_client_scope(req), at_search_limit(q));
	if (r == NULL)
		return -1;
	hub_search_rows(req, q, r, "/files/");
	return 0;
}

/* Activity entries about a file link to it. */
static void
file_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = hub_act_href(req, "/files/", e->object_id);
}

/*
 * The contact's "Shared files" card: how many files are shared with the
 * client, the three last changed.  One query.
 */
static int
file_dash(struct at_req *req, struct at_dash *d)
{
	struct at_rows	*r;
	xmlNodePtr	 ca, it;
	size_t		 i;

	r = at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "DATE(f.updated_at) AS d, COUNT(*) OVER () AS total, "
	    HUB_CHANGED("COALESCE(f.shared_at, f.created_at)", "f.updated_at")
	    " FROM files f "
	    "JOIN projects p ON p.id = f.project_id AND p.client_id = "
	    "f.client_id AND p.visible = 1" HUB_SEEN_JOIN "WHERE "
	    "f.client_id = ? AND f.visible = 1 ORDER BY f.updated_at DESC, "
	    "f.id DESC LIMIT 3", "sIsI", hub_seen_base(req), req->user->id,
	    "files", at_client_scope(req));
	if (r == NULL)
		return -1;
	ca = at_x(at_dash_cards(d), "card", NULL);
	at_xa(ca, "name", "files");
	at_xa(ca, "title", "Shared files");
	at_xa(ca, "href", "/files");
	at_xa(ca, "empty", "No files shared yet.");
	at_x(ca, "count", r->n > 0 ? at_row(r, 0, "total") : "0");
	for (i = 0; i < r->n; i++) {
		it = at_x(ca, "item", at_row(r, i, "name"));
		at_xaf(it, "href", "/files/%s", at_row(r, i, "id"));
		at_xa(it, "when", at_row(r, i, "d"));
		if (*at_row(r, i, "changed") != '\0')
			at_xa(it, "changed", at_row(r, i, "changed"));
	}
	return 0;
}

static const struct at_section file_sec = {
	AT_EXT_SIZE(at_section), "files", AT_CONTACT | AT_STAFF, 20,
	file_section
};
static const struct at_search_provider file_find = {
	AT_EXT_SIZE(at_search_provider), "file", "File",
	AT_CONTACT | AT_STAFF, file_search
};
static const struct at_act_kind file_actk = {
	AT_EXT_SIZE(at_act_kind), "file", file_act
};
static const struct at_dash_part file_dash_part = {
	AT_EXT_SIZE(at_dash_part), "files", AT_CONTACT, 40, file_dash
};

/* Registers the file pages and their navigation items. */
static int
file_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_routes(reg, file_routes);
	at_reg_section(reg, &file_sec);
	at_reg_search(reg, &file_find);
	at_reg_activity(reg, &file_actk);
	at_reg_dash(reg, &file_dash_part);
	at_reg_nav(reg, AT_CONTACT, "Files", "/files", 40);
	at_reg_nav(reg, AT_STAFF, "Files", "/staff/files", 40);
	return 0;
}

const struct at_plugin at_mod_files = {
	AT_PLUGIN_HEAD,
	.name = "files",
	.version = PACKAGE_VERSION,
	.summary = "Files with versions, shared when ready",
	.init = file_init,
};
