/* JSON helpers every report shares: one layout, so the same input gives the
 * same bytes. */
#ifndef VC_JSON_OUT_H
#define VC_JSON_OUT_H

#include <json-glib/json-glib.h>

#include "ir.h"

/* The finished document: pretty-printed, two-space indent, a final newline. */
char *json_text(JsonBuilder *b);

/* "key": {variable: value, ...}, the mode by name. */
void json_add_vars(JsonBuilder *b, const char *key, const Isa *isa, const uint64_t *vars);

#endif
