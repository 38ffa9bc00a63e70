/* wast2json.c — converts one .wast into JSON + module files in a private temp folder.
 *
 * We run wabt's wast2json ourselves (rather than reading a pre-converted tree) so that a test run
 * always matches the pinned .wast files, and each file gets its own folder: parallel children
 * never share output names.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spec.h"

extern char **environ;

/* Proposal folders hold only what their proposal adds, so each needs its feature enabled;
 * the top level (Wasm 2.0) converts with the defaults. */
static const struct {
	const char *folder, *flag;
} proposals[] = {
	{"exception-handling", "--enable-exceptions"},
	{"extended-const", "--enable-extended-const"},
	{"memory64", "--enable-memory64"},
	{"multi-memory", "--enable-multi-memory"},
	{"relaxed-simd", "--enable-relaxed-simd"},
	{"tail-call", "--enable-tail-call"},
	{"threads", "--enable-threads"},
};

static const char *feature_flag(const char *wast)
{
	const char *p = strstr(wast, "proposals/");

	if (!p)
		return NULL;
	p += strlen("proposals/");
	for (size_t i = 0; i < sizeof proposals / sizeof proposals[0]; i++) {
		size_t n = strlen(proposals[i].folder);

		if (strncmp(p, proposals[i].folder, n) == 0 && p[n] == '/')
			return proposals[i].flag;
	}
	return NULL;
}

/* Reads up to errsize-1 bytes of wast2json's output, for the report. */
static void read_log(const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(err, 1, errsize - 1, f) : 0;

	err[n] = 0;
	while (n > 0 && err[n - 1] == '\n')
		err[--n] = 0;
	if (f)
		fclose(f);
}

static int run(const char *prog, char *const argv[], const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = strchr(prog, '/') ? posix_spawn(&pid, prog, &fa, NULL, argv, environ)
	                       : posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -rc;
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void spec_json_name(const char *wast, char *buf, size_t size)
{
	const char *base = strrchr(wast, '/') ? strrchr(wast, '/') + 1 : wast;
	size_t n = strlen(base);

	if (n > 5 && strcmp(base + n - 5, ".wast") == 0)
		n -= 5;
	snprintf(buf, size, "%.*s.json", (int)n, base);
}

bool spec_make_dir(char *dir)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, PATH_MAX, "%s/w2n-spec-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) != NULL;
}

bool spec_convert(const char *wast2json, const char *wast, const char *dir, const char *json_name,
                  char *err, size_t errsize)
{
	char json[PATH_MAX], log[PATH_MAX];

	snprintf(json, sizeof json, "%s/%s", dir, json_name);
	snprintf(log, sizeof log, "%s/wast2json.log", dir);

	const char *flag = feature_flag(wast);
	char *argv[] = {(char *)wast2json, (char *)wast, "-o", json, (char *)flag, NULL};
	int rc = run(wast2json, argv, log);

	if (rc < 0) {
		snprintf(err, errsize, "cannot run %s: %s", wast2json, strerror(-rc));
		return false;
	}
	if (rc != 0) {
		int n = snprintf(err, errsize, "%s failed (status %d): ", wast2json, rc);
		read_log(log, err + n, errsize - (size_t)n);
		return false;
	}
	return true;
}

void spec_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	/* Only files are created in it: wast2json writes flat, next to the JSON. */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(dir);
}
