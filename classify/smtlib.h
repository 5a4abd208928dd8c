/* The checker's questions as SMT-LIB 2, for any solver. */
#ifndef VC_SMTLIB_H
#define VC_SMTLIB_H

#include "ir.h"

/* Per instruction, in spec order: the classification queries (in
 * classify_queries' order), then one-step simulation under the trap and the
 * hybrid monitor with the guest just above the monitor's vectors. Each is a
 * script closed by (check-sat) and then (reset), headed by a comment line
 * naming it; sat means the instruction shows the property. */
char *smtlib_queries(const Isa *isa, GError **err);

#endif
