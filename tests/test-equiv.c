/* Equivalence by one-step simulation: the expected verdicts of the bundled
 * scenarios, the implications from Theorems 1 and 3, the "Theorem 1 fails
 * yet equivalent at base 0" case, and both engines agreeing. */
#include "equiv.h"
#include "remedy.h"
#include "explore.h"
#include "testutil.h"
#include "vmm.h"

static Equivalence *check(const Isa *isa, MonitorKind monitor, int64_t base, EngineKind engine)
{
  EquivOptions opt = {.engine = engine, .monitor = monitor, .timeout_ms = 60000,
                      .max_states = 50000000};
  opt.base = base < 0 ? monitor_reserved(isa) : (uint64_t)base;
  GError *err = NULL;
  Equivalence *e = equiv_check(isa, &opt, &err);
  g_assert_no_error(err);
  return e;
}

static char *diverging(const Equivalence *e)
{
  g_autofree const char **d = equiv_diverging(e, (unsigned)e->first);
  return g_strjoinv(",", (char **)d);
}

static const struct {
  const char *scenario;
  MonitorKind monitor;
  EquivVerdict verdict;
  const char *insn, *diverges; /* a component every witness diverges in (Z3 picks the rest) */
} expected[] = {
    {"pg-classic", MON_TRAP, EQ_EQUIVALENT, NULL, NULL},
    {"pg-classic", MON_HYBRID, EQ_EQUIVALENT, NULL, NULL},
    {"pdp10", MON_TRAP, EQ_COUNTEREXAMPLE, "jrst1", "mode"},
    {"pdp10", MON_HYBRID, EQ_EQUIVALENT, NULL, NULL},
    {"m68000", MON_TRAP, EQ_COUNTEREXAMPLE, "move_from_sr", "storage"},
    {"m68010", MON_TRAP, EQ_EQUIVALENT, NULL, NULL},
    {"m68010", MON_HYBRID, EQ_EQUIVALENT, NULL, NULL},
    {"x86", MON_TRAP, EQ_COUNTEREXAMPLE, "pushf", "storage"},
    {"pdp11", MON_TRAP, EQ_COUNTEREXAMPLE, "rti", "prio"},
    {"pdp11", MON_HYBRID, EQ_EQUIVALENT, NULL, NULL},
    {"armv7", MON_TRAP, EQ_COUNTEREXAMPLE, "cps", "imask"},
    {"ibm360-67", MON_TRAP, EQ_EQUIVALENT, NULL, NULL},
    {"riscv", MON_TRAP, EQ_EQUIVALENT, NULL, NULL},
    /* binary translation: what breaks trap-and-emulate traps from the cache */
    {"x86", MON_TRANSLATE, EQ_EQUIVALENT, NULL, NULL},
    {"pdp10", MON_TRANSLATE, EQ_EQUIVALENT, NULL, NULL},
    {"m68000", MON_TRANSLATE, EQ_EQUIVALENT, NULL, NULL},
    {"armv7", MON_TRANSLATE, EQ_EQUIVALENT, NULL, NULL},
    /* VT-x's non-root mode: every sensitive instruction that matters exits */
    {"x86-vtx", MON_ASSIST, EQ_EQUIVALENT, NULL, NULL},
    /* the patch lives across steps: one step cannot judge it */
    {"x86", MON_PATCH, EQ_INCOMPLETE, NULL, NULL},
};

static void test_expected(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
    Isa *isa = load_scenario(expected[i].scenario, NULL);
    Equivalence *e = check(isa, expected[i].monitor, -1, ENGINE_SMT);
    g_assert_cmpint(e->verdict, ==, expected[i].verdict);
    if (expected[i].insn) {
      g_assert_cmpstr(isa->insns[e->first].name, ==, expected[i].insn);
      g_autofree char *d = diverging(e);
      g_auto(GStrv) parts = g_strsplit(d, ",", -1);
      if (!g_strv_contains((const char *const *)parts, expected[i].diverges))
        g_error("%s: diverges in %s, not in %s", expected[i].scenario, d, expected[i].diverges);
    }
    equivalence_free(e);
    isa_free(isa);
  }
}

/* Wherever classify says Theorem 1 (3) holds, the trap (hybrid) monitor is
 * equivalent: a violation is a bug in one of them. The translating monitor,
 * built from the same classes, is equivalent everywhere. */
