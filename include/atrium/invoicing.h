/*
 * The invoicing service, offered by the plugin "payments" under the name
 * AT_SVC_INVOICING (at_service(AT_SVC_INVOICING, AT_SVC_INVOICING_V)),
 * for plugins that bill (a deposit on a signed contract, an approved
 * change request): it issues an invoice for a client as staff would, in
 * the client's currency and payment terms, numbered from the site's
 * sequence, and sends it.  A plugin that finds no such service (payments
 * not loaded) bills nothing and says so where it matters.
 *
 * This header describes the service's shape only; nothing here is a
 * function of libatrium.
 */
#ifndef ATRIUM_INVOICING_H
#define ATRIUM_INVOICING_H

#include <stddef.h>
#include <stdint.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_db;
struct at_pool;

#define AT_SVC_INVOICING	"invoicing"
#define AT_SVC_INVOICING_V	0x00010000u	/* AT_VERSION(1, 0) */

struct at_invoice_line {
	const char	*description;	/* at most 500 bytes */
	int64_t		 qty_milli;	/* 1000 is 1 */
	int64_t		 unit;		/* minor units of the client's currency */
	/* The site's tax rate by its name in the tax table, or NULL: none. */
	const char	*tax;
};

struct at_invoice_req {
	size_t		 size;		/* sizeof(struct at_invoice_req) */
	long long	 client;
	long long	 project;	/* or 0 */
	const char	*origin;	/* the calling plugin's name */
	const char	*ref;		/* its reference ("contract:12"), unique
					   per origin: issuing twice issues once */
	const char	*notes;		/* printed on the invoice, or NULL */
	const struct at_invoice_line *lines;
	size_t		 nlines;	/* 1 or more */
};

struct at_invoicing_svc {
	size_t		 size;		/* sizeof(struct at_invoicing_svc) */
	/*
	 * Issues and sends the invoice r describes on db inside the
	 * caller's transaction (a request's at_req_db, or a job's or
	 * subscriber's ctx->db).  The invoice id into *id and its number
	 * into *number (in pool).  0; 1 when (origin, ref) was already
	 * issued (*id and *number are that invoice's); -1 with *errstr (a
	 * static sentence) when r is refused or the database failed.
	 */
	int		(*issue)(struct at_db *db, struct at_pool *pool,
			    const struct at_invoice_req *r, long long *id,
			    const char **number, const char **errstr);
	/*
	 * Invoice id's number, state ("sent", "partial", "paid", "void"
	 * ...) and total (formatted, "EUR 1,250.00") in req's pool, for a
	 * link ("/invoices/ID") beside the caller's item.  0, 1 when there
	 * is none, -1 on a database error.
	 */
	int		(*summary)(struct at_req *, long long id,
			    const char **number, const char **state,
			    const char **total);
};

AT_API_END

#endif
