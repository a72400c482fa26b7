#!/bin/sh
# Lint tests.  Usage: sh tests/lint/run.sh path/to/routinec   (from the top directory)
#
# Golden cases: each tests/lint/cases/NAME.rt is linted (with the options of
# a `# lint-args:` line, if any) and stdout plus "--- exit N" must equal
# tests/lint/expected/NAME.out.  The name says what it tests: every RTnnn
# before the first other word must be reported, except that a name with
# "-ok" must NOT report its rules; ok-* cases must report nothing.
# UPDATE=1 rewrites the expected files (review the diff before committing).
#
# Then: exit codes, -W flags, policies, --explain, JSON (parsed by node),
# SARIF (validated by tests/node's @microsoft/sarif-multitool: a missing
# validator fails the suite with the line that installs it) and the shipped
# routines, which must lint clean.
set -u
bin=${1:-./routinec}
here=$(dirname "$0")
. "$here/../require.sh"
require node "apt-get install -y nodejs"
export NO_COLOR=1 LC_ALL=C.UTF-8
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# check NAME WANT_EXIT CMD... : the command exits WANT_EXIT.
check() {
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    got=$?
    if [ "$got" = "$want" ]; then pass; else
        fail "$name: exit $got, expected $want"
        head -n 10 "$tmp/out" "$tmp/err" | sed 's/^/    /'
    fi
}

# expect NAME FILE TEXT: FILE contains TEXT; expect_not: it does not.
expect() { if grep -qF -- "$3" "$2"; then pass; else fail "$1: no \"$3\""; fi; }
expect_not() { if grep -qF -- "$3" "$2"; then fail "$1: unexpected \"$3\""; else pass; fi; }

