/* Malformed specs and the exact error each must give (file name t.isa).
 * Each is the minimal spec MINI of test-parse.c with one defect. */
static const struct {
  const char *name, *src, *message;
} bad_specs[] = {
  {"machine-name-space",
    "machine t- 2;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:1:12: error: expected the rest of the machine's name after '-' (letters or digits, "
    "no spaces), found '2'"},
  {"bad-char",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "@\n"
    "",
    "t.isa:12:1: error: unexpected character '@'"},
  {"missing-semi",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:9:1: error: expected ';', found 'field'"},
  {"unknown-decl",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "register x : 8;\n"
    "",
    "t.isa:12:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found 'register'"},
  {"param-no-default",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = ;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:13: error: expected the parameter's default value (a number), found ';'"},
  {"param-default-out-of-range",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16 in 1..8;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:7: error: default 16 of 'mem' is outside 1..8"},
  {"param-empty-range",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16 in 9..8;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:7: error: empty range 9..8 for 'mem'"},
  {"no-word",
    "machine t;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:1:1: error: no parameter 'word' (bits per storage word) is declared"},
  {"no-mem",
    "machine t;\n"
    "param word = 8;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:1:1: error: no parameter 'mem' (storage size in words) is declared"},
  {"word-zero",
    "machine t;\n"
    "param word = 0;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:2:7: error: word is 0; expected 1..64 bits"},
  {"word-65",
    "machine t;\n"
    "param word = 65;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:2:7: error: word is 65; expected 1..64 bits"},
  {"mem-zero",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 0;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:7: error: mem is 0; expected 1..1048576 words"},
  {"one-mode",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:4:1: error: expected 'modes' naming at least two modes, most privileged first"},
  {"mode-dup",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, s;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:4:10: error: 's' is already declared as a mode at line 4"},
  {"no-pc",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:1:1: error: no 'pc : WIDTH;' declaration"},
  {"reloc-width",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 7;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:6:1: error: reloc is 7 bits but pc is 8; pc, reloc and bound share one width"},
  {"bound-rule",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:7:10: error: expected the bounds rule: 'le' (legal when a <= b) or 'lt' (when a < b), found ';'"},
  {"reg-width-0",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 0;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:8:11: error: a register width is 0; expected 1..64"},
  {"reg-dup",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "reg acc : 4;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:9:5: error: 'acc' is already declared as a state variable at line 8"},
  {"reg-reserved",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg mode : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:8:5: error: 'mode' is a reserved name"},
  {"reg-clash-param",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg word : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:8:5: error: 'word' is already declared as a parameter at line 2"},
  {"psw-unknown",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "psw mode, pc, reloc, bound, flags;\n"
    "",
    "t.isa:12:29: error: 'flags' is no state variable; a PSW holds mode, pc, reloc, bound and declared registers"},
  {"psw-missing",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "psw mode, pc, reloc;\n"
    "",
    "t.isa:12:1: error: the PSW must hold 'bound'"},
  {"psw-twice",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "psw mode, pc, pc, reloc, bound;\n"
    "",
    "t.isa:12:15: error: 'pc' appears twice in the PSW"},
  {"psw-too-wide",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 9;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "psw mode, pc, reloc, bound, acc;\n"
    "",
    "t.isa:12:29: error: 'acc' is 9 bits and does not fit the 8-bit storage word that holds it in the PSW"},
  {"vector-fit",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "vector syscall old 0 new 14;\n"
    "",
    "t.isa:12:8: error: the syscall trap vector (old PSW at 0, new at 14, 4 words each) does not fit in 16 words of storage"},
  {"vector-overlap",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "vector * old 0 new 2;\n"
    "",
    "t.isa:12:8: error: the privilege trap vector's old PSW (at 0) overlaps its new PSW (at 2)"},
  {"field-outside",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [8:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:10:12: error: bit 8 is outside the 8-bit word"},
  {"field-backwards",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [0:3];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:10:14: error: field 'a' runs from bit 3 up to 0; write the high bit first"},
  {"insn-no-when",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:11:11: error: expected 'when' and the instruction's encoding, found 'op'"},
  {"encoding-overlap",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "insn st a when op == 0 { mem[a] := acc; }\n"
    "",
    "t.isa:12:6: error: the encoding of 'st' overlaps that of 'ld' (line 11): both decode 0x0"},
  {"encoding-too-big",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 16 { acc := mem[a]; }\n"
    "",
    "t.isa:11:22: error: 16 does not fit the 4-bit field 'op'"},
  {"operand-not-field",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld b when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:11:9: error: operand 'b' is not a field"},
  {"operand-in-encoding",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 && a == 1 { acc := mem[a]; }\n"
    "",
    "t.isa:11:9: error: 'a' is both an operand and part of the encoding"},
  {"unknown-name",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[b]; }\n"
    "",
    "t.isa:11:37: error: unknown name 'b'"},
  {"width-mismatch",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := acc + a; }\n"
    "",
    "t.isa:11:37: error: the operands of '+' are 8 and 4 bits wide; widen one with zext or sext, or slice the other"},
  {"assign-param",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { word := 1; }\n"
    "",
    "t.isa:11:26: error: cannot assign to 'word': only registers, mode, pc, reloc and bound can be assigned"},
  {"assign-field",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { a := 1; }\n"
    "",
    "t.isa:11:26: error: cannot assign to 'a': only registers, mode, pc, reloc and bound can be assigned"},
  {"untyped-let",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { let x = 5; }\n"
    "",
    "t.isa:11:34: error: cannot tell the width of this constant; use it beside a sized value or write zext(CONSTANT, WIDTH)"},
  {"if-not-bit",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { if acc { halt; } }\n"
    "",
    "t.isa:11:29: error: the condition of 'if' must be 1 bit wide, not 8"},
  {"mem-in-cond",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := acc == 0 ? mem[a] : acc; }\n"
    "",
    "t.isa:11:44: error: a storage read inside '?:' would happen whichever arm is chosen (and could trap); use if"},
  {"unknown-function",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := rotl(acc, 1); }\n"
    "",
    "t.isa:11:33: error: unknown function 'rotl' (there are zext, sext, slt, sle, sgt, sge and concat)"},
  {"slice-outside",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := zext(acc[8:1], 8); }\n"
    "",
    "t.isa:11:42: error: bit 8 is outside a value of 8 bits"},
  {"too-deep",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((acc)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))); }\n"
    "",
    "t.isa:11:64: error: nesting deeper than 64 levels"},
  {"number-too-large",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 99999999999999999999;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:13: error: number does not fit in 64 bits"},
  {"bad-cause",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { trap fault; }\n"
    "",
    "t.isa:11:31: error: expected a trap cause (privilege, memory, illegal or syscall), found 'fault'"},
  {"insn-dup",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "insn ld a when op == 1 { halt; }\n"
    "",
    "t.isa:12:6: error: instruction 'ld' is declared twice"},
  {"unclosed-block",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a];\n"
    "",
    "t.isa:12:1: error: expected '}' to close the block, found end of file"},
  {"field-not-operand",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:11:35: error: field 'a' is neither an operand of 'ld' nor fixed by its encoding"},
  {"let-twice",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { let x = acc; let x = acc; }\n"
    "",
    "t.isa:11:43: error: local 'x' is already bound"},
  {"assign-wider",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := concat(acc, acc); }\n"
    "",
    "t.isa:11:33: error: 'acc' is 8 bits wide but the value is 16 bits; slice it, as in x[7:0]"},
  {"shift-untyped",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { let x = 1 << acc; }\n"
    "",
    "t.isa:11:34: error: cannot tell the width of the value shifted; write zext(VALUE, WIDTH)"},
  {"sext-narrow",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := sext(acc, 4); }\n"
    "",
    "t.isa:11:33: error: sext cannot narrow a value of 8 bits to 4 bits"},
  {"no-insns",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "",
    "t.isa:1:1: error: no instructions ('insn') are declared"},
  {"bad-digit",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 0x1g;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:3:16: error: bad digit 'g' in a base-16 number"},
  {"assign-eq",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc = mem[a]; }\n"
    "",
    "t.isa:11:30: error: expected ':=' after the name of the state being assigned, found '='"},
  {"local-hides",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { let acc = mem[a]; }\n"
    "",
    "t.isa:11:30: error: local 'acc' would hide a declaration of the same name"},
  {"entry-traps",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap * { trap syscall; }\n"
    "",
    "t.isa:12:10: error: a trap entry cannot trap"},
  {"entry-twice",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap memory { pc := 0; }\n"
    "trap memory { pc := 1; }\n"
    "",
    "t.isa:13:6: error: the trap entry for memory is declared twice"},
  {"entry-field",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap * { acc := a; }\n"
    "",
    "t.isa:12:17: error: a trap entry has no instruction word: field 'a' means nothing here"},
  {"entry-virtual-read",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap * { acc := mem[0]; }\n"
    "",
    "t.isa:12:17: error: a trap entry reads storage by physical address: write phys[...]"},
  {"entry-virtual-write",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap * { mem[0] := acc; }\n"
    "",
    "t.isa:12:10: error: a trap entry writes storage by physical address: write phys[...] :="},
  {"entry-loadpsw",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap * { loadpsw 0; }\n"
    "",
    "t.isa:12:10: error: a trap entry sets the PSW's parts by assignment, not loadpsw"},
  {"entry-no-block",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:0];\n"
    "insn ld a when op == 0 { acc := mem[a]; }\n"
    "trap privilege pc := 0;\n"
    "",
    "t.isa:12:16: error: expected '{', found 'pc'"},
  {"refine-two-operands",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg acc : 8;\n"
    "field op = [7:4];\n"
    "field a = [3:2] refine;\n"
    "field b = [1:0] refine;\n"
    "insn ld a, b when op == 0 { acc := mem[a]; }\n"
    "",
    "t.isa:12:12: error: 'ld' already has a refined operand, 'a'; classes are refined by one "
    "operand per instruction"},
  {"extension-wide-guest-flag",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg vmx : 2 resource guest;\n"
    "field op = [7:4];\n"
    "insn stop when op == 0 { halt; }\n"
    "",
    "t.isa:8:22: error: the guest-mode flag must be one bit, and there is one (expected 'reg "
    "NAME : 1 resource guest;' once)"},
  {"extension-control-without-guest",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 8;\n"
    "reloc : 8;\n"
    "bound : 8 le;\n"
    "reg ctl : 1 resource control;\n"
    "field op = [7:4];\n"
    "insn stop when op == 0 { halt; }\n"
    "",
    "t.isa:8:22: error: 'ctl' is a virtualization extension's control, but no register is its "
    "guest-mode flag (expected 'reg NAME : 1 resource guest;')"},
  {"hypercall-unknown",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 4;\n"
    "reloc : 4;\n"
    "bound : 4 le;\n"
    "field op = [7:4];\n"
    "field a = [1:0];\n"
    "hypercall svc;\n"
    "insn stop when op == 0 { halt; }\n"
    "",
    "t.isa:10:11: error: hypercall 'svc': no such instruction"},
  {"hypercall-narrow-operand",
    "machine t;\n"
    "param word = 8;\n"
    "param mem = 16;\n"
    "modes s, u;\n"
    "pc : 4;\n"
    "reloc : 4;\n"
    "bound : 4 le;\n"
    "field op = [7:4];\n"
    "field a = [1:0];\n"
    "hypercall svc;\n"
    "insn svc a when op == 1 { trap syscall; }\n"
    "",
    "t.isa:10:11: error: hypercall 'svc': expected an instruction whose first operand holds an "
    "address (4 bits)"},
};
