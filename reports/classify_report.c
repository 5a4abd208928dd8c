#include "classify_report.h"

#include "explain.h"
#include "report_util.h"
#include "machine.h"
#include "smt.h"

static const struct {
  ClassId id;
  const char *head;
} columns[] = {
    {C_PRIVILEGED, "priv"}, {C_CONTROL, "ctrl"},   {C_LOCATION, "loc"},
    {C_MODE, "mode"},       {C_RESOURCE, "res"},   {C_USER, "user"},
    {C_SUPERVISOR, "sup"},  {C_INNOCUOUS, "innoc"}, {C_CRITICAL, "crit"},
};

static const char *mark(Tri t)
{
  return t == TRI_YES ? "yes" : t == TRI_NO ? "-" : "?";
}

static char *classify_established(const Classification *c)
{
  g_autofree char *params = params_text(c->isa);
  uint64_t states = 0;
  unsigned asked = 0, decided = 0;
  for (unsigned i = 0; i < c->isa->ninsns; i++) {
    states += c->insn[i].states;
    for (unsigned j = 0; j < c->insn[i].nasked; j++, asked++)
      decided += answer_tri(c->insn[i].asked[j].r.ans) != TRI_UNKNOWN;
  }
  /* Say exactly what was decided: "every query" only when it is so. */
  g_autofree char *which = decided == asked
                               ? g_strdup("every query decided")
                               : g_strdup_printf("%u of %u queries decided (%u unknown)", decided,
                                                 asked, asked - decided);
  switch (c->opt.engine) {
  case ENGINE_SMT:
    return g_strdup_printf("SMT (Z3 %s): %s for all states at %s", smt_version(), which,
                           params);
  case ENGINE_EXHAUSTIVE:
    return g_strdup_printf("exhaustive: %" G_GUINT64_FORMAT " states enumerated at %s; %s",
                           states, params, which);
  default: {
    unsigned checked = 0;
    for (unsigned i = 0; i < c->isa->ninsns; i++)
      for (unsigned j = 0; j < c->insn[i].nasked; j++)
        checked += c->insn[i].asked[j].cross_checked;
    return g_strdup_printf("SMT (Z3 %s) for all states and exhaustive enumeration (%"
                           G_GUINT64_FORMAT " states) at %s: both engines agree on %u of %u "
                           "queries%s", smt_version(), states, params, checked, asked,
                           checked < asked ? " (the rest: one engine gave no answer)" : "");
  }
  }
}

static void append_names(GString *s, const char *label, const char **names, unsigned n)
{
  g_string_append_printf(s, "%-17s", label);
  if (!n)
    g_string_append(s, " (none)");
  for (unsigned i = 0; i < n; i++)
    g_string_append_printf(s, " %s", names[i]);
  g_string_append_c(s, '\n');
  g_free(names);
}

static void append_theorem(GString *s, const Classification *c, int t, Tri verdict)
{
  unsigned n;
  const char **who = theorem_breakers(c, t, &n);
  g_string_append_printf(s, "Theorem %d (every %s instruction is privileged): %s", t,
                         t == 1 ? "sensitive" : "user-sensitive",
                         verdict == TRI_YES ? "holds" : verdict == TRI_NO ? "fails" : "unknown");
  if (n) {
    g_string_append(s, "; broken by");
    for (unsigned i = 0; i < n; i++)
      g_string_append_printf(s, " %s", who[i]);
  }
  if (t == 1 && verdict == TRI_YES)
    g_string_append(s, ": a trap-and-emulate VMM can be built");
  if (t == 3 && verdict == TRI_YES)
    g_string_append(s, ": a hybrid VMM can be built");
  g_string_append_c(s, '\n');
  g_free(who);
}

/* The instructions that exit in guest mode (caller frees the array). */
static const char **extension_exits(const Classification *c, unsigned *n)
{
  const char **names = g_new0(const char *, c->isa->ninsns + 1);
  *n = 0;
  for (unsigned i = 0; i < c->isa->ninsns; i++)
    if (c->ext[i].exits == TRI_YES)
      names[(*n)++] = c->isa->insns[i].name;
  return names;
}

