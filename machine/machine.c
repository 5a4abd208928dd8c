#include "machine.h"

#include "native.h"

Machine *machine_new_sized(const Isa *isa, uint64_t size)
{
  Machine *m = g_new0(Machine, 1);
  m->isa = isa;
  m->size = size;
  m->mem = g_new0(uint64_t, size);
  m->owns_mem = true;
  program_initial_vars(isa, NULL, m->var);
  return m;
}

Machine *machine_new(const Isa *isa)
{
  return machine_new_sized(isa, isa->mem);
}

Machine *machine_new_view(const Machine *host, uint64_t base, uint64_t size)
{
  g_assert(base + size <= host->size);
  Machine *m = g_new0(Machine, 1);
  m->isa = host->isa;
  m->size = size;
  m->mem = host->mem + base;
  program_initial_vars(m->isa, NULL, m->var);
  return m;
}

void machine_free(Machine *m)
{
  if (!m)
    return;
  if (m->owns_mem)
    g_free(m->mem);
  g_free(m);
}

void machine_load(Machine *m, const Program *p)
{
  for (uint64_t a = 0; a < m->size; a++)
    m->mem[a] = a < m->isa->mem ? p->words[a] : 0;
  program_initial_vars(m->isa, p, m->var);
  m->halted = false;
  m->steps = 0;
}

static inline void touch(const Machine *m, uint64_t a)
{
  if (m->touched)
    m->touched[a / 64] |= (uint64_t)1 << (a % 64);
}

static IrVal read_storage(void *ctx, IrVal phys, uint64_t demand)
{
  (void)demand;
  const Machine *m = ctx;
  touch(m, phys.c);
  return ir_const(m->mem[phys.c]);
}

static void commit(Machine *m, const IrOutcome *out, MachineStep *rec)
{
  for (unsigned i = 0; i < out->nstores; i++) {
    const IrStore *s = &out->stores[i];
    if (!s->guard.c)
      continue;
    if (rec) {
      rec->writes[rec->nwrites].addr = s->phys.c;
      rec->writes[rec->nwrites].old = m->mem[s->phys.c];
      rec->writes[rec->nwrites++].val = s->value.c;
    }
    touch(m, s->phys.c);
    m->mem[s->phys.c] = s->value.c;
  }
  for (unsigned v = 0; v < m->isa->nvars; v++)
    m->var[v] = out->next[v].c;
  m->halted = out->halted.c;
}

static IrEnv machine_env(Machine *m)
{
  return (IrEnv){.isa = m->isa, .read = read_storage, .read_ctx = m, .mem = m->size};
}

void machine_take_trap(Machine *m, unsigned cause)
{
  IrVal pre[VC_MAX_VARS];
  for (unsigned v = 0; v < m->isa->nvars; v++)
    pre[v] = ir_const(m->var[v]);
  IrEnv env = machine_env(m);
  IrOutcome out;
  ir_exchange(&env, pre, ir_const(cause), &out);
  for (unsigned i = 0; i < out.nstores; i++)
    if (out.stores[i].guard.c) {
      touch(m, out.stores[i].phys.c);
      m->mem[out.stores[i].phys.c] = out.stores[i].value.c;
    }
  for (unsigned v = 0; v < m->isa->nvars; v++)
    m->var[v] = out.next[v].c;
}

/* Compiled code for up to `limit` instructions (native.h), each trap taken
 * unless hooked, as machine_step does. */
static StepResult native_steps(Machine *m, uint64_t limit, uint64_t *ran)
{
  int end;
  unsigned cause = 0;
  *ran = native_run(m->native)(m->var, m->mem, m->size, m->touched, limit, &end, &cause);
  m->steps += *ran;
  StepResult r = {end == NATIVE_TRAPPED, end == NATIVE_HALTED, cause};
  m->halted = r.halted;
  if (r.trapped && !m->hooked)
    machine_take_trap(m, r.cause);
  return r;
}

