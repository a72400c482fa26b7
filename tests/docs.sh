#!/bin/sh
# docs.sh -- every option the program accepts is documented: each long
# option that `routinec --help` and `routinec lint --help` list must appear
# in README.md and in the manual page source (doc/routinec.1.scd).
set -u
bin=${1:-./routinec}
here=$(dirname "$0")
top="$here/.."
passed=0 failed=0
options=$( { "$bin" --help; "$bin" lint --help; } | grep -o -- '--[a-z][a-z-]*' | sort -u)
for opt in $options; do
    for doc in "$top/README.md" "$top/doc/routinec.1.scd"; do
        if grep -q -- "$opt" "$doc"; then
            passed=$((passed + 1))
        else
            echo "FAIL $opt is not documented in $doc"
            failed=$((failed + 1))
        fi
    done
done
for cmd in run build check plan disasm verify history lint; do
    if grep -q "routinec $cmd" "$top/README.md" && grep -q "^\*$cmd\*" "$top/doc/routinec.1.scd"; then
        passed=$((passed + 1))
    else
        echo "FAIL command $cmd is not documented in README.md and the manual page"
        failed=$((failed + 1))
    fi
done
echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
