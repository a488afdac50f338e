/*
 * The e-signature plugin: the service other plugins call (include/
 * atrium/esign.h) to have PDFs signed by client contacts, staff and
 * people outside the site, in order or in parallel groups; the sealing
 * (an audit certificate page, the documents joined, a PAdES signature,
 * pades.c) and the sealed copy in the client's files under Contracts;
 * the expiry job and the sealing job.  The pages are in pages.c.
 *
 * Every envelope query a contact can reach is scoped by the contact's
 * client (at_client_scope): another client's envelope is "not found".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "esign.h"
#include "fields.h"
#include "order.h"
#include "tsa.h"

extern char	**environ;

cfg_t		*es_cfg;
/* The job being run (sealing from a job logs through it), or NULL. */
extern struct at_job_ctx *es_job;

/* See esign.h: one line of text, no control characters, in the pool. */
const char *
es_clean(struct at_pool *pool, const char *s)
{
	char	*c, *p;

	if (s == NULL)
		return "";
	c = at_pstrdup(pool, s);
	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

/* See esign.h: a note in the log, once, when the script font is missing. */
void
es_font_note(void)
{
	static int	 told;

	if (told || es_script_font_ok())
		return;
	told = 1;
	log_warn("esign: the font \"%s\" is missing (Debian package "
	    "fonts-dancingscript): typed signatures and initials are drawn "
	    "in an italic face instead", ES_SCRIPT_FONT);
}

/* See esign.h: who the request's caller is, with auth. */
void
es_who_req(struct at_req *req, struct es_who *w, const char *auth)
{
	const struct at_user *u = at_req_user(req);
	const char	*ua = at_req_header(req, "User-Agent");

	w->name = u != NULL ? at_user_name(u) : "";
	w->ip = at_req_remote_addr(req);
	w->ua = ua != NULL ? at_pstrndup(at_req_pool(req), ua, 255) : "";
	w->auth = auth;
}

/* See esign.h: the key and certificate files' paths (default storage). */
int
es_key_paths(const struct at_site *site, struct at_pool *pool,
    const char **key, const char **cert)
{
	const char	*k = es_cfg != NULL ? cfg_getstr(es_cfg, "key") : NULL;
	const char	*c = es_cfg != NULL ? cfg_getstr(es_cfg, "cert") : NULL;

	*key = k != NULL && *k != '\0' ? k : at_pprintf(pool, "%s/esign/key.pem",
	    at_site_storage(site));
	*cert = c != NULL && *c != '\0' ? c : at_pprintf(pool,
	    "%s/esign/cert.pem", at_site_storage(site));
	return 0;
}

/* See esign.h: loads the site's signing key (PEM or PKCS#12). */
int
es_load_key(const struct at_site *site, struct at_pool *pool,
    struct es_key *key, char *err, size_t errsz)
{
	const char	*k, *c, *p12 = NULL, *pass = NULL, *dir;
	struct stat	 st;

	es_key_paths(site, pool, &k, &c);
	if (es_cfg != NULL) {
		p12 = cfg_getstr(es_cfg, "pkcs12");
		pass = cfg_getstr(es_cfg, "pkcs12-password");
	}
	/*
	 * No key of the admin's and none made yet: the site's own
	 * self-signed one, as `atriumctl esign init` makes it.
	 */
	if ((p12 == NULL || *p12 == '\0') && (es_cfg == NULL ||
	    *cfg_getstr(es_cfg, "key") == '\0') && stat(k, &st) == -1 &&
	    errno == ENOENT) {
		dir = at_pprintf(pool, "%s/esign", at_site_storage(site));
		(void)mkdir(dir, 0700);
		if (es_key_create(k, c, at_site_brand_name(site), 3650, err,
		    errsz) == 0)
			log_info("esign: made the site's signing key %s and "
			    "its self-signed certificate %s", k, c);
	}
	return es_key_load(k, c, p12, pass, key, err, errsz);
}

/* See esign.h: one row of the envelope's event log.  0 or -1. */
int
es_event(struct at_db *db, long long env, long long signer,
    const char *action, const struct es_who *w, const char *detail)
{
	return at_db_exec(db, "INSERT INTO esign_events (envelope_id, "
	    "signer_id, action, at, who, ip, user_agent, auth, detail) VALUES "
	    "(?, NULLIF(?, 0), ?, UTC_TIMESTAMP(), ?, ?, ?, ?, ?)", "IIssssss",
	    env, signer, action, w != NULL && w->name != NULL ? w->name : "",
	    w != NULL ? w->ip : NULL, w != NULL ? w->ua : NULL,
	    w != NULL ? w->auth : NULL, detail) == -1 ? -1 : 0;
}

/*
 * The activity log's action for a trail action: a view is "view" (the
 * log counts it once per person per view window), the rest keep the
 * words the log already used for envelopes.
 */
static const char *
es_act_action(const char *action)
{
	static const char *const map[][2] = {
		{ "created", "send" }, { "viewed", "view" },
		{ "code", "code-sent" }, { "signed", "sign" },
		{ "declined", "decline" }, { "reminded", "remind" },
		{ "voided", "void" }, { "replaced", "replace" },
		{ "expired", "expire" }, { "sealed", "complete" },
		{ NULL, NULL }
	};
	size_t	 i;

	for (i = 0; map[i][0] != NULL; i++)
		if (strcmp(map[i][0], action) == 0)
			return map[i][1];
	return action;
}

/*
 * See esign.h: records action on envelope env (of client; signer 0:
 * none) in the plugin's trail (esign_events) and in the tamper-evident
 * activity log, on the caller's connection and so in the transaction of
 * the change it records.  req is the request, or NULL in a job (ctx;
 * NULL: the job being run, es_job).  The activity entry carries summary
 * followed by the authentication and the browser of w; its user and
 * address are the request's (nobody, no address in a job), and it is
 * shared with the client (only the client's contacts and staff see it).
 * 0 or -1 (the request's transaction is then rolled back).
 */
int
es_log(struct at_req *req, struct at_job_ctx *ctx, long long client,
    long long env, long long signer, const char *action,
    const struct es_who *w, const char *detail, const char *summary)
{
	struct at_db	*db;
	struct at_pool	*pool;
	const char	*text, *act = es_act_action(action);

	if (req == NULL && ctx == NULL)
		ctx = es_job;
	if (req == NULL && ctx == NULL)
		return -1;
	db = req != NULL ? at_req_db(req) : ctx->db;
	pool = req != NULL ? at_req_pool(req) : ctx->pool;
	/* A view already in the trail within the window is not news. */
	if (strcmp(act, "view") == 0 && signer > 0) {
		struct at_rows *r = at_db_select(db, pool, "SELECT COUNT(*) "
		    "AS n FROM esign_events WHERE envelope_id = ? AND "
		    "signer_id = ? AND action = 'viewed' AND at > "
		    "UTC_TIMESTAMP() - INTERVAL 30 MINUTE", "II", env, signer);

		if (r == NULL)
			return -1;
		if (at_row_int(r, 0, "n", 0) > 0)
			return 0;
	}
	if (es_event(db, env, signer, action, w, detail) == -1)
		return -1;
	text = summary != NULL ? summary : action;
	if (w != NULL && w->auth != NULL && *w->auth != '\0')
		text = at_pprintf(pool, "%s; authentication: %s", text,
		    w->auth);
	if (w != NULL && w->ua != NULL && *w->ua != '\0')
		text = at_pprintf(pool, "%s; browser: %s", text, w->ua);
	if (req != NULL)
		return at_activity(req, client, act, "esign", env, text, 1);
	return at_activity_job(ctx, client, act, "esign", env, text, 1);
}

/* See esign.h: publishes event for envelope env (signer 0: none). */
int
es_publish(struct at_db *db, struct at_pool *pool, const char *event,
    long long env, long long signer, const char *name, long long file)
{
	struct at_rows	*r;
	char		*p;

	r = at_db_select(db, pool, "SELECT client_id, origin, ref FROM "
	    "esign_envelopes WHERE id = ?", "I", env);
	if (r == NULL || r->n != 1)
		return -1;
	p = at_pprintf(pool, "envelope=%lld\nclient=%s\norigin=%s\nref=%s",
	    env, at_row(r, 0, "client_id"), es_clean(pool, at_row(r, 0,
	    "origin")), es_clean(pool, at_row(r, 0, "ref")));
	if (signer > 0)
		p = at_pprintf(pool, "%s\nsigner=%lld\nname=%s", p, signer,
		    es_clean(pool, name));
	if (file > 0)
		p = at_pprintf(pool, "%s\nfile=%lld", p, file);
	return at_publish(db, event, p) == -1 ? -1 : 0;
}

/*
 * es_send_one for viewer row i of r (marked sent already): a notice
 * linking to the envelope's page (staff: the staff page) for a user of
 * the site, else a mail with a read-only link /esign/o/TOKEN.  0 or -1.
 */
static int
es_send_viewer(struct at_req *req, const struct at_rows *r, size_t i)
{
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct at_notice nt;
	struct at_mail_draft md;
	struct at_rows	*u;
	long long	 env = at_row_int(r, i, "envelope_id", 0);
	long long	 uid = at_row_int(r, i, "user_id", 0);
	const char	*title = at_row(r, i, "title"), *tok;
	const char	*msg = at_row(r, i, "message");

	if (uid > 0) {
		u = at_db_select(db, pool, "SELECT role FROM users WHERE id = "
		    "?", "I", uid);
		if (u == NULL)
			return -1;
		memset(&nt, 0, sizeof(nt));
		nt.size = sizeof(nt);
		nt.kind = "esign.view";
		nt.subject = at_pprintf(pool, "To read: %s", title);
		nt.text = msg != NULL ? msg : "A document is being signed; "
		    "you receive it to read, and the signed copy at the end.";
		nt.link = at_pprintf(pool, u->n == 1 && strcmp(at_row(u, 0,
		    "role"), "contact") != 0 ? "/staff/esign/%lld" :
		    "/esign/%lld", env);
		nt.item_type = "esign";
		nt.item_id = env;
		if (at_notify(db, at_req_site(req), uid, &nt) == -1)
			log_warn("esign: envelope %lld: viewer %s was not "
			    "notified", env, at_row(r, i, "id"));
		return 0;
	}
	tok = at_token(pool, 32);
	if (at_db_exec(db, "UPDATE esign_signers SET token_hash = ? WHERE id "
	    "= ?", "sI", at_token_hash(pool, tok), at_row_int(r, i, "id",
	    0)) == -1)
		return -1;
	memset(&md, 0, sizeof(md));
	md.size = sizeof(md);
	md.to = at_row(r, i, "email");
	md.name = at_row(r, i, "name");
	md.subject = at_pprintf(pool, "For your information: %s", title);
	md.intro = at_pprintf(pool, "%s sends you \"%s\" to read while it "
	    "is being signed.%s%s", at_site_brand_name(at_req_site(req)),
	    title, msg != NULL ? " " : "", msg != NULL ? msg : "");
	md.action = "Read the document";
	md.link = at_pprintf(pool, "/esign/o/%s", tok);
	md.note = at_pprintf(pool, "There is nothing for you to sign. The "
	    "link works until %s; when everyone has signed we send you the "
	    "sealed copy.", at_row(r, i, "expires_on"));
	return at_mail_draw(db, at_req_site(req), &md) == -1 ? -1 : 0;
}

/*
 * Tells signer row i of r (an esign_signers select with envelope title
 * joined) that it is their turn: a notice with the signing link for a
 * user of the site, a mail with a new single-use link for anyone else.
 * A viewer is sent the document to read: a notice linking to the
 * envelope's page for a user, a mail with a read-only link (it works
 * until the envelope ends, as often as needed) for anyone else.
 */
static int
es_send_one(struct at_req *req, const struct at_rows *r, size_t i)
{
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct at_notice nt;
	struct at_mail_draft md;
	long long	 env = at_row_int(r, i, "envelope_id", 0);
	long long	 sid = at_row_int(r, i, "id", 0);
	long long	 uid = at_row_int(r, i, "user_id", 0);
	const char	*title = at_row(r, i, "title"), *tok;
	int		 viewer = strcmp(at_row(r, i, "role"), "viewer") == 0;
	struct es_who	 w;

	es_who_req(req, &w, NULL);
	if (at_db_exec(db, "UPDATE esign_signers SET state = 'sent', sent_at "
	    "= UTC_TIMESTAMP() WHERE id = ?", "I", sid) == -1 ||
	    es_log(req, NULL, at_row_int(r, i, "client_id", 0), env, sid,
	    "sent", &w, at_row(r, i, "name"), at_pprintf(pool, "%s was sent "
	    "%s to %s <%s> (%s)", title, viewer ? "to read" :
	    "for signature", at_row(r, i, "name"),
	    at_row(r, i, "email"), uid > 0 ? "a notice in the portal" :
	    viewer ? "an e-mail with a read-only link" :
	    "an e-mail with a single-use link")) == -1)
		return -1;
	if (viewer)
		return es_send_viewer(req, r, i);
	if (uid > 0) {
		memset(&nt, 0, sizeof(nt));
		nt.size = sizeof(nt);
		nt.kind = "esign.sign";
		nt.subject = at_pprintf(pool, "Please sign: %s", title);
		nt.text = at_row(r, i, "message") != NULL ? at_row(r, i,
		    "message") : "A document is waiting for your signature.";
		nt.link = at_pprintf(pool, "/sign/%lld", env);
		nt.item_type = "esign";
		nt.item_id = env;
		if (at_notify(db, at_req_site(req), uid, &nt) == -1)
			log_warn("esign: envelope %lld: signer %lld was not "
			    "notified", env, sid);
		return 0;
	}
	tok = at_token(pool, 32);
	if (at_db_exec(db, "UPDATE esign_signers SET token_hash = ?, "
	    "token_used = 0 WHERE id = ?", "sI", at_token_hash(pool, tok),
	    sid) == -1)
		return -1;
	memset(&md, 0, sizeof(md));
	md.size = sizeof(md);
	md.to = at_row(r, i, "email");
	md.name = at_row(r, i, "name");
	md.subject = at_pprintf(pool, "Please sign: %s", title);
	md.intro = at_pprintf(pool, "%s asks you to review and sign \"%s\".%s%s",
	    at_site_brand_name(at_req_site(req)), title,
	    at_row(r, i, "message") != NULL ? " " : "",
	    at_row(r, i, "message") != NULL ? at_row(r, i, "message") : "");
	md.action = "Review and sign";
	md.link = at_pprintf(pool, "/esign/o/%s", tok);
	md.note = at_pprintf(pool, "This link is for you alone and works "
	    "once, until %s. Before you sign we send a one-time code to this "
	    "address.", at_row(r, i, "expires_on"));
	if (at_mail_draw(db, at_req_site(req), &md) == -1)
		return -1;
	return 0;
}

/* The signers of env as slots (rows in *rp, in position order). */
static struct es_slot *
es_slots(struct at_db *db, struct at_pool *pool, long long env,
    struct at_rows **rp)
{
	struct at_rows	*r;
	struct es_slot	*s;
	size_t		 i;

	r = at_db_select(db, pool, "SELECT s.id, s.envelope_id, s.user_id, "
	    "s.name, s.email, s.role, s.grp, s.state, e.title, e.message, "
	    "e.expires_on, e.client_id FROM esign_signers s JOIN esign_envelopes e ON "
	    "e.id = s.envelope_id WHERE s.envelope_id = ? ORDER BY "
	    "s.position", "I", env);
	if (r == NULL)
		return NULL;
	s = at_palloc(pool, sizeof(*s) * (r->n + 1));
	for (i = 0; i < r->n; i++) {
		s[i].group = (int)at_row_int(r, i, "grp", 1);
		s[i].viewer = strcmp(at_row(r, i, "role"), "viewer") == 0;
		s[i].state = es_state_parse(at_row(r, i, "state"));
	}
	*rp = r;
	return s;
}

/*
 * See esign.h: after a change to envelope env, sends it to the signers
 * whose turn it now is (and to the viewers not told yet: when it goes
 * out, or a viewer put in another's place), or seals it when everyone
 * has signed (a failed seal is left to the sealing job).  0 or -1.
 */
int
es_advance(struct at_req *req, long long env)
{
	struct at_rows	*r;
	struct es_slot	*s;
	size_t		 i;
	int		 g;
	char		 err[512];

	if ((s = es_slots(at_req_db(req), at_req_pool(req), env, &r)) == NULL)
		return -1;
	g = es_turn(s, r->n);
	if (g < 0)
		return 0;
	if (g == 0) {
		if (es_done(s, r->n) && es_seal_envelope(req, env, err,
		    sizeof(err)) == -1)
			log_warn("esign: envelope %lld could not be sealed "
			    "now (the sealing job tries again): %s", env, err);
		return 0;
	}
	for (i = 0; i < r->n; i++)
		if (((s[i].viewer && s[i].state == ES_WAITING) ||
		    (!s[i].viewer && s[i].group == g &&
		    s[i].state == ES_WAITING)) && es_send_one(req, r, i) == -1)
			return -1;
	return 0;
}

/* Whether s is a date YYYY-MM-DD after today (UTC). */
static int
es_future_date(struct at_pool *pool, const char *s)
{
	const char	*v = s;
	char		 today[11];
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (at_v_date(pool, &v) != NULL)
		return 0;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	return strcmp(v, today) > 0;
}

/*
 * The fields of envelope e (1.1 callers) as es_field, in the pool, after
 * the placement checks (fields.c); NULL with *errstr a sentence in the
 * pool when one is refused.
 */
static struct es_field *
es_fields_in(struct at_pool *pool, const struct at_esign_envelope *e,
    const char **errstr)
{
	const struct at_esign_field *af;
	struct es_field	*ef;
	const void	**pdfs;
	size_t		*lens, i, stride = e->fields[0].size;
	int		*can;
	char		 err[256];

	if (stride < sizeof(*af) || e->nfields > 500) {
		*errstr = "The envelope's fields cannot be read (at most 500).";
		return NULL;
	}
	ef = at_palloc(pool, sizeof(*ef) * e->nfields);
	memset(ef, 0, sizeof(*ef) * e->nfields);
	for (i = 0; i < e->nfields; i++) {
		af = (const void *)((const char *)e->fields + i * stride);
		ef[i].signer = af->signer < e->nsigners ? (int)af->signer : -1;
		ef[i].doc = af->doc < e->ndocs ? (int)af->doc : -1;
		ef[i].page = af->page;
		ef[i].x = af->x;
		ef[i].y = af->y;
		ef[i].w = af->w;
		ef[i].h = af->h;
		ef[i].kind = (enum es_field_kind)af->kind;
		ef[i].label = af->label;
		/* Only a text field may be left empty. */
		ef[i].required = af->kind != AT_ESIGN_FIELD_TEXT ||
		    af->required;
	}
	pdfs = at_palloc(pool, sizeof(*pdfs) * e->ndocs);
	lens = at_palloc(pool, sizeof(*lens) * e->ndocs);
	for (i = 0; i < e->ndocs; i++) {
		pdfs[i] = e->docs[i].pdf;
		lens[i] = e->docs[i].len;
	}
	can = at_palloc(pool, sizeof(*can) * e->nsigners);
	for (i = 0; i < e->nsigners; i++)
		can[i] = e->signers[i].role != AT_ESIGN_VIEWER;
	if (es_fields_check(ef, e->nfields, pdfs, lens, e->ndocs, can,
	    e->nsigners, err, sizeof(err)) == -1) {
		*errstr = at_pstrdup(pool, err);
		return NULL;
	}
	return ef;
}

/* The service's create: see include/atrium/esign.h. */
static long long
svc_create(struct at_req *req, const struct at_esign_envelope *e,
    const char **errstr)
{
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	const struct at_esign_signer *sg;
	struct at_rows	*r;
	struct es_who	 w;
	const char	*exp, *name, *email, *v;
	static const char *const roles[] = { "", "signer", "approver",
	    "viewer" };
	char		 sha[65], d[11];
	long long	 id, uid, *sids;
	size_t		 i, signing = 0, nf;
	struct es_field	*ef = NULL;
	time_t		 t;
	struct tm	 tm;

	*errstr = "The envelope could not be created.";
	/* A 1.0 caller's envelope ends before the fields. */
	if (e == NULL || e->size < offsetof(struct at_esign_envelope,
	    fields) || e->client <= 0 ||
	    e->title == NULL || *e->title == '\0' || strlen(e->title) > 200 ||
	    e->origin == NULL || *e->origin == '\0' || strlen(e->origin) > 32 ||
	    (e->ref != NULL && strlen(e->ref) > 100)) {
		*errstr = "The envelope needs a client, a title of at most 200 "
		    "characters and its origin.";
		return -1;
	}
	if (e->ndocs == 0 || e->docs == NULL) {
		*errstr = "The envelope needs at least one PDF.";
		return -1;
	}
	for (i = 0; i < e->ndocs; i++)
		if (e->docs[i].pdf == NULL || e->docs[i].len < 8 ||
		    memcmp(e->docs[i].pdf, "%PDF-", 5) != 0) {
			*errstr = "A document of the envelope is not a PDF.";
			return -1;
		}
	if (e->nsigners == 0 || e->signers == NULL) {
		*errstr = "The envelope needs at least one signer.";
		return -1;
	}
	if (e->expires_on != NULL && *e->expires_on != '\0') {
		if (!es_future_date(pool, e->expires_on)) {
			*errstr = "The expiry date must be a date after today.";
			return -1;
		}
		exp = e->expires_on;
	} else {
		t = time(NULL) + 30 * 86400;
		gmtime_r(&t, &tm);
		strftime(d, sizeof(d), "%Y-%m-%d", &tm);
		exp = at_pstrdup(pool, d);
	}
	r = at_db_select(db, pool, "SELECT id FROM clients WHERE id = ?", "I",
	    e->client);
	if (r == NULL)
		return -1;
	if (r->n != 1) {
		*errstr = "There is no such client.";
		return -1;
	}
	r = at_db_select(db, pool, "SELECT enabled FROM client_plugins WHERE "
	    "client_id = ? AND plugin = 'esign' AND enabled = 1", "I",
	    e->client);
	if (r == NULL)
		return -1;
	if (r->n == 0) {
		*errstr = "E-signatures are switched off for this client: "
		    "switch them on on the client's page first.";
		return -1;
	}
	for (i = 0; i < e->nsigners; i++) {
		sg = &e->signers[i];
		if (sg->size < sizeof(*sg) || sg->role < AT_ESIGN_SIGNER ||
		    sg->role > AT_ESIGN_VIEWER || sg->group < 1 ||
		    sg->group > 99) {
			*errstr = "A signer has no valid role or group.";
			return -1;
		}
		if (sg->role != AT_ESIGN_VIEWER)
			signing++;
	}
	if (signing == 0) {
		*errstr = "The envelope needs at least one signer or approver.";
		return -1;
	}
	nf = e->size >= sizeof(*e) && e->fields != NULL ? e->nfields : 0;
	if (nf > 0 && (ef = es_fields_in(pool, e, errstr)) == NULL)
		return -1;

	if (at_db_exec(db, "INSERT INTO esign_envelopes (client_id, "
	    "project_id, title, message, expires_on, origin, ref, created_by, "
	    "created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, NULLIF(?, 0), "
	    "UTC_TIMESTAMP())", "IIsssssI", e->client, e->project, e->title,
	    e->message != NULL && *e->message != '\0' ? e->message : NULL, exp,
	    e->origin, e->ref != NULL ? e->ref : "",
	    at_req_user(req) != NULL ? at_user_id(at_req_user(req)) : 0) == -1)
		return -1;
	id = at_db_insert_id(db);
	sids = at_palloc(pool, sizeof(*sids) * (e->nsigners + 1));
	for (i = 0; i < e->ndocs; i++) {
		if (es_sha256_hex(e->docs[i].pdf, e->docs[i].len, sha) == -1)
			return -1;
		name = e->docs[i].name != NULL && *e->docs[i].name != '\0' ?
		    e->docs[i].name : "Document.pdf";
		if (at_db_exec(db, "INSERT INTO esign_docs (envelope_id, "
		    "position, name, pdf, sha256) VALUES (?, ?, LEFT(?, 200), "
		    "?, ?)", "Iisbs", id, (int)i + 1, name, e->docs[i].pdf,
		    e->docs[i].len, sha) == -1)
			return -1;
	}
	for (i = 0; i < e->nsigners; i++) {
		sg = &e->signers[i];
		uid = sg->user;
		if (uid > 0) {
			r = at_db_select(db, pool, "SELECT name, email, role, "
			    "client_id FROM users WHERE id = ? AND active = 1",
			    "I", uid);
			if (r == NULL)
				return -1;
			if (r->n != 1 || (strcmp(at_row(r, 0, "role"),
			    "contact") == 0 && at_row_int(r, 0, "client_id",
			    0) != e->client)) {
				*errstr = "A signer is neither staff nor a "
				    "contact of this client.";
				return -1;
			}
			name = at_row(r, 0, "name");
			email = at_row(r, 0, "email");
		} else {
			name = sg->name;
			v = email = sg->email;
			if (name == NULL || *name == '\0' || strlen(name) > 200 ||
			    email == NULL || at_v_email(pool, &v) != NULL) {
				*errstr = "A signer from outside needs a name "
				    "and a valid e-mail address.";
				return -1;
			}
			email = v;
		}
		if (at_db_exec(db, "INSERT INTO esign_signers (envelope_id, "
		    "position, user_id, name, email, role, grp) VALUES (?, ?, "
		    "NULLIF(?, 0), ?, ?, ?, ?)", "IiIsssi", id, (int)i + 1,
		    uid, es_clean(pool, name), email, roles[sg->role],
		    sg->group) == -1)
			return -1;
		sids[i] = at_db_insert_id(db);
	}
	es_who_req(req, &w, "signed in (session)");
	if (es_log(req, NULL, e->client, id, 0, "created", &w, e->title,
	    at_pprintf(pool, "%s sent %s for signature",
	    *w.name != '\0' ? w.name : "Someone", e->title)) == -1)
		return -1;
	if (es_advance(req, id) == -1)
		return -1;
	for (i = 0; i < nf; i++)
		if (at_db_exec(db, "INSERT INTO esign_fields (envelope_id, "
		    "signer_id, position, doc_position, page, x, y, w, h, "
		    "kind, label, required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, NULLIF(?, ''), ?)", "IIiiissssssi", id,
		    sids[ef[i].signer], (int)i + 1, ef[i].doc + 1, ef[i].page,
		    at_pprintf(pool, "%.2f", ef[i].x), at_pprintf(pool,
		    "%.2f", ef[i].y), at_pprintf(pool, "%.2f", ef[i].w),
		    at_pprintf(pool, "%.2f", ef[i].h),
		    es_field_kind_name(ef[i].kind), es_clean(pool,
		    ef[i].label), ef[i].required) == -1)
			return -1;
	*errstr = NULL;
	return id;
}

/* The service's state: see include/atrium/esign.h. */
static int
svc_state(struct at_req *req, long long id, const char **state,
    long long *file)
{
	struct at_rows	*r;
	long long	 scope = at_client_scope(req);

	*state = NULL;
	*file = 0;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT state, "
	    "sealed_file_id FROM esign_envelopes WHERE id = ? AND (? = 0 OR "
	    "client_id = ?)", "III", id, scope, scope);
	if (r == NULL)
		return -1;
	if (r->n != 1)
		return 1;
	*state = at_row(r, 0, "state");
	*file = at_row_int(r, 0, "sealed_file_id", 0);
	return 0;
}

