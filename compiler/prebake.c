/* prebake.c — running a module's initialization at build time (docs/prebake.md).
 *
 * The module, compiled for this machine, is linked with the runtime's snapshot driver
 * (runtime/snapshot_main.c) into a temporary executable and run as a child process, deny by
 * default like any executable: it gets only the --prebake-dir/--prebake-env grants, an empty
 * stdin, and the build's stdout and stderr. It instantiates the module, calls the init export
 * and writes the state to a temporary file on fd W2N_SNAPSHOT_FD, or a refusal that this file
 * turns into a diagnostic positioned in the .wasm file. Every temporary file is removed
 * before returning, whatever happened. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "wasm2native/grants.h"
#include "wasm2native/prebake.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasm2native.h"

extern char **environ;

static const char *init_name(const struct w2n_prebake_options *po)
{
	return po->init_func ? po->init_func : W2N_DEFAULT_INIT_FUNC;
}

static bool name_is(struct w2n_bytes b, const char *s)
{
	return b.len == strlen(s) && memcmp(b.ptr, s, b.len) == 0;
}

static const struct w2n_export *find_export(const struct w2n_module *m, const char *name)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (name_is(m->exports[i].name, name))
			return &m->exports[i];
	return NULL;
}

/* ---- what can be known before running anything ------------------------------------------ */

/* "[i32 i64] -> [f32]", cut to fit. */
static void type_text(const struct w2n_functype *t, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "[");
	for (uint32_t i = 0; i < t->nparams + t->nresults && n < size; i++) {
		const char *sep = i == t->nparams ? "] -> [" : i > 0 ? " " : "";
		n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, w2n_valtype_name(t->types[i]));
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s", t->nresults == 0 ? "] -> []" : "]");
}

static bool check_init_export(const struct w2n_module *m, const char *name, struct w2n_diag *dg)
{
	static const char *const kinds[] = {"a function", "a table", "a memory", "a global"};
	const struct w2n_export *e = find_export(m, name);
	if (!e) {
		w2n_report(dg, W2N_ERROR, m->filename, -1,
		           "cannot pre-bake: the module exports no function '%s' to initialize it "
		           "(name another export with --init-func NAME)",
		           name);
		return false;
	}
	if (e->kind != W2N_EXT_FUNC) {
		w2n_report(dg, W2N_ERROR, m->filename, e->pos,
		           "cannot pre-bake: the export '%s' is %s, not a function", name, kinds[e->kind]);
		return false;
	}
	const struct w2n_functype *t = &m->types[m->funcs[e->index].type];
	if (t->nparams != 0 || t->nresults != 0) {
		char type[256];
		type_text(t, type, sizeof type);
		w2n_report(dg, W2N_ERROR, m->filename, e->pos,
		           "cannot pre-bake: the initialization function '%s' must take and return "
		           "nothing (its type is %s)",
		           name, type);
		return false;
	}
	return true;
}

/* The imported global a constant expression reads, or NULL: directly, or (3.0) through a
 * defined global whose initializer reads one; such globals precede the reader, so the
 * recursion ends. Extended constant expressions may hold several global.get. */
static const struct w2n_import *reads_import(const struct w2n_module *m, const struct w2n_expr *e)
{
	for (uint32_t i = 0; i < e->len; i++) {
		if (e->code[i].op != W2N_OP_GLOBAL_GET)
			continue;
		const struct w2n_global *g = &m->globals[e->code[i].imm.idx.a];
		const struct w2n_import *imp =
			g->import >= 0 ? &m->imports[g->import] : reads_import(m, &g->init);
		if (imp)
			return imp;
	}
	return NULL;
}

/* State computed from an imported global at instantiation would be baked with the stand-in's
 * zero, not the value the host gives at run time: refuse it here, where we can see it. */
static bool refuse_import_read(const struct w2n_module *m, const struct w2n_expr *e, uint32_t pos,
                               const char *what, uint32_t index, struct w2n_diag *dg)
{
	const struct w2n_import *imp = reads_import(m, e);
	if (!imp)
		return false;
	w2n_report(dg, W2N_ERROR, m->filename, pos,
	           "cannot pre-bake: %s %u is computed from imported global %.*s.%.*s, whose value "
	           "exists only at run time",
	           what, index, (int)imp->module.len, (const char *)imp->module.ptr,
	           (int)imp->field.len, (const char *)imp->field.ptr);
	return true;
}

static bool check_import_reads(const struct w2n_module *m, struct w2n_diag *dg)
{
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		if (refuse_import_read(m, &m->globals[i].init, m->globals[i].pos, "global", i, dg))
			return false;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct w2n_elem *el = &m->elems[i];
		if (el->mode == W2N_SEG_ACTIVE &&
		    refuse_import_read(m, &el->offset, el->pos, "element segment", i, dg))
			return false;
		for (uint32_t k = 0; k < el->count; k++)
			if (refuse_import_read(m, &el->inits[k], el->pos, "element segment", i, dg))
				return false;
	}
	for (uint32_t i = 0; i < m->ndatas; i++)
		if (m->datas[i].mode == W2N_SEG_ACTIVE &&
		    refuse_import_read(m, &m->datas[i].offset, m->datas[i].pos, "data segment", i, dg))
			return false;
	return true;
}

