/* The bare machine as a Promela model for SPIN: the IR translated once more,
 * statement by statement, with the semantics of eval.c (reads see the state
 * before the instruction; writes take effect only without a trap; a trap is
 * the PSW exchange). The explored space is the lockstep explorer's in
 * counted bare mode: the program is placed word by word as the pc reaches
 * unused storage, and the state is the variables, halted, the step count,
 * storage and which words are fixed. */
#include "promela.h"

#include <string.h>

typedef struct {
  const Isa *isa;
  GString *s;
} Out;

static const char *var(const Isa *isa, unsigned v)
{
  static char names[VC_MAX_VARS][48];
  g_snprintf(names[v], sizeof names[v], "v_%s", isa->vars[v].name);
  return names[v];
}

static void node(Out *o, const IrInsn *in, unsigned i)
{
  const IrExpr *e = &in->ex[i];
  const Isa *isa = o->isa;
  unsigned w = e->width, aw = in->ex[e->a].width, bw = in->ex[e->b].width;
  uint64_t m = ir_mask(w);
  char a[16], b[16], c[16];
  g_snprintf(a, sizeof a, "t%u", e->a);
  g_snprintf(b, sizeof b, "t%u", e->b);
  g_snprintf(c, sizeof c, "t%u", e->c);
  GString *s = o->s;
  g_string_append_printf(s, "t%u = ", i);
  uint64_t sa = (uint64_t)1 << (aw - 1);
  switch ((IrOp)e->op) {
  case IR_CONST: g_string_append_printf(s, "%" G_GUINT64_FORMAT, e->k); break;
  case IR_INSN: g_string_append(s, "w"); break;
  case IR_VAR: g_string_append(s, var(isa, (unsigned)e->k)); break;
  case IR_LOCAL: g_string_append_printf(s, "l%" G_GUINT64_FORMAT, e->k); break;
  case IR_ADD: g_string_append_printf(s, "(%s + %s) & %" G_GUINT64_FORMAT, a, b, m); break;
  case IR_SUB: g_string_append_printf(s, "(%s - %s) & %" G_GUINT64_FORMAT, a, b, m); break;
  case IR_MUL: g_string_append_printf(s, "(%s * %s) & %" G_GUINT64_FORMAT, a, b, m); break;
  case IR_AND: g_string_append_printf(s, "%s & %s", a, b); break;
  case IR_OR: g_string_append_printf(s, "%s | %s", a, b); break;
  case IR_XOR: g_string_append_printf(s, "%s ^ %s", a, b); break;
  case IR_NOT: g_string_append_printf(s, "(~%s) & %" G_GUINT64_FORMAT, a, m); break;
  case IR_SHL:
    g_string_append_printf(s, "(%s >= %u -> 0 : (%s << %s) & %" G_GUINT64_FORMAT ")", b, w, a, b,
                           m);
    break;
  case IR_LSHR: g_string_append_printf(s, "(%s >= %u -> 0 : %s >> %s)", b, w, a, b); break;
  case IR_ASHR:
    g_string_append_printf(s,
                           "(%s >= %u -> (%s >= %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
                           " : 0) : (((%s ^ %" G_GUINT64_FORMAT ") - %" G_GUINT64_FORMAT
                           ") >> %s) & %" G_GUINT64_FORMAT ")",
                           b, w, a, sa, m, a, sa, sa, b, m);
    break;
  case IR_EQ: g_string_append_printf(s, "(%s == %s -> 1 : 0)", a, b); break;
  case IR_ULT: g_string_append_printf(s, "(%s < %s -> 1 : 0)", a, b); break;
  case IR_ULE: g_string_append_printf(s, "(%s <= %s -> 1 : 0)", a, b); break;
  case IR_SLT:
  case IR_SLE:
    g_string_append_printf(s, "(((%s ^ %" G_GUINT64_FORMAT ") - %" G_GUINT64_FORMAT ") %s ((%s ^ %"
                              G_GUINT64_FORMAT ") - %" G_GUINT64_FORMAT ") -> 1 : 0)",
                           a, sa, sa, e->op == IR_SLT ? "<" : "<=", b, sa, sa);
    break;
  case IR_SLICE:
    g_string_append_printf(s, "(%s >> %u) & %" G_GUINT64_FORMAT, a, (unsigned)(e->k & 0xff), m);
    break;
  case IR_CONCAT:
    g_string_append_printf(s, "((%s << %u) | %s) & %" G_GUINT64_FORMAT, a, bw, b, m);
    break;
  case IR_ZEXT: g_string_append(s, a); break;
  case IR_SEXT:
    g_string_append_printf(s, "((%s ^ %" G_GUINT64_FORMAT ") - %" G_GUINT64_FORMAT ") & %"
                              G_GUINT64_FORMAT, a, sa, sa, m);
    break;
  case IR_ITE: g_string_append_printf(s, "(%s != 0 -> %s : %s)", a, b, c); break;
  default: g_assert_not_reached();
  }
  g_string_append(s, ";\n");
}

