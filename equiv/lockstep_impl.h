/* Inside the lockstep explorer: the explored space (domain, state packing),
 * the workers that run both sides, and counterexample reconstruction. */
#ifndef VC_LOCKSTEP_IMPL_H
#define VC_LOCKSTEP_IMPL_H

#include "lockstep.h"

typedef struct {
  const Isa *isa;
  const LockstepOptions *opt;
  uint64_t *words; /* the instruction words programs draw from, ascending */
  unsigned nwords;
  uint64_t *values[VC_MAX_VARS]; /* each variable's initial values */
  unsigned nvalues[VC_MAX_VARS];
  uint64_t ninit; /* their product */
  unsigned var_bits[VC_MAX_VARS];
  unsigned fixed_words; /* 64-bit words of a storage bitmap */
  bool patch;           /* states carry the words the patch monitor has patched */
  size_t key_bytes;
} Space;

/* A virtual state unpacked. `fixed`: storage words already read, written or
 * fetched, which the program can no longer choose. */
typedef struct {
  uint64_t var[VC_MAX_VARS];
  bool halted;
  unsigned count; /* instructions run (packed only when opt->counted) */
  uint64_t *mem;
  uint64_t *fixed;
  uint64_t *patched; /* patch: the words holding the monitor's trap word (the
                        originals are mem's) */
} VState;

Space *space_new(const Isa *isa, const LockstepOptions *opt, GError **err);
void space_free(Space *sp);
char *space_describe(const Space *sp);

void vstate_init(const Space *sp, VState *s);
void vstate_clear(VState *s);
void vstate_pack(const Space *sp, const VState *s, uint8_t *key);
void vstate_unpack(const Space *sp, const uint8_t *key, VState *s);

/* The i-th initial state (0 <= i < ninit), in enumeration order. */
void space_initial(const Space *sp, uint64_t i, VState *s);

/* How many successors s has: 0 once halted; nwords when the pc reaches an
 * unfixed word (at *place), which each successor fills with one word of the
 * domain; else 1 (and *place is SPACE_NO_PLACE). */
#define SPACE_NO_PLACE UINT64_MAX
unsigned space_choices(const Space *sp, const VState *s, uint64_t *place);

/* One thread's machines: the bare machine and, unless bare_only, the
 * monitor stack with its guest. */
typedef struct {
  const Space *sp;
  Machine *bare;
  VmStack *stack;
  Vm *guest;
  uint64_t region; /* where the guest's storage starts in the bare host's */
  uint64_t transitions, direct, instructions;
} Worker;

Worker *worker_new(const Space *sp);
void worker_free(Worker *w);

typedef enum { STEP_AGREES, STEP_DIVERGES } StepKind;

/* Runs choice c of s (whose fetch place space_choices gave) on both sides
 * into *next (the bare machine's result). On a divergence, `why` (if not
 * NULL) receives the component names. */
StepKind transition(Worker *w, const VState *s, uint64_t place, unsigned c, VState *next,
                    GPtrArray *why);


/* Resource control on a one-guest stack: no real resource changed by direct
 * execution since `violations_before`, no host word outside the guest's
 * region written (monitors keep nothing there while hooked). */
bool stack_intact(const VmStack *st, uint64_t violations_before, GPtrArray *why);

/* Finds the least shortest counterexample path (l->cex). */
void reconstruct(Lockstep *l, const Space *sp, Worker *w);

#endif
