/* The Euler diagram of an ISA's instruction sets, as inline SVG: privileged
 * and sensitive overlap; user sensitive lies inside sensitive and outside
 * privileged (a privileged instruction traps in every user state, so it is
 * never user sensitive: the ellipse is placed so); what is
 * sensitive and not privileged (critical) is set in red. */
#include "doc_html.h"

typedef struct {
  const char *names[VC_MAX_INSNS];
  bool critical[VC_MAX_INSNS];
  unsigned n;
} Region;

static void put(Region *r, const char *name, bool critical)
{
  r->critical[r->n] = critical;
  r->names[r->n++] = name;
}

/* Names three to a line from (x, y), centred. */
static void label(GString *s, const Region *r, double x, double y)
{
  const unsigned per_line = 3;
  for (unsigned i = 0; i < r->n; i += per_line) {
    g_string_append_printf(s, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">", x,
                           y + 15.0 * (i / per_line));
    for (unsigned k = i; k < r->n && k < i + per_line; k++) {
      g_autofree char *name = g_markup_escape_text(r->names[k], -1);
      g_string_append_printf(s, "<tspan%s>%s</tspan>%s",
                             r->critical[k] ? " class=\"crit\"" : "", name,
                             k + 1 < r->n && k + 1 < i + per_line ? " " : "");
    }
    g_string_append(s, "</text>\n");
  }
}

void doc_svg_sets(GString *s, const Classification *c)
{
  const Isa *isa = c->isa;
  Region only_p = {0}, both = {0}, crit = {0}, user = {0}, rest = {0};
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const Tri *k = c->insn[i].cls;
    const char *name = isa->insns[i].name;
    bool p = k[C_PRIVILEGED] == TRI_YES, sens = k[C_SENSITIVE] == TRI_YES;
    if (k[C_USER] == TRI_YES)
      put(&user, name, !p);
    else if (p && sens)
      put(&both, name, false);
    else if (p)
      put(&only_p, name, false);
    else if (sens)
      put(&crit, name, true);
    else
      put(&rest, name, false);
  }
  unsigned rest_lines = (rest.n + 2) / 3;
  unsigned height = 300 + 15 * rest_lines + 20;
  g_string_append_printf(
      s,
      "<svg class=\"euler\" viewBox=\"0 0 560 %u\" role=\"img\" aria-label=\"instruction sets of "
      "%s\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<ellipse cx=\"200\" cy=\"150\" rx=\"165\" ry=\"120\" class=\"priv\"/>\n"
      "<ellipse cx=\"360\" cy=\"150\" rx=\"165\" ry=\"120\" class=\"sens\"/>\n"
      "<ellipse cx=\"435\" cy=\"190\" rx=\"65\" ry=\"55\" class=\"user\"/>\n"
      "<text x=\"95\" y=\"30\" class=\"set\">privileged</text>\n"
      "<text x=\"420\" y=\"30\" class=\"set\">sensitive</text>\n"
      "<text x=\"435\" y=\"264\" class=\"set\" text-anchor=\"middle\">user sensitive</text>\n",
      height, isa->name);
  label(s, &only_p, 115, 110);
  label(s, &both, 280, 110);
  label(s, &crit, 430, 70);
  label(s, &user, 435, 168);
  g_string_append_printf(s, "<text x=\"10\" y=\"300\" class=\"set\">innocuous%s</text>\n",
                         rest.n ? "" : ": none");
  label(s, &rest, 280, 318);
  g_string_append(s, "</svg>\n");
}
