#!/bin/sh
# tests/e2e/crash.sh -- kill -9 at random points, resume, count every rep once.
#
#   sh tests/e2e/crash.sh [path/to/routinec]
#
# First, on the virtual clock, where the journal stands: a session quit in
# each repetition (in its hold, then in its rest) and resumed goes on from
# that repetition, with the ones before it counted -- the journal is
# written at every repetition boundary.
#
# Then, on the real clock: plays tests/e2e/session.rt at --speed 400 (the
# 22-minute routine in about 3.4 s) with a fresh XDG_STATE_HOME, and once
# the session has begun (its stream shows `start`, or `resumed`: the
# history has the session, and the resume is committed -- both are written
# before the first event), kills it with SIGKILL after a random 0-0.8 s,
# continues it with `run --resume`, and repeats until a run completes.
# Waiting for the session to begin keeps the random moment inside the
# session: a start-up that is slow (a sanitizer build, a loaded machine)
# only delays the kill.  Then it checks:
#   - the last run ends with "end" completed:true and exit status 0;
#   - after each kill, the resumed stream's {"ev":"resumed","reps_done":N}
#     says that at most the repetition in progress was lost: with B the
#     killed stream's own count at its start and M the reps it showed
#     (its last one in progress), N is at most B+M (the journal is never
#     ahead of the screen) and at least B+M-1 -- or B+M-2 when the kill
#     landed between the last rep shown and its record (the record follows
#     the screen by a commit without fsync), when the rep before it was
#     still the one in progress for the journal.  Never below B;
#   - the reps completed in all the event streams, put together, are the
#     reps of the routine (from a virtual-clock run), each exactly once
#     (the reps of a killed stream from the next stream's N on were not
#     completed and are played again);
#   - the history has one session, completed, with every rep counted once,
#     continued once per run after the first.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../require.sh"
require ps "apt-get install -y procps"
e2e_setup crash "${1:-}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROUTINE=$HERE/session.rt

random_delay() { # 0.00 .. 0.79 s
    r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    printf '0.%02d' $((r % 80))
}

# running PID: the player has not exited (an exited child stays a zombie,
# which kill -0 still finds, until it is waited for).
running() { case $(ps -o stat= -p "$1" 2>/dev/null) in '' | Z*) return 1 ;; esac; }

# begun FILE EV PID: wait until the stream FILE shows the event EV (start,
# or resumed), or the player PID has gone; bounded by E2E_WAIT seconds by
# the clock (a sanitizer build starts slowly on a loaded machine).
begun() {
    deadline=$(($(date +%s) + ${E2E_WAIT:-60}))
    while ! grep -q "\"ev\":\"$2\"" "$1" 2>/dev/null; do
        running "$3" || return 1
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.01
    done
}

# The reps of the routine, in order: "n of side" per line.
reps_of() { sed -n 's/.*"ev":"rep","n":\([0-9]*\),"of":\([0-9]*\)\(,"side":"\([a-z]*\)"\)\{0,1\}.*/\1 \2 \4/p' "$1"; }

"$BIN" run --clock virtual --events "$T/reference.jsonl" "$ROUTINE" >/dev/null || exit 1
reps_of "$T/reference.jsonl" | awk '{ print NR - 1, $0 }' >"$T/expected"

# ---- where the journal stands, on the virtual clock -----------------------
# moments: "TIME K" per line -- 1 s into each rep's hold and each rest after
# it, and into a get-ready that follows an exercise's last rep: a session
# quit then must resume with K reps done, playing rep K (from 0) first.
# The first three reps and the last five (an exercise's end, the next one's
# start and its reps) stand for the rest: each moment costs two runs that
# each sync the history at their start and end.
sed -n 's/^{"t":\([0-9]*\),"ev":"\(rep\|rest\|exercise\)".*/\1 \2/p' "$T/reference.jsonl" |
    awk '$2 == "rep" { k++ } $2 == "rep" || $2 == "rest" || ($2 == "exercise" && k > 0) { print $1 + 1000, ($2 == "rep" ? k - 1 : k - ($2 == "rest")) }' |
    awk -v last="$(($(wc -l <"$T/expected") - 5))" '$2 <= 2 || $2 >= last' >"$T/moments"
