/* The report as self-contained HTML: inline CSS and SVG, no scripts, no
 * network; readable on a phone (tables scroll) and in print. */
#include "doc_html.h"
#include "explain.h"

#include "classify_report.h"
#include "report_util.h"
#include "smt.h"

static const char *const STYLE =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:100em;margin:0 auto;padding:0 1em;"
    "color:#222}\n"
    "h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}\n"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}\n"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#f2f2f2}code,pre,.trace td{font:13px/1.35 ui-monospace,monospace}\n"
    ".holds,.equivalent,.yes{color:#17612b;font-weight:600}\n"
    ".fails,.counterexample{color:#b00020;font-weight:600}\n"
    ".unknown,.incomplete{color:#8a5a00;font-weight:600}\n"
    ".no{color:#888}.trace td{white-space:pre-wrap;overflow-wrap:anywhere;min-width:18em}\n"
    "tr.diverge td{background:#fde8ea}.scroll{max-width:100%}\n"
    "dd pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.4em}\n"
    "mark{background:#fde8ea;color:#b00020;font-weight:600}\n"
    "svg.euler{width:100%;max-width:560px;min-width:440px;height:auto}\n"
    "svg .priv{fill:#3b6fb6;fill-opacity:.15;stroke:#3b6fb6}\n"
    "svg .sens{fill:#e08a00;fill-opacity:.15;stroke:#e08a00}\n"
    "svg .user{fill:#e08a00;fill-opacity:.2;stroke:#b36b00;stroke-dasharray:4 3}\n"
    "svg text{font:12px ui-monospace,monospace;fill:#222}svg .set{font:bold 13px "
    "system-ui,sans-serif}\n"
    "svg .crit{fill:#b00020;font-weight:bold}\n"
    "@media print{body{max-width:none}.scroll{overflow:visible}a{color:inherit}}\n";

