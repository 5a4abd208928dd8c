/* virtcheck: a simulator and model checker for the Popek-Goldberg model. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "vmm.h"

static const Command commands[] = {
    {"run", "SPEC PROGRAM", "run a program on the reference machine", cmd_run, false},
    {"asm", "SPEC PROGRAM", "assemble a program and print its object listing", cmd_asm, false},
    {"disasm", "SPEC PROGRAM", "print a program's words as instructions", cmd_disasm, false},
    {"check-spec", "SPEC", "check a spec and summarise it", cmd_check_spec, false},
    {"classify", "SPEC", "derive instruction classes; Theorems 1 and 3", cmd_classify, true},
    {"vmm", "SPEC PROGRAM...", "run guests under a monitor (trap, hybrid, translate, ...)",
     cmd_vmm, false},
    {"paravirt", "SPEC PROGRAM", "rewrite a guest to call the monitor, and check it",
     cmd_paravirt, false},
    {"equiv", "SPEC", "is a monitor equivalent to the bare machine?", cmd_equiv, true},
    {"report", "SPEC... -o DIR", "HTML, Markdown or JSON reports and an index", cmd_report, true},
    {"grade", "ASSIGNMENT SUB...", "grade submissions against an assignment", cmd_grade, false},
    {"export", "SPEC", "the queries as SMT-LIB 2, or the machine as a Promela model", cmd_export, false},
    {"merge", "PART...", "combine the parts of a run sharded with --shard I/N", cmd_merge, false},
};

const Command *cli_command(const char *name)
{
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    if (!strcmp(name, commands[i].name))
      return &commands[i];
  return NULL;
}

int cli_fail(GError *err)
{
  int code = vc_exit_code(err);
  if (strstr(err->message, ": error: "))
    fprintf(stderr, "%s\n", err->message);
  else
    fprintf(stderr, "virtcheck: error: %s\n", err->message);
  g_error_free(err);
  return code;
}

bool cli_parse(GOptionContext *ctx, int *argc, char ***argv, int want_min, int want_max,
               const char *args)
{
  GError *err = NULL;
  if (!g_option_context_parse(ctx, argc, argv, &err)) {
    fprintf(stderr, "virtcheck: error: %s (see --help)\n", err->message);
    g_error_free(err);
    return false;
  }
  int n = *argc - 1;
  if (n < want_min || n > want_max) {
    fprintf(stderr, "virtcheck: error: %s arguments: expected %s (see --help)\n",
            n < want_min ? "missing" : "too many", args);
    return false;
  }
  return true;
}

bool cli_write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  int saved = errno;
  if (f) {
    bool ok = fputs(text, f) >= 0;
    saved = errno;
    ok = (fclose(f) == 0) && ok;
    if (ok)
      return true;
    saved = saved ? saved : errno;
  }
  fprintf(stderr, "virtcheck: error: %s: cannot write: %s\n", path, g_strerror(saved));
  return false;
}

bool cli_writable(const char *path)
{
  g_autofree char *dir = g_path_get_dirname(path);
  if (access(dir, W_OK | X_OK) == 0 && !g_file_test(path, G_FILE_TEST_IS_DIR))
    return true;
  fprintf(stderr, "virtcheck: error: %s: cannot write: %s\n", path,
          g_file_test(path, G_FILE_TEST_IS_DIR) ? "it is a directory" : g_strerror(errno));
  return false;
}

bool cli_engine(const char *name, int *engine)
{
  static const char *const names[] = {"smt", "exhaustive", "both"}; /* EngineKind order */
  for (int e = 0; e < 3; e++)
    if (!name || !strcmp(name, names[e])) {
      *engine = name ? e : 0;
      return true;
    }
  fprintf(stderr, "virtcheck: error: --engine %s: expected smt, exhaustive or both\n", name);
  return false;
}

