/* The exhaustive engine: enumerates every state an instruction's answer can
 * depend on, at a small instance. Eager choices cover the operand fields and
 * the instruction's variable footprint (what its IR reads or writes, plus
 * what the query varies); storage words are chosen lazily, when first read,
 * so only the words a run touches are enumerated. Enumeration order is
 * lexicographic in the choices, so the witness found is the first, smallest
 * one in that order. */
#ifndef VC_EXPLORE_H
#define VC_EXPLORE_H

#include "engine.h"
#include "refine.h"

/* Answers q for instruction `insn`; stops with ANS_LIMIT after max_states
 * or at `deadline` (g_get_monotonic_time(); 0: none). fp: the instruction's
 * footprint (refine.h), or NULL for the IR's static one; r: its refined
 * operand's partition, or NULL. */
void explore_query(const Isa *isa, unsigned insn, const Query *q, const Footprint *fp,
                   const Refinement *r, uint64_t max_states, gint64 deadline, QueryResult *out);

#endif
