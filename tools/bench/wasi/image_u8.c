/* image_u8 — 8-bit image filtering on a 2048x1536 grey image: a 3x3 box blur, a separable
 * 5-tap [1 4 6 4 1]/16 convolution and an unsharp mask with saturation. */
#include "common.h"

#define W 2048
#define H 1536

static void box3(const uint8_t *restrict src, uint8_t *restrict dst)
{
	for (int y = 1; y < H - 1; y++)
		for (int x = 1; x < W - 1; x++) {
			const uint8_t *p = src + y * W + x;
			unsigned s =
				p[-W - 1] + p[-W] + p[-W + 1] + p[-1] + p[0] + p[1] + p[W - 1] + p[W] + p[W + 1];
			dst[y * W + x] = (uint8_t)((s * 7282u) >> 16); /* s / 9 */
		}
}

static void gauss5(const uint8_t *restrict src, uint16_t *restrict tmp, uint8_t *restrict dst)
{
	for (int y = 0; y < H; y++)
		for (int x = 2; x < W - 2; x++) {
			const uint8_t *p = src + y * W + x;
			tmp[y * W + x] = (uint16_t)(p[-2] + 4 * p[-1] + 6 * p[0] + 4 * p[1] + p[2]);
		}
	for (int y = 2; y < H - 2; y++)
		for (int x = 0; x < W; x++) {
			const uint16_t *p = tmp + y * W + x;
			unsigned s = p[-2 * W] + 4u * p[-W] + 6u * p[0] + 4u * p[W] + p[2 * W];
			dst[y * W + x] = (uint8_t)((s + 128) >> 8);
		}
}

static void sharpen(const uint8_t *restrict src, const uint8_t *restrict blur,
                    uint8_t *restrict dst)
{
	for (int i = 0; i < W * H; i++) {
		int v = src[i] + ((src[i] - blur[i]) * 3 >> 1);
		dst[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
}

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 60);
	uint8_t *img = xmalloc(W * H), *a = xmalloc(W * H), *b = xmalloc(W * H);
	uint16_t *tmp = xmalloc(W * H * sizeof *tmp);
	for (int i = 0; i < W * H; i++)
		img[i] = (uint8_t)((i % W) * 3 + (i / W) + (rng_next() & 31));
	for (int i = 0; i < W * H; i++)
		a[i] = b[i] = 0;
	for (int i = 0; i < W * H; i++)
		tmp[i] = 0;
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		box3(img, a);
		gauss5(a, tmp, b);
		sharpen(img, b, a);
		h = fnv(a + r * 1031, 4096, h);
		img[r * 7 % (W * H)] ^= (uint8_t)r;
	}
	printf("%08x\n", (unsigned)(h ^ fnv(a, W * H, 0) ^ fnv(b, W * H, 0)));
	return 0;
}
