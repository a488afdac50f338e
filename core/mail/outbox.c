/*
 * The outbox (include/atrium/mail.h): messages are rows; delivery runs
 * after a response or from cron, over SMTP with libcurl or through a
 * sendmail program, with a growing delay between failed attempts.  The
 * module "mail" registers the job "mail.send" (each run of "atriumctl
 * jobs run").
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "core.h"
#include "plugin/jobs.h"
#include "notify/notify.h"

#define MAIL_MAX_TRIES	10
#define MAIL_LEASE	600	/* seconds a sender holds a message it claimed */
#define MAIL_TO_MAX	254	/* outbox.to_addr */
#define MAIL_SUBJECT_MAX 255	/* outbox.subject, in bytes: never more
				   characters than the column holds */
#define MAIL_LINE_MAX	900	/* bytes in a line of a part (SMTP: 998) */

/*
 * See mail.h.  Refuses line breaks where a header would split and an
 * address longer than the column; cuts a long subject between
 * characters.  Every refusal and failed insert is logged.
 */
int
at_mail_queue_alt(struct at_db *db, const char *to, const char *subject,
    const char *text, const char *html)
{
	return at_mail_queue_reply(db, to, subject, text, html, NULL);
}

/* See notify/notify.h: the same, with a Reply-To address or NULL. */
int
at_mail_queue_reply(struct at_db *db, const char *to, const char *subject,
    const char *text, const char *html, const char *reply_to)
{
	char	 short_subject[MAIL_SUBJECT_MAX + 1];
	size_t	 n;

	if (to == NULL || subject == NULL || text == NULL ||
	    strpbrk(to, "\r\n") != NULL || strpbrk(subject, "\r\n") != NULL ||
	    (reply_to != NULL && (strpbrk(reply_to, "\r\n<>,; ") != NULL ||
	    strlen(reply_to) > MAIL_TO_MAX))) {
		log_warn("%s: refused a message with a broken header",
		    __func__);
		return -1;
	}
	if (strlen(to) > MAIL_TO_MAX) {
		log_warn("%s: refused a message to an address of %zu bytes",
		    __func__, strlen(to));
		return -1;
	}
	if ((n = at_utf8_fit(subject, MAIL_SUBJECT_MAX)) < strlen(subject)) {
		memcpy(short_subject, subject, n);
		short_subject[n] = '\0';
		subject = short_subject;
	}
	if (at_db_exec(db, "INSERT INTO outbox (to_addr, subject, body, html, "
	    "reply_to) VALUES (?, ?, ?, ?, ?)", "sssss", to, subject, text,
	    html, reply_to) != 1) {
		log_warn("%s: could not queue a message to %s", __func__, to);
		return -1;
	}
	return 0;
}

/* See mail.h: a message with a text part only. */
int
at_mail_queue(struct at_db *db, const char *to, const char *subject,
    const char *body)
{
	return at_mail_queue_alt(db, to, subject, body, NULL);
}

