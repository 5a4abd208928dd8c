#include "refine.h"

#include <string.h>

#include "eval.h"

/* Terms beyond the IR's operators: the leaves of a residual outcome. */
enum { T_VAR = IR_OP_COUNT, T_WORD, T_READ, T_ORIGIN };

typedef struct {
  uint8_t op, width, sym[3];
  uint64_t k;
  uint64_t arg[3]; /* a term's id, or a concrete value (sym 0) */
} TermKey;

typedef struct {
  GHashTable *ids; /* TermKey -> id + 1 */
  GPtrArray *keys;
  const IrField *field;
  uint64_t value; /* the field's value in this run */
  IrVal word;
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

/* How many of an operator's three operands it reads (the evaluator passes
 * three; an unused one holds whatever node 0 held). */
static int arity(unsigned op)
{
  switch (op) {
  case IR_NOT: case IR_SLICE: case IR_ZEXT: case IR_SEXT: case T_READ: return 1;
  case IR_ITE: return 3;
  case T_VAR: case T_WORD: case T_ORIGIN: return 0;
  default: return 2;
  }
}

static IrVal term(Interner *in, unsigned op, unsigned width, const IrVal *args, uint64_t k)
{
  TermKey key;
  memset(&key, 0, sizeof key); /* padding too: keys are compared bytewise */
  key.op = (uint8_t)op;
  key.width = (uint8_t)width;
  key.k = k;
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
  if (lo >= f->lo && hi <= f->hi)
    return ir_const((in->value >> (lo - f->lo)) & ir_mask(width));
  uint64_t straddled = hi < f->lo || lo > f->hi ? 0 : in->value + 1;
  IrVal args[3] = {in->word, ir_const(0), ir_const(0)};
  return term(in, IR_SLICE, width, args, k | straddled << 16);
}

static IrVal hashed_apply(void *ctx, IrOp op, unsigned width, const IrVal *args,
                          const unsigned *widths, uint64_t k)
{
  (void)widths;
  Interner *in = ctx;
  if (op == IR_SLICE && args[0].s == in->word.s)
    return slice_word(in, width, k);
  return term(in, op, width, args, k);
}

static const IrSymOps hashed_ops = {hashed_apply};

static IrVal hashed_read(void *ctx, IrVal phys, uint64_t demand)
{
  IrVal args[3] = {phys, ir_const(0), ir_const(0)};
  return term(ctx, T_READ, 0, args, demand);
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

bool refine_partition(const Isa *isa, unsigned insn, unsigned field, Refinement *r, char **why)
{
  const IrInsn *ins = &isa->insns[insn];
  const IrField *f = &isa->fields[field];
  Interner in = {g_hash_table_new(key_hash, key_equal), g_ptr_array_new_with_free_func(g_free), f,
                 0, {0, NULL}};
  in.word = term(&in, T_WORD, isa->word, NULL, 0);
  IrVal origin = term(&in, T_ORIGIN, isa->addr_width, NULL, 0), pre[VC_MAX_VARS];
  for (unsigned v = 0; v < isa->nvars; v++)
    pre[v] = term(&in, T_VAR, isa->vars[v].width, NULL, v);
  IrEnv env = {.isa = isa, .sym = &hashed_ops, .sym_ctx = &in, .read = hashed_read,
               .read_ctx = &in, .origin = &origin};

  *r = (Refinement){.field = field, .nvalues = (uint64_t)1 << (f->hi - f->lo + 1)};
  r->group = g_new(uint32_t, r->nvalues);
  r->first = g_new(uint64_t, VC_MAX_VARIANTS);
  GHashTable *groups = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                             (GDestroyNotify)g_bytes_unref, NULL);
  IrOutcome *out = g_new(IrOutcome, 1);
  bool ok = true;
  for (uint64_t v = 0; ok && v < r->nvalues; v++) {
    in.value = v;
    ir_exec(&env, ins, in.word, pre, out);
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
      g = GUINT_TO_POINTER(++r->ngroups);
      g_hash_table_insert(groups, key, g);
    } else {
      g_bytes_unref(key);
    }
    r->group[v] = GPOINTER_TO_UINT(g) - 1;
  }
  g_free(out);
  g_hash_table_destroy(groups);
  g_hash_table_destroy(in.ids);
  g_ptr_array_free(in.keys, TRUE);
  if (!ok)
    refinement_clear(r);
  return ok;
}

void refinement_clear(Refinement *r)
{
  g_free(r->group);
  g_free(r->first);
  *r = (Refinement){0};
}
