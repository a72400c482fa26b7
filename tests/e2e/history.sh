#!/bin/sh
# tests/e2e/history.sh -- the history a session leaves, the pain rating and
# difficulty answered with single keys, --resume refusals, and a state
# directory that cannot be written.
#
#   sh tests/e2e/history.sh [path/to/routinec]

. "$(dirname "$0")/lib.sh"
e2e_setup history "${1:-}"
DETAIL=$T/last

cat >"$T/r.rt" <<'RT'
routine "History test" {
    safety "Stop if you feel pain, and tell your therapist.";
    exercise "Cat stretch" stretch {
        cue "Arch your back.";
        hold 5s;
        repeat 2;
    }
    exercise "Bridge" strength {
        cue "Lift your hips.";
        hold 4s;
        repeat 3;
    }
}
RT

# ---- a pain stop with a rating ---------------------------------------------
# The session's logic on the virtual clock, with keys at exact session times:
# p at 15 s (3 s into the second hold of Cat stretch), then 7 for the rating.
# Recorded into the default state directory, as a session on the real clock.

ST=$XDG_STATE_HOME/routinec
"$BIN" run --clock virtual --state-dir "$ST" --keys "15s:p, 15s:7" --events "$T/pain.jsonl" "$T/r.rt" >"$T/pain.out" 2>&1
status=$?
cp "$T/pain.out" "$T/last"
check "p then 7: exit status 5" test $status -eq 5
DETAIL=$T/pain.jsonl
check "the pain stop comes at the moment of the key, in Cat stretch's second rep" \
    sh -c "tail -n 4 '$T/pain.jsonl' | head -n 2 | tr -d '\n' | grep -q '^{\"t\":12000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}{\"t\":15000,\"ev\":\"pain\",\"exercise\":\"Cat stretch\"}\$'"
check "the end is written when the session ends, before the question" \
    sh -c "tail -n 2 '$T/pain.jsonl' | head -n 1 | grep -q '^{\"t\":15000,\"ev\":\"end\",\"completed\":false}\$'"
check "the pain rating 7 follows the end" \
    sh -c "tail -n 1 '$T/pain.jsonl' | grep -q '\"ev\":\"pain_rating\",\"rating\":7'"
DETAIL=$T/last
check "the pain stop says why, then the safety note" \
    sh -c "grep -A 1 '^The session was stopped because of pain' '$T/pain.out' | grep -q '^Safety: Stop if you feel pain'"
"$BIN" history --format json "$T/r.rt" >"$T/last"
check "the history has the pain stop, its exercise, time and rating" \
    grep -q '"duration_ms":15000,"status":"pain".*"pain_rating":7.*"pain_stops":\[{"t":15000,"exercise":"Cat stretch","rating":7}\]' "$T/last"
check "the history counts the rep done and the hold time up to the stop" \
    grep -q '"exercises":\[{"seq":1,"name":"Cat stretch","section":"","outcome":"stopped","reps_done":1,"reps_planned":2,"reps_min":2,"hold_ms_done":8000,' "$T/last"

# The terminal host reads the same keys from a pipe: there, keys already
# waiting when the session starts are pressed at once (p, in the get-ready
# of Cat stretch), and what follows the end answers the question.  The pipe
# holds both keys before the session reads, and at real speed the get-ready
# lasts 5 s: only a first read more than 5 s late could land elsewhere.
printf 'p7' | "$BIN" run --no-history --events "$T/pipe.jsonl" "$T/r.rt" >"$T/last" 2>&1
check "piped p7: exit status 5" test $? -eq 5
DETAIL=$T/pipe.jsonl
check "piped p7: the pain stop, in Cat stretch's get-ready" \
    sh -c "sed 's/^{\"t\":[0-9]*,//' '$T/pipe.jsonl' | tr -d '\n' | grep -q '\"ev\":\"get_ready\",\"ms\":5000}\"ev\":\"pain\",\"exercise\":\"Cat stretch\"}\"ev\":\"end\",\"completed\":false}\"ev\":\"pain_rating\",\"rating\":7}\$'"
DETAIL=$T/last

# ---- a completed session with its difficulty -------------------------------

"$BIN" run --speed 50 --events "$T/done.jsonl" "$T/r.rt" </dev/null >/dev/null 2>&1
check "a completed session exits 0" test $? -eq 0
check "with no input left, the difficulty question is skipped" \
    sh -c "tail -n 1 '$T/done.jsonl' | grep -q '\"ev\":\"end\"'"
