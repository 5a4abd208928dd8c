#include "study.h"

#include "expect.h"
#include "ledger.h"
#include "remedy.h"
#include "report_util.h"
#include "vmm.h"

#include <string.h>

static Equivalence *smt_equiv(const Isa *isa, MonitorKind kind, const TranslationSet *ts,
                              unsigned stack, const StudyOptions *opt, GError **err)
{
  EquivOptions o = {.engine = ENGINE_SMT, .monitor = kind, .ts = ts, .stack = stack,
                    .timeout_ms = opt->timeout_ms, .max_states = VC_DEFAULT_MAX_STATES,
                    .deadline = opt->deadline};
  o.base = monitor_reserved(isa);
  if (!vmm_stack_fits(isa, stack, o.base, 1, NULL))
    return NULL; /* no room for the layout at these widths */
  return equiv_check(isa, &o, err);
}

/* The `lockstep` line of the spec's .expect file (beside it, same name),
 * or NULL. */
static char **expected_instance(const char *path, char **file)
{
  if (!g_str_has_suffix(path, ".isa"))
    return NULL;
  *file = g_strdup_printf("%.*s.expect", (int)strlen(path) - 4, path);
  if (!g_file_test(*file, G_FILE_TEST_IS_REGULAR))
    return NULL;
  Expect *e = expect_load(*file, NULL, NULL);
  char **inst = e ? g_steal_pointer(&e->lockstep) : NULL;
  expect_free(e);
  return inst;
}

/* The lockstep runs' instance: --instance, else the spec's .expect file's
 * `lockstep` line, else the smallest instance the explorer can lay a
 * monitor out in: 6-bit addresses, 2-bit data, the narrowest word (11 or 12
 * bits: x86's opcode takes 6) and the fewest storage words the spec
 * accepts. */
static Isa *small_instance(const char *path, const char *const *given, char **why)
{
  g_autofree char *file = NULL;
  g_auto(GStrv) expected = given ? NULL : expected_instance(path, &file);
  if (given || expected) {
    GError *err = NULL;
    Isa *isa = isa_load(path, given ? given : (const char *const *)expected, &err);
    if (!isa) {
      *why = given ? g_strdup_printf("the --instance given does not fit the spec: %s",
                                     err->message)
                   : g_strdup_printf("the lockstep instance of %s does not fit the spec: %s",
                                     file, err->message);
      g_error_free(err);
    }
    return isa;
  }
  static const char *const words[] = {"word=11", "word=12"};
  static const char *const mems[] = {"mem=12", "mem=14", "mem=16", "mem=20", "mem=24"};
  GError *err = NULL;
  for (size_t w = 0; w < G_N_ELEMENTS(words); w++)
    for (size_t i = 0; i < G_N_ELEMENTS(mems); i++) {
      const char *const p[] = {words[w], "addr=6", "data=2", mems[i], NULL};
      Isa *isa = isa_load(path, p, &err);
      if (isa)
        return isa;
      if (w + 1 < G_N_ELEMENTS(words) || i + 1 < G_N_ELEMENTS(mems))
        g_clear_error(&err);
    }
  *why = g_strdup_printf("no small instance (word=11 or 12, addr=6 data=2, mem 12..24) fits the "
                         "spec (give one with --instance): %s", err->message);
  g_error_free(err);
  return NULL;
}

/* Why a kind does not apply to the ISA, or NULL. */
static char *not_applicable(const Study *s, MonitorKind kind)
{
  if (s->na[kind])
    return g_strdup(s->na[kind]);
  if (kind == MON_ASSIST && s->isa->guest_var < 0)
    return g_strdup("no virtualization extension in the spec");
  if (kind == MON_PARAVIRT && s->isa->hypercall < 0)
    return g_strdup("no hypercall in the spec");
  if (kind == MON_PARAVIRT && !s->guest_os)
    return g_strdup("no bundled guest OS to rewrite");
  return NULL;
}

/* scenarios/NAME.isa's guest OS: scenarios/NAME/guest-os.s, if there. */
static char *bundled_guest_os(const char *spec)
{
  g_autofree char *stem = g_strndup(spec, strlen(spec) - (g_str_has_suffix(spec, ".isa") ? 4 : 0));
  char *os = g_build_filename(stem, "guest-os.s", NULL);
  if (g_file_test(os, G_FILE_TEST_IS_REGULAR))
    return os;
  g_free(os);
  return NULL;
}

/* The bundled guest OS, rewritten and checked; what stops it (a table that
 * does not fit, as when unknown classes rewrite more) makes paravirt n/a. */
