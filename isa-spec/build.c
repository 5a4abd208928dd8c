/* Instantiates a parsed spec at parameter values: checks every declaration,
 * the PSW layout, the vectors and the encodings, then lowers each
 * instruction's semantics (lower.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "build.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const reserved[] = {"pc", "mode", "reloc", "bound", "insn"};

Sym *builder_lookup(const Builder *b, const char *name)
{
  return g_hash_table_lookup(b->syms, name);
}

static bool fail(Builder *b, VcLoc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool fail(Builder *b, VcLoc loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  vc_error_at(b->err, b->ast->file, loc, "%s", msg);
  return false;
}

static const char *sym_kind_name(SymKind k)
{
  static const char *n[] = {"", "parameter", "mode", "state variable", "field"};
  return n[k];
}

static bool define(Builder *b, const char *name, VcLoc loc, SymKind kind, unsigned index)
{
  for (size_t i = 0; i < G_N_ELEMENTS(reserved); i++)
    if (strcmp(name, reserved[i]) == 0)
      return fail(b, loc, "'%s' is a reserved name", name);
  Sym *old = builder_lookup(b, name);
  if (old)
    return fail(b, loc, "'%s' is already declared as a %s at line %d", name,
                sym_kind_name(old->kind), old->loc.line);
  Sym *s = g_new(Sym, 1);
  *s = (Sym){kind, index, loc};
  g_hash_table_insert(b->syms, g_strdup(name), s);
  return true;
}

bool builder_const(Builder *b, const AstExpr *e, uint64_t *out)
{
  uint64_t x, y;
  switch (e->kind) {
  case AE_INT:
    *out = e->value;
    return true;
  case AE_NAME: {
    Sym *s = builder_lookup(b, e->name);
    if (!s || s->kind != SYM_PARAM)
      return fail(b, e->loc, "'%s' is not a parameter; expected a constant", e->name);
    *out = b->isa->params[s->index].value;
    return true;
  }
  case AE_BINARY:
    if (!builder_const(b, e->a, &x) || !builder_const(b, e->b, &y))
      return false;
    switch (e->op) {
    case T_PLUS:
      if (x > UINT64_MAX - y)
        return fail(b, e->loc, "constant overflows 64 bits");
      *out = x + y;
      return true;
    case T_MINUS:
      if (y > x)
        return fail(b, e->loc, "constant is negative (%" G_GUINT64_FORMAT " - %" G_GUINT64_FORMAT
                               ")", x, y);
      *out = x - y;
      return true;
    case T_STAR:
      if (x && y > UINT64_MAX / x)
        return fail(b, e->loc, "constant overflows 64 bits");
      *out = x * y;
      return true;
    default:
      break;
    }
    break;
  default:
    break;
  }
  return fail(b, e->loc, "expected a constant (numbers, parameters, + - *)");
}

static bool const_in(Builder *b, const AstExpr *e, uint64_t lo, uint64_t hi, const char *what,
                     uint64_t *out)
{
  if (!builder_const(b, e, out))
    return false;
  if (*out < lo || *out > hi)
    return fail(b, e->loc, "%s is %" G_GUINT64_FORMAT "; expected %" G_GUINT64_FORMAT
                           "..%" G_GUINT64_FORMAT, what, *out, lo, hi);
  return true;
}

/* ---- parameters ------------------------------------------------------- */

