#include "explain.h"

#include "classify_report.h"
#include "machine.h"

static const char *user_mode(const Isa *isa)
{
  return isa->mode_names[isa->nmodes - 1];
}

static void value(GString *s, const Isa *isa, unsigned v, uint64_t x)
{
  format_var(s, isa, v, x);
}

/* "intf 0->1, iopl 0->3": the resources a run changed; empty if none. */
static void changed_resources(GString *s, const Isa *isa, const QSide *side)
{
  bool first = true;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (isa->vars[v].resource && side->out.next[v].c != side->pre[v].c) {
      g_string_append_printf(s, "%s%s ", first ? "" : ", ", isa->vars[v].name);
      value(s, isa, v, side->pre[v].c);
      g_string_append(s, "->");
      value(s, isa, v, side->out.next[v].c);
      first = false;
    }
}

/* "eax: 1 against 0": the first visible component in which two runs
 * differ; "a trap" when one traps. */
static void visible_difference(GString *s, const Isa *isa, const QSide side[2])
{
  const IrOutcome *a = &side[0].out, *b = &side[1].out;
  if (a->trapped.c != b->trapped.c) {
    g_string_append_printf(s, "one traps (%s) and the other does not",
                           cause_names[(a->trapped.c ? a : b)->cause.c]);
    return;
  }
  for (unsigned v = 0; v < isa->nvars; v++)
    if (!isa->vars[v].resource && a->next[v].c != b->next[v].c) {
      g_string_append_printf(s, "%s: ", isa->vars[v].name);
      value(s, isa, v, a->next[v].c);
      g_string_append(s, " against ");
      value(s, isa, v, b->next[v].c);
      return;
    }
  if (a->halted.c != b->halted.c) {
    g_string_append_printf(s, "%s halts and the other does not", a->halted.c ? "one" : "the second");
    return;
  }
  for (unsigned k = 0; k < a->nstores && k < b->nstores; k++)
    if (a->stores[k].guard.c && b->stores[k].guard.c && a->stores[k].value.c != b->stores[k].value.c) {
      g_string_append_printf(s, "the word it stores: %#" G_GINT64_MODIFIER "x against %#"
                             G_GINT64_MODIFIER "x", a->stores[k].value.c, b->stores[k].value.c);
      return;
    }
  g_string_append(s, "the storage it writes");
}

/* Control: it changes a resource without trapping; run from the same state
 * in user mode, what it does there. */
static void control(GString *s, const Isa *isa, const IrInsn *in, const char *name,
                    const Asked *a)
{
  QSide side[2], as_user[2];
  witness_run(isa, in, &a->q, &a->r.w, side);
  unsigned mode = (unsigned)side[0].pre[VAR_MODE].c, user = isa->nmodes - 1;
  g_string_append_printf(s, "In %s mode it changes ", isa->mode_names[mode]);
  changed_resources(s, isa, &side[0]);
  g_string_append(s, " without trapping");
  if (mode == user) {
    g_string_append_printf(s, ". A monitor runs its guest in real %s mode with the real "
                              "resources its own: %s changes them behind the monitor's back "
                              "(resource control is lost).", user_mode(isa), name);
    return;
  }
  Witness w = a->r.w;
  w.pre1[VAR_MODE] = user;
  witness_run(isa, in, &a->q, &w, as_user);
  g_autoptr(GString) there = g_string_new(NULL);
  changed_resources(there, isa, &as_user[0]);
  if (as_user[0].out.trapped.c)
    g_string_append_printf(s, "; from the same state in %s mode it traps", user_mode(isa));
  else if (!there->len)
    g_string_append_printf(s, ", while from the same state in %s mode it leaves them "
                              "unchanged, again without a trap", user_mode(isa));
  else
    g_string_append_printf(s, ", while in %s mode it changes %s instead", user_mode(isa),
                           there->str);
  g_string_append_printf(s, ". A trap-and-emulate monitor runs guest %s code in real %s mode, "
                            "so a guest kernel that relies on %s there silently does not get "
                            "that change, and the monitor never learns of it.",
                         isa->mode_names[mode], user_mode(isa), name);
}

