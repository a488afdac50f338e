/*
 * File sources (at_reg_file_source, include/atrium/extend.h): a module
 * that stores files of its own items in the file store (the e-signature
 * plugin's sealed documents) lists them beside the project documents.
 * The files pages ask here which item types the caller may see, and a
 * source's may_read has the last word on each of its files.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define FILE_SOURCES_MAX 16

/* A registered source and the plugin it came from (NULL: built in). */
static struct file_source {
	struct at_file_source	 s;
	char			*plugin;
} file_sources[FILE_SOURCES_MAX];
static size_t	 nfile_sources;

/* See atrium/extend.h. */
void
at_reg_file_source(struct at_registry *reg, const struct at_file_source *src)
{
	struct file_source *fs;
	const char	*plugin = at_reg_plugin(reg);
	size_t		 min = offsetof(struct at_file_source, arg) +
	    sizeof(src->arg);

	if (src == NULL || src->size < min || src->item_type == NULL ||
	    src->may_read == NULL || strcmp(src->item_type, "project") == 0 ||
	    strchr(src->item_type, ',') != NULL ||
	    nfile_sources == FILE_SOURCES_MAX) {
		log_warn("plugin %s: file source refused (too small, no item "
		    "type or function, or too many)", at_reg_name(reg));
		return;
	}
	fs = &file_sources[nfile_sources++];
	memset(fs, 0, sizeof(*fs));
	memcpy(&fs->s, src, src->size < sizeof(fs->s) ? src->size :
	    sizeof(fs->s));
	fs->s.size = sizeof(fs->s);
	if (plugin != NULL && (fs->plugin = strdup(plugin)) == NULL)
		abort();
}

/* See core.h. */
const struct at_file_source *
at_file_source_for(struct at_req *req, const char *item_type)
{
	size_t	 i;

	for (i = 0; item_type != NULL && i < nfile_sources; i++)
		if (strcmp(file_sources[i].s.item_type, item_type) == 0 &&
		    at_reg_visible(req, AT_CONTACT | AT_STAFF,
		    file_sources[i].plugin))
			return &file_sources[i].s;
	return NULL;
}

/* See core.h. */
const char *
at_file_source_types(struct at_req *req)
{
	const char	*t = "";
	size_t		 i;

	for (i = 0; i < nfile_sources; i++)
		if (at_reg_visible(req, AT_CONTACT | AT_STAFF,
		    file_sources[i].plugin))
			t = at_pprintf(req->pool, "%s%s%s", t, *t != '\0' ?
			    "," : "", file_sources[i].s.item_type);
	return t;
}

/* See core.h. */
const char *
at_file_source_label(const char *item_type)
{
	size_t	 i;

	for (i = 0; item_type != NULL && i < nfile_sources; i++)
		if (strcmp(file_sources[i].s.item_type, item_type) == 0)
			return file_sources[i].s.label;
	return NULL;
}
