/*
 * Notifications as the rest of the core sees them (the public side is
 * include/atrium/notify.h).  Modules and plugins never include this file.
 */
#ifndef ATRIUM_CORE_NOTIFY_H
#define ATRIUM_CORE_NOTIFY_H

#include <time.h>

#include <libxml/tree.h>

#include <atrium/atrium.h>
#include <atrium/notify.h>

/* ---- notify/notify.c ---- */

/* A registered kind, as /account lists it. */
struct at_notify_kind {
	const char	*name;		/* "module.name" */
	const char	*label;
	unsigned int	 who;		/* AT_CONTACT, AT_STAFF */
	enum at_delivery def;
};
/*
 * The kinds of modules in service that a person of role gets, in
 * registration order: fills *out (static memory), returns how many.
 */
size_t	 at_notify_kinds(enum at_role, const struct at_notify_kind **out,
	    size_t max);
/* The kind called name in service, or NULL. */
const struct at_notify_kind *at_notify_kind_find(const char *name);
/* "now", "digest", "none" for d, and back (0 when s is none of them). */
const char *at_delivery_name(enum at_delivery);
enum at_delivery at_delivery_parse(const char *);

/*
 * The latest start of a digest day at or before now: today's hour:00
 * local time (the process's TZ), or yesterday's when now is earlier.
 * A person gets a digest when their last one is older than this.
 */
time_t	 at_digest_day(time_t now, int hour);
/*
 * In rows sorted by the column "user_id", the end (one past the last
 * row) of the run of rows of the same person that starts at row from.
 */
size_t	 at_digest_run(const struct at_rows *, size_t from);

/*
 * A mail model (see docs/skins.md, "Mail"): <mail type> with brand,
 * recipient, greeting, and items added by at_mail_model_item.  The
 * caller frees the document with xmlFreeDoc.  type: notice, digest or
 * message.
 */
xmlDocPtr at_mail_model(const struct at_site *, const char *type,
	    const char *to, const char *name, const char *subject);
/* An item: <item href kind label when><subject/><text/></item>. */
void	 at_mail_model_item(const struct at_site *, xmlDocPtr,
	    const char *kind, const char *label, const char *subject,
	    const char *text, const char *link, const char *when);
/*
 * Draws model with the skin's mail/text.xsl and mail/html.xsl and queues
 * it to to; 0 or -1 (logged).
 */
int	 at_mail_model_queue(struct at_db *, const struct at_site *,
	    struct at_pool *, xmlDocPtr, const char *to, const char *subject);
/* The same with a Reply-To address (NULL: none). */
int	 at_mail_model_queue_reply(struct at_db *, const struct at_site *,
	    struct at_pool *, xmlDocPtr, const char *to, const char *subject,
	    const char *reply_to);

/*
 * Adds <bell unread="N" href="/notifications"/> to the page model of a
 * signed-in caller's page drawn with the layout (one indexed count).
 */
void	 at_notify_bell(struct at_req *);

extern const struct at_plugin at_mod_notify;

/* ---- mail/outbox.c ---- */

/*
 * The whole message, CRLF line ends, in the pool: headers (From with
 * from_name, encoded when not ASCII), then the text part alone, or with
 * html a multipart/alternative of the text and the HTML part separated
 * by boundary.  Lines over 900 bytes are broken (at a space if any).
 */
char	*at_mail_message(struct at_pool *, const char *from_name,
	    const char *from_addr, const char *to, const char *subject,
	    const char *msgid, const char *boundary, time_t now,
	    const char *text, const char *html);

/*
 * at_mail_queue_alt() with a Reply-To address (NULL: none), kept in the
 * outbox row and written as the message's Reply-To header.
 */
int	 at_mail_queue_reply(struct at_db *, const char *to,
	    const char *subject, const char *text, const char *html,
	    const char *reply_to);

/* ---- auth/account.c ---- */

/*
 * Creates an invitation link (a password link of 7 days) for contact uid
 * and queues the mail "<Agency> invited you to your client portal", in
 * the caller's transaction.  0 or -1.
 */
int	 at_invite_send(struct at_req *, long long uid);

extern const struct at_plugin at_mod_account;

#endif
