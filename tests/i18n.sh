#!/bin/sh
# i18n.sh -- the session in the patient's language: a whole session on the
# virtual clock under every shipped language (po/*.po), chosen by LANGUAGE
# and by LANG alone (also when the system lacks that locale), with
# espeak-ng asked for the same language; the therapist's texts and the
# JSON event stream never change; every message routinec shows has a
# translation in every language.
#
#   sh tests/i18n.sh [path/to/routinec]      (from the top directory)
set -u
bin=${1:-./routinec}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
. tests/require.sh
require msgfmt "apt-get install -y gettext"
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LANGUAGE LC_ALL LC_MESSAGES LANG
export XDG_STATE_HOME="$tmp/state"
routine=routines/lowback-stretch.rt

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
has() { if grep -qF -- "$3" "$2"; then pass; else fail "$1: no \"$3\""; head -n 5 "$2" | sed 's/^/    /'; fi; }
lacks() { if grep -qF -- "$3" "$2"; then fail "$1: \"$3\" is still there"; else pass; fi; }

# run NAME ENV...: a virtual session with the voice recorded by a fake espeak-ng.
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$@" >>"$SAID"\n' >"$tmp/bin/espeak-ng"
chmod +x "$tmp/bin/espeak-ng"
run() {
    name=$1
    shift
    env "$@" SAID="$tmp/$name.said" PATH="$tmp/bin:$PATH" \
        "$bin" run --clock virtual --voice --events "$tmp/$name.jsonl" "$routine" >"$tmp/$name.out" 2>&1
    [ $? -eq 0 ] && pass || fail "$name: the session did not complete"
}

run en LC_ALL=C.UTF-8
has "English" "$tmp/en.out" "Exercise: Knee to chest"
has "English" "$tmp/en.out" "Session complete."
has "English voice" "$tmp/en.said" "relax"
if grep -q -- '-v' "$tmp/en.said"; then fail "English: espeak-ng was given a voice"; else pass; fi

# The words each language must show and say, and the English it replaces.
check_language() { # LL EXERCISE COMPLETE RELAX
    l=$1
    run "$l" LC_ALL=C.UTF-8 LANGUAGE="$l"
    has "$l" "$tmp/$l.out" "$2: Knee to chest"
    has "$l" "$tmp/$l.out" "$3"
    lacks "$l" "$tmp/$l.out" "Exercise: "
    lacks "$l" "$tmp/$l.out" "Session complete."
    has "$l: the therapist's texts are kept" "$tmp/$l.out" "Lie on your back with your knees bent and both feet on the ground."
    has "$l: espeak-ng speaks $l" "$tmp/$l.said" "-v $l $4"
    if cmp -s "$tmp/en.jsonl" "$tmp/$l.jsonl"; then pass; else fail "$l: the JSON event stream changed"; fi
    # LANG alone chooses it, whether or not the system has that locale.
    run "$l-lang" LANG="${l}_$(echo "$l" | tr a-z A-Z).UTF-8"
    has "$l: chosen by LANG" "$tmp/$l-lang.out" "$3"
}
check_language de "Übung" "Einheit abgeschlossen." "entspannen"
check_language es "Ejercicio" "Sesión completada." "relájese"

# The programme's lines (schedule, equipment, rules, effort, pain limit,
# stage) in the patient's language; the JSON stream's texts stay English.
prog=tests/golden/lang/programme.rt
env LC_ALL=C.UTF-8 "$bin" run --clock virtual --no-lint --events "$tmp/prog-en.jsonl" "$prog" >"$tmp/prog-en.out" 2>&1
for l in de es; do
    env LC_ALL=C.UTF-8 LANGUAGE=$l "$bin" run --clock virtual --no-lint --events "$tmp/prog-$l.jsonl" "$prog" >"$tmp/prog-$l.out" 2>&1
    if cmp -s "$tmp/prog-en.jsonl" "$tmp/prog-$l.jsonl"; then pass; else fail "$l: the programme's JSON event stream changed"; fi
    for english in "Schedule: " "Bring: " "Rule: " "Effort: " "Pain limit: " "Stage: " "twice a day"; do
        lacks "$l programme lines" "$tmp/prog-$l.out" "$english"
    done
