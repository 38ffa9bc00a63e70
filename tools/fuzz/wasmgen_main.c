/* wasmgen — writes the module wasmgen.c generates from a file of bytes (or from a seed).
 *
 *   wasmgen INPUT OUTPUT.wasm        the module for INPUT's bytes (as the codegen fuzzer sees it)
 *   wasmgen --seed N OUTPUT.wasm     the module for 16 KiB of bytes drawn from seed N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmgen.h"

static unsigned char *seeded(unsigned long long seed, size_t *n)
{
	unsigned char *p = malloc(16384);
	for (size_t i = 0; p && i < 16384; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		p[i] = (unsigned char)(seed >> 56);
	}
	*n = 16384;
	return p;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long size;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)size + 1)) != NULL)
		*n = fread(p, 1, (size_t)size, f);
	fclose(f);
	return p;
}

int main(int argc, char **argv)
{
	size_t n = 0, len = 0;
	unsigned char *in;
	const char *out;
	if (argc == 4 && !strcmp(argv[1], "--seed")) {
		in = seeded(strtoull(argv[2], NULL, 0), &n);
		out = argv[3];
	} else if (argc == 3) {
		in = slurp(argv[1], &n);
		out = argv[2];
	} else {
		fprintf(stderr, "usage: wasmgen INPUT OUTPUT.wasm | wasmgen --seed N OUTPUT.wasm\n");
		return 2;
	}
	if (!in) {
		fprintf(stderr, "wasmgen: cannot read %s\n", argv[1]);
		return 1;
	}
	unsigned char *m = wasmgen(in, n, &len);
	FILE *f = fopen(out, "wb");
	if (!m || !f || fwrite(m, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "wasmgen: cannot write %s\n", out);
		return 1;
	}
	free(m);
	free(in);
	return 0;
}
