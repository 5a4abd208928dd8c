/* virtcheck run, asm and disasm: the reference machine and the assembler. */
#include <stdio.h>

#include "cli.h"
#include "machine.h"
#include "native.h"
#include "report_util.h"

typedef struct {
  char **params;
  Isa *isa;
  Program *prog;
  Native *native; /* run --native */
} Loaded;

static bool load(Loaded *l, const char *spec, const char *program, int *code)
{
  GError *err = NULL;
  l->isa = isa_load(spec, (const char *const *)l->params, &err);
  if (l->isa && program)
    l->prog = asm_load(l->isa, program, &err);
  if (err) {
    *code = cli_fail(err);
    return false;
  }
  return true;
}

static void unload(Loaded *l)
{
  native_free(l->native);
  program_free(l->prog);
  isa_free(l->isa);
  g_strfreev(l->params);
}

static void print_step(const MachineStep *rec, void *data)
{
  g_autofree char *line = machine_format_step(data, rec);
  printf("%s\n", line);
}

typedef struct {
  Machine *m;
  GPtrArray *lines;
} Collect;

static void collect_step(const MachineStep *rec, void *data)
{
  Collect *c = data;
  g_ptr_array_add(c->lines, machine_format_step(c->m, rec));
}

/* The final state as JSON (docs/json.md), the trace's lines when asked. */
static int run_json(const Loaded *l, const char *program, uint64_t steps, bool trace)
{
  Machine *m = machine_new(l->isa);
  m->native = l->native;
  machine_load(m, l->prog);
  Collect c = {m, g_ptr_array_new_with_free_func(g_free)};
  bool halted = machine_run(m, steps, trace ? collect_step : NULL, &c);
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-run/1");
  json_add_str(b, "isa", l->isa->name);
  json_add_str(b, "program", program);
  json_builder_set_member_name(b, "halted");
  json_builder_add_boolean_value(b, halted);
  json_add_int(b, "steps", (gint64)m->steps);
  json_add_vars(b, "state", l->isa, m->var);
  json_builder_set_member_name(b, "storage");
  json_builder_begin_array(b);
  for (uint64_t a = 0; a < m->size; a++)
    json_builder_add_int_value(b, (gint64)m->mem[a]);
  json_builder_end_array(b);
  if (trace) {
    json_builder_set_member_name(b, "trace");
    json_builder_begin_array(b);
    for (guint k = 0; k < c.lines->len; k++)
      json_builder_add_string_value(b, g_ptr_array_index(c.lines, k));
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
  g_autofree char *text = json_text(b);
  fputs(text, stdout);
  g_ptr_array_free(c.lines, TRUE);
  machine_free(m);
  return halted ? 0 : 3;
}

/* Exit code: 0 halted, 3 step limit. */
static int run_to_end(const Loaded *l, uint64_t steps, bool trace)
{
  Machine *m = machine_new(l->isa);
  m->native = l->native;
  machine_load(m, l->prog);
  if (trace)
    printf("  step     pc  instruction        effects\n");
  bool halted = machine_run(m, steps, trace ? print_step : NULL, m);
  if (halted)
    printf("halted after %" G_GUINT64_FORMAT " steps\n", m->steps);
  else
    printf("step limit reached: %" G_GUINT64_FORMAT " steps, not halted\n", m->steps);
  g_autofree char *state = machine_format_state(m);
  fputs(state, stdout);
  machine_free(m);
  return halted ? 0 : 3;
}

int cmd_run(int argc, char **argv)
{
  Loaded l = {0};
  gint64 steps = 100000;
  gboolean trace = FALSE, native = FALSE;
  char *format = NULL;
  bool json;
  GOptionEntry entries[] = {
      {"steps", 's', 0, G_OPTION_ARG_INT64, &steps, "Stop after N steps (default 100000)", "N"},
      {"trace", 't', 0, G_OPTION_ARG_NONE, &trace, "Print one line per step", NULL},
      {"native", 'n', 0, G_OPTION_ARG_NONE, &native,
       "Run the spec compiled to native code (C, compiled with cc and cached under "
       "~/.cache/virtcheck; the same results, many times faster on long runs; a trace runs "
       "the interpreter)", NULL},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
       "text (default) or json (the final state, and the trace's lines with --trace)",
       "FORMAT"},
      CLI_PARAM_OPTION(l.params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC PROGRAM");
  g_option_context_set_summary(ctx, "Run an assembly program on the reference "
                                    "machine and print its final state.\nExit 0 when it halts, "
                                    "3 when the step limit is reached first.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  if (!cli_parse(ctx, &argc, &argv, 2, 2, "SPEC PROGRAM"))
    goto out;
  if (!cli_range("steps", steps, 0, G_MAXINT64) || !cli_json(format, &json))
    goto out;
  if (!load(&l, argv[1], argv[2], &code))
    goto out;
  if (native && !trace) {
    GError *err = NULL;
    if (!(l.native = native_new(l.isa, &err))) { /* the interpreter gives the same answer */
      fprintf(stderr, "virtcheck: note: no native code (%s): running the interpreter\n",
              err->message);
      g_error_free(err);
    }
  }
  code = json ? run_json(&l, argv[2], (uint64_t)steps, trace)
              : run_to_end(&l, (uint64_t)steps, trace);
out:
  unload(&l);
  g_free(format);
  return code;
}

static int listing(int argc, char **argv, bool as_instructions)
{
  Loaded l = {0};
  GOptionEntry entries[] = {CLI_PARAM_OPTION(l.params), {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC PROGRAM");
  g_option_context_set_summary(
      ctx, as_instructions
               ? "Print the program's storage words as instructions (words "
                 "that decode to none print as .word). The output reassembles to the same words."
               : "Assemble and print the object listing: .init, .org and .word "
                 "lines, each word with its disassembly.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  if (cli_parse(ctx, &argc, &argv, 2, 2, "SPEC PROGRAM") && load(&l, argv[1], argv[2], &code)) {
    g_autofree char *text = asm_listing(l.isa, l.prog, as_instructions);
    fputs(text, stdout);
    code = 0;
  }
  unload(&l);
  return code;
}

int cmd_asm(int argc, char **argv)
{
  return listing(argc, argv, false);
}

int cmd_disasm(int argc, char **argv)
{
  return listing(argc, argv, true);
}
