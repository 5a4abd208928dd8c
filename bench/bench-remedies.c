/* Guest instructions per second under each monitor kind against the bare
 * machine, on a compute-bound x86 kernel loop that runs a critical
 * instruction (POPF) once in every five: the cost of each remedy, and the
 * share of instructions each runs directly. The trap monitor's figure is
 * beside them for scale; it runs POPF directly and so gets it wrong. The
 * assisted run is x86-vtx (the same encodings, with VT-x). */
#include <stdio.h>

#include "bench.h"
#include "paravirt.h"
#include "remedy.h"

enum { ROUNDS = 20 };

static const char *const KERNEL_LOOP = "        .org 8\n"
                                       "        .entry start\n"
                                       "start:  mov n\n"
                                       "loop:   add minus1\n"
                                       "        popf flags\n"
                                       "        cmp zero\n"
                                       "        jz done\n"
                                       "        jmp loop\n"
                                       "done:   hlt\n"
                                       "n:      .word 20000\n"
                                       "minus1: .word 0xffffffff\n"
                                       "flags:  .word 2\n"
                                       "zero:   .word 0\n";

typedef struct {
  const Isa *isa;
  const Program *prog;
  const TranslationSet *ts;
  MonitorKind kind;
  bool bare;
  uint64_t steps, direct;
} Run;

static double rate(Run *r)
{
  GError *err = NULL;
  double t0 = cpu_seconds();
  r->steps = r->direct = 0;
  for (int k = 0; k < ROUNDS; k++) {
    if (r->bare) {
      Machine *m = machine_new(r->isa);
      machine_load(m, r->prog);
      machine_run(m, UINT64_MAX, NULL, NULL);
      r->steps += m->steps, r->direct += m->steps;
      machine_free(m);
      continue;
    }
    VmStack *s = vmm_stack_new(r->isa, r->kind, 1, monitor_reserved(r->isa), 1, r->ts, &err);
    g_assert_no_error(err);
    machine_load(s->guests[0]->m, r->prog);
    vmm_run(s->guests, 1, 1000, UINT64_MAX, NULL, NULL);
    r->steps += s->guests[0]->m->steps, r->direct += s->guests[0]->counts.direct;
    vmm_stack_free(s);
  }
  return (double)r->steps / (cpu_seconds() - t0);
}

static Isa *load(const char *path, Program **p, TranslationSet **ts)
{
  GError *err = NULL;
  Isa *isa = isa_load(path, NULL, &err);
  g_assert_no_error(err);
  *p = asm_assemble(isa, "kernel-loop.s", KERNEL_LOOP, strlen(KERNEL_LOOP), &err);
  g_assert_no_error(err);
  *ts = translation_set_derive(isa, 60000, 0, &err);
  g_assert_no_error(err);
  return isa;
}

int main(void)
{
  Program *p, *pv;
  TranslationSet *ts, *vts;
  Isa *x86 = load("scenarios/x86.isa", &p, &ts), *vtx = load("scenarios/x86-vtx.isa", &pv, &vts);
  GError *err = NULL;
  Rewrite *rw = paravirt_rewrite(x86, p, ts, &err);
  g_assert_no_error(err);
  Run runs[] = {
      {x86, p, ts, MON_TRAP, true, 0, 0},          {x86, p, ts, MON_TRAP, false, 0, 0},
      {x86, p, ts, MON_TRANSLATE, false, 0, 0},    {x86, p, ts, MON_PATCH, false, 0, 0},
      {x86, rw->prog, ts, MON_PARAVIRT, false, 0, 0}, {vtx, pv, vts, MON_ASSIST, false, 0, 0},
  };
  const char *names[] = {"bare machine",   "trap (wrong: POPF)", "translate",
                         "patch",          "paravirt (rewritten)", "assist (x86-vtx)"};
  double best[G_N_ELEMENTS(runs)] = {0};
  rate(&runs[0]); /* warm-up */
  for (int trial = 0; trial < 5; trial++) /* interleaved, best of five: less noise */
    for (size_t k = 0; k < G_N_ELEMENTS(runs); k++)
      best[k] = MAX(best[k], rate(&runs[k]));
  printf("bench-remedies: x86 kernel loop (POPF in every 5 instructions), %d rounds, best of 5\n",
         ROUNDS);
  printf("  %-22s %9s %9s %7s %8s\n", "monitor", "guest insns", "M/s", "ratio", "direct");
  bool same = true;
  for (size_t k = 0; k < G_N_ELEMENTS(runs); k++) {
    printf("  %-22s %9" G_GUINT64_FORMAT "   %7.1f %7.3f %7.1f%%\n", names[k], runs[k].steps,
           best[k] / 1e6, best[k] / best[0], 100.0 * (double)runs[k].direct / (double)runs[k].steps);
    same &= runs[k].steps == runs[0].steps;
  }
  rewrite_free(rw);
  program_free(p);
  program_free(pv);
  translation_set_free(ts);
  translation_set_free(vts);
  isa_free(x86);
  isa_free(vtx);
  return same ? 0 : 1;
}
