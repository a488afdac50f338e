/*
 * Site configuration, read from a libconfuse file (etc/atrium.conf.sample
 * documents every option).  The whole struct is filled once per process
 * and only read afterwards.  struct at_site is the core's: a plugin sees
 * it opaque and reads it through the at_site_*() functions below (its
 * members may change between ABI minors).  struct at_dbconf and struct
 * at_limits are public, their layout pinned by tests/unit/check_config.c.
 */
#ifndef ATRIUM_CONFIG_H
#define ATRIUM_CONFIG_H

#include <stddef.h>
#include <confuse.h>

#include <atrium/api.h>

AT_API_BEGIN

struct at_dbconf {
	const char	*host;		/* NULL or "" with socket */
	unsigned int	 port;
	const char	*socket;	/* unix socket path, or NULL */
	const char	*user;
	const char	*password;
	const char	*name;		/* database name */
	unsigned int	 timeout;	/* connect/read/write timeout, seconds */
};

struct at_limits {
	size_t		 max_body;	/* whole request body, bytes */
	size_t		 max_upload;	/* one uploaded file, bytes */
	size_t		 max_fields;	/* number of form fields and files */
	size_t		 max_field;	/* one non-file field value, bytes */
	size_t		 max_header;	/* one header or the query string */
};

enum at_mail_transport {
	AT_MAIL_NONE = 0,	/* kept in the outbox, never sent */
	AT_MAIL_SMTP,
	AT_MAIL_SENDMAIL
};

struct at_site;
struct at_plugin_cfg;

/* The site's name, base URL (no trailing slash), brand name (never NULL). */
const char	*at_site_name(const struct at_site *);
const char	*at_site_base_url(const struct at_site *);
const char	*at_site_brand_name(const struct at_site *);
/* The site's IANA time zone ("Europe/London"). */
const char	*at_site_timezone(const struct at_site *);
/* The storage folder (outside the web root) and its tmp/ for uploads. */
const char	*at_site_storage(const struct at_site *);
const char	*at_site_tmpdir(const struct at_site *);
/* Where schema/<component>/ and plugins/<name>/xsl/ live. */
const char	*at_site_data_dir(const struct at_site *);
/* The request limits (security { }). */
const struct at_limits *at_site_limits(const struct at_site *);
/* PDF paper: "a4" or "letter". */
const char	*at_site_paper(const struct at_site *);

#ifdef AT_CORE_PRIVATE
struct at_site {
	const char	*config_path;
	cfg_t		*cfg;		/* the file (plugin sections empty) */
	/* Each opened plugin's own section, read with its own table. */
	struct at_plugin_cfg *plugin_cfgs;
	size_t		 nplugin_cfgs;

	/* site { } */
	const char	*name;
	const char	*base_url;	/* no trailing slash */
	const char	*skin;
	const char	*timezone;	/* IANA name, e.g. Europe/London */
	const char	*brand_name;
	const char	*brand_logo;	/* URL of the logo, or NULL */
	const char	*brand_color;	/* CSS colour for --brand */
	const char	*static_url;	/* where the web server serves skins' static/ */
	int		 debug;		/* ?format=xml for everyone, log_debug */

	struct at_dbconf db;

	/* storage { } */
	const char	*storage;	/* uploads, outside the web root */
	const char	*tmpdir;	/* storage/tmp: uploads in flight */
	long long	 client_quota;	/* bytes per client, 0 = none */

	/* mail { } */
	enum at_mail_transport mail_transport;
	const char	*mail_from;
	const char	*smtp_url;	/* smtp://host:port or smtps:// */
	const char	*smtp_user;
	const char	*smtp_password;
	const char	*sendmail;	/* program reading a message on stdin, -t */

	/* security { } */
	int		 session_idle;	/* seconds */
	int		 session_absolute; /* seconds */
	int		 reset_ttl;	/* seconds a reset link lives */
	int		 login_window;	/* seconds over which failures count */
	int		 login_max_account; /* failures per account in the window */
	int		 login_max_address; /* failures per address in the window */
	int		 secure_cookies; /* 1 always, 0 never, -1 when HTTPS */
	int		 hsts;		/* seconds for Strict-Transport-Security */
	struct at_limits limits;

	/* server { } */
	int		 workers;
	const char	*socket;	/* daemon mode's FastCGI socket */
	const char	*pidfile;
	int		 socket_mode;	/* octal permissions of the socket */
	int		 backlog;	/* listen queue, capped by somaxconn */

	/* paths { } */
	const char	*skins_dir;	/* holds default/ and each brand */
	const char	*plugin_dir;	/* <name>.so files */
	const char	*data_dir;	/* schema/<component>/, plugins/<name>/xsl/ */

	/* plugins = { ... } */
	const char	**plugins;
	size_t		 nplugins;

	const char	*paper;		/* site.paper: PDF page size, a4|letter */
	const char	*base_path;	/* server.base-path: "" or "/portal" */
	const char	*reply_address;	/* mail.reply-address, or NULL */
};
#endif /* AT_CORE_PRIVATE */

/*
 * Reads and validates the file at path into site.  On error returns -1 and
 * writes a message naming the file and line (and the plugin, in a plugin's
 * section) to err.  The plugins listed are opened for their option
 * tables: each "plugin NAME { }" section is read with its own plugin's
 * table (include/atrium/plugin.h, at_reg_config).
 * at_config_free() releases what a successful load allocated.
 */
int	 at_config_load(struct at_site *, const char *path,
	    char *err, size_t errsz);
void	 at_config_free(struct at_site *);
/*
 * Checks what the loaded site names on disk: the skin's folder and its
 * layout.xsl, the storage folder (a folder this process may write), and
 * each listed plugin's <paths.plugins>/<name>.so.  Returns 0, or -1 with
 * a message naming the file, the option and the path in err.
 */
int	 at_config_check_files(const struct at_site *, char *err,
	    size_t errsz);


AT_API_END

#endif
