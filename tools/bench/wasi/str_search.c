/* str_search — strchr, strcmp and strstr over a 4 MiB string. */
#include "common.h"
#include <string.h>

#define SIZE (4u << 20)

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 300);
	char *s = xmalloc(SIZE + 1), *t = xmalloc(SIZE + 1);
	for (uint32_t i = 0; i < SIZE; i++)
		s[i] = (char)('a' + rng_next() % 20); /* no 'u'..'z' in the text */
	s[SIZE] = 0;
	memcpy(t, s, SIZE + 1);
	uint64_t acc = 0;
	for (int r = 0; r < reps; r++) {
		uint32_t pos = SIZE - 64 - (uint32_t)r * 4099 % 65536;
		memcpy(s + pos, "needlexyz", 9);
		char *p = strchr(s + (r & 7), 'x');
		acc += p ? (uint64_t)(p - s) : 1;
		p = strstr(s + (r & 3), "needlexyz");
		acc += p ? (uint64_t)(p - s) : 2;
		p = strstr(s, "abcvwz"); /* absent: scans the whole string */
		acc += p ? (uint64_t)(p - s) : 3;
		acc += (uint64_t)(strcmp(s, t) > 0) + 2 * (uint64_t)(strcmp(t + 1, t + 1) == 0);
		memcpy(s + pos, t + pos, 9);
	}
	printf("%llu\n", (unsigned long long)acc);
	return 0;
}
