/* discover.c — turns PATH arguments into the sorted list of files to run: .wast files (the 2.0
 * suite, converted on the fly) and .json files (the pinned, pre-converted 3.0 suite). */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spec.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_script(const char *name)
{
	return ends_with(name, ".wast") || ends_with(name, ".json");
}

/* Labels are relative to a spec folder, so a full run prints "address.wast" and a proposal
 * "proposals/memory64/address.wast"; files elsewhere keep the path they were given. */
static const char *label_of(const char *path, const char *const dirs[SPEC_NDIRS])
{
	char real[PATH_MAX], base[PATH_MAX];
	static char label[PATH_MAX];

	for (unsigned i = 0; i < SPEC_NDIRS; i++) {
		size_t n;

		if (!dirs[i] || !realpath(path, real) || !realpath(dirs[i], base))
			continue;
		n = strlen(base);
		if (strncmp(real, base, n) == 0 && real[n] == '/') {
			snprintf(label, sizeof label, "%s", real + n + 1);
			return label;
		}
	}
	return path;
}

static bool add_file(struct spec_files *f, const char *path, const char *const dirs[SPEC_NDIRS])
{
	if (f->n == f->cap) {
		unsigned cap = f->cap ? 2 * f->cap : 64;
		char **paths = realloc(f->paths, cap * sizeof *paths);
		char **labels = paths ? realloc(f->labels, cap * sizeof *labels) : NULL;

		if (paths)
			f->paths = paths;
		if (!labels)
			return false;
		f->labels = labels;
		f->cap = cap;
	}
	f->paths[f->n] = strdup(path);
	f->labels[f->n] = strdup(label_of(path, dirs));
	f->n++;
	return f->paths[f->n - 1] && f->labels[f->n - 1];
}

/* strcmp, not alphasort's strcoll: the order must not depend on the locale. */
static int compare_names(const void *a, const void *b)
{
	return strcmp((*(struct dirent *const *)a)->d_name, (*(struct dirent *const *)b)->d_name);
}

/* Only the scripts directly inside: proposals/ holds other feature sets, run on request. */
static bool add_dir(struct spec_files *f, const char *dir, const char *const dirs[SPEC_NDIRS])
{
	struct dirent **names;
	char path[PATH_MAX];
	bool ok = true;
	int n = scandir(dir, &names, NULL, NULL);

	if (n < 0) {
		fprintf(stderr, "w2n-spec: cannot read folder %s\n", dir);
		return false;
	}
	qsort(names, (size_t)n, sizeof *names, compare_names);
	for (int i = 0; i < n; i++) {
		if (ok && is_script(names[i]->d_name)) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			ok = add_file(f, path, dirs);
		}
		free(names[i]);
	}
	free(names);
	if (!ok)
		fprintf(stderr, "w2n-spec: out of memory\n");
	return ok;
}

/* A relative PATH that is not in the current folder names something in a spec folder. */
static const char *resolve(const char *arg, const char *const dirs[SPEC_NDIRS], char *buf,
                           size_t size)
{
	struct stat st;

	if (arg[0] == '/' || stat(arg, &st) == 0)
		return arg;
	for (unsigned i = 0; i < SPEC_NDIRS; i++) {
		if (!dirs[i])
			continue;
		snprintf(buf, size, "%s/%s", dirs[i], arg);
		if (stat(buf, &st) == 0)
			return buf;
	}
	return arg;
}

bool spec_add_path(struct spec_files *f, const char *arg, const char *const dirs[SPEC_NDIRS])
{
	char buf[PATH_MAX];
	const char *path = resolve(arg, dirs, buf, sizeof buf);
	struct stat st;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "w2n-spec: %s: no such file or folder (nor in the spec folders)\n", arg);
		return false;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(f, path, dirs);
	if (!add_file(f, path, dirs)) {
		fprintf(stderr, "w2n-spec: out of memory\n");
		return false;
	}
	return true;
}

void spec_files_free(struct spec_files *f)
{
	for (unsigned i = 0; i < f->n; i++) {
		free(f->paths[i]);
		free(f->labels[i]);
	}
	free(f->paths);
	free(f->labels);
	*f = (struct spec_files){0};
}
