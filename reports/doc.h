/* The report documents (virtcheck report): per ISA and an index comparing
 * them, as Markdown, self-contained HTML (inline CSS and SVG, no scripts) or
 * JSON (schema: docs/report.md). Deterministic: the same studies give the
 * same bytes. */
#ifndef VC_DOC_H
#define VC_DOC_H

#include "study.h"

#define REPORT_SCHEMA "virtcheck-report/1"

char *doc_md(const Study *s);
char *doc_index_md(Study *const *s, unsigned n);
char *doc_html(const Study *s);
char *doc_index_html(Study *const *s, unsigned n);
char *doc_json(const Study *s);
char *doc_index_json(Study *const *s, unsigned n);

/* The file name a study's document gets: the spec's base name without
 * ".isa", then the extension. Caller frees. */
char *doc_name(const Study *s, const char *ext);

#endif
