/* A seeded generator of random ISA specs for the theorem-consistency
 * property (tests/theorems.c). Its grammar reaches every case the classes
 * distinguish: reads and writes of the mode, l, b, declared resources, the
 * accumulator and storage; traps conditional on the mode, operands,
 * registers and resources; user-mode silent no-ops (the POPF pattern);
 * loadpsw; halts; two or three modes; zero to three declared resources. */
#ifndef VC_GEN_ISA_H
#define VC_GEN_ISA_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* The spec text for `seed`; the same seed gives the same text. Caller frees.
 * Parameters: word 8, addr 4, data 2, mem 8: small enough for both
 * engines and the lockstep explorer, with room for a guest above the
 * monitor's vectors. */
char *gen_isa(uint64_t seed);

#endif
