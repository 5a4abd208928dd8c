/* The virtcheck program's subcommands and what they share. */
#ifndef VC_CLI_H
#define VC_CLI_H

#include "fmap.h"
#include "ir.h"

typedef struct {
  const char *name, *args, *summary;
  int (*main)(int argc, char **argv);
  bool shards; /* takes --shard I/N (cmd_merge.c) */
} Command;

/* The command of that name, or NULL. */
const Command *cli_command(const char *name);

/* Runs a command that shards: with --shard I/N, its partial result (ledger.h)
 * on stdout in place of its output. */
int cli_run_sharded(const Command *c, int argc, char **argv);

/* The --shard option, for --help: cli_run_sharded takes it out of argv
 * before the command parses its options. */
#define CLI_SHARD_OPTION(unused)                                                                 {"shard", 0, 0, G_OPTION_ARG_STRING, &(unused),                                                 "Compute shard I of N (I = 0..N-1) and print it as a partial JSON result; 'virtcheck "       "merge' combines the N parts into this command's output (docs/scale.md)", "I/N"}

int cmd_run(int argc, char **argv);
int cmd_asm(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_check_spec(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_vmm(int argc, char **argv);
int cmd_paravirt(int argc, char **argv);
int cmd_equiv(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Prints err (with "virtcheck: error: " when it names no file position),
 * frees it, and returns the exit code it maps to. */
int cli_fail(GError *err);

/* Parses options; on a usage error prints it and returns false. */
bool cli_parse(GOptionContext *ctx, int *argc, char ***argv, int want_min, int want_max,
               const char *args);

/* Writes text to path; false after printing "virtcheck: error: PATH: cannot
 * write: REASON" (the same words on every run). */
bool cli_write_file(const char *path, const char *text);
/* Whether path's directory can take the file: checked before a long run
 * whose result goes there; false after printing why, as above. */
bool cli_writable(const char *path);

/* --engine, --monitor and --format values; false (after printing why) on a
 * bad one. NULL is the default (smt, trap, text). */
bool cli_engine(const char *name, int *engine);
#define MONITOR_KINDS_HELP "trap (default), hybrid, translate, patch, paravirt or assist"
bool cli_monitor(const char *name, MonitorKind *kind);
bool cli_json(const char *format, bool *json);

/* The options of the commands that ask the engines (classify, equiv). */
#define CLI_ENGINE_OPTIONS(engine, timeout, max_states)                                        \
  {"engine", 'e', 0, G_OPTION_ARG_STRING, &(engine),                                           \
   "smt (default: Z3, for all states at the spec's widths), exhaustive (every state at the "  \
   "given parameters), or both (each query by both; any disagreement fails)", "ENGINE"},      \
  {"timeout", 0, 0, G_OPTION_ARG_INT, &(timeout),                                              \
   "SMT timeout per query in milliseconds (default " G_STRINGIFY(VC_DEFAULT_TIMEOUT_MS)           \
   "); a timeout is reported as unknown", \
   "MS"},                                                                                      \
  {"max-states", 0, 0, G_OPTION_ARG_INT64, &(max_states),                                      \
   "Exhaustive engine: at most N states per query (default "                                  \
   G_STRINGIFY(VC_DEFAULT_MAX_STATES) ")", "N"}

/* Budgets for a whole command: --time-limit SECONDS and --max-memory SIZE
 * (bytes, or with a K, M or G suffix: powers of 1024). */
#define CLI_TIME_OPTION(seconds)                                                               \
  {"time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &(seconds),                                        \
   "Stop after SECONDS in all: what was decided is printed, the rest is unknown (exit 3)",    \
   "SECONDS"}
#define CLI_MEMORY_OPTION(size)                                                                \
  {"max-memory", 0, 0, G_OPTION_ARG_STRING, &(size),                                           \
   "Lockstep exploration: at most SIZE bytes of states (K, M, G suffixes; default "           \
   G_STRINGIFY(VC_DEFAULT_MAX_MEMORY_MB) "M); reaching it stops at the last complete level, "  \
   "exit 3", "SIZE"}

/* The deadline for --time-limit (0: none) and the bytes for --max-memory
 * (NULL: the default); false (after printing why) on a bad value. */
bool cli_budget(double seconds, const char *size, gint64 *deadline, uint64_t *bytes);

/* --guest-base: CLI_UNSET means just above the monitor's trap vectors; a
 * negative value is refused (false, after printing why). */
#define CLI_UNSET G_MININT64
bool cli_guest_base(const Isa *isa, gint64 base, uint64_t *out);

/* An integer option's value within lo..hi (hi G_MAXINT64: no upper bound);
 * false after printing "--NAME V: expected ..." naming only this option. */
bool cli_range(const char *name, gint64 v, gint64 lo, gint64 hi);

/* Checks --timeout and --max-states; false (after printing why) if bad. */
bool cli_limits(int timeout, gint64 max_states);

/* The --param option every subcommand that loads a spec takes. */
#define CLI_PARAM_OPTION(var)                                                                  \
  {"param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &(var),                                         \
   "Override a spec parameter (repeatable)", "NAME=VALUE"}

#endif
