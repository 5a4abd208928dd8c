#include "lockstep_impl.h"

#include <string.h>

#include "ledger.h"
#include "stateset.h"
#include "walk_shard.h"

const char *const equiv_verdict_names[] = {"equivalent", "counterexample", "incomplete"};

/* Frontier states a batch hands to the workers: at most BATCH, fewer when
 * a batch's successors would take more than a quarter of --max-memory. It
 * depends on the options only, so every figure (states, transitions at a
 * counterexample) is the same for any thread count. */
#define BATCH 16384

typedef struct {
  Space *sp;
  StateSet *seen;
  GByteArray *cur, *next; /* fingerprint mode: the frontier's keys */
  uint64_t lo, hi;        /* full mode: the frontier is seen's keys [lo, hi) */
  const char *stopped;    /* the limit that stopped the search, or NULL */
  uint64_t batch;
  /* a shard's walk (walk_shard.h): its log, and while level 1 is expanded,
   * which of its states are this shard's */
  WalkLog *log;
  StateFigures *figures; /* the log's, for the level being expanded */
  bool split;
  uint8_t **blocks; /* full mode: the arena's blocks as the level began */
} Search;

static const uint8_t *frontier_key(const Search *s, uint64_t j)
{
  if (s->cur)
    return s->cur->data + j * s->sp->key_bytes;
  return stateset_block_key(s->blocks, s->sp->key_bytes, s->lo + j);
}

/* A batch is cut into chunks of frontier states that the workers take in
 * order as they come free (states differ widely in how many successors
 * they have, so fixed shares leave a thread idle). Each chunk's successors
 * stay together in its job's output, and the merge reads them in chunk
 * order: the same sequence for any number of threads. */
#define CHUNK 256

typedef struct {
  unsigned job;
  size_t from, to; /* bytes of that job's output */
  bool found;      /* a divergence: the chunk's successors stop there */
} Chunk;

typedef struct {
  Search *s;
  Worker *w;
  unsigned id;
  uint64_t at, end; /* the batch's frontier positions */
  Chunk *chunks;
  gint *next;      /* the next chunk to take */
  GByteArray *out; /* successors: each key, then its stateset_hash */
  bool found;
  uint64_t transitions, direct, instructions;
} Job;

/* Expands chunks of the batch into job->out until none is left or this
 * job meets a divergence (every chunk before it is taken, so finished, by
 * someone). */
static gpointer expand(gpointer data)
{
  Job *job = data;
  Worker *w = job->w;
  Space *sp = job->s->sp;
  g_byte_array_set_size(job->out, 0);
  job->found = false;
  uint64_t t0 = w->transitions, d0 = w->direct, i0 = w->instructions;
  VState s, next;
  vstate_init(sp, &s);
  vstate_init(sp, &next);
  uint8_t entry[VC_MAX_KEY_BYTES + sizeof(uint64_t)];
  size_t kb = sp->key_bytes;
  uint64_t nchunks = (job->end - job->at + CHUNK - 1) / CHUNK;
  for (uint64_t k; !job->found && (k = (uint64_t)g_atomic_int_add(job->next, 1)) < nchunks;) {
    Chunk *ch = &job->chunks[k];
    *ch = (Chunk){job->id, job->out->len, 0, false};
    uint64_t to = MIN(job->end, job->at + (k + 1) * CHUNK);
    for (uint64_t j = job->at + k * CHUNK; j < to && !job->found; j++) {
      if (job->s->split && j % ledger_shard_count() != ledger_shard_index())
        continue; /* another shard's */
      vstate_unpack(sp, frontier_key(job->s, j), &s);
      uint64_t place;
      unsigned n = space_choices(sp, &s, &place);
      StateFigures before = {w->transitions, w->direct, w->instructions, false};
      for (unsigned c = 0; c < n; c++) {
        if (transition(w, &s, place, c, &next, NULL) == STEP_DIVERGES) {
          job->found = ch->found = true;
          break;
        }
        vstate_pack(sp, &next, entry);
        uint64_t h = stateset_hash(entry, kb);
        memcpy(entry + kb, &h, sizeof h);
        g_byte_array_append(job->out, entry, (guint)(kb + sizeof h));
      }
      if (job->s->figures && !job->found)
        job->s->figures[job->s->lo + j] =
            (StateFigures){(uint32_t)(w->transitions - before.transitions),
                           (uint32_t)(w->direct - before.direct),
                           (uint32_t)(w->instructions - before.instructions), true};
    }
    ch->to = job->out->len;
  }
  job->transitions = w->transitions - t0, job->direct = w->direct - d0;
  job->instructions = w->instructions - i0;
  vstate_clear(&s);
  vstate_clear(&next);
  return NULL;
}

