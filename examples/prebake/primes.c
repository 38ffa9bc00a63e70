/* primes.c — a serverless-style function that answers questions about primes, with an
 * initialization worth pre-baking: it sieves the first 48 Mi numbers into a 48 MiB table (and
 * a count of primes per 64 Ki block), then answers each request from argv in microseconds.
 *
 *     primes 97 1000000 50331647      # is N prime, how many primes are <= N, the next prime
 *
 * Built twice (examples/prebake/meson.build): `primes` initializes at every start, as any
 * program does; `primes-baked` was compiled with `wasm2native --prebake`, which ran the export
 * `wizer.initialize` at build time, so it starts with the table already built. Both print the
 * same. The pattern that makes one source serve both: main() initializes only if nobody did
 * before (docs/prebake.md, "Writing an init function"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LIMIT ((uint32_t)48 << 20) /* numbers below this are in the table */
#define BLOCK (1u << 16)

static uint8_t *composite; /* composite[n] != 0: n is not prime (n >= 2) */
static uint32_t *before;   /* before[b]: primes below b * BLOCK */
static int initialized;

static void sieve(void)
{
	composite = calloc(LIMIT, 1);
	composite[0] = composite[1] = 1;
	for (uint32_t p = 2; (uint64_t)p * p < LIMIT; p++)
		if (!composite[p])
			for (uint32_t k = p * p; k < LIMIT; k += p)
				composite[k] = 1;
}

static void count_blocks(void)
{
	before = malloc((LIMIT / BLOCK + 1) * sizeof *before);
	uint32_t count = 0;
	for (uint32_t n = 0; n < LIMIT; n++) {
		if (n % BLOCK == 0)
			before[n / BLOCK] = count;
		count += !composite[n];
	}
	before[LIMIT / BLOCK] = count;
}

/* The initialization: what `--prebake` runs at build time. */
__attribute__((export_name("wizer.initialize"))) void initialize(void)
{
	sieve();
	count_blocks();
	initialized = 1;
}

static uint32_t primes_upto(uint32_t n)
{
	uint32_t count = before[n / BLOCK];
	for (uint32_t k = n / BLOCK * BLOCK; k <= n; k++)
		count += !composite[k];
	return count;
}

static void answer(const char *request)
{
	char *end;
	unsigned long n = strtoul(request, &end, 10);
	if (*request == '\0' || *end != '\0' || n >= LIMIT - 1000) {
		printf("%s: expected a number below %u\n", request, LIMIT - 1000);
		return;
	}
	uint32_t next = (uint32_t)n + 1;
	while (composite[next])
		next++;
	printf("%lu is %s; %u primes <= %lu; next prime %u\n", n, composite[n] ? "not prime" : "prime",
	       primes_upto((uint32_t)n), n, next);
}

int main(int argc, char **argv)
{
	if (!initialized)
		initialize();
	printf("%u primes below %u\n", before[LIMIT / BLOCK], LIMIT);
	for (int i = 1; i < argc; i++)
		answer(argv[i]);
	return 0;
}