static void append_extension(GString *s, const Classification *c)
{
  const Isa *isa = c->isa;
  unsigned n;
  const char **exits = extension_exits(c, &n); /* the list takes it */
  g_string_append_printf(s, "\nvirtualization extension (guest-mode flag %s):\n",
                         isa->vars[isa->guest_var].name);
  append_names(s, "exits:", exits, n);
  g_autofree const char **who = extension_breakers(c, &n);
  Tri t = c->theorem1_ext;
  g_string_append_printf(s, "Theorem 1 with the extension (every instruction sensitive in guest "
                            "mode exits): %s",
                         t == TRI_YES ? "holds" : t == TRI_NO ? "fails" : "unknown");
  if (n) {
    g_string_append(s, "; broken by");
    for (unsigned i = 0; i < n; i++)
      g_string_append_printf(s, " %s", who[i]);
  }
  g_string_append(s, t == TRI_YES ? ": a hardware-assisted VMM can be built\n" : "\n");
}

static void append_outcome(GString *s, const Isa *isa, const QSide *side)
{
  const IrOutcome *o = &side->out;
  if (o->trapped.c) {
    g_string_append_printf(s, " traps (%s)", cause_names[o->cause.c]);
    return;
  }
  bool any = false;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (o->next[v].c != side->pre[v].c) {
      g_string_append_printf(s, " %s ", isa->vars[v].name);
      format_var(s, isa, v, side->pre[v].c);
      g_string_append(s, "->");
      format_var(s, isa, v, o->next[v].c);
      any = true;
    }
  for (unsigned i = 0; i < o->nstores; i++)
    if (o->stores[i].guard.c) {
      g_string_append_printf(s, " E[v%" G_GUINT64_FORMAT "]:=%" G_GINT64_MODIFIER "x",
                             o->stores[i].phys.c - side->pre[VAR_RELOC].c, o->stores[i].value.c);
      any = true;
    }
  if (o->halted.c)
    g_string_append(s, " halts"), any = true;
  if (!any)
    g_string_append(s, " no change");
}

/* Side k's state, only the components that tell the story: the mode, what
 * the pair's states differ in, and what either run changes (JSON has the
 * whole state). */
static void append_shown(GString *s, const Isa *isa, const QSide side[2], bool pair, int k)
{
  unsigned shown = 0;
  for (unsigned v = 0; v < isa->nvars; v++) {
    bool differs = pair && side[0].pre[v].c != side[1].pre[v].c;
    bool changes = false;
    for (int j = 0; j <= pair; j++)
      changes |= !side[j].out.trapped.c && side[j].out.next[v].c != side[j].pre[v].c;
    if (v != VAR_MODE && !differs && !changes)
      continue;
    g_string_append_printf(s, " %s=", isa->vars[v].name);
    format_var(s, isa, v, side[k].pre[v].c);
    shown++;
  }
  if (shown < isa->nvars) /* true of both: pairs differ only where shown */
    g_string_append(s, pair ? " (the rest alike, unchanged)" : " (the rest unchanged)");
}

static void append_witness(GString *s, const Isa *isa, unsigned i, const char *what,
                           const Asked *a)
{
  const Witness *w = &a->r.w;
  QSide side[2];
  witness_run(isa, &isa->insns[i], &a->q, w, side);
  g_autofree char *text = asm_disasm_word(isa, w->word);
  g_string_append_printf(s, "  %s: %s", isa->insns[i].name, what);
  if (a->q.kind == Q_RESOURCE)
    g_string_append_printf(s, " (%s)", isa->vars[a->q.resource].name);
  if (a->q.kind != Q_MODE)
    g_string_append_printf(s, ", %s", mode_sel_name(a->q.sel));
  g_string_append_printf(s, "; %s engine\n    %s\n", engine_name(a->by), text);
  if (w->shift) /* a guest's view: moved up inside a larger storage */
    g_string_append_printf(s, "    in a storage of %" G_GUINT64_FORMAT " words (mem + %"
                              G_GUINT64_FORMAT "), as a guest inside a host\n",
                           isa->mem + w->shift, w->shift);
  bool pair = query_is_pair(&a->q);
  g_string_append(s, "    state 1:");
  append_shown(s, isa, side, pair, 0);
  g_string_append(s, "\n      ->");
  append_outcome(s, isa, &side[0]);
  if (pair) {
    g_string_append(s, "\n    state 2:");
    append_shown(s, isa, side, pair, 1);
    g_string_append(s, "\n      ->");
    append_outcome(s, isa, &side[1]);
  }
  bool header = false;
  for (unsigned k = 0; k < w->nwords; k++)
    if (w->words[k].value) {
      if (!header)
        g_string_append(s, "\n    storage (virtual):");
      header = true;
      g_string_append_printf(s, " %" G_GUINT64_FORMAT ":%" G_GINT64_MODIFIER "x",
                             w->words[k].addr, w->words[k].value);
    }
  g_string_append_c(s, '\n');
}

