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
  print join(",", $j->{schema}, $j->{monitor}, $j->{stack}, $g->{halted} ? "halted" : "running", $g->{interpreted}, $g->{direct}, $g->{state}{mode}, $g->{state}{pc})')" \
  "virtcheck-vmm/1,hybrid,3,halted,13,2,s,33" "JSON: three stacked hybrid monitors, counts and final state"

runs "$VC" vmm "$PG" "$OS" tests/programs/pg-count.s --quantum 2 --steps 20
is "$rc" 3 "the step limit exits 3"
is "$(echo "$out" | grep '^guest')" "guest 0 (scenarios/pg-classic/guest-os.s): not halted after 10 instructions
guest 1 (tests/programs/pg-count.s): not halted after 10 instructions" "time sharing alternates guests by the quantum"

runs "$VC" vmm "$PG" "$OS" --stack 9
is "$err" "virtcheck: error: --stack 9: expected 1..8" "a bad --stack is refused, naming it"
runs "$VC" vmm "$PG" "$OS" "$OS" "$OS" "$OS" --compare
is "$rc:$(echo "$out" | grep -c 'compare: ends as on the bare machine'):$(echo "$out" | grep '^counts' | tail -1)" \
  "0:4:counts: direct 10, emulated 3, interpreted 4, reflected 0, monitor entries 7, efficiency 0.588" \
  "the host grows past 2^addr words to fit four guests; where relocation cannot reach, the monitor interprets"
runs "$VC" vmm --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "vmm --help"
# Paravirtualization: the x86 guest OS, rewritten, ends as on the bare
# machine; the rewritten program replays under vmm --monitor paravirt.
runs "$VC" paravirt scenarios/x86.isa scenarios/x86/guest-os.s -o "$TMP/pv.s"
is "$rc:$(echo "$out" | grep -E '^  word|^verdict')" "0:  word  19: popf 40            -> int 60
  word  20: pushf 41           -> int 61
  word  21: iret 36            -> int 62
  word  30: iret 0             -> int 63
verdict: the rewritten guest ends in the bare machine's virtual state (storage compared outside the rewritten words and the table)" \
  "paravirt: POPF, PUSHF and both IRETs become hypercalls, and the guest ends as on the bare machine"
runs "$VC" vmm scenarios/x86.isa "$TMP/pv.s" --monitor paravirt --trace
is "$rc:$(echo "$out" | grep -c '^L1 hypercall'):$(echo "$out" | grep '^intf')" "0:4:intf     1" \
  "the rewritten guest under vmm --monitor paravirt: four hypercalls, IF set as the kernel asked"
runs "$VC" paravirt scenarios/x86.isa scenarios/x86/guest-os.s --format json
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
  print join(",", $j->{schema}, $j->{rewritten}, $j->{hypercalls}, $j->{equivalent} ? "same" : "differs", @{$j->{trap_differs}})')" \
  "virtcheck-paravirt/1,4,4,same,pc,eax,zf,intf,halted,E[0]" "paravirt JSON: counts, verdict, and where the trap monitor ends instead"
runs "$VC" paravirt scenarios/pdp10.isa tests/programs/pdp10-jrst1.s
is "$rc:$err" "2:virtcheck: error: pdp10 declares no hypercall (expected 'hypercall NAME;' naming the instruction guests call the monitor with)" \
  "paravirt needs the spec's hypercall"
runs "$VC" paravirt --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "paravirt --help"

# --compare: where a guest first ends differently from the bare machine.
runs "$VC" vmm scenarios/x86.isa scenarios/x86/guest-os.s --compare --steps 40
is "$rc:$(echo "$out" | sed -n '/^compare/,$p' | tr -s ' ')" "1:compare: differs from the bare machine after instruction 12 (popf 40 at pc 19)
 intf: bare 1, monitor 0
 bare machine | under the monitor
 9 16 cli | emulated 9 16 cli
 10 17 lgdt 45 gdtr 00000000->0000003a | emulated 10 17 lgdt 45 gdtr 00000000->0000003a
 11 18 lidt 46 idtr 00000000->0000003b | emulated 11 18 lidt 46 idtr 00000000->0000003b
 12 19 popf 40 intf 0->1 | direct 12 19 popf 40" \
  "vmm --compare: the x86 guest OS under trap-and-emulate parts ways at its POPF (exit 1)"
runs "$VC" vmm scenarios/x86.isa scenarios/x86/guest-os.s --compare --monitor translate --format json
is "$rc:$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); print $j->{guests}[0]{compare}{diverges} ? "differs" : "same"')" \
  "0:same" "vmm --compare --format json: under binary translation it ends as on the bare machine"

done_testing
