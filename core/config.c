/*
 * The site's configuration file (include/atrium/config.h).  Options are a
 * table (cfg_opt_t); values are checked as they are read, so an error
 * names the file and the line.  Each plugin declares the options of its
 * own "plugin NAME { }" section, which is its namespace: the file is read
 * with those sections' bodies blanked out (lines kept), the listed
 * plugins are opened for their option tables, and each opened plugin's
 * section is read alone with its own table, so two plugins may declare
 * the same option name with different types and each reads its own.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

static char	*cfg_errbuf;
static size_t	 cfg_errsz;
static const char *cfg_path;	/* the file being read */
static const char *cfg_plugin;	/* the plugin whose section is read */

/* One opened plugin's own options: its section read with its table. */
struct at_plugin_cfg {
	char		*name;
	cfg_t		*cfg;
};

/* A "plugin NAME { }" section of the file: its body and first line. */
struct cfg_psec {
	char		*name;
	char		*body;		/* the text between the braces */
	int		 line;		/* of the opening brace */
};

/* Keeps the first error libconfuse reports, with file and line. */
static void
cfg_errfn(cfg_t *cfg, const char *fmt, va_list ap)
{
	char	 msg[512], who[160];

	if (cfg_errbuf == NULL || cfg_errbuf[0] != '\0')
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	who[0] = '\0';
	if (cfg_plugin != NULL)
		snprintf(who, sizeof(who), " plugin %s:", cfg_plugin);
	if (cfg != NULL && cfg->line > 0)
		snprintf(cfg_errbuf, cfg_errsz, "%s:%d:%s %s", cfg_path,
		    cfg->line, who, msg);
	else
		snprintf(cfg_errbuf, cfg_errsz, "%s:%s %s", cfg_path, who,
		    msg);
}

/* "50M", "512k", "1G" or plain bytes. */
static int
cb_size(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char		*end;
	long long	 n, mul = 1;

	errno = 0;
	n = strtoll(value, &end, 10);
	if (end == value || errno != 0 || n < 0)
		goto bad;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		mul = 1024;
		break;
	case 'M':
		mul = 1024 * 1024;
		break;
	case 'G':
		mul = 1024LL * 1024 * 1024;
		break;
	default:
		goto bad;
	}
	if (*end != '\0' && end[1] != '\0' &&
	    !(toupper((unsigned char)end[1]) == 'B' && end[2] == '\0'))
		goto bad;
	if (n > LLONG_MAX / mul)
		goto bad;
	*(long *)result = (long)(n * mul);
	return 0;
bad:
	cfg_error(cfg, "%s: '%s' is not a size (bytes, or a number with "
	    "K, M or G)", opt->name, value);
	return -1;
}

/* "1800", "30m", "12h", "7d" (seconds when no unit). */
static int
cb_duration(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char		*end;
	long long	 n, mul = 1;

	errno = 0;
	n = strtoll(value, &end, 10);
	if (end == value || errno != 0 || n < 0)
		goto bad;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		mul = 60;
		break;
	case 'h':
		mul = 3600;
		break;
	case 'd':
		mul = 86400;
		break;
	default:
		goto bad;
	}
	if (*end != '\0' && end[1] != '\0')
		goto bad;
	if (n * mul > INT_MAX)
		goto bad;
	*(long *)result = (long)(n * mul);
	return 0;
bad:
	cfg_error(cfg, "%s: '%s' is not a duration (seconds, or a number "
	    "with s, m, h or d)", opt->name, value);
	return -1;
}

/* A positive count. */
static int
cb_count(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (end == value || *end != '\0' || errno != 0 || n < 1 ||
	    n > 100000) {
		cfg_error(cfg, "%s: '%s' is not a whole number from 1 to "
		    "100000", opt->name, value);
		return -1;
	}
	*(long *)result = n;
	return 0;
}

/* Octal permissions such as "0660". */
static int
cb_mode(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char	*end;
	long	 n;

	n = strtol(value, &end, 8);
	if (end == value || *end != '\0' || n < 0 || n > 0777) {
		cfg_error(cfg, "%s: '%s' is not an octal mode like 0660",
		    opt->name, value);
		return -1;
	}
	*(long *)result = n;
	return 0;
}

/* A name made of [a-z0-9_-]: skins and plugins become path parts. */
static int
cb_name(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	const char	*p;

	if (*value == '\0' || strlen(value) > 64)
		goto bad;
	for (p = value; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '_' && *p != '-')
			goto bad;
	*(const char **)result = value;
	return 0;
bad:
	cfg_error(cfg, "%s: '%s' must be 1 to 64 of a-z, 0-9, _ and -",
	    opt->name, value);
	return -1;
}

/* A PDF paper size: "a4" or "letter". */
static int
cb_paper(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	if (strcmp(value, "a4") != 0 && strcmp(value, "letter") != 0) {
		cfg_error(cfg, "%s: '%s' must be a4 or letter", opt->name,
		    value);
		return -1;
	}
	*(const char **)result = value;
	return 0;
}

