/* The exhaustive lockstep exploration: expected verdicts with their exact
 * counterexamples, shortest ones, Theorems 1 and 3 implying equivalence,
 * resource control, limits, and the same output for any thread count. */
#include "classify.h"
#include "equiv.h"
#include "equiv_report.h"
#include "testutil.h"
#include "vmm.h"

/* An instance small enough to explore, with room above the monitor. */
static Isa *instance(const char *scenario, const char *mem)
{
  const char *const params[] = {"word=11", "addr=6", "data=2", mem, NULL};
  const char *const x86[] = {"word=12", "addr=6", "data=2", mem, NULL}; /* a 6-bit opcode */
  /* riscv keeps its 12-bit CSR number: two-bit register numbers, 8-bit x */
  const char *const riscv[] = {"word=26", "rb=2", "addr=6", "xlen=8", mem, NULL};
  return load_scenario(scenario, !strcmp(scenario, "riscv")          ? riscv
                                 : !strncmp(scenario, "x86", 3) ? x86
                                                                 : params);
}

static Equivalence *walk(const Isa *isa, MonitorKind monitor, unsigned stack, unsigned depth,
                         unsigned threads)
{
  EquivOptions opt = {.engine = ENGINE_EXHAUSTIVE, .monitor = monitor, .stack = stack,
                      .max_states = 10000000};
  opt.base = monitor_reserved(isa);
  opt.walk.depth = depth;
  opt.walk.threads = threads;
  opt.walk.operand_values = 4;
  GError *err = NULL;
  Equivalence *e = equiv_check(isa, &opt, &err);
  g_assert_no_error(err);
  return e;
}

static char *program_of(const Equivalence *e)
{
  Replay r;
  equiv_replay(e, &r);
  char *p = g_strjoinv("; ", r.program);
  replay_clear(&r);
  return p;
}

static const struct {
  const char *scenario, *mem;
  MonitorKind monitor;
  EquivVerdict verdict;
  uint64_t states;       /* equivalent: states explored to depth 3 */
  const char *program, *diverges;
} expected[] = {
    {"pg-classic", "mem=20", MON_TRAP, EQ_EQUIVALENT, 38179, NULL, NULL},
    {"pg-classic", "mem=20", MON_HYBRID, EQ_EQUIVALENT, 38179, NULL, NULL},
    {"pdp10", "mem=12", MON_TRAP, EQ_COUNTEREXAMPLE, 0, "jrst1 0", "mode"},
    {"pdp10", "mem=12", MON_HYBRID, EQ_EQUIVALENT, 12888, NULL, NULL},
    {"m68000", "mem=14", MON_TRAP, EQ_COUNTEREXAMPLE, 0, "move_from_sr 0", "storage"},
    {"m68010", "mem=14", MON_TRAP, EQ_EQUIVALENT, 30148, NULL, NULL},
    /* a critical instruction, the first step: CS's low bits hold the CPL */
    {"x86", "mem=12", MON_TRAP, EQ_COUNTEREXAMPLE, 0, "movfromcs 0", "storage"},
    {"pdp11", "mem=12", MON_TRAP, EQ_COUNTEREXAMPLE, 0, "spl 1", "prio"},
    /* user sensitive: MRS in user mode shows the real interrupt mask */
    {"armv7", "mem=12", MON_HYBRID, EQ_COUNTEREXAMPLE, 0, "beq 2; msr 0; mrs 0", "storage"},
    /* binary translation mends the three that trap-and-emulate cannot run */
    {"x86", "mem=12", MON_TRANSLATE, EQ_EQUIVALENT, 389414, NULL, NULL},
    {"pdp10", "mem=12", MON_TRANSLATE, EQ_EQUIVALENT, 12888, NULL, NULL},
    {"m68000", "mem=14", MON_TRANSLATE, EQ_EQUIVALENT, 26982, NULL, NULL},
    /* nor does VT-x's non-root mode, running most of it directly */
    {"x86-vtx", "mem=12", MON_ASSIST, EQ_EQUIVALENT, 389414, NULL, NULL},
    /* patching in place does not: the guest reads the patch as data (a
     * descriptor lookup in x86's; a load in the others) */
    {"x86", "mem=12", MON_PATCH, EQ_COUNTEREXAMPLE, 0, "jmpfar 1", "bound,storage"},
    {"pdp10", "mem=12", MON_PATCH, EQ_COUNTEREXAMPLE, 0, "jrst1 1; move 0", "ac"},
    {"m68000", "mem=14", MON_PATCH, EQ_COUNTEREXAMPLE, 0, "move_from_sr 2; move_l 0", "d0"},
};

