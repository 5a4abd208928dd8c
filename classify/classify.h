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
  uint64_t lo, hi; /* values lo..hi of a refined operand */
} ValueRange;

typedef struct Variant Variant;

typedef struct {
  Tri cls[C_COUNT];
  Tri runs[2]; /* runs without a trap in some user [0] / supervisor [1] state */
  int evidence[C_COUNT]; /* index in asked of the witness for a yes, or -1 */
  Asked *asked;
  unsigned nasked;
  uint64_t states; /* exhaustive: states enumerated for this instruction */
  /* A refined operand (refine.h): its values grouped by equal classes, each
   * group asked on its first value. field -1: not refined. */
  int field;
  Variant *variants;
  unsigned nvariants;
  char *unrefined; /* why a field declared `refine` was not refined, or NULL */
} InsnClass;

struct Variant {
  InsnClass c; /* its classes, asked with the operand at ranges[0].lo */
  ValueRange *ranges;
  unsigned nranges;
};

/* A virtualization extension's classes (a spec with a guest-mode flag):
 * whether the instruction exits (traps in every guest-mode state, with the
 * controls the monitor sets), and whether it breaks the assisted monitor:
 * some state in which, in guest mode, it does not exit and its outcome
 * differs from its outcome outside guest mode in what the guest sees or
 * keeps, or it changes what the monitor owns. The assisted f changes only
 * what the extension owns (fmap.h), so that pair is a virtual state and
 * f of it: the extension's sensitivity and the assisted monitor's one step
 * are one query. */
typedef struct {
  Asked runs, breaks;
  Tri exits, critical;
} ExtClass;

typedef struct {
  const Isa *isa;
  ClassifyOptions opt;
  InsnClass *insn;
  Tri theorem1, theorem3;
  ExtClass *ext;      /* per instruction; NULL without an extension */
  Tri theorem1_ext;   /* every instruction sensitive in guest mode exits */
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

/* The instructions that break the extension's Theorem 1 (critical in guest
 * mode); caller frees the array. */
const char **extension_breakers(const Classification *c, unsigned *n);

/* Whether the instruction's classes break Theorem 1 or 3: per variant when
 * its operand is refined (a variant is the instruction on those words). */
Tri insn_keeps_theorem(const InsnClass *ic, int theorem);

/* "0x100-0x1ff, 0x300" for a variant's values (caller frees). */
char *variant_ranges(const Isa *isa, const InsnClass *ic, const Variant *v);

/* The queries every instruction is asked, in a fixed order, into qs
 * (room for CLASSIFY_MAX_QUERIES); returns how many. */
#define CLASSIFY_MAX_QUERIES (9 + 3 * VC_MAX_VARS)
unsigned classify_queries(const Isa *isa, Query *qs);

#endif
