/* A lockstep walk split across shards (ledger.h, docs/scale.md).
 *
 * Every shard expands the initial states; of the distinct states they lead
 * to (level 1), in enumeration order, shard I of N expands the j-th when
 * j mod N == I, and keeps the others as visited without expanding them:
 * what lies behind one is its owner's. A state's shortest path runs through
 * one level-1 state (a later step cannot return to level 1, or the path
 * would not be shortest), so its owner reaches the state at its true depth:
 * the least depth any shard logs for a state is its depth in the unsharded
 * walk, and some shard expands each state the unsharded walk expands.
 *
 * A shard logs each state it visits (its packed key, or its fingerprint),
 * its depth, and what expanding it counted (transitions, instructions run,
 * of them directly). Merge joins the logs by state and recomputes the
 * unsharded figures; the counterexample, found again as the least shortest
 * path over the whole space (lockstep_cex.c), is the same in any shard that
 * ends at the least depth. Shards overlap beyond level 1, so each explores
 * more than 1/N of the space (docs/scale.md measures it). */
#ifndef VC_WALK_SHARD_H
#define VC_WALK_SHARD_H

#include <json-glib/json-glib.h>

#include "lockstep_impl.h"

typedef struct {
  uint32_t transitions, direct, instructions;
  bool expanded;
} StateFigures;

typedef struct WalkLog WalkLog;

WalkLog *walk_log_new(size_t id_bytes);
void walk_log_free(WalkLog *g);

/* Called as the search goes: depth d's states begin at state index `first`
 * (called for d = 0, 1, ... in turn; the initial states are depth 0). And
 * the figures of the first `count` states, for the workers to fill. */
void walk_log_level(WalkLog *g, uint64_t first);
StateFigures *walk_log_figures(WalkLog *g, uint64_t count);
/* Fingerprint mode: the set keeps no keys, so the log keeps their hashes. */
void walk_log_add_id(WalkLog *g, const uint8_t *id);

/* The shard's walk as the ledger records it; `key(i)` gives state i's id
 * when the log keeps none (full mode). */
JsonNode *walk_log_record(WalkLog *g, const Lockstep *l, uint64_t nstates,
                          const uint8_t *(*key)(void *ctx, uint64_t i), void *ctx);

/* The counterexample, found after the search (lockstep_cex.c). */
void walk_log_add_counterexample(JsonNode *record, const Lockstep *l);

/* Merge: l (its space described) gets the unsharded walk's verdict,
 * figures and counterexample from the shards' records. */
bool walk_merge(Lockstep *l, const Space *sp, JsonNode *const *parts, unsigned n, GError **err);

#endif
