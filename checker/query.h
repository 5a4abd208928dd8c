/* The questions the classes are made of, defined once for both engines.
 *
 * Each query asks whether some state (or pair of states) shows a property:
 * a violation of privilege, a change to a resource, or different visible
 * results from states that differ only in one resource (MODEL.md). The pair's
 * relation and the property are built here from IR operations on IrVal, so
 * the SMT engine (over Z3 terms) and the exhaustive engine (over concrete
 * values) evaluate the same definition; they differ only in how they search. */
#ifndef VC_QUERY_H
#define VC_QUERY_H

#include "eval.h"

typedef enum {
  Q_UNPRIVILEGED, /* a pair <e,s,p,r>/<e,u,p,r>, neither memory-trapping, where i does not
                     trap in user mode or traps in supervisor mode */
  Q_CONTROL,      /* a state where i does not trap and changes a resource */
  Q_LOCATION,     /* a pair differing in reloc (storage moved with it), different results */
  Q_MODE,         /* a pair differing only in the mode, different results */
  Q_RESOURCE,     /* a pair differing only in `resource` (bound or a declared one) */
  Q_SIMULATION,   /* a virtual state V where the host runs the instruction directly on
                     f(V) without a trap, yet f(i(V)) != i'(f(V)): the monitor's
                     one-step diagram does not commute (side 1 bare, side 2 host) */
} QueryKind;

typedef enum { SEL_ANY, SEL_USER, SEL_SUPERVISOR } ModeSel;

typedef struct {
  QueryKind kind;
  ModeSel sel;  /* the mode of the state(s) */
  int resource; /* Q_RESOURCE: VAR_BOUND or a register declared resource */
  /* Q_SIMULATION: the monitor's layout. The guest's storage (isa->mem words)
   * is host words [base, base + isa->mem); the hybrid monitor runs only
   * virtual user mode directly. */
  uint64_t base;
  bool hybrid;
} Query;

/* Storage words of side k (0 or 1) of a query: the host's for simulation. */
static inline uint64_t query_mem(const Isa *isa, const Query *q, int k)
{
  return q->kind == Q_SIMULATION && k == 1 ? q->base + isa->mem : isa->mem;
}

static inline bool query_is_pair(const Query *q)
{
  return q->kind != Q_CONTROL;
}

/* One side of a query: its state before and the instruction's outcome. */
typedef struct {
  IrVal pre[VC_MAX_VARS];
  IrOutcome out;
} QSide;

/* Whether pre1 (and pre2) form a state (pair) the query ranges over: valid
 * modes, the mode selection, and the pair's relation (1 bit). */
IrVal query_valid(const IrEnv *env, const Query *q, const IrVal *pre1, const IrVal *pre2);

/* Whether the sides show the property. `storage_differs` is the engine's
 * answer to "some virtual address legal in both states holds different
 * words afterwards" (pairs only). 1 bit. */
IrVal query_holds(const IrEnv *env, const Query *q, const QSide *s1, const QSide *s2,
                  IrVal storage_differs);

/* The variables of the pair that may differ (the one the query varies). */
int query_varied_var(const Query *q);

/* "mode sensitive with both in user mode"-style descriptions for reports. */
const char *query_kind_name(QueryKind k);
const char *mode_sel_name(ModeSel s);

#endif
