/* The one evaluator of the IR, over concrete and symbolic values alike.
 *
 * A value is concrete (s == NULL, bits in c) or symbolic (s is a term built
 * by a backend, e.g. a Z3 AST). Every operation folds concretely when all its
 * inputs are concrete, so the reference machine runs with no backend at all,
 * and the SMT encoder runs this same code with one: the simulator and the
 * prover cannot disagree about what an instruction does.
 *
 * Semantics of one instruction: every read sees the state before it; writes
 * are collected and take effect only if it does not trap. The next pc is
 * pc + 1 unless the semantics assigns pc. Branches on symbolic conditions are
 * linearised: both arms run under their path condition and their effects are
 * guarded by it. The outcome is explicit: trapped (and the cause) or not,
 * halted or not, the next variables and the guarded storage writes. */
#ifndef VC_EVAL_H
#define VC_EVAL_H

#include "ir.h"

typedef struct {
  uint64_t c;
  void *s;
} IrVal;

static inline IrVal ir_const(uint64_t c)
{
  return (IrVal){c, NULL};
}

/* A symbolic backend. apply builds op over its operands (any of which may be
 * concrete: the backend lifts them at the given widths); k is IrExpr.k. */
typedef struct {
  void *(*apply)(void *ctx, IrOp op, unsigned width, const IrVal *args, const unsigned *widths,
                 uint64_t k);
} IrSymOps;

typedef struct {
  const Isa *isa;
  const IrSymOps *sym; /* NULL: concrete only */
  void *sym_ctx;
  /* The storage word at a physical address (width isa->addr_width + 6 when
   * symbolic), as before the instruction. Called only on legal addresses, or
   * under a guard that says the address is legal. */
  IrVal (*read)(void *ctx, IrVal phys);
  void *read_ctx;
} IrEnv;

typedef struct {
  IrVal guard, phys, value;
} IrStore;

typedef struct {
  IrVal next[VC_MAX_VARS];
  IrVal trapped, cause, halted; /* 1, 2 and 1 bits */
  unsigned nstores;
  IrStore stores[VC_MAX_STORES + VC_MAX_PSW];
} IrOutcome;

/* Width of physical addresses in symbolic terms: l + a + k never wraps. */
static inline unsigned ir_phys_width(const Isa *isa)
{
  return isa->addr_width + 6;
}

/* Whether virtual address va is legal under R = (reloc, bound), with its
 * physical address: the one relocation rule, for fetches and for ir_exec. */
bool ir_legal_concrete(const Isa *isa, uint64_t reloc, uint64_t bound, uint64_t va,
                       uint64_t *phys);

/* Runs instruction `in` (fetched as `word`) on the state `pre`. */
void ir_exec(const IrEnv *env, const IrInsn *in, IrVal word, const IrVal *pre, IrOutcome *out);

/* The trap: stores the PSW of `pre` at the cause's old vector and loads the
 * new PSW from its new vector (physical addresses); nothing else changes. */
void ir_exchange(const IrEnv *env, const IrVal *pre, IrVal cause, IrOutcome *out);

/* Concrete semantics of one operator: the single definition of what each
 * IR operation computes on bits (aw, bw: the operands' widths). */
uint64_t ir_fold(IrOp op, unsigned width, uint64_t a, uint64_t b, uint64_t c, uint64_t k,
                 unsigned aw, unsigned bw);

/* Sign-extends the low w bits of v to 64 bits. */
int64_t ir_sext64(uint64_t v, unsigned w);

extern const char *const ir_op_names[IR_OP_COUNT];

#endif
