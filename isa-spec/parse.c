/* Recursive-descent parser for .isa files (grammar: docs/isa-spec.md).
 * Depth and counts are bounded so that no input can exhaust the stack. */
#include <string.h>

#include "ast.h"
#include "vc_limits.h"

const char *const cause_names[CAUSE_COUNT] = {"privilege", "memory", "illegal", "syscall"};

typedef struct {
  Lexer lx;
  Tok tok;
  AstSpec *spec;
  GError **err;
  bool failed;
  int depth;
} Parser;

static void *alloc(Parser *ps, size_t size)
{
  void *p = g_malloc0(size);
  g_ptr_array_add(ps->spec->allocs, p);
  return p;
}

static char *tok_str(Parser *ps, const Tok *t)
{
  char *s = g_strndup(t->text, (gsize)t->len);
  g_ptr_array_add(ps->spec->allocs, s);
  return s;
}

static void fail(Parser *ps, VcLoc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void fail(Parser *ps, VcLoc loc, const char *fmt, ...)
{
  if (ps->failed)
    return;
  ps->failed = true;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  vc_error_at(ps->err, ps->spec->file, loc, "%s", msg);
}

static void advance(Parser *ps)
{
  if (ps->failed)
    return;
  ps->tok = lex_next(&ps->lx, ps->err);
  if (ps->tok.kind == T_ERROR)
    ps->failed = true;
}

static void fail_expected(Parser *ps, const char *what)
{
  g_autofree char *found = tok_describe(&ps->tok);
  fail(ps, ps->tok.loc, "expected %s, found %s", what, found);
}

static bool accept(Parser *ps, TokKind k)
{
  if (ps->failed || ps->tok.kind != k)
    return false;
  advance(ps);
  return true;
}

static bool accept_word(Parser *ps, const char *w)
{
  if (ps->failed || !tok_is(&ps->tok, w))
    return false;
  advance(ps);
  return true;
}

static bool expect(Parser *ps, TokKind k)
{
  if (accept(ps, k))
    return true;
  fail_expected(ps, tok_kind_name(k));
  return false;
}

static char *expect_ident(Parser *ps, const char *what, VcLoc *loc)
{
  if (ps->failed)
    return NULL;
  if (ps->tok.kind != T_IDENT) {
    fail_expected(ps, what);
    return NULL;
  }
  if (loc)
    *loc = ps->tok.loc;
  char *s = tok_str(ps, &ps->tok);
  advance(ps);
  return s;
}

/* A machine's name: an identifier, with hyphenated parts written without
 * spaces (pg-classic, ibm360-67), so that it can match its file's name. */
static char *machine_name(Parser *ps, VcLoc *loc)
{
  const char *end = ps->tok.text + ps->tok.len;
  char *first = expect_ident(ps, "the machine's name", loc);
  if (!first)
    return NULL;
  GString *name = g_string_new(first); /* first belongs to the spec's allocs */
  while (!ps->failed && ps->tok.kind == T_MINUS && ps->tok.text == end) {
    advance(ps);
    if ((ps->tok.kind != T_IDENT && ps->tok.kind != T_INT) || ps->tok.text != end + 1) {
      fail_expected(ps, "the rest of the machine's name after '-' (letters or digits, no "
                        "spaces)");
      break;
    }
    g_string_append_c(name, '-');
    g_string_append_len(name, ps->tok.text, ps->tok.len);
    end = ps->tok.text + ps->tok.len;
    advance(ps);
  }
  char *s = g_string_free(name, FALSE);
  g_ptr_array_add(ps->spec->allocs, s);
  return s;
}

static bool enter(Parser *ps)
{
  if (++ps->depth > VC_MAX_NESTING) {
    fail(ps, ps->tok.loc, "nesting deeper than %d levels", VC_MAX_NESTING);
    return false;
  }
  return true;
}

/* ---- expressions ------------------------------------------------------ */

static AstExpr *parse_expr(Parser *ps);

static AstExpr *node(Parser *ps, AstExprKind kind, VcLoc loc)
{
  AstExpr *e = alloc(ps, sizeof *e);
  e->kind = kind;
  e->loc = loc;
  e->height = 1;
  return e;
}

static int height(const AstExpr *e)
{
  return e ? e->height : 0;
}

/* Sets e's height from its children: the one place trees grow, so no tree
 * (however long a chain of operators) outgrows what later passes recurse
 * over. NULL (after failing) beyond the limit. */
static AstExpr *grown(Parser *ps, AstExpr *e)
{
  if (ps->failed || !e)
    return NULL;
  int h = MAX(height(e->a), MAX(height(e->b), height(e->c)));
  for (int i = 0; i < e->nargs; i++)
    h = MAX(h, height(e->args[i]));
  e->height = h + 1;
  if (e->height > VC_MAX_EXPR_HEIGHT) {
    fail(ps, e->loc, "expression deeper than %d levels (a chain of operators counts each one)",
         VC_MAX_EXPR_HEIGHT);
    return NULL;
  }
  return e;
}

static AstExpr *parse_primary(Parser *ps)
{
  if (ps->failed)
    return NULL;
  Tok t = ps->tok;
  AstExpr *e = NULL;
  if (t.kind == T_INT) {
    e = node(ps, AE_INT, t.loc);
    e->value = t.value;
    advance(ps);
  } else if (t.kind == T_LPAREN) {
    advance(ps);
    e = parse_expr(ps);
    expect(ps, T_RPAREN);
  } else if (t.kind == T_IDENT) {
    char *name = tok_str(ps, &t);
    advance(ps);
    bool phys = !strcmp(name, "phys");
    if ((phys || !strcmp(name, "mem")) && accept(ps, T_LBRACK)) { /* plain `mem` is the size */
      e = node(ps, phys ? AE_PHYS : AE_MEM, t.loc);
      e->a = parse_expr(ps);
      expect(ps, T_RBRACK);
      e = grown(ps, e);
    } else if (accept(ps, T_LPAREN)) {
      e = node(ps, AE_CALL, t.loc);
      e->name = name;
      e->args = alloc(ps, sizeof(AstExpr *) * VC_MAX_CALL_ARGS);
      if (!accept(ps, T_RPAREN)) {
        do {
          if (e->nargs == VC_MAX_CALL_ARGS) {
            fail(ps, ps->tok.loc, "more than %d arguments to '%s'", VC_MAX_CALL_ARGS, name);
            return NULL;
          }
          e->args[e->nargs++] = parse_expr(ps);
        } while (accept(ps, T_COMMA));
        expect(ps, T_RPAREN);
      }
      e = grown(ps, e);
    } else {
      e = node(ps, AE_NAME, t.loc);
      e->name = name;
    }
  } else {
    fail_expected(ps, "an expression");
    return NULL;
  }
  /* Postfix bit slices: x[hi:lo] or x[bit]. */
  while (!ps->failed && ps->tok.kind == T_LBRACK) {
    AstExpr *s = node(ps, AE_SLICE, ps->tok.loc);
    advance(ps);
    s->a = e;
    s->b = parse_expr(ps);
    if (accept(ps, T_COLON))
      s->c = parse_expr(ps);
    expect(ps, T_RBRACK);
    e = grown(ps, s);
  }
  return e;
}

static AstExpr *parse_unary(Parser *ps)
{
  if (!enter(ps))
    return NULL;
  AstExpr *e;
  Tok t = ps->tok;
  if (t.kind == T_MINUS || t.kind == T_TILDE || t.kind == T_BANG) {
    advance(ps);
    e = node(ps, AE_UNARY, t.loc);
    e->op = t.kind;
    e->a = parse_unary(ps);
    e = grown(ps, e);
  } else {
    e = parse_primary(ps);
  }
  ps->depth--;
  return e;
}

/* Binary precedence, loosest first; 0 for a token that is no binary operator. */
static int binary_prec(TokKind k)
{
  switch (k) {
  case T_OROR: return 1;
  case T_ANDAND: return 2;
  case T_PIPE: return 3;
  case T_CARET: return 4;
  case T_AMP: return 5;
  case T_EQEQ: case T_NE: return 6;
  case T_LT: case T_LE: case T_GT: case T_GE: return 7;
  case T_SHL: case T_SHR: case T_SAR: return 8;
  case T_PLUS: case T_MINUS: return 9;
  case T_STAR: return 10;
  default: return 0;
  }
}

static AstExpr *parse_binary(Parser *ps, int min_prec)
{
  AstExpr *lhs = parse_unary(ps);
  for (;;) {
    int prec = binary_prec(ps->tok.kind);
    if (ps->failed || prec == 0 || prec < min_prec)
      return lhs;
    Tok op = ps->tok;
    advance(ps);
    if (!enter(ps))
      return NULL;
    AstExpr *rhs = parse_binary(ps, prec + 1);
    ps->depth--;
    AstExpr *e = node(ps, AE_BINARY, op.loc);
    e->op = op.kind;
    e->a = lhs;
    e->b = rhs;
    if (!(lhs = grown(ps, e)))
      return NULL;
  }
}

static AstExpr *parse_expr(Parser *ps)
{
  if (!enter(ps))
    return NULL;
  AstExpr *e = parse_binary(ps, 1);
  if (!ps->failed && ps->tok.kind == T_QUESTION) {
    AstExpr *c = node(ps, AE_COND, ps->tok.loc);
    advance(ps);
    c->a = e;
    c->b = parse_expr(ps);
    expect(ps, T_COLON);
    c->c = parse_expr(ps);
    e = grown(ps, c);
  }
  ps->depth--;
  return e;
}

/* ---- statements ------------------------------------------------------- */

static void parse_block(Parser *ps, AstBlock *b);

static int parse_cause(Parser *ps)
{
  for (int c = 0; c < CAUSE_COUNT; c++)
    if (accept_word(ps, cause_names[c]))
      return c;
  fail_expected(ps, "a trap cause (privilege, memory, illegal or syscall)");
  return -1;
}

static AstStmt *parse_stmt(Parser *ps)
{
  AstStmt *s = alloc(ps, sizeof *s);
  s->loc = ps->tok.loc;
  if (accept_word(ps, "let")) {
    s->kind = AS_LET;
    s->name = expect_ident(ps, "a name after 'let'", &s->name_loc);
    expect(ps, T_EQ);
    s->value = parse_expr(ps);
  } else if (accept_word(ps, "if")) {
    s->kind = AS_IF;
    s->cond = parse_expr(ps);
    parse_block(ps, &s->then_b);
    if (accept_word(ps, "else")) {
      if (tok_is(&ps->tok, "if")) { /* else if: a block of one if */
        if (!enter(ps))
          return NULL;
        s->else_b.items = alloc(ps, sizeof(AstStmt *));
        s->else_b.items[0] = parse_stmt(ps);
        s->else_b.n = 1;
        ps->depth--;
        return s;
      }
      parse_block(ps, &s->else_b);
    }
    return s;
  } else if (accept_word(ps, "trap")) {
    s->kind = AS_TRAP;
    s->cause = parse_cause(ps);
  } else if (accept_word(ps, "halt")) {
    s->kind = AS_HALT;
  } else if (accept_word(ps, "loadpsw")) {
    s->kind = AS_LOADPSW;
    s->addr = parse_expr(ps);
  } else if (tok_is(&ps->tok, "mem") || tok_is(&ps->tok, "phys")) {
    s->kind = AS_STORE;
    s->physical = tok_is(&ps->tok, "phys");
    advance(ps);
    expect(ps, T_LBRACK);
    s->addr = parse_expr(ps);
    expect(ps, T_RBRACK);
    expect(ps, T_ASSIGN);
    s->value = parse_expr(ps);
  } else if (ps->tok.kind == T_IDENT) {
    s->kind = AS_ASSIGN;
    s->name = expect_ident(ps, "a name", &s->name_loc);
    if (!ps->failed && ps->tok.kind != T_ASSIGN) {
      fail_expected(ps, "':=' after the name of the state being assigned");
      return NULL;
    }
    advance(ps);
    s->value = parse_expr(ps);
  } else {
    fail_expected(ps, "a statement (let, if, trap, halt, loadpsw, mem[...] :=, phys[...] := or "
                      "NAME :=)");
    return NULL;
  }
  expect(ps, T_SEMI);
  return s;
}

static void parse_block(Parser *ps, AstBlock *b)
{
  if (!expect(ps, T_LBRACE) || !enter(ps))
    return;
  GPtrArray *items = g_ptr_array_new();
  while (!ps->failed && ps->tok.kind != T_RBRACE) {
    if (ps->tok.kind == T_EOF) {
      fail_expected(ps, "'}' to close the block");
      break;
    }
    if (items->len == VC_MAX_BLOCK_STMTS) {
      fail(ps, ps->tok.loc, "more than %d statements in one block", VC_MAX_BLOCK_STMTS);
      break;
    }
    g_ptr_array_add(items, parse_stmt(ps));
  }
  expect(ps, T_RBRACE);
  ps->depth--;
  b->n = (int)items->len;
  b->items = alloc(ps, sizeof(AstStmt *) * (items->len + 1));
  if (items->len)
    memcpy(b->items, items->pdata, sizeof(AstStmt *) * items->len);
  g_ptr_array_free(items, TRUE);
}

/* ---- declarations ----------------------------------------------------- */

/* `what` names the things counted, in the plural ("mode names"). */
static bool room(Parser *ps, GArray *a, guint max, const char *what)
{
  if (a->len < max)
    return true;
  fail(ps, ps->tok.loc, "more than %u %s", max, what);
  return false;
}

static void parse_param(Parser *ps)
{
  AstParam p = {0};
  p.name = expect_ident(ps, "a parameter name", &p.loc);
  expect(ps, T_EQ);
  if (ps->failed)
    return;
  if (ps->tok.kind != T_INT) {
    fail_expected(ps, "the parameter's default value (a number)");
    return;
  }
  p.def = ps->tok.value;
  advance(ps);
  if (accept_word(ps, "in")) {
    p.has_range = true;
    if (ps->tok.kind != T_INT) {
      fail_expected(ps, "the lowest allowed value (a number)");
      return;
    }
    p.lo = ps->tok.value;
    advance(ps);
    expect(ps, T_DOTDOT);
    if (ps->failed)
      return;
    if (ps->tok.kind != T_INT) {
      fail_expected(ps, "the highest allowed value (a number)");
      return;
    }
    p.hi = ps->tok.value;
    advance(ps);
  }
  if (room(ps, ps->spec->params, VC_MAX_PARAMS, "parameters"))
    g_array_append_val(ps->spec->params, p);
}

/* `what` names one ("a mode name"), `plural` the many ("modes"). */
static void parse_name_list(Parser *ps, GArray *into, guint max, const char *what,
                            const char *plural)
{
  do {
    AstName n = {0};
    n.name = expect_ident(ps, what, &n.loc);
    if (ps->failed || !room(ps, into, max, plural))
      return;
    g_array_append_val(into, n);
  } while (accept(ps, T_COMMA));
}

static void parse_reg(Parser *ps)
{
  AstReg r = {0};
  r.name = expect_ident(ps, "a register name", &r.loc);
  expect(ps, T_COLON);
  r.width = parse_expr(ps);
  r.resource = accept_word(ps, "resource");
  static const char *const roles[] = {"guest", "control", "host"}; /* ExtRole order, from 1 */
  for (int k = 0; r.resource && k < 3 && !r.ext; k++) {
    r.ext_loc = ps->tok.loc;
    if (accept_word(ps, roles[k]))
      r.ext = k + 1;
  }
  if (room(ps, ps->spec->regs, VC_MAX_REGS, "registers"))
    g_array_append_val(ps->spec->regs, r);
}

static void parse_field(Parser *ps)
{
  AstField f = {0};
  f.name = expect_ident(ps, "a field name", &f.loc);
  expect(ps, T_EQ);
  expect(ps, T_LBRACK);
  f.hi = parse_expr(ps);
  if (accept(ps, T_COLON))
    f.lo = parse_expr(ps);
  expect(ps, T_RBRACK);
  f.refine = accept_word(ps, "refine");
  if (room(ps, ps->spec->fields, VC_MAX_FIELDS, "fields"))
    g_array_append_val(ps->spec->fields, f);
}

static void parse_vector(Parser *ps)
{
  AstVector v = {.loc = ps->tok.loc};
  if (accept(ps, T_STAR))
    v.cause = -1;
  else
    v.cause = parse_cause(ps);
  if (!accept_word(ps, "old")) {
    fail_expected(ps, "'old' (where the old PSW is stored)");
    return;
  }
  v.old_at = parse_expr(ps);
  if (!accept_word(ps, "new")) {
    fail_expected(ps, "'new' (where the new PSW is loaded from)");
    return;
  }
  v.new_at = parse_expr(ps);
  if (room(ps, ps->spec->vectors, VC_MAX_VECTORS, "vectors"))
    g_array_append_val(ps->spec->vectors, v);
}

/* trap CAUSE { ... } or trap * { ... }: what a trap does (the default is
 * the PSW exchange of the cause's vector). */
static void parse_entry(Parser *ps)
{
  AstEntry en = {.loc = ps->tok.loc};
  en.cause = accept(ps, T_STAR) ? -1 : parse_cause(ps);
  parse_block(ps, &en.body);
  if (!ps->failed) {
    for (guint i = 0; i < ps->spec->entries->len; i++)
      if (g_array_index(ps->spec->entries, AstEntry, i).cause == en.cause) {
        fail(ps, en.loc, "the trap entry for %s is declared twice",
             en.cause < 0 ? "'*'" : cause_names[en.cause]);
        return;
      }
    g_array_append_val(ps->spec->entries, en);
  }
}

static void parse_insn(Parser *ps)
{
  AstInsn in = {0};
  in.name = expect_ident(ps, "an instruction mnemonic", &in.loc);
  in.operands = alloc(ps, sizeof(AstName) * VC_MAX_OPERANDS);
  if (!ps->failed && ps->tok.kind == T_IDENT && !tok_is(&ps->tok, "when")) {
    do {
      if (in.noperands == VC_MAX_OPERANDS) {
        fail(ps, ps->tok.loc, "more than %d operands", VC_MAX_OPERANDS);
        return;
      }
      AstName *o = &in.operands[in.noperands++];
      o->name = expect_ident(ps, "an operand (a field name)", &o->loc);
    } while (accept(ps, T_COMMA));
  }
  if (!accept_word(ps, "when")) {
    fail_expected(ps, "'when' and the instruction's encoding");
    return;
  }
  in.match = alloc(ps, sizeof(AstMatch) * VC_MAX_MATCHES);
  do {
    if (in.nmatch == VC_MAX_MATCHES) {
      fail(ps, ps->tok.loc, "more than %d encoding terms", VC_MAX_MATCHES);
      return;
    }
    AstMatch *m = &in.match[in.nmatch++];
    m->field.name = expect_ident(ps, "a field name in the encoding", &m->field.loc);
    if (!ps->failed && ps->tok.kind != T_EQEQ) {
      fail_expected(ps, "'==' in the encoding (FIELD == VALUE)");
      return;
    }
    advance(ps);
    m->value = parse_binary(ps, binary_prec(T_EQEQ) + 1);
  } while (accept(ps, T_ANDAND));
  parse_block(ps, &in.body);
  if (room(ps, ps->spec->insns, VC_MAX_INSNS, "instructions"))
    g_array_append_val(ps->spec->insns, in);
}

static void parse_state_width(Parser *ps, AstExpr **width, VcLoc *loc, const char *what)
{
  if (*width) {
    fail(ps, ps->tok.loc, "'%s' is declared twice", what);
    return;
  }
  *loc = ps->tok.loc;
  advance(ps);
  expect(ps, T_COLON);
  *width = parse_expr(ps);
}

static void parse_decl(Parser *ps)
{
  AstSpec *sp = ps->spec;
  Tok t = ps->tok;
  if (accept_word(ps, "machine")) {
    if (sp->machine) {
      fail(ps, t.loc, "'machine' is declared twice");
      return;
    }
    sp->machine = machine_name(ps, &sp->machine_loc);
  } else if (accept_word(ps, "param")) {
    parse_param(ps);
  } else if (accept_word(ps, "modes")) {
    if (sp->modes->len) {
      fail(ps, t.loc, "'modes' is declared twice");
      return;
    }
    sp->modes_loc = t.loc;
    parse_name_list(ps, sp->modes, VC_MAX_MODES, "a mode name", "modes");
  } else if (tok_is(&t, "pc")) {
    parse_state_width(ps, &sp->pc_width, &sp->pc_loc, "pc");
  } else if (tok_is(&t, "reloc")) {
    parse_state_width(ps, &sp->reloc_width, &sp->reloc_loc, "reloc");
  } else if (tok_is(&t, "bound")) {
    parse_state_width(ps, &sp->bound_width, &sp->bound_loc, "bound");
    if (accept_word(ps, "lt"))
      sp->bound_lt = true;
    else if (!accept_word(ps, "le"))
      fail_expected(ps, "the bounds rule: 'le' (legal when a <= b) or 'lt' (when a < b)");
  } else if (accept_word(ps, "reg")) {
    parse_reg(ps);
  } else if (accept_word(ps, "psw")) {
    if (sp->psw->len) {
      fail(ps, t.loc, "'psw' is declared twice");
      return;
    }
    sp->psw_loc = t.loc;
    parse_name_list(ps, sp->psw, VC_MAX_PSW, "a PSW field (mode, pc, reloc, bound or a register)",
                    "PSW fields");
  } else if (accept_word(ps, "vector")) {
    parse_vector(ps);
  } else if (accept_word(ps, "hypercall")) {
    if (sp->hypercall) {
      fail(ps, t.loc, "'hypercall' is declared twice");
      return;
    }
    sp->hypercall = expect_ident(ps, "the instruction guests call the monitor with",
                                 &sp->hypercall_loc);
  } else if (accept_word(ps, "field")) {
    parse_field(ps);
  } else if (accept_word(ps, "insn")) {
    parse_insn(ps);
    return; /* a block, no ';' */
  } else if (accept_word(ps, "trap")) {
    parse_entry(ps);
    return;
  } else {
    fail_expected(ps, "a declaration (machine, param, modes, pc, reloc, bound, reg, psw, "
                      "vector, trap, hypercall, field or insn)");
    return;
  }
  expect(ps, T_SEMI);
}

AstSpec *ast_parse(const char *file, const char *src, size_t len, GError **err)
{
  AstSpec *sp = g_new0(AstSpec, 1);
  sp->file = g_strdup(file);
  sp->allocs = g_ptr_array_new_with_free_func(g_free);
  sp->params = g_array_new(FALSE, TRUE, sizeof(AstParam));
  sp->modes = g_array_new(FALSE, TRUE, sizeof(AstName));
  sp->regs = g_array_new(FALSE, TRUE, sizeof(AstReg));
  sp->psw = g_array_new(FALSE, TRUE, sizeof(AstName));
  sp->vectors = g_array_new(FALSE, TRUE, sizeof(AstVector));
  sp->entries = g_array_new(FALSE, TRUE, sizeof(AstEntry));
  sp->fields = g_array_new(FALSE, TRUE, sizeof(AstField));
  sp->insns = g_array_new(FALSE, TRUE, sizeof(AstInsn));

  Parser ps = {.spec = sp, .err = err};
  if (memchr(src, '\0', len)) {
    vc_error_at(err, file, (VcLoc){1, 1}, "the file holds a NUL byte; expected text");
    ast_free(sp);
    return NULL;
  }
  lex_init(&ps.lx, file, src, len, false);
  advance(&ps);
  while (!ps.failed && ps.tok.kind != T_EOF)
    parse_decl(&ps);
  if (ps.failed) {
    ast_free(sp);
    return NULL;
  }
  return sp;
}

void ast_free(AstSpec *sp)
{
  if (!sp)
    return;
  g_array_free(sp->params, TRUE);
  g_array_free(sp->modes, TRUE);
  g_array_free(sp->regs, TRUE);
  g_array_free(sp->psw, TRUE);
  g_array_free(sp->vectors, TRUE);
  g_array_free(sp->entries, TRUE);
  g_array_free(sp->fields, TRUE);
  g_array_free(sp->insns, TRUE);
  g_ptr_array_free(sp->allocs, TRUE);
  g_free(sp->file);
  g_free(sp);
}
