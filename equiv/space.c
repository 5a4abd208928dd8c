/* The space the lockstep explorer covers: initial states, the instruction
 * words programs draw from, and states packed to a few bytes. */
#include "lockstep_impl.h"

#include "refine.h"

#include <string.h>

static int compare_words(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static bool domain_words(Space *sp, GError **err)
{
  return lockstep_words(sp->isa, sp->opt->operand_values, &sp->words, &sp->nwords, err);
}

bool lockstep_words(const Isa *isa, unsigned operand_values, uint64_t **words, unsigned *nwords,
                    GError **err)
{
  GArray *w = g_array_new(FALSE, FALSE, sizeof(uint64_t));
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const IrInsn *in = &isa->insns[i];
    uint64_t val[VC_MAX_OPERANDS] = {0}, count[VC_MAX_OPERANDS];
    /* A refined operand takes one value per group of equal semantics (its
     * low values are often all alike: RISC-V's CSR numbers 0..3 all trap). */
    Refinement r = {0};
    int refined = refine_operand(isa, i);
    char *why = NULL;
    if (refined >= 0 && !refine_partition(isa, i, (unsigned)refined, &r, &why))
      refined = -1, g_free(why);
    for (unsigned k = 0; k < in->noperands; k++) {
      const IrField *f = &isa->fields[in->operand[k]];
      unsigned width = f->hi - f->lo + 1;
      count[k] = (int)in->operand[k] == refined ? r.ngroups
                 : width >= 32                  ? operand_values
                                                : MIN(operand_values, (uint64_t)1 << width);
    }
    for (;;) {
      uint64_t word = in->match;
      for (unsigned k = 0; k < in->noperands; k++)
        word |= ((int)in->operand[k] == refined ? r.first[val[k]] : val[k])
                << isa->fields[in->operand[k]].lo;
      if (isa_decode(isa, word) == (int)i && w->len < VC_MAX_DOMAIN_WORDS)
        g_array_append_val(w, word);
      unsigned k = 0;
      while (k < in->noperands && ++val[k] == count[k])
        val[k++] = 0;
      if (k == in->noperands)
        break;
    }
    refinement_clear(&r);
  }
  g_array_sort(w, compare_words);
  unsigned n = 0;
  for (unsigned i = 0; i < w->len; i++)
    if (!n || g_array_index(w, uint64_t, i) != g_array_index(w, uint64_t, n - 1))
      g_array_index(w, uint64_t, n++) = g_array_index(w, uint64_t, i);
  *nwords = n;
  *words = (uint64_t *)g_array_free(w, FALSE);
  if (n == 0 || n >= VC_MAX_DOMAIN_WORDS) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s: %s instruction words with operands 0..%u (expected 1..%u): choose "
                "--operand-values or the parameters accordingly",
                isa->name, n ? "too many" : "no", operand_values - 1,
                VC_MAX_DOMAIN_WORDS - 1);
    return false;
  }
  return true;
}

static bool initial_values(Space *sp, GError **err)
{
  const Isa *isa = sp->isa;
  uint64_t reset[VC_MAX_VARS];
  program_initial_vars(isa, NULL, reset);
  sp->ninit = 1;
  for (unsigned v = 0; v < isa->nvars; v++) {
    unsigned n = sp->opt->ninit_values[v];
    const uint64_t *given = sp->opt->init_values[v];
    if (given) {
      sp->values[v] = g_memdup2(given, n * sizeof *given);
    } else if (v == VAR_MODE) {
      n = isa->nmodes;
      sp->values[v] = g_new(uint64_t, n);
      for (unsigned k = 0; k < n; k++)
        sp->values[v][k] = k;
    } else {
      n = 1;
      sp->values[v] = g_memdup2(&reset[v], sizeof reset[v]);
    }
    sp->nvalues[v] = n;
    for (unsigned k = 0; k < n; k++)
      if (sp->values[v][k] > ir_mask(isa->vars[v].width) ||
          (v == VAR_MODE && sp->values[v][k] >= isa->nmodes)) {
        g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                    "initial %s %" G_GUINT64_FORMAT ": out of range for %s's %u-bit %s",
                    isa->vars[v].name, sp->values[v][k], isa->name, isa->vars[v].width,
                    isa->vars[v].name);
        return false;
      }
    if (n == 0 || sp->ninit > sp->opt->max_states / n) {
      g_set_error(err, VC_ERROR, VC_ERROR_LIMIT,
                  "more initial states than --max-states %" G_GUINT64_FORMAT,
                  sp->opt->max_states);
      return false;
    }
    sp->ninit *= n;
  }
  return true;
}