bool w2n_prebake_check(const struct w2n_module *m, const struct w2n_prebake_options *po,
                       struct w2n_diag *dg)
{
	return check_init_export(m, init_name(po), dg) && check_import_reads(m, dg);
}

/* ---- the temporary files ------------------------------------------------------------------ */

struct temps {
	char dir[64];
	char grants[96], data[96], exe[96], snapshot[96];
};

static bool make_temps(struct temps *t, struct w2n_diag *dg)
{
	snprintf(t->dir, sizeof t->dir, "%s", "/tmp/wasm2native-prebake-XXXXXX");
	if (!mkdtemp(t->dir)) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot create a temporary folder: %s",
		           strerror(errno));
		return false;
	}
	snprintf(t->grants, sizeof t->grants, "%s/grants.o", t->dir);
	snprintf(t->data, sizeof t->data, "%s/data.o", t->dir);
	snprintf(t->exe, sizeof t->exe, "%s/init", t->dir);
	snprintf(t->snapshot, sizeof t->snapshot, "%s/snapshot", t->dir);
	return true;
}

static void remove_temps(const struct temps *t)
{
	unlink(t->grants);
	unlink(t->data);
	unlink(t->exe);
	unlink(t->snapshot);
	rmdir(t->dir);
}

/* The snapshot driver executable: the host object, the active data segments' bytes (which
 * only the driver gets: w2n_emit_active_data), the initialization's grants (sealed: the build's
 * own WASM2NATIVE_GRANTS must not reach it) and the runtime, with the driver's entry in place
 * of the default program and the descriptor under the name the driver looks for. */
static bool link_driver(const struct w2n_module *m, const struct w2n_compile_options *co,
                        const char *host_obj, const struct w2n_prebake_options *po,
                        const struct temps *t, struct w2n_diag *dg)
{
	const char **items = calloc(po->ngrants + 1, sizeof *items);
	if (!items)
		return false;
	for (size_t i = 0; i < po->ngrants; i++)
		items[i] = po->grants[i];
	items[po->ngrants] = "--no-launch-grants";
	const char *host = w2n_target_find(NULL)->triple;
	bool ok = w2n_emit_grants(items, po->ngrants + 1, host, t->grants, dg) &&
	          w2n_emit_active_data(m, co, t->data, dg);
	free(items);
	char module[128];
	snprintf(module, sizeof module, "w2n_prebake_module=%s_module",
	         co->prefix ? co->prefix : "w2n");
	const char *defsyms[] = {"w2n_main=w2n_snapshot_main", module, NULL};
	const char *inputs[] = {host_obj, t->data, t->grants};
	struct w2n_link_options lo = {.triple = host, .strip = true, .defsyms = defsyms};
	return ok && w2n_link(inputs, 3, t->exe, &lo, dg);
}

/* ---- running it --------------------------------------------------------------------------- */

/* The build's environment without WASM2NATIVE_GRANTS (grants for the initialization are the
 * --prebake-* options only); --prebake-env NAME reads the rest. */
static char **child_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 1, sizeof *env);
	size_t k = 0;
	size_t len = strlen(W2N_GRANTS_ENV);
	for (size_t i = 0; env && i < n; i++)
		if (strncmp(environ[i], W2N_GRANTS_ENV, len) != 0 || environ[i][len] != '=')
			env[k++] = environ[i];
	return env;
}

/* A run_driver result: the initialization was killed at its time limit. */
#define TIMED_OUT (-2)

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Waits for `pid` for at most limit_ms (0: no limit), then kills it: its wait status, -1 on a
 * wait error, or TIMED_OUT. Polls with a growing pause (1 to 16 ms): an initialization usually
 * ends within milliseconds, and a child cannot be waited for with a timeout otherwise without
 * taking over SIGCHLD, which belongs to the program linking the compiler. */
static int wait_bounded(pid_t pid, uint32_t limit_ms)
{
	uint64_t start = now_ms();
	long pause_ns = 1000000;
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, limit_ms ? WNOHANG : 0);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && now_ms() - start >= limit_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return TIMED_OUT;
		}
		if (r == 0) {
			nanosleep(&(struct timespec){0, pause_ns}, NULL);
			pause_ns = pause_ns < 16000000 ? 2 * pause_ns : pause_ns;
		}
	}
}

/* Runs the driver with the snapshot file as its fd W2N_SNAPSHOT_FD; returns its wait status,
 * TIMED_OUT, or -1 after reporting. */
