#include "study.h"

#include "vmm.h"

static Equivalence *smt_equiv(const Isa *isa, bool hybrid, unsigned stack,
                              const StudyOptions *opt, GError **err)
{
  EquivOptions o = {.engine = ENGINE_SMT, .monitor = hybrid ? MON_HYBRID : MON_TRAP, .stack = stack,
                    .timeout_ms = opt->timeout_ms, .max_states = VC_DEFAULT_MAX_STATES,
                    .deadline = opt->deadline};
  o.base = monitor_reserved(isa);
  if (vmm_stack_region(isa, stack, o.base) + isa->mem > ir_mask(isa->addr_width) + 1)
    return NULL; /* no room for the layout at these widths */
  return equiv_check(isa, &o, err);
}

/* The smallest instance the lockstep explorer can lay a monitor out in:
 * 6-bit addresses, 2-bit data, the narrowest word (11 or 12 bits: x86's
 * opcode takes 6) and the fewest storage words the spec accepts. */
static Isa *small_instance(const char *path, char **why)
{
  static const char *const words[] = {"word=11", "word=12"};
  static const char *const mems[] = {"mem=12", "mem=14", "mem=16", "mem=20", "mem=24"};
  GError *err = NULL;
  for (size_t w = 0; w < G_N_ELEMENTS(words); w++)
    for (size_t i = 0; i < G_N_ELEMENTS(mems); i++) {
      const char *const p[] = {words[w], "addr=6", "data=2", mems[i], NULL};
      Isa *isa = isa_load(path, p, &err);
      if (isa)
        return isa;
      if (w + 1 < G_N_ELEMENTS(words) || i + 1 < G_N_ELEMENTS(mems))
        g_clear_error(&err);
    }
  *why = g_strdup_printf("no small instance (word=11 or 12, addr=6 data=2, mem 12..24) fits the "
                         "spec: %s", err->message);
  g_error_free(err);
  return NULL;
}

Study *study_run(const char *path, const char *const *params, const StudyOptions *opt,
                 GError **error)
{
  GError *local = NULL, **err = &local;
  Study *s = g_new0(Study, 1);
  s->path = g_strdup(path);
  ClassifyOptions co = {.engine = ENGINE_SMT, .timeout_ms = opt->timeout_ms,
                        .deadline = opt->deadline};
  if (!(s->isa = isa_load(path, params, err)) || !(s->cls = classify_isa(s->isa, &co, err)))
    goto fail;
  if (!(s->trap = smt_equiv(s->isa, false, 1, opt, err)) && *err)
    goto fail;
  if (!(s->hybrid = smt_equiv(s->isa, true, 1, opt, err)) && *err)
    goto fail;
  if (!(s->stacked = smt_equiv(s->isa, false, 2, opt, err)) && *err)
    goto fail;
  if ((s->small = small_instance(path, &s->small_why)))
    for (int h = 0; h < 2; h++) {
      EquivOptions o = {.engine = ENGINE_EXHAUSTIVE, .monitor = h ? MON_HYBRID : MON_TRAP, .stack = 1,
                        .max_states = VC_DEFAULT_WALK_STATES, .deadline = opt->deadline};
      o.base = monitor_reserved(s->small);
      o.walk = (LockstepOptions){.depth = opt->depth, .threads = 1, .operand_values = 4,
                                 .max_memory = opt->max_memory};
      if (!(s->walk[h] = equiv_check(s->small, &o, err)))
        goto fail;
    }
  return s;
fail:
  g_propagate_error(error, local);
  study_free(s);
  return NULL;
}

bool study_incomplete(const Study *s)
{
  for (unsigned i = 0; i < s->isa->ninsns; i++)
    for (int k = 0; k < C_COUNT; k++)
      if (s->cls->insn[i].cls[k] == TRI_UNKNOWN)
        return true;
  const Equivalence *all[] = {s->trap, s->hybrid, s->stacked, s->walk[0], s->walk[1]};
  for (size_t k = 0; k < G_N_ELEMENTS(all); k++)
    if (all[k] && all[k]->verdict == EQ_INCOMPLETE)
      return true;
  return false;
}

void study_free(Study *s)
{
  if (!s)
    return;
  for (int h = 0; h < 2; h++)
    equivalence_free(s->walk[h]);
  equivalence_free(s->trap);
  equivalence_free(s->hybrid);
  equivalence_free(s->stacked);
  classification_free(s->cls);
  isa_free(s->small);
  isa_free(s->isa);
  g_free(s->small_why);
  g_free(s->path);
  g_free(s);
}

const Equivalence *study_smt(const Study *s, bool hybrid)
{
  return hybrid ? s->hybrid : s->trap;
}

static char *joined(const char **names, unsigned n)
{
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < n; i++)
    g_string_append_printf(s, "%s%s", i ? " " : "", names[i]);
  return g_string_free(s, FALSE);
}

const char *study_theorem(const Study *s, int n, char **reason)
{
  const Classification *c = s->cls;
  if (n == 2) {
    const char *v = c->theorem1 == TRI_YES && s->stacked && s->stacked->verdict == EQ_EQUIVALENT
                        ? "holds"
                    : c->theorem1 == TRI_NO ? "fails"
                                             : "unknown";
    *reason = g_strdup_printf(
        "Theorem 1 %s; the trap monitor under a copy of itself: %s (one-step simulation, SMT); "
        "the monitor has no timing dependencies",
        c->theorem1 == TRI_YES ? "holds" : c->theorem1 == TRI_NO ? "fails" : "is unknown",
        study_verdict(s->stacked));
    return v;
  }
  Tri t = n == 1 ? c->theorem1 : c->theorem3;
  unsigned k;
  g_autofree const char **breakers = theorem_breakers(c, n, &k);
  g_autofree char *names = joined(breakers, k);
  if (t == TRI_YES)
    *reason = g_strdup(n == 1 ? "every sensitive instruction is privileged"
                              : "every user-sensitive instruction is privileged");
  else if (t == TRI_NO)
    *reason = g_strdup_printf("%s, not privileged: %s",
                              n == 1 ? "sensitive" : "user sensitive", names);
  else
    *reason = g_strdup("some query was answered unknown");
  return t == TRI_YES ? "holds" : t == TRI_NO ? "fails" : "unknown";
}

char *study_efficiency(const Study *s, bool hybrid)
{
  const Equivalence *e = s->walk[hybrid];
  if (!e || !e->walk->instructions)
    return g_strdup("n/a");
  return g_strdup_printf("%.1f%% of %" G_GUINT64_FORMAT, 100.0 * (double)e->walk->direct /
                                       (double)e->walk->instructions, e->walk->instructions);
}

const char *study_verdict(const Equivalence *e)
{
  return e ? equiv_verdict_names[e->verdict] : "n/a";
}