static void test_theorems_imply_equivalence(void)
{
  const char *const all[] = {"pg-classic", "pdp10", "m68000", "m68010", "x86",
                             "ibm360-67", "pdp11", "armv7", "riscv", "mips", "ppc", "vax", "pg-lra"};
  for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
    Isa *isa = load_scenario(all[i], NULL);
    ClassifyOptions copt = {.engine = ENGINE_SMT, .timeout_ms = 60000};
    GError *err = NULL;
    Classification *c = classify_isa(isa, &copt, &err);
    g_assert_no_error(err);
    for (int hybrid = 0; hybrid <= 1; hybrid++) {
      Tri theorem = hybrid ? c->theorem3 : c->theorem1;
      Equivalence *e = check(isa, hybrid ? MON_HYBRID : MON_TRAP, -1, ENGINE_SMT);
      if (theorem == TRI_YES)
        g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
      equivalence_free(e);
    }
    TranslationSet *ts = translation_set_new(c, &err);
    g_assert_no_error(err);
    g_assert_cmpint(ts->ninsns_translated == 0, ==, c->theorem1 == TRI_YES);
    if (!ts->ninsns_translated) { /* nothing translated: the trap monitor, checked above */
      translation_set_free(ts);
      classification_free(c);
      isa_free(isa);
      continue;
    }
    EquivOptions o = {.engine = ENGINE_SMT, .monitor = MON_TRANSLATE, .ts = ts,
                      .timeout_ms = 60000, .base = monitor_reserved(isa)};
    Equivalence *e = equiv_check(isa, &o, &err);
    g_assert_no_error(err);
    if (e->verdict != EQ_EQUIVALENT)
      g_error("%s under translate: %s at %s", all[i], equiv_verdict_names[e->verdict],
              e->first >= 0 ? isa->insns[e->first].name : "-");
    equivalence_free(e);
    translation_set_free(ts);
    classification_free(c);
    isa_free(isa);
  }
}

/* Theorem 1 is sufficient, not necessary: LRA is critical, yet the trap
 * monitor is equivalent with the guest at host word 0, and not elsewhere. */
static void test_layout(void)
{
  Isa *isa = load_scenario("pg-lra", NULL);
  Equivalence *e = check(isa, MON_TRAP, 0, ENGINE_SMT);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  equivalence_free(e);
  e = check(isa, MON_TRAP, 20, ENGINE_SMT);
  g_assert_cmpint(e->verdict, ==, EQ_COUNTEREXAMPLE);
  g_assert_cmpstr(isa->insns[e->first].name, ==, "lra");
  g_autofree char *d = diverging(e);
  g_assert_cmpstr(d, ==, "acc");
  equivalence_free(e);
  isa_free(isa);
}

static Isa *tiny(const char *addr)
{
  GError *err = NULL;
  g_autofree char *src = NULL;
  gsize len;
  g_assert_true(g_file_get_contents("tests/specs/tiny-lra.isa", &src, &len, NULL));
  const char *const params[] = {addr, NULL};
  Isa *isa = isa_load_string("tiny-lra.isa", src, len, params, &err);
  g_assert_no_error(err);
  return isa;
}

/* Both engines agree on every instruction (a guest at base 0, 3-bit
 * addresses: every state enumerated); with the guest at base 2 the
 * exhaustive engine's first counterexample is exact. (At base 4 or 8 LRA
 * would be harmless too: its result keeps only 2 bits.) */
static void test_both_engines(void)
{
  Isa *isa = tiny("addr=3");
  Equivalence *e = check(isa, MON_TRAP, 0, ENGINE_BOTH);
  for (unsigned i = 0; i < isa->ninsns; i++)
    g_assert_true(e->asked[i].cross_checked);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  equivalence_free(e);
  isa_free(isa);

  isa = tiny("addr=4");
  Query q = {.kind = Q_SIMULATION, .base = 2};
  QueryResult r;
  explore_query(isa, (unsigned)isa_find_insn(isa, "lra"), &q, NULL, NULL, 10000000, 0, &r);
  g_assert_cmpint(r.ans, ==, ANS_YES);
  g_assert_cmpuint(r.w.word, ==, 0x20); /* lra 0 */
  g_assert_cmpuint(r.w.pre1[VAR_RELOC], ==, 0);
  g_assert_cmpuint(r.w.pre2[VAR_RELOC], ==, 2);
  query_result_clear(&r);
  e = check(isa, MON_TRAP, 8, ENGINE_SMT);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  equivalence_free(e);
  e = check(isa, MON_TRAP, 2, ENGINE_SMT);
  g_assert_cmpint(e->verdict, ==, EQ_COUNTEREXAMPLE);
  g_assert_cmpstr(isa->insns[e->first].name, ==, "lra");
  equivalence_free(e);
  isa_free(isa);
}

/* The translation set: PDP-10's JRST 1 breaks trap-and-emulate only in
 * virtual supervisor (executive) mode, so only there is it translated; x86
 * translates Robin and Irvine's list into CLI, its first privileged
 * instruction. And the translate query agrees across both engines. */
