#include "refine.h"

#include <string.h>

#include "eval.h"

/* Terms beyond the IR's operators: the leaves of a residual outcome. */
enum { T_VAR = IR_OP_COUNT, T_WORD, T_READ, T_ORIGIN };

typedef struct {
  uint8_t op, width, aw, bw, sym[3]; /* aw, bw: the first two arguments' widths */
  uint64_t k;
  uint64_t arg[3]; /* a term's id, or a concrete value (sym 0) */
} TermKey;

typedef struct {
  GHashTable *ids; /* TermKey -> id + 1 */
  GPtrArray *keys;
  const IrField *field; /* the refined operand; NULL: none */
  uint64_t value;       /* its value in this run */
  IrVal word;
  unsigned word_width;
  IrVal origin, pre[VC_MAX_VARS];
  IrEnv env;
} Interner;

static guint key_hash(gconstpointer p)
{
  const unsigned char *b = p;
  guint h = 2166136261u;
  for (size_t i = 0; i < sizeof(TermKey); i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
  return memcmp(a, b, sizeof(TermKey)) == 0;
}

static uint64_t id_of(IrVal v)
{
  return (uint64_t)(uintptr_t)v.s - 1;
}

/* How many of a term's arguments it reads (the evaluator passes three; an
 * unused one holds whatever node 0 held). */
static int arity(unsigned op)
{
  return op < IR_OP_COUNT ? (int)ir_arity((IrOp)op) : op == T_READ;
}

static IrVal term(Interner *in, unsigned op, unsigned width, const IrVal *args,
                  const unsigned *widths, uint64_t k)
{
  TermKey key;
  memset(&key, 0, sizeof key); /* padding too: keys are compared bytewise */
  key.op = (uint8_t)op;
  key.width = (uint8_t)width;
  key.k = k;
  if (widths)
    key.aw = (uint8_t)widths[0], key.bw = (uint8_t)widths[1];
  for (int i = 0; i < arity(op); i++) {
    key.sym[i] = args[i].s != NULL;
    key.arg[i] = args[i].s ? id_of(args[i]) : args[i].c;
  }
  gpointer hit = g_hash_table_lookup(in->ids, &key);
  if (!hit) {
    TermKey *stored = g_memdup2(&key, sizeof key);
    g_ptr_array_add(in->keys, stored);
    hit = GUINT_TO_POINTER(in->keys->len);
    g_hash_table_insert(in->ids, stored, hit);
  }
  return (IrVal){0, hit};
}

/* A slice of the instruction word: the field's own bits are the value; bits
 * apart from it stay one symbol for every value; a slice straddling it is
 * kept apart per value. */
static IrVal slice_word(Interner *in, unsigned width, uint64_t k)
{
  unsigned hi = (unsigned)(k >> 8), lo = (unsigned)(k & 0xff);
  const IrField *f = in->field;
  if (f && lo >= f->lo && hi <= f->hi)
    return ir_const((in->value >> (lo - f->lo)) & ir_mask(width));
  uint64_t straddled = !f || hi < f->lo || lo > f->hi ? 0 : in->value + 1;
  IrVal args[3] = {in->word, ir_const(0), ir_const(0)};
  unsigned widths[2] = {in->word_width, 0};
  return term(in, IR_SLICE, width, args, widths, k | straddled << 16);
}

/* Whether term b is NOT a. */
static bool negates(const Interner *in, IrVal a, IrVal b)
{
  if (!a.s || !b.s)
    return false;
  const TermKey *t = g_ptr_array_index(in->keys, id_of(b));
  return t->op == IR_NOT && t->sym[0] && t->arg[0] == id_of(a);
}

static IrVal hashed_apply(void *ctx, IrOp op, unsigned width, const IrVal *args,
                          const unsigned *widths, uint64_t k)
{
  Interner *in = ctx;
  if (op == IR_SLICE && args[0].s == in->word.s)
    return slice_word(in, width, k);
  /* Comparisons with zero that hold or fail whatever the symbol: without
   * them "csr[9:8] > mode" with csr[9:8] = 0 stays a term, and every CSR
   * number it guards a group of its own (refine is exact either way). */
  bool zero0 = !args[0].s && args[0].c == 0, zero1 = !args[1].s && args[1].c == 0;
  if ((op == IR_ULT && zero1) || (op == IR_ULE && zero0))
    return ir_const(op == IR_ULE);
  if (op == IR_OR && width == 1 && (negates(in, args[0], args[1]) || negates(in, args[1], args[0])))
    return ir_const(1); /* a later trap under "not trapped yet": trapped either way */
  return term(in, op, width, args, widths, k);
}

static const IrSymOps hashed_ops = {hashed_apply};

static IrVal hashed_read(void *ctx, IrVal phys, uint64_t demand)
{
  IrVal args[3] = {phys, ir_const(0), ir_const(0)};
  return term(ctx, T_READ, 0, args, NULL, demand);
}

/* What the outcome depends on: demanded bits flow from the outcome's terms
 * to their leaves (an argument is interned before the terms using it, so
 * one sweep from the newest term down reaches every leaf). A run that traps
 * is compared by its trapping alone, so the next values are taken from a
 * second run in which traps do not end the path (IrEnv.traps_continue):
 * lw writing x1 reads no x1, though a trapping lw keeps it. */
static void footprint_of(Interner *in, const IrInsn *ins, IrVal word, const IrOutcome *out,
                         Footprint *fp)
{
  const Isa *isa = in->env.isa;
  IrEnv untrapped_env = in->env;
  untrapped_env.traps_continue = true;
  IrOutcome *untrapped = g_new(IrOutcome, 1);
  ir_exec(&untrapped_env, ins, word, in->pre, untrapped);

  /* each root tagged: next[v] with bit v, the rest with OTHER */
  enum { OTHER = 63 };
  G_STATIC_ASSERT(VC_MAX_VARS <= OTHER);
  *fp = (Footprint){0};
  IrVal roots[VC_MAX_VARS + 4 + 3 * G_N_ELEMENTS(out->stores)];
  uint64_t tags[G_N_ELEMENTS(roots)];
  unsigned n = 0;
  for (unsigned v = 0; v < isa->nvars; v++) { /* a variable kept is not read for it */
    IrVal next = untrapped->next[v];
    if ((fp->writes[v] = next.s != in->pre[v].s || next.c != in->pre[v].c))
      tags[n] = (uint64_t)1 << v, roots[n++] = next;
  }
  const IrVal rest[] = {out->trapped, out->cause, out->halted, out->addr_trapped};
  for (unsigned i = 0; i < G_N_ELEMENTS(rest); i++)
    tags[n] = (uint64_t)1 << OTHER, roots[n++] = rest[i];
  for (unsigned i = 0; i < out->nstores; i++) {
    const IrStore *st = &out->stores[i];
    const IrVal parts[] = {st->guard, st->phys, st->value};
    for (unsigned j = 0; j < G_N_ELEMENTS(parts); j++)
      tags[n] = (uint64_t)1 << OTHER, roots[n++] = parts[j];
  }
  g_free(untrapped);

  uint64_t *demand = g_new0(uint64_t, in->keys->len), *by = g_new0(uint64_t, in->keys->len);
  uint64_t mixed = 0; /* roots reaching a leaf other than their own variable */
  for (unsigned i = 0; i < n; i++)
    if (roots[i].s)
      demand[id_of(roots[i])] = ~(uint64_t)0, by[id_of(roots[i])] |= tags[i];
  for (guint id = in->keys->len; id-- > 0;) {
    const TermKey *t = g_ptr_array_index(in->keys, id);
    uint64_t d = demand[id] & ir_mask(t->width ? t->width : 64);
    if (!d)
      continue;
    if (t->op == T_VAR) {
      fp->reads[t->k] = true;
      mixed |= by[id] & ~((uint64_t)1 << t->k);
    } else if (t->op == T_WORD) {
      fp->word_bits |= d;
    } else if (t->op == T_READ || t->op == T_ORIGIN) {
      mixed |= by[id];
      fp->reads[VAR_RELOC] |= t->op == T_ORIGIN; /* where storage begins, as l counts */
    }
    for (int i = 0; i < arity(t->op); i++)
      if (t->sym[i]) {
        demand[t->arg[i]] |= t->op < IR_OP_COUNT
                                 ? ir_arg_demand(t->op, (unsigned)i, d, t->k, t->aw, t->bw)
                                 : UINT64_MAX; /* a storage read's address */
        by[t->arg[i]] |= by[id];
      }
  }
  /* v's next value is a function of v alone, and nothing else reads v */
  for (unsigned v = 0; v < isa->nvars; v++)
    fp->own_only[v] = fp->reads[v] && by[id_of(in->pre[v])] == (uint64_t)1 << v &&
                      !(mixed >> v & 1);
  g_free(demand);
  g_free(by);
}

static void put(GByteArray *sig, IrVal v)
{
  uint64_t x[2] = {v.s != NULL, v.s ? id_of(v) : v.c};
  g_byte_array_append(sig, (const guint8 *)x, sizeof x);
}

int refine_operand(const Isa *isa, unsigned insn)
{
  const IrInsn *in = &isa->insns[insn];
  for (unsigned k = 0; k < in->noperands; k++)
    if (isa->fields[in->operand[k]].refine)
      return (int)in->operand[k];
  return -1;
}

/* Every bit of the word outside `f` (all of it without), every variable,
 * storage word and the origin a symbol. */
static void interner_open(Interner *in, const Isa *isa, const IrField *f)
{
  *in = (Interner){g_hash_table_new(key_hash, key_equal), g_ptr_array_new_with_free_func(g_free),
                   f, 0, {0, NULL}, isa->word, {0, NULL}, {{0, NULL}}, {0}};
  in->word = term(in, T_WORD, isa->word, NULL, NULL, 0);
  in->origin = term(in, T_ORIGIN, isa->addr_width, NULL, NULL, 0);
  for (unsigned v = 0; v < isa->nvars; v++)
    in->pre[v] = term(in, T_VAR, isa->vars[v].width, NULL, NULL, v);
  in->env = (IrEnv){.isa = isa, .sym = &hashed_ops, .sym_ctx = in, .read = hashed_read,
                    .read_ctx = in, .origin = &in->origin};
}

static void interner_close(Interner *in)
{
  g_hash_table_destroy(in->ids);
  g_ptr_array_free(in->keys, TRUE);
}

/* The footprint of instruction `insn` on `word` (concrete) or on every word
 * it matches (in.word, symbolic). */
static void footprint_on(const Isa *isa, unsigned insn, bool concrete, uint64_t word,
                         Footprint *fp)
{
  Interner in;
  interner_open(&in, isa, NULL);
  IrVal w = concrete ? ir_const(word) : in.word;
  IrOutcome *out = g_new(IrOutcome, 1);
  ir_exec(&in.env, &isa->insns[insn], w, in.pre, out);
  footprint_of(&in, &isa->insns[insn], w, out, fp);
  g_free(out);
  interner_close(&in);
}

void insn_footprint(const Isa *isa, unsigned insn, Footprint *fp)
{
  footprint_on(isa, insn, false, 0, fp);
}

void word_footprint(const Isa *isa, unsigned insn, uint64_t word, Footprint *fp)
{
  footprint_on(isa, insn, true, word, fp);
}

bool refine_partition(const Isa *isa, unsigned insn, unsigned field, Refinement *r, char **why)
{
  const IrInsn *ins = &isa->insns[insn];
  const IrField *f = &isa->fields[field];
  Interner in;
  interner_open(&in, isa, f);

  *r = (Refinement){.field = field, .nvalues = (uint64_t)1 << (f->hi - f->lo + 1)};
  r->group = g_new(uint32_t, r->nvalues);
  r->first = g_new(uint64_t, VC_MAX_VARIANTS);
  r->footprint = g_new(Footprint, VC_MAX_VARIANTS);
  GHashTable *groups = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                             (GDestroyNotify)g_bytes_unref, NULL);
  IrOutcome *out = g_new(IrOutcome, 1);
  bool ok = true;
  for (uint64_t v = 0; ok && v < r->nvalues; v++) {
    in.value = v;
    ir_exec(&in.env, ins, in.word, in.pre, out);
    GByteArray *sig = g_byte_array_new();
    for (unsigned x = 0; x < isa->nvars; x++)
      put(sig, out->next[x]);
    put(sig, out->trapped), put(sig, out->cause), put(sig, out->halted);
    put(sig, out->addr_trapped);
    for (unsigned i = 0; i < out->nstores; i++)
      put(sig, out->stores[i].guard), put(sig, out->stores[i].phys), put(sig, out->stores[i].value);
    GBytes *key = g_byte_array_free_to_bytes(sig);
    gpointer g = g_hash_table_lookup(groups, key);
    if (!g) {
      if (r->ngroups == VC_MAX_VARIANTS) {
        *why = g_strdup_printf("the %" G_GUINT64_FORMAT " values of '%s' behave in more than %d "
                               "ways (it feeds the semantics as data): not refined",
                               r->nvalues, f->name, VC_MAX_VARIANTS);
        ok = false;
        g_bytes_unref(key);
        break;
      }
      r->first[r->ngroups] = v;
      footprint_of(&in, ins, in.word, out, &r->footprint[r->ngroups]);
      g = GUINT_TO_POINTER(++r->ngroups);
      g_hash_table_insert(groups, key, g);
    } else {
      g_bytes_unref(key);
    }
    r->group[v] = GPOINTER_TO_UINT(g) - 1;
  }
  g_free(out);
  g_hash_table_destroy(groups);
  interner_close(&in);
  if (!ok)
    refinement_clear(r);
  return ok;
}

void refinement_clear(Refinement *r)
{
  g_free(r->group);
  g_free(r->first);
  g_free(r->footprint);
  *r = (Refinement){0};
}
