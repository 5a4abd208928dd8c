/* What a changed spec changes against a base, by meaning rather than text:
 * instructions are matched by mnemonic and compared by encoding (mask,
 * match, operand fields) and by IR, so reformatting, comments and renamed
 * locals change nothing. Everything else that decides a class (state,
 * modes, PSW, vectors, trap entries, fields, the hypercall) is compared too:
 * a change there is a change to the machine, not to one instruction. */
#ifndef VC_ISA_DIFF_H
#define VC_ISA_DIFF_H

#include "ir.h"

typedef struct {
  const char *name; /* the base's (or, added, the changed spec's) */
  bool added, removed, encoding, semantics;
} InsnChange;

typedef struct {
  InsnChange *insn; /* in the base's order, then the added ones */
  unsigned ninsns;
  char **machine; /* other differences, in words (NULL-terminated) */
} IsaDiff;

IsaDiff *isa_diff(const Isa *base, const Isa *changed);
void isa_diff_free(IsaDiff *d);

/* "jrst1: its semantics" / "foo: added" (caller frees). */
char *insn_change_text(const InsnChange *c);

#endif
