/* Two-pass assembler: pass 1 places every line and defines labels, pass 2
 * evaluates operands (forward references allowed) and encodes. */
#include "asm.h"

#include <string.h>

#include "lex.h"

typedef struct {
  const Isa *isa;
  const char *file;
  GHashTable *labels; /* name -> GUINT64 address + 1 */
  Program *prog;
  int *origin_line; /* per word: the line that set it, for "written twice" */
  GError **err;
  bool failed;
  int pass;
} Asm;

static bool fail(Asm *a, VcLoc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail(Asm *a, VcLoc loc, const char *fmt, ...)
{
  if (!a->failed) {
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vc_error_at(a->err, a->file, loc, "%s", msg);
  }
  a->failed = true;
  return false;
}

typedef struct {
  Lexer lx;
  Tok tok;
  Asm *a;
} Line;

static void next(Line *ln)
{
  ln->tok = lex_next(&ln->lx, ln->a->err);
  if (ln->tok.kind == T_ERROR)
    ln->a->failed = true;
}

static bool at_eol(const Line *ln)
{
  return ln->tok.kind == T_NEWLINE || ln->tok.kind == T_EOF;
}

static bool expected(Line *ln, const char *what)
{
  g_autofree char *found = tok_describe(&ln->tok);
  return fail(ln->a, ln->tok.loc, "expected %s, found %s", what, found);
}

/* primary: number | symbol | -primary | (expr). In pass 1 unknown labels
 * read as 0 unless `need` says the value is needed now. */
static bool expr(Line *ln, int64_t *out, bool need, int depth);

static bool primary(Line *ln, int64_t *out, bool need, int depth)
{
  if (depth > VC_MAX_NESTING)
    return fail(ln->a, ln->tok.loc, "expression nested deeper than %d levels", VC_MAX_NESTING);
  Tok t = ln->tok;
  if (t.kind == T_INT) {
    if (t.value > (uint64_t)INT64_MAX)
      return fail(ln->a, t.loc, "number is too large");
    *out = (int64_t)t.value;
    next(ln);
    return true;
  }
  if (t.kind == T_MINUS) {
    next(ln);
    if (!primary(ln, out, need, depth + 1))
      return false;
    *out = -*out;
    return true;
  }
  if (t.kind == T_LPAREN) {
    next(ln);
    if (!expr(ln, out, need, depth + 1))
      return false;
    if (ln->tok.kind != T_RPAREN)
      return expected(ln, "')'");
    next(ln);
    return true;
  }
  if (t.kind == T_IDENT) {
    g_autofree char *name = g_strndup(t.text, (gsize)t.len);
    next(ln);
    int mode = isa_find_mode(ln->a->isa, name);
    if (mode >= 0) {
      *out = mode;
      return true;
    }
    gpointer v = g_hash_table_lookup(ln->a->labels, name);
    if (v) {
      *out = (int64_t)(GPOINTER_TO_SIZE(v) - 1);
      return true;
    }
    if (ln->a->pass == 1 && !need) {
      *out = 0;
      return true;
    }
    if (need && !g_hash_table_contains(ln->a->labels, name))
      return fail(ln->a, t.loc, "'%s' is not defined above this line, and this directive needs "
                                "its value at once", name);
    return fail(ln->a, t.loc, "unknown symbol '%s'", name);
  }
  return expected(ln, "a number or a label");
}

static bool expr(Line *ln, int64_t *out, bool need, int depth)
{
  if (!primary(ln, out, need, depth))
    return false;
  while (ln->tok.kind == T_PLUS || ln->tok.kind == T_MINUS) {
    bool plus = ln->tok.kind == T_PLUS;
    next(ln);
    int64_t r;
    if (!primary(ln, &r, need, depth + 1))
      return false;
    *out = plus ? (int64_t)((uint64_t)*out + (uint64_t)r) : (int64_t)((uint64_t)*out - (uint64_t)r);
  }
  return true;
}

static bool put_word(Asm *a, VcLoc loc, uint64_t addr, uint64_t word)
{
  Program *p = a->prog;
  if (addr >= a->isa->mem)
    return fail(a, loc, "address %" G_GUINT64_FORMAT " is outside storage (%" G_GUINT64_FORMAT
                        " words)", addr, a->isa->mem);
  if (a->pass == 2) {
    if (p->used[addr])
      return fail(a, loc, "word %" G_GUINT64_FORMAT " is written twice (first at line %d)", addr,
                  a->origin_line[addr]);
    p->used[addr] = true;
    p->words[addr] = word;
    a->origin_line[addr] = loc.line;
  }
  return true;
}

/* Encodes value v into a w-bit field: unsigned, or negative in two's complement. */
static bool fits(int64_t v, unsigned w, uint64_t *enc)
{
  uint64_t m = ir_mask(w);
  if (v >= 0 && (uint64_t)v <= m) {
    *enc = (uint64_t)v;
    return true;
  }
  if (v < 0 && w < 64 && v >= -((int64_t)1 << (w - 1))) {
    *enc = (uint64_t)v & m;
    return true;
  }
  if (v < 0 && w == 64) {
    *enc = (uint64_t)v;
    return true;
  }
  return false;
}

static bool insn_line(Line *ln, const IrInsn *in, uint64_t *loc)
{
  Asm *a = ln->a;
  const Isa *isa = a->isa;
  VcLoc at = ln->tok.loc;
  next(ln);
  uint64_t word = in->match;
  for (unsigned i = 0; i < in->noperands; i++) {
    const IrField *f = &isa->fields[in->operand[i]];
    if (i > 0) {
      if (ln->tok.kind != T_COMMA) {
        if (at_eol(ln))
          return fail(a, ln->tok.loc, "'%s' takes %u operand%s, found %u", in->name,
                      in->noperands, in->noperands == 1 ? "" : "s", i);
        return expected(ln, "','");
      }
      next(ln);
    }
    if (at_eol(ln))
      return fail(a, ln->tok.loc, "'%s' takes %u operand%s, found %u", in->name, in->noperands,
                  in->noperands == 1 ? "" : "s", i);
    VcLoc vloc = ln->tok.loc;
    int64_t v;
    uint64_t enc;
    if (!expr(ln, &v, false, 0))
      return false;
    unsigned w = f->hi - f->lo + 1;
    if (a->pass == 2 && !fits(v, w, &enc))
      return fail(a, vloc, "operand %" G_GINT64_FORMAT " does not fit the %u-bit field '%s' of '%s'",
                  v, w, f->name, in->name);
    if (a->pass == 2)
      word |= enc << f->lo;
  }
  if (!at_eol(ln)) {
    if (in->noperands == 0)
      return fail(a, ln->tok.loc, "'%s' takes no operands", in->name);
    if (ln->tok.kind == T_COMMA)
      return fail(a, ln->tok.loc, "'%s' takes %u operand%s, found more", in->name,
                  in->noperands, in->noperands == 1 ? "" : "s");
    return expected(ln, "the end of the line");
  }
  if (!put_word(a, at, *loc, word))
    return false;
  a->prog->code[*loc] = true;
  (*loc)++;
  return true;
}

static bool dir_is(const Tok *d, const char *name)
{
  return (size_t)d->len == strlen(name) && memcmp(d->text, name, (size_t)d->len) == 0;
}

static bool directive(Line *ln, uint64_t *loc)
{
  Asm *a = ln->a;
  Tok d = ln->tok;
  next(ln);
  int64_t v;
  if (dir_is(&d, "org")) {
    VcLoc vloc = ln->tok.loc;
    if (!expr(ln, &v, true, 0))
      return false;
    if (v < 0 || (uint64_t)v >= a->isa->mem)
      return fail(a, vloc, ".org %" G_GINT64_FORMAT " is outside storage (%" G_GUINT64_FORMAT
                           " words)", v, a->isa->mem);
    *loc = (uint64_t)v;
  } else if (dir_is(&d, "word")) {
    do {
      if (ln->tok.kind == T_COMMA)
        next(ln);
      VcLoc vloc = ln->tok.loc;
      uint64_t enc;
      if (!expr(ln, &v, false, 0))
        return false;
      if (a->pass == 2 && !fits(v, a->isa->word, &enc))
        return fail(a, vloc, "%" G_GINT64_FORMAT " does not fit a %u-bit word", v, a->isa->word);
      if (!put_word(a, d.loc, *loc, a->pass == 2 ? enc : 0))
        return false;
      (*loc)++;
    } while (ln->tok.kind == T_COMMA);
  } else if (dir_is(&d, "entry") || dir_is(&d, "init")) {
    int var = VAR_PC;
    if (dir_is(&d, "init")) {
      if (ln->tok.kind != T_IDENT)
        return expected(ln, "a state variable after .init");
      g_autofree char *name = g_strndup(ln->tok.text, (gsize)ln->tok.len);
      var = isa_find_var(a->isa, name);
      if (var < 0)
        return fail(a, ln->tok.loc, "'%s' is no state variable of %s", name, a->isa->name);
      next(ln);
    }
    VcLoc vloc = ln->tok.loc;
    uint64_t enc;
    if (!expr(ln, &v, false, 0))
      return false;
    const IrVarInfo *vi = &a->isa->vars[var];
    if (a->pass == 2) {
      if (var == VAR_MODE && (v < 0 || (uint64_t)v >= a->isa->nmodes)) {
        g_autofree char *modes = g_strjoinv(", ", a->isa->mode_names);
        return fail(a, vloc, "%" G_GINT64_FORMAT " is not a mode of %s (its modes: %s)", v,
                    a->isa->name, modes);
      }
      if (!fits(v, vi->width, &enc))
        return fail(a, vloc, "%" G_GINT64_FORMAT " does not fit the %u-bit '%s'", v, vi->width,
                    vi->name);
      a->prog->init[var] = enc;
      a->prog->init_set[var] = true;
    }
  } else {
    return fail(a, d.loc, "unknown directive '.%.*s' (there are .org, .word, .entry and .init)",
                d.len, d.text);
  }
  if (!at_eol(ln))
    return expected(ln, "the end of the line");
  return true;
}

static bool one_pass(Asm *a, const char *src, size_t len)
{
  Line ln = {.a = a};
  lex_init(&ln.lx, a->file, src, len, true);
  uint64_t loc = 0;
  next(&ln);
  while (!a->failed && ln.tok.kind != T_EOF) {
    if (ln.tok.kind == T_NEWLINE) {
      next(&ln);
      continue;
    }
    /* label: */
    if (ln.tok.kind == T_IDENT) {
      Lexer save = ln.lx;
      Tok name = ln.tok;
      next(&ln);
      if (ln.tok.kind == T_COLON) {
        g_autofree char *label = g_strndup(name.text, (gsize)name.len);
        if (a->pass == 1) {
          if (isa_find_mode(a->isa, label) >= 0)
            return fail(a, name.loc, "label '%s' is the name of a mode of %s", label,
                        a->isa->name);
          if (g_hash_table_contains(a->labels, label))
            return fail(a, name.loc, "label '%s' is defined twice", label);
          g_hash_table_insert(a->labels, g_steal_pointer(&label), GSIZE_TO_POINTER(loc + 1));
        }
        next(&ln);
        continue;
      }
      ln.lx = save;
      ln.tok = name;
    }
    if (ln.tok.kind == T_DIRECTIVE) {
      if (!directive(&ln, &loc))
        return false;
    } else if (ln.tok.kind == T_IDENT) {
      g_autofree char *mn = g_strndup(ln.tok.text, (gsize)ln.tok.len);
      int i = isa_find_insn(a->isa, mn);
      if (i < 0)
        return fail(a, ln.tok.loc, "unknown instruction '%s' for %s", mn, a->isa->name);
      if (!insn_line(&ln, &a->isa->insns[i], &loc))
        return false;
    } else if (!a->failed) {
      return expected(&ln, "a label, an instruction or a directive");
    }
  }
  return !a->failed;
}

Program *asm_assemble(const Isa *isa, const char *file, const char *src, size_t len,
                      GError **err)
{
  Program *p = g_new0(Program, 1);
  p->words = g_new0(uint64_t, isa->mem);
  p->used = g_new0(bool, isa->mem);
  p->code = g_new0(bool, isa->mem);
  Asm a = {.isa = isa, .file = file, .prog = p, .err = err};
  a.labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  a.origin_line = g_new0(int, isa->mem);
  bool ok = !memchr(src, '\0', len);
  if (!ok)
    vc_error_at(err, file, (VcLoc){1, 1}, "the file holds a NUL byte; expected text");
  for (a.pass = 1; ok && a.pass <= 2; a.pass++)
    ok = one_pass(&a, src, len);
  g_hash_table_destroy(a.labels);
  g_free(a.origin_line);
  if (!ok) {
    program_free(p);
    return NULL;
  }
  return p;
}

Program *asm_load(const Isa *isa, const char *path, GError **err)
{
  size_t len;
  g_autofree char *src = vc_read_source(path, &len, err);
  return src ? asm_assemble(isa, path, src, len, err) : NULL;
}

void program_free(Program *p)
{
  if (!p)
    return;
  g_free(p->words);
  g_free(p->used);
  g_free(p->code);
  g_free(p);
}

char *asm_disasm_word(const Isa *isa, uint64_t word)
{
  int i = isa_decode(isa, word);
  if (i >= 0) {
    const IrInsn *in = &isa->insns[i];
    uint64_t covered = in->mask;
    for (unsigned k = 0; k < in->noperands; k++) {
      const IrField *f = &isa->fields[in->operand[k]];
      covered |= ir_field_mask(f);
    }
    if ((word & ~covered) == 0) { /* no stray bits: prints and reassembles exactly */
      GString *s = g_string_new(in->name);
      for (unsigned k = 0; k < in->noperands; k++) {
        const IrField *f = &isa->fields[in->operand[k]];
        g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, k ? ", " : " ",
                               (word >> f->lo) & ir_mask(f->hi - f->lo + 1));
      }
      return g_string_free(s, FALSE);
    }
  }
  return g_strdup_printf(".word 0x%" G_GINT64_MODIFIER "x", word);
}