/* The mode a value means: outside the declared modes, the least privileged. */
static void set_mode(Out *o, const char *value)
{
  g_string_append_printf(o->s, "n_%s = (%s < %u -> %s : %u);\n", o->isa->vars[VAR_MODE].name,
                         value, o->isa->nmodes, value, o->isa->nmodes - 1);
}

/* `ok` = virtual address `va` legal; `ph` its physical address. */
static void legal(Out *o, const char *va)
{
  const Isa *isa = o->isa;
  g_string_append_printf(o->s,
                         "ph = v_%s + %s; ok = (%s %s v_%s && v_%s < %" G_GUINT64_FORMAT
                         " && %s < %" G_GUINT64_FORMAT " - v_%s -> 1 : 0);\n",
                         isa->vars[VAR_RELOC].name, va, va, isa->bound_lt ? "<" : "<=",
                         isa->vars[VAR_BOUND].name, isa->vars[VAR_RELOC].name, isa->mem, va,
                         isa->mem, isa->vars[VAR_RELOC].name);
}

static void trap(Out *o, unsigned cause)
{
  g_string_append_printf(o->s, "tr = 1; cs = %u; dn = 1;\n", cause);
}

/* A storage read at virtual `va` into `dst`, trapping when illegal. */
static void load(Out *o, const char *va, const char *dst)
{
  legal(o, va);
  g_string_append_printf(o->s, "if :: ok -> %s = mem[ph]; fixed[ph] = 1 :: else -> %s = 0; ",
                         dst, dst);
  trap(o, CAUSE_MEMORY);
  g_string_append(o->s, "fi;\n");
}

static void block(Out *o, const IrInsn *in, uint32_t first, uint32_t end)
{
  const Isa *isa = o->isa;
  GString *s = o->s;
  for (uint32_t i = first; i < end;) {
    const IrStmt *st = &in->st[i];
    g_string_append(s, "if :: !dn ->\n");
    for (uint32_t k = st->lo; k < st->hi; k++)
      node(o, in, k);
    char e0[16];
    g_snprintf(e0, sizeof e0, "t%u", st->e0);
    switch ((IrStmtKind)st->kind) {
    case IS_LET: g_string_append_printf(s, "l%u = %s;\n", st->slot, e0); break;
    case IS_SET:
      if (st->slot == VAR_MODE)
        set_mode(o, e0);
      else
        g_string_append_printf(s, "n_%s = %s;\n", isa->vars[st->slot].name, e0);
      break;
    case IS_LOAD: {
      char dst[16];
      g_snprintf(dst, sizeof dst, "l%u", st->slot);
      load(o, e0, dst);
      break;
    }
    case IS_STORE:
      legal(o, e0);
      g_string_append_printf(s, "if :: ok -> sa[ns] = ph; sv[ns] = t%u; ns++ :: else -> ",
                             st->e1);
      trap(o, CAUSE_MEMORY);
      g_string_append(s, "fi;\n");
      break;
    case IS_IF:
      g_string_append_printf(s, "if :: %s != 0 ->\n", e0);
      block(o, in, i + 1, st->then_end);
      g_string_append(s, ":: else ->\n");
      block(o, in, st->then_end, st->else_end);
      g_string_append(s, "fi;\n");
      g_string_append(s, ":: else -> skip\nfi;\n");
      i = st->else_end;
      continue;
    case IS_TRAP: trap(o, st->cause); break;
    case IS_HALT: g_string_append(s, "hl = 1; dn = 1;\n"); break;
    case IS_LOADPSW:
      /* every word is read (and so fixed) before any is used */
      g_string_append(s, "pok = 1;\n");
      for (unsigned k = 0; k < isa->psw_len; k++) {
        g_autofree char *va = g_strdup_printf("%s + %u", e0, k);
        g_autofree char *dst = g_strdup_printf("pw[%u]", k);
        legal(o, va);
        g_string_append_printf(s, "if :: ok -> %s = mem[ph]; fixed[ph] = 1 :: else -> pok = 0; ",
                               dst);
        trap(o, CAUSE_MEMORY);
        g_string_append(s, "fi;\n");
      }
      g_string_append(s, "if :: pok ->\n");
      for (unsigned k = 0; k < isa->psw_len; k++) {
        unsigned v = isa->psw[k];
        g_autofree char *val = g_strdup_printf("(pw[%u] & %" G_GUINT64_FORMAT ")", k,
                                               ir_mask(isa->vars[v].width));
        if (v == VAR_MODE)
          set_mode(o, val);
        else
          g_string_append_printf(s, "n_%s = %s;\n", isa->vars[v].name, val);
      }
      g_string_append(s, ":: else -> skip\nfi;\n");
      break;
    }
    g_string_append(s, ":: else -> skip\nfi;\n");
    i++;
  }
}

