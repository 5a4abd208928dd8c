#!/bin/sh
# Sharding: N shards run by GNU parallel, then merge, give the unsharded
# run's output byte for byte (classify, equiv by SMT and by lockstep walk,
# report); a walk's figures and its least shortest counterexample survive
# the split; bad parts are refused with the part named.
. tests/tap.sh
S=scenarios

# shards N OUT CMD...: runs shards 0..N-1 of CMD under GNU parallel into
# $TMP/OUT.I.json, then merges them into $TMP/OUT.merged (rc in $mrc).
shards() {
  n=$1 name=$2; shift 2
  rm -f "$TMP/$name".*.json
  seq 0 $((n - 1)) | parallel --will-cite -j 2 "$@" --shard {}/$n '>' "$TMP/$name".{}.json 2>"$TMP/$name.shard-err"
  prc=$?
  "$VC" merge "$TMP/$name".*.json >"$TMP/$name.merged" 2>"$TMP/$name.err"
  mrc=$?
}

# same CMD... : the unsharded run's stdout and exit code, against 4 shards'
same() {
  desc=$1; shift
  "$@" >"$TMP/whole" 2>/dev/null
  wrc=$?
  shards 4 part "$@"
  is "$prc" 0 "$desc: the 4 shards succeed"
  same_file "$TMP/part.merged" "$TMP/whole" "$desc: merged = unsharded, byte for byte"
  is "$mrc" "$wrc" "$desc: merge exits as the unsharded run ($wrc)"
}

if ! command -v parallel >/dev/null 2>&1; then
  skip "sharding under GNU parallel" "parallel is not installed (make test-tools installs it)"
  done_testing
  exit
fi

same "classify x86 with witnesses and explanations, as JSON" "$VC" classify $S/x86.isa --witness --explain -f json
same "classify pg-classic by both engines" "$VC" classify $S/pg-classic.isa --engine both --witness -p word=6 -p addr=2 -p data=2 -p mem=20
same "equiv translate by SMT (the translation set is derived by every shard)" \
  "$VC" equiv $S/pdp10.isa --monitor translate
same "equiv x86 by both engines, a counterexample" \
  "$VC" equiv $S/x86.isa --engine both -p word=12 -p addr=6 -p data=2 -p mem=16
same "lockstep walk, equivalent (vax, hybrid)" \
  "$VC" equiv $S/vax.isa --engine exhaustive --depth 3 --monitor hybrid --init mode=user -j 2
same "lockstep walk, a counterexample of 3 instructions (armv7, hybrid)" \
  "$VC" equiv $S/armv7.isa --engine exhaustive --depth 3 --monitor hybrid --init mode=usr
like "$(grep -E '^(states|verdict|counterexample):' "$TMP/part.merged" | tr '\n' '|')" \
  'states: 2191 \(149 bytes each, packed\), transitions: 2393, programs explored completely up to 2 instructions\|verdict: counterexample\|counterexample: a program of 3 instructions\|' \
  "the merged walk's figures are the unsharded ones"
same "lockstep walk with fingerprints, as JSON" \
  "$VC" equiv $S/armv7.isa --engine exhaustive --depth 3 --monitor hybrid --init mode=usr --fingerprint -f json

# The counterexample program, written by the merge as by the whole run.
"$VC" equiv $S/x86.isa --engine exhaustive --depth 2 --init mode=ring3 -o "$TMP/whole.s" >/dev/null 2>&1
shards 3 cex "$VC" equiv $S/x86.isa --engine exhaustive --depth 2 --init mode=ring3 -o "$TMP/merged.s"
same_file "$TMP/merged.s" "$TMP/whole.s" "merge writes the counterexample program (-o) as the whole run does"

# A report: every file of the directory the same.
"$VC" report $S/pdp10.isa -o "$TMP/rep-whole" >/dev/null 2>&1
shards 4 rep "$VC" report $S/pdp10.isa -o "$TMP/rep-merged"
is "$mrc" 0 "report: merge exits 0"
is "$(diff -r "$TMP/rep-whole" "$TMP/rep-merged" && echo same)" "same" "report: every file as the unsharded run writes it"
is "$(ls "$TMP/rep-merged")" "index.html
pdp10.html" "report: the shards wrote nothing there, the merge all of it"

# A shard's part is the same on every run and for any --threads it is given
# (the option is part of the command line, so both runs give -j).
W="$S/pg-classic.isa --engine exhaustive --depth 3"
"$VC" equiv $W -j 1 --shard 1/3 >"$TMP/a.json" 2>/dev/null
"$VC" equiv $W -j 1 --shard 1/3 >"$TMP/b.json" 2>/dev/null
same_file "$TMP/b.json" "$TMP/a.json" "a shard's part is the same bytes on every run"
like "$(head -c 60 "$TMP/a.json")" '\{"schema":"virtcheck-shard/1",.*' "a part is JSON with its schema first"

