/* files.c — WASI file calls from several threads at once (tests/threads/meson.build, run.sh:
 * it runs with a temporary directory granted as the preopen, WASI fd 3).
 *
 * Like counter.c, no C library: it imports `wasi` `thread-spawn` and the WASI functions it
 * uses. Eight threads each, 100 rounds: open six files of their own (path_open with O_CREAT
 * and O_TRUNC: up to 56 open at once, past the runtime's first 16 and 32 fd slots, so the
 * table grows while other threads use it), write a line naming thread, round and file to each,
 * close them; open and close them twice more without I/O (quick opens and closes racing with
 * the other threads'); open them again to read the lines back, compare, close. Then the main
 * thread checks that every fd above 3 is closed again. A race on the fd table shows up as an
 * error, a line read from another thread's file, or an fd left open: before the table had its
 * lock, 6 runs of 6 printed errors (3 to 10). Prints "errors 0", "checked 4800", "open 0". */
#include <stdint.h>

#define IMPORT(NAME) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#NAME)))
__attribute__((import_module("wasi"), import_name("thread-spawn"))) int32_t thread_spawn(void *arg);
IMPORT(fd_write) int32_t fd_write(int32_t fd, const void *iovs, int32_t n, int32_t *done);
IMPORT(fd_read) int32_t fd_read(int32_t fd, const void *iovs, int32_t n, int32_t *done);
IMPORT(fd_close) int32_t fd_close(int32_t fd);
IMPORT(fd_fdstat_get) int32_t fd_fdstat_get(int32_t fd, void *stat);
IMPORT(path_open)
int32_t path_open(int32_t dir, int32_t dirflags, const char *path, int32_t len, int32_t oflags,
                  int64_t base, int64_t inheriting, int32_t fdflags, int32_t *fd);

#define THREADS     8
#define ROUNDS      100
#define FILES       6
#define CHURN       2
#define PREOPEN     3
#define O_CREAT     1
#define O_TRUNC     8
#define RIGHT_READ  (1ll << 1)
#define RIGHT_WRITE (1ll << 6)

struct start {
	void *stack_top; /* read by thread_start.s */
	int index;
};

struct iovec {
	const void *p;
	int32_t n;
};

static int done, errors, checked;
static struct start starts[THREADS];
static char stacks[THREADS][16384] __attribute__((aligned(16)));

/* Appends the decimal digits of n at p; returns the end. */
static char *put_num(char *p, int n)
{
	char digits[12], *d = digits + sizeof digits;
	do
		*--d = (char)('0' + n % 10);
	while (n /= 10);
	while (d < digits + sizeof digits)
		*p++ = *d++;
	return p;
}

/* "t<thread> r<round> f<file>\n" into buf; returns its length. */
static int line(char *buf, int t, int r, int f)
{
	char *p = buf;
	*p++ = 't';
	p = put_num(p, t);
	*p++ = ' ';
	*p++ = 'r';
	p = put_num(p, r);
	*p++ = ' ';
	*p++ = 'f';
	p = put_num(p, f);
	*p++ = '\n';
	return (int)(p - buf);
}

static int32_t open_file(int t, int f, int32_t oflags, int64_t rights)
{
	char name[8] = {'f', (char)('0' + t), (char)('0' + f)};
	int32_t fd = -1;
	if (path_open(PREOPEN, 0, name, 3, oflags, rights, 0, 0, &fd) != 0)
		return -1;
	return fd;
}

static void fail(void)
{
	__atomic_fetch_add(&errors, 1, __ATOMIC_SEQ_CST);
}

/* Writes this round's lines, each through its own fd, all open at once. */
static void write_round(int t, int r)
{
	int32_t fds[FILES];
	for (int f = 0; f < FILES; f++)
		fds[f] = open_file(t, f, O_CREAT | O_TRUNC, RIGHT_WRITE);
	for (int f = 0; f < FILES; f++) {
		char buf[40];
		struct iovec iov = {buf, line(buf, t, r, f)};
		int32_t n = 0;
		if (fds[f] < 0 || fd_write(fds[f], &iov, 1, &n) != 0 || n != iov.n)
			fail();
	}
	for (int f = 0; f < FILES; f++)
		if (fds[f] < 0 || fd_close(fds[f]) != 0)
			fail();
}

/* Reads them back and compares. */
static void check_round(int t, int r)
{
	for (int f = 0; f < FILES; f++) {
		char want[40], got[64];
		int len = line(want, t, r, f);
		struct iovec iov = {got, sizeof got};
		int32_t n = 0, fd = open_file(t, f, 0, RIGHT_READ);
		if (fd < 0 || fd_read(fd, &iov, 1, &n) != 0 || fd_close(fd) != 0) {
			fail();
			continue;
		}
		int same = n == len;
		for (int i = 0; same && i < len; i++)
			same = got[i] == want[i];
		if (!same)
			fail();
		__atomic_fetch_add(&checked, 1, __ATOMIC_SEQ_CST);
	}
}

/* Opens and closes without I/O, CHURN times FILES fds at once: many quick path_opens and
 * fd_closes racing with the other threads'. */
static void churn(int t)
{
	for (int k = 0; k < CHURN; k++) {
		int32_t fds[FILES];
		for (int f = 0; f < FILES; f++)
			fds[f] = open_file(t, f, 0, RIGHT_READ);
		for (int f = 0; f < FILES; f++)
			if (fds[f] < 0 || fd_close(fds[f]) != 0)
				fail();
	}
}

void thread_main(int tid, struct start *s)
{
	(void)tid;
	for (int r = 0; r < ROUNDS; r++) {
		write_round(s->index, r);
		churn(s->index);
		check_round(s->index, r);
	}
	__atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
	__builtin_wasm_memory_atomic_notify(&done, 1);
}

/* Prints "<label> <n>\n". */
static void print(const char *label, int n)
{
	char buf[48];
	int len = 0;
	while (*label)
		buf[len++] = *label++;
	buf[len++] = ' ';
	len = (int)(put_num(buf + len, n) - buf);
	buf[len++] = '\n';
	struct iovec iov = {buf, len};
	int32_t written;
	fd_write(1, &iov, 1, &written);
}

__attribute__((export_name("_start"))) void _start(void)
{
	for (int i = 0; i < THREADS; i++) {
		starts[i] = (struct start){stacks[i] + sizeof stacks[i], i};
		if (thread_spawn(&starts[i]) <= 0)
			__builtin_trap();
	}
	for (int d; (d = __atomic_load_n(&done, __ATOMIC_SEQ_CST)) != THREADS;)
		__builtin_wasm_memory_atomic_wait32(&done, d, -1);
	int open = 0;
	for (int32_t fd = PREOPEN + 1; fd < 128; fd++) {
		uint64_t stat[3];
		open += fd_fdstat_get(fd, stat) == 0;
	}
	print("errors", __atomic_load_n(&errors, __ATOMIC_SEQ_CST));
	print("checked", __atomic_load_n(&checked, __ATOMIC_SEQ_CST));
	print("open", open);
}
