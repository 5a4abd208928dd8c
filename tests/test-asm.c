/* The assembler and disassembler derived from the encodings. */
#include "machine.h"
#include "testutil.h"

static const struct {
  const char *name, *src, *message;
} bad_programs[] = {
    {"unknown-insn", "  lod 3\n",
     "t.s:1:3: error: unknown instruction 'lod' for pg-classic"},
    {"too-few", "  load\n",
     "t.s:1:7: error: 'load' takes 1 operand, found 0"},
    {"too-many", "  load 3, 4\n",
     "t.s:1:9: error: 'load' takes 1 operand, found more"},
    {"no-operands", "  svc 1\n",
     "t.s:1:7: error: 'svc' takes no operands"},
    {"does-not-fit", "  load 256\n",
     "t.s:1:8: error: operand 256 does not fit the 8-bit field 'a' of 'load'"},
    {"negative-too-small", "  ldi -129\n",
     "t.s:1:7: error: operand -129 does not fit the 8-bit field 'a' of 'ldi'"},
    {"unknown-symbol", "  jmp nowhere\n",
     "t.s:1:7: error: unknown symbol 'nowhere'"},
    {"label-twice", "a1: svc\na1: svc\n",
     "t.s:2:1: error: label 'a1' is defined twice"},
    {"written-twice", "  .org 30\n  svc\n  .org 30\n  halt\n",
     "t.s:4:3: error: word 30 is written twice (first at line 2)"},
    {"org-outside", "  .org 64\n",
     "t.s:1:8: error: .org 64 is outside storage (64 words)"},
    {"org-forward", "  .org later\nlater: svc\n",
     "t.s:1:8: error: 'later' is not defined above this line, and this directive needs its value at once"},
    {"unknown-directive", "  .byte 3\n",
     "t.s:1:3: error: unknown directive '.byte' (there are .org, .word, .entry and .init)"},
    {"init-unknown-var", "  .init flags 1\n",
     "t.s:1:9: error: 'flags' is no state variable of pg-classic"},
    {"init-bad-mode", "  .init mode 2\n",
     "t.s:1:14: error: 2 is not a mode of pg-classic (its modes: s, u)"},
    {"word-too-big", "  .word 4096\n",
     "t.s:1:9: error: 4096 does not fit a 12-bit word"},
    {"past-storage", "  .org 63\n  svc\n  svc\n",
     "t.s:3:3: error: address 64 is outside storage (64 words)"},
    {"garbage", "  load 3 )\n",
     "t.s:1:10: error: expected the end of the line, found ')'"},
    {"bad-char", "  load $3\n",
     "t.s:1:8: error: unexpected character '$'"},
};

static void test_bad_program(gconstpointer data)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(bad_programs); i++) {
    if (strcmp(bad_programs[i].name, data))
      continue;
    GError *err = NULL;
    const char *src = bad_programs[i].src;
    Program *p = asm_assemble(isa, "t.s", src, strlen(src), &err);
    g_assert_null(p);
    g_assert_error(err, VC_ERROR, VC_ERROR_INPUT);
    g_assert_cmpstr(err->message, ==, bad_programs[i].message);
    g_error_free(err);
  }
  isa_free(isa);
}

static void assert_same_program(const Isa *isa, const Program *a, const Program *b)
{
  g_assert_cmpmem(a->words, isa->mem * sizeof(uint64_t), b->words, isa->mem * sizeof(uint64_t));
  g_assert_cmpmem(a->used, isa->mem * sizeof(bool), b->used, isa->mem * sizeof(bool));
  g_assert_cmpmem(a->init_set, sizeof a->init_set, b->init_set, sizeof b->init_set);
  for (unsigned v = 0; v < isa->nvars; v++)
    g_assert_cmpuint(a->init[v], ==, b->init[v]);
}

/* asm, disasm, asm gives identical words; so does the object listing. */
static void test_round_trip(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  GError *err = NULL;
  Program *p = asm_load(isa, "scenarios/pg-classic/guest-os.s", &err);
  g_assert_no_error(err);
  g_assert_true(p->init_set[VAR_PC]);
  g_assert_cmpuint(p->init[VAR_PC], ==, 20);
  for (int as_insns = 0; as_insns <= 1; as_insns++) {
    g_autofree char *text = asm_listing(isa, p, as_insns);
    Program *q = assemble(isa, text);
    assert_same_program(isa, p, q);
    g_autofree char *again = asm_listing(isa, q, as_insns);
    g_assert_cmpstr(text, ==, again);
    program_free(q);
  }
  program_free(p);
  isa_free(isa);
}

static void test_disasm_words(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  const struct {
    uint64_t word;
    const char *text;
  } cases[] = {
      {0x009, "load 9"}, {0x1ff, "store 255"}, {0x800, "lpsw 0"}, {0xa00, "retu"},
      {0xb00, "svc"},    {0xb01, ".word 0xb01"}, {0xf00, ".word 0xf00"}, {0xc00, "halt"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *d = asm_disasm_word(isa, cases[i].word);
    g_assert_cmpstr(d, ==, cases[i].text);
  }
  isa_free(isa);
}

static void test_syntax(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  Program *p = assemble(isa, "; comment\n# comment\n.entry start\n.init mode u\n.init acc 7\n"
                             "      .org 10\nstart: LDI -1       ; upper case, negative\n"
                             "      jmp start + 2 - 1\n      .word u, s, 0x7ff, 0b101\n"
                             "      load data\ndata: .word -1\n");
  g_assert_cmpuint(p->words[10], ==, 0x7ff);
  g_assert_cmpuint(p->words[11], ==, 0x60b);
  g_assert_cmpuint(p->words[12], ==, 1);
  g_assert_cmpuint(p->words[13], ==, 0);
  g_assert_cmpuint(p->words[14], ==, 0x7ff);
  g_assert_cmpuint(p->words[15], ==, 5);
  g_assert_cmpuint(p->words[16], ==, 0x011); /* forward reference */
  g_assert_cmpuint(p->words[17], ==, 0xfff);
  uint64_t vars[VC_MAX_VARS];
  program_initial_vars(isa, p, vars);
  g_assert_cmpuint(vars[VAR_PC], ==, 10);
  g_assert_cmpuint(vars[VAR_MODE], ==, 1);
  g_assert_cmpuint(vars[isa_find_var(isa, "acc")], ==, 7);
  g_assert_cmpuint(vars[VAR_BOUND], ==, 63); /* default: all storage */
  program_free(p);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/asm/round-trip", test_round_trip);
  g_test_add_func("/asm/disasm-words", test_disasm_words);
  g_test_add_func("/asm/syntax", test_syntax);
  for (size_t i = 0; i < G_N_ELEMENTS(bad_programs); i++) {
    g_autofree char *path = g_strdup_printf("/asm/bad/%s", bad_programs[i].name);
    g_test_add_data_func(path, bad_programs[i].name, test_bad_program);
  }
  return g_test_run();
}
