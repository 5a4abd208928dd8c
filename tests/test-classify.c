/* The checker: every bundled scenario's derived classes against its expected
 * file, by SMT at full width and by both engines (agreeing) at a small
 * instance; exact witnesses; replay; unknown answers. */
#include "classify.h"
#include "expect.h"
#include "classify_report.h"
#include "testutil.h"

static const char *const scenarios[] = {"pg-classic", "pdp10", "m68000", "m68010",
                                        "x86",        "ibm360-67", "pdp11", "armv7",
                                        "riscv",      "mips",  "ppc",    "vax",    "x86-vtx"};

static Expect *expect_of(const char *name)
{
  g_autofree char *path = g_strdup_printf("scenarios/%s.expect", name);
  GError *err = NULL;
  Expect *e = expect_load(path, NULL, &err);
  g_assert_no_error(err);
  g_assert_nonnull(e->instance);
  return e;
}

static char *joined_or_empty(char **names)
{
  return names ? g_strjoinv(" ", names) : g_strdup("");
}

static void assert_matches(const Classification *c, const Expect *e)
{
  for (int k = 0; k < EXPECT_SETS; k++) {
    unsigned n;
    const char **names = class_members(c, expect_set_ids[k], &n);
    g_autofree char *got = g_strjoinv(" ", (char **)names);
    g_autofree char *want = joined_or_empty(e->sets[k]);
    g_free(names);
    g_assert_cmpstr(got, ==, want);
  }
  g_assert_cmpint(c->theorem1, ==, e->theorem[1]);
  g_assert_cmpint(c->theorem3, ==, e->theorem[3]);
  g_assert_cmpint(!!c->ext, ==, !!e->exits);
  if (c->ext) {
    GString *exits = g_string_new(NULL);
    for (unsigned i = 0; i < c->isa->ninsns; i++)
      if (c->ext[i].exits == TRI_YES)
        g_string_append_printf(exits, "%s%s", exits->len ? " " : "", c->isa->insns[i].name);
    g_autofree char *want = joined_or_empty(e->exits);
    g_assert_cmpstr(exits->str, ==, want);
    g_string_free(exits, TRUE);
    g_assert_cmpint(c->theorem1_ext, ==, e->theorem1_ext);
  }
  for (char **v = e->variants; *v; v++) { /* each listed variant, exactly */
    const char *want = *v;
    g_autofree char *insn = g_strndup(want, strcspn(want, " "));
    int i = isa_find_insn(c->isa, insn);
    g_assert_cmpint(i, >=, 0);
    const InsnClass *ic = &c->insn[i];
    bool found = false;
    for (unsigned j = 0; j < ic->nvariants; j++) {
      g_autofree char *what = variant_summary(&ic->variants[j].c);
      g_autofree char *where = variant_ranges(c->isa, ic, &ic->variants[j]);
      g_autofree char *got = g_strdup_printf("%s %s: %s", insn, what, where);
      found |= !strcmp(got, want);
    }
    if (!found)
      g_error("no variant '%s'", want);
  }
}

static void test_scenario_smt(gconstpointer data)
{
  Expect *e = expect_of(data);
  Isa *isa = load_scenario(data, NULL);
  ClassifyOptions opt = {.engine = ENGINE_SMT, .timeout_ms = 60000};
  GError *err = NULL;
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  assert_matches(c, e);
  classification_free(c);
  isa_free(isa);
  expect_free(e);
}

static void test_scenario_both(gconstpointer data)
{
  Expect *e = expect_of(data);
  if (!strcmp(e->instance[0], "none")) { /* the .expect says why */
    expect_free(e);
    g_test_skip("no small instance");
    return;
  }
  Isa *isa = load_scenario(data, (const char *const *)e->instance);
  ClassifyOptions opt = {.engine = ENGINE_BOTH, .timeout_ms = 60000, .max_states = 50000000};
  GError *err = NULL;
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  assert_matches(c, e);
  for (unsigned i = 0; i < isa->ninsns; i++) {
    for (unsigned j = 0; j < c->insn[i].nasked; j++)
      g_assert_true(c->insn[i].asked[j].cross_checked);
    if (c->ext)
      g_assert_true(c->ext[i].runs.cross_checked && c->ext[i].breaks.cross_checked);
  }
  classification_free(c);
  isa_free(isa);
  expect_free(e);
}

static const Asked *find_asked(const Classification *c, const char *insn, QueryKind kind,
                               ModeSel sel, int resource)
{
  const InsnClass *ic = &c->insn[isa_find_insn(c->isa, insn)];
  for (unsigned j = 0; j < ic->nasked; j++) {
    const Query *q = &ic->asked[j].q;
    if (q->kind == kind && q->sel == sel && (kind != Q_RESOURCE || q->resource == resource))
      return &ic->asked[j];
  }
  g_assert_not_reached();
}

