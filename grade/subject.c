#include "subject.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "vmm.h"

void run_result(CheckRun *x, GradeStatus st, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  x->r.status = st;
  x->r.summary = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  x->r.score = st == GRADE_PASS ? x->c->points : 0;
}

void run_error(CheckRun *x, GError *err)
{
  int code = vc_exit_code(err);
  run_result(x, code == VC_EXIT_INPUT ? GRADE_INVALID : code == VC_EXIT_LIMIT ? GRADE_LIMIT
                                                                             : GRADE_CRASH,
             "%s", err->message);
  g_error_free(err);
}

/* The submission's file for a part: the submission itself when it is a
 * file, else the named or only *.SUFFIX file in its directory. */
char *run_part(CheckRun *x, int part)
{
  struct stat st;
  if (stat(x->sub, &st) != 0) {
    run_result(x, GRADE_INVALID, "%s: %s", x->sub, g_strerror(errno));
    return NULL;
  }
  if (!S_ISDIR(st.st_mode)) {
    bool single = x->a->submits == 1u << part;
    if (single || g_str_has_suffix(x->sub, part_suffixes[part]))
      return g_strdup(x->sub);
    run_result(x, GRADE_INVALID, "%s: expected a directory holding the %s (a *%s file)", x->sub,
               part_names[part], part_suffixes[part]);
    return NULL;
  }
  if (x->a->part_file[part])
    return g_build_filename(x->sub, x->a->part_file[part], NULL);
  GDir *d = g_dir_open(x->sub, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (g_str_has_suffix(n, part_suffixes[part]))
      g_ptr_array_add(found, g_strdup(n));
  if (d)
    g_dir_close(d);
  g_ptr_array_sort(found, (GCompareFunc)g_strcmp0);
  char *path = NULL;
  if (found->len == 1)
    path = g_build_filename(x->sub, g_ptr_array_index(found, 0), NULL);
  else
    run_result(x, GRADE_INVALID, "%s: expected one *%s file (the %s), found %u", x->sub,
               part_suffixes[part], part_names[part], found->len);
  g_ptr_array_free(found, TRUE);
  return path;
}

Isa *run_base_spec(CheckRun *x)
{
  GError *err = NULL;
  Isa *isa = isa_load(x->a->base, (const char *const *)x->a->params, &err);
  if (!isa)
    run_error(x, err);
  return isa;
}

/* The spec the checks run on: the submitted one, else the base. */
Isa *run_spec(CheckRun *x, char **more)
{
  if (!(x->a->submits & SUBMITS_SPEC) && !more)
    return run_base_spec(x);
  g_autofree char *path = x->a->submits & SUBMITS_SPEC ? run_part(x, PART_SPEC)
                                                       : g_strdup(x->a->base);
  if (!path)
    return NULL;
  GPtrArray *p = g_ptr_array_new();
  for (char **q = x->a->params; q && *q; q++)
    g_ptr_array_add(p, *q);
  for (char **q = more; q && *q; q++)
    g_ptr_array_add(p, *q);
  g_ptr_array_add(p, NULL);
  GError *err = NULL;
  Isa *isa = isa_load(path, (const char *const *)p->pdata, &err);
  g_ptr_array_free(p, TRUE);
  if (!isa)
    run_error(x, err);
  return isa;
}

Classification *run_classify(CheckRun *x, const Isa *isa)
{
  ClassifyOptions o = {.engine = ENGINE_SMT, .timeout_ms = x->a->timeout_ms};
  GError *err = NULL;
  Classification *cl = classify_isa(isa, &o, &err);
  if (!cl)
    run_error(x, err);
  return cl;
}

Equivalence *run_equivalence(CheckRun *x, const Isa *isa, MonitorKind kind, EngineKind engine,
                                    unsigned stack, unsigned depth)
{
  EquivOptions o = {.engine = engine, .monitor = kind, .stack = stack,
                    .base = monitor_reserved(isa), .timeout_ms = x->a->timeout_ms,
                    .max_states = VC_DEFAULT_MAX_STATES};
  o.walk.depth = depth;
  o.walk.threads = 1;
  o.walk.operand_values = 4;
  o.walk.max_memory = x->a->memory_limit / 2;
  GError *err = NULL;
  Equivalence *e = equiv_check(isa, &o, &err);
  if (!e)
    run_error(x, err);
  return e;
}

