#include "equiv_report.h"

#include "report_util.h"
#include "machine.h"
#include "smt.h"
#include "stateset.h"

#include <string.h>

static uint64_t states_of(const Equivalence *e)
{
  if (e->walk)
    return e->walk->states;
  uint64_t states = 0;
  for (unsigned i = 0; e->asked && i < e->isa->ninsns; i++)
    states += e->asked[i].r.states;
  return states;
}

static char *how(const Equivalence *e)
{
  g_autofree char *params = params_text(e->isa);
  if (e->walk)
    return g_strdup_printf("lockstep exploration of every program up to %u instruction%s, bare "
                           "machine and monitor side by side, at %s",
                           e->walk->opt.depth, e->walk->opt.depth == 1 ? "" : "s", params);
  if (e->no_one_step)
    return g_strdup_printf("not checked at %s", params);
  if (e->opt.engine == ENGINE_SMT)
    return g_strdup_printf("one-step simulation by SMT (Z3 %s), for all virtual states at %s",
                           smt_version(), params);
  return g_strdup_printf("one-step simulation by SMT and exhaustive enumeration (%" G_GUINT64_FORMAT
                         " states enumerated) at %s", states_of(e), params);
}

static void append_walk(GString *s, const Lockstep *l)
{
  g_string_append_printf(s, "covered: %s\n", l->domain);
  g_string_append_printf(s, "states: %" G_GUINT64_FORMAT " (%zu bytes each, packed), transitions: %"
                         G_GUINT64_FORMAT ", programs explored completely up to %u instruction%s\n",
                         l->states, l->key_bytes, l->transitions, l->depth, l->depth == 1 ? "" : "s");
  if (l->instructions)
    g_string_append_printf(s, "efficiency: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                           " guest instructions ran directly (%.1f%%)\n", l->direct,
                           l->instructions, 100.0 * (double)l->direct / (double)l->instructions);
  if (l->opt.fingerprint)
    g_string_append_printf(s, "fingerprint mode: two states share a 64-bit fingerprint with "
                           "probability at most %.3g\n", stateset_collision_bound(l->states));
  if (l->why)
    g_string_append_printf(s, "incomplete: %s\n", l->why);
}

/* The two traces in columns: bare machine left, monitor right. */
static void append_traces(GString *s, const Replay *r)
{
  size_t width = strlen("bare machine");
  for (char **b = r->bare; *b; b++)
    width = MAX(width, strlen(*b));
  g_string_append_printf(s, "  %-*s | under the monitor\n", (int)width, "bare machine");
  for (unsigned j = 0; r->bare[j]; j++)
    g_string_append_printf(s, "  %-*s | %s\n", (int)width, r->bare[j],
                           r->monitor && r->monitor[j] ? r->monitor[j] : "(no monitor here)");
}

/* Whether the guest's words reach past what the host's relocation register
 * addresses (the host grew to fit, vmm.h). */
static bool beyond_relocation(const Equivalence *e)
{
  const Isa *isa = e->isa;
  return e->opt.monitor != MON_ASSIST &&
         vmm_stack_region(isa, e->opt.stack, e->opt.base) + isa->mem > ir_mask(isa->addr_width) + 1;
}

static void append_counterexample(GString *s, const Equivalence *e)
{
  const Counterexample *c = equiv_counterexample(e);
  Replay r;
  equiv_replay(e, &r);
  g_string_append_printf(s, "counterexample: a program of %u instruction%s\n", c->steps,
                         c->steps == 1 ? "" : "s");
  for (char **p = r.program; *p; p++)
    g_string_append_printf(s, "    %s\n", *p);
  g_autofree char *vars = vars_text(e->isa, c->var);
  g_string_append_printf(s, "from the virtual state\n  %s\n", vars);
  append_traces(s, &r);
  g_autofree char *joined = g_strjoinv(", ", c->diverges);
  g_string_append_printf(s, "diverges in: %s\n", joined);
  replay_clear(&r);
}

