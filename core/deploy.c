/*
 * atriumctl's commands for hosting admins: setup (a first run without a
 * web form: the config, the schema, the first admin), backup and restore
 * (a database dump through the server's own client programs, the storage
 * folder and a manifest with checksums and schema versions, in one tar)
 * and config-doc (atrium.conf(5) written from the option table, so the
 * manual lists every option with its real default).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core.h"
#include "deploy.h"
#include "hub/hub.h"

#define BACKUP_FORMAT	"atrium-backup 1"

/* Prints one line of progress. */
static void
deploy_say(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", line);
}

/*
 * Runs argv (argv[0] searched in PATH) with stdin from the file in and
 * stdout to the file out (NULL: inherited).  Returns its exit status, or
 * -1 when it could not start or was killed.
 */
static int
run(char *const argv[], const char *in, const char *out)
{
	pid_t	 pid;
	int	 st, fd;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (in != NULL && ((fd = open(in, O_RDONLY)) == -1 ||
		    dup2(fd, 0) == -1))
			_exit(126);
		if (out != NULL && ((fd = open(out, O_WRONLY | O_CREAT |
		    O_TRUNC, 0600)) == -1 || dup2(fd, 1) == -1))
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "atriumctl: %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * Copies the dump src to dst without its DEFINER=`user`@`host` clauses,
 * so that its triggers load under the restoring account (naming another
 * definer needs SUPER, which a hosting account's user does not have)
 * and belong to it.  0 or -1.
 */
static int
strip_definers(const char *src, const char *dst)
{
	FILE	*in, *out;
	char	*line = NULL, *p, *q;
	size_t	 cap = 0;
	int	 rc = -1, ticks;

	if ((in = fopen(src, "r")) == NULL)
		return -1;
	if ((out = fopen(dst, "w")) == NULL) {
		fclose(in);
		return -1;
	}
	while (getline(&line, &cap, in) != -1) {
		p = line;
		while ((q = strstr(p, "DEFINER=`")) != NULL) {
			fwrite(p, 1, (size_t)(q - p), out);
			/* Skip `user`@`host`: four backticks. */
			for (p = q + strlen("DEFINER="), ticks = 0;
			    *p != '\0' && ticks < 4; p++)
				if (*p == '`')
					ticks++;
		}
		fputs(p, out);
	}
	if (!ferror(in) && !ferror(out))
		rc = 0;
	free(line);
	fclose(in);
	if (fclose(out) == EOF)
		rc = -1;
	return rc;
}

/* The first of two program names found in PATH (static), or NULL. */
static const char *
find_prog(const char *a, const char *b)
{
	static char	 path[PATH_MAX];
	const char	*env = getenv("PATH"), *p, *e, *name;
	int		 i;

	if (env == NULL)
		env = "/usr/local/bin:/usr/bin:/bin";
	for (i = 0; i < 2; i++) {
		name = i == 0 ? a : b;
		for (p = env; *p != '\0'; p = *e == ':' ? e + 1 : e) {
			e = strchr(p, ':');
			if (e == NULL)
				e = p + strlen(p);
			snprintf(path, sizeof(path), "%.*s/%s", (int)(e - p),
			    p, name);
			if (access(path, X_OK) == 0)
				return name;
		}
	}
	return NULL;
}

/* Removes the folder dir and all below it. */
static void
rm_tree(const char *dir)
{
	char *const argv[] = { "rm", "-rf", "--", (char *)dir, NULL };

	if (dir != NULL && dir[0] != '\0')
		(void)run(argv, NULL, NULL);
}

/* A new private temporary folder (static path), or NULL. */
static const char *
tmp_dir(void)
{
	static char	 dir[PATH_MAX];
	const char	*t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/atriumctl.XXXXXX",
	    t != NULL && t[0] == '/' ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "atriumctl: cannot make a temporary folder: "
		    "%s\n", strerror(errno));
		return NULL;
	}
	return dir;
}

/* Writes s to f as a double-quoted value (for option files). */
static void
put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/*
 * Writes a MariaDB client option file (mode 0600) with the site's
 * connection, so no password shows on a command line.  0 or -1.
 */
static int
client_defaults(const struct at_site *site, const char *path)
{
	FILE	*f;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "atriumctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "[client]\nuser=");
	put_quoted(f, site->db.user);
	fprintf(f, "\npassword=");
	put_quoted(f, site->db.password);
	if (site->db.socket != NULL && site->db.socket[0] != '\0') {
		fprintf(f, "\nsocket=");
		put_quoted(f, site->db.socket);
	}
	if (site->db.host != NULL && site->db.host[0] != '\0') {
		fprintf(f, "\nhost=");
		put_quoted(f, site->db.host);
		fprintf(f, "\nport=%u\nprotocol=tcp", site->db.port);
	}
	fprintf(f, "\ndefault-character-set=utf8mb4\n");
	return fclose(f) == 0 ? 0 : -1;
}

