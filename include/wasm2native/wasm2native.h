/* wasm2native.h — the compiler library's public interface.
 *
 * Pipeline: w2n_read_file → w2n_decode → w2n_validate → (lowering, later stages).
 * Errors go to a diagnostic sink the caller owns; the library never exits or aborts on bad input.
 */
#ifndef WASM2NATIVE_H
#define WASM2NATIVE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.h"

#define W2N_VERSION "0.1.0"

/* ---- diag.c: diagnostics ------------------------------------------------------------------- */

enum w2n_severity { W2N_ERROR, W2N_WARNING, W2N_NOTE };

/* Receives every diagnostic. `offset` is a byte offset in `file`, or -1 when none applies. */
typedef void (*w2n_diag_fn)(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                            const char *message);

/* The features of features.def: W2N_FEAT_MVP ... */
enum w2n_feature {
#define W2N_FEATURE(ID, NAME, FLAG, IMPLEMENTED) W2N_FEAT_##ID,
#include "features.def"
	W2N_FEAT_COUNT
};

/* "tail calls", ...; and whether wasm2native compiles modules that use the feature. */
const char *w2n_feature_name(enum w2n_feature f);
bool w2n_feature_implemented(enum w2n_feature f);
/* "tail-call", ...: the feature's command-line name (features.def FLAG), and its lookup. */
const char *w2n_feature_flag(enum w2n_feature f);
bool w2n_feature_by_flag(const char *flag, enum w2n_feature *f);

struct w2n_diag {
	w2n_diag_fn fn;  /* NULL: print to stderr as `file:0xOFFSET: error: message` */
	void *ctx;       /* passed to fn */
	unsigned errors; /* count of W2N_ERROR reports so far */
	unsigned limit;  /* stop reporting after this many errors (0: no limit) */
	/* Set with the error that rejected a module for using a feature that is not implemented
	 * (features.def), so that tools can tell it from malformed or invalid input. */
	bool unsupported;
	enum w2n_feature feature; /* which one, when `unsupported` */
};

/* Reports a formatted diagnostic through the sink. */
void w2n_report(struct w2n_diag *dg, enum w2n_severity sev, const char *file, int64_t offset,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void w2n_vreport(struct w2n_diag *dg, enum w2n_severity sev, const char *file, int64_t offset,
                 const char *fmt, va_list ap);

/* Formats one diagnostic the way the default sink prints it (no trailing newline). */
int w2n_format_diag(char *buf, size_t size, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message);

/* ---- file.c: input ------------------------------------------------------------------------- */

/* Reads a whole file into a malloc'd buffer; reports and returns NULL on failure. */
uint8_t *w2n_read_file(const char *path, size_t *size, struct w2n_diag *dg);

/* ---- decode.c: binary format → struct w2n_module ------------------------------------------ */

/* Decodes `size` bytes (which must outlive the module). Returns NULL after reporting the first
 * malformation; `filename` names the input in diagnostics. */
struct w2n_module *w2n_decode(const uint8_t *bytes, size_t size, const char *filename,
                              struct w2n_diag *dg);
/* The same with features turned off (bit 1 << W2N_FEAT_x): with W2N_FEAT_MEMORY64 off, limits
 * and memarg offsets are 2.0's u32; with W2N_FEAT_MULTIMEM off, a memarg's alignment field is
 * 2.0's plain u32 (judged by the validator). */
struct w2n_module *w2n_decode_features(const uint8_t *bytes, size_t size, const char *filename,
                                       uint64_t off, struct w2n_diag *dg);
void w2n_module_free(struct w2n_module *m);

/* Type of local `index` of a function (parameters first, then declared locals). */
w2n_type w2n_local_type(const struct w2n_functype *type, const struct w2n_code *body,
                        uint32_t index);

/* ---- validate.c: the spec's validation algorithm ------------------------------------------ */

/* Returns true if the module is valid; otherwise reports the first error and returns false. */
bool w2n_validate(const struct w2n_module *m, struct w2n_diag *dg);
/* The same with features turned off (bit 1 << W2N_FEAT_x): the rules of the language without
 * them, e.g. Wasm 2.0's constant expressions with W2N_FEAT_EXTCONST off. */
bool w2n_validate_features(const struct w2n_module *m, uint64_t off, struct w2n_diag *dg);
/* The features a Wasm 2.0 tool turns off: every one after W2N_FEAT_SIMD. */
#define W2N_FEATURES_AFTER_2_0 (~0ull << (W2N_FEAT_SIMD + 1))
/* The proposals after 3.0 (threads, ...): every feature after W2N_FEAT_GC. */
#define W2N_FEATURES_AFTER_3_0 (~0ull << (W2N_FEAT_GC + 1))

/* ---- features_used.c: which features a module uses ---------------------------------------- */

/* The features a decoded module uses, each with its first use. The MVP is not listed. */
struct w2n_feature_uses {
	uint64_t mask;                    /* bit 1 << W2N_FEAT_x for each feature used */
	uint32_t pos[W2N_FEAT_COUNT];     /* byte offset of the first use, where mask has its bit */
	const char *what[W2N_FEAT_COUNT]; /* that use: an operator's name, "multiple tables", ... */
};

/* Scans a decoded module (valid or not: indices are not followed) for its features. */
void w2n_module_features(const struct w2n_module *m, struct w2n_feature_uses *u);

#endif