/* An http:// or https:// URL. */
static int
cb_url(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	if (strncmp(value, "http://", 7) != 0 &&
	    strncmp(value, "https://", 8) != 0) {
		cfg_error(cfg, "%s: '%s' must start with http:// or https://",
		    opt->name, value);
		return -1;
	}
	*(const char **)result = value;
	return 0;
}

/*
 * The address replies by e-mail go to ("reply@agency.example"): empty
 * (no reply addresses), or one local part of letters, digits and
 * ".-_" without '+', '@' and a domain.
 */
static int
cb_reply_address(cfg_t *cfg, cfg_opt_t *opt, const char *value,
    void *result)
{
	const char	*at;
	size_t		 n;

	if (value[0] == '\0')
		goto ok;
	n = strlen(value);
	if (n > 120 || (at = strchr(value, '@')) == NULL || at == value ||
	    strchr(at + 1, '@') != NULL || at[1] == '\0' ||
	    strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_") != (size_t)(at - value) ||
	    strspn(at + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-") != strlen(at + 1)) {
		cfg_error(cfg, "%s: '%s' must be an address like "
		    "reply@agency.example (no '+': the reply token goes there)",
		    opt->name, value);
		return -1;
	}
ok:
	*(const char **)result = value;
	return 0;
}

/*
 * The path Atrium is served under ("/portal"): empty, or '/' and then
 * segments of letters, digits, '-', '_', '.' and '~' joined by single
 * '/', no trailing '/', no "." or ".." segment.
 */
static int
cb_base_path(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	const char	*p, *seg;

	if (value[0] == '\0')
		goto ok;
	if (value[0] != '/' || strlen(value) > 200)
		goto bad;
	for (seg = p = value + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == seg || (p - seg == 1 && seg[0] == '.') ||
			    (p - seg == 2 && seg[0] == '.' && seg[1] == '.'))
				goto bad;
			if (*p == '\0')
				break;
			seg = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-' &&
		    *p != '_' && *p != '.' && *p != '~')
			goto bad;
	}
ok:
	*(const char **)result = value;
	return 0;
bad:
	cfg_error(cfg, "%s: '%s' must be empty or a path such as /portal "
	    "(starts with '/', no trailing '/', letters, digits, '-', '_', "
	    "'.', '~')", opt->name, value);
	return -1;
}

/* An IANA time zone the system knows. */
static int
cb_zone(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char		 path[PATH_MAX];
	struct stat	 st;

	if (strstr(value, "..") != NULL || value[0] == '/' ||
	    (size_t)snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s",
	    value) >= sizeof(path) || stat(path, &st) == -1 ||
	    !S_ISREG(st.st_mode)) {
		cfg_error(cfg, "%s: unknown time zone '%s' (an IANA name "
		    "such as Europe/London)", opt->name, value);
		return -1;
	}
	*(const char **)result = value;
	return 0;
}

/* smtp, sendmail or none. */
static int
cb_transport(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	if (strcmp(value, "smtp") != 0 && strcmp(value, "sendmail") != 0 &&
	    strcmp(value, "none") != 0) {
		cfg_error(cfg, "%s: '%s' must be smtp, sendmail or none",
		    opt->name, value);
		return -1;
	}
	*(const char **)result = value;
	return 0;
}

/* yes, no or auto. */
static int
cb_tristate(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0 &&
	    strcmp(value, "auto") != 0) {
		cfg_error(cfg, "%s: '%s' must be yes, no or auto", opt->name,
		    value);
		return -1;
	}
	*(const char **)result = value;
	return 0;
}

static cfg_opt_t brand_opts[] = {
	CFG_STR("name", NULL, CFGF_NONE),
	CFG_STR("logo", "", CFGF_NONE),
	CFG_STR("color", "#2f5bea", CFGF_NONE),
	CFG_END()
};