static void test_expected(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
    Isa *isa = instance(expected[i].scenario, expected[i].mem);
    Equivalence *e = walk(isa, expected[i].monitor, 1, 3, 1);
    g_assert_cmpint(e->verdict, ==, expected[i].verdict);
    if (expected[i].program) {
      g_autofree char *p = program_of(e);
      g_assert_cmpstr(p, ==, expected[i].program);
      g_autofree char *d = g_strjoinv(",", equiv_counterexample(e)->diverges);
      g_assert_cmpstr(d, ==, expected[i].diverges);
    } else {
      g_assert_cmpuint(e->walk->states, ==, expected[i].states);
    }
    equivalence_free(e);
    isa_free(isa);
  }
}

/* The first counterexample is a shortest one: ARMv7's under the hybrid
 * monitor needs 3 instructions, and programs of 2 show none. */
static void test_shortest(void)
{
  Isa *isa = instance("armv7", "mem=12");
  Equivalence *e = walk(isa, MON_HYBRID, 1, 2, 1);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  g_assert_cmpuint(e->walk->depth, ==, 2);
  equivalence_free(e);
  isa_free(isa);
}

/* Theorem 1 (3) holds => the trap (hybrid) monitor is equivalent on every
 * program explored: a violation is a bug in the classifier or the monitor. */
static void test_theorems_imply_equivalence(void)
{
  static const struct {
    const char *name, *mem;
  } all[] = {{"pg-classic", "mem=20"}, {"pdp10", "mem=12"},     {"m68000", "mem=14"},
             {"m68010", "mem=14"},     {"x86", "mem=12"},       {"ibm360-67", "mem=12"},
             {"pdp11", "mem=12"},      {"armv7", "mem=12"},     {"riscv", "mem=12"},
             {"pg-lra", "mem=20"}};
  for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
    Isa *isa = instance(all[i].name, all[i].mem);
    ClassifyOptions copt = {.engine = ENGINE_SMT, .timeout_ms = 60000};
    GError *err = NULL;
    Classification *c = classify_isa(isa, &copt, &err);
    g_assert_no_error(err);
    for (int hybrid = 0; hybrid <= 1; hybrid++) {
      if ((hybrid ? c->theorem3 : c->theorem1) != TRI_YES)
        continue;
      /* riscv's programs draw every CSR group (space.c): two instructions
       * (csrrw sstatus, then sret) reach what three of CSR numbers 0..3 did not */
      Equivalence *e = walk(isa, hybrid ? MON_HYBRID : MON_TRAP, 1, strcmp(all[i].name, "riscv") ? 3 : 2, 2);
      if (e->verdict != EQ_EQUIVALENT)
        g_error("%s: Theorem %d holds, yet the %s monitor diverges", all[i].name,
                hybrid ? 3 : 1, hybrid ? "hybrid" : "trap");
      equivalence_free(e);
    }
    classification_free(c);
    isa_free(isa);
  }
}

/* Theorem 2: a monitor under a copy of itself. pg-classic's covers the same
 * states as one monitor; pdp10's fails on the same JRST 1. */
