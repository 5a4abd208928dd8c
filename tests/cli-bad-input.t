#!/bin/sh
# Bad input, listed: every row is a command that must fail cleanly: its exit
# code, the exact first line of stderr, and nothing on stdout. Files: missing,
# a directory, a FIFO, empty, binary, NUL bytes, over 1 MiB, a long line, a
# byte-order mark, CR and CR LF line endings, malformed programs; options out
# of range, repeated or malformed; limits exceeded.
. tests/tap.sh
PG=scenarios/pg-classic.isa
B="$TMP/bi"; mkdir -p "$B"
printf '' >"$B/empty.isa"; printf '' >"$B/empty.s"
printf ')(*&^%%$#@!\001\002\003\377\376' >"$B/binary.isa"
printf 'machine t;\0' >"$B/nul.isa"
awk 'BEGIN { printf "#"; for (i = 0; i < 1100000; i++) printf "x"; print "" }' >"$B/huge.isa"
awk 'BEGIN { printf "machine t; param word = 8; param mem = 16; # "; for (i = 0; i < 100000; i++) printf "y"; print "" }' >"$B/longline.isa"
printf '\357\273\277bogus;\n' >"$B/bom.isa"
printf 'machine t;\rparam word = 8;\rparam mem = 16;\rmodes s,u;\rpc : 4 ;\rreloc : 4;\rbound : 4 le;\rbogus;\r' >"$B/cr.isa"
printf 'machine t;\r\nparam word = 8;\r\nbogus;\r\n' >"$B/crlf.isa"
mkfifo "$B/fifo.isa"
printf 'machine t; param word = 8; param mem = 16;\nmodes a, b, c, d, e, f, g, h, i;\n' >"$B/modes.isa"
printf 'machine t; param word = 8; param mem = 16; modes s, u; pc : 4; reloc : 4; bound : 4 le;\npsw mode, pc, reloc, bound, mode, pc, reloc, bound, mode, pc, reloc, bound, mode, pc, reloc, bound, mode;\n' >"$B/psw.isa"
printf '  ldi 5\n  frob 3\n' >"$B/badop.s"; printf '  ldi 99999\n' >"$B/range.s"
printf '  jmp nowhere\n' >"$B/label.s"; printf 'x: ldi 1\nx: ldi 2\n' >"$B/dup.s"
printf '  .org 9999\n  ldi 1\n' >"$B/org.s"; printf '  .init mode q\n' >"$B/initmode.s"
printf '  .init nope 1\n' >"$B/initvar.s"; printf '  .word\n' >"$B/word.s"
printf '  ldi 1 +\n' >"$B/expr.s"; printf '\377\376\n' >"$B/utf.s"

# bad EXIT FIRST-LINE-OF-STDERR ARGS...
bad() {
  want_rc=$1 want_err=$2; shift 2
  runs "$VC" "$@"
  is "$rc|$(printf '%s\n' "$err" | head -1)|$out" "$want_rc|$want_err|" "bad input: $*"
}

