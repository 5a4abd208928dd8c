#include "equiv.h"

#include "asm.h"
#include "ask.h"

const char *const equiv_verdict_names[] = {"equivalent", "counterexample", "incomplete"};

Equivalence *equiv_check(const Isa *isa, const EquivOptions *opt, GError **err)
{
  Equivalence *e = g_new0(Equivalence, 1);
  e->isa = isa;
  e->opt = *opt;
  e->first = -1;
  e->asked = g_new0(Asked, isa->ninsns);
  Asker cx = {isa, opt->engine, opt->max_states, NULL, err};
  if (!asker_open(&cx, opt->timeout_ms)) {
    equivalence_free(e);
    return NULL;
  }
  bool ok = true, unknown = false;
  for (unsigned i = 0; ok && i < isa->ninsns; i++) {
    e->asked[i].q = (Query){.kind = Q_SIMULATION, .base = opt->base, .hybrid = opt->hybrid};
    ok = asker_ask(&cx, i, &e->asked[i]);
    Tri t = ok ? answer_tri(e->asked[i].r.ans) : TRI_UNKNOWN;
    if (t == TRI_YES && e->first < 0)
      e->first = (int)i;
    unknown |= t == TRI_UNKNOWN;
  }
  asker_close(&cx);
  if (!ok) {
    equivalence_free(e);
    return NULL;
  }
  e->verdict = e->first >= 0 ? EQ_COUNTEREXAMPLE : unknown ? EQ_INCOMPLETE : EQ_EQUIVALENT;
  return e;
}

void equivalence_free(Equivalence *e)
{
  if (!e)
    return;
  for (unsigned i = 0; i < e->isa->ninsns; i++)
    query_result_clear(&e->asked[i].r);
  g_free(e->asked);
  g_free(e);
}

const char **equiv_diverging(const Equivalence *e, unsigned insn)
{
  const Isa *isa = e->isa;
  const Asked *a = &e->asked[insn];
  const char **names = g_new0(const char *, isa->nvars + 4);
  unsigned n = 0;
  if (a->r.ans != ANS_YES)
    return names;
  QSide s[2];
  witness_run(isa, &isa->insns[insn], &a->q, &a->r.w, s);
  const IrOutcome *bare = &s[0].out, *host = &s[1].out;
  if (bare->trapped.c)
    names[n++] = "trap";
  for (unsigned v = 0; v < isa->nvars; v++) {
    /* the monitor's virtual result: the host's visible values, and the
     * virtual resources as they were */
    uint64_t monitored = isa->vars[v].resource ? s[0].pre[v].c : host->next[v].c;
    bool real_changed = isa->vars[v].resource && host->next[v].c != s[1].pre[v].c;
    if (!bare->trapped.c && bare->next[v].c != monitored)
      names[n++] = isa->vars[v].name;
    else if (real_changed)
      names[n++] = "resource control";
  }
  if (bare->halted.c != host->halted.c)
    names[n++] = "halted";
  if (!bare->trapped.c &&
      concrete_storage_differs(isa, &a->q, &s[0], &s[1], witness_peek, (void *)&a->r.w))
    names[n++] = "storage";
  return names;
}

char *equiv_program(const Equivalence *e, const char *spec)
{
  if (e->first < 0)
    return NULL;
  const Isa *isa = e->isa;
  const Witness *w = &e->asked[e->first].r.w;
  GString *s = g_string_new(NULL);
  g_autofree char *text = asm_disasm_word(isa, w->word);
  g_autofree const char **div = equiv_diverging(e, (unsigned)e->first);
  g_autofree char *joined = g_strjoinv(", ", (char **)div);
  const char *monitor = e->opt.hybrid ? " --monitor hybrid" : "";
  g_string_append_printf(s, "; A counterexample for %s under the %s monitor: after `%s` the\n"
                            "; bare machine and the monitor differ in %s. Replay with\n"
                            ";   virtcheck run %s THIS.s --steps 1\n"
                            ";   virtcheck vmm %s THIS.s --steps 1%s\n",
                         isa->name, e->opt.hybrid ? "hybrid" : "trap-and-emulate", text, joined,
                         spec, spec, monitor);
  for (unsigned v = 0; v < isa->nvars; v++) {
    g_string_append_printf(s, ".init %s ", isa->vars[v].name);
    if (v == VAR_MODE)
      g_string_append_printf(s, "%s\n", isa->mode_names[w->pre1[v]]);
    else
      g_string_append_printf(s, "%" G_GUINT64_FORMAT "\n", w->pre1[v]);
  }
  uint64_t l = w->pre1[VAR_RELOC], at = l + w->pre1[VAR_PC];
  for (uint64_t a = 0; a < w->nstorage; a++)
    if (w->storage[a] && l + a < isa->mem && l + a != at)
      g_string_append_printf(s, ".org %" G_GUINT64_FORMAT "\n.word %" G_GUINT64_FORMAT "\n",
                             l + a, w->storage[a]);
  g_string_append_printf(s, ".org %" G_GUINT64_FORMAT "\n    %s\n", at, text);
  return g_string_free(s, FALSE);
}
