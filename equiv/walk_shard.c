#include "walk_shard.h"

#include <string.h>

#include "ledger.h"
#include "stateset.h"

struct WalkLog {
  size_t id_bytes;
  GByteArray *ids; /* fingerprint mode */
  GArray *level_first; /* uint64: the first state index of each level */
  GArray *figures;     /* StateFigures per state index */
};

WalkLog *walk_log_new(size_t id_bytes)
{
  WalkLog *g = g_new0(WalkLog, 1);
  g->id_bytes = id_bytes;
  g->ids = g_byte_array_new();
  g->level_first = g_array_new(FALSE, FALSE, sizeof(uint64_t));
  g->figures = g_array_new(FALSE, TRUE, sizeof(StateFigures));
  return g;
}

void walk_log_free(WalkLog *g)
{
  if (!g)
    return;
  g_byte_array_unref(g->ids);
  g_array_unref(g->level_first);
  g_array_unref(g->figures);
  g_free(g);
}

/* Depth d's states begin at state index `first` (called for d = 0, 1, ...). */
void walk_log_level(WalkLog *g, uint64_t first)
{
  g_array_append_val(g->level_first, first);
}

StateFigures *walk_log_figures(WalkLog *g, uint64_t count)
{
  if (g->figures->len < count)
    g_array_set_size(g->figures, (guint)count);
  return (StateFigures *)(void *)g->figures->data;
}

void walk_log_add_id(WalkLog *g, const uint8_t *id)
{
  g_byte_array_append(g->ids, id, (guint)g->id_bytes);
}

/* A logged state: its id, then these bytes (the counts 32-bit, little-endian). */
enum { AT_DEPTH, AT_EXPANDED, AT_TRANSITIONS, AT_DIRECT = 6, AT_INSTRUCTIONS = 10, ENTRY_TAIL = 14 };

static void put32(uint8_t *p, uint32_t v)
{
  v = GUINT32_TO_LE(v);
  memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
  uint32_t v;
  memcpy(&v, p, 4);
  return GUINT32_FROM_LE(v);
}

static JsonNode *cex_json(const Isa *isa, const Counterexample *c)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "steps");
  json_builder_add_int_value(b, c->steps);
  ledger_add_u64_array(b, "var", c->var, isa->nvars);
  json_builder_set_member_name(b, "placed");
  json_builder_begin_array(b);
  for (uint64_t a = 0; a < isa->mem; a++)
    if (c->placed[a / 64] >> (a % 64) & 1) {
      json_builder_begin_object(b);
      ledger_add_u64(b, "addr", a);
      ledger_add_u64(b, "word", c->storage[a]);
      json_builder_end_object(b);
    }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "diverges");
  json_builder_begin_array(b);
  for (char **d = c->diverges; d && *d; d++)
    json_builder_add_string_value(b, *d);
  json_builder_end_array(b);
  json_builder_end_object(b);
  JsonNode *n = json_builder_get_root(b);
  g_object_unref(b);
  return n;
}

void walk_log_add_counterexample(JsonNode *record, const Lockstep *l)
{
  json_object_set_member(json_node_get_object(record), "counterexample", cex_json(l->isa, &l->cex));
}

JsonNode *walk_log_record(WalkLog *g, const Lockstep *l, uint64_t nstates,
                          const uint8_t *(*key)(void *ctx, uint64_t i), void *ctx)
{
  size_t entry = g->id_bytes + ENTRY_TAIL;
  uint8_t *blob = g_malloc(MAX(nstates * entry, 1));
  walk_log_figures(g, nstates);
  const uint64_t *first = (const uint64_t *)(void *)g->level_first->data;
  unsigned depth = 0;
  for (uint64_t i = 0; i < nstates; i++) {
    while (depth + 1 < g->level_first->len && first[depth + 1] <= i)
      depth++;
    uint8_t *e = blob + i * entry;
    memcpy(e, key ? key(ctx, i) : g->ids->data + i * g->id_bytes, g->id_bytes);
    const StateFigures *f = &g_array_index(g->figures, StateFigures, i);
    uint8_t *tail = e + g->id_bytes;
    tail[AT_DEPTH] = (uint8_t)depth;
    tail[AT_EXPANDED] = f->expanded;
    put32(tail + AT_TRANSITIONS, f->transitions);
    put32(tail + AT_DIRECT, f->direct);
    put32(tail + AT_INSTRUCTIONS, f->instructions);
  }
  g_autofree char *text = g_base64_encode(blob, nstates * entry);
  g_free(blob);
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "verdict");
  json_builder_add_int_value(b, l->verdict);
  json_builder_set_member_name(b, "depth");
  json_builder_add_int_value(b, l->depth);
  if (l->why) {
    json_builder_set_member_name(b, "why");
    json_builder_add_string_value(b, l->why);
  }
  json_builder_set_member_name(b, "id_bytes");
  json_builder_add_int_value(b, (gint64)g->id_bytes);
  json_builder_set_member_name(b, "states");
  json_builder_add_string_value(b, text);
  json_builder_end_object(b);
  JsonNode *n = json_builder_get_root(b);
  g_object_unref(b);
  return n;
}

