/* Type-checks an instruction's semantics and lowers it to IR.
 *
 * Widths are checked, not guessed: binary operators need equal widths, and
 * only a constant (a literal or a parameter) takes its width from context.
 * Sinks (assignments, stores, addresses) zero-extend a narrower value.
 * Storage reads are hoisted out of expressions into IS_LOAD statements, so
 * expressions are pure and only statements can trap. */
#include <string.h>

#include "build.h"

typedef struct {
  const char *name;
  unsigned width, slot;
} Local;

typedef struct {
  Builder *b;
  IrInsn *in;
  GArray *ex, *st;
  Local locals[VC_MAX_LOCALS];
  unsigned nvisible, nslots;
  GHashTable *hoisted; /* AE_MEM and AE_PHYS node -> slot + 1 */
  bool entry; /* a trap entry (build.h) */
  bool failed;
} Lower;

static int fail(Lower *L, VcLoc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int fail(Lower *L, VcLoc loc, const char *fmt, ...)
{
  if (!L->failed) {
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vc_error_at(L->b->err, L->b->ast->file, loc, "%s", msg);
  }
  L->failed = true;
  return -1;
}

static unsigned width_of(const Lower *L, int x)
{
  return g_array_index(L->ex, IrExpr, x).width;
}

static int emit(Lower *L, IrOp op, unsigned width, int a, int b, int c, uint64_t k, VcLoc loc)
{
  if (L->failed)
    return -1;
  if (L->ex->len >= VC_MAX_INSN_EXPRS)
    return fail(L, loc, "instruction '%s' is too large (more than %d IR nodes)", L->in->name,
                VC_MAX_INSN_EXPRS);
  IrExpr e = {(uint8_t)op, (uint8_t)width, (uint16_t)MAX(a, 0), (uint16_t)MAX(b, 0),
              (uint16_t)MAX(c, 0), k};
  g_array_append_val(L->ex, e);
  return (int)L->ex->len - 1;
}

static int emit_stmt(Lower *L, IrStmt s, VcLoc loc)
{
  if (L->failed)
    return -1;
  if (L->st->len >= VC_MAX_INSN_STMTS)
    return fail(L, loc, "instruction '%s' has more than %d statements", L->in->name,
                VC_MAX_INSN_STMTS);
  g_array_append_val(L->st, s);
  return (int)L->st->len - 1;
}

/* ---- constants -------------------------------------------------------- */

static bool is_untyped(const Lower *L, const AstExpr *e)
{
  switch (e->kind) {
  case AE_INT:
    return true;
  case AE_NAME: {
    Sym *s = builder_lookup(L->b, e->name);
    for (unsigned i = 0; i < L->nvisible; i++)
      if (strcmp(L->locals[i].name, e->name) == 0)
        return false;
    return s && s->kind == SYM_PARAM;
  }
  case AE_UNARY:
    return e->op != T_BANG && is_untyped(L, e->a);
  case AE_BINARY:
    switch (e->op) {
    case T_PLUS: case T_MINUS: case T_STAR: case T_AMP: case T_PIPE: case T_CARET:
      return is_untyped(L, e->a) && is_untyped(L, e->b);
    default:
      return false;
    }
  default:
    return false;
  }
}

/* The value of an untyped constant at width w, arithmetic modulo 2^w. */
static bool untyped_value(Lower *L, const AstExpr *e, unsigned w, uint64_t *out)
{
  uint64_t m = ir_mask(w), x, y;
  switch (e->kind) {
  case AE_INT:
  case AE_NAME:
    if (e->kind == AE_INT)
      x = e->value;
    else if (!builder_const(L->b, e, &x))
      return L->failed = true, false;
    if (x > m)
      return fail(L, e->loc, "%" G_GUINT64_FORMAT " does not fit in %u bits", x, w), false;
    *out = x;
    return true;
  case AE_UNARY:
    if (!untyped_value(L, e->a, w, &x))
      return false;
    *out = (e->op == T_MINUS ? 0 - x : ~x) & m;
    return true;
  case AE_BINARY:
    if (!untyped_value(L, e->a, w, &x) || !untyped_value(L, e->b, w, &y))
      return false;
    switch (e->op) {
    case T_PLUS: *out = (x + y) & m; return true;
    case T_MINUS: *out = (x - y) & m; return true;
    case T_STAR: *out = (x * y) & m; return true;
    case T_AMP: *out = x & y; return true;
    case T_PIPE: *out = x | y; return true;
    default: *out = x ^ y; return true;
    }
  default:
    return false;
  }
}

/* ---- expressions ------------------------------------------------------ */

static int lower(Lower *L, const AstExpr *e, unsigned hint);

static int lower_pair(Lower *L, const AstExpr *a, const AstExpr *b, unsigned hint, int *y,
                      const char *opname, VcLoc loc)
{
  int x;
  if (is_untyped(L, a) && !is_untyped(L, b)) {
    *y = lower(L, b, hint);
    x = *y < 0 ? -1 : lower(L, a, width_of(L, *y));
  } else {
    x = lower(L, a, hint);
    *y = x < 0 ? -1 : lower(L, b, is_untyped(L, b) ? width_of(L, x) : hint);
  }
  if (x < 0 || *y < 0)
    return -1;
  if (width_of(L, x) != width_of(L, *y))
    return fail(L, loc, "the operands of '%s' are %u and %u bits wide; widen one with zext or "
                        "sext, or slice the other", opname, width_of(L, x), width_of(L, *y));
  return x;
}

static int lower_bit(Lower *L, const AstExpr *e, const char *what)
{
  int x = lower(L, e, 1);
  if (x >= 0 && width_of(L, x) != 1)
    return fail(L, e->loc, "%s must be 1 bit wide, not %u", what, width_of(L, x));
  return x;
}

static int lower_name(Lower *L, const AstExpr *e)
{
  for (unsigned i = L->nvisible; i-- > 0;)
    if (strcmp(L->locals[i].name, e->name) == 0)
      return emit(L, IR_LOCAL, L->locals[i].width, 0, 0, 0, L->locals[i].slot, e->loc);
  const Isa *isa = L->b->isa;
  int v = isa_find_var(isa, e->name);
  if (v >= 0)
    return emit(L, IR_VAR, isa->vars[v].width, 0, 0, 0, (uint64_t)v, e->loc);
  Sym *s = builder_lookup(L->b, e->name);
  if (s && s->kind == SYM_MODE)
    return emit(L, IR_CONST, isa->vars[VAR_MODE].width, 0, 0, 0, s->index, e->loc);
  if (s && s->kind == SYM_FIELD) {
    if (L->entry)
      return fail(L, e->loc, "a trap entry has no instruction word: field '%s' means nothing "
                             "here", e->name);
    const IrField *f = &isa->fields[s->index];
    uint64_t fmask = ir_field_mask(f);
    bool operand = false;
    for (unsigned i = 0; i < L->in->noperands; i++)
      operand |= L->in->operand[i] == s->index;
    if (!operand && (L->in->mask & fmask) != fmask)
      return fail(L, e->loc, "field '%s' is neither an operand of '%s' nor fixed by its encoding",
                  e->name, L->in->name);
    int w = emit(L, IR_INSN, isa->word, 0, 0, 0, 0, e->loc);
    return emit(L, IR_SLICE, f->hi - f->lo + 1, w, 0, 0, (uint64_t)f->hi << 8 | f->lo, e->loc);
  }
  return fail(L, e->loc, "unknown name '%s'", e->name);
}

static int lower_call(Lower *L, const AstExpr *e, unsigned hint)
{
  const char *f = e->name;
  bool ext = !strcmp(f, "zext") || !strcmp(f, "sext");
  bool scmp = !strcmp(f, "slt") || !strcmp(f, "sle") || !strcmp(f, "sgt") || !strcmp(f, "sge");
  if (ext) {
    if (e->nargs != 2)
      return fail(L, e->loc, "%s takes 2 arguments (a value and the new width), not %d", f,
                  e->nargs);
    uint64_t n;
    if (!builder_const(L->b, e->args[1], &n))
      return L->failed = true, -1;
    if (n < 1 || n > 64)
      return fail(L, e->args[1]->loc, "width %" G_GUINT64_FORMAT " is outside 1..64", n);
    if (is_untyped(L, e->args[0]))
      return lower(L, e->args[0], (unsigned)n);
    int x = lower(L, e->args[0], 0);
    if (x < 0)
      return -1;
    if (width_of(L, x) > n)
      return fail(L, e->loc, "%s cannot narrow a value of %u bits to %" G_GUINT64_FORMAT
                             " bits", f, width_of(L, x), n);
    if (width_of(L, x) == n)
      return x;
    return emit(L, f[0] == 'z' ? IR_ZEXT : IR_SEXT, (unsigned)n, x, 0, 0, 0, e->loc);
  }
  if (scmp) {
    if (e->nargs != 2)
      return fail(L, e->loc, "%s takes 2 arguments, not %d", f, e->nargs);
    int y, x = lower_pair(L, e->args[0], e->args[1], 0, &y, f, e->loc);
    if (x < 0)
      return -1;
    bool swap = f[1] == 'g';
    IrOp op = f[2] == 't' ? IR_SLT : IR_SLE;
    return emit(L, op, 1, swap ? y : x, swap ? x : y, 0, 0, e->loc);
  }
  if (!strcmp(f, "concat")) {
    if (e->nargs < 2)
      return fail(L, e->loc, "concat takes at least 2 arguments, not %d", e->nargs);
    int acc = -1;
    for (int i = 0; i < e->nargs; i++) {
      int x = lower(L, e->args[i], 0);
      if (x < 0)
        return -1;
      if (acc < 0) {
        acc = x;
        continue;
      }
      unsigned w = width_of(L, acc) + width_of(L, x);
      if (w > 64)
        return fail(L, e->loc, "concat is %u bits wide; at most 64", w);
      acc = emit(L, IR_CONCAT, w, acc, x, 0, 0, e->loc);
    }
    return acc;
  }
  (void)hint;
  return fail(L, e->loc, "unknown function '%s' (there are zext, sext, slt, sle, sgt, sge and "
                         "concat)", f);
}

static int lower_binary(Lower *L, const AstExpr *e, unsigned hint)
{
  int x, y;
  g_autofree char *opname = g_strdup(tok_kind_name(e->op));
  opname[strlen(opname) - 1] = 0; /* strip the quotes of "'+'" */
  const char *on = opname + 1;
  switch (e->op) {
  case T_PLUS: case T_MINUS: case T_STAR: case T_AMP: case T_PIPE: case T_CARET: {
    static const IrOp ops[] = {[T_PLUS] = IR_ADD, [T_MINUS] = IR_SUB, [T_STAR] = IR_MUL,
                               [T_AMP] = IR_AND, [T_PIPE] = IR_OR, [T_CARET] = IR_XOR};
    if ((x = lower_pair(L, e->a, e->b, hint, &y, on, e->loc)) < 0)
      return -1;
    return emit(L, ops[e->op], width_of(L, x), x, y, 0, 0, e->loc);
  }
  case T_EQEQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE: {
    if ((x = lower_pair(L, e->a, e->b, 0, &y, on, e->loc)) < 0)
      return -1;
    switch (e->op) {
    case T_EQEQ: return emit(L, IR_EQ, 1, x, y, 0, 0, e->loc);
    case T_NE: return emit(L, IR_NOT, 1, emit(L, IR_EQ, 1, x, y, 0, 0, e->loc), 0, 0, 0, e->loc);
    case T_LT: return emit(L, IR_ULT, 1, x, y, 0, 0, e->loc);
    case T_LE: return emit(L, IR_ULE, 1, x, y, 0, 0, e->loc);
    case T_GT: return emit(L, IR_ULT, 1, y, x, 0, 0, e->loc);
    default: return emit(L, IR_ULE, 1, y, x, 0, 0, e->loc);
    }
  }
  case T_ANDAND: case T_OROR:
    if ((x = lower_bit(L, e->a, "each side of && and ||")) < 0 ||
        (y = lower_bit(L, e->b, "each side of && and ||")) < 0)
      return -1;
    return emit(L, e->op == T_ANDAND ? IR_AND : IR_OR, 1, x, y, 0, 0, e->loc);
  case T_SHL: case T_SHR: case T_SAR: {
    if (is_untyped(L, e->a) && !hint)
      return fail(L, e->a->loc, "cannot tell the width of the value shifted; write zext(VALUE, "
                                "WIDTH)");
    if ((x = lower(L, e->a, hint)) < 0)
      return -1;
    unsigned w = width_of(L, x);
    if ((y = lower(L, e->b, is_untyped(L, e->b) ? w : 0)) < 0)
      return -1;
    if (width_of(L, y) > w)
      return fail(L, e->b->loc, "the shift amount is %u bits wide, wider than the %u-bit value "
                                "shifted", width_of(L, y), w);
    if (width_of(L, y) < w)
      y = emit(L, IR_ZEXT, w, y, 0, 0, 0, e->loc);
    IrOp op = e->op == T_SHL ? IR_SHL : e->op == T_SHR ? IR_LSHR : IR_ASHR;
    return emit(L, op, w, x, y, 0, 0, e->loc);
  }
  default:
    return fail(L, e->loc, "'%s' is not an operator of expressions", on);
  }
}

static int lower(Lower *L, const AstExpr *e, unsigned hint)
{
  if (L->failed || !e)
    return -1;
  if (is_untyped(L, e)) {
    uint64_t v;
    if (!hint)
      return fail(L, e->loc, "cannot tell the width of this constant; use it beside a sized "
                             "value or write zext(CONSTANT, WIDTH)");
    if (!untyped_value(L, e, hint, &v))
      return -1;
    return emit(L, IR_CONST, hint, 0, 0, 0, v, e->loc);
  }
  switch (e->kind) {
  case AE_NAME:
    return lower_name(L, e);
  case AE_MEM:
  case AE_PHYS: {
    gpointer slot = g_hash_table_lookup(L->hoisted, e);
    g_assert(slot);
    return emit(L, IR_LOCAL, L->b->isa->word, 0, 0, 0, GPOINTER_TO_UINT(slot) - 1, e->loc);
  }
  case AE_UNARY: {
    if (e->op == T_BANG) {
      int x = lower_bit(L, e->a, "the operand of '!'");
      return x < 0 ? -1 : emit(L, IR_NOT, 1, x, 0, 0, 0, e->loc);
    }
    int x = lower(L, e->a, hint);
    if (x < 0)
      return -1;
    unsigned w = width_of(L, x);
    if (e->op == T_TILDE)
      return emit(L, IR_NOT, w, x, 0, 0, 0, e->loc);
    int zero = emit(L, IR_CONST, w, 0, 0, 0, 0, e->loc);
    return emit(L, IR_SUB, w, zero, x, 0, 0, e->loc);
  }
  case AE_BINARY:
    return lower_binary(L, e, hint);
  case AE_COND: {
    int c = lower_bit(L, e->a, "the condition of '?:'"), y;
    if (c < 0)
      return -1;
    int x = lower_pair(L, e->b, e->c, hint, &y, "?:", e->loc);
    return x < 0 ? -1 : emit(L, IR_ITE, width_of(L, x), c, x, y, 0, e->loc);
  }
  case AE_SLICE: {
    if (is_untyped(L, e->a))
      return fail(L, e->a->loc, "cannot slice a constant of no width");
    int x = lower(L, e->a, 0);
    uint64_t hi, lo;
    if (x < 0 || !builder_const(L->b, e->b, &hi) || (e->c && !builder_const(L->b, e->c, &lo)))
      return L->failed = true, -1;
    if (!e->c)
      lo = hi;
    unsigned w = width_of(L, x);
    if (hi >= w)
      return fail(L, e->b->loc, "bit %" G_GUINT64_FORMAT " is outside a value of %u bits", hi, w);
    if (lo > hi)
      return fail(L, e->c->loc, "slice [%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT "] runs "
                                "backwards; write the high bit first", hi, lo);
    return emit(L, IR_SLICE, (unsigned)(hi - lo + 1), x, 0, 0, hi << 8 | lo, e->loc);
  }
  case AE_CALL:
    return lower_call(L, e, hint);
  default:
    return fail(L, e->loc, "unexpected expression");
  }
}