static void head(GString *s, const char *title)
{
  g_string_append(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1"
                     "\">\n<title>");
  html_text(s, title);
  g_string_append_printf(s, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", STYLE);
}

static void esc(GString *s, const char *text)
{
  html_text(s, text);
}

/* A verdict word, styled by what it says. */
static void verdict(GString *s, const char *word)
{
  g_string_append_printf(s, "<span class=\"%s\">%s</span>", word, word);
}

/* "equivalent, 74.5% direct": styled by its verdict, the first word. */
static void verdict_cell(GString *s, const char *cell)
{
  g_autofree char *word = g_strndup(cell, strcspn(cell, ","));
  g_string_append_printf(s, "<span class=\"%s\">%s</span>", word, cell);
}

static void members(GString *s, const Classification *c, ClassId id)
{
  unsigned n;
  g_autofree const char **m = class_members(c, id, &n);
  if (!n)
    g_string_append(s, "none");
  for (unsigned i = 0; i < n; i++) {
    g_string_append(s, i ? " <code>" : "<code>");
    esc(s, m[i]);
    g_string_append(s, "</code>");
  }
}

static void counterexample(GString *s, const Equivalence *e, const char *title)
{
  if (!e || e->verdict != EQ_COUNTEREXAMPLE)
    return;
  const Counterexample *c = equiv_counterexample(e);
  Replay r;
  equiv_replay(e, &r);
  g_string_append(s, "<h3>");
  esc(s, title);
  g_string_append_printf(s, "</h3>\n<p>A program of %u instruction%s:", c->steps,
                         c->steps == 1 ? "" : "s");
  for (unsigned j = 0; r.program[j]; j++) {
    g_string_append(s, j ? ", <code>" : " <code>");
    esc(s, r.program[j]);
    g_string_append(s, "</code>");
  }
  g_string_append(s, ", from the virtual state <code>");
  g_autofree char *vars = vars_text(e->isa, c->var);
  esc(s, vars);
  g_string_append(s, "</code>.</p>\n<div class=\"scroll\"><table class=\"trace\">\n<tr><th>step</th>"
                     "<th>bare machine</th><th>under the monitor</th></tr>\n");
  for (unsigned j = 0; r.bare[j]; j++) {
    g_string_append_printf(s, "<tr%s><td>%u</td><td>", r.bare[j + 1] ? "" : " class=\"diverge\"",
                           j + 1);
    esc(s, g_strstrip(r.bare[j]));
    g_string_append(s, "</td><td>");
    esc(s, r.monitor ? g_strstrip(r.monitor[j]) : "(no monitor here)");
    g_string_append(s, "</td></tr>\n");
  }
  g_string_append(s, "</table></div>\n<p>Diverges in:");
  for (char **d = c->diverges; *d; d++) {
    g_string_append(s, " <mark>");
    esc(s, *d);
    g_string_append(s, "</mark>");
  }
  g_string_append(s, "</p>\n");
  replay_clear(&r);
}

static void theorems(GString *s, const Study *st)
{
  g_string_append(s, "<div class=\"scroll\"><table>\n<tr><th>theorem</th><th>verdict</th>"
                     "<th>why</th></tr>\n");
  for (int t = 1; t <= 3; t++) {
    g_autofree char *why = NULL;
    const char *v = study_theorem(st, t, &why);
    g_string_append_printf(s, "<tr><td>%d</td><td>", t);
    verdict(s, v);
    g_string_append(s, "</td><td>");
    esc(s, why);
    g_string_append(s, "</td></tr>\n");
  }
  g_string_append(s, "</table></div>\n");
}

char *doc_html(const Study *st)
{
  const Isa *isa = st->isa;
  const Classification *c = st->cls;
  GString *s = g_string_new(NULL);
  g_autofree char *title = g_strdup_printf("virtcheck: %s", isa->name);
  g_autofree char *params = params_text(isa);
  head(s, title);
  g_string_append(s, "<p><a href=\"index.html\">All ISAs</a></p>\n<h1>");
  esc(s, isa->name);
  g_string_append(s, "</h1>\n<p>Spec <code>");
  esc(s, st->path);
  g_string_append_printf(s, "</code> at <code>%s</code>.</p>\n<h2>Verdicts</h2>\n", params);
  theorems(s, st);
  /* on a phone the diagram keeps legible labels and scrolls in its box */
  g_string_append(s, "<h2>Instruction sets</h2>\n<figure>\n<div class=\"scroll\">\n");
  doc_svg_sets(s, c);
  g_string_append(s, "</div>\n");
  g_string_append(s, "<figcaption>Critical instructions (sensitive, not privileged) in red: ");
  members(s, c, C_CRITICAL);
  g_string_append(s, ".</figcaption>\n</figure>\n<h2>Classification</h2>\n<div class=\"scroll\">"
                     "<table>\n<tr><th>instruction</th>");
  for (int k = 0; k < C_COUNT; k++) { /* words, so that a narrow column can wrap its head */
    g_autofree char *head = g_strdelimit(g_strdup(class_names[k]), "_", ' ');
    g_string_append_printf(s, "<th>%s</th>", head);
  }
  g_string_append(s, "</tr>\n");
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_string_append(s, "<tr><td><code>");
    esc(s, isa->insns[i].name);
    g_string_append(s, "</code></td>");
    for (int k = 0; k < C_COUNT; k++) {
      const char *t = tri_name(c->insn[i].cls[k]);
      g_string_append_printf(s, "<td class=\"%s\">%s</td>", t, t);
    }
    g_string_append(s, "</tr>\n");
  }
  g_string_append(s, "</table></div>\n");
  unsigned nrefined = 0;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_autofree char *line = operand_classes(isa, &c->insn[i]);
    if (line && !nrefined++)
      g_string_append(s, "<h3>Classes by operand value</h3>\n<ul>\n");
    if (!line)
      continue;
    g_string_append(s, "<li><code>");
    esc(s, isa->insns[i].name);
    g_string_append(s, "</code>: ");
    esc(s, line);
    g_string_append(s, "</li>\n");
  }
  if (nrefined)
    g_string_append(s, "</ul>\n");
  bool why = false;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_autofree char *text = explain_critical(c, i), *witness = critical_witness(c, i);
    if (!text)
      continue;
    if (!why)
      g_string_append(s, "<h3>Why the critical instructions break trap-and-emulate</h3>\n<dl>\n");
    why = true;
    g_string_append(s, "<dt><code>");
    esc(s, isa->insns[i].name);
    g_string_append(s, "</code></dt>\n<dd><p>");
    esc(s, text);
    g_string_append(s, "</p>\n<div class=\"scroll\"><pre>");
    esc(s, witness);
    g_string_append(s, "</pre></div></dd>\n");
  }
  if (why)
    g_string_append(s, "</dl>\n");
  g_string_append(s, "<h2>Monitors</h2>\n<div class=\"scroll\"><table>\n<tr><th>"
                     "monitor</th><th>verdict</th><th>one-step simulation (SMT)</th><th>lockstep "
                     "exploration</th><th>states</th><th>efficiency</th></tr>\n");
  for (int kind = 0; kind < MON_KINDS; kind++) {
    g_autofree char *eff = study_efficiency(st, (MonitorKind)kind);
    const Equivalence *w = st->walk[kind];
    g_string_append_printf(s, "<tr><td>%s</td><td>", monitor_kind_titles[kind]);
    verdict(s, study_monitor(st, (MonitorKind)kind));
    g_string_append(s, "</td><td>");
    verdict(s, study_verdict(st->smt[kind]));
    g_string_append(s, "</td><td>");
    verdict(s, study_verdict(w));
    g_string_append_printf(s, "</td><td>%" G_GUINT64_FORMAT "</td><td>%s</td></tr>\n",
                           w ? w->walk->states : 0, eff);
  }
  g_string_append(s, "</table></div>\n<ul>\n");
  for (int kind = 0; kind < MON_KINDS; kind++)
    if (st->na[kind]) {
      g_string_append_printf(s, "<li>%s: n/a, ", monitor_kind_titles[kind]);
      esc(s, st->na[kind]);
      g_string_append(s, ".</li>\n");
    }
  if (st->para) {
    g_string_append(s, "<li>paravirtualizing: <code>");
    esc(s, st->guest_os);
    g_string_append_printf(s, "</code> rewritten (%u instructions into hypercalls) ends %s.</li>\n",
                           st->rewrite->rewritten,
                           st->para->para_differs[0] ? "differently from the bare machine"
                                                     : "as on the bare machine");
  }
  g_string_append(s, "</ul>\n<h2>Counterexamples</h2>\n");
  bool any = false;
  for (int kind = 0; kind < MON_KINDS; kind++) {
    g_autofree char *t1 = study_cex_title(st, (MonitorKind)kind, false, ":");
    g_autofree char *t2 = study_cex_title(st, (MonitorKind)kind, true, ":");
    counterexample(s, st->smt[kind], t1);
    counterexample(s, st->walk[kind], t2);
    any |= (st->smt[kind] && st->smt[kind]->verdict == EQ_COUNTEREXAMPLE) ||
           (st->walk[kind] && st->walk[kind]->verdict == EQ_COUNTEREXAMPLE);
  }
  if (!any)
    g_string_append(s, "<p>None: every monitor that applies is equivalent to the bare "
                       "machine.</p>\n");
  g_string_append_printf(s, "<h2>How it was established</h2>\n<ul>\n<li>Classes and Theorems 1 "
                            "and 3: SMT (Z3 %s) for all states at <code>%s</code>; every witness "
                            "replayed on the reference machine.</li>\n<li>Equivalence and Theorem "
                            "2: one-step simulation by SMT at the same widths.</li>\n<li>Lockstep: ",
                         smt_version(), params);
  esc(s, st->small ? st->walk[MON_TRAP]->walk->domain : st->small_why);
  g_string_append(s, ".</li>\n</ul>\n</body>\n</html>\n");
  return g_string_free(s, FALSE);
}