/* The service's sign_link: see include/atrium/esign.h. */
static const char *
svc_sign_link(struct at_req *req, long long id)
{
	struct at_rows	*r;
	long long	 scope = at_client_scope(req);

	if (at_req_user(req) == NULL)
		return NULL;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT s.id FROM "
	    "esign_signers s JOIN esign_envelopes e ON e.id = s.envelope_id "
	    "WHERE e.id = ? AND e.state = 'sent' AND (? = 0 OR e.client_id = "
	    "?) AND s.user_id = ? AND s.state IN ('sent', 'viewed') AND "
	    "s.role <> 'viewer'", "IIII", id, scope, scope,
	    at_user_id(at_req_user(req)));
	if (r == NULL || r->n == 0)
		return NULL;
	return at_pprintf(at_req_pool(req), "/sign/%lld", id);
}

/* The service's void_envelope: see include/atrium/esign.h. */
static int
svc_void(struct at_req *req, long long id, const char *reason)
{
	struct at_db	*db = at_req_db(req);
	struct at_pool	*pool = at_req_pool(req);
	struct at_rows	*r;
	struct es_who	 w;
	long long	 n;

	r = at_db_select(db, pool, "SELECT client_id, title FROM "
	    "esign_envelopes WHERE id = ? AND state = 'sent' FOR UPDATE", "I",
	    id);
	if (r == NULL)
		return -1;
	if (r->n != 1)
		return 1;
	n = at_db_exec(db, "UPDATE esign_envelopes SET state = 'voided', "
	    "ended_at = UTC_TIMESTAMP(), end_reason = LEFT(?, 500) WHERE "
	    "id = ? AND state = 'sent'", "sI", reason != NULL ? reason : "",
	    id);
	if (n == -1)
		return -1;
	if (n == 0)
		return 1;
	es_who_req(req, &w, "signed in (session)");
	if (es_log(req, NULL, at_row_int(r, 0, "client_id", 0), id, 0,
	    "voided", &w, reason, at_pprintf(pool, "%s voided %s%s%s", w.name,
	    at_row(r, 0, "title"), reason != NULL && *reason != '\0' ? ": " :
	    "", reason != NULL ? reason : "")) == -1 ||
	    es_publish(db, pool, "esign.voided", id, 0, NULL, 0) == -1)
		return -1;
	return 0;
}

