#include "keyfile.h"

#include <stdarg.h>
#include <string.h>

int kf_line(const KeyFile *s, const char *group, const char *key)
{
  g_autofree char *k = key ? g_strdup_printf("%s\n%s", group, key) : g_strdup(group);
  return GPOINTER_TO_INT(g_hash_table_lookup(s->at, k));
}

bool kf_fail(const KeyFile *s, const char *group, const char *key, const char *fmt, ...)
{
  int line = key ? kf_line(s, group, key) : 0;
  if (!line)
    line = kf_line(s, group, NULL);
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  vc_error_at(s->err, s->file, (VcLoc){line ? line : 1, 1}, "%s", msg);
  return false;
}

/* The first pass: each group's and key's line, and what GKeyFile would
 * accept silently or reject without a position. */
static bool kf_scan(KeyFile *s, const char *text)
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

bool kf_only(const KeyFile *s, const char *group, const char *const *allowed)
{
  g_auto(GStrv) keys = g_key_file_get_keys(s->kf, group, NULL, NULL);
  for (char **k = keys; k && *k; k++)
    if (!g_strv_contains(allowed, *k)) {
      g_autofree char *list = g_strjoinv(", ", (char **)allowed);
      return kf_fail(s, group, *k, "unknown key '%s' in [%s]; expected one of: %s", *k, group,
                  list);
    }
  return true;
}

bool kf_has(const KeyFile *s, const char *group, const char *key)
{
  return g_key_file_has_key(s->kf, group, key, NULL);
}

char *kf_string(const KeyFile *s, const char *group, const char *key, bool required)
{
  if (!kf_has(s, group, key)) {
    if (required)
      kf_fail(s, group, NULL, "[%s] needs the key '%s'", group, key);
    return NULL;
  }
  char *v = g_key_file_get_string(s->kf, group, key, NULL);
  if (!v || !*v) {
    kf_fail(s, group, key, "%s: expected a value", key);
    g_free(v);
    return NULL;
  }
  return v;
}

char **kf_list(const KeyFile *s, const char *group, const char *key)
{
  gsize n;
  char **v = g_key_file_get_string_list(s->kf, group, key, &n, NULL);
  for (gsize i = 0; v && i < n; i++)
    g_strstrip(v[i]);
  return v;
}

/* An integer within lo..hi; def when absent. */
bool kf_int(const KeyFile *s, const char *group, const char *key, int64_t lo, int64_t hi,
                    int64_t def, int64_t *out)
{
  *out = def;
  if (!kf_has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  char *end;
  gint64 x = g_ascii_strtoll(v ? v : "", &end, 10);
  if (!v || end == v || *end || x < lo || x > hi)
    return kf_fail(s, group, key, "%s = %s: expected a whole number in %" G_GINT64_FORMAT
                               "..%" G_GINT64_FORMAT, key, v ? v : "", lo, hi);
  *out = x;
  return true;
}

bool kf_bool(const KeyFile *s, const char *group, const char *key, bool def, bool *out)
{
  *out = def;
  if (!kf_has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  if (v && (!strcmp(v, "true") || !strcmp(v, "false"))) {
    *out = !strcmp(v, "true");
    return true;
  }
  return kf_fail(s, group, key, "%s = %s: expected true or false", key, v ? v : "");
}

/* One of names (a NULL-terminated list); def when absent. */
bool kf_choice(const KeyFile *s, const char *group, const char *key, const char *const *names,
                   int def, int *out)
{
  *out = def;
  if (!kf_has(s, group, key))
    return true;
  g_autofree char *v = g_key_file_get_string(s->kf, group, key, NULL);
  for (int i = 0; names[i]; i++)
    if (v && !strcmp(v, names[i])) {
      *out = i;
      return true;
    }
  g_autofree char *all = g_strjoinv(", ", (char **)names);
  return kf_fail(s, group, key, "%s = %s: expected one of: %s", key, v ? v : "", all);
}


bool kf_open(KeyFile *k, const char *file, const char *text, size_t len, GError **err)
{
  *k = (KeyFile){file, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                 g_key_file_new(), err};
  if (!kf_scan(k, text))
    return false;
  GError *kerr = NULL;
  if (!g_key_file_load_from_data(k->kf, text, len, G_KEY_FILE_NONE, &kerr)) {
    vc_error_at(err, file, (VcLoc){1, 1}, "%s", kerr->message);
    g_error_free(kerr);
    return false;
  }
  return true;
}

void kf_close(KeyFile *k)
{
  g_hash_table_destroy(k->at);
  g_key_file_free(k->kf);
}
