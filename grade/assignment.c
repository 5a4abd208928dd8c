#include "assignment.h"

#include "keyfile.h"

#include "vmm.h"

#include <string.h>

const char *const check_kind_names[CHECK_KINDS] = {"theorem", "equivalence", "classes",
                                                   "changed", "encodings",   "guest"};
const char *const part_names[PARTS] = {"spec", "program", "classes"};
const char *const part_suffixes[PARTS] = {".isa", ".s", ".expect"};

char *points_text(int64_t milli)
{
  char *s = g_strdup_printf("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, milli / 1000,
                            milli % 1000);
  char *end = s + strlen(s) - 1;
  while (*end == '0')
    *end-- = 0;
  if (*end == '.')
    *end = 0;
  return s;
}

static bool points(const KeyFile *s, const char *group, int64_t *out)
{
  g_autofree char *v = kf_string(s, group, "points", true);
  if (!v)
    return false;
  char *end;
  double p = g_ascii_strtod(v, &end);
  if (end == v || *end || !(p >= 0 && p <= 1e6))
    return kf_fail(s, group, "points", "points = %s: expected a number from 0 to 1000000", v);
  *out = (int64_t)(p * 1000 + 0.5);
  return true;
}

int state_ref(const Isa *isa, const char *name, uint64_t *addr)
{
  if (!strcmp(name, "halted"))
    return STATE_HALTED;
  if (g_str_has_prefix(name, "E[") && g_str_has_suffix(name, "]") && g_ascii_isdigit(name[2])) {
    char *end;
    *addr = g_ascii_strtoull(name + 2, &end, 0);
    if (*end == ']' && !end[1])
      return STATE_STORAGE;
  }
  int v = isa_find_var(isa, name);
  return v >= 0 ? v : STATE_NONE;
}

/* A final-state item: NAME=VALUE with NAME a register, E[ADDRESS] or
 * halted, checked against the base spec. */
static bool state_item(const KeyFile *s, const char *group, const Isa *isa, const char *item)
{
  const char *eq = strchr(item, '=');
  g_autofree char *name = eq ? g_strstrip(g_strndup(item, (gsize)(eq - item))) : NULL;
  const char *value = eq ? eq + 1 : "";
  while (*value == ' ')
    value++;
  char *end;
  guint64 x = g_ascii_strtoull(value, &end, 0);
  bool number = end != value && !*end;
  if (!name)
    return kf_fail(s, group, "expect", "expect: '%s': expected NAME=VALUE", item);
  if (!strcmp(name, "halted")) {
    if (strcmp(value, "true") && strcmp(value, "false"))
      return kf_fail(s, group, "expect", "expect: halted=%s: expected true or false", value);
    return true;
  }
  if (!number)
    return kf_fail(s, group, "expect", "expect: %s=%s: expected a number", name, value);
  uint64_t a;
  int v = state_ref(isa, name, &a);
  if (v == STATE_STORAGE && a >= isa->mem)
    return kf_fail(s, group, "expect", "expect: %s: expected an address below %" G_GUINT64_FORMAT,
                name, isa->mem);
  if (v == STATE_STORAGE)
    return true;
  if (v < 0)
    return kf_fail(s, group, "expect", "expect: '%s': expected a register of %s, E[ADDRESS] or "
                                    "halted", name, isa->name);
  if (x > ir_mask(isa->vars[v].width))
    return kf_fail(s, group, "expect", "expect: %s=%s: wider than its %u bits", name, value,
                isa->vars[v].width);
  return true;
}

static const char *const common_keys[] = {"kind", "points", "title"};

static bool check_keys(const KeyFile *s, const char *group, const char *const *extra)
{
  const char *all[16];
  unsigned n = 0;
  for (unsigned i = 0; i < G_N_ELEMENTS(common_keys); i++)
    all[n++] = common_keys[i];
  for (; extra && *extra; extra++)
    all[n++] = *extra;
  all[n] = NULL;
  return kf_only(s, group, all);
}

