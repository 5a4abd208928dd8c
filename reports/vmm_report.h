/* Monitor runs: each guest's final virtual state and counts. */
#ifndef VC_VMM_REPORT_H
#define VC_VMM_REPORT_H

#include "vmm.h"

char *vmm_report_text(const VmStack *s, const char *const *programs);
char *vmm_report_json(const VmStack *s, const char *const *programs);

#endif
