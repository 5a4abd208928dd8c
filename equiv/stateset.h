/* A set of fixed-size states: one flat open-addressing table (linear
 * probing), no allocation per state.
 *  - full mode keeps every state's bytes in one arena, in insertion order (so
 *    the explorer reads its breadth-first levels back as index ranges), and
 *    the table holds 32-bit slots: an index into it and 5 bits of hash;
 *  - fingerprint mode keeps only a 64-bit hash of each state: two states
 *    with the same hash count as one, with probability at most
 *    stateset_collision_bound. */
#ifndef VC_STATESET_H
#define VC_STATESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct StateSet StateSet;

StateSet *stateset_new(size_t key_bytes, bool fingerprint);
void stateset_free(StateSet *s);

/* At most `bytes` bytes (table and arena, growth included); 0: no bound. */
void stateset_set_budget(StateSet *s, size_t bytes);

/* Adds a state: STATESET_ADDED if it was not there, STATESET_PRESENT if it
 * was, STATESET_FULL (the set unchanged) if holding it would exceed the
 * budget or the memory could not be had. */
typedef enum { STATESET_PRESENT, STATESET_ADDED, STATESET_FULL } StateSetAdd;
StateSetAdd stateset_add(StateSet *s, const uint8_t *key);

/* As stateset_add, given the key's stateset_hash (the explorer's workers
 * hash in parallel); and a hint that a key of hash h comes soon, which
 * fetches its slot into the cache while other keys are added. */
StateSetAdd stateset_add_hashed(StateSet *s, const uint8_t *key, uint64_t h);
void stateset_prefetch(const StateSet *s, uint64_t h);

uint64_t stateset_count(const StateSet *s);

/* Full mode: the i-th state added. */
const uint8_t *stateset_key(const StateSet *s, uint64_t i);

/* Full mode: a copy of the arena's block table (caller frees): state i is at
 * blocks[i >> STATESET_BLOCK_BITS], (i mod 2^STATESET_BLOCK_BITS) keys in.
 * Blocks never move, so a reader may use the copy while states are added
 * (the table itself may be reallocated then). */
#define STATESET_BLOCK_BITS 16
uint8_t **stateset_blocks(const StateSet *s);

/* State i in such a block table (stateset_key reads the set's own). */
static inline const uint8_t *stateset_block_key(uint8_t *const *blocks, size_t key_bytes,
                                                uint64_t i)
{
  return blocks[i >> STATESET_BLOCK_BITS] +
         (i & (((uint64_t)1 << STATESET_BLOCK_BITS) - 1)) * key_bytes;
}

/* Bytes the set holds (table and arena). */
size_t stateset_bytes(const StateSet *s);

/* States a full-mode set can hold: a slot is 32 bits, an index and a tag of
 * hash bits that spares most probes a comparison of whole states. */
#define STATESET_INDEX_BITS 27
#define STATESET_MAX_FULL (((uint64_t)1 << STATESET_INDEX_BITS) - 2)

/* An upper bound on the probability that some two of n distinct states
 * share a 64-bit fingerprint: n(n-1)/2 / 2^64. */
double stateset_collision_bound(uint64_t n);

uint64_t stateset_hash(const uint8_t *key, size_t n);

#endif
