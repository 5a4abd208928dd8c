#include "query.h"

static IrVal k(uint64_t c)
{
  return ir_const(c);
}

static IrVal and1(const IrEnv *e, IrVal a, IrVal b)
{
  return ir_apply(e, IR_AND, 1, a, b, k(0), 0, 1, 1);
}

static IrVal or1(const IrEnv *e, IrVal a, IrVal b)
{
  return ir_apply(e, IR_OR, 1, a, b, k(0), 0, 1, 1);
}

static IrVal not1(const IrEnv *e, IrVal a)
{
  return ir_apply(e, IR_NOT, 1, a, k(0), k(0), 0, 1, 0);
}

static IrVal eq(const IrEnv *e, IrVal a, IrVal b, unsigned w)
{
  return ir_apply(e, IR_EQ, 1, a, b, k(0), 0, w, w);
}

static IrVal ne(const IrEnv *e, IrVal a, IrVal b, unsigned w)
{
  return not1(e, eq(e, a, b, w));
}

static unsigned vwidth(const IrEnv *e, unsigned v)
{
  return e->isa->vars[v].width;
}

int query_varied_var(const Query *q)
{
  switch (q->kind) {
  case Q_SIMULATION: return -1;
  case Q_UNPRIVILEGED:
  case Q_MODE: return VAR_MODE;
  case Q_LOCATION: return VAR_RELOC;
  case Q_RESOURCE: return q->resource;
  default: return -1;
  }
}

static IrVal mode_is(const IrEnv *e, const IrVal *pre, unsigned mode)
{
  return eq(e, pre[VAR_MODE], k(mode), vwidth(e, VAR_MODE));
}

static IrVal mode_selected(const IrEnv *e, ModeSel sel, const IrVal *pre)
{
  const Isa *isa = e->isa;
  unsigned mw = vwidth(e, VAR_MODE);
  switch (sel) {
  case SEL_USER: return mode_is(e, pre, isa->nmodes - 1);
  case SEL_SUPERVISOR: return mode_is(e, pre, 0);
  default: /* every value names a mode when the modes fill their width */
    if (isa->nmodes == 1u << mw)
      return k(1);
    return ir_apply(e, IR_ULT, 1, pre[VAR_MODE], k(isa->nmodes), k(0), 0, mw, mw);
  }
}

/* f: the host state that runs virtual state pre1 directly (vmm.c compose):
 * user mode, relocation composed with the region and its bound clipped to
 * it, ordinary registers as the guest's, declared resources the allocator's
 * (zero, as vmm.c's monitors keep them). Only
 * states the monitor runs directly: relocation inside the region, and for
 * the hybrid monitor virtual user mode. */
static IrVal simulation_valid(const IrEnv *e, const Query *q, const IrVal *pre1,
                              const IrVal *pre2)
{
  const Isa *isa = e->isa;
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa);
  uint64_t size = isa->mem;
  IrVal ok = mode_selected(e, SEL_ANY, pre1);
  if (q->hybrid)
    ok = and1(e, ok, mode_is(e, pre1, isa->nmodes - 1));
  ok = and1(e, ok, mode_is(e, pre2, isa->nmodes - 1));
  for (unsigned v = VAR_FIRST_REG; v < isa->nvars; v++)
    ok = and1(e, ok, eq(e, isa->vars[v].resource ? k(0) : pre1[v], pre2[v], vwidth(e, v)));
  ok = and1(e, ok, eq(e, pre1[VAR_PC], pre2[VAR_PC], aw));
  /* l < size and base + l fits an address: then host reloc = base + l */
  IrVal l = ir_apply(e, IR_ZEXT, pw, pre1[VAR_RELOC], k(0), k(0), 0, aw, 0);
  ok = and1(e, ok, ir_apply(e, IR_ULT, 1, l, k(size), k(0), 0, pw, pw));
  IrVal hl = ir_apply(e, IR_ADD, pw, l, k(q->base), k(0), 0, pw, pw);
  ok = and1(e, ok, ir_apply(e, IR_ULE, 1, hl, k(ir_mask(aw)), k(0), 0, pw, pw));
  IrVal hl_aw = ir_apply(e, IR_SLICE, aw, hl, k(0), k(0), (uint64_t)(aw - 1) << 8, pw, 0);
  ok = and1(e, ok, eq(e, pre2[VAR_RELOC], hl_aw, aw));
  /* bound: min(b, room) with rule lt, min(b, room - 1) with le; room = size - l */
  IrVal room = ir_apply(e, IR_SUB, pw, k(size), l, k(0), 0, pw, pw);
  IrVal lim = isa->bound_lt ? room : ir_apply(e, IR_SUB, pw, room, k(1), k(0), 0, pw, pw);
  IrVal b = ir_apply(e, IR_ZEXT, pw, pre1[VAR_BOUND], k(0), k(0), 0, aw, 0);
  IrVal b_fits = ir_apply(e, IR_ULE, 1, b, lim, k(0), 0, pw, pw);
  IrVal hb = ir_apply(e, IR_ITE, pw, b_fits, b, lim, 0, 1, pw);
  IrVal hb_aw = ir_apply(e, IR_SLICE, aw, hb, k(0), k(0), (uint64_t)(aw - 1) << 8, pw, 0);
  return and1(e, ok, eq(e, pre2[VAR_BOUND], hb_aw, aw));
}