static void paravirtualize(Study *s)
{
  GError *err = NULL;
  Program *p = asm_load(s->isa, s->guest_os, &err);
  if (!p || !(s->rewrite = paravirt_rewrite(s->isa, p, s->ts, &err)) ||
      !(s->para = paravirt_check(s->isa, p, s->rewrite, VC_DEFAULT_GUEST_STEPS, &err))) {
    s->na[MON_PARAVIRT] = g_strdup(err->message);
    g_error_free(err);
  }
  program_free(p);
}

static bool walks(Study *s, const StudyOptions *opt, GError **err)
{
  if (s->ts && !(s->small_ts = translation_set_derive(s->small, opt->timeout_ms, opt->deadline,
                                                      err)))
    return false;
  for (int kind = 0; kind < MON_KINDS; kind++) {
    if (s->na[kind] || kind == MON_PARAVIRT)
      continue;
    EquivOptions o = {.engine = ENGINE_EXHAUSTIVE, .monitor = (MonitorKind)kind,
                      .ts = s->small_ts, .stack = 1, .max_states = VC_DEFAULT_WALK_STATES,
                      .deadline = opt->deadline};
    o.base = monitor_reserved(s->small);
    o.walk = (LockstepOptions){.depth = opt->depth, .threads = 1, .operand_values = 4,
                               .max_memory = opt->max_memory};
    if (!(s->walk[kind] = equiv_check(s->small, &o, err))) {
      if (!g_error_matches(*err, VC_ERROR, VC_ERROR_INPUT))
        return false;
      /* the instance cannot hold the layout: no lockstep runs, and why */
      s->small_why = g_strdup_printf("the lockstep instance does not fit: %s", (*err)->message);
      g_clear_error(err);
      for (int k = 0; k < MON_KINDS; k++)
        g_clear_pointer(&s->walk[k], equivalence_free);
      g_clear_pointer(&s->small, isa_free);
      return true;
    }
  }
  return true;
}

Study *study_run(const char *path, const char *const *params, const StudyOptions *opt,
                 GError **error)
{
  GError *local = NULL, **err = &local;
  Study *s = g_new0(Study, 1);
  s->path = g_strdup(path);
  ClassifyOptions co = {.engine = ENGINE_SMT, .timeout_ms = opt->timeout_ms,
                        .deadline = opt->deadline};
  if (!(s->isa = isa_load(path, params, err)))
    goto fail;
  ledger_hold(); /* the classes decide what is translated: every shard derives them */
  s->cls = classify_isa(s->isa, &co, err);
  ledger_release();
  if (!s->cls)
    goto fail;
  GError *no_ts = NULL; /* then the translating kinds do not apply */
  if (!(s->ts = translation_set_new(s->cls, &no_ts))) {
    const MonitorKind needs[] = {MON_TRANSLATE, MON_PATCH, MON_PARAVIRT};
    for (size_t k = 0; k < G_N_ELEMENTS(needs); k++)
      s->na[needs[k]] = g_strdup(no_ts->message);
    g_error_free(no_ts);
  }
  s->guest_os = bundled_guest_os(path);
  for (int kind = 0; kind < MON_KINDS; kind++) {
    char *na = not_applicable(s, (MonitorKind)kind);
    g_free(s->na[kind]);
    if ((s->na[kind] = na) || kind == MON_PARAVIRT)
      continue;
    if (!(s->smt[kind] = smt_equiv(s->isa, (MonitorKind)kind, s->ts, 1, opt, err)) && *err)
      goto fail;
  }
  if (!(s->stacked = smt_equiv(s->isa, MON_TRAP, NULL, 2, opt, err)) && *err)
    goto fail;
  if (!s->na[MON_PARAVIRT])
    paravirtualize(s);
  if ((s->small = small_instance(path, opt->instance, &s->small_why)) && !walks(s, opt, err))
    goto fail;
  return s;
fail:
  g_propagate_error(error, local);
  study_free(s);
  return NULL;
}

bool study_incomplete(const Study *s)
{
  for (unsigned i = 0; i < s->isa->ninsns; i++)
    for (int k = 0; k < C_COUNT; k++)
      if (s->cls->insn[i].cls[k] == TRI_UNKNOWN)
        return true;
  if (s->stacked && s->stacked->verdict == EQ_INCOMPLETE)
    return true;
  for (int kind = 0; kind < MON_KINDS; kind++)
    if (!strcmp(study_monitor(s, (MonitorKind)kind), "incomplete"))
      return true;
  return false;
}

