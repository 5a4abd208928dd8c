/* virtcheck classify: derive every instruction's class; Theorems 1 and 3. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "classify_report.h"
#include "cli.h"

int cmd_classify(int argc, char **argv)
{
  char **params = NULL, *engine = NULL, *format = NULL, **only = NULL;
  gboolean witness = FALSE, explain = FALSE;
  double time_limit = 0;
  gint timeout = VC_DEFAULT_TIMEOUT_MS;
  gint64 max_states = VC_DEFAULT_MAX_STATES;
  g_autofree char *shard = NULL; /* taken out before parsing (cli_run_sharded) */
  GOptionEntry entries[] = {
      CLI_ENGINE_OPTIONS(engine, timeout, max_states),
      CLI_TIME_OPTION(time_limit),
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      {"witness", 'w', 0, G_OPTION_ARG_NONE, &witness,
       "Show the witness state(s) and outcomes behind every positive answer", NULL},
      {"explain", 'x', 0, G_OPTION_ARG_NONE, &explain,
       "Say in plain words, from its witnesses, why each critical instruction breaks "
       "trap-and-emulate", NULL},
      {"insn", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
       "Explain and show witnesses for this instruction only (repeatable)", "NAME"},
      CLI_PARAM_OPTION(params),
      CLI_SHARD_OPTION(shard),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC");
  g_option_context_set_summary(
      ctx, "Derive each instruction's classes (privileged, control / behaviour sensitive by\n"
           "location, mode or resource, user / supervisor sensitive, innocuous, critical) from\n"
           "its semantics, and decide Theorem 1 and Theorem 3. The definitions: docs/model.md\n"
           "(installed in share/doc/virtcheck).\n"
           "Exit 0 when classification completes (whatever the verdicts), 1 when the engines\n"
           "disagree, 2 on bad input, 3 when a query is unknown or hit a limit.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  ClassifyOptions opt = {.engine = ENGINE_SMT, .progress = isatty(2)};
  Isa *isa = NULL;
  Classification *cl = NULL;
  GError *err = NULL;
  if (!cli_parse(ctx, &argc, &argv, 1, 1, "SPEC"))
    goto out;
  int kind;
  bool json;
  if (!cli_engine(engine, &kind) || !cli_json(format, &json))
    goto out;
  opt.engine = (EngineKind)kind;
  uint64_t unused_bytes;
  if (!cli_limits(timeout, max_states) ||
      !cli_budget(time_limit, NULL, &opt.deadline, &unused_bytes))
    goto out;
  opt.timeout_ms = (unsigned)timeout;
  opt.max_states = (uint64_t)max_states;
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err)) ||
      !(cl = classify_isa(isa, &opt, &err))) {
    code = cli_fail(err);
    goto out;
  }
  for (char **n = only; n && *n; n++)
    if (isa_find_insn(isa, *n) < 0) {
      fprintf(stderr, "virtcheck: error: --insn %s: %s has no such instruction\n", *n,
              isa->name);
      goto out;
    }
  ReportOptions ro = {witness, explain, (const char *const *)only};
  char *text = json ? classify_report_json(cl, &ro) : classify_report_text(cl, &ro);
  fputs(text, stdout);
  g_free(text);
  code = 0;
  for (unsigned i = 0; i < isa->ninsns; i++)
    for (int k = 0; k < C_COUNT; k++)
      if (cl->insn[i].cls[k] == TRI_UNKNOWN)
        code = 3;
out:
  classification_free(cl);
  isa_free(isa);
  g_strfreev(params);
  g_free(engine);
  g_free(format);
  g_strfreev(only);
  return code;
}