done
has "de programme lines" "$tmp/prog-de.out" "Plan: zweimal am Tag"
has "de programme lines" "$tmp/prog-de.out" "Regel: nach 6 Einheiten weiter zur nächsten Phase, wenn der Schmerz höchstens 2 ist"
has "de programme lines" "$tmp/prog-de.out" "Anstrengung: 3 von 10"
has "es programme lines" "$tmp/prog-es.out" "Pauta: durante 8 semanas"
has "es programme lines" "$tmp/prog-es.out" "Límite de dolor: 4 de 10"
has "es programme lines: the therapist's words kept" "$tmp/prog-es.out" "Traiga: chair"

# The handout, its timeline picture and the calendar in the patient's
# language: a German golden (tests/handout/expected-handout-de.html;
# UPDATE=1 rewrites it), Spanish words; the therapist's texts kept.
ranges=tests/golden/lang/ranges.rt
LC_ALL=C.UTF-8 LANGUAGE=de "$bin" handout --no-lint --weeks 1 "$ranges" -o "$tmp/de.html" 2>"$tmp/de.err"
[ "${UPDATE:-0}" = 1 ] && cp "$tmp/de.html" tests/handout/expected-handout-de.html
if diff -u tests/handout/expected-handout-de.html "$tmp/de.html" >"$tmp/de.diff"; then pass; else
    fail "the German handout differs from tests/handout/expected-handout-de.html"; head -n 20 "$tmp/de.diff" | sed 's/^/    /'; fi
has "de handout" "$tmp/de.html" '<html lang="de">'
has "de handout: a range in words" "$tmp/de.html" "Halten Sie 2 bis 4 Sekunden. Wiederholen Sie es 8- bis 12-mal."
has "de handout: the log" "$tmp/de.html" "<th scope=\"col\">Schmerz (0–10)</th>"
has "de handout: the therapist's texts are kept" "$tmp/de.html" "Bend your knees a little, then stand up tall."
for english in "How much:" "Hold for" "Your log" "Starting position" "One session at a glance" ">holding<" "Total: "; do
    lacks "de handout" "$tmp/de.html" "$english"
done
LC_ALL=C.UTF-8 LANGUAGE=es "$bin" handout --no-lint --weeks 1 "$ranges" -o "$tmp/es.html" 2>/dev/null
has "es handout" "$tmp/es.html" '<html lang="es">'
has "es handout: a range in words" "$tmp/es.html" "Mantenga de 2 a 4 segundos. Repita de 8 a 12 veces."
has "es handout: sets and their rest" "$tmp/es.html" "Haga todo eso de 2 a 3 veces (de 2 a 3 series). Descanse de 30 segundos a 1 minuto entre series."
has "es handout: the log" "$tmp/es.html" "<caption>Semana 1</caption>"
lacks "es handout" "$tmp/es.html" "How much:"
LC_ALL=C.UTF-8 LANGUAGE=de "$bin" calendar --no-lint --start 2026-01-05 --weeks 1 tests/golden/lang/programme.rt >"$tmp/de.ics" 2>/dev/null
has "de calendar" "$tmp/de.ics" "SUMMARY:Übungen (1 von 2 heute): Knee after surgery"
lacks "de calendar" "$tmp/de.ics" "SUMMARY:Exercises"
LC_ALL=C.UTF-8 LANGUAGE=de "$bin" plan --format svg "$routine" >"$tmp/de.svg" 2>/dev/null
has "de timeline picture" "$tmp/de.svg" ">Gesamt: "

# Every shipped language was played above, and translates every message.
for po in po/*.po; do
    l=$(basename "$po" .po)
    if [ -f "$tmp/$l.out" ]; then pass; else fail "po/$l.po ships a language this test does not play"; fi
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
    case $stats in
        *fuzzy*|*untranslated*) fail "po/$l.po: $stats" ;;
        *) pass ;;
    esac
done
if command -v xgettext >/dev/null 2>&1; then
    xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=LOCAL --keyword=LOCALN:1,2 -o "$tmp/now.pot" $(grep -rl '_("' src | sort) 2>/dev/null
    for po in po/*.po; do
        msgcmp "$po" "$tmp/now.pot" >"$tmp/msgcmp" 2>&1 && pass ||
            { fail "$po lacks messages of the sources (make pot; msgmerge -U $po po/routinec.pot):"; head -n 5 "$tmp/msgcmp" | sed 's/^/    /'; }
    done
fi

echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
