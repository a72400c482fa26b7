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

# Nothing routinec says stays in English: every routine shipped or used by
# the tests, played (plain lines and voice, --affected left) and printed as
# a handout in each language, line by line against English.  A line's own
# words are what is left without the therapist's texts (every quoted text
# of the routine's directory); a word of three letters or more found there
# in both is a leftover.  A few words are the same in the languages.
same='^(Enter|Position|min|routinec)$'
texts_of() { cat "$1" "$(dirname "$1")"/*.rt | grep -o '"[^"]*"' | sed 's/^"//; s/"$//' |
    awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- >"$tmp/texts"; }
leftovers() { # ENGLISH THEIRS: print "WORD: LINE" for each leftover line
    awk -v texts="$tmp/texts" -v same="$same" '
        BEGIN { while ((getline t < texts) > 0) if (t != "") T[n++] = t }
        function own(s,   i, p) {
            sub(/^\[[ 0-9:]+\] /, "", s)
            for (i = 0; i < n; i++)
                while ((p = index(s, T[i])) > 0)
                    s = substr(s, 1, p - 1) substr(s, p + length(T[i]))
            return s
        }
        NR == FNR { en[FNR] = own($0); next }
        { l = own($0); m = split(en[FNR], w, /[^A-Za-z]+/)
          for (i = 1; i <= m; i++)
              if (length(w[i]) >= 3 && w[i] !~ same && (" " l " ") ~ ("[^A-Za-z]" w[i] "[^A-Za-z]")) {
                  print w[i] ": " $0; break } }' "$1" "$2"
}
html_text() { sed -e '/<style>/,/<\/style>/d; /<svg/,/<\/svg>/d; s/<[^>]*>/ /g' -e "s/&#39;/'/g" \
    -e 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' "$1"; }
no_leftovers() { # WHAT ENGLISH THEIRS
    leftovers "$2" "$3" >"$tmp/left"
    if [ -s "$tmp/left" ]; then fail "$1: English left"; head -n 5 "$tmp/left" | sed 's/^/    /'; else pass; fi
}
play() { # NAME ROUTINE ENV...: plain lines, voice (fake espeak-ng) and events
    name=$1 rt=$2
    shift 2
    : >"$tmp/$name.said"
    env "$@" SAID="$tmp/$name.said" PATH="$tmp/bin:$PATH" "$bin" run --clock virtual --no-lint --voice \
        --affected left --events "$tmp/$name.jsonl" "$rt" >"$tmp/$name.out" 2>&1
    sed 's/^-v [a-z]* //' "$tmp/$name.said" >"$tmp/$name.voice"
    env "$@" "$bin" handout --no-lint --weeks 1 "$rt" -o "$tmp/$name.html" 2>/dev/null
    html_text "$tmp/$name.html" >"$tmp/$name.htxt"
}
for rt in routines/lowback.rt tests/golden/lang/*.rt tests/e2e/*.rt; do
    texts_of "$rt"
    play all-en "$rt" LC_ALL=C.UTF-8
    keep=$(basename "$(dirname "$rt")")-$(basename "$rt" .rt)
    cp "$tmp/all-en.jsonl" "$tmp/$keep-en.jsonl"
    for l in de es; do
        play "all-$l" "$rt" LC_ALL=C.UTF-8 LANGUAGE=$l
        no_leftovers "$rt: $l plain lines" "$tmp/all-en.out" "$tmp/all-$l.out"
        no_leftovers "$rt: $l voice" "$tmp/all-en.voice" "$tmp/all-$l.voice"
        no_leftovers "$rt: $l handout" "$tmp/all-en.htxt" "$tmp/all-$l.htxt"
        if cmp -s "$tmp/all-en.jsonl" "$tmp/all-$l.jsonl"; then pass; else fail "$rt: $l: the JSON event stream changed"; fi
        cp "$tmp/all-$l.out" "$tmp/$keep-$l.out"
        cp "$tmp/all-$l.htxt" "$tmp/$keep-$l.htxt"
    done
done

# What the compiler builds (a side's label, a self-test's end) and the rarer
# schedule wordings, composed in the patient's language; the JSON keeps them.
has "de: a side with the therapist's part" "$tmp/routines-lowback-de.out" "Wiederholung 1 von 10, knee links"
has "es: a side with the therapist's part" "$tmp/routines-lowback-es.out" "Repetición 1 de 10, knee (lado izquierdo)"
has "de: both legs" "$tmp/lang-sides-de.out" "Seite: beide Beine"
has "de: a side by its role" "$tmp/lang-sides-de.out" "Seite: operiertes Bein (links)"
has "es: a side by its role" "$tmp/lang-sides-es.out" "Lado: pierna operada (lado izquierdo)"
has "es: both at once" "$tmp/lang-sides-es.out" "Lado: ambos lados a la vez"
has "de handout: a side by its role" "$tmp/lang-sides-de.htxt" "Wiederholen Sie es 2-mal, nur operiertes Bein."
has "de: a self-test's end" "$tmp/lang-self-test-de.out" "Drücken Sie Enter, wenn you put your foot down"
has "es: a self-test's end" "$tmp/lang-self-test-es.out" "Pulse Enter cuando you need your hands to stand"
has "de handout: a self-test's end" "$tmp/lang-self-test-de.htxt" "Hören Sie auf, wenn you put your foot down"
has "es handout: a self-test's end" "$tmp/lang-self-test-es.htxt" "Pare cuando you need your hands to stand"
has "de: a range's count" "$tmp/lang-self-test-de.out" "Geschafft: 20 Wiederholungen (bis zu 20)"
has "the JSON stream keeps the compiled English" "$tmp/lang-self-test-en.jsonl" '"text":"Press Enter when you put your foot down"'
has "the JSON stream keeps the compiled English" "$tmp/lang-sides-en.jsonl" '"label":"operated leg"'
has "the JSON stream keeps the compiled English" "$tmp/routines-lowback-en.jsonl" '"label":"left knee"'
for words in "Plan: alle 2 Stunden" "Plan: stündlich" "Plan: mindestens 3-mal am Tag" "Plan: bis zu 3-mal am Tag" \
    "Plan: an den meisten Tagen" "Plan: 4 bis 5 Tage pro Woche" "Plan: 8 Wochen lang" "Plan: 30min am Tag" \
    "Plan: 6 bis 8 Wochen lang" "Plan: alle 30 Minuten" "Plan: einmal pro Woche" "Plan: täglich"; do
    has "de schedule" "$tmp/lang-frequency-de.out" "$words"
done
for words in "Pauta: cada 2 horas" "Pauta: cada hora" "Pauta: al menos 3 veces al día" "Pauta: hasta 3 veces al día" \
    "Pauta: la mayoría de los días" "Pauta: 4 a 5 días a la semana" "Pauta: durante 8 semanas" "Pauta: 30min al día"; do
    has "es schedule" "$tmp/lang-frequency-es.out" "$words"
done
has "de handout schedule" "$tmp/lang-frequency-de.htxt" "Wie oft:  Alle 30 Minuten."
has "de handout schedule" "$tmp/lang-frequency-de.htxt" "Mindestens 2-mal pro Woche."
has "es handout schedule" "$tmp/lang-frequency-es.htxt" "Al menos 2 veces a la semana"

# The questions name the keys that answer them, in every language of po/
# (tests/unit/test_keys.c against the table of keys.h), and the check sees
# a translation that gets them wrong: a question naming the English y where
# German answers j, a letter translated as a word, two answers on one
# letter.  Each planted catalogue must fail it.
keys_test=$(dirname "$bin")/tests/test_keys
[ -x "$keys_test" ] || keys_test=build/tests/test_keys
plant() { # NAME LANGUAGE SED-SCRIPT: po/ compiled, LANGUAGE's .po edited
    mkdir -p "$tmp/plant-$1"
    for po in po/*.po; do
        l=$(basename "$po" .po)
        mkdir -p "$tmp/plant-$1/$l/LC_MESSAGES"
        msgattrib --no-wrap -o "$tmp/plant-$1/$l.po" "$po"
        [ "$l" = "$2" ] && sed -i "$3" "$tmp/plant-$1/$l.po"
        msgfmt -o "$tmp/plant-$1/$l/LC_MESSAGES/routinec.mo" "$tmp/plant-$1/$l.po"
    done
    msgattrib --no-wrap -o "$tmp/plant-$1/orig.po" "po/$2.po"
    if cmp -s "$tmp/plant-$1/orig.po" "$tmp/plant-$1/$2.po"; then fail "keys, $1: the planted change did not apply"; return; fi
    if ROUTINEC_TEST_LOCALEDIR="$tmp/plant-$1" "$keys_test" >"$tmp/plant-$1.out" 2>&1; then
        fail "keys: the check misses $1"
    elif grep -q "$4" "$tmp/plant-$1.out"; then pass; else
        fail "keys, $1: failed, but not saying \"$4\""; grep ERROR "$tmp/plant-$1.out" | head -n 3 | sed 's/^/    /'; fi
}
if [ -x "$keys_test" ]; then
    "$keys_test" >"$tmp/keys.out" 2>&1 && pass || { fail "keys: $keys_test fails on po/"; grep ERROR "$tmp/keys.out" | sed 's/^/    /'; }
    plant "a German question naming y" de 's/Jetzt weitergehen? j/Jetzt weitergehen? y/' 'names the keys "yn"'
    plant "a German letter that is a word" de '/^msgctxt "answer key: yes"/,/^msgstr/ s/^msgstr "j"/msgstr "ja"/' 'not one small letter'
    plant "two Spanish answers on one letter" es '/^msgctxt "answer key: stop after a pain"/,/^msgstr/ s/^msgstr "p"/msgstr "s"/' 'are both'
else
    fail "keys: no $keys_test (make build/tests/test_keys)"
fi

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
    xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=LOCAL --keyword=LOCALN:1,2 --keyword=KEYS_LETTER:1c,2 -o "$tmp/now.pot" $(grep -rl '_("' src | sort) 2>/dev/null
    for po in po/*.po; do
        msgcmp "$po" "$tmp/now.pot" >"$tmp/msgcmp" 2>&1 && pass ||
            { fail "$po lacks messages of the sources (make pot; msgmerge -U $po po/routinec.pot):"; head -n 5 "$tmp/msgcmp" | sed 's/^/    /'; }
    done
    # A count before its noun goes through ngettext, where the noun agrees
    # with the number in every language (one with more plural forms than
    # English needs it even where English always says "times"; a range
    # agrees with its upper end): a message of _() whose number is right
    # before a plural noun ("%u times", "%u to %u sets", "%u pain stops")
    # or before the noun's %s does not.  "1.5 seconds" is not a count.
    msgattrib --no-wrap -o "$tmp/now1.pot" "$tmp/now.pot"
    n='%(<PRI[ud]32>|l*[ud])'
    awk '/^msgid_plural/ { plural = 1 }
         /^msgid "/ { if (m != "" && !plural) print m; m = $0; plural = 0 }
         END { if (m != "" && !plural) print m }' "$tmp/now1.pot" |
        grep -E "(^|[^.])$n (to $n )?([a-z]+ )?([a-z]+s\b|%s)" >"$tmp/counts"
    if [ -s "$tmp/counts" ]; then fail "a count without ngettext (its noun cannot agree):"; sed 's/^/    /' "$tmp/counts"; else pass; fi
fi

echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
