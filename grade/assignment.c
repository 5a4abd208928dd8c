#include "assignment.h"

#include "vmm.h"

#include <stdarg.h>
#include <string.h>

const char *const check_kind_names[CHECK_KINDS] = {"theorem", "equivalence", "classes",
                                                   "changed", "encodings",   "guest"};
const char *const part_names[PARTS] = {"spec", "program", "classes"};
const char *const part_suffixes[PARTS] = {".isa", ".s", ".expect"};

/* Where each group and key is, for errors: GKeyFile keeps no positions.
 * Filled by a first pass that also refuses what GKeyFile would accept
 * silently (a repeated group or key) or reject without a line. */
typedef struct {
  const char *file;
  GHashTable *at; /* "group" and "group\nkey" -> line */
  GKeyFile *kf;
  GError **err;
} Src;

static int line_of(const Src *s, const char *group, const char *key)
{
  g_autofree char *k = key ? g_strdup_printf("%s\n%s", group, key) : g_strdup(group);
  return GPOINTER_TO_INT(g_hash_table_lookup(s->at, k));
}

static bool G_GNUC_PRINTF(4, 5) fail(const Src *s, const char *group, const char *key,
                                     const char *fmt, ...)
{
  int line = key ? line_of(s, group, key) : 0;
  if (!line)
    line = line_of(s, group, NULL);
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  vc_error_at(s->err, s->file, (VcLoc){line ? line : 1, 1}, "%s", msg);
  return false;
}

static bool scan(Src *s, const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autofree char *group = NULL;
  int n = 0;
  for (char **l = lines; *l; l++) {
    n++;
    char *t = g_strstrip(*l);
    if (!*t || *t == '#')
      continue;
    char *key = NULL;
    if (*t == '[') {
      char *close = strchr(t, ']');
      if (!close || close[1] || close == t + 1) {
        vc_error_at(s->err, s->file, (VcLoc){n, 1}, "expected a group header '[NAME]'");
        return false;
      }
      g_free(group);
      group = g_strndup(t + 1, (gsize)(close - t - 1));
    } else if (!group) {
      vc_error_at(s->err, s->file, (VcLoc){n, 1}, "expected the group '[assignment]' first");
      return false;
    } else if (!strchr(t, '=') || *t == '=') {
      vc_error_at(s->err, s->file, (VcLoc){n, 1}, "expected KEY = VALUE, a [group] or a "
                                                 "# comment");
      return false;
    } else {
      key = g_strstrip(g_strndup(t, strcspn(t, "=")));
    }
    g_autofree char *k = key ? g_strdup_printf("%s\n%s", group, key) : g_strdup(group);
    int was = GPOINTER_TO_INT(g_hash_table_lookup(s->at, k));
    if (was) {
      vc_error_at(s->err, s->file, (VcLoc){n, 1}, "%s '%s' is given twice (first at line %d)",
                  key ? "key" : "group", key ? key : group, was);
      g_free(key);
      return false;
    }
    g_hash_table_insert(s->at, g_steal_pointer(&k), GINT_TO_POINTER(n));
    g_free(key);
  }
  return true;
}

static bool only_keys(const Src *s, const char *group, const char *const *allowed)
{
  g_auto(GStrv) keys = g_key_file_get_keys(s->kf, group, NULL, NULL);
  for (char **k = keys; k && *k; k++)
    if (!g_strv_contains(allowed, *k)) {
      g_autofree char *list = g_strjoinv(", ", (char **)allowed);
      return fail(s, group, *k, "unknown key '%s' in [%s]; expected one of: %s", *k, group,
                  list);
    }
  return true;
}

static bool has(const Src *s, const char *group, const char *key)
{
  return g_key_file_has_key(s->kf, group, key, NULL);
}

static char *string(const Src *s, const char *group, const char *key, bool required)
{
  if (!has(s, group, key)) {
    if (required)
      fail(s, group, NULL, "[%s] needs the key '%s'", group, key);
    return NULL;
  }
  char *v = g_key_file_get_string(s->kf, group, key, NULL);
  if (!v || !*v) {
    fail(s, group, key, "%s: expected a value", key);
    g_free(v);
    return NULL;
  }
  return v;
}

static char **list(const Src *s, const char *group, const char *key)
{
  gsize n;
  char **v = g_key_file_get_string_list(s->kf, group, key, &n, NULL);
  for (gsize i = 0; v && i < n; i++)
    g_strstrip(v[i]);
  return v;
}

