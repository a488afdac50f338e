/*
 * Notifications.  A module tells a person, or every contact of a client,
 * that something happened: a kind it registered ("approvals.requested"),
 * a subject, a short text, a link on the site and the item it is about.
 * The notice lands in the header's bell at once (the notifications
 * table, written in the caller's transaction) and reaches the person's
 * mailbox as they chose for that kind on /account: immediately, in a
 * daily digest (the job "notify.digest"), or not at all.  Mail is drawn
 * by the skin (mail/text.xsl and mail/html.xsl) and sent through the
 * outbox as multipart/alternative.  Docs: docs/plugins.md,
 * "Notifications".
 */
#ifndef ATRIUM_NOTIFY_H
#define ATRIUM_NOTIFY_H

#include <stddef.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_db;
struct at_site;
struct at_registry;

/* How a person gets notices of one kind by mail. */
enum at_delivery {
	AT_DELIVER_NOW = 1,	/* a mail for each notice */
	AT_DELIVER_DIGEST,	/* one mail a day with the day's notices */
	AT_DELIVER_OFF		/* the bell only */
};

/*
 * Registers the kind "MODULE.name" (name: [a-z0-9_-]+) with the label
 * /account shows ("Approvals asked of me"), who gets it (AT_CONTACT
 * and/or AT_STAFF: /account lists it to them) and the delivery of
 * everyone who did not choose.  Called from init; registering a name
 * again replaces it.
 */
void	 at_notify_kind(struct at_registry *, const char *name,
	    const char *label, unsigned int who, enum at_delivery def);

/* One notice.  Set size with AT_EXT_SIZE(at_notice) (atrium/extend.h). */
struct at_notice {
	size_t		 size;
	const char	*kind;		/* a registered kind, "module.name" */
	const char	*subject;	/* one line: the mail's subject */
	const char	*text;		/* a sentence or two, or NULL */
	const char	*link;		/* on this site: "/approvals/12" */
	const char	*item_type;	/* "approval", or NULL */
	long long	 item_id;	/* 0: none */
	/*
	 * The module whose reply handler takes replies to this notice
	 * (atrium/mailin.h): its mail then carries Reply-To, the reply
	 * address for item_id and the person, when the site has
	 * mail.reply-address.  NULL: no reply address.
	 */
	const char	*reply_to;
};

/*
 * Notifies account uid (active; a contact only while the client's portal
 * is open: else nothing is done).  Writes the notice and, for immediate
 * delivery, queues its mail, both in the caller's transaction if one is
 * open.  Returns 1 notified, 0 nobody to notify, -1 refused (unknown
 * kind, a link that is not a path of this site) or the database failed
 * (logged).
 */
int	 at_notify(struct at_db *, const struct at_site *, long long uid,
	    const struct at_notice *);

/*
 * Decides whether account uid may see the item a notice is about: 1
 * yes, 0 no, -1 the database failed.
 */
typedef int	(*at_notify_filter)(struct at_db *, long long uid, void *arg);

/*
 * Notifies every active contact of client (none while its portal is
 * closed), or with filter only those it says yes to.  Returns the
 * number notified, or -1 (logged; some may have been notified).
 */
int	 at_notify_client(struct at_db *, const struct at_site *,
	    long long client, const struct at_notice *, at_notify_filter,
	    void *arg);
/* Notifies every active staff member and admin; the number, or -1. */
int	 at_notify_staff(struct at_db *, const struct at_site *,
	    const struct at_notice *);

/*
 * A mail that is not a notice (a password link, an invitation), drawn by
 * the same stylesheets: a greeting for name, the intro paragraph, one
 * action (a button in HTML) to link and a note under it.  Set size with
 * AT_EXT_SIZE(at_mail_draft).
 */
struct at_mail_draft {
	size_t		 size;
	const char	*to;		/* the address */
	const char	*name;		/* for the greeting, or NULL */
	const char	*subject;
	const char	*intro;
	const char	*action;	/* the button's label */
	const char	*link;		/* absolute, or a path of this site */
	const char	*note;		/* or NULL */
};
/* Draws the mail and queues it; 0 or -1 (logged). */
int	 at_mail_draw(struct at_db *, const struct at_site *,
	    const struct at_mail_draft *);

AT_API_END

#endif