static void test_translation_set(void)
{
  Isa *isa = load_scenario("pdp10", NULL);
  GError *err = NULL;
  TranslationSet *ts = translation_set_derive(isa, 60000, 0, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(ts->ninsns_translated, ==, 1);
  g_assert_cmpuint(ts->insn[isa_find_insn(isa, "jrst1")].modes, ==, TRANSLATE_OTHER);
  translation_set_free(ts);
  isa_free(isa);

  isa = load_scenario("x86", NULL);
  ts = translation_set_derive(isa, 60000, 0, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(ts->ninsns_translated, ==, 19);
  g_assert_cmpstr(ts->trap_word_is, ==, "cli (privileged)");
  g_assert_cmpuint(ts->insn[isa_find_insn(isa, "popf")].modes, ==, TRANSLATE_OTHER);
  g_assert_cmpuint(ts->insn[isa_find_insn(isa, "pushf")].modes, ==,
                   TRANSLATE_USER | TRANSLATE_OTHER);
  translation_set_free(ts);
  isa_free(isa);

  const char *const small[] = {"word=11", "addr=5", "data=1", "mem=12", NULL};
  isa = load_scenario("pdp10", small);
  Equivalence *e = check(isa, MON_TRANSLATE, -1, ENGINE_BOTH);
  for (unsigned i = 0; i < isa->ninsns; i++)
    g_assert_true(e->asked[i].cross_checked);
  g_assert_cmpint(e->verdict, ==, EQ_EQUIVALENT);
  equivalence_free(e);
  isa_free(isa);
}

/* x86-vtx with MOV to CR3's exit removed from the spec: the extension's
 * Theorem 1 fails on it, and the assisted monitor diverges on it (the
 * guest writes the monitor's CR3), by SMT and in the lockstep walk. A spec
 * without an extension cannot be assisted. */
static void test_assist_exit_removed(void)
{
  g_autofree char *src = NULL;
  g_assert_true(g_file_get_contents("scenarios/x86-vtx.isa", &src, NULL, NULL));
  const char *exit = "insn movtocr3 a   when op == 18 { if vmx && cr3x { trap privilege; }";
  char *at = strstr(src, exit);
  g_assert_nonnull(at);
  memset(at + strlen("insn movtocr3 a   when op == 18 {"), ' ',
         strlen(" if vmx && cr3x { trap privilege; }"));
  GError *err = NULL;
  Isa *isa = isa_load_string("x86-vtx-no-cr3-exit.isa", src, strlen(src), NULL, &err);
  g_assert_no_error(err);
  ClassifyOptions copt = {.engine = ENGINE_SMT, .timeout_ms = 60000};
  Classification *c = classify_isa(isa, &copt, &err);
  g_assert_no_error(err);
  unsigned n;
  g_autofree const char **who = extension_breakers(c, &n);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpstr(who[0], ==, "movtocr3");
  g_assert_cmpint(c->theorem1_ext, ==, TRI_NO);
  classification_free(c);
  Equivalence *e = check(isa, MON_ASSIST, -1, ENGINE_SMT);
  g_assert_cmpint(e->verdict, ==, EQ_COUNTEREXAMPLE);
  g_assert_cmpstr(isa->insns[e->first].name, ==, "movtocr3");
  g_autofree char *d = diverging(e);
  g_assert_cmpstr(d, ==, "cr3");
  equivalence_free(e);
  isa_free(isa);

  const char *const small[] = {"word=12", "addr=6", "data=2", "mem=12", NULL};
  isa = isa_load_string("x86-vtx-no-cr3-exit.isa", src, strlen(src), small, &err);
  g_assert_no_error(err);
  EquivOptions o = {.engine = ENGINE_EXHAUSTIVE, .monitor = MON_ASSIST, .stack = 1,
                    .max_states = 1000000, .base = monitor_reserved(isa)};
  o.walk = (LockstepOptions){.depth = 3, .threads = 1, .operand_values = 4};
  e = equiv_check(isa, &o, &err);
  g_assert_no_error(err);
  Replay r;
  equiv_replay(e, &r);
  g_autofree char *prog = g_strjoinv("; ", r.program);
  g_autofree char *div = g_strjoinv(",", equiv_counterexample(e)->diverges);
  g_assert_cmpstr(prog, ==, "mov 0; movtocr3 1");
  g_assert_cmpstr(div, ==, "resource control (a real resource changed),cr3");
  replay_clear(&r);
  equivalence_free(e);
  isa_free(isa);

  isa = load_scenario("x86", NULL);
  EquivOptions plain = {.engine = ENGINE_SMT, .monitor = MON_ASSIST, .stack = 1};
  g_assert_null(equiv_check(isa, &plain, &err));
  g_assert_cmpstr(err->message, ==, "the assisted monitor needs a virtualization extension, "
                                    "and x86 declares none (expected a register 'reg NAME : 1 "
                                    "resource guest;')");
  g_clear_error(&err);
  isa_free(isa);
  /* without an extension no state is in guest mode (the fuzzer's find) */
  const char *const tiny[] = {"word=8", "addr=2", "data=2", "mem=12", NULL};
  isa = load_scenario("x86", tiny);
  Query q = {.kind = Q_GUEST_RUNS, .resource = -1};
  QueryResult none;
  explore_query(isa, 0, &q, NULL, NULL, 1000000, 0, &none);
  g_assert_cmpint(none.ans, ==, ANS_NO);
  query_result_clear(&none);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/equiv/expected-verdicts", test_expected);
  g_test_add_func("/equiv/theorems-imply-equivalence", test_theorems_imply_equivalence);
  g_test_add_func("/equiv/theorem1-fails-yet-equivalent-at-base-0", test_layout);
  g_test_add_func("/equiv/both-engines", test_both_engines);
  g_test_add_func("/equiv/translation-set", test_translation_set);
  g_test_add_func("/equiv/assist-exit-removed", test_assist_exit_removed);
  return g_test_run();
}
