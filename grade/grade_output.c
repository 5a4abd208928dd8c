/* Grading results for people (text), CI systems (TAP, JUnit XML), programs
 * (JSON) and gradebooks (CSV). Submission paths are input: each format
 * escapes them its own way. */
#include <string.h>

#include "grade.h"
#include "report_util.h"

static const char *const status_labels[GRADE_STATUSES] = {"pass", "FAIL", "INVALID", "LIMIT",
                                                          "CRASH"};

/* A path on one line of text: control characters and invalid UTF-8 made
 * visible (\n, \ooo), never taken as layout. */
static char *one_line(const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  GString *s = g_string_new(NULL);
  for (const char *p = valid; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      g_string_append_printf(s, "\\%03o", (unsigned char)*p);
    else
      g_string_append_c(s, *p);
  return g_string_free(s, FALSE);
}

static const char *check_title(const Check *c)
{
  return c->title ? c->title : c->name;
}

char *grading_text(const Grading *g)
{
  const Assignment *a = g->a;
  GString *s = g_string_new(NULL);
  g_autofree char *title = one_line(a->title), *pts = points_text(a->points);
  g_string_append_printf(s, "%s\n%s points in %u check%s; %u submission%s\n", title, pts,
                         a->nchecks, a->nchecks == 1 ? "" : "s", g->n, g->n == 1 ? "" : "s");
  int width = 0; /* of the check names column */
  for (unsigned c = 0; c < a->nchecks; c++)
    width = MAX(width, (int)strlen(a->checks[c].name));
  for (unsigned i = 0; i < g->n; i++) {
    const Graded *gs = &g->sub[i];
    g_autofree char *name = one_line(gs->path), *score = points_text(gs->score);
    g_string_append_printf(s, "\n%s: %s of %s\n", name, score, pts);
    for (unsigned c = 0; c < a->nchecks; c++) {
      const CheckResult *r = &gs->check[c];
      g_autofree char *got = points_text(r->score), *of = points_text(a->checks[c].points);
      g_autofree char *sum = one_line(r->summary);
      g_autofree char *frac = g_strdup_printf("%s/%s", got, of);
      g_string_append_printf(s, "  %-7s %5s  %-*s  %s\n", status_labels[r->status], frac,
                             width, a->checks[c].name, sum);
      if (!r->feedback)
        continue;
      g_auto(GStrv) lines = g_strsplit(r->feedback, "\n", -1);
      for (char **l = lines; *l; l++)
        if (**l) {
          g_autofree char *t = one_line(*l);
          g_string_append_printf(s, "          %s\n", t);
        }
    }
  }
  return g_string_free(s, FALSE);
}

/* A TAP description: one line, and no '#' (it would start a directive). */
static void tap_text(GString *s, const char *text)
{
  g_autofree char *t = one_line(text);
  for (const char *p = t; *p; p++) {
    if (*p == '#' || *p == '\\')
      g_string_append_c(s, '\\');
    g_string_append_c(s, *p);
  }
}

char *grading_tap(const Grading *g)
{
  const Assignment *a = g->a;
  GString *s = g_string_new("TAP version 13\n");
  g_string_append_printf(s, "1..%u\n", g->n * a->nchecks);
  unsigned n = 0;
  for (unsigned i = 0; i < g->n; i++)
    for (unsigned c = 0; c < a->nchecks; c++) {
      const CheckResult *r = &g->sub[i].check[c];
      g_autofree char *got = points_text(r->score), *of = points_text(a->checks[c].points);
      g_string_append_printf(s, "%sok %u - ", r->status == GRADE_PASS ? "" : "not ", ++n);
      tap_text(s, g->sub[i].path);
      g_string_append_printf(s, ": %s (%s/%s)\n", a->checks[c].name, got, of);
      if (r->status == GRADE_PASS)
        continue;
      g_autofree char *sum = one_line(r->summary);
      g_string_append_printf(s, "# %s: %s\n", grade_status_names[r->status], sum);
      g_auto(GStrv) lines = g_strsplit(r->feedback ? r->feedback : "", "\n", -1);
      for (char **l = lines; *l; l++)
        if (**l) {
          g_autofree char *t = one_line(*l);
          g_string_append_printf(s, "#   %s\n", t);
        }
    }
  return g_string_free(s, FALSE);
}

/* XML 1.0 character data: valid UTF-8, no C0 controls but tab and newline
 * (not even escaped), markup escaped. */
static void xml_text(GString *s, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  for (char *p = valid; *p; p++)
    if (((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
      *p = '?';
  g_autofree char *e = g_markup_escape_text(valid, -1);
  g_string_append(s, e);
}

static unsigned count_status(const Graded *gs, unsigned n, bool failures)
{
  unsigned k = 0;
  for (unsigned c = 0; c < n; c++)
    k += failures ? gs->check[c].status == GRADE_FAIL
                  : gs->check[c].status > GRADE_FAIL;
  return k;
}

char *grading_junit(const Grading *g)
{
  const Assignment *a = g->a;
  unsigned failures = 0, errors = 0;
  for (unsigned i = 0; i < g->n; i++) {
    failures += count_status(&g->sub[i], a->nchecks, true);
    errors += count_status(&g->sub[i], a->nchecks, false);
  }
  GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"");
  xml_text(s, a->title);
  g_string_append_printf(s, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
                         g->n * a->nchecks, failures, errors);
  for (unsigned i = 0; i < g->n; i++) {
    const Graded *gs = &g->sub[i];
    g_string_append(s, "  <testsuite name=\"");
    xml_text(s, gs->path);
    g_string_append_printf(s, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n", a->nchecks,
                           count_status(gs, a->nchecks, true),
                           count_status(gs, a->nchecks, false));
    g_autofree char *score = points_text(gs->score), *pts = points_text(a->points);
    g_string_append_printf(s, "    <properties>\n      <property name=\"score\" value=\"%s\"/>\n"
                              "      <property name=\"points\" value=\"%s\"/>\n"
                              "    </properties>\n", score, pts);
    for (unsigned c = 0; c < a->nchecks; c++) {
      const CheckResult *r = &gs->check[c];
      g_string_append_printf(s, "    <testcase name=\"%s\" classname=\"", a->checks[c].name);
      xml_text(s, gs->path);
      if (r->status == GRADE_PASS) {
        g_string_append(s, "\"/>\n");
        continue;
      }
      const char *el = r->status == GRADE_FAIL ? "failure" : "error";
      g_string_append_printf(s, "\">\n      <%s type=\"%s\" message=\"", el,
                             grade_status_names[r->status]);
      xml_text(s, r->summary);
      g_string_append(s, "\">");
      g_autofree char *got = points_text(r->score), *of = points_text(a->checks[c].points);
      g_string_append_printf(s, "%s of %s points: ", got, of);
      xml_text(s, r->summary);
      if (r->feedback) {
        g_string_append_c(s, '\n');
        xml_text(s, r->feedback);
      }
      g_string_append_printf(s, "</%s>\n    </testcase>\n", el);
    }
    g_string_append(s, "  </testsuite>\n");
  }
  g_string_append(s, "</testsuites>\n");
  return g_string_free(s, FALSE);
}

static void json_add_points(JsonBuilder *b, const char *key, int64_t milli)
{
  json_builder_set_member_name(b, key);
  if (milli % 1000)
    json_builder_add_double_value(b, (double)milli / 1000);
  else
    json_builder_add_int_value(b, milli / 1000);
}

char *grading_json(const Grading *g)
{
  const Assignment *a = g->a;
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_add_str(b, "schema", "virtcheck-grade/1");
  json_builder_set_member_name(b, "assignment");
  json_builder_begin_object(b);
  json_add_str(b, "title", a->title);
  json_add_str(b, "file", a->file);
  json_add_points(b, "points", a->points);
  json_builder_set_member_name(b, "checks");
  json_builder_begin_array(b);
  for (unsigned c = 0; c < a->nchecks; c++) {
    json_builder_begin_object(b);
    json_add_str(b, "name", a->checks[c].name);
    json_add_str(b, "title", check_title(&a->checks[c]));
    json_add_str(b, "kind", check_kind_names[a->checks[c].kind]);
    json_add_points(b, "points", a->checks[c].points);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "complete");
  json_builder_add_boolean_value(b, !g->limited);
  json_builder_set_member_name(b, "submissions");
  json_builder_begin_array(b);
  for (unsigned i = 0; i < g->n; i++) {
    const Graded *gs = &g->sub[i];
    json_builder_begin_object(b);
    json_add_str(b, "path", gs->path);
    json_add_points(b, "score", gs->score);
    json_builder_set_member_name(b, "checks");
    json_builder_begin_array(b);
    for (unsigned c = 0; c < a->nchecks; c++) {
      const CheckResult *r = &gs->check[c];
      json_builder_begin_object(b);
      json_add_str(b, "name", a->checks[c].name);
      json_add_str(b, "status", grade_status_names[r->status]);
      json_add_points(b, "score", r->score);
      json_add_points(b, "points", a->checks[c].points);
      json_add_str(b, "summary", r->summary);
      json_builder_set_member_name(b, "feedback");
      if (r->feedback) {
        g_autofree char *valid = g_utf8_make_valid(r->feedback, -1);
        json_builder_add_string_value(b, valid);
      } else {
        json_builder_add_null_value(b);
      }
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  return json_text(b);
}

/* An RFC 4180 field; one a spreadsheet would read as a formula is quoted
 * with a leading apostrophe. */
static void csv_field(GString *s, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  bool formula = strchr("=+-@\t\r", *valid) && *valid;
  bool quote = formula || strpbrk(valid, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c(s, '"');
  if (formula)
    g_string_append_c(s, '\'');
  for (const char *p = valid; *p; p++) {
    if (*p == '"')
      g_string_append_c(s, '"');
    g_string_append_c(s, *p);
  }
  if (quote)
    g_string_append_c(s, '"');
}

char *grading_csv(const Grading *g)
{
  const Assignment *a = g->a;
  GString *s = g_string_new("submission,score,points");
  for (unsigned c = 0; c < a->nchecks; c++)
    g_string_append_printf(s, ",%s", a->checks[c].name);
  g_string_append(s, ",status\r\n");
  g_autofree char *pts = points_text(a->points);
  for (unsigned i = 0; i < g->n; i++) {
    const Graded *gs = &g->sub[i];
    csv_field(s, gs->path);
    g_autofree char *score = points_text(gs->score);
    g_string_append_printf(s, ",%s,%s", score, pts);
    const char *status = "graded"; /* else the first check's reason for no verdict */
    for (unsigned c = 0; c < a->nchecks; c++) {
      g_autofree char *got = points_text(gs->check[c].score);
      g_string_append_printf(s, ",%s", got);
      if (gs->check[c].status > GRADE_FAIL && !strcmp(status, "graded"))
        status = grade_status_names[gs->check[c].status];
    }
    g_string_append_printf(s, ",%s\r\n", status);
  }
  return g_string_free(s, FALSE);
}
