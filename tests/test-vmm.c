/* Monitors: the guest OS under trap, hybrid and stacked monitors ends as on
 * the bare machine; critical instructions make the trap monitor diverge in
 * the exact component; time-shared guests are isolated. */
#include "paravirt.h"
#include "remedy.h"
#include "testutil.h"
#include "vmm.h"

static TranslationSet *translations; /* the last run's, for translate and patch */

static Program *load_prog(const Isa *isa, const char *path)
{
  GError *err = NULL;
  Program *p = asm_load(isa, path, &err);
  g_assert_no_error(err);
  return p;
}

static Machine *run_bare(const Isa *isa, const Program *p)
{
  Machine *m = machine_new(isa);
  machine_load(m, p);
  g_assert_true(machine_run(m, 100000, NULL, NULL));
  return m;
}

/* Runs `programs` as time-shared guests; returns the stack (caller frees). */
static VmStack *run_vmm(const Isa *isa, MonitorKind kind, unsigned depth, Program **progs,
                        unsigned n, uint64_t quantum)
{
  GError *err = NULL;
  translation_set_free(translations);
  translations = monitor_translates(kind) ? translation_set_derive(isa, 60000, 0, &err) : NULL;
  g_assert_no_error(err);
  VmStack *s = vmm_stack_new(isa, kind, depth, monitor_reserved(isa), n, translations, &err);
  g_assert_no_error(err);
  for (unsigned i = 0; i < n; i++)
    machine_load(s->guests[i]->m, progs[i]);
  g_assert_true(vmm_run(s->guests, n, quantum, 100000, NULL, NULL));
  return s;
}

/* The first state component where two machines differ, or NULL. */
static const char *first_difference(const Machine *a, const Machine *b)
{
  const Isa *isa = a->isa;
  for (unsigned v = 0; v < isa->nvars; v++)
    if (a->var[v] != b->var[v])
      return isa->vars[v].name;
  if (a->halted != b->halted)
    return "halted";
  for (uint64_t w = 0; w < isa->mem; w++)
    if (a->mem[w] != b->mem[w])
      return "storage";
  return NULL;
}

static void test_guest_os(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  Program *p = load_prog(isa, "scenarios/pg-classic/guest-os.s");
  Machine *bare = run_bare(isa, p);
  const struct {
    MonitorKind kind;
    unsigned depth;
    uint64_t direct, emulated, reflected, interpreted;
  } runs[] = {{MON_TRAP, 1, 12, 3, 2, 0},
              {MON_HYBRID, 1, 2, 0, 2, 13},
              {MON_TRAP, 3, 12, 3, 2, 0}};
  for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
    VmStack *s = run_vmm(isa, runs[i].kind, runs[i].depth, &p, 1, 100);
    const Vm *g = s->guests[0];
    g_assert_null(first_difference(g->m, bare));
    g_assert_cmpuint(g->m->steps, ==, bare->steps);
    g_assert_cmpuint(g->counts.direct, ==, runs[i].direct);
    g_assert_cmpuint(g->counts.emulated, ==, runs[i].emulated);
    g_assert_cmpuint(g->counts.reflected, ==, runs[i].reflected);
    g_assert_cmpuint(g->counts.interpreted, ==, runs[i].interpreted);
    g_assert_cmpuint(g->counts.violations, ==, 0);
    vmm_stack_free(s);
  }
  machine_free(bare);
  program_free(p);
  isa_free(isa);
}

static void diverges(const char *scenario, const char *program, MonitorKind kind,
                     const char *component)
{
  Isa *isa = load_scenario(scenario, NULL);
  Program *p = load_prog(isa, program);
  Machine *bare = run_bare(isa, p);
  VmStack *s = run_vmm(isa, kind, 1, &p, 1, 100);
  g_assert_cmpstr(first_difference(s->guests[0]->m, bare), ==, component);
  vmm_stack_free(s);
  machine_free(bare);
  program_free(p);
  isa_free(isa);
}

static void test_x86_popf(void)
{
  /* POPF in virtual ring 0 runs in real ring 3, where IF silently stays. */
  diverges("x86", "tests/programs/x86-popf.s", MON_TRAP, "intf");
}

