#include "explore.h"

#include <math.h>

enum { MAX_CHOICES = VC_MAX_OPERANDS + 2 * VC_MAX_VARS + 4 * VC_MAX_INSN_STMTS };

/* Up to 2^this many words, each word's own footprint decides what is
 * enumerated (its residual, refine.h: one symbolic run a word). */
#define VC_WORD_FOOTPRINT_BITS 10

typedef bool EagerSet[VC_MAX_VARS]; /* per variable: enumerate its old value */

/* A resource pair whose run never reads the resource: both sides run alike
 * and differ only in the resource, which outcomes do not compare (as
 * ask.c's independence, per word or group). */
static bool reads_no_varied(const Query *q, const Footprint *fp)
{
  return q->kind == Q_RESOURCE && !fp->reads[q->resource];
}

/* An odometer over a tree of choices: each run makes choices in the same
 * order until its path diverges; next() advances the last one reached. */
typedef struct {
  struct {
    uint64_t value, limit; /* limit 0: the full 2^64 */
  } ch[MAX_CHOICES];
  unsigned n, pos;
} Chooser;

static uint64_t choose(Chooser *c, uint64_t limit)
{
  if (c->pos < c->n)
    return c->ch[c->pos++].value;
  g_assert(c->n < MAX_CHOICES);
  c->ch[c->n].value = 0;
  c->ch[c->n].limit = limit;
  c->n++;
  return c->ch[c->pos++].value;
}

static bool advance(Chooser *c)
{
  c->n = c->pos; /* choices this run did not reach are not part of its path */
  while (c->n > 0) {
    uint64_t *v = &c->ch[c->n - 1].value, limit = c->ch[c->n - 1].limit;
    if (++*v != limit && *v != 0)
      return true;
    c->n--;
  }
  return false;
}

static uint64_t domain(unsigned width)
{
  return width >= 64 ? 0 : (uint64_t)1 << width;
}

/* Virtual storage shared by both sides, chosen bit-group by bit-group: a
 * read chooses only the bits it demands that no earlier read chose. Bits no
 * read demands cannot affect the answer, so leaving them 0 loses nothing. */
typedef struct {
  Chooser *c;
  const Isa *isa;
  uint64_t *value; /* per slot: a storage index plus `bias` (indices below 0 wrap) */
  uint64_t *known; /* per slot: the bits chosen so far */
  uint64_t *touched; /* slots */
  unsigned ntouched;
  uint64_t bias, imask, nslots;
} Lazy;

/* The slot of storage index a: physical accesses reach up to 2^addr_width
 * words below index 0, which wrap to the top of the index range. */
static uint64_t slot_of(const Lazy *z, uint64_t a)
{
  uint64_t slot = (a + z->bias) & z->imask;
  g_assert(slot < z->nslots);
  return slot;
}

/* Spreads the low bits of x over the set bits of mask. */
static uint64_t deposit(uint64_t x, uint64_t mask)
{
  uint64_t r = 0;
  for (uint64_t bit = 1; mask; bit <<= 1)
    if (mask & bit) {
      if (x & 1)
        r |= bit;
      x >>= 1;
      mask &= ~bit;
    }
  return r;
}

static uint64_t peek_bits(Lazy *z, uint64_t index, uint64_t demand)
{
  uint64_t a = slot_of(z, index);
  uint64_t missing = demand & ir_mask(z->isa->word) & ~z->known[a];
  if (missing) {
    if (!z->known[a])
      z->touched[z->ntouched++] = a;
    z->known[a] |= missing;
    z->value[a] |= deposit(choose(z->c, domain((unsigned)__builtin_popcountll(missing))),
                           missing);
  }
  return z->value[a];
}

/* The word at index a, its bits no read has chosen set to differ from
 * `avoid` (concrete_storage_differs' settle): the lowest of them flipped
 * from avoid's, the rest as avoid's. */