/* Zero-extends x to w bits for a sink (assignment, store, address). */
static int widen(Lower *L, int x, unsigned w, VcLoc loc, const char *what)
{
  if (x < 0)
    return -1;
  unsigned xw = width_of(L, x);
  if (xw > w)
    return fail(L, loc, "%s is %u bits wide but the value is %u bits; slice it, as in x[%u:0]",
                what, w, xw, w - 1);
  return xw == w ? x : emit(L, IR_ZEXT, w, x, 0, 0, 0, loc);
}

static int lower_addr(Lower *L, const AstExpr *e)
{
  unsigned aw = L->b->isa->addr_width;
  return widen(L, lower(L, e, aw), aw, e->loc, "an address");
}

/* ---- statements ------------------------------------------------------- */

static unsigned new_local(Lower *L, const char *name, unsigned width, VcLoc loc)
{
  if (L->nslots >= VC_MAX_LOCALS || L->nvisible >= VC_MAX_LOCALS)
    return (unsigned)fail(L, loc, "more than %d locals in '%s'", VC_MAX_LOCALS, L->in->name);
  unsigned slot = L->nslots++;
  if (name)
    L->locals[L->nvisible++] = (Local){name, width, slot};
  return slot;
}

/* Emits an IS_LOAD for every storage read in e, innermost first. */
static void hoist(Lower *L, const AstExpr *e, bool in_cond_arm)
{
  if (!e || L->failed)
    return;
  switch (e->kind) {
  case AE_MEM:
  case AE_PHYS: {
    if (in_cond_arm) {
      fail(L, e->loc, "a storage read inside '?:' would happen whichever arm is chosen (and "
                      "could trap); use if");
      return;
    }
    if (L->entry && e->kind == AE_MEM) {
      fail(L, e->loc, "a trap entry reads storage by physical address: write phys[...]");
      return;
    }
    hoist(L, e->a, false);
    uint32_t lo = L->ex->len;
    int a = lower_addr(L, e->a);
    unsigned slot = new_local(L, NULL, L->b->isa->word, e->loc);
    if (a < 0 || L->failed)
      return;
    emit_stmt(L, (IrStmt){.kind = IS_LOAD, .slot = (uint16_t)slot, .lo = lo, .hi = L->ex->len,
                          .e0 = (uint32_t)a, .physical = e->kind == AE_PHYS}, e->loc);
    g_hash_table_insert(L->hoisted, (gpointer)e, GUINT_TO_POINTER(slot + 1));
    return;
  }
  case AE_COND:
    hoist(L, e->a, in_cond_arm);
    hoist(L, e->b, true);
    hoist(L, e->c, true);
    return;
  default:
    hoist(L, e->a, in_cond_arm);
    hoist(L, e->b, in_cond_arm);
    hoist(L, e->c, in_cond_arm);
    for (int i = 0; i < e->nargs; i++)
      hoist(L, e->args[i], in_cond_arm);
  }
}