bool cli_monitor(const char *name, MonitorKind *kind)
{
  int k = name ? monitor_kind_find(name) : MON_TRAP;
  if (k < 0) {
    fprintf(stderr, "virtcheck: error: --monitor %s: expected %s\n", name, MONITOR_KINDS_HELP);
    return false;
  }
  *kind = (MonitorKind)k;
  return true;
}

bool cli_json(const char *format, bool *json)
{
  *json = format && !strcmp(format, "json");
  if (!format || *json || !strcmp(format, "text"))
    return true;
  fprintf(stderr, "virtcheck: error: --format %s: expected text or json\n", format);
  return false;
}

bool cli_budget(double seconds, const char *size, gint64 *deadline, uint64_t *bytes)
{
  if (seconds < 0 || seconds > 1e9) {
    fprintf(stderr, "virtcheck: error: --time-limit %g: expected seconds from 0 (none) to 1e9\n",
            seconds);
    return false;
  }
  *deadline = seconds > 0 ? g_get_monotonic_time() + (gint64)(seconds * 1e6) : 0;
  *bytes = (uint64_t)VC_DEFAULT_MAX_MEMORY_MB << 20;
  if (!size)
    return true;
  char *end;
  errno = 0;
  guint64 n = g_ascii_strtoull(size, &end, 10);
  unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
  if (shift)
    end++;
  if (end == size || !g_ascii_isdigit(*size) || *end || errno || n == 0 ||
      n > (UINT64_MAX >> shift)) {
    fprintf(stderr, "virtcheck: error: --max-memory %s: expected a positive number of bytes, "
                    "optionally with K, M or G\n", size);
    return false;
  }
  *bytes = n << shift;
  return true;
}

bool cli_guest_base(const Isa *isa, gint64 base, uint64_t *out)
{
  if (base != CLI_UNSET && base < 0) {
    fprintf(stderr, "virtcheck: error: --guest-base %" G_GINT64_FORMAT ": expected a host word "
                    ">= 0\n", base);
    return false;
  }
  *out = base == CLI_UNSET ? monitor_reserved(isa) : (uint64_t)base;
  return true;
}

bool cli_range(const char *name, gint64 v, gint64 lo, gint64 hi)
{
  if (v >= lo && v <= hi)
    return true;
  if (hi == G_MAXINT64)
    fprintf(stderr, "virtcheck: error: --%s %" G_GINT64_FORMAT ": expected %" G_GINT64_FORMAT
                    " or more\n", name, v, lo);
  else
    fprintf(stderr, "virtcheck: error: --%s %" G_GINT64_FORMAT ": expected %" G_GINT64_FORMAT
                    "..%" G_GINT64_FORMAT "\n", name, v, lo, hi);
  return false;
}

bool cli_limits(int timeout, gint64 max_states)
{
  return cli_range("timeout", timeout, 0, G_MAXINT) &&
         cli_range("max-states", max_states, 1, G_MAXINT64);
}

static void usage(FILE *to)
{
  fprintf(to, "Usage: virtcheck COMMAND [OPTION...] ARGS\n\n"
              "Simulate and model-check ISAs in the Popek-Goldberg model.\n\nCommands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(to, "  %-11s %-18s %s\n", commands[i].name, commands[i].args, commands[i].summary);
  fprintf(to, "\n'virtcheck COMMAND --help' describes a command's options.\n"
              "Exit codes: 0 success, 1 the checked property fails, 2 bad input or usage,\n"
              "3 a limit was hit (results incomplete), 4 internal error.\n");
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("virtcheck 0.1\n");
    return 0;
  }
  const Command *c = cli_command(argv[1]);
  if (c) {
    g_autofree char *prg = g_strdup_printf("virtcheck %s", c->name);
    g_set_prgname(prg);
    return c->shards ? cli_run_sharded(c, argc - 1, argv + 1) : c->main(argc - 1, argv + 1);
  }
  fprintf(stderr, "virtcheck: error: unknown command '%s' (see virtcheck --help)\n", argv[1]);
  return 2;
}
