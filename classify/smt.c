#include "smt.h"

#include <malloc.h>
#include <z3.h>

struct Smt {
  Z3_context ctx;
  Z3_solver solver;
  Z3_sort bv[65]; /* bit-vector sorts by width (all <= 64), made on demand */
  GPtrArray *arena; /* every AST of the current query, each holding one reference */
  Z3_error_code error;
};

/* Z3 calls this instead of exiting; the caller checks smt->error after each
 * query. The context's user data is not available in 4.8.12's handler, so
 * errors are kept per thread. */
static _Thread_local Z3_error_code last_error;

static void on_error(Z3_context ctx, Z3_error_code code)
{
  (void)ctx;
  last_error = code;
}

const char *smt_version(void)
{
  static char v[32];
  unsigned a, b, c, d;
  Z3_get_version(&a, &b, &c, &d);
  g_snprintf(v, sizeof v, "%u.%u.%u", a, b, c);
  return v;
}

static Z3_ast keep(Smt *smt, Z3_ast a)
{
  Z3_inc_ref(smt->ctx, a);
  g_ptr_array_add(smt->arena, a);
  return a;
}

static Z3_sort sort(Smt *smt, unsigned width)
{
  g_assert(width >= 1 && width <= 64);
  Z3_sort *slot = &smt->bv[width];
  if (!*slot) {
    *slot = Z3_mk_bv_sort(smt->ctx, width);
    Z3_inc_ref(smt->ctx, Z3_sort_to_ast(smt->ctx, *slot));
  }
  return *slot;
}

/* A Z3 context allocates and frees blocks of a few megabytes; above
 * glibc's mmap threshold each is a fresh mapping, faulted in page by page
 * (in a loop, 6.5 ms a context, two thirds of it in the kernel). Every row
 * of asks takes a fresh context (ask.h), so the process keeps such blocks
 * in its heap: 1.9 ms a context in the loop; classify x86.isa 0.65 s ->
 * 0.60 s (perf stat, 5 runs each). */
static void keep_blocks_in_heap(void)
{
  static gsize done;
  if (g_once_init_enter(&done)) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    g_once_init_leave(&done, 1);
  }
}

Smt *smt_new(unsigned timeout_ms, GError **err)
{
  keep_blocks_in_heap();
  Smt *smt = g_new0(Smt, 1);
  Z3_config cfg = Z3_mk_config();
  Z3_set_param_value(cfg, "model", "true");
  smt->ctx = Z3_mk_context_rc(cfg);
  Z3_del_config(cfg);
  Z3_set_error_handler(smt->ctx, on_error);
  last_error = Z3_OK;
  /* Queries are quantifier-free bit-vectors over one storage array; of the
   * solvers tried (bench/bench-classify) the QF_AUFBV one was the fastest. */
  smt->solver = Z3_mk_solver_for_logic(smt->ctx, Z3_mk_string_symbol(smt->ctx, "QF_AUFBV"));
  Z3_solver_inc_ref(smt->ctx, smt->solver);
  Z3_params p = Z3_mk_params(smt->ctx);
  Z3_params_inc_ref(smt->ctx, p);
  if (timeout_ms)
    Z3_params_set_uint(smt->ctx, p, Z3_mk_string_symbol(smt->ctx, "timeout"), timeout_ms);
  Z3_params_set_uint(smt->ctx, p, Z3_mk_string_symbol(smt->ctx, "random_seed"), 1974);
  Z3_params_set_bool(smt->ctx, p, Z3_mk_string_symbol(smt->ctx, "ctrl_c"), false);
  Z3_solver_set_params(smt->ctx, smt->solver, p);
  Z3_params_dec_ref(smt->ctx, p);
  smt->arena = g_ptr_array_new();
  if (last_error != Z3_OK) {
    g_set_error(err, VC_ERROR, VC_ERROR_INTERNAL, "Z3 could not be set up: %s",
                Z3_get_error_msg(smt->ctx, last_error));
    smt_free(smt);
    return NULL;
  }
  return smt;
}

void smt_set_timeout(Smt *smt, unsigned timeout_ms)
{
  Z3_params p = Z3_mk_params(smt->ctx);
  Z3_params_inc_ref(smt->ctx, p);
  Z3_params_set_uint(smt->ctx, p, Z3_mk_string_symbol(smt->ctx, "timeout"),
                     timeout_ms ? timeout_ms : UINT_MAX);
  Z3_solver_set_params(smt->ctx, smt->solver, p);
  Z3_params_dec_ref(smt->ctx, p);
}