/* "privileged (control)", "critical (mode)", "innocuous", "always traps". */
char *variant_summary(const InsnClass *ic)
{
  const Tri *k = ic->cls;
  bool unknown = false;
  for (int x = 0; x < C_COUNT; x++)
    unknown |= k[x] == TRI_UNKNOWN;
  if (unknown)
    return g_strdup("unknown");
  if (ic->runs[0] == TRI_NO && ic->runs[1] == TRI_NO)
    return g_strdup("always traps");
  const char *head = k[C_CRITICAL] == TRI_YES     ? "critical"
                     : k[C_PRIVILEGED] == TRI_YES ? "privileged"
                     : k[C_INNOCUOUS] == TRI_YES  ? "innocuous"
                                                  : "sensitive";
  GString *s = g_string_new(head);
  const ClassId kinds[] = {C_CONTROL, C_LOCATION, C_MODE, C_RESOURCE};
  const char *names[] = {"control", "location", "mode", "resource"};
  bool open = false;
  for (size_t x = 0; x < G_N_ELEMENTS(kinds); x++)
    if (k[kinds[x]] == TRI_YES) {
      g_string_append(s, open ? ", " : " (");
      g_string_append(s, names[x]);
      open = true;
    }
  if (open)
    g_string_append(s, " sensitive)");
  return g_string_free(s, FALSE);
}

char *variant_line(const Isa *isa, const InsnClass *ic)
{
  GString *s = g_string_new(NULL);
  for (unsigned k = 0; k < ic->nvariants; k++) {
    g_autofree char *what = variant_summary(&ic->variants[k].c);
    g_autofree char *where = variant_ranges(isa, ic, &ic->variants[k]);
    g_string_append_printf(s, "%s%s for %s in %s", k ? "; " : "", what,
                           isa->fields[ic->field].name, where);
  }
  return g_string_free(s, FALSE);
}

char *operand_classes(const Isa *isa, const InsnClass *ic)
{
  return ic->nvariants ? variant_line(isa, ic) : g_strdup(ic->unrefined);
}

static void append_variants(GString *s, const Classification *c)
{
  const Isa *isa = c->isa;
  bool header = false;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const InsnClass *ic = &c->insn[i];
    if (ic->unrefined)
      g_string_append_printf(s, "%s: %s\n", isa->insns[i].name, ic->unrefined), header = true;
    if (!ic->nvariants)
      continue;
    if (!header)
      g_string_append(s, "classes by operand value (refined operands):\n");
    header = true;
    g_autofree char *line = variant_line(isa, ic);
    g_string_append_printf(s, "  %s: %s\n", isa->insns[i].name, line);
  }
  if (header)
    g_string_append_c(s, '\n');
}

/* Whether the options select instruction i (--insn). */
static bool selected(const Isa *isa, const ReportOptions *o, unsigned i)
{
  return !o->only || g_strv_contains(o->only, isa->insns[i].name);
}

static void append_explanations(GString *s, const Classification *c, const ReportOptions *o)
{
  const Isa *isa = c->isa;
  bool header = false;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_autofree char *why = selected(isa, o, i) ? explain_critical(c, i) : NULL;
    if (!why)
      continue;
    if (!header)
      g_string_append(s, "\nwhy each critical instruction breaks trap-and-emulate:\n");
    header = true;
    g_string_append_printf(s, "  %s: %s\n", isa->insns[i].name, why);
  }
  if (!header)
    g_string_append(s, "\nno critical instruction to explain\n");
}