const struct at_esign_svc es_svc = {
	sizeof(struct at_esign_svc), svc_create, svc_state, svc_sign_link,
	svc_void
};

/* Reads the whole file at path (malloc'd into *out); 0 or -1. */
static int
es_read_file(const char *path, unsigned char **out, size_t *len)
{
	FILE		*fp;
	struct stat	 st;
	unsigned char	*b;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fstat(fileno(fp), &st) == -1 || st.st_size <= 0 ||
	    (b = malloc((size_t)st.st_size)) == NULL) {
		fclose(fp);
		return -1;
	}
	if (fread(b, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		free(b);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	*out = b;
	*len = (size_t)st.st_size;
	return 0;
}

/* Writes len bytes to a new file at path (mode 0600); 0 or -1. */
static int
es_write_file(const char *path, const void *d, size_t len)
{
	int	 fd;
	ssize_t	 n;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return -1;
	n = write(fd, d, len);
	if (close(fd) == -1 || n < 0 || (size_t)n != len) {
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * Joins the PDFs paths[0..n) into out with pdfunite (poppler-utils).
 * 0 or -1.
 */
static int
es_unite(const char *const *paths, size_t n, const char *out)
{
	const char	**argv;
	pid_t		 pid;
	size_t		 i;
	int		 st;

	if ((argv = calloc(n + 3, sizeof(*argv))) == NULL)
		return -1;
	argv[0] = "pdfunite";
	for (i = 0; i < n; i++)
		argv[i + 1] = paths[i];
	argv[n + 1] = out;
	if (posix_spawnp(&pid, "pdfunite", NULL, NULL, (char *const *)argv,
	    environ) != 0) {
		free(argv);
		return -1;
	}
	free(argv);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The largest answer taken from a TSA. */
#define ES_TSA_MAX	(256 * 1024)

/* One exchange with the TSA (es_tsa_stamp). */
struct es_tsa {
	const char	*url;
	const char	*cafile;
	long		 timeout;
	char		 err[256];	/* why there is no timestamp */
	unsigned char	*buf;		/* the answer as it arrives */
	size_t		 len;
	int		 over;
};

/* libcurl's write callback: appends to the answer, at most ES_TSA_MAX. */
static size_t
es_tsa_write(char *d, size_t size, size_t n, void *arg)
{
	struct es_tsa	*t = arg;
	unsigned char	*p;

	n *= size;
	if (t->len + n > ES_TSA_MAX) {
		t->over = 1;
		return 0;
	}
	if ((p = realloc(t->buf, t->len + n + 1)) == NULL)
		return 0;
	memcpy(p + t->len, d, n);
	t->buf = p;
	t->len += n;
	return n;
}

/*
 * The seal's timestamp authority (es_stamp_fn, pades.h): sends the
 * TimeStampReq for sig to the configured TSA (HTTP or HTTPS POST,
 * application/timestamp-query, the configured timeout) and checks its
 * answer (tsa.c).  0 with the token, or -1 with the reason in the
 * exchange's err.
 */
static int
es_tsa_stamp(const unsigned char *sig, size_t siglen, unsigned char **token,
    size_t *toklen, char *when, void *arg)
{
	struct es_tsa	*t = arg;
	struct curl_slist *h = NULL;
	unsigned char	*req = NULL, nonce[ES_TS_NONCE];
	size_t		 reqlen = 0;
	CURL		*c = NULL;
	CURLcode	 cc;
	long		 code = 0;
	int		 rc = -1;

	if (es_ts_request(sig, siglen, &req, &reqlen, nonce, t->err,
	    sizeof(t->err)) == -1)
		return -1;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(t->err, sizeof(t->err), "libcurl cannot start");
		goto out;
	}
	h = curl_slist_append(h, "Content-Type: application/timestamp-query");
	h = curl_slist_append(h, "Accept: application/timestamp-reply");
	curl_easy_setopt(c, CURLOPT_URL, t->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, req);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)reqlen);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, es_tsa_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Atrium esign");
	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(t->err, sizeof(t->err), "the TSA did not answer: %s",
		    t->over ? "its answer is too large" :
		    curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		snprintf(t->err, sizeof(t->err), "the TSA answered HTTP %ld",
		    code);
		goto out;
	}
	rc = es_ts_check(t->buf, t->len, req, reqlen, t->cafile, token,
	    toklen, when, t->err, sizeof(t->err));
out:
	curl_slist_free_all(h);
	if (c != NULL)
		curl_easy_cleanup(c);
	free(req);
	free(t->buf);
	t->buf = NULL;
	t->len = 0;
	return rc;
}

/* "2026-12-02 10:14:03" as "2026-12-02 10:14 UTC", or "—" for NULL. */
static const char *
es_utc(struct at_pool *pool, const char *v)
{
	if (v == NULL)
		return "-";
	return at_pprintf(pool, "%.16s UTC", v);
}

/* Adds a two-column row to table t. */
static void
es_tr(xmlNodePtr t, const char *k, const char *v)
{
	xmlNodePtr	 tr = at_x(t, "tr", NULL);

	at_x(at_x(tr, "td", NULL), "b", k);
	at_x(tr, "td", v != NULL ? v : "-");
}

/*
 * Draws the values of envelope env's fields into its documents d (an
 * esign_docs select: position, name, pdf, sha256) for the signers s (an
 * esign_signers select with id, sig_text, sig_png): flat[i] (malloc'd,
 * the caller frees; length flen[i]) for each document with fields, NULL
 * for the others, which stay as they were.  A signature field gets the
 * signer's drawn or uploaded image, or the typed name in the script
 * font; initials the typed initials in the script font; date, name and
 * text their stored values.  0, or -1 with err.
 */
static int
es_flatten_docs(struct at_db *db, struct at_pool *pool, long long env,
    const struct at_rows *d, const struct at_rows *s, unsigned char **flat,
    size_t *flen, char *err, size_t errsz)
{
	struct at_rows	*f;
	struct es_field	*ef;
	const char	*kind;
	size_t		 i, j, k;
	char		 e2[256];

	f = at_db_select(db, pool, "SELECT signer_id, doc_position, page, x, "
	    "y, w, h, kind, value FROM esign_fields WHERE envelope_id = ? "
	    "ORDER BY position", "I", env);
	if (f == NULL) {
		snprintf(err, errsz, "the fields cannot be read");
		return -1;
	}
	if (f->n == 0)
		return 0;
	es_font_note();
	ef = at_palloc(pool, sizeof(*ef) * f->n);
	memset(ef, 0, sizeof(*ef) * f->n);
	for (i = 0; i < f->n; i++) {
		ef[i].doc = -1;
		for (k = 0; k < d->n; k++)
			if (at_row_int(d, k, "position", 0) ==
			    at_row_int(f, i, "doc_position", -1))
				ef[i].doc = (int)k;
		ef[i].page = (int)at_row_int(f, i, "page", 0);
		ef[i].x = strtod(at_row(f, i, "x"), NULL);
		ef[i].y = strtod(at_row(f, i, "y"), NULL);
		ef[i].w = strtod(at_row(f, i, "w"), NULL);
		ef[i].h = strtod(at_row(f, i, "h"), NULL);
		kind = at_row(f, i, "kind");
		ef[i].kind = es_field_kind_parse(kind);
		ef[i].value = at_row(f, i, "value");
		ef[i].script = ef[i].kind == ES_F_INITIALS;
		if (ef[i].kind != ES_F_SIGNATURE)
			continue;
		for (j = 0; j < s->n; j++)
			if (at_row_int(s, j, "id", 0) ==
			    at_row_int(f, i, "signer_id", -1))
				break;
		if (j == s->n)
			continue;	/* replaced: nothing to draw */
		if (at_row(s, j, "sig_png") != NULL &&
		    s->len[j * s->ncol + 12] > 0) {
			ef[i].png = (const unsigned char *)at_row(s, j,
			    "sig_png");
			ef[i].pnglen = s->len[j * s->ncol + 12];
		} else {
			ef[i].value = at_row(s, j, "sig_text");
			ef[i].script = 1;
		}
	}
	for (k = 0; k < d->n; k++) {
		for (i = 0; i < f->n; i++)
			if (ef[i].doc == (int)k)
				break;
		if (i == f->n)
			continue;
		if (es_flatten(at_row(d, k, "pdf"), d->len[k * d->ncol + 2],
		    ef, f->n, (int)k, &flat[k], &flen[k], e2,
		    sizeof(e2)) == -1) {
			snprintf(err, errsz, "the fields could not be drawn "
			    "into the document: %s", e2);
			return -1;
		}
	}
	return 0;
}

/*
 * See esign.h: seals envelope env: the audit certificate (drawn by the
 * core PDF service), the documents and the certificate joined, the PAdES
 * signature, the sealed copy stored in the client's files (category
 * contracts, shared) attached to ("esign", env), the envelope completed,
 * esign.completed published, every party told.  req may be NULL (the
 * sealing job).  The new file's id, or -1 with err.
 */
long long
es_seal_envelope(struct at_req *req, long long env, char *err, size_t errsz)
{
	struct at_job_ctx *ctx = es_job;
	struct at_db	*db = req != NULL ? at_req_db(req) : ctx->db;
	struct at_pool	*pool = req != NULL ? at_req_pool(req) : ctx->pool;
	const struct at_site *site = req != NULL ? at_req_site(req) :
	    ctx->site;
	struct at_rows	*e, *d, *s;
	struct at_pdf	 audit;
	struct at_pdf_opts po;
	struct at_pdf_image *imgs;
	struct es_key	 key;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root, t, k;
	const char	**paths = NULL, *dir, *stored, *tmp, *out = NULL;
	const char	*audit_txt, *fname, *note;
	unsigned char	*merged = NULL, *sealed = NULL;
	size_t		 mlen = 0, slen = 0, i, nimg = 0;
	char		 shab[65], shaa[65], stamped[32] = "";
	struct es_tsa	 tsa;
	long long	 fid = -1, client;
	int		 have_key = 0;
	unsigned char	**flat = NULL, **typed = NULL;
	size_t		*flen = NULL;

	memset(&audit, 0, sizeof(audit));
	*err = '\0';
	e = at_db_select(db, pool, "SELECT e.id, e.client_id, e.title, "
	    "e.state, e.created_at, c.name AS client FROM esign_envelopes e "
	    "JOIN clients c ON c.id = e.client_id WHERE e.id = ? FOR UPDATE",
	    "I", env);
	d = at_db_select(db, pool, "SELECT position, name, pdf, sha256 FROM "
	    "esign_docs WHERE envelope_id = ? ORDER BY position", "I", env);
	s = at_db_select(db, pool, "SELECT id, user_id, name, email, role, "
	    "grp, state, sent_at, viewed_at, signed_at, sig_kind, sig_text, "
	    "sig_png, ip, user_agent, auth, dl_token_hash FROM esign_signers "
	    "WHERE envelope_id = ? AND state <> 'replaced' ORDER BY grp, "
	    "position", "I", env);
	if (e == NULL || d == NULL || s == NULL || e->n != 1 || d->n == 0) {
		snprintf(err, errsz, "the envelope cannot be read");
		return -1;
	}
	if (strcmp(at_row(e, 0, "state"), "sent") != 0) {
		snprintf(err, errsz, "the envelope is %s",
		    at_row(e, 0, "state"));
		return -1;
	}
	client = at_row_int(e, 0, "client_id", 0);
	if (es_load_key(site, pool, &key, err, errsz) == -1)
		return -1;
	have_key = 1;

	/* The fields' values, drawn into the documents that have any. */
	flat = at_palloc(pool, sizeof(*flat) * d->n);
	flen = at_palloc(pool, sizeof(*flen) * d->n);
	memset(flat, 0, sizeof(*flat) * d->n);
	typed = at_palloc(pool, sizeof(*typed) * (s->n + 1));
	memset(typed, 0, sizeof(*typed) * (s->n + 1));
	if (es_flatten_docs(db, pool, env, d, s, flat, flen, err, errsz) ==
	    -1)
		goto out;

	/* The audit certificate, in the PDF vocabulary. */
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "document");
	xmlDocSetRootElement(doc, root);
	at_xa(root, "title", at_pprintf(pool, "Audit certificate: %s",
	    at_row(e, 0, "title")));
	at_xa(root, "author", at_site_brand_name(site));
	at_xa(root, "margin", "18mm");
	k = at_x(root, "footer", NULL);
	at_x(k, "p", at_pprintf(pool, "Audit certificate of envelope %lld, "
	    "sealed by %s", env, at_site_brand_name(site)));
	at_x(root, "h1", "Audit certificate");
	at_x(root, "p", at_pprintf(pool, "%s, for %s. Every signer below "
	    "signed the documents listed, electronically, after agreeing to "
	    "do so. The whole file is sealed with the site's certificate: "
	    "any change to it breaks the seal.", at_row(e, 0, "title"),
	    at_row(e, 0, "client")));
	t = at_x(root, "table", NULL);
	at_xa(t, "widths", "45mm *");
	es_tr(t, "Envelope", at_pprintf(pool, "%lld", env));
	es_tr(t, "Sent", es_utc(pool, at_row(e, 0, "created_at")));
	for (i = 0; i < d->n; i++) {
		es_tr(t, at_pprintf(pool, "Document %zu", i + 1),
		    at_pprintf(pool, "%s, SHA-256 %s", at_row(d, i, "name"),
		    at_row(d, i, "sha256")));
		if (flat[i] != NULL && es_sha256_hex(flat[i], flen[i],
		    shaa) == 0)
			es_tr(t, at_pprintf(pool, "Document %zu filled", i + 1),
			    at_pprintf(pool, "With its fields filled in: "
			    "SHA-256 %s", shaa));
	}
	audit_txt = at_pprintf(pool, "Envelope %lld: %s\nClient: %s\n", env,
	    at_row(e, 0, "title"), at_row(e, 0, "client"));
	for (i = 0; i < d->n; i++)
		audit_txt = at_pprintf(pool, "%sDocument %zu: %s sha256=%s\n",
		    audit_txt, i + 1, at_row(d, i, "name"),
		    at_row(d, i, "sha256"));
	imgs = at_palloc(pool, sizeof(*imgs) * (s->n + 1));
	for (i = 0; i < s->n; i++) {
		const char *role = at_row(s, i, "role");

		k = at_x(root, "keep", NULL);
		at_x(k, "h2", at_pprintf(pool, "%s (%s)", at_row(s, i, "name"),
		    role));
		t = at_x(k, "table", NULL);
		at_xa(t, "widths", "45mm *");
		es_tr(t, "E-mail", at_row(s, i, "email"));
		es_tr(t, "Signing group", at_row(s, i, "grp"));
		es_tr(t, "Sent", es_utc(pool, at_row(s, i, "sent_at")));
		es_tr(t, "Viewed", es_utc(pool, at_row(s, i, "viewed_at")));
		if (strcmp(role, "viewer") != 0) {
			es_tr(t, "Signed", es_utc(pool, at_row(s, i,
			    "signed_at")));
			es_tr(t, "Authentication", at_row(s, i, "auth"));
			es_tr(t, "IP address", at_row(s, i, "ip"));
			es_tr(t, "Browser", at_row(s, i, "user_agent"));
			es_tr(t, "Signature", at_row(s, i, "sig_kind"));
		}
		if (at_row(s, i, "sig_png") != NULL &&
		    s->len[i * s->ncol + 12] > 0) {
			imgs[nimg].name = at_pprintf(pool, "sig%zu", i);
			imgs[nimg].data = at_row(s, i, "sig_png");
			imgs[nimg].len = s->len[i * s->ncol + 12];
			t = at_x(k, "image", NULL);
			at_xa(t, "ref", imgs[nimg].name);
			at_xa(t, "height", "18mm");
			nimg++;
		} else if (at_row(s, i, "sig_text") != NULL &&
		    es_script_png(at_row(s, i, "sig_text"), 120, &typed[i],
		    &imgs[nimg].len) == 0) {
			/* A typed signature, in the script font. */
			imgs[nimg].name = at_pprintf(pool, "sig%zu", i);
			imgs[nimg].data = typed[i];
			t = at_x(k, "image", NULL);
			at_xa(t, "ref", imgs[nimg].name);
			at_xa(t, "height", "14mm");
			nimg++;
			at_x(k, "p", at_pprintf(pool, "Typed: %s", at_row(s,
			    i, "sig_text")));
		} else if (at_row(s, i, "sig_text") != NULL) {
			t = at_x(k, "p", NULL);
			at_xa(t, "size", "20");
			at_x(t, "i", at_row(s, i, "sig_text"));
		}
		audit_txt = at_pprintf(pool, "%s%s: %s <%s>, signed %s, %s, "
		    "IP %s\n", audit_txt, role, at_row(s, i, "name"),
		    at_row(s, i, "email"), at_row(s, i, "signed_at") != NULL ?
		    at_row(s, i, "signed_at") : "-", at_row(s, i, "auth") !=
		    NULL ? at_row(s, i, "auth") : "-", at_row(s, i, "ip") !=
		    NULL ? at_row(s, i, "ip") : "-");
	}
	memset(&po, 0, sizeof(po));
	po.images = imgs;
	po.nimages = nimg;
	if (at_pdf_vocab(site, doc, &po, &audit, err, errsz) == -1)
		goto out;

	/* The documents and the certificate, joined. */
	tmp = at_site_tmpdir(site);
	paths = at_palloc(pool, sizeof(*paths) * (d->n + 1));
	for (i = 0; i <= d->n; i++) {
		paths[i] = at_pprintf(pool, "%s/esign-%lld-%d-%zu.pdf", tmp,
		    env, (int)getpid(), i);
		if (es_write_file(paths[i], i < d->n && flat[i] != NULL ?
		    flat[i] : i < d->n ? (const void *)at_row(d, i, "pdf") :
		    audit.data, i < d->n && flat[i] != NULL ? flen[i] :
		    i < d->n ? d->len[i * d->ncol + 2] : audit.len) == -1) {
			snprintf(err, errsz, "%s: %s", paths[i],
			    strerror(errno));
			goto out;
		}
	}
	out = at_pprintf(pool, "%s/esign-%lld-%d-all.pdf", tmp, env,
	    (int)getpid());
	if (es_unite(paths, d->n + 1, out) == -1 ||
	    es_read_file(out, &merged, &mlen) == -1) {
		snprintf(err, errsz, "the documents could not be joined "
		    "(pdfunite)");
		goto out;
	}
	if (es_sha256_hex(merged, mlen, shab) == -1)
		goto out;
	audit_txt = at_pprintf(pool, "%sUnsigned sha256=%s\n", audit_txt,
	    shab);
	/* A TSA configured: its timestamp, or the seal without one. */
	memset(&tsa, 0, sizeof(tsa));
	tsa.url = es_cfg != NULL ? cfg_getstr(es_cfg, "tsa-url") : NULL;
	tsa.cafile = es_cfg != NULL ? cfg_getstr(es_cfg, "tsa-ca-file") : NULL;
	tsa.timeout = es_cfg != NULL ? cfg_getint(es_cfg, "tsa-timeout") : 10;
	if (tsa.timeout < 1 || tsa.timeout > 120)
		tsa.timeout = 10;
	if (es_seal_ts(merged, mlen, &key, at_site_brand_name(site),
	    at_pprintf(pool, "Signed by every party of envelope %lld", env),
	    audit_txt, time(NULL), tsa.url != NULL && *tsa.url != '\0' ?
	    es_tsa_stamp : NULL, &tsa, stamped, &sealed, &slen, err,
	    errsz) == -1)
		goto out;
	if (tsa.url != NULL && *tsa.url != '\0' && *stamped == '\0') {
		if (tsa.err[0] == '\0')
			snprintf(tsa.err, sizeof(tsa.err), "the token could "
			    "not be added to the signature");
		log_warn("esign: envelope %lld sealed without a timestamp: %s",
		    env, tsa.err);
	}
	if (es_sha256_hex(sealed, slen, shaa) == -1)
		goto out;

	/* Into the client's files, as the file store keeps them. */
	dir = at_pprintf(pool, "%s/files", at_site_storage(site));
	(void)mkdir(dir, 0700);
	dir = at_pprintf(pool, "%s/%lld", dir, client);
	(void)mkdir(dir, 0700);
	stored = at_token(pool, 24);
	fname = at_pprintf(pool, "%.180s (signed).pdf", at_row(e, 0, "title"));
	fname = at_file_name(pool, fname);
	if (es_write_file(at_pprintf(pool, "%s/%s", dir, stored), sealed,
	    slen) == -1) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		goto out;
	}
	note = at_pprintf(pool, "Sealed after every signature (envelope %lld)",
	    env);
	if (at_db_exec(db, "INSERT INTO files (client_id, project_id, "
	    "item_type, item_id, name, category, visible, version, created_at, "
	    "updated_at, shared_at) SELECT client_id, project_id, 'esign', id, "
	    "?, 'contracts', 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() FROM esign_envelopes WHERE id = ?", "sI", fname,
	    env) == -1)
		goto unstore;
	fid = at_db_insert_id(db);
	if (at_db_exec(db, "INSERT INTO file_versions (file_id, client_id, "
	    "version, stored, name, mime, size, sha256, note, uploaded_at) "
	    "VALUES (?, ?, 1, ?, ?, 'application/pdf', ?, ?, ?, "
	    "UTC_TIMESTAMP())", "IIssIss", fid, client, stored, fname,
	    (long long)slen, shaa, note) == -1 ||
	    at_db_exec(db, "UPDATE esign_envelopes SET state = 'completed', "
	    "ended_at = UTC_TIMESTAMP(), sealed_file_id = ?, sha_before = ?, "
	    "sha_after = ?, ts_at = NULLIF(?, ''), ts_error = NULLIF(?, '') "
	    "WHERE id = ?", "IssssI", fid, shab, shaa, *stamped != '\0' ?
	    at_pstrndup(pool, stamped, 19) : "", tsa.url != NULL &&
	    *tsa.url != '\0' && *stamped == '\0' ? at_pstrndup(pool, tsa.err,
	    250) : "", env) == -1 ||
	    es_log(req, ctx, client, env, 0, "sealed", NULL, *stamped != '\0' ?
	    at_pprintf(pool, "%s; RFC 3161 timestamp %s", shaa, stamped) :
	    tsa.url != NULL && *tsa.url != '\0' ? at_pprintf(pool, "%s; no "
	    "timestamp: %.200s", shaa, tsa.err) : shaa, at_pprintf(pool, "%s "
	    "was signed by everyone and sealed (SHA-256 %s%s%s)",
	    at_row(e, 0, "title"), shaa, *stamped != '\0' ? ", timestamped " :
	    "", stamped)) == -1 ||
	    es_publish(db, pool, "esign.completed", env, 0, NULL, fid) == -1) {
		fid = -1;
		goto unstore;
	}

	/* Every party: a notice, or a mail with a download link. */
	for (i = 0; i < s->n; i++) {
		long long	 uid = at_row_int(s, i, "user_id", 0);
		struct at_notice nt;
		struct at_mail_draft md;
		const char	*tok;

		if (uid > 0) {
			memset(&nt, 0, sizeof(nt));
			nt.size = sizeof(nt);
			nt.kind = "esign.done";
			nt.subject = at_pprintf(pool, "Signed by everyone: %s",
			    at_row(e, 0, "title"));
			nt.text = "The sealed document with its audit "
			    "certificate is in your files under Contracts.";
			nt.link = at_pprintf(pool, "/esign/%lld", env);
			nt.item_type = "esign";
			nt.item_id = env;
			if (at_notify(db, site, uid, &nt) == -1)
				log_warn("esign: envelope %lld: party %s was "
				    "not told", env, at_row(s, i, "id"));
			continue;
		}
		tok = at_token(pool, 32);
		if (at_db_exec(db, "UPDATE esign_signers SET dl_token_hash = ? "
		    "WHERE id = ?", "sI", at_token_hash(pool, tok),
		    at_row_int(s, i, "id", 0)) == -1) {
			fid = -1;
			goto unstore;
		}
		memset(&md, 0, sizeof(md));
		md.size = sizeof(md);
		md.to = at_row(s, i, "email");
		md.name = at_row(s, i, "name");
		md.subject = at_pprintf(pool, "Signed by everyone: %s",
		    at_row(e, 0, "title"));
		md.intro = "Everyone has signed. The sealed document, with its "
		    "audit certificate, is ready to download.";
		md.action = "Download the signed document";
		md.link = at_pprintf(pool, "/esign/d/%s", tok);
		md.note = "Anyone can check the seal offline with a PDF reader "
		    "or on our /verify page.";
		if (at_mail_draw(db, site, &md) == -1)
			log_warn("esign: envelope %lld: %s was not mailed",
			    env, md.to);
	}
	goto out;
