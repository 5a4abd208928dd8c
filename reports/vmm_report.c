/* Monitor runs for people (text) and machines (JSON, docs/virtcheck.md). */
#include "vmm_report.h"

#include "report_util.h"

#include <string.h>

/* Instructions run directly / all instructions run. */
static double vmm_efficiency(const MonitorCounts *c)
{
  uint64_t total = c->direct + c->emulated + c->reflected + c->interpreted;
  return total ? (double)c->direct / (double)total : 0;
}

static void compare_text(GString *out, const GuestCompare *c)
{
  if (!c->diverged) {
    g_string_append(out, "compare: ends as on the bare machine\n");
    return;
  }
  g_string_append_printf(out, "compare: differs from the bare machine after instruction %"
                         G_GUINT64_FORMAT " (%s)\n", c->step, c->insn);
  for (char **w = c->what; *w; w++)
    g_string_append_printf(out, "  %s\n", *w);
  int width = (int)strlen("bare machine");
  for (char **l = c->bare_trace; *l; l++)
    width = MAX(width, (int)strlen(*l));
  g_string_append_printf(out, "  %-*s | under the monitor\n", width, "bare machine");
  for (unsigned k = 0; c->bare_trace[k]; k++)
    g_string_append_printf(out, "  %-*s | %s\n", width, c->bare_trace[k], c->monitor_trace[k]);
}

char *vmm_report_text(const VmStack *s, const char *const *programs, const GuestCompare *compare)
{
  GString *out = g_string_new(NULL);
  for (unsigned i = 0; i < s->nguests; i++) {
    const Vm *g = s->guests[i];
    const MonitorCounts *c = &g->counts;
    g_string_append_printf(out, "guest %u (%s): %s after %" G_GUINT64_FORMAT " instructions\n", i, programs[i],
           g->m->halted ? "halted" : "not halted", g->m->steps);
    g_string_append_printf(out, "counts: direct %" G_GUINT64_FORMAT ", emulated %" G_GUINT64_FORMAT
           ", interpreted %" G_GUINT64_FORMAT ", reflected %" G_GUINT64_FORMAT
           ", monitor entries %" G_GUINT64_FORMAT ", efficiency %.3f",
           c->direct, c->emulated, c->interpreted, c->reflected, c->entries, vmm_efficiency(c));
    if (g->cache) {
      const CacheCounts *t = code_cache_counts(g->cache);
      g_string_append_printf(out, "\ntranslation: %" G_GUINT64_FORMAT " instructions in %"
                             G_GUINT64_FORMAT " blocks, %" G_GUINT64_FORMAT " emulated where "
                             "translated, %" G_GUINT64_FORMAT " invalidations",
                             t->translated, t->blocks, c->translated_emulated, t->invalidations);
      if (s->mons[0]->kind == MON_PATCH)
        g_string_append_printf(out, ", %" G_GUINT64_FORMAT " words patched in guest storage",
                               t->patched);
    }
    if (c->violations)
      g_string_append_printf(out, ", RESOURCE CONTROL VIOLATED %" G_GUINT64_FORMAT " times", c->violations);
    g_string_append_c(out, '\n');
    g_autofree char *state = machine_format_state(g->m);
    g_string_append(out, state);
    if (compare)
      compare_text(out, &compare[i]);
  }
  return g_string_free(out, FALSE);
}

static void compare_json(JsonBuilder *b, const GuestCompare *c)
{
  json_builder_set_member_name(b, "compare");
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "diverges");
  json_builder_add_boolean_value(b, c->diverged);
  if (c->diverged) {
    json_add_int(b, "step", (gint64)c->step);
    json_add_str(b, "instruction", c->insn);
    json_add_strv(b, "differs", c->what);
    json_add_strv(b, "bare_trace", c->bare_trace);
    json_add_strv(b, "monitor_trace", c->monitor_trace);
  }
  json_builder_end_object(b);
}

char *vmm_report_json(const VmStack *s, const char *const *programs, const GuestCompare *compare)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-vmm/1");
  json_builder_set_member_name(b, "monitor");
  json_builder_add_string_value(b, monitor_kind_names[s->mons[0]->kind]);
  json_builder_set_member_name(b, "stack");
  json_builder_add_int_value(b, s->depth);
  json_builder_set_member_name(b, "guests");
  json_builder_begin_array(b);
  for (unsigned i = 0; i < s->nguests; i++) {
    const Vm *g = s->guests[i];
    const Isa *isa = g->m->isa;
    const MonitorCounts *c = &g->counts;
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "program");
    json_builder_add_string_value(b, programs[i]);
    json_builder_set_member_name(b, "halted");
    json_builder_add_boolean_value(b, g->m->halted);
    json_builder_set_member_name(b, "instructions");
    json_builder_add_int_value(b, (gint64)g->m->steps);
    const struct {
      const char *k;
      uint64_t v;
    } counts[] = {{"direct", c->direct},           {"emulated", c->emulated},
                  {"interpreted", c->interpreted}, {"reflected", c->reflected},
                  {"monitor_entries", c->entries}, {"resource_violations", c->violations}};
    for (size_t k = 0; k < G_N_ELEMENTS(counts); k++) {
      json_builder_set_member_name(b, counts[k].k);
      json_builder_add_int_value(b, (gint64)counts[k].v);
    }
    if (g->cache) {
      const CacheCounts *t = code_cache_counts(g->cache);
      json_builder_set_member_name(b, "translation");
      json_builder_begin_object(b);
      const struct {
        const char *k;
        uint64_t v;
      } tc[] = {{"instructions", t->translated},   {"blocks", t->blocks},
                {"emulated", c->translated_emulated}, {"invalidations", t->invalidations},
                {"patched", t->patched}};
      for (size_t k = 0; k < G_N_ELEMENTS(tc); k++) {
        json_builder_set_member_name(b, tc[k].k);
        json_builder_add_int_value(b, (gint64)tc[k].v);
      }
      json_builder_end_object(b);
    }
    json_builder_set_member_name(b, "efficiency");
    json_builder_add_double_value(b, vmm_efficiency(c));
    json_add_vars(b, "state", isa, g->m->var);
    if (compare)
      compare_json(b, &compare[i]);
    json_builder_set_member_name(b, "storage");
    json_builder_begin_array(b);
    for (uint64_t a = 0; a < g->m->size; a++)
      json_builder_add_int_value(b, (gint64)g->m->mem[a]);
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  return json_text(b);
}

