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

static void test_pg_classic_shape(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  g_assert_cmpstr(isa->name, ==, "pg_classic");
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
  g_test_add_func("/spec/mutations-never-crash", test_mutations_never_crash);
  for (size_t i = 0; i < G_N_ELEMENTS(bad_specs); i++) {
    g_autofree char *path = g_strdup_printf("/spec/bad/%s", bad_specs[i].name);
    g_test_add_data_func(path, bad_specs[i].name, test_bad_spec);
  }
  return g_test_run();
}
