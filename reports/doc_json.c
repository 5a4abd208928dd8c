/* The report as JSON: the classify and equiv documents, whole, under one
 * versioned schema (docs/report.md). */
#include "doc.h"

#include "classify_report.h"
#include "equiv_report.h"
#include "report_util.h"

/* An existing document as a node (the same keys as its command prints). */
static void add_doc(JsonBuilder *b, const char *key, char *text)
{
  json_builder_set_member_name(b, key);
  if (!text) {
    json_builder_add_null_value(b);
    return;
  }
  g_autoptr(JsonParser) p = json_parser_new();
  g_assert_true(json_parser_load_from_data(p, text, -1, NULL));
  json_builder_add_value(b, json_node_copy(json_parser_get_root(p)));
  g_free(text);
}

static void add_summary(JsonBuilder *b, const Study *s)
{
  json_add_str(b, "isa", s->isa->name);
  json_add_str(b, "spec", s->path);
  json_builder_set_member_name(b, "theorems");
  json_builder_begin_object(b);
  for (int t = 1; t <= 3; t++) {
    g_autofree char *why = NULL;
    const char *v = study_theorem(s, t, &why);
    g_autofree char *key = g_strdup_printf("%d", t);
    json_builder_set_member_name(b, key);
    json_builder_begin_object(b);
    json_add_str(b, "verdict", v);
    json_add_str(b, "reason", why);
    json_builder_end_object(b);
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "critical");
  json_builder_begin_array(b);
  unsigned n;
  g_autofree const char **crit = class_members(s->cls, C_CRITICAL, &n);
  for (unsigned i = 0; i < n; i++)
    json_builder_add_string_value(b, crit[i]);
  json_builder_end_array(b);
  json_builder_set_member_name(b, "monitors");
  json_builder_begin_object(b);
  for (int kind = 0; kind < MON_KINDS; kind++) {
    json_builder_set_member_name(b, monitor_kind_names[kind]);
    json_builder_begin_object(b);
    json_add_str(b, "verdict", study_monitor(s, (MonitorKind)kind));
    if (s->na[kind])
      json_add_str(b, "why_not", s->na[kind]);
    json_builder_end_object(b);
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "efficiency");
  json_builder_begin_object(b);
  for (int kind = 0; kind < MON_KINDS; kind++) {
    json_builder_set_member_name(b, monitor_kind_names[kind]);
    double share;
    uint64_t of;
    if (study_direct(s, (MonitorKind)kind, &share, &of))
      json_builder_add_double_value(b, share);
    else
      json_builder_add_null_value(b);
  }
  json_builder_end_object(b);
}

char *doc_json(const Study *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", REPORT_SCHEMA);
  add_summary(b, s);
  ReportOptions all = {.witnesses = true, .explain = true};
  add_doc(b, "classification", classify_report_json(s->cls, &all));
  json_builder_set_member_name(b, "equivalence");
  json_builder_begin_object(b);
  for (int kind = 0; kind < MON_KINDS; kind++)
    if (kind != MON_PARAVIRT)
      add_doc(b, monitor_kind_names[kind], s->smt[kind] ? equiv_report_json(s->smt[kind]) : NULL);
  add_doc(b, "stacked", s->stacked ? equiv_report_json(s->stacked) : NULL);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "lockstep");
  json_builder_begin_object(b);
  if (s->small) {
    for (int kind = 0; kind < MON_KINDS; kind++)
      if (kind != MON_PARAVIRT)
        add_doc(b, monitor_kind_names[kind],
                s->walk[kind] ? equiv_report_json(s->walk[kind]) : NULL);
  } else {
    json_add_str(b, "skipped", s->small_why);
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "paravirt");
  if (s->para) {
    const Vm *g = s->para->para->guests[0];
    json_builder_begin_object(b);
    json_add_str(b, "program", s->guest_os);
    json_add_int(b, "rewritten", s->rewrite->rewritten);
    json_add_int(b, "hypercalls", (gint64)g->counts.hypercalls);
    json_builder_set_member_name(b, "equivalent");
    json_builder_add_boolean_value(b, !s->para->para_differs[0]);
    json_add_strv(b, "differs", s->para->para_differs);
    json_builder_end_object(b);
  } else {
    json_builder_add_null_value(b);
  }
  json_builder_end_object(b);
  return json_text(b);
}

char *doc_index_json(Study *const *s, unsigned n)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", REPORT_SCHEMA);
  json_builder_set_member_name(b, "isas");
  json_builder_begin_array(b);
  for (unsigned i = 0; i < n; i++) {
    json_builder_begin_object(b);
    add_summary(b, s[i]);
    g_autofree char *file = doc_name(s[i], "json");
    json_add_str(b, "file", file);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  return json_text(b);
}