char *equiv_report_text(const Equivalence *e)
{
  const Isa *isa = e->isa;
  GString *s = g_string_new(NULL);
  g_autofree char *established = how(e);
  g_string_append_printf(s, "%s under the %s monitor", isa->name,
                         monitor_kind_titles[e->opt.monitor]);
  if (e->opt.stack > 1)
    g_string_append_printf(s, " stacked %u deep", e->opt.stack);
  g_string_append_printf(s, ", guest storage at host word %" G_GUINT64_FORMAT "\n%s\n",
                         vmm_stack_region(isa, e->opt.stack, e->opt.base), established);
  if (beyond_relocation(e))
    g_string_append_printf(s, "the host grew past the %" G_GUINT64_FORMAT " words its %u-bit "
                              "relocation register reaches: a virtual state whose words lie "
                              "beyond it is interpreted, never run directly\n",
                           ir_mask(isa->addr_width) + 1, isa->addr_width);
  g_string_append_c(s, '\n');
  if (e->opt.ts) {
    g_string_append_printf(s, "translated: %u instruction%s (critical for the guest's virtual "
                           "mode), into %s\n", e->opt.ts->ninsns_translated,
                           e->opt.ts->ninsns_translated == 1 ? "" : "s", e->opt.ts->trap_word_is);
    for (unsigned i = 0; i < isa->ninsns; i++)
      if (translation_touches(e->opt.ts, i))
        g_string_append_printf(s, "  %s (%s)\n", isa->insns[i].name,
                               translation_modes_text(e->opt.ts, i));
  }
  if (e->no_one_step)
    g_string_append_printf(s, "one-step simulation does not apply: %s\n", e->no_one_step);
  if (e->walk)
    append_walk(s, e->walk);
  for (unsigned i = 0; e->asked && i < isa->ninsns; i++) {
    const Asked *a = &e->asked[i];
    const char *what = a->r.ans == ANS_YES  ? "COUNTEREXAMPLE"
                       : a->r.ans == ANS_NO ? "commutes"
                                            : "unknown";
    g_string_append_printf(s, "  %-14s %s\n", isa->insns[i].name, what);
  }
  g_string_append_printf(s, "\nverdict: %s\n", equiv_verdict_names[e->verdict]);
  if (e->opt.stack > 1)
    g_string_append_printf(s, "Theorem 2 (the monitor runs under a copy of itself): %s\n",
                           e->verdict == EQ_EQUIVALENT        ? "holds for this monitor"
                           : e->verdict == EQ_COUNTEREXAMPLE ? "fails for this monitor"
                                                              : "unknown");
  if (e->verdict == EQ_EQUIVALENT)
    g_string_append(s, e->walk ? "every program explored ends in the same virtual state as on "
                                 "the bare machine, with the host's resources untouched\n"
                               : "every instruction's one-step diagram commutes, so every "
                                 "program ends in the same virtual state as on the bare "
                                 "machine\n");
  if (e->verdict == EQ_COUNTEREXAMPLE)
    append_counterexample(s, e);
  return g_string_free(s, FALSE);
}

char *equiv_report_json(const Equivalence *e)
{
  const Isa *isa = e->isa;
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-equiv/1");
  json_add_str(b, "isa", isa->name);
  json_add_str(b, "monitor", monitor_kind_names[e->opt.monitor]);
  json_add_int(b, "stack", e->opt.stack);
  if (e->opt.stack > 1) {
    json_builder_set_member_name(b, "theorem2");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "holds");
    if (e->verdict == EQ_INCOMPLETE)
      json_builder_add_null_value(b);
    else
      json_builder_add_boolean_value(b, e->verdict == EQ_EQUIVALENT);
    json_builder_end_object(b);
  }
  json_add_int(b, "guest_base", vmm_stack_region(e->isa, e->opt.stack, e->opt.base));
  json_builder_set_member_name(b, "beyond_relocation");
  json_builder_add_boolean_value(b, beyond_relocation(e));
  json_add_str(b, "verdict", equiv_verdict_names[e->verdict]);
  if (e->no_one_step)
    json_add_str(b, "not_checked", e->no_one_step);
  json_add_str(b, "engine", engine_name(e->opt.engine));
  json_add_int(b, "states", states_of(e));
  const Counterexample *c = equiv_counterexample(e);
  json_add_int(b, "depth", c ? c->steps : e->walk ? e->walk->depth : 1);
  if (e->walk) {
    const Lockstep *l = e->walk;
    json_add_str(b, "covered", l->domain);
    json_add_int(b, "transitions", l->transitions);
    json_add_int(b, "state_bytes", l->key_bytes);
    json_add_int(b, "direct", l->direct);
    json_add_int(b, "instructions", l->instructions);
    if (l->opt.fingerprint) {
      json_builder_set_member_name(b, "collision_bound");
      json_builder_add_double_value(b, stateset_collision_bound(l->states));
    }
    if (l->why) {
      json_add_str(b, "incomplete", l->why);
    }
  }
  if (c) {
    Replay r;
    equiv_replay(e, &r);
    json_builder_set_member_name(b, "counterexample");
    json_builder_begin_object(b);
    json_add_strv(b, "program", r.program);
    json_add_vars(b, "initial", isa, c->var);
    json_add_strv(b, "bare_trace", r.bare);
    json_add_strv(b, "monitor_trace", r.monitor);
    json_add_strv(b, "diverges", c->diverges);
    json_builder_end_object(b);
    replay_clear(&r);
  }
  json_builder_end_object(b);
  return json_text(b);
}