# Keys left after the end answer the question: 2 is "right".
"$BIN" run --clock virtual --state-dir "$ST" --keys "1h:2" --events "$T/done2.jsonl" "$T/r.rt" >/dev/null 2>&1
check "a 2 after the end: exit 0" test $? -eq 0
cp "$T/done2.jsonl" "$T/last"
check "the events carry the end, then difficulty right" \
    sh -c "tail -n 2 '$T/done2.jsonl' | head -n 1 | grep -q '\"ev\":\"end\",\"completed\":true' &&
           tail -n 1 '$T/done2.jsonl' | grep -q '\"ev\":\"difficulty\",\"value\":\"right\"'"
"$BIN" history --format csv >"$T/csv"
check "CSV has a header and one line per session" test "$(wc -l <"$T/csv")" -eq 4
check "CSV has the completed session's counts" grep -q '"completed",0,2,0,5,5,,""' "$T/csv"
check "CSV has the difficulty" grep -q '"completed",0,2,0,5,5,,"right"' "$T/csv"
"$BIN" history >"$T/last"
check "text history: one entry per session" test "$(grep -c '^#' "$T/last")" -eq 3
check "text history: the pain stop, in words" grep -q 'pain stop at .* during "Cat stretch", pain 7 of 10' "$T/last"

# ---- --resume refusals ----------------------------------------------------

"$BIN" run --resume --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume after a completed session: exit 1" test $? -eq 1
check "--resume says there is nothing to continue" grep -q "nothing to continue" "$T/last"
"$BIN" run --clock virtual --state-dir "$ST" --keys 15s:quit "$T/r.rt" >/dev/null 2>&1
check "a quit session: exit 4" test $? -eq 4
sed -i 's/repeat 3;/repeat 4;/' "$T/r.rt"
"$BIN" run --resume --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume of a changed routine: exit 1" test $? -eq 1
check "--resume of a changed routine explains why" grep -q "this routine was changed since the session was saved" "$T/last"
"$BIN" run --resume --level x "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume with a selection is a usage error" test $? -eq 2

# ---- damaged journals are input: exit 1, before any of it is used ----------
# (issue 13, 7 and 8: a saved time near INT64_MAX hung the session; a
# snapshot without its loop frames passed and ended the session early;
# an unreadable one exited 3.)

DB=${XDG_STATE_HOME}/routinec/routinec.db
# Quit at 30 s, during Bridge's reps: a snapshot with one loop frame.
"$BIN" run --clock virtual --keys 30s:quit --state-dir "$XDG_STATE_HOME/routinec" "$T/r.rt" >/dev/null 2>&1
last_session() { sqlite3 "$DB" 'SELECT max(session) FROM journal'; }
check "a quit session leaves a journal with a snapshot" \
    test "$(sqlite3 "$DB" "SELECT length(snapshot) > 0 FROM journal WHERE session = $(last_session)")" = 1
sqlite3 "$DB" "UPDATE journal SET snapshot = CAST(substr(snapshot, 1, 8) || x'00ffffffffffff1f' || substr(snapshot, 17) AS BLOB) WHERE session = $(last_session)"
timeout 20 "$BIN" run --resume --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume of a journal saved near INT64_MAX/4: exit 1" test $? -eq 1
check "--resume of a journal saved near INT64_MAX/4 says the time is out of range" grep -q "session time is out of range" "$T/last"
"$BIN" run --clock virtual --keys 30s:quit --state-dir "$XDG_STATE_HOME/routinec" "$T/r.rt" >/dev/null 2>&1
sqlite3 "$DB" "UPDATE journal SET snapshot = CAST(substr(snapshot, 1, 16) || x'00000000' || substr(snapshot, 21 + 12 * 1) AS BLOB) WHERE session = $(last_session)"
"$BIN" run --resume --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume of a journal without its loop frame: exit 1" test $? -eq 1
check "--resume of a journal without its loop frame says what does not fit" grep -q "repetition counters do not fit" "$T/last"
sqlite3 "$DB" "UPDATE journal SET snapshot = x'5243533100' WHERE session = $(last_session)"
"$BIN" run --resume --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--resume of an unreadable journal: exit 1" test $? -eq 1
check "--resume of an unreadable journal says it is damaged" grep -q "is damaged and cannot be continued" "$T/last"

