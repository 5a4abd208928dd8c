/* The bare machine at an instance as a Promela model, for SPIN. */
#ifndef VC_PROMELA_H
#define VC_PROMELA_H

#include "ir.h"
#include "eval.h"
#include "asm.h"

/* Promela's int is 32-bit and signed: products of two values must fit. */
#define PROMELA_MAX_WIDTH 15

/* The model: from the reset state with zero storage, every program of up
 * to `depth` instructions drawn from `words`, placed in storage when the pc
 * first reaches an unused word (as the lockstep explorer's counted bare
 * mode explores it, so both count the same states). NULL with *err when
 * the instance is too wide for Promela. */
char *promela_model(const Isa *isa, const uint64_t *words, unsigned nwords, unsigned depth,
                    GError **err);

#endif
