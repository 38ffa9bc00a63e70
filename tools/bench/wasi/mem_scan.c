/* mem_scan — memchr, memcmp and strlen over 4 MiB: libc's scanning routines, where the match
 * lies far into the buffer. */
#include "common.h"
#include <string.h>

#define SIZE (4u << 20)

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 1000);
	char *s = xmalloc(SIZE + 1), *t = xmalloc(SIZE + 1);
	for (uint32_t i = 0; i < SIZE; i++)
		s[i] = (char)('a' + rng_next() % 26);
	s[SIZE] = 0;
	memcpy(t, s, SIZE + 1);
	uint64_t acc = 0;
	for (int r = 0; r < reps; r++) {
		uint32_t pos = SIZE - 1 - (uint32_t)r * 4099 % 65536;
		char keep = s[pos];
		s[pos] = 0;
		acc += strlen(s + (r & 7));
		s[pos] = '#';
		char *p = memchr(s + (r & 15), '#', SIZE - 16);
		acc += p ? (uint64_t)(p - s) : 7;
		acc += (uint64_t)(memcmp(s, t, SIZE) + 1000); /* differs at pos */
		s[pos] = keep;
		acc += (uint64_t)(memcmp(s + 5, t + 5, SIZE - 5) + 1000); /* equal */
	}
	printf("%llu\n", (unsigned long long)acc);
	return 0;
}
