/* args-env.c — what a guest sees of its command line and its environment: every argument,
 * but only the environment variables it was granted. Built with
 *
 *     wasm2native args-env.wasm -o args-env --env GREETING=hello --env USER
 *
 * it sees GREETING=hello (baked in) and USER with whatever value the launching environment
 * gives it, and nothing else: not HOME, not PATH. More can be granted at launch:
 *
 *     WASM2NATIVE_GRANTS='--env=LANG' ./args-env one "two words"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
	/* argv[0] is the path the program was started with; its last part is enough here. */
	const char *slash = strrchr(argv[0], '/');
	printf("program: %s\n", slash ? slash + 1 : argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argument %d: %s\n", i, argv[i]);
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		printf("environment: %s\n", *e);
	if (n == 0)
		printf("environment: (empty)\n");
	const char *greeting = getenv("GREETING");
	const char *user = getenv("USER");
	printf("%s, %s!\n", greeting ? greeting : "Hello", user ? user : "stranger");
	return 0;
}
