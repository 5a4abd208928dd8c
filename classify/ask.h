/* One query to one engine or to both (engine "both" cross-checks). */
#ifndef VC_ASK_H
#define VC_ASK_H

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
} Asker;

bool asker_open(Asker *cx);
void asker_close(Asker *cx);

/* Answers a->q for instruction i into a->r (and a->by, a->cross_checked).
 * false with *err: Z3 failed, a witness did not replay, or the engines
 * disagreed. */
bool asker_ask(Asker *cx, unsigned i, Asked *a);

Tri answer_tri(Answer a);
const char *tri_name(Tri t);
const char *engine_name(EngineKind e);

#endif
