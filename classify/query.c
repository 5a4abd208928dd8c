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

IrVal query_side_offset(const Query *q, int side, const QSide s[2])
{
  if (q->kind == Q_SIMULATION)
    return k(side ? q->base : 0);
  return s[side].pre[VAR_RELOC];
}

unsigned query_index_width(const Isa *isa, const Query *q)
{
  return q->kind == Q_SIMULATION || isa->physical ? ir_phys_width(isa) : isa->addr_width;
}

uint64_t query_index(const Isa *isa, const Query *q, uint64_t phys, uint64_t offset)
{
  return (phys - offset) & ir_mask(query_index_width(isa, q));
}

uint64_t query_zero_from(const Isa *isa, const Query *q, int k)
{
  return q->kind == Q_SIMULATION && k == 1 ? isa->mem : UINT64_MAX;
}

void query_finish(const IrEnv env[2], const Query *q, QSide s[2])
{
  IrOutcome *o = &s[0].out;
  const IrVal host_trapped = s[1].out.trapped;
  /* nothing to take; or the host traps too, when nothing is compared (and
   * the exchange's reads of the vectors would only multiply the states an
   * enumeration visits) */
  if (q->kind != Q_SIMULATION || (!o->trapped.s && !o->trapped.c) ||
      (!host_trapped.s && host_trapped.c))
    return;
  const IrEnv *e = &env[0];
  const Isa *isa = e->isa;
  IrOutcome ex;
  ir_exchange(e, s[0].pre, o->cause, &ex);
  for (unsigned v = 0; v < isa->nvars; v++)
    o->next[v] = ir_apply(e, IR_ITE, vwidth(e, v), o->trapped, ex.next[v], o->next[v], 0, 1,
                          vwidth(e, v));
  for (unsigned i = 0; i < ex.nstores; i++) {
    g_assert(o->nstores < G_N_ELEMENTS(o->stores));
    IrStore st = ex.stores[i];
    st.guard = and1(e, o->trapped, st.guard);
    o->stores[o->nstores++] = st;
  }
}

IrVal query_side_origin(const Query *q, const QSide s[2])
{
  return q->kind == Q_SIMULATION ? s[0].pre[VAR_RELOC] : s[0].origin;
}

VmMap query_map(const Isa *isa, const Query *q, uint64_t *real)
{
  vm_map_reset_resources(isa, real);
  return (VmMap){q->monitor, q->base, isa->mem, real};
}

/* The instruction is fetched from the state: pc legal, on the bare machine
 * and through f, and `word` stored at it. */
static IrVal fetched(const IrEnv env[2], const QSide s[2], IrVal word)
{
  const IrEnv *e = &env[0];
  IrVal phys, ok = ir_legal(e, s[0].pre[VAR_RELOC], s[0].pre[VAR_BOUND], s[0].pre[VAR_PC], 0,
                            &phys);
  if (!ok.s && !ok.c)
    return ok;
  ok = and1(e, ok, eq(e, e->read(e->read_ctx, phys, ir_mask(e->isa->word)), word, e->isa->word));
  IrVal host_phys;
  return and1(e, ok, ir_legal(&env[1], s[1].pre[VAR_RELOC], s[1].pre[VAR_BOUND],
                              s[1].pre[VAR_PC], 0, &host_phys));
}

/* The state is in the extension's guest mode with the controls the
 * allocator sets (fmap.h); none is, without an extension. */
static IrVal guest_mode(const IrEnv *e, const IrVal *pre)
{
  const Isa *isa = e->isa;
  if (isa->guest_var < 0)
    return k(0);
  uint64_t real[VC_MAX_VARS];
  vm_map_reset_resources(isa, real);
  IrVal ok = eq(e, pre[isa->guest_var], k(1), 1);
  for (unsigned v = 0; v < isa->nvars; v++)
    if (isa->vars[v].ext == EXT_CONTROL)
      ok = and1(e, ok, eq(e, pre[v], k(real[v]), vwidth(e, v)));
  return ok;
}

