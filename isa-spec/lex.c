#include "lex.h"

#include <string.h>

void lex_init(Lexer *lx, const char *file, const char *src, size_t len, bool line_mode)
{
  lx->file = file;
  lx->src = lx->p = lx->line_start = src;
  if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3)) /* a UTF-8 byte-order mark says nothing */
    lx->p = lx->line_start = src + 3;
  lx->end = src + len;
  lx->line = 1;
  lx->line_mode = line_mode;
}

static VcLoc here(const Lexer *lx)
{
  return (VcLoc){lx->line, (int)(lx->p - lx->line_start) + 1};
}

static bool is_ident_start(char c)
{
  return g_ascii_isalpha(c) || c == '_';
}

static bool is_ident_char(char c)
{
  return g_ascii_isalnum(c) || c == '_';
}

/* The length of the line ending at p: 1 for LF or a lone CR, 2 for CR LF,
 * 0 for none. */
static int line_end(const Lexer *lx)
{
  if (lx->p >= lx->end)
    return 0;
  if (*lx->p == '\n')
    return 1;
  if (*lx->p != '\r')
    return 0;
  return lx->p + 1 < lx->end && lx->p[1] == '\n' ? 2 : 1;
}

static void next_line(Lexer *lx, int n)
{
  lx->p += n;
  lx->line++;
  lx->line_start = lx->p;
}

static void skip_space(Lexer *lx)
{
  while (lx->p < lx->end) {
    char c = *lx->p;
    int n = line_end(lx);
    if (n) {
      if (lx->line_mode)
        return;
      next_line(lx, n);
    } else if (c == ' ' || c == '\t') {
      lx->p++;
    } else if (c == '#' || (lx->line_mode && c == ';')) {
      while (lx->p < lx->end && !line_end(lx))
        lx->p++;
    } else {
      return;
    }
  }
}

