/*
 * Replies by e-mail (include/atrium/mailin.h): the site's reply key,
 * tokens and reply addresses, the handlers modules register, storing a
 * reply's attachments, and placing one message ("atriumctl mail
 * receive"): token, sender, handler in a transaction, the received log.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <atrium/hmac.h>

#include "core.h"
#include "plugin/registry.h"
#include "mailin/mailin.h"

#define MAILIN_MAX_HANDLERS	32
#define MAILIN_MAX_MESSAGE	(64 * 1024 * 1024)

/* The site's reply key (site_secrets "mailin"), once per process. */
static unsigned char	 mailin_key[MAILIN_KEY_LEN];
static int		 mailin_key_loaded;

struct handler {
	char		*module;
	at_mailin_fn	 fn;
};
static struct handler	 handlers[MAILIN_MAX_HANDLERS];
static size_t		 nhandlers;

/* Files written for the reply being placed: removed when it is not. */
static char		*written[MAILIN_MAX_FILES];
static size_t		 nwritten;

/*
 * Loads the reply key, making it on first use (INSERT IGNORE: every
 * process and host ends with the same one).  0, or -1 (logged).
 */
static int
mailin_key_load(struct at_db *db)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	unsigned char	 raw[MAILIN_KEY_LEN];
	char		 hex[MAILIN_KEY_LEN * 2 + 1];
	const char	*v;
	size_t		 got;
	int		 rc = -1;

	if (mailin_key_loaded)
		return 0;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	pool = at_pool_new();
	if (at_db_exec(db, "INSERT IGNORE INTO site_secrets (name, value, "
	    "created_at) VALUES ('mailin', ?, UTC_TIMESTAMP())", "s",
	    hex) == -1)
		goto out;
	r = at_db_select(db, pool, "SELECT value FROM site_secrets WHERE "
	    "name = 'mailin'", "");
	if (r == NULL || r->n != 1 || (v = at_row(r, 0, "value")) == NULL ||
	    sodium_hex2bin(mailin_key, sizeof(mailin_key), v, strlen(v),
	    NULL, &got, NULL) != 0 || got != sizeof(mailin_key)) {
		log_warn("%s: the site's reply key cannot be read", __func__);
		goto out;
	}
	mailin_key_loaded = 1;
	rc = 0;
out:
	sodium_memzero(hex, sizeof(hex));
	at_pool_free(pool);
	return rc;
}

