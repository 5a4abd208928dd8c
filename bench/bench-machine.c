/* Guest instructions per second of the reference machine (the IR evaluator)
 * on a compute-bound pg-classic program, beside a hand-written C switch
 * interpreter of the same pg-classic semantics, measured in the same run.
 * Both must end in the same state, or the figures mean nothing. */
#include <stdio.h>

#include "bench.h"
#include "machine.h"
#include "native.h"

enum { ROUNDS = 200 };

/* pg-classic by hand: 12-bit words, relocation checked on every access. */
typedef struct {
  uint64_t mode, pc, l, b, acc, eq, mem[64];
  bool halted;
} Hand;

static bool legal(const Hand *h, uint64_t a, uint64_t *phys)
{
  *phys = h->l + a;
  return a <= h->b && h->l < 64 && a < 64 - h->l;
}

static void hand_trap(Hand *h, int new_at)
{
  h->mem[0] = h->mode, h->mem[1] = h->pc, h->mem[2] = h->l, h->mem[3] = h->b;
  h->mode = h->mem[new_at] & 1, h->pc = h->mem[new_at + 1] & 0xfff;
  h->l = h->mem[new_at + 2] & 0xfff, h->b = h->mem[new_at + 3] & 0xfff;
}

static uint64_t hand_run(Hand *h)
{
  uint64_t n = 0;
  while (!h->halted) {
    uint64_t phys, a = 0;
    n++;
    if (!legal(h, h->pc, &phys)) {
      hand_trap(h, 4);
      continue;
    }
    uint64_t w = h->mem[phys], op = w >> 8, x = w & 0xff, next = (h->pc + 1) & 0xfff;
    bool mem_op = op <= 4;
    if (mem_op && !legal(h, x, &a)) {
      hand_trap(h, 4);
      continue;
    }
    switch (op) {
    case 0: h->acc = h->mem[a]; break;
    case 1: h->mem[a] = h->acc; break;
    case 2: h->acc = (h->acc + h->mem[a]) & 0xfff; break;
    case 3: h->acc = (h->acc - h->mem[a]) & 0xfff; break;
    case 4: h->eq = h->acc == h->mem[a]; break;
    case 5: if (h->eq) next = x; break;
    case 6: next = x; break;
    case 7: h->acc = x; break;
    case 12:
      if (x == 0 && h->mode == 0) {
        h->halted = true;
        break;
      }
      /* fall through */
    default:
      hand_trap(h, 16); /* not needed by this program */
      continue;
    }
    h->pc = next;
  }
  return n;
}

int main(void)
{
  GError *err = NULL;
  Isa *isa = isa_load("scenarios/pg-classic.isa", NULL, &err);
  if (!isa) {
    fprintf(stderr, "%s\n", err->message);
    return 2;
  }
  Program *p = asm_assemble(isa, "countdown.s", COUNTDOWN, strlen(COUNTDOWN), &err);
  g_assert_no_error(err);
  Machine *m = machine_new(isa), *nm = machine_new(isa);
  Native *native = native_new(isa, &err);
  if (!native) {
    printf("bench-machine: no native code (%s)\n", err->message);
    g_clear_error(&err);
  }
  nm->native = native;

  /* Interleaved, best of five: less noise on a shared machine. */
  uint64_t ir_steps = 0, hand_steps = 0, native_steps = 0;
  double ir_s = 1e9, hand_s = 1e9, native_s = 1e9;
  Hand h;
  for (int trial = 0; trial < 6; trial++) { /* trial 0 warms up */
    ir_steps = hand_steps = native_steps = 0;
    double t0 = cpu_seconds();
    for (int r = 0; r < ROUNDS; r++) {
      machine_load(m, p);
      machine_run(m, UINT64_MAX, NULL, NULL);
      ir_steps += m->steps;
    }
    if (trial)
      ir_s = MIN(ir_s, cpu_seconds() - t0);
    t0 = cpu_seconds();
    for (int r = 0; native && r < ROUNDS; r++) {
      machine_load(nm, p);
      machine_run(nm, UINT64_MAX, NULL, NULL);
      native_steps += nm->steps;
    }
    if (trial && native)
      native_s = MIN(native_s, cpu_seconds() - t0);
    t0 = cpu_seconds();
    for (int r = 0; r < ROUNDS; r++) {
      h = (Hand){.b = 63, .pc = p->init[VAR_PC]};
      memcpy(h.mem, p->words, sizeof h.mem);
      hand_steps += hand_run(&h);
    }
    if (trial)
      hand_s = MIN(hand_s, cpu_seconds() - t0);
  }

  int acc = isa_find_var(isa, "acc");
  bool same = ir_steps == hand_steps && m->var[acc] == h.acc && m->var[VAR_PC] == h.pc &&
              memcmp(m->mem, h.mem, sizeof h.mem) == 0 &&
              (!native || (native_steps == ir_steps && !memcmp(nm->var, m->var, sizeof m->var) &&
                           !memcmp(nm->mem, m->mem, sizeof h.mem)));
  printf("bench-machine: pg-classic count-down loop, %d rounds, best of 5 (CPU time)\n", ROUNDS);
  printf("  reference machine (IR)  %10" G_GUINT64_FORMAT " instructions  %7.3f s  %7.1f M/s\n",
         ir_steps, ir_s, (double)ir_steps / ir_s / 1e6);
  if (native)
    printf("  native code (native.h)  %10" G_GUINT64_FORMAT " instructions  %7.3f s  %7.1f M/s\n",
           native_steps, native_s, (double)native_steps / native_s / 1e6);
  printf("  hand-written switch     %10" G_GUINT64_FORMAT " instructions  %7.3f s  %7.1f M/s\n",
         hand_steps, hand_s, (double)hand_steps / hand_s / 1e6);
  double hand_rate = (double)hand_steps / hand_s;
  double ratio = native ? ((double)native_steps / native_s) / hand_rate
                        : ((double)ir_steps / ir_s) / hand_rate;
  printf("  ratio IR / hand         %.3f, native / hand %s%.3f   (same final state: %s)\n",
         ((double)ir_steps / ir_s) / hand_rate, native ? "" : "(none) ", native ? ratio : 0.0,
         same ? "yes" : "NO");
  g_autofree char *today = g_strdup_printf("%.3f", ratio);
  bench_target(1, native ? "machine (native code) / hand-written switch, pg-classic"
                      : "machine (ir_run; no compiler) / hand-written switch",
               today, ratio, ">= 0.5", ratio >= 0.5);
  native_free(native);
  machine_free(nm);
  machine_free(m);
  program_free(p);
  isa_free(isa);
  return same ? 0 : 1;
}
