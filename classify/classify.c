#include "classify.h"

#include <stdio.h>
#include <string.h>

#include "refine.h"

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
  ic->runs[0] = in_user;
  ic->runs[1] = in_super;
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

/* Asks every query about instruction i (restricted to the words whose
 * bits under mask are match) and derives its classes. */
static bool ask_all(Asker *cx, unsigned i, const Query *qs, unsigned nq, uint64_t mask,
                    uint64_t match, InsnClass *ic)
{
  ic->field = -1;
  ic->asked = g_new0(Asked, nq);
  for (unsigned j = 0; j < nq; j++) {
    ic->asked[j].q = qs[j];
    ic->asked[j].q.word_mask = mask;
    ic->asked[j].q.word_match = match;
    if (!asker_ask(cx, i, &ic->asked[j]))
      return false;
    ic->nasked = j + 1;
    ic->states += ic->asked[j].r.states;
  }
  derive(ic);
  return true;
}

static void insn_class_clear(InsnClass *ic)
{
  for (unsigned j = 0; j < ic->nasked; j++)
    query_result_clear(&ic->asked[j].r);
  g_free(ic->asked);
  for (unsigned k = 0; k < ic->nvariants; k++) {
    insn_class_clear(&ic->variants[k].c);
    g_free(ic->variants[k].ranges);
  }
  g_free(ic->variants);
  g_free(ic->unrefined);
}

/* The refined operand's groups (refine.h), each asked on its first value;
 * groups with equal classes merge into one variant, its values as ranges. */
static bool refine(Asker *cx, unsigned i, const Query *qs, unsigned nq, InsnClass *ic)
{
  const Isa *isa = cx->isa;
  const char *why;
  const Refinement *r = asker_refinement(cx, i, &why);
  if (!r) {
    ic->unrefined = g_strdup(why);
    return true;
  }
  unsigned field = r->field;
  ic->field = field;
  unsigned *variant_of = g_new(unsigned, r->ngroups);
  ic->variants = g_new0(Variant, r->ngroups);
  bool ok = true;
  for (unsigned g = 0; ok && g < r->ngroups; g++) {
    InsnClass gc = {0};
    const IrField *f = &isa->fields[field];
    ok = ask_all(cx, i, qs, nq, ir_field_mask(f), r->first[g] << f->lo, &gc);
    ic->states += gc.states;
    unsigned v = 0;
    while (v < ic->nvariants && (memcmp(ic->variants[v].c.cls, gc.cls, sizeof gc.cls) ||
                                 memcmp(ic->variants[v].c.runs, gc.runs, sizeof gc.runs)))
      v++;
    variant_of[g] = v;
    if (v == ic->nvariants && ok)
      ic->variants[ic->nvariants++].c = gc;
    else
      insn_class_clear(&gc);
  }
  for (uint64_t x = 0; ok && x < r->nvalues; x++) {
    Variant *v = &ic->variants[variant_of[r->group[x]]];
    if (v->nranges && v->ranges[v->nranges - 1].hi + 1 == x) {
      v->ranges[v->nranges - 1].hi = x;
      continue;
    }
    if (!(v->nranges & (v->nranges - 1))) /* 0, 1, 2, 4, ...: double */
      v->ranges = g_renew(ValueRange, v->ranges, v->nranges ? 2 * v->nranges : 1);
    v->ranges[v->nranges++] = (ValueRange){x, x};
  }
  g_free(variant_of);
  return ok;
}

static bool classify_extension(Asker *cx, Classification *cl)
{
  const Isa *isa = cl->isa;
  cl->ext = g_new0(ExtClass, isa->ninsns);
  cl->theorem1_ext = TRI_YES;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    ExtClass *x = &cl->ext[i];
    x->runs.q = (Query){.kind = Q_GUEST_RUNS, .resource = -1};
    x->breaks.q = simulation_query(MON_ASSIST, NULL, i, 0);
    if (!asker_ask(cx, i, &x->runs) || !asker_ask(cx, i, &x->breaks))
      return false;
    x->exits = tri_not(answer_tri(x->runs.r.ans));
    x->critical = answer_tri(x->breaks.r.ans);
    cl->theorem1_ext = tri_and(cl->theorem1_ext, tri_not(x->critical));
  }
  return true;
}