# A limit in a shard: the merged result is incomplete and says which shard.
shards 2 lim "$VC" equiv $S/pg-classic.isa --engine exhaustive --depth 4 --max-states 3000
is "$mrc" 3 "a shard stopped by --max-states: merge exits 3"
like "$(grep '^incomplete' "$TMP/lim.merged")" 'incomplete: shard [01]/2 stopped at --max-states 3000 while exploring programs of [0-9] instructions; the result covers those of up to [0-9]' \
  "the merged result names the shard and the limit"

# Bad shards and bad parts.
runs "$VC" classify $S/x86.isa --shard 4/4
is "$rc" 2 "--shard 4/4: exit 2"
is "$err" "virtcheck: error: --shard 4/4: expected I/N, this shard's index I from 0 to N-1 of N shards (1 <= N <= 1024)" "--shard 4/4: says what is expected"
runs "$VC" classify $S/x86.isa --shard
is "$err" "virtcheck: error: --shard: expected I/N (see --help)" "--shard without a value"
runs "$VC" run $S/pg-classic.isa $S/pg-classic/guest-os.s --shard 0/2
is "$rc" 2 "a command that does not shard refuses --shard"
runs "$VC" classify $S/missing.isa --shard 0/2
is "$rc" 2 "a shard of a bad command line exits as the command does, with no part"
is "$out" "" "... and prints no part"

shards 3 bad "$VC" classify $S/pdp10.isa
runs "$VC" merge "$TMP/bad.0.json" "$TMP/bad.2.json"
is "$rc" 2 "a missing shard: exit 2"
is "$err" "virtcheck: error: merge: shard 1/3 is missing (2 parts given; every shard 0..2 is needed)" "a missing shard is named"
runs "$VC" merge "$TMP/bad.0.json" "$TMP/bad.1.json" "$TMP/bad.1.json" "$TMP/bad.2.json"
is "$err" "$TMP/bad.1.json: error: shard 1/3 again ($TMP/bad.1.json is the same shard)" "a repeated shard is named"
"$VC" classify $S/pdp11.isa --shard 1/3 >"$TMP/other.json" 2>/dev/null
runs "$VC" merge "$TMP/bad.0.json" "$TMP/other.json" "$TMP/bad.2.json"
is "$err" "$TMP/other.json: error: a part of another run (its \"args\" differs from the first part's)" "a part of another run is refused"
printf '{"schema": 3}' >"$TMP/notpart.json"
runs "$VC" merge "$TMP/notpart.json"
is "$err" "$TMP/notpart.json: error: not a shard's partial result (expected \"schema\": \"virtcheck-shard/1\", as written by --shard I/N)" "a JSON file that is not a part"
printf '{"schema": "virtcheck-shard/1",\n  "version": }' >"$TMP/broken.json"
runs "$VC" merge "$TMP/broken.json"
is "$rc" 2 "malformed JSON: exit 2"
like "$err" "$TMP/broken.json: error: .*2:1[0-9].*" "malformed JSON: the line and column"
cp $S/pdp10.isa "$TMP/spec.isa"
shards 2 chg "$VC" classify "$TMP/spec.isa"
echo "# changed" >>"$TMP/spec.isa"
runs "$VC" merge "$TMP/chg.0.json" "$TMP/chg.1.json"
is "$err" "$TMP/spec.isa: error: changed since $TMP/chg.0.json was written (merge replays the command on the files the shards read, from the directory they ran in)" \
  "an input changed since the shards ran is refused"
"$VC" classify $S/pdp10.isa --shard 0/1 | perl -pe 's/"command":"classify"/"command":"vmm"/' >"$TMP/vmm.json"
runs "$VC" merge "$TMP/vmm.json"
is "$err" "virtcheck: error: merge: 'vmm' is not a command that shards" "a part naming a command that does not shard"
"$VC" equiv $S/pg-classic.isa --engine exhaustive --depth 2 --shard 0/1 2>/dev/null |
  perl -pe 's/"states":"[A-Za-z0-9+\/]{20}/"states":"/' >"$TMP/cut.json"
runs "$VC" merge "$TMP/cut.json"
is "$rc:$err" "2:virtcheck: error: merge: the parts' lockstep walks do not fit this run: they come from another virtcheck or another command line" \
  "a part whose walk was cut short is refused"
"$VC" equiv $S/pg-classic.isa --engine exhaustive --depth 2 --shard 0/1 2>/dev/null |
  perl -pe 's/"path":"[^"]*"/"path":"\/dev\/zero"/' >"$TMP/zero.json"
runs timeout 10 "$VC" merge "$TMP/zero.json"
is "$rc:$err" "2:/dev/zero: error: missing since $TMP/zero.json was written (merge replays the command on the files the shards read, from the directory they ran in)" \
  "a part naming a device as its input is refused, not read"
"$VC" classify $S/m68000.isa --shard 0/1 | perl -pe 's/"pre1":\["\d+"/"pre1":["99"/' >"$TMP/mode.json"
runs "$VC" merge "$TMP/mode.json"
is "$rc:$err" "2:virtcheck: error: merge: the parts do not answer query 0 (move_l, user-run) of this run: they come from another virtcheck or another command line" \
  "a witness with a mode the spec does not have is refused, not printed"
runs "$VC" merge --help
like "$(printf '%s' "$out" | head -1)" 'Usage:' "merge --help"
done_testing
