/* The machine compiled to native code, as SPIN compiles its verifier: the
 * spec's fetch, decode and every instruction's IR emitted as C, compiled
 * with the system's cc into a shared object (cached by the source's hash
 * under $XDG_CACHE_HOME/virtcheck) and loaded. It is a third reading of the
 * IR beside ir_exec and ir_run; tests/test-fastpath.c holds all three to
 * the same outcomes on random states. Opt-in (`run --native`, benches):
 * compiling takes a fraction of a second, worth it for long runs only. */
#ifndef VC_NATIVE_H
#define VC_NATIVE_H

#include "ir.h"

typedef struct Native Native;

/* What a native run returns. */
typedef enum { NATIVE_RAN, NATIVE_TRAPPED, NATIVE_HALTED } NativeEnd;

/* Runs up to `limit` instructions from var/mem in place, stopping after
 * one that traps (nothing written: the caller takes the trap; *cause says
 * why) or halts. Returns the instructions run, the trapping one included. */
typedef uint64_t (*NativeRun)(uint64_t *var, uint64_t *mem, uint64_t size, uint64_t *touched,
                              uint64_t limit, int *end, unsigned *cause);

/* Compiles (or finds in the cache) and loads the spec's native code; NULL
 * with *err when no compiler works (the interpreter serves then). */
Native *native_new(const Isa *isa, GError **err);
void native_free(Native *n);
NativeRun native_run(const Native *n);

/* The C source for the spec (caller frees). */
char *native_source(const Isa *isa);

#endif
