/* The questions the classes are made of, defined once for both engines.
 *
 * Each query asks whether some state (or pair of states) shows a property:
 * running without a trap in a mode, a change to a resource, or different
 * visible outcomes from states that differ only in one resource
 * (docs/model.md). The pair's relation and the property are built here from
 * IR operations on IrVal, so the SMT engine (over Z3 terms) and the
 * exhaustive engine (over concrete values) evaluate the same definition;
 * they differ only in how they search. */
#ifndef VC_QUERY_H
#define VC_QUERY_H

#include "eval.h"
#include "fmap.h"
#include "translate.h"

typedef enum {
  Q_USER_RUNS,       /* a user-mode state in which i does not trap */
  Q_SUPERVISOR_RUNS, /* a supervisor-mode state in which i does not trap */
  Q_CONTROL,         /* a state where i does not trap and changes a resource */
  Q_GUEST_RUNS,      /* a state in the extension's guest mode, its controls as the monitor
                        sets them, in which i does not trap */
  Q_LOCATION,        /* a pair differing in reloc by x > 0, the storage moved with it (and
                        q + x words long): different visible outcomes */
  Q_MODE,            /* a pair differing only in the mode, the second in user mode and
                        not trapping, the first trapping or differing */
  Q_RESOURCE,        /* a pair differing only in `resource` (bound or a declared one) */
  Q_SIMULATION,      /* a virtual state V, the instruction fetched from it, where the host
                        runs it directly on f(V) without a trap, yet f(i(V)) != i'(f(V)):
                        the monitor's one-step diagram does not commute (side 1 bare,
                        side 2 host) */
} QueryKind;

typedef enum { SEL_ANY, SEL_USER, SEL_SUPERVISOR } ModeSel;

typedef struct {
  QueryKind kind;
  ModeSel sel;  /* the mode of the state(s) */
  int resource; /* Q_RESOURCE: VAR_BOUND or a register declared resource */
  /* Q_SIMULATION: the monitor's layout. The guest's storage (isa->mem words)
   * is host words [base, base + isa->mem); the hybrid monitor runs only
   * virtual user mode directly; translate does not run directly what `ts`
   * translates (of instruction `insn`, the one asked about). */
  uint64_t base;
  MonitorKind monitor;
  const TranslationSet *ts;
  unsigned insn;
  /* The instruction words asked about: those with (word & word_mask) ==
   * word_match beyond the encoding (a refined operand's value); 0: all. */
  uint64_t word_mask, word_match;
} Query;

/* The one-step simulation query for instruction `insn` under a monitor
 * whose guest starts at host word `base`. Under assist the host runs the
 * guest on its own storage (the region mapped as EPT maps it), so host
 * and guest addresses are one: base 0. */
static inline Query simulation_query(MonitorKind monitor, const TranslationSet *ts,
                                     unsigned insn, uint64_t base)
{
  return (Query){.kind = Q_SIMULATION, .monitor = monitor,
                 .ts = monitor_translates(monitor) ? ts : NULL, .insn = insn,
                 .base = monitor == MON_ASSIST ? 0 : base, .resource = -1};
}

static inline bool query_is_pair(const Query *q)
{
  return q->kind >= Q_LOCATION;
}

/* One side of a query: its state before, where its storage begins, and the
 * instruction's outcome. */
typedef struct {
  IrVal pre[VC_MAX_VARS];
  IrVal origin;
  IrOutcome out;
} QSide;

/* A state may lie in a larger storage, as a guest does inside its host:
 * mem + x words with x <= l, its first x out of its reach (x = 0 is the
 * spec's machine, and the only one for simulation's virtual side). It is
 * encoded by its origin o = l - x (eval.h): the engine chooses side 0's
 * origin; this gives side 1's. A location pair's second side lies moved up
 * with its l, so its origin is the first's; simulation's host composes R
 * so that the guest's legal addresses stay its own: its origin is the
 * virtual l. */
IrVal query_side_origin(const Query *q, const QSide s[2]);

/* How side k's storage is indexed: the engines' storage word at index
 * phys - offset. Virtual addresses (offset l) for the classes, whose
 * pairs compare the storage through R; guest-physical ones (offset 0 for
 * the bare machine, base for the host) for simulation, which compares the
 * guest's whole storage, its trap vectors included. */
IrVal query_side_offset(const Query *q, int k, const QSide s[2]);

/* Bits of a storage index. Virtual addresses need addr_width; the guest's
 * physical ones (simulation), and physical accesses, which reach below l,
 * need the physical width: an index is phys - offset modulo 2^bits, so a
 * word below l has an index of its own. */
unsigned query_index_width(const Isa *isa, const Query *q);

/* Side k's storage index of physical address phys (query_side_offset). */
uint64_t query_index(const Isa *isa, const Query *q, uint64_t phys, uint64_t offset);

/* The index from which side k reads 0 (UINT64_MAX: none): simulation's host
 * side outside the guest's storage, the monitor's words, which the replayed
 * layout leaves 0 (only a physical access reaches them). */
uint64_t query_zero_from(const Isa *isa, const Query *q, int k);

/* Completes the outcomes after ir_exec: for simulation, a bare run that
 * traps takes the trap (the PSW exchange), as the bare machine does. */
void query_finish(const IrEnv env[2], const Query *q, QSide s[2]);

/* The monitor's layout of a simulation query, as fmap.h's f takes it. */
VmMap query_map(const Isa *isa, const Query *q, uint64_t *real);

/* Whether the sides' states form a state (pair) the query ranges over: valid
 * modes, the mode selection, the pair's relation, and for simulation that
 * `word` is the instruction fetched at pc (1 bit). env[k] is side k's
 * environment (its storage read and size). */
IrVal query_valid(const IrEnv env[2], const Query *q, const QSide s[2], IrVal word);

/* Whether the sides show the property. `storage_differs` is the engine's
 * answer to "some virtual address legal in both states holds different
 * words afterwards" (pairs only). 1 bit. */
IrVal query_holds(const IrEnv env[2], const Query *q, const QSide s[2], IrVal storage_differs);

/* The variable the pair varies, or -1. */
int query_varied_var(const Query *q);

/* "mode sensitive with both in user mode"-style descriptions for reports. */
const char *query_kind_name(QueryKind k);
const char *mode_sel_name(ModeSel s);

#endif
