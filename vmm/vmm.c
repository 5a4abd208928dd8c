#include "vmm.h"

#include <string.h>

const char *const run_kind_names[] = {"hardware",    "direct",     "emulated", "reflected",
                                      "interpreted", "translated", "hypercall"};

uint64_t monitor_reserved(const Isa *isa)
{
  uint64_t top = 0;
  for (int c = 0; c < CAUSE_COUNT; c++)
    top = MAX(top, MAX(isa->vector[c].old_at, isa->vector[c].new_at) + isa->psw_len);
  return top;
}

Vm *vm_bare(Machine *m)
{
  Vm *vm = g_new0(Vm, 1);
  vm->m = m;
  m->hooked = true;
  return vm;
}

Monitor *monitor_new(MonitorKind kind, Vm *host, const TranslationSet *ts)
{
  g_assert(!monitor_translates(kind) || ts);
  Monitor *mon = g_new0(Monitor, 1);
  mon->kind = kind;
  mon->ts = ts;
  mon->host = host;
  mon->level = host->runner ? host->runner->level + 1 : 1;
  mon->reserved = monitor_reserved(host->m->isa);
  /* The host's resources stay what they are now while guests run. */
  for (unsigned v = 0; v < host->m->isa->nvars; v++)
    mon->real[v] = host->m->var[v];
  vm_map_controls(host->m->isa, mon->real);
  return mon;
}

Vm *monitor_guest(Monitor *mon, uint64_t base, uint64_t size)
{
  const Machine *h = mon->host->m;
  if (base < mon->reserved || size == 0 || base > h->size || size > h->size - base)
    return NULL;
  Vm *g = g_new0(Vm, 1);
  g->m = machine_new_view(h, base, size);
  g->m->hooked = true;
  g->runner = mon;
  g->base = base;
  if (monitor_translates(mon->kind))
    g->cache = code_cache_new(mon->ts, mon->kind, size);
  return g;
}

void vm_free(Vm *vm)
{
  if (!vm)
    return;
  if (vm->runner)
    machine_free(vm->m);
  code_cache_free(vm->cache);
  g_free(vm);
}

void monitor_free(Monitor *mon)
{
  g_free(mon);
}

/* The host state that runs the guest directly: f (fmap.h). false when the
 * monitor interprets this state instead. */
static bool compose(const Monitor *mon, const Vm *g, uint64_t *host)
{
  const Isa *isa = g->m->isa;
  IrEnv env = {.isa = isa};
  VmMap map = {mon->kind, g->base, g->m->size, mon->real};
  IrVal virt[VC_MAX_VARS], real[VC_MAX_VARS];
  for (unsigned v = 0; v < isa->nvars; v++)
    virt[v] = ir_const(g->m->var[v]);
  if (!vm_map(&env, &map, virt, real).c)
    return false;
  for (unsigned v = 0; v < isa->nvars; v++)
    host[v] = real[v].c;
  return true;
}

/* What the guest's virtual state holds at a: a patched word's original
 * (then through the view of a monitor above, when g is its host). */
typedef struct {
  const Vm *g;
  FetchView above;
  void *above_ctx;
} OriginalView;

static uint64_t original_fetch(void *ctx, uint64_t a, uint64_t word)
{
  const OriginalView *v = ctx;
  word = code_cache_original(v->g->cache, v->g->m->mem, a);
  return v->above ? v->above(v->above_ctx, a, word) : word;
}

/* One step of a (hooked) guest machine fetching through `view`; its own
 * view is back in place after. */
static StepResult step_viewed(Machine *m, FetchView view, void *ctx)
{
  FetchView above = m->fetch;
  void *above_ctx = m->fetch_ctx;
  m->fetch = view, m->fetch_ctx = ctx;
  StepResult r = machine_step(m, NULL);
  m->fetch = above, m->fetch_ctx = above_ctx;
  return r;
}

static StepResult interpret(Vm *g, RunKind kind)
{
  g->counts.entries++;
  Machine *gm = g->m;
  OriginalView view = {g, gm->fetch, gm->fetch_ctx};
  /* the guest's machine is hooked; a patch is emulated as its original */
  StepResult r = g->cache ? step_viewed(gm, original_fetch, &view) : machine_step(gm, NULL);
  if (kind == RUN_INTERPRETED)
    g->counts.interpreted++;
  else if (r.trapped)
    g->counts.reflected++, kind = RUN_REFLECTED;
  else
    g->counts.emulated++;
  if (kind == RUN_TRANSLATED)
    g->counts.translated_emulated++;
  g->last = kind;
  return r;
}

/* paravirt: the word the guest's hypercall at its pc names, if the guest
 * is in a virtual mode other than user (its kernel calls the monitor; a
 * user program's same instruction is its own system call) and the address
 * it carries is legal. */
static bool hypercall_word(const Vm *g, uint64_t *word)
{
  const Machine *m = g->m;
  const Isa *isa = m->isa;
  uint64_t at, arg;
  if (isa->hypercall < 0 || m->var[VAR_MODE] == isa->nmodes - 1 ||
      !ir_legal_concrete(isa, m->size, m->var[VAR_RELOC], m->var[VAR_BOUND], m->var[VAR_PC], &at) ||
      isa_decode(isa, m->mem[at]) != isa->hypercall)
    return false;
  const IrField *f = &isa->fields[isa->insns[isa->hypercall].operand[0]];
  uint64_t a = (m->mem[at] & ir_field_mask(f)) >> f->lo;
  if (!ir_legal_concrete(isa, m->size, m->var[VAR_RELOC], m->var[VAR_BOUND], a, &arg))
    return false;
  *word = m->mem[arg];
  return true;
}

