/* An assignment (`virtcheck grade`, docs/grading.md): a GLib key file that
 * names the base spec, what a submission holds, the limits each check runs
 * under, and checks worth points. Loading it checks every key, so that a
 * typo is an error naming file:line, not a check that silently passes. */
#ifndef VC_ASSIGNMENT_H
#define VC_ASSIGNMENT_H

#include "expect.h"
#include "fmap.h"

typedef enum {
  CHECK_THEOREM,     /* Theorem 1, 2 or 3 holds (or fails) for the submitted spec */
  CHECK_EQUIVALENCE, /* a monitor is equivalent to the bare machine (or is not) */
  CHECK_CLASSES,     /* a classes file (.expect format) against the derived classes */
  CHECK_CHANGED,     /* at most N instructions changed against the base */
  CHECK_ENCODINGS,   /* every base instruction keeps its encoding */
  CHECK_GUEST,       /* a guest program's final state, bare or under a monitor */
  CHECK_KINDS
} CheckKind;

extern const char *const check_kind_names[CHECK_KINDS];

/* What a submission holds: a file of one kind, or a directory of several. */
enum { SUBMITS_SPEC = 1, SUBMITS_PROGRAM = 2, SUBMITS_CLASSES = 4 };
enum { PART_SPEC, PART_PROGRAM, PART_CLASSES, PARTS };
extern const char *const part_names[PARTS];     /* spec, program, classes */
extern const char *const part_suffixes[PARTS];  /* .isa, .s, .expect */

#define GUEST_BARE (-1)

typedef struct {
  char *name, *title;
  CheckKind kind;
  int64_t points; /* in thousandths of a point */
  int line;       /* of its group header */
  /* theorem */
  int theorem;
  bool holds;
  /* equivalence; guest (monitor GUEST_BARE: the bare machine) */
  int monitor;
  EngineKind engine;
  unsigned depth, stack;
  char **instance; /* lockstep parameters; NULL: the spec's */
  bool equivalent;
  /* classes */
  bool sets[EXPECT_SETS], theorems[4];
  /* changed */
  unsigned at_most;
  /* guest */
  char *program; /* the assignment's own program; NULL: the submission's */
  uint64_t steps;
  bool halts, same_as_bare;
  char **expect; /* NAME=VALUE: a register, E[ADDRESS] or halted */
} Check;

typedef struct {
  char *file, *title;
  char *base;    /* the base spec's path (relative to the assignment's directory) */
  char **params; /* NAME=VALUE for every spec loaded */
  unsigned submits;
  char *part_file[PARTS]; /* a part's name in a submission directory; NULL: the one *.SUFFIX */
  double time_limit;      /* seconds per check, wall clock */
  uint64_t memory_limit;  /* bytes per check */
  unsigned timeout_ms;    /* per SMT query */
  Check *checks;
  unsigned nchecks;
  int64_t points; /* the checks' sum, thousandths */
} Assignment;

/* Loads and checks an assignment; errors are "file:line:col: error: ..."
 * (exit 2). The base spec must load. */
Assignment *assignment_load(const char *path, GError **err);
void assignment_free(Assignment *a);

/* What a final-state name refers to: a register's index, or one of these
 * (E[ADDRESS] sets *addr; the address is not checked against the size). */
enum { STATE_NONE = -1, STATE_HALTED = -2, STATE_STORAGE = -3 };
int state_ref(const Isa *isa, const char *name, uint64_t *addr);

/* "3", "2.5", "0.333": thousandths of a point for people (caller frees). */
char *points_text(int64_t milli);

#endif
