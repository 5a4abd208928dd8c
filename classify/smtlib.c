/* Every query virtcheck asks Z3, as SMT-LIB 2 for any solver. */
#include "smtlib.h"

#include "classify.h"
#include "smt.h"
#include "vmm.h"

static const char *sel_name(ModeSel s)
{
  return s == SEL_USER ? "user mode" : s == SEL_SUPERVISOR ? "supervisor modes" : "any mode";
}

char *smtlib_queries(const Isa *isa, GError **err)
{
  Smt *smt = smt_new(0, err);
  if (!smt)
    return NULL;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "; %s: virtcheck's queries as SMT-LIB 2 scripts, each closed by\n"
                            "; (check-sat) and separated by (reset). sat: the instruction shows "
                            "the property;\n; unsat: it does not, in any state.\n",
                         isa->name);
  Query qs[CLASSIFY_MAX_QUERIES + 2];
  unsigned n = classify_queries(isa, qs);
  uint64_t base = monitor_reserved(isa);
  qs[n++] = (Query){.kind = Q_SIMULATION, .base = base, .resource = -1};
  qs[n++] = (Query){.kind = Q_SIMULATION, .base = base, .monitor = MON_HYBRID, .resource = -1};
  bool ok = true;
  for (unsigned i = 0; ok && i < isa->ninsns; i++)
    for (unsigned k = 0; ok && k < n; k++) {
      const Query *q = &qs[k];
      g_string_append_printf(s, "\n; %s: %s query, %s", isa->insns[i].name,
                             query_kind_name(q->kind), sel_name(q->sel));
      if (q->kind == Q_RESOURCE)
        g_string_append_printf(s, ", varying %s", isa->vars[q->resource].name);
      if (q->kind == Q_SIMULATION)
        g_string_append_printf(s, ", %s monitor, guest at host word %" G_GUINT64_FORMAT,
                               monitor_kind_names[q->monitor], q->base);
      g_string_append(s, "\n");
      ok = smt_export(smt, isa, i, q, s, err);
      g_string_append(s, "(reset)\n");
    }
  smt_free(smt);
  return g_string_free(s, !ok);
}