unstore:
	unlink(at_pprintf(pool, "%s/%s", dir, stored));
	if (*err == '\0')
		snprintf(err, errsz, "the sealed file could not be recorded");
out:
	if (paths != NULL)
		for (i = 0; i <= d->n; i++)
			unlink(paths[i]);
	if (out != NULL)
		unlink(out);
	free(merged);
	free(sealed);
	for (i = 0; flat != NULL && i < d->n; i++)
		free(flat[i]);
	for (i = 0; typed != NULL && i < s->n; i++)
		free(typed[i]);
	if (doc != NULL)
		xmlFreeDoc(doc);
	at_pdf_free(&audit);
	if (have_key)
		es_key_free(&key);
	return fid;
}

/* The job being run, so sealing from a job logs through it. */
struct at_job_ctx *es_job;

/*
 * See esign.h: seals the envelopes of the caller's client scope that
 * everyone signed but that are not sealed yet (a seal that failed, or
 * the demo's), each in a transaction of its own; from GET handlers only,
 * so a site without a job runner still seals them when they are looked
 * at.  0, or -1 when one could not be sealed (logged).
 */
int
es_seal_due(struct at_req *req)
{
	struct at_rows	*r;
	long long	 scope = at_client_scope(req), id;
	char		 err[512];
	size_t		 i;
	int		 rc = 0;

	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT e.id FROM "
	    "esign_envelopes e WHERE (? = 0 OR e.client_id = ?) AND "
	    ES_DUE_SQL " ORDER BY e.id LIMIT 5", "II", scope, scope);
	if (r == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		if (at_db_begin(at_req_db(req)) == -1)
			return -1;
		if (es_seal_envelope(req, id, err, sizeof(err)) == -1) {
			at_db_rollback(at_req_db(req));
			log_warn("esign: envelope %lld: %s", id, err);
			rc = -1;
			continue;
		}
		if (at_db_commit(at_req_db(req)) == -1)
			rc = -1;
	}
	return rc;
}

