#!/bin/sh
# tests/e2e/voice.sh -- --voice and --beep, with the speech command replaced
# by a script that records what would be said.
#
#   sh tests/e2e/voice.sh [path/to/routinec]
#
# A 30-second routine at --speed 20 (1.5 s).  Checks the phrases, their
# order, that a missing speech program is reported while the session still
# runs, and (from --timing-log) that beeps come in the last three seconds
# of each hold.

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

"$BIN" run --speed 20 --voice-command "$T/say" --beep --timing-log "$T/timing" "$T/v.rt" \
    </dev/null >"$T/out" 2>"$T/err"
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

# The first hold runs from 5 s to 10 s: beeps at 7, 8 and 9 s, not before.
check "beeps at 7, 8 and 9 s in the first hold" \
    sh -c "test \$(grep -c '^beep \\(7000\\|8000\\|9000\\) ' '$T/timing') -eq 3"
check "no beep in the first 2 s of a hold" sh -c "! grep -q '^beep \\(5000\\|6000\\) ' '$T/timing'"

# ROUTINEC_SPEECH_CMD does the same without the option.
rm -f "$T/said"
ROUTINEC_SPEECH_CMD="$T/say" "$BIN" run --speed 20 --voice "$T/v.rt" </dev/null >/dev/null 2>&1
check "ROUTINEC_SPEECH_CMD replaces espeak-ng" grep -qx "Cat stretch" "$T/said"

# A speech program that is not there: said clearly, and the session runs.
"$BIN" run --speed 20 --voice-command /nonexistent/espeak "$T/v.rt" </dev/null >/dev/null 2>"$T/err"
check "a missing speech program does not stop the session" test $? -eq 0
check "a missing speech program is reported" grep -q 'speech command "/nonexistent/espeak" was not found' "$T/err"
PATH=/nonexistent "$BIN" run --speed 20 --voice "$T/v.rt" </dev/null >/dev/null 2>"$T/err"
check "without espeak-ng, --voice says it is not installed" grep -q "espeak-ng is not installed" "$T/err"

e2e_finish