static void lower_block(Lower *L, const AstBlock *blk);

static void lower_assign(Lower *L, const AstStmt *s)
{
  const Isa *isa = L->b->isa;
  int v = isa_find_var(isa, s->name);
  if (v < 0) {
    for (unsigned i = 0; i < L->nvisible; i++)
      if (strcmp(L->locals[i].name, s->name) == 0) {
        fail(L, s->name_loc, "'%s' is a local; locals are bound once by let", s->name);
        return;
      }
    Sym *sym = builder_lookup(L->b, s->name);
    if (sym)
      fail(L, s->name_loc, "cannot assign to '%s': only registers, mode, pc, reloc and bound "
                           "can be assigned", s->name);
    else
      fail(L, s->name_loc, "unknown name '%s'", s->name);
    return;
  }
  hoist(L, s->value, false);
  uint32_t lo = L->ex->len;
  unsigned w = isa->vars[v].width;
  g_autofree char *what = g_strdup_printf("'%s'", s->name);
  int x = widen(L, lower(L, s->value, w), w, s->value->loc, what);
  if (x >= 0)
    emit_stmt(L, (IrStmt){.kind = IS_SET, .slot = (uint16_t)v, .lo = lo, .hi = L->ex->len,
                          .e0 = (uint32_t)x}, s->loc);
}

