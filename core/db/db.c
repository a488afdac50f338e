/*
 * The database wrapper (include/atrium/db.h) over MariaDB Connector/C.
 * Statements are prepared once per connection and kept in a cache keyed
 * by their SQL text; a lost connection marks the handle gone, the request
 * that met it answers 503, and at_db_ensure() reconnects (and forgets the
 * cache, so statements are prepared again) on the next one.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "core.h"

#define DB_CACHE	256	/* distinct statements per connection */
#define DB_MAXPARAMS	64

struct db_stmt {
	const char	*sql;		/* a string literal, compared by text */
	MYSQL_STMT	*stmt;
};

struct at_db {
	const struct at_dbconf *conf;
	MYSQL		*my;
	int		 gone;
	unsigned int	 err;
	unsigned int	 trips;
	long long	 last_id;
	struct db_stmt	 cache[DB_CACHE];
	size_t		 ncache;
};

/* Whether a client error number means the connection is lost. */
static int
db_lost(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == 1927 /* ER_CONNECTION_KILLED */ ||
	    e == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */ ||
	    e == ER_SERVER_SHUTDOWN || e == 2026 /* CR_SSL_CONNECTION_ERROR */;
}

/* Records error e for the caller; a lost connection marks the handle. */
static void
db_fail(struct at_db *db, unsigned int e, const char *what, const char *msg,
    const char *sql)
{
	db->err = e;
	if (db_lost(e)) {
		if (!db->gone)
			log_warn("database: connection lost (%u: %s)", e, msg);
		db->gone = 1;
		return;
	}
	log_warn("database: %s failed (%u: %s)%s%s", what, e, msg,
	    sql != NULL ? " in: " : "", sql != NULL ? sql : "");
}

/* A handle that connects on first use. */
struct at_db *
at_db_new(const struct at_dbconf *conf)
{
	struct at_db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		abort();
	db->conf = conf;
	return db;
}

/* Closes every cached statement and the connection. */
static void
db_close(struct at_db *db)
{
	size_t	 i;

	for (i = 0; i < db->ncache; i++)
		mysql_stmt_close(db->cache[i].stmt);
	db->ncache = 0;
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
}

void
at_db_free(struct at_db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db);
}

/* See db.h: cheap when connected; reconnects after a loss. */
int
at_db_ensure(struct at_db *db)
{
	const struct at_dbconf *c = db->conf;
	unsigned int	 timeout;
	my_bool		 off = 0;

	if (db->my != NULL && !db->gone)
		return 0;
	db_close(db);
	db->gone = 0;
	if ((db->my = mysql_init(NULL)) == NULL)
		abort();
	timeout = c->timeout != 0 ? c->timeout : 5;
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(db->my, c->socket != NULL ? NULL : c->host,
	    c->user, c->password, c->name, c->port, c->socket,
	    CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS) == NULL) {
		db->err = mysql_errno(db->my);
		log_warn("database: cannot connect to %s: %s",
		    c->socket != NULL ? c->socket : (c->host != NULL ?
		    c->host : "localhost"), mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		db->gone = 1;
		return -1;
	}
	if (mysql_query(db->my, "SET time_zone = '+00:00', sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION,"
	    "ERROR_FOR_DIVISION_BY_ZERO'") != 0) {
		db_fail(db, mysql_errno(db->my), "session setup",
		    mysql_error(db->my), NULL);
		db_close(db);
		db->gone = 1;
		return -1;
	}
	db->trips++;
	return 0;
}

int
at_db_gone(const struct at_db *db)
{
	return db->gone;
}

unsigned int
at_db_errno(const struct at_db *db)
{
	return db->err;
}

unsigned int
at_db_roundtrips(const struct at_db *db)
{
	return db->trips;
}

void
at_db_reset_roundtrips(struct at_db *db)
{
	db->trips = 0;
}

