#include "classify.h"

#include <stdio.h>

const char *const class_names[C_COUNT] = {
    "privileged",        "control_sensitive", "behavior_sensitive", "location_sensitive",
    "mode_sensitive",    "resource_sensitive", "user_sensitive",    "supervisor_sensitive",
    "sensitive",         "innocuous",          "critical",
};

/* ---- three-valued logic ----------------------------------------------- */

static Tri tri_or(Tri a, Tri b)
{
  if (a == TRI_YES || b == TRI_YES)
    return TRI_YES;
  return a == TRI_UNKNOWN || b == TRI_UNKNOWN ? TRI_UNKNOWN : TRI_NO;
}

static Tri tri_not(Tri a)
{
  return a == TRI_UNKNOWN ? TRI_UNKNOWN : a == TRI_YES ? TRI_NO : TRI_YES;
}

static Tri tri_and(Tri a, Tri b)
{
  return tri_not(tri_or(tri_not(a), tri_not(b)));
}


/* With two modes "any mode" is "user or supervisor", so it is asked only
 * with more. */
unsigned classify_queries(const Isa *isa, Query *qs)
{
  unsigned n = 0;
  ModeSel sels[3] = {SEL_USER, SEL_SUPERVISOR, SEL_ANY};
  unsigned nsel = isa->nmodes > 2 ? 3 : 2;
  qs[n++] = (Query){.kind = Q_USER_RUNS, .sel = SEL_USER, .resource = -1};
  qs[n++] = (Query){.kind = Q_SUPERVISOR_RUNS, .sel = SEL_SUPERVISOR, .resource = -1};
  for (unsigned s = 0; s < nsel; s++)
    qs[n++] = (Query){.kind = Q_CONTROL, .sel = sels[s], .resource = -1};
  for (unsigned s = 0; s < nsel; s++)
    qs[n++] = (Query){.kind = Q_LOCATION, .sel = sels[s], .resource = -1};
  qs[n++] = (Query){.kind = Q_MODE, .sel = SEL_ANY, .resource = -1};
  for (unsigned v = VAR_BOUND; v < isa->nvars; v++)
    if (v == VAR_BOUND || isa->vars[v].resource)
      for (unsigned s = 0; s < nsel; s++)
        qs[n++] = (Query){.kind = Q_RESOURCE, .sel = sels[s], .resource = (int)v};
  return n;
}

/* Folds the answers of queries of `kind` (restricted to `sel` unless
 * SEL_ANY) into one class, noting the first witness. */
static Tri fold(InsnClass *ic, QueryKind kind, bool any_sel, ModeSel sel, int *evidence)
{
  Tri t = TRI_NO;
  for (unsigned j = 0; j < ic->nasked; j++) {
    const Asked *a = &ic->asked[j];
    if (a->q.kind != kind || (!any_sel && a->q.sel != sel))
      continue;
    Tri x = answer_tri(a->r.ans);
    if (x == TRI_YES && t != TRI_YES && evidence)
      *evidence = (int)j;
    t = tri_or(t, x);
  }
  return t;
}

static void derive(InsnClass *ic)
{
  Tri *c = ic->cls;
  int *ev = ic->evidence;
  for (int k = 0; k < C_COUNT; k++)
    ev[k] = -1;
  int user_runs = -1, e_cu = -1, e_cs = -1, e_lu = -1, e_ls = -1, e_ru = -1, e_rs = -1;
  /* Privileged: traps in every user-mode state, and not in some supervisor
   * state (so it can never hold vacuously). */
  int super_runs = -1;
  Tri in_user = fold(ic, Q_USER_RUNS, true, SEL_ANY, &user_runs);
  Tri in_super = fold(ic, Q_SUPERVISOR_RUNS, true, SEL_ANY, &super_runs);
  c[C_PRIVILEGED] = tri_and(tri_not(in_user), in_super);
  c[C_CONTROL] = fold(ic, Q_CONTROL, true, SEL_ANY, &ev[C_CONTROL]);
  c[C_LOCATION] = fold(ic, Q_LOCATION, true, SEL_ANY, &ev[C_LOCATION]);
  c[C_MODE] = fold(ic, Q_MODE, true, SEL_ANY, &ev[C_MODE]);
  c[C_RESOURCE] = fold(ic, Q_RESOURCE, true, SEL_ANY, &ev[C_RESOURCE]);
  c[C_BEHAVIOR] = tri_or(tri_or(c[C_LOCATION], c[C_MODE]), c[C_RESOURCE]);
  ev[C_BEHAVIOR] = ev[C_LOCATION] >= 0 ? ev[C_LOCATION] : ev[C_MODE] >= 0 ? ev[C_MODE]
                                                                          : ev[C_RESOURCE];
  c[C_SENSITIVE] = tri_or(c[C_CONTROL], c[C_BEHAVIOR]);
  ev[C_SENSITIVE] = ev[C_CONTROL] >= 0 ? ev[C_CONTROL] : ev[C_BEHAVIOR];
  c[C_INNOCUOUS] = tri_not(c[C_SENSITIVE]);
  Tri user = tri_or(tri_or(fold(ic, Q_CONTROL, false, SEL_USER, &e_cu),
                           fold(ic, Q_LOCATION, false, SEL_USER, &e_lu)),
                    fold(ic, Q_RESOURCE, false, SEL_USER, &e_ru));
  c[C_USER] = user;
  ev[C_USER] = e_cu >= 0 ? e_cu : e_lu >= 0 ? e_lu : e_ru;
  c[C_SUPERVISOR] = tri_or(tri_or(tri_or(fold(ic, Q_CONTROL, false, SEL_SUPERVISOR, &e_cs),
                                         fold(ic, Q_LOCATION, false, SEL_SUPERVISOR, &e_ls)),
                                  fold(ic, Q_RESOURCE, false, SEL_SUPERVISOR, &e_rs)),
                           c[C_MODE]);
  ev[C_SUPERVISOR] = e_cs >= 0   ? e_cs
                     : e_ls >= 0 ? e_ls
                     : e_rs >= 0 ? e_rs
                                 : ev[C_MODE];
  c[C_CRITICAL] = tri_and(c[C_SENSITIVE], tri_not(c[C_PRIVILEGED]));
  ev[C_CRITICAL] = ev[C_SENSITIVE];
  /* For a yes, the supervisor state where it runs; for a no, the user state
   * where it runs (none when it traps in every state of both modes). */
  ev[C_PRIVILEGED] = c[C_PRIVILEGED] == TRI_YES ? super_runs : user_runs;
}

