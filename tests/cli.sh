#!/bin/sh
# cli.sh -- the command-line conventions every command shares (one parser):
# --opt=value and --opt value, -oFILE, -o - (standard output), --color,
# help COMMAND, an unknown command or option, an option of another command.
#
#   sh tests/cli.sh [path/to/routinec]      (from the top directory)
set -u
bin=${1:-./routinec}
unset NO_COLOR
export LC_ALL=C.UTF-8 TERM=xterm
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lowback=routines/lowback.rt

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# status NAME WANT CMD...: CMD exits WANT; its stdout and stderr are kept.
status() {
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    got=$?
    if [ "$got" = "$want" ]; then pass; else
        fail "$name: exit $got, expected $want"
        head -n 5 "$tmp/out" "$tmp/err" | sed 's/^/    /'
    fi
}
# says NAME FILE TEXT: FILE (out or err) contains TEXT.
says() { if grep -qF -- "$3" "$tmp/$2"; then pass; else fail "$1: no \"$3\" in std$2"; sed 's/^/    /' "$tmp/$2" | head -n 5; fi; }

# ---- commands --------------------------------------------------------------
status "unknown command" 2 "$bin" bogus
says "unknown command" err "'bogus' is not a command"
says "unknown command lists the commands" err "Commands: run, build"
status "unknown command with a file" 2 "$bin" fmtx "$lowback"
says "unknown command with a file" err "'fmtx' is not a command"
status "misspelt command" 2 "$bin" buld "$lowback"
says "misspelt command" err "did you mean 'build'?"
status "a missing file is still a file" 3 "$bin" missing.rt
status "help bogus" 2 "$bin" help bogus

commands=$("$bin" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ "$(echo "$commands" | wc -w)" -ge 9 ] && pass || fail "--help lists fewer than 9 commands"
for cmd in $commands; do
    status "help $cmd" 0 "$bin" help "$cmd"
    says "help $cmd" out "Usage: routinec $cmd"
    says "help $cmd lists --help" out "-h, --help"
    cp "$tmp/out" "$tmp/help"
    status "$cmd --help" 0 "$bin" "$cmd" --help
    if cmp -s "$tmp/out" "$tmp/help"; then pass; else fail "$cmd --help differs from help $cmd"; fi
done
"$bin" help run >"$tmp/out"
says "help run is complete" out "--voice-command=CMD"
says "help run has the keys" out "Keys during a session"

# ---- options ---------------------------------------------------------------
"$bin" plan --format json --level initial "$lowback" >"$tmp/a" 2>&1
"$bin" plan --format=json --level=initial "$lowback" >"$tmp/b" 2>&1
if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then pass; else fail "--opt=value differs from --opt value"; fi
"$bin" plan "$lowback" --level initial --format=json >"$tmp/c" 2>&1
if cmp -s "$tmp/a" "$tmp/c"; then pass; else fail "options after the file"; fi
status "option of another command" 2 "$bin" check --speed 2 "$lowback"
says "option of another command" err "--speed is an option of 'run', not of 'check'"
status "misspelt option" 2 "$bin" run --sped=3 "$lowback"
says "misspelt option" err "did you mean '--speed'?"
status "a flag with a value" 2 "$bin" run --plain=yes "$lowback"
says "a flag with a value" err "--plain takes no value"
status "a missing value" 2 "$bin" plan "$lowback" --level
says "a missing value" err "--level needs a value"
status "a bad choice" 2 "$bin" history --format=sarif
says "a bad choice" err "--format takes one of text|json|csv, not 'sarif'"
status "-- ends the options" 3 "$bin" check -- --not-an-option.rt

# ---- -o ----------------------------------------------------------------------
status "build -o FILE" 0 "$bin" build -o "$tmp/a.rtb" "$lowback"
status "build -oFILE" 0 "$bin" build "-o$tmp/b.rtb" "$lowback"
status "build --output=FILE" 0 "$bin" build --output="$tmp/c.rtb" "$lowback"
"$bin" build -o - "$lowback" >"$tmp/d.rtb" 2>"$tmp/err"
if [ -s "$tmp/d.rtb" ] && cmp -s "$tmp/a.rtb" "$tmp/d.rtb" && cmp -s "$tmp/a.rtb" "$tmp/b.rtb" &&
    cmp -s "$tmp/a.rtb" "$tmp/c.rtb"; then pass; else fail "build -o - (stdout) differs from -o FILE"; fi
[ ! -e ./- ] && pass || { fail "build -o - wrote a file named -"; rm -f ./-; }
status "the program from stdout verifies" 0 "$bin" verify "$tmp/d.rtb"

