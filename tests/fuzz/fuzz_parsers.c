/*
 * Fuzz entry point for every parser that reads network bytes.  The first
 * byte picks the parser (urlencoded, cookies, multipart, path decoding),
 * the rest is the input.  Build with clang -fsanitize=fuzzer,address and
 * libFuzzer's main to fuzz; replay.c feeds the kept corpus to it in
 * `make check`, as a regression test.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fz_src {
	const uint8_t	*p;
	size_t		 left;
};

/* Hands the input out in uneven slices. */
static long
fz_read(void *arg, char *buf, size_t n)
{
	struct fz_src	*s = arg;

	if (n > 13)
		n = 13;
	if (n > s->left)
		n = s->left;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (long)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct at_limits lim = { 1 << 16, 1 << 12, 16, 256, 1024 };
	struct at_pool	*pool;
	struct at_param	*p;
	struct fz_src	 src;
	const char	*err;
	char		*s;

	if (size < 1)
		return 0;
	pool = at_pool_new();
	s = at_pstrndup(pool, (const char *)data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		at_parse_urlencoded(pool, (const char *)data + 1, size - 1,
		    &lim, &p, &err);
		break;
	case 1:
		at_parse_cookies(pool, s, &p);
		break;
	case 2:
		src.p = data + 1;
		src.left = size - 1;
		at_parse_multipart(pool, "multipart/form-data; boundary=XyZ",
		    fz_read, &src, &lim, "/tmp", &p, &err);
		break;
	default:
		at_url_decode(pool, (const char *)data + 1, size - 1, 1);
		at_url_encode(pool, s);
		break;
	}
	at_pool_free(pool);
	return 0;
}
