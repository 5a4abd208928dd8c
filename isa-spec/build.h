/* Internal to isa-spec/: what the declaration checker (build.c) shares with
 * the semantics lowerer (lower.c). */
#ifndef VC_BUILD_H
#define VC_BUILD_H

#include "ast.h"
#include "ir.h"

typedef enum { SYM_NONE, SYM_PARAM, SYM_MODE, SYM_VAR, SYM_FIELD } SymKind;

typedef struct {
  SymKind kind;
  unsigned index;
  VcLoc loc;
} Sym;

typedef struct {
  const AstSpec *ast;
  Isa *isa;
  GHashTable *syms; /* name -> Sym*, one namespace for the whole spec */
  GError **err;
} Builder;

Sym *builder_lookup(const Builder *b, const char *name);

/* Evaluates a parameter-only constant expression (+ - * and parentheses). */
bool builder_const(Builder *b, const AstExpr *e, uint64_t *out);

/* Type-checks an instruction's semantics and lowers it into in->ex / in->st. */
bool lower_insn(Builder *b, const AstInsn *ai, IrInsn *in);

/* The same for a trap entry: no operands, storage only by physical address,
 * no trap or loadpsw of its own. */
bool lower_entry(Builder *b, const AstInsn *ai, IrInsn *in);

#endif