static cfg_opt_t site_opts[] = {
	CFG_STR("name", "Atrium", CFGF_NONE),
	CFG_STR_CB("base-url", "http://127.0.0.1:8080", CFGF_NONE, cb_url),
	CFG_STR_CB("skin", "default", CFGF_NONE, cb_name),
	CFG_STR_CB("timezone", "UTC", CFGF_NONE, cb_zone),
	CFG_STR("static-url", "/static", CFGF_NONE),
	CFG_BOOL("debug", cfg_false, CFGF_NONE),
	CFG_STR_CB("paper", "a4", CFGF_NONE, cb_paper),
	CFG_SEC("brand", brand_opts, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t db_opts[] = {
	CFG_STR("host", "", CFGF_NONE),
	CFG_INT("port", 3306, CFGF_NONE),
	CFG_STR("socket", "", CFGF_NONE),
	CFG_STR("user", "atrium", CFGF_NONE),
	CFG_STR("password", "", CFGF_NONE),
	CFG_STR("name", "atrium", CFGF_NONE),
	CFG_INT_CB("timeout", 5, CFGF_NONE, cb_duration),
	CFG_END()
};

static cfg_opt_t storage_opts[] = {
	CFG_STR("path", "/var/lib/atrium", CFGF_NONE),
	CFG_INT_CB("client-quota", 1073741824, CFGF_NONE, cb_size),
	CFG_END()
};

static cfg_opt_t mail_opts[] = {
	CFG_STR_CB("transport", "none", CFGF_NONE, cb_transport),
	CFG_STR("from", "atrium@localhost", CFGF_NONE),
	CFG_STR("smtp-url", "smtp://127.0.0.1:25", CFGF_NONE),
	CFG_STR("smtp-user", "", CFGF_NONE),
	CFG_STR("smtp-password", "", CFGF_NONE),
	CFG_STR("sendmail", "/usr/sbin/sendmail -t -i", CFGF_NONE),
	CFG_STR_CB("reply-address", "", CFGF_NONE, cb_reply_address),
	CFG_END()
};

static cfg_opt_t security_opts[] = {
	CFG_INT_CB("session-idle", 1800, CFGF_NONE, cb_duration),
	CFG_INT_CB("session-absolute", 43200, CFGF_NONE, cb_duration),
	CFG_INT_CB("reset-ttl", 3600, CFGF_NONE, cb_duration),
	CFG_INT_CB("login-window", 900, CFGF_NONE, cb_duration),
	CFG_INT_CB("login-max-account", 5, CFGF_NONE, cb_count),
	CFG_INT_CB("login-max-address", 20, CFGF_NONE, cb_count),
	CFG_STR_CB("secure-cookies", "auto", CFGF_NONE, cb_tristate),
	CFG_INT_CB("hsts", 31536000, CFGF_NONE, cb_duration),
	CFG_INT_CB("max-body", 52428800, CFGF_NONE, cb_size),
	CFG_INT_CB("max-upload", 26214400, CFGF_NONE, cb_size),
	CFG_INT_CB("max-fields", 200, CFGF_NONE, cb_count),
	CFG_INT_CB("max-field", 65536, CFGF_NONE, cb_size),
	CFG_INT_CB("max-header", 8192, CFGF_NONE, cb_size),
	CFG_END()
};

static cfg_opt_t server_opts[] = {
	CFG_INT_CB("workers", 4, CFGF_NONE, cb_count),
	CFG_STR("socket", "/run/atrium/atrium.sock", CFGF_NONE),
	CFG_INT_CB("socket-mode", 0660, CFGF_NONE, cb_mode),
	CFG_INT_CB("backlog", 1024, CFGF_NONE, cb_count),
	CFG_STR("pidfile", "", CFGF_NONE),
	CFG_STR_CB("base-path", "", CFGF_NONE, cb_base_path),
	CFG_END()
};

static cfg_opt_t paths_opts[] = {
	CFG_STR("skins", AT_PKGDATADIR "/skins", CFGF_NONE),
	CFG_STR("plugins", AT_PLUGINDIR, CFGF_NONE),
	CFG_STR("data", AT_PKGDATADIR, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t empty_opts[] = {
	CFG_END()
};

/*
 * The option table.  The plugin sections' bodies are read apart, each
 * with its plugin's table (cfg_plugins_read): here they are empty.
 */
static cfg_opt_t *
cfg_table(void)
{
	static cfg_opt_t opts[] = {
		CFG_SEC("site", site_opts, CFGF_NONE),
		CFG_SEC("database", db_opts, CFGF_NONE),
		CFG_SEC("storage", storage_opts, CFGF_NONE),
		CFG_SEC("mail", mail_opts, CFGF_NONE),
		CFG_SEC("security", security_opts, CFGF_NONE),
		CFG_SEC("server", server_opts, CFGF_NONE),
		CFG_SEC("paths", paths_opts, CFGF_NONE),
		CFG_STR_LIST("plugins", "{}", CFGF_NONE),
		CFG_SEC("plugin", empty_opts, CFGF_MULTI | CFGF_TITLE |
		    CFGF_NO_TITLE_DUPES),
		CFG_END()
	};

	return opts;
}

/* An empty string option as NULL. */
static const char *
cfg_strornull(cfg_t *sec, const char *name)
{
	const char	*s;

	s = cfg_getstr(sec, name);
	return s == NULL || *s == '\0' ? NULL : s;
}

/* Copies the parsed values into site. */
static void
cfg_fill(struct at_site *site, cfg_t *cfg)
{
	cfg_t		*s;
	const char	*v;
	size_t		 i, len;
	static char	 tmp[PATH_MAX];

	s = cfg_getsec(cfg, "site");
	site->name = cfg_getstr(s, "name");
	site->base_url = cfg_getstr(s, "base-url");
	len = strlen(site->base_url);
	while (len > 0 && site->base_url[len - 1] == '/')
		((char *)site->base_url)[--len] = '\0';
	site->skin = cfg_getstr(s, "skin");
	site->timezone = cfg_getstr(s, "timezone");
	site->static_url = cfg_getstr(s, "static-url");
	site->debug = cfg_getbool(s, "debug");
	site->paper = cfg_getstr(s, "paper");
	s = cfg_getsec(s, "brand");
	site->brand_name = cfg_strornull(s, "name");
	if (site->brand_name == NULL)
		site->brand_name = site->name;
	site->brand_logo = cfg_strornull(s, "logo");
	site->brand_color = cfg_getstr(s, "color");

	s = cfg_getsec(cfg, "database");
	site->db.host = cfg_strornull(s, "host");
	site->db.port = (unsigned int)cfg_getint(s, "port");
	site->db.socket = cfg_strornull(s, "socket");
	site->db.user = cfg_getstr(s, "user");
	site->db.password = cfg_getstr(s, "password");
	site->db.name = cfg_getstr(s, "name");
	site->db.timeout = (unsigned int)cfg_getint(s, "timeout");

	s = cfg_getsec(cfg, "storage");
	site->storage = cfg_getstr(s, "path");
	snprintf(tmp, sizeof(tmp), "%s/tmp", site->storage);
	site->tmpdir = tmp;
	site->client_quota = cfg_getint(s, "client-quota");

	s = cfg_getsec(cfg, "mail");
	v = cfg_getstr(s, "transport");
	site->mail_transport = strcmp(v, "smtp") == 0 ? AT_MAIL_SMTP :
	    strcmp(v, "sendmail") == 0 ? AT_MAIL_SENDMAIL : AT_MAIL_NONE;
	site->mail_from = cfg_getstr(s, "from");
	site->smtp_url = cfg_getstr(s, "smtp-url");
	site->smtp_user = cfg_strornull(s, "smtp-user");
	site->smtp_password = cfg_strornull(s, "smtp-password");
	site->sendmail = cfg_getstr(s, "sendmail");
	site->reply_address = cfg_strornull(s, "reply-address");

	s = cfg_getsec(cfg, "security");
	site->session_idle = (int)cfg_getint(s, "session-idle");
	site->session_absolute = (int)cfg_getint(s, "session-absolute");
	site->reset_ttl = (int)cfg_getint(s, "reset-ttl");
	site->login_window = (int)cfg_getint(s, "login-window");
	site->login_max_account = (int)cfg_getint(s, "login-max-account");
	site->login_max_address = (int)cfg_getint(s, "login-max-address");
	v = cfg_getstr(s, "secure-cookies");
	site->secure_cookies = strcmp(v, "yes") == 0 ? 1 :
	    strcmp(v, "no") == 0 ? 0 : -1;
	site->hsts = (int)cfg_getint(s, "hsts");
	site->limits.max_body = (size_t)cfg_getint(s, "max-body");
	site->limits.max_upload = (size_t)cfg_getint(s, "max-upload");
	site->limits.max_fields = (size_t)cfg_getint(s, "max-fields");
	site->limits.max_field = (size_t)cfg_getint(s, "max-field");
	site->limits.max_header = (size_t)cfg_getint(s, "max-header");

	s = cfg_getsec(cfg, "server");
	site->workers = (int)cfg_getint(s, "workers");
	site->socket = cfg_getstr(s, "socket");
	site->socket_mode = (int)cfg_getint(s, "socket-mode");
	site->backlog = (int)cfg_getint(s, "backlog");
	site->pidfile = cfg_strornull(s, "pidfile");
	site->base_path = cfg_getstr(s, "base-path");

	s = cfg_getsec(cfg, "paths");
	site->skins_dir = cfg_getstr(s, "skins");
	site->plugin_dir = cfg_getstr(s, "plugins");
	site->data_dir = cfg_getstr(s, "data");

	site->nplugins = cfg_size(cfg, "plugins");
	site->plugins = calloc(site->nplugins + 1, sizeof(char *));
	if (site->plugins == NULL)
		abort();
	for (i = 0; i < site->nplugins; i++)
		site->plugins[i] = cfg_getnstr(cfg, "plugins", i);
}

/* Checks what only makes sense across options. */
static int
cfg_check(const struct at_site *site, char *err, size_t errsz)
{
	size_t	 i, j;

	if (site->session_idle > site->session_absolute) {
		snprintf(err, errsz, "%s: security: session-idle is longer "
		    "than session-absolute", site->config_path);
		return -1;
	}
	if (site->limits.max_upload > site->limits.max_body) {
		snprintf(err, errsz, "%s: security: max-upload is larger "
		    "than max-body", site->config_path);
		return -1;
	}
	for (i = 0; i < site->nplugins; i++)
		for (j = i + 1; j < site->nplugins; j++)
			if (strcmp(site->plugins[i], site->plugins[j]) == 0) {
				snprintf(err, errsz, "%s: plugins: '%s' is "
				    "listed twice", site->config_path,
				    site->plugins[i]);
				return -1;
			}
	return 0;
}

#define CFG_MAX_FILE	(1024 * 1024)

/*
 * The text of the file at path with every comment ("#" and "//" to the end
 * of the line, C-style blocks) blanked out and every line break kept, so
 * libconfuse counts lines right: Debian's libconfuse 3.3 counts a comment
 * line more than once.  A malloc'd string the caller frees, or NULL with
 * err set.
 */
static char *
cfg_slurp(const char *path, char *err, size_t errsz)
{
	FILE	*f;
	char	*buf, *p, q = '\0';
	size_t	 n;
	int	 tokstart = 1;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: cannot read: %s", path,
		    strerror(errno));
		return NULL;
	}
	if ((buf = malloc(CFG_MAX_FILE + 1)) == NULL)
		abort();
	n = fread(buf, 1, CFG_MAX_FILE + 1, f);
	if (ferror(f) || n > CFG_MAX_FILE) {
		snprintf(err, errsz, "%s: cannot read: %s", path,
		    ferror(f) ? strerror(errno) : "larger than 1 MB");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	for (p = buf; *p != '\0'; p++) {
		if (q != '\0') {		/* in a quoted string */
			if (*p == '\\' && p[1] != '\0' && p[1] != '\n')
				p++;
			else if (*p == q)
				q = '\0';
			continue;
		}
		if (*p == '"' || *p == '\'') {
			q = *p;
			tokstart = 0;
		} else if (*p == '#' || (tokstart && p[0] == '/' &&
		    p[1] == '/')) {
			while (*p != '\0' && *p != '\n')
				*p++ = ' ';
			if (*p == '\0')
				break;
			tokstart = 1;
		} else if (tokstart && p[0] == '/' && p[1] == '*') {
			*p++ = ' ';
			*p++ = ' ';
			while (*p != '\0' && !(p[0] == '*' && p[1] == '/')) {
				if (*p != '\n')
					*p = ' ';
				p++;
			}
			if (*p == '\0')
				break;
			*p++ = ' ';
			*p = ' ';
			tokstart = 1;
		} else
			tokstart = isspace((unsigned char)*p) ||
			    strchr("{}=,()", *p) != NULL;
	}
	return buf;
}

enum cfg_tok {
	TOK_END, TOK_WORD, TOK_LBRACE, TOK_RBRACE, TOK_EQ, TOK_LPAREN,
	TOK_RPAREN, TOK_COMMA
};

struct cfg_scan {
	const char	*text;
	const char	*p;
	int		 line;
	char		 word[128];	/* the last word, cut */
	const char	*path;
	char		*err;
	size_t		 errsz;
	struct cfg_psec	*psecs;		/* the plugin sections met */
	size_t		 npsecs;
};

/* The next token of a comment-free text; a quoted string is a word. */
static enum cfg_tok
scan_next(struct cfg_scan *sc)
{
	const char	*p = sc->p, *start;
	char		 q;
	size_t		 n;

	for (; *p != '\0' && isspace((unsigned char)*p); p++)
		if (*p == '\n')
			sc->line++;
	sc->word[0] = '\0';
	start = p;
	switch (*p) {
	case '\0':
		sc->p = p;
		return TOK_END;
	case '{':
		sc->p = p + 1;
		return TOK_LBRACE;
	case '}':
		sc->p = p + 1;
		return TOK_RBRACE;
	case '=':
		sc->p = p + 1;
		return TOK_EQ;
	case '(':
		sc->p = p + 1;
		return TOK_LPAREN;
	case ')':
		sc->p = p + 1;
		return TOK_RPAREN;
	case ',':
		sc->p = p + 1;
		return TOK_COMMA;
	case '+':
		if (p[1] == '=') {
			sc->p = p + 2;
			return TOK_EQ;
		}
		break;
	case '"':
	case '\'':
		q = *p++;
		start = p;
		for (; *p != '\0' && *p != q; p++) {
			if (*p == '\n')
				sc->line++;
			if (*p == '\\' && p[1] != '\0')
				p++;
		}
		n = (size_t)(p - start);
		if (*p != '\0')
			p++;
		goto word;
	}
	while (*p != '\0' && !isspace((unsigned char)*p) &&
	    strchr("{}=,()\"'", *p) == NULL && !(p[0] == '+' && p[1] == '='))
		p++;
	n = (size_t)(p - start);
word:
	if (n >= sizeof(sc->word))
		n = sizeof(sc->word) - 1;
	memcpy(sc->word, start, n);
	sc->word[n] = '\0';
	sc->p = p;
	return TOK_WORD;
}

/* The option called name in opts, or NULL. */
static cfg_opt_t *
scan_opt(cfg_opt_t *opts, const char *name)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (strcmp(opts->name, name) == 0)
			return opts;
	return NULL;
}

/*
 * Keeps plugin section name, whose body runs from start to end (the
 * closing brace) and starts on line, and blanks the body in the text (its
 * line breaks kept) for the file's own table, which has no options there.
 */
static void
scan_psec(struct cfg_scan *sc, const char *name, const char *start,
    const char *end, int line)
{
	struct cfg_psec	*ps;
	char		*p;

	sc->psecs = reallocarray(sc->psecs, sc->npsecs + 1,
	    sizeof(*sc->psecs));
	if (sc->psecs == NULL)
		abort();
	ps = &sc->psecs[sc->npsecs++];
	if ((ps->name = strdup(name)) == NULL ||
	    (ps->body = strndup(start, (size_t)(end - start))) == NULL)
		abort();
	ps->line = line;
	for (p = (char *)start; p < end; p++)
		if (*p != '\n')
			*p = ' ';
}

/* Frees the plugin sections a scan kept. */
static void
psecs_free(struct cfg_psec *ps, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(ps[i].name);
		free(ps[i].body);
	}
	free(ps);
}

/* " in section 'name'", or "" at the top. */
static const char *
scan_where(const char *sec, char *buf, size_t sz)
{
	if (sec == NULL)
		return "";
	snprintf(buf, sz, " in section '%s'", sec);
	return buf;
}

/*
 * Walks the body of section sec (NULL: the file) opened on line secline:
 * every key and section name must be in opts (opts NULL: a plugin's
 * section, its names are checked by the plugin's table), and every section
 * must be closed.  Returns 0, -1 with the error written, or 1 when the
 * text is malformed in a way libconfuse reports better.
 */
static int
scan_section(struct cfg_scan *sc, cfg_opt_t *opts, const char *sec,
    int secline)
{
	enum cfg_tok	 t;
	cfg_opt_t	*o;
	char		 name[128], where[160], title[128];
	const char	*body;
	int		 line, rc, psec, bodyline;

	for (;;) {
		switch (t = scan_next(sc)) {
		case TOK_END:
			if (sec == NULL)
				return 0;
			snprintf(sc->err, sc->errsz, "%s: section '%s' opened "
			    "on line %d is not closed: a '}' is missing",
			    sc->path, sec, secline);
			return -1;
		case TOK_RBRACE:
			return sec == NULL ? 1 : 0;
		case TOK_WORD:
			break;
		default:
			return 1;
		}
		snprintf(name, sizeof(name), "%s", sc->word);
		line = sc->line;
		o = scan_opt(opts, name);
		switch (t = scan_next(sc)) {
		case TOK_EQ:
			if (opts != NULL && o == NULL) {
				snprintf(sc->err, sc->errsz, "%s: unknown key "
				    "'%s'%s on line %d", sc->path, name,
				    scan_where(sec, where, sizeof(where)),
				    line);
				return -1;
			}
			if ((t = scan_next(sc)) == TOK_LBRACE) {
				/* A list: values and commas up to '}'. */
				while ((t = scan_next(sc)) == TOK_WORD ||
				    t == TOK_COMMA)
					;
				if (t != TOK_RBRACE)
					return 1;
			} else if (t != TOK_WORD)
				return 1;
			break;
		case TOK_WORD:		/* a titled section: name TITLE { */
			snprintf(title, sizeof(title), "%s", sc->word);
			if (scan_next(sc) != TOK_LBRACE)
				return 1;
			/* FALLTHROUGH */
		case TOK_LBRACE:
			if (opts != NULL && (o == NULL ||
			    o->type != CFGT_SEC)) {
				snprintf(sc->err, sc->errsz, "%s: unknown "
				    "section '%s'%s on line %d", sc->path,
				    name, scan_where(sec, where,
				    sizeof(where)), line);
				return -1;
			}
			/* A plugin's section: its own table checks it. */
			psec = sec == NULL && o != NULL && t == TOK_WORD &&
			    strcmp(o->name, "plugin") == 0;
			body = sc->p;
			bodyline = sc->line;
			rc = scan_section(sc, o != NULL && !psec ?
			    o->subopts : NULL, name, line);
			if (rc != 0)
				return rc;
			if (psec)
				scan_psec(sc, title, body, sc->p - 1,
				    bodyline);
			break;
		case TOK_LPAREN:	/* a function such as include(...) */
			while ((t = scan_next(sc)) != TOK_RPAREN &&
			    t != TOK_END)
				;
			if (t == TOK_END)
				return 1;
			break;
		default:
			return 1;
		}
	}
}

/*
 * Parses path with the table; NULL with err filled on error.  The plugin
 * sections' bodies are left out of the parse and kept in *psecs (*npsecs
 * of them; the caller frees them with psecs_free).
 */
static cfg_t *
cfg_read(const char *path, cfg_opt_t *opts, int flags, char *err,
    size_t errsz, struct cfg_psec **psecs, size_t *npsecs)
{
	struct cfg_scan	 sc;
	cfg_t		*cfg;
	char		*text;
	int		 rc;

	err[0] = '\0';
	*psecs = NULL;
	*npsecs = 0;
	if ((text = cfg_slurp(path, err, errsz)) == NULL)
		return NULL;
	memset(&sc, 0, sizeof(sc));
	sc.text = text;
	sc.p = text;
	sc.line = 1;
	sc.path = path;
	sc.err = err;
	sc.errsz = errsz;
	if (scan_section(&sc, opts, NULL, 0) == -1) {
		psecs_free(sc.psecs, sc.npsecs);
		free(text);
		return NULL;
	}
	cfg_path = path;
	cfg_plugin = NULL;
	cfg_errbuf = err;
	cfg_errsz = errsz;
	cfg = cfg_init(opts, flags);
	cfg_set_error_function(cfg, cfg_errfn);
	rc = cfg_parse_buf(cfg, text);
	cfg_errbuf = NULL;
	free(text);
	if (rc == CFG_SUCCESS) {
		*psecs = sc.psecs;
		*npsecs = sc.npsecs;
		return cfg;
	}
	psecs_free(sc.psecs, sc.npsecs);
	if (err[0] == '\0')
		snprintf(err, errsz, "%s: syntax error", path);
	cfg_free(cfg);
	return NULL;
}

/*
 * Reads plugin name's section of path (body from line on; NULL: it has
 * none, its defaults hold) with the plugin's own table opts (NULL: it
 * declares none).  NULL with err naming the file, line and plugin.
 */
static cfg_t *
cfg_plugin_read(const char *path, const char *name, cfg_opt_t *opts,
    const char *body, int line, char *err, size_t errsz)
{
	cfg_t	*cfg;
	char	*text;
	size_t	 n, len;
	int	 rc;

	/* Line breaks first, so libconfuse counts the file's lines. */
	n = body != NULL && line > 1 ? (size_t)line - 1 : 0;
	len = body != NULL ? strlen(body) : 0;
	if ((text = malloc(n + len + 1)) == NULL)
		abort();
	memset(text, '\n', n);
	memcpy(text + n, body != NULL ? body : "", len);
	text[n + len] = '\0';
	cfg_path = path;
	cfg_plugin = name;
	cfg_errbuf = err;
	cfg_errsz = errsz;
	cfg = cfg_init(opts != NULL ? opts : empty_opts, CFGF_NONE);
	cfg_set_error_function(cfg, cfg_errfn);
	rc = cfg_parse_buf(cfg, text);
	cfg_errbuf = NULL;
	cfg_plugin = NULL;
	free(text);
	if (rc == CFG_SUCCESS)
		return cfg;
	if (err[0] == '\0')
		snprintf(err, errsz, "%s:%d: plugin %s: syntax error", path,
		    line, name);
	cfg_free(cfg);
	return NULL;
}

/*
 * Reads the section of each opened plugin with its own option table into
 * site->plugin_cfgs (a plugin without a section gets its defaults).  A
 * section of a plugin refused is not read, nor one of a plugin not listed
 * (logged: a misspelt name).  0, or -1 with err set.
 */
static int
cfg_plugins_read(struct at_site *site, const struct cfg_psec *ps,
    size_t nps, char *err, size_t errsz)
{
	struct at_plugin_cfg *pc;
	cfg_opt_t	*opts;
	const struct cfg_psec *sec;
	size_t		 i, j;

	site->plugin_cfgs = calloc(site->nplugins + 1, sizeof(*pc));
	if (site->plugin_cfgs == NULL)
		abort();
	for (i = 0; i < site->nplugins; i++) {
		if (!at_plugin_opened(site->plugins[i], &opts))
			continue;
		sec = NULL;
		for (j = 0; j < nps; j++)
			if (strcmp(ps[j].name, site->plugins[i]) == 0)
				sec = &ps[j];
		pc = &site->plugin_cfgs[site->nplugin_cfgs];
		pc->cfg = cfg_plugin_read(site->config_path,
		    site->plugins[i], opts, sec != NULL ? sec->body : NULL,
		    sec != NULL ? sec->line : 0, err, errsz);
		if (pc->cfg == NULL)
			return -1;
		if ((pc->name = strdup(site->plugins[i])) == NULL)
			abort();
		site->nplugin_cfgs++;
	}
	for (j = 0; j < nps; j++) {
		for (i = 0; i < site->nplugins; i++)
			if (strcmp(ps[j].name, site->plugins[i]) == 0)
				break;
		if (i == site->nplugins)
			log_warn("%s:%d: plugin %s: not in plugins = { }: its "
			    "section is not read", site->config_path,
			    ps[j].line, ps[j].name);
	}
	return 0;
}

/*
 * Reads path into site.  The plugins listed are opened (not initialised)
 * for the option tables of their sections.  Returns 0, or -1 with err set.
 */
int
at_config_load(struct at_site *site, const char *path, char *err,
    size_t errsz)
{
	cfg_t		*cfg;
	struct cfg_psec	*ps;
	size_t		 nps;

	memset(site, 0, sizeof(*site));
	site->config_path = path;

	if ((cfg = cfg_read(path, cfg_table(), CFGF_NONE, err, errsz, &ps,
	    &nps)) == NULL)
		return -1;
	site->cfg = cfg;
	cfg_fill(site, cfg);
	if (cfg_check(site, err, errsz) == -1)
		goto fail;
	at_plugins_open(site);
	if (cfg_plugins_read(site, ps, nps, err, errsz) == -1)
		goto fail;
	psecs_free(ps, nps);
	return 0;
fail:
	psecs_free(ps, nps);
	at_config_free(site);
	return -1;
}

/* See include/atrium/config.h. */
int
at_config_check_files(const struct at_site *site, char *err, size_t errsz)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	size_t		 i;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/layout.xsl",
	    site->skins_dir, site->skin) >= sizeof(path) ||
	    access(path, R_OK) == -1) {
		snprintf(err, errsz, "%s: site: skin '%s' not found: %s: %s",
		    site->config_path, site->skin, path, strerror(errno));
		return -1;
	}
	if (stat(site->storage, &st) == -1) {
		snprintf(err, errsz, "%s: storage: path '%s': %s",
		    site->config_path, site->storage, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "%s: storage: path '%s' is not a folder",
		    site->config_path, site->storage);
		return -1;
	}
	if (access(site->storage, W_OK | X_OK) == -1) {
		snprintf(err, errsz, "%s: storage: path '%s' is not writable "
		    "by user %ld: %s", site->config_path, site->storage,
		    (long)geteuid(), strerror(errno));
		return -1;
	}
	for (i = 0; i < site->nplugins; i++)
		if ((size_t)snprintf(path, sizeof(path), "%s/%s.so",
		    site->plugin_dir, site->plugins[i]) >= sizeof(path) ||
		    access(path, R_OK) == -1) {
			snprintf(err, errsz, "%s: plugins: '%s' not found: "
			    "%s: %s", site->config_path, site->plugins[i],
			    path, strerror(errno));
			return -1;
		}
	return 0;
}

