#!/bin/sh
# corpus.sh -- the linter against routines as clinics write them.
#
#   sh tests/lint/corpus.sh path/to/routinec      (from the top directory)
#
# corpus/safe/*.rt are faithful, safe handouts from other clinics: each
# must lint with no finding at all (a finding there is a false alarm).
# corpus/hazard/*.rt are routines with one planted hazard each, on the
# line ending in `# hazard: RTnnn`: the hazard is caught when RTnnn is
# reported on that line, and any finding on another line is a false
# alarm.  Prints the numbers (caught at line / in the file but not at the
# line / missed / false alarms) and fails unless every hazard is caught at
# its line and there is no false alarm.
set -u
bin=${1:-./routinec}
here=$(dirname "$0")/corpus
export NO_COLOR=1 LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
safe=0 safe_alarms=0 hazards=0 at_line=0 elsewhere=0 missed=0 alarms=0

# findings FILE: "LINE RULE" for each finding of FILE.
findings() {
    "$bin" lint "$1" 2>&1 | sed -n 's/^[^ ]*\.rt:\([0-9]*\):[0-9]*: [a-z]*: .*\[\(RT[0-9]*\) [a-z-]*\]$/\1 \2/p'
}

for f in "$here"/safe/*.rt; do
    safe=$((safe + 1))
    findings "$f" >"$tmp/f"
    if [ -s "$tmp/f" ]; then
        safe_alarms=$((safe_alarms + $(wc -l <"$tmp/f")))
        echo "FALSE ALARM in $f:"
        "$bin" lint "$f" 2>&1 | grep -E '^[^ ].*: (error|warning|note): ' | sed 's/^/    /'
    fi
done

for f in "$here"/hazard/*.rt; do
    hazards=$((hazards + 1))
    line=$(grep -n '# hazard: RT[0-9]*' "$f" | head -n 1 | cut -d: -f1)
    rule=$(sed -n 's/.*# hazard: \(RT[0-9]*\).*/\1/p' "$f" | head -n 1)
    findings "$f" >"$tmp/f"
    if grep -qx "$line $rule" "$tmp/f"; then
        at_line=$((at_line + 1))
    elif grep -q " $rule\$" "$tmp/f"; then
        elsewhere=$((elsewhere + 1))
        echo "NOT AT ITS LINE: $f: $rule expected on line $line, reported on line $(grep " $rule\$" "$tmp/f" | cut -d' ' -f1 | tr '\n' ' ')"
    else
        missed=$((missed + 1))
        echo "MISSED: $f: $rule on line $line"
    fi
    others=$(grep -vx "$line $rule" "$tmp/f" | grep -v "^$line " | wc -l)
    if [ "$others" -gt 0 ]; then
        alarms=$((alarms + others))
        echo "FALSE ALARM in $f (the hazard is on line $line):"
        grep -vx "$line $rule" "$tmp/f" | grep -v "^$line " | sed 's/^/    line /'
    fi
done

echo "corpus: hazards $hazards: $at_line caught at their line, $elsewhere elsewhere in the file, $missed missed, $alarms false alarms;" \
     "safe handouts $safe: $safe_alarms false alarms"
[ "$at_line" -eq "$hazards" ] && [ "$alarms" -eq 0 ] && [ "$safe_alarms" -eq 0 ]
