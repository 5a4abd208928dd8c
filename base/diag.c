#include "diag.h"

G_DEFINE_QUARK(vc-error-quark, vc_error)

void vc_error_at(GError **err, const char *file, VcLoc loc, const char *fmt, ...)
{
  if (!err || *err)
    return;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(err, VC_ERROR, VC_ERROR_INPUT, "%s:%d:%d: error: %s", file, loc.line, loc.col,
              msg);
}

int vc_exit_code(const GError *err)
{
  if (!err || err->domain != VC_ERROR)
    return VC_EXIT_INTERNAL;
  switch (err->code) {
  case VC_ERROR_INPUT:
    return VC_EXIT_INPUT;
  case VC_ERROR_LIMIT:
    return VC_EXIT_LIMIT;
  case VC_ERROR_FAILS:
    return VC_EXIT_FAILS;
  default:
    return VC_EXIT_INTERNAL;
  }
}
