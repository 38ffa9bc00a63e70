/* trap.c — a trap. Averaging an empty list divides by zero; in C that is undefined behaviour,
 * in WebAssembly it is a trap. The sandbox stops the program with the spec's message and the
 * function's name (from the module's name section), and the process exits with status 134
 * (128 + SIGABRT, as for abort()):
 *
 *     wasm trap: integer divide by zero (in function average)
 *
 * Out-of-bounds memory accesses, `unreachable`, bad indirect calls and stack overflow are
 * traps too. A trap ends the program at once, like abort(): output still in stdio's buffers
 * is lost, hence the fflush.
 */
#include <stdio.h>

/* noinline: kept a function of its own in the wasm, so the trap can name it. */
__attribute__((noinline)) static int average(const int *values, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += values[i];
	return sum / n;
}

int main(int argc, char **argv)
{
	int values[] = {3, 5, 7};
	printf("average of 3 values: %d\n", average(values, 3));
	/* No arguments: an empty list. */
	printf("average of %d values: ...\n", argc - 1);
	fflush(stdout);
	printf("%d\n", average(values, argc - 1));
	return 0;
}
