/* snapshot_main.c — the snapshot driver: the program of the host-native build that
 * `wasm2native --prebake` runs at build time (compiler/prebake.c, docs/prebake.md).
 *
 * Its own archive member with its own entry, w2n_snapshot_main: the compiler links it with
 * --defsym=w2n_main=w2n_snapshot_main, so ordinary executables never contain it. It is run as
 *
 *     snapshot-driver INIT-EXPORT GUEST-ARG0 [GUEST-ARGS...]
 *
 * with the snapshot file open as fd W2N_SNAPSHOT_FD, and does what an executable does up to
 * the point where its state is worth keeping: instantiate the module (start function and
 * active segments run here, once), call the init export, then write the instance's state, or a
 * refusal saying why that state cannot be baked. Exit status: 0 written, 1 refused (a refusal
 * record written), 2 anything else (said on stderr).
 *
 * Imports other than WASI exist only at run time, so they get stand-ins made from the import's
 * type: a function that refuses when called, a zeroed memory of the minimum size, a table of
 * nulls, a zero global. After initialization the stand-ins must be as they were: a change to
 * an object the executable's host will provide cannot be baked into the executable. */
#include "rt.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasi.h"

#define EXIT_REFUSED 1
#define EXIT_FAILED  2

/* The module, under whatever --prefix it was compiled with (the compiler defines this symbol
 * as an alias of <prefix>_module at link time). */
extern const struct w2n_module_desc w2n_prebake_module;

/* One stand-in per import, indexed like desc->imports. */
struct standin {
	struct w2n_vmctx vmctx; /* a function's: tells the stub which import was called */
	struct w2n_funcref funcref;
	struct w2n_table *table;
	struct w2n_memory *memory;
	union w2n_val cell;
};

struct driver {
	const struct w2n_module_desc *desc;
	struct w2n_wasi *wasi;
	struct standin *standins;
	uint32_t next_import; /* the resolver is asked in import order (link.c) */
};

/* The run's driver (for the stand-in functions), and whether a stand-in function was called:
 * a call into a host that will exist only at run time, which initialization must not make.
 * `called_import` names the import, or is UINT32_MAX if the stub could not tell which. */
static struct driver *the_driver;
static bool called;
static uint32_t called_import;

/* Called with the caller's arguments, of which only the first, the stand-in's vmctx, is
 * looked at, and only if it is one of ours: a multi-value result returned through a hidden
 * pointer would come first on x86-64. */
static _Noreturn void standin_called(struct w2n_vmctx *vmctx)
{
	const struct driver *d = the_driver;
	called = true;
	called_import = UINT32_MAX;
	for (uint32_t i = 0; i < d->desc->nimports; i++)
		if (vmctx == &d->standins[i].vmctx)
			called_import = i;
	w2n_rt_trap(NULL, W2N_TRAP_UNREACHABLE, UINT32_MAX);
}

static void standin_array_call(struct w2n_vmctx *vmctx, union w2n_val *vals)
{
	standin_called(vmctx);
}

/* The canonical id of the module's type `index` (0 when out of memory): computed with those
 * of the types before it, which it may name. */
static uint32_t type_id(const struct w2n_module_desc *desc, uint32_t index)
{
	uint32_t *ids = w2n_calloc(index + 1, sizeof *ids);
	uint32_t id = ids != NULL && w2n_module_type_ids(desc, index + 1, ids) ? ids[index] : 0;
	w2n_free(ids);
	return id;
}

static bool make_standin(struct driver *d, uint32_t i, struct w2n_extern *out)
{
	const struct w2n_desc_import *imp = &d->desc->imports[i];
	struct standin *s = &d->standins[i];
	const struct w2n_desc_limits *l = &imp->limits;
	struct w2n_error err;
	*out = (struct w2n_extern){.kind = imp->kind};
	switch (imp->kind) {
	case W2N_EXT_FUNC:
		s->funcref = (struct w2n_funcref){.code = (void *)standin_called,
		                                  .vmctx = &s->vmctx,
		                                  .array_call = standin_array_call,
		                                  .type_id = type_id(d->desc, imp->type)};
		out->u.func = &s->funcref;
		return s->funcref.type_id != 0;
	case W2N_EXT_TABLE:
		s->table =
			w2n_table_new((uint8_t)imp->type, l->min < UINT32_MAX ? (uint32_t)l->min : UINT32_MAX,
		                  l->has_max && l->max < UINT32_MAX ? (uint32_t)l->max : UINT32_MAX, &err);
		if (s->table != NULL)
			s->table->is64 = l->is64;
		out->u.table = s->table;
		return s->table != NULL;
	case W2N_EXT_MEMORY:
		s->memory = w2n_memory_of_type(l, l->min, !d->desc->bounds_checks, &err);
		out->u.memory = s->memory;
		return s->memory != NULL;
	default:
		out->u.global.cell = &s->cell;
		out->u.global.type = imp->type;
		out->u.global.mutable_ = imp->mutable_;
		return true;
	}
}

