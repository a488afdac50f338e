/*
 * Merge fields, Markdown escaping and line diffs for contracts (see
 * merge.h).  Only the pool of libatrium is used.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/atrium.h>
#include <atrium/money.h>

#include "merge.h"

#define CT_NAME_MAX	48
#define CT_DIFF_MAX	2000

const char *const ct_known[] = {
	"client.name", "client.address", "project.name", "agency.name",
	"today", "fee.total", NULL
};

/*
 * Reads the field starting at p (just after "{{") into name (at most
 * CT_NAME_MAX bytes, NUL-terminated) and sets *end just past "}}".  0,
 * or -1 when there is no "}}" soon enough or the name has other
 * characters than [a-z0-9_.].
 */
static int
ct_field_at(const char *p, char *name, const char **end)
{
	size_t	 n = 0;

	while (*p == ' ')
		p++;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	    *p == '_' || *p == '.') {
		if (n == CT_NAME_MAX)
			return -1;
		name[n++] = *p++;
	}
	name[n] = '\0';
	while (*p == ' ')
		p++;
	if (n == 0 || p[0] != '}' || p[1] != '}')
		return -1;
	*end = p + 2;
	return 0;
}

/* 1 when name is a known field or custom.NAME, else 0. */
static int
ct_name_ok(const char *name)
{
	const char *const *k;
	const char	*s;

	for (k = ct_known; *k != NULL; k++)
		if (strcmp(*k, name) == 0)
			return 1;
	if (strncmp(name, "custom.", 7) != 0 || name[7] == '\0' ||
	    strlen(name + 7) > 40)
		return 0;
	for (s = name + 7; *s != '\0'; s++)
		if (*s == '.')
			return 0;
	return 1;
}

/* A sentence for a malformed field starting at p (in pool). */
static const char *
ct_bad_field(struct at_pool *pool, const char *p)
{
	size_t	 n = strcspn(p, "\n");

	if (n > 30)
		n = 30;
	return at_pprintf(pool, "The merge field starting “{{%s” is not "
	    "written right: write {{name}} with a known name.",
	    at_pstrndup(pool, p, n));
}

/*
 * The fields of text, checked (merge.h).
 */
int
ct_fields(struct at_pool *pool, const char *text, const char ***custom,
    const char **err)
{
	const char	*p, *end, **list = NULL;
	char		 name[CT_NAME_MAX + 1];
	size_t		 n = 0, cap = 0, i;

	for (p = text; (p = strstr(p, "{{")) != NULL; p = end) {
		if (ct_field_at(p + 2, name, &end) == -1) {
			*err = ct_bad_field(pool, p + 2);
			return 1;
		}
		if (!ct_name_ok(name)) {
			*err = at_pprintf(pool, "Unknown merge field "
			    "{{%s}}: use one of client.name, client.address, "
			    "project.name, agency.name, today, fee.total or "
			    "custom.NAME.", name);
			return 1;
		}
		if (custom == NULL || strncmp(name, "custom.", 7) != 0)
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(list[i], name) == 0)
				break;
		if (i < n)
			continue;
		if (n + 1 >= cap) {
			const char	**nl;

			cap = cap == 0 ? 8 : cap * 2;
			nl = at_palloc(pool, cap * sizeof(*nl));
			if (n > 0)
				memcpy(nl, list, n * sizeof(*nl));
			list = nl;
		}
		list[n++] = at_pstrdup(pool, name);
	}
	if (custom != NULL) {
		if (list == NULL)
			list = at_palloc(pool, sizeof(*list));
		list[n] = NULL;
		*custom = list;
	}
	return 0;
}

/*
 * value escaped for Markdown (merge.h).
 */
