#include "equiv.h"

#include "asm.h"
#include "ask.h"

#include <string.h>

static bool one_step_counterexample(Equivalence *e, GError **err);

Query equiv_query(const Isa *isa, const EquivOptions *opt, unsigned insn)
{
  return simulation_query(opt->monitor, opt->ts, insn,
                          vmm_stack_region(isa, opt->stack, opt->base));
}

static Equivalence *explore(Equivalence *e, GError **err)
{
  if (!(e->walk = lockstep_run(e->isa, &e->opt.walk, err))) {
    g_free(e);
    return NULL;
  }
  e->verdict = e->walk->verdict;
  return e;
}

Equivalence *equiv_check(const Isa *isa, const EquivOptions *opt, GError **err)
{
  Equivalence *e = g_new0(Equivalence, 1);
  e->isa = isa;
  e->opt = *opt;
  e->opt.stack = MAX(opt->stack, 1);
  opt = &e->opt;
  e->first = -1;
  LockstepOptions *w = &e->opt.walk; /* the layout, for replays too */
  if (!monitor_applies(isa, opt->monitor, opt->stack, err) ||
      !vmm_stack_fits(isa, opt->stack, opt->base, 1, err)) {
    g_free(e);
    return NULL;
  }
  if (opt->monitor == MON_PARAVIRT) {
    /* Over unmodified programs it is the trap monitor; its guests are
     * rewritten programs, each checked as such. */
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "--monitor paravirt: a paravirtualized guest is a rewritten program; check one "
                "with 'virtcheck paravirt SPEC PROGRAM' (unmodified programs under this monitor "
                "are the trap monitor's: --monitor trap)");
    g_free(e);
    return NULL;
  }
  if (monitor_translates(opt->monitor) && !opt->ts) {
    if (!(e->owned_ts = translation_set_derive(isa, opt->timeout_ms, opt->deadline, err))) {
      g_free(e);
      return NULL;
    }
    e->opt.ts = e->owned_ts;
  }
  w->kind = opt->monitor;
  w->ts = monitor_translates(opt->monitor) ? opt->ts : NULL;
  w->stack = opt->stack;
  w->base = opt->base;
  w->max_states = opt->max_states;
  w->deadline = opt->deadline;
  if (opt->engine == ENGINE_EXHAUSTIVE)
    return explore(e, err);
  if (opt->monitor == MON_PATCH) {
    /* The patch lives in guest storage between steps: one step from an
     * arbitrary virtual state does not know it. Only the walk applies. */
    e->no_one_step = "the patched words persist in guest storage across instructions, which "
                     "one step from an arbitrary virtual state cannot see: use --engine "
                     "exhaustive";
    e->verdict = EQ_INCOMPLETE;
    return e;
  }
  e->asked = g_new0(Asked, isa->ninsns);
  Asker cx = {isa, opt->engine, opt->max_states, opt->deadline, opt->timeout_ms, NULL, err, NULL, -1};
  asker_open(&cx);
  bool ok = true, unknown = false;
  for (unsigned i = 0; ok && i < isa->ninsns; i++) {
    e->asked[i].q = equiv_query(isa, opt, i);
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
  if (e->first >= 0 && !one_step_counterexample(e, err)) {
    equivalence_free(e);
    return NULL;
  }
  return e;
}

void equivalence_free(Equivalence *e)
{
  if (!e)
    return;
  lockstep_free(e->walk);
  translation_set_free(e->owned_ts);
  counterexample_clear(&e->cex);
  for (unsigned i = 0; e->asked && i < e->isa->ninsns; i++)
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
  if (bare->trapped.c) /* the bare machine took a trap the monitor did not */
    names[n++] = "trap";
  for (unsigned v = 0; v < isa->nvars; v++) {
    /* the monitor's virtual result: the host's visible values, and the
     * virtual resources as they were; the bare one includes its trap */
    bool owned = vm_owns(isa, e->opt.monitor, v);
    uint64_t monitored = owned ? s[0].pre[v].c : host->next[v].c;
    bool real_changed = owned && host->next[v].c != s[1].pre[v].c;
    if (bare->next[v].c != monitored)
      names[n++] = isa->vars[v].name;
    else if (real_changed)
      names[n++] = "resource control";
  }
  if (bare->halted.c != host->halted.c)
    names[n++] = "halted";
  if (concrete_storage_differs(isa, &a->q, s, witness_peek, NULL, (void *)&a->r.w))
    names[n++] = "storage";
  return names;
}

