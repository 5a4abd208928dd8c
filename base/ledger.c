#include "ledger.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"

#define LEDGER_SCHEMA "virtcheck-shard/1"
#define LEDGER_VERSION "0.1"
#define LEDGER_MAX_SHARDS 1024

static const char *const piece_keys[PIECE_KINDS] = {"asks", "walks"};

static struct {
  LedgerMode mode;
  unsigned index, count, held;
  uint64_t next[PIECE_KINDS];
  uint64_t rows; /* rows of asks begun */
  char *command;
  char **args;
  JsonNode *inputs;              /* shard: [{path, sha256}] */
  GPtrArray *recorded[PIECE_KINDS]; /* shard: {seq, result} objects, in order */
  GHashTable *taken[PIECE_KINDS];   /* merge: seq -> GPtrArray of results */
  GPtrArray *parts;                 /* merge: the parsed parts (own the nodes) */
} L;

LedgerMode ledger_mode(void) { return L.mode; }
unsigned ledger_shard_index(void) { return L.index; }
unsigned ledger_shard_count(void) { return L.count; }
void ledger_hold(void) { L.held++; }
void ledger_release(void) { L.held--; }

Piece ledger_piece(PieceKind kind)
{
  if (L.mode == LEDGER_OFF || L.held)
    return (Piece){PIECE_COMPUTE, false, 0};
  uint64_t seq = L.next[kind]++;
  if (L.mode == LEDGER_MERGE)
    return (Piece){PIECE_TAKE, false, seq};
  /* a walk is every shard's: it splits inside (walk_shard.h) */
  bool mine = kind == PIECE_WALK || (L.rows - 1) % L.count == L.index;
  return (Piece){mine ? PIECE_COMPUTE : PIECE_SKIP, mine, seq};
}

void ledger_new_row(void)
{
  if (!L.held)
    L.rows++;
}

static JsonNode *member(JsonObject *o, const char *key, GType type)
{
  JsonNode *n = o && key ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == type ? n : NULL;
}

const char *ledger_get_str(JsonObject *o, const char *key)
{
  JsonNode *n = member(o, key, G_TYPE_STRING);
  return n ? json_node_get_string(n) : NULL;
}

gint64 ledger_get_int(JsonObject *o, const char *key, gint64 dflt)
{
  JsonNode *n = member(o, key, G_TYPE_INT64);
  return n ? json_node_get_int(n) : dflt;
}

bool ledger_get_bool(JsonObject *o, const char *key)
{
  JsonNode *n = member(o, key, G_TYPE_BOOLEAN);
  return n && json_node_get_boolean(n);
}

JsonArray *ledger_get_array(JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *ledger_get_object(JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

const char *ledger_elem_str(JsonArray *a, guint i)
{
  JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : NULL;
}

JsonObject *ledger_elem_object(JsonArray *a, guint i)
{
  JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static void add_u64_value(JsonBuilder *b, uint64_t v)
{
  char text[24];
  g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT, v);
  json_builder_add_string_value(b, text);
}

/* text as a uint64; false (*v 0) unless it is one */
static bool parse_u64(const char *text, uint64_t *v)
{
  guint64 x = 0;
  bool ok = text && g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &x, NULL);
  *v = ok ? x : 0;
  return ok;
}

void ledger_add_u64(JsonBuilder *b, const char *key, uint64_t v)
{
  json_builder_set_member_name(b, key);
  add_u64_value(b, v);
}

uint64_t ledger_get_u64(JsonObject *o, const char *key, bool *ok)
{
  uint64_t v;
  if (!parse_u64(ledger_get_str(o, key), &v))
    *ok = false;
  return v;
}

void ledger_add_u64_array(JsonBuilder *b, const char *key, const uint64_t *v, unsigned n)
{
  json_builder_set_member_name(b, key);
  json_builder_begin_array(b);
  for (unsigned i = 0; i < n; i++)
    add_u64_value(b, v[i]);
  json_builder_end_array(b);
}

bool ledger_get_u64_array(JsonObject *o, const char *key, uint64_t *v, unsigned n)
{
  JsonArray *a = ledger_get_array(o, key);
  bool ok = a && json_array_get_length(a) == n;
  for (unsigned i = 0; ok && i < n; i++)
    ok = parse_u64(ledger_elem_str(a, i), &v[i]);
  return ok;
}

void ledger_record(PieceKind kind, uint64_t seq, JsonNode *result)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  ledger_add_u64(b, "seq", seq);
  json_builder_set_member_name(b, "result");
  json_builder_add_value(b, result);
  json_builder_end_object(b);
  g_ptr_array_add(L.recorded[kind], json_builder_get_root(b));
  g_object_unref(b);
}