static bool apply_override(Builder *b, const char *ov)
{
  Isa *isa = b->isa;
  const char *eq = strchr(ov, '=');
  if (!eq || eq == ov) {
    g_set_error(b->err, VC_ERROR, VC_ERROR_INPUT,
                "--param %s: expected NAME=VALUE", ov);
    return false;
  }
  g_autofree char *name = g_strndup(ov, (gsize)(eq - ov));
  unsigned i;
  for (i = 0; i < isa->nparams && strcmp(isa->params[i].name, name) != 0; i++)
    ;
  if (i == isa->nparams) {
    GString *known = g_string_new(NULL);
    for (unsigned j = 0; j < isa->nparams; j++)
      g_string_append_printf(known, "%s%s", j ? ", " : "", isa->params[j].name);
    g_set_error(b->err, VC_ERROR, VC_ERROR_INPUT,
                "--param %s: %s declares no parameter '%s' (it declares: %s)", ov,
                b->ast->file, name, known->str);
    g_string_free(known, TRUE);
    return false;
  }
  const char *digits = eq + 1;
  char *end = NULL;
  errno = 0;
  guint64 v = g_ascii_strtoull(digits, &end, 0);
  if (!*digits || *end || errno || *digits == '-' || *digits == '+') {
    g_set_error(b->err, VC_ERROR, VC_ERROR_INPUT,
                "--param %s: expected a non-negative number for '%s'", ov, name);
    return false;
  }
  const AstParam *ap = &g_array_index(b->ast->params, AstParam, i);
  if (ap->has_range && (v < ap->lo || v > ap->hi)) {
    g_set_error(b->err, VC_ERROR, VC_ERROR_INPUT,
                "--param %s: '%s' must be in %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
                " (%s:%d)", ov, name, ap->lo, ap->hi, b->ast->file, ap->loc.line);
    return false;
  }
  isa->params[i].value = v;
  return true;
}

static bool build_params(Builder *b, const char *const *overrides)
{
  Isa *isa = b->isa;
  const GArray *ps = b->ast->params;
  isa->nparams = ps->len;
  isa->params = g_new0(IrParam, ps->len ? ps->len : 1);
  for (guint i = 0; i < ps->len; i++) {
    const AstParam *p = &g_array_index(ps, AstParam, i);
    if (!define(b, p->name, p->loc, SYM_PARAM, i))
      return false;
    if (p->has_range && p->lo > p->hi)
      return fail(b, p->loc, "empty range %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT " for '%s'",
                  p->lo, p->hi, p->name);
    if (p->has_range && (p->def < p->lo || p->def > p->hi))
      return fail(b, p->loc, "default %" G_GUINT64_FORMAT " of '%s' is outside %" G_GUINT64_FORMAT
                             "..%" G_GUINT64_FORMAT, p->def, p->name, p->lo, p->hi);
    isa->params[i] = (IrParam){g_strdup(p->name), p->def};
  }
  for (const char *const *ov = overrides; ov && *ov; ov++) {
    for (const char *const *before = overrides; before < ov; before++) {
      size_t n = strcspn(*ov, "=");
      if (!strncmp(*before, *ov, n) && (*before)[n] == '=')
        return g_set_error(b->err, VC_ERROR, VC_ERROR_INPUT,
                           "--param %s: '%.*s' is already set by --param %s", *ov, (int)n,
                           *ov, *before), false;
    }
    if (!apply_override(b, *ov))
      return false;
  }

  Sym *w = builder_lookup(b, "word"), *m = builder_lookup(b, "mem");
  if (!w)
    return fail(b, (VcLoc){1, 1}, "no parameter 'word' (bits per storage word) is declared");
  if (!m)
    return fail(b, (VcLoc){1, 1}, "no parameter 'mem' (storage size in words) is declared");
  uint64_t word = isa->params[w->index].value;
  isa->mem = isa->params[m->index].value;
  if (word < 1 || word > 64)
    return fail(b, w->loc, "word is %" G_GUINT64_FORMAT "; expected 1..64 bits", word);
  isa->word = (unsigned)word;
  if (isa->mem < 1 || isa->mem > VC_MAX_MEM)
    return fail(b, m->loc, "mem is %" G_GUINT64_FORMAT "; expected 1..%u words", isa->mem,
                VC_MAX_MEM);
  return true;
}

/* ---- state ------------------------------------------------------------ */