static bool load_check(const KeyFile *s, Assignment *a, const Isa *base, const char *group, Check *c)
{
  static const char *const kinds[] = {"theorem", "equivalence", "classes", "changed",
                                      "encodings", "guest", NULL};
  c->name = g_strdup(group + strlen("check "));
  c->line = kf_line(s, group, NULL);
  static const char *const keys[CHECK_KINDS][8] = {
      {"theorem", "expect"},
      {"monitor", "engine", "depth", "stack", "instance", "expect"},
      {"sets", "theorems"},
      {"at-most"},
      {NULL},
      {"monitor", "program", "steps", "halts", "same-as-bare", "expect"},
  };
  int kind;
  g_autofree char *k = kf_string(s, group, "kind", true);
  if (!k || !kf_choice(s, group, "kind", kinds, 0, &kind) || !check_keys(s, group, keys[kind]) ||
      !points(s, group, &c->points))
    return false;
  c->kind = (CheckKind)kind;
  c->title = g_key_file_get_string(s->kf, group, "title", NULL);
  int64_t x;
  switch (c->kind) {
  case CHECK_THEOREM: {
    static const char *const verdicts[] = {"fails", "holds", NULL};
    int holds;
    if (!kf_has(s, group, "theorem"))
      return kf_fail(s, group, NULL, "[%s] needs the key 'theorem' (1, 2 or 3)", group);
    if (!kf_int(s, group, "theorem", 1, 3, 1, &x) ||
        !kf_choice(s, group, "expect", verdicts, 1, &holds))
      return false;
    c->theorem = (int)x, c->holds = holds;
    break;
  }
  case CHECK_EQUIVALENCE: {
    static const char *const engines[] = {"smt", "lockstep", "both", NULL};
    static const char *const verdicts[] = {"counterexample", "equivalent", NULL};
    int engine, eq, mon;
    if (!kf_choice(s, group, "monitor", monitor_kind_names, MON_TRAP, &mon) ||
        !kf_choice(s, group, "engine", engines, 0, &engine) ||
        !kf_choice(s, group, "expect", verdicts, 1, &eq))
      return false;
    if (mon == MON_PARAVIRT)
      return kf_fail(s, group, "monitor", "monitor = paravirt: the equivalence checker does not "
                                       "check it; expected trap, hybrid, translate, patch or "
                                       "assist (a guest check runs paravirt)");
    c->monitor = mon, c->equivalent = eq;
    c->engine = engine == 1 ? ENGINE_EXHAUSTIVE : engine == 2 ? ENGINE_BOTH : ENGINE_SMT;
    if (!kf_int(s, group, "depth", 1, 8, 3, &x))
      return false;
    c->depth = (unsigned)x;
    if (!kf_int(s, group, "stack", 1, VC_MAX_STACK, 1, &x))
      return false;
    c->stack = (unsigned)x;
    c->instance = kf_has(s, group, "instance") ? kf_list(s, group, "instance") : NULL;
    GError *why = NULL;
    if (!monitor_applies(base, (MonitorKind)c->monitor, c->stack, &why)) {
      kf_fail(s, group, "monitor", "monitor = %s: %s", monitor_kind_names[c->monitor],
           why->message);
      g_error_free(why);
      return false;
    }
    break;
  }
  case CHECK_CLASSES: {
    if (!(a->submits & SUBMITS_CLASSES))
      return kf_fail(s, group, "kind", "kind = classes grades a classes file: expected "
                                    "'submission' to include classes");
    g_auto(GStrv) sets = kf_has(s, group, "sets") ? kf_list(s, group, "sets") : NULL;
    for (int i = 0; i < EXPECT_SETS; i++)
      c->sets[i] = !sets;
    for (char **n = sets; n && *n; n++) {
      int i = 0;
      while (i < EXPECT_SETS && strcmp(*n, expect_set_keys[i]))
        i++;
      if (i == EXPECT_SETS)
        return kf_fail(s, group, "sets", "sets: '%s': expected privileged, sensitive, "
                                      "user_sensitive or critical", *n);
      c->sets[i] = true;
    }
    g_auto(GStrv) thms = kf_has(s, group, "theorems") ? kf_list(s, group, "theorems") : NULL;
    for (char **n = thms; n && *n; n++) {
      if (strcmp(*n, "1") && strcmp(*n, "3"))
        return kf_fail(s, group, "theorems", "theorems: '%s': expected 1 or 3", *n);
      c->theorems[**n - '0'] = true;
    }
    break;
  }
  case CHECK_CHANGED:
  case CHECK_ENCODINGS: {
    if (!(a->submits & SUBMITS_SPEC))
      return kf_fail(s, group, "kind", "kind = %s compares a submitted spec with the base: "
                                    "expected 'submission' to include spec", k);
    if (c->kind == CHECK_CHANGED) {
      if (!kf_has(s, group, "at-most"))
        return kf_fail(s, group, NULL, "[%s] needs the key 'at-most'", group);
      if (!kf_int(s, group, "at-most", 0, 100000, 0, &x))
        return false;
      c->at_most = (unsigned)x;
    }
    break;
  }
  case CHECK_GUEST: {
    const char *mons[MON_KINDS + 2] = {"bare"};
    for (int i = 0; i < MON_KINDS; i++)
      mons[i + 1] = monitor_kind_names[i];
    int mon;
    if (!kf_choice(s, group, "monitor", mons, 0, &mon) ||
        !kf_int(s, group, "steps", 1, G_MAXINT64, VC_DEFAULT_GUEST_STEPS, &x) ||
        !kf_bool(s, group, "halts", true, &c->halts) ||
        !kf_bool(s, group, "same-as-bare", false, &c->same_as_bare))
      return false;
    c->monitor = mon - 1, c->steps = (uint64_t)x;
    if (c->same_as_bare && c->monitor == GUEST_BARE)
      return kf_fail(s, group, "same-as-bare", "same-as-bare compares a monitor's guest with the "
                                            "bare machine: expected a monitor");
    GError *why = NULL;
    if (c->monitor != GUEST_BARE && !monitor_applies(base, (MonitorKind)c->monitor, 1, &why)) {
      kf_fail(s, group, "monitor", "monitor = %s: %s", monitor_kind_names[c->monitor],
           why->message);
      g_error_free(why);
      return false;
    }
    g_autofree char *prog = kf_has(s, group, "program") ? kf_string(s, group, "program", true) : NULL;
    if (kf_has(s, group, "program") && !prog)
      return false;
    if (prog) {
      g_autofree char *dir = g_path_get_dirname(a->file);
      c->program = g_path_is_absolute(prog) ? g_strdup(prog) : g_build_filename(dir, prog, NULL);
    } else if (!(a->submits & SUBMITS_PROGRAM))
      return kf_fail(s, group, NULL, "[%s] runs a program: expected the key 'program' or "
                                  "'submission' to include program", group);
    c->expect = kf_has(s, group, "expect") ? kf_list(s, group, "expect") : NULL;
    for (char **e = c->expect; e && *e; e++)
      if (!state_item(s, group, base, *e))
        return false;
    break;
  }
  default:
    break;
  }
  return true;
}

