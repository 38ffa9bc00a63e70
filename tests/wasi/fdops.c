/* fdops.c — the fd table and rights: fd_fdstat_get/set_flags/set_rights, rights inherited
 * through path_open, fd_renumber, fd_close, fd_prestat_*, fd_seek/fd_tell rules, argument
 * checks of fd_advise, fd_allocate, fd_filestat_set_times, path_open's oflags.
 * Granted: --dir=sandbox::/sandbox (fd 3). */
#include "t.h"

#define R(x) __WASI_RIGHTS_##x

static __wasi_fd_t open_file(const char *path, __wasi_oflags_t oflags, __wasi_rights_t rights,
                             __wasi_fdflags_t fdflags, const char *what)
{
	__wasi_fd_t fd = (__wasi_fd_t)-1;
	int e = __wasi_path_open(SANDBOX, 0, path, oflags, rights, 0, fdflags, &fd);
	printf("%s: %s\n", what, ename(e));
	return fd;
}

static void stat_of(__wasi_fd_t fd, const char *what)
{
	__wasi_fdstat_t st;
	int e = __wasi_fd_fdstat_get(fd, &st);
	printf("fdstat %s: %s type %d flags %d base %#llx inheriting %#llx\n", what, ename(e),
	       st.fs_filetype, st.fs_flags, (unsigned long long)st.fs_rights_base,
	       (unsigned long long)st.fs_rights_inheriting);
}

static void rights(void)
{
	stat_of(SANDBOX, "preopen");
	__wasi_fd_t ro = open_file("hello.txt", 0, R(FD_READ), 0, "open read-only rights");
	stat_of(ro, "read-only file");
	char buf[16];
	__wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
	__wasi_size_t n;
	__wasi_filesize_t pos;
	show("write without fd_write", __wasi_fd_write(ro, &ciov, 1, &n));
	show("seek without fd_seek", __wasi_fd_seek(ro, 1, __WASI_WHENCE_SET, &pos));
	show("tell without fd_tell", __wasi_fd_tell(ro, &pos));
	show("allocate without fd_allocate", __wasi_fd_allocate(ro, 0, 1));
	show("read", __wasi_fd_read(ro, &iov, 1, &n));
	show("drop fd_read", __wasi_fd_fdstat_set_rights(ro, 0, 0));
	show("read after dropping", __wasi_fd_read(ro, &iov, 1, &n));
	show("regain fd_read", __wasi_fd_fdstat_set_rights(ro, R(FD_READ), 0));
	__wasi_fd_close(ro);

	/* A directory opened with narrower inheriting rights passes on no more. */
	__wasi_fd_t dir;
	int e = __wasi_path_open(SANDBOX, 0, "sub", __WASI_OFLAGS_DIRECTORY,
	                         R(PATH_OPEN) | R(FD_READDIR), R(FD_READ), 0, &dir);
	show("open sub with narrow inheriting rights", e);
	__wasi_fd_t f;
	show("open sub/nested.txt for reading",
	     __wasi_path_open(dir, 0, "nested.txt", 0, R(FD_READ), 0, 0, &f));
	__wasi_fd_close(f);
	show("open sub/nested.txt for writing",
	     __wasi_path_open(dir, 0, "nested.txt", 0, R(FD_WRITE), 0, 0, &f));
	show("create in sub without path_create_file",
	     __wasi_path_open(dir, 0, "new", __WASI_OFLAGS_CREAT, R(FD_READ), 0, 0, &f));
	show("mkdir in sub without the right", __wasi_path_create_directory(dir, "d"));
	__wasi_fd_close(dir);
	show("open with more rights than the preopen passes on",
	     __wasi_path_open(SANDBOX, 0, "hello.txt", 0, 1ull << 40, 0, 0, &f));
}

