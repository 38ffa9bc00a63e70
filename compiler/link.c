/* link.c — static linking with ld.lld (LLVM 19) as a subprocess, against the runtime archive
 * built for the target. */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"

extern char **environ;

#ifndef W2N_LD_LLD
#define W2N_LD_LLD "ld.lld-19"
#endif
#ifndef W2N_BUILD_RUNTIME_DIR
#define W2N_BUILD_RUNTIME_DIR ""
#endif
/* Meson's libdir, where `meson install` puts the runtime archives: relative to the prefix
 * (lib/x86_64-linux-gnu on Debian), or absolute. */
#ifndef W2N_INSTALL_LIBDIR
#define W2N_INSTALL_LIBDIR "lib"
#endif

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Runtime archives live in per-target folders named after the target: x86_64-linux, ...
 * Lookup order: $W2N_RUNTIME_DIR/<target>, then <prefix>/<libdir>/wasm2native/<target> next to
 * an installed compiler (<prefix> = bin/..), then the build tree the compiler was built in. */
const char *w2n_runtime_dir(const char *triple)
{
	static char path[PATH_MAX];
	const struct w2n_target *t = w2n_target_find(triple);
	if (!t)
		return NULL;
	const char *name = t->name;
	const char *env = getenv("W2N_RUNTIME_DIR");
	if (env && *env) {
		snprintf(path, sizeof path, "%s/%s", env, name);
		return path;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			if (W2N_INSTALL_LIBDIR[0] == '/')
				snprintf(path, sizeof path, "%s/wasm2native/%s", W2N_INSTALL_LIBDIR, name);
			else
				snprintf(path, sizeof path, "%s/../%s/wasm2native/%s", exe, W2N_INSTALL_LIBDIR,
				         name);
			if (is_dir(path))
				return path;
		}
	}
	snprintf(path, sizeof path, "%s/%s", W2N_BUILD_RUNTIME_DIR, name);
	return path;
}

static bool run(char *const argv[], struct w2n_diag *dg)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot run the linker '%s': %s", argv[0],
		           strerror(rc));
		return false;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	w2n_report(dg, W2N_ERROR, NULL, -1, "the linker '%s' failed (status %d)", argv[0],
	           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return false;
}

bool w2n_link(const char *const *inputs, size_t n, const char *out_path,
              const struct w2n_link_options *opt, struct w2n_diag *dg)
{
	const struct w2n_target *t = w2n_target_find(opt->triple);
	if (!t) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "unknown target '%s' (supported: %s)", opt->triple,
		           w2n_target_names());
		return false;
	}
	const char *dir = opt->runtime_dir ? opt->runtime_dir : w2n_runtime_dir(t->name);
	char archive[PATH_MAX];
	snprintf(archive, sizeof archive, "%s/libw2n_rt.a", dir);
	if (access(archive, R_OK) != 0) {
		w2n_report(dg, W2N_ERROR, archive, -1,
		           "runtime library not found for target %s "
		           "(set W2N_RUNTIME_DIR)",
		           t->name);
		return false;
	}
	size_t ndefsyms = 0;
	while (opt->defsyms && opt->defsyms[ndefsyms])
		ndefsyms++;
	const char **argv = calloc(n + 2 * ndefsyms + 16, sizeof *argv);
	if (!argv)
		return false;
	size_t k = 0;
	argv[k++] = opt->linker ? opt->linker : W2N_LD_LLD;
	for (size_t i = 0; i < ndefsyms; i++) {
		argv[k++] = "--defsym";
		argv[k++] = opt->defsyms[i];
	}
	argv[k++] = "-static";
	argv[k++] = "--gc-sections";
	argv[k++] = "-z";
	argv[k++] = "noexecstack";
	if (opt->strip)
		argv[k++] = "--strip-all";
	argv[k++] = "-o";
	argv[k++] = out_path;
	for (size_t i = 0; i < n; i++)
		argv[k++] = inputs[i];
	argv[k++] = archive;
	argv[k] = NULL;
	bool ok = run((char *const *)argv, dg);
	free(argv);
	return ok;
}

bool w2n_link_relocatable(const char *const *inputs, size_t n, const char *out_path,
                          struct w2n_diag *dg)
{
	const char **argv = calloc(n + 5, sizeof *argv);
	if (!argv)
		return false;
	size_t k = 0;
	argv[k++] = W2N_LD_LLD;
	argv[k++] = "-r";
	argv[k++] = "-o";
	argv[k++] = out_path;
	for (size_t i = 0; i < n; i++)
		argv[k++] = inputs[i];
	argv[k] = NULL;
	bool ok = run((char *const *)argv, dg);
	free(argv);
	return ok;
}
