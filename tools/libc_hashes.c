/* libc_hashes — prints the libc_known.def rows for the routines a module defines
 * (tools/libc_hashes.sh runs it on modules linked against wasi-libc; docs/libc-routines.md).
 *
 *     libc_hashes FILE.wasm ORIGIN [MAP]
 *     libc_hashes FILE.wasm --match    (what the compiler recognizes, by index and name)
 *
 * MAP is binaryen's --print-function-map output (INDEX:NAME lines), for modules that wasm-opt
 * wrote without a name section (as clang runs it). This is where names are used, once, at development time: a function is labelled by its name
 * in the name section, and so are its callees. The compiler matches bodies by hash only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/libc_match.h"
#include "wasm2native/wasm2native.h"

static const char *const ids[W2N_LIBC_COUNT] = {"NONE",   "MEMCPY", "MEMMOVE", "MEMSET",
                                                "MEMCHR", "MEMCMP", "STRLEN",  "STRCHRNUL",
                                                "STRCHR", "STRCMP"};

/* Function names from a --print-function-map file, by index (NULL: none). */
static char **map_names;
static uint32_t map_len;

static void read_map(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		uint32_t i = (uint32_t)strtoul(line, NULL, 10);
		if (i >= map_len) {
			map_names = realloc(map_names, (i + 1) * sizeof *map_names);
			memset(map_names + map_len, 0, (i + 1 - map_len) * sizeof *map_names);
			map_len = i + 1;
		}
		colon[strcspn(colon, "\n")] = 0;
		map_names[i] = strdup(colon + 1);
	}
	if (f)
		fclose(f);
}

/* The routine a function's name says it is, or NONE. */
static int by_name(const struct w2n_module *m, uint32_t func)
{
	const struct w2n_bytes *n = &m->funcs[func].name;
	const char *name = func < map_len ? map_names[func] : NULL;
	for (int fn = 1; fn < W2N_LIBC_COUNT; fn++) {
		const char *s = w2n_libc_name(fn);
		if (name ? !strcmp(name, s) : n->len == strlen(s) && !memcmp(n->ptr, s, n->len))
			return fn;
	}
	return W2N_LIBC_NONE;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fputs("usage: libc_hashes FILE.wasm ORIGIN [MAP]\n", stderr);
		return 2;
	}
	if (argc == 4)
		read_map(argv[3]);
	struct w2n_diag dg = {0};
	size_t size;
	uint8_t *bytes = w2n_read_file(argv[1], &size, &dg);
	struct w2n_module *m = bytes ? w2n_decode(bytes, size, argv[1], &dg) : NULL;
	if (!m || !w2n_validate(m, &dg))
		return 1;
	if (!strcmp(argv[2], "--match")) {
		uint8_t *fns = w2n_libc_match(m);
		for (uint32_t i = 0; i < m->nfuncs; i++)
			if (fns[i])
				printf("%u %.*s: %s\n", i, (int)m->funcs[i].name.len,
				       (const char *)m->funcs[i].name.ptr, w2n_libc_name(fns[i]));
		free(fns);
		return 0;
	}
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		int fn = by_name(m, i);
		if (fn == W2N_LIBC_NONE)
			continue;
		uint32_t callees[8], n;
		uint64_t h = w2n_libc_body_hash(m, i, callees, &n, 8);
		if (n > 2) {
			fprintf(stderr, "libc_hashes: %s makes %u calls; skipped\n", w2n_libc_name(fn), n);
			continue;
		}
		const char *calls[2] = {"NONE", "NONE"};
		for (uint32_t k = 0; k < n; k++)
			calls[k] = ids[by_name(m, callees[k])];
		printf("W2N_LIBC_BODY(0x%016llxull, %s, %s, %s, \"%s\")\n", (unsigned long long)h, ids[fn],
		       calls[0], calls[1], argv[2]);
	}
	w2n_module_free(m);
	free(bytes);
	return 0;
}