/* Whether s is [a-z0-9_]+ of at most AT_MAILIN_MODULE_MAX bytes. */
static int
mailin_module_ok(const char *s)
{
	size_t	 n;

	if (s == NULL || (n = strlen(s)) == 0 || n > AT_MAILIN_MODULE_MAX)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* v (> 0) in base 36, lower case, into out (room for 16). */
static void
mailin_b36(long long v, char *out)
{
	char	 tmp[16];
	size_t	 n = 0, i;

	do {
		tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v > 0 && n < sizeof(tmp) - 1);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* The MAC digits of text under key into out (MAILIN_MAC_CHARS + 1). */
static void
mailin_mac(const unsigned char *key, const char *text, char *out)
{
	static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char	 mac[AT_HMAC_LEN];
	unsigned int	 bits = 0, acc = 0;
	size_t		 i = 0, n = 0;

	at_hmac_sha256(key, MAILIN_KEY_LEN, text, strlen(text), mac);
	while (n < MAILIN_MAC_CHARS) {
		if (bits < 5) {
			acc = (acc << 8) | mac[i++];
			bits += 8;
		}
		out[n++] = b32[(acc >> (bits - 5)) & 31];
		bits -= 5;
	}
	out[n] = '\0';
}

/* See mailin/mailin.h. */
char *
mailin_token(struct at_pool *pool, const unsigned char *key,
    const char *module, long long item, long long user)
{
	char	 i36[16], u36[16], mac[MAILIN_MAC_CHARS + 1], *body;

	if (!mailin_module_ok(module) || item <= 0 || user <= 0)
		return NULL;
	mailin_b36(item, i36);
	mailin_b36(user, u36);
	body = at_pprintf(pool, "%s.%s.%s", module, i36, u36);
	mailin_mac(key, body, mac);
	return at_pprintf(pool, "%s.%s", body, mac);
}

/* Reads a base-36 id of at most 12 digits from [p, e); -1 when bad. */
static long long
mailin_id(const char *p, const char *e)
{
	long long	 v = 0;
	const char	*d;

	if (e <= p || e - p > 12)
		return -1;
	for (; p < e; p++) {
		if ((d = strchr("0123456789abcdefghijklmnopqrstuvwxyz", *p)) ==
		    NULL || *p == '\0')
			return -1;
		v = v * 36 + (d - "0123456789abcdefghijklmnopqrstuvwxyz");
	}
	return v > 0 ? v : -1;
}

/* See mailin/mailin.h. */
int
mailin_token_check(const unsigned char *key, const char *token,
    char *module, long long *item, long long *user)
{
	char		 low[AT_MAILIN_MODULE_MAX + 64];
	char		 mac[MAILIN_MAC_CHARS + 1];
	char		*d1, *d2, *d3;
	size_t		 n, i;

	if (token == NULL || (n = strlen(token)) >= sizeof(low) || n == 0)
		return -1;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)token[i]);
	if ((d3 = strrchr(low, '.')) == NULL ||
	    strlen(d3 + 1) != MAILIN_MAC_CHARS)
		return -1;
	*d3 = '\0';
	if ((d2 = strrchr(low, '.')) == NULL)
		return -1;
	*d2 = '\0';
	if ((d1 = strrchr(low, '.')) == NULL)
		return -1;
	*d1 = '\0';
	if (!mailin_module_ok(low) ||
	    (*item = mailin_id(d1 + 1, d2)) == -1 ||
	    (*user = mailin_id(d2 + 1, d3)) == -1)
		return -1;
	*d1 = *d2 = '.';
	mailin_mac(key, low, mac);
	if (!at_hmac_equal(mac, d3 + 1, MAILIN_MAC_CHARS))
		return -1;
	*d1 = '\0';
	memcpy(module, low, strlen(low) + 1);
	return 0;
}

/* See include/atrium/mailin.h. */
char *
at_reply_address(struct at_db *db, const struct at_site *site,
    struct at_pool *pool, const char *module, long long item, long long user)
{
	const char	*at;
	char		*token;

	if (site == NULL || site->reply_address == NULL ||
	    (at = strchr(site->reply_address, '@')) == NULL ||
	    !mailin_module_ok(module) || item <= 0 || user <= 0)
		return NULL;
	if (mailin_key_load(db) == -1)
		return NULL;
	if ((token = mailin_token(pool, mailin_key, module, item, user)) ==
	    NULL)
		return NULL;
	return at_pprintf(pool, "%.*s+%s%s", (int)(at - site->reply_address),
	    site->reply_address, token, at);
}

/* See include/atrium/mailin.h. */
void
at_reg_mail_handler(struct at_registry *reg, const char *module,
    at_mailin_fn fn)
{
	size_t	 i;

	if (reg == NULL || fn == NULL || !mailin_module_ok(module) ||
	    strcmp(module, at_reg_name(reg)) != 0) {
		log_warn("%s: refused a reply handler for '%s' (a module "
		    "registers its own, [a-z0-9_]+)", __func__,
		    module != NULL ? module : "(null)");
		return;
	}
	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].module, module) == 0) {
			handlers[i].fn = fn;
			return;
		}
	if (nhandlers == MAILIN_MAX_HANDLERS) {
		log_warn("%s: too many reply handlers", __func__);
		return;
	}
	handlers[nhandlers].module = reg_strdup(module);
	handlers[nhandlers++].fn = fn;
}

/* The handler of module while it is in service, or NULL. */
static at_mailin_fn
mailin_handler(const char *module)
{
	size_t	 i;

	for (i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].module, module) == 0)
			return at_plugin_loaded(module) ? handlers[i].fn : NULL;
	return NULL;
}

