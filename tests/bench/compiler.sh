#!/bin/sh
# compiler.sh -- how fast routinec compiles, how much memory it takes, and
# how quickly a session starts.
#
#   sh tests/bench/compiler.sh ./build/routinec
#
# For generated routines of 100 KB, 1 MB and 10 MB (tests/bench/gen.c) it
# times `routinec build` and `routinec plan` (median of BENCH_RUNS runs, peak
# RSS from wait4), and `luac5.4 -p` on a Lua file of the same size when Lua
# is installed; callgrind counts instructions per byte, which, unlike wall
# time (±30% here), is stable enough to judge linear growth.  Then the time
# from exec to the first event of `routinec run` on routines/lowback.rt.
#
# Informational: a missed target prints MISS but does not fail.  The exit
# status is non-zero only when routinec itself fails (or the harness cannot
# be built).
#
# Environment: BENCH_RUNS (5), BENCH_SIZES (bytes; "100000 1000000 10000000"),
# BENCH_STARTUP_RUNS (50), BENCH_CALLGRIND (1; 0 skips valgrind), CC, LUAC.

set -u

RC=${1:?usage: compiler.sh ROUTINEC}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-100000 1000000 10000000}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-50}
CALLGRIND=${BENCH_CALLGRIND:-1}
LUAC=${LUAC:-luac5.4}
CC=${CC:-cc}

W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-bench.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
FAILED=0

say() { printf '%s\n' "$*"; }

# ---- the harness: generator and timer -------------------------------------

build_tools() {
    flags="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L -O2"
    $CC $flags -o "$W/gen" "$HERE/gen.c" && $CC $flags -o "$W/timer" "$HERE/timer.c"
}

# median: the middle of the numbers on stdin (mean of the two middle ones).
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0;
        else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure NAME N CMD...: run CMD N times under the timer; the lines go to
# $W/NAME.runs.  Stops, returning non-zero, at the first run that fails.
measure() {
    name=$1 n=$2
    shift 2
    : >"$W/$name.runs"
    i=0
    while [ "$i" -lt "$n" ]; do
        line=$("$W/timer" "$@") || return 1
        echo "$line" >>"$W/$name.runs"
        [ "$(echo "$line" | cut -d' ' -f4)" = 0 ] || return 1
        i=$((i + 1))
    done
}

# column NAME K: median of field K over NAME's runs.
column() { awk -v k="$2" '{ print $k }' "$W/$1.runs" | median; }

# ---- per size ---------------------------------------------------------------

# The routine must be valid: `check` with no error.  Warnings are allowed
# but counted, so a change in the generator or the checks is seen.
check_input() {
    if ! "$RC" check "$1" 2>"$W/check.err"; then
        say "routinec check failed on the generated $(basename "$1"):"
        head -20 "$W/check.err"
        return 1
    fi
}

# One size: generate, check, time build / plan / luac, append a row to
# $W/rows (see report.awk for the fields).
bench_size() {
    size=$1 rt="$W/bench-$1.rt" lua="$W/bench-$1.lua"
    "$W/gen" rt "$size" >"$rt" && "$W/gen" lua "$size" >"$lua" || return 1
    check_input "$rt" || return 1
    bytes=$(wc -c <"$rt")
    measure "build$size" "$RUNS" "$RC" build --no-lint "$rt" -o "$W/bench-$size.rtb" \
        || { say "routinec build failed on $rt"; return 1; }
    measure "plan$size" "$RUNS" "$RC" plan "$rt" \
        || { say "routinec plan failed on $rt"; return 1; }
    luac_ns=- luac_kb=- luac_bytes=-
    if command -v "$LUAC" >/dev/null 2>&1; then
        luac_bytes=$(wc -c <"$lua")
        if measure "luac$size" "$RUNS" "$LUAC" -p "$lua"; then
            luac_ns=$(column "luac$size" 1) luac_kb=$(column "luac$size" 2)
        else
            say "note: $LUAC -p failed on the generated Lua file"
        fi
    fi
    luac_cpu=-
    [ "$luac_ns" = - ] || luac_cpu=$(column "luac$size" 5)
    echo "$size $bytes $(column "build$size" 1) $(column "build$size" 2)" \
         "$(column "plan$size" 1) $(column "plan$size" 2) $luac_ns $luac_kb $luac_bytes" \
         "$(wc -c <"$W/bench-$size.rtb") $(column "build$size" 5) $(column "plan$size" 5)" \
         "$luac_cpu" >>"$W/rows"
    "$RC" plan "$rt" 2>/dev/null | tail -1 >"$W/plan$size.total"
}