/* The cached statement for sql, prepared now if new; NULL on error. */
static MYSQL_STMT *
db_prepare(struct at_db *db, const char *sql)
{
	MYSQL_STMT	*st;
	size_t		 i;

	if (db->my == NULL || db->gone) {
		db->gone = 1;
		db->err = CR_SERVER_GONE_ERROR;
		return NULL;
	}
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql || strcmp(db->cache[i].sql,
		    sql) == 0)
			return db->cache[i].stmt;
	if ((st = mysql_stmt_init(db->my)) == NULL)
		abort();
	db->trips++;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		db_fail(db, mysql_stmt_errno(st), "prepare",
		    mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	if (db->ncache == DB_CACHE) {
		/* Full: drop the oldest. */
		mysql_stmt_close(db->cache[0].stmt);
		memmove(db->cache, db->cache + 1,
		    (DB_CACHE - 1) * sizeof(db->cache[0]));
		db->ncache--;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = st;
	db->ncache++;
	return st;
}

/*
 * Binds the arguments described by fmt to st's parameters.  binds, ints
 * and lens are the caller's arrays of DB_MAXPARAMS.  0, or -1 when the
 * format does not fit the statement (a programming error, logged).
 */
static int
db_bind(struct at_db *db, MYSQL_STMT *st, const char *sql, const char *fmt,
    va_list ap, MYSQL_BIND *b, long long *ints, unsigned long *lens,
    my_bool *nulls)
{
	unsigned long	 n;
	size_t		 i;
	const char	*s;

	n = mysql_stmt_param_count(st);
	if (strlen(fmt) != n || n > DB_MAXPARAMS) {
		log_warn("database: %lu parameters but format \"%s\" in: %s",
		    n, fmt, sql);
		db->err = 0;
		return -1;
	}
	memset(b, 0, n * sizeof(*b));
	for (i = 0; i < n; i++) {
		nulls[i] = 0;
		b[i].is_null = &nulls[i];
		switch (fmt[i]) {
		case 'i':
			ints[i] = va_arg(ap, int);
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &ints[i];
			break;
		case 'I':
			ints[i] = va_arg(ap, long long);
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &ints[i];
			break;
		case 's':
			s = va_arg(ap, const char *);
			b[i].buffer_type = MYSQL_TYPE_STRING;
			if (s == NULL)
				nulls[i] = 1;
			else {
				b[i].buffer = (void *)s;
				lens[i] = (unsigned long)strlen(s);
				b[i].buffer_length = lens[i];
				b[i].length = &lens[i];
			}
			break;
		case 'b':
			b[i].buffer = va_arg(ap, void *);
			lens[i] = (unsigned long)va_arg(ap, size_t);
			b[i].buffer_type = MYSQL_TYPE_BLOB;
			b[i].buffer_length = lens[i];
			b[i].length = &lens[i];
			if (b[i].buffer == NULL)
				nulls[i] = 1;
			break;
		default:
			log_warn("database: bad format letter '%c' in: %s",
			    fmt[i], sql);
			return -1;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(st, b) != 0) {
		db_fail(db, mysql_stmt_errno(st), "bind",
		    mysql_stmt_error(st), sql);
		return -1;
	}
	return 0;
}

/* Prepares, binds and executes; the statement, or NULL on error. */
static MYSQL_STMT *
db_run(struct at_db *db, const char *sql, const char *fmt, va_list ap)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	 b[DB_MAXPARAMS];
	long long	 ints[DB_MAXPARAMS];
	unsigned long	 lens[DB_MAXPARAMS];
	my_bool		 nulls[DB_MAXPARAMS];

	db->err = 0;
	if ((st = db_prepare(db, sql)) == NULL)
		return NULL;
	if (db_bind(db, st, sql, fmt, ap, b, ints, lens, nulls) == -1)
		return NULL;
	db->trips++;
	if (mysql_stmt_execute(st) != 0) {
		db_fail(db, mysql_stmt_errno(st), "execute",
		    mysql_stmt_error(st), sql);
		return NULL;
	}
	return st;
}

/* See db.h. */
struct at_rows *
at_db_select(struct at_db *db, struct at_pool *pool, const char *sql,
    const char *fmt, ...)
{
	MYSQL_STMT	*st;
	MYSQL_RES	*meta;
	MYSQL_FIELD	*fields;
	MYSQL_BIND	*rb;
	unsigned long	*lens;
	my_bool		*nulls, *errs;
	struct at_rows	*rows = NULL;
	va_list		 ap;
	size_t		 c, r, ncol;
	unsigned long	 bsz;
	MYSQL_BIND	 one;
	my_bool		 upd = 1;
	char		**bufs;
	int		 rc;

	va_start(ap, fmt);
	st = db_run(db, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return NULL;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &upd);
	if (mysql_stmt_store_result(st) != 0) {
		db_fail(db, mysql_stmt_errno(st), "store",
		    mysql_stmt_error(st), sql);
		return NULL;
	}
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		log_warn("database: no result set from: %s", sql);
		mysql_stmt_free_result(st);
		return NULL;
	}
	ncol = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	rows = at_palloc(pool, sizeof(*rows));
	rows->ncol = ncol;
	rows->n = (size_t)mysql_stmt_num_rows(st);
	rows->cols = at_palloc(pool, (ncol + 1) * sizeof(char *));
	rows->v = at_palloc(pool, (rows->n * ncol + 1) * sizeof(char *));
	rows->len = at_palloc(pool, (rows->n * ncol + 1) *
	    sizeof(unsigned long));
	rb = at_palloc(pool, (ncol + 1) * sizeof(*rb));
	lens = at_palloc(pool, (ncol + 1) * sizeof(*lens));
	nulls = at_palloc(pool, (ncol + 1) * sizeof(*nulls));
	errs = at_palloc(pool, (ncol + 1) * sizeof(*errs));
	bufs = at_palloc(pool, (ncol + 1) * sizeof(*bufs));
	for (c = 0; c < ncol; c++) {
		rows->cols[c] = at_pstrdup(pool, fields[c].name);
		/* Numbers and dates may report a binary length: pad. */
		bsz = fields[c].max_length + 1;
		if (bsz < 72)
			bsz = 72;
		bufs[c] = at_palloc(pool, bsz);
		rb[c].buffer_type = MYSQL_TYPE_STRING;
		rb[c].buffer = bufs[c];
		rb[c].buffer_length = bsz;
		rb[c].length = &lens[c];
		rb[c].is_null = &nulls[c];
		rb[c].error = &errs[c];
	}
	mysql_free_result(meta);
	if (ncol > 0 && mysql_stmt_bind_result(st, rb) != 0) {
		db_fail(db, mysql_stmt_errno(st), "bind result",
		    mysql_stmt_error(st), sql);
		mysql_stmt_free_result(st);
		return NULL;
	}
	for (r = 0; r < rows->n; r++) {
		rc = mysql_stmt_fetch(st);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc == 1) {
			db_fail(db, mysql_stmt_errno(st), "fetch",
			    mysql_stmt_error(st), sql);
			mysql_stmt_free_result(st);
			return NULL;
		}
		for (c = 0; c < ncol; c++) {
			if (nulls[c]) {
				rows->v[r * ncol + c] = NULL;
				continue;
			}
			if (lens[c] >= rb[c].buffer_length) {
				/* Truncated: fetch this value whole. */
				memset(&one, 0, sizeof(one));
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = at_palloc(pool, lens[c] + 1);
				one.buffer_length = lens[c] + 1;
				if (mysql_stmt_fetch_column(st, &one,
				    (unsigned int)c, 0) != 0) {
					db_fail(db, mysql_stmt_errno(st),
					    "fetch column",
					    mysql_stmt_error(st), sql);
					mysql_stmt_free_result(st);
					return NULL;
				}
				rows->v[r * ncol + c] = one.buffer;
			} else
				rows->v[r * ncol + c] = at_pstrndup(pool,
				    bufs[c], lens[c]);
			rows->len[r * ncol + c] = lens[c];
		}
	}
	rows->n = r;
	mysql_stmt_free_result(st);
	return rows;
}

