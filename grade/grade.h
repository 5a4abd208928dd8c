/* Grading (`virtcheck grade`): every check of an assignment on every
 * submission, each in a sandboxed child (sandbox.h), scored and explained
 * in plain words. The result depends on the inputs only: submissions are
 * ordered by path, and nothing measured (times, pids) reaches it. */
#ifndef VC_GRADE_H
#define VC_GRADE_H

#include "assignment.h"

typedef enum {
  GRADE_PASS,
  GRADE_FAIL,    /* wrong: no points, or part of them (classes) */
  GRADE_INVALID, /* the submission is malformed or missing a part: file:line says where */
  GRADE_LIMIT,   /* a limit stopped it (time, memory, an unknown SMT answer): no points */
  GRADE_CRASH,   /* the checker died on it: no points */
  GRADE_STATUSES
} GradeStatus;

extern const char *const grade_status_names[GRADE_STATUSES]; /* pass, fail, invalid, ... */

typedef struct {
  GradeStatus status;
  int64_t score;  /* thousandths of a point */
  char *summary;  /* one line */
  char *feedback; /* NULL, or lines that explain a failure */
} CheckResult;

typedef struct {
  char *path;
  CheckResult *check; /* per assignment check, in its order */
  int64_t score;
} Graded;

typedef struct {
  const Assignment *a;
  Graded *sub; /* ordered by path */
  unsigned n;
  bool limited; /* some check stopped at a limit (exit 3) */
} Grading;

/* One check of one submission: grade_check, or a stand-in (tests). */
typedef CheckResult (*GradeFn)(const Assignment *a, const char *submission, unsigned check);

/* Every check of every submission, each in its own sandboxed process
 * (check NULL: grade_check). */
Grading *grade_all(const Assignment *a, char *const *paths, unsigned n, unsigned jobs,
                   bool progress, GradeFn check);
void grading_free(Grading *g);

/* One check of one submission, in this process (the sandbox runs it). */
CheckResult grade_check(const Assignment *a, const char *submission, unsigned check);
void check_result_clear(CheckResult *r);

/* The outputs (grade_output.c): text, TAP, JUnit XML, JSON (schema
 * virtcheck-grade/1), CSV. Caller frees. */
char *grading_text(const Grading *g);
char *grading_tap(const Grading *g);
char *grading_junit(const Grading *g);
char *grading_json(const Grading *g);
char *grading_csv(const Grading *g);

#endif
