/* The one semantic IR. A spec instantiated at given parameter values becomes
 * an Isa: the machine state's shape, the trap vectors, the encodings and, per
 * instruction, its semantics as flat expression nodes and structured
 * statements. The machine executes it, the SMT encoder translates it, the
 * monitors interpret it; nobody looks at syntax again. */
#ifndef VC_IR_H
#define VC_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "vc_limits.h"

/* Expression operators. Children are indices of earlier nodes. */
typedef enum {
  IR_CONST,  /* k */
  IR_INSN,   /* the instruction word being executed */
  IR_VAR,    /* state variable k, as before the instruction */
  IR_LOCAL,  /* local k */
  IR_ADD, IR_SUB, IR_MUL, IR_AND, IR_OR, IR_XOR, IR_NOT,
  IR_SHL, IR_LSHR, IR_ASHR, /* shift a by b (b has a's width) */
  IR_EQ, IR_ULT, IR_ULE, IR_SLT, IR_SLE, /* width 1 */
  IR_SLICE,  /* a[hi:lo], k = hi << 8 | lo */
  IR_CONCAT, /* a ++ b, a high */
  IR_ZEXT, IR_SEXT, /* a extended to the node's width */
  IR_ITE,    /* a ? b : c */
  IR_OP_COUNT
} IrOp;

typedef struct {
  uint8_t op;
  uint8_t width; /* 1..64 */
  uint16_t a, b, c;
  uint64_t k;
} IrExpr;

typedef enum {
  IS_LET,     /* locals[slot] = e0 */
  IS_SET,     /* var slot := e0 */
  IS_LOAD,    /* locals[slot] = storage at virtual address e0 (physical if `physical`) */
  IS_STORE,   /* storage at virtual address e0 := e1 (physical if `physical`) */
  IS_IF,      /* if e0 then [i+1, then_end) else [then_end, else_end) */
  IS_TRAP,    /* trap with cause */
  IS_HALT,
  IS_LOADPSW, /* load the PSW from virtual address e0 onwards */
} IrStmtKind;

typedef struct {
  uint8_t kind;
  uint8_t cause;
  uint16_t slot;
  bool physical; /* IS_LOAD, IS_STORE: the address is physical (not relocated) */
  uint32_t lo, hi; /* expression nodes this statement evaluates, in order */
  uint32_t e0, e1; /* roots */
  uint32_t then_end, else_end;
  uint64_t demand; /* IS_LOAD: the bits of the word read that can affect anything */
} IrStmt;

/* State variables: the PSW's three parts first, then declared registers. */
enum { VAR_MODE, VAR_PC, VAR_RELOC, VAR_BOUND, VAR_FIRST_REG };

/* A resource's part in a virtualization extension (VT-x's non-root mode):
 * the guest-mode flag; a control the monitor sets (every bit on) while a
 * guest runs; a register the monitor keeps its own value in while a guest
 * runs (state it shadows). */
typedef enum { EXT_NONE, EXT_GUEST, EXT_CONTROL, EXT_HOST } ExtRole;

typedef struct {
  char *name;
  unsigned width;
  bool resource; /* privileged state: M, R and registers declared 'resource' */
  ExtRole ext;
} IrVarInfo;

typedef struct {
  char *name;
  unsigned hi, lo;
  bool refine; /* classes are derived per value of this operand (refine.h) */
} IrField;

typedef struct {
  char *name;
  VcLoc loc;
  uint64_t mask, match; /* decodes word w when (w & mask) == match */
  unsigned noperands;
  unsigned operand[VC_MAX_OPERANDS]; /* field indices */
  IrExpr *ex;
  unsigned nex;
  IrStmt *st;
  unsigned nst;
  unsigned nlocals;
  bool reads_var[VC_MAX_VARS]; /* footprint: state variables the semantics reads */
  bool writes_var[VC_MAX_VARS];
  bool surely_writes[VC_MAX_VARS]; /* on every path that neither traps nor halts first */
  bool reads_mem, writes_mem, may_trap, may_halt, loads_psw;
  bool physical; /* accesses storage by physical address */
} IrInsn;

typedef struct {
  uint64_t old_at, new_at; /* physical addresses of the saved and loaded PSW */
} IrVector;

typedef struct {
  char *name;
  uint64_t value;
} IrParam;