static size_t frontier_bytes(const Search *s)
{
  return (s->cur ? s->cur->len : 0) + (s->next ? s->next->len : 0);
}

/* Adds a successor (h: its stateset_hash); false (s->stopped set) when a
 * limit is reached. */
static bool add(Lockstep *l, Search *s, const uint8_t *key, uint64_t h)
{
  size_t kb = s->sp->key_bytes;
  if (l->opt.max_memory && frontier_bytes(s) + kb > l->opt.max_memory)
    s->stopped = "--max-memory";
  else
    switch (stateset_add_hashed(s->seen, key, h)) {
    case STATESET_PRESENT: return true;
    case STATESET_FULL: s->stopped = "--max-memory"; break;
    case STATESET_ADDED:
      if (s->log && l->opt.fingerprint) { /* the set keeps no keys */
        uint64_t id = GUINT64_TO_LE(h);
        walk_log_add_id(s->log, (const uint8_t *)&id);
      }
      if (stateset_count(s->seen) > l->opt.max_states)
        s->stopped = "--max-states";
      else if (s->next)
        g_byte_array_append(s->next, key, (guint)kb);
      break;
    }
  return !s->stopped;
}

/* A batch in flight: its jobs (one per worker) and their threads. With
 * more than one worker, the next batch is expanded while this one is
 * merged: expansion reads only the frontier, which merging leaves alone
 * (the frontier's arena blocks never move: Search.blocks). */
typedef struct {
  Job jobs[VC_MAX_THREADS];
  GThread *threads[VC_MAX_THREADS];
  Chunk *chunks;
  gint next;
  uint64_t nchunks;
} Batch;

static void batch_start(Batch *b, Search *s, Worker **workers, unsigned nworkers, uint64_t at,
                        uint64_t end)
{
  b->next = 0;
  b->nchunks = (end - at + CHUNK - 1) / CHUNK;
  for (unsigned t = 0; t < nworkers; t++) {
    Job *j = &b->jobs[t];
    *j = (Job){s, workers[t], t, at, end, b->chunks, &b->next, j->out, false, 0, 0, 0};
    /* one worker expands on this thread, before the merge */
    b->threads[t] = nworkers > 1 ? g_thread_new("lockstep", expand, j) : NULL;
  }
  if (nworkers == 1)
    expand(&b->jobs[0]);
}

static void batch_wait(Batch *b, unsigned nworkers)
{
  for (unsigned t = 0; t < nworkers; t++)
    if (b->threads[t])
      g_thread_join(g_steal_pointer(&b->threads[t]));
}

/* Merges a finished batch's successors in chunk order: false when the
 * search stops. */
static bool merge(Lockstep *l, Search *s, Batch *b, unsigned nworkers)
{
  size_t kb = s->sp->key_bytes, stride = kb + sizeof(uint64_t);
  size_t out = 0;
  bool found = false;
  for (unsigned t = 0; t < nworkers; t++) {
    out += b->jobs[t].out->len / stride * kb;
    found |= b->jobs[t].found;
  }
  /* the batch's successors, before they are merged: the same sum for any
   * number of workers (unless one found a divergence, which ends it) */
  if (l->opt.max_memory && !found &&
      stateset_bytes(s->seen) + frontier_bytes(s) + out > l->opt.max_memory) {
    s->stopped = "--max-memory";
    return false;
  }
  for (unsigned t = 0; t < nworkers; t++) {
    const Job *j = &b->jobs[t];
    l->transitions += j->transitions, l->direct += j->direct;
    l->instructions += j->instructions;
  }
  for (uint64_t k = 0; k < b->nchunks; k++) { /* in chunk order: as one thread would */
    const Chunk *ch = &b->chunks[k];
    if (ch->found) {
      l->verdict = EQ_COUNTEREXAMPLE;
      return false;
    }
    const uint8_t *keys = b->jobs[ch->job].out->data;
    /* a slot is a cache miss: fetch the one PREFETCH keys ahead */
    enum { PREFETCH = 8 };
    for (size_t at = ch->from; at < ch->to; at += stride) {
      uint64_t h;
      if (at + PREFETCH * stride < ch->to) {
        memcpy(&h, keys + at + PREFETCH * stride + kb, sizeof h);
        stateset_prefetch(s->seen, h);
      }
      memcpy(&h, keys + at + kb, sizeof h);
      if (!add(l, s, keys + at, h))
        return false;
    }
  }
  if (l->opt.deadline && g_get_monotonic_time() >= l->opt.deadline) {
    s->stopped = "--time-limit";
    return false;
  }
  if (l->opt.progress)
    l->opt.progress(l->depth + 1, stateset_count(s->seen), l->transitions,
                    l->opt.progress_data);
  return true;
}

