/* virtcheck vmm: guests under a trap-and-emulate or hybrid monitor,
 * stacked and time-shared. */
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cli.h"
#include "vmm.h"

typedef struct {
  unsigned depth, nguests;
} TraceCtx;

static void print_step(unsigned guest, const Vm *vm, const MachineStep *rec, void *data)
{
  const TraceCtx *t = data;
  g_autofree char *line = machine_format_step(vm->m, rec);
  if (t->nguests > 1)
    printf("g%u ", guest);
  printf("L%u %-11s%s\n", vm->last == RUN_DIRECT ? 0 : t->depth, run_kind_names[vm->last], line);
}

static double efficiency(const MonitorCounts *c)
{
  uint64_t total = c->direct + c->emulated + c->reflected + c->interpreted;
  return total ? (double)c->direct / (double)total : 0;
}

static void print_text(const VmStack *s, const char *const *programs)
{
  for (unsigned i = 0; i < s->nguests; i++) {
    const Vm *g = s->guests[i];
    const MonitorCounts *c = &g->counts;
    printf("guest %u (%s): %s after %" G_GUINT64_FORMAT " instructions\n", i, programs[i],
           g->m->halted ? "halted" : "not halted", g->m->steps);
    printf("counts: direct %" G_GUINT64_FORMAT ", emulated %" G_GUINT64_FORMAT
           ", interpreted %" G_GUINT64_FORMAT ", reflected %" G_GUINT64_FORMAT
           ", monitor entries %" G_GUINT64_FORMAT ", efficiency %.3f",
           c->direct, c->emulated, c->interpreted, c->reflected, c->entries, efficiency(c));
    if (c->violations)
      printf(", RESOURCE CONTROL VIOLATED %" G_GUINT64_FORMAT " times", c->violations);
    printf("\n");
    g_autofree char *state = machine_format_state(g->m);
    fputs(state, stdout);
  }
}

static void print_json(const VmStack *s, const char *const *programs, const char *monitor)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "monitor");
  json_builder_add_string_value(b, monitor);
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
    json_builder_set_member_name(b, "efficiency");
    json_builder_add_double_value(b, efficiency(c));
    json_builder_set_member_name(b, "state");
    json_builder_begin_object(b);
    for (unsigned v = 0; v < isa->nvars; v++) {
      json_builder_set_member_name(b, isa->vars[v].name);
      if (v == VAR_MODE && g->m->var[v] < isa->nmodes)
        json_builder_add_string_value(b, isa->mode_names[g->m->var[v]]);
      else
        json_builder_add_int_value(b, (gint64)g->m->var[v]);
    }
    json_builder_end_object(b);
    json_builder_set_member_name(b, "storage");
    json_builder_begin_array(b);
    for (uint64_t a = 0; a < g->m->size; a++)
      json_builder_add_int_value(b, (gint64)g->m->mem[a]);
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  g_autofree char *text = json_generator_to_data(gen, NULL);
  printf("%s\n", text);
}

int cmd_vmm(int argc, char **argv)
{
  char **params = NULL, *monitor = NULL, *format = NULL;
  gint stack = 1;
  gint64 quantum = 100, steps = 1000000;
  gboolean trace = FALSE;
  GOptionEntry entries[] = {
      {"monitor", 'm', 0, G_OPTION_ARG_STRING, &monitor,
       "trap (trap-and-emulate, default) or hybrid (interprets all of virtual supervisor mode)",
       "KIND"},
      {"stack", 0, 0, G_OPTION_ARG_INT, &stack,
       "Run N monitors, each under the next (default 1; at most 8)", "N"},
      {"quantum", 'q', 0, G_OPTION_ARG_INT64, &quantum,
       "Instructions per guest per turn when time-sharing (default 100)", "Q"},
      {"steps", 's', 0, G_OPTION_ARG_INT64, &steps,
       "Stop after N guest instructions in all (default 1000000)", "N"},
      {"trace", 't', 0, G_OPTION_ARG_NONE, &trace,
       "One line per guest instruction: how it ran (direct, emulated, reflected, interpreted) "
       "and at which level", NULL},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      CLI_PARAM_OPTION(params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC PROGRAM...");
  g_option_context_set_summary(
      ctx, "Run one guest per PROGRAM under a virtual machine monitor and print each guest's\n"
           "final virtual state and counts. Exit 0 when every guest halts, 3 at the step limit.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  Program **progs = NULL;
  VmStack *st = NULL;
  GError *err = NULL;
  MonitorKind kind = MON_TRAP;
  if (!cli_parse(ctx, &argc, &argv, 2, 65, "SPEC PROGRAM..."))
    goto out;
  if (monitor && !strcmp(monitor, "hybrid"))
    kind = MON_HYBRID;
  else if (monitor && strcmp(monitor, "trap")) {
    fprintf(stderr, "virtcheck: error: --monitor %s: expected trap or hybrid\n", monitor);
    goto out;
  }
  if (format && strcmp(format, "text") && strcmp(format, "json")) {
    fprintf(stderr, "virtcheck: error: --format %s: expected text or json\n", format);
    goto out;
  }
  if (stack < 1 || stack > 8 || quantum < 1 || steps < 0) {
    fprintf(stderr, "virtcheck: error: expected --stack 1..8, --quantum >= 1, --steps >= 0\n");
    goto out;
  }
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err))) {
    code = cli_fail(err);
    goto out;
  }
  unsigned n = (unsigned)argc - 2;
  progs = g_new0(Program *, n);
  for (unsigned i = 0; i < n; i++)
    if (!(progs[i] = asm_load(isa, argv[2 + i], &err))) {
      code = cli_fail(err);
      goto out;
    }
  if (!(st = vmm_stack_new(isa, kind, (unsigned)stack, n, &err))) {
    code = cli_fail(err);
    goto out;
  }
  for (unsigned i = 0; i < n; i++)
    machine_load(st->guests[i]->m, progs[i]);
  TraceCtx tc = {(unsigned)stack, n};
  bool halted = vmm_run(st->guests, n, (uint64_t)quantum, (uint64_t)steps,
                        trace ? print_step : NULL, &tc);
  if (format && !strcmp(format, "json"))
    print_json(st, (const char *const *)argv + 2, kind == MON_TRAP ? "trap" : "hybrid");
  else
    print_text(st, (const char *const *)argv + 2);
  code = halted ? 0 : 3;
out:
  vmm_stack_free(st);
  for (unsigned i = 0; progs && i < (unsigned)argc - 2; i++)
    program_free(progs[i]);
  g_free(progs);
  isa_free(isa);
  g_strfreev(params);
  g_free(monitor);
  g_free(format);
  return code;
}