static void lower_stmt(Lower *L, const AstStmt *s)
{
  const Isa *isa = L->b->isa;
  uint32_t lo;
  switch (s->kind) {
  case AS_LET: {
    for (unsigned i = 0; i < L->nvisible; i++)
      if (strcmp(L->locals[i].name, s->name) == 0) {
        fail(L, s->name_loc, "local '%s' is already bound", s->name);
        return;
      }
    if (builder_lookup(L->b, s->name) || isa_find_var(isa, s->name) >= 0) {
      fail(L, s->name_loc, "local '%s' would hide a declaration of the same name", s->name);
      return;
    }
    hoist(L, s->value, false);
    lo = L->ex->len;
    int x = lower(L, s->value, 0);
    if (x < 0)
      return;
    unsigned slot = new_local(L, s->name, width_of(L, x), s->loc);
    emit_stmt(L, (IrStmt){.kind = IS_LET, .slot = (uint16_t)slot, .lo = lo, .hi = L->ex->len,
                          .e0 = (uint32_t)x}, s->loc);
    return;
  }
  case AS_ASSIGN:
    lower_assign(L, s);
    return;
  case AS_STORE: {
    if (L->entry && !s->physical) {
      fail(L, s->loc, "a trap entry writes storage by physical address: write phys[...] :=");
      return;
    }
    hoist(L, s->addr, false);
    hoist(L, s->value, false);
    lo = L->ex->len;
    int a = lower_addr(L, s->addr);
    int v = widen(L, lower(L, s->value, isa->word), isa->word, s->value->loc, "a storage word");
    if (a >= 0 && v >= 0)
      emit_stmt(L, (IrStmt){.kind = IS_STORE, .lo = lo, .hi = L->ex->len, .e0 = (uint32_t)a,
                            .e1 = (uint32_t)v, .physical = s->physical}, s->loc);
    return;
  }
  case AS_LOADPSW: {
    if (L->entry) {
      fail(L, s->loc, "a trap entry sets the PSW's parts by assignment, not loadpsw");
      return;
    }
    hoist(L, s->addr, false);
    lo = L->ex->len;
    int a = lower_addr(L, s->addr);
    if (a >= 0)
      emit_stmt(L, (IrStmt){.kind = IS_LOADPSW, .lo = lo, .hi = L->ex->len, .e0 = (uint32_t)a},
                s->loc);
    return;
  }
  case AS_IF: {
    hoist(L, s->cond, false);
    lo = L->ex->len;
    int c = lower_bit(L, s->cond, "the condition of 'if'");
    int at = c < 0 ? -1 : emit_stmt(L, (IrStmt){.kind = IS_IF, .lo = lo, .hi = L->ex->len,
                                                 .e0 = (uint32_t)c}, s->loc);
    if (at < 0)
      return;
    lower_block(L, &s->then_b);
    g_array_index(L->st, IrStmt, at).then_end = L->st->len;
    lower_block(L, &s->else_b);
    g_array_index(L->st, IrStmt, at).else_end = L->st->len;
    return;
  }
  case AS_TRAP:
    if (L->entry) {
      fail(L, s->loc, "a trap entry cannot trap");
      return;
    }
    emit_stmt(L, (IrStmt){.kind = IS_TRAP, .cause = (uint8_t)s->cause}, s->loc);
    return;
  case AS_HALT:
    emit_stmt(L, (IrStmt){.kind = IS_HALT}, s->loc);
    return;
  }
}

