/* Theorem consistency as a property, checked on generated ISAs (gen_isa.h):
 *  - both classification engines agree on every query both decide, and
 *    every witness replays (classify --engine both);
 *  - Theorem 1 holds => the trap monitor is equivalent, by one-step SMT and
 *    by lockstep exploration; Theorem 3 holds => the hybrid monitor is, the
 *    same two ways;
 *  - the one-step query by both engines agrees with itself;
 *  - nothing fails internally (exit 4).
 * A violation is the seed, what broke and the spec, to be minimized into a
 * regression test. */
#ifndef VC_THEOREMS_H
#define VC_THEOREMS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
  unsigned isas, violations;
  unsigned t1_holds, t1_fails, t1_fails_trap_breaks;
  unsigned t3_holds, t3_fails, t3_fails_hybrid_breaks;
  unsigned translated;    /* the translating monitor proved equivalent both ways */
  unsigned untranslatable; /* no word traps in user mode: nothing to translate into */
  unsigned unknown;       /* a theorem or a monitor's verdict left undecided by a limit */
  uint64_t queries, cross_checked; /* classification queries; decided by both engines */
  uint64_t walked;        /* lockstep states explored */
} TheoremStats;

/* Lockstep program length; exhaustive states per classification query. */
typedef struct {
  unsigned depth;
  uint64_t max_states;
} TheoremOptions;

/* Checks the ISA of `seed`, adding to *st. A violation is appended to
 * `report` (seed, reason, spec) and returns false. */
bool theorem_check(uint64_t seed, const TheoremOptions *opt, TheoremStats *st, GString *report);

void theorem_stats_add(TheoremStats *into, const TheoremStats *from);

/* "N ISAs, V violations" and the statistics, one line each. */
char *theorem_stats_text(const TheoremStats *st);

#endif
