/* math.c — the libm functions LLVM calls for wasm's float rounding operators when the target
 * has no instruction for them (baseline x86-64 has no SSE4.1 `roundss`), and sqrt.
 *
 * Wasm fixes the results exactly: integral results keep the sign of the input (so
 * ceil(-0.5) is -0.0), infinities and zeros are returned unchanged, and a NaN input yields a
 * quiet NaN (the spec's "arithmetic NaN": x + x sets the quiet bit and keeps the payload).
 * The functions work on the bit patterns, so they are exact without depending on the FPU's
 * rounding mode; rint and nearbyint round to nearest-even like roundeven, because the runtime
 * never changes the rounding mode. */
#include "rt.h"

/* One implementation for both widths, parameterized by the format. */
struct fmt {
	int mant; /* explicit mantissa bits */
	int bias;
	int exp_max; /* all-ones exponent field */
	uint64_t sign;
};

static const struct fmt F64 = {52, 1023, 2047, 1ull << 63};
static const struct fmt F32 = {23, 127, 255, 1ull << 31};

enum mode { TRUNC, FLOOR, CEIL, NEAREST };

/* Rounds the finite, non-integral-or-not value with bits `u` to an integer per `mode`.
 * Returns the result's bits. */
static uint64_t round_bits(const struct fmt *f, uint64_t u, enum mode mode)
{
	bool neg = (u & f->sign) != 0;
	int e = (int)((u >> f->mant) & (uint64_t)f->exp_max) - f->bias;
	uint64_t one = (uint64_t)f->bias << f->mant; /* bits of 1.0 */
	if (e >= f->mant)
		return u; /* already integral */
	if (e < 0) {
		/* |x| < 1: the result is ±0 or ±1. */
		bool zero = (u & ~f->sign) == 0;
		bool up = false;
		if (mode == FLOOR)
			up = neg && !zero;
		else if (mode == CEIL)
			up = !neg && !zero;
		else if (mode == NEAREST)
			up = e == -1 && (u & ((1ull << f->mant) - 1)) != 0; /* |x| > 0.5 */
		return (u & f->sign) | (up ? one : 0);
	}
	uint64_t frac_mask = (1ull << (f->mant - e)) - 1;
	uint64_t frac = u & frac_mask;
	uint64_t t = u & ~frac_mask;
	if (frac == 0)
		return u;
	uint64_t ulp = frac_mask + 1; /* one unit of the integer part */
	bool up = false;
	if (mode == FLOOR)
		up = neg;
	else if (mode == CEIL)
		up = !neg;
	else if (mode == NEAREST) {
		/* The integer part's lowest bit is the mantissa bit at `ulp`, except for 1 <= |x| < 2
		 * (e == 0), where it is the implicit leading 1. */
		uint64_t half = ulp >> 1;
		bool odd = e == 0 || (t & ulp) != 0;
		up = frac > half || (frac == half && odd);
	}
	/* Adding one unit to the magnitude may carry into the exponent: still exact. */
	return up ? t + ulp : t;
}

static bool special(const struct fmt *f, uint64_t u)
{
	return ((u >> f->mant) & (uint64_t)f->exp_max) == (uint64_t)f->exp_max;
}

static double round64(double x, enum mode mode)
{
	uint64_t u;
	__builtin_memcpy(&u, &x, 8);
	if (special(&F64, u))
		return x + x; /* NaN → quiet NaN, ±inf unchanged */
	u = round_bits(&F64, u, mode);
	__builtin_memcpy(&x, &u, 8);
	return x;
}

static float round32(float x, enum mode mode)
{
	uint32_t w;
	__builtin_memcpy(&w, &x, 4);
	if (special(&F32, w))
		return x + x;
	w = (uint32_t)round_bits(&F32, w, mode);
	__builtin_memcpy(&x, &w, 4);
	return x;
}

double trunc(double x)
{
	return round64(x, TRUNC);
}
double floor(double x)
{
	return round64(x, FLOOR);
}
double ceil(double x)
{
	return round64(x, CEIL);
}
double roundeven(double x)
{
	return round64(x, NEAREST);
}
double rint(double x)
{
	return round64(x, NEAREST);
}
double nearbyint(double x)
{
	return round64(x, NEAREST);
}
float truncf(float x)
{
	return round32(x, TRUNC);
}
float floorf(float x)
{
	return round32(x, FLOOR);
}
float ceilf(float x)
{
	return round32(x, CEIL);
}
float roundevenf(float x)
{
	return round32(x, NEAREST);
}
float rintf(float x)
{
	return round32(x, NEAREST);
}
float nearbyintf(float x)
{
	return round32(x, NEAREST);
}

/* Built with -fno-math-errno, so the builtin is the instruction (sqrtsd, fsqrt), never a call
 * back to sqrt; IEEE sqrt is correctly rounded and turns NaN inputs into quiet NaNs. */
double sqrt(double x)
{
	return __builtin_sqrt(x);
}
float sqrtf(float x)
{
	return __builtin_sqrtf(x);
}
