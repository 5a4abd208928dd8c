#include "stateset.h"

#include <glib.h>
#include <string.h>

struct StateSet {
  size_t key_bytes;
  bool fingerprint;
  uint64_t count;
  uint64_t mask;   /* table slots - 1 (a power of two) */
  uint32_t *index; /* full: tag << INDEX_BITS | (1 + arena index), 0 empty */
  uint64_t *fp;    /* fingerprint: the hash, 0 empty (a zero hash is stored as 1) */
  uint8_t **chunks; /* full: the keys, CHUNK to a block, in insertion order */
  uint64_t nchunks;
  size_t budget;    /* bytes; 0: none */
};

/* Keys live in blocks of CHUNK, so the arena grows without copying and
 * wastes at most one partly filled block. */
#define CHUNK_BITS STATESET_BLOCK_BITS
#define CHUNK ((uint64_t)1 << CHUNK_BITS)

#define INDEX_MASK (((uint32_t)1 << STATESET_INDEX_BITS) - 1)

/* The hash bits a slot keeps: the top ones (the low ones pick the slot). */
static inline uint32_t tag(uint64_t h)
{
  return (uint32_t)(h >> (64 - (32 - STATESET_INDEX_BITS))) << STATESET_INDEX_BITS;
}

/* A multiply-xorshift hash over 8-byte chunks with MurmurHash3's 64-bit
 * finalizer: cheap, and every key bit reaches every hash bit. */
uint64_t stateset_hash(const uint8_t *key, size_t n)
{
  uint64_t h = 0x9e3779b97f4a7c15u ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t chunk;
    memcpy(&chunk, key + i, 8);
    h = (h ^ chunk) * 0xff51afd7ed558ccdu;
    h ^= h >> 29;
  }
  if (i < n) {
    uint64_t chunk = 0;
    memcpy(&chunk, key + i, n - i);
    h = (h ^ chunk) * 0xff51afd7ed558ccdu;
    h ^= h >> 29;
  }
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  h ^= h >> 33;
  return h;
}

double stateset_collision_bound(uint64_t n)
{
  return (double)n * ((double)n - 1) / 2 / 18446744073709551616.0;
}

static bool alloc_table(StateSet *s, uint64_t slots)
{
  void *t = s->fingerprint ? (void *)g_try_new0(uint64_t, slots)
                           : (void *)g_try_new0(uint32_t, slots);
  if (!t)
    return false;
  s->mask = slots - 1;
  if (s->fingerprint)
    s->fp = t;
  else
    s->index = t;
  return true;
}

void stateset_set_budget(StateSet *s, size_t bytes)
{
  s->budget = bytes;
}

/* Whether `more` bytes fit the budget beside what the set holds. */
static bool affords(const StateSet *s, size_t more)
{
  return !s->budget || stateset_bytes(s) + more <= s->budget;
}

StateSet *stateset_new(size_t key_bytes, bool fingerprint)
{
  StateSet *s = g_new0(StateSet, 1);
  s->key_bytes = key_bytes;
  s->fingerprint = fingerprint;
  alloc_table(s, 1024);
  return s;
}

void stateset_free(StateSet *s)
{
  if (!s)
    return;
  g_free(s->index);
  g_free(s->fp);
  for (uint64_t c = 0; c < s->nchunks; c++)
    g_free(s->chunks[c]);
  g_free(s->chunks);
  g_free(s);
}

uint64_t stateset_count(const StateSet *s)
{
  return s->count;
}

const uint8_t *stateset_key(const StateSet *s, uint64_t i)
{
  return stateset_block_key(s->chunks, s->key_bytes, i);
}

uint8_t **stateset_blocks(const StateSet *s)
{
  return g_memdup2(s->chunks, MAX(s->nchunks, 1) * sizeof *s->chunks);
}

size_t stateset_bytes(const StateSet *s)
{
  size_t slot = s->fingerprint ? sizeof *s->fp : sizeof *s->index;
  return (size_t)(s->mask + 1) * slot + (size_t)(s->nchunks * CHUNK * s->key_bytes);
}

/* Doubles the table and reinserts every state; false (unchanged) when the
 * new table does not fit the budget or cannot be had. */
