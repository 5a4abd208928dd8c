#!/bin/sh
# make install: the program, docs, scenarios, example programs, assignments
# and the demo, which runs outside the source tree.
. tests/tap.sh
BUILD_DIR=$(dirname "$VC")
D=$TMP/dest
make --no-print-directory -s install BUILD="$BUILD_DIR" DESTDIR="$D" PREFIX=/opt/vc >"$TMP/log" 2>&1
is "$?" 0 "make install into a DESTDIR"
S=$D/opt/vc/share
is "$(cd "$D/opt/vc" && ls bin share/man/man1 share/doc/virtcheck/grading.md share/virtcheck/programs/pg-count.s \
  share/virtcheck/scenarios/pdp10.isa share/virtcheck/scenarios/assignments | tr '\n' ' ')" \
  "share/doc/virtcheck/grading.md share/virtcheck/programs/pg-count.s share/virtcheck/scenarios/pdp10.isa  bin: virtcheck virtcheck-demo  share/man/man1: virtcheck.1  share/virtcheck/scenarios/assignments: m68000-classes pdp10-one-change pg-classic-guest-os " \
  "installed: the program, the demo, the man page, docs, programs, scenarios and assignments"
like "$(cat "$D/opt/vc/bin/virtcheck-demo")" '.*exec sh "/opt/vc/share/virtcheck/scenarios/demo.sh".*' \
  "virtcheck-demo runs the installed tour"

# The installed assignments grade from anywhere.
mkdir -p "$TMP/elsewhere"
A=$S/virtcheck/scenarios/assignments/pdp10-one-change
out=$(cd "$TMP/elsewhere" && "$D/opt/vc/bin/virtcheck" grade --format csv "$A/assignment.ini" "$A/reference.isa" | tr -d '\r' | sed -n 2p)
is "$out" "$A/reference.isa,10,10,4,3,2,1,graded" "the installed assignment grades its reference solution from another directory"

# The installed demo finds every file it names from another directory: a
# stand-in virtcheck fails on any .isa or .s argument that is not there.
cat >"$TMP/fake-vc" <<'FAKE'
#!/bin/sh
for a in "$@"; do
  case $a in *.isa|*.s) [ -f "$a" ] || { echo "missing: $a" >&2; exit 1; };; esac
done
echo "$*" >>"$FAKE_LOG"
if [ "$1" = report ]; then # the index the demo reads back
  while [ $# -gt 0 ]; do [ "$1" = -o ] && mkdir -p "$2" && : >"$2/index.md"; shift; done
fi
FAKE
chmod +x "$TMP/fake-vc"
(cd "$TMP/elsewhere" && FAKE_LOG="$TMP/calls" sh "$S/virtcheck/scenarios/demo.sh" "$TMP/fake-vc" >"$TMP/demo.out" 2>"$TMP/demo.err")
is "$?:$(cat "$TMP/demo.err")" "0:" "the installed demo runs outside the source tree, every file it names found"
is "$(grep -c . "$TMP/calls")" "$(grep -c '"$VC"' scenarios/demo.sh)" "the demo ran every command it lists"
like "$(tail -2 "$TMP/demo.out" | head -1)" "== The report, with pictures: $TMP/elsewhere/virtcheck-report/index.html .*" \
  "outside the source tree the report goes to the current directory"

done_testing