static bool build_state(Builder *b)
{
  const AstSpec *a = b->ast;
  Isa *isa = b->isa;
  if (a->modes->len < 2)
    return fail(b, a->modes->len ? a->modes_loc : (VcLoc){1, 1},
                "expected 'modes' naming at least two modes, most privileged first");
  isa->nmodes = a->modes->len;
  isa->mode_names = g_new0(char *, isa->nmodes + 1);
  for (unsigned i = 0; i < isa->nmodes; i++) {
    const AstName *n = &g_array_index(a->modes, AstName, i);
    if (!define(b, n->name, n->loc, SYM_MODE, i))
      return false;
    isa->mode_names[i] = g_strdup(n->name);
  }
  unsigned mode_width = 1;
  while ((1u << mode_width) < isa->nmodes)
    mode_width++;

  const struct {
    AstExpr *w;
    VcLoc loc;
    const char *name;
  } psw_parts[] = {{a->pc_width, a->pc_loc, "pc"},
                   {a->reloc_width, a->reloc_loc, "reloc"},
                   {a->bound_width, a->bound_loc, "bound"}};
  uint64_t widths[3];
  for (int i = 0; i < 3; i++) {
    if (!psw_parts[i].w)
      return fail(b, (VcLoc){1, 1}, "no '%s : WIDTH;' declaration", psw_parts[i].name);
    if (!const_in(b, psw_parts[i].w, 1, VC_MAX_ADDR_WIDTH, "the width", &widths[i]))
      return false;
  }
  for (int i = 1; i < 3; i++)
    if (widths[i] != widths[0])
      return fail(b, psw_parts[i].loc,
                  "%s is %" G_GUINT64_FORMAT " bits but pc is %" G_GUINT64_FORMAT
                  "; pc, reloc and bound share one width",
                  psw_parts[i].name, widths[i], widths[0]);
  isa->addr_width = (unsigned)widths[0];
  isa->bound_lt = a->bound_lt;

  isa->vars[VAR_MODE] = (IrVarInfo){g_strdup("mode"), mode_width, true, EXT_NONE};
  isa->vars[VAR_PC] = (IrVarInfo){g_strdup("pc"), isa->addr_width, false, EXT_NONE};
  isa->vars[VAR_RELOC] = (IrVarInfo){g_strdup("reloc"), isa->addr_width, true, EXT_NONE};
  isa->vars[VAR_BOUND] = (IrVarInfo){g_strdup("bound"), isa->addr_width, true, EXT_NONE};
  isa->nvars = VAR_FIRST_REG;
  for (guint i = 0; i < a->regs->len; i++) {
    const AstReg *r = &g_array_index(a->regs, AstReg, i);
    uint64_t w;
    if (!define(b, r->name, r->loc, SYM_VAR, isa->nvars) ||
        !const_in(b, r->width, 1, 64, "a register width", &w))
      return false;
    if (r->ext == EXT_GUEST && (w != 1 || isa->guest_var >= 0))
      return fail(b, r->ext_loc, "the guest-mode flag must be one bit, and there is one "
                                 "(expected 'reg NAME : 1 resource guest;' once)");
    if (r->ext == EXT_GUEST)
      isa->guest_var = (int)isa->nvars;
    isa->vars[isa->nvars++] = (IrVarInfo){g_strdup(r->name), (unsigned)w, r->resource, r->ext};
  }
  if (isa->guest_var < 0)
    for (unsigned v = VAR_FIRST_REG; v < isa->nvars; v++)
      if (isa->vars[v].ext) {
        const AstReg *r = &g_array_index(a->regs, AstReg, v - VAR_FIRST_REG);
        return fail(b, r->ext_loc,
                    "'%s' is a virtualization extension's %s, but no register is its guest-mode "
                    "flag (expected 'reg NAME : 1 resource guest;')", r->name,
                    isa->vars[v].ext == EXT_CONTROL ? "control" : "host state");
      }
  return true;
}

