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
 * concrete: the backend lifts them at the given widths); k is IrExpr.k. It
 * may answer a concrete value where it knows one. */
typedef struct {
  IrVal (*apply)(void *ctx, IrOp op, unsigned width, const IrVal *args, const unsigned *widths,
                 uint64_t k);
} IrSymOps;

typedef struct {
  const Isa *isa;
  const IrSymOps *sym; /* NULL: concrete only */
  void *sym_ctx;
  /* The storage word at a physical address (width isa->addr_width + 6 when
   * symbolic), as before the instruction. Called only on legal addresses, or
   * under a guard that says the address is legal. Only the `demand` bits of
   * the word can affect the outcome (the others may be anything). */
  IrVal (*read)(void *ctx, IrVal phys, uint64_t demand);
  void *read_ctx;
  uint64_t mem; /* storage words of this machine; 0: isa->mem (a guest's is its region) */
  /* Where the state's storage begins, as l counts: virtual a is within the
   * storage when origin + a < mem. NULL: at l (the spec's machine). A state
   * lying in a larger storage, as a guest in its host, has origin < l. */
  const IrVal *origin;
  /* Analysis only (classify/refine.c): a trap does not end its path, so
   * next[] is what the run would leave had nothing trapped, the part of an
   * outcome compared when it does not trap. trapped itself stays exact. */
  bool traps_continue;
} IrEnv;

typedef struct {
  IrVal guard, phys, value;
} IrStore;

typedef struct {
  IrVal next[VC_MAX_VARS];
  IrVal trapped, cause, halted; /* 1, 2 and 1 bits */
  IrVal addr_trapped; /* 1 bit: trapped by the address rule (an illegal access), not by
                         an explicit `trap` */
  unsigned nstores;
  /* an instruction's, and a trap's (a symbolic cause runs every entry) */
  IrStore stores[VC_MAX_STORES + CAUSE_COUNT * MAX(VC_MAX_STORES, 2 * VC_MAX_PSW)];
} IrOutcome;

/* Width of physical addresses and storage sizes in symbolic terms: l + a + k
 * never wraps, and a storage of up to VC_MAX_MEM + 2^addr_width words fits. */
static inline unsigned ir_phys_width(const Isa *isa)
{
  return isa->addr_width + 6 > 22 ? isa->addr_width + 6 : 22;
}

/* The storage words of env's machine (ir_phys_width bits). */
IrVal ir_env_mem(const IrEnv *env);

/* The address rule, written once for every engine: whether virtual address
 * va + k is legal under R = (reloc, bound) in env's storage (va + k within
 * the bound, origin + va + k within the storage), and its physical address
 * (ir_phys_width bits). Folds when the inputs are concrete. */
IrVal ir_legal(const IrEnv *env, IrVal reloc, IrVal bound, IrVal va, uint64_t k, IrVal *phys);

/* The physical rule, also written once: whether physical address p
 * (addr_width bits) lies within the state's storage (its mem words, plus the
 * words below l when it lies in a larger storage), and p widened. */
IrVal ir_phys_legal(const IrEnv *env, IrVal reloc, IrVal p, IrVal *phys);

/* The same rule on concrete values, for the machine's fetch. */
bool ir_legal_concrete(const Isa *isa, uint64_t mem, uint64_t reloc, uint64_t bound,
                       uint64_t va, uint64_t *phys);

/* The bound clipped to env's storage: the least bound that allows exactly
 * the virtual addresses `bound` allows at `reloc` (addr_width bits;
 * meaningless when reloc is beyond the storage). Two bounds allow the same
 * addresses when they clip to the same value: a monitor composing R keeps
 * the guest's legal addresses so. */
IrVal ir_bound_clip(const IrEnv *env, IrVal reloc, IrVal bound);

/* 1 bit: bounds b1 and b2 allow the same virtual addresses at `reloc`. */
IrVal ir_same_legal(const IrEnv *env, IrVal reloc, IrVal b1, IrVal b2);

/* Runs instruction `in` (fetched as `word`) on the state `pre`. */
void ir_exec(const IrEnv *env, const IrInsn *in, IrVal word, const IrVal *pre, IrOutcome *out);

