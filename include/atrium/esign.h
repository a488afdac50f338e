/*
 * The e-signature service, offered by the plugin "esign" under the name
 * AT_SVC_ESIGN (at_service(AT_SVC_ESIGN, AT_SVC_ESIGN_V)).  A plugin hands
 * it PDFs and signers; the service runs the signing (notifications, the
 * signing pages, the identity checks, the audit trail), seals the result
 * (an audit certificate page and a PAdES signature) and tells the caller
 * what happened through durable events (events.h):
 *
 *	esign.viewed     a signer opened the document
 *	esign.signed     a signer signed
 *	esign.declined   a signer declined (the envelope ends)
 *	esign.completed  everyone signed; the sealed PDF is in the files
 *	esign.expired    the expiry date passed before completion
 *	esign.voided     staff voided the envelope
 *
 * each with the payload keys envelope (the id), client, origin and ref
 * (the caller's, as given), and for signer events signer (the signer's
 * id in the envelope) and name; esign.completed also carries file (the
 * core file id of the sealed PDF).  A subscriber matches on origin (its
 * plugin name) and reads its own ref back.
 *
 * This header describes the service's shape only; nothing here is a
 * function of libatrium.
 */
#ifndef ATRIUM_ESIGN_H
#define ATRIUM_ESIGN_H

#include <stddef.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;

#define AT_SVC_ESIGN		"esign"
#define AT_SVC_ESIGN_V		0x00010001u	/* AT_VERSION(1, 1): fields */

enum at_esign_role {
	AT_ESIGN_SIGNER = 1,	/* signs */
	AT_ESIGN_APPROVER,	/* approves (a signature of its own kind) */
	AT_ESIGN_VIEWER		/* is sent the document and the sealed copy */
};

struct at_esign_signer {
	size_t		 size;		/* sizeof(struct at_esign_signer) */
	/*
	 * A user of the site (a contact of the envelope's client, or
	 * staff), or 0 for a person outside it named by name and email.
	 */
	long long	 user;
	const char	*name;		/* outside signer; else NULL */
	const char	*email;		/* outside signer; else NULL */
	enum at_esign_role role;
	/*
	 * The signing order: signers of group 1 sign in parallel, then
	 * those of group 2, and so on.  All 1: everyone at once; 1, 2,
	 * 3: in sequence.
	 */
	int		 group;
};

struct at_esign_doc {
	const char	*name;		/* "Website agreement v2.pdf" */
	const void	*pdf;		/* the PDF's bytes (at_pdf_render) */
	size_t		 len;
};

/*
 * A field placed on a document for one signer (1.1).  The signer fills
 * it on the signing page; at sealing its value is drawn into the page:
 * the signature (drawn, uploaded or typed in a script font), initials
 * (typed, in the script font), the signing date, the signer's name, or
 * a text the signer types.
 */
enum at_esign_field_kind {
	AT_ESIGN_FIELD_SIGNATURE = 1,
	AT_ESIGN_FIELD_INITIALS,
	AT_ESIGN_FIELD_DATE,
	AT_ESIGN_FIELD_NAME,
	AT_ESIGN_FIELD_TEXT
};

struct at_esign_field {
	size_t		 size;		/* sizeof(struct at_esign_field) */
	size_t		 signer;	/* index into the envelope's signers */
	size_t		 doc;		/* index into the envelope's docs */
	int		 page;		/* from 1 */
	/*
	 * The box in PDF points from the page's top-left corner (as a
	 * viewer shows the page: x to the right, y down).  Inside the
	 * page, at least 8 points each way, not overlapping another
	 * field of the page.
	 */
	double		 x, y, w, h;
	enum at_esign_field_kind kind;
	const char	*label;		/* text: shown to the signer; or NULL */
	int		 required;	/* text: must be filled (others always) */
};

struct at_esign_envelope {
	size_t		 size;		/* sizeof(struct at_esign_envelope) */
	long long	 client;	/* the client it belongs to */
	long long	 project;	/* or 0 */
	const char	*title;		/* at most 200 bytes */
	const char	*message;	/* to the signers, or NULL */
	const char	*expires_on;	/* YYYY-MM-DD (UTC), or NULL: 30 days */
	const char	*origin;	/* the calling plugin's name */
	const char	*ref;		/* the caller's reference, ≤ 100 bytes */
	const struct at_esign_doc *docs;
	size_t		 ndocs;		/* 1 or more */
	const struct at_esign_signer *signers;
	size_t		 nsigners;	/* 1 or more */
	/*
	 * 1.1: the fields placed for the signers (an array of elements of
	 * fields[0].size bytes), or none: then each signer's signature
	 * is drawn on the audit certificate page only, as in 1.0.
	 */
	const struct at_esign_field *fields;
	size_t		 nfields;
};

struct at_esign_svc {
	size_t		 size;		/* sizeof(struct at_esign_svc) */
	/*
	 * Creates envelope e and sends it to its first group, inside the
	 * caller's transaction (the notifications and events go out when
	 * the caller commits).  The envelope id, or -1 with *errstr a
	 * sentence for the person (static or in the request's pool) when e
	 * is refused (no signer, a user of another client, a bad date, not
	 * a PDF, a field off its page, overlapping another or for someone
	 * who does not sign) or the database failed.
	 */
	long long	(*create)(struct at_req *, const struct at_esign_envelope *e,
			    const char **errstr);
	/*
	 * Envelope id's state into *state (static: "sent", "completed",
	 * "declined", "expired", "voided") and, when completed, the core
	 * file id of the sealed PDF into *file (else 0).  Only an envelope
	 * of the caller's client scope (at_client_scope) for a contact.  0,
	 * 1 when there is none, -1 on a database error.
	 */
	int		(*state)(struct at_req *, long long id,
			    const char **state, long long *file);
	/*
	 * The site-relative link (without the base path) where the person
	 * signed in signs envelope id now ("/sign/12"), in req's pool, or
	 * NULL when it is not their turn (or they are not a signer).
	 */
	const char	*(*sign_link)(struct at_req *, long long id);
	/* Voids envelope id (staff) with reason; 0, 1 when it cannot be
	 * voided any more, -1 on a database error. */
	int		(*void_envelope)(struct at_req *, long long id,
			    const char *reason);
};

AT_API_END

#endif