static void test_stacked(void)
{
  Isa *isa = instance("pg-classic", "mem=20");
  Equivalence *e = walk(isa, MON_TRAP, 2, 3, 1);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  g_assert_cmpuint(e->walk->states, ==, 38179);
  equivalence_free(e);
  isa_free(isa);
  isa = instance("pdp10", "mem=12");
  e = walk(isa, MON_TRAP, 2, 3, 1);
  g_assert_cmpint(e->verdict, ==, EQ_COUNTEREXAMPLE);
  g_autofree char *p = program_of(e);
  g_assert_cmpstr(p, ==, "jrst1 0");
  equivalence_free(e);
  isa_free(isa);
}

/* The same report, byte for byte, for 1 and 3 threads; fingerprints count
 * the same states here (no collision among so few). */
/* Programs draw a refined operand's values one per group of equal
 * semantics (the first value of each): RISC-V's csrrw reaches sstatus,
 * stvec, sscratch, sepc, scause and satp; the CSR numbers that trap group
 * by the privilege level their trap depends on (the read-only counters
 * trap as unimplemented numbers do: a write). */
static void test_refined_words(void)
{
  Isa *isa = instance("riscv", "mem=12");
  uint64_t *words;
  unsigned nwords;
  g_assert_true(lockstep_words(isa, 2, &words, &nwords, NULL));
  int csrrw = isa_find_insn(isa, "csrrw");
  const IrField *csr = NULL;
  for (unsigned f = 0; f < isa->nfields; f++)
    if (!strcmp(isa->fields[f].name, "csr"))
      csr = &isa->fields[f];
  GString *got = g_string_new(NULL);
  for (unsigned k = 0; k < nwords; k++)
    if (isa_decode(isa, words[k]) == csrrw && !(words[k] & 0x3180)) /* rd = rs1 = 0 */
      g_string_append_printf(got, " %#" G_GINT64_MODIFIER "x",
                             (words[k] & ir_field_mask(csr)) >> csr->lo);
  g_assert_cmpstr(got->str, ==, " 0 0x100 0x101 0x105 0x140 0x141 0x142 0x180 0x200 0x300");
  g_string_free(got, TRUE);
  g_free(words);
  isa_free(isa);
}

static void test_threads(void)
{
  Isa *isa = instance("pg-classic", "mem=20");
  Equivalence *one = walk(isa, MON_TRAP, 1, 4, 1), *three = walk(isa, MON_TRAP, 1, 4, 3);
  g_autofree char *a = equiv_report_text(one), *b = equiv_report_text(three);
  g_autofree char *ja = equiv_report_json(one), *jb = equiv_report_json(three);
  g_assert_cmpstr(a, ==, b);
  g_assert_cmpstr(ja, ==, jb);
  g_assert_cmpuint(one->walk->states, ==, 587862);
  EquivOptions opt = one->opt;
  opt.walk.fingerprint = true;
  opt.walk.threads = 2;
  Equivalence *fp = equiv_check(isa, &opt, NULL);
  g_assert_cmpuint(fp->walk->states, ==, 587862);
  g_assert_cmpuint(fp->walk->bytes / fp->walk->states, <, 16);
  g_assert_cmpuint(one->walk->bytes / one->walk->states, <, 48);
  equivalence_free(one);
  equivalence_free(three);
  equivalence_free(fp);
  isa_free(isa);

  /* a counterexample found by two threads is the one found by one */
  isa = instance("armv7", "mem=12");
  one = walk(isa, MON_HYBRID, 1, 3, 1);
  three = walk(isa, MON_HYBRID, 1, 3, 3);
  g_autofree char *c = equiv_report_text(one), *d = equiv_report_text(three);
  g_assert_cmpstr(c, ==, d);
  equivalence_free(one);
  equivalence_free(three);
  isa_free(isa);

  /* the remedies too: translation's cache and the patched words */
  isa = instance("pdp10", "mem=12");
  for (MonitorKind kind = MON_TRANSLATE; kind <= MON_PATCH; kind++) {
    one = walk(isa, kind, 1, 4, 1);
    three = walk(isa, kind, 1, 4, 3);
    g_autofree char *e = equiv_report_text(one), *f = equiv_report_text(three);
    g_assert_cmpstr(e, ==, f);
    equivalence_free(one);
    equivalence_free(three);
  }
  isa_free(isa);
}

