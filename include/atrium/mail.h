/*
 * Outgoing mail.  Nothing is sent while a request waits: messages go to
 * the outbox table and are delivered after the response by the worker or
 * by "atriumctl mail send" from cron, over SMTP (libcurl) or a sendmail
 * program as the config says.
 */
#ifndef ATRIUM_MAIL_H
#define ATRIUM_MAIL_H

#include <atrium/api.h>

AT_API_BEGIN

struct at_db;
struct at_site;

/*
 * Queues a plain-text message; 0, or -1 (logged) when it is refused (a
 * line break in a header, an address over 254 bytes) or the outbox
 * cannot take it.  A subject over 255 bytes is cut between characters.
 */
int	 at_mail_queue(struct at_db *, const char *to, const char *subject,
	    const char *body);
/*
 * The same with an HTML part (html NULL: text only): the message goes
 * out as multipart/alternative, the text part first.  Mail a person
 * reads is drawn by the skin (at_mail_draw() in atrium/notify.h).
 */
int	 at_mail_queue_alt(struct at_db *, const char *to, const char *subject,
	    const char *text, const char *html);
/*
 * Delivers up to max queued messages; returns the number sent, or -1
 * (logged) when the outbox cannot be read or an attempt not recorded.
 */
int	 at_mail_flush(const struct at_site *, struct at_db *, int max);

AT_API_END

#endif
