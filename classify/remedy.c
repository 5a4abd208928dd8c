#include "remedy.h"

#include "ledger.h"

static uint8_t modes_for(const InsnClass *ic)
{
  if (ic->cls[C_PRIVILEGED] == TRI_YES)
    return 0; /* traps in every user-mode state: the monitor sees it anyway */
  return (ic->cls[C_USER] != TRI_NO ? TRANSLATE_USER : 0) |
         (ic->cls[C_SENSITIVE] != TRI_NO ? TRANSLATE_OTHER : 0);
}

/* The classes of instruction word `match` (operands 0): a refined
 * operand's variant holding 0. */
static const InsnClass *classes_at_zero(const InsnClass *ic)
{
  for (unsigned v = 0; ic->field >= 0 && v < ic->nvariants; v++)
    if (ic->variants[v].nranges && ic->variants[v].ranges[0].lo == 0)
      return &ic->variants[v].c;
  return ic;
}

/* A word that traps in every user-mode state: a privileged instruction's
 * (operands 0), else the least word no encoding decodes among those whose
 * set bits lie in the low or the high 16 (where opcodes are). */
static bool find_trap_word(const Classification *c, TranslationSet *ts)
{
  const Isa *isa = c->isa;
  for (unsigned i = 0; i < isa->ninsns; i++)
    if (classes_at_zero(&c->insn[i])->cls[C_PRIVILEGED] == TRI_YES &&
        isa_decode(isa, isa->insns[i].match) == (int)i) {
      ts->trap_word = isa->insns[i].match;
      ts->trap_word_is = g_strdup_printf("%s (privileged)", isa->insns[i].name);
      return true;
    }
  unsigned bits = MIN(isa->word, 16u);
  for (int high = 0; high < 2; high++)
    for (uint64_t v = 0; v <= ir_mask(bits); v++) {
      uint64_t w = high ? v << (isa->word - bits) : v;
      if (isa_decode(isa, w) < 0) {
        ts->trap_word = w;
        ts->trap_word_is = g_strdup("an illegal opcode");
        return true;
      }
    }
  return false;
}

TranslationSet *translation_set_new(const Classification *c, GError **err)
{
  const Isa *isa = c->isa;
  TranslationSet *ts = g_new0(TranslationSet, 1);
  ts->isa = isa;
  ts->insn = g_new0(TranslatedInsn, isa->ninsns);
  ts->ninsns = isa->ninsns;
  if (!find_trap_word(c, ts)) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s: no instruction word traps in every user-mode state (no privileged "
                "instruction, and every word decodes): a translating monitor has nothing to "
                "translate critical instructions into", isa->name);
    translation_set_free(ts);
    return NULL;
  }
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const InsnClass *ic = &c->insn[i];
    TranslatedInsn *t = &ts->insn[i];
    t->field = -1;
    if (ic->field < 0 || !ic->nvariants) {
      t->modes = modes_for(ic);
    } else {
      t->field = ic->field;
      for (unsigned v = 0; v < ic->nvariants; v++) {
        const Variant *var = &ic->variants[v];
        uint8_t modes = modes_for(&var->c);
        for (unsigned r = 0; modes && r < var->nranges; r++) {
          t->values = g_renew(TranslatedValues, t->values, t->nvalues + 1);
          t->values[t->nvalues++] = (TranslatedValues){var->ranges[r].lo, var->ranges[r].hi,
                                                       modes};
        }
      }
    }
    ts->ninsns_translated += translation_touches(ts, i);
  }
  return ts;
}

TranslationSet *translation_set_derive(const Isa *isa, unsigned timeout_ms, gint64 deadline,
                                       GError **err)
{
  ClassifyOptions o = {.engine = ENGINE_SMT, .timeout_ms = timeout_ms, .deadline = deadline};
  ledger_hold(); /* what it translates decides later work: every shard derives it */
  Classification *c = classify_isa(isa, &o, err);
  ledger_release();
  if (!c)
    return NULL;
  TranslationSet *ts = translation_set_new(c, err);
  classification_free(c);
  return ts;
}