static uint64_t settle_lazy(void *ctx, uint64_t index, uint64_t avoid)
{
  Lazy *z = ctx;
  uint64_t a = slot_of(z, index);
  uint64_t missing = ir_mask(z->isa->word) & ~z->known[a];
  if (missing) {
    if (!z->known[a])
      z->touched[z->ntouched++] = a;
    z->known[a] |= missing;
    z->value[a] |= ((avoid ^ (missing & -missing)) & missing);
  }
  return z->value[a];
}

typedef struct {
  Lazy *z;
  const Query *q;
  int side;
  uint64_t offset; /* query_side_offset */
} SideRead;

static IrVal read_lazy(void *ctx, IrVal phys, uint64_t demand)
{
  const SideRead *r = ctx;
  const Isa *isa = r->z->isa;
  uint64_t index = query_index(isa, r->q, phys.c, r->offset);
  if (index >= query_zero_from(isa, r->q, r->side))
    return ir_const(0);
  return ir_const(peek_bits(r->z, index, demand));
}

/* The modes side 1 ranges over: [*first, *first + n). */
static uint64_t mode_range(const Isa *isa, const Query *q, uint64_t *first)
{
  *first = 0;
  switch (q->kind) {
  case Q_USER_RUNS: *first = isa->nmodes - 1; return 1;
  case Q_SUPERVISOR_RUNS: return 1;
  case Q_MODE: return isa->nmodes - 1; /* any but the user mode, paired with it */
  case Q_SIMULATION: return isa->nmodes;
  default:
    if (q->sel == SEL_USER)
      *first = isa->nmodes - 1;
    return q->sel == SEL_ANY ? isa->nmodes : 1;
  }
}

/* A value for variable v of side 1: a mode the query ranges over, or any
 * value of its width. */
static uint64_t choose_var(Chooser *c, const Isa *isa, const Query *q, unsigned v)
{
  if (v != VAR_MODE)
    return choose(c, domain(isa->vars[v].width));
  uint64_t first, n = mode_range(isa, q, &first);
  return first + (n > 1 ? choose(c, n) : 0);
}

/* Side 2's value of the varied variable: the user mode (mode pairs), a
 * relocation above side 1's (location pairs: the pair is unordered), or any
 * other value. false when there is none. */
static bool choose_other(Chooser *c, const Isa *isa, unsigned v, uint64_t other, uint64_t *x)
{
  if (v == VAR_MODE) {
    *x = isa->nmodes - 1;
    return true;
  }
  uint64_t n = domain(isa->vars[v].width); /* 0: 2^64 */
  if (v == VAR_RELOC) {
    if (other + 1 == n)
      return false;
    *x = other + 1 + choose(c, n - other - 1);
    return true;
  }
  uint64_t y = choose(c, n - 1); /* n == 0 (2^64): n - 1 is 2^64 - 1, right */
  *x = y < other ? y : y + 1;
  return true;
}

/* Side 2 of a simulation query: f(side 1). false when the monitor would
 * interpret this state instead. */
static bool simulation_host(const Isa *isa, const Query *q, const IrVal *v, IrVal *h)
{
  uint64_t real[VC_MAX_VARS];
  VmMap map = query_map(isa, q, real);
  IrEnv env = {.isa = isa};
  return vm_map(&env, &map, v, h).c;
}

/* The word bits enumerated: the operands' but those the query fixes (a
 * refined operand's value) and those no outcome depends on (fp's word
 * bits: RISC-V's 12-bit immediate used as a 2-bit address). Not for
 * simulation, where the word is also in storage for a load to read. */
static uint64_t free_word_bits(const Isa *isa, const IrInsn *in, const Query *q,
                               const Footprint *fp)
{
  uint64_t bits = 0;
  for (unsigned k = 0; k < in->noperands; k++)
    bits |= ir_field_mask(&isa->fields[in->operand[k]]);
  bits &= ~(q->word_mask | in->mask);
  return fp && q->kind != Q_SIMULATION ? bits & fp->word_bits : bits;
}

