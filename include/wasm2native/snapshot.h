/* snapshot.h — the pre-baking snapshot file (docs/prebake.md): what the snapshot driver
 * (runtime/snapshot_main.c, linked into a host-native build of the module) writes after the
 * module's initialization function returned, and what the compiler (compiler/snapshot.c)
 * reads back to bake into the final executable or object.
 *
 * The file is wasm state, not native state: memory contents, global values, table entries
 * as function indices, dropped segments. Nothing in it depends on the target, which is why
 * one bake on the build machine serves every target.
 *
 * Layout (little-endian; both our targets are; u32/u64 unaligned):
 *
 *     magic       8 bytes, W2N_SNAPSHOT_MAGIC
 *     status      u32: W2N_SNAPSHOT_OK, or W2N_SNAPSHOT_REFUSED
 *   refused:
 *     place       u32: enum w2n_snapshot_place, what the refusal is about
 *     index       u32: its index (import index, global index, ...)
 *     length      u32, then `length` bytes of message (no NUL)
 *   ok:
 *     counts      u32 x 5: defined memories, defined tables, defined globals, element
 *                 segments, data segments (must equal the module's)
 *     memories    per defined memory: u64 pages (its size), u32 runs; per run: u64 first
 *                 page, u64 pages, then pages x 64 KiB of bytes. Pages outside every run
 *                 are zero; runs are ascending and do not touch each other.
 *     tables      per defined table: u32 size, then size x u32 entries
 *     globals     per defined global: 16 bytes (union w2n_val); references hold an i64
 *     dropped     one byte per element segment, then one per data segment: 1 if dropped
 *     end         8 bytes, W2N_SNAPSHOT_END (a truncated file is never mistaken for one)
 *
 * References (table entries, funcref globals) are function indices of the module, or
 * W2N_SNAPSHOT_NULL; an externref can only be null (non-null ones are refused).
 * Freestanding: included by the runtime.
 */
#ifndef WASM2NATIVE_SNAPSHOT_H
#define WASM2NATIVE_SNAPSHOT_H

#include <stdint.h>

#define W2N_SNAPSHOT_MAGIC "w2nsnap1"
#define W2N_SNAPSHOT_END   "w2nsend1"
#define W2N_SNAPSHOT_NULL  UINT32_MAX

/* The file descriptor the snapshot driver writes to (the compiler opens it for the driver). */
#define W2N_SNAPSHOT_FD 3

enum w2n_snapshot_status { W2N_SNAPSHOT_OK = 0, W2N_SNAPSHOT_REFUSED = 1 };

/* What a refusal is about, so that the compiler can point at its place in the .wasm file. */
enum w2n_snapshot_place {
	W2N_PLACE_MODULE, /* the module as a whole: no position */
	W2N_PLACE_INIT,   /* the init function's export */
	W2N_PLACE_START,  /* the start function (start section) */
	W2N_PLACE_IMPORT, /* import `index` (in import order) */
	W2N_PLACE_GLOBAL, /* global `index` (its index space, imports included) */
	W2N_PLACE_TABLE,  /* table `index` (likewise) */
};

#endif
