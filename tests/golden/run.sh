#!/bin/sh
# Golden tests: each line of tests/golden/cases is
#     NAME  EXIT  ARGS...
# `routinec ARGS` (run from the top directory) must exit with EXIT and print
# exactly tests/golden/expected/NAME.out (stdout, then stderr after a line
# "--- stderr ---" when there is any).  UPDATE=1 rewrites the expected files
# instead: review the diff before committing it.  RUNNER (e.g. "valgrind
# --error-exitcode=99 -q") prefixes every command; its reports land in stderr
# and so fail the comparison.
set -u
bin=${1:-./routinec}
here=$(dirname "$0")
# A fixed DTSTAMP for the calendars (reproducible-builds convention).
export NO_COLOR=1 LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600
unset LINES COLUMNS
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

while read -r name want args; do
    case "$name" in ''|\#*) continue ;; esac
    out="$tmp/$name.out"
    eval "set -- $args"
    # shellcheck disable=SC2086  # $RUNNER is a command line (valgrind ...)
    ${RUNNER:-} "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
    got=$?
    cat "$tmp/stdout" >"$out"
    if [ -s "$tmp/stderr" ]; then
        echo "--- stderr ---" >>"$out"
        cat "$tmp/stderr" >>"$out"
    fi
    expected="$here/expected/$name.out"
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$out" "$expected"
    fi
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        sed 's/^/    /' "$out" | head -n 20
        failed=$((failed + 1))
    elif ! diff -u "$expected" "$out" >"$tmp/diff" 2>&1; then
        echo "FAIL $name: output differs from $expected"
        head -n 40 "$tmp/diff"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done <"$here/cases"

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
