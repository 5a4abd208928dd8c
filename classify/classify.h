/* Each instruction's classes (docs/model.md), derived from query answers, and
 * the verdicts of Theorems 1 and 3. Three-valued: an unknown answer makes a
 * class unknown, never yes or no. */
#ifndef VC_CLASSIFY_H
#define VC_CLASSIFY_H

#include "ask.h"

typedef enum {
  C_PRIVILEGED,
  C_CONTROL,
  C_BEHAVIOR,
  C_LOCATION,
  C_MODE,
  C_RESOURCE,
  C_USER,
  C_SUPERVISOR,
  C_SENSITIVE,
  C_INNOCUOUS,
  C_CRITICAL,
  C_COUNT
} ClassId;

extern const char *const class_names[C_COUNT]; /* JSON keys: "control_sensitive", ... */

typedef struct {
  EngineKind engine;
  unsigned timeout_ms;  /* per SMT query; 0 none */
  uint64_t max_states;  /* per exhaustive query */
  gint64 deadline;      /* g_get_monotonic_time() at which to stop asking; 0: none */
  bool progress;        /* report progress on stderr */
} ClassifyOptions;

typedef struct {
  Tri cls[C_COUNT];
  int evidence[C_COUNT]; /* index in asked of the witness for a yes, or -1 */
  Asked *asked;
  unsigned nasked;
  uint64_t states; /* exhaustive: states enumerated for this instruction */
} InsnClass;

typedef struct {
  const Isa *isa;
  ClassifyOptions opt;
  InsnClass *insn;
  Tri theorem1, theorem3;
} Classification;

/* Classifies every instruction. Errors: a Z3 failure, a witness that does
 * not replay, or (engine both) the engines disagreeing: the message says
 * which instruction and query. Returns NULL with *err set. */
Classification *classify_isa(const Isa *isa, const ClassifyOptions *opt, GError **err);
void classification_free(Classification *c);

/* Instructions with class `id` (yes), or breaking a theorem; caller frees
 * the array (not the names). */
const char **class_members(const Classification *c, ClassId id, unsigned *n);
const char **theorem_breakers(const Classification *c, int theorem, unsigned *n);

/* The queries every instruction is asked, in a fixed order, into qs
 * (room for CLASSIFY_MAX_QUERIES); returns how many. */
#define CLASSIFY_MAX_QUERIES (9 + 3 * VC_MAX_VARS)
unsigned classify_queries(const Isa *isa, Query *qs);

#endif
