/*
 * atriumctl: the command line for a site's administrator and for cron.
 *
 *	atriumctl [-c config] migrate [--dry-run]
 *	atriumctl [-c config] status
 *	atriumctl [-c config] user add EMAIL NAME ROLE [CLIENT_ID] [--password-stdin]
 *	atriumctl [-c config] user passwd EMAIL		(password on stdin)
 *	atriumctl [-c config] jobs run [JOB...]
 *	atriumctl [-c config] jobs list
 *	atriumctl [-c config] mail send		(jobs run mail.send)
 *	atriumctl [-c config] mail receive	(one message on stdin)
 *	atriumctl [-c config] remind		(jobs run approvals.remind)
 *	atriumctl [-c config] verify-log
 *	atriumctl [-c config] check-config
 *	atriumctl [-c config] setup [--force] [--passwords-stdin]
 *	    [--FLAG VALUE...]
 *	atriumctl [-c config] backup FILE
 *	atriumctl [-c config] restore FILE
 *	atriumctl config-doc TEMPLATE SAMPLE-CONFIG
 *
 * "jobs run", "mail send" and "remind" are for cron: they print nothing
 * when all went well, and only what needs a person (on stderr) when not.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <sodium.h>

#include "core.h"
#include "deploy.h"
#include "hub/hub.h"
#include "mailin/mailin.h"
#include "plugin/jobs.h"

static struct at_site	 site;
static struct at_db	*db;
static struct at_pool	*pool;

/* Usage and exit. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: atriumctl [-c config] command\n"
	    "  migrate [--dry-run]      apply pending database migrations\n"
	    "  status                   list applied and pending migrations\n"
	    "  user add EMAIL NAME ROLE [CLIENT_ID] [--password-stdin]\n"
	    "                           add a user (ROLE admin, staff or "
	    "contact)\n"
	    "  user passwd EMAIL        set a password read from stdin\n"
	    "  jobs run [JOB...]        run the jobs that are due (or those "
	    "named)\n"
	    "  jobs list                each job's last run, next run and "
	    "last error\n"
	    "  mail send                deliver queued mail (jobs run "
	    "mail.send)\n"
	    "  mail receive             place a reply read from stdin (for "
	    "the mail server)\n"
	    "  remind                   queue reminders for overdue approvals\n"
	    "                           (jobs run approvals.remind)\n"
	    "  verify-log               check the activity log's hash chain\n"
	    "  check-config             validate the config file\n"
	    "  setup [--force] [--passwords-stdin] [--FLAG VALUE...]\n"
	    "                           write the config, migrate, add the "
	    "first admin\n"
	    "  backup FILE              database, files and manifest in one "
	    "tar\n"
	    "  restore FILE             a backup into an empty database and "
	    "storage\n"
	    "  config-doc TEMPLATE SAMPLE  atrium.conf(5) from the option "
	    "table\n"
	    "  help                     also the commands of the plugins in "
	    "service\n");
	exit(2);
}

/* Prints one line of progress. */
static void
say(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", line);
}

/* Connects to the database or exits. */
static void
connect_db(void)
{
	db = at_db_new(&site.db);
	if (at_db_ensure(db) == -1) {
		fprintf(stderr, "atriumctl: cannot connect to the database "
		    "(see the log line above)\n");
		exit(1);
	}
}

/* Components in migration order: core, hub, then the listed plugins. */
static int
each_component(int (*fn)(const char *, const char *))
{
	char	 dir[4096];
	size_t	 i;

	snprintf(dir, sizeof(dir), "%s/schema/core", site.data_dir);
	if (fn("core", dir) == -1)
		return -1;
	snprintf(dir, sizeof(dir), "%s/schema/hub", site.data_dir);
	if (fn("hub", dir) == -1)
		return -1;
	for (i = 0; i < site.nplugins; i++) {
		snprintf(dir, sizeof(dir), "%s/schema/%s", site.data_dir,
		    site.plugins[i]);
		if (fn(site.plugins[i], dir) == -1)
			return -1;
	}
	return 0;
}

static int	 dry_run;
static const char *const mail_job[] = { "mail.send", NULL };
static const char *const remind_job[] = { "approvals.remind", NULL };

