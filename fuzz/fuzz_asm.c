/* libFuzzer: the assembler on any program for a bundled spec, and the round
 * trip: what assembles, disassembled and assembled again, gives the same
 * words and initial state. */
#include <stdint.h>
#include <string.h>

#include "asm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Isa *spec(void)
{
  static Isa *isa;
  if (!isa) {
    GError *err = NULL;
    const char *path = g_getenv("FUZZ_SPEC") ? g_getenv("FUZZ_SPEC") : "scenarios/pg-classic.isa";
    isa = isa_load(path, NULL, &err);
    g_assert_no_error(err);
  }
  return isa;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const Isa *isa = spec();
  GError *err = NULL;
  Program *p = asm_assemble(isa, "fuzz.s", (const char *)data, size, &err);
  if (!p) {
    g_assert(err && err->code == VC_ERROR_INPUT);
    g_error_free(err);
    return 0;
  }
  for (int as_insns = 0; as_insns < 2; as_insns++) { /* words, then instructions */
    char *listing = asm_listing(isa, p, as_insns);
    Program *q = asm_assemble(isa, "listing.s", listing, strlen(listing), &err);
    g_assert_no_error(err);
    g_assert(memcmp(p->words, q->words, isa->mem * sizeof *p->words) == 0);
    uint64_t a[VC_MAX_VARS], b[VC_MAX_VARS];
    program_initial_vars(isa, p, a);
    program_initial_vars(isa, q, b);
    g_assert(memcmp(a, b, isa->nvars * sizeof *a) == 0);
    program_free(q);
    g_free(listing);
  }
  program_free(p);
  return 0;
}