static bool build_psw(Builder *b)
{
  const AstSpec *a = b->ast;
  Isa *isa = b->isa;
  if (!a->psw->len) {
    for (unsigned v = 0; v < VAR_FIRST_REG; v++)
      isa->psw[v] = v;
    isa->psw_len = VAR_FIRST_REG;
  }
  bool seen[VC_MAX_VARS] = {0};
  for (guint i = 0; i < a->psw->len; i++) {
    const AstName *n = &g_array_index(a->psw, AstName, i);
    int v = isa_find_var(isa, n->name);
    if (v < 0)
      return fail(b, n->loc, "'%s' is no state variable; a PSW holds mode, pc, reloc, bound "
                             "and declared registers", n->name);
    if (seen[v])
      return fail(b, n->loc, "'%s' appears twice in the PSW", n->name);
    seen[v] = true;
    isa->psw[isa->psw_len++] = (unsigned)v;
  }
  for (unsigned v = 0; v < VAR_FIRST_REG && a->psw->len; v++)
    if (!seen[v])
      return fail(b, a->psw_loc, "the PSW must hold '%s'", isa->vars[v].name);
  for (unsigned i = 0; i < isa->psw_len; i++) {
    const IrVarInfo *vi = &isa->vars[isa->psw[i]];
    if (vi->width > isa->word)
      return fail(b, a->psw->len ? g_array_index(a->psw, AstName, i).loc : (VcLoc){1, 1},
                  "'%s' is %u bits and does not fit the %u-bit storage word that holds it in "
                  "the PSW", vi->name, vi->width, isa->word);
  }

  /* Vectors: every cause defaults to old PSW at 0, new at psw_len. */
  for (int c = 0; c < CAUSE_COUNT; c++)
    isa->vector[c] = (IrVector){0, isa->psw_len};
  VcLoc where[CAUSE_COUNT];
  for (int c = 0; c < CAUSE_COUNT; c++)
    where[c] = (VcLoc){1, 1};
  for (guint i = 0; i < a->vectors->len; i++) {
    const AstVector *v = &g_array_index(a->vectors, AstVector, i);
    IrVector iv;
    if (!builder_const(b, v->old_at, &iv.old_at) || !builder_const(b, v->new_at, &iv.new_at))
      return false;
    for (int c = 0; c < CAUSE_COUNT; c++)
      if (v->cause < 0 || v->cause == c) {
        isa->vector[c] = iv;
        where[c] = v->loc;
      }
  }
  for (int c = 0; c < CAUSE_COUNT; c++) {
    const IrVector *v = &isa->vector[c];
    uint64_t n = isa->psw_len;
    if (v->old_at > isa->mem - MIN(n, isa->mem) || v->new_at > isa->mem - MIN(n, isa->mem) ||
        n > isa->mem)
      return fail(b, where[c], "the %s trap vector (old PSW at %" G_GUINT64_FORMAT ", new at %"
                               G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " words each) does not "
                               "fit in %" G_GUINT64_FORMAT " words of storage",
                  cause_names[c], v->old_at, v->new_at, n, isa->mem);
    if (v->old_at < v->new_at + n && v->new_at < v->old_at + n)
      return fail(b, where[c], "the %s trap vector's old PSW (at %" G_GUINT64_FORMAT
                               ") overlaps its new PSW (at %" G_GUINT64_FORMAT ")",
                  cause_names[c], v->old_at, v->new_at);
  }
  return true;
}

/* ---- encodings -------------------------------------------------------- */