IrVal query_valid(const IrEnv *e, const Query *q, const IrVal *pre1, const IrVal *pre2)
{
  const Isa *isa = e->isa;
  if (q->kind == Q_CONTROL)
    return mode_selected(e, q->sel, pre1);
  if (q->kind == Q_SIMULATION)
    return simulation_valid(e, q, pre1, pre2);
  int varied = query_varied_var(q);
  IrVal ok = k(1);
  for (unsigned v = 0; v < isa->nvars; v++)
    if ((int)v != varied)
      ok = and1(e, ok, eq(e, pre1[v], pre2[v], vwidth(e, v)));
  switch (q->kind) {
  case Q_UNPRIVILEGED: /* most against least privileged */
    ok = and1(e, ok, mode_is(e, pre1, 0));
    return and1(e, ok, mode_is(e, pre2, isa->nmodes - 1));
  case Q_MODE: /* any two distinct modes */
    ok = and1(e, ok, mode_selected(e, SEL_ANY, pre1));
    ok = and1(e, ok, mode_selected(e, SEL_ANY, pre2));
    return and1(e, ok, ne(e, pre1[VAR_MODE], pre2[VAR_MODE], vwidth(e, VAR_MODE)));
  default: /* both in the selected mode, the varied resource differs */
    ok = and1(e, ok, mode_selected(e, q->sel, pre1));
    ok = and1(e, ok, mode_selected(e, q->sel, pre2));
    return and1(e, ok, ne(e, pre1[varied], pre2[varied], vwidth(e, (unsigned)varied)));
  }
}

static IrVal memory_trapped(const IrEnv *e, const IrOutcome *o)
{
  return and1(e, o->trapped, eq(e, o->cause, k(CAUSE_MEMORY), 2));
}

IrVal query_holds(const IrEnv *e, const Query *q, const QSide *s1, const QSide *s2,
                  IrVal storage_differs)
{
  const Isa *isa = e->isa;
  const IrOutcome *o1 = &s1->out;
  if (q->kind == Q_UNPRIVILEGED) {
    const IrOutcome *o2 = &s2->out;
    IrVal neither_mem = and1(e, not1(e, memory_trapped(e, o1)), not1(e, memory_trapped(e, o2)));
    IrVal privileged_here = and1(e, o2->trapped, not1(e, o1->trapped));
    return and1(e, neither_mem, not1(e, privileged_here));
  }
  if (q->kind == Q_SIMULATION) {
    /* The host ran it without a trap; the monitor then takes the host's
     * visible results and keeps the virtual resources. That is wrong if
     * the bare machine trapped, changed a resource, or produced different
     * visible results; and the guest must not have changed a real resource. */
    const IrOutcome *o2 = &s2->out;
    IrVal wrong = or1(e, o1->trapped, storage_differs);
    wrong = or1(e, wrong, ne(e, o1->halted, o2->halted, 1));
    for (unsigned v = 0; v < isa->nvars; v++) {
      if (isa->vars[v].resource) {
        wrong = or1(e, wrong, ne(e, o1->next[v], s1->pre[v], vwidth(e, v)));
        wrong = or1(e, wrong, ne(e, o2->next[v], s2->pre[v], vwidth(e, v)));
      } else {
        wrong = or1(e, wrong, ne(e, o1->next[v], o2->next[v], vwidth(e, v)));
      }
    }
    return and1(e, not1(e, o2->trapped), wrong);
  }
  if (q->kind == Q_CONTROL) {
    IrVal changed = k(0);
    for (unsigned v = 0; v < isa->nvars; v++)
      if (isa->vars[v].resource)
        changed = or1(e, changed, ne(e, o1->next[v], s1->pre[v], vwidth(e, v)));
    return and1(e, not1(e, o1->trapped), changed);
  }
  /* Behaviour: neither traps, and the visible results differ. */
  const IrOutcome *o2 = &s2->out;
  IrVal differs = storage_differs;
  differs = or1(e, differs, ne(e, o1->halted, o2->halted, 1));
  for (unsigned v = 0; v < isa->nvars; v++)
    if (!isa->vars[v].resource)
      differs = or1(e, differs, ne(e, o1->next[v], o2->next[v], vwidth(e, v)));
  return and1(e, and1(e, not1(e, o1->trapped), not1(e, o2->trapped)), differs);
}

const char *query_kind_name(QueryKind kind)
{
  static const char *names[] = {"unprivileged", "control", "location", "mode", "resource",
                                "simulation"};
  return names[kind];
}

const char *mode_sel_name(ModeSel s)
{
  static const char *names[] = {"any mode", "user mode", "supervisor mode"};
  return names[s];
}