static void lower_block(Lower *L, const AstBlock *blk)
{
  unsigned visible = L->nvisible;
  for (int i = 0; i < blk->n && !L->failed; i++)
    lower_stmt(L, blk->items[i]);
  L->nvisible = visible;
}

/* Demanded bits: which bits of each value can affect the outcome. A backward
 * pass over statements (uses follow definitions) and, within a statement,
 * over its nodes (children precede parents). Conservative: any doubt
 * demands every bit. The explorer enumerates only demanded storage bits. */
static void compute_demand(IrInsn *in)
{
  uint64_t *node = g_new0(uint64_t, in->nex ? in->nex : 1);
  uint64_t *local = g_new0(uint64_t, in->nlocals ? in->nlocals : 1);
  for (unsigned si = in->nst; si-- > 0;) {
    IrStmt *s = &in->st[si];
    if (s->kind == IS_LOAD)
      s->demand = local[s->slot];
    if (s->lo == s->hi)
      continue;
    for (uint32_t i = s->lo; i < s->hi; i++)
      node[i] = 0;
    switch (s->kind) {
    case IS_LET: node[s->e0] = local[s->slot]; break;
    case IS_STORE: node[s->e1] = UINT64_MAX; /* fall through */
    default: node[s->e0] = UINT64_MAX; break;
    }
    for (uint32_t i = s->hi; i-- > s->lo;) {
      const IrExpr *e = &in->ex[i];
      uint64_t d = node[i] & ir_mask(e->width);
      unsigned aw = in->ex[e->a].width, bw = in->ex[e->b].width;
      switch (e->op) {
      case IR_LOCAL: local[e->k] |= d; break;
      case IR_CONST: case IR_INSN: case IR_VAR: break;
      default:
        for (unsigned x = 0; x < ir_arity(e->op); x++)
          node[x == 0 ? e->a : x == 1 ? e->b : e->c] |= ir_arg_demand(e->op, x, d, e->k, aw, bw);
      }
    }
  }
  g_free(node);
  g_free(local);
}

