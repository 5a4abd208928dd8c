/* Equivalence of a monitor by one-step simulation (issue 5, section 2): for
 * each instruction, a virtual state V in which the host runs it directly on
 * f(V) without a trap, yet f(i(V)) differs from the host's result, is a
 * counterexample. None for any instruction means the diagram commutes for
 * every state, and so (by induction over steps) every program ends in the
 * same virtual state under the monitor as on the bare machine. */
#ifndef VC_EQUIV_H
#define VC_EQUIV_H

#include "classify.h"

typedef struct {
  EngineKind engine;
  bool hybrid;
  uint64_t base; /* the guest's region starts at this host word (all levels composed) */
  unsigned stack; /* monitors stacked, each under the next (Theorem 2); 1 alone */
  unsigned timeout_ms;
  uint64_t max_states;
} EquivOptions;

typedef enum { EQ_EQUIVALENT, EQ_COUNTEREXAMPLE, EQ_INCOMPLETE } EquivVerdict;
extern const char *const equiv_verdict_names[];

typedef struct {
  const Isa *isa;
  EquivOptions opt;
  Asked *asked; /* one simulation query per instruction, in spec order */
  EquivVerdict verdict;
  int first; /* the first instruction with a counterexample, or -1 */
} Equivalence;

Equivalence *equiv_check(const Isa *isa, const EquivOptions *opt, GError **err);
void equivalence_free(Equivalence *e);

/* The state components in which the monitor's result differs from the
 * bare machine's for a counterexample (NULL-terminated; free the array). */
const char **equiv_diverging(const Equivalence *e, unsigned insn);

/* The counterexample as an assembly program: the initial virtual state
 * (.init), the storage the witness fixes, and the instruction at pc. On it,
 * `virtcheck run --steps 1` and `virtcheck vmm --steps 1` part ways in the
 * diverging components. NULL without a counterexample; caller frees. */
char *equiv_program(const Equivalence *e, const char *spec);

#endif
