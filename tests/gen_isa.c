#include "gen_isa.h"

/* splitmix64: small, and the same sequence everywhere. */
typedef struct {
  uint64_t s;
} Rng;

static uint64_t next(Rng *r)
{
  uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static unsigned pick(Rng *r, unsigned n)
{
  return (unsigned)(next(r) % n);
}

static bool chance(Rng *r, unsigned percent)
{
  return pick(r, 100) < percent;
}

typedef struct {
  Rng rng;
  GString *out;
  unsigned nmodes, mode_width;
  unsigned nres;
  unsigned res_width[3];
  bool loaded; /* the instruction being written has a word in `w` */
  bool operand;
  bool tame;   /* it touches only the visible state: acc, pc, storage */
  unsigned lets; /* discarded loads so far, for fresh names */
} Gen;

typedef struct {
  char name[8];
  unsigned width;
} Src;

/* A source of a value: any state variable, the operand, the loaded word. */
static Src source(Gen *g)
{
  for (;;) {
    unsigned k = pick(&g->rng, 10);
    if (g->tame && k >= 3 && k <= 7)
      continue;
    switch (k) {
    case 0: case 1: return (Src){"acc", 2};
    case 2: if (g->operand) return (Src){"a", 2}; break;
    case 3: return (Src){"reloc", 4};
    case 4: return (Src){"bound", 4};
    case 5: return (Src){"pc", 4};
    case 6: return (Src){"mode", g->mode_width};
    case 7:
      if (g->nres) {
        unsigned r = pick(&g->rng, g->nres);
        Src s = {"", g->res_width[r]};
        g_snprintf(s.name, sizeof s.name, "r%u", r);
        return s;
      }
      break;
    case 8: if (g->loaded) return (Src){"w", 8}; break;
    default: return (Src){"", 0}; /* a constant */
    }
  }
}

/* A value of `width` bits from one source, cut or zero-extended; a state
 * variable or the operand when `sized` (a constant takes its width from
 * the other side). */
static void leaf(Gen *g, unsigned width, bool sized)
{
  Src s = source(g);
  while (sized && !s.width)
    s = source(g);
  if (!s.width)
    g_string_append_printf(g->out, "%u", pick(&g->rng, 1u << width));
  else if (s.width == width)
    g_string_append(g->out, s.name);
  else if (s.width > width)
    g_string_append_printf(g->out, "%s[%u:0]", s.name, width - 1);
  else
    g_string_append_printf(g->out, "zext(%s, %u)", s.name, width);
}

static void value(Gen *g, unsigned width, bool sized)
{
  if (!chance(&g->rng, 30)) {
    leaf(g, width, sized);
    return;
  }
  static const char *const ops[] = {"+", "^", "&", "|", "-"};
  g_string_append_c(g->out, '(');
  leaf(g, width, true);
  g_string_append_printf(g->out, " %s ", ops[pick(&g->rng, G_N_ELEMENTS(ops))]);
  leaf(g, width, false);
  g_string_append_c(g->out, ')');
}

/* A 1-bit condition; `on_r`: on R (a probe's guard). */
static void condition_on(Gen *g, bool on_r)
{
  switch (g->tame ? 5 : on_r ? 1 : pick(&g->rng, 6)) {
  case 0: /* on the mode */
    g_string_append_printf(g->out, "mode %s m%u", chance(&g->rng, 50) ? "==" : "!=",
                           pick(&g->rng, g->nmodes));
    return;
  case 1: /* on R, constants beyond the storage included */
    g_string_append_printf(g->out, "%s %s %u", chance(&g->rng, 50) ? "reloc" : "bound",
                           chance(&g->rng, 50) ? "<" : ">=", pick(&g->rng, 16));
    return;
  case 2:
    if (g->nres) {
      unsigned k = pick(&g->rng, g->nres);
      g_string_append_printf(g->out, "r%u == %u", k, pick(&g->rng, 1u << g->res_width[k]));
      return;
    }
    break;
  case 3:
    if (g->operand) {
      g_string_append_printf(g->out, "a == %u", pick(&g->rng, 4));
      return;
    }
    break;
  default:
    break;
  }
  unsigned w = 1 + pick(&g->rng, 2);
  value(g, w, true);
  g_string_append(g->out, chance(&g->rng, 50) ? " == " : " != ");
  value(g, w, false);
}

static void condition(Gen *g)
{
  condition_on(g, false);
}

static void statement(Gen *g, unsigned depth);

static void block(Gen *g, unsigned depth, unsigned n)
{
  g_string_append(g->out, "{ ");
  for (unsigned i = 0; i < n; i++)
    statement(g, depth + 1);
  g_string_append(g->out, "} ");
}

static void statement(Gen *g, unsigned depth)
{
  static const char *const causes[] = {"privilege", "memory", "illegal", "syscall"};
  GString *o = g->out;
  static const unsigned tame[] = {0, 1, 5, 6, 7, 11, 13};
  unsigned kind = pick(&g->rng, depth < 2 ? 15 : 13);
  if (g->tame)
    kind = tame[pick(&g->rng, depth < 2 ? 7 : 6)];
  switch (kind) {
  case 0: case 1:
    g_string_append(o, "acc := ");
    value(g, 2, false);
    break;
  case 2:
    if (g->nres) {
      unsigned k = pick(&g->rng, g->nres);
      g_string_append_printf(o, "r%u := ", k);
      value(g, g->res_width[k], false);
      break;
    }
    g_string_append(o, "acc := mem[");
    value(g, 4, false);
    g_string_append(o, "][1:0]");
    break;
  case 3:
    g_string_append_printf(o, "mode := m%u", pick(&g->rng, g->nmodes));
    break;
  case 4:
    g_string_append_printf(o, "%s := ", chance(&g->rng, 50) ? "reloc" : "bound");
    value(g, 4, false);
    break;
  case 5:
    g_string_append(o, "pc := ");
    value(g, 4, false);
    break;
  case 6:
    g_string_append(o, "mem[");
    value(g, 4, false);
    g_string_append(o, "] := ");
    value(g, 2, false);
    break;
  case 7:
    g_string_append(o, "acc := mem[");
    value(g, 4, false);
    g_string_append(o, "][1:0] ^ acc");
    break;
  case 8:
    g_string_append_printf(o, "trap %s", causes[pick(&g->rng, 4)]);
    break;
  case 9:
    if (chance(&g->rng, 50)) {
      g_string_append(o, "halt");
      break;
    }
    g_string_append(o, g->operand ? "loadpsw a" : "loadpsw 4");
    break;
  case 11: /* a probe: a load whose word is thrown away, so it can only trap */
    if (chance(&g->rng, 50)) {
      g_string_append(o, "if ");
      condition_on(g, chance(&g->rng, 50));
      g_string_append_printf(o, " { let d%u = mem[", g->lets++);
      value(g, 4, false);
      g_string_append(o, "]; } ");
      return;
    }
    g_string_append_printf(o, "let d%u = mem[", g->lets++);
    value(g, 4, false);
    g_string_append_c(o, ']');
    break;
  case 10: case 12:
    g_string_append(o, "if ");
    condition(g);
    g_string_append_printf(o, " { trap %s; }", causes[pick(&g->rng, 4)]);
    g_string_append_c(o, ' ');
    return;
  default: /* a branch; the POPF pattern when it tests the mode */
    g_string_append(o, "if ");
    condition(g);
    g_string_append_c(o, ' ');
    block(g, depth, 1 + pick(&g->rng, 2));
    if (chance(&g->rng, 50)) {
      g_string_append(o, "else ");
      block(g, depth, 1);
    }
    return;
  }
  g_string_append(o, "; ");
}

/* Physical accesses and trap entries, drawn from a stream of their own so
 * that the specs of older seeds stay as they were. */
static void extras(GString *o, uint64_t seed, unsigned nres)
{
  Rng r = {seed ^ 0x5bd1e995u};
  static const char *const guards[] = {"", "if mode != m0 { trap memory; } ",
                                       "if mode != m0 { trap privilege; } "};
  if (chance(&r, 30))
    g_string_append_printf(o, "insn pr a when op == 13 { %sacc := phys[a][1:0]; }\n",
                           guards[pick(&r, 3)]);
  if (chance(&r, 20))
    g_string_append_printf(o, "insn pw a when op == 14 { %sphys[a] := zext(acc, 8); }\n",
                           guards[pick(&r, 3)]);
  static const char *const causes[] = {"*", "syscall", "privilege", "memory"};
  unsigned first = pick(&r, 4), second = 1 + (first + pick(&r, 2)) % 3; /* != first */
  for (unsigned k = 0, n = chance(&r, 35) ? 1 + pick(&r, 2) : 0; k < n; k++) {
    g_string_append_printf(o, "trap %s { ", causes[k ? second : first]);
    if (chance(&r, 40))
      g_string_append(o, "acc := pc[1:0]; ");
    if (nres && chance(&r, 40))
      g_string_append(o, "r0 := 1; ");
    if (chance(&r, 30))
      g_string_append_printf(o, "phys[%u] := zext(pc, 8); ", pick(&r, 8));
    g_string_append_printf(o, "mode := m0; pc := %u; }\n", pick(&r, 16));
  }
}

char *gen_isa(uint64_t seed)
{
  Gen g = {.rng = {seed * 0x2545f4914f6cdd1du + 1}, .out = g_string_new(NULL)};
  g.nmodes = chance(&g.rng, 25) ? 3 : 2;
  g.mode_width = g.nmodes > 2 ? 2 : 1;
  g.nres = pick(&g.rng, 4);
  GString *o = g.out;
  g_string_append_printf(o, "# generated by tests/gen_isa.c, seed %" G_GUINT64_FORMAT "\n"
                            "machine gen_%" G_GUINT64_FORMAT ";\n", seed, seed);
  g_string_append(o, "param word = 8 in 8..8;\nparam addr = 4 in 4..4;\n"
                     "param data = 2 in 2..2;\nparam mem = 8 in 8..8;\n");
  g_string_append(o, "modes m0, m1");
  if (g.nmodes > 2)
    g_string_append(o, ", m2");
  g_string_append_printf(o, ";\npc : addr;\nreloc : addr;\nbound : addr %s;\nreg acc : data;\n",
                         chance(&g.rng, 80) ? "le" : "lt");
  for (unsigned k = 0; k < g.nres; k++) {
    g.res_width[k] = 1 + pick(&g.rng, 2);
    g_string_append_printf(o, "reg r%u : %u resource;\n", k, g.res_width[k]);
  }
  /* Every third seed refines the operand (classes per value, theorems per
   * variant); decided by the seed alone, so the other draws stay as they were. */
  g_string_append_printf(o, "psw mode, pc, reloc, bound;\nvector * old 0 new 4;\n"
                            "field op = [7:4];\nfield a = [1:0]%s;\n",
                         seed % 3 == 0 ? " refine" : "");
  /* A privileged way back to user mode, so that guests can reach it, and an
   * innocuous instruction; then the random ones. */
  g_string_append(o, "insn nop when op == 0 && a == 0 { }\n"
                     "insn lpsw a when op == 1 { if mode != m0 { trap privilege; } loadpsw a; }\n");
  unsigned n = 2 + pick(&g.rng, 4);
  for (unsigned i = 0; i < n; i++) {
    g.operand = chance(&g.rng, 60);
    g.loaded = g.operand && chance(&g.rng, 20);
    g_string_append_printf(o, "insn i%u%s when op == %u%s { ", i, g.operand ? " a" : "", i + 2,
                           g.operand ? "" : " && a == 0");
    unsigned kind = pick(&g.rng, 100);
    g.tame = kind >= 45 && kind < 80;
    if (kind < 45) /* the privileged pattern */
      g_string_append_printf(o, "if mode != m0 { trap privilege; } ");
    if (g.loaded)
      g_string_append(o, "let w = mem[a]; ");
    unsigned body = 1 + pick(&g.rng, 3);
    for (unsigned k = 0; k < body; k++)
      statement(&g, 0);
    g_string_append(o, "}\n");
  }
  extras(o, seed, g.nres);
  return g_string_free(g.out, FALSE);
}