/* The PSW exchange for cause cs, from the state before the instruction. */
static void exchange(Out *o)
{
  const Isa *isa = o->isa;
  GString *s = o->s;
  g_string_append(s, "if\n");
  for (unsigned c = 0; c < CAUSE_COUNT; c++) {
    const IrVector *vec = &isa->vector[c];
    g_string_append_printf(s, ":: cs == %u ->\n", c);
    for (unsigned k = 0; k < isa->psw_len; k++)
      g_string_append_printf(s, "pw[%u] = mem[%" G_GUINT64_FORMAT "]; fixed[%" G_GUINT64_FORMAT
                                "] = 1;\n", k, vec->new_at + k, vec->new_at + k);
    for (unsigned k = 0; k < isa->psw_len; k++)
      g_string_append_printf(s, "mem[%" G_GUINT64_FORMAT "] = %s & %" G_GUINT64_FORMAT
                                "; fixed[%" G_GUINT64_FORMAT "] = 1;\n", vec->old_at + k,
                             var(isa, isa->psw[k]), ir_mask(isa->word), vec->old_at + k);
    for (unsigned k = 0; k < isa->psw_len; k++) {
      unsigned v = isa->psw[k];
      g_autofree char *val = g_strdup_printf("(pw[%u] & %" G_GUINT64_FORMAT ")", k,
                                             ir_mask(isa->vars[v].width));
      if (v == VAR_MODE) {
        set_mode(o, val);
        g_string_append_printf(s, "%s = n_%s;\n", var(isa, v), isa->vars[v].name);
      } else {
        g_string_append_printf(s, "%s = %s;\n", var(isa, v), val);
      }
    }
  }
  g_string_append(s, "fi\n");
}

/* One instruction: fetch, decode, execute, then commit or trap. */
static void step(Out *o)
{
  const Isa *isa = o->isa;
  GString *s = o->s;
  g_string_append(s, "inline step() {\ntr = 0; hl = 0; dn = 0; ns = 0;\n");
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "n_%s = %s;\n", isa->vars[v].name, var(isa, v));
  g_string_append_printf(s, "n_%s = (%s + 1) & %" G_GUINT64_FORMAT ";\n",
                         isa->vars[VAR_PC].name, var(isa, VAR_PC), ir_mask(isa->addr_width));
  legal(o, var(isa, VAR_PC));
  g_string_append_printf(s, "if\n:: !ok -> tr = 1; cs = %d\n"
                            ":: else -> w = mem[ph]; fixed[ph] = 1;\nif\n", CAUSE_MEMORY);
  for (unsigned i = 0; i < isa->ninsns; i++) {
    const IrInsn *in = &isa->insns[i];
    g_string_append_printf(s, ":: (w & %" G_GUINT64_FORMAT ") == %" G_GUINT64_FORMAT
                              " -> /* %s */\n", in->mask, in->match, in->name);
    block(o, in, 0, in->nst);
  }
  g_string_append_printf(s, ":: else -> tr = 1; cs = %d\nfi\nfi;\n", CAUSE_ILLEGAL);
  g_string_append(s, "if\n:: tr ->\n");
  exchange(o);
  g_string_append(s, ":: else ->\nk = 0;\ndo\n:: k < ns -> mem[sa[k]] = sv[k]; fixed[sa[k]] = 1; "
                     "k++\n:: else -> break\nod;\n");
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "%s = n_%s;\n", var(isa, v), isa->vars[v].name);
  g_string_append(s, "halted = hl\nfi;\ncnt++\n}\n\n");
}

static const char *type(unsigned width)
{
  return width == 1 ? "bit" : width <= 8 ? "byte" : "short";
}