/* Side 2 is f(side 1), which the monitor runs directly. */
static IrVal simulation_valid(const IrEnv env[2], const Query *q, const QSide s[2], IrVal word)
{
  const IrEnv *e = &env[0];
  const Isa *isa = e->isa;
  uint64_t real_values[VC_MAX_VARS];
  VmMap map = query_map(isa, q, real_values);
  IrVal f[VC_MAX_VARS];
  IrVal ok = and1(e, mode_selected(e, SEL_ANY, s[0].pre), vm_map(e, &map, s[0].pre, f));
  if (q->monitor == MON_ASSIST) /* the guest itself runs outside guest mode */
    ok = and1(e, ok, isa->guest_var < 0 ? k(0) : eq(e, s[0].pre[isa->guest_var], k(0), 1));
  if (q->ts) /* what the code cache translates traps to the monitor: never direct */
    ok = and1(e, ok, not1(e, translated(e, q->ts, q->insn, word, s[0].pre[VAR_MODE])));
  for (unsigned v = 0; v < isa->nvars; v++)
    ok = and1(e, ok, eq(e, s[1].pre[v], f[v], vwidth(e, v)));
  if (!ok.s && !ok.c)
    return ok;
  return and1(e, ok, fetched(env, s, word));
}

static IrVal query_valid_state(const IrEnv env[2], const Query *q, const QSide s[2], IrVal word)
{
  const IrEnv *e = &env[0];
  const Isa *isa = e->isa;
  const IrVal *pre1 = s[0].pre, *pre2 = s[1].pre;
  unsigned user = isa->nmodes - 1;
  switch (q->kind) {
  case Q_USER_RUNS: return mode_is(e, pre1, user);
  case Q_SUPERVISOR_RUNS: return mode_is(e, pre1, 0);
  case Q_CONTROL: return mode_selected(e, q->sel, pre1);
  case Q_GUEST_RUNS: return and1(e, mode_selected(e, SEL_ANY, pre1), guest_mode(e, pre1));
  case Q_SIMULATION: return simulation_valid(env, q, s, word);
  default: break;
  }
  int varied = query_varied_var(q);
  IrVal ok = k(1);
  for (unsigned v = 0; v < isa->nvars; v++)
    if ((int)v != varied)
      ok = and1(e, ok, eq(e, pre1[v], pre2[v], vwidth(e, v)));
  switch (q->kind) {
  case Q_MODE: /* any other mode against the user mode */
    ok = and1(e, ok, mode_selected(e, SEL_ANY, pre1));
    ok = and1(e, ok, not1(e, mode_is(e, pre1, user)));
    return and1(e, ok, mode_is(e, pre2, user));
  case Q_LOCATION: /* the pair is unordered: the second is the one moved up */
    ok = and1(e, ok, ir_apply(e, IR_ULT, 1, pre1[VAR_RELOC], pre2[VAR_RELOC], k(0), 0,
                              isa->addr_width, isa->addr_width));
    break;
  default:
    ok = and1(e, ok, ne(e, pre1[varied], pre2[varied], vwidth(e, (unsigned)varied)));
  }
  ok = and1(e, ok, mode_selected(e, q->sel, pre1));
  return and1(e, ok, mode_selected(e, q->sel, pre2));
}

IrVal query_valid(const IrEnv env[2], const Query *q, const QSide s[2], IrVal word)
{
  const IrEnv *e = &env[0];
  unsigned aw = e->isa->addr_width;
  /* the storage begins at or below l (at l for simulation's virtual state) */
  IrVal origin_ok = q->kind == Q_SIMULATION
                        ? eq(e, s[0].origin, s[0].pre[VAR_RELOC], aw)
                        : ir_apply(e, IR_ULE, 1, s[0].origin, s[0].pre[VAR_RELOC], k(0), 0, aw, aw);
  return and1(e, origin_ok, query_valid_state(env, q, s, word));
}

/* Different visible outcomes: exactly one traps, or neither does and they
 * differ in halting or in the visible state. */
