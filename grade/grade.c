#include "grade.h"

#include <stdio.h>
#include <string.h>

#include "sandbox.h"

const char *const grade_status_names[GRADE_STATUSES] = {"pass", "fail", "invalid", "limit",
                                                        "crash"};

void check_result_clear(CheckResult *r)
{
  g_free(r->summary);
  g_free(r->feedback);
  memset(r, 0, sizeof *r);
}

typedef struct {
  const Assignment *a;
  char *const *paths; /* sorted */
  bool progress;
  GradeFn check;
} Batch;

/* In the child: "STATUS SCORE\nSUMMARY\nFEEDBACK". */
static char *run_task(unsigned task, void *data)
{
  const Batch *b = data;
  unsigned n = b->a->nchecks;
  CheckResult r = b->check(b->a, b->paths[task / n], task % n);
  g_strdelimit(r.summary, "\n", ' ');
  char *text = g_strdup_printf("%d %" G_GINT64_FORMAT "\n%s\n%s", (int)r.status, r.score,
                               r.summary, r.feedback ? r.feedback : "");
  check_result_clear(&r);
  return text;
}

static CheckResult parse_task(const SandboxResult *s, const Check *c)
{
  CheckResult r = {GRADE_CRASH, 0, NULL, NULL};
  if (s->end != SANDBOX_DONE) {
    r.status = s->end == SANDBOX_CRASHED ? GRADE_CRASH : GRADE_LIMIT;
    r.summary = g_strdup_printf("no points: the check %s", s->why);
    return r;
  }
  int status;
  gint64 score;
  int used = 0;
  if (sscanf(s->text, "%d %" G_GINT64_FORMAT "\n%n", &status, &score, &used) < 2 || !used ||
      status < 0 || status >= GRADE_STATUSES || score < 0 || score > c->points) {
    r.summary = g_strdup("no points: the check returned no result");
    return r;
  }
  const char *rest = s->text + used, *nl = strchr(rest, '\n');
  r.status = (GradeStatus)status;
  r.score = score;
  r.summary = nl ? g_strndup(rest, (gsize)(nl - rest)) : g_strdup(rest);
  if (nl && nl[1])
    r.feedback = g_strdup(nl + 1);
  return r;
}

static void on_done(unsigned task, unsigned ended, unsigned n, void *data)
{
  const Batch *b = data;
  (void)task;
  if (b->progress)
    fprintf(stderr, "\rvirtcheck: graded %u of %u checks", ended, n);
  if (b->progress && ended == n)
    fprintf(stderr, "\n");
}

static int by_path(const void *x, const void *y)
{
  return strcmp(*(char *const *)x, *(char *const *)y);
}

Grading *grade_all(const Assignment *a, char *const *paths, unsigned n, unsigned jobs,
                   bool progress, GradeFn check)
{
  char **sorted = g_new(char *, n + 1);
  memcpy(sorted, paths, n * sizeof *paths);
  qsort(sorted, n, sizeof *sorted, by_path);
  Batch b = {a, sorted, progress, check ? check : grade_check};
  unsigned tasks = n * a->nchecks;
  SandboxResult *res = g_new0(SandboxResult, tasks);
  SandboxLimits lim = {a->time_limit, a->memory_limit};
  sandbox_run(tasks, jobs, &lim, run_task, on_done, &b, res);
  Grading *g = g_new0(Grading, 1);
  g->a = a;
  g->n = n;
  g->sub = g_new0(Graded, n);
  for (unsigned s = 0; s < n; s++) {
    Graded *gs = &g->sub[s];
    gs->path = g_strdup(sorted[s]);
    gs->check = g_new0(CheckResult, a->nchecks);
    for (unsigned c = 0; c < a->nchecks; c++) {
      SandboxResult *r = &res[s * a->nchecks + c];
      gs->check[c] = parse_task(r, &a->checks[c]);
      gs->score += gs->check[c].score;
      g->limited |= gs->check[c].status == GRADE_LIMIT;
      sandbox_result_clear(r);
    }
  }
  g_free(res);
  g_free(sorted);
  return g;
}

void grading_free(Grading *g)
{
  if (!g)
    return;
  for (unsigned s = 0; s < g->n; s++) {
    for (unsigned c = 0; c < g->a->nchecks; c++)
      check_result_clear(&g->sub[s].check[c]);
    g_free(g->sub[s].check);
    g_free(g->sub[s].path);
  }
  g_free(g->sub);
  g_free(g);
}
