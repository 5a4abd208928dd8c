/* virtcheck equiv: is a monitor equivalent to the bare machine for an ISA? */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "equiv_report.h"
#include "vmm.h"

/* Writes the counterexample program, if asked for and there is one. */
static bool write_program(const Equivalence *eq, const char *spec, const char *path)
{
  g_autofree char *replay = path ? equiv_program(eq, spec) : NULL;
  GError *err = NULL;
  if (replay && !g_file_set_contents(path, replay, -1, &err)) {
    fprintf(stderr, "virtcheck: error: %s\n", err->message);
    g_error_free(err);
    return false;
  }
  return true;
}

int cmd_equiv(int argc, char **argv)
{
  char **params = NULL, *engine = NULL, *format = NULL, *monitor = NULL, *program = NULL;
  gint64 base = -1, max_states = 20000000;
  gint timeout = 10000, stack = 1;
  GOptionEntry entries[] = {
      {"monitor", 'm', 0, G_OPTION_ARG_STRING, &monitor, "trap (default) or hybrid", "KIND"},
      CLI_ENGINE_OPTIONS(engine, timeout, max_states),
      {"guest-base", 'b', 0, G_OPTION_ARG_INT64, &base,
       "The host word where the guest's storage starts (default: just above the monitor's "
       "trap vectors)", "B"},
      {"stack", 0, 0, G_OPTION_ARG_INT, &stack,
       "Check N monitors, each running under the next (Theorem 2 for N >= 2); 1..8", "N"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      {"program", 'o', 0, G_OPTION_ARG_FILENAME, &program,
       "Write a counterexample as an assembly program that virtcheck run and vmm replay",
       "FILE"},
      CLI_PARAM_OPTION(params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC");
  g_option_context_set_summary(
      ctx, "Prove or refute that a monitor is equivalent to the bare machine, by one-step\n"
           "simulation: for every instruction and virtual state the host runs directly\n"
           "without a trap, the monitor's result must be the bare machine's.\n"
           "Exit 0 equivalent, 1 counterexample, 2 bad input, 3 incomplete (unknown, limit).");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  Equivalence *eq = NULL;
  GError *err = NULL;
  EquivOptions opt = {.engine = ENGINE_SMT};
  if (!cli_parse(ctx, &argc, &argv, 1, 1, "SPEC"))
    goto out;
  if (monitor && !strcmp(monitor, "hybrid"))
    opt.hybrid = true;
  else if (monitor && strcmp(monitor, "trap")) {
    fprintf(stderr, "virtcheck: error: --monitor %s: expected trap or hybrid\n", monitor);
    goto out;
  }
  int kind;
  bool json;
  if (!cli_engine(engine, &kind) || !cli_json(format, &json))
    goto out;
  opt.engine = (EngineKind)kind;
  if (!cli_limits(timeout, max_states))
    goto out;
  if (stack < 1 || stack > 8) {
    fprintf(stderr, "virtcheck: error: --stack %d: expected 1..8\n", stack);
    goto out;
  }
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err))) {
    code = cli_fail(err);
    goto out;
  }
  /* Stacked monitors compose: each level's guest sits above that level's
   * reserved words, so the top guest's storage starts past all of them. */
  opt.stack = (unsigned)stack;
  opt.base = (uint64_t)(stack - 1) * monitor_reserved(isa) +
             (base < 0 ? monitor_reserved(isa) : (uint64_t)base);
  if (opt.base + isa->mem > ir_mask(isa->addr_width) + 1) {
    fprintf(stderr, "virtcheck: error: --guest-base %" G_GUINT64_FORMAT ": a guest of %"
                    G_GUINT64_FORMAT " words there leaves %s's %u-bit addresses\n",
            opt.base, isa->mem, isa->name, isa->addr_width);
    goto out;
  }
  opt.timeout_ms = (unsigned)timeout;
  opt.max_states = (uint64_t)max_states;
  if (!(eq = equiv_check(isa, &opt, &err))) {
    code = cli_fail(err);
    goto out;
  }
  char *text = json ? equiv_report_json(eq) : equiv_report_text(eq);
  fputs(text, stdout);
  g_free(text);
  if (!write_program(eq, argv[1], program)) {
    code = 2;
    goto out;
  }
  code = eq->verdict == EQ_EQUIVALENT ? 0 : eq->verdict == EQ_COUNTEREXAMPLE ? 1 : 3;
out:
  equivalence_free(eq);
  isa_free(isa);
  g_strfreev(params);
  g_free(engine);
  g_free(format);
  g_free(monitor);
  g_free(program);
  return code;
}
