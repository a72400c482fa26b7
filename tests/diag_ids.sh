#!/bin/sh
# diag_ids.sh -- every diagnostic of the compiler and the checker has an id
# (src/base/diag.h, DIAG_IDS), shown by `routinec lint --format json` with
# each compiler finding (RT001, RT002) and documented in README.md and
# doc/routinec.1.scd.
#
#   sh tests/diag_ids.sh ./build/routinec
#
# Every .rt file under tests/ (the golden diagnostics, the hostile corpus,
# the lint cases...) is linted: a compiler finding without "diagnostic" is
# a diagnostic someone added without an id.  A test must be able to fail:
# the last checks are that a known mistake gives its id, and that the ids
# in the docs are exactly those of diag.h.
set -u
RC=${1:?usage: diag_ids.sh ROUTINEC}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1"; }

# The ids of diag.h: X(NAME, "name") lines, NONE left out.
sed -n 's/^ *X([A-Z_]*, "\([a-z-][a-z-]*\)").*/\1/p' "$top/src/base/diag.h" | sort >"$tmp/ids"
[ -s "$tmp/ids" ] && ok "diag.h lists $(wc -l <"$tmp/ids") ids" || bad "no ids found in diag.h"

missing=0 seen=0
for f in $(find "$top/tests" -name '*.rt' -not -path '*/node_modules/*' | sort); do
    "$RC" lint --format json "$f" 2>/dev/null | grep '"rule":"RT00[12]"' >"$tmp/found"
    while IFS= read -r line; do
        seen=$((seen + 1))
        case $line in
        *'"diagnostic":"'*) ;;
        *) missing=$((missing + 1)); echo "    no id: ${f#"$top"/}: $line" | cut -c1-220 ;;
        esac
    done <"$tmp/found"
done
[ "$missing" = 0 ] && ok "all $seen compiler findings of the tests' routines have an id" \
    || bad "$missing compiler findings without an id"

# Ids given are ids of diag.h.
for f in $(find "$top/tests" -name '*.rt' -not -path '*/node_modules/*'); do
    "$RC" lint --format json "$f" 2>/dev/null
done | sed -n 's/.*"diagnostic":"\([^"]*\)".*/\1/p' | sort -u >"$tmp/given"
unknown=$(comm -23 "$tmp/given" "$tmp/ids")
[ -z "$unknown" ] && ok "every id given is in diag.h ($(wc -l <"$tmp/given") kinds seen)" \
    || bad "ids given but not in diag.h: $unknown"

# A known mistake, its id (JSON and SARIF).
printf 'routine "R" {\n    exercise "E" stretch { hold 0s; repeat 2; }\n}\n' >"$tmp/zero.rt"
"$RC" lint --format json "$tmp/zero.rt" | grep -q '"message":"a hold cannot be 0","diagnostic":"out-of-range"' \
    && ok "a hold of 0s is out-of-range (JSON)" || bad "a hold of 0s is not out-of-range in JSON"
"$RC" lint --format sarif "$tmp/zero.rt" | grep -q '"properties":{"diagnostic":"out-of-range"}' \
    && ok "a hold of 0s is out-of-range (SARIF)" || bad "a hold of 0s is not out-of-range in SARIF"
printf 'routine "R" {\n    exercise "E" stretch {\n        hold 5s\n        repeat 2;\n    }\n}\n' >"$tmp/semi.rt"
"$RC" lint --format json "$tmp/semi.rt" | grep -q '"diagnostic":"missing-semicolon"' \
    && ok "a missing ; is missing-semicolon" || bad "a missing ; is not missing-semicolon"

# Documented: each id in README.md's table and in routinec(1), and no other.
for doc in README.md doc/routinec.1.scd; do
    case $doc in
    README.md) sed -n '/^### Diagnostic ids/,/^### /s/^| `\([a-z-]*\)` | .*/\1/p' "$top/$doc" ;;
    *) sed -n 's/^\*\([a-z-]*\)\* (diagnostic)$/\1/p' "$top/$doc" ;;
    esac | sort >"$tmp/doc"
    comm -23 "$tmp/ids" "$tmp/doc" >"$tmp/undoc"
    comm -13 "$tmp/ids" "$tmp/doc" >"$tmp/extra"
    if [ -s "$tmp/undoc" ] || [ -s "$tmp/extra" ]; then
        bad "$doc: ids not documented: $(tr '\n' ' ' <"$tmp/undoc")documented but not ids: $(tr '\n' ' ' <"$tmp/extra")"
    else
        ok "$doc documents every id"
    fi
done

echo "diag ids: $passed passed, $failed failed"
[ "$failed" = 0 ]