/*
 * Job esign.expire: envelopes still out after their expiry date end as
 * expired, with esign.expired published and staff told.
 */
static int
es_expire_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	struct at_notice nt;
	size_t		 i;
	long long	 id;

	r = at_db_select(ctx->db, ctx->pool, "SELECT id, client_id, title "
	    "FROM esign_envelopes WHERE state = 'sent' AND expires_on < "
	    "UTC_DATE() ORDER BY id LIMIT 500", "");
	if (r == NULL) {
		*errstr = "the envelopes could not be read";
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		if (at_db_begin(ctx->db) == -1)
			return -1;
		if (at_db_exec(ctx->db, "UPDATE esign_envelopes SET state = "
		    "'expired', ended_at = UTC_TIMESTAMP() WHERE id = ? AND "
		    "state = 'sent'", "I", id) != 1 ||
		    es_log(NULL, ctx, at_row_int(r, i, "client_id", 0), id,
		    0, "expired", NULL, NULL, at_pprintf(ctx->pool, "%s "
		    "expired before everyone signed", at_row(r, i,
		    "title"))) == -1 ||
		    es_publish(ctx->db, ctx->pool, "esign.expired", id, 0,
		    NULL, 0) == -1) {
			at_db_rollback(ctx->db);
			*errstr = "an envelope could not be expired";
			return -1;
		}
		if (at_db_commit(ctx->db) == -1)
			return -1;
		memset(&nt, 0, sizeof(nt));
		nt.size = sizeof(nt);
		nt.kind = "esign.team";
		nt.subject = at_pprintf(ctx->pool, "Expired unsigned: %s",
		    at_row(r, i, "title"));
		nt.link = at_pprintf(ctx->pool, "/staff/esign/%lld", id);
		nt.item_type = "esign";
		nt.item_id = id;
		(void)at_notify_staff(ctx->db, ctx->site, &nt);
	}
	return 0;
}