/* SHA-256 of the file at path as hex into out[65]; 0 or -1. */
static int
sha256_file(const char *path, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char	 buf[65536], h[crypto_hash_sha256_BYTES];
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

/* ---- backup ---- */

static FILE		*walk_out;	/* the manifest being written */
static size_t		 walk_root;	/* length of the storage path */
static int		 walk_err;
static unsigned long	 walk_files;

/* Whether rel (below storage) is Atrium's scratch: tmp/ or locks/. */
static int
walk_scratch(const char *rel)
{
	return strcmp(rel, "tmp") == 0 || strcmp(rel, "locks") == 0 ||
	    strncmp(rel, "tmp/", 4) == 0 || strncmp(rel, "locks/", 6) == 0;
}

/* nftw callback: one "sha256 HEX storage/REL" line per regular file. */
static int
walk_sum(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	const char	*rel;
	char		 hex[65];

	(void)sb;
	(void)ftw;
	if (strlen(path) <= walk_root)
		return 0;
	rel = path + walk_root + 1;
	if (walk_scratch(rel) || flag != FTW_F)
		return 0;
	if (sha256_file(path, hex) == -1) {
		fprintf(stderr, "atriumctl: %s: %s\n", path, strerror(errno));
		walk_err = 1;
		return 1;
	}
	fprintf(walk_out, "sha256 %s storage/%s\n", hex, rel);
	walk_files++;
	return 0;
}

/* See deploy.h. */
int
ctl_backup(const struct at_site *site, struct at_db *db, const char *file)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	const char	*dir = NULL, *dump;
	char		 def[PATH_MAX], sql[PATH_MAX], man[PATH_MAX];
	char		 defarg[PATH_MAX + 32], hex[65], when[32];
	char		*abs_file = NULL;
	FILE		*f = NULL;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 rc = 1;

	pool = at_pool_new();
	if ((dump = find_prog("mariadb-dump", "mysqldump")) == NULL) {
		fprintf(stderr, "atriumctl: backup needs mariadb-dump (Debian "
		    "package mariadb-client) or mysqldump\n");
		goto out;
	}
	if (file[0] != '/') {
		char	 cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			goto out;
		abs_file = at_pprintf(pool, "%s/%s", cwd, file);
	} else
		abs_file = at_pstrdup(pool, file);
	if (access(site->storage, R_OK | X_OK) == -1) {
		fprintf(stderr, "atriumctl: storage folder %s: %s\n",
		    site->storage, strerror(errno));
		goto out;
	}
	r = at_db_select(db, pool, "SELECT component, MAX(version) AS v FROM "
	    "migrations GROUP BY component ORDER BY component", "");
	if (r == NULL || r->n == 0) {
		fprintf(stderr, "atriumctl: the database has no migrations "
		    "recorded: nothing to back up (run atriumctl migrate)\n");
		goto out;
	}
	if ((dir = tmp_dir()) == NULL)
		goto out;
	dir = at_pstrdup(pool, dir);
	snprintf(def, sizeof(def), "%s/client.cnf", dir);
	snprintf(sql, sizeof(sql), "%s/database.sql", dir);
	snprintf(man, sizeof(man), "%s/manifest", dir);
	snprintf(defarg, sizeof(defarg), "--defaults-file=%s", def);
	if (client_defaults(site, def) == -1)
		goto out;
	/* One consistent snapshot of the InnoDB tables, without locks. */
	{
		char *const argv[] = { (char *)dump, defarg,
		    "--single-transaction", "--routines", "--triggers",
		    "--hex-blob", "--no-tablespaces", "--skip-add-locks",
		    "--", (char *)site->db.name, NULL };

		if (run(argv, NULL, sql) != 0) {
			fprintf(stderr, "atriumctl: %s failed (see above)\n",
			    dump);
			goto out;
		}
	}
	unlink(def);
	if ((f = fopen(man, "w")) == NULL)
		goto out;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "%s\natrium %s\ncreated %s\ndatabase %s\n", BACKUP_FORMAT,
	    PACKAGE_VERSION, when, site->db.name);
	for (i = 0; i < r->n; i++)
		fprintf(f, "schema %s %lld\n", at_row(r, i, "component"),
		    at_row_int(r, i, "v", 0));
	if (sha256_file(sql, hex) == -1)
		goto out;
	fprintf(f, "sha256 %s database.sql\n", hex);
	/* The files after the dump: a file is never older than its row. */
	walk_out = f;
	walk_root = strlen(site->storage);
	while (walk_root > 1 && site->storage[walk_root - 1] == '/')
		walk_root--;
	walk_err = 0;
	walk_files = 0;
	if (nftw(site->storage, walk_sum, 32, FTW_PHYS) != 0 || walk_err) {
		fprintf(stderr, "atriumctl: cannot read the storage folder "
		    "%s\n", site->storage);
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	{
		char *const argv[] = { "tar", "-cf", abs_file, "-C",
		    (char *)dir, "manifest", "database.sql", "-C",
		    (char *)site->storage, "--anchored", "--exclude=./tmp",
		    "--exclude=./locks", "--transform=s,^\\.,storage,", ".",
		    NULL };

		if (run(argv, NULL, NULL) != 0) {
			fprintf(stderr, "atriumctl: tar failed (see above)\n");
			unlink(abs_file);
			goto out;
		}
	}
	chmod(abs_file, 0600);
	printf("backup written to %s: database %s, %lu stored file%s\n",
	    file, site->db.name, walk_files, walk_files == 1 ? "" : "s");
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (dir != NULL)
		rm_tree(dir);
	at_pool_free(pool);
	return rc;
}

