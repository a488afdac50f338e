/*
 * The atrium program: reads the config, then either serves FastCGI on
 * fd 0 under the web server's process manager (mod_fcgid, spawn-fcgi), or
 * with --master runs as its own daemon: a master that binds a unix socket,
 * prefork-spawns the workers, respawns any that die (with a guard against
 * crash loops), re-reads the config and skins on SIGHUP by replacing its
 * workers, and on SIGTERM lets in-flight requests finish.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fcgiapp.h>
#include <libxslt/xslt.h>
#include <sodium.h>

#include "core.h"
#include "hub/hub.h"
#include "serve.h"

#define MAX_WORKERS	256
#define QUICK_DEATH	2	/* seconds: a worker dying sooner failed */
#define LOOP_DEATHS	5	/* quick deaths in LOOP_WINDOW mean a loop */
#define LOOP_WINDOW	30
#define STOP_GRACE	30	/* seconds before a stopping worker is killed */

struct worker {
	pid_t		 pid;
	time_t		 started;
	time_t		 stopping;	/* 0, or when asked to stop */
};

static struct at_site	 site;
static const char	*conf_path = AT_SYSCONFDIR "/atrium/atrium.conf";
static char		 conf_beside[4096]; /* atrium.conf by the exe */
static volatile sig_atomic_t worker_stop;

/* Usage and exit. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: atrium [-c config] [--check-config | "
	    "--master]\n");
	exit(2);
}

/*
 * Reads the config (with the same checks as --check-config: syntax, values
 * and what it names on disk) and registers modules and plugins.  0, or -1
 * with the reason in err.
 */
static int
load(struct at_site *s, char *err, size_t errsz)
{
	if (at_config_load(s, conf_path, err, errsz) == -1)
		return -1;
	if (at_config_check_files(s, err, errsz) == -1) {
		at_config_free(s);
		return -1;
	}
	at_log_init("atrium", 0, s->debug);
	if (setenv("TZ", s->timezone, 1) == -1) {
		snprintf(err, errsz, "%s: setenv TZ: %s", conf_path,
		    strerror(errno));
		at_config_free(s);
		return -1;
	}
	tzset();
	if (at_registry_init(s, at_builtin_modules) == -1) {
		snprintf(err, errsz, "%s: a built-in module failed to start",
		    conf_path);
		at_config_free(s);
		return -1;
	}
	return 0;
}

/* Makes the storage folders (0700) so uploads have somewhere to go. */
static void
storage_prepare(const struct at_site *s)
{
	if (mkdir(s->storage, 0700) == -1 && errno != EEXIST)
		log_warn("%s: mkdir %s: %s", __func__, s->storage,
		    strerror(errno));
	if (mkdir(s->tmpdir, 0700) == -1 && errno != EEXIST)
		log_warn("%s: mkdir %s: %s", __func__, s->tmpdir,
		    strerror(errno));
}

/* SIGTERM/SIGINT in a worker: finish the request in hand, then leave. */
static void
worker_sigterm(int sig)
{
	(void)sig;
	worker_stop = 1;
	FCGX_ShutdownPending();
}

/*
 * A worker: accepts requests on fd until told to stop.  Each request gets
 * the pool, which is reset after it; mail queued by a request is sent,
 * and the events it published delivered, after its response.
 */
static int
worker_run(int fd)
{
	FCGX_Request	 fr;
	struct at_req	 req;
	struct at_pool	*pool;
	struct at_db	*db;
	struct sigaction sa;
	sigset_t	 set;
	int		 unsafe;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_sigterm;	/* no SA_RESTART: break accept() */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

#if defined(__GLIBC__) && defined(M_MXFAST)
	/*
	 * No fastbins: a page frees thousands of small tree nodes, and with
	 * fastbins the next large allocation (libfcgi's stream buffers at
	 * every accept) merged them all again, about a seventh of a kept
	 * page's time in the worker (perf).  glibc's per-thread cache still
	 * serves small sizes quickly.
	 */
	(void)mallopt(M_MXFAST, 0);
#endif
	storage_prepare(&site);
	if (at_view_init(&site) == -1)
		log_warn("worker: the skin could not be prepared; pages "
		    "will show a plain error");
	db = at_db_new(&site.db);
	if (at_db_ensure(db) == -1)
		log_warn("worker: database unreachable; answering 503 until "
		    "it is back");
	else
		(void)at_serve_schema_pending(&site, db);	/* logs */
	at_registry_init_process(db);
	pool = at_pool_new();

	FCGX_Init();
	if (FCGX_InitRequest(&fr, fd, 0) != 0) {
		log_crit("worker: FCGX_InitRequest failed");
		return 1;
	}
	while (!worker_stop) {
		if (FCGX_Accept_r(&fr) < 0)
			break;
		memset(&req, 0, sizeof(req));
		req.pool = pool;
		req.site = &site;
		req.db = db;
		req.fcgx = &fr;
		at_serve(&req);
		unsafe = req.method != AT_GET && req.method != AT_HEAD;
		/*
		 * The request's cleanups (uploads' temporary files) run
		 * before the response ends, so a client never sees them.
		 */
		at_pool_reset(pool);
		FCGX_Finish_r(&fr);
		at_serve_after(&site, db, unsafe);
	}
	FCGX_Free(&fr, 1);
	at_pool_free(pool);
	at_db_free(db);
	at_view_free();
	return 0;
}

