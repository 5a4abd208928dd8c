/* The six check kinds, each on one submission, in plain words. */
#include <string.h>

#include "compare.h"
#include "explain.h"
#include "isa_diff.h"
#include "subject.h"

static char *names(const char **v, unsigned n)
{
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < n; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", v[i]);
  return g_string_free(s, FALSE);
}

/* Why each instruction breaks the theorem, in sentences (explain.h). */
static void explain_breakers(CheckRun *x, const Classification *cl, const char **v, unsigned n)
{
  for (unsigned i = 0; i < n; i++) {
    unsigned insn = (unsigned)isa_find_insn(cl->isa, v[i]);
    g_autofree char *why = explain_critical(cl, insn);
    if (why)
      g_string_append_printf(x->fb, "%s: %s\n", v[i], why);
    else
      g_string_append_printf(x->fb, "%s: it is user sensitive and not privileged: in user "
                                    "mode it reads or changes what the monitor must control, "
                                    "without a trap.\n", v[i]);
  }
}

static void check_theorem(CheckRun *x)
{
  const Check *c = x->c;
  g_autofree const char **breakers = NULL;
  g_autofree char *list = NULL;
  Isa *isa = run_spec(x, NULL);
  Classification *cl = isa ? run_classify(x, isa) : NULL;
  Equivalence *stacked = NULL;
  if (!cl)
    goto out;
  Tri t = c->theorem == 3 ? cl->theorem3 : cl->theorem1;
  if (c->theorem == 2 && t == TRI_YES) {
    if (!(stacked = run_equivalence(x, isa, MON_TRAP, ENGINE_SMT, 2, 1)))
      goto out;
    t = stacked->verdict == EQ_EQUIVALENT ? TRI_YES
        : stacked->verdict == EQ_COUNTEREXAMPLE ? TRI_NO
                                                : TRI_UNKNOWN;
  }
  if (t == TRI_UNKNOWN) {
    run_result(x, GRADE_LIMIT, "Theorem %d is unknown: a query timed out (smt-timeout %u ms)",
               c->theorem, x->a->timeout_ms);
    goto out;
  }
  unsigned n;
  breakers = theorem_breakers(cl, c->theorem == 3 ? 3 : 1, &n);
  list = names(breakers, n);
  bool holds = t == TRI_YES, want = c->holds;
  if (holds)
    run_result(x, holds == want ? GRADE_PASS : GRADE_FAIL, "Theorem %d holds%s", c->theorem,
               c->theorem == 3   ? ": every user-sensitive instruction is privileged"
               : c->theorem == 2 ? ": Theorem 1 holds and the trap monitor runs under a copy of "
                                   "itself"
                                 : ": every sensitive instruction is privileged");
  else if (c->theorem == 2 && !n)
    run_result(x, holds == want ? GRADE_PASS : GRADE_FAIL, "Theorem 2 fails: the trap monitor "
               "under a copy of itself is not equivalent to the bare machine");
  else
    run_result(x, holds == want ? GRADE_PASS : GRADE_FAIL, "Theorem %d fails: %s, not privileged: "
               "%s", c->theorem, c->theorem == 3 ? "user sensitive" : "sensitive", list);
  if (!holds && want)
    explain_breakers(x, cl, breakers, n);
out:
  equivalence_free(stacked);
  classification_free(cl);
  isa_free(isa);
}

