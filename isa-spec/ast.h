/* The syntax tree of an .isa file, before parameters are applied. Only
 * isa-spec/ sees it: every other module works on the IR (ir.h). */
#ifndef VC_AST_H
#define VC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "lex.h"

typedef struct AstExpr AstExpr;
typedef struct AstStmt AstStmt;

typedef enum {
  AE_INT,    /* value */
  AE_NAME,   /* name */
  AE_UNARY,  /* op a */
  AE_BINARY, /* a op b */
  AE_COND,   /* a ? b : c */
  AE_SLICE,  /* a[b:c], or a[b] when c is NULL */
  AE_CALL,   /* name(args) */
  AE_MEM,    /* mem[a]: storage at virtual a, through R */
  AE_PHYS,   /* phys[a]: storage at physical a, not relocated */
} AstExprKind;

struct AstExpr {
  AstExprKind kind;
  VcLoc loc;
  TokKind op;
  uint64_t value;
  char *name;
  AstExpr *a, *b, *c;
  AstExpr **args;
  int nargs;
  int height; /* 1 for a leaf; at most VC_MAX_EXPR_HEIGHT, so every pass may recurse */
};

typedef struct {
  AstStmt **items;
  int n;
} AstBlock;

typedef enum { AS_LET, AS_ASSIGN, AS_STORE, AS_IF, AS_TRAP, AS_HALT, AS_LOADPSW } AstStmtKind;

struct AstStmt {
  AstStmtKind kind;
  VcLoc loc;
  char *name; /* let / assignment target */
  VcLoc name_loc;
  AstExpr *addr, *value, *cond;
  bool physical; /* AS_STORE: phys[a] := v */
  AstBlock then_b, else_b;
  int cause;
};

typedef struct {
  char *name;
  VcLoc loc;
} AstName;

typedef struct {
  char *name;
  VcLoc loc;
  uint64_t def;
  bool has_range;
  uint64_t lo, hi;
} AstParam;

typedef struct {
  char *name;
  VcLoc loc;
  AstExpr *width;
  bool resource;
  int ext;     /* ExtRole */
  VcLoc ext_loc;
} AstReg;

typedef struct {
  char *name;
  VcLoc loc;
  AstExpr *hi, *lo; /* lo NULL: a one-bit field */
  bool refine;      /* classes are derived per value of this operand */
} AstField;

typedef struct {
  int cause; /* -1: every cause */
  VcLoc loc;
  AstExpr *old_at, *new_at;
} AstVector;

/* What a trap does, per cause (-1: every cause without its own). */
typedef struct {
  int cause;
  VcLoc loc;
  AstBlock body;
} AstEntry;

typedef struct {
  AstName field;
  AstExpr *value;
} AstMatch;

typedef struct {
  char *name;
  VcLoc loc;
  AstName *operands;
  int noperands;
  AstMatch *match;
  int nmatch;
  AstBlock body;
} AstInsn;

typedef struct {
  char *file;
  char *machine;
  VcLoc machine_loc;
  GArray *params;  /* AstParam */
  GArray *modes;   /* AstName, most privileged first */
  VcLoc modes_loc;
  GArray *regs;    /* AstReg */
  GArray *psw;     /* AstName */
  VcLoc psw_loc;
  GArray *vectors; /* AstVector */
  GArray *entries; /* AstEntry */
  GArray *fields;  /* AstField */
  GArray *insns;   /* AstInsn */
  AstExpr *pc_width, *reloc_width, *bound_width;
  VcLoc pc_loc, reloc_loc, bound_loc;
  bool bound_lt; /* legal when a < b (else a <= b) */
  char *hypercall; /* the instruction paravirtualized guests call the monitor with */
  VcLoc hypercall_loc;
  GPtrArray *allocs;
} AstSpec;

/* Parses an .isa source text. NULL and *err set on a syntax error. */
AstSpec *ast_parse(const char *file, const char *src, size_t len, GError **err);
void ast_free(AstSpec *spec);

/* Trap causes; their names are the spellings in specs and traces. */
enum { CAUSE_PRIVILEGE, CAUSE_MEMORY, CAUSE_ILLEGAL, CAUSE_SYSCALL, CAUSE_COUNT };
extern const char *const cause_names[CAUSE_COUNT];

#endif
