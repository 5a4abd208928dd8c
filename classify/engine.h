/* What an engine answers to one query, and the concrete witness it gives. */
#ifndef VC_ENGINE_H
#define VC_ENGINE_H

#include "query.h"

typedef enum {
  ANS_NO,      /* no state shows it: established for all states (SMT) or all enumerated */
  ANS_YES,     /* a witness shows it */
  ANS_UNKNOWN, /* the solver gave up (timeout, incompleteness) */
  ANS_LIMIT,   /* the exhaustive engine hit --max-states */
} Answer;

/* A storage word a witness fixes: what the state sees at virtual address
 * `addr` (both states of a pair see the same). */
typedef struct {
  uint64_t addr, value;
} WitnessWord;

/* One state or pair, concretely, with the storage words its runs touch
 * (every other word is 0 and cannot matter). */
typedef struct {
  uint64_t word;
  uint64_t pre1[VC_MAX_VARS], pre2[VC_MAX_VARS];
  uint64_t shift; /* it lies in a storage of mem + shift words, from l - shift (query.h) */
  unsigned nwords;
  WitnessWord *words; /* ascending by addr; NULL when none */
} Witness;

typedef struct {
  Answer ans;
  Witness w;       /* ANS_YES */
  uint64_t states; /* exhaustive: states enumerated */
  char *why;       /* ANS_UNKNOWN / ANS_LIMIT: the reason */
} QueryResult;

void query_result_clear(QueryResult *r);

/* Virtual storage words a witness may name: min(2^addr_width, mem). */
uint64_t witness_storage_size(const Isa *isa);

/* The word a witness fixes at virtual address va (0 elsewhere); ctx is the
 * Witness. A peek function for concrete_storage_differs. */
uint64_t witness_peek(void *ctx, uint64_t va);

/* Sets w's words from a table of virtual address -> word (sorted). */
void witness_set_words(Witness *w, GHashTable *words);

/* Runs the query on the witness's state(s) reading storage through `peek`:
 * every word the witness depends on is peeked. */
void witness_probe(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w,
                   uint64_t (*peek)(void *ctx, uint64_t vaddr), void *ctx);

/* Runs the witness's state(s) through the instruction concretely. */
void witness_run(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w, QSide s[2]);

/* Runs the witness on the concrete machine semantics and checks that it
 * shows the property. false (with *why) means an engine is wrong. */
bool witness_replay(const Isa *isa, const IrInsn *in, const Query *q, const Witness *w,
                    char **why);

/* The visible-storage comparison on concrete sides: some virtual address
 * legal in both pre-states holds different words afterwards. `peek(ctx, a)`
 * gives the word at index a before the instruction. An engine still
 * choosing the storage passes `settle` (else NULL): the word at a, its bits
 * not chosen yet set to differ from `avoid` where they can. A search for a
 * state with different words loses nothing by that choice, and need not
 * enumerate those bits. */
bool concrete_storage_differs(const Isa *isa, const Query *q, const QSide s[2],
                              uint64_t (*peek)(void *ctx, uint64_t index),
                              uint64_t (*settle)(void *ctx, uint64_t index, uint64_t avoid),
                              void *ctx);

#endif