/* Decimal, 0x hex or 0b binary; '_' may separate digits. */
static Tok lex_number(Lexer *lx, Tok t, GError **err)
{
  unsigned base = 10;
  const char *p = lx->p;
  if (p + 1 < lx->end && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    base = 16, p += 2;
  else if (p + 1 < lx->end && p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    base = 2, p += 2;
  uint64_t v = 0;
  int digits = 0;
  for (; p < lx->end && (is_ident_char(*p)); p++) {
    if (*p == '_')
      continue;
    int d = g_ascii_xdigit_value(*p);
    if (d < 0 || (unsigned)d >= base) {
      lx->p = p;
      vc_error_at(err, lx->file, here(lx), "bad digit '%c' in a base-%u number", *p, base);
      t.kind = T_ERROR;
      return t;
    }
    if (v > (UINT64_MAX - (uint64_t)d) / base) {
      vc_error_at(err, lx->file, t.loc, "number does not fit in 64 bits");
      t.kind = T_ERROR;
      return t;
    }
    v = v * base + (uint64_t)d;
    digits++;
  }
  if (!digits) {
    vc_error_at(err, lx->file, t.loc, "expected digits after '%.2s'", lx->p);
    t.kind = T_ERROR;
    return t;
  }
  t.kind = T_INT;
  t.value = v;
  t.len = (int)(p - lx->p);
  lx->p = p;
  return t;
}

Tok lex_next(Lexer *lx, GError **err)
{
  skip_space(lx);
  Tok t = {.kind = T_EOF, .loc = here(lx), .text = lx->p, .len = 0};
  if (lx->p >= lx->end)
    return t;
  char c = *lx->p;
  int eol = line_end(lx);
  if (eol) { /* line mode only */
    t.kind = T_NEWLINE;
    t.len = (size_t)eol;
    next_line(lx, eol);
    return t;
  }
  if (is_ident_start(c)) {
    const char *s = lx->p;
    while (lx->p < lx->end && is_ident_char(*lx->p))
      lx->p++;
    t.kind = T_IDENT;
    t.len = (int)(lx->p - s);
    return t;
  }
  if (g_ascii_isdigit(c))
    return lex_number(lx, t, err);
  if (c == '.' && lx->p + 1 < lx->end && is_ident_start(lx->p[1])) {
    lx->p++;
    const char *s = lx->p;
    while (lx->p < lx->end && is_ident_char(*lx->p))
      lx->p++;
    t.kind = T_DIRECTIVE;
    t.text = s;
    t.len = (int)(lx->p - s);
    return t;
  }

  static const struct {
    const char *s;
    TokKind k;
  } punct[] = {
      {">>>", T_SAR}, {"..", T_DOTDOT}, {":=", T_ASSIGN}, {"==", T_EQEQ}, {"!=", T_NE},
      {"<=", T_LE},   {">=", T_GE},     {"&&", T_ANDAND}, {"||", T_OROR}, {"<<", T_SHL},
      {">>", T_SHR},  {"{", T_LBRACE},  {"}", T_RBRACE},  {"(", T_LPAREN}, {")", T_RPAREN},
      {"[", T_LBRACK}, {"]", T_RBRACK}, {";", T_SEMI},    {",", T_COMMA},  {":", T_COLON},
      {"?", T_QUESTION}, {"=", T_EQ},   {"<", T_LT},      {">", T_GT},     {"+", T_PLUS},
      {"-", T_MINUS}, {"*", T_STAR},    {"&", T_AMP},     {"|", T_PIPE},   {"^", T_CARET},
      {"~", T_TILDE}, {"!", T_BANG},
  };
  size_t left = (size_t)(lx->end - lx->p);
  for (size_t i = 0; i < G_N_ELEMENTS(punct); i++) {
    size_t n = strlen(punct[i].s);
    if (n <= left && memcmp(lx->p, punct[i].s, n) == 0) {
      t.kind = punct[i].k;
      t.len = (int)n;
      lx->p += n;
      return t;
    }
  }
  if (g_ascii_isprint(c))
    vc_error_at(err, lx->file, t.loc, "unexpected character '%c'", c);
  else
    vc_error_at(err, lx->file, t.loc, "unexpected byte 0x%02x", (unsigned char)c);
  t.kind = T_ERROR;
  return t;
}

const char *tok_kind_name(TokKind k)
{
  static const char *names[] = {
      [T_EOF] = "end of file", [T_NEWLINE] = "end of line", [T_IDENT] = "a name",
      [T_INT] = "a number", [T_DIRECTIVE] = "a directive", [T_LBRACE] = "'{'",
      [T_RBRACE] = "'}'", [T_LPAREN] = "'('", [T_RPAREN] = "')'", [T_LBRACK] = "'['",
      [T_RBRACK] = "']'", [T_SEMI] = "';'", [T_COMMA] = "','", [T_COLON] = "':'",
      [T_QUESTION] = "'?'", [T_DOTDOT] = "'..'", [T_ASSIGN] = "':='", [T_EQ] = "'='",
      [T_EQEQ] = "'=='", [T_NE] = "'!='", [T_LT] = "'<'", [T_LE] = "'<='", [T_GT] = "'>'",
      [T_GE] = "'>='", [T_PLUS] = "'+'", [T_MINUS] = "'-'", [T_STAR] = "'*'",
      [T_AMP] = "'&'", [T_PIPE] = "'|'", [T_CARET] = "'^'", [T_TILDE] = "'~'",
      [T_BANG] = "'!'", [T_ANDAND] = "'&&'", [T_OROR] = "'||'", [T_SHL] = "'<<'",
      [T_SHR] = "'>>'", [T_SAR] = "'>>>'", [T_ERROR] = "a bad token",
  };
  return names[k];
}

char *tok_describe(const Tok *t)
{
  switch (t->kind) {
  case T_IDENT:
  case T_INT:
    return g_strdup_printf("'%.*s'", t->len, t->text);
  case T_DIRECTIVE:
    return g_strdup_printf("'.%.*s'", t->len, t->text);
  default:
    return g_strdup(tok_kind_name(t->kind));
  }
}

bool tok_is(const Tok *t, const char *word)
{
  return t->kind == T_IDENT && (size_t)t->len == strlen(word) &&
         memcmp(t->text, word, (size_t)t->len) == 0;
}
