/* What every report shares: one JSON layout (the same input gives the same
 * bytes), the parameters line, variables as traces show them, and the class
 * sets every report lists. */
#ifndef VC_REPORT_UTIL_H
#define VC_REPORT_UTIL_H

#include <json-glib/json-glib.h>

#include "classify.h"
#include "eval.h"

/* The finished document: pretty-printed, two-space indent, a final newline. */
char *json_text(JsonBuilder *b);

/* "key": value, one member of the object being built. */
void json_add_int(JsonBuilder *b, const char *key, uint64_t v);
void json_add_str(JsonBuilder *b, const char *key, const char *v);
/* A NULL-terminated string array as a JSON array; null for NULL. */
void json_add_strv(JsonBuilder *b, const char *key, char **v);

/* Text taken from input (a file name, say) made safe where it goes: valid
 * UTF-8 everywhere (invalid bytes become U+FFFD), HTML-escaped (attributes
 * included), Markdown with every markup character backslash-escaped, and a
 * relative link target percent-encoded. Each appends to `out`. */
void html_text(GString *out, const char *text);
void md_text(GString *out, const char *text);
void link_target(GString *out, const char *file);

/* "key": {variable: value, ...}, the mode by name. */
void json_add_vars(JsonBuilder *b, const char *key, const Isa *isa, const uint64_t *vars);

/* "word=12 addr=8 data=12 mem=64"; caller frees. */
char *params_text(const Isa *isa);

/* "name=value name=value ...", as traces show values; caller frees. */
char *vars_text(const Isa *isa, const uint64_t *vars);

/* " name=value" for every variable, as traces show values. */
void append_vars(GString *s, const Isa *isa, const IrVal *vals);

/* The class sets reports list, with their text labels and JSON keys. */
typedef struct {
  ClassId id;
  const char *label, *key;
} ClassSet;
extern const ClassSet class_sets[4];

#endif
