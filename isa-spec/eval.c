#include "eval.h"

#include <string.h>

const char *const ir_op_names[IR_OP_COUNT] = {
    "const", "insn", "var", "local", "add", "sub", "mul", "and", "or", "xor", "not", "shl",
    "lshr", "ashr", "eq", "ult", "ule", "slt", "sle", "slice", "concat", "zext", "sext", "ite",
};


/* ---- operations on possibly symbolic values --------------------------- */

/* The evaluator's body is instantiated twice: with SYM a compile-time false
 * (the machine: every symbolic test folds away) and true (the SMT encoder).
 * Both instances are this one text. */
#define INLINE static inline __attribute__((always_inline))
#define CONC(v) (!SYM || !(v).s)

INLINE IrVal apply(bool SYM, const IrEnv *env, IrOp op, unsigned width, IrVal a, IrVal b,
                   IrVal c, uint64_t k, unsigned aw, unsigned bw)
{
  if (SYM) { /* an operand the operator does not read holds whatever node 0 held */
    unsigned n = ir_arity(op);
    if (n < 3)
      c = ir_const(0);
    if (n < 2)
      b = ir_const(0);
  }
  if (CONC(a) && CONC(b) && CONC(c))
    return ir_const(ir_fold(op, width, a.c, b.c, c.c, k, aw, bw));
  if (op == IR_ITE && CONC(a))
    return a.c ? b : c;
  IrVal args[3] = {a, b, c};
  unsigned widths[3] = {aw, bw, op == IR_ITE ? bw : 0};
  return env->sym->apply(env->sym_ctx, op, width, args, widths, k);
}

IrVal ir_apply_general(const IrEnv *env, IrOp op, unsigned width, IrVal a, IrVal b, IrVal c,
                       uint64_t k, unsigned aw, unsigned bw)
{
  return env->sym ? apply(true, env, op, width, a, b, c, k, aw, bw)
                  : apply(false, env, op, width, a, b, c, k, aw, bw);
}

INLINE bool is_true(bool SYM, IrVal v)
{
  return CONC(v) && v.c;
}

INLINE bool is_false(bool SYM, IrVal v)
{
  return CONC(v) && !v.c;
}

static IrVal konst(uint64_t c)
{
  return ir_const(c);
}

INLINE IrVal and1(bool SYM, const IrEnv *env, IrVal a, IrVal b)
{
  if (is_true(SYM, a) || is_false(SYM, b))
    return b;
  if (is_true(SYM, b) || is_false(SYM, a))
    return a;
  return apply(SYM, env, IR_AND, 1, a, b, konst(0), 0, 1, 1);
}

INLINE IrVal or1(bool SYM, const IrEnv *env, IrVal a, IrVal b)
{
  if (is_false(SYM, a) || is_true(SYM, b))
    return b;
  if (is_false(SYM, b) || is_true(SYM, a))
    return a;
  return apply(SYM, env, IR_OR, 1, a, b, konst(0), 0, 1, 1);
}

INLINE IrVal not1(bool SYM, const IrEnv *env, IrVal a)
{
  return apply(SYM, env, IR_NOT, 1, a, konst(0), konst(0), 0, 1, 0);
}

INLINE IrVal ite(bool SYM, const IrEnv *env, IrVal c, IrVal a, IrVal b, unsigned width)
{
  if (CONC(c))
    return c.c ? a : b;
  if (CONC(a) && CONC(b) && a.c == b.c)
    return a;
  return apply(SYM, env, IR_ITE, width, c, a, b, 0, 1, width);
}

/* Truncates or zero-extends v from width `from` to width `to`. */
INLINE IrVal resize(bool SYM, const IrEnv *env, IrVal v, unsigned from, unsigned to)
{
  if (from == to)
    return v;
  if (from < to)
    return apply(SYM, env, IR_ZEXT, to, v, konst(0), konst(0), 0, from, 0);
  return apply(SYM, env, IR_SLICE, to, v, konst(0), konst(0), (uint64_t)(to - 1) << 8, from, 0);
}

/* A mode value outside the declared modes means the least privileged one. */
INLINE IrVal clamp_mode(bool SYM, const IrEnv *env, IrVal v)
{
  const Isa *isa = env->isa;
  unsigned w = isa->vars[VAR_MODE].width;
  if (isa->nmodes == (1u << w))
    return v;
  IrVal ok = apply(SYM, env, IR_ULT, 1, v, konst(isa->nmodes), konst(0), 0, w, w);
  return ite(SYM, env, ok, v, konst(isa->nmodes - 1), w);
}