/* Applies one component's pending migrations. */
static int
migrate_one(const char *component, const char *dir)
{
	const char	*errstr = NULL;
	int		 n;

	n = at_migrate(db, component, dir, dry_run, say, NULL, &errstr);
	if (n == -1) {
		fprintf(stderr, "atriumctl: %s: %s\n", component,
		    errstr != NULL ? errstr : "migration failed");
		return -1;
	}
	return 0;
}

/* Lists one component's migrations. */
static int
status_one(const char *component, const char *dir)
{
	const char	*errstr = NULL;

	if (at_migrate_status(db, component, dir, say, NULL, &errstr) == -1) {
		fprintf(stderr, "atriumctl: %s: %s\n", component,
		    errstr != NULL ? errstr : "status failed");
		return -1;
	}
	return 0;
}

/*
 * Registers the built-in modules (the hub's list: the core names none)
 * and initialises the plugins, quietly (their log lines would reach cron
 * or the mail server).  0, or -1 when a built-in module failed.
 */
static int
modules_start(void)
{
	at_log_quiet(1);
	return at_registry_init(&site, at_builtin_modules);
}

/* Prints a job's failure for cron to mail. */
static void
job_failed(const char *job, const char *why)
{
	fprintf(stderr, "atriumctl: job %s failed: %s\n", job, why);
}

/*
 * jobs run [JOB...] and its aliases: registers the modules and plugins
 * (quietly), then runs the due jobs, or the named ones.  Exit status 1
 * when a job failed.
 */
static int
jobs_run(const char *const *names, int nnames)
{
	if (modules_start() == -1) {
		fprintf(stderr, "atriumctl: a built-in module failed to "
		    "start\n");
		return 1;
	}
	connect_db();
	return at_jobs_run(&site, db, names, nnames, job_failed) != 0;
}

/*
 * verify-log: checks the activity log through the core's "activity-log"
 * service (the modules registered quietly, as for jobs).  Exit status 1
 * when the log is not intact or cannot be read.
 */
static int
verify_log(void)
{
	const struct at_activity_log *log;
	const char	*errstr = NULL;

	if (modules_start() == -1 ||
	    (log = at_service(AT_ACTIVITY_LOG, AT_VERSION(1, 0))) == NULL) {
		fprintf(stderr, "atriumctl: the activity log's service did not "
		    "start\n");
		return 1;
	}
	at_log_quiet(0);
	connect_db();
	if (log->verify(db, say, NULL, &errstr) == -1) {
		fprintf(stderr, "atriumctl: the activity log is NOT "
		    "intact%s%s\n", errstr != NULL ? ": " : "",
		    errstr != NULL ? errstr : "");
		return 1;
	}
	printf("activity log intact\n");
	return 0;
}

/* The database for a plugin's command: connected on first use. */
static struct at_db *
command_db(void)
{
	if (db == NULL)
		connect_db();
	return db;
}

/*
 * A command a module registered (at_reg_command), or help: the modules
 * and plugins are registered quietly first.  Usage and exit 2 for a name
 * nobody has.
 */
static int
plugin_command(int argc, char *argv[])
{
	at_command_fn	 fn;

	if (modules_start() == -1) {
		fprintf(stderr, "atriumctl: a built-in module failed to "
		    "start\n");
		return 1;
	}
	at_log_quiet(0);
	if (strcmp(argv[0], "help") == 0) {
		printf("commands of the plugins in service:\n");
		at_commands_usage(stdout);
		return 0;
	}
	if ((fn = at_command_find(argv[0])) == NULL)
		usage();
	return fn(&site, command_db, argc, argv);
}

/* jobs list */
static int
jobs_list(void)
{
	if (modules_start() == -1) {
		fprintf(stderr, "atriumctl: a built-in module failed to "
		    "start\n");
		return 1;
	}
	connect_db();
	if (at_jobs_list(db, stdout) == -1) {
		fprintf(stderr, "atriumctl: cannot read the jobs (see the log "
		    "line above)\n");
		return 1;
	}
	return 0;
}

