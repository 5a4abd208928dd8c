/* The revised classes (docs/model.md), one hand-written spec per case in
 * tests/specs/classes/: the exact classes of the instruction each is about
 * (both engines, agreeing), the theorems, and what each monitor does, by
 * one-step SMT and by lockstep exploration from a domain that reaches the
 * divergence. A theorem that holds must come with an equivalent monitor. */
#include "classify.h"
#include "equiv.h"
#include "testutil.h"

typedef struct {
  const char *spec, *insn;
  const char *classes; /* the classes that hold, in class_names order */
  Tri t1, t3;
  EquivVerdict trap, hybrid;
  const char *init_var; /* the lockstep domain: this variable's values, too */
  uint64_t init[2];
  const char *trap_walk, *hybrid_walk; /* lockstep: the diverging components, or NULL */
  unsigned walk_steps; /* the shortest counterexample's length; 0 means 1 */
} Case;

#define CX "control_sensitive "
#define SENS_USER "user_sensitive supervisor_sensitive sensitive critical"

static const Case cases[] = {
    /* privileged cannot hold vacuously: ENTER runs in user mode */
    {"enter", "enter", CX "behavior_sensitive mode_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, NULL, {0, 0},
     "resource control (a real resource changed),pc,bound,storage",
     "resource control (a real resource changed),mode", 0},
    /* privileged though it traps in supervisor mode for one operand */
    {"csrw", "csrw", "privileged control_sensitive supervisor_sensitive sensitive", TRI_YES,
     TRI_YES, EQ_EQUIVALENT, EQ_EQUIVALENT, "ie", {0, 1}, NULL, NULL, 0},
    /* traps on a declared resource (x87 on CR0.TS) */
    {"fadd", "fadd", "behavior_sensitive resource_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "ts", {0, 1}, "pc,bound,acc,storage",
     "mode,pc,bound,acc,storage", 0},
    /* traps only in supervisor mode: mode sensitive, not user sensitive */
    {"suptrap", "suptrap", "behavior_sensitive mode_sensitive supervisor_sensitive sensitive "
     "critical", TRI_NO, TRI_YES, EQ_COUNTEREXAMPLE, EQ_EQUIVALENT, NULL, {0, 0},
     "pc,bound,acc,storage", NULL, 0},
    /* compares l with the storage size: a location pair in a larger storage */
    {"highl", "highl", "behavior_sensitive location_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "reloc", {0, 8}, "acc", "acc", 0},
    /* a memory trap that depends on l counts */
    {"lowpeek", "lowpeek", "behavior_sensitive location_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "bound", {0, 0}, "pc,storage", "mode,pc,storage", 0},
    /* a memory trap between two bounds that allow the same addresses counts */
    {"peekb", "peekb", "behavior_sensitive resource_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "bound", {15, 20}, "pc,bound,storage",
     "mode,pc,bound,storage", 0},
    /* reads only the bound; the engines agree on its one-step query */
    {"rdb", "rdb", "behavior_sensitive resource_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "bound", {15, 20}, "acc", "acc", 0},
    /* traps in every user state of a 16-word machine, but runs in a guest's
     * larger storage: not privileged (the soak's seed 8501, minimized) */
    {"hostrun", "hostrun", "behavior_sensitive location_sensitive user_sensitive sensitive "
     "critical", TRI_NO, TRI_NO, EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "reloc", {0, 8},
     "mode,pc,reloc,bound,acc,storage", "mode,pc,reloc,bound,acc,storage", 0},
    /* location sensitive only where nothing can be fetched: both monitors hold */
    {"farpc", "farpc", "behavior_sensitive location_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_EQUIVALENT, EQ_EQUIVALENT, "reloc", {0, 8}, NULL, NULL, 0},
    /* a physical read in any mode (x86 LAR, LSL, VERR): location sensitive */
    {"physpeek", "physpeek", "behavior_sensitive location_sensitive " SENS_USER, TRI_NO, TRI_NO,
     EQ_COUNTEREXAMPLE, EQ_COUNTEREXAMPLE, "reloc", {0, 4}, "acc", "acc", 2},
    /* a physical read that traps in user mode (MIPS kseg0): privileged */
    {"kseg", "kseg", "privileged behavior_sensitive location_sensitive supervisor_sensitive "
     "sensitive", TRI_YES, TRI_YES, EQ_EQUIVALENT, EQ_EQUIVALENT, "reloc", {0, 4}, NULL, NULL, 0},
    /* a trap entry of its own (epc, previous mode, tvec): a reflected trap runs
     * it on the guest's virtual state */
    {"entry", "eret", "privileged control_sensitive behavior_sensitive resource_sensitive "
     "supervisor_sensitive sensitive", TRI_YES, TRI_YES, EQ_EQUIVALENT, EQ_EQUIVALENT, "tvec",
     {0, 5}, NULL, NULL, 0},
};

static Isa *load_case(const Case *c)
{
  g_autofree char *path = g_strdup_printf("tests/specs/classes/%s.isa", c->spec);
  GError *err = NULL;
  Isa *isa = isa_load(path, NULL, &err);
  g_assert_no_error(err);
  return isa;
}

static char *classes_of(const Classification *cl, unsigned i)
{
  GString *s = g_string_new(NULL);
  for (int k = 0; k < C_COUNT; k++) {
    g_assert_cmpint(cl->insn[i].cls[k], !=, TRI_UNKNOWN);
    if (cl->insn[i].cls[k] == TRI_YES)
      g_string_append_printf(s, "%s%s", s->len ? " " : "", class_names[k]);
  }
  return g_string_free(s, FALSE);
}

static Equivalence *equiv(const Isa *isa, const Case *c, bool hybrid, EngineKind engine)
{
  EquivOptions o = {.engine = engine, .monitor = hybrid ? MON_HYBRID : MON_TRAP, .stack = 1,
                    .base = monitor_reserved(isa), .timeout_ms = 60000, .max_states = 5000000};
  o.walk = (LockstepOptions){.depth = 2, .threads = 1, .operand_values = 4};
  if (c->init_var) {
    int v = isa_find_var(isa, c->init_var);
    g_assert_cmpint(v, >=, 0);
    o.walk.init_values[v] = c->init;
    o.walk.ninit_values[v] = c->init[0] == c->init[1] ? 1 : 2;
  }
  GError *err = NULL;
  Equivalence *e = equiv_check(isa, &o, &err);
  g_assert_no_error(err);
  return e;
}

static void check_case(gconstpointer data)
{
  const Case *c = data;
  Isa *isa = load_case(c);
  ClassifyOptions co = {.engine = ENGINE_BOTH, .timeout_ms = 60000, .max_states = 1000000};
  GError *err = NULL;
  Classification *cl = classify_isa(isa, &co, &err);
  g_assert_no_error(err);
  int i = isa_find_insn(isa, c->insn);
  g_assert_cmpint(i, >=, 0);
  g_autofree char *got = classes_of(cl, (unsigned)i);
  g_assert_cmpstr(got, ==, c->classes);
  g_assert_cmpint(cl->theorem1, ==, c->t1);
  g_assert_cmpint(cl->theorem3, ==, c->t3);

  for (int h = 0; h < 2; h++) {
    EquivVerdict want = h ? c->hybrid : c->trap;
    const char *walk_diverges = h ? c->hybrid_walk : c->trap_walk;
    Equivalence *e = equiv(isa, c, h, ENGINE_SMT);
    g_assert_cmpint(e->verdict, ==, want);
    if (want == EQ_COUNTEREXAMPLE) /* the case's instruction is the one that breaks it */
      g_assert_cmpstr(isa->insns[e->first].name, ==, c->insn);
    equivalence_free(e);
    e = equiv(isa, c, h, ENGINE_EXHAUSTIVE);
    g_assert_cmpint(e->verdict, ==, walk_diverges ? EQ_COUNTEREXAMPLE : EQ_EQUIVALENT);
    if (walk_diverges) {
      const Counterexample *x = equiv_counterexample(e);
      g_assert_cmpuint(x->steps, ==, MAX(c->walk_steps, 1));
      g_autofree char *d = g_strjoinv(",", x->diverges);
      g_assert_cmpstr(d, ==, walk_diverges);
    }
    equivalence_free(e);
  }
  classification_free(cl);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
    g_autofree char *name = g_strdup_printf("/classes/%s", cases[k].spec);
    g_test_add_data_func(name, &cases[k], check_case);
  }
  return g_test_run();
}
