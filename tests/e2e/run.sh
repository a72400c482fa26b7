#!/bin/sh
# tests/e2e/run.sh -- `routinec run` on a real terminal, end to end.
#
#   sh tests/e2e/run.sh [path/to/routinec]
#
# Plays tests/e2e/session.rt at --speed 20 in a detached tmux session of a
# fixed size, presses keys with `send-keys`, reads the screen with
# `capture-pane -p`, and checks the JSON event stream, the exit status and
# that the terminal settings (`stty -g`) come back exactly as they were.
# Every wait is bounded and polls; nothing sleeps for long.  Skips (exit 0)
# when tmux is not installed.

BIN=${1:-./build/routinec}
if ! command -v tmux >/dev/null 2>&1; then
    echo "e2e: tmux is not installed; skipping the end-to-end tests"
    exit 0
fi
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "e2e: no executable at $BIN" >&2
    exit 1
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROUTINE=$HERE/session.rt
T=$(mktemp -d "${TMPDIR:-/tmp}/routinec-e2e.XXXXXX") || exit 1
# Sessions record their history: keep it out of the user's state directory.
XDG_STATE_HOME=$T/state
export XDG_STATE_HOME
SOCKET=
unset LINES COLUMNS

# Each run gets its own tmux server, so one that is still shutting down
# never meets the next.
tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }
stop_server() { if [ -n "$SOCKET" ]; then tm kill-server >/dev/null 2>&1; fi; }
cleanup() { stop_server; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    if [ -n "$2" ]; then printf '%s\n' "$2" | sed 's/^/       | /'; fi
}
# check DESCRIPTION COMMAND...: one test, passing when COMMAND succeeds.
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else fail "$desc" "$(screen)"; fi
}

