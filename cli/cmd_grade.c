/* virtcheck grade: an assignment's checks on every submission, scored. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "grade.h"

int cmd_grade(int argc, char **argv)
{
  char *format = NULL;
  gint jobs = (gint)g_get_num_processors();
  GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
       "text (default), tap, junit (JUnit XML), json or csv", "FORMAT"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
       "Checks run at once, each in its own process (default: the number of cores); the "
       "output is the same for any number", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("ASSIGNMENT SUBMISSION...");
  g_option_context_set_summary(
      ctx, "Grade submissions (spec files, programs, classes files, or directories holding\n"
           "them) against an assignment: a key file naming the base spec and checks worth\n"
           "points (docs/grading.md). Each check runs in its own process under the\n"
           "assignment's time and memory limits: a submission that crashes the checker,\n"
           "loops or is malformed scores 0 on the checks it affects, with the reason, and\n"
           "the others are graded. Submissions are reported in the order of their paths.\n"
           "Exit 0 when grading completed (whatever the scores), 2 for a bad assignment or\n"
           "usage, 3 when a check stopped at a limit.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  static const char *const formats[] = {"text", "tap", "junit", "json", "csv"};
  static char *(*const writers[])(const Grading *) = {grading_text, grading_tap, grading_junit,
                                                      grading_json, grading_csv};
  int code = 2, fmt = 0;
  Assignment *a = NULL;
  GError *err = NULL;
  if (!cli_parse(ctx, &argc, &argv, 2, 100000, "ASSIGNMENT SUBMISSION..."))
    goto out;
  while (format && fmt < (int)G_N_ELEMENTS(formats) && strcmp(format, formats[fmt]))
    fmt++;
  if (fmt == (int)G_N_ELEMENTS(formats)) {
    fprintf(stderr, "virtcheck: error: --format %s: expected text, tap, junit, json or csv\n",
            format);
    goto out;
  }
  if (!cli_range("jobs", jobs, 1, 256))
    goto out;
  if (!(a = assignment_load(argv[1], &err))) {
    code = cli_fail(err);
    goto out;
  }
  Grading *g = grade_all(a, argv + 2, (unsigned)argc - 2, (unsigned)jobs, isatty(2), NULL);
  char *text = writers[fmt](g);
  fputs(text, stdout);
  g_free(text);
  code = g->limited ? 3 : 0;
  grading_free(g);
out:
  assignment_free(a);
  g_free(format);
  return code;
}