/* The witness as a one-instruction program: its virtual state and the
 * storage it fixes (virtual addresses relocated by its l), the instruction
 * among them at pc (the query fetched it there). Replayed on the bare
 * machine and the real monitor stack: they must part ways, or an engine, f
 * or a monitor is wrong. (A guest base inside the monitor's vectors is a
 * layout SMT can check but no stack can hold: there the evaluator's replay
 * in asker_ask is all there is.) */
static bool one_step_counterexample(Equivalence *e, GError **err)
{
  const Isa *isa = e->isa;
  const Witness *w = &e->asked[e->first].r.w;
  Counterexample *c = &e->cex;
  c->steps = 1;
  memcpy(c->var, w->pre1, sizeof c->var);
  c->storage = g_new0(uint64_t, isa->mem);
  c->placed = g_new0(uint64_t, (isa->mem + 63) / 64);
  uint64_t l = w->pre1[VAR_RELOC], at;
  if (!ir_legal_concrete(isa, isa->mem, l, w->pre1[VAR_BOUND], w->pre1[VAR_PC], &at) ||
      witness_peek((void *)w, at) != w->word) {
    g_set_error(err, VC_ERROR, VC_ERROR_INTERNAL,
                "internal error: the one-step counterexample for %s does not fetch it",
                isa->insns[e->first].name);
    return false;
  }
  for (unsigned k = 0; k < w->nwords; k++) /* guest-physical addresses (query.h) */
    if (w->words[k].addr < isa->mem) {
      uint64_t a = w->words[k].addr;
      c->storage[a] = w->words[k].value;
      c->placed[a / 64] |= (uint64_t)1 << (a % 64);
    }
  c->placed[at / 64] |= (uint64_t)1 << (at % 64);
  g_autofree const char **div = equiv_diverging(e, (unsigned)e->first);
  c->diverges = g_strdupv((char **)div);
  Replay r;
  counterexample_replay(isa, &e->opt.walk, c, &r);
  bool parted = !r.monitor || r.diverges[0];
  if (!parted) {
    g_autofree char *bare = g_strjoinv("\n  ", r.bare);
    g_autofree char *mon = r.monitor ? g_strjoinv("\n  ", r.monitor) : g_strdup("(no stack)");
    g_set_error(err, VC_ERROR, VC_ERROR_INTERNAL,
                "internal error: the one-step counterexample for %s (diverging in %s by SMT) "
                "does not diverge on the real monitor stack\nbare machine:\n  %s\nunder the "
                "monitor:\n  %s", isa->insns[e->first].name,
                c->diverges[0] ? c->diverges[0] : "nothing", bare, mon);
  }
  replay_clear(&r);
  return parted;
}

const Counterexample *equiv_counterexample(const Equivalence *e)
{
  if (e->verdict != EQ_COUNTEREXAMPLE)
    return NULL;
  return e->walk ? &e->walk->cex : &e->cex;
}

void equiv_replay(const Equivalence *e, Replay *r)
{
  const Counterexample *c = equiv_counterexample(e);
  if (c)
    counterexample_replay(e->isa, &e->opt.walk, c, r);
  else
    memset(r, 0, sizeof *r);
}

char *equiv_program(const Equivalence *e, const char *spec)
{
  const Counterexample *c = equiv_counterexample(e);
  if (!c)
    return NULL;
  const Isa *isa = e->isa;
  g_autofree char *joined = g_strjoinv(", ", c->diverges);
  g_autoptr(GString) options = g_string_new(NULL);
  g_string_printf(options, "--steps %u", c->steps);
  if (e->opt.monitor != MON_TRAP)
    g_string_append_printf(options, " --monitor %s", monitor_kind_names[e->opt.monitor]);
  if (e->opt.stack > 1)
    g_string_append_printf(options, " --stack %u", e->opt.stack);
  g_autofree char *header = g_strdup_printf(
      "; A counterexample for %s under the %s monitor: after %u instruction%s the\n"
      "; bare machine and the monitor differ in %s. Replay with\n"
      ";   virtcheck run %s THIS.s --steps %u\n"
      ";   virtcheck vmm %s THIS.s %s --guest-base %" G_GUINT64_FORMAT "\n",
      isa->name, monitor_kind_titles[e->opt.monitor], c->steps,
      c->steps == 1 ? "" : "s", joined, spec, c->steps, spec, options->str, e->opt.walk.base);
  return counterexample_program(isa, c, header);
}
