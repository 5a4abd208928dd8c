/* libFuzzer: the spec loader (parse, check, lower) on any bytes. It must
 * load or refuse with a positioned error; never crash, hang or leak. */
#include <stdint.h>

#include "ir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *err = NULL;
  Isa *isa = isa_load_string("fuzz.isa", (const char *)data, size, NULL, &err);
  g_assert((isa == NULL) == (err != NULL));
  if (err)
    g_assert(err->code == VC_ERROR_INPUT);
  isa_free(isa);
  g_clear_error(&err);
  return 0;
}
