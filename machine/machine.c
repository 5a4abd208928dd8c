#include "machine.h"

Machine *machine_new(const Isa *isa)
{
  Machine *m = g_new0(Machine, 1);
  m->isa = isa;
  m->mem = g_new0(uint64_t, isa->mem);
  program_initial_vars(isa, NULL, m->var);
  return m;
}

void machine_free(Machine *m)
{
  if (!m)
    return;
  g_free(m->mem);
  g_free(m);
}

void machine_load(Machine *m, const Program *p)
{
  for (uint64_t a = 0; a < m->isa->mem; a++)
    m->mem[a] = p->words[a];
  program_initial_vars(m->isa, p, m->var);
  m->halted = false;
  m->steps = 0;
}

static IrVal read_storage(void *ctx, IrVal phys, uint64_t demand)
{
  (void)demand;
  const Machine *m = ctx;
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
    m->mem[s->phys.c] = s->value.c;
  }
  for (unsigned v = 0; v < m->isa->nvars; v++)
    m->var[v] = out->next[v].c;
  m->halted = out->halted.c;
}

void machine_step(Machine *m, MachineStep *rec)
{
  const Isa *isa = m->isa;
  if (m->halted)
    return;
  IrVal pre[VC_MAX_VARS];
  for (unsigned v = 0; v < isa->nvars; v++)
    pre[v] = ir_const(m->var[v]);
  IrEnv env = {.isa = isa, .read = read_storage, .read_ctx = m};
  IrOutcome out;
  m->steps++;
  if (rec) {
    rec->step = m->steps;
    rec->pc = m->var[VAR_PC];
    rec->insn = -1;
    rec->nwrites = 0;
    rec->word = 0;
    for (unsigned v = 0; v < isa->nvars; v++)
      rec->before[v] = m->var[v];
  }

  uint64_t phys;
  if (rec)
    rec->fetched = false;
  if (!ir_legal_concrete(isa, m->var[VAR_RELOC], m->var[VAR_BOUND], m->var[VAR_PC], &phys)) {
    ir_exchange(&env, pre, ir_const(CAUSE_MEMORY), &out);
  } else {
    uint64_t word = m->mem[phys];
    int i = isa_decode(isa, word);
    if (rec) {
      rec->fetched = true;
      rec->word = word;
      rec->insn = i;
    }
    if (i < 0) {
      ir_exchange(&env, pre, ir_const(CAUSE_ILLEGAL), &out);
    } else {
      ir_exec(&env, &isa->insns[i], ir_const(word), pre, &out);
      if (out.trapped.c)
        ir_exchange(&env, pre, out.cause, &out);
    }
  }
  if (rec) {
    rec->trapped = out.trapped.c;
    rec->cause = (unsigned)out.cause.c;
    rec->halted = out.halted.c;
  }
  commit(m, &out, rec);
}

bool machine_run(Machine *m, uint64_t limit, void (*on_step)(const MachineStep *, void *),
                 void *data)
{
  MachineStep rec;
  for (uint64_t n = 0; n < limit && !m->halted; n++) {
    machine_step(m, on_step ? &rec : NULL);
    if (on_step)
      on_step(&rec, data);
  }
  return m->halted;
}
