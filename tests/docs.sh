#!/bin/sh
# docs.sh -- every option the program accepts is documented: each long
# option that `routinec help COMMAND` lists, for every command, must appear
# in README.md and in the manual page source (doc/routinec.1.scd); and every
# example of README.md that is a whole routine (a ``` block that starts
# with `routine "`) compiles and lints clean; the manual pages build;
# every environment variable the program reads is in routinec(1) and every
# keyword of the language in routinec(5).
set -u
bin=${1:-./routinec}
here=$(dirname "$0")
top="$here/.."
passed=0 failed=0
# The commands, from the overview's list; each one's full help lists its options.
commands=$("$bin" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
options=$(for cmd in $commands; do "$bin" help "$cmd"; done | grep -o -- '--[a-z][a-z-]*' | sort -u)
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
for cmd in $commands; do
    if grep -q "routinec $cmd" "$top/README.md" && grep -q "^\*$cmd\*" "$top/doc/routinec.1.scd"; then
        passed=$((passed + 1))
    else
        echo "FAIL command $cmd is not documented in README.md and the manual page"
        failed=$((failed + 1))
    fi
done
# The README's whole routines, one file each, linted with no warning allowed.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
    /^```/ { inside = !inside; first = inside; if (out) close(out); out = ""; next }
    first { first = 0; if ($0 ~ /^routine "/) out = sprintf("%s/example-%02d.rt", dir, ++n) }
    out { print > out }' "$top/README.md"
examples=$(ls "$tmp"/example-*.rt 2>/dev/null | wc -l)
if [ "$examples" -ge 2 ]; then
    passed=$((passed + 1))
else
    echo "FAIL README.md: expected the tutorial's whole routines, found $examples"
    failed=$((failed + 1))
fi
for ex in "$tmp"/example-*.rt; do
    [ -f "$ex" ] || continue
    if "$bin" lint --max-warnings 0 "$ex" >"$tmp/lint.out" 2>&1; then
        passed=$((passed + 1))
    else
        echo "FAIL README.md example starting \"$(head -n 1 "$ex")\" does not lint clean:"
        sed 's/^/    /' "$tmp/lint.out"
        failed=$((failed + 1))
    fi
done

# The manual pages build with scdoc.
. "$here/require.sh"
require scdoc "apt-get install -y scdoc"
for page in "$top"/doc/*.scd; do
    if scdoc <"$page" >"$tmp/page" 2>"$tmp/scdoc.err" && [ -s "$tmp/page" ]; then
        passed=$((passed + 1))
    else
        echo "FAIL $page does not build: $(cat "$tmp/scdoc.err")"
        failed=$((failed + 1))
    fi
done

# Every environment variable the program reads is in routinec(1)'s ENVIRONMENT.
environment=$(sed -n '/^# ENVIRONMENT/,/^# /p' "$top/doc/routinec.1.scd")
variables=$(grep -rho 'getenv("[A-Z_]*")' "$top/src" | sed 's/getenv("\(.*\)")/\1/'
            grep -rho 'getenv([A-Z_]*)' "$top/src" | sed 's/getenv(\(.*\))/\1/' | while read -r macro; do
                grep -rho "#define $macro \"[A-Z_]*\"" "$top/src" | sed 's/.*"\(.*\)"/\1/'; done)
for var in $(echo "$variables" | sort -u); do
    if echo "$environment" | grep -q "^\*$var\*\|\*$var\*,"; then
        passed=$((passed + 1))
    else
        echo "FAIL the program reads \$$var, which routinec(1) does not list under ENVIRONMENT"
        failed=$((failed + 1))
    fi
done

# Every keyword of the language is in routinec(5).
for kw in $(sed -n 's/^"\([a-z]*\)" *TOKEN(KW_.*/\1/p' "$top/grammar/lexer.l"); do
    if grep -qw -- "$kw" "$top/doc/routinec.5.scd"; then
        passed=$((passed + 1))
    else
        echo "FAIL the keyword \"$kw\" (grammar/lexer.l) is not in doc/routinec.5.scd"
        failed=$((failed + 1))
    fi
done

# Every kind of exercise the checker knows (the hint for a word far from
# all of them lists them, from src/base/kinds.h) is in the README and
# routinec(5).
printf 'routine "R" { exercise "E" zzzzzzzzzzzz { hold 5s; } }\n' >"$tmp/kind.rt"
kinds=$("$bin" check "$tmp/kind.rt" 2>&1 | sed -n 's/.*hint: kinds are: //p' | tr -d ',')
[ -n "$kinds" ] || { echo "FAIL the checker's hint no longer lists the kinds"; failed=$((failed + 1)); }
for kind in $kinds; do
    if grep -q -- "\`$kind\`" "$top/README.md" && grep -qw -- "$kind" "$top/doc/routinec.5.scd"; then
        passed=$((passed + 1))
    else
        echo "FAIL the kind \"$kind\" (src/base/kinds.h) is not in README.md and doc/routinec.5.scd"
        failed=$((failed + 1))
    fi
done

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
