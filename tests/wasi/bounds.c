/* bounds.c — every guest pointer and length is checked against the guest's memory: pointers
 * past the end are errno `fault`, never a crash of the host, and nothing is done halfway
 * (no fd is opened when the result cannot be stored). Granted: --dir=sandbox::/sandbox. */
#include "t.h"

static uint32_t mem_end(void)
{
	return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}

int main(void)
{
	/* Unbuffered: the raw writes below and the printed results stay in order. */
	setvbuf(stdout, NULL, _IONBF, 0);
	uint32_t end = mem_end();
	static uint32_t iov[2], n;
	static char text[] = "visible\n";

	iov[0] = FAR;
	iov[1] = 4;
	show("fd_write iovec array past the end", raw_fd_write(1, FAR, 1, (int32_t)&n));
	show("fd_write buffer past the end", raw_fd_write(1, (int32_t)iov, 1, (int32_t)&n));
	iov[0] = (uint32_t)text;
	iov[1] = 0xffffffffu;
	show("fd_write length past the end", raw_fd_write(1, (int32_t)iov, 1, (int32_t)&n));
	iov[1] = 8;
	show("fd_write result past the end", raw_fd_write(1, (int32_t)iov, 1, FAR));
	show("fd_write 2000 iovecs", raw_fd_write(1, (int32_t)iov, 2000, (int32_t)&n));
	show("fd_write valid", raw_fd_write(1, (int32_t)iov, 1, (int32_t)&n));
	iov[0] = end - 4;
	iov[1] = 8;
	show("fd_read buffer straddling the end", raw_fd_read(0, (int32_t)iov, 1, (int32_t)&n));
	show("args_get", raw_args_get(FAR, FAR));
	show("args_sizes_get", raw_args_sizes_get(FAR, (int32_t)&n));
	show("environ_get", raw_environ_get(FAR, FAR));
	show("clock_time_get", raw_clock_time_get(0, 0, FAR));
	show("clock_time_get at the last 8 bytes", raw_clock_time_get(0, 0, end - 8));
	show("clock_time_get at the last 4 bytes", raw_clock_time_get(0, 0, end - 4));
	show("random_get", raw_random_get(FAR, 16));
	show("random_get 2 GiB", raw_random_get(1024, 0x7fffffff));
	show("path_open path past the end", raw_path_open(3, 0, FAR, 5, 0, 2, 0, 0, (int32_t)&n));
	show("path_open length past the end",
	     raw_path_open(3, 0, (int32_t)"hello.txt", 0x7fffffff, 0, 2, 0, 0, (int32_t)&n));
	show("path_open result past the end",
	     raw_path_open(3, 0, (int32_t)"hello.txt", 9, 0, 2, 0, 0, FAR));
	show("path_open with a NUL inside",
	     raw_path_open(3, 0, (int32_t)"hello.txt\0x", 11, 0, 2, 0, 0, (int32_t)&n));
	show("path_open valid", raw_path_open(3, 0, (int32_t)"hello.txt", 9, 0, 2, 0, 0, (int32_t)&n));
	printf("no fd leaked by the failed opens: %s\n", n == 4 ? "yes" : "no");
	show("fd_prestat_dir_name", raw_fd_prestat_dir_name(3, FAR, 8));
	show("fd_readdir", raw_fd_readdir(3, FAR, 100, 0, (int32_t)&n));
	show("fd_readdir used past the end", raw_fd_readdir(3, (int32_t)text, 4, 0, FAR));
	show("poll_oneoff", raw_poll_oneoff(FAR, FAR, 1, (int32_t)&n));
	show("path_filestat_get", raw_path_filestat_get(3, 0, (int32_t)"hello.txt", 9, FAR));
	show("fd_filestat_get", raw_fd_filestat_get(3, FAR));
	show("fd_fdstat_get", raw_fd_fdstat_get(1, FAR));
	printf("still running\n");
	return 0;
}