/* Frees what at_config_load() allocated. */
void
at_config_free(struct at_site *site)
{
	size_t	 i;

	for (i = 0; i < site->nplugin_cfgs; i++) {
		cfg_free(site->plugin_cfgs[i].cfg);
		free(site->plugin_cfgs[i].name);
	}
	free(site->plugin_cfgs);
	site->plugin_cfgs = NULL;
	site->nplugin_cfgs = 0;
	if (site->cfg != NULL)
		cfg_free(site->cfg);
	free(site->plugins);
	site->cfg = NULL;
	site->plugins = NULL;
	site->nplugins = 0;
}

/*
 * Plugin name's own options (its section read with its table, or its
 * defaults when the file has no section), or NULL when the plugin is not
 * opened.
 */
cfg_t *
at_config_plugin(const struct at_site *site, const char *name)
{
	size_t	 i;

	for (i = 0; i < site->nplugin_cfgs; i++)
		if (strcmp(site->plugin_cfgs[i].name, name) == 0)
			return site->plugin_cfgs[i].cfg;
	return NULL;
}

/* The site as plugins read it (include/atrium/config.h). */

/* See include/atrium/config.h. */
const char *
at_site_name(const struct at_site *site)
{
	return site->name;
}

/* See include/atrium/config.h. */
const char *
at_site_base_url(const struct at_site *site)
{
	return site->base_url;
}

