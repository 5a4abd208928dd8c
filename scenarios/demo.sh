#!/bin/sh
# The newcomer's tour (make demo): the bundled scenarios on their defaults.
#   sh scenarios/demo.sh [VIRTCHECK [REPORT-DIR]]
# Runs from wherever the scenarios are: the source tree, or an installed
# share/virtcheck (virtcheck-demo). Paths given are taken from the caller's
# directory.
set -e
absolute() { case $1 in /*) echo "$1";; */*) echo "$PWD/$1";; *) command -v "$1" || echo "$1";; esac; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VC=$(absolute "${1:-build/virtcheck}")
if [ -n "${2:-}" ]; then OUT=$(absolute "$2")
elif [ -d "$ROOT/build" ]; then OUT=$ROOT/build/report
else OUT=$PWD/virtcheck-report; fi
cd "$ROOT"

echo "== 1. A machine and its guest OS: Popek and Goldberg's own machine"
echo "   ($VC run scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s --trace)"
"$VC" run scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s --trace | sed -n '1,18p'

echo
echo "== 2. Every bundled ISA: classes derived from semantics, Theorems 1, 2 and 3,"
echo "   both monitors checked for equivalence (virtcheck report)"
"$VC" report scenarios/*.isa -o "$OUT" >/dev/null
"$VC" report scenarios/*.isa -o "$OUT/md" --format md >/dev/null
printf '   %-11s %-6s %-6s %-6s %s\n' ISA "Thm 1" "Thm 2" "Thm 3" "critical instructions"
sed -n '5,$p' "$OUT/md/index.md" | while IFS='|' read -r _ isa t1 t2 t3 crit _; do
  isa=$(echo "$isa" | sed 's/^ *\[\([^]]*\)\].*/\1/')
  printf '   %-11s %-6s %-6s %-6s %s\n' "$isa" $t1 $t2 $t3 "$(echo $crit)"
done

echo
echo "== 3. Why: the witness for the PDP-10's JRST 1"
"$VC" classify scenarios/pdp10.isa --witness | sed -n '/^  jrst1: control/,/^  [a-z]/p' | sed '$d'

echo
echo "== 3b. Classes per operand value: RISC-V's CSR number decides (csr ... refine)"
"$VC" classify scenarios/riscv.isa | sed -n '/^  csrrs:/p;/^Theorem 1/p' | fold -s -w 100

echo
echo "== 4. The guest OS under a trap-and-emulate monitor, three deep"
"$VC" vmm scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s --stack 3 | sed -n '1,2p'

echo
echo "== 5. Equivalence: the trap monitor fails on the PDP-10, the hybrid one holds"
"$VC" equiv scenarios/pdp10.isa | sed -n '/^verdict/,/^from/p' || true
"$VC" equiv scenarios/pdp10.isa --monitor hybrid | sed -n '/^verdict/p'

echo
echo "== 6. Every program of up to 3 instructions, bare and monitored in lockstep:"
echo "   ARMv7 under the hybrid monitor, a shortest counterexample (small instance)"
"$VC" equiv scenarios/armv7.isa --monitor hybrid --engine exhaustive --depth 3 \
  -p word=11 -p addr=6 -p data=2 -p mem=12 2>/dev/null | sed -n '/^states/p;/^counterexample/,$p' || true

echo
echo "== 7. What then? x86 made virtualizable three ways (docs/monitors.md)"
X86S="-p word=12 -p addr=6 -p data=2 -p mem=12"
echo "   a. Binary translation: the critical instructions trap from a code cache"
"$VC" equiv scenarios/x86.isa --monitor translate | sed -n 's/^/      /;/translated:/p;/verdict/p'
"$VC" equiv scenarios/x86.isa --monitor translate --engine exhaustive --depth 3 $X86S 2>/dev/null |
  sed -n 's/^/      /;/states:/p;/efficiency:/p;/verdict/p'
echo "   b. Paravirtualization: the guest OS's kernel rewritten to call the monitor"
"$VC" paravirt scenarios/x86.isa scenarios/x86/guest-os.s |
  sed -n 's/^/      /;/rewritten for/p;/   word/p;/ends differently/p'
echo "   c. Hardware assist: VT-x's non-root mode (scenarios/x86-vtx.isa)"
"$VC" classify scenarios/x86-vtx.isa | sed -n 's/^/      /;/exits:/p;/Theorem 1 with/p'
"$VC" equiv scenarios/x86-vtx.isa --monitor assist | sed -n 's/^/      /;/verdict/p'
echo "   d. Patching the guest's code in place instead is refuted: the guest reads its own"
echo "      code (here a descriptor lookup lands on the patched word)"
"$VC" equiv scenarios/x86.isa --monitor patch --engine exhaustive --depth 3 $X86S 2>/dev/null |
  sed -n 's/^/      /;/verdict/,$p' || true

echo
echo "== The report, with pictures: $OUT/index.html (Markdown: $OUT/md/index.md)"
echo "More: docs/virtcheck.md, docs/isa-spec.md, docs/grading.md; virtcheck COMMAND --help."
