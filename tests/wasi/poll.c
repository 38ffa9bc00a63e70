/* poll.c — poll_oneoff: relative and absolute clock timeouts, fd readiness with nbytes,
 * per-subscription errors as events, and the rules for the call itself.
 * Granted: --dir=sandbox::/sandbox. */
#include "t.h"

static __wasi_timestamp_t now(__wasi_clockid_t id)
{
	__wasi_timestamp_t t;
	__wasi_clock_time_get(id, 1, &t);
	return t;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout,
                                       int abstime)
{
	__wasi_subscription_t s = {.userdata = userdata};
	s.u.tag = __WASI_EVENTTYPE_CLOCK;
	s.u.u.clock.id = id;
	s.u.u.clock.timeout = timeout;
	s.u.u.clock.flags = abstime ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
	return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd)
{
	__wasi_subscription_t s = {.userdata = userdata};
	s.u.tag = type;
	s.u.u.fd_read.file_descriptor = fd;
	return s;
}

static void poll(const char *what, __wasi_subscription_t *subs, int n)
{
	__wasi_event_t ev[8];
	__wasi_size_t got = 0;
	int e = __wasi_poll_oneoff(subs, ev, n, &got);
	printf("%s: %s, %lu event(s)", what, ename(e), (unsigned long)got);
	for (unsigned i = 0; i < got; i++) {
		printf("; userdata %llu type %d error %s", (unsigned long long)ev[i].userdata, ev[i].type,
		       ename(ev[i].error));
		if (ev[i].type == __WASI_EVENTTYPE_FD_READ)
			printf(" nbytes %llu", (unsigned long long)ev[i].fd_readwrite.nbytes);
	}
	printf("\n");
}

int main(void)
{
	__wasi_subscription_t s[4];
	__wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
	s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 30000000, 0);
	poll("monotonic 30 ms", s, 1);
	printf("waited 30 ms: %s\n", now(__WASI_CLOCKID_MONOTONIC) - t0 >= 30000000 ? "yes" : "no");

	t0 = now(__WASI_CLOCKID_MONOTONIC);
	s[0] = clock_sub(2, __WASI_CLOCKID_REALTIME, now(__WASI_CLOCKID_REALTIME) + 20000000, 1);
	poll("realtime absolute +20 ms", s, 1);
	printf("waited 20 ms: %s\n", now(__WASI_CLOCKID_MONOTONIC) - t0 >= 20000000 ? "yes" : "no");
	s[0] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, 1, 1);
	poll("monotonic absolute in the past", s, 1);
	s[0] = clock_sub(4, __WASI_CLOCKID_MONOTONIC, 10000000, 0);
	s[1] = clock_sub(5, __WASI_CLOCKID_MONOTONIC, 20000000000ull, 0);
	poll("10 ms and 20 s", s, 2);

	__wasi_fd_t fd;
	__wasi_path_open(SANDBOX, 0, "hello.txt", 0,
	                 __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_POLL_FD_READWRITE, 0, 0, &fd);
	char buf[6];
	__wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
	__wasi_size_t n;
	__wasi_fd_read(fd, &iov, 1, &n);
	s[0] = fd_sub(6, __WASI_EVENTTYPE_FD_READ, fd);
	s[1] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 20000000000ull, 0);
	poll("file readable (6 bytes read) and 20 s", s, 2);
	s[0] = fd_sub(8, __WASI_EVENTTYPE_FD_WRITE, 1);
	poll("stdout writable", s, 1);
	s[0] = fd_sub(9, __WASI_EVENTTYPE_FD_READ, 42);
	s[1] = clock_sub(10, __WASI_CLOCKID_MONOTONIC, 20000000000ull, 0);
	poll("bad fd and 20 s", s, 2);
	__wasi_fd_t nopoll;
	__wasi_path_open(SANDBOX, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &nopoll);
	s[0] = fd_sub(11, __WASI_EVENTTYPE_FD_READ, nopoll);
	poll("fd without poll_fd_readwrite", s, 1);
	s[0] = clock_sub(12, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000, 0);
	poll("process cputime clock", s, 1);
	/* A CPU-time deadline already reached is due at once; a future one cannot be slept on. */
	s[0] = clock_sub(15, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 0, 0);
	poll("process cputime clock, relative 0", s, 1);
	s[0] = clock_sub(16, __WASI_CLOCKID_THREAD_CPUTIME_ID, 1, 1);
	poll("thread cputime clock, absolute in the past", s, 1);
	s[0] = clock_sub(17, __WASI_CLOCKID_THREAD_CPUTIME_ID,
	                 now(__WASI_CLOCKID_THREAD_CPUTIME_ID) + 1000000000000ull, 1);
	poll("thread cputime clock, absolute in the future", s, 1);
	s[0] = clock_sub(13, 9, 1000, 0);
	poll("clock 9", s, 1);
	s[0] = clock_sub(14, 0, 0, 0);
	s[0].u.tag = 7;
	poll("unknown event type", s, 1);
	poll("no subscriptions", s, 0);
	return 0;
}
