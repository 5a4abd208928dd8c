/* The reference machine: each pg-classic instruction in both modes, the trap
 * PSW exchange, memory traps at the bound and the top of storage, illegal
 * opcodes, and the evaluator's semantic rules. */
#include "machine.h"
#include "testutil.h"

enum { S = 0, U = 1 };

typedef struct {
  Isa *isa;
  Machine *m;
  int acc, eq;
} Fix;

static void fix_setup(Fix *f, gconstpointer data)
{
  (void)data;
  f->isa = load_scenario("pg-classic", NULL);
  f->m = machine_new(f->isa);
  f->acc = isa_find_var(f->isa, "acc");
  f->eq = isa_find_var(f->isa, "eq");
  /* Distinct new PSWs per cause: (s, handler, 0, 63). */
  const uint64_t handler[CAUSE_COUNT] = {[CAUSE_PRIVILEGE] = 50, [CAUSE_MEMORY] = 51,
                                         [CAUSE_ILLEGAL] = 52, [CAUSE_SYSCALL] = 53};
  for (int c = 0; c < CAUSE_COUNT; c++) {
    uint64_t at = f->isa->vector[c].new_at;
    f->m->mem[at] = S;
    f->m->mem[at + 1] = handler[c];
    f->m->mem[at + 2] = 0;
    f->m->mem[at + 3] = 63;
  }
}

static void fix_teardown(Fix *f, gconstpointer data)
{
  (void)data;
  machine_free(f->m);
  isa_free(f->isa);
}

/* Places `text` (one instruction) at virtual pc 2 under R = (20, 10) and
 * steps once in `mode`. */
static void place(Fix *f, const char *text)
{
  g_autofree char *src = g_strdup_printf(".org 22\n%s\n", text);
  Program *p = assemble(f->isa, src);
  f->m->mem[22] = p->words[22];
  program_free(p);
}

static void step_at(Fix *f, int mode, MachineStep *rec)
{
  f->m->var[VAR_MODE] = (uint64_t)mode;
  f->m->var[VAR_PC] = 2;
  f->m->var[VAR_RELOC] = 20;
  f->m->var[VAR_BOUND] = 10;
  f->m->halted = false;
  machine_step(f->m, rec);
}

static void exec(Fix *f, int mode, const char *text, MachineStep *rec)
{
  place(f, text);
  step_at(f, mode, rec);
}

static void assert_trap(Fix *f, const MachineStep *rec, unsigned cause, uint64_t handler)
{
  g_assert_true(rec->trapped);
  g_assert_cmpuint(rec->cause, ==, cause);
  /* The old PSW, with the pc of the trapping instruction, at E[0..3]. */
  g_assert_cmpuint(f->m->mem[0], ==, rec->before[VAR_MODE]);
  g_assert_cmpuint(f->m->mem[1], ==, rec->before[VAR_PC]);
  g_assert_cmpuint(f->m->mem[2], ==, rec->before[VAR_RELOC]);
  g_assert_cmpuint(f->m->mem[3], ==, rec->before[VAR_BOUND]);
  g_assert_cmpuint(f->m->var[VAR_MODE], ==, S);
  g_assert_cmpuint(f->m->var[VAR_PC], ==, handler);
  g_assert_cmpuint(f->m->var[VAR_RELOC], ==, 0);
  g_assert_cmpuint(f->m->var[VAR_BOUND], ==, 63);
}

static void test_innocuous(Fix *f, gconstpointer data)
{
  (void)data;
  Machine *m = f->m;
  MachineStep rec;
  for (int mode = S; mode <= U; mode++) {
    m->mem[27] = 0x123; /* virtual 7 */
    exec(f, mode, "load 7", &rec);
    g_assert_false(rec.trapped);
    g_assert_cmpuint(m->var[f->acc], ==, 0x123);
    g_assert_cmpuint(m->var[VAR_PC], ==, 3);
    g_assert_cmpuint(m->var[VAR_MODE], ==, (uint64_t)mode);

    exec(f, mode, "store 8", &rec);
    g_assert_cmpuint(m->mem[28], ==, 0x123);
    g_assert_cmpuint(rec.nwrites, ==, 1);

    m->mem[29] = 0xfff;
    exec(f, mode, "add 9", &rec); /* wraps at 12 bits */
    g_assert_cmpuint(m->var[f->acc], ==, 0x122);
    exec(f, mode, "sub 9", &rec);
    g_assert_cmpuint(m->var[f->acc], ==, 0x123);

    exec(f, mode, "cmp 7", &rec);
    g_assert_cmpuint(m->var[f->eq], ==, 1);
    exec(f, mode, "beq 6", &rec);
    g_assert_cmpuint(m->var[VAR_PC], ==, 6);
    exec(f, mode, "cmp 9", &rec);
    g_assert_cmpuint(m->var[f->eq], ==, 0);
    exec(f, mode, "beq 6", &rec);
    g_assert_cmpuint(m->var[VAR_PC], ==, 3);

    exec(f, mode, "jmp 200", &rec); /* a jump may leave the bounds; the fetch traps */
    g_assert_cmpuint(m->var[VAR_PC], ==, 200);
    exec(f, mode, "ldi 255", &rec);
    g_assert_cmpuint(m->var[f->acc], ==, 255);
    g_assert_cmpuint(m->var[VAR_MODE], ==, (uint64_t)mode);
    g_assert_cmpuint(m->var[VAR_RELOC], ==, 20);
  }
}

