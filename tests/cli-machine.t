#!/bin/sh
# virtcheck run / asm / disasm / check-spec: exit codes, messages, golden trace.
. tests/tap.sh
PG=scenarios/pg-classic.isa
OS=scenarios/pg-classic/guest-os.s

runs "$VC" run "$PG" "$OS" --trace
is "$rc" 0 "run: the guest OS halts (exit 0)"
printf '%s\n' "$out" >"$TMP/trace"
same_file "$TMP/trace" tests/golden/pg-classic-guest-os.trace "run --trace matches the golden trace"
runs "$VC" run "$PG" "$OS" --trace
printf '%s\n' "$out" >"$TMP/trace2"
same_file "$TMP/trace2" "$TMP/trace" "run is byte-identical on a second run"

runs "$VC" run "$PG" "$OS" --steps 5
is "$rc" 3 "run: hitting the step limit exits 3"
is "$(echo "$out" | head -1)" "step limit reached: 5 steps, not halted" "run: says the limit was hit"

runs "$VC" check-spec "$PG" --param word=8 --param addr=4 --param data=8 --param mem=20
is "$rc" 0 "check-spec with --param overrides"
is "$(echo "$out" | sed -n 2p)" "parameters: word=8 addr=4 data=8 mem=20" "check-spec shows the overridden parameters"
is "$(echo "$out" | grep '^  svc')" "  svc            10110000  reads pc; writes nothing; may trap" \
  "the encoding follows the word width"

runs "$VC" run "$PG" "$OS" --param word=99
is "$rc" 2 "a bad --param exits 2"
is "$err" "virtcheck: error: --param word=99: 'word' must be in 6..32 (scenarios/pg-classic.isa:9)" \
  "a bad --param names the parameter, its range and where it is declared"

runs "$VC" run "$PG" "$OS" --param nope=1
is "$err" "virtcheck: error: --param nope=1: scenarios/pg-classic.isa declares no parameter 'nope' (it declares: word, addr, data, mem)" \
  "an unknown --param lists the declared ones"

printf 'machine x;\nparam word = 8\n' >"$TMP/bad.isa"
runs "$VC" check-spec "$TMP/bad.isa"
is "$rc" 2 "a malformed spec exits 2"
is "$err" "$TMP/bad.isa:3:1: error: expected ';', found end of file" "a malformed spec gets file:line:column"

runs "$VC" check-spec "$TMP/missing.isa"
is "$rc" 2 "a missing file exits 2"
is "$err" "virtcheck: error: $TMP/missing.isa: cannot read: No such file or directory" \
  "a missing file is named"

runs "$VC" run "$PG"
is "$rc" 2 "a missing argument exits 2"
is "$err" "virtcheck: error: missing arguments: expected SPEC PROGRAM (see --help)" \
  "a missing argument says what is expected"

runs "$VC" frobnicate
is "$rc" 2 "an unknown command exits 2"
is "$err" "virtcheck: error: unknown command 'frobnicate' (see virtcheck --help)" "an unknown command is named"

runs "$VC" run "$PG" "$OS" --steps -1
is "$err" "virtcheck: error: --steps -1: expected 0 or more" "a negative step limit is refused"

for cmd in run asm disasm check-spec; do
  runs "$VC" "$cmd" --help
  is "$rc:$(echo "$out" | head -1)" "0:Usage:" "$cmd --help exits 0 and prints usage"
done
runs "$VC" --help
is "$rc" 0 "virtcheck --help exits 0"

runs "$VC" asm "$PG" "$OS"
printf '%s\n' "$out" >"$TMP/obj.s"
runs "$VC" disasm "$PG" "$TMP/obj.s"
printf '%s\n' "$out" >"$TMP/dis.s"
runs "$VC" asm "$PG" "$TMP/dis.s"
printf '%s\n' "$out" >"$TMP/obj2.s"
same_file "$TMP/obj2.s" "$TMP/obj.s" "asm, disasm, asm gives identical words"
is "$(grep -c 'lpsw' "$TMP/dis.s")" 2 "disasm shows the instructions by name"

runs "$VC" check-spec scenarios/x86-vtx.isa
is "$(echo "$out" | grep -E '^  (vmx|cr3x|cr3) ' | tr -s ' ')" " cr3 32 bits resource (host state in guest mode)
 vmx 1 bit resource (guest-mode flag)
 cr3x 1 bit resource (extension control)" "check-spec names the virtualization extension's registers"
runs "$VC" check-spec scenarios/x86.isa
is "$(echo "$out" | grep '^hypercall')" "hypercall: int" "check-spec names the hypercall"

runs "$VC" run scenarios/x86.isa tests/programs/x86-popf.s --format json --trace
is "$rc:$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
  print join("|", $j->{schema}, $j->{halted} ? "halted" : "running", $j->{steps}, $j->{state}{mode}, $j->{state}{intf}, scalar @{$j->{storage}}, $j->{trace}[0] =~ s/ +/ /gr)')" \
  "0:virtcheck-run/1|halted|2|ring0|1|64| 1 8 popf 10 intf 0->1" "run --format json: the final state, storage and trace"

# run --native: the spec compiled to C gives the very same output.
for case in "scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s" "scenarios/x86.isa scenarios/x86/guest-os.s" \
            "scenarios/pdp10.isa tests/programs/pdp10-jrst1.s"; do
  set -- $case
  "$VC" run "$1" "$2" --format json >"$TMP/interp.json"
  "$VC" run "$1" "$2" --format json --native >"$TMP/native.json" 2>"$TMP/native.err"
  same_file "$TMP/native.json" "$TMP/interp.json" "run --native: $2 ends as under the interpreter"
done
runs "$VC" run scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s --native
is "$rc:$err" "0:" "run --native: exit 0, nothing on stderr when cc works"

done_testing