/* An integer within lo..hi; def when absent. */
static bool integer(const Src *s, const char *group, const char *key, int64_t lo, int64_t hi,
                    int64_t def, int64_t *out)
{
  *out = def;
  if (!has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  char *end;
  gint64 x = g_ascii_strtoll(v ? v : "", &end, 10);
  if (!v || end == v || *end || x < lo || x > hi)
    return fail(s, group, key, "%s = %s: expected a whole number in %" G_GINT64_FORMAT
                               "..%" G_GINT64_FORMAT, key, v ? v : "", lo, hi);
  *out = x;
  return true;
}

static bool boolean(const Src *s, const char *group, const char *key, bool def, bool *out)
{
  *out = def;
  if (!has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  if (v && (!strcmp(v, "true") || !strcmp(v, "false"))) {
    *out = !strcmp(v, "true");
    return true;
  }
  return fail(s, group, key, "%s = %s: expected true or false", key, v ? v : "");
}

/* One of names (a NULL-terminated list); def when absent. */
static bool choice(const Src *s, const char *group, const char *key, const char *const *names,
                   int def, int *out)
{
  *out = def;
  if (!has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  for (int i = 0; names[i]; i++)
    if (v && !strcmp(v, names[i])) {
      *out = i;
      return true;
    }
  g_autofree char *all = g_strjoinv(", ", (char **)names);
  return fail(s, group, key, "%s = %s: expected one of: %s", key, v ? v : "", all);
}

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

static bool points(const Src *s, const char *group, int64_t *out)
{
  g_autofree char *v = string(s, group, "points", true);
  if (!v)
    return false;
  char *end;
  double p = g_ascii_strtod(v, &end);
  if (end == v || *end || !(p >= 0 && p <= 1e6))
    return fail(s, group, "points", "points = %s: expected a number from 0 to 1000000", v);
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
static bool state_item(const Src *s, const char *group, const Isa *isa, const char *item)
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
    return fail(s, group, "expect", "expect: '%s': expected NAME=VALUE", item);
  if (!strcmp(name, "halted")) {
    if (strcmp(value, "true") && strcmp(value, "false"))
      return fail(s, group, "expect", "expect: halted=%s: expected true or false", value);
    return true;
  }
  if (!number)
    return fail(s, group, "expect", "expect: %s=%s: expected a number", name, value);
  uint64_t a;
  int v = state_ref(isa, name, &a);
  if (v == STATE_STORAGE && a >= isa->mem)
    return fail(s, group, "expect", "expect: %s: expected an address below %" G_GUINT64_FORMAT,
                name, isa->mem);
  if (v == STATE_STORAGE)
    return true;
  if (v < 0)
    return fail(s, group, "expect", "expect: '%s': expected a register of %s, E[ADDRESS] or "
                                    "halted", name, isa->name);
  if (x > ir_mask(isa->vars[v].width))
    return fail(s, group, "expect", "expect: %s=%s: wider than its %u bits", name, value,
                isa->vars[v].width);
  return true;
}

static const char *const common_keys[] = {"kind", "points", "title"};

static bool check_keys(const Src *s, const char *group, const char *const *extra)
{
  const char *all[16];
  unsigned n = 0;
  for (unsigned i = 0; i < G_N_ELEMENTS(common_keys); i++)
    all[n++] = common_keys[i];
  for (; extra && *extra; extra++)
    all[n++] = *extra;
  all[n] = NULL;
  return only_keys(s, group, all);
}

static bool load_check(const Src *s, Assignment *a, const Isa *base, const char *group, Check *c)
{
  static const char *const kinds[] = {"theorem", "equivalence", "classes", "changed",
                                      "encodings", "guest", NULL};
  c->name = g_strdup(group + strlen("check "));
  c->line = line_of(s, group, NULL);
  static const char *const keys[CHECK_KINDS][8] = {
      {"theorem", "expect"},
      {"monitor", "engine", "depth", "stack", "instance", "expect"},
      {"sets", "theorems"},
      {"at-most"},
      {NULL},
      {"monitor", "program", "steps", "halts", "same-as-bare", "expect"},
  };
  int kind;
  g_autofree char *k = string(s, group, "kind", true);
  if (!k || !choice(s, group, "kind", kinds, 0, &kind) || !check_keys(s, group, keys[kind]) ||
      !points(s, group, &c->points))
    return false;
  c->kind = (CheckKind)kind;
  c->title = g_key_file_get_string(s->kf, group, "title", NULL);
  int64_t x;
  switch (c->kind) {
  case CHECK_THEOREM: {
    static const char *const verdicts[] = {"fails", "holds", NULL};
    int holds;
    if (!has(s, group, "theorem"))
      return fail(s, group, NULL, "[%s] needs the key 'theorem' (1, 2 or 3)", group);
    if (!integer(s, group, "theorem", 1, 3, 1, &x) ||
        !choice(s, group, "expect", verdicts, 1, &holds))
      return false;
    c->theorem = (int)x, c->holds = holds;
    break;
  }
  case CHECK_EQUIVALENCE: {
    static const char *const engines[] = {"smt", "lockstep", "both", NULL};
    static const char *const verdicts[] = {"counterexample", "equivalent", NULL};
    int engine, eq, mon;
    if (!choice(s, group, "monitor", monitor_kind_names, MON_TRAP, &mon) ||
        !choice(s, group, "engine", engines, 0, &engine) ||
        !choice(s, group, "expect", verdicts, 1, &eq))
      return false;
    if (mon == MON_PARAVIRT)
      return fail(s, group, "monitor", "monitor = paravirt: the equivalence checker does not "
                                       "check it; expected trap, hybrid, translate, patch or "
                                       "assist (a guest check runs paravirt)");
    c->monitor = mon, c->equivalent = eq;
    c->engine = engine == 1 ? ENGINE_EXHAUSTIVE : engine == 2 ? ENGINE_BOTH : ENGINE_SMT;
    if (!integer(s, group, "depth", 1, 8, 3, &x))
      return false;
    c->depth = (unsigned)x;
    if (!integer(s, group, "stack", 1, VC_MAX_STACK, 1, &x))
      return false;
    c->stack = (unsigned)x;
    c->instance = has(s, group, "instance") ? list(s, group, "instance") : NULL;
    GError *why = NULL;
    if (!monitor_applies(base, (MonitorKind)c->monitor, c->stack, &why)) {
      fail(s, group, "monitor", "monitor = %s: %s", monitor_kind_names[c->monitor],
           why->message);
      g_error_free(why);
      return false;
    }
    break;
  }
  case CHECK_CLASSES: {
    if (!(a->submits & SUBMITS_CLASSES))
      return fail(s, group, "kind", "kind = classes grades a classes file: expected "
                                    "'submission' to include classes");
    g_auto(GStrv) sets = has(s, group, "sets") ? list(s, group, "sets") : NULL;
    for (int i = 0; i < EXPECT_SETS; i++)
      c->sets[i] = !sets;
    for (char **n = sets; n && *n; n++) {
      int i = 0;
      while (i < EXPECT_SETS && strcmp(*n, expect_set_keys[i]))
        i++;
      if (i == EXPECT_SETS)
        return fail(s, group, "sets", "sets: '%s': expected privileged, sensitive, "
                                      "user_sensitive or critical", *n);
      c->sets[i] = true;
    }
    g_auto(GStrv) thms = has(s, group, "theorems") ? list(s, group, "theorems") : NULL;
    for (char **n = thms; n && *n; n++) {
      if (strcmp(*n, "1") && strcmp(*n, "3"))
        return fail(s, group, "theorems", "theorems: '%s': expected 1 or 3", *n);
      c->theorems[**n - '0'] = true;
    }
    break;
  }
  case CHECK_CHANGED:
  case CHECK_ENCODINGS: {
    if (!(a->submits & SUBMITS_SPEC))
      return fail(s, group, "kind", "kind = %s compares a submitted spec with the base: "
                                    "expected 'submission' to include spec", k);
    if (c->kind == CHECK_CHANGED) {
      if (!has(s, group, "at-most"))
        return fail(s, group, NULL, "[%s] needs the key 'at-most'", group);
      if (!integer(s, group, "at-most", 0, 100000, 0, &x))
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
    if (!choice(s, group, "monitor", mons, 0, &mon) ||
        !integer(s, group, "steps", 1, G_MAXINT64, VC_DEFAULT_GUEST_STEPS, &x) ||
        !boolean(s, group, "halts", true, &c->halts) ||
        !boolean(s, group, "same-as-bare", false, &c->same_as_bare))
      return false;
    c->monitor = mon - 1, c->steps = (uint64_t)x;
    if (c->same_as_bare && c->monitor == GUEST_BARE)
      return fail(s, group, "same-as-bare", "same-as-bare compares a monitor's guest with the "
                                            "bare machine: expected a monitor");
    GError *why = NULL;
    if (c->monitor != GUEST_BARE && !monitor_applies(base, (MonitorKind)c->monitor, 1, &why)) {
      fail(s, group, "monitor", "monitor = %s: %s", monitor_kind_names[c->monitor],
           why->message);
      g_error_free(why);
      return false;
    }
    g_autofree char *prog = has(s, group, "program") ? string(s, group, "program", true) : NULL;
    if (has(s, group, "program") && !prog)
      return false;
    if (prog) {
      g_autofree char *dir = g_path_get_dirname(a->file);
      c->program = g_path_is_absolute(prog) ? g_strdup(prog) : g_build_filename(dir, prog, NULL);
    } else if (!(a->submits & SUBMITS_PROGRAM))
      return fail(s, group, NULL, "[%s] runs a program: expected the key 'program' or "
                                  "'submission' to include program", group);
    c->expect = has(s, group, "expect") ? list(s, group, "expect") : NULL;
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

static bool load_head(const Src *s, Assignment *a)
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
  if (!only_keys(s, g, keys) || !(a->title = string(s, g, "title", true)))
    return false;
  g_autofree char *base = string(s, g, "base", true);
  if (!base)
    return false;
  g_autofree char *dir = g_path_get_dirname(a->file);
  a->base = g_path_is_absolute(base) ? g_strdup(base) : g_build_filename(dir, base, NULL);
  a->params = has(s, g, "params") ? list(s, g, "params") : NULL;
  g_auto(GStrv) parts = has(s, g, "submission") ? list(s, g, "submission") : NULL;
  if (!parts || !*parts)
    return fail(s, g, "submission", "[assignment] needs 'submission': spec, program or "
                                    "classes, or a list of them (spec;program)");
  for (char **p = parts; *p; p++) {
    int i = 0;
    while (i < PARTS && strcmp(*p, part_names[i]))
      i++;
    if (i == PARTS)
      return fail(s, g, "submission", "submission: '%s': expected spec, program or classes",
                  *p);
    a->submits |= 1u << i;
  }
  for (int i = 0; i < PARTS; i++) {
    g_autofree char *key = g_strdup_printf("%s-file", part_names[i]);
    if (has(s, g, key) && !(a->part_file[i] = string(s, g, key, true)))
      return false;
  }
  int64_t x;
  g_autofree char *t = has(s, g, "time-limit") ? string(s, g, "time-limit", true) : NULL;
  a->time_limit = 60;
  if (t) {
    char *end;
    a->time_limit = g_ascii_strtod(t, &end);
    if (end == t || *end || !(a->time_limit > 0 && a->time_limit <= 86400))
      return fail(s, g, "time-limit", "time-limit = %s: expected seconds, more than 0 and at "
                                      "most 86400", t);
  }
  g_autofree char *m = has(s, g, "memory-limit") ? string(s, g, "memory-limit", true) : NULL;
  a->memory_limit = 2ull << 30;
  if (m) {
    char *end;
    guint64 n = g_ascii_strtoull(m, &end, 10);
    unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
      end++;
    if (end == m || *end || n == 0 || n > (UINT64_MAX >> 31 >> shift) || (n << shift) < (16u << 20))
      return fail(s, g, "memory-limit", "memory-limit = %s: expected bytes (K, M or G "
                                        "suffixes), at least 16M", m);
    a->memory_limit = n << shift;
  }
  if (!integer(s, g, "smt-timeout", 0, G_MAXINT, VC_DEFAULT_TIMEOUT_MS, &x))
    return false;
  a->timeout_ms = (unsigned)x;
  return true;
}

/* Every [check NAME] group, in the file's order. */
static bool load_checks(const Src *s, Assignment *a, const Isa *base)
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
      return fail(s, *g, NULL, "[%s]: expected [assignment] or [check NAME] (NAME of letters, "
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
  Src s = {path, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
           g_key_file_new(), err};
  Isa *base = NULL;
  bool ok = false;
  GError *kerr = NULL;
  if (strlen(text) != len) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: a NUL byte; expected a text file", path);
    goto out;
  }
  if (!scan(&s, text))
    goto out;
  if (!g_key_file_load_from_data(s.kf, text, len, G_KEY_FILE_NONE, &kerr)) {
    vc_error_at(err, path, (VcLoc){1, 1}, "%s", kerr->message);
    g_error_free(kerr);
    goto out;
  }
  if (!load_head(&s, a))
    goto out;
  GError *berr = NULL;
  if (!(base = isa_load(a->base, (const char *const *)a->params, &berr))) {
    fail(&s, "assignment", "base", "base = %s: %s", a->base, berr->message);
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
  g_hash_table_destroy(s.at);
  g_key_file_free(s.kf);
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
