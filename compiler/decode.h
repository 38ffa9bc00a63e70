/* decode.h — shared between the decoder's files. decode.c drives (the module's sections) and
 * calls the others; none calls back into it. decode_segments.c: element, code, data and
 * custom sections; decode_code.c: instructions; decode_types.c: types and limits, called by
 * all of them; decode_names.c: the name section. */
#ifndef W2N_DECODE_H
#define W2N_DECODE_H

#include "arena.h"
#include "ops.h"
#include "reader.h"

/* Implementation limit on declared locals per function (as in V8 and wasmtime); the spec's
 * own limit is 2^32-1, which the "too many locals" tests probe. */
#define W2N_MAX_LOCALS 50000
/* Implementation limits on a function type (V8's and wasmtime's): code generation passes
 * parameters and results in fixed-size frames. */
#define W2N_MAX_PARAMS  1000
#define W2N_MAX_RESULTS 1000

struct decoder {
	struct w2n_reader r;
	struct w2n_module *m;
	struct w2n_arena *arena;
	uint64_t off; /* features turned off (bit 1 << W2N_FEAT_x): their encodings read as 2.0's */
	uint32_t ndeclared_funcs; /* entries of the function section */
	bool seen_code;           /* the code section was present */
	bool seen_data;
	bool uses_datacount; /* a body used memory.init or data.drop */
	/* Scratch buffers reused across function bodies, copied into the arena at each end. */
	struct w2n_instr *scratch;
	uint32_t scratch_cap;
	uint32_t *labels;
	uint32_t labels_cap;
	struct w2n_catch *catches; /* try_table clauses of the body being decoded */
	uint32_t catches_cap, ncatches;
	struct w2n_custom *customs; /* grows by doubling; moved into the arena when done */
	uint32_t customs_cap;
};

/* decode_segments.c */
bool w2n_decode_element_section(struct decoder *d);
bool w2n_decode_code_section(struct decoder *d);
bool w2n_decode_data_section(struct decoder *d);
bool w2n_decode_custom_section(struct decoder *d, uint32_t start);

/* decode_code.c */
bool w2n_decode_expr(struct decoder *d, struct w2n_expr *out, const char *what);
bool w2n_decode_body(struct decoder *d, struct w2n_code *out);

/* decode_types.c: each reads one item; `what` names it in messages. */
bool w2n_decode_valtype(struct decoder *d, w2n_type *out, const char *what);
/* Whether a value-type byte belongs to a 3.0 feature that is not implemented, and which. */
bool w2n_type_feature(uint8_t byte, enum w2n_feature *f);
bool w2n_decode_reftype(struct decoder *d, w2n_type *out, const char *what);
/* A block type `*bt` (s33, already read) that starts a typed reference: reads the rest and
 * stores it in *bt (module.h's BLOCK encoding), *ok saying whether that worked; false if *bt
 * is no such start (nothing read). */
bool w2n_decode_block_ref(struct decoder *d, int64_t *bt, bool *ok);
/* Whether typed function references are read (implemented, and not turned off). */
bool w2n_decode_typed_refs(const struct decoder *d);
/* ref.null's immediate: a heap type (2.0: a reference type), as the nullable type it makes. */
bool w2n_decode_ref_null(struct decoder *d, w2n_type *out);
bool w2n_decode_functype(struct decoder *d, struct w2n_functype *ft);
bool w2n_decode_limits(struct decoder *d, struct w2n_limits *l, const char *what);
bool w2n_decode_tabletype(struct decoder *d, struct w2n_tabletype *t);
bool w2n_decode_globaltype(struct decoder *d, struct w2n_global *g);

/* decode_names.c: fills function names and the module name; never fails the module. */
void w2n_decode_names(struct w2n_module *m, const struct w2n_custom *section);

#endif