IrVal ir_env_mem(const IrEnv *env)
{
  return konst(env->mem ? env->mem : env->isa->mem);
}

/* The address rule (eval.h). One text for every use; with SYM false it
 * folds to a few machine operations. */
INLINE IrVal legal_rule(bool SYM, const IrEnv *env, IrVal l, IrVal b, IrVal a, uint64_t k,
                        IrVal *phys)
{
  const Isa *isa = env->isa;
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa);
  IrVal va = apply(SYM, env, IR_ADD, pw, resize(SYM, env, a, aw, pw), konst(k), konst(0), 0, pw,
                   pw);
  IrVal in_bounds = apply(SYM, env, isa->bound_lt ? IR_ULT : IR_ULE, 1, va,
                          resize(SYM, env, b, aw, pw), konst(0), 0, pw, pw);
  *phys = apply(SYM, env, IR_ADD, pw, resize(SYM, env, l, aw, pw), va, konst(0), 0, pw, pw);
  IrVal at = env->origin ? apply(SYM, env, IR_ADD, pw, resize(SYM, env, *env->origin, aw, pw), va,
                                 konst(0), 0, pw, pw)
                         : *phys;
  IrVal in_storage = apply(SYM, env, IR_ULT, 1, at, ir_env_mem(env), konst(0), 0, pw, pw);
  return and1(SYM, env, in_bounds, in_storage);
}

IrVal ir_legal(const IrEnv *env, IrVal reloc, IrVal bound, IrVal va, uint64_t k, IrVal *phys)
{
  return env->sym ? legal_rule(true, env, reloc, bound, va, k, phys)
                  : legal_rule(false, env, reloc, bound, va, k, phys);
}

bool ir_legal_concrete(const Isa *isa, uint64_t mem, uint64_t reloc, uint64_t bound,
                       uint64_t va, uint64_t *phys)
{
  IrEnv env = {.isa = isa, .mem = mem};
  IrVal p, ok = legal_rule(false, &env, konst(reloc), konst(bound), konst(va), 0, &p);
  *phys = p.c;
  return ok.c;
}

/* The physical rule: p is within the state's storage, mem words plus the
 * l - origin words below it when it lies in a larger storage. */
INLINE IrVal phys_rule(bool SYM, const IrEnv *env, IrVal l, IrVal p, IrVal *phys)
{
  const Isa *isa = env->isa;
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa);
  *phys = resize(SYM, env, p, aw, pw);
  IrVal size = ir_env_mem(env);
  if (env->origin) {
    IrVal below = apply(SYM, env, IR_SUB, pw, resize(SYM, env, l, aw, pw),
                        resize(SYM, env, *env->origin, aw, pw), konst(0), 0, pw, pw);
    size = apply(SYM, env, IR_ADD, pw, size, below, konst(0), 0, pw, pw);
  }
  return apply(SYM, env, IR_ULT, 1, *phys, size, konst(0), 0, pw, pw);
}

IrVal ir_phys_legal(const IrEnv *env, IrVal reloc, IrVal p, IrVal *phys)
{
  return env->sym ? phys_rule(true, env, reloc, p, phys) : phys_rule(false, env, reloc, p, phys);
}

IrVal ir_bound_clip(const IrEnv *env, IrVal reloc, IrVal bound)
{
  const Isa *isa = env->isa;
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa);
  /* rule lt: min(b, room); le: min(b, room - 1); room = mem - origin, the words
   * from the state's l on */
  IrVal o = env->origin ? *env->origin : reloc;
  IrVal room = ir_apply(env, IR_SUB, pw, ir_env_mem(env), ir_apply(env, IR_ZEXT, pw, o,
                        konst(0), konst(0), 0, aw, 0), konst(0), 0, pw, pw);
  IrVal lim = isa->bound_lt ? room : ir_apply(env, IR_SUB, pw, room, konst(1), konst(0), 0, pw, pw);
  IrVal b = ir_apply(env, IR_ZEXT, pw, bound, konst(0), konst(0), 0, aw, 0);
  IrVal fits = ir_apply(env, IR_ULE, 1, b, lim, konst(0), 0, pw, pw);
  IrVal clipped = ir_apply(env, IR_ITE, pw, fits, b, lim, 0, 1, pw);
  return ir_apply(env, IR_SLICE, aw, clipped, konst(0), konst(0), (uint64_t)(aw - 1) << 8, pw, 0);
}