# ---- --color -----------------------------------------------------------------
esc=$(printf '\033')
status "--color=always" 1 "$bin" check --color=always tests/golden/diag/bad-numbers.rt
if grep -q "$esc" "$tmp/err"; then pass; else fail "--color=always: no colour"; fi
status "--color=never" 1 "$bin" check --color=never tests/golden/diag/bad-numbers.rt
if grep -q "$esc" "$tmp/err"; then fail "--color=never: colour"; else pass; fi
status "--color=auto, not a terminal" 1 "$bin" check tests/golden/diag/bad-numbers.rt
if grep -q "$esc" "$tmp/err"; then fail "--color=auto: colour into a file"; else pass; fi
status "lint --color=always" 0 "$bin" lint --color=always tests/lint/cases/RT104-no-breathing.rt
if grep -q "$esc" "$tmp/out"; then pass; else fail "lint --color=always: no colour"; fi
status "--color=sometimes" 2 "$bin" check --color=sometimes "$lowback"

# ---- lint's command line -------------------------------------------------------
rt104=tests/lint/cases/RT104-no-breathing.rt
"$bin" lint -WRT104 -Wno-RT104 "$rt104" >"$tmp/a" 2>&1
"$bin" lint -W RT104 -W no-RT104 "$rt104" >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b"; then pass; else fail "lint -WRULE differs from -W RULE"; fi
status "lint -Werror fails on a warning" 1 "$bin" lint -Werror "$rt104"
status "lint --bogus" 2 "$bin" lint --bogus "$rt104"
status "lint a missing file" 3 "$bin" lint /nonexistent/x.rt
status "lint --explain RT999" 2 "$bin" lint --explain RT999
status "lint --explain=RT104" 0 "$bin" lint --explain=RT104
status "lint --max-warnings=x" 2 "$bin" lint --max-warnings=x "$rt104"

# ---- fmt -----------------------------------------------------------------------
printf 'routine "R" {  safety "Stop if it hurts.";\n exercise "A" mobility { cue "Go.";hold 5s;repeat 3;}}\n' >"$tmp/messy.rt"
cp "$tmp/messy.rt" "$tmp/orig.rt"
status "fmt --check on a messy file" 1 "$bin" fmt --check "$tmp/messy.rt"
says "fmt --check names the file" err "messy.rt is not formatted"
if cmp -s "$tmp/messy.rt" "$tmp/orig.rt"; then pass; else fail "fmt --check wrote the file"; fi
status "fmt --diff" 0 "$bin" fmt --diff "$tmp/messy.rt"
says "fmt --diff is a unified diff" out "+++ $tmp/messy.rt (formatted)"
says "fmt --diff shows the new lines" out "+        hold 5s;"
if cmp -s "$tmp/messy.rt" "$tmp/orig.rt"; then pass; else fail "fmt --diff wrote the file"; fi
status "fmt --check --diff" 1 "$bin" fmt --check --diff "$tmp/messy.rt"
"$bin" fmt - <"$tmp/messy.rt" >"$tmp/stdout.rt"
status "fmt FILE" 0 "$bin" fmt "$tmp/messy.rt"
if cmp -s "$tmp/messy.rt" "$tmp/stdout.rt" && ! cmp -s "$tmp/messy.rt" "$tmp/orig.rt"; then pass; else
    fail "fmt FILE did not rewrite the file as fmt - prints it"; fi
status "fmt --check on a formatted file" 0 "$bin" fmt --check "$tmp/messy.rt"
status "a formatted file still compiles" 0 "$bin" check "$tmp/messy.rt"
printf 'routine "R" { hold 5s; repeat }\n' >"$tmp/bad.rt"
cp "$tmp/bad.rt" "$tmp/bad-orig.rt"
status "fmt refuses a file with syntax errors" 1 "$bin" fmt "$tmp/bad.rt"
says "fmt shows the syntax error" err "bad.rt:1:"
if cmp -s "$tmp/bad.rt" "$tmp/bad-orig.rt"; then pass; else fail "fmt changed a file with errors"; fi
status "fmt a missing file" 3 "$bin" fmt "$tmp/none.rt"
status "fmt with no file" 2 "$bin" fmt

# ---- run --resume --clock virtual ------------------------------------------
# The virtual host has everything the terminal has: a session quit on the
# virtual clock goes on with --resume on the virtual clock, from the rep in
# progress, its exercise's scene and a get-ready first.
mkdir "$tmp/state"
status "run --clock virtual, quit at 14s" 4 "$bin" run --clock virtual --state-dir="$tmp/state" \
    --keys 14s:quit tests/e2e/session.rt
status "run --resume --clock virtual" 0 "$bin" run --resume --clock virtual --state-dir="$tmp/state" \
    --events=- tests/e2e/session.rt
says "--resume --clock virtual goes on" out '"ev":"resumed","session":1'
says "--resume --clock virtual shows the position again" out '"ev":"position","text":"Lie on your back'
says "--resume --clock virtual gets ready first" out '{"t":5000,"ev":"get_ready","ms":5000}'
says "--resume --clock virtual completes" out '"ev":"end","completed":true'
status "run --resume --clock virtual: nothing left" 1 "$bin" run --resume --clock virtual \
    --state-dir="$tmp/state" tests/e2e/session.rt
says "nothing left to continue" err "nothing to continue"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
