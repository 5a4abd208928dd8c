/* Everything the report says about one ISA, established once: the
 * classification; each monitor kind's equivalence by one-step simulation
 * (SMT, at the spec's widths) and by the lockstep exploration at a small
 * instance; Theorem 2 as the trap monitor under a copy of itself; and, for
 * paravirtualization, the bundled guest OS rewritten and checked. */
#ifndef VC_STUDY_H
#define VC_STUDY_H

#include "equiv.h"
#include "paravirt.h"

typedef struct {
  char *path;
  Isa *isa;
  Classification *cls;
  Equivalence *smt[MON_KINDS]; /* NULL: the kind does not apply (na) or no room */
  Equivalence *stacked;        /* trap under trap, SMT */
  Isa *small;                  /* NULL: no instance fits (small_why) */
  Equivalence *walk[MON_KINDS]; /* lockstep at `small` */
  char *small_why;
  char *na[MON_KINDS];          /* why a kind does not apply, or NULL */
  TranslationSet *ts, *small_ts;
  /* paravirt: the bundled guest OS (scenarios/NAME/guest-os.s), rewritten */
  char *guest_os;
  Rewrite *rewrite;
  ParavirtCheck *para;
} Study;

typedef struct {
  unsigned timeout_ms;
  unsigned depth;      /* lockstep programs */
  gint64 deadline;     /* g_get_monotonic_time() to stop at; 0: none */
  uint64_t max_memory; /* each lockstep exploration's bytes; 0: none */
  const char *const *instance; /* the lockstep runs' --param values; NULL: the least that fits */
} StudyOptions;

/* Whether a limit left some result unknown or incomplete. */
bool study_incomplete(const Study *s);

Study *study_run(const char *path, const char *const *params, const StudyOptions *opt,
                 GError **err);
void study_free(Study *s);

/* A theorem's verdict ("holds", "fails", "unknown") and why, in a sentence;
 * n is 1, 2 or 3. Caller frees reason. */
const char *study_theorem(const Study *s, int n, char **reason);

/* A kind's share of guest instructions run directly in its lockstep
 * exploration (paravirt: the guest OS's run), and of how many; false when
 * none ran. */
bool study_direct(const Study *s, MonitorKind kind, double *share, uint64_t *of);

/* A monitor kind's lockstep efficiency, as "74.5% of 46949" (instructions
 * run directly, of all the exploration ran; paravirt: of the guest OS's
 * run) or "n/a"; caller frees. */
char *study_efficiency(const Study *s, MonitorKind kind);

/* A monitor kind's verdict in a word, both engines together:
 * "counterexample" if either found one, "equivalent" if the one that
 * applies proved it (paravirt: the guest OS ends as on the bare machine),
 * "incomplete", or "n/a". */
const char *study_monitor(const Study *s, MonitorKind kind);

/* The index's cell for a kind: "equivalent, 74.5% direct", "counterexample"
 * or "n/a"; caller frees. */
char *study_cell(const Study *s, MonitorKind kind);

/* A counterexample's heading: "Hybrid monitor" SEP " one-step simulation
 * (SMT)", or "... lockstep exploration at word=11 ..."; caller frees. */
char *study_cex_title(const Study *s, MonitorKind kind, bool lockstep, const char *sep);

/* A result in a word: "equivalent", "counterexample", "incomplete", "n/a". */
const char *study_verdict(const Equivalence *e);

#endif
