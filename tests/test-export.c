/* Exports: the SMT-LIB scripts give any solver the answers virtcheck gets
 * from Z3, and the Promela model has exactly the states the explorer counts
 * (checked with SPIN when it is installed). */
#include <z3.h>

#include "classify.h"
#include "lockstep.h"
#include "promela.h"
#include "smt.h"
#include "smtlib.h"
#include "testutil.h"
#include "vmm.h"

/* Each exported script, run by a fresh Z3 from text, answers as smt_query. */
static void test_smtlib(void)
{
  const char *const params[] = {"word=8", "addr=4", "data=4", "mem=20", NULL};
  Isa *isa = load_scenario("pg-lra", params);
  GError *err = NULL;
  g_autofree char *text = smtlib_queries(isa, &err);
  g_assert_no_error(err);
  g_auto(GStrv) scripts = g_strsplit(text, "(reset)\n", -1);
  Query qs[CLASSIFY_MAX_QUERIES + 2];
  unsigned n = classify_queries(isa, qs);
  qs[n++] = (Query){.kind = Q_SIMULATION, .base = monitor_reserved(isa), .resource = -1};
  qs[n++] = (Query){.kind = Q_SIMULATION, .base = monitor_reserved(isa), .monitor = MON_HYBRID,
                    .resource = -1};
  g_assert_cmpuint(g_strv_length(scripts), ==, isa->ninsns * n + 1);
  Smt *smt = smt_new(0, &err);
  g_assert_no_error(err);
  unsigned sat = 0;
  for (unsigned i = 0; i < isa->ninsns; i++)
    for (unsigned k = 0; k < n; k++) {
      QueryResult r;
      g_assert_true(smt_query(smt, isa, i, &qs[k], &r, &err));
      Z3_config cfg = Z3_mk_config();
      Z3_context c = Z3_mk_context(cfg);
      Z3_del_config(cfg);
      const char *answer = Z3_eval_smtlib2_string(c, scripts[i * n + k]);
      g_assert_cmpstr(answer, ==, r.ans == ANS_YES ? "sat\n" : "unsat\n");
      sat += r.ans == ANS_YES;
      Z3_del_context(c);
      query_result_clear(&r);
    }
  g_assert_cmpuint(sat, >, 10); /* both answers occur */
  g_assert_true(g_str_has_prefix(scripts[n], "\n; store: user-run query, user mode\n"));
  smt_free(smt);
  isa_free(isa);
}

static const char *const small[] = {"word=6", "addr=2", "data=2", "mem=20", NULL};

static char *model(const Isa *isa, unsigned depth, GError **err)
{
  uint64_t *words;
  unsigned nwords;
  g_assert_true(lockstep_words(isa, 4, &words, &nwords, NULL));
  char *m = promela_model(isa, words, nwords, depth, err);
  g_free(words);
  return m;
}

static uint64_t explorer_states(const Isa *isa, unsigned depth)
{
  static const uint64_t supervisor = 0;
  LockstepOptions opt = {.depth = depth, .bare_only = true, .counted = true,
                         .operand_values = 4, .max_states = 10000000, .threads = 1};
  opt.init_values[VAR_MODE] = &supervisor;
  opt.ninit_values[VAR_MODE] = 1;
  Lockstep *l = lockstep_run(isa, &opt, NULL);
  uint64_t n = l->states;
  lockstep_free(l);
  return n;
}

static void test_promela_text(void)
{
  Isa *isa = load_scenario("pg-classic", small);
  g_autofree char *m = model(isa, 3, NULL);
  g_assert_true(g_str_has_prefix(m, "#define DEPTH 3\n#define FETCH_AT (v_reloc + v_pc)\n"));
  /* one alternative per instruction word, and one for a fetch that places none */
  g_auto(GStrv) lines = g_strsplit(m, "\n", -1);
  unsigned alternatives = 0;
  for (char **l = lines; *l; l++)
    alternatives += g_str_has_prefix(*l, ":: d_step {");
  g_assert_cmpuint(alternatives, ==, 43 + 1);
  g_assert_nonnull(strstr(m, "\nbit v_mode = 0;\nbyte v_pc = 0;\nbyte v_reloc = 0;\nbyte v_bound = 3;\n"
                             "byte v_acc = 0;\nbit v_eq = 0;\nbit halted = 0;\nbyte cnt = 0;\n"
                             "byte mem[20];\nbit fixed[20];\n"));
  isa_free(isa);

  const char *const wide[] = {"word=32", NULL};
  isa = load_scenario("pg-classic", wide);
  GError *err = NULL;
  g_assert_null(model(isa, 3, &err));
  g_assert_cmpstr(err->message, ==, "pg-classic: the Promela model needs values of at most 15 "
                                    "bits (Promela's int) and at most 4096 storage words; this "
                                    "instance has 32 bits and 64 words: choose a smaller one with "
                                    "--param");
  g_clear_error(&err);
  isa_free(isa);
}

static bool sh(const char *dir, const char *cmd, char **out)
{
  g_autofree char *full = g_strdup_printf("sh -c 'cd %s && %s'", dir, cmd);
  gint status;
  return g_spawn_command_line_sync(full, out, NULL, &status, NULL) && status == 0;
}

/* SPIN explores the exported model and stores exactly the explorer's states. */
static void test_promela_spin(void)
{
  g_autofree char *spin = g_find_program_in_path("spin");
  if (!spin) {
    g_test_skip("SPIN is not installed (apt-get install spin)");
    return;
  }
  Isa *isa = load_scenario("pg-classic", small);
  g_autofree char *m = model(isa, 4, NULL);
  g_autofree char *dir = g_dir_make_tmp("vc-test-spin-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "m.pml", NULL);
  g_assert_true(g_file_set_contents(path, m, -1, NULL));
  g_autofree char *out = NULL;
  g_assert_true(sh(dir, "spin -a m.pml >/dev/null && cc -O1 -DSAFETY -DNOREDUCE -o pan pan.c", NULL));
  g_assert_true(sh(dir, "./pan -m1000 -w20", &out));
  g_autofree char *expect = g_strdup_printf(" %" G_GUINT64_FORMAT " states, stored\n",
                                            explorer_states(isa, 4));
  g_assert_nonnull(strstr(out, expect));
  g_assert_nonnull(strstr(out, "errors: 0"));
  g_autofree char *rm = g_strdup_printf("rm -rf %s", dir);
  g_assert_true(sh("/", rm, NULL));
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/export/smtlib-answers-as-z3", test_smtlib);
  g_test_add_func("/export/promela-model", test_promela_text);
  g_test_add_func("/export/promela-spin-same-states", test_promela_spin);
  return g_test_run();
}
