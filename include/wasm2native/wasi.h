/* wasi.h — the WASI preview 1 host (`wasi_snapshot_preview1`), as a host program sees it:
 * what the guest is granted, how to hand the module its imports, how proc_exit ends a run.
 * The implementation is runtime/wasi/ (its internal map: runtime/wasi/internal.h); docs/wasi.md
 * describes the sandbox.
 *
 * A standalone executable (runtime/main.c) does, in order:
 *
 *     struct w2n_wasi *w = w2n_wasi_new(&cfg, &err);              grants, fd table, preopens
 *     inst = w2n_instantiate(&w2n_module, w2n_wasi_resolve, w, &err);
 *     w2n_wasi_bind(w, inst, &err);                               the guest's exported memory
 *     w2n_call(_start, vals, &err) == false && err.kind == W2N_ERR_EXIT → exit status err.exit_code
 *
 * Deny by default: with a zeroed config the guest gets no arguments beyond what `argv` holds,
 * an empty environment, no preopened directory and no socket; only stdin, stdout and stderr
 * (WASI fds 0, 1, 2 = host fds 0, 1, 2) exist. Preopens are WASI fds 3, 4, ... in config
 * order (directories first, then sockets).
 *
 * Memory: WASI functions are called with the vmctx stored in their funcref, which is the
 * `struct w2n_vmctx` embedded in struct w2n_wasi, not the caller's. w2n_wasi_bind points that
 * vmctx's `memory` at the instance's exported "memory", so every function reads guest memory
 * through w->vmctx.memory (base and size reloaded per call: in bounds-check mode memory.grow
 * may move the base). Before w2n_wasi_bind (e.g. from a start function) or for a module
 * without an exported memory, every function that touches memory returns errno `fault`.
 * Every guest pointer and length is checked against the current size before use.
 *
 * proc_exit: does not call exit(): it unwinds to the innermost w2n_call exactly like a trap
 * (runtime/trap.c, w2n_unwind_exit), which returns false with err->kind == W2N_ERR_EXIT and
 * err->exit_code set. A host decides what an exit means (an executable exits with it; an
 * embedder or a pre-baking step keeps running). Without any w2n_call around it, the process
 * exits with the code.
 */
#ifndef WASM2NATIVE_WASI_H
#define WASM2NATIVE_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime.h"

/* A granted directory: the host path is opened (O_PATH|O_DIRECTORY) by w2n_wasi_new and
 * preopened under the guest name (what fd_prestat_dir_name returns, e.g. "/data" or ".").
 * guest == NULL means the same as host. */
struct w2n_wasi_dir {
	const char *host;
	const char *guest;
};

/* What the guest may see and use. Everything is copied by w2n_wasi_new; the caller's arrays
 * may be freed afterwards. */
struct w2n_wasi_config {
	int argc; /* arguments as args_get returns them (argv[0] included) */
	const char *const *argv;
	const char *const *env; /* granted "KEY=VALUE" entries, in environ_get order */
	size_t nenv;
	const struct w2n_wasi_dir *dirs; /* preopens, WASI fds 3.. */
	size_t ndirs;
	const int *sockets; /* host fds of granted listening sockets (already bound
	                                     and listening, e.g. from w2n_wasi_listen), preopened
	                                     after the directories; only sock_accept works on them */
	size_t nsockets;
	bool stdio_closed; /* true: no fds 0-2 either (fully sandboxed plugin) */
};

/* The WASI state of one guest: fd table, arguments, environment, the bound memory. */
struct w2n_wasi;

/* Validates the grants, opens the preopened directories and builds the fd table. NULL + err
 * (W2N_ERR_RESOURCE, message naming the directory and the reason) on failure. */
struct w2n_wasi *w2n_wasi_new(const struct w2n_wasi_config *cfg, struct w2n_error *err);

/* A w2n_resolve_fn (ctx = the struct w2n_wasi *): resolves every function of
 * `wasi_snapshot_preview1` by name to a funcref with the witx signature (its canonical type
 * id from w2n_type_id) and this WASI's vmctx; false for any other module or name. An import
 * with the right name but another signature fails to link as "incompatible import type". */
bool w2n_wasi_resolve(void *wasi, const char *module, const char *field, struct w2n_extern *out);

/* Binds guest memory: the instance's exported "memory" (WASI commands and reactors export it).
 * False + err (W2N_ERR_LINK) if the instance exports no memory; the guest can still run, but
 * every WASI call that touches memory fails with `fault`. */
bool w2n_wasi_bind(struct w2n_wasi *w, struct w2n_instance *inst, struct w2n_error *err);
/* Binds `mem` as guest memory: a threaded program's imported shared memory, which all its
 * instances (one per thread) share. */
void w2n_wasi_bind_memory(struct w2n_wasi *w, struct w2n_memory *mem);

/* Creates a listening TCP socket for a grant such as "127.0.0.1:8080", "0.0.0.0:0" or
 * "[::1]:8080" (IPv4 dotted quad or bracketed IPv6, decimal port): socket, SO_REUSEADDR,
 * bind, listen. Returns the host fd, or -1 + err. */
int w2n_wasi_listen(const char *addr, struct w2n_error *err);

/* The guest's fd table, for pre-baking (runtime/snapshot_main.c compares it before and after
 * the initialization function): the number of slots, and what WASI fd `fd` is ("a file", "a
 * directory", "a socket", "a descriptor"), or NULL if it is not open. */
uint32_t w2n_wasi_fd_slots(const struct w2n_wasi *w);
const char *w2n_wasi_fd_kind(const struct w2n_wasi *w, uint32_t fd);

/* Forces the component-by-component path resolution instead of openat2(RESOLVE_BENEATH)
 * (resolve.c). Tests use it to run the sandbox tests against the fallback on kernels that have
 * openat2; the environment variable W2N_WASI_NO_OPENAT2=1, read by the test host, sets it. */
void w2n_wasi_force_fallback(bool on);

#endif