static bool build_fields(Builder *b)
{
  const GArray *fs = b->ast->fields;
  Isa *isa = b->isa;
  isa->fields = g_new0(IrField, fs->len ? fs->len : 1);
  for (guint i = 0; i < fs->len; i++) {
    const AstField *f = &g_array_index(fs, AstField, i);
    uint64_t hi, lo;
    if (!define(b, f->name, f->loc, SYM_FIELD, i))
      return false;
    if (!builder_const(b, f->hi, &hi) || (f->lo && !builder_const(b, f->lo, &lo)))
      return false;
    if (!f->lo)
      lo = hi;
    if (hi >= isa->word)
      return fail(b, f->hi->loc, "bit %" G_GUINT64_FORMAT " is outside the %u-bit word",
                  hi, isa->word);
    if (lo > hi)
      return fail(b, f->lo->loc, "field '%s' runs from bit %" G_GUINT64_FORMAT " up to %"
                                 G_GUINT64_FORMAT "; write the high bit first", f->name, lo, hi);
    if (f->refine && hi - lo + 1 > VC_MAX_REFINE_BITS)
      return fail(b, f->loc, "field '%s' is %u bits wide; a refined field has at most %d bits",
                  f->name, (unsigned)(hi - lo + 1), VC_MAX_REFINE_BITS);
    isa->fields[isa->nfields++] =
        (IrField){g_strdup(f->name), (unsigned)hi, (unsigned)lo, f->refine};
  }
  return true;
}

static bool build_encoding(Builder *b, const AstInsn *ai, IrInsn *in)
{
  Isa *isa = b->isa;
  bool used[VC_MAX_FIELDS] = {0};
  for (int i = 0; i < ai->nmatch; i++) {
    const AstMatch *m = &ai->match[i];
    Sym *s = builder_lookup(b, m->field.name);
    if (!s || s->kind != SYM_FIELD)
      return fail(b, m->field.loc, "'%s' is not a field", m->field.name);
    const IrField *f = &isa->fields[s->index];
    if (used[s->index])
      return fail(b, m->field.loc, "field '%s' is matched twice", f->name);
    used[s->index] = true;
    uint64_t v;
    if (!builder_const(b, m->value, &v))
      return false;
    unsigned w = f->hi - f->lo + 1;
    if (v > ir_mask(w))
      return fail(b, m->value->loc, "%" G_GUINT64_FORMAT " does not fit the %u-bit field '%s'",
                  v, w, f->name);
    uint64_t fmask = ir_mask(w) << f->lo;
    if (in->mask & fmask)
      return fail(b, m->field.loc, "field '%s' overlaps bits already fixed by this encoding",
                  f->name);
    in->mask |= fmask;
    in->match |= v << f->lo;
  }
  for (int i = 0; i < ai->noperands; i++) {
    const AstName *o = &ai->operands[i];
    Sym *s = builder_lookup(b, o->name);
    if (!s || s->kind != SYM_FIELD)
      return fail(b, o->loc, "operand '%s' is not a field", o->name);
    if (used[s->index])
      return fail(b, o->loc, "'%s' is both an operand and part of the encoding", o->name);
    const IrField *f = &isa->fields[s->index];
    uint64_t fmask = ir_field_mask(f);
    if (in->mask & fmask)
      return fail(b, o->loc, "operand '%s' overlaps the bits the encoding fixes", o->name);
    for (unsigned k = 0; f->refine && k < in->noperands; k++)
      if (isa->fields[in->operand[k]].refine)
        return fail(b, o->loc, "'%s' already has a refined operand, '%s'; classes are refined "
                               "by one operand per instruction",
                    ai->name, isa->fields[in->operand[k]].name);
    used[s->index] = true;
    in->operand[in->noperands++] = s->index;
  }
  /* Two encodings overlap when some word matches both. */
  for (const IrInsn *o = isa->insns; o < in; o++) {
    uint64_t common = o->mask & in->mask;
    if (((o->match ^ in->match) & common) == 0)
      return fail(b, ai->loc, "the encoding of '%s' overlaps that of '%s' (line %d): both "
                              "decode 0x%" G_GINT64_MODIFIER "x",
                  in->name, o->name, o->loc.line, o->match | in->match);
  }
  return true;
}