/* The fetch through the address rule and the decode: false when the fetch
 * itself traps (memory); else the word (as the fetch view shows it) and
 * its instruction (-1: an illegal opcode). */
static bool fetch(Machine *m, uint64_t *word, int *insn)
{
  uint64_t phys;
  if (!ir_legal_concrete(m->isa, m->size, m->var[VAR_RELOC], m->var[VAR_BOUND], m->var[VAR_PC],
                         &phys))
    return false;
  *word = m->mem[phys];
  touch(m, phys);
  if (m->fetch)
    *word = m->fetch(m->fetch_ctx, phys, *word);
  *insn = isa_decode(m->isa, *word);
  return true;
}

/* machine_step without a trace: compiled code, or the fast path (ir_run);
 * the interpreter only for a trap's exchange. */
static StepResult fast_step(Machine *m)
{
  const Isa *isa = m->isa;
  uint64_t ran, word;
  if (m->native && !m->fetch)
    return native_steps(m, 1, &ran);
  m->steps++;
  StepResult r;
  int i;
  if (!fetch(m, &word, &i)) {
    r = (StepResult){.trapped = true, .cause = CAUSE_MEMORY};
  } else if (i < 0) {
    r = (StepResult){.trapped = true, .cause = CAUSE_ILLEGAL};
  } else {
    IrRunResult x = ir_run(isa, &isa->insns[i], word, m->var, m->mem, m->size, m->touched);
    r = (StepResult){x.trapped, x.halted && !x.trapped, x.cause};
    m->halted = r.halted;
  }
  if (r.trapped && !m->hooked)
    machine_take_trap(m, r.cause);
  return r;
}

StepResult machine_step(Machine *m, MachineStep *rec)
{
  const Isa *isa = m->isa;
  if (m->halted)
    return (StepResult){.halted = true};
  if (!rec)
    return fast_step(m);
  IrVal pre[VC_MAX_VARS];
  for (unsigned v = 0; v < isa->nvars; v++)
    pre[v] = ir_const(m->var[v]);
  IrEnv env = machine_env(m);
  IrOutcome out;
  m->steps++;
  rec->step = m->steps;
  rec->pc = m->var[VAR_PC];
  rec->insn = -1;
  rec->nwrites = 0;
  rec->word = 0;
  for (unsigned v = 0; v < isa->nvars; v++)
    rec->before[v] = m->var[v];
  uint64_t word;
  int i;
  rec->fetched = fetch(m, &word, &i);
  StepResult r = {.trapped = true, .cause = CAUSE_MEMORY};
  if (rec->fetched) {
    rec->word = word;
    rec->insn = i;
    if (i < 0) {
      r = (StepResult){.trapped = true, .cause = CAUSE_ILLEGAL};
    } else {
      ir_exec(&env, &isa->insns[i], ir_const(word), pre, &out);
      r = (StepResult){out.trapped.c, out.halted.c, (unsigned)out.cause.c};
    }
  }
  rec->trapped = r.trapped;
  rec->cause = r.cause;
  rec->halted = r.halted && !r.trapped;
  if (!r.trapped) {
    commit(m, &out, rec);
  } else if (!m->hooked) {
    ir_exchange(&env, pre, ir_const(r.cause), &out);
    commit(m, &out, rec);
  }
  return r;
}

bool machine_run(Machine *m, uint64_t limit, void (*on_step)(const MachineStep *, void *),
                 void *data)
{
  MachineStep rec;
  if (m->native && !on_step && !m->fetch) { /* whole runs of compiled code between traps */
    for (uint64_t n = 0, ran; n < limit && !m->halted; n += ran)
      native_steps(m, limit - n, &ran);
    return m->halted;
  }
  for (uint64_t n = 0; n < limit && !m->halted; n++) {
    machine_step(m, on_step ? &rec : NULL);
    if (on_step)
      on_step(&rec, data);
  }
  return m->halted;
}