static bool load_head(const KeyFile *s, Assignment *a)
{
  static const char *const keys[] = {"title",        "base",          "params",
                                     "submission",   "spec-file",     "program-file",
                                     "classes-file", "time-limit",    "memory-limit",
                                     "smt-timeout",  NULL};
  const char *g = "assignment";
  if (!g_key_file_has_group(s->kf, g)) {
    vc_error_at(s->err, s->file, (VcLoc){1, 1}, "expected the group [assignment]");
    return false;
  }
  if (!kf_only(s, g, keys) || !(a->title = kf_string(s, g, "title", true)))
    return false;
  g_autofree char *base = kf_string(s, g, "base", true);
  if (!base)
    return false;
  g_autofree char *dir = g_path_get_dirname(a->file);
  a->base = g_path_is_absolute(base) ? g_strdup(base) : g_build_filename(dir, base, NULL);
  a->params = kf_has(s, g, "params") ? kf_list(s, g, "params") : NULL;
  g_auto(GStrv) parts = kf_has(s, g, "submission") ? kf_list(s, g, "submission") : NULL;
  if (!parts || !*parts)
    return kf_fail(s, g, "submission", "[assignment] needs 'submission': spec, program or "
                                    "classes, or a list of them (spec;program)");
  for (char **p = parts; *p; p++) {
    int i = 0;
    while (i < PARTS && strcmp(*p, part_names[i]))
      i++;
    if (i == PARTS)
      return kf_fail(s, g, "submission", "submission: '%s': expected spec, program or classes",
                  *p);
    a->submits |= 1u << i;
  }
  for (int i = 0; i < PARTS; i++) {
    g_autofree char *key = g_strdup_printf("%s-file", part_names[i]);
    if (kf_has(s, g, key) && !(a->part_file[i] = kf_string(s, g, key, true)))
      return false;
  }
  int64_t x;
  g_autofree char *t = kf_has(s, g, "time-limit") ? kf_string(s, g, "time-limit", true) : NULL;
  a->time_limit = 60;
  if (t) {
    char *end;
    a->time_limit = g_ascii_strtod(t, &end);
    if (end == t || *end || !(a->time_limit > 0 && a->time_limit <= 86400))
      return kf_fail(s, g, "time-limit", "time-limit = %s: expected seconds, more than 0 and at "
                                      "most 86400", t);
  }
  g_autofree char *m = kf_has(s, g, "memory-limit") ? kf_string(s, g, "memory-limit", true) : NULL;
  a->memory_limit = 2ull << 30;
  if (m) {
    char *end;
    guint64 n = g_ascii_strtoull(m, &end, 10);
    unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
      end++;
    if (end == m || *end || n == 0 || n > (UINT64_MAX >> 31 >> shift) || (n << shift) < (16u << 20))
      return kf_fail(s, g, "memory-limit", "memory-limit = %s: expected bytes (K, M or G "
                                        "suffixes), at least 16M", m);
    a->memory_limit = n << shift;
  }
  if (!kf_int(s, g, "smt-timeout", 0, G_MAXINT, VC_DEFAULT_TIMEOUT_MS, &x))
    return false;
  a->timeout_ms = (unsigned)x;
  return true;
}

