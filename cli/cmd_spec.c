/* virtcheck check-spec: parse, type-check and summarise a spec. */
#include <stdio.h>

#include "cli.h"

static void print_pattern(const Isa *isa, const IrInsn *in)
{
  uint64_t operand_bits = 0;
  for (unsigned k = 0; k < in->noperands; k++) {
    const IrField *f = &isa->fields[in->operand[k]];
    operand_bits |= ir_field_mask(f);
  }
  for (int bit = (int)isa->word - 1; bit >= 0; bit--) {
    uint64_t m = (uint64_t)1 << bit;
    putchar(in->mask & m ? (in->match & m ? '1' : '0') : operand_bits & m ? 'x' : '-');
  }
}

static void print_footprint(const Isa *isa, const IrInsn *in)
{
  printf("reads");
  for (unsigned v = 0; v < isa->nvars; v++)
    if (in->reads_var[v])
      printf(" %s", isa->vars[v].name);
  if (in->reads_mem)
    printf(" storage");
  printf("; writes");
  bool any = false;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (in->writes_var[v])
      printf(" %s", isa->vars[v].name), any = true;
  if (in->writes_mem)
    printf(" storage"), any = true;
  if (!any)
    printf(" nothing");
  if (in->may_trap)
    printf("; may trap");
  if (in->may_halt)
    printf("; may halt");
}

int cmd_check_spec(int argc, char **argv)
{
  char **params = NULL;
  GOptionEntry entries[] = {CLI_PARAM_OPTION(params), {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC");
  g_option_context_set_summary(ctx, "Parse and type-check an ISA spec at its parameters "
                                    "and print a summary: parameters, state, trap vectors, "
                                    "encodings and what each instruction reads and writes.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  GError *err = NULL;
  if (!cli_parse(ctx, &argc, &argv, 1, 1, "SPEC"))
    goto out;
  Isa *isa = isa_load(argv[1], (const char *const *)params, &err);
  if (!isa) {
    code = cli_fail(err);
    goto out;
  }
  printf("machine %s (%s)\n", isa->name, isa->file);
  printf("parameters:");
  for (unsigned i = 0; i < isa->nparams; i++)
    printf(" %s=%" G_GUINT64_FORMAT, isa->params[i].name, isa->params[i].value);
  printf("\nstorage: %" G_GUINT64_FORMAT " words of %u bits; a virtual address a is legal when "
         "a %s bound and reloc + a < %" G_GUINT64_FORMAT "\n",
         isa->mem, isa->word, isa->bound_lt ? "<" : "<=", isa->mem);
  printf("modes:");
  for (unsigned i = 0; i < isa->nmodes; i++)
    printf(" %s%s", isa->mode_names[i],
           i == 0 ? " (supervisor)" : i + 1 == isa->nmodes ? " (user)" : "");
  printf("\nstate:\n");
  static const char *const ext[] = {"", " (guest-mode flag)", " (extension control)",
                                    " (host state in guest mode)"}; /* ExtRole order */
  for (unsigned v = 0; v < isa->nvars; v++)
    printf("  %-10s %2u bit%s%s%s\n", isa->vars[v].name, isa->vars[v].width,
           isa->vars[v].width == 1 ? " " : "s", isa->vars[v].resource ? "  resource" : "",
           ext[isa->vars[v].ext]);
  printf("psw (%u words):", isa->psw_len);
  for (unsigned k = 0; k < isa->psw_len; k++)
    printf(" %s", isa->vars[isa->psw[k]].name);
  printf("\nvectors:\n");
  for (int c = 0; c < CAUSE_COUNT; c++)
    printf("  %-10s old PSW at %" G_GUINT64_FORMAT ", new PSW from %" G_GUINT64_FORMAT "\n",
           cause_names[c], isa->vector[c].old_at, isa->vector[c].new_at);
  if (isa->hypercall >= 0)
    printf("hypercall: %s\n", isa->insns[isa->hypercall].name);
  printf("fields:");
  for (unsigned f = 0; f < isa->nfields; f++)
    printf(" %s[%u:%u]", isa->fields[f].name, isa->fields[f].hi, isa->fields[f].lo);
  printf("\ninstructions (%u):\n", isa->ninsns);
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const IrInsn *in = &isa->insns[i];
    GString *syn = g_string_new(in->name);
    for (unsigned k = 0; k < in->noperands; k++)
      g_string_append_printf(syn, "%s%s", k ? ", " : " ", isa->fields[in->operand[k]].name);
    printf("  %-14s ", syn->str);
    g_string_free(syn, TRUE);
    print_pattern(isa, in);
    printf("  ");
    print_footprint(isa, in);
    printf("\n");
  }
  isa_free(isa);
  code = 0;
out:
  g_strfreev(params);
  return code;
}