/* What an IR's footprint says of variable v: it reads it, or writes it
 * other than surely or to a resource. */
static bool static_matters(const Isa *isa, const IrInsn *in, unsigned v)
{
  return in->reads_var[v] ||
         (in->writes_var[v] && (isa->vars[v].resource || !in->surely_writes[v]));
}

/* The variables whose old values matter: those the run depends on (fp's
 * reads), resources it changes (control sensitivity compares them), the
 * mode and what the query varies. Without a footprint, the IR's static
 * one. A pair that stores compares storage at the addresses legal through
 * both sides' R, so R matters (a physical store reads no b); simulation
 * adds what f reads (R) and, as it compares the bare machine's trap, what
 * the trap entries read. */
static void eager_vars(const Isa *isa, const IrInsn *in, const Query *q, const Footprint *fp,
                       bool *eager)
{
  int varied = query_varied_var(q);
  bool sim = q->kind == Q_SIMULATION;
  for (unsigned v = 0; v < isa->nvars; v++) {
    /* one read only for its own next value matters only to a resource: a
     * pair's sides agree on it, and so on its next value */
    bool res = isa->vars[v].resource;
    bool matters = fp ? (fp->reads[v] && (res || !fp->own_only[v])) || (fp->writes[v] && res)
                      : static_matters(isa, in, v);
    for (unsigned c = 0; sim && in->may_trap && c < CAUSE_COUNT; c++)
      matters |= isa->entry[c] && static_matters(isa, isa->entry[c], v);
    bool r = v == VAR_RELOC || v == VAR_BOUND;
    /* a guest-mode state pins the extension's flag and controls (the
     * assisted simulation pins only the virtual flag, at 0) */
    bool ext = isa->vars[v].ext && q->kind == Q_GUEST_RUNS;
    eager[v] = matters || ext || v == VAR_MODE || (int)v == varied ||
               (r && (sim || (query_is_pair(q) && in->writes_mem)));
  }
}

/* How many side-1 states the eager choices make, and the pair's other
 * value of the varied variable (location pairs: about half of these). */
static double eager_states(const Isa *isa, const Query *q, const bool *eager)
{
  double n = 1;
  uint64_t first_mode;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (eager[v])
      n *= v != VAR_MODE ? ldexp(1, (int)isa->vars[v].width) : (double)mode_range(isa, q, &first_mode);
  int varied = query_varied_var(q);
  if (varied >= 0 && varied != VAR_MODE)
    n *= (ldexp(1, (int)isa->vars[varied].width) - 1) / (varied == VAR_RELOC ? 2 : 1);
  return n;
}

