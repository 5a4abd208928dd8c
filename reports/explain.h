/* Why an instruction breaks trap-and-emulate, in plain words built from its
 * witnesses (`virtcheck classify --explain`): what it does differently in
 * which mode or resource, and why that defeats the monitor. */
#ifndef VC_EXPLAIN_H
#define VC_EXPLAIN_H

#include "classify.h"

/* One or two sentences for a critical instruction (for a refined one, its
 * first critical variant, naming the operand values); NULL otherwise.
 * Caller frees. */
char *explain_critical(const Classification *c, unsigned insn);

/* The witness an explanation is built from: the classes explained (the
 * instruction's, or its first critical variant's), the sensitivity shown
 * (control first, then mode, location, resource) and its answer; NULL if
 * the instruction is not critical. */
const Asked *explain_evidence(const Classification *c, unsigned insn, const InsnClass **ic,
                              ClassId *shown);

#endif