static void release(Smt *smt)
{
  for (guint i = 0; i < smt->arena->len; i++)
    Z3_dec_ref(smt->ctx, smt->arena->pdata[i]);
  g_ptr_array_set_size(smt->arena, 0);
}

void smt_free(Smt *smt)
{
  if (!smt)
    return;
  release(smt);
  g_ptr_array_free(smt->arena, TRUE);
  for (unsigned i = 0; i < G_N_ELEMENTS(smt->bv); i++)
    if (smt->bv[i])
      Z3_dec_ref(smt->ctx, Z3_sort_to_ast(smt->ctx, smt->bv[i]));
  Z3_solver_dec_ref(smt->ctx, smt->solver);
  Z3_del_context(smt->ctx);
  g_free(smt);
}

/* ---- the symbolic backend --------------------------------------------- */

static Z3_ast lift(Smt *smt, IrVal v, unsigned width)
{
  if (v.s)
    return v.s;
  return keep(smt, Z3_mk_unsigned_int64(smt->ctx, v.c, sort(smt, width)));
}

static Z3_ast bit(Smt *smt, Z3_ast boolean)
{
  Z3_context c = smt->ctx;
  Z3_ast one = keep(smt, Z3_mk_unsigned_int64(c, 1, sort(smt, 1)));
  Z3_ast zero = keep(smt, Z3_mk_unsigned_int64(c, 0, sort(smt, 1)));
  return keep(smt, Z3_mk_ite(c, boolean, one, zero));
}

static Z3_ast is_one(Smt *smt, Z3_ast b)
{
  Z3_ast one = keep(smt, Z3_mk_unsigned_int64(smt->ctx, 1, sort(smt, 1)));
  return keep(smt, Z3_mk_eq(smt->ctx, b, one));
}

static void *z3_term(void *ctx, IrOp op, unsigned width, const IrVal *args,
                      const unsigned *widths, uint64_t k)
{
  Smt *smt = ctx;
  Z3_context c = smt->ctx;
  Z3_ast a = widths[0] ? lift(smt, args[0], widths[0]) : NULL;
  Z3_ast b = widths[1] ? lift(smt, args[1], widths[1]) : NULL;
  Z3_ast r;
  switch (op) {
  case IR_ADD: r = Z3_mk_bvadd(c, a, b); break;
  case IR_SUB: r = Z3_mk_bvsub(c, a, b); break;
  case IR_MUL: r = Z3_mk_bvmul(c, a, b); break;
  case IR_AND: r = Z3_mk_bvand(c, a, b); break;
  case IR_OR: r = Z3_mk_bvor(c, a, b); break;
  case IR_XOR: r = Z3_mk_bvxor(c, a, b); break;
  case IR_NOT: r = Z3_mk_bvnot(c, a); break;
  case IR_SHL: r = Z3_mk_bvshl(c, a, b); break;
  case IR_LSHR: r = Z3_mk_bvlshr(c, a, b); break;
  case IR_ASHR: r = Z3_mk_bvashr(c, a, b); break;
  case IR_EQ: return bit(smt, keep(smt, Z3_mk_eq(c, a, b)));
  case IR_ULT: return bit(smt, keep(smt, Z3_mk_bvult(c, a, b)));
  case IR_ULE: return bit(smt, keep(smt, Z3_mk_bvule(c, a, b)));
  case IR_SLT: return bit(smt, keep(smt, Z3_mk_bvslt(c, a, b)));
  case IR_SLE: return bit(smt, keep(smt, Z3_mk_bvsle(c, a, b)));
  case IR_SLICE: r = Z3_mk_extract(c, (unsigned)(k >> 8), (unsigned)(k & 0xff), a); break;
  case IR_CONCAT: r = Z3_mk_concat(c, a, b); break;
  case IR_ZEXT: r = Z3_mk_zero_ext(c, width - widths[0], a); break;
  case IR_SEXT: r = Z3_mk_sign_ext(c, width - widths[0], a); break;
  case IR_ITE: r = Z3_mk_ite(c, is_one(smt, a), b, lift(smt, args[2], widths[2])); break;
  default: g_assert_not_reached();
  }
  return keep(smt, r);
}

