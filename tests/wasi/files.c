/* files.c — files and directories in a granted directory through wasi-libc: path_open with
 * every oflag, fd_read/write/pread/pwrite/seek/tell, fd_filestat_*, fd_fdstat_set_flags
 * (append), fd_allocate, fd_advise, fd_sync/datasync, path_filestat_*, path_create_directory,
 * path_remove_directory, path_rename, path_link, path_symlink, path_readlink,
 * path_unlink_file. Granted: --dir=sandbox::/sandbox. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		printf("fopen %s: %s\n", path, ename(errno));
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void print_file(const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		printf("read %s: %s\n", path, ename(errno));
		return;
	}
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	printf("%s contains: '%s'\n", path, buf);
}

static long size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void io(void)
{
	write_file("/sandbox/work/a.txt", "hello\n");
	print_file("/sandbox/work/a.txt");
	int fd = open("/sandbox/work/a.txt", O_RDWR);
	show_libc("open O_RDWR", fd);
	char buf[32] = {0};
	show_libc("pwrite at 10", pwrite(fd, "XYZ", 3, 10));
	printf("size after pwrite: %ld\n", size_of("/sandbox/work/a.txt"));
	show_libc("pread at 10", pread(fd, buf, 3, 10));
	printf("pread got: '%s'\n", buf);
	printf("tell after pread: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("seek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
	printf("seek set 1: %ld\n", (long)lseek(fd, 1, SEEK_SET));
	memset(buf, 0, sizeof buf);
	show_libc("read 4", read(fd, buf, 4));
	printf("read got: '%s'\n", buf);
	printf("seek cur -2: %ld\n", (long)lseek(fd, -2, SEEK_CUR));
	show_libc("seek before start", lseek(fd, -100, SEEK_SET));
	show_libc("ftruncate 3", ftruncate(fd, 3));
	struct stat st;
	show_libc("fstat", fstat(fd, &st));
	printf("fstat size %ld, regular %d, nlink %ld\n", (long)st.st_size, S_ISREG(st.st_mode),
	       (long)st.st_nlink);
	show_libc("posix_fallocate 0+100", posix_fallocate(fd, 0, 100) == 0 ? 0 : -1);
	printf("size after fallocate: %ld\n", size_of("/sandbox/work/a.txt"));
	show_libc("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0 ? 0 : -1);
	show_libc("fsync", fsync(fd));
	show_libc("fdatasync", fdatasync(fd));
	struct timespec times[2] = {{1000000, 5}, {2000000, 7}};
	show_libc("futimens", futimens(fd, times));
	fstat(fd, &st);
	printf("atime %lld.%ld mtime %lld.%ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	close(fd);
	show_libc("read closed fd", read(fd, buf, 1));
}

static void append(void)
{
	write_file("/sandbox/work/log.txt", "one\n");
	int fd = open("/sandbox/work/log.txt", O_WRONLY | O_APPEND);
	show_libc("open O_APPEND", fd);
	printf("O_APPEND reported: %s\n", fcntl(fd, F_GETFL) & O_APPEND ? "yes" : "no");
	lseek(fd, 0, SEEK_SET);
	write(fd, "two\n", 4);
	show_libc("clear O_APPEND", fcntl(fd, F_SETFL, 0));
	printf("O_APPEND reported: %s\n", fcntl(fd, F_GETFL) & O_APPEND ? "yes" : "no");
	lseek(fd, 0, SEEK_SET);
	write(fd, "ONE\n", 4);
	close(fd);
	print_file("/sandbox/work/log.txt");
	show_libc("O_CREAT|O_EXCL on existing",
	          open("/sandbox/work/log.txt", O_CREAT | O_EXCL | O_WRONLY, 0666));
	fd = open("/sandbox/work/log.txt", O_WRONLY | O_TRUNC);
	show_libc("O_TRUNC", fd);
	close(fd);
	printf("size after O_TRUNC: %ld\n", size_of("/sandbox/work/log.txt"));
	show_libc("O_DIRECTORY on a file", open("/sandbox/work/log.txt", O_RDONLY | O_DIRECTORY));
	show_libc("open missing", open("/sandbox/work/missing", O_RDONLY));
	show_libc("write to a directory", open("/sandbox/work", O_WRONLY));
}

static void tree(void)
{
	show_libc("mkdir d", mkdir("/sandbox/work/d", 0755));
	show_libc("mkdir d again", mkdir("/sandbox/work/d", 0755));
	write_file("/sandbox/work/d/f.txt", "in d\n");
	show_libc("rmdir non-empty d", rmdir("/sandbox/work/d"));
	show_libc("rename f.txt to g.txt", rename("/sandbox/work/d/f.txt", "/sandbox/work/d/g.txt"));
	show_libc("stat f.txt", size_of("/sandbox/work/d/f.txt"));
	print_file("/sandbox/work/d/g.txt");
	show_libc("link g.txt h.txt", link("/sandbox/work/d/g.txt", "/sandbox/work/d/h.txt"));
	struct stat st;
	stat("/sandbox/work/d/g.txt", &st);
	printf("nlink after link: %ld\n", (long)st.st_nlink);
	show_libc("symlink s -> g.txt", symlink("g.txt", "/sandbox/work/d/s"));
	char target[64] = {0};
	show_libc("readlink s", readlink("/sandbox/work/d/s", target, sizeof target - 1));
	printf("readlink got: '%s'\n", target);
	memset(target, 0, sizeof target);
	printf("readlink into 3 bytes: %ld '%s'\n", (long)readlink("/sandbox/work/d/s", target, 3),
	       target);
	show_libc("lstat s", lstat("/sandbox/work/d/s", &st));
	printf("lstat s is a symlink: %s\n", S_ISLNK(st.st_mode) ? "yes" : "no");
	show_libc("stat s", stat("/sandbox/work/d/s", &st));
	printf("stat s is a regular file: %s\n", S_ISREG(st.st_mode) ? "yes" : "no");
	print_file("/sandbox/work/d/s");
	show_libc("readlink on a file", readlink("/sandbox/work/d/g.txt", target, sizeof target));
	struct timespec times[2] = {{3000000, 0}, {4000000, 0}};
	show_libc("utimensat", utimensat(AT_FDCWD, "/sandbox/work/d/g.txt", times, 0));
	stat("/sandbox/work/d/g.txt", &st);
	printf("mtime after utimensat: %lld\n", (long long)st.st_mtim.tv_sec);
	show_libc("unlink h.txt", unlink("/sandbox/work/d/h.txt"));
	show_libc("unlink s", unlink("/sandbox/work/d/s"));
	show_libc("unlink a directory", unlink("/sandbox/work/d"));
	show_libc("rmdir a file", rmdir("/sandbox/work/d/g.txt"));
	show_libc("rename d to e", rename("/sandbox/work/d", "/sandbox/work/e"));
	show_libc("unlink e/g.txt", unlink("/sandbox/work/e/g.txt"));
	show_libc("rmdir e", rmdir("/sandbox/work/e"));
	show_libc("stat e", size_of("/sandbox/work/e"));
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(void)
{
	DIR *d = opendir("/sandbox");
	if (d == NULL) {
		printf("opendir: %s\n", ename(errno));
		return;
	}
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 64) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (int i = 0; i < n; i++)
		printf("entry: %s\n", names[i]);
}

int main(void)
{
	show_libc("mkdir work", mkdir("/sandbox/work", 0755));
	io();
	append();
	tree();
	list();
	return 0;
}
