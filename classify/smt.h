/* The SMT engine: the IR evaluator run over Z3 bit-vector terms, and each
 * query asked of Z3 for all states at once. One context per Smt (so one per
 * thread); a custom error handler (Z3's default exits); solver parameters
 * timeout, a fixed random_seed and ctrl_c=false. */
#ifndef VC_SMT_H
#define VC_SMT_H

#include "engine.h"

typedef struct Smt Smt;

/* timeout_ms 0: none. */
Smt *smt_new(unsigned timeout_ms, GError **err);

/* The timeout of the queries from now on (0: none). */
void smt_set_timeout(Smt *smt, unsigned timeout_ms);
void smt_free(Smt *smt);

/* Answers q for instruction `insn` over all states at the spec's widths.
 * A Z3 error sets *err (VC_ERROR_INTERNAL); "unknown" is ANS_UNKNOWN. */
bool smt_query(Smt *smt, const Isa *isa, unsigned insn, const Query *q, QueryResult *out,
               GError **err);

/* Appends q as an SMT-LIB 2 script (declarations, assertions,
 * check-sat): satisfiable exactly when smt_query answers ANS_YES. */
bool smt_export(Smt *smt, const Isa *isa, unsigned insn, const Query *q, GString *into,
                GError **err);

/* "4.8.12" */
const char *smt_version(void);

#endif
