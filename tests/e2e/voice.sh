#!/bin/sh
# tests/e2e/voice.sh -- --voice and --beep, with the speech command replaced
# by a script that records what would be said.
#
#   sh tests/e2e/voice.sh [path/to/routinec]
#
# What is said, in which order, on the virtual clock (the session's logic:
# no timing involved); that a missing speech program is reported while the
# session still runs.  Then the terminal host on the real clock, where the
# beeps ring (a bell needs a terminal, so only that host has them): a
# 11-second routine at --speed 4 (2.75 s), whose --timing-log says which
# beeps rang -- those of the last three seconds of each hold, none in the
# first second of a hold, in the get-ready or in a rest.
#
# Timing: a beep due while its hold runs is rung at the first wake-up at or
# after its time.  The only way to lose one is for the player to wake after
# the hold has ended: at --speed 4 the last beep of a hold has 1 s of
# session time, 250 ms real, to ring.  The beep schedule itself (which
# seconds) is voice_next_beep's, pinned in tests/unit/test_voice.c.

. "$(dirname "$0")/lib.sh"
e2e_setup voice "${1:-}"
DETAIL=$T/said

cat >"$T/v.rt" <<'RT'
routine "Voice test" {
    safety "Stop if you feel pain, and tell your therapist.";
    exercise "Cat stretch" stretch {
        cue "Arch your back.";
        hold 5s;
        repeat 1;
    }
    exercise "Bridge" strength {
        cue "Lift your hips.";
        hold 4s;
        repeat 2 each side;
        side "leg";
    }
}
RT
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"%s/said"\n' "$T" >"$T/say"
chmod +x "$T/say"

"$BIN" run --clock virtual --voice-command "$T/say" "$T/v.rt" >"$T/out" 2>"$T/err"
check "the session completes with a voice (exit 0)" test $? -eq 0
check "nothing on stderr" test ! -s "$T/err"
cat >"$T/expected" <<'SAID'
Cat stretch
1, last one. Next: Bridge
hold
Bridge
left leg
1
hold
relax
2
hold
relax
right leg
1
hold
relax
2, last one
hold
well done, the session is complete
SAID
check "the voice says the exercise, side, count, relax and what comes next, in order" \
    cmp -s "$T/expected" "$T/said"
[ $failed -gt 0 ] && diff "$T/expected" "$T/said" | sed 's/^/       | /'

# ROUTINEC_SPEECH_CMD does the same without the option.
rm -f "$T/said"
ROUTINEC_SPEECH_CMD="$T/say" "$BIN" run --clock virtual --voice "$T/v.rt" >/dev/null 2>&1
check "ROUTINEC_SPEECH_CMD replaces espeak-ng" cmp -s "$T/expected" "$T/said"

# A speech program that is not there: said clearly, and the session runs.
"$BIN" run --clock virtual --voice-command /nonexistent/espeak "$T/v.rt" >/dev/null 2>"$T/err"
check "a missing speech program does not stop the session" test $? -eq 0
DETAIL=$T/err
check "a missing speech program is reported" grep -q 'speech command "/nonexistent/espeak" was not found' "$T/err"
PATH=/nonexistent "$BIN" run --clock virtual --voice "$T/v.rt" >/dev/null 2>"$T/err"
check "without espeak-ng, --voice says it is not installed" grep -q "espeak-ng is not installed" "$T/err"

# ---- the terminal host: its voice and its beeps, on the real clock ------------

cat >"$T/b.rt" <<'RT'
routine "Beep test" {
    exercise "Wall sit" strength {
        get ready 1s;
        hold 4s;
        repeat 2;
    }
}
RT
rm -f "$T/said"
"$BIN" run --speed 4 --voice-command "$T/say" --beep --timing-log "$T/timing" --events "$T/b.jsonl" \
    "$T/b.rt" </dev/null >/dev/null 2>"$T/err"
DETAIL=$T/err
check "real clock: the session completes with a voice and beeps (exit 0)" test $? -eq 0
printf '%s\n' "Wall sit" 1 hold relax "2, last one" hold "well done, the session is complete" >"$T/expected"
DETAIL=$T/said
check "real clock: the terminal host says every phrase, in order" cmp -s "$T/expected" "$T/said"

# The beeps due: 3, 2 and 1 s before each hold ends, after its first second.
sed -n 's/^{"t":\([0-9]*\),"ev":"hold","ms":\([0-9]*\).*/\1 \2/p' "$T/b.jsonl" >"$T/holds"
awk '{ for (s = 3; s >= 1; s--) if ($1 + $2 - 1000 * s > $1) printf "%d ", $1 + $2 - 1000 * s }' "$T/holds" >"$T/due"
DETAIL=$T/due
check "real clock: the beeps due are those of the last 3 s of each hold" test "$(cat "$T/due")" = "2000 3000 4000 8000 9000 10000 "

# What rang, from the timing log ("beep MS PLANNED_NS WOKEN_NS -", "step
# MS ..." when the VM steps at MS).  A beep rings at the first wake-up at
# or after its time while its hold runs, so each hold's beeps are its due
# beeps, in order, each once, none early -- all of them unless the player
# woke only after the hold's end (a loaded machine): that late wake rings
# the first beep still pending, and the step ends the hold; the rest of
# its beeps are gone.  The log says when the player woke, so the check is
# exact whatever the lateness, which it prints.
beeps_rang_as_due() {
    awk 'FNR == NR { n++; from[n] = $1; to[n] = $1 + $2; next }
         $1 == "step" { end_ns[$2] = $3 }
         $1 != "shown" { late = ($4 - $3) / 1e6; if (late > latest) latest = late }
         $1 != "beep" { next }
         { h = 0; for (j = 1; j <= n; j++) if ($2 > from[j] && $2 < to[j]) h = j
           if (!h) { print "a beep at " $2 " ms, in no hold"; bad = 1; next }
           if ($4 < $3) { print "the beep at " $2 " ms rang early"; bad = 1 }
           rang[h] = rang[h] $2 " "; last_ns[h] = $4 }
         END {
           for (j = 1; j <= n; j++) {
               due = ""
               for (s = 3; s >= 1; s--) if (to[j] - 1000 * s > from[j]) due = due (to[j] - 1000 * s) " "
               if (rang[j] == due) continue
               if (rang[j] != "" && index(due, rang[j]) == 1 && last_ns[j] >= end_ns[to[j]]) {
                   print "hold " j ": rang " rang[j] "of " due "(the player woke after the hold had ended)"
                   continue
               }
               print "hold " j ": rang \"" rang[j] "\", due \"" due "\""; bad = 1
           }
           printf "latest wake-up: %.1f ms after its time\n", latest
           exit bad }' "$T/holds" "$T/timing" >"$T/beeps"
}
DETAIL=$T/beeps
check "real clock: each hold's beeps rang when due, in order, once, and no other" beeps_rang_as_due
sed 's/^/     (/; s/$/)/' "$T/beeps"

e2e_finish
