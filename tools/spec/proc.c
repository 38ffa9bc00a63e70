/* proc.c — runs a test executable with its output in files and a time limit.
 *
 * The executable runs generated code: it may loop forever or crash, and it must never take the
 * runner down or hang a CI job. It gets its own process group so that a timeout kills whatever
 * it started too (qemu's threads, for instance).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spec.h"

static void child(char *const argv[], const char *out_path, const char *err_path)
{
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	setpgid(0, 0);
	if (out < 0 || err < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	execvp(argv[0], argv);
	dprintf(2, "w2n-spec: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct spec_exit spec_run_process(char *const argv[], const char *out_path, const char *err_path,
                                  unsigned timeout)
{
	struct spec_exit e = {.status = -1};
	double deadline = now() + timeout;
	struct timespec nap = {0, 1000000}; /* 1 ms, doubling up to 50 ms */
	pid_t pid = fork();

	if (pid == 0)
		child(argv, out_path, err_path);
	if (pid < 0)
		return e;
	setpgid(pid, pid); /* also here: no race with the child's own call */
	for (;;) {
		pid_t r = waitpid(pid, &e.status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (!e.timed_out && now() > deadline) {
			e.timed_out = true;
			kill(-pid, SIGKILL);
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
	/* Anything the executable left running in its group goes too. */
	kill(-pid, SIGKILL);
	return e;
}

void spec_describe_exit(struct spec_exit e, unsigned timeout, char *buf, size_t size)
{
	if (e.timed_out)
		snprintf(buf, size, "timed out after %u s", timeout);
	else if (e.status == -1)
		snprintf(buf, size, "could not start");
	else if (WIFSIGNALED(e.status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(e.status),
		         strsignal(WTERMSIG(e.status)));
	else
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(e.status));
}
