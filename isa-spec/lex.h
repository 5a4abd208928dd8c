/* Tokenizer shared by the spec parser and the assembler. */
#ifndef VC_LEX_H
#define VC_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

typedef enum {
  T_EOF,
  T_NEWLINE, /* only in line mode (the assembler) */
  T_IDENT,
  T_INT,
  T_DIRECTIVE, /* .word, .org ... (the text excludes the dot) */
  T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK,
  T_SEMI, T_COMMA, T_COLON, T_QUESTION, T_DOTDOT,
  T_ASSIGN,  /* := */
  T_EQ,      /* = (declarations) */
  T_EQEQ, T_NE, T_LT, T_LE, T_GT, T_GE,
  T_PLUS, T_MINUS, T_STAR, T_AMP, T_PIPE, T_CARET, T_TILDE, T_BANG,
  T_ANDAND, T_OROR, T_SHL, T_SHR, T_SAR,
  T_ERROR
} TokKind;

typedef struct {
  TokKind kind;
  VcLoc loc;
  const char *text; /* start in the source; len bytes */
  int len;
  uint64_t value; /* T_INT */
} Tok;

typedef struct {
  const char *file;
  const char *src, *p, *end;
  int line;
  const char *line_start;
  bool line_mode; /* newlines are tokens; ';' also starts a comment */
} Lexer;

void lex_init(Lexer *lx, const char *file, const char *src, size_t len, bool line_mode);

/* The next token. On a malformed token returns T_ERROR and sets *err. */
Tok lex_next(Lexer *lx, GError **err);

/* A human name for a token kind ("';'", "a number"), for error messages. */
const char *tok_kind_name(TokKind k);

/* "'text'" for identifiers and numbers, the kind name otherwise; caller frees. */
char *tok_describe(const Tok *t);

bool tok_is(const Tok *t, const char *word);

#endif