static void test_limit(void)
{
  Isa *isa = instance("pg-classic", "mem=20");
  EquivOptions opt = {.engine = ENGINE_EXHAUSTIVE, .stack = 1, .max_states = 1000};
  opt.base = monitor_reserved(isa);
  opt.walk = (LockstepOptions){.depth = 3, .threads = 1, .operand_values = 4};
  Equivalence *e = equiv_check(isa, &opt, NULL);
  g_assert_cmpint(e->verdict, ==, EQ_INCOMPLETE);
  g_assert_cmpstr(e->walk->why, ==, "stopped at --max-states 1000 while exploring programs of 2 "
                                    "instructions; the result covers those of up to 1");
  /* cut back to the last complete level: the initial states and their successors */
  g_assert_cmpuint(e->walk->states, ==, 77);
  g_assert_cmpuint(e->walk->depth, ==, 1);
  equivalence_free(e);

  /* any limit, any thread count: the same figures (it used to depend on T) */
  const char *const wide[] = {"word=12", "addr=8", "data=12", "mem=64", NULL};
  Isa *pg = load_scenario("pg-classic", wide);
  uint64_t figures[2][3] = {{0}};
  for (unsigned t = 1; t <= 3; t += 2)
    for (int lim = 0; lim < 2; lim++) {
      EquivOptions o = {.engine = ENGINE_EXHAUSTIVE, .stack = 1, .base = monitor_reserved(pg),
                        .max_states = lim ? 30000 : 100000000};
      o.walk = (LockstepOptions){.depth = 8, .threads = t, .operand_values = 4,
                                 .max_memory = lim ? 0 : 1000000};
      Equivalence *x = equiv_check(pg, &o, NULL);
      g_assert_cmpint(x->verdict, ==, EQ_INCOMPLETE);
      g_assert_nonnull(strstr(x->walk->why, lim ? "--max-states 30000" : "--max-memory 1000000"));
      uint64_t f[3] = {x->walk->states, x->walk->transitions, x->walk->direct};
      if (t == 1)
        memcpy(figures[lim], f, sizeof f);
      g_assert_cmpmem(f, sizeof f, figures[lim], sizeof figures[lim]);
      equivalence_free(x);
    }
  isa_free(pg);

  /* a guest inside the monitor's vectors; a state too large to pack */
  opt.base = 3;
  GError *err = NULL;
  g_assert_null(equiv_check(isa, &opt, &err));
  g_assert_cmpstr(err->message, ==, "guest base 3: the monitor keeps host words 0..19 (its trap "
                                    "vectors); a guest starts at 20 or above");
  g_clear_error(&err);
  isa_free(isa);
  const char *const big[] = {"word=32", "addr=20", "mem=256", NULL};
  isa = load_scenario("pg-classic", big);
  opt.base = monitor_reserved(isa);
  g_assert_null(equiv_check(isa, &opt, &err));
  g_assert_cmpstr(err->message, ==, "pg-classic: a state of 1066 bytes (256 words of 32 bits) is "
                                    "beyond the explorer's 1024; choose a smaller instance with "
                                    "--param");
  g_clear_error(&err);
  isa_free(isa);
}

/* An unprivileged SETR changes the real relocation register when run
 * directly: resource control fails, and says so. */
