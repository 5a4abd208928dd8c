#include "paravirt.h"

#include <string.h>

void rewrite_free(Rewrite *r)
{
  if (!r)
    return;
  program_free(r->prog);
  g_free(r->replaced);
  g_free(r);
}

static Program *program_copy(const Isa *isa, const Program *p)
{
  Program *c = g_new0(Program, 1);
  c->words = g_memdup2(p->words, isa->mem * sizeof *p->words);
  c->used = g_memdup2(p->used, isa->mem * sizeof *p->used);
  c->code = g_memdup2(p->code, isa->mem * sizeof *p->code);
  memcpy(c->init, p->init, sizeof c->init);
  memcpy(c->init_set, p->init_set, sizeof c->init_set);
  return c;
}

/* The hypercall carrying address a, or false if its operand cannot hold it. */
static bool hypercall_at(const Isa *isa, uint64_t a, uint64_t *word)
{
  const IrInsn *h = &isa->insns[isa->hypercall];
  const IrField *f = &isa->fields[h->operand[0]];
  *word = (h->match & ~ir_field_mask(f)) | (a << f->lo);
  return ((*word & ir_field_mask(f)) >> f->lo) == a && isa_decode(isa, *word) == isa->hypercall;
}

Rewrite *paravirt_rewrite(const Isa *isa, const Program *p, const TranslationSet *ts,
                          GError **err)
{
  if (isa->hypercall < 0) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s declares no hypercall (expected 'hypercall NAME;' naming the instruction "
                "guests call the monitor with)", isa->name);
    return NULL;
  }
  Rewrite *r = g_new0(Rewrite, 1);
  r->prog = program_copy(isa, p);
  r->replaced = g_new0(bool, isa->mem);
  uint64_t end = 0;
  for (uint64_t a = 0; a < isa->mem; a++)
    if (p->used[a])
      end = a + 1;
  r->table = end;
  IrEnv env = {.isa = isa};
  for (uint64_t a = 0; a < isa->mem; a++) {
    int i = p->code[a] ? isa_decode(isa, p->words[a]) : -1;
    if (i < 0 || !translated(&env, ts, (unsigned)i, ir_const(p->words[a]), ir_const(0)).c)
      continue;
    uint64_t slot = r->table;
    while (slot < r->table + r->ntable && r->prog->words[slot] != p->words[a])
      slot++; /* one table word per distinct original */
    uint64_t call;
    if (slot >= isa->mem || !hypercall_at(isa, slot, &call)) {
      g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                  "no room for the hypercall table: word %" G_GUINT64_FORMAT " is beyond %s "
                  "(%" G_GUINT64_FORMAT " words) or what %s's operand reaches",
                  slot, isa->name, isa->mem, isa->insns[isa->hypercall].name);
      rewrite_free(r);
      return NULL;
    }
    if (slot == r->table + r->ntable) {
      r->prog->words[slot] = p->words[a];
      r->prog->used[slot] = true;
      r->ntable++;
    }
    r->prog->words[a] = call;
    r->replaced[a] = true;
    r->rewritten++;
  }
  return r;
}

/* What differs between the bare machine and a guest at the end. */
static char **differences(const Machine *bare, const Machine *g, const Rewrite *rw)
{
  const Isa *isa = bare->isa;
  GPtrArray *d = g_ptr_array_new();
  for (unsigned v = 0; v < isa->nvars; v++)
    if (bare->var[v] != g->var[v])
      g_ptr_array_add(d, g_strdup(isa->vars[v].name));
  if (bare->halted != g->halted)
    g_ptr_array_add(d, g_strdup("halted"));
  for (uint64_t a = 0; a < isa->mem; a++) {
    bool ours = rw && (rw->replaced[a] || (a >= rw->table && a < rw->table + rw->ntable));
    if (!ours && bare->mem[a] != g->mem[a]) {
      g_ptr_array_add(d, g_strdup_printf("E[%" G_GUINT64_FORMAT "]", a));
      break;
    }
  }
  g_ptr_array_add(d, NULL);
  return (char **)g_ptr_array_free(d, FALSE);
}

static VmStack *run_under(const Isa *isa, MonitorKind kind, const Program *p, uint64_t steps,
                          GError **err)
{
  VmStack *s = vmm_stack_new(isa, kind, 1, monitor_reserved(isa), 1, NULL, err);
  if (!s)
    return NULL;
  machine_load(s->guests[0]->m, p);
  vmm_run(s->guests, 1, steps, steps, NULL, NULL);
  return s;
}

ParavirtCheck *paravirt_check(const Isa *isa, const Program *orig, const Rewrite *rw,
                              uint64_t steps, GError **err)
{
  ParavirtCheck *c = g_new0(ParavirtCheck, 1);
  c->bare = machine_new(isa);
  machine_load(c->bare, orig);
  machine_run(c->bare, steps, NULL, NULL);
  if (!(c->para = run_under(isa, MON_PARAVIRT, rw->prog, steps, err)) ||
      !(c->trap = run_under(isa, MON_TRAP, orig, steps, err))) {
    paravirt_check_free(c);
    return NULL;
  }
  c->para_differs = differences(c->bare, c->para->guests[0]->m, rw);
  c->trap_differs = differences(c->bare, c->trap->guests[0]->m, NULL);
  return c;
}

void paravirt_check_free(ParavirtCheck *c)
{
  if (!c)
    return;
  machine_free(c->bare);
  vmm_stack_free(c->para);
  vmm_stack_free(c->trap);
  g_strfreev(c->para_differs);
  g_strfreev(c->trap_differs);
  g_free(c);
}
