/*
 * The database wrapper (include/atrium/db.h) over MariaDB Connector/C.
 *
 * Statements are prepared once per connection and kept by a number: each
 * distinct SQL text gets one for the process (a hash table of the texts),
 * and each connection keeps its prepared statements in an array indexed
 * by it.  at_db_select() and at_db_exec() are macros that give each call
 * site a static key (struct at_stmt_key): a call site passing a string
 * literal finds its number there, so a lookup neither hashes nor compares
 * text; any other text is hashed once per call.  There is no small cap:
 * a connection holds up to DB_MAXSTMT statements before it closes them
 * all and starts again, and the texts table is cleared (keys and
 * connections notice the new generation) past DB_MAXTEXTS texts.
 *
 * A lost connection marks the handle gone: the request that met it
 * answers 503, and at_db_ensure() closes everything, forgets the prepared
 * statements and reconnects on the next one, so statements are prepared
 * again.  The library's own reconnect is off: silently reconnecting would
 * lose the session settings and any open transaction.
 *
 * The connection uses CLIENT_FOUND_ROWS: at_db_exec() of an UPDATE counts
 * the rows it matched, not only those it changed, so "0" means "no such
 * row" even when the new values equal the old ones.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "core.h"

#define DB_MAXSTMT	4096	/* prepared statements per connection */
#define DB_MAXTEXTS	16384	/* distinct statement texts per process */
#define DB_MAXPARAMS	64	/* parameters in one statement */
#define DB_MINBUF	72	/* a number or date as text always fits */

/* Set on every new connection, in one round trip. */
#define DB_SESSION	"SET time_zone = '+00:00', sql_mode = " \
			"'STRICT_ALL_TABLES,NO_ZERO_DATE," \
			"NO_ENGINE_SUBSTITUTION'"

/* A distinct statement text and its number (1 onwards). */
struct db_text {
	char		*sql;		/* a copy; NULL: a free slot */
	uint64_t	 hash;
	unsigned int	 id;
};

/* The process's statement texts: open addressing, a power of 2 slots. */
static struct db_text	*texts;
static size_t		 texts_cap, ntexts;
static unsigned int	 texts_gen = 1;	/* bumped when cleared */

struct at_db {
	const struct at_dbconf *conf;
	MYSQL		*my;		/* NULL while not connected */
	int		 gone;		/* a call met a lost connection */
	unsigned int	 err;		/* errno of the last failed call */
	unsigned int	 trips;		/* round trips since the reset */
	long long	 last_id;	/* AUTO_INCREMENT of the last insert */
	MYSQL_STMT	**stmts;	/* prepared, by text number */
	size_t		 stmts_cap;
	size_t		 nstmts;	/* prepared */
	unsigned int	 gen;		/* texts_gen the numbers are of */
};

/* The parameter arrays of one execution, on the caller's stack. */
struct db_params {
	MYSQL_BIND	 b[DB_MAXPARAMS];
	long long	 ints[DB_MAXPARAMS];
	unsigned long	 lens[DB_MAXPARAMS];
	my_bool		 nulls[DB_MAXPARAMS];
};