Classification *classify_isa(const Isa *isa, const ClassifyOptions *opt, GError **err)
{
  Classification *cl = g_new0(Classification, 1);
  cl->isa = isa;
  cl->opt = *opt;
  cl->insn = g_new0(InsnClass, isa->ninsns);
  Asker cx = {isa, opt->engine, opt->max_states, opt->deadline, opt->timeout_ms, NULL, err};
  if (!asker_open(&cx)) {
    classification_free(cl);
    return NULL;
  }
  Query qs[CLASSIFY_MAX_QUERIES];
  unsigned nq = classify_queries(isa, qs);
  bool ok = true;
  for (unsigned i = 0; ok && i < isa->ninsns; i++) {
    InsnClass *ic = &cl->insn[i];
    ic->asked = g_new0(Asked, nq);
    for (unsigned j = 0; ok && j < nq; j++) {
      ic->asked[j].q = qs[j];
      ok = asker_ask(&cx, i, &ic->asked[j]);
      ic->nasked = j + ok;
      ic->states += ic->asked[j].r.states;
    }
    if (ok)
      derive(ic);
    if (opt->progress)
      fprintf(stderr, "\r%s: classified %u/%u instructions", isa->name, i + 1, isa->ninsns);
  }
  if (opt->progress)
    fprintf(stderr, "\n");
  asker_close(&cx);
  if (!ok) {
    classification_free(cl);
    return NULL;
  }
  cl->theorem1 = cl->theorem3 = TRI_YES;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const Tri *c = cl->insn[i].cls;
    cl->theorem1 = tri_and(cl->theorem1, tri_not(c[C_CRITICAL]));
    cl->theorem3 = tri_and(cl->theorem3, tri_not(tri_and(c[C_USER], tri_not(c[C_PRIVILEGED]))));
  }
  return cl;
}

void classification_free(Classification *cl)
{
  if (!cl)
    return;
  for (unsigned i = 0; i < cl->isa->ninsns; i++) {
    for (unsigned j = 0; j < cl->insn[i].nasked; j++)
      query_result_clear(&cl->insn[i].asked[j].r);
    g_free(cl->insn[i].asked);
  }
  g_free(cl->insn);
  g_free(cl);
}

const char **class_members(const Classification *c, ClassId id, unsigned *n)
{
  const char **names = g_new0(const char *, c->isa->ninsns + 1);
  *n = 0;
  for (unsigned i = 0; i < c->isa->ninsns; i++)
    if (c->insn[i].cls[id] == TRI_YES)
      names[(*n)++] = c->isa->insns[i].name;
  return names;
}

const char **theorem_breakers(const Classification *c, int theorem, unsigned *n)
{
  const char **names = g_new0(const char *, c->isa->ninsns + 1);
  *n = 0;
  for (unsigned i = 0; i < c->isa->ninsns; i++) {
    const Tri *k = c->insn[i].cls;
    ClassId needs = theorem == 1 ? C_SENSITIVE : C_USER;
    if (k[needs] == TRI_YES && k[C_PRIVILEGED] == TRI_NO)
      names[(*n)++] = c->isa->insns[i].name;
  }
  return names;
}
