#include "native.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"

struct Native {
  void *handle;
  NativeRun run;
};

static void lit(GString *s, uint64_t v)
{
  g_string_append_printf(s, "0x%" G_GINT64_MODIFIER "xULL", v);
}

/* One node, exactly as ir_fold computes it (the differential test holds the
 * two together). */
static void emit_expr(GString *s, const IrInsn *in, unsigned n)
{
  const IrExpr *e = &in->ex[n];
  unsigned w = e->width, aw = in->ex[e->a].width, bw = in->ex[e->b].width;
  uint64_t m = ir_mask(w);
  g_string_append_printf(s, "    v%u = ", n);
  switch ((IrOp)e->op) {
  case IR_CONST: lit(s, e->k); break;
  case IR_INSN: g_string_append(s, "w"); break;
  case IR_VAR: g_string_append_printf(s, "p%u", (unsigned)e->k); break;
  case IR_LOCAL: g_string_append_printf(s, "L%u", (unsigned)e->k); break;
  case IR_ADD: g_string_append_printf(s, "(v%u + v%u) & ", e->a, e->b), lit(s, m); break;
  case IR_SUB: g_string_append_printf(s, "(v%u - v%u) & ", e->a, e->b), lit(s, m); break;
  case IR_MUL: g_string_append_printf(s, "(v%u * v%u) & ", e->a, e->b), lit(s, m); break;
  case IR_AND: g_string_append_printf(s, "v%u & v%u", e->a, e->b); break;
  case IR_OR: g_string_append_printf(s, "v%u | v%u", e->a, e->b); break;
  case IR_XOR: g_string_append_printf(s, "v%u ^ v%u", e->a, e->b); break;
  case IR_NOT: g_string_append_printf(s, "~v%u & ", e->a), lit(s, m); break;
  case IR_SHL:
    g_string_append_printf(s, "v%u >= %u ? 0 : (v%u << v%u) & ", e->b, w, e->a, e->b), lit(s, m);
    break;
  case IR_LSHR: g_string_append_printf(s, "v%u >= %u ? 0 : v%u >> v%u", e->b, w, e->a, e->b); break;
  case IR_ASHR:
    g_string_append_printf(s, "(u64)(v%u >= %u ? (sx(v%u, %u) < 0 ? -1 : 0) "
                              ": sx(v%u, %u) >> v%u) & ",
                           e->b, w, e->a, w, e->a, w, e->b), lit(s, m);
    break;
  case IR_EQ: g_string_append_printf(s, "v%u == v%u", e->a, e->b); break;
  case IR_ULT: g_string_append_printf(s, "v%u < v%u", e->a, e->b); break;
  case IR_ULE: g_string_append_printf(s, "v%u <= v%u", e->a, e->b); break;
  case IR_SLT: g_string_append_printf(s, "sx(v%u, %u) < sx(v%u, %u)", e->a, aw, e->b, aw); break;
  case IR_SLE: g_string_append_printf(s, "sx(v%u, %u) <= sx(v%u, %u)", e->a, aw, e->b, aw); break;
  case IR_SLICE:
    g_string_append_printf(s, "(v%u >> %u) & ", e->a, (unsigned)(e->k & 0xff)), lit(s, m);
    break;
  case IR_CONCAT:
    if (bw >= 64)
      g_string_append_printf(s, "v%u & ", e->b), lit(s, m);
    else
      g_string_append_printf(s, "((v%u << %u) | v%u) & ", e->a, bw, e->b), lit(s, m);
    break;
  case IR_ZEXT: g_string_append_printf(s, "v%u", e->a); break;
  case IR_SEXT: g_string_append_printf(s, "(u64)sx(v%u, %u) & ", e->a, aw), lit(s, m); break;
  case IR_ITE: g_string_append_printf(s, "v%u ? v%u : v%u", e->a, e->b, e->c); break;
  default: g_assert_not_reached();
  }
  g_string_append(s, ";\n");
}

/* The address rules (eval.c's legal_rule and phys_rule for the machine:
 * no origin, sums that cannot wrap at the physical width): sets ph, ok. */
static void emit_access(GString *s, const Isa *isa, const char *a, unsigned k, bool physical)
{
  if (physical)
    g_string_append_printf(s, "    ph = %s; ok = ph < size;\n", a);
  else
    g_string_append_printf(s, "    ph = p%u + %s + %u; ok = %s + %u %s p%u && ph < size;\n",
                           VAR_RELOC, a, k, a, k, isa->bound_lt ? "<" : "<=", VAR_BOUND);
}