/* Counts states on from `spent` (earlier groups of the same query). */
static void explore_words(const Isa *isa, unsigned insn, const Query *q, const Footprint *fp,
                          uint64_t max_states, uint64_t spent, gint64 deadline, QueryResult *out)
{
  const IrInsn *in = &isa->insns[insn];
  *out = (QueryResult){.ans = ANS_NO, .states = spent};
  int varied = query_varied_var(q);
  bool pair = query_is_pair(q);
  Chooser *c = g_new0(Chooser, 1);
  /* the words storage is indexed by (query_side_offset): virtual addresses,
   * or the guest's physical ones for simulation */
  uint64_t nstore = q->kind == Q_SIMULATION ? isa->mem : witness_storage_size(isa);
  uint64_t bias = isa->physical ? (uint64_t)1 << isa->addr_width : 0, nslots = nstore + bias;
  Lazy z = {c, isa, g_new0(uint64_t, nslots), g_new0(uint64_t, nslots), g_new0(uint64_t, nslots),
            0, bias, ir_mask(query_index_width(isa, q)), nslots};
  bool sim = q->kind == Q_SIMULATION;
  bool touches = in->reads_mem || in->writes_mem || in->loads_psw;
  if (sim) /* a footprint leaves out the trap entry simulation compares */
    fp = NULL;

  /* The eager choices alone bound the states from below: refuse at once a
   * space that cannot be enumerated within the limit, rather than grind.
   * Few words: each its own footprint (lw with rd = 1 writes x1 and never
   * reads it, with rd = 2 x2). */
  uint64_t free_bits = free_word_bits(isa, in, q, fp);
  unsigned nfree = (unsigned)__builtin_popcountll(free_bits);
  bool per_word = fp && nfree <= VC_WORD_FOOTPRINT_BITS;
  EagerSet *eager = g_new(EagerSet, per_word ? (size_t)1 << nfree : 1);
  double lower = (double)spent; /* plus exactly what the eager choices below enumerate */
  bool *skip = g_new0(bool, per_word ? (size_t)1 << nfree : 1);
  if (per_word) {
    for (uint64_t x = 0; x >> nfree == 0; x++) {
      Footprint wf;
      word_footprint(isa, insn, in->match | q->word_match | deposit(x, free_bits), &wf);
      eager_vars(isa, in, q, &wf, eager[x]);
      skip[x] = reads_no_varied(q, &wf);
      lower += skip[x] ? 0 : eager_states(isa, q, eager[x]);
    }
  } else if (fp && reads_no_varied(q, fp)) {
    goto done;
  } else {
    eager_vars(isa, in, q, fp, eager[0]);
    lower += ldexp(eager_states(isa, q, eager[0]), (int)nfree);
  }
  if (lower > (double)max_states) {
    out->ans = ANS_LIMIT;
    out->why = g_strdup_printf("at least %.3g states (operands and variables alone), more than "
                               "--max-states %" G_GUINT64_FORMAT "; use a smaller instance "
                               "(--param)", lower, max_states);
    goto done;
  }

  uint64_t word = 0, last_wx = UINT64_MAX;
  do {
    c->pos = 0;
    for (unsigned i = 0; i < z.ntouched; i++)
      z.known[z.touched[i]] = z.value[z.touched[i]] = 0;
    z.ntouched = 0;
    if (deadline && !(out->states & 0xffff) && g_get_monotonic_time() >= deadline) {
      out->ans = ANS_LIMIT;
      out->why = g_strdup_printf("stopped at --time-limit after %" G_GUINT64_FORMAT " states",
                                 out->states);
      break;
    }
    if (++out->states > max_states) {
      out->ans = ANS_LIMIT;
      out->states = max_states;
      out->why = g_strdup_printf("stopped after --max-states %" G_GUINT64_FORMAT " states",
                                 max_states);
      break;
    }
    uint64_t wx = choose(c, domain(nfree));
    if (wx != last_wx) /* the innermost choices vary fastest: the word seldom changes */
      word = in->match | q->word_match | deposit(wx, free_bits), last_wx = wx;
    if (skip[per_word ? wx : 0])
      continue;
    const bool *eager_x = eager[per_word ? wx : 0];
    QSide s[2];
    for (unsigned v = 0; v < isa->nvars; v++) {
      IrVal val = ir_const(eager_x[v] ? choose_var(c, isa, q, v) : 0);
      s[0].pre[v] = val; /* two stores of a local: a chained assignment stalls store forwarding */
      s[1].pre[v] = val;
    }
    /* The storage shift matters only to an instruction that touches storage
     * (and so reads l). */
    uint64_t shift = !sim && touches && s[0].pre[VAR_RELOC].c ? choose(c, s[0].pre[VAR_RELOC].c + 1)
                                                                : 0;
    s[0].origin = ir_const(s[0].pre[VAR_RELOC].c - shift);
    if (sim) {
      if (!simulation_host(isa, q, s[0].pre, s[1].pre))
        continue; /* a state the monitor interprets: nothing to compare */
      uint64_t at = s[0].pre[VAR_RELOC].c + s[0].pre[VAR_PC].c;
      if (at >= nstore)
        continue; /* no fetch: nothing beyond the storage is legal */
      uint64_t slot = slot_of(&z, at);
      z.touched[z.ntouched++] = slot; /* the instruction is the word at pc */
      z.known[slot] = ir_mask(isa->word);
      z.value[slot] = word;
    } else if (pair) {
      uint64_t x;
      if (!choose_other(c, isa, (unsigned)varied, s[0].pre[varied].c, &x))
        continue;
      s[1].pre[varied] = ir_const(x);
    }

    SideRead rd[2] = {{&z, q, 0, query_side_offset(q, 0, s).c},
                      {&z, q, 1, query_side_offset(q, 1, s).c}};
    IrEnv env[2];
    for (int k = 0; k < 2; k++) {
      s[k].origin = query_side_origin(q, s);
      env[k] = (IrEnv){.isa = isa, .read = read_lazy, .read_ctx = &rd[k], .origin = &s[k].origin};
      if (k == 0 || pair)
        ir_exec(&env[k], in, ir_const(word), s[k].pre, &s[k].out);
    }
    query_finish(env, q, s);
    if (!query_valid(env, q, s, ir_const(word)).c)
      continue;
    bool differs = pair && concrete_storage_differs(isa, q, s, NULL, settle_lazy, &z);
    if (!query_holds(env, q, s, ir_const(differs)).c)
      continue;
    out->ans = ANS_YES;
    out->w.word = word;
    out->w.shift = shift;
    for (unsigned v = 0; v < isa->nvars; v++) {
      out->w.pre1[v] = s[0].pre[v].c;
      out->w.pre2[v] = pair ? s[1].pre[v].c : 0;
    }
    GHashTable *words = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (unsigned i = 0; i < z.ntouched; i++) {
      uint64_t *index = g_new(uint64_t, 1);
      *index = (z.touched[i] - z.bias) & z.imask;
      g_hash_table_insert(words, index, &z.value[z.touched[i]]);
    }
    witness_set_words(&out->w, words);
    g_hash_table_destroy(words);
    break;
  } while (advance(c));

done:
  g_free(eager);
  g_free(skip);
  g_free(z.value);
  g_free(z.known);
  g_free(z.touched);
  g_free(c);
}