char *
ct_md_escape(struct at_pool *pool, const char *value)
{
	const unsigned char *s;
	char		*out, *o;

	/* At most three bytes out for each in ("\\\n" for a line break). */
	out = o = at_palloc(pool, strlen(value) * 3 + 1);
	for (s = (const unsigned char *)value; *s != '\0'; s++) {
		if (*s == '\r')
			continue;
		if (*s == '\n') {
			*o++ = '\\';
			*o++ = '\n';
			continue;
		}
		if (*s < 0x20 || *s == 0x7f)
			continue;
		if ((*s >= 0x21 && *s <= 0x2f) || (*s >= 0x3a && *s <= 0x40) ||
		    (*s >= 0x5b && *s <= 0x60) || (*s >= 0x7b && *s <= 0x7e))
			*o++ = '\\';
		*o++ = (char)*s;
	}
	*o = '\0';
	return out;
}

/* A growing string in pool. */
struct ct_buf {
	struct at_pool	*pool;
	char		*s;
	size_t		 len, cap;
};

/* Appends n bytes of p to b. */
static void
ct_put(struct ct_buf *b, const char *p, size_t n)
{
	char	*ns;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		ns = at_palloc(b->pool, b->cap);
		if (b->len > 0)
			memcpy(ns, b->s, b->len);
		b->s = ns;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/*
 * text merged with kv (merge.h).
 */
int
ct_merge(struct at_pool *pool, const char *text, const struct ct_kv *kv,
    size_t nkv, char **out, const char **err)
{
	struct ct_buf	 b;
	const char	*p, *q, *end, *v;
	char		 name[CT_NAME_MAX + 1];
	size_t		 i;

	if (ct_fields(pool, text, NULL, err) != 0)
		return 1;
	memset(&b, 0, sizeof(b));
	b.pool = pool;
	ct_put(&b, "", 0);
	for (p = text; (q = strstr(p, "{{")) != NULL; p = end) {
		ct_put(&b, p, (size_t)(q - p));
		if (ct_field_at(q + 2, name, &end) == -1) {
			*err = ct_bad_field(pool, q + 2);
			return 1;
		}
		v = NULL;
		for (i = 0; i < nkv; i++)
			if (strcmp(kv[i].name, name) == 0) {
				v = kv[i].value;
				break;
			}
		if (v == NULL || *v == '\0') {
			*err = at_pprintf(pool, "The merge field {{%s}} has "
			    "no value here%s.", name,
			    strncmp(name, "custom.", 7) == 0 ? ": fill it in" :
			    strcmp(name, "project.name") == 0 ?
			    ": choose a project" :
			    strcmp(name, "client.address") == 0 ?
			    ": enter the client's address" : "");
			return 1;
		}
		v = ct_md_escape(pool, v);
		ct_put(&b, v, strlen(v));
	}
	ct_put(&b, p, strlen(p));
	*out = b.s;
	return 0;
}

/* Splits text into lines (without their '\n'); *n of them, in pool. */
static const char **
ct_lines(struct at_pool *pool, const char *text, size_t *n)
{
	const char	**l, *p, *e;
	size_t		 cap = 1, i = 0;

	for (p = text; *p != '\0'; p++)
		if (*p == '\n')
			cap++;
	l = at_palloc(pool, cap * sizeof(*l));
	for (p = text; *p != '\0'; p = *e == '\n' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		l[i++] = at_pstrndup(pool, p, (size_t)(e - p - (e > p &&
		    e[-1] == '\r' ? 1 : 0)));
	}
	*n = i;
	return l;
}

/*
 * The line diff of a and b (merge.h): the common head and tail are kept
 * as they are, the middle is compared by longest common subsequence.
 */
int
ct_diff(struct at_pool *pool, const char *a, const char *b,
    struct ct_dline **out, size_t *n)
{
	const char	**la, **lb;
	size_t		 na, nb, pre = 0, suf = 0, ma, mb, i, j, k = 0;
	uint16_t	*t;
	struct ct_dline	*d;

	la = ct_lines(pool, a, &na);
	lb = ct_lines(pool, b, &nb);
	while (pre < na && pre < nb && strcmp(la[pre], lb[pre]) == 0)
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    strcmp(la[na - 1 - suf], lb[nb - 1 - suf]) == 0)
		suf++;
	ma = na - pre - suf;
	mb = nb - pre - suf;
	if (ma > CT_DIFF_MAX || mb > CT_DIFF_MAX)
		return -1;
	d = at_palloc(pool, (na + nb + 1) * sizeof(*d));
	for (i = 0; i < pre; i++) {
		d[k].op = ' ';
		d[k++].text = la[i];
	}
	/* t[i][j]: the LCS length of the middles' suffixes from i and j. */
	t = calloc((ma + 1) * (mb + 1), sizeof(*t));
	if (t == NULL)
		return -1;
#define T(x, y)	t[(x) * (mb + 1) + (y)]
	for (i = ma; i-- > 0;)
		for (j = mb; j-- > 0;)
			T(i, j) = strcmp(la[pre + i], lb[pre + j]) == 0 ?
			    T(i + 1, j + 1) + 1 : (T(i + 1, j) >= T(i, j + 1) ?
			    T(i + 1, j) : T(i, j + 1));
	i = j = 0;
	while (i < ma || j < mb) {
		if (i < ma && j < mb && strcmp(la[pre + i], lb[pre + j]) == 0) {
			d[k].op = ' ';
			d[k++].text = la[pre + i];
			i++;
			j++;
		} else if (i < ma && (j == mb || T(i + 1, j) >= T(i, j + 1))) {
			d[k].op = '-';
			d[k++].text = la[pre + i++];
		} else {
			d[k].op = '+';
			d[k++].text = lb[pre + j++];
		}
	}
#undef T
	free(t);
	for (i = na - suf; i < na; i++) {
		d[k].op = ' ';
		d[k++].text = la[i];
	}
	*out = d;
	*n = k;
	return 0;
}

