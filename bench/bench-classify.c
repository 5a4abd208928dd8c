/* Figures for the checker (not a timed test):
 *  - time to classify every instruction of the x86 scenario at word width 32
 *    with SMT (target: under 100 ms in total);
 *  - exhaustive engine throughput on one core at word width 8 (target: at
 *    least 20 million states per second). */
#include <stdio.h>

#include "bench.h"
#include "classify.h"
#include "explore.h"

static double now(void)
{
  return (double)g_get_monotonic_time() / 1e6;
}

int main(void)
{
  GError *err = NULL;
  const char *const x86_params[] = {"word=32", NULL};
  Isa *x86 = isa_load("scenarios/x86.isa", x86_params, &err);
  g_assert_no_error(err);
  ClassifyOptions smt = {.engine = ENGINE_SMT, .timeout_ms = 60000};
  double t0 = now();
  Classification *c = classify_isa(x86, &smt, &err);
  double smt_s = now() - t0;
  g_assert_no_error(err);
  unsigned queries = 0;
  for (unsigned i = 0; i < x86->ninsns; i++)
    queries += c->insn[i].nasked;
  printf("bench-classify: x86 at word width 32, SMT (Z3)\n");
  printf("  %u instructions, %u queries: %.1f ms in total (target < 100 ms)\n", x86->ninsns,
         queries, smt_s * 1e3);
  g_autofree char *ms = g_strdup_printf("%.0f ms (%u queries)", smt_s * 1e3, queries);
  bench_target(6, "x86 classified by SMT at word 32", ms, smt_s, "< 100 ms", smt_s < 0.1);
  classification_free(c);
  isa_free(x86);

  /* pg-classic at word 8: add's privilege and control queries enumerate
   * a, pc, reloc, bound, mode, acc and a storage word in full (the static
   * footprint: a residual one would leave out pc and acc, and the figure
   * is the rate). */
  const char *const pg_params[] = {"word=8", "addr=4", "data=8", "mem=20", NULL};
  Isa *pg = isa_load("scenarios/pg-classic.isa", pg_params, &err);
  g_assert_no_error(err);
  int add = isa_find_insn(pg, "add");
  const Query qs[] = {{.kind = Q_USER_RUNS, .sel = SEL_USER, .resource = -1},
                      {.kind = Q_CONTROL, .sel = SEL_USER, .resource = -1},
                      {.kind = Q_CONTROL, .sel = SEL_SUPERVISOR, .resource = -1}};
  uint64_t states = 0;
  t0 = now();
  for (size_t k = 0; k < G_N_ELEMENTS(qs); k++) {
    QueryResult r; /* a fixed budget per query: the figure is the rate */
    explore_query(pg, (unsigned)add, &qs[k], NULL, NULL, VC_DEFAULT_MAX_STATES, 0, &r);
    states += r.states;
    query_result_clear(&r);
  }
  double ex_s = now() - t0;
  printf("bench-classify: exhaustive engine, pg-classic add at word width 8, one core\n");
  printf("  %" G_GUINT64_FORMAT " states in %.2f s: %.1f M states/s (target >= 20)\n", states,
         ex_s, (double)states / ex_s / 1e6);
  double mps = (double)states / ex_s / 1e6;
  g_autofree char *rate = g_strdup_printf("%.1f M/s", mps);
  bench_target(5, "exhaustive classification, one core, word 8", rate, mps, ">= 20 M/s",
               mps >= 20);
  isa_free(pg);
  return 0;
}