/* Writes len bytes to path (new, 0600); 0 or -1 (logged). */
static int
mailin_write(const char *path, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("%s: %s: %s", __func__, path, strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s: %s: %s", __func__, path,
			    strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) == -1) {
		unlink(path);
		return -1;
	}
	return 0;
}

/* See include/atrium/mailin.h. */
long long
at_mailin_store_file(struct at_job_ctx *ctx, const struct at_mailin *m,
    const struct at_mailin_file *f, long long client, const char *item_type,
    long long item_id, int visible, const char **errstr)
{
	const struct at_site *site = ctx->site;
	struct at_rows	*r;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 sha[65], *top, *dir, *dest, *stored;
	const char	*name;
	long long	 used, quota = site->client_quota, id;

	*errstr = NULL;
	if (client <= 0 || item_type == NULL || f == NULL) {
		log_warn("%s: bad request", __func__);
		return -1;
	}
	if (f->len == 0) {
		*errstr = at_pprintf(ctx->pool, "The attachment %s is empty.",
		    f->name);
		return 0;
	}
	if (f->len > site->limits.max_upload) {
		*errstr = at_pprintf(ctx->pool, "The attachment %s is too "
		    "large: at most %s may be uploaded.", f->name,
		    at_file_size_text(ctx->pool,
		    (long long)site->limits.max_upload));
		return 0;
	}
	name = f->name;
	if ((*errstr = at_file_type_check(ctx->pool, f->mime, &name)) !=
	    NULL) {
		*errstr = at_pprintf(ctx->pool, "%s: %s", f->name, *errstr);
		return 0;
	}
	r = at_db_select(ctx->db, ctx->pool, "SELECT id FROM clients WHERE "
	    "id = ? FOR UPDATE", "I", client);
	if (r == NULL)
		return -1;
	if (r->n != 1) {
		*errstr = "This client no longer exists.";
		return 0;
	}
	r = at_db_select(ctx->db, ctx->pool, "SELECT COALESCE(SUM(size), 0) "
	    "AS used FROM file_versions WHERE client_id = ?", "I", client);
	if (r == NULL || r->n != 1)
		return -1;
	used = at_row_int(r, 0, "used", 0);
	if (quota > 0 && used + (long long)f->len > quota) {
		*errstr = at_pprintf(ctx->pool, "There is not enough room for "
		    "%s: it needs %s and %s of the storage is left.", f->name,
		    at_file_size_text(ctx->pool, (long long)f->len),
		    at_file_size_text(ctx->pool, quota > used ? quota - used :
		    0));
		return 0;
	}
	if (nwritten == MAILIN_MAX_FILES) {
		*errstr = "The message has too many attachments.";
		return 0;
	}
	top = at_pprintf(ctx->pool, "%s/files", site->storage);
	dir = at_pprintf(ctx->pool, "%s/%lld", top, client);
	if ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0700) == -1 && errno != EEXIST)) {
		log_warn("%s: %s: %s", __func__, dir, strerror(errno));
		return -1;
	}
	stored = at_token(ctx->pool, 24);
	dest = at_pprintf(ctx->pool, "%s/%s", dir, stored);
	crypto_hash_sha256(h, f->data, f->len);
	sodium_bin2hex(sha, sizeof(sha), h, sizeof(h));
	if (at_db_exec(ctx->db, "INSERT INTO files (client_id, project_id, "
	    "item_type, item_id, name, category, visible, version, "
	    "created_by, created_at, updated_at, shared_at) VALUES (?, NULL, "
	    "?, ?, ?, 'other', ?, 1, NULLIF(?, 0), UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP(), IF(? = 1, UTC_TIMESTAMP(), NULL))", "IsIsiIi",
	    client, item_type, item_id, name, visible ? 1 : 0, m->user,
	    visible ? 1 : 0) == -1)
		return -1;
	id = at_db_insert_id(ctx->db);
	if (at_db_exec(ctx->db, "INSERT INTO file_versions (file_id, "
	    "client_id, version, stored, name, mime, size, sha256, note, "
	    "uploaded_by, uploaded_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, "
	    "'Sent by e-mail', NULLIF(?, 0), UTC_TIMESTAMP())", "IIsssIsI",
	    id, client, stored, name, f->mime, (long long)f->len, sha,
	    m->user) == -1)
		return -1;
	if (mailin_write(dest, f->data, f->len) == -1)
		return -1;
	if ((written[nwritten++] = strdup(dest)) == NULL)
		abort();
	return id;
}

