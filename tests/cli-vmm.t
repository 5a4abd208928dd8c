#!/bin/sh
# virtcheck vmm: traces, counts, stacking, exit codes.
. tests/tap.sh
PG=scenarios/pg-classic.isa
OS=scenarios/pg-classic/guest-os.s

runs "$VC" vmm "$PG" "$OS" --trace
is "$rc" 0 "vmm: the guest OS halts under the trap monitor"
is "$(echo "$out" | sed -n '1p;3p'; echo "$out" | grep -c '^L0 direct')" "L1 emulated        1     20  lpsw 37            mode s->u pc 20->0 reloc 0->48 bound 63->7
L1 reflected       3      1  svc                trap syscall E[0] 000->001 E[1] 000->001 E[2] 000->030 E[3] 000->007 mode u->s pc 1->21 reloc 48->0 bound 7->63
12" "the trace marks each step emulated, reflected or direct, with its level"
is "$(echo "$out" | grep '^counts')" "counts: direct 12, emulated 3, interpreted 0, reflected 2, monitor entries 5, efficiency 0.706" \
  "the counts and the efficiency"

runs "$VC" vmm "$PG" "$OS" --monitor hybrid --stack 3 --format json
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); my $g = $j->{guests}[0];
  print join(",", $j->{monitor}, $j->{stack}, $g->{halted} ? "halted" : "running", $g->{interpreted}, $g->{direct}, $g->{state}{mode}, $g->{state}{pc})')" \
  "hybrid,3,halted,13,2,s,33" "JSON: three stacked hybrid monitors, counts and final state"

runs "$VC" vmm "$PG" "$OS" tests/programs/pg-count.s --quantum 2 --steps 20
is "$rc" 3 "the step limit exits 3"
is "$(echo "$out" | grep '^guest')" "guest 0 (scenarios/pg-classic/guest-os.s): not halted after 10 instructions
guest 1 (tests/programs/pg-count.s): not halted after 10 instructions" "time sharing alternates guests by the quantum"

runs "$VC" vmm "$PG" "$OS" --stack 9
is "$err" "virtcheck: error: --stack 9: expected 1..8" "a bad --stack is refused, naming it"
runs "$VC" vmm "$PG" "$OS" "$OS" "$OS" "$OS"
is "$err" "virtcheck: error: 4 guests of 64 words from word 20 under 1 monitors need 276 words, beyond what pg_classic's 8-bit addresses reach (or the depth is not 1..8)" \
  "guests that do not fit are refused"
runs "$VC" vmm --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "vmm --help"
done_testing