IrVal ir_same_legal(const IrEnv *env, IrVal reloc, IrVal b1, IrVal b2)
{
  const Isa *isa = env->isa;
  unsigned aw = isa->addr_width, pw = ir_phys_width(isa);
  IrVal l = ir_apply(env, IR_ZEXT, pw, env->origin ? *env->origin : reloc, konst(0), konst(0), 0,
                     aw, 0);
  IrVal outside = ir_apply(env, IR_ULE, 1, ir_env_mem(env), l, konst(0), 0, pw, pw);
  IrVal same = ir_apply(env, IR_EQ, 1, ir_bound_clip(env, reloc, b1),
                        ir_bound_clip(env, reloc, b2), konst(0), 0, aw, aw);
  return ir_apply(env, IR_OR, 1, outside, same, konst(0), 0, 1, 1);
}

/* ---- statements ------------------------------------------------------- */

typedef struct {
  const IrEnv *env;
  const IrInsn *in;
  IrVal word;
  const IrVal *pre;
  IrVal *vals, *locals;
  IrOutcome *out;
  IrVal done; /* 1 bit: trapped or halted on this path already */
  bool entry; /* a trap entry: an access outside storage reads 0 and writes nothing */
} Exec;

INLINE void eval_range(bool SYM, Exec *x, const IrStmt *s)
{
  const IrExpr *ex = x->in->ex;
  IrVal *v = x->vals;
  for (uint32_t i = s->lo; i < s->hi; i++) {
    const IrExpr *e = &ex[i];
    switch (e->op) {
    case IR_CONST: v[i] = konst(e->k); break;
    case IR_INSN: v[i] = x->word; break;
    case IR_VAR: v[i] = x->pre[e->k]; break;
    case IR_LOCAL: v[i] = x->locals[e->k]; break;
    default:
      v[i] = apply(SYM, x->env, (IrOp)e->op, e->width, v[e->a], v[e->b], v[e->c], e->k,
                   ex[e->a].width, ex[e->b].width);
    }
  }
}

INLINE void set_var(bool SYM, Exec *x, IrVal g, unsigned var, IrVal val)
{
  if (var == VAR_MODE)
    val = clamp_mode(SYM, x->env, val);
  IrVal *slot = &x->out->next[var];
  *slot = ite(SYM, x->env, g, val, *slot, x->env->isa->vars[var].width);
}

INLINE void trap_if(bool SYM, Exec *x, IrVal g, unsigned cause, bool by_address_rule)
{
  if (is_false(SYM, g))
    return;
  IrOutcome *o = x->out;
  o->cause = ite(SYM, x->env, g, konst(cause), o->cause, 2);
  o->trapped = or1(SYM, x->env, o->trapped, g);
  if (by_address_rule)
    o->addr_trapped = or1(SYM, x->env, o->addr_trapped, g);
  if (!SYM || !x->env->traps_continue)
    x->done = or1(SYM, x->env, x->done, g);
}

static void add_store(IrOutcome *o, IrVal g, IrVal phys, IrVal value)
{
  g_assert(o->nstores < G_N_ELEMENTS(o->stores));
  o->stores[o->nstores++] = (IrStore){g, phys, value};
}

/* Whether the access to a (+ k) is legal, and its physical address; an
 * illegal one traps under guard g (an instruction's, not a trap entry's). */
INLINE IrVal access_rule(bool SYM, Exec *x, IrVal g, IrVal a, unsigned k, bool physical, IrVal *phys)
{
  IrVal ok = physical ? phys_rule(SYM, x->env, x->pre[VAR_RELOC], a, phys)
                      : legal_rule(SYM, x->env, x->pre[VAR_RELOC], x->pre[VAR_BOUND], a, k, phys);
  if (!x->entry) /* the address rule's trap, or the physical one: storage ends */
    trap_if(SYM, x, and1(SYM, x->env, g, not1(SYM, x->env, ok)), CAUSE_MEMORY, !physical);
  return ok;
}