/* The exhaustive witness is the first state in enumeration order: exact. */
static void test_exact_witness(void)
{
  const char *const inst[] = {"word=8", "addr=2", "data=2", "mem=12", NULL};
  Isa *isa = load_scenario("x86", inst);
  ClassifyOptions opt = {.engine = ENGINE_EXHAUSTIVE, .max_states = 10000000};
  GError *err = NULL;
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  /* POPF in ring 0 changes IF: operand 0, everything zero, storage word 0
   * holding IF = 1 (bit 1). */
  const Asked *a = find_asked(c, "popf", Q_CONTROL, SEL_SUPERVISOR, -1);
  g_assert_cmpint(a->r.ans, ==, ANS_YES);
  g_assert_cmpuint(a->r.w.word, ==, 0x1c); /* opcode 7 in bits 7..2, operand 0 */
  g_assert_cmpuint(a->r.w.pre1[VAR_MODE], ==, 0);
  g_assert_cmpuint(a->r.w.pre1[isa_find_var(isa, "intf")], ==, 0);
  g_assert_cmpuint(witness_peek((void *)&a->r.w, 0), ==, 0x2);
  /* The CS read is mode sensitive: ring 0 against ring 3. */
  a = find_asked(c, "movfromcs", Q_MODE, SEL_ANY, -1);
  g_assert_cmpint(a->r.ans, ==, ANS_YES);
  g_assert_cmpuint(a->r.w.pre1[VAR_MODE], ==, 0);
  g_assert_cmpuint(a->r.w.pre2[VAR_MODE], ==, 1);
  /* SGDT reveals GDTR in user mode: two states differing only there. */
  a = find_asked(c, "sgdt", Q_RESOURCE, SEL_USER, isa_find_var(isa, "gdtr"));
  g_assert_cmpint(a->r.ans, ==, ANS_YES);
  g_assert_cmpuint(a->r.w.pre1[isa_find_var(isa, "gdtr")], ==, 0);
  g_assert_cmpuint(a->r.w.pre2[isa_find_var(isa, "gdtr")], ==, 1);
  /* A witness that does not show the property fails its replay. */
  Witness w = a->r.w;
  w.pre2[isa_find_var(isa, "gdtr")] = 0;
  char *why = NULL;
  g_assert_false(witness_replay(isa, &isa->insns[isa_find_insn(isa, "sgdt")], &a->q, &w, &why));
  g_assert_cmpstr(why, ==, "the resource witness for sgdt does not replay: the state is "
                           "outside the query");
  g_free(why);
  classification_free(c);
  isa_free(isa);
}

/* Changing the mode for some operand values only: control sensitive, not
 * privileged (and so critical), by both engines. */
static void test_operand_dependent(void)
{
  const char *src = "machine t;\nparam word = 6;\nparam mem = 8;\nmodes s, u;\n"
                    "pc : 3;\nreloc : 3;\nbound : 3 le;\nreg r : 2;\n"
                    "field op = [5:3];\nfield a = [2:0];\n"
                    "insn setm a when op == 1 { if a == 5 { mode := u; } }\n"
                    "insn nop when op == 2 && a == 0 { r := r; }\n";
  GError *err = NULL;
  Isa *isa = load_src(src, &err);
  g_assert_no_error(err);
  ClassifyOptions opt = {.engine = ENGINE_BOTH, .timeout_ms = 60000, .max_states = 1000000};
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  const Tri *k = c->insn[0].cls;
  g_assert_cmpint(k[C_CONTROL], ==, TRI_YES);
  g_assert_cmpint(k[C_PRIVILEGED], ==, TRI_NO);
  g_assert_cmpint(k[C_CRITICAL], ==, TRI_YES);
  g_assert_cmpint(k[C_USER], ==, TRI_NO); /* in user mode it changes nothing */
  const Asked *a = find_asked(c, "setm", Q_CONTROL, SEL_SUPERVISOR, -1);
  g_assert_cmpuint(a->r.w.word & 7, ==, 5);
  g_assert_cmpint(c->insn[1].cls[C_INNOCUOUS], ==, TRI_YES);
  g_assert_cmpint(c->theorem1, ==, TRI_NO);
  g_assert_cmpint(c->theorem3, ==, TRI_YES);
  classification_free(c);
  isa_free(isa);
}

/* Factoring a 64-bit product cannot be decided in 1 ms: unknown, never a verdict. */
static void test_unknown_is_unknown(void)
{
  const char *src = "machine hard;\nparam word = 64;\nparam mem = 8;\nmodes s, u;\n"
                    "pc : 3;\nreloc : 3;\nbound : 3 le;\n"
                    "field op = [63:60];\nfield a = [2:0];\n"
                    "insn f a when op == 1 {\n"
                    "  let x = mem[a]; let y = mem[a + 1];\n"
                    "  if x * y == 0xc6f1f1ea5e1dbc01 && x[63:32] == 0 && y[63:32] == 0 &&\n"
                    "     x != 1 && y != 1 { mode := u; }\n}\n";
  GError *err = NULL;
  Isa *isa = load_src(src, &err);
  g_assert_no_error(err);
  ClassifyOptions opt = {.engine = ENGINE_SMT, .timeout_ms = 1};
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  g_assert_cmpint(c->insn[0].cls[C_CONTROL], ==, TRI_UNKNOWN);
  g_assert_cmpint(c->insn[0].cls[C_CRITICAL], ==, TRI_UNKNOWN);
  g_assert_cmpint(c->theorem1, ==, TRI_UNKNOWN);
  const Asked *a = find_asked(c, "f", Q_CONTROL, SEL_SUPERVISOR, -1);
  g_assert_cmpint(a->r.ans, ==, ANS_UNKNOWN);
  g_assert_nonnull(a->r.why);
  classification_free(c);
  isa_free(isa);
}