/* One breadth-first level: false when the search stops (a divergence, or
 * a limit: then s->stopped says which). */
static bool level(Lockstep *l, Search *s, Worker **workers, unsigned nworkers)
{
  uint64_t n = s->cur ? s->cur->len / s->sp->key_bytes : s->hi - s->lo;
  if (l->opt.deadline && g_get_monotonic_time() >= l->opt.deadline) {
    s->stopped = "--time-limit";
    return false;
  }
  if (!s->cur) {
    g_free(s->blocks);
    s->blocks = stateset_blocks(s->seen);
  }
  Batch batches[2];
  for (int p = 0; p < 2; p++) {
    batches[p].chunks = g_new(Chunk, (s->batch + CHUNK - 1) / CHUNK);
    for (unsigned t = 0; t < nworkers; t++) {
      batches[p].jobs[t].out = g_byte_array_new();
      batches[p].threads[t] = NULL;
    }
  }
  bool go = true;
  if (n)
    batch_start(&batches[0], s, workers, nworkers, 0, MIN(n, s->batch));
  for (uint64_t at = 0, b = 0; at < n; at += s->batch, b++) {
    Batch *cur = &batches[b % 2], *ahead = &batches[(b + 1) % 2];
    batch_wait(cur, nworkers);
    uint64_t next_at = at + s->batch;
    /* one worker alone expands the next batch after this merge */
    if (next_at < n && nworkers > 1)
      batch_start(ahead, s, workers, nworkers, next_at, MIN(n, next_at + s->batch));
    if (!(go = merge(l, s, cur, nworkers)))
      break;
    if (next_at < n && nworkers == 1)
      batch_start(ahead, s, workers, nworkers, next_at, MIN(n, next_at + s->batch));
  }
  for (int p = 0; p < 2; p++) {
    batch_wait(&batches[p], nworkers); /* a batch started before the search stopped */
    for (unsigned t = 0; t < nworkers; t++)
      g_byte_array_unref(batches[p].jobs[t].out);
    g_free(batches[p].chunks);
  }
  return go;
}

static bool initial_states(Lockstep *l, Search *s)
{
  Space *sp = s->sp;
  VState v;
  vstate_init(sp, &v);
  uint8_t key[VC_MAX_KEY_BYTES];
  bool ok = true;
  for (uint64_t i = 0; ok && i < sp->ninit; i++) {
    space_initial(sp, i, &v);
    vstate_pack(sp, &v, key);
    ok = add(l, s, key, stateset_hash(key, sp->key_bytes));
  }
  vstate_clear(&v);
  return ok;
}

/* What the search had covered when a level began: a limit reached inside a
 * level cuts the result back to it, so that it does not depend on how the
 * level was shared among threads. */
typedef struct {
  uint64_t states, transitions, direct, instructions;
} Covered;

static void stop_at(Lockstep *l, const Search *s, const Covered *at)
{
  g_autofree char *limit =
      !strcmp(s->stopped, "--max-states")
          ? g_strdup_printf("--max-states %" G_GUINT64_FORMAT, l->opt.max_states)
      : !strcmp(s->stopped, "--max-memory")
          ? g_strdup_printf("--max-memory %" G_GUINT64_FORMAT " bytes (or all the memory there "
                            "was)", l->opt.max_memory)
          : g_strdup(s->stopped);
  l->verdict = EQ_INCOMPLETE;
  l->states = at->states;
  l->transitions = at->transitions, l->direct = at->direct;
  l->instructions = at->instructions;
  if (!l->depth && !at->states)
    l->why = g_strdup_printf("stopped at %s: the initial states alone exceed it", limit);
  else
    l->why = g_strdup_printf("stopped at %s while exploring programs of %u instruction%s; the "
                             "result covers those of up to %u", limit, l->depth + 1,
                             l->depth ? "s" : "", l->depth);
}

static const uint8_t *full_key(void *seen, uint64_t i)
{
  return stateset_key(seen, i);
}