/*
 * mail receive: places the reply on stdin (the mail server's pipe or a
 * .forward).  The exit status is one of sysexits(3) for the mail server:
 * 0 placed (or placed before), EX_NOUSER and EX_DATAERR bounce with the
 * reason on stderr, EX_TEMPFAIL has the message tried again.
 */
static int
mail_receive(void)
{
	if (modules_start() == -1) {
		fprintf(stderr, "The site cannot take replies now; it will be "
		    "tried again.\n");
		return MAILIN_TEMPFAIL;
	}
	db = at_db_new(&site.db);
	if (at_db_ensure(db) == -1) {
		fprintf(stderr, "The database cannot be reached; the reply "
		    "will be tried again.\n");
		return MAILIN_TEMPFAIL;
	}
	return at_mailin_receive(&site, db, stdin);
}

/* Reads one line from stdin without its newline, in the pool. */
static char *
read_password(void)
{
	char	 buf[1100];
	size_t	 len;

	if (fgets(buf, sizeof(buf), stdin) == NULL) {
		fprintf(stderr, "atriumctl: no password on standard input\n");
		return NULL;
	}
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	return at_pstrdup(pool, buf);
}

/* Hashes pw after the policy check, or prints why not. */
static char *
hash_password(const char *pw)
{
	const char	*why;
	char		*hash;

	if ((why = at_password_policy(pw)) != NULL) {
		fprintf(stderr, "atriumctl: %s\n", why);
		return NULL;
	}
	if ((hash = at_password_hash(pool, pw)) == NULL)
		fprintf(stderr, "atriumctl: cannot hash the password\n");
	return hash;
}

/* user add EMAIL NAME ROLE [CLIENT_ID] [--password-stdin] */
static int
user_add(int argc, char *argv[])
{
	const char	*email, *name, *role, *hash = NULL, *pw;
	long long	 client = 0;
	int		 i, stdin_pw = 0, nargs = 0;
	char		*args[4];

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--password-stdin") == 0)
			stdin_pw = 1;
		else if (nargs < 4)
			args[nargs++] = argv[i];
		else
			usage();
	}
	if (nargs < 3)
		usage();
	email = args[0];
	name = args[1];
	role = args[2];
	if (at_v_email(pool, &email) != NULL) {
		fprintf(stderr, "atriumctl: '%s' is not an e-mail address\n",
		    args[0]);
		return 1;
	}
	if (strcmp(role, "admin") != 0 && strcmp(role, "staff") != 0 &&
	    strcmp(role, "contact") != 0) {
		fprintf(stderr, "atriumctl: ROLE must be admin, staff or "
		    "contact\n");
		return 1;
	}
	if ((strcmp(role, "contact") == 0) != (nargs == 4)) {
		fprintf(stderr, "atriumctl: a contact needs a CLIENT_ID; "
		    "staff and admins have none\n");
		return 1;
	}
	if (nargs == 4 && (at_strtoll(args[3], &client) == -1 ||
	    client <= 0)) {
		fprintf(stderr, "atriumctl: CLIENT_ID must be a number\n");
		return 1;
	}
	if (stdin_pw) {
		if ((pw = read_password()) == NULL ||
		    (hash = hash_password(pw)) == NULL)
			return 1;
	}
	connect_db();
	if (client != 0) {
		struct at_rows	*r;

		r = at_db_select(db, pool, "SELECT id FROM clients WHERE id = ?",
		    "I", client);
		if (r == NULL || r->n == 0) {
			fprintf(stderr, "atriumctl: no client with id %lld\n",
			    client);
			return 1;
		}
	}
	if (at_db_exec(db, "INSERT INTO users (email, name, role, client_id, "
	    "password_hash) VALUES (?, ?, ?, NULLIF(?, 0), ?)", "sssIs",
	    email, name, role, client, hash) == -1) {
		fprintf(stderr, "atriumctl: cannot add %s%s\n", email,
		    at_db_errno(db) == 1062 ? ": that address already has "
		    "an account" : " (see the log line above)");
		return 1;
	}
	printf("added %s (%s), user id %lld\n", email, role,
	    at_db_insert_id(db));
	return 0;
}

/*
 * user passwd EMAIL: the new password on stdin.  Setting it ends every
 * session of the account and kills its reset links, in one transaction.
 */