/* Whether s is plain ASCII. */
static int
mail_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* A header value, RFC 2047 encoded (base64) when not ASCII. */
static char *
mail_header_text(struct at_pool *pool, const char *s)
{
	char	*b64;
	size_t	 len, n;

	if (mail_ascii(s))
		return at_pstrdup(pool, s);
	n = strlen(s);
	len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	b64 = at_palloc(pool, len);
	sodium_bin2base64(b64, len, (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	return at_pprintf(pool, "=?UTF-8?B?%s?=", b64);
}

/* A display name for From: quoted when ASCII, else RFC 2047 encoded. */
static const char *
mail_display_name(struct at_pool *pool, const char *s)
{
	char		*out, *o;

	if (!mail_ascii(s) || strpbrk(s, "\r\n") != NULL)
		return mail_header_text(pool, s);
	o = out = at_palloc(pool, 2 * strlen(s) + 3);
	*o++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/*
 * Copies s to o with CRLF line ends; a line longer than MAIL_LINE_MAX
 * bytes (SMTP allows 998) is broken at its last space inside an HTML
 * tag (where a line break changes nothing), else at its last space, or
 * where it stands when it has none.  Returns the end of what was
 * written; o must hold 3 * strlen(s) + 3 bytes.
 */
static char *
mail_lines(char *o, const char *s)
{
	const char	*p, *sp = NULL, *tsp = NULL, *at;
	size_t		 col = 0, tail;
	int		 tag = 0;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r') {
			*o++ = '\r';
			*o++ = '\n';
			col = 0;
			sp = tsp = NULL;
			continue;
		}
		if (col >= MAIL_LINE_MAX) {
			at = tsp != NULL ? tsp : sp;
			if (at != NULL) {
				/* The space becomes CRLF: move the tail on. */
				tail = (size_t)(p - at - 1);
				memmove(o - tail + 1, o - tail, tail);
				o[-(ptrdiff_t)tail - 1] = '\r';
				o[-(ptrdiff_t)tail] = '\n';
				o++;
				col = tail;
			} else {
				*o++ = '\r';
				*o++ = '\n';
				col = 0;
			}
			sp = tsp = NULL;
		}
		if (*p == '<')
			tag = 1;
		else if (*p == '>')
			tag = 0;
		else if (*p == ' ') {
			sp = p;
			if (tag)
				tsp = p;
		}
		*o++ = *p;
		col++;
	}
	*o++ = '\r';
	*o++ = '\n';
	return o;
}

/* See notify/notify.h. */
char *
at_mail_message(struct at_pool *pool, const char *from_name,
    const char *from_addr, const char *to, const char *subject,
    const char *msgid, const char *boundary, time_t now, const char *text,
    const char *html)
{
	char		 date[64], *out, *o;
	struct tm	 tm;
	char		*head;
	size_t		 len;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	head = at_pprintf(pool, "Date: %s\r\nFrom: %s <%s>\r\nTo: %s\r\n"
	    "Subject: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n", date,
	    mail_display_name(pool, from_name), from_addr, to,
	    mail_header_text(pool, subject), msgid);
	len = strlen(head) + 3 * strlen(text) + 512 +
	    (html != NULL ? 3 * strlen(html) : 0) + 4 * strlen(boundary);
	o = out = at_palloc(pool, len);
	o = stpcpy(o, head);
	if (html == NULL) {
		o = stpcpy(o, "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n");
		o = mail_lines(o, text);
		*o = '\0';
		return out;
	}
	o += sprintf(o, "Content-Type: multipart/alternative; "
	    "boundary=\"%s\"\r\n\r\nThis is a message in two parts: "
	    "text and HTML.\r\n\r\n--%s\r\nContent-Type: text/plain; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
	    boundary, boundary);
	o = mail_lines(o, text);
	o += sprintf(o, "\r\n--%s\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
	    boundary);
	o = mail_lines(o, html);
	o += sprintf(o, "\r\n--%s--\r\n", boundary);
	*o = '\0';
	return out;
}

/* The whole message of outbox row id, in the pool. */
static char *
mail_build(struct at_pool *pool, const struct at_site *site, const char *id,
    const char *to, const char *subject, const char *body, const char *html,
    const char *reply_to)
{
	char		*msg;
	const char	*host;
	unsigned char	 rnd[12];
	char		 hex[sizeof(rnd) * 2 + 1];
	time_t		 now = time(NULL);

	host = strchr(site->mail_from, '@');
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	msg = at_mail_message(pool, site->brand_name != NULL ?
	    site->brand_name : site->name, site->mail_from, to, subject,
	    at_pprintf(pool, "atrium.%s.%ld%s", id, (long)now,
	    host != NULL ? host : "@localhost"),
	    at_pprintf(pool, "=_part_%s", hex), now, body, html);
	/* A notice one may answer by e-mail (checked when queued). */
	if (reply_to != NULL && *reply_to != '\0')
		msg = at_pprintf(pool, "Reply-To: %s\r\n%s", reply_to, msg);
	return msg;
}

struct mail_cursor {
	const char	*data;
	size_t		 left;
};

/* libcurl's read callback over the message. */
static size_t
mail_read(char *buf, size_t size, size_t n, void *arg)
{
	struct mail_cursor *c = arg;
	size_t		 want = size * n;

	if (want > c->left)
		want = c->left;
	memcpy(buf, c->data, want);
	c->data += want;
	c->left -= want;
	return want;
}

/* Sends over SMTP; NULL or a short reason. */
static const char *
mail_smtp(const struct at_site *site, const char *to, const char *msg)
{
	CURL			*curl;
	CURLcode		 rc;
	struct curl_slist	*rcpt = NULL;
	struct mail_cursor	 cur;
	static char		 why[256];
	char			 from[300], rcptbuf[300];

	if ((curl = curl_easy_init()) == NULL)
		return "cannot start libcurl";
	snprintf(from, sizeof(from), "<%s>", site->mail_from);
	snprintf(rcptbuf, sizeof(rcptbuf), "<%s>", to);
	rcpt = curl_slist_append(rcpt, rcptbuf);
	cur.data = msg;
	cur.left = strlen(msg);
	curl_easy_setopt(curl, CURLOPT_URL, site->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, mail_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &cur);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (site->smtp_user != NULL) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, site->smtp_user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD,
		    site->smtp_password != NULL ? site->smtp_password : "");
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	rc = curl_easy_perform(curl);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	if (rc == CURLE_OK)
		return NULL;
	snprintf(why, sizeof(why), "smtp: %s", curl_easy_strerror(rc));
	return why;
}

