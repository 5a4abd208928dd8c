/* Exhaustive lockstep exploration (issue 5, section 1). From every initial
 * virtual state in a finite domain, every guest program of up to `depth`
 * instructions runs on the bare machine and under the monitor side by side;
 * the virtual states are compared after every instruction, and resource
 * control is checked on the host.
 *
 * The program is placed in storage lazily: when the pc reaches a word no
 * instruction has read or written yet, the explorer branches over every
 * instruction word in the domain and puts it there. So each path is one
 * program, replayable as an ordinary storage image. Breadth-first over
 * virtual states with a visited set (a state where bare and monitored agree
 * is one state), so the first counterexample is a shortest one; the one
 * reported is the least such path in enumeration order (initial state, then
 * instruction words ascending), whatever the thread count. */
#ifndef VC_LOCKSTEP_H
#define VC_LOCKSTEP_H

#include "vmm.h"

typedef enum { EQ_EQUIVALENT, EQ_COUNTEREXAMPLE, EQ_INCOMPLETE } EquivVerdict;
extern const char *const equiv_verdict_names[];

typedef struct {
  unsigned depth;       /* longest program, in instructions */
  bool bare_only;       /* explore the bare machine alone: no monitor, no comparison */
  bool counted;         /* the step count is part of the state (as in the Promela model) */
  MonitorKind kind;
  const TranslationSet *ts; /* translate, patch */
  unsigned stack;       /* monitors stacked (1 alone) */
  uint64_t base;        /* the guest's first word in the top monitor's host */
  unsigned operand_values; /* operand fields range over 0..n-1 */
  /* initial values per variable (NULL: all modes for the mode, the spec's
   * reset value for the rest) */
  const uint64_t *init_values[VC_MAX_VARS];
  unsigned ninit_values[VC_MAX_VARS];
  uint64_t max_states;
  uint64_t max_memory;  /* bytes of the visited set and the frontier; 0: none */
  gint64 deadline;      /* g_get_monotonic_time() to stop at; 0: none */
  unsigned threads;
  bool fingerprint;
  void (*progress)(unsigned depth, uint64_t states, uint64_t transitions, void *data);
  void *progress_data;
} LockstepOptions;

/* A program and the virtual state it starts in, on which the bare machine
 * and the monitor part ways at the last instruction. */
typedef struct {
  unsigned steps;            /* instructions run; the last diverges */
  uint64_t var[VC_MAX_VARS]; /* the initial virtual state */
  uint64_t *storage;         /* isa->mem words: the program and its data, else 0 */
  uint64_t *placed;          /* bit per word the program sets */
  char **diverges;           /* the differing components, NULL-terminated */
} Counterexample;

void counterexample_clear(Counterexample *c);

/* As an assembly program (.init lines, .org/.word) after `header`: `virtcheck
 * run --steps N` and `virtcheck vmm --steps N` replay both sides. */
char *counterexample_program(const Isa *isa, const Counterexample *c, const char *header);

/* Replays it on a fresh bare machine and under the monitors `layout` gives
 * (kind, stack, base): the instructions run (disassembled) and each side's
 * trace, one line per instruction; NULL-terminated arrays. `monitor` stays
 * NULL when the layout cannot be built (a guest base inside the monitor's
 * reserved words). */
typedef struct {
  char **program, **bare, **monitor;
  char **diverges; /* what differs after the last step, as found on replay */
} Replay;

void counterexample_replay(const Isa *isa, const LockstepOptions *layout,
                           const Counterexample *c, Replay *r);
void replay_clear(Replay *r);

typedef struct {
  const Isa *isa;
  LockstepOptions opt;
  EquivVerdict verdict;
  char *domain;          /* what was covered, in words */
  uint64_t ninit;        /* initial states */
  unsigned nwords;       /* instruction words in the domain */
  uint64_t states, transitions;
  uint64_t direct, instructions; /* guest instructions run directly / all (efficiency) */
  unsigned depth;        /* levels completely explored */
  size_t bytes;          /* the visited set's memory */
  size_t key_bytes;      /* one state, packed */
  char *why;             /* EQ_INCOMPLETE: the limit hit */
  Counterexample cex; /* EQ_COUNTEREXAMPLE */
} Lockstep;

/* Checks the options against the ISA (a guest that does not fit, too many
 * values); NULL with *err (VC_ERROR_INPUT) if they cannot be explored. */
/* The instruction words programs draw from: every instruction with each
 * operand over 0..operand_values-1 (as far as its field reaches), a refined
 * operand over the first value of each of its groups (refine.h), as words
 * that decode back to it; ascending, no repeats. Caller frees *words. */
bool lockstep_words(const Isa *isa, unsigned operand_values, uint64_t **words, unsigned *nwords,
                    GError **err);

Lockstep *lockstep_run(const Isa *isa, const LockstepOptions *opt, GError **err);
void lockstep_free(Lockstep *l);

#endif
