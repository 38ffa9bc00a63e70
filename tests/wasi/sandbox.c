/* sandbox.c — escape attempts against a preopen, made with the raw WASI calls on the
 * preopened fd (wasi-libc would rewrite some paths itself). The runner's fixture:
 *
 *     outside.txt                      a secret outside the sandbox
 *     sandbox/hello.txt, sub/nested.txt
 *     sandbox/link_in -> hello.txt     sandbox/link_sub -> sub
 *     sandbox/sub/up -> ../hello.txt   (inside, climbing within)
 *     sandbox/link_out -> ../outside.txt
 *     sandbox/link_abs -> /abs/path/of/outside.txt
 *     sandbox/link_dotdot -> ..        sandbox/link_chain -> link_dotdot/outside.txt
 *     sandbox/sub/deep_out -> ../../outside.txt
 *     sandbox/loop_a -> loop_b -> loop_a, sandbox/link_dangling -> nothing_here
 *
 * Granted: --dir=sandbox::/sandbox (fd 3) only. Every line must say the same under openat2 and
 * under the fallback walk (the runner runs both). */
#include <stdlib.h>

#include "t.h"

#define READ_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET)

/* Opens `path` beneath the sandbox and prints the errno, and the first line if it opened. */
static void try_open(const char *path, int follow)
{
	__wasi_fd_t fd;
	int e = __wasi_path_open(SANDBOX, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, 0,
	                         READ_RIGHTS, 0, 0, &fd);
	printf("open %s%s: %s", path, follow ? "" : " (nofollow)", ename(e));
	if (e == 0) {
		char buf[64] = {0};
		__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
		__wasi_size_t n;
		__wasi_fd_read(fd, &iov, 1, &n);
		char *nl = strchr(buf, '\n');
		if (nl)
			*nl = '\0';
		printf(" '%s'", buf);
		__wasi_fd_close(fd);
	}
	printf("\n");
}

static void try_stat(const char *path, int follow)
{
	__wasi_filestat_t st;
	int e = __wasi_path_filestat_get(SANDBOX, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path,
	                                 &st);
	printf("stat %s%s: %s", path, follow ? "" : " (nofollow)", ename(e));
	if (e == 0)
		printf(" type %d", st.filetype);
	printf("\n");
}

static void reads(void)
{
	try_open("hello.txt", 1);
	try_open("sub/nested.txt", 1);
	try_open("./sub/../hello.txt", 1);
	try_open("sub//nested.txt", 1);
	try_open("link_in", 1);
	try_open("link_in", 0);
	try_open("link_sub/nested.txt", 1);
	try_open("link_sub/../hello.txt", 1);
	try_open("sub/up", 1);
	try_open("../outside.txt", 1);
	try_open("..", 1);
	try_open("sub/../../outside.txt", 1);
	try_open("sub/../../sandbox/hello.txt", 1);
	try_open("/etc/passwd", 1);
	try_open("/", 1);
	try_open("link_out", 1);
	try_open("link_out", 0);
	try_open("link_abs", 1);
	try_open("link_dotdot/outside.txt", 1);
	try_open("link_chain", 1);
	try_open("sub/deep_out", 1);
	try_open("link_sub/deep_out", 1);
	try_open("loop_a", 1);
	try_open("loop_a/x", 1);
	try_open("link_dangling", 1);
	try_open("hello.txt/", 1);
	try_open("link_out/", 1);
	try_open("", 1);
}

static void stats(void)
{
	try_stat(".", 1);
	try_stat("sub/..", 1);
	try_stat("..", 1);
	try_stat("../outside.txt", 1);
	try_stat("link_out", 0);
	try_stat("link_out", 1);
	try_stat("link_abs", 0);
	try_stat("link_abs", 1);
	try_stat("link_dotdot", 0);
	try_stat("link_dotdot", 1);
	try_stat("link_in", 1);
	try_stat("link_sub/", 0);
}

