/* Grading's parts: the sandbox (a task that crashes, loops or runs out of
 * memory ends as a result, and the others run), the .expect parser's
 * errors, the spec comparison behind "at most N instructions changed", and
 * points as people read them. */
#include <signal.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "expect.h"
#include "grade.h"
#include "isa_diff.h"
#include "sandbox.h"
#include "testutil.h"

enum { T_OK, T_ABORT, T_LOOP, T_HUGE, T_EXIT, T_OK2, T_TASKS };

static char *task(unsigned t, void *ctx)
{
  (void)ctx;
  switch (t) {
  case T_ABORT:
    abort();
  case T_LOOP:
    for (volatile unsigned long i = 0;; i++)
      ;
  case T_HUGE: {
    char *p = g_malloc((gsize)1 << 33); /* 8 GiB against a 256 MiB limit */
    p[0] = 1;
    return g_strdup(p);
  }
  case T_EXIT:
    exit(7);
  default:
    return g_strdup_printf("task %u", t);
  }
}

static void count_done(unsigned t, unsigned ended, unsigned n, void *ctx)
{
  (void)t;
  g_assert_cmpuint(n, ==, T_TASKS);
  *(unsigned *)ctx = ended;
}

static void test_sandbox(void)
{
  for (unsigned jobs = 1; jobs <= 3; jobs += 2) {
    SandboxResult r[T_TASKS];
    SandboxLimits lim = {0.5, 256u << 20};
    unsigned ended = 0;
    sandbox_run(T_TASKS, jobs, &lim, task, count_done, &ended, r);
    g_assert_cmpuint(ended, ==, T_TASKS);
    g_assert_cmpint(r[T_OK].end, ==, SANDBOX_DONE);
    g_assert_cmpstr(r[T_OK].text, ==, "task 0");
    g_assert_cmpint(r[T_OK2].end, ==, SANDBOX_DONE);
    g_assert_cmpstr(r[T_OK2].text, ==, "task 5");
    g_assert_cmpint(r[T_ABORT].end, ==, SANDBOX_CRASHED);
    g_assert_cmpstr(r[T_ABORT].why, ==, "crashed: killed by signal 6 (Aborted)");
    g_assert_cmpint(r[T_EXIT].end, ==, SANDBOX_CRASHED);
    g_assert_cmpstr(r[T_EXIT].why, ==, "crashed: exited with status 7 without a result");
    g_assert_cmpint(r[T_LOOP].end, ==, SANDBOX_TIME);
    g_assert_cmpstr(r[T_LOOP].why, ==, "stopped at the time limit of 0.5 s");
    if (sandbox_limits_memory()) {
      g_assert_cmpint(r[T_HUGE].end, ==, SANDBOX_MEMORY);
      g_assert_cmpstr(r[T_HUGE].why, ==, "ran out of memory at the limit of 256 MiB");
    }
    for (unsigned t = 0; t < T_TASKS; t++)
      sandbox_result_clear(&r[t]);
  }
}

/* A stand-in for the checker that crashes on one submission and loops on
 * another: the batch goes on, each scores 0 there with the reason. */
static CheckResult misbehave(const Assignment *a, const char *sub, unsigned check)
{
  if (g_str_has_suffix(sub, "crashes") && check == 0)
    abort();
  if (g_str_has_suffix(sub, "loops") && check == 1)
    for (volatile unsigned long i = 0;; i++)
      ;
  return (CheckResult){GRADE_PASS, a->checks[check].points, g_strdup("fine"), NULL};
}

static void test_batch_survives(void)
{
  g_autofree char *dir = g_dir_make_tmp("vc-grade-XXXXXX", NULL);
  g_autofree char *ini = g_build_filename(dir, "a.ini", NULL);
  g_autofree char *cwd = g_get_current_dir();
  g_autofree char *base = g_build_filename(cwd, "scenarios/pdp10.isa", NULL);
  g_autofree char *text = g_strdup_printf("[assignment]\ntitle = t\nbase = %s\nsubmission = spec\n"
                                          "time-limit = 0.5\n[check one]\nkind = encodings\n"
                                          "points = 2\n[check two]\nkind = changed\nat-most = 1\n"
                                          "points = 3\n", base);
  g_assert_true(g_file_set_contents(ini, text, -1, NULL));
  GError *err = NULL;
  Assignment *a = assignment_load(ini, &err);
  g_assert_no_error(err);
  char *subs[] = {"s/loops", "s/fine", "s/crashes"};
  for (unsigned jobs = 1; jobs <= 3; jobs += 2) {
    Grading *g = grade_all(a, subs, 3, jobs, false, misbehave);
    g_assert_cmpstr(g->sub[0].path, ==, "s/crashes"); /* ordered by path */
    g_assert_cmpint(g->sub[0].check[0].status, ==, GRADE_CRASH);
    g_assert_cmpstr(g->sub[0].check[0].summary, ==,
                    "no points: the check crashed: killed by signal 6 (Aborted)");
    g_assert_cmpint(g->sub[0].check[1].status, ==, GRADE_PASS);
    g_assert_cmpint(g->sub[0].score, ==, 3000);
    g_assert_cmpint(g->sub[1].score, ==, 5000);
    g_assert_cmpint(g->sub[2].check[1].status, ==, GRADE_LIMIT);
    g_assert_cmpstr(g->sub[2].check[1].summary, ==,
                    "no points: the check stopped at the time limit of 0.5 s");
    g_assert_cmpint(g->sub[2].score, ==, 2000);
    g_assert_true(g->limited);
    g_autofree char *csv = grading_csv(g);
    g_assert_cmpstr(csv, ==, "submission,score,points,one,two,status\r\n"
                             "s/crashes,3,5,0,3,crash\r\n"
                             "s/fine,5,5,2,3,graded\r\n"
                             "s/loops,2,5,2,0,limit\r\n");
    grading_free(g);
  }
  assignment_free(a);
  g_remove(ini);
  g_rmdir(dir);
}

