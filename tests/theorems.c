#include "theorems.h"

#include "classify.h"
#include "equiv.h"
#include "gen_isa.h"
#include "remedy.h"

typedef struct {
  uint64_t seed;
  const char *src;
  GString *report;
} Case;

static bool violation(const Case *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool violation(const Case *c, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *why = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_string_append_printf(c->report, "seed %" G_GUINT64_FORMAT ": %s\n%s\n", c->seed, why,
                         c->src);
  return false;
}

/* The lockstep domain: every mode, and a few values of R, the accumulator
 * and each resource, the bound beyond the storage among them. */
static const uint64_t reloc_values[] = {0, 2}, bound_values[] = {1, 7, 15}, acc_values[] = {0, 3};
static const uint64_t res_values[] = {0, 1, 3};

static void walk_domain(const Isa *isa, LockstepOptions *w)
{
  w->init_values[VAR_RELOC] = reloc_values;
  w->ninit_values[VAR_RELOC] = G_N_ELEMENTS(reloc_values);
  w->init_values[VAR_BOUND] = bound_values;
  w->ninit_values[VAR_BOUND] = G_N_ELEMENTS(bound_values);
  for (unsigned v = VAR_FIRST_REG; v < isa->nvars; v++) {
    bool res = isa->vars[v].resource;
    w->init_values[v] = res ? res_values : acc_values;
    w->ninit_values[v] = res ? 1 + isa->vars[v].width : G_N_ELEMENTS(acc_values);
  }
}

/* Where the guest goes: above the vectors, or (every fourth ISA) across
 * the end of what the host's relocation register reaches, so that the host
 * grows to fit (vmm.h) and f interprets what lies beyond. */
static uint64_t guest_base(const Case *c, const Isa *isa)
{
  uint64_t reserved = monitor_reserved(isa), reach = ir_mask(isa->addr_width) + 1;
  if (c->seed % 4 != 3 || reach < isa->mem / 2 + reserved)
    return reserved;
  return reach - isa->mem / 2;
}

/* The monitor's verdict by one-step simulation (SMT and enumeration,
 * cross-checked) and by lockstep exploration; false on an error. */
static bool monitor_verdicts(const Case *c, const Isa *isa, MonitorKind kind,
                             const TranslationSet *ts, const TheoremOptions *opt,
                             EquivVerdict v[2], TheoremStats *st)
{
  const char *name = monitor_kind_names[kind];
  for (int walk = 0; walk < 2; walk++) {
    EquivOptions o = {.engine = walk ? ENGINE_EXHAUSTIVE : ENGINE_BOTH, .monitor = kind, .ts = ts,
                      .stack = 1, .base = guest_base(c, isa), .timeout_ms = 20000,
                      .max_states = walk ? 2000000 : opt->max_states / 4};
    o.walk = (LockstepOptions){.depth = opt->depth, .threads = 1, .operand_values = 4};
    walk_domain(isa, &o.walk);
    GError *err = NULL;
    Equivalence *e = equiv_check(isa, &o, &err);
    if (!e) {
      bool ok = violation(c, "%s monitor, %s: %s", name, walk ? "lockstep" : "one-step (both)",
                          err->message);
      g_error_free(err);
      return ok;
    }
    v[walk] = e->verdict;
    if (e->walk)
      st->walked += e->walk->states;
    equivalence_free(e);
  }
  return true;
}

/* The translating monitor, built from the classes, is equivalent whatever
 * the theorems say (when some word traps in user mode to translate into). */
static bool translation_mends(const Case *c, const Isa *isa, const Classification *cl,
                              const TheoremOptions *opt, TheoremStats *st)
{
  GError *err = NULL;
  TranslationSet *ts = translation_set_new(cl, &err);
  if (!ts) {
    g_error_free(err);
    st->untranslatable++;
    return true;
  }
  EquivVerdict v[2];
  bool ok = monitor_verdicts(c, isa, MON_TRANSLATE, ts, opt, v, st);
  for (int k = 0; ok && k < 2; k++)
    if (v[k] == EQ_COUNTEREXAMPLE)
      ok = violation(c, "the translating monitor: %s finds a counterexample",
                     k ? "lockstep exploration" : "one-step simulation");
  st->translated += ok && v[0] == EQ_EQUIVALENT && v[1] == EQ_EQUIVALENT;
  translation_set_free(ts);
  return ok;
}

/* A theorem that holds must make its monitor equivalent both ways. */
static bool implies(const Case *c, Tri theorem, const char *which, const EquivVerdict v[2],
                    unsigned *holds, unsigned *fails, unsigned *breaks, TheoremStats *st)
{
  if (theorem == TRI_UNKNOWN || v[0] == EQ_INCOMPLETE || v[1] == EQ_INCOMPLETE)
    st->unknown++;
  if (theorem == TRI_YES) {
    (*holds)++;
    for (int k = 0; k < 2; k++)
      if (v[k] == EQ_COUNTEREXAMPLE)
        return violation(c, "%s holds, yet %s finds a counterexample", which,
                         k ? "lockstep exploration" : "one-step simulation");
  } else if (theorem == TRI_NO) {
    (*fails)++;
    *breaks += v[0] == EQ_COUNTEREXAMPLE || v[1] == EQ_COUNTEREXAMPLE;
  }
  return true;
}

bool theorem_check(uint64_t seed, const TheoremOptions *opt, TheoremStats *st, GString *report)
{
  g_autofree char *src = gen_isa(seed);
  Case c = {seed, src, report};
  st->isas++;
  GError *err = NULL;
  g_autofree char *file = g_strdup_printf("gen-%" G_GUINT64_FORMAT ".isa", seed);
  Isa *isa = isa_load_string(file, src, strlen(src), NULL, &err);
  bool ok = true;
  Classification *cl = NULL;
  if (!isa) {
    ok = violation(&c, "the generated spec does not load: %s", err->message);
    goto out;
  }
  ClassifyOptions co = {.engine = ENGINE_BOTH, .timeout_ms = 20000,
                        .max_states = opt->max_states};
  if (!(cl = classify_isa(isa, &co, &err))) {
    ok = violation(&c, "classify --engine both: %s", err->message);
    goto out;
  }
  for (unsigned i = 0; i < isa->ninsns; i++)
    for (unsigned j = 0; j < cl->insn[i].nasked; j++) {
      st->queries++;
      st->cross_checked += cl->insn[i].asked[j].cross_checked;
    }
  EquivVerdict trap[2], hybrid[2];
  ok = monitor_verdicts(&c, isa, MON_TRAP, NULL, opt, trap, st) &&
       monitor_verdicts(&c, isa, MON_HYBRID, NULL, opt, hybrid, st) &&
       implies(&c, cl->theorem1, "Theorem 1", trap, &st->t1_holds, &st->t1_fails,
               &st->t1_fails_trap_breaks, st) &&
       implies(&c, cl->theorem3, "Theorem 3", hybrid, &st->t3_holds, &st->t3_fails,
               &st->t3_fails_hybrid_breaks, st) &&
       translation_mends(&c, isa, cl, opt, st);
out:
  g_clear_error(&err);
  classification_free(cl);
  isa_free(isa);
  st->violations += !ok;
  return ok;
}

void theorem_stats_add(TheoremStats *into, const TheoremStats *from)
{
  into->isas += from->isas;
  into->violations += from->violations;
  into->t1_holds += from->t1_holds;
  into->t1_fails += from->t1_fails;
  into->t1_fails_trap_breaks += from->t1_fails_trap_breaks;
  into->t3_holds += from->t3_holds;
  into->t3_fails += from->t3_fails;
  into->t3_fails_hybrid_breaks += from->t3_fails_hybrid_breaks;
  into->translated += from->translated;
  into->untranslatable += from->untranslatable;
  into->unknown += from->unknown;
  into->queries += from->queries;
  into->cross_checked += from->cross_checked;
  into->walked += from->walked;
}

char *theorem_stats_text(const TheoremStats *st)
{
  return g_strdup_printf(
      "%u ISAs, %u violations\n"
      "Theorem 1: holds for %u, fails for %u (the trap monitor really breaks on %u of those)\n"
      "Theorem 3: holds for %u, fails for %u (the hybrid monitor really breaks on %u of those)\n"
      "binary translation: equivalent both ways for %u (%u have no word to translate into)\n"
      "classification queries: %" G_GUINT64_FORMAT ", decided by both engines alike: %"
      G_GUINT64_FORMAT "\n"
      "lockstep states explored: %" G_GUINT64_FORMAT "; verdicts left open by a limit: %u\n",
      st->isas, st->violations, st->t1_holds, st->t1_fails, st->t1_fails_trap_breaks,
      st->t3_holds, st->t3_fails, st->t3_fails_hybrid_breaks, st->translated,
      st->untranslatable, st->queries, st->cross_checked,
      st->walked, st->unknown);
}
