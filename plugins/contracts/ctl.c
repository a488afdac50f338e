/*
 * The contracts plugin's atriumctl command, for an administrator's shell
 * (and the demo data, install/lib.sh):
 *
 *	atriumctl contracts send ID [EMAIL]
 *		sends draft contract ID for signature through the
 *		e-signature service to the contact EMAIL (default: the
 *		signer the contract names), as the staff member who drew
 *		it (else the first admin), as "Send for signature" does;
 *	atriumctl contracts bill ID
 *		issues the deposit invoice of signed contract ID that has
 *		none (it was signed while payments was not loaded).
 *
 * Exit status 0 when done, 1 when refused (the reason on stderr), 2 on
 * a usage error.  The events they publish are delivered by the next
 * `atriumctl jobs run`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>

#include "ct.h"

/* A positive id from s, or 0. */
static long long
ctl_id(const char *s)
{
	char		*end;
	long long	 n;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	n = strtoll(s, &end, 10);
	return *end == '\0' && n > 0 ? n : 0;
}

/*
 * Says how the work on contract id went (rc 0: done, 1: refused for
 * reason msg, -1: failed): the exit status.
 */
static int
ctl_said(long long id, int rc, const char *msg)
{
	if (rc == -1) {
		fprintf(stderr, "contracts: contract %lld: the database or the "
		    "PDF failed (see the log)\n", id);
		return 1;
	}
	if (rc == 1) {
		fprintf(stderr, "contracts: contract %lld: %s\n", id, msg);
		return 1;
	}
	printf("Contract %lld: %s\n", id, msg);
	return 0;
}

/* `contracts send ID [EMAIL]`: the exit status. */
static int
ctl_send(const struct at_site *site, struct at_db *db, struct at_pool *pool,
    long long id, const char *email)
{
	struct at_rows	*r, *u;
	struct at_req	*req;
	const char	*msg = NULL;
	long long	 signer;
	int		 rc;

	r = at_db_select(db, pool, "SELECT " CT_FIELDS CT_FROM "WHERE c.id = "
	    "?", "II", 0LL, id);
	if (r == NULL)
		return 1;
	if (r->n != 1) {
		fprintf(stderr, "contracts: there is no contract %lld\n", id);
		return 1;
	}
	signer = at_row_int(r, 0, "signer_id", 0);
	if (email != NULL) {
		u = at_db_select(db, pool, "SELECT id FROM users WHERE email = "
		    "? AND role = 'contact'", "s", email);
		if (u == NULL)
			return 1;
		signer = u->n == 1 ? at_row_int(u, 0, "id", 0) : 0;
		if (signer == 0) {
			fprintf(stderr, "contracts: %s is not a contact\n",
			    email);
			return 1;
		}
	}
	u = at_db_select(db, pool, "SELECT u.id FROM users u WHERE u.active "
	    "= 1 AND u.role IN ('staff', 'admin') ORDER BY u.id = (SELECT "
	    "created_by FROM contracts WHERE id = ?) DESC, u.role = 'admin' "
	    "DESC, u.id LIMIT 1", "I", id);
	if (u == NULL)
		return 1;
	if (u->n != 1 || (req = at_command_req(site, db, pool,
	    at_row_int(u, 0, "id", 0))) == NULL) {
		fprintf(stderr, "contracts: no staff member to send it as\n");
		return 1;
	}
	rc = ct_send(req, r, signer, NULL, NULL, &msg);
	return ctl_said(id, rc, msg);
}

/* `contracts bill ID`: the exit status. */
static int
ctl_bill(struct at_db *db, struct at_pool *pool, long long id)
{
	const char	*msg = NULL;
	int		 rc;

	if (at_db_begin(db) == -1)
		return 1;
	if ((rc = ct_bill_again(db, pool, id, &msg)) == -1 ||
	    at_db_commit(db) == -1) {
		at_db_rollback(db);
		rc = -1;
	}
	return ctl_said(id, rc, msg);
}

/* See ct.h. */
int
ct_command(const struct at_site *site, struct at_db *(*dbf)(void), int argc,
    char **argv)
{
	struct at_pool	*pool;
	long long	 id;
	int		 rc = 2;

	id = argc >= 3 ? ctl_id(argv[2]) : 0;
	if (id == 0 || (strcmp(argv[1], "send") == 0 && argc > 4) ||
	    (strcmp(argv[1], "bill") == 0 && argc != 3) ||
	    (strcmp(argv[1], "send") != 0 && strcmp(argv[1], "bill") != 0)) {
		fprintf(stderr, "usage: atriumctl contracts send ID [EMAIL] | "
		    "contracts bill ID\n");
		return 2;
	}
	pool = at_pool_new();
	if (strcmp(argv[1], "send") == 0)
		rc = ctl_send(site, dbf(), pool, id, argc == 4 ? argv[3] :
		    NULL);
	else
		rc = ctl_bill(dbf(), pool, id);
	at_pool_free(pool);
	return rc;
}
