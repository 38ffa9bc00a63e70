/* sock.c — sock_accept, sock_recv, sock_send, sock_shutdown on sockets the host granted
 * (listening sockets preopened by w2n_wasi_new) and the connections accepted from them, and
 * w2n_wasi_listen, which makes such a socket for a grant like "127.0.0.1:8080". Preview 1 has
 * no way to create, bind or connect a socket: a guest can only serve what it was given. */
#include "internal.h"

#define HOST_AF_INET             2
#define HOST_AF_INET6            10
#define HOST_SOCK_STREAM         1
#define HOST_SOCK_NONBLOCK       04000
#define HOST_SOCK_CLOEXEC        02000000
#define HOST_SOL_SOCKET          1
#define HOST_SO_REUSEADDR        2
#define HOST_MSG_PEEK            0x2
#define HOST_MSG_TRUNC           0x20
#define HOST_MSG_WAITALL         0x100
#define HOST_MSG_NOSIGNAL        0x4000
#define WASI_RECV_PEEK           1
#define WASI_RECV_WAITALL        2
#define WASI_RECV_DATA_TRUNCATED 1
#define LISTEN_BACKLOG           128

struct host_msghdr {
	void *name;
	uint32_t namelen;
	struct host_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

/* The socket `fd` with `rights`, held (wasi_fd_put): `badf` if it is not open, `notsock` if
 * it is open but not a socket (what the kernel says; its rights would otherwise make it
 * `notcapable`, and a guest's shutdown() on a file must see ENOTSOCK), `notcapable` if it
 * lacks the rights. */
static struct wasi_fd *sock_get(struct w2n_wasi *w, uint32_t fd, uint64_t rights, uint16_t *err)
{
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, err);
	if (f == NULL)
		return NULL;
	uint64_t base, inheriting;
	wasi_fd_rights(w, f, &base, &inheriting);
	if (f->type != WASI_FILETYPE_SOCKET_STREAM && f->type != WASI_FILETYPE_SOCKET_DGRAM)
		*err = WASI_ENOTSOCK;
	else if ((base & rights) != rights)
		*err = WASI_ENOTCAPABLE;
	if (*err == WASI_ESUCCESS)
		return f;
	wasi_fd_put(w, f);
	return NULL;
}

static uint16_t accept_on(struct w2n_wasi *w, struct wasi_fd *f, uint32_t flags, uint32_t newfd)
{
	if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
		return WASI_EINVAL;
	if (guest_ptr(w, newfd, 4) == NULL)
		return WASI_EFAULT;
	int sflags = HOST_SOCK_CLOEXEC | (flags & WASI_FDFLAG_NONBLOCK ? HOST_SOCK_NONBLOCK : 0);
	long host = sys6(W2N_SYS_accept4, f->host, 0, 0, sflags, 0, 0);
	if (host < 0)
		return wasi_errno(host);
	uint64_t base, inheriting;
	wasi_fd_rights(w, f, &base, &inheriting);
	int64_t n =
		wasi_fd_add(w, (int)host, WASI_FILETYPE_SOCKET_STREAM, WASI_RIGHTS_SOCKET & inheriting, 0);
	if (n < 0) {
		host_close((int)host);
		return WASI_ENOMEM;
	}
	return wasi_put_u32(w, newfd, (uint32_t)n);
}

int32_t wasi_sock_accept(struct w2n_vmctx *vm, uint32_t fd, uint32_t flags, uint32_t newfd)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = sock_get(w, fd, WASI_RIGHT_SOCK_ACCEPT, &e);
	if (f == NULL)
		return e;
	e = accept_on(w, f, flags, newfd);
	wasi_fd_put(w, f);
	return e;
}

