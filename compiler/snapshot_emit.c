/* snapshot_emit.c — placeholder until the descriptor carries a snapshot. */
#include "wasm2native/prebake.h"
#include "wasm2native/wasm2native.h"

bool w2n_emit_snapshot(const struct w2n_module *m, const struct w2n_snapshot *s,
                       const struct w2n_compile_options *co, const char *out_path,
                       struct w2n_diag *dg)
{
	w2n_report(dg, W2N_ERROR, m->filename, -1, "baking into an executable is not done yet");
	return false;
}
