#!/bin/sh
# Hostile-input suite for the whole program: what routinec writes (never
# a device replaced, never an input overwritten, every output checked),
# what it reads (never blocks, never leaves the routine's directory) and
# what reaches the terminal (no control sequence from a routine).
#
#   sh tests/hostile/run.sh [path/to/routinec]
#
# Device nodes are made with mknod in a temporary directory when the suite
# runs as root: the system's /dev/null and /dev/full are only ever opened,
# never named as -o targets.  A user who may not mknod gets links to the
# system's devices instead: such a user cannot replace /dev/null, and a bug
# that replaced the link shows as a name that is no longer a device.
# Every command runs under `timeout`, so a blocking read fails the test
# instead of hanging the suite.
. "$(dirname "$0")/../e2e/lib.sh"
e2e_setup hostile "${1:-./build/routinec}"
TOP=$(pwd)
export NO_COLOR=1 LC_ALL=C.UTF-8
cd "$T" || exit 1
cp "$TOP"/routines/lowback*.rt .
mkdir -p lib

# expect WANT DESC CMD...: CMD exits with WANT (stdout, stderr in T/out, T/err).
expect() {
    want=$1 desc=$2
    shift 2
    timeout 20 "$@" >"$T/out" 2>"$T/err" </dev/null
    got=$?
    if [ "$got" = "$want" ]; then ok "$desc"
    else fail "$desc (exit $got, expected $want)" "$(head -c 2000 "$T/err")"; fi
}

# says TEXT DESC: the last command's stderr contains TEXT.
says() {
    if grep -q -- "$1" "$T/err"; then ok "$2"
    else fail "$2 (stderr lacks \"$1\")" "$(head -c 2000 "$T/err")"; fi
}

is_char_device() { [ -c "$1" ]; }

# make_device NAME MAJOR MINOR SYSTEM-DEVICE: a character device at NAME.
make_device() {
    if [ "$(id -u)" -eq 0 ]; then mknod "$1" c "$2" "$3"
    else ln -s "$4" "$1"; fi
}

# ---- 1: outputs onto things that are not regular files ------------------
make_device null 1 3 /dev/null && make_device full 1 7 /dev/full ||
    { fail "cannot make the test devices"; e2e_finish; exit; }
expect 0 "build -o onto a character device writes through it" "$BIN" build lowback.rt -o null
check "... and the device stays a device" is_char_device null
expect 3 "build -o onto a full device fails with exit 3" "$BIN" build lowback.rt -o full
says "No space left on device" "... and says why"
check "... and the device stays a device" is_char_device full
ln -s null link-to-null
expect 0 "build -o onto a link to a device writes through" "$BIN" build lowback.rt -o link-to-null
check "... the link stays a link" test -L link-to-null
check "... the device stays a device" is_char_device null
mkfifo fifo
expect 3 "build -o onto a FIFO nobody reads fails at once" "$BIN" build lowback.rt -o fifo
says "FIFO that no process is reading" "... and says why"
mkdir adir
expect 3 "build -o onto a directory is refused" "$BIN" build lowback.rt -o adir
ln -s nowhere dangling
expect 3 "build -o onto a dangling link is refused" "$BIN" build lowback.rt -o dangling
check "... and nothing is created" test ! -e nowhere
expect 0 "run --events onto a character device writes through" \
    "$BIN" run --clock virtual --events null lowback-stretch.rt
check "... the device stays a device" is_char_device null
expect 3 "run --events onto a full device fails with exit 3" \
    "$BIN" run --clock virtual --events full lowback-stretch.rt
echo old >kept.rtb
chmod 600 kept.rtb
expect 0 "build -o onto a regular file replaces it" "$BIN" build lowback.rt -o kept.rtb
check "... keeping its permissions" test "$(stat -c %a kept.rtb)" = 600
ln -s kept.rtb link-to-file
expect 0 "build -o through a link to a file writes the file" "$BIN" build lowback.rt -o link-to-file
check "... and the link stays a link" test -L link-to-file
check "no temporary file is left anywhere" test -z "$(ls -a | grep '\.tmp')"