static IrVal z3_apply(void *ctx, IrOp op, unsigned width, const IrVal *args,
                      const unsigned *widths, uint64_t k)
{
  return (IrVal){0, z3_term(ctx, op, width, args, widths, k)};
}

static const IrSymOps z3_ops = {z3_apply};

/* Storage as one side sees it: an array from phys - offset (query.h:
 * virtual addresses of addr_width bits, or guest-physical ones of
 * ir_phys_width bits for simulation) to words, shared by both sides. */
typedef struct {
  Smt *smt;
  const Isa *isa;
  Z3_ast storage;
  IrVal offset;
  unsigned index_width;
  bool zero_outside; /* query_zero_from: indices from isa->mem on read 0 */
} SideStore;

static Z3_ast virtual_of(SideStore *st, IrVal phys)
{
  Smt *smt = st->smt;
  unsigned aw = st->isa->addr_width, pw = ir_phys_width(st->isa);
  Z3_ast p = lift(smt, phys, pw);
  Z3_ast l = keep(smt, Z3_mk_zero_ext(smt->ctx, pw - aw, lift(smt, st->offset, aw)));
  Z3_ast va = keep(smt, Z3_mk_bvsub(smt->ctx, p, l));
  return keep(smt, Z3_mk_extract(smt->ctx, st->index_width - 1, 0, va));
}

static IrVal read_symbolic(void *ctx, IrVal phys, uint64_t demand)
{
  (void)demand;
  SideStore *st = ctx;
  Smt *smt = st->smt;
  Z3_ast i = virtual_of(st, phys);
  Z3_ast v = keep(smt, Z3_mk_select(smt->ctx, st->storage, i));
  if (st->zero_outside) {
    Z3_ast n = keep(smt, Z3_mk_unsigned_int64(smt->ctx, st->isa->mem, sort(smt, st->index_width)));
    v = keep(smt, Z3_mk_ite(smt->ctx, keep(smt, Z3_mk_bvult(smt->ctx, i, n)), v,
                            lift(smt, ir_const(0), st->isa->word)));
  }
  return (IrVal){0, v};
}

static Z3_ast fresh(Smt *smt, const char *name, unsigned width)
{
  return keep(smt, Z3_mk_const(smt->ctx, Z3_mk_string_symbol(smt->ctx, name), sort(smt, width)));
}

/* The word at virtual address a after a side's stores (the last one wins). */
static Z3_ast word_after(SideStore *st, const IrOutcome *o, Z3_ast a)
{
  Smt *smt = st->smt;
  Z3_ast w = keep(smt, Z3_mk_select(smt->ctx, st->storage, a));
  for (unsigned i = 0; i < o->nstores; i++) {
    const IrStore *s = &o->stores[i];
    Z3_ast hit = keep(smt, Z3_mk_eq(smt->ctx, virtual_of(st, s->phys), a));
    Z3_ast g = is_one(smt, lift(smt, s->guard, 1));
    Z3_ast both[2] = {g, hit};
    Z3_ast cond = keep(smt, Z3_mk_and(smt->ctx, 2, both));
    w = keep(smt, Z3_mk_ite(smt->ctx, cond, lift(smt, s->value, st->isa->word), w));
  }
  return w;
}

/* Some virtual address legal in both states holds different words after
 * (simulation: some word of the guest's storage). */
static IrVal storage_differs(Smt *smt, const Isa *isa, const Query *q, SideStore st[2],
                             const QSide s[2], const IrEnv env[2])
{
  unsigned iw = st[0].index_width, aw = isa->addr_width;
  Z3_ast a;
  IrVal ok = ir_const(1);
  if (q->kind == Q_SIMULATION) {
    a = fresh(smt, "visible_addr", iw);
    ok = ir_apply(&env[0], IR_ULT, 1, (IrVal){0, a}, ir_const(isa->mem), ir_const(0), 0, iw, iw);
  } else { /* a virtual address, its index the same number */
    Z3_ast va = fresh(smt, "visible_addr", aw);
    a = iw == aw ? va : keep(smt, Z3_mk_zero_ext(smt->ctx, iw - aw, va));
    for (int k = 0; k < 2; k++) {
      IrVal phys, legal = ir_legal(&env[k], s[k].pre[VAR_RELOC], s[k].pre[VAR_BOUND],
                                   (IrVal){0, va}, 0, &phys);
      ok = ir_apply(&env[0], IR_AND, 1, ok, legal, ir_const(0), 0, 1, 1);
    }
  }
  Z3_ast w1 = word_after(&st[0], &s[0].out, a), w2 = word_after(&st[1], &s[1].out, a);
  IrVal ne = {0, bit(smt, keep(smt, Z3_mk_not(smt->ctx, keep(smt, Z3_mk_eq(smt->ctx, w1, w2)))))};
  return ir_apply(&env[0], IR_AND, 1, ok, ne, ir_const(0), 0, 1, 1);
}

