/* corners.c — the corners an outside conformance suite found: socket calls on descriptors that
 * are not sockets (`notsock`, whatever their rights), path_open with the sync fdflags (no
 * fd_sync/fd_datasync rights needed to open), and paths that are not valid UTF-8 (`ilseq`).
 * Granted: --dir=sandbox::/sandbox. */
#include "t.h"

static void not_sockets(__wasi_fd_t fd, const char *what)
{
	char buf[8];
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
	__wasi_ciovec_t ciov = {(const uint8_t *)buf, sizeof buf};
	__wasi_size_t n;
	__wasi_roflags_t flags;
	__wasi_fd_t c;
	char line[96];
	snprintf(line, sizeof line, "sock_shutdown on %s", what);
	show(line, __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD));
	snprintf(line, sizeof line, "sock_recv on %s", what);
	show(line, __wasi_sock_recv(fd, &iov, 1, 0, &n, &flags));
	snprintf(line, sizeof line, "sock_send on %s", what);
	show(line, __wasi_sock_send(fd, &ciov, 1, 0, &n));
	snprintf(line, sizeof line, "sock_accept on %s", what);
	show(line, __wasi_sock_accept(fd, 0, &c));
}

static void open_sync(const char *what, __wasi_fdflags_t fdflags)
{
	__wasi_fd_t fd;
	int e = __wasi_path_open(SANDBOX, 0, "hello.txt", 0,
	                         __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, fdflags, &fd);
	__wasi_fdstat_t st = {0};
	if (e == 0) {
		__wasi_fd_fdstat_get(fd, &st);
		__wasi_fd_close(fd);
	}
	/* Linux has O_DSYNC and O_SYNC (which implies O_DSYNC, and is O_RSYNC): fd_fdstat_get
	 * reports sync|rsync (24) for O_SYNC, dsync (2) for O_DSYNC alone. */
	printf("path_open with %s: %s, fdflags %d\n", what, ename(e), st.fs_flags);
}

static void bad_path(const char *what, const char *path)
{
	__wasi_fd_t fd;
	__wasi_filestat_t st;
	char line[96];
	snprintf(line, sizeof line, "path_open %s", what);
	show(line, __wasi_path_open(SANDBOX, 0, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
	snprintf(line, sizeof line, "path_filestat_get %s", what);
	show(line, __wasi_path_filestat_get(SANDBOX, 0, path, &st));
}

int main(void)
{
	__wasi_fd_t file;
	__wasi_path_open(SANDBOX, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0,
	                 0, &file);
	not_sockets(file, "a file");
	not_sockets(SANDBOX, "a directory");
	not_sockets(0, "stdin");
	show("sock_shutdown on a closed fd", __wasi_sock_shutdown(42, __WASI_SDFLAGS_RD));

	open_sync("sync", __WASI_FDFLAGS_SYNC);
	open_sync("dsync", __WASI_FDFLAGS_DSYNC);
	open_sync("rsync", __WASI_FDFLAGS_RSYNC);
	open_sync("dsync|sync", __WASI_FDFLAGS_DSYNC | __WASI_FDFLAGS_SYNC);

	bad_path("with a stray byte 0xff", "bad\xff.txt");
	bad_path("with a lone continuation byte", "\x80");
	bad_path("overlong '/'", "a\xc0\xaf");
	bad_path("overlong 3-byte", "\xe0\x80\xaf");
	bad_path("a surrogate", "\xed\xa0\x80");
	bad_path("past U+10FFFF", "\xf4\x90\x80\x80");
	bad_path("cut short", "euro\xe2\x82");
	bad_path("valid: e-acute (absent)", "caf\xc3\xa9");
	bad_path("valid: U+10FFFF (absent)", "x\xf4\x8f\xbf\xbf");
	show("path_symlink to an invalid target", __wasi_path_symlink("\xff", SANDBOX, "ln"));
	show("path_open of a 4-byte character, created",
	     __wasi_path_open(SANDBOX, 0, "\xf0\x9f\x98\x80.txt", __WASI_OFLAGS_CREAT,
	                      __WASI_RIGHTS_FD_WRITE, 0, 0, &file));
	return 0;
}