/* A shard logs its walk for the ledger (walk_shard.h): *record. */
static void search(Lockstep *l, Space *sp, Worker **workers, unsigned nworkers,
                   JsonNode **record)
{
  Search s = {.sp = sp, .seen = stateset_new(sp->key_bytes, l->opt.fingerprint), .batch = BATCH};
  if (record) {
    s.log = walk_log_new(l->opt.fingerprint ? sizeof(uint64_t) : sp->key_bytes);
    walk_log_level(s.log, 0);
  }
  if (l->opt.max_memory) {
    uint64_t per_state = (uint64_t)MAX(sp->nwords, 1) * sp->key_bytes;
    s.batch = CLAMP(l->opt.max_memory / 4 / per_state, 1, BATCH);
  }
  stateset_set_budget(s.seen, l->opt.max_memory);
  if (l->opt.fingerprint)
    s.next = g_byte_array_new();
  l->verdict = EQ_EQUIVALENT;
  Covered at = {0};
  if (initial_states(l, &s)) {
    for (l->depth = 0; l->depth < l->opt.depth; l->depth++) {
      if (s.next) {
        if (s.cur)
          g_byte_array_unref(s.cur);
        s.cur = s.next;
        s.next = g_byte_array_new();
      }
      s.lo = s.hi;
      s.hi = stateset_count(s.seen);
      at = (Covered){s.hi, l->transitions, l->direct, l->instructions};
      if (s.log) {
        walk_log_level(s.log, s.hi);
        s.figures = walk_log_figures(s.log, s.hi);
        s.split = l->depth == 1;
      }
      if (!level(l, &s, workers, nworkers))
        break;
    }
  }
  l->states = stateset_count(s.seen);
  if (l->verdict == EQ_COUNTEREXAMPLE) {
    /* the level a divergence ends was shared among the threads: what they
     * had covered of it depends on how, so the counts are the level's start */
    l->states = at.states;
    l->transitions = at.transitions, l->direct = at.direct;
    l->instructions = at.instructions;
  }
  if (s.stopped)
    stop_at(l, &s, &at);
  l->bytes = stateset_bytes(s.seen); /* the visited set (the frontier is transient) */
  if (s.log) {
    *record = walk_log_record(s.log, l, stateset_count(s.seen), l->opt.fingerprint ? NULL : full_key,
                              s.seen);
    walk_log_free(s.log);
  }
  stateset_free(s.seen);
  g_free(s.blocks);
  if (s.cur)
    g_byte_array_unref(s.cur);
  if (s.next)
    g_byte_array_unref(s.next);
}

Lockstep *lockstep_run(const Isa *isa, const LockstepOptions *opt, GError **err)
{
  if (!opt->bare_only && opt->kind == MON_PATCH && opt->stack > 1) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "--monitor patch: one monitor only (--stack 1): a patch below would write "
                "into the storage of the guests above it");
    return NULL;
  }
  if (!opt->bare_only) { /* can the monitors and the guest be laid out? */
    VmStack *probe = vmm_stack_new(isa, opt->kind, opt->stack, opt->base, 1, opt->ts, err);
    if (!probe)
      return NULL;
    vmm_stack_free(probe);
  }
  Lockstep *l = g_new0(Lockstep, 1);
  l->isa = isa;
  l->opt = *opt;
  if (!opt->fingerprint) /* the CLI refuses more; a library caller gets the most there is */
    l->opt.max_states = MIN(opt->max_states, STATESET_MAX_FULL);
  Space *sp = space_new(isa, &l->opt, err);
  if (!sp) {
    g_free(l);
    return NULL;
  }
  l->domain = space_describe(sp);
  l->ninit = sp->ninit;
  l->nwords = sp->nwords;
  l->key_bytes = sp->key_bytes;
  Piece piece = ledger_piece(PIECE_WALK);
  if (piece.action == PIECE_TAKE) {
    unsigned n;
    JsonNode *const *parts = ledger_results(PIECE_WALK, piece.seq, &n);
    bool ok = walk_merge(l, sp, parts, n, err);
    space_free(sp);
    if (!ok)
      g_clear_pointer(&l, lockstep_free);
    return l;
  }
  unsigned nworkers = CLAMP(l->opt.threads, 1, VC_MAX_THREADS);
  Worker *workers[VC_MAX_THREADS];
  for (unsigned t = 0; t < nworkers; t++)
    workers[t] = worker_new(sp);
  JsonNode *record = NULL;
  search(l, sp, workers, nworkers, piece.record ? &record : NULL);
  if (l->verdict == EQ_COUNTEREXAMPLE)
    reconstruct(l, sp, workers[0]);
  if (record) {
    if (l->verdict == EQ_COUNTEREXAMPLE) /* the record is made before the path is found */
      walk_log_add_counterexample(record, l);
    ledger_record(PIECE_WALK, piece.seq, record);
  }
  for (unsigned t = 0; t < nworkers; t++)
    worker_free(workers[t]);
  space_free(sp);
  return l;
}

void lockstep_free(Lockstep *l)
{
  if (!l)
    return;
  g_free(l->domain);
  g_free(l->why);
  counterexample_clear(&l->cex);
  g_free(l);
}
