/* The report as Markdown. */
#include "doc.h"
#include "explain.h"

#include "classify_report.h"
#include "report_util.h"
#include "smt.h"

char *doc_name(const Study *s, const char *ext)
{
  g_autofree char *base = g_path_get_basename(s->path);
  if (g_str_has_suffix(base, ".isa"))
    base[strlen(base) - 4] = 0;
  return g_strdup_printf("%s.%s", base, ext);
}

static void members(GString *out, const Classification *c, ClassId id)
{
  unsigned n;
  g_autofree const char **m = class_members(c, id, &n);
  if (!n)
    g_string_append(out, "none");
  for (unsigned i = 0; i < n; i++)
    g_string_append_printf(out, "%s%s", i ? " " : "", m[i]);
}

static void counterexample_md(GString *out, const Equivalence *e, const char *title)
{
  if (!e || e->verdict != EQ_COUNTEREXAMPLE)
    return;
  const Counterexample *c = equiv_counterexample(e);
  Replay r;
  equiv_replay(e, &r);
  g_autofree char *div = g_strjoinv(", ", c->diverges);
  g_string_append_printf(out, "\n### %s\n\nA program of %u instruction%s: `%s`", title, c->steps,
                         c->steps == 1 ? "" : "s", r.program[0]);
  for (unsigned j = 1; r.program[j]; j++)
    g_string_append_printf(out, ", `%s`", r.program[j]);
  g_autofree char *vars = vars_text(e->isa, c->var);
  g_string_append_printf(out, ". From\n\n```\n%s\n```\n\n| step | bare machine | under the "
                              "monitor |\n| --- | --- | --- |\n", vars);
  for (unsigned j = 0; r.bare[j]; j++)
    g_string_append_printf(out, "| %u | `%s` | `%s` |\n", j + 1, g_strstrip(r.bare[j]),
                           r.monitor ? g_strstrip(r.monitor[j]) : "(no monitor here)");
  g_string_append_printf(out, "\nDiverges in: **%s**.\n", div);
  replay_clear(&r);
}