static void flags(void)
{
	__wasi_fd_t fd =
		open_file("flags.txt", __WASI_OFLAGS_CREAT,
	              R(FD_READ) | R(FD_WRITE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_SEEK) | R(FD_TELL) |
	                  R(FD_FILESTAT_SET_TIMES) | R(FD_ADVISE) | R(FD_DATASYNC) | R(FD_SYNC),
	              __WASI_FDFLAGS_APPEND, "create flags.txt with append");
	stat_of(fd, "flags.txt");
	show("set nonblock", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
	stat_of(fd, "flags.txt");
	show("set dsync", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC));
	show("set unknown flag", __wasi_fd_fdstat_set_flags(fd, 0x40));
	__wasi_filesize_t pos;
	show("seek whence 3", __wasi_fd_seek(fd, 0, 3, &pos));
	show("seek to -1", __wasi_fd_seek(fd, -1, __WASI_WHENCE_SET, &pos));
	show("advise 9", __wasi_fd_advise(fd, 0, 0, 9));
	show("advise willneed", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_WILLNEED));
	show("set times atim and atim_now",
	     __wasi_fd_filestat_set_times(fd, 1, 1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
	show("set times mtim_now", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
	show("datasync", __wasi_fd_datasync(fd));
	show("sync", __wasi_fd_sync(fd));
	__wasi_fd_close(fd);
	/* The sync flags need no sync rights (docs/wasi.md "Rights"): fd_datasync is the right to
	 * call fd_datasync. */
	show("dsync without fd_datasync",
	     __wasi_path_open(SANDBOX, 0, "flags.txt", 0, R(FD_READ), 0, __WASI_FDFLAGS_DSYNC, &fd));
	__wasi_fd_close(fd);
	show("oflags creat|directory",
	     __wasi_path_open(SANDBOX, 0, "newdir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY,
	                      R(FD_READ), 0, 0, &fd));
	show("unknown oflag", __wasi_path_open(SANDBOX, 0, "x", 0x10, R(FD_READ), 0, 0, &fd));
	show("seek on a directory", __wasi_fd_seek(SANDBOX, 0, __WASI_WHENCE_SET, &pos));
	show("read a directory", __wasi_fd_read(SANDBOX, NULL, 0, (__wasi_size_t *)&pos));
}

static void table(void)
{
	__wasi_fd_t a = open_file("hello.txt", 0, R(FD_READ), 0, "open hello.txt");
	__wasi_fd_t b = open_file("sub/nested.txt", 0, R(FD_READ), 0, "open sub/nested.txt");
	printf("fds are the lowest free: %s\n", a == 4 && b == 5 ? "yes" : "no");
	show("renumber a to b", __wasi_fd_renumber(a, b));
	char buf[32] = {0};
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
	__wasi_size_t n;
	show("read b", __wasi_fd_read(b, &iov, 1, &n));
	printf("b now reads: %s", buf);
	show("read a", __wasi_fd_read(a, &iov, 1, &n));
	show("renumber b to itself", __wasi_fd_renumber(b, b));
	show("renumber b to a closed fd", __wasi_fd_renumber(b, 9));
	__wasi_fd_t c = open_file("hello.txt", 0, R(FD_READ), 0, "open again");
	printf("reuses the freed fd: %s\n", c == a ? "yes" : "no");
	__wasi_fd_close(b);
	__wasi_fd_close(c);

	__wasi_prestat_t pre;
	show("prestat 3", __wasi_fd_prestat_get(3, &pre));
	char name[8];
	show("prestat_dir_name into 4 bytes", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 4));
	show("prestat_dir_name into 8 bytes", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 8));
	show("close the preopen", __wasi_fd_close(3));
	show("prestat 3 after close", __wasi_fd_prestat_get(3, &pre));
	show("close it again", __wasi_fd_close(3));
	__wasi_fd_t fd;
	show("open through the closed preopen",
	     __wasi_path_open(3, 0, "hello.txt", 0, R(FD_READ), 0, 0, &fd));
}

int main(void)
{
	rights();
	flags();
	table();
	return 0;
}