/*
 * Fee lines parsed (merge.h).
 */
int
ct_fees_parse(struct at_pool *pool, const char *text, const char *cur,
    struct ct_fee **out, size_t *n, int64_t *total, const char **err)
{
	const struct at_currency *c;
	const char	**l, *bar, *e;
	char		*d, *a;
	size_t		 nl, i, k = 0;
	int64_t		 sum = 0, v;
	struct ct_fee	*f;

	if ((c = at_currency(cur)) == NULL) {
		*err = "Choose a currency by its code (EUR, USD ...).";
		return 1;
	}
	l = ct_lines(pool, text != NULL ? text : "", &nl);
	f = at_palloc(pool, (nl + 1) * sizeof(*f));
	for (i = 0; i < nl; i++) {
		if (l[i][strspn(l[i], " \t")] == '\0')
			continue;
		if ((bar = strrchr(l[i], '|')) == NULL) {
			*err = at_pprintf(pool, "Fee line %zu: write "
			    "“Description | amount”.", i + 1);
			return 1;
		}
		d = at_pstrndup(pool, l[i], (size_t)(bar - l[i]));
		while (*d == ' ' || *d == '\t')
			d++;
		for (a = d + strlen(d); a > d && (a[-1] == ' ' ||
		    a[-1] == '\t'); a--)
			a[-1] = '\0';
		if (*d == '\0' || strlen(d) > 500) {
			*err = at_pprintf(pool, "Fee line %zu: say what the "
			    "fee is for (at most 500 bytes).", i + 1);
			return 1;
		}
		if (at_money_parse(bar + 1, c, NULL, 0, &v, &e) == -1) {
			*err = at_pprintf(pool, "Fee line %zu: %s", i + 1, e);
			return 1;
		}
		if (at_money_add(sum, v, &sum) == -1) {
			*err = "The fees are too large.";
			return 1;
		}
		f[k].description = d;
		f[k++].amount = v;
	}
	*out = f;
	*n = k;
	*total = sum;
	return 0;
}
