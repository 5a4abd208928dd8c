#!/bin/sh
# virtcheck classify: verdicts, JSON, determinism, exit codes.
. tests/tap.sh

runs "$VC" classify scenarios/pdp10.isa
is "$rc" 0 "classify exits 0 when classification completes, whatever the verdict"
is "$(echo "$out" | grep '^Theorem')" "Theorem 1 (every sensitive instruction is privileged): fails; broken by jrst1
Theorem 3 (every user-sensitive instruction is privileged): holds: a hybrid VMM can be built" \
  "pdp10: Theorem 1 fails because of jrst1, Theorem 3 holds"
is "$(echo "$out" | grep '^jrst1 ')" "jrst1            -   yes     -     -     -     -   yes     -   yes" \
  "pdp10: jrst1 is supervisor control sensitive, not privileged, critical"

runs "$VC" classify scenarios/m68000.isa --format json
is "$rc" 0 "classify --format json exits 0"
printf '%s\n' "$out" >"$TMP/m68000.json"
is "$(perl -MJSON::PP -e '
  local $/; my $j = decode_json(<STDIN>);
  my ($i) = grep { $_->{name} eq "move_from_sr" } @{$j->{instructions}};
  print join(",", $j->{schema}, $j->{isa}, ($i->{mode_sensitive} ? "mode" : "-"), ($i->{privileged} ? "priv" : "-"),
    ($i->{critical} ? "crit" : "-"), join("+", @{$j->{sets}{critical}}),
    ($j->{theorems}{1}{holds} ? "t1" : "!t1"), join("+", @{$j->{theorems}{1}{because}}))' <"$TMP/m68000.json")" \
  "virtcheck-classify/1,m68000,mode,-,crit,move_from_sr,!t1,move_from_sr" "JSON: m68000 MOVE from SR is mode sensitive, unprivileged, critical"
is "$(perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); print join(" ", sort keys %{$j->{instructions}[0]})' <"$TMP/m68000.json")" \
  "behavior_sensitive control_sensitive critical innocuous location_sensitive mode_sensitive name privileged resource_sensitive supervisor_sensitive user_sensitive" \
  "JSON: each instruction has exactly the documented keys"

runs "$VC" classify scenarios/m68000.isa --format json
printf '%s\n' "$out" >"$TMP/m68000-2.json"
same_file "$TMP/m68000-2.json" "$TMP/m68000.json" "classify output is byte-identical on a second run"

runs "$VC" classify scenarios/x86.isa --witness --engine exhaustive --param word=8 --param addr=2 --param data=2 --param mem=12
is "$rc" 0 "exhaustive classification of x86 at a small instance"
is "$(echo "$out" | grep -A5 '^  movfromcs: mode sensitive')" "  movfromcs: mode sensitive; exhaustive engine
    movfromcs 0
    state 1: mode=ring0 pc=0 (the rest alike, unchanged)
      -> pc 0->1 E[v0]:=4
    state 2: mode=ring3 pc=0 (the rest alike, unchanged)
      -> pc 0->1 E[v0]:=7" "--witness shows the state pair, only what differs or changes, and both outcomes"

runs "$VC" classify tests/specs/hard.isa --timeout 1
is "$rc" 3 "an unknown SMT answer exits 3"
is "$(echo "$out" | grep '^Theorem 1')" "Theorem 1 (every sensitive instruction is privileged): unknown" \
  "an unknown answer is shown as unknown, never as a verdict"
# Only the supervisor-mode query is hard; under load a 1 ms budget may cut
# an easy one short too, so assert the hard one's line, not the whole set.
# Z3 names the cause "timeout", or "canceled" when the timer fires elsewhere.
like "$(echo "$out" | grep '^unknown: f, control query (supervisor mode)')" \
  "unknown: f, control query \(supervisor mode\): (timeout|canceled)" "the unknown query is listed with the solver's reason"

runs "$VC" classify scenarios/pg-classic.isa --engine exhaustive --max-states 10000 --param word=6 --param addr=2 --param data=2 --param mem=20
is "$rc" 3 "hitting --max-states exits 3"
is "$(echo "$out" | grep -m1 '^unknown: ')" "unknown: lpsw, resource query (supervisor mode): stopped after --max-states 10000 states" \
  "hitting the limit says so"

