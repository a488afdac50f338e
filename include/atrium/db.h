/*
 * The database: a thin wrapper over MariaDB Connector/C.  Every statement
 * is prepared once per connection (re-prepared after a reconnect), found
 * again through its call site's key (struct at_stmt_key), and bound with
 * typed parameters described by a format string:
 *
 *	'i'  int			'I'  long long
 *	's'  const char * (NULL binds SQL NULL)
 *	'b'  const void *, size_t	(binary)
 *
 * Results are read whole into the caller's pool as text.  When the server
 * goes away the call fails and at_db_gone() turns true; the core answers
 * that request with 503 and reconnects on the next one.
 */
#ifndef ATRIUM_DB_H
#define ATRIUM_DB_H

#include <stddef.h>

#include <atrium/config.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_pool;
struct at_db;

struct at_rows {
	size_t		 n;		/* rows */
	size_t		 ncol;
	const char	**cols;		/* column names (labels) */
	char		**v;		/* n * ncol values; NULL is SQL NULL */
	unsigned long	*len;		/* n * ncol lengths */
};

/* Not connected yet: the first at_db_ensure() connects. Never NULL. */
struct at_db	*at_db_new(const struct at_dbconf *);
void		 at_db_free(struct at_db *);
/* Connects or reconnects if needed: 0 ready, -1 the server is unreachable. */
int		 at_db_ensure(struct at_db *);
/* True once a call met a lost connection; cleared by at_db_ensure(). */
int		 at_db_gone(const struct at_db *);
/* The server error number of the last failed call (1062 duplicate key...). */
unsigned int	 at_db_errno(const struct at_db *);
/* Round trips to the server since the last reset (for bench and headers). */
unsigned int	 at_db_roundtrips(const struct at_db *);
void		 at_db_reset_roundtrips(struct at_db *);

/*
 * A call site's handle on its prepared statement: at_db_select() and
 * at_db_exec() give each call site one (static, zeroed) when the SQL is a
 * string literal, so the statement is found by a number, not by its text.
 * The core fills it; its layout is pinned (tests/unit/check_router.c).
 */
struct at_stmt_key {
	const char	*sql;		/* the literal it is the key of */
	unsigned int	 id;		/* the text's number in the process */
	unsigned int	 gen;		/* the numbering it is from */
};

/* A SELECT: rows in the pool, or NULL on error (logged). */
struct at_rows	*at_db_select_k(struct at_stmt_key *, struct at_db *,
		    struct at_pool *, const char *sql, const char *fmt, ...);
/* Any other statement: affected rows, or -1 on error (logged). */
long long	 at_db_exec_k(struct at_stmt_key *, struct at_db *,
		    const char *sql, const char *fmt, ...);
/*
 * The same without a key (the text is hashed on each call): the entry
 * points of ABI 1.1 plugins, and what the macros call when sql is not a
 * literal.
 */
struct at_rows	*(at_db_select)(struct at_db *, struct at_pool *,
		    const char *sql, const char *fmt, ...);
long long	 (at_db_exec)(struct at_db *, const char *sql,
		    const char *fmt, ...);
#if defined(__GNUC__)
#define at_db_select(db, pool, sql, ...) __extension__ ({		\
	static struct at_stmt_key at_stmt_key_;				\
	at_db_select_k(__builtin_constant_p(sql) ? &at_stmt_key_ : NULL, \
	    (db), (pool), (sql), __VA_ARGS__); })
#define at_db_exec(db, sql, ...) __extension__ ({			\
	static struct at_stmt_key at_stmt_key_;				\
	at_db_exec_k(__builtin_constant_p(sql) ? &at_stmt_key_ : NULL,	\
	    (db), (sql), __VA_ARGS__); })
#endif
/* The AUTO_INCREMENT id of the last insert on this connection. */
long long	 at_db_insert_id(struct at_db *);
/* Runs SQL text without parameters (migrations only). */
int		 at_db_script(struct at_db *, const char *sql, const char **);

int		 at_db_begin(struct at_db *);
int		 at_db_commit(struct at_db *);
int		 at_db_rollback(struct at_db *);

/* Value at row r, column named col: NULL for SQL NULL or no such column. */
const char	*at_row(const struct at_rows *, size_t r, const char *col);
/* The same as a number; def when NULL or not a number. */
long long	 at_row_int(const struct at_rows *, size_t r, const char *col,
		    long long def);

/*
 * Migrations: applies, in order, the files NNN_name.sql in dir not yet
 * recorded for component in the migrations table.  Prints each to out
 * when not NULL.  Returns the number applied, or -1 with errstr set.
 */
int		 at_migrate(struct at_db *, const char *component,
		    const char *dir, int dry_run, void (*out)(const char *,
		    void *), void *outarg, const char **errstr);

/*
 * Prints each migration of component in dir as applied or pending;
 * returns the number pending, or -1 with errstr set.
 */
int		 at_migrate_status(struct at_db *, const char *component,
		    const char *dir, void (*out)(const char *, void *),
		    void *outarg, const char **errstr);

AT_API_END

#endif
