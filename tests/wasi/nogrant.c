/* nogrant.c — deny by default: with no grants there is no preopen, no environment, and
 * nothing but stdin, stdout and stderr. */
#include <fcntl.h>
#include <stdlib.h>

#include "t.h"

extern char **environ;

int main(void)
{
	__wasi_prestat_t pre;
	for (__wasi_fd_t fd = 0; fd < 8; fd++) {
		__wasi_fdstat_t st;
		printf("fd %u: fdstat %s, prestat %s\n", fd, ename(__wasi_fd_fdstat_get(fd, &st)),
		       ename(__wasi_fd_prestat_get(fd, &pre)));
	}
	show_libc("open /etc/passwd", open("/etc/passwd", O_RDONLY));
	show_libc("open passwd", open("passwd", O_RDONLY));
	show_libc("open .", open(".", O_RDONLY));
	__wasi_fd_t fd;
	show("path_open on fd 3", __wasi_path_open(3, 0, "x", 0, 0, 0, 0, &fd));
	show("path_open on fd 0", __wasi_path_open(0, 0, "x", 0, 0, 0, 0, &fd));
	printf("environment empty: %s\n", environ[0] == NULL ? "yes" : "no");
	printf("HOME: %s\n", getenv("HOME") ? "visible" : "unset");
	printf("hello on stdout\n");
	fprintf(stderr, "hello on stderr\n");
	return 0;
}
