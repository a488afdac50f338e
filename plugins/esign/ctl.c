/*
 * The plugin's atriumctl commands:
 *
 *	atriumctl esign init            the site's signing key (0600) and a
 *	                                self-signed certificate in storage
 *	atriumctl esign verify FILE.pdf whether this site sealed FILE and it
 *	                                is unchanged since; the audit summary
 *
 * verify works offline: it reads the certificate file only.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "esign.h"

/* esign init: a new key and certificate; refuses to replace them. */
static int
ctl_init(const struct at_site *site, struct at_pool *pool)
{
	const char	*key, *cert, *dir;
	char		 err[512];
	struct stat	 st;

	es_key_paths(site, pool, &key, &cert);
	if (stat(key, &st) == 0) {
		fprintf(stderr, "atriumctl: %s exists already: the site has "
		    "its signing key (remove it first to make a new one; "
		    "documents sealed before stay valid)\n", key);
		return 1;
	}
	dir = at_pprintf(pool, "%s/esign", at_site_storage(site));
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "atriumctl: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (es_key_create(key, cert, at_site_brand_name(site), 3650, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "atriumctl: %s\n", err);
		return 1;
	}
	printf("signing key: %s (mode 0600)\ncertificate: %s (self-signed, "
	    "10 years, for %s)\n", key, cert, at_site_brand_name(site));
	return 0;
}

/* Reads the whole file at path (malloc'd); NULL when it cannot. */
static unsigned char *
ctl_read(const char *path, size_t *len)
{
	FILE		*fp;
	unsigned char	*b = NULL;
	struct stat	 st;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) == 0 && st.st_size > 0 &&
	    (b = malloc((size_t)st.st_size)) != NULL &&
	    fread(b, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		free(b);
		b = NULL;
	}
	fclose(fp);
	*len = b != NULL ? (size_t)st.st_size : 0;
	return b;
}

/* esign verify FILE: 0 when this site sealed it and it is unchanged. */
static int
ctl_verify(const struct at_site *site, struct at_pool *pool,
    const char *path)
{
	struct es_verdict v;
	const char	*key, *cert;
	unsigned char	*pdf;
	X509		*x = NULL;
	FILE		*fp;
	size_t		 len;
	char		 sha[65];
	int		 rc;

	if ((pdf = ctl_read(path, &len)) == NULL) {
		fprintf(stderr, "atriumctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	es_key_paths(site, pool, &key, &cert);
	if ((fp = fopen(cert, "r")) != NULL) {
		x = PEM_read_X509(fp, NULL, NULL, NULL);
		fclose(fp);
	}
	if (x == NULL)
		fprintf(stderr, "atriumctl: %s: the site's certificate cannot "
		    "be read; checking the signature only\n", cert);
	rc = es_verify(pdf, len, x, &v);
	es_sha256_hex(pdf, len, sha);
	free(pdf);
	X509_free(x);
	if (rc == -1) {
		fprintf(stderr, "atriumctl: out of memory\n");
		return 1;
	}
	printf("file:      %s\nsha256:    %s\n", path, sha);
	if (rc == 0 && v.by_key)
		printf("result:    VALID: sealed by this site, unchanged "
		    "since\n");
	else if (rc == 0)
		printf("result:    NOT sealed by this site (signed by %s)\n",
		    v.subject);
	else
		printf("result:    INVALID: %s\n", v.why);
	if (v.subject[0] != '\0')
		printf("signer:    %s\n", v.subject);
	if (v.when[0] != '\0')
		printf("sealed:    %s\n", v.when);
	if (v.ts_when[0] != '\0')
		printf("timestamp: %s (RFC 3161, of this signature)\n",
		    v.ts_when);
	else if (v.intact)
		printf("timestamp: none\n");
	if (v.has_sig)
		printf("ranges:    [0 %lld] [%lld %lld]\n", v.range[1],
		    v.range[2], v.range[3]);
	if (rc == 0 && v.audit[0] != '\0')
		printf("audit summary:\n%s", v.audit);
	return rc == 0 && v.by_key ? 0 : 1;
}

/* atriumctl esign ...: see the top of the file. */
static int
ctl_esign(const struct at_site *site, struct at_db *(*db)(void), int argc,
    char **argv)
{
	struct at_pool	*pool = at_pool_new();
	int		 rc = 2;

	(void)db;
	if (argc == 2 && strcmp(argv[1], "init") == 0)
		rc = ctl_init(site, pool);
	else if (argc == 3 && strcmp(argv[1], "verify") == 0)
		rc = ctl_verify(site, pool, argv[2]);
	else
		fprintf(stderr, "usage: atriumctl esign init | esign verify "
		    "FILE.pdf\n");
	at_pool_free(pool);
	return rc;
}

/* See esign.h. */
void
es_ctl_register(struct at_registry *reg)
{
	at_reg_command(reg, "esign", ctl_esign, "esign init | esign verify "
	    "FILE.pdf");
}
