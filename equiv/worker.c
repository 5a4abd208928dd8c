/* One step of the lockstep explorer: the chosen instruction on the bare
 * machine and under the monitor, from the same virtual state. */
#include "compare.h"
#include "lockstep_impl.h"

#include <string.h>

Worker *worker_new(const Space *sp)
{
  const Isa *isa = sp->isa;
  Worker *w = g_new0(Worker, 1);
  w->sp = sp;
  w->bare = machine_new(isa);
  w->bare->touched = g_new0(uint64_t, sp->fixed_words);
  if (!sp->opt->bare_only) {
    /* the options were checked by the caller (lockstep_check) */
    w->stack = vmm_stack_new(isa, sp->opt->kind, sp->opt->stack, sp->opt->base, 1,
                             sp->opt->ts, NULL);
    g_assert(w->stack);
    w->guest = w->stack->guests[0];
    w->region = (uint64_t)(w->guest->m->mem - w->stack->bare->mem);
  }
  return w;
}

void worker_free(Worker *w)
{
  if (!w)
    return;
  g_free(w->bare->touched);
  machine_free(w->bare);
  vmm_stack_free(w->stack);
  g_free(w);
}

/* Resource control: the guest left the host's storage outside its region as
 * it was (zero: monitors keep nothing there while hooked) and changed no
 * real resource when it ran directly. */
bool stack_intact(const VmStack *st, uint64_t violations_before, GPtrArray *why)
{
  const Machine *h = st->bare;
  const Vm *guest = st->guests[0];
  uint64_t region = (uint64_t)(guest->m->mem - h->mem);
  bool ok = guest->counts.violations == violations_before;
  if (!ok && why)
    g_ptr_array_add(why, g_strdup("resource control (a real resource changed)"));
  for (uint64_t a = 0; a < h->size; a++) {
    if (a == region)
      a += guest->m->size;
    if (a < h->size && h->mem[a]) {
      if (why)
        g_ptr_array_add(why, g_strdup_printf("resource control (host E[%" G_GUINT64_FORMAT
                                             "] outside the guest's region)", a));
      return false;
    }
  }
  return ok;
}

StepKind transition(Worker *w, const VState *s, uint64_t place, unsigned c, VState *next,
                    GPtrArray *why)
{
  const Space *sp = w->sp;
  const Isa *isa = sp->isa;
  Machine *b = w->bare;
  memcpy(b->var, s->var, isa->nvars * sizeof *b->var);
  memcpy(b->mem, s->mem, isa->mem * sizeof *b->mem);
  memcpy(b->touched, s->fixed, sp->fixed_words * sizeof *b->touched);
  b->halted = false;
  if (place != SPACE_NO_PLACE)
    b->mem[place] = sp->words[c];
  StepKind kind = STEP_AGREES;
  w->transitions++;
  if (w->guest) {
    Machine *g = w->guest->m;
    memcpy(g->var, b->var, isa->nvars * sizeof *g->var);
    memcpy(g->mem, b->mem, isa->mem * sizeof *g->mem);
    g->halted = false;
    if (sp->patch)
      code_cache_load_patched(w->guest->cache, g->mem, s->patched);
    machine_step(b, NULL);
    uint64_t direct = w->guest->counts.direct, violations = w->guest->counts.violations;
    StepResult r;
    vm_run(w->guest, 1, &r);
    if (r.trapped) /* as on the bare machine: the guest's own handler */
      machine_take_trap(g, r.cause);
    w->direct += w->guest->counts.direct - direct;
    w->instructions++;
    bool intact = stack_intact(w->stack, violations, why);
    if (!vm_agrees(b, w->guest, why) || !intact)
      kind = STEP_DIVERGES;
    if (sp->patch)
      code_cache_patched(w->guest->cache, g->mem, next->patched);
  } else {
    machine_step(b, NULL);
  }
  memcpy(next->var, b->var, isa->nvars * sizeof *b->var);
  memcpy(next->mem, b->mem, isa->mem * sizeof *b->mem);
  memcpy(next->fixed, b->touched, sp->fixed_words * sizeof *b->touched);
  next->halted = b->halted;
  next->count = s->count + 1;
  return kind;
}
