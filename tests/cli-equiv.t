#!/bin/sh
# virtcheck equiv: verdicts, counterexamples, JSON, exit codes.
. tests/tap.sh

runs "$VC" equiv scenarios/pg-classic.isa
is "$rc:$(echo "$out" | grep '^verdict')" "0:verdict: equivalent" "pg-classic: the trap monitor is equivalent (exit 0)"

runs "$VC" equiv scenarios/pdp10.isa
is "$rc" 1 "pdp10 under the trap monitor: a counterexample exits 1"
# Z3 chooses the rest of the state; the stable facts are asserted.
is "$(echo "$out" | sed -n '/^counterexample/,+1p;/diverges/p'; echo "$out" | grep -oE 'jrst1 0 *mode exec->user( pc [0-9]+->0)? *\| L0 direct *1 *[0-9]+  jrst1 0' | sed -E 's/ pc [0-9]+->0//; s/ +/ /g; s/direct 1 [0-9]+ /direct 1 PC /')" \
  "counterexample: a program of 1 instruction
    jrst1 0
diverges in: mode
jrst1 0 mode exec->user | L0 direct 1 PC jrst1 0" "the counterexample: the program, both results, the diverging component"

runs "$VC" equiv scenarios/pdp10.isa --monitor hybrid
is "$rc" 0 "pdp10 under the hybrid monitor is equivalent"

runs "$VC" equiv scenarios/x86.isa --format json
printf '%s' "$out" >"$TMP/x86.json"
is "$(perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); my $c = $j->{counterexample};
  my ($mnemonic) = split / /, $c->{program}[0];
  print join(",", $j->{schema}, $j->{verdict}, $j->{engine}, $j->{depth}, $mnemonic, @{$c->{diverges}})' <"$TMP/x86.json")" \
  "virtcheck-equiv/1,counterexample,smt,1,pushf,storage" "JSON: x86's counterexample is PUSHF, diverging in storage"

runs "$VC" equiv scenarios/pg-lra.isa --guest-base 0
is "$rc" 0 "pg-lra: Theorem 1 fails, yet the guest at base 0 is equivalent"
runs "$VC" equiv scenarios/pg-lra.isa --guest-base 30
is "$rc:$(echo "$out" | grep 'diverges')" "1:diverges in: acc" "pg-lra with the guest at base 30: LRA diverges in acc"

runs "$VC" equiv scenarios/pg-lra.isa --guest-base 250
is "$rc:$(echo "$out" | sed -n 3p)" "1:the host grew past the 256 words its 8-bit relocation register reaches: a virtual state whose words lie beyond it is interpreted, never run directly" \
  "a guest past the host's relocation reach: the host grows, and the output says what that means"
# The counterexample replays: run and vmm part ways in the diverging component.
runs "$VC" equiv scenarios/pdp10.isa --program "$TMP/cx.s"
runs "$VC" run scenarios/pdp10.isa "$TMP/cx.s" --steps 1
bare_mode=$(echo "$out" | grep '^mode')
runs "$VC" vmm scenarios/pdp10.isa "$TMP/cx.s" --steps 1
is "$bare_mode / $(echo "$out" | grep '^mode')" "mode     user / mode     exec" \
  "the counterexample program replays: run and vmm differ in mode"
runs "$VC" equiv scenarios/x86.isa --program "$TMP/cx86.s"
runs "$VC" run scenarios/x86.isa "$TMP/cx86.s" --steps 1
printf '%s\n' "$out" | sed -n '/^mode/,$p' >"$TMP/bare.txt"
runs "$VC" vmm scenarios/x86.isa "$TMP/cx86.s" --steps 1
printf '%s\n' "$out" | sed -n '/^mode/,$p' >"$TMP/vmm.txt"
is "$(diff "$TMP/bare.txt" "$TMP/vmm.txt" | grep -c '^[<>]')" 2 \
  "x86: replaying PUSHF under vmm differs from run in exactly one storage row"

runs "$VC" equiv scenarios/pdp10.isa --stack 2
is "$rc:$(echo "$out" | grep '^Theorem 2')" "1:Theorem 2 (the monitor runs under a copy of itself): fails for this monitor" \
  "pdp10: the trap monitor under a copy of itself fails Theorem 2"
runs "$VC" equiv scenarios/pg-classic.isa --stack 2 --monitor hybrid --format json
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); print join(",", $j->{stack}, $j->{theorem2}{holds} ? "holds" : "fails", $j->{guest_base})')" \
  "2,holds,40" "JSON: pg-classic's hybrid monitor stacked two deep, Theorem 2 holds"

