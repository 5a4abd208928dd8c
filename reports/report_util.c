#include "report_util.h"

#include "machine.h"

char *json_text(JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  g_autofree char *text = json_generator_to_data(gen, NULL);
  return g_strconcat(text, "\n", NULL);
}

void json_add_vars(JsonBuilder *b, const char *key, const Isa *isa, const uint64_t *vars)
{
  json_builder_set_member_name(b, key);
  json_builder_begin_object(b);
  for (unsigned v = 0; v < isa->nvars; v++) {
    json_builder_set_member_name(b, isa->vars[v].name);
    if (v == VAR_MODE && vars[v] < isa->nmodes)
      json_builder_add_string_value(b, isa->mode_names[vars[v]]);
    else
      json_builder_add_int_value(b, (gint64)vars[v]);
  }
  json_builder_end_object(b);
}

char *params_text(const Isa *isa)
{
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < isa->nparams; i++)
    g_string_append_printf(s, "%s%s=%" G_GUINT64_FORMAT, i ? " " : "", isa->params[i].name,
                           isa->params[i].value);
  return g_string_free(s, FALSE);
}

void json_add_int(JsonBuilder *b, const char *key, uint64_t v)
{
  json_builder_set_member_name(b, key);
  json_builder_add_int_value(b, (gint64)v);
}

void json_add_str(JsonBuilder *b, const char *key, const char *v)
{
  g_autofree char *valid = g_utf8_make_valid(v, -1);
  json_builder_set_member_name(b, key);
  json_builder_add_string_value(b, valid);
}

void html_text(GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  g_autofree char *e = g_markup_escape_text(valid, -1);
  g_string_append(out, e);
}

void md_text(GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  for (const char *p = valid; *p; p++) {
    if (*p == '\n' || *p == '\r')
      g_string_append_c(out, ' ');
    else if (strchr("\\`*_{}[]()<>#+-.!|~&\"'", *p)) /* markup, and HTML inside Markdown */
      g_string_append_printf(out, "&#%d;", *p);
    else
      g_string_append_c(out, *p);
  }
}

void link_target(GString *out, const char *file)
{
  g_autofree char *e = g_uri_escape_string(file, NULL, FALSE);
  g_string_append(out, e);
}

char *vars_text(const Isa *isa, const uint64_t *vars)
{
  GString *s = g_string_new(NULL);
  for (unsigned v = 0; v < isa->nvars; v++) {
    g_string_append_printf(s, "%s%s=", v ? " " : "", isa->vars[v].name);
    format_var(s, isa, v, vars[v]);
  }
  return g_string_free(s, FALSE);
}

void append_vars(GString *s, const Isa *isa, const IrVal *vals)
{
  for (unsigned v = 0; v < isa->nvars; v++) {
    g_string_append_printf(s, " %s=", isa->vars[v].name);
    format_var(s, isa, v, vals[v].c);
  }
}

const ClassSet class_sets[4] = {
    {C_PRIVILEGED, "privileged:", "privileged"},
    {C_SENSITIVE, "sensitive:", "sensitive"},
    {C_USER, "user sensitive:", "user_sensitive"},
    {C_CRITICAL, "critical:", "critical"},
};

void json_add_strv(JsonBuilder *b, const char *key, char **v)
{
  json_builder_set_member_name(b, key);
  if (!v) {
    json_builder_add_null_value(b);
    return;
  }
  json_builder_begin_array(b);
  for (; *v; v++)
    json_builder_add_string_value(b, *v);
  json_builder_end_array(b);
}
