/* image.c — 8-bit grayscale image filters: a 3x3 box blur, then a Sobel edge magnitude with
 * clamping, then a 256-bin histogram. Byte loads, widening arithmetic, 2-D indexing. */
#include "common.h"

#define DEFAULT_N 36
#define W         1024
#define H         768

static uint8_t src[W * H], blur[W * H], edge[W * H];
static uint32_t hist[256];

/* A synthetic picture: smooth gradients, rings and noise, so both filters see structure. */
static void paint(uint32_t seed)
{
	struct rng r = rng_seed(seed);
	for (uint32_t y = 0; y < H; y++)
		for (uint32_t x = 0; x < W; x++) {
			int32_t dx = (int32_t)x - W / 2, dy = (int32_t)y - H / 2;
			uint32_t ring = (uint32_t)(dx * dx + dy * dy) >> 9;
			src[y * W + x] = (uint8_t)((x + y) / 8 + (ring & 32 ? 96 : 0) + (rng_next(&r) & 15));
		}
}

/* Interior pixels only; the one-pixel border is copied unchanged. */
static void box_blur(void)
{
	__builtin_memcpy(blur, src, W);
	__builtin_memcpy(blur + (H - 1) * W, src + (H - 1) * W, W);
	for (uint32_t y = 1; y < H - 1; y++) {
		const uint8_t *up = src + (y - 1) * W, *mid = src + y * W, *down = src + (y + 1) * W;
		uint8_t *out = blur + y * W;
		out[0] = mid[0];
		out[W - 1] = mid[W - 1];
		for (uint32_t x = 1; x < W - 1; x++) {
			uint32_t s = up[x - 1] + up[x] + up[x + 1] + mid[x - 1] + mid[x] + mid[x + 1] +
			             down[x - 1] + down[x] + down[x + 1];
			/* s / 9 rounded, as a multiply-shift (exact for s <= 2295). */
			out[x] = (uint8_t)(((s + 4) * 7282u) >> 16);
		}
	}
}

static void sobel(void)
{
	__builtin_memset(edge, 0, sizeof edge);
	for (uint32_t y = 1; y < H - 1; y++) {
		const uint8_t *up = blur + (y - 1) * W, *mid = blur + y * W, *down = blur + (y + 1) * W;
		uint8_t *out = edge + y * W;
		for (uint32_t x = 1; x < W - 1; x++) {
			int32_t gx = (up[x + 1] + 2 * mid[x + 1] + down[x + 1]) -
			             (up[x - 1] + 2 * mid[x - 1] + down[x - 1]);
			int32_t gy =
				(down[x - 1] + 2 * down[x] + down[x + 1]) - (up[x - 1] + 2 * up[x] + up[x + 1]);
			int32_t m = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
			out[x] = (uint8_t)(m > 255 ? 255 : m);
		}
	}
}

static uint32_t histogram(uint32_t h)
{
	__builtin_memset(hist, 0, sizeof hist);
	for (uint32_t i = 0; i < W * H; i++)
		hist[edge[i]]++;
	for (uint32_t i = 0; i < 256; i++)
		h = mix(h, hist[i]);
	return h;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		paint(round);
		/* Blur-of-blur passes: the filters, not the painting, dominate. */
		for (uint32_t pass = 0; pass < 4; pass++) {
			box_blur();
			sobel();
			h = histogram(h);
			__builtin_memcpy(src, blur, sizeof src);
		}
	}
	return h;
}
