/* Classification results for people (text) and machines (JSON, schema in
 * docs/json.md). Both are deterministic: same input, same bytes. */
#ifndef VC_CLASSIFY_REPORT_H
#define VC_CLASSIFY_REPORT_H

#include "classify.h"

typedef struct {
  bool witnesses; /* the witness behind every positive answer */
  bool explain;   /* why each critical instruction breaks trap-and-emulate (explain.h) */
  const char *const *only; /* NULL-terminated instruction names those two are for; NULL: all */
} ReportOptions;

char *classify_report_text(const Classification *c, const ReportOptions *o);
char *classify_report_json(const Classification *c, const ReportOptions *o);

/* The witness behind a critical instruction's explanation (explain.h), as
 * --witness prints it; NULL if it is not critical. Caller frees. */
char *critical_witness(const Classification *c, unsigned insn);

/* A variant's classes in a few words: "privileged (control sensitive)",
 * "critical (mode sensitive)", "innocuous", "always traps" (caller frees). */
char *variant_summary(const InsnClass *ic);
/* "privileged (control sensitive) for csr in 0x100-0x1ff; innocuous for
 * csr in 0xc00-0xc1f": a refined instruction's variants, for people. */
char *variant_line(const Isa *isa, const InsnClass *ic);
/* variant_line, or why the operand is not refined; NULL without one. */
char *operand_classes(const Isa *isa, const InsnClass *ic);

#endif