/* Forks one worker on fd; returns its pid or -1. */
static pid_t
worker_spawn(int fd)
{
	pid_t	 pid;

	switch (pid = fork()) {
	case -1:
		log_warn("master: fork: %s", strerror(errno));
		return -1;
	case 0:
		/* A child must not share the parent's random state. */
		randombytes_stir();
		at_log_init("atrium", 0, site.debug);
		_exit(worker_run(fd));
	default:
		return pid;
	}
}

/* Writes the pid file if the config names one. */
static void
pidfile_write(const struct at_site *s)
{
	FILE	*f;

	if (s->pidfile == NULL)
		return;
	if ((f = fopen(s->pidfile, "w")) == NULL) {
		log_warn("master: %s: %s", s->pidfile, strerror(errno));
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

/* The kernel's cap on a listen queue (net.core.somaxconn), or -1. */
static int
somaxconn(void)
{
	FILE	*f;
	int	 n = -1;

	if ((f = fopen("/proc/sys/net/core/somaxconn", "r")) == NULL)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

/* Binds the unix socket (replacing a stale one); fd or -1. */
static int
master_listen(const struct at_site *s)
{
	int	 fd, backlog = s->backlog, max;
	mode_t	 old;

	if ((max = somaxconn()) > 0 && backlog > max) {
		log_info("master: server.backlog %d is above the kernel's "
		    "net.core.somaxconn; using %d", backlog, max);
		backlog = max;
	}
	if (unlink(s->socket) == -1 && errno != ENOENT) {
		log_crit("master: %s: %s", s->socket, strerror(errno));
		return -1;
	}
	old = umask(0777 & ~s->socket_mode);
	fd = FCGX_OpenSocket(s->socket, backlog);
	umask(old);
	if (fd < 0) {
		log_crit("master: cannot listen on %s", s->socket);
		return -1;
	}
	if (chmod(s->socket, (mode_t)s->socket_mode) == -1)
		log_warn("master: chmod %s: %s", s->socket, strerror(errno));
	return fd;
}

/*
 * Checks the config in a child process, so that a broken file cannot
 * disturb the master's state (plugins are opened to read their options).
 * 0 when it loads; -1 with the reason in err.
 */
static int
master_check(char *err, size_t errsz)
{
	pid_t	 pid;
	int	 st, pfd[2];
	ssize_t	 n;
	size_t	 have = 0;

	err[0] = '\0';
	if (pipe(pfd) == -1) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		struct at_site	 s;
		char		 msg[1024];
		size_t		 len;

		close(pfd[0]);
		if (load(&s, msg, sizeof(msg)) == 0)
			_exit(0);
		len = strlen(msg);
		if (write(pfd[1], msg, len) != (ssize_t)len)
			_exit(1);
		_exit(1);
	}
	close(pfd[1]);
	while (have + 1 < errsz) {
		n = read(pfd[0], err + have, errsz - have - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	err[have] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (err[0] == '\0')
		snprintf(err, errsz, "the check ended abnormally");
	return -1;
}

/* The master: see the comment at the top of this file. */
static int
master_run(void)
{
	struct worker	 w[MAX_WORKERS];
	time_t		 deaths[LOOP_DEATHS], now, hold = 0;
	sigset_t	 set;
	siginfo_t	 si;
	struct timespec	 tick = { 1, 0 };
	int		 fd, i, n, sig, st, stopping = 0, backoff = 1;
	int		 ndeaths = 0, live, backlog;
	pid_t		 pid;
	char		 err[1024], *sockpath;

	if (load(&site, err, sizeof(err)) == -1) {
		log_crit("%s", err);
		return 1;
	}
	if ((fd = master_listen(&site)) == -1)
		return 1;
	/* The socket bound now is the one to remove at the end. */
	if ((sockpath = strdup(site.socket)) == NULL)
		return 1;
	backlog = site.backlog;
	pidfile_write(&site);
	storage_prepare(&site);

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(w, 0, sizeof(w));
	memset(deaths, 0, sizeof(deaths));
	n = site.workers > MAX_WORKERS ? MAX_WORKERS : site.workers;
	log_info("master: listening on %s with %d workers", site.socket, n);

	for (;;) {
		now = time(NULL);
		/* Start missing workers unless stopping or holding back. */
		if (!stopping && now >= hold)
			for (i = 0; i < n; i++)
				if (w[i].pid == 0) {
					w[i].pid = worker_spawn(fd);
					if (w[i].pid == -1)
						w[i].pid = 0;
					w[i].started = now;
					w[i].stopping = 0;
				}
		/* Nudge stopping workers; kill those past the grace time. */
		live = 0;
		for (i = 0; i < MAX_WORKERS; i++) {
			if (w[i].pid == 0)
				continue;
			live++;
			if (w[i].stopping == 0)
				continue;
			if (now - w[i].stopping > STOP_GRACE)
				kill(w[i].pid, SIGKILL);
			else
				kill(w[i].pid, SIGTERM);
		}
		if (stopping && live == 0)
			break;

		sig = sigtimedwait(&set, &si, &tick);
		if (sig == SIGTERM || sig == SIGINT) {
			log_info("master: stopping; letting requests finish");
			stopping = 1;
			for (i = 0; i < MAX_WORKERS; i++)
				if (w[i].pid != 0 && w[i].stopping == 0) {
					w[i].stopping = time(NULL);
					kill(w[i].pid, SIGTERM);
				}
		} else if (sig == SIGHUP && !stopping) {
			if (master_check(err, sizeof(err)) == -1) {
				log_warn("master: reload refused, still "
				    "serving with the running config: %s",
				    err);
				continue;
			}
			at_config_free(&site);
			if (load(&site, err, sizeof(err)) == -1) {
				log_crit("master: reload failed: %s", err);
				return 1;
			}
			log_info("master: reloaded %s; replacing workers",
			    conf_path);
			if (strcmp(site.socket, sockpath) != 0)
				log_warn("master: server.socket changed to %s; "
				    "still listening on %s until atrium is "
				    "restarted", site.socket, sockpath);
			if (site.backlog != backlog)
				log_warn("master: server.backlog changed to "
				    "%d; the socket keeps %d until atrium is "
				    "restarted", site.backlog, backlog);
			/* Move the old ones past the slots, then refill. */
			for (i = 0; i < MAX_WORKERS; i++) {
				if (w[i].pid == 0 || w[i].stopping != 0)
					continue;
				w[i].stopping = time(NULL);
				kill(w[i].pid, SIGTERM);
			}
			n = site.workers > MAX_WORKERS ? MAX_WORKERS :
			    site.workers;
		}
		/* Reap whatever has ended. */
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
			for (i = 0; i < MAX_WORKERS; i++)
				if (w[i].pid == pid)
					break;
			if (i == MAX_WORKERS)
				continue;
			now = time(NULL);
			if (w[i].stopping == 0) {
				if (WIFSIGNALED(st))
					log_warn("master: worker %ld killed by "
					    "signal %d; starting another",
					    (long)pid, WTERMSIG(st));
				else
					log_warn("master: worker %ld exited "
					    "(%d); starting another",
					    (long)pid, WEXITSTATUS(st));
				if (now - w[i].started < QUICK_DEATH) {
					deaths[ndeaths++ % LOOP_DEATHS] = now;
					if (ndeaths >= LOOP_DEATHS &&
					    now - deaths[ndeaths %
					    LOOP_DEATHS] < LOOP_WINDOW) {
						hold = now + backoff;
						log_crit("master: workers keep "
						    "dying at start; waiting "
						    "%d s before the next",
						    backoff);
						if (backoff < 60)
							backoff *= 2;
					}
				} else
					backoff = 1;
			}
			w[i].pid = 0;
			w[i].stopping = 0;
			/* A replaced worker's slot refills only below n. */
		}
		/* Slots past n (after a reload to fewer) stay empty. */
		(void)live;
	}
	close(fd);
	unlink(sockpath);
	free(sockpath);
	if (site.pidfile != NULL)
		unlink(site.pidfile);
	log_info("master: stopped");
	return 0;
}

/*
 * Without -c: $ATRIUM_CONFIG when set (FcgidInitialEnv, SetEnv), else
 * atrium.conf in the program's own folder when it exists, else the
 * compiled-in path.  Sets conf_path; nothing to free.
 */
static void
conf_discover(void)
{
	const char	*env;
	char		 exe[4096], *slash;
	ssize_t		 n;

	if ((env = getenv("ATRIUM_CONFIG")) != NULL && env[0] != '\0') {
		conf_path = env;
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	if ((size_t)snprintf(conf_beside, sizeof(conf_beside),
	    "%s/atrium.conf", exe) < sizeof(conf_beside) &&
	    access(conf_beside, F_OK) == 0)
		conf_path = conf_beside;
}

/*
 * Writes one line to atrium-error.log in the program's folder (the site
 * folder on shared hosting) when it can, else to standard error (the web
 * server's log).
 */
static void
conf_error_log(const char *code, const char *why)
{
	char		 exe[4096], path[4200], *slash;
	char		 when[32];
	ssize_t		 n;
	FILE		*f = NULL;
	time_t		 now = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/atrium-error.log",
			    exe);
			f = fopen(path, "a");
		}
	}
	fprintf(f != NULL ? f : stderr, "%s UTC %s: no usable config: %s "
	    "(set ATRIUM_CONFIG with FcgidInitialEnv or SetEnv, put "
	    "atrium.conf beside the program, or fix %s)\n", when, code,
	    why, conf_path);
	if (f != NULL)
		fclose(f);
}

/*
 * Serves FastCGI on fd 0 without a config: every request gets a plain
 * 500 page naming a code the admin finds in Atrium's log (no paths).
 */
static int
conf_broken_run(const char *why)
{
	FCGX_Request	 fr;
	char		 code[32], body[512];
	uint32_t	 r;
	int		 len;

	r = randombytes_uniform(0x10000);
	snprintf(code, sizeof(code), "ATR-CONF-%04x", (unsigned)r);
	conf_error_log(code, why);
	log_crit("%s: no usable config: %s", code, why);
	len = snprintf(body, sizeof(body), "Atrium is not set up yet: it "
	    "could not read its configuration file.\n\nSite administrator: "
	    "look for the code %s in Atrium's log (atrium-error.log beside "
	    "the program, or the web server's error log) to see what to "
	    "fix.\n", code);
	FCGX_Init();
	if (FCGX_InitRequest(&fr, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&fr) >= 0) {
		FCGX_FPrintF(fr.out, "Status: 500 Internal Server Error\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Length: %d\r\n"
		    "Cache-Control: no-store\r\n"
		    "X-Content-Type-Options: nosniff\r\n"
		    "X-Frame-Options: DENY\r\n\r\n", len);
		if (strcmp(FCGX_GetParam("REQUEST_METHOD", fr.envp) != NULL ?
		    FCGX_GetParam("REQUEST_METHOD", fr.envp) : "", "HEAD") != 0)
			FCGX_PutStr(body, len, fr.out);
		FCGX_Finish_r(&fr);
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 't' },
		{ "master", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch, check = 0, master = 0, given = 0;
	char	 err[1024];

	at_log_init("atrium", 0, 0);
	while ((ch = getopt_long(argc, argv, "c:tmhV", longopts, NULL)) != -1)
		switch (ch) {
		case 'c':
			conf_path = optarg;
			given = 1;
			break;
		case 't':
			check = 1;
			break;
		case 'm':
			master = 1;
			break;
		case 'V':
			printf("atrium %s (plugin ABI %d.%d)\n",
			    PACKAGE_VERSION, AT_ABI_MAJOR, AT_ABI_MINOR);
			return 0;
		default:
			usage();
		}
	if (optind != argc)
		usage();
	if (!given)
		conf_discover();
	if (sodium_init() == -1) {
		log_crit("libsodium cannot start");
		return 1;
	}
	xmlInitParser();

	if (check) {
		if (at_config_load(&site, conf_path, err, sizeof(err)) == -1 ||
		    at_config_check_files(&site, err, sizeof(err)) == -1) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		printf("%s: OK\n", conf_path);
		return 0;
	}
	if (master)
		return master_run();

	/* Under a process manager: the FastCGI socket is fd 0. */
	if (FCGX_IsCGI()) {
		fprintf(stderr, "atrium: fd 0 is not a FastCGI socket; run "
		    "it from the web server (mod_fcgid, spawn-fcgi) or with "
		    "--master\n");
		return 2;
	}
	/* A broken config answers 500 with a code, never a crash. */
	if (load(&site, err, sizeof(err)) == -1)
		return conf_broken_run(err);
	return worker_run(0);
}
