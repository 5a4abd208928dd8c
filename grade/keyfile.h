/* A GLib key file read with positions, for files people write (virtcheck
 * grade's assignments). GKeyFile keeps no positions, so a first pass records
 * the line of every group and key; it also refuses what GKeyFile would take
 * silently (a repeated group or key) or reject without a line. The typed
 * getters fail with "FILE:LINE:1: error: KEY = VALUE: expected ...". */
#ifndef VC_KEYFILE_H
#define VC_KEYFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

typedef struct {
  const char *file;
  GHashTable *at; /* "group" and "group\nkey" -> line */
  GKeyFile *kf;
  GError **err;   /* where a getter's error goes */
} KeyFile;

/* Reads text (the file's contents) into k; false with *err set. */
bool kf_open(KeyFile *k, const char *file, const char *text, size_t len, GError **err);
void kf_close(KeyFile *k);

/* The line of a group (key NULL) or of a key in it; 0 if absent. */
int kf_line(const KeyFile *k, const char *group, const char *key);

/* Fails with "file:line:1: error: ..." at the key's line, else the group's;
 * returns false. */
bool kf_fail(const KeyFile *k, const char *group, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* An error naming a key not in `allowed` (NULL-terminated), with the list. */
bool kf_only(const KeyFile *k, const char *group, const char *const *allowed);
bool kf_has(const KeyFile *k, const char *group, const char *key);

/* The value, non-empty (NULL after an error; absent and not required: NULL). */
char *kf_string(const KeyFile *k, const char *group, const char *key, bool required);
/* A ;-separated list, each item stripped. */
char **kf_list(const KeyFile *k, const char *group, const char *key);
/* A whole number in lo..hi, true or false, or one of names: def when absent. */
bool kf_int(const KeyFile *k, const char *group, const char *key, int64_t lo, int64_t hi,
            int64_t def, int64_t *out);
bool kf_bool(const KeyFile *k, const char *group, const char *key, bool def, bool *out);
bool kf_choice(const KeyFile *k, const char *group, const char *key, const char *const *names,
               int def, int *out);

#endif