/*
 * Job esign.seal: envelopes everyone signed that are not sealed yet (the
 * key was missing, or the demo's) are sealed.
 */
static int
es_seal_job(struct at_job_ctx *ctx, const char **errstr)
{
	struct at_rows	*r;
	char		 err[512];
	size_t		 i;
	long long	 id;
	int		 rc = 0;

	r = at_db_select(ctx->db, ctx->pool, "SELECT e.id FROM "
	    "esign_envelopes e WHERE " ES_DUE_SQL " ORDER BY e.id LIMIT 50",
	    "");
	if (r == NULL) {
		*errstr = "the envelopes could not be read";
		return -1;
	}
	es_job = ctx;
	for (i = 0; i < r->n; i++) {
		id = at_row_int(r, i, "id", 0);
		if (at_db_begin(ctx->db) == -1)
			break;
		if (es_seal_envelope(NULL, id, err, sizeof(err)) == -1) {
			at_db_rollback(ctx->db);
			log_warn("esign: envelope %lld: %s", id, err);
			*errstr = "an envelope could not be sealed (see the log)";
			rc = -1;
			continue;
		}
		if (at_db_commit(ctx->db) == -1)
			rc = -1;
	}
	es_job = NULL;
	return rc;
}

/*
 * The Files pages' check for a sealed copy (file source "esign"): the
 * sealed file of an envelope of the caller's client scope.  1 or 0.
 */
