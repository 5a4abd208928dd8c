/* The spec language: good specs load into the IR they describe; every
 * malformed spec gets its exact file:line:column message. */
#include "testutil.h"

#include "bad_specs.h"

static void test_bad_spec(gconstpointer data)
{
  const char *name = data;
  for (size_t i = 0; i < G_N_ELEMENTS(bad_specs); i++) {
    if (strcmp(bad_specs[i].name, name))
      continue;
    GError *err = NULL;
    Isa *isa = load_src(bad_specs[i].src, &err);
    g_assert_null(isa);
    g_assert_error(err, VC_ERROR, VC_ERROR_INPUT);
    g_assert_cmpstr(err->message, ==, bad_specs[i].message);
    g_assert_cmpint(vc_exit_code(err), ==, 2);
    g_error_free(err);
  }
}

static void test_nul_byte(void)
{
  GError *err = NULL;
  Isa *isa = isa_load_string("t.isa", "machine t;\0", 11, NULL, &err);
  g_assert_null(isa);
  g_assert_cmpstr(err->message, ==, "t.isa:1:1: error: the file holds a NUL byte; expected text");
  g_error_free(err);
}

/* A spec whose one instruction's body is `body`. */
static Isa *load_body(const char *body, GError **err)
{
  g_autofree char *src = g_strdup_printf(
      "machine t; param word = 8; param mem = 16; modes s, u;\n"
      "pc : 8; reloc : 8; bound : 8 le; reg acc : 8; reg f : 1;\nfield op = [7:4];\n"
      "insn x when op == 0 {\n%s\n}\n", body);
  return load_src(src, err);
}

/* `n` copies of `unit` after `head`, then `tail`. */
static char *repeat(const char *head, const char *unit, unsigned n, const char *tail)
{
  GString *s = g_string_new(head);
  for (unsigned i = 0; i < n; i++)
    g_string_append(s, unit);
  g_string_append(s, tail);
  return g_string_free(s, FALSE);
}

/* No input exhausts the stack (docs/isa-spec.md): chains of every binary
 * operator load at the height limit and are refused one above it, at the
 * operator that crosses it, as are the long chains fuzzing found (175,000
 * terms; 48,000 in a body). Unary chains, else-if chains, nested concat and
 * long let chains stop at their own limits. */
