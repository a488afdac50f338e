/*
 * The page model and its rendering.  A handler adds nodes to the model with
 * the libxml2 tree API (through these helpers, which escape); the skin's
 * stylesheet for the page id draws it.  The document's root is
 *
 *	<atrium page="ID">
 *	  <site name base static skin timezone/> <brand name logo color/>
 *	  <user id email name role client-id client-name/>   (logged in)
 *	  <nav><item href label active="1"/>...</nav>
 *	  <flash kind="ok|error">text</flash>...
 *	  <csrf>token</csrf>
 *	  <content> ...the handler's nodes... </content>
 *	</atrium>
 */
#ifndef ATRIUM_VIEW_H
#define ATRIUM_VIEW_H

#include <libxml/tree.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_rows;

/* Sets the page id: the skin draws pages/ID.xsl. */
void		 at_page_id(struct at_req *, const char *);
/* Sets the <title> text the layout shows. */
void		 at_page_title(struct at_req *, const char *);
/* The <content> node, created on first use. */
xmlNodePtr	 at_page_content(struct at_req *);
/* A flash message shown on this page, or on the next one after a redirect. */
void		 at_flash(struct at_req *, const char *kind, const char *msg);

/* Adds <name>text</name> under parent; text NULL adds an empty element. */
xmlNodePtr	 at_x(xmlNodePtr, const char *name, const char *text);
xmlNodePtr	 at_xf(xmlNodePtr, const char *name, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* Sets an attribute; a NULL value sets nothing. */
void		 at_xa(xmlNodePtr, const char *name, const char *value);
void		 at_xaf(xmlNodePtr, const char *name, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/*
 * Adds <list> holding one <item> per row, each column a child element
 * (SQL NULL columns are left out).  list NULL puts items under parent.
 */
xmlNodePtr	 at_x_rows(xmlNodePtr, const char *list, const char *item,
		    const struct at_rows *);
/* One row r as <item> with column children. */
xmlNodePtr	 at_x_row(xmlNodePtr, const char *item, const struct at_rows *,
		    size_t r);
/*
 * <form name="name"> with a <field name value error/> for every posted
 * field, so a page can redraw a rejected form with what was typed.
 */
xmlNodePtr	 at_x_form(struct at_req *, xmlNodePtr, const char *name);

/* Sanitised HTML from Markdown (cmark, safe mode) as an <html> child. */
xmlNodePtr	 at_x_markdown(struct at_req *, xmlNodePtr, const char *name,
		    const char *markdown);

AT_API_END

#endif