# The exhaustive lockstep exploration, through the CLI.
ARM="scenarios/armv7.isa -p word=11 -p addr=6 -p data=2 -p mem=12"
runs "$VC" equiv $ARM --engine exhaustive --monitor hybrid --depth 3 --format json --program "$TMP/arm.s"
is "$rc:$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); my $c = $j->{counterexample};
  print join("|", $j->{verdict}, $j->{engine}, $j->{depth}, join("; ", @{$c->{program}}), $c->{initial}{mode},
    scalar @{$c->{bare_trace}}, scalar @{$c->{monitor_trace}}, join(",", @{$c->{diverges}}))')" \
  "1:counterexample|exhaustive|3|beq 2; msr 0; mrs 0|svc|3|3|storage" \
  "exhaustive JSON: ARMv7 under the hybrid monitor, a 3-instruction counterexample with both traces"
runs "$VC" run $ARM "$TMP/arm.s" --steps 3
printf '%s\n' "$out" | sed -n '/^mode/,$p' >"$TMP/bare.txt"
runs "$VC" vmm $ARM "$TMP/arm.s" --steps 3 --monitor hybrid
printf '%s\n' "$out" | sed -n '/^mode/,$p' >"$TMP/vmm.txt"
is "$(diff "$TMP/bare.txt" "$TMP/vmm.txt" | grep '^[<>]' | tr -s ' ')" "< 0: 002 380 300 000 000 000 000 000
> 0: 000 380 300 000 000 000 000 000" "the exhaustive counterexample replays: run and vmm differ in storage word 0"

runs "$VC" equiv scenarios/pg-classic.isa -p word=11 -p addr=6 -p data=2 -p mem=20 -e exhaustive -k 3
one="$out"
runs "$VC" equiv scenarios/pg-classic.isa -p word=11 -p addr=6 -p data=2 -p mem=20 -e exhaustive -k 3 -j 3
is "$rc:$(echo "$one" | grep '^states')" "0:states: 38179 (33 bytes each, packed), transitions: 46949, programs explored completely up to 3 instructions" \
  "exhaustive: pg-classic equivalent on 38179 states"
is "$out" "$one" "exhaustive: three threads print the same bytes as one"
like "$err" "virtcheck: 38179 states in [0-9.]+ s \([0-9]+ states/s, 3 threads, visited set [0-9.]+ bytes a state\)" \
  "exhaustive: the rate goes to stderr"

runs "$VC" equiv scenarios/pg-classic.isa -p word=11 -p addr=6 -p data=2 -p mem=20 -e exhaustive -k 3 --max-states 500
is "$rc:$(echo "$out" | grep '^incomplete')" "3:incomplete: stopped at --max-states 500 while exploring programs of 2 instructions; the result covers those of up to 1" \
  "exhaustive: the state limit exits 3 and says how far it got"
runs "$VC" equiv scenarios/pg-classic.isa -e exhaustive --init acc=4096
is "$rc:$err" "2:virtcheck: error: initial acc 4096: out of range for pg-classic's 12-bit acc" \
  "exhaustive: an initial value out of range is refused"
runs "$VC" equiv scenarios/pg-classic.isa -e exhaustive --init mode=kernel
is "$rc:$err" "2:virtcheck: error: --init mode=kernel: 'kernel' is not a number or a mode name" \
  "exhaustive: an unknown mode is refused"

runs "$VC" export scenarios/pg-classic.isa --format smtlib
is "$rc:$(echo "$out" | sed -n 5,6p)" "0:; load: user-run query, user mode
(declare-fun insn () (_ BitVec 12))" "export: SMT-LIB scripts, each named"
runs "$VC" export scenarios/pg-classic.isa --format dot
is "$rc:$err" "2:virtcheck: error: --format dot: expected smtlib or promela" "export: an unknown format is refused"
runs "$VC" export scenarios/pg-classic.isa --format promela
is "$rc:$err" "2:virtcheck: error: pg-classic: the Promela model needs values of at most 15 bits (Promela's int) and at most 4096 storage words; this instance has 20 bits and 64 words: choose a smaller one with --param" \
  "export: an instance too wide for Promela is refused"
runs "$VC" export --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "export --help"

