/*
 * Passwords and tokens with libsodium: Argon2id hashes, random tokens
 * as base64url, and the SHA-256 under which tokens are stored.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core.h"

/* NULL when pw is acceptable: 12 to 1024 characters, no other rule. */
const char *
at_password_policy(const char *pw)
{
	size_t		 n = 0;
	const unsigned char *p;

	if (pw == NULL)
		return "Enter a password.";
	if (strlen(pw) > 1024)
		return "Use at most 1024 characters.";
	/* Count code points: bytes that do not continue a UTF-8 sequence. */
	for (p = (const unsigned char *)pw; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	if (n < 12)
		return "Use at least 12 characters.";
	return NULL;
}

/* The Argon2id string for pw in the pool, or NULL. */
char *
at_password_hash(struct at_pool *pool, const char *pw)
{
	char	 out[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str_alg(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)
	    != 0)
		return NULL;
	return at_pstrdup(pool, out);
}

/* 1 when pw matches hash. */
int
at_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* n random bytes as base64url without padding, in the pool. */
char *
at_token(struct at_pool *pool, size_t n)
{
	unsigned char	 raw[64];
	char		*out;
	size_t		 len;

	if (n > sizeof(raw))
		n = sizeof(raw);
	randombytes_buf(raw, n);
	len = sodium_base64_encoded_len(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out = at_palloc(pool, len);
	sodium_bin2base64(out, len, raw, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* SHA-256 of token as 64 hex digits, in the pool. */
char *
at_token_hash(struct at_pool *pool, const char *token)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		*out;

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	out = at_palloc(pool, sizeof(h) * 2 + 1);
	sodium_bin2hex(out, sizeof(h) * 2 + 1, h, sizeof(h));
	return out;
}

/*
 * Takes one of the site's Argon2 slots (half the workers, at least one;
 * lock files in storage/locks shared by every process of the site), waiting at most a quarter of a second.  The slot's descriptor,
 * or -1 when every slot stayed busy: the caller answers without hashing,
 * so sign-ins cannot hold every worker.  at_argon2_release() frees it.
 */
int
at_argon2_acquire(const struct at_site *site)
{
	char	 path[4096];
	int	 slots, i, tries, fd;

	slots = site->workers / 2 > 0 ? site->workers / 2 : 1;
	snprintf(path, sizeof(path), "%s/locks", site->storage);
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		log_warn("%s: mkdir %s: %s", __func__, path, strerror(errno));
		return -1;
	}
	for (tries = 0; tries < 5; tries++) {
		for (i = 0; i < slots; i++) {
			snprintf(path, sizeof(path), "%s/locks/argon2-%d.lock",
			    site->storage, i);
			fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
			if (fd == -1) {
				log_warn("%s: %s: cannot open", __func__,
				    path);
				return -1;
			}
			if (flock(fd, LOCK_EX | LOCK_NB) == 0)
				return fd;
			close(fd);
		}
		if (tries < 4)
			usleep(50000);
	}
	return -1;
}

/* Frees a slot from at_argon2_acquire(). */
void
at_argon2_release(int fd)
{
	if (fd != -1)
		close(fd);
}