static void emit_set(GString *s, const Isa *isa, unsigned var, const char *val)
{
  if (var == VAR_MODE && isa->nmodes != (1u << isa->vars[VAR_MODE].width))
    g_string_append_printf(s, "    n%u = %s < %u ? %s : %u;\n", var, val, isa->nmodes, val,
                           isa->nmodes - 1);
  else
    g_string_append_printf(s, "    n%u = %s;\n", var, val);
}

/* A trap (when `unless` is given: unless it holds): nothing written, the
 * caller takes it. */
static void emit_trap(GString *s, unsigned cause, const char *unless)
{
  if (unless)
    g_string_append_printf(s, "    if (!%s) ", unless);
  else
    g_string_append(s, "    ");
  g_string_append_printf(s, "{ *cause = %u; *end = %d; return n; }\n", cause, NATIVE_TRAPPED);
}

static void emit_block(GString *s, const Isa *isa, const IrInsn *in, uint32_t first, uint32_t end)
{
  for (uint32_t i = first; i < end;) {
    const IrStmt *st = &in->st[i];
    for (uint32_t n = st->lo; n < st->hi; n++)
      emit_expr(s, in, n);
    char a[32];
    g_snprintf(a, sizeof a, "v%u", st->e0);
    switch ((IrStmtKind)st->kind) {
    case IS_LET: g_string_append_printf(s, "    L%u = v%u;\n", st->slot, st->e0); break;
    case IS_SET: emit_set(s, isa, st->slot, a); break;
    case IS_LOAD:
      emit_access(s, isa, a, 0, st->physical);
      emit_trap(s, CAUSE_MEMORY, "ok");
      g_string_append_printf(s, "    TOUCH(ph); L%u = mem[ph];\n", st->slot);
      break;
    case IS_STORE:
      emit_access(s, isa, a, 0, st->physical);
      emit_trap(s, CAUSE_MEMORY, "ok");
      g_string_append_printf(s, "    sp[ns] = ph; sv[ns++] = v%u;\n", st->e1);
      break;
    case IS_IF:
      g_string_append_printf(s, "    if (v%u) {\n", st->e0);
      emit_block(s, isa, in, i + 1, st->then_end);
      g_string_append(s, "    } else {\n");
      emit_block(s, isa, in, st->then_end, st->else_end);
      g_string_append(s, "    }\n");
      i = st->else_end;
      continue;
    case IS_TRAP:
      emit_trap(s, st->cause, NULL);
      break;
    case IS_HALT: g_string_append(s, "    halted = 1; goto commit;\n"); break;
    case IS_LOADPSW: { /* every word read (and touched) before any is taken, as ir_exec does */
      g_string_append(s, "    {\n    int all = 1;\n");
      for (unsigned k = 0; k < isa->psw_len; k++) {
        emit_access(s, isa, a, k, false);
        g_string_append_printf(s, "    u64 pw%u = ok ? mem[ph] : 0; if (ok) TOUCH(ph);"
                                  " all &= ok;\n", k);
      }
      emit_trap(s, CAUSE_MEMORY, "all");
      for (unsigned k = 0; k < isa->psw_len; k++) {
        unsigned var = isa->psw[k], vw = isa->vars[var].width;
        char val[64];
        if (vw < isa->word)
          g_snprintf(val, sizeof val, "(pw%u & 0x%" G_GINT64_MODIFIER "xULL)", k, ir_mask(vw));
        else
          g_snprintf(val, sizeof val, "pw%u", k);
        emit_set(s, isa, var, val);
      }
      g_string_append(s, "    }\n");
      break;
    }
    }
    i++;
  }
}

