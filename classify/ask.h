/* One query to one engine or to both (engine "both" cross-checks). */
#ifndef VC_ASK_H
#define VC_ASK_H

#include "refine.h"
#include "smt.h"

typedef enum { TRI_NO, TRI_YES, TRI_UNKNOWN } Tri;
typedef enum { ENGINE_SMT, ENGINE_EXHAUSTIVE, ENGINE_BOTH } EngineKind;

typedef struct {
  Query q;
  QueryResult r;
  EngineKind by;      /* the engine whose answer (and witness) is kept */
  bool cross_checked; /* engine both: both engines gave this answer */
} Asked;

typedef struct {
  const Isa *isa;
  EngineKind engine;
  uint64_t max_states;
  gint64 deadline;      /* g_get_monotonic_time() to stop at; 0: none */
  unsigned timeout_ms;  /* per SMT query */
  Smt *smt;
  GError **err;
  /* per instruction, computed when first needed: its footprint, and its
   * refined operand's partition or why there is none (refine.h) */
  struct AskerResidual {
    bool done, refined;
    Footprint whole;
    Refinement r;
    char *why;
  } *residual;
} Asker;

bool asker_open(Asker *cx);
void asker_close(Asker *cx);

/* Answers a->q for instruction i into a->r (and a->by, a->cross_checked).
 * false with *err: Z3 failed, a witness did not replay, or the engines
 * disagreed. */
bool asker_ask(Asker *cx, unsigned i, Asked *a);

/* Instruction i's refined operand's partition (refine.h); NULL when it has
 * none, with *why (owned by cx) when the partition was refused. */
const Refinement *asker_refinement(Asker *cx, unsigned i, const char **why);
const Footprint *asker_footprint(Asker *cx, unsigned i);

Tri answer_tri(Answer a);
const char *tri_name(Tri t);
const char *engine_name(EngineKind e);

#endif
