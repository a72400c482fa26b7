#!/bin/sh
# Fuzz the core: `sh tests/fuzz/run.sh [SECONDS]` (or `make fuzz FUZZ_SECONDS=N`).
#
# Builds six libFuzzer harnesses (compile, bytecode, keys, lint, journal, picture) with clang (-fsanitize=fuzzer,address,
# undefined) against the core sources -- the Makefile's CORE_SRC --
# seeds their corpora from the routines in the repository and the .rtb
# programs routinec builds from them, and runs each for SECONDS (default 60).
#
#   build/fuzz/obj/         objects and the generated parser/lexer
#   build/fuzz/bin/         the harnesses
#   build/fuzz/corpus/H/    inputs found so far (kept between runs, never committed)
#   build/fuzz/crashes/     crash-*, timeout-*, oom-*, leak-* reproducers
#   build/fuzz/logs/H.log   libFuzzer's output
#
# Exits non-zero if any harness found a crash, a leak, a sanitizer report,
# a slow unit (-timeout) or ran out of memory.  Without clang, or with clang
# but without its libFuzzer runtime, it says how to install it and fails.
#
# Environment:
#   FUZZ_TARGETS   harnesses to run (default "compile bytecode keys lint journal")
#   FUZZ_LIMITS    "full" (default) fuzzes the limits of bounds.h as shipped;
#                  "small" builds with -DRT_SMALL_LIMITS to reach them cheaply
#                  (but then the .rtb seeds, whose texts are longer than 256
#                  bytes, are refused at once)
#   FUZZ_BUILD     output directory (default build/fuzz)
#   ROUTINEC       a routinec binary to build the .rtb seeds with
#                  (default ./build/routinec, built if missing)
set -u

seconds=${1:-${FUZZ_SECONDS:-60}}
targets=${FUZZ_TARGETS:-compile bytecode keys lint journal picture}
out=${FUZZ_BUILD:-build/fuzz}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

. tests/require.sh
require clang "apt-get install -y clang libclang-rt-dev"

mkdir -p "$out/obj" "$out/bin" "$out/seeds" "$out/corpus" "$out/crashes" "$out/logs"

# ---- is libFuzzer there? ---------------------------------------------------
probe="$out/obj/probe"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$probe.c"
if ! clang -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" 2>"$probe.err"; then
    echo "fuzz: clang cannot build a libFuzzer binary:" >&2
    sed 's/^/    /' "$probe.err" >&2
    echo "fuzz: install the runtime: apt-get install -y clang libclang-rt-dev" >&2
    echo "      (libclang-rt-dev is the runtime of Debian's default clang; for another clang N," >&2
    echo "      libclang-rt-N-dev: $(clang --version | head -n 1))" >&2
    exit 1
fi

# ---- build -----------------------------------------------------------------
limits=
[ "${FUZZ_LIMITS:-full}" = small ] && limits=-DRT_SMALL_LIMITS
# Remember the limits the objects were built with: switching rebuilds them.
if [ "$(cat "$out/obj/limits" 2>/dev/null)" != "x$limits" ]; then
    rm -f "$out"/obj/*.o
    echo "x$limits" >"$out/obj/limits"
fi
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS_F="-std=c11 -O1 -g $SAN -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 $limits"
CFLAGS_F="$CFLAGS_F $(for d in src/*/; do printf -- '-I%s ' "${d%/}"; done)-I$out/obj"

# `target` is older than `source` or than anything under src/ and grammar/.
stale() {
    [ ! -e "$1" ] && return 0
    [ -n "$(find "$2" src grammar -newer "$1" 2>/dev/null | head -n 1)" ]
}

