/*
 * multipart/form-data (RFC 7578), streamed: the body is read through a
 * callback into a fixed buffer, file parts go straight to temporary files
 * in the storage folder, and nothing is ever held whole in memory.  Any
 * error removes the files already written; the rest are removed by a pool
 * cleanup when the request ends unless the handler moved them away.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

#define MP_BUF		(64 * 1024)
#define MP_HEADERS	8192		/* one part's header block */
#define MP_BOUNDARY	70		/* RFC 2046 */

struct mp {
	struct at_pool	*pool;
	at_reader	 rd;
	void		*rdarg;
	const struct at_limits *lim;
	char		 buf[MP_BUF + 2 * MP_BOUNDARY + 16];
	size_t		 len;		/* bytes in buf */
	size_t		 total;		/* bytes read so far */
	int		 eof;
	char		 delim[MP_BOUNDARY + 8];	/* "\r\n--" boundary */
	size_t		 dlen;
	const char	*errstr;
};

/*
 * Unlinks a temporary upload (pool cleanup), unless at_uploads_remove()
 * already did (it empties the path).
 */
static void
mp_unlink(void *path)
{
	if (*(char *)path != '\0')
		unlink(path);
}

/* See core.h. */
void
at_uploads_remove(struct at_req *req)
{
	struct at_param	*p;

	for (p = req->form; p != NULL; p = p->next)
		if (p->tmppath != NULL && p->tmppath[0] != '\0') {
			unlink(p->tmppath);
			/* The pool's copy: the cleanup sees it empty. */
			*(char *)p->tmppath = '\0';
		}
}

/* Reads more into the buffer: 0, or an HTTP status. */
static int
mp_fill(struct mp *m)
{
	long	 n;

	if (m->eof)
		return 0;
	n = m->rd(m->rdarg, m->buf + m->len, sizeof(m->buf) - m->len);
	if (n < 0) {
		m->errstr = "The upload was interrupted.";
		return 400;
	}
	if (n == 0) {
		m->eof = 1;
		return 0;
	}
	m->len += (size_t)n;
	m->total += (size_t)n;
	if (m->total > m->lim->max_body) {
		m->errstr = "What you sent is larger than this site accepts.";
		return 413;
	}
	return 0;
}

/* Drops the first n bytes of the buffer. */
static void
mp_consume(struct mp *m, size_t n)
{
	memmove(m->buf, m->buf + n, m->len - n);
	m->len -= n;
}

/* The boundary parameter of a Content-Type, or NULL. */
static char *
mp_boundary(struct at_pool *pool, const char *ctype)
{
	const char	*p, *e;
	size_t		 len;

	for (p = ctype; (p = strcasestr(p, "boundary=")) != NULL; p++)
		if (p == ctype || p[-1] == ';' || p[-1] == ' ' ||
		    p[-1] == '\t')
			break;
	if (p == NULL)
		return NULL;
	p += 9;
	if (*p == '"') {
		p++;
		if ((e = strchr(p, '"')) == NULL)
			return NULL;
	} else
		for (e = p; *e != '\0' && *e != ';' && *e != ' ' &&
		    *e != '\t'; e++)
			;
	len = (size_t)(e - p);
	if (len == 0 || len > MP_BOUNDARY)
		return NULL;
	return at_pstrndup(pool, p, len);
}

/*
 * The value of parameter key in a header like Content-Disposition
 * (form-data; name="a"; filename="b"), unquoted, or NULL.
 */
static char *
mp_hparam(struct at_pool *pool, const char *h, const char *key)
{
	const char	*p, *v;
	char		*out, *o;
	size_t		 klen = strlen(key);

	p = h;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		v = p + klen + 1;
		if (*v != '"') {
			for (p = v; *p != '\0' && *p != ';'; p++)
				;
			while (p > v && (p[-1] == ' ' || p[-1] == '\t'))
				p--;
			return at_pstrndup(pool, v, (size_t)(p - v));
		}
		o = out = at_palloc(pool, strlen(v));
		for (v++; *v != '\0' && *v != '"'; v++) {
			if (*v == '\\' && v[1] != '\0')
				v++;
			*o++ = *v;
		}
		if (*v != '"')
			return NULL;
		*o = '\0';
		return out;
	}
	return NULL;
}

/*
 * The file name as sent, reduced to its last path part with control
 * characters dropped: "../../x" and "C:\dir\x" both become "x".
 */