static void test_chains(void)
{
  static const char *const ops[] = {"+", "-", "*", "&", "|", "^", "<<", ">>", ">>>",
                                    "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
  for (size_t k = 0; k < G_N_ELEMENTS(ops); k++) {
    bool flag = k >= 9; /* comparisons and logic: 1-bit operands, each level */
    g_autofree char *unit = g_strdup_printf(" %s %s", ops[k], flag ? "f" : "acc");
    for (unsigned n = VC_MAX_EXPR_HEIGHT - 1; n <= VC_MAX_EXPR_HEIGHT; n++) {
      const char *head = flag ? "f := f" : "acc := acc";
      g_autofree char *body = repeat(head, unit, n, ";");
      GError *err = NULL;
      Isa *isa = load_body(body, &err);
      if (n < VC_MAX_EXPR_HEIGHT) {
        /* loads, or fails on a width (== of 1-bit values is fine) but never on depth */
        g_assert_true(isa || !strstr(err->message, "deeper"));
      } else {
        g_assert_null(isa);
        g_autofree char *want = g_strdup_printf(
            "t.isa:5:%zu: error: expression deeper than %d levels (a chain of operators counts "
            "each one)", strlen(head) + strlen(unit) * (VC_MAX_EXPR_HEIGHT - 1) + 2,
            VC_MAX_EXPR_HEIGHT);
        g_assert_cmpstr(err->message, ==, want);
      }
      g_clear_error(&err);
      isa_free(isa);
    }
  }
  const struct {
    const char *head, *unit, *tail;
    unsigned n;
    const char *message;
  } limits[] = {
      {"acc := acc", " + 0", ";", 48000, "deeper than 256 levels"},
      {"acc := ", "~", "acc;", 100, "nesting deeper than 64 levels"},
      {"if f { acc := 0; }", " else if f { acc := 1; }", "", 100, "nesting deeper than 64"},
      {"acc := ", "concat(acc[3:0], ", "0)[7:0]", 100, "nesting deeper than 64 levels"},
      {"acc := ", "(", "acc", 300, "nesting deeper than 64 levels"},
  };
  for (size_t k = 0; k < G_N_ELEMENTS(limits); k++) {
    g_autofree char *body = repeat(limits[k].head, limits[k].unit, limits[k].n, limits[k].tail);
    GError *err = NULL;
    g_assert_null(load_body(body, &err));
    g_assert_nonnull(strstr(err->message, limits[k].message));
    g_clear_error(&err);
  }
  /* VC_MAX_LOCALS lets, each built from the one before, load; one more is refused */
  for (int n = VC_MAX_LOCALS; n <= VC_MAX_LOCALS + 1; n++) {
    GString *lets = g_string_new("let x0 = acc;\n");
    for (int i = 1; i < n; i++)
      g_string_append_printf(lets, "let x%d = x%d + x%d;\n", i, i - 1, i - 1);
    g_string_append_printf(lets, "acc := x%d;", n - 1);
    GError *err = NULL;
    Isa *isa = load_body(lets->str, &err);
    if (n == VC_MAX_LOCALS)
      g_assert_no_error(err);
    else
      g_assert_cmpstr(err->message, ==, "t.isa:133:1: error: more than 128 locals in 'x'");
    g_clear_error(&err);
    isa_free(isa);
    g_string_free(lets, TRUE);
  }
  GError *err = NULL;
  /* the whole-file case: a state width of 175,000 terms */
  g_autofree char *width = repeat("machine t; param word = 8; param mem = 16; modes s, u;\npc : 8",
                                  "+0", 175000, ";\nreloc : 8; bound : 8 le;\n");
  g_assert_null(load_src(width, &err));
  g_assert_cmpstr(err->message, ==, "t.isa:2:517: error: expression deeper than 256 levels (a "
                                    "chain of operators counts each one)");
  g_clear_error(&err);
}

static void test_pg_classic_shape(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  g_assert_cmpstr(isa->name, ==, "pg-classic"); /* the file's name, hyphen and all */
  g_assert_cmpuint(isa->word, ==, 12);
  g_assert_cmpuint(isa->mem, ==, 64);
  g_assert_cmpuint(isa->nmodes, ==, 2);
  g_assert_cmpstr(isa->mode_names[0], ==, "s");
  g_assert_cmpuint(isa->nvars, ==, 6);
  g_assert_true(isa->vars[VAR_MODE].resource && isa->vars[VAR_RELOC].resource);
  g_assert_false(isa->vars[isa_find_var(isa, "acc")].resource);
  g_assert_cmpuint(isa->psw_len, ==, 4);
  g_assert_cmpuint(isa->vector[CAUSE_SYSCALL].new_at, ==, 12);
  g_assert_cmpuint(isa->vector[CAUSE_MEMORY].new_at, ==, 4);
  g_assert_cmpuint(isa->ninsns, ==, 13);
  int svc = isa_find_insn(isa, "svc");
  g_assert_cmpuint(isa->insns[svc].mask, ==, 0xfff);
  g_assert_cmpuint(isa->insns[svc].match, ==, 0xb00);
  g_assert_cmpint(isa_decode(isa, 0x123), ==, isa_find_insn(isa, "store"));
  g_assert_cmpint(isa_decode(isa, 0xb01), ==, -1); /* stray operand bits: illegal */
  g_assert_cmpint(isa_decode(isa, 0xf00), ==, -1);
  const IrInsn *lpsw = &isa->insns[isa_find_insn(isa, "lpsw")];
  g_assert_true(lpsw->reads_var[VAR_MODE] && lpsw->writes_var[VAR_RELOC] && lpsw->loads_psw);
  const IrInsn *ldi = &isa->insns[isa_find_insn(isa, "ldi")];
  g_assert_false(ldi->reads_var[VAR_MODE] || ldi->reads_mem || ldi->may_trap);
  isa_free(isa);
}

static void test_param_override(void)
{
  const char *const params[] = {"word=8", "addr=4", "data=8", "mem=20", NULL};
  Isa *isa = load_scenario("pg-classic", params);
  g_assert_cmpuint(isa->word, ==, 8);
  g_assert_cmpuint(isa->mem, ==, 20);
  g_assert_cmpuint(isa->fields[1].hi, ==, 3); /* a = [addr-1 : 0] */
  g_assert_cmpuint(isa->addr_width, ==, 4);
  g_assert_cmpuint(isa->insns[isa_find_insn(isa, "svc")].match, ==, 0xb0);
  isa_free(isa);
}

static void check_override_error(const char *param, const char *message)
{
  const char *const params[] = {param, NULL};
  GError *err = NULL;
  Isa *isa = isa_load("scenarios/pg-classic.isa", params, &err);
  g_assert_null(isa);
  g_assert_error(err, VC_ERROR, VC_ERROR_INPUT);
  g_assert_cmpstr(err->message, ==, message);
  g_error_free(err);
}

static void test_param_override_errors(void)
{
  check_override_error("size=8", "--param size=8: scenarios/pg-classic.isa declares no "
                                 "parameter 'size' (it declares: word, addr, data, mem)");
  check_override_error("word=big", "--param word=big: expected a non-negative number for 'word'");
  check_override_error("word=-3", "--param word=-3: expected a non-negative number for 'word'");
  check_override_error("word=4", "--param word=4: 'word' must be in 6..32 "
                                 "(scenarios/pg-classic.isa:9)");
  check_override_error("word", "--param word: expected NAME=VALUE");
}

/* Mutated specs (a byte replaced, deleted or duplicated) must load or fail
 * with a located message; never crash, hang or fail silently. */
static void test_mutations_never_crash(void)
{
  gchar *src;
  gsize len;
  g_assert_true(g_file_get_contents("scenarios/pg-classic.isa", &src, &len, NULL));
  GRand *rng = g_rand_new_with_seed(1974);
  static const char alphabet[] = "{}()[];:=<>+-*&|^~!?,.#0123456789abxyz \n";
  unsigned failed = 0;
  for (int i = 0; i < 3000; i++) {
    g_autofree char *m = g_malloc(len * 2 + 2);
    gsize at = (gsize)g_rand_int_range(rng, 0, (gint32)len), n = 0;
    int kind = g_rand_int_range(rng, 0, 3);
    memcpy(m, src, at);
    n = at;
    if (kind == 0) /* replace */
      m[n++] = alphabet[g_rand_int_range(rng, 0, sizeof alphabet - 1)];
    if (kind == 2) /* duplicate a run */
      memcpy(m + n, src + at, MIN(len - at, 40)), n += MIN(len - at, 40);
    gsize skip = kind == 2 ? 0 : 1;
    memcpy(m + n, src + at + skip, len - at - skip);
    n += len - at - skip;
    GError *err = NULL;
    Isa *isa = isa_load_string("m.isa", m, n, NULL, &err);
    if (isa) {
      g_assert_no_error(err);
      isa_free(isa);
    } else {
      g_assert_nonnull(err);
      g_assert_true(g_str_has_prefix(err->message, "m.isa:"));
      g_assert_nonnull(strstr(err->message, ": error: "));
      g_error_free(err);
      failed++;
    }
  }
  g_assert_cmpuint(failed, >, 1000); /* most mutations break the spec */
  g_rand_free(rng);
  g_free(src);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/spec/pg-classic-shape", test_pg_classic_shape);
  g_test_add_func("/spec/param-override", test_param_override);
  g_test_add_func("/spec/param-override-errors", test_param_override_errors);
  g_test_add_func("/spec/nul-byte", test_nul_byte);
  g_test_add_func("/spec/chains", test_chains);
  g_test_add_func("/spec/mutations-never-crash", test_mutations_never_crash);
  for (size_t i = 0; i < G_N_ELEMENTS(bad_specs); i++) {
    g_autofree char *path = g_strdup_printf("/spec/bad/%s", bad_specs[i].name);
    g_test_add_data_func(path, bad_specs[i].name, test_bad_spec);
  }
  return g_test_run();
}
