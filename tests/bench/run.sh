#!/bin/sh
# run.sh -- `make bench`: every benchmark under tests/bench.
#
#   sh tests/bench/run.sh ./build/routinec
#
# compiler.sh (compile speed, memory, startup) always; session.sh and
# lint.sh when they exist.  Benchmarks inform, they do not judge: a missed
# target prints MISS, and only a failing routinec (or harness) makes the
# exit status non-zero.

set -u
RC=${1:?usage: run.sh ROUTINEC}
HERE=$(dirname "$0")
status=0
for b in compiler session lint diag handout; do
    [ -f "$HERE/$b.sh" ] || continue
    sh "$HERE/$b.sh" "$RC" || { echo "bench: $b.sh failed"; status=1; }
    echo
done
exit "$status"