/* Reads the storage word at a + k under guard g. */
INLINE IrVal load(bool SYM, Exec *x, IrVal g, IrVal a, unsigned k, bool physical,
                  uint64_t demand, IrVal *ok)
{
  IrVal phys;
  *ok = access_rule(SYM, x, g, a, k, physical, &phys);
  if (is_false(SYM, *ok))
    return konst(0);
  IrVal w = x->env->read(x->env->read_ctx, phys, demand);
  return x->entry ? ite(SYM, x->env, *ok, w, konst(0), x->env->isa->word) : w;
}

INLINE void loadpsw(bool SYM, Exec *x, IrVal g, IrVal a)
{
  const Isa *isa = x->env->isa;
  IrVal words[VC_MAX_PSW], all_ok = konst(1);
  for (unsigned k = 0; k < isa->psw_len; k++) {
    IrVal ok;
    words[k] = load(SYM, x, g, a, k, false, ir_mask(isa->vars[isa->psw[k]].width), &ok);
    all_ok = and1(SYM, x->env, all_ok, ok);
  }
  IrVal g_ok = and1(SYM, x->env, g, all_ok);
  if (is_false(SYM, g_ok))
    return;
  for (unsigned k = 0; k < isa->psw_len; k++) {
    unsigned v = isa->psw[k];
    set_var(SYM, x, g_ok, v, resize(SYM, x->env, words[k], isa->word, isa->vars[v].width));
  }
}

static void exec_concrete(Exec *x, uint32_t first, uint32_t end, IrVal guard);
static void exec_symbolic(Exec *x, uint32_t first, uint32_t end, IrVal guard);

INLINE void exec_block(bool SYM, Exec *x, uint32_t first, uint32_t end, IrVal guard)
{
  const IrEnv *env = x->env;
  const IrStmt *st = x->in->st;
  for (uint32_t i = first; i < end;) {
    IrVal g = is_false(SYM, x->done) ? guard : and1(SYM, env, guard, not1(SYM, env, x->done));
    if (is_false(SYM, g))
      return;
    const IrStmt *s = &st[i];
    eval_range(SYM, x, s);
    IrVal ok, phys;
    switch ((IrStmtKind)s->kind) {
    case IS_LET:
      x->locals[s->slot] = x->vals[s->e0];
      break;
    case IS_SET:
      set_var(SYM, x, g, s->slot, x->vals[s->e0]);
      break;
    case IS_LOAD:
      x->locals[s->slot] = load(SYM, x, g, x->vals[s->e0], 0, s->physical, s->demand, &ok);
      break;
    case IS_STORE:
      ok = access_rule(SYM, x, g, x->vals[s->e0], 0, s->physical, &phys);
      if (!is_false(SYM, ok))
        add_store(x->out, and1(SYM, env, g, ok), phys, x->vals[s->e1]);
      break;
    case IS_IF: {
      IrVal c = x->vals[s->e0];
      void (*block)(Exec *, uint32_t, uint32_t, IrVal) = SYM ? exec_symbolic : exec_concrete;
      if (CONC(c)) {
        if (c.c)
          block(x, i + 1, s->then_end, guard);
        else
          block(x, s->then_end, s->else_end, guard);
      } else {
        block(x, i + 1, s->then_end, and1(SYM, env, guard, c));
        block(x, s->then_end, s->else_end, and1(SYM, env, guard, not1(SYM, env, c)));
      }
      i = s->else_end;
      continue;
    }
    case IS_TRAP:
      trap_if(SYM, x, g, s->cause, false);
      break;
    case IS_HALT:
      x->out->halted = or1(SYM, env, x->out->halted, g);
      x->done = or1(SYM, env, x->done, g);
      break;
    case IS_LOADPSW:
      loadpsw(SYM, x, g, x->vals[s->e0]);
      break;
    }
    i++;
  }
}

static void exec_concrete(Exec *x, uint32_t first, uint32_t end, IrVal guard)
{
  exec_block(false, x, first, end, guard);
}

static void exec_symbolic(Exec *x, uint32_t first, uint32_t end, IrVal guard)
{
  exec_block(true, x, first, end, guard);
}

