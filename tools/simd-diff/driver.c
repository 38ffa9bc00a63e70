/* Differential SIMD driver: calls every export of the linked module on a fixed set of inputs
 * and prints "name input# result-hex". Freestanding: raw syscalls, no libc. */
#include "sys.h" /* tools/spec/harness */
#include "wasm2native/descriptor.h"

extern const struct w2n_module_desc w2n_module;

static char buf[1 << 16];
static unsigned len;

static void flush(void)
{
	sys6(SYS_WRITE, 1, (long)buf, len, 0, 0, 0);
	len = 0;
}
static void put(const char *s)
{
	while (*s) {
		if (len == sizeof buf)
			flush();
		buf[len++] = *s++;
	}
}
static void hex(const uint8_t *p, unsigned n)
{
	static const char d[] = "0123456789abcdef";
	char t[3] = {0};
	for (unsigned i = n; i-- > 0;) {
		t[0] = d[p[i] >> 4];
		t[1] = d[p[i] & 15];
		put(t);
	}
}
static void num(unsigned v)
{
	char t[12];
	int i = 11;
	t[i] = 0;
	do
		t[--i] = (char)('0' + v % 10);
	while (v /= 10);
	put(t + i);
}

_Noreturn void w2n_rt_trap(struct w2n_vmctx *vmctx, uint32_t trap, uint32_t func)
{
	(void)vmctx;
	put("TRAP ");
	num((unsigned)trap);
	put(" ");
	num((unsigned)func);
	put("\n");
	flush();
#if defined(__x86_64__)
	sys6(60, 1, 0, 0, 0, 0, 0);
#else
	sys6(93, 1, 0, 0, 0, 0, 0);
#endif
	for (;;)
		;
}

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* Interesting lane values per width; a v128 is built from random choices among them. */
static const uint32_t f32s[] = {
	0x7fc00000, 0xffc00000, 0x7fa00000, 0x7fc00001, 0x80000000, 0,          0x7f800000,
	0xff800000, 0x3fc00000, 0xc0200000, 0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff,
	0x3f000000, 0xbf000000, 0x00000001, 0x7f7fffff, 0x4f7fffff, 0xcf000001, 0x40200000};
static const uint64_t f64s[] = {0x7ff8000000000000,
                                0xfff8000000000000,
                                0x7ff4000000000000,
                                0x8000000000000000,
                                0,
                                0x7ff0000000000000,
                                0xfff0000000000000,
                                0x3ff8000000000000,
                                0x41e0000000000000,
                                0xc1e0000000000000,
                                0x41dfffffffc00000,
                                0x41efffffffe00000,
                                0x41f0000000000000,
                                0xc1e0000000200000,
                                0x3fe0000000000000,
                                0x0000000000000001,
                                0x47efffffe0000000,
                                0x3810000000000000,
                                0x4004000000000000};
static const uint16_t i16s[] = {0x8000, 0x7fff, 0xffff, 0,      1,      0x00ff,
                                0xff00, 0x0080, 0xff7f, 0x4000, 0xc000, 0x1234};
static const uint8_t i8s[] = {0x80, 0x7f, 0xff, 0, 1, 0x0f, 0x10, 0x1f, 0x20, 0x40, 0xc0, 0xfe};

static void fill(uint8_t *v)
{
	unsigned kind = rnd() % 6;
	for (unsigned i = 0; i < 16;) {
		uint64_t r = rnd();
		switch (kind) {
		case 0: /* random bytes */
			v[i++] = (uint8_t)r;
			break;
		case 1: {
			uint32_t x = f32s[r % (sizeof f32s / 4)];
			for (unsigned k = 0; k < 4; k++)
				v[i++] = (uint8_t)(x >> 8 * k);
			break;
		}
		case 2: {
			uint64_t x = f64s[r % (sizeof f64s / 8)];
			for (unsigned k = 0; k < 8; k++)
				v[i++] = (uint8_t)(x >> 8 * k);
			break;
		}
		case 3: {
			uint16_t x = i16s[r % (sizeof i16s / 2)];
			v[i++] = (uint8_t)x;
			v[i++] = (uint8_t)(x >> 8);
			break;
		}
		case 4:
			v[i++] = i8s[r % sizeof i8s];
			break;
		default: /* swizzle-style indices */
			v[i++] = (uint8_t)(r % 40);
			break;
		}
	}
}

#if defined(__x86_64__)
__attribute__((force_align_arg_pointer))
#endif
void _start(void)
{
	static uint64_t vmctx[64]; /* stack limit 0; memory 0 below */
	static uint8_t memory[65536];
	static struct w2n_memory mem = {memory, sizeof memory, 1, 0};
	vmctx[W2N_OFF_VMCTX_MEMORY / 8] = (uint64_t)&mem;
	union w2n_val vals[8];
	const struct w2n_module_desc *m = &w2n_module;
	for (uint32_t e = 0; e < m->nexports; e++) {
		const struct w2n_desc_export *x = &m->exports[e];
		w2n_array_call_fn call = m->funcs[x->index].array_call;
		state = 0x9e3779b97f4a7c15ull;
		for (unsigned t = 0; t < 300; t++) {
			for (unsigned k = 0; k < 8; k++)
				for (unsigned j = 0; j < 16; j++)
					vals[k].v128[j] = 0;
			for (unsigned j = 0; j < 512; j++)
				memory[j] = (uint8_t)rnd();
			fill(vals[0].v128);
			fill(vals[1].v128);
			fill(vals[2].v128);
			uint64_t r = rnd();
			static const int32_t ns[] = {0,          1,   7,   8,   9,  15, 16, 17,
			                             31,         32,  33,  63,  64, 65, -1, (int32_t)0x80000000,
			                             0x7fffffff, 127, 128, -128};
			vals[3].i32 = ns[r % 20];
			vals[4].i64 = (int64_t)rnd();
			uint32_t f = f32s[rnd() % (sizeof f32s / 4)];
			for (unsigned k = 0; k < 4; k++)
				vals[5].v128[k] = (uint8_t)(f >> 8 * k);
			uint64_t d = f64s[rnd() % (sizeof f64s / 8)];
			for (unsigned k = 0; k < 8; k++)
				vals[6].v128[k] = (uint8_t)(d >> 8 * k);
			call((struct w2n_vmctx *)vmctx, vals);
			put(x->name);
			put(" ");
			num(t);
			put(" ");
			hex(vals[0].v128, 16);
			put("\n");
		}
	}
	flush();
#if defined(__x86_64__)
	sys6(60, 0, 0, 0, 0, 0, 0);
#else
	sys6(93, 0, 0, 0, 0, 0, 0);
#endif
	for (;;)
		;
}