static void check_equivalence(CheckRun *x)
{
  const Check *c = x->c;
  g_autofree char *what = NULL;
  Isa *isa = run_spec(x, c->engine == ENGINE_EXHAUSTIVE ? c->instance : NULL);
  Equivalence *e = isa ? run_equivalence(x, isa, (MonitorKind)c->monitor, c->engine, c->stack,
                                         c->depth)
                       : NULL;
  if (!e)
    goto out;
  const char *how = c->engine == ENGINE_EXHAUSTIVE ? "lockstep exploration"
                                                   : "one-step simulation";
  const char *kind = monitor_kind_titles[c->monitor];
  if (e->verdict == EQ_INCOMPLETE) {
    run_result(x, GRADE_LIMIT, "the %s monitor's equivalence is unknown: %s", kind,
               e->walk && e->walk->why ? e->walk->why
               : e->no_one_step        ? e->no_one_step
                                       : "a query timed out");
    goto out;
  }
  bool eq = e->verdict == EQ_EQUIVALENT;
  GradeStatus st = eq == c->equivalent ? GRADE_PASS : GRADE_FAIL;
  if (eq) {
    run_result(x, st, "the %s monitor is equivalent to the bare machine (%s)", kind, how);
    goto out;
  }
  const Counterexample *cex = equiv_counterexample(e);
  what = cex && cex->diverges ? g_strjoinv(", ", cex->diverges) : NULL;
  if (e->first >= 0) {
    g_autofree const char **d = equiv_diverging(e, (unsigned)e->first);
    g_free(what);
    what = g_strjoinv(", ", (char **)d);
    run_result(x, st, "the %s monitor diverges: %s runs directly in some virtual state and then "
               "differs from the bare machine in %s (%s)", kind, isa->insns[e->first].name, what,
               how);
  } else {
    run_result(x, st, "the %s monitor diverges from the bare machine after %u instruction%s, in "
               "%s (%s)", kind, cex ? cex->steps : 0, cex && cex->steps == 1 ? "" : "s",
               what ? what : "its state", how);
  }
  if (st == GRADE_FAIL && e->first >= 0) { /* why that instruction breaks the monitor */
    ClassifyOptions o = {.engine = ENGINE_SMT, .timeout_ms = x->a->timeout_ms};
    Classification *cl = classify_isa(isa, &o, NULL); /* none: the verdict stands unexplained */
    g_autofree char *why = cl ? explain_critical(cl, (unsigned)e->first) : NULL;
    if (why)
      g_string_append_printf(x->fb, "%s: %s\n", isa->insns[e->first].name, why);
    classification_free(cl);
  }
  if (st == GRADE_FAIL) {
    g_autofree char *prog = equiv_program(e, "SPEC");
    if (prog)
      g_string_append_printf(x->fb, "A program that shows it (virtcheck run and virtcheck vmm "
                                    "part ways on it):\n%s", prog);
  }
out:
  equivalence_free(e);
  isa_free(isa);
}

/* A class in words: what makes an instruction a member. */
static const char *class_meaning(int set)
{
  static const char *const m[EXPECT_SETS] = {
      "traps in every user-mode state and runs without a trap in some supervisor-mode one",
      "changes the mode or a resource, or does something that depends on them",
      "is sensitive when run in user mode",
      ("is sensitive and not privileged: it runs in user mode without a trap and behaves "
       "differently there")};
  return m[set];
}

static void check_classes(CheckRun *x)
{
  const Check *c = x->c;
  g_autofree char *path = run_part(x, PART_CLASSES);
  Isa *isa = path ? run_spec(x, NULL) : NULL;
  Expect *e = NULL;
  Classification *cl = NULL;
  if (!isa)
    goto out;
  GError *err = NULL;
  if (!(e = expect_load(path, isa, &err))) {
    run_error(x, err);
    goto out;
  }
  if (!(cl = run_classify(x, isa)))
    goto out;
  unsigned items = 0, right = 0, unknown = 0;
  bool any_set = false;
  for (int k = 0; k < EXPECT_SETS; k++)
    any_set |= c->sets[k];
  for (unsigned i = 0; any_set && i < isa->ninsns; i++) {
    const char *name = isa->insns[i].name;
    bool ok = true;
    for (int k = 0; k < EXPECT_SETS; k++) {
      if (!c->sets[k])
        continue;
      Tri is = cl->insn[i].cls[expect_set_ids[k]];
      bool said = expect_lists(e->sets[k], name);
      if (is == TRI_UNKNOWN) {
        unknown++;
        continue;
      }
      if (said == (is == TRI_YES))
        continue;
      ok = false;
      g_autofree char *why = k == 3 && is == TRI_YES ? explain_critical(cl, i) : NULL;
      if (is == TRI_YES)
        g_string_append_printf(x->fb, "%s is %s and you did not list it: %s%s\n", name,
                               expect_set_keys[k], why ? "" : "it ", why ? why : class_meaning(k));
      else
        g_string_append_printf(x->fb, "%s is not %s, yet you listed it: a %s instruction %s; "
                                      "this one does not\n", name, expect_set_keys[k],
                               expect_set_keys[k], class_meaning(k));
    }
    items++, right += ok;
  }
  for (int t = 1; t <= 3; t += 2) {
    if (!c->theorems[t])
      continue;
    Tri is = t == 1 ? cl->theorem1 : cl->theorem3;
    items++;
    if (e->theorem[t] != TRI_UNKNOWN && e->theorem[t] == is)
      right++;
    else
      g_string_append_printf(x->fb, "Theorem %d: you said %s; it %s\n", t,
                             e->theorem[t] == TRI_YES  ? "it holds"
                             : e->theorem[t] == TRI_NO ? "it fails"
                                                       : "nothing",
                             is == TRI_YES ? "holds" : "fails");
  }
  if (unknown) {
    run_result(x, GRADE_LIMIT, "%u class%s unknown: a query timed out (smt-timeout %u ms)", unknown,
               unknown == 1 ? " is" : "es are", x->a->timeout_ms);
    goto out;
  }
  run_result(x, right == items ? GRADE_PASS : GRADE_FAIL, "%u of %u right", right, items);
  x->r.score = items ? c->points * right / items : c->points;
out:
  classification_free(cl);
  expect_free(e);
  isa_free(isa);
}

