/* Equivalence of a monitor by one-step simulation (issue 5, section 2): for
 * each instruction, a virtual state V in which the host runs it directly on
 * f(V) without a trap, yet f(i(V)) differs from the host's result, is a
 * counterexample. None for any instruction means the diagram commutes for
 * every state, and so (by induction over steps) every program ends in the
 * same virtual state under the monitor as on the bare machine. */
#ifndef VC_EQUIV_H
#define VC_EQUIV_H

#include "classify.h"
#include "lockstep.h"
#include "remedy.h"

/* ENGINE_SMT: one-step simulation by Z3, for all states at the spec's
 * widths. ENGINE_BOTH: the same query also by enumeration, cross-checked.
 * ENGINE_EXHAUSTIVE: the lockstep exploration of programs (lockstep.h),
 * driven by `walk` (its kind, stack and base are set from these options). */
typedef struct {
  EngineKind engine;
  MonitorKind monitor;
  /* translate, patch: what the monitor translates; NULL: derived here from
   * the classes by SMT (the equivalence then owns it) */
  const TranslationSet *ts;
  uint64_t base; /* the top guest's first word in its own host (as vmm --guest-base) */
  unsigned stack; /* monitors stacked, each under the next (Theorem 2); 1 alone */
  unsigned timeout_ms;
  uint64_t max_states;
  gint64 deadline; /* g_get_monotonic_time() to stop at; 0: none (the walk's too) */
  LockstepOptions walk;
} EquivOptions;

typedef struct {
  const Isa *isa;
  EquivOptions opt;
  Asked *asked; /* one simulation query per instruction, in spec order (not exhaustive) */
  Lockstep *walk; /* ENGINE_EXHAUSTIVE */
  Counterexample cex; /* the one-step counterexample, replayable */
  EquivVerdict verdict;
  int first; /* the first instruction with a one-step counterexample, or -1 */
  TranslationSet *owned_ts;
  const char *no_one_step; /* why the one-step query does not apply (patch), or NULL */
} Equivalence;

Equivalence *equiv_check(const Isa *isa, const EquivOptions *opt, GError **err);

/* The one-step simulation query for instruction `insn` under opt's monitor. */
Query equiv_query(const Isa *isa, const EquivOptions *opt, unsigned insn);
void equivalence_free(Equivalence *e);

/* The state components in which the monitor's result differs from the
 * bare machine's for a counterexample (NULL-terminated; free the array). */
const char **equiv_diverging(const Equivalence *e, unsigned insn);

/* The counterexample, by whichever engine found it; NULL without one. */
const Counterexample *equiv_counterexample(const Equivalence *e);

/* The counterexample as an assembly program: the initial virtual state
 * (.init), the storage it needs, and the program. On it, `virtcheck run
 * --steps N` and `virtcheck vmm --steps N` part ways in the diverging
 * components. NULL without a counterexample; caller frees. */
char *equiv_program(const Equivalence *e, const char *spec);

/* Replays the counterexample on both sides (lockstep.h). */
void equiv_replay(const Equivalence *e, Replay *r);

#endif