static IrVal outcomes_differ(const IrEnv *e, const QSide s[2], IrVal storage_differs)
{
  const Isa *isa = e->isa;
  const IrOutcome *o1 = &s[0].out, *o2 = &s[1].out;
  IrVal visible = or1(e, storage_differs, ne(e, o1->halted, o2->halted, 1));
  for (unsigned v = 0; v < isa->nvars; v++)
    if (!isa->vars[v].resource)
      visible = or1(e, visible, ne(e, o1->next[v], o2->next[v], vwidth(e, v)));
  IrVal neither = and1(e, not1(e, o1->trapped), not1(e, o2->trapped));
  return or1(e, ne(e, o1->trapped, o2->trapped, 1), and1(e, neither, visible));
}

/* The host ran it without a trap; the monitor then takes the host's visible
 * results and keeps the virtual resources. That is wrong if the bare
 * machine ends elsewhere (its outcome includes the trap it may take, so a
 * trap whose exchange happens to reproduce the direct result is no
 * divergence), in halting or in the guest's storage; and the guest must
 * not have changed a real resource. */
static IrVal simulation_wrong(const IrEnv *e, MonitorKind monitor, const QSide s[2],
                              IrVal storage_differs)
{
  const Isa *isa = e->isa;
  const IrOutcome *o1 = &s[0].out, *o2 = &s[1].out;
  IrVal wrong = or1(e, storage_differs, ne(e, o1->halted, o2->halted, 1));
  for (unsigned v = 0; v < isa->nvars; v++) {
    bool owned = vm_owns(isa, monitor, v);
    IrVal monitored = owned ? s[0].pre[v] : o2->next[v];
    wrong = or1(e, wrong, ne(e, o1->next[v], monitored, vwidth(e, v)));
    if (owned)
      wrong = or1(e, wrong, ne(e, o2->next[v], s[1].pre[v], vwidth(e, v)));
  }
  return and1(e, not1(e, o2->trapped), wrong);
}

IrVal query_holds(const IrEnv env[2], const Query *q, const QSide s[2], IrVal storage_differs)
{
  const IrEnv *e = &env[0];
  const Isa *isa = e->isa;
  const IrOutcome *o1 = &s[0].out, *o2 = &s[1].out;
  switch (q->kind) {
  case Q_USER_RUNS:
  case Q_SUPERVISOR_RUNS:
  case Q_GUEST_RUNS:
    return not1(e, o1->trapped);
  case Q_CONTROL: {
    IrVal changed = k(0);
    for (unsigned v = 0; v < isa->nvars; v++)
      if (isa->vars[v].resource)
        changed = or1(e, changed, ne(e, o1->next[v], s[0].pre[v], vwidth(e, v)));
    return and1(e, not1(e, o1->trapped), changed);
  }
  case Q_SIMULATION:
    return simulation_wrong(e, q->monitor, s, storage_differs);
  case Q_MODE: /* the user-mode run does not trap; the other traps or differs */
    return and1(e, not1(e, o2->trapped), outcomes_differ(e, s, storage_differs));
  case Q_RESOURCE:
    if (q->resource == VAR_BOUND) {
      /* Bounds that allow different addresses make a memory trap the
       * address rule's business (the monitor keeps the rule by composing
       * R): such a pair counts only if neither run takes one. */
      IrVal same = ir_same_legal(e, s[0].pre[VAR_RELOC], s[0].pre[VAR_BOUND],
                                 s[1].pre[VAR_BOUND]);
      IrVal addr = or1(e, o1->addr_trapped, o2->addr_trapped);
      return and1(e, or1(e, same, not1(e, addr)), outcomes_differ(e, s, storage_differs));
    }
    return outcomes_differ(e, s, storage_differs);
  default: /* location: the storage moved with l, the legal addresses are the same */
    return outcomes_differ(e, s, storage_differs);
  }
}

const char *query_kind_name(QueryKind kind)
{
  static const char *names[] = {"user-run", "supervisor-run", "control",   "guest-run",
                                "location", "mode",           "resource", "simulation"};
  return names[kind];
}

const char *mode_sel_name(ModeSel s)
{
  static const char *names[] = {"any mode", "user mode", "supervisor mode"};
  return names[s];
}
