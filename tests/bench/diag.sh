#!/bin/sh
# diag.sh -- how fast broken routines are diagnosed.
#
#   sh tests/bench/diag.sh ./build/routinec
#
# Inputs of 1 MB and 10 MB that are all errors: one line of `do "X";`
# (an error every 8 bytes, each quoting its line), one line of 100 syntax
# errors, and many short broken lines.  `check` and `lint --format sarif`
# must diagnose each in time linear in its size, under 1 s per MB (issue
# 13: 10 KB of `do "X";` on one line took 18 s; 100 errors on a 1 MB line
# 55 s and 100 MB of output).  Informational: a missed target prints MISS;
# only a crash makes the exit status non-zero.
#
# Environment: BENCH_DIAG_SIZES ("1000000 10000000"), CC.

set -u
RC=${1:?usage: diag.sh ROUTINEC}
HERE=$(cd "$(dirname "$0")" && pwd)
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
SIZES=${BENCH_DIAG_SIZES:-1000000 10000000}
CC=${CC:-cc}
W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-diag-bench.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
$CC -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -O2 -o "$W/timer" "$HERE/timer.c" || exit 3

# make KIND BYTES: a broken input of about BYTES bytes on stdout.
make_input() {
    awk -v kind="$1" -v size="$2" 'BEGIN {
        if (kind == "do-line") { for (n = 0; n < size; n += 8) printf "do \"X\"; "; print "" }
        else if (kind == "syntax-line") {
            w = int(size / 100)
            for (i = 0; i < 100; i++) { for (j = 0; j < w; j += 10) printf "xxxxxxxxxx"; printf " @ " }
            print ""
        } else for (n = 0; n < size; n += 24) print "exercise \"E\" { hodl 5s; }" }'
}

echo "== diagnostics of broken routines (target: under 1000 ms per MB)"
printf '%-30s %10s %12s %10s %8s\n' "input" "wall ms" "ms per MB" "peak MB" "status"
status=0
for size in $SIZES; do
    for kind in do-line syntax-line many-lines; do
        make_input "$kind" "$size" >"$W/$kind.rt"
        bytes=$(wc -c <"$W/$kind.rt")
        for cmd in check "lint --format sarif"; do
            # shellcheck disable=SC2086  # $cmd is a command and its option
            set -- $("$W/timer" "$RC" $cmd "$W/$kind.rt" 2>/dev/null)
            ms=$(($1 / 1000000)) kb=$2 st=$4
            awk -v label="$cmd $kind" -v b="$bytes" -v ms="$ms" -v kb="$kb" -v st="$st" 'BEGIN {
                per = ms * 1e6 / b
                printf "%-30s %10d %12.0f %10.1f %8d   %s (%.0f MB)\n", label, ms, per, kb / 1024, st,
                    per < 1000 ? "PASS" : "MISS", b / 1e6 }'
            [ "$st" -le 1 ] || status=1
        done
    done
done
exit "$status"
