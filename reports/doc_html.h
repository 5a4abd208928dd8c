/* Pieces of the HTML report. */
#ifndef VC_DOC_HTML_H
#define VC_DOC_HTML_H

#include "doc.h"

/* The Euler diagram of the instruction sets, as an inline <svg>. */
void doc_svg_sets(GString *s, const Classification *c);

#endif