static uint16_t recv_on(struct w2n_wasi *w, struct wasi_fd *f, uint32_t iovs, uint32_t niovs,
                        uint32_t riflags, uint32_t len, uint32_t roflags)
{
	if (riflags & ~(uint32_t)(WASI_RECV_PEEK | WASI_RECV_WAITALL))
		return WASI_EINVAL;
	struct host_iovec iov[WASI_IOV_MAX];
	uint16_t e = wasi_iovecs(w, iovs, niovs, iov);
	if (e != WASI_ESUCCESS)
		return e;
	uint8_t *lenp = guest_ptr(w, len, 4), *flagsp = guest_ptr(w, roflags, 2);
	if (lenp == NULL || flagsp == NULL)
		return WASI_EFAULT;
	struct host_msghdr msg = {.iov = iov, .iovlen = niovs};
	int flags = (riflags & WASI_RECV_PEEK ? HOST_MSG_PEEK : 0) |
	            (riflags & WASI_RECV_WAITALL ? HOST_MSG_WAITALL : 0);
	long r = sys3(W2N_SYS_recvmsg, f->host, (long)&msg, flags);
	if (r < 0)
		return wasi_errno(r);
	put_u32(lenp, (uint32_t)r);
	put_u16(flagsp, msg.flags & HOST_MSG_TRUNC ? WASI_RECV_DATA_TRUNCATED : 0);
	return WASI_ESUCCESS;
}

int32_t wasi_sock_recv(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                       uint32_t riflags, uint32_t len, uint32_t roflags)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = sock_get(w, fd, WASI_RIGHT_FD_READ, &e);
	if (f == NULL)
		return e;
	e = recv_on(w, f, iovs, niovs, riflags, len, roflags);
	wasi_fd_put(w, f);
	return e;
}

/* MSG_NOSIGNAL: a peer that went away is `pipe` for the guest, not SIGPIPE for the process. */
static uint16_t send_on(struct w2n_wasi *w, struct wasi_fd *f, uint32_t iovs, uint32_t niovs,
                        uint32_t siflags, uint32_t len)
{
	if (siflags != 0) /* preview 1 defines no send flags */
		return WASI_EINVAL;
	struct host_iovec iov[WASI_IOV_MAX];
	uint16_t e = wasi_iovecs(w, iovs, niovs, iov);
	if (e != WASI_ESUCCESS)
		return e;
	if (guest_ptr(w, len, 4) == NULL)
		return WASI_EFAULT;
	struct host_msghdr msg = {.iov = iov, .iovlen = niovs};
	long r = sys3(W2N_SYS_sendmsg, f->host, (long)&msg, HOST_MSG_NOSIGNAL);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u32(w, len, (uint32_t)r);
}

int32_t wasi_sock_send(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                       uint32_t siflags, uint32_t len)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = sock_get(w, fd, WASI_RIGHT_FD_WRITE, &e);
	if (f == NULL)
		return e;
	e = send_on(w, f, iovs, niovs, siflags, len);
	wasi_fd_put(w, f);
	return e;
}

/* sdflags rd = 1, wr = 2, both = 3; Linux SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2. */
int32_t wasi_sock_shutdown(struct w2n_vmctx *vm, uint32_t fd, uint32_t how)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = sock_get(w, fd, WASI_RIGHT_SOCK_SHUTDOWN, &e);
	if (f == NULL)
		return e;
	e = how == 0 || how > 3 ? WASI_EINVAL : wasi_errno(sys3(W2N_SYS_shutdown, f->host, how - 1, 0));
	wasi_fd_put(w, f);
	return e;
}

/* ---- w2n_wasi_listen: parsing "ADDR:PORT" and making the socket ------------------------ */

struct host_sockaddr {
	uint16_t family;
	uint8_t data[26]; /* in: port @0, addr @2; in6: port @0, flowinfo @2, addr @6, scope @22 */
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Dotted quad in [s, end) into 4 bytes. */
static bool parse_ipv4(const char *s, const char *end, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		const char *start = s;
		while (s < end && *s >= '0' && *s <= '9' && v <= 255)
			v = v * 10 + (unsigned)(*s++ - '0');
		if (s == start || v > 255 || (i < 3 && (s == end || *s++ != '.')))
			return false;
		out[i] = (uint8_t)v;
	}
	return s == end;
}