static bool build_insns(Builder *b)
{
  const GArray *is = b->ast->insns;
  Isa *isa = b->isa;
  if (!is->len)
    return fail(b, (VcLoc){1, 1}, "no instructions ('insn') are declared");
  isa->insns = g_new0(IrInsn, is->len);
  for (guint i = 0; i < is->len; i++) {
    const AstInsn *ai = &g_array_index(is, AstInsn, i);
    if (isa_find_insn(isa, ai->name) >= 0)
      return fail(b, ai->loc, "instruction '%s' is declared twice", ai->name);
    IrInsn *in = &isa->insns[isa->ninsns++];
    in->name = g_strdup(ai->name);
    in->loc = ai->loc;
    if (!build_encoding(b, ai, in) || !lower_insn(b, ai, in))
      return false;
  }
  return true;
}

/* The trap entries: a cause's own block, else the '*' block, else none
 * (the PSW exchange). Each cause gets its own lowered copy. */
static bool build_entries(Builder *b)
{
  const GArray *es = b->ast->entries;
  Isa *isa = b->isa;
  for (int c = 0; c < CAUSE_COUNT; c++) {
    const AstEntry *chosen = NULL;
    for (guint i = 0; i < es->len; i++) {
      const AstEntry *e = &g_array_index(es, AstEntry, i);
      if (e->cause == c || (e->cause < 0 && !chosen))
        chosen = e;
    }
    if (!chosen)
      continue;
    IrInsn *in = isa->entry[c] = g_new0(IrInsn, 1);
    in->name = g_strdup_printf("trap %s", cause_names[c]);
    in->loc = chosen->loc;
    AstInsn ai = {.name = in->name, .loc = chosen->loc, .body = chosen->body};
    if (!lower_entry(b, &ai, in))
      return false;
    isa->physical |= in->physical;
  }
  for (unsigned i = 0; i < isa->ninsns; i++)
    isa->physical |= isa->insns[i].physical;
  return true;
}

/* The hypercall instruction's first operand must reach every address: it
 * carries where the guest keeps the instruction the monitor performs. */
static bool build_hypercall(Builder *b)
{
  const AstSpec *a = b->ast;
  Isa *isa = b->isa;
  if (!a->hypercall)
    return true;
  int i = isa_find_insn(isa, a->hypercall);
  if (i < 0)
    return fail(b, a->hypercall_loc, "hypercall '%s': no such instruction", a->hypercall);
  const IrInsn *in = &isa->insns[i];
  const IrField *f = in->noperands ? &isa->fields[in->operand[0]] : NULL;
  if (!f || f->hi - f->lo + 1 < isa->addr_width)
    return fail(b, a->hypercall_loc,
                "hypercall '%s': expected an instruction whose first operand holds an address "
                "(%u bits)", a->hypercall, isa->addr_width);
  isa->hypercall = i;
  return true;
}

static Isa *isa_build(const AstSpec *ast, const char *const *overrides, GError **err)
{
  Isa *isa = g_new0(Isa, 1);
  isa->guest_var = -1;
  isa->hypercall = -1;
  isa->file = g_strdup(ast->file);
  isa->name = g_strdup(ast->machine ? ast->machine : "unnamed");
  Builder b = {ast, isa, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free), err};
  bool ok = build_params(&b, overrides) && build_state(&b) && build_psw(&b) &&
            build_fields(&b) && build_insns(&b) && build_entries(&b) && build_hypercall(&b);
  g_hash_table_destroy(b.syms);
  if (!ok && overrides && *overrides && err && *err && strstr((*err)->message, ": error: ")) {
    /* an error in the spec at these values: say which values */
    g_autofree char *given = g_strjoinv(" --param ", (char **)overrides);
    char *msg = g_strdup_printf("%s (with --param %s)", (*err)->message, given);
    g_free((*err)->message);
    (*err)->message = msg;
  }
  if (ok && isa->word <= 16) { /* encodings are disjoint, so the table is exact */
    uint64_t n = (uint64_t)1 << isa->word;
    int16_t *table = g_new(int16_t, n);
    for (uint64_t w = 0; w < n; w++)
      table[w] = (int16_t)isa_decode(isa, w);
    isa->decode_table = table;
  }
  if (!ok) {
    isa_free(isa);
    return NULL;
  }
  return isa;
}

