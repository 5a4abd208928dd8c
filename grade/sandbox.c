#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0 /* AddressSanitizer reserves terabytes of address space */
#endif

bool sandbox_limits_memory(void)
{
  return !UNDER_ASAN;
}

static const char header[] = "virtcheck-sandbox\n"; /* a result the task wrote in full */

typedef struct {
  pid_t pid;
  unsigned task;
  FILE *out, *err; /* unlinked files: what the child returned, its stderr */
  gint64 deadline;
  bool killed;
} Child;

static void write_all(int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      _exit(125);
    p += w, n -= (size_t)w;
  }
}

static G_GNUC_NORETURN void child_main(const Child *c, const SandboxLimits *lim,
                                       SandboxTask task, void *ctx)
{
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0)
    dup2(devnull, 1);
  dup2(fileno(c->err), 2);
  rlim_t cpu = (rlim_t)ceil(lim->seconds);
  struct rlimit r = {cpu, cpu + 1};
  setrlimit(RLIMIT_CPU, &r);
  if (lim->bytes && sandbox_limits_memory()) {
    struct rlimit m = {lim->bytes, lim->bytes};
    setrlimit(RLIMIT_AS, &m);
  }
  char *text = task(c->task, ctx);
  int fd = fileno(c->out);
  write_all(fd, header, sizeof header - 1);
  write_all(fd, text, strlen(text));
  _exit(0); /* no atexit handlers, no flushing of the parent's buffers */
}

static char *slurp(FILE *f)
{
  GString *s = g_string_new(NULL);
  char buf[4096];
  size_t n;
  rewind(f);
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    g_string_append_len(s, buf, (gssize)n);
  return g_string_free(s, FALSE);
}

static void finish(Child *c, int status, const SandboxLimits *lim, SandboxResult *r)
{
  g_autofree char *out = slurp(c->out), *err = slurp(c->err);
  fclose(c->out);
  fclose(c->err);
  memset(r, 0, sizeof *r);
  if (WIFEXITED(status) && !WEXITSTATUS(status) && g_str_has_prefix(out, header)) {
    r->end = SANDBOX_DONE;
    r->text = g_strdup(out + sizeof header - 1);
  } else if (c->killed || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) {
    r->end = SANDBOX_TIME;
    r->why = g_strdup_printf("stopped at the time limit of %g s", lim->seconds);
  } else if (strstr(err, "failed to allocate") || strstr(err, "out of memory") ||
             strstr(err, "bad_alloc")) {
    r->end = SANDBOX_MEMORY;
    r->why = g_strdup_printf("ran out of memory at the limit of %" G_GUINT64_FORMAT " MiB",
                             lim->bytes >> 20);
  } else {
    r->end = SANDBOX_CRASHED;
    r->why = WIFSIGNALED(status)
                 ? g_strdup_printf("crashed: killed by signal %d (%s)", WTERMSIG(status),
                                   strsignal(WTERMSIG(status)))
                 : g_strdup_printf("crashed: exited with status %d without a result",
                                   WEXITSTATUS(status));
  }
}

static bool start(Child *c, unsigned task, const SandboxLimits *lim, SandboxTask fn, void *ctx)
{
  c->task = task;
  c->killed = false;
  c->out = tmpfile();
  c->err = tmpfile();
  if (!c->out || !c->err)
    return false;
  fflush(NULL);
  c->pid = fork();
  if (c->pid == 0)
    child_main(c, lim, fn, ctx);
  c->deadline = g_get_monotonic_time() + (gint64)(lim->seconds * 1e6);
  return c->pid > 0;
}

void sandbox_run(unsigned n, unsigned jobs, const SandboxLimits *lim, SandboxTask fn,
                 SandboxDone done, void *ctx, SandboxResult *out)
{
  if (!jobs)
    jobs = 1;
  Child *kids = g_new0(Child, jobs);
  unsigned running = 0, next = 0, ended = 0;
  /* SIGCHLD is waited for, not handled: blocked here, taken by sigtimedwait */
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  while (ended < n) {
    while (running < jobs && next < n) {
      Child *c = &kids[running];
      if (!start(c, next, lim, fn, ctx)) {
        if (c->out)
          fclose(c->out);
        if (c->err)
          fclose(c->err);
        out[next] = (SandboxResult){SANDBOX_CRASHED, NULL,
                                    g_strdup_printf("not run: %s", g_strerror(errno))};
        ended++;
        if (done)
          done(next, ended, n, ctx);
        next++;
        continue;
      }
      next++, running++;
    }
    bool reaped = false;
    for (unsigned k = 0; k < running;) {
      int status;
      pid_t p = waitpid(kids[k].pid, &status, WNOHANG);
      if (p != kids[k].pid) {
        k++;
        continue;
      }
      finish(&kids[k], status, lim, &out[kids[k].task]);
      ended++, reaped = true;
      if (done)
        done(kids[k].task, ended, n, ctx);
      kids[k] = kids[--running];
    }
    if (reaped || !running)
      continue;
    gint64 now = g_get_monotonic_time(), soonest = G_MAXINT64;
    for (unsigned k = 0; k < running; k++) {
      if (!kids[k].killed && now >= kids[k].deadline) {
        kill(kids[k].pid, SIGKILL);
        kids[k].killed = true;
      }
      if (!kids[k].killed)
        soonest = MIN(soonest, kids[k].deadline);
    }
    gint64 wait = soonest == G_MAXINT64 ? 10000 : MIN(soonest - now, 100000);
    struct timespec ts = {(time_t)(wait / 1000000), (long)(wait % 1000000) * 1000};
    sigtimedwait(&chld, NULL, &ts);
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  g_free(kids);
}

void sandbox_result_clear(SandboxResult *r)
{
  g_free(r->text);
  g_free(r->why);
  memset(r, 0, sizeof *r);
}