static void test_privileged_in_supervisor(Fix *f, gconstpointer data)
{
  (void)data;
  Machine *m = f->m;
  MachineStep rec;
  /* lpsw 4: PSW at virtual 4..7 = physical 24..27 */
  m->mem[24] = U, m->mem[25] = 9, m->mem[26] = 30, m->mem[27] = 5;
  exec(f, S, "lpsw 4", &rec);
  g_assert_false(rec.trapped);
  g_assert_cmpuint(m->var[VAR_MODE], ==, U);
  g_assert_cmpuint(m->var[VAR_PC], ==, 9);
  g_assert_cmpuint(m->var[VAR_RELOC], ==, 30);
  g_assert_cmpuint(m->var[VAR_BOUND], ==, 5);

  m->mem[25] = 40, m->mem[26] = 3;
  exec(f, S, "setr 5", &rec);
  g_assert_false(rec.trapped);
  g_assert_cmpuint(m->var[VAR_RELOC], ==, 40);
  g_assert_cmpuint(m->var[VAR_BOUND], ==, 3);
  g_assert_cmpuint(m->var[VAR_MODE], ==, S);

  exec(f, S, "retu", &rec);
  g_assert_cmpuint(m->var[VAR_MODE], ==, U);
  g_assert_cmpuint(m->var[VAR_PC], ==, 3);

  exec(f, S, "halt", &rec);
  g_assert_true(rec.halted && m->halted);
  g_assert_false(rec.trapped);
  uint64_t steps = m->steps;
  machine_step(m, NULL); /* a halted machine stays put */
  g_assert_cmpuint(m->steps, ==, steps);
}

static void test_privileged_trap_in_user(Fix *f, gconstpointer data)
{
  (void)data;
  const char *privileged[] = {"lpsw 4", "setr 5", "retu", "halt"};
  for (size_t i = 0; i < G_N_ELEMENTS(privileged); i++) {
    MachineStep rec;
    f->m->var[f->acc] = 0x77;
    uint64_t before[64];
    place(f, privileged[i]);
    memcpy(before, f->m->mem, sizeof before);
    step_at(f, U, &rec);
    assert_trap(f, &rec, CAUSE_PRIVILEGE, 50);
    g_assert_false(f->m->halted);
    /* Nothing else changes: registers and storage beyond the old PSW. */
    g_assert_cmpuint(f->m->var[f->acc], ==, 0x77);
    g_assert_cmpmem(f->m->mem + 4, sizeof(uint64_t) * 60, before + 4, sizeof(uint64_t) * 60);
  }
}

static void test_syscall_traps_in_both_modes(Fix *f, gconstpointer data)
{
  (void)data;
  for (int mode = S; mode <= U; mode++) {
    MachineStep rec;
    exec(f, mode, "svc", &rec);
    assert_trap(f, &rec, CAUSE_SYSCALL, 53);
    g_assert_cmpuint(f->m->mem[0], ==, (uint64_t)mode);
    g_assert_cmpuint(f->m->mem[1], ==, 2);
  }
}

static void test_memory_traps_at_bounds(Fix *f, gconstpointer data)
{
  (void)data;
  MachineStep rec;
  /* R = (20, 10), rule a <= b: virtual 10 is legal, 11 is not. */
  f->m->mem[30] = 0xabc;
  exec(f, U, "load 10", &rec);
  g_assert_false(rec.trapped);
  g_assert_cmpuint(f->m->var[f->acc], ==, 0xabc);
  exec(f, U, "load 11", &rec);
  assert_trap(f, &rec, CAUSE_MEMORY, 51);
  exec(f, S, "store 11", &rec); /* supervisor mode is relocated too */
  assert_trap(f, &rec, CAUSE_MEMORY, 51);
  g_assert_cmpuint(f->m->mem[31], ==, 0);
}