static bool grow(StateSet *s)
{
  uint64_t old_slots = s->mask + 1;
  uint32_t *old_index = s->index;
  uint64_t *old_fp = s->fp;
  size_t slot = s->fingerprint ? sizeof *s->fp : sizeof *s->index;
  if (!affords(s, 2 * old_slots * slot) || !alloc_table(s, old_slots * 2))
    return false;
  /* Fingerprints read the old table in order: a slot's new place is its
   * old one or that plus old_slots, two streams the cache follows. */
  for (uint64_t i = 0; s->fingerprint && i < old_slots; i++)
    if (old_fp[i]) {
      uint64_t j = old_fp[i] & s->mask;
      while (s->fp[j])
        j = (j + 1) & s->mask;
      s->fp[j] = old_fp[i];
    }
  /* Full mode rehashes the states in the order they were added: reading
   * the arena in order, not at random through the old slots, spares a
   * cache miss per state (grow took 15% of a walk's time that way). */
  /* The new slots are misses: each state's is fetched AHEAD states early. */
  enum { AHEAD = 16 };
  uint64_t ring[AHEAD];
  for (uint64_t i = 0; !s->fingerprint && i < s->count + AHEAD; i++) {
    if (i >= AHEAD) { /* place state i - AHEAD, then reuse its ring entry */
      uint64_t k = i - AHEAD, h = ring[k % AHEAD], j = h & s->mask;
      while (s->index[j])
        j = (j + 1) & s->mask;
      s->index[j] = tag(h) | (uint32_t)(k + 1);
    }
    if (i < s->count) {
      uint64_t h = stateset_hash(stateset_key(s, i), s->key_bytes);
      __builtin_prefetch(&s->index[h & s->mask], 1);
      ring[i % AHEAD] = h;
    }
  }
  g_free(old_index);
  g_free(old_fp);
  return true;
}

StateSetAdd stateset_add(StateSet *s, const uint8_t *key)
{
  return stateset_add_hashed(s, key, stateset_hash(key, s->key_bytes));
}

void stateset_prefetch(const StateSet *s, uint64_t h)
{
  if (s->fingerprint)
    __builtin_prefetch(&s->fp[h & s->mask]);
  else
    __builtin_prefetch(&s->index[h & s->mask]);
}

StateSetAdd stateset_add_hashed(StateSet *s, const uint8_t *key, uint64_t h)
{
  /* Grow at 3/4 full (full mode) or 7/8 (fingerprints, where slots are the
   * whole cost), keeping linear probes short. */
  uint64_t slots = s->mask + 1;
  if ((s->fingerprint ? s->count + 1 > slots - slots / 8 : s->count + 1 > slots - slots / 4) &&
      !grow(s))
    return STATESET_FULL;
  uint64_t j = h & s->mask;
  if (s->fingerprint) {
    uint64_t f = h ? h : 1;
    for (; s->fp[j]; j = (j + 1) & s->mask)
      if (s->fp[j] == f)
        return STATESET_PRESENT;
    s->fp[j] = f;
    s->count++;
    return STATESET_ADDED;
  }
  uint32_t t = tag(h);
  for (; s->index[j]; j = (j + 1) & s->mask)
    if ((s->index[j] & ~INDEX_MASK) == t &&
        !memcmp(stateset_key(s, (s->index[j] & INDEX_MASK) - 1), key, s->key_bytes))
      return STATESET_PRESENT;
  g_assert(s->count < STATESET_MAX_FULL);
  if (s->count == s->nchunks * CHUNK) {
    uint8_t *chunk = affords(s, CHUNK * s->key_bytes) ? g_try_malloc(CHUNK * s->key_bytes) : NULL;
    if (!chunk)
      return STATESET_FULL;
    s->chunks = g_renew(uint8_t *, s->chunks, s->nchunks + 1);
    s->chunks[s->nchunks++] = chunk;
  }
  memcpy(s->chunks[s->count >> CHUNK_BITS] + (s->count & (CHUNK - 1)) * s->key_bytes, key,
         s->key_bytes);
  s->index[j] = t | (uint32_t)++s->count;
  return true;
}
