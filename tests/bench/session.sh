#!/bin/sh
# session.sh -- the session a patient runs, timed: the full screen (in a
# pty), the history on, real speed, with another process writing to the
# same filesystem all along (a busy disk must never reach the screen).
#
#   sh tests/bench/session.sh ./build/routinec
#   BENCH_SESSION_SECONDS=60 sh tests/bench/session.sh ./build/routinec
#
# A generated routine of short holds and rests lasts about
# BENCH_SESSION_SECONDS (default 180: the session wakes about once a
# second, and a 99th percentile needs well over 100 wake-ups -- over 48 it
# was simply the largest).  Figures, each against its target:
#   lateness    per timed wake-up (one for the VM's step, the countdown's
#               second and the beep due at the same time): the actual
#               wake-up minus its planned absolute time (--timing-log):
#               p99 < 1 ms, max < 5 ms; printed with the number of
#               wake-ups, the rank the p99 is, the three latest and the
#               load average
#   on the screen  the screen drawn after each timed wake-up ("shown" in
#               the timing log), from the same planned time: no target
#   CPU         user + system time of every thread per minute of
#               session, from the first timed step to the last: < 10 ms;
#               printed with the floor: what a process that only wakes
#               once a second as the session does costs here (wake.c),
#               run beside it
#   peak RSS    the process's peak resident set: < 4 MB
#   key to screen  a second run: Enter through the intro, then space until
#               "PAUSED" is drawn and space until it is gone (20 presses)
# Needs python3 (the pty); a missed target prints MISS.

set -u
RC=${1:?usage: session.sh ROUTINEC}
case $RC in /*) ;; *) RC=$(pwd)/$RC ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_PER_RUN=${BENCH_SESSION_SECONDS:-180}
REPRO="BENCH_SESSION_SECONDS=$SECONDS_PER_RUN sh tests/bench/session.sh $1"
command -v python3 >/dev/null 2>&1 || { echo "session bench: python3 is missing (apt-get install -y python3)"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/routinec-bench-session.XXXXXX") || exit 3
LOAD=
# The disk writer stops after its current dd (killing the loop would leave
# the dd writing into the directory being removed).
cleanup() { [ -n "$LOAD" ] && : >"$W/stop" && wait "$LOAD"; rm -rf "$W"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
XDG_STATE_HOME=$W/state
export XDG_STATE_HOME

# Each rep: a 4 s hold and the 2 s rest between reps, both sides: 12 s,
# 10 reps a minute, as in the shipped routines (a checkpoint each).
routine() { # FILE SECONDS
    reps=$(( ($2 + 11) / 12 ))
    [ "$reps" -ge 1 ] || reps=1
    cat >"$1" <<EOF
routine "Session bench" {
    safety "Stop if it hurts.";
    exercise "Knee to chest" stretch {
        get ready 1s;
        position "Lie on your back.";
        cue "Bring your knee up.";
        breathe "Breathe out as you lift.";
        hold 4s;
        repeat $reps each side alternating;
    }
}
EOF
}
routine "$W/bench.rt" "$SECONDS_PER_RUN"

# The disk writer: 8 MB written and fsync'd, over and over, beside the state.
(
    while [ ! -e "$W/stop" ]; do
        dd if=/dev/zero of="$W/load" bs=1M count=8 conv=fsync status=none 2>/dev/null || break
        rm -f "$W/load"
    done
) &
LOAD=$!

stats() { # "p50 p99 max" in ms of the ns numbers in FILE
    sort -n "$1" | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        p = int(NR * 0.99 + 0.999); if (p > NR) p = NR
        printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)] / 1e6, v[p] / 1e6, v[NR] / 1e6 }'
}

# The 1-minute load average (other processes wanting a CPU).
loadavg() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }

# Which of N samples in increasing order the p99 is (as stats() takes it).
p99_rank() {
    awk -v n="$1" 'BEGIN { p = int(n * 0.99 + 0.999); if (p > n) p = n; print p }'
}

line() { # FIGURE VALUE UNIT TARGET
    # No figure (the session did not run) is a miss, not a zero.
    verdict=$(awk -v v="$2" -v l="$4" 'BEGIN { print (v ~ /^[0-9.]+$/ && v + 0 < l + 0) ? "ok" : "MISS" }')
    printf '  %-26s %10s %-6s target < %-5s %s\n' "$1" "$2" "$3" "$4" "$verdict"
}

total=$("$RC" plan --format json "$W/bench.rt" 2>/dev/null | sed -n 's/.*"total_ms": *\([0-9]*\).*/\1/p')
echo "session bench: full screen, history on, real speed, a disk writer beside it"
echo "  ($((total / 1000)) s of session; reproduce: $REPRO)"
load_before=$(loadavg)
# Beside the session, for as long: a process that only wakes once a second
# as the session's host does (wake.c) -- the floor of its CPU here.
FLOOR=
if ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -o "$W/wake" "$HERE/wake.c"; then
    "$W/wake" "$((total / 1000))" >"$W/floor" &
    FLOOR=$!
