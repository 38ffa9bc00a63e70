/* test_math.c — the rounding functions and sqrt, compared bit for bit: signs of zero,
 * halfway cases (nearest rounds to even), values next to 0.5 and 2^52, subnormals,
 * infinities, and NaNs (the result must be quiet, keeping sign and payload). */
#include "check.h"

/* {input, trunc, floor, ceil, nearest}, computed with Python's exact rounding (math.trunc,
 * math.floor, math.ceil, round-half-even round) and zeros signed like the input. */
/* clang-format off */
static const uint64_t cases64[][5] = {
	{0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull},
	{0x8000000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
	{0x3fd0000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000000ull},
	{0xbfd0000000000000ull, 0x8000000000000000ull, 0xbff0000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
	{0x3fe0000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000000ull},
	{0xbfe0000000000000ull, 0x8000000000000000ull, 0xbff0000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
	{0x3fe8000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull},
	{0xbfe8000000000000ull, 0x8000000000000000ull, 0xbff0000000000000ull, 0x8000000000000000ull, 0xbff0000000000000ull},
	{0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull},
	{0xbff0000000000000ull, 0xbff0000000000000ull, 0xbff0000000000000ull, 0xbff0000000000000ull, 0xbff0000000000000ull},
	{0x3ff8000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x4000000000000000ull, 0x4000000000000000ull},
	{0xbff8000000000000ull, 0xbff0000000000000ull, 0xc000000000000000ull, 0xbff0000000000000ull, 0xc000000000000000ull},
	{0x4004000000000000ull, 0x4000000000000000ull, 0x4000000000000000ull, 0x4008000000000000ull, 0x4000000000000000ull},
	{0xc004000000000000ull, 0xc000000000000000ull, 0xc008000000000000ull, 0xc000000000000000ull, 0xc000000000000000ull},
	{0x400c000000000000ull, 0x4008000000000000ull, 0x4008000000000000ull, 0x4010000000000000ull, 0x4010000000000000ull},
	{0xc00c000000000000ull, 0xc008000000000000ull, 0xc010000000000000ull, 0xc008000000000000ull, 0xc010000000000000ull},
	{0x3fdfffffffffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000000ull},
	{0xbfdfffffffffffffull, 0x8000000000000000ull, 0xbff0000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
	{0x000012688b70e62bull, 0x0000000000000000ull, 0x0000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000000ull},
	{0x800012688b70e62bull, 0x8000000000000000ull, 0xbff0000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
	{0x432fffffffffffffull, 0x432ffffffffffffeull, 0x432ffffffffffffeull, 0x4330000000000000ull, 0x4330000000000000ull},
	{0xc32fffffffffffffull, 0xc32ffffffffffffeull, 0xc330000000000000ull, 0xc32ffffffffffffeull, 0xc330000000000000ull},
	{0x4330000000000001ull, 0x4330000000000001ull, 0x4330000000000001ull, 0x4330000000000001ull, 0x4330000000000001ull},
	{0x4340000000000000ull, 0x4340000000000000ull, 0x4340000000000000ull, 0x4340000000000000ull, 0x4340000000000000ull},
	{0x7e37e43c8800759cull, 0x7e37e43c8800759cull, 0x7e37e43c8800759cull, 0x7e37e43c8800759cull, 0x7e37e43c8800759cull},
	{0xfe37e43c8800759cull, 0xfe37e43c8800759cull, 0xfe37e43c8800759cull, 0xfe37e43c8800759cull, 0xfe37e43c8800759cull},
	{0x40fe240c9fbe76c9ull, 0x40fe240000000000ull, 0x40fe240000000000ull, 0x40fe241000000000ull, 0x40fe241000000000ull},
	{0xc0fe240c9fbe76c9ull, 0xc0fe240000000000ull, 0xc0fe241000000000ull, 0xc0fe240000000000ull, 0xc0fe241000000000ull},
	{0x4012000000000000ull, 0x4010000000000000ull, 0x4010000000000000ull, 0x4014000000000000ull, 0x4010000000000000ull},
	{0x4016000000000000ull, 0x4014000000000000ull, 0x4014000000000000ull, 0x4018000000000000ull, 0x4018000000000000ull},
	{0x3ff000001ad7f29bull, 0x3ff0000000000000ull, 0x3ff0000000000000ull, 0x4000000000000000ull, 0x3ff0000000000000ull},
	{0xc01ffef9db22d0e5ull, 0xc01c000000000000ull, 0xc020000000000000ull, 0xc01c000000000000ull, 0xc020000000000000ull},
	{0x7ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff0000000000000ull},
	{0xfff0000000000000ull, 0xfff0000000000000ull, 0xfff0000000000000ull, 0xfff0000000000000ull, 0xfff0000000000000ull},
};
static const uint32_t cases32[][5] = {
	{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u},
	{0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u, 0x80000000u},
	{0x3e800000u, 0x00000000u, 0x00000000u, 0x3f800000u, 0x00000000u},
	{0xbe800000u, 0x80000000u, 0xbf800000u, 0x80000000u, 0x80000000u},
	{0x3f000000u, 0x00000000u, 0x00000000u, 0x3f800000u, 0x00000000u},
	{0xbf000000u, 0x80000000u, 0xbf800000u, 0x80000000u, 0x80000000u},
	{0x3f400000u, 0x00000000u, 0x00000000u, 0x3f800000u, 0x3f800000u},
	{0xbf400000u, 0x80000000u, 0xbf800000u, 0x80000000u, 0xbf800000u},
	{0x3f800000u, 0x3f800000u, 0x3f800000u, 0x3f800000u, 0x3f800000u},
	{0xbf800000u, 0xbf800000u, 0xbf800000u, 0xbf800000u, 0xbf800000u},
	{0x3fc00000u, 0x3f800000u, 0x3f800000u, 0x40000000u, 0x40000000u},
	{0xbfc00000u, 0xbf800000u, 0xc0000000u, 0xbf800000u, 0xc0000000u},
	{0x40200000u, 0x40000000u, 0x40000000u, 0x40400000u, 0x40000000u},
	{0xc0200000u, 0xc0000000u, 0xc0400000u, 0xc0000000u, 0xc0000000u},
	{0x40600000u, 0x40400000u, 0x40400000u, 0x40800000u, 0x40800000u},
	{0xc0600000u, 0xc0400000u, 0xc0800000u, 0xc0400000u, 0xc0800000u},
	{0x3effffffu, 0x00000000u, 0x00000000u, 0x3f800000u, 0x00000000u},
	{0xbeffffffu, 0x80000000u, 0xbf800000u, 0x80000000u, 0x80000000u},
	{0x000116c2u, 0x00000000u, 0x00000000u, 0x3f800000u, 0x00000000u},
	{0x800116c2u, 0x80000000u, 0xbf800000u, 0x80000000u, 0x80000000u},
	{0x4affffffu, 0x4afffffeu, 0x4afffffeu, 0x4b000000u, 0x4b000000u},
	{0xcaffffffu, 0xcafffffeu, 0xcb000000u, 0xcafffffeu, 0xcb000000u},
	{0x4b000001u, 0x4b000001u, 0x4b000001u, 0x4b000001u, 0x4b000001u},
	{0x4b800000u, 0x4b800000u, 0x4b800000u, 0x4b800000u, 0x4b800000u},
	{0x7f61b1e6u, 0x7f61b1e6u, 0x7f61b1e6u, 0x7f61b1e6u, 0x7f61b1e6u},
	{0xff61b1e6u, 0xff61b1e6u, 0xff61b1e6u, 0xff61b1e6u, 0xff61b1e6u},
	{0x449a5225u, 0x449a4000u, 0x449a4000u, 0x449a6000u, 0x449a6000u},
	{0xc49a5225u, 0xc49a4000u, 0xc49a6000u, 0xc49a4000u, 0xc49a6000u},
	{0x40900000u, 0x40800000u, 0x40800000u, 0x40a00000u, 0x40800000u},
	{0x40b00000u, 0x40a00000u, 0x40a00000u, 0x40c00000u, 0x40c00000u},
	{0x3f800001u, 0x3f800000u, 0x3f800000u, 0x40000000u, 0x3f800000u},
	{0xc0fff7cfu, 0xc0e00000u, 0xc1000000u, 0xc0e00000u, 0xc1000000u},
	{0x7f800000u, 0x7f800000u, 0x7f800000u, 0x7f800000u, 0x7f800000u},
	{0xff800000u, 0xff800000u, 0xff800000u, 0xff800000u, 0xff800000u},
};
/* clang-format on */

static uint64_t bits64(double x)
{
	uint64_t u;
	__builtin_memcpy(&u, &x, 8);
	return u;
}

static double from64(uint64_t u)
{
	double x;
	__builtin_memcpy(&x, &u, 8);
	return x;
}

static uint32_t bits32(float x)
{
	uint32_t u;
	__builtin_memcpy(&u, &x, 4);
	return u;
}

static float from32(uint32_t u)
{
	float x;
	__builtin_memcpy(&x, &u, 4);
	return x;
}

static double (*const fns64[4])(double) = {trunc, floor, ceil, roundeven};
static float (*const fns32[4])(float) = {truncf, floorf, ceilf, roundevenf};
static const char *const names[4] = {"trunc", "floor", "ceil", "nearest"};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof cases64 / sizeof cases64[0]; i++) {
		for (int f = 0; f < 4; f++) {
			uint64_t got = bits64(fns64[f](from64(cases64[i][0])));
			if (!CHECK(got == cases64[i][f + 1]))
				w2n_dprintf(2, "  %s(0x%016llx) = 0x%016llx, expected 0x%016llx\n", names[f],
				            (unsigned long long)cases64[i][0], (unsigned long long)got,
				            (unsigned long long)cases64[i][f + 1]);
		}
	}
	for (size_t i = 0; i < sizeof cases32 / sizeof cases32[0]; i++) {
		for (int f = 0; f < 4; f++) {
			uint32_t got = bits32(fns32[f](from32(cases32[i][0])));
			if (!CHECK(got == cases32[i][f + 1]))
				w2n_dprintf(2, "  %sf(0x%08x) = 0x%08x, expected 0x%08x\n", names[f], cases32[i][0],
				            got, cases32[i][f + 1]);
		}
	}
}

/* rint and nearbyint round like roundeven (the rounding mode is never changed). */
static void test_aliases(void)
{
	for (size_t i = 0; i < sizeof cases64 / sizeof cases64[0]; i++) {
		CHECK(bits64(rint(from64(cases64[i][0]))) == cases64[i][4]);
		CHECK(bits64(nearbyint(from64(cases64[i][0]))) == cases64[i][4]);
	}
	for (size_t i = 0; i < sizeof cases32 / sizeof cases32[0]; i++) {
		CHECK(bits32(rintf(from32(cases32[i][0]))) == cases32[i][4]);
		CHECK(bits32(nearbyintf(from32(cases32[i][0]))) == cases32[i][4]);
	}
}

static void test_nan(void)
{
	/* Signalling NaNs come back quiet with their payload; quiet ones unchanged; sign kept. */
	static const uint64_t in64[] = {0x7ff0000000000001ull, 0x7ff8000000000000ull,
	                                0xfff4000000000000ull, 0x7ffc000000000123ull};
	static const uint32_t in32[] = {0x7f800001u, 0x7fc00000u, 0xffa00000u, 0x7fe00123u};
	for (int i = 0; i < 4; i++) {
		for (int f = 0; f < 4; f++) {
			CHECK(bits64(fns64[f](from64(in64[i]))) == (in64[i] | 0x0008000000000000ull));
			CHECK(bits32(fns32[f](from32(in32[i]))) == (in32[i] | 0x00400000u));
		}
		CHECK(bits64(sqrt(from64(in64[i]))) == (in64[i] | 0x0008000000000000ull));
		CHECK(bits32(sqrtf(from32(in32[i]))) == (in32[i] | 0x00400000u));
	}
}

static void test_sqrt(void)
{
	CHECK(bits64(sqrt(4.0)) == bits64(2.0));
	CHECK(bits64(sqrt(2.0)) == 0x3ff6a09e667f3bcdull);
	CHECK(bits64(sqrt(-0.0)) == 0x8000000000000000ull);
	CHECK(bits64(sqrt(from64(0x7ff0000000000000ull))) == 0x7ff0000000000000ull);
	uint64_t neg = bits64(sqrt(-1.0));
	CHECK((neg & 0x7fffffffffffffffull) == 0x7ff8000000000000ull); /* a canonical NaN */
	CHECK(bits32(sqrtf(2.0f)) == 0x3fb504f3u);
	CHECK(bits32(sqrtf(-0.0f)) == 0x80000000u);
	CHECK((bits32(sqrtf(-1.0f)) & 0x7fffffffu) == 0x7fc00000u);
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_table();
	test_aliases();
	test_nan();
	test_sqrt();
	return summary();
}
