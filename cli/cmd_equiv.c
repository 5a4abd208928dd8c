/* virtcheck equiv: is a monitor equivalent to the bare machine for an ISA? */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ledger.h"
#include "equiv_report.h"
#include "stateset.h"
#include "vmm.h"

/* Writes the counterexample program, if asked for and there is one. */
static bool write_program(const Equivalence *eq, const char *spec, const char *path)
{
  g_autofree char *replay = path ? equiv_program(eq, spec) : NULL;
  return !replay || cli_write_file(path, replay);
}

/* --init VAR=V,V,...: a variable's initial values in the explored domain
 * (a mode by name or number). */
static bool parse_init(const Isa *isa, char **specs, LockstepOptions *w, GPtrArray *keep)
{
  for (char **sp = specs; sp && *sp; sp++) {
    const char *eq = strchr(*sp, '=');
    g_autofree char *name = eq ? g_strndup(*sp, (gsize)(eq - *sp)) : NULL;
    int v = name ? isa_find_var(isa, name) : -1;
    if (v < 0) {
      fprintf(stderr, "virtcheck: error: --init %s: expected VAR=VALUE,... with VAR one of %s's "
                      "variables\n", *sp, isa->name);
      return false;
    }
    g_auto(GStrv) items = g_strsplit(eq + 1, ",", -1);
    guint n = g_strv_length(items);
    uint64_t *vals = g_new0(uint64_t, MAX(n, 1));
    g_ptr_array_add(keep, vals);
    for (guint k = 0; k < n; k++) {
      int mode = v == VAR_MODE ? isa_find_mode(isa, items[k]) : -1;
      guint64 x;
      if (mode >= 0)
        vals[k] = (uint64_t)mode;
      else if (g_ascii_string_to_unsigned(items[k], 10, 0, G_MAXUINT64, &x, NULL))
        vals[k] = x;
      else {
        fprintf(stderr, "virtcheck: error: --init %s: '%s' is not a number%s\n", *sp, items[k],
                v == VAR_MODE ? " or a mode name" : "");
        return false;
      }
    }
    w->init_values[v] = vals;
    w->ninit_values[v] = n;
  }
  return true;
}

/* Progress on a terminal: states, rate, depth, at most four times a second. */
typedef struct {
  gint64 start, last;
} Progress;

static void progress(unsigned depth, uint64_t states, uint64_t transitions, void *data)
{
  Progress *p = data;
  (void)transitions;
  gint64 now = g_get_monotonic_time();
  if (now - p->last < 250000)
    return;
  p->last = now;
  double secs = (double)(now - p->start) / 1e6;
  fprintf(stderr, "\rvirtcheck: depth %u, %" G_GUINT64_FORMAT " states, %.0f states/s   ", depth,
          states, secs > 0 ? (double)states / secs : 0.0);
}