typedef struct Isa {
  char *name;
  char *file;
  IrParam *params;
  unsigned nparams;
  unsigned word;       /* bits per storage word */
  uint64_t mem;        /* storage words */
  unsigned addr_width; /* width of pc, reloc and bound */
  bool bound_lt;       /* a legal when a < b; else a <= b */
  unsigned nmodes;     /* mode 0 most privileged, nmodes-1 least ("user") */
  char **mode_names;
  unsigned nvars;
  IrVarInfo vars[VC_MAX_VARS];
  unsigned psw_len;
  unsigned psw[VC_MAX_PSW]; /* variables, one storage word each */
  IrVector vector[CAUSE_COUNT];
  /* What a trap of each cause does: a block of statements run on the
   * trapping state (its own pc), every write taking effect; NULL: the PSW
   * exchange at the cause's vector. */
  IrInsn *entry[CAUSE_COUNT];
  bool physical; /* some instruction or trap entry accesses storage physically */
  int guest_var; /* the extension's guest-mode flag, or -1: no extension */
  int hypercall; /* the instruction paravirtualized guests call the monitor with, or -1; its
                    first operand carries a virtual address */
  IrField *fields;
  unsigned nfields;
  IrInsn *insns;
  unsigned ninsns;
  int16_t *decode_table; /* word -> instruction or -1, when word <= 16 bits */
} Isa;

/* Parameter overrides, "name=value" strings as given on the command line. */
Isa *isa_load(const char *path, const char *const *overrides, GError **err);
Isa *isa_load_string(const char *file, const char *src, size_t len,
                     const char *const *overrides, GError **err);
void isa_free(Isa *isa);

/* Index of the instruction that decodes word, or -1 (an illegal opcode). */
int isa_decode(const Isa *isa, uint64_t word);

int isa_find_var(const Isa *isa, const char *name);
int isa_find_insn(const Isa *isa, const char *name);
int isa_find_mode(const Isa *isa, const char *name);

static inline uint64_t ir_mask(unsigned width)
{
  return width >= 64 ? UINT64_MAX : ((uint64_t)1 << width) - 1;
}

/* Whether variable v can hold x: within its width, the mode one of the
 * modes (a value read from outside, such as a shard's part). */
static inline bool isa_var_holds(const Isa *isa, unsigned v, uint64_t x)
{
  return !(x & ~ir_mask(isa->vars[v].width)) && (v != VAR_MODE || x < isa->nmodes);
}

/* The bits of an instruction word that field f occupies. */
static inline uint64_t ir_field_mask(const IrField *f)
{
  return ir_mask(f->hi - f->lo + 1) << f->lo;
}

/* How many of an operator's arguments (a, b, c) it reads. */
static inline unsigned ir_arity(IrOp op)
{
  switch (op) {
  case IR_CONST: case IR_INSN: case IR_VAR: case IR_LOCAL: return 0;
  case IR_NOT: case IR_SLICE: case IR_ZEXT: case IR_SEXT: return 1;
  case IR_ITE: return 3;
  default: return 2;
  }
}

/* Demanded bits: the bits of argument `arg` (0, 1, 2 for a, b, c) of an
 * operator that can affect the bits d of its result; aw and bw are a's and
 * b's widths.
 * Conservative: any doubt demands every bit. One rule for the IR's
 * storage reads (lower.c) and residual footprints (classify/refine.c). */
static inline uint64_t ir_arg_demand(IrOp op, unsigned arg, uint64_t d, uint64_t k, unsigned aw,
                                     unsigned bw)
{
  uint64_t all = d ? UINT64_MAX : 0, upto = d ? ir_mask(64 - (unsigned)__builtin_clzll(d)) : 0;
  switch (op) {
  case IR_ADD: case IR_SUB: case IR_MUL: return upto; /* carries go up only */
  case IR_AND: case IR_OR: case IR_XOR: case IR_NOT: case IR_ZEXT: return d;
  case IR_SLICE: return d << (k & 0xff);
  case IR_SEXT: /* the bits above a's copy its top bit */
    return aw >= 64 || !(d >> aw) ? d : (d & ir_mask(aw)) | (uint64_t)1 << (aw - 1);
  case IR_CONCAT: return arg == 0 ? (bw >= 64 ? 0 : d >> bw) : d & ir_mask(bw);
  case IR_ITE: return arg == 0 ? all : d;
  default: return all; /* shifts, compares */
  }
}

/* Reads a whole file (at most VC_MAX_SOURCE_BYTES) for a parser. */
char *vc_read_source(const char *path, size_t *len, GError **err);

#endif
