/* The expected-classes format (`.expect`): what a spec's classification
 * should be, line by line. The bundled scenarios carry one each (the tests
 * check them; `report` takes its lockstep instance from it) and a "classify
 * this ISA by hand" submission is one (`virtcheck grade`).
 *
 *   instance word=6 addr=2 data=2 mem=12     (or "instance none")
 *   lockstep word=12 addr=6 data=2 mem=12    (report's lockstep runs)
 *   privileged datao datai halt
 *   sensitive jrst1 datao datai
 *   user_sensitive
 *   critical jrst1
 *   theorem1 fails
 *   theorem3 holds
 *   variant csrrs privileged (...): 0x100-0x1ff
 *   extension_exits movtocr3 hlt
 *   theorem1_ext holds
 *
 * '#' starts a comment line. Every key is optional; a set listed is the
 * whole set. */
#ifndef VC_EXPECT_H
#define VC_EXPECT_H

#include "classify.h"

enum { EXPECT_SETS = 4 };
extern const char *const expect_set_keys[EXPECT_SETS]; /* privileged, sensitive, ... */
extern const ClassId expect_set_ids[EXPECT_SETS];

typedef struct {
  char *file;
  char **instance;            /* NULL: no line; {"none"} when it says none fits */
  char **lockstep;            /* the report's lockstep instance; NULL: searched for */
  char **sets[EXPECT_SETS];   /* instruction names; NULL: the key is absent */
  VcLoc set_loc[EXPECT_SETS]; /* where each set was given */
  Tri theorem[4];             /* [1], [3]: TRI_UNKNOWN when absent */
  char **variants;            /* "INSN SUMMARY: RANGES" */
  char **exits;               /* NULL: no extension_exits line */
  Tri theorem1_ext;
} Expect;

/* Parses an .expect file; errors name file:line:column and what was
 * expected. With isa, every instruction named must be one of its own. */
Expect *expect_load(const char *path, const Isa *isa, GError **err);
Expect *expect_parse(const char *file, const char *text, const Isa *isa, GError **err);
void expect_free(Expect *e);

/* Whether name is in a NULL-terminated list. */
bool expect_lists(char *const *names, const char *name);

#endif