JsonNode *const *ledger_results(PieceKind kind, uint64_t seq, unsigned *n)
{
  GPtrArray *a = L.taken[kind] ? g_hash_table_lookup(L.taken[kind], &seq) : NULL;
  *n = a ? a->len : 0;
  return a ? (JsonNode *const *)a->pdata : NULL;
}

bool ledger_parse_shard(const char *text, unsigned *index, unsigned *count, GError **err)
{
  guint64 i, n;
  g_auto(GStrv) f = g_strsplit(text, "/", 3);
  if (g_strv_length(f) != 2 ||
      !g_ascii_string_to_unsigned(f[1], 10, 1, LEDGER_MAX_SHARDS, &n, NULL) ||
      !g_ascii_string_to_unsigned(f[0], 10, 0, n - 1, &i, NULL)) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "--shard %s: expected I/N, this shard's index I from 0 to N-1 of N shards "
                "(1 <= N <= %d)", text, LEDGER_MAX_SHARDS);
    return false;
  }
  *index = (unsigned)i, *count = (unsigned)n;
  return true;
}

static char *file_sha256(const char *path)
{
  char *data;
  gsize len;
  if (!g_file_get_contents(path, &data, &len, NULL))
    return NULL;
  char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  g_free(data);
  return sum;
}

void ledger_start_shard(unsigned index, unsigned count, const char *command, char **args)
{
  L.command = g_strdup(command);
  L.args = g_strdupv(args);
  for (int k = 0; k < PIECE_KINDS; k++)
    L.recorded[k] = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
  L.mode = LEDGER_SHARD;
  L.index = index, L.count = count;
  JsonBuilder *b = json_builder_new();
  json_builder_begin_array(b);
  for (char **a = args; *a; a++) {
    g_autofree char *sum = g_file_test(*a, G_FILE_TEST_IS_REGULAR) ? file_sha256(*a) : NULL;
    if (!sum)
      continue;
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "path");
    json_builder_add_string_value(b, *a);
    json_builder_set_member_name(b, "sha256");
    json_builder_add_string_value(b, sum);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  L.inputs = json_builder_get_root(b);
  g_object_unref(b);
}

char *ledger_partial(void)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "schema");
  json_builder_add_string_value(b, LEDGER_SCHEMA);
  json_builder_set_member_name(b, "version");
  json_builder_add_string_value(b, LEDGER_VERSION);
  json_builder_set_member_name(b, "command");
  json_builder_add_string_value(b, L.command);
  json_builder_set_member_name(b, "args");
  json_builder_begin_array(b);
  for (char **a = L.args; *a; a++)
    json_builder_add_string_value(b, *a);
  json_builder_end_array(b);
  json_builder_set_member_name(b, "shard");
  json_builder_add_int_value(b, L.index);
  json_builder_set_member_name(b, "shards");
  json_builder_add_int_value(b, L.count);
  json_builder_set_member_name(b, "inputs");
  json_builder_add_value(b, json_node_copy(L.inputs));
  for (int k = 0; k < PIECE_KINDS; k++) {
    json_builder_set_member_name(b, piece_keys[k]);
    json_builder_begin_array(b);
    for (guint i = 0; i < L.recorded[k]->len; i++)
      json_builder_add_value(b, json_node_copy(L.recorded[k]->pdata[i]));
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
  JsonGenerator *g = json_generator_new();
  JsonNode *root = json_builder_get_root(b);
  json_generator_set_root(g, root);
  char *text = json_generator_to_data(g, NULL);
  json_node_unref(root);
  g_object_unref(g);
  g_object_unref(b);
  char *line = g_strconcat(text, "\n", NULL);
  g_free(text);
  return line;
}