static void compute_footprint(const Isa *isa, IrInsn *in)
{
  in->reads_var[VAR_PC] = true; /* the default next pc is pc + 1 */
  /* Top-level writes before any halt happen on every path that does not trap. */
  for (unsigned i = 0; i < in->nst; i++) {
    const IrStmt *s = &in->st[i];
    if (s->kind == IS_HALT)
      break;
    if (s->kind == IS_SET)
      in->surely_writes[s->slot] = true;
    if (s->kind == IS_LOADPSW)
      for (unsigned k = 0; k < isa->psw_len; k++)
        in->surely_writes[isa->psw[k]] = true;
    if (s->kind == IS_IF) {
      for (unsigned j = i + 1; j < s->else_end; j++)
        if (in->st[j].kind == IS_HALT)
          goto conditional_halt;
      i = s->else_end - 1;
    }
  }
conditional_halt:
  for (unsigned i = 0; i < in->nex; i++)
    if (in->ex[i].op == IR_VAR)
      in->reads_var[in->ex[i].k] = true;
  for (unsigned i = 0; i < in->nst; i++) {
    const IrStmt *s = &in->st[i];
    bool mem = s->kind == IS_LOAD || s->kind == IS_STORE || s->kind == IS_LOADPSW;
    if (mem) {
      /* a physical access reads l too: its legality depends on the storage
       * size, which a state in a larger storage ties to l (eval.h) */
      in->reads_var[VAR_RELOC] = true;
      in->reads_var[VAR_BOUND] |= !s->physical;
      in->physical |= s->physical;
      in->may_trap = true;
    }
    switch (s->kind) {
    case IS_SET: in->writes_var[s->slot] = true; break;
    case IS_LOAD: in->reads_mem = true; break;
    case IS_STORE: in->writes_mem = true; break;
    case IS_TRAP: in->may_trap = true; break;
    case IS_HALT: in->may_halt = true; break;
    case IS_LOADPSW:
      in->reads_mem = in->loads_psw = true;
      for (unsigned k = 0; k < isa->psw_len; k++)
        in->writes_var[isa->psw[k]] = true;
      break;
    default: break;
    }
  }
}

