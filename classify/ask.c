/* Asking a query of one engine or of both: every witness replayed, and with
 * both engines any disagreement an error. Shared by classification and the
 * equivalence checker. */
#include "ask.h"

#include "explore.h"
#include "ledger.h"

const char *tri_name(Tri t)
{
  static const char *n[] = {"no", "yes", "unknown"};
  return n[t];
}

const char *engine_name(EngineKind e)
{
  static const char *n[] = {"smt", "exhaustive", "both"};
  return n[e];
}

Tri answer_tri(Answer a)
{
  return a == ANS_YES ? TRI_YES : a == ANS_NO ? TRI_NO : TRI_UNKNOWN;
}

void asker_open(Asker *cx)
{
  cx->smt = NULL;
  cx->row = -1;
  cx->residual = g_new0(struct AskerResidual, cx->isa->ninsns);
}

/* Past the deadline nothing more is asked: the answer is unknown, saying so. */
static bool out_of_time(Asker *cx, Asked *a)
{
  if (!cx->deadline)
    return false;
  gint64 left_ms = (cx->deadline - g_get_monotonic_time()) / 1000;
  if (left_ms <= 0) {
    a->r = (QueryResult){.ans = ANS_LIMIT, .why = g_strdup("not asked: --time-limit reached")};
    a->by = cx->engine;
    return true;
  }
  if (cx->smt) /* no query may outlast the deadline */
    smt_set_timeout(cx->smt, cx->timeout_ms ? MIN(cx->timeout_ms, (unsigned)MIN(left_ms, 1u << 30))
                                            : (unsigned)MIN(left_ms, 1u << 30));
  return false;
}

void asker_close(Asker *cx)
{
  smt_free(cx->smt);
  cx->smt = NULL;
  for (unsigned i = 0; cx->residual && i < cx->isa->ninsns; i++) {
    refinement_clear(&cx->residual[i].r);
    g_free(cx->residual[i].why);
  }
  g_free(cx->residual);
  cx->residual = NULL;
}

static struct AskerResidual *residual(Asker *cx, unsigned i)
{
  struct AskerResidual *a = &cx->residual[i];
  if (!a->done) {
    int field = refine_operand(cx->isa, i);
    a->done = true;
    insn_footprint(cx->isa, i, &a->whole);
    a->refined = field >= 0 && refine_partition(cx->isa, i, (unsigned)field, &a->r, &a->why);
  }
  return a;
}

const Refinement *asker_refinement(Asker *cx, unsigned i, const char **why)
{
  struct AskerResidual *a = residual(cx, i);
  if (why)
    *why = a->why;
  return a->refined ? &a->r : NULL;
}

const Footprint *asker_footprint(Asker *cx, unsigned i)
{
  return &residual(cx, i)->whole;
}

static bool ask_one(Asker *cx, unsigned i, Asked *a, EngineKind engine)
{
  a->by = engine;
  if (engine == ENGINE_EXHAUSTIVE) {
    explore_query(cx->isa, i, &a->q, asker_footprint(cx, i), asker_refinement(cx, i, NULL),
                  cx->max_states, cx->deadline, &a->r);
    return true;
  }
  return smt_query(cx->smt, cx->isa, i, &a->q, &a->r, cx->err);
}

static bool replay(Asker *cx, unsigned i, const Asked *a)
{
  char *why = NULL;
  if (a->r.ans != ANS_YES || witness_replay(cx->isa, &cx->isa->insns[i], &a->q, &a->r.w, &why))
    return true;
  g_set_error(cx->err, VC_ERROR, VC_ERROR_INTERNAL, "internal error: %s (%s engine)", why,
              engine_name(a->by));
  g_free(why);
  return false;
}

/* Independence: an outcome depends only on what the IR reads, so a pair
 * that varies a variable the instruction never reads runs identically on
 * both sides and its visible outcomes cannot differ. (A location pair's
 * storage sizes differ too, but only an access reads them, and every
 * access reads R.) A fact about the IR, the same for both engines. */
static bool independent(const Isa *isa, unsigned i, Asked *a)
{
  const IrInsn *in = &isa->insns[i];
  int varied = query_varied_var(&a->q);
  if (varied < 0 || in->reads_var[varied])
    return false;
  a->r = (QueryResult){.ans = ANS_NO};
  a->r.why = g_strdup_printf("independent: %s never reads %s", in->name, isa->vars[varied].name);
  a->cross_checked = true;
  return true;
}