/* ---- restore ---- */

static uid_t	 own_uid;
static gid_t	 own_gid;

/* nftw callback: gives a restored file the storage folder's owner. */
static int
walk_chown(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	if (lchown(path, own_uid, own_gid) == -1) {
		fprintf(stderr, "atriumctl: chown %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * Whether the folder dir is missing or holds nothing but Atrium's
 * scratch folders (tmp, locks): 1 yes, 0 no, -1 unreadable.
 */
static int
storage_empty(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 empty = 1;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 1 : -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") !=
		    0 && !walk_scratch(e->d_name))
			empty = 0;
	closedir(d);
	return empty;
}

/*
 * Checks the unpacked backup in dir against its manifest: the format, a
 * schema no newer than this version's migrations and every checksum.
 * 0, or -1 after saying why.
 */
static int
restore_check(const struct at_site *site, struct at_pool *pool,
    const char *dir)
{
	char		 line[PATH_MAX + 128], hex[65], comp[128], *path;
	char		 sum[65], rel[PATH_MAX];
	long long	 v;
	int		 latest, n = 0, rc = -1, have_sql = 0;
	FILE		*f;

	if ((f = fopen(at_pprintf(pool, "%s/manifest", dir), "r")) == NULL ||
	    fgets(line, sizeof(line), f) == NULL ||
	    strcmp(line, BACKUP_FORMAT "\n") != 0) {
		fprintf(stderr, "atriumctl: not an Atrium backup (no "
		    "manifest, or one of another format)\n");
		goto out;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "schema %127s %lld", comp, &v) == 2) {
			if (strchr(comp, '/') != NULL || comp[0] == '.') {
				fprintf(stderr, "atriumctl: the manifest names "
				    "a bad component\n");
				goto out;
			}
			latest = at_migrate_latest(at_pprintf(pool,
			    "%s/schema/%s", site->data_dir, comp));
			if (latest >= 0 && v > latest) {
				fprintf(stderr, "atriumctl: the backup's "
				    "schema is newer than this Atrium (%s "
				    "migration %lld, this version knows up to "
				    "%d): restore it with the version it came "
				    "from, or a newer one\n", comp, v, latest);
				goto out;
			}
			continue;
		}
		if (sscanf(line, "sha256 %64s %4095[^\n]", sum, rel) != 2)
			continue;
		if (rel[0] == '/' || strstr(rel, "..") != NULL) {
			fprintf(stderr, "atriumctl: the manifest names a bad "
			    "path\n");
			goto out;
		}
		path = at_pprintf(pool, "%s/%s", dir, rel);
		if (sha256_file(path, hex) == -1 || strcmp(hex, sum) != 0) {
			fprintf(stderr, "atriumctl: %s is missing or damaged "
			    "in the backup (checksum)\n", rel);
			goto out;
		}
		if (strcmp(rel, "database.sql") == 0)
			have_sql = 1;
		n++;
	}
	if (!have_sql) {
		fprintf(stderr, "atriumctl: the backup has no database.sql\n");
		goto out;
	}
	printf("backup checked: %d file%s match the manifest\n", n,
	    n == 1 ? "" : "s");
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	return rc;
}

