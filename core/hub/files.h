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

#endif