/* ---- merge ---- */

typedef struct {
  EquivVerdict verdict;
  unsigned depth;
  const char *why;
  JsonObject *cex;
  guchar *blob;
  gsize len;
} ShardWalk;

static bool read_walk(JsonNode *node, size_t id_bytes, ShardWalk *w)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
  if (!o)
    return false;
  gint64 verdict = ledger_get_int(o, "verdict", -1);
  gint64 depth = ledger_get_int(o, "depth", -1);
  const char *states = ledger_get_str(o, "states");
  if (verdict < EQ_EQUIVALENT || verdict > EQ_INCOMPLETE || depth < 0 ||
      depth > VC_MAX_PROGRAM_DEPTH || !states ||
      ledger_get_int(o, "id_bytes", -1) != (gint64)id_bytes)
    return false;
  w->verdict = (EquivVerdict)verdict;
  w->depth = (unsigned)depth;
  w->why = ledger_get_str(o, "why");
  JsonNode *c = json_object_get_member(o, "counterexample");
  w->cex = c && JSON_NODE_HOLDS_OBJECT(c) ? json_node_get_object(c) : NULL;
  if ((w->verdict == EQ_COUNTEREXAMPLE) != (w->cex != NULL) ||
      (w->verdict == EQ_INCOMPLETE && !w->why))
    return false;
  w->blob = g_base64_decode(states, &w->len);
  return w->len % (id_bytes + ENTRY_TAIL) == 0;
}

static bool read_cex(const Space *sp, JsonObject *o, Counterexample *c)
{
  const Isa *isa = sp->isa;
  JsonArray *placed = ledger_get_array(o, "placed"), *div = ledger_get_array(o, "diverges");
  gint64 steps = ledger_get_int(o, "steps", 0);
  bool ok = placed && div && steps >= 1 && steps <= VC_MAX_PROGRAM_DEPTH &&
            ledger_get_u64_array(o, "var", c->var, isa->nvars);
  c->steps = (unsigned)steps;
  for (unsigned v = 0; ok && v < isa->nvars; v++)
    ok = isa_var_holds(isa, v, c->var[v]);
  c->storage = g_new0(uint64_t, isa->mem);
  c->placed = g_new0(uint64_t, sp->fixed_words);
  for (guint k = 0; ok && k < json_array_get_length(placed); k++) {
    JsonObject *p = ledger_elem_object(placed, k);
    uint64_t a = ledger_get_u64(p, "addr", &ok), word = ledger_get_u64(p, "word", &ok);
    ok = ok && a < isa->mem && !(word & ~ir_mask(isa->word));
    if (ok) {
      c->storage[a] = word;
      c->placed[a / 64] |= (uint64_t)1 << (a % 64);
    }
  }
  GPtrArray *names = g_ptr_array_new();
  for (guint k = 0; div && k < json_array_get_length(div); k++) {
    const char *t = ledger_elem_str(div, k);
    ok = ok && t;
    g_ptr_array_add(names, g_strdup(t ? t : ""));
  }
  g_ptr_array_add(names, NULL);
  c->diverges = (char **)g_ptr_array_free(names, FALSE);
  return ok;
}

