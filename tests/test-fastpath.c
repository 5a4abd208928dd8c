/* The machine's fast path (ir_run, untraced steps) and its compiled code
 * (native.h) against the interpreter (ir_exec, traced steps),
 * differentially: random states and instruction words of every bundled
 * scenario and of generated ISAs, hooked or taking their traps; all must
 * leave the same state, storage, touched words and result. */
#include "gen_isa.h"
#include "machine.h"
#include "native.h"
#include "testutil.h"

static const char *const scenarios[] = {"pg-classic", "pg-lra", "pdp10", "pdp11", "m68000",
                                        "m68010", "x86", "x86-vtx", "ibm360-67", "armv7",
                                        "riscv", "mips", "ppc", "vax"};

static uint64_t draw(GRand *r, unsigned bits)
{
  uint64_t v = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
  return v & ir_mask(bits);
}

/* A state that often fetches a real instruction from a legal pc. */
static void random_state(GRand *r, const Isa *isa, Machine *m)
{
  for (unsigned v = 0; v < isa->nvars; v++)
    m->var[v] = draw(r, isa->vars[v].width);
  if (g_rand_int_range(r, 0, 4)) { /* mostly: R inside storage, the pc within the bound */
    uint64_t lim = MIN(m->size, ir_mask(isa->addr_width) + 1);
    uint64_t l = draw(r, 32) % lim, pc = draw(r, 32) % (lim - l);
    m->var[VAR_RELOC] = l, m->var[VAR_PC] = pc;
    m->var[VAR_BOUND] = pc + draw(r, 32) % (lim - l - pc);
  }
  for (uint64_t a = 0; a < m->size; a++)
    m->mem[a] = draw(r, isa->word);
  uint64_t phys;
  if (ir_legal_concrete(isa, m->size, m->var[VAR_RELOC], m->var[VAR_BOUND], m->var[VAR_PC], &phys)) {
    const IrInsn *in = &isa->insns[g_rand_int_range(r, 0, (gint32)isa->ninsns)];
    m->mem[phys] = (in->match & in->mask) | (draw(r, isa->word) & ~in->mask);
  }
  m->halted = false;
}

/* One step of b (untraced) against one of a (traced) from a's state. */
static void same_step(const Isa *isa, Machine *a, Machine *b, unsigned t, const char *how)
{
  size_t words = (isa->mem + 63) / 64;
  memcpy(b->var, a->var, sizeof a->var);
  memcpy(b->mem, a->mem, isa->mem * sizeof *a->mem);
  memset(a->touched, 0, words * 8), memset(b->touched, 0, words * 8);
  b->hooked = a->hooked, b->halted = a->halted;
  a->steps = b->steps = 0;
  uint64_t var0[VC_MAX_VARS];
  memcpy(var0, a->var, sizeof var0);
  g_autofree uint64_t *mem0 = g_memdup2(a->mem, isa->mem * sizeof *a->mem);
  MachineStep rec;
  StepResult ra = machine_step(a, &rec), rb = machine_step(b, NULL);
  const char *insn = rec.insn >= 0 ? isa->insns[rec.insn].name : "no instruction";
  if (ra.trapped != rb.trapped || ra.cause != rb.cause || ra.halted != rb.halted)
    g_error("%s, trial %u (%s, word %#" G_GINT64_MODIFIER "x, pc %" G_GUINT64_FORMAT
            " reloc %" G_GUINT64_FORMAT " bound %" G_GUINT64_FORMAT "): trapped %d cause %u "
            "halted %d by ir_exec, trapped %d cause %u halted %d by %s", isa->name, t, insn,
            rec.word, rec.pc, var0[VAR_RELOC], var0[VAR_BOUND], ra.trapped, ra.cause,
            ra.halted, rb.trapped, rb.cause, rb.halted, how);
  g_assert_cmpint(a->halted, ==, b->halted);
  g_assert_cmpint(a->steps, ==, b->steps);
  for (unsigned v = 0; v < isa->nvars; v++)
    if (a->var[v] != b->var[v])
      g_error("%s, trial %u (%s): %s is %#" G_GINT64_MODIFIER "x by ir_exec, %#"
              G_GINT64_MODIFIER "x by %s", isa->name, t, insn, isa->vars[v].name, a->var[v],
              b->var[v], how);
  g_assert_true(memcmp(a->mem, b->mem, isa->mem * sizeof *a->mem) == 0);
  g_assert_true(memcmp(a->touched, b->touched, words * 8) == 0);
  /* a's state again, for the next path */
  memcpy(a->var, var0, sizeof var0);
  memcpy(a->mem, mem0, isa->mem * sizeof *a->mem);
  a->halted = b->halted = false;
}

