#!/bin/sh
# tests/e2e/crash.sh -- kill -9 at random points, resume, count every rep once.
#
#   sh tests/e2e/crash.sh [path/to/routinec]
#
# Plays tests/e2e/session.rt at --speed 400 (the 22-minute routine in about
# 3.4 s) with a fresh XDG_STATE_HOME, kills it with SIGKILL after a random
# 0.25-0.9 s, continues it with `run --resume`, and repeats until a run
# completes.  Then it checks:
#   - the last run ends with "end" completed:true and exit status 0;
#   - the reps completed in all the event streams, put together, are the
#     reps of the routine (from a virtual-clock run), each exactly once.  A
#     resumed stream says with {"ev":"resumed","reps_done":N} how many reps
#     the journal had counted, so a stream's reps are numbered from N; the
#     reps of a killed stream from the next stream's N on were not
#     completed (the rep in progress) and are played again;
#   - the history has one session, completed, with every rep counted once.

. "$(dirname "$0")/lib.sh"
e2e_setup crash "${1:-}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROUTINE=$HERE/session.rt

random_delay() { # 0.25 .. 0.89 s
    r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    printf '0.%02d' $((25 + r % 65))
}

# The reps of the routine, in order: "n of side" per line.
reps_of() { sed -n 's/.*"ev":"rep","n":\([0-9]*\),"of":\([0-9]*\)\(,"side":"\([a-z]*\)"\)\{0,1\}.*/\1 \2 \4/p' "$1"; }

"$BIN" run --clock virtual --events "$T/reference.jsonl" "$ROUTINE" >/dev/null || exit 1
reps_of "$T/reference.jsonl" | awk '{ print NR - 1, $0 }' >"$T/expected"

# ---- kill and resume until a run completes --------------------------------

i=0
status=
kills=0
while [ $i -lt 40 ]; do
    i=$((i + 1))
    resume=
    [ $i -gt 1 ] && resume=--resume
    "$BIN" run $resume --speed 400 --events "$T/run$i.jsonl" "$ROUTINE" </dev/null >/dev/null 2>"$T/run$i.err" &
    pid=$!
    sleep "$(random_delay)"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    { wait $pid; } 2>/dev/null # no "Killed" from the shell
    status=$?
    [ $status -eq 0 ] && break
    # A kill can land after the session ended (during the question that
    # follows it).  The screen shows first and the record follows within
    # milliseconds, so the end may or may not be recorded yet: the next
    # --resume either continues (and replays the last rep) or finds
    # nothing to continue -- then the run before it was the last.
    if [ $status -eq 1 ] && [ $i -gt 1 ] && grep -q "nothing to continue" "$T/run$i.err" &&
        grep -q '"ev":"end","completed":true' "$T/run$((i - 1)).jsonl"; then
        i=$((i - 1))
        status=0
        break
    fi
    if [ $status -ne 137 ]; then
        fail "run $i ended with status $status" "$(cat "$T/run$i.err")"
        break
    fi
done
runs=$i
echo "     ($runs runs, $kills killed with SIGKILL)"

if [ "$status" -eq 0 ]; then ok "the last resumed run completes (exit 0)"; else fail "no run completed"; fi
if [ $kills -ge 2 ]; then ok "the session was killed at least twice"; else fail "only $kills kills: too few to test"; fi
if tail -n 1 "$T/run$runs.jsonl" | grep -q '"completed":true'; then
    ok "the last event stream ends with end completed:true"
else
    fail "the last event stream does not end completed" "$(tail -n 2 "$T/run$runs.jsonl")"
fi

# ---- every completed rep exactly once in the event streams ---------------

base_of() { sed -n 's/.*"ev":"resumed".*"reps_done":\([0-9]*\).*/\1/p' "$1" | head -n 1; }
: >"$T/counted"
j=1
while [ $j -le $runs ]; do
    base=$(base_of "$T/run$j.jsonl")
    next=
    [ $j -lt $runs ] && next=$(base_of "$T/run$((j + 1)).jsonl")
    reps_of "$T/run$j.jsonl" |
        awk -v base="${base:-0}" -v next_base="${next:-1000000000}" \
            '{ k = base + NR - 1; if (k < next_base) print k, $0 }' >>"$T/counted"
    j=$((j + 1))
done
sort -n "$T/counted" >"$T/counted.sorted"
if cmp -s "$T/expected" "$T/counted.sorted"; then
    ok "the event streams count each of the $(wc -l <"$T/expected") reps exactly once, in order"
else
    fail "the event streams do not count each rep once" "$(diff "$T/expected" "$T/counted.sorted" | head -n 20)"
fi

# ---- the history ------------------------------------------------------------

"$BIN" history --format json >"$T/history.json" 2>"$T/history.err"
total=$(wc -l <"$T/expected" | tr -d ' ')
sessions=$(grep -c '^{"id":' "$T/history.json")
if [ "$sessions" -eq 1 ]; then ok "the history has one session"; else fail "the history has $sessions sessions" "$(cat "$T/history.json")"; fi
if grep -q "\"status\":\"completed\".*\"reps_done\":$total,\"reps_planned\":$total" "$T/history.json"; then
    ok "the history counts $total of $total reps, completed"
else
    fail "the history's counts are wrong" "$(cat "$T/history.json" "$T/history.err")"
fi
if grep -q "\"resumed\":$((runs - 1))," "$T/history.json"; then
    ok "the history says it was continued $((runs - 1)) times"
else
    fail "the history's resume count is wrong" "$(cat "$T/history.json")"
fi

e2e_finish
