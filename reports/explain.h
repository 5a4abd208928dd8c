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

#endif