static void test_resource_control(void)
{
  g_autofree char *src = NULL;
  g_assert_true(g_file_get_contents("scenarios/pg-classic.isa", &src, NULL, NULL));
  g_autofree char *leaky = g_strdup(src);
  char *at = strstr(leaky, "insn setr a   when op == 9 { if mode != s { trap privilege; }");
  g_assert_nonnull(at);
  const char *guard = "if mode != s { trap privilege; }";
  memset(strstr(at, guard), ' ', strlen(guard));
  const char *const params[] = {"word=11", "addr=6", "data=2", "mem=20", NULL};
  GError *err = NULL;
  Isa *isa = isa_load_string("leaky.isa", leaky, strlen(leaky), params, &err);
  g_assert_no_error(err);
  Equivalence *e = walk(isa, MON_TRAP, 1, 3, 1);
  g_assert_cmpint(e->verdict, ==, EQ_COUNTEREXAMPLE);
  g_autofree char *p = program_of(e);
  g_autofree char *d = g_strjoinv(",", equiv_counterexample(e)->diverges);
  g_assert_cmpstr(p, ==, "setr 0");
  g_assert_cmpstr(d, ==, "resource control (a real resource changed),bound");
  equivalence_free(e);
  isa_free(isa);
}

/* The counterexample program, assembled and run, gives the bare trace. */
static void test_replay(void)
{
  Isa *isa = instance("armv7", "mem=12");
  Equivalence *e = walk(isa, MON_HYBRID, 1, 3, 1);
  g_autofree char *src = equiv_program(e, "armv7.isa");
  Program *prog = assemble(isa, src);
  Machine *m = machine_new(isa);
  machine_load(m, prog);
  Replay r;
  equiv_replay(e, &r);
  MachineStep rec;
  for (unsigned j = 0; r.bare[j]; j++) {
    machine_step(m, &rec);
    g_autofree char *line = machine_format_step(m, &rec);
    g_assert_cmpstr(line, ==, r.bare[j]);
  }
  /* on the real monitor stack it parts ways where the explorer said */
  g_autofree char *d = g_strjoinv(",", r.diverges);
  g_autofree char *want = g_strjoinv(",", equiv_counterexample(e)->diverges);
  g_assert_cmpstr(d, ==, want);
  replay_clear(&r);
  machine_free(m);
  program_free(prog);
  equivalence_free(e);
  isa_free(isa);
}

/* The check behind the internal error for a one-step counterexample that
 * does not replay: a program the monitor runs faithfully replays with no
 * divergence; JRST 1 from exec mode replays diverging in the mode. */
static void test_replay_divergence(void)
{
  Isa *isa = instance("pdp10", "mem=12");
  LockstepOptions layout = {.kind = MON_TRAP, .stack = 1, .base = monitor_reserved(isa)};
  Counterexample c = {.steps = 1};
  c.storage = g_new0(uint64_t, isa->mem);
  c.placed = g_new0(uint64_t, 1);
  program_initial_vars(isa, NULL, c.var);
  c.var[VAR_PC] = 5;
  for (int jrst1 = 0; jrst1 < 2; jrst1++) {
    int i = isa_find_insn(isa, jrst1 ? "jrst1" : "move");
    c.storage[5] = isa->insns[i].match;
    Replay r;
    counterexample_replay(isa, &layout, &c, &r);
    g_autofree char *d = g_strjoinv(",", r.diverges);
    g_assert_cmpstr(d, ==, jrst1 ? "mode" : "");
    replay_clear(&r);
  }
  counterexample_clear(&c);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/lockstep/expected-verdicts", test_expected);
  g_test_add_func("/lockstep/shortest", test_shortest);
  g_test_add_func("/lockstep/theorems-imply-equivalence", test_theorems_imply_equivalence);
  g_test_add_func("/lockstep/stacked", test_stacked);
  g_test_add_func("/lockstep/threads-same-output", test_threads);
  g_test_add_func("/lockstep/refined-operand-words", test_refined_words);
  g_test_add_func("/lockstep/limit-and-errors", test_limit);
  g_test_add_func("/lockstep/resource-control", test_resource_control);
  g_test_add_func("/lockstep/replay", test_replay);
  g_test_add_func("/lockstep/replay-divergence", test_replay_divergence);
  return g_test_run();
}
