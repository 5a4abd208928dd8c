/* Assembler and disassembler derived from a spec's encodings. Programs are
 * written in the ISA's own mnemonics (syntax: docs/isa-spec.md):
 *
 *   label:  MNEMONIC operand, operand    ; or # starts a comment
 *           .org ADDR      .word V, ...   .entry ADDR   .init VAR VALUE
 *
 * An object listing (what `virtcheck asm` prints) is itself assembly made of
 * .org/.word/.init lines, so one parser reads both. */
#ifndef VC_ASM_H
#define VC_ASM_H

#include "ir.h"

typedef struct {
  uint64_t *words; /* isa->mem storage words, zero where unset */
  bool *used;      /* which words the program sets */
  bool *code;      /* which of them were written as instructions (not .word) */
  uint64_t init[VC_MAX_VARS];
  bool init_set[VC_MAX_VARS];
} Program;

Program *asm_assemble(const Isa *isa, const char *file, const char *src, size_t len,
                      GError **err);
Program *asm_load(const Isa *isa, const char *path, GError **err);
void program_free(Program *p);

/* "load 9", or ".word 0x...": words that decode with no stray bits print as
 * instructions, everything else as data; caller frees. */
char *asm_disasm_word(const Isa *isa, uint64_t word);

/* Object listing: .init lines, then .org/.word for every used word. */
char *asm_listing(const Isa *isa, const Program *p, bool as_instructions);

/* The initial variable values a program asks for, defaults elsewhere:
 * most privileged mode, pc 0, reloc 0, bound covering all storage. */
void program_initial_vars(const Isa *isa, const Program *p, uint64_t *vars);

#endif
