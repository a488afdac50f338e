/*
 * The file store: uploads attached to any item of any module.
 *
 * A stored file belongs to one client (its quota, its folder) and is
 * attached to one item named by a type and an id: ("project", 12) for the
 * hub's documents, ("invoice", 7) or ("case", 3) for a plugin's rows.  The
 * type is the module's own word ([a-z0-9_.-], 1 to 32 bytes); the store
 * never reads the item's table, so the module that owns the item decides
 * who may see it and tells the store.
 *
 * An upload arrives as a temporary file (the core streams a request's
 * file part to the storage folder's tmp/ and removes it when the request
 * ends).  at_file_put() reads its type from the content with libmagic and
 * checks it against an allowlist (the name's extension must agree), its
 * size against the caller's limit and the client's quota (one upload at a
 * time per client, so the quota holds), then records it and renames it
 * into <storage>/files/<client>/<generated name> inside one transaction:
 * a refused or broken upload leaves nothing behind.  A new upload of an
 * existing file is its next version; every version stays downloadable.
 * Uploads, new versions, downloads and deletions land in the activity
 * log (object "file").
 *
 * Access: at_file_send() serves a file only when the caller's check
 * allows it (at_file_shared_ok is the usual rule: staff see everything,
 * a contact only a shared file of their own client; a module adds its
 * own condition on the item).  Anything refused is a 404, as a file that
 * does not exist.
 */
#ifndef ATRIUM_FILES_H
#define ATRIUM_FILES_H

#include <stddef.h>
#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_pool;
struct at_rows;

/* The interface's version: AT_VERSION(1, 0) (grows when calls are added). */
#define AT_FILES_VERSION	0x00010000u

/* Longest display name kept, in bytes. */
#define AT_FILE_NAME_MAX	200
/* Longest item type, in bytes. */
#define AT_FILE_TYPE_MAX	32

/* What to store and, after at_file_put(), what became of it. */
struct at_file_put {
	size_t		 size;		/* sizeof(struct at_file_put) */
	const char	*field;		/* the form's file part; NULL: "file" */
	long long	 client;	/* owning client (> 0) */
	const char	*item_type;	/* "project", "invoice" ... */
	long long	 item_id;
	long long	 file;		/* 0: a new file; else its next version
					   (must be this client's and item's) */
	const char	*name;		/* display name; NULL or "": as sent */
	const char	*category;	/* NULL: "other" (contracts,
					   deliverables, reports, other) */
	int		 visible;	/* a new file: shared with the client */
	const char	*note;		/* a version's "what changed", or NULL */
	long long	 max_bytes;	/* 0: the site's upload limit only */
	/* Out. */
	long long	 id;		/* the file */
	int		 version;	/* the version stored */
	const char	*stored_name;	/* the display name kept (pool) */
	const char	*err;		/* why it was refused, for the form */
};

/*
 * Stores the request's upload as put describes (see above) and logs it.
 * Returns 0, 1 when the upload was refused (put->err says why in a
 * sentence fit for the form; nothing was stored), -1 on trouble (logged;
 * answer 500).  Must not be called inside a transaction: it runs its own.
 */
int		 at_file_put(struct at_req *, struct at_file_put *);

/* A stored file as at_file_get() finds it (strings in the pool). */
struct at_file {
	size_t		 size;		/* sizeof(struct at_file) */
	long long	 id;
	long long	 client;
	const char	*item_type;
	long long	 item_id;
	const char	*name;		/* the file's display name */
	const char	*category;
	int		 visible;	/* shared with the client */
	int		 version;	/* the current one */
	/* The version asked for (the current one for version 0). */
	int		 v;
	const char	*v_name;	/* that version's name as uploaded */
	const char	*mime;		/* what libmagic found */
	long long	 bytes;
	const char	*sha256;
	const char	*path;		/* where its bytes are */
};

/*
 * File id at version v (0: the current one) into *f, whatever the
 * caller may see: 0, 1 when there is no such file or version (or it is
 * attached to another item_type than the one given, when not NULL), -1
 * on a database error.
 */
