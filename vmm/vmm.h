/* Virtual machine monitors in Popek and Goldberg's structure, for any ISA
 * spec (no per-ISA code):
 *  - a dispatcher where the host's traps land (the host is hooked: it reports
 *    a trap instead of taking it);
 *  - an allocator that gives each guest a region of host storage and owns
 *    every resource (the host's M, R and declared resources);
 *  - the interpreter routines: the IR evaluator applied to the guest's
 *    virtual state, one instruction at a time.
 *
 * One interface, vm_run, runs a Vm until a trap or N instructions and reports a trap
 * without taking it. The bare machine implements it, and so does every
 * monitor for each of its guests, so monitors stack to any depth. */
#ifndef VC_VMM_H
#define VC_VMM_H

#include "fmap.h"
#include "machine.h"
#include "translate.h"

/* How one guest instruction was carried out. */
typedef enum {
  RUN_HARDWARE,
  RUN_DIRECT,
  RUN_EMULATED,
  RUN_REFLECTED,
  RUN_INTERPRETED,
  RUN_TRANSLATED, /* emulated where the code cache (or a patch) made it trap */
  RUN_HYPERCALL   /* paravirt: the instruction a hypercall named, performed */
} RunKind;
extern const char *const run_kind_names[];

typedef struct Monitor Monitor;

typedef struct {
  uint64_t direct, emulated, reflected, interpreted, entries;
  uint64_t translated_emulated; /* of the emulated, those the translation made trap */
  uint64_t hypercalls;          /* paravirt: served */
  uint64_t violations; /* a direct instruction changed a host resource */
} MonitorCounts;

typedef struct {
  Machine *m;       /* its state; storage a window into the host's */
  Monitor *runner;  /* NULL: the bare machine */
  uint64_t base;    /* where its storage starts in its host's storage */
  RunKind last;     /* how its last instruction ran */
  CodeCache *cache; /* translate, patch: its translations */
  MonitorCounts counts; /* what its monitor did for it */
} Vm;

struct Monitor {
  MonitorKind kind;
  Vm *host;
  unsigned level; /* 1 on the bare machine, 2 on a guest of that, ... */
  uint64_t reserved; /* host words the monitor keeps: its trap vectors */
  uint64_t real[VC_MAX_VARS]; /* the host's resources while guests run directly */
  const TranslationSet *ts;   /* translate, patch */
  Vm *running;                /* the guest running directly now */
};

/* The bare machine as a Vm (hooked: its traps go to the monitor). */
Vm *vm_bare(Machine *m);

/* `ts` (not owned) is what translate and patch translate; NULL otherwise. */
Monitor *monitor_new(MonitorKind kind, Vm *host, const TranslationSet *ts);

/* The allocator: a guest whose storage is host words [base, base + size).
 * Refuses (NULL) a region that overlaps the monitor's reserved words or
 * leaves the host's storage. */
Vm *monitor_guest(Monitor *mon, uint64_t base, uint64_t size);

/* Words the monitor reserves at the bottom of its host: the trap vectors. */
uint64_t monitor_reserved(const Isa *isa);

/* Runs up to n instructions of vm, stopping after one that traps (the trap
 * is reported, not taken) or halts; returns how many ran, and in *last the
 * result of the last one. A monitor composes the guest's state once and lets
 * it run on its host until a trap lands in the dispatcher. */
uint64_t vm_run(Vm *vm, uint64_t n, StepResult *last);


void vm_free(Vm *vm);

/* Runs guests round-robin, `quantum` instructions each, until all halt or
 * `limit` instructions in all; a trap a guest's monitor reports is taken by
 * the guest (its own handler runs). `on_step` (may be NULL) sees each one.
 * Returns true if every guest halted. Deterministic: no clocks. */
bool vmm_run(Vm **guests, unsigned n, uint64_t quantum, uint64_t limit,
             void (*on_step)(unsigned guest, const Vm *vm, const MachineStep *rec, void *data),
             void *data);
void monitor_free(Monitor *mon);

/* `depth` monitors of one kind, each running on a VM of the one below (the
 * first on a bare machine just large enough), and n guests of the spec's
 * storage size on the top one, side by side from word `base` of its host
 * (at least monitor_reserved). */
typedef struct {
  Machine *bare;
  Vm *levels[VC_MAX_STACK]; /* levels[0] the bare machine; levels[k] the VM monitor k+1 runs on */
  Monitor *mons[VC_MAX_STACK];
  unsigned depth;
  Vm **guests;
  unsigned nguests;
} VmStack;

/* Where the top guest's storage starts in the bare machine's storage when
 * `depth` monitors are stacked and it starts at word `base` of its own host:
 * each level's guest sits above that level's reserved words. */
uint64_t vmm_stack_region(const Isa *isa, unsigned depth, uint64_t base);

/* Whether a monitor of this kind can run the ISA `depth` deep (assist needs
 * the spec's extension, and does not nest); else *err. */
bool monitor_applies(const Isa *isa, MonitorKind kind, unsigned depth, GError **err);

/* Whether n guests from word `base` of the top host fit under `depth`
 * monitors: the host grows to fit, up to the physical addresses every
 * engine computes with (ir_phys_width); else *err states the rule. */
bool vmm_stack_fits(const Isa *isa, unsigned depth, uint64_t base, unsigned n, GError **err);

VmStack *vmm_stack_new(const Isa *isa, MonitorKind kind, unsigned depth, uint64_t base,
                       unsigned n, const TranslationSet *ts, GError **err);
void vmm_stack_free(VmStack *s);

#endif