static void changes(void)
{
	__wasi_fd_t fd;
	show("create through link_dotdot",
	     __wasi_path_open(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_dotdot/created",
	                      __WASI_OFLAGS_CREAT, READ_RIGHTS | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd));
	show("create ../created", __wasi_path_open(SANDBOX, 0, "../created", __WASI_OFLAGS_CREAT,
	                                           READ_RIGHTS | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd));
	show("create through dangling link_out/x",
	     __wasi_path_open(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_out/x",
	                      __WASI_OFLAGS_CREAT, READ_RIGHTS, 0, 0, &fd));
	show("mkdir ../newdir", __wasi_path_create_directory(SANDBOX, "../newdir"));
	show("mkdir link_dotdot/newdir", __wasi_path_create_directory(SANDBOX, "link_dotdot/newdir"));
	show("unlink ../outside.txt", __wasi_path_unlink_file(SANDBOX, "../outside.txt"));
	show("unlink link_dotdot/outside.txt",
	     __wasi_path_unlink_file(SANDBOX, "link_dotdot/outside.txt"));
	show("rmdir ..", __wasi_path_remove_directory(SANDBOX, ".."));
	show("rename hello.txt ../stolen",
	     __wasi_path_rename(SANDBOX, "hello.txt", SANDBOX, "../stolen"));
	show("rename ../outside.txt in", __wasi_path_rename(SANDBOX, "../outside.txt", SANDBOX, "in"));
	show("link ../outside.txt in", __wasi_path_link(SANDBOX, 0, "../outside.txt", SANDBOX, "in"));
	show("link link_out (follow) in",
	     __wasi_path_link(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_out", SANDBOX, "in"));
	show("symlink to an absolute path", __wasi_path_symlink("/etc/passwd", SANDBOX, "abs"));
	show("symlink at ../made", __wasi_path_symlink("hello.txt", SANDBOX, "../made"));
	/* A relative symlink that climbs out can be made, but never followed. */
	show("symlink climb -> ../outside.txt",
	     __wasi_path_symlink("../outside.txt", SANDBOX, "climb"));
	try_open("climb", 1);
	show("unlink climb", __wasi_path_unlink_file(SANDBOX, "climb"));
	show("set times on link_out (follow)",
	     __wasi_path_filestat_set_times(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_out", 0,
	                                    0, __WASI_FSTFLAGS_MTIM_NOW));
	char buf[64] = {0};
	__wasi_size_t n = 0;
	int e = __wasi_path_readlink(SANDBOX, "link_out", (uint8_t *)buf, sizeof buf, &n);
	printf("readlink link_out: %s '%.*s'\n", ename(e), (int)n, buf);
	show("readlink ../x", __wasi_path_readlink(SANDBOX, "../x", (uint8_t *)buf, sizeof buf, &n));
}

/* fds the guest was never given. */
static void fds(void)
{
	__wasi_fd_t fd;
	char buf[8];
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
	__wasi_size_t n;
	__wasi_prestat_t pre;
	show("read fd 4", __wasi_fd_read(4, &iov, 1, &n));
	show("read fd 1000", __wasi_fd_read(1000, &iov, 1, &n));
	show("read fd -1", __wasi_fd_read((__wasi_fd_t)-1, &iov, 1, &n));
	show("prestat fd 4", __wasi_fd_prestat_get(4, &pre));
	show("prestat fd 0", __wasi_fd_prestat_get(0, &pre));
	show("path_open on fd 4", __wasi_path_open(4, 0, "hello.txt", 0, READ_RIGHTS, 0, 0, &fd));
	show("path_open on stdout", __wasi_path_open(1, 0, "hello.txt", 0, READ_RIGHTS, 0, 0, &fd));
	show("close fd 77", __wasi_fd_close(77));
	show("renumber 3 to 50", __wasi_fd_renumber(3, 50));
}

int main(void)
{
	reads();
	stats();
	changes();
	fds();
	return 0;
}
