/* The counterexample: found again as the least shortest path, then written
 * out as a program and replayed as two traces. */
#include "compare.h"
#include "lockstep_impl.h"

#include <string.h>

#include "stateset.h"

typedef struct {
  const Space *sp;
  Worker *w;
  StateSet *memo; /* (state, steps left) pairs already searched in vain */
  unsigned steps;
  VState st[VC_MAX_PROGRAM_DEPTH + 1];
  uint64_t place[VC_MAX_PROGRAM_DEPTH], word[VC_MAX_PROGRAM_DEPTH];
  unsigned last; /* the diverging choice */
} Dfs;

/* Depth-first in enumeration order: the first path whose last step (and no
 * earlier one, the search being breadth-first before) diverges. */
static bool dfs(Dfs *f, unsigned j)
{
  const Space *sp = f->sp;
  VState *s = &f->st[j], *next = &f->st[j + 1];
  uint64_t place;
  unsigned n = space_choices(sp, s, &place);
  uint8_t key[VC_MAX_KEY_BYTES + 1];
  for (unsigned c = 0; c < n; c++) {
    StepKind k = transition(f->w, s, place, c, next, NULL);
    f->place[j] = place;
    f->word[j] = place == SPACE_NO_PLACE ? 0 : sp->words[c];
    if (j + 1 == f->steps) {
      if (k == STEP_DIVERGES) {
        f->last = c;
        return true;
      }
      continue;
    }
    vstate_pack(sp, next, key);
    key[sp->key_bytes] = (uint8_t)(f->steps - j - 1);
    /* A full memo only makes the search slower, never wrong. */
    if (stateset_add(f->memo, key) != STATESET_PRESENT && dfs(f, j + 1))
      return true;
  }
  return false;
}

void reconstruct(Lockstep *l, const Space *sp, Worker *w)
{
  const Isa *isa = sp->isa;
  Dfs *f = g_new0(Dfs, 1);
  f->sp = sp;
  f->w = w;
  f->steps = l->depth + 1;
  f->memo = stateset_new(sp->key_bytes + 1, l->opt.fingerprint);
  for (unsigned j = 0; j <= f->steps; j++)
    vstate_init(sp, &f->st[j]);
  memset(w->stack->bare->mem, 0, w->stack->bare->size * sizeof *w->stack->bare->mem);
  bool found = false;
  for (uint64_t i = 0; !found && i < sp->ninit; i++) {
    space_initial(sp, i, &f->st[0]);
    found = dfs(f, 0);
  }
  /* The breadth-first search saw this divergence, so the search finds one:
   * anything else is a bug in one of them. */
  g_assert(found);
  l->cex.steps = f->steps;
  memcpy(l->cex.var, f->st[0].var, sizeof l->cex.var);
  l->cex.storage = g_new0(uint64_t, isa->mem);
  l->cex.placed = g_new0(uint64_t, sp->fixed_words);
  for (unsigned j = 0; j < f->steps; j++)
    if (f->place[j] != SPACE_NO_PLACE) {
      l->cex.storage[f->place[j]] = f->word[j];
      l->cex.placed[f->place[j] / 64] |= (uint64_t)1 << (f->place[j] % 64);
    }
  GPtrArray *why = g_ptr_array_new();
  memset(w->stack->bare->mem, 0, w->stack->bare->size * sizeof *w->stack->bare->mem);
  uint64_t place;
  space_choices(sp, &f->st[f->steps - 1], &place);
  transition(w, &f->st[f->steps - 1], place, f->last, &f->st[f->steps], why);
  g_ptr_array_add(why, NULL);
  l->cex.diverges = (char **)g_ptr_array_free(why, FALSE);
  for (unsigned j = 0; j <= f->steps; j++)
    vstate_clear(&f->st[j]);
  stateset_free(f->memo);
  g_free(f);
}

void counterexample_clear(Counterexample *c)
{
  g_free(c->storage);
  g_free(c->placed);
  g_strfreev(c->diverges);
  memset(c, 0, sizeof *c);
}

char *counterexample_program(const Isa *isa, const Counterexample *c, const char *header)
{
  GString *s = g_string_new(header);
  for (unsigned v = 0; v < isa->nvars; v++) {
    g_string_append_printf(s, ".init %s ", isa->vars[v].name);
    if (v == VAR_MODE)
      g_string_append_printf(s, "%s\n", isa->mode_names[c->var[v]]);
    else
      g_string_append_printf(s, "%" G_GUINT64_FORMAT "\n", c->var[v]);
  }
  for (uint64_t a = 0; a < isa->mem; a++)
    if (c->placed[a / 64] >> (a % 64) & 1) {
      g_autofree char *text = asm_disasm_word(isa, c->storage[a]);
      g_string_append_printf(s, ".org %" G_GUINT64_FORMAT "\n    %s\n", a, text);
    }
  return g_string_free(s, FALSE);
}

typedef struct {
  GPtrArray *lines;
  unsigned depth;
} Collect;

static void collect(unsigned guest, const Vm *vm, const MachineStep *rec, void *data)
{
  (void)guest;
  Collect *c = data;
  g_autofree char *line = machine_format_step(vm->m, rec);
  g_ptr_array_add(c->lines, g_strdup_printf("L%u %-11s%s", vm->last == RUN_DIRECT ? 0 : c->depth,
                                            run_kind_names[vm->last], line));
}

static char **strv(GPtrArray *a)
{
  g_ptr_array_add(a, NULL);
  return (char **)g_ptr_array_free(a, FALSE);
}

void counterexample_replay(const Isa *isa, const LockstepOptions *layout,
                           const Counterexample *c, Replay *r)
{
  memset(r, 0, sizeof *r);
  GPtrArray *why = g_ptr_array_new();
  Machine *m = machine_new(isa);
  memcpy(m->var, c->var, sizeof c->var);
  memcpy(m->mem, c->storage, isa->mem * sizeof *m->mem);
  GPtrArray *prog = g_ptr_array_new(), *bare = g_ptr_array_new();
  MachineStep rec;
  for (unsigned j = 0; j < c->steps; j++) {
    machine_step(m, &rec);
    g_ptr_array_add(prog, rec.fetched ? asm_disasm_word(isa, rec.word) : g_strdup("(no fetch)"));
    g_ptr_array_add(bare, machine_format_step(m, &rec));
  }
  r->program = strv(prog);
  r->bare = strv(bare);
  VmStack *st = vmm_stack_new(isa, layout->kind, layout->stack, layout->base, 1, layout->ts,
                              NULL);
  if (st) {
    Machine *g = st->guests[0]->m;
    memcpy(g->var, c->var, sizeof c->var);
    memcpy(g->mem, c->storage, isa->mem * sizeof *g->mem);
    Collect col = {g_ptr_array_new(), layout->stack};
    vmm_run(st->guests, 1, 1, c->steps, collect, &col);
    stack_intact(st, 0, why);
    vm_agrees(m, st->guests[0], why);
    vmm_stack_free(st);
    r->monitor = strv(col.lines);
  }
  machine_free(m);
  r->diverges = strv(why);
}

void replay_clear(Replay *r)
{
  g_strfreev(r->program);
  g_strfreev(r->bare);
  g_strfreev(r->monitor);
  g_strfreev(r->diverges);
}
