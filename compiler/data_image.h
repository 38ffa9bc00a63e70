/* data_image.h — memory images for the active data segments of modules that are not
 * pre-baked (docs/prebake.md, "Data images"): data_image.c decides whether a module's data
 * step is exactly "apply one image per defined memory" and lays the images out; lower_desc.c
 * emits them (as snapshot_emit.c emits a baked snapshot's) and points the descriptor's
 * `data_images` at them. */
#ifndef W2N_DATA_IMAGE_H
#define W2N_DATA_IMAGE_H

#include "wasm2native/module.h"
#include "wasm2native/prebake.h" /* struct w2n_snap_memory */

/* The least bytes of active data for which a module gets images. Below it, copying the
 * segments costs less than opening the executable's file and mapping it (tens of µs), and the
 * 64 KiB rounding of the image's chunks would grow the executable more than the data weighs. */
#define W2N_DATA_IMAGE_MIN (256u * 1024)

struct w2n_data_images {
	uint32_t nmems;               /* the module's defined memories */
	struct w2n_snap_memory *mems; /* per defined memory: its initial size, non-zero runs */
	uint8_t **bufs;               /* the runs' bytes (owned), one buffer per merged range */
	uint32_t nbufs;
};

/* The images of `m`'s active data, or NULL when they would not be equivalent to copying the
 * segments (or the data is smaller than W2N_DATA_IMAGE_MIN). Out of host memory aborts, as
 * everywhere in lowering. */
struct w2n_data_images *w2n_data_images_build(const struct w2n_module *m);
void w2n_data_images_free(struct w2n_data_images *di);

#endif