static bool model_value(Smt *smt, Z3_model m, Z3_ast t, uint64_t *out)
{
  Z3_ast v = NULL;
  if (!Z3_model_eval(smt->ctx, m, t, true, &v) || !v)
    return false;
  keep(smt, v);
  return Z3_get_numeral_uint64(smt->ctx, v, (uint64_t *)out);
}

/* The model's storage, read word by word as a concrete replay asks. */
typedef struct {
  Smt *smt;
  const Isa *isa;
  Z3_model m;
  Z3_ast storage;
  unsigned index_width;
  GHashTable *words; /* index -> word, each read once */
} ModelStore;

static uint64_t model_peek(void *ctx, uint64_t va)
{
  ModelStore *ms = ctx;
  uint64_t *hit = g_hash_table_lookup(ms->words, &va);
  if (hit)
    return *hit;
  uint64_t *key = g_new(uint64_t, 1), *val = g_new0(uint64_t, 1);
  *key = va;
  if (va <= ir_mask(ms->index_width)) {
    Z3_ast idx = keep(ms->smt, Z3_mk_unsigned_int64(ms->smt->ctx, va,
                                                    sort(ms->smt, ms->index_width)));
    model_value(ms->smt, ms->m, keep(ms->smt, Z3_mk_select(ms->smt->ctx, ms->storage, idx)),
                val);
  }
  g_hash_table_insert(ms->words, key, val);
  return *val;
}

/* The witness: the variables from the model, and of storage only the words
 * a concrete run of the query reads (so its cost does not grow with mem). */
static void extract_witness(Smt *smt, const Isa *isa, const IrInsn *in, const Query *q,
                            Z3_model m, Z3_ast word, const QSide s[2], Z3_ast storage,
                            unsigned index_width, Witness *w)
{
  model_value(smt, m, word, &w->word);
  uint64_t origin = 0;
  model_value(smt, m, lift(smt, s[0].origin, isa->addr_width), &origin);
  for (unsigned v = 0; v < isa->nvars; v++) {
    model_value(smt, m, lift(smt, s[0].pre[v], isa->vars[v].width), &w->pre1[v]);
    if (query_is_pair(q))
      model_value(smt, m, lift(smt, s[1].pre[v], isa->vars[v].width), &w->pre2[v]);
  }
  w->shift = w->pre1[VAR_RELOC] - origin;
  ModelStore ms = {smt, isa, m, storage, index_width,
                   g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free)};
  witness_probe(isa, in, q, w, model_peek, &ms);
  witness_set_words(w, ms.words);
  g_hash_table_destroy(ms.words);
}

/* Asserts q in a new scope and then either checks it (into *out) or, with
 * smtlib set, writes the scope's assertions there as an SMT-LIB 2 script. */
