/* virtcheck vmm: guests under a monitor of any kind, stacked and
 * time-shared. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "remedy.h"
#include "vmm_report.h"

typedef struct {
  unsigned depth, nguests;
  bool trace;
  GuestCompare *compare; /* --compare: one per guest */
} StepCtx;

static void on_step(unsigned guest, const Vm *vm, const MachineStep *rec, void *data)
{
  const StepCtx *t = data;
  if (t->compare)
    compare_step(&t->compare[guest], vm, rec);
  if (!t->trace)
    return;
  g_autofree char *line = machine_format_step(vm->m, rec);
  if (t->nguests > 1)
    printf("g%u ", guest);
  printf("L%u %-11s%s\n", vm->last == RUN_DIRECT ? 0 : t->depth, run_kind_names[vm->last], line);
}

int cmd_vmm(int argc, char **argv)
{
  char **params = NULL, *monitor = NULL, *format = NULL;
  gint stack = 1;
  gint64 quantum = 100, steps = 1000000, base = CLI_UNSET;
  gboolean trace = FALSE, compare = FALSE;
  GOptionEntry entries[] = {
      {"monitor", 'm', 0, G_OPTION_ARG_STRING, &monitor,
       "trap (trap-and-emulate, default), hybrid (interprets all of virtual supervisor mode), "
       "translate (binary translation: the critical instructions trap from a code cache), "
       "patch (the same trapping words written into guest storage), paravirt (serves the "
       "spec's hypercall; see virtcheck paravirt) or assist (the spec's virtualization "
       "extension)", "KIND"},
      {"stack", 0, 0, G_OPTION_ARG_INT, &stack,
       "Run N monitors, each under the next (default 1; at most 8)", "N"},
      {"guest-base", 'b', 0, G_OPTION_ARG_INT64, &base,
       "The word of the top monitor's host where the first guest's storage starts (default: "
       "just above the monitor's trap vectors)", "B"},
      {"quantum", 'q', 0, G_OPTION_ARG_INT64, &quantum,
       "Instructions per guest per turn when time-sharing (default 100)", "Q"},
      {"steps", 's', 0, G_OPTION_ARG_INT64, &steps,
       "Stop after N guest instructions in all (default 1000000)", "N"},
      {"trace", 't', 0, G_OPTION_ARG_NONE, &trace,
       "One line per guest instruction: how it ran (direct, emulated, reflected, interpreted) "
       "and at which level", NULL},
      {"compare", 'c', 0, G_OPTION_ARG_NONE, &compare,
       "Run each guest also on the bare machine and report the first instruction after which "
       "its virtual state differs: the component, both values, the trace around it (exit 1)",
       NULL},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
      CLI_PARAM_OPTION(params),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("SPEC PROGRAM...");
  g_option_context_set_summary(
      ctx, "Run one guest per PROGRAM under a virtual machine monitor and print each guest's\n"
           "final virtual state and counts. Exit 0 when every guest halts, 1 when --compare\n"
           "finds a guest that ends differently from the bare machine, 3 at the step limit.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  int code = 2;
  Isa *isa = NULL;
  Program **progs = NULL;
  VmStack *st = NULL;
  GError *err = NULL;
  MonitorKind kind = MON_TRAP;
  TranslationSet *ts = NULL;
  if (!cli_parse(ctx, &argc, &argv, 2, 65, "SPEC PROGRAM..."))
    goto out;
  if (!cli_monitor(monitor, &kind))
    goto out;
  bool json;
  if (!cli_json(format, &json))
    goto out;
  if (!cli_range("stack", stack, 1, VC_MAX_STACK) ||
      !cli_range("quantum", quantum, 1, G_MAXINT64) || !cli_range("steps", steps, 0, G_MAXINT64))
    goto out;
  if (!(isa = isa_load(argv[1], (const char *const *)params, &err))) {
    code = cli_fail(err);
    goto out;
  }
  unsigned n = (unsigned)argc - 2;
  progs = g_new0(Program *, n);
  for (unsigned i = 0; i < n; i++)
    if (!(progs[i] = asm_load(isa, argv[2 + i], &err))) {
      code = cli_fail(err);
      goto out;
    }
  uint64_t first;
  if (!cli_guest_base(isa, base, &first))
    goto out;
  if (monitor_translates(kind) &&
      !(ts = translation_set_derive(isa, VC_DEFAULT_TIMEOUT_MS, 0, &err))) {
    code = cli_fail(err);
    goto out;
  }
  if (!(st = vmm_stack_new(isa, kind, (unsigned)stack, first, n, ts, &err))) {
    code = cli_fail(err);
    goto out;
  }
  for (unsigned i = 0; i < n; i++)
    machine_load(st->guests[i]->m, progs[i]);
  StepCtx sc = {(unsigned)stack, n, trace, compare ? compare_new(isa, progs, n) : NULL};
  bool halted = vmm_run(st->guests, n, (uint64_t)quantum, (uint64_t)steps,
                        trace || compare ? on_step : NULL, &sc);
  char *report = json ? vmm_report_json(st, (const char *const *)argv + 2, sc.compare)
                      : vmm_report_text(st, (const char *const *)argv + 2, sc.compare);
  fputs(report, stdout);
  g_free(report);
  bool diverged = false;
  for (unsigned i = 0; sc.compare && i < n; i++)
    diverged |= sc.compare[i].diverged;
  compare_free(sc.compare, n);
  code = diverged ? 1 : halted ? 0 : 3;
out:
  vmm_stack_free(st);
  translation_set_free(ts);
  for (unsigned i = 0; progs && i < (unsigned)argc - 2; i++)
    program_free(progs[i]);
  g_free(progs);
  isa_free(isa);
  g_strfreev(params);
  g_free(monitor);
  g_free(format);
  return code;
}
