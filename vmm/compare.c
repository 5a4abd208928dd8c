#include "compare.h"

#include <string.h>

bool vm_agrees(const Machine *b, const Vm *guest, GPtrArray *why)
{
  const Machine *g = guest->m;
  const Isa *isa = b->isa;
  bool ok = true;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (b->var[v] != g->var[v]) {
      ok = false;
      if (why)
        g_ptr_array_add(why, g_strdup(isa->vars[v].name));
    }
  if (b->halted != g->halted) {
    ok = false;
    if (why)
      g_ptr_array_add(why, g_strdup("halted"));
  }
  bool same = !memcmp(b->mem, g->mem, isa->mem * sizeof *b->mem);
  if (!same && guest->cache) { /* patched words compare by their originals */
    same = true;
    for (uint64_t a = 0; same && a < isa->mem; a++)
      same = b->mem[a] == code_cache_original(guest->cache, g->mem, a);
  }
  if (!same) {
    ok = false;
    if (why)
      g_ptr_array_add(why, g_strdup("storage"));
  }
  return ok;
}

GuestCompare *compare_new(const Isa *isa, Program *const *progs, unsigned n)
{
  GuestCompare *c = g_new0(GuestCompare, n);
  for (unsigned i = 0; i < n; i++) {
    c[i].bare = machine_new(isa);
    machine_load(c[i].bare, progs[i]);
    for (int k = 0; k < 2; k++)
      c[i].recent[k] = g_ptr_array_new_with_free_func(g_free);
  }
  return c;
}

void compare_free(GuestCompare *c, unsigned n)
{
  for (unsigned i = 0; c && i < n; i++) {
    machine_free(c[i].bare);
    g_free(c[i].insn);
    g_strfreev(c[i].what);
    g_strfreev(c[i].bare_trace);
    g_strfreev(c[i].monitor_trace);
    for (int k = 0; k < 2; k++)
      g_ptr_array_free(c[i].recent[k], TRUE);
  }
  g_free(c);
}

static uint64_t virtual_word(const Vm *g, uint64_t a)
{
  return g->cache ? code_cache_original(g->cache, g->m->mem, a) : g->m->mem[a];
}

/* "intf: bare 1, monitor 0"; storage by its first differing word. */
static char *difference(const Machine *b, const Vm *g, const char *name)
{
  const Isa *isa = b->isa;
  GString *s = g_string_new(NULL);
  int v = isa_find_var(isa, name);
  if (v >= 0) {
    g_string_append_printf(s, "%s: bare ", name);
    format_var(s, isa, (unsigned)v, b->var[v]);
    g_string_append(s, ", monitor ");
    format_var(s, isa, (unsigned)v, g->m->var[v]);
  } else if (!strcmp(name, "storage")) {
    uint64_t a = 0;
    while (a + 1 < isa->mem && b->mem[a] == virtual_word(g, a))
      a++;
    g_string_append_printf(s, "E[%" G_GUINT64_FORMAT "]: bare %#" G_GINT64_MODIFIER "x, monitor %#"
                           G_GINT64_MODIFIER "x", a, b->mem[a], virtual_word(g, a));
  } else {
    g_string_append_printf(s, "%s: bare %s, monitor %s", name, b->halted ? "yes" : "no",
                           g->m->halted ? "yes" : "no");
  }
  return g_string_free(s, FALSE);
}

void compare_step(GuestCompare *c, const Vm *guest, const MachineStep *rec)
{
  if (c->diverged)
    return;
  MachineStep brec;
  machine_step(c->bare, &brec);
  g_autofree char *right = machine_format_step(guest->m, rec);
  g_ptr_array_add(c->recent[0], machine_format_step(c->bare, &brec));
  g_ptr_array_add(c->recent[1], g_strdup_printf("%-11s%s", run_kind_names[guest->last], right));
  for (int k = 0; k < 2; k++)
    if (c->recent[k]->len > VC_COMPARE_CONTEXT + 1)
      g_ptr_array_remove_index(c->recent[k], 0);
  GPtrArray *why = g_ptr_array_new_with_free_func(g_free);
  if (!vm_agrees(c->bare, guest, why)) {
    c->diverged = true;
    c->step = rec->step;
    g_autofree char *text = rec->fetched && rec->insn >= 0
                                ? asm_disasm_word(guest->m->isa, rec->word)
                                : g_strdup("(no instruction)");
    c->insn = g_strdup_printf("%s at pc %" G_GUINT64_FORMAT, text, rec->pc);
    c->what = g_new0(char *, why->len + 1);
    for (guint k = 0; k < why->len; k++)
      c->what[k] = difference(c->bare, guest, g_ptr_array_index(why, k));
    char **side[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
      side[k] = g_new0(char *, c->recent[k]->len + 1);
      for (guint j = 0; j < c->recent[k]->len; j++)
        side[k][j] = g_strdup(g_ptr_array_index(c->recent[k], j));
    }
    c->bare_trace = side[0], c->monitor_trace = side[1];
  }
  g_ptr_array_free(why, TRUE);
}
