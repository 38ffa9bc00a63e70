/* image.h — the baked state a pre-baked module's descriptor points to (docs/prebake.md):
 * each memory's initial image, the globals' values, the tables' contents and which segments
 * are dropped. The compiler emits it as `const struct w2n_desc_snapshot <prefix>_snapshot`
 * (compiler/snapshot_emit.c); at instantiation the runtime applies it (runtime/image.c) in
 * place of the constant expressions, the segment initialization and the start function,
 * which all ran once, at build time. Freestanding, like descriptor.h.
 *
 * Memory images are laid out for mapping: every chunk covers whole 64 KiB pages and its bytes
 * sit in their own section, aligned to 64 KiB, so that they are at a page-aligned offset of the
 * executable file (on 4 KiB and on 64 KiB page kernels) and can be mapped copy-on-write at
 * their place in the linear memory instead of being copied. All-zero pages have no chunk: a
 * fresh memory is zero already, and they cost nothing in the file.
 */
#ifndef WASM2NATIVE_IMAGE_H
#define WASM2NATIVE_IMAGE_H

#include "abi.h"

/* The section holding the bytes of every chunk, and their alignment. */
#define W2N_IMAGE_SECTION ".w2n.image"
#define W2N_IMAGE_ALIGN   65536u

/* A run of pages of a memory's initial contents, not all zero. */
struct w2n_desc_chunk {
	uint64_t offset;      /* byte offset in the memory: a multiple of W2N_IMAGE_ALIGN */
	uint64_t size;        /* bytes: a multiple of W2N_IMAGE_ALIGN */
	const uint8_t *bytes; /* in W2N_IMAGE_SECTION, W2N_IMAGE_ALIGN-aligned */
};

/* A memory's initial state: its size, and chunks in ascending order that do not overlap;
 * every byte outside them is zero. */
struct w2n_desc_image {
	uint64_t pages; /* initial size in 64 KiB pages */
	const struct w2n_desc_chunk *chunks;
	uint32_t nchunks;
};

/* A table's initial contents. */
struct w2n_desc_table_image {
	const uint32_t *elems; /* per entry: a function index of the module, or UINT32_MAX (null) */
	uint32_t size;
};

/* The state after initialization, for the DEFINED memories, tables and globals (imported ones
 * belong to the host, and pre-baking refused any change to them), and for every segment. */
struct w2n_desc_snapshot {
	const struct w2n_desc_image *mems;         /* per defined memory */
	const struct w2n_desc_table_image *tables; /* per defined table */
	const union w2n_val *globals; /* per defined global; references hold an i64 function
	                                 index, or -1 for null (externrefs are always null) */
	const uint8_t *elem_dropped;  /* per element segment: 1 if dropped */
	const uint8_t *data_dropped;  /* per data segment: 1 if dropped */
};

#define W2N_IMAGE_NULL UINT32_MAX

/* The compiler mirrors these layouts in LLVM types (compiler/snapshot_emit.c); pin them. */
_Static_assert(sizeof(struct w2n_desc_chunk) == 24, "image layout");
_Static_assert(sizeof(struct w2n_desc_image) == 24, "image layout");
_Static_assert(sizeof(struct w2n_desc_table_image) == 16, "image layout");
_Static_assert(sizeof(struct w2n_desc_snapshot) == 40, "image layout");

#endif