static int run_driver(const struct temps *t, int fd, const struct w2n_prebake_options *po,
                      struct w2n_diag *dg)
{
	const char *argv[] = {t->exe, init_name(po), po->guest_name ? po->guest_name : "init", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, W2N_SNAPSHOT_FD);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	char **env = child_env();
	pid_t pid;
	int rc = env ? posix_spawn(&pid, t->exe, &fa, NULL, (char *const *)argv, env) : ENOMEM;
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	if (rc != 0) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot run the initialization: %s", strerror(rc));
		return -1;
	}
	return wait_bounded(pid, po->timeout_ms);
}

static uint8_t *read_fd(int fd, size_t *size)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return NULL;
	uint8_t *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r == 0 || (r < 0 && errno != EINTR)) {
			free(buf);
			return NULL;
		}
		got += r > 0 ? (size_t)r : 0;
	}
	*size = got;
	return buf;
}

/* Where a refusal points in the .wasm file, or -1. */
static int64_t place_pos(const struct w2n_module *m, const char *init, uint32_t place,
                         uint32_t index)
{
	const struct w2n_export *e = find_export(m, init);
	switch (place) {
	case W2N_PLACE_INIT:
		return e ? e->pos : -1;
	case W2N_PLACE_START:
		return m->has_start ? m->start_pos : -1;
	case W2N_PLACE_IMPORT:
		return index < m->nimports ? m->imports[index].pos : -1;
	case W2N_PLACE_GLOBAL:
		return index < m->nglobals ? m->globals[index].pos : -1;
	case W2N_PLACE_TABLE:
		return index < m->ntables ? m->tables[index].pos : -1;
	default:
		return -1;
	}
}

/* A refusal record (snapshot.h) as a positioned diagnostic. */
static void report_refusal(const struct w2n_module *m, const char *init, const uint8_t *f,
                           size_t size, struct w2n_diag *dg)
{
	uint32_t head[4] = {0, 0, 0, 0}; /* status, place, index, length */
	if (size < 24 || memcmp(f, W2N_SNAPSHOT_MAGIC, 8) != 0 ||
	    (memcpy(head, f + 8, 16), head[3] > size - 24)) {
		w2n_report(dg, W2N_ERROR, m->filename, -1,
		           "internal error: the snapshot driver wrote a malformed refusal");
		return;
	}
	w2n_report(dg, W2N_ERROR, m->filename, place_pos(m, init, head[1], head[2]),
	           "cannot pre-bake: %.*s", (int)head[3], (const char *)f + 24);
}

/* The outcome of the driver's run: its snapshot, or NULL after reporting why there is none. */
static struct w2n_snapshot *outcome(const struct w2n_module *m,
                                    const struct w2n_prebake_options *po, int status, int fd,
                                    struct w2n_diag *dg)
{
	const char *init = init_name(po);
	size_t size = 0;
	if (status == TIMED_OUT) {
		const struct w2n_export *e = find_export(m, init);
		w2n_report(dg, W2N_ERROR, m->filename, e ? e->pos : -1,
		           "cannot pre-bake: '%s' did not return within %.3g s (--prebake-timeout)", init,
		           po->timeout_ms / 1000.0);
		return NULL;
	}
	if (status < 0)
		return NULL;
	uint8_t *file = read_fd(fd, &size);
	if (!file)
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot read the snapshot file");
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return w2n_snapshot_parse(m, file, size, dg);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		report_refusal(m, init, file, size, dg);
	else if (WIFSIGNALED(status))
		w2n_report(dg, W2N_ERROR, m->filename, -1,
		           "cannot pre-bake: the initialization crashed (signal %d, %s)", WTERMSIG(status),
		           strsignal(WTERMSIG(status)));
	else
		w2n_report(dg, W2N_ERROR, m->filename, -1,
		           "cannot pre-bake: the initialization failed (exit status %d)",
		           WEXITSTATUS(status));
	free(file);
	return NULL;
}

struct w2n_snapshot *w2n_prebake(const struct w2n_module *m, const struct w2n_compile_options *co,
                                 const char *host_obj, const struct w2n_prebake_options *po,
                                 struct w2n_diag *dg)
{
	struct temps t;
	if (!make_temps(&t, dg))
		return NULL;
	struct w2n_snapshot *s = NULL;
	int fd = -1;
	if (link_driver(m, co, host_obj, po, &t, dg)) {
		fd = open(t.snapshot, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			w2n_report(dg, W2N_ERROR, t.snapshot, -1, "cannot create: %s", strerror(errno));
	}
	if (fd >= 0) {
		s = outcome(m, po, run_driver(&t, fd, po, dg), fd, dg);
		close(fd);
	}
	if (s != NULL) /* w2n_prebake_check found it */
		s->init_func = find_export(m, init_name(po))->index;
	remove_temps(&t);
	return s;
}
