/*
 * Numbered migrations per component: schema/<component>/NNN_name.sql,
 * applied in order, each once, recorded in the migrations table.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct mig {
	int		 version;
	char		*name;
};

/* Orders migrations by number. */
static int
mig_cmp(const void *a, const void *b)
{
	return ((const struct mig *)a)->version -
	    ((const struct mig *)b)->version;
}

/*
 * Lists dir's migration files into *out (malloc'd, sorted).  A missing
 * folder has none.  Returns the count, or -1 with errstr (duplicates).
 */
static int
mig_list(struct at_pool *pool, const char *dir, struct mig **out,
    const char **errstr)
{
	DIR		*d;
	struct dirent	*e;
	struct mig	*m = NULL;
	size_t		 n = 0, len, i;
	char		*end;
	long		 v;

	*out = NULL;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		*errstr = at_pprintf(pool, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		v = strtol(e->d_name, &end, 10);
		if (end == e->d_name || *end != '_' || v <= 0)
			continue;
		if ((m = reallocarray(m, n + 1, sizeof(*m))) == NULL)
			abort();
		m[n].version = (int)v;
		m[n].name = at_pstrdup(pool, e->d_name);
		n++;
	}
	closedir(d);
	qsort(m, n, sizeof(*m), mig_cmp);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			*errstr = at_pprintf(pool, "%s: %s and %s have the "
			    "same number", dir, m[i - 1].name, m[i].name);
			free(m);
			return -1;
		}
	*out = m;
	return (int)n;
}

/* Reads a whole file into the pool; NULL on error. */
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

/* Makes sure the migrations table exists. */
static int
mig_table(struct at_db *db, const char **errstr)
{
	return at_db_script(db, "CREATE TABLE IF NOT EXISTS migrations ("
	    "component VARCHAR(64) NOT NULL, version INT NOT NULL, "
	    "name VARCHAR(200) NOT NULL, applied_at DATETIME NOT NULL, "
	    "PRIMARY KEY (component, version)) ENGINE=InnoDB "
	    "DEFAULT CHARSET=utf8mb4", errstr);
}

/* Whether version of component is recorded in rows. */
static int
mig_applied(const struct at_rows *rows, int version)
{
	size_t	 i;

	for (i = 0; i < rows->n; i++)
		if (at_row_int(rows, i, "version", -1) == version)
			return 1;
	return 0;
}

/* Applies or lists; see at_migrate and at_migrate_status. */
static int
mig_run(struct at_db *db, const char *component, const char *dir,
    int apply, int dry_run, void (*out)(const char *, void *), void *outarg,
    const char **errstr)
{
	struct at_pool	*pool;
	struct at_rows	*done;
	struct mig	*m = NULL;
	char		*sql, *path;
	const char	*err = NULL;
	int		 n, i, count = 0;

	pool = at_pool_new();
	if (mig_table(db, &err) == -1) {
		*errstr = "cannot create the migrations table";
		count = -1;
		goto out;
	}
	if ((n = mig_list(pool, dir, &m, &err)) == -1) {
		*errstr = err;
		count = -1;
		goto out;
	}
	done = at_db_select(db, pool, "SELECT version FROM migrations "
	    "WHERE component = ?", "s", component);
	if (done == NULL) {
		*errstr = "cannot read the migrations table";
		count = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (mig_applied(done, m[i].version)) {
			if (!apply && out != NULL)
				out(at_pprintf(pool, "applied  %s %s",
				    component, m[i].name), outarg);
			continue;
		}
		count++;
		if (!apply || dry_run) {
			if (out != NULL)
				out(at_pprintf(pool, "pending  %s %s",
				    component, m[i].name), outarg);
			continue;
		}
		path = at_pprintf(pool, "%s/%s", dir, m[i].name);
		if ((sql = mig_read(pool, path)) == NULL) {
			*errstr = at_pprintf(pool, "%s: cannot read", path);
			count = -1;
			goto out;
		}
		/*
		 * DDL commits implicitly in MariaDB, so a migration cannot
		 * be rolled back as a whole: it is recorded right after it
		 * ran, and a failing one stops the run with the error.
		 */
		if (at_db_script(db, sql, &err) == -1) {
			*errstr = at_pprintf(pool, "%s failed: %s", m[i].name,
			    err);
			count = -1;
			goto out;
		}
		if (at_db_exec(db, "INSERT INTO migrations (component, "
		    "version, name, applied_at) VALUES (?, ?, ?, "
		    "UTC_TIMESTAMP())", "sis", component, m[i].version,
		    m[i].name) == -1) {
			*errstr = "cannot record the migration";
			count = -1;
			goto out;
		}
		if (out != NULL)
			out(at_pprintf(pool, "applied  %s %s", component,
			    m[i].name), outarg);
	}
out:
	/* Messages must outlive the pool: keep them static. */
	if (count == -1 && *errstr != NULL) {
		static char	 msg[1024];

		snprintf(msg, sizeof(msg), "%s", *errstr);
		*errstr = msg;
	}
	free(m);
	at_pool_free(pool);
	return count;
}

/* See db.h. */
int
at_migrate(struct at_db *db, const char *component, const char *dir,
    int dry_run, void (*out)(const char *, void *), void *outarg,
    const char **errstr)
{
	return mig_run(db, component, dir, 1, dry_run, out, outarg, errstr);
}

/* See db.h. */
int
at_migrate_status(struct at_db *db, const char *component, const char *dir,
    void (*out)(const char *, void *), void *outarg, const char **errstr)
{
	return mig_run(db, component, dir, 0, 0, out, outarg, errstr);
}