# ---- the history of a read-only copy (issue 13, 9) ----------------------------
# A backup or a mounted image: nothing in it may be created or changed.  As
# root (who may write anything) the copy is read as user nobody.

RO=$(mktemp -d "${TMPDIR:-/tmp}/routinec-ro.XXXXXX")
cp -r "$XDG_STATE_HOME/routinec" "$RO/state"
rm -f "$RO/state/routinec.db-wal" "$RO/state/routinec.db-shm"
chmod -R a-w "$RO/state"
chmod a+rx "$RO" "$RO/state"
chmod a+r "$RO/state"/*
as_reader() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
cp "$BIN" "$RO/routinec" && chmod a+rx "$RO/routinec"
as_reader "$RO/routinec" history --state-dir "$RO/state" >"$T/ro.out" 2>"$T/last"
check "history of a read-only copy: exit 0" test $? -eq 0
check "history of a read-only copy lists its sessions" test "$(grep -c '^#' "$T/ro.out")" -ge 5
check "history of a read-only copy creates nothing in it" test "$(ls "$RO/state" | wc -l)" -eq "$(ls "$XDG_STATE_HOME/routinec" | grep -vc -e '-wal$' -e '-shm$')"
chmod -R u+w "$RO"
rm -rf "$RO"

# ---- a state directory that cannot be written -------------------------------

: >"$T/a-file"
XDG_STATE_HOME=$T/a-file "$BIN" run --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "an unusable state directory: the session still completes" test $? -eq 0
check "an unusable state directory: a clear warning" grep -q "warning: progress will not be saved: cannot create the state directory" "$T/last"
"$BIN" run --no-history --speed 50 "$T/r.rt" </dev/null >/dev/null 2>"$T/last"
check "--no-history records nothing" test "$("$BIN" history --format csv | wc -l)" -eq 7

# ---- this week against the schedule (issue 9, frequency) -------------------

cat >"$T/w.rt" <<'EOF_W'
routine "Weekly" {
    safety "Stop if it hurts.";
    schedule 3 times a week;
    exercise "Ankle pumps" warmup { cue "Point and flex your feet."; repeat 1; }
}
EOF_W
W=$T/week-state
"$BIN" run --clock virtual --state-dir "$W" "$T/w.rt" >/dev/null 2>&1
"$BIN" run --clock virtual --state-dir "$W" "$T/w.rt" >/dev/null 2>&1
"$BIN" history --state-dir "$W" "$T/w.rt" >"$T/week"
check "history says how many sessions are still to do this week" \
    grep -q "This week (since Monday): 2 sessions; the schedule (3 times a week) asks for 3 a week: not met yet, 1 to go." "$T/week"
"$BIN" run --clock virtual --state-dir "$W" "$T/w.rt" >/dev/null 2>&1
"$BIN" history --state-dir "$W" "$T/w.rt" >"$T/week"
check "history says when this week's sessions met the schedule" grep -q "asks for 3 a week: met." "$T/week"

# ---- self-tests: each test's result per session, against its ceiling --------
cat >"$T/st.rt" <<'EOF_ST'
routine "Balance check" {
    safety "Stop if it hurts.";
    test "Single-leg stance" {
        hold as long as you can, up to 30s;
        cue "Lift one foot.";
        stop if "you put your foot down";
    }
    exercise "Ankle pumps" warmup { cue "Point and flex your feet."; repeat 1; }
}
EOF_ST
S=$T/selftest-state
"$BIN" run --clock virtual --state-dir "$S" --keys 12s:done "$T/st.rt" >/dev/null 2>&1
"$BIN" run --clock virtual --state-dir "$S" --keys 25s:done "$T/st.rt" >/dev/null 2>&1
"$BIN" run --clock virtual --state-dir "$S" "$T/st.rt" >/dev/null 2>&1
"$BIN" history --state-dir "$S" "$T/st.rt" >"$T/tests"
check "history has a Self-tests section" grep -qx "Self-tests" "$T/tests"
check "self-test results in session order, against the ceiling" \
    test "$(sed -n '/^Self-tests$/,$p' "$T/tests" | sed 's/^ *[0-9-]* [0-9:]*  //' | tr '\n' '|')" = \
    "Self-tests|  Single-leg stance|held 7s (ceiling 30s)|held 20s (ceiling 30s)|held 30s (ceiling 30s)|"
check "an ordinary exercise is not a self-test" sh -c "! sed -n '/^Self-tests$/,\$p' '$T/tests' | grep -q 'Ankle pumps'"
"$BIN" history --state-dir "$S" --format json "$T/st.rt" >"$T/tests.json"
check "JSON history marks a self-test's results" \
    test "$(grep -o '"name":"Single-leg stance"[^}]*"hold_ms_done":[0-9]*,[^}]*"test":true' "$T/tests.json" | grep -o '"hold_ms_done":[0-9]*' | tr '\n' ' ')" = \
    '"hold_ms_done":7000 "hold_ms_done":20000 "hold_ms_done":30000 '
check "JSON history: an ordinary exercise is no self-test" sh -c "! grep -q 'Ankle pumps[^}]*\"test\"' '$T/tests.json'"
"$BIN" history --state-dir "$S" "$T/r.rt" >"$T/notests" 2>&1
check "a routine without tests has no Self-tests section" sh -c "! grep -q Self-tests '$T/notests'"

# ---- a range's reps: the history counts what the range event says was done --
# Enter while a rep plays ends the range without it; Enter in the rest after
# a rep ends it with that rep (issue 9: the history counted one too many).
cat >"$T/cmp.rt" <<'EOF_CMP'
routine "Counted" {
    safety "Stop if it hurts.";
    test "Sit to stand" {
        repeat as many as you can, up to 20;
        tempo 3s;
        stop if "you need your hands to stand";
    }
    exercise "Mini squat" strength { repeat 8 to 12; tempo 2s; rest 2s between reps; }
    exercise "Heel raise" strength { repeat up to 10; tempo 1s; }
}
EOF_CMP
C=$T/counted-state
"$BIN" run --clock virtual --state-dir "$C" --keys "16s:done, 51s:done" --events "$T/cmp.jsonl" "$T/cmp.rt" >/dev/null 2>&1
"$BIN" history --state-dir "$C" --format json "$T/cmp.rt" >"$T/cmp.json"
grep '"ev":"range"' "$T/cmp.jsonl" | sed 's/.*"done":\([0-9]*\).*/\1/' | tr '\n' ' ' >"$T/cmp.events"
grep -o '"outcome":"[a-z]*","reps_done":[0-9]*' "$T/cmp.json" | sed 's/.*"reps_done":\([0-9]*\)/\1/' | tr '\n' ' ' >"$T/cmp.history"
check "the scripted session's ranges ended at 3, 8 and 10 reps" test "$(cat "$T/cmp.events")" = "3 8 10 "
check "the history records per exercise what each range event says was done" \
    test "$(cat "$T/cmp.history")" = "$(cat "$T/cmp.events")"