/* Whether error number e means the connection is lost or unusable. */
static int
db_lost(unsigned int e)
{
	switch (e) {
	case CR_CONNECTION_ERROR:	/* 2002 */
	case CR_CONN_HOST_ERROR:	/* 2003 */
	case CR_SERVER_GONE_ERROR:	/* 2006 */
	case CR_SERVER_LOST:		/* 2013 */
	case 2026:			/* CR_SSL_CONNECTION_ERROR */
	case ER_SERVER_SHUTDOWN:	/* 1053 */
	case 1927:			/* ER_CONNECTION_KILLED */
	case 4031:			/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/*
 * Records error e (message msg) of step what for the caller.  A lost
 * connection marks the handle gone (logged once); any other error is
 * logged with the statement's text.  Nothing here reaches a client.
 */
static void
db_fail(struct at_db *db, unsigned int e, const char *what, const char *msg,
    const char *sql)
{
	db->err = e;
	if (db_lost(e)) {
		if (!db->gone)
			log_warn("db: %s: connection lost (%u: %s)", what, e,
			    msg);
		db->gone = 1;
		return;
	}
	log_warn("db: %s: error %u: %s%s%s", what, e, msg,
	    sql != NULL ? "; in: " : "", sql != NULL ? sql : "");
}

/*
 * A new handle for the server conf names (conf must outlive it).  It does
 * not connect: the first at_db_ensure() does.  Freed by at_db_free().
 */
struct at_db *
at_db_new(const struct at_dbconf *conf)
{
	struct at_db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		abort();
	db->conf = conf;
	return db;
}

/* Closes every prepared statement of db (the connection stays). */
static void
db_stmts_close(struct at_db *db)
{
	size_t	 i;

	for (i = 0; i < db->stmts_cap && db->nstmts > 0; i++)
		if (db->stmts[i] != NULL) {
			mysql_stmt_close(db->stmts[i]);
			db->stmts[i] = NULL;
			db->nstmts--;
		}
	db->nstmts = 0;
}

/* Closes every prepared statement and the connection, if any. */
static void
db_close(struct at_db *db)
{
	db_stmts_close(db);
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
}

/* Closes the connection and frees the handle; NULL is allowed. */
void
at_db_free(struct at_db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db->stmts);
	free(db);
}

/*
 * Connects when not connected or after a loss (closing what is left and
 * forgetting the statement cache first), then sets the session's time
 * zone and SQL mode.  Costs nothing while connected: a dead server shows
 * on the next statement instead.  0, or -1 when the server cannot be
 * reached (logged; the handle stays gone).
 */
int
at_db_ensure(struct at_db *db)
{
	const struct at_dbconf *c = db->conf;
	const char	*host;
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
	host = c->socket != NULL && c->socket[0] != '\0' ? NULL : c->host;
	if (host != NULL && host[0] == '\0')
		host = NULL;
	db->trips++;
	if (mysql_real_connect(db->my, host, c->user, c->password, c->name,
	    c->port, host == NULL ? c->socket : NULL,
	    CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS) == NULL) {
		db->err = mysql_errno(db->my);
		log_warn("%s: cannot connect to %s: %s", __func__,
		    host != NULL ? host : (c->socket != NULL ? c->socket :
		    "localhost"), mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		db->gone = 1;
		return -1;
	}
	db->trips++;
	if (mysql_query(db->my, DB_SESSION) != 0) {
		db_fail(db, mysql_errno(db->my), __func__,
		    mysql_error(db->my), DB_SESSION);
		db_close(db);
		db->gone = 1;
		return -1;
	}
	db->err = 0;
	return 0;
}

/* Whether a call met a lost connection since the last at_db_ensure(). */
int
at_db_gone(const struct at_db *db)
{
	return db->gone;
}

/* The error number of the last failed call (0 after a success). */
unsigned int
at_db_errno(const struct at_db *db)
{
	return db->err;
}

/* Round trips (connects, prepares, executes, plain queries) counted. */
unsigned int
at_db_roundtrips(const struct at_db *db)
{
	return db->trips;
}

/* Starts counting round trips again from zero. */
void
at_db_reset_roundtrips(struct at_db *db)
{
	db->trips = 0;
}

/*
 * Clears the last error; -1 (the handle gone) when there is no connection
 * to talk to: at_db_ensure() was not called or a call lost it.
 */
static int
db_ready(struct at_db *db)
{
	db->err = 0;
	if (db->my == NULL || db->gone) {
		db->gone = 1;
		db->err = CR_SERVER_GONE_ERROR;
		return -1;
	}
	return 0;
}

/* FNV-1a of s. */
static uint64_t
db_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Forgets every text (their numbers die with texts_gen). */
static void
db_texts_clear(void)
{
	size_t	 i;

	for (i = 0; i < texts_cap; i++)
		free(texts[i].sql);
	memset(texts, 0, texts_cap * sizeof(*texts));
	ntexts = 0;
	texts_gen++;
	log_info("db: over %d distinct statements: numbering them again",
	    DB_MAXTEXTS);
}

/* Puts t into the table (which has room) without copying. */
static void
db_texts_put(struct db_text *t)
{
	size_t	 i;

	for (i = t->hash & (texts_cap - 1); texts[i].sql != NULL;
	    i = (i + 1) & (texts_cap - 1))
		;
	texts[i] = *t;
}

/*
 * The number of statement text sql in this process, given a number now
 * when it is new (the table keeps a copy).  Hashes sql once.
 */
static unsigned int
db_text_id(const char *sql)
{
	struct db_text	*old, t;
	size_t		 i, oldcap;
	uint64_t	 h;

	h = db_hash(sql);
	for (i = h & (texts_cap - 1); texts_cap > 0 && texts[i].sql != NULL;
	    i = (i + 1) & (texts_cap - 1))
		if (texts[i].hash == h && strcmp(texts[i].sql, sql) == 0)
			return texts[i].id;
	if (ntexts >= DB_MAXTEXTS)
		db_texts_clear();
	if ((ntexts + 1) * 2 > texts_cap) {
		/* Half full at most: grow and put every text again. */
		old = texts;
		oldcap = texts_cap;
		texts_cap = texts_cap == 0 ? 512 : texts_cap * 2;
		if ((texts = calloc(texts_cap, sizeof(*texts))) == NULL)
			abort();
		for (i = 0; i < oldcap; i++)
			if (old[i].sql != NULL)
				db_texts_put(&old[i]);
		free(old);
	}
	t.hash = h;
	t.id = (unsigned int)++ntexts;
	if ((t.sql = strdup(sql)) == NULL)
		abort();
	db_texts_put(&t);
	return t.id;
}

/*
 * The prepared statement for sql (key: the call site's, or NULL), prepared
 * now (one round trip) when new on this connection.  The connection owns
 * it.  NULL on error (recorded in db).
 */
static MYSQL_STMT *
db_prepare(struct at_db *db, struct at_stmt_key *key, const char *sql)
{
	MYSQL_STMT	*st;
	unsigned int	 id, gen;
	size_t		 cap;

	if (db_ready(db) == -1)
		return NULL;
	if (key != NULL && key->gen == texts_gen && key->sql == sql)
		id = key->id;
	else {
		id = db_text_id(sql);
		if (key != NULL) {
			key->sql = sql;
			key->id = id;
			key->gen = texts_gen;
		}
	}
	gen = texts_gen;
	if (db->gen != gen) {
		/* The numbers were given again: forget the old ones. */
		db_stmts_close(db);
		db->gen = gen;
	}
	if (id < db->stmts_cap && db->stmts[id] != NULL)
		return db->stmts[id];
	if ((st = mysql_stmt_init(db->my)) == NULL)
		abort();
	db->trips++;
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
		db_fail(db, mysql_stmt_errno(st), "prepare",
		    mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	if (db->nstmts >= DB_MAXSTMT) {
		/* The server caps prepared statements: start again. */
		log_info("db: %d statements prepared on one connection: "
		    "closing them", DB_MAXSTMT);
		db_stmts_close(db);
	}
	if (id >= db->stmts_cap) {
		cap = db->stmts_cap == 0 ? 256 : db->stmts_cap;
		while (cap <= id)
			cap *= 2;
		if ((db->stmts = reallocarray(db->stmts, cap,
		    sizeof(*db->stmts))) == NULL)
			abort();
		memset(db->stmts + db->stmts_cap, 0,
		    (cap - db->stmts_cap) * sizeof(*db->stmts));
		db->stmts_cap = cap;
	}
	db->stmts[id] = st;
	db->nstmts++;
	return st;
}

/*
 * Binds the arguments described by fmt to st's parameters, using p for
 * storage.  0, or -1 when the format does not fit the statement (a
 * programming error, logged with the statement).
 */
static int
db_bind(struct at_db *db, MYSQL_STMT *st, const char *sql, const char *fmt,
    va_list ap, struct db_params *p)
{
	unsigned long	 n;
	size_t		 i;
	const char	*s;
	const void	*v;

	n = mysql_stmt_param_count(st);
	if (strlen(fmt) != n || n > DB_MAXPARAMS) {
		log_warn("%s: the statement has %lu parameters but the "
		    "format is \"%s\"; in: %s", __func__, n, fmt, sql);
		db->err = 0;
		return -1;
	}
	memset(p->b, 0, n * sizeof(p->b[0]));
	for (i = 0; i < n; i++) {
		p->nulls[i] = 0;
		p->b[i].is_null = &p->nulls[i];
		switch (fmt[i]) {
		case 'i':
			p->ints[i] = va_arg(ap, int);
			p->b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->b[i].buffer = &p->ints[i];
			break;
		case 'I':
			p->ints[i] = va_arg(ap, long long);
			p->b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->b[i].buffer = &p->ints[i];
			break;
		case 's':
			s = va_arg(ap, const char *);
			p->b[i].buffer_type = MYSQL_TYPE_STRING;
			if (s == NULL) {
				p->nulls[i] = 1;
				break;
			}
			p->lens[i] = (unsigned long)strlen(s);
			p->b[i].buffer = (void *)s;
			p->b[i].buffer_length = p->lens[i];
			p->b[i].length = &p->lens[i];
			break;
		case 'b':
			v = va_arg(ap, const void *);
			p->lens[i] = (unsigned long)va_arg(ap, size_t);
			p->b[i].buffer_type = MYSQL_TYPE_BLOB;
			if (v == NULL) {
				p->nulls[i] = 1;
				break;
			}
			p->b[i].buffer = (void *)v;
			p->b[i].buffer_length = p->lens[i];
			p->b[i].length = &p->lens[i];
			break;
		default:
			log_warn("%s: bad format letter '%c' in \"%s\"; in: %s",
			    __func__, fmt[i], fmt, sql);
			db->err = 0;
			return -1;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(st, p->b) != 0) {
		db_fail(db, mysql_stmt_errno(st), "bind",
		    mysql_stmt_error(st), sql);
		return -1;
	}
	return 0;
}

/*
 * Prepares (or finds), binds and executes sql.  The statement (owned by
 * the cache), or NULL on error (recorded and logged).
 */
static MYSQL_STMT *
db_run(struct at_db *db, struct at_stmt_key *key, const char *sql,
    const char *fmt, va_list ap)
{
	struct db_params p;
	MYSQL_STMT	*st;

	db->err = 0;
	if (fmt == NULL)
		fmt = "";
	if ((st = db_prepare(db, key, sql)) == NULL)
		return NULL;
	if (db_bind(db, st, sql, fmt, ap, &p) == -1)
		return NULL;
	db->trips++;
	if (mysql_stmt_execute(st) != 0) {
		db_fail(db, mysql_stmt_errno(st), "execute",
		    mysql_stmt_error(st), sql);
		return NULL;
	}
	return st;
}

/*
 * Reads the stored result of st into rows (pool memory).  Every column is
 * fetched as text into a scratch buffer sized by the result's longest
 * value; a value that still does not fit is fetched again whole.  0 or -1.
 */
static int
db_fetch(struct at_db *db, struct at_pool *pool, MYSQL_STMT *st,
    const char *sql, struct at_rows *rows)
{
	MYSQL_RES	*meta;
	MYSQL_FIELD	*fields;
	MYSQL_BIND	*rb = NULL, one;
	unsigned long	*lens = NULL, bsz, l;
	my_bool		*nulls = NULL, *errs = NULL;
	char		**bufs = NULL, *val;
	size_t		 c, r, ncol = 0, i;
	int		 rc, ret = -1;

	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		log_warn("%s: the statement returns no rows; in: %s",
		    __func__, sql);
		return -1;
	}
	ncol = mysql_num_fields(meta);
	fields = mysql_fetch_fields(meta);
	rows->ncol = ncol;
	rows->n = (size_t)mysql_stmt_num_rows(st);
	rows->cols = at_palloc(pool, (ncol + 1) * sizeof(rows->cols[0]));
	rows->v = at_palloc(pool, (rows->n * ncol + 1) * sizeof(rows->v[0]));
	rows->len = at_palloc(pool, (rows->n * ncol + 1) *
	    sizeof(rows->len[0]));
	if ((rb = calloc(ncol + 1, sizeof(*rb))) == NULL ||
	    (lens = calloc(ncol + 1, sizeof(*lens))) == NULL ||
	    (nulls = calloc(ncol + 1, sizeof(*nulls))) == NULL ||
	    (errs = calloc(ncol + 1, sizeof(*errs))) == NULL ||
	    (bufs = calloc(ncol + 1, sizeof(*bufs))) == NULL)
		abort();
	for (c = 0; c < ncol; c++) {
		rows->cols[c] = at_pstrdup(pool, fields[c].name);
		/* Numbers and dates report their binary size: pad. */
		bsz = fields[c].max_length + 1;
		if (bsz < DB_MINBUF)
			bsz = DB_MINBUF;
		if ((bufs[c] = malloc(bsz)) == NULL)
			abort();
		rb[c].buffer_type = MYSQL_TYPE_STRING;
		rb[c].buffer = bufs[c];
		rb[c].buffer_length = bsz;
		rb[c].length = &lens[c];
		rb[c].is_null = &nulls[c];
		rb[c].error = &errs[c];
	}
	if (ncol > 0 && mysql_stmt_bind_result(st, rb) != 0) {
		db_fail(db, mysql_stmt_errno(st), "bind result",
		    mysql_stmt_error(st), sql);
		goto out;
	}
	for (r = 0; r < rows->n; r++) {
		rc = mysql_stmt_fetch(st);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc == 1) {
			db_fail(db, mysql_stmt_errno(st), "fetch",
			    mysql_stmt_error(st), sql);
			goto out;
		}
		for (c = 0; c < ncol; c++) {
			i = r * ncol + c;
			if (nulls[c])
				continue;
			l = lens[c];
			if (l < rb[c].buffer_length) {
				rows->v[i] = at_pstrndup(pool, bufs[c], l);
				rows->len[i] = l;
				continue;
			}
			/* Truncated: fetch this value whole. */
			val = at_palloc(pool, l + 1);
			memset(&one, 0, sizeof(one));
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = val;
			one.buffer_length = l + 1;
			one.length = &l;
			if (mysql_stmt_fetch_column(st, &one,
			    (unsigned int)c, 0) != 0) {
				db_fail(db, mysql_stmt_errno(st),
				    "fetch column", mysql_stmt_error(st), sql);
				goto out;
			}
			val[l] = '\0';
			rows->v[i] = val;
			rows->len[i] = l;
		}
	}
	rows->n = r;
	ret = 0;
out:
	for (c = 0; c < ncol; c++)
		free(bufs[c]);
	free(bufs);
	free(errs);
	free(nulls);
	free(lens);
	free(rb);
	mysql_free_result(meta);
	return ret;
}

/*
 * Runs a SELECT with the arguments fmt describes and reads every row into
 * pool memory as text (SQL NULL as a NULL value), named by the columns'
 * labels.  The rows, or NULL on error (logged; at_db_gone() tells a lost
 * connection).
 */
static struct at_rows *
db_vselect(struct at_db *db, struct at_stmt_key *key, struct at_pool *pool,
    const char *sql, const char *fmt, va_list ap)
{
	MYSQL_STMT	*st;
	struct at_rows	*rows;
	my_bool		 upd = 1;

	if ((st = db_run(db, key, sql, fmt, ap)) == NULL)
		return NULL;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &upd);
	if (mysql_stmt_store_result(st) != 0) {
		db_fail(db, mysql_stmt_errno(st), "store",
		    mysql_stmt_error(st), sql);
		mysql_stmt_free_result(st);
		return NULL;
	}
	rows = at_palloc(pool, sizeof(*rows));
	if (db_fetch(db, pool, st, sql, rows) == -1)
		rows = NULL;
	mysql_stmt_free_result(st);
	return rows;
}

/* See include/atrium/db.h: at_db_select() with its call site's key. */
struct at_rows *
at_db_select_k(struct at_stmt_key *key, struct at_db *db,
    struct at_pool *pool, const char *sql, const char *fmt, ...)
{
	struct at_rows	*rows;
	va_list		 ap;

	va_start(ap, fmt);
	rows = db_vselect(db, key, pool, sql, fmt, ap);
	va_end(ap);
	return rows;
}

/* See include/atrium/db.h: the entry point without a key (ABI 1.1). */
struct at_rows *
(at_db_select)(struct at_db *db, struct at_pool *pool, const char *sql,
    const char *fmt, ...)
{
	struct at_rows	*rows;
	va_list		 ap;

	va_start(ap, fmt);
	rows = db_vselect(db, NULL, pool, sql, fmt, ap);
	va_end(ap);
	return rows;
}

/*
 * Runs any other statement with the arguments fmt describes.  Returns the
 * rows it affected (matched, for an UPDATE), or -1 on error (logged).
 */
static long long
db_vexec(struct at_db *db, struct at_stmt_key *key, const char *sql,
    const char *fmt, va_list ap)
{
	MYSQL_STMT	*st;
	long long	 n, id;

	if ((st = db_run(db, key, sql, fmt, ap)) == NULL)
		return -1;
	n = (long long)mysql_stmt_affected_rows(st);
	if ((id = (long long)mysql_stmt_insert_id(st)) != 0)
		db->last_id = id;
	mysql_stmt_free_result(st);
	return n;
}

/* See include/atrium/db.h: at_db_exec() with its call site's key. */
long long
at_db_exec_k(struct at_stmt_key *key, struct at_db *db, const char *sql,
    const char *fmt, ...)
{
	va_list		 ap;
	long long	 n;

	va_start(ap, fmt);
	n = db_vexec(db, key, sql, fmt, ap);
	va_end(ap);
	return n;
}

/* See include/atrium/db.h: the entry point without a key (ABI 1.1). */
long long
(at_db_exec)(struct at_db *db, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	long long	 n;

	va_start(ap, fmt);
	n = db_vexec(db, NULL, sql, fmt, ap);
	va_end(ap);
	return n;
}

/* The AUTO_INCREMENT id of the last insert that made one, or 0. */
long long
at_db_insert_id(struct at_db *db)
{
	return db->last_id;
}

/*
 * Runs text of one or more statements without parameters (migrations)
 * and drains every result.  0, or -1 with errstr set to the first error
 * and its message (static storage, valid until the next call).
 */
int
at_db_script(struct at_db *db, const char *sql, const char **errstr)
{
	static char	 msg[1024];
	MYSQL_RES	*res;
	int		 rc;

	if (db_ready(db) == -1) {
		*errstr = "not connected to the database";
		return -1;
	}
	db->trips++;
	rc = mysql_real_query(db->my, sql, (unsigned long)strlen(sql));
	for (;;) {
		if (rc > 0)
			goto fail;
		if ((res = mysql_store_result(db->my)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(db->my) != 0)
			goto fail;
		if ((rc = mysql_next_result(db->my)) == -1)
			break;
	}
	return 0;
fail:
	db->err = mysql_errno(db->my);
	snprintf(msg, sizeof(msg), "error %u: %s", db->err,
	    mysql_error(db->my));
	*errstr = msg;
	if (db_lost(db->err))
		db->gone = 1;
	/* The server stops at the first error; drain what is left anyway. */
	while (!db->gone && mysql_more_results(db->my) &&
	    mysql_next_result(db->my) == 0)
		if ((res = mysql_store_result(db->my)) != NULL)
			mysql_free_result(res);
	return -1;
}

/* Starts a transaction; 0 or -1 (logged). */
int
at_db_begin(struct at_db *db)
{
	if (db_ready(db) == -1)
		return -1;
	db->trips++;
	if (mysql_query(db->my, "START TRANSACTION") != 0) {
		db_fail(db, mysql_errno(db->my), __func__,
		    mysql_error(db->my), "START TRANSACTION");
		return -1;
	}
	return 0;
}

/* Commits the transaction; 0 or -1 (logged). */
int
at_db_commit(struct at_db *db)
{
	if (db_ready(db) == -1)
		return -1;
	db->trips++;
	if (mysql_commit(db->my) != 0) {
		db_fail(db, mysql_errno(db->my), __func__,
		    mysql_error(db->my), "COMMIT");
		return -1;
	}
	return 0;
}

/* Rolls the transaction back; 0 or -1 (logged). */
int
at_db_rollback(struct at_db *db)
{
	if (db_ready(db) == -1)
		return -1;
	db->trips++;
	if (mysql_rollback(db->my) != 0) {
		db_fail(db, mysql_errno(db->my), __func__,
		    mysql_error(db->my), "ROLLBACK");
		return -1;
	}
	return 0;
}

/* The value at row r, column col; NULL for SQL NULL or no such column. */
const char *
at_row(const struct at_rows *rows, size_t r, const char *col)
{
	size_t	 c;

	if (rows == NULL || col == NULL || r >= rows->n)
		return NULL;
	for (c = 0; c < rows->ncol; c++)
		if (strcmp(rows->cols[c], col) == 0)
			return rows->v[r * rows->ncol + c];
	return NULL;
}

/* The value at row r, column col as a number; def when it is not one. */
long long
at_row_int(const struct at_rows *rows, size_t r, const char *col,
    long long def)
{
	const char	*s;
	long long	 n;

	if ((s = at_row(rows, r, col)) == NULL || at_strtoll(s, &n) == -1)
		return def;
	return n;
}