Classification *classify_isa(const Isa *isa, const ClassifyOptions *opt, GError **err)
{
  Classification *cl = g_new0(Classification, 1);
  cl->isa = isa;
  cl->opt = *opt;
  cl->insn = g_new0(InsnClass, isa->ninsns);
  Asker cx = {isa, opt->engine, opt->max_states, opt->deadline, opt->timeout_ms, NULL, err, NULL, -1};
  asker_open(&cx);
  Query qs[CLASSIFY_MAX_QUERIES];
  unsigned nq = classify_queries(isa, qs);
  bool ok = true;
  for (unsigned i = 0; ok && i < isa->ninsns; i++) {
    InsnClass *ic = &cl->insn[i];
    ok = ask_all(&cx, i, qs, nq, 0, 0, ic) && refine(&cx, i, qs, nq, ic);
    if (opt->progress)
      fprintf(stderr, "\r%s: classified %u/%u instructions", isa->name, i + 1, isa->ninsns);
  }
  if (opt->progress)
    fprintf(stderr, "\n");
  if (ok && isa->guest_var >= 0)
    ok = classify_extension(&cx, cl);
  asker_close(&cx);
  if (!ok) {
    classification_free(cl);
    return NULL;
  }
  cl->theorem1 = cl->theorem3 = TRI_YES;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    cl->theorem1 = tri_and(cl->theorem1, insn_keeps_theorem(&cl->insn[i], 1));
    cl->theorem3 = tri_and(cl->theorem3, insn_keeps_theorem(&cl->insn[i], 3));
  }
  return cl;
}

static Tri keeps(const Tri *c, int theorem)
{
  ClassId needs = theorem == 1 ? C_SENSITIVE : C_USER;
  return tri_not(tri_and(c[needs], tri_not(c[C_PRIVILEGED])));
}

Tri insn_keeps_theorem(const InsnClass *ic, int theorem)
{
  if (!ic->nvariants)
    return keeps(ic->cls, theorem);
  Tri t = TRI_YES;
  for (unsigned k = 0; k < ic->nvariants; k++)
    t = tri_and(t, keeps(ic->variants[k].c.cls, theorem));
  return t;
}

char *variant_ranges(const Isa *isa, const InsnClass *ic, const Variant *v)
{
  const IrField *f = &isa->fields[ic->field];
  int digits = (int)(f->hi - f->lo + 4) / 4;
  GString *s = g_string_new(NULL);
  for (unsigned k = 0; k < v->nranges; k++) {
    const ValueRange *r = &v->ranges[k];
    g_string_append_printf(s, "%s0x%0*" G_GINT64_MODIFIER "x", k ? ", " : "", digits, r->lo);
    if (r->hi != r->lo)
      g_string_append_printf(s, "-0x%0*" G_GINT64_MODIFIER "x", digits, r->hi);
  }
  return g_string_free(s, FALSE);
}

void classification_free(Classification *cl)
{
  if (!cl)
    return;
  for (unsigned i = 0; i < cl->isa->ninsns; i++) {
    insn_class_clear(&cl->insn[i]);
    if (cl->ext) {
      query_result_clear(&cl->ext[i].runs.r);
      query_result_clear(&cl->ext[i].breaks.r);
    }
  }
  g_free(cl->ext);
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
  for (unsigned i = 0; i < c->isa->ninsns; i++)
    if (insn_keeps_theorem(&c->insn[i], theorem) == TRI_NO)
      names[(*n)++] = c->isa->insns[i].name;
  return names;
}

const char **extension_breakers(const Classification *c, unsigned *n)
{
  const char **names = g_new0(const char *, c->isa->ninsns + 1);
  *n = 0;
  for (unsigned i = 0; c->ext && i < c->isa->ninsns; i++)
    if (c->ext[i].critical == TRI_YES)
      names[(*n)++] = c->isa->insns[i].name;
  return names;
}