static bool resolve(void *ctx, const char *module, const char *field, struct w2n_extern *out)
{
	struct driver *d = ctx;
	uint32_t i = d->next_import++;
	if (strcmp(module, "wasi_snapshot_preview1") == 0)
		return w2n_wasi_resolve(d->wasi, module, field, out);
	return i < d->desc->nimports && make_standin(d, i, out);
}

/* ---- checks after initialization ------------------------------------------------------ */

static bool all_zero(const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* Whether the stand-in for import i is still as it was made. */
static bool standin_unchanged(const struct driver *d, uint32_t i)
{
	const struct w2n_desc_import *imp = &d->desc->imports[i];
	const struct standin *s = &d->standins[i];
	switch (imp->kind) {
	case W2N_EXT_TABLE:
		if (s->table->size != imp->limits.min)
			return false;
		for (uint32_t k = 0; k < s->table->size; k++)
			if (s->table->elems[k] != NULL)
				return false;
		return true;
	case W2N_EXT_MEMORY:
		return s->memory->size == imp->limits.min * W2N_PAGE_SIZE &&
		       all_zero(s->memory->base, s->memory->size);
	case W2N_EXT_GLOBAL:
		return all_zero((const uint8_t *)&s->cell, sizeof s->cell);
	default:
		return true;
	}
}

static bool imports_unchanged(const struct driver *d, struct w2n_refusal *why)
{
	static const char *const kinds[W2N_EXT_COUNT] = {"function", "table", "memory", "global"};
	for (uint32_t i = 0; i < d->desc->nimports; i++) {
		const struct w2n_desc_import *imp = &d->desc->imports[i];
		if (strcmp(imp->module, "wasi_snapshot_preview1") == 0 || standin_unchanged(d, i))
			continue;
		*why = (struct w2n_refusal){.place = W2N_PLACE_IMPORT, .index = i};
		w2n_fmt(why->message, sizeof why->message,
		        "initialization changed imported %s %s.%s, which is provided only at run time",
		        kinds[imp->kind], imp->module, imp->field);
		return false;
	}
	return true;
}

/* Descriptors open before initialization, one flag per WASI fd slot. */
struct open_fds {
	uint8_t *open;
	uint32_t n;
};

static bool record_fds(struct w2n_wasi *w, struct open_fds *s)
{
	s->n = w2n_wasi_fd_slots(w);
	s->open = w2n_calloc(s->n ? s->n : 1, 1);
	for (uint32_t fd = 0; s->open != NULL && fd < s->n; fd++)
		s->open[fd] = w2n_wasi_fd_kind(w, fd) != NULL;
	return s->open != NULL;
}

static bool fds_closed(struct w2n_wasi *w, const struct open_fds *before, const char *init,
                       struct w2n_refusal *why)
{
	for (uint32_t fd = 0; fd < w2n_wasi_fd_slots(w); fd++) {
		const char *kind = w2n_wasi_fd_kind(w, fd);
		if (kind == NULL || (fd < before->n && before->open[fd]))
			continue;
		*why = (struct w2n_refusal){.place = W2N_PLACE_INIT};
		w2n_fmt(why->message, sizeof why->message,
		        "'%s' left %s open as fd %u: descriptors opened during initialization must be "
		        "closed before it returns, since they do not exist in the executable's process",
		        init, kind, fd);
		return false;
	}
	return true;
}

/* ---- the run -------------------------------------------------------------------------- */

/* A failed call or instantiation as a refusal, about `place` ("the start function", or the
 * init export's name in quotes). */
static void failure(const struct w2n_error *err, uint32_t place, const char *what,
                    struct w2n_refusal *why)
{
	*why = (struct w2n_refusal){.place = place};
	if (called && called_import == UINT32_MAX) {
		w2n_fmt(why->message, sizeof why->message,
		        "initialization called an import, which is provided only at run time");
	} else if (called) {
		const struct w2n_desc_import *imp = &w2n_prebake_module.imports[called_import];
		why->place = W2N_PLACE_IMPORT;
		why->index = called_import;
		w2n_fmt(why->message, sizeof why->message,
		        "initialization called import %s.%s, which is provided only at run time",
		        imp->module, imp->field);
	} else if (err->kind == W2N_ERR_TRAP) {
		w2n_fmt(why->message, sizeof why->message, "%s trapped: %s", what, err->message);
	} else if (err->kind == W2N_ERR_EXIT) {
		w2n_fmt(why->message, sizeof why->message,
		        "%s called proc_exit(%u): a program that exits during initialization leaves "
		        "no state to bake",
		        what, err->exit_code);
	} else {
		why->place = W2N_PLACE_MODULE;
		w2n_fmt(why->message, sizeof why->message, "cannot instantiate the module: %s",
		        err->message);
	}
}

static int refused(const struct w2n_refusal *why)
{
	if (!w2n_snapshot_write_refusal(W2N_SNAPSHOT_FD, why)) {
		w2n_dprintf(2, "wasm2native: cannot write the snapshot file\n");
		return EXIT_FAILED;
	}
	return EXIT_REFUSED;
}

/* Instantiates (running the start function), then calls the init export. Descriptors are
 * counted before instantiation: the start function is initialization too. */
static int initialize(struct driver *d, const char *init)
{
	struct w2n_error err;
	struct w2n_refusal why;
	struct open_fds before;
	if (!record_fds(d->wasi, &before)) {
		w2n_dprintf(2, "wasm2native: out of memory\n");
		return EXIT_FAILED;
	}
	struct w2n_instance *inst = w2n_instantiate(d->desc, resolve, d, &err);
	if (inst == NULL) {
		failure(&err, W2N_PLACE_START, "the start function", &why);
		return refused(&why);
	}
	w2n_wasi_bind(d->wasi, inst, &err); /* no exported memory: WASI calls fail, as in main.c */
	struct w2n_extern e;
	if (!w2n_instance_export(inst, init, &e) || e.kind != W2N_EXT_FUNC) {
		w2n_dprintf(2, "wasm2native: no function export '%s' to call\n", init);
		return EXIT_FAILED;
	}
	union w2n_val vals[1];
	char what[160];
	w2n_fmt(what, sizeof what, "'%s'", init);
	if (!w2n_call(e.u.func, vals, &err)) {
		failure(&err, W2N_PLACE_INIT, what, &why);
		return refused(&why);
	}
	if (!fds_closed(d->wasi, &before, init, &why) || !imports_unchanged(d, &why) ||
	    w2n_snapshot_refused(inst, &why))
		return refused(&why);
	if (!w2n_snapshot_write(inst, W2N_SNAPSHOT_FD)) {
		w2n_dprintf(2, "wasm2native: cannot write the snapshot file\n");
		return EXIT_FAILED;
	}
	return 0;
}

int w2n_snapshot_main(int argc, char **argv, char **envp);

int w2n_snapshot_main(int argc, char **argv, char **envp)
{
	if (argc < 3) {
		w2n_dprintf(2, "usage: %s INIT-EXPORT GUEST-ARG0 [GUEST-ARGS...]\n", argv[0]);
		return EXIT_FAILED;
	}
	struct w2n_wasi_config cfg;
	struct w2n_instance_limits unused; /* limits are the executable's, not the build's */
	if (!w2n_grants_config(argc, argv, envp, &cfg, &unused))
		return EXIT_FAILED;
	cfg.argc = argc - 2;
	cfg.argv = (const char *const *)argv + 2;
	struct w2n_error err;
	struct driver d = {.desc = &w2n_prebake_module};
	the_driver = &d;
	d.standins = w2n_calloc(d.desc->nimports ? d.desc->nimports : 1, sizeof *d.standins);
	d.wasi = d.standins != NULL ? w2n_wasi_new(&cfg, &err) : NULL;
	if (d.wasi == NULL) {
		w2n_dprintf(2, "wasm2native: %s\n", d.standins != NULL ? err.message : "out of memory");
		return EXIT_FAILED;
	}
	return initialize(&d, argv[1]);
}