int cmd_equiv(int argc, char **argv)
{
  char **params = NULL, *engine = NULL, *format = NULL, *monitor = NULL, *program = NULL;
  char **init = NULL, *max_memory = NULL;
  double time_limit = 0;
  gint64 base = CLI_UNSET, max_states = VC_DEFAULT_MAX_STATES;
  gint timeout = VC_DEFAULT_TIMEOUT_MS, stack = 1, depth = 3, threads = 1, operands = 4;
  gboolean fingerprint = FALSE;
  g_autofree char *shard = NULL; /* taken out before parsing (cli_run_sharded) */
  GOptionEntry entries[] = {
      {"monitor", 'm', 0, G_OPTION_ARG_STRING, &monitor,
       "trap (default), hybrid, translate, patch (lockstep only) or assist; a paravirtualized "
       "guest is checked by 'virtcheck paravirt' (docs/monitors.md)", "KIND"},
      CLI_ENGINE_OPTIONS(engine, timeout, max_states),
      CLI_TIME_OPTION(time_limit),
      CLI_MEMORY_OPTION(max_memory),
      {"guest-base", 'b', 0, G_OPTION_ARG_INT64, &base,
       "The host word where the guest's storage starts (default: just above the monitor's "
       "trap vectors)", "B"},
      {"stack", 0, 0, G_OPTION_ARG_INT, &stack,
       "Check N monitors, each running under the next (Theorem 2 for N >= 2); 1..8", "N"},
      {"depth", 'k', 0, G_OPTION_ARG_INT, &depth,
       "Exhaustive: programs of up to K instructions (default 3)", "K"},
      {"operand-values", 0, 0, G_OPTION_ARG_INT, &operands,
       "Exhaustive: each operand field ranges over 0..N-1 (default 4); a refined one over a "
       "value of each group of equal semantics", "N"},
      {"init", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &init,
       "Exhaustive: the initial values of a variable (repeatable; default: every mode, the "
       "spec's reset values elsewhere)", "VAR=V,..."},
      {"threads", 'j', 0, G_OPTION_ARG_INT, &threads,
       "Exhaustive: worker threads (default 1); the output is the same for any number", "T"},
      {"fingerprint", 0, 0, G_OPTION_ARG_NONE, &fingerprint,
       "Exhaustive: keep 64-bit fingerprints of states instead of the states (8 bytes a "
       "state; prints the collision probability bound)", NULL},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      {"program", 'o', 0, G_OPTION_ARG_FILENAME, &program,
       "Write a counterexample as an assembly program that virtcheck run and vmm replay",
       "FILE"},
      CLI_PARAM_OPTION(params),
      CLI_SHARD_OPTION(shard),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC");
  g_option_context_set_summary(
      ctx, "Prove or refute that a monitor is equivalent to the bare machine.\n"
           "  --engine smt (default): one-step simulation by Z3 at the spec's widths: for\n"
           "    every instruction and virtual state the host runs directly without a trap,\n"
           "    the monitor's result must be the bare machine's (then every program agrees).\n"
           "  --engine exhaustive: every program of up to --depth instructions, from every\n"
           "    initial state of the domain (--init, --operand-values), on the bare machine\n"
           "    and under the monitor in lockstep, breadth-first: a counterexample is a\n"
           "    shortest one. Use a small instance (--param). States/s go to stderr.\n"
           "  --engine both: the one-step query by Z3 and by enumeration, cross-checked.\n"
           "Exit 0 equivalent, 1 counterexample, 2 bad input, 3 incomplete (unknown, limit).");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  Equivalence *eq = NULL;
  GError *err = NULL;
  GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
  EquivOptions opt = {.engine = ENGINE_SMT};
  if (!cli_parse(ctx, &argc, &argv, 1, 1, "SPEC") || (program && !cli_writable(program)))
    goto out;
  if (!cli_monitor(monitor, &opt.monitor))
    goto out;
  int kind;
  bool json;
  if (!cli_engine(engine, &kind) || !cli_json(format, &json))
    goto out;
  opt.engine = (EngineKind)kind;
  if (!cli_limits(timeout, max_states) ||
      !cli_budget(time_limit, max_memory, &opt.deadline, &opt.walk.max_memory))
    goto out;
  if (!cli_range("stack", stack, 1, VC_MAX_STACK))
    goto out;
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err))) {
    code = cli_fail(err);
    goto out;
  }
  /* Stacked monitors compose: each level's guest sits above that level's
   * reserved words, so the top guest's storage starts past all of them. */
  opt.stack = (unsigned)stack;
  if (!cli_guest_base(isa, base, &opt.base))
    goto out;
  if (!vmm_stack_fits(isa, opt.stack, opt.base, 1, &err)) {
    code = cli_fail(err);
    goto out;
  }
  opt.timeout_ms = (unsigned)timeout;
  opt.max_states = (uint64_t)max_states;
  if (!cli_range("depth", depth, 1, VC_MAX_PROGRAM_DEPTH) ||
      !cli_range("threads", threads, 1, VC_MAX_THREADS) ||
      !cli_range("operand-values", operands, 1, G_MAXINT))
    goto out;
  if (fingerprint && opt.engine != ENGINE_EXHAUSTIVE) {
    fprintf(stderr, "virtcheck: error: --fingerprint applies to --engine exhaustive only\n");
    goto out;
  }
  if (!fingerprint && opt.engine == ENGINE_EXHAUSTIVE && opt.max_states > STATESET_MAX_FULL) {
    fprintf(stderr, "virtcheck: error: --max-states %" G_GUINT64_FORMAT ": the exhaustive engine "
                    "keeps at most %" G_GUINT64_FORMAT " whole states; use --fingerprint for "
                    "more\n", opt.max_states, STATESET_MAX_FULL);
    goto out;
  }
  opt.walk.depth = (unsigned)depth;
  opt.walk.threads = (unsigned)threads;
  opt.walk.operand_values = (unsigned)operands;
  opt.walk.fingerprint = fingerprint;
  if (!parse_init(isa, init, &opt.walk, keep))
    goto out;
  Progress prog = {g_get_monotonic_time(), g_get_monotonic_time()};
  if (isatty(2)) {
    opt.walk.progress = progress;
    opt.walk.progress_data = &prog;
  }
  gint64 started = g_get_monotonic_time();
  if (!(eq = equiv_check(isa, &opt, &err))) {
    code = cli_fail(err);
    goto out;
  }
  if (eq->walk && ledger_mode() != LEDGER_MERGE) { /* timing varies: stderr, so that stdout
                                                     is the same on every run */
    double secs = (double)(g_get_monotonic_time() - started) / 1e6;
    fprintf(stderr, "%svirtcheck: %" G_GUINT64_FORMAT " states in %.2f s (%.0f states/s, %u "
                    "thread%s, visited set %.1f bytes a state)\n",
            isatty(2) ? "\r" : "", eq->walk->states, secs,
            secs > 0 ? (double)eq->walk->states / secs : 0.0, (unsigned)threads,
            threads == 1 ? "" : "s",
            eq->walk->states ? (double)eq->walk->bytes / (double)eq->walk->states : 0.0);
  }
  char *text = json ? equiv_report_json(eq) : equiv_report_text(eq);
  fputs(text, stdout);
  g_free(text);
  if (ledger_mode() != LEDGER_SHARD && !write_program(eq, argv[1], program)) {
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
  g_strfreev(init);
  g_free(max_memory);
  g_ptr_array_unref(keep);
  return code;
}