static bool check_widths(const Isa *isa, GError **err)
{
  bool entries = false;
  for (int c = 0; c < CAUSE_COUNT; c++)
    entries |= isa->entry[c] != NULL;
  if (entries || isa->physical) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s: the Promela model knows only the PSW exchange and relocated accesses; "
                "this spec has %s", isa->name, entries ? "trap entries" : "physical accesses");
    return false;
  }
  unsigned widest = MAX(isa->word, isa->addr_width);
  for (unsigned v = 0; v < isa->nvars; v++)
    widest = MAX(widest, isa->vars[v].width);
  for (unsigned i = 0; i < isa->ninsns; i++)
    for (unsigned k = 0; k < isa->insns[i].nex; k++)
      widest = MAX(widest, isa->insns[i].ex[k].width);
  if (widest > PROMELA_MAX_WIDTH || isa->mem > 4096) {
    g_set_error(err, VC_ERROR, VC_ERROR_INPUT,
                "%s: the Promela model needs values of at most %d bits (Promela's int) and at "
                "most 4096 storage words; this instance has %u bits and %" G_GUINT64_FORMAT
                " words: choose a smaller one with --param",
                isa->name, PROMELA_MAX_WIDTH, widest, isa->mem);
    return false;
  }
  return true;
}

char *promela_model(const Isa *isa, const uint64_t *words, unsigned nwords, unsigned depth,
                    GError **err)
{
  if (!check_widths(isa, err))
    return NULL;
  Out o = {isa, g_string_new(NULL)};
  GString *s = o.s;
  g_string_append_printf(s, "/* %s's bare machine at", isa->name);
  for (unsigned p = 0; p < isa->nparams; p++)
    g_string_append_printf(s, " %s=%" G_GUINT64_FORMAT, isa->params[p].name,
                           isa->params[p].value);
  g_string_append_printf(s, ", generated by virtcheck export --format promela.\n"
                            " * From the reset state, every program of up to %u instructions "
                            "drawn from %u words,\n * placed as the pc first reaches an unused "
                            "word. Check with: spin -a; cc -O2 -DSAFETY -o pan pan.c; ./pan */\n\n",
                         depth, nwords);
  uint64_t reset[VC_MAX_VARS];
  program_initial_vars(isa, NULL, reset);
  /* the narrowest types, so that SPIN's state vector is as small as ours allows */
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "%s %s = %" G_GUINT64_FORMAT ";\n", type(isa->vars[v].width),
                           var(isa, v), reset[v]);
  g_string_append_printf(s, "bit halted = 0;\nbyte cnt = 0;\n%s mem[%" G_GUINT64_FORMAT "];\n"
                            "bit fixed[%" G_GUINT64_FORMAT "];\n\n", type(isa->word), isa->mem,
                         isa->mem);
  /* scratch: not part of the state */
  unsigned ntemps = 1, nlocals = 1;
  for (unsigned i = 0; i < isa->ninsns; i++) {
    ntemps = MAX(ntemps, isa->insns[i].nex);
    nlocals = MAX(nlocals, isa->insns[i].nlocals);
  }
  g_string_append(s, "hidden int w, ph, ns, k;\nhidden byte ok, tr, hl, dn, pok, cs;\n");
  g_string_append_printf(s, "hidden int sa[%d], sv[%d], pw[%u];\n", VC_MAX_STORES, VC_MAX_STORES,
                         isa->psw_len);
  for (unsigned v = 0; v < isa->nvars; v++)
    g_string_append_printf(s, "hidden int n_%s;\n", isa->vars[v].name);
  for (unsigned i = 0; i < ntemps; i++)
    g_string_append_printf(s, "hidden int t%u;\n", i);
  for (unsigned i = 0; i < nlocals; i++)
    g_string_append_printf(s, "hidden int l%u;\n", i);
  g_string_append(s, "\n");
  step(&o);
  /* The fetch address, for placing a word there. */
  g_string_append(s, "active proctype machine() {\nend:\ndo\n");
  g_string_append(s, ":: d_step { cnt < DEPTH && !halted && !(FETCH_OK && !fixed[FETCH_AT]) -> "
                     "step() }\n");
  for (unsigned i = 0; i < nwords; i++)
    g_string_append_printf(s, ":: d_step { cnt < DEPTH && !halted && FETCH_OK && !fixed[FETCH_AT] "
                              "-> mem[FETCH_AT] = %" G_GUINT64_FORMAT "; step() }\n", words[i]);
  g_string_append(s, "od\n}\n");
  /* DEPTH and the fetch macros go first: Promela needs them before use. */
  g_autofree char *body = g_string_free(s, FALSE);
  const char *R = isa->vars[VAR_RELOC].name, *B = isa->vars[VAR_BOUND].name,
             *P = isa->vars[VAR_PC].name;
  return g_strdup_printf(
      "#define DEPTH %u\n#define FETCH_AT (v_%s + v_%s)\n"
      "#define FETCH_OK (v_%s %s v_%s && v_%s < %" G_GUINT64_FORMAT " && v_%s < %" G_GUINT64_FORMAT
      " - v_%s)\n\n%s",
      depth, R, P, P, isa->bound_lt ? "<" : "<=", B, R, isa->mem, P, isa->mem, R, body);
}
