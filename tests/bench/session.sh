#!/bin/sh
# session.sh -- real-clock timing of `routinec run`, beside a bash sleep loop.
#
#   sh tests/bench/session.sh ./build/routinec
#
# For each shipped routine, played with --speed X so that it lasts about
# BENCH_SESSION_SECONDS (default 3) on the wall clock, with the history on
# (a transaction at every rep, as for a patient):
#   end error   when the last timed step ended, against its planned
#               absolute time: `routinec plan`'s total / X (plus the time
#               the instant "patient" of the harness took in waits)
#   lateness    per timed step: actual wake-up minus the planned absolute
#               time (from the hidden --timing-log): median, p99, max
#   CPU         user + system time per minute of session time (total / X
#               of wall time holds total of session time)
#   peak RSS    the process's peak resident set
# and the same schedule (every event time of a virtual run) played by a bash
# loop of relative `sleep`s, which is what a naive player does: its error
# grows with every step.  Then the key-to-screen latency: in a pty, the time
# from a space key to "PAUSED" appearing on the full screen (python3; skipped
# without it).  Targets: end within 1 ms, p99 lateness < 1 ms, CPU < 10 ms
# per session minute, peak RSS < 4 MB; a missed one prints MISS.

set -u
RC=${1:?usage: session.sh ROUTINEC}
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECONDS_PER_RUN=${BENCH_SESSION_SECONDS:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-bench-session.XXXXXX") || exit 3
trap 'rm -rf "$W"' EXIT
XDG_STATE_HOME=$W/state
export XDG_STATE_HOME

${CC:-cc} -O2 -o "$W/timer" "$HERE/timer.c" || { echo "bench: cannot build timer.c"; exit 3; }

# stats FILE: "median p99 max" of the numbers in FILE (one per line), in ms.
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        p = int(NR * 0.99 + 0.999); if (p > NR) p = NR
        printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)] / 1e6, v[p] / 1e6, v[NR] / 1e6 }'
}

verdict() { # verdict VALUE LIMIT
    awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 < l + 0) ? "ok" : "MISS" }'
}

abs_ms() { awk -v v="$1" 'BEGIN { v = v / 1e6; if (v < 0) v = -v; printf "%.3f", v }'; }

# ---- the bash loop: relative sleeps, as a naive player would do ----------------

# bash_loop SCHEDULE SPEED: SCHEDULE has one event time (ms) per line; prints
# one lateness (ns) per line, the last one being the end's.
bash_loop() {
    bash -c '
        speed=$2; prev=0
        start=${EPOCHREALTIME/./}
        while read -r t; do
            d=$(( t - prev )); prev=$t
            us=$(( d * 1000 / speed ))
            if [ "$us" -gt 0 ]; then sleep "$(printf "%d.%06d" $((us / 1000000)) $((us % 1000000)))"; fi
            now=${EPOCHREALTIME/./}
            echo $(( (now - start) * 1000 - t * 1000000 / speed ))
        done <"$1"' sh "$1" "$2"
}

# ---- one routine ---------------------------------------------------------------

printf '%s\n' "session timing (--speed X: each routine in about ${SECONDS_PER_RUN} s; times in ms)"
printf '%-22s %6s %9s | %8s %8s %8s %8s | %9s %7s | %8s %8s %8s\n' \
    routine X end-err late-p50 late-p99 late-max "" CPU/min peakMB "bash-end" "bash-p99" "bash-max"