/* Forgets the files written for the reply; removes them unless kept. */
static void
mailin_written(int keep)
{
	size_t	 i;

	for (i = 0; i < nwritten; i++) {
		if (!keep)
			unlink(written[i]);
		free(written[i]);
	}
	nwritten = 0;
}

/* Prints a refusal's reason for the mail server's bounce. */
static int
mailin_refuse(int status, const char *why)
{
	fprintf(stderr, "%s\n", why);
	return status;
}

/* Logs a message that was not placed (best effort). */
static void
mailin_log_refused(struct at_db *db, const struct mailin_msg *m,
    const char *module, long long item, long long user, const char *why)
{
	(void)at_db_exec(db, "INSERT INTO mail_received (message_id, "
	    "module, item_id, user_id, from_addr, subject, outcome, reason, "
	    "received_at) VALUES (LEFT(?, 250), NULLIF(?, ''), NULLIF(?, 0), "
	    "NULLIF(?, 0), LEFT(?, 254), LEFT(?, 250), 'refused', "
	    "LEFT(?, 250), UTC_TIMESTAMP())", "ssIIsss",
	    m->message_id != NULL ? m->message_id : "",
	    module != NULL ? module : "", item, user,
	    m->from != NULL ? m->from : "", m->subject != NULL ?
	    m->subject : "", why);
}

/* Reads all of in into the pool (at most MAILIN_MAX_MESSAGE bytes). */
static char *
mailin_slurp(struct at_pool *pool, FILE *in, size_t *len)
{
	char	*buf, *out;
	size_t	 cap = 65536, n = 0, got;

	if ((buf = malloc(cap)) == NULL)
		abort();
	while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
		n += got;
		if (n == cap) {
			if (cap >= MAILIN_MAX_MESSAGE) {
				free(buf);
				return NULL;
			}
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
	}
	out = at_palloc(pool, n + 1);
	memcpy(out, buf, n);
	out[n] = '\0';
	free(buf);
	*len = n;
	return out;
}

