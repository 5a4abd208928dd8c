/* Sharding a command across processes or machines (docs/scale.md).
 *
 * A command's independent pieces of work, its engine queries ("asks") and
 * its lockstep explorations ("walks"), are numbered in the order the
 * command reaches them. That order does not depend on any answer, so every
 * run of the same command line numbers them alike:
 *  - `--shard I/N` computes the rows of asks (those about one instruction
 *    in a row) numbered k with k mod N == I and its share of every walk
 *    (walk_shard.h says how a walk splits), and prints them as a partial
 *    result instead of the command's output;
 *  - `merge` replays the command with every piece taken from the N parts,
 *    so its output is, by construction, the unsharded run's.
 * Work whose answers feed later work (a translation set derived from the
 * classes) is held: computed by every run, shard or merge, and not
 * numbered. */
#ifndef VC_LEDGER_H
#define VC_LEDGER_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { LEDGER_OFF, LEDGER_SHARD, LEDGER_MERGE } LedgerMode;
typedef enum { PIECE_ASK, PIECE_WALK, PIECE_KINDS } PieceKind;

/* A piece of work as the ledger sees it: compute it (off, held, or a shard's
 * own), leave it to another shard, or take it from the parts (merge). */
typedef enum { PIECE_COMPUTE, PIECE_SKIP, PIECE_TAKE } PieceAction;
typedef struct {
  PieceAction action;
  bool record;  /* a shard's own: ledger_record its result */
  uint64_t seq; /* its number among pieces of its kind */
} Piece;

Piece ledger_piece(PieceKind kind);

/* Asks come in rows (those about one instruction, in a row: Asker.row); a
 * row is one shard's, row k shard k mod N's. */
void ledger_new_row(void);

/* Keeps a shard's result of piece seq (the ledger takes the node). */
void ledger_record(PieceKind kind, uint64_t seq, JsonNode *result);

/* Merge: the results recorded for piece seq, one per part that recorded it
 * (an ask: its owner's; a walk: every part's, in shard order). NULL with
 * *n = 0 when none did. */
JsonNode *const *ledger_results(PieceKind kind, uint64_t seq, unsigned *n);

/* Around work whose answers feed later work: while held, pieces are
 * computed and not numbered. Nests. */
void ledger_hold(void);
void ledger_release(void);

LedgerMode ledger_mode(void);
unsigned ledger_shard_index(void);
unsigned ledger_shard_count(void);

/* "I/N" (0 <= I < N <= 1024): false with *err naming what was expected. */
bool ledger_parse_shard(const char *text, unsigned *index, unsigned *count, GError **err);

/* Starts a shard of `command` run with `args` (NULL-terminated, without
 * --shard): the files among args are recorded by content hash. */
void ledger_start_shard(unsigned index, unsigned count, const char *command, char **args);

/* The partial result as JSON (schema virtcheck-shard/1); caller frees. */
char *ledger_partial(void);

/* Reads the N parts of one sharded run and starts the merge: *command and
 * *args (caller frees) are the command line to replay. Errors (exit 2)
 * name the part: not a part, parts of different runs, a shard missing or
 * repeated, an input file changed since. */
bool ledger_start_merge(char *const *paths, unsigned n, char **command, char ***args,
                        GError **err);

/* A part's members, read with their types checked: NULL, `dflt` or false
 * when absent or of another type (a part is input, and may be anything). */
const char *ledger_get_str(JsonObject *o, const char *key);
gint64 ledger_get_int(JsonObject *o, const char *key, gint64 dflt);
bool ledger_get_bool(JsonObject *o, const char *key);
JsonArray *ledger_get_array(JsonObject *o, const char *key);
JsonObject *ledger_get_object(JsonObject *o, const char *key);
const char *ledger_elem_str(JsonArray *a, guint i);
JsonObject *ledger_elem_object(JsonArray *a, guint i);

/* Back to LEDGER_OFF, everything freed (a process that runs many). */
void ledger_reset(void);

/* uint64 values in parts are decimal strings (JSON numbers stop at 2^53). */
void ledger_add_u64(JsonBuilder *b, const char *key, uint64_t v);
uint64_t ledger_get_u64(JsonObject *o, const char *key, bool *ok);
/* An array of n of them; reading fails unless there are exactly n. */
void ledger_add_u64_array(JsonBuilder *b, const char *key, const uint64_t *v, unsigned n);
bool ledger_get_u64_array(JsonObject *o, const char *key, uint64_t *v, unsigned n);

#endif
