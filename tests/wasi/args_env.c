/* args_env.c — args_get, args_sizes_get, environ_get, environ_sizes_get: the guest sees its
 * arguments and exactly the granted environment (none by default). */
#include <stdlib.h>

#include "t.h"

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc: %d\n", argc);
	printf("argv[0] present: %s\n", argv[0] != NULL && argv[0][0] != '\0' ? "yes" : "no");
	for (int i = 1; i < argc; i++)
		printf("argv[%d]: '%s'\n", i, argv[i]);
	int n = 0;
	for (char **e = environ; *e != NULL; e++, n++)
		printf("env: '%s'\n", *e);
	printf("env count: %d\n", n);
	const char *path = getenv("PATH");
	printf("PATH visible: %s\n", path ? "yes" : "no");

	/* The sizes agree with what args_get and environ_get write. */
	__wasi_size_t count, size;
	show("args_sizes_get", __wasi_args_sizes_get(&count, &size));
	size_t total = 0;
	for (int i = 0; i < argc; i++)
		total += strlen(argv[i]) + 1;
	printf("args sizes match: %s\n", count == (size_t)argc && size == total ? "yes" : "no");
	show("environ_sizes_get", __wasi_environ_sizes_get(&count, &size));
	total = 0;
	for (char **e = environ; *e != NULL; e++)
		total += strlen(*e) + 1;
	printf("environ sizes match: %s\n", count == (size_t)n && size == total ? "yes" : "no");
	return 0;
}
