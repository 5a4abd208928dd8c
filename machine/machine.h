/* The reference machine: a concrete state and a step that fetches through
 * relocation, decodes by the spec's encodings, runs the IR evaluator and
 * takes traps as PSW exchanges. Deterministic: no clocks, no randomness. */
#ifndef VC_MACHINE_H
#define VC_MACHINE_H

#include "asm.h"
#include "eval.h"

/* A monitor's view of a machine's code (translate.h): the word decoded at
 * phys when storage holds `word`. */
typedef uint64_t (*FetchView)(void *ctx, uint64_t phys, uint64_t word);

typedef struct {
  const Isa *isa;
  uint64_t var[VC_MAX_VARS];
  uint64_t *mem;  /* size words: owned, or a window into a host's storage */
  uint64_t size;  /* storage words (isa->mem, or a guest's region) */
  bool owns_mem;
  bool hooked;    /* a trap is reported to the caller, not taken (a monitor's hook) */
  bool halted;
  uint64_t steps;
  uint64_t *touched; /* NULL, or a bit per storage word, set by every read and
                        write (the lockstep explorer fixes those words) */
  FetchView fetch; /* NULL: storage as it is */
  void *fetch_ctx;
  const struct Native *native; /* native.h: untraced steps run compiled code; NULL: ir_run */
} Machine;

/* What one step did, in short. */
typedef struct {
  bool trapped, halted;
  unsigned cause;
} StepResult;

/* What one step did; filled only when asked for (traces). */
typedef struct {
  uint64_t step, pc, word;
  bool fetched; /* false: the fetch itself memory-trapped */
  int insn;     /* decoded instruction, -1 for an illegal opcode or no fetch */
  bool trapped, halted;
  unsigned cause;
  uint64_t before[VC_MAX_VARS];
  unsigned nwrites;
  struct {
    uint64_t addr, old, val;
  } writes[VC_MAX_STORES + VC_MAX_PSW];
} MachineStep;

Machine *machine_new(const Isa *isa);
/* A machine of `size` words (a host bigger than the spec's storage). */
Machine *machine_new_sized(const Isa *isa, uint64_t size);
/* A machine whose storage is words [base, base + size) of host's: a guest. */
Machine *machine_new_view(const Machine *host, uint64_t base, uint64_t size);
void machine_free(Machine *m);

/* Loads a program's words and initial variables (defaults elsewhere). */
void machine_load(Machine *m, const Program *p);

/* One instruction. Does nothing once halted. `rec` may be NULL. A trap is
 * taken (the PSW exchange) unless the machine is hooked: then the state is
 * left as it was before the instruction and the trap is only reported. */
StepResult machine_step(Machine *m, MachineStep *rec);

/* Takes a trap: the PSW exchange on this machine's state and storage. */
void machine_take_trap(Machine *m, unsigned cause);

/* Runs until halt or `limit` steps; true if it halted. */
bool machine_run(Machine *m, uint64_t limit, void (*on_step)(const MachineStep *, void *),
                 void *data);

/* "acc 005->006  E[28] 000->005  trap syscall" for one step; caller frees. */
char *machine_format_step(const Machine *m, const MachineStep *rec);

/* The whole state, one component per line (mode by name, values in hex). */
char *machine_format_state(const Machine *m);

/* A variable's value as traces show it: addresses (pc, reloc, bound) in
 * decimal as programs write them, data in fixed-width hex, the mode by name. */
void format_var(GString *s, const Isa *isa, unsigned var, uint64_t v);

#endif
