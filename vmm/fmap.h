/* The monitor's map f from a guest's virtual state to the real state that
 * runs it directly, written once over the evaluator's values: the monitors
 * apply it to concrete states, the one-step equivalence query to Z3 terms
 * and to enumerated states alike. A new kind of monitor states its f here. */
#ifndef VC_FMAP_H
#define VC_FMAP_H

#include "eval.h"

/* trap: trap-and-emulate; hybrid: interprets virtual supervisor mode;
 * translate: trap-and-emulate, running a code cache in which the critical
 * instructions trap (translate.h); patch: the same trapping words written
 * into guest storage. The last two compose as trap does. assist: the
 * spec's virtualization extension (VT-x's non-root mode) runs the guest in
 * its own mode with the guest-mode flag set. */
typedef enum {
  MON_TRAP,
  MON_HYBRID,
  MON_TRANSLATE,
  MON_PATCH,
  MON_PARAVIRT, /* trap-and-emulate that also serves the spec's hypercall (paravirt.h) */
  MON_ASSIST,
  MON_KINDS
} MonitorKind;
extern const char *const monitor_kind_names[MON_KINDS]; /* "trap", "hybrid", ... */
extern const char *const monitor_kind_titles[MON_KINDS]; /* "trap-and-emulate", ... */

/* The kind named `name`, or -1. */
int monitor_kind_find(const char *name);

/* Whether the kind needs the checker's translation set. */
static inline bool monitor_translates(MonitorKind kind)
{
  return kind == MON_TRANSLATE || kind == MON_PATCH;
}

typedef struct {
  MonitorKind kind;
  uint64_t base;        /* the guest's region: real words [base, base + size) */
  uint64_t size;
  const uint64_t *real; /* the allocator's values of the resources (indexed by
                           variable; M and R are replaced, declared ones kept) */
} VmMap;

/* Whether the monitor owns variable v while a guest runs directly: its real
 * value is the monitor's, the guest's kept aside (and a direct instruction
 * that changes it breaks resource control). Every resource, but under
 * assist only the extension's (the guest-mode flag, the controls, the host
 * state): the hardware keeps the guest's mode and resources as its own, as
 * the VMCS does, and maps its storage, as EPT does. */
bool vm_owns(const Isa *isa, MonitorKind kind, unsigned v);

/* Fills real[] with f(virt): user mode, R composed with the region (l moved
 * by base, the bound clipped to the region, so the legal virtual addresses
 * stay exactly the guest's), declared resources at the allocator's values,
 * the rest (pc, ordinary registers) the guest's. Returns 1 bit: whether the
 * monitor runs virt directly (else it interprets): l within the region and
 * base + l an address; for the hybrid monitor, virtual user mode too. */
IrVal vm_map(const IrEnv *env, const VmMap *map, const IrVal *virt, IrVal *real);
/* (assist: virt with the guest-mode flag set and the owned registers at the
 * allocator's values; always direct, on the guest's own storage.) */

/* The allocator's resource values a fresh host has: its reset state, with
 * every extension control on (all ones: every exit the monitor can ask
 * for). */
void vm_map_reset_resources(const Isa *isa, uint64_t *real);

/* Sets every extension control in real[] on: what the allocator gives. */
void vm_map_controls(const Isa *isa, uint64_t *real);

#endif