/* See deploy.h. */
int
ctl_restore(const struct at_site *site, struct at_db *db, const char *file)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	struct stat	 sb;
	const char	*dir = NULL, *client, *errstr = NULL;
	const struct at_activity_log *log;
	char		*def, *defarg, *src;
	int		 rc = 1, e, pending;

	pool = at_pool_new();
	if ((client = find_prog("mariadb", "mysql")) == NULL) {
		fprintf(stderr, "atriumctl: restore needs the mariadb client "
		    "(Debian package mariadb-client) or mysql\n");
		goto out;
	}
	if (access(file, R_OK) == -1) {
		fprintf(stderr, "atriumctl: %s: %s\n", file, strerror(errno));
		goto out;
	}
	/* Into an empty database and storage folder only. */
	r = at_db_select(db, pool, "SELECT COUNT(*) AS n FROM "
	    "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()", "");
	if (r == NULL)
		goto out;
	if (at_row_int(r, 0, "n", 0) != 0) {
		fprintf(stderr, "atriumctl: database %s is not empty: restore "
		    "goes into a new, empty database\n", site->db.name);
		goto out;
	}
	if ((e = storage_empty(site->storage)) != 1) {
		fprintf(stderr, "atriumctl: storage folder %s %s: restore "
		    "goes into an empty one\n", site->storage, e == -1 ?
		    "cannot be read" : "is not empty");
		goto out;
	}
	if ((dir = tmp_dir()) == NULL)
		goto out;
	dir = at_pstrdup(pool, dir);
	{
		char *const argv[] = { "tar", "-xf", (char *)file, "-C",
		    (char *)dir, "--no-same-owner", NULL };

		if (run(argv, NULL, NULL) != 0) {
			fprintf(stderr, "atriumctl: cannot unpack %s\n", file);
			goto out;
		}
	}
	if (restore_check(site, pool, dir) == -1)
		goto out;
	def = at_pprintf(pool, "%s/client.cnf", dir);
	defarg = at_pprintf(pool, "--defaults-file=%s", def);
	if (client_defaults(site, def) == -1)
		goto out;
	if (strip_definers(at_pprintf(pool, "%s/database.sql", dir),
	    at_pprintf(pool, "%s/database.load.sql", dir)) == -1) {
		fprintf(stderr, "atriumctl: cannot prepare the dump for "
		    "loading in %s\n", dir);
		goto out;
	}
	{
		char *const argv[] = { (char *)client, defarg, "--binary-mode",
		    "--", (char *)site->db.name, NULL };

		if (run(argv, at_pprintf(pool, "%s/database.load.sql", dir),
		    NULL) != 0) {
			fprintf(stderr, "atriumctl: loading the database "
			    "failed (see above); drop and create the database "
			    "again before the next try\n");
			goto out;
		}
	}
	printf("database %s restored\n", site->db.name);
	src = at_pprintf(pool, "%s/storage", dir);
	if (stat(src, &sb) == 0) {
		if (mkdir(site->storage, 0750) == -1 && errno != EEXIST) {
			fprintf(stderr, "atriumctl: mkdir %s: %s\n",
			    site->storage, strerror(errno));
			goto out;
		}
		{
			char *const argv[] = { "cp", "-R",
			    "--preserve=mode,timestamps", "--",
			    at_pprintf(pool, "%s/.", src),
			    (char *)site->storage, NULL };

			if (run(argv, NULL, NULL) != 0) {
				fprintf(stderr, "atriumctl: copying the files "
				    "into %s failed\n", site->storage);
				goto out;
			}
		}
		/* As root: the files belong to whoever owns the folder. */
		if (geteuid() == 0 && stat(site->storage, &sb) == 0) {
			own_uid = sb.st_uid;
			own_gid = sb.st_gid;
			if (nftw(site->storage, walk_chown, 32, FTW_PHYS) != 0)
				goto out;
		}
		printf("files restored into %s\n", site->storage);
	}
	at_log_quiet(1);
	log = at_registry_init(site, at_builtin_modules) == -1 ? NULL :
	    at_service(AT_ACTIVITY_LOG, AT_VERSION(1, 0));
	at_log_quiet(0);
	if (log == NULL) {
		fprintf(stderr, "atriumctl: restored, but the activity log's "
		    "service did not start to check it\n");
		goto out;
	}
	if (log->verify(db, deploy_say, NULL, &errstr) == -1) {
		fprintf(stderr, "atriumctl: restored, but the activity log is "
		    "NOT intact%s%s\n", errstr != NULL ? ": " : "",
		    errstr != NULL ? errstr : "");
		goto out;
	}
	printf("activity log intact\n");
	if ((pending = at_migrate_pending(db, site, NULL, &errstr)) > 0)
		printf("the backup comes from an older version: run atriumctl "
		    "migrate before starting the site\n");
	rc = 0;
out:
	if (dir != NULL)
		rm_tree(dir);
	at_pool_free(pool);
	return rc;
}

/* ---- setup ---- */

enum {
	S_DB_HOST, S_DB_PORT, S_DB_SOCKET, S_DB_NAME, S_DB_USER, S_SITE_NAME,
	S_BASE_URL, S_STORAGE, S_SOCKET, S_WORKERS, S_ADMIN_EMAIL,
	S_ADMIN_NAME, S_SKINS, S_PLUGINS, S_DATA, S_NVALS
};

static const struct {
	const char	*flag;
	const char	*prompt;
	const char	*def;		/* NULL: required */
	int		 ask;		/* prompted on a terminal */
} setup_vals[S_NVALS] = {
	{ "db-host", "Database host (empty: a unix socket)", "", 1 },
	{ "db-port", "Database port", "3306", 0 },
	{ "db-socket", "Database socket", "/run/mysqld/mysqld.sock", 1 },
	{ "db-name", "Database name", "atrium", 1 },
	{ "db-user", "Database user", "atrium", 1 },
	{ "site-name", "Site name", "Atrium", 1 },
	{ "base-url", "Address of the site (https://...)",
	    "http://localhost", 1 },
	{ "storage", "Storage folder", "/var/lib/atrium", 1 },
	{ "socket", "FastCGI socket", "/run/atrium/atrium.sock", 1 },
	{ "workers", "Worker processes", "4", 0 },
	{ "admin-email", "First admin's e-mail", NULL, 1 },
	{ "admin-name", "First admin's name", "Administrator", 1 },
	{ "skins", NULL, "", 0 },
	{ "plugins-dir", NULL, "", 0 },
	{ "data", NULL, "", 0 },
};

/* Usage of setup and exit. */
static void __attribute__((noreturn))
setup_usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: atriumctl [-c config] setup [--force] "
	    "[--passwords-stdin]");
	for (i = 0; i < S_NVALS; i++)
		fprintf(stderr, "%s[--%s VALUE]", i % 3 == 0 ? "\n    " : " ",
		    setup_vals[i].flag);
	fprintf(stderr, "\nWithout --passwords-stdin on a terminal, it asks "
	    "for what no flag gave.\n");
	exit(2);
}

