/* Paravirtualization (Xen's remedy): the guest's kernel is changed so that
 * it calls the monitor where it would run an instruction that breaks
 * trap-and-emulate. The spec names the call (`hypercall NAME;`, an
 * instruction that traps in every user-mode state, whose first operand
 * carries an address); the rewrite replaces each such instruction by a
 * hypercall carrying the address of a word that holds the original, kept in
 * a table the rewrite appends to the guest. The paravirt monitor (vmm.h),
 * on a hypercall from virtual supervisor code, performs that word on the
 * virtual state, at the hypercall's pc. */
#ifndef VC_PARAVIRT_H
#define VC_PARAVIRT_H

#include "asm.h"
#include "vmm.h"

typedef struct {
  Program *prog;      /* the rewritten guest */
  unsigned rewritten; /* instructions replaced by hypercalls */
  uint64_t table, ntable; /* the originals: words [table, table + ntable) */
  bool *replaced;     /* per storage word: a hypercall now */
} Rewrite;

/* Rewrites the instructions p wrote (not its .word data) that `ts`
 * translates outside virtual user mode. Virtual addresses are the
 * program's own (its kernel runs at reloc 0). NULL with *err: no hypercall
 * in the spec, or no room for the table. */
Rewrite *paravirt_rewrite(const Isa *isa, const Program *p, const TranslationSet *ts,
                          GError **err);
void rewrite_free(Rewrite *r);

/* The check: the original guest on the bare machine, the rewritten one
 * under the paravirt monitor and the original under the trap monitor (for
 * its count of emulations), each for up to `steps` instructions. */
typedef struct {
  Machine *bare;
  VmStack *para, *trap;
  /* the components in which each monitored guest ends differently from the
   * bare machine (storage compared outside the rewritten words and the
   * table); NULL-terminated */
  char **para_differs, **trap_differs;
} ParavirtCheck;

ParavirtCheck *paravirt_check(const Isa *isa, const Program *orig, const Rewrite *rw,
                              uint64_t steps, GError **err);
void paravirt_check_free(ParavirtCheck *c);

#endif