# callgrind NAME INPUT CMD...: instructions CMD executes, as "bytes
# instructions" (bytes: INPUT's size) in $W/NAME; the profile stays in
# $W/NAME.out for callgrind_annotate (BENCH_KEEP keeps it).
callgrind() {
    name=$1 input=$2
    shift 2
    valgrind --tool=callgrind --callgrind-out-file="$W/$name.out" "$@" \
        >/dev/null 2>"$W/$name.err" || { cat "$W/$name.err"; return 1; }
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$W/$name.out")
    echo "$(wc -c <"$input") $ir" >"$W/$name"
}

# Stable counts: routinec build at 100 KB and 1 MB (linear growth), and
# luac -p at 1 MB (the speed target without the noise).
bench_callgrind() {
    for s in 100000 1000000; do
        [ -f "$W/bench-$s.rt" ] || "$W/gen" rt "$s" >"$W/bench-$s.rt"
        callgrind "cg$s" "$W/bench-$s.rt" "$RC" build --no-lint "$W/bench-$s.rt" -o "$W/cg.rtb" \
            || say "note: callgrind of routinec failed on $s bytes"
    done
    command -v "$LUAC" >/dev/null 2>&1 || return 0
    [ -f "$W/bench-1000000.lua" ] || "$W/gen" lua 1000000 >"$W/bench-1000000.lua"
    callgrind cgluac "$W/bench-1000000.lua" "$LUAC" -p "$W/bench-1000000.lua" \
        || say "note: callgrind of $LUAC failed"
}

# ---- startup ----------------------------------------------------------------

bench_startup() {
    lowback="$ROOT/routines/lowback.rt"
    measure startup "$STARTUP_RUNS" -f "$RC" run --clock virtual --events - "$lowback" \
        || { say "routinec run failed on $lowback"; return 1; }
    "$RC" build "$lowback" -o "$W/lowback.rtb" 2>/dev/null \
        && measure startup_rtb "$STARTUP_RUNS" -f "$RC" run --clock virtual --events - "$W/lowback.rtb"
}

# ---- report -------------------------------------------------------------------

# The table of measurements and the table of targets, from $W/rows and the
# startup and callgrind files.
report() {
    cg1=; cg2=; cgl=
    [ -f "$W/cg100000" ] && cg1=$(cat "$W/cg100000")
    [ -f "$W/cg1000000" ] && cg2=$(cat "$W/cg1000000")
    [ -f "$W/cgluac" ] && cgl=$(cat "$W/cgluac")
    st=$(column startup 3) stw=$(column startup 1) str=$(column startup_rtb 3 2>/dev/null)
    awk -v runs="$RUNS" -v cg1="$cg1" -v cg2="$cg2" -v cgl="$cgl" -v st="$st" -v stw="$stw" \
        -v str="${str:-0}" -v nst="$STARTUP_RUNS" -f "$HERE/report.awk" "$W/rows"
    for f in "$W"/plan*.total; do
        [ -f "$f" ] || continue
        s=${f##*/plan}; s=${s%.total}
        say "planned session of the $s-byte routine: $(cat "$f" | sed 's/^Total: //')"
    done
}

main() {
    build_tools || { say "bench: cannot build the harness (gen.c, timer.c)"; exit 3; }
    say "== routinec compiler benchmark ($(uname -m), $(nproc 2>/dev/null || echo '?') cpu," \
        "medians of $RUNS runs)"
    command -v "$LUAC" >/dev/null 2>&1 \
        || say "note: $LUAC not found (apt-get install lua5.4): no Lua comparison"
    : >"$W/rows"
    for s in $SIZES; do
        bench_size "$s" || { FAILED=1; break; }
    done
    if [ "$FAILED" = 0 ] && [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null 2>&1; then
        bench_callgrind
    fi
    bench_startup || FAILED=1
    [ -s "$W/rows" ] && report
    [ "${BENCH_KEEP:-}" ] && { cp -r "$W" "$BENCH_KEEP"; say "kept the inputs in $BENCH_KEEP"; }
    exit "$FAILED"
}

main