char *doc_md(const Study *s)
{
  const Isa *isa = s->isa;
  const Classification *c = s->cls;
  GString *out = g_string_new(NULL);
  g_autofree char *params = params_text(isa);
  g_string_append_printf(out, "# %s\n\nSpec ", isa->name);
  md_text(out, s->path);
  g_string_append_printf(out, " at %s.\n\n## Verdicts\n\n"
                              "| theorem | verdict | why |\n| --- | --- | --- |\n", params);
  for (int t = 1; t <= 3; t++) {
    g_autofree char *why = NULL;
    const char *v = study_theorem(s, t, &why);
    g_string_append_printf(out, "| %d | %s | %s |\n", t, v, why);
  }
  g_string_append(out, "\n## Instruction sets\n\n");
  static const struct {
    ClassId id;
    const char *label;
  } sets[] = {{C_PRIVILEGED, "privileged"}, {C_SENSITIVE, "sensitive"},
              {C_USER, "user sensitive"},   {C_CRITICAL, "critical (sensitive, not privileged)"},
              {C_INNOCUOUS, "innocuous"}};
  for (size_t k = 0; k < G_N_ELEMENTS(sets); k++) {
    g_string_append_printf(out, "- %s: ", sets[k].label);
    members(out, c, sets[k].id);
    g_string_append(out, "\n");
  }
  g_string_append(out, "\n## Classification\n\n| instruction |");
  for (int k = 0; k < C_COUNT; k++)
    g_string_append_printf(out, " %s |", class_names[k]);
  g_string_append(out, "\n| --- |");
  for (int k = 0; k < C_COUNT; k++)
    g_string_append(out, " --- |");
  g_string_append(out, "\n");
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_string_append_printf(out, "| %s |", isa->insns[i].name);
    for (int k = 0; k < C_COUNT; k++)
      g_string_append_printf(out, " %s |", tri_name(c->insn[i].cls[k]));
    g_string_append(out, "\n");
  }
  for (unsigned i = 0, n = 0; i < isa->ninsns; i++) {
    g_autofree char *line = operand_classes(isa, &c->insn[i]);
    if (line && !n++)
      g_string_append(out, "\n### Classes by operand value\n\n");
    if (!line)
      continue;
    g_string_append_printf(out, "- `%s`: ", isa->insns[i].name);
    md_text(out, line);
    g_string_append_c(out, '\n');
  }
  for (unsigned i = 0, n = 0; i < isa->ninsns; i++) {
    g_autofree char *text = explain_critical(c, i), *witness = critical_witness(c, i);
    if (!text)
      continue;
    if (!n++)
      g_string_append(out, "\n### Why the critical instructions break trap-and-emulate\n");
    g_string_append_printf(out, "\n- `%s`: ", isa->insns[i].name);
    md_text(out, text);
    g_string_append_printf(out, "\n\n  ```\n%s  ```\n", witness);
  }
  g_string_append(out, "\n## Monitors\n\n| monitor | verdict | one-step simulation (SMT) | "
                       "lockstep exploration | states | efficiency |\n"
                       "| --- | --- | --- | --- | --- | --- |\n");
  for (int kind = 0; kind < MON_KINDS; kind++) {
    g_autofree char *eff = study_efficiency(s, (MonitorKind)kind);
    const Equivalence *w = s->walk[kind];
    g_string_append_printf(out, "| %s | %s | %s | %s | %" G_GUINT64_FORMAT " | %s |\n",
                           monitor_kind_titles[kind], study_monitor(s, (MonitorKind)kind),
                           study_verdict(s->smt[kind]), study_verdict(w),
                           w ? w->walk->states : 0, eff);
  }
  for (int kind = 0; kind < MON_KINDS; kind++)
    if (s->na[kind])
      g_string_append_printf(out, "\n- %s: n/a, %s.", monitor_kind_titles[kind], s->na[kind]);
  if (s->para)
    g_string_append_printf(out, "\n- paravirtualizing: `%s` rewritten (%u instructions into "
                                "hypercalls) ends %s.", s->guest_os, s->rewrite->rewritten,
                           s->para->para_differs[0] ? "differently from the bare machine"
                                                     : "as on the bare machine");
  g_string_append(out, "\n\n## Counterexamples\n");
  for (int kind = 0; kind < MON_KINDS; kind++) {
    g_autofree char *t1 = study_cex_title(s, (MonitorKind)kind, false, ",");
    g_autofree char *t2 = study_cex_title(s, (MonitorKind)kind, true, ",");
    counterexample_md(out, s->smt[kind], t1);
    counterexample_md(out, s->walk[kind], t2);
  }
  g_string_append_printf(out, "\n## How it was established\n\n"
                              "- Classes and Theorems 1 and 3: SMT (Z3 %s) for all states at %s; "
                              "every witness replayed on the reference machine.\n"
                              "- Equivalence and Theorem 2: one-step simulation by SMT at the same "
                              "widths, the guest just above the monitor's trap vectors.\n",
                         smt_version(), params);
  if (s->small)
    g_string_append_printf(out, "- Lockstep: %s.\n", s->walk[MON_TRAP]->walk->domain);
  else
    g_string_append_printf(out, "- Lockstep: not run: %s.\n", s->small_why);
  return g_string_free(out, FALSE);
}

char *doc_index_md(Study *const *s, unsigned n)
{
  GString *out = g_string_new("# virtcheck report\n\n| ISA | Theorem 1 | Theorem 2 | Theorem 3 | "
                              "critical instructions");
  for (int kind = 0; kind < MON_KINDS; kind++)
    g_string_append_printf(out, " | %s", monitor_kind_names[kind]);
  g_string_append(out, " |\n| --- | --- | --- | --- | ---");
  for (int kind = 0; kind < MON_KINDS; kind++)
    g_string_append(out, " | ---");
  g_string_append(out, " |\n");
  for (unsigned i = 0; i < n; i++) {
    g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *file = doc_name(s[i], "md");
    g_string_append_printf(out, "| [%s](", s[i]->isa->name);
    link_target(out, file);
    g_string_append_printf(out, ") | %s | %s | %s | ", study_theorem(s[i], 1, &r1),
                           study_theorem(s[i], 2, &r2), study_theorem(s[i], 3, &r3));
    members(out, s[i]->cls, C_CRITICAL);
    for (int kind = 0; kind < MON_KINDS; kind++) {
      g_autofree char *cell = study_cell(s[i], (MonitorKind)kind);
      g_string_append_printf(out, " | %s", cell);
    }
    g_string_append(out, " |\n");
  }
  return g_string_free(out, FALSE);
}