/* The machine's fast path: instruction `in` (fetched as `word`) on a
 * concrete state, in place. The same statements, operators (ir_fold) and
 * address rules as ir_exec, over plain 64-bit values, with storage read and
 * written directly: no outcome is built. When it traps, nothing is written
 * (var and mem are as before; the caller takes the trap); otherwise next
 * values and stores take effect. `touched` (may be NULL) gets a bit per word
 * read or written, as the machine's. tests/test-machine checks it against
 * ir_exec on random states of every scenario and generated ISA. */
typedef struct {
  bool trapped, halted;
  unsigned cause;
} IrRunResult;

IrRunResult ir_run(const Isa *isa, const IrInsn *in, uint64_t word, uint64_t *var, uint64_t *mem,
                   uint64_t size, uint64_t *touched);

/* The trap: the cause's trap entry (isa->entry) run on `pre`, all its writes
 * taking effect; by default the PSW exchange, which stores the PSW of `pre`
 * at the cause's old vector and loads the new PSW from its new vector
 * (physical addresses), nothing else changing. */
void ir_exchange(const IrEnv *env, const IrVal *pre, IrVal cause, IrOutcome *out);

/* Sign-extends the low w bits of v to 64 bits. */
static inline int64_t ir_sext64(uint64_t v, unsigned w)
{
  if (w >= 64)
    return (int64_t)v;
  uint64_t sign = (uint64_t)1 << (w - 1);
  v &= ir_mask(w);
  return (int64_t)((v ^ sign) - sign);
}

/* Concrete semantics of one operator: the single definition of what each
 * IR operation computes on bits (aw, bw: the operands' widths). Inline, so
 * that call sites with a constant operator reduce to one operation. */
static inline uint64_t ir_fold(IrOp op, unsigned width, uint64_t a, uint64_t b, uint64_t c, uint64_t k,
                     unsigned aw, unsigned bw)
{
  uint64_t m = ir_mask(width);
  switch (op) {
  case IR_CONST: return k;
  case IR_ADD: return (a + b) & m;
  case IR_SUB: return (a - b) & m;
  case IR_MUL: return (a * b) & m;
  case IR_AND: return a & b;
  case IR_OR: return a | b;
  case IR_XOR: return a ^ b;
  case IR_NOT: return ~a & m;
  case IR_SHL: return b >= width ? 0 : (a << b) & m;
  case IR_LSHR: return b >= width ? 0 : a >> b;
  case IR_ASHR: {
    int64_t s = ir_sext64(a, width);
    return (uint64_t)(b >= width ? (s < 0 ? -1 : 0) : s >> b) & m;
  }
  case IR_EQ: return a == b;
  case IR_ULT: return a < b;
  case IR_ULE: return a <= b;
  case IR_SLT: return ir_sext64(a, aw) < ir_sext64(b, aw);
  case IR_SLE: return ir_sext64(a, aw) <= ir_sext64(b, aw);
  case IR_SLICE: return (a >> (k & 0xff)) & m;
  case IR_CONCAT: return ((bw >= 64 ? 0 : a << bw) | b) & m;
  case IR_ZEXT: return a;
  case IR_SEXT: return (uint64_t)ir_sext64(a, aw) & m;
  case IR_ITE: return a ? b : c;
  default: g_assert_not_reached();
  }
}


IrVal ir_apply_general(const IrEnv *env, IrOp op, unsigned width, IrVal a, IrVal b, IrVal c,
                       uint64_t k, unsigned aw, unsigned bw);

/* One IR operation on possibly symbolic values (folds when concrete). */
static inline IrVal ir_apply(const IrEnv *env, IrOp op, unsigned width, IrVal a, IrVal b,
                             IrVal c, uint64_t k, unsigned aw, unsigned bw)
{
  if (!a.s && !b.s && !c.s)
    return (IrVal){ir_fold(op, width, a.c, b.c, c.c, k, aw, bw), NULL};
  return ir_apply_general(env, op, width, a, b, c, k, aw, bw);
}

extern const char *const ir_op_names[IR_OP_COUNT];

#endif
