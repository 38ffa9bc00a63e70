/* groups.c — the feature group of a 3.0 suite file, and whether the runner runs it.
 *
 * The pinned 3.0 suite (../shared/spec-testsuite-3.0) files every .wast under one feature group
 * in its per-file-status.tsv. Groups whose feature wasm2native does not implement yet are not
 * run: every command of their files is skipped with the group's reason, and counted. That is
 * decided before anything runs, by this table (the feature each group tests) and the
 * feature's IMPLEMENTED column in features.def (spec_group_skip, frontend.c); a module rejected while running is never
 * turned into a skip after the fact (feature use inside files of a run group is found by the
 * decoder's own feature table, see frontend.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define STATUS_FILE "per-file-status.tsv"

/* Every group of the tsv and the feature its files test; whether it runs follows from the
 * feature's IMPLEMENTED column in features.def (spec_group_skip). */
static const struct spec_group groups[] = {
	{"core (MVP/2.0 + other 3.0 changes)", "core", W2N_FEAT_MVP},
	{"SIMD (fixed-width)", "SIMD", W2N_FEAT_SIMD},
	{"annotations + custom sections", "annotations", W2N_FEAT_MVP},
	{"multi-memory", "multi-memory", W2N_FEAT_MULTIMEM},
	{"memory64 / table64", "memory64", W2N_FEAT_MEMORY64},
	{"function references", "func-refs", W2N_FEAT_FUNCREFS},
	{"tail calls", "tail-calls", W2N_FEAT_TAILCALL},
	{"exceptions (try_table/exnref)", "exceptions", W2N_FEAT_EXCEPTIONS},
	{"relaxed SIMD", "relaxed-SIMD", W2N_FEAT_RELAXED_SIMD},
	/* Out of issue 13's scope: garbage collection needs a collector in the runtime. */
	{"GC", "GC", W2N_FEAT_GC},
	{"proposal: custom-descriptors", "custom-descriptors", W2N_FEAT_GC},
	{"proposal: custom-page-sizes", "custom-page-sizes", W2N_FEAT_PAGE_SIZES},
	{"proposal: threads", "threads", W2N_FEAT_THREADS},
	{"proposal: wide-arithmetic", "wide-arithmetic", W2N_FEAT_WIDE_ARITH},
};

/* The tsv files f64.wast and i64.wast under memory64 (its keyword scan found nothing for them,
 * its features column is empty): both are the core numeric tests and declare no memory. */
static const struct {
	const char *file, *group;
} overrides[] = {
	{"f64.wast", "core (MVP/2.0 + other 3.0 changes)"},
	{"i64.wast", "core (MVP/2.0 + other 3.0 changes)"},
};

static const struct spec_group *group_named(const char *name)
{
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(groups[i].tsv_name, name) == 0)
			return &groups[i];
	return NULL;
}

const struct spec_group *spec_group_at(unsigned i)
{
	return i < sizeof groups / sizeof groups[0] ? &groups[i] : NULL;
}

/* A group the tsv names but this table does not: run, and shown by its tsv name. */
static const struct spec_group unknown = {"?", "unknown group", W2N_FEAT_MVP};

/* Opens the tsv in the folder above `real` (a resolved JSON path) or up to three above that;
 * `key` gets the file's name as the tsv writes it: relative to the tsv's folder, without
 * "json/", ending in ".wast" instead of ".json". */
static FILE *find_status(const char *real, char *key, size_t size)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];

	snprintf(dir, sizeof dir, "%s", real);
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(dir, '/');
		FILE *f;

		if (!slash || slash == dir)
			return NULL;
		*slash = 0;
		snprintf(path, sizeof path, "%s/%s", dir, STATUS_FILE);
		if ((f = fopen(path, "r"))) {
			const char *rel = real + strlen(dir) + 1;

			if (strncmp(rel, "json/", 5) == 0)
				rel += 5;
			snprintf(key, size, "%.*s.wast", (int)(strlen(rel) - strlen(".json")), rel);
			return f;
		}
	}
	return NULL;
}

/* The group column of `key`'s row, or NULL. */
static const struct spec_group *lookup_row(FILE *f, const char *key)
{
	char line[1024];
	size_t n = strlen(key);

	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t'), *end = tab ? strchr(tab + 1, '\t') : NULL;

		if (!end || (size_t)(tab - line) != n || strncmp(line, key, n) != 0)
			continue;
		*end = 0;
		const struct spec_group *g = group_named(tab + 1);
		return g ? g : &unknown;
	}
	return NULL;
}

const struct spec_group *spec_group_of(const char *json)
{
	char real[PATH_MAX], key[PATH_MAX];
	const struct spec_group *g = NULL;
	FILE *f = realpath(json, real) ? find_status(real, key, sizeof key) : NULL;

	if (!f)
		return NULL;
	for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++)
		if (strcmp(overrides[i].file, key) == 0)
			g = group_named(overrides[i].group);
	if (!g)
		g = lookup_row(f, key);
	fclose(f);
	return g;
}
