#include "isa_diff.h"

#include <string.h>

static bool same_var(const Isa *a, uint64_t i, const Isa *b, uint64_t j)
{
  return i < a->nvars && j < b->nvars && !strcmp(a->vars[i].name, b->vars[j].name) &&
         a->vars[i].width == b->vars[j].width;
}

static bool same_expr(const Isa *a, const IrExpr *x, const Isa *b, const IrExpr *y)
{
  if (x->op != y->op || x->width != y->width)
    return false;
  unsigned n = ir_arity(x->op);
  if ((n > 0 && x->a != y->a) || (n > 1 && x->b != y->b) || (n > 2 && x->c != y->c))
    return false;
  return x->op == IR_VAR ? same_var(a, x->k, b, y->k) : x->k == y->k;
}

static bool same_stmt(const Isa *a, const IrStmt *s, const Isa *b, const IrStmt *t)
{
  if (s->kind != t->kind || s->cause != t->cause || s->physical != t->physical ||
      s->lo != t->lo || s->hi != t->hi || s->e0 != t->e0 || s->e1 != t->e1 ||
      s->then_end != t->then_end || s->else_end != t->else_end)
    return false;
  return s->kind == IS_SET ? same_var(a, s->slot, b, t->slot) : s->slot == t->slot;
}

/* The semantics: same expression nodes and statements, variables by name. */
static bool same_body(const Isa *a, const IrInsn *x, const Isa *b, const IrInsn *y)
{
  if (!x || !y)
    return x == y;
  if (x->nex != y->nex || x->nst != y->nst || x->nlocals != y->nlocals)
    return false;
  for (unsigned k = 0; k < x->nex; k++)
    if (!same_expr(a, &x->ex[k], b, &y->ex[k]))
      return false;
  for (unsigned k = 0; k < x->nst; k++)
    if (!same_stmt(a, &x->st[k], b, &y->st[k]))
      return false;
  return true;
}

static bool same_field(const IrField *f, const IrField *g)
{
  return !strcmp(f->name, g->name) && f->hi == g->hi && f->lo == g->lo && f->refine == g->refine;
}

static bool same_encoding(const Isa *a, const IrInsn *x, const Isa *b, const IrInsn *y)
{
  if (x->mask != y->mask || x->match != y->match || x->noperands != y->noperands)
    return false;
  for (unsigned k = 0; k < x->noperands; k++)
    if (!same_field(&a->fields[x->operand[k]], &b->fields[y->operand[k]]))
      return false;
  return true;
}

/* The machine around the instructions, each difference in words. */
static void machine_diff(const Isa *a, const Isa *b, GPtrArray *out)
{
  for (unsigned i = 0; i < a->nparams; i++) {
    bool found = false;
    for (unsigned j = 0; j < b->nparams; j++)
      if (!strcmp(a->params[i].name, b->params[j].name)) {
        found = true;
        if (a->params[i].value != b->params[j].value)
          g_ptr_array_add(out, g_strdup_printf("parameter %s is %" G_GUINT64_FORMAT
                                               ", was %" G_GUINT64_FORMAT, a->params[i].name,
                                               b->params[j].value, a->params[i].value));
      }
    if (!found)
      g_ptr_array_add(out, g_strdup_printf("parameter %s removed", a->params[i].name));
  }
  for (unsigned j = 0; j < b->nparams; j++) {
    bool found = false;
    for (unsigned i = 0; i < a->nparams; i++)
      found |= !strcmp(a->params[i].name, b->params[j].name);
    if (!found)
      g_ptr_array_add(out, g_strdup_printf("parameter %s added", b->params[j].name));
  }
  bool modes = a->nmodes == b->nmodes;
  for (unsigned m = 0; modes && m < a->nmodes; m++)
    modes = !strcmp(a->mode_names[m], b->mode_names[m]);
  if (!modes)
    g_ptr_array_add(out, g_strdup("the modes"));
  for (unsigned v = 0; v < MAX(a->nvars, b->nvars); v++) {
    const IrVarInfo *x = v < a->nvars ? &a->vars[v] : NULL, *y = v < b->nvars ? &b->vars[v] : NULL;
    if (!x || !y)
      g_ptr_array_add(out, g_strdup_printf("register %s %s", x ? x->name : y->name,
                                           x ? "removed" : "added"));
    else if (strcmp(x->name, y->name))
      g_ptr_array_add(out, g_strdup_printf("register %s is now %s", x->name, y->name));
    else if (x->width != y->width || x->resource != y->resource || x->ext != y->ext)
      g_ptr_array_add(out, g_strdup_printf("register %s: %s", x->name,
                                           x->width != y->width ? "its width"
                                           : x->resource != y->resource
                                               ? (y->resource ? "now a resource"
                                                              : "no longer a resource")
                                               : "its part in the virtualization extension"));
  }
  if (a->psw_len != b->psw_len || memcmp(a->psw, b->psw, a->psw_len * sizeof *a->psw))
    g_ptr_array_add(out, g_strdup("the PSW's layout"));
  if (a->bound_lt != b->bound_lt)
    g_ptr_array_add(out, g_strdup("the bounds rule"));
  for (int c = 0; c < CAUSE_COUNT; c++) {
    if (a->vector[c].old_at != b->vector[c].old_at || a->vector[c].new_at != b->vector[c].new_at)
      g_ptr_array_add(out, g_strdup_printf("the %s trap's vector", cause_names[c]));
    if (!same_body(a, a->entry[c], b, b->entry[c]))
      g_ptr_array_add(out, g_strdup_printf("the %s trap's entry", cause_names[c]));
  }
  bool hyper = (a->hypercall < 0) == (b->hypercall < 0) &&
               (a->hypercall < 0 ||
                !strcmp(a->insns[a->hypercall].name, b->insns[b->hypercall].name));
  if (!hyper)
    g_ptr_array_add(out, g_strdup("the hypercall"));
}

IsaDiff *isa_diff(const Isa *a, const Isa *b)
{
  IsaDiff *d = g_new0(IsaDiff, 1);
  d->insn = g_new0(InsnChange, a->ninsns + b->ninsns);
  for (unsigned i = 0; i < a->ninsns; i++) {
    const IrInsn *x = &a->insns[i];
    int j = isa_find_insn(b, x->name);
    InsnChange c = {.name = x->name, .removed = j < 0};
    if (j >= 0) {
      c.encoding = !same_encoding(a, x, b, &b->insns[j]);
      c.semantics = !same_body(a, x, b, &b->insns[j]);
    }
    if (c.removed || c.encoding || c.semantics)
      d->insn[d->ninsns++] = c;
  }
  for (unsigned j = 0; j < b->ninsns; j++)
    if (isa_find_insn(a, b->insns[j].name) < 0)
      d->insn[d->ninsns++] = (InsnChange){.name = b->insns[j].name, .added = true};
  GPtrArray *m = g_ptr_array_new();
  machine_diff(a, b, m);
  g_ptr_array_add(m, NULL);
  d->machine = (char **)g_ptr_array_free(m, FALSE);
  return d;
}

void isa_diff_free(IsaDiff *d)
{
  if (!d)
    return;
  g_free(d->insn);
  g_strfreev(d->machine);
  g_free(d);
}

char *insn_change_text(const InsnChange *c)
{
  if (c->added || c->removed)
    return g_strdup_printf("%s: %s", c->name, c->added ? "added" : "removed");
  return g_strdup_printf("%s: its %s", c->name,
                         c->encoding && c->semantics ? "encoding and semantics"
                         : c->encoding               ? "encoding"
                                                     : "semantics");
}