char *asm_listing(const Isa *isa, const Program *p, bool as_instructions)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "# %s, word %u, mem %" G_GUINT64_FORMAT "\n", isa->name, isa->word,
                         isa->mem);
  for (unsigned v = 0; v < isa->nvars; v++)
    if (p->init_set[v])
      g_string_append_printf(s, ".init %s %" G_GUINT64_FORMAT "\n", isa->vars[v].name,
                             p->init[v]);
  uint64_t next = UINT64_MAX;
  unsigned digits = (isa->word + 3) / 4;
  for (uint64_t a = 0; a < isa->mem; a++) {
    if (!p->used[a])
      continue;
    if (a != next)
      g_string_append_printf(s, ".org %" G_GUINT64_FORMAT "\n", a);
    next = a + 1;
    g_autofree char *d = asm_disasm_word(isa, p->words[a]);
    if (as_instructions)
      g_string_append_printf(s, "    %s\n", d);
    else
      g_string_append_printf(s, "    .word 0x%0*" G_GINT64_MODIFIER "x   # %s\n", digits,
                             p->words[a], d);
  }
  return g_string_free(s, FALSE);
}

void program_initial_vars(const Isa *isa, const Program *p, uint64_t *vars)
{
  uint64_t amax = ir_mask(isa->addr_width);
  for (unsigned v = 0; v < isa->nvars; v++)
    vars[v] = 0;
  uint64_t whole = isa->bound_lt ? isa->mem : isa->mem - 1;
  vars[VAR_BOUND] = whole < amax ? whole : amax;
  for (unsigned v = 0; p && v < isa->nvars; v++)
    if (p->init_set[v])
      vars[v] = p->init[v];
}