static void test_pdp10_jrst1(void)
{
  /* JRST 1 in virtual executive mode runs in real user mode: the monitor
   * never learns the guest left executive mode, so its HALT is emulated
   * instead of trapping to the executive. */
  diverges("pdp10", "tests/programs/pdp10-jrst1.s", MON_TRAP, "pc");
  diverges("pdp10", "tests/programs/pdp10-jrst1.s", MON_HYBRID, NULL);
}

/* Binary translation runs both where trap-and-emulate diverges; a guest
 * that rewrites translated code gets the new code (its block invalidated);
 * patching in place also gets it here, as this guest never reads its code. */
static void test_translate(void)
{
  diverges("x86", "tests/programs/x86-popf.s", MON_TRANSLATE, NULL);
  diverges("pdp10", "tests/programs/pdp10-jrst1.s", MON_TRANSLATE, NULL);
  diverges("x86", "tests/programs/x86-smc.s", MON_TRAP, "intf");
  diverges("x86", "tests/programs/x86-smc.s", MON_PATCH, NULL);
  diverges("x86", "scenarios/x86/guest-os.s", MON_TRANSLATE, NULL); /* unmodified */
  Isa *isa = load_scenario("x86", NULL);
  Program *p = load_prog(isa, "tests/programs/x86-smc.s");
  Machine *bare = run_bare(isa, p);
  VmStack *s = run_vmm(isa, MON_TRANSLATE, 1, &p, 1, 100);
  const Vm *g = s->guests[0];
  g_assert_null(first_difference(g->m, bare));
  const CacheCounts *t = code_cache_counts(g->cache);
  g_assert_cmpuint(g->counts.direct, ==, 21);
  g_assert_cmpuint(g->counts.translated_emulated, ==, 2); /* the two POPFs */
  g_assert_cmpuint(t->translated, ==, 2);
  g_assert_cmpuint(t->invalidations, ==, 1);
  g_assert_cmpuint(t->patched, ==, 0);
  for (uint64_t a = 0; a < isa->mem; a++) /* guest storage never holds a translation */
    g_assert_cmpuint(g->m->mem[a], ==, bare->mem[a]);
  vmm_stack_free(s);
  s = run_vmm(isa, MON_TRANSLATE, 3, &p, 1, 100); /* stacked, each level translating */
  g_assert_null(first_difference(s->guests[0]->m, bare));
  g_assert_cmpuint(s->guests[0]->counts.translated_emulated, ==, 2);
  vmm_stack_free(s);
  machine_free(bare);
  program_free(p);
  isa_free(isa);
}

/* Paravirtualization: the x86 guest OS's POPF, PUSHF and both IRETs become
 * INT hypercalls naming words 60-63; rewritten, it ends as the original
 * does on the bare machine, while the original under trap-and-emulate
 * never returns to its user program as it should. */