bad 2 "virtcheck: error: /nonexistent.isa: cannot read: No such file or directory" check-spec /nonexistent.isa
bad 2 "virtcheck: error: $B: cannot read: it is a directory" check-spec "$B"
bad 2 "$B/empty.isa:1:1: error: no parameter 'word' (bits per storage word) is declared" check-spec "$B"/empty.isa
bad 2 "$B/binary.isa:1:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found ')'" check-spec "$B"/binary.isa
bad 2 "$B/nul.isa:1:1: error: the file holds a NUL byte; expected text" check-spec "$B"/nul.isa
bad 2 "virtcheck: error: $B/huge.isa: larger than 1048576 bytes, the most read" check-spec "$B"/huge.isa
bad 2 "$B/longline.isa:1:1: error: expected 'modes' naming at least two modes, most privileged first" check-spec "$B"/longline.isa
bad 2 "$B/bom.isa:1:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found 'bogus'" check-spec "$B"/bom.isa
bad 2 "virtcheck: error: $B/fifo.isa: cannot read: not a regular file" check-spec "$B"/fifo.isa
bad 2 "virtcheck: error: /dev/null: cannot read: not a regular file" check-spec /dev/null
bad 2 "virtcheck: error: $B/fifo.isa: cannot read: not a regular file" run "$PG" "$B"/fifo.isa
bad 2 "$B/cr.isa:8:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found 'bogus'" check-spec "$B"/cr.isa
bad 2 "$B/crlf.isa:3:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found 'bogus'" check-spec "$B"/crlf.isa
bad 2 "virtcheck: error: missing arguments: expected SPEC (see --help)" check-spec
bad 2 "virtcheck: error: too many arguments: expected SPEC (see --help)" check-spec "$PG" "$PG"
bad 2 "virtcheck: error: Unknown option --bogus (see --help)" check-spec "$PG" --bogus
bad 2 "virtcheck: error: Missing argument for --param (see --help)" check-spec "$PG" --param
bad 2 "virtcheck: error: --param word: expected NAME=VALUE" check-spec "$PG" --param word
bad 2 "virtcheck: error: --param =8: expected NAME=VALUE" check-spec "$PG" --param =8
bad 2 "virtcheck: error: --param word=x: expected a non-negative number for 'word'" check-spec "$PG" --param word=x
bad 2 "virtcheck: error: --param word=-1: expected a non-negative number for 'word'" check-spec "$PG" --param word=-1
bad 2 "virtcheck: error: --param word=99: 'word' must be in 6..32 ($PG:9)" check-spec "$PG" --param word=99
bad 2 "virtcheck: error: --param word=9: 'word' is already set by --param word=8" check-spec "$PG" --param word=8 --param word=9
bad 2 "virtcheck: error: --param nope=1: $PG declares no parameter 'nope' (it declares: word, addr, data, mem)" check-spec "$PG" --param nope=1
bad 2 "$PG:36:11: error: operand 'a' overlaps the bits the encoding fixes (with --param word=9)" check-spec "$PG" --param word=9
bad 2 "virtcheck: error: --param word=99999999999999999999999: expected a non-negative number for 'word'" check-spec "$PG" --param word=99999999999999999999999
bad 2 "virtcheck: error: missing arguments: expected SPEC PROGRAM (see --help)" run "$PG"
bad 2 "virtcheck: error: /nonexistent.s: cannot read: No such file or directory" run "$PG" /nonexistent.s
bad 2 "virtcheck: error: $B: cannot read: it is a directory" run "$PG" "$B"
bad 2 "virtcheck: error: --steps -1: expected 0 or more" run "$PG" "$B"/empty.s --steps -1
bad 2 "$B/badop.s:2:3: error: unknown instruction 'frob' for pg-classic" run "$PG" "$B"/badop.s
bad 2 "$B/range.s:1:7: error: operand 99999 does not fit the 8-bit field 'a' of 'ldi'" run "$PG" "$B"/range.s
bad 2 "$B/label.s:1:7: error: unknown symbol 'nowhere'" run "$PG" "$B"/label.s
bad 2 "$B/dup.s:2:1: error: label 'x' is defined twice" run "$PG" "$B"/dup.s
bad 2 "$B/org.s:1:8: error: .org 9999 is outside storage (64 words)" run "$PG" "$B"/org.s
bad 2 "$B/initmode.s:1:14: error: unknown symbol 'q'" run "$PG" "$B"/initmode.s
bad 2 "$B/initvar.s:1:9: error: 'nope' is no state variable of pg-classic" run "$PG" "$B"/initvar.s
bad 2 "$B/word.s:1:8: error: expected a number or a label, found end of line" run "$PG" "$B"/word.s
bad 2 "$B/expr.s:1:10: error: expected a number or a label, found end of line" run "$PG" "$B"/expr.s
bad 2 "$B/utf.s:1:1: error: unexpected byte 0xff" run "$PG" "$B"/utf.s
bad 2 "virtcheck: error: Cannot parse integer value “x” for --steps (see --help)" run "$PG" "$B"/empty.s --steps x
bad 2 "virtcheck: error: --format xml: expected text or json" run "$PG" "$B"/empty.s --format xml
bad 2 "virtcheck: error: /nonexistent.isa: cannot read: No such file or directory" run /nonexistent.isa "$B"/empty.s
bad 2 "$B/binary.isa:1:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found ')'" run "$B"/binary.isa "$B"/empty.s
bad 2 "virtcheck: error: missing arguments: expected SPEC PROGRAM (see --help)" asm "$PG"
bad 2 "$B/badop.s:2:3: error: unknown instruction 'frob' for pg-classic" asm "$PG" "$B"/badop.s
bad 2 "virtcheck: error: $B/nonexistent.s: cannot read: No such file or directory" asm "$PG" "$B"/nonexistent.s
bad 2 "$B/empty.isa:1:1: error: no parameter 'word' (bits per storage word) is declared" asm "$B"/empty.isa "$B"/empty.s
bad 2 "virtcheck: error: missing arguments: expected SPEC PROGRAM (see --help)" disasm "$PG"
bad 2 "virtcheck: error: zz: cannot read: No such file or directory" disasm "$PG" zz
bad 2 "virtcheck: error: 0x: cannot read: No such file or directory" disasm "$PG" 0x
bad 2 "virtcheck: error: 99999999: cannot read: No such file or directory" disasm "$PG" 99999999
bad 2 "virtcheck: error: too many arguments: expected SPEC PROGRAM (see --help)" disasm "$PG" -- -1
bad 2 "virtcheck: error: missing arguments: expected SPEC (see --help)" classify
bad 2 "virtcheck: error: /nonexistent.isa: cannot read: No such file or directory" classify /nonexistent.isa
bad 2 "virtcheck: error: --engine quantum: expected smt, exhaustive or both" classify "$PG" --engine quantum
bad 2 "virtcheck: error: --format yaml: expected text or json" classify "$PG" --format yaml
bad 2 "virtcheck: error: --timeout -1: expected 0..2147483647" classify "$PG" --timeout -1
bad 2 "virtcheck: error: Cannot parse integer value “x” for --timeout (see --help)" classify "$PG" --timeout x
bad 2 "virtcheck: error: --max-states 0: expected 1 or more" classify "$PG" --max-states 0
bad 2 "virtcheck: error: --max-states -5: expected 1 or more" classify "$PG" --max-states -5
bad 2 "virtcheck: error: --time-limit -3: expected seconds from 0 (none) to 1e9" classify "$PG" --time-limit -3
bad 2 "virtcheck: error: Cannot parse double value “x” for --time-limit (see --help)" classify "$PG" --time-limit x
bad 2 "virtcheck: error: --param word=1: 'word' must be in 6..32 ($PG:9)" classify "$PG" --param word=1
bad 2 "$B/cr.isa:8:1: error: expected a declaration (machine, param, modes, pc, reloc, bound, reg, psw, vector, trap, hypercall, field or insn), found 'bogus'" classify "$B"/cr.isa
bad 2 "virtcheck: error: too many arguments: expected SPEC (see --help)" classify "$PG" "$PG"
bad 2 "virtcheck: error: missing arguments: expected SPEC PROGRAM... (see --help)" vmm "$PG"
bad 2 "virtcheck: error: /nonexistent.s: cannot read: No such file or directory" vmm "$PG" /nonexistent.s
bad 2 "$B/badop.s:2:3: error: unknown instruction 'frob' for pg-classic" vmm "$PG" "$B"/badop.s
bad 2 "virtcheck: error: --monitor paravirtual: expected trap (default), hybrid, translate, patch, paravirt or assist" vmm "$PG" "$B"/empty.s --monitor paravirtual
bad 2 "virtcheck: error: --stack 0: expected 1..8" vmm "$PG" "$B"/empty.s --stack 0
bad 2 "virtcheck: error: --stack 9: expected 1..8" vmm "$PG" "$B"/empty.s --stack 9
bad 2 "virtcheck: error: --quantum 0: expected 1 or more" vmm "$PG" "$B"/empty.s --quantum 0
bad 2 "virtcheck: error: --steps -1: expected 0 or more" vmm "$PG" "$B"/empty.s --steps -1
bad 2 "virtcheck: error: --guest-base -5: expected a host word >= 0" vmm "$PG" "$B"/empty.s --guest-base -5
bad 2 "virtcheck: error: guest base 3: the monitor keeps host words 0..19 (its trap vectors); a guest starts at 20 or above" vmm "$PG" "$B"/empty.s --guest-base 3
bad 2 "virtcheck: error: 1 guest of 64 words from word 4194300 under 1 monitor needs 4194364 words of host storage, beyond the 4194304 the host can grow to (the rule: guests x mem + the guest base + 20 reserved words per monitor below the top <= 2^22, pg-classic's physical addresses; give fewer guests or a smaller mem with --param)" vmm "$PG" "$B"/empty.s --guest-base 4194300
bad 2 "virtcheck: error: --format csv: expected text or json" vmm "$PG" "$B"/empty.s --format csv
bad 2 "virtcheck: error: missing arguments: expected SPEC (see --help)" equiv
bad 2 "virtcheck: error: /nonexistent.isa: cannot read: No such file or directory" equiv /nonexistent.isa
bad 2 "virtcheck: error: --monitor quantum: expected trap (default), hybrid, translate, patch, paravirt or assist" equiv "$PG" --monitor quantum
bad 2 "virtcheck: error: --engine x: expected smt, exhaustive or both" equiv "$PG" --engine x
bad 2 "virtcheck: error: --guest-base -5: expected a host word >= 0" equiv "$PG" --guest-base -5
bad 2 "virtcheck: error: 1 guest of 64 words from word 4194300 under 1 monitor needs 4194364 words of host storage, beyond the 4194304 the host can grow to (the rule: guests x mem + the guest base + 20 reserved words per monitor below the top <= 2^22, pg-classic's physical addresses; give fewer guests or a smaller mem with --param)" equiv "$PG" --guest-base 4194300
bad 2 "virtcheck: error: --stack 0: expected 1..8" equiv "$PG" --stack 0
bad 2 "virtcheck: error: --stack 99: expected 1..8" equiv "$PG" --stack 99
bad 2 "virtcheck: error: --depth 0: expected 1..64" equiv "$PG" --depth 0
bad 2 "virtcheck: error: --depth 65: expected 1..64" equiv "$PG" --depth 65
bad 2 "virtcheck: error: --threads 0: expected 1..64" equiv "$PG" --threads 0
bad 2 "virtcheck: error: --threads 65: expected 1..64" equiv "$PG" --threads 65
bad 2 "virtcheck: error: --operand-values 0: expected 1..2147483647" equiv "$PG" --operand-values 0
bad 2 "virtcheck: error: --fingerprint applies to --engine exhaustive only" equiv "$PG" --fingerprint
bad 2 "virtcheck: error: --max-states 200000000: the exhaustive engine keeps at most 134217726 whole states; use --fingerprint for more" equiv "$PG" -e exhaustive --max-states 200000000
bad 2 "virtcheck: error: --init mode=q: 'q' is not a number or a mode name" equiv "$PG" -e exhaustive --init mode=q
bad 2 "virtcheck: error: --init nope=1: expected VAR=VALUE,... with VAR one of pg-classic's variables" equiv "$PG" -e exhaustive --init nope=1
bad 2 "virtcheck: error: initial acc 99999: out of range for pg-classic's 12-bit acc" equiv "$PG" -e exhaustive --init acc=99999
bad 2 "virtcheck: error: --init acc: expected VAR=VALUE,... with VAR one of pg-classic's variables" equiv "$PG" -e exhaustive --init acc
bad 2 "virtcheck: error: --max-memory 0: expected a positive number of bytes, optionally with K, M or G" equiv "$PG" --max-memory 0
bad 2 "virtcheck: error: --max-memory 5T: expected a positive number of bytes, optionally with K, M or G" equiv "$PG" --max-memory 5T
bad 2 "virtcheck: error: --max-memory -1M: expected a positive number of bytes, optionally with K, M or G" equiv "$PG" --max-memory -1M
bad 2 "virtcheck: error: --time-limit -1: expected seconds from 0 (none) to 1e9" equiv "$PG" --time-limit -1
bad 2 "virtcheck: error: --format html: expected text or json" equiv "$PG" --format html
bad 2 "virtcheck: error: /nonexistent/dir/x.s: cannot write: No such file or directory" equiv scenarios/pdp10.isa --program /nonexistent/dir/x.s
bad 2 "virtcheck: error: missing arguments: expected SPEC (see --help)" export
bad 2 "virtcheck: error: --format zip: expected smtlib or promela" export "$PG" --format zip
bad 2 "virtcheck: error: pg-classic: the Promela model needs values of at most 15 bits (Promela's int) and at most 4096 storage words; this instance has 20 bits and 64 words: choose a smaller one with --param" export "$PG" --format promela
bad 2 "virtcheck: error: --depth 0: expected 1..255" export "$PG" --format promela --depth 0
bad 2 "virtcheck: error: missing arguments: expected SPEC... (see --help)" report
bad 2 "virtcheck: error: expected -o DIR" report "$PG"
bad 2 "virtcheck: error: --format pdf: expected html, md or json" report "$PG" -o "$B"/r --format pdf
bad 2 "virtcheck: error: --depth 0: expected 1..8" report "$PG" -o "$B"/r --depth 0
bad 2 "virtcheck: error: --depth 9: expected 1..8" report "$PG" -o "$B"/r --depth 9
bad 2 "virtcheck: error: --timeout -1: expected 0..2147483647" report "$PG" -o "$B"/r --timeout -1
bad 2 "virtcheck: error: --max-memory 0: expected a positive number of bytes, optionally with K, M or G" report "$PG" -o "$B"/r --max-memory 0
bad 2 "virtcheck: error: $B/empty.isa: Not a directory" report "$PG" -o "$B"/empty.isa
bad 2 "virtcheck: error: $PG: its report would be pg-classic.html, like another's" report "$PG" "$PG" -o "$B"/r
bad 2 "virtcheck: error: /nonexistent.isa: cannot read: No such file or directory" report /nonexistent.isa -o "$B"/r
bad 2 "virtcheck: error: unknown command 'bogus-command' (see virtcheck --help)" bogus-command
bad 2 "$B/modes.isa:2:32: error: more than 8 modes" check-spec "$B"/modes.isa
bad 2 "$B/psw.isa:2:105: error: more than 16 PSW fields" check-spec "$B"/psw.isa

bad 2 "virtcheck: error: missing arguments: expected SPEC PROGRAM (see --help)" paravirt scenarios/x86.isa
bad 2 "virtcheck: error: /nonexistent.s: cannot read: No such file or directory" paravirt scenarios/x86.isa /nonexistent.s
bad 2 "virtcheck: error: --steps 0: expected 1 or more" paravirt scenarios/x86.isa scenarios/x86/guest-os.s --steps 0
bad 2 "virtcheck: error: --monitor paravirt: a paravirtualized guest is a rewritten program; check one with 'virtcheck paravirt SPEC PROGRAM' (unmodified programs under this monitor are the trap monitor's: --monitor trap)" equiv scenarios/x86.isa --monitor paravirt
bad 2 "virtcheck: error: the assisted monitor needs a virtualization extension, and pg-classic declares none (expected a register 'reg NAME : 1 resource guest;')" vmm "$PG" "$B"/empty.s --monitor assist

done_testing