Isa *isa_load_string(const char *file, const char *src, size_t len,
                     const char *const *overrides, GError **err)
{
  AstSpec *ast = ast_parse(file, src, len, err);
  if (!ast)
    return NULL;
  Isa *isa = isa_build(ast, overrides, err);
  ast_free(ast);
  return isa;
}

char *vc_read_source(const char *path, size_t *len, GError **err)
{
  /* Opened without blocking and checked before reading: a FIFO or a device
   * would wait forever, a directory reads nothing. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: cannot read: %s", path, g_strerror(errno));
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: cannot read: %s", path,
                S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
    close(fd);
    return NULL;
  }
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: cannot read: %s", path, g_strerror(errno));
    close(fd);
    return NULL;
  }
  char *src = g_malloc(VC_MAX_SOURCE_BYTES + 2);
  size_t n = fread(src, 1, VC_MAX_SOURCE_BYTES + 1, f);
  bool bad = ferror(f);
  int saved = errno;
  fclose(f);
  if (bad || n > VC_MAX_SOURCE_BYTES) {
    if (bad)
      g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: cannot read: %s", path, g_strerror(saved));
    else
      g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: larger than %u bytes, the most read",
                  path, VC_MAX_SOURCE_BYTES);
    g_free(src);
    return NULL;
  }
  src[n] = 0;
  *len = n;
  return src;
}

Isa *isa_load(const char *path, const char *const *overrides, GError **err)
{
  size_t len;
  g_autofree char *src = vc_read_source(path, &len, err);
  return src ? isa_load_string(path, src, len, overrides, err) : NULL;
}

static void insn_clear(IrInsn *in)
{
  g_free(in->name);
  g_free(in->ex);
  g_free(in->st);
}

void isa_free(Isa *isa)
{
  if (!isa)
    return;
  for (unsigned i = 0; i < isa->nparams; i++)
    g_free(isa->params[i].name);
  g_free(isa->params);
  g_strfreev(isa->mode_names);
  for (unsigned i = 0; i < isa->nvars; i++)
    g_free(isa->vars[i].name);
  for (unsigned i = 0; i < isa->nfields; i++)
    g_free(isa->fields[i].name);
  g_free(isa->fields);
  for (unsigned i = 0; i < isa->ninsns; i++)
    insn_clear(&isa->insns[i]);
  g_free(isa->insns);
  for (int c = 0; c < CAUSE_COUNT; c++) {
    if (isa->entry[c])
      insn_clear(isa->entry[c]);
    g_free(isa->entry[c]);
  }
  g_free(isa->decode_table);
  g_free(isa->name);
  g_free(isa->file);
  g_free(isa);
}

int isa_decode(const Isa *isa, uint64_t word)
{
  if (isa->decode_table)
    return isa->decode_table[word & ir_mask(isa->word)];
  for (unsigned i = 0; i < isa->ninsns; i++)
    if ((word & isa->insns[i].mask) == isa->insns[i].match)
      return (int)i;
  return -1;
}

int isa_find_var(const Isa *isa, const char *name)
{
  for (unsigned i = 0; i < isa->nvars; i++)
    if (strcmp(isa->vars[i].name, name) == 0)
      return (int)i;
  return -1;
}

int isa_find_insn(const Isa *isa, const char *name)
{
  for (unsigned i = 0; i < isa->ninsns; i++)
    if (g_ascii_strcasecmp(isa->insns[i].name, name) == 0)
      return (int)i;
  return -1;
}

int isa_find_mode(const Isa *isa, const char *name)
{
  for (unsigned i = 0; i < isa->nmodes; i++)
    if (strcmp(isa->mode_names[i], name) == 0)
      return (int)i;
  return -1;
}