char *classify_report_text(const Classification *c, const ReportOptions *o)
{
  bool witnesses = o->witnesses;
  const Isa *isa = c->isa;
  GString *s = g_string_new(NULL);
  g_autofree char *how = classify_established(c);
  g_string_append_printf(s, "%s (%s)\n%s\n\n", isa->name, isa->file, how);
  g_string_append_printf(s, "%-12s", "instruction");
  for (size_t k = 0; k < G_N_ELEMENTS(columns); k++)
    g_string_append_printf(s, " %5s", columns[k].head);
  g_string_append_c(s, '\n');
  for (unsigned i = 0; i < isa->ninsns; i++) {
    g_string_append_printf(s, "%-12s", isa->insns[i].name);
    for (size_t k = 0; k < G_N_ELEMENTS(columns); k++)
      g_string_append_printf(s, " %5s", mark(c->insn[i].cls[columns[k].id]));
    g_string_append_c(s, '\n');
  }
  g_string_append(s, "(yes: shown by a witness; -: established for all states; ?: unknown)\n\n");
  append_variants(s, c);
  for (size_t k = 0; k < G_N_ELEMENTS(class_sets); k++) {
    unsigned n;
    const char **m = class_members(c, class_sets[k].id, &n);
    append_names(s, class_sets[k].label, m, n);
  }
  g_string_append_c(s, '\n');
  append_theorem(s, c, 1, c->theorem1);
  append_theorem(s, c, 3, c->theorem3);
  if (c->ext)
    append_extension(s, c);
  for (unsigned i = 0; i < isa->ninsns; i++)
    for (unsigned j = 0; j < c->insn[i].nasked; j++) {
      const Asked *a = &c->insn[i].asked[j];
      if (a->r.ans == ANS_UNKNOWN || a->r.ans == ANS_LIMIT)
        g_string_append_printf(s, "unknown: %s, %s query (%s): %s\n", isa->insns[i].name,
                               query_kind_name(a->q.kind), mode_sel_name(a->q.sel), a->r.why);
    }
  if (o->explain)
    append_explanations(s, c, o);
  if (witnesses) {
    g_string_append(s, "\nwitnesses:\n");
    for (unsigned i = 0; i < isa->ninsns; i++) {
      const InsnClass *ic = &c->insn[i];
      if (!selected(isa, o, i))
        continue;
      if (ic->cls[C_PRIVILEGED] == TRI_NO && ic->evidence[C_PRIVILEGED] >= 0)
        append_witness(s, isa, i, "not privileged", &ic->asked[ic->evidence[C_PRIVILEGED]]);
      const ClassId shown[] = {C_CONTROL, C_LOCATION, C_MODE, C_RESOURCE};
      const char *what[] = {"control sensitive", "location sensitive", "mode sensitive",
                            "resource sensitive"};
      for (size_t k = 0; k < G_N_ELEMENTS(shown); k++)
        if (ic->cls[shown[k]] == TRI_YES)
          append_witness(s, isa, i, what[k], &ic->asked[ic->evidence[shown[k]]]);
    }
  }
  return g_string_free(s, FALSE);
}

/* ---- JSON ------------------------------------------------------------- */

static void add_tri(JsonBuilder *b, const char *key, Tri t)
{
  json_builder_set_member_name(b, key);
  if (t == TRI_UNKNOWN)
    json_builder_add_null_value(b);
  else
    json_builder_add_boolean_value(b, t == TRI_YES);
}

static void add_names(JsonBuilder *b, const char *key, const char **names, unsigned n)
{
  json_builder_set_member_name(b, key);
  json_builder_begin_array(b);
  for (unsigned i = 0; i < n; i++)
    json_builder_add_string_value(b, names[i]);
  json_builder_end_array(b);
  g_free(names);
}

static void add_state(JsonBuilder *b, const char *key, const Isa *isa, const IrVal *vals)
{
  uint64_t vars[VC_MAX_VARS];
  for (unsigned v = 0; v < isa->nvars; v++)
    vars[v] = vals[v].c;
  json_add_vars(b, key, isa, vars);
}

