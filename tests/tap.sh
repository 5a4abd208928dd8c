# A tiny TAP emitter for shell tests. Source it, call ok/is/..., then done_testing.
# VIRTCHECK names the binary (set by make; defaults to build/virtcheck).
VC=${VIRTCHECK:-build/virtcheck}
_n=0
_failed=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

_result() { # status description [diagnostic]
  _n=$((_n + 1))
  if [ "$1" = 0 ]; then echo "ok $_n - $2"; else
    echo "not ok $_n - $2"; _failed=$((_failed + 1))
    [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
  fi
}

# is ACTUAL EXPECTED DESCRIPTION
is() { if [ "$1" = "$2" ]; then _result 0 "$3"; else
  _result 1 "$3" "expected: $2
got:      $1"; fi; }

# like ACTUAL REGEX DESCRIPTION (an extended regular expression, whole string)
like() { if printf '%s' "$1" | grep -Eqx -- "$2"; then _result 0 "$3"; else
  _result 1 "$3" "expected to match: $2
got:      $1"; fi; }

# runs CMD...: sets $out, $err, $rc
runs() { "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; out=$(cat "$TMP/out"); err=$(cat "$TMP/err"); }

# same_file ACTUAL EXPECTED DESCRIPTION
same_file() { if cmp -s "$1" "$2"; then _result 0 "$3"; else
  _result 1 "$3" "$(diff -u "$2" "$1" | head -40)"; fi; }

done_testing() { echo "1..$_n"; [ "$_failed" = 0 ]; }

# skip DESCRIPTION REASON: a TAP skip that says why
skip() { _n=$((_n + 1)); echo "ok $_n # skip $1: $2"; }