/* With a refined operand, the words split into its groups: the values of a
 * group behave alike in every state (refine.h), so one value per group
 * stands for all, and each group needs only its own footprint. A query is
 * existential: yes if some group's answer is, the first such group's
 * witness; unknown if none is but some group's is. */
void explore_query(const Isa *isa, unsigned insn, const Query *q, const Footprint *fp,
                   const Refinement *r, uint64_t max_states, gint64 deadline, QueryResult *out)
{
  if (!r) {
    explore_words(isa, insn, q, fp, max_states, 0, deadline, out);
    return;
  }
  const IrField *f = &isa->fields[r->field];
  uint64_t fmask = ir_field_mask(f);
  if ((q->word_mask & fmask) == fmask) {
    uint64_t value = (q->word_match & fmask) >> f->lo;
    explore_words(isa, insn, q, &r->footprint[r->group[value]], max_states, 0, deadline, out);
    return;
  }
  *out = (QueryResult){.ans = ANS_NO};
  for (unsigned g = 0; g < r->ngroups && out->ans != ANS_YES; g++) {
    Query one = *q;
    one.word_mask |= fmask;
    one.word_match |= r->first[g] << f->lo;
    QueryResult part;
    explore_words(isa, insn, &one, &r->footprint[g], max_states, out->states, deadline, &part);
    uint64_t states = part.states; /* counted on from out's */
    if (part.ans == ANS_YES || (part.ans != ANS_NO && out->ans == ANS_NO)) {
      query_result_clear(out);
      *out = part;
    } else {
      query_result_clear(&part);
    }
    out->states = states;
  }
}
