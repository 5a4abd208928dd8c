/* libFuzzer: `virtcheck merge` on any part, as a part from a batch system
 * is input: loading it either fails with an input error, or the merged
 * queries and lockstep walk of a small pg-classic come out of it, or they
 * are refused as input; never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "classify.h"
#include "ledger.h"
#include "lockstep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool input_error(GError *err)
{
  bool ok = err && err->code == VC_ERROR_INPUT;
  g_clear_error(&err);
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static Isa *isa;
  static char path[] = "/tmp/vc-fuzz-merge-XXXXXX";
  if (!isa) {
    const char *const params[] = {"word=6", "addr=2", "data=2", "mem=20", NULL};
    GError *err = NULL;
    isa = isa_load("scenarios/pg-classic.isa", params, &err);
    g_assert_no_error(err);
    int fd = mkstemp(path);
    g_assert(fd >= 0);
    close(fd);
  }
  g_assert(g_file_set_contents(path, (const char *)data, (gssize)size, NULL));
  char *files[] = {path}, *command = NULL, **args = NULL;
  GError *err = NULL;
  if (ledger_start_merge(files, 1, &command, &args, &err)) {
    ClassifyOptions co = {.engine = ENGINE_EXHAUSTIVE, .max_states = 1000};
    Classification *c = classify_isa(isa, &co, &err);
    g_assert(c || input_error(g_steal_pointer(&err)));
    classification_free(c);
    LockstepOptions lo = {.depth = 2, .bare_only = true, .operand_values = 2,
                          .max_states = 100000, .threads = 1};
    Lockstep *l = lockstep_run(isa, &lo, &err);
    g_assert(l || input_error(g_steal_pointer(&err)));
    lockstep_free(l);
  } else {
    g_assert(input_error(g_steal_pointer(&err)));
  }
  g_free(command);
  g_strfreev(args);
  ledger_reset();
  return 0;
}