/* with_native: also the compiled code (a cc run per spec the first time;
 * cached after). */
static unsigned compare_paths(const Isa *isa, GRand *r, unsigned trials, bool with_native)
{
  Machine *a = machine_new_sized(isa, isa->mem), *b = machine_new_sized(isa, isa->mem);
  size_t words = (isa->mem + 63) / 64;
  a->touched = g_new0(uint64_t, words), b->touched = g_new0(uint64_t, words);
  GError *err = NULL;
  Native *native = with_native ? native_new(isa, &err) : NULL;
  if (with_native && !native) { /* no compiler here: the interpreter serves, and this says why */
    g_test_message("native code for %s: %s", isa->name, err->message);
    g_clear_error(&err);
  }
  unsigned ran = 0;
  for (unsigned t = 0; t < trials; t++) {
    random_state(r, isa, a);
    a->hooked = g_rand_boolean(r);
    uint64_t phys;
    ran += ir_legal_concrete(isa, a->size, a->var[VAR_RELOC], a->var[VAR_BOUND], a->var[VAR_PC],
                             &phys) && isa_decode(isa, a->mem[phys]) >= 0;
    b->native = NULL;
    same_step(isa, a, b, t, "ir_run");
    if (native) {
      b->native = native;
      same_step(isa, a, b, t, "native code");
    }
  }
  g_free(a->touched), g_free(b->touched);
  a->touched = b->touched = NULL;
  machine_free(a), machine_free(b);
  native_free(native);
  return ran;
}

static void test_scenarios(void)
{
  GRand *r = g_rand_new_with_seed(20261124);
  for (size_t i = 0; i < G_N_ELEMENTS(scenarios); i++) {
    Isa *isa = load_scenario(scenarios[i], NULL);
    unsigned ran = compare_paths(isa, r, 4000, true);
    g_assert_cmpuint(ran, >, 1000); /* most trials executed an instruction */
    isa_free(isa);
  }
  g_rand_free(r);
}

static void test_generated(void)
{
  GRand *r = g_rand_new_with_seed(7);
  for (uint64_t seed = 1; seed <= 150; seed++) {
    g_autofree char *src = gen_isa(seed);
    GError *err = NULL;
    Isa *isa = isa_load_string("gen.isa", src, strlen(src), NULL, &err);
    g_assert_no_error(err);
    compare_paths(isa, r, 500, seed <= 40);
    isa_free(isa);
  }
  g_rand_free(r);
}

/* What the specs above leave out: a mode written from data beyond the
 * declared modes (it clamps to the least privileged), a PSW loaded at the
 * top of storage, a store and a load of one word in one instruction. */
static void test_corners(void)
{
  static const char src[] = "machine corners;\n"
                            "param word = 8;\nparam mem = 16;\n"
                            "modes a, b, c;\npc : 4;\nreloc : 4;\nbound : 4 le;\n"
                            "reg acc : 8;\npsw mode, pc, reloc, bound;\n"
                            "vector * old 0 new 4;\n"
                            "field op = [7:4];\nfield x = [3:0];\n"
                            "insn setm when op == 0 { mode := acc[1:0]; }\n"
                            "insn lpsw x when op == 1 { loadpsw x; }\n"
                            "insn swap x when op == 2 { mem[x] := acc; acc := mem[x]; }\n"
                            "insn stop when op == 3 { if mode == a { halt; } trap privilege; }\n";
  GError *err = NULL;
  Isa *isa = isa_load_string("corners.isa", src, strlen(src), NULL, &err);
  g_assert_no_error(err);
  GRand *r = g_rand_new_with_seed(3);
  g_assert_cmpuint(compare_paths(isa, r, 20000, true), >, 10000);
  g_rand_free(r);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fastpath/scenarios", test_scenarios);
  g_test_add_func("/fastpath/generated-isas", test_generated);
  g_test_add_func("/fastpath/corners", test_corners);
  return g_test_run();
}
