/*
 * Numbered migrations per component (include/atrium/db.h): the files
 * NNN_name.sql of a folder (schema/<component>/), applied in numeric
 * order, each once, recorded in the migrations table.  A component
 * without a folder has no migrations.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct mig {
	int		 version;
	const char	*name;		/* the file's name, in the pool */
};

/* Orders migrations by number. */
static int
mig_cmp(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;

	return x->version < y->version ? -1 : x->version > y->version;
}

/*
 * Whether name is a migration file, ^[0-9]+_.*\.sql$; its number goes to
 * *version.  A number too large for an int is not one.
 */
static int
mig_name(const char *name, int *version)
{
	size_t		 len;
	long long	 v = 0;
	const char	*p;

	len = strlen(name);
	if (len < 6 || strcmp(name + len - 4, ".sql") != 0)
		return 0;
	for (p = name; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return 0;
	}
	if (p == name || *p != '_')
		return 0;
	*version = (int)v;
	return 1;
}

/*
 * Lists dir's migration files into *out (pool memory, sorted by number).
 * A missing folder has none.  Returns the count, or -1 with errstr (pool
 * memory) when the folder cannot be read or two files share a number.
 */
static int
mig_list(struct at_pool *pool, const char *dir, struct mig **out,
    const char **errstr)
{
	DIR		*d;
	struct dirent	*e;
	struct mig	*m = NULL, *nm;
	size_t		 n = 0, cap = 0, i;
	int		 v;

	*out = NULL;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		*errstr = at_pprintf(pool, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!mig_name(e->d_name, &v))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			nm = at_palloc(pool, cap * sizeof(*m));
			if (n > 0)
				memcpy(nm, m, n * sizeof(*m));
			m = nm;
		}
		m[n].version = v;
		m[n].name = at_pstrdup(pool, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(m, n, sizeof(*m), mig_cmp);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			*errstr = at_pprintf(pool, "%s: %s and %s have the "
			    "same number", dir, m[i - 1].name, m[i].name);
			return -1;
		}
	*out = m;
	return (int)n;
}

/* Reads the file at path whole into the pool; NULL on error. */
static char *
mig_read(struct at_pool *pool, const char *path)
{
	FILE	*f;
	long	 sz;
	char	*buf;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (sz = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1) {
		fclose(f);
		return NULL;
	}
	buf = at_palloc(pool, (size_t)sz + 1);
	if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	return buf;
}

/*
 * Whether the migration file at path says the program runs without it:
 * a line "-- optional: WHY" among the comment lines before its first
 * statement (see docs/admin.md, "Upgrades").  A file that cannot be
 * read is not optional.
 */
static int
mig_optional(const char *path)
{
	FILE	*f;
	char	 line[512];
	char	*p;
	int	 opt = 0;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		for (p = line; *p == ' ' || *p == '\t'; p++)
			continue;
		if (*p == '\n' || *p == '\r' || *p == '\0')
			continue;
		if (strncmp(p, "--", 2) != 0)
			break;
		for (p += 2; *p == ' ' || *p == '\t'; p++)
			continue;
		if (strncmp(p, "optional:", 9) == 0) {
			opt = 1;
			break;
		}
	}
	fclose(f);
	return opt;
}

/*
 * The versions of component already recorded, as rows in the pool.  When
 * the migrations table does not exist yet it is created if create is set,
 * else nothing is recorded (dry runs and status change nothing).  NULL on
 * error with errstr set.
 */
