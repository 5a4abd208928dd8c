/* Runs tasks each in a child process under limits: CPU time and address
 * space (setrlimit) and a wall-clock deadline (the parent kills it), so
 * that a task that crashes, loops or exhausts memory ends as a result with
 * a reason and the batch goes on. Up to `jobs` children at once; results
 * are by task index, so their order never depends on which ended first. */
#ifndef VC_SANDBOX_H
#define VC_SANDBOX_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
  double seconds;    /* wall clock per task; CPU time is limited to the same, rounded up */
  uint64_t bytes;    /* address space per task; 0: none (and none under AddressSanitizer) */
} SandboxLimits;

typedef enum {
  SANDBOX_DONE,    /* the task returned its text */
  SANDBOX_CRASHED, /* it died without: a signal or an exit */
  SANDBOX_TIME,    /* killed at the wall-clock deadline, or by the CPU limit */
  SANDBOX_MEMORY,  /* an allocation failed at the memory limit */
} SandboxEnd;

typedef struct {
  SandboxEnd end;
  char *text; /* SANDBOX_DONE: what the task returned */
  char *why;  /* otherwise: in words ("killed by signal 11 (Segmentation fault)") */
} SandboxResult;

/* The task, run in the child: returns text for the parent (freed there). */
typedef char *(*SandboxTask)(unsigned task, void *ctx);

/* Called in the parent as each task ends (progress), may be NULL. */
typedef void (*SandboxDone)(unsigned task, unsigned ended, unsigned n, void *ctx);

/* Whether the memory limit applies in this build (not under
 * AddressSanitizer, which reserves terabytes of address space). */
bool sandbox_limits_memory(void);

/* Runs tasks 0..n-1; out has n results. */
void sandbox_run(unsigned n, unsigned jobs, const SandboxLimits *lim, SandboxTask task,
                 SandboxDone done, void *ctx, SandboxResult *out);
void sandbox_result_clear(SandboxResult *r);

#endif