static uint64_t named_word(void *ctx, uint64_t a, uint64_t word)
{
  (void)a, (void)word;
  return *(const uint64_t *)ctx;
}

/* Performs the named instruction on the virtual state, at the hypercall's
 * pc, as if it stood there. */
static StepResult hypercall(Vm *g, uint64_t word)
{
  g->counts.entries++;
  g->counts.hypercalls++;
  g->last = RUN_HYPERCALL;
  return step_viewed(g->m, named_word, &word);
}

/* The host's fetch while monitor `ctx` runs its guest directly: what the
 * guest would fetch (through a monitor above it, when it hosts one), then
 * this monitor's translation. */
static uint64_t monitor_fetch(void *ctx, uint64_t phys, uint64_t word)
{
  Monitor *mon = ctx;
  Vm *g = mon->running;
  uint64_t a = phys - g->base;
  if (phys < g->base || a >= g->m->size)
    return word;
  if (g->m->fetch)
    word = g->m->fetch(g->m->fetch_ctx, a, word);
  if (g->cache)
    word = code_cache_fetch(g->cache, g->m->mem, a, word, g->m->var[VAR_MODE]);
  return word;
}

/* Runs up to n instructions of a (hooked) machine, stopping after one that
 * traps or halts; *last is the last one's result. */
static uint64_t run_until_trap(Machine *m, uint64_t n, StepResult *last)
{
  uint64_t ran = 0;
  *last = (StepResult){0};
  while (ran < n && !m->halted) {
    *last = machine_step(m, NULL);
    ran++;
    if (last->trapped || last->halted)
      break;
  }
  return ran;
}

/* Hardware assist: the guest's own machine (its storage the region, as EPT
 * maps it) runs with the guest-mode flag set and the monitor's controls and
 * host state in place of the guest's, until a trap: an exit. */
static uint64_t assist_run(Monitor *mon, Vm *g, uint64_t n, StepResult *last)
{
  const Isa *isa = g->m->isa;
  Machine *gm = g->m;
  uint64_t host[VC_MAX_VARS], kept[VC_MAX_VARS];
  compose(mon, g, host);
  memcpy(kept, gm->var, sizeof kept);
  memcpy(gm->var, host, isa->nvars * sizeof *gm->var);
  StepResult r;
  uint64_t ran = run_until_trap(gm, n, &r);
  for (unsigned k = 0; k < isa->nvars; k++)
    if (vm_owns(isa, MON_ASSIST, k)) {
      g->counts.violations += gm->var[k] != host[k];
      gm->var[k] = kept[k];
    }
  uint64_t direct = ran - r.trapped;
  gm->steps -= r.trapped; /* machine_step counted the exit, which interpret counts again */
  g->counts.direct += direct;
  g->last = RUN_DIRECT;
  *last = r;
  if (r.trapped)
    *last = interpret(g, RUN_EMULATED);
  return ran;
}

static uint64_t monitor_run(Monitor *mon, Vm *g, uint64_t n, StepResult *last)
{
  const Isa *isa = g->m->isa;
  Machine *gm = g->m, *hm = mon->host->m;
  if (gm->halted) {
    *last = (StepResult){.halted = true};
    return 0;
  }
  if (mon->kind == MON_ASSIST)
    return assist_run(mon, g, n, last);
  uint64_t host[VC_MAX_VARS];
  if (!compose(mon, g, host)) {
    *last = interpret(g, RUN_INTERPRETED);
    return 1;
  }
  for (unsigned k = 0; k < isa->nvars; k++)
    hm->var[k] = host[k];
  hm->halted = false;
  bool viewed = g->cache || gm->fetch;
  if (viewed)
    hm->fetch = monitor_fetch, hm->fetch_ctx = mon, mon->running = g;
  StepResult r;
  uint64_t ran = vm_run(mon->host, n, &r);
  if (viewed)
    hm->fetch = NULL;
  bool by_translation = r.trapped && g->cache && code_cache_last_translated(g->cache);
  uint64_t direct = ran - r.trapped; /* a trapping instruction changed nothing */
  for (unsigned k = 0; k < isa->nvars; k++) {
    if (!vm_owns(isa, mon->kind, k))
      gm->var[k] = hm->var[k];
    else if (hm->var[k] != host[k])
      g->counts.violations++; /* an unprivileged instruction changed a real resource */
  }
  gm->halted = hm->halted;
  gm->steps += direct;
  g->counts.direct += direct;
  g->last = RUN_DIRECT;
  *last = r;
  uint64_t named;
  if (r.trapped && mon->kind == MON_PARAVIRT && hypercall_word(g, &named))
    *last = hypercall(g, named);
  else if (r.trapped) /* the dispatcher: emulate, or reflect what the guest would get */
    *last = interpret(g, by_translation ? RUN_TRANSLATED : RUN_EMULATED);
  return ran;
}

uint64_t vm_run(Vm *vm, uint64_t n, StepResult *last)
{
  *last = (StepResult){0};
  if (vm->runner)
    return monitor_run(vm->runner, vm, n, last);
  vm->last = RUN_HARDWARE;
  return run_until_trap(vm->m, n, last);
}