/* Every [check NAME] group, in the file's order. */
static bool load_checks(const KeyFile *s, Assignment *a, const Isa *base)
{
  g_auto(GStrv) groups = g_key_file_get_groups(s->kf, NULL);
  a->checks = g_new0(Check, g_strv_length(groups));
  for (char **g = groups; *g; g++) {
    if (!strcmp(*g, "assignment"))
      continue;
    const char *name = g_str_has_prefix(*g, "check ") ? *g + strlen("check ") : NULL;
    bool good = name && *name;
    for (const char *p = name; good && *p; p++)
      good = g_ascii_isalnum(*p) || strchr("_.-", *p);
    if (!good)
      return kf_fail(s, *g, NULL, "[%s]: expected [assignment] or [check NAME] (NAME of letters, "
                               "digits, '_', '.' and '-')", *g);
    Check *c = &a->checks[a->nchecks++];
    if (!load_check(s, a, base, *g, c))
      return false;
    a->points += c->points;
  }
  return true;
}

Assignment *assignment_load(const char *path, GError **err)
{
  size_t len;
  g_autofree char *text = vc_read_source(path, &len, err);
  if (!text)
    return NULL;
  Assignment *a = g_new0(Assignment, 1);
  a->file = g_strdup(path);
  KeyFile s = {0};
  Isa *base = NULL;
  bool ok = false;
  if (strlen(text) != len) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: a NUL byte; expected a text file", path);
    goto out;
  }
  if (!kf_open(&s, path, text, len, err))
    goto out;
  if (!load_head(&s, a))
    goto out;
  GError *berr = NULL;
  if (!(base = isa_load(a->base, (const char *const *)a->params, &berr))) {
    kf_fail(&s, "assignment", "base", "base = %s: %s", a->base, berr->message);
    g_error_free(berr);
    goto out;
  }
  if (!load_checks(&s, a, base))
    goto out;
  if (!a->nchecks) {
    vc_error_at(err, path, (VcLoc){1, 1}, "no checks: expected at least one [check NAME]");
    goto out;
  }
  ok = true;
out:
  isa_free(base);
  if (s.kf)
    kf_close(&s);
  if (!ok) {
    assignment_free(a);
    return NULL;
  }
  return a;
}

void assignment_free(Assignment *a)
{
  if (!a)
    return;
  for (unsigned i = 0; i < a->nchecks; i++) {
    Check *c = &a->checks[i];
    g_free(c->name);
    g_free(c->title);
    g_strfreev(c->instance);
    g_free(c->program);
    g_strfreev(c->expect);
  }
  g_free(a->checks);
  g_free(a->file);
  g_free(a->title);
  g_free(a->base);
  g_strfreev(a->params);
  for (int i = 0; i < PARTS; i++)
    g_free(a->part_file[i]);
  g_free(a);
}
