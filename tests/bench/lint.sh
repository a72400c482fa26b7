#!/bin/sh
# lint.sh -- how fast `routinec lint` goes over a clinic's library.
#
#   sh tests/bench/lint.sh ./build/routinec
#
# Lints a generated library of 1 000 and then 10 000 small routines (one
# file each, as a clinic keeps them) and one generated routine of 1 MB and
# 10 MB (tests/bench/gen.c), reporting routines per second, MB/s and peak
# memory, whether time grows linearly and whether memory stays flat as
# files are added.  Then the cost of the linter inside `check`: callgrind
# counts the instructions of `check` and `check --no-lint` on the 1 MB and
# 10 MB routines (counts, unlike times, are stable on a loaded machine),
# against the target of issue 10: lint on costs at most 1.5x lint off
# (check runs the same rules as `routinec lint`: lint_run_compilation).
# Informational: a missed
# target prints MISS; only a crash or an I/O error of routinec makes the
# exit status non-zero.
#
# Environment: BENCH_LINT_COUNTS ("1000 10000"), BENCH_LINT_SIZES
# ("1000000 10000000"), BENCH_LINT_CG_SIZES ("1000000 10000000"), CC.

set -u
RC=${1:?usage: lint.sh ROUTINEC}
HERE=$(cd "$(dirname "$0")" && pwd)
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
COUNTS=${BENCH_LINT_COUNTS:-1000 10000}
SIZES=${BENCH_LINT_SIZES:-1000000 10000000}
CG_SIZES=${BENCH_LINT_CG_SIZES:-1000000 10000000}
CC=${CC:-cc}
W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-lint-bench.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
flags="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L -O2"
$CC $flags -o "$W/gen" "$HERE/gen.c" && $CC $flags -o "$W/timer" "$HERE/timer.c" || exit 3

# library N: N clean routines of a few exercises each, in $W/lib-N.
library() {
    awk -v n="$1" -v dir="$W/lib-$1" 'BEGIN {
        system("mkdir -p " dir)
        for (i = 0; i < n; i++) {
            f = sprintf("%s/patient-%05d.rt", dir, i)
            printf "routine \"Patient %d\" {\n", i > f
            print "    safety \"If it hurts, stop and call the clinic.\";" > f
            print "    exercise \"Knee to chest " i "\" stretch {" > f
            print "        position \"Lie on your back, knees bent.\";" > f
            print "        cue \"Bring one knee to your chest.\";" > f
            print "        hold 15s; repeat 4 each side; side \"knee\";" > f
            print "    }" > f
            print "    exercise \"Bridge " i "\" strength {" > f
            print "        position \"Lie on your back, feet flat.\";" > f
            print "        cue \"Lift your hips.\"; breathe \"Keep breathing.\";" > f
            print "        hold 5s; repeat 10; sets 2; rest 1min between sets;" > f
            print "    }" > f
            print "}" > f
            close(f)
        }
    }'
}

# run LABEL CMD...: one timed run; prints "label wall_ms rss_kb status".
run() {
    label=$1
    shift
    set -- $("$W/timer" "$@" 2>/dev/null)
    printf '%s %d %d %d\n' "$label" $(($1 / 1000000)) "$2" "$4"
}

echo "== routinec lint"
printf '%-24s %10s %12s %10s %8s\n' "input" "wall ms" "per second" "peak MB" "status"
prev_ms=0 prev_n=0 prev_kb=0 status=0
for n in $COUNTS; do
    library "$n"
    set -- $(run "lib" "$RC" lint --format json "$W/lib-$n")
    ms=$2 kb=$3 st=$4
    rate=$(awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.0f routines", ms ? n * 1000 / ms : 0 }')
    printf '%-24s %10d %12s %10.1f %8d\n' "$n routines" "$ms" "$rate" "$(echo "$kb" | awk '{print $1/1024}')" "$st"
    [ "$st" -le 1 ] || status=1
    if [ "$prev_n" -gt 0 ] && [ "$prev_ms" -gt 0 ]; then
        awk -v a="$prev_ms" -v b="$ms" -v ka="$prev_kb" -v kb="$kb" -v na="$prev_n" -v nb="$n" 'BEGIN {
            g = (b / a) / (nb / na)
            printf "  growth from %d to %d routines: time %.2fx linear (%s), peak memory %.0f KB -> %.0f KB (flat: %s)\n",
                na, nb, g, g < 1.5 ? "PASS" : "MISS", ka, kb, kb - ka < 1024 ? "PASS" : "MISS" }'
    fi
    prev_ms=$ms prev_n=$n prev_kb=$kb
done
for size in $SIZES; do
    "$W/gen" rt "$size" >"$W/r-$size.rt"
    set -- $(run "big" "$RC" lint --format json "$W/r-$size.rt")
    ms=$2 kb=$3 st=$4
    awk -v s="$size" -v ms="$ms" -v kb="$kb" -v st="$st" 'BEGIN {
        printf "%-24s %10d %9.1f MB/s %10.1f %8d   (peak %.1fx the source)\n",
            sprintf("%.0f MB routine", s / 1e6), ms, ms ? s / 1e3 / ms : 0, kb / 1024, st, kb * 1024 / s }'
    [ "$st" -le 1 ] || status=1
done

# ir CMD...: the instructions CMD executes (callgrind).
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$@" >/dev/null 2>"$W/cg.err"
    awk '/^(summary|totals):/ { print $2; exit }' "$W/cg.out"
}

echo
if ! command -v valgrind >/dev/null 2>&1; then
    echo "note: valgrind not found (apt-get install valgrind): no instruction counts"
    exit "$status"
fi
echo "== the linter inside check (callgrind instructions; target: lint on <= 1.5x lint off)"
printf '%-14s %16s %16s %10s %8s %8s %8s\n' "input" "check Ir" "--no-lint Ir" "ratio" "Ir/B on" "Ir/B off" "target"
for size in $CG_SIZES; do
    [ -f "$W/r-$size.rt" ] || "$W/gen" rt "$size" >"$W/r-$size.rt"
    on=$(ir "$RC" check "$W/r-$size.rt") off=$(ir "$RC" check --no-lint "$W/r-$size.rt")
    if [ -z "$on" ] || [ -z "$off" ]; then echo "callgrind failed on $size bytes"; status=1; continue; fi
    bytes=$(wc -c <"$W/r-$size.rt")
    awk -v s="$size" -v b="$bytes" -v on="$on" -v off="$off" 'BEGIN {
        r = on / off
        printf "%-14s %16.0f %16.0f %9.2fx %8.0f %8.0f %8s\n", sprintf("%.0f MB", s / 1e6),
            on, off, r, on / b, off / b, r <= 1.5 ? "PASS" : "MISS" }'
done
exit "$status"
