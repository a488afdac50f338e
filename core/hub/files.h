/*
 * Files (files.c): the checks an upload passes before it is stored, as
 * pure functions so they can be tested alone.
 */
#ifndef ATRIUM_HUB_FILES_H
#define ATRIUM_HUB_FILES_H

#include <atrium/atrium.h>

/* Longest display name kept, in bytes. */
#define HUB_FILE_NAME_MAX	200

/*
 * The display name for a name a browser sent: the last path component
 * only, valid UTF-8, no control or bidirectional-override characters,
 * none of \ / : * ? " < > |, no leading or trailing dots or spaces, at
 * most HUB_FILE_NAME_MAX bytes (the extension kept), "file" when nothing
 * is left.  It is shown and sent as the download's name; it is never
 * used as a path.  Allocated from the pool.
 */
char		*hub_file_name(struct at_pool *, const char *);

/*
 * Whether a file whose content libmagic calls mime may be stored under
 * display name *name: NULL when it may (*name may get the type's usual
 * extension when it had none, in the pool), else a sentence for the form.
 * Allowed: PDF, PNG, JPEG, GIF, WebP, plain text, CSV, ZIP and office
 * documents; the name's extension must agree with the content.
 * Executables, HTML, SVG and anything unknown are refused.
 */
const char	*hub_file_type_check(struct at_pool *, const char *mime,
		    const char **name);

/*
 * The content type of the file at path according to libmagic (opened
 * once per process), in the pool; NULL when libmagic fails (logged).
 */
const char	*hub_file_mime(struct at_pool *, const char *);

/* Whether s is one of the categories (contracts, deliverables, ...). */
int		 hub_file_category_ok(const char *);

/* A byte count for people: "920 bytes", "14.2 KB", "3.1 MB". In the pool. */
const char	*hub_file_size(struct at_pool *, long long);

#endif