/* A shard leaves another's query unanswered; merge takes each answer from
 * its shard, and replays its witness as if it had been found here. */
static bool from_ledger(Asker *cx, unsigned i, Asked *a, Piece p)
{
  if (p.action == PIECE_SKIP) {
    a->r = (QueryResult){.ans = ANS_UNKNOWN, .why = g_strdup("left to another shard")};
    a->by = cx->engine;
    return true;
  }
  unsigned n;
  JsonNode *const *r = ledger_results(PIECE_ASK, p.seq, &n);
  if (n != 1 || !asked_from_json(cx->isa, i, r[0], a)) {
    g_set_error(cx->err, VC_ERROR, VC_ERROR_INPUT,
                "merge: the parts do not answer query %" G_GUINT64_FORMAT " (%s, %s) of this "
                "run: they come from another virtcheck or another command line",
                p.seq, cx->isa->insns[i].name, query_kind_name(a->q.kind));
    return false;
  }
  if (replay(cx, i, a))
    return true;
  /* a part's witness that does not show what it claims is bad input */
  query_result_clear(&a->r);
  GError *e = *cx->err;
  *cx->err = NULL;
  g_set_error(cx->err, VC_ERROR, VC_ERROR_INPUT, "merge: a part's answer to query %" G_GUINT64_FORMAT
              " does not hold: %s", p.seq, e->message);
  g_error_free(e);
  return false;
}

/* A row holds the asks about ROW_INSNS consecutive instructions: a context
 * costs 2 ms (65 under AddressSanitizer), a query often less. */
#define ROW_INSNS 4

/* A new row of asks: a fresh solver (see Asker.row). */
static bool new_row(Asker *cx, unsigned i)
{
  cx->row = (int)(i / ROW_INSNS);
  ledger_new_row();
  smt_free(cx->smt);
  return (cx->smt = smt_new(cx->timeout_ms, cx->err)) != NULL;
}

static bool ask(Asker *cx, unsigned i, Asked *a)
{
  if (out_of_time(cx, a))
    return true;
  if (independent(cx->isa, i, a)) {
    a->by = cx->engine;
    return true;
  }
  if (cx->engine != ENGINE_BOTH)
    return ask_one(cx, i, a, cx->engine) && replay(cx, i, a);
  Asked s = {.q = a->q}, x = {.q = a->q};
  if (!ask_one(cx, i, &s, ENGINE_SMT) || !replay(cx, i, &s) ||
      !ask_one(cx, i, &x, ENGINE_EXHAUSTIVE) || !replay(cx, i, &x)) {
    query_result_clear(&s.r);
    query_result_clear(&x.r);
    return false;
  }
  Tri ts = answer_tri(s.r.ans), tx = answer_tri(x.r.ans);
  if (ts != TRI_UNKNOWN && tx != TRI_UNKNOWN && ts != tx) {
    g_set_error(cx->err, VC_ERROR, VC_ERROR_FAILS,
                "the engines disagree on %s, %s query (%s): smt says %s, exhaustive says %s "
                "after %" G_GUINT64_FORMAT " states",
                cx->isa->insns[i].name, query_kind_name(a->q.kind), mode_sel_name(a->q.sel),
                tri_name(ts), tri_name(tx), x.r.states);
    query_result_clear(&s.r);
    query_result_clear(&x.r);
    return false;
  }
  /* Keep the exhaustive answer when definite: its witness is the first in
   * enumeration order, and it says how many states were covered. */
  bool keep_x = tx != TRI_UNKNOWN || ts == TRI_UNKNOWN;
  *a = keep_x ? x : s;
  a->r.states = x.r.states;
  a->cross_checked = ts != TRI_UNKNOWN && tx != TRI_UNKNOWN;
  query_result_clear(keep_x ? &s.r : &x.r);
  return true;
}

bool asker_ask(Asker *cx, unsigned i, Asked *a)
{
  if (cx->engine == ENGINE_EXHAUSTIVE) /* enumeration has no history: each query is a row */
    ledger_new_row();
  else if (cx->row != (int)(i / ROW_INSNS) && !new_row(cx, i))
    return false;
  Piece p = ledger_piece(PIECE_ASK);
  if (p.action != PIECE_COMPUTE)
    return from_ledger(cx, i, a, p);
  if (!ask(cx, i, a))
    return false;
  if (p.record)
    ledger_record(PIECE_ASK, p.seq, asked_to_json(cx->isa, i, a));
  return true;
}
