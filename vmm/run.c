/* Running guests: time sharing, taking reported traps, and trace records. */
#include "vmm.h"

/* The guest-level record of one instruction: what changed in its virtual
 * state and storage, however the monitors carried it out. */
static void snapshot(const Vm *vm, MachineStep *rec, uint64_t *before_mem)
{
  const Machine *m = vm->m;
  rec->step = m->steps + 1;
  rec->pc = m->var[VAR_PC];
  rec->nwrites = 0;
  rec->insn = -1;
  rec->fetched = false;
  for (unsigned v = 0; v < m->isa->nvars; v++)
    rec->before[v] = m->var[v];
  uint64_t phys;
  if (ir_legal_concrete(m->isa, m->size, m->var[VAR_RELOC], m->var[VAR_BOUND], m->var[VAR_PC],
                        &phys)) {
    rec->fetched = true;
    rec->word = m->mem[phys];
    rec->insn = isa_decode(m->isa, rec->word);
  }
  memcpy(before_mem, m->mem, m->size * sizeof *before_mem);
}

static void diff_storage(const Vm *vm, MachineStep *rec, const uint64_t *before_mem)
{
  for (uint64_t a = 0; a < vm->m->size; a++)
    if (vm->m->mem[a] != before_mem[a] && rec->nwrites < G_N_ELEMENTS(rec->writes)) {
      rec->writes[rec->nwrites].addr = a;
      rec->writes[rec->nwrites].old = before_mem[a];
      rec->writes[rec->nwrites++].val = vm->m->mem[a];
    }
}

bool vmm_run(Vm **guests, unsigned n, uint64_t quantum, uint64_t limit,
             void (*on_step)(unsigned guest, const Vm *vm, const MachineStep *rec, void *data),
             void *data)
{
  uint64_t done = 0;
  uint64_t *before_mem = NULL;
  MachineStep rec;
  for (;;) {
    bool any = false;
    for (unsigned i = 0; i < n; i++) {
      Vm *g = guests[i];
      for (uint64_t q = 0; q < quantum && !g->m->halted && done < limit;) {
        any = true;
        if (on_step) {
          before_mem = g_renew(uint64_t, before_mem, g->m->size);
          snapshot(g, &rec, before_mem);
        }
        /* Traced: one instruction at a time; else as far as the turn allows. */
        uint64_t room = MIN(quantum - q, limit - done);
        StepResult r;
        uint64_t ran = vm_run(g, on_step ? 1 : room, &r);
        q += ran, done += ran;
        if (r.trapped) /* what the bare machine would do: the guest's handler runs */
          machine_take_trap(g->m, r.cause);
        if (on_step) {
          rec.trapped = r.trapped;
          rec.cause = r.cause;
          rec.halted = g->m->halted;
          diff_storage(g, &rec, before_mem);
          on_step(i, g, &rec, data);
        }
      }
    }
    if (!any || done >= limit)
      break;
  }
  g_free(before_mem);
  for (unsigned i = 0; i < n; i++)
    if (!guests[i]->m->halted)
      return false;
  return true;
}