V=$T/virtual-state
: >"$T/journal.bad"
while read -r at k; do
    rm -rf "$V"
    "$BIN" run --clock virtual --state-dir "$V" --keys "$at:quit" "$ROUTINE" >/dev/null 2>&1
    "$BIN" run --clock virtual --state-dir "$V" --resume --events "$T/v.jsonl" "$ROUTINE" >/dev/null 2>&1
    got=$(sed -n 's/.*"ev":"resumed".*"reps_done":\([0-9]*\).*/\1/p' "$T/v.jsonl")
    first=$(reps_of "$T/v.jsonl" | head -n 1)
    want=$(sed -n "$((k + 1))p" "$T/expected" | cut -d' ' -f2-)
    [ "$got" = "$k" ] && [ "$first" = "$want" ] ||
        echo "quit at ${at} ms: resumed with reps_done ${got:-none}, first rep '$first'; want $k, '$want'" >>"$T/journal.bad"
done <"$T/moments"
if [ "$(wc -l <"$T/moments")" -ge 15 ] && ! [ -s "$T/journal.bad" ]; then
    ok "the journal: quit at each of $(wc -l <"$T/moments") moments, the session resumes from the rep in progress"
else
    fail "the journal does not resume from the rep in progress" "$(head -n 10 "$T/journal.bad")"
fi

# ---- kill and resume until a run completes --------------------------------

i=0
status=
kills=0
while [ $i -lt 40 ]; do
    i=$((i + 1))
    resume= ev=start
    [ $i -gt 1 ] && resume=--resume ev=resumed
    "$BIN" run $resume --speed 400 --events "$T/run$i.jsonl" "$ROUTINE" </dev/null >/dev/null 2>"$T/run$i.err" &
    pid=$!
    if begun "$T/run$i.jsonl" $ev $pid; then
        sleep "$(random_delay)"
    elif running $pid; then
        fail "run $i did not show \"$ev\" within ${E2E_WAIT:-60} s"
    fi
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

# ---- at most the rep in progress lost at each kill ------------------------

base_of() { sed -n 's/.*"ev":"resumed".*"reps_done":\([0-9]*\).*/\1/p' "$1" | head -n 1; }
: >"$T/losses"
: >"$T/loss.bad"
j=1
while [ $j -lt $runs ]; do
    b=$(base_of "$T/run$j.jsonl")
    b=${b:-0}
    m=$(reps_of "$T/run$j.jsonl" | wc -l)
    n=$(base_of "$T/run$((j + 1)).jsonl")
    low=$((b + m - 2))
    [ $low -lt $b ] && low=$b
    if [ -z "$n" ] || [ "$n" -lt $low ] || [ "$n" -gt $((b + m)) ]; then
        echo "run $j: from $b, $m reps shown; run $((j + 1)) resumed with ${n:-no count}, not $low to $((b + m))" >>"$T/loss.bad"
    else
        echo $((b + m - n)) >>"$T/losses"
    fi
    j=$((j + 1))
done
if [ $runs -gt 1 ] && ! [ -s "$T/loss.bad" ]; then
    ok "each kill lost at most the rep in progress"
else
    fail "a kill lost more than the rep in progress" "$(cat "$T/loss.bad")"
fi
# Reps shown and not counted, per kill: 0 (a new exercise's start was
# recorded), 1 (the rep in progress), 2 (killed between a rep shown and
# its record).
echo "     (reps played again: $(sort -n "$T/losses" | uniq -c | awk '{ printf "%s%d after %d kill%s", sep, $2, $1, $1 == 1 ? "" : "s"; sep = ", " }'))"

# ---- every completed rep exactly once in the event streams ---------------

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