static void test_paravirt(void)
{
  Isa *isa = load_scenario("x86", NULL);
  Program *p = load_prog(isa, "scenarios/x86/guest-os.s");
  GError *err = NULL;
  TranslationSet *ts = translation_set_derive(isa, 60000, 0, &err);
  g_assert_no_error(err);
  Rewrite *rw = paravirt_rewrite(isa, p, ts, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(rw->rewritten, ==, 4);
  g_assert_cmpuint(rw->table, ==, 60);
  g_assert_cmpuint(rw->ntable, ==, 4);
  const uint64_t replaced[] = {19, 20, 21, 30};
  for (size_t k = 0; k < G_N_ELEMENTS(replaced); k++) {
    g_assert_true(rw->replaced[replaced[k]]);
    g_autofree char *call = asm_disasm_word(isa, rw->prog->words[replaced[k]]);
    g_autofree char *want = g_strdup_printf("int %zu", 60 + k);
    g_assert_cmpstr(call, ==, want);
    g_assert_cmpuint(rw->prog->words[60 + k], ==, p->words[replaced[k]]);
  }
  ParavirtCheck *c = paravirt_check(isa, p, rw, 1000, &err);
  g_assert_no_error(err);
  g_assert_null(c->para_differs[0]);
  g_assert_true(c->bare->halted);
  g_assert_cmpuint(c->bare->steps, ==, 34);
  const MonitorCounts *n = &c->para->guests[0]->counts;
  g_assert_cmpuint(n->hypercalls, ==, 4);
  g_assert_cmpuint(n->emulated, ==, 4); /* CLI, LGDT, LIDT and the final HLT */
  g_assert_cmpuint(n->reflected, ==, 2); /* the user's INT 0 and HLT */
  g_autofree char *trap = g_strjoinv(",", c->trap_differs);
  g_assert_cmpstr(trap, ==, "pc,eax,zf,intf,halted,E[0]");
  paravirt_check_free(c);
  rewrite_free(rw);
  translation_set_free(ts);
  program_free(p);
  isa_free(isa);
}

static void test_time_sharing(void)
{
  Isa *isa = load_scenario("pg-classic", NULL);
  Program *progs[3] = {load_prog(isa, "scenarios/pg-classic/guest-os.s"),
                       load_prog(isa, "tests/programs/pg-count.s"),
                       load_prog(isa, "tests/programs/pg-escape.s")};
  VmStack *s = run_vmm(isa, MON_TRAP, 1, progs, 3, 3);
  for (unsigned i = 0; i < 3; i++) {
    Machine *alone = run_bare(isa, progs[i]);
    g_assert_null(first_difference(s->guests[i]->m, alone));
    machine_free(alone);
  }
  /* The escaping guest got the bare machine's memory trap at its store. */
  const Machine *esc = s->guests[2]->m;
  g_assert_cmpuint(esc->mem[0], ==, 0);  /* old PSW: supervisor */
  g_assert_cmpuint(esc->mem[1], ==, 22); /* the pc of `store 100` */
  /* Its neighbour, placed right after its region, holds its own program. */
  g_assert_cmpuint(s->guests[1]->m->mem[20], ==, progs[1]->words[20]);
  vmm_stack_free(s);
  for (int i = 0; i < 3; i++)
    program_free(progs[i]);
  isa_free(isa);
}

/* A trap entry of the spec's own (tests/specs/classes/entry.isa): the bare
 * machine saves epc, the previous mode and the cause and enters tvec, with
 * no PSW exchange in storage; a monitor reflecting the guest's trap runs
 * that entry on the guest's virtual state and ends the same. */
static void test_trap_entry(void)
{
  GError *err = NULL;
  Isa *isa = isa_load("tests/specs/classes/entry.isa", NULL, &err);
  g_assert_no_error(err);
  Program *p = assemble(isa, "        .init mode u\n"
                             "        .init tvec 6\n"
                             "        nop\n"
                             "        ecall           ; to 6, epc 2\n"
                             "        ecall           ; after eret: to 9, epc 3\n"
                             "        .org 6\n"
                             "        stvec 9\n"
                             "        eret\n"
                             "        .org 9\n"
                             "        halt\n");
  Machine *bare = run_bare(isa, p);
  const char *want[][2] = {{"mode", "0"}, {"epc", "3"}, {"pmode", "1"}, {"ecause", "3"},
                           {"tvec", "9"}};
  for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpuint(bare->var[isa_find_var(isa, want[i][0])], ==,
                     g_ascii_strtoull(want[i][1], NULL, 10));
  for (uint64_t w = 0; w < isa->mem; w++) /* no PSW was stored */
    g_assert_cmpuint(bare->mem[w], ==, p->words[w]);
  const struct {
    MonitorKind kind;
    unsigned depth;
    uint64_t reflected;
  } runs[] = {{MON_TRAP, 1, 2}, {MON_HYBRID, 1, 2}, {MON_TRAP, 2, 2}};
  for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
    VmStack *s = run_vmm(isa, runs[i].kind, runs[i].depth, &p, 1, 100);
    g_assert_null(first_difference(s->guests[0]->m, bare));
    g_assert_cmpuint(s->guests[0]->counts.reflected, ==, runs[i].reflected);
    vmm_stack_free(s);
  }
  machine_free(bare);
  program_free(p);
  isa_free(isa);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vmm/guest-os-trap-hybrid-stacked", test_guest_os);
  g_test_add_func("/vmm/x86-popf-diverges-in-intf", test_x86_popf);
  g_test_add_func("/vmm/pdp10-jrst1", test_pdp10_jrst1);
  g_test_add_func("/vmm/time-sharing-isolated", test_time_sharing);
  g_test_add_func("/vmm/trap-entry-reflected", test_trap_entry);
  g_test_add_func("/vmm/translate", test_translate);
  g_test_add_func("/vmm/paravirt", test_paravirt);
  int rc = g_test_run();
  translation_set_free(translations);
  return rc;
}