/* IPv6 text (hex groups, at most one "::") in [s, end) into 16 bytes. */
static bool parse_ipv6(const char *s, const char *end, uint8_t out[16])
{
	uint16_t groups[8] = {0};
	int n = 0, gap = -1;
	if (end - s >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
	}
	while (s < end) {
		unsigned v = 0;
		int digits = 0;
		while (s < end && hexval(*s) >= 0 && digits < 5)
			v = v * 16 + (unsigned)hexval(*s++), digits++;
		if (digits == 0 || digits > 4 || n == 8)
			return false;
		groups[n++] = (uint16_t)v;
		if (s == end)
			break;
		if (*s++ != ':' || s == end)
			return false;
		if (*s == ':') {
			if (gap >= 0)
				return false;
			gap = n;
			s++;
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return false;
	int fill = 8 - n;
	memset(out, 0, 16);
	for (int i = 0, k = 0; i < n; i++, k++) {
		if (i == gap)
			k += fill;
		out[2 * k] = (uint8_t)(groups[i] >> 8);
		out[2 * k + 1] = (uint8_t)groups[i];
	}
	return true;
}

/* "A.B.C.D:PORT" or "[V6]:PORT" into a sockaddr; its length, or 0 if malformed. */
static uint32_t parse_addr(const char *addr, struct host_sockaddr *sa)
{
	const char *colon = NULL;
	for (const char *p = addr; *p; p++)
		if (*p == ':')
			colon = p;
	if (colon == NULL || colon[1] == '\0')
		return 0;
	unsigned port = 0;
	for (const char *p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9' || (port = port * 10 + (unsigned)(*p - '0')) > 65535)
			return 0;
	}
	memset(sa, 0, sizeof *sa);
	sa->data[0] = (uint8_t)(port >> 8); /* network byte order */
	sa->data[1] = (uint8_t)port;
	if (addr[0] == '[') {
		sa->family = HOST_AF_INET6;
		if (colon[-1] != ']' || !parse_ipv6(addr + 1, colon - 1, sa->data + 6))
			return 0;
		return 28;
	}
	sa->family = HOST_AF_INET;
	return parse_ipv4(addr, colon, sa->data + 2) ? 16 : 0;
}

static int listen_error(struct w2n_error *err, const char *what, long r)
{
	err->kind = W2N_ERR_RESOURCE;
	w2n_fmt(err->message, sizeof err->message, "%s (errno %ld)", what, -r);
	return -1;
}

WASI_SMALL int w2n_wasi_listen(const char *addr, struct w2n_error *err)
{
	struct host_sockaddr sa;
	uint32_t len = parse_addr(addr, &sa);
	if (len == 0) {
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "expected IPV4:PORT or [IPV6]:PORT, got '%s'",
		        addr);
		return -1;
	}
	long fd = sys3(W2N_SYS_socket, sa.family, HOST_SOCK_STREAM | HOST_SOCK_CLOEXEC, 0);
	if (fd < 0)
		return listen_error(err, "cannot create a socket", fd);
	int one = 1;
	sys6(W2N_SYS_setsockopt, fd, HOST_SOL_SOCKET, HOST_SO_REUSEADDR, (long)&one, sizeof one, 0);
	long r = sys3(W2N_SYS_bind, fd, (long)&sa, len);
	if (r < 0) {
		host_close((int)fd);
		return listen_error(err, r == -98 ? "address in use" : "cannot bind", r);
	}
	r = sys3(W2N_SYS_listen, fd, LISTEN_BACKLOG, 0);
	if (r < 0) {
		host_close((int)fd);
		return listen_error(err, "cannot listen", r);
	}
	return (int)fd;
}