static int
user_passwd(const char *email)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	const char	*pw, *hash;
	int		 rc = 1;

	if ((pw = read_password()) == NULL || (hash = hash_password(pw)) ==
	    NULL)
		return 1;
	connect_db();
	pool = at_pool_new();
	r = at_db_select(db, pool, "SELECT id FROM users WHERE email = ?",
	    "s", email);
	if (r == NULL)
		goto out;
	if (r->n == 0) {
		fprintf(stderr, "atriumctl: no user %s\n", email);
		goto out;
	}
	if (at_password_set(db, at_row_int(r, 0, "id", 0), hash) != 1) {
		fprintf(stderr, "atriumctl: could not set the password of "
		    "%s (see the log)\n", email);
		goto out;
	}
	printf("password set for %s\n", email);
	rc = 0;
out:
	at_pool_free(pool);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char	*conf = AT_SYSCONFDIR "/atrium/atrium.conf";
	char		 err[1024];
	int		 ch, rc = 0;

	at_log_init("atriumctl", 0, 0);
	while ((ch = getopt(argc, argv, "+c:h")) != -1)
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (sodium_init() == -1)
		return 1;
	xmlInitParser();
	/* These two run without a config: one writes it. */
	if (strcmp(argv[0], "setup") == 0)
		return ctl_setup(conf, argc, argv);
	if (strcmp(argv[0], "config-doc") == 0)
		return ctl_config_doc(argc, argv);
	if (at_config_load(&site, conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		/* The mail server keeps a reply until the config is fixed. */
		if (strcmp(argv[0], "mail") == 0 && argc == 2 &&
		    strcmp(argv[1], "receive") == 0)
			return MAILIN_TEMPFAIL;
		return 1;
	}
	if (setenv("TZ", site.timezone, 1) == 0)
		tzset();
	pool = at_pool_new();

	if (strcmp(argv[0], "check-config") == 0) {
		printf("%s: OK\n", conf);
	} else if (strcmp(argv[0], "migrate") == 0) {
		dry_run = argc > 1 && strcmp(argv[1], "--dry-run") == 0;
		connect_db();
		rc = each_component(migrate_one) == -1;
	} else if (strcmp(argv[0], "status") == 0) {
		connect_db();
		rc = each_component(status_one) == -1;
	} else if (strcmp(argv[0], "user") == 0 && argc >= 2 &&
	    strcmp(argv[1], "add") == 0) {
		rc = user_add(argc - 2, argv + 2);
	} else if (strcmp(argv[0], "user") == 0 && argc == 3 &&
	    strcmp(argv[1], "passwd") == 0) {
		rc = user_passwd(argv[2]);
	} else if (strcmp(argv[0], "jobs") == 0 && argc >= 2 &&
	    strcmp(argv[1], "run") == 0) {
		rc = jobs_run((const char *const *)(argv + 2), argc - 2);
	} else if (strcmp(argv[0], "jobs") == 0 && argc == 2 &&
	    strcmp(argv[1], "list") == 0) {
		rc = jobs_list();
	} else if (strcmp(argv[0], "mail") == 0 && argc == 2 &&
	    strcmp(argv[1], "send") == 0) {
		rc = jobs_run(mail_job, 1);
	} else if (strcmp(argv[0], "mail") == 0 && argc == 2 &&
	    strcmp(argv[1], "receive") == 0) {
		rc = mail_receive();
	} else if (strcmp(argv[0], "remind") == 0 && argc == 1) {
		rc = jobs_run(remind_job, 1);
	} else if (strcmp(argv[0], "backup") == 0 && argc == 2) {
		connect_db();
		rc = ctl_backup(&site, db, argv[1]);
	} else if (strcmp(argv[0], "restore") == 0 && argc == 2) {
		connect_db();
		rc = ctl_restore(&site, db, argv[1]);
	} else if (strcmp(argv[0], "verify-log") == 0) {
		rc = verify_log();
	} else
		rc = plugin_command(argc, argv);

	if (db != NULL)
		at_db_free(db);
	at_pool_free(pool);
	at_config_free(&site);
	return rc;
}
