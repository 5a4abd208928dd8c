#include "translate.h"

#include "asm.h"

#include <string.h>

void translation_set_free(TranslationSet *ts)
{
  if (!ts)
    return;
  for (unsigned i = 0; ts->insn && i < ts->ninsns; i++)
    g_free(ts->insn[i].values);
  g_free(ts->insn);
  g_free(ts->trap_word_is);
  g_free(ts);
}

static IrVal k(uint64_t c)
{
  return ir_const(c);
}

/* The modes' bits for the word: constant, or by the refined operand's range. */
static IrVal modes_of(const IrEnv *e, const TranslatedInsn *t, const IrField *f, IrVal word)
{
  if (t->field < 0)
    return k(t->modes);
  unsigned fw = f->hi - f->lo + 1, ww = e->isa->word;
  IrVal value = ir_apply(e, IR_SLICE, fw, word, k(0), k(0), (uint64_t)f->hi << 8 | f->lo, ww, 0);
  IrVal modes = k(0);
  for (unsigned r = 0; r < t->nvalues; r++) {
    const TranslatedValues *v = &t->values[r];
    IrVal in = ir_apply(e, IR_AND, 1,
                        ir_apply(e, IR_ULE, 1, k(v->lo), value, k(0), 0, fw, fw),
                        ir_apply(e, IR_ULE, 1, value, k(v->hi), k(0), 0, fw, fw), k(0), 0, 1, 1);
    modes = ir_apply(e, IR_ITE, 2, in, k(v->modes), modes, 0, 1, 2);
  }
  return modes;
}

IrVal translated(const IrEnv *e, const TranslationSet *ts, unsigned insn, IrVal word, IrVal vmode)
{
  const Isa *isa = e->isa;
  const TranslatedInsn *t = &ts->insn[insn];
  if (t->field < 0 && !t->modes)
    return k(0);
  unsigned mw = isa->vars[VAR_MODE].width;
  IrVal user = ir_apply(e, IR_EQ, 1, vmode, k(isa->nmodes - 1), k(0), 0, mw, mw);
  IrVal bit = ir_apply(e, IR_ITE, 2, user, k(TRANSLATE_USER), k(TRANSLATE_OTHER), 0, 1, 2);
  IrVal modes = modes_of(e, t, t->field < 0 ? NULL : &isa->fields[t->field], word);
  IrVal none = ir_apply(e, IR_EQ, 1, ir_apply(e, IR_AND, 2, modes, bit, k(0), 0, 2, 2), k(0), k(0),
                        0, 2, 2);
  return ir_apply(e, IR_NOT, 1, none, k(0), k(0), 0, 1, 0);
}

/* The modes some word of the instruction is translated in. */
static uint8_t any_modes(const TranslatedInsn *t)
{
  uint8_t all = t->modes;
  for (unsigned r = 0; r < t->nvalues; r++)
    all |= t->values[r].modes;
  return all;
}

bool translation_touches(const TranslationSet *ts, unsigned insn)
{
  return any_modes(&ts->insn[insn]) != 0;
}

const char *translation_modes_text(const TranslationSet *ts, unsigned insn)
{
  const TranslatedInsn *t = &ts->insn[insn];
  uint8_t all = any_modes(t);
  const char *modes = all == TRANSLATE_USER    ? "in virtual user mode only"
                      : all == TRANSLATE_OTHER ? "outside virtual user mode"
                                               : "in every mode";
  if (t->field < 0)
    return modes;
  return all == TRANSLATE_OTHER ? "some operand values, outside virtual user mode"
         : all == TRANSLATE_USER ? "some operand values, in virtual user mode only"
                                 : "some operand values";
}

/* Per guest word: not yet reached, run as is, translated (or patched). */
enum { CELL_NEW, CELL_DIRECT, CELL_TRANSLATED };

typedef struct {
  uint8_t *cell;
  uint64_t *orig; /* the word when it was reached */
  uint32_t *block;
} Table;

struct CodeCache {
  const TranslationSet *ts;
  bool patch;
  uint64_t size;
  Table t[2]; /* [0] virtual user mode, [1] the others; patch uses [0] only */
  uint64_t last;  /* the address fetched last, for blocks */
  uint32_t nblocks;
  bool last_translated;
  CacheCounts counts;
};

