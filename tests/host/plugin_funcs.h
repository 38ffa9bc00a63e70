/* plugin_funcs.h — what tests/host/test_api.c and tests/runtime/test_host.c share about
 * plugin.wat's imports: their signatures and the host functions whose behaviour does not
 * depend on the test (the rest differ on purpose: test_api.c records calls in a context, the
 * freestanding test_host.c has no snprintf). Included once per test program. */
#ifndef PLUGIN_FUNCS_H
#define PLUGIN_FUNCS_H

static const uint8_t i32x3[] = {W2N_I32, W2N_I32, W2N_I32}, i32x1[] = {W2N_I32};
static const uint8_t i32x2[] = {W2N_I32, W2N_I32};
static const uint8_t i64_f64[] = {W2N_I64, W2N_F64}, f64_i64[] = {W2N_F64, W2N_I64};

static const char *h_pair(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	/* Two results of two types, written after reading both arguments. */
	double f = a[1].f64 * 2;
	int64_t i = a[0].i64 + 1;
	r[0].f64 = f;
	r[1].i64 = i;
	return NULL;
}

static const char *h_square(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                            union w2n_val *r)
{
	r[0].i32 = a[0].i32 * a[0].i32;
	return NULL;
}

#endif