static bool ask(Smt *smt, const Isa *isa, unsigned insn, const Query *q, QueryResult *out,
                GString *smtlib, GError **err)
{
  const IrInsn *in = &isa->insns[insn];
  Z3_context c = smt->ctx;
  *out = (QueryResult){0};
  last_error = Z3_OK;
  Z3_solver_push(c, smt->solver);

  /* The instruction word: its encoding, operands free, stray bits zero. */
  Z3_ast word = fresh(smt, "insn", isa->word);
  uint64_t operand_bits = 0;
  for (unsigned k = 0; k < in->noperands; k++) {
    const IrField *f = &isa->fields[in->operand[k]];
    operand_bits |= ir_field_mask(f);
  }
  Z3_ast fixed = keep(smt, Z3_mk_bvand(c, word, lift(smt, ir_const(~operand_bits & ir_mask(isa->word)),
                                                     isa->word)));
  Z3_solver_assert(c, smt->solver,
                   keep(smt, Z3_mk_eq(c, fixed, lift(smt, ir_const(in->match), isa->word))));
  if (q->word_mask) { /* one refined operand's value */
    Z3_ast sel = keep(smt, Z3_mk_bvand(c, word, lift(smt, ir_const(q->word_mask), isa->word)));
    Z3_solver_assert(c, smt->solver,
                     keep(smt, Z3_mk_eq(c, sel, lift(smt, ir_const(q->word_match), isa->word))));
  }

  unsigned index_width = query_index_width(isa, q);
  Z3_sort arr = Z3_mk_array_sort(c, sort(smt, index_width), sort(smt, isa->word));
  keep(smt, Z3_sort_to_ast(c, arr));
  Z3_ast storage = keep(smt, Z3_mk_const(c, Z3_mk_string_symbol(c, "storage"), arr));

  bool pair = query_is_pair(q);
  QSide s[2];
  SideStore st[2];
  IrEnv env[2];
  for (int k = 0; k < 2; k++) {
    for (unsigned v = 0; v < isa->nvars; v++) {
      g_autofree char *name = g_strdup_printf("%s%d", isa->vars[v].name, k + 1);
      s[k].pre[v] = (IrVal){0, fresh(smt, name, isa->vars[v].width)};
    }
  }
  s[0].origin = (IrVal){0, fresh(smt, "origin", isa->addr_width)};
  for (int k = 0; k < 2; k++) {
    st[k] = (SideStore){smt, isa, storage, query_side_offset(q, k, s), index_width,
                        isa->physical && query_zero_from(isa, q, k) == isa->mem};
    s[k].origin = query_side_origin(q, s);
    env[k] = (IrEnv){.isa = isa, .sym = &z3_ops, .sym_ctx = smt, .read = read_symbolic, .read_ctx = &st[k], .origin = &s[k].origin};
    if (k == 0 || pair)
      ir_exec(&env[k], in, (IrVal){0, word}, s[k].pre, &s[k].out);
  }
  query_finish(env, q, s);
  IrVal differs = pair ? storage_differs(smt, isa, q, st, s, env) : ir_const(0);
  IrVal valid = query_valid(env, q, s, (IrVal){0, word});
  IrVal holds = query_holds(env, q, s, differs);
  Z3_solver_assert(c, smt->solver, is_one(smt, lift(smt, valid, 1)));
  Z3_solver_assert(c, smt->solver, is_one(smt, lift(smt, holds, 1)));

  Z3_lbool r = smtlib ? Z3_L_UNDEF : Z3_solver_check(c, smt->solver);
  if (smtlib) {
    g_string_append(smtlib, Z3_solver_to_string(c, smt->solver));
    g_string_append(smtlib, "(check-sat)\n");
  } else if (r == Z3_L_TRUE) {
    Z3_model m = Z3_solver_get_model(c, smt->solver);
    Z3_model_inc_ref(c, m);
    out->ans = ANS_YES;
    extract_witness(smt, isa, in, q, m, word, s, storage, index_width, &out->w);
    Z3_model_dec_ref(c, m);
  } else if (r == Z3_L_FALSE) {
    out->ans = ANS_NO;
  } else {
    out->ans = ANS_UNKNOWN;
    out->why = g_strdup(Z3_solver_get_reason_unknown(c, smt->solver));
  }
  Z3_solver_pop(c, smt->solver, 1);
  release(smt);
  if (last_error != Z3_OK) {
    g_set_error(err, VC_ERROR, VC_ERROR_INTERNAL, "Z3 failed on %s (%s query): %s", in->name,
                query_kind_name(q->kind), Z3_get_error_msg(c, last_error));
    query_result_clear(out);
    return false;
  }
  return true;
}

bool smt_query(Smt *smt, const Isa *isa, unsigned insn, const Query *q, QueryResult *out,
               GError **err)
{
  return ask(smt, isa, insn, q, out, NULL, err);
}

bool smt_export(Smt *smt, const Isa *isa, unsigned insn, const Query *q, GString *into,
                GError **err)
{
  QueryResult r;
  bool ok = ask(smt, isa, insn, q, &r, into, err);
  if (ok)
    query_result_clear(&r);
  return ok;
}