# ---- golden cases -------------------------------------------------------
for case in "$here"/cases/*.rt; do
    name=$(basename "$case" .rt)
    args=$(sed -n 's/^# lint-args: //p' "$case" | head -n 1)
    # shellcheck disable=SC2086
    "$bin" lint $args "$case" >"$tmp/$name.out" 2>&1 </dev/null
    echo "--- exit $?" >>"$tmp/$name.out"
    expected="$here/expected/$name.out"
    [ "${UPDATE:-0}" = 1 ] && cp "$tmp/$name.out" "$expected"
    if diff -u "$expected" "$tmp/$name.out" >"$tmp/diff" 2>&1; then pass; else
        fail "$name: output differs from $expected"
        head -n 30 "$tmp/diff"
    fi
    negative=no
    case "$name" in *-ok*) negative=yes ;; ok-*) negative=all ;; esac
    if [ $negative = all ]; then
        expect_not "$name" "$tmp/$name.out" " ["
        continue
    fi
    for rule in $(echo "$name" | tr '-' ' '); do
        case "$rule" in RT[0-9][0-9][0-9]) ;; *) break ;; esac
        if [ $negative = yes ]; then expect_not "$name" "$tmp/$name.out" "[$rule "
        else expect "$name" "$tmp/$name.out" "[$rule "; fi
    done
done

cases=$here/cases

# ---- exit codes ---------------------------------------------------------
check "clean routine" 0 "$bin" lint "$cases/ok-clean.rt"
check "warnings only" 0 "$bin" lint "$cases/RT102-long-isometric.rt"
check "-Werror" 1 "$bin" lint -Werror "$cases/RT102-long-isometric.rt"
check "-Werror=RULE" 1 "$bin" lint -Werror=RT102 "$cases/RT102-long-isometric.rt"
check "-Werror=other rule" 0 "$bin" lint -Werror=RT101 "$cases/RT102-long-isometric.rt"
check "--max-warnings over" 1 "$bin" lint --max-warnings 0 "$cases/RT102-long-isometric.rt"
check "--max-warnings under" 0 "$bin" lint --max-warnings 5 "$cases/RT102-long-isometric.rt"
check "errors fail" 1 "$bin" lint "$cases/RT105-breath-hold.rt"
check "usage: bad format" 2 "$bin" lint --format xml "$cases/ok-clean.rt"
check "usage: no files" 2 "$bin" lint
check "usage: bad -W" 2 "$bin" lint -Wno-RT999 "$cases/ok-clean.rt"
check "missing file" 3 "$bin" lint "$tmp/nope.rt"
check "syntax error and a good file" 1 "$bin" lint "$cases/RT001-syntax.rt" "$cases/ok-clean.rt"
expect "syntax error and a good file" "$tmp/out" "2 files linted: 1 error"

# ---- -W flags -----------------------------------------------------------
check "-Wno-RULE" 0 "$bin" lint -Wno-hold-without-breathing-cue "$cases/RT104-no-breathing.rt"
expect_not "-Wno-RULE" "$tmp/out" "[RT104 "
check "-W RULE (on)" 0 "$bin" lint -W RT104 "$cases/RT104-no-breathing.rt"
expect "-W RULE (on)" "$tmp/out" "[RT104 "
check "-Wnote=RULE" 0 "$bin" lint -Wnote=RT104 "$cases/RT104-no-breathing.rt"
expect "-Wnote=RULE" "$tmp/out" "note: a hold of 10s"

# ---- policies -----------------------------------------------------------
check "bad policy" 2 "$bin" lint --policy "$here/policy-bad" "$cases/ok-clean.rt"
expect "bad policy" "$tmp/err" "policy-bad:1:18: error: bad value \`20x\`"
expect "bad policy" "$tmp/err" "policy-bad:2:1: error: bad key \`RT999\`"
check "missing policy" 2 "$bin" lint --policy "$tmp/none" "$cases/ok-clean.rt"
mkdir -p "$tmp/clinic/patients"
cp "$cases/RT102-ok-policy.rt" "$tmp/clinic/patients/core.rt"
echo "RT102.max_hold = 12s" >"$tmp/clinic/.routinec-policy"
check "policy found up the tree" 0 "$bin" lint "$tmp/clinic/patients/core.rt"
expect "policy found up the tree" "$tmp/out" "hold of 15s is long"
echo "RT102.max_hold = 15s" >"$tmp/clinic/.routinec-policy"
check "policy found up the tree (2)" 0 "$bin" lint "$tmp/clinic/patients/core.rt"
expect_not "policy found up the tree (2)" "$tmp/out" "[RT102 "
check "--print-policy" 0 "$bin" lint --print-policy "$tmp/clinic/patients/core.rt"
expect "--print-policy" "$tmp/out" "= 15s      # from $tmp/clinic/.routinec-policy:1"
expect "--print-policy" "$tmp/out" "RT101.max_hold           = 1min     # from default"

# ---- --list and --explain -----------------------------------------------
check "--list" 0 "$bin" lint --list
expect "--list" "$tmp/out" "RT102  long-isometric-hold"
check "--explain" 0 "$bin" lint --explain long-isometric-hold
expect "--explain" "$tmp/out" "Threshold: RT102.max_hold = 10s"
expect "--explain" "$tmp/out" "Source: McGill"
check "--explain unknown" 2 "$bin" lint --explain RT999
# Every rule has its entry in the manual page (LINT RULES) and the README table.
for id in $("$bin" lint --list | cut -d' ' -f1); do
    if grep -q "^\*$id\* " doc/routinec.1.scd && grep -q "^| $id | " README.md; then pass; else
        fail "$id: no entry in doc/routinec.1.scd (LINT RULES) or in README.md's rules table"
    fi
done

# ---- several files, directories, stdin ----------------------------------
check "directory" 1 "$bin" lint "$cases"
n=$(ls "$cases"/*.rt | wc -l | tr -d ' ')
expect "directory" "$tmp/out" "$n files linted"
grep -o '^[^ :]*\.rt:[0-9]*' "$tmp/out" | uniq >"$tmp/order"
sort -t: -k1,1 -k2,2n -s "$tmp/order" | uniq >"$tmp/sorted"
if cmp -s "$tmp/order" "$tmp/sorted"; then pass; else fail "directory: findings not ordered by file and line"; fi
check "stdin" 0 "$bin" lint - <"$cases/RT104-no-breathing.rt"
"$bin" lint - <"$cases/RT104-no-breathing.rt" >"$tmp/stdin.out" 2>&1
expect "stdin" "$tmp/stdin.out" "[RT104 "

# ---- a directory in flat memory ------------------------------------------
# Peak memory for 500 routines is that of 1 (each file is linted, written
# and released before the next).  A sanitizer build keeps freed memory in
# quarantine on purpose, so only the plain build is measured.
require /usr/bin/time "apt-get install -y time"
if ! grep -q __asan_init "$bin" 2>/dev/null; then
    mkdir -p "$tmp/flat/one" "$tmp/flat/many"
    i=0
    while [ $i -lt 500 ]; do
        sed "s/After your knee replacement/Patient $i/" "$cases/ok-knee-replacement.rt" >"$tmp/flat/many/p$i.rt"
        i=$((i + 1))
    done
    cp "$tmp/flat/many/p1.rt" "$tmp/flat/one/"
    for n in one many; do
        for fmt in text json sarif; do
            /usr/bin/time -v "$bin" lint --format $fmt "$tmp/flat/$n" >/dev/null 2>"$tmp/time.$n.$fmt"
        done
    done
    for fmt in text json sarif; do
        a=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.one.$fmt")
        b=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.many.$fmt")
        if [ -n "$a" ] && [ -n "$b" ] && [ $((b - a)) -lt 512 ]; then pass; else
            fail "flat memory ($fmt): peak ${a:-?} KB for 1 routine, ${b:-?} KB for 500"
        fi
    done
    "$bin" lint --format json "$tmp/flat/many" >"$tmp/many.json" 2>/dev/null
    expect "flat memory: all counted" "$tmp/many.json" '"files":500'
fi

# A library included by three routines, and linted on its own too: its
# finding is reported once.
mkdir -p "$tmp/shared"
echo 'exercise "Plank" strength { cue "Hold still."; hold 90s; breathe "Breathe."; }' >"$tmp/shared/lib.rt"
for r in a b c; do
    printf 'include "lib.rt";\nroutine "R %s" {\n    safety "Stop if it hurts.";\n    exercise "March" warmup { cue "March."; repeat 10; }\n    do "Plank";\n}\n' "$r" >"$tmp/shared/$r.rt"
done
check "library reported once" 0 "$bin" lint "$tmp/shared"
if [ "$(grep -c '\[RT102 ' "$tmp/out")" = 1 ]; then pass; else fail "library reported once: $(grep -c '\[RT102 ' "$tmp/out") times"; fi
expect "library reported once" "$tmp/out" "4 files linted: 0 errors, 1 warning"

# ---- JSON ---------------------------------------------------------------
"$bin" lint --format json "$cases" >"$tmp/lint.json" 2>"$tmp/json.err"
expect "json" "$tmp/lint.json" '"schema":"routinec-lint/1"'
expect "json" "$tmp/lint.json" '"rule":"RT102","name":"long-isometric-hold","category":"safety","level":"warning"'
if [ -s "$tmp/json.err" ]; then fail "json: wrote to stderr"; else pass; fi
if node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/lint.json" 2>/dev/null
then pass; else fail "json: not valid JSON"; fi

# ---- SARIF --------------------------------------------------------------
"$bin" lint --format sarif "$cases" >"$tmp/lint.sarif" 2>/dev/null
"$bin" lint --format sarif "$cases" >"$tmp/lint2.sarif" 2>/dev/null
if cmp -s "$tmp/lint.sarif" "$tmp/lint2.sarif"; then pass; else fail "sarif: not deterministic"; fi
expect "sarif" "$tmp/lint.sarif" '"version":"2.1.0"'
expect "sarif" "$tmp/lint.sarif" '"partialFingerprints":{"routinecFindingHash/v1":'
expect "sarif" "$tmp/lint.sarif" '"uri":"tests/lint/cases/RT102-long-isometric.rt"'
# A relative path is relative to SRCROOT (the working directory, a file://
# URI in originalUriBaseIds); an absolute one is a file:// URI.  Both are
# validated.
"$bin" lint --format sarif "$(pwd)/$cases/RT105-breath-hold.rt" >"$tmp/abs.sarif" 2>/dev/null
expect "sarif: absolute path" "$tmp/abs.sarif" '"uri":"file:///'
expect "sarif: relative path" "$tmp/lint.sarif" '"uriBaseId":"SRCROOT"'
expect "sarif: relative path" "$tmp/lint.sarif" '"originalUriBaseIds":{"SRCROOT":{"uri":"file:///'
tool=tests/node/node_modules/.bin/sarif-multitool
require "$tool" "npm ci --prefix tests/node"
for sarif in "$tmp/lint.sarif" "$tmp/abs.sarif"; do
    # The validator exits 0 even when it finds problems: read what it says.
    "$tool" validate "$sarif" >"$tmp/validate.out" 2>&1
    if grep -Eq ': (error|warning) ' "$tmp/validate.out" || ! grep -q 'Analysis completed successfully' "$tmp/validate.out"; then
        fail "sarif: the SARIF validator found problems in $(basename "$sarif")"
        grep -E ': (error|warning) ' "$tmp/validate.out" | head -n 10
    else pass; fi
done

# ---- the shipped routines lint clean ------------------------------------
if [ -d routines ]; then
    check "routines/ lint clean" 0 "$bin" lint --max-warnings 0 routines/
    expect "routines/ lint clean" "$tmp/out" "0 errors, 0 warnings"
fi

# ---- the corpus: real handouts (no false alarm), planted hazards ----------
if sh "$here/corpus.sh" "$bin" >"$tmp/corpus.out" 2>&1; then pass; else
    fail "corpus (tests/lint/corpus.sh)"
    sed 's/^/    /' "$tmp/corpus.out"
fi
tail -n 1 "$tmp/corpus.out"

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
