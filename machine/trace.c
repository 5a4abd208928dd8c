/* Text forms of machine steps and states. Traces are golden-tested: change
 * the format only together with tests/golden/. */
#include "machine.h"

/* A value of `width` bits as fixed-width hex. */
static void format_hex(GString *s, uint64_t v, unsigned width)
{
  g_string_append_printf(s, "%0*" G_GINT64_MODIFIER "x", (int)((width + 3) / 4), v);
}

void format_var(GString *s, const Isa *isa, unsigned var, uint64_t v)
{
  if (var == VAR_MODE && v < isa->nmodes)
    g_string_append(s, isa->mode_names[v]);
  else if (var == VAR_PC || var == VAR_RELOC || var == VAR_BOUND)
    g_string_append_printf(s, "%" G_GUINT64_FORMAT, v);
  else
    format_hex(s, v, isa->vars[var].width);
}

char *machine_format_step(const Machine *m, const MachineStep *rec)
{
  const Isa *isa = m->isa;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%6" G_GUINT64_FORMAT "  %5" G_GUINT64_FORMAT, rec->step, rec->pc);
  g_autofree char *what = NULL;
  if (!rec->fetched)
    what = g_strdup("(no fetch)");
  else if (rec->insn < 0)
    what = g_strdup_printf(".word 0x%" G_GINT64_MODIFIER "x", rec->word);
  else
    what = asm_disasm_word(isa, rec->word);
  g_string_append_printf(s, "  %-18s", what);
  if (rec->trapped)
    g_string_append_printf(s, " trap %s", cause_names[rec->cause]);
  for (unsigned i = 0; i < rec->nwrites; i++) {
    g_string_append_printf(s, " E[%" G_GUINT64_FORMAT "] ", rec->writes[i].addr);
    format_hex(s, rec->writes[i].old, isa->word);
    g_string_append(s, "->");
    format_hex(s, rec->writes[i].val, isa->word);
  }
  for (unsigned v = 0; v < isa->nvars; v++) {
    /* pc moving on by one is the normal case; show only jumps and traps */
    if (m->var[v] == rec->before[v])
      continue;
    if (v == VAR_PC && !rec->trapped &&
        m->var[v] == ((rec->before[v] + 1) & ir_mask(isa->addr_width)))
      continue;
    g_string_append_printf(s, " %s ", isa->vars[v].name);
    format_var(s, isa, v, rec->before[v]);
    g_string_append(s, "->");
    format_var(s, isa, v, m->var[v]);
  }
  if (rec->halted)
    g_string_append(s, " halt");
  while (s->len && s->str[s->len - 1] == ' ')
    g_string_truncate(s, s->len - 1);
  return g_string_free(s, FALSE);
}

char *machine_format_state(const Machine *m)
{
  const Isa *isa = m->isa;
  GString *s = g_string_new(NULL);
  for (unsigned v = 0; v < isa->nvars; v++) {
    g_string_append_printf(s, "%-8s ", isa->vars[v].name);
    format_var(s, isa, v, m->var[v]);
    g_string_append_c(s, '\n');
  }
  g_string_append_printf(s, "storage  %" G_GUINT64_FORMAT " words of %u bits\n", m->size,
                         isa->word);
  const unsigned per_row = 8;
  for (uint64_t a = 0; a < m->size; a += per_row) {
    g_string_append_printf(s, "  %5" G_GUINT64_FORMAT ":", a);
    for (uint64_t i = a; i < a + per_row && i < m->size; i++) {
      g_string_append_c(s, ' ');
      format_hex(s, m->mem[i], isa->word);
    }
    g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}