void study_free(Study *s)
{
  if (!s)
    return;
  for (int kind = 0; kind < MON_KINDS; kind++) {
    equivalence_free(s->smt[kind]);
    equivalence_free(s->walk[kind]);
    g_free(s->na[kind]);
  }
  equivalence_free(s->stacked);
  paravirt_check_free(s->para);
  rewrite_free(s->rewrite);
  g_free(s->guest_os);
  translation_set_free(s->ts);
  translation_set_free(s->small_ts);
  classification_free(s->cls);
  isa_free(s->small);
  isa_free(s->isa);
  g_free(s->small_why);
  g_free(s->path);
  g_free(s);
}

static char *joined(const char **names, unsigned n)
{
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < n; i++)
    g_string_append_printf(s, "%s%s", i ? " " : "", names[i]);
  return g_string_free(s, FALSE);
}

const char *study_theorem(const Study *s, int n, char **reason)
{
  const Classification *c = s->cls;
  if (n == 2) {
    const char *v = c->theorem1 == TRI_YES && s->stacked && s->stacked->verdict == EQ_EQUIVALENT
                        ? "holds"
                    : c->theorem1 == TRI_NO ? "fails"
                                             : "unknown";
    *reason = g_strdup_printf(
        "Theorem 1 %s; the trap monitor under a copy of itself: %s (one-step simulation, SMT); "
        "the monitor has no timing dependencies",
        c->theorem1 == TRI_YES ? "holds" : c->theorem1 == TRI_NO ? "fails" : "is unknown",
        study_verdict(s->stacked));
    return v;
  }
  Tri t = n == 1 ? c->theorem1 : c->theorem3;
  unsigned k;
  g_autofree const char **breakers = theorem_breakers(c, n, &k);
  g_autofree char *names = joined(breakers, k);
  if (t == TRI_YES)
    *reason = g_strdup(n == 1 ? "every sensitive instruction is privileged"
                              : "every user-sensitive instruction is privileged");
  else if (t == TRI_NO)
    *reason = g_strdup_printf("%s, not privileged: %s",
                              n == 1 ? "sensitive" : "user sensitive", names);
  else
    *reason = g_strdup("some query was answered unknown");
  return t == TRI_YES ? "holds" : t == TRI_NO ? "fails" : "unknown";
}

bool study_direct(const Study *s, MonitorKind kind, double *share, uint64_t *of)
{
  uint64_t direct = 0, all = 0;
  if (kind == MON_PARAVIRT && s->para) {
    const Vm *g = s->para->para->guests[0];
    direct = g->counts.direct, all = g->m->steps;
  } else if (kind != MON_PARAVIRT && s->walk[kind]) {
    direct = s->walk[kind]->walk->direct, all = s->walk[kind]->walk->instructions;
  }
  *share = all ? (double)direct / (double)all : 0;
  *of = all;
  return all;
}

char *study_efficiency(const Study *s, MonitorKind kind)
{
  double share;
  uint64_t of;
  if (!study_direct(s, kind, &share, &of))
    return g_strdup("n/a");
  return g_strdup_printf("%.1f%% of %" G_GUINT64_FORMAT, 100 * share, of);
}

const char *study_monitor(const Study *s, MonitorKind kind)
{
  if (s->na[kind])
    return "n/a";
  if (kind == MON_PARAVIRT)
    return !s->para ? "n/a" : s->para->para_differs[0] ? "counterexample" : "equivalent";
  const Equivalence *smt = s->smt[kind], *walk = s->walk[kind];
  bool one_step = smt && !smt->no_one_step;
  if ((one_step && smt->verdict == EQ_COUNTEREXAMPLE) ||
      (walk && walk->verdict == EQ_COUNTEREXAMPLE))
    return "counterexample";
  if (one_step)
    return study_verdict(smt);
  return walk ? study_verdict(walk) : "n/a";
}

const char *study_verdict(const Equivalence *e)
{
  if (e && e->no_one_step)
    return "n/a";
  return e ? equiv_verdict_names[e->verdict] : "n/a";
}

char *study_cell(const Study *s, MonitorKind kind)
{
  const char *v = study_monitor(s, kind);
  double direct;
  uint64_t of;
  if (strcmp(v, "equivalent") || !study_direct(s, kind, &direct, &of))
    return g_strdup(v);
  return g_strdup_printf("%s, %.1f%% direct", v, 100 * direct);
}

char *study_cex_title(const Study *s, MonitorKind kind, bool lockstep, const char *sep)
{
  g_autofree char *name = g_strdup(monitor_kind_titles[kind]);
  name[0] = g_ascii_toupper(name[0]);
  if (!lockstep)
    return g_strdup_printf("%s monitor%s one-step simulation (SMT)", name, sep);
  g_autofree char *small = s->small ? params_text(s->small) : g_strdup("-");
  return g_strdup_printf("%s monitor%s lockstep exploration at %s", name, sep, small);
}
