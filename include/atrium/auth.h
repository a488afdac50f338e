/*
 * Users, roles and client scope, passwords and tokens.
 */
#ifndef ATRIUM_AUTH_H
#define ATRIUM_AUTH_H

#include <stddef.h>
#include <time.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_req;
struct at_pool;
struct at_db;

enum at_role {
	AT_ROLE_CONTACT = 1,	/* belongs to one client */
	AT_ROLE_STAFF = 2,
	AT_ROLE_ADMIN = 3
};

/*
 * A signed-in user (at_req_user).  struct at_user is the core's: a plugin
 * sees it opaque and reads it through these functions.
 */
struct at_user;
long long	 at_user_id(const struct at_user *);
const char	*at_user_email(const struct at_user *);
const char	*at_user_name(const struct at_user *);
enum at_role	 at_user_role(const struct at_user *);
/* A contact's client and its name; 0 and NULL for staff. */
long long	 at_user_client_id(const struct at_user *);
const char	*at_user_client_name(const struct at_user *);
/* The previous visit, "YYYY-MM-DD HH:MM:SS", or NULL. */
const char	*at_user_last_seen(const struct at_user *);

#ifdef AT_CORE_PRIVATE
struct at_user {
	long long	 id;
	const char	*email;
	const char	*name;
	enum at_role	 role;
	long long	 client_id;	/* contacts only; 0 for staff */
	const char	*client_name;
	const char	**plugins;	/* contacts: enabled for the client */
	size_t		 nplugins;
	const char	*last_seen;	/* previous visit, "YYYY-MM-DD HH:MM:SS" */
};
#endif /* AT_CORE_PRIVATE */

/* Convenience predicates on req->user. */
int		 at_is_staff(const struct at_req *);	/* staff or admin */
int		 at_is_admin(const struct at_req *);
/*
 * The caller's client scope, fail-closed: a contact's client id (> 0);
 * AT_SCOPE_ALL for staff and admins; AT_SCOPE_NONE for anyone else (no
 * caller, a contact without a client), which matches no row whether a
 * query says "client_id = ?" or "(? = 0 OR client_id = ?)".  Never write
 * a query where a value other than AT_SCOPE_ALL means every client.
 */
#define AT_SCOPE_ALL	0LL
#define AT_SCOPE_NONE	(-1LL)
long long	 at_client_scope(const struct at_req *);
/* Whether plugin name is on for the caller (always for staff). */
int		 at_plugin_on(const struct at_req *, const char *);

/* NULL when pw is acceptable, else the reason (12 characters at least). */
const char	*at_password_policy(const char *);
/* Argon2id string for pw into the pool, or NULL (out of memory limits). */
char		*at_password_hash(struct at_pool *, const char *);
/* 1 when pw matches hash, else 0. */
int		 at_password_verify(const char *hash, const char *pw);

/* A new random token of n bytes as base64url text in the pool. */
char		*at_token(struct at_pool *, size_t);
/* SHA-256 of token as 64 hex digits in the pool (what the tables store). */
char		*at_token_hash(struct at_pool *, const char *);

/*
 * Starts a session for user id: stores the hash, sets the cookie, sets
 * req->csrf.  Returns 0, or -1 on a database error.
 */
int		 at_session_start(struct at_req *, long long);
/* Ends the caller's session: deletes it and clears the cookie. */
void		 at_session_end(struct at_req *);

/*
 * Creates a single-use password reset link for user id and queues the
 * e-mail carrying it.  0 or -1.
 */
int		 at_reset_send(struct at_req *, long long);

/*
 * Ends every session and kills every outstanding reset link of account
 * uid (call when it is deactivated).  0 or -1 on a database error.
 */
int		 at_user_revoke(struct at_db *, long long uid);
/* The same for every contact of a client (its portal was closed). */
int		 at_client_revoke(struct at_db *, long long client_id);
/*
 * Sets account uid's password hash, ends its sessions and kills its reset
 * links, in one transaction.  1 done, 0 no such account, -1 error (then
 * nothing changed).
 */
int		 at_password_set(struct at_db *, long long uid,
		    const char *hash);

AT_API_END

#endif
