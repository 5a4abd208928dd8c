/* libFuzzer: a spec, then (when it loads at a tiny size) a bounded run of
 * the reference machine from zeroed storage and one classification query of
 * each instruction by the exhaustive engine, its witness replayed. */
#include <stdint.h>

#include "ask.h"
#include "explore.h"
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
    for (unsigned i = 0; i < isa->ninsns && i < 8; i++) {
      Query q = {.kind = (QueryKind)(i % (Q_RESOURCE + 1)), .sel = SEL_USER,
                 .resource = VAR_BOUND};
      QueryResult r;
      explore_query(isa, i, &q, NULL, NULL, 20000, 0, &r);
      char *why = NULL;
      if (r.ans == ANS_YES && !witness_replay(isa, &isa->insns[i], &q, &r.w, &why))
        g_error("%s", why);
      query_result_clear(&r);
    }
  }
  isa_free(isa);
  return 0;
}
