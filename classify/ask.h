/* One query to one engine or to both (engine "both" cross-checks). */
#ifndef VC_ASK_H
#define VC_ASK_H

#include <json-glib/json-glib.h>

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
  /* The row of asks going on: those about a few consecutive instructions
   * (ask.c), asked one after another. Each row gets a fresh solver, so
   * that an answer (and its witness) does not depend on what was asked
   * before it, whichever shard asks (ledger.h). -1: none yet. Without a
   * solver (the exhaustive engine) every ask is a row. */
  int row;
} Asker;

/* The solver is made with each row of asks (Asker.row): asking reports a
 * Z3 that cannot be set up. */
void asker_open(Asker *cx);
void asker_close(Asker *cx);

/* Answers a->q for instruction i into a->r (and a->by, a->cross_checked).
 * false with *err: Z3 failed, a witness did not replay, or the engines
 * disagreed. */
bool asker_ask(Asker *cx, unsigned i, Asked *a);

/* Instruction i's refined operand's partition (refine.h); NULL when it has
 * none, with *why (owned by cx) when the partition was refused. */
const Refinement *asker_refinement(Asker *cx, unsigned i, const char **why);
const Footprint *asker_footprint(Asker *cx, unsigned i);

/* An answered query as a shard records it and merge takes it back
 * (ledger.h): false when the node is not the answer to this query. */
JsonNode *asked_to_json(const Isa *isa, unsigned insn, const Asked *a);
bool asked_from_json(const Isa *isa, unsigned insn, JsonNode *node, Asked *a);

Tri answer_tri(Answer a);
const char *tri_name(Tri t);
const char *engine_name(EngineKind e);

#endif
