/* virtcheck report: every result about one or more ISAs, in documents for
 * people (HTML, Markdown) and machines (JSON). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ledger.h"
#include "doc.h"

static bool write_file(const char *dir, const char *name, char *text)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  bool ok = cli_write_file(path, text);
  g_free(text);
  return ok;
}

int cmd_report(int argc, char **argv)
{
  char **params = NULL, *format = NULL, *dir = NULL, *index = NULL, *where = NULL;
  char *max_memory = NULL, **instance = NULL;
  gint timeout = VC_DEFAULT_TIMEOUT_MS, depth = 3;
  double time_limit = 0;
  g_autofree char *shard = NULL; /* taken out before parsing (cli_run_sharded) */
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, "The directory to write (required)", "DIR"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "html (default), md or json", "FORMAT"},
      {"depth", 'k', 0, G_OPTION_ARG_INT, &depth,
       "Lockstep exploration: programs of up to K instructions (default 3)", "K"},
      {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
       "SMT timeout per query in milliseconds (default " G_STRINGIFY(VC_DEFAULT_TIMEOUT_MS) ")",
       "MS"},
      CLI_TIME_OPTION(time_limit),
      CLI_MEMORY_OPTION(max_memory),
      {"instance", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &instance,
       "The lockstep runs' parameter NAME=VALUE (repeatable; default: the least of word=11 or "
       "12, addr=6, data=2 and mem 12..24 that fits)", "NAME=VALUE"},
      CLI_PARAM_OPTION(params),
      CLI_SHARD_OPTION(shard),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC...");
  g_option_context_set_summary(
      ctx, "Write a report on each SPEC and an index comparing them into DIR: the\n"
           "classification, the instruction sets (an Euler diagram in HTML), Theorems 1, 2\n"
           "and 3 with their reasons, every counterexample as side-by-side traces, the\n"
           "monitors' efficiency, and how each result was established. Classes and\n"
           "equivalence by SMT at the spec's widths (--param); counterexamples and\n"
           "efficiency also by lockstep exploration at a small instance.\n"
           "Exit 0, 2 bad input, 3 a limit left results unknown or incomplete (the\n"
           "reports say which), 4 internal error.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  GPtrArray *studies = g_ptr_array_new_with_free_func((GDestroyNotify)study_free);
  GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  if (!cli_parse(ctx, &argc, &argv, 1, 64, "SPEC..."))
    goto out;
  const char *ext = !format ? "html" : format;
  if (strcmp(ext, "html") && strcmp(ext, "md") && strcmp(ext, "json")) {
    fprintf(stderr, "virtcheck: error: --format %s: expected html, md or json\n", ext);
    goto out;
  }
  if (!dir) {
    fprintf(stderr, "virtcheck: error: expected -o DIR\n");
    goto out;
  }
  if (!cli_range("depth", depth, 1, VC_MAX_REPORT_DEPTH) ||
      !cli_range("timeout", timeout, 0, G_MAXINT))
    goto out;
  StudyOptions so = {(unsigned)timeout, (unsigned)depth, 0, 0, (const char *const *)instance};
  if (!cli_budget(time_limit, max_memory, &so.deadline, &so.max_memory))
    goto out;
  bool incomplete = false;
  for (int i = 1; i < argc; i++) {
    if (isatty(2))
      fprintf(stderr, "virtcheck: studying %s (%d of %d)\n", argv[i], i, argc - 1);
    GError *err = NULL;
    Study *st = study_run(argv[i], (const char *const *)params, &so, &err);
    if (!st) {
      code = cli_fail(err);
      goto out;
    }
    g_ptr_array_add(studies, st);
    incomplete |= study_incomplete(st);
    char *name = doc_name(st, ext);
    if (!g_hash_table_add(names, name) || !strcmp(name, "index.html") ||
        !strcmp(name, "index.md") || !strcmp(name, "index.json")) {
      fprintf(stderr, "virtcheck: error: %s: its report would be %s, like another's\n", argv[i],
              name);
      goto out;
    }
  }
  if (ledger_mode() == LEDGER_SHARD) { /* the merge writes the reports */
    code = 0;
    goto out;
  }
  if (g_mkdir_with_parents(dir, 0777) != 0) {
    fprintf(stderr, "virtcheck: error: %s: %s\n", dir, g_strerror(errno));
    goto out;
  }
  Study *const *s = (Study *const *)studies->pdata;
  unsigned n = studies->len;
  bool html = !strcmp(ext, "html"), md = !strcmp(ext, "md");
  for (unsigned i = 0; i < n; i++) {
    char *name = doc_name(s[i], ext);
    bool ok = write_file(dir, name, html ? doc_html(s[i]) : md ? doc_md(s[i]) : doc_json(s[i]));
    g_free(name);
    if (!ok)
      goto out;
  }
  index = g_strdup_printf("index.%s", ext);
  if (!write_file(dir, index, html ? doc_index_html(s, n) : md ? doc_index_md(s, n)
                                                             : doc_index_json(s, n)))
    goto out;
  where = g_build_filename(dir, index, NULL);
  printf("%s\n", where);
  code = incomplete ? 3 : 0;
out:
  g_free(index);
  g_free(where);
  g_hash_table_unref(names);
  g_ptr_array_unref(studies);
  g_strfreev(params);
  g_strfreev(instance);
  g_free(format);
  g_free(dir);
  g_free(max_memory);
  return code;
}
