#!/bin/sh
# valgrind memcheck over a few commands of the plain build: no invalid read
# or write, no use of an uninitialised value (leaks are ASan's business).
. tests/tap.sh
PG=scenarios/pg-classic.isa
SMALL="-p word=6 -p addr=2 -p data=2 -p mem=20"
# Z3 runs some 50 times slower under valgrind, and more under a loaded
# machine: a generous SMT timeout keeps these about memory, not time.
SLOW="--timeout 600000"
set -- "check-spec $PG" \
  "run $PG scenarios/pg-classic/guest-os.s" \
  "classify $PG $SMALL --engine both --witness $SLOW" \
  "vmm scenarios/x86.isa tests/programs/x86-popf.s --trace" \
  "equiv $PG $SLOW" \
  "equiv $PG -p word=11 -p addr=6 -p data=2 -p mem=20 -e exhaustive -k 2"
if ! command -v valgrind >/dev/null 2>&1; then
  for c in "$@"; do skip "valgrind: $c" "valgrind is not installed (apt-get install valgrind)"; done
elif nm "$VC" 2>/dev/null | grep -q __asan_init; then
  for c in "$@"; do skip "valgrind: $c" "an AddressSanitizer build (ASan checks it instead)"; done
else
  for c in "$@"; do
    # shellcheck disable=SC2086 # the command's words
    valgrind -q --error-exitcode=99 --leak-check=no "$VC" $c >/dev/null 2>"$TMP/vg"
    rc=$?
    is "$rc:$(grep -m1 "==[0-9]*== " "$TMP/vg")" "0:" "valgrind memcheck: virtcheck $c"
  done
fi
done_testing
