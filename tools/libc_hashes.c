/* libc_hashes — prints the libc_known.def rows for the routines a module defines
 * (tools/libc_hashes.sh runs it on modules linked against wasi-libc; docs/libc-routines.md).
 *
 *     libc_hashes FILE.wasm ORIGIN [MAP]
 *     libc_hashes FILE.wasm --match    (what the compiler recognizes, by index and name)
 *
 * MAP is binaryen's --print-function-map output (INDEX:NAME lines), for modules that wasm-opt
 * wrote without a name section (as clang runs it). This is where names are used, once, at development time: a function is labelled by its name
 * in the name section, and so are its callees. The compiler matches bodies by hash only. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/libc_match.h"
#include "wasm2native/wasm2native.h"

/* The FN column's spelling of each routine (enum w2n_libc_fn without its prefix). */
static const char *const ids[W2N_LIBC_COUNT] = {
	[W2N_LIBC_NONE] = "NONE",
	[W2N_LIBC_MEMCPY] = "MEMCPY",
	[W2N_LIBC_MEMMOVE] = "MEMMOVE",
	[W2N_LIBC_MEMSET] = "MEMSET",
	[W2N_LIBC_MEMCHR] = "MEMCHR",
	[W2N_LIBC_MEMCMP] = "MEMCMP",
	[W2N_LIBC_STRLEN] = "STRLEN",
	[W2N_LIBC_STRCHRNUL] = "STRCHRNUL",
	[W2N_LIBC_STRCHR] = "STRCHR",
	[W2N_LIBC_STRCMP] = "STRCMP",
	[W2N_LIBC_STRSTR] = "STRSTR",
	[W2N_LIBC_MEMCHR_NUL] = "MEMCHR_NUL",
	[W2N_LIBC_TWOWAY_STRSTR] = "TWOWAY_STRSTR",
	[W2N_LIBC_FOURBYTE_STRSTR] = "FOURBYTE_STRSTR",
};

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
static int by_name_only(const struct w2n_module *m, uint32_t func)
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

/* Also by name, but a memchr with two parameters is the one binaryen specialized for c = 0. */
static int by_name(const struct w2n_module *m, uint32_t func)
{
	int fn = by_name_only(m, func);
	if (fn == W2N_LIBC_MEMCHR && m->types[m->funcs[func].type].nparams == 2)
		return W2N_LIBC_MEMCHR_NUL;
	return fn;
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
		uint8_t *fns = w2n_libc_match(m, 0, m->nfuncs);
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
		char calls[256] = "";
		bool known_calls = n <= 8;
		for (uint32_t k = 0; k < n && known_calls; k++) {
			int callee = by_name(m, callees[k]);
			known_calls = callee != W2N_LIBC_NONE;
			snprintf(calls + strlen(calls), sizeof calls - strlen(calls), "%s%s", k ? "," : "",
			         w2n_libc_name(callee));
		}
		if (!known_calls) { /* it calls something else: it can never match */
			fprintf(stderr, "libc_hashes: %s calls other functions; skipped\n", w2n_libc_name(fn));
			continue;
		}
		printf("W2N_LIBC_BODY(0x%016llxull, %s, \"%s\", \"%s\")\n", (unsigned long long)h, ids[fn],
		       calls, argv[2]);
	}
	w2n_module_free(m);
	free(bytes);
	return 0;
}