static int
es_file_may_read(struct at_req *req, const struct at_file *f, void *arg)
{
	struct at_rows	*r;
	long long	 scope = at_client_scope(req);

	(void)arg;
	r = at_db_select(at_req_db(req), at_req_pool(req), "SELECT id FROM "
	    "esign_envelopes WHERE id = ? AND sealed_file_id = ? AND client_id "
	    "= ? AND (? = 0 OR client_id = ?)", "IIIII", f->item_id, f->id,
	    f->client, scope, scope);
	return r != NULL && r->n == 1;
}

/*
 * The activity log's entries about envelopes link to the envelope's page
 * (the stored summary is what people read).
 */
static void
es_act(struct at_req *req, const struct at_act_entry *e,
    const char **sentence, const char **href)
{
	(void)sentence;
	*href = at_act_href(req, "/esign/", e->object_id);
}

static const struct at_act_kind es_actk = {
	AT_EXT_SIZE(at_act_kind), "esign", es_act
};

static const struct at_file_source es_files = {
	AT_EXT_SIZE(at_file_source), "esign", "Signatures", es_file_may_read,
	NULL
};

static cfg_opt_t es_opts[] = {
	CFG_STR("key", "", CFGF_NONE),
	CFG_STR("cert", "", CFGF_NONE),
	CFG_STR("pkcs12", "", CFGF_NONE),
	CFG_STR("pkcs12-password", "", CFGF_NONE),
	CFG_STR("tsa-url", "", CFGF_NONE),
	CFG_STR("tsa-ca-file", "", CFGF_NONE),
	CFG_INT("tsa-timeout", 10, CFGF_NONE),
	CFG_END()
};

