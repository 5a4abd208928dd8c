/* Sharded runs (docs/scale.md): `COMMAND ... --shard I/N` prints a partial
 * result in place of the command's output; `merge PART...` replays the
 * command line with every piece of work taken from the parts (ledger.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ledger.h"

/* --shard I/N or --shard=I/N, taken out of argv; NULL when absent, and
 * *missing when --shard ends the line. */
static const char *take_shard(int *argc, char **argv, bool *missing)
{
  for (int i = 1; i < *argc; i++) {
    const char *value = NULL;
    int drop = 0;
    if (!strcmp(argv[i], "--"))
      break;
    if (!strcmp(argv[i], "--shard")) {
      if (i + 1 == *argc) {
        *missing = true;
        return NULL;
      }
      value = argv[i + 1], drop = 2;
    } else if (g_str_has_prefix(argv[i], "--shard=")) {
      value = argv[i] + strlen("--shard="), drop = 1;
    }
    if (value) {
      memmove(argv + i, argv + i + drop, (size_t)(*argc - i - drop + 1) * sizeof *argv);
      *argc -= drop;
      return value;
    }
  }
  return NULL;
}

int cli_run_sharded(const Command *c, int argc, char **argv)
{
  bool missing = false;
  g_autofree char **args = g_new0(char *, argc + 1);
  memcpy(args, argv, (size_t)argc * sizeof *argv);
  const char *shard = take_shard(&argc, args, &missing);
  if (missing) {
    fprintf(stderr, "virtcheck: error: --shard: expected I/N (see --help)\n");
    return 2;
  }
  if (!shard)
    return c->main(argc, args);
  unsigned index, count;
  GError *err = NULL;
  if (!ledger_parse_shard(shard, &index, &count, &err))
    return cli_fail(err);
  ledger_start_shard(index, count, c->name, args + 1);
  /* the command's own output would be partial: the part replaces it */
  fflush(stdout);
  int out = dup(1);
  FILE *null = fopen("/dev/null", "w");
  if (out < 0 || !null || dup2(fileno(null), 1) < 0) {
    fprintf(stderr, "virtcheck: error: --shard: cannot set stdout aside\n");
    return 4;
  }
  fclose(null);
  int code = c->main(argc, args);
  fflush(stdout);
  dup2(out, 1);
  close(out);
  if (code == VC_EXIT_INPUT || code == VC_EXIT_INTERNAL)
    return code; /* it said why on stderr */
  g_autofree char *part = ledger_partial();
  fputs(part, stdout);
  return fflush(stdout) == 0 ? 0 : 4;
}

int cmd_merge(int argc, char **argv)
{
  GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("PART...");
  g_option_context_set_summary(
      ctx, "Combine the partial results of a sharded run into exactly the output the\n"
           "unsharded command gives. Each part is the standard output of one\n"
           "'virtcheck COMMAND ... --shard I/N' (I = 0..N-1; classify, equiv and report\n"
           "shard). Run merge where the shards ran, with the same files: it replays the\n"
           "command line the parts record, taking every query's answer and every\n"
           "lockstep walk's share from them (each witness is replayed again), and exits\n"
           "as the command would. docs/scale.md shows GNU parallel, Slurm and Kubernetes.\n"
           "Exit: the command's; 2 when a part is missing, repeated, from another run, or\n"
           "an input file changed since.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!cli_parse(ctx, &argc, &argv, 1, 1024, "PART..."))
    return 2;
  char *command = NULL, **args = NULL;
  GError *err = NULL;
  if (!ledger_start_merge(argv + 1, (unsigned)argc - 1, &command, &args, &err))
    return cli_fail(err);
  const Command *c = cli_command(command);
  int code;
  if (!c || !c->shards) {
    fprintf(stderr, "virtcheck: error: merge: '%s' is not a command that shards\n", command);
    code = 2;
  } else {
    g_autofree char *prg = g_strdup_printf("virtcheck %s", c->name);
    g_set_prgname(prg);
    guint n = g_strv_length(args);
    g_autofree char **cargv = g_new0(char *, n + 2);
    cargv[0] = command;
    memcpy(cargv + 1, args, n * sizeof *args);
    code = c->main((int)n + 1, cargv);
  }
  g_free(command);
  g_strfreev(args);
  return code;
}