/*
 * Reads one line from stdin into buf (without its newline), echo off when
 * secret and stdin is a terminal.  0, or -1 at the end of input.
 */
static int
read_line(char *buf, size_t sz, int secret)
{
	struct termios	 old, quiet;
	int		 tty = secret && isatty(0), rc = 0;

	if (tty && tcgetattr(0, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	} else
		tty = 0;
	if (fgets(buf, (int)sz, stdin) == NULL)
		rc = -1;
	else
		buf[strcspn(buf, "\r\n")] = '\0';
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return rc;
}

/* Whether s is fit for the config: no control characters. */
static int
setup_clean(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * Writes the config to path (mode 0640, through a temporary file renamed
 * over it).  0, or -1 after saying why.
 */
static int
setup_write(const char *path, const char *v[S_NVALS], const char *dbpw)
{
	char	 tmp[PATH_MAX], when[32];
	FILE	*f;
	int	 fd;
	time_t	 now = time(NULL);

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "atriumctl: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	strftime(when, sizeof(when), "%Y-%m-%d", gmtime(&now));
	fprintf(f, "# Written by atriumctl setup on %s.  Every option, with "
	    "its default:\n# man 5 atrium.conf.  Check it with: atrium -c %s "
	    "--check-config\n\nsite {\n\tname = ", when, path);
	put_quoted(f, v[S_SITE_NAME]);
	fprintf(f, "\n\tbase-url = ");
	put_quoted(f, v[S_BASE_URL]);
	fprintf(f, "\n}\n\ndatabase {\n\thost = ");
	put_quoted(f, v[S_DB_HOST]);
	fprintf(f, "\n\tport = %s\n\tsocket = ", v[S_DB_PORT]);
	put_quoted(f, v[S_DB_HOST][0] == '\0' ? v[S_DB_SOCKET] : "");
	fprintf(f, "\n\tuser = ");
	put_quoted(f, v[S_DB_USER]);
	fprintf(f, "\n\tpassword = ");
	put_quoted(f, dbpw);
	fprintf(f, "\n\tname = ");
	put_quoted(f, v[S_DB_NAME]);
	fprintf(f, "\n}\n\nstorage {\n\tpath = ");
	put_quoted(f, v[S_STORAGE]);
	fprintf(f, "\n}\n\nserver {\n\tworkers = %s\n\tsocket = ",
	    v[S_WORKERS]);
	put_quoted(f, v[S_SOCKET]);
	fprintf(f, "\n}\n");
	if (v[S_SKINS][0] != '\0' || v[S_PLUGINS][0] != '\0' ||
	    v[S_DATA][0] != '\0') {
		fprintf(f, "\npaths {\n");
		if (v[S_SKINS][0] != '\0') {
			fprintf(f, "\tskins = ");
			put_quoted(f, v[S_SKINS]);
			fputc('\n', f);
		}
		if (v[S_PLUGINS][0] != '\0') {
			fprintf(f, "\tplugins = ");
			put_quoted(f, v[S_PLUGINS]);
			fputc('\n', f);
		}
		if (v[S_DATA][0] != '\0') {
			fprintf(f, "\tdata = ");
			put_quoted(f, v[S_DATA]);
			fputc('\n', f);
		}
		fprintf(f, "}\n");
	}
	fprintf(f, "\n# Plugins to load, by name.\nplugins = {}\n");
	if (fclose(f) != 0 || rename(tmp, path) == -1) {
		fprintf(stderr, "atriumctl: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * Makes the storage folder (0750) when missing and checks that this
 * process can write it and that others cannot read it.  0 or -1.
 */
static int
setup_storage(const char *dir)
{
	struct stat	 sb;
	char		 probe[PATH_MAX];
	int		 fd;

	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "atriumctl: cannot make the storage folder "
		    "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "atriumctl: %s is not a folder\n", dir);
		return -1;
	}
	snprintf(probe, sizeof(probe), "%s/.atriumctl-probe", dir);
	if ((fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		fprintf(stderr, "atriumctl: cannot write in the storage "
		    "folder %s: %s\n", dir, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(probe);
	if (sb.st_mode & S_IRWXO) {
		fprintf(stderr, "atriumctl: the storage folder %s is open to "
		    "every user (mode %04o): chmod o-rwx it\n", dir,
		    (unsigned)(sb.st_mode & 07777));
		return -1;
	}
	printf("storage %s: writable, mode %04o, owner uid %ld\n", dir,
	    (unsigned)(sb.st_mode & 07777), (long)sb.st_uid);
	return 0;
}

/*
 * A relocatable build (install/package's tarball) keeps its skins,
 * schema and plugins beside the program, not at the compiled-in paths:
 * when <program's folder>/../share/schema/core exists, the paths no flag
 * gave point there.
 */
static void
setup_relocated(const char *v[S_NVALS])
{
	static char	 skins[PATH_MAX + 32], plugins[PATH_MAX + 32];
	static char	 data[PATH_MAX + 32];
	char		 exe[PATH_MAX], probe[PATH_MAX + 32], *slash;
	ssize_t		 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';		/* the folder above bin/ */
	snprintf(probe, sizeof(probe), "%s/share/schema/core", exe);
	if (access(probe, R_OK | X_OK) == -1)
		return;
	snprintf(skins, sizeof(skins), "%s/share/skins", exe);
	snprintf(plugins, sizeof(plugins), "%s/lib/plugins", exe);
	snprintf(data, sizeof(data), "%s/share", exe);
	if (v[S_SKINS] == NULL)
		v[S_SKINS] = skins;
	if (v[S_PLUGINS] == NULL)
		v[S_PLUGINS] = plugins;
	if (v[S_DATA] == NULL)
		v[S_DATA] = data;
}

/* See deploy.h. */
int
ctl_setup(const char *conf, int argc, char *argv[])
{
	static struct option	 longopts[S_NVALS + 3];
	struct at_site		 site;
	struct at_pool		*pool;
	struct at_db		*db = NULL;
	struct at_rows		*r;
	const char		*v[S_NVALS], *errstr, *email, *hash, *why;
	char			 buf[S_NVALS][512], dbpw[512], adminpw[512];
	char			 err[1024], dir[PATH_MAX];
	int			 ch, i, force = 0, pwstdin = 0, ask, rc = 1;
	int			 loaded = 0, n;

	memset(v, 0, sizeof(v));
	for (i = 0; i < S_NVALS; i++) {
		longopts[i].name = setup_vals[i].flag;
		longopts[i].has_arg = required_argument;
		longopts[i].val = 1000 + i;
	}
	longopts[S_NVALS].name = "force";
	longopts[S_NVALS].val = 'f';
	longopts[S_NVALS + 1].name = "passwords-stdin";
	longopts[S_NVALS + 1].val = 'p';
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch >= 1000 && ch < 1000 + S_NVALS)
			v[ch - 1000] = optarg;
		else if (ch == 'f')
			force = 1;
		else if (ch == 'p')
			pwstdin = 1;
		else
			setup_usage();
	}
	if (optind != argc)
		setup_usage();
	setup_relocated(v);
	ask = !pwstdin && isatty(0);
	for (i = 0; i < S_NVALS; i++) {
		if (v[i] == NULL && ask && setup_vals[i].ask) {
			fprintf(stderr, "%s%s%s%s: ", setup_vals[i].prompt,
			    setup_vals[i].def != NULL ? " [" : "",
			    setup_vals[i].def != NULL ? setup_vals[i].def : "",
			    setup_vals[i].def != NULL ? "]" : "");
			if (read_line(buf[i], sizeof(buf[i]), 0) == -1)
				return 1;
			if (buf[i][0] != '\0')
				v[i] = buf[i];
		}
		if (v[i] == NULL)
			v[i] = setup_vals[i].def;
		if (v[i] == NULL) {
			fprintf(stderr, "atriumctl: setup needs --%s\n",
			    setup_vals[i].flag);
			return 1;
		}
		if (!setup_clean(v[i])) {
			fprintf(stderr, "atriumctl: --%s has a control "
			    "character\n", setup_vals[i].flag);
			return 1;
		}
	}
	if (!pwstdin && !isatty(0)) {
		fprintf(stderr, "atriumctl: give the passwords on a terminal "
		    "or with --passwords-stdin (the database's, then the "
		    "admin's, one a line)\n");
		return 1;
	}
	if (!pwstdin)
		fprintf(stderr, "Database password: ");
	if (read_line(dbpw, sizeof(dbpw), 1) == -1) {
		fprintf(stderr, "atriumctl: no database password given\n");
		return 1;
	}
	if (!pwstdin)
		fprintf(stderr, "First admin's password (12 characters or "
		    "more): ");
	if (read_line(adminpw, sizeof(adminpw), 1) == -1) {
		fprintf(stderr, "atriumctl: no admin password given\n");
		return 1;
	}
	if (!setup_clean(dbpw)) {
		fprintf(stderr, "atriumctl: the database password has a "
		    "control character\n");
		return 1;
	}
	pool = at_pool_new();
	email = v[S_ADMIN_EMAIL];
	if (at_v_email(pool, &email) != NULL) {
		fprintf(stderr, "atriumctl: '%s' is not an e-mail address\n",
		    v[S_ADMIN_EMAIL]);
		goto out;
	}
	if ((why = at_password_policy(adminpw)) != NULL) {
		fprintf(stderr, "atriumctl: admin password: %s\n", why);
		goto out;
	}
	if (access(conf, F_OK) == 0 && !force) {
		fprintf(stderr, "atriumctl: %s exists; --force replaces it\n",
		    conf);
		goto out;
	}
	/* The config's folder, then the storage, then the file. */
	snprintf(dir, sizeof(dir), "%s", conf);
	if (strrchr(dir, '/') != NULL && strrchr(dir, '/') != dir) {
		*strrchr(dir, '/') = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
			fprintf(stderr, "atriumctl: mkdir %s: %s\n", dir,
			    strerror(errno));
			goto out;
		}
	}
	if (setup_storage(v[S_STORAGE]) == -1)
		goto out;
	if (setup_write(conf, v, dbpw) == -1)
		goto out;
	printf("config written to %s\n", conf);
	if (at_config_load(&site, conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "atriumctl: the config does not load: %s\n",
		    err);
		goto out;
	}
	loaded = 1;
	if (at_config_check_files(&site, err, sizeof(err)) == -1) {
		fprintf(stderr, "atriumctl: %s\n", err);
		goto out;
	}
	db = at_db_new(&site.db);
	if (at_db_ensure(db) == -1) {
		fprintf(stderr, "atriumctl: cannot connect to database %s as "
		    "%s (see the log line above); fix the database section of "
		    "%s, then run atriumctl migrate\n", site.db.name,
		    site.db.user, conf);
		goto out;
	}
	for (i = 0; i < (int)site.nplugins + 2; i++) {
		const char *c = i == 0 ? "core" : i == 1 ? "hub" :
		    site.plugins[i - 2];

		errstr = NULL;
		n = at_migrate(db, c, at_pprintf(pool, "%s/schema/%s",
		    site.data_dir, c), 0, NULL, NULL, &errstr);
		if (n == -1) {
			fprintf(stderr, "atriumctl: migrating %s: %s\n", c,
			    errstr != NULL ? errstr : "failed");
			goto out;
		}
		printf("schema %s: %d migration%s applied\n", c, n,
		    n == 1 ? "" : "s");
	}
	r = at_db_select(db, pool, "SELECT id FROM users WHERE email = ?", "s",
	    email);
	if (r == NULL)
		goto out;
	if (r->n > 0)
		printf("admin %s exists already: left as it is\n", email);
	else {
		if ((hash = at_password_hash(pool, adminpw)) == NULL ||
		    at_db_exec(db, "INSERT INTO users (email, name, role, "
		    "password_hash) VALUES (?, ?, 'admin', ?)", "sss", email,
		    v[S_ADMIN_NAME], hash) == -1) {
			fprintf(stderr, "atriumctl: cannot add the admin (see "
			    "the log line above)\n");
			goto out;
		}
		printf("admin %s added\n", email);
	}
	printf("\nNext steps:\n"
	    "  1. Check the config:      atrium -c %s --check-config\n"
	    "  2. Start Atrium:          systemctl enable --now atrium "
	    "(or atrium -c %s --master)\n"
	    "  3. Point the web server's FastCGI at %s and serve the skins' "
	    "static/ folders (docs/admin.md)\n"
	    "  4. Run the jobs every minute: systemctl enable --now "
	    "atrium-cron.timer\n"
	    "  5. Sign in at %s/login as %s\n", conf, conf, site.socket,
	    v[S_BASE_URL], email);
	rc = 0;
out:
	sodium_memzero(dbpw, sizeof(dbpw));
	sodium_memzero(adminpw, sizeof(adminpw));
	if (db != NULL)
		at_db_free(db);
	if (loaded)
		at_config_free(&site);
	at_pool_free(pool);
	return rc;
}

/* ---- config-doc ---- */

#define DOC_MAX		256

/* One option as the sample file shows it, with the comment above it. */
struct doc_entry {
	char		 key[128];	/* section.sub.option */
	char		*text;		/* the comment, or NULL */
	int		 used;
};

static struct doc_entry	 doc[DOC_MAX];
static size_t		 ndoc;

/* The entry of key, or NULL. */
static struct doc_entry *
doc_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < ndoc; i++)
		if (strcmp(doc[i].key, key) == 0)
			return &doc[i];
	return NULL;
}

/*
 * Reads the sample config: each option (also one commented out, as
 * "#name = ...") takes the comment block right above it, if any.  The
 * texts are malloc'ed and live until exit.
 */
static int
doc_read(const char *path)
{
	char	 line[1024], sec[4][64], text[4096], *p, *q, name[64];
	char	*last = NULL;
	size_t	 depth = 0, i, tlen = 0, len;
	FILE	*f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "atriumctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	text[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0') {
			tlen = 0;
			text[0] = '\0';
			last = NULL;
			continue;
		}
		if (*p == '#') {
			p++;
			if (*p == ' ')
				p++;
			/* A commented-out option or section? */
			if (sscanf(p, "%63[a-z-] = ", name) != 1 ||
			    strstr(p, " = ") == NULL) {
				if (strchr(p, '{') != NULL || strcmp(p, "}") ==
				    0)
					continue;
				len = strlen(p);
				if (tlen + len + 2 < sizeof(text)) {
					memcpy(text + tlen, p, len);
					tlen += len;
					text[tlen++] = '\n';
					text[tlen] = '\0';
				}
				continue;
			}
		} else if (strcmp(p, "}") == 0) {
			if (depth > 0)
				depth--;
			tlen = 0;
			text[0] = '\0';
			last = NULL;
			continue;
		} else if ((q = strchr(p, '{')) != NULL && strstr(p, " = ") ==
		    NULL) {
			if (sscanf(p, "%63[a-z-]", name) == 1 && depth < 4)
				snprintf(sec[depth++], sizeof(sec[0]), "%s",
				    name);
			tlen = 0;
			text[0] = '\0';
			last = NULL;
			continue;
		} else if (sscanf(p, "%63[a-z-] = ", name) != 1)
			continue;
		if (ndoc == DOC_MAX)
			break;
		len = 0;
		for (i = 0; i < depth && len < sizeof(doc[0].key); i++)
			len += (size_t)snprintf(doc[ndoc].key + len,
			    sizeof(doc[0].key) - len, "%s.", sec[i]);
		if (len < sizeof(doc[0].key))
			snprintf(doc[ndoc].key + len, sizeof(doc[0].key) - len,
			    "%s", name);
		last = NULL;
		if (tlen > 0 && (last = strdup(text)) == NULL) {
			fclose(f);
			return -1;
		}
		doc[ndoc].text = last;
		ndoc++;
		tlen = 0;
		text[0] = '\0';
	}
	fclose(f);
	return 0;
}