# ---- 2: never over an input ----------------------------------------------
cp lowback.rt copy.rt
expect 3 "build r.rt -o r.rt is refused" "$BIN" build copy.rt -o copy.rt
says "input of this run" "... and says why"
check "... and the source is intact" cmp -s copy.rt lowback.rt
expect 3 "-o onto an included library is refused" "$BIN" build lowback.rt -o lowback-exercises.rt
check "... and the library is intact" cmp -s lowback-exercises.rt "$TOP/routines/lowback-exercises.rt"
ln -s copy.rt src-link
ln copy.rt src-hard
expect 3 "-o onto a symbolic link to the source is refused" "$BIN" build copy.rt -o src-link
expect 3 "-o onto a hard link to the source is refused" "$BIN" build copy.rt -o src-hard
check "... and the source is intact" cmp -s copy.rt lowback.rt
expect 3 "run --events onto the routine is refused" \
    "$BIN" run --clock virtual --events copy.rt copy.rt
check "... and the routine is intact" cmp -s copy.rt lowback.rt
"$BIN" build lowback.rt -o prog.rtb >/dev/null 2>&1
cp prog.rtb prog-copy.rtb
expect 3 "run --events onto the .rtb being run is refused" \
    "$BIN" run --clock virtual --events prog.rtb prog.rtb
check "... and the program is intact" cmp -s prog.rtb prog-copy.rtb

