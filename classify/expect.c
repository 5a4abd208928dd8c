#include "expect.h"

#include <string.h>

const char *const expect_set_keys[EXPECT_SETS] = {"privileged", "sensitive", "user_sensitive",
                                                  "critical"};
const ClassId expect_set_ids[EXPECT_SETS] = {C_PRIVILEGED, C_SENSITIVE, C_USER, C_CRITICAL};

bool expect_lists(char *const *names, const char *name)
{
  for (char *const *n = names; n && *n; n++)
    if (!strcmp(*n, name))
      return true;
  return false;
}

/* The words of `rest` (a part of the line `text`, split on blanks); each
 * must name an instruction of isa (when given), once. */
static char **names_at(const char *file, int line, const char *text, const char *rest,
                       const Isa *isa, GError **err)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  for (const char *w = rest; *w;) {
    size_t n = strcspn(w, " \t");
    g_autofree char *name = g_strndup(w, n);
    VcLoc at = {line, (int)(w - text) + 1};
    if (n && isa && isa_find_insn(isa, name) < 0) {
      vc_error_at(err, file, at, "%s has no instruction '%s'; expected one of its "
                                 "instruction names", isa->name, name);
      g_ptr_array_free(out, TRUE);
      return NULL;
    }
    for (guint k = 0; n && k < out->len; k++)
      if (!strcmp(g_ptr_array_index(out, k), name)) {
        vc_error_at(err, file, at, "'%s' is listed twice", name);
        g_ptr_array_free(out, TRUE);
        return NULL;
      }
    if (n)
      g_ptr_array_add(out, g_steal_pointer(&name));
    w += n + strspn(w + n, " \t");
  }
  g_ptr_array_set_free_func(out, NULL);
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

static bool verdict_at(const char *file, int line, const char *text, const char *rest, Tri *t,
                       GError **err)
{
  if (!strcmp(rest, "holds") || !strcmp(rest, "fails")) {
    *t = !strcmp(rest, "holds") ? TRI_YES : TRI_NO;
    return true;
  }
  vc_error_at(err, file, (VcLoc){line, (int)(rest - text) + 1},
              "expected 'holds' or 'fails', found '%s'", rest);
  return false;
}

Expect *expect_parse(const char *file, const char *text, const Isa *isa, GError **err)
{
  Expect *e = g_new0(Expect, 1);
  e->file = g_strdup(file);
  e->theorem[1] = e->theorem[3] = e->theorem1_ext = TRI_UNKNOWN;
  GPtrArray *variants = g_ptr_array_new();
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  int line = 0;
  for (char **l = lines; *l; l++) {
    line++;
    g_strchomp(*l); /* also a CR of CRLF */
    if (**l == '#' || !**l)
      continue;
    size_t klen = strcspn(*l, " \t");
    g_autofree char *key = g_strndup(*l, klen);
    const char *rest = *l + klen + strspn(*l + klen, " \t");
    int set = -1;
    for (int k = 0; k < EXPECT_SETS; k++)
      if (!strcmp(key, expect_set_keys[k]))
        set = k;
    bool ok = true;
    char ***names = set >= 0                           ? &e->sets[set]
                    : !strcmp(key, "extension_exits") ? &e->exits
                    : !strcmp(key, "instance")        ? &e->instance
                    : !strcmp(key, "lockstep")        ? &e->lockstep
                                                      : NULL;
    Tri *verdict = !strcmp(key, "theorem1")       ? &e->theorem[1]
                   : !strcmp(key, "theorem3")     ? &e->theorem[3]
                   : !strcmp(key, "theorem1_ext") ? &e->theorem1_ext
                                                  : NULL;
    if ((names && *names) || (verdict && *verdict != TRI_UNKNOWN)) {
      vc_error_at(err, file, (VcLoc){line, 1}, "'%s' is given twice", key);
      ok = false;
    } else if (names) {
      if (set >= 0)
        e->set_loc[set] = (VcLoc){line, 1};
      /* an instance's NAME=VALUE words are checked when the spec loads */
      bool insns = set >= 0 || names == &e->exits;
      ok = (*names = names_at(file, line, *l, rest, insns ? isa : NULL, err)) != NULL;
    } else if (verdict) {
      ok = verdict_at(file, line, *l, rest, verdict, err);
    } else if (!strcmp(key, "variant")) {
      g_ptr_array_add(variants, g_strdup(rest));
    } else {
      vc_error_at(err, file, (VcLoc){line, 1},
                  "expected privileged, sensitive, user_sensitive, critical, theorem1, "
                  "theorem3, instance, lockstep, variant, extension_exits or theorem1_ext, "
                  "found '%s'", key);
      ok = false;
    }
    if (!ok) {
      g_ptr_array_add(variants, NULL);
      e->variants = (char **)g_ptr_array_free(variants, FALSE);
      expect_free(e);
      return NULL;
    }
  }
  g_ptr_array_add(variants, NULL);
  e->variants = (char **)g_ptr_array_free(variants, FALSE);
  return e;
}

Expect *expect_load(const char *path, const Isa *isa, GError **err)
{
  size_t len;
  g_autofree char *text = vc_read_source(path, &len, err);
  if (!text)
    return NULL;
  if (strlen(text) != len) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: a NUL byte; expected a text file", path);
    return NULL;
  }
  return expect_parse(path, text, isa, err);
}

void expect_free(Expect *e)
{
  if (!e)
    return;
  g_free(e->file);
  g_strfreev(e->instance);
  g_strfreev(e->lockstep);
  for (int k = 0; k < EXPECT_SETS; k++)
    g_strfreev(e->sets[k]);
  g_strfreev(e->variants);
  g_strfreev(e->exits);
  g_free(e);
}
