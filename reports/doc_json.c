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
  json_builder_set_member_name(b, "efficiency");
  json_builder_begin_object(b);
  for (int h = 0; h < 2; h++) {
    json_builder_set_member_name(b, h ? "hybrid" : "trap");
    const Equivalence *e = s->walk[h];
    if (e && e->walk->instructions)
      json_builder_add_double_value(b, (double)e->walk->direct / (double)e->walk->instructions);
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
  add_doc(b, "classification", classify_report_json(s->cls, true));
  json_builder_set_member_name(b, "equivalence");
  json_builder_begin_object(b);
  add_doc(b, "trap", s->trap ? equiv_report_json(s->trap) : NULL);
  add_doc(b, "hybrid", s->hybrid ? equiv_report_json(s->hybrid) : NULL);
  add_doc(b, "stacked", s->stacked ? equiv_report_json(s->stacked) : NULL);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "lockstep");
  json_builder_begin_object(b);
  if (s->small) {
    add_doc(b, "trap", equiv_report_json(s->walk[0]));
    add_doc(b, "hybrid", equiv_report_json(s->walk[1]));
  } else {
    json_add_str(b, "skipped", s->small_why);
  }
  json_builder_end_object(b);
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