char *native_source(const Isa *isa)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "/* %s: generated by virtcheck (machine/native.c) */\n", isa->name);
  g_string_append(s, "#include <stdint.h>\ntypedef uint64_t u64;\n"
                     "static inline int64_t sx(u64 v, unsigned w)\n"
                     "{ if (w >= 64) return (int64_t)v; u64 s = (u64)1 << (w - 1);\n"
                     "  v &= ((u64)1 << w) - 1; return (int64_t)((v ^ s) - s); }\n"
                     "#define TOUCH(a) \\\n"
                     "  do { if (touched) touched[(a) >> 6] |= (u64)1 << ((a) & 63); } while (0)\n"
                     "u64 vc_run(u64 *var, u64 *mem, u64 size, u64 *touched, u64 limit, int *end,"
                     " unsigned *cause)\n{\n  u64 n = 0;\n  while (n < limit) {\n    n++;\n");
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "    u64 p%u = var[%u], n%u = p%u;\n", v, v, v, v);
  g_string_append_printf(s, "    n%u = (p%u + 1) & ", VAR_PC, VAR_PC);
  lit(s, ir_mask(isa->addr_width));
  g_string_append_printf(s, ";\n    u64 ph, w, sp[%d], sv[%d];\n", VC_MAX_STORES, VC_MAX_STORES);
  g_string_append(s, "    int ok, halted = 0; unsigned ns = 0;\n");
  g_string_append(s, "    (void)sp; (void)sv; (void)halted;\n");
  char pc[16];
  g_snprintf(pc, sizeof pc, "p%u", VAR_PC);
  emit_access(s, isa, pc, 0, false);
  emit_trap(s, CAUSE_MEMORY, "ok");
  g_string_append(s, "    w = mem[ph]; TOUCH(ph);\n");
  for (unsigned i = 0; i < isa->ninsns; i++) { /* isa_decode's order: the first that matches */
    const IrInsn *in = &isa->insns[i];
    g_string_append(s, "    if ((w & ");
    lit(s, in->mask);
    g_string_append(s, ") == ");
    lit(s, in->match);
    g_string_append_printf(s, ") { /* %s */\n", in->name);
    for (unsigned k = 0; k < in->nex; k++)
      g_string_append_printf(s, "    u64 v%u = 0; (void)v%u;\n", k, k);
    for (unsigned k = 0; k < in->nlocals; k++)
      g_string_append_printf(s, "    u64 L%u = 0; (void)L%u;\n", k, k);
    emit_block(s, isa, in, 0, in->nst);
    g_string_append(s, "    goto commit;\n    }\n");
  }
  emit_trap(s, CAUSE_ILLEGAL, NULL);
  g_string_append(s, "  commit:\n"
                     "    for (unsigned k = 0; k < ns; k++)\n"
                     "      { TOUCH(sp[k]); mem[sp[k]] = sv[k]; }\n");
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "    var[%u] = n%u;\n", v, v);
  g_string_append_printf(s, "    if (halted) { *end = %d; return n; }\n  }\n", NATIVE_HALTED);
  g_string_append_printf(s, "  *end = %d;\n  return n;\n}\n", NATIVE_RAN);
  return g_string_free(s, FALSE);
}

/* Compiles src into `so`: a temporary name first, renamed when done, so that
 * processes compiling the same spec at once never load half a file. */
static bool compile(const char *src, const char *so, GError **err)
{
  g_autofree char *dir = g_path_get_dirname(so);
  g_autofree char *c = g_strdup_printf("%s.%d.c", so, (int)getpid());
  g_autofree char *tmp = g_strdup_printf("%s.%d.tmp", so, (int)getpid());
  if (g_mkdir_with_parents(dir, 0700) != 0 || !g_file_set_contents(c, src, -1, err)) {
    if (err && !*err)
      g_set_error(err, VC_ERROR, VC_ERROR_LIMIT, "%s: cannot create the cache", dir);
    return false;
  }
  const char *cc = g_getenv("CC") ? g_getenv("CC") : "cc";
  char *argv[] = {(char *)cc, "-O2", "-fPIC", "-shared", "-w", "-o", tmp, c, NULL};
  g_autofree char *out = NULL, *errs = NULL;
  int status = 0;
  bool ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errs, &status,
                         err) &&
            g_spawn_check_wait_status(status, err) && rename(tmp, so) == 0;
  unlink(c);
  unlink(tmp);
  return ok;
}

Native *native_new(const Isa *isa, GError **err)
{
  g_autofree char *src = native_source(isa);
  g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, src, -1);
  g_autofree char *so = g_strdup_printf("%s/virtcheck/native-%.32s.so", g_get_user_cache_dir(),
                                        hash);
  if (!g_file_test(so, G_FILE_TEST_EXISTS) && !compile(src, so, err))
    return NULL;
  void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
  NativeRun run = h ? (NativeRun)(uintptr_t)dlsym(h, "vc_run") : NULL;
  if (!run) {
    g_set_error(err, VC_ERROR, VC_ERROR_LIMIT, "%s: cannot load: %s", so, dlerror());
    if (h)
      dlclose(h);
    return NULL;
  }
  Native *n = g_new0(Native, 1);
  n->handle = h;
  n->run = run;
  return n;
}

void native_free(Native *n)
{
  if (!n)
    return;
  dlclose(n->handle);
  g_free(n);
}

NativeRun native_run(const Native *n)
{
  return n->run;
}
