/* fuel.c — counts for ever, writing each number as it goes (unbuffered: nothing is lost when
 * the fuel runs out mid-line). With --fuel N it stops at a point that depends on N only: the
 * same on every run and on every target. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char line[16];
	for (unsigned i = 0;; i++) {
		int n = snprintf(line, sizeof line, "%u\n", i);
		write(1, line, (size_t)n);
	}
}