static bool lower_semantics(Builder *b, const AstInsn *ai, IrInsn *in, bool entry)
{
  Lower L = {.b = b, .in = in, .entry = entry};
  L.ex = g_array_new(FALSE, FALSE, sizeof(IrExpr));
  L.st = g_array_new(FALSE, FALSE, sizeof(IrStmt));
  L.hoisted = g_hash_table_new(g_direct_hash, g_direct_equal);
  lower_block(&L, &ai->body);
  g_hash_table_destroy(L.hoisted);
  in->nex = L.ex->len;
  in->nst = L.st->len;
  in->nlocals = L.nslots;
  in->ex = (IrExpr *)g_array_free(L.ex, FALSE);
  in->st = (IrStmt *)g_array_free(L.st, FALSE);
  unsigned nstores = 0;
  for (unsigned i = 0; i < in->nst; i++)
    nstores += in->st[i].kind == IS_STORE;
  if (!L.failed && nstores > VC_MAX_STORES)
    fail(&L, ai->loc, "'%s' has %u storage writes; at most %d", ai->name, nstores,
         VC_MAX_STORES);
  if (!L.failed) {
    compute_footprint(b->isa, in);
    compute_demand(in);
  }
  return !L.failed;
}

bool lower_insn(Builder *b, const AstInsn *ai, IrInsn *in)
{
  return lower_semantics(b, ai, in, false);
}

bool lower_entry(Builder *b, const AstInsn *ai, IrInsn *in)
{
  return lower_semantics(b, ai, in, true);
}
