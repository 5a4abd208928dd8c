/* Monitor runs: each guest's final virtual state and counts. */
#ifndef VC_VMM_REPORT_H
#define VC_VMM_REPORT_H

#include "compare.h"

/* `compare` (NULL: not asked for): each guest beside the bare machine. */
char *vmm_report_text(const VmStack *s, const char *const *programs, const GuestCompare *compare);
char *vmm_report_json(const VmStack *s, const char *const *programs, const GuestCompare *compare);

#endif