static void outcome_init(const Isa *isa, const IrVal *pre, IrOutcome *out)
{
  for (unsigned v = 0; v < isa->nvars; v++)
    out->next[v] = pre[v];
  out->trapped = out->halted = out->cause = out->addr_trapped = konst(0);
  out->nstores = 0;
}

void ir_exec(const IrEnv *env, const IrInsn *in, IrVal word, const IrVal *pre, IrOutcome *out)
{
  const Isa *isa = env->isa;
  IrVal vals[in->nex ? in->nex : 1];
  IrVal locals[in->nlocals ? in->nlocals : 1];
  outcome_init(isa, pre, out);
  unsigned aw = isa->addr_width;
  Exec x = {env, in, word, pre, vals, locals, out, konst(0), false};
  if (env->sym) {
    out->next[VAR_PC] =
        apply(true, env, IR_ADD, aw, pre[VAR_PC], konst(1), konst(0), 0, aw, aw);
    exec_symbolic(&x, 0, in->nst, konst(1));
  } else {
    out->next[VAR_PC] = konst((pre[VAR_PC].c + 1) & ir_mask(aw));
    exec_concrete(&x, 0, in->nst, konst(1));
  }
}

void ir_exchange(const IrEnv *env, const IrVal *pre, IrVal cause, IrOutcome *out)
{
  const bool SYM = true; /* rare: one general instance serves both */
  const Isa *isa = env->isa;
  outcome_init(isa, pre, out);
  out->trapped = konst(1);
  out->cause = cause;
  for (unsigned c = 0; c < CAUSE_COUNT; c++) {
    IrVal g = apply(SYM, env, IR_EQ, 1, cause, konst(c), konst(0), 0, 2, 2);
    if (is_false(SYM, g))
      continue;
    const IrInsn *entry = isa->entry[c];
    if (entry) { /* the spec's own trap entry, its writes guarded by the cause */
      IrVal vals[entry->nex ? entry->nex : 1];
      IrVal locals[entry->nlocals ? entry->nlocals : 1];
      Exec x = {env, entry, konst(0), pre, vals, locals, out, konst(0), true};
      exec_symbolic(&x, 0, entry->nst, g);
      continue;
    }
    const IrVector *vec = &isa->vector[c];
    for (unsigned k = 0; k < isa->psw_len; k++) {
      unsigned v = isa->psw[k];
      unsigned vw = isa->vars[v].width;
      add_store(out, g, konst(vec->old_at + k), resize(SYM, env, pre[v], vw, isa->word));
      IrVal w = env->read(env->read_ctx, konst(vec->new_at + k), ir_mask(vw));
      IrVal val = resize(SYM, env, w, isa->word, vw);
      if (v == VAR_MODE)
        val = clamp_mode(SYM, env, val);
      out->next[v] = ite(SYM, env, g, val, out->next[v], vw);
    }
  }
}

/* ---- the fast concrete path (eval.h: ir_run) -------------------------- */

typedef struct {
  const IrEnv *env;
  const IrInsn *in;
  uint64_t word;
  const uint64_t *pre;
  uint64_t *next, *vals, *locals, *mem, *touched;
  unsigned nstores;
  struct {
    uint64_t phys, value;
  } stores[VC_MAX_STORES];
  IrRunResult r;
  bool done;
} Run;

static inline void run_touch(const Run *x, uint64_t a)
{
  if (x->touched)
    x->touched[a / 64] |= (uint64_t)1 << (a % 64);
}

/* The address rules of ir_exec, on concrete values: legal_rule and
 * phys_rule themselves, folded. A failed access traps (memory). */
static inline bool run_access(Run *x, uint64_t a, unsigned k, bool physical, uint64_t *phys)
{
  IrVal p, ok = physical ? phys_rule(false, x->env, konst(x->pre[VAR_RELOC]), konst(a), &p)
                         : legal_rule(false, x->env, konst(x->pre[VAR_RELOC]),
                                      konst(x->pre[VAR_BOUND]), konst(a), k, &p);
  *phys = p.c;
  if (!ok.c && !x->done) {
    x->r.trapped = true;
    x->r.cause = CAUSE_MEMORY;
    x->done = true;
  }
  return ok.c;
}

static inline uint64_t run_load(Run *x, uint64_t a, unsigned k, bool physical)
{
  uint64_t phys;
  if (!run_access(x, a, k, physical, &phys))
    return 0;
  run_touch(x, phys);
  return x->mem[phys];
}

