/* make soak: the theorem-consistency property (theorems.h) on any number
 * of generated ISAs, in parallel processes. Prints "N ISAs, V violations",
 * the statistics, and each violation's seed and spec.
 *   soak [--seeds N] [--first S] [--jobs J] [--depth K] [--max-states M]
 *   soak --print SEED        the spec of one seed, to replay or minimize */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen_isa.h"
#include "theorems.h"

static void run_share(uint64_t first, uint64_t n, unsigned job, unsigned jobs,
                      const TheoremOptions *opt, int fd)
{
  TheoremStats st = {0};
  GString *report = g_string_new(NULL);
  for (uint64_t s = first + job; s < first + n; s += jobs) {
    theorem_check(s, opt, &st, report);
    if (job == 0 && isatty(2))
      fprintf(stderr, "\rsoak: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " ISAs", s - first + 1, n);
  }
  if (write(fd, &st, sizeof st) != sizeof st || write(fd, report->str, report->len) < 0)
    _exit(4);
  g_string_free(report, TRUE);
}

int main(int argc, char **argv)
{
  gint64 seeds = 10000, first = 1;
  gint jobs = 2, depth = 2;
  gint64 max_states = 30000, print = -1;
  GOptionEntry entries[] = {
      {"seeds", 'n', 0, G_OPTION_ARG_INT64, &seeds, "How many ISAs (default 10000)", "N"},
      {"first", 0, 0, G_OPTION_ARG_INT64, &first, "The first seed (default 1)", "S"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Processes (default 2)", "J"},
      {"depth", 'k', 0, G_OPTION_ARG_INT, &depth, "Lockstep program length (default 2)", "K"},
      {"max-states", 0, 0, G_OPTION_ARG_INT64, &max_states,
       "Exhaustive states per classification query (default 30000)", "M"},
      {"print", 0, 0, G_OPTION_ARG_INT64, &print, "Print the spec of one seed and stop", "SEED"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("");
  g_option_context_set_summary(ctx, "Theorem consistency on random ISAs (tests/theorems.h).");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err) || seeds < 0 || first < 0 || jobs < 1 ||
      jobs > 64 || depth < 1 || depth > 8 || max_states < 1) {
    fprintf(stderr, "soak: %s\n", err ? err->message : "expected --seeds >= 0, --first >= 0, "
                                                       "--jobs 1..64, --depth 1..8");
    return 2;
  }
  if (print >= 0) {
    g_autofree char *src = gen_isa((uint64_t)print);
    fputs(src, stdout);
    return 0;
  }
  TheoremOptions opt = {(unsigned)depth, (uint64_t)max_states};
  int fds[64];
  pid_t pids[64];
  for (int j = 0; j < jobs; j++) {
    int p[2];
    if (pipe(p) || (pids[j] = fork()) < 0) {
      perror("soak");
      return 4;
    }
    if (pids[j] == 0) {
      close(p[0]);
      run_share((uint64_t)first, (uint64_t)seeds, (unsigned)j, (unsigned)jobs, &opt, p[1]);
      _exit(0);
    }
    close(p[1]);
    fds[j] = p[0];
  }
  TheoremStats total = {0};
  GString *report = g_string_new(NULL);
  int code = 0;
  for (int j = 0; j < jobs; j++) {
    TheoremStats st;
    char buf[65536];
    ssize_t got = read(fds[j], &st, sizeof st);
    if (got != (ssize_t)sizeof st)
      code = 4;
    else
      theorem_stats_add(&total, &st);
    while ((got = read(fds[j], buf, sizeof buf)) > 0)
      g_string_append_len(report, buf, got);
    close(fds[j]);
    int status;
    waitpid(pids[j], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status))
      code = 4;
  }
  if (isatty(2))
    fprintf(stderr, "\n");
  g_autofree char *text = theorem_stats_text(&total);
  fputs(report->str, stdout);
  fputs(text, stdout);
  g_string_free(report, TRUE);
  return code ? code : total.violations ? 1 : 0;
}