CodeCache *code_cache_new(const TranslationSet *ts, MonitorKind kind, uint64_t size)
{
  CodeCache *c = g_new0(CodeCache, 1);
  c->ts = ts;
  c->patch = kind == MON_PATCH;
  c->size = size;
  for (int m = 0; m < 2; m++) {
    c->t[m].cell = g_new0(uint8_t, size);
    c->t[m].orig = g_new0(uint64_t, size);
    c->t[m].block = g_new0(uint32_t, size);
  }
  c->last = UINT64_MAX;
  return c;
}

void code_cache_free(CodeCache *c)
{
  if (!c)
    return;
  for (int m = 0; m < 2; m++) {
    g_free(c->t[m].cell);
    g_free(c->t[m].orig);
    g_free(c->t[m].block);
  }
  g_free(c);
}

void code_cache_reset(CodeCache *c)
{
  for (int m = 0; m < 2; m++)
    memset(c->t[m].cell, 0, c->size);
  c->last = UINT64_MAX;
}

/* Drops the block around a: the consecutive words translated with it. */
static void invalidate(CodeCache *c, Table *t, uint64_t a)
{
  uint32_t b = t->block[a];
  uint64_t lo = a, hi = a;
  /* patched neighbours keep their originals: storage still holds their patch */
  while (!c->patch && lo > 0 && t->cell[lo - 1] && t->block[lo - 1] == b)
    lo--;
  while (!c->patch && hi + 1 < c->size && t->cell[hi + 1] && t->block[hi + 1] == b)
    hi++;
  memset(t->cell + lo, CELL_NEW, hi - lo + 1);
  c->counts.invalidations++;
  c->last = UINT64_MAX;
}

uint64_t code_cache_fetch(CodeCache *c, uint64_t *mem, uint64_t a, uint64_t word, uint64_t vmode)
{
  const TranslationSet *ts = c->ts;
  const Isa *isa = ts->isa;
  bool user = vmode == isa->nmodes - 1;
  Table *t = &c->t[!user && !c->patch];
  if (t->cell[a]) {
    uint64_t expect = t->cell[a] == CELL_TRANSLATED && c->patch ? ts->trap_word : t->orig[a];
    if (word == expect) {
      c->last = a;
      c->last_translated = t->cell[a] == CELL_TRANSLATED;
      return c->last_translated ? ts->trap_word : word;
    }
    invalidate(c, t, a); /* the guest wrote into translated code */
  }
  if (!(c->last != UINT64_MAX && a == c->last + 1 && t->cell[c->last]))
    c->nblocks++, c->counts.blocks++;
  c->last = a;
  t->block[a] = c->nblocks;
  t->orig[a] = word;
  int i = isa_decode(isa, word);
  IrEnv env = {.isa = isa};
  c->last_translated = i >= 0 && translated(&env, ts, (unsigned)i, k(word), k(vmode)).c;
  if (!c->last_translated) {
    t->cell[a] = CELL_DIRECT;
    return word;
  }
  t->cell[a] = CELL_TRANSLATED;
  c->counts.translated++;
  if (c->patch) {
    mem[a] = ts->trap_word;
    c->counts.patched++;
  }
  return ts->trap_word;
}

uint64_t code_cache_original(const CodeCache *c, const uint64_t *mem, uint64_t a)
{
  const Table *t = &c->t[0];
  if (c->patch && t->cell[a] == CELL_TRANSLATED && mem[a] == c->ts->trap_word)
    return t->orig[a];
  return mem[a];
}

void code_cache_patched(const CodeCache *c, const uint64_t *mem, uint64_t *bitmap)
{
  memset(bitmap, 0, (c->size + 63) / 64 * sizeof *bitmap);
  for (uint64_t a = 0; a < c->size; a++)
    if (c->t[0].cell[a] == CELL_TRANSLATED && mem[a] == c->ts->trap_word)
      bitmap[a / 64] |= (uint64_t)1 << (a % 64);
}

void code_cache_load_patched(CodeCache *c, uint64_t *mem, const uint64_t *bitmap)
{
  code_cache_reset(c);
  for (uint64_t a = 0; a < c->size; a++)
    if (bitmap[a / 64] >> (a % 64) & 1) {
      c->t[0].cell[a] = CELL_TRANSLATED;
      c->t[0].orig[a] = mem[a];
      c->t[0].block[a] = ++c->nblocks;
      mem[a] = c->ts->trap_word;
    }
}

bool code_cache_last_translated(const CodeCache *c)
{
  return c->last_translated;
}

const CacheCounts *code_cache_counts(const CodeCache *c)
{
  return &c->counts;
}
