/* features.c — the rows of include/wasm2native/features.def as data, and the diagnostic that
 * rejects input for using a feature that is not implemented. */
#include <string.h>

#include "reader.h"

static const struct {
	const char *name;
	const char *flag;
	bool implemented;
} features[W2N_FEAT_COUNT] = {
#define W2N_FEATURE(ID, NAME, FLAG, IMPLEMENTED) [W2N_FEAT_##ID] = {NAME, FLAG, IMPLEMENTED},
#include "wasm2native/features.def"
};

const char *w2n_feature_name(enum w2n_feature f)
{
	return f < W2N_FEAT_COUNT ? features[f].name : "?";
}

bool w2n_feature_implemented(enum w2n_feature f)
{
	return f < W2N_FEAT_COUNT && features[f].implemented;
}

const char *w2n_feature_flag(enum w2n_feature f)
{
	return f < W2N_FEAT_COUNT ? features[f].flag : "?";
}

bool w2n_feature_by_flag(const char *flag, enum w2n_feature *f)
{
	for (unsigned i = 0; i < W2N_FEAT_COUNT; i++) {
		if (strcmp(features[i].flag, flag) == 0) {
			*f = (enum w2n_feature)i;
			return true;
		}
	}
	return false;
}

void w2n_mark_unsupported(struct w2n_diag *dg, enum w2n_feature f)
{
	if (dg->unsupported)
		return; /* the first rejection is the one reported */
	dg->unsupported = true;
	dg->feature = f;
}

bool w2n_reader_unsupported(struct w2n_reader *r, uint32_t offset, enum w2n_feature f,
                            const char *what)
{
	if (r->failed)
		return false;
	w2n_mark_unsupported(r->dg, f);
	return w2n_reader_fail(r, offset, "%s not implemented (%s)", w2n_feature_name(f), what);
}