/* The unsharded figures at depth `upto`: states of depth <= upto, and what
 * expanding those of depth < upto counted. A hash join on the state: each
 * state's first entry becomes its representative, taking the least depth
 * and the counts of an entry that was expanded. */
static bool join(Lockstep *l, ShardWalk *w, unsigned n, size_t id_bytes, unsigned upto)
{
  size_t entry = id_bytes + ENTRY_TAIL, total = 0;
  for (unsigned p = 0; p < n; p++)
    total += w[p].len / entry;
  size_t mask = 1;
  while (mask < 2 * total)
    mask <<= 1;
  uint8_t **slot = g_new0(uint8_t *, mask--);
  for (unsigned p = 0; p < n; p++)
    for (size_t off = 0; off < w[p].len; off += entry) {
      uint8_t *e = w[p].blob + off, **at;
      for (size_t h = stateset_hash(e, id_bytes);; h++)
        if (!*(at = &slot[h & mask]) || !memcmp(*at, e, id_bytes))
          break;
      if (!*at) {
        *at = e;
        continue;
      }
      uint8_t *rep = *at + id_bytes, *tail = e + id_bytes;
      rep[AT_DEPTH] = MIN(rep[AT_DEPTH], tail[AT_DEPTH]);
      if (!rep[AT_EXPANDED] && tail[AT_EXPANDED])
        memcpy(rep + AT_EXPANDED, tail + AT_EXPANDED, ENTRY_TAIL - AT_EXPANDED);
    }
  bool ok = true;
  l->states = l->transitions = l->direct = l->instructions = 0;
  for (size_t i = 0; i <= mask; i++) {
    const uint8_t *x = slot[i] ? slot[i] + id_bytes : NULL;
    if (!x || x[AT_DEPTH] > upto)
      continue;
    l->states++;
    if (x[AT_DEPTH] < upto) { /* some shard expanded it (walk_shard.h) */
      ok = ok && x[AT_EXPANDED];
      l->transitions += get32(x + AT_TRANSITIONS);
      l->direct += get32(x + AT_DIRECT);
      l->instructions += get32(x + AT_INSTRUCTIONS);
    }
  }
  g_free(slot);
  return ok;
}

bool walk_merge(Lockstep *l, const Space *sp, JsonNode *const *parts, unsigned n, GError **err)
{
  size_t id_bytes = l->opt.fingerprint ? sizeof(uint64_t) : sp->key_bytes;
  ShardWalk *w = g_new0(ShardWalk, n);
  bool ok = n == ledger_shard_count();
  for (unsigned p = 0; ok && p < n; p++)
    ok = read_walk(parts[p], id_bytes, &w[p]);
  /* the least depth a shard found a divergence at, and the least depth a
   * shard covered before a limit stopped it */
  int cex = -1, stopped = -1;
  for (unsigned p = 0; ok && p < n; p++) {
    if (w[p].verdict == EQ_COUNTEREXAMPLE && (cex < 0 || w[p].depth < w[cex].depth))
      cex = (int)p;
    if (w[p].verdict == EQ_INCOMPLETE && (stopped < 0 || w[p].depth < w[stopped].depth))
      stopped = (int)p;
    if (w[p].verdict == EQ_EQUIVALENT && w[p].depth != l->opt.depth)
      ok = false;
  }
  if (ok) {
    /* a divergence at depth d is the shortest once every shard has
     * explored below d */
    if (cex >= 0 && (stopped < 0 || w[stopped].depth >= w[cex].depth)) {
      l->verdict = EQ_COUNTEREXAMPLE;
      l->depth = w[cex].depth;
      ok = read_cex(sp, w[cex].cex, &l->cex);
    } else if (stopped >= 0) {
      l->verdict = EQ_INCOMPLETE;
      l->depth = w[stopped].depth;
      l->why = g_strdup_printf("shard %d/%u %s", stopped, n, w[stopped].why);
    } else {
      l->verdict = EQ_EQUIVALENT;
      l->depth = l->opt.depth;
    }
    ok = ok && join(l, w, n, id_bytes, l->depth);
  }
  for (unsigned p = 0; p < n; p++)
    g_free(w[p].blob);
  g_free(w);
  if (!ok)
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "merge: the parts' lockstep walks do not fit this run: they come from another "
                "virtcheck or another command line");
  return ok;
}