char *doc_index_html(Study *const *st, unsigned n)
{
  GString *s = g_string_new(NULL);
  head(s, "virtcheck report");
  g_string_append(s, "<h1>virtcheck report</h1>\n<p>Can these instruction sets be virtualized? "
                     "Classes derived from each spec's semantics; verdicts of Popek and "
                     "Goldberg's theorems.</p>\n<div class=\"scroll\"><table>\n<tr><th>ISA</th>"
                     "<th>Theorem 1</th><th>Theorem 2</th><th>Theorem 3</th><th>critical "
                     "instructions</th>");
  for (int kind = 0; kind < MON_KINDS; kind++)
    g_string_append_printf(s, "<th>%s</th>", monitor_kind_names[kind]);
  g_string_append(s, "</tr>\n");
  for (unsigned i = 0; i < n; i++) {
    g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *file = doc_name(st[i], "html");
    g_string_append(s, "<tr><td><a href=\"");
    link_target(s, file);
    g_string_append(s, "\">");
    esc(s, st[i]->isa->name);
    g_string_append(s, "</a></td><td>");
    verdict(s, study_theorem(st[i], 1, &r1));
    g_string_append(s, "</td><td>");
    verdict(s, study_theorem(st[i], 2, &r2));
    g_string_append(s, "</td><td>");
    verdict(s, study_theorem(st[i], 3, &r3));
    g_string_append(s, "</td><td>");
    members(s, st[i]->cls, C_CRITICAL);
    for (int kind = 0; kind < MON_KINDS; kind++) {
      g_autofree char *cell = study_cell(st[i], (MonitorKind)kind);
      g_string_append(s, "</td><td>");
      verdict_cell(s, cell);
    }
    g_string_append(s, "</td></tr>\n");
  }
  g_string_append(s, "</table></div>\n</body>\n</html>\n");
  return g_string_free(s, FALSE);
}
