/* libFuzzer: a spec, then (when it loads at a tiny size) a bounded run of
 * the reference machine from zeroed storage and one classification query of
 * each instruction by the exhaustive engine (through the asker: residual
 * footprints and refined operands), its witness replayed. */
#include <stdint.h>

#include "ask.h"
#include "machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *err = NULL;
  Isa *isa = isa_load_string("fuzz.isa", (const char *)data, size, NULL, &err);
  if (!isa) {
    g_error_free(err);
    return 0;
  }
  if (isa->mem <= 4096 && isa->word <= 32) {
    Machine *m = machine_new(isa);
    machine_run(m, 256, NULL, NULL);
    machine_free(m);
    Asker cx = {isa, ENGINE_EXHAUSTIVE, 20000, 0, 0, NULL, &err, NULL, -1};
    asker_open(&cx);
    for (unsigned i = 0; i < isa->ninsns && i < 8; i++) {
      Asked a = {.q = {.kind = (QueryKind)(i % (Q_RESOURCE + 1)), .sel = SEL_USER,
                       .resource = VAR_BOUND}};
      if (!asker_ask(&cx, i, &a)) /* only a witness that does not replay */
        g_error("%s", err->message);
      query_result_clear(&a.r);
    }
    asker_close(&cx);
  }
  isa_free(isa);
  return 0;
}