# ---- 2 and 3: never over the state, every output option the same way -----
# The history database, a hard link to it, a new name in the state
# directory (a -wal file SQLite would read), for --events, --timing-log,
# -o of build, handout, calendar and the report; --timing-log goes through
# the same writer as --events (one policy: the failure said, exit 3).
ST=$T/xdg/routinec
mkdir -p pics/pictures
cp "$TOP"/routines/pictures/*.svg pics/pictures/
cp lowback*.rt pics/
"$BIN" run --clock virtual --state-dir "$ST" lowback-stretch.rt >/dev/null 2>&1
cp "$ST/routinec.db" db-before
ln "$ST/routinec.db" db-hard
sqlite_wal_or_none() { # what is there is SQLite's (a read leaves its WAL), not ours
    test ! -s "$ST/routinec.db-wal" ||
        test "$(head -c 3 "$ST/routinec.db-wal" | od -An -tx1 | tr -d ' ')" = 377f06
}
onto_state() { # onto_state DESC CMD...: refused with 3, the database intact
    expect 3 "$@"
    if grep -q "input of this run\|directory of routinec's own records" "$T/err" &&
       cmp -s "$ST/routinec.db" db-before && sqlite_wal_or_none; then
        ok "... says why, and the history is intact"
    else fail "... says why, and the history is intact" "$(head -c 600 "$T/err")"; fi
}
onto_state "run --events onto the history database is refused" \
    "$BIN" run --clock virtual --state-dir "$ST" --events "$ST/routinec.db" lowback-stretch.rt
onto_state "run --events onto a hard link to it is refused" \
    "$BIN" run --clock virtual --state-dir "$ST" --events db-hard lowback-stretch.rt
onto_state "run --events onto a new name in the state directory is refused" \
    "$BIN" run --clock virtual --state-dir "$ST" --events "$ST/routinec.db-wal" lowback-stretch.rt
onto_state "... and so is the default state directory's" \
    env XDG_STATE_HOME="$T/xdg" "$BIN" run --clock virtual --events "$ST/routinec.db-wal" lowback-stretch.rt
onto_state "run --timing-log onto the history database is refused" \
    "$BIN" run --speed 10000 --plain --state-dir "$ST" --timing-log "$ST/routinec.db" lowback-stretch.rt
onto_state "build -o onto the history database is refused" \
    env XDG_STATE_HOME="$T/xdg" "$BIN" build lowback.rt -o "$ST/routinec.db"
onto_state "handout -o into the state directory is refused" \
    env XDG_STATE_HOME="$T/xdg" "$BIN" handout pics/lowback.rt -o "$ST/routinec.db-wal"
onto_state "calendar -o into the state directory is refused" \
    env XDG_STATE_HOME="$T/xdg" "$BIN" calendar --start 2026-01-05 lowback.rt -o "$ST/x.ics"
onto_state "history --report -o onto the database is refused" \
    "$BIN" history --report --state-dir "$ST" -o db-hard
cp copy.rt timed.rt
expect 3 "run --timing-log onto the routine is refused" \
    "$BIN" run --speed 10000 --plain --no-history --timing-log timed.rt timed.rt
check "... and the routine is intact" cmp -s timed.rt lowback.rt
expect 3 "run --timing-log onto the events file is refused" \
    "$BIN" run --speed 10000 --plain --no-history --events ev.jsonl --timing-log ev.jsonl lowback-stretch.rt
expect 0 "... while both onto a device is fine" \
    "$BIN" run --speed 10000 --plain --no-history --events null --timing-log null lowback-stretch.rt
expect 3 "run --timing-log onto a full device: exit 3" \
    "$BIN" run --speed 10000 --plain --no-history --timing-log full lowback-stretch.rt
says "timing log \"full\" failed: No space left on device" "... and says why"
cp pics/pictures/knee-to-chest.svg pic-before.svg
expect 3 "handout -o onto one of its pictures is refused" \
    "$BIN" handout pics/lowback.rt -o pics/pictures/knee-to-chest.svg
check "... and the picture is intact" cmp -s pics/pictures/knee-to-chest.svg pic-before.svg

# ---- 3 and 5: a real full disk, without root -------------------------------
# RLIMIT_FSIZE (ulimit -f, in blocks of 512 bytes in dash) with SIGXFSZ
# ignored makes every write past the limit fail with EFBIG, in the real
# file system, as a full disk does with ENOSPC: the same code paths.
limited() { # limited BLOCKS CMD...: CMD with files limited to BLOCKS
    blocks=$1
    shift
    sh -c 'trap "" XFSZ; ulimit -f "$0" && exec "$@"' "$blocks" "$@"
}
mkdir -p disk && cd disk && cp ../lowback*.rt . || exit 1
echo old >kept.rtb
limited 4 timeout 20 "$BIN" build lowback.rt -o kept.rtb >/dev/null 2>"$T/err" </dev/null
check "build -o on a full disk: exit 3" test $? -eq 3
says "cannot write \"kept.rtb\": File too large" "... and says why"
check "... the old file is kept" test "$(cat kept.rtb)" = old
check "... and no temporary file is left" test -z "$(ls -a | grep '\.tmp')"
# (standard output through a pipe: the limit is on files, and the plain
# lines are the patient's, not the record's)
{ limited 4 timeout 20 "$BIN" run --speed 10000 --plain --no-history --events ev.jsonl \
      lowback-stretch.rt 2>"$T/err" </dev/null; echo $? >"$T/rc"; } | cat >"$T/out"
check "run --events on a full disk (real clock): exit 3" test "$(cat "$T/rc")" -eq 3
says "writing events to \"ev.jsonl\" failed: File too large; the record of this session is incomplete" \
    "... and says the record is incomplete"
check "... while the session went on to its end for the patient" grep -q "Session complete" "$T/out"
limited 4 timeout 20 "$BIN" run --clock virtual --no-history --events ev.jsonl lowback-stretch.rt \
    >/dev/null 2>"$T/err" </dev/null
check "run --events on a full disk (virtual clock): exit 3" test $? -eq 3
# The history and the journal: the database (60 KB after one session)
# cannot grow.  What is recorded stays true: no "completed" that was not,
# and --resume never replays reps that were done.
"$BIN" run --clock virtual --state-dir st lowback-stretch.rt >/dev/null 2>&1
limited 128 timeout 20 "$BIN" run --speed 10000 --plain --state-dir st lowback-stretch.rt \
    2>"$T/err" </dev/null | cat >"$T/out"
check "a session on a full disk goes on to its end" grep -q "Session complete" "$T/out"
says "progress is no longer being saved" "... and says progress is no longer saved"
"$BIN" history --state-dir st >"$T/hist" 2>&1
check "... the history does not call it completed" sh -c "sed -n '/^#2/,\$p' '$T/hist' | grep -q 'could no longer be saved'"
"$BIN" run --resume --clock virtual --state-dir st lowback-stretch.rt >"$T/out" 2>"$T/err" </dev/null
check "... and --resume does not replay it: exit 1" test $? -eq 1
says "progress could no longer be saved" "... saying why"
cd .. || exit 1

# ---- 4: every command checks its standard output ------------------------
out_full() {
    desc=$1
    shift
    timeout 20 "$@" >/dev/full 2>"$T/err" </dev/null
    got=$?
    if [ "$got" = 3 ] && grep -q "No space left on device" "$T/err"; then ok "$desc"
    else fail "$desc (exit $got, expected 3 and a message)" "$(head -c 2000 "$T/err")"; fi
}
out_full "lint FILE >/dev/full exits 3" "$BIN" lint lowback.rt
out_full "lint --format json >/dev/full exits 3" "$BIN" lint --format json lowback.rt
out_full "lint --format sarif >/dev/full exits 3" "$BIN" lint --format sarif lowback.rt
out_full "lint --list >/dev/full exits 3" "$BIN" lint --list
out_full "--help >/dev/full exits 3" "$BIN" --help
out_full "--version >/dev/full exits 3" "$BIN" --version
out_full "plan >/dev/full exits 3" "$BIN" plan lowback.rt
out_full "plan --format json >/dev/full exits 3" "$BIN" plan --format json lowback.rt
out_full "disasm >/dev/full exits 3" "$BIN" disasm lowback.rt
out_full "verify >/dev/full exits 3" "$BIN" verify prog.rtb
out_full "run --clock virtual >/dev/full exits 3" "$BIN" run --clock virtual lowback-stretch.rt
out_full "history >/dev/full exits 3" "$BIN" history --state-dir "$T/state"

# ---- 11: no input blocks ---------------------------------------------------
mkfifo in.rt in.rtb policy.fifo
expect 3 "a FIFO as the routine is refused, not waited on" "$BIN" check in.rt
says "FIFO" "... and says it is a FIFO"
expect 3 "a FIFO named .rtb is refused" "$BIN" verify in.rtb
expect 3 "a FIFO as the program of run is refused" "$BIN" run --clock virtual in.rt
expect 3 "a character device as the routine is refused" "$BIN" check null
says "device" "... and says it is a device"
expect 3 "a directory as the routine is refused" "$BIN" check adir
printf 'include "fifo-lib.rt";\nroutine "R" { exercise "E" { repeat 2; } }\n' >inc-fifo.rt
mkfifo fifo-lib.rt
expect 1 "including a FIFO is an error, not a hang" "$BIN" check inc-fifo.rt
says "inc-fifo.rt:1:9" "... at the include's file:line:col"
printf 'include "null-lib.rt";\nroutine "R" { exercise "E" { repeat 2; } }\n' >inc-dev.rt
make_device null-lib.rt 1 3 /dev/null
expect 1 "including a device is an error" "$BIN" check inc-dev.rt
expect 2 "a FIFO as the lint policy is refused" "$BIN" lint --policy policy.fifo lowback.rt
says "FIFO" "... and says it is a FIFO"

# ---- 10: includes stay where the routine lives ---------------------------
mkdir -p conf/sub conf/lib outside
cp lowback-exercises.rt conf/lowback-exercises.rt
printf 'exercise "Secret" stretch { hold 5s; }\n' >outside/secret.rt
routine_with() { # routine_with FILE INCLUDE: a routine that includes INCLUDE
    printf 'include "%s";\nroutine "R" { exercise "E" { repeat 2; } }\n' "$2" >"$1"
}
refused() { # refused DESC FILE [OPTION...]: check exits 1, says so at 1:9, quotes nothing
    desc=$1 file=$2
    shift 2
    expect 1 "$desc" "$BIN" check "$@" "$file"
    if grep -q "^$file:1:9: error: .*\(outside the including file's directory\|absolute path\|directory, not a file\|not a regular file\|device\)" "$T/err" &&
       ! grep -q "Secret\|root:" "$T/err"; then ok "... refused at file:line:col, nothing quoted"
    else fail "... refused at file:line:col, nothing quoted" "$(head -c 1500 "$T/err")"; fi
}
routine_with conf/abs.rt /etc/passwd
refused "an absolute include is refused" conf/abs.rt
routine_with conf/up.rt ../../../../../../etc/passwd
refused "an include of ../../etc/passwd is refused" conf/up.rt
routine_with conf/up-missing.rt ../../../../../../etc/no-such-file
refused "... and so is one that does not exist (no probing)" conf/up-missing.rt
routine_with conf/sibling.rt ../outside/secret.rt
refused "an include of a sibling directory is refused" conf/sibling.rt
ln -s ../outside conf/out-link
routine_with conf/dir-link.rt out-link/secret.rt
refused "an include through a link to a directory outside is refused" conf/dir-link.rt
ln -s ../outside/secret.rt conf/file-link.rt
routine_with conf/file-link-user.rt file-link.rt
refused "an include of a link to a file outside is refused" conf/file-link-user.rt
routine_with conf/sub/up-one.rt ../lowback-exercises.rt
refused "a file below cannot include above the main file's directory" conf/sub/up-one.rt
routine_with conf/dir.rt sub
refused "an include of a directory is refused" conf/dir.rt
expect 1 "lint --format sarif of an escaping include is refused" "$BIN" lint --format sarif conf/up.rt
check "... and the SARIF names no file outside" sh -c "! grep -q 'etc/passwd\"' '$T/out' || ! grep -q '\"uri\":\"file:///etc' '$T/out'"
routine_with conf/inside.rt sub/../lowback-exercises.rt
expect 0 "an include that stays inside (sub/..) is followed" "$BIN" check --no-lint conf/inside.rt
cp conf/lowback-exercises.rt outside/shared.rt
routine_with conf/uses-shared.rt shared.rt
expect 1 "a library in another directory is not found without --include-dir" "$BIN" check conf/uses-shared.rt
expect 0 "... and is with --include-dir" "$BIN" check --no-lint --include-dir outside conf/uses-shared.rt
expect 0 "... and with -I" "$BIN" check --no-lint -I outside conf/uses-shared.rt
routine_with conf/up-shared.rt ../outside/shared.rt
expect 0 "... which also allows ../ into it" "$BIN" check --no-lint -I outside conf/up-shared.rt
expect 0 "lint follows --include-dir too" "$BIN" lint -I outside conf/uses-shared.rt
# A library is confined to its own directory too, not the main file's:
# conf/lib/chain.rt may not include ../secret-here.rt, though conf/ holds
# the routine.  Said at the library's own include.
printf 'exercise "Here" stretch { hold 5s; }\n' >conf/secret-here.rt
printf 'include "../secret-here.rt";\n' >conf/lib/chain.rt
routine_with conf/chain-user.rt lib/chain.rt
expect 1 "a library cannot include above its own directory" "$BIN" check conf/chain-user.rt
says "^conf/lib/chain.rt:1:9: error: .*outside the including file's directory" "... said at the library's include"
expect 0 "... unless that directory is given with -I" "$BIN" check --no-lint -I conf conf/chain-user.rt
printf 'include "../lowback-exercises.rt";\n' >outside/up-from-shared.rt
routine_with conf/uses-up.rt up-from-shared.rt
expect 1 "a library found through -I cannot leave that directory" "$BIN" check -I outside conf/uses-up.rt
# pictures are read like includes: confined, never blocking
printf '<svg xmlns="http://www.w3.org/2000/svg"><text>Secret</text></svg>\n' >outside/secret.svg
picture_routine() { # picture_routine FILE PICTURE
    printf 'routine "R" {\n  safety "Stop if it hurts.";\n  exercise "E" { cue "Lift."; picture "%s" "a"; repeat 2; hold 2s; }\n}\n' "$2" >"$1"
}
picture_routine conf/pic-up.rt ../outside/secret.svg
expect 1 "handout: a picture outside the routine's directory is refused" "$BIN" handout --force conf/pic-up.rt
says "outside the directory of the file that names it" "... and says why"
check "... and nothing of it is embedded" sh -c "! grep -q Secret '$T/out'"
picture_routine conf/pic-abs.rt "$T/outside/secret.svg"
expect 1 "handout: an absolute picture path is refused" "$BIN" handout --force conf/pic-abs.rt
printf 'include "lib/pics.rt";\nroutine "R" {\n  safety "Stop if it hurts.";\n  do "E";\n}\n' >conf/pic-lib.rt
cp outside/secret.svg conf/secret.svg
printf 'exercise "E" { cue "Lift."; picture "../secret.svg" "a"; repeat 2; hold 2s; }\n' >conf/lib/pics.rt
expect 1 "handout: a library's picture above the library's directory is refused" "$BIN" handout --force conf/pic-lib.rt
check "... and nothing of it is embedded" sh -c "! grep -q Secret '$T/out'"
mkfifo conf/pic.svg
picture_routine conf/pic-fifo.rt pic.svg
expect 1 "handout: a FIFO as a picture is refused, not waited on" "$BIN" handout --force conf/pic-fifo.rt
says "FIFO" "... and says it is a FIFO"
expect 0 "the shipped routines still build" "$BIN" build --force lowback.rt -o shipped.rtb

# ---- 12: no control sequence from a routine reaches the terminal --------
# ESC sequences (CSI clear screen, OSC title, BEL), a C1 CSI (U+009B), a
# bidi override (U+202E), DEL and backspace, in every kind of text.
esc=$(printf '\033')
printf 'routine "T\033[2J\302\2331m\342\200\256x" {\n  safety "Stop \033]0;pwned\007 now\177\010.";\n  note "N\033[31m";\n  section "S\033c" {\n    exercise "E\033[5m" { cue "C\342\201\246"; repeat 2; hold 1s; }\n  }\n}\n' >esc.rt
"$BIN" build --force esc.rt -o esc.rtb >/dev/null 2>&1
# clean FILE: no ESC, C1 CSI (c2 9b), bidi (e2 80 ae / e2 81 a6), DEL, BS, BEL.
clean() {
    ! od -An -tx1 -v "$1" | tr -s ' \n' '  ' |
        grep -Eq ' (1b|07|08|7f) |c2 9b|e2 80 ae|e2 81 a6'
}
shows() {
    desc=$1
    shift
    timeout 20 "$@" >"$T/out" 2>&1 </dev/null
    if clean "$T/out"; then ok "$desc"
    else fail "$desc: a control sequence reached the output" "$(od -c "$T/out" | head -20)"; fi
}
shows "run --plain shows texts safely" "$BIN" run --clock virtual --plain --force esc.rt
shows "run of the .rtb shows texts safely" "$BIN" run --clock virtual --plain esc.rtb
shows "plan shows texts safely" "$BIN" plan esc.rtb
shows "disasm shows texts safely" "$BIN" disasm esc.rtb
shows "disasm of the source shows its lines safely" "$BIN" disasm esc.rt
shows "check quotes source lines safely" "$BIN" check esc.rt
shows "lint (text) quotes source lines safely" "$BIN" lint esc.rt
printf 'routine "R" { exercise "E" { repeat 2 \033[2J oops; } }\n' >esc-error.rt
shows "a syntax error quotes its line safely" "$BIN" check esc-error.rt
printf 'include "\033[2Jlib.rt";\nroutine "R" { exercise "E" { repeat 2; } }\n' >esc-include.rt
shows "an include path in a message is shown safely" "$BIN" check esc-include.rt
"$BIN" run --speed 10000 --force --state-dir "$T/hstate" esc.rt </dev/null >/dev/null 2>&1
shows "history shows a recorded title safely" "$BIN" history --state-dir "$T/hstate"
check "... and has the session" grep -q "T?\[2J" "$T/out"
# A file name is recorded too: one with a newline, a CR and ESC in it.
evil=$(printf 'evil\n\r\033[2J')
cp esc.rt "$evil.rt"
"$BIN" run --speed 10000 --force --state-dir "$T/hstate" "$evil.rt" </dev/null >/dev/null 2>&1
printf 'routine "=1+2" { safety "Stop if it hurts."; exercise "E" { repeat 2; hold 1s; } }\n' >formula.rt
"$BIN" run --speed 10000 --force --state-dir "$T/hstate" formula.rt </dev/null >/dev/null 2>&1
shows "history shows a recorded file name safely" "$BIN" history --state-dir "$T/hstate"
shows "history --format csv has no control character" "$BIN" history --format csv --state-dir "$T/hstate"
check "... one line per session, whatever the texts hold" test "$(wc -l <"$T/out")" -eq 4
check "... and a CR only at each line's end" test "$(tr -cd '\r' <"$T/out" | wc -c)" -eq 4
check "... and a title that would be a formula starts with an apostrophe" grep -q "^3,\"'=1+2\"," "$T/out"
echo x >not-a-dir
expect 3 "history of a state directory it cannot look into is an error, not an empty history" \
    "$BIN" history --state-dir not-a-dir
says "Not a directory" "... and says why"
shows "a pain stop's safety text is shown safely" sh -c \
    "printf p | '$BIN' run --speed 10000 --plain --no-history --force esc.rt"
check "... and the safety text is there" grep -q "Stop ?]0;pwned? now" "$T/out"

# Every message that names a file or quotes one: a file name, a policy, a
# speech command can come from anyone too (a directory linted in CI).
escname=$(printf 'n\033[2J\007\302\233')
cp lowback-stretch.rt "$escname.rt"
"$BIN" build --force "$escname.rt" -o "$escname.rtb" >/dev/null 2>&1
shows "verify names its file safely" "$BIN" verify "$escname.rtb"
shows "a refused output is named safely" "$BIN" build lowback.rt -o "/nonexistent/$escname.rtb"
shows "an events file that cannot be opened is named safely" \
    "$BIN" run --clock virtual --events "/nonexistent/$escname" lowback-stretch.rt
shows "--resume with nothing to continue names the routine safely" \
    "$BIN" run --resume --clock virtual --state-dir "$T/rs" "$escname.rt"
printf 'RT101.max = \033[2J\n' >"$escname.policy"
shows "a bad lint policy is named and quoted safely" "$BIN" lint --policy "$escname.policy" lowback.rt
shows "a missing speech command is named safely" \
    "$BIN" run --speed 10000 --plain --no-history --voice-command "/nonexistent/$escname" lowback-stretch.rt
printf 'routine "R\033[2J" { safety "Stop \033]0;t\007."; exercise "E" { repeat 2; } }\n' >"$escname-fmt.rt"
shows "fmt --diff shows the routine's lines and its name safely" "$BIN" fmt --diff "$escname-fmt.rt"
check "... and still shows the diff" grep -q '^+routine "R?\[2J" {' "$T/out"
shows "fmt --check names the file safely" "$BIN" fmt --check "$escname-fmt.rt"
mkdir -p lintdir && cp "$escname.rt" esc.rt lintdir/
shows "lint of a directory names its files safely" "$BIN" lint lintdir

# ---- 13: diagnostics cost what the input costs ----------------------------
# Not timed (the machine may be loaded): the bytes written are counted.
# 12 500 `do "X";` on one 100 KB line printed the whole line per error
# (19 MB for a tenth of this); a 1 MB line of 100 syntax errors, 100 MB.
awk 'BEGIN { for (i = 0; i < 12500; i++) printf "do \"X\"; "; print "" }' >long.rt
awk 'BEGIN { for (i = 0; i < 100; i++) { for (j = 0; j < 10000; j++) printf "x"; printf " @ " } print "" }' >syntax.rt
bounded() { # bounded MAX DESC CMD...: CMD writes at most MAX bytes in all
    max=$1 desc=$2
    shift 2
    timeout 60 "$@" >"$T/out" 2>&1 </dev/null
    n=$(wc -c <"$T/out")
    if [ "$n" -le "$max" ]; then ok "$desc ($n bytes)"
    else fail "$desc: $n bytes, more than $max" "$(head -c 600 "$T/out")"; fi
}
bounded 40000 "check of 12 500 errors on one line writes a bounded report" "$BIN" check long.rt
check "... and says it stopped" grep -q "too many errors and warnings; stopping after the first 100" "$T/out"
bounded 40000 "100 syntax errors on a 1 MB line: a window of the line each" "$BIN" check syntax.rt
bounded 60000 "lint of 12 500 errors writes a bounded report" "$BIN" lint long.rt
bounded 200000 "lint --format sarif of 12 500 errors is bounded" "$BIN" lint --format sarif long.rt

# ---- 14: what a program can make routinec write is capped ------------------
# Within every verifier bound (about 19 000 steps, 120 MB of texts shown):
# two exercises with 50 000-byte names and 10 000-byte cues in a 1000-round
# circuit, all control characters, escaped six times over in JSON: 720 MB
# of events, 120 MB of plain lines, 600 MB of JSON plan before the cap.
awk 'BEGIN { t = "\001"; while (length(t) < 50000) t = t t
             c = substr(t, 1, 10000); t = substr(t, 1, 49999)
             printf "exercise \"A%s\" { cue \"%s\"; repeat 1; }\n", t, c
             printf "exercise \"B%s\" { cue \"%s\"; repeat 1; }\n", t, c
             printf "routine \"R\" { safety \"Stop.\"; circuit 1000 rounds { do \"A%s\"; do \"B%s\"; } }\n", t, t }' >amp.rt
"$BIN" build --force amp.rt -o amp.rtb >/dev/null 2>&1
capped() { # capped DESC CMD...: CMD writes at most 64 MiB to stdout, exits 3, says why
    desc=$1
    shift
    # The bound only catches a hang: 64 MiB under a sanitizer on a loaded
    # machine took more than 120 s (exit 124), so it is generous.
    n=$( { timeout 600 "$@" 2>"$T/err" </dev/null; echo $? >"$T/rc"; } | wc -c)
    if [ "$(cat "$T/rc")" = 3 ] && [ "$n" -le 67108864 ] && [ "$n" -gt 60000000 ] &&
       grep -q "limit of 64 MiB" "$T/err"; then ok "$desc ($n bytes)"
    else fail "$desc (exit $(cat "$T/rc"), $n bytes)" "$(head -c 600 "$T/err")"; fi
}
capped "run --events - of a program near the bounds stops at 64 MiB" \
    "$BIN" run --clock virtual --events - amp.rtb
capped "run --plain of it stops at 64 MiB" "$BIN" run --clock virtual --plain amp.rtb
capped "plan --format json of it stops at 64 MiB" "$BIN" plan --format json amp.rtb

cd "$TOP" || exit 1
e2e_finish