static void behaviour(GString *s, const Isa *isa, const IrInsn *in, const char *name,
                      ClassId id, const Asked *a)
{
  QSide side[2];
  witness_run(isa, in, &a->q, &a->r.w, side);
  g_autoptr(GString) diff = g_string_new(NULL);
  visible_difference(diff, isa, side);
  if (id == C_MODE) {
    unsigned mode = (unsigned)side[0].pre[VAR_MODE].c;
    g_string_append_printf(s, "From states that differ only in the mode, %s and %s, its "
                              "visible results differ (%s), and in %s mode it does not trap. "
                              "A trap-and-emulate monitor runs guest %s code in real %s mode, "
                              "so the guest sees the %s result: %s tells it that it is not "
                              "really in %s mode.",
                           isa->mode_names[mode], user_mode(isa), diff->str, user_mode(isa),
                           isa->mode_names[mode], user_mode(isa), user_mode(isa), name,
                           isa->mode_names[mode]);
  } else if (id == C_LOCATION) {
    g_string_append_printf(s, "Moved to another place in storage (relocation and storage "
                              "shifted together) its visible result changes (%s). A monitor "
                              "relocates its guest into a region of the host, so %s lets the "
                              "guest see where it really is.", diff->str, name);
  } else {
    unsigned r = (unsigned)a->q.resource;
    g_string_append_printf(s, "From states that differ only in %s (", isa->vars[r].name);
    value(s, isa, r, side[0].pre[r].c);
    g_string_append(s, " and ");
    value(s, isa, r, side[1].pre[r].c);
    g_string_append_printf(s, ") its visible results differ (%s), without a trap in either. "
                              "A monitor runs its guest with the real %s, the allocator's, so %s "
                              "lets the guest see (or act on) the monitor's %s instead of its "
                              "own.", diff->str, isa->vars[r].name, name, isa->vars[r].name);
  }
}

static const Asked *evidence_of(const InsnClass *ic, ClassId *shown)
{
  if (ic->cls[C_CRITICAL] != TRI_YES)
    return NULL;
  const ClassId order[] = {C_CONTROL, C_MODE, C_LOCATION, C_RESOURCE};
  for (size_t k = 0; k < G_N_ELEMENTS(order); k++)
    if (ic->evidence[order[k]] >= 0) {
      *shown = order[k];
      return &ic->asked[ic->evidence[order[k]]];
    }
  return NULL;
}

static char *explain_classes(const Isa *isa, unsigned i, const InsnClass *ic, const char *where)
{
  ClassId shown;
  const Asked *a = evidence_of(ic, &shown);
  if (!a)
    return NULL;
  const IrInsn *in = &isa->insns[i];
  GString *s = g_string_new(NULL);
  if (where)
    g_string_append_printf(s, "(%s) ", where);
  if (shown == C_CONTROL)
    control(s, isa, in, in->name, a);
  else
    behaviour(s, isa, in, in->name, shown, a);
  g_string_append_printf(s, " It is not privileged: it runs without a trap in %s mode, so "
                            "the monitor cannot step in.", user_mode(isa));
  return g_string_free(s, FALSE);
}

const Asked *explain_evidence(const Classification *c, unsigned insn, const InsnClass **ic,
                              ClassId *shown)
{
  const InsnClass *whole = &c->insn[insn];
  *ic = whole;
  for (unsigned v = 0; v < whole->nvariants; v++)
    if (whole->variants[v].c.cls[C_CRITICAL] == TRI_YES)
      return evidence_of(*ic = &whole->variants[v].c, shown);
  return whole->nvariants ? NULL : evidence_of(whole, shown);
}

char *explain_critical(const Classification *c, unsigned insn)
{
  const Isa *isa = c->isa;
  const InsnClass *ic = &c->insn[insn];
  for (unsigned v = 0; v < ic->nvariants; v++)
    if (ic->variants[v].c.cls[C_CRITICAL] == TRI_YES) {
      g_autofree char *ranges = variant_ranges(isa, ic, &ic->variants[v]);
      g_autofree char *where = g_strdup_printf("%s in %s", isa->fields[ic->field].name, ranges);
      return explain_classes(isa, insn, &ic->variants[v].c, where);
    }
  return ic->nvariants ? NULL : explain_classes(isa, insn, ic, NULL);
}
