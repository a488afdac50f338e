/*
 * The contracts service, offered by the plugin "contracts" under the name
 * AT_SVC_CONTRACTS (at_service(AT_SVC_CONTRACTS, AT_SVC_CONTRACTS_V)),
 * for plugins whose approved work changes a contract (an approved change
 * request): it drafts an amendment of the contract in force for a
 * client's project, which staff then send for signing as any contract.
 *
 * This header describes the service's shape only; nothing here is a
 * function of libatrium.
 */
#ifndef ATRIUM_CONTRACTS_H
#define ATRIUM_CONTRACTS_H

#include <stddef.h>
#include <stdint.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_db;
struct at_pool;

#define AT_SVC_CONTRACTS	"contracts"
#define AT_SVC_CONTRACTS_V	0x00010000u	/* AT_VERSION(1, 0) */

struct at_contract_fee {
	const char	*description;	/* at most 500 bytes */
	int64_t		 amount;	/* minor units of the client's currency */
};

struct at_amendment {
	size_t		 size;		/* sizeof(struct at_amendment) */
	long long	 client;
	long long	 project;	/* the contract in force for it; 0: the
					   client's newest active contract */
	const char	*title;		/* at most 200 bytes */
	const char	*body;		/* Markdown: what changes */
	const struct at_contract_fee *fees;
	size_t		 nfees;		/* 0 or more */
	const char	*origin;	/* the calling plugin's name */
	const char	*ref;		/* its reference ("change:7"), unique per
					   origin: asking twice drafts once */
};

struct at_contracts_svc {
	size_t		 size;		/* sizeof(struct at_contracts_svc) */
	/*
	 * Drafts amendment a on db inside the caller's transaction (a
	 * request's at_req_db, or a job's or subscriber's ctx->db).  The
	 * amendment's contract id into *id.  0; 1 when (origin, ref) was
	 * already drafted (*id is that one); 2 when the client has no
	 * active contract to amend (nothing drafted); -1 with *errstr (a
	 * static sentence) when a is refused or the database failed.
	 */
	int		(*amend)(struct at_db *db, struct at_pool *pool,
			    const struct at_amendment *a, long long *id,
			    const char **errstr);
};

AT_API_END

#endif