static void run_block(Run *x, uint32_t first, uint32_t end)
{
  const Isa *isa = x->env->isa;
  const IrExpr *ex = x->in->ex;
  const IrStmt *st = x->in->st;
  uint64_t *v = x->vals;
  for (uint32_t i = first; i < end && !x->done;) {
    const IrStmt *s = &st[i];
    for (uint32_t n = s->lo; n < s->hi; n++) {
      const IrExpr *e = &ex[n];
      switch (e->op) {
      case IR_CONST: v[n] = e->k; break;
      case IR_INSN: v[n] = x->word; break;
      case IR_VAR: v[n] = x->pre[e->k]; break;
      case IR_LOCAL: v[n] = x->locals[e->k]; break;
      default:
        v[n] = ir_fold((IrOp)e->op, e->width, v[e->a], v[e->b], v[e->c], e->k, ex[e->a].width,
                       ex[e->b].width);
      }
    }
    switch ((IrStmtKind)s->kind) {
    case IS_LET:
      x->locals[s->slot] = v[s->e0];
      break;
    case IS_SET:
      x->next[s->slot] = s->slot == VAR_MODE ? clamp_mode(false, x->env, konst(v[s->e0])).c
                                             : v[s->e0];
      break;
    case IS_LOAD:
      x->locals[s->slot] = run_load(x, v[s->e0], 0, s->physical);
      break;
    case IS_STORE: {
      uint64_t phys;
      if (run_access(x, v[s->e0], 0, s->physical, &phys)) {
        g_assert(x->nstores < G_N_ELEMENTS(x->stores));
        x->stores[x->nstores].phys = phys;
        x->stores[x->nstores++].value = v[s->e1];
      }
      break;
    }
    case IS_IF:
      if (v[s->e0])
        run_block(x, i + 1, s->then_end);
      else
        run_block(x, s->then_end, s->else_end);
      i = s->else_end;
      continue;
    case IS_TRAP:
      x->r.trapped = true;
      x->r.cause = s->cause;
      x->done = true;
      break;
    case IS_HALT:
      x->r.halted = true;
      x->done = true;
      break;
    case IS_LOADPSW: { /* every word is read (and touched) before any is taken, as in ir_exec */
      uint64_t words[VC_MAX_PSW];
      bool was_done = x->done, all = true;
      for (unsigned k = 0; k < isa->psw_len; k++) {
        uint64_t phys;
        bool ok = run_access(x, v[s->e0], k, false, &phys);
        words[k] = ok ? x->mem[phys] : 0;
        if (ok)
          run_touch(x, phys);
        all &= ok;
      }
      if (all && !was_done)
        for (unsigned k = 0; k < isa->psw_len; k++) {
          unsigned var = isa->psw[k];
          uint64_t w = resize(false, x->env, konst(words[k]), isa->word, isa->vars[var].width).c;
          x->next[var] = var == VAR_MODE ? clamp_mode(false, x->env, konst(w)).c : w;
        }
      break;
    }
    }
    i++;
  }
}

IrRunResult ir_run(const Isa *isa, const IrInsn *in, uint64_t word, uint64_t *var, uint64_t *mem,
                   uint64_t size, uint64_t *touched)
{
  IrEnv env = {.isa = isa, .mem = size};
  uint64_t vals[in->nex ? in->nex : 1], locals[in->nlocals ? in->nlocals : 1];
  uint64_t next[VC_MAX_VARS];
  memcpy(next, var, isa->nvars * sizeof *var);
  next[VAR_PC] = (var[VAR_PC] + 1) & ir_mask(isa->addr_width);
  Run x; /* not zeroed as a whole: the store buffer is filled as it is used */
  x.env = &env, x.in = in, x.word = word, x.pre = var, x.next = next, x.vals = vals;
  x.locals = locals, x.mem = mem, x.touched = touched, x.nstores = 0, x.done = false;
  x.r = (IrRunResult){false, false, 0};
  run_block(&x, 0, in->nst);
  if (x.r.trapped)
    return x.r;
  for (unsigned i = 0; i < x.nstores; i++) {
    run_touch(&x, x.stores[i].phys);
    mem[x.stores[i].phys] = x.stores[i].value;
  }
  memcpy(var, next, isa->nvars * sizeof *var);
  return x.r;
}