void ledger_reset(void)
{
  g_free(L.command);
  g_strfreev(L.args);
  if (L.inputs)
    json_node_unref(L.inputs);
  for (int k = 0; k < PIECE_KINDS; k++) {
    if (L.recorded[k])
      g_ptr_array_unref(L.recorded[k]);
    if (L.taken[k])
      g_hash_table_unref(L.taken[k]);
  }
  if (L.parts)
    g_ptr_array_unref(L.parts);
  memset(&L, 0, sizeof L);
}

/* ---- merge ---- */

static bool same_node(JsonNode *a, JsonNode *b)
{
  return a && b && json_node_equal(a, b);
}

static bool bad(GError **err, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool bad(GError **err, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: error: %s", path, msg);
  return false;
}

/* A part's members that must agree across the parts. */
static const char *const agreed[] = {"version", "command", "args", "shards", "inputs"};

static bool check_part(JsonObject *o, JsonObject *first, const char *path, GError **err)
{
  if (g_strcmp0(ledger_get_str(o, "schema"), LEDGER_SCHEMA))
    return bad(err, path, "not a shard's partial result (expected \"schema\": \"%s\", as "
                          "written by --shard I/N)", LEDGER_SCHEMA);
  static const char *const need[] = {"version", "command", "args", "shard", "shards", "inputs",
                                     "asks", "walks"};
  for (size_t k = 0; k < G_N_ELEMENTS(need); k++)
    if (!json_object_has_member(o, need[k]))
      return bad(err, path, "a partial result without \"%s\"", need[k]);
  if (!ledger_get_array(o, "args") || !ledger_get_array(o, "inputs"))
    return bad(err, path, "\"%s\" is not an array", "args or inputs");
  if (g_strcmp0(ledger_get_str(o, "version"), LEDGER_VERSION))
    return bad(err, path, "written by another virtcheck version (this one merges %s)",
               LEDGER_VERSION);
  if (first)
    for (size_t k = 0; k < G_N_ELEMENTS(agreed); k++)
      if (!same_node(json_object_get_member(o, agreed[k]),
                     json_object_get_member(first, agreed[k])))
        return bad(err, path, "a part of another run (its \"%s\" differs from the first part's)",
                   agreed[k]);
  return true;
}

/* Files the shards read must be unchanged: else the replay would not be
 * the run the parts came from. */
static bool check_inputs(JsonArray *inputs, const char *part, GError **err)
{
  for (guint i = 0; i < json_array_get_length(inputs); i++) {
    JsonObject *in = ledger_elem_object(inputs, i);
    const char *path = in ? ledger_get_str(in, "path") : NULL;
    const char *sum = in ? ledger_get_str(in, "sha256") : NULL;
    if (!path || !sum)
      return bad(err, part, "an input without %s", "path and sha256");
    /* only a regular file: a part naming /dev/zero must not hang the merge */
    g_autofree char *now = g_file_test(path, G_FILE_TEST_IS_REGULAR) ? file_sha256(path) : NULL;
    if (!now || strcmp(now, sum)) {
      return bad(err, path, "%s since %s was written (merge replays the command on the files "
                            "the shards read, from the directory they ran in)",
                 now ? "changed" : "missing", part);
    }
  }
  return true;
}

static bool take_pieces(JsonObject *o, const char *path, GError **err)
{
  for (int k = 0; k < PIECE_KINDS; k++) {
    JsonArray *a = ledger_get_array(o, piece_keys[k]);
    if (!a)
      return bad(err, path, "\"%s\" is not an array", piece_keys[k]);
    for (guint i = 0; i < json_array_get_length(a); i++) {
      JsonObject *p = ledger_elem_object(a, i);
      bool ok = p != NULL;
      uint64_t seq = ledger_get_u64(p, "seq", &ok);
      JsonNode *result = ok ? json_object_get_member(p, "result") : NULL;
      if (!result)
        return bad(err, path, "a malformed or misplaced piece in \"%s\"", piece_keys[k]);
      GPtrArray *list = g_hash_table_lookup(L.taken[k], &seq);
      if (!list) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = seq;
        list = g_ptr_array_new();
        g_hash_table_insert(L.taken[k], key, list);
      }
      g_ptr_array_add(list, result); /* owned by the part's tree */
    }
  }
  return true;
}

