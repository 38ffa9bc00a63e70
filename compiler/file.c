/* file.c — reading an input file whole. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/wasm2native.h"

uint8_t *w2n_read_file(const char *path, size_t *size, struct w2n_diag *dg)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		w2n_report(dg, W2N_ERROR, path, -1, "cannot open file: %s", strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		uint8_t *bigger = realloc(buf, cap * 2);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	if (!buf || ferror(f)) {
		w2n_report(dg, W2N_ERROR, path, -1, "cannot read file: %s",
		           buf ? strerror(errno) : "out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = len;
	return buf;
}