check "the events mark the self-test" grep -q '"ev":"exercise","name":"Sit to stand","section":"","kind":"test","test":true' "$T/cmp.jsonl"
# `each side alternating`: the range counts each side, the history every
# rep; Enter in a pair's second rep lets it finish, so the two agree (x2).
cat >"$T/alt.rt" <<'EOF_ALT'
routine "Alternating" {
    safety "Stop if it hurts.";
    exercise "March" strength { repeat 2 to 4 each side alternating; tempo 2s; }
}
EOF_ALT
"$BIN" run --clock virtual --state-dir "$T/alt-state" --keys "16s:done" --events "$T/alt.jsonl" "$T/alt.rt" >/dev/null 2>&1
"$BIN" history --state-dir "$T/alt-state" --format json "$T/alt.rt" >"$T/alt.json"
check "alternating: Enter in a pair's second rep ends the range after the pair (3 a side)" \
    grep -q '"ev":"range","of":"reps","done":3,"min":2,"max":4,"early":true' "$T/alt.jsonl"
check "alternating: the history records both sides' reps, twice the range's done" \
    grep -q '"outcome":"completed","reps_done":6' "$T/alt.json"

# ---- `build up to` steps moved by the rules; --step for one run (issue 9) ----
cat >"$T/build.rt" <<'EOF_BUILD'
routine "Build" {
    safety "Stop if it hurts.";
    advance after 2 sessions;
    exercise "Wall push" strength { cue "Push away from the wall."; repeat 2; build up to 4 times by 1; tempo 2s; }
}
EOF_BUILD
BS=$T/build-state
"$BIN" run --clock virtual --state-dir "$BS" "$T/build.rt" >/dev/null 2>&1
"$BIN" run --clock virtual --state-dir "$BS" --keys "1h:2, 1h:y" --events "$T/b2.jsonl" "$T/build.rt" >/dev/null 2>&1
DETAIL=$T/b2.jsonl
check "steps: the second session proposes step 2, and y moves there" \
    grep -q '"ev":"stage_choice","rule":"advance","from":null,"to":null,"accepted":true,"from_step":1,"to_step":2' "$T/b2.jsonl"