summary_ok=1
for r in "$ROOT"/routines/*.rt; do
    total=$("$RC" plan --format json "$r" 2>/dev/null | sed -n 's/.*"total_ms": *\([0-9]*\).*/\1/p')
    [ -n "$total" ] || continue # a library of exercises, not a routine
    name=$(basename "$r" .rt)
    speed=$(( total / (SECONDS_PER_RUN * 1000) ))
    [ "$speed" -ge 1 ] || speed=1
    # A patient who presses Enter as soon as a step waits for it: a reader
    # of the event stream answers each "wait" (and open hold) on stdin.
    rm -f "$W/ev" "$W/in" "$W/$name.events"
    mkfifo "$W/ev" "$W/in"
    (
        exec 3>"$W/in"
        while IFS= read -r ev; do
            printf '%s\n' "$ev" >>"$W/$name.events"
            case $ev in *'"ev":"wait"'* | *'"mode":"open"'*) printf '\n' >&3 ;; esac
        done <"$W/ev"
    ) &
    line=$("$W/timer" "$RC" run --speed "$speed" --timing-log "$W/$name.timing" \
        --events "$W/ev" "$r" <"$W/in") || { echo "bench: $name: routinec failed"; exit 1; }
    wait
    set -- $line
    cpu_ns=$5 rss_kb=$2
    [ "$4" = 0 ] || echo "bench: $name: the session did not complete (status $4)"
    # Time spent waiting for the (instant) patient moves the end; the plan
    # counts waits as 0.
    waited=$(sed -n 's/.*"ev":"\(done\|held\)","ms":\([0-9]*\).*/\2/p' "$W/$name.events" |
        awk '{ s += $1 } END { print s + 0 }')
    grep '^step ' "$W/$name.timing" | awk '{ print $4 - $3 }' >"$W/$name.late"
    last=$(grep '^step ' "$W/$name.timing" | tail -n 1)
    set -- $last
    # The end: the last deadline must be the plan's total, reached on time.
    # (A wait after the last timed step adds nothing to its deadline.)
    if [ "$2" -lt "$total" ] || [ "$2" -gt $((total + waited)) ]; then
        echo "bench: $name: the last deadline is $2 ms; the plan says $total ms, plus $waited ms waited"
    fi
    end_err=$(($4 - $3))
    set -- $(stats "$W/$name.late")
    p50=$1 p99=$2 max=$3
    cpu_min=$(awk -v c="$cpu_ns" -v t="$total" 'BEGIN { printf "%.2f", c / 1e6 / (t / 60000) }')
    rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.2f", k / 1024 }')
    # The bash loop over the same schedule.
    "$RC" run --clock virtual --events - "$r" 2>/dev/null | sed -n 's/^{"t":\([0-9]*\),.*/\1/p' | uniq >"$W/$name.sched"
    bash_loop "$W/$name.sched" "$speed" >"$W/$name.bash"
    bash_end=$(tail -n 1 "$W/$name.bash")
    set -- $(stats "$W/$name.bash")
    printf '%-22s %6s %9s | %8s %8s %8s %8s | %9s %7s | %8s %8s %8s\n' "$name" "$speed" \
        "$(abs_ms "$end_err")" "$p50" "$p99" "$max" "" "$cpu_min" "$rss_mb" \
        "$(abs_ms "$bash_end")" "$2" "$3"
    for check in "end $(abs_ms "$end_err") 1" "p99 $p99 1" "cpu $cpu_min 10" "rss $rss_mb 4"; do
        set -- $check
        if [ "$(verdict "$2" "$3")" = MISS ]; then
            echo "  MISS: $name: $1 = $2 (target < $3)"
            summary_ok=0
        fi
    done
done
[ $summary_ok -eq 1 ] && echo "  all targets met: end < 1 ms, p99 lateness < 1 ms, CPU < 10 ms/min, peak RSS < 4 MB"

# ---- key to screen ------------------------------------------------------------

if command -v python3 >/dev/null 2>&1; then
    python3 - "$RC" "$ROOT/tests/e2e/session.rt" <<'PY' || echo "key-to-screen: could not measure"
import os, pty, select, sys, time
rc, routine = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(TERM="xterm", LINES="24", COLUMNS="80")
    os.execv(rc, [rc, "run", "--no-history", "--speed", "5", routine])
def read_until(word, limit=5.0):
    buf, end = b"", time.monotonic() + limit
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            buf += chunk
            if word in buf:
                return True
    return False
read_until(b"Rep 1")
lat = []
for i in range(20):
    word = b"PAUSED" if i % 2 == 0 else b"Rep"
    t0 = time.monotonic()
    os.write(fd, b" ")
    if read_until(word):
        lat.append((time.monotonic() - t0) * 1000)
    time.sleep(0.05)
os.write(fd, b"q")
time.sleep(0.2)
os.waitpid(pid, 0)
lat.sort()
if lat:
    print("key to screen (space -> PAUSED / back, full screen in a pty, %d presses): "
          "median %.3f ms, max %.3f ms" % (len(lat), lat[len(lat) // 2], lat[-1]))
PY
else
    echo "key to screen: python3 is not installed; skipped"
fi
exit 0
