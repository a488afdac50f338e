/*
 * Replays every file of the kept fuzz corpus (tests/fuzz/corpus) through
 * the fuzz entry point: any crash or sanitizer report fails `make check`.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char *argv[])
{
	const char	*dir = argc > 1 ? argv[1] : AT_FUZZ_CORPUS;
	DIR		*d;
	struct dirent	*e;
	char		 path[4096];
	uint8_t		*buf;
	size_t		 n;
	FILE		*f;
	int		 count = 0;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return 1;
	}
	if ((buf = malloc(1 << 20)) == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		count++;
	}
	closedir(d);
	free(buf);
	printf("replayed %d corpus files\n", count);
	return count > 0 ? 0 : 1;
}