/*
 * Registers the service, the pages, the notification kinds, the jobs and
 * the atriumctl commands.
 */
static int
es_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	es_cfg = at_reg_config(reg);
	at_reg_service(reg, AT_SVC_ESIGN, AT_SVC_ESIGN_V, &es_svc);
	at_notify_kind(reg, "sign", "Documents waiting for your signature",
	    AT_CONTACT | AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "done", "Documents signed by everyone, declined "
	    "or voided", AT_CONTACT | AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "team", "Signing declined or expired",
	    AT_STAFF, AT_DELIVER_NOW);
	at_notify_kind(reg, "view", "Documents sent to you to read while "
	    "they are signed", AT_CONTACT | AT_STAFF, AT_DELIVER_NOW);
	at_reg_job(reg, "expire", 3600, es_expire_job);
	at_reg_job(reg, "seal", 300, es_seal_job);
	at_reg_activity(reg, &es_actk);
	es_pages_register(reg);
	es_ctl_register(reg);
	/* The sealed copies in the client's Files, under Contracts. */
	at_reg_file_source(reg, &es_files);
	return 0;
}

const struct at_plugin atrium_plugin = {
	AT_PLUGIN_HEAD,
	.name = "esign",
	.version = "1.0",
	.summary = "E-signatures: signing in order or in groups, sealed PDFs "
	    "anyone can verify",
	.options = es_opts,
	.init = es_init,
};
