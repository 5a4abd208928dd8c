/* The checker's answers as remedies need them: which instructions a
 * translating monitor must translate (translate.h), from the classes. */
#ifndef VC_REMEDY_H
#define VC_REMEDY_H

#include "classify.h"
#include "translate.h"

/* From a classification: in virtual user mode, what is user sensitive and
 * not privileged; in the other modes, what is sensitive and not privileged
 * (an unknown class is translated: emulation is exact, so translating more
 * costs only time). The trap word: the first privileged instruction's, else
 * an illegal opcode. NULL with *err when no word traps in user mode. */
TranslationSet *translation_set_new(const Classification *c, GError **err);

/* Classifies by SMT first. */
TranslationSet *translation_set_derive(const Isa *isa, unsigned timeout_ms, gint64 deadline,
                                       GError **err);

#endif
