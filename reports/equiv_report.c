#include "equiv_report.h"

#include "report_util.h"
#include "machine.h"
#include "smt.h"

static char *how(const Equivalence *e)
{
  g_autofree char *params = params_text(e->isa);
  uint64_t states = 0;
  for (unsigned i = 0; i < e->isa->ninsns; i++)
    states += e->asked[i].r.states;
  if (e->opt.engine == ENGINE_SMT)
    return g_strdup_printf("one-step simulation by SMT (Z3 %s), for all virtual states at %s",
                           smt_version(), params);
  return g_strdup_printf("one-step simulation by %s (%" G_GUINT64_FORMAT " states enumerated) "
                         "at %s", e->opt.engine == ENGINE_BOTH ? "SMT and exhaustive enumeration"
                                                               : "exhaustive enumeration",
                         states, params);
}

char *equiv_report_text(const Equivalence *e)
{
  const Isa *isa = e->isa;
  GString *s = g_string_new(NULL);
  g_autofree char *established = how(e);
  g_string_append_printf(s, "%s under the %s monitor", isa->name,
                         e->opt.hybrid ? "hybrid" : "trap-and-emulate");
  if (e->opt.stack > 1)
    g_string_append_printf(s, " stacked %u deep", e->opt.stack);
  g_string_append_printf(s, ", guest storage at host word %" G_GUINT64_FORMAT "\n%s\n\n",
                         e->opt.base, established);
  for (unsigned i = 0; i < isa->ninsns; i++) {
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
    g_string_append(s, "every instruction's one-step diagram commutes, so every program ends in "
                       "the same virtual state as on the bare machine\n");
  if (e->first >= 0) {
    const Asked *a = &e->asked[e->first];
    QSide side[2];
    witness_run(isa, &isa->insns[e->first], &a->q, &a->r.w, side);
    g_autofree char *text = asm_disasm_word(isa, a->r.w.word);
    g_autofree const char **div = equiv_diverging(e, (unsigned)e->first);
    g_autofree char *joined = g_strjoinv(", ", (char **)div);
    g_string_append_printf(s, "counterexample (%s engine): the program\n    %s\n", engine_name(a->by),
                           text);
    g_string_append(s, "  initial virtual state:");
    append_vars(s, isa, side[0].pre);
    g_string_append(s, "\n  bare machine after:   ");
    if (side[0].out.trapped.c)
      g_string_append_printf(s, " traps (%s)", cause_names[side[0].out.cause.c]);
    else
      append_vars(s, isa, side[0].out.next);
    g_string_append(s, "\n  host runs it directly:");
    append_vars(s, isa, side[1].pre);
    g_string_append(s, "\n  host after:           ");
    append_vars(s, isa, side[1].out.next);
    g_string_append_printf(s, "\n  diverges in: %s\n", joined);
  }
  return g_string_free(s, FALSE);
}

char *equiv_report_json(const Equivalence *e)
{
  const Isa *isa = e->isa;
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "isa");
  json_builder_add_string_value(b, isa->name);
  json_builder_set_member_name(b, "monitor");
  json_builder_add_string_value(b, e->opt.hybrid ? "hybrid" : "trap");
  json_builder_set_member_name(b, "stack");
  json_builder_add_int_value(b, e->opt.stack);
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
  json_builder_set_member_name(b, "guest_base");
  json_builder_add_int_value(b, (gint64)e->opt.base);
  json_builder_set_member_name(b, "verdict");
  json_builder_add_string_value(b, equiv_verdict_names[e->verdict]);
  json_builder_set_member_name(b, "engine");
  json_builder_add_string_value(b, engine_name(e->opt.engine));
  uint64_t states = 0;
  for (unsigned i = 0; i < isa->ninsns; i++)
    states += e->asked[i].r.states;
  json_builder_set_member_name(b, "states");
  json_builder_add_int_value(b, (gint64)states);
  json_builder_set_member_name(b, "depth");
  json_builder_add_int_value(b, 1);
  if (e->first >= 0) {
    const Asked *a = &e->asked[e->first];
    QSide side[2];
    witness_run(isa, &isa->insns[e->first], &a->q, &a->r.w, side);
    uint64_t v[4][VC_MAX_VARS];
    for (unsigned k = 0; k < isa->nvars; k++) {
      v[0][k] = side[0].pre[k].c;
      v[1][k] = side[0].out.next[k].c;
      v[2][k] = side[1].pre[k].c;
      v[3][k] = side[1].out.next[k].c;
    }
    json_builder_set_member_name(b, "counterexample");
    json_builder_begin_object(b);
    g_autofree char *text = asm_disasm_word(isa, a->r.w.word);
    json_builder_set_member_name(b, "program");
    json_builder_begin_array(b);
    json_builder_add_string_value(b, text);
    json_builder_end_array(b);
    json_add_vars(b, "initial", isa, v[0]);
    json_add_vars(b, "bare", isa, v[1]);
    json_add_vars(b, "host_initial", isa, v[2]);
    json_add_vars(b, "host", isa, v[3]);
    json_builder_set_member_name(b, "diverges");
    json_builder_begin_array(b);
    g_autofree const char **div = equiv_diverging(e, (unsigned)e->first);
    for (const char **d = div; *d; d++)
      json_builder_add_string_value(b, *d);
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_object(b);
  return json_text(b);
}
