/* Everything the report says about one ISA, established once: the
 * classification and the monitors' equivalence by SMT at the spec's widths
 * (Theorem 2 as the trap monitor under a copy of itself), and the lockstep
 * exploration at a small instance for counterexamples and efficiency. */
#ifndef VC_STUDY_H
#define VC_STUDY_H

#include "equiv.h"

typedef struct {
  char *path;
  Isa *isa;
  Classification *cls;
  Equivalence *trap, *hybrid, *stacked; /* SMT */
  Isa *small;                           /* NULL: no instance fits (small_why) */
  Equivalence *walk[2];                 /* lockstep: trap, hybrid, at `small` */
  char *small_why;
} Study;

typedef struct {
  unsigned timeout_ms;
  unsigned depth;      /* lockstep programs */
  gint64 deadline;     /* g_get_monotonic_time() to stop at; 0: none */
  uint64_t max_memory; /* each lockstep exploration's bytes; 0: none */
} StudyOptions;

/* Whether a limit left some result unknown or incomplete. */
bool study_incomplete(const Study *s);

Study *study_run(const char *path, const char *const *params, const StudyOptions *opt,
                 GError **err);
void study_free(Study *s);

/* "trap-and-emulate" or "hybrid" monitor results, for loops over both. */
const Equivalence *study_smt(const Study *s, bool hybrid);

#endif

/* A theorem's verdict ("holds", "fails", "unknown") and why, in a sentence;
 * n is 1, 2 or 3. Caller frees reason. */
const char *study_theorem(const Study *s, int n, char **reason);

/* The lockstep efficiency of a monitor, as "74.5% of 46949" (instructions
 * run directly, of all the exploration ran) or "n/a"; caller frees. */
char *study_efficiency(const Study *s, bool hybrid);

/* A result in a word: "equivalent", "counterexample", "incomplete", "n/a". */
const char *study_verdict(const Equivalence *e);
