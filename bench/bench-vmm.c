/* Guest instructions per second under the trap monitor (one, and three
 * stacked) against the bare machine, on a compute-bound pg-classic guest
 * (target: at least 0.8 of the bare machine under one monitor). */
#include <stdio.h>

#include "bench.h"
#include "vmm.h"

enum { ROUNDS = 100 };

static double rate(const Isa *isa, const Program *p, int depth, uint64_t *steps)
{
  GError *err = NULL;
  double t0 = cpu_seconds();
  *steps = 0;
  for (int r = 0; r < ROUNDS; r++) {
    if (depth == 0) {
      Machine *m = machine_new(isa);
      machine_load(m, p);
      machine_run(m, UINT64_MAX, NULL, NULL);
      *steps += m->steps;
      machine_free(m);
      continue;
    }
    VmStack *s = vmm_stack_new(isa, MON_TRAP, (unsigned)depth, monitor_reserved(isa), 1, NULL,
                                 &err);
    g_assert_no_error(err);
    machine_load(s->guests[0]->m, p);
    vmm_run(s->guests, 1, 1000, UINT64_MAX, NULL, NULL);
    *steps += s->guests[0]->m->steps;
    vmm_stack_free(s);
  }
  return (double)*steps / (cpu_seconds() - t0);
}

int main(void)
{
  GError *err = NULL;
  Isa *isa = isa_load("scenarios/pg-classic.isa", NULL, &err);
  g_assert_no_error(err);
  Program *p = asm_assemble(isa, "countdown.s", COUNTDOWN, strlen(COUNTDOWN), &err);
  g_assert_no_error(err);
  uint64_t n0, n1, n3;
  double bare = 0, one = 0, three = 0;
  rate(isa, p, 0, &n0); /* warm-up: whatever runs first otherwise pays for it */
  for (int trial = 0; trial < 5; trial++) { /* interleaved, best of five: less noise */
    one = MAX(one, rate(isa, p, 1, &n1));
    three = MAX(three, rate(isa, p, 3, &n3));
    bare = MAX(bare, rate(isa, p, 0, &n0));
  }
  printf("bench-vmm: pg-classic count-down loop, %d rounds, best of 5\n", ROUNDS);
  printf("  bare machine            %9" G_GUINT64_FORMAT " instructions  %6.1f M/s\n", n0,
         bare / 1e6);
  printf("  trap monitor            %9" G_GUINT64_FORMAT " instructions  %6.1f M/s  ratio %.3f "
         "(target >= 0.8)\n", n1, one / 1e6, one / bare);
  printf("  three stacked monitors  %9" G_GUINT64_FORMAT " instructions  %6.1f M/s  ratio %.3f\n",
         n3, three / 1e6, three / bare);
  g_autofree char *r = g_strdup_printf("%.3f", one / bare);
  bench_target(4, "trap monitor / bare machine", r, one / bare, ">= 0.8 (stays)", one / bare >= 0.8);
  program_free(p);
  isa_free(isa);
  return n0 == n1 && n1 == n3 ? 0 : 1;
}
