/*
 * Replies by e-mail, private to the core: the parts of
 * include/atrium/mailin.h that atriumctl and the unit suite call.
 * parse.c reads a message (GMime), finds the reply token, keeps the new
 * text and the attachments; mailin.c makes and checks tokens, keeps the
 * handlers and places a message ("atriumctl mail receive").
 */
#ifndef ATRIUM_CORE_MAILIN_H
#define ATRIUM_CORE_MAILIN_H

#include <stddef.h>
#include <stdio.h>

#include <atrium/mailin.h>

struct at_pool;
struct at_db;
struct at_site;

/* Exit statuses for the mail server (sysexits.h). */
#define MAILIN_OK		0
#define MAILIN_DATAERR		65	/* EX_DATAERR: bounced, a reason */
#define MAILIN_NOUSER		67	/* EX_NOUSER: no such reply address */
#define MAILIN_SOFTWARE		70	/* EX_SOFTWARE */
#define MAILIN_TEMPFAIL		75	/* EX_TEMPFAIL: try again later */

#define MAILIN_MAX_FILES	20	/* attachments kept from one message */
#define MAILIN_MAX_RCPTS	64	/* addresses looked at for a token */
#define MAILIN_MAC_CHARS	20	/* base-32 digits of the token's MAC */
#define MAILIN_KEY_LEN		32

/* A message as read (strings and bytes in the pool). */
struct mailin_msg {
	const char	*from;		/* the sender's address, lower case */
	const char	*subject;	/* "" when none */
	const char	*message_id;	/* as sent, or made from the bytes */
	const char	*rcpts[MAILIN_MAX_RCPTS]; /* To, Cc, Delivered-To,
					   X-Original-To addresses */
	size_t		 nrcpts;
	const char	*text;		/* the new text, stripped, UTF-8 */
	int		 html_only;	/* the text came from an HTML part */
	struct at_mailin_file files[MAILIN_MAX_FILES];
	size_t		 nfiles;
	size_t		 skipped;	/* attachments over MAILIN_MAX_FILES */
};

/*
 * Reads the RFC 5322 message of len bytes at raw into *m.  0, or -1 with
 * *errstr (static) when it is not a message or has no sender.  The files'
 * mime is what libmagic finds in their bytes; their names are made safe
 * (at_file_name).
 */
int	 mailin_parse(struct at_pool *, const char *raw, size_t len,
	    struct mailin_msg *m, const char **errstr);
/*
 * The new part of a reply's text: without quoted lines (">"), the quoted
 * history that follows "On ... wrote:", "-----Original Message-----",
 * Outlook's "From:/Sent:" block and its line of underscores, and the
 * signature after "-- " (or "Sent from my ..."); line ends LF, no
 * leading or trailing blank lines.  In the pool.
 */
char	*mailin_strip(struct at_pool *, const char *text);
/*
 * The text of an HTML body: blocks on their own lines, no script, style
 * or quoted history (blockquote, Gmail's and Yahoo's quote blocks,
 * Outlook's reply header and what follows it).  In the pool; "" when
 * nothing is left.
 */
char	*mailin_html_text(struct at_pool *, const char *html, size_t len);

/*
 * The token for (module, item, user) under key, in the pool; NULL when
 * module is not [a-z0-9_]+ of at most AT_MAILIN_MODULE_MAX bytes or an
 * id is not positive.
 */
char	*mailin_token(struct at_pool *, const unsigned char *key,
	    const char *module, long long item, long long user);
/*
 * Checks token (any case) under key: 0 with module (room for
 * AT_MAILIN_MODULE_MAX + 1 bytes), *item and *user filled, -1 when it is
 * malformed or its MAC does not match.
 */
int	 mailin_token_check(const unsigned char *key, const char *token,
	    char *module, long long *item, long long *user);
/*
 * The token in the first of m's recipients addressed to reply_address
 * ("local@domain": "local+TOKEN@domain", any case), in the pool, or
 * NULL.
 */
char	*mailin_find_token(struct at_pool *, const struct mailin_msg *m,
	    const char *reply_address);

/*
 * atriumctl mail receive: places the message on stdin (registry
 * initialised, db connected).  Returns the exit status (MAILIN_*); a
 * refusal's reason is on stderr.
 */
AT_API int	 at_mailin_receive(const struct at_site *, struct at_db *,
		    FILE *in);

#endif