static void check_changed(CheckRun *x)
{
  const Check *c = x->c;
  Isa *base = run_base_spec(x);
  Isa *isa = base ? run_spec(x, NULL) : NULL;
  IsaDiff *d = isa ? isa_diff(base, isa) : NULL;
  if (!d)
    goto out;
  unsigned counted = 0;
  for (unsigned i = 0; i < d->ninsns; i++) {
    const InsnChange *ch = &d->insn[i];
    if (x->c->kind == CHECK_ENCODINGS && !ch->removed && !ch->encoding)
      continue;
    g_autofree char *t = insn_change_text(ch);
    g_string_append_printf(x->fb, "%s\n", t);
    counted++;
  }
  if (x->c->kind == CHECK_ENCODINGS) {
    run_result(x, counted ? GRADE_FAIL : GRADE_PASS, counted ? "%u instruction%s of the base lost "
               "its encoding" : "every instruction of the base keeps its encoding", counted,
               counted == 1 ? "" : "s");
    goto out;
  }
  unsigned machine = g_strv_length(d->machine);
  for (char **m = d->machine; *m; m++)
    g_string_append_printf(x->fb, "outside the instructions: %s\n", *m);
  if (machine)
    run_result(x, GRADE_FAIL, "%u change%s outside the instructions (only instructions may "
               "change)", machine, machine == 1 ? "" : "s");
  else
    run_result(x, counted <= c->at_most ? GRADE_PASS : GRADE_FAIL, "%u instruction%s changed (at "
               "most %u)", counted, counted == 1 ? "" : "s", c->at_most);
  if (x->r.status == GRADE_PASS) { /* the list is for failures */
    g_string_truncate(x->fb, 0);
  }
out:
  isa_diff_free(d);
  isa_free(isa);
  isa_free(base);
}

static uint64_t guest_word(const Vm *g, uint64_t a)
{
  return g->cache ? code_cache_original(g->cache, g->m->mem, a) : g->m->mem[a];
}

typedef struct {
  GuestCompare *cmp;
} GuestRun;

static void on_guest_step(unsigned guest, const Vm *vm, const MachineStep *rec, void *data)
{
  GuestRun *r = data;
  (void)guest;
  compare_step(r->cmp, vm, rec);
}

/* The final state against the check's NAME=VALUE items. */
static unsigned compare_items(CheckRun *x, const Vm *g)
{
  const Isa *isa = g->m->isa;
  unsigned wrong = 0;
  for (char **e = x->c->expect; e && *e; e++) {
    g_autofree char *name = g_strstrip(g_strndup(*e, strcspn(*e, "=")));
    const char *value = strchr(*e, '=') + 1;
    while (*value == ' ')
      value++;
    uint64_t addr = 0, want = 0, got;
    int ref = state_ref(isa, name, &addr);
    if (ref == STATE_HALTED) {
      want = !strcmp(value, "true"), got = g->m->halted;
    } else {
      want = g_ascii_strtoull(value, NULL, 0);
      if (ref == STATE_STORAGE && addr >= isa->mem) {
        g_string_append_printf(x->fb, "%s: outside the guest's %" G_GUINT64_FORMAT " words\n",
                               name, isa->mem);
        wrong++;
        continue;
      }
      if (ref == STATE_NONE) {
        g_string_append_printf(x->fb, "%s: the spec has no such register\n", name);
        wrong++;
        continue;
      }
      got = ref == STATE_STORAGE ? guest_word(g, addr) : g->m->var[ref];
    }
    if (got != want) {
      wrong++;
      if (ref == STATE_HALTED)
        g_string_append_printf(x->fb, "halted: expected %s, it %s\n", value,
                               got ? "halted" : "did not halt");
      else
        g_string_append_printf(x->fb, "%s: expected %" G_GUINT64_FORMAT ", found %"
                               G_GUINT64_FORMAT "\n", name, want, got);
    }
  }
  return wrong;
}