# wait_for SECONDS COMMAND...: poll every 0.1 s until COMMAND succeeds.
wait_for() {
    limit=$(($1 * 10))
    shift
    i=0
    while [ $i -lt $limit ]; do
        "$@" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

screen() { tm capture-pane -p -t e2e 2>/dev/null; }
screen_has() { screen | grep -q -- "$1"; }
screen_lacks() { ! screen_has "$1"; }
screen_line_has() { screen | sed -n "$1p" | grep -q -- "$2"; }
events_have() { grep -q -- "$2" "$T/$1.jsonl" 2>/dev/null; }
exited() { [ -s "$T/$1.status" ]; }
status_is() { [ "$(cat "$T/$1.status" 2>/dev/null)" = "$2" ]; }
stopped() { ps -o stat= -p "$1" 2>/dev/null | grep -q T; }
not_stopped() { ! stopped "$1"; }
same_stty() { [ -s "$T/$1.stty-before" ] && cmp -s "$T/$1.stty-before" "$T/$1.stty-after"; }
last_event_is() { tail -n 1 "$T/$1.jsonl" | grep -q -- "$2"; }
second_last_event_is() { tail -n 2 "$T/$1.jsonl" | head -n 1 | grep -q -- "$2"; }

# start NAME [OPTION]: play the routine in a fresh 80x24 tmux session.  The pane
# runs a wrapper that records the terminal settings before and after, the
# player's pid (the inner shell execs it) and its exit status.
start() {
    cat >"$T/$1.sh" <<EOF
stty -g >"$T/$1.stty-before"
sh -c 'echo \$\$ >"\$1"; exec "\$2" run --speed 20 --events "\$3" \$5 "\$4"' sh \
    "$T/$1.pid" "$BIN" "$T/$1.jsonl" "$ROUTINE" "${2:-}" 2>"$T/$1.stderr"
echo \$? >"$T/$1.status"
stty -g >"$T/$1.stty-after"
sleep 30
EOF
    stop_server
    SOCKET=routinec-e2e-$$-$1
    tm new-session -d -s e2e -x 80 -y 24 \
        "env -u LINES -u COLUMNS TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 sh '$T/$1.sh'"
}

keys() { tm send-keys -t e2e "$@"; }

# ---- 1. keys: pause, resume, help, resize, next, back, quit -----------------

start keys
check "the screen shows the exercise name" wait_for 10 screen_has "Knee to chest"
check "the screen shows the rep and side" wait_for 10 screen_has "Rep 1 of 10.*left knee"
check "the help line is at the bottom" screen_line_has 24 "space pause"
keys Space
check "space pauses: PAUSED is shown" wait_for 5 screen_has "PAUSED"
keys Space
check "space again resumes: PAUSED is gone" wait_for 5 screen_lacks "PAUSED"
keys '?'
check "? shows the help overlay" wait_for 5 screen_has "pain: stop the session now"
keys '?'
check "? again hides it" wait_for 5 screen_lacks "pain: stop the session now"
tm resize-window -t e2e -x 100 -y 30
check "a resize redraws for the new size" wait_for 5 screen_line_has 30 "space pause"
keys n
check "n skips to the next exercise" wait_for 5 screen_line_has 3 "Both knees to chest"
keys b
check "b starts the exercise again" wait_for 5 events_have keys '"ev":"back"'
keys q
check "q ends the session" wait_for 5 exited keys
check "quit exits with status 4" status_is keys 4
for ev in pause resume skip back quit; do
    check "the events include $ev" events_have keys "\"ev\":\"$ev\""
done
check "the events end with quit, then end completed:false" \
    sh -c "tail -n 2 '$T/keys.jsonl' | head -n 1 | grep -q '\"ev\":\"quit\"' &&
           tail -n 1 '$T/keys.jsonl' | grep -q '\"completed\":false'"
check "the terminal settings are restored after quit" wait_for 5 same_stty keys

# ---- 2. Ctrl-Z (SIGTSTP) and SIGCONT, then SIGTERM in the middle of a hold --

start term
check "the hold starts" wait_for 10 events_have term '"ev":"hold"'
pid=$(cat "$T/term.pid" 2>/dev/null)
kill -TSTP "$pid" 2>/dev/null
check "SIGTSTP stops the player" wait_for 5 stopped "$pid"
check "SIGTSTP gives the terminal back" wait_for 5 screen_lacks "space pause"
check "SIGTSTP pauses the session" events_have term '"ev":"pause"'
kill -CONT "$pid" 2>/dev/null
check "SIGCONT continues the player" wait_for 5 not_stopped "$pid"
check "SIGCONT redraws the screen" wait_for 5 screen_has "space pause"
check "SIGCONT resumes the session" wait_for 5 events_have term '"ev":"resume"'
check "the session is not paused after SIGCONT" screen_lacks "PAUSED"
kill -TERM "$pid" 2>/dev/null
check "SIGTERM ends the session" wait_for 5 exited term
check "SIGTERM exits with status 143" status_is term 143
check "SIGTERM: the events end with quit" second_last_event_is term '"ev":"quit"'
check "SIGTERM: the last event is end completed:false" last_event_is term '"completed":false'
check "the terminal settings are restored after SIGTERM" wait_for 5 same_stty term
check "nothing was written to stderr" sh -c "! test -s '$T/keys.stderr' && ! test -s '$T/term.stderr'"

# ---- 3. --plain on a terminal: lines, single keys without Enter ------------

start plain --plain
check "--plain prints the session as lines" wait_for 10 screen_has "Knee to chest"
keys Space
check "--plain: space pauses at once" wait_for 5 events_have plain '"ev":"pause"'
check "--plain: the keys are not echoed" screen_lacks "^ \\["
keys q
check "--plain: q ends the session with status 4" wait_for 5 status_is plain 4
check "--plain: the terminal settings are restored" wait_for 5 same_stty plain

# ---- 4. keys from a pipe: single bytes, plain lines ------------------------

printf 'p' | "$BIN" run --speed 20 --events "$T/pipe.jsonl" "$ROUTINE" >"$T/pipe.out" 2>&1
echo $? >"$T/pipe.status"
check "a piped p stops for pain with status 5" status_is pipe 5
check "a piped p: the events say pain" events_have pipe '"ev":"pain"'
check "without a terminal the session is printed as lines" grep -q "Knee to chest" "$T/pipe.out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
