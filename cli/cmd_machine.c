/* virtcheck run, asm and disasm: the reference machine and the assembler. */
#include <stdio.h>

#include "cli.h"
#include "machine.h"

typedef struct {
  char **params;
  Isa *isa;
  Program *prog;
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
  program_free(l->prog);
  isa_free(l->isa);
  g_strfreev(l->params);
}

static void print_step(const MachineStep *rec, void *data)
{
  g_autofree char *line = machine_format_step(data, rec);
  printf("%s\n", line);
}

/* Exit code: 0 halted, 3 step limit. */
static int run_to_end(const Loaded *l, uint64_t steps, bool trace)
{
  Machine *m = machine_new(l->isa);
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
  gboolean trace = FALSE;
  GOptionEntry entries[] = {
      {"steps", 's', 0, G_OPTION_ARG_INT64, &steps, "Stop after N steps (default 100000)", "N"},
      {"trace", 't', 0, G_OPTION_ARG_NONE, &trace, "Print one line per step", NULL},
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
  if (!cli_range("steps", steps, 0, G_MAXINT64)) {
    goto out;
  }
  if (!load(&l, argv[1], argv[2], &code))
    goto out;
  code = run_to_end(&l, (uint64_t)steps, trace);
out:
  unload(&l);
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
