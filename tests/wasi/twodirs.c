/* twodirs.c — two preopens (--dir=sandbox::/sandbox --dir=sandbox/sub::/data): their names
 * (fd_prestat_get, fd_prestat_dir_name), wasi-libc routing absolute paths to the right one,
 * and each being its own root. */
#include <fcntl.h>
#include <unistd.h>

#include "t.h"

static void cat(const char *path)
{
	char buf[64] = {0};
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("cat %s: %s\n", path, ename(errno));
		return;
	}
	read(fd, buf, sizeof buf - 1);
	close(fd);
	printf("cat %s: %s", path, buf);
}

int main(void)
{
	for (__wasi_fd_t fd = 3; fd < 6; fd++) {
		__wasi_prestat_t pre;
		int e = __wasi_fd_prestat_get(fd, &pre);
		printf("prestat %u: %s", fd, ename(e));
		if (e == 0) {
			char name[64] = {0};
			__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, pre.u.dir.pr_name_len);
			printf(", tag %d, name '%s' (%lu bytes)", pre.tag, name,
			       (unsigned long)pre.u.dir.pr_name_len);
		}
		printf("\n");
	}
	cat("/sandbox/hello.txt");
	cat("/sandbox/sub/nested.txt");
	cat("/data/nested.txt");
	cat("/data/../hello.txt");
	cat("/data/up");
	cat("/other/x");
	return 0;
}