static void test_memory_trap_at_top_of_storage(Fix *f, gconstpointer data)
{
  (void)data;
  Machine *m = f->m;
  MachineStep rec;
  /* R = (60, 200): virtual 3 is physical 63, the last word; 4 is past storage. */
  m->mem[60] = 0x003; /* load 3 at virtual 0 */
  m->mem[61] = 0x004; /* load 4 at virtual 1 */
  m->mem[63] = 0x5a5;
  m->var[VAR_MODE] = U, m->var[VAR_PC] = 0, m->var[VAR_RELOC] = 60, m->var[VAR_BOUND] = 200;
  machine_step(m, &rec);
  g_assert_false(rec.trapped);
  g_assert_cmpuint(m->var[f->acc], ==, 0x5a5);
  machine_step(m, &rec);
  assert_trap(f, &rec, CAUSE_MEMORY, 51);
  g_assert_cmpuint(m->mem[1], ==, 1); /* the saved pc is the faulting instruction */
}

static void test_fetch_trap(Fix *f, gconstpointer data)
{
  (void)data;
  Machine *m = f->m;
  MachineStep rec;
  m->var[VAR_MODE] = U, m->var[VAR_PC] = 11, m->var[VAR_RELOC] = 20, m->var[VAR_BOUND] = 10;
  machine_step(m, &rec);
  g_assert_false(rec.fetched);
  assert_trap(f, &rec, CAUSE_MEMORY, 51);
  g_assert_cmpuint(m->mem[1], ==, 11);
}

static void test_illegal_opcode(Fix *f, gconstpointer data)
{
  (void)data;
  Machine *m = f->m;
  MachineStep rec;
  m->mem[22] = 0xf00; /* opcode 15 is unassigned */
  m->var[VAR_MODE] = U, m->var[VAR_PC] = 2, m->var[VAR_RELOC] = 20, m->var[VAR_BOUND] = 10;
  machine_step(m, &rec);
  g_assert_true(rec.fetched);
  g_assert_cmpint(rec.insn, ==, -1);
  assert_trap(f, &rec, CAUSE_ILLEGAL, 52);
  m->mem[22] = 0xb01; /* svc with a stray operand bit decodes to nothing */
  m->var[VAR_MODE] = S, m->var[VAR_PC] = 2, m->var[VAR_RELOC] = 20, m->var[VAR_BOUND] = 10;
  machine_step(m, &rec);
  assert_trap(f, &rec, CAUSE_ILLEGAL, 52);
}

/* ---- evaluator rules, on small inline specs --------------------------- */

static const char *const RULES_SPEC =
    "machine rules;\nparam word = 8;\nparam mem = 16;\nmodes k, e, x;\n"
    "pc : 8;\nreloc : 8;\nbound : 8 lt;\nreg a : 8;\nreg b : 8;\n"
    "field op = [7:4];\nfield n = [3:0];\n"
    "insn swap when op == 0 { a := b; b := a; }\n"
    "insn partial when op == 1 { a := 1; trap syscall; }\n"
    "insn setmode n when op == 2 { mode := n[1:0]; }\n"
    "insn signed n when op == 3 { a := sext(n, 8) >>> 1; b := slt(a, 0) ? 1 : 2; }\n"
    "insn twostores n when op == 4 { mem[n] := a; mem[n] := b; }\n"
    "insn shifts n when op == 5 { a := a << 9; b := b >> n; }\n";

static void run_rule(Machine *m, uint64_t word)
{
  m->mem[0] = word;
  m->var[VAR_PC] = 0;
  m->var[VAR_RELOC] = 0;
  m->var[VAR_BOUND] = 16;
  m->halted = false;
  machine_step(m, NULL);
}