fi
set -- $(python3 "$HERE/pty_session.py" "$RC" "$W/bench.rt" "$W/timing")
rss_kb=$2 status=$3 private_kb=${4:-0}
[ "$status" = 0 ] || echo "  the session did not complete (status $status)"
# Every timed wake-up once: a step, a countdown's second or a beep due at
# the same planned time are one wake-up (the latest of its lines counts).
grep '^\(step\|tick\|beep\) ' "$W/timing" |
    awk '{ l = $4 - $3; if (!($3 in late) || l > late[$3]) { late[$3] = l; what[$3] = $1 " at " $2 / 1000 " s" } }
         END { for (t in late) print late[t], what[t] }' | sort -n >"$W/wakes"
cut -d' ' -f1 "$W/wakes" >"$W/late"
n=$(wc -l <"$W/late")
set -- $(stats "$W/late")
echo "  $n timed wake-ups ($(grep -c '^step ' "$W/timing") steps, $(grep -c '^tick ' "$W/timing")" \
     "seconds of the countdown); lateness median $1 ms, $(awk '$1 >= 1e6' "$W/late" | wc -l) of them 1 ms late or more"
echo "  (load average $load_before before the session, $(loadavg) after: lateness is waiting" \
     "for a CPU, so it is only meaningful on an otherwise idle machine)"
echo "  (the p99 is wake-up $(p99_rank "$n") of the $n in increasing lateness; over 100 or fewer it is the max)"
line "lateness p99" "$2" ms 1
line "lateness max" "$3" ms 5
echo "  the latest: $(tail -n 3 "$W/wakes" | sort -rn | awk '{ printf "%s%.3f ms (%s %s %s %s)", (NR > 1 ? ", " : ""), $1 / 1e6, $2, $3, $4, $5 }')"
# What the patient sees: the screen drawn after each timed wake-up (the
# VM's step, the events' sinks, the drawing), against the same planned time.
grep '^shown ' "$W/timing" | awk '{ print $4 - $3 }' >"$W/shown"
set -- $(stats "$W/shown")
echo "  on the screen (drawn, from the planned time; no target of its own): median $1 ms, p99 $2 ms, max $3 ms"
# CPU per session minute: the process's CPU time (every thread) from the
# first timed step to the last, over the session time between them; the
# start (compiling, linting, opening the history) and the end are not in it.
cpu=$(grep '^step ' "$W/timing" | awk 'NR == 1 { t = $3; c = $5 } { lt = $3; lc = $5 }
    END { if (lt > t) printf "%.2f %.1f %.1f", (lc - c) / 1e6 / ((lt - t) / 6e10), (lc - c) / 1e6, (lt - t) / 1e9; else print "- - -" }')
set -- $cpu
echo "  CPU: $2 ms in $3 s of session"
line "CPU per session minute" "$1" ms 10
if [ -n "$FLOOR" ] && wait "$FLOOR" && [ -s "$W/floor" ]; then
    set -- $(cat "$W/floor")
    echo "  (of which the machine's floor: a process that only wakes once a second, beside the session," \
         "$(awk -v c="$1" -v n="$2" 'BEGIN { printf "%.2f ms a minute, %.1f us a wake-up", c / 1e6 / (n / 60), c / 1e3 / n }'))"
else
    echo "  (the floor could not be measured: tests/bench/wake.c did not build or run)"
fi
line "peak RSS" "$(awk -v k="$rss_kb" 'BEGIN { printf "%.2f", k / 1024 }')" MB 4
# Shared: pages another process maps too -- shared libraries' code (none
# in the default static link), the locale's files.  The process's own: its
# code (with libc, SQLite and ncurses when linked statically), heap, stacks.
echo "  (of the peak RSS, $(awk -v k="$rss_kb" -v p="$private_kb" 'BEGIN { printf "%.2f", (k - p) / 1024 }') MB" \
     "are pages other processes map too -- shared libraries, locale data --" \
     "and $(awk -v p="$private_kb" 'BEGIN { printf "%.2f", p / 1024 }') MB the process's own: its code, heap and stacks)"
set -- $(python3 "$HERE/pty_session.py" "$RC" "$W/bench.rt" "$W/timing2" probe)
if [ "$1" -gt 0 ]; then
    echo "  key to screen (space -> PAUSED -> back, $1 presses): median $2 ms"
    line "key to screen, max" "$3" ms 50
else
    echo "  key to screen: MISS (no press reached the screen)"
fi
exit 0
