/* The explorer against SPIN 6.5.2 on the same state space: pg-classic's
 * bare machine at word=6 addr=2 data=2 mem=20, from the reset state, every
 * program of up to DEPTH instructions (operands 0..3). Both must count the
 * same reachable states; then states per second side by side (wall time for
 * SPIN's pan, which excludes its compilation) and bytes per stored state. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "lockstep.h"
#include "promela.h"
#include "stateset.h"

#define DEPTH 6

typedef struct {
  uint64_t states;
  double seconds, bytes_per_state;
} Figures;

static Figures explore(const Isa *isa, bool fingerprint, unsigned threads)
{
  static const uint64_t supervisor = 0;
  LockstepOptions opt = {.depth = DEPTH, .bare_only = true, .counted = true,
                         .operand_values = 4, .max_states = 2000000000, .threads = threads,
                         .fingerprint = fingerprint};
  opt.init_values[VAR_MODE] = &supervisor;
  opt.ninit_values[VAR_MODE] = 1;
  gint64 t0 = g_get_monotonic_time();
  Lockstep *l = lockstep_run(isa, &opt, NULL);
  Figures f = {l->states, (double)(g_get_monotonic_time() - t0) / 1e6,
               (double)l->bytes / (double)l->states};
  lockstep_free(l);
  return f;
}

static bool run(const char *cmd, const char *dir, char **out)
{
  g_autofree char *full = g_strdup_printf("sh -c 'cd %s && %s'", dir, cmd);
  gint status;
  if (!g_spawn_command_line_sync(full, out, NULL, &status, NULL) || status != 0) {
    fprintf(stderr, "bench-spin: `%s` failed\n", cmd);
    return false;
  }
  return true;
}

/* Exports the model, compiles pan, runs it; false when SPIN is missing. */
static bool spin(const Isa *isa, Figures *f)
{
  g_autofree char *spin_path = g_find_program_in_path("spin");
  if (!spin_path) {
    printf("SPIN: not installed (apt-get install spin): no comparison\n");
    return false;
  }
  uint64_t *words;
  unsigned nwords;
  g_assert_true(lockstep_words(isa, 4, &words, &nwords, NULL));
  g_autofree char *model = promela_model(isa, words, nwords, DEPTH, NULL);
  g_free(words);
  g_autofree char *dir = g_dir_make_tmp("vc-spin-XXXXXX", NULL);
  g_autofree char *pml = g_build_filename(dir, "pg.pml", NULL);
  g_assert_true(g_file_set_contents(pml, model, -1, NULL));
  g_autofree char *out = NULL;
  if (!run("spin -a pg.pml >/dev/null && cc -O2 -DSAFETY -DNOREDUCE -o pan pan.c", dir, NULL))
    return false;
  gint64 t0 = g_get_monotonic_time();
  if (!run("./pan -m1000 -w26", dir, &out))
    return false;
  f->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  const char *stored = strstr(out, " states, stored");
  const char *mem = strstr(out, "actual memory usage for states");
  if (!stored || !mem) {
    fprintf(stderr, "bench-spin: pan printed no state count:\n%s", out);
    return false;
  }
  while (stored > out && stored[-1] != '\n')
    stored--;
  f->states = g_ascii_strtoull(stored, NULL, 10);
  const char *line = mem;
  while (line > out && line[-1] != '\n')
    line--;
  f->bytes_per_state = g_ascii_strtod(line, NULL) * 1048576.0 / (double)f->states;
  g_autofree char *rm = g_strdup_printf("rm -rf %s", dir);
  return run(rm, "/", NULL);
}

int main(void)
{
  const char *const params[] = {"word=6", "addr=2", "data=2", "mem=20", NULL};
  Isa *isa = isa_load("scenarios/pg-classic.isa", params, NULL);
  g_assert_nonnull(isa);
  Figures full = explore(isa, false, 1), two = explore(isa, false, 2), fp = explore(isa, true, 1);
  for (int rep = 0; rep < 2; rep++) { /* best of three: a shared machine is noisy */
    Figures a = explore(isa, false, 1), b = explore(isa, true, 1), c = explore(isa, false, 2);
    full.seconds = MIN(full.seconds, a.seconds);
    fp.seconds = MIN(fp.seconds, b.seconds);
    two.seconds = MIN(two.seconds, c.seconds);
  }
  printf("bench-spin: pg-classic bare machine, word=6 addr=2 data=2 mem=20, programs of up to %d "
         "instructions\n", DEPTH);
  printf("  %-26s %12s %12s %14s %10s\n", "", "states", "seconds", "states/s", "bytes/state");
  printf("  %-26s %12" G_GUINT64_FORMAT " %12.3f %14.0f %10.1f\n", "virtcheck (1 thread)",
         full.states, full.seconds, (double)full.states / full.seconds, full.bytes_per_state);
  printf("  %-26s %12" G_GUINT64_FORMAT " %12.3f %14.0f %10.1f\n", "virtcheck (2 threads)",
         two.states, two.seconds, (double)two.states / two.seconds, two.bytes_per_state);
  printf("  %-26s %12" G_GUINT64_FORMAT " %12.3f %14.0f %10.1f\n", "virtcheck (fingerprints)",
         fp.states, fp.seconds, (double)fp.states / fp.seconds, fp.bytes_per_state);
  Figures s;
  int code = 0;
  if (spin(isa, &s)) {
    printf("  %-26s %12" G_GUINT64_FORMAT " %12.3f %14.0f %10.1f\n", "SPIN 6.5.2 (pan -DSAFETY)",
           s.states, s.seconds, (double)s.states / s.seconds, s.bytes_per_state);
    double ratio = ((double)full.states / full.seconds) / ((double)s.states / s.seconds);
    printf("  same states: %s; virtcheck/SPIN states/s: %.1fx (target >= 10x: %s); "
           "bytes/state %.1f (target <= 32: %s), fingerprints %.1f (target <= 8: %s)\n",
           s.states == full.states ? "yes" : "NO", ratio, ratio >= 10 ? "met" : "NOT met",
           full.bytes_per_state, full.bytes_per_state <= 32 ? "met" : "NOT met",
           fp.bytes_per_state, fp.bytes_per_state <= 8 ? "met" : "NOT met");
    code = s.states == full.states ? 0 : 1;
    g_autofree char *r = g_strdup_printf("%.1fx", ratio);
    bench_target(2, "lockstep explorer states/s vs SPIN, same state space", r, ratio, ">= 10x",
                 ratio >= 10);
  }
  double scale = full.seconds / two.seconds;
  g_autofree char *sc = g_strdup_printf("%.2fx", scale);
  bench_target(3, "lockstep, 2 threads vs 1 (same states)", sc, scale, ">= 1.8x", scale >= 1.8);
  g_autofree char *bytes = g_strdup_printf("%.1f / %.1f", full.bytes_per_state, fp.bytes_per_state);
  bench_target(7, "bytes per stored state: exact / fingerprint", bytes, 0, "<= 32 / <= 8",
               full.bytes_per_state <= 32 && fp.bytes_per_state <= 8);
  isa_free(isa);
  return code;
}