"$BIN" run --clock virtual --state-dir "$BS" --step 3 --events "$T/b4.jsonl" "$T/build.rt" >/dev/null 2>"$T/last"
DETAIL=$T/last
check "steps: --step 3 says it plays another step for this run" \
    grep -q 'playing step 3 as asked; your programme stays at step 2' "$T/last"
check "steps: --step 3 plays 4 reps" grep -q '"ev":"rep","n":1,"of":4' "$T/b4.jsonl"
check "steps: --step 3 proposes nothing" sh -c "! grep -q proposal '$T/b4.jsonl'"
"$BIN" run --clock virtual --state-dir "$BS" --events "$T/b3.jsonl" "$T/build.rt" >/dev/null 2>&1
DETAIL=$T/b3.jsonl
check "steps: the next run plays the remembered step 2 (3 reps)" grep -q '"ev":"rep","n":1,"of":3' "$T/b3.jsonl"
check "steps: the --step 3 session did not count: the first session of step 2 proposes nothing" \
    sh -c "! grep -q proposal '$T/b3.jsonl'"
"$BIN" run --clock virtual --state-dir "$BS" --events "$T/b5.jsonl" "$T/build.rt" >/dev/null 2>&1
DETAIL=$T/b5.jsonl
check "steps: the second session of step 2 proposes step 3" \
    grep -q '"ev":"proposal","rule":"advance","from":null,"to":null,"from_step":2,"to_step":3' "$T/b5.jsonl"
"$BIN" history --state-dir "$BS" "$T/build.rt" >"$T/last"
DETAIL=$T/last
check "steps: history lists the steps and where the patient is" \
    sh -c "grep -q '^Steps of this programme:' '$T/last' && grep -q 'moved on to step 2$' '$T/last' && grep -q '^Now at step 2.' '$T/last'"
DETAIL=$T/last

# ---- a resumed session says the side's role from its first rep (issue 9) ----
cat >"$T/role.rt" <<'EOF_ROLE'
routine "Role resume" {
    exercise "Straight leg raise" strength {
        repeat 3 operated leg only;
        hold 2s;
    }
}
EOF_ROLE
R=$T/role-state
"$BIN" run --clock virtual --state-dir "$R" --affected left --keys 9s:quit "$T/role.rt" >/dev/null 2>&1
"$BIN" run --clock virtual --state-dir "$R" --resume --events "$T/role.jsonl" "$T/role.rt" >/dev/null 2>"$T/last"
check "--resume --clock virtual of a side by its role: exit 0" test $? -eq 0
DETAIL=$T/role.jsonl
check "the resumed session's first rep carries the role and the side" \
    grep -q '"ev":"rep","n":2,"of":3,"side":"left","label":"operated leg","role":"affected"' "$T/role.jsonl"
check "every rep of the resumed session carries the role" \
    test "$(grep '"ev":"rep"' "$T/role.jsonl" | grep -c '"role":"affected"')" -eq 2
DETAIL=$T/last

# ---- handout --affected: the side said, never the side remembered ---------
"$BIN" run --clock virtual --state-dir "$ST" --affected right "$T/role.rt" >/dev/null 2>&1
check "run --affected right remembered the side" sh -c "\"$BIN\" run --clock virtual --state-dir '$ST' --events - '$T/role.rt' 2>/dev/null | grep -q '\"side\":\"right\",\"from\":\"remembered\"'"
"$BIN" handout --weeks 0 "$T/role.rt" >"$T/last" 2>&1
check "handout without --affected prints the role, not the remembered side" grep -q "with your operated leg only" "$T/last"
"$BIN" handout --weeks 0 --affected left "$T/role.rt" >"$T/last" 2>&1
check "handout --affected left prints the patient's side" grep -q "with your left leg only" "$T/last"

e2e_finish
