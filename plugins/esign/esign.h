/*
 * The e-signature plugin's shared parts: the service and sealing
 * (esign.c), the pages (pages.c), the atriumctl commands (ctl.c).
 */
#ifndef ESIGN_ESIGN_H
#define ESIGN_ESIGN_H

#include <atrium/atrium.h>
#include <atrium/esign.h>

#include "pades.h"

struct es_env;

/* The plugin's options (atrium.conf "plugin esign { }"), read at init. */
extern cfg_t	*es_cfg;

/* Who did something, for the event log. */
struct es_who {
	const char	*name;
	const char	*ip;
	const char	*ua;
	const char	*auth;
};

int	 es_key_paths(const struct at_site *, struct at_pool *,
	    const char **key, const char **cert);
int	 es_load_key(const struct at_site *, struct at_pool *,
	    struct es_key *, char *err, size_t errsz);
int	 es_event(struct at_db *, long long env, long long signer,
	    const char *action, const struct es_who *, const char *detail);
int	 es_log(struct at_req *, struct at_job_ctx *, long long client,
	    long long env, long long signer, const char *action,
	    const struct es_who *, const char *detail, const char *summary);
int	 es_publish(struct at_db *, struct at_pool *, const char *event,
	    long long env, long long signer, const char *name,
	    long long file);
int	 es_advance(struct at_req *, long long env);
long long es_seal_envelope(struct at_req *, long long env, char *err,
	    size_t errsz);
/* Envelopes everyone signed, not sealed yet (e is esign_envelopes). */
#define ES_DUE_SQL "e.state = 'sent' AND NOT EXISTS (SELECT 1 FROM " \
	"esign_signers s WHERE s.envelope_id = e.id AND s.role <> 'viewer' " \
	"AND s.state NOT IN ('signed', 'replaced')) AND EXISTS (SELECT 1 " \
	"FROM esign_signers s WHERE s.envelope_id = e.id AND s.state = " \
	"'signed')"
int	 es_seal_due(struct at_req *);
const char *es_clean(struct at_pool *, const char *);
void	 es_who_req(struct at_req *, struct es_who *, const char *auth);

extern const struct at_esign_svc es_svc;

/* ctl.c */
void	 es_ctl_register(struct at_registry *);

/* preview.c */
int	 es_pdf_pages(const void *, size_t);
int	 es_pdf_preview(const void *, size_t, int page, unsigned char **out,
	    size_t *outlen);

/* Logs once per process when the script font is missing. */
void	 es_font_note(void);

/* pages.c */
void	 es_pages_register(struct at_registry *);

#endif