/* Runs the sendmail program (no shell) with msg on stdin. */
static const char *
mail_sendmail(const struct at_site *site, const char *msg)
{
	char		*argv[16], *copy, *p, *w;
	int		 fd[2], st, argc = 0;
	pid_t		 pid;
	size_t		 left;
	ssize_t		 n;

	if ((copy = strdup(site->sendmail)) == NULL)
		return "out of memory";
	for (p = copy; (w = strsep(&p, " \t")) != NULL && argc < 15; )
		if (*w != '\0')
			argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0 || pipe(fd) == -1) {
		free(copy);
		return "sendmail: cannot start";
	}
	if ((pid = fork()) == -1) {
		close(fd[0]);
		close(fd[1]);
		free(copy);
		return "sendmail: cannot fork";
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	free(copy);
	close(fd[0]);
	for (left = strlen(msg); left > 0; left -= (size_t)n, msg += n)
		if ((n = write(fd[1], msg, left)) <= 0)
			break;
	close(fd[1]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return "sendmail: lost the program";
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return "sendmail: the program failed";
	return NULL;
}

/* See mail.h. */
int
at_mail_flush(const struct at_site *site, struct at_db *db, int max)
{
	struct at_pool	*pool;
	struct at_rows	*r;
	const char	*why, *msg;
	size_t		 i;
	int		 sent = 0, tries, failed = 0;
	static const int backoff[] = { 60, 300, 1800, 3600, 7200, 14400 };

	if (site->mail_transport == AT_MAIL_NONE)
		return 0;
	pool = at_pool_new();
	r = at_db_select(db, pool, "SELECT id, to_addr, subject, body, html, "
	    "reply_to, attempts FROM outbox WHERE sent_at IS NULL AND attempts < ? AND "
	    "next_try <= UTC_TIMESTAMP() ORDER BY id LIMIT ?", "ii",
	    MAIL_MAX_TRIES, max);
	if (r == NULL) {
		at_pool_free(pool);
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		/*
		 * Claim the message first: workers flush after their
		 * responses and the job runner flushes too, and only the
		 * one whose update moves next_try sends it.  A sender that
		 * dies mid-send leaves it to be tried again after the lease.
		 */
		switch (at_db_exec(db, "UPDATE outbox SET next_try = "
		    "UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE id = ? AND "
		    "sent_at IS NULL AND next_try <= UTC_TIMESTAMP()", "is",
		    MAIL_LEASE, at_row(r, i, "id"))) {
		case 1:
			break;
		case 0:
			continue;	/* another sender has it */
		default:
			failed = 1;
			continue;
		}
		msg = mail_build(pool, site, at_row(r, i, "id"),
		    at_row(r, i, "to_addr"), at_row(r, i, "subject"),
		    at_row(r, i, "body"), at_row(r, i, "html"),
		    at_row(r, i, "reply_to"));
		why = site->mail_transport == AT_MAIL_SMTP ?
		    mail_smtp(site, at_row(r, i, "to_addr"), msg) :
		    mail_sendmail(site, msg);
		if (why == NULL) {
			sent++;
			/* Unrecorded, it would be sent again next time. */
			if (at_db_exec(db, "UPDATE outbox SET sent_at = "
			    "UTC_TIMESTAMP(), attempts = attempts + 1, "
			    "last_error = NULL WHERE id = ?", "s",
			    at_row(r, i, "id")) != 1) {
				log_warn("mail %s to %s: sent, but could not "
				    "be marked sent", at_row(r, i, "id"),
				    at_row(r, i, "to_addr"));
				failed = 1;
			}
			continue;
		}
		tries = (int)at_row_int(r, i, "attempts", 0);
		log_warn("mail %s to %s: %s", at_row(r, i, "id"),
		    at_row(r, i, "to_addr"), why);
		if (at_db_exec(db, "UPDATE outbox SET attempts = attempts + 1, "
		    "last_error = LEFT(?, 255), next_try = UTC_TIMESTAMP() + "
		    "INTERVAL ? SECOND WHERE id = ?", "sis", why,
		    backoff[tries < 6 ? tries : 5], at_row(r, i, "id")) != 1) {
			log_warn("mail %s to %s: could not record the failed "
			    "attempt", at_row(r, i, "id"),
			    at_row(r, i, "to_addr"));
			failed = 1;
		}
	}
	at_pool_free(pool);
	return failed ? -1 : sent;
}

/* The job "mail.send": delivers what the outbox holds. */
static int
mail_job(struct at_job_ctx *ctx, const char **errstr)
{
	if (at_mail_flush(ctx->site, ctx->db, 1000) == -1) {
		*errstr = "cannot read the outbox (see the log)";
		return -1;
	}
	return 0;
}

/* Registers the delivery job. */
static int
mail_init(struct at_registry *reg, const char **errstr)
{
	(void)errstr;
	at_reg_job(reg, "send", 0, mail_job);
	return 0;
}

const struct at_plugin at_mod_mail = {
	AT_PLUGIN_HEAD,
	.name = "mail",
	.version = PACKAGE_VERSION,
	.summary = "Delivers the outbox",
	.init = mail_init,
};
