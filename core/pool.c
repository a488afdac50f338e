/*
 * Memory pools (include/atrium/pool.h).  A pool is a chain of blocks
 * handed out by bumping a pointer; large requests get a block of their
 * own.  Cleanups run in reverse order of registration when the pool is
 * reset or freed.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atrium/pool.h>

#define POOL_BLOCK	(16 * 1024)
#define POOL_ALIGN	16

struct pool_block {
	struct pool_block *next;
	size_t		 size;
	size_t		 used;
	/* data follows, aligned */
};

struct pool_cleanup {
	struct pool_cleanup *next;
	void		(*fn)(void *);
	void		*data;
};

struct at_pool {
	struct pool_block *first;	/* kept across resets */
	struct pool_block *blocks;	/* newest first, ends with first */
	struct pool_cleanup *cleanups;
};

#define BLOCK_DATA(b)	((char *)(b) + \
	((sizeof(struct pool_block) + POOL_ALIGN - 1) & ~(POOL_ALIGN - 1)))
#define BLOCK_HEAD	((sizeof(struct pool_block) + POOL_ALIGN - 1) & \
	~(POOL_ALIGN - 1))

/*
 * Allocates with malloc or aborts: running out of memory ends the worker,
 * and the master starts a new one.
 */
static void *
pool_xmalloc(size_t sz)
{
	void	*p;

	if ((p = malloc(sz)) == NULL) {
		fprintf(stderr, "atrium: out of memory (%zu bytes)\n", sz);
		abort();
	}
	return p;
}

/* A new block able to hold at least sz bytes. */
static struct pool_block *
pool_block_new(size_t sz)
{
	struct pool_block *b;
	size_t		 size;

	size = sz > POOL_BLOCK ? sz : POOL_BLOCK;
	b = pool_xmalloc(BLOCK_HEAD + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/* A new pool with one block; freed with at_pool_free(). */
struct at_pool *
at_pool_new(void)
{
	struct at_pool	*p;

	p = pool_xmalloc(sizeof(*p));
	p->first = p->blocks = pool_block_new(POOL_BLOCK);
	p->cleanups = NULL;
	return p;
}

/* Runs the cleanups and frees every block but the first. */
void
at_pool_reset(struct at_pool *p)
{
	struct pool_cleanup *c;
	struct pool_block *b, *next;

	/* A cleanup may register another (or allocate): loop until none. */
	while ((c = p->cleanups) != NULL) {
		p->cleanups = c->next;
		c->fn(c->data);
	}
	for (b = p->blocks; b != p->first; b = next) {
		next = b->next;
		free(b);
	}
	p->blocks = p->first;
	p->first->used = 0;
}

/* Resets and frees the pool. */
void
at_pool_free(struct at_pool *p)
{
	if (p == NULL)
		return;
	at_pool_reset(p);
	free(p->first);
	free(p);
}

/* sz zeroed bytes, aligned, living until the pool is reset. */
void *
at_palloc(struct at_pool *p, size_t sz)
{
	struct pool_block *b;
	size_t		 need;
	char		*mem;

	need = (sz + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
	if (need < sz)
		abort();
	b = p->blocks;
	if (b->size - b->used < need) {
		b = pool_block_new(need);
		if (need > POOL_BLOCK / 4 && p->blocks != p->first) {
			/* A big one: keep bumping in the current block. */
			b->next = p->blocks->next;
			p->blocks->next = b;
		} else {
			b->next = p->blocks;
			p->blocks = b;
		}
	}
	mem = BLOCK_DATA(b) + b->used;
	b->used += need;
	memset(mem, 0, sz);
	return mem;
}

/* A copy of s in the pool; NULL gives NULL. */
char *
at_pstrdup(struct at_pool *p, const char *s)
{
	if (s == NULL)
		return NULL;
	return at_pstrndup(p, s, strlen(s));
}

/* A NUL-terminated copy of the first n bytes of s. */
char *
at_pstrndup(struct at_pool *p, const char *s, size_t n)
{
	char	*d;

	if (n == SIZE_MAX)
		abort();
	d = at_palloc(p, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* vsnprintf into the pool. */
char *
at_pvprintf(struct at_pool *p, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;
	char	*s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	s = at_palloc(p, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* snprintf into the pool. */
char *
at_pprintf(struct at_pool *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = at_pvprintf(p, fmt, ap);
	va_end(ap);
	return s;
}

/* Registers fn(data) to run at reset; the record lives in the pool. */
void
at_pool_cleanup(struct at_pool *p, void (*fn)(void *), void *data)
{
	struct pool_cleanup *c;

	c = at_palloc(p, sizeof(*c));
	c->fn = fn;
	c->data = data;
	c->next = p->cleanups;
	p->cleanups = c;
}
