/* Diagnostics shared by every module: one GError domain, the exit codes they
 * map to, and the "file:line:column: error: ..." form every input error takes. */
#ifndef VC_DIAG_H
#define VC_DIAG_H

#include <glib.h>

/* Exit codes of the virtcheck program (docs/virtcheck.md). */
enum {
  VC_EXIT_OK = 0,
  VC_EXIT_FAILS = 1,   /* the checked property fails */
  VC_EXIT_INPUT = 2,   /* bad input or usage */
  VC_EXIT_LIMIT = 3,   /* a limit was hit; results incomplete */
  VC_EXIT_INTERNAL = 4 /* a bug in virtcheck itself, or the solver failed */
};

typedef enum {
  VC_ERROR_INPUT,    /* malformed spec, program, parameter or option */
  VC_ERROR_LIMIT,    /* a declared limit was reached */
  VC_ERROR_INTERNAL, /* an invariant broke (or the solver failed) */
  VC_ERROR_FAILS,    /* a check failed (e.g. the engines disagree) */
} VcErrorCode;

#define VC_ERROR (vc_error_quark())
GQuark vc_error_quark(void);

/* A position in an input file; line and column count from 1. */
typedef struct {
  int line, col;
} VcLoc;

/* Sets *err to "file:line:col: error: <fmt>" with code VC_ERROR_INPUT. */
void vc_error_at(GError **err, const char *file, VcLoc loc, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* The exit code an error maps to. */
int vc_exit_code(const GError *err);

#endif