/* See db.h. */
long long
at_db_exec(struct at_db *db, const char *sql, const char *fmt, ...)
{
	MYSQL_STMT	*st;
	va_list		 ap;
	long long	 n;

	va_start(ap, fmt);
	st = db_run(db, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	n = (long long)mysql_stmt_affected_rows(st);
	db->last_id = (long long)mysql_stmt_insert_id(st);
	mysql_stmt_free_result(st);
	return n;
}

long long
at_db_insert_id(struct at_db *db)
{
	return db->last_id;
}

/* Runs text of several statements (migrations); drains every result. */
int
at_db_script(struct at_db *db, const char *sql, const char **errstr)
{
	MYSQL_RES	*res;
	int		 rc;
	static char	 msg[512];

	if (db->my == NULL || db->gone) {
		*errstr = "not connected";
		return -1;
	}
	db->trips++;
	rc = mysql_real_query(db->my, sql, (unsigned long)strlen(sql));
	for (;;) {
		if (rc != 0) {
			snprintf(msg, sizeof(msg), "%u: %s",
			    mysql_errno(db->my), mysql_error(db->my));
			db->err = mysql_errno(db->my);
			if (db_lost(db->err))
				db->gone = 1;
			*errstr = msg;
			/* Drain what is left so the connection stays usable. */
			while (mysql_more_results(db->my) &&
			    mysql_next_result(db->my) == 0)
				if ((res = mysql_store_result(db->my)) != NULL)
					mysql_free_result(res);
			return -1;
		}
		if ((res = mysql_store_result(db->my)) != NULL)
			mysql_free_result(res);
		if (!mysql_more_results(db->my))
			break;
		rc = mysql_next_result(db->my);
		if (rc == -1)
			break;
	}
	return 0;
}

/* Runs a plain statement without parameters; 0 or -1. */
static int
db_simple(struct at_db *db, const char *sql)
{
	if (db->my == NULL || db->gone) {
		db->gone = 1;
		return -1;
	}
	db->trips++;
	if (mysql_query(db->my, sql) != 0) {
		db_fail(db, mysql_errno(db->my), sql, mysql_error(db->my),
		    NULL);
		return -1;
	}
	return 0;
}

int
at_db_begin(struct at_db *db)
{
	return db_simple(db, "START TRANSACTION");
}

int
at_db_commit(struct at_db *db)
{
	return db_simple(db, "COMMIT");
}

int
at_db_rollback(struct at_db *db)
{
	return db_simple(db, "ROLLBACK");
}

/* See db.h. */
const char *
at_row(const struct at_rows *rows, size_t r, const char *col)
{
	size_t	 c;

	if (rows == NULL || r >= rows->n)
		return NULL;
	for (c = 0; c < rows->ncol; c++)
		if (strcmp(rows->cols[c], col) == 0)
			return rows->v[r * rows->ncol + c];
	return NULL;
}

/* See db.h. */
long long
at_row_int(const struct at_rows *rows, size_t r, const char *col,
    long long def)
{
	long long	 n;

	if (at_strtoll(at_row(rows, r, col), &n) == -1)
		return def;
	return n;
}