/* See mailin/mailin.h. */
int
at_mailin_receive(const struct at_site *site, struct at_db *db, FILE *in)
{
	struct at_pool	*pool = at_pool_new();
	struct mailin_msg msg;
	struct at_mailin m;
	struct at_job_ctx ctx;
	struct at_rows	*r;
	at_mailin_fn	 fn;
	char		 module[AT_MAILIN_MODULE_MAX + 1], why[300];
	const char	*errstr = NULL, *key;
	char		*raw, *token;
	size_t		 len;
	long long	 item = 0, user = 0;
	int		 rc, status;

	if ((raw = mailin_slurp(pool, in, &len)) == NULL) {
		status = mailin_refuse(MAILIN_DATAERR, "The message is too "
		    "large.");
		goto out;
	}
	if (mailin_parse(pool, raw, len, &msg, &errstr) == -1) {
		status = mailin_refuse(MAILIN_DATAERR, errstr);
		goto out;
	}
	if (site->reply_address == NULL) {
		status = mailin_refuse(MAILIN_NOUSER, "This site takes no "
		    "replies by e-mail (mail.reply-address is not set).");
		goto out;
	}
	if (mailin_key_load(db) == -1) {
		status = mailin_refuse(MAILIN_TEMPFAIL, "The database cannot "
		    "be reached; try again later.");
		goto out;
	}
	if ((token = mailin_find_token(pool, &msg, site->reply_address)) ==
	    NULL || mailin_token_check(mailin_key, token, module, &item,
	    &user) == -1) {
		mailin_log_refused(db, &msg, NULL, 0, 0, "no valid reply "
		    "address");
		status = mailin_refuse(MAILIN_NOUSER, "No such reply address: "
		    "reply with the reply address of a notice from this site.");
		goto out;
	}
	key = at_pprintf(pool, "%s", msg.message_id);
	r = at_db_select(db, pool, "SELECT id FROM mail_received WHERE "
	    "done_key = SHA2(?, 256)", "s", key);
	if (r == NULL) {
		status = mailin_refuse(MAILIN_TEMPFAIL, "The database cannot "
		    "be read; try again later.");
		goto out;
	}
	if (r->n > 0) {
		status = MAILIN_OK;	/* stored before: nothing to do */
		goto out;
	}
	r = at_db_select(db, pool, "SELECT u.client_id, u.email FROM users u "
	    "LEFT JOIN clients c ON c.id = u.client_id WHERE u.id = ? AND "
	    "u.active = 1 AND (u.role <> 'contact' OR c.portal_enabled = 1)",
	    "I", user);
	if (r == NULL) {
		status = mailin_refuse(MAILIN_TEMPFAIL, "The database cannot "
		    "be read; try again later.");
		goto out;
	}
	if (r->n != 1 || at_row(r, 0, "email") == NULL ||
	    strcasecmp(at_row(r, 0, "email"), msg.from) != 0) {
		mailin_log_refused(db, &msg, module, item, user, r->n != 1 ?
		    "the account is closed" : "the sender is not the person "
		    "the address was made for");
		status = mailin_refuse(MAILIN_DATAERR, "This reply address "
		    "belongs to someone else: reply from the address the "
		    "notice was sent to.");
		goto out;
	}
	if ((fn = mailin_handler(module)) == NULL) {
		mailin_log_refused(db, &msg, module, item, user, "no handler");
		status = mailin_refuse(MAILIN_NOUSER, "Replies to this address "
		    "are no longer taken.");
		goto out;
	}
	if (*msg.text == '\0' && msg.nfiles == 0) {
		mailin_log_refused(db, &msg, module, item, user, "empty");
		status = mailin_refuse(MAILIN_DATAERR, "The reply is empty: "
		    "write above the quoted message.");
		goto out;
	}

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.module = module;
	m.item = item;
	m.user = user;
	m.client = at_row_int(r, 0, "client_id", 0);
	m.from = msg.from;
	m.subject = msg.subject;
	m.message_id = msg.message_id;
	m.text = msg.text;
	m.files = msg.files;
	m.nfiles = msg.nfiles;
	memset(&ctx, 0, sizeof(ctx));
	ctx.site = site;
	ctx.db = db;
	ctx.pool = pool;
	ctx.now = time(NULL);
	ctx.job = "mail.receive";

	if (at_db_begin(db) == -1) {
		status = mailin_refuse(MAILIN_TEMPFAIL, "The database cannot "
		    "be reached; try again later.");
		goto out;
	}
	errstr = NULL;
	rc = fn(&ctx, &m, &errstr);
	if (rc == 0 && at_db_exec(db, "INSERT INTO mail_received "
	    "(message_id, done_key, module, item_id, user_id, from_addr, "
	    "subject, outcome, received_at) VALUES (LEFT(?, 250), SHA2(?, "
	    "256), ?, ?, ?, LEFT(?, 254), LEFT(?, 250), 'stored', "
	    "UTC_TIMESTAMP())", "sssIIss", msg.message_id, key, module, item,
	    user, msg.from, msg.subject) == -1) {
		rc = -1;
		if (at_db_errno(db) == 1062) {	/* stored meanwhile */
			at_db_rollback(db);
			mailin_written(0);
			status = MAILIN_OK;
			goto out;
		}
	}
	if (rc == 0 && at_db_commit(db) == 0) {
		mailin_written(1);
		status = MAILIN_OK;
		goto out;
	}
	at_db_rollback(db);
	mailin_written(0);
	if (rc == 1) {
		snprintf(why, sizeof(why), "%s", errstr != NULL ? errstr :
		    "The reply was refused.");
		mailin_log_refused(db, &msg, module, item, user, why);
		status = mailin_refuse(MAILIN_DATAERR, why);
	} else
		status = mailin_refuse(MAILIN_TEMPFAIL, "The reply could not "
		    "be stored now; it will be tried again.");
out:
	at_pool_free(pool);
	return status;
}
