/* Operand-refined classes: which values of a refined operand field (a field
 * declared `refine`, as RISC-V's CSR number) give an instruction the same
 * semantics.
 *
 * The instruction is run once per value of the field, through the one
 * evaluator, over a backend that names every symbolic term by its structure
 * (hash-consing): the field is the value, every other bit of the word and
 * every state variable and storage word a symbol. Tests of the field fold
 * away, so two values with the same residual outcome (the same terms for
 * every next variable, trap, halt and store) behave the same in every
 * state: they have the same classes, exactly. The classes of each group are
 * then derived by the engines on one representative value. */
#ifndef VC_REFINE_H
#define VC_REFINE_H

#include "ir.h"

#define VC_MAX_VARIANTS 64 /* groups of values one refined operand may split into */

/* What a group's residual outcome depends on and changes: the exhaustive
 * engine enumerates only these variables (a CSR instruction fixed to one CSR
 * number reads that CSR, not all nine). */
typedef struct {
  bool reads[VC_MAX_VARS];  /* a leaf of the residual outcome */
  bool own_only[VC_MAX_VARS]; /* read only for its own next value, a function of it
                                 alone (pc := pc + 1) */
  bool writes[VC_MAX_VARS]; /* its next value is not its old one */
  uint64_t word_bits;       /* the bits of the instruction word it depends on */
} Footprint;

/* The footprint of instruction `insn` over every word it matches, and on
 * one word. */
void insn_footprint(const Isa *isa, unsigned insn, Footprint *fp);
void word_footprint(const Isa *isa, unsigned insn, uint64_t word, Footprint *fp);

typedef struct {
  unsigned field;   /* index in isa->fields */
  uint64_t nvalues; /* 2^width of the field */
  uint32_t *group;  /* per value: its group, numbered in order of first value */
  unsigned ngroups;
  uint64_t *first;  /* per group: its first value, the representative */
  Footprint *footprint; /* per group */
} Refinement;

/* The refined operand of instruction `insn` (its first operand declared
 * `refine`), or -1. */
int refine_operand(const Isa *isa, unsigned insn);

/* Groups the field's values by the instruction's residual semantics. false
 * with *why (caller frees) when there are more than VC_MAX_VARIANTS groups:
 * the field then feeds the semantics as data, and refining it would say
 * nothing a person could read. */
bool refine_partition(const Isa *isa, unsigned insn, unsigned field, Refinement *r, char **why);
void refinement_clear(Refinement *r);

#endif