static void check_guest(CheckRun *x)
{
  const Check *c = x->c;
  Isa *isa = run_spec(x, NULL);
  g_autofree char *path = !isa ? NULL : c->program ? g_strdup(c->program)
                                                   : run_part(x, PART_PROGRAM);
  Program *p = NULL;
  TranslationSet *ts = NULL;
  VmStack *st = NULL;
  Machine *bare = NULL;
  Vm *bare_vm = NULL;
  GuestRun run = {NULL};
  GError *err = NULL;
  g_autofree char *where = NULL;
  if (!path)
    goto out;
  if (!(p = asm_load(isa, path, &err))) {
    run_error(x, err);
    goto out;
  }
  const Vm *g;
  bool halted;
  if (c->monitor == GUEST_BARE) {
    bare = machine_new(isa);
    machine_load(bare, p);
    halted = machine_run(bare, c->steps, NULL, NULL);
    g = bare_vm = vm_bare(bare);
  } else {
    MonitorKind kind = (MonitorKind)c->monitor;
    if (monitor_translates(kind) &&
        !(ts = translation_set_derive(isa, x->a->timeout_ms, 0, &err))) {
      run_error(x, err);
      goto out;
    }
    if (!(st = vmm_stack_new(isa, kind, 1, monitor_reserved(isa), 1, ts, &err))) {
      run_error(x, err);
      goto out;
    }
    machine_load(st->guests[0]->m, p);
    if (c->same_as_bare)
      run.cmp = compare_new(isa, &p, 1);
    halted = vmm_run(st->guests, 1, 100, c->steps, run.cmp ? on_guest_step : NULL, &run);
    g = st->guests[0];
  }
  where = c->monitor == GUEST_BARE ? g_strdup("on the bare machine")
                                   : g_strdup_printf("under the %s monitor",
                                                     monitor_kind_titles[c->monitor]);
  unsigned wrong = compare_items(x, g);
  bool diverged = false;
  if (run.cmp && (run.cmp->diverged || !vm_agrees(run.cmp->bare, g, NULL))) {
    diverged = true;
    if (run.cmp->diverged) {
      g_string_append_printf(x->fb, "After step %" G_GUINT64_FORMAT " (%s) the guest's state "
                             "differs from the bare machine's:\n", run.cmp->step,
                             run.cmp->insn);
      for (char **w = run.cmp->what; w && *w; w++)
        g_string_append_printf(x->fb, "  %s\n", *w);
      g_string_append(x->fb, "The bare machine's last steps:\n");
      for (char **l = run.cmp->bare_trace; l && *l; l++)
        g_string_append_printf(x->fb, "  %s\n", *l);
      g_string_append(x->fb, "The guest's last steps under the monitor:\n");
      for (char **l = run.cmp->monitor_trace; l && *l; l++)
        g_string_append_printf(x->fb, "  %s\n", *l);
    } else {
      g_string_append(x->fb, "The guest ends differently from the bare machine.\n");
    }
  }
  if (c->halts && !halted)
    run_result(x, GRADE_FAIL, "it did not halt within %" G_GUINT64_FORMAT " steps %s", c->steps,
               where);
  else if (diverged)
    run_result(x, GRADE_FAIL, "%s it does not run as on the bare machine", where);
  else if (wrong)
    run_result(x, GRADE_FAIL, "%u of its final values %s differ from the expected", wrong, where);
  else
    run_result(x, GRADE_PASS, "%s %" G_GUINT64_FORMAT " instructions %s%s",
               halted ? "halted after" : "ran", g->m->steps, where,
               c->same_as_bare ? ", as on the bare machine" : halted ? "" : " without halting");
out:
  if (run.cmp)
    compare_free(run.cmp, 1);
  vmm_stack_free(st);
  if (bare_vm)
    vm_free(bare_vm);
  else
    machine_free(bare);
  translation_set_free(ts);
  program_free(p);
  isa_free(isa);
}

CheckResult grade_check(const Assignment *a, const char *submission, unsigned check)
{
  CheckRun x = {a, &a->checks[check], submission, {0}, g_string_new(NULL)};
  static void (*const run[CHECK_KINDS])(CheckRun *) = {check_theorem, check_equivalence,
                                                  check_classes, check_changed,
                                                  check_changed, check_guest};
  run[x.c->kind](&x);
  if (x.r.status != GRADE_PASS && x.fb->len)
    x.r.feedback = g_string_free(x.fb, FALSE);
  else
    g_string_free(x.fb, TRUE);
  if (!x.r.summary)
    run_result(&x, GRADE_CRASH, "the check returned no verdict");
  return x.r;
}
