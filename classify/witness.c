/* Concrete replay of witnesses, on the same evaluator the machine runs. */
#include "engine.h"

void query_result_clear(QueryResult *r)
{
  g_free(r->w.words);
  g_free(r->why);
  *r = (QueryResult){0};
}

uint64_t witness_storage_size(const Isa *isa)
{
  uint64_t span = isa->addr_width >= 63 ? UINT64_MAX : (uint64_t)1 << isa->addr_width;
  return MIN(span, isa->mem);
}

/* Whether a side's stores wrote index a (query_side_offset), and the word
 * the last one left. */
static bool stored(const Isa *isa, const Query *q, const QSide *s, uint64_t offset, uint64_t a,
                   uint64_t *value)
{
  for (unsigned i = s->out.nstores; i-- > 0;) {
    const IrStore *st = &s->out.stores[i];
    if (st->guard.c && query_index(isa, q, st->phys.c, offset) == a) {
      *value = st->value.c;
      return true;
    }
  }
  return false;
}

/* Whether index a differs between the sides afterwards; some side stored
 * there. The other side still holds the word from before. */
static bool word_differs(const Isa *isa, const Query *q, const QSide s[2], const uint64_t off[2],
                         uint64_t a, uint64_t (*peek)(void *, uint64_t),
                         uint64_t (*settle)(void *, uint64_t, uint64_t), void *ctx)
{
  uint64_t v[2];
  bool w[2] = {stored(isa, q, &s[0], off[0], a, &v[0]), stored(isa, q, &s[1], off[1], a, &v[1])};
  if (w[0] && w[1])
    return v[0] != v[1];
  int k = w[0] ? 1 : 0; /* the side that kept the old word */
  uint64_t other = v[1 - k];
  if (a >= query_zero_from(isa, q, k))
    return other != 0;
  return (settle ? settle(ctx, a, other) : peek(ctx, a)) != other;
}

bool concrete_storage_differs(const Isa *isa, const Query *q, const QSide s[2],
                              uint64_t (*peek)(void *ctx, uint64_t index),
                              uint64_t (*settle)(void *ctx, uint64_t index, uint64_t avoid),
                              void *ctx)
{
  uint64_t off[2] = {query_side_offset(q, 0, s).c, query_side_offset(q, 1, s).c};
  for (int k = 0; k < 2; k++) {
    for (unsigned i = 0; i < s[k].out.nstores; i++) {
      const IrStore *st = &s[k].out.stores[i];
      if (!st->guard.c)
        continue;
      uint64_t a = query_index(isa, q, st->phys.c, off[k]);
      if (q->kind == Q_SIMULATION) { /* the guest's whole storage */
        if (a >= isa->mem)
          continue;
      } else { /* through R: virtual addresses legal in both */
        IrEnv e1 = {.isa = isa, .origin = &s[0].origin}, e2 = {.isa = isa, .origin = &s[1].origin};
        IrVal phys, va = ir_const(a);
        if (!ir_legal(&e1, s[0].pre[VAR_RELOC], s[0].pre[VAR_BOUND], va, 0, &phys).c ||
            !ir_legal(&e2, s[1].pre[VAR_RELOC], s[1].pre[VAR_BOUND], va, 0, &phys).c)
          continue;
      }
      if (word_differs(isa, q, s, off, a, peek, settle, ctx))
        return true;
    }
  }
  return false;
}

typedef struct {
  uint64_t (*peek)(void *ctx, uint64_t vaddr);
  void *ctx;
  uint64_t offset; /* query_side_offset */
  const Isa *isa;
  const Query *q;
  int side;
} Replay;

uint64_t witness_peek(void *ctx, uint64_t va)
{
  const Witness *w = ctx;
  unsigned lo = 0, hi = w->nwords;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    if (w->words[mid].addr < va)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < w->nwords && w->words[lo].addr == va ? w->words[lo].value : 0;
}

static gint by_addr(gconstpointer a, gconstpointer b)
{
  uint64_t x = ((const WitnessWord *)a)->addr, y = ((const WitnessWord *)b)->addr;
  return x < y ? -1 : x > y;
}

void witness_set_words(Witness *w, GHashTable *words)
{
  GArray *a = g_array_new(FALSE, FALSE, sizeof(WitnessWord));
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, words);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    WitnessWord x = {*(const uint64_t *)k, *(const uint64_t *)v};
    g_array_append_val(a, x);
  }
  g_array_sort(a, by_addr);
  g_free(w->words);
  w->nwords = a->len;
  w->words = (WitnessWord *)(void *)g_array_free(a, a->len == 0);
}

static IrVal read_witness(void *ctx, IrVal phys, uint64_t demand)
{
  (void)demand;
  const Replay *r = ctx;
  uint64_t index = query_index(r->isa, r->q, phys.c, r->offset);
  return ir_const(index >= query_zero_from(r->isa, r->q, r->side) ? 0 : r->peek(r->ctx, index));
}

typedef struct {
  Replay rp[2];
  IrEnv env[2];
} Run;

static void run_sides(Run *r, const Isa *isa, const IrInsn *in, const Query *q,
                      const Witness *w, QSide s[2], uint64_t (*peek)(void *, uint64_t),
                      void *ctx)
{
  for (int k = 0; k < 2; k++) {
    const uint64_t *pre = k ? w->pre2 : w->pre1;
    for (unsigned v = 0; v < isa->nvars; v++)
      s[k].pre[v] = ir_const(pre[v]);
  }
  s[0].origin = ir_const(w->pre1[VAR_RELOC] - w->shift);
  for (int k = 0; k < 2; k++) {
    r->rp[k] = (Replay){peek, ctx, query_side_offset(q, k, s).c, isa, q, k};
    r->env[k] = (IrEnv){.isa = isa, .read = read_witness, .read_ctx = &r->rp[k]};
    s[k].origin = query_side_origin(q, s);
    r->env[k].origin = &s[k].origin;
    s[k].out = (IrOutcome){0};
    if (k == 0 || query_is_pair(q))
      ir_exec(&r->env[k], in, ir_const(w->word), s[k].pre, &s[k].out);
  }
  query_finish(r->env, q, s);
}

void witness_run(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w, QSide s[2])
{
  Run r;
  run_sides(&r, isa, in, q, w, s, witness_peek, (void *)w);
}

void witness_probe(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w,
                   uint64_t (*peek)(void *ctx, uint64_t vaddr), void *ctx)
{
  QSide s[2];
  Run r;
  run_sides(&r, isa, in, q, w, s, peek, ctx);
  query_valid(r.env, q, s, ir_const(w->word));
  if (query_is_pair(q))
    concrete_storage_differs(isa, q, s, peek, NULL, ctx);
}

bool witness_replay(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w,
                    char **why)
{
  if ((w->word & in->mask) != in->match) {
    *why = g_strdup_printf("word 0x%" G_GINT64_MODIFIER "x does not encode %s", w->word,
                           in->name);
    return false;
  }
  QSide s[2];
  Run r;
  run_sides(&r, isa, in, q, w, s, witness_peek, (void *)w);
  IrVal valid = query_valid(r.env, q, s, ir_const(w->word));
  bool differs = query_is_pair(q) && concrete_storage_differs(isa, q, s, witness_peek, NULL, (void *)w);
  IrVal holds = query_holds(r.env, q, s, ir_const(differs));
  if (!valid.c || !holds.c) {
    *why = g_strdup_printf("the %s witness for %s does not replay: %s", query_kind_name(q->kind),
                           in->name, valid.c ? "the property does not show" :
                                               "the state is outside the query");
    return false;
  }
  return true;
}