Space *space_new(const Isa *isa, const LockstepOptions *opt, GError **err)
{
  Space *sp = g_new0(Space, 1);
  sp->isa = isa;
  sp->opt = opt;
  sp->patch = opt->kind == MON_PATCH && !opt->bare_only;
  size_t bits = 1 + (opt->counted ? 8 : 0) + isa->mem * (isa->word + 1 + sp->patch);
  for (unsigned v = 0; v < isa->nvars; v++)
    bits += sp->var_bits[v] = isa->vars[v].width;
  sp->key_bytes = (bits + 7) / 8;
  sp->fixed_words = (unsigned)((isa->mem + 63) / 64);
  if (sp->key_bytes > VC_MAX_KEY_BYTES) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s: a state of %zu bytes (%" G_GUINT64_FORMAT " words of %u bits) is beyond "
                "the explorer's %d; choose a smaller instance with --param",
                isa->name, sp->key_bytes, isa->mem, isa->word, VC_MAX_KEY_BYTES);
    space_free(sp);
    return NULL;
  }
  if (opt->depth < 1 || opt->depth > VC_MAX_PROGRAM_DEPTH || opt->operand_values < 1) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "expected --depth 1..%d and --operand-values >= 1",
                VC_MAX_PROGRAM_DEPTH);
    space_free(sp);
    return NULL;
  }
  if (!domain_words(sp, err) || !initial_values(sp, err)) {
    space_free(sp);
    return NULL;
  }
  return sp;
}

void space_free(Space *sp)
{
  if (!sp)
    return;
  for (unsigned v = 0; v < VC_MAX_VARS; v++)
    g_free(sp->values[v]);
  g_free(sp->words);
  g_free(sp);
}

char *space_describe(const Space *sp)
{
  const Isa *isa = sp->isa;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%" G_GUINT64_FORMAT " initial virtual state%s (", sp->ninit,
                         sp->ninit == 1 ? "" : "s");
  for (unsigned v = 0; v < isa->nvars; v++) {
    if (sp->nvalues[v] < 2 && v != VAR_MODE && !sp->opt->init_values[v])
      continue;
    g_string_append_printf(s, "%s in {", isa->vars[v].name);
    for (unsigned k = 0; k < sp->nvalues[v]; k++) {
      if (k)
        g_string_append(s, ", ");
      format_var(s, isa, v, sp->values[v][k]);
    }
    g_string_append(s, "}; ");
  }
  g_string_append_printf(s, "every other variable as the spec resets it; storage zero), "
                            "programs of up to %u instruction%s drawn from %u instruction words "
                            "(operands 0..%u), each placed in storage when the pc first reaches "
                            "an unused word",
                         sp->opt->depth, sp->opt->depth == 1 ? "" : "s", sp->nwords,
                         sp->opt->operand_values - 1);
  return g_string_free(s, FALSE);
}

void vstate_init(const Space *sp, VState *s)
{
  memset(s, 0, sizeof *s);
  s->mem = g_new0(uint64_t, sp->isa->mem);
  s->fixed = g_new0(uint64_t, sp->fixed_words);
  s->patched = sp->patch ? g_new0(uint64_t, sp->fixed_words) : NULL;
}

void vstate_clear(VState *s)
{
  g_free(s->mem);
  g_free(s->fixed);
  g_free(s->patched);
}

/* A bit stream over a key, 64 bits at a time (fields are at most 64 bits). */
typedef struct {
  uint8_t *key;
  size_t at;      /* next byte of key to fill or read */
  uint64_t acc;   /* pending bits, low first */
  unsigned nacc;  /* how many */
} Bits;

static inline void put(Bits *b, uint64_t v, unsigned n)
{
  v &= ir_mask(n);
  b->acc |= v << b->nacc;
  if (b->nacc + n >= 64) {
    memcpy(b->key + b->at, &b->acc, 8);
    b->at += 8;
    unsigned used = 64 - b->nacc; /* bits of v that went out */
    b->acc = used >= 64 ? 0 : v >> used;
    b->nacc = b->nacc + n - 64;
  } else {
    b->nacc += n;
  }
}