/* See include/atrium/config.h. */
const char *
at_site_brand_name(const struct at_site *site)
{
	return site->brand_name != NULL ? site->brand_name : site->name;
}

/* See include/atrium/config.h. */
const char *
at_site_timezone(const struct at_site *site)
{
	return site->timezone;
}

/* See include/atrium/config.h. */
const char *
at_site_storage(const struct at_site *site)
{
	return site->storage;
}

/* See include/atrium/config.h. */
const char *
at_site_tmpdir(const struct at_site *site)
{
	return site->tmpdir;
}

/* See include/atrium/config.h. */
const char *
at_site_data_dir(const struct at_site *site)
{
	return site->data_dir;
}

/* See include/atrium/config.h. */
const struct at_limits *
at_site_limits(const struct at_site *site)
{
	return &site->limits;
}

/* See include/atrium/config.h. */
const char *
at_site_paper(const struct at_site *site)
{
	return site->paper;
}

/* See core.h: the table atriumctl config-doc writes atrium.conf(5) from. */
cfg_opt_t *
at_config_table(void)
{
	return cfg_table();
}

/* See core.h. */
const char *
at_config_opt_kind(const cfg_opt_t *o)
{
	if (o->parsecb == cb_size)
		return "size";
	if (o->parsecb == cb_duration)
		return "duration";
	if (o->parsecb == cb_mode)
		return "mode";
	if (o->parsecb == cb_count)
		return "count";
	return NULL;
}
