/* virtcheck paravirt: a guest rewritten to call the monitor, and the check
 * that it ends where the original ends on the bare machine. */
#include <stdio.h>

#include "cli.h"
#include "paravirt.h"
#include "remedy.h"
#include "report_util.h"

static char *joined(char **v)
{
  return v[0] ? g_strjoinv(", ", v) : g_strdup("nothing");
}

static char *report_text(const Isa *isa, const char *program, const Rewrite *rw,
                         const ParavirtCheck *c)
{
  GString *s = g_string_new(NULL);
  const Vm *para = c->para->guests[0], *trap = c->trap->guests[0];
  g_string_append_printf(s, "%s: %s rewritten for the paravirt monitor: %u instruction%s "
                         "replaced by %s hypercalls", isa->name, program, rw->rewritten,
                         rw->rewritten == 1 ? "" : "s", isa->insns[isa->hypercall].name);
  if (rw->ntable)
    g_string_append_printf(s, ", the originals in words %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                           rw->table, rw->table + rw->ntable - 1);
  g_string_append(s, "\n");
  for (uint64_t a = 0; a < isa->mem; a++)
    if (rw->replaced[a]) {
      const IrField *f = &isa->fields[isa->insns[isa->hypercall].operand[0]];
      uint64_t slot = (rw->prog->words[a] & ir_field_mask(f)) >> f->lo;
      g_autofree char *orig = asm_disasm_word(isa, rw->prog->words[slot]);
      g_autofree char *now = asm_disasm_word(isa, rw->prog->words[a]);
      g_string_append_printf(s, "  word %3" G_GUINT64_FORMAT ": %-18s -> %s\n", a, orig, now);
    }
  g_string_append_printf(s, "bare machine, the original: %s after %" G_GUINT64_FORMAT
                         " instructions\n", c->bare->halted ? "halted" : "not halted",
                         c->bare->steps);
  const MonitorCounts *p = &para->counts, *t = &trap->counts;
  g_string_append_printf(s, "paravirt monitor, the rewritten guest: %s after %" G_GUINT64_FORMAT
                         " instructions; %" G_GUINT64_FORMAT " hypercalls, %" G_GUINT64_FORMAT
                         " emulated, %" G_GUINT64_FORMAT " reflected, %" G_GUINT64_FORMAT
                         " direct\n", para->m->halted ? "halted" : "not halted", para->m->steps,
                         p->hypercalls, p->emulated, p->reflected, p->direct);
  g_string_append_printf(s, "trap monitor, the original: %s after %" G_GUINT64_FORMAT
                         " instructions; %" G_GUINT64_FORMAT " emulated, %" G_GUINT64_FORMAT
                         " reflected, %" G_GUINT64_FORMAT " direct\n",
                         trap->m->halted ? "halted" : "not halted", trap->m->steps, t->emulated,
                         t->reflected, t->direct);
  g_autofree char *pd = joined(c->para_differs), *td = joined(c->trap_differs);
  g_string_append_printf(s, "ends differently from the bare machine in: rewritten under paravirt "
                         "%s; original under trap %s\n", pd, td);
  g_string_append_printf(s, "verdict: %s\n", c->para_differs[0]
                             ? "the rewritten guest diverges"
                             : "the rewritten guest ends in the bare machine's virtual state "
                               "(storage compared outside the rewritten words and the table)");
  return g_string_free(s, FALSE);
}

static char *report_json(const Isa *isa, const char *program, const Rewrite *rw,
                         const ParavirtCheck *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-paravirt/1");
  json_add_str(b, "isa", isa->name);
  json_add_str(b, "program", program);
  json_add_str(b, "hypercall", isa->insns[isa->hypercall].name);
  json_add_int(b, "rewritten", rw->rewritten);
  json_add_int(b, "table", (gint64)rw->table);
  json_add_int(b, "table_words", (gint64)rw->ntable);
  const Vm *para = c->para->guests[0], *trap = c->trap->guests[0];
  json_add_int(b, "bare_instructions", (gint64)c->bare->steps);
  json_add_int(b, "hypercalls", (gint64)para->counts.hypercalls);
  json_add_int(b, "paravirt_emulated", (gint64)para->counts.emulated);
  json_add_int(b, "paravirt_direct", (gint64)para->counts.direct);
  json_add_int(b, "trap_emulated", (gint64)trap->counts.emulated);
  json_add_int(b, "trap_direct", (gint64)trap->counts.direct);
  json_add_strv(b, "paravirt_differs", c->para_differs);
  json_add_strv(b, "trap_differs", c->trap_differs);
  json_builder_set_member_name(b, "equivalent");
  json_builder_add_boolean_value(b, !c->para_differs[0]);
  json_builder_end_object(b);
  return json_text(b);
}

int cmd_paravirt(int argc, char **argv)
{
  char **params = NULL, *format = NULL, *output = NULL;
  gint64 steps = 100000;
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write the rewritten guest as an assembly program", "FILE"},
      {"steps", 's', 0, G_OPTION_ARG_INT64, &steps,
       "Stop each run after N instructions (default 100000)", "N"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      CLI_PARAM_OPTION(params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC PROGRAM");
  g_option_context_set_summary(
      ctx, "Paravirtualize a guest: replace each instruction that breaks trap-and-emulate in\n"
           "its kernel (critical outside user mode, as the checker derives) by the spec's\n"
           "hypercall, carrying the address of a word that keeps the original. Then run the\n"
           "original on the bare machine, the rewritten guest under the paravirt monitor and\n"
           "the original under the trap monitor, and compare where they end.\n"
           "Exit 0 when the rewritten guest ends in the bare machine's virtual state, 1 when it\n"
           "diverges, 2 bad input, 3 at the step limit.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  Program *prog = NULL;
  TranslationSet *ts = NULL;
  Rewrite *rw = NULL;
  ParavirtCheck *c = NULL;
  GError *err = NULL;
  bool json;
  if (!cli_parse(ctx, &argc, &argv, 2, 2, "SPEC PROGRAM") || !cli_json(format, &json) ||
      !cli_range("steps", steps, 1, G_MAXINT64))
    goto out;
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err)) ||
      !(prog = asm_load(isa, argv[2], &err)) ||
      !(ts = translation_set_derive(isa, VC_DEFAULT_TIMEOUT_MS, 0, &err)) ||
      !(rw = paravirt_rewrite(isa, prog, ts, &err)) ||
      !(c = paravirt_check(isa, prog, rw, (uint64_t)steps, &err))) {
    code = cli_fail(err);
    goto out;
  }
  if (output) {
    g_autofree char *text = asm_listing(isa, rw->prog, true);
    if (!cli_write_file(output, text))
      goto out;
  }
  char *report = json ? report_json(isa, argv[2], rw, c) : report_text(isa, argv[2], rw, c);
  fputs(report, stdout);
  g_free(report);
  bool halted = c->bare->halted && c->para->guests[0]->m->halted;
  code = c->para_differs[0] ? 1 : halted ? 0 : 3;
out:
  paravirt_check_free(c);
  rewrite_free(rw);
  translation_set_free(ts);
  program_free(prog);
  isa_free(isa);
  g_strfreev(params);
  g_free(format);
  g_free(output);
  return code;
}