/* The exhaustive engine stops at --max-states and says so; a space whose
 * operands and variables alone exceed the limit is refused at once. */
static void test_state_limit(void)
{
  const char *const small[] = {"word=6", "addr=2", "data=2", "mem=20", NULL};
  Isa *isa = load_scenario("pg-classic", small);
  ClassifyOptions opt = {.engine = ENGINE_EXHAUSTIVE, .max_states = 300};
  GError *err = NULL;
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  /* add in user mode: its operand, l, b and acc (pc is read only for its
   * own next value), times the 4 values of the word it reads */
  const Asked *a = find_asked(c, "add", Q_CONTROL, SEL_USER, -1);
  g_assert_cmpint(a->r.ans, ==, ANS_LIMIT);
  g_assert_cmpuint(a->r.states, ==, 300);
  g_assert_cmpstr(a->r.why, ==, "stopped after --max-states 300 states");
  g_assert_cmpint(c->insn[isa_find_insn(isa, "add")].cls[C_CONTROL], ==, TRI_UNKNOWN);
  classification_free(c);
  isa_free(isa);

  isa = load_scenario("pg-classic", NULL);
  opt.max_states = 1000;
  c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  a = find_asked(c, "add", Q_CONTROL, SEL_USER, -1);
  g_assert_cmpint(a->r.ans, ==, ANS_LIMIT);
  g_assert_cmpuint(a->r.states, ==, 0);
  g_assert_cmpstr(a->r.why, ==, "at least 6.85e+10 states (operands and variables alone), more "
                                "than --max-states 1000; use a smaller instance (--param)");
  classification_free(c);
  isa_free(isa);
}

/* A refined operand by both engines, agreeing: its exact variants, and the
 * theorems taken per variant (tests/specs/refine.isa). */
static void test_refined_both(void)
{
  GError *err = NULL;
  Isa *isa = isa_load("tests/specs/refine.isa", NULL, &err);
  g_assert_no_error(err);
  ClassifyOptions opt = {.engine = ENGINE_BOTH, .timeout_ms = 60000, .max_states = 50000000};
  Classification *c = classify_isa(isa, &opt, &err);
  g_assert_no_error(err);
  const InsnClass *ic = &c->insn[isa_find_insn(isa, "csr")];
  const char *want[] = {"innocuous: 0x0, 0x2-0x7", "critical (resource sensitive): 0x1",
                        "privileged (resource sensitive): 0x8",
                        "privileged (control sensitive): 0x9", "privileged: 0xa-0xf"};
  g_assert_cmpuint(ic->nvariants, ==, G_N_ELEMENTS(want));
  for (unsigned v = 0; v < ic->nvariants; v++) {
    g_autofree char *what = variant_summary(&ic->variants[v].c);
    g_autofree char *where = variant_ranges(isa, ic, &ic->variants[v]);
    g_autofree char *got = g_strdup_printf("%s: %s", what, where);
    g_assert_cmpstr(got, ==, want[v]);
    for (unsigned j = 0; j < ic->variants[v].c.nasked; j++) {
      const Asked *a = &ic->variants[v].c.asked[j];
      g_assert_cmpuint(a->q.word_match >> 0 & 0xf, ==, ic->variants[v].ranges[0].lo);
      g_assert_true(a->cross_checked || a->r.ans == ANS_NO);
      if (a->r.ans == ANS_YES) /* the witness has the variant's value */
        g_assert_cmpuint(a->r.w.word & 0xf, ==, ic->variants[v].ranges[0].lo);
    }
  }
  g_assert_cmpint(c->theorem1, ==, TRI_NO); /* broken by the variant csr = 1 */
  g_assert_cmpint(insn_keeps_theorem(ic, 1), ==, TRI_NO);
  classification_free(c);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(scenarios); i++) {
    g_autofree char *p1 = g_strdup_printf("/classify/%s/smt", scenarios[i]);
    g_autofree char *p2 = g_strdup_printf("/classify/%s/both-engines", scenarios[i]);
    g_test_add_data_func(p1, scenarios[i], test_scenario_smt);
    g_test_add_data_func(p2, scenarios[i], test_scenario_both);
  }
  g_test_add_func("/classify/exact-witness", test_exact_witness);
  g_test_add_func("/classify/refined-both-engines", test_refined_both);
  g_test_add_func("/classify/operand-dependent-mode-change", test_operand_dependent);
  g_test_add_func("/classify/unknown-is-unknown", test_unknown_is_unknown);
  g_test_add_func("/classify/state-limit", test_state_limit);
  return g_test_run();
}