static void add_witness(JsonBuilder *b, const Isa *isa, unsigned i, const char *key,
                        const Asked *a)
{
  const Witness *w = &a->r.w;
  QSide side[2];
  witness_run(isa, &isa->insns[i], &a->q, w, side);
  json_builder_set_member_name(b, key);
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "query");
  json_builder_add_string_value(b, query_kind_name(a->q.kind));
  json_builder_set_member_name(b, "modes");
  json_builder_add_string_value(b, mode_sel_name(a->q.sel));
  if (a->q.kind == Q_RESOURCE) {
    json_builder_set_member_name(b, "resource");
    json_builder_add_string_value(b, isa->vars[a->q.resource].name);
  }
  json_builder_set_member_name(b, "engine");
  json_builder_add_string_value(b, engine_name(a->by));
  g_autofree char *text = asm_disasm_word(isa, w->word);
  json_builder_set_member_name(b, "instruction");
  json_builder_add_string_value(b, text);
  if (w->shift)
    json_add_int(b, "storage_words", isa->mem + w->shift);
  add_state(b, "state", isa, side[0].pre);
  add_state(b, "after", isa, side[0].out.next);
  json_builder_set_member_name(b, "traps");
  json_builder_add_boolean_value(b, side[0].out.trapped.c);
  if (query_is_pair(&a->q)) {
    add_state(b, "state2", isa, side[1].pre);
    add_state(b, "after2", isa, side[1].out.next);
    json_builder_set_member_name(b, "traps2");
    json_builder_add_boolean_value(b, side[1].out.trapped.c);
  }
  json_builder_set_member_name(b, "storage");
  json_builder_begin_object(b);
  for (unsigned k = 0; k < w->nwords; k++)
    if (w->words[k].value) {
      g_autofree char *addr = g_strdup_printf("%" G_GUINT64_FORMAT, w->words[k].addr);
      json_builder_set_member_name(b, addr);
      json_builder_add_int_value(b, (gint64)w->words[k].value);
    }
  json_builder_end_object(b);
  json_builder_end_object(b);
}

/* One instruction's (or variant's) classes, states and witnesses. */
static void add_classes(JsonBuilder *b, const Classification *c, unsigned i, const InsnClass *ic,
                        bool witnesses)
{
  const Isa *isa = c->isa;
  for (int k = 0; k < C_COUNT; k++)
    if (k != C_SENSITIVE)
      add_tri(b, class_names[k], ic->cls[k]);
  if (c->opt.engine != ENGINE_SMT) {
    json_builder_set_member_name(b, "states");
    json_builder_add_int_value(b, (gint64)ic->states);
  }
  if (witnesses) {
    json_builder_set_member_name(b, "witness");
    json_builder_begin_object(b);
    if (ic->cls[C_PRIVILEGED] == TRI_NO && ic->evidence[C_PRIVILEGED] >= 0)
      add_witness(b, isa, i, "not_privileged", &ic->asked[ic->evidence[C_PRIVILEGED]]);
    const ClassId shown[] = {C_CONTROL, C_LOCATION, C_MODE, C_RESOURCE};
    for (size_t k = 0; k < G_N_ELEMENTS(shown); k++)
      if (ic->cls[shown[k]] == TRI_YES)
        add_witness(b, isa, i, class_names[shown[k]], &ic->asked[ic->evidence[shown[k]]]);
    json_builder_end_object(b);
  }
}

static void add_theorem(JsonBuilder *b, const Classification *c, int t, Tri verdict)
{
  g_autofree char *key = g_strdup_printf("%d", t);
  json_builder_set_member_name(b, key);
  json_builder_begin_object(b);
  add_tri(b, "holds", verdict);
  unsigned n;
  const char **who = theorem_breakers(c, t, &n);
  add_names(b, "because", who, n);
  json_builder_end_object(b);
}

