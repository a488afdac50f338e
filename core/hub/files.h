/*
 * Files (files.c): the hub's documents of projects, kept in the file
 * store (include/atrium/files.h).  What is left of the hub's own: the
 * categories a document is filed under.
 */
#ifndef ATRIUM_HUB_FILES_H
#define ATRIUM_HUB_FILES_H

#include <atrium/atrium.h>

/* Whether s is one of the categories (contracts, deliverables, ...). */
int		 hub_file_category_ok(const char *);

/*
 * Whether the caller may read file id through the Files pages: a
 * document (the project rule) or a file of a registered file source
 * (at_reg_file_source).  1, 0 (also when there is no such file), -1 on a
 * database error.
 */
int		 hub_file_may_read(struct at_req *, long long id);

#endif