static void test_evaluator_rules(void)
{
  GError *err = NULL;
  Isa *isa = load_src(RULES_SPEC, &err);
  g_assert_no_error(err);
  Machine *m = machine_new(isa);
  int a = isa_find_var(isa, "a"), b = isa_find_var(isa, "b");

  m->var[a] = 1, m->var[b] = 2;
  run_rule(m, 0x00); /* every read sees the state before the instruction */
  g_assert_cmpuint(m->var[a], ==, 2);
  g_assert_cmpuint(m->var[b], ==, 1);

  m->var[a] = 9;
  run_rule(m, 0x10); /* a trapping instruction's own writes are discarded */
  g_assert_cmpuint(m->var[a], ==, 9);
  g_assert_cmpuint(m->var[VAR_MODE], ==, 0); /* new PSW at E[4..7] is all zero */

  run_rule(m, 0x22); /* three modes: values beyond the last mean the last (user) */
  g_assert_cmpuint(m->var[VAR_MODE], ==, 2);
  run_rule(m, 0x23);
  g_assert_cmpuint(m->var[VAR_MODE], ==, 2);
  run_rule(m, 0x21);
  g_assert_cmpuint(m->var[VAR_MODE], ==, 1);

  run_rule(m, 0x3c); /* n = 1100: sext -> 0xfc, >>> 1 -> 0xfe */
  g_assert_cmpuint(m->var[a], ==, 0xfe);
  g_assert_cmpuint(m->var[b], ==, 2); /* slt reads the old a (9): not negative */

  m->var[a] = 0x11, m->var[b] = 0x22;
  run_rule(m, 0x49); /* two stores to one word: the last wins */
  g_assert_cmpuint(m->mem[9], ==, 0x22);

  m->var[a] = 0xff, m->var[b] = 0x80;
  run_rule(m, 0x59); /* shifts by the width or more give 0 */
  g_assert_cmpuint(m->var[a], ==, 0);
  g_assert_cmpuint(m->var[b], ==, 0);

  m->var[VAR_BOUND] = 16; /* rule lt: virtual 16 is illegal under bound 16 */
  m->var[VAR_PC] = 16;
  machine_step(m, NULL);
  g_assert_cmpuint(m->var[VAR_PC], ==, 0); /* new memory PSW: all zero */
  g_assert_cmpuint(m->mem[1], ==, 16);
  machine_free(m);
  isa_free(isa);
}

static void test_fold(void)
{
  g_assert_cmpuint(ir_fold(IR_ASHR, 8, 0x80, 1, 0, 0, 8, 8), ==, 0xc0);
  g_assert_cmpuint(ir_fold(IR_ASHR, 8, 0x80, 9, 0, 0, 8, 8), ==, 0xff);
  g_assert_cmpuint(ir_fold(IR_ASHR, 8, 0x40, 9, 0, 0, 8, 8), ==, 0);
  g_assert_cmpuint(ir_fold(IR_SHL, 64, 1, 63, 0, 0, 64, 64), ==, 0x8000000000000000ull);
  g_assert_cmpuint(ir_fold(IR_SHL, 64, 1, 64, 0, 0, 64, 64), ==, 0);
  g_assert_cmpuint(ir_fold(IR_SLT, 1, 0xff, 0x01, 0, 0, 8, 8), ==, 1);
  g_assert_cmpuint(ir_fold(IR_ULT, 1, 0xff, 0x01, 0, 0, 8, 8), ==, 0);
  g_assert_cmpuint(ir_fold(IR_SEXT, 16, 0x8, 0, 0, 0, 4, 0), ==, 0xfff8);
  g_assert_cmpuint(ir_fold(IR_CONCAT, 12, 0xa, 0xbc, 0, 0, 4, 8), ==, 0xabc);
  g_assert_cmpuint(ir_fold(IR_SLICE, 4, 0xabc, 0, 0, 7 << 8 | 4, 12, 0), ==, 0xb);
  g_assert_cmpuint(ir_fold(IR_SUB, 8, 0, 1, 0, 0, 8, 8), ==, 0xff);
  g_assert_cmpuint(ir_fold(IR_MUL, 8, 16, 17, 0, 0, 8, 8), ==, 0x10);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fix, NULL, fix_setup, fn, fix_teardown)
  ADD("/machine/pg-classic/innocuous-both-modes", test_innocuous);
  ADD("/machine/pg-classic/privileged-in-supervisor", test_privileged_in_supervisor);
  ADD("/machine/pg-classic/privileged-trap-in-user", test_privileged_trap_in_user);
  ADD("/machine/pg-classic/syscall-both-modes", test_syscall_traps_in_both_modes);
  ADD("/machine/pg-classic/memory-trap-at-bound", test_memory_traps_at_bounds);
  ADD("/machine/pg-classic/memory-trap-top-of-storage", test_memory_trap_at_top_of_storage);
  ADD("/machine/pg-classic/fetch-trap", test_fetch_trap);
  ADD("/machine/pg-classic/illegal-opcode", test_illegal_opcode);
  g_test_add_func("/machine/evaluator-rules", test_evaluator_rules);
  g_test_add_func("/machine/fold", test_fold);
  return g_test_run();
}
