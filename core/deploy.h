/*
 * atriumctl's commands for hosting admins (deploy.c): setup, backup,
 * restore and config-doc.  Each returns the program's exit status.
 */
#ifndef ATRIUM_DEPLOY_H
#define ATRIUM_DEPLOY_H

struct at_site;
struct at_db;

/* setup [flags]: writes the config at conf, migrates, adds the admin. */
int	 ctl_setup(const char *conf, int argc, char *argv[]);
/* config-doc TEMPLATE SAMPLE: atrium.conf(5) on stdout. */
int	 ctl_config_doc(int argc, char *argv[]);
/* backup FILE: database dump, storage and manifest in one tar. */
int	 ctl_backup(const struct at_site *, struct at_db *, const char *);
/* restore FILE: into an empty database and storage folder. */
int	 ctl_restore(const struct at_site *, struct at_db *, const char *);

#endif