int		 at_file_get(struct at_req *, long long id, int v,
		    const char *item_type, struct at_file *f);

/*
 * Whether the caller may read f: 1 or 0.  The module's check: it may
 * look at the item (f->item_type, f->item_id) in its own tables.
 */
typedef int	(*at_file_check_fn)(struct at_req *, const struct at_file *,
		    void *arg);

/* The usual rule: staff, or a contact of f's client when f is shared. */
int		 at_file_shared_ok(struct at_req *, const struct at_file *,
		    void *arg);

/*
 * Sends version v (0: current) of file id as an attachment with the
 * type libmagic found, when it is attached to item_type (NULL: any) and
 * check (NULL: at_file_shared_ok) allows it; logs the download (shown to
 * the client when one of their contacts downloaded a shared file).
 * Returns the handler's status: 200, 404 (missing or refused, alike),
 * 500.
 */
int		 at_file_send(struct at_req *, long long id, int v,
		    const char *item_type, at_file_check_fn check, void *arg);

/*
 * The files attached to an item, newest first, at most limit (0: 200):
 * columns id, name, category, version, visible, updated_at, size, mime,
 * client_id.  shared_only leaves out the files not shared with the
 * client (set it for a contact).  NULL on a database error.
 */
struct at_rows	*at_file_list(struct at_req *, const char *item_type,
		    long long item_id, int shared_only, int limit);

/*
 * Every version of file id, newest first: columns id (the version's row
 * id), version, vname, mime, size, uploaded_at, note, sha256,
 * uploaded_by (the uploader's name).
 * NULL on a database error.
 */
struct at_rows	*at_file_versions(struct at_req *, long long id);

/*
 * Deletes file id with every version (rows, then bytes), when it is
 * attached to item_type (NULL: any), and logs it.  0, 1 when there is
 * no such file, -1 on trouble (a version still referred to elsewhere,
 * such as an approval, keeps the file: -1 and nothing removed).
 */
int		 at_file_delete(struct at_req *, long long id,
		    const char *item_type);

/*
 * Shares (on 1) or takes back (0) file id, with its activity entry
 * (at_share() in atrium/extend.h; why, when not NULL, ends its sentence:
 * " for approval").  0, 1 when there is no such file, -1.
 */
int		 at_file_share(struct at_req *, long long id, int on,
		    const char *why);

/*
 * The file a version belongs to, by the version's own row id (what
 * another module keeps to point at one version: an approval asks about
 * one), and that version's number into *version (when not NULL).  The
 * file's id, 0 when there is none, -1 on a database error.
 */
long long	 at_file_of_version(struct at_req *, long long version_id,
		    int *version);

/*
 * The display name for a name a browser sent: the last path component
 * only, valid UTF-8, no control or bidirectional-override characters,
 * none of \ / : * ? " < > |, no leading or trailing dots or spaces, at
 * most AT_FILE_NAME_MAX bytes (the extension kept), "file" when nothing
 * is left.  It is shown and sent as the download's name; it is never
 * used as a path.  Allocated from the pool.
 */
char		*at_file_name(struct at_pool *, const char *);

/*
 * Whether a file whose content libmagic calls mime may be stored under
 * display name *name: NULL when it may (*name may get the type's usual
 * extension when it had none, in the pool), else a sentence for the form.
 * Allowed: PDF, PNG, JPEG, GIF, WebP, plain text, CSV, ZIP and office
 * documents; the name's extension must agree with the content.
 * Executables, HTML, SVG and anything unknown are refused.
 */
const char	*at_file_type_check(struct at_pool *, const char *mime,
		    const char **name);

/*
 * The content type of the file at path according to libmagic (opened
 * once per process), in the pool; NULL when libmagic fails (logged).
 */
const char	*at_file_mime(struct at_pool *, const char *);

/* A byte count for people: "920 bytes", "14.2 KB", "3.1 MB". In the pool. */
const char	*at_file_size_text(struct at_pool *, long long);

AT_API_END

#endif
