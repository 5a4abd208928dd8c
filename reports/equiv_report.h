/* Equivalence results for people (text) and machines (JSON, docs/json.md). */
#ifndef VC_EQUIV_REPORT_H
#define VC_EQUIV_REPORT_H

#include "equiv.h"

char *equiv_report_text(const Equivalence *e);
char *equiv_report_json(const Equivalence *e);

#endif
