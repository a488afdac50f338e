/*
 * Replies by e-mail.  A notice about an item can carry a reply address
 * bound to the item and to the person it is sent to
 * ("reply+TOKEN@agency.example", the token signed with the site's secret
 * so nobody can forge one); the site's mail server hands every message
 * sent to it to `atriumctl mail receive` (the whole message on standard
 * input, RFC 5322/MIME, read with GMime).  The core checks the token, the
 * sender against the person it was made for, strips the quoted history
 * and signature, keeps the attachments through the file store's limits
 * and calls the handler the owning module registered for it, in a job
 * context inside a transaction.  A message it cannot place is refused
 * with a reason (the exit status tells the mail server to bounce it),
 * and nothing is stored.
 *
 * A notice asks for the reply address by naming the handler's module in
 * its reply_to member (struct at_notice, atrium/notify.h) beside its
 * item_id.
 *
 * The token is "MODULE.ITEM.USER.MAC" in lower case (ITEM and USER in
 * base 36, MAC 20 base-32 digits of an HMAC-SHA256 under the site's
 * reply key, kept in site_secrets): checking it needs no table.  Docs:
 * docs/plugins.md ("Replies by e-mail") and docs/admin.md (the mail
 * server's side).
 */
#ifndef ATRIUM_MAILIN_H
#define ATRIUM_MAILIN_H

#include <stddef.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_registry;
struct at_job_ctx;
struct at_pool;
struct at_db;
struct at_site;

/* Longest module name a reply address can carry. */
#define AT_MAILIN_MODULE_MAX	32

/* An attachment of the reply. */
struct at_mailin_file {
	const char	*name;		/* as sent, made safe */
	const char	*mime;		/* as detected (libmagic) */
	const void	*data;
	size_t		 len;
};

/* A reply, placed. */
struct at_mailin {
	size_t		 size;		/* sizeof(struct at_mailin) */
	const char	*module;	/* the handler's module */
	long long	 item;		/* the item the token names */
	long long	 user;		/* the account the token was made for */
	long long	 client;	/* that account's client, 0 for staff */
	const char	*from;		/* the sender's address */
	const char	*subject;
	const char	*message_id;	/* for idempotence: one per message */
	const char	*text;		/* the new text: no quoted history,
					   no signature, UTF-8 */
	const struct at_mailin_file *files;
	size_t		 nfiles;
};

/*
 * Handles a reply to one of module's items: stores it as the person
 * would have posted it on the site (the same rules: the user may still
 * reach the item, the item is still open to replies).  0 when stored (or
 * already stored for this message_id), 1 when refused (*errstr a
 * sentence, sent back to the sender), -1 on a database failure (the mail
 * server tries again later).
 */
typedef int	(*at_mailin_fn)(struct at_job_ctx *, const struct at_mailin *,
		    const char **errstr);

/* Registers fn as the reply handler of module (the registering one). */
void	 at_reg_mail_handler(struct at_registry *, const char *module,
	    at_mailin_fn fn);

/*
 * The reply address for user about module's item, in pool: NULL when
 * the site has no reply address configured (mail.reply-address), the
 * module's name is not [a-z0-9_]+ (at most AT_MAILIN_MODULE_MAX bytes)
 * or the site's reply key cannot be read (logged).  The key is made on
 * first use and kept for the process.
 */
char	*at_reply_address(struct at_db *, const struct at_site *,
	    struct at_pool *, const char *module, long long item,
	    long long user);

/*
 * Stores attachment f of reply m in the file store, attached to
 * (item_type, item_id) of client (> 0), shared with the client when
 * visible, uploaded by m->user: for a handler, inside its transaction
 * (the bytes are removed again when the reply is not stored).  Checks
 * the type and the client's quota as an upload through the site.
 * Returns the file's id, 0 when it was refused (*errstr a sentence), -1
 * on trouble (logged).
 */
long long at_mailin_store_file(struct at_job_ctx *, const struct at_mailin *m,
	    const struct at_mailin_file *f, long long client,
	    const char *item_type, long long item_id, int visible,
	    const char **errstr);

AT_API_END

#endif