# The core sources: the Makefile's CORE_SRC, or else src/*.c less the UI.
core_sources() {
    list=$(make -s -p -n -f Makefile 2>/dev/null | sed -n 's/^CORE_SRC := //p' | head -n 1)
    if [ -n "$list" ]; then
        echo "$list"
        return
    fi
    for src in src/*/*.c; do
        case "$(basename "$src" .c)" in
            main|cli*|session*|screen*|store*|voice*|history*|progress*) ;;
            *) echo "$src" ;;
        esac
    done
}

build() {
    if stale "$out/obj/parser.c" grammar/parser.y; then
        bison -Wall -Werror --defines="$out/obj/parser.h" -o "$out/obj/parser.c" grammar/parser.y || return 1
    fi
    if stale "$out/obj/lexer.c" grammar/lexer.l; then
        flex --header-file="$out/obj/lexer.h" -o "$out/obj/lexer.c" grammar/lexer.l || return 1
    fi
    objs=
    for src in $(core_sources) "$out/obj/parser.c" "$out/obj/lexer.c"; do
        name=$(basename "$src" .c)
        obj="$out/obj/$name.o"
        objs="$objs $obj"
        stale "$obj" "$src" || continue
        case "$src" in
            src/*) warn="-Wall -Wextra -Wpedantic -Werror" ;;
            *) warn="-Wno-unused-function -Wno-sign-compare -Wno-unused-parameter" ;;
        esac
        # shellcheck disable=SC2086
        clang $CFLAGS_F $warn -fsanitize=fuzzer-no-link -c -o "$obj" "$src" || return 1
    done
    for t in $targets; do
        extra= # the picture checker lives with the handout and uses libxml2
        [ "$t" = picture ] && extra="src/handout/picture.c $(pkg-config --cflags --libs libxml-2.0)"
        # shellcheck disable=SC2086
        clang $CFLAGS_F -Wall -Wextra -Werror -fsanitize=fuzzer -o "$out/bin/fuzz_$t" \
            "tests/fuzz/fuzz_$t.c" $extra $objs || return 1
    done
}

echo "fuzz: building the harnesses in $out (limits: ${limits:-full})"
if ! build; then
    echo "fuzz: build failed" >&2
    exit 1
fi

# ---- seeds -----------------------------------------------------------------
seed_compile() {
    mkdir -p "$out/seeds/compile"
    for f in routines/*.rt $(find tests -name '*.rt' 2>/dev/null); do
        [ -f "$f" ] && cp "$f" "$out/seeds/compile/$(echo "$f" | tr '/' '_')"
    done
}

seed_bytecode() {
    mkdir -p "$out/seeds/bytecode"
    rc=${ROUTINEC:-./build/routinec}
    if [ ! -x "$rc" ]; then
        echo "fuzz: building $rc for the .rtb seeds"
        make -s routinec >/dev/null 2>&1 || true
    fi
    find tests -name '*.rtb' 2>/dev/null | while read -r f; do
        cp "$f" "$out/seeds/bytecode/$(echo "$f" | tr '/' '_')"
    done
    [ -x "$rc" ] || { echo "fuzz: no routinec: bytecode corpus starts empty" >&2; return 0; }
    for f in routines/*.rt $(find tests -name '*.rt' 2>/dev/null); do
        "$rc" build "$f" -o "$out/seeds/bytecode/$(echo "$f" | tr '/' '_')b" >/dev/null 2>&1 || true
    done
}

seed_lint() {
    seed_compile
    rm -rf "$out/seeds/lint"
    cp -r "$out/seeds/compile" "$out/seeds/lint"
}

seed_keys() {
    mkdir -p "$out/seeds/keys"
    printf '5s:pause, 8s:pause, 1m:next' >"$out/seeds/keys/script1"
    printf ' 5s:pause,8s : pause, 12000:next,1m30s:back , 2min:quit,2min:pain,3h:done' >"$out/seeds/keys/script2"
    printf '1s:done, 10s:done, 12s:pause, 13s:pause, 20s:done' >"$out/seeds/keys/script3"
    printf '99999999999999999999:quit' >"$out/seeds/keys/big"
    printf '1h30min:back,500ms:next' >"$out/seeds/keys/order"
    for w in pause next back quit pain 'done' ms s min m h sec secs mins ':' ','; do
        printf '"%s"\n' "$w"
    done >"$out/keys.dict"
}

# The picture harness starts from the shipped drawings and the refused
# pictures of the handout tests.
seed_picture() {
    mkdir -p "$out/seeds/picture"
    for f in routines/pictures/* tests/handout/pictures/*; do
        [ -f "$f" ] && cp "$f" "$out/seeds/picture/$(echo "$f" | tr '/' '_')"
    done
}

# The journal harness writes the blob of every journalled position of the
# repository's routines itself (FUZZ_JOURNAL_SEEDS: see fuzz_journal.c).
seed_journal() {
    mkdir -p "$out/seeds/journal"
    FUZZ_JOURNAL_SEEDS="$out/seeds/journal" "$out/bin/fuzz_journal" -runs=0 >/dev/null 2>&1 || true
}

# ---- run ---------------------------------------------------------------------
# The value of `stat::NAME: value` in a log, or "?".
stat_of() {
    v=$(sed -n "s/^stat::$2: *//p" "$1" | tail -n 1)
    echo "${v:-?}"
}

failed=0
for t in $targets; do
    "seed_$t"
    dict=
    case "$t" in
        compile|lint) dict="-dict=tests/fuzz/rt.dict" ;;
        keys) dict="-dict=$out/keys.dict" ;;
        picture) dict="-dict=tests/fuzz/svg.dict" ;;
    esac
    mkdir -p "$out/corpus/$t"
    log="$out/logs/$t.log"
    echo "fuzz: $t for ${seconds}s"
    # shellcheck disable=SC2086
    "$out/bin/fuzz_$t" "$out/corpus/$t" "$out/seeds/$t" $dict \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
        -print_final_stats=1 -artifact_prefix="$out/crashes/$t-" >"$log" 2>&1
    status=$?
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    printf 'fuzz: %-8s executions %s (%s/s), %s, corpus +%s, slowest unit %ss, peak rss %s MB\n' \
        "$t" "$(stat_of "$log" number_of_executed_units)" "$(stat_of "$log" average_exec_per_sec)" \
        "${cov:-cov: ?}" "$(stat_of "$log" new_units_added)" \
        "$(stat_of "$log" slowest_unit_time_sec)" "$(stat_of "$log" peak_rss_mb)"
    if [ "$status" -ne 0 ]; then
        failed=1
        echo "fuzz: $t FAILED (exit $status); see $log:" >&2
        grep -E '^==[0-9]+==|SUMMARY|runtime error|^artifact_prefix|Test unit written' "$log" |
            head -n 20 | sed 's/^/    /' >&2
    fi
done

if [ "$failed" -ne 0 ]; then
    echo "fuzz: crashes are in $out/crashes; minimise one with" >&2
    echo "      $out/bin/fuzz_HARNESS -minimize_crash=1 -runs=10000 CRASH" >&2
    exit 1
fi
echo "fuzz: no crash"
