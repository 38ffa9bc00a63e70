/* counter.c — a C program with real threads on wasi-threads (tests/threads/meson.build).
 *
 * Debian's wasi-libc ships no wasm32-wasi-threads sysroot (no pthread_create), so this
 * program has no C library: it imports `wasi` `thread-spawn` and fd_write itself, and its
 * wasi_thread_start (thread_start.s) gives each thread its own stack. Four threads each add 1
 * to a counter 100,000 times with an atomic add, and 20,000 times to a plain int under a
 * mutex made of compare-exchange, memory.atomic.wait32 and notify (Drepper's futex mutex);
 * the main thread sleeps in wait32 until all are done and prints both counts. A lost update
 * or a missed wakeup changes the output or hangs. */
#include <stdint.h>

__attribute__((import_module("wasi"), import_name("thread-spawn"))) int32_t thread_spawn(void *arg);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write"))) int32_t
fd_write(int32_t fd, const void *iovs, int32_t n, int32_t *written);

#define THREADS 4
#define ROUNDS  100000
#define LOCKED  20000

struct start {
	void *stack_top; /* read by thread_start.s */
};

static int counter, done, lock, plain;
static struct start starts[THREADS];
static char stacks[THREADS][16384] __attribute__((aligned(16)));

/* 0 free, 1 held, 2 held and maybe waited for. */
static void mutex_lock(int *l)
{
	int c = 0;
	if (__atomic_compare_exchange_n(l, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (c != 2)
		c = __atomic_exchange_n(l, 2, __ATOMIC_SEQ_CST);
	while (c != 0) {
		__builtin_wasm_memory_atomic_wait32(l, 2, -1);
		c = __atomic_exchange_n(l, 2, __ATOMIC_SEQ_CST);
	}
}

static void mutex_unlock(int *l)
{
	if (__atomic_fetch_sub(l, 1, __ATOMIC_SEQ_CST) != 1) {
		__atomic_store_n(l, 0, __ATOMIC_SEQ_CST);
		__builtin_wasm_memory_atomic_notify(l, 1);
	}
}

void thread_main(int tid, struct start *s)
{
	(void)tid, (void)s;
	for (int i = 0; i < ROUNDS; i++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < LOCKED; i++) {
		mutex_lock(&lock);
		plain = plain + 1;
		mutex_unlock(&lock);
	}
	__atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
	__builtin_wasm_memory_atomic_notify(&done, 1);
}

/* Prints "<label> <n>\n". */
static void print(const char *label, int n)
{
	char buf[48], digits[12], *p = digits + sizeof digits;
	int len = 0;
	while (*label)
		buf[len++] = *label++;
	buf[len++] = ' ';
	do
		*--p = (char)('0' + n % 10);
	while (n /= 10);
	while (p < digits + sizeof digits)
		buf[len++] = *p++;
	buf[len++] = '\n';
	struct {
		const char *p;
		int n;
	} iov = {buf, len};
	int32_t written;
	fd_write(1, &iov, 1, &written);
}

__attribute__((export_name("_start"))) void _start(void)
{
	for (int i = 0; i < THREADS; i++) {
		starts[i] = (struct start){stacks[i] + sizeof stacks[i]};
		if (thread_spawn(&starts[i]) <= 0)
			__builtin_trap();
	}
	for (int d; (d = __atomic_load_n(&done, __ATOMIC_SEQ_CST)) != THREADS;)
		__builtin_wasm_memory_atomic_wait32(&done, d, -1);
	print("atomic", __atomic_load_n(&counter, __ATOMIC_SEQ_CST));
	mutex_lock(&lock);
	print("locked", plain);
	mutex_unlock(&lock);
}
