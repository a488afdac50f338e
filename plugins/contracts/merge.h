/*
 * The contracts plugin's pure parts, free of the database and of
 * requests so tests/unit/check_contracts.c covers them whole: the merge
 * fields of templates ({{client.name}}, {{custom.start_week}}), the
 * escaping of the values merged into Markdown, and the line diff drawn
 * between two versions of a contract.
 */
#ifndef CONTRACTS_MERGE_H
#define CONTRACTS_MERGE_H

#include <stddef.h>
#include <stdint.h>

struct at_pool;

/* A merge field's name and its value (NULL: it has none here). */
struct ct_kv {
	const char	*name;
	const char	*value;
};

/*
 * The names a template may use besides custom.NAME: client.name,
 * client.address, project.name, agency.name, today, fee.total.  NULL
 * ends the list.
 */
extern const char *const ct_known[];

/*
 * Checks the merge fields of text: each {{ name }} must be a known name
 * or custom.NAME (NAME: [a-z0-9_], 1 to 40 bytes).  0 when all are; 1
 * with *err a sentence naming the first unknown or malformed field (in
 * pool).  The custom fields, each once in order of appearance, go into
 * *custom (in pool, NULL-terminated) when custom is not NULL.
 */
int	 ct_fields(struct at_pool *, const char *text, const char ***custom,
	    const char **err);

/*
 * Merges text with the values kv (nkv of them): each {{ name }} becomes
 * its value escaped for Markdown (ct_md_escape).  0 with *out the merged
 * text (in pool); 1 with *err a sentence (in pool) when a field is
 * unknown, malformed or has no value (never an empty gap).
 */
int	 ct_merge(struct at_pool *, const char *text, const struct ct_kv *kv,
	    size_t nkv, char **out, const char **err);

/*
 * value as literal Markdown text (in pool): every ASCII punctuation
 * character is backslash-escaped, so a value never makes a heading, a
 * link, emphasis, HTML or another merge field; a line break becomes a
 * hard line break inside the paragraph; other control characters are
 * dropped.
 */
char	*ct_md_escape(struct at_pool *, const char *value);

/* One line of a diff: ' ' in both, '-' only in the old, '+' only in the new. */
struct ct_dline {
	char		 op;
	const char	*text;
};

/*
 * The line diff of a (old) and b (new): the fewest lines removed and
 * added (longest common subsequence).  *out (in pool) holds *n lines.
 * 0, or -1 when the texts are too long to compare (more than 4000 lines
 * each).
 */
int	 ct_diff(struct at_pool *, const char *a, const char *b,
	    struct ct_dline **out, size_t *n);

/* A fee line: what for, and its amount in minor units. */
struct ct_fee {
	const char	*description;
	int64_t		 amount;
};

/*
 * Parses fee lines "Description | amount" (one a line, blank lines
 * skipped; the amount as people write it under the "en" rule) in
 * currency cur: *out (in pool) holds *n lines, *total their sum.  0, or
 * 1 with *err a sentence naming the line (in pool).
 */
int	 ct_fees_parse(struct at_pool *, const char *text, const char *cur,
	    struct ct_fee **out, size_t *n, int64_t *total, const char **err);

#endif