runs "$VC" classify scenarios/x86.isa --engine exhaustive --max-states 1000000
is "$rc:$(echo "$out" | grep -m1 '^unknown: ')" "3:unknown: mov, user-run query (user mode): at least 1.67e+07 states (operands and variables alone), more than --max-states 1000000; use a smaller instance (--param)" \
  "a state space beyond --max-states is refused at once, saying how large it is"

runs "$VC" classify scenarios/pg-classic.isa --engine fast
is "$err" "virtcheck: error: --engine fast: expected smt, exhaustive or both" "a bad --engine is refused"
is "$rc" 2 "a bad --engine exits 2"
runs "$VC" classify --help
is "$rc:$(echo "$out" | head -1)" "0:Usage:" "classify --help"

# A witness costs what its instruction touches, not the storage size: 2^20
# words of 64 bits classify within 1 GB of address space (ASan's shadow
# needs more, so its build only gets the time limit).
case "$VC" in *asan*) lim="" ;; *) lim="ulimit -v 1000000;" ;; esac
runs sh -c "$lim timeout 60 \"$VC\" classify tests/specs/bigmem.isa --witness"
is "$rc:$(echo "$out" | grep '^critical')" "0:critical:         rdie rdl" \
  "a storage of 2^20 words: witnesses read only the words they touch"

# The established line says exactly what was decided.
runs "$VC" classify scenarios/x86.isa --timeout 1
like "$rc:$(echo "$out" | sed -n 2p)" '3:SMT \(Z3 [0-9.]+\): [0-9]+ of 850 queries decided \([1-9][0-9]* unknown\) for all states at word=32 addr=8 data=32 mem=64' \
  "with unknowns, the established line counts what was decided"

# --time-limit: what was decided is printed, the rest is unknown, exit 3.
runs "$VC" classify scenarios/x86.isa --time-limit 0.2
like "$rc:$(echo "$out" | grep -m1 'not asked')" '3:unknown: [a-z0-9]+, [a-z-]+ query \([a-z ]+\): not asked: --time-limit reached' \
  "--time-limit stops classification (exit 3), saying why the rest is unknown"
runs "$VC" classify scenarios/x86.isa --time-limit 0.2 --format json
like "$(echo "$out" | grep '"established"')" '  "established" : "SMT \(Z3 [0-9.]+\): [0-9]+ of 850 queries decided \([0-9]+ unknown\) for all states at word=32 addr=8 data=32 mem=64",' \
  "--time-limit: the established line counts what was decided"
runs "$VC" report scenarios/x86.isa -o "$TMP/rep-t" --time-limit 0.2
is "$rc:$out" "3:$TMP/rep-t/index.html" "report --time-limit: written, exit 3"

# --explain: why each critical instruction breaks trap-and-emulate, in words.
runs "$VC" classify scenarios/x86.isa --explain --insn popf
is "$rc:$(echo "$out" | sed -n '/^why/,$p')" "0:why each critical instruction breaks trap-and-emulate:
  popf: In ring0 mode it changes intf 0->1, iopl 0->1 without trapping, while from the same state in ring3 mode it leaves them unchanged, again without a trap. A trap-and-emulate monitor runs guest ring0 code in real ring3 mode, so a guest kernel that relies on popf there silently does not get that change, and the monitor never learns of it. It is not privileged: it runs without a trap in ring3 mode, so the monitor cannot step in." \
  "classify --explain --insn popf: POPF in plain words, from its witness"
runs "$VC" classify scenarios/m68000.isa --explain --format json
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
  print join("|", map { "$_->{name}: " . ($_->{explanation} =~ /^From states that differ only in the mode, super and user/ ? "mode" : "?") } grep { $_->{explanation} } @{$j->{instructions}})')" \
  "move_from_sr: mode" "classify --explain --format json: MOVE from SR explained as mode sensitive"
runs "$VC" classify scenarios/pg-classic.isa --explain
is "$(echo "$out" | tail -1)" "no critical instruction to explain" "--explain on a virtualizable ISA says so"
runs "$VC" classify scenarios/x86.isa --insn nope
is "$rc:$err" "2:virtcheck: error: --insn nope: x86 has no such instruction" "--insn names an instruction"

done_testing
