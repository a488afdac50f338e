/*
 * The file store (include/atrium/files.h): uploads attached to any item,
 * with a content type check, the client's quota, versions, access-checked
 * downloads and deletion.  Tables: files and file_versions (the hub's
 * schema, 021_files.sql and 024_file_items.sql); bytes under
 * <storage>/files/<client>/<generated name>.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>
#include <sodium.h>

#include "core.h"
#include <atrium/files.h>

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

/* See include/atrium/files.h. */
char *
at_file_name(struct at_pool *pool, const char *raw)
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
	if (strlen(out) <= AT_FILE_NAME_MAX)
		return out;
	/* Too long: shorten the stem, keep a short extension. */
	dot = strrchr(out, '.');
	extlen = dot != NULL && strlen(dot) <= 16 ? strlen(dot) : 0;
	keep = at_utf8_fit(out, AT_FILE_NAME_MAX - extlen);
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

/* See include/atrium/files.h. */
const char *
at_file_type_check(struct at_pool *pool, const char *mime,
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

/* See include/atrium/files.h. */
const char *
at_file_mime(struct at_pool *pool, const char *path)
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


/* See include/atrium/files.h. */
const char *
at_file_size_text(struct at_pool *pool, long long n)
{
	if (n < 1024)
		return at_pprintf(pool, "%lld bytes", n);
	if (n < 1024 * 1024)
		return at_pprintf(pool, "%.1f KB", n / 1024.0);
	if (n < 1024LL * 1024 * 1024)
		return at_pprintf(pool, "%.1f MB", n / (1024.0 * 1024));
	return at_pprintf(pool, "%.1f GB", n / (1024.0 * 1024 * 1024));
}

/* Whether s is an item type: [a-z0-9_.-], 1 to AT_FILE_TYPE_MAX bytes. */
static int
file_type_ok(const char *s)
{
	size_t	 n;

	if (s == NULL || *s == '\0' || strlen(s) > AT_FILE_TYPE_MAX)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_' || s[n] == '.' || s[n] == '-'))
			return 0;
	return 1;
}

/* Whether s is a category of the files table (NULL: no). */
static int
file_category_ok(const char *s)
{
	static const char *const cats[] = { "contracts", "deliverables",
	    "reports", "other", NULL };
	size_t	 i;

	for (i = 0; s != NULL && cats[i] != NULL; i++)
		if (strcmp(cats[i], s) == 0)
			return 1;
	return 0;
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

/* The signed-in user's id, 0 for none. */
static long long
file_uid(const struct at_req *req)
{
	return req->user != NULL ? req->user->id : 0;
}

/* The signed-in user's name for activity sentences. */
static const char *
file_who(const struct at_req *req)
{
	return req->user != NULL ? req->user->name : "Someone";
}

/*
 * The checks an upload passes before anything is written: *mime, *name
 * and sha[] filled.  0, 1 refused (put->err set), -1 on trouble.
 */
static int
file_check(struct at_req *req, struct at_file_put *put,
    const struct at_param *up, const char **mime, const char **name,
    char sha[65])
{
	long long	 quota_room;

	if (up == NULL || up->tmppath == NULL || *up->tmppath == '\0') {
		put->err = "Choose a file to upload.";
		return 1;
	}
	if (up->size == 0) {
		put->err = "The file is empty.";
		return 1;
	}
	quota_room = put->max_bytes;
	if (quota_room > 0 && (long long)up->size > quota_room) {
		put->err = at_pprintf(req->pool, "The file is too large: it "
		    "has %s and at most %s may be uploaded here.",
		    at_file_size_text(req->pool, (long long)up->size),
		    at_file_size_text(req->pool, quota_room));
		return 1;
	}
	*name = at_file_name(req->pool, put->name != NULL && *put->name !=
	    '\0' ? put->name : up->filename);
	if ((*mime = at_file_mime(req->pool, up->tmppath)) == NULL)
		return -1;
	if ((put->err = at_file_type_check(req->pool, *mime, name)) != NULL)
		return 1;
	if (strlen(*name) > AT_FILE_NAME_MAX + 6)
		*name = at_file_name(req->pool, *name);
	if (file_sha256(up->tmppath, sha) == -1) {
		log_warn("%s: %s: %s", __func__, up->tmppath, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Inside the caller's transaction, with the client's row locked: whether
 * size more bytes fit in the client's quota.  0, 1 (put->err set), -1.
 */
static int
file_quota(struct at_req *req, struct at_file_put *put, long long size)
{
	struct at_rows	*r;
	long long	 used, quota = req->site->client_quota;

	/*
	 * One upload at a time per client, so the quota holds: the lock
	 * first, then the sum, read after the lock is ours so it counts
	 * what a concurrent upload committed meanwhile.
	 */
	r = at_db_select(req->db, req->pool, "SELECT id FROM clients WHERE "
	    "id = ? FOR UPDATE", "I", put->client);
	if (r == NULL)
		return -1;
	if (r->n != 1) {
		put->err = "This client no longer exists.";
		return 1;
	}
	r = at_db_select(req->db, req->pool, "SELECT COALESCE(SUM(size), 0) "
	    "AS used FROM file_versions WHERE client_id = ?", "I",
	    put->client);
	if (r == NULL || r->n != 1)
		return -1;
	used = at_row_int(r, 0, "used", 0);
	if (quota > 0 && used + size > quota) {
		put->err = at_pprintf(req->pool, "There is not enough room for "
		    "this file: it needs %s and %s of the %s storage is "
		    "left. Remove old versions or ask us for more room.",
		    at_file_size_text(req->pool, size),
		    at_file_size_text(req->pool, quota > used ? quota - used :
		    0), at_file_size_text(req->pool, quota));
		return 1;
	}
	return 0;
}

/* See include/atrium/files.h. */
int
at_file_put(struct at_req *req, struct at_file_put *put)
{
	const struct at_param *up;
	struct at_rows	*r;
	const char	*mime = NULL, *name = NULL, *dir, *dest, *stored;
	const char	*title;
	char		 sha[65];
	int		 version, visible, rc;

	if (put->size < sizeof(*put) || put->client <= 0 ||
	    !file_type_ok(put->item_type) || put->item_id < 0) {
		log_warn("%s: bad request (size %zu, client %lld, item %s)",
		    __func__, put->size, put->client, put->item_type != NULL ?
		    put->item_type : "(null)");
		return -1;
	}
	put->err = NULL;
	up = at_upload(req, put->field != NULL ? put->field : "file");
	if ((rc = file_check(req, put, up, &mime, &name, sha)) != 0)
		return rc;
	if (!file_category_ok(put->category))
		put->category = "other";
	if ((dir = file_dir(req, put->client, 1)) == NULL)
		return -1;
	stored = at_token(req->pool, 24);
	dest = at_pprintf(req->pool, "%s/%s", dir, stored);

	if (at_db_begin(req->db) == -1)
		return -1;
	if ((rc = file_quota(req, put, (long long)up->size)) != 0)
		goto out;
	rc = -1;
	if (put->file == 0) {
		version = 1;
		visible = put->visible ? 1 : 0;
		title = name;
		if (at_db_exec(req->db, "INSERT INTO files (client_id, "
		    "project_id, item_type, item_id, name, category, visible, "
		    "version, created_by, created_at, updated_at, shared_at) "
		    "VALUES (?, IF(? = 'project', ?, NULL), ?, ?, ?, ?, ?, 1, "
		    "NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP(), IF(? = 1, "
		    "UTC_TIMESTAMP(), NULL))", "IsIsIssiIi", put->client,
		    put->item_type, put->item_id, put->item_type, put->item_id,
		    name, put->category, visible, file_uid(req), visible) == -1)
			goto out;
		put->id = at_db_insert_id(req->db);
	} else {
		r = at_db_select(req->db, req->pool, "SELECT version, name, "
		    "visible FROM files WHERE id = ? AND client_id = ? AND "
		    "item_type = ? AND item_id = ? FOR UPDATE", "IIsI",
		    put->file, put->client, put->item_type, put->item_id);
		if (r == NULL)
			goto out;
		if (r->n != 1) {
			put->err = "This file no longer exists.";
			rc = 1;
			goto out;
		}
		version = (int)at_row_int(r, 0, "version", 0) + 1;
		visible = (int)at_row_int(r, 0, "visible", 0);
		title = at_row(r, 0, "name");
		if (at_db_exec(req->db, "UPDATE files SET version = ?, "
		    "updated_at = UTC_TIMESTAMP() WHERE id = ?", "iI", version,
		    put->file) == -1)
			goto out;
		put->id = put->file;
	}
	if (at_db_exec(req->db, "INSERT INTO file_versions (file_id, "
	    "client_id, version, stored, name, mime, size, sha256, note, "
	    "uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "NULLIF(?, 0), UTC_TIMESTAMP())", "IIisssIssI", put->id,
	    put->client, version, stored, name, mime, (long long)up->size, sha,
	    put->note != NULL ? put->note : "", file_uid(req)) == -1)
		goto out;
	if (rename(up->tmppath, dest) == -1) {
		log_warn("%s: rename %s to %s: %s", __func__, up->tmppath,
		    dest, strerror(errno));
		goto out;
	}
	if (at_db_commit(req->db) == -1) {
		unlink(dest);
		return -1;
	}
	put->version = version;
	put->stored_name = name;
	if (version == 1)
		at_activity(req, put->client, "upload", "file", put->id,
		    at_pprintf(req->pool, "%s uploaded %s", file_who(req),
		    name), visible);
	else
		at_activity(req, put->client, "version", "file", put->id,
		    at_pprintf(req->pool, "%s added version %d of %s",
		    file_who(req), version, title), visible);
	return 0;
out:
	at_db_rollback(req->db);
	return rc;
}

/* See include/atrium/files.h. */
int
at_file_get(struct at_req *req, long long id, int v, const char *item_type,
    struct at_file *f)
{
	struct at_rows	*r;
	const char	*dir;

	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	if (id <= 0 || v < 0)
		return 1;
	r = at_db_select(req->db, req->pool, "SELECT f.id, f.client_id, "
	    "f.item_type, f.item_id, f.name, f.category, f.visible, "
	    "f.version, v.version AS v, v.name AS vname, v.stored, v.mime, "
	    "v.size, v.sha256 FROM files f JOIN file_versions v ON "
	    "v.file_id = f.id AND v.version = IF(? = 0, f.version, ?) WHERE "
	    "f.id = ? AND (? = '' OR f.item_type = ?)", "iiIss", v, v, id,
	    item_type != NULL ? item_type : "", item_type != NULL ?
	    item_type : "");
	if (r == NULL)
		return -1;
	if (r->n != 1)
		return 1;
	f->id = at_row_int(r, 0, "id", 0);
	f->client = at_row_int(r, 0, "client_id", 0);
	f->item_type = at_row(r, 0, "item_type");
	f->item_id = at_row_int(r, 0, "item_id", 0);
	f->name = at_row(r, 0, "name");
	f->category = at_row(r, 0, "category");
	f->visible = (int)at_row_int(r, 0, "visible", 0);
	f->version = (int)at_row_int(r, 0, "version", 0);
	f->v = (int)at_row_int(r, 0, "v", 0);
	f->v_name = at_row(r, 0, "vname");
	f->mime = at_row(r, 0, "mime");
	f->bytes = at_row_int(r, 0, "size", 0);
	f->sha256 = at_row(r, 0, "sha256");
	if ((dir = file_dir(req, f->client, 0)) == NULL)
		return -1;
	f->path = at_pprintf(req->pool, "%s/%s", dir, at_row(r, 0, "stored"));
	return 0;
}

/* See include/atrium/files.h. */
int
at_file_shared_ok(struct at_req *req, const struct at_file *f, void *arg)
{
	(void)arg;
	if (at_is_staff(req))
		return 1;
	return req->user != NULL && f->visible == 1 && f->client > 0 &&
	    at_client_scope(req) == f->client;
}

/* See include/atrium/files.h. */
int
at_file_send(struct at_req *req, long long id, int v, const char *item_type,
    at_file_check_fn check, void *arg)
{
	struct at_file	 f;
	const char	*name;
	int		 rc;

	if ((rc = at_file_get(req, id, v, item_type, &f)) == -1)
		return 500;
	if (rc == 1)
		return 404;
	if (check == NULL)
		check = at_file_shared_ok;
	if (!check(req, &f, arg))
		return 404;
	name = v == 0 ? f.name : f.v_name;
	at_activity(req, f.client, "download", "file", f.id,
	    at_pprintf(req->pool, "%s downloaded %s (version %d)",
	    file_who(req), name, f.v), !at_is_staff(req) && f.visible == 1);
	return at_send_file(req, f.path, f.mime, name);
}

/* See include/atrium/files.h. */
struct at_rows *
at_file_list(struct at_req *req, const char *item_type, long long item_id,
    int shared_only, int limit)
{
	if (limit <= 0)
		limit = 200;
	return at_db_select(req->db, req->pool, "SELECT f.id, f.name, "
	    "f.category, f.version, f.visible, f.updated_at, v.size, v.mime, "
	    "f.client_id FROM files f JOIN file_versions v ON v.file_id = "
	    "f.id AND v.version = f.version WHERE f.item_type = ? AND "
	    "f.item_id = ? AND (? = 0 OR f.visible = 1) ORDER BY "
	    "f.updated_at DESC, f.id DESC LIMIT ?", "sIii", item_type,
	    item_id, shared_only ? 1 : 0, limit);
}

/* See include/atrium/files.h. */
struct at_rows *
at_file_versions(struct at_req *req, long long id)
{
	return at_db_select(req->db, req->pool, "SELECT v.id, v.version, v.name "
	    "AS vname, v.mime, v.size, v.uploaded_at, v.note, v.sha256, u.name "
	    "AS uploaded_by FROM file_versions v LEFT JOIN users u ON u.id = "
	    "v.uploaded_by WHERE v.file_id = ? ORDER BY v.version DESC", "I",
	    id);
}

/* See include/atrium/files.h. */
int
at_file_delete(struct at_req *req, long long id, const char *item_type)
{
	struct at_rows	*f, *v;
	const char	*dir;
	size_t		 i;

	if (at_db_begin(req->db) == -1)
		return -1;
	f = at_db_select(req->db, req->pool, "SELECT client_id, name, "
	    "visible FROM files WHERE id = ? AND (? = '' OR item_type = ?) "
	    "FOR UPDATE", "Iss", id, item_type != NULL ? item_type : "",
	    item_type != NULL ? item_type : "");
	if (f == NULL)
		goto fail;
	if (f->n != 1) {
		at_db_rollback(req->db);
		return 1;
	}
	v = at_db_select(req->db, req->pool, "SELECT stored FROM "
	    "file_versions WHERE file_id = ?", "I", id);
	if (v == NULL || at_db_exec(req->db, "DELETE FROM file_versions "
	    "WHERE file_id = ?", "I", id) == -1 || at_db_exec(req->db,
	    "DELETE FROM files WHERE id = ?", "I", id) == -1 ||
	    at_db_commit(req->db) == -1)
		goto fail;
	if ((dir = file_dir(req, at_row_int(f, 0, "client_id", 0), 0)) !=
	    NULL)
		for (i = 0; i < v->n; i++)
			if (unlink(at_pprintf(req->pool, "%s/%s", dir,
			    at_row(v, i, "stored"))) == -1 && errno != ENOENT)
				log_warn("%s: %s: %s", __func__,
				    at_row(v, i, "stored"), strerror(errno));
	at_activity(req, at_row_int(f, 0, "client_id", 0), "delete", "file",
	    id, at_pprintf(req->pool, "%s deleted %s", file_who(req),
	    at_row(f, 0, "name")), at_row_int(f, 0, "visible", 0) == 1);
	return 0;
fail:
	at_db_rollback(req->db);
	return -1;
}

/* The files table as a shareable item (include/atrium/extend.h). */
static const struct at_shareable file_shareable = {
	AT_EXT_SIZE(at_shareable), "file", "files", "name", "", 1
};

/* See include/atrium/files.h. */
int
at_file_share(struct at_req *req, long long id, int on, const char *why)
{
	return at_share(req, &file_shareable, id, on, why, NULL);
}

/* See include/atrium/files.h. */
long long
at_file_of_version(struct at_req *req, long long version_id, int *version)
{
	struct at_rows	*r;

	r = at_db_select(req->db, req->pool, "SELECT file_id, version FROM "
	    "file_versions WHERE id = ?", "I", version_id);
	if (r == NULL)
		return -1;
	if (r->n != 1)
		return 0;
	if (version != NULL)
		*version = (int)at_row_int(r, 0, "version", 0);
	return at_row_int(r, 0, "file_id", 0);
}