/* Writes s as mdoc text: no line starts with a dot, backslashes escaped. */
static void
doc_text(const char *s)
{
	int	 bol = 1;

	for (; *s != '\0'; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
		bol = *s == '\n';
	}
}

/* An option's default as the config file writes it, into buf. */
static const char *
doc_default(const cfg_opt_t *o, char *buf, size_t sz)
{
	static const struct {
		long long	 n;
		const char	*u;
	} sizes[] = { { 1073741824, "G" }, { 1048576, "M" }, { 1024, "K" } },
	    times[] = { { 86400, "d" }, { 3600, "h" }, { 60, "m" } };
	const char	*kind = at_config_opt_kind(o);
	long long	 n;
	size_t		 i;

	switch (o->type) {
	case CFGT_STR:
		if (o->flags & CFGF_LIST)
			snprintf(buf, sz, "%s", o->def.parsed != NULL ?
			    o->def.parsed : "{}");
		else if (o->def.string == NULL)
			snprintf(buf, sz, "(none)");
		else
			snprintf(buf, sz, "\\(dq%s\\(dq", o->def.string);
		return buf;
	case CFGT_BOOL:
		return o->def.boolean ? "true" : "false";
	case CFGT_INT:
		n = o->def.number;
		if (kind != NULL && strcmp(kind, "mode") == 0) {
			snprintf(buf, sz, "\\(dq%04llo\\(dq", n);
			return buf;
		}
		if (kind != NULL && n > 0 && (strcmp(kind, "size") == 0 ||
		    strcmp(kind, "duration") == 0)) {
			for (i = 0; i < 3; i++) {
				long long u = kind[0] == 's' ? sizes[i].n :
				    times[i].n;

				if (n % u == 0) {
					snprintf(buf, sz, "%lld%s", n / u,
					    kind[0] == 's' ? sizes[i].u :
					    times[i].u);
					return buf;
				}
			}
			snprintf(buf, sz, "%lld%s", n, kind[0] == 'd' ? "s" :
			    "");
			return buf;
		}
		snprintf(buf, sz, "%lld", n);
		return buf;
	default:
		snprintf(buf, sz, "?");
		return buf;
	}
}