static void test_points(void)
{
  const struct {
    int64_t milli;
    const char *text;
  } cases[] = {{0, "0"}, {1000, "1"}, {2500, "2.5"}, {1714, "1.714"}, {12000, "12"}, {50, "0.05"}};
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *t = points_text(cases[i].milli);
    g_assert_cmpstr(t, ==, cases[i].text);
  }
}

static void expect_error(const char *text, const char *want)
{
  Isa *isa = load_scenario("pdp10", NULL);
  GError *err = NULL;
  g_assert_null(expect_parse("c.expect", text, isa, &err));
  g_assert_cmpstr(err->message, ==, want);
  g_error_free(err);
  isa_free(isa);
}

static void test_expect(void)
{
  Isa *isa = load_scenario("pdp10", NULL);
  GError *err = NULL;
  Expect *e = expect_parse("c.expect", "# hand-made\nprivileged  datao\thalt\r\ncritical\n"
                                       "theorem1 fails\n", isa, &err);
  g_assert_no_error(err);
  g_assert_true(expect_lists(e->sets[0], "halt") && expect_lists(e->sets[0], "datao"));
  g_assert_false(expect_lists(e->sets[0], "datai"));
  g_assert_nonnull(e->sets[3]);
  g_assert_null(e->sets[3][0]);
  g_assert_null(e->sets[1]);
  g_assert_cmpint(e->theorem[1], ==, TRI_NO);
  g_assert_cmpint(e->theorem[3], ==, TRI_UNKNOWN);
  expect_free(e);
  isa_free(isa);
  expect_error("privileged datao halt jrst2\n",
               "c.expect:1:23: error: pdp10 has no instruction 'jrst2'; expected one of its "
               "instruction names");
  expect_error("\ncritical jrst1 jrst1\n", "c.expect:2:16: error: 'jrst1' is listed twice");
  expect_error("sensitive\nsensitive jrst1\n", "c.expect:2:1: error: 'sensitive' is given twice");
  /* the fuzzer's find: a repeated list leaked the first */
  expect_error("extension_exits halt\nextension_exits halt\n",
               "c.expect:2:1: error: 'extension_exits' is given twice");
  expect_error("theorem1 holds\ntheorem1 fails\n", "c.expect:2:1: error: 'theorem1' is given twice");
  expect_error("theorem3 perhaps\n",
               "c.expect:1:10: error: expected 'holds' or 'fails', found 'perhaps'");
  expect_error("priviledged halt\n",
               "c.expect:1:1: error: expected privileged, sensitive, user_sensitive, critical, "
               "theorem1, theorem3, instance, lockstep, variant, extension_exits or "
               "theorem1_ext, found 'priviledged'");
}

static Isa *pdp10_edited(const char *from, const char *to)
{
  g_autofree char *src = NULL;
  g_assert_true(g_file_get_contents("scenarios/pdp10.isa", &src, NULL, NULL));
  g_assert_nonnull(strstr(src, from));
  g_auto(GStrv) parts = g_strsplit(src, from, 2);
  g_autofree char *edited = g_strjoin(to, parts[0], parts[1], NULL);
  GError *err = NULL;
  Isa *isa = isa_load_string("e.isa", edited, strlen(edited), NULL, &err);
  g_assert_no_error(err);
  return isa;
}

static void assert_diff(const Isa *base, const Isa *changed, const char *want)
{
  IsaDiff *d = isa_diff(base, changed);
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < d->ninsns; i++) {
    g_autofree char *t = insn_change_text(&d->insn[i]);
    g_string_append_printf(s, "%s; ", t);
  }
  for (char **m = d->machine; *m; m++)
    g_string_append_printf(s, "%s; ", *m);
  g_assert_cmpstr(s->str, ==, want);
  g_string_free(s, TRUE);
  isa_diff_free(d);
}

static void test_isa_diff(void)
{
  Isa *base = load_scenario("pdp10", NULL);
  struct {
    const char *from, *to, *want;
  } cases[] = {
      /* layout and comments are not changes */
      {"insn move a   when op == 0 { ac := mem[a][data-1:0]; }",
       "insn move a when op == 0 {\n  ac := mem[a][data-1:0];  # reformatted\n}", ""},
      {"{ mode := user; pc := a; }",
       "{ if mode != exec { trap privilege; } mode := user; pc := a; }", "jrst1: its semantics; "},
      {"insn jrst1 a  when op == 5", "insn jrst1 a  when op == 10", "jrst1: its encoding; "},
      {"insn muuo     when op == 9 && a == 0 { trap syscall; }", "",
       "muuo: removed; "},
      {"insn muuo", "insn uuo", "muuo: removed; uuo: added; "},
      {"reg ac  : data;", "reg ac  : data resource;", "register ac: now a resource; "},
      {"vector * old 0 new 4;", "vector * old 0 new 8;",
       "the privilege trap's vector; the memory trap's vector; the illegal trap's vector; "
       "the syscall trap's vector; "},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    Isa *changed = pdp10_edited(cases[i].from, cases[i].to);
    assert_diff(base, changed, cases[i].want);
    isa_free(changed);
  }
  isa_free(base);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/grade/sandbox", test_sandbox);
  g_test_add_func("/grade/batch-survives", test_batch_survives);
  g_test_add_func("/grade/points", test_points);
  g_test_add_func("/grade/expect", test_expect);
  g_test_add_func("/grade/isa-diff", test_isa_diff);
  return g_test_run();
}