static inline void put_end(Bits *b, size_t key_bytes)
{
  memcpy(b->key + b->at, &b->acc, key_bytes - b->at);
}

static inline uint64_t get(Bits *b, unsigned n)
{
  if (b->nacc >= n) {
    uint64_t v = b->acc & ir_mask(n);
    b->acc = n >= 64 ? 0 : b->acc >> n;
    b->nacc -= n;
    return v;
  }
  uint64_t next;
  memcpy(&next, b->key + b->at, 8); /* keys are padded to whole 8-byte words */
  b->at += 8;
  uint64_t v = b->acc | (b->nacc >= 64 ? 0 : next << b->nacc);
  unsigned used = n - b->nacc; /* bits taken from next */
  v &= ir_mask(n);
  b->acc = used >= 64 ? 0 : next >> used;
  b->nacc = 64 - used;
  return v;
}

void vstate_pack(const Space *sp, const VState *s, uint8_t *key)
{
  const Isa *isa = sp->isa;
  Bits b = {key, 0, 0, 0};
  for (unsigned v = 0; v < isa->nvars; v++)
    put(&b, s->var[v], sp->var_bits[v]);
  put(&b, s->halted, 1);
  if (sp->opt->counted)
    put(&b, s->count, 8);
  for (uint64_t a = 0; a < isa->mem; a++)
    put(&b, s->mem[a], isa->word);
  for (uint64_t a = 0; a < isa->mem; a += 64)
    put(&b, s->fixed[a / 64], (unsigned)MIN(64, isa->mem - a));
  for (uint64_t a = 0; sp->patch && a < isa->mem; a += 64)
    put(&b, s->patched[a / 64], (unsigned)MIN(64, isa->mem - a));
  put_end(&b, sp->key_bytes);
}

void vstate_unpack(const Space *sp, const uint8_t *key, VState *s)
{
  const Isa *isa = sp->isa;
  uint64_t padded[VC_MAX_KEY_BYTES / 8 + 1] = {0}; /* get reads whole 8-byte words */
  memcpy(padded, key, sp->key_bytes);
  Bits b = {(uint8_t *)padded, 0, 0, 0};
  for (unsigned v = 0; v < isa->nvars; v++)
    s->var[v] = get(&b, sp->var_bits[v]);
  s->halted = get(&b, 1);
  s->count = sp->opt->counted ? (unsigned)get(&b, 8) : 0;
  for (uint64_t a = 0; a < isa->mem; a++)
    s->mem[a] = get(&b, isa->word);
  for (uint64_t a = 0; a < isa->mem; a += 64)
    s->fixed[a / 64] = get(&b, (unsigned)MIN(64, isa->mem - a));
  for (uint64_t a = 0; sp->patch && a < isa->mem; a += 64)
    s->patched[a / 64] = get(&b, (unsigned)MIN(64, isa->mem - a));
}

void space_initial(const Space *sp, uint64_t i, VState *s)
{
  const Isa *isa = sp->isa;
  /* the last variable varies fastest, so modes come out in order first */
  for (unsigned v = isa->nvars; v-- > 0;) {
    s->var[v] = sp->values[v][i % sp->nvalues[v]];
    i /= sp->nvalues[v];
  }
  s->halted = false;
  s->count = 0;
  memset(s->mem, 0, isa->mem * sizeof *s->mem);
  memset(s->fixed, 0, sp->fixed_words * sizeof *s->fixed);
  if (s->patched)
    memset(s->patched, 0, sp->fixed_words * sizeof *s->patched);
}

unsigned space_choices(const Space *sp, const VState *s, uint64_t *place)
{
  const Isa *isa = sp->isa;
  uint64_t phys;
  if (place)
    *place = SPACE_NO_PLACE;
  if (s->halted)
    return 0;
  if (!ir_legal_concrete(isa, isa->mem, s->var[VAR_RELOC], s->var[VAR_BOUND], s->var[VAR_PC],
                         &phys) ||
      (s->fixed[phys / 64] >> (phys % 64) & 1))
    return 1;
  if (place)
    *place = phys;
  return sp->nwords;
}
