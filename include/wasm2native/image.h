/* image.h — the baked state a pre-baked module's descriptor points to (docs/prebake.md):
 * each memory's initial image, the globals' values, the tables' contents and which segments
 * are dropped. The compiler emits it as `const struct w2n_desc_snapshot <prefix>_snapshot`
 * (compiler/snapshot_emit.c); at instantiation the runtime applies it (runtime/image.c) in
 * place of the constant expressions, the segment initialization and the start function,
 * which all ran once, at build time. Freestanding, like descriptor.h, and declared the same
 * way: one field list per struct, each offset pinned, the compiler's LLVM types and constants
 * built from the same lists (compiler/lower_desc_types.c, compiler/snapshot_emit.c).
 *
 * Memory images are laid out for mapping: every chunk covers whole 64 KiB pages and its bytes
 * sit in their own section, aligned to 64 KiB, so that they are at a page-aligned offset of the
 * executable file (on 4 KiB and on 64 KiB page kernels) and can be mapped copy-on-write at
 * their place in the linear memory instead of being copied. All-zero pages have no chunk: a
 * fresh memory is zero already, and they cost nothing in the file.
 */
#ifndef WASM2NATIVE_IMAGE_H
#define WASM2NATIVE_IMAGE_H

#include "descriptor.h"

/* The section holding the bytes of every chunk, and their alignment. */
#define W2N_IMAGE_SECTION ".w2n.image"
#define W2N_IMAGE_ALIGN   65536u

/* A table entry or funcref global that is null. */
#define W2N_IMAGE_NULL UINT32_MAX

/* A run of pages of a memory's initial contents, not all zero. */
/* clang-format off */
#define W2N_DESC_CHUNK_FIELDS(X, S)                                                                \
	X(S, uint64_t, offset, 0)       /* byte offset in the memory: a multiple of W2N_IMAGE_ALIGN */ \
	X(S, uint64_t, size, 8)         /* bytes: a multiple of W2N_IMAGE_ALIGN */                     \
	X(S, const uint8_t *, bytes, 16) /* in W2N_IMAGE_SECTION, W2N_IMAGE_ALIGN-aligned */
/* clang-format on */
struct w2n_desc_chunk {
	W2N_DESC_CHUNK_FIELDS(W2N_DESC_MEMBER, w2n_desc_chunk)
};
W2N_DESC_CHUNK_FIELDS(W2N_DESC_PIN, w2n_desc_chunk)
_Static_assert(sizeof(struct w2n_desc_chunk) == 24, "image layout");

/* A memory's initial state: its size, and chunks in ascending order that do not overlap;
 * every byte outside them is zero. */
/* clang-format off */
#define W2N_DESC_IMAGE_FIELDS(X, S)                                                                \
	X(S, uint64_t, pages, 0)                        /* initial size in 64 KiB pages */             \
	X(S, const struct w2n_desc_chunk *, chunks, 8)                                                 \
	X(S, uint32_t, nchunks, 16)
/* clang-format on */
struct w2n_desc_image {
	W2N_DESC_IMAGE_FIELDS(W2N_DESC_MEMBER, w2n_desc_image)
};
W2N_DESC_IMAGE_FIELDS(W2N_DESC_PIN, w2n_desc_image)
_Static_assert(sizeof(struct w2n_desc_image) == 24, "image layout");

/* A table's initial contents. */
/* clang-format off */
#define W2N_DESC_TABLE_IMAGE_FIELDS(X, S)                                                          \
	X(S, const uint32_t *, elems, 0) /* per entry: a function index, or W2N_IMAGE_NULL */          \
	X(S, uint32_t, size, 8)
/* clang-format on */
struct w2n_desc_table_image {
	W2N_DESC_TABLE_IMAGE_FIELDS(W2N_DESC_MEMBER, w2n_desc_table_image)
};
W2N_DESC_TABLE_IMAGE_FIELDS(W2N_DESC_PIN, w2n_desc_table_image)
_Static_assert(sizeof(struct w2n_desc_table_image) == 16, "image layout");

/* The state after initialization, for the DEFINED memories, tables and globals (imported ones
 * belong to the host, and pre-baking refused any change to them), and for every segment. */
/* clang-format off */
#define W2N_DESC_SNAPSHOT_FIELDS(X, S)                                                             \
	X(S, const struct w2n_desc_image *, mems, 0)         /* per defined memory */                  \
	X(S, const struct w2n_desc_table_image *, tables, 8) /* per defined table */                   \
	X(S, const union w2n_val *, globals, 16) /* per defined global; refs: function index or -1 */ \
	X(S, const uint8_t *, elem_dropped, 24)  /* per element segment: 1 if dropped */               \
	X(S, const uint8_t *, data_dropped, 32)  /* per data segment: 1 if dropped */              \
	X(S, int64_t, init_func, 40)             /* function index of the init export: not rerun */
/* clang-format on */
struct w2n_desc_snapshot {
	W2N_DESC_SNAPSHOT_FIELDS(W2N_DESC_MEMBER, w2n_desc_snapshot)
};
W2N_DESC_SNAPSHOT_FIELDS(W2N_DESC_PIN, w2n_desc_snapshot)
_Static_assert(sizeof(struct w2n_desc_snapshot) == 48, "image layout");

#endif
