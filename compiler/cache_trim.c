/* cache_trim.c — keeps the cache of compiled parts under a size (compile.h, docs/cache.md).
 *
 * Least recently used entries go first: a hit refreshes its entry's modification time
 * (cache.c), so the time says when an entry was last written or used, whatever the file
 * system's atime policy. Only a compile that stored entries trims, so a compile served wholly
 * from the cache does not scan the folder. Another compile may be reading an entry while it is
 * removed: it either has the file open (unlinking does not disturb it) or misses and compiles
 * the part again. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"

/* A leftover temporary file of a compile that died between writing and renaming. */
#define STALE_TMP_SECONDS 3600

struct entry {
	char *path;
	struct timespec used;
	uint64_t size;
};

struct entries {
	struct entry *v;
	size_t n, cap;
	uint64_t total;
};

static bool push(struct entries *es, const char *path, const struct stat *st)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? 2 * es->cap : 256;
		struct entry *v = realloc(es->v, cap * sizeof *v);
		if (!v)
			return false;
		es->v = v;
		es->cap = cap;
	}
	char *copy = strdup(path);
	if (!copy)
		return false;
	es->v[es->n++] = (struct entry){copy, st->st_mtim, (uint64_t)st->st_size};
	es->total += (uint64_t)st->st_size;
	return true;
}

/* Adds the entries of one of the 256 subfolders, and removes its stale temporary files. */
static bool scan_subdir(struct entries *es, const char *sub, time_t now)
{
	DIR *d = opendir(sub);
	if (!d)
		return true;
	bool ok = true;
	struct dirent *e;
	char path[4096];
	while (ok && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		bool object = len > 2 && !strcmp(e->d_name + len - 2, ".o");
		bool tmp = strstr(e->d_name, ".tmp") != NULL;
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
		if ((!object && !tmp) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (object)
			ok = push(es, path, &st);
		else if (now - st.st_mtim.tv_sec > STALE_TMP_SECONDS)
			unlink(path);
	}
	closedir(d);
	return ok;
}

static int oldest_first(const void *a, const void *b)
{
	const struct timespec *x = &((const struct entry *)a)->used;
	const struct timespec *y = &((const struct entry *)b)->used;
	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return (x->tv_nsec > y->tv_nsec) - (x->tv_nsec < y->tv_nsec);
}

void w2n_cache_trim(const char *dir, uint64_t max_bytes)
{
	if (!dir || max_bytes == 0 || !w2n_cache_take_stored())
		return;
	struct entries es = {0};
	time_t now = time(NULL);
	bool ok = true;
	char sub[4096];
	for (int i = 0; i < 256 && ok; i++) {
		snprintf(sub, sizeof sub, "%s/%02x", dir, i);
		ok = scan_subdir(&es, sub, now);
	}
	/* Down to 90 % of the cap, so that the next compiles do not each trim a little. */
	if (ok && es.total > max_bytes) {
		qsort(es.v, es.n, sizeof *es.v, oldest_first);
		uint64_t goal = max_bytes - max_bytes / 10;
		for (size_t i = 0; i < es.n && es.total > goal; i++)
			if (unlink(es.v[i].path) == 0)
				es.total -= es.v[i].size;
	}
	for (size_t i = 0; i < es.n; i++)
		free(es.v[i].path);
	free(es.v);
}
