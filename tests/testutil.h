/* Helpers shared by the GTest binaries. Tests run from the repository root. */
#ifndef VC_TESTUTIL_H
#define VC_TESTUTIL_H

#include <string.h>

#include "asm.h"
#include "eval.h"
#include "ir.h"

static inline Isa *load_scenario(const char *name, const char *const *params)
{
  g_autofree char *path = g_strdup_printf("scenarios/%s.isa", name);
  GError *err = NULL;
  Isa *isa = isa_load(path, params, &err);
  g_assert_no_error(err);
  return isa;
}

static inline Isa *load_src(const char *src, GError **err)
{
  return isa_load_string("t.isa", src, strlen(src), NULL, err);
}

static inline Program *assemble(const Isa *isa, const char *src)
{
  GError *err = NULL;
  Program *p = asm_assemble(isa, "t.s", src, strlen(src), &err);
  g_assert_no_error(err);
  return p;
}

#endif
