/* sock.c — sock_accept, sock_recv, sock_send, sock_shutdown on a granted listening socket
 * (fd 3: --listen-fd=N or --listen=ADDR:PORT from the runner, which connects, sends "ping from
 * the client", shuts down its side and prints what comes back). */
#include "t.h"

int main(void)
{
	__wasi_fdstat_t st;
	__wasi_fd_fdstat_get(3, &st);
	printf("fd 3 type: %d, can accept: %s\n", st.fs_filetype,
	       st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT ? "yes" : "no");
	__wasi_fd_t c;
	show("accept on stdin", __wasi_sock_accept(0, 0, &c));
	show("accept with bad flags", __wasi_sock_accept(3, __WASI_FDFLAGS_APPEND, &c));
	show("accept", __wasi_sock_accept(3, 0, &c));
	__wasi_fd_fdstat_get(c, &st);
	printf("connection type: %d\n", st.fs_filetype);

	char buf[128] = {0}, peek[8] = {0};
	__wasi_iovec_t iov = {(uint8_t *)peek, 4};
	__wasi_size_t n = 0, total = 0;
	__wasi_roflags_t flags = 0;
	/* Wait for the first bytes, then peek at them: they stay for the real read. */
	__wasi_subscription_t sub = {.userdata = 1};
	sub.u.tag = __WASI_EVENTTYPE_FD_READ;
	sub.u.u.fd_read.file_descriptor = c;
	__wasi_event_t ev;
	__wasi_poll_oneoff(&sub, &ev, 1, &n);
	printf("poll: event type %d error %s\n", ev.type, ename(ev.error));
	show("recv peek", __wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &flags));
	printf("peeked: '%s' (%lu bytes, flags %d)\n", peek, (unsigned long)n, flags);
	show("recv bad flags", __wasi_sock_recv(c, &iov, 1, 4, &n, &flags));
	for (;;) {
		iov = (__wasi_iovec_t){(uint8_t *)buf + total, sizeof buf - 1 - total};
		int e = __wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_WAITALL, &n, &flags);
		if (e != 0 || n == 0)
			break;
		total += n;
	}
	printf("server got: '%s'\n", buf);
	char reply[160];
	int len = snprintf(reply, sizeof reply, "pong: %s", buf);
	__wasi_ciovec_t ciov[2] = {{(const uint8_t *)reply, 6}, {(const uint8_t *)reply + 6, len - 6}};
	show("send", __wasi_sock_send(c, ciov, 2, 0, &n));
	printf("sent %lu bytes\n", (unsigned long)n);
	show("send bad flags", __wasi_sock_send(c, ciov, 1, 1, &n));
	show("shutdown 0", __wasi_sock_shutdown(c, 0));
	show("shutdown wr", __wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));
	show("shutdown on the listener", __wasi_sock_shutdown(3, __WASI_SDFLAGS_RD));
	show("close", __wasi_fd_close(c));
	/* Accept's flags are the new fd's; the listener itself is made nonblocking with
	 * fd_fdstat_set_flags. */
	show("make the listener nonblocking", __wasi_fd_fdstat_set_flags(3, __WASI_FDFLAGS_NONBLOCK));
	show("accept with nothing pending", __wasi_sock_accept(3, __WASI_FDFLAGS_NONBLOCK, &c));
	show("send on stdout (a pipe)", __wasi_sock_send(1, ciov, 1, 0, &n));
	fflush(stdout);
	return 0;
}
