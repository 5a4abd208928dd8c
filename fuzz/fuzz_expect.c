/* libFuzzer: the expected-classes parser on any text, as a student's
 * classes file is (virtcheck grade): an error is an input error naming a
 * position, never a crash; what parses names only the spec's instructions. */
#include <stdint.h>
#include <string.h>

#include "expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static Isa *isa;
  if (!isa) {
    GError *err = NULL;
    isa = isa_load("scenarios/m68000.isa", NULL, &err);
    g_assert_no_error(err);
  }
  g_autofree char *text = g_strndup((const char *)data, size); /* stops at a NUL, as a file read does not */
  for (int with = 0; with < 2; with++) {
    GError *err = NULL;
    Expect *e = expect_parse("fuzz.expect", text, with ? isa : NULL, &err);
    if (!e) {
      g_assert(err && err->code == VC_ERROR_INPUT && g_str_has_prefix(err->message, "fuzz.expect:"));
      g_error_free(err);
      continue;
    }
    for (int k = 0; with && k < EXPECT_SETS; k++)
      for (char **n = e->sets[k]; n && *n; n++)
        g_assert(isa_find_insn(isa, *n) >= 0);
    expect_free(e);
  }
  return 0;
}
