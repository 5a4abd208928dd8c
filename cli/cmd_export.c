/* virtcheck export: the checker's questions for other tools. SMT-LIB 2 for
 * any solver (the classification and one-step simulation queries, exactly as
 * virtcheck asks Z3), or the bare machine as a Promela model for SPIN. */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "lockstep.h"
#include "cli.h"
#include "promela.h"
#include "smtlib.h"
#include "vmm.h"

int cmd_export(int argc, char **argv)
{
  char **params = NULL, *format = NULL;
  gint depth = 3, operands = 4;
  GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "smtlib (default) or promela", "FORMAT"},
      {"depth", 'k', 0, G_OPTION_ARG_INT, &depth,
       "Promela: programs of up to K instructions (default 3)", "K"},
      {"operand-values", 0, 0, G_OPTION_ARG_INT, &operands,
       "Promela: each operand field ranges over 0..N-1 (default 4); a refined one over a "
       "value of each group of equal semantics", "N"},
      CLI_PARAM_OPTION(params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC");
  g_option_context_set_summary(
      ctx, "Write a spec's questions for other tools, to stdout.\n"
           "  smtlib: every classification query and the one-step simulation query of both\n"
           "    monitors, per instruction, as SMT-LIB 2 (QF_AUFBV) scripts for any solver.\n"
           "  promela: the bare machine at the instance as a Promela model for SPIN: from\n"
           "    the reset state, every program of up to --depth instructions, placed as the\n"
           "    pc reaches unused storage (the space `virtcheck equiv -e exhaustive` walks).\n"
           "Exit 0, or 2 on bad input.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  GError *err = NULL;
  char *text = NULL;
  uint64_t *words = NULL;
  unsigned nwords = 0;
  if (!cli_parse(ctx, &argc, &argv, 1, 1, "SPEC"))
    goto out;
  bool promela = format && !strcmp(format, "promela");
  if (format && !promela && strcmp(format, "smtlib")) {
    fprintf(stderr, "virtcheck: error: --format %s: expected smtlib or promela\n", format);
    goto out;
  }
  if (!cli_range("depth", depth, 1, 255) || !cli_range("operand-values", operands, 1, G_MAXINT))
    goto out;
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err)) ||
      (promela && !lockstep_words(isa, (unsigned)operands, &words, &nwords, &err)) ||
      !(text = promela ? promela_model(isa, words, nwords, (unsigned)depth, &err)
                       : smtlib_queries(isa, &err))) {
    code = cli_fail(err);
    goto out;
  }
  fputs(text, stdout);
  code = 0;
out:
  g_free(text);
  g_free(words);
  isa_free(isa);
  g_strfreev(params);
  g_free(format);
  return code;
}
