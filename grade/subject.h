/* What a check runs on (grade/checks.c): the check and its result being
 * built, the submission's parts found on disk, the specs loaded from them,
 * and the engines asked of them; every failure to load or to answer
 * becomes the result (invalid, limit or crash) with its reason. */
#ifndef VC_SUBJECT_H
#define VC_SUBJECT_H

#include "equiv.h"
#include "grade.h"

typedef struct {
  const Assignment *a;
  const Check *c;
  const char *sub; /* the submission's path */
  CheckResult r;
  GString *fb;     /* feedback lines */
} CheckRun;

/* Sets the result: a pass scores the check's points, anything else 0. */
void run_result(CheckRun *x, GradeStatus st, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* A GError from loading or checking as the result: the submission's fault
 * (invalid), a limit, or the checker's (crash). Frees err. */
void run_error(CheckRun *x, GError *err);

/* The submission's file for a part (NULL after setting the result). */
char *run_part(CheckRun *x, int part);

/* The base spec; the spec the checks run on (the submitted one, else the
 * base), with `more` NAME=VALUE parameters. NULL after setting the result. */
Isa *run_base_spec(CheckRun *x);
Isa *run_spec(CheckRun *x, char **more);

/* Classification by SMT, and a monitor's equivalence, under the
 * assignment's limits; NULL after setting the result. */
Classification *run_classify(CheckRun *x, const Isa *isa);
Equivalence *run_equivalence(CheckRun *x, const Isa *isa, MonitorKind kind, EngineKind engine,
                             unsigned stack, unsigned depth);

#endif