bool ledger_start_merge(char *const *paths, unsigned n, char **command, char ***args,
                        GError **err)
{
  L.parts = g_ptr_array_new_with_free_func(g_object_unref);
  JsonObject *by_shard[LEDGER_MAX_SHARDS] = {0};
  const char *path_of[LEDGER_MAX_SHARDS] = {0};
  JsonObject *first = NULL;
  for (int k = 0; k < PIECE_KINDS; k++)
    L.taken[k] = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify)g_ptr_array_unref);
  for (unsigned p = 0; p < n; p++) {
    JsonParser *parser = json_parser_new();
    g_ptr_array_add(L.parts, parser);
    GError *perr = NULL;
    if (!json_parser_load_from_file(parser, paths[p], &perr)) {
      g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s: error: %s", paths[p], perr->message);
      g_error_free(perr);
      return false;
    }
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    if (!o)
      return bad(err, paths[p], "not a shard's partial result (expected a JSON object with "
                                "\"schema\": \"%s\")", LEDGER_SCHEMA);
    if (!check_part(o, first, paths[p], err))
      return false;
    gint64 count = ledger_get_int(o, "shards", 0);
    gint64 index = ledger_get_int(o, "shard", -1);
    if (count < 1 || count > LEDGER_MAX_SHARDS || index < 0 || index >= count)
      return bad(err, paths[p], "\"shard\" and \"shards\" are not I and N with %s",
                 "0 <= I < N <= 1024");
    if (by_shard[index]) {
      return bad(err, paths[p], "shard %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                                " again (%s is the same shard)", index, count, path_of[index]);
    }
    by_shard[index] = o, path_of[index] = paths[p];
    if (!first) {
      first = o;
      L.count = (unsigned)count;
    }
  }
  if (!first) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "merge: no parts given");
    return false;
  }
  for (unsigned i = 0; i < L.count; i++)
    if (!by_shard[i]) {
      g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                  "merge: shard %u/%u is missing (%u part%s given; every shard 0..%u is needed)",
                  i, L.count, n, n == 1 ? "" : "s", L.count - 1);
      return false;
    }
  /* walks are taken in shard order (lockstep.c reads them so) */
  for (unsigned i = 0; i < L.count; i++)
    if (!take_pieces(by_shard[i], path_of[i], err))
      return false;
  if (!check_inputs(ledger_get_array(first, "inputs"), path_of[0], err))
    return false;
  JsonArray *a = ledger_get_array(first, "args");
  GPtrArray *argv = g_ptr_array_new();
  for (guint i = 0; i < json_array_get_length(a); i++) {
    const char *s = ledger_elem_str(a, i);
    if (!s) {
      g_ptr_array_free(argv, TRUE);
      return bad(err, path_of[0], "\"args\" holds a %s", "non-string");
    }
    g_ptr_array_add(argv, g_strdup(s));
  }
  g_ptr_array_add(argv, NULL);
  *args = (char **)g_ptr_array_free(argv, FALSE);
  const char *cmd = ledger_get_str(first, "command");
  *command = g_strdup(cmd ? cmd : "");
  L.mode = LEDGER_MERGE;
  return true;
}