char *classify_report_json(const Classification *c, const ReportOptions *o)
{
  const Isa *isa = c->isa;
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-classify/1");
  json_builder_set_member_name(b, "isa");
  json_builder_add_string_value(b, isa->name);
  json_builder_set_member_name(b, "params");
  json_builder_begin_object(b);
  for (unsigned i = 0; i < isa->nparams; i++) {
    json_builder_set_member_name(b, isa->params[i].name);
    json_builder_add_int_value(b, (gint64)isa->params[i].value);
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "engine");
  json_builder_add_string_value(b, engine_name(c->opt.engine));
  g_autofree char *how = classify_established(c);
  json_builder_set_member_name(b, "established");
  json_builder_add_string_value(b, how);
  json_builder_set_member_name(b, "instructions");
  json_builder_begin_array(b);
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const InsnClass *ic = &c->insn[i];
    json_builder_begin_object(b);
    g_autofree char *name = g_ascii_strdown(isa->insns[i].name, -1);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, name);
    add_classes(b, c, i, ic, o->witnesses && selected(isa, o, i));
    g_autofree char *why = o->explain && selected(isa, o, i) ? explain_critical(c, i) : NULL;
    if (why) {
      json_builder_set_member_name(b, "explanation");
      json_builder_add_string_value(b, why);
    }
    if (ic->unrefined) {
      json_builder_set_member_name(b, "unrefined");
      json_builder_add_string_value(b, ic->unrefined);
    }
    if (ic->nvariants) {
      json_builder_set_member_name(b, "refined_by");
      json_builder_add_string_value(b, isa->fields[ic->field].name);
      json_builder_set_member_name(b, "variants");
      json_builder_begin_array(b);
      for (unsigned k = 0; k < ic->nvariants; k++) {
        const Variant *v = &ic->variants[k];
        json_builder_begin_object(b);
        g_autofree char *where = variant_ranges(isa, ic, v);
        g_autofree char *what = variant_summary(&v->c);
        json_builder_set_member_name(b, "values");
        json_builder_add_string_value(b, where);
        json_builder_set_member_name(b, "summary");
        json_builder_add_string_value(b, what);
        json_builder_set_member_name(b, "ranges");
        json_builder_begin_array(b);
        for (unsigned r = 0; r < v->nranges; r++) {
          json_builder_begin_array(b);
          json_builder_add_int_value(b, (gint64)v->ranges[r].lo);
          json_builder_add_int_value(b, (gint64)v->ranges[r].hi);
          json_builder_end_array(b);
        }
        json_builder_end_array(b);
        add_classes(b, c, i, &v->c, o->witnesses && selected(isa, o, i));
        json_builder_end_object(b);
      }
      json_builder_end_array(b);
    }
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "sets");
  json_builder_begin_object(b);
  for (size_t k = 0; k < G_N_ELEMENTS(class_sets); k++) {
    unsigned n;
    const char **m = class_members(c, class_sets[k].id, &n);
    add_names(b, class_sets[k].key, m, n);
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "theorems");
  json_builder_begin_object(b);
  add_theorem(b, c, 1, c->theorem1);
  add_theorem(b, c, 3, c->theorem3);
  json_builder_end_object(b);
  if (c->ext) {
    json_builder_set_member_name(b, "extension");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "guest_flag");
    json_builder_add_string_value(b, isa->vars[isa->guest_var].name);
    unsigned n;
    const char **exits = extension_exits(c, &n); /* the list takes it */
    add_names(b, "exits", exits, n);
    json_builder_set_member_name(b, "theorem1");
    json_builder_begin_object(b);
    add_tri(b, "holds", c->theorem1_ext);
    const char **who = extension_breakers(c, &n);
    add_names(b, "because", who, n);
    json_builder_end_object(b);
    json_builder_end_object(b);
  }
  json_builder_end_object(b);
  return json_text(b);
}

char *critical_witness(const Classification *c, unsigned insn)
{
  const InsnClass *ic;
  ClassId shown;
  const Asked *a = explain_evidence(c, insn, &ic, &shown);
  if (!a)
    return NULL;
  static const char *const what[C_COUNT] = {[C_CONTROL] = "control sensitive",
                                            [C_MODE] = "mode sensitive",
                                            [C_LOCATION] = "location sensitive",
                                            [C_RESOURCE] = "resource sensitive"};
  GString *s = g_string_new(NULL);
  append_witness(s, c->isa, insn, what[shown], a);
  return g_string_free(s, FALSE);
}