runs "$VC" equiv --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "equiv --help"
# Budgets for a whole command; any limit cuts at the last complete level,
# so the output is the same for any number of threads.
big="scenarios/pg-classic.isa -e exhaustive -k 8 -p word=32 -p data=32 -p mem=200"
runs "$VC" equiv $big --max-memory 64M
is "$rc:$(echo "$out" | grep '^incomplete')" "3:incomplete: stopped at --max-memory 67108864 bytes (or all the memory there was) while exploring programs of 4 instructions; the result covers those of up to 3" \
  "--max-memory: exit 3, saying what was covered"
one=$out
runs "$VC" equiv $big --max-memory 64M --threads 3
is "$out" "$one" "--max-memory: the same output with 3 threads"
runs "$VC" equiv scenarios/pg-classic.isa -e exhaustive -k 8 --max-states 300000 --threads 1
one=$out
for t in 2 3 4 8; do
  runs "$VC" equiv scenarios/pg-classic.isa -e exhaustive -k 8 --max-states 300000 --threads $t
  is "$rc:$out" "3:$one" "--max-states: the same output with $t threads"
done
runs "$VC" equiv scenarios/pg-classic.isa -e exhaustive -k 8 --time-limit 0.2
is "$rc:$(echo "$out" | grep -c '^incomplete: stopped at --time-limit while exploring programs of')" "3:1" \
  "--time-limit: exit 3, saying where it stopped"
runs "$VC" equiv scenarios/x86.isa --max-memory 12X
is "$rc:$err:$out" "2:virtcheck: error: --max-memory 12X: expected a positive number of bytes, optionally with K, M or G:" \
  "a bad --max-memory is refused"
runs "$VC" equiv scenarios/x86.isa --time-limit -1
is "$rc:$err" "2:virtcheck: error: --time-limit -1: expected seconds from 0 (none) to 1e9" \
  "a bad --time-limit is refused"

# Remedies: binary translation mends PDP-10; patching in place is refuted,
# and its counterexample replays under vmm --monitor patch.
runs "$VC" equiv scenarios/pdp10.isa --monitor translate
is "$rc:$(echo "$out" | grep -E '^(translated|verdict)|^  jrst1 \(')" "0:translated: 1 instruction (critical for the guest's virtual mode), into datao (privileged)
  jrst1 (outside virtual user mode)
verdict: equivalent" "pdp10 under translate: JRST 1 translated outside user mode, equivalent"
runs "$VC" equiv scenarios/pdp10.isa --monitor patch --format json
is "$rc:$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); print "$j->{monitor} $j->{verdict}: $j->{not_checked}"')" \
  "3:patch incomplete: the patched words persist in guest storage across instructions, which one step from an arbitrary virtual state cannot see: use --engine exhaustive" \
  "patch by SMT, JSON: incomplete, and why"
runs "$VC" equiv scenarios/pdp10.isa --monitor patch
is "$rc:$(echo "$out" | grep -E '^(one-step|verdict)')" "3:one-step simulation does not apply: the patched words persist in guest storage across instructions, which one step from an arbitrary virtual state cannot see: use --engine exhaustive
verdict: incomplete" "patch by SMT: not applicable, said so, exit 3"
P10="scenarios/pdp10.isa -p word=11 -p addr=6 -p data=2 -p mem=12"
runs "$VC" equiv $P10 --monitor patch --engine exhaustive --program "$TMP/patch.s"
is "$rc:$(echo "$out" | sed -n '/^counterexample/,+2p;/^diverges/p')" "1:counterexample: a program of 2 instructions
    jrst1 1
    move 0
diverges in: ac" "pdp10 under patch: the guest loads the patched JRST 1 as data"
runs "$VC" run $P10 "$TMP/patch.s" --steps 2
bare_ac=$(echo "$out" | grep '^ac')
runs "$VC" vmm $P10 "$TMP/patch.s" --steps 2 --monitor patch --trace
is "$bare_ac / $(echo "$out" | grep '^ac') / $(echo "$out" | grep -c '^L1 translated')" "ac       1 / ac       0 / 1" \
  "the patch counterexample replays: the bare machine loads JRST 1's low bits, the patched guest the trap word's"
runs "$VC" vmm scenarios/x86.isa tests/programs/x86-smc.s --monitor translate --format json
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); my $g = $j->{guests}[0]; my $t = $g->{translation};
  print join(",", $j->{monitor}, $g->{direct}, $t->{instructions}, $t->{emulated}, $t->{invalidations}, $t->{patched})')" \
  "translate,21,2,2,1,0" "vmm JSON: translation counts for a guest that rewrites its code"

done_testing