static struct at_rows *
mig_done(struct at_db *db, struct at_pool *pool, const char *component,
    int create, const char **errstr)
{
	struct at_rows	*rows;
	const char	*err;

	rows = at_db_select(db, pool, "SELECT COUNT(*) AS n FROM "
	    "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
	    "AND TABLE_NAME = 'migrations'", "");
	if (rows == NULL) {
		*errstr = "cannot look for the migrations table";
		return NULL;
	}
	if (at_row_int(rows, 0, "n", 0) == 0) {
		if (!create)
			return at_palloc(pool, sizeof(*rows));
		if (at_db_script(db, "CREATE TABLE IF NOT EXISTS migrations ("
		    "component VARCHAR(64) NOT NULL, "
		    "version INT NOT NULL, "
		    "name VARCHAR(200) NOT NULL, "
		    "applied_at DATETIME NOT NULL, "
		    "PRIMARY KEY (component, version)"
		    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", &err) == -1) {
			*errstr = at_pprintf(pool, "cannot create the "
			    "migrations table: %s", err);
			return NULL;
		}
	}
	rows = at_db_select(db, pool, "SELECT version FROM migrations "
	    "WHERE component = ?", "s", component);
	if (rows == NULL)
		*errstr = "cannot read the migrations table";
	return rows;
}

/* Whether version is among the recorded rows. */
static int
mig_applied(const struct at_rows *rows, int version)
{
	size_t	 i;

	for (i = 0; i < rows->n; i++)
		if (at_row_int(rows, i, "version", -1) == version)
			return 1;
	return 0;
}

/*
 * Applies (apply set) or lists the migrations of component in dir; see
 * at_migrate() and at_migrate_status().  Returns the number applied (or
 * that a dry run would apply, or pending), or -1 with errstr set.  When
 * listing, *required (if not NULL) gets how many of the pending ones the
 * program needs (all but those marked optional).
 */
static int
mig_run(struct at_db *db, const char *component, const char *dir,
    int apply, int dry_run, void (*out)(const char *, void *), void *outarg,
    int *required, const char **errstr)
{
	static char	 msg[1024];
	struct at_pool	*pool;
	struct at_rows	*done;
	struct mig	*m;
	const char	*err = NULL;
	char		*sql, *path;
	int		 n, i, opt, count = 0;

	pool = at_pool_new();
	if ((n = mig_list(pool, dir, &m, &err)) == -1)
		goto fail;
	if (n == 0) {
		/* No schema (a plugin without tables): nothing to ask. */
		at_pool_free(pool);
		return 0;
	}
	if (at_db_ensure(db) == -1) {
		err = "cannot connect to the database";
		goto fail;
	}
	if ((done = mig_done(db, pool, component, apply && !dry_run,
	    &err)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if (mig_applied(done, m[i].version)) {
			if (!apply && out != NULL)
				out(at_pprintf(pool, "applied %s %s",
				    component, m[i].name), outarg);
			continue;
		}
		count++;
		if (!apply || dry_run) {
			opt = mig_optional(at_pprintf(pool, "%s/%s", dir,
			    m[i].name));
			if (!opt && required != NULL)
				(*required)++;
			if (out != NULL)
				out(at_pprintf(pool, "%s %s %s%s", apply ?
				    "would apply" : "pending", component,
				    m[i].name, opt ? " (optional)" : ""),
				    outarg);
			continue;
		}
		path = at_pprintf(pool, "%s/%s", dir, m[i].name);
		if ((sql = mig_read(pool, path)) == NULL) {
			err = at_pprintf(pool, "%s: cannot read the file",
			    path);
			goto fail;
		}
		/*
		 * DDL commits implicitly in MariaDB, so a migration cannot
		 * be rolled back as a whole and recording it in the same
		 * transaction would mean nothing: it is recorded right after
		 * it ran.  A failing one stops the run with its error; what
		 * it did before the error stays, for the admin to mend.
		 */
		if (at_db_script(db, sql, &err) == -1) {
			err = at_pprintf(pool, "%s: %s", m[i].name, err);
			goto fail;
		}
		if (at_db_exec(db, "INSERT INTO migrations (component, "
		    "version, name, applied_at) VALUES (?, ?, ?, "
		    "UTC_TIMESTAMP())", "sis", component, m[i].version,
		    m[i].name) == -1) {
			err = at_pprintf(pool, "%s: applied but cannot be "
			    "recorded", m[i].name);
			goto fail;
		}
		if (out != NULL)
			out(at_pprintf(pool, "applied %s %s", component,
			    m[i].name), outarg);
	}
	at_pool_free(pool);
	return count;
fail:
	/* The message must outlive the pool. */
	snprintf(msg, sizeof(msg), "%s", err != NULL ? err : "failed");
	*errstr = msg;
	at_pool_free(pool);
	return -1;
}

/*
 * Applies component's pending migrations from dir in order, printing
 * "applied COMPONENT FILE" for each to out (or "would apply ..." and
 * nothing changed with dry_run).  Returns the number applied, or -1 with
 * errstr (static storage) set.
 */
int
at_migrate(struct at_db *db, const char *component, const char *dir,
    int dry_run, void (*out)(const char *, void *), void *outarg,
    const char **errstr)
{
	return mig_run(db, component, dir, 1, dry_run, out, outarg, NULL,
	    errstr);
}

/*
 * Prints "applied COMPONENT FILE" or "pending COMPONENT FILE" for each of
 * component's migrations in dir.  Returns the number pending, or -1 with
 * errstr (static storage) set.
 */
int
at_migrate_status(struct at_db *db, const char *component, const char *dir,
    void (*out)(const char *, void *), void *outarg, const char **errstr)
{
	return mig_run(db, component, dir, 0, 0, out, outarg, NULL, errstr);
}

/*
 * The number of migrations of the core, the hub and the site's plugins
 * (each from <paths.data>/schema/<component>) not applied to db yet; an
 * empty database has all of them pending.  *required (if not NULL) gets
 * how many of them this program needs: all but those whose file says
 * "-- optional:".  -1 with errstr (static storage) set when the database
 * or a folder cannot be read.
 */
int
at_migrate_pending(struct at_db *db, const struct at_site *site,
    int *required, const char **errstr)
{
	char		 dir[4096];
	const char	*name;
	size_t		 i;
	int		 n, total = 0;

	if (required != NULL)
		*required = 0;
	for (i = 0; i < site->nplugins + 2; i++) {
		name = i == 0 ? "core" : i == 1 ? "hub" : site->plugins[i - 2];
		snprintf(dir, sizeof(dir), "%s/schema/%s", site->data_dir,
		    name);
		n = mig_run(db, name, dir, 0, 0, NULL, NULL, required, errstr);
		if (n == -1)
			return -1;
		total += n;
	}
	return total;
}

/*
 * The highest migration number among the files of dir: 0 when it has
 * none (or does not exist), -1 when it cannot be read.
 */
int
at_migrate_latest(const char *dir)
{
	struct at_pool	*pool;
	struct mig	*m;
	const char	*err = NULL;
	int		 n, v;

	pool = at_pool_new();
	n = mig_list(pool, dir, &m, &err);
	v = n > 0 ? m[n - 1].version : n;
	at_pool_free(pool);
	return v;
}
