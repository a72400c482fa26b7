#!/bin/sh
# measure.sh -- how much of real handouts the language says, measured.
#
#   sh tests/coverage/measure.sh [path/to/routinec]     (from the top directory)
#
# 1. Coverage.  tests/coverage/README.md has a table per handout: one row
#    per thing the handout prescribes, marked `construct` (said by a
#    language construct), `note` (only in a note or a cue) or `impossible`.
#    A handout's heading names its routine file in backquotes; every
#    backquoted statement of a `construct` row must be in that file (so the
#    table cannot claim what the routine does not say), and the file must
#    check with no error.  Prints construct/total per handout and overall.
# 2. First-typed spellings.  Every dose statement of drafts/*.rt (the
#    first drafts, exactly as first typed from the README) and every line
#    of probes.txt is checked alone, in a minimal routine, with `check
#    --no-lint`: accepted when there is no error.  Prints accepted/total.
#    With an older routinec this measures "before".
#
# 3. Invariants.  Each handout (and each later stage) is played with `run
#    --clock virtual --events -` and invariants.js checks the stream: reps
#    count 1..of in each block, ranges end within their ends, sets 1..of,
#    each side once per set and the first side first, no rest of no time.
#
# Fails when a cited construct is missing from its file, a handout does
# not check, a session breaks an invariant, or the overall coverage is
# under 90%.  The first-typed count
# is reported, not enforced (a refused spelling must give the form to
# write instead, which the golden diagnostics check).
set -u
bin=${1:-./routinec}
here=$(dirname "$0")
export NO_COLOR=1 LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# ---- 1. coverage, from the tables -----------------------------------------

# "FILE<TAB>STATUS<TAB>SAID" for each row of each handout's table.
awk -F'|' '
    /^### / { file = ""; if (match($0, /`[^`]*\.rt`/)) file = substr($0, RSTART + 1, RLENGTH - 2); next }
    file != "" && /^\| *[0-9]+ *\|/ {
        status = $(NF - 1); gsub(/^ +| +$/, "", status)
        said = $(NF - 2); gsub(/^ +| +$/, "", said)
        before = $(NF - 3); gsub(/^ +| +$/, "", before)
        print file "\t" status "\t" said "\t" before
    }
' "$here/README.md" >"$tmp/rows"

total=0 constructs=0 constructs_before=0
for file in $(cut -f1 "$tmp/rows" | uniq); do
    if [ ! -f "$file" ]; then
        echo "FAIL $file: named in tests/coverage/README.md but missing"
        failed=1
        continue
    fi
    if "$bin" check --no-lint "$file" 2>&1 | grep -q ': error: '; then
        echo "FAIL $file does not check:"
        "$bin" check --no-lint "$file" 2>&1 | head -n 5 | sed 's/^/    /'
        failed=1
    fi
    n=0 c=0 b=0 notes=0 impossible=0
    while IFS="$(printf '\t')" read -r f status said before; do
        [ "$f" = "$file" ] || continue
        n=$((n + 1))
        [ "$before" = construct ] && b=$((b + 1))
        case "$status" in
        construct)
            c=$((c + 1))
            # every `statement` cited must be in the routine, as written
            printf '%s\n' "$said" | grep -o '`[^`]*`' | tr -d '`' | while IFS= read -r stmt; do
                if ! grep -qF -- "$stmt" "$file"; then
                    echo "FAIL $file: the table cites \`$stmt\`, which the routine does not say"
                    echo x >>"$tmp/missing"
                fi
            done ;;
        note) notes=$((notes + 1)) ;;
        impossible) impossible=$((impossible + 1)) ;;
        *) echo "FAIL $file: unknown status \"$status\" (construct, note or impossible)"; failed=1 ;;
        esac
    done <"$tmp/rows"
    total=$((total + n)) constructs=$((constructs + c)) constructs_before=$((constructs_before + b))
    printf '%-36s %3d of %3d by constructs (%3d%%; before %3d%%), %d in notes, %d impossible\n' \
        "$(basename "$file" .rt)" "$c" "$n" $((n ? c * 100 / n : 0)) $((n ? b * 100 / n : 0)) "$notes" "$impossible"
