/* Each guest beside the bare machine, instruction by instruction: where a
 * monitor first makes a guest's virtual state differ from the bare
 * machine's (`virtcheck vmm --compare`; the lockstep explorer compares the
 * same way). */
#ifndef VC_COMPARE_H
#define VC_COMPARE_H

#include "vmm.h"

/* Whether the guest's virtual state is the bare machine's: registers,
 * halting and its storage (a patched word as the monitor keeps its
 * original). The names of what differs go to why (may be NULL). */
bool vm_agrees(const Machine *bare, const Vm *guest, GPtrArray *why);

#define VC_COMPARE_CONTEXT 3 /* trace lines kept before a divergence */

typedef struct {
  Machine *bare;
  bool diverged;
  uint64_t step;    /* the guest instruction after which they first differ */
  char *insn;       /* it, disassembled, with its pc */
  char **what;      /* "intf: bare 1, monitor 0", ... (NULL-terminated) */
  char **bare_trace, **monitor_trace; /* the trace lines up to it, each side */
  GPtrArray *recent[2];
} GuestCompare;

/* One bare machine per guest, loaded with its program. */
GuestCompare *compare_new(const Isa *isa, Program *const *progs, unsigned n);
void compare_free(GuestCompare *c, unsigned n);

/* After the guest ran one instruction (a vmm_run step record): the bare
 * machine runs one too, and the first difference is kept. */
void compare_step(GuestCompare *c, const Vm *guest, const MachineStep *rec);

#endif
