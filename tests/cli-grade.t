#!/bin/sh
# virtcheck grade: the bundled assignments' exact scores in every format,
# determinism across --jobs and submission order, a looping submission,
# hostile names, and bad assignment files.
. tests/tap.sh
A=scenarios/assignments

# The CSV is the gradebook: every score of every bundled submission.
runs "$VC" grade --format csv $A/pdp10-one-change/assignment.ini $A/pdp10-one-change/*.isa
is "$rc" 0 "grading completes: exit 0 whatever the scores"
is "$(printf '%s' "$out" | tr -d '\r')" "submission,score,points,theorem1,trap-equivalent,one-change,encodings,status
$A/pdp10-one-change/reference.isa,10,10,4,3,2,1,graded
$A/pdp10-one-change/wrong-encoding.isa,9,10,4,3,2,0,graded
$A/pdp10-one-change/wrong-reformatted.isa,3,10,0,0,2,1,graded
$A/pdp10-one-change/wrong-two-changes.isa,8,10,4,3,0,1,graded" "PDP-10, change one instruction: exact scores"
cp "$TMP/out" "$TMP/pdp10.csv"

runs "$VC" grade --format csv $A/m68000-classes/assignment.ini $A/m68000-classes/*.expect
is "$(printf '%s' "$out" | tr -d '\r')" "submission,score,points,classes,theorems,status
$A/m68000-classes/reference.expect,14,14,12,2,graded
$A/m68000-classes/wrong-all-sr-privileged.expect,11,14,9,2,graded
$A/m68000-classes/wrong-misses-move-from-sr.expect,12,14,11,1,graded
$A/m68000-classes/wrong-misspelled.expect,0,14,0,0,invalid" "68000 classified by hand: exact scores, a malformed file scores 0"

runs "$VC" grade --format csv $A/pg-classic-guest-os/assignment.ini $A/pg-classic-guest-os/*.s
is "$(printf '%s' "$out" | tr -d '\r')" "submission,score,points,bare,trap,hybrid,status
$A/pg-classic-guest-os/reference.s,10,10,5,3,2,graded
$A/pg-classic-guest-os/wrong-counts-elsewhere.s,2,10,0,0,2,graded
$A/pg-classic-guest-os/wrong-no-resume.s,0,10,0,0,0,graded" "pg-classic guest OS: exact scores"

# Every format gives every bundled submission the same score as the gradebook.
for dir in pdp10-one-change m68000-classes pg-classic-guest-os; do
  subs=$(ls $A/$dir/* | grep -v assignment.ini)
  "$VC" grade --format csv $A/$dir/assignment.ini $subs | tr -d '\r' | sed 1d | cut -d, -f1,2 | tr , = >"$TMP/want"
  "$VC" grade --format text $A/$dir/assignment.ini $subs | sed -n 's/^\([^ ].*\): \([0-9.]*\) of [0-9.]*$/\1=\2/p' >"$TMP/text"
  "$VC" grade --format tap $A/$dir/assignment.ini $subs | perl -ne 'if (/^(?:not )?ok \d+ - (.*): \S+ \(([\d.]+)\/[\d.]+\)$/) { $s{$1} += $2; push @o, $1 unless $seen{$1}++ }
    END { print "$_=$s{$_}\n" for @o }' >"$TMP/tap"
  "$VC" grade --format junit $A/$dir/assignment.ini $subs | perl -ne '$n = $1 if /<testsuite name="([^"]*)"/; print "$n=$1\n" if /<property name="score" value="([^"]*)"/' >"$TMP/junit"
  "$VC" grade --format json $A/$dir/assignment.ini $subs | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
    print "$_->{path}=$_->{score}\n" for @{$j->{submissions}}' >"$TMP/json"
  for f in text tap junit json; do
    same_file "$TMP/$f" "$TMP/want" "$dir: $f gives every submission the gradebook's score"
  done
done

# Text: feedback in plain words under each failed check.
runs "$VC" grade $A/pdp10-one-change/assignment.ini $A/pdp10-one-change/wrong-reformatted.isa
is "$(echo "$out" | sed -n '4,6p')" "$A/pdp10-one-change/wrong-reformatted.isa: 3 of 10
  FAIL      0/4  theorem1         Theorem 1 fails: sensitive, not privileged: jrst1
          jrst1: In exec mode it changes mode exec->user without trapping, while from the same state in user mode it leaves them unchanged, again without a trap. A trap-and-emulate monitor runs guest exec code in real user mode, so a guest kernel that relies on jrst1 there silently does not get that change, and the monitor never learns of it. It is not privileged: it runs without a trap in user mode, so the monitor cannot step in." \
  "text: a failed theorem explains its critical instruction"
like "$(echo "$out" | grep -c 'jrst1 0')" "1" "text: a failed equivalence shows the counterexample program"
is "$(echo "$out" | grep -c '^          jrst1: In exec mode it changes mode')" 2 \
  "text: the failed theorem and the failed equivalence both explain jrst1"
runs "$VC" grade $A/m68000-classes/assignment.ini $A/m68000-classes/wrong-misses-move-from-sr.expect
is "$(echo "$out" | grep 'move_from_sr is critical')" "          move_from_sr is critical and you did not list it: From states that differ only in the mode, super and user, its visible results differ (the word it stores: 0x21 against 0x1), and in user mode it does not trap. A trap-and-emulate monitor runs guest super code in real user mode, so the guest sees the user result: move_from_sr tells it that it is not really in super mode. It is not privileged: it runs without a trap in user mode, so the monitor cannot step in." \
  "text: a missed critical instruction is explained from its witness"
runs "$VC" grade $A/pg-classic-guest-os/assignment.ini $A/pg-classic-guest-os/wrong-counts-elsewhere.s
is "$(echo "$out" | sed -n '5,7p')" "  FAIL      0/5  bare    2 of its final values on the bare machine differ from the expected
          E[60]: expected 1, found 0
          E[61]: expected 3, found 0" "text: a guest's wrong final values, each named"

# TAP, read by Perl's TAP::Parser (what prove uses).
runs "$VC" grade --format tap $A/pdp10-one-change/assignment.ini $A/pdp10-one-change/*.isa
is "$(printf '%s' "$out" | perl -MTAP::Parser -e 'local $/; my $p = TAP::Parser->new({tap => <STDIN>});
  while (my $r = $p->next) {} print join(",", $p->tests_run, scalar $p->passed, scalar $p->failed, $p->is_good_plan ? "plan" : "noplan")')" \
  "16,12,4,plan" "TAP: 16 checks, 12 passed, 4 failed, a good plan"
is "$(echo "$out" | grep '^not ok' | head -1)" "not ok 8 - $A/pdp10-one-change/wrong-encoding.isa: encodings (0/1)" \
  "TAP: a failed check names the submission, the check and the points"

# JUnit XML, validated against the schema CI systems read.
runs "$VC" grade --format junit $A/m68000-classes/assignment.ini $A/m68000-classes/*.expect
printf '%s\n' "$out" >"$TMP/junit.xml"
if command -v xmllint >/dev/null 2>&1; then
  is "$(xmllint --noout --schema tests/grading/junit.xsd "$TMP/junit.xml" 2>&1)" "$TMP/junit.xml validates" \
    "JUnit XML validates against the schema"
else
  skip "JUnit XML validates against the schema" "xmllint is not installed (apt-get install libxml2-utils)"
fi
is "$(echo "$out" | sed -n 2p)" '<testsuites name="Classify the 68000 by hand" tests="8" failures="3" errors="2">' \
  "JUnit: failures and errors counted (a malformed file is an error)"

# JSON with its schema.
runs "$VC" grade --format json $A/pg-classic-guest-os/assignment.ini $A/pg-classic-guest-os/*.s
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
  print join("|", $j->{schema}, $j->{assignment}{points}, $j->{complete} ? "complete" : "incomplete",
    map({ "$_->{path}=$_->{score}" } @{$j->{submissions}}), $j->{submissions}[1]{checks}[0]{status})')" \
  "virtcheck-grade/1|10|complete|$A/pg-classic-guest-os/reference.s=10|$A/pg-classic-guest-os/wrong-counts-elsewhere.s=2|$A/pg-classic-guest-os/wrong-no-resume.s=0|fail" \
  "JSON: schema, points, every submission's score"

# The same bytes for any --jobs and any order of submissions.
runs "$VC" grade --format csv --jobs 1 $A/pdp10-one-change/assignment.ini \
  $A/pdp10-one-change/wrong-two-changes.isa $A/pdp10-one-change/reference.isa \
  $A/pdp10-one-change/wrong-reformatted.isa $A/pdp10-one-change/wrong-encoding.isa
same_file "$TMP/out" "$TMP/pdp10.csv" "--jobs 1, submissions in another order: the same bytes"
runs "$VC" grade --format text --jobs 3 $A/pg-classic-guest-os/assignment.ini $A/pg-classic-guest-os/*.s
cp "$TMP/out" "$TMP/j3"
runs "$VC" grade --format text --jobs 1 $A/pg-classic-guest-os/assignment.ini $A/pg-classic-guest-os/*.s
same_file "$TMP/out" "$TMP/j3" "--jobs 3 and --jobs 1: the same bytes"

# A submission that loops past the time limit scores 0 there; the batch goes on.
runs "$VC" grade tests/grading/loop.ini tests/grading/loop.s $A/pg-classic-guest-os/reference.s
is "$rc" 3 "a check stopped at a limit exits 3"
is "$(echo "$out" | grep -E '^(  [A-Za-z]|[a-z])')" "$A/pg-classic-guest-os/reference.s: 2 of 2
  pass      1/1  runs           halted after 17 instructions on the bare machine
  pass      1/1  halts-quickly  halted after 17 instructions on the bare machine
tests/grading/loop.s: 1 of 2
  LIMIT     0/1  runs           no points: the check stopped at the time limit of 1 s
  pass      1/1  halts-quickly  ran 100 instructions on the bare machine without halting" \
  "a looping submission scores 0 on that check, with the reason; the others are graded"

# Hostile names: every format stays well formed.
mkdir -p "$TMP/subs"
bad="$TMP/subs/<a \"b\",=c>
d.s"
cp $A/pg-classic-guest-os/reference.s "$bad"
runs "$VC" grade --format csv $A/pg-classic-guest-os/assignment.ini "$bad"
is "$(printf '%s' "$out" | tr -d '\r' | sed -n 2p)" "\"$TMP/subs/<a \"\"b\"\",=c>" "CSV: a name with quotes, commas and a newline is one quoted field"
runs "$VC" grade --format junit $A/pg-classic-guest-os/assignment.ini "$bad"
printf '%s\n' "$out" >"$TMP/bad.xml"
if command -v xmllint >/dev/null 2>&1; then
  is "$(xmllint --noout --schema tests/grading/junit.xsd "$TMP/bad.xml" 2>&1)" "$TMP/bad.xml validates" "JUnit: a hostile name is escaped"
else
  skip "JUnit: a hostile name is escaped" "xmllint is not installed"
fi
runs "$VC" grade --format tap $A/pg-classic-guest-os/assignment.ini "$bad"
is "$(echo "$out" | grep -c '^ok')" 3 "TAP: a name with a newline stays on its line"
runs "$VC" grade --format json $A/pg-classic-guest-os/assignment.ini "$bad"
is "$(printf '%s' "$out" | perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>); print $j->{submissions}[0]{score}')" 10 "JSON: a hostile name is escaped"

# A missing submission scores 0 with the reason.
runs "$VC" grade --format csv $A/pdp10-one-change/assignment.ini "$TMP/none.isa"
is "$(printf '%s' "$out" | tr -d '\r' | sed -n 2p)" "$TMP/none.isa,0,10,0,0,0,0,invalid" "a missing submission scores 0"

# Bad assignments: exit 2, file:line.
bad_assignment() { # TEXT EXPECTED-ERROR DESCRIPTION
  printf '%s\n' "$1" >"$TMP/a.ini"
  runs "$VC" grade "$TMP/a.ini" $A/pdp10-one-change/reference.isa
  is "$rc:$err" "2:$2" "$3"
}
HEAD="[assignment]
title = t
base = $PWD/scenarios/pdp10.isa
submission = spec"
bad_assignment "$HEAD
[check x]
kind = theorem
theorem = 4
points = 1" "$TMP/a.ini:7:1: error: theorem = 4: expected a whole number in 1..3" "a theorem out of range"
bad_assignment "$HEAD
[check x]
kind = theorm
points = 1" "$TMP/a.ini:6:1: error: kind = theorm: expected one of: theorem, equivalence, classes, changed, encodings, guest" "an unknown check kind"
bad_assignment "$HEAD
[check x]
kind = theorem
theorem = 1
pionts = 1" "$TMP/a.ini:8:1: error: unknown key 'pionts' in [check x]; expected one of: kind, points, title, theorem, expect" "a misspelt key"
bad_assignment "$HEAD
[check x]
kind = changed
at-most = 1
points = 1
at-most = 2" "$TMP/a.ini:9:1: error: key 'at-most' is given twice (first at line 7)" "a repeated key"
bad_assignment "$HEAD
[check x]
kind = guest
program = $PWD/scenarios/pg-classic/guest-os.s
expect = ac=1;zz=2
points = 1" "$TMP/a.ini:8:1: error: expect: 'zz': expected a register of pdp10, E[ADDRESS] or halted" "an unknown register in a final state"
bad_assignment "$HEAD
[check x]
kind = classes
points = 1" "$TMP/a.ini:6:1: error: kind = classes grades a classes file: expected 'submission' to include classes" "a check the submission cannot feed"
bad_assignment "$HEAD
[check x]
kind = equivalence
monitor = assist
points = 1" "$TMP/a.ini:7:1: error: monitor = assist: the assisted monitor needs a virtualization extension, and pdp10 declares none (expected a register 'reg NAME : 1 resource guest;')" "a monitor the base cannot run"
bad_assignment "[assignment]
title = t
base = nowhere.isa
submission = spec
[check x]
kind = encodings
points = 1" "$TMP/a.ini:3:1: error: base = $TMP/nowhere.isa: $TMP/nowhere.isa: cannot read: No such file or directory" "a base spec that does not load"
bad_assignment "[assignment]
title = t
this line is not a key" "$TMP/a.ini:3:1: error: expected KEY = VALUE, a [group] or a # comment" "a line GKeyFile cannot read"
bad_assignment "$HEAD" "$TMP/a.ini:1:1: error: no checks: expected at least one [check NAME]" "no checks"
runs "$VC" grade --format xml $A/pdp10-one-change/assignment.ini x
is "$rc:$err" "2:virtcheck: error: --format xml: expected text, tap, junit, json or csv" "a bad --format"
runs "$VC" grade --jobs 0 $A/pdp10-one-change/assignment.ini x
is "$rc:$err" "2:virtcheck: error: --jobs 0: expected 1..256" "a bad --jobs"
runs "$VC" grade --help
is "$(echo "$out" | grep -c 'ASSIGNMENT SUBMISSION\|docs/grading.md')" 2 "grade --help names its arguments and where the format is documented"

done_testing
