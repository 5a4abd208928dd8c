#!/bin/sh
# The newcomer's tour (make demo): the bundled scenarios on their defaults.
set -e
VC=${1:-build/virtcheck}
echo "== pg-classic: Popek and Goldberg's machine (scenarios/pg-classic.isa)"
"$VC" check-spec scenarios/pg-classic.isa | sed -n '1,5p'
echo
echo "== its guest operating system: a supervisor call, then a memory fault"
echo "   (scenarios/pg-classic/guest-os.s)"
"$VC" run scenarios/pg-classic.isa scenarios/pg-classic/guest-os.s --trace