static char *
mp_basename(struct at_pool *pool, const char *name)
{
	const char	*b, *p;
	char		*out, *o;

	for (b = p = name; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	o = out = at_palloc(pool, strlen(b) + 1);
	for (; *b != '\0'; b++)
		if ((unsigned char)*b >= 0x20 && *b != 0x7f)
			*o++ = *b;
	*o = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		out[0] = '\0';
	return out;
}

/* Reads one part's headers into p; 0 or a status. */
static int
mp_headers(struct mp *m, struct at_param *p, int *isfile)
{
	char		*end, *line, *next, *hdrs, *disp = NULL;
	const char	*fname;
	size_t		 n;
	int		 rc;

	for (;;) {
		end = memmem(m->buf, m->len, "\r\n\r\n", 4);
		if (end != NULL)
			break;
		if (m->len > MP_HEADERS) {
			m->errstr = "A part of the form has headers that are "
			    "too long.";
			return 400;
		}
		if (m->eof) {
			m->errstr = "The upload was cut short.";
			return 400;
		}
		if ((rc = mp_fill(m)) != 0)
			return rc;
	}
	n = (size_t)(end - m->buf);
	hdrs = at_pstrndup(m->pool, m->buf, n);
	mp_consume(m, n + 4);
	if (strlen(hdrs) != n) {
		m->errstr = "The form data is malformed.";
		return 400;
	}
	for (line = hdrs; line != NULL; line = next) {
		if ((next = strstr(line, "\r\n")) != NULL) {
			*next = '\0';
			next += 2;
		}
		if (strncasecmp(line, "Content-Disposition:", 20) == 0)
			disp = line + 20;
		else if (strncasecmp(line, "Content-Type:", 13) == 0) {
			line += 13;
			while (*line == ' ' || *line == '\t')
				line++;
			p->ctype = line;
		}
	}
	if (disp == NULL || (p->name = mp_hparam(m->pool, disp, "name")) ==
	    NULL || p->name[0] == '\0') {
		m->errstr = "A part of the form has no name.";
		return 400;
	}
	fname = mp_hparam(m->pool, disp, "filename");
	*isfile = fname != NULL;
	if (fname != NULL)
		p->filename = mp_basename(m->pool, fname);
	return 0;
}

/* Writes n bytes of a file part, or adds them to a field's value. */
static int
mp_emit(struct mp *m, struct at_param *p, FILE *f, char **val,
    size_t *vlen, const char *data, size_t n)
{
	if (n == 0)
		return 0;
	if (f != NULL) {
		if ((size_t)p->size + n > m->lim->max_upload) {
			m->errstr = at_pprintf(m->pool, "The file is larger "
			    "than the %zu MB upload limit.",
			    m->lim->max_upload / (1024 * 1024));
			return 413;
		}
		if (fwrite(data, 1, n, f) != n) {
			log_warn("%s: write upload: %s", __func__,
			    strerror(errno));
			m->errstr = "The upload could not be stored.";
			return 500;
		}
		p->size += (off_t)n;
		return 0;
	}
	if (*vlen + n > m->lim->max_field) {
		m->errstr = "A form field is too long.";
		return 413;
	}
	*val = realloc(*val, *vlen + n + 1);
	if (*val == NULL)
		abort();
	memcpy(*val + *vlen, data, n);
	*vlen += n;
	return 0;
}

/* Streams one part's body up to the next delimiter; 0 or a status. */
static int
mp_body(struct mp *m, struct at_param *p, FILE *f)
{
	char	*hit, *val = NULL;
	size_t	 vlen = 0, safe;
	int	 rc;

	for (;;) {
		hit = memmem(m->buf, m->len, m->delim, m->dlen);
		if (hit != NULL) {
			rc = mp_emit(m, p, f, &val, &vlen, m->buf,
			    (size_t)(hit - m->buf));
			if (rc != 0)
				goto out;
			mp_consume(m, (size_t)(hit - m->buf) + m->dlen);
			break;
		}
		if (m->eof) {
			m->errstr = "The upload was cut short.";
			rc = 400;
			goto out;
		}
		/* Keep what could be the start of a delimiter. */
		if (m->len >= m->dlen) {
			safe = m->len - (m->dlen - 1);
			if ((rc = mp_emit(m, p, f, &val, &vlen, m->buf,
			    safe)) != 0)
				goto out;
			mp_consume(m, safe);
		}
		if ((rc = mp_fill(m)) != 0)
			goto out;
	}
	if (f == NULL) {
		if (val != NULL && memchr(val, '\0', vlen) != NULL) {
			m->errstr = "The form data is malformed.";
			rc = 400;
			goto out;
		}
		p->value = at_pstrndup(m->pool, val != NULL ? val : "", vlen);
		p->valsz = vlen;
	}
	rc = 0;
out:
	free(val);
	return rc;
}

/* See include/atrium/http.h. */
int
at_parse_multipart(struct at_pool *pool, const char *ctype, at_reader rd,
    void *rdarg, const struct at_limits *lim, const char *tmpdir,
    struct at_param **out, const char **errstr)
{
	struct mp	*m;
	struct at_param	*p, **tail, *files = NULL;
	char		*boundary, *start, path[4096];
	FILE		*f;
	size_t		 nfields = 0;
	int		 rc, isfile, fd;

	*out = NULL;
	tail = out;
	if ((boundary = mp_boundary(pool, ctype)) == NULL) {
		*errstr = "The form data has no valid boundary.";
		return 400;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		abort();
	m->pool = pool;
	m->rd = rd;
	m->rdarg = rdarg;
	m->lim = lim;
	m->dlen = (size_t)snprintf(m->delim, sizeof(m->delim), "\r\n--%s",
	    boundary);

	/* The first delimiter may open the body without a CRLF. */
	for (;;) {
		if (m->len >= m->dlen - 2 &&
		    memcmp(m->buf, m->delim + 2, m->dlen - 2) == 0) {
			mp_consume(m, m->dlen - 2);
			break;
		}
		if ((start = memmem(m->buf, m->len, m->delim, m->dlen)) !=
		    NULL) {
			mp_consume(m, (size_t)(start - m->buf) + m->dlen);
			break;
		}
		if (m->eof || m->len > MP_BUF / 2) {
			m->errstr = "The form data is malformed.";
			rc = 400;
			goto fail;
		}
		if ((rc = mp_fill(m)) != 0)
			goto fail;
	}

	for (;;) {
		/* After a delimiter: "--" ends, CRLF starts a part. */
		while (m->len < 2 && !m->eof)
			if ((rc = mp_fill(m)) != 0)
				goto fail;
		if (m->len >= 2 && m->buf[0] == '-' && m->buf[1] == '-')
			break;
		if (m->len < 2 || m->buf[0] != '\r' || m->buf[1] != '\n') {
			m->errstr = m->eof ? "The upload was cut short." :
			    "The form data is malformed.";
			rc = 400;
			goto fail;
		}
		mp_consume(m, 2);
		if (++nfields > lim->max_fields) {
			m->errstr = "The form has too many fields.";
			rc = 413;
			goto fail;
		}
		p = at_palloc(pool, sizeof(*p));
		if ((rc = mp_headers(m, p, &isfile)) != 0)
			goto fail;
		f = NULL;
		if (isfile) {
			snprintf(path, sizeof(path), "%s/upload-XXXXXX",
			    tmpdir);
			if ((fd = mkstemp(path)) == -1 ||
			    (f = fdopen(fd, "w")) == NULL) {
				log_warn("%s: %s: %s", __func__, path,
				    strerror(errno));
				if (fd != -1)
					close(fd);
				m->errstr = "The upload could not be stored.";
				rc = 500;
				goto fail;
			}
			p->tmppath = at_pstrdup(pool, path);
			at_pool_cleanup(pool, mp_unlink, (void *)p->tmppath);
			p->value = p->filename;
			/* Chain on the side so a failure can remove it. */
			p->next = files;
			files = p;
		}
		rc = mp_body(m, p, f);
		if (f != NULL && fclose(f) != 0 && rc == 0) {
			m->errstr = "The upload could not be stored.";
			rc = 500;
		}
		if (rc != 0)
			goto fail;
		if (isfile) {
			files = p->next;
			/* An empty file input sends no name and no data. */
			if (p->filename[0] == '\0' && p->size == 0) {
				unlink(p->tmppath);
				continue;
			}
		}
		p->next = NULL;
		*tail = p;
		tail = &p->next;
	}
	free(m);
	return 0;
fail:
	*errstr = m->errstr != NULL ? m->errstr :
	    "The form data is malformed.";
	for (p = *out; p != NULL; p = p->next)
		if (p->tmppath != NULL)
			unlink(p->tmppath);
	for (p = files; p != NULL; p = p->next)
		unlink(p->tmppath);
	*out = NULL;
	free(m);
	return rc;
}