/*
 * Writes the options of one table level as an mdoc tag list; prefix is
 * the section path ("security." or "").  Returns how many options had no
 * description in the sample.
 */
static int
doc_opts(const cfg_opt_t *opts, const char *prefix)
{
	const cfg_opt_t		*o;
	struct doc_entry	*e;
	char			 key[128], buf[64];
	int			 missing = 0;

	printf(".Bl -tag -width Ds\n");
	for (o = opts; o->name != NULL; o++) {
		snprintf(key, sizeof(key), "%s%s", prefix, o->name);
		if (o->type == CFGT_SEC) {
			if (o->flags & CFGF_MULTI)
				continue;	/* plugin NAME { }: below */
			printf(".It Cm %s No section\n", o->name);
			snprintf(key, sizeof(key), "%s%s.", prefix, o->name);
			missing += doc_opts(o->subopts, key);
			continue;
		}
		printf(".It Cm %s No = Li %s\n", o->name,
		    doc_default(o, buf, sizeof(buf)));
		if ((e = doc_find(key)) == NULL) {
			fprintf(stderr, "atriumctl: config-doc: %s is not in "
			    "the sample config\n", key);
			missing++;
			continue;
		}
		e->used = 1;
		if (e->text != NULL)
			doc_text(e->text);
	}
	printf(".El\n");
	return missing;
}

/* See deploy.h. */
int
ctl_config_doc(int argc, char *argv[])
{
	char	 line[1024];
	FILE	*f;
	int	 missing = 0, done = 0;
	size_t	 i;

	if (argc != 3) {
		fprintf(stderr, "usage: atriumctl config-doc TEMPLATE "
		    "SAMPLE-CONFIG\n");
		return 2;
	}
	if (doc_read(argv[2]) == -1)
		return 1;
	if ((f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "atriumctl: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strcmp(line, "@OPTIONS@\n") != 0) {
			fputs(line, stdout);
			continue;
		}
		missing += doc_opts(at_config_table(), "");
		done = 1;
	}
	fclose(f);
	for (i = 0; i < ndoc; i++)
		if (!doc[i].used && doc_find(doc[i].key) == &doc[i])
			fprintf(stderr, "atriumctl: config-doc: the sample has "
			    "%s, which is not an option\n", doc[i].key);
	if (!done) {
		fprintf(stderr, "atriumctl: %s has no @OPTIONS@ line\n",
		    argv[1]);
		return 1;
	}
	/* Said on stderr; the table itself is complete either way. */
	(void)missing;
	return 0;
}
