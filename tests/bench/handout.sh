#!/bin/sh
# handout.sh -- how fast `routinec handout` writes the HTML (no PDF step):
# the median of BENCH_RUNS (20) runs on routines/lowback.rt against the
# 50 ms target, then generated routines of 100 KB and 1 MB (gen.c) to show
# that time and output grow linearly with the routine.
#
#   sh tests/bench/handout.sh ./build/routinec
set -u
RC=${1:?usage: handout.sh ROUTINEC}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
RUNS=${BENCH_RUNS:-20}
CC=${CC:-cc}
W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-bench.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
$CC -O2 -o "$W/timer" "$HERE/timer.c" && $CC -O2 -o "$W/gen" "$HERE/gen.c" || exit 3

# median NAME CMD...: wall and CPU medians (ms) of RUNS runs.
median() {
    name=$1; shift
    : >"$W/times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        line=$("$W/timer" "$@") || return 1
        set -- "$@"
        echo "$line" >>"$W/times"
        i=$((i + 1))
    done
    awk '{ print $1 / 1e6, $5 / 1e6, $4 }' "$W/times" | sort -n | awk -v n="$RUNS" -v name="$name" '
        { wall[NR] = $1; cpu[NR] = $2; if ($3 != 0) bad = 1 }
        END { m = int((n + 1) / 2); printf "%s %.2f %.2f %d\n", name, wall[m], cpu[m], bad }'
}

cd "$ROOT" || exit 3
echo "== handout (HTML, no PDF step)"
set -- $(median lowback "$RC" handout routines/lowback.rt -o "$W/lowback.html")
verdict=PASS
awk -v w="$2" 'BEGIN { exit !(w < 50) }' || verdict=MISS
printf 'handout routines/lowback.rt: median %s ms wall, %s ms CPU over %s runs (target < 50 ms): %s\n' \
    "$2" "$3" "$RUNS" "$verdict"
[ "$4" = 0 ] || { echo "bench: routinec handout failed"; exit 1; }
for size in 100000 1000000; do
    "$W/gen" rt "$size" >"$W/gen-$size.rt"
    RUNS=3
    set -- $(median "gen-$size" "$RC" handout --no-lint "$W/gen-$size.rt" -o "$W/gen-$size.html")
    "$RC" handout --no-lint "$W/gen-$size.rt" -o "$W/gen-$size.html" 2>/dev/null
    printf 'handout of a %s-byte routine: %s ms wall, %s bytes of HTML\n' "$size" "$2" \
        "$(wc -c <"$W/gen-$size.html")"
done