done
[ -s "$tmp/missing" ] && failed=1
pct=$((total ? constructs * 100 / total : 0))
printf '%-36s %3d of %3d by constructs (%3d%%; before %d, %3d%%)\n' "coverage, all handouts" "$constructs" "$total" \
    "$pct" "$constructs_before" $((total ? constructs_before * 100 / total : 0))
if [ "$pct" -lt 90 ]; then
    echo "FAIL coverage is under 90%"
    failed=1
fi

# ---- 2. first-typed spellings ---------------------------------------------

# One statement alone: in the routine (schedule, equipment, rules, limits)
# or in an exercise (the dose).
try() {
    case "$1" in
    build\ up\ to\ [0-9]*[smh]*\ *hold*|build\ up\ to\ [0-9]*\ min*) # a hold's progression needs a hold
        printf 'routine "T" {\n    safety "Stop if it hurts.";\n    exercise "E" mobility {\n        cue "Move.";\n        hold 5s; repeat 5;\n        %s\n    }\n}\n' "$1" ;;
    schedule*|equipment*|pain*|advance*|step*)
        printf 'routine "T" {\n    safety "Stop if it hurts.";\n    %s\n    exercise "E" mobility { cue "Move."; repeat 5; }\n}\n' "$1" ;;
    *)
        printf 'routine "T" {\n    safety "Stop if it hurts.";\n    exercise "E" mobility {\n        cue "Move.";\n        %s\n    }\n}\n' "$1" ;;
    esac >"$tmp/t.rt"
    ! "$bin" check --no-lint "$tmp/t.rt" 2>&1 | grep -q ': error: '
}

first_typed() {
    label=$1 list=$2
    n=0 ok=0
    while IFS= read -r stmt; do
        [ -n "$stmt" ] || continue
        n=$((n + 1))
        if try "$stmt"; then ok=$((ok + 1)); else echo "$stmt" >>"$tmp/refused"; fi
    done <"$list"
    printf '%-52s %3d of %3d accepted as typed (%3d%%)\n' "$label" "$ok" "$n" $((n ? ok * 100 / n : 0))
}

: >"$tmp/refused"
sed -n 's/^ *\(\(hold\|repeat\|sets\|rest\|relax\|tempo\|at \|get \|schedule\|load\|weight\|effort\|pain\|equipment\|build\|advance\|step\|[0-9]\).*;\) *\(#.*\)\{0,1\}$/\1/p' \
    "$here"/drafts/*.rt | sort -u >"$tmp/drafts"
first_typed "first drafts (drafts/*.rt), dose statements" "$tmp/drafts"
grep -v '^#' "$here/probes.txt" | sort -u >"$tmp/probes"
first_typed "other wordings (probes.txt)" "$tmp/probes"
if [ -s "$tmp/refused" ] && [ "${VERBOSE:-0}" = 1 ]; then
    echo "refused (each with the form to write in its error):"
    sed 's/^/    /' "$tmp/refused"
fi
# ---- 3. the sessions keep their invariants -------------------------------

# Every handout of the tables, and each later stage, played on the virtual
# clock: reps, sets, sides and rests as invariants.js checks them.
. "$here/../require.sh"
require node "apt-get install -y nodejs"
set -- $(cut -f1 "$tmp/rows" | uniq)
C=tests/lint/corpus/safe
if ! node "$here/invariants.js" "$bin" "$@" \
        "$C/ankle-sprain-rehab.rt" [ --stage "Strength and balance" ] \
        "$C/plantar-heel-pain.rt" [ --stage "Weeks 3-4" ] "$C/plantar-heel-pain.rt" [ --stage "Weeks 5-12" ] \
        "$C/knee-replacement-first-weeks.rt" [ --stage "Weeks 3-6" --affected right ] \
        "$C/stroke-arm.rt" [ --affected left ] \
        "$C/acl-reconstruction-early.rt" [ --stage "Weeks 2-6" --affected left ] \
        "$C/achilles-eccentric.rt" [ --affected right --harder ] >"$tmp/inv"; then
    failed=1
fi
grep -v '^ok' "$tmp/inv"
echo "invariants: $(grep -c '^ok' "$tmp/inv") sessions kept them, $(grep -c '^FAIL' "$tmp/inv") did not"

[ "$failed" -eq 0 ] && echo "coverage: ok"
[ "$failed" -eq 0 ]
