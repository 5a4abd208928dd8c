/* What a translating monitor translates, and its code cache.
 *
 * Binary translation (VMware's remedy for x86) runs guest code directly
 * except the instructions that would break trap-and-emulate: those are
 * replaced, in a code cache outside guest storage, by a word that traps to
 * the monitor, which then emulates the original. Which instructions those
 * are is the checker's answer (critical for the guest's virtual mode), so
 * the set reaches vmm as data: vmm does not depend on the checker.
 *
 * The cache is filled as the guest's fetches reach each word (so a block is
 * a run of consecutive words translated together, and a program the lockstep
 * explorer places lazily is never read ahead). A word whose storage changed
 * since it was translated invalidates its block when next fetched: the
 * write-protection a real translator puts on translated pages, checked at
 * fetch. The naive variant, `patch`, writes the trapping words into guest
 * storage itself and keeps the originals aside; a guest that reads its own
 * code then sees the patch. */
#ifndef VC_TRANSLATE_H
#define VC_TRANSLATE_H

#include "fmap.h"

/* Bits of a translation: in virtual user mode (the instruction is user
 * sensitive and not privileged), in the other modes (sensitive and not
 * privileged). */
enum { TRANSLATE_USER = 1, TRANSLATE_OTHER = 2 };

typedef struct {
  uint64_t lo, hi;
  uint8_t modes;
} TranslatedValues;

typedef struct {
  uint8_t modes; /* for every word, unless the operand is refined */
  int field;     /* a refined operand: its field, and modes per range of values */
  TranslatedValues *values;
  unsigned nvalues;
} TranslatedInsn;

typedef struct {
  const Isa *isa;
  uint64_t trap_word; /* traps in every user-mode state */
  char *trap_word_is; /* "an illegal opcode", "lgdt (privileged)" */
  TranslatedInsn *insn;  /* per instruction of isa (ninsns of them) */
  unsigned ninsns;
  unsigned ninsns_translated; /* instructions with a translation in some mode (report) */
} TranslationSet;

void translation_set_free(TranslationSet *ts);

/* Whether the monitor translates instruction `insn` fetched as `word` while
 * the guest's virtual mode is `vmode` (1 bit). The one definition: the code
 * cache asks it with constants, the one-step equivalence query with terms. */
IrVal translated(const IrEnv *env, const TranslationSet *ts, unsigned insn, IrVal word,
                 IrVal vmode);

/* "outside virtual user mode", "in every mode", ... */
const char *translation_modes_text(const TranslationSet *ts, unsigned insn);

/* Whether some word of `insn` is translated in some mode. */
bool translation_touches(const TranslationSet *ts, unsigned insn);

typedef struct {
  uint64_t translated, blocks, invalidations, patched;
} CacheCounts;

/* One guest's translations, per mode class (user, other); with `patch`,
 * one table whose trapping words sit in guest storage. */
typedef struct CodeCache CodeCache;

CodeCache *code_cache_new(const TranslationSet *ts, MonitorKind kind, uint64_t size);
void code_cache_free(CodeCache *c);
void code_cache_reset(CodeCache *c);

/* The word the host fetches at guest address a when storage holds `word`
 * and the guest's virtual mode is vmode: the trap word where translated.
 * `mem` is guest storage (patch writes into it). */
uint64_t code_cache_fetch(CodeCache *c, uint64_t *mem, uint64_t a, uint64_t word, uint64_t vmode);

/* patch: the word the guest's virtual state holds at a (the original where
 * patched), and the patched words as a bitmap (load / save for the explorer,
 * whose states carry them). */
uint64_t code_cache_original(const CodeCache *c, const uint64_t *mem, uint64_t a);
void code_cache_patched(const CodeCache *c, const uint64_t *mem, uint64_t *bitmap);
void code_cache_load_patched(CodeCache *c, uint64_t *mem, const uint64_t *bitmap);

const CacheCounts *code_cache_counts(const CodeCache *c);

/* Whether the last fetch returned the trap word (a trap that follows is the
 * translation's). */
bool code_cache_last_translated(const CodeCache *c);

#endif
